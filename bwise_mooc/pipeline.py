"""The build pipeline as named stages: read -> check -> export, for each language.

``load_course`` runs stages 1 and 2 for one language and returns the model with every
diagnostic; ``load_languages`` does so for every declared language; ``export`` runs stage 3
for the chosen formats, only when there is no error. The source language is built into
``build/<format>/``, each translation into ``build/<lang>/<format>/``.
"""

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters import EXPORTERS, Artifact, BuildOptions
from bwise_mooc.exporters.base import remove_stale_staging, replace_directory
from bwise_mooc.ir import Course
from bwise_mooc.parse import read_course
from bwise_mooc.transforms.checks import check_course
from bwise_mooc.transforms.lint import lint_course


def load_course(root: Path, language: str | None = None) -> tuple[Course | None, Diagnostics]:
    """Read and check the course in ``root`` in one language (default: the source language)."""
    diagnostics = Diagnostics()
    course = read_course(root, diagnostics, language)
    if course is not None:
        check_course(course, diagnostics)
        lint_course(course, course.readability, diagnostics)
    return course, diagnostics


def load_languages(root: Path, languages: Sequence[str] = ()) -> tuple[list[Course], Diagnostics]:
    """The course in each of ``languages`` (default: every declared one), with all diagnostics."""
    source, diagnostics = load_course(root)
    if source is None:
        return [], diagnostics
    courses = []
    for language in languages or source.languages:
        if language == source.language:
            courses.append(source)
            continue
        course, found = load_course(root, language)
        diagnostics.extend(found)
        if course is not None:
            courses.append(course)
    return courses, diagnostics


def output_dir(course: Course, format_name: str) -> Path:
    """Where a format of this language goes, relative to the build folder."""
    if course.language == course.languages[0]:
        return Path(format_name)
    return Path(course.language) / format_name


def export(
    courses: Sequence[Course],
    root: Path,
    out: Path,
    formats: Sequence[str],
    options: BuildOptions | None = None,
) -> list[Artifact]:
    """Write every format of every course, all or nothing.

    Everything is built in a hidden staging folder inside ``out``; only when every output is
    complete and validated is each moved into place. A build that fails or is killed leaves the
    previous outputs as they were (a killed build may leave a ``.build-*`` folder, which the
    next build removes).
    """
    chosen = options or BuildOptions()
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        built = [
            (
                output_dir(course, name),
                EXPORTERS[name](chosen).write(course, root, staging / output_dir(course, name)),
            )
            for course in courses
            for name in formats
        ]
        for relative, _ in built:
            replace_directory(staging / relative, out / relative)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [_rebased(artifact, staging / relative, out / relative) for relative, artifact in built]


def _rebased(artifact: Artifact, old: Path, new: Path) -> Artifact:
    files = tuple(new / path.relative_to(old) for path in artifact.files)
    return Artifact(artifact.format, new, files)
