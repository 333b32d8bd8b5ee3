"""Stage 3 exporter: ir.Course -> printable PDF handouts, one per module and language.

``build/pdf/<course>-<module folder>.pdf`` for each module of a track offered in the course's
language (translations with their language in the name, in ``build/<lang>/pdf/``). What each
handout holds and how it is laid out: ``plan.py``; its HTML document: ``handout.py`` and
``worksheet.py``; the PDF: ``render.py`` (Typst, imported only when a handout is written).
A build lays each handout out beside its other work (``start_piece``, ``beside.py``).
"""

import importlib.util
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    Finish,
    asset_source,
    fixed_timestamp,
    staged_directory,
    write_bytes,
)
from bwise_mooc.exporters.pdf.handout import handout_document
from bwise_mooc.exporters.pdf.plan import HandoutPlan, plans

if TYPE_CHECKING:
    from bwise_mooc.exporters.pdf.render import Layout

MediaFiles = dict[str, Callable[[], bytes | Path]]


def missing_library() -> str | None:
    """Why handouts cannot be written on this machine (the typst package missing), or None."""
    if importlib.util.find_spec("typst") is None:  # not imported here: see typst_run.py
        return "format pdf needs the Python package typst (pip install typst), which is missing"
    return None


class Pdf:
    name: ClassVar[str] = "pdf"
    cost: ClassVar[int] = 1  # relative build time: page layout of every module
    description: ClassVar[str] = (
        "PDF handouts to print: one per module and language, with worksheets and answers"
    )
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = ()
    unavailable: ClassVar[Callable[[], str | None]] = staticmethod(missing_library)

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        names: list[Path] = []
        with staged_directory(out_dir) as stage:
            for piece in self.pieces(course):
                written = self.write_piece(course, source_root, stage, piece)
                names.append(out_dir / written.name)
        return Artifact(self.name, out_dir, tuple(names))

    def pieces(self, course: ir.Course) -> list[str]:
        """The handouts, by file name: each is written on its own (``write_piece``), or, in a
        build, prepared (``start_piece``) and laid out beside the build's other work."""
        return [plan.file_name for plan in plans(course)]

    def write_piece(self, course: ir.Course, source_root: Path, out_dir: Path, piece: str) -> Path:
        """Write the handout ``piece`` (a file name of ``pieces``) into ``out_dir``; its path."""
        target, finish = self.start_piece(course, source_root, out_dir, piece)
        if finish is not None:
            finish()
        return target

    def start_piece(
        self, course: ir.Course, source_root: Path, out_dir: Path, piece: str
    ) -> tuple[Path, Finish | None]:
        """Prepare the handout ``piece`` in ``out_dir``: its path, and its layout, which writes
        it (None when the handout made before for the same module was placed)."""
        plan = next(plan for plan in plans(course) if plan.file_name == piece)
        target = out_dir / plan.file_name
        finish = self.options.parts.file_later(
            course,
            "pdf",
            [plan.name, plan.module, plan.easy_to_read, fixed_timestamp()],
            target,
            partial(self._prepare, course, source_root, plan),
        )
        return target, finish

    def _prepare(
        self, course: ir.Course, source_root: Path, plan: HandoutPlan, target: Path
    ) -> Finish:
        from bwise_mooc.exporters.pdf.render import prepare_layout  # here: only when one is made

        files = handout_media(course, source_root, self.options, plan.module)
        document = handout_document(course, plan)
        target.parent.mkdir(parents=True, exist_ok=True)  # Typst's root is made in it
        layout = prepare_layout(document, files, fixed_timestamp(), target.parent)
        return partial(_lay_out, layout, target)


def _lay_out(layout: "Layout", target: Path) -> None:
    write_bytes(target, layout.pdf())


def handout_media(
    course: ir.Course, source_root: Path, options: BuildOptions, module: ir.Module
) -> MediaFiles:
    """The pictures the module's lessons show, by place: each made only when the handout
    shows it."""
    return {
        course.media[asset.path]: partial(asset_source, asset, course, source_root, options)
        for lesson in module.lessons
        for asset in lesson.assets
        if asset.path in course.media
    }
