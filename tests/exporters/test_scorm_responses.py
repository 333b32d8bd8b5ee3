"""The values SCO pages send to an LMS, checked against the SCORM data-model rules.

``tests/scorm_datamodel.py`` holds the rules (written from the specifications); here they judge
``bwise_mooc.exporters.scorm.responses`` and every interaction record the SCO pages of the real,
sample and conformance courses carry, in every language and both versions.
"""

import re
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwise_mooc import ir
from bwise_mooc.exporters.scorm.page import _interaction
from bwise_mooc.exporters.scorm.responses import (
    CHOICE_IDS_12,
    choice_ids,
    data_model_text,
    scorm_number,
)
from bwise_mooc.pipeline import load_course
from tests.scorm_datamodel import check_calls

ROOT = Path(__file__).resolve().parents[2]
COURSES = {
    "real": ROOT,
    "sample": ROOT / "tests" / "fixtures" / "courses" / "sample",
    "conformance": ROOT / "tests" / "fixtures" / "courses" / "conformance",
}
Version = Literal["1.2", "2004"]


def record_calls(version: Version, index: int, record: dict[str, object]) -> list[tuple[str, str]]:
    """The SetValue calls player.js makes for one interaction record (without a response)."""
    base = f"cmi.interactions.{index}."
    calls = [(base + "id", str(record["id"])), (base + "type", str(record["type"]))]
    patterns = record["correct"]
    assert isinstance(patterns, list)
    calls += [(f"{base}correct_responses.{n}.pattern", p) for n, p in enumerate(patterns)]
    if version == "2004":
        calls.append((base + "description", str(record["description"])))
    return calls


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("name", COURSES)
def test_every_interaction_record_is_valid_in_the_data_model(name: str, version: Version) -> None:
    source, _ = load_course(COURSES[name])
    assert source is not None
    for language in source.languages:
        course, _ = load_course(COURSES[name], language)
        assert course is not None
        calls: list[tuple[str, str]] = []
        for module, lesson in course.lessons():
            for quiz in lesson.quizzes():
                if not quiz.graded:
                    continue
                for question in quiz.questions:
                    record = _interaction(module, lesson, question, version)
                    calls += record_calls(version, len(calls), record)
        # one interaction index per record keeps the indexes in order
        renumbered: list[tuple[str, str]] = []
        index = -1
        for element, value in calls:
            if element.endswith(".id"):
                index += 1
            renumbered.append(
                (re.sub(r"interactions\.\d+", f"interactions.{index}", element), value)
            )
        assert check_calls(version, renumbered) == [], (name, language)


def test_numbers_are_plain_decimals_an_lms_accepts() -> None:
    assert scorm_number(1e-05) == "0.00001"
    assert scorm_number(0.1 + 0.2) == "0.3"
    assert scorm_number(48.0) == "48"
    assert scorm_number(-0.0) == "0"
    assert scorm_number(2 / 3) == "0.6666667"


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_any_number_is_a_valid_real_10_7(value: float) -> None:
    text = scorm_number(value)
    calls = [
        ("cmi.interactions.0.id", "q"),
        ("cmi.interactions.0.type", "numeric"),
        ("cmi.interactions.0.learner_response", text),
    ]
    assert check_calls("2004", calls) == [], text
    assert re.fullmatch(r"-?\d+(\.\d+)?", text)


@given(st.text(max_size=400))
def test_any_typed_text_is_a_valid_fill_in_response(text: str) -> None:
    for version in ("1.2", "2004"):
        value = data_model_text(text, version)
        response = "student_response" if version == "1.2" else "learner_response"
        calls = [
            ("cmi.interactions.0.id", "q"),
            ("cmi.interactions.0.type", "fill-in"),
            (f"cmi.interactions.0.{response}", value),
        ]
        problems = check_calls(version, calls)
        assert problems == [], (version, text, value)


def test_fill_in_text_keeps_what_it_can() -> None:
    assert data_model_text("{Settings}", "2004") == "(Settings)"
    assert data_model_text("{Settings}", "1.2") == "{Settings}"
    assert data_model_text("a[,]b", "2004") == "a,b"
    assert data_model_text("Paris, France", "2004") == "Paris,France"
    assert len(data_model_text("x" * 300, "2004")) == 250
    assert len(data_model_text("x" * 300, "1.2")) == 255
    assert data_model_text("😀" * 200, "2004") == "😀" * 125  # never half a character


def test_scorm_12_choice_ids_are_one_character() -> None:
    def choice(index: int) -> ir.Choice:
        letter = chr(ord("a") + index) if index < 26 else f"c{index + 1}"
        return ir.Choice(
            id=letter, html="x", text="x", correct=False, source=ir.SourceSpan(path="x.md")
        )

    question = ir.MultipleResponse(
        id="q",
        prompt_html="q",
        prompt_text="q",
        choices=tuple(choice(i) for i in range(36)),
        source=ir.SourceSpan(path="x.md"),
    )
    ids = choice_ids(question, "1.2")
    assert ids["c27"] == "0" and ids["c36"] == "9"
    assert "".join(ids.values()) == CHOICE_IDS_12
    assert choice_ids(question, "2004")["c27"] == "c27"
