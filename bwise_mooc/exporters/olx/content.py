"""Stage 3 helper for OLX: the course model's HTML fragments as lxml elements, links resolved.

Fragments in the course model are sanitised HTML whose links and images are source references
(``ir/blocks.py``). ``Links`` resolves them for OLX (``exporters/links.py``): files of the
course live flat in ``static/`` and are linked as ``/static/<name>``; links to lessons become
``/jump_to_id/<url_name>`` of the subsection (or of the unit holding the anchor). Fragments are
parsed with lxml's HTML parser (no network) and copied into plain elements, so they can go into
problem XML as well as into ``html/*.html`` files.
"""

import hashlib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree, html

from bwise_mooc.exporters.links import HTML_PARSER, LinkResolver, Reference, resolve
from bwise_mooc.exporters.olx.check import InvalidOlx

VOID_ELEMENTS = frozenset({"br", "hr", "img"})
LINK_ATTRIBUTES = {"a": "href", "img": "src"}
STATIC_NAME = re.compile(r"[A-Za-z0-9_.\-]+")


def static_name(output: str) -> str:
    """The flat ``static/`` name of a file at ``output`` in a package: ``/`` made ``_``.

    Studio stores assets flat and turns ``/`` into ``_`` itself, so this is the name it would use.
    Images are already flat and named by their content (``media/<hash>.jpg`` -> ``<hash>.jpg``).
    """
    parts = output.split("/")
    if parts[0] == "media":
        parts = parts[1:]
    name = "_".join(parts)
    if STATIC_NAME.fullmatch(name):
        return name
    # Studio and its URLs take letters, digits, '_', '.' and '-': other characters become '_',
    # and a digest of the real name keeps 'a b.pdf' and 'a_b.pdf' apart
    stem, suffix = posixpath.splitext(re.sub(r"[^A-Za-z0-9_.\-]", "_", name))
    digest = hashlib.sha256(output.encode()).hexdigest()[:8]
    return f"{stem}-{digest}{suffix}"


@dataclass(frozen=True)
class Links(LinkResolver):
    """Where the course's references go in the export."""

    static: Mapping[str, str]  # course file (source path) -> name in static/
    lessons: Mapping[str, str]  # lesson source path (.md) -> sequential url_name
    anchors: Mapping[tuple[str, str], str]  # (lesson source path, anchor) -> vertical url_name
    language: str = "en"  # of the course: labels the export adds follow it
    frames_as_links: bool = False  # in problems: capa shows no frames in labels or choices

    def web(self, ref: Reference) -> str:
        return re.sub(r"\s", lambda found: quote(found.group()), ref.value.strip())

    def here(self, ref: Reference) -> str:
        return "#" if ref.value == "#" else self.lesson(ref)

    def lesson(self, ref: Reference) -> str:
        name = self.anchors.get((ref.path, ref.anchor)) or self.lessons.get(ref.path)
        if name is None:
            raise InvalidOlx(ref.path, [f"link '{ref.value}' points at no lesson in the export"])
        return "/jump_to_id/" + name

    def file(self, ref: Reference) -> str:
        if ref.path not in self.static:
            raise InvalidOlx(ref.path, [f"link '{ref.value}' points at nothing in the export"])
        return "/static/" + self.static[ref.path]


def append_fragment(parent: etree._Element, fragment: str, lesson: str, links: Links) -> None:
    """Append the nodes of an HTML fragment (from lesson ``lesson``) to ``parent``."""
    if not fragment.strip():
        return
    wrapper = html.fragment_fromstring(fragment, create_parent="div", parser=HTML_PARSER)
    _append_text(parent, wrapper.text)
    for node in wrapper:
        _copy(node, parent, lesson, links)
    _keep_as_written(parent)


def append_inline(parent: etree._Element, fragment: str, lesson: str, links: Links) -> None:
    """Like ``append_fragment``, but a fragment that is one paragraph gives its content only."""
    wrapper = html.fragment_fromstring(fragment or "", create_parent="div", parser=HTML_PARSER)
    only = wrapper[0] if len(wrapper) == 1 and not (wrapper.text or "").strip() else None
    if only is not None and only.tag == "p" and not (only.tail or "").strip():
        _append_text(parent, only.text)
        for node in only:
            _copy(node, parent, lesson, links)
        _keep_as_written(parent)
        return
    append_fragment(parent, fragment, lesson, links)


def _copy(node: etree._Element, parent: etree._Element, lesson: str, links: Links) -> None:
    if not isinstance(node.tag, str):  # comments and processing instructions are dropped
        _append_text(parent, node.tail)
        return
    if node.tag == "iframe" and links.frames_as_links:
        _frame_as_link(node, parent)
        return
    element = etree.SubElement(parent, node.tag)
    for name, value in node.attrib.items():
        element.set(str(name), str(value))
    attribute = LINK_ATTRIBUTES.get(node.tag)
    if attribute is not None and element.get(attribute) is not None:
        element.set(attribute, resolve(str(element.get(attribute)), lesson, links))
    element.text = node.text
    for child in node:
        _copy(child, element, lesson, links)
    _keep_as_written(element)
    element.tail = node.tail


def _frame_as_link(node: etree._Element, parent: etree._Element) -> None:
    """A video frame in a problem becomes a link to the video, named by the frame's title."""
    link = etree.SubElement(parent, "a", href=str(node.get("src")))
    link.text = str(node.get("title") or node.get("src"))
    link.tail = node.tail


def _keep_as_written(element: etree._Element) -> None:
    """Give a prose element a text node, even an empty one: XML output then writes
    ``<td></td>`` (never ``<td/>``, which browsers misread) and pretty-printing leaves its
    content alone (indenting between inline elements would add spaces to the text)."""
    if element.text is None and element.tag not in VOID_ELEMENTS:
        element.text = ""


def _append_text(parent: etree._Element, text: str | None) -> None:
    """Add text after the last child of ``parent`` (or inside it, when it has none)."""
    if not text:
        return
    last = next(parent.iterchildren(reversed=True), None)  # len() would count every child
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
