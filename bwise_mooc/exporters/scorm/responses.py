"""How answers are written in the SCORM run-time data model, for each version.

The SCO page's interaction records (``page.py``) take their correct-response patterns from
here; ``player.js`` writes learner responses by the same rules (``BwiseScorm.response*``), so
that an LMS accepts every value it is sent:

- SCORM 1.2 choice ids are one character, ``0``-``9`` or ``a``-``z`` (CMIFeedback), so a
  question's choices are numbered ``a``...``z``, then ``0``...``9``: 36 at most;
- SCORM 2004 fill-in strings hold at most 250 characters each, are separated by ``[,]`` and may
  not begin with ``{`` (which opens a ``{lang=}`` or ``{case_matters=}`` delimiter); SCORM 1.2
  strings hold 255;
- numbers are real(10,7): plain decimals with at most 7 significant digits and 7 decimal places
  (``scorm_number``), and a numeric interaction has one pattern.
"""

import re
from decimal import Decimal
from typing import Literal

from bwise_mooc import ir
from bwise_mooc.diagnostics import Diagnostics

Version = Literal["1.2", "2004"]

CHOICE_IDS_12 = "abcdefghijklmnopqrstuvwxyz0123456789"
TEXT_LIMIT = {"1.2": 255, "2004": 250}  # CMIString255; localized_string_type SPM 250
# How many correct-response patterns the 2004 data model keeps per interaction type (RTE
# 4.2.9.1: the SPM of cmi.interactions.n.correct_responses for each type).
PATTERN_LIMIT_2004 = {"choice": 10, "fill-in": 5, "true-false": 1, "numeric": 1}
DELIMITER = "[,]"
COMMA_SPACES = re.compile(r"\s*,\s*")


ChoiceQuestion = ir.SingleChoice | ir.MultipleResponse


def check_choice_counts(course: ir.Course, diagnostics: Diagnostics) -> None:
    """An assessment question may have no more choices than SCORM 1.2 can number."""
    for module in course.modules:
        for _, question in module.graded_questions():
            choices = len(question.choices) if isinstance(question, ChoiceQuestion) else 0
            if choices > len(CHOICE_IDS_12):
                diagnostics.error(
                    question.source,
                    "quiz.too-many-choices",
                    f"assessment question has {choices} choices; SCORM 1.2 can report "
                    f"{len(CHOICE_IDS_12)} at most: split it into two questions",
                )


def choice_ids(question: ir.SingleChoice | ir.MultipleResponse, version: Version) -> dict[str, str]:
    """The id each choice has in the LMS: its own id in 2004, one character in 1.2."""
    if version == "2004":
        return {choice.id: choice.id for choice in question.choices}
    if len(question.choices) > len(CHOICE_IDS_12):
        raise ValueError(f"SCORM 1.2 can number {len(CHOICE_IDS_12)} choices at most")
    return {choice.id: CHOICE_IDS_12[index] for index, choice in enumerate(question.choices)}


def data_model_text(text: str, version: Version) -> str:
    """Typed or authored text as a value the data model accepts (``player.js``'s
    ``BwiseScorm.dataModelText`` does the same in the browser).

    SCORM 2004: ``[,]`` (which would split one answer into several) becomes ``,``, spaces
    around commas and at both ends are dropped (run-times that also split on a bare comma, such
    as scorm-again, refuse parts with spaces around them), and a leading ``{`` (read as a
    delimiter) becomes ``(``, with its closing ``}`` becoming ``)``.
    Both: cut to the length the LMS must keep, never inside a character."""
    if version == "2004":
        text = COMMA_SPACES.sub(",", text.replace(DELIMITER, ",")).strip()
        if text.startswith("{"):
            closing = text.find("}")
            if closing > 0:
                text = text[:closing] + ")" + text[closing + 1 :]
            text = "(" + text[1:]
    return cut(text, TEXT_LIMIT[version])


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 code units (how JavaScript, and so LMS run-times,
    count a string's length), never between the two halves of a character beyond U+FFFF."""
    units = 0
    for index, character in enumerate(text):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


REAL_DIGITS = 7  # real(10,7): "a real number with a precision of seven significant digits"


def scorm_number(value: float) -> str:
    """``value`` as SCORM's real(10,7) and CMIDecimal: plain decimal notation (never ``1e-05``),
    at most 7 significant digits and 7 decimal places (``0.30000000000000004`` -> ``0.3``).
    ``player.js`` writes learner responses the same way (``BwiseScorm.plainNumber``)."""
    number = Decimal(f"{value:.{REAL_DIGITS}g}")
    if number.as_tuple().exponent < -REAL_DIGITS:  # type: ignore[operator]
        number = round(number, REAL_DIGITS)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
