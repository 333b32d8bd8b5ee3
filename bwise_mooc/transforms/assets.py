"""Stage 2: where each file the course uses goes in a package (``Course.media``).

The course model keeps files by their source path (``ir/blocks.py``); this is the one place
that names them for the outputs. An image is named by the image pipeline (``images.output_name``):
a hash of its bytes and of the course's image settings, in the flat ``media/`` folder, so one
picture used twice is one file, and a changed picture or setting gets a new name; its suffix
is the format it is encoded to (a photograph saved as PNG becomes a photo unless its path is
in ``images.lossless``). A sound, a
film or captions (``av.output_name``) is named by a hash of its bytes in the same folder. Any
other file (a document) keeps its place in the sources, without ``course/`` or ``modules/``.
A picture with a variant in the course's language (``Course.variants``, ``media/x.ar.svg``) is
named by the variant's bytes, under the original's path, so every format shows the variant.
Exporters read these places; they never make them.

A picture's name is made from its file's SHA-256: a build with a cache takes it from the cache
(kept with the file's size, time and inode, as for every source file), so a later build reads
no picture that did not change; without a cache the name is remembered with the same stamp
while the process lives, so the languages of one build, and the rebuilds of ``preview
--serve``, read it once. A PNG's photograph decision is kept in the build cache
(``photo_memo``), so a later build does not decode the picture again.
"""

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bwise_mooc import av
from bwise_mooc.config import ImageSettings
from bwise_mooc.images import is_image, keeps_lossless, name_of, output_name
from bwise_mooc.ir import Asset, Course
from bwise_mooc.photo_memo import decisions

IMAGES_REMEMBERED = 8192  # names kept for a long-running preview server: the oldest go first


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
        root, settings = self.root, self.settings
        if not is_image(path) and not av.is_av(path):
            return _mirrored_path(path)
        stat = (root / file).stat()
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if av.is_av(path):
            if self.digests is not None:
                return av.name_of(self.digests(file), file)
            return _av_name(root / file, stamp)
        lossless = keeps_lossless(path, settings)
        if self.digests is None:
            return _image_name(root / file, stamp, settings, lossless, self.cache_folder)
        suffix = posixpath.splitext(file)[1]
        found = decisions(self.cache_folder)
        return name_of(
            self.digests(file), suffix, settings, lossless, found, (root / file).read_bytes
        )


def _mirrored_path(path: str) -> str:
    """A course file's path in a package: ``course/`` and ``modules/`` are dropped."""
    return posixpath.join(*path.split("/")[1:])


@lru_cache(maxsize=IMAGES_REMEMBERED)
def _image_name(
    file: Path,
    stamp: tuple[int, int, int],
    settings: ImageSettings,
    lossless: bool,
    cache_folder: Path | None,
) -> str:
    """The output name of the picture ``file``; ``stamp`` (its size, time and inode) is part of
    the key, so a changed file is read again."""
    suffix = posixpath.splitext(file.name)[1]
    found = decisions(cache_folder)
    return output_name(file.read_bytes(), suffix, settings, lossless, found)


@lru_cache(maxsize=IMAGES_REMEMBERED)
def _av_name(file: Path, stamp: tuple[int, int, int]) -> str:
    """The output name of the sound, film or captions ``file`` (``av.output_name``)."""
    return av.output_name(file.read_bytes(), file.name)


def _files(course: Course) -> Iterator[Asset]:
    """Every file the lessons show or link to, the course image and the branding's pictures."""
    for _, lesson in course.lessons():
        yield from lesson.assets
    if course.image is not None:
        yield course.image
    if course.branding is not None:
        yield from course.branding.images
