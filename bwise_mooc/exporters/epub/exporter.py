"""Stage 3 exporter: ir.Course -> EPUB 3, one reflowable book per track and language.

``build/epub/<course>-<track>.epub`` for each track (translations with their language in the
name, in ``build/<lang>/epub/``; a track offered in some languages only has books in those),
and ``<course>-<module folder>.epub`` for each of their modules if course.yml says
``epub: {per_module: true}``.
Layout and contents: ``plan.py``; documents: ``content.py``; container, package document and
navigation: ``package.py``.
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    asset_source,
    fixed_timestamp,
    staged_directory,
)
from bwise_mooc.exporters.epub.content import (
    CSS,
    glossary_page,
    lesson_page,
    module_page,
    title_page,
)
from bwise_mooc.exporters.epub.package import (
    GLOSSARY,
    NAV,
    TITLE,
    Files,
    nav,
    package_document,
    stylesheet,
    write_book,
)
from bwise_mooc.exporters.epub.plan import PACKAGE_ROOT, BookPlan, Part, plans
from bwise_mooc.exporters.reuse import Reuse


class Epub:
    name: ClassVar[str] = "epub"
    cost: ClassVar[int] = 2  # relative build time: a book per track
    description: ClassVar[str] = (
        "EPUB 3 e-books for reading offline: one per track and language, with self-checks"
    )
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        names: list[Path] = []
        with staged_directory(out_dir) as stage:
            for book in plans(course):
                files = partial(book_files, course, source_root, self.options, book)
                decided_by = [book.name, [part.module for part in book.parts], fixed_timestamp()]
                self.options.parts.archive(
                    course,
                    "epub",
                    decided_by,
                    stage / book.file_name,
                    partial(_write, files),
                )
                names.append(out_dir / book.file_name)
        return Artifact(self.name, out_dir, tuple(names))


def _write(files: Callable[[], Files], target: Path, reuse: Reuse | None) -> None:
    write_book(files(), target, reuse)


def book_media(course: ir.Course, book: BookPlan) -> dict[str, ir.Asset]:
    """The files the book's lessons show, the course image (its cover) and the branding's
    pictures (its title page), by place."""
    media = {
        course.media[asset.path]: asset
        for chapter in book.chapters()
        for asset in chapter.lesson.assets
    }
    brand = course.branding.images if course.branding else ()
    for asset in (course.image, *brand):
        if asset is not None:
            media[course.media[asset.path]] = asset
    return dict(sorted(media.items()))


def part_documents(course: ir.Course, book: BookPlan, part: Part) -> dict[str, bytes]:
    """A module's documents in the book: its opening, then its lessons. They depend on the
    module, where the book puts its documents, and where every lesson of the book is (a link
    to another lesson); with a cache, an unchanged module's come back from it."""
    documents = {part.path: module_page(course, part)}
    for chapter in part.chapters:
        documents[chapter.path] = lesson_page(course, book, chapter)
    return documents


def book_files(
    course: ir.Course, source_root: Path, options: BuildOptions, book: BookPlan
) -> Files:
    """Every file of the book under ``EPUB/``, the package document first."""
    documents: dict[str, bytes] = {TITLE: title_page(course, book)}
    lessons = sorted(book.lesson_paths().items())  # where a lesson page's links may go
    for part in book.parts:
        chapters = [chapter.path for chapter in part.chapters]
        documents.update(
            options.parts.part(
                course,
                "epub-part",
                [part.module, part.path, chapters, lessons],
                partial(part_documents, course, book, part),
            )
        )
    if book.glossary:
        documents[GLOSSARY] = glossary_page(course, book)
    media = book_media(course, book)
    opf = package_document(course, book, documents, {place: place for place in media})
    files: Files = {f"{PACKAGE_ROOT}/package.opf": opf}
    files[f"{PACKAGE_ROOT}/{NAV}"] = nav(course, book)
    files[f"{PACKAGE_ROOT}/{CSS}"] = stylesheet()
    for path, data in documents.items():
        files[f"{PACKAGE_ROOT}/{path}"] = data
    for place, asset in media.items():
        files[f"{PACKAGE_ROOT}/{place}"] = asset_source(asset, course, source_root, options)
    return files
