"""Stage 1 helper: the one place that reads a source file's text.

UTF-8 (a byte-order mark is dropped), line endings normalised to LF; a file that cannot be
read or decoded is reported with its line, never raised.
"""

from pathlib import Path

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan


def read_text(root: Path, path: str, diagnostics: Diagnostics) -> str | None:
    """A source file's text: UTF-8 (a BOM is dropped), line endings normalised to LF."""
    try:
        data = (root / path).read_bytes()
    except OSError as exc:
        diagnostics.error(
            SourceSpan(path=path), "file.unreadable", f"cannot read file: {exc.strerror}"
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
    return text.replace("\r\n", "\n").replace("\r", "\n")
