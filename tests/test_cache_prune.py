"""The build cache is pruned when a build is recorded: it follows the course, not the edits.

Rule (``cache.py``): an entry stays while the last build of some output set (the folders a
build writes: ``html``, ``de/olx``...) used it. Builds run through the command line, in this
process; an entry is *reused* when its file (inode) is still the one an earlier build made.
"""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bwise_mooc import cache
from bwise_mooc.cache import ENTRY_FOLDERS
from bwise_mooc.cli import main

LESSON = "modules/02-safe-online/01-fake-messages.md"
IMAGE = "modules/02-safe-online/media/fake-message.png"


def build(root: Path, out: Path, *args: str, jobs: int = 1) -> None:
    command = ["build", "--root", str(root), "--out", str(out), "--quiet", "--jobs", str(jobs)]
    result = CliRunner().invoke(main, [*command, *args])
    assert result.exit_code == 0, result.output


def entries(out: Path) -> dict[str, int]:
    """Every cache entry (``lessons/...``, ``parts/...``...) with its inode."""
    cache = out / ".cache"
    return {
        path.relative_to(cache).as_posix(): path.stat().st_ino
        for top in ENTRY_FOLDERS
        for path in sorted((cache / top).rglob("*"))
        if path.is_file()
    }


def count(found: dict[str, int], top: str) -> int:
    return sum(1 for name in found if name.startswith(f"{top}/"))


@pytest.fixture
def sample(fixture_course: Callable[[str], Path]) -> Path:
    return fixture_course("sample")


def test_twenty_edits_leave_one_entry_per_lesson(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(sample, out)
    first = entries(out)
    assert count(first, "lessons") == len(list(sample.glob("modules/*/[0-9][0-9]-*.md"))) == 6
    assert count(first, "images") == 5  # four in the lessons and the course image
    lesson = sample / LESSON
    text = lesson.read_text("utf-8")
    sizes = []
    for edit in range(1, 21):
        lesson.write_text(f"{text}\nEdit number {edit}.\n", "utf-8")
        build(sample, out)
        sizes.append({top: count(entries(out), top) for top in ENTRY_FOLDERS})
    last = entries(out)
    # One entry per lesson, image, module part and package, not one per edit: the sizes
    # after the first edit and after the twentieth are the same.
    assert sizes[-1] == sizes[0]
    assert sizes[-1]["lessons"] == 6 and sizes[-1]["images"] == 5
    assert sizes[-1]["parts"] <= count(first, "parts") and sizes[-1]["files"] <= count(
        first, "files"
    )  # fewer: what only a first build needs (checks of unchanged packages) is gone
    kept = {name for name in first if first[name] == last.get(name)}
    assert count(dict.fromkeys(kept, 0), "lessons") == 5  # the lessons never edited: found
    assert {name for name in kept if name.startswith("images/")} == {
        name for name in first if name.startswith("images/")
    }
    used = json.loads((out / ".cache/used.json").read_text("utf-8"))
    assert len(used) == 1 and "html" in used[0]["outputs"]  # one output set: every format


def test_entries_found_by_format_workers_are_kept(sample: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "one", tmp_path / "two"
    build(sample, serial, jobs=1)
    build(sample, parallel, jobs=2)
    first = entries(parallel)
    lesson = sample / LESSON
    lesson.write_text(lesson.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    build(sample, serial, jobs=1)
    build(sample, parallel, jobs=2)  # the formats are written by forked workers
    second = entries(parallel)
    assert set(second) == set(entries(serial))  # workers mark what they find, as one process
    reused = dict.fromkeys((name for name in first if second.get(name) == first[name]), 0)
    # The other module's pages, SCO pages and packages were found, so they are still there.
    assert count(reused, "parts") > 0 and count(reused, "files") > 0


def test_a_deleted_image_leaves_the_cache(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(sample, out)
    before = entries(out)
    digests = json.loads((out / ".cache/digests.json").read_text("utf-8"))
    assert IMAGE in digests
    lesson = sample / LESSON
    text = lesson.read_text("utf-8")
    lines = [line for line in text.splitlines() if "(media/fake-message.png)" not in line]
    assert len(lines) == len(text.splitlines()) - 1
    lesson.write_text("\n".join(lines) + "\n", "utf-8")
    (sample / IMAGE).unlink()
    build(sample, out)
    after = entries(out)
    gone = {name for name in before if name.startswith("images/")} - set(after)
    assert len(gone) == 1  # its optimised file, and no other image
    assert count(after, "images") == 4
    assert (out / "html" / gone.pop()).exists() is False
    digests = json.loads((out / ".cache/digests.json").read_text("utf-8"))
    assert IMAGE not in digests  # nor its digest
    assert LESSON in digests


@pytest.mark.parametrize(
    "middle",
    [["--lang", "de"], ["--format", "html"], ["--lang", "de", "--format", "olx"]],
    ids=["one-language", "one-format", "one-of-each"],
)
def test_a_narrower_build_keeps_what_the_full_build_needs(
    fixture_course: Callable[[str], Path], tmp_path: Path, middle: list[str]
) -> None:
    root = fixture_course("conformance")  # English, German and Arabic
    out = tmp_path / "build"
    build(root, out)
    full = entries(out)
    assert count(full, "lessons") == 6  # two lessons in three languages
    build(root, out, *middle)
    assert entries(out).items() >= full.items()  # nothing the full build used has gone
    build(root, out)  # not skipped: the last build was another one
    final = entries(out)
    assert final.items() <= full.items()  # every entry found again, none made again
    for top in ("lessons", "images", "files"):
        assert count(final, top) == count(full, top), top


def test_only_the_most_recent_output_sets_keep_entries(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "OUTPUT_SETS_KEPT", 2)
    out = tmp_path / "build"
    build(sample, out, "--format", "html")
    pages = {name for name in entries(out) if name.endswith(".html") or ".pages." in name}
    assert pages and all(name.startswith("files/") for name in pages)  # kept as files
    build(sample, out, "--format", "olx")
    assert pages <= set(entries(out))  # the last html build still keeps its pages
    build(sample, out, "--format", "scorm12")
    assert not pages & set(entries(out))  # two other output sets since: its pages went
    used = json.loads((out / ".cache/used.json").read_text("utf-8"))
    assert [build["outputs"] for build in used] == [["olx"], ["scorm12"]]
