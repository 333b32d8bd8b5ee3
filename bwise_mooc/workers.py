"""Worker processes for the parallel parts of a build (lesson parsing, images, formats).

``run_all`` is the one way a build runs many pieces of work: serially, or beside workers when
they pay for themselves (``helpers_for``: one rule, from the estimated time of the work and
what starting a worker costs). Every pool is made by ``worker_pool``: forked (workers inherit
the course model instead of receiving a pickled copy) or, for work that needs none of it,
fresh; and tied to the build process, so that a build killed outright (``SIGKILL``, the
out-of-memory killer) leaves no worker behind. Work reaches workers as the pool's shared
state, never through module globals.

Forking is used on Linux only. On macOS and Windows (where ``fork`` is unsafe or missing)
workers start as fresh interpreters (``spawn``): the shared work is pickled once and handed to
each worker as it starts, starting a worker is counted at its fresh cost (``FRESH_START``), and
work that cannot be pickled is done by the build process alone. The outputs are the same
either way. The environment variable ``BWISE_MOOC_START_METHOD`` (``fork`` or ``spawn``,
where the system has it) chooses the start method, for tests of the other platforms' route on
Linux (``BWISE_MOOC_START_METHOD=spawn bwise-mooc build``); any other value is ignored.
"""

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1  # Linux: a signal for this process when its parent dies
# What starting a worker costs, in seconds (measured on the 2-core CI machines: a fork of the
# build with its course model; a fresh interpreter importing Pillow).
FORK_START = 0.05
FRESH_START = 0.4
PAYS = 2.0  # workers are started when they save this many times what starting them costs
GATE_SECONDS = 0.05  # how often waiting workers look whether they may start
START_METHOD = "BWISE_MOOC_START_METHOD"  # environment variable: how workers start (tests)


def start_method() -> str:
    """How workers that share the build's work start: ``fork`` on Linux, ``spawn`` elsewhere
    (macOS and Windows), or what ``BWISE_MOOC_START_METHOD`` names if the system has it."""
    available = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(START_METHOD, "").strip().lower()
    if chosen in ("fork", "spawn") and chosen in available:  # a worker's parent is the build
        return chosen
    return "fork" if sys.platform.startswith("linux") and "fork" in available else "spawn"


def helpers_for(count: int, jobs: int, each: float, fresh: bool = False) -> int:
    """How many workers to start beside the build process for ``count`` pieces of work taking
    about ``each`` seconds each, with at most ``jobs`` processes working: the most that still
    save ``PAYS`` times their start-up cost (the build process works too), or none."""
    start = FRESH_START if fresh else FORK_START
    total = count * each
    for helpers in range(min(jobs, count) - 1, 0, -1):
        saved = total - total / (helpers + 1)
        if saved >= PAYS * start * helpers:
            return helpers
    return 0


def run_all(
    work: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    each: float,
    fresh: bool = False,
    done: Callable[[int, R], None] | None = None,
    helpers_after: threading.Event | None = None,
) -> list[R]:
    """``[work(item) for item in items]``, in parallel when it pays (``helpers_for``).

    Items are started in the order given (put the longest first). The build process takes an
    item itself whenever every worker is busy, so ``jobs`` processes work in all. Forked
    workers find ``work`` and ``items`` in the memory they inherit (nothing is pickled but the
    results); ``fresh`` workers, for work that needs none of the build's memory (images), get
    each item pickled and ``work`` must be a module-level function. ``done(index, result)`` is
    called in the build process as each result arrives. Workers are started only once
    ``helpers_after`` is set (work beside the build is done, see ``beside.py``); until then the
    build process works alone.
    """
    results: dict[int, R] = {}

    def finish(index: int, result: R) -> None:
        results[index] = result
        if done is not None:
            done(index, result)

    forks = not fresh and start_method() == "fork"
    helpers = helpers_for(len(items), jobs, each, fresh or not forks)
    pending = deque(range(len(items)))
    shared: Any = (work, items)
    if helpers >= 1 and not fresh and not forks:
        shared = _pickled(shared)  # once, not once per worker; None: not to be pickled
        if shared is None:
            helpers = 0
    if helpers < 1:
        for index in pending:
            finish(index, work(items[index]))
        return [results[index] for index in range(len(items))]
    with worker_pool(helpers, small=fresh, shared=shared) as pool:
        _run_beside(pool, helpers, work, items, fresh, forks, pending, finish, helpers_after)
    return [results[index] for index in range(len(items))]


