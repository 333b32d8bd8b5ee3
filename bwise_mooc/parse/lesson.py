"""Stage 1: one lesson file (front matter + Markdown) -> ``ir.Lesson``.

The Markdown is parsed once into a ``SyntaxTreeNode``; one ``_block_<type>`` function per
node type turns it into IR blocks, with HTML rendered once and positions kept.
"""

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from bwise_mooc.config import LessonFrontMatter
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import ImageSettings
from bwise_mooc.ir import (
    Block,
    CodeBlock,
    Heading,
    Image,
    Lesson,
    ListBlock,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    SourceSpan,
    Table,
)
from bwise_mooc.parse.markdown import make_markdown
from bwise_mooc.parse.quiz import parse_quiz
from bwise_mooc.parse.render import LessonContext, plain_text, render_block
from bwise_mooc.parse.yaml_source import load_yaml_model, yaml_value_spans

LESSON_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


def parse_lesson(
    root: Path,
    path: str,
    text: str,
    diagnostics: Diagnostics,
    outcomes: frozenset[str] | None = None,
    translates: str | None = None,
    images: ImageSettings | None = None,
) -> Lesson | None:
    """Parse the lesson at ``root / path`` whose decoded text is ``text``.

    ``outcomes`` are the ids the module defines; references to others are reported. For a
    translation (``01-intro.de.md``), ``translates`` is the source lesson's path: the lesson
    keeps that path (its page and links are the source's), while diagnostics name the file.
    ``images`` are the course's image settings, which name the optimised images.
    """
    identity = translates or path
    name = LESSON_NAME.match(identity.rsplit("/", 1)[-1])
    if not name:
        diagnostics.error(
            SourceSpan(path=path),
            "lesson.bad-name",
            "lesson file name must look like '01-my-lesson.md'",
        )
        return None
    ctx = LessonContext(
        root=root,
        path=path,
        lines=text.split("\n"),
        diagnostics=diagnostics,
        outcomes=outcomes,
        identity=identity,
        images=images or ImageSettings(),
    )
    tree = SyntaxTreeNode(make_markdown().parse(text, {}))
    front = _front_matter(tree, ctx)
    builder = _BlockBuilder(ctx)
    blocks = [block for node in tree.children for block in builder.build(node)]
    _report_refused_links(ctx)
    return Lesson(
        id=name.group(2),
        number=int(name.group(1)),
        path=identity,
        title=front.title,
        summary=front.summary.strip(),
        estimated_minutes=front.estimated_minutes,
        outcomes=tuple(front.outcomes),
        blocks=tuple(blocks),
        assets=tuple(ctx.assets),
        links=tuple(ctx.links),
        source=SourceSpan(path=path),
    )


def _front_matter(tree: SyntaxTreeNode, ctx: LessonContext) -> LessonFrontMatter:
    """The lesson's front matter; a stand-in when it is missing or broken (already reported)."""
    first = tree.children[0] if tree.children else None
    if first is None or first.type != "front_matter":
        ctx.diagnostics.error(
            ctx.span(0),
            "lesson.no-front-matter",
            "lesson must start with front matter between '---' lines (title, estimated_minutes)",
        )
        return LessonFrontMatter.model_validate(_front_matter_stand_in({}))
    front = load_yaml_model(
        LessonFrontMatter,
        first.content,
        ctx.path,
        ctx.diagnostics,
        line_offset=1,
        repair=_front_matter_stand_in,
    )
    if front is None:
        return LessonFrontMatter.model_validate(_front_matter_stand_in({}))
    spans = yaml_value_spans(first.content, ctx.path, line_offset=1)
    where = [spans.get(("outcomes", i), ctx.span(0)) for i in range(len(front.outcomes))]
    ctx.check_outcomes(front.outcomes, where)
    if front.translated_from is not None and ctx.identity == ctx.path:
        ctx.diagnostics.error(
            spans.get(("translated_from",), ctx.span(0)),
            "translation.not-a-translation",
            "'translated_from' belongs in translations such as 01-intro.de.md, "
            "not in the source lesson: delete it",
        )
    return front


