"""``make bench``: time ``bwise-mooc check`` and ``build`` on hostile inputs (issue 13).

Each case writes a small course into a temporary folder whose one lesson is pathological
within the limits of ``parse/files.py`` (2,000,000 bytes, 20,000 characters a line): 30,000
identical headings, 40,000 links in one paragraph, 20,000 quiz questions, blockquotes nested
1,000 deep, a sparse 5 GB file nobody refers to, and so on. Then ``bwise-mooc check --root
DIR``, ``bwise-mooc build --root DIR --out DIR2`` and the same build again (``no-op``) run on
it, each in its own process, and the wall time, CPU time and peak RSS (``os.wait4``'s rusage
of that process and of the workers it waited for), the exit code and the number of lines
written to stderr (the diagnostics) are printed. On a busy machine, compare CPU times.

The work of every case should grow linearly with its size: ``--scale 0.1`` runs every case at
a tenth of its size, so comparing two scales shows a quadratic path at once. The script prints
figures and never asserts a time; only ``--fail-on-timeout`` turns a timed-out command into
exit 1. This is a developer tool: it is not part of the installed package.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
MODULE = "modules/01-basics"
LESSON = f"{MODULE}/01-lesson.md"
PER_LINE = 100  # links or spans on one line of a paragraph: far below the line limit
HUGE_BYTES = 5 * 1024**3

COURSE_YML = """\
id: hostile
organisation: BWISE
run: "2026"
version: "1.0"
title: Hostile inputs
description: A course that tries to make bwise-mooc slow.
languages: [en]
licence: CC-BY-SA-4.0
authors: [{name: Bench}]
tracks: [{id: workers, title: Workers}]
"""
MODULE_YML = """\
title: Basics
summary: Basic things.
track: workers
outcomes:
  - {id: o1, text: Do the first thing.}
estimated_minutes: 30
"""
FRONT = "---\ntitle: A lesson\nestimated_minutes: 10\noutcomes: [o1]\n---\n\n"
OTHER = FRONT + "Another lesson.\n"


def png() -> bytes:
    """A 1 x 1 white PNG, made without pillow so the script needs nothing but the stdlib."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data).to_bytes(4, "big")
        return len(data).to_bytes(4, "big") + kind + data + crc

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def rows(items: list[str]) -> str:
    """``items`` as one paragraph, ``PER_LINE`` to a line."""
    lines = [" ".join(items[start : start + PER_LINE]) for start in range(0, len(items), PER_LINE)]
    return "\n".join(lines) + "\n"


def paragraph(item: str, count: int) -> str:
    """``count`` copies of ``item`` as one paragraph."""
    return rows([item] * count)


def nested_list(depth: int) -> str:
    return "".join("  " * level + "- x\n" for level in range(depth))


def table(rows: int) -> str:
    return "| a | b |\n| --- | --- |\n" + "| x | [y](02-other.md) |\n" * rows


def quiz(questions: int) -> str:
    body = "".join(f"### Question {i}?\n\n- ( ) no\n- (x) yes\n\n" for i in range(questions))
    return f"::: quiz\n{body}:::\n"


def choices(count: int) -> str:
    """One question with ``count`` answers."""
    answers = "- (x) yes\n" + "".join(f"- ( ) no {i}\n" for i in range(count - 1))
    return f"::: quiz\n### Which?\n\n{answers}:::\n"


def quizzes(count: int) -> str:
    """``count`` quiz blocks of one question each."""
    return "".join(f"::: quiz\n### Q{i}?\n\n- answer: true\n:::\n\n" for i in range(count))


def distinct_links(count: int) -> str:
    """``count`` links to different addresses: each is found further into the paragraph."""
    return rows([f"[a](https://e.example/{i})" for i in range(count)])


def references(count: int) -> str:
    """``count`` reference links, each to its own definition: no href is in the paragraph."""
    links = rows([f"[a][r{i}]" for i in range(count)])
    return links + "\n" + "".join(f"[r{i}]: https://e.x/{i}\n" for i in range(count))


def definitions(count: int) -> str:
    refs = paragraph("[a][r1]", min(count, 1000))
    return refs + "\n" + "".join(f"[r{i}]: https://e.example/{i}\n" for i in range(count))


@dataclass(frozen=True)
class Case:
    """A hostile lesson body of ``size`` units (``files`` adds more course files)."""

    name: str
    size: int
    body: Callable[[int], str]
    files: Callable[[Path], None] | None = None


def _other_lesson(root: Path) -> None:
    (root / MODULE / "02-other.md").write_text(OTHER, encoding="utf-8")


def _picture(root: Path) -> None:
    (root / MODULE / "media").mkdir(exist_ok=True)
    (root / MODULE / "media" / "pic.png").write_bytes(png())


def _huge_file(root: Path) -> None:
    """A sparse file of 5 GB: it costs no disk, but reading it whole costs 5 GB of memory."""
    (root / MODULE / "media").mkdir(exist_ok=True)
    with open(root / MODULE / "media" / "huge.bin", "wb") as handle:
        os.truncate(handle.fileno(), HUGE_BYTES)


