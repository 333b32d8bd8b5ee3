"""Debian's Chromium, as the browser tests and the scripts (screenshots, Moodle check) launch it.

A test helper, not part of the runtime package (nor of the build cache's tool fingerprint).

Never a downloaded browser: the path is Debian's package, and the flags keep it quiet on a
machine without network (no background requests, no updates, no sync).
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
