"""Quiz and question nodes of the course model.

Prose (prompts, choices, feedback) is held as sanitised HTML fragments, rendered once from
Markdown by ``bwise_mooc.parse``, with links and images as source references (see
``ir/blocks.py``); ``*_text`` fields hold the same content as plain text for
places that cannot carry markup (LMS interaction descriptions, titles).
"""

import re
from typing import Annotated, Literal

from pydantic import Field

from bwise_mooc.ir.node import Node
from bwise_mooc.ir.source import SourceSpan


class Choice(Node):
    """One option of a single-choice or multiple-response question."""

    id: str  # "a", "b", ... by position
    html: str
    text: str
    correct: bool
    feedback_html: str = ""
    source: SourceSpan


class _QuestionBase(Node):
    id: str
    prompt_html: str
    prompt_text: str
    feedback_html: str = ""
    hint_html: str = ""
    outcomes: tuple[str, ...] = ()
    source: SourceSpan


class SingleChoice(_QuestionBase):
    type: Literal["single"] = "single"
    choices: tuple[Choice, ...]


class MultipleResponse(_QuestionBase):
    type: Literal["multiple"] = "multiple"
    choices: tuple[Choice, ...]


class TrueFalse(_QuestionBase):
    type: Literal["true_false"] = "true_false"
    answer: bool


class TextAnswer(Node):
    """One accepted answer of a short-text question, compared ignoring case and spacing."""

    text: str
    feedback_html: str = ""


class ShortText(_QuestionBase):
    type: Literal["short_text"] = "short_text"
    accepted: tuple[TextAnswer, ...]


class NumericAnswer(Node):
    """An accepted number: ``value`` with ``tolerance``, or the closed range ``[low, high]``."""

    low: float
    high: float
    value: float | None = None
    tolerance: float = 0.0
    feedback_html: str = ""

    def accepts(self, number: float) -> bool:
        return self.low <= number <= self.high


class Numeric(_QuestionBase):
    type: Literal["numeric"] = "numeric"
    answers: tuple[NumericAnswer, ...]


Question = Annotated[
    SingleChoice | MultipleResponse | TrueFalse | ShortText | Numeric,
    Field(discriminator="type"),
]
QuestionType = Literal["single", "multiple", "true_false", "short_text", "numeric"]


class Quiz(Node):
    """A ``::: quiz`` knowledge check (graded=False) or ``::: assessment`` block (graded=True)."""

    kind: Literal["quiz"] = "quiz"
    id: str
    graded: bool
    questions: tuple[Question, ...]
    source: SourceSpan


ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat and tatweel: optional


def normalise_text_answer(text: str) -> str:
    """The form in which short-text answers are compared: case-folded, spacing collapsed,
    Arabic vowel marks dropped (as quiz.js does)."""
    return " ".join(ARABIC_MARKS.sub("", text).split()).casefold()
