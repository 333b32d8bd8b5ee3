"""Issue 18: the Easy-to-Read layout of a track (``easy_to_read: true``) or a lesson
(``layout:`` in its front matter), decided when the lesson is parsed, and the preview's
language switcher between editions.

An Easy-to-Read lesson keeps each line of its text as written (markdown-it's ``breaks``): one
sentence per line in the source is one line on the page. Its pages carry the class
``layout-easy-to-read``, which the style sheet turns into more space and large targets.
"""

import pytest

from bwise_mooc import ir
from bwise_mooc.exporters.html_preview import editions, render_site
from bwise_mooc.lesson_cache import lesson_key
from bwise_mooc.parse.course import LessonJob
from bwise_mooc.pipeline import load_languages
from tests.conftest import COURSE_YML, MakeCourse

EASY = COURSE_YML.replace(
    "tracks: [{id: workers, title: Workers}]",
    "tracks: [{id: workers, title: Workers, easy_to_read: true}, {id: staff, title: Staff}]",
)
STAFF_MODULE = (
    "title: For staff\nsummary: Staff things.\ntrack: staff\n"
    "outcomes:\n  - {id: s1, text: Do the staff thing.}\nestimated_minutes: 30\n"
)
TEXT = "Yusuf works in a kitchen.\nHe uses his phone at work.\n"


def front(outcome: str, layout: str | None = None) -> str:
    extra = f"layout: {layout}\n" if layout else ""
    return f"---\ntitle: A lesson\nestimated_minutes: 10\noutcomes: [{outcome}]\n{extra}---\n"


def lessons(
    make_course: MakeCourse, workers: str | None = None, staff: str | None = None
) -> dict[str, ir.Lesson]:
    root = make_course(
        {
            "course/course.yml": EASY,
            "modules/01-basics/01-lesson.md": front("o1", workers) + TEXT,
            "modules/02-staff/module.yml": STAFF_MODULE,
            "modules/02-staff/01-lesson.md": front("s1", staff) + TEXT,
        }
    )
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return {module.track: module.lessons[0] for module in courses[0].modules}


def paragraph(lesson: ir.Lesson) -> str:
    return next(block.html for block in lesson.blocks if isinstance(block, ir.Paragraph))


def test_an_easy_to_read_track_keeps_each_line_and_a_staff_track_joins_them(
    make_course: MakeCourse,
) -> None:
    found = lessons(make_course)
    assert found["workers"].easy_to_read
    assert paragraph(found["workers"]) == (
        "<p>Yusuf works in a kitchen.<br>\nHe uses his phone at work.</p>"
    )
    assert not found["staff"].easy_to_read
    assert "<br>" not in paragraph(found["staff"])


@pytest.mark.parametrize(
    ("workers", "staff", "expected"),
    [("standard", None, (False, False)), (None, "easy-to-read", (True, True))],
    ids=["a lesson of the track says standard", "a staff lesson says easy-to-read"],
)
def test_the_front_matter_overrides_the_track(
    make_course: MakeCourse, workers: str | None, staff: str | None, expected: tuple[bool, bool]
) -> None:
    found = lessons(make_course, workers, staff)
    assert (found["workers"].easy_to_read, found["staff"].easy_to_read) == expected
    assert ("<br>" in paragraph(found["workers"]), "<br>" in paragraph(found["staff"])) == expected


def test_an_unknown_layout_is_an_error(make_course: MakeCourse) -> None:
    root = make_course(
        {"course/course.yml": EASY, "modules/01-basics/01-lesson.md": front("o1", "large") + TEXT}
    )
    _, diagnostics = load_languages(root)
    assert any("layout" in str(d) for d in diagnostics.errors)


def test_the_layout_is_part_of_the_lesson_cache_key(make_course: MakeCourse) -> None:
    job = LessonJob(make_course(), "modules/01-basics/01-lesson.md", None, TEXT, None)
    assert lesson_key(job) != lesson_key(LessonJob(job.root, job.path, None, TEXT, None, True))


def test_preview_pages_of_easy_to_read_lessons_have_the_class(make_course: MakeCourse) -> None:
    root = make_course(
        {
            "course/course.yml": EASY,
            "modules/01-basics/01-lesson.md": front("o1") + TEXT,
            "modules/02-staff/module.yml": STAFF_MODULE,
            "modules/02-staff/01-lesson.md": front("s1") + TEXT,
        }
    )
    courses, _ = load_languages(root)
    pages = dict(render_site(courses[0]))
    assert 'class="page page--lesson layout-easy-to-read"' in pages["01-basics/01-lesson.html"]
    assert 'class="page page--module layout-easy-to-read"' in pages["01-basics/index.html"]
    assert 'class="page page--lesson"' in pages["02-staff/01-lesson.html"]
    assert "language-switcher" not in pages["index.html"]  # one language: no switcher


def test_the_language_switcher_links_pages_that_exist(make_course: MakeCourse) -> None:
    course_yml = EASY.replace("languages: [en]", "languages: [en, de, ar]").replace(
        "{id: staff, title: Staff}", "{id: staff, title: Staff, languages: [en, de]}"
    )
    root = make_course(
        {
            "course/course.yml": course_yml,
            "modules/01-basics/01-lesson.md": front("o1") + TEXT,
            "modules/02-staff/module.yml": STAFF_MODULE,
            "modules/02-staff/01-lesson.md": front("s1") + TEXT,
        }
    )
    courses, _ = load_languages(root)
    english, german, arabic = courses
    _, staff = english.modules

    def links(
        course: ir.Course, module: ir.Module | None, page: str, root: str
    ) -> list[tuple[str, str, str, bool]]:
        return [
            (e.language, e.name, e.href, e.current) for e in editions(course, root, page, module)
        ]

    assert links(english, staff, "02-staff/01-lesson.html", "../") == [
        ("en", "English", "../02-staff/01-lesson.html", True),
        ("de", "Deutsch", "../../de/html/02-staff/01-lesson.html", False),
        ("ar", "العربية", "../../ar/html/index.html", False),  # staff is not offered in Arabic
    ]
    assert links(arabic, arabic.modules[0], "01-basics/01-lesson.html", "../") == [
        ("en", "English", "../../../html/01-basics/01-lesson.html", False),
        ("de", "Deutsch", "../../../de/html/01-basics/01-lesson.html", False),
        ("ar", "العربية", "../01-basics/01-lesson.html", True),
    ]
    assert links(german, None, "index.html", "")[0][2] == "../../html/index.html"
    page = dict(render_site(arabic))["01-basics/01-lesson.html"]
    assert (
        '<a href="../../../html/01-basics/01-lesson.html" lang="en" hreflang="en" dir="ltr">'
        "English</a>" in page
    )
    assert 'hreflang="ar" dir="rtl" aria-current="true">العربية</a>' in page
