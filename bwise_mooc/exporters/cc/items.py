"""One question as a QTI item of the Common Cartridge 1.1 profile, written as Moodle reads it.

What Moodle's importer understands (``backup/cc/entity11.quiz.class.php``), and so what is
written here:

- the question text is the item's first ``mattext`` (HTML), its name the item's ``title``;
- single choice (``cc.multiple_choice.v0p1``) and true/false (``cc.true_false.v0p1``): the
  right choice is the one whose condition sets ``SCORE`` (Moodle takes the last condition that
  names a choice, so each choice is named by one condition only); the choices of true/false
  are ``true`` and ``false``, exactly (Moodle refuses any other identifier);
- multiple response (``cc.multiple_response.v0p1``): one condition sets ``SCORE`` when every
  right choice is ticked and no wrong one (``varequal case="Yes"``, wrong ones inside
  ``<not>``, ``varname="SCORE"`` written out, as Moodle's query asks for them); Moodle then
  gives each right choice an equal share and a wrong one nothing;
- short text (``cc.fib.v0p1``): the first condition setting ``SCORE`` to 100 lists every
  accepted answer; Moodle compares them ignoring case, as the course does;
- feedback: every ``itemfeedback`` holds ``flow_mat/material/mattext``; the general feedback is
  shown by the one condition that continues (``continue="Yes"``, ``<other/>``): Moodle adds the
  feedback of every continuing condition to the general feedback, so per-choice feedback
  conditions never continue. Hints go along as the profile's ``<hint>``; Moodle ignores them.
"""

from collections.abc import Sequence
from typing import assert_never

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.question_bank import BankQuestion
from bwise_mooc.i18n import gettext

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
PROFILES = {
    "single": "cc.multiple_choice.v0p1",
    "multiple": "cc.multiple_response.v0p1",
    "true_false": "cc.true_false.v0p1",
    "short_text": "cc.fib.v0p1",
}
RESPONSE = "response"  # the ident of each item's one response
GENERAL = "general_fb"
HTML = "text/html"

Feedback = dict[str, str]  # itemfeedback ident -> its HTML, in the order written


