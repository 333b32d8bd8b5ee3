"""Videos and sounds in lessons (issue 18): ``![title](media/film.mp4)`` with WebVTT captions
beside it in every language the lesson is read in, a poster and a transcript made from the
cues. ``check`` refuses a film without captions, a broken WebVTT file (at its line), a damaged
or oversized film, and one that is not a paragraph of its own; every format carries the files
under content-hash names, with the player's markup.
"""

import base64
import re
import tarfile
import zipfile
from pathlib import Path

import pytest

from bwise_mooc import av, ir, pipeline
from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.parse import av_media
from tests.conftest import COURSE_YML, FIXTURES, FRONT, MODULE_YML, MakeCourse, write_files

MEDIA = "modules/01-basics/media"
LESSON = "modules/01-basics/01-lesson.md"
FILM = b"\0\0\0\x18ftypisom" + bytes(16)  # the start of an MP4 file
SOUND = b"ID3\x04\0\0\0\0\0\0" + bytes(16)
CUES = "WEBVTT\n\n1\n00:00.000 --> 00:01.500\nHello.\n\n2\n00:01.600 --> 00:03.000\n<b>Bye</b> &amp; go.\n"
BODY = "Watch it.\n\n![A short film: hello](media/film.mp4)\n"


def errors(root: Path, language: str | None = None) -> list[str]:
    _, diagnostics = pipeline.load_course(root, language)
    return [str(item) for item in diagnostics.errors]


def course_with(make_course: MakeCourse, files: dict[str, str | bytes], body: str = BODY) -> Path:
    return make_course({f"{MEDIA}/{name}": data for name, data in files.items()}, lesson=body)


def media_blocks(root: Path) -> list[ir.Media]:
    course, diagnostics = pipeline.load_course(root)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    _, lesson = next(course.lessons())
    return [block for block in lesson.blocks if isinstance(block, ir.Media)]


def test_a_film_with_captions_is_a_media_block(make_course: MakeCourse) -> None:
    root = course_with(
        make_course, {"film.mp4": FILM, "film.en.vtt": CUES, "film.poster.png": picture()}
    )
    [block] = media_blocks(root)
    assert (block.media, block.src, block.alt, block.poster) == (
        "video",
        "media/film.mp4",
        "A short film: hello",
        "media/film.poster.png",
    )
    [caption] = block.captions
    assert (caption.language, caption.src, caption.path) == (
        "en",
        "media/film.en.vtt",
        f"{MEDIA}/film.en.vtt",
    )
    assert [(c.start, c.end, c.text) for c in caption.cues] == [
        (0.0, 1.5, "Hello."),
        (1.6, 3.0, "Bye & go."),
    ]


def test_a_sound_is_a_media_block(make_course: MakeCourse) -> None:
    body = "![The lesson, read aloud](media/talk.mp3)\n"
    root = course_with(make_course, {"talk.mp3": SOUND, "talk.en.vtt": CUES}, body)
    [block] = media_blocks(root)
    assert (block.media, block.poster, len(block.captions[0].cues)) == ("audio", "", 2)


def test_a_film_without_captions_is_an_error(make_course: MakeCourse) -> None:
    root = course_with(make_course, {"film.mp4": FILM})
    assert errors(root) == [
        f"{LESSON}:8:1: error: video 'media/film.mp4' has no captions in 'en': add "
        "media/film.en.vtt (WebVTT) [media.no-captions]"
    ]


def test_captions_are_required_in_every_language_of_the_lesson(make_course: MakeCourse) -> None:
    root = course_with(make_course, {"film.mp4": FILM, "film.en.vtt": CUES})
    (root / "course/course.yml").write_text(COURSE_YML.replace("[en]", "[en, de]"))
    assert errors(root, "en") == []
    found = [line for line in errors(root, "de") if "media." in line]
    assert found == [
        f"{LESSON}:8:1: error: video 'media/film.mp4' has no captions in 'de': add "
        "media/film.de.vtt (WebVTT) [media.no-captions]"
    ]


