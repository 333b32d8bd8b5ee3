"""Stage 1: walk ``course/`` and ``modules/`` and build the whole ``ir.Course``.

This is the only module that reads source files. Every problem is collected in the given
``Diagnostics``; ``None`` is returned when the course cannot be built.
"""

import re
from pathlib import Path
from typing import Any

from bwise_mooc.config import CourseConfig, ModuleConfig
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Asset, Author, Course, Lesson, Module, Outcome, SourceSpan, Track
from bwise_mooc.parse.lesson import parse_lesson
from bwise_mooc.parse.yaml_source import Repair, load_yaml_model, yaml_value_spans

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MODULE_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
TRANSLATION = re.compile(r"^\d{2}-[a-z0-9-]+\.[a-z]{2,3}\.md$")


def read_text(root: Path, path: str, diagnostics: Diagnostics) -> str | None:
    """A source file's text: UTF-8 (a BOM is dropped), line endings normalised to LF."""
    try:
        data = (root / path).read_bytes()
    except OSError as exc:
        diagnostics.error(
            SourceSpan(path=path), "file.unreadable", f"cannot read file: {exc.strerror}"
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.error(
            SourceSpan(path=path, line=line),
            "file.encoding",
            "file is not UTF-8 text; save it as UTF-8",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_course(root: Path, diagnostics: Diagnostics) -> Course | None:
    """Read the course whose ``course/`` and ``modules/`` folders are in ``root``."""
    config_path = "course/course.yml"
    text = read_text(root, config_path, diagnostics)
    config = None
    if text is not None:
        config = load_yaml_model(
            CourseConfig, text, config_path, diagnostics, repair=_course_stand_in
        )
    if config is None:  # unreadable: a stand-in lets every other file still be checked
        config = CourseConfig.model_validate(_course_stand_in({}))
    modules = _read_modules(root, config, diagnostics)
    image = _course_image(root, config, diagnostics)
    return Course(
        id=config.id,
        organisation=config.organisation,
        run=config.run,
        version=config.version,
        title=config.title,
        description=config.description,
        languages=tuple(config.languages),
        language=config.languages[0],
        licence=config.licence,
        authors=tuple(Author(**a.model_dump()) for a in config.authors),
        tracks=tuple(Track(**t.model_dump()) for t in config.tracks),
        keywords=tuple(config.keywords),
        passing_score=config.passing_score,
        image=image,
        modules=tuple(modules),
        source=SourceSpan(path=config_path),
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


def _course_image(root: Path, config: CourseConfig, diagnostics: Diagnostics) -> Asset | None:
    if config.image is None:
        return None
    where = SourceSpan(path="course/course.yml")
    path = f"course/{config.image}"
    if ".." in Path(config.image).parts or Path(config.image).is_absolute():
        diagnostics.error(
            where, "path.outside", f"course image '{config.image}' must be inside course/"
        )
        return None
    if not (root / path).is_file():
        diagnostics.error(
            where, "path.missing", f"course image '{config.image}' not found in course/"
        )
        return None
    if not config.image_alt:
        diagnostics.error(where, "media.no-alt", "course image needs 'image_alt' text")
    return Asset(path=path, alt=config.image_alt or "", source=where)


def _read_modules(root: Path, config: CourseConfig, diagnostics: Diagnostics) -> list[Module]:
    folder = root / "modules"
    if not folder.is_dir():
        diagnostics.error(
            SourceSpan(path="modules"), "course.no-modules", "there is no modules/ folder"
        )
        return []
    modules: list[Module] = []
    for entry in sorted(folder.iterdir()):
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        name = MODULE_NAME.match(entry.name)
        if not name:
            diagnostics.error(
                SourceSpan(path=f"modules/{entry.name}"),
                "module.bad-name",
                "module folder name must look like '01-my-module'",
            )
            continue
        module = _read_module(root, f"modules/{entry.name}", name, config, diagnostics)
        if module is not None:
            modules.append(module)
    return modules


def _read_module(
    root: Path,
    folder: str,
    name: re.Match[str],
    course: CourseConfig,
    diagnostics: Diagnostics,
) -> Module | None:
    config_path = f"{folder}/module.yml"
    text = read_text(root, config_path, diagnostics) if (root / config_path).is_file() else None
    if not (root / config_path).is_file():
        where = SourceSpan(path=folder)
        diagnostics.error(where, "module.no-config", f"module has no module.yml: add {config_path}")
    config = None
    if text is not None:
        repair = _module_stand_in(course)
        config = load_yaml_model(ModuleConfig, text, config_path, diagnostics, repair=repair)
    known = frozenset(o.id for o in config.outcomes) if config else None
    lessons = _read_lessons(root, folder, known, diagnostics)
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
    outcomes = tuple(
        Outcome(**o.model_dump(), source=spans.get(("outcomes", index), here))
        for index, o in enumerate(config.outcomes)
    )
    passing = course.passing_score if config.passing_score is None else config.passing_score
    return Module(
        id=name.group(2),
        number=int(name.group(1)),
        dir=folder,
        title=config.title,
        summary=config.summary,
        track=config.track,
        outcomes=outcomes,
        credits=config.credits,
        estimated_minutes=config.estimated_minutes,
        passing_score=passing,
        lessons=tuple(lessons),
        source=here,
    )


def _read_lessons(
    root: Path, folder: str, outcomes: frozenset[str] | None, diagnostics: Diagnostics
) -> list[Lesson]:
    lessons: list[Lesson] = []
    files = [
        entry
        for entry in sorted((root / folder).iterdir())
        if entry.suffix == ".md" and entry.is_file() and not TRANSLATION.match(entry.name)
    ]
    if not files:
        diagnostics.error(
            SourceSpan(path=folder),
            "module.empty",
            "module has no lessons: add a file such as 01-introduction.md",
        )
    for entry in files:
        path = f"{folder}/{entry.name}"
        text = read_text(root, path, diagnostics)
        lesson = parse_lesson(root, path, text, diagnostics, outcomes) if text is not None else None
        if lesson is not None:
            lessons.append(lesson)
    return lessons
