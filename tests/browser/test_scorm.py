"""SCORM packages in a browser, with scorm-again as the LMS (its API in the parent page, the
SCO in an iframe): completion, score, pass/fail, interactions, bookmark and resume.

The sample course's first module is run through in each version, single-SCO and multi-SCO.
Answers come from the course model, so the tests follow the course as it changes.
"""

from typing import Any

import pytest
from playwright.sync_api import Frame

from bwise_mooc import ir
from bwise_mooc.exporters.scorm.page import id_prefix
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.exporters.scorm2004 import Scorm2004
from bwise_mooc.transforms.identifiers import question_key
from tests.browser.scorm_lms import Lms, dumps, interactions

pytestmark = pytest.mark.browser
VERSIONS = {"1.2": Scorm12, "2004": Scorm2004}


def graded(lessons: tuple[ir.Lesson, ...]) -> list[tuple[ir.Lesson, ir.Quiz, ir.Question]]:
    """The assessment questions of ``lessons``, in page order, with their lesson and quiz."""
    return [
        (lesson, quiz, question)
        for lesson in lessons
        for quiz in lesson.quizzes()
        if quiz.graded
        for question in quiz.questions
    ]


def dom_id(lesson: ir.Lesson, quiz: ir.Quiz, question: ir.Question) -> str:
    """The id of a question's form in a SCO page (its choices add ``-<choice id>``)."""
    return f"{id_prefix(lesson)}{quiz.id}-{question.id}"


def answer(
    frame: Frame,
    lesson: ir.Lesson,
    quiz: ir.Quiz,
    question: ir.Question,
    right: bool,
    typed: str | None = None,
) -> None:
    """Answer one question through the page, as a learner would, then press Check; ``typed``
    is what to type into a text or number question (default: an accepted answer or a wrong one)."""
    dom = dom_id(lesson, quiz, question)
    match question:
        case ir.SingleChoice():
            choice = next(c for c in question.choices if c.correct == right)
            frame.locator(f"#{dom}-{choice.id}").check()
        case ir.MultipleResponse():
            for choice in question.choices:
                if choice.correct == right:
                    frame.locator(f"#{dom}-{choice.id}").check()
        case ir.TrueFalse():
            value = question.answer if right else not question.answer
            frame.locator(f"#{dom}-{'true' if value else 'false'}").check()
        case ir.ShortText():
            default = question.accepted[0].text if right else "no idea"
            frame.locator(f"#{dom}-answer").fill(default if typed is None else typed)
        case ir.Numeric():
            first = question.answers[0]
            default = str(first.low) if right else str(first.high + 1000)
            frame.locator(f"#{dom}-answer").fill(default if typed is None else typed)
    frame.locator(f"#{dom} button[type=submit]").click()


def visit_all(frame: Frame, count: int) -> None:
    for _ in range(count - 1):
        frame.locator("#sco-next").click()


def show_lesson(frame: Frame, lessons: tuple[ir.Lesson, ...], lesson: ir.Lesson) -> None:
    frame.locator(f".sco-toc a[href='#lesson-{lesson.id}']").click()


def status(cmi: dict[str, Any], version: str) -> tuple[str, ...]:
    data = cmi["cmi"]
    if version == "1.2":
        return (data["core"]["lesson_status"],)
    return (data["completion_status"], data["success_status"])


def raw_score(cmi: dict[str, Any], version: str) -> str:
    data = cmi["cmi"]
    return str(data["core"]["score"]["raw"] if version == "1.2" else data["score"]["raw"])


