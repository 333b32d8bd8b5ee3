"""SVG images that cannot run script or reach another host: an allow-list, checked and applied.

A packaged SVG can be opened on its own (a link to it, "open image in new tab"), and then it
runs on the package's origin, where a script could read and change the learner's LMS data. So
stage 1 refuses (``check_svg``) and stage 3 removes (``sanitise_svg``) everything but the static
drawing vocabulary of SVG 1.1 and 2:

- no DOCTYPE, so no entity declarations or references (they can read local files);
- only the elements in ``ELEMENTS``; ``<metadata>`` and the elements of drawing programs
  (Inkscape, Sodipodi, RDF, Creative Commons, Dublin Core, Illustrator...) are dropped;
- no ``on*`` event handlers; ``href`` only points inside the drawing (``#id``), except on
  ``<image>`` (an embedded PNG, JPEG, GIF or WebP ``data:`` URL) and ``<a>`` (an https:// page);
- no attribute value or CSS with ``javascript:``, ``@import``, ``expression(``, or ``url(...)``
  other than ``url(#id)`` (nor the other CSS functions that fetch images);
- attributes in other namespaces are dropped, and so are comments and processing instructions.

Both functions make each decision with the same two functions (``_element_problem``,
``_attribute_problem``), so what check accepts is exactly what the build keeps. XML is parsed with
entities, DTD loading and the network off.
"""

import re
from collections.abc import Iterator
from typing import Final

from lxml import etree

SVG: Final = "http://www.w3.org/2000/svg"
XLINK: Final = "http://www.w3.org/1999/xlink"
XML: Final = "http://www.w3.org/XML/1998/namespace"
NSMAP: Final = {None: SVG, "xlink": XLINK}

FILTER_PRIMITIVES = frozenset(
    {
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
    }
)  # not feImage
ELEMENTS = FILTER_PRIMITIVES | frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        "filter",
        "image",
        "style",
        "switch",
        "view",
        "a",
    }
)
# Dropped without a word, with everything inside them: what drawing programs keep for themselves.
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://ns.adobe.com/Extensibility/1.0/",
        "http://ns.adobe.com/Graphs/1.0/",
        "http://ns.adobe.com/SaveForWeb/1.0/",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://www.serif.com/",
    }
)
DROPPED_ELEMENTS = frozenset({"metadata"})
KEPT_ATTRIBUTES = {XLINK: frozenset({"href", "title"}), XML: frozenset({"space", "lang"})}

SCRIPT = "which can run script"
LOADS = "which loads another file"
REFUSED = {  # why an element is refused; the rest: OTHER
    "script": "which runs script",
    "handler": "which runs script",
    "listener": "which runs script",
    "animate": SCRIPT,
    "animateMotion": SCRIPT,
    "animateTransform": SCRIPT,
    "animateColor": SCRIPT,
    "set": SCRIPT,
    "discard": SCRIPT,
    "mpath": SCRIPT,
    "foreignObject": "which can hold a web page and its scripts",
    "iframe": "which can hold a web page and its scripts",
    "feImage": LOADS,
    "tref": LOADS,
    "cursor": LOADS,
    "color-profile": LOADS,
    "font-face-uri": LOADS,
}
OTHER = "which SVG images may not hold: keep to shapes, text, gradients, patterns and filters"

LOCAL_HREF = re.compile(r"#[\w.:-]+")
DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*")
WEB_PAGE = re.compile(r"https://[^\s\\\"'<>]+")
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\r\n|(.))", re.DOTALL)
CSS_FETCH = re.compile(r"(?<![\w-])(?:-[a-z]+-)?(url|image|image-set|image-rect|cross-fade|src)\(")
LOCAL_URL = re.compile(r"url\(\s*(['\"]?)#[\w.:-]*\1\s*\)")
CSS_SCRIPT = ("javascript:", "vbscript:", "expression(")
BARE_DOCTYPE = re.compile(r'<!DOCTYPE\s+svg(\s+PUBLIC\s+"[^"<>\[\]]*"\s+"[^"<>\[\]]*")?\s*>')
DOCTYPE = "has a <!DOCTYPE>, which can declare entities that read other files: delete it"


class SvgError(ValueError):
    """The bytes are not an SVG drawing (not well-formed XML, or no ``<svg>`` root)."""


def check_svg(data: bytes) -> str | None:
    """None when ``data`` is a safe SVG, else why not, in plain words ("holds <script> at
    line 3, which runs script"). Raises ``SvgError`` when it is not SVG at all."""
    if _declares_doctype(data):
        return DOCTYPE
    root = _parse(data)
    doctype = root.getroottree().docinfo.doctype
    if doctype and not BARE_DOCTYPE.fullmatch(doctype):
        return DOCTYPE
    for node in _top_level(root):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            return f"holds an <?xml-stylesheet?> instruction at line {node.sourceline}, {LOADS}"
    return _problem_below(root)


def sanitise_svg(data: bytes) -> bytes:
    """``data`` rebuilt from its safe parts only: the same bytes for the same drawing, UTF-8,
    without XML declaration, DOCTYPE, comments or processing instructions. Raises ``SvgError``
    when it is not SVG at all."""
    root = _parse(data)
    clean = etree.Element(f"{{{SVG}}}svg", nsmap=NSMAP)
    _copy(root, clean)
    return etree.tostring(clean, encoding="UTF-8", xml_declaration=False) + b"\n"


