"""The build pipeline as named stages: read -> check -> export, for each language.

``load_course`` runs stages 1 and 2 for one language and returns the model with every
diagnostic; ``load_languages`` does so for every declared language; ``export`` runs stage 3
for the chosen formats, only when there is no error. The source language is built into
``build/<format>/``, each translation into ``build/<lang>/<format>/``.

``build.Build`` runs them for every command, with the build cache (``build/.cache/``, see
``cache.py``) when files are written. Lessons, images and formats are made by ``jobs`` worker
processes; the outputs are the same whatever the number of workers.
"""

import shutil
import tempfile
from collections import deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path

from bwise_mooc.cache import BuildCache
from bwise_mooc.diagnostics import Diagnostics
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
from bwise_mooc.workers import shared, worker_pool

SOURCES = ("course", "modules")


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
    source_only: bool = False,
) -> tuple[list[Course], Diagnostics]:
    """The course in each of ``languages`` (default: every declared one; with ``source_only``,
    the source language alone), with all diagnostics.

    With a cache and several ``jobs``, lessons not in the cache are first parsed in parallel.
    """
    if cache is not None:
        prefetch_lessons(root, None, cache, jobs, progress)
    source, diagnostics = load_course(root, cache=cache, progress=progress)
    if source is None:
        return [], diagnostics
    if source_only:
        return [source], diagnostics
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


@dataclass(frozen=True)
class Task:
    """One format of one course, written into ``target``."""

    course: Course
    format: str
    root: Path
    target: Path
    options: BuildOptions

    def run(self) -> Artifact:
        return EXPORTERS[self.format](self.options).write(self.course, self.root, self.target)

    def __str__(self) -> str:
        return f"{self.format} ({self.course.language})"


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
    chosen = options or BuildOptions()
    report = progress or Progress(False)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    _prepare_images(courses, root, chosen, jobs, report)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        tasks = [
            Task(course, name, root, staging / output_dir(course, name), chosen)
            for course in courses
            for name in formats
        ]
        artifacts = _run_tasks(tasks, jobs, report)
        report.finish("formats", f"{len(tasks)} written")
        places = [output_dir(task.course, task.format) for task in tasks]
        publish(staging, out, places)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [
        _rebased(artifact, staging / relative, out / relative)
        for relative, artifact in zip(places, artifacts, strict=True)
    ]


def _run_tasks(tasks: list[Task], jobs: int, report: Progress) -> list[Artifact]:
    """Run every task, costliest format first; with several ``jobs``, the build process works
    beside ``jobs - 1`` forked workers (one process fewer holding a copy of the course)."""
    artifacts: dict[int, Artifact] = {}
    pending = deque(sorted(range(len(tasks)), key=lambda i: -EXPORTERS[tasks[i].format].cost))
    helpers = min(jobs, len(tasks)) - 1

    def done(index: int, artifact: Artifact) -> None:
        artifacts[index] = artifact
        report.step("formats", len(artifacts), len(tasks), str(tasks[index]))

    if helpers < 1:
        for index in pending:
            done(index, tasks[index].run())
        return [artifacts[index] for index in range(len(tasks))]
    with worker_pool(helpers, shared=tasks) as pool:
        running: dict[Future[Artifact], int] = {}
        while pending or running:
            while pending and len(running) < helpers:
                index = pending.popleft()
                running[pool.submit(_run_shared_task, index)] = index
            if pending:  # the build process takes the next task itself
                index = pending.popleft()
                done(index, tasks[index].run())
            else:
                wait(running, return_when=FIRST_COMPLETED)
            for future in [future for future in running if future.done()]:
                done(running.pop(future), future.result())
    return [artifacts[index] for index in range(len(tasks))]


def _run_shared_task(index: int) -> Artifact:
    """In a worker: task ``index`` of the tasks the pool was started with."""
    tasks: list[Task] = shared()
    return tasks[index].run()


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
