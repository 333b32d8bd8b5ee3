"""SCORM conformance: every package kind played in Chromium, every value checked against the
data model.

The conformance fixture course (``tests/fixtures/courses/conformance``) has every question type
and answers that stress the data model (a 28-choice question, ``{Settings}``, ``[,]``, decimals
that binary floating point cannot hold), in English, German and Arabic. Each of its module
packages (SCORM 1.2 and 2004, one SCO per module and one per lesson, three languages) is played
with scorm-again as the LMS, committing to a server as a real LMS does: every question is
answered wrong with hostile input (non-Latin digits, signs, 300 characters, braces,
delimiters), then the assessment is taken again and answered right, and the learner leaves the
page. Every ``SetValue`` is checked by ``tests/scorm_datamodel.py`` (the SCORM 1.2 and 2004
data-model rules, written from the specifications, not from scorm-again), and no API call may
fail, including those made while the page unloads.

The rest pins run-time behaviours a real LMS showed: review mode writes nothing, a refused
Initialize is named, an LMS without ``_count`` still gets one record per answer, a retake never
reports a stale score as unknown, SCORM 1.2's status is committed before its score.
"""

import itertools
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame

from bwise_mooc import ir
from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.scorm.plan import ScoPer
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.exporters.scorm2004 import Scorm2004
from bwise_mooc.pipeline import load_course
from tests.browser.scorm_lms import Lms, LmsServer, dumps
from tests.browser.test_scorm import answer as learner_answers
from tests.browser.test_scorm import dom_id, graded
from tests.scorm_datamodel import check_calls

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COURSE_ROOT = ROOT / "tests" / "fixtures" / "courses" / "conformance"
LANGUAGES = ("en", "de", "ar")
VERSIONS = {"1.2": Scorm12, "2004": Scorm2004}
SCO_PER: tuple[ScoPer, ...] = ("module", "lesson")
_launches = itertools.count()

# What a learner types, by question id: (wrong answer, right answer) per language. Wrong
# answers are hostile; right ones are in the forms learners use: Arabic-Indic (U+0660-) and
# Persian (U+06F0-) digits, the Arabic decimal separator (U+066B), a sign, a trailing point, a
# decimal comma, braces, spaces around a word.
TYPED = {
    "braces": {lang: ("x" * 300, "{Settings}") for lang in LANGUAGES},
    "whole-number": {
        "en": ("49", "+48"),
        "de": ("\u06f4\u06f9", "48."),
        "ar": ("\u0664\u0669", "\u0664\u0668"),
    },
    "decimal": {
        "en": ("+0,5", "0.2"),
        "de": ("0,5", "0,2"),
        "ar": ("\u0660\u066b\u0665", "\u0660\u066b\u0662"),
    },
    "free-text": {lang: ("a[,]b{c}", "  whatsapp  ") for lang in LANGUAGES},
}
# What the LMS must receive for each typed answer (normalised numbers, data-model text).
SENT = {
    ("whole-number", "49"): "49",
    ("whole-number", "\u06f4\u06f9"): "49",
    ("whole-number", "\u0664\u0669"): "49",
    ("whole-number", "+48"): "48",
    ("whole-number", "48."): "48",
    ("whole-number", "\u0664\u0668"): "48",
    ("decimal", "+0,5"): "0.5",
    ("decimal", "0,5"): "0.5",
    ("decimal", "\u0660\u066b\u0665"): "0.5",
    ("decimal", "0.2"): "0.2",
    ("decimal", "0,2"): "0.2",
    ("decimal", "\u0660\u066b\u0662"): "0.2",
}


@cache
def conformance_course(language: str) -> ir.Course:
    course, diagnostics = load_course(COURSE_ROOT, language)
    assert course is not None and not diagnostics.errors, diagnostics
    return course


@pytest.fixture(scope="session")
def packages(
    lms_server: LmsServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str], str]:
    """Base URL of the module package by (language, version, sco_per)."""
    urls: dict[tuple[str, str, str], str] = {}
    for language, (version, exporter), sco_per in itertools.product(
        LANGUAGES, VERSIONS.items(), SCO_PER
    ):
        course = conformance_course(language)
        out = tmp_path_factory.mktemp(f"conformance-{language}-{version}-{sco_per}")
        artifact = exporter(BuildOptions(sco_per=sco_per)).write(course, COURSE_ROOT, out)
        module = course.modules[0]
        suffix = "" if language == "en" else f"-{language}"
        archive = artifact.root / f"{course.id}-{module.id}{suffix}.zip"
        urls[language, version, sco_per] = lms_server.install(
            f"conformance-{language}-{version}-{sco_per}", archive
        )
    return urls


def launch_id() -> str:
    return f"launch-{next(_launches)}"


