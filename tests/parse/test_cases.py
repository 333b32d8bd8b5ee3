"""Fixture-file tests of the lesson and quiz reader (`.`-delimited cases, as in mdit-py-plugins).

Each case in ``cases/quiz_blocks.md`` is a lesson body and the quizzes it must yield (JSON);
each case in ``cases/diagnostics.md`` is a lesson body and the exact diagnostics it must give.
Lesson bodies follow a five-line front matter, so their first line is line 6.
"""

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from tests.parse.helpers import diagnostic_lines, parse_body, quiz_json

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize(
    ("line", "title", "body", "expected"), read_fixture_file(CASES / "quiz_blocks.md")
)
def test_quiz_blocks(tmp_path: Path, line: int, title: str, body: str, expected: str) -> None:
    lesson, diagnostics = parse_body(tmp_path, body)
    assert diagnostic_lines(diagnostics) == "", f"case at line {line}: {title}"
    assert quiz_json(lesson) == expected.rstrip("\n"), f"case at line {line}: {title}"


@pytest.mark.parametrize(
    ("line", "title", "body", "expected"), read_fixture_file(CASES / "diagnostics.md")
)
def test_diagnostics(tmp_path: Path, line: int, title: str, body: str, expected: str) -> None:
    _, diagnostics = parse_body(tmp_path, body)
    assert diagnostic_lines(diagnostics) == expected.rstrip("\n"), f"case at line {line}: {title}"
