"""Fixtures the exporter tests share: the real course read once, in every language."""

import pytest

from bwise_mooc import pipeline
from bwise_mooc.ir import Course
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def courses() -> list[Course]:
    """The real course in EN, DE and AR, read without errors."""
    found, diagnostics = pipeline.load_languages(ROOT)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return found
