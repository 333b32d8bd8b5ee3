"""Worker processes for the parallel parts of a build (lesson parsing, images, formats).

One factory, so every pool is made the same way: forked (workers inherit the course model
instead of receiving a pickled copy) or, for images, fresh; and tied to the build process, so that a build killed
outright (``SIGKILL``, the out-of-memory killer) leaves no worker behind.
"""

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1  # Linux: a signal for this process when its parent dies


def worker_pool(jobs: int, small: bool = False, shared: Any = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers that end when the build process ends.

    Forked workers share the build's memory (the course model) as it is, and ``shared``, the
    work they are to do, which each reads with ``shared()``: it reaches them through the fork,
    never pickled. ``small`` workers, for work that needs none of it (images), start as fresh
    interpreters instead, so that they do not carry the build's memory along, and end with the
    pool. Before forking, memory the build has freed is given back to the system, so that the
    workers do not count it again.
    """
    if small:
        fresh = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            jobs, mp_context=fresh, initializer=_die_with_parent, initargs=(os.getpid(),)
        )
    _give_back_freed_memory()
    forked = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        jobs, mp_context=forked, initializer=_start_worker, initargs=(os.getpid(), shared)
    )


class _Worker:
    """In a forked worker: what the build handed it when the pool started."""

    shared: Any = None


def shared() -> Any:
    """The ``shared`` work of the pool this worker belongs to (see ``worker_pool``)."""
    return _Worker.shared


def _start_worker(parent: int, work: Any) -> None:
    _Worker.shared = work
    _die_with_parent(parent)


def _give_back_freed_memory() -> None:
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)  # glibc keeps freed heap pages otherwise


def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this worker with its parent, the build; elsewhere, watch the parent."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Elsewhere than Linux: notice that the parent is gone and stop."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
