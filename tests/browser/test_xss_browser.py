"""The preview page of a lesson full of XSS payloads opens, is used, and shows no dialog."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.pipeline import load_course
from tests.conftest import COURSE_YML, MODULE_YML, write_files
from tests.test_xss import xss_lesson

pytestmark = pytest.mark.browser


def test_no_payload_runs_in_the_preview(browser: Browser, tmp_path: Path) -> None:
    root = tmp_path / "course"
    files = {
        "course/course.yml": COURSE_YML,
        "modules/01-basics/module.yml": MODULE_YML,
        "modules/01-basics/01-lesson.md": xss_lesson(),
    }
    write_files(root, files)
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    out = HtmlPreview(BuildOptions()).write(course, root, tmp_path / "html").root
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: requests.append(request.url))
    page.goto((out / "01-basics" / "01-lesson.html").as_uri())
    page.wait_for_load_state("load")
    for element in page.locator("main a, main p, main label, main summary").all()[:80]:
        if element.is_visible():
            element.hover(timeout=2000)
    for button in page.locator("button[type=submit]").all():
        form = button.locator("xpath=ancestor::form")
        first = form.locator("input").first
        if first.get_attribute("type") == "text":
            first.fill("x")
        else:
            first.check()
        button.click()
    page.locator("#review-toggle").click()
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == []
    assert [url for url in requests if not url.startswith("file://")] == []
