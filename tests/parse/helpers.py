"""Helpers for the parser's fixture-file tests: run one lesson body, summarise the result."""

import json
from pathlib import Path
from typing import Any

from PIL import Image

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Lesson
from bwise_mooc.parse.lesson import parse_lesson
from tests.conftest import FRONT

LESSON_PATH = "modules/01-basics/01-lesson.md"


def parse_body(root: Path, body: str) -> tuple[Lesson | None, Diagnostics]:
    (root / "modules/01-basics/media").mkdir(parents=True, exist_ok=True)
    for name in ("pic.png", "pic copy.png"):
        Image.new("RGB", (4, 3), "white").save(root / "modules/01-basics/media" / name)
    diagnostics = Diagnostics()
    lesson = parse_lesson(root, LESSON_PATH, FRONT + body, diagnostics)
    return lesson, diagnostics


def _strip_sources(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_sources(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [_strip_sources(v) for v in value]
    return value


def quiz_json(lesson: Lesson | None) -> str:
    """The quizzes of a lesson as JSON, without source positions (those have their own tests)."""
    if lesson is None:
        return "null"
    quizzes = [_strip_sources(q.model_dump(mode="json")) for q in lesson.quizzes()]
    return json.dumps(quizzes, indent=1, ensure_ascii=False)


def diagnostic_lines(diagnostics: Diagnostics) -> str:
    return "\n".join(str(d) for d in diagnostics)