@pytest.mark.parametrize(
    ("captions", "expected"),
    [
        (
            "WEBVTT\n\n00:02.000 --> 00:01.000\nBackwards.\n",
            "film.en.vtt:3:1: error: captions 'film.en.vtt': this cue ends (00:01.000) before "
            "it starts (00:02.000) [media.bad-vtt]",
        ),
        (
            "WEBVTT\n\n00:02.000 --> 00:03.000\nSecond.\n\n00:00.500 --> 00:01.000\nFirst.\n",
            "film.en.vtt:6:1: error: captions 'film.en.vtt': this cue starts at 00:00.500, "
            "before the cue above it (00:02.000): put the cues in order of time [media.bad-vtt]",
        ),
        (
            "WEBVTT\n\n1\n00:01.000 -> 00:02.000\nAn arrow too short.\n",
            "film.en.vtt:3:1: error: captions 'film.en.vtt': this cue has no timing line such "
            "as '00:01.000 --> 00:04.000' [media.bad-vtt]",
        ),
        (
            "WEBVTT\n\n00:01.0 --> 00:02.000\nNo milliseconds.\n",
            "film.en.vtt:3:1: error: captions 'film.en.vtt': '00:01.0 --> 00:02.000' is not a "
            "cue timing such as '00:01.000 --> 00:04.000' [media.bad-vtt]",
        ),
        (
            "1\n00:01.000 --> 00:02.000\nNo header.\n",
            "film.en.vtt:1:1: error: captions 'film.en.vtt': a WebVTT file must start with the "
            "line 'WEBVTT' [media.bad-vtt]",
        ),
        (
            "WEBVTT\n\nNOTE only a note\n",
            "film.en.vtt:1:1: error: captions 'film.en.vtt': the file has no cues: add one for "
            "each sentence, such as '00:01.000 --> 00:04.000' [media.bad-vtt]",
        ),
        (
            "WEBVTT\n\n00:01.000 --> 00:02.000\nGr\xfc\xdfe\n".encode("latin-1"),
            "film.en.vtt:4:1: error: captions 'film.en.vtt': this line is not UTF-8 text: "
            "save the file as UTF-8 [media.bad-vtt]",
        ),
    ],
    ids=[
        "ends-first",
        "out-of-order",
        "no-timing",
        "bad-timing",
        "no-header",
        "no-cues",
        "latin-1",
    ],
)
def test_a_broken_vtt_file_is_an_error_at_its_line(
    make_course: MakeCourse, captions: str | bytes, expected: str
) -> None:
    root = course_with(make_course, {"film.mp4": FILM, "film.en.vtt": captions})
    assert errors(root) == [f"{MEDIA}/{expected}"]


def test_a_damaged_or_mislabelled_film_is_an_error(make_course: MakeCourse) -> None:
    root = course_with(make_course, {"film.mp4": b"<html>not a film</html>", "film.en.vtt": CUES})
    assert errors(root) == [
        f"{LESSON}:8:24: error: video 'media/film.mp4' is not a MP4 file: it is damaged, or "
        "its name ends with the wrong type [media.mislabelled]"
    ]


