"""Stage 1: build the whole ``ir.Course`` of one language from ``course/`` and ``modules/``.

``read_course`` reads course.yml and every module.yml first, in the folders and files that
``discover_sources`` found (``parse/files.py``, which also reads every text). Then it hands
every lesson file that language needs (the source lessons and, for a translation, the
translated files) to ``parse_lessons`` in one call, as plain ``LessonJob`` values, and puts the
course together from the ``ParsedLesson`` it gets for each: translation checks, stamps and
missing translations. ``parse_serially`` is the default; the build passes a parser of its own
(cached and parallel, ``lesson_cache.py``), which parse/ never imports.

Every problem is collected in the given ``Diagnostics``; ``None`` is returned when the course
cannot be built.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from bwise_mooc.config import (
    LANGUAGE_TAG,
    CourseConfig,
    CourseTranslation,
    ImageSettings,
    ModuleConfig,
    TrackConfig,
)
from bwise_mooc.diagnostics import Diagnostic, Diagnostics
from bwise_mooc.ir import (
    SHARED_TRACK,
    Asset,
    Author,
    Course,
    EpubSettings,
    EscoSkill,
    Help,
    Lesson,
    Module,
    Outcome,
    SourceSpan,
)
from bwise_mooc.parse.av_media import attach_captions
from bwise_mooc.parse.branding import read_branding
from bwise_mooc.parse.credential import Places, Reading, check_translated_extra_work, read_track
from bwise_mooc.parse.esco import esco_skill
from bwise_mooc.parse.files import SourceModule, Sources, discover_sources, read_text
from bwise_mooc.parse.glossary import read_glossary
from bwise_mooc.parse.grading import read_grading
from bwise_mooc.parse.lesson import parse_lesson
from bwise_mooc.parse.media import check_image
from bwise_mooc.parse.names import check_names
from bwise_mooc.parse.stamp import check_stamp
from bwise_mooc.parse.translation import (
    TRANSLATED_NAME,
    course_text,
    module_text,
    report_missing,
    report_untranslated,
    translation_path,
    untranslated_at,
)
from bwise_mooc.parse.translation_check import check_translation
from bwise_mooc.parse.variants import check_variant_languages, choose_variants
from bwise_mooc.parse.yaml_source import Repair, load_yaml_model, yaml_data, yaml_value_spans
from bwise_mooc.source_tree import outside_course

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
MODULE_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\Z")
STAND_IN_OUTCOME = "unknown"  # the outcome of a module.yml whose outcomes cannot be read


@dataclass(frozen=True)
class LessonJob:
    """One lesson file to parse, with everything its parse depends on but the files it uses."""

    root: Path
    path: str
    translates: str | None  # for a translation: the source lesson's path
    text: str
    outcomes: frozenset[str] | None  # the module's outcome ids (None: module.yml is broken)
    easy_to_read: bool = False  # the module's track is Easy-to-Read (course.yml)
    # How the course's pictures are made (course.yml): the build's parser makes each picture
    # as its check decodes it (``parse/media.py``); the parse itself does not depend on it.
    pictures: ImageSettings | None = None

    def parse(self, diagnostics: Diagnostics) -> Lesson | None:
        return parse_lesson(
            self.root,
            self.path,
            self.text,
            diagnostics,
            self.outcomes,
            self.translates,
            self.easy_to_read,
        )


class ParsedLesson(NamedTuple):
    """What parsing a ``LessonJob`` gave: the lesson (None if it cannot be built) and the
    problems found in it."""

    lesson: Lesson | None
    diagnostics: tuple[Diagnostic, ...]


# jobs, and the language being read (for progress lines) -> one ParsedLesson per job, in order
ParseLessons = Callable[[Sequence[LessonJob], str], list[ParsedLesson]]
_Done = tuple[LessonJob, ParsedLesson]


def parse_serially(jobs: Sequence[LessonJob], language: str) -> list[ParsedLesson]:
    """Parse each lesson in turn, here and now: ``read_course``'s default lesson parser."""
    parsed = []
    for job in jobs:
        found = Diagnostics()
        lesson = job.parse(found)
        parsed.append(ParsedLesson(lesson, tuple(found.items)))
    return parsed


