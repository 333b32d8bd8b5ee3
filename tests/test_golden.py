"""Golden tests: the course model of each fixture course, pinned as JSON.

Regenerate with ``make golden`` (``pytest tests/test_golden.py --update-golden``), then read
``git diff tests/golden`` and commit the change with its reason.
"""

from pathlib import Path

import pytest

from bwise_mooc.pipeline import load_course
from tests.conftest import FIXTURES, ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = ["mini", "sample"]


def compare(actual: str, golden: Path, update: bool) -> None:
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run `make golden` and review it"
    assert actual == golden.read_text(encoding="utf-8"), f"{golden} differs: see `make golden`"


@pytest.mark.parametrize("case", CASES)
def test_course_model(case: str, update_golden: bool) -> None:
    course, diagnostics = load_course(FIXTURES / case)
    assert course is not None
    assert not diagnostics.errors
    compare(course.model_dump_json(indent=2) + "\n", GOLDEN / case / "ir.json", update_golden)
