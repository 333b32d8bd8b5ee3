"""What goes into each EPUB: one book per track offered in the course's language, and one per
module too when course.yml asks for it (``epub: {per_module: true}``).

A plan is pure data computed from the course model. A track's book holds the track's modules
(the shared start first, ``Course.track_modules``); a module's book holds that module. Each
module is a short opening document and one content document per lesson, in reading order; the
glossary of the words its lessons use closes the book. Layout inside the container::

    mimetype                              first, stored
    META-INF/container.xml
    EPUB/package.opf                      the package document
    EPUB/nav.xhtml                        table of contents and landmarks
    EPUB/title.xhtml                      title page: course, track, description, licence
    EPUB/book.css
    EPUB/<module folder>/index.xhtml      module opening: title, summary, outcomes
    EPUB/<module folder>/<lesson>.xhtml   one lesson, its self-checks and their answers
    EPUB/glossary.xhtml                   the difficult words of its modules (if any)
    EPUB/media/<hash>.<ext>               the pictures, films and captions it shows

Pages mirror the sources as in the preview, so a lesson's links keep their paths.
"""

import uuid
from dataclasses import dataclass

from bwise_mooc import ir
from bwise_mooc.exporters.html import module_label
from bwise_mooc.exporters.terms import glossary_for, glossary_order
from bwise_mooc.transforms.identifiers import language_suffix

PACKAGE_ROOT = "EPUB"  # the folder of the publication's files inside the container


@dataclass(frozen=True)
class Chapter:
    """One lesson as a content document (``path`` inside ``EPUB/``)."""

    module: ir.Module
    lesson: ir.Lesson
    path: str


@dataclass(frozen=True)
class Part:
    """One module: its opening document and its chapters."""

    module: ir.Module
    path: str
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class BookPlan:
    """One book: ``subtitle`` and ``about`` (the track's title and description, or the
    module's label and summary) open its title page; ``glossary``: the words its lessons use."""

    name: str  # file name without .epub
    identifier: str  # urn:uuid:..., stable for course, track or module, and language
    title: str
    subtitle: str
    about: str
    parts: tuple[Part, ...]
    glossary: tuple[ir.GlossaryEntry, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.epub"

    def chapters(self) -> tuple[Chapter, ...]:
        return tuple(chapter for part in self.parts for chapter in part.chapters)

    def lesson_paths(self) -> dict[str, str]:
        """Every lesson of the book by its source path -> its document (inside ``EPUB/``)."""
        return {chapter.lesson.path: chapter.path for chapter in self.chapters()}


def chapter_path(module: ir.Module, lesson: ir.Lesson) -> str:
    return f"{module.folder}/{lesson.page.removesuffix('.html')}.xhtml"


def book_identifier(course: ir.Course, book: str) -> str:
    """A UUID derived from the course, the book (a track's id, or ``module/<folder>``) and the
    language: the same for every build."""
    name = f"bwise-mooc:epub:{course.id}/{book}/{course.language}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _part(module: ir.Module) -> Part:
    chapters = tuple(
        Chapter(module, lesson, chapter_path(module, lesson)) for lesson in module.lessons
    )
    return Part(module, f"{module.folder}/index.xhtml", chapters)


def _glossary(course: ir.Course, modules: tuple[ir.Module, ...]) -> tuple[ir.GlossaryEntry, ...]:
    """The glossary's words the lessons of ``modules`` mark, in the language's order."""
    entries = {entry.id: entry for module in modules for entry in glossary_for(course, module)}
    return tuple(glossary_order(list(entries.values())))


def book_plan(course: ir.Course, track: ir.Track) -> BookPlan:
    modules = course.track_modules(track.id)
    return BookPlan(
        f"{course.id}-{track.id}{language_suffix(course)}",
        book_identifier(course, track.id),
        f"{course.title}: {track.title}",
        track.title,
        track.description,
        tuple(_part(module) for module in modules),
        _glossary(course, modules),
    )


def module_book_plan(course: ir.Course, module: ir.Module) -> BookPlan:
    """The book of one module."""
    label = module_label(course.language, module)
    return BookPlan(
        f"{course.id}-{module.folder}{language_suffix(course)}",
        book_identifier(course, f"module/{module.folder}"),
        f"{course.title}: {label}",
        label,
        module.summary,
        (_part(module),),
        _glossary(course, (module,)),
    )


def plans(course: ir.Course) -> list[BookPlan]:
    """One book per track, in the tracks' order; then, if course.yml asks for them, one per
    module. A course in a language holds only the tracks offered in it and their modules
    (``parse/course.py``)."""
    books = [book_plan(course, track) for track in course.tracks]
    if course.epub.per_module:
        books += [module_book_plan(course, module) for module in course.modules]
    return books
