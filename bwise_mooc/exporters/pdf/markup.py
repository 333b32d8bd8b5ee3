"""HTML elements of a handout, built with lxml: new elements, course fragments copied in.

The course model holds sanitised HTML fragments (``parse/``). They are parsed with lxml's HTML
parser (no network, no comments) and their elements moved into the handout; headings go one
level down (a lesson's ``h2`` sits under the lesson title, itself under the module title),
and what prints nothing (scripts, form controls) is left out.
"""

from lxml import etree, html

from bwise_mooc.exporters.elements import append_text
from bwise_mooc.exporters.links import HTML_PARSER

DROPPED = frozenset({"script", "input", "button", "noscript", "audio", "video", "style"})
OUTSIDE = "bwise-outside:"  # a link to a page the handout does not hold: kept as its text
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element ``tag`` of ``parent`` (``class_`` is ``class``)."""
    element = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def parse_fragment(fragment: str) -> etree._Element:
    """``fragment`` inside a ``div``, cleaned for print."""
    holder: etree._Element = html.fragment_fromstring(
        fragment, create_parent="div", parser=HTML_PARSER
    )
    for element in list(holder.iter()):
        if isinstance(element.tag, str) and element.tag.lower() in DROPPED:
            _remove_keeping_tail(element)
    for element in holder.iter("a"):
        if str(element.get("href", "")).startswith(OUTSIDE):
            del element.attrib["href"]
    for element in holder.iter():  # attributes for scripts and screens only
        for name in [n for n in element.attrib if n.startswith(("on", "data-", "tabindex"))]:
            del element.attrib[name]
    return holder


def lower_headings(holder: etree._Element, by: int) -> None:
    """Every heading in ``holder`` ``by`` levels down (``h6`` at most)."""
    for element in holder.iter(*HEADINGS):
        level = min(int(str(element.tag)[1]) + by, 6)
        element.tag = f"h{level}"


def append_fragment(parent: etree._Element, fragment: str, heading_shift: int = 0) -> None:
    """Copy the HTML ``fragment`` into ``parent``, its headings ``heading_shift`` levels down."""
    if not fragment.strip():
        return
    holder = parse_fragment(fragment)
    lower_headings(holder, heading_shift)
    append_children(parent, holder)


def append_children(parent: etree._Element, holder: etree._Element) -> None:
    """Move the text and children of ``holder`` to the end of ``parent``."""
    append_text(parent, holder.text)
    for child in list(holder):
        parent.append(child)


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def serialise(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, method="html", encoding="utf-8", doctype="<!DOCTYPE html>")
    return data + b"\n"