def _run_beside(
    pool: ProcessPoolExecutor,
    helpers: int,
    work: Callable[[T], R],
    items: Sequence[T],
    fresh: bool,
    forks: bool,
    pending: "deque[int]",
    finish: Callable[[int, R], None],
    helpers_after: threading.Event | None = None,
) -> None:
    """Run the ``pending`` items on ``pool``'s ``helpers`` workers and in this process; the
    workers start once ``helpers_after`` is set.

    A thread hands a worker its next item as soon as it is free, also while this process is
    busy with a long item of its own (a large format): otherwise the workers would wait
    for it. Results are passed to ``finish`` in this thread only, between items and at the end;
    an error, here or in a worker, stops handing out items and is raised once all have stopped.
    """
    lock = threading.Lock()
    running: dict[Future[R], int] = {}
    arrived: deque[tuple[int, R]] = deque()
    failures: list[BaseException] = []

    def hand_out() -> None:  # with the lock held
        while pending and len(running) < helpers:  # an error empties pending
            index = pending.popleft()
            future = pool.submit(work, items[index]) if fresh else pool.submit(_run, index)
            running[future] = index

    def start_workers() -> None:
        """In this thread, between items: the workers are forked with the first items handed
        out, and a fork must not copy a lock that this thread holds in the middle of an item.
        Memory this process has freed is given back first, so that forked workers do not count
        it again. (No garbage collection first: on a 1,000-lesson course it took 0.2-0.4 s and
        gave back under 1 MB; trimming the heap gave back 14 MB.)"""
        if forks:
            give_back_freed_heap()
        with lock:  # set with the items handed out: the dispatcher sees both or neither
            hand_out()
            started.set()

    def dispatch() -> None:
        try:
            collect()
        except BaseException as error:  # a pool that broke as items were handed out
            with lock:
                failures.append(error)
                pending.clear()

    def collect() -> None:
        while not started.wait(GATE_SECONDS):
            with lock:
                if started.is_set():
                    break  # the items were handed out just now
                if not pending:
                    return  # this process did it all
        while True:
            with lock:
                hand_out()
                if not running:
                    return
                busy = list(running)
            wait(busy, return_when=FIRST_COMPLETED)
            with lock:
                for future in [future for future in running if future.done()]:
                    index = running.pop(future)
                    try:
                        arrived.append((index, future.result()))
                    except BaseException as error:  # the worker's error, raised below
                        failures.append(error)
                        pending.clear()

    def take_arrived() -> None:
        while True:
            with lock:
                if not arrived:
                    return
                index, result = arrived.popleft()
            finish(index, result)

    started = threading.Event()  # workers were handed their first items
    if helpers_after is None or helpers_after.is_set():
        start_workers()  # before any other thread of this function exists
    dispatcher = threading.Thread(target=dispatch, name="bwise-mooc dispatch", daemon=True)
    dispatcher.start()
    try:
        while True:
            take_arrived()
            if not started.is_set() and helpers_after is not None and helpers_after.is_set():
                start_workers()
            with lock:
                if not pending:
                    break
                index = pending.popleft()
            finish(index, work(items[index]))
    except BaseException:
        with lock:
            pending.clear()
        raise
    finally:
        dispatcher.join()
    if failures:
        raise failures[0]
    take_arrived()


def _run(index: int) -> Any:
    """In a worker: item ``index`` of the work the pool was started with."""
    work, items = shared()
    return work(items[index])


class _Pickled(bytes):
    """Shared work as pickled bytes, for workers that do not inherit the build's memory."""


def _pickled(value: Any) -> "_Pickled | None":
    """``value`` pickled, or None if it holds something that cannot be (a stream, a lock, a
    function that is not at module level): that work is then done without workers."""
    try:
        return _Pickled(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return None


def worker_pool(jobs: int, small: bool = False, shared: Any = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers that end when the build process ends.

    Forked workers share the build's memory (the course model) as it is, and ``shared``, the
    work they are to do, which each reads with ``shared()``: it reaches them through the fork,
    never pickled. Where workers are not forked (``start_method``), ``shared`` is given pickled
    (``_pickled``) and each worker unpickles it as it starts. ``small`` workers, for work that
    needs none of it (images), start as fresh interpreters everywhere, so that they do not carry
    the build's memory along, and end with the pool. The workers start with the first item
    submitted (``_run_beside`` gives freed memory back to the system just before).
    """
    if small:
        fresh = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            jobs, mp_context=fresh, initializer=_die_with_parent, initargs=(os.getpid(),)
        )
    method = start_method()
    if method != "fork" and not isinstance(shared, _Pickled):
        shared = _pickled(shared)
        if shared is None:
            raise ValueError("the work of workers that are not forked must be picklable")
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), shared)
    )


class _Worker:
    """In a worker: what the build handed it when the pool started."""

    shared: Any = None


def shared() -> Any:
    """The ``shared`` work of the pool this worker belongs to (see ``worker_pool``)."""
    return _Worker.shared


def _start_worker(parent: int, work: Any) -> None:
    _die_with_parent(parent)
    _Worker.shared = pickle.loads(work) if isinstance(work, _Pickled) else work


@contextlib.contextmanager
def no_cycles_made() -> Iterator[None]:
    """No cyclic garbage collection while objects are made that hold no cycles (the lesson
    cache's entries, unpickled): a full collection then walks every object made so far, 0.15 s
    at 1,000 lessons, and finds nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def long_lived_kept_apart() -> Iterator[None]:
    """Every object alive now (the course model, read once and kept for the whole build) is
    left out of garbage collection until the block ends (``gc.freeze``). Full collections in
    the build process then walk only what the formats make (at 1,000 lessons one such
    collection took 0.36 s), and forked workers, which inherit the frozen objects, never write
    to their pages (a collection marks every object it walks: copy-on-write copies the page)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # a preview server builds again and again: nothing stays frozen


def give_back_freed_heap() -> None:
    """Return the heap pages this process has freed to the system (glibc keeps them
    otherwise, and they count in its memory): a few milliseconds, no garbage collection."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


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
