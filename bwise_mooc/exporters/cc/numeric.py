"""What a cartridge cannot carry: numeric questions (the CC 1.1 QTI profile has no numeric type).

``check_cc_numeric`` runs when a cartridge is built (``Exporter.notices``): each numeric question
is named, at its place in the sources, with where to find it instead. The cartridge's
quizzes leave it out (``plan.CARRIED``); nothing is dropped without a word.
"""

from bwise_mooc import ir
from bwise_mooc.diagnostics import Diagnostics

MESSAGE = (
    "Common Cartridge has no numeric questions: this question is left out of the cartridge's "
    "quizzes; import it from the Moodle XML or GIFT question bank (--format moodlexml or gift)"
)


def check_cc_numeric(course: ir.Course, diagnostics: Diagnostics) -> None:
    """Warn about every numeric question of the course, at its source."""
    for _, question in course.questions():
        if isinstance(question, ir.Numeric):
            diagnostics.warning(question.source, "cc.numeric", MESSAGE)
