"""Stage 1 helper: videos and sounds in lessons, their captions and their posters.

A paragraph that holds only ``![what it shows](media/film.mp4)`` (MP4 or WebM; MP3, M4A, Ogg
or Opus for a sound) is a media block (``ir.Media``). While a lesson is parsed, the file is
checked (``check_media_file``: its size, within ``av.MAX_BYTES``, and that its first bytes are
those of its type). A lesson is parsed once for every language, so its captions are found when
a language of the course is read (``attach_captions``), by their names beside the file:
``media/film.<lang>.vtt`` for each language (the source language's too), and the picture
shown before the film plays, ``media/film.poster.png`` (any picture ending; optional). The
captions of the language read are required (``media.no-captions``); each WebVTT file is read
with webvtt-py and checked line by line (``read_captions``: UTF-8, the ``WEBVTT`` line, each
cue's timing, its end after its start, cues in order of time), and a fault is reported at its
line (``media.bad-vtt``). The transcript under the player is made from the cues, so it always
says what the captions say.
"""

import html
import io
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

import webvtt

from bwise_mooc import av
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import IMAGE_SUFFIXES
from bwise_mooc.ir import Asset, Caption, Cue, Lesson, Media, Module, SourceSpan
from bwise_mooc.parse.files import Sources
from bwise_mooc.parse.media import check_image

# The first bytes of each kind of file: (offset, bytes) that must be there
SIGNATURES: dict[str, tuple[tuple[int, bytes], ...]] = {
    ".mp4": ((4, b"ftyp"),),
    ".m4v": ((4, b"ftyp"),),
    ".m4a": ((4, b"ftyp"),),
    ".webm": ((0, b"\x1a\x45\xdf\xa3"),),
    ".ogg": ((0, b"OggS"),),
    ".oga": ((0, b"OggS"),),
    ".opus": ((0, b"OggS"),),
    ".mp3": ((0, b"ID3"), (0, b"\xff\xfb"), (0, b"\xff\xf3"), (0, b"\xff\xf2"), (0, b"\xff\xfa")),
}
TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING = re.compile(rf"^{TIME}[ \t]+-->[ \t]+{TIME}(?:[ \t].*)?$")
TAG = re.compile(r"<[^>]*>")
NOT_CUES = ("NOTE", "STYLE", "REGION")
EXAMPLE = "00:01.000 --> 00:04.000"


def check_media_file(file: Path, name: str, where: SourceSpan, diagnostics: Diagnostics) -> bool:
    """Report what is wrong with the video or sound ``file`` (shown to authors as ``name``)."""
    kind = "video" if av.kind_of(name) == "video" else "sound"
    size = file.stat().st_size
    if size > av.MAX_BYTES:
        diagnostics.error(
            where,
            "media.too-large",
            f"{kind} '{name}' is {size:,} bytes; the limit is {av.MAX_BYTES:,}: make it "
            "shorter or encode it at a lower bit rate",
        )
        return False
    with file.open("rb") as opened:
        head = opened.read(16)
    signatures = SIGNATURES.get(av.suffix(name), ())
    if not any(head[at : at + len(magic)] == magic for at, magic in signatures):
        diagnostics.error(
            where,
            "media.mislabelled",
            f"{kind} '{name}' is not a {av.suffix(name)[1:].upper()} file: it is damaged, "
            "or its name ends with the wrong type",
        )
        return False
    return True


def read_captions(file: Path, path: str, diagnostics: Diagnostics | None) -> tuple[Cue, ...] | None:
    """The cues of the WebVTT file ``file`` (``path`` from the course root), or None when it
    is broken (reported in ``diagnostics``, if given)."""
    found = Diagnostics()
    cues = _cues(file, path, found)
    if diagnostics is not None:
        diagnostics.extend(found)
    return None if found.errors else cues


