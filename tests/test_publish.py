"""All formats are published together or not at all (issue 13, class 7).

A build is made to fail at each stage (reading, images, each format, validation, each move of
the publication) and must leave every previous output byte-identical; a build killed in the
middle of publishing is finished by the next command, so that the outputs are never a mix of
two builds once any command has run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.exporters.base import Artifact, BuildOptions
from bwise_mooc.images import ImageStore
from bwise_mooc.ir import Course
from bwise_mooc.pipeline import export, load_course
from bwise_mooc.publish import JOURNAL, recover
from bwise_mooc.validate import InvalidOutput
from tests.catalogue import fingerprint
from tests.conftest import FIXTURES

FORMATS = ["html", "scorm12", "scorm2004", "olx"]


@pytest.fixture(scope="module")
def sample() -> tuple[Course, Course]:
    """The sample course as built before, and an edited version of it."""
    course, _ = load_course(FIXTURES / "sample")
    assert course is not None
    return course, course.model_copy(update={"title": "A new title"})


@pytest.fixture
def previous(sample: tuple[Course, Course], tmp_path: Path) -> Path:
    out = tmp_path / "build"
    export([sample[0]], FIXTURES / "sample", out, FORMATS)
    return out


class Failure(Exception):
    """The injected failure."""


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_format_publishes_nothing(
    name: str,
    jobs: int,
    sample: tuple[Course, Course],
    previous: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = fingerprint(previous)
    broken = EXPORTERS[name]

    class Broken(broken):  # type: ignore[valid-type,misc]
        def write(self, course: Course, source_root: Path, out_dir: Path) -> Artifact:
            super().write(course, source_root, out_dir)  # half written, then it fails
            raise Failure(name)

    monkeypatch.setitem(EXPORTERS, name, Broken)
    with pytest.raises(Failure):
        export([sample[1]], FIXTURES / "sample", previous, FORMATS, BuildOptions(), jobs)
    assert fingerprint(previous) == before
    assert not list(previous.glob(".build-*")) and not (previous / JOURNAL).exists()


def test_an_invalid_output_publishes_nothing(
    sample: tuple[Course, Course], previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(previous)

    def invalid(*args: object, **kwargs: object) -> None:
        raise InvalidOutput("x.zip/imsmanifest.xml", ["refused on purpose"])

    monkeypatch.setattr("bwise_mooc.exporters.scorm.package.check_manifest", invalid)
    with pytest.raises(InvalidOutput):
        export([sample[1]], FIXTURES / "sample", previous, FORMATS)
    assert fingerprint(previous) == before


def test_failing_images_publish_nothing(
    sample: tuple[Course, Course], previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(previous)

    def failing(self: ImageStore, *args: object) -> int:
        raise Failure("images")

    monkeypatch.setattr(ImageStore, "prepare", failing)
    with pytest.raises(Failure):
        export([sample[1]], FIXTURES / "sample", previous, FORMATS)
    assert fingerprint(previous) == before


def test_a_failure_at_any_move_of_the_publication_is_undone(
    sample: tuple[Course, Course], previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publishing four formats writes the journal, then makes eight moves (old aside, new in):
    fail at each one."""
    before = fingerprint(previous)
    real_replace = os.replace
    for failing_move in range(1, 2 * len(FORMATS) + 2):  # the journal, then the moves
        moves = 0

        def replace(source: object, target: object, failing: int = failing_move) -> None:
            nonlocal moves
            moves += 1
            if moves == failing:
                raise PermissionError(13, "Permission denied", str(target))
            real_replace(source, target)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(PermissionError):
            export([sample[1]], FIXTURES / "sample", previous, FORMATS)
        monkeypatch.setattr(os, "replace", real_replace)
        assert fingerprint(previous) == before, f"failing move {failing_move}"
        assert not (previous / JOURNAL).exists()


def test_a_build_whose_outputs_would_share_a_place_publishes_nothing(
    sample: tuple[Course, Course], previous: Path
) -> None:
    before = fingerprint(previous)
    with pytest.raises(ValueError, match="share a place"):
        export([sample[1], sample[1]], FIXTURES / "sample", previous, FORMATS)
    assert fingerprint(previous) == before


KILLED_WHILE_PUBLISHING = """
import os, sys
from pathlib import Path
from bwise_mooc import publish
from bwise_mooc.pipeline import export, load_course

moves = 0
real_move_in = publish._move_in

def move_in(staging, out, place):
    global moves
    real_move_in(staging, out, place)
    moves += 1
    if moves == int(sys.argv[3]):
        os._exit(9)  # killed: no finally, no clean-up

publish._move_in = move_in
course, _ = load_course(Path(sys.argv[1]))
course = course.model_copy(update={"title": "A new title"})
export([course], Path(sys.argv[1]), Path(sys.argv[2]), ["html", "scorm12", "scorm2004", "olx"])
"""


@pytest.mark.parametrize("published", [1, 3])
def test_a_build_killed_while_publishing_is_finished_by_the_next_command(
    published: int, sample: tuple[Course, Course], previous: Path, tmp_path: Path
) -> None:
    expected = tmp_path / "expected"
    export([sample[1]], FIXTURES / "sample", expected, FORMATS)
    before = fingerprint(previous)
    script = tmp_path / "killed.py"
    script.write_text(KILLED_WHILE_PUBLISHING, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(FIXTURES / "sample"), str(previous), str(published)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 9, run.stderr
    assert (previous / JOURNAL).exists()
    half = {name: digest for name, digest in fingerprint(previous).items() if name[0] != "."}
    assert half != before and half != fingerprint(expected)  # a mix of two builds
    recover(previous)  # what every build does first
    assert fingerprint(previous) == fingerprint(expected)
    assert not (previous / JOURNAL).exists() and not list(previous.glob(".build-*"))
