"""The course tree: Course -> Module -> Lesson, with outcomes, tracks, authors and media."""

from collections.abc import Iterator
from datetime import date
from typing import Literal

from pydantic import Field

from bwise_mooc.ir.assignment import Assignment
from bwise_mooc.ir.blocks import Block, Heading
from bwise_mooc.ir.credential import Credential, EscoSkill
from bwise_mooc.ir.glossary import GlossaryEntry
from bwise_mooc.ir.node import Node
from bwise_mooc.ir.quiz import Question, Quiz
from bwise_mooc.ir.source import SourceSpan

SHARED_TRACK = "all"  # ``track: all`` in module.yml: a module of every track (the shared start)


class Asset(Node):
    """A file of the course that a lesson shows or links to (an image, a document...), or the
    course image: ``path`` relative to the course root. Where it goes in a package is
    ``Course.media[path]``. ``sequence``: the picture shows steps in order, from left to right
    (``{.sequence}``): a right-to-left edition needs its own variant (``Course.variants``)."""

    path: str
    alt: str = ""
    sequence: bool = False
    source: SourceSpan


class Link(Node):
    """A link from a lesson to a lesson page: ``target`` is the lesson's source path."""

    target: str
    anchor: str = ""
    source: SourceSpan


class Outcome(Node):
    """A learning outcome of a module: its DigComp 2.2 competence and proficiency level (1-8),
    its EQF level and the ESCO skills it is aligned to."""

    id: str
    text: str
    digcomp: str | None = None
    digcomp_level: int | None = None
    eqf: int | None = None
    esco: tuple[EscoSkill, ...] = ()
    source: SourceSpan


class Author(Node):
    name: str
    organisation: str | None = None
    role: Literal["author", "editor", "reviewer", "translator"] = "author"


class Track(Node):
    """An audience of the course. ``workload_minutes``: the notional workload of its modules
    and declared extra work; ``credits``: what its credential declares or, with a credit rule,
    derives from the workload (None: no credits); ``credential``: None when the track awards
    none. Its learning outcomes are its modules' (``Course.track_outcomes``). ``easy_to_read``:
    the track is written in Easy-to-Read (course.yml)."""

    id: str
    title: str
    description: str = ""
    credential: Credential | None = None
    workload_minutes: int = 0
    credits: float | None = None
    easy_to_read: bool = False  # graded questions: choices with 2-3 answers (check warns)
    languages: tuple[str, ...] = ()  # the languages it is offered in (course.yml); () every one


class Grading(Node):
    """How module assessments count (``grading:`` in course.yml).

    ``attempts``: how many times a learner may take a module assessment (SCORM: the whole
    assessment again; Open edX: each graded problem). ``open_edx_pass_mark``: the pass mark of
    the whole Open edX course, as set in course.yml (None: the one all modules share).
    """

    attempts: int = 3
    open_edx_pass_mark: int | None = None


class EpubSettings(Node):
    """Which e-books the course asks for (``epub:`` in course.yml): ``per_module``, one per
    module besides the one per track."""

    per_module: bool = False


class Branding(Node):
    """The course's look on every page (``branding:`` in course.yml), in one language.

    ``colours``: CSS custom properties of the pages (``brand``, ``brand-dark``, ``link``,
    ``accent``) -> ``#rrggbb``, checked for contrast; ``footer_html``: the footer text as a
    sanitised inline HTML fragment (emphasis and web links only), ``footer``: the same as plain
    text; ``disclaimer``: the funder's disclaimer, plain text.
    """

    logo: Asset | None = None
    colours: dict[str, str] = Field(default_factory=dict)
    footer: str = ""
    footer_html: str = ""
    emblem: Asset | None = None
    disclaimer: str = ""

    @property
    def images(self) -> tuple[Asset, ...]:
        return tuple(image for image in (self.logo, self.emblem) if image is not None)


class Help(Node):
    """Where learners get help (``help:`` in course.yml), in one language: ``contact``, plain
    text (a name, an e-mail address, a web address); ``lesson``: the source path of the lesson
    the help link of every page opens (None: the course's about page)."""

    contact: str
    lesson: str | None = None


class Lesson(Node):
    id: str
    number: int
    path: str  # source path relative to the course root
    title: str
    summary: str = ""
    estimated_minutes: int
    outcomes: tuple[str, ...]
    blocks: tuple[Block, ...]
    assets: tuple[Asset, ...] = ()
    links: tuple[Link, ...] = ()
    easy_to_read: bool = False  # Easy-to-Read layout: lines kept as written, large targets
    audio: str = ""  # a recording of the lesson read aloud (front matter): a source reference
    source: SourceSpan

    @property
    def anchors(self) -> frozenset[str]:
        """What ``#anchor`` may name in this lesson: its headings and its assignments' ids."""
        return frozenset(
            block.anchor if isinstance(block, Heading) else block.id
            for block in self.blocks
            if isinstance(block, Heading | Assignment)
        )

    @property
    def page(self) -> str:
        """The lesson's page name in the source-mirrored layout, e.g. ``01-what-is-a-device.html``."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".md") + ".html"

    def quizzes(self) -> Iterator[Quiz]:
        for block in self.blocks:
            if isinstance(block, Quiz):
                yield block

    def assignments(self) -> Iterator[Assignment]:
        """Its assignments and checklists, in reading order."""
        for block in self.blocks:
            if isinstance(block, Assignment):
                yield block


class Module(Node):
    id: str
    number: int
    dir: str  # folder relative to the course root, e.g. modules/01-phone-basics
    title: str
    summary: str
    track: str
    outcomes: tuple[Outcome, ...]
    credits: float | None = None
    credits_source: SourceSpan | None = None  # where module.yml declares ``credits``
    estimated_minutes: int
    passing_score: int
    lessons: tuple[Lesson, ...]
    # lesson files that could not be read or parsed (their errors are reported): still lessons
    # of the module for the links of others and for its numbering, so one broken file gives
    # its own errors and none elsewhere
    unread_lessons: tuple[str, ...] = ()
    source: SourceSpan

    @property
    def folder(self) -> str:
        return self.dir.rsplit("/", 1)[-1]

    @property
    def shared(self) -> bool:
        """A module of every track (``track: all``): first in each track, not assessed, its
        minutes in each track's workload."""
        return self.track == SHARED_TRACK

    def assignments(self) -> Iterator[tuple[Lesson, Assignment]]:
        """Its assignments and checklists, with their lessons, in reading order."""
        for lesson in self.lessons:
            for assignment in lesson.assignments():
                yield lesson, assignment

    def graded_questions(self) -> Iterator[tuple[Lesson, Question]]:
        """Every question of the module assessment, in reading order."""
        for lesson in self.lessons:
            for quiz in lesson.quizzes():
                if quiz.graded:
                    for question in quiz.questions:
                        yield lesson, question


