"""The HTML preview in Chromium: answer checking, reviewer mode, offline use, accessibility habits.

Questions, answers and feedback come from the sample course's IR, so these tests follow the
course as authors change it. Every page is opened from file:// and must make no other request.
"""

import hashlib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Page, expect

from bwise_mooc import ir
from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html import TYPE_LABELS, QuizContext, format_number, render_quiz
from bwise_mooc.exporters.html_preview import HtmlPreview
from tests.browser.conftest import COURSE_ROOT, OpenWatched, Watched, sample_course

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Sample:
    """One question of the sample course and where it is shown."""

    page: str  # relative to the preview root
    form: str  # DOM id of the question's form
    question: ir.Question
    outcomes: tuple[ir.Outcome, ...]  # the outcomes it serves, for reviewer mode


def _samples() -> list[Sample]:
    samples = []
    for module, lesson in sample_course().lessons():
        by_id = {outcome.id: outcome for outcome in module.outcomes}
        for quiz in lesson.quizzes():
            for question in quiz.questions:
                ids = question.outcomes or lesson.outcomes
                outcomes = tuple(by_id[i] for i in ids)
                page = f"{module.folder}/{lesson.page}"
                samples.append(Sample(page, f"{quiz.id}-{question.id}", question, outcomes))
    return samples


SAMPLES = _samples()
PAGES = sorted(
    {"index.html"}
    | {f"{m.folder}/index.html" for m in sample_course().modules}
    | {sample.page for sample in SAMPLES}
    | {f"{m.folder}/{lesson.page}" for m, lesson in sample_course().lessons()}
)


def text_of(html: str) -> str:
    """The text a fragment shows, with spacing collapsed."""
    if not html:
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def expected_feedback(correct: bool, details: list[str], general: str) -> str:
    parts = [
        "This answer is right." if correct else "This answer is not right.",
        *(text_of(d) for d in details),
        text_of(general),
    ]
    return " ".join(part for part in parts if part)


def shown_feedback(page: Page, sample: Sample) -> str:
    return " ".join(page.locator(f"#{sample.form}-feedback").inner_text().split())


def check(page: Page, sample: Sample) -> None:
    page.locator(f"#{sample.form} button[type=submit]").click()


def pick(page: Page, sample: Sample, values: list[str]) -> None:
    """Select exactly ``values`` among the question's radio buttons / checkboxes, by clicking labels."""
    for box in page.locator(f"#{sample.form} input").all():
        value = box.get_attribute("value") or ""
        if box.is_checked() != (value in values):
            page.locator(f"label[for='{box.get_attribute('id')}']").click()


def type_answer(page: Page, sample: Sample, text: str) -> None:
    page.locator(f"#{sample.form} input[type=text]").fill(text)


def answer_right(page: Page, sample: Sample) -> str:
    """Answer correctly; return the feedback text the learner should see."""
    q = sample.question
    match q:
        case ir.SingleChoice() | ir.MultipleResponse():
            right = [c for c in q.choices if c.correct]
            pick(page, sample, [c.id for c in right])
            return expected_feedback(True, [c.feedback_html for c in right], q.feedback_html)
        case ir.TrueFalse():
            pick(page, sample, ["true" if q.answer else "false"])
            return expected_feedback(True, [], q.feedback_html)
        case ir.ShortText():
            accepted = max(q.accepted, key=lambda a: len(a.text.split()))
            # other case and extra spacing must not matter
            typed = "  " + "   ".join(accepted.text.swapcase().split()) + " "
            type_answer(page, sample, typed)
            match_ = next(
                a
                for a in q.accepted
                if ir.normalise_text_answer(a.text) == ir.normalise_text_answer(typed)
            )
            return expected_feedback(True, [match_.feedback_html], q.feedback_html)
        case ir.Numeric():
            answer = q.answers[-1]
            number = (answer.low + answer.high) / 2
            typed = format_number(number) if "." in format_number(number) else f"{number:.0f}.0"
            type_answer(page, sample, typed.replace(".", ","))  # a decimal comma
            first = next(a for a in q.answers if a.accepts(number))
            return expected_feedback(True, [first.feedback_html], q.feedback_html)


