"""The Visual Studio Code set-up in ``.vscode/`` (docs/editors.md): its schema mapping names the
files ``bwise-mooc schema`` writes and the files of the course, and every snippet, expanded
with its placeholders' default text, is a lesson or a quiz that ``bwise-mooc check`` accepts
without a word."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bwise_mooc.cli import main
from tests.conftest import COURSE_YML, ROOT, write_files

VSCODE = ROOT / ".vscode"
SNIPPETS = json.loads((VSCODE / "bwise-mooc.code-snippets").read_text("utf-8"))
OUTCOME = "outcome-id"  # the snippets' placeholder outcome
MODULE_YML = f"""\
title: Basics
summary: Basic things.
track: workers
outcomes:
  - {{id: {OUTCOME}, text: Do the first thing.}}
estimated_minutes: 30
"""
FRONT = f"---\ntitle: A lesson\nestimated_minutes: 10\noutcomes: [{OUTCOME}]\n---\n\nSome text.\n\n"
ASSESSMENT = (  # a module needs one: the snippet under test goes into the lesson before it
    f"---\ntitle: Test\nestimated_minutes: 5\noutcomes: [{OUTCOME}]\n---\n\nA test.\n\n"
    f"::: assessment\n### Is this a test? {{#is-test outcomes={OUTCOME}}}\n- answer: true\n\n"
    "> Yes.\n\n:::\n"
)
PLACEHOLDER = re.compile(r"\$\{\d+:|\$\{\d+\|([^|]*)\|\}|\$\{\d+\}|\$\d+|\\(.)|(\})")


def expand(body: str | list[str]) -> str:
    """A snippet as VS Code inserts it when the author accepts every placeholder's default
    text (a choice's first option); tab stops without text are left empty."""
    text = "\n".join(body) if isinstance(body, list) else body
    out: list[str] = []
    depth = 0
    position = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if match.group(1) is not None:  # ${1|a,b|}: the first choice
            out.append(match.group(1).split(",")[0])
        elif match.group(2) is not None:  # an escaped character
            out.append(match.group(2))
        elif token == "}":
            if depth:
                depth -= 1  # the end of a placeholder's default text
            else:
                out.append(token)
        elif token.endswith(":"):
            depth += 1
    out.append(text[position:])
    assert depth == 0, f"unclosed placeholder in {text!r}"
    return "".join(out)


def test_expand_takes_the_default_text() -> None:
    assert expand(["${1:a {b\\}} $2 ${3|true,false|} \\$x$0"]) == "a {b}  true $x"


def lesson_for(name: str) -> str:
    """A whole lesson made with the snippet ``name``."""
    text = expand(SNIPPETS[name]["body"])
    if text.startswith("---"):  # the front matter snippet starts a lesson
        return text + "Some text.\n"
    if text.startswith(":::"):  # a quiz or an assessment block
        return FRONT + text
    return FRONT + "::: quiz\n" + text + ":::\n"  # a question


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_every_snippet_makes_a_lesson_the_check_accepts(name: str, tmp_path: Path) -> None:
    snippet = SNIPPETS[name]
    assert snippet["scope"] == "markdown" and snippet["prefix"] and snippet["description"]
    root = write_files(
        tmp_path,
        {
            "course/course.yml": COURSE_YML,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": lesson_for(name),
            "modules/01-basics/02-test.md": ASSESSMENT,
        },
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--strict"])
    assert result.exit_code == 0, lesson_for(name) + result.output
    assert "0 errors, 0 warnings" in result.output, result.output


def test_every_question_type_has_a_snippet() -> None:
    """The five types of docs/authoring.md, each by the form of its first answer."""
    bodies = [expand(snippet["body"]) for snippet in SNIPPETS.values()]
    for form in ("- (x) ", "- [x] ", "- answer: ", "- accept: ", "- number: "):
        assert any(form in body for body in bodies), form
    assert any(body.startswith("::: quiz") for body in bodies)
    assert any(body.startswith("::: assessment") for body in bodies)
    assert any(body.startswith("---\ntitle: ") for body in bodies)


def test_the_schema_mapping_names_what_schema_writes_and_the_course_files(
    tmp_path: Path,
) -> None:
    settings = json.loads((VSCODE / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    result = CliRunner().invoke(main, ["schema", "--root", str(ROOT), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for schema, pattern in mapping.items():
        assert schema.startswith("./build/schema/")
        assert (tmp_path / Path(schema).name).is_file(), schema
        assert list(ROOT.glob(pattern)), pattern
    extensions = json.loads((VSCODE / "extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
