"""``workers.run_all``: results in order, errors raised, and workers that never wait for the
build process (a free worker gets the next item while the build process is busy)."""

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bwise_mooc import workers

WAIT = 20.0  # seconds the long item waits for the others: a worker left idle never makes them


@pytest.fixture
def always_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "PAYS", 0.0)  # workers however little the work


def test_results_come_back_in_the_order_of_the_items(always_workers: None) -> None:
    seen: list[int] = []
    results = workers.run_all(
        lambda n: (n * n, os.getpid()), list(range(30)), 2, 1.0, done=lambda i, _: seen.append(i)
    )
    assert [square for square, _ in results] == [n * n for n in range(30)]
    assert sorted(seen) == list(range(30))
    assert len({pid for _, pid in results}) == 2  # the build process and one worker


def test_a_free_worker_takes_the_next_items_while_the_build_process_is_busy(
    always_workers: None, tmp_path: Path
) -> None:
    """Item 1 is long and waits until items 2-9 are made. The build process takes it (the
    worker has item 0); only a worker handed items while the build process is busy makes them."""

    def work(n: int) -> bool:
        if n != 1:
            (tmp_path / str(n)).touch()
            return True
        others = [tmp_path / str(k) for k in range(2, 10)]
        ends = time.monotonic() + WAIT
        while time.monotonic() < ends and not all(path.exists() for path in others):
            time.sleep(0.02)
        return all(path.exists() for path in others)

    assert workers.run_all(work, list(range(10)), 2, 1.0) == [True] * 10


def test_an_error_in_a_worker_is_raised_in_the_build_process(always_workers: None) -> None:
    build = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != build:
            raise ValueError(f"item {n} failed in a worker")
        time.sleep(0.05)
        return n

    with pytest.raises(ValueError, match="failed in a worker"):
        workers.run_all(work, list(range(20)), 2, 1.0)


def test_an_error_in_the_build_process_stops_the_rest(always_workers: None, tmp_path: Path) -> None:
    build = os.getpid()

    def work(n: int) -> int:
        if os.getpid() == build:
            raise ValueError(f"item {n} failed in the build process")
        time.sleep(0.05)
        (tmp_path / str(n)).touch()
        return n

    with pytest.raises(ValueError, match="failed in the build process"):
        workers.run_all(work, list(range(40)), 2, 1.0)
    assert len(list(tmp_path.iterdir())) < 5  # no item was handed out after the error


def test_workers_start_only_once_the_work_beside_the_build_is_done(always_workers: None) -> None:
    """While ``helpers_after`` is not set, the build process makes every item itself (a
    forked worker would count the build's memory again beside a handout's layout); once it
    is set, a worker joins."""
    closed = threading.Event()
    alone = workers.run_all(lambda n: os.getpid(), list(range(20)), 2, 1.0, helpers_after=closed)
    assert set(alone) == {os.getpid()}

    opens = threading.Event()
    threading.Timer(0.3, opens.set).start()

    def work(n: int) -> tuple[int, bool]:
        time.sleep(0.05)
        return os.getpid(), opens.is_set()

    made = workers.run_all(work, list(range(40)), 2, 1.0, helpers_after=opens)
    by_workers = [was_open for pid, was_open in made if pid != os.getpid()]
    assert by_workers, "no worker joined once the gate opened"
    assert all(by_workers)  # a worker's items all came after the gate opened


class SlowToSet(threading.Event):
    """An event that takes longer to set than the dispatcher waits between looks
    (``workers.GATE_SECONDS``): what a loaded machine may do to any event."""

    def set(self) -> None:
        time.sleep(5 * workers.GATE_SECONDS)
        super().set()


def test_items_handed_out_as_the_gate_opens_come_back(
    always_workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate opens during the last item but one: the build process hands the last item to
    a worker and then tells the dispatcher so. The dispatcher, looking in between, must not
    take the empty queue for "this process did it all" and leave the worker's result behind
    (CI lost an item this way: ``KeyError`` in ``run_all``)."""
    opens = threading.Event()

    def work(n: int) -> int:
        if n == 4:
            opens.set()
        return n * n

    monkeypatch.setattr(threading, "Event", SlowToSet)  # workers' ``started`` among others
    assert workers.run_all(work, list(range(6)), 2, 1.0, helpers_after=opens) == [
        n * n for n in range(6)
    ]


def test_a_pool_that_breaks_as_items_are_handed_out_raises(
    always_workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error in the dispatcher (a pool that broke while items were handed out) is raised in
    the build process, not left in a thread while items go missing."""
    make_pool = workers.worker_pool
    submitted: list[int] = []

    def pool(jobs: int, small: bool = False, shared: Any = None) -> Any:
        made = make_pool(jobs, small=small, shared=shared)
        submit = made.submit

        def breaking(*args: Any, **kwargs: Any) -> Any:
            submitted.append(1)
            if len(submitted) > 2:
                raise RuntimeError("the pool broke")
            return submit(*args, **kwargs)

        monkeypatch.setattr(made, "submit", breaking)
        return made

    monkeypatch.setattr(workers, "worker_pool", pool)

    def work(n: int) -> int:
        time.sleep(0.02)
        return n

    with pytest.raises(RuntimeError, match="the pool broke"):
        workers.run_all(work, list(range(30)), 2, 1.0)
