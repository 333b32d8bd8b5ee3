"""A handout's HTML document -> the Typst source its PDF is laid out from.

The handout is built as HTML (``handout.py``, ``worksheet.py``): the course model holds
sanitised HTML fragments, and the handout's structure (worksheets, answers, steps beside their
picture) is reviewed and tested as HTML. This module walks that document with lxml and writes
each element as a call of Typst's own elements (``heading``, ``par``, ``list``, ``table``,
``figure``, ``image`` with its alt text...) or of the print style's functions
(``handout.typ``: ``tick-box``, ``writing-line``, ``panel``, ``steps-with-picture``...).

Every text of the course is written as a Typst string literal, so nothing an author wrote is
read as Typst markup or code. Spaces are collapsed as a browser collapses them. Pictures are
named by their place in the course's media (``media/<hash>.<ext>``), which ``render.py`` puts
beside the source.
"""

import re
from dataclasses import dataclass, field

from lxml import etree

SPACES = re.compile(r"[ \t\n\r\f]+")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = HEADINGS | frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "header", "hr", "li", "ol", "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip
WRAPS = {  # inline element -> the Typst function its content goes in
    "strong": "strong",
    "b": "strong",
    "em": "emph",
    "i": "emph",
    "sub": "sub",
    "sup": "super",
    "mark": "highlight",
    "del": "strike",
    "s": "strike",
    "u": "underline",
    "q": "quote",
}
# where a picture is a small one, alone on a line: a choice, an answer
ON_A_LINE = frozenset({"choice-text", "right-answer"})
LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_](?:[A-Za-z]{4}[-_])?([A-Za-z]{2}))?(?:[-_].*)?")
CELL_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


def string(text: str) -> str:
    """``text`` as a Typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{{{ord(m.group()):x}}}", escaped)
    return f'"{escaped}"'


def joined(parts: list[str]) -> str:
    """One Typst expression of ``parts`` one after the other (``none`` for nothing)."""
    if not parts:
        return "none"
    if len(parts) == 1:
        return parts[0]
    return "{" + "; ".join(parts) + "}"


def language_parts(code: str) -> tuple[str, str] | None:
    """``code`` (a BCP 47 tag: ``de``, ``pt-BR``, ``zh-Hant-TW``) as Typst's ``lang`` and
    ``region`` (empty when the tag has none), or None when Typst cannot take it."""
    found = LANGUAGE_TAG.fullmatch(code.strip())
    if found is None:
        return None
    return found.group(1).lower(), (found.group(2) or "").upper()


def language_arguments(code: str) -> str:
    """``code`` as the ``lang`` and ``region`` arguments of Typst's ``text``, or nothing."""
    parts = language_parts(code)
    if parts is None:
        return ""
    language, region = parts
    if region:
        return f"lang: {string(language)}, region: {string(region)}"
    return f"lang: {string(language)}"


def text_of(element: etree._Element) -> str:
    """All the text inside ``element``."""
    return "".join(element.itertext())


def classes(element: etree._Element) -> set[str]:
    return set(str(element.get("class", "")).split())


def ancestor_classes(element: etree._Element) -> set[str]:
    """The classes of the elements ``element`` is inside."""
    return {name for ancestor in element.iterancestors() for name in classes(ancestor)}


