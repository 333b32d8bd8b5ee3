"""Stage 3 helper shared by exporters: the course model's source references, resolved for the
layout of one output.

Fragments keep every link and image as the author wrote it (``ir/blocks.py``). ``reference``
reads one: an address on the web, a heading of the same lesson, another lesson, or a file of
the course, with its path from the course root. An exporter says how its layout writes each
kind with a ``LinkResolver`` (one method per kind; each keeps the reference as written unless
the layout says otherwise). ``rewrite`` resolves the references of a fragment, ``resolved``
those of every fragment of a model node (a block, a quiz...).

``rewrite`` changes nothing but the values of ``href`` (``<a>``), ``src`` (``<img>``) and
``id`` (headings): the fragment is read with the standard library's HTML tokenizer, each such
value is replaced inside its tag as written, and every other byte stays, so that text which
merely looks like an attribute is never touched. New values are escaped as the sanitiser
(nh3) writes attribute values, so an unchanged layout gives unchanged bytes.
"""

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal, TypeVar, assert_never
from urllib.parse import unquote, urlsplit

from lxml import html
from pydantic import BaseModel

from bwise_mooc import ir

# How exporters that take a fragment apart read it: lxml's HTML parser, no network, no comments
HTML_PARSER = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
Kind = Literal["web", "here", "lesson", "file"]
N = TypeVar("N", bound=BaseModel)

REFERENCES = {"a": "href", "img": "src"}  # the attribute of each tag that holds a reference
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MAY_HOLD = re.compile(r"<(?:a|img|h[1-6])[\s/>]", re.IGNORECASE)  # else nothing to rewrite
# A start tag's name and attributes, read as html.parser reads them (its tagfind_tolerant and
# attrfind_tolerant), to find where each value is written
TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
ATTRIBUTE = re.compile(
    r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*"""
)
ESCAPES = {"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;"}


@dataclass(frozen=True)
class Reference:
    """A link or image source as the course model keeps it, read.

    ``kind``: ``web`` (a scheme or a host), ``here`` (``#anchor``: a heading of the lesson that
    holds it), ``lesson`` (a ``.md`` file) or ``file`` (any other file of the course). ``path``:
    the lesson or file from the course root (for ``here``, the lesson itself); ``anchor``: the
    part after ``#``, as written.
    """

    value: str
    kind: Kind
    path: str = ""
    anchor: str = ""


def reference(value: str, lesson: str) -> Reference:
    """Read ``value``, a reference in a fragment of the lesson whose source path is ``lesson``
    (paths resolve as the parser resolved them, ``parse/render.py``)."""
    try:
        parts = urlsplit(value)
    except ValueError:  # not an address the parser could have let through: left alone
        return Reference(value, "web")
    if parts.scheme or parts.netloc:
        return Reference(value, "web")
    if not parts.path:
        return Reference(value, "here", lesson, parts.fragment)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(lesson), unquote(parts.path)))
    return Reference(value, "lesson" if path.endswith(".md") else "file", path, parts.fragment)


class LinkResolver:
    """How one output's layout writes references: one method per kind. This one keeps every
    reference as written; a layout overrides the kinds it changes."""

    def web(self, ref: Reference) -> str:
        return ref.value

    def here(self, ref: Reference) -> str:
        return ref.value

    def lesson(self, ref: Reference) -> str:
        return ref.value

    def file(self, ref: Reference) -> str:
        return ref.value

    def heading_id(self, anchor: str) -> str:
        """The ``id`` of a heading (whose ``here`` links give its anchor)."""
        return anchor

    def resolve(self, ref: Reference) -> str:
        match ref.kind:
            case "web":
                return self.web(ref)
            case "here":
                return self.here(ref)
            case "lesson":
                return self.lesson(ref)
            case "file":
                return self.file(ref)
            case _:
                assert_never(ref.kind)


def resolve(value: str, lesson: str, resolver: LinkResolver) -> str:
    """One reference of the lesson ``lesson`` as ``resolver`` writes it."""
    return resolver.resolve(reference(value, lesson))


def rewrite(fragment: str, lesson: str, resolver: LinkResolver) -> str:
    """``fragment`` (from the lesson ``lesson``) with its references and heading ids as
    ``resolver`` writes them; every other byte as it was."""
    if not MAY_HOLD.search(fragment):
        return fragment
    parts: list[str] = []
    done = 0
    for start, end, new in _edits(fragment, lesson, resolver):
        parts += [fragment[done:start], new]
        done = end
    return "".join(parts) + fragment[done:] if parts else fragment


def resolved(node: N, lesson: str, resolver: LinkResolver) -> N:
    """``node`` with every fragment in it (fields ``html`` and ``*_html``, in it and in the
    nodes it holds) rewritten, and an image's ``src`` resolved."""
    changes: dict[str, object] = {}
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, str) and (name == "html" or name.endswith("_html")):
            changes[name] = rewrite(value, lesson, resolver)
        elif isinstance(node, ir.Image) and name == "src":
            changes[name] = resolve(value, lesson, resolver)
        elif isinstance(value, tuple) and any(isinstance(item, BaseModel) for item in value):
            changes[name] = tuple(resolved(item, lesson, resolver) for item in value)
    return node.model_copy(update=changes) if changes else node


def _edits(fragment: str, lesson: str, resolver: LinkResolver) -> list[tuple[int, int, str]]:
    """Where the fragment's values change: (start, end, the new value as written in a tag)."""
    edits = []
    for offset, tag, text, attributes in _StartTags.read(fragment):
        wanted = REFERENCES.get(tag, "id" if tag in HEADINGS else None)
        if wanted is None:
            continue
        for (name, value), (written, start, end) in zip(attributes, _values(text), strict=True):
            assert written.lower() == name, (text, name)
            if name != wanted or value is None:
                continue
            new = resolver.heading_id(value) if name == "id" else resolve(value, lesson, resolver)
            if new != value:
                edits.append((offset + start, offset + end, f'"{_escape(new)}"'))
    return edits


def _values(text: str) -> list[tuple[str, int, int]]:
    """Each attribute of the start tag ``text``: its name and where its value is written,
    quotes included (an empty place after the name when it has none)."""
    name = TAG_NAME.match(text)
    assert name is not None, text
    attributes = []
    at = name.end()
    while at < len(text) and (found := ATTRIBUTE.match(text, at)):
        value = found.span(3) if found.group(2) else (found.end(1), found.end(1))
        attributes.append((found.group(1), *value))
        at = found.end()
    return attributes


def _escape(value: str) -> str:
    """An attribute value written as nh3 writes it."""
    return "".join(ESCAPES.get(character, character) for character in value)


class _StartTags(HTMLParser):
    """Every start tag of a fragment: its offset, name, text as written and attributes."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0]
        self.lines += [found.end() for found in re.finditer("\n", fragment)]
        self.found: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []

    @classmethod
    def read(cls, fragment: str) -> list[tuple[int, str, str, list[tuple[str, str | None]]]]:
        tags = cls(fragment)
        tags.feed(fragment)
        tags.close()
        return tags.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        text = self.get_starttag_text()
        assert text is not None
        self.found.append((self.lines[line - 1] + column, tag, text, attrs))
