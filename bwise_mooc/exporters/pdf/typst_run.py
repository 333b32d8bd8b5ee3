"""Typst's compiler for the handouts, safe in worker processes forked at any time.

Typst lays pages out on threads of its own, which its first compilation in a process starts.
A process forked after that inherits the threads' locks but not the threads, and its first
compilation waits for ever. A build forks its workers before any handout is laid out, so its
processes all compile in themselves. A process that builds more than once (the tests, a tool
that calls the pipeline twice) may fork after it has compiled: a process forked from one that
had compiled does each compilation in a fresh interpreter instead (``python -m
bwise_mooc.exporters.pdf.typst_run``, a request on its standard input), at the cost of starting
one per handout. The PDF is the same either way.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import typst

OUTPUT = "handout.pdf"  # the fresh interpreter's PDF, in Typst's root


class TypstState:
    """Whether this process has started Typst's threads, and whether it was forked from a
    process that had (then its own Typst must not run)."""

    started = False
    forked_after_start = False


def _after_fork_in_child() -> None:
    if TypstState.started:
        TypstState.forked_after_start = True


os.register_at_fork(after_in_child=_after_fork_in_child)


def compile_pdf(main: Path, root: Path, inputs: dict[str, str], timestamp: int) -> bytes:
    """The tagged PDF of the Typst source ``main``, reading files under ``root`` only."""
    if TypstState.forked_after_start:
        return _in_fresh_interpreter(main, root, inputs, timestamp)
    TypstState.started = True
    data = typst.compile(
        main, root=root, format="pdf", sys_inputs=inputs, timestamp=timestamp, pdf_tags=True
    )
    assert isinstance(data, bytes)
    return data


def _in_fresh_interpreter(main: Path, root: Path, inputs: dict[str, str], timestamp: int) -> bytes:
    request = {"main": str(main), "root": str(root), "inputs": inputs, "timestamp": timestamp}
    done = subprocess.run(
        [sys.executable, "-m", __name__],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Typst failed in a fresh interpreter: {done.stderr.strip()[-2000:]}")
    return (root / OUTPUT).read_bytes()


def _serve_one() -> None:
    request = json.load(sys.stdin)
    root = Path(request["root"])
    data = compile_pdf(Path(request["main"]), root, request["inputs"], request["timestamp"])
    (root / OUTPUT).write_bytes(data)


if __name__ == "__main__":
    _serve_one()
