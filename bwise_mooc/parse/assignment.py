"""Stage 1: a ``::: assignment`` or ``::: checklist`` block's syntax tree -> ``ir.Assignment``.

The block rule is the quiz blocks' (``quiz_block.py``); the opening line carries the
attributes: ``::: assignment {#id outcomes=a,b minutes=60}``. Inside, in this order:

- a heading: the title;
- the brief: any Markdown (paragraphs, lists, pictures, tables);
- an assignment: a paragraph ``Hand in:`` and the list of what to hand in (or ``Hand in: one
  thing`` on one line), then the rubric: a table whose header row names the levels, lowest
  first, each with its points in brackets (``Good (2)``; without points, the levels give 0, 1,
  2...), and whose rows are the criteria, each described at every level;
- a checklist: the list of items, last.

``Hand in:`` is a keyword like a question's ``Hint:``: it stays in English in every language
(learners see the interface's own heading). Every mistake is reported with its line and column.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from markdown_it.tree import SyntaxTreeNode

from bwise_mooc.ir import (
    Assignment,
    ChecklistItem,
    Criterion,
    HandInItem,
    Level,
    SourceSpan,
)
from bwise_mooc.parse.quiz_parts import inline_source
from bwise_mooc.parse.render import (
    LessonContext,
    inline_plain_text,
    plain_text,
    render_block,
    render_inline,
)

FORMS = ("assignment", "checklist")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
ATTRIBUTES = re.compile(r"^\{([^{}]*)\}\Z")
HAND_IN = re.compile(r"^hand in:", re.IGNORECASE)
LEVEL = re.compile(r"^(?P<name>.*?)\s*\((?P<points>[^()]*)\)\s*\Z", re.DOTALL)


@dataclass
class _Attributes:
    id: str | None = None
    outcomes: tuple[str, ...] = ()
    minutes: int | None = None


@dataclass
class _Parts:
    """The block's children, sorted into the parts of an assignment."""

    title: SyntaxTreeNode | None = None
    brief: list[SyntaxTreeNode] = field(default_factory=list)
    hand_in_at: SyntaxTreeNode | None = None  # the 'Hand in:' paragraph
    hand_in: list[SyntaxTreeNode] = field(default_factory=list)  # its list's items
    rubric: SyntaxTreeNode | None = None
    items: list[SyntaxTreeNode] = field(default_factory=list)  # a checklist's


def is_assignment(node: SyntaxTreeNode) -> bool:
    """Is this block node an assignment or a checklist (not a quiz)?"""
    return node.type == "quiz" and node.info.strip() in FORMS


def declared_id(node: SyntaxTreeNode) -> str | None:
    """The ``{#id}`` on the block's opening line, read without reporting anything (the
    lesson reserves it as an anchor before its headings take theirs)."""
    found = ATTRIBUTES.match(str(node.meta.get("params", "")))
    for word in found.group(1).split() if found else ():
        if word.startswith("#") and SLUG.match(word[1:]):
            return word[1:]
    return None


def parse_assignment(
    node: SyntaxTreeNode, ctx: LessonContext, seen: dict[str, SourceSpan]
) -> Assignment | None:
    """Read one assignment or checklist block; ``seen``: the ids taken in this lesson."""
    form = node.info.strip()
    where = ctx.span(node.map[0] if node.map else 0)
    if not node.meta.get("closed", True):
        ctx.diagnostics.error(
            where,
            "assignment.unclosed",
            f"'::: {form}' block opened here is never closed with ':::'",
        )
    attributes = _attributes(node, where, ctx)
    unique = attributes.id is None or _unique(attributes.id, where, seen, ctx)
    parts = _checklist_parts(node, ctx) if form == "checklist" else _assignment_parts(node, ctx)
    complete = _check_parts(form, parts, where, ctx)
    criteria = _rubric(parts.rubric, ctx) if parts.rubric is not None else ()
    if not (complete and unique) or criteria is None or parts.title is None or not attributes.id:
        return None
    title_source = inline_source(parts.title)
    return Assignment(
        form="checklist" if form == "checklist" else "assignment",
        id=attributes.id,
        title=inline_plain_text(title_source),
        title_html=render_inline(title_source, parts.title.map, ctx),
        brief_html="\n".join(render_block(child.to_tokens(), ctx) for child in parts.brief),
        hand_in=tuple(_hand_in(item, ctx) for item in parts.hand_in),
        criteria=criteria,
        items=tuple(_item(item, number, ctx) for number, item in enumerate(parts.items, 1)),
        outcomes=attributes.outcomes,
        minutes=attributes.minutes,
        source=where,
    )


