"""Stage 2: where each file the course uses goes in a package (``Course.media``).

The course model keeps files by their source path (``ir/blocks.py``); this is the one place
that names them for the outputs. An image is named by the image pipeline (``images.name_of``):
a hash of its bytes and of the course's image settings, in the flat ``media/`` folder, so one
picture used twice is one file, and a changed picture or setting gets a new name; its suffix
is the format it is encoded to (a photograph saved as PNG becomes a photo unless its path is
in ``images.lossless``). A sound, a
film or captions (``av.name_of``) is named by a hash of its bytes in the same folder. Any
other file (a document) keeps its place in the sources, without ``course/`` or ``modules/``.
A picture with a variant in the course's language (``Course.variants``, ``media/x.ar.svg``) is
named by the variant's bytes, under the original's path, so every format shows the variant.
Exporters read these places; they never make them.

A picture's name is made from its file's SHA-256: a build with a cache takes it from the cache
(kept with the file's size, time and inode, as for every source file), so a later build reads
no picture that did not change; without a cache the digest is remembered with the same stamp
while the process lives, so the languages of one build, and the rebuilds of ``preview
--serve``, read it once. A PNG's photograph decision is kept in the build cache
(``photo_memo``), so a later build does not decode the picture again.
"""

import hashlib
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bwise_mooc import av
from bwise_mooc.config import ImageSettings
from bwise_mooc.images import is_image, keeps_lossless, name_of
from bwise_mooc.ir import Asset, Course
from bwise_mooc.photo_memo import decisions

IMAGES_REMEMBERED = 8192  # digests kept for a long-running preview server: the oldest go first


def name_media(
    course: Course,
    root: Path,
    cache_folder: Path | None = None,
    digests: Callable[[str], str] | None = None,
) -> Course:
    """``course`` with ``media`` filled: the place of every file it uses (in ``root``); a PNG's
    photograph decision is kept in the build cache in ``cache_folder`` if given. ``digests``
    gives a course file's SHA-256 (the build cache's, kept with the file's size, time and
    inode): a picture whose digest is known there is not read again."""
    settings = image_settings(course)
    where = _Where(root, settings, cache_folder, digests)
    places = {
        asset.path: where.place(asset.path, course.media_file(asset.path))
        for asset in _files(course)
    }
    return course.model_copy(update={"media": dict(sorted(places.items()))})


def image_settings(course: Course) -> ImageSettings:
    """The image settings of the course, as course.yml gives them."""
    return ImageSettings.model_validate(course.images)


@dataclass(frozen=True)
class _Where:
    """How stage 2 names the files of one course."""

    root: Path
    settings: ImageSettings
    cache_folder: Path | None
    digests: Callable[[str], str] | None

    def place(self, path: str, file: str) -> str:
        """Where the course file ``path`` goes in every package; ``file``: the file shown for
        it in this language (``path``, or its language variant)."""
        if not is_image(path) and not av.is_av(path):
            return _mirrored_path(path)
        digest = self.digests(file) if self.digests is not None else _digest(self.root / file)
        if av.is_av(path):
            return av.name_of(digest, file)
        lossless = keeps_lossless(path, self.settings)
        found = decisions(self.cache_folder)
        suffix = posixpath.splitext(file)[1]
        return name_of(
            digest, suffix, self.settings, lossless, found, (self.root / file).read_bytes
        )


def _mirrored_path(path: str) -> str:
    """A course file's path in a package: ``course/`` and ``modules/`` are dropped."""
    return posixpath.join(*path.split("/")[1:])


def _digest(file: Path) -> str:
    """The SHA-256 of ``file``, read once while it keeps its size, time and inode."""
    stat = file.stat()
    return _stamped_digest(file, (stat.st_size, stat.st_mtime_ns, stat.st_ino))


@lru_cache(maxsize=IMAGES_REMEMBERED)
def _stamped_digest(file: Path, stamp: tuple[int, int, int]) -> str:
    """``_digest``; ``stamp`` (the file's size, time and inode) is part of the key, so a changed
    file is read again."""
    with file.open("rb") as handle:  # in chunks: a film need not be in memory at once
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files(course: Course) -> Iterator[Asset]:
    """Every file the lessons show or link to, the course image and the branding's pictures."""
    for _, lesson in course.lessons():
        yield from lesson.assets
    yield from course.own_pictures()
