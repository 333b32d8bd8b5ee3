"""Stage 1: one lesson file (front matter + Markdown) -> ``ir.Lesson``.

The Markdown is parsed once into a ``SyntaxTreeNode``; one ``_block_<type>`` function per
node type turns it into IR blocks, with HTML rendered once and positions kept.
"""

import html
import posixpath
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from bwise_mooc.av import is_playable, kind_of
from bwise_mooc.config import LessonFrontMatter
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import (
    Asset,
    Block,
    CodeBlock,
    Heading,
    Image,
    Lesson,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    SourceSpan,
    Table,
)
from bwise_mooc.parse.assignment import declared_id, is_assignment, parse_assignment
from bwise_mooc.parse.av_media import check_media_file
from bwise_mooc.parse.markdown import make_markdown
from bwise_mooc.parse.quiz import parse_quiz
from bwise_mooc.parse.render import LessonContext, plain_text, render_block
from bwise_mooc.parse.yaml_source import load_yaml_model, yaml_value_spans
from bwise_mooc.source_tree import outside_course

LESSON_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md\Z")


def parse_lesson(
    root: Path,
    path: str,
    text: str,
    diagnostics: Diagnostics,
    outcomes: frozenset[str] | None = None,
    translates: str | None = None,
    easy_to_read: bool = False,
) -> Lesson | None:
    """Parse the lesson at ``root / path`` whose decoded text is ``text``.

    ``outcomes`` are the ids the module defines; references to others are reported. For a
    translation (``01-intro.de.md``), ``translates`` is the source lesson's path: the lesson
    keeps that path (its page and links are the source's), while diagnostics name the file.
    ``easy_to_read``: the lesson's track is Easy-to-Read, so its layout is unless its front
    matter says ``layout: standard``; that layout keeps each line break as written.
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
    )
    tokens = make_markdown().parse(text, {})
    _report_nested_quizzes(tokens, ctx)
    _report_deep_nesting(tokens, ctx)
    tree = SyntaxTreeNode(tokens)
    front = _front_matter(tree, ctx)
    ctx.breaks = front.layout == "easy-to-read" or (front.layout is None and easy_to_read)
    builder = _BlockBuilder(ctx)
    # an assignment's id is its anchor: headings with the same words take the next one
    builder.anchors.update(
        filter(None, (declared_id(n) for n in tree.children if is_assignment(n)))
    )
    blocks = [block for node in tree.children for block in builder.build(node)]
    _report_refused_links(tokens, ctx)
    _report_stray_media(ctx)
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
        easy_to_read=ctx.breaks,
        audio=front.audio or "",
        source=SourceSpan(path=path),
    )


def _report_nested_quizzes(tokens: list[Token], ctx: LessonContext) -> None:
    """A quiz block inside a quote, a list or another quiz would be shown as text, answers
    and all: only a quiz that starts at the beginning of a line is a quiz."""
    for token in tokens:
        if token.type == "quiz_open" and token.level > 0 and token.map:
            line = ctx.lines[token.map[0]]
            ctx.diagnostics.error(
                ctx.span(token.map[0], line.find(":::") + 1),
                "quiz.nested",
                f"'::: {token.info}' is inside a quote, a list or another block, where it would "
                "show its answers as text: start it at the beginning of a line",
            )


# blocks whose content markdown-it tokenizes again, one level deeper
NESTED_BLOCKS = frozenset({"blockquote_open", "list_item_open", "quiz_open"})


def _report_deep_nesting(tokens: list[Token], ctx: LessonContext) -> None:
    """markdown-it stops at ``maxNesting`` levels: a quote or list item deeper than that loses
    its text (inside a list, the rest of the lesson goes with it) without a word. Emphasis has
    no such limit, and a few hundred levels of it exhaust Python's recursion in the syntax
    tree. Report both; over-deep emphasis is kept as plain text."""
    limit = make_markdown().options.maxNesting
    for token in tokens:
        where = ctx.span(token.map[0] if token.map else 0)
        if token.type in NESTED_BLOCKS and token.level + 1 >= limit:
            ctx.diagnostics.error(
                where,
                "markdown.too-deep",
                f"quotes and lists are nested more than {limit - 1} levels deep here (a '>' "
                "counts one level, a list item two): Markdown drops what is deeper, so nest "
                "fewer levels",
            )
        if token.type == "inline" and _depth(token.children or []) > limit:
            ctx.diagnostics.error(
                where,
                "markdown.too-deep",
                f"emphasis or links are nested more than {limit} levels deep here: nest fewer",
            )
            token.children = [Token("text", "", 0, content=token.content)]


def _depth(tokens: list[Token]) -> int:
    """How deep inline tokens nest (``**_[a](b)_**`` is three)."""
    level = deepest = 0
    for token in tokens:
        level += token.nesting
        deepest = max(deepest, level)
    return deepest


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
    if front.audio is not None and not _lesson_audio(
        front.audio, spans.get(("audio",), ctx.span(0)), ctx
    ):
        front = front.model_copy(update={"audio": None})
    if front.untranslated and ctx.identity == ctx.path:
        ctx.diagnostics.error(
            spans.get(("untranslated",), ctx.span(0)),
            "translation.not-a-translation",
            "'untranslated' belongs in translations such as 01-intro.de.md, "
            "not in the source lesson: delete it",
        )
    return front


def _lesson_audio(src: str, where: SourceSpan, ctx: LessonContext) -> bool:
    """Is ``audio:`` of the front matter a sound file in the course (checked as any sound
    is)? It is recorded with the lesson's files; a problem is reported."""
    path = posixpath.normpath(posixpath.join(ctx.folder, src))
    if urlsplit(src).scheme or posixpath.isabs(src) or path.startswith("../"):
        ctx.diagnostics.error(
            where, "media.lesson-audio", f"audio '{src}' must be a file in the course folder"
        )
        return False
    if not is_playable(path) or kind_of(path) != "audio":
        ctx.diagnostics.error(
            where, "media.lesson-audio", f"audio '{src}': use an MP3, M4A, Ogg or Opus file"
        )
        return False
    if not (ctx.root / path).is_file() or outside_course(ctx.root, path):
        ctx.diagnostics.error(where, "path.missing", f"audio '{src}' not found")
        return False
    if not check_media_file(ctx.root / path, src, where, ctx.diagnostics):
        return False
    ctx.assets.append(Asset(path=path, source=where))
    return True