@dataclass(frozen=True)
class _Reader:
    """What every step of reading one language of the course needs."""

    sources: Sources
    diagnostics: Diagnostics
    config: CourseConfig
    language: str
    # the track ids course.yml names, when it has errors (its tracks may be stand-ins); None:
    # it could not be read as keys and values at all
    written_tracks: frozenset[str] | None = frozenset()
    config_ok: bool = True

    @property
    def root(self) -> Path:
        return self.sources.root

    @property
    def translated(self) -> bool:
        return self.language != self.config.languages[0]


@dataclass
class _LessonPlan:
    """One source lesson, and its translation into the language read: indexes of their jobs."""

    path: str  # the source lesson's file
    source: int | None  # None: the lesson's text could not be read
    translation: int | None = None
    reading: Diagnostics = field(default_factory=Diagnostics)  # reading the translation found
    untranslated: SourceSpan | None = None  # the translation is a starter: 'untranslated: true'


@dataclass(frozen=True)
class _ModulePlan:
    """One module as read before its lessons are parsed."""

    module: SourceModule
    name: re.Match[str]
    config: ModuleConfig | None
    text: str | None
    lessons: list[_LessonPlan]


def read_course(
    root: Path,
    diagnostics: Diagnostics,
    language: str | None = None,
    parse_lessons: ParseLessons = parse_serially,
    sources: Sources | None = None,
) -> Course | None:
    """Read the course whose ``course/`` and ``modules/`` folders are in ``root``.

    ``language`` picks one of the declared languages (default: the first, the source language);
    translated text comes from the ``*.<lang>.yml`` and ``*.<lang>.md`` files. Every lesson
    file is parsed by one call of ``parse_lessons``. ``sources``: what ``discover_sources(root)``
    found, when the caller has walked the folders already.
    """
    sources = discover_sources(root) if sources is None else sources
    config_path = "course/course.yml"
    errors = len(diagnostics.errors)
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
        check_names(sources, diagnostics)
        check_variant_languages(sources, config.languages, diagnostics)
    config_ok = len(diagnostics.errors) == errors
    reader = _Reader(sources, diagnostics, config, chosen, _written_tracks(text), config_ok)
    words = course_text(sources, config, chosen, diagnostics) if reader.translated else None
    jobs: list[LessonJob] = []
    plans = _plan_modules(reader, jobs)
    done = list(zip(jobs, parse_lessons(jobs, chosen), strict=True))
    modules = [module for plan in plans if (module := _module(reader, plan, done)) is not None]
    modules = attach_captions(root, sources, modules, chosen, tuple(config.languages), diagnostics)
    image_at = (
        yaml_value_spans(text, config_path).get(("image",)) if text and config.image else None
    )
    image = _course_image(root, config, diagnostics, image_at)
    if image is not None and words is not None and words.image_alt:
        image = image.model_copy(update={"alt": words.image_alt})
    spans = yaml_value_spans(text, config_path) if text and config.branding else {}
    branding = read_branding(root, config, chosen, words, spans, diagnostics)
    titles = {t.id: t for t in words.tracks} if words else {}
    if words is not None:
        path = translation_path(config_path, chosen)
        check_translated_extra_work(config, words, path, diagnostics)
    shown = [a for m in modules for lesson in m.lessons for a in lesson.assets]
    shown += [image] if image is not None else []
    shown += branding.images if branding is not None else ()
    variants = choose_variants(root, sources, shown, chosen, diagnostics)
    reading = Reading(config, Places.of(text), words, chosen, diagnostics)
    tracks = tuple(
        read_track(
            reading,
            index,
            modules,
            title=titles[t.id].title if t.id in titles else t.title,
            description=titles[t.id].description if t.id in titles else t.description,
        )
        for index, t in enumerate(config.tracks)
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
        branding=branding,
        help=_help(config, words, text, modules, diagnostics),
        images=config.images.model_dump(),
        variants=variants,
        modules=tuple(modules),
        grading=read_grading(config, text, modules, diagnostics),
        epub=EpubSettings(per_module=config.epub.per_module),
        glossary=read_glossary(sources, config, chosen, diagnostics),
        source=SourceSpan(path=config_path),
    )


