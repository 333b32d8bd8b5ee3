"""The build pipeline as named stages: read -> check -> export, for each language.

``load_course`` runs stages 1 and 2 for one language and returns the model with every
diagnostic; ``load_languages`` does so for every declared language; ``export`` runs stage 3
for the chosen formats, only when there is no error. The source language is built into
``build/<format>/``, each translation into ``build/<lang>/<format>/``.

``start_build`` and ``finish_build`` wrap them for ``bwise-mooc build`` with the build cache
(``build/.cache/``, see ``cache.py``): unchanged lessons are not parsed again, optimised images
are kept, and a build whose sources, options and tool are unchanged, with its outputs still in
place, does nothing. Images and formats are made by ``jobs`` worker processes; the outputs are
the same whatever the number of workers.
"""

import os
import shutil
import tempfile
from collections import deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bwise_mooc.cache import BuildCache, make_key
from bwise_mooc.diagnostics import Diagnostic, Diagnostics, Severity
from bwise_mooc.exporters import EXPORTERS, Artifact, BuildOptions
from bwise_mooc.exporters.base import course_media, image_store
from bwise_mooc.exporters.olx_numeric import check_olx_numbers
from bwise_mooc.images import is_image
from bwise_mooc.ir import Course
from bwise_mooc.parse import read_course
from bwise_mooc.parse.prefetch import prefetch_lessons
from bwise_mooc.progress import Progress
from bwise_mooc.publish import STAGING_PREFIX, publish, recover
from bwise_mooc.transforms.checks import check_course
from bwise_mooc.transforms.lint import lint_course
from bwise_mooc.workers import worker_pool

SOURCES = ("course", "modules")
TASK_ORDER = {"olx": -3, "scorm2004": -2, "scorm12": -1}  # slowest first; html last
CACHE_FOLDER = ".cache"


def load_course(
    root: Path,
    language: str | None = None,
    cache: BuildCache | None = None,
    progress: Progress | None = None,
) -> tuple[Course | None, Diagnostics]:
    """Read and check the course in ``root`` in one language (default: the source language)."""
    diagnostics = Diagnostics()
    course = read_course(root, diagnostics, language, cache, progress)
    if course is not None:
        check_course(course, diagnostics)
        check_olx_numbers(course, diagnostics)  # what the Open edX version cannot accept
        lint_course(course, course.readability, diagnostics)
    return course, diagnostics


