"""Stage 1 helper: a translated lesson must ask the same questions as its source, in order.

Ids, types, the number of choices and which are correct, true/false answers and numeric ranges
must match, so that every language reports the same interactions and scores alike. Only the
words (and short-text answers) may differ.
"""

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import (
    Assignment,
    Lesson,
    MultipleResponse,
    Numeric,
    Question,
    SingleChoice,
    TrueFalse,
)


def check_translation(source: Lesson, translated: Lesson, diagnostics: Diagnostics) -> None:
    """Report every way ``translated`` departs from the structure of ``source``."""
    where = translated.source
    if translated.outcomes != source.outcomes:
        diagnostics.error(
            where,
            "translation.outcomes",
            f"outcomes {list(translated.outcomes)} differ from the source lesson's {list(source.outcomes)}",
        )
    _check_assignments(source, translated, diagnostics)
    source_quizzes, quizzes = list(source.quizzes()), list(translated.quizzes())
    if [q.graded for q in quizzes] != [q.graded for q in source_quizzes]:
        diagnostics.error(
            where,
            "translation.quizzes",
            f"the translation has {len(quizzes)} quiz blocks, the source {source.path} has "
            f"{len(source_quizzes)} (or their kinds differ)",
        )
        return
    for source_quiz, quiz in zip(source_quizzes, quizzes, strict=True):
        if [q.id for q in quiz.questions] != [q.id for q in source_quiz.questions]:
            diagnostics.error(
                quiz.source,
                "translation.questions",
                f"question ids {[q.id for q in quiz.questions]} differ from the source's "
                f"{[q.id for q in source_quiz.questions]}",
            )
            continue
        for original, question in zip(source_quiz.questions, quiz.questions, strict=True):
            problem = _difference(original, question)
            if problem:
                diagnostics.error(
                    question.source, "translation.answers", f"question '{question.id}': {problem}"
                )


def _difference(original: Question, question: Question) -> str:
    if original.type != question.type:
        return f"type {question.type} differs from the source's {original.type}"
    match original, question:
        case (SingleChoice() | MultipleResponse(), SingleChoice() | MultipleResponse()):
            if [c.correct for c in original.choices] != [c.correct for c in question.choices]:
                return "choices or their correct marks differ from the source's"
        case (TrueFalse(), TrueFalse()) if original.answer != question.answer:
            return "the true/false answer differs from the source's"
        case (Numeric(), Numeric()):
            if [(a.low, a.high) for a in original.answers] != [
                (a.low, a.high) for a in question.answers
            ]:
                return "the accepted numbers differ from the source's"
    return ""


def _check_assignments(source: Lesson, translated: Lesson, diagnostics: Diagnostics) -> None:
    """The same assignments and checklists, in order, with the same rubric (levels, points,
    number of criteria), hand-in count, items, outcomes and minutes: only the words differ."""
    originals, assignments = list(source.assignments()), list(translated.assignments())
    if [(a.id, a.form) for a in assignments] != [(a.id, a.form) for a in originals]:
        diagnostics.error(
            translated.source,
            "translation.assignments",
            f"the translation's assignments {[a.id for a in assignments]} differ from the "
            f"source's {[a.id for a in originals]} (ids, order or '::: assignment' / "
            "'::: checklist')",
        )
        return
    for original, assignment in zip(originals, assignments, strict=True):
        if _shape(assignment) != _shape(original):
            diagnostics.error(
                assignment.source,
                "translation.assignments",
                f"assignment '{assignment.id}': its points, number of criteria, hand-in "
                "items or checklist items, outcomes or minutes differ from the source's",
            )


def _shape(assignment: Assignment) -> object:
    """What a translation of the assignment keeps: everything but the words."""
    points = [[level.points for level in c.levels] for c in assignment.criteria]
    return (
        points,
        len(assignment.hand_in),
        len(assignment.items),
        assignment.outcomes,
        assignment.minutes,
    )
