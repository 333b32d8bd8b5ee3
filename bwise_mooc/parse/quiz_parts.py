"""Stage 1 helper: a quiz block's syntax tree, cut into questions and their parts.

Each ``###`` heading starts a question; the blocks after it are its prompt, its answer list,
its feedback and its hint. A '>' that is not indented under its answer splits the answer list
in two: that is reported once, at the '>', and the question is still read as the author meant.
"""

from dataclasses import dataclass, field

from markdown_it.tree import SyntaxTreeNode

from bwise_mooc.ir import SourceSpan
from bwise_mooc.parse.render import LessonContext


@dataclass
class Draft:
    """A question as it is read, before its type is decided."""

    heading: SyntaxTreeNode
    where: SourceSpan
    prompt: list[SyntaxTreeNode] = field(default_factory=list)
    answers: list[SyntaxTreeNode] | None = None  # the answer list's items
    # '>' feedback written under an answer without indenting it, by the answer's index
    loose: dict[int, SyntaxTreeNode] = field(default_factory=dict)
    feedback: SyntaxTreeNode | None = None
    feedback_attached: bool = False  # the feedback follows the last answer with no empty line
    hint: SyntaxTreeNode | None = None
    last: SyntaxTreeNode | None = None  # the block placed last


def split_questions(node: SyntaxTreeNode, ctx: LessonContext) -> list[Draft]:
    """The questions of a quiz block, each with the blocks that belong to it."""
    drafts: list[Draft] = []
    for child in node.children:
        child_where = ctx.span(child.map[0] if child.map else 0)
        if child.type == "heading":
            drafts.append(Draft(heading=child, where=ctx.locate(child.map, child.markup)))
        elif not drafts:
            ctx.diagnostics.error(
                child_where,
                "quiz.text-before-question",
                "text before the first question; start each question with '### '",
            )
        else:
            _place(drafts[-1], child, child_where, ctx)
    return drafts


def _place(draft: Draft, child: SyntaxTreeNode, where: SourceSpan, ctx: LessonContext) -> None:
    """Put one block of a question's body where it belongs: prompt, answers, feedback or hint."""
    if child.type == "paragraph" and inline_source(child).startswith("Hint:"):
        draft.hint = child
    elif child.type == "bullet_list" and draft.answers is None:
        draft.answers = list(child.children)
    elif (
        child.type == "bullet_list" and draft.feedback is not None and draft.last is draft.feedback
    ):
        # '- (x) a' / '> why' / '- ( ) b': the '>' was meant for answer a and split the list
        _loose_feedback(draft, draft.feedback, ctx)
        draft.feedback = None
        draft.answers = [*(draft.answers or []), *child.children]
    elif child.type == "bullet_list":
        ctx.diagnostics.error(
            where,
            "quiz.two-answer-lists",
            "a question has one answer list; start a new question with '### '",
        )
    elif child.type == "blockquote" and draft.loose and _right_under_answers(draft, child, ctx):
        _loose_feedback(draft, child, ctx)  # the last answer's, like the ones above it
    elif child.type == "blockquote" and draft.answers is not None and draft.feedback is None:
        draft.feedback = child
        draft.feedback_attached = _right_under_answers(draft, child, ctx)
    elif draft.answers is None:
        draft.prompt.append(child)
    else:
        ctx.diagnostics.error(
            where,
            "quiz.text-after-answers",
            "unexpected text after the answers: only '> feedback' and 'Hint:' may follow",
        )
    draft.last = child


def _right_under_answers(draft: Draft, node: SyntaxTreeNode, ctx: LessonContext) -> bool:
    """Does ``node`` follow the answer list directly, without an empty line between?"""
    line = node.map[0] if node.map else 0
    return (
        draft.last is not None
        and draft.last.type == "bullet_list"
        and line > 0
        and bool(ctx.lines[line - 1].strip())
    )


def _loose_feedback(draft: Draft, node: SyntaxTreeNode, ctx: LessonContext) -> None:
    """Report '>' feedback that is not indented under its answer; keep it as that answer's."""
    ctx.diagnostics.error(
        ctx.locate(node.map, ">"),
        "quiz.feedback-indent",
        "feedback under an answer must be indented by two spaces ('  > ...'): "
        "without them, this '>' ends the answer list",
    )
    draft.loose[len(draft.answers or []) - 1] = node


def check_general_feedback(draft: Draft, ctx: LessonContext) -> None:
    """'>' right under the last answer, with no empty line, is the question's feedback: say so."""
    node = draft.feedback
    if node is not None and draft.feedback_attached and not draft.loose:
        ctx.diagnostics.warning(
            ctx.locate(node.map, ">"),
            "quiz.feedback-ambiguous",
            "this '>' right under the last answer is the feedback for the whole question: "
            "indent it by two spaces ('  > ...') if it is for that answer only, or leave an "
            "empty line before it",
        )


def inline_source(node: SyntaxTreeNode) -> str:
    """The Markdown source of a paragraph's text, stripped."""
    inline = node.children[0] if node.children else None
    return inline.content.strip() if inline is not None and inline.type == "inline" else ""