def _front_matter_stand_in(data: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Untitled lesson", "estimated_minutes": 1, "outcomes": []}


# Where a link destination starts: an inline link '](', a reference definition '[r]:' or an
# autolink '<'. '\s*(?:<\s*)?', not '\s*<?\s*': two '\s*' side by side split a run of spaces
# every way.
LINK_DESTINATION = re.compile(
    r"(?:\]\(\s*(?:<\s*)?|^[ ]{0,3}\[[^\]]+\]:[ \t]*(?:<\s*)?|<)([^\s()<>]+)"
)
REFUSED_SCHEME = re.compile(r"(javascript|vbscript|file|data):", re.IGNORECASE)


# Lines that are not Markdown text: 'accept:' / 'number:' answers are plain text
ANSWER_LINE = re.compile(r"^\s*[-*+]\s+(?:accept|number|answer):")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
NOT_TEXT = frozenset({"front_matter", "fence", "code_block"})


def _report_refused_links(tokens: list[Token], ctx: LessonContext) -> None:
    """Links markdown-it refuses to make (``javascript:``, ``file:``...), written inline, as a
    reference or as an autolink, even with character references (``&#106;avascript:``), are
    shown as plain text: tell the author instead of leaving a broken link in the lesson.
    Front matter, code (fenced, indented or in backticks) and typed answers are text, where
    such an address is only shown."""
    skipped = {
        line
        for token in tokens
        if token.type in NOT_TEXT and token.map
        for line in range(token.map[0], token.map[1])
    }
    for number, line in enumerate(ctx.lines):
        if number in skipped or ANSWER_LINE.match(line):
            continue
        line = CODE_SPAN.sub(lambda code: " " * len(code.group()), line)
        for found in LINK_DESTINATION.finditer(line):
            refused = REFUSED_SCHEME.match(unquote(html.unescape(found.group(1))).strip())
            if refused is None:
                continue
            scheme = refused.group().lower()
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
        self.next_suffix: dict[str, int] = {}  # per slug: the first suffix not yet tried
        self.quizzes = 0
        self.questions = 0
        self.assignment_ids: dict[str, SourceSpan] = {}
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
        if is_assignment(node):
            assignment = parse_assignment(node, self.ctx, self.assignment_ids)
            return [assignment] if assignment is not None else []
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
        anchor = self._unique_anchor(slugify(text))
        level = int(node.tag[1])
        html = re.sub(r"^<h(\d)>", rf'<h\1 id="{anchor}">', html, count=1)
        return Heading(html=html, source=where, level=level, text=text, anchor=anchor)

    def _unique_anchor(self, base: str) -> str:
        """``base``, else ``base-2``, ``base-3``... the first one not taken. Each slug remembers
        where its search stopped (suffixes below it are all taken), so 30,000 equal headings
        cost 30,000 steps, not 30,000 squared / 2."""
        anchor, count = base, self.next_suffix.get(base, 2)
        while anchor in self.anchors:
            anchor, count = f"{base}-{count}", count + 1
        if anchor != base:
            self.next_suffix[base] = count
        self.anchors.add(anchor)
        return anchor

    def _paragraph(self, node: SyntaxTreeNode, where: SourceSpan, html: str) -> Block:
        parts = [
            t for t in _inline_tokens(node) if not (t.type == "text" and not t.content.strip())
        ]
        if len(parts) == 1 and parts[0].type == "image":
            image = parts[0]
            src = str(image.attrGet("src") or "")
            if self.ctx.playable and self.ctx.playable[-1][0] == src:
                self.ctx.playable.pop()
                return _media(image, src, where)
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


def _media(image: Token, src: str, where: SourceSpan) -> Media:
    """A video or sound on its own line; without a player, the link to its file."""
    alt = plain_text(image.children or [])
    link = f'<p><a href="{html.escape(src)}">{html.escape(alt or src)}</a></p>'
    title = str(image.attrGet("title") or "")
    kind = "video" if kind_of(src) == "video" else "audio"
    return Media(html=link, source=where, media=kind, src=src, alt=alt, title=title)


def _report_stray_media(ctx: LessonContext) -> None:
    """A video or sound inside a sentence, a list, a quote or a quiz has no player: it must
    be a paragraph of its own."""
    for src, where in ctx.playable:
        what = "video" if kind_of(src) == "video" else "sound"
        ctx.diagnostics.error(
            where,
            "media.not-alone",
            f"{what} '{unquote(src)}' must be a paragraph of its own (a line with nothing "
            "else, blank lines around it), outside lists, quotes and quizzes",
        )


def _inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    """The inline tokens of a paragraph or heading node."""
    inline = node.children[0] if node.children else None
    return list(inline.token.children or []) if inline is not None and inline.token else []
