"""XHTML content documents for EPUB 3: HTML fragments of the course model as XML elements.

The course model holds sanitised HTML fragments (``parse/``); the shared renderer
(``exporters/html.py``) wraps them. EPUB wants XHTML, so each fragment is parsed with lxml's
HTML parser (no network) and copied into the XHTML namespace, element by element; scripts,
forms' inputs and buttons are never copied (a reflowable book runs no script here).
"""

from collections.abc import Iterable

from lxml import etree, html

from bwise_mooc.exporters.elements import append_text
from bwise_mooc.exporters.links import HTML_PARSER
from bwise_mooc.i18n import text_direction

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: XHTML, "epub": OPS}
OUTSIDE = "bwise-outside:"  # a link to a lesson the book does not hold: kept as its text
DROPPED = frozenset({"script", "input", "button", "noscript", "form"})


def x(tag: str) -> str:
    return f"{{{XHTML}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element ``tag`` of ``parent`` in the XHTML namespace (``class_`` is ``class``)."""
    element = etree.SubElement(parent, x(tag), {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def append_fragment(parent: etree._Element, fragment: str) -> None:
    """Copy the HTML ``fragment`` into ``parent`` as XHTML."""
    if not fragment.strip():
        return
    holder = html.fragment_fromstring(fragment, create_parent="div", parser=HTML_PARSER)
    append_text(parent, holder.text)
    for child in holder:
        _copy(child, parent)


def _copy(source: etree._Element, parent: etree._Element) -> None:
    if not isinstance(source.tag, str):  # a comment or processing instruction: dropped
        append_text(parent, source.tail)
        return
    tag = source.tag.lower()
    if tag in DROPPED:
        _unwrap(source, parent) if tag == "form" else append_text(parent, source.tail)
        return
    attrs = {name: value for name, value in source.attrib.items() if _kept(name, value)}
    element = etree.SubElement(parent, x(tag), attrs)
    element.text = source.text
    for child in source:
        _copy(child, element)
    if tag == "a" and str(source.get("href", "")).startswith(OUTSIDE):
        del element.attrib["href"]
    element.tail = source.tail


def _unwrap(source: etree._Element, parent: etree._Element) -> None:
    """Keep what a form shows (its fieldset and legend), without the form."""
    append_text(parent, source.text)
    for child in source:
        _copy(child, parent)
    append_text(parent, source.tail)


def _kept(name: str, value: str) -> bool:
    name = name.lower()
    return ":" not in name and not name.startswith("on") and not name.startswith("data-")


def document(
    title: str, language: str, css: str, body_parts: Iterable[etree._Element] = ()
) -> tuple[etree._Element, etree._Element]:
    """A content document's root and its ``<body>``: language and direction on the root."""
    root = etree.Element(x("html"), nsmap=NSMAP)
    root.set("lang", language)
    root.set(XML_LANG, language)
    root.set("dir", text_direction(language))
    head = sub(root, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "title", title)
    sub(head, "link", rel="stylesheet", type="text/css", href=css)
    body = sub(root, "body")
    body.extend(body_parts)
    return root, body


def serialise(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(
        root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>"
    )
    return data + b"\n"