CASES = [
    Case("headings", 30_000, lambda n: "# A\n\n" * n),
    Case("links-web", 40_000, lambda n: paragraph("[a](https://e.example/)", n)),
    Case("links-distinct", 40_000, distinct_links),
    Case("links-lesson", 40_000, lambda n: paragraph("[a](02-other.md)", n), _other_lesson),
    Case("links-missing", 40_000, lambda n: paragraph("[a](missing.md)", n)),
    Case("links-anchor", 40_000, lambda n: "# T\n\n" + paragraph("[a](#t)", n)),
    Case("images", 40_000, lambda n: paragraph("![a](media/pic.png)", n), _picture),
    Case("raw-html", 40_000, lambda n: paragraph("<b>x</b>", n)),
    Case("lang-spans", 10_000, lambda n: paragraph("[x]{lang=de}", n)),
    Case("quiz-questions", 20_000, quiz),
    Case("quiz-choices", 20_000, choices),
    Case("quiz-blocks", 10_000, quizzes),
    Case("blockquotes", 1_000, lambda n: "> " * n + "x\n"),
    Case("nested-lists", 1_000, nested_list),
    Case("definitions", 50_000, definitions),
    Case("links-reference", 40_000, references),
    Case("headings-and-anchor-links", 20_000, lambda n: "## A\n\n" * n + paragraph("[a](#a)", n)),
    Case("refused-link-spaces", 90, lambda n: ("](" + " " * 19_990 + "x\n\n") * n),
    Case("table-rows", 20_000, table, _other_lesson),
    Case("emphasis", 40_000, lambda n: paragraph("*a*", n)),
    Case("emphasis-nested", 9_000, lambda n: "*" * n + "a" + "*" * n + "\n"),
    Case("links-nested", 3_300, lambda n: "## A\n\n" + "[" * n + "a" + "](#a)" * n + "\n"),
    Case("huge-unreferenced-file", 1, lambda n: "Text.\n", _huge_file),
]


def write_course(root: Path, case: Case, size: int) -> None:
    (root / "course").mkdir(parents=True)
    (root / MODULE).mkdir(parents=True)
    (root / "course" / "course.yml").write_text(COURSE_YML, encoding="utf-8")
    (root / MODULE / "module.yml").write_text(MODULE_YML, encoding="utf-8")
    (root / LESSON).write_text(FRONT + case.body(size), encoding="utf-8")
    if case.files is not None:
        case.files(root)


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the process and the workers it waited for
    peak_mb: float
    code: int | str  # the exit code, or "timeout"
    lines: int  # lines the command wrote to stderr (its diagnostics)


def run(command: Sequence[str], timeout: float, log: Path) -> Run:
    """Run ``command``, reaping it with ``wait4`` to get its own peak memory."""
    started = time.perf_counter()
    with open(log, "wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.send_signal(signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                lines = log.read_bytes().count(b"\n")
                return Run(time.perf_counter() - started, cpu(usage), mb(usage), "timeout", lines)
            time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = log.read_bytes().count(b"\n")
    return Run(time.perf_counter() - started, cpu(usage), mb(usage), process.returncode, lines)


def cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def mb(usage: resource.struct_rusage) -> float:
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def scaled(case: Case, scale: float) -> int:
    return max(1, round(case.size * scale)) if case.size > 1 else 1


def bench(case: Case, scale: float, timeout: float, keep: bool) -> list[tuple[str, Run]]:
    size = scaled(case, scale)
    folder = Path(tempfile.mkdtemp(prefix=f"bwise-hostile-{case.name}-"))
    try:
        root = folder / "src"
        write_course(root, case, size)
        tool = str(BIN / "bwise-mooc")
        commands = {
            "check": [tool, "check", "--root", str(root)],
            "build": [tool, "build", "--root", str(root), "--out", str(folder / "out")],
            "no-op": [tool, "build", "--root", str(root), "--out", str(folder / "out")],
        }
        results = []
        for step, command in commands.items():
            result = run(command, timeout, folder / f"{step}.log")
            results.append((step, result))
            if result.code == "timeout":
                break
        return results
    finally:
        if keep:
            print(f"  kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0, help="size factor for every case")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per command")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--keep", action="store_true", help="keep the generated courses")
    parser.add_argument("--fail-on-timeout", action="store_true")
    args = parser.parse_args(argv)
    chosen = {name for name in args.only.split(",") if name}
    unknown = chosen - {case.name for case in CASES}
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    print(
        textwrap.dedent(f"""\
        hostile inputs at scale {args.scale:g} (timeout {args.timeout:g} s a command)
        {"case":<26} {"size":>7}  {"step":<6} {"seconds":>8} {"cpu s":>7} {"peak MB":>8} {"exit":>7} {"lines":>7}""")
    )
    timed_out = False
    for case in CASES:
        if chosen and case.name not in chosen:
            continue
        size = scaled(case, args.scale)
        for step, result in bench(case, args.scale, args.timeout, args.keep):
            timed_out |= result.code == "timeout"
            print(
                f"{case.name:<26} {size:>7}  {step:<6} {result.seconds:>8.2f} {result.cpu:>7.2f} "
                f"{result.peak_mb:>8.1f} {result.code!s:>7} {result.lines:>7}",
                flush=True,
            )
    return 1 if timed_out and args.fail_on_timeout else 0


if __name__ == "__main__":
    sys.exit(main())
