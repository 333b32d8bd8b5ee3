"""The build's part store: the parts of outputs that exporters declare, kept between builds.

Exporters declare parts (``exporters/base.py`` ``PartStore``); this store, handed to them by the
build when it has a cache folder, makes each part's key and finds it again. An edited lesson
changes its module; every other module's SCO pages, OLX files, cartridge files, EPUB documents
and questions come back from ``build/.cache/parts/``, its preview pages and unchanged archives
from ``build/.cache/files/`` (linked, not written again); an archive that changed is written
copying its unchanged members from the last one (``exporters/reuse.py``). A part's key holds the format's kind, what the exporter
declared (a module stands for its whole content and the places of the files its lessons use),
the course's *outline* (its own fields, the places of its own pictures, its image and the
branding's, and every module's and lesson's title, page and anchors: what a page may show of
other lessons) and the tool's fingerprint, so a part is reused only where it would be made again
byte for byte. The lessons' media are not in the outline: a changed picture makes again the
parts of the modules that show it, and no other (a one-image edit costs one module, not the
course).

Digests are made once per model object and remembered only while the object lives (a weak
reference with each entry; the entry goes with its object), so a long-running process (the
preview server, rebuilding after every edit) holds no course it has finished with, and an
object made later at the same address never finds the digest of one that is gone.

What a build finds here it marks used (``cache.mark_used``), and with the first part of a course
the optimised images the course uses, so that the cache keeps them when it is pruned (see
``cache.py``); what it makes is new, hence used, anyway. This works from worker processes too.
A file or archive found whole marks the parts it was made of as well (listed beside it when it
was made, ``<key>.parts.json``): that build needs none of them, but the next edit makes the
course-wide archives again from every module's parts.
"""

import hashlib
import json
import os
import pickle
import shutil
import weakref
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from bwise_mooc import ir
from bwise_mooc.atomic import write_atomically
from bwise_mooc.cache import make_key, mark_used
from bwise_mooc.exporters.base import (
    Finish,
    PartStore,
    course_media,
    fixed_timestamp,
    link_or_copy,
)
from bwise_mooc.exporters.reuse import Reuse, previous_archive, save_record
from bwise_mooc.images import is_image
from bwise_mooc.transforms.assets import image_settings

T = TypeVar("T")
# (what, id of the model) -> (a weak reference to the model, what was found for it)
_KNOWN: dict[tuple[str, int], tuple[weakref.ReferenceType[object], object]] = {}


def _once(what: str, model: object, make: Callable[[], T]) -> T:
    """``make()``, remembered for ``model`` as long as it lives."""
    key = (what, id(model))
    known = _KNOWN.get(key)
    if known is not None and known[0]() is model:
        return known[1]  # type: ignore[return-value]  # what ``make`` gave for this key
    value = make()
    _KNOWN[key] = (weakref.ref(model, lambda gone: _forget(key, gone)), value)
    return value


def _forget(key: tuple[str, int], gone: weakref.ReferenceType[object]) -> None:
    """The model of ``key`` is gone: so is what was remembered for it (unless already replaced)."""
    known = _KNOWN.get(key)
    if known is not None and known[0] is gone:
        del _KNOWN[key]


def outline_digest(course: ir.Course) -> str:
    """A digest of everything about the course that a page of one module may show."""
    return _once("outline", course, lambda: _outline_digest(course))


def _outline_digest(course: ir.Course) -> str:
    outline = {
        "course": course.model_dump(mode="json", exclude={"modules", "media", "variants"}),
        "course media": course_own_media(course),
        "modules": [
            {
                **module.model_dump(mode="json", exclude={"lessons"}),
                "lessons": [
                    [
                        lesson.path,
                        lesson.id,
                        lesson.title,
                        lesson.summary,
                        lesson.estimated_minutes,
                        sorted(lesson.anchors),
                    ]
                    for lesson in module.lessons
                ],
            }
            for module in course.modules
        ],
    }
    return make_key("outline", outline)


def course_own_media(course: ir.Course) -> list[tuple[str, str]]:
    """The places of the pictures every page may show: the course image and the branding's."""
    return sorted(
        {(asset.path, course.media.get(asset.path, "")) for asset in course.own_pictures()}
    )


def module_media(course: ir.Course, module: ir.Module) -> list[tuple[str, str]]:
    """The place of every file the module's lessons use, in ``course``'s language; for the
    course's own modules, made once per course object."""
    known = _once("module media", course, lambda: _modules_media(course))
    found = known.get(id(module))
    if found is not None and found[0] is module:
        return found[1]
    return _module_media(course, module)


def _modules_media(
    course: ir.Course,
) -> dict[int, tuple[ir.Module, list[tuple[str, str]]]]:
    return {id(module): (module, _module_media(course, module)) for module in course.modules}


