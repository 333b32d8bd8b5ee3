"""Stage 3 helper for OLX: one quiz question -> one capa ``<problem>`` element.

Question types map to the documented capa response types: single choice and true/false to
``multiplechoiceresponse``, multiple response to ``choiceresponse``, short text to
``stringresponse`` (case-insensitive) and numbers to ``numericalresponse``. Per-choice feedback
becomes ``choicehint`` / ``correcthint``, the general feedback the ``solution`` and the hint a
``demandhint``. The prompt's first paragraph is the ``label``; further text paragraphs are
``description``s and other prompt content (images, lists) is placed before the question.
Assessment problems allow ``attempts`` submissions (``max_attempts``); knowledge checks are
unlimited. A numeric problem tells the learner what capa can read (digits 0-9, a decimal
point), and writes its answers as ``olx_numeric`` explains.
"""

from dataclasses import dataclass, replace
from typing import assert_never

from lxml import etree, html

from bwise_mooc import ir
from bwise_mooc.exporters.links import HTML_PARSER
from bwise_mooc.exporters.olx.content import Links, append_fragment, append_inline
from bwise_mooc.exporters.olx.numeric import capa_numeric
from bwise_mooc.i18n import N_, gettext

TRUE_FALSE_LABELS = (("true", N_("True")), ("false", N_("False")))
TEXT_INPUT_SIZE = "40"
# capa's calculator reads the digits 0-9 and a decimal point only: not ٤٨, not 2,5
NUMBER_FORM = N_("Type the number with the digits 0-9 and a point for decimals, for example 2.5.")


@dataclass(frozen=True)
class ProblemContext:
    """What a problem needs besides its question: where it is and how it counts."""

    lesson: str  # the lesson's source path, for links
    links: Links
    number: int  # position of the question in its lesson, from 1
    graded: bool  # the question belongs to a module assessment
    graded_subsection: bool  # the subsection holding it is graded
    language: str = "en"  # of the labels the exporter adds
    attempts: int | None = None  # submissions allowed on an assessment problem (None: unlimited)


def problem(question: ir.Question, context: ProblemContext) -> etree._Element:
    """The ``<problem>`` root of ``problem/<url_name>.xml`` for one question."""
    root = etree.Element("problem")
    root.set(
        "display_name", gettext(context.language, "Question %(number)s", number=context.number)
    )
    root.set("showanswer", "finished" if context.graded else "attempted")
    if context.graded and context.attempts is not None:
        root.set("max_attempts", str(context.attempts))
    if not context.graded:
        root.set("show_reset_button", "true")
        if context.graded_subsection:
            root.set("weight", "0")  # a knowledge check never counts towards the grade
    context = replace(context, links=replace(context.links, frames_as_links=True))
    response = _response(root, question, context)
    _solution(response, question.feedback_html, context)
    _demand_hint(root, question.hint_html, context)
    return root


def _response(root: etree._Element, question: ir.Question, c: ProblemContext) -> etree._Element:
    match question:
        case ir.SingleChoice():
            return _single(root, question, c)
        case ir.MultipleResponse():
            return _multiple(root, question, c)
        case ir.TrueFalse():
            return _true_false(root, question, c)
        case ir.ShortText():
            return _short_text(root, question, c)
        case ir.Numeric():
            return _numeric(root, question, c)
        case _:
            assert_never(question)


def _start(
    root: etree._Element, tag: str, question: ir.Question, c: ProblemContext
) -> etree._Element:
    """The response element with its ``label`` and ``description``s; other prompt content
    goes before it, inside the problem."""
    paragraphs = _prompt_parts(question.prompt_html)
    response = etree.Element(tag)
    label = etree.SubElement(response, "label")
    if paragraphs and paragraphs[0].tag == "p":
        append_inline(label, _html(paragraphs.pop(0)), c.lesson, c.links)
    else:
        label.text = question.prompt_text
    for part in paragraphs:
        if part.tag == "p" and part.find(".//img") is None:
            description = etree.SubElement(response, "description")
            append_inline(description, _html(part), c.lesson, c.links)
        else:
            holder = etree.Element("div")
            append_fragment(holder, _html(part), c.lesson, c.links)
            root.extend(holder)
    root.append(response)
    return response


