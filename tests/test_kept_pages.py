"""A module's preview pages are kept in the build cache as files (``PartStore.pages``,
``memo.CachedParts.pages``): an unchanged module's pages are placed as links, never written
again, and the outputs are the bytes a build without a cache writes."""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bwise_mooc.build import Build, BuildRequest

LESSON = "modules/02-safe-online/01-fake-messages.md"
UNCHANGED = "01-phone-basics/02-wifi-and-simple-fixes.html"
EDITED = "02-safe-online/01-fake-messages.html"


def build(root: Path, out: Path, use_cache: bool = True) -> None:
    started = Build(BuildRequest(root, ("html",), out=out, use_cache=use_cache))
    assert not started.read().errors, [str(d) for d in started.diagnostics]
    started.write()


def pages(out: Path) -> dict[str, str]:
    site = out / "html"
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*.html"))
    }


def kept_listings(out: Path) -> list[Path]:
    return sorted((out / ".cache" / "files").rglob("*.pages.json"))


def kept_page(out: Path, page: str) -> Path:
    """The cache's file of ``page`` (the one its module's listing names)."""
    for listing in kept_listings(out):
        if page in json.loads(listing.read_text("utf-8")):
            return listing.with_name(listing.name.removesuffix(".pages.json")) / page
    raise AssertionError(f"{page} is not kept")


@pytest.fixture
def sample(fixture_course: Callable[[str], Path]) -> Path:
    return fixture_course("sample")


def test_an_edit_writes_its_modules_pages_and_links_the_others(
    sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(sample, out)
    assert len(kept_listings(out)) == 2  # one per module
    lesson = sample / LESSON
    lesson.write_text(lesson.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    build(sample, out)
    unchanged, edited = out / "html" / UNCHANGED, out / "html" / EDITED
    assert unchanged.stat().st_ino == kept_page(out, UNCHANGED).stat().st_ino  # placed
    assert "One more sentence." in edited.read_text("utf-8")
    assert edited.stat().st_ino == kept_page(out, EDITED).stat().st_ino  # kept as written
    build(sample, tmp_path / "fresh", use_cache=False)
    assert pages(out) == pages(tmp_path / "fresh")


def test_a_module_with_a_kept_page_missing_is_written_again(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample, out)
    before = pages(out)
    lost = kept_page(out, UNCHANGED)
    lost.unlink()
    (sample / LESSON).write_text(
        (sample / LESSON).read_text("utf-8") + "\nAn edit, so the build is not skipped.\n", "utf-8"
    )
    build(sample, out)
    after = pages(out)
    assert after[UNCHANGED] == before[UNCHANGED]  # written again, the same bytes
    assert kept_page(out, UNCHANGED).is_file()  # and kept again
