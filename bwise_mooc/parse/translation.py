"""Stage 1 helper: the translation files beside the sources, and the text they replace.

Convention: ``course/course.de.yml`` and ``modules/NN-slug/module.de.yml`` hold only the text
of their source file in German; ``NN-slug.de.md`` is the German version of ``NN-slug.md``.
Whether a translation is there is asked of ``discover_sources``' walk. A missing file is an
error, or (``missing_translations: fallback``) a warning and the source language's text is used.
"""

import re
from pathlib import Path

from bwise_mooc.config import CourseConfig, CourseTranslation, ModuleConfig, ModuleTranslation
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan
from bwise_mooc.parse.files import Sources, read_text
from bwise_mooc.parse.stamp import FRONT_MATTER
from bwise_mooc.parse.yaml_source import load_yaml_model, yaml_data, yaml_key_spans

TRANSLATED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3})\.(?P<ext>md|yml)\Z")


def translation_path(path: str, language: str) -> str:
    """``modules/01-x/02-y.md`` -> ``modules/01-x/02-y.de.md`` (likewise for ``.yml``)."""
    stem, _, extension = path.rpartition(".")
    return f"{stem}.{language}.{extension}"


def report_missing(
    diagnostics: Diagnostics, config: CourseConfig, where: SourceSpan, path: str, language: str
) -> None:
    message = f"no {language} translation: {path} is missing"
    if config.missing_translations == "fallback":
        diagnostics.warning(
            where, "translation.missing", message + f" ({config.languages[0]} text is used)"
        )
    else:
        diagnostics.error(where, "translation.missing", message)


def untranslated_at(text: str, path: str) -> SourceSpan | None:
    """Where a translation's ``untranslated: true`` is, if it has one: a starter that
    ``bwise-mooc new`` wrote, still holding the source text (``.md`` front matter or ``.yml``)."""
    offset = 0
    if path.endswith(".md"):
        found = FRONT_MATTER.match(text)
        if found is None:
            return None
        text, offset = found.group(1) or "", 1
    data = yaml_data(text)
    if not isinstance(data, dict) or data.get("untranslated") is not True:
        return None
    return yaml_key_spans(text, path, offset).get(("untranslated",), SourceSpan(path=path))


def report_untranslated(
    diagnostics: Diagnostics, config: CourseConfig, where: SourceSpan, what: str
) -> None:
    """A starter is a warning, never an error: the source language's text is shown."""
    diagnostics.warning(
        where,
        "translation.untranslated",
        f"this {what} is not translated yet: it shows the source text ('{config.languages[0]}'); "
        "translate it and remove 'untranslated: true'",
    )


def _load(
    root: Path,
    path: str,
    diagnostics: Diagnostics,
    model: type[CourseTranslation] | type[ModuleTranslation],
) -> CourseTranslation | ModuleTranslation | None:
    text = read_text(root, path, diagnostics)
    return load_yaml_model(model, text, path, diagnostics) if text is not None else None


def course_text(
    sources: Sources, config: CourseConfig, language: str, diagnostics: Diagnostics
) -> CourseTranslation | None:
    path = translation_path("course/course.yml", language)
    if not sources.is_file(path):
        report_missing(diagnostics, config, SourceSpan(path="course/course.yml"), path, language)
        return None
    found = _load(sources.root, path, diagnostics, CourseTranslation)
    if isinstance(found, CourseTranslation):
        known = {track.id for track in config.tracks}
        for track in found.tracks:
            if track.id not in known:
                diagnostics.error(
                    SourceSpan(path=path),
                    "translation.unknown-id",
                    f"track '{track.id}' is not in course.yml",
                )
        return found
    return None


def module_text(
    sources: Sources,
    folder: str,
    module: ModuleConfig,
    course: CourseConfig,
    language: str,
    diagnostics: Diagnostics,
) -> ModuleTranslation | None:
    source = f"{folder}/module.yml"
    path = translation_path(source, language)
    if not sources.is_file(path):
        report_missing(diagnostics, course, SourceSpan(path=source), path, language)
        return None
    found = _load(sources.root, path, diagnostics, ModuleTranslation)
    if not isinstance(found, ModuleTranslation):
        return None
    if found.untranslated:
        text = read_text(sources.root, path, Diagnostics()) or ""
        where = untranslated_at(text, path) or SourceSpan(path=path)
        report_untranslated(diagnostics, course, where, "module text")
        return None
    known = {outcome.id for outcome in module.outcomes}
    given = {outcome.id for outcome in found.outcomes}
    for unknown in sorted(given - known):
        diagnostics.error(
            SourceSpan(path=path),
            "translation.unknown-id",
            f"outcome '{unknown}' is not in module.yml",
        )
    for missing in sorted(known - given):
        report_missing(
            diagnostics, course, SourceSpan(path=path), f"the text of outcome '{missing}'", language
        )
    return found
