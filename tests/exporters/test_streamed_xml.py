"""``write_serialized``: the bytes of ``etree.tostring(..., pretty_print=True)``, written from
runs of children serialized ahead."""

from pathlib import Path

import pytest
from lxml import etree

from bwise_mooc.exporters.streamed_xml import serialized, write_serialized


def children() -> list[etree._Element]:
    made = []
    for number in range(3):
        question = etree.Element("question", type="multichoice", id=str(number))
        name = etree.SubElement(question, "name")
        etree.SubElement(name, "text").text = f"Frage {number} <&> é ع"
        etree.SubElement(question, "hidden")
        mixed = etree.SubElement(question, "mixed")
        mixed.text = "before "
        bold = etree.SubElement(mixed, "b")
        bold.text, bold.tail = "bold", " after"
        made.append(question)
    return made


def expected(root: str, elements: list[etree._Element]) -> bytes:
    tree = etree.Element(root)
    tree.extend(elements)
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True, pretty_print=True)


@pytest.mark.parametrize("count", [1, 3])
def test_the_file_is_what_tostring_makes_of_the_whole_tree(tmp_path: Path, count: int) -> None:
    path = tmp_path / "out.xml"
    write_serialized(path, "quiz", [serialized(children()[:count])])
    assert path.read_bytes() == expected("quiz", children()[:count])


@pytest.mark.parametrize("split", [[3], [1, 2], [2, 1], [1, 1, 1], [0, 3]])
def test_runs_serialized_ahead_make_the_same_file(tmp_path: Path, split: list[int]) -> None:
    """The children serialized in runs (a module's questions, kept as a part of the build)
    and the file written from those runs: the bytes of the whole tree."""
    made = children()
    runs, start = [], 0
    for size in split:
        runs.append(serialized(made[start : start + size]))
        start += size
    path = tmp_path / "out.xml"
    write_serialized(path, "quiz", runs)
    assert path.read_bytes() == expected("quiz", children())