def answer(
    frame: Frame,
    lesson: ir.Lesson,
    quiz: ir.Quiz,
    question: ir.Question,
    right: bool,
    language: str,
) -> str | None:
    """Answer one question as a learner would and press Check; return what was typed."""
    dom = dom_id(lesson, quiz, question)
    typed: str | None = None
    if isinstance(question, ir.ShortText | ir.Numeric):
        typed = TYPED[question.id][language][1 if right else 0]
    learner_answers(frame, lesson, quiz, question, right, typed)
    verdict = frame.locator(f"#{dom} .verdict")
    verdict.wait_for()
    assert ("verdict--correct" in (verdict.get_attribute("class") or "")) == right, (
        question.id,
        typed,
    )
    return typed


def practise(frame: Frame, lessons: tuple[ir.Lesson, ...], language: str) -> None:
    """Answer every knowledge-check question (nothing is graded), wrong then right."""
    for lesson in lessons:
        for quiz in lesson.quizzes():
            if quiz.graded:
                continue
            for question in quiz.questions:
                show(frame, lesson)
                answer(frame, lesson, quiz, question, False, language)
                answer(frame, lesson, quiz, question, True, language)


def show(frame: Frame, lesson: ir.Lesson) -> None:
    toc = frame.locator(f".sco-toc a[href='#lesson-{lesson.id}']")
    if toc.count():
        toc.click()


