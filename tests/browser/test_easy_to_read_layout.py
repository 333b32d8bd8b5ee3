"""Issue 18 in Chromium, on the real course's previews in English, German and Arabic: the
workers' lessons in the Easy-to-Read layout on a phone, the preview's assessment ending with
the score and pass or fail (keyboard only), the language switcher between the editions, and
the cue on tables wider than the screen; axe on these pages at 320 px and on a desktop."""

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from bwise_mooc.pipeline import export, load_languages
from tests.browser.conftest import ROOT
from tests.browser.test_axe import violations

pytestmark = pytest.mark.browser

WORKERS = "01-my-phone-and-me"
LESSON = f"{WORKERS}/01-switch-on-tap-and-talk.html"
ASSESSMENT = f"{WORKERS}/04-review-and-assessment.html"
STAFF_LESSON = "05-assessing-digital-skills/01-digcomp-and-the-check-in.html"
SITES = {"en": "html", "de": "de/html", "ar": "ar/html"}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course's previews in every language, laid out as `make package` does."""
    courses, diagnostics = load_languages(ROOT)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    out = tmp_path_factory.mktemp("editions")
    export(courses, ROOT, out, ["html"], jobs=2)
    return out


@pytest.fixture
def open_page(browser: Browser, build: Path) -> Iterator[object]:
    contexts = []

    def open_(language: str, page: str, width: int = 390) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 844})
        contexts.append(context)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto((build / SITES[language] / page).as_uri())
        tab.wait_for_load_state("load")
        assert errors == []
        return tab

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", list(SITES))
def test_a_workers_lesson_on_a_phone_has_the_easy_to_read_layout(
    open_page: object, language: str
) -> None:
    page = open_page(language, ASSESSMENT)  # type: ignore[operator]
    expect(page.locator("body")).to_have_class(re.compile(r"\blayout-easy-to-read\b"))
    # one sentence per line in the source is one line on the page
    assert page.locator("main p br").count() > 0
    labels = page.locator(".quiz--graded .option label")
    assert labels.count() >= 16
    for index in range(labels.count()):
        box = labels.nth(index).bounding_box()
        assert box is not None and box["height"] >= 48 and box["width"] >= 48, index
    picture = page.locator(".quiz--graded .option label img").first.bounding_box()
    assert picture is not None and picture["height"] >= 96  # picture answers are large
    assert page.evaluate("getComputedStyle(document.querySelector('main p')).textAlign") in {
        "start",
        "left",
        "right",
    }
    lesson = open_page(language, LESSON)  # type: ignore[operator]
    assert lesson.locator("main p br").count() > 0
    figure = lesson.locator("main .figure img").first.bounding_box()
    assert figure is not None and figure["width"] >= 300  # full width on a phone


def test_a_staff_lesson_keeps_the_standard_layout(open_page: object) -> None:
    page = open_page("en", STAFF_LESSON)  # type: ignore[operator]
    expect(page.locator("body")).not_to_have_class(re.compile(r"layout-easy-to-read"))
    assert page.locator("main .lesson > p br").count() == 0


FOCUS = """() => {
  const a = document.activeElement;
  const form = a && a.closest ? a.closest("form.question") : null;
  return {
    tag: a ? a.tagName.toLowerCase() : "",
    type: a && a.type ? a.type : "",
    graded: !!(form && form.closest(".quiz--graded")),
    checked: !!(form && (form.classList.contains("is-correct") || form.classList.contains("is-wrong"))),
    chosen: !!(form && form.querySelector("input:checked"))
  };
}"""
RESULT = {
    "en": r"You got (\d) of (\d) answers right \((\d+)%\)\. You (passed|did not pass): "
    r"the pass mark is 70%\.",
    "de": r"Richtige Antworten: (\d) von (\d) \((\d+) %\)\. Sie haben (bestanden|nicht bestanden)"
    r"\. Zum Bestehen brauchen Sie 70 %\.",
    "ar": r"الإجابات الصحيحة: (\d) من (\d) \((\d+)%\)\. (لقد نجحت|لم تنجح)\. للنجاح تحتاج إلى 70%\.",
}


@pytest.mark.parametrize("language", list(SITES))
def test_the_preview_assessment_ends_with_the_score_keyboard_only(
    open_page: object, language: str
) -> None:
    page = open_page(language, ASSESSMENT, 1280)  # type: ignore[operator]
    questions = page.locator(".quiz--graded form.question").count()
    assert questions == 8
    result = page.locator(".quiz--graded .quiz-result")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_have_text("")
    page.locator("body").focus()
    answered = keys = 0
    while answered < questions and keys < 1500:
        page.keyboard.press("Tab")
        keys += 1
        focus = page.evaluate(FOCUS)
        if not focus["graded"] or focus["checked"]:
            continue
        if focus["tag"] == "input" and not focus["chosen"]:
            page.keyboard.press("Space")
        elif focus["tag"] == "button" and focus["chosen"]:
            page.keyboard.press("Enter")
            answered += 1
            if answered < questions:
                expect(result).to_have_text("")  # no result before every answer
    assert answered == questions
    found = re.fullmatch(RESULT[language], result.inner_text().strip())
    assert found, result.inner_text()
    right, count, percent = (int(found.group(n)) for n in (1, 2, 3))
    assert count == questions and percent == round(100 * right / count)
    passed = found.group(4) in {"passed", "bestanden", "لقد نجحت"}
    assert passed == (percent >= 70)


