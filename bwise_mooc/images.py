"""The image pipeline: every image a course uses, made fit for learners on weak networks.

Stage 2 names each image (``name_of``, called by ``transforms/assets.py`` with the file's
SHA-256; ``output_name`` from its bytes): the name is a hash of that digest and of the settings
(``config.ImageSettings``) with the output format as its suffix, so one picture used twice has
one name. The format is known from the source's suffix, except for a PNG: a photograph saved
as PNG (``photo_detect``: decided from the decode ``check`` makes, kept in the build cache by
``photo_memo``) becomes a photo, unless the author keeps it lossless (``images.lossless`` in
course.yml). Stage 3 encodes to the format the name's suffix says.
Stage 3 produces its bytes (``optimise``): decoded once, turned upright (EXIF orientation),
converted to sRGB, shrunk to ``max_size`` pixels on the long side, stripped of all metadata
(EXIF, GPS positions, camera, comments, colour profiles) and re-encoded: photographs (JPEG and
WebP sources, and PNG photographs) as JPEG or WebP at ``quality``, graphics (other PNGs) as
PNG (zlib level 6: measured by ``scripts/png_encoders.py``, 3x faster than ``optimize=True``
for 1% more bytes), with a palette when that loses nothing. SVG is rebuilt from its safe parts only
(``svg_safety.sanitise_svg``: already checked, this is defence in depth); GIF (may be animated)
is copied as it is. Results are cached on disk by name (``ImageStore``).

Stage 1 (``parse/media.py``) decodes every image as ``decode`` does here, so a picture that
passed ``check`` decodes in the build. In a build with a cache it also makes the picture from
that decode (``ImageStore.keep_decoded``: the same ``encode``, so the same bytes), and stage 3
finds it made: a picture is decoded once. If one still cannot be made (a file changed in
between, a Pillow difference), ``optimise`` raises ``ImageError`` naming the file, never a
Pillow error.
"""

import hashlib
import io
import struct
import zlib
from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from bwise_mooc.atomic import write_atomically
from bwise_mooc.config import ImageSettings
from bwise_mooc.photo_memo import PhotographDecisions, decisions
from bwise_mooc.svg_safety import sanitise_svg
from bwise_mooc.workers import run_all

# Part of every output name: change it when optimise() would give other bytes for the same
# input, so that no stale image comes back from the cache. When only one kind of image changes,
# bump that kind in KIND_VERSIONS instead: the other images keep their names and cached files.
PIPELINE_VERSION = "2"
KIND_VERSIONS = {
    ".svg": "+svg1",  # svg1: sanitised (svg_safety), no longer copied as it is
    ".png": "+png1",  # png1: photographs become photos; graphics at zlib level 6, not optimize
}
PNG_LEVEL = 6
PHOTO_SOURCES = frozenset({".jpg", ".jpeg", ".webp"})
GRAPHIC_SOURCES = frozenset({".png"})
SANITISED = frozenset({".svg"})
AS_IS = frozenset({".gif"})
IMAGE_SUFFIXES = PHOTO_SOURCES | GRAPHIC_SOURCES | SANITISED | AS_IS
JPEG_FORMATS = frozenset({"JPEG", "MPO"})  # MPO: a JPEG with more pictures (phone cameras)
# What Pillow raises for a damaged file (ValueError includes svg_safety.SvgError).
DECODE_ERRORS = (
    *(OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError),
    *(struct.error, zlib.error, Image.DecompressionBombError),
)