def _help(
    config: CourseConfig,
    words: CourseTranslation | None,
    text: str | None,
    modules: list[Module],
    diagnostics: Diagnostics,
) -> Help | None:
    """``help:`` in this language; a ``lesson`` that is no lesson of the course is an error."""
    if config.help is None:
        return None
    lesson = config.help.lesson
    if lesson is not None and all(one.path != lesson for m in modules for one in m.lessons):
        spans = yaml_value_spans(text, "course/course.yml") if text else {}
        diagnostics.error(
            spans.get(("help", "lesson"), SourceSpan(path="course/course.yml")),
            "help.lesson",
            f"help lesson '{lesson}' is not a lesson of the course: write its path from the "
            "course folder, e.g. modules/00-start/03-where-to-get-help.md",
        )
        lesson = None
    contact = words.help.contact if words and words.help else config.help.contact
    return Help(contact=contact, lesson=lesson)


def _written_tracks(text: str | None) -> frozenset[str] | None:
    """The ids of the tracks written in course.yml, read leniently; None if it is unreadable."""
    data = yaml_data(text) if text is not None else None
    tracks = data.get("tracks") if isinstance(data, dict) else None
    if not isinstance(tracks, list):
        return None
    return frozenset(str(t.get("id")) for t in tracks if isinstance(t, dict))


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
    """Valid values for the keys of a broken course.yml, so the rest can still be checked;
    tracks keep their ids (and languages) if they can, so that a mistake inside one track does
    not make every module's track unknown."""
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
        "tracks": _tracks_stand_in(data.get("tracks")),
    }


def _tracks_stand_in(tracks: object) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for item in tracks if isinstance(tracks, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        if not SLUG.match(item["id"]) or any(item["id"] == t["id"] for t in kept):
            continue
        track: dict[str, Any] = {"id": item["id"], "title": "-"}
        languages = item.get("languages")
        if isinstance(languages, list) and all(
            isinstance(tag, str) and re.match(LANGUAGE_TAG, tag) for tag in languages
        ):
            track["languages"] = languages
        kept.append(track)
    return kept or [{"id": "unknown", "title": "Unknown"}]


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
            "outcomes": outcomes or [{"id": STAND_IN_OUTCOME, "text": "-"}],
            "estimated_minutes": 1,
        }

    return repair


def _without_stand_in_outcomes(config: ModuleConfig) -> ModuleConfig:
    """A repaired module.yml whose outcomes could not be read has none (not a stand-in one),
    so that no other file is checked against them and no warning names them."""
    if [outcome.id for outcome in config.outcomes] == [STAND_IN_OUTCOME]:
        return config.model_copy(update={"outcomes": []})
    return config


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
    return Asset(path=path, alt=config.image_alt or "", source=where)


# -- before the lessons are parsed: module.yml files and the lesson jobs ---------------------


def _plan_modules(reader: _Reader, jobs: list[LessonJob]) -> list[_ModulePlan]:
    """Read every module folder's module.yml and add the jobs of its lessons to ``jobs``."""
    if reader.sources.modules is None:
        reader.diagnostics.error(
            SourceSpan(path="modules"), "course.no-modules", "there is no modules/ folder"
        )
        return []
    plans = []
    for module in reader.sources.modules:
        name = MODULE_NAME.match(module.name)
        if module.outside:
            reader.diagnostics.error(
                SourceSpan(path=module.path),
                "path.outside",
                "module folder is a link to a place outside the course: copy it into modules/",
            )
            continue
        if not name:
            reader.diagnostics.error(
                SourceSpan(path=module.path),
                "module.bad-name",
                "module folder name must look like '01-my-module'",
            )
            continue
        plan = _plan_module(reader, module, name, jobs)
        if plan is not None:
            plans.append(plan)
    return plans


