"""The glossary in Chromium: a marked word opens its meaning by keyboard (Tab, Enter, Escape)
and by a tap, with no hover; the lesson with a word open and the glossary page pass axe at
320 px and on a desktop, left-to-right and right-to-left."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.pipeline import load_course
from tests.browser.test_axe import violations
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, write_files

pytestmark = pytest.mark.browser

GLOSSARY = {
    "en": (
        "terms:\n"
        "  - id: wi-fi\n    term: Wi-Fi\n"
        "    definition: A way to connect your phone to the internet without a cable.\n"
        "  - id: password\n    term: password\n"
        "    definition: A secret word that only you know.\n"
    ),
    "ar": (
        "terms:\n"
        "  - id: wi-fi\n    term: الواي فاي\n    forms: [واي فاي]\n"
        "    definition: طريقة لتوصيل هاتفك بالإنترنت بدون سلك.\n"
        "  - id: password\n    term: كلمة المرور\n"
        "    definition: كلمة سرية تعرفها أنت فقط.\n"
    ),
}
LESSON = {
    "en": "## Connect\n\nOpen the Wi-Fi settings. Type the password of the Wi-Fi.\n",
    "ar": "## الاتصال\n\nافتح إعدادات الواي فاي. اكتب كلمة المرور.\n",  # noqa: RUF001 (Arabic text)
}


@pytest.fixture(scope="module", params=["en", "ar"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    language = request.param
    root = write_files(
        tmp_path_factory.mktemp(f"glossary-{language}"),
        {
            "course/course.yml": COURSE_YML.replace("languages: [en]", f"languages: [{language}]"),
            "course/glossary.yml": GLOSSARY[language],
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": FRONT + LESSON[language],
        },
    )
    course, diagnostics = load_course(root)
    assert course is not None, [str(d) for d in diagnostics]
    out = root / "build" / "html"
    yield HtmlPreview(BuildOptions()).write(course, root, out).root


def lesson(site: Path) -> str:
    return (site / "01-basics" / "01-lesson.html").as_uri()


def test_a_word_opens_its_meaning_by_keyboard(browser: Browser, site: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(lesson(site))
    word = page.locator("button.term__word").first
    meaning = page.locator("#term-wi-fi")
    expect(meaning).to_be_hidden()
    for _ in range(40):  # Tab through the page until the word has the focus
        page.keyboard.press("Tab")
        if word.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the glossary word cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(word).to_have_attribute("aria-expanded", "true")
    expect(meaning).to_be_visible()
    expect(meaning).to_contain_text("internet" if "en" in site.parts[-3] else "بالإنترنت")
    page.keyboard.press("Escape")
    expect(meaning).to_be_hidden()
    expect(word).to_have_attribute("aria-expanded", "false")
    expect(word).to_be_focused()
    page.keyboard.press("Space")
    expect(meaning).to_be_visible()
    page.keyboard.press("Tab")  # into the meaning: its link to the glossary page
    expect(meaning.locator("a")).to_be_focused()
    page.keyboard.press("Escape")
    expect(meaning).to_be_hidden()
    expect(word).to_be_focused()
    context.close()


def test_a_word_opens_its_meaning_with_a_tap(browser: Browser, site: Path) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(lesson(site))
    word = page.locator("button.term__word").first
    meaning = page.locator("#term-wi-fi")
    word.tap()
    expect(meaning).to_be_visible()
    expect(word).to_have_attribute("aria-expanded", "true")
    word.tap()
    expect(meaning).to_be_hidden()
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_lesson_with_an_open_word_and_the_glossary_page_pass_axe(
    browser: Browser, site: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page: Page = context.new_page()
    page.goto(lesson(site))
    page.locator("button.term__word").first.click()
    expect(page.locator("#term-wi-fi")).to_be_visible()
    assert violations(page) == []
    page.goto((site / "glossary.html").as_uri())
    expect(page.locator("dt")).to_have_count(2)
    assert violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    context.close()