class ImageError(Exception):
    """An image the build cannot make, and why (``check`` should have refused it first)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(source, reason)  # as they are, so that it crosses worker processes
        self.source = source
        self.reason = reason

    def __str__(self) -> str:
        return f"image '{self.source}' cannot be prepared: {self.reason}"


IMAGE_SECONDS = 0.3  # optimising one picture of a lesson (a phone photo: 0.2-1 s)
MEDIA_FOLDER = "media"  # every image of a package sits here, flat, under its hashed name


def is_image(path: str) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def output_suffix(suffix: str, settings: ImageSettings, photograph: bool = False) -> str:
    """The suffix of the image as learners get it; ``photograph``: a PNG source is a photo."""
    suffix = suffix.lower()
    if suffix in PHOTO_SOURCES or (photograph and suffix in GRAPHIC_SOURCES):
        return ".jpg" if settings.photo_format == "jpeg" else ".webp"
    return suffix


def output_name(
    data: bytes,
    suffix: str,
    settings: ImageSettings,
    lossless: bool = False,
    photographs: PhotographDecisions | None = None,
) -> str:
    """``media/<hash>.<ext>``: the same picture and settings always give the same name; a PNG
    photograph ends in the photo format's suffix unless kept ``lossless`` (``keeps_lossless``).
    The list of lossless paths is not hashed: the suffix carries its one effect. The decision
    is looked up in ``photographs`` (default: the process's memory), made there if new."""
    digest = hashlib.sha256(data).hexdigest()
    return name_of(digest, suffix, settings, lossless, photographs, lambda: data)


def name_of(
    digest: str,
    suffix: str,
    settings: ImageSettings,
    lossless: bool,
    photographs: PhotographDecisions | None,
    data: Callable[[], bytes],
) -> str:
    """``output_name`` of the file whose SHA-256 is ``digest``: its bytes (``data()``) are read
    only for a PNG whose photograph decision is not known yet."""
    version = PIPELINE_VERSION + KIND_VERSIONS.get(suffix.lower(), "")
    key = f"{version}|{settings.model_dump_json(exclude={'lossless'})}|{digest}"
    photograph = (
        not lossless
        and suffix.lower() in GRAPHIC_SOURCES
        and (photographs or decisions(None)).decision(digest, data)
    )
    name = hashlib.sha256(key.encode()).hexdigest()[:20]
    return f"{MEDIA_FOLDER}/{name}{output_suffix(suffix, settings, photograph)}"


def keeps_lossless(path: str, settings: ImageSettings) -> bool:
    """Whether the course file ``path`` (relative to the course root) matches one of
    ``images.lossless``: ``*`` and ``?`` stay within a folder, ``**`` is any folders."""
    parts = path.split("/")
    return any(_glob_match(parts, pattern.strip("/").split("/")) for pattern in settings.lossless)


def _glob_match(parts: list[str], patterns: list[str]) -> bool:
    if not patterns:
        return not parts
    if patterns[0] == "**":
        return any(_glob_match(parts[start:], patterns[1:]) for start in range(len(parts) + 1))
    return (
        bool(parts) and fnmatchcase(parts[0], patterns[0]) and _glob_match(parts[1:], patterns[1:])
    )


def optimise(
    data: bytes, suffix: str, settings: ImageSettings, source: str = "", output: str = ""
) -> bytes:
    """The image's bytes as learners get them (see the module docstring), in the format of the
    ``output`` suffix (its output name's; by default the one ``output_name`` gives when not
    kept lossless); ``ImageError`` (about ``source``) when they cannot be made."""
    suffix = suffix.lower()
    try:
        if suffix in AS_IS:
            return data
        if suffix in SANITISED:
            return sanitise_svg(data)
        target = output or output_suffix(
            suffix, settings, suffix in GRAPHIC_SOURCES and decisions(None).is_photograph(data)
        )
        return _optimise_bitmap(data, suffix, settings, target)
    except DECODE_ERRORS as exc:
        raise ImageError(source or "(bytes)", str(exc) or type(exc).__name__) from exc


def decode(image: Image.Image, longest: int) -> Image.Image:
    """The first picture of the just opened ``image``, decoded and turned upright (EXIF
    orientation) in place: use it before the file is closed; a JPEG at the smallest scale whose
    long side is still >= ``longest`` (fast)."""
    if image.format in JPEG_FORMATS:
        scale = longest / max(image.size)
        if scale < 1:
            width, height = (max(1, round(side * scale)) for side in image.size)
            image.draft("RGB", (width, height))
    image.load()
    ImageOps.exif_transpose(image, in_place=True)  # no copy of an upright picture
    return image


def _optimise_bitmap(data: bytes, suffix: str, settings: ImageSettings, target: str) -> bytes:
    with Image.open(io.BytesIO(data)) as opened:
        return encode(decode(opened, settings.max_size), suffix, settings, target)


def encode(image: Image.Image, suffix: str, settings: ImageSettings, target: str) -> bytes:
    """The ``decode``d picture of a file with this ``suffix`` as learners get it, in the format
    of the ``target`` suffix (the rest of the module docstring's stage 3); ``image`` is spent."""
    image = _to_srgb(image)
    if max(image.size) > settings.max_size:
        if image.mode == "P":
            image = image.convert("RGBA")
        image.thumbnail((settings.max_size, settings.max_size), Image.Resampling.LANCZOS)
    image.info = {}  # Pillow writes some of it back (a JPEG comment, for one): keep nothing
    out = io.BytesIO()
    if suffix in GRAPHIC_SOURCES and target != ".png":
        image = image.convert("RGB")  # a photograph: its alpha, if any, is almost opaque
    if target == ".webp":
        image = image if image.mode in {"RGB", "RGBA"} else image.convert("RGBA")
        image.save(out, "WEBP", quality=settings.quality, method=4)
    elif target == ".jpg":
        image.convert("RGB").save(
            out, "JPEG", quality=settings.quality, optimize=True, progressive=True
        )
    else:
        _palette_if_lossless(image).save(out, "PNG", compress_level=PNG_LEVEL)
    return out.getvalue()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB, so that dropping the colour profile changes nothing visible."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError):
        return image
    return converted if converted is not None else image


def _palette_if_lossless(image: Image.Image) -> Image.Image:
    """A palette image when the picture has at most 256 colours and nothing is lost."""
    if image.mode != "RGB" or image.getcolors(256) is None:
        return image
    paletted = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)
    return paletted if paletted.convert("RGB").tobytes() == image.tobytes() else image


