"""The scratch file: bytes put aside come back whole, and an archive writer knows them by the
same key as the bytes themselves, so that an archive written after an edit copies them from
the last one (``reuse.py``) instead of compressing them again."""

import hashlib
import zipfile
from pathlib import Path

from bwise_mooc.exporters.base import write_zip
from bwise_mooc.exporters.olx.package import tar_gz
from bwise_mooc.exporters.reuse import Reuse
from bwise_mooc.exporters.scratch import Member, Stored, scratch_folder


def test_bytes_put_aside_come_back_whole_in_one_file(tmp_path: Path) -> None:
    files: dict[str, Member] = {
        "a.xml": b"<a/>",
        "b.html": b"<p>b</p>" * 1000,
        "c.png": tmp_path / "c.png",
    }
    with scratch_folder(tmp_path) as scratch:
        kept = scratch.keep_all(files)
        page = scratch.keep(b"a page")
        assert kept["c.png"] == tmp_path / "c.png"  # a file stays the file it is
        for name in ("a.xml", "b.html"):
            stored = kept[name]
            assert isinstance(stored, Stored)
            assert stored.read_bytes() == files[name]
            assert stored.digest == hashlib.sha256(files[name]).hexdigest()  # type: ignore[arg-type]
        assert page.read_bytes() == b"a page"
        assert [p.name for p in scratch.file.parent.iterdir()] == ["members"]


def test_a_member_put_aside_has_the_key_of_its_bytes(tmp_path: Path) -> None:
    """Before, a member put aside was a file of its own, known by its path and time: new in
    every build, so every page of a course package was compressed again after any edit."""
    reuse = Reuse()
    with scratch_folder(tmp_path) as scratch:
        stored = scratch.keep(b"<html>a lesson page</html>")
        assert reuse.key(stored) == reuse.key(b"<html>a lesson page</html>")


def test_archives_of_members_put_aside_are_those_of_the_bytes(tmp_path: Path) -> None:
    files = {"imsmanifest.xml": b"<manifest/>", "a/page.html": b"<p>one</p>", "b.txt": b"two"}
    with scratch_folder(tmp_path) as scratch:
        kept = scratch.keep_all(files)
        write_zip(tmp_path / "kept.zip", kept, first=["imsmanifest.xml"])
        assert tar_gz("top", kept) == tar_gz("top", files)
    write_zip(tmp_path / "bytes.zip", files, first=["imsmanifest.xml"])
    assert (tmp_path / "kept.zip").read_bytes() == (tmp_path / "bytes.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "kept.zip") as archive:
        assert archive.read("a/page.html") == b"<p>one</p>"