def resolve(page: Page, href: str) -> Path:
    here = Path(unquote(urlsplit(page.url).path)).parent
    return (here / href).resolve()


def test_the_language_switcher_links_the_editions(open_page: object, build: Path) -> None:
    english = open_page("en", LESSON, 1280)  # type: ignore[operator]
    switcher = english.locator("nav.language-switcher")
    expect(switcher.locator("a")).to_have_text(["English", "Deutsch", "العربية"])
    expect(switcher.locator("a[aria-current]")).to_have_attribute("hreflang", "en")
    for language, site in SITES.items():
        link = switcher.locator(f'a[hreflang="{language}"]')
        expect(link).to_have_attribute("lang", language)
        assert resolve(english, link.get_attribute("href") or "") == build / site / LESSON
    switcher.locator('a[hreflang="de"]').click()
    expect(english.locator("html")).to_have_attribute("lang", "de")
    english.locator('nav.language-switcher a[hreflang="ar"]').click()
    expect(english.locator("html")).to_have_attribute("lang", "ar")
    assert english.url.endswith(f"/ar/html/{LESSON}")
    english.locator('nav.language-switcher a[hreflang="en"]').click()
    assert english.url.endswith(f"/html/{LESSON}") and "/ar/" not in english.url
    # the staff tracks are not in Arabic: the link goes to the Arabic home page
    staff = open_page("de", STAFF_LESSON, 1280)  # type: ignore[operator]
    arabic = staff.locator('nav.language-switcher a[hreflang="ar"]').get_attribute("href")
    assert resolve(staff, arabic or "") == build / "ar/html/index.html"
    english_link = staff.locator('nav.language-switcher a[hreflang="en"]').get_attribute("href")
    assert resolve(staff, english_link or "") == build / "html" / STAFF_LESSON


TABLES = "10-leading-people-through-digital-change/03-co-design-and-digital-well-being.html"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_table_wider_than_a_phone_shows_that_it_scrolls(open_page: object, language: str) -> None:
    page_name = TABLES if language == "en" else LESSON
    phone = open_page(language, page_name, 390)  # type: ignore[operator]
    if language == "ar":  # the Arabic tables fit a phone: make one wider, as a longer text would
        phone.locator(".scroll-region table").first.evaluate("t => { t.style.minWidth = '40rem'; }")
    region = phone.locator(".scroll-frame.is-overflowing .scroll-region").first
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    assert region.get_attribute("aria-label")
    frame = phone.locator(".scroll-frame.is-overflowing").first
    expect(frame).to_have_class(re.compile(r"\bhas-more-end\b"))
    expect(frame).not_to_have_class(re.compile(r"\bhas-more-start\b"))
    note = phone.locator(".scroll-note:visible").first
    expect(note).to_be_visible()
    # the shadow fades in (a 0.2 s transition): wait for it rather than read it mid-way
    phone.wait_for_function(
        "f => getComputedStyle(f, '::after').opacity === '1'", arg=frame.element_handle()
    )
    # scrolled to the end (to the left in Arabic): the shadow moves to the start
    region.evaluate(
        "r => { r.scrollLeft = (getComputedStyle(r).direction === 'rtl' ? -1 : 1) * r.scrollWidth; }"
    )
    expect(frame).to_have_class(re.compile(r"\bhas-more-start\b"))
    expect(frame).not_to_have_class(re.compile(r"\bhas-more-end\b"))
    desktop = open_page(language, page_name, 1280)  # type: ignore[operator]
    expect(desktop.locator(".scroll-frame.is-overflowing")).to_have_count(0)
    expect(desktop.locator(".scroll-note:visible")).to_have_count(0)


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize(
    ("language", "page_name"),
    [
        ("en", LESSON),
        ("de", LESSON),
        ("ar", LESSON),
        ("en", ASSESSMENT),
        ("ar", ASSESSMENT),
        ("en", TABLES),
    ],
)
def test_the_new_pages_pass_axe(
    open_page: object, language: str, page_name: str, width: int
) -> None:
    page = open_page(language, page_name, width)  # type: ignore[operator]
    if page_name == ASSESSMENT:  # with the result shown
        forms = page.locator(".quiz--graded form.question")
        for index in range(forms.count()):
            form = forms.nth(index)
            form.locator("input").first.check()
            form.locator("button.button--check").click()
        expect(page.locator(".quiz-result p")).to_have_count(1)
    assert violations(page) == []