def _plan_module(
    reader: _Reader, module: SourceModule, name: re.Match[str], jobs: list[LessonJob]
) -> _ModulePlan | None:
    root, diagnostics, course = reader.root, reader.diagnostics, reader.config
    config_path = f"{module.path}/module.yml"
    has_config = "module.yml" in module.files  # a file, or a link to one
    text = read_text(root, config_path, diagnostics) if has_config else None
    if not has_config:
        where = SourceSpan(path=module.path)
        diagnostics.error(where, "module.no-config", f"module has no module.yml: add {config_path}")
    config = None
    errors = len(diagnostics.errors)
    if text is not None:
        repair = _module_stand_in(course)
        config = load_yaml_model(ModuleConfig, text, config_path, diagnostics, repair=repair)
    if config is not None and len(diagnostics.errors) > errors:
        config = _without_stand_in_outcomes(config)
    if config is not None and reader.translated and not _offered(course, config.track, reader):
        return None  # this module's track is not offered in this language
    # a broken module.yml's outcomes are not known: its lessons' outcomes are not checked
    shared = config is not None and config.track == SHARED_TRACK  # may have no outcomes
    known = (
        frozenset(o.id for o in config.outcomes) if config and (config.outcomes or shared) else None
    )
    _check_translation_names(reader, module)
    if not module.lessons:
        diagnostics.error(
            SourceSpan(path=module.path),
            "module.empty",
            "module has no lessons: add a file such as 01-introduction.md",
        )
    easy = config is not None and any(
        track.id == config.track and track.easy_to_read for track in course.tracks
    )
    lessons = [_plan_lesson(reader, path, known, jobs, easy) for path in module.lessons]
    return _ModulePlan(module, name, config, text, lessons)


def _check_translation_names(reader: _Reader, module: SourceModule) -> None:
    """Report translation files of lessons that do not exist or of undeclared languages."""
    sources = [path.rpartition("/")[2] for path in module.lessons]
    for name in module.translations:
        found = TRANSLATED_NAME.match(name)
        if found is None:
            continue
        where = SourceSpan(path=f"{module.path}/{name}")
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


def _plan_lesson(
    reader: _Reader,
    path: str,
    outcomes: frozenset[str] | None,
    jobs: list[LessonJob],
    easy_to_read: bool = False,
) -> _LessonPlan:
    """Read a source lesson and, in a translated course, its translation; queue their jobs.
    What reading the translation finds is kept apart: it counts only if the source parses."""
    root = reader.root
    text = read_text(root, path, reader.diagnostics)
    if text is None:
        return _LessonPlan(path, None)
    pictures = reader.config.images
    jobs.append(LessonJob(root, path, None, text, outcomes, easy_to_read, pictures))
    plan = _LessonPlan(path, len(jobs) - 1)
    translated_path = translation_path(path, reader.language)
    if reader.translated and reader.sources.is_file(translated_path):
        translated_text = read_text(root, translated_path, plan.reading)
        if translated_text is not None:
            plan.untranslated = untranslated_at(translated_text, translated_path)
        if translated_text is not None and plan.untranslated is None:
            jobs.append(
                LessonJob(
                    root, translated_path, path, translated_text, outcomes, easy_to_read, pictures
                )
            )
            plan.translation = len(jobs) - 1
    return plan


# -- after the lessons are parsed: modules and lessons put together ---------------------------


