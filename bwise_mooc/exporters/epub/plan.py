"""What goes into each EPUB: one book per track offered in the course's language.

A plan is pure data computed from the course model. A book holds the track's modules (the
shared start first, ``Course.track_modules``), each a short opening document and one content
document per lesson, in reading order. Layout inside the container::

    mimetype                              first, stored
    META-INF/container.xml
    EPUB/package.opf                      the package document
    EPUB/nav.xhtml                        table of contents and landmarks
    EPUB/title.xhtml                      title page: course, track, description, licence
    EPUB/book.css
    EPUB/<module folder>/index.xhtml      module opening: title, summary, outcomes
    EPUB/<module folder>/<lesson>.xhtml   one lesson, its self-checks and their answers
    EPUB/media/<hash>.<ext>               the pictures, films and captions it shows

Pages mirror the sources as in the preview, so a lesson's links keep their paths.
"""

import uuid
from dataclasses import dataclass

from bwise_mooc import ir
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
    name: str  # file name without .epub
    identifier: str  # urn:uuid:..., stable for course, track and language
    title: str
    track: ir.Track
    parts: tuple[Part, ...]

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


def book_identifier(course: ir.Course, track: ir.Track) -> str:
    """A UUID derived from the course, track and language: the same for every build."""
    name = f"bwise-mooc:epub:{course.id}/{track.id}/{course.language}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def offered(course: ir.Course) -> tuple[ir.Track, ...]:
    """The tracks offered in the course's language (``languages:`` of a track; none: all)."""
    return tuple(t for t in course.tracks if not t.languages or course.language in t.languages)


def book_plan(course: ir.Course, track: ir.Track) -> BookPlan:
    parts = tuple(
        Part(
            module,
            f"{module.folder}/index.xhtml",
            tuple(
                Chapter(module, lesson, chapter_path(module, lesson)) for lesson in module.lessons
            ),
        )
        for module in course.track_modules(track.id)
    )
    return BookPlan(
        f"{course.id}-{track.id}{language_suffix(course)}",
        book_identifier(course, track),
        f"{course.title}: {track.title}",
        track,
        parts,
    )


def plans(course: ir.Course) -> list[BookPlan]:
    """One book per track offered in the course's language, in the tracks' order."""
    return [book_plan(course, track) for track in offered(course)]
