"""Stage 3: one exporter per output format, chosen by name from this registry.

An exporter is one module (or package) of ``exporters/`` holding a class that follows
``base.Exporter``; adding a format is that module plus one line in ``REGISTERED``. The build's
cache, workers and publishing apply to it without a line of its own.
"""

from importlib import import_module

from bwise_mooc.exporters.base import Artifact, BuildOptions, Exporter

REGISTERED = (  # "<module>:<class>", in the order formats are listed to users
    "html_preview:HtmlPreview",
    "scorm12:Scorm12",
    "scorm2004:Scorm2004",
    "olx:Olx",
    "report:Report",
    "moodle_xml:MoodleXml",
    "gift:Gift",
    "cc:CommonCartridge",
    "credentials:Credentials",
    "glossary:Glossary",
    "epub:Epub",
    "pdf:Pdf",
)


def _exporter(entry: str) -> type[Exporter]:
    module, name = entry.split(":")
    exporter: type[Exporter] = getattr(import_module(f"{__name__}.{module}"), name)
    return exporter


EXPORTERS: dict[str, type[Exporter]] = {
    exporter.name: exporter for exporter in map(_exporter, REGISTERED)
}


def unavailable(name: str) -> str | None:
    """Why the format ``name`` cannot be written on this machine (a system library it needs
    is missing), or None. A format that needs nothing outside Python declares nothing."""
    check = getattr(EXPORTERS[name], "unavailable", None)
    return check() if check is not None else None


__all__ = ["EXPORTERS", "Artifact", "BuildOptions", "Exporter", "unavailable"]
