"""Stage 1 helper: parse the lessons that are not in the build cache, in parallel, ahead of time.

``read_course`` reads a course one lesson after another. Before it runs, ``prefetch_lessons``
finds every lesson file of the chosen language whose parse is not cached yet, parses them in
``jobs`` worker processes and puts the results in the cache, under the very key ``read_course``
will ask for. It only ever saves work: a lesson it gets wrong (say, in a module whose
``module.yml`` is broken) is a cache miss, parsed again by ``read_course`` as usual, and every
diagnostic still comes from ``read_course``.
"""

from pathlib import Path

from bwise_mooc.cache import EXISTS, BuildCache, LessonEntry, make_key
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import ImageSettings
from bwise_mooc.parse.files import read_text
from bwise_mooc.parse.lesson import parse_lesson
from bwise_mooc.parse.translation import translation_path
from bwise_mooc.parse.yaml_source import yaml_data
from bwise_mooc.progress import Progress
from bwise_mooc.workers import shared, worker_pool

Job = tuple[str, str | None, str, frozenset[str] | None]  # path, translates, text, outcomes


def lesson_key(
    path: str,
    translates: str | None,
    text: str,
    outcomes: frozenset[str] | None,
    images: ImageSettings,
) -> str:
    """The cache key of one lesson's parse."""
    known = sorted(outcomes) if outcomes is not None else None
    return make_key("lesson", path, translates, text, known, images.model_dump())


def parse_entry(
    root: Path,
    cache: BuildCache,
    job: Job,
    images: ImageSettings,
) -> LessonEntry:
    """Parse one lesson into a cache entry: the lesson, its diagnostics, the files it used."""
    path, translates, text, outcomes = job
    found = Diagnostics()
    lesson = parse_lesson(root, path, text, found, outcomes, translates, images)
    depends = {asset.path: cache.digest(asset.path) for asset in lesson.assets} if lesson else {}
    depends.update({link.target: EXISTS for link in lesson.links} if lesson else {})
    return LessonEntry(lesson, tuple(found.items), depends)


def prefetch_lessons(
    root: Path, language: str | None, cache: BuildCache, jobs: int, progress: Progress | None = None
) -> int:
    """Parse the uncached lessons of ``language`` with ``jobs`` workers; how many were parsed."""
    if jobs < 2 or _few_changed(root, cache, 2 * jobs):
        return 0
    settings = _course_settings(root)
    if settings is None:
        return 0
    images, source_language = settings
    todo = [
        job
        for job in _jobs(root, language if language != source_language else None)
        if not cache.has_lesson(lesson_key(*job, images))
    ]
    if len(todo) < 2 * jobs:
        return 0  # not worth starting workers
    stage = f"parsing ({language or source_language})"
    with worker_pool(jobs, shared=(root, cache, images)) as pool:
        parsed = pool.map(_parse_job, todo, chunksize=4)
        for done, (job, entry) in enumerate(zip(todo, parsed, strict=True), 1):
            if progress is not None:
                progress.step(stage, done, len(todo), "lessons")
            if entry.keepable:
                cache.store_lesson(lesson_key(*job, images), entry)
    if progress is not None:
        progress.finish(stage, f"{len(todo)} lessons in {jobs} workers")
    return len(todo)


def _few_changed(root: Path, cache: BuildCache, enough: int) -> bool:
    """Have fewer than ``enough`` lesson files changed since the cache last saw them? Then
    starting workers would cost more than it saves (an edit, or nothing at all)."""
    changed = 0
    for file in root.glob("modules/[0-9][0-9]-*/[0-9][0-9]-*.md"):
        if not cache.unchanged(file.relative_to(root).as_posix()):
            changed += 1
            if changed >= enough:
                return False
    return True


def _parse_job(job: Job) -> LessonEntry:
    """In a worker: parse one lesson with the root, cache and settings the pool started with."""
    root, cache, images = shared()
    return parse_entry(root, cache, job, images)


def _course_settings(root: Path) -> tuple[ImageSettings, str] | None:
    try:
        data = yaml_data(read_text(root, "course/course.yml", Diagnostics()) or "")
        return ImageSettings(**(data.get("images") or {})), str(data["languages"][0])
    except (TypeError, KeyError, IndexError, ValueError, AttributeError):
        return None


def _jobs(root: Path, language: str | None) -> list[Job]:
    """Every lesson file to parse for ``language`` (None: the source language)."""
    jobs: list[Job] = []
    quiet = Diagnostics()
    for folder in sorted((root / "modules").glob("[0-9][0-9]-*")):
        outcomes = _outcomes(root, f"{folder.relative_to(root).as_posix()}/module.yml")
        for file in sorted(folder.glob("[0-9][0-9]-*.md")):
            if file.name.count(".") != 1:
                continue  # a translation
            path = file.relative_to(root).as_posix()
            text = read_text(root, path, quiet)
            if text is not None:
                jobs.append((path, None, text, outcomes))
            translated = translation_path(path, language) if language else None
            if translated and (root / translated).is_file():
                text = read_text(root, translated, quiet)
                if text is not None:
                    jobs.append((translated, path, text, outcomes))
    return jobs


def _outcomes(root: Path, path: str) -> frozenset[str] | None:
    try:
        data = yaml_data(read_text(root, path, Diagnostics()) or "")
        return frozenset(str(item["id"]) for item in data["outcomes"])
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
