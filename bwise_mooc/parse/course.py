"""Stage 1: walk ``course/`` and ``modules/`` and build the whole ``ir.Course``.

Source text is read through ``parse/files.py``. Every problem is collected in the given
``Diagnostics``; ``None`` is returned when the course cannot be built.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bwise_mooc.cache import BuildCache
from bwise_mooc.config import CourseConfig, ModuleConfig, TrackConfig
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Asset, Author, Course, Lesson, Module, Outcome, SourceSpan, Track
from bwise_mooc.parse.files import read_text
from bwise_mooc.parse.grading import read_grading
from bwise_mooc.parse.lesson import parse_lesson
from bwise_mooc.parse.media import check_image
from bwise_mooc.parse.names import check_names
from bwise_mooc.parse.prefetch import lesson_key, parse_entry
from bwise_mooc.parse.render import image_asset
from bwise_mooc.parse.stamp import check_stamp
from bwise_mooc.parse.translation import (
    TRANSLATED_NAME,
    course_text,
    module_text,
    report_missing,
    translation_path,
)
from bwise_mooc.parse.yaml_source import Repair, load_yaml_model, yaml_value_spans
from bwise_mooc.progress import Progress
from bwise_mooc.source_tree import outside_course
from bwise_mooc.transforms.translations import check_translation

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
MODULE_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\Z")
TRANSLATION = re.compile(r"^\d{2}-[a-z0-9-]+\.[a-z]{2,3}\.md\Z")


@dataclass(frozen=True)
class _Reader:
    """What every step of reading one language of the course needs."""

    root: Path
    diagnostics: Diagnostics
    config: CourseConfig
    language: str
    cache: BuildCache | None = None
    progress: Progress | None = None

    @property
    def translated(self) -> bool:
        return self.language != self.config.languages[0]


def read_course(
    root: Path,
    diagnostics: Diagnostics,
    language: str | None = None,
    cache: BuildCache | None = None,
    progress: Progress | None = None,
) -> Course | None:
    """Read the course whose ``course/`` and ``modules/`` folders are in ``root``.

    ``language`` picks one of the declared languages (default: the first, the source language);
    translated text comes from the ``*.<lang>.yml`` and ``*.<lang>.md`` files. With a ``cache``,
    lessons whose text and files are unchanged are not parsed again.
    """
    config_path = "course/course.yml"
    text = read_text(root, config_path, diagnostics)
    config = None
    if text is not None:
        config = load_yaml_model(
            CourseConfig, text, config_path, diagnostics, repair=_course_stand_in
        )
    if config is None:  # unreadable: a stand-in lets every other file still be checked
        config = CourseConfig.model_validate(_course_stand_in({}))
    if config.start and config.end and config.end < config.start:
        diagnostics.error(SourceSpan(path=config_path), "course.dates", "'end' is before 'start'")
    chosen = language or config.languages[0]
    if chosen not in config.languages:
        diagnostics.error(
            SourceSpan(path=config_path),
            "language.undeclared",
            f"language '{chosen}' is not in 'languages' ({', '.join(config.languages)})",
        )
        return None
    if chosen == config.languages[0]:
        _check_track_languages(config, text, config_path, diagnostics)
        check_names(root, diagnostics)
    reader = _Reader(root, diagnostics, config, chosen, cache, progress)
    words = course_text(root, config, chosen, diagnostics) if reader.translated else None
    modules = _read_modules(reader)
    if progress is not None:
        progress.finish(f"reading ({chosen})", f"{len(modules)} modules")
    image_at = (
        yaml_value_spans(text, config_path).get(("image",)) if text and config.image else None
    )
    image = _course_image(root, config, diagnostics, image_at)
    if image is not None and words is not None and words.image_alt:
        image = image.model_copy(update={"alt": words.image_alt})
    titles = {t.id: t for t in words.tracks} if words else {}
    tracks = tuple(
        Track(
            id=t.id,
            title=titles[t.id].title if t.id in titles else t.title,
            description=titles[t.id].description if t.id in titles else t.description,
        )
        for t in config.tracks
        if offers(t, chosen)
    )
    return Course(
        id=config.id,
        organisation=config.organisation,
        run=config.run,
        version=config.version,
        title=words.title if words else config.title,
        description=words.description if words else config.description,
        languages=tuple(config.languages),
        language=chosen,
        licence=config.licence,
        authors=tuple(Author(**a.model_dump()) for a in config.authors),
        tracks=tracks,
        keywords=tuple(words.keywords if words and words.keywords else config.keywords),
        passing_score=config.passing_score,
        readability=dict(config.readability),
        start=config.start,
        end=config.end,
        image=image,
        images=config.images,
        modules=tuple(modules),
        grading=read_grading(config, text, modules, diagnostics),
        source=SourceSpan(path=config_path),
    )


def offers(track: TrackConfig, language: str) -> bool:
    """Is ``track`` offered in ``language``? Tracks without a list are offered in every one."""
    return track.languages is None or language in track.languages


def _offered(course: CourseConfig, track_id: str, reader: "_Reader") -> bool:
    return all(offers(track, reader.language) for track in course.tracks if track.id == track_id)


def _check_track_languages(
    config: CourseConfig, text: str | None, config_path: str, diagnostics: Diagnostics
) -> None:
    """A track's languages are course languages, start with the source, and cover them all."""
    spans = yaml_value_spans(text, config_path) if text else {}
    here = SourceSpan(path=config_path)
    offered = set()
    for index, track in enumerate(config.tracks):
        listed = track.languages if track.languages is not None else config.languages
        offered.update(listed)
        where = spans.get(("tracks", index, "languages"), here)
        unknown = [tag for tag in listed if tag not in config.languages]
        if unknown:
            diagnostics.error(
                where,
                "track.language",
                f"track '{track.id}' lists {', '.join(unknown)}, not in the course's 'languages'",
            )
        if config.languages[0] not in listed:
            diagnostics.error(
                where,
                "track.language",
                f"track '{track.id}' must be offered in the source language '{config.languages[0]}'",
            )
    for tag in config.languages:
        if tag not in offered:
            diagnostics.error(
                spans.get(("languages",), here),
                "track.language",
                f"no track is offered in '{tag}': add it to a track's 'languages'",
            )