def _attributes(node: SyntaxTreeNode, where: SourceSpan, ctx: LessonContext) -> _Attributes:
    """``{#id outcomes=a,b minutes=60}`` after the block's name."""
    form = node.info.strip()
    params = str(node.meta.get("params", ""))
    found = ATTRIBUTES.match(params)
    read = _Attributes()
    if params and not found:
        ctx.diagnostics.error(
            ctx.locate(node.map, params[:20]),
            "assignment.bad-attribute",
            f"write the attributes of '::: {form}' in curly braces: "
            f"'::: {form} {{#my-id outcomes=id1,id2 minutes=60}}'",
        )
    for word in found.group(1).split() if found else ():
        at = ctx.locate(node.map, word)
        if word.startswith("#") and SLUG.match(word[1:]):
            read.id = word[1:]
        elif word.startswith("outcomes="):
            read.outcomes = tuple(p for p in word.removeprefix("outcomes=").split(",") if p)
            ctx.check_outcomes(read.outcomes, [at] * len(read.outcomes))
        elif word.startswith("minutes="):
            read.minutes = _minutes(word.removeprefix("minutes="), at, ctx)
        else:
            ctx.diagnostics.error(
                at,
                "assignment.bad-attribute",
                f"unknown attribute '{word}' of '::: {form}'; use '#id' (a slug), "
                "'outcomes=id1,id2' or 'minutes=60'",
            )
    if read.id is None:
        ctx.diagnostics.error(
            where,
            "assignment.no-id",
            f"'::: {form}' needs an id, so that platforms keep learners' work when the lesson "
            f"changes: write '::: {form} {{#my-{form}}}' with an id of your choice",
        )
    return read


def _minutes(value: str, where: SourceSpan, ctx: LessonContext) -> int | None:
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    ctx.diagnostics.error(
        where,
        "assignment.bad-minutes",
        f"'minutes=' must be a whole number of minutes above 0, such as 'minutes=60', "
        f"not '{value[:20]}'",
    )
    return None


def _unique(
    assignment_id: str, where: SourceSpan, seen: dict[str, SourceSpan], ctx: LessonContext
) -> bool:
    """Is the id new in this lesson? (Across lessons: ``transforms/checks.py``.)"""
    first = seen.setdefault(assignment_id, where)
    if first == where:
        return True
    ctx.diagnostics.error(
        where,
        "assignment.duplicate-id",
        f"assignment id '{assignment_id}' is used twice in this lesson (first at line "
        f"{first.line})",
    )
    return False


def _assignment_parts(node: SyntaxTreeNode, ctx: LessonContext) -> _Parts:
    """Title, brief, hand-in and rubric; text after the rubric is reported."""
    parts = _Parts()
    children = list(node.children)
    if children and children[0].type == "heading":
        parts.title = children.pop(0)
    hand_in = next(
        (i for i, c in enumerate(children) if _is_hand_in(c)),
        None,
    )
    if hand_in is None:  # no hand-in: a table at the end is still the rubric
        if children and children[-1].type == "table":
            parts.rubric = children.pop()
        parts.brief = children
        return parts
    parts.brief, parts.hand_in_at = children[:hand_in], children[hand_in]
    rest = children[hand_in + 1 :]
    if inline_source(parts.hand_in_at)[len("hand in:") :].strip():
        parts.hand_in = [parts.hand_in_at]  # 'Hand in: the plan.' on one line
    elif rest and rest[0].type in {"bullet_list", "ordered_list"}:
        parts.hand_in = list(rest.pop(0).children)
    if rest and rest[0].type == "table":
        parts.rubric = rest.pop(0)
    for extra in rest:
        ctx.diagnostics.error(
            ctx.span(extra.map[0] if extra.map else 0),
            "assignment.text-after-rubric",
            "unexpected text after 'Hand in:': only the list of what to hand in and the "
            "rubric table may follow it; move this text into the brief, above 'Hand in:'",
        )
    return parts


