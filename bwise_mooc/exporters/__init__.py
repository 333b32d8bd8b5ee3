"""Stage 3: one exporter per output format, chosen by name from this registry."""

from bwise_mooc.exporters.base import Artifact, Exporter
from bwise_mooc.exporters.html_preview import HtmlPreview

EXPORTERS: dict[str, type[Exporter]] = {exporter.name: exporter for exporter in (HtmlPreview,)}

__all__ = ["EXPORTERS", "Artifact", "Exporter"]