def _course_stand_in(data: dict[str, Any]) -> dict[str, Any]:
    """Valid values for the keys of a broken course.yml, so the rest can still be checked."""
    return {
        "id": "course",
        "organisation": "unknown",
        "run": "unknown",
        "version": "0",
        "title": "Untitled course",
        "description": "-",
        "languages": ["en"],
        "licence": "unknown",
        "authors": [{"name": "unknown"}],
        "tracks": [{"id": "unknown", "title": "Unknown"}],
    }


def _module_stand_in(course: CourseConfig) -> Repair:
    """Valid values for the keys of a broken module.yml; outcomes keep their ids if they can."""

    def repair(data: dict[str, Any]) -> dict[str, Any]:
        outcomes = [
            {"id": item["id"], "text": "-"}
            for item in data.get("outcomes") or []
            if isinstance(item, dict) and isinstance(item.get("id"), str) and SLUG.match(item["id"])
        ]
        return {
            "title": "Untitled module",
            "summary": "-",
            "track": course.tracks[0].id,
            "outcomes": outcomes or [{"id": "unknown", "text": "-"}],
            "estimated_minutes": 1,
        }

    return repair


def _course_image(
    root: Path, config: CourseConfig, diagnostics: Diagnostics, where: SourceSpan | None
) -> Asset | None:
    if config.image is None:
        return None
    where = where or SourceSpan(path="course/course.yml")
    path = f"course/{config.image}"
    if ".." in Path(config.image).parts or Path(config.image).is_absolute():
        diagnostics.error(
            where, "path.outside", f"course image '{config.image}' must be inside course/"
        )
        return None
    if outside_course(root, path):
        diagnostics.error(
            where, "path.outside", f"course image '{config.image}' points outside the course"
        )
        return None
    if not (root / path).is_file():
        diagnostics.error(
            where, "path.missing", f"course image '{config.image}' not found in course/"
        )
        return None
    if not config.image_alt:
        diagnostics.error(where, "media.no-alt", "course image needs 'image_alt' text")
    if not check_image(root / path, config.image, where, diagnostics):
        return None
    return image_asset(root, path, config.image_alt or "", where, config.images)


def _read_modules(reader: _Reader) -> list[Module]:
    folder = reader.root / "modules"
    if not folder.is_dir():
        reader.diagnostics.error(
            SourceSpan(path="modules"), "course.no-modules", "there is no modules/ folder"
        )
        return []
    modules: list[Module] = []
    entries = [e for e in sorted(folder.iterdir()) if e.is_dir() and not e.name.startswith(".")]
    for done, entry in enumerate(entries):
        if reader.progress is not None:
            reader.progress.step(f"reading ({reader.language})", done, len(entries), entry.name)
        name = MODULE_NAME.match(entry.name)
        if outside_course(reader.root, f"modules/{entry.name}"):
            reader.diagnostics.error(
                SourceSpan(path=f"modules/{entry.name}"),
                "path.outside",
                "module folder is a link to a place outside the course: copy it into modules/",
            )
            continue
        if not name:
            reader.diagnostics.error(
                SourceSpan(path=f"modules/{entry.name}"),
                "module.bad-name",
                "module folder name must look like '01-my-module'",
            )
            continue
        module = _read_module(reader, f"modules/{entry.name}", name)
        if module is not None:
            modules.append(module)
    return modules


