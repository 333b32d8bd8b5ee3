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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bwise_mooc.beside import Beside
from bwise_mooc.cache import BuildCache
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters import EXPORTERS, Artifact, BuildOptions
from bwise_mooc.exporters.base import Finish, course_media, is_piecewise
from bwise_mooc.images import is_image
from bwise_mooc.ir import Course
from bwise_mooc.lesson_cache import LessonParser
from bwise_mooc.parse import read_course
from bwise_mooc.parse.course import ParseLessons, parse_serially
from bwise_mooc.parse.files import Sources, discover_sources
from bwise_mooc.progress import Progress
from bwise_mooc.publish import STAGING_PREFIX, publish, recover
from bwise_mooc.transforms.assets import image_settings, name_media
from bwise_mooc.transforms.checks import check_course
from bwise_mooc.transforms.lint import lint_course
from bwise_mooc.workers import give_back_freed_heap, run_all

FORMAT_SECONDS = 0.5  # a format of a small course; larger courses only make parallel pay more


def load_course(
    root: Path,
    language: str | None = None,
    lessons: ParseLessons = parse_serially,
    sources: Sources | None = None,
    cache_folder: Path | None = None,
    digests: Callable[[str], str] | None = None,
) -> tuple[Course | None, Diagnostics]:
    """Read and check the course in ``root`` in one language (default: the source language);
    ``lessons`` parses its lessons, ``sources`` is its source tree if it was discovered already
    (see ``read_course``), ``cache_folder`` the build cache that keeps photograph decisions,
    ``digests`` its SHA-256 of a course file (``BuildCache.digest``)."""
    diagnostics = Diagnostics()
    course = read_course(root, diagnostics, language, lessons, sources)
    if course is not None:
        course = name_media(course, root, cache_folder, digests)
        check_course(course, diagnostics)
        for exporter in EXPORTERS.values():  # what each output format cannot carry
            for check in exporter.checks:
                check(course, diagnostics)
        lint_course(course, course.readability, diagnostics)
    return course, diagnostics


def load_languages(
    root: Path,
    languages: Sequence[str] = (),
    cache: BuildCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    source_only: bool = False,
    sources: Sources | None = None,
) -> tuple[list[Course], Diagnostics]:
    """The course in each of ``languages`` (default: every declared one; with ``source_only``,
    the source language alone), with all diagnostics.

    The source tree is discovered once (unless given as ``sources``) for every language. Lessons
    are found in ``cache`` when they are there; the rest are parsed by up to ``jobs`` processes.
    """
    sources = discover_sources(root) if sources is None else sources
    lessons = LessonParser(cache, jobs, progress)
    folder = cache.folder if cache is not None else None
    digests = cache.digest if cache is not None else None
    source, diagnostics = load_course(root, None, lessons, sources, folder, digests)
    if source is None:
        return [], diagnostics
    if source_only:
        return [source], diagnostics
    courses = []
    for language in languages or source.languages:
        if language == source.language:
            courses.append(source)
            continue
        course, found = load_course(root, language, lessons, sources, folder, digests)
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
    """One format of one course, written into ``target``; or one ``piece`` of it, for a
    format made of pieces (``PiecewiseExporter``: a PDF handout), written beside the others."""

    course: Course
    format: str
    root: Path
    target: Path
    options: BuildOptions
    piece: str | None = None

    def run(self) -> Artifact:
        """Write the format (a piece is written whole, laid out at once)."""
        artifact, finish = self.start()
        if finish is not None:
            finish()
        return artifact

    def start(self) -> tuple[Artifact, Finish | None]:
        """Write the format, or prepare the piece: its artifact, and the work that finishes
        the piece (None when there is nothing left to do)."""
        exporter = EXPORTERS[self.format](self.options)
        if self.piece is None:
            return exporter.write(self.course, self.root, self.target), None
        assert is_piecewise(exporter)
        written, finish = exporter.start_piece(self.course, self.root, self.target, self.piece)
        return Artifact(self.format, self.target, (written,)), finish

    @property
    def cost(self) -> float:
        """Which formats start first: the costliest."""
        return EXPORTERS[self.format].cost

    def __str__(self) -> str:
        piece = f" {self.piece}" if self.piece is not None else ""
        return f"{self.format} ({self.course.language}){piece}"


