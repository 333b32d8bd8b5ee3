"""Stage 1 helper: is an image file safe and sound to ship?

Every referenced image is opened with Pillow, its structure verified, and decoded as the build
will decode it (``images.decode``; a JPEG at 1/8 scale, which reads all of its data but makes
few pixels), then every further frame of an animation, so a picture that passes ``check`` does
not crash the build: unknown or mislabelled formats, damaged files, oversized files,
decompression bombs and overlong animations are reported. An SVG must keep to the static drawing vocabulary
(``svg_safety.check_svg``): no script, event handlers, DOCTYPE or files loaded from elsewhere.

A picture is checked once per process, however many lessons show it and however many copies of
it the modules hold (authors copy a logo or a screenshot into each module's folder): what was
found is remembered by the file's content (its SHA-256 and its name's suffix), and for each file
with its size, time and inode, so a changed file is read and checked again. Decoding is most of
the time of reading a course with many photographs.

A photograph or graphic is decoded once in a build: the build's lesson parser gives the check
its image store (``pictures_made_into``), and a picture the check decoded, found sound and
decided on (``photo_memo``) is made there at once (``ImageStore.keep_decoded``), so that
stage 3 finds it made. The check then decodes a JPEG at the scale the pipeline uses, not 1/8.
"""

import hashlib
import io
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from PIL import Image

from bwise_mooc import photo_detect, photo_memo
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import DECODE_ERRORS, JPEG_FORMATS, ImageStore, decode, keeps_lossless
from bwise_mooc.ir import SourceSpan
from bwise_mooc.svg_safety import SvgError, check_svg

MAX_BYTES = 20_000_000
MAX_PIXELS = 40_000_000  # about 7,700 x 5,200: more than any phone photo needs
MAX_FRAMES = 1_000
MAX_ANIMATION_PIXELS = 250_000_000  # frames x width x height: 250 frames of 1000 x 1000
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
DAMAGED = "cannot be read: it is damaged or not an image"
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type: grey, RGB, palette, grey+A, RGBA
# The seven passes of an interlaced PNG: first column, first row, steps across and down.
ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)

Problem = tuple[str, str]  # a diagnostic code and what follows "image 'name' "
CHECKS_REMEMBERED = 8192  # files whose check is remembered (a long-running preview server)
# Where a checked picture is made at once, and the course root its paths are relative to.
_MADE_INTO: tuple[ImageStore, Path] | None = None


@contextmanager
def pictures_made_into(store: ImageStore | None, root: Path) -> Iterator[None]:
    """While it lasts, a picture of the course in ``root`` that the check decodes is made
    in ``store`` too (none: only checked)."""
    global _MADE_INTO
    before, _MADE_INTO = _MADE_INTO, (store, root) if store is not None else None
    try:
        yield
    finally:
        _MADE_INTO = before


def check_image(file: Path, name: str, where: SourceSpan, diagnostics: Diagnostics) -> bool:
    """Report what is wrong with the image ``file`` (shown to authors as ``name``)."""
    stat, suffix = file.stat(), file.suffix.lower()
    size = stat.st_size
    if size > MAX_BYTES:
        problem: Problem | None = (
            "media.too-large",
            f"is {size:,} bytes; the limit is {MAX_BYTES:,}",
        )
    elif suffix in FORMATS or suffix == ".svg":
        problem = _problem(file, (stat.st_size, stat.st_mtime_ns, stat.st_ino))
    else:
        diagnostics.error(where, "media.format", f"image '{name}': use PNG, JPEG, GIF, WebP or SVG")
        return False
    if problem is None:
        return True
    code, message = problem
    diagnostics.error(where, code, f"image '{name}' {message}")
    return False


@lru_cache(maxsize=CHECKS_REMEMBERED)
def _problem(file: Path, stamp: tuple[int, int, int]) -> Problem | None:
    """What is wrong with the SVG or bitmap ``file``; ``stamp`` (its size, time and inode) is
    part of the key, so a changed file is checked again."""
    data = file.read_bytes()
    return _content_problem(hashlib.sha256(data).digest(), file.suffix, data, file)


_BY_CONTENT: dict[tuple[bytes, str], Problem | None] = {}  # (SHA-256, suffix) -> what was found


def _content_problem(
    digest: bytes, suffix: str, data: bytes, file: Path | None = None
) -> Problem | None:
    """What is wrong with ``data``, a file with this ``suffix``: found once per content. The
    first ``file`` found with it is made while it is decoded (``pictures_made_into``)."""
    key = (digest, suffix)
    if key not in _BY_CONTENT:
        if len(_BY_CONTENT) >= CHECKS_REMEMBERED:  # a long-running preview server
            _BY_CONTENT.clear()
        lowered = suffix.lower()
        _BY_CONTENT[key] = (
            _svg_problem(data)
            if lowered == ".svg"
            else _bitmap_problem(data, digest, FORMATS[lowered], suffix, _maker(file))
        )
    return _BY_CONTENT[key]


def _svg_problem(data: bytes) -> Problem | None:
    try:
        reason = check_svg(data)
    except SvgError as exc:
        return "media.corrupt", f"is not valid SVG: {exc}"
    return ("media.unsafe-svg", reason) if reason else None