def _read_module(reader: _Reader, folder: str, name: re.Match[str]) -> Module | None:
    root, diagnostics, course = reader.root, reader.diagnostics, reader.config
    config_path = f"{folder}/module.yml"
    text = read_text(root, config_path, diagnostics) if (root / config_path).is_file() else None
    if not (root / config_path).is_file():
        where = SourceSpan(path=folder)
        diagnostics.error(where, "module.no-config", f"module has no module.yml: add {config_path}")
    config = None
    if text is not None:
        repair = _module_stand_in(course)
        config = load_yaml_model(ModuleConfig, text, config_path, diagnostics, repair=repair)
    if config is not None and reader.translated and not _offered(course, config.track, reader):
        return None  # this module's track is not offered in this language
    known = frozenset(o.id for o in config.outcomes) if config else None
    lessons = _read_lessons(reader, folder, known)
    if config is None or text is None:
        return None
    spans = yaml_value_spans(text, config_path)
    here = SourceSpan(path=config_path)
    tracks = sorted(track.id for track in course.tracks)
    if config.track not in tracks:
        diagnostics.error(
            spans.get(("track",), here),
            "module.unknown-track",
            f"track '{config.track}' is not declared in course/course.yml; known: {', '.join(tracks)}",
        )
    words = (
        module_text(root, folder, config, course, reader.language, diagnostics)
        if reader.translated
        else None
    )
    texts = {o.id: o.text for o in words.outcomes} if words else {}
    outcomes = tuple(
        Outcome(
            **{**o.model_dump(), "text": texts.get(o.id, o.text)},
            source=spans.get(("outcomes", index), here),
        )
        for index, o in enumerate(config.outcomes)
    )
    passing = course.passing_score if config.passing_score is None else config.passing_score
    return Module(
        id=name.group(2),
        number=int(name.group(1)),
        dir=folder,
        title=words.title if words else config.title,
        summary=words.summary if words else config.summary,
        track=config.track,
        outcomes=outcomes,
        credits=config.credits,
        estimated_minutes=config.estimated_minutes,
        passing_score=passing,
        lessons=tuple(lessons),
        source=here,
    )


def _lesson_files(reader: _Reader, folder: str) -> list[str]:
    """The source lesson files of a module; translation files of unknown sources are reported."""
    names = sorted(entry.name for entry in (reader.root / folder).iterdir() if entry.is_file())
    sources = [name for name in names if name.endswith(".md") and not TRANSLATION.match(name)]
    for name in names:
        found = TRANSLATED_NAME.match(name)
        if not found or found.group("ext") != "md" or not TRANSLATION.match(name):
            continue
        where = SourceSpan(path=f"{folder}/{name}")
        if f"{found.group('stem')}.md" not in sources:
            reader.diagnostics.warning(
                where,
                "translation.orphan",
                f"translation of a lesson that does not exist: {found.group('stem')}.md",
            )
        elif found.group("lang") not in reader.config.languages:
            reader.diagnostics.warning(
                where,
                "translation.undeclared",
                f"language '{found.group('lang')}' is not in course.yml 'languages'",
            )
    return [f"{folder}/{name}" for name in sources]


def _read_lessons(reader: _Reader, folder: str, outcomes: frozenset[str] | None) -> list[Lesson]:
    files = _lesson_files(reader, folder)
    if not files:
        reader.diagnostics.error(
            SourceSpan(path=folder),
            "module.empty",
            "module has no lessons: add a file such as 01-introduction.md",
        )
    lessons = [_read_lesson(reader, path, outcomes) for path in files]
    return [lesson for lesson in lessons if lesson is not None]


def _read_lesson(reader: _Reader, path: str, outcomes: frozenset[str] | None) -> Lesson | None:
    root, diagnostics = reader.root, reader.diagnostics
    text = read_text(root, path, diagnostics)
    source = _parse(reader, path, text, outcomes) if text is not None else None
    if not reader.translated or source is None:
        return source
    translated_path = translation_path(path, reader.language)
    if not (root / translated_path).is_file():
        report_missing(diagnostics, reader.config, source.source, translated_path, reader.language)
        return source
    translated_text = read_text(root, translated_path, diagnostics)
    if translated_text is None:
        return source
    lesson = _parse(reader, translated_path, translated_text, outcomes, translates=path)
    if lesson is not None:
        check_translation(source, lesson, diagnostics)
        check_stamp(path, text or "", translated_path, translated_text, diagnostics)
    return lesson


def _parse(
    reader: _Reader,
    path: str,
    text: str,
    outcomes: frozenset[str] | None,
    translates: str | None = None,
) -> Lesson | None:
    """``parse_lesson``, or its cached result when the text and the files it uses are unchanged."""
    images, cache = reader.config.images, reader.cache
    if cache is None:
        return parse_lesson(
            reader.root, path, text, reader.diagnostics, outcomes, translates, images
        )
    key = lesson_key(path, translates, text, outcomes, images)
    entry = cache.lesson(key)
    if entry is None:
        entry = parse_entry(reader.root, cache, (path, translates, text, outcomes), images)
        if entry.keepable:
            cache.store_lesson(key, entry)
    reader.diagnostics.extend(entry.diagnostics)
    return entry.lesson  # type: ignore[no-any-return]
