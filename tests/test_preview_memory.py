"""The preview server rebuilds after every edit for hours: its memory must not grow with them."""

import gc
import sys
import tracemalloc
import weakref
from collections.abc import Callable
from pathlib import Path

import psutil
from click.testing import CliRunner

from bwise_mooc import ir
from bwise_mooc.cli import main
from bwise_mooc.memo import module_digest, outline_digest
from bwise_mooc.serve import Rebuilder

LESSON = "modules/01-phone-basics/01-make-the-screen-easy.md"
REBUILDS = 50
MEASURED_FROM = 10  # the first rebuilds fill caches that are meant to stay (imports, templates)
MB = 1024 * 1024


def settle_interned_strings() -> None:
    """Have the interpreter reallocate its table of interned strings now, while traced.

    Path names are interned (``pathlib``); as names come and go (staging folders, new cache
    keys) the table is reallocated now and then at the same size. Were the first traced
    reallocation to fall between the two measures, the old table (allocated before tracing
    began) would not be subtracted and a table of a few MB would count as growth."""
    for number in range(1_000_000):  # more than the table has room for: it is reallocated
        sys.intern(f"bwise-preview-memory-{number}")


def test_fifty_rebuilds_do_not_grow_the_memory(fixture_course: Callable[[str], Path]) -> None:
    course = fixture_course("sample")
    lesson = course / LESSON
    text = lesson.read_text("utf-8")
    rebuild = Rebuilder(course)
    process = psutil.Process()
    rss = traced = 0
    try:
        for number in range(1, REBUILDS + 1):
            # Each rebuild does real work: a lesson parsed, its module's pages made again.
            lesson.write_text(f"{text}\nEdit number {number}.\n", "utf-8")
            assert rebuild() is None, number
            if number == MEASURED_FROM:
                tracemalloc.start()  # what is allocated from now on and still held at the end
                settle_interned_strings()
                gc.collect()
                traced, rss = tracemalloc.get_traced_memory()[0], process.memory_info().rss
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - traced
        top = tracemalloc.take_snapshot().statistics("lineno")[:3]
    finally:
        tracemalloc.stop()
    rss_grown = process.memory_info().rss - rss
    figures = (
        f"from rebuild {MEASURED_FROM} to {REBUILDS}: Python allocations {grown / MB:+.2f} MB, "
        f"RSS {rss_grown / MB:+.2f} MB; largest: " + "; ".join(str(item) for item in top)
    )
    print(figures)
    assert grown < 3 * MB, figures
    assert rss_grown < 10 * MB, figures
    page = rebuild.site / "01-phone-basics/01-make-the-screen-easy.html"
    assert f"Edit number {REBUILDS}." in page.read_text("utf-8")
    lessons = course / "build/.cache/lessons"
    assert len(list(lessons.iterdir())) == 6  # nor does the cache: one entry per lesson


def sample_course(root: Path) -> ir.Course:
    """The sample course as the model exporters get (read through ``dump-ir``)."""
    result = CliRunner().invoke(main, ["dump-ir", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return ir.Course.model_validate_json(result.stdout)


def test_the_memo_keeps_no_course_alive_and_never_mixes_courses_up(
    fixture_course: Callable[[str], Path],
) -> None:
    root = fixture_course("sample")
    course = sample_course(root)
    module = course.modules[0]
    digests = outline_digest(course), module_digest(module)
    assert (outline_digest(course), module_digest(module)) == digests  # remembered
    gone = weakref.ref(course), weakref.ref(module)
    del course, module
    gc.collect()
    assert all(ref() is None for ref in gone), "the memo holds on to a course it is done with"

    # A new course often takes the place (and the id()) of one that is gone: each one still
    # gets its own digest, never one remembered for another.
    template = sample_course(root)
    seen: dict[int, list[str]] = {}
    for number in range(20):
        changed = template.model_copy(update={"title": f"Course {number}"})
        seen.setdefault(id(changed), []).append(outline_digest(changed))
        del changed
    found = [digest for digests in seen.values() for digest in digests]
    assert len(set(found)) == 20
    assert any(len(digests) > 1 for digests in seen.values()), "no id() was used again"
