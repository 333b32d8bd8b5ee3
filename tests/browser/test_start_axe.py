"""axe-core on the about page, a lesson of the course start (with the help link and the help
box) and the start's SCORM page: the sample course with a start module, ``help:`` and the real
course's branding and credential (``tests/test_shared_start.py``), at desktop and phone widths."""

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.pipeline import load_course
from tests.browser.test_axe import violations
from tests.test_shared_start import HELP_LESSON, start_course

pytestmark = pytest.mark.browser


def test_about_page_and_start_lesson_pass_axe(browser: Browser, tmp_path: Path) -> None:
    root = start_course(tmp_path / "course")
    course, diagnostics = load_course(root)
    assert course is not None, diagnostics
    site = HtmlPreview(BuildOptions()).write(course, root, tmp_path / "html").root
    package = Scorm12(BuildOptions()).write(course, root, tmp_path / "scorm12").root
    with zipfile.ZipFile(package / f"{course.id}-start.zip") as archive:
        archive.extractall(tmp_path / "sco")
    help_page = site / HELP_LESSON.removeprefix("modules/").replace(".md", ".html")
    pages = [site / "about.html", help_page, tmp_path / "sco/00-start/index.html"]
    found = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in pages:
            page.goto(path.as_uri())
            link = page.locator("a.help-link")
            assert link.count() == 1 and link.is_visible(), path
            link.click()  # leads to the help box: on this page (SCORM) or the help lesson's
            page.wait_for_load_state()
            assert page.locator("#help").is_visible(), path
            page.goto(path.as_uri())
            problems = violations(page)
            if problems:
                found[f"{path.relative_to(tmp_path)} at {width}px"] = problems
        context.close()
    assert found == {}