def answer_wrong(page: Page, sample: Sample) -> str | None:
    """Answer wrongly; return the expected feedback text (None if no wrong answer exists)."""
    q = sample.question
    match q:
        case ir.SingleChoice() | ir.MultipleResponse():
            wrong = [c for c in q.choices if not c.correct][:1]
            if not wrong:
                return None
            pick(page, sample, [wrong[0].id])
            return expected_feedback(False, [wrong[0].feedback_html], q.feedback_html)
        case ir.TrueFalse():
            pick(page, sample, ["false" if q.answer else "true"])
        case ir.ShortText():
            type_answer(page, sample, "zz not an answer zz")
        case ir.Numeric():
            number = max(a.high for a in q.answers) + 1000.5
            type_answer(page, sample, format_number(number))
    return expected_feedback(False, [], q.feedback_html)


def test_every_question_type_is_in_the_sample_course() -> None:
    assert {sample.question.type for sample in SAMPLES} == set(TYPE_LABELS)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s.page}#{s.form}")
def test_question_checks_right_and_wrong_answers(watched: Watched, sample: Sample) -> None:
    page = watched.open(sample.page)
    verdict = page.locator(f"#{sample.form}-feedback .verdict")

    wrong = answer_wrong(page, sample)
    if wrong is not None:
        check(page, sample)
        expect(verdict).to_have_text("This answer is not right.")
        assert shown_feedback(page, sample) == wrong

    right = answer_right(page, sample)
    check(page, sample)
    expect(verdict).to_have_text("This answer is right.")
    assert shown_feedback(page, sample) == right
    expect(page.locator(f"#{sample.form}")).to_have_class(re.compile(r"\bis-correct\b"))


def _first(kind: str) -> Sample:
    return next(s for s in SAMPLES if s.question.type == kind)


def test_unanswered_and_non_numbers_get_a_friendly_prompt(watched: Watched) -> None:
    single = _first("single")
    page = watched.open(single.page)
    check(page, single)
    expect(page.locator(f"#{single.form}-feedback")).to_have_text("Please choose an answer first.")

    numeric = _first("numeric")
    page = watched.open(numeric.page)
    type_answer(page, numeric, "seventy")
    check(page, numeric)
    expect(page.locator(f"#{numeric.form}-feedback")).to_have_text(
        "Please type a number, for example 12 or 2,5."
    )


def test_numeric_accepts_a_decimal_point_too(watched: Watched) -> None:
    numeric = _first("numeric")
    assert isinstance(numeric.question, ir.Numeric)
    answer = numeric.question.answers[0]
    page = watched.open(numeric.page)
    type_answer(page, numeric, f" {format_number(answer.high)} ")
    check(page, numeric)
    expect(page.locator(f"#{numeric.form}-feedback .verdict")).to_have_text("This answer is right.")


def test_numeric_accepts_arabic_indic_digits(watched: Watched) -> None:
    numeric = _first("numeric")
    assert isinstance(numeric.question, ir.Numeric)
    typed = format_number(numeric.question.answers[0].high).replace(",", "\u066b")
    arabic = typed.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert arabic != typed
    page = watched.open(numeric.page)
    type_answer(page, numeric, arabic)
    check(page, numeric)
    expect(page.locator(f"#{numeric.form}-feedback .verdict")).to_have_text("This answer is right.")


def _assert_review_panels(page: Page, samples: list[Sample], visible: bool) -> None:
    for sample in samples:
        panel = page.locator(f"#{sample.form}-review")
        if not visible:
            expect(panel).to_be_hidden()
            continue
        expect(panel).to_be_visible()
        text = " ".join(panel.inner_text().split())
        q = sample.question
        assert sample.question.id in text
        assert TYPE_LABELS[q.type] in text
        for outcome in sample.outcomes:
            assert outcome.id in text and " ".join(outcome.text.split()) in text
        for answer in _correct_answers(q):
            assert answer in text
        for html in _all_feedback(q):
            assert text_of(html) in text


