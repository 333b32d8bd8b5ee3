"""Stage 3 exporter: ir.Course -> IMS Common Cartridge 1.1 (``.imscc``) for Moodle's restore.

``build/cc/<course>-<module>.imscc`` for each module and ``build/cc/<course>.imscc`` for the
whole course (translations with their language in the name, in ``build/<lang>/cc/``). Moodle
4.x restores CC 1.0 and 1.1 only: each module becomes a section, each lesson a page, each quiz
a Moodle quiz whose questions land in the course's question bank.
"""

from functools import partial
from pathlib import Path
from typing import ClassVar

from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    fixed_timestamp,
    staged_directory,
)
from bwise_mooc.exporters.cc.numeric import check_cc_numeric
from bwise_mooc.exporters.cc.package import Contents, cartridge_files, write_cartridge
from bwise_mooc.exporters.cc.plan import plans
from bwise_mooc.exporters.scratch import scratch_folder
from bwise_mooc.ir import Course


class CommonCartridge:
    name: ClassVar[str] = "cc"
    cost: ClassVar[int] = 2  # relative build time: a cartridge per module and one for the course
    description: ClassVar[str] = (
        "IMS Common Cartridge 1.1 (.imscc) for Moodle's course restore: one per module and one "
        "for the whole course"
    )
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = (check_cc_numeric,)

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: Course, source_root: Path, out_dir: Path) -> Artifact:
        names: list[Path] = []
        with staged_directory(out_dir) as stage, scratch_folder(out_dir.parent) as scratch:
            contents = Contents(course, self.options, scratch)
            for plan in plans(course):
                files = partial(cartridge_files, course, source_root, self.options, plan, contents)
                decided_by = [
                    plan.name,
                    [module.module for module in plan.modules],
                    fixed_timestamp(),
                ]
                self.options.parts.archive(
                    course,
                    "cc",
                    decided_by,
                    stage / plan.file_name,
                    partial(write_cartridge, files),
                )
                names.append(out_dir / plan.file_name)
        return Artifact(self.name, out_dir, tuple(names))
