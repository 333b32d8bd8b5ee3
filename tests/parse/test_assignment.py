"""The reader of ``::: assignment`` and ``::: checklist`` blocks (``parse/assignment.py``).

``cases/assignment_diagnostics.md`` holds `.`-delimited cases: a lesson body (in a module whose
one outcome is ``o1``) and the exact diagnostics it must give. The tests below read a whole
assignment and checklist into the model, and a hypothesis property gives any generated rubric
back as it was written.
"""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Assignment, Heading, Lesson
from bwise_mooc.parse.assignment import cells_written
from bwise_mooc.parse.lesson import parse_lesson
from tests.conftest import FRONT
from tests.parse.helpers import LESSON_PATH, diagnostic_lines

CASES = Path(__file__).parent / "cases"

PLAN = """\
## Make a learning plan

Do [the assignment](#learning-plan) after reading.

::: assignment {#learning-plan outcomes=o1 minutes=60}
### Make a *learning* plan

Sit down with a worker. Write **three goals**.

Hand in:

- the plan
- a note of [150 words](#learning-plan)

| Criterion | Not yet (0) | Good (1) | Very good (3) |
|---|---|---|---|
| Goals | None | Some | Three, in the worker's words |
| Words | Hard | Mostly easy | Easy |
:::

::: checklist {#shows}
### What I show

Do this with your job coach.

- I switch my phone **on**.
- I make the words bigger.
:::
"""


def read(root: Path, body: str) -> tuple[Lesson | None, Diagnostics]:
    (root / "modules/01-basics").mkdir(parents=True, exist_ok=True)
    diagnostics = Diagnostics()
    lesson = parse_lesson(root, LESSON_PATH, FRONT + body, diagnostics, frozenset({"o1"}))
    return lesson, diagnostics


@pytest.mark.parametrize(
    ("line", "title", "body", "expected"), read_fixture_file(CASES / "assignment_diagnostics.md")
)
def test_diagnostics(tmp_path: Path, line: int, title: str, body: str, expected: str) -> None:
    _, diagnostics = read(tmp_path, body)
    assert diagnostic_lines(diagnostics) == expected.rstrip("\n"), f"case at line {line}: {title}"


def test_an_assignment_and_a_checklist_are_read_into_the_model(tmp_path: Path) -> None:
    lesson, diagnostics = read(tmp_path, PLAN)
    assert lesson is not None and not list(diagnostics), diagnostic_lines(diagnostics)
    plan, shows = lesson.assignments()
    assert (plan.form, plan.graded, plan.id, plan.minutes) == (
        "assignment",
        True,
        "learning-plan",
        60,
    )
    assert plan.title == "Make a learning plan"
    assert plan.title_html == "Make a <em>learning</em> plan"
    assert plan.outcomes == ("o1",)
    assert plan.brief_html == "<p>Sit down with a worker. Write <strong>three goals</strong>.</p>"
    assert [item.text for item in plan.hand_in] == ["the plan", "a note of 150 words"]
    assert plan.levels == (("Not yet", 0), ("Good", 1), ("Very good", 3))
    assert [criterion.id for criterion in plan.criteria] == ["goals", "words"]
    assert [level.description_text for level in plan.criteria[0].levels] == [
        "None",
        "Some",
        "Three, in the worker's words",
    ]
    assert plan.points == 6
    assert plan.source.line == 10
    assert (shows.form, shows.graded, shows.minutes, shows.hand_in, shows.criteria) == (
        "checklist",
        False,
        None,
        (),
        (),
    )
    assert [(item.id, item.html) for item in shows.items] == [
        ("i1", "I switch my phone <strong>on</strong>."),
        ("i2", "I make the words bigger."),
    ]
    assert shows.brief_html == "<p>Do this with your job coach.</p>"


