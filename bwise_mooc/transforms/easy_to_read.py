"""Stage 2: the graded questions of an Easy-to-Read track (``easy_to_read: true`` in course.yml).

Learners of such a track read slowly and many cannot type well: a graded question is a choice
(single choice, multiple response or true/false) among 2 or 3 answers, which a picture can
carry (issue 17). Anything else is a warning, so a course can be rewritten step by step;
``check --strict`` makes it fail.
"""

from typing import assert_never

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import (
    Course,
    MultipleResponse,
    Numeric,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
)

MAX_CHOICES = 3
KIND_NAMES = {"short_text": "a typed answer", "numeric": "a typed number"}


def check_easy_to_read(course: Course, diagnostics: Diagnostics) -> None:
    """Warn about every graded question of an Easy-to-Read track that is not a short choice."""
    tracks = {track.id for track in course.tracks if track.easy_to_read}
    for module in course.modules:
        if module.track not in tracks:
            continue
        for _, question in module.graded_questions():
            _check_question(question, module.track, diagnostics)


def _check_question(question: Question, track: str, diagnostics: Diagnostics) -> None:
    match question:
        case TrueFalse():
            return
        case SingleChoice() | MultipleResponse():
            if len(question.choices) > MAX_CHOICES:
                diagnostics.warning(
                    question.source,
                    "quiz.easy-to-read-choices",
                    f"assessment question '{question.id}' has {len(question.choices)} answers; "
                    f"track '{track}' is Easy-to-Read: give 2 or 3 answers",
                )
        case ShortText() | Numeric():
            diagnostics.warning(
                question.source,
                "quiz.easy-to-read-typing",
                f"assessment question '{question.id}' asks for {KIND_NAMES[question.type]}; "
                f"track '{track}' is Easy-to-Read: ask a choice question with 2 or 3 "
                "answers ('( )' or '[ ]'), or a true/false one ('answer:')",
            )
        case _:
            assert_never(question)
