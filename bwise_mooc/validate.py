"""Stage 4: validate emitted XML against the vendored schemas, like a compiler's self-check.

A failure here is a bug in bwise-mooc, not an author's mistake: the CLI exits with code 3.
Schemas are loaded from package files only (``allow="local"``), and the documents' own
``xsi:schemaLocation`` hints are ignored.
"""

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from lxml import etree

if TYPE_CHECKING:
    import xmlschema

SCHEMAS = Path(__file__).parent / "exporters" / "schemas"
ManifestKind = Literal["scorm12", "scorm2004"]
ENTRY_POINTS: dict[ManifestKind, str] = {
    "scorm12": "scorm12/scorm12_manifest.xsd",
    "scorm2004": "scorm2004/scorm2004_4th_manifest.xsd",
}


class InvalidOutput(Exception):
    """An emitted file does not validate: a bug in an exporter."""

    def __init__(self, artefact: str, problems: list[str]) -> None:
        super().__init__(f"{artefact}: " + "; ".join(problems[:5]))
        self.artefact = artefact
        self.problems = problems

    def __reduce__(self) -> tuple[type["InvalidOutput"], tuple[str, list[str]]]:
        return type(self), (self.artefact, self.problems)  # survives a worker process


@cache
def manifest_schema(kind: ManifestKind) -> "xmlschema.XMLSchema10":
    import xmlschema  # here: a build whose manifests are all known valid never loads it

    return xmlschema.XMLSchema10(str(SCHEMAS / ENTRY_POINTS[kind]), allow="local")


def safe_parser() -> etree.XMLParser:
    """The only way bwise-mooc parses XML: no entities, no DTD loading, no network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False
    )


def manifest_problems(document: bytes, kind: ManifestKind) -> list[str]:
    """Every schema error of a manifest, as ``path: reason`` lines (empty when valid)."""
    tree: Any = etree.fromstring(document, safe_parser())  # xmlschema reads lxml trees
    schema = manifest_schema(kind)
    return [
        f"{error.path}: {error.reason}"
        for error in schema.iter_errors(tree, use_location_hints=False)
    ]


def check_manifest(document: bytes, kind: ManifestKind, artefact: str) -> None:
    """Raise ``InvalidOutput`` unless the manifest validates."""
    problems = manifest_problems(document, kind)
    if problems:
        raise InvalidOutput(artefact, problems)
