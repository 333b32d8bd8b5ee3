"""Typst's compiler, run for each handout in a Python interpreter of its own.

Typst keeps what it computed for its last ten compilations in memory for the life of the
process (about 300 MB for a 150-page handout), and lays pages out on threads of its own, which
a fork does not copy: a worker forked from a process that had laid out a handout would wait
for ever in its first layout. So no process of the build runs Typst itself. Each handout is laid
out by a fresh interpreter that imports nothing but typst (``-I``: no environment variables,
no user site; it starts and finds the fonts in under 0.1 s), gets its request on its standard
input and writes the PDF into Typst's root. Its memory is given back when it ends, and it
ends with the build (on Linux, as the build's workers do, see ``workers.py``).

Layouts are not started by the build process itself but by a small launcher process
(``LAUNCHER``, about 12 MB), started before the build has read the course (``start_launchers``):
until a new process has loaded its program, it shows all the memory of the process that
started it, and the build holds 150-250 MB by the time it lays out handouts. Summed over
processes, each start would count that memory twice. The launcher ends when the build does (its
standard input closes, or on Linux the build's end is signalled to it), and a layout with it.
"""

import atexit
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

OUTPUT = "handout.pdf"  # the PDF, written into Typst's root
# How the launcher and each layout begin: the process that started it is given as the first
# argument, and it ends when that one does, even when it is killed outright.
END_WITH_PARENT = """
import os, sys
if sys.platform.startswith("linux"):
    import ctypes
    ctypes.CDLL(None).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    if os.getppid() != int(sys.argv[1]):
        sys.exit("the build has ended")
"""
LAYOUT = (
    END_WITH_PARENT
    + """
import json, pathlib
request = json.load(sys.stdin)
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
)
LAUNCHER = (
    END_WITH_PARENT
    + """
import json, subprocess
layout = sys.argv[2]
for line in sys.stdin:  # a layout's request on each line; its exit code and errors back
    done = subprocess.run(
        [sys.executable, "-I", "-c", layout, str(os.getpid())],
        input=line,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    print(json.dumps([done.returncode, done.stderr[-4000:]]), flush=True)
"""
)


class _Launcher:
    """A launcher process (``LAUNCHER``), which runs one layout at a time."""

    def __init__(self) -> None:
        self.owner = os.getpid()  # a forked worker must not write to its parent's launcher
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", LAUNCHER, str(os.getpid()), LAYOUT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def lay_out(self, request: dict[str, object]) -> tuple[int, str]:
        """The exit code and errors of the layout of ``request``."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except OSError as error:
            raise TypstFailed(f"the layout launcher has ended: {error}") from error
        if not answer:
            raise TypstFailed("the layout launcher has ended")
        code, errors = json.loads(answer)
        return int(code), str(errors)

    def stop(self) -> None:
        """End the launcher: it reads the end of its input and exits."""
        if self.owner != os.getpid() or self.process.stdin is None:
            return
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


_IDLE: list[_Launcher] = []  # launchers of this process that lay nothing out now
_IDLE_LOCK = threading.Lock()


def _usable(launcher: _Launcher) -> bool:
    return launcher.owner == os.getpid() and launcher.process.poll() is None


def start_launchers(count: int) -> None:
    """Have ``count`` launchers ready, started now: before the build process grows."""
    with _IDLE_LOCK:
        _IDLE[:] = [launcher for launcher in _IDLE if _usable(launcher)]
        while len(_IDLE) < count:
            _IDLE.append(_Launcher())


@atexit.register
def _stop_launchers() -> None:
    with _IDLE_LOCK:
        for launcher in _IDLE:
            launcher.stop()
        _IDLE.clear()


def _lay_out(request: dict[str, object]) -> tuple[int, str]:
    """Lay ``request`` out with an idle launcher (a new one if none is idle)."""
    with _IDLE_LOCK:
        launcher = _IDLE.pop() if _IDLE else None
    if launcher is None or not _usable(launcher):
        launcher = _Launcher()
    code, errors = launcher.lay_out(request)
    with _IDLE_LOCK:
        _IDLE.append(launcher)
    return code, errors


class TypstFailed(RuntimeError):
    """Typst could not lay the handout out (the build wrote a source it does not take)."""


def compile_pdf(main: Path, root: Path, inputs: dict[str, str], timestamp: int) -> bytes:
    """The tagged PDF of the Typst source ``main``, which reads files under ``root`` only."""
    request: dict[str, object] = {
        "main": str(main),
        "root": str(root),
        "inputs": inputs,
        "timestamp": timestamp,
        "output": OUTPUT,
    }
    code, errors = _lay_out(request)
    if code != 0:
        raise TypstFailed(f"Typst could not lay out {main.name}: {errors.strip()[-4000:]}")
    return (root / OUTPUT).read_bytes()
