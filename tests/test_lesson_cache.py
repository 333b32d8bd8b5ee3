"""The build's lesson parser (``lesson_cache.py``): what ``read_course`` gets from it is what it
gets from parsing each lesson in turn, whether workers parse them or the cache has them."""

import hashlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bwise_mooc import ir, memo
from bwise_mooc.cache import BuildCache
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.lesson_cache import LESSON_SECONDS, LessonParser, lesson_groups
from bwise_mooc.parse.course import read_course
from bwise_mooc.progress import Progress
from bwise_mooc.workers import helpers_for
from tests.conftest import FRONT

MakeCourse = Callable[..., Path]
LESSONS = 30


def many_lessons(make_course: MakeCourse, body: str) -> Path:
    files: dict[str, str | bytes] = {
        f"modules/01-basics/{n:02d}-lesson-{n}.md": FRONT + f"Lesson {n}. {body}\n"
        for n in range(1, LESSONS + 1)
    }
    return make_course(files)


def read(root: Path, parser: LessonParser | None = None) -> tuple[str, list[str]]:
    found = Diagnostics()
    course = read_course(root, found, parse_lessons=parser) if parser else read_course(root, found)
    assert course is not None
    return course.model_dump_json(), [str(item) for item in found]


def test_workers_parse_what_one_process_parses(make_course: MakeCourse) -> None:
    root = many_lessons(make_course, "See [there](javascript:alert(1)).")
    assert helpers_for(LESSONS, 2, LESSON_SECONDS) == 1  # workers do start
    serial = read(root)
    assert serial[1]  # every lesson has a link that is refused
    assert read(root, LessonParser(jobs=2)) == serial


def finished(shown: io.StringIO) -> list[str]:
    """The progress lines that stayed on the terminal, without their times."""
    lines = shown.getvalue().replace("\x1b[K", "").split("\n")
    return [line.rsplit("\r", 1)[-1].rsplit(" (", 1)[0] for line in lines if line]


def test_the_cache_gives_back_what_was_parsed(make_course: MakeCourse, tmp_path: Path) -> None:
    root = many_lessons(make_course, "Fine.")
    serial = read(root)
    shown = io.StringIO()
    cache = BuildCache(tmp_path / "cache", root)
    for _ in range(2):
        assert read(root, LessonParser(cache, 2, Progress(True, shown))) == serial
    assert finished(shown) == [
        f"reading (en): {LESSONS} lessons, 0 from the cache",
        f"reading (en): {LESSONS} lessons, {LESSONS} from the cache",
    ]


def test_a_parse_with_errors_is_not_kept(make_course: MakeCourse, tmp_path: Path) -> None:
    root = many_lessons(make_course, "See [there](javascript:alert(1)).")
    shown = io.StringIO()
    cache = BuildCache(tmp_path / "cache", root)
    for _ in range(2):
        read(root, LessonParser(cache, 1, Progress(True, shown)))
    assert finished(shown) == [f"reading (en): {LESSONS} lessons, 0 from the cache"] * 2


def test_lessons_are_parsed_in_groups_of_one_module_split_for_balance() -> None:
    paths = [f"modules/01-a/{n:02d}.md" for n in range(3)]
    paths += [f"modules/02-b/{n:02d}.md" for n in range(20)]
    groups = lesson_groups(paths, jobs=2)
    assert sorted(position for group in groups for position in group) == list(range(23))
    assert groups[0] == [0, 1, 2]  # a small module together
    assert all(len(group) <= 3 for group in groups)  # 23 lessons, 2 processes: 8 groups or more
    assert all(len({paths[p].rsplit("/", 1)[0] for p in group}) == 1 for group in groups)
    assert lesson_groups(paths, jobs=1)[0] == [0, 1, 2]
    assert lesson_groups([], jobs=2) == []


def test_a_lesson_from_the_cache_or_a_worker_brings_its_digest(
    make_course: MakeCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest a parse made is the one the lesson's content gives, for lessons parsed in
    workers and lessons from the cache alike, and none of them is dumped again to learn it."""
    root = many_lessons(make_course, "Fine, with **bold** words and a [link](https://example.org).")
    cache = BuildCache(tmp_path / "cache", root)
    for _ in range(2):  # parsed by two processes, then from the cache
        found = Diagnostics()
        course = read_course(root, found, parse_lessons=LessonParser(cache, 2))
        assert course is not None
        lessons = [lesson for module in course.modules for lesson in module.lessons]
        with monkeypatch.context() as patched:
            patched.setattr(ir.Lesson, "model_dump_json", dumped_again)
            remembered = [memo.lesson_digest(lesson) for lesson in lessons]
        assert remembered == [
            hashlib.sha256(lesson.model_dump_json().encode()).hexdigest() for lesson in lessons
        ]
        assert len(set(remembered)) == LESSONS


def dumped_again(*_: object, **__: object) -> str:
    raise AssertionError("a lesson's digest was made again")


def test_a_module_digest_changes_with_any_lesson_and_its_own_fields(
    make_course: MakeCourse,
) -> None:
    root = many_lessons(make_course, "Fine.")
    course = read_course(root, Diagnostics())
    assert course is not None
    module = course.modules[0]
    lessons = list(module.lessons)
    changed = lessons[-1].model_copy(update={"title": lessons[-1].title + "!"})
    digests = {
        memo.module_digest(module),
        memo.module_digest(module.model_copy(update={"lessons": (*lessons[:-1], changed)})),
        memo.module_digest(module.model_copy(update={"title": module.title + "!"})),
        memo.module_digest(module.model_copy(update={"lessons": tuple(lessons[:-1])})),
    }
    assert len(digests) == 4
    again = read_course(root, Diagnostics())  # other objects, the same content
    assert again is not None and again.modules[0] is not module
    assert memo.module_digest(again.modules[0]) == memo.module_digest(module)


def test_a_file_is_looked_at_once_in_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A picture that every lesson of a module shows is a dependency of each lesson's entry:
    its stamp is taken once per build (per ``BuildCache``), and the next build looks again."""
    (tmp_path / "modules").mkdir()
    picture = tmp_path / "modules" / "shared.png"
    picture.write_bytes(b"first")
    looked: list[str] = []
    real_stat = os.stat

    def counting_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        looked.append(os.fspath(path))
        return real_stat(path, *args, **kwargs)

    cache = BuildCache(tmp_path / "out" / ".cache", tmp_path)
    monkeypatch.setattr(os, "stat", counting_stat)
    digests = {cache.digest("modules/shared.png") for _ in range(20)}
    assert len(digests) == 1 and len([p for p in looked if p.endswith("shared.png")]) == 1
    picture.write_bytes(b"second, longer")
    assert (
        BuildCache(tmp_path / "out" / ".cache", tmp_path).digest("modules/shared.png")
        == hashlib.sha256(b"second, longer").hexdigest()
    )