def _module_media(course: ir.Course, module: ir.Module) -> list[tuple[str, str]]:
    return sorted(
        {
            (asset.path, course.media.get(asset.path, ""))
            for lesson in module.lessons
            for asset in lesson.assets
        }
    )


def module_digest(module: ir.Module) -> str:
    """A digest of the module's content (its own fields and every lesson, whole), made once
    per module object from its lessons' digests."""
    return _once("module", module, lambda: _module_digest(module))


def _module_digest(module: ir.Module) -> str:
    own = module.model_dump_json(exclude={"lessons"})
    lessons = [lesson_digest(lesson) for lesson in module.lessons]
    return hashlib.sha256(json.dumps([own, lessons]).encode()).hexdigest()


def lesson_digest(lesson: ir.Lesson) -> str:
    """A digest of the lesson's content, made once per lesson object: by its parse, for a
    lesson from the lesson cache (``remember_lesson_digest``)."""
    return _once(
        "lesson", lesson, lambda: hashlib.sha256(lesson.model_dump_json().encode()).hexdigest()
    )


def remember_lesson_digest(lesson: ir.Lesson, digest: str) -> None:
    """``lesson_digest(lesson)`` is ``digest``, made when an equal lesson was parsed: a lesson
    unpickled from the lesson cache or from a worker is not dumped again to learn it."""
    _once("lesson", lesson, lambda: digest)


def _declared(course: ir.Course, value: object) -> object:
    """What stands for a declared input in a key: for a module, its digest and the places of
    its media in ``course``."""
    if isinstance(value, ir.Module):
        return [module_digest(value), module_media(course, value)]
    if isinstance(value, list | tuple):
        return [_declared(course, item) for item in value]
    return value


def part_key(course: ir.Course, what: str, kind: str, declared: Sequence[object]) -> str:
    """The key of a part (``what``: part or file) of ``course`` of ``kind``, declared by
    ``declared``: equal keys, equal bytes."""
    return make_key(what, kind, outline_digest(course), _declared(course, list(declared)))


