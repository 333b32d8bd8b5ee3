"""Course-wide archives written again after an edit copy their unchanged members from the last
build's archive, and are byte-identical to a cold build of the edited course; a previous
archive that is missing or damaged gives a correct archive written in full."""

import logging
import re
import shutil
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

import pytest

from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.exporters import reuse
from bwise_mooc.exporters.olx.package import write_tar_gz
from bwise_mooc.exporters.reuse import Reuse, previous_archive
from bwise_mooc.exporters.scratch import Member
from tests.test_incremental import _record_made_parts, outputs

FORMATS = ["scorm12", "scorm2004", "olx", "cc", "epub"]
EDITED = "modules/01-phone-basics/01-make-the-screen-easy.md"
REPORT = re.compile(r"(\S+): (\d+) bytes copied from the previous archive, (\d+) written")
# the archives of the whole course (the sample's id, a language, a kind), and the books
COURSE_WIDE = re.compile(r"^bwise-digital-skills(\.\w+)?\.(zip|tar\.gz|imscc)$|\.epub$")


@pytest.fixture
def course(fixture_course: Callable[[str], Path]) -> Path:
    return fixture_course("sample")


def _build(root: Path, out: Path, caplog: pytest.LogCaptureFixture) -> dict[str, tuple[int, int]]:
    """Build every archive format; bytes copied and written for each archive written."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="bwise_mooc.exporters.reuse"):
        started = Build(BuildRequest(root, FORMATS, out=out))
        assert not started.read().errors
        started.write()
    found = [REPORT.search(record.getMessage()) for record in caplog.records]
    return {m.group(1): (int(m.group(2)), int(m.group(3))) for m in found if m}


def _edit(root: Path, words: str) -> None:
    lesson = root / EDITED
    lesson.write_text(lesson.read_text("utf-8") + f"\n{words}\n", "utf-8")


def _cold(root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> dict[str, str]:
    out = tmp_path / "cold"
    shutil.rmtree(out, ignore_errors=True)
    _build(root, out, caplog)
    return outputs(out)


@pytest.mark.parametrize("copy", ["in the kernel", "by reading"])
def test_an_archive_written_after_an_edit_copies_its_media_and_equals_a_cold_build(
    course: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    copy: str,
) -> None:
    """``by reading``: as on macOS and Windows, which have no ``os.copy_file_range``."""
    if copy == "by reading":
        monkeypatch.setattr(reuse, "COPY_FILE_RANGE", None)
    elif reuse.COPY_FILE_RANGE is None:
        pytest.skip("this system has no os.copy_file_range")
    out = tmp_path / "out"
    _build(course, out, caplog)
    _edit(course, "One more sentence for the learner.")
    reused = _build(course, out, caplog)
    assert outputs(out) == _cold(course, tmp_path, caplog)
    wide = {name: counts for name, counts in reused.items() if COURSE_WIDE.search(name)}
    kinds = {
        name.split(".", 1)[1].split(".", 1)[-1] if ".tar" not in name else "tar.gz" for name in wide
    }
    assert kinds >= {"zip", "tar.gz", "imscc", "epub"}, sorted(wide)
    for name, (copied, written) in wide.items():
        assert copied > written > 0, name  # the media came from the last archive


@pytest.mark.parametrize("damage", ["missing", "truncated", "spoilt in place"])
def test_a_missing_or_damaged_previous_archive_gives_a_correct_archive(
    course: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    out = tmp_path / "out"
    _build(course, out, caplog)
    _edit(course, "Another sentence.")
    probe = tmp_path / "probe"  # a copy of the build: which archives does the edit rewrite?
    shutil.copytree(out, probe, symlinks=True)
    rewritten = _archives_named(out, set(_build(course, probe, caplog)))
    assert len(rewritten) >= 5
    for previous in rewritten:
        data = previous.read_bytes()
        if damage == "spoilt in place":  # same file, same size: each member's start is checked
            with previous.open("r+b") as spoilt:
                spoilt.write(b"\0" * 64)
            continue
        previous.unlink()  # a hard link of the output: the output keeps its bytes
        if damage == "truncated":
            previous.write_bytes(data[: len(data) // 2])
    written = _build(course, out, caplog)
    assert outputs(out) == _cold(course, tmp_path, caplog)
    if damage != "spoilt in place":
        assert written and all(copied == 0 for copied, _ in written.values()), written


def _archives_named(out: Path, names: set[str]) -> list[Path]:
    """The cache's copies (in ``files/``, as the records say) of the archives ``names``."""
    output_files = [
        path for path in out.rglob("*") if path.is_file() and ".cache" not in path.parts
    ]
    by_file = {path.stat().st_ino: path.name for path in output_files}
    found = []
    for record in sorted((out / ".cache/archives").rglob("*.json")):
        previous = previous_archive(record, out / ".cache", None).previous
        assert previous is not None
        if by_file.get(previous.stat().st_ino) in names:
            found.append(previous)
    return found


def test_an_edited_text_file_writes_its_run_of_the_tarball_again_and_copies_the_others(
    tmp_path: Path,
) -> None:
    """The OLX tarball's text is cut into runs by the names alone (olx/package.py): after an
    edit of one file, the runs that do not hold it are copied from the last tarball."""
    files: dict[str, Member] = {
        f"html/{number:04d}.html": f"<p>Lesson {number}: {sha256(bytes(number)).hexdigest()}</p>".encode()
        for number in range(3000)
    }
    first = tmp_path / "first.tar.gz"
    made = Reuse()
    write_tar_gz(first, "course", files, made)
    edited = {**files, "html/1500.html": b"<p>Lesson 1500, edited.</p>"}
    again, fresh = tmp_path / "again.tar.gz", tmp_path / "fresh.tar.gz"
    reused = Reuse(previous=first, members=made.made)
    write_tar_gz(again, "course", edited, reused)
    write_tar_gz(fresh, "course", edited)
    assert again.read_bytes() == fresh.read_bytes()
    runs = [label for label in made.made if label.endswith("(text run)")]
    assert len(runs) > 5  # cut by the names: one in 256 on average
    changed = [label for label, entry in reused.made.items() if made.made[label][0] != entry[0]]
    assert len(changed) == 1  # the run that holds the edited file; the others are copied
    assert reused.copied > reused.written > 0


def test_an_edit_makes_again_the_book_documents_of_its_module_only(
    course: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A book holds a track's every lesson: after an edit, the other modules' documents come
    from the cache (the test above checks that the book equals a cold build's)."""
    out = tmp_path / "out"
    _build(course, out, caplog)
    made = _record_made_parts(monkeypatch)
    _edit(course, "A sentence for the book.")
    _build(course, out, caplog)
    books = [modules for kind, modules in made if kind == "epub-part"]
    assert books and all(modules == {"modules/01-phone-basics"} for modules in books), made
