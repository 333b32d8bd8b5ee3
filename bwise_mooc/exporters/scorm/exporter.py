"""The part of the SCORM exporters that does not depend on the version: write every zip."""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    staged_directory,
    write_zip,
)
from bwise_mooc.exporters.reuse import Reuse
from bwise_mooc.exporters.scorm.package import ManifestWriter, Version, build_packages
from bwise_mooc.exporters.scratch import Member, scratch_folder
from bwise_mooc.ir import Course


class ScormExporter:
    """Writes ``<course>-<module>.zip`` for each module and ``<course>.zip`` for the course."""

    name: ClassVar[str]
    description: ClassVar[str]
    version: ClassVar[Version]
    manifest: ClassVar[ManifestWriter]
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: Course, source_root: Path, out_dir: Path) -> Artifact:
        writer = type(self).manifest
        names: list[Path] = []
        with staged_directory(out_dir) as stage, scratch_folder(out_dir.parent) as scratch:
            packages = build_packages(
                course, source_root, self.version, self.options, writer, scratch
            )
            for package in packages:
                self.options.parts.archive(
                    course,
                    f"scorm-{self.version}",
                    package.decided_by,
                    stage / package.name,
                    partial(_zip, package.files),
                )
                names.append(out_dir / package.name)
        return Artifact(self.name, out_dir, tuple(names))


def _zip(files: Callable[[], dict[str, Member]], target: Path, reuse: Reuse | None) -> None:
    write_zip(target, files(), first=["imsmanifest.xml"], reuse=reuse)
