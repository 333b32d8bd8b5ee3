"""Reproducible, parallel and incremental builds: the same bytes whatever the path taken."""

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import bwise_mooc.images
import bwise_mooc.parse.course
from bwise_mooc import cache, ir, memo
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.exporters import BuildOptions
from bwise_mooc.images import ImageStore

FORMATS = ["html", "scorm12", "scorm2004", "olx", "report"]


def outputs(out: Path) -> dict[str, str]:
    """Every output file (not the cache) with its SHA-256."""
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".cache" not in path.relative_to(out).parts
    }


class Counted:
    """How many lessons were parsed and images made since the last ``reset``: an image is made
    once it is put in the image store, by stage 3 or by the check that decoded it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed = 0
        self.optimised = 0
        parse = bwise_mooc.parse.course.parse_lesson  # type: ignore[attr-defined]
        put = ImageStore._put

        def counting_parse(*args: object, **kwargs: object) -> object:
            self.parsed += 1
            return parse(*args, **kwargs)  # type: ignore[arg-type]

        def counting_put(store: ImageStore, name: str, data: bytes) -> None:
            self.optimised += 1
            put(store, name, data)

        monkeypatch.setattr(bwise_mooc.parse.course, "parse_lesson", counting_parse)
        monkeypatch.setattr(ImageStore, "_put", counting_put)

    def reset(self) -> tuple[int, int]:
        found = (self.parsed, self.optimised)
        self.parsed = self.optimised = 0
        return found


def build(root: Path, out: Path, jobs: int = 1, **options: object) -> Build:
    request = BuildRequest(root, FORMATS, out=out, options=BuildOptions(**options), jobs=jobs)  # type: ignore[arg-type]
    started = Build(request)
    assert not started.read().errors, [str(d) for d in started.diagnostics]
    started.write()
    return started


@pytest.fixture
def sample(fixture_course: Callable[[str], Path]) -> Path:
    return fixture_course("sample")


@dataclass
class Built:
    """The sample course built once: the counters, the output folder and its files then."""

    counted: Counted
    out: Path
    before: dict[str, str]


@pytest.fixture
def built(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Built:
    counted = Counted(monkeypatch)
    out = tmp_path / "out"
    build(sample, out)
    assert counted.reset() == (6, 5)  # every lesson parsed, every image optimised
    return Built(counted, out, outputs(out))


def test_two_clean_builds_are_byte_identical_with_one_worker_or_two(
    sample: Path, tmp_path: Path
) -> None:
    build(sample, tmp_path / "one", jobs=1)
    build(sample, tmp_path / "two", jobs=2)
    first, second = outputs(tmp_path / "one"), outputs(tmp_path / "two")
    assert any(name.endswith(".zip") for name in first)
    assert any(name.endswith(".tar.gz") for name in first)
    assert first == second


def test_source_date_epoch_sets_the_archive_times(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(sample, tmp_path / "a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(sample, tmp_path / "a")  # the epoch is part of the build key: rebuilt, not skipped
    build(sample, tmp_path / "b")
    first, second = outputs(tmp_path / "a"), outputs(tmp_path / "b")
    assert first == second
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    build(sample, tmp_path / "c")
    zips = [name for name in first if name.endswith(".zip")]
    assert all(first[name] != outputs(tmp_path / "c")[name] for name in zips)


def test_an_unchanged_course_is_not_built_again(sample: Path, built: Built) -> None:
    counted, out = built.counted, built.out
    before = built.before
    again = build(sample, out)
    assert again.up_to_date and counted.reset() == (0, 0)
    assert outputs(out) == before


def test_a_warm_build_reuses_lessons_and_images(sample: Path, built: Built) -> None:
    counted, out = built.counted, built.out
    before = built.before
    for folder in out.iterdir():
        if folder.name != ".cache":
            shutil.rmtree(folder)
    warm = build(sample, out)
    assert not warm.up_to_date
    assert counted.reset() == (0, 0)  # every lesson and image came from the cache
    assert outputs(out) == before


def test_an_edited_source_is_parsed_again_alone(sample: Path, built: Built) -> None:
    counted, out = built.counted, built.out
    before = built.before
    lesson = sample / "modules/02-safe-online/01-fake-messages.md"
    lesson.write_text(lesson.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    build(sample, out)
    assert counted.reset() == (1, 0)  # that lesson only; its images are unchanged
    after = outputs(out)
    assert (
        after["html/02-safe-online/01-fake-messages.html"]
        != (before["html/02-safe-online/01-fake-messages.html"])
    )
    assert (
        after["html/01-phone-basics/02-wifi-and-simple-fixes.html"]
        == (before["html/01-phone-basics/02-wifi-and-simple-fixes.html"])
    )


def test_an_edited_image_is_optimised_again_and_its_lessons_parsed(
    sample: Path, built: Built
) -> None:
    counted, out = built.counted, built.out
    picture = next((sample / "modules/02-safe-online/media").glob("*.png"))
    Image.new("RGB", (40, 30), (10, 200, 10)).save(picture)
    build(sample, out)
    parsed, optimised = counted.reset()
    assert parsed == 1 and optimised == 1


def test_an_edited_image_makes_again_only_the_parts_of_the_module_that_shows_it(
    sample: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = built.out
    made = _record_made_parts(monkeypatch)
    picture = sample / "modules/02-safe-online/media/fake-message.png"
    Image.new("RGB", (40, 30), (10, 200, 10)).save(picture)
    build(sample, out)
    modules = {module for _, declared in made for module in declared}
    assert modules == {"modules/02-safe-online"}, made  # module 01's parts came from the cache
    assert {kind for kind, _ in made} >= {"preview-module", "olx-module", "report-counts"}
    after = outputs(out)
    kept = "html/01-phone-basics/02-wifi-and-simple-fixes.html"
    assert after[kept] == built.before[kept]
    shown = "html/02-safe-online/01-fake-messages.html"
    assert after[shown] != built.before[shown]  # the page names the new picture
    cold = out.parent / "cold"
    build(sample, cold)
    assert outputs(cold) == after  # byte for byte what a cold build of the edited course gives


def test_an_edit_after_a_build_from_the_cache_makes_again_only_its_module(
    sample: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that finds every archive whole in the cache (the outputs deleted, the cache kept)
    needs none of the parts the archives were made of, yet they must stay: the next edit makes
    the course-wide archives again from every module's parts."""
    out = built.out
    for entry in out.iterdir():
        if entry.name != ".cache":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    build(sample, out)  # every archive and file from the cache
    assert outputs(out) == built.before
    made = _record_made_parts(monkeypatch)
    lesson = sample / "modules/02-safe-online/01-fake-messages.md"
    lesson.write_text(lesson.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    build(sample, out)
    modules = {module for _, declared in made for module in declared}
    assert modules == {"modules/02-safe-online"}, made  # module 01's parts were kept


def _record_made_parts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, set[str]]]:
    """From now on, each part made (not found in the cache): its kind and the modules that
    declared it."""
    made: list[tuple[str, set[str]]] = []
    find_or_make = memo.CachedParts.part

    def recording(
        self: memo.CachedParts, course: ir.Course, kind: str, decided_by: list[object], make: Any
    ) -> object:
        def making() -> object:
            made.append((kind, {item.dir for item in _modules(decided_by)}))
            return make()

        return find_or_make(self, course, kind, decided_by, making)

    find_or_write = memo.CachedParts.pages

    def recording_pages(
        self: memo.CachedParts,
        course: ir.Course,
        kind: str,
        decided_by: list[object],
        folder: Path,
        make: Any,
    ) -> None:
        def making() -> Any:
            made.append((kind, {item.dir for item in _modules(decided_by)}))
            return make()

        find_or_write(self, course, kind, decided_by, folder, making)

    monkeypatch.setattr(memo.CachedParts, "part", recording)
    monkeypatch.setattr(memo.CachedParts, "pages", recording_pages)
    return made


