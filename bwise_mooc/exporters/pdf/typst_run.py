"""Typst's compiler, run for each handout in a Python interpreter of its own.

Typst keeps what it computed for its last ten compilations in memory for the life of the
process (about 300 MB for a 150-page handout), and lays pages out on threads of its own, which
a fork does not copy: a worker forked from a process that had laid out a handout would wait
for ever in its first layout. So no process of the build runs Typst itself. Each handout is laid
out by a fresh interpreter that imports nothing but typst (``-I``: no environment variables,
no user site; it starts and finds the fonts in under 0.1 s), gets its request on its standard
input and writes the PDF into Typst's root. Its memory is given back when it ends, and it
ends with the build (on Linux, as the build's workers do, see ``workers.py``).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

OUTPUT = "handout.pdf"  # the PDF, written into Typst's root
LAYOUT = """
import json, os, pathlib, sys
request = json.load(sys.stdin)
if sys.platform.startswith("linux"):  # end with the build, even when it is killed outright
    import ctypes
    ctypes.CDLL(None).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    if os.getppid() != request["parent"]:
        sys.exit("the build has ended")
import typst
root = pathlib.Path(request["root"])
try:
    data = typst.compile(
        request["main"],
        root=root,
        format="pdf",
        sys_inputs=request["inputs"],
        timestamp=request["timestamp"],
        pdf_tags=True,
    )
except typst.TypstError as error:
    sys.exit(error.diagnostic or error.message)
(root / request["output"]).write_bytes(data)
"""


class TypstFailed(RuntimeError):
    """Typst could not lay the handout out (the build wrote a source it does not take)."""


def compile_pdf(main: Path, root: Path, inputs: dict[str, str], timestamp: int) -> bytes:
    """The tagged PDF of the Typst source ``main``, which reads files under ``root`` only."""
    request = {
        "main": str(main),
        "root": str(root),
        "inputs": inputs,
        "timestamp": timestamp,
        "output": OUTPUT,
        "parent": os.getpid(),
    }
    done = subprocess.run(
        [sys.executable, "-I", "-c", LAYOUT],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode != 0:
        raise TypstFailed(f"Typst could not lay out {main.name}: {done.stderr.strip()[-4000:]}")
    return (root / OUTPUT).read_bytes()
