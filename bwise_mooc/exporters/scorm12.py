"""Stage 3 exporter: ir.Course -> SCORM 1.2 zips (one per module, plus the whole course)."""

from typing import ClassVar

from bwise_mooc.exporters.base import CourseCheck
from bwise_mooc.exporters.scorm import manifest12
from bwise_mooc.exporters.scorm.exporter import ScormExporter
from bwise_mooc.exporters.scorm.package import ManifestWriter, Version
from bwise_mooc.exporters.scorm.responses import check_choice_counts


class Scorm12(ScormExporter):
    name: ClassVar[str] = "scorm12"
    cost: ClassVar[int] = 2  # relative build time: a zip per module and one for the course
    description: ClassVar[str] = "SCORM 1.2 zips: one per module and one for the whole course"
    version: ClassVar[Version] = "1.2"
    manifest: ClassVar[ManifestWriter] = staticmethod(manifest12.manifest)
    checks: ClassVar[tuple[CourseCheck, ...]] = (check_choice_counts,)