def _maker(file: Path | None) -> tuple[ImageStore, bool] | None:
    """The store that the picture ``file`` is made into while it is checked, and whether it
    is kept lossless; None when it is only checked."""
    if _MADE_INTO is None or file is None:
        return None
    store, root = _MADE_INTO
    try:
        path = file.relative_to(root).as_posix()
    except ValueError:
        return None
    return store, keeps_lossless(path, store.settings)


def _bitmap_problem(
    data: bytes,
    digest: bytes,
    expected: str,
    suffix: str,
    maker: tuple[ImageStore, bool] | None = None,
) -> Problem | None:
    """What is wrong with the bitmap ``data`` (of SHA-256 ``digest``) of a file whose ``suffix``
    says ``expected``; a sound picture is made into the ``maker``'s store."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found, (width, height) = image.format, image.size
                if found != expected and not {found, expected} <= JPEG_FORMATS:
                    return "media.mislabelled", f"is a {found} file with a {suffix} name"
                if width * height > MAX_PIXELS:
                    return _too_many_pixels(width, height)
                image.verify()  # the file's structure and checksums
            longest = maker[0].settings.max_size if maker else 1  # 1: a JPEG at 1/8 scale
            with Image.open(io.BytesIO(data)) as image:
                drawn = found == "PNG" and _last_row_drawn(image, data)
                decoded = decode(image, longest)  # as the build does: all of a JPEG's data
                photograph = found == "PNG" and photo_detect.is_photograph(decoded)
                # opened again: a draft JPEG cannot go to its next picture (MPO)
                with Image.open(io.BytesIO(data)) as frames:
                    problem = _frames_problem(frames)
                if problem is None and found == "PNG":
                    problem = None if drawn else _png_data_problem(data)
                    if problem is None:  # stage 2 needs the decision: made from this decode
                        photograph = photo_detect.worth_decoding(data) and photograph
                        photo_memo.learn(digest.hex(), photograph)
                if problem is None and maker is not None:
                    store, lossless = maker
                    store.keep_decoded(decoded, data, digest.hex(), suffix, lossless)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "media.bomb", "unpacks to far too many pixels"
    except DECODE_ERRORS:
        return "media.corrupt", DAMAGED
    return problem


def _too_many_pixels(width: int, height: int) -> Problem:
    return "media.too-many-pixels", f"is {width} x {height} pixels; make it smaller"


def _frames_problem(image: Image.Image) -> Problem | None:
    """Decode every frame after the first, within the limits on frames and on their pixels."""
    frames, pixels = 1, image.width * image.height
    while True:
        try:
            image.seek(frames)
        except EOFError:  # no more frames
            return None
        except DECODE_ERRORS:
            return "media.corrupt", f"cannot be read: frame {frames + 1} is damaged"
        frames += 1
        width, height = image.size
        pixels += width * height
        if frames > MAX_FRAMES:
            return (
                "media.too-many-frames",
                f"has more than {MAX_FRAMES:,} frames; make the animation shorter",
            )
        if width * height > MAX_PIXELS:
            return _too_many_pixels(width, height)
        if pixels > MAX_ANIMATION_PIXELS:
            return (
                "media.animation-too-large",
                f"has more than {MAX_ANIMATION_PIXELS:,} pixels in its frames (frames x width "
                "x height); make the animation shorter or smaller",
            )
        try:
            image.load()
        except DECODE_ERRORS:
            return "media.corrupt", f"cannot be read: frame {frames} is damaged"


def _last_row_drawn(image: Image.Image, data: bytes) -> bool:
    """Whether the PNG ``image`` (file ``data``), decoded now as stored, has pixels in the
    row its data ends with: then no data is missing. Pillow starts from a picture of zero
    bytes and fills it row by row; the last data is the last row, or in an interlaced PNG
    the last odd row (the seventh pass). A row of zeros (black, or missing) says nothing: then
    the data is counted (``_png_data_problem``)."""
    image.load()
    width, height = image.size
    row = height - 1
    if data[28]:  # interlaced (Adam7)
        row = height - 1 if height % 2 == 0 else height - 2
    if row < 0 or (data[28] and height < 2):
        return False
    return any(image.crop((0, row, width, row + 1)).tobytes())


def _png_data_problem(data: bytes) -> Problem | None:
    """Pillow fills the rows of a PNG whose pixel data ends early with black; browsers show
    half a picture. Count the data (without keeping it) against the size the header gives."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    bits = depth * PNG_CHANNELS[colour]
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    needed = sum(
        rows * (1 + (columns * bits + 7) // 8)
        for x, y, dx, dy in passes
        if (columns := (width - x + dx - 1) // dx) > 0 and (rows := (height - y + dy - 1) // dy) > 0
    )
    inflater, found = zlib.decompressobj(), 0
    for chunk in _png_chunks(data, b"IDAT"):
        while chunk and found < needed:
            found += len(inflater.decompress(chunk, 1 << 20))
            chunk = inflater.unconsumed_tail
    if found >= needed:
        return None
    return "media.corrupt", (
        f"cannot be read: it holds less pixel data than its {width} x {height} size needs"
    )


def _png_chunks(data: bytes, kind: bytes) -> Iterator[bytes]:
    position = 8
    while position + 8 <= len(data):
        length, found = struct.unpack(">I4s", data[position : position + 8])
        if found == kind:
            yield data[position + 8 : position + 8 + length]
        position += 12 + length
