"""Issue 17: a picture answer is a large touch target and part of the answer's name.

Tapping the picture chooses the answer (it sits inside the label), the alt text is in the
accessible name of the radio button or checkbox, and the question is answered and checked as
any choice question: by the answers' ids.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.pipeline import load_course
from tests.browser.conftest import Watched
from tests.test_picture_answers import picture_course

PAGE = "01-basics/01-lesson.html"


@pytest.fixture(scope="module")
def picture_preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = picture_course(tmp_path_factory.mktemp("pictures"))
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    out = tmp_path_factory.mktemp("preview") / "html"
    return HtmlPreview(BuildOptions()).write(course, root, out).root


@pytest.fixture
def phone(browser: Browser, picture_preview: Path) -> Iterator[Watched]:
    """The picture course's page on a phone-sized screen, with touch."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    watched = Watched(context.new_page(), picture_preview)
    watched.page.on("console", watched.on_console)
    watched.page.on("pageerror", lambda error: watched.errors.append(f"page error: {error}"))
    yield watched
    context.close()
    assert watched.errors == []


def test_tapping_the_picture_chooses_the_answer(phone: Watched) -> None:
    page = phone.open(PAGE)
    right = page.locator("#assessment1-easy-phone-a")
    wrong = page.locator("#assessment1-easy-phone-b")
    page.locator("label[for='assessment1-easy-phone-b'] img").tap()
    expect(wrong).to_be_checked()
    page.locator("label[for='assessment1-easy-phone-a'] img").tap()
    expect(right).to_be_checked()
    expect(wrong).not_to_be_checked()
    box = page.locator("label[for='assessment1-easy-phone-a']").bounding_box()
    assert box is not None and box["height"] >= 44  # a large target, picture and words
    page.locator("#assessment1-easy-phone button.button--check").click()
    expect(page.locator("#assessment1-easy-phone-feedback .verdict")).to_have_text(
        "This answer is right."
    )


def test_the_alt_text_names_the_answer(phone: Watched) -> None:
    page = phone.open(PAGE)
    expect(page.get_by_role("radio", name="A phone with big letters Big letters")).to_have_count(1)
    expect(page.get_by_role("radio", name="A phone with small letters", exact=True)).to_have_count(
        1
    )
    ticked = page.get_by_role("checkbox", name="A phone with big letters", exact=True)
    page.locator("label[for='assessment1-easy-phones-a'] img").click()
    expect(ticked).to_be_checked()