def is_block(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and element.tag in BLOCKS


@dataclass
class Inline:
    """A run of inline content being gathered: texts (spaces collapsed across elements) and
    expressions, in order."""

    parts: list[str] = field(default_factory=list)
    pending: str = ""  # text not yet written
    after_space: bool = True  # the last thing written ends with a space (or starts a line)

    def text(self, text: str | None) -> None:
        if not text:
            return
        collapsed = SPACES.sub(" ", text)
        if self.after_space:
            collapsed = collapsed.lstrip(" ")
        if collapsed:
            self.pending += collapsed
            self.after_space = collapsed.endswith(" ")

    def expression(self, expression: str, line_end: bool = False) -> None:
        self._flush()
        self.parts.append(expression)
        self.after_space = line_end

    def _flush(self) -> None:
        if self.pending:
            self.parts.append(string(self.pending))
            self.pending = ""

    def done(self) -> list[str]:
        """The run's expressions, the space or line break at its end dropped."""
        self.pending = self.pending.rstrip(" ")
        self._flush()
        while self.parts and self.parts[-1] == "linebreak()":
            self.parts.pop()
        return self.parts


@dataclass
class TypstWriter:
    """Writes the elements of one handout document; ``targets`` are the ids some link of the
    document points to, which get a Typst label."""

    targets: frozenset[str]
    known: frozenset[str]  # the media places the build can give
    pictures: set[str] = field(default_factory=set)  # the media places the handout shows

    # ---- blocks -------------------------------------------------------------------------

    def flow(self, parent: etree._Element) -> list[str]:
        """The content of ``parent`` (text and children) as block-level expressions: inline
        runs between blocks become paragraphs of their own."""
        out: list[str] = []
        run = Inline()
        run.text(parent.text)
        for child in parent:
            if not isinstance(child.tag, str):
                run.text(child.tail)
                continue
            if is_block(child):
                out += self._paragraph(run)
                out += self.block(child)
                run = Inline()
            else:
                self.inline(child, run)
            run.text(child.tail)
        out += self._paragraph(run)
        return out

    def _paragraph(self, run: Inline) -> list[str]:
        parts = run.done()
        return [f"par({joined(parts)})"] if parts else []

    def block(self, element: etree._Element) -> list[str]:
        name = element.get("id")
        if name and name in self.targets and element.tag not in HEADINGS:
            return [f"[#metadata(none)#label({string(str(name))})]", *self._block(element)]
        return self._block(element)

    def _block(self, element: etree._Element) -> list[str]:
        tag = str(element.tag)
        kinds = classes(element)
        if tag in HEADINGS:
            return [self.heading(element, int(tag[1]))]
        if tag == "p":
            return [self.paragraph(element, kinds)]
        if tag in ("ul", "ol"):
            return [self.listing(element, kinds)]
        if tag == "table":
            return [self.table(element)]
        if tag == "figure":
            return [self.figure(element)]
        if tag == "pre":
            code = string(text_of(element).strip("\n"))
            return [
                f"block(stroke: 0.5pt + luma(153), inset: 2mm, width: 100%, raw(block: true, {code}))"
            ]
        if tag == "hr":
            return ["pdf.artifact(line(length: 100%, stroke: 0.5pt + luma(136)))"]
        if tag == "blockquote":
            return [f"quote(block: true, {joined(self.flow(element))})"]
        if tag == "dt":
            return [f"par(strong({joined(self.inline_content(element))}))"]
        if tag == "dd":
            return [f"indented({joined(self.flow(element))})"]
        return self.container(element, kinds)

    def container(self, element: etree._Element, kinds: set[str]) -> list[str]:
        """A ``div``, ``section``, ``header``...: its content, framed as its class says."""
        if "writing-line" in kinds:
            return ["writing-line()"]
        if "right-answer" in kinds:  # "Correct:" and the answer, on one line
            return [f"par({joined(self.inline_content(element, paragraphs_inline=True))})"]
        if kinds & {"steps-with-picture", "steps-with-sequence"}:
            kind = "steps-with-picture" if "steps-with-picture" in kinds else "steps-with-sequence"
            cells = [joined(self.flow(cell)) for cell in element if isinstance(cell.tag, str)]
            return [f"{kind}({', '.join(cells)})"]
        content = self.flow(element)
        if kinds & {"worksheet", "assignment"}:
            return [f"panel({joined(content)})"]
        if "media" in kinds:
            return [f"media-box({joined(content)})"]
        if kinds & {"lesson", "answers"}:  # a new page for each lesson, and for the answers
            return ["pagebreak(weak: true)", *content]
        return content

    def heading(self, element: etree._Element, level: int) -> str:
        body = joined(self.inline_content(element))
        if "lesson-title" in classes(element):
            made = f"lesson-title({body})"
        else:
            made = f"heading(level: {level}, {body})"
        name = element.get("id")
        if name and name in self.targets:
            return f"[#{made}#label({string(str(name))})]"
        return made

    def paragraph(self, element: etree._Element, kinds: set[str]) -> str:
        body = joined(self.inline_content(element))
        if kinds & {"question-prompt", "media-title", "assignment-part"}:
            body = f"strong({body})"
        elif "transcript-label" in kinds:
            body = f"emph({body})"
        elif kinds & {"handout-course", "write-in-label"}:
            body = f"text(fill: grey, {body})"
        return f"par({body})"

    def listing(self, element: etree._Element, kinds: set[str]) -> str:
        items = [child for child in element if isinstance(child.tag, str) and child.tag == "li"]
        if "choices" in kinds:
            bodies = [self.choice(item) for item in items]
            return f"choices({', '.join(bodies)})"
        bodies = []
        for item in items:
            body = joined(self.flow(item))
            if classes(item) & {"question", "answer"}:
                body = f"kept({body})"  # a question, or its answer, is not split by a page break
            bodies.append(body)
        if element.tag == "ol":
            start = str(element.get("start", "1"))
            first = f"start: {int(start)}, " if start.isdigit() and start != "1" else ""
            return f"enum({first}{', '.join(f'enum.item({b})' for b in bodies) or 'none'})"
        return f"list({', '.join(f'list.item({b})' for b in bodies) or 'none'})"

    def choice(self, item: etree._Element) -> str:
        """A choice: its text after the box (the box is the list's marker)."""
        texts = [c for c in item if isinstance(c.tag, str) and "choice-text" in classes(c)]
        parts: list[str] = []
        for text in texts:
            parts += self.flow(text)
        return f"list.item({joined(parts)})"

    def figure(self, element: etree._Element) -> str:
        caption = element.find("figcaption")
        body = [self.picture(image) for image in element.iter("img")]
        made = f"figure({joined(body)}, kind: image"
        if caption is not None:
            made += f", caption: {joined(self.inline_content(caption))}"
        return made + ")"

    def picture(self, image: etree._Element) -> str:
        """An ``img`` as a call of ``pic``: sized as the print style sizes pictures."""
        place = str(image.get("src", ""))
        alt_text = SPACES.sub(" ", str(image.get("alt", ""))).strip()
        if place not in self.known:  # not a picture of the course: its alt text
            return string(alt_text)
        self.pictures.add(place)
        source = string(place)
        alt = string(alt_text)
        limits = ""
        ancestors = ancestor_classes(image)
        if ancestors & ON_A_LINE:
            limits = ", max-height: 30mm, max-width: 60mm"
        elif "steps-with-sequence" in ancestors:
            limits = ", max-height: 60mm"
        return f"pic({source}, {alt}{limits})"

    def table(self, element: etree._Element) -> str:
        """A table: the rows of its ``thead`` as Typst's table header (tagged as header cells,
        repeated on each page the table runs over), then the others; its caption above it."""
        rows = list(element.iter("tr"))
        header = [row for row in rows if _in_head(row)]
        columns = max((len(_cells(row)) for row in rows), default=1)
        cells: list[str] = []
        if header:
            cells.append(
                f"table.header({', '.join(self.cell(c) for r in header for c in _cells(r))})"
            )
        cells += [self.cell(c) for row in rows if row not in header for c in _cells(row)]
        fill = "fill: (x, y) => if y == 0 { luma(238) }, " if header else ""
        made = f"table(columns: {columns}, {fill}{', '.join(cells)})"
        caption = element.find("caption")
        if caption is None:
            return made
        return f"figure({made}, kind: table, caption: {joined(self.inline_content(caption))})"

    def cell(self, cell: etree._Element) -> str:
        body = joined(self.flow(cell))
        if cell.tag == "th":
            body = f"strong({body})"
        found = CELL_ALIGN.search(str(cell.get("style", "")))
        if found:
            return f"table.cell(align: {found.group(1)}, {body})"
        if "checklist-box" in classes(cell):
            return f"table.cell(align: center, {body})"
        return body

    # ---- inline content -----------------------------------------------------------------

    def inline_content(self, element: etree._Element, paragraphs_inline: bool = False) -> list[str]:
        """The text and inline children of ``element`` as expressions (block children, which
        an inline context should not hold, are written inline too)."""
        run = Inline()
        run.text(element.text)
        for child in element:
            if isinstance(child.tag, str):
                if paragraphs_inline and child.tag in ("p", "div"):
                    run.text(" ")
                    for part in self.inline_content(child):
                        run.expression(part)
                    run.text(" ")
                else:
                    self.inline(child, run)
            run.text(child.tail)
        return run.done()

    def inline(self, element: etree._Element, run: Inline) -> None:
        tag = str(element.tag)
        kinds = classes(element)
        if tag == "br":
            run.expression("linebreak()", line_end=True)
            return
        if tag == "img":
            alone = bool(ON_A_LINE & ancestor_classes(element))
            if alone and (run.parts or run.pending.strip()):
                run.expression("linebreak()", line_end=True)
            run.expression(f"box({self.picture(element)})")
            if alone:  # a picture as a choice or an answer: on a line of its own
                run.expression("linebreak()", line_end=True)
            return
        if tag in ("code", "kbd"):
            run.expression(f"raw({string(SPACES.sub(' ', text_of(element)))})")
            return
        if "tick-box" in kinds:
            run.expression("tick-box()")
            return
        inner = self.inline_content(element)
        if not inner:
            return
        if element.text and element.text[:1].isspace():
            run.text(" ")
        body = joined(inner)
        if tag in WRAPS:
            body = f"{WRAPS[tag]}({body})"
        elif tag == "a":
            body = self.link(element, body)
        elif tag == "small":
            body = f"text(size: 0.85em, {body})"
        elif "right-label" in kinds:
            body = f"strong({body})"
        elif "assignment-kind" in kinds:
            body = f"text(size: 0.8em, tracking: 0.05em, upper({body})) + linebreak()"
        language = language_arguments(str(element.get("lang", "")))
        if language:
            body = f"text({language}, {body})"
        run.expression(body)
        if text_of(element)[-1:].isspace():
            run.text(" ")

    def link(self, element: etree._Element, body: str) -> str:
        href = str(element.get("href", ""))
        if href.startswith(("http://", "https://", "mailto:", "tel:")):
            return f"link({string(href)}, {body})"
        if href.startswith("#") and href[1:] in self.targets:
            return f"link(label({string(href[1:])}), {body})"
        return body  # a page the handout does not hold: its text


def _in_head(row: etree._Element) -> bool:
    parent = row.getparent()
    return parent is not None and parent.tag == "thead"


def _cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def link_targets(root: etree._Element) -> frozenset[str]:
    """The ids of ``root``'s block elements that a link of ``root`` points to."""
    wanted = {
        str(a.get("href"))[1:] for a in root.iter("a") if str(a.get("href", "")).startswith("#")
    }
    return frozenset(str(e.get("id")) for e in root.iter() if is_block(e) and e.get("id") in wanted)


def typst_body(root: etree._Element, known: frozenset[str]) -> tuple[str, frozenset[str]]:
    """The Typst source of the handout document ``root``, without the print style, and the
    places in the course's media of the pictures it shows (of ``known``, those the build can
    give; a picture elsewhere is written as its alt text)."""
    body = root.find("body")
    writer = TypstWriter(link_targets(root), known)
    written = writer.flow(body) if body is not None else []
    return "#{\n" + "\n".join(written) + "\n}\n", frozenset(writer.pictures)
