"""Stage 3 helper: a scratch folder for the files of an archive being assembled.

An archive of the whole course (the OLX tarball, a SCORM course package) holds a file for every
lesson. Kept as bytes until the archive is written, they would make an exporter's memory grow
with the course; put here instead, each is a ``Path`` that the archive writers stream from
(``write_zip``, ``write_tar_gz``), so an exporter holds one module's files at a time. The bytes
of the archive are the same either way.
"""

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


class Scratch:
    """Files put aside in ``folder``, each in a file of its own, numbered as they come."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._count = 0

    def keep(self, data: bytes) -> Path:
        """``data`` written to a file of its own; its path."""
        self._count += 1
        path = self.folder / f"{self._count:06d}"
        path.write_bytes(data)
        return path

    def keep_all(self, files: Mapping[str, bytes | Path]) -> dict[str, bytes | Path]:
        """``files`` with every ``bytes`` value written aside and given as its path."""
        return {
            name: data if isinstance(data, Path) else self.keep(data)
            for name, data in files.items()
        }


@contextmanager
def scratch_folder(near: Path) -> Iterator[Scratch]:
    """A scratch folder beside ``near`` (on the same disk as the output), removed at the end."""
    near.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".scratch.", dir=near))
    try:
        yield Scratch(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