def _front_matter_stand_in(data: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Untitled lesson", "estimated_minutes": 1, "outcomes": []}


REFUSED_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|file|data):)", re.IGNORECASE)


def _report_refused_links(ctx: LessonContext) -> None:
    """Links markdown-it refuses to make (``javascript:``, ``file:``...) are shown as plain text;
    tell the author instead of leaving a broken link in the lesson."""
    for number, line in enumerate(ctx.lines):
        for found in REFUSED_LINK.finditer(line):
            scheme = found.group(1).lower()
            ctx.diagnostics.error(
                ctx.span(number, found.start(1) + 1),
                "link.scheme",
                f"'{scheme}' links are not allowed: link to a lesson, a file in the course or a web page",
            )


def slugify(text: str) -> str:
    """A heading's anchor: lower-case words joined by hyphens, letters of any script kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    words = re.findall(r"\w+", text)
    return "-".join(words) or "section"


class _BlockBuilder:
    """Turns top-level syntax-tree nodes into IR blocks; one method per node type."""

    def __init__(self, ctx: LessonContext) -> None:
        self.ctx = ctx
        self.anchors: set[str] = set()
        self.quizzes = 0
        self.questions = 0
        self.table: dict[str, Callable[[SyntaxTreeNode, SourceSpan, str], Block | None]] = {
            "heading": self._heading,
            "paragraph": self._paragraph,
            "bullet_list": self._list,
            "ordered_list": self._list,
            "table": self._table,
            "fence": self._code,
            "code_block": self._code,
            "blockquote": self._quote,
            "hr": self._rule,
            "html_block": self._raw_html,
        }

    def build(self, node: SyntaxTreeNode) -> list[Block]:
        if node.type == "front_matter":
            return []
        where = self.ctx.span(node.map[0] if node.map else 0)
        if node.type == "quiz":
            return self._quiz(node)
        handler = self.table.get(node.type)
        if handler is None:
            self.ctx.diagnostics.error(
                where, "lesson.unsupported", f"unsupported Markdown element '{node.type}'"
            )
            return []
        block = handler(node, where, render_block(node.to_tokens(), self.ctx))
        return [block] if block is not None else []

    def _quiz(self, node: SyntaxTreeNode) -> list[Block]:
        self.quizzes += 1
        quiz = parse_quiz(node, self.quizzes, self.questions + 1, self.ctx)
        self.questions += sum(1 for child in node.children if child.type == "heading")
        return [quiz] if quiz is not None else []

    def _heading(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        text = plain_text(_inline_tokens(node))
        anchor = base = slugify(text)
        count = 1
        while anchor in self.anchors:
            count += 1
            anchor = f"{base}-{count}"
        self.anchors.add(anchor)
        level = int(node.tag[1])
        html = re.sub(r"^<h(\d)>", rf'<h\1 id="{anchor}">', html, count=1)
        return Heading(html=html, source=where, level=level, text=text, anchor=anchor)

    def _paragraph(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        parts = [
            t for t in _inline_tokens(node) if not (t.type == "text" and not t.content.strip())
        ]
        if len(parts) == 1 and parts[0].type == "image":
            image = parts[0]
            return Image(
                html=html,
                source=where,
                src=str(image.attrGet("src") or ""),
                alt=plain_text(image.children or []),
                title=str(image.attrGet("title") or ""),
            )
        return Paragraph(html=html, source=where)

    def _list(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        return ListBlock(html=html, source=where, ordered=node.type == "ordered_list")

    def _table(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        head = next((child for child in node.children if child.type == "thead"), None)
        has_header = head is not None and bool(plain_text(head.to_tokens()))
        return Table(html=html, source=where, has_header=has_header)

    def _code(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        return CodeBlock(
            html=html,
            source=where,
            code=node.content,
            language=node.info.strip().split(" ")[0] if node.info else "",
        )

    def _quote(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        return Quote(html=html, source=where)

    def _rule(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        return Rule(html=html, source=where)

    def _raw_html(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block | None:
        return RawHtml(html=html, source=where) if html else None  # cleaned in render_block


def _inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    """The inline tokens of a paragraph or heading node."""
    inline = node.children[0] if node.children else None
    return list(inline.token.children or []) if inline is not None and inline.token else []
