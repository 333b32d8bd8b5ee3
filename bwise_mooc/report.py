"""`bwise-mooc check --report`: one page for reviewers with figures for every lesson.

Per lesson and language: readability figure, word count, estimated time, alt-text coverage
and translation status. Written into the HTML build as ``report.html``.
"""

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bwise_mooc import ir
from bwise_mooc.exporters.base import write_text
from bwise_mooc.exporters.html import environment
from bwise_mooc.transforms.readability import Readability, lesson_text, readability


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


def figures(courses: list[ir.Course]) -> list[LessonFigures]:
    rows = []
    for course in courses:
        source_language = course.languages[0]
        for module, lesson in course.lessons():
            text = lesson_text(lesson)
            images = [asset for asset in lesson.assets if not asset.path.endswith(".md")]
            rows.append(
                LessonFigures(
                    module=module,
                    lesson=lesson,
                    language=course.language,
                    readability=readability(text, course.language),
                    words=len(re.findall(r"\w[\w'\u2019-]*", text)),
                    images=len(images),
                    described=sum(1 for asset in images if asset.alt.strip()),
                    status=_status(course.language == source_language, lesson),
                    minimum=course.readability.get(module.track),
                )
            )
    return rows


def _status(original: bool, lesson: ir.Lesson) -> str:
    if original:
        return "original"
    return "translated" if lesson.source.path != lesson.path else "missing"


def write_report(courses: list[ir.Course], html_dir: Path) -> Path:
    """Write ``report.html`` (and the stylesheet it uses) into ``html_dir``."""
    course = courses[0]
    page = (
        environment(course.language)
        .get_template("report.html.j2")
        .render(
            course=course,
            courses=courses,
            rows=figures(courses),
            root="",
            page_kind="report",
            breadcrumb=[],
        )
    )
    target = html_dir / "report.html"
    write_text(target, page)
    stylesheet = html_dir / "assets" / "preview.css"
    if not stylesheet.exists():
        css = resources.files("bwise_mooc.exporters").joinpath("static", "preview.css")
        write_text(stylesheet, css.read_text("utf-8"))
    return target
