"""Stage 3 helpers shared by every exporter: the Exporter protocol and safe output writing.

Only this module writes files. Outputs are assembled in a temporary folder next to their
destination and moved into place only when complete, so a failed build leaves the previous
output untouched.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

from bwise_mooc.ir import Course


@dataclass(frozen=True)
class Artifact:
    """What an exporter produced: its folder and the files a user would open or upload."""

    format: str
    root: Path
    files: tuple[Path, ...] = field(default_factory=tuple)


class Exporter(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]

    def write(self, course: Course, source_root: Path, out_dir: Path) -> Artifact:
        """Write the format's output for ``course`` into ``out_dir`` (replaced as a whole)."""
        ...


@contextmanager
def staged_directory(destination: Path) -> Iterator[Path]:
    """Yield an empty temporary folder; on success it atomically replaces ``destination``."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    old = destination.with_name(f".{destination.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if destination.exists():
        os.replace(destination, old)
    os.replace(staging, destination)
    shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with LF line endings, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
