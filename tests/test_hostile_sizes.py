"""Hostile sizes (issue 13): the pathological lessons of ``scripts/bench_hostile.py`` at a
size CI can afford, each checked for its result (anchors, positions, the error reported),
never for its time; the benchmark prints the times.
"""

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from bwise_mooc.cache import LARGE_FILE_BYTES, BuildCache
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Assignment, Heading, Lesson, Quiz
from bwise_mooc.parse.files import discover_sources
from bwise_mooc.parse.lesson import parse_lesson
from bwise_mooc.pipeline import load_course
from tests.conftest import FRONT

MakeCourse = Callable[..., Path]
LESSON = "modules/01-basics/01-lesson.md"
OTHER = "modules/01-basics/02-other.md"
THIRD = "modules/01-basics/03-third.md"
PER_LINE = 100


def paragraph(item: str, count: int) -> str:
    """``count`` copies of ``item`` as one paragraph, ``PER_LINE`` to a line."""
    rows = range(0, count, PER_LINE)
    return "\n".join(" ".join([item] * min(PER_LINE, count - row)) for row in rows) + "\n"


def last_place(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the last ``needle`` in ``text``."""
    return place(text, text.rindex(needle))


def place(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def parse(root: Path, body: str) -> tuple[Lesson | None, Diagnostics]:
    (root / "modules/01-basics/media").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), "white").save(root / "modules/01-basics/media/pic.png")
    (root / OTHER).write_text(FRONT + "Other.\n", encoding="utf-8")
    (root / THIRD).write_text(FRONT + "Third.\n", encoding="utf-8")
    diagnostics = Diagnostics()
    return parse_lesson(root, LESSON, FRONT + body, diagnostics), diagnostics


def html(lesson: Lesson) -> str:
    return "".join(
        block.html for block in lesson.blocks if not isinstance(block, Quiz | Assignment)
    )


def codes(diagnostics: Diagnostics) -> list[str]:
    return [item.code for item in diagnostics]


def test_equal_headings_are_numbered_in_order(tmp_path: Path) -> None:
    lesson, diagnostics = parse(tmp_path, "## A\n\n" * 3_000)
    assert lesson is not None and not diagnostics.errors
    anchors = [block.anchor for block in lesson.blocks if isinstance(block, Heading)]
    assert anchors == ["a"] + [f"a-{n}" for n in range(2, 3_001)]


def test_headings_that_look_numbered_still_get_unique_anchors(tmp_path: Path) -> None:
    titles = ["A 2", "A", "A", "A 3", "A", "A-2", "A", "A 3"]
    body = "".join(f"## {title}\n\n" for title in titles)
    lesson, _ = parse(tmp_path, body)
    assert lesson is not None
    anchors = [block.anchor for block in lesson.blocks if isinstance(block, Heading)]
    assert anchors == ["a-2", "a", "a-3", "a-3-2", "a-4", "a-2-2", "a-5", "a-3-3"]


def test_each_of_many_equal_links_is_placed_where_it_is(tmp_path: Path) -> None:
    body = "Intro.\n\n" + paragraph("[a](02-other.md)", 4_000)
    lesson, diagnostics = parse(tmp_path, body)
    assert lesson is not None and not diagnostics.errors
    assert len(lesson.links) == 4_000
    places = [(link.source.line, link.source.column) for link in lesson.links]
    assert len(set(places)) == 4_000
    assert places[0] == (8, 5)
    assert places[-1] == last_place(FRONT + body, "02-other.md")


def test_each_missing_link_is_reported_at_its_place(tmp_path: Path) -> None:
    body = paragraph("[a](missing.md)", 2_000)
    _, diagnostics = parse(tmp_path, body)
    errors = [item for item in diagnostics.errors if item.code == "path.missing"]
    assert len(errors) == 2_000
    assert (errors[-1].line, errors[-1].column) == last_place(FRONT + body, "missing.md")


def test_each_of_many_images_is_placed_where_it_is(tmp_path: Path) -> None:
    body = paragraph("![A white square](media/pic.png)", 2_000)
    lesson, diagnostics = parse(tmp_path, body)
    assert lesson is not None and not diagnostics.errors
    assert len(lesson.assets) == 2_000
    last = lesson.assets[-1].source
    assert (last.line, last.column) == last_place(FRONT + body, "media/pic.png")


def test_each_bad_language_mark_is_reported_at_its_brace(tmp_path: Path) -> None:
    body = paragraph("[x]{lang=1}", 1_000)
    _, diagnostics = parse(tmp_path, body)
    errors = [item for item in diagnostics.errors if item.code == "lang.tag"]
    assert len(errors) == 1_000
    assert (errors[-1].line, errors[-1].column) == last_place(FRONT + body, "{")


def test_an_image_inside_a_link_keeps_its_own_place(tmp_path: Path) -> None:
    body = "See [![A white square](media/pic.png)](02-other.md) and [b](02-other.md#x).\n"
    lesson, _ = parse(tmp_path, body)
    assert lesson is not None
    text = FRONT + body
    assert [(a.source.line, a.source.column) for a in lesson.assets] == [
        place(text, text.index("media/pic.png"))
    ]
    assert [(link.source.line, link.source.column) for link in lesson.links] == [
        place(text, text.index("02-other.md)")),
        place(text, text.index("02-other.md#x")),
    ]


def test_reference_links_keep_the_paragraph_start_and_later_links_their_place(
    tmp_path: Path,
) -> None:
    count = 3_000
    links = paragraph("[a][other]", count).rstrip("\n")
    body = f"{links} then [b](02-other.md#b).\n\n[other]: 03-third.md\n"
    lesson, diagnostics = parse(tmp_path, body)
    assert lesson is not None and not diagnostics.errors
    places = [(link.source.line, link.source.column) for link in lesson.links]
    # a reference link's address is not in its paragraph: its place is the paragraph's start
    assert places[:count] == [(6, 1)] * count
    assert places[count:] == [last_place(FRONT + body, "02-other.md#b")]


def test_a_few_reference_links_leave_the_other_places_exact(tmp_path: Path) -> None:
    body = "[a][other] [b][other] [c][other] and [d](02-other.md#d).\n\n[other]: 03-third.md\n"
    lesson, _ = parse(tmp_path, body)
    assert lesson is not None
    places = [(link.source.line, link.source.column) for link in lesson.links]
    assert places == [(6, 1), (6, 1), (6, 1), last_place(FRONT + body, "02-other.md#d")]


def test_many_questions_in_one_quiz(tmp_path: Path) -> None:
    questions = "".join(f"### Question {n}?\n\n- ( ) no\n- (x) yes\n\n" for n in range(2_000))
    lesson, diagnostics = parse(tmp_path, f"::: quiz\n{questions}:::\n")
    assert lesson is not None and not diagnostics.errors
    quizzes = [block for block in lesson.blocks if isinstance(block, Quiz)]
    assert [q.id for q in quizzes[0].questions] == [f"q{n}" for n in range(1, 2_001)]
    last = quizzes[0].questions[-1].source
    assert (last.line, last.column) == last_place(FRONT + f"::: quiz\n{questions}", "### ")


def test_many_reference_definitions(tmp_path: Path) -> None:
    definitions = "".join(f"[r{n}]: https://e.example/{n}\n" for n in range(5_000))
    lesson, diagnostics = parse(tmp_path, "[a][r4999]\n\n" + definitions)
    assert lesson is not None and not diagnostics.errors
    assert 'href="https://e.example/4999"' in html(lesson)


def test_long_tables(tmp_path: Path) -> None:
    rows = "| x | [y](02-other.md) |\n" * 2_000
    body = "| a | b |\n| --- | --- |\n" + rows
    lesson, diagnostics = parse(tmp_path, body)
    assert lesson is not None and not diagnostics.errors
    last = lesson.links[-1].source
    assert (last.line, last.column) == last_place(FRONT + body, "02-other.md")


def test_quotes_nested_too_deep_are_an_error_not_a_silent_cut(tmp_path: Path) -> None:
    deep = "> " * 1_000 + "lost\n"
    _, diagnostics = parse(tmp_path, deep)
    assert [str(item) for item in diagnostics.errors] == [
        f"{LESSON}:6:1: error: quotes and lists are nested more than 19 levels deep here "
        "(a '>' counts one level, a list item two): Markdown drops what is deeper, so nest "
        "fewer levels [markdown.too-deep]"
    ]
    lesson, diagnostics = parse(tmp_path, "> " * 19 + "kept\n")
    assert lesson is not None and not diagnostics.errors and "kept" in html(lesson)


def test_lists_nested_too_deep_are_an_error_not_a_silent_cut(tmp_path: Path) -> None:
    def nested(depth: int) -> str:
        return "".join("  " * level + "- x\n" for level in range(depth)) + "\nAfter.\n"

    _, diagnostics = parse(tmp_path, nested(1_000))
    assert codes(diagnostics) == ["markdown.too-deep"]
    lesson, diagnostics = parse(tmp_path, nested(9))
    assert lesson is not None and not diagnostics.errors
    assert "After." in html(lesson)


def test_emphasis_nested_too_deep_is_an_error_not_a_crash(tmp_path: Path) -> None:
    _, diagnostics = parse(tmp_path, "*" * 9_000 + "a" + "*" * 9_000 + "\n")
    assert [(item.line, item.code) for item in diagnostics.errors] == [(6, "markdown.too-deep")]
    lesson, diagnostics = parse(tmp_path, "*" * 40 + "a" + "*" * 40 + "\n")  # 20 levels
    assert lesson is not None and not diagnostics.errors


def test_spaces_after_a_bracket_are_read_once(tmp_path: Path) -> None:
    body = ("](" + " " * 19_990 + "x\n\n") * 5 + "[a]( <javascript:alert(1)>)\n"
    _, diagnostics = parse(tmp_path, body)
    assert [(item.line, item.column, item.code) for item in diagnostics.errors] == [
        (16, 7, "link.scheme")
    ]


def test_many_links_to_the_headings_of_a_long_lesson(make_course: MakeCourse) -> None:
    headings = "## A\n\n" * 2_000
    links = paragraph("[a](#a-2000)", 2_000) + "\n[b](#a-2001)\n"
    root = make_course({LESSON: FRONT + headings + links})
    _, diagnostics = load_course(root)
    assert [(item.line, item.code) for item in diagnostics.errors] == [
        (6 + 2 * 2_000 + 20 + 1, "link.missing-anchor")
    ]


def test_a_huge_file_nobody_uses_is_not_read(make_course: MakeCourse, tmp_path: Path) -> None:
    root = make_course(lesson="Text.\n")
    huge = root / "modules/01-basics/media/huge.bin"
    huge.parent.mkdir(parents=True, exist_ok=True)
    with open(huge, "wb") as handle:  # sparse: no disk, but reading it would take a while
        os.truncate(handle.fileno(), 2 * LARGE_FILE_BYTES)
    cache = BuildCache(tmp_path / "out" / ".cache", root)
    first = cache.tree_digest(discover_sources(root).files)
    cache.save()
    digests = (tmp_path / "out" / ".cache" / "digests.json").read_text()
    assert LESSON in digests and "huge.bin" not in digests
    assert (
        BuildCache(tmp_path / "out" / ".cache", root).tree_digest(discover_sources(root).files)
        == first
    )
    os.truncate(huge, 2 * LARGE_FILE_BYTES + 1)  # the next build sees it (a cache is one build's)
    later = BuildCache(tmp_path / "out" / ".cache", root)
    assert later.tree_digest(discover_sources(root).files) != first


def test_a_large_file_a_lesson_uses_is_still_hashed(tmp_path: Path) -> None:
    size = LARGE_FILE_BYTES + 5
    (tmp_path / "modules").mkdir()
    with open(tmp_path / "modules/film.mp4", "wb") as handle:
        os.truncate(handle.fileno(), size)
    cache = BuildCache(tmp_path / "out" / ".cache", tmp_path)
    assert cache.digest("modules/film.mp4") == hashlib.sha256(bytes(size)).hexdigest()


def test_many_different_reference_links_keep_the_paragraph_start(tmp_path: Path) -> None:
    count = 3_000
    links = [f"[a][r{n}]" for n in range(count)]
    rows = [" ".join(links[row : row + PER_LINE]) for row in range(0, count, PER_LINE)]
    definitions = "".join(f"[r{n}]: 03-third.md#n{n}\n" for n in range(count))
    lesson, diagnostics = parse(tmp_path, "\n".join(rows) + "\n\n" + definitions)
    assert lesson is not None and not diagnostics.errors
    assert [link.anchor for link in lesson.links] == [f"n{n}" for n in range(count)]
    assert {(link.source.line, link.source.column) for link in lesson.links} == {(6, 1)}
