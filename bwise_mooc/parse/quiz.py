"""Stage 1: a ``::: quiz`` / ``::: assessment`` block's syntax tree -> ``ir.Quiz``.

Every question starts with a heading; its answers are one bullet list whose first item decides
the type (``( )`` single, ``[ ]`` multiple, ``answer:`` true/false, ``accept:`` short text,
``number:`` numeric). ``quiz_parts`` cuts the block into questions; every authoring mistake
in them is reported here or there, with its line and column.
"""

import re
from dataclasses import dataclass
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from bwise_mooc.ir import (
    Choice,
    MultipleResponse,
    Numeric,
    NumericAnswer,
    Question,
    Quiz,
    ShortText,
    SingleChoice,
    SourceSpan,
    TextAnswer,
    TrueFalse,
    normalise_text_answer,
)
from bwise_mooc.parse.quiz_parts import (
    Draft,
    check_general_feedback,
    inline_source,
    split_questions,
)
from bwise_mooc.parse.render import (
    LessonContext,
    inline_plain_text,
    render_block,
    render_inline,
)

QUIZ_KINDS = {"quiz": False, "assessment": True}
ATTRIBUTES = re.compile(r"\s*\{([^{}]*)\}\s*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
MARKER = re.compile(
    r"^(?P<marker>\( \)|\([xX]\)|\[ \]|\[[xX]\]|(?:answer|accept|number):)[ \t]*(?P<rest>.*)\Z",
    re.DOTALL,
)
NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
MAX_DIGITS = 15  # what a double, and so every LMS and JavaScript, holds exactly
NUMERIC_EXACT = re.compile(rf"^({NUMBER})\Z")
NUMERIC_TOLERANCE = re.compile(rf"^({NUMBER})\s*(?:\+-|±|\+/-)\s*({NUMBER})\Z")
NUMERIC_RANGE = re.compile(rf"^({NUMBER})\s*\.\.\s*({NUMBER})\Z")
KINDS_BY_MARKER = {
    "( )": "single",
    "(x)": "single",
    "[ ]": "multiple",
    "[x]": "multiple",
    "answer:": "true_false",
    "accept:": "short_text",
    "number:": "numeric",
}


@dataclass
class _Item:
    """One answer-list item, split into its marker and the rest of its text."""

    marker: str
    rest: str
    feedback_html: str
    node: SyntaxTreeNode
    where: SourceSpan


def parse_quiz(
    node: SyntaxTreeNode, number: int, first_question: int, ctx: LessonContext
) -> Quiz | None:
    """Read one quiz block; ``first_question`` is the place of its first question in the lesson."""
    where = ctx.span(node.map[0] if node.map else 0)
    kind = node.info.strip()
    diag = ctx.diagnostics
    if kind not in QUIZ_KINDS:
        diag.error(
            where,
            "quiz.unknown-kind",
            f"unknown block '::: {kind}'; use '::: quiz' or '::: assessment'",
        )
        return None
    if not node.meta.get("closed", True):
        diag.error(
            where, "quiz.unclosed", f"'::: {kind}' block opened here is never closed with ':::'"
        )
    drafts = split_questions(node, ctx)
    if not drafts:
        diag.error(
            where, "quiz.empty", f"'::: {kind}' block has no question (start each with '### ')"
        )
        return None
    graded = QUIZ_KINDS[kind]
    questions = [
        q for i, d in enumerate(drafts) if (q := _question(d, first_question + i, graded, ctx))
    ]
    if len(questions) < len(drafts):
        return None
    return Quiz(id=f"{kind}{number}", graded=graded, questions=tuple(questions), source=where)


def _question(draft: Draft, place: int, graded: bool, ctx: LessonContext) -> Question | None:
    diag = ctx.diagnostics
    title = draft.heading.children[0] if draft.heading.children else None
    raw = title.content if title is not None else ""
    explicit, outcomes = _attributes(raw, draft.where, ctx)
    qid = explicit or f"q{place}"
    if graded and explicit is None:
        _report_no_id(qid, raw, draft.where, ctx)
    _check_unique(qid, draft.where, ctx)
    refs_at = ctx.locate(draft.heading.map, "outcomes=")
    ctx.check_outcomes(outcomes, [refs_at] * len(outcomes))
    prompt_source = ATTRIBUTES.sub("", raw).strip()
    if not prompt_source:
        diag.error(draft.where, "quiz.no-prompt", "question has no text")
    line_map = draft.heading.map
    prompt_html = render_inline(prompt_source, line_map, ctx)
    extra = "".join(render_block(n.to_tokens(), ctx) for n in draft.prompt)
    common = {
        "id": qid,
        "prompt_html": f"<p>{prompt_html}</p>{extra}",
        "prompt_text": inline_plain_text(prompt_source),
        "feedback_html": _children_html(draft.feedback, ctx),
        "hint_html": _hint_html(draft.hint, ctx),
        "outcomes": outcomes,
        "source": draft.where,
    }
    if draft.answers is None:
        diag.error(
            draft.where,
            "quiz.no-answers",
            "question has no answer list ('- ( )', '- [ ]', '- answer:', '- accept:' or '- number:')",
        )
        return None
    items = _items(draft.answers, draft.loose, ctx)
    if items is None:
        return None
    kind = KINDS_BY_MARKER[items[0].marker.lower()]
    if kind != "true_false":  # its one 'answer:' line has no feedback of its own
        check_general_feedback(draft, ctx)
    mixed = [i for i in items if KINDS_BY_MARKER[i.marker.lower()] != kind]
    if mixed:
        diag.error(
            mixed[0].where,
            "quiz.mixed-markers",
            f"answer '{mixed[0].marker}' does not match the first answer's '{items[0].marker}'; one question has one kind of answer",
        )
        return None
    builders = {
        "single": _single,
        "multiple": _multiple,
        "true_false": _true_false,
        "short_text": _short_text,
        "numeric": _numeric,
    }
    return builders[kind](items, common, draft.where, ctx)


def _attributes(
    raw: str, where: SourceSpan, ctx: LessonContext
) -> tuple[str | None, tuple[str, ...]]:
    """The question's id (None if not given) and outcomes from ``{#id outcomes=a,b}`` at the
    end of its heading."""
    qid: str | None = None
    outcomes = tuple[str, ...]()
    found = ATTRIBUTES.search(raw)
    if not found:
        return qid, outcomes
    for word in found.group(1).split():
        if word.startswith("#") and SLUG.match(word[1:]):
            qid = word[1:]
        elif word.startswith("outcomes="):
            outcomes = tuple(part for part in word.removeprefix("outcomes=").split(",") if part)
        else:
            ctx.diagnostics.error(
                where,
                "quiz.bad-attribute",
                f"unknown question attribute '{word}'; use '#id' (a slug) or 'outcomes=id1,id2'",
            )
    return qid, outcomes


def _report_no_id(qid: str, raw: str, where: SourceSpan, ctx: LessonContext) -> None:
    """An assessment question's generated id changes when a question is added above it."""
    add = f"'#{qid}' in its '{{...}}'" if ATTRIBUTES.search(raw) else f"'{{#{qid}}}' to the heading"
    ctx.diagnostics.warning(
        where,
        "quiz.no-id",
        f"assessment question has no '{{#id}}': its id '{qid}' comes from its place, so "
        "learners' saved answers are lost when a question is added or moved above it; "
        f"add {add} (its id today)",
    )


def _check_unique(qid: str, where: SourceSpan, ctx: LessonContext) -> None:
    first = ctx.question_ids.setdefault(qid, where)
    if first != where:
        ctx.diagnostics.error(
            where,
            "quiz.duplicate-id",
            f"question id '{qid}' is used twice in this lesson (first at line {first.line})",
        )


def _children_html(node: SyntaxTreeNode | None, ctx: LessonContext) -> str:
    if node is None:
        return ""
    return "".join(render_block(child.to_tokens(), ctx) for child in node.children)


def _hint_html(node: SyntaxTreeNode | None, ctx: LessonContext) -> str:
    if node is None:
        return ""
    text = inline_source(node).removeprefix("Hint:").strip()
    return render_inline(text, node.map, ctx)


def _items(
    answers: list[SyntaxTreeNode], loose: dict[int, SyntaxTreeNode], ctx: LessonContext
) -> list[_Item] | None:
    items: list[_Item] = []
    ok = True
    for index, item in enumerate(answers):
        first = item.children[0] if item.children else None
        source = inline_source(first) if first is not None and first.type == "paragraph" else ""
        where = ctx.locate(item.map, source[:3] if source else "-")
        found = MARKER.match(source)
        if not found:
            ctx.diagnostics.error(
                where,
                "quiz.bad-answer",
                "answer must start with '( )', '(x)', '[ ]', '[x]', 'answer:', 'accept:' or 'number:'",
            )
            ok = False
            continue
        rest_nodes = item.children[1:]
        feedback = next((n for n in rest_nodes if n.type == "blockquote"), loose.get(index))
        items.append(
            _Item(
                found.group("marker"),
                found.group("rest").strip(),
                _children_html(feedback, ctx),
                item,
                where,
            )
        )
    return items if ok and items else None


def _choices(items: list[_Item], ctx: LessonContext) -> tuple[Choice, ...]:
    return tuple(
        Choice(
            id=chr(ord("a") + index) if index < 26 else f"c{index + 1}",
            html=render_inline(item.rest, item.node.map, ctx),
            text=inline_plain_text(item.rest),
            correct=item.marker.lower() in {"(x)", "[x]"},
            feedback_html=item.feedback_html,
            source=item.where,
        )
        for index, item in enumerate(items)
    )


def _check_choices(choices: tuple[Choice, ...], where: SourceSpan, ctx: LessonContext) -> bool:
    ok = True
    if len(choices) < 2:
        ctx.diagnostics.error(
            where, "quiz.too-few-choices", "a choice question needs at least two answers"
        )
        ok = False
    if not any(choice.correct for choice in choices):
        ctx.diagnostics.error(
            where, "quiz.no-correct-answer", "quiz question has no correct answer"
        )
        ok = False
    for choice in choices:
        if not choice.text:
            ctx.diagnostics.error(choice.source, "quiz.empty-answer", "answer has no text")
            ok = False
    return ok


def _single(
    items: list[_Item], common: dict[str, Any], where: SourceSpan, ctx: LessonContext
) -> Question | None:
    choices = _choices(items, ctx)
    ok = _check_choices(choices, where, ctx)
    correct = [c for c in choices if c.correct]
    if len(correct) > 1:
        ctx.diagnostics.error(
            correct[1].source,
            "quiz.several-correct",
            f"single-choice question has {len(correct)} correct answers; use '[ ]'/'[x]' for multiple response",
        )
        ok = False
    return SingleChoice(choices=choices, **common) if ok else None


def _multiple(
    items: list[_Item], common: dict[str, Any], where: SourceSpan, ctx: LessonContext
) -> Question | None:
    choices = _choices(items, ctx)
    return (
        MultipleResponse(choices=choices, **common) if _check_choices(choices, where, ctx) else None
    )


def _true_false(
    items: list[_Item], common: dict[str, Any], where: SourceSpan, ctx: LessonContext
) -> Question | None:
    if len(items) > 1:
        ctx.diagnostics.error(
            items[1].where,
            "quiz.contradictory",
            "a true/false question has exactly one 'answer:' line",
        )
        return None
    value = items[0].rest.lower()
    if value not in {"true", "false"}:
        ctx.diagnostics.error(
            items[0].where,
            "quiz.bad-true-false",
            f"'answer:' must be 'true' or 'false', not '{items[0].rest}'",
        )
        return None
    return TrueFalse(answer=value == "true", **common)


def _short_text(
    items: list[_Item], common: dict[str, Any], where: SourceSpan, ctx: LessonContext
) -> Question | None:
    seen: set[str] = set()
    ok = True
    for item in items:
        _check_comma(item, ctx)
        item.rest = item.rest.replace("\\,", ",")
        key = normalise_text_answer(item.rest)
        if not key:
            ctx.diagnostics.error(item.where, "quiz.empty-answer", "'accept:' has no text")
            ok = False
        elif key in seen:
            ctx.diagnostics.warning(
                item.where,
                "quiz.duplicate-answer",
                f"accepted answer '{item.rest}' is listed twice (case, spacing and Arabic vowel marks are ignored)",
            )
        seen.add(key)
    accepted = tuple(
        TextAnswer(text=" ".join(i.rest.split()), feedback_html=i.feedback_html)
        for i in items
        if i.rest
    )
    return ShortText(accepted=accepted, **common) if ok else None


COMMA = re.compile(r"(?<!\\)(?:(?<!\d),|,(?!\d))")  # not '\,', not a decimal comma (5,4)


def _check_comma(item: _Item, ctx: LessonContext) -> None:
    """``accept: box, the box`` accepts one answer, comma included: authors often mean two."""
    found = COMMA.search(item.rest)
    if found is None:
        return
    line = ctx.lines[item.where.line - 1] if item.where.line <= len(ctx.lines) else ""
    column = line.find(item.rest, item.where.column - 1)
    where = item.where
    if column >= 0:
        where = where.model_copy(update={"column": column + found.start() + 1})
    ctx.diagnostics.warning(
        where,
        "quiz.comma-in-answer",
        f"'accept: {item.rest}' is one answer, comma included: learners must type all of it; "
        "to accept several answers, write one '- accept:' line for each; if the comma is part "
        "of the answer, write it as '\\,'",
    )


def _numeric(
    items: list[_Item], common: dict[str, Any], where: SourceSpan, ctx: LessonContext
) -> Question | None:
    answers = [parse_numeric(item.rest, item.feedback_html, item.where, ctx) for item in items]
    if any(answer is None for answer in answers):
        return None
    return Numeric(answers=tuple(a for a in answers if a is not None), **common)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_numeric(
    spec: str, feedback_html: str, where: SourceSpan, ctx: LessonContext
) -> NumericAnswer | None:
    """``42``, ``42 +- 0.5`` (or ``±``), or ``40..44``; reported when malformed."""
    spec = spec.strip()
    shown = spec if len(spec) <= 40 else spec[:40] + "…"
    digits = max((len(re.sub(r"\D", "", n)) for n in re.findall(NUMBER, spec)), default=0)
    if digits > MAX_DIGITS:
        ctx.diagnostics.error(
            where,
            "quiz.number-too-long",
            f"a number in '{shown}' has {digits} digits; learning platforms compare at "
            f"most {MAX_DIGITS}: round it and give a tolerance",
        )
        return None
    if found := NUMERIC_EXACT.match(spec):
        value = _number(found.group(1))
        return NumericAnswer(low=value, high=value, value=value, feedback_html=feedback_html)
    if found := NUMERIC_TOLERANCE.match(spec):
        value, tolerance = _number(found.group(1)), _number(found.group(2))
        if tolerance < 0:
            ctx.diagnostics.error(
                where, "quiz.bad-tolerance", f"tolerance must not be negative: '{spec}'"
            )
            return None
        return NumericAnswer(
            low=value - tolerance,
            high=value + tolerance,
            value=value,
            tolerance=tolerance,
            feedback_html=feedback_html,
        )
    if found := NUMERIC_RANGE.match(spec):
        low, high = _number(found.group(1)), _number(found.group(2))
        if low > high:
            ctx.diagnostics.error(
                where,
                "quiz.bad-range",
                f"range '{spec}' runs backwards: write the smaller number first",
            )
            return None
        return NumericAnswer(low=low, high=high, feedback_html=feedback_html)
    ctx.diagnostics.error(
        where, "quiz.bad-number", f"'number:' must be '42', '42 +- 0.5' or '40..44', not '{shown}'"
    )
    return None
