"""Archives written again after an edit: the members that did not change are copied as bytes.

A course-wide archive (the OLX tarball, the course's SCORM zips and cartridge, an EPUB per
track) holds the whole course's media; after a one-lesson edit most of it is what the last
build wrote. A member's bytes do not depend on where it sits (a zip's local header and data; in
a ``.tar.gz``, the gzip member that holds a media file's tar entry, see
``olx/package.write_tar_gz``), so the writers ask a ``Reuse`` for each member: if the previous
archive of the same name holds the same content under the same name, its bytes are copied
(``os.copy_file_range``: in the kernel, no compression, no checksum), otherwise the member is
written. Only a zip's central directory and the changed members are made again, and the
archive is byte-identical to a cold build's.

A member's content is known by a key: the SHA-256 of its bytes (also of bytes put aside in a
scratch file, ``scratch.Stored``), or for a file its path, size,
inode and modification time; a file in a ``stable`` folder (the image store, whose files are
named by their content and replaced, never changed in place) by its path, size and inode, as
its time moves whenever a build uses it. The previous archive is trusted only while it is the
file its record describes (size and inode) and each copied member starts where and as the
record says; anything else (missing, damaged, another version: ``memo.CachedParts`` keys the
records by the tool's fingerprint) and the member, or the whole archive, is written in full.
"""

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import IO, Any

from bwise_mooc.atomic import write_atomically
from bwise_mooc.exporters.scratch import Member, Stored

log = logging.getLogger(__name__)

# member name -> [content key, offset, length in the archive, length before compression]
Members = dict[str, list[Any]]


@dataclass
class Reuse:
    """What a writer may copy from the previous archive, and what it wrote, for the next."""

    previous: Path | None = None  # the previous archive, if it is still what ``members`` say
    members: Members = field(default_factory=dict)
    stable: Path | None = None  # files here are replaced, never changed in place
    made: Members = field(default_factory=dict)
    copied: int = 0  # bytes copied from the previous archive
    written: int = 0  # bytes written anew
    _source: IO[bytes] | None = field(default=None, repr=False)  # the previous, opened once

    def _opened(self) -> IO[bytes]:
        """The previous archive, opened on first use and kept open until ``close``."""
        assert self.previous is not None
        if self._source is None:
            self._source = self.previous.open("rb")
        return self._source

    def close(self) -> None:
        """Close the previous archive, if it was opened (the writer is done)."""
        if self._source is not None:
            self._source.close()
            self._source = None

    def key(self, data: Member) -> str:
        """What stands for a member's content (see the module docstring)."""
        if isinstance(data, bytes):
            return sha256(data).hexdigest()
        if isinstance(data, Stored):  # put aside: known by its SHA-256, as its bytes would be
            return data.digest
        stat = data.stat()
        stamp = [str(data), stat.st_size, stat.st_ino]
        if self.stable is None or not data.is_relative_to(self.stable):
            stamp.append(stat.st_mtime_ns)
        return json.dumps(stamp)

    def found(self, name: str, key: str) -> tuple[int, int, int] | None:
        """Where the previous archive holds ``name`` with content ``key``: offset, length and
        length before compression; None if it does not."""
        entry = self.members.get(name)
        if self.previous is None or entry is None or entry[0] != key:
            return None
        return int(entry[1]), int(entry[2]), int(entry[3])

    def copy(self, target: IO[bytes], offset: int, length: int, at: int) -> bool:
        """Copy ``length`` bytes at ``offset`` of the previous archive to ``at`` in ``target``
        (flushed first); False if the previous archive cannot give them."""
        target.flush()
        try:
            source = self._opened()
            if COPY_FILE_RANGE is not None:
                whole = _copy_in_kernel(source, target, length, offset, at)
            else:
                whole = _copy_by_reading(source, target, length, offset, at)
        except OSError:
            return False
        if whole:
            self.copied += length
        return whole

    def starts_with(self, offset: int, expected: bytes) -> bool:
        """Whether the previous archive has ``expected`` at ``offset`` (a member's header)."""
        try:
            source = self._opened()
            source.seek(offset)
            return source.read(len(expected)) == expected
        except OSError:
            return False

    def record(self, name: str, key: str, offset: int, length: int, plain: int) -> None:
        self.made[name] = [key, offset, length, plain]

    def report(self, archive: str) -> None:
        log.debug(
            "%s: %d bytes copied from the previous archive, %d written",
            archive,
            self.copied,
            self.written,
        )


# Linux only; elsewhere (macOS, Windows) the bytes are read and written
COPY_FILE_RANGE = getattr(os, "copy_file_range", None)
CHUNK = 1 << 20


def _copy_in_kernel(
    source: IO[bytes], target: IO[bytes], length: int, offset: int, at: int
) -> bool:
    """``os.copy_file_range`` in steps: the file positions do not move."""
    assert COPY_FILE_RANGE is not None
    done = 0
    while done < length:
        step = COPY_FILE_RANGE(
            source.fileno(), target.fileno(), length - done, offset + done, at + done
        )
        if step == 0:
            return False
        done += step
    return True


def _copy_by_reading(
    source: IO[bytes], target: IO[bytes], length: int, offset: int, at: int
) -> bool:
    """The same copy through memory, a chunk at a time; the target's position is left after
    the copied bytes (the writers seek where they go on anyway)."""
    source.seek(offset)
    target.seek(at)
    left = length
    while left:
        chunk = source.read(min(left, CHUNK))
        if not chunk:
            return False
        target.write(chunk)
        left -= len(chunk)
    target.flush()
    return True


def previous_archive(record: Path, cache_folder: Path, stable: Path | None) -> Reuse:
    """A ``Reuse`` of the archive that ``record`` describes, or an empty one when it is gone,
    changed or unreadable."""
    empty = Reuse(stable=stable)
    try:
        data = json.loads(record.read_text("utf-8"))
        path = cache_folder / str(data["file"])
        stat = path.stat()
        members = data["members"]
    except (OSError, ValueError, KeyError, TypeError):
        return empty
    if [stat.st_size, stat.st_ino] != data.get("stamp") or not isinstance(members, dict):
        return empty
    return Reuse(previous=path, members=members, stable=stable)


def save_record(
    record: Path, cache_folder: Path, archive: Path, members: Mapping[str, Any]
) -> None:
    """Describe ``archive`` (a file in the cache) for the next build's ``previous_archive``."""
    stat = archive.stat()
    data = {
        "file": archive.relative_to(cache_folder).as_posix(),
        "stamp": [stat.st_size, stat.st_ino],
        "members": members,
    }
    write_atomically(record, json.dumps(data, sort_keys=True).encode())