def _is_hand_in(node: SyntaxTreeNode) -> bool:
    return node.type == "paragraph" and bool(HAND_IN.match(inline_source(node)))


def _checklist_parts(node: SyntaxTreeNode, ctx: LessonContext) -> _Parts:
    """Title, brief and the list of items (the block's last list)."""
    parts = _Parts()
    children = list(node.children)
    if children and children[0].type == "heading":
        parts.title = children.pop(0)
    if children and children[-1].type in {"bullet_list", "ordered_list"}:
        parts.items = list(children.pop().children)
    parts.brief = children
    return parts


def _check_parts(form: str, parts: _Parts, where: SourceSpan, ctx: LessonContext) -> bool:
    """Report a missing part; True when the block has every part its form needs."""
    missing: list[tuple[str, str]] = []
    if parts.title is None:
        missing.append(
            ("no-title", f"'::: {form}' must start with its title as a heading ('### ...')")
        )
    if form == "assignment" and not parts.brief:
        missing.append(
            (
                "no-brief",
                "assignment has no brief: say what the learner does, and why, "
                "between the title and 'Hand in:'",
            )
        )
    if form == "assignment" and not parts.hand_in:
        missing.append(
            (
                "no-hand-in",
                "assignment says nothing to hand in: add a paragraph 'Hand in:' "
                "and a list of what the learner hands in, above the rubric",
            )
        )
    if form == "assignment" and parts.rubric is None:
        missing.append(
            (
                "no-rubric",
                "assignment has no rubric: end it with a table whose header row "
                "names the levels ('| Criterion | Not yet (0) | Good (1) |') and whose rows are "
                "the criteria",
            )
        )
    if form == "checklist" and not parts.items:
        missing.append(
            (
                "no-items",
                "checklist has no items: end it with a list, one thing the worker "
                "shows in each item",
            )
        )
    for code, message in missing:
        ctx.diagnostics.error(where, f"assignment.{code}", message)
    return not missing


def _hand_in(item: SyntaxTreeNode, ctx: LessonContext) -> HandInItem:
    if item.type == "paragraph":  # 'Hand in: the plan.' on one line
        source = inline_source(item)[len("hand in:") :].strip()
        return HandInItem(html=render_inline(source, item.map, ctx), text=inline_plain_text(source))
    tokens = [token for child in item.children for token in child.to_tokens()]
    return HandInItem(html=render_block(tokens, ctx), text=plain_text(tokens))


def _item(item: SyntaxTreeNode, number: int, ctx: LessonContext) -> ChecklistItem:
    tokens = [token for child in item.children for token in child.to_tokens()]
    return ChecklistItem(
        id=f"i{number}",
        html=render_block(tokens, ctx),
        text=plain_text(tokens),
        source=ctx.span(item.map[0] if item.map else 0),
    )


# -- the rubric ------------------------------------------------------------------------------------