def _optimise_file(job: tuple[str, str, ImageSettings]) -> tuple[str, bytes]:
    source, name, settings = job
    data = Path(source).read_bytes()
    return name, optimise(data, Path(source).suffix, settings, source, Path(name).suffix)


class ImageStore:
    """Optimised images by output name, made once: on disk in ``cache`` when there is one."""

    def __init__(self, settings: ImageSettings, cache: Path | None = None) -> None:
        self.settings = settings
        self.folder = cache / "images" if cache else None
        self._memory: dict[str, bytes] = {}

    def _path(self, name: str) -> Path | None:
        return self.folder / Path(name).name if self.folder else None

    def path_of(self, name: str) -> Path:
        """Where the optimised image named ``name`` is kept (a store with a folder only)."""
        path = self._path(name)
        assert path is not None, "an image store in memory keeps no files"
        return path

    def has(self, name: str) -> bool:
        path = self._path(name)
        return name in self._memory or (path is not None and path.is_file())

    def get(self, source: Path, name: str) -> bytes | Path:
        """The optimised ``source`` (whose output name is ``name``), made if needed: its file in
        the cache, or its bytes when there is no cache."""
        if not self.has(name):
            self._put(*_optimise_file((str(source), name, self.settings)))
        return self._path(name) or self._memory[name]

    def prepare(self, images: Iterable[tuple[Path, str]], jobs: int) -> int:
        """Optimise every image not yet in the store, ``jobs`` at a time; how many were made."""
        todo = sorted({name: source for source, name in images if not self.has(name)}.items())
        work = [(str(source), name, self.settings) for name, source in todo]
        run_all(_optimise_file, work, jobs, IMAGE_SECONDS, fresh=True, done=self._made)
        return len(work)

    def keep_decoded(
        self, image: Image.Image, data: bytes, digest: str, suffix: str, lossless: bool
    ) -> None:
        """Make the picture of the file ``data`` (SHA-256 ``digest``, hex; its name's
        ``suffix``; kept ``lossless`` or not) from the ``image`` stage 1's check has just
        ``decode``d at ``max_size`` and found sound (its photograph decision learnt), unless
        the store has it; only in a store with a folder, which every process shares. If it
        cannot be made here, stage 3 makes it again and names what fails."""
        suffix = suffix.lower()
        if self.folder is None or suffix not in PHOTO_SOURCES | GRAPHIC_SOURCES:
            return
        name = name_of(digest, suffix, self.settings, lossless, None, lambda: data)
        if self.has(name):
            return
        try:
            self._put(name, encode(image, suffix, self.settings, Path(name).suffix))
        except DECODE_ERRORS:  # OSError included: a full disk, for one
            return

    def _made(self, _: int, made: tuple[str, bytes]) -> None:
        self._put(*made)

    def _put(self, name: str, data: bytes) -> None:
        path = self._path(name)
        if path is None:
            self._memory[name] = data
            return
        write_atomically(path, data)