def _single(root: etree._Element, question: ir.SingleChoice, c: ProblemContext) -> etree._Element:
    response = _start(root, "multiplechoiceresponse", question, c)
    group = etree.SubElement(response, "choicegroup")
    group.set("type", "MultipleChoice")
    for choice in question.choices:
        element = _choice(group, choice.correct, choice.html, c)
        element.set("name", choice.id)
        _choice_hint(element, choice.feedback_html, c)
    return response


def _multiple(
    root: etree._Element, question: ir.MultipleResponse, c: ProblemContext
) -> etree._Element:
    response = _start(root, "choiceresponse", question, c)
    group = etree.SubElement(response, "checkboxgroup")
    for choice in question.choices:
        hint = _choice_hint(_choice(group, choice.correct, choice.html, c), choice.feedback_html, c)
        if hint is not None:
            hint.set("selected", "true")  # shown when the learner ticked this option
    return response


def _true_false(root: etree._Element, question: ir.TrueFalse, c: ProblemContext) -> etree._Element:
    response = _start(root, "multiplechoiceresponse", question, c)
    group = etree.SubElement(response, "choicegroup")
    group.set("type", "MultipleChoice")
    for value, label in TRUE_FALSE_LABELS:
        choice = _choice(group, question.answer == (value == "true"), "", c)
        choice.set("name", value)
        choice.text = gettext(c.language, label)
    return response


def _short_text(root: etree._Element, question: ir.ShortText, c: ProblemContext) -> etree._Element:
    response = _start(root, "stringresponse", question, c)
    first, *others = question.accepted
    response.set("answer", _spaced(first.text))
    response.set("type", "ci")  # capa compares case-insensitively, after stripping
    _correct_hint(response, first.feedback_html, c)
    for answer in others:
        additional = etree.SubElement(response, "additional_answer")
        additional.set("answer", _spaced(answer.text))
        _correct_hint(additional, answer.feedback_html, c)
    etree.SubElement(response, "textline").set("size", TEXT_INPUT_SIZE)
    return response


def _numeric(root: etree._Element, question: ir.Numeric, c: ProblemContext) -> etree._Element:
    response = _start(root, "numericalresponse", question, c)
    etree.SubElement(response, "description").text = gettext(c.language, NUMBER_FORM)
    answers = capa_numeric(question)
    response.set("answer", answers.answer)
    if answers.tolerance is not None:
        param = etree.SubElement(response, "responseparam")
        param.set("type", "tolerance")
        param.set("default", answers.tolerance)
    etree.SubElement(response, "formulaequationinput")
    _correct_hint(response, answers.feedback_html, c)
    for number, feedback in answers.additional:
        additional = etree.SubElement(response, "additional_answer")
        additional.set("answer", number)
        _correct_hint(additional, feedback, c)
    return response


def _choice(group: etree._Element, correct: bool, text: str, c: ProblemContext) -> etree._Element:
    choice = etree.SubElement(group, "choice")
    choice.set("correct", "true" if correct else "false")
    append_inline(choice, text, c.lesson, c.links)
    return choice


def _choice_hint(choice: etree._Element, feedback: str, c: ProblemContext) -> etree._Element | None:
    if not feedback:
        return None
    hint = etree.SubElement(choice, "choicehint")
    append_inline(hint, feedback, c.lesson, c.links)
    return hint


def _correct_hint(parent: etree._Element, feedback: str, c: ProblemContext) -> None:
    if feedback:
        append_inline(etree.SubElement(parent, "correcthint"), feedback, c.lesson, c.links)


def _solution(response: etree._Element, feedback: str, c: ProblemContext) -> None:
    if not feedback:
        return
    division = etree.SubElement(etree.SubElement(response, "solution"), "div")
    division.set("class", "detailed-solution")
    append_fragment(division, feedback, c.lesson, c.links)


def _demand_hint(root: etree._Element, hint: str, c: ProblemContext) -> None:
    if hint:
        hints = etree.SubElement(root, "demandhint")
        append_inline(etree.SubElement(hints, "hint"), hint, c.lesson, c.links)


def _prompt_parts(prompt: str) -> list[html.HtmlElement]:
    if not prompt.strip():
        return []
    return list(html.fragment_fromstring(prompt, create_parent="div", parser=HTML_PARSER))


def _html(element: html.HtmlElement) -> str:
    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)


def _spaced(text: str) -> str:
    return " ".join(text.split())