def _rows(table: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The table's rows, header row first."""
    return [row for section in table.children for row in section.children if row.type == "tr"]


def _cell_source(cell: SyntaxTreeNode) -> str:
    inline = cell.children[0] if cell.children else None
    return inline.content.strip() if inline is not None else ""


def cells_written(line: str) -> int:
    """How many cells a table row's source line holds (markdown-it pads or cuts a row to the
    header's width, so the count is read from the text: every unescaped '|', as GFM splits
    rows, code spans included)."""
    line = line.strip()
    pipes = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    count = len(pipes) + 1
    if pipes and pipes[0] == 0:
        count -= 1
    if pipes and pipes[-1] == len(line) - 1 and len(line) > 1:
        count -= 1
    return count


def _rubric(table: SyntaxTreeNode, ctx: LessonContext) -> tuple[Criterion, ...] | None:
    """The rubric's criteria, each described at every level; None when it is malformed
    (reported)."""
    rows = _rows(table)
    header, body = rows[0], rows[1:]
    levels = _levels(header, ctx)
    ok = levels is not None
    width = len(header.children)
    criteria: list[Criterion] = []
    ids: set[str] = set()
    for row in body:
        where = ctx.span(row.map[0] if row.map else 0)
        written = cells_written(ctx.lines[row.map[0]]) if row.map else width
        if written != width:
            ctx.diagnostics.error(
                where,
                "assignment.rubric-cells",
                f"this rubric row has {written} cells, but the header has {width}: the "
                f"criterion and one description for each of the {width - 1} levels",
            )
            ok = False
            continue
        if levels is not None:
            criteria.append(_criterion(row, levels, where, ids, ctx))
    if not body:
        ctx.diagnostics.error(
            ctx.span(table.map[0] if table.map else 0),
            "assignment.no-rubric",
            "the rubric has no criteria: add a row for each criterion under the header row",
        )
        ok = False
    return tuple(criteria) if ok else None


def _levels(header: SyntaxTreeNode, ctx: LessonContext) -> list[tuple[str, int]] | None:
    """The levels' names and points from the header row (the first cell names the column of
    criteria); None when malformed (reported)."""
    where = ctx.span(header.map[0] if header.map else 0)
    cells = [_cell_source(cell) for cell in header.children[1:]]
    if len(cells) < 2:
        ctx.diagnostics.error(
            where,
            "assignment.rubric-levels",
            "a rubric needs at least two levels: write them in the header row after the first "
            "cell, lowest first ('| Criterion | Not yet (0) | Good (1) |')",
        )
        return None
    named: list[tuple[str, str | None]] = []
    for cell in cells:
        found = LEVEL.match(cell)
        named.append((found["name"], found["points"].strip()) if found else (cell, None))
    given = [points for _, points in named if points is not None]
    bad = [p for p in given if not (p.isascii() and p.isdigit())]
    if bad or 0 < len(given) < len(named):
        problem = (
            f"'({bad[0]})' is not a whole number of points"
            if bad
            else "some levels have points and some have none"
        )
        ctx.diagnostics.error(
            where,
            "assignment.bad-points",
            f"{problem}: give every level its points as a whole number, '| Good (2) |', "
            "or give none (the levels then give 0, 1, 2...)",
        )
        return None
    return [
        (inline_plain_text(name), int(points) if points is not None else place)
        for place, (name, points) in enumerate(named)
    ]


def _criterion(
    row: SyntaxTreeNode,
    levels: list[tuple[str, int]],
    where: SourceSpan,
    ids: set[str],
    ctx: LessonContext,
) -> Criterion:
    cells = [_cell_source(cell) for cell in row.children]
    text = inline_plain_text(cells[0])
    base = _slug(text) or "criterion"
    criterion_id, count = base, 2
    while criterion_id in ids:
        criterion_id, count = f"{base}-{count}", count + 1
    ids.add(criterion_id)
    if not text:
        ctx.diagnostics.error(
            where, "assignment.rubric-cells", "this rubric row has no criterion in its first cell"
        )
    for (name, _), cell in zip(levels, cells[1:], strict=True):
        if not cell:
            ctx.diagnostics.error(
                where,
                "assignment.rubric-cells",
                f"criterion '{text}' says nothing at level '{name}': describe what the work "
                "shows at each level",
            )
    return Criterion(
        id=criterion_id,
        html=render_inline(cells[0], row.map, ctx),
        text=text,
        levels=tuple(
            Level(
                name=name,
                points=points,
                description_html=render_inline(cell, row.map, ctx),
                description_text=inline_plain_text(cell),
            )
            for (name, points), cell in zip(levels, cells[1:], strict=True)
        ),
        source=where,
    )


def _slug(text: str) -> str:
    """A criterion's id: the words of its text, lower case, joined by hyphens."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return "-".join(words)[:60].strip("-")
