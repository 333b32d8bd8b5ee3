"""Worker processes for the parallel parts of a build (lesson parsing, images, formats).

One factory, so every pool is made the same way: forked (workers inherit the course model
instead of receiving a pickled copy) and tied to the build process, so that a build killed
outright (``SIGKILL``, the out-of-memory killer) leaves no worker behind.
"""

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # Linux: a signal for this process when its parent dies


def worker_pool(jobs: int, small: bool = False) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers that end when the build process ends.

    Forked workers share the build's memory (the course model) as it is. ``small`` workers,
    for work that needs none of it (images), start from a fresh server process instead, so
    that they do not carry the build's memory along.
    """
    if small and "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["bwise_mooc.images"])
        return ProcessPoolExecutor(
            jobs, mp_context=server, initializer=_die_with_parent, initargs=(None,)
        )
    forked = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        jobs, mp_context=forked, initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def _die_with_parent(parent: int | None) -> None:
    """Ask Linux to end this worker with its parent (the build, or the fork server, which ends
    with the build); elsewhere, watch the parent."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if parent is None:
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Elsewhere than Linux: notice that the parent is gone and stop."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
