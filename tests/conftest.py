"""Shared fixtures: miniature courses written from dicts, fixture courses, golden switch."""

import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import settings

# No deadline for a property test's examples: how long one takes on a loaded 2-core CI machine
# says nothing about the code (timings belong to `make bench`, not to tests).
settings.register_profile("bwise", deadline=None)
settings.load_profile("bwise")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "courses"

COURSE_YML = """\
id: demo
organisation: BWISE
run: "2026"
version: "1.0"
title: Demo course
description: A course for tests.
languages: [en]
licence: CC-BY-SA-4.0
authors: [{name: Test Author}]
tracks: [{id: workers, title: Workers}]
"""

MODULE_YML = """\
title: Basics
summary: Basic things.
track: workers
outcomes:
  - {id: o1, text: Do the first thing.}
estimated_minutes: 30
"""

FRONT = "---\ntitle: A lesson\nestimated_minutes: 10\noutcomes: [o1]\n---\n"

MakeCourse = Callable[..., Path]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (review the diff before committing).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (path relative to ``root`` -> text or bytes) and return ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_course(tmp_path: Path) -> MakeCourse:
    """Write a course into tmp_path: defaults for course.yml and one module, plus ``files``."""

    def make(files: dict[str, str | bytes] | None = None, *, lesson: str | None = None) -> Path:
        layout: dict[str, str | bytes] = {
            "course/course.yml": COURSE_YML,
            "modules/01-basics/module.yml": MODULE_YML,
        }
        if lesson is not None:
            layout["modules/01-basics/01-lesson.md"] = FRONT + textwrap.dedent(lesson)
        layout.update(files or {})
        return write_files(tmp_path, layout)

    return make


@pytest.fixture
def fixture_course(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of ``tests/fixtures/courses/<name>``."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture(scope="session")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of a good build of a small course, in every format: what a refused build
    must leave byte-identical (``tests/catalogue.py``)."""
    from click.testing import CliRunner

    from bwise_mooc.cli import main

    root = write_files(
        tmp_path_factory.mktemp("good-course"),
        {
            "course/course.yml": COURSE_YML,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": FRONT
            + "Fine.\n\n::: assessment\n### Yes? {#q1}\n- answer: true\n:::\n",
        },
    )
    out = tmp_path_factory.mktemp("previous") / "build"
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--jobs", "1", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    return out
