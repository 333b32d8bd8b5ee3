"""Stage 3 helper for OLX: an assignment as an Open Response Assessment (ORA), a checklist as
an html component.

An ``::: assignment`` becomes ``openassessment/<url_name>.xml``, the OLX of edx-ora2's XBlock
(the format its ``utils/xml.py`` reads): the title, one HTML prompt (the brief and what to hand
in), the rubric (one ``criterion`` per row, one ``option`` per level with its points and what
the work shows at that level) and one step, ``staff-assessment``: a member of the course team
marks the work, as the course says a person does. Learners answer in text and may upload
files (a photo of a plan, a PDF). The ORA counts toward the Open edX grade only when its
lesson is a graded subsection (a lesson with assessment questions).

A ``::: checklist`` has no grade, so it is no ORA: it is the same printable table as in the
preview, in an html component (its ``<section>`` a ``<div>``, as html components hold only the
tags the sanitiser keeps).
"""

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.html import QuizContext, render_assignment
from bwise_mooc.exporters.olx.content import Links, append_fragment
from bwise_mooc.i18n import gettext


def openassessment(
    assignment: ir.Assignment, module: ir.Module, lesson: ir.Lesson, links: Links
) -> etree._Element:
    """The ORA of a graded assignment (``assignment.graded``)."""
    root = etree.Element("openassessment")
    root.set("prompts_type", "html")
    root.set("text_response", "required")
    root.set("text_response_editor", "text")
    root.set("file_upload_response", "optional")
    root.set("file_upload_type", "pdf-and-image")
    root.set("allow_multiple_files", "True")
    root.set("show_rubric_during_response", "True")
    etree.SubElement(root, "title").text = assignment.title
    steps = etree.SubElement(root, "assessments")
    etree.SubElement(steps, "assessment", name="staff-assessment", required="True")
    prompt = etree.SubElement(etree.SubElement(root, "prompts"), "prompt")
    etree.SubElement(prompt, "description").text = _prompt_html(assignment, lesson, links)
    rubric = etree.SubElement(root, "rubric")
    for criterion in assignment.criteria:
        _criterion(rubric, criterion)
    etree.SubElement(rubric, "feedbackprompt").text = gettext(
        links.language, "How your work is marked"
    )
    return root


def _criterion(rubric: etree._Element, criterion: ir.Criterion) -> None:
    element = etree.SubElement(rubric, "criterion", feedback="optional")
    etree.SubElement(element, "name").text = criterion.id
    etree.SubElement(element, "label").text = criterion.text
    etree.SubElement(element, "prompt").text = criterion.text
    for number, level in enumerate(criterion.levels, start=1):
        option = etree.SubElement(element, "option", points=str(level.points))
        etree.SubElement(option, "name").text = f"level-{number}"
        etree.SubElement(option, "label").text = level.name
        etree.SubElement(option, "explanation").text = level.description_text


def _prompt_html(assignment: ir.Assignment, lesson: ir.Lesson, links: Links) -> str:
    """The brief and the list of what to hand in, as the HTML the prompt holds."""
    container = etree.Element("div")
    append_fragment(container, assignment.brief_html, lesson.path, links)
    heading = etree.SubElement(container, "p")
    etree.SubElement(heading, "strong").text = gettext(links.language, "Hand in")
    items = etree.SubElement(container, "ul")
    for item in assignment.hand_in:
        append_fragment(etree.SubElement(items, "li"), item.html, lesson.path, links)
    parts = [container.text or ""]
    parts += [etree.tostring(node, method="html", encoding="unicode") for node in container]
    return "".join(parts)


def checklist_html(
    assignment: ir.Assignment, module: ir.Module, lesson: ir.Lesson, links: Links
) -> str:
    """A checklist as the content of an ``html/*.html`` file (the preview's table)."""
    context = QuizContext(
        outcomes={outcome.id: outcome for outcome in module.outcomes},
        lesson_outcomes=lesson.outcomes,
        language=links.language,
        lesson=lesson.path,
    )
    container = etree.Element("div")
    append_fragment(container, str(render_assignment(assignment, context)), lesson.path, links)
    for section in container.iter("section"):  # html components hold the sanitiser's tags
        section.tag = "div"
    return "".join(etree.tostring(node, method="html", encoding="unicode") for node in container)
