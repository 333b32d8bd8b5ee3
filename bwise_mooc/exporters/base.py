"""Stage 3 helpers shared by every exporter: the Exporter protocol and safe output writing.

Every exporter writes into a ``staged_directory``: its output is assembled in a temporary
folder next to its destination and moved into place only when complete, so a failed build
leaves the previous output untouched.

An exporter knows nothing of the build cache or of worker processes. It *declares* the parts
of its output that can be reused (``PartStore.part``, ``PartStore.file``, ``PartStore.pages``
and ``PartStore.archive``: a kind and what
decides the part, such as a module of the course) and gets optimised media from
``PartStore.images``; the build hands it the store (``BuildOptions.parts``): one that makes
everything (``PartStore``, the default) or one that finds unchanged parts again
(``memo.CachedParts``).
"""

import io
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, ClassVar, Literal, Protocol, TypeGuard, TypeVar

from bwise_mooc.config import ImageSettings
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters.reuse import Reuse
from bwise_mooc.exporters.scratch import Member, member_bytes
from bwise_mooc.images import ImageStore, is_image
from bwise_mooc.ir import Asset, Course
from bwise_mooc.transforms.assets import image_settings

T = TypeVar("T")


Finish = Callable[[], None]  # the work that finishes a file prepared before (``file_later``)


class PartStore:
    """What the build lends an exporter: parts made or found again, and optimised media.

    A part is declared by the course it belongs to, its ``kind`` and what decides it, besides
    the course's outline: modules (``ir.Module``), names and numbers. A store alone makes keys;
    two parts with the same declaration must be the same bytes. This store is a build's
    without a cache: it makes everything and keeps images in memory; ``memo.CachedParts``
    finds parts again in the build cache.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder  # where optimised images are kept (None: in memory)
        self._images: dict[ImageSettings, ImageStore] = {}

    def part(
        self, course: Course, kind: str, decided_by: Sequence[object], make: Callable[[], T]
    ) -> T:
        """``make()``, or what it gave for the same declaration before."""
        return make()

    def file(
        self,
        course: Course,
        kind: str,
        decided_by: Sequence[object],
        target: Path,
        make: Callable[[Path], object],
    ) -> None:
        """Write ``target`` with ``make(target)``, or place the file made before."""
        make(target)

    def file_later(
        self,
        course: Course,
        kind: str,
        decided_by: Sequence[object],
        target: Path,
        make: Callable[[Path], Finish],
    ) -> Finish | None:
        """Like ``file``, for a file finished later (a handout, laid out beside the build):
        ``make(target)`` prepares it and gives the work that writes it. That work is returned
        (the file is made and kept once it is done), or None when the file made before was
        placed."""
        return make(target)

    def pages(
        self,
        course: Course,
        kind: str,
        decided_by: Sequence[object],
        folder: Path,
        make: Callable[[], Sequence[tuple[str, str]]],
    ) -> None:
        """Write the pages ``make()`` gives (a path relative to ``folder``, its text) into
        ``folder``, or place the pages made before for the same declaration."""
        for page, text in make():
            write_text(folder / page, text)

    def archive(
        self,
        course: Course,
        kind: str,
        decided_by: Sequence[object],
        target: Path,
        make: Callable[[Path, Reuse | None], object],
    ) -> None:
        """Like ``file``, for an archive: ``make(target, reuse)`` may copy the members that did
        not change from the previous archive of the same name (``reuse.py``); this store keeps
        none, so everything is written."""
        make(target, None)

    def images(self, settings: ImageSettings) -> ImageStore:
        """The store of optimised images made with ``settings``."""
        return self._images.setdefault(settings, ImageStore(settings, self.folder))


@dataclass(frozen=True)
class BuildOptions:
    """Choices a build makes that are not in the course sources, and where it keeps work."""

    sco_per: Literal["module", "lesson"] = "module"
    parts: PartStore = field(default_factory=PartStore, compare=False, repr=False)


def course_media(course: Course) -> dict[str, Asset]:
    """Every file the course's pages use, by its place in a package (one per place)."""
    places = course.media
    assets = {
        places[asset.path]: asset for _, lesson in course.lessons() for asset in lesson.assets
    }
    assets.update({places[asset.path]: asset for asset in course.own_pictures()})
    return dict(sorted(assets.items()))


