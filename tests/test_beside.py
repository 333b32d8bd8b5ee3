"""``beside.Beside``: work beside the build process (handouts' layouts) runs while the build
goes on, in the order given, at most ``width`` at once; its first error stops the rest and is
raised; ``done`` tells the build's workers when they may start."""

import threading
import time
from functools import partial

import pytest

from bwise_mooc.beside import Beside


def test_work_runs_beside_the_caller_at_most_width_at_once() -> None:
    lock = threading.Lock()
    running = 0
    most = 0
    order: list[int] = []

    def work(n: int) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            order.append(n)
        time.sleep(0.05)
        with lock:
            running -= 1

    given_at = time.monotonic()
    with Beside(1) as beside:
        for n in range(6):
            beside.give(partial(work, n))
        given_for = time.monotonic() - given_at
        assert not beside.done.is_set()  # work is under way
    assert given_for < 0.1  # giving did not wait for the work (6 x 50 ms)
    assert beside.done.is_set()
    assert order == list(range(6))
    assert most == 1


def test_width_zero_does_the_work_at_once() -> None:
    done: list[int] = []
    with Beside(0) as beside:
        beside.give(lambda: done.append(threading.get_ident()))
        assert done == [threading.get_ident()]
        assert beside.done.is_set()


def test_the_first_error_is_raised_and_stops_the_work_given_after_it() -> None:
    started: list[int] = []

    def work(n: int) -> None:
        started.append(n)
        if n == 1:
            raise ValueError("layout 1 failed")
        time.sleep(0.02)

    with pytest.raises(ValueError, match="layout 1 failed"), Beside(1) as beside:
        for n in range(5):
            beside.give(partial(work, n))
    assert started == [0, 1]


def test_an_error_of_the_caller_starts_nothing_more_and_is_the_one_raised() -> None:
    started: list[int] = []
    first = threading.Event()

    def work(n: int) -> None:
        started.append(n)
        first.set()
        time.sleep(0.1)

    with pytest.raises(KeyError), Beside(1) as beside:
        for n in range(5):
            beside.give(partial(work, n))
        assert first.wait(5.0)
        raise KeyError("a format failed")
    assert started == [0]  # the one under way was waited for; the rest never started