def tasks_of(
    course: Course, name: str, root: Path, target: Path, options: BuildOptions
) -> list[Task]:
    """The tasks that write format ``name`` of ``course`` into ``target``: one, or one per
    piece of a format made of pieces."""
    exporter = EXPORTERS[name](options)
    if not is_piecewise(exporter):
        return [Task(course, name, root, target, options)]
    return [Task(course, name, root, target, options, piece) for piece in exporter.pieces(course)]


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
        outputs = [(output_dir(course, name), name) for course in courses for name in formats]
        places = [place for place, _ in outputs]
        tasks = [
            task
            for course in courses
            for name in formats
            for task in tasks_of(course, name, root, staging / output_dir(course, name), chosen)
        ]
        made = _run_tasks(tasks, jobs, report)
        for place in places:  # a format made of pieces has its folder even with no piece
            (staging / place).mkdir(parents=True, exist_ok=True)
        report.finish("formats", f"{len(places)} written")
        artifacts = _joined(made, outputs, staging)
        publish(staging, out, places)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [
        _rebased(artifact, staging / relative, out / relative)
        for relative, artifact in zip(places, artifacts, strict=True)
    ]


def _joined(made: list[Artifact], outputs: list[tuple[Path, str]], staging: Path) -> list[Artifact]:
    """One artifact per output (a format of a language, by its place), with its pieces' files
    in order; a format written whole gives its files as they are."""
    files: dict[Path, list[Path]] = {staging / place: [] for place, _ in outputs}
    for artifact in made:
        files[artifact.root].extend(artifact.files)
    return [
        Artifact(name, staging / place, tuple(files[staging / place])) for place, name in outputs
    ]


def _run_tasks(tasks: list[Task], jobs: int, report: Progress) -> list[Artifact]:
    """Run every task. The pieces first, in this process: each is prepared here and finished
    beside it by up to ``jobs - 1`` processes of their own (a handout's layout, see
    ``beside.py``). Then the formats, costliest first, in this process and, once every piece
    is finished, beside forked workers when they pay."""
    order = sorted(range(len(tasks)), key=lambda i: -tasks[i].cost)
    pieces = [i for i in order if tasks[i].piece is not None]
    whole = [i for i in order if tasks[i].piece is None]
    artifacts: dict[int, Artifact] = {}

    def done(index: int, artifact: Artifact) -> None:
        artifacts[index] = artifact
        report.step("formats", len(artifacts), len(tasks), str(tasks[index]))

    with Beside(max(jobs - 1, 0)) as beside:
        for index in pieces:
            artifact, finish = tasks[index].start()
            if finish is not None:
                beside.give(finish)
            done(index, artifact)
            give_back_freed_heap()  # what preparing it freed (kept, it adds up)
        run_all(
            Task.run,
            [tasks[i] for i in whole],
            jobs,
            each=FORMAT_SECONDS,
            done=lambda at, artifact: done(whole[at], artifact),
            helpers_after=beside.done,
        )
    return [artifacts[index] for index in range(len(tasks))]


def _prepare_images(
    courses: Sequence[Course], root: Path, options: BuildOptions, jobs: int, progress: Progress
) -> None:
    """Optimise every image the courses use, in parallel, before the formats need them."""
    if not courses:
        return
    images = {  # every language has the same image settings
        (root / course.media_file(asset.path), place)
        for course in courses
        for place, asset in course_media(course).items()
        if is_image(asset.path)
    }
    distinct = len({name for _, name in images})  # the same picture twice is made once
    progress.step("images", 0, distinct)
    made = options.parts.images(image_settings(courses[0])).prepare(sorted(images), jobs)
    progress.finish("images", f"{made} optimised, {distinct - made} from the cache")


def _rebased(artifact: Artifact, old: Path, new: Path) -> Artifact:
    files = tuple(new / path.relative_to(old) for path in artifact.files)
    return Artifact(artifact.format, new, files)
