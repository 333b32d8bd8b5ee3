"""Stage 3 helper: a scratch file for the members of an archive being assembled.

An archive of the whole course (the OLX tarball, a SCORM course package, a cartridge) holds a
file for every lesson. Kept as bytes until the archive is written, they would make an
exporter's memory grow with the course; put aside here instead, each is a ``Stored``: where its
bytes lie in one scratch file, and their SHA-256. The archive writers read a member's bytes only
when they write it (``write_zip``, ``write_tar_gz``); a member that the last archive holds
unchanged is copied from it instead (``reuse.py``), known by its SHA-256 as it would be as
bytes. One file for all, appended to: putting aside the 40,000 files of a 3,000-lesson course
costs a few hundred writes, not 40,000 files. The bytes of the archive are the same either way.
"""

import hashlib
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stored:
    """Bytes put aside in a scratch file: the file, where they start, how many, their SHA-256."""

    file: Path
    offset: int
    length: int
    digest: str  # hex SHA-256 of the bytes: what reuse.py knows the member's content by

    def read_bytes(self) -> bytes:
        with self.file.open("rb") as source:
            source.seek(self.offset)
            return source.read(self.length)


Member = bytes | Path | Stored  # an archive member: its bytes, a file, or bytes put aside


def member_bytes(data: bytes | Stored) -> bytes:
    """The bytes of a member that is not a file."""
    return data.read_bytes() if isinstance(data, Stored) else data


def member_size(data: Member) -> int:
    if isinstance(data, Path):
        return data.stat().st_size
    return data.length if isinstance(data, Stored) else len(data)


class Scratch:
    """Bytes put aside in ``folder``, appended to one file."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "members"
        self._end = 0

    def keep(self, data: bytes) -> Stored:
        """``data`` put aside; where it is."""
        kept = self.keep_all({"": data})[""]
        assert isinstance(kept, Stored)
        return kept

    def keep_all(self, files: Mapping[str, Member]) -> dict[str, Member]:
        """``files`` with every ``bytes`` value put aside (one write for all of them)."""
        kept: dict[str, Member] = {}
        written: list[bytes] = []
        for name, data in files.items():
            if not isinstance(data, bytes):
                kept[name] = data
                continue
            kept[name] = Stored(self.file, self._end, len(data), hashlib.sha256(data).hexdigest())
            self._end += len(data)
            written.append(data)
        if written:
            with self.file.open("ab") as target:
                target.write(b"".join(written))
        return kept


@contextmanager
def scratch_folder(near: Path) -> Iterator[Scratch]:
    """A scratch folder beside ``near`` (on the same disk as the output), removed at the end."""
    near.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".scratch.", dir=near))
    try:
        yield Scratch(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
