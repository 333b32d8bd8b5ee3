"""The build pipeline as named stages: read -> check -> export, for each language.

``load_course`` runs stages 1 and 2 for one language and returns the model with every
diagnostic; ``load_languages`` does so for every declared language; ``export`` runs stage 3
for the chosen formats, only when there is no error. The source language is built into
``build/<format>/``, each translation into ``build/<lang>/<format>/``.
"""

from collections.abc import Sequence
from pathlib import Path

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters import EXPORTERS, Artifact, BuildOptions
from bwise_mooc.ir import Course
from bwise_mooc.parse import read_course
from bwise_mooc.transforms.checks import check_course


def load_course(root: Path, language: str | None = None) -> tuple[Course | None, Diagnostics]:
    """Read and check the course in ``root`` in one language (default: the source language)."""
    diagnostics = Diagnostics()
    course = read_course(root, diagnostics, language)
    if course is not None:
        check_course(course, diagnostics)
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


def output_dir(out: Path, course: Course, format_name: str) -> Path:
    if course.language == course.languages[0]:
        return out / format_name
    return out / course.language / format_name


def export(
    course: Course,
    root: Path,
    out: Path,
    formats: Sequence[str],
    options: BuildOptions | None = None,
) -> list[Artifact]:
    """Write each format of ``course`` into its output folder."""
    chosen = options or BuildOptions()
    return [
        EXPORTERS[name](chosen).write(course, root, output_dir(out, course, name))
        for name in formats
    ]
