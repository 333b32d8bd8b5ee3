"""The photograph decision of a PNG is made from the decode that ``check`` does anyway (stage 1,
in worker processes too) and kept in the build cache: stage 2 never decodes the picture again,
and a later build (a new process, simulated by forgetting what this one remembers) finds the
decision even for lessons it does not parse again. A build with a cache also makes each
picture from the check's decode: stage 3 finds it made, the same bytes it would make."""

import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from PIL import Image

import bwise_mooc.images
import bwise_mooc.photo_detect
import bwise_mooc.photo_memo
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.images import ImageStore
from bwise_mooc.parse import media
from bwise_mooc.pipeline import load_course
from bwise_mooc.transforms import assets
from tests.conftest import FRONT, MakeCourse
from tests.test_photo_png import _course, _html_media, kinds

ORIENTATION = 0x0112  # the EXIF tag


def _new_process() -> None:
    """Forget what this process remembers, as a new build process would start."""
    bwise_mooc.photo_memo._STORES.clear()
    bwise_mooc.photo_memo._LEARNT.clear()
    assets._stamped_digest.cache_clear()
    media._problem.cache_clear()
    media._BY_CONTENT.clear()


def _refuse_to_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> bool:
        raise AssertionError("a PNG was decoded again")

    monkeypatch.setattr(bwise_mooc.photo_detect, "png_is_photograph", refuse)


def _edit_the_lesson(root: Path) -> None:
    lesson = root / "modules/01-basics/01-lesson.md"
    lesson.write_text(lesson.read_text("utf-8") + "\nOne more line.\n", "utf-8")


def _built_once(make_course: MakeCourse, out: Path) -> tuple[Path, dict[str, str]]:
    """The test course built once into ``out`` by a fresh process: its root and media."""
    root = _course(make_course)
    _new_process()
    first = _html_media(root, out, 1)
    assert sorted(Path(name).suffix for name in first) == [".jpg", ".png"]
    return root, first