def _module(reader: _Reader, plan: _ModulePlan, done: list[_Done]) -> Module | None:
    diagnostics, course = reader.diagnostics, reader.config
    found = []
    for planned in plan.lessons:
        errors = len(diagnostics.errors)
        lesson = _lesson(reader, planned, done)
        found.append((planned.path, lesson, len(diagnostics.errors) > errors))
    lessons = [lesson for _, lesson, _ in found if lesson is not None]
    # a lesson with errors may hold what the module's checks look for (its assessment, the
    # outcomes it serves): like a lesson that cannot be read, it makes them wait
    unread = tuple(path for path, lesson, broken in found if lesson is None or broken)
    config, text, folder = plan.config, plan.text, plan.module.path
    if config is None or text is None:
        return None
    config_path = f"{folder}/module.yml"
    spans = yaml_value_spans(text, config_path)
    here = SourceSpan(path=config_path)
    tracks = sorted(track.id for track in course.tracks)
    # with errors in course.yml, a track it names but could not read is not reported again
    written = reader.written_tracks
    if (
        config.track not in tracks
        and config.track != SHARED_TRACK
        and (reader.config_ok or (written is not None and config.track not in written))
    ):
        diagnostics.error(
            spans.get(("track",), here),
            "module.unknown-track",
            f"track '{config.track}' is not declared in course/course.yml; known: {', '.join(tracks)}",
        )
    words = (
        module_text(reader.sources, folder, config, course, reader.language, diagnostics)
        if reader.translated
        else None
    )
    texts = {o.id: o.text for o in words.outcomes} if words else {}
    outcomes = tuple(
        Outcome(
            id=o.id,
            text=texts.get(o.id, o.text),
            digcomp=o.digcomp,
            digcomp_level=o.digcomp_level,
            eqf=o.eqf,
            esco=_esco(reader, o.esco, spans, index, here),
            source=spans.get(("outcomes", index), here),
        )
        for index, o in enumerate(config.outcomes)
    )
    passing = course.passing_score if config.passing_score is None else config.passing_score
    return Module(
        id=plan.name.group(2),
        number=int(plan.name.group(1)),
        dir=folder,
        title=words.title if words else config.title,
        summary=words.summary if words else config.summary,
        track=config.track,
        outcomes=outcomes,
        credits=config.credits,
        credits_source=spans.get(("credits",), here) if config.credits is not None else None,
        estimated_minutes=config.estimated_minutes,
        passing_score=passing,
        lessons=tuple(lessons),
        unread_lessons=unread,
        source=here,
    )


def _esco(
    reader: _Reader,
    uris: list[str],
    spans: dict[tuple[str | int, ...], SourceSpan],
    index: int,
    here: SourceSpan,
) -> tuple[EscoSkill, ...]:
    """The ESCO skills an outcome names, from the vendored list; an unknown URI is an error."""
    skills = []
    for number, uri in enumerate(uris):
        skill = esco_skill(uri, reader.language)
        if skill is None:
            reader.diagnostics.error(
                spans.get(("outcomes", index, "esco", number), here),
                "outcome.esco",
                f"ESCO skill '{uri}' is not in bwise-mooc's ESCO list "
                "(bwise_mooc/parse/vocabularies/esco-skills.json): check the URI, or have "
                "the skill added there with its source",
            )
            continue
        skills.append(skill)
    return tuple(skills)


def _lesson(reader: _Reader, plan: _LessonPlan, done: list[_Done]) -> Lesson | None:
    """The lesson in the language read: its translation, checked against the source, or the
    source itself where the translation is missing."""
    if plan.source is None:
        return None
    source_job, source = _parsed(reader, done[plan.source])
    if not reader.translated or source is None:
        return source
    translated_path = translation_path(source_job.path, reader.language)
    if not reader.sources.is_file(translated_path):
        report_missing(
            reader.diagnostics, reader.config, source.source, translated_path, reader.language
        )
        return source
    reader.diagnostics.extend(plan.reading)
    if plan.untranslated is not None:  # a starter holding the source text: the source is used
        report_untranslated(reader.diagnostics, reader.config, plan.untranslated, "lesson")
        return source
    if plan.translation is None:
        return source
    job, lesson = _parsed(reader, done[plan.translation])
    if lesson is not None:
        check_translation(source, lesson, reader.diagnostics)
        check_stamp(source_job.path, source_job.text, job.path, job.text, reader.diagnostics)
    return lesson


def _parsed(reader: _Reader, done: _Done) -> tuple[LessonJob, Lesson | None]:
    """A job and its lesson; the problems its parse found are reported."""
    job, (lesson, found) = done
    reader.diagnostics.extend(found)
    return job, lesson
