"""Knowledge checks and the module assessment as worksheets, and their answers for the
supporter.

A worksheet is a numbered list of questions; each offers an empty box to tick before every
choice (or before True and False), or ruled lines to write a short text or a number on. The
boxes and lines are drawn by the style sheet, so no font has to hold a box character. The
answers (right choices and feedback) are gathered in a section of their own, printed on a
new page at the end of the handout.
"""

from dataclasses import dataclass
from typing import assert_never

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.html import numeric_answer_text, split_prompt
from bwise_mooc.exporters.pdf.markup import append_fragment, sub
from bwise_mooc.i18n import N_, gettext

WRITING_LINES = 2  # ruled lines under a short-text or number question


@dataclass(frozen=True)
class AnsweredQuiz:
    """A quiz of a lesson, remembered for the answers section (its links resolved)."""

    lesson: ir.Lesson
    quiz: ir.Quiz


QUIZ_LABELS = {True: N_("Module assessment"), False: N_("Knowledge check")}  # by graded
TRUTH = {True: N_("True"), False: N_("False")}


def quiz_label(language: str, quiz: ir.Quiz) -> str:
    return gettext(language, QUIZ_LABELS[quiz.graded])


def box(parent: etree._Element) -> None:
    """An empty box to tick, drawn by the style sheet."""
    sub(parent, "span", "", class_="tick-box", **{"aria-hidden": "true"})


def writing_lines(parent: etree._Element, count: int, label: str) -> None:
    """``count`` ruled lines to write on, after ``label``."""
    space = sub(parent, "div", class_="write-in")
    sub(space, "p", label, class_="write-in-label")
    for _ in range(count):
        sub(space, "div", "", class_="writing-line")


def worksheet(parent: etree._Element, quiz: ir.Quiz, language: str, level: int) -> None:
    """The quiz's questions, numbered, each with what it offers."""
    kind = "worksheet--graded" if quiz.graded else "worksheet--check"
    section = sub(parent, "section", class_=f"worksheet {kind}", id=f"bw-{quiz.id}")
    sub(section, f"h{level}", quiz_label(language, quiz), class_="worksheet-title")
    questions = sub(section, "ol", class_="questions")
    for question in quiz.questions:
        item = sub(questions, "li", class_="question", id=f"bw-q-{quiz.id}-{question.id}")
        title, rest = split_prompt(question.prompt_html, question.prompt_text)
        append_fragment(sub(item, "p", class_="question-prompt"), str(title))
        append_fragment(item, str(rest), heading_shift=level)
        _offers(item, question, language)


def _offers(item: etree._Element, question: ir.Question, language: str) -> None:
    match question:
        case ir.SingleChoice() | ir.MultipleResponse():
            choices = sub(item, "ul", class_=f"choices choices--{question.type}")
            for choice in question.choices:
                entry = sub(choices, "li", class_="choice")
                box(entry)
                append_fragment(sub(entry, "span", class_="choice-text"), choice.html)
        case ir.TrueFalse():
            choices = sub(item, "ul", class_="choices choices--true-false")
            for word in (TRUTH[True], TRUTH[False]):
                entry = sub(choices, "li", class_="choice")
                box(entry)
                sub(entry, "span", gettext(language, word), class_="choice-text")
        case ir.ShortText():
            writing_lines(item, WRITING_LINES, gettext(language, "Your answer"))
        case ir.Numeric():
            writing_lines(item, 1, gettext(language, "Your answer (a number)"))
        case _:
            assert_never(question)


def answers(parent: etree._Element, quizzes: list[AnsweredQuiz], language: str) -> None:
    """The answers of every worksheet of the handout, by lesson, on a page of their own."""
    section = sub(parent, "section", class_="answers", id="bw-answers")
    sub(section, "h2", gettext(language, "Answers for the supporter"), class_="answers-title")
    for answered in quizzes:
        quiz = answered.quiz
        heading = f"{answered.lesson.title}: {quiz_label(language, quiz)}"
        sub(section, "h3", heading, class_="answers-quiz")
        items = sub(section, "ol", class_="answer-list")
        for question in quiz.questions:
            item = sub(items, "li", class_="answer")
            _answer(item, question, language)
            _feedback(item, question.feedback_html)


def _feedback(item: etree._Element, feedback_html: str) -> None:
    if feedback_html.strip():
        append_fragment(sub(item, "div", class_="feedback"), feedback_html, 3)


def _right(item: etree._Element, language: str) -> etree._Element:
    line = sub(item, "div", class_="right-answer")
    sub(line, "span", gettext(language, "Correct:"), class_="right-label").tail = " "
    return line


def _answer(item: etree._Element, question: ir.Question, language: str) -> None:
    match question:
        case ir.SingleChoice() | ir.MultipleResponse():
            for choice in question.choices:
                if choice.correct:
                    append_fragment(_right(item, language), choice.html)
                    _feedback(item, choice.feedback_html)
        case ir.TrueFalse():
            word = gettext(language, TRUTH[question.answer])
            sub(_right(item, language), "span", word)
        case ir.ShortText():
            for accepted in question.accepted:
                sub(_right(item, language), "span", accepted.text)
                _feedback(item, accepted.feedback_html)
        case ir.Numeric():
            for number in question.answers:
                sub(_right(item, language), "span", numeric_answer_text(number))
                _feedback(item, number.feedback_html)
        case _:
            assert_never(question)
