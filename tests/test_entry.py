"""The console script (``entry.run``) ends the process itself: what it prints still arrives,
exit handlers still run and the command's exit code is kept."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from bwise_mooc import __version__


def _run(tmp_path: Path, *args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    script = tmp_path / "run.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            {before}
            sys.argv = ["bwise-mooc", *{list(args)!r}]
            from bwise_mooc.entry import run
            run()
            print("not reached")
            """
        ),
        encoding="utf-8",
    )
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=environment,  # buffered output, as in a user's shell
    )


def test_output_into_a_pipe_is_flushed_before_the_process_ends(tmp_path: Path) -> None:
    # stdout is a pipe, so block-buffered: a line printed by an exit handler, after the
    # command's last echo (click flushes its own), waits in the buffer
    before = 'import atexit; atexit.register(lambda: print("said last"))'
    done = _run(tmp_path, "--version", before=before)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"bwise-mooc, version {__version__}\nsaid last\n"


def test_exit_handlers_run_after_the_command(tmp_path: Path) -> None:
    before = 'import atexit; atexit.register(lambda: print("handler ran", flush=True))'
    done = _run(tmp_path, "--version", before=before)
    assert done.stdout.splitlines() == [f"bwise-mooc, version {__version__}", "handler ran"]


def test_the_commands_exit_code_is_kept(tmp_path: Path) -> None:
    done = _run(tmp_path, "build", "--format", "no-such-format")
    assert done.returncode == 2
    assert "unknown format no-such-format" in done.stderr
    assert "not reached" not in done.stdout


def test_python_dash_m_runs_the_same_entry(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bwise_mooc", "check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1  # no course here: an author's error, reported
    assert "error" in done.stderr
