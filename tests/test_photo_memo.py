"""The photograph decision of a PNG is kept in the build cache: a later build (a new process,
simulated by forgetting what this one remembers) finds it without decoding the picture."""

import json
from pathlib import Path

import pytest

import bwise_mooc.photo_detect
import bwise_mooc.photo_memo
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.pipeline import load_course
from bwise_mooc.transforms import assets
from tests.conftest import MakeCourse
from tests.test_photo_png import _course, _html_media


def _new_process() -> None:
    """Forget what this process remembers, as a new build process would start."""
    bwise_mooc.photo_memo._STORES.clear()
    assets._image_name.cache_clear()


def _refuse_to_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> bool:
        raise AssertionError("a PNG was decoded again")

    monkeypatch.setattr(bwise_mooc.photo_detect, "png_is_photograph", refuse)


def _edit_the_lesson(root: Path) -> None:
    lesson = root / "modules/01-basics/01-lesson.md"
    lesson.write_text(lesson.read_text("utf-8") + "\nOne more line.\n", "utf-8")


def test_a_later_build_finds_the_photo_decision_without_decoding(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course(make_course)
    _new_process()
    first = _html_media(root, tmp_path / "out", 1)
    assert sorted(Path(name).suffix for name in first) == [".jpg", ".png"]
    stored = json.loads((tmp_path / "out/.cache/photographs.json").read_text())
    assert sorted(stored["decisions"].values()) == [False, True]

    _new_process()
    _refuse_to_decode(monkeypatch)
    _edit_the_lesson(root)
    assert _html_media(root, tmp_path / "out", 1) == first


def test_a_changed_detector_decides_again(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course(make_course)
    _new_process()
    _html_media(root, tmp_path / "out", 1)
    _new_process()
    monkeypatch.setattr(bwise_mooc.photo_memo, "detector_version", lambda: "another detector")
    _refuse_to_decode(monkeypatch)
    _edit_the_lesson(root)  # else the build is skipped as unchanged
    build = Build(BuildRequest(root, ["html"], out=tmp_path / "out"))
    with pytest.raises(AssertionError, match="decoded again"):
        build.read()


def test_check_without_a_cache_decides_the_same(make_course: MakeCourse, tmp_path: Path) -> None:
    root = _course(make_course)
    _new_process()
    built = _html_media(root, tmp_path / "out", 1)
    _new_process()
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    assert sorted(Path(place).name for place in course.media.values()) == sorted(built)
    assert bwise_mooc.photo_memo.decisions(None).decided == 2  # no cache: decided by the detector
