"""The ``bwise-mooc`` console script (and ``python -m bwise_mooc``): runs the command line,
then ends the process at once.

When a build has loaded a large course, Python's own shutdown frees every object one by one
before the process ends: about 0.4 s after a one-lesson edit of a 1,000-lesson course on a
2-core machine, spent after the last line is printed. The operating system takes the memory
back whole. So once the command is done, its output is flushed, the exit handlers run (the
layout launchers stop, see ``exporters/pdf/typst_run.py``) and the process ends with its exit
code, without that teardown. Threads the command started are all joined by then; files are
closed by the ``with`` blocks that opened them.

The package and its libraries are imported with garbage collection off, and what they made is
then left out of collections for good (``gc.freeze``): modules, classes and schemas live as
long as the process, and a full collection during the imports (0.06-0.1 s) or later, in the
build, would walk them all and free none.
"""

import atexit
import contextlib
import gc
import os
import sys


def run() -> None:
    """Run ``bwise-mooc`` with the process's arguments; never returns."""
    enabled = gc.isenabled()
    gc.disable()
    from bwise_mooc.cli import main

    gc.freeze()
    if enabled:
        gc.enable()
    try:
        main()  # click's standalone mode: ends with SystemExit, whatever happened
        code: object = 0
    except SystemExit as exit_:
        code = exit_.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # sys.exit("message"), as Python itself would print it
        code = 1
    atexit._run_exitfuncs()  # first: what they print is flushed below
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code or 0)