def sub(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    """A QTI element inside ``parent``, with ``text`` and ``attributes``."""
    element = etree.SubElement(parent, f"{{{QTI}}}{tag}", attrib=attributes)
    if text is not None:
        element.text = text
    return element


def metadata(parent: etree._Element, fields: dict[str, str]) -> None:
    """``<qtimetadata>`` with one field per entry."""
    holder = sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = sub(holder, "qtimetadatafield")
        sub(field, "fieldlabel", label)
        sub(field, "fieldentry", entry)


def item(entry: BankQuestion, question: ir.Question, language: str) -> etree._Element:
    """The item of ``question`` (its fragments resolved for the QTI file), named after
    ``entry``: its course-wide id as ident, the question bank's name as title."""
    element = etree.Element(f"{{{QTI}}}item", ident=entry.idnumber, title=entry.name)
    metadata(
        sub(element, "itemmetadata"), {"cc_profile": PROFILES[question.type], "cc_weighting": "1"}
    )
    presentation = sub(element, "presentation")
    _material(presentation, question.prompt_html, HTML)
    processing = sub(element, "resprocessing")
    sub(
        sub(processing, "outcomes"),
        "decvar",
        varname="SCORE",
        vartype="Decimal",
        minvalue="0",
        maxvalue="100",
    )
    feedback: Feedback = {}
    if question.feedback_html:
        condition, tests = _condition(processing, continues=True)
        sub(tests, "other")
        _show(condition, feedback, GENERAL, question.feedback_html)
    match question:
        case ir.SingleChoice():
            _single(presentation, processing, question, feedback)
        case ir.MultipleResponse():
            _multiple(presentation, processing, question, feedback)
        case ir.TrueFalse():
            _true_false(presentation, processing, question, language)
        case ir.ShortText():
            _short_text(presentation, processing, question, feedback)
        case ir.Numeric():
            raise ValueError("Common Cartridge 1.1 has no numeric questions (plan.CARRIED)")
        case _:
            assert_never(question)
    for ident, text in feedback.items():
        flow = sub(sub(element, "itemfeedback", ident=ident), "flow_mat")
        _material(flow, text, HTML)
    if question.hint_html:
        hint = sub(sub(element, "itemfeedback", ident="hint"), "hint")
        _material(sub(hint, "hintmaterial"), question.hint_html, HTML)
    return element


def _single(
    presentation: etree._Element,
    processing: etree._Element,
    question: ir.SingleChoice,
    feedback: Feedback,
) -> None:
    _choices(presentation, question.choices, "Single")
    for choice in question.choices:
        if not (choice.correct or choice.feedback_html):
            continue
        condition, tests = _condition(processing)
        sub(tests, "varequal", choice.id, respident=RESPONSE, case="Yes")
        if choice.correct:
            _score(condition)
        if choice.feedback_html:
            _show(condition, feedback, f"{choice.id}_fb", choice.feedback_html)


def _multiple(
    presentation: etree._Element,
    processing: etree._Element,
    question: ir.MultipleResponse,
    feedback: Feedback,
) -> None:
    _choices(presentation, question.choices, "Multiple")
    condition, tests = _condition(processing, continues=True)
    every = sub(tests, "and")
    for choice in question.choices:
        holder = every if choice.correct else sub(every, "not")
        sub(holder, "varequal", choice.id, respident=RESPONSE, case="Yes")
    _score(condition)
    for choice in question.choices:
        if choice.feedback_html:
            condition, tests = _condition(processing)
            sub(tests, "varequal", choice.id, respident=RESPONSE, case="Yes")
            _show(condition, feedback, f"{choice.id}_fb", choice.feedback_html)


def _true_false(
    presentation: etree._Element,
    processing: etree._Element,
    question: ir.TrueFalse,
    language: str,
) -> None:
    response = sub(presentation, "response_lid", ident=RESPONSE, rcardinality="Single")
    render = sub(response, "render_choice", shuffle="No")
    for ident, label in (("true", "True"), ("false", "False")):
        _material(
            sub(render, "response_label", ident=ident), gettext(language, label), "text/plain"
        )
    condition, tests = _condition(processing)
    sub(tests, "varequal", "true" if question.answer else "false", respident=RESPONSE, case="Yes")
    _score(condition)


def _short_text(
    presentation: etree._Element,
    processing: etree._Element,
    question: ir.ShortText,
    feedback: Feedback,
) -> None:
    response = sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    sub(response, "render_fib", rows="1", fibtype="String", prompt="Box")
    answers = [" ".join(accepted.text.split()) for accepted in question.accepted]
    condition, tests = _condition(processing, continues=True)
    for answer in answers:
        sub(tests, "varequal", answer, respident=RESPONSE, case="No")
    _score(condition)
    for number, (answer, accepted) in enumerate(zip(answers, question.accepted, strict=True), 1):
        if accepted.feedback_html:
            condition, tests = _condition(processing)
            sub(tests, "varequal", answer, respident=RESPONSE, case="No")
            _show(condition, feedback, f"answer{number}_fb", accepted.feedback_html)


def _choices(presentation: etree._Element, choices: Sequence[ir.Choice], cardinality: str) -> None:
    """The choices in the author's order (never shuffled), identified by their ids."""
    response = sub(presentation, "response_lid", ident=RESPONSE, rcardinality=cardinality)
    render = sub(response, "render_choice", shuffle="No")
    for choice in choices:
        _material(sub(render, "response_label", ident=choice.id), choice.html, HTML)


def _condition(
    processing: etree._Element, continues: bool = False
) -> tuple[etree._Element, etree._Element]:
    """A new ``<respcondition>`` and its ``<conditionvar>``."""
    condition = sub(processing, "respcondition", **{"continue": "Yes" if continues else "No"})
    return condition, sub(condition, "conditionvar")


def _score(condition: etree._Element) -> None:
    sub(condition, "setvar", "100", varname="SCORE", action="Set")


def _show(condition: etree._Element, feedback: Feedback, ident: str, text: str) -> None:
    sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=ident)
    feedback[ident] = text


def _material(parent: etree._Element, text: str, texttype: str) -> None:
    sub(sub(parent, "material"), "mattext", text, texttype=texttype)