def _modules(declared: object) -> list[ir.Module]:
    if isinstance(declared, ir.Module):
        return [declared]
    if isinstance(declared, list | tuple):
        return [module for item in declared for module in _modules(item)]
    return []


def test_a_changed_option_rebuilds_the_outputs(sample: Path, built: Built) -> None:
    counted, out = built.counted, built.out
    before = built.before
    again = build(sample, out, sco_per="lesson")
    assert not again.up_to_date
    assert counted.reset() == (0, 0)  # the option changes packages, not lessons
    after = outputs(out)
    assert after["scorm12/bwise-digital-skills.zip"] != before["scorm12/bwise-digital-skills.zip"]


def test_a_changed_image_setting_makes_new_images(sample: Path, built: Built) -> None:
    counted, out = built.counted, built.out
    course_yml = sample / "course/course.yml"
    course_yml.write_text(course_yml.read_text("utf-8") + "images: {max_size: 400}\n", "utf-8")
    build(sample, out)
    parsed, optimised = counted.reset()
    assert parsed == 0 and optimised == 5  # lessons keep their parse; every image is renamed


def test_a_new_tool_version_invalidates_the_cache(
    sample: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted, out = built.counted, built.out
    before = built.before
    monkeypatch.setattr(cache, "tool_fingerprint", lambda: "a newer bwise-mooc")
    again = build(sample, out)
    assert not again.up_to_date
    parsed, _ = counted.reset()
    assert parsed == 6
    assert outputs(out) == before  # same tool behaviour, so the same bytes


def test_the_tool_fingerprint_follows_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.tool_fingerprint()
    cache.tool_fingerprint.cache_clear()
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    try:
        assert cache.tool_fingerprint() != first
    finally:
        cache.tool_fingerprint.cache_clear()
