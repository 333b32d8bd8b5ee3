"""Nodes of the course model share their record of given fields (``ir/node.py``): memory, not
behaviour, changes: copies, dumps and pickles stay right."""

import pickle

from bwise_mooc import ir
from bwise_mooc.ir.node import shared_fields_set


def span(line: int) -> ir.SourceSpan:
    return ir.SourceSpan(path="modules/01-a/01-b.md", line=line, column=1)


def test_nodes_with_the_same_given_fields_share_one_record() -> None:
    first, second = span(1), span(2)
    assert first.model_fields_set == {"path", "line", "column"}
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    only_path = ir.SourceSpan(path="x.md")
    assert only_path.model_fields_set == {"path"}
    assert only_path.__pydantic_fields_set__ is not first.__pydantic_fields_set__


def test_an_unpickled_node_shares_the_record_and_equals_the_original() -> None:
    paragraph = ir.Paragraph(html="<p>Hi</p>", source=span(3))
    again = pickle.loads(pickle.dumps(paragraph))
    assert again == paragraph
    assert again.__pydantic_fields_set__ is paragraph.__pydantic_fields_set__
    assert again.source.__pydantic_fields_set__ is span(9).__pydantic_fields_set__


def test_a_copy_with_changes_has_its_own_record_and_leaves_the_shared_one() -> None:
    only_path = ir.SourceSpan(path="x.md")
    shared = only_path.__pydantic_fields_set__
    moved = only_path.model_copy(update={"line": 7})
    assert moved.line == 7 and moved.model_fields_set == {"path", "line"}
    assert shared == {"path"} and ir.SourceSpan(path="y.md").model_fields_set == {"path"}
    assert only_path.model_dump(exclude_unset=True) == {"path": "x.md"}


def test_the_shared_record_is_made_once_per_distinct_set() -> None:
    assert shared_fields_set({"a", "b"}) is shared_fields_set({"b", "a"})
    assert shared_fields_set({"a"}) is not shared_fields_set({"a", "b"})
