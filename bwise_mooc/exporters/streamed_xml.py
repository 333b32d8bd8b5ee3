"""An XML file written one child of its root at a time, so that a large file (a course's
question bank) is never held in memory whole.

The bytes are those of ``etree.tostring(root, encoding="UTF-8", xml_declaration=True,
pretty_print=True)`` for the same root and children: each child is indented as it would be
inside the root, written with lxml's incremental writer (``etree.xmlfile``), and forgotten.
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