class CachedParts(PartStore):
    """A ``PartStore`` that keeps parts, archives and optimised images in a cache folder."""

    folder: Path

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self._making: list[list[str]] = []  # the parts used by each file being made, innermost last

    def _key(self, course: ir.Course, what: str, kind: str, declared: Sequence[object]) -> str:
        """The key of a part or file of ``course``; its images are marked used, once per course."""
        _once(f"media {self.folder}", course, lambda: self._mark_media(course))
        return part_key(course, what, kind, declared)

    def _mark_media(self, course: ir.Course) -> str:
        """Mark the optimised images of ``course`` used; they are made before any part."""
        store = self.images(image_settings(course))
        for place, asset in course_media(course).items():
            if is_image(asset.path):
                mark_used(store.path_of(place))
        return ""

    def part(
        self, course: ir.Course, kind: str, decided_by: Sequence[object], make: Callable[[], T]
    ) -> T:
        """``make()``, or what it gave last time for the same outline, kind and declaration."""
        key = self._key(course, "part", kind, decided_by)
        path = self.folder / "parts" / key[:2] / f"{key}.pickle"
        for parts in self._making:  # a file being made holds this part
            parts.append(path.relative_to(self.folder).as_posix())
        try:
            value: T = pickle.loads(path.read_bytes())
            mark_used(path)
            return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        value = make()
        write_atomically(path, pickle.dumps(value, protocol=5))
        return value

    def file(
        self,
        course: ir.Course,
        kind: str,
        decided_by: Sequence[object],
        target: Path,
        make: Callable[[Path], object],
    ) -> None:
        """Write ``target`` with ``make``, or link the file made last time for the same key.

        Archives are kept in ``build/.cache/files/`` as hard links to the outputs (no extra disk
        space); an unchanged module's package is then linked, not zipped again.
        """
        finish = self.file_later(course, kind, decided_by, target, partial(_made_now, make))
        if finish is not None:
            finish()

    def file_later(
        self,
        course: ir.Course,
        kind: str,
        decided_by: Sequence[object],
        target: Path,
        make: Callable[[Path], Finish],
    ) -> Finish | None:
        """Like ``file``, for a file finished later: the work ``make(target)`` gives, which
        then keeps the file; or None when the file made last time was linked."""
        kept, placed = self._placed(course, kind, decided_by, target)
        if placed:
            return None
        finish = self._made(kept, partial(make, target))

        def finish_and_keep() -> None:
            finish()
            self._keep(target, kept)

        return finish_and_keep

    def pages(
        self,
        course: ir.Course,
        kind: str,
        decided_by: Sequence[object],
        folder: Path,
        make: Callable[[], Sequence[tuple[str, str]]],
    ) -> None:
        """Link into ``folder`` the pages made last time for the same key, or write the pages
        ``make()`` gives and keep them.

        The pages are kept in ``build/.cache/files/`` as hard links of the outputs, in a folder
        named by the key, listed beside it (``<key>.pages.json``); linking a page costs a
        small fraction of writing it again (a module's pages of the preview: 1,000 pages took
        1 s to write and 0.03 s to link on a 2-core machine)."""
        key = self._key(course, "pages", kind, decided_by)
        kept = self.folder / "files" / key[:2] / key
        listing = kept.with_name(f"{key}.pages.json")
        if self._placed_pages(kept, listing, folder):
            return
        pages = make()
        super().pages(course, kind, decided_by, folder, lambda: pages)  # written
        names = [page for page, _ in pages]
        temporary = kept.with_name(f".{key}.{os.getpid()}")
        shutil.rmtree(temporary, ignore_errors=True)
        for name in names:
            link_or_copy(folder / name, temporary / name)
        shutil.rmtree(kept, ignore_errors=True)  # a partial one, whose listing was lost
        os.replace(temporary, kept)
        write_atomically(listing, json.dumps(names).encode("utf-8"))

    def _placed_pages(self, kept: Path, listing: Path, folder: Path) -> bool:
        """Link the pages kept in ``kept``, as ``listing`` names them, into ``folder`` and mark
        them used; False (and nothing placed) if any is missing."""
        try:
            names = json.loads(listing.read_text("utf-8"))
        except (OSError, ValueError):
            return False
        placed: list[Path] = []
        try:
            for name in names:
                link_or_copy(kept / name, folder / name)
                placed.append(folder / name)
        except (OSError, TypeError):
            for page in placed:  # not written through: they are links to the cache's pages
                page.unlink(missing_ok=True)
            return False
        for name in names:
            mark_used(kept / name)
        mark_used(listing)
        return True

    def archive(
        self,
        course: ir.Course,
        kind: str,
        decided_by: Sequence[object],
        target: Path,
        make: Callable[[Path, Reuse | None], object],
    ) -> None:
        """Like ``file``; an archive that must be written again copies what did not change
        from the last one of the same kind, language and name (its record in
        ``build/.cache/archives/`` names the file in ``files/`` and where its members are)."""
        name = make_key("archive", kind, course.language, target.name, fixed_timestamp())
        record = self.folder / "archives" / name[:2] / f"{name}.json"
        kept, placed = self._placed(course, kind, decided_by, target)
        if placed:
            mark_used(record)
            return
        reuse = previous_archive(record, self.folder, self.folder / "images")
        try:
            self._made(kept, partial(make, target, reuse))
        finally:
            reuse.close()
        reuse.report(target.name)
        self._keep(target, kept)
        save_record(record, self.folder, kept, reuse.made)

    def _placed(
        self, course: ir.Course, kind: str, decided_by: Sequence[object], target: Path
    ) -> tuple[Path, bool]:
        """Where the file of this key is kept, and whether it was there: then ``target`` is
        now a link to it (or a copy) and it is marked used."""
        key = self._key(course, "file", kind, decided_by)
        kept = self.folder / "files" / key[:2] / key
        target.parent.mkdir(parents=True, exist_ok=True)
        if not kept.is_file():
            return kept, False
        link_or_copy(kept, target)
        self._found(kept)
        return kept, True

    def _made(self, kept: Path, make: Callable[[], T]) -> T:
        """``make()`` the file to be kept as ``kept``, and list beside it the parts it used
        (a file made of no part, a handout, has no list); what ``make`` gave."""
        self._making.append([])
        try:
            made = make()
        finally:
            parts = self._making.pop()
        if parts:
            write_atomically(_parts_list(kept), json.dumps(sorted(set(parts))).encode("utf-8"))
        return made

    def _found(self, kept: Path) -> None:
        """Mark ``kept`` used, and the parts it was made of: a build that finds a whole archive
        needs none of them, but the next edit makes the archive again from them, so pruning
        must keep them (see ``cache.py``)."""
        mark_used(kept)
        listing = _parts_list(kept)
        try:
            parts = json.loads(listing.read_text("utf-8"))
        except (OSError, ValueError):
            return  # made of no part, or by a version that kept no list
        mark_used(listing)
        for name in parts if isinstance(parts, list) else []:
            mark_used(self.folder / str(name))

    def _keep(self, target: Path, kept: Path) -> None:
        """Keep ``target`` as the cache entry ``kept`` (a hard link where possible)."""
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_name(f".{kept.name}.{os.getpid()}")
        link_or_copy(target, temporary)
        os.replace(temporary, kept)


def _made_now(make: Callable[[Path], object], target: Path) -> Finish:
    """``make(target)``, for a file that is whole once made: nothing is left to finish it."""
    make(target)
    return _nothing


def _nothing() -> None:
    pass


def _parts_list(kept: Path) -> Path:
    """Where the list of the parts a kept file was made of is kept: beside it."""
    return kept.with_name(f"{kept.name}.parts.json")
