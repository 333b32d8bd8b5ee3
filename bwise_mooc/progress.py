"""Progress lines for long builds: one updating line per stage on a terminal, nothing elsewhere.

Shown only when standard error is a terminal, ``CI`` is not set and ``--quiet`` was not given,
so logs and pipes stay clean.
"""

import os
import sys
import time
from typing import TextIO


class Progress:
    """``step('reading', 3, 50)`` rewrites the line; ``finish`` ends it with the time taken."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._stage = ""
        self._started = time.monotonic()

    @classmethod
    def for_terminal(cls, quiet: bool) -> "Progress":
        stream = sys.stderr
        shown = not quiet and stream.isatty() and not os.environ.get("CI")
        return cls(shown, stream)

    def step(self, stage: str, done: int, total: int, detail: str = "") -> None:
        if not self.enabled:
            return
        if stage != self._stage:
            self._stage, self._started = stage, time.monotonic()
        line = f"{stage}: {done}/{total}" + (f" {detail}" if detail else "")
        self.stream.write(f"\r\033[K{line}")
        self.stream.flush()

    def finish(self, stage: str, summary: str) -> None:
        if not self.enabled:
            return
        took = time.monotonic() - self._started if stage == self._stage else 0.0
        self.stream.write(f"\r\033[K{stage}: {summary} ({took:.1f} s)\n")
        self.stream.flush()
        self._stage = ""
