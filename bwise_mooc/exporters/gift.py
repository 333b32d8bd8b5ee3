"""Stage 3 exporter: ir.Course -> a GIFT question bank (``<course>-questions.gift.txt``).

GIFT is the plain-text question format that Moodle's "Question bank > Import" reads; teachers
can open and edit it in any text editor. The course's questions go into the categories of
``question_bank.py`` (``$CATEGORY:`` lines), written as Moodle's own GIFT export writes them
(``question/format/gift``): the text as HTML (``[html]``), the special characters ``~ = # { } :``
and ``\\`` escaped with a backslash and line breaks written ``\\n``, so every question is one
line; the course-wide id as ``// [id:...]``. GIFT has no hints and carries no files: hints are
in the Moodle XML bank only, a picture in a question is replaced by its alt text in brackets,
and a link to a lesson or a file of the course by its text. One file per language, as for Moodle XML.
"""

import re
from collections.abc import Iterable
from functools import partial
from html import escape as html_escape
from pathlib import Path
from typing import ClassVar, assert_never

from lxml import html

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    staged_directory,
    write_text,
)
from bwise_mooc.exporters.links import HTML_PARSER, reference
from bwise_mooc.exporters.question_bank import (
    BankQuestion,
    Category,
    answer_pattern,
    bank_name,
    centre_and_margin,
    check_bank_weights,
    course_category,
    module_categories,
    right_shares,
)

SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
REFERENCES = re.compile(r"<(?:a|img)[\s/>]", re.IGNORECASE)  # else there is nothing to change


class Gift:
    name: ClassVar[str] = "gift"
    cost: ClassVar[int] = 1  # relative build time: one text file
    description: ClassVar[str] = (
        "GIFT question bank: every question as plain text, for the bank import"
    )
    checks: ClassVar[tuple[CourseCheck, ...]] = (check_bank_weights,)
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        blocks = _blocks([course_category(course)])
        for module in course.modules:  # each module's questions: a part, made once
            make = partial(_blocks, module_categories(course, module))
            blocks.extend(self.options.parts.part(course, "gift-module", [module], make))
        name = f"{bank_name(course)}.gift.txt"
        with staged_directory(out_dir) as stage:
            write_text(stage / name, "\n\n".join(blocks) + "\n")
        return Artifact(self.name, out_dir, (out_dir / name,))


def _blocks(categories: Iterable[Category]) -> list[str]:
    """The bank's blocks of ``categories``: each category's line, then its questions."""
    blocks = []
    for category in categories:
        path = "/".join(name.replace("/", "//") for name in ("$course$", "top", *category.path))
        blocks.append(f"$CATEGORY: {' '.join(path.split())}")
        blocks.extend(_question(item) for item in category.questions)
    return blocks


def escaped(text: str) -> str:
    """``text`` with GIFT's special characters escaped, on one line."""
    return text.translate(SPECIAL)


def without_files(fragment: str, lesson: str) -> str:
    """``fragment`` (of the lesson ``lesson``) as GIFT can carry it: no files and no lesson
    pages, so a picture becomes its alt text in brackets and a link to a lesson, a heading or
    a file of the course becomes its text; links to the web stay."""
    if not REFERENCES.search(fragment):
        return fragment
    wrapper = html.fragment_fromstring(fragment, create_parent="div", parser=HTML_PARSER)
    for picture in list(wrapper.iter("img")):
        picture.tail = f"[{picture.get('alt', '')}]{picture.tail or ''}"
        picture.drop_tree()
    for link in list(wrapper.iter("a")):
        if reference(link.get("href", ""), lesson).kind != "web":
            link.drop_tag()
    inner = "".join(html.tostring(child, encoding="unicode") for child in wrapper)
    return html_escape(wrapper.text or "", quote=False) + inner


def _question(item: BankQuestion) -> str:
    question = item.question
    lesson = item.lesson.path

    def _html(fragment: str) -> str:
        return escaped(without_files(fragment, lesson).strip())

    def _feedback(fragment: str) -> str:
        return f"#{_html(fragment)}" if fragment.strip() else ""

    idnumber = item.idnumber.replace("]", "\\]")
    head = f"// [id:{idnumber}]\n::{escaped(item.name)}::"
    text = f"[html]{_html(question.prompt_html)}"
    general = f"####{_html(question.feedback_html)}" if question.feedback_html.strip() else ""
    match question:
        case ir.SingleChoice():
            answers = [
                f"{'=' if c.correct else '~'}{_html(c.html)}{_feedback(c.feedback_html)}"
                for c in question.choices
            ]
        case ir.MultipleResponse():
            shares = iter(right_shares(sum(c.correct for c in question.choices)))
            answers = [
                f"~%{next(shares) if c.correct else '-100'}%{_html(c.html)}"
                f"{_feedback(c.feedback_html)}"
                for c in question.choices
            ]
        case ir.TrueFalse():
            return f"{head}{text}{{{'TRUE' if question.answer else 'FALSE'}{general}}}"
        case ir.ShortText():
            answers = [
                f"=%100%{escaped(answer_pattern(a.text))}{_feedback(a.feedback_html)}"
                for a in question.accepted
            ]
        case ir.Numeric():
            answers = []
            for accepted in question.answers:
                value, margin = centre_and_margin(accepted)
                answers.append(f"=%100%{value}:{margin}{_feedback(accepted.feedback_html)}")
            return f"{head}{text}{{#\n" + _lines(answers, general) + "}"
        case _:
            assert_never(question)
    return f"{head}{text}{{\n" + _lines(answers, general) + "}"


def _lines(answers: list[str], general: str) -> str:
    return "".join(f"\t{answer}\n" for answer in answers) + (f"\t{general}\n" if general else "")
