"""Stage 3 exporter: the course report, one page for reviewers with figures for every lesson.

Per lesson: readability figure, word count, estimated time, alt-text coverage and translation
status. Like every format it is written per language, into ``report/index.html`` (translations:
``<lang>/report/index.html``) with the preview's stylesheet and scripts in ``report/assets/``;
``bwise-mooc build --format report`` and ``bwise-mooc check --report`` write it.
"""

import re
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import ClassVar

from bwise_mooc import ir
from bwise_mooc.av import is_av
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    PartStore,
    staged_directory,
    write_text,
)
from bwise_mooc.exporters.html import environment
from bwise_mooc.exporters.html_preview import STATIC_FILES
from bwise_mooc.transforms.lint import readability_minimum
from bwise_mooc.transforms.readability import Readability, lesson_text, readability


class Report:
    name: ClassVar[str] = "report"
    description: ClassVar[str] = (
        "figures for reviewers: readability, words, time, alt text and translation per lesson"
    )
    cost: ClassVar[int] = 0  # relative build time: one page, no media
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options  # the report has no build options of its own

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        with staged_directory(out_dir) as stage:
            write_text(stage / "index.html", render_report([course], self.options.parts))
            static = resources.files("bwise_mooc.exporters").joinpath("static")
            for name in STATIC_FILES:  # the page uses the preview's look and scripts
                write_text(stage / "assets" / name, static.joinpath(name).read_text("utf-8"))
        return Artifact(self.name, out_dir, (out_dir / "index.html",))


@dataclass(frozen=True)
class LessonFigures:
    module: ir.Module
    lesson: ir.Lesson
    language: str
    readability: Readability | None
    words: int
    images: int
    described: int
    status: str  # "original", "translated" or "missing"
    minimum: float | None

    @property
    def below(self) -> bool:
        return bool(
            self.readability and self.minimum is not None and self.readability.score < self.minimum
        )


@dataclass(frozen=True)
class Counted:
    """What the report counts in a lesson's text and pictures."""

    readability: Readability | None
    words: int
    images: int
    described: int


def counted(lesson: ir.Lesson, language: str) -> Counted:
    text = lesson_text(lesson)
    images = [  # films, sounds and captions have titles of their own
        asset for asset in lesson.assets if not asset.path.endswith(".md") and not is_av(asset.path)
    ]
    return Counted(
        readability=readability(text, language),
        words=len(re.findall(r"\w[\w'\u2019-]*", text)),
        images=len(images),
        described=sum(1 for asset in images if asset.alt.strip()),
    )


def module_counts(course: ir.Course, module: ir.Module) -> list[Counted]:
    """``counted`` for each lesson of ``module``: a part of the report, made again only when
    the module changed."""
    return [counted(lesson, course.language) for lesson in module.lessons]


def figures(courses: list[ir.Course], parts: PartStore | None = None) -> list[LessonFigures]:
    """A row per lesson of each course; each module's counts are found in ``parts``."""
    store = parts or PartStore()
    rows = []
    for course in courses:
        source_language = course.languages[0]
        for module in course.modules:
            counts = store.part(
                course, "report-counts", [module], partial(module_counts, course, module)
            )
            for lesson, count in zip(module.lessons, counts, strict=True):
                rows.append(
                    LessonFigures(
                        module=module,
                        lesson=lesson,
                        language=course.language,
                        readability=count.readability,
                        words=count.words,
                        images=count.images,
                        described=count.described,
                        status=_status(course.language == source_language, lesson),
                        minimum=readability_minimum(module, course.readability),
                    )
                )
    return rows


def _status(original: bool, lesson: ir.Lesson) -> str:
    if original:
        return "original"
    return "translated" if lesson.source.path != lesson.path else "missing"


def render_report(courses: list[ir.Course], parts: PartStore | None = None) -> str:
    """The report page for ``courses`` (one table per language), in the first one's language;
    the figures of unchanged modules are found in ``parts``."""
    course = courses[0]
    return (
        environment(course.language)
        .get_template("report.html.j2")
        .render(
            course=course,
            courses=courses,
            rows=figures(courses, parts),
            root="",
            page_kind="report",
            breadcrumb=[],
            brand=None,  # a reviewers' table, not a course page: no media beside it
            help_href=None,  # nor the preview's pages (help lesson, about page)
            about_href=None,
        )
    )
