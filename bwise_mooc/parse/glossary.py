"""Stage 1: ``course/glossary.yml`` and its translations -> the ``ir.GlossaryEntry`` of a language.

The source file defines each difficult word once: an id, the term, other forms, a definition
and, optionally, the tracks whose lessons mark it. ``course/glossary.<lang>.yml`` gives the
same words in another language, by id. A word (id, term or form) defined twice is an error
(``glossary.duplicate``), as is a track that course.yml does not declare or, in a translation,
an id the source does not have; a word the translation lacks is a missing translation (error,
or warning and the source text with ``missing_translations: fallback``). A language's glossary
holds the words of every track and those of the tracks offered in it (course.yml's track
``languages``): the Arabic glossary needs no word of a track not offered in Arabic.
"""

from collections.abc import Sequence

from bwise_mooc.config import (
    CourseConfig,
    GlossaryConfig,
    GlossaryEntryConfig,
    GlossaryEntryText,
    GlossaryTranslation,
)
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import GlossaryEntry, SourceSpan
from bwise_mooc.ir.glossary import word_key
from bwise_mooc.parse.files import Sources, read_text
from bwise_mooc.parse.translation import report_missing, translation_path
from bwise_mooc.parse.yaml_source import Loc, load_yaml_model, yaml_value_spans

GLOSSARY = "course/glossary.yml"


def read_glossary(
    sources: Sources, config: CourseConfig, language: str, diagnostics: Diagnostics
) -> tuple[GlossaryEntry, ...]:
    """The glossary in ``language`` (empty when the course has none or it cannot be read)."""
    if not sources.is_file(GLOSSARY):
        return ()
    text = read_text(sources.root, GLOSSARY, diagnostics)
    glossary = load_yaml_model(GlossaryConfig, text, GLOSSARY, diagnostics) if text else None
    if glossary is None or text is None:
        return ()
    spans = yaml_value_spans(text, GLOSSARY)
    here = SourceSpan(path=GLOSSARY)
    _check_words(glossary.terms, spans, GLOSSARY, diagnostics)
    tracks = {track.id for track in config.tracks}
    for index, entry in enumerate(glossary.terms):
        for number, track in enumerate(entry.tracks):
            if track not in tracks:
                diagnostics.error(
                    spans.get(("terms", index, "tracks", number), here),
                    "glossary.unknown-track",
                    f"track '{track}' of glossary term '{entry.id}' is not declared in "
                    f"course/course.yml; known: {', '.join(sorted(tracks))}",
                )
    # the words this language's glossary holds: those of every track, and of a track it offers
    offered = {t.id for t in config.tracks if t.languages is None or language in t.languages}
    words = {
        entry.id: entry
        for entry in glossary.terms
        if not entry.tracks or offered.intersection(entry.tracks)
    }
    sources_at = {
        entry.id: spans.get(("terms", index, "id"), here)
        for index, entry in enumerate(glossary.terms)
    }
    if language != config.languages[0]:
        texts = _translation(sources, config, language, words, diagnostics)
    else:
        texts = {}
    entries = []
    for entry in words.values():
        said: GlossaryEntryConfig | GlossaryEntryText = texts.get(entry.id, entry)
        entries.append(
            GlossaryEntry(
                id=entry.id,
                term=said.term,
                forms=tuple(said.forms),
                definition=said.definition,
                tracks=tuple(entry.tracks),
                source=sources_at[entry.id],
            )
        )
    return tuple(entries)


def _translation(
    sources: Sources,
    config: CourseConfig,
    language: str,
    words: dict[str, GlossaryEntryConfig],
    diagnostics: Diagnostics,
) -> dict[str, GlossaryEntryText]:
    """The words of ``course/glossary.<lang>.yml`` by id; what it lacks or adds is reported."""
    path = translation_path(GLOSSARY, language)
    if not sources.is_file(path):
        report_missing(diagnostics, config, SourceSpan(path=GLOSSARY), path, language)
        return {}
    text = read_text(sources.root, path, diagnostics)
    found = load_yaml_model(GlossaryTranslation, text, path, diagnostics) if text else None
    if found is None or text is None:
        return {}
    spans = yaml_value_spans(text, path)
    here = SourceSpan(path=path)
    _check_words(found.terms, spans, path, diagnostics)
    for index, entry in enumerate(found.terms):
        if entry.id not in words:
            diagnostics.error(
                spans.get(("terms", index, "id"), here),
                "translation.unknown-id",
                f"glossary term '{entry.id}' is not in {GLOSSARY}",
            )
    given = {entry.id: entry for entry in found.terms}
    for missing in words:
        if missing not in given:
            report_missing(
                diagnostics, config, here, f"the glossary term '{missing}' of {path}", language
            )
    return {key: entry for key, entry in given.items() if key in words}


def _check_words(
    entries: Sequence[GlossaryEntryConfig | GlossaryEntryText],
    spans: dict[Loc, SourceSpan],
    path: str,
    diagnostics: Diagnostics,
) -> None:
    """Each id once, and each term or form (ignoring case) once in the whole file."""
    here = SourceSpan(path=path)
    ids: dict[str, SourceSpan] = {}
    words: dict[str, tuple[str, SourceSpan]] = {}
    for index, entry in enumerate(entries):
        where = spans.get(("terms", index, "id"), here)
        if entry.id in ids:
            diagnostics.error(
                where,
                "glossary.duplicate",
                f"glossary term id '{entry.id}' is defined twice (first on line "
                f"{ids[entry.id].line}): give each word one entry",
            )
        else:
            ids[entry.id] = where
        written = [("term",), *(("forms", number) for number in range(len(entry.forms)))]
        for loc, word in zip(written, entry.words, strict=True):
            key = word_key(word)
            at = spans.get(("terms", index, *loc), where)
            if key in words:
                other, first = words[key]
                diagnostics.error(
                    at,
                    "glossary.duplicate",
                    f"glossary word '{word}' is defined twice: also in term '{other}' (line "
                    f"{first.line}); a word may have one meaning only",
                )
            else:
                words[key] = (entry.id, at)