def brand_media(course: Course) -> dict[str, Asset]:
    """The pictures of the course's branding (logo, funder's emblem), by place in a package:
    every format that shows pages carries them."""
    images = course.branding.images if course.branding else ()
    return {course.media[image.path]: image for image in images}


def asset_source(
    asset: Asset, course: Course, source_root: Path, options: BuildOptions
) -> bytes | Path:
    """What a package holds for ``asset``: the optimised image (its file in the cache, or its
    bytes without a cache) of the picture this language shows (its variant, if it has one),
    or the course file as it is."""
    if not is_image(asset.path):
        return source_root / asset.path
    store = options.parts.images(image_settings(course))
    return store.get(source_root / course.media_file(asset.path), course.media[asset.path])


@dataclass(frozen=True)
class Artifact:
    """What an exporter produced: its folder and the files a user would open or upload."""

    format: str
    root: Path
    files: tuple[Path, ...] = field(default_factory=tuple)


CourseCheck = Callable[[Course, Diagnostics], None]


class Exporter(Protocol):
    """One output format. It declares its name, its cost (relative build time: the costliest
    formats start first), the ``checks`` of what the format cannot carry, which ``check`` and
    every build run for every registered format, so that a course is known to fit them all,
    and its ``notices``: what writing the format leaves out, said (as warnings) only when it is
    written."""

    name: ClassVar[str]
    description: ClassVar[str]
    cost: ClassVar[int]
    checks: ClassVar[tuple[CourseCheck, ...]]
    notices: ClassVar[tuple[CourseCheck, ...]]

    def __init__(self, options: BuildOptions) -> None: ...

    def write(self, course: Course, source_root: Path, out_dir: Path) -> Artifact:
        """Write the format's output for ``course`` into ``out_dir`` (replaced as a whole)."""
        ...


class PiecewiseExporter(Exporter, Protocol):
    """An exporter whose output is files that do not depend on one another (the PDF
    handouts): the build prepares each ``piece`` in the folder of the format, and finishes it
    (a layout, in a process of its own) beside the other formats (``beside.py``); its ``write``
    writes them all, one after the other."""

    def pieces(self, course: Course) -> Sequence[str]:
        """The names of the pieces of ``course``'s output, in order."""
        ...

    def write_piece(self, course: Course, source_root: Path, out_dir: Path, piece: str) -> Path:
        """Write the piece ``piece`` into ``out_dir`` (which other pieces share); its path."""
        ...

    def start_piece(
        self, course: Course, source_root: Path, out_dir: Path, piece: str
    ) -> tuple[Path, Finish | None]:
        """Prepare the piece ``piece`` in ``out_dir``: its path and the work that writes it
        (None if it is written already)."""
        ...


def is_piecewise(exporter: Exporter) -> TypeGuard[PiecewiseExporter]:
    return callable(getattr(exporter, "pieces", None))


