"""An XML file written from runs of children serialized ahead, so that a large file (a
course's question bank) is never held in memory whole: each run (``serialized``: a module's
questions, kept as a part of the build) is written as it comes (``write_serialized``).

The bytes are those of ``etree.tostring(root, encoding="UTF-8", xml_declaration=True,
pretty_print=True)`` for the same root and children: each child is indented as it would be
inside the root.
"""

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

INDENT = "  "


def serialized(children: Iterable[etree._Element]) -> bytes:
    """``children`` as they stand inside the root: indented, one a line."""
    runs = []
    for child in children:
        etree.indent(child, space=INDENT, level=1)
        child.tail = "\n"
        runs.append(INDENT.encode() + etree.tostring(child, encoding="UTF-8"))
    return b"".join(runs)


def write_serialized(path: Path, root: str, runs: Iterable[bytes]) -> None:
    """Write ``<root>`` holding the children serialized in ``runs`` (``serialized``), one run
    at a time; at least one run must hold a child."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tag = root.encode("ascii")
    with path.open("wb") as file:
        file.write(b"<?xml version='1.0' encoding='UTF-8'?>\n<" + tag + b">\n")
        for run in runs:
            file.write(run)
        file.write(b"</" + tag + b">\n")
