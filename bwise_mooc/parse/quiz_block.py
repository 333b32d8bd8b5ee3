"""markdown-it block rule for ``::: quiz`` / ``::: assessment`` blocks.

Modelled on mdit_py_plugins' container plugin, with two differences: any ``::: word`` opens a
block (so a misspelt kind is reported, not silently rendered as text), and a block that is
never closed is marked ``meta["closed"] = False`` instead of silently swallowing the lesson.
The body is tokenized as ordinary Markdown; ``parse/quiz.py`` reads the resulting tree.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

OPEN = re.compile(r"^(:{3,})[ \t]*([A-Za-z][\w-]*)(.*)$")
CLOSE = re.compile(r"^(:{3,})[ \t]*$")


def quiz_block_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "quiz_block",
        _quiz_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _quiz_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    opening = OPEN.match(_line(state, start_line))
    if not opening:
        return False
    if silent:
        return True
    markers = len(opening.group(1))
    next_line, closed = start_line, False
    while True:
        next_line += 1
        if next_line >= end_line:
            break
        closing = CLOSE.match(_line(state, next_line))
        if closing and len(closing.group(1)) >= markers and state.sCount[next_line] < 4:
            closed = True
            break
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "quiz"
    state.lineMax = next_line
    token = state.push("quiz_open", "div", 1)
    token.block = True
    token.markup = opening.group(1)
    token.info = opening.group(2)
    token.meta = {"closed": closed, "params": opening.group(3).strip()}
    token.map = [start_line, next_line + (1 if closed else 0)]
    state.md.block.tokenize(state, start_line + 1, next_line)
    token = state.push("quiz_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = next_line + (1 if closed else 0)
    return True