def test_a_later_build_finds_the_photo_decision_without_decoding(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, first = _built_once(make_course, tmp_path / "out")
    stored = json.loads((tmp_path / "out/.cache/photographs.json").read_text())
    assert sorted(stored["decisions"].values()) == [False, True]

    _new_process()
    _refuse_to_decode(monkeypatch)
    _edit_the_lesson(root)
    assert _html_media(root, tmp_path / "out", 1) == first


def test_a_changed_detector_decides_again(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = _built_once(make_course, tmp_path / "out")
    _new_process()
    monkeypatch.setattr(bwise_mooc.photo_memo, "detector_version", lambda: "another detector")
    monkeypatch.setattr(bwise_mooc.photo_detect, "is_photograph", lambda image: False)
    _edit_the_lesson(root)  # else the build is skipped as unchanged
    again = _html_media(root, tmp_path / "out", 1)
    assert sorted(Path(name).suffix for name in again) == [".png", ".png"]  # not the stored one


def test_check_without_a_cache_decides_the_same_from_its_own_decode(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, built = _built_once(make_course, tmp_path / "out")
    _new_process()
    _refuse_to_decode(monkeypatch)  # stage 2 uses what the check's decode decided
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    assert sorted(Path(place).name for place in course.media.values()) == sorted(built)
    assert bwise_mooc.photo_memo.decisions(None).decided == 0


def test_decisions_made_in_worker_processes_reach_stage_2(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course(make_course)
    for number in range(2, 41):  # enough lessons for workers to pay (lesson_cache.py)...
        lesson = root / f"modules/01-basics/{number:02d}-more-{number}.md"
        shown = f"![Photo {number}.](media/photo-{number}.png)\n"  # ...each its own photo
        lesson.write_text(FRONT.replace("title: ", f"title: {number} ", 1) + shown, "utf-8")
        photo = kinds.photo_png(f"p{number}", (320, 240))
        (root / f"modules/01-basics/media/photo-{number}.png").write_bytes(photo)
    _new_process()
    one = _html_media(root, tmp_path / "one", 1)
    _new_process()
    _refuse_to_decode(monkeypatch)  # forked workers check the lessons; the build names
    two = _html_media(root, tmp_path / "two", 2)
    assert one == two
    assert sorted(Path(name).suffix for name in two) == [".jpg"] * 40 + [".png"]


def test_a_later_build_names_pictures_from_the_cache_without_reading_them(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, first = _built_once(make_course, tmp_path / "out")
    bwise_mooc.photo_memo._STORES.clear()  # a new process, but for the checks of pictures...
    assets._stamped_digest.cache_clear()  # ...(remembered, as the lesson cache would have them)
    read = Path.read_bytes

    def refuse_pictures(path: Path) -> bytes:
        assert root / "modules" not in path.parents, f"{path} was read again"
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_pictures)
    _edit_the_lesson(root)
    assert _html_media(root, tmp_path / "out", 1) == first


def _made_by_stage_3(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pictures each build's stage 3 (``ImageStore.prepare``) had to make."""
    made: list[int] = []
    prepare = ImageStore.prepare

    def counting(store: ImageStore, images: Iterable[tuple[Path, str]], jobs: int) -> int:
        made.append(prepare(store, images, jobs))
        return made[-1]

    monkeypatch.setattr(ImageStore, "prepare", counting)
    return made


def _media_without_cache(root: Path, out: Path) -> dict[str, str]:
    """The html build's media, every picture made by stage 3 (no cache: the check makes none)."""
    _new_process()
    build = Build(BuildRequest(root, ["html"], out=out, use_cache=False))
    assert not build.read().errors
    build.write()
    return {path.name: digest(path) for path in sorted(out.rglob("media/*"))}


def _phone_jpeg(seed: str, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    kinds.photo_pixels(seed, (640, 480)).save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("lossless", [False, True])
def test_the_check_makes_each_picture_it_decodes_and_stage_3_makes_none(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lossless: bool
) -> None:
    kept = "images:\n  lossless: [modules/01-basics/media/workshop.png]\n" if lossless else ""
    root = _course(make_course, kept)
    expected = _media_without_cache(root, tmp_path / "plain")
    made = _made_by_stage_3(monkeypatch)
    _new_process()
    assert _html_media(root, tmp_path / "out", 1) == expected  # the same bytes
    assert made == [0]
    suffixes = sorted(Path(name).suffix for name in expected)
    assert suffixes == ([".png", ".png"] if lossless else [".jpg", ".png"])


def test_pictures_checked_in_worker_processes_are_made_there(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course(make_course)
    for number in range(2, 41):  # enough lessons for workers to pay (lesson_cache.py)
        lesson = root / f"modules/01-basics/{number:02d}-more-{number}.md"
        shown = f"![Photo {number}.](media/photo-{number}.jpg)\n"  # each its own phone photo
        lesson.write_text(FRONT.replace("title: ", f"title: {number} ", 1) + shown, "utf-8")
        photo = _phone_jpeg(f"j{number}", number % 8 + 1)  # every EXIF orientation
        (root / f"modules/01-basics/media/photo-{number}.jpg").write_bytes(photo)
    expected = _media_without_cache(root, tmp_path / "plain")
    made = _made_by_stage_3(monkeypatch)
    _new_process()
    assert _html_media(root, tmp_path / "two", 2) == expected
    assert made == [0]


def test_a_picture_the_check_cannot_make_is_made_by_stage_3(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course(make_course)
    expected = _media_without_cache(root, tmp_path / "plain")
    made = _made_by_stage_3(monkeypatch)
    encode = bwise_mooc.images.encode
    calls: list[str] = []

    def failing_once(*args: object, **kwargs: object) -> bytes:
        calls.append("encode")
        if len(calls) == 1:  # the check's first picture: as a damaged file would fail
            raise OSError("cannot encode")
        return encode(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bwise_mooc.images, "encode", failing_once)
    _new_process()
    assert _html_media(root, tmp_path / "out", 1) == expected
    assert made == [1]
