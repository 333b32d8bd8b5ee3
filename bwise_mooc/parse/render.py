"""Stage 1 helper: turn markdown-it tokens into sanitised HTML fragments, once.

While rendering, every link and image is checked: lessons and media must exist inside the
course tree, and each is recorded (with its source position and its path from the course root)
as an ``ir.Link`` or ``ir.Asset`` of the lesson. Fragments keep them as the author wrote them
(source references, see ``ir/blocks.py``): exporters resolve them for their own layout. Only a
link that is refused outright (a forbidden scheme or file type) becomes ``#``.
"""

import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token
from markdown_it.utils import OptionsDict, OptionsType

from bwise_mooc.av import is_playable, kind_of
from bwise_mooc.config import LANGUAGE_TAG
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import is_image
from bwise_mooc.ir import Asset, Link, SourceSpan
from bwise_mooc.parse.av_media import check_media_file
from bwise_mooc.parse.markdown import (
    RAW_HTML_TAGS,
    VIDEO_HOSTS,
    allowed_frame,
    make_markdown,
    sanitise,
    sanitise_raw,
)
from bwise_mooc.parse.media import check_image
from bwise_mooc.source_tree import outside_course

WEB_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Files a lesson may link to: documents, media and archives a browser downloads or shows
# without running anything on the package's origin. An HTML, XML, script or style file
# would run with the rights of the LMS page that holds the SCORM API: it is refused.
ATTACHMENT_SUFFIXES = frozenset(
    {
        *(".pdf", ".txt", ".csv", ".rtf", ".epub", ".zip"),
        *(".odt", ".ods", ".odp", ".odg", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt"),
        *(".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".mp4", ".m4v", ".webm", ".ogv"),
        ".vtt",
    }
)


@dataclass
class LessonContext:
    """What rendering one lesson needs, and what it collects on the way."""

    root: Path  # the course root (holds course/ and modules/)
    path: str  # the lesson file, relative to root, posix
    lines: list[str]
    diagnostics: Diagnostics
    outcomes: frozenset[str] | None = None  # the module's outcome ids; None: not known
    identity: str = ""  # the source lesson's path when this file is a translation of it
    breaks: bool = False  # Easy-to-Read layout: a line break in the text is one on the page
    assets: list[Asset] = field(default_factory=list)
    # videos and sounds written as pictures, not yet made media blocks (parse/av_media.py)
    playable: list[tuple[str, SourceSpan]] = field(default_factory=list)
    question_ids: dict[str, SourceSpan] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    cursors: dict[tuple[int, int], "_Cursor"] = field(  # locate's, by token lines
        default_factory=dict, repr=False, compare=False
    )

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    def check_outcomes(self, refs: Sequence[str], where: Sequence[SourceSpan]) -> None:
        """Report every outcome id in ``refs`` that the module does not define."""
        if self.outcomes is None:
            return
        known = ", ".join(sorted(self.outcomes))
        for ref, place in zip(refs, where, strict=True):
            if ref not in self.outcomes:
                self.diagnostics.error(
                    place,
                    "outcome.unknown",
                    f"outcome '{ref}' is not defined in this module's module.yml; known: {known}",
                )

    def span(self, line0: int, column: int = 1) -> SourceSpan:
        """A position from a 0-based markdown-it line; the single place 1 is added."""
        return SourceSpan(path=self.path, line=line0 + 1, column=column)

    def locate(self, line_map: Sequence[int] | None, needle: str) -> SourceSpan:
        """The position of ``needle`` within the lines of a token's map (its first line if absent).

        Links, images and marks are looked up in reading order, so the search goes on from the
        needle found last in the same lines (``_Cursor``): the second of two equal links gets
        its own position, and 40,000 links in one paragraph read it once, not 40,000 times.
        """
        start, end = (line_map[0], line_map[1]) if line_map else (0, 1)
        stop = min(end, len(self.lines))
        if needle and start < stop:
            cursor = self.cursors.get((start, end))
            if cursor is None:
                cursor = self.cursors[(start, end)] = _Cursor(self.lines, start, stop)
            found = cursor.find(needle)
            if found is not None:
                return self.span(found[0], found[1] + 1)
        return self.span(start, _indent(self.lines[start]) + 1 if start < len(self.lines) else 1)


SEARCH_BUDGET = 8  # a token's failed searches may read its lines this many times over...
SEARCH_ALLOWANCE = 65_536  # ...plus this many characters
SEARCH_WINDOW = 1_000  # characters one search reads once that budget is spent


class _Cursor:
    """Where ``LessonContext.locate`` goes on in the lines of one token: just after the needle
    it found last, so that lookups in reading order read each line once.

    A needle not found after the cursor (out of reading order, like an image inside a link,
    whose target comes after it, or absent, like the address of a reference link) is searched
    from the token's first line, and the first place is taken; a needle found nowhere is
    remembered, so the same reference link a thousand times costs one search. That reading
    is not paid for by the cursor moving on, so it is counted: once a token's failed searches
    have read its lines ``SEARCH_BUDGET`` times (plus ``SEARCH_ALLOWANCE`` characters), a
    search reads at most ``SEARCH_WINDOW`` characters after the cursor and no longer goes
    back. Only a hostile lesson gets there (40,000 different reference links in one
    paragraph); its needles are then placed at the token's first line, where an absent
    needle always was.
    """

    def __init__(self, lines: list[str], start: int, stop: int) -> None:
        self.lines = lines
        self.start, self.stop = start, stop
        self.line, self.column = start, 0
        size = sum(len(lines[index]) + 1 for index in range(start, stop))
        self.budget = SEARCH_BUDGET * size + SEARCH_ALLOWANCE
        self.absent: set[str] = set()  # needles found nowhere in these lines

    def find(self, needle: str) -> tuple[int, int] | None:
        """The 0-based line and column of ``needle``, or None."""
        if needle in self.absent:
            return None
        whole = self.budget > 0 and (self.line, self.column) == (self.start, 0)
        found = self._forward(needle)  # reads every line after the cursor while budget lasts
        if found is None and not whole and self.budget > 0:
            found, whole = self._from_start(needle), True
        if found is None and whole:
            self.absent.add(needle)
        return found

    def _forward(self, needle: str) -> tuple[int, int] | None:
        """The first ``needle`` after the cursor, which moves past it."""
        window = None if self.budget > 0 else SEARCH_WINDOW
        read, column = 0, self.column
        for index in range(self.line, self.stop):
            text = self.lines[index]
            end = len(text) if window is None else column + window - read + len(needle)
            found = text.find(needle, column, end)
            if found >= 0:
                self.line, self.column = index, found + len(needle)
                return index, found
            read += min(len(text), end) - column + 1
            column = 0
            if window is not None and read >= window:
                break
        self.budget -= read
        return None

    def _from_start(self, needle: str) -> tuple[int, int] | None:
        """The first ``needle`` in the token, which is before the cursor (the cursor stays)."""
        for index in range(self.start, min(self.line + 1, self.stop)):
            text = self.lines[index]
            self.budget -= len(text) + 1
            found = text.find(needle)
            if found >= 0:
                return index, found
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def render_block(tokens: Sequence[Token], ctx: LessonContext) -> str:
    """Render block tokens to a sanitised HTML fragment."""
    tokens = list(tokens)
    for token in tokens:
        if token.type == "html_block":
            _clean_raw_html(token, token.map, ctx)
        for child in token.children or ():
            _rewrite(child, token.map, ctx)
    md = make_markdown()
    options = md.options
    if ctx.breaks:  # markdown-it's 'breaks': each soft line break becomes <br>
        options = OptionsDict(cast(OptionsType, {**md.options, "breaks": True}))
    return sanitise(md.renderer.render(tokens, options, {})).strip()


def render_inline(text: str, line_map: Sequence[int] | None, ctx: LessonContext) -> str:
    """Render one line of inline Markdown (a choice, a hint) to a sanitised fragment."""
    md = make_markdown()
    tokens = md.parseInline(text, {})
    for token in tokens:
        token.map = list(line_map) if line_map else None
    return render_block(tokens, ctx)


def plain_text(tokens: Sequence[Token]) -> str:
    """The text of inline tokens without markup: for titles and LMS descriptions."""
    parts: list[str] = []
    for token in tokens:
        if token.children:
            parts.append(plain_text(token.children))
        elif token.type in {"text", "code_inline"}:
            parts.append(token.content)
        elif token.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif token.type == "image":
            parts.append(plain_text(token.children or []))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def inline_plain_text(text: str) -> str:
    """The plain text of one line of inline Markdown."""
    return plain_text(make_markdown().parseInline(text, {}))


FRAME_SOURCE = re.compile(
    r"""<iframe\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE
)


INLINE_CLOSE = re.compile(r"\s*</([A-Za-z][A-Za-z0-9]*)\s*>\s*")
INLINE_OPEN = re.compile(r"\s*<([A-Za-z][A-Za-z0-9]*)")


def _clean_tag(tag: str) -> str:
    """One inline tag (markdown-it gives ``<b>``, the text, then ``</b>`` apart): sanitised
    on its own, without the closing tag the sanitiser adds to an opening one, and a closing
    tag of an allowed element kept, so that ``<b>x</b>`` stays bold; the whole block is
    sanitised again once rendered, which balances the tags."""
    closing = INLINE_CLOSE.fullmatch(tag)
    if closing:
        return tag if closing.group(1).lower() in RAW_HTML_TAGS else ""
    opening = INLINE_OPEN.match(tag)
    cleaned = sanitise_raw(tag)
    return cleaned.removesuffix(f"</{opening.group(1).lower()}>") if opening else cleaned


def _clean_raw_html(token: Token, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    """Sanitise an author's raw HTML where it stands, and say so when anything went."""
    for found in FRAME_SOURCE.finditer(token.content):
        src = html.unescape(next(group for group in found.groups() if group is not None))
        if not allowed_frame(src):
            ctx.diagnostics.error(
                ctx.locate(line_map, found.group(0)[:20]),
                "media.frame-source",
                f"video frame '{src[:80]}' is not allowed: frames may only show "
                f"https://{' or https://'.join(sorted(VIDEO_HOSTS))} addresses",
            )
    cleaned = (
        _clean_tag(token.content) if token.type == "html_inline" else sanitise_raw(token.content)
    )
    if re.sub(r"\s+", "", cleaned) != re.sub(r"\s+", "", token.content):
        ctx.diagnostics.warning(
            ctx.locate(line_map, token.content.strip()[:20]),
            "html.removed",
            "raw HTML holds tags or attributes that are not allowed; they were removed "
            "(write images and links to lessons in Markdown)",
        )
    for frame in re.finditer(r"<iframe\b[^>]*>", cleaned):
        where = ctx.locate(line_map, "<iframe")
        if "title=" not in frame.group():
            ctx.diagnostics.warning(
                where,
                "a11y.frame-title",
                "a video frame needs a title that says what the video shows",
            )
        ctx.diagnostics.warning(
            where,
            "media.external-video",
            "this video is loaded from the internet: learners offline cannot see it; give its content in the text too",
        )
    token.content = cleaned


def _rewrite(token: Token, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    if token.type == "text":
        _unread_links(token.content, line_map, ctx)
        _unread_bold(token.content, line_map, ctx)
    elif token.type == "html_inline":
        _clean_raw_html(token, line_map, ctx)
    elif token.type == "image":
        _image(token, line_map, ctx)
    elif token.type == "link_open":
        _link(token, line_map, ctx)
    if token.attrGet("lang") is not None or token.attrGet("dir") is not None:
        _language_mark(token, line_map, ctx)
    if token.attrGet("class") is not None:
        _class_mark(token, line_map, ctx)
    for child in token.children or ():
        _rewrite(child, line_map, ctx)


# '![alt](media/my photo.png)' left as text: CommonMark ends a link target at a space
UNREAD_LINK = re.compile(r"(!?)\[[^\[\]]*\]\([ \t]*([^()\s<>]+(?:[ \t]+[^()\s]+)+)[ \t]*\)")
QUOTED_TITLE = re.compile(r"""[ \t]+("[^"]*"|'[^']*')$""")


def _unread_links(text: str, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    """Report images and links that stayed text because their target holds a space."""
    for found in UNREAD_LINK.finditer(text):
        target = QUOTED_TITLE.sub("", found.group(2))
        start = ctx.locate(line_map, found.group(0))
        where = start.model_copy(update={"column": start.column + found.start(2) - found.start()})
        what = "image" if found.group(1) else "link"
        if urlsplit(target).scheme:
            fix = "write each space in the address as %20"
        elif found.group(1):
            fix = (
                "rename the file with lower-case letters, digits and hyphens only, or put "
                f"the path in angle brackets: ![...](<{target}>)"
            )
        else:
            fix = "rename the file with lower-case letters, digits and hyphens only"
        ctx.diagnostics.error(
            where,
            "path.space",
            f"{what} '{target}' is shown as plain text, because a space ends a link target; {fix}",
        )


# a pair of '**' around words that stayed text (text tokens hold no bold that worked):
# CommonMark makes it bold only with a space or punctuation outside each '**'
UNREAD_BOLD = re.compile(r"\*\*(?=\S)(.{1,80}?)(?<=\S)\*\*")


def _unread_bold(text: str, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    """Report bold that is shown with its asterisks, like ``و**-**`` or ``a**b**``: a letter
    or digit touches the outside of a '**' (common in Arabic after the letter waw)."""
    for found in UNREAD_BOLD.finditer(text):
        ctx.diagnostics.warning(
            ctx.locate(line_map, found.group(0)),
            "markdown.unread-bold",
            f"'{found.group(0)}' is shown with its asterisks, not in bold: a letter or digit "
            "touches a '**' on the outside; write a space there (in Arabic, after و or ب: "
            "'و **كلمة**'), or rephrase",
        )


def _resolve(url: str, where: SourceSpan, ctx: LessonContext, what: str) -> str | None:
    """A relative URL resolved to a path under the course root, or None (reported).

    Messages show the address as the author wrote it: markdown-it hands it over percent-encoded
    (``media%5Cx.png`` for ``media\\x.png``, ``gr%C3%B6%C3%9Fe`` for ``größe``)."""
    path = unquote(urlsplit(url).path)
    shown = unquote(url)
    if path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path):
        ctx.diagnostics.error(where, "path.absolute", f"{what} '{shown}' is an absolute path")
        return None
    resolved = posixpath.normpath(posixpath.join(ctx.folder, path))
    if resolved.startswith("../") or resolved == "..":
        ctx.diagnostics.error(where, "path.outside", f"{what} '{shown}' points outside the course")
        return None
    if outside_course(ctx.root, resolved):
        ctx.diagnostics.error(where, "path.outside", f"{what} '{shown}' points outside the course")
        return None
    if not (ctx.root / resolved).is_file():
        fix = ": write '/' between folders, not '\\'" if "\\" in path else ""
        ctx.diagnostics.error(where, "path.missing", f"{what} '{shown}' not found{fix}")
        return None
    return resolved


def _as_written(url: str, line_map: Sequence[int] | None, ctx: LessonContext) -> str:
    """``url`` as it stands in the token's lines: markdown-it percent-encodes what it hands
    over (``media%5Cx.png``), and the author wrote ``media\\x.png``."""
    start, end = (line_map[0], line_map[1]) if line_map else (0, 1)
    decoded = unquote(url)
    if decoded != url and any(url not in line and decoded in line for line in ctx.lines[start:end]):
        return decoded
    return url


def _image(token: Token, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    src = str(token.attrGet("src") or "")
    alt = plain_text(token.children or [])
    where = ctx.locate(line_map, _as_written(src, line_map, ctx))
    if urlsplit(src).scheme:
        ctx.diagnostics.error(
            where, "media.external", f"image '{src}' must be a file in the course, not a URL"
        )
        return
    resolved = _resolve(src, where, ctx, "image")
    if resolved and is_playable(resolved):
        if check_media_file(ctx.root / resolved, src, where, ctx.diagnostics):
            ctx.assets.append(Asset(path=resolved, alt=alt, source=where))
        ctx.playable.append((src, where))
        what = "video" if kind_of(resolved) == "video" else "sound"
        if not alt.strip():
            ctx.diagnostics.error(
                where, "media.no-alt", f"{what} '{src}' has no title: say what it shows"
            )
        return
    if resolved:
        _picture(resolved, src, alt, where, ctx, token.attrGet("class") == SEQUENCE)
    if not alt.strip():
        ctx.diagnostics.error(where, "media.no-alt", f"image '{src}' has no alt text")


def _picture(
    resolved: str,
    name: str,
    alt: str,
    where: SourceSpan,
    ctx: LessonContext,
    sequence: bool = False,
) -> None:
    """Record the course picture ``resolved`` (shown to authors as ``name``) once it is checked
    (a refused one is reported); ``sequence``: it shows steps in order (``{.sequence}``)."""
    if check_image(ctx.root / resolved, name, where, ctx.diagnostics):
        ctx.assets.append(Asset(path=resolved, alt=alt, sequence=sequence, source=where))


SEQUENCE = "sequence"  # the one class an author may give: a picture of steps in order


def _class_mark(token: Token, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    """``{.sequence}`` may follow a picture, and no other class anything: the sanitiser keeps
    no class on a picture or a span, so any other would do nothing."""
    value = str(token.attrGet("class"))
    where = ctx.locate(line_map, "{")
    if value != SEQUENCE:
        shown = " ".join(f".{name}" for name in value.split())
        ctx.diagnostics.error(
            where,
            "attr.class",
            f"'{{{shown}}}' is not known: the only class is {{.sequence}}, after a picture "
            "that shows steps in order",
        )
        token.attrs.pop("class", None)
    elif token.type != "image":
        ctx.diagnostics.error(
            where,
            "attr.class",
            "{.sequence} marks a picture that shows steps in order: write it right after the "
            "picture, as in ![...](media/steps.svg){.sequence}",
        )
        token.attrs.pop("class", None)


LANGUAGE_MARK = re.compile(LANGUAGE_TAG, re.IGNORECASE)  # tags are case-insensitive in text


def _language_mark(token: Token, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    """``{lang=en}`` must be a language tag and ``{dir=...}`` ltr, rtl or auto."""
    lang, direction = str(token.attrGet("lang") or ""), token.attrGet("dir")
    where = ctx.locate(line_map, "{")
    if token.attrGet("lang") is not None and not LANGUAGE_MARK.fullmatch(lang):
        ctx.diagnostics.error(
            where, "lang.tag", f"'{lang}' is not a language tag such as en, de or pt-BR"
        )
        token.attrs.pop("lang", None)
    if direction is not None and direction not in {"ltr", "rtl", "auto"}:
        ctx.diagnostics.error(where, "lang.dir", f"dir must be ltr, rtl or auto, not '{direction}'")
        token.attrs.pop("dir", None)


def _link(token: Token, line_map: Sequence[int] | None, ctx: LessonContext) -> None:
    href = str(token.attrGet("href") or "")
    where = ctx.locate(line_map, _as_written(href, line_map, ctx))
    parts = urlsplit(href)
    if parts.scheme in WEB_SCHEMES:
        return
    if parts.scheme:
        ctx.diagnostics.error(
            where, "link.scheme", f"link '{href}': '{parts.scheme}:' links are not allowed"
        )
        token.attrSet("href", "#")
        return
    if not parts.path:
        ctx.links.append(Link(target=ctx.identity or ctx.path, anchor=parts.fragment, source=where))
        return
    resolved = _resolve(href, where, ctx, "link target")
    if resolved is None:
        return
    suffix = posixpath.splitext(resolved)[1].lower()
    if resolved.endswith(".md"):
        ctx.links.append(Link(target=resolved, anchor=parts.fragment, source=where))
    elif is_image(resolved):  # opened on its own: checked and made like any image
        _picture(resolved, href, "", where, ctx)
    elif is_playable(resolved):  # a sound or film to download: the same checks as in a lesson
        if check_media_file(ctx.root / resolved, href, where, ctx.diagnostics):
            ctx.assets.append(Asset(path=resolved, source=where))
    elif suffix in ATTACHMENT_SUFFIXES:
        ctx.assets.append(Asset(path=resolved, source=where))
    else:
        kind = f"is a {suffix} file, which a browser could run" if suffix else "has no type"
        ctx.diagnostics.error(
            where,
            "link.file-type",
            f"link target '{href}' {kind}: link to a lesson (.md), a PDF, an office "
            "document, a picture, audio or video",
        )
        token.attrSet("href", "#")