def load_languages(
    root: Path,
    languages: Sequence[str] = (),
    cache: BuildCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> tuple[list[Course], Diagnostics]:
    """The course in each of ``languages`` (default: every declared one), with all diagnostics.

    With a cache and several ``jobs``, lessons not in the cache are first parsed in parallel.
    """
    if cache is not None:
        prefetch_lessons(root, None, cache, jobs, progress)
    source, diagnostics = load_course(root, cache=cache, progress=progress)
    if source is None:
        return [], diagnostics
    courses = []
    for language in languages or source.languages:
        if language == source.language:
            courses.append(source)
            continue
        if cache is not None:
            prefetch_lessons(root, language, cache, jobs, progress)
        course, found = load_course(root, language, cache, progress)
        diagnostics.extend(found)
        if course is not None:
            courses.append(course)
    return courses, diagnostics


def output_dir(course: Course, format_name: str) -> Path:
    """Where a format of this language goes, relative to the build folder."""
    if course.language == course.languages[0]:
        return Path(format_name)
    return Path(course.language) / format_name


# Set in the parent just before worker processes are forked, read by them: the courses are
# inherited, not pickled.
_TASKS: list[tuple[Course, str, Path, Path, BuildOptions]] = []


def _run_task(index: int) -> Artifact:
    course, name, root, target, options = _TASKS[index]
    return EXPORTERS[name](options).write(course, root, target)


def export(
    courses: Sequence[Course],
    root: Path,
    out: Path,
    formats: Sequence[str],
    options: BuildOptions | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Artifact]:
    """Write every format of every course, all or nothing.

    Everything is built in a hidden staging folder inside ``out``; only when every output is
    complete and validated are they published, together (``publish.py``). A build that fails
    leaves the previous outputs byte-identical; one killed while publishing is finished by the
    next command that opens ``out``.
    """
    global _TASKS
    chosen = options or BuildOptions()
    report = progress or Progress(False)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    _prepare_images(courses, root, chosen, jobs, report)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        _TASKS = [
            (course, name, root, staging / output_dir(course, name), chosen)
            for course in courses
            for name in formats
        ]
        artifacts = _run_tasks(jobs, report)
        report.finish("formats", f"{len(_TASKS)} written")
        places = [output_dir(course, name) for course, name, *_ in _TASKS]
        publish(staging, out, places)
    finally:
        _TASKS = []
        shutil.rmtree(staging, ignore_errors=True)
    return [
        _rebased(artifact, staging / relative, out / relative)
        for relative, artifact in zip(places, artifacts, strict=True)
        if artifact is not None
    ]


def _run_tasks(jobs: int, report: Progress) -> list[Artifact | None]:
    """Run every task; with several ``jobs``, the build process works beside ``jobs - 1``
    forked workers (one process fewer holding a copy of the course), slowest tasks first."""
    artifacts: list[Artifact | None] = [None] * len(_TASKS)
    pending = deque(sorted(range(len(_TASKS)), key=lambda i: TASK_ORDER.get(_TASKS[i][1], 0)))
    helpers = min(jobs, len(_TASKS)) - 1
    if helpers < 1:
        for done, index in enumerate(pending, 1):
            artifacts[index] = _run_task(index)
            report.step("formats", done, len(_TASKS), _task_name(index))
        return artifacts
    done = 0
    with worker_pool(helpers) as pool:
        running: dict[Future[Artifact], int] = {}
        while pending or running:
            while pending and len(running) < helpers:
                index = pending.popleft()
                running[pool.submit(_run_task, index)] = index
            if pending:  # the build process takes the next task itself
                index = pending.popleft()
                artifacts[index] = _run_task(index)
                done += 1
                report.step("formats", done, len(_TASKS), _task_name(index))
            else:
                wait(running, return_when=FIRST_COMPLETED)
            for future in [future for future in running if future.done()]:
                index = running.pop(future)
                artifacts[index] = future.result()
                done += 1
                report.step("formats", done, len(_TASKS), _task_name(index))
    return artifacts


def _task_name(index: int) -> str:
    course, name, *_ = _TASKS[index]
    return f"{name} ({course.language})"


def _prepare_images(
    courses: Sequence[Course], root: Path, options: BuildOptions, jobs: int, progress: Progress
) -> None:
    """Optimise every image the courses use, in parallel, before the formats need them."""
    if not courses:
        return
    images = {  # every language has the same image settings
        (root / asset.path, asset.output)
        for course in courses
        for asset in course_media(course).values()
        if is_image(asset.path)
    }
    distinct = len({name for _, name in images})  # the same picture twice is made once
    progress.step("images", 0, distinct)
    made = image_store(courses[0].images, options.cache).prepare(sorted(images), jobs)
    progress.finish("images", f"{made} optimised, {distinct - made} from the cache")


def _rebased(artifact: Artifact, old: Path, new: Path) -> Artifact:
    files = tuple(new / path.relative_to(old) for path in artifact.files)
    return Artifact(artifact.format, new, files)


# -- builds with the cache ---------------------------------------------------------------------


@dataclass
class Build:
    """A build under way: what was read and found, or the record of an identical last build."""

    root: Path
    out: Path
    formats: Sequence[str]
    options: BuildOptions
    courses: list[Course]
    diagnostics: Diagnostics
    cache: BuildCache | None = None
    key: str = ""
    up_to_date: list[Artifact] | None = None  # set when nothing needs doing


def start_build(
    root: Path,
    out: Path,
    formats: Sequence[str],
    languages: Sequence[str] = (),
    options: BuildOptions | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Build:
    """Read and check the course (stages 1-2), or find that the last build is still current."""
    chosen = options or BuildOptions()
    if not use_cache:
        courses, diagnostics = load_languages(root, languages)
        return Build(root, out, formats, replace(chosen, cache=None), courses, diagnostics)
    if out.is_dir():
        recover(out)  # a build killed while publishing is finished before it is compared
    cache = BuildCache(out / CACHE_FOLDER, root)
    chosen = replace(chosen, cache=cache.folder)
    key = make_key(
        "build",
        cache.tree_digest(SOURCES),
        list(formats),
        list(languages),
        chosen.sco_per,
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    )
    last = cache.last_build()
    if last and last.get("key") == key and _outputs_intact(out, last.get("outputs", {})):
        diagnostics = Diagnostics([_diagnostic(item) for item in last.get("diagnostics", [])])
        artifacts = [
            Artifact(a["format"], out / a["root"], tuple(out / f for f in a["files"]))
            for a in last.get("artifacts", [])
        ]
        cache.save()
        return Build(root, out, formats, chosen, [], diagnostics, cache, key, artifacts)
    courses, diagnostics = load_languages(root, languages, cache, jobs, progress)
    if not diagnostics.errors or out.exists():  # a failed first build leaves no build folder
        cache.save()
    return Build(root, out, formats, chosen, courses, diagnostics, cache, key)


def finish_build(build: Build, jobs: int = 1, progress: Progress | None = None) -> list[Artifact]:
    """Stage 3 for a build without errors; the cache records it when it is complete."""
    if build.up_to_date is not None:
        return build.up_to_date
    artifacts = export(
        build.courses, build.root, build.out, build.formats, build.options, jobs, progress
    )
    if build.cache is not None:
        build.cache.record_build(
            {
                "key": build.key,
                "outputs": _outputs(build.out, artifacts),
                "diagnostics": [_as_list(item) for item in build.diagnostics],
                "artifacts": [
                    {
                        "format": a.format,
                        "root": a.root.relative_to(build.out).as_posix(),
                        "files": [f.relative_to(build.out).as_posix() for f in a.files],
                    }
                    for a in artifacts
                ],
            }
        )
    return artifacts


def _outputs(out: Path, artifacts: Sequence[Artifact]) -> dict[str, list[int]]:
    """Every file the build wrote, with its size and modification time."""
    found = {}
    for artifact in artifacts:
        for path in sorted(artifact.root.rglob("*")):
            if path.is_file():
                stat = path.stat()
                found[path.relative_to(out).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return found


def _outputs_intact(out: Path, outputs: dict[str, list[int]]) -> bool:
    for name, (size, mtime) in outputs.items():
        try:
            stat = (out / name).stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return bool(outputs)


def _as_list(item: Diagnostic) -> list[Any]:
    return [item.path, item.line, item.column, item.severity.value, item.message, item.code]


def _diagnostic(item: list[Any]) -> Diagnostic:
    path, line, column, severity, message, code = item
    return Diagnostic(path, line, column, Severity(severity), message, code)
