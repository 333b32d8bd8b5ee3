"""axe-core (npm) in headless Chromium on every page of the preview and on the SCORM player
page, with the WCAG 2.0/2.1/2.2 A and AA rule tags: any violation fails the test."""

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.ir import Course
from tests.browser.conftest import COURSE_ROOT, ROOT

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page: Page) -> list[dict[str, Any]]:
    if not AXE.is_file():
        message = "axe-core is missing: run `make browser-deps` (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def preview_pages(preview_dir: Path) -> list[Path]:
    return sorted(preview_dir.rglob("*.html"))


def test_every_preview_page_passes_axe(browser: Browser, preview_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for path in preview_pages(preview_dir):
        for suffix in ("", "?review"):
            page.goto(path.resolve().as_uri() + suffix)
            problems = violations(page)
            if problems:
                found[f"{path.relative_to(preview_dir)}{suffix}"] = problems
    context.close()
    assert found == {}


def test_the_preview_passes_axe_on_a_phone(browser: Browser, preview_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    lesson = next(p for p in preview_pages(preview_dir) if p.name != "index.html")
    page.goto(lesson.resolve().as_uri())
    assert violations(page) == []
    context.close()


def test_the_scorm_player_page_passes_axe(browser: Browser, course: Course, tmp_path: Path) -> None:
    artifact = Scorm12(BuildOptions()).write(course, COURSE_ROOT, tmp_path / "scorm12")
    archive = artifact.root / f"{course.id}-{course.modules[0].id}.zip"
    with zipfile.ZipFile(archive) as package:
        package.extractall(tmp_path / "unpacked")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto((tmp_path / "unpacked" / course.modules[0].folder / "index.html").as_uri())
    page.locator("#sco-position").filter(has_text="1").wait_for()
    found = {}
    for index in range(len(course.modules[0].lessons)):
        problems = violations(page)
        if problems:
            found[index] = problems
        if index + 1 < len(course.modules[0].lessons):
            page.locator("#sco-next").click()
    context.close()
    assert found == {}


def test_axe_reports_a_real_violation(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content('<html><body><main><img src="data:,"><a href="#"></a></main></body></html>')
    found = {v["id"] for v in violations(page)}
    page.close()
    assert {"image-alt", "html-has-lang"} <= found
