"""Assignments: work a person marks (``::: assignment``), and the workers' evidence checklist
(``::: checklist``) that a supporter fills in with the worker.

An assignment has a brief, what to hand in and a rubric: criteria (rows) described at each of
the same levels (columns), each level with its points. A checklist has a brief and items; the
supporter ticks each one as observed, done with help or not yet, and gives no grade. Neither
reports a score to a platform: a person reads the work. Prose is held as sanitised HTML
fragments with source references (``ir/blocks.py``), ``*_text`` fields as plain text.
"""

from typing import Literal

from bwise_mooc.ir.node import Node
from bwise_mooc.ir.source import SourceSpan

AssignmentForm = Literal["assignment", "checklist"]
# What a supporter ticks for each item of a checklist, in this order (the interface's words)
CHECKLIST_MARKS: tuple[str, ...] = ("observed", "with_help", "not_yet")


class HandInItem(Node):
    """One thing the learner hands in."""

    html: str
    text: str


class Level(Node):
    """How a criterion reads at one level of the rubric: the level's name and points (the
    header cell, ``Good (2)``) and what the work shows at that level (the row's cell)."""

    name: str
    points: int
    description_html: str
    description_text: str


class Criterion(Node):
    """A row of the rubric: ``id`` is made from its text (unique in the assignment)."""

    id: str
    html: str
    text: str
    levels: tuple[Level, ...]
    source: SourceSpan

    @property
    def points(self) -> int:
        """The most points the criterion gives."""
        return max((level.points for level in self.levels), default=0)


class ChecklistItem(Node):
    """One thing the worker shows the supporter (``id``: ``i1``, ``i2``... by place)."""

    id: str
    html: str
    text: str
    source: SourceSpan


class Assignment(Node):
    """A ``::: assignment`` (``form="assignment"``) or ``::: checklist`` block.

    ``id`` is the author's ``{#id}``, unique in the course; the block's anchor in the lesson is
    that id, so ``[the assignment](#id)`` links to it. ``minutes``: the learner's work on it
    outside the lesson pages (None: not given); it counts toward the track's workload as
    extra work, never toward the lesson's or the module's ``estimated_minutes``.
    ``outcomes``: the outcomes it assesses (the lesson's when the author names none).
    """

    kind: Literal["assignment"] = "assignment"
    form: AssignmentForm = "assignment"
    id: str
    title: str
    title_html: str
    brief_html: str = ""
    hand_in: tuple[HandInItem, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    items: tuple[ChecklistItem, ...] = ()
    outcomes: tuple[str, ...] = ()
    minutes: int | None = None
    source: SourceSpan

    @property
    def graded(self) -> bool:
        """Is it marked against a rubric (an assignment), not only ticked (a checklist)?"""
        return self.form == "assignment"

    @property
    def levels(self) -> tuple[tuple[str, int], ...]:
        """The rubric's levels, lowest first: (name, points)."""
        first = self.criteria[0].levels if self.criteria else ()
        return tuple((level.name, level.points) for level in first)

    @property
    def points(self) -> int:
        """The most points the rubric gives."""
        return sum(criterion.points for criterion in self.criteria)
