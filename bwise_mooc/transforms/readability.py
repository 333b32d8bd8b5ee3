"""Stage 2: readability figures of a lesson's text, by language.

Syllables come from the hyphenation dictionaries that Pyphen ships (no download, no network);
each language with a published Flesch-style formula gets its own: Flesch (English),
Amstad (German), Kandel & Moles (French), Fernández Huerta (Spanish), Douma (Dutch),
Flesch-Vacca (Italian). Higher is easier; about 60-70 is plain language, 80+ very easy.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import pyphen

from bwise_mooc import ir

Formula = Callable[[float, float], float]  # (words per sentence, syllables per word) -> score
FORMULAS: dict[str, tuple[str, Formula]] = {
    "en": ("Flesch reading ease", lambda asl, asw: 206.835 - 1.015 * asl - 84.6 * asw),
    "de": ("Flesch-Amstad", lambda asl, asw: 180 - asl - 58.5 * asw),
    "fr": ("Kandel-Moles", lambda asl, asw: 207 - 1.015 * asl - 73.6 * asw),
    "es": ("Fernández Huerta", lambda asl, asw: 206.84 - 1.02 * asl - 60 * asw),
    "nl": ("Douma", lambda asl, asw: 206.835 - 0.93 * asl - 77 * asw),
    "it": ("Flesch-Vacca", lambda asl, asw: 217 - 1.3 * asl - 60 * asw),
}
WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n\s*\n|:\s*\n")


@dataclass(frozen=True)
class Readability:
    formula: str
    score: float
    words: int
    sentences: int


def lesson_text(lesson: ir.Lesson) -> str:
    """The lesson's prose without markup or quizzes; block ends count as sentence ends."""
    parts = []
    for block in lesson.blocks:
        if isinstance(block, ir.Quiz | ir.Assignment | ir.CodeBlock | ir.Image | ir.Media):
            continue
        text = re.sub(r"<(br|/p|/li|/h\d|/td|/th)[^>]*>", ".\n", block.html)
        parts.append(re.sub(r"<[^>]+>", " ", text))
    return "\n\n".join(parts)


@cache
def _hyphenator(language: str) -> pyphen.Pyphen | None:
    return pyphen.Pyphen(lang=language) if language in pyphen.LANGUAGES else None


@lru_cache(maxsize=1 << 18)  # words repeat: a course has far fewer distinct words than words
def syllables(word: str, language: str) -> int:
    hyphenator = _hyphenator(language)
    if hyphenator is None:
        return max(1, len(re.findall(r"[aeiouyäöüáéíóúàèìòùâêîôû]+", word.lower())))
    return len(hyphenator.positions(word)) + 1


def readability(text: str, language: str) -> Readability | None:
    """The figure for ``text``, or None where the language has no formula or no text."""
    base = language.split("-")[0]
    if base not in FORMULAS:
        return None
    words = WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len([s for s in SENTENCE_END.split(text) if WORD.search(s)]))
    asl = len(words) / sentences
    asw = sum(syllables(word, base) for word in words) / len(words)
    name, formula = FORMULAS[base]
    return Readability(name, round(formula(asl, asw), 1), len(words), sentences)