@contextmanager
def staged_directory(destination: Path) -> Iterator[Path]:
    """Yield an empty temporary folder; on success it atomically replaces ``destination``."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_directory(staging, destination)


def replace_directory(source: Path, destination: Path) -> None:
    """Move the complete folder ``source`` to ``destination``, replacing what was there.

    The old folder is first renamed aside, so ``destination`` is at every moment either the
    complete old output or the complete new one.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    source.chmod(0o755)
    old = destination.with_name(f".{destination.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if destination.exists():
        os.replace(destination, old)
    os.replace(source, destination)
    shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with LF line endings, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to ``source`` (no copy, no extra space), or a copy across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry


def fixed_timestamp() -> int:
    """Build time for archive entries: ``SOURCE_DATE_EPOCH`` if set, else a fixed date."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), ZIP_EPOCH) if value.isdigit() else ZIP_EPOCH


STORED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".mp3", ".mp4", ".zip"})


def zip_bytes(
    files: Mapping[str, Member], first: Sequence[str] = (), stored: Sequence[str] = ()
) -> bytes:
    """A reproducible zip in memory (see ``write_zip``)."""
    buffer = io.BytesIO()
    write_zip(buffer, files, first, stored)
    return buffer.getvalue()


def write_zip(
    target: Path | IO[bytes],
    files: Mapping[str, Member],
    first: Sequence[str] = (),
    stored: Sequence[str] = (),
    reuse: Reuse | None = None,
) -> None:
    """A reproducible zip: ``first`` entries, then the rest sorted; fixed times and modes.

    Entries given as a ``Path`` are streamed from that file. Files that are compressed already
    (images, audio, video) are stored, not deflated again: smaller work, same size; so are the
    entries named in ``stored`` (an EPUB's ``mimetype``). With ``reuse`` (a file ``target``
    only), an entry the previous archive holds with the same content is copied from it as
    bytes (``reuse.py``); the zip is the same either way.
    """
    for name in files:
        if unsafe_member_name(name):
            raise ValueError(f"unsafe archive member name: {name!r}")
    stamp = time.gmtime(fixed_timestamp())[:6]
    order = [name for name in first if name in files]
    order += sorted(name for name in files if name not in order)
    reusing = reuse if isinstance(target, Path) else None
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        previous = _previous_entries(reusing)
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the mode above is read
            plain = name in stored or member_suffix(name).lower() in STORED_SUFFIXES
            info.compress_type = zipfile.ZIP_STORED if plain else zipfile.ZIP_DEFLATED
            data = files[name]
            key = reusing.key(data) if reusing is not None else ""
            start = archive.start_dir
            if reusing is not None and _copy_entry(archive, reusing, previous, info, key):
                reusing.record(name, key, start, archive.start_dir - start, 0)
                continue
            if isinstance(data, Path):
                info.file_size = data.stat().st_size
                with data.open("rb") as source, archive.open(info, "w") as entry:
                    shutil.copyfileobj(source, entry, 1 << 20)
            else:
                archive.writestr(info, member_bytes(data))
            if reusing is not None:
                reusing.written += archive.start_dir - start
                reusing.record(name, key, start, archive.start_dir - start, 0)


def unsafe_member_name(name: str) -> bool:
    """Whether an archive member name is empty, absolute, climbs out (``..``) or holds a
    backslash: ``PurePosixPath``'s answer, without making one for each of thousands of
    members (a fifth of writing a cartridge again after an edit)."""
    return not name or name.startswith("/") or "\\" in name or ".." in name.split("/")


def member_suffix(name: str) -> str:
    """``PurePosixPath(name).suffix`` of a safe member name, made from the string."""
    parts = [part for part in name.split("/") if part and part != "."]
    last = parts[-1] if parts else ""
    dot = last.rfind(".")
    return last[dot:] if 0 < dot < len(last) - 1 else ""


def _previous_entries(reuse: Reuse | None) -> dict[str, zipfile.ZipInfo]:
    """The entries of the previous archive by name (none if it cannot be read as a zip)."""
    if reuse is None or reuse.previous is None:
        return {}
    try:
        with zipfile.ZipFile(reuse.previous) as previous:
            return {info.filename: info for info in previous.infolist()}
    except (OSError, zipfile.BadZipFile, ValueError):
        return {}


def _copy_entry(
    archive: zipfile.ZipFile,
    reuse: Reuse,
    previous: Mapping[str, zipfile.ZipInfo],
    fresh: zipfile.ZipInfo,
    key: str,
) -> bool:
    """Copy the entry ``fresh`` would be from the previous archive, if it holds it unchanged:
    same content, same header fields, and its local header where its record says."""
    where = reuse.found(fresh.filename, key)
    old = previous.get(fresh.filename)
    if where is None or old is None:
        return False
    offset, length, _ = where
    same = (old.date_time, old.compress_type, old.external_attr, old.create_system) == (
        fresh.date_time,
        fresh.compress_type,
        fresh.external_attr,
        fresh.create_system,
    )
    name = fresh.filename.encode("utf-8")
    header = old.header_offset == offset and reuse.starts_with(offset, b"PK\x03\x04")
    if not same or not header or not reuse.starts_with(offset + 30, name):
        return False
    assert archive.fp is not None
    start = archive.start_dir
    if not reuse.copy(archive.fp, offset, length, start):
        return False
    archive.fp.seek(start + length)
    old.header_offset = start
    archive.filelist.append(old)
    archive.NameToInfo[old.filename] = old
    archive.start_dir = start + length
    setattr(archive, "_didModify", True)  # noqa: B010 (private): the central directory is written on close
    return True


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
