"""Stage 3 exporter: ir.Course -> a Moodle XML question bank (``<course>-questions.xml``).

For a teacher's "Question bank > Import > Moodle XML": every question of the course in the
categories of ``question_bank.py``, as Moodle's own export writes them (``question/format/xml``):
single choice and multiple response -> ``multichoice``, true/false -> ``truefalse``, short text
-> ``shortanswer`` (case-insensitive; ``*`` is Moodle's wildcard, so it is escaped), numbers ->
``numerical`` with each answer's tolerance (a range as its centre and half-width). Per-answer
feedback, the general feedback and the hint (shown in "interactive with multiple tries") come
along; each question's course-wide id is its ``idnumber``. Pictures and linked files travel
inside the file (base64, ``@@PLUGINFILE@@``), as Moodle exports them; links to lessons lead
nowhere in a bank and are written ``#``. One file per language: the bank of a
translation is a separate file, because Moodle's multi-language filter is off by default (with
it off, learners would see every language at once) and the Arabic edition holds fewer modules.
Assignments and checklists are not questions, so no bank holds them (a Moodle ``essay``
question could carry a rubric only as grader information, without criteria or levels; Moodle's
own assignment activity is where a rubric belongs): a teacher makes a Moodle assignment from the
lesson's page, as docs/moodle.md says.
"""

import base64
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import ClassVar, assert_never
from urllib.parse import quote

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    asset_source,
    staged_directory,
)
from bwise_mooc.exporters.links import LinkResolver, Reference, rewrite
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
from bwise_mooc.exporters.streamed_xml import serialized, write_serialized

PENALTY = "0.3333333"  # a wrong try costs a third of the mark (Moodle's default)


class MoodleXml:
    name: ClassVar[str] = "moodlexml"
    cost: ClassVar[int] = 1  # relative build time: one XML file
    description: ClassVar[str] = "Moodle XML question bank: every question, for the bank import"
    checks: ClassVar[tuple[CourseCheck, ...]] = (check_bank_weights,)
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        name = f"{bank_name(course)}.xml"
        with staged_directory(out_dir) as stage:
            write_serialized(stage / name, "quiz", self._runs(course, source_root))
        return Artifact(self.name, out_dir, (out_dir / name,))

    def _runs(self, course: ir.Course, source_root: Path) -> Iterator[bytes]:
        """The bank's elements, serialized: the course's category, then each module's
        questions, a part of the build made once (one at a time: the bank, 11 MB for a
        3,000-lesson course, is never held whole)."""
        yield serialized([_category(course_category(course))])
        for module in course.modules:
            make = partial(_module_run, course, module, source_root, self.options)
            yield self.options.parts.part(course, "moodlexml-module", [module], make)


def _module_run(
    course: ir.Course, module: ir.Module, source_root: Path, options: BuildOptions
) -> bytes:
    """The bank's elements of ``module``, serialized: each category, then its questions."""
    files = _Files(course, module, source_root, options)
    return serialized(
        element
        for category in module_categories(course, module)
        for element in (_category(category), *(_question(q, files) for q in category.questions))
    )


class _BankLinks(LinkResolver):
    """References in a question as Moodle XML writes them. The course's files travel inside the
    file, in the file area of the text that shows them (``@@PLUGINFILE@@/<name>``); a question
    bank has no lesson pages, so a link to a lesson or a heading leads nowhere (``#``)."""

    def __init__(self, media: Mapping[str, str]) -> None:
        self.media = media
        self.used: dict[str, str] = {}  # name in the file area -> the file's source path

    def here(self, ref: Reference) -> str:
        return "#"

    def lesson(self, ref: Reference) -> str:
        return "#"

    def file(self, ref: Reference) -> str:
        name = self.media[ref.path].removeprefix("media/").replace("/", "_")
        self.used[name] = ref.path
        return f"@@PLUGINFILE@@/{quote(name)}"


class _Files:
    """Writes a question's texts with the files they show, as Moodle XML carries them."""

    def __init__(
        self, course: ir.Course, module: ir.Module, source_root: Path, options: BuildOptions
    ) -> None:
        self.course, self.root, self.options = course, source_root, options
        self.assets = {asset.path: asset for lesson in module.lessons for asset in lesson.assets}
        self.lesson = ""  # the source path of the lesson whose question is being written

    def text(self, parent: etree._Element, tag: str, fragment: str) -> etree._Element:
        """``<tag format="html"><text>fragment</text></tag>`` with the files it shows."""
        element = etree.SubElement(parent, tag, format="html")
        self.fill(element, fragment)
        return element

    def fill(self, element: etree._Element, fragment: str) -> None:
        """Give ``element`` the ``<text>`` of ``fragment`` and a ``<file>`` for each file the
        fragment shows (Moodle puts them in that text's file area)."""
        links = _BankLinks(self.course.media)
        etree.SubElement(element, "text").text = rewrite(fragment, self.lesson, links)
        for name, path in sorted(links.used.items()):
            source = asset_source(self.assets[path], self.course, self.root, self.options)
            data = source.read_bytes() if isinstance(source, Path) else source
            file = etree.SubElement(element, "file", name=name, path="/", encoding="base64")
            file.text = base64.b64encode(data).decode("ascii")