class Course(Node):
    """The whole course in one language.

    ``images`` holds the image settings of course.yml as plain data (``config.ImageSettings``
    reads them). ``media`` is empty as parsed; stage 2 (``transforms/assets.py``) fills it with
    the place in every package of each file the lessons use and of the course image, by path:
    images ``media/<hash>.<ext>``, named by their bytes and the settings; other files their
    path without ``course/`` or ``modules/``. ``variants``: the pictures this language shows
    in place of the ones the sources name (``media/x.svg`` -> ``media/x.ar.svg``, a sibling
    file with the language before its ending), filled when the course is read; ``media``
    names the variant's file under the original's path. ``glossary``: the course's difficult
    words with their definitions in this language (``course/glossary.yml``).
    """

    id: str
    organisation: str
    run: str
    version: str
    title: str
    description: str
    languages: tuple[str, ...]
    language: str
    licence: str
    authors: tuple[Author, ...]
    tracks: tuple[Track, ...]
    keywords: tuple[str, ...] = ()
    passing_score: int
    readability: dict[str, float] = Field(default_factory=dict)
    start: date | None = None
    end: date | None = None
    image: Asset | None = None
    branding: Branding | None = None
    help: Help | None = None
    images: dict[str, int | str | tuple[str, ...]] = Field(default_factory=dict)
    media: dict[str, str] = Field(default_factory=dict)
    variants: dict[str, str] = Field(default_factory=dict)
    modules: tuple[Module, ...]
    grading: Grading = Grading()
    epub: EpubSettings = EpubSettings()
    glossary: tuple[GlossaryEntry, ...] = ()  # course/glossary.yml in this language
    source: SourceSpan

    @property
    def estimated_minutes(self) -> int:
        return sum(module.estimated_minutes for module in self.modules)

    def own_pictures(self) -> tuple[Asset, ...]:
        """The pictures of the course itself, which any page may show: its image and the
        branding's."""
        image = (self.image,) if self.image is not None else ()
        return image + (self.branding.images if self.branding is not None else ())

    def media_file(self, path: str) -> str:
        """The file shown for the course file ``path`` in this language: its language variant,
        if it has one, else itself."""
        return self.variants.get(path, path)

    def track_modules(self, track: str) -> tuple[Module, ...]:
        """The modules of a track: the shared modules (``track: all``) first, then its own,
        each in order."""
        shared = tuple(module for module in self.modules if module.shared)
        return shared + tuple(module for module in self.modules if module.track == track)

    def help_page(self) -> tuple[Module, Lesson] | None:
        """The lesson the help link opens (``help.lesson``), if the course has it."""
        wanted = self.help.lesson if self.help else None
        return next(((m, lesson) for m, lesson in self.lessons() if lesson.path == wanted), None)

    def assessed_modules(self, track: str) -> tuple[Module, ...]:
        """The modules a track's credential asks learners to pass: its own, without the
        shared ones (which are not assessed), in order."""
        return tuple(module for module in self.modules if module.track == track)

    def track_outcomes(self, track: str) -> tuple[Outcome, ...]:
        """The learning outcomes of a track's credential: its assessed modules' outcomes."""
        return tuple(
            outcome for module in self.assessed_modules(track) for outcome in module.outcomes
        )

    def lessons(self) -> Iterator[tuple[Module, Lesson]]:
        for module in self.modules:
            for lesson in module.lessons:
                yield module, lesson

    def questions(self) -> Iterator[tuple[Lesson, Question]]:
        """Every question of every quiz, knowledge checks and assessments, in reading order."""
        for _, lesson in self.lessons():
            for quiz in lesson.quizzes():
                for question in quiz.questions:
                    yield lesson, question

    def course_pass_mark(self) -> int | None:
        """The one pass mark of a platform that grades the whole course (Open edX):
        ``grading.open_edx_pass_mark``, else the passing score every module shares; None when
        the modules' passing scores differ and none is set (``check`` reports it)."""
        if self.grading.open_edx_pass_mark is not None:
            return self.grading.open_edx_pass_mark
        scores = {module.passing_score for module in self.modules}
        if len(scores) > 1:
            return None
        return scores.pop() if scores else self.passing_score
