"""Stage 3 helper for the question-bank formats (Moodle XML, GIFT): what both write the same way.

A course's bank holds one category per module, and inside it one category per knowledge check
(named after its lesson) and one for the module assessment (its questions from every lesson, in
reading order). Each question keeps its course-wide id as Moodle's ``idnumber``; its fragments
keep their source references, which each bank writes its own way.

Grades: Moodle accepts only the answer weights of its fixed list (``question_bank::
fraction_options_full``: p/q for q <= 6, p/10, 1/q for q <= 10, 1/20, and their negatives) and
refuses a question with any other weight on import. A multiple-response question's right
choices share 100% (``right_shares``: equal shares where the list has them, else tenths and
twentieths); each wrong choice weighs -100%, so that a learner who ticks every box gets 0, and
one who ticks exactly the right ones gets 100%, as in the course's own pages. Moodle grades the
question with partial credit in between (the course's pages do not): an admin should know.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from bwise_mooc import ir
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters.html import format_number, module_label
from bwise_mooc.i18n import gettext
from bwise_mooc.transforms.identifiers import joined, language_suffix, question_key

# Moodle's positive weights (question/engine/bank.php), as percentages written to 7 digits
MOODLE_WEIGHTS = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
    "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)  # fmt: skip
EQUAL_SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"} | {
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}
MOST_RIGHT_CHOICES = 20  # 100% cannot be shared among more in Moodle's weights (1/20 is the least)
NAME_LENGTH = 80  # of a question's name in the bank: its id and the start of its prompt


@dataclass(frozen=True)
class BankQuestion:
    module: ir.Module
    lesson: ir.Lesson
    question: ir.Question

    @property
    def idnumber(self) -> str:
        return question_key(self.module, self.lesson, self.question)

    @property
    def name(self) -> str:
        """The name teachers see in the bank: the question's id, then its prompt's start."""
        prompt = " ".join(self.question.prompt_text.split())
        name = f"{self.question.id}: {prompt}"
        return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1].rstrip() + "…"


@dataclass(frozen=True)
class Category:
    path: tuple[str, ...]  # category names from the course's top category down
    idnumber: str
    info: str  # plain text shown with the category
    questions: tuple[BankQuestion, ...]


def bank_name(course: ir.Course) -> str:
    """The file stem of the course's bank: ``<course>-questions`` (``-de`` for a translation)."""
    return f"{course.id}{language_suffix(course)}-questions"


def course_category(course: ir.Course) -> Category:
    """The bank's top category: the course (its run)."""
    return Category((course.title,), joined(course.id, course.run), course.description.strip(), ())


def module_categories(course: ir.Course, module: ir.Module) -> Iterator[Category]:
    """The categories of one module, in the bank's order: the module, each knowledge check,
    then the assessment."""
    language = course.language
    top = (course.title,)
    label = module_label(language, module)
    yield Category((*top, label), joined(course.id, module.id), module.summary.strip(), ())
    for lesson in module.lessons:
        checks = [quiz for quiz in lesson.quizzes() if not quiz.graded]
        for quiz in checks:
            name = f"{lesson.title} ({gettext(language, 'Knowledge check')})"
            if len(checks) > 1:
                name = f"{lesson.title} ({gettext(language, 'Knowledge check')} {quiz.id})"
            yield Category(
                (*top, label, name),
                joined(course.id, module.id, lesson.id, quiz.id),
                "",
                tuple(BankQuestion(module, lesson, q) for q in quiz.questions),
            )
    graded = tuple(BankQuestion(module, lesson, q) for lesson, q in module.graded_questions())
    if graded:
        yield Category(
            (*top, label, gettext(language, "Assessment")),
            joined(course.id, module.id, "assessment"),
            "",
            graded,
        )


def right_shares(count: int) -> list[str]:
    """How ``count`` right choices share 100%, in weights Moodle accepts (percent strings)."""
    if count in EQUAL_SHARES:
        return [EQUAL_SHARES[count]] * count
    if count > MOST_RIGHT_CHOICES:
        raise ValueError(f"Moodle cannot share 100% among {count} right choices")
    tenths = MOST_RIGHT_CHOICES - count  # a tenths and b twentieths: a + b = n, 2a + b = 20
    return ["10"] * tenths + ["5"] * (count - tenths)


def answer_pattern(text: str) -> str:
    """An accepted short answer as a Moodle pattern: ``*`` is its wildcard, ``\\*`` a star."""
    return text.replace("*", "\\*")


def centre_and_margin(answer: ir.NumericAnswer) -> tuple[str, str]:
    """A numeric answer as Moodle keeps one: a value and a tolerance (a range's centre and half
    its width), in plain decimals as Moodle reads them."""
    if answer.value is not None:
        return format_number(answer.value), format_number(answer.tolerance)
    centre, margin = (answer.low + answer.high) / 2, (answer.high - answer.low) / 2
    return format_number(centre), format_number(margin)


def check_bank_weights(course: ir.Course, diagnostics: Diagnostics) -> None:
    """A multiple-response question must leave Moodle a way to share 100% among its answers."""
    for _, question in course.questions():
        right = (
            sum(choice.correct for choice in question.choices)
            if isinstance(question, ir.MultipleResponse)
            else 0
        )
        if right > MOST_RIGHT_CHOICES:
            diagnostics.error(
                question.source,
                "bank.too-many-right",
                f"question has {right} right choices; Moodle's grades can share 100% "
                f"among {MOST_RIGHT_CHOICES} at most: split it into two questions",
            )
