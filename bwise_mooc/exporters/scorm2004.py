"""Stage 3 exporter: ir.Course -> SCORM 2004 4th edition zips (per module, plus the course)."""

from typing import ClassVar

from bwise_mooc.exporters.scorm import manifest2004
from bwise_mooc.exporters.scorm.exporter import ScormExporter
from bwise_mooc.exporters.scorm.package import ManifestWriter, Version


class Scorm2004(ScormExporter):
    name: ClassVar[str] = "scorm2004"
    cost: ClassVar[int] = 3  # relative build time: as SCORM 1.2, plus sequencing
    description: ClassVar[str] = (
        "SCORM 2004 4th edition zips: one per module and one for the course"
    )
    version: ClassVar[Version] = "2004"
    manifest: ClassVar[ManifestWriter] = staticmethod(manifest2004.manifest)