def test_an_assignments_id_is_an_anchor_of_its_lesson_and_headings_step_aside(
    tmp_path: Path,
) -> None:
    body = "## Learning plan\n\nText.\n\n" + PLAN.split("\n\n", 2)[2]
    lesson, diagnostics = read(tmp_path, body)
    assert lesson is not None and not list(diagnostics), diagnostic_lines(diagnostics)
    heading = next(block for block in lesson.blocks if isinstance(block, Heading))
    assert heading.anchor == "learning-plan-2"  # the assignment's id keeps its own
    assert {"learning-plan", "shows", "learning-plan-2"} <= lesson.anchors


def test_points_default_to_the_levels_places(tmp_path: Path) -> None:
    body = (
        "::: assignment {#plan}\n### Plan\n\nWrite it.\n\nHand in: the plan.\n\n"
        "| Criterion | Low | Middle | High |\n|---|---|---|---|\n| Goals | a | b | c |\n:::\n"
    )
    lesson, diagnostics = read(tmp_path, body)
    assert lesson is not None and not list(diagnostics), diagnostic_lines(diagnostics)
    (plan,) = lesson.assignments()
    assert plan.levels == (("Low", 0), ("Middle", 1), ("High", 2))
    assert [item.text for item in plan.hand_in] == ["the plan."]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| a | b | c |", 3),
        ("a | b | c", 3),
        ("| a | b \\| c |", 2),
        ("| a | `x|y` |", 3),  # GFM splits a row at every unescaped '|', in code too
        ("| a |", 1),
    ],
)
def test_cells_are_counted_as_gfm_splits_a_row(line: str, cells: int) -> None:
    assert cells_written(line) == cells


# -- any rubric comes back as it was written --------------------------------------------------

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
words = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), max_codepoint=0x24F),
    min_size=1,
    max_size=10,
)
phrase = st.lists(words, min_size=1, max_size=4).map(" ".join)


@st.composite
def rubric(draw: st.DrawFn) -> tuple[list[tuple[str, int]], list[tuple[str, list[str]]]]:
    """Levels (name, points) and criteria (name, one description per level)."""
    names = draw(st.lists(phrase, min_size=2, max_size=5))
    points = draw(st.lists(st.integers(0, 20), min_size=len(names), max_size=len(names)))
    criteria = draw(
        st.lists(
            st.tuples(phrase, st.lists(phrase, min_size=len(names), max_size=len(names))),
            min_size=1,
            max_size=5,
        )
    )
    return list(zip(names, points, strict=True)), criteria


def markdown(levels: list[tuple[str, int]], criteria: list[tuple[str, list[str]]]) -> str:
    header = "| Criterion | " + " | ".join(f"{n} ({p})" for n, p in levels) + " |"
    rule = "|---" * (len(levels) + 1) + "|"
    rows = ["| " + " | ".join([name, *cells]) + " |" for name, cells in criteria]
    table = "\n".join([header, rule, *rows])
    return f"::: assignment {{#any minutes=5}}\n### Any\n\nBrief.\n\nHand in: it.\n\n{table}\n:::\n"


@SETTINGS
@given(drawn=rubric())
def test_any_rubric_comes_back_as_written(
    drawn: tuple[list[tuple[str, int]], list[tuple[str, list[str]]]],
) -> None:
    levels, criteria = drawn
    with tempfile.TemporaryDirectory() as folder:
        lesson, diagnostics = read(Path(folder), markdown(levels, criteria))
    assert lesson is not None and not diagnostics.errors, diagnostic_lines(diagnostics)
    (found,) = [block for block in lesson.blocks if isinstance(block, Assignment)]
    assert list(found.levels) == [(" ".join(n.split()), p) for n, p in levels]
    assert [c.text for c in found.criteria] == [" ".join(n.split()) for n, _ in criteria]
    assert [[lv.description_text for lv in c.levels] for c in found.criteria] == [
        [" ".join(cell.split()) for cell in cells] for _, cells in criteria
    ]
    assert len({c.id for c in found.criteria}) == len(criteria)