def _declares_doctype(data: bytes) -> bool:
    """A DOCTYPE that can declare something, in the usual encodings, found before any parser
    sees it (entity bombs). The bare ``<!DOCTYPE svg PUBLIC "..." "...">`` line that
    Illustrator and older editors write declares nothing (it is not loaded, and dropped)."""
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        text = data.decode(codec, errors="ignore")
        for found in re.finditer("<!DOCTYPE", text, re.IGNORECASE):
            if not BARE_DOCTYPE.match(text, found.start()):
                return True
    return False


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgError(str(exc)) from exc
    if root.tag == "svg":
        raise SvgError(f'its <svg> element needs xmlns="{SVG}" to be a drawing')
    if root.tag != f"{{{SVG}}}svg":
        raise SvgError(f"its root element is <{_name(root)}>, not <svg>")
    return root


def _top_level(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.itersiblings(preceding=True)
    yield from root.itersiblings()


def _problem_below(element: etree._Element) -> str | None:
    """The first problem in ``element`` (kept) and what it holds, in document order."""
    for name, value in element.attrib.items():
        problem = _attribute_problem(element, str(name), str(value))
        if problem:
            return problem
    for child in element:
        problem = _element_problem(child)
        if problem is None:
            problem = _problem_below(child)
        if problem:
            return problem
    return None


def _copy(source: etree._Element, target: etree._Element) -> None:
    """Copy what is kept of ``source``'s attributes and content into ``target``."""
    for name, value in source.attrib.items():
        if _attribute_problem(source, str(name), str(value)) is None:
            target.set(name, value)
    target.text = source.text
    last: etree._Element | None = None
    for child in source:
        if _element_problem(child) is None:
            last = etree.SubElement(target, child.tag)
            _copy(child, last)
            last.tail = child.tail
        elif child.tail:  # the text after a dropped element stays where it was
            if last is None:
                target.text = (target.text or "") + child.tail
            else:
                last.tail = (last.tail or "") + child.tail


def _element_problem(element: etree._Element) -> str | None:
    """None to keep ``element``; "" to drop it silently; else why it is refused."""
    if not isinstance(element.tag, str):  # a comment, processing instruction or entity
        return "" if not isinstance(element, etree._Entity) else _entity(element)
    name = etree.QName(element)
    if name.namespace in EDITOR_NAMESPACES:
        return ""
    where = f"<{_name(element)}> at line {element.sourceline}"
    if name.namespace != SVG:
        space = f"the namespace '{name.namespace}'" if name.namespace else "no namespace"
        return f"holds {where} in {space}, {OTHER}"
    if name.localname in DROPPED_ELEMENTS:
        return ""
    if name.localname not in ELEMENTS:
        return f"holds {where}, {REFUSED.get(name.localname, OTHER)}"
    if name.localname == "style":
        problem = _css_problem("".join(element.itertext()))
        return f"holds {where} with {problem}" if problem else None
    return None


def _entity(entity: etree._Element) -> str:
    return f"holds the entity reference {entity.text} at line {entity.sourceline}: delete it"


def _attribute_problem(element: etree._Element, attribute: str, value: str) -> str | None:
    """None to keep the attribute; "" to drop it silently; else why it is refused."""
    name = etree.QName(attribute)
    if name.namespace is not None and name.localname not in KEPT_ATTRIBUTES.get(name.namespace, ()):
        return ""
    shown = f"xlink:{name.localname}" if name.namespace == XLINK else name.localname
    where = f"<{_name(element)}> at line {element.sourceline}"
    if name.namespace is None and name.localname.lower().startswith("on"):
        return f"holds {where} with the event handler '{shown}', which runs script"
    if name.localname == "href" and name.namespace in {None, XLINK}:
        problem = _href_problem(etree.QName(element).localname, value)
        return f"holds {where} with {shown}='{_short(value)}', {problem}" if problem else None
    problem = _css_problem(value)
    return f"holds {where} whose '{shown}' has {problem}" if problem else None


def _href_problem(element: str, href: str) -> str | None:
    if element == "image":
        return None if DATA_IMAGE.fullmatch(href) else f"{LOADS}: embed pictures as data: URLs"
    if LOCAL_HREF.fullmatch(href) or (element == "a" and WEB_PAGE.fullmatch(href)):
        return None
    if _scripted(href.lower()):
        return "which runs script"
    if element == "a":
        return "a link that images may not hold: link to https:// pages only"
    return f"{LOADS}: SVG images may only point inside themselves ('#id')"


def _css_problem(text: str) -> str | None:
    """What in CSS (a ``<style>``, a ``style`` or any other attribute) runs script or loads a
    file: CSS escapes are decoded first, so that ``u\\72l(`` is seen as ``url(``."""
    plain = CSS_ESCAPE.sub(_unescape, text).lower()
    word = _scripted(plain)
    if word:
        return f"'{word}', which runs script"
    if "@import" in plain:
        return f"'@import', {LOADS}"
    for found in CSS_FETCH.finditer(plain):
        if found.group(1) != "url" or not LOCAL_URL.match(plain, found.start(1)):
            end = plain.find(")", found.end())
            return f"'{_short(plain[found.start() : end + 1 if end >= 0 else None])}', {LOADS}"
    return None


def _scripted(text: str) -> str | None:
    """The word that makes ``text`` run script: browsers skip spaces and controls in a scheme."""
    compact = re.sub(r"[\x00-\x20\x7f]+", "", text)
    return next((word for word in CSS_SCRIPT if word in compact), None)


def _unescape(found: re.Match[str]) -> str:
    if found.group(1):
        code = int(found.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return found.group(2) or ""  # an escaped character is itself; an escaped newline nothing


def _name(element: etree._Element) -> str:
    name = etree.QName(element)
    return f"{element.prefix}:{name.localname}" if element.prefix else name.localname


def _short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
