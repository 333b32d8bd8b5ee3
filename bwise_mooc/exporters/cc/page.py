"""One lesson as a web page of the cartridge: a whole HTML document, without script.

The page holds the lesson's blocks as the shared renderer writes them (``html.render_block``),
with references resolved for the cartridge (``links.CartridgeLinks``), in a document that says
its language and direction. Quizzes are not on the page: pages in Moodle run no script, so each
quiz is an assessment of its own, placed after the page (``plan.py``). Moodle keeps only what is
inside ``<body>``, so the content sits in a ``<div>`` that repeats the language and direction:
an Arabic page stays right-to-left in an English Moodle.

Assignments and checklists stay on the page, as the preview shows them: the brief, what to hand
in and the rubric as a table, or the checklist's table of empty boxes. IMS Common Cartridge 1.1
has no assignment type (its resource types are web content, links, discussions and QTI
assessments; the assignment extension came with CC 1.3, which Moodle 4.x does not read), so a
teacher who wants learners to hand in the work in Moodle adds a Moodle assignment beside it.
"""

from collections.abc import Mapping

from lxml import etree, html
from markupsafe import Markup

from bwise_mooc import ir
from bwise_mooc.exporters.branding import brand_footer, brand_header, brand_view
from bwise_mooc.exporters.cc.links import CartridgeLinks
from bwise_mooc.exporters.cc.plan import Page
from bwise_mooc.exporters.html import learner_context, render_block, render_lesson
from bwise_mooc.exporters.links import HTML_PARSER
from bwise_mooc.i18n import text_direction


def lesson_page(
    course: ir.Course, module: ir.Module, page: Page, pages: Mapping[str, str]
) -> bytes:
    """The page of ``page.lesson`` (``pages``: every lesson's page by its source path)."""
    lesson = page.lesson
    folder = page.path.rsplit("/", 1)[0]
    links = CartridgeLinks(course.media, pages, folder)
    context = learner_context(course, module, lesson, links)
    content = Markup("\n").join(
        render_block(block, context) for block in lesson.blocks if not isinstance(block, ir.Quiz)
    )
    if lesson.audio:  # the recording of the lesson, above it
        content = render_lesson(lesson.model_copy(update={"blocks": ()}), context) + content
    return document(lesson.title, course.language, _branded(course, links, content))


def _branded(course: ir.Course, links: CartridgeLinks, content: Markup) -> Markup:
    """``content`` with the course's logo above it and its footer and funder below; Moodle
    shows a page in its own theme, so the branding's colours are not carried."""
    view = brand_view(course, links.path_to)
    if view is None:
        return content
    header, footer = brand_header(view), brand_footer(view)
    parts = [_markup(header)] if header is not None else []
    parts.append(content)
    if footer is not None:
        parts.append(_markup(footer))
    return Markup("\n").join(parts)


def _markup(element: etree._Element) -> Markup:
    return Markup(etree.tostring(element, method="html", encoding="unicode"))


def document(title: str, language: str, content: str) -> bytes:
    """A whole HTML5 document holding ``content`` (sanitised HTML), as UTF-8."""
    direction = text_direction(language)
    root = etree.Element("html", lang=language, dir=direction)
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(root, "body")
    main = etree.SubElement(body, "div", lang=language, dir=direction)
    main.text = "\n"
    holder = html.fragment_fromstring(content, create_parent="div", parser=HTML_PARSER)
    _without_script(holder)
    main.text += holder.text or ""
    main.extend(list(holder))
    data: bytes = etree.tostring(root, method="html", encoding="utf-8", doctype="<!DOCTYPE html>")
    return data + b"\n"


def _without_script(holder: etree._Element) -> None:
    """Drop any script: the sanitiser keeps none, and a page must never run one."""
    for element in list(holder.iter("script")):
        element.drop_tree()  # type: ignore[attr-defined]
