"""What the Moodle acceptance scripts share: the harness of ``../shared/moodle`` and how one of
its PHP scripts is run (``moodle_check.py`` for SCORM, ``moodle_cc_check.py`` for cartridges
and question banks)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HARNESS = Path(os.environ.get("MOODLE_HARNESS", ROOT.parent / "shared" / "moodle")).resolve()
Json = dict[str, Any]


def php(script: str, *args: str, folder: Path = HARNESS) -> Json:
    """Run a PHP script of the harness (or of ``folder``) with ``args``; its JSON report, with
    the exit status as ``_exit``."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        target = Path(tmp.name)
    try:
        proc = subprocess.run(
            ["php", str(folder / script), *args, f"--json={target}"],
            capture_output=True,
            text=True,
            check=False,
        )
        text = target.read_text(encoding="utf-8") if target.stat().st_size else proc.stdout
        data: Json = json.loads(text)
        data["_exit"] = proc.returncode
        return data
    finally:
        target.unlink(missing_ok=True)