def api_failures(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Calls that failed: anything but "not initialised" answers to GetValue."""
    harmless = {"0", "", "403", "401", "402"}  # GetValue of an element with no value yet
    failed = []
    for call in calls:
        getter = call["call"] in {"GetValue", "LMSGetValue"}
        refused = call["result"] == "false" or call["error"] not in (
            {"0", ""} | (harmless if getter else set())
        )
        if refused:
            failed.append(call)
    return failed


def set_values(calls: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (call["args"][0], call["args"][1])
        for call in calls
        if call["call"] in {"SetValue", "LMSSetValue"}
    ]


def sent_responses(calls: list[dict[str, Any]], version: str) -> dict[str, list[str]]:
    """Learner responses as sent, by interaction id, in order."""
    field = "student_response" if version == "1.2" else "learner_response"
    ids: dict[str, str] = {}
    sent: dict[str, list[str]] = {}
    for element, value in set_values(calls):
        parts = element.split(".")
        if len(parts) == 4 and parts[:2] == ["cmi", "interactions"]:
            if parts[3] == "id":
                ids[parts[2]] = value
            elif parts[3] == field:
                sent.setdefault(ids[parts[2]].rsplit("_", 1)[-1], []).append(value)
    return sent


def last_value(calls: list[dict[str, Any]], element: str) -> str | None:
    values = [value for name, value in set_values(calls) if name == element]
    return values[-1] if values else None


@pytest.mark.parametrize("sco_per", SCO_PER)
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answer_reaches_the_lms_in_a_form_the_data_model_accepts(
    lms: Lms,
    lms_server: LmsServer,
    packages: dict[tuple[str, str, str], str],
    language: str,
    version: str,
    sco_per: str,
) -> None:
    course = conformance_course(language)
    module = course.modules[0]
    base = packages[language, version, sco_per]
    scos = (
        [(f"{module.folder}/index.html", module.lessons)]
        if sco_per == "module"
        else [(f"{module.folder}/{lesson.page}", (lesson,)) for lesson in module.lessons]
    )
    for page, lessons in scos:
        launch = launch_id()
        frame = lms.launch(version, f"{base}/{page}", server_commits=True, launch_id=launch)
        for _ in lessons[1:]:
            frame.locator("#sco-next").click()
        practise(frame, lessons, language)
        questions = graded(lessons)
        typed: list[tuple[str, str]] = []
        for right in (False, True):
            if right and questions:
                frame.locator("#sco-retry").click()
            for lesson, quiz, question in questions:
                show(frame, lesson)
                text = answer(frame, lesson, quiz, question, right, language)
                if text is not None:
                    typed.append((question.id, text))
        if questions:
            assert "100" in frame.locator("#sco-status").inner_text()
        lms.leave_page()  # the learner leaves: the SCO unloads with the LMS page

        calls = lms_server.calls(launch)
        names = [call["call"] for call in calls]
        assert names[-1] in {"Terminate", "LMSFinish"}, names[-5:]
        assert api_failures(calls) == [], [(c["args"], c["error"]) for c in api_failures(calls)]
        assert check_calls(version, set_values(calls)) == []  # type: ignore[arg-type]

        status = last_value(
            calls, "cmi.core.lesson_status" if version == "1.2" else "cmi.success_status"
        )
        if questions:
            assert status == "passed"
            responses = sent_responses(calls, version)
            for question_id, text in typed:
                sent = responses[question_id]
                if (question_id, text) in SENT:
                    assert SENT[question_id, text] in sent, (question_id, text, sent)
            assert ("(Settings)" if version == "2004" else "{Settings}") in responses["braces"]
            limit = 255 if version == "1.2" else 250
            assert all(len(value) <= limit for value in responses["braces"])
            assert "a,b{c}" in responses["free-text"] or version == "1.2"
            commits = lms_server.commits(launch)
            assert commits, "nothing reached the LMS's server"
        else:
            assert status in {"completed", "unknown"}


# ---- run-time behaviours, on the English single-SCO packages ---------------------------------


def open_module(
    lms: Lms, packages: dict[tuple[str, str, str], str], version: str, **options: Any
) -> tuple[Frame, ir.Module]:
    module = conformance_course("en").modules[0]
    url = f"{packages['en', version, 'module']}/{module.folder}/index.html"
    return lms.launch(version, url, **options), module


def answer_all(frame: Frame, module: ir.Module, right: bool) -> None:
    for lesson, quiz, question in graded(module.lessons):
        show(frame, lesson)
        answer(frame, lesson, quiz, question, right, "en")


def failed_attempt(
    lms: Lms, packages: dict[tuple[str, str, str], str], version: str
) -> dict[str, Any]:
    """What the LMS stores after a failed attempt (for a relaunch)."""
    frame, module = open_module(lms, packages, version)
    frame.locator("#sco-next").click()
    answer_all(frame, module, right=False)
    return lms.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_review_mode_writes_nothing_and_says_so(
    lms: Lms, packages: dict[tuple[str, str, str], str], version: str
) -> None:
    saved = failed_attempt(lms, packages, version)
    frame, module = open_module(lms, packages, version, saved=saved, mode="review")
    notice = frame.locator("#sco-mode")
    assert notice.is_visible() and "not saved" in notice.inner_text()
    assert frame.locator("#sco-retry").is_hidden()
    assert "did not pass" in frame.locator("#sco-status").inner_text()
    lesson, quiz, question = graded(module.lessons)[0]
    show(frame, lesson)
    assert "is-locked" in (
        frame.locator(f"#{dom_id(lesson, quiz, question)}").get_attribute("class") or ""
    )
    frame.locator(".sco-toc a").first.click()  # moving around writes no bookmark either
    lms.close()
    writes = [
        c for c in lms.calls() if c["call"] in {"SetValue", "LMSSetValue", "Commit", "LMSCommit"}
    ]
    assert writes == []
    assert [c["call"] for c in lms.calls()][-1] in {"Terminate", "LMSFinish"}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_refused_initialize_is_named_to_the_learner(
    lms: Lms, packages: dict[tuple[str, str, str], str], version: str
) -> None:
    frame, _ = open_module(lms, packages, version, faults={"init": "104"})
    notice = frame.locator("#sco-mode")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "104" in text and "No learning platform found" not in text
    lms.close()
    lms.console.clear()  # the run-time's own warning about the refused Initialize
    assert [c["call"] for c in lms.calls()] == [
        "Initialize" if version == "2004" else "LMSInitialize"
    ]


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_without_an_interaction_count_gets_one_record_per_answer(
    lms: Lms, packages: dict[tuple[str, str, str], str], version: str
) -> None:
    frame, module = open_module(lms, packages, version, faults={"no_count": True})
    answer_all(frame, module, right=True)
    cmi = lms.close()
    ids = [
        value
        for element, value in set_values(lms.calls())
        if element.startswith("cmi.interactions.") and element.endswith(".id")
    ]
    indexes = [
        element.split(".")[2]
        for element, _ in set_values(lms.calls())
        if element.startswith("cmi.interactions.") and element.endswith(".id")
    ]
    assert indexes == [str(n) for n in range(len(graded(module.lessons)))], dumps(cmi)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_retake_keeps_reporting_the_last_result_until_it_is_finished(
    lms: Lms, packages: dict[tuple[str, str, str], str], version: str
) -> None:
    frame, module = open_module(lms, packages, version)
    for _ in module.lessons[1:]:
        frame.locator("#sco-next").click()
    answer_all(frame, module, right=False)
    frame.locator("#sco-retry").click()
    lesson, quiz, question = graded(module.lessons)[0]
    answer(frame, lesson, quiz, question, True, "en")
    cmi = lms.close()["cmi"]
    if version == "1.2":
        assert cmi["core"]["lesson_status"] == "failed"
        assert float(cmi["core"]["score"]["raw"]) == 0
    else:
        assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "failed")
        assert float(cmi["score"]["scaled"]) == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_attempts_run_out(
    lms: Lms, packages: dict[tuple[str, str, str], str], version: str
) -> None:
    frame, module = open_module(lms, packages, version)
    retry = frame.locator("#sco-retry")
    answer_all(frame, module, right=False)  # attempt 1 of 2
    retry.click()
    answer_all(frame, module, right=False)  # attempt 2 of 2
    assert retry.is_hidden()
    assert "no attempts left" in frame.locator("#sco-status").inner_text()
    lms.close()


def test_scorm_12_commits_the_status_before_the_score(
    lms: Lms, packages: dict[tuple[str, str, str], str]
) -> None:
    frame, module = open_module(lms, packages, "1.2")
    for _ in module.lessons[1:]:
        frame.locator("#sco-next").click()
    answer_all(frame, module, right=True)
    lms.close()
    calls = [(c["call"], c["args"][:2]) for c in lms.calls()]
    passed = calls.index(("LMSSetValue", ["cmi.core.lesson_status", "passed"]))
    score = next(i for i, (name, args) in enumerate(calls) if args[:1] == ["cmi.core.score.raw"])
    assert calls[passed + 1][0] == "LMSCommit"
    assert score > passed + 1
