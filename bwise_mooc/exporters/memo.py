"""Stage 3 helper: the parts of an output that one module decides, remembered between builds.

An edited lesson changes its module; every other module's pages, SCO pages and OLX files come
back from ``build/.cache/parts/``. A part's key holds the format, the module's content, the
course's *outline* (its own fields and every module's and lesson's title, page, anchors and
images: what a page may show of other lessons), the options and the tool's fingerprint, so a
part is reused only where it would be made again byte for byte. Without a cache folder
(tests, ``--no-cache``) every part is simply made.
"""

import hashlib
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bwise_mooc import ir
from bwise_mooc.atomic import write_atomically
from bwise_mooc.cache import make_key

T = TypeVar("T")
_OUTLINES: dict[int, tuple[ir.Course, str]] = {}
_MODULES: dict[int, tuple[ir.Module, str]] = {}


def outline_digest(course: ir.Course) -> str:
    """A digest of everything about the course that a page of one module may show."""
    known = _OUTLINES.get(id(course))
    if known is not None and known[0] is course:
        return known[1]
    outline = {
        "course": course.model_dump(mode="json", exclude={"modules"}),
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
                        [asset.output for asset in lesson.assets],
                    ]
                    for lesson in module.lessons
                ],
            }
            for module in course.modules
        ],
    }
    digest = make_key("outline", outline)
    _OUTLINES[id(course)] = (course, digest)
    return digest


def module_digest(module: ir.Module) -> str:
    """A digest of the module's content (every lesson, whole), made once per module object."""
    known = _MODULES.get(id(module))
    if known is not None and known[0] is module:
        return known[1]
    digest = hashlib.sha256(module.model_dump_json().encode()).hexdigest()
    _MODULES[id(module)] = (module, digest)
    return digest


def remembered(
    cache: Path | None, course: ir.Course, kind: str, parts: list[object], make: Callable[[], T]
) -> T:
    """``make()``, or what it gave last time for the same course outline, ``kind`` and ``parts``."""
    if cache is None:
        return make()
    key = make_key("part", kind, outline_digest(course), parts)
    path = cache / "parts" / key[:2] / f"{key}.pickle"
    try:
        value: T = pickle.loads(path.read_bytes())
        return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = make()
    write_atomically(path, pickle.dumps(value, protocol=5))
    return value


def cached_file(
    cache: Path | None,
    course: ir.Course,
    kind: str,
    parts: list[object],
    target: Path,
    make: Callable[[Path], object],
) -> None:
    """Write ``target`` with ``make``, or link the file made last time for the same key.

    Archives are kept in ``build/.cache/files/`` as hard links to the outputs (no extra disk
    space); an unchanged module's package is then linked, not zipped again.
    """
    if cache is None:
        make(target)
        return
    key = make_key("file", kind, outline_digest(course), parts)
    kept = cache / "files" / key[:2] / key
    target.parent.mkdir(parents=True, exist_ok=True)
    if kept.is_file():
        link_or_copy(kept, target)
        return
    make(target)
    kept.parent.mkdir(parents=True, exist_ok=True)
    temporary = kept.with_name(f".{key}.{os.getpid()}")
    link_or_copy(target, temporary)
    os.replace(temporary, kept)


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to ``source`` (no copy, no extra space), or a copy across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
