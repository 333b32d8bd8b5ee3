"""An XML file written one child of its root at a time, so that a large file (a course's
question bank) is never held in memory whole.

The bytes are those of ``etree.tostring(root, encoding="UTF-8", xml_declaration=True,
pretty_print=True)`` for the same root and children: each child is indented as it would be
inside the root, written with lxml's incremental writer (``etree.xmlfile``), and forgotten.
Children can also be serialized ahead, in runs (``serialized``: a module's questions, kept as a
part of the build), and the file written from those runs (``write_serialized``), to the same
bytes.
"""

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

INDENT = "  "


def write_streamed(path: Path, root: str, children: Iterable[etree._Element]) -> None:
    """Write ``<root>`` with ``children`` (made as they are asked for) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    elements = iter(children)
    first = next(elements, None)
    with path.open("wb") as file:
        if first is None:
            empty = etree.Element(root)
            file.write(etree.tostring(empty, encoding="UTF-8", xml_declaration=True))
            file.write(b"\n")
            return
        with etree.xmlfile(file, encoding="UTF-8") as xml:
            xml.write_declaration()
            with xml.element(root):
                xml.write("\n")
                child: etree._Element | None = first
                while child is not None:
                    etree.indent(child, space=INDENT, level=1)
                    child.tail = "\n"
                    xml.write(INDENT, child)
                    child = next(elements, None)
        file.write(b"\n")


def serialized(children: Iterable[etree._Element]) -> bytes:
    """``children`` as ``write_streamed`` writes them inside the root: indented, one a line."""
    runs = []
    for child in children:
        etree.indent(child, space=INDENT, level=1)
        child.tail = "\n"
        runs.append(INDENT.encode() + etree.tostring(child, encoding="UTF-8"))
    return b"".join(runs)


def write_serialized(path: Path, root: str, runs: Iterable[bytes]) -> None:
    """Write ``<root>`` holding the children serialized in ``runs`` (``serialized``), as
    ``write_streamed`` writes them; at least one run must hold a child."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tag = root.encode("ascii")
    with path.open("wb") as file:
        file.write(b"<?xml version='1.0' encoding='UTF-8'?>\n<" + tag + b">\n")
        for run in runs:
            file.write(run)
        file.write(b"</" + tag + b">\n")
