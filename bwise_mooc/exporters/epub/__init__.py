"""Stage 3 exporter: ir.Course -> one reflowable EPUB 3 per track and language."""

from bwise_mooc.exporters.epub.exporter import Epub

__all__ = ["Epub"]
