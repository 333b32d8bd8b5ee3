"""Stage 4 for OLX: every emitted XML file against bwise-mooc's own RELAX NG grammar.

Open edX has no official OLX schema, so ``schemas/olx/olx.rng`` describes exactly the subset that
the OLX exporter emits. A file that does not match is a bug in bwise-mooc: ``InvalidOlx`` is an
``InvalidOutput``, which the CLI reports with exit code 3.
"""

from collections.abc import Mapping
from functools import cache
from pathlib import Path, PurePosixPath

from lxml import etree

from bwise_mooc.validate import SCHEMAS, InvalidOutput, safe_parser

GRAMMAR = SCHEMAS / "olx" / "olx.rng"
ROOT_TAGS = {  # first folder of an XML file -> the root element it must hold
    "course": "course",
    "chapter": "chapter",
    "sequential": "sequential",
    "vertical": "vertical",
    "html": "html",
    "problem": "problem",
    "openassessment": "openassessment",
}


class InvalidOlx(InvalidOutput):
    """An emitted OLX file does not match ``schemas/olx/olx.rng``: a bug in the OLX exporter."""


@cache
def olx_grammar(path: Path = GRAMMAR) -> etree.RelaxNG:
    """The compiled grammar, read from the package with the safe parser."""
    return etree.RelaxNG(etree.parse(str(path), safe_parser()))


def xml_problems(name: str, document: bytes) -> list[str]:
    """Every problem of one emitted XML file, as ``name:line: message`` (empty when valid)."""
    try:
        root = etree.fromstring(document, safe_parser())
    except etree.XMLSyntaxError as error:
        return [f"{name}: not well-formed: {error}"]
    expected = _expected_root(name)
    tag = root.tag if isinstance(root.tag, str) else "?"
    if tag != expected:
        return [f"{name}: root element is <{tag}>, expected <{expected}>"]
    grammar = olx_grammar()
    if grammar.validate(root):
        return []
    return [f"{name}:{entry.line}: {entry.message}" for entry in grammar.error_log]


def check_olx(files: Mapping[str, bytes], artefact: str) -> None:
    """Raise ``InvalidOlx`` unless every ``.xml`` file of the export matches the grammar."""
    problems = [
        problem
        for name in sorted(files)
        if name.endswith(".xml")
        for problem in xml_problems(name, files[name])
    ]
    if problems:
        raise InvalidOlx(artefact, problems)


def _expected_root(name: str) -> str:
    parts = PurePosixPath(name).parts
    return "course" if len(parts) == 1 else ROOT_TAGS.get(parts[0], "?")
