"""Stage 3 exporter: ir.Course -> a GIFT question bank (``<course>-questions.gift.txt``).

GIFT is the plain-text question format that Moodle's "Question bank > Import" reads; teachers
can open and edit it in any text editor. The course's questions go into the categories of
``question_bank.py`` (``$CATEGORY:`` lines), written as Moodle's own GIFT export writes them
(``question/format/gift``): the text as HTML (``[html]``), the special characters ``~ = # { } :``
and ``\\`` escaped with a backslash and line breaks written ``\\n``, so every question is one
line; the course-wide id as ``// [id:...]``. GIFT has no hints and carries no pictures: hints
are in the Moodle XML bank only, and a picture in a question is replaced by its alt text in
brackets. One file per language, as for Moodle XML.
"""

import re
from pathlib import Path
from typing import ClassVar, assert_never

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    staged_directory,
    write_text,
)
from bwise_mooc.exporters.question_bank import (
    BankQuestion,
    answer_pattern,
    bank_name,
    categories,
    centre_and_margin,
    check_bank_weights,
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
IMAGE = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>")


class Gift:
    name: ClassVar[str] = "gift"
    cost: ClassVar[int] = 1  # relative build time: one text file
    description: ClassVar[str] = (
        "GIFT question bank: every question as plain text, for the bank import"
    )
    checks: ClassVar[tuple[CourseCheck, ...]] = (check_bank_weights,)

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        blocks = []
        for category in categories(course):
            path = "/".join(name.replace("/", "//") for name in ("$course$", "top", *category.path))
            blocks.append(f"$CATEGORY: {' '.join(path.split())}")
            blocks.extend(_question(item) for item in category.questions)
        name = f"{bank_name(course)}.gift.txt"
        with staged_directory(out_dir) as stage:
            write_text(stage / name, "\n\n".join(blocks) + "\n")
        return Artifact(self.name, out_dir, (out_dir / name,))


def escaped(text: str) -> str:
    """``text`` with GIFT's special characters escaped, on one line."""
    return text.translate(SPECIAL)


def _html(fragment: str) -> str:
    """An HTML fragment as GIFT text: pictures as their alt text (GIFT carries no files)."""
    return escaped(IMAGE.sub(lambda found: f"[{found.group(1)}]", fragment).strip())


def _feedback(fragment: str) -> str:
    return f"#{_html(fragment)}" if fragment.strip() else ""


def _question(item: BankQuestion) -> str:
    question = item.question
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
