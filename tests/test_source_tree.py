"""``outside_course``'s quick answer for paths without links is the rule's answer: the same as
resolving both paths in full (``_resolves_outside``), for any path over a tree with links that
stay inside, links that lead out, missing parts and ``..``."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwise_mooc.source_tree import _resolves_outside, outside_course

NAMES = ["modules", "01-a", "lesson.md", "media", "in-link", "out-link", "dir-in", "dir-out"]
NAMES += ["loop", "missing", "..", ".", ""]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tree")
    outside = base / "outside"
    (outside / "modules" / "01-a").mkdir(parents=True)
    (outside / "modules" / "01-a" / "lesson.md").write_text("elsewhere", "utf-8")
    root = base / "course"
    module = root / "modules" / "01-a"
    (module / "media").mkdir(parents=True)
    (module / "lesson.md").write_text("here", "utf-8")
    (module / "in-link").symlink_to("lesson.md")
    (module / "out-link").symlink_to(outside / "modules" / "01-a" / "lesson.md")
    (root / "modules" / "dir-in").symlink_to("01-a")
    (root / "modules" / "dir-out").symlink_to(outside / "modules")
    (module / "loop").symlink_to("loop")
    return root


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5))
def test_the_quick_answer_is_the_rules_answer(tree: Path, parts: list[str]) -> None:
    path = "/".join(parts)
    assert outside_course(tree, path) == _resolves_outside(tree, path)


@pytest.mark.parametrize(
    ("path", "outside"),
    [
        ("modules/01-a/lesson.md", False),
        ("modules/01-a/in-link", False),
        ("modules/dir-in/lesson.md", False),
        ("modules/01-a/missing.md", False),  # not there: named, and reported by its reader
        ("modules/01-a/out-link", True),
        ("modules/dir-out/01-a/lesson.md", True),
        ("modules/../../outside/modules", True),
    ],
)
def test_links_out_of_the_course_are_outside(tree: Path, path: str, outside: bool) -> None:
    assert outside_course(tree, path) is outside
