"""One lesson as a web page of the cartridge: a whole HTML document, without script.

The page holds the lesson's blocks as the shared renderer writes them (``html.render_block``),
with references resolved for the cartridge (``links.CartridgeLinks``), in a document that says
its language and direction. Quizzes are not on the page: pages in Moodle run no script, so each
quiz is an assessment of its own, placed after the page (``plan.py``). Moodle keeps only what is
inside ``<body>``, so the content sits in a ``<div>`` that repeats the language and direction:
an Arabic page stays right-to-left in an English Moodle.
"""

from collections.abc import Mapping

from lxml import etree, html
from markupsafe import Markup

from bwise_mooc import ir
from bwise_mooc.exporters.cc.links import CartridgeLinks
from bwise_mooc.exporters.cc.plan import Page
from bwise_mooc.exporters.html import QuizContext, render_block, text_direction
from bwise_mooc.exporters.links import HTML_PARSER


def lesson_page(
    course: ir.Course, module: ir.Module, page: Page, pages: Mapping[str, str]
) -> bytes:
    """The page of ``page.lesson`` (``pages``: every lesson's page by its source path)."""
    lesson = page.lesson
    folder = page.path.rsplit("/", 1)[0]
    context = QuizContext(
        outcomes={outcome.id: outcome for outcome in module.outcomes},
        lesson_outcomes=lesson.outcomes,
        reviewer=False,
        language=course.language,
        lesson=lesson.path,
        links=CartridgeLinks(course.media, pages, folder),
    )
    content = Markup("\n").join(
        render_block(block, context) for block in lesson.blocks if not isinstance(block, ir.Quiz)
    )
    return document(lesson.title, course.language, content)


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
