"""Stage 3 helper shared by the page formats: the glossary's words marked where they occur.

The first time a lesson uses a word of the glossary (its term or one of its forms, ignoring
case, as a whole word), the page marks it; later uses stay plain text. Words in headings,
links, code, buttons and labels are never marked, and quizzes are not given to it at all (a
definition must not give an answer away). Like ``links.rewrite``, ``LessonTerms.mark`` reads a
sanitised fragment with the standard library's HTML tokenizer and changes only the text where
a word is found: every other byte stays, and no Markdown is read again.

A marked word is a disclosure that needs no hover: a button (``aria-expanded``,
``aria-controls``) right before its definition, hidden until the button is pressed (tap,
click, Enter or Space; Escape closes it), by ``static/terms.js``. Without script, the
definition shows in brackets after the word.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from bwise_mooc import ir
from bwise_mooc.ir.glossary import word_key

# elements whose text is never marked (``links.HEADINGS`` and the like)
SKIPPED = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "button", "label"}
    | {"summary", "dfn", "abbr", "script", "style", "textarea", "select", "option", "legend"}
)
ARABIC_ARTICLE = "\u0627\u0644"  # al-, the definite article written before Arabic words
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})


def glossary_for(course: ir.Course, module: ir.Module) -> tuple[ir.GlossaryEntry, ...]:
    """The words the lessons of ``module`` mark: every track's, and its own track's."""
    return tuple(entry for entry in course.glossary if entry.marks_in(module.track, module.shared))


def glossary_order(entries: Sequence[ir.GlossaryEntry]) -> list[ir.GlossaryEntry]:
    """The words in alphabetical order, as a reader of the language expects it: accents,
    umlauts and Arabic vowel and hamza marks are not letters of their own (``Ä`` with ``A``,
    alef with hamza with bare alef), case does not count, and an Arabic word is sorted
    without its article (al-); ties keep the written order."""

    def key(entry: ir.GlossaryEntry) -> tuple[str, str]:
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", entry.term) if not unicodedata.combining(c)
        ).casefold()
        if bare.startswith(ARABIC_ARTICLE) and len(bare) > len(ARABIC_ARTICLE):
            bare = bare[len(ARABIC_ARTICLE) :]  # Arabic dictionaries skip the article
        return bare, entry.term.casefold()

    return sorted(entries, key=key)


def _pattern(entries: Sequence[ir.GlossaryEntry]) -> re.Pattern[str] | None:
    """One pattern for every word, longest first (``screen lock`` before ``screen``), each a
    whole word whatever its case, any run of spaces matching the space written."""
    words = sorted({word for entry in entries for word in entry.words}, key=lambda w: (-len(w), w))
    if not words:
        return None
    spelled = (r"\s+".join(re.escape(part) for part in word.split()) for word in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(spelled) + r")(?!\w)", re.IGNORECASE)


@dataclass
class LessonTerms:
    """The glossary words of one lesson page, and which of them the page has marked.

    ``prefix``: of every DOM id (pages that show several lessons); ``glossary_page``: the
    glossary page as seen from the lesson's page (None: the format has none)."""

    entries: tuple[ir.GlossaryEntry, ...]
    prefix: str = ""
    glossary_page: str | None = None
    more: str = "Glossary"  # the words of the link to the glossary page, translated
    marked: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._pattern = _pattern(self.entries)
        self._by_word = {word_key(w): entry for entry in self.entries for w in entry.words}

    def mark(self, fragment: str) -> str:
        """``fragment`` with each word not yet marked on the page marked at its first use."""
        if self._pattern is None or len(self.marked) == len(self.entries):
            return fragment
        reader = _Text(fragment)
        parts: list[str] = []
        done = 0
        for start, text in reader.texts:
            for found in self._pattern.finditer(text):
                entry = self._by_word.get(word_key(found.group()))
                if entry is None or entry.id in self.marked:
                    continue
                self.marked.add(entry.id)
                parts += [fragment[done : start + found.start()], self._term(entry, found.group())]
                done = start + found.end()
        return "".join(parts) + fragment[done:] if parts else fragment

    def _term(self, entry: ir.GlossaryEntry, written: str) -> str:
        """The marked word (as written, already escaped text) and its definition."""
        meaning = f"{self.prefix}term-{entry.id}"
        link = (
            f' <a href="{escape(self.glossary_page)}#word-{escape(entry.id)}">{escape(self.more)}</a>'
            if self.glossary_page is not None
            else ""
        )
        return (
            f'<span class="term"><button type="button" class="term__word" '
            f'aria-expanded="false" aria-controls="{escape(meaning)}">{written}</button>'
            f'<span class="term__meaning" id="{escape(meaning)}" hidden>'
            f"{escape(entry.definition)}{link}</span></span>"
        )


class _Text(HTMLParser):
    """Where the text of a fragment is written, outside the elements that are never marked:
    (offset, raw text) pairs; character references split the text, so none is inside one."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0] + [found.end() for found in re.finditer("\n", fragment)]
        self.skipped: list[str] = []
        self.texts: list[tuple[int, str]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED and tag not in VOID:
            self.skipped.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipped:
            while self.skipped and self.skipped.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.skipped and data.strip():
            line, column = self.getpos()
            self.texts.append((self.lines[line - 1] + column, data))
