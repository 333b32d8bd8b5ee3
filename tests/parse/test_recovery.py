"""After some authoring mistakes the reader keeps going, so that one mistake gives one message.

The question is still read as the author meant it: later checks (outcomes assessed, a module
with assessment questions) see it, and report nothing about it that is not true.
"""

from pathlib import Path

from bwise_mooc.ir import ShortText, SingleChoice
from tests.parse.helpers import parse_body


def test_unindented_answer_feedback_stays_with_its_answer(tmp_path: Path) -> None:
    body = "::: assessment\n### Pick {#pick}\n- (x) a\n> Right.\n- ( ) b\n> Wrong.\n\n> All.\n:::\n"
    lesson, diagnostics = parse_body(tmp_path, body)
    assert [d.code for d in diagnostics] == ["quiz.feedback-indent"] * 2
    assert lesson is not None
    (quiz,) = lesson.quizzes()
    (question,) = quiz.questions
    assert isinstance(question, SingleChoice)
    assert [c.text for c in question.choices] == ["a", "b"]
    assert [c.feedback_html for c in question.choices] == ["<p>Right.</p>", "<p>Wrong.</p>"]
    assert question.feedback_html == "<p>All.</p>"


def test_an_escaped_comma_is_part_of_the_accepted_answer(tmp_path: Path) -> None:
    body = "::: quiz\n### Where?\n- accept: Paris\\, France\n- accept: 5,4\n:::\n"
    lesson, diagnostics = parse_body(tmp_path, body)
    assert not list(diagnostics)
    assert lesson is not None
    (question,) = next(lesson.quizzes()).questions
    assert isinstance(question, ShortText)
    assert [a.text for a in question.accepted] == ["Paris, France", "5,4"]
