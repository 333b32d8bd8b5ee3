"""Property-based tests (hypothesis) of the lesson and quiz reader.

1. Any text at all: the reader returns a lesson or diagnostics, never raises.
2. Any generated valid quiz: the reader gives back exactly the questions that were written.
"""

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwise_mooc.ir import MultipleResponse, Numeric, ShortText, SingleChoice, TrueFalse
from tests.parse.helpers import parse_body

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), max_codepoint=0x24F),
    min_size=1,
    max_size=12,
)
phrase = st.lists(words, min_size=1, max_size=5).map(" ".join)
markdownish = st.text(
    alphabet=st.sampled_from(list("ab #*-_[]()x>:!`|\n\t{}=.,+1\\<>/\"'")), max_size=300
)


@SETTINGS
@given(body=st.one_of(markdownish, st.text(max_size=300)))
def test_reader_never_raises(body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lesson, diagnostics = parse_body(Path(folder), body)
    assert lesson is not None or diagnostics.errors
    for item in diagnostics:
        assert item.line >= 1
        assert item.column >= 1


@st.composite
def question(draw: st.DrawFn) -> tuple[str, str, Any]:
    """A question in Markdown, its type and what the reader must find."""
    prompt = draw(phrase)
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "short_text", "numeric"]))
    if kind in {"single", "multiple"}:
        texts = draw(st.lists(phrase, min_size=2, max_size=5))
        if kind == "single":
            right = draw(st.integers(0, len(texts) - 1))
            flags = [i == right for i in range(len(texts))]
            marks = ("(x)", "( )")
        else:
            flags = draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
            flags[draw(st.integers(0, len(texts) - 1))] = True
            marks = ("[x]", "[ ]")
        lines = [f"- {marks[0] if f else marks[1]} {t}" for t, f in zip(texts, flags, strict=True)]
        return f"### {prompt}\n" + "\n".join(lines) + "\n", kind, (texts, flags)
    if kind == "true_false":
        truth = draw(st.booleans())
        return f"### {prompt}\n- answer: {str(truth).lower()}\n", kind, truth
    if kind == "short_text":
        answers = draw(st.lists(phrase, min_size=1, max_size=4, unique_by=str.casefold))
        lines = [f"- accept: {a}" for a in answers]
        return f"### {prompt}\n" + "\n".join(lines) + "\n", kind, answers
    value = draw(st.integers(-10_000, 10_000))
    tolerance = draw(st.integers(0, 50))
    return f"### {prompt}\n- number: {value} +- {tolerance}\n", kind, (value, tolerance)


@SETTINGS
@given(questions=st.lists(question(), min_size=1, max_size=6), graded=st.booleans())
def test_generated_quizzes_read_back(questions: list[tuple[str, str, Any]], graded: bool) -> None:
    kind = "assessment" if graded else "quiz"
    body = f"::: {kind}\n" + "\n".join(q for q, _, _ in questions) + "\n:::\n"
    with tempfile.TemporaryDirectory() as folder:
        lesson, diagnostics = parse_body(Path(folder), body)
    assert not diagnostics.errors, [str(d) for d in diagnostics]
    assert lesson is not None
    (quiz,) = lesson.quizzes()
    assert quiz.graded is graded
    assert [q.id for q in quiz.questions] == [f"q{i + 1}" for i in range(len(questions))]
    for parsed, (_, kind_, expected) in zip(quiz.questions, questions, strict=True):
        assert parsed.type == kind_
        match parsed:
            case SingleChoice() | MultipleResponse():
                texts, flags = expected
                assert [c.text for c in parsed.choices] == texts
                assert [c.correct for c in parsed.choices] == flags
            case TrueFalse():
                assert parsed.answer is expected
            case ShortText():
                assert [a.text for a in parsed.accepted] == expected
            case Numeric():
                value, tolerance = expected
                (answer,) = parsed.answers
                assert (answer.low, answer.high) == (value - tolerance, value + tolerance)