def run_module(lms: Lms, version: str, base: str, module: ir.Module, right: bool) -> dict[str, Any]:
    frame = lms.launch(version, f"{base}/{module.folder}/index.html")
    visit_all(frame, len(module.lessons))
    for lesson, quiz, question in graded(module.lessons):
        show_lesson(frame, module.lessons, lesson)
        answer(frame, lesson, quiz, question, right)
    assert frame.evaluate("BwisePlayer.errors") == []
    cmi = lms.close()
    assert lms.lms_errors() == [], dumps(cmi)
    return cmi


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_passing_run_reports_completion_score_and_interactions(
    lms: Lms, installed: dict[tuple[str, str], str], course: ir.Course, version: str
) -> None:
    module = course.modules[0]
    cmi = run_module(lms, version, installed[version, "module"], module, right=True)
    expected = ("passed",) if version == "1.2" else ("completed", "passed")
    assert status(cmi, version) == expected, dumps(cmi)
    assert float(raw_score(cmi, version)) == 100
    questions = graded(module.lessons)
    records = interactions(cmi)
    assert [r["id"] for r in records] == [question_key(module, ls, q) for ls, _, q in questions]
    assert {r["result"] for r in records} == {"correct"}
    if version == "2004":
        assert cmi["cmi"]["score"]["scaled"] in {"1", 1}
        assert all(r["timestamp"] and r["description"] for r in records)
        assert cmi["cmi"]["exit"] == "suspend"
        assert cmi["cmi"]["session_time"].startswith("PT")
    else:
        assert cmi["cmi"]["core"]["exit"] == ""
        assert ":" in cmi["cmi"]["core"]["session_time"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_failing_run_ends_failed(
    lms: Lms, installed: dict[tuple[str, str], str], course: ir.Course, version: str
) -> None:
    module = course.modules[0]
    cmi = run_module(lms, version, installed[version, "module"], module, right=False)
    expected = ("failed",) if version == "1.2" else ("completed", "failed")
    assert status(cmi, version) == expected, dumps(cmi)
    assert float(raw_score(cmi, version)) == 0
    wrong = "wrong" if version == "1.2" else "incorrect"
    assert {r["result"] for r in interactions(cmi)} == {wrong}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_relaunch_resumes_at_the_bookmark_with_answers_restored(
    lms: Lms, installed: dict[tuple[str, str], str], course: ir.Course, version: str
) -> None:
    module = course.modules[0]
    url = f"{installed[version, 'module']}/{module.folder}/index.html"
    frame = lms.launch(version, url)
    questions = graded(module.lessons)
    lesson, quiz, question = questions[0]
    show_lesson(frame, module.lessons, lesson)
    answer(frame, lesson, quiz, question, right=True)
    frame.locator("#sco-prev").click()  # leave the learner one page before the assessment
    bookmark = frame.locator("section.sco-lesson:not([hidden]) h1").inner_text()
    first = lms.close()
    suspend = first["cmi"]["suspend_data"]
    # every page was seen, but the assessment is not finished: not complete, no pass or fail
    assert status(first, version) == (
        ("incomplete",) if version == "1.2" else ("incomplete", "unknown")
    )
    assert len(suspend) < 4096
    assert (first["cmi"]["core"]["exit"] if version == "1.2" else first["cmi"]["exit"]) == "suspend"

    frame = lms.launch(version, url, first)
    assert frame.locator("section.sco-lesson:not([hidden]) h1").inner_text() == bookmark
    dom = dom_id(lesson, quiz, question)
    form = frame.locator(f"#{dom}")
    assert "is-locked" in (form.get_attribute("class") or "")
    assert "This answer is right." in form.locator(".feedback").inner_text()
    second = lms.close()
    assert len(interactions(second)) == 1  # restoring an answer records nothing new
    assert lms.lms_errors() == []


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_multi_sco_package_tracks_each_lesson(
    lms: Lms, installed: dict[tuple[str, str], str], course: ir.Course, version: str
) -> None:
    module = course.modules[0]
    base = installed[version, "lesson"]
    for lesson in module.lessons:
        frame = lms.launch(version, f"{base}/{module.folder}/{lesson.page}")
        questions = graded((lesson,))
        for _, quiz, question in questions:
            answer(frame, lesson, quiz, question, right=True)
        cmi = lms.close()
        assert lms.lms_errors() == []
        if questions:
            assert status(cmi, version) == (
                ("passed",) if version == "1.2" else ("completed", "passed")
            )
            assert len(interactions(cmi)) == len(questions)
        else:
            assert status(cmi, version) == (
                ("completed",) if version == "1.2" else ("completed", "unknown")
            )


def test_without_an_lms_the_sco_runs_standalone(
    lms: Lms, installed: dict[tuple[str, str], str], course: ir.Course
) -> None:
    module = course.modules[0]
    page = lms.page
    page.goto(f"{installed['1.2', 'module']}/{module.folder}/index.html")
    notice = page.locator("#sco-mode")
    notice.wait_for()
    assert "not saved" in notice.inner_text()
    lesson, quiz, question = graded(module.lessons)[0]
    page.locator(f".sco-toc a[href='#lesson-{lesson.id}']").click()
    answer(page.main_frame, lesson, quiz, question, right=True)
    dom = dom_id(lesson, quiz, question)
    assert "This answer is right." in page.locator(f"#{dom} .feedback").inner_text()
    assert page.evaluate("BwisePlayer.errors") == []


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_learner_who_failed_can_take_the_assessment_again(
    lms: Lms, installed: dict[tuple[str, str], str], course: ir.Course, version: str
) -> None:
    module = course.modules[0]
    frame = lms.launch(version, f"{installed[version, 'module']}/{module.folder}/index.html")
    questions = graded(module.lessons)
    visit_all(frame, len(module.lessons))
    for lesson, quiz, question in questions:
        answer(frame, lesson, quiz, question, right=False)
    retry = frame.locator("#sco-retry")
    assert retry.is_visible()
    assert "did not pass" in frame.locator("#sco-status").inner_text()
    retry.click()
    for lesson, quiz, question in questions:
        answer(frame, lesson, quiz, question, right=True)
    assert retry.is_hidden()
    cmi = lms.close()
    assert status(cmi, version) == (("passed",) if version == "1.2" else ("completed", "passed"))
    assert float(raw_score(cmi, version)) == 100
    assert len(interactions(cmi)) == 2 * len(questions)  # both attempts are in the record
    assert lms.lms_errors() == []