def test_a_film_over_the_size_limit_is_an_error(
    make_course: MakeCourse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(av, "MAX_BYTES", 20)
    root = course_with(make_course, {"film.mp4": FILM, "film.en.vtt": CUES})
    assert errors(root) == [
        f"{LESSON}:8:24: error: video 'media/film.mp4' is 28 bytes; the limit is 20: make it "
        "shorter or encode it at a lower bit rate [media.too-large]"
    ]


def test_a_film_inside_a_sentence_or_a_list_is_an_error(make_course: MakeCourse) -> None:
    body = "See ![A film](media/film.mp4) here.\n\n- ![A film](media/film.mp4)\n"
    root = course_with(make_course, {"film.mp4": FILM, "film.en.vtt": CUES}, body)
    message = (
        "error: video 'media/film.mp4' must be a paragraph of its own (a line with nothing "
        "else, blank lines around it), outside lists, quotes and quizzes [media.not-alone]"
    )
    assert errors(root) == [f"{LESSON}:6:15: {message}", f"{LESSON}:8:13: {message}"]


def test_a_film_without_a_title_is_an_error(make_course: MakeCourse) -> None:
    root = course_with(
        make_course, {"film.mp4": FILM, "film.en.vtt": CUES}, "![](media/film.mp4)\n"
    )
    assert errors(root) == [
        f"{LESSON}:6:5: error: video 'media/film.mp4' has no title: say what it shows "
        "[media.no-alt]"
    ]


def test_read_captions_gives_the_cues_of_the_real_film() -> None:
    path = "modules/01-my-phone-and-me/media/text-size-film.de.vtt"
    cues = av_media.read_captions(Path(path), path, None)
    assert cues is not None and len(cues) == 11
    assert cues[0].text == "Machen Sie die Schrift auf Ihrem Handy größer."


def picture() -> bytes:
    return (FIXTURES / "mini/modules/01-basics/media/pic.png").read_bytes()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("film")
    files: dict[str, str | bytes] = {
        "course/course.yml": COURSE_YML,
        "modules/01-basics/module.yml": MODULE_YML,
        LESSON: FRONT + BODY,
        f"{MEDIA}/film.mp4": FILM,
        f"{MEDIA}/film.en.vtt": CUES,
        f"{MEDIA}/film.poster.png": picture(),
    }
    write_files(root, files)
    course, diagnostics = pipeline.load_course(root)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    pipeline.export([course], root, root / "build", sorted(EXPORTERS))
    return root / "build"


FILM_NAME = av.output_name(FILM, "film.mp4")
CUES_NAME = av.output_name(CUES.encode(), "film.en.vtt")


def test_films_and_captions_get_content_hash_names() -> None:
    assert FILM_NAME.startswith("media/") and FILM_NAME.endswith(".mp4")
    assert len(FILM_NAME) == len("media/") + 20 + len(".mp4")
    assert av.output_name(FILM + b"x", "film.mp4") != FILM_NAME


def test_the_preview_shows_a_player_with_captions_and_a_transcript(built: Path) -> None:
    page = (built / "html/01-basics/01-lesson.html").read_text()
    assert '<video controls preload="metadata" playsinline poster="../media/' in page
    assert f'<source src="../{FILM_NAME}" type="video/mp4">' in page
    # the preview carries its captions (a page opened from disk loads no track file)
    found = re.search(
        r'<track kind="captions" src="data:text/vtt;base64,([^"]+)" srclang="en" '
        r'label="English" default>',
        page,
    )
    assert found, page
    vtt = base64.b64decode(found.group(1)).decode("utf-8")
    assert vtt.startswith("WEBVTT\n\n") and "Bye & go." in vtt
    assert "autoplay" not in page
    assert "<summary>Transcript</summary>" in page
    assert "<p>Bye &amp; go.</p>" in page
    assert (built / "html" / FILM_NAME).read_bytes() == FILM


def test_scorm_packages_carry_the_files_and_list_them(built: Path) -> None:
    for version in ("scorm12", "scorm2004"):
        [package] = (built / version).glob("*-basics.zip")
        with zipfile.ZipFile(package) as archive:
            assert archive.read(FILM_NAME) == FILM
            assert archive.read(CUES_NAME) == CUES.encode()
            manifest = archive.read("imsmanifest.xml").decode()
            page = archive.read("01-basics/index.html").decode()
        assert f'<file href="{FILM_NAME}"/>' in manifest
        assert f'<file href="{CUES_NAME}"/>' in manifest
        assert f'<source src="../{FILM_NAME}" type="video/mp4">' in page


def test_olx_carries_the_files_in_static_and_the_player_in_an_html_component(
    built: Path,
) -> None:
    [package] = (built / "olx").glob("*.tar.gz")
    with tarfile.open(package) as archive:
        files = {m.name.split("/", 1)[1]: m for m in archive.getmembers() if m.isfile()}
        static = {name for name in files if name.startswith("static/")}
        texts = [
            archive.extractfile(files[name]).read().decode()  # type: ignore[union-attr]
            for name in files
            if name.startswith("html/") and name.endswith(".html")
        ]
    film, captions = FILM_NAME.removeprefix("media/"), CUES_NAME.removeprefix("media/")
    assert {f"static/{film}", f"static/{captions}"} <= static
    [player] = [text for text in texts if "<video" in text]
    assert f'<source src="/static/{film}" type="video/mp4">' in player
    assert f'<track kind="captions" src="/static/{captions}" srclang="en"' in player
    assert "</source>" not in player and "</track>" not in player


def test_the_cartridge_carries_the_files_and_the_player(built: Path) -> None:
    [package] = (built / "cc").glob("*-basics.imscc")
    with zipfile.ZipFile(package) as archive:
        assert archive.read(FILM_NAME) == FILM
        manifest = archive.read("imsmanifest.xml").decode()
        page = archive.read("01-basics/01-lesson.html").decode()
    assert f'<file href="{CUES_NAME}"/>' in manifest
    assert f'<track kind="captions" src="../{CUES_NAME}"' in page


def lesson_audio_course(make_course: MakeCourse, audio: str) -> Path:
    front = FRONT.replace("outcomes: [o1]\n", f"outcomes: [o1]\naudio: {audio}\n")
    return make_course({f"{MEDIA}/read.mp3": SOUND, LESSON: front + "Some text.\n"})


def test_a_lesson_recording_is_played_by_the_read_aloud_button(
    make_course: MakeCourse, tmp_path: Path
) -> None:
    root = lesson_audio_course(make_course, "media/read.mp3")
    course, diagnostics = pipeline.load_course(root)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    _, lesson = next(course.lessons())
    assert lesson.audio == "media/read.mp3"
    assert f"{MEDIA}/read.mp3" in {asset.path for asset in lesson.assets}
    pipeline.export([course], root, tmp_path / "out", ["html"])
    page = (tmp_path / "out/html/01-basics/01-lesson.html").read_text()
    name = av.output_name(SOUND, "read.mp3")
    assert (
        f'<audio class="lesson-audio" data-lesson-audio controls preload="none" '
        f'src="../{name}" aria-label="Recording of this lesson"></audio>'
    ) in page


@pytest.mark.parametrize(
    ("audio", "expected"),
    [
        ("media/film.mp4", "error: audio 'media/film.mp4': use an MP3, M4A, Ogg or Opus file"),
        ("media/nope.mp3", "error: audio 'media/nope.mp3' not found [path.missing]"),
        ("https://example.org/a.mp3", "error: audio 'https://example.org/a.mp3' must be a file"),
    ],
)
def test_a_wrong_lesson_recording_is_an_error(
    make_course: MakeCourse, audio: str, expected: str
) -> None:
    root = lesson_audio_course(make_course, audio)
    (root / MEDIA / "film.mp4").write_bytes(FILM)
    [found] = errors(root)
    assert found.startswith(f"{LESSON}:5:8: {expected}")
