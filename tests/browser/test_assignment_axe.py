"""axe-core on a lesson page holding an assignment (its rubric table) and a workers' evidence
checklist (its table of empty boxes), on a desktop and on a 390-pixel phone, in English and in
Arabic (right to left): any WCAG A or AA violation fails."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bwise_mooc import pipeline
from tests.browser.test_axe import violations
from tests.conftest import COURSE_YML, MODULE_YML, write_files
from tests.exporters.test_assignments import LESSON

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_assignment_page_passes_axe(browser: Browser, tmp_path: Path, language: str) -> None:
    course_yml = COURSE_YML.replace("languages: [en]", f"languages: [{language}]")
    root = write_files(
        tmp_path,
        {
            "course/course.yml": course_yml,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": LESSON,
        },
    )
    course, diagnostics = pipeline.load_course(root)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    pipeline.export([course], root, root / "build", ["html"])
    page_path = root / "build" / "html" / "01-basics" / "01-lesson.html"
    found = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(page_path.as_uri())
        assert page.locator("table.rubric").count() == 1
        assert page.locator("table.checklist").count() == 1
        problems = violations(page)
        if problems:
            found[width] = problems
        context.close()
    assert found == {}