def _category(category: Category) -> etree._Element:
    question = etree.Element("question", type="category")
    path = "/".join(name.replace("/", "//") for name in ("$course$", "top", *category.path))
    etree.SubElement(etree.SubElement(question, "category"), "text").text = path
    info = etree.SubElement(question, "info", format="html")
    etree.SubElement(info, "text").text = category.info
    etree.SubElement(question, "idnumber").text = category.idnumber
    return question


def _question(item: BankQuestion, files: _Files) -> etree._Element:
    question = item.question
    files.lesson = item.lesson.path
    kind = _KINDS[question.type]
    element = etree.Element("question", type=kind)
    etree.SubElement(etree.SubElement(element, "name"), "text").text = item.name
    files.text(element, "questiontext", question.prompt_html)
    files.text(element, "generalfeedback", question.feedback_html)
    etree.SubElement(element, "defaultgrade").text = "1"
    etree.SubElement(element, "penalty").text = PENALTY
    etree.SubElement(element, "hidden").text = "0"
    etree.SubElement(element, "idnumber").text = item.idnumber
    match question:
        case ir.SingleChoice() | ir.MultipleResponse():
            _choices(element, question, files)
        case ir.TrueFalse():
            _true_false(element, question, files)
        case ir.ShortText():
            _short_text(element, question, files)
        case ir.Numeric():
            _numeric(element, question, files)
        case _:
            assert_never(question)
    if question.hint_html:
        files.text(element, "hint", question.hint_html)
    return element


_KINDS = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short_text": "shortanswer",
    "numeric": "numerical",
}


def _answer(
    parent: etree._Element,
    fraction: str,
    text: str,
    feedback: str,
    files: _Files,
    text_format: str = "moodle_auto_format",
) -> etree._Element:
    """An ``<answer>`` worth ``fraction`` percent: its text (plain, or HTML for choices) and
    its feedback."""
    answer = etree.SubElement(parent, "answer", fraction=fraction, format=text_format)
    if text_format == "html":
        files.fill(answer, text)
    else:
        etree.SubElement(answer, "text").text = text
    files.text(answer, "feedback", feedback)
    return answer


def _choices(
    element: etree._Element, question: ir.SingleChoice | ir.MultipleResponse, files: _Files
) -> None:
    single = isinstance(question, ir.SingleChoice)
    etree.SubElement(element, "single").text = "true" if single else "false"
    etree.SubElement(element, "shuffleanswers").text = "false"  # the author's order
    etree.SubElement(element, "answernumbering").text = "abc"
    etree.SubElement(element, "showstandardinstruction").text = "1"
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        files.text(element, tag, "")
    etree.SubElement(element, "shownumcorrect")
    shares = iter(right_shares(sum(choice.correct for choice in question.choices)))
    for choice in question.choices:
        if single:
            weight = "100" if choice.correct else "0"
        else:  # a wrong tick costs the whole mark: ticking every box scores 0
            weight = next(shares) if choice.correct else "-100"
        _answer(element, weight, choice.html, choice.feedback_html, files, "html")


def _true_false(element: etree._Element, question: ir.TrueFalse, files: _Files) -> None:
    for value in (True, False):
        fraction = "100" if value == question.answer else "0"
        _answer(element, fraction, "true" if value else "false", "", files)


def _short_text(element: etree._Element, question: ir.ShortText, files: _Files) -> None:
    etree.SubElement(element, "usecase").text = "0"  # answers are compared ignoring case
    for accepted in question.accepted:
        _answer(element, "100", answer_pattern(accepted.text), accepted.feedback_html, files)


def _numeric(element: etree._Element, question: ir.Numeric, files: _Files) -> None:
    for accepted in question.answers:
        value, margin = centre_and_margin(accepted)
        answer = _answer(element, "100", value, accepted.feedback_html, files)
        etree.SubElement(answer, "tolerance").text = margin
    etree.SubElement(element, "unitgradingtype").text = "0"
    etree.SubElement(element, "unitpenalty").text = "0.1000000"
    etree.SubElement(element, "showunits").text = "3"  # no unit is asked for
    etree.SubElement(element, "unitsleft").text = "0"
