"""Stage 1 helper: how the parser reads a source file's text, and the containment rule.

UTF-8 (a byte-order mark is dropped), line endings normalised to LF; a file that cannot be
read or decoded is reported with its line, never raised. A file that resolves outside the
course root (``source_tree.outside_course``) or is not a regular file is reported, never read.
"""

import os
import re
import stat
from pathlib import Path

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan
from bwise_mooc.source_tree import outside_course

MAX_FILE_BYTES = 2_000_000  # a lesson is a few thousand words; more is a pasted mistake
MAX_LINE_CHARS = 20_000
# characters XML 1.0 cannot carry (and that no author types on purpose)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def read_text(root: Path, path: str, diagnostics: Diagnostics) -> str | None:
    """A source file's text: UTF-8 (a BOM is dropped), line endings normalised to LF."""
    if outside_course(root, path):
        diagnostics.error(
            SourceSpan(path=path),
            "path.outside",
            "file is a link to a place outside the course: copy the file into the course",
        )
        return None
    try:
        if not stat.S_ISREG(os.stat(root / path).st_mode):  # a FIFO or a device would hang
            diagnostics.error(
                SourceSpan(path=path), "file.unreadable", "this is not a file: save a text file"
            )
            return None
        with open(root / path, "rb") as opened:  # never more than the limit into memory
            data = opened.read(MAX_FILE_BYTES + 1)
            size = max(len(data), os.fstat(opened.fileno()).st_size)
    except OSError as exc:
        diagnostics.error(
            SourceSpan(path=path), "file.unreadable", f"cannot read file: {exc.strerror}"
        )
        return None
    if len(data) > MAX_FILE_BYTES:
        diagnostics.error(
            SourceSpan(path=path),
            "file.too-large",
            f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it into lessons",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.error(
            SourceSpan(path=path, line=line),
            "file.encoding",
            "file is not UTF-8 text; save it as UTF-8",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if _acceptable(text, path, diagnostics) else None


def _acceptable(text: str, path: str, diagnostics: Diagnostics) -> bool:
    """No control characters that XML cannot carry, no absurdly long lines: report each."""
    ok = True
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            diagnostics.error(
                SourceSpan(path=path, line=number),
                "file.long-line",
                f"line is {len(line):,} characters long; the limit is {MAX_LINE_CHARS:,}",
            )
            ok = False
        for found in FORBIDDEN.finditer(line):
            diagnostics.error(
                SourceSpan(path=path, line=number, column=found.start() + 1),
                "file.control-character",
                f"invisible control character U+{ord(found.group()):04X}: delete it",
            )
            ok = False
    return ok
