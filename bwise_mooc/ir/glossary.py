"""The course's glossary in one language: difficult words, each defined once."""

import unicodedata

from bwise_mooc.ir.node import Node
from bwise_mooc.ir.source import SourceSpan


def word_key(word: str) -> str:
    """How two ways of writing a word are compared: Unicode NFKC, case folded, spaces as one."""
    return " ".join(unicodedata.normalize("NFKC", word).casefold().split())


class GlossaryEntry(Node):
    """One difficult word of the course (``course/glossary.yml``), in one language.

    ``id``: the same in every language (a slug, the anchor of the glossary page); ``term``: the
    word as learners read it; ``forms``: other spellings and inflections that mean it
    (plurals, German cases), matched in the text like ``term``; ``definition``: one or two
    plain sentences, plain text; ``tracks``: the tracks whose lessons mark it (empty: every
    track).
    """

    id: str
    term: str
    forms: tuple[str, ...] = ()
    definition: str
    tracks: tuple[str, ...] = ()
    source: SourceSpan

    @property
    def words(self) -> tuple[str, ...]:
        """Every way the text may write it: the term, then its forms."""
        return (self.term, *self.forms)

    def marks_in(self, track: str, shared: bool) -> bool:
        """Is it marked in the lessons of a module of ``track`` (``shared``: of every track)?"""
        return shared or not self.tracks or track in self.tracks