def _cues(file: Path, path: str, diagnostics: Diagnostics) -> tuple[Cue, ...]:
    name = path.rpartition("/")[2]

    def bad(line: int, message: str) -> None:
        diagnostics.error(
            SourceSpan(path=path, line=line), "media.bad-vtt", f"captions '{name}': {message}"
        )

    data = file.read_bytes()
    if len(data) > av.MAX_CAPTION_BYTES:
        bad(1, f"the file is {len(data):,} bytes; the limit is {av.MAX_CAPTION_BYTES:,}")
        return ()
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad(line, "this line is not UTF-8 text: save the file as UTF-8")
        return ()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"WEBVTT(?:[ \t].*)?$", lines[0]):
        bad(1, "a WebVTT file must start with the line 'WEBVTT'")
        return ()
    cues: list[tuple[int, float, float, str]] = []
    for start, block in _blocks(lines):
        if block[0].startswith(NOT_CUES) or start == 1:
            continue
        at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
        if at is None:
            bad(start, f"this cue has no timing line such as '{EXAMPLE}'")
            continue
        timing = TIMING.match(block[at].strip())
        if timing is None:
            bad(start + at, f"'{block[at].strip()}' is not a cue timing such as '{EXAMPLE}'")
            continue
        begin, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:])
        if end <= begin:
            bad(start + at, f"this cue ends ({_shown(end)}) before it starts ({_shown(begin)})")
            continue
        if cues and begin < cues[-1][1]:
            bad(
                start + at,
                f"this cue starts at {_shown(begin)}, before the cue above it "
                f"({_shown(cues[-1][1])}): put the cues in order of time",
            )
            continue
        words = html.unescape(TAG.sub("", "\n".join(block[at + 1 :]))).strip()
        cues.append((start + at, begin, end, words))
    if diagnostics.errors:
        return ()
    if not cues:
        bad(1, f"the file has no cues: add one for each sentence, such as '{EXAMPLE}'")
        return ()
    try:
        parsed = webvtt.from_buffer(io.StringIO(text)).captions
    except webvtt.errors.MalformedFileError as exc:
        bad(1, f"webvtt-py cannot read it ({exc})")
        return ()
    if len(parsed) != len(cues):
        bad(1, f"webvtt-py reads {len(parsed)} cues, not {len(cues)}: check each cue's lines")
        return ()
    return tuple(Cue(start=b, end=e, text=words) for _, b, e, words in cues)


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """The blocks of a WebVTT file (separated by blank lines), with the line each starts at."""
    block: list[str] = []
    start = 1
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _seconds(parts: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, millis = parts
    return (
        int(hours or 0) * 3600
        + int(minutes or 0) * 60
        + int(seconds or 0)
        + int(millis or 0) / 1000
    )


def _shown(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


def attach_captions(
    root: Path,
    sources: Sources,
    modules: list[Module],
    language: str,
    languages: tuple[str, ...],
    diagnostics: Diagnostics,
) -> list[Module]:
    """``modules`` with the captions and poster of every media block found for ``language``
    (its own captions first, then those of the course's other ``languages``), the files added
    to their lessons' assets; a media block without captions in ``language`` is an error."""
    order = (language, *(other for other in languages if other != language))
    return [
        module.model_copy(
            update={
                "lessons": tuple(
                    _lesson(root, sources, lesson, order, diagnostics) for lesson in module.lessons
                )
            }
        )
        for module in modules
    ]


def _lesson(
    root: Path, sources: Sources, lesson: Lesson, order: tuple[str, ...], diagnostics: Diagnostics
) -> Lesson:
    if not any(isinstance(block, Media) for block in lesson.blocks):
        return lesson
    assets = list(lesson.assets)
    blocks = tuple(
        _media(root, sources, lesson, block, order, assets, diagnostics)
        if isinstance(block, Media)
        else block
        for block in lesson.blocks
    )
    return lesson.model_copy(update={"blocks": blocks, "assets": tuple(assets)})


def _media(
    root: Path,
    sources: Sources,
    lesson: Lesson,
    block: Media,
    order: tuple[str, ...],
    assets: list[Asset],
    diagnostics: Diagnostics,
) -> Media:
    """The media block with its captions and poster; their files appended to ``assets``."""
    folder = posixpath.dirname(lesson.path)
    written = block.src.split("?")[0].split("#")[0]
    stem = posixpath.splitext(written)[0]
    full_stem = posixpath.normpath(posixpath.join(folder, stem))
    captions = []
    for language in order:
        path = f"{full_stem}.{language}{av.CAPTIONS}"
        if not sources.is_file(path):
            if language == order[0]:
                diagnostics.error(
                    block.source,
                    "media.no-captions",
                    f"{block.media} '{written}' has no captions in '{language}': add "
                    f"{stem}.{language}{av.CAPTIONS} (WebVTT)",
                )
            continue
        # a broken file is reported when its own language is read
        cues = read_captions(root / path, path, diagnostics if language == order[0] else None)
        if cues is None:
            continue
        src = f"{stem}.{language}{av.CAPTIONS}"
        captions.append(Caption(language=language, src=src, path=path, cues=cues))
        assets.append(Asset(path=path, source=block.source))
    poster = ""
    for suffix in sorted(IMAGE_SUFFIXES):
        path = f"{full_stem}.poster{suffix}"
        if block.media == "video" and sources.is_file(path):
            name = path.rpartition("/")[2]
            if check_image(root / path, name, SourceSpan(path=path), diagnostics):
                poster = f"{stem}.poster{suffix}"
                assets.append(Asset(path=path, alt=block.alt, source=block.source))
            break
    return block.model_copy(update={"captions": tuple(captions), "poster": poster})
