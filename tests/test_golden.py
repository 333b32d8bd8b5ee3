"""Golden tests: the course model of each fixture course, pinned as JSON.

Regenerate with ``make golden`` (``pytest tests/test_golden.py --update-golden``), then read
``git diff tests/golden`` and commit the change with its reason.
"""

import pytest

from bwise_mooc.pipeline import load_course
from tests.conftest import FIXTURES, ROOT
from tests.golden_support import compare

GOLDEN = ROOT / "tests" / "golden"
CASES = ["mini", "sample"]


@pytest.mark.parametrize("case", CASES)
def test_course_model(case: str, update_golden: bool) -> None:
    course, diagnostics = load_course(FIXTURES / case)
    assert course is not None
    assert not diagnostics.errors
    compare(course.model_dump_json(indent=2) + "\n", GOLDEN / case / "ir.json", update_golden)