def _correct_answers(q: ir.Question) -> list[str]:
    match q:
        case ir.SingleChoice() | ir.MultipleResponse():
            return [f"Correct: {text_of(c.html)}" for c in q.choices if c.correct]
        case ir.TrueFalse():
            return ["Correct: True" if q.answer else "Correct: False"]
        case ir.ShortText():
            return [f"Correct: {a.text}" for a in q.accepted]
        case ir.Numeric():
            return [format_number(n) for a in q.answers for n in (a.low, a.high)]


def _all_feedback(q: ir.Question) -> list[str]:
    extra: list[str] = [q.feedback_html, q.hint_html]
    match q:
        case ir.SingleChoice() | ir.MultipleResponse():
            extra += [c.feedback_html for c in q.choices]
        case ir.ShortText():
            extra += [a.feedback_html for a in q.accepted]
        case ir.Numeric():
            extra += [a.feedback_html for a in q.answers]
        case ir.TrueFalse():
            pass
    return [html for html in extra if html]


@pytest.mark.parametrize("page_path", sorted({s.page for s in SAMPLES}))
def test_reviewer_mode_shows_answers_and_is_remembered(watched: Watched, page_path: str) -> None:
    samples = [s for s in SAMPLES if s.page == page_path]
    page = watched.open(page_path)
    toggle = page.locator("#review-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    _assert_review_panels(page, samples, visible=False)

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    _assert_review_panels(page, samples, visible=True)
    first_correct = page.locator(".review-badge").first
    if first_correct.count():
        expect(first_correct).to_be_visible()

    page.reload()  # remembered in localStorage
    expect(page.locator("#review-toggle")).to_have_attribute("aria-pressed", "true")
    _assert_review_panels(page, samples, visible=True)

    page.locator("#review-toggle").click()
    page.reload()
    expect(page.locator("#review-toggle")).to_have_attribute("aria-pressed", "false")
    _assert_review_panels(page, samples, visible=False)


@pytest.mark.parametrize("suffix", ["?review", "#review"])
def test_reviewer_mode_from_the_address(watched: Watched, suffix: str) -> None:
    sample = SAMPLES[0]
    page = watched.open(sample.page, suffix)
    expect(page.locator("#review-toggle")).to_have_attribute("aria-pressed", "true")
    _assert_review_panels(page, [sample], visible=True)


def test_graded_and_practice_quizzes_are_labelled(watched: Watched) -> None:
    for module, lesson in sample_course().lessons():
        page = watched.open(f"{module.folder}/{lesson.page}")
        for quiz in lesson.quizzes():
            label = "Module assessment (graded)" if quiz.graded else "Knowledge check"
            expect(page.locator(f"#{quiz.id}-title")).to_have_text(label)


@pytest.mark.parametrize("page_path", PAGES)
def test_page_structure_is_accessible(watched: Watched, page_path: str) -> None:
    page = watched.open(page_path)
    assert page.locator("html").get_attribute("lang") == sample_course().language
    assert page.locator("h1").count() == 1
    for landmark in ("header", "main#main", "footer"):
        assert page.locator(landmark).count() == 1
    levels = [
        int(tag[1])
        for tag in page.locator("h1, h2, h3, h4, h5, h6").evaluate_all("e => e.map(h => h.tagName)")
    ]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    unlabelled = page.locator("input").evaluate_all(
        "els => els.filter(e => !(e.labels && e.labels.length)).map(e => e.id)"
    )
    assert unlabelled == []
    assert page.locator("img:not([alt])").count() == 0
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("page_path", PAGES)
def test_every_link_and_image_points_inside_the_preview(watched: Watched, page_path: str) -> None:
    page = watched.open(page_path)
    urls = page.locator("a[href], img[src], link[href], script[src]").evaluate_all(
        "els => els.map(e => e.href || e.src)"
    )
    for url in urls:
        if url.startswith(("http:", "https:", "mailto:", "tel:")):
            continue  # links out are fine; they are not loaded
        assert url.startswith("file://"), url
        target = Path(url.removeprefix("file://").split("#")[0].split("?")[0])
        assert target.is_file(), f"{page_path}: broken link {url}"
    page.wait_for_load_state("load")
    broken = page.locator("img").evaluate_all(
        "els => els.filter(i => !i.naturalWidth).map(i => i.src)"
    )
    assert broken == []


@pytest.mark.parametrize("page_path", PAGES)
def test_reflows_at_320_px_with_large_targets(watched_factory: OpenWatched, page_path: str) -> None:
    watched = watched_factory(width=320, height=640)
    page = watched.open(page_path, "?review")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    small = page.locator("button, input, .option label, summary, .pager a").evaluate_all(
        """els => els.filter(e => e.offsetParent !== null).map(e => [e.outerHTML.slice(0, 60),
           e.getBoundingClientRect()]).filter(([_, r]) => r.width < 24 || r.height < 24)
           .map(([h]) => h)"""
    )
    assert small == []


def test_without_javascript_content_stays_readable(watched_factory: OpenWatched) -> None:
    watched = watched_factory(javascript=False)
    sample = _first("single")
    page = watched.open(sample.page)
    expect(page.locator(f"#{sample.form} legend")).to_contain_text(sample.question.prompt_text)
    expect(page.locator(f"#{sample.form} button[type=submit]")).to_be_hidden()
    expect(page.locator(f"#{sample.form}-review")).to_be_hidden()
    expect(page.locator(".quiz .notice").first).to_be_visible()


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_build_is_byte_identical_twice(tmp_path: Path) -> None:
    course = sample_course()
    first = HtmlPreview(BuildOptions()).write(course, COURSE_ROOT, tmp_path / "one").root
    second = HtmlPreview(BuildOptions()).write(course, COURSE_ROOT, tmp_path / "two").root
    assert _digests(first) == _digests(second)


def test_quiz_engine_api_for_other_players(watched: Watched) -> None:
    """``window.BwiseQuiz``: restore() re-shows a saved answer's feedback, lock() disables it."""
    single = _first("single")
    assert isinstance(single.question, ir.SingleChoice)
    right = next(c for c in single.question.choices if c.correct)
    page = watched.open(single.page)
    page.evaluate(
        "([id, value]) => { const f = document.getElementById(id);"
        " BwiseQuiz.restore(f, value); BwiseQuiz.lock(f); }",
        [single.form, right.id],
    )
    expect(page.locator(f"#{single.form}-feedback .verdict")).to_have_text("This answer is right.")
    expect(page.locator(f"#{single.form}-{right.id}")).to_be_checked()
    expect(page.locator(f"#{single.form}-{right.id}")).to_be_disabled()
    expect(page.locator(f"#{single.form} button[type=submit]")).to_be_disabled()


def test_prefixed_ids_and_no_reviewer_notes_for_other_exporters() -> None:
    """Pages that show several lessons prefix DOM ids; learner-facing pages omit reviewer notes."""
    module, lesson = next((m, le) for m, le in sample_course().lessons() if any(le.quizzes()))
    quiz = next(lesson.quizzes())
    context = QuizContext(
        outcomes={o.id: o for o in module.outcomes}, id_prefix="x_", reviewer=False
    )
    root = lxml.html.fragment_fromstring(str(render_quiz(quiz, context)))
    ids = root.xpath("//@id")
    assert ids and all(value.startswith("x_") for value in ids)
    assert {form.get("data-quiz") for form in root.xpath("//form")} == {f"x_{quiz.id}"}
    assert root.xpath("//*[contains(@class, 'review-')]") == []
    assert root.xpath("//script[@id]")[0].get("id") == f"x_{quiz.id}-key"
