"""axe-core on the real course, in every language it declares: every preview page and every
page of the first module's SCORM player, WCAG 2.0/2.1/2.2 A and AA tags, no violation allowed.

The English sample course (tests/browser/test_axe.py) covers every question type and reviewer
mode; this covers what only the real course has: each language's words, Arabic right to left.
"""

import zipfile
from functools import cache
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.ir import Course
from bwise_mooc.pipeline import load_course
from tests.browser.conftest import ROOT
from tests.browser.test_axe import violations

pytestmark = pytest.mark.browser
LANGUAGES = yaml.safe_load((ROOT / "course" / "course.yml").read_text("utf-8"))["languages"]


@cache
def real_course(language: str) -> Course:
    course, diagnostics = load_course(ROOT, language)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return course


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_preview_page_of_every_language_passes_axe(
    browser: Browser, language: str, tmp_path: Path
) -> None:
    course = real_course(language)
    site = HtmlPreview(BuildOptions()).write(course, ROOT, tmp_path / "html").root
    pages = sorted(site.rglob("*.html"))
    home_about_and_glossary = 3
    assert len(pages) == home_about_and_glossary + len(course.modules) + sum(
        len(m.lessons) for m in course.modules
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for path in pages:
        page.goto(path.as_uri())
        assert page.locator("html").get_attribute("lang") == language
        problems = violations(page)
        if problems:
            found[str(path.relative_to(site))] = problems
    context.close()
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scorm_player_of_every_language_passes_axe(
    browser: Browser, language: str, tmp_path: Path
) -> None:
    course = real_course(language)
    module = course.modules[0]
    artifact = Scorm12(BuildOptions()).write(course, ROOT, tmp_path / "scorm12")
    (archive,) = [p for p in artifact.root.glob(f"*-{module.id}*.zip")]
    with zipfile.ZipFile(archive) as package:
        package.extractall(tmp_path / "unpacked")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto((tmp_path / "unpacked" / module.folder / "index.html").as_uri())
    page.locator("#sco-position").filter(has_text="1").wait_for()
    assert page.locator("html").get_attribute("lang") == language
    found = {}
    for index, _ in enumerate(module.lessons):
        problems = violations(page)
        if problems:
            found[index] = problems
        if index + 1 < len(module.lessons):
            page.locator("#sco-next").click()
    context.close()
    assert found == {}
