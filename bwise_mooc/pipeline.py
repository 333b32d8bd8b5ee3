"""The build pipeline as named stages: read -> check -> export.

``load_course`` runs stages 1 and 2 and returns the model with every diagnostic;
``export`` runs stage 3 for the chosen formats, only when there is no error.
"""

from collections.abc import Sequence
from pathlib import Path

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters import EXPORTERS, Artifact, BuildOptions
from bwise_mooc.ir import Course
from bwise_mooc.parse import read_course
from bwise_mooc.transforms.checks import check_course


def load_course(root: Path) -> tuple[Course | None, Diagnostics]:
    """Read and check the course in ``root``; the course is None if it could not be built."""
    diagnostics = Diagnostics()
    course = read_course(root, diagnostics)
    if course is not None:
        check_course(course, diagnostics)
    return course, diagnostics


def export(
    course: Course,
    root: Path,
    out: Path,
    formats: Sequence[str],
    options: BuildOptions | None = None,
) -> list[Artifact]:
    """Write each format into ``out/<format>/``."""
    chosen = options or BuildOptions()
    return [EXPORTERS[name](chosen).write(course, root, out / name) for name in formats]
