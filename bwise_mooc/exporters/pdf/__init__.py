"""Stage 3 exporter: ir.Course -> printable PDF handouts, one per module and language."""

from bwise_mooc.exporters.pdf.exporter import Pdf

__all__ = ["Pdf"]
