"""Work done beside the build process: each a process of its own (a handout's Typst layout).

A PDF handout is prepared by the build (its Typst source and pictures, see
``exporters/pdf/render.py``) and laid out by a fresh interpreter of its own. Its layout is
handed to ``Beside``, whose threads each wait on one such process while the build process goes
on with the other formats. The build's forked workers wait until every layout is done
(``Beside.done``, see ``workers.run_all``): a forked worker is counted with all the build's
memory again, and a layout peaks at 100-150 MB of its own, so the two are never run together.
With ``width`` 0 (a build of one process), each layout is done at once, in the caller's turn.

Used as a context: leaving it waits for all the work given and raises the first error of a
layout; once there is one, no other layout starts.
"""

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType


class Beside:
    """Up to ``width`` pieces of work at once beside the build process, in the order given."""

    def __init__(self, width: int) -> None:
        self.done = threading.Event()  # set while no work is given and unfinished
        self.done.set()
        self._lock = threading.Lock()
        self._running: set[Future[None]] = set()
        self._failures: list[BaseException] = []
        self._threads = ThreadPoolExecutor(width, "bwise-mooc beside") if width > 0 else None

    def give(self, work: Callable[[], None]) -> None:
        """Do ``work`` beside the build (or now, with ``width`` 0); its error is raised when
        the context is left, and stops the work given after it."""
        if self._threads is None:
            work()
            return
        with self._lock:
            self.done.clear()
            future = self._threads.submit(self._do, work)
            self._running.add(future)
        future.add_done_callback(self._finished)

    def _do(self, work: Callable[[], None]) -> None:
        with self._lock:
            if self._failures:
                return  # an earlier piece of work failed: the build stops
        try:
            work()
        except BaseException as error:
            with self._lock:
                self._failures.append(error)
            raise

    def _finished(self, future: "Future[None]") -> None:
        with self._lock:
            self._running.discard(future)
            if not self._running:
                self.done.set()

    def __enter__(self) -> "Beside":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Wait for the work given, and raise its first error; with an error already raised
        here, start nothing more."""
        if error is not None:
            with self._lock:
                self._failures.append(error)  # what is not started yet is not done
        if self._threads is not None:
            self._threads.shutdown(wait=True, cancel_futures=error is not None)
            self._threads = None
        if error is None:
            with self._lock:
                if self._failures:
                    raise self._failures[0]
