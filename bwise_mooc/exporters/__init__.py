"""Stage 3: one exporter per output format, chosen by name from this registry."""

from bwise_mooc.exporters.base import Artifact, BuildOptions, Exporter
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.exporters.olx import Olx
from bwise_mooc.exporters.report import Report
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.exporters.scorm2004 import Scorm2004

EXPORTERS: dict[str, type[Exporter]] = {
    exporter.name: exporter for exporter in (HtmlPreview, Scorm12, Scorm2004, Olx, Report)
}

__all__ = ["EXPORTERS", "Artifact", "BuildOptions", "Exporter"]
