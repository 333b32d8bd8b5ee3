"""The harness of the bad-input catalogues: a bad course is refused with its exact located
message and exit code 1, by `check` and by `build`, and a refused build changes no output.

``refused`` runs both commands on ``root``; ``build`` writes into a copy of a previous good
build (``previous``), whose every byte must still be there afterwards.
"""

import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from bwise_mooc.cli import main


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (the build cache aside) and a digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".cache" not in path.relative_to(folder).parts
    }


def diagnostic_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def refused(root: Path, expected: str, previous: Path, scratch: Path) -> None:
    """``check`` and ``build`` both print ``expected`` (a line, or its start), exit with 1 and
    no traceback; the build leaves the outputs of ``previous`` byte-identical."""
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    lines = diagnostic_lines(result.output)
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    build_refused(root, expected, previous, scratch)


def build_refused(root: Path, expected: str, previous: Path, scratch: Path) -> None:
    """``build`` prints ``expected``, exits with 1 and leaves ``previous`` byte-identical."""
    out = scratch / "build"
    shutil.copytree(previous, out)
    before = fingerprint(out)
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--jobs", "1", "--quiet"]
    )
    assert any(line.startswith(expected) for line in diagnostic_lines(result.output))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert fingerprint(out) == before
