"""Stage 4 for Common Cartridge: every manifest and QTI file against the CC 1.1 schemas.

The schemas are IMS's, as Moodle ships them (``schemas/cc11/``, see its ``PROVENANCE.md``), and
are read with libxml2, as Moodle reads them: a manifest against ``cc11libxml2validator.xsd``
(what Moodle validates an uploaded cartridge with), a QTI file against the CC 1.1 profile of
QTI 1.2.1. The entry points also declare other elements, so the root element is checked first.
A cartridge whose manifest lists a file it does not hold, or holds a file it does not list, is
refused too. Any failure is a bug in bwise-mooc: ``InvalidCartridge`` is an ``InvalidOutput``,
which the CLI reports with exit code 3.
"""

from collections.abc import Iterable
from functools import cache
from urllib.parse import unquote

from lxml import etree

from bwise_mooc.validate import SCHEMAS, InvalidOutput, safe_parser

FOLDER = SCHEMAS / "cc11"
MANIFEST = (
    "cc11libxml2validator.xsd",
    "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}manifest",
)
QTI = (
    "ccv1p1_qtiasiv1p2p1_v1p0.xsd",
    "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}questestinterop",
)


class InvalidCartridge(InvalidOutput):
    """An emitted cartridge file does not validate: a bug in the Common Cartridge exporter."""


@cache
def schema(name: str) -> etree.XMLSchema:
    """The compiled schema ``name`` of ``schemas/cc11/``, read with the safe parser."""
    return etree.XMLSchema(etree.parse(str(FOLDER / name), safe_parser()))


def problems(document: bytes, kind: tuple[str, str], name: str) -> list[str]:
    """Every problem of one emitted file, as ``name:line: message`` (empty when valid)."""
    entry, root_tag = kind
    try:
        root = etree.fromstring(document, safe_parser())
    except etree.XMLSyntaxError as error:
        return [f"{name}: not well-formed: {error}"]
    tag = root.tag if isinstance(root.tag, str) else "?"
    if tag != root_tag:
        return [f"{name}: root element is {tag}, expected {root_tag}"]
    checker = schema(entry)
    if checker.validate(root):
        return []
    return [f"{name}:{error.line}: {error.message}" for error in checker.error_log]


def check_manifest(document: bytes, artefact: str) -> None:
    """Raise ``InvalidCartridge`` unless the manifest validates."""
    found = problems(document, MANIFEST, "imsmanifest.xml")
    if found:
        raise InvalidCartridge(artefact, found)


def check_qti(document: bytes, name: str, artefact: str) -> None:
    """Raise ``InvalidCartridge`` unless the QTI file ``name`` validates."""
    found = problems(document, QTI, name)
    if found:
        raise InvalidCartridge(artefact, found)


def check_listing(manifest: bytes, members: Iterable[str], artefact: str) -> None:
    """Raise ``InvalidCartridge`` unless the manifest lists exactly the cartridge's files."""
    root = etree.fromstring(manifest, safe_parser())
    listed = {unquote(str(href)) for href in root.xpath("//*[local-name()='file']/@href")}
    held = set(members) - {"imsmanifest.xml"}
    found = [
        f"{name}: listed in the manifest, not in the cartridge" for name in sorted(listed - held)
    ]
    found += [
        f"{name}: in the cartridge, not listed in the manifest" for name in sorted(held - listed)
    ]
    if found:
        raise InvalidCartridge(artefact, found)
