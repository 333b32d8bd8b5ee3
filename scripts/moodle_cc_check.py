"""Acceptance check of the Moodle-native formats in a real Moodle (``make moodle-cc-check``).

Builds the course's Common Cartridge and question banks (``--format cc,moodlexml,gift``) in
every language with the project's own command line, then, per language:

1. restores the whole-course cartridge into a new course with Moodle's own code
   (``import_cc.php`` of the test set-up): status, restore warnings and PHP notices;
2. reads what Moodle made (``scripts/moodle_cc_course.php``): one section per module, one page
   per lesson whose pictures are all in the page's own files, one quiz per knowledge check and
   module assessment with as many questions of each Moodle type as the source has (numeric
   questions excepted: the cartridge leaves them out, with a warning);
3. has a learner answer the first module's assessment in Moodle's quiz: right, and with every
   other answer wrong, and reads the gradebook. Moodle's CC importer sets every quiz's total of
   marks to 4 whatever its questions (``backup/cc/sheets/course_modules_mod_quiz.xml``), so the
   first attempt is graded as restored (the known bug, row "as restored"), then the total is
   recomputed as Moodle does when a teacher changes a question's mark, and the attempts repeat;
4. imports the Moodle XML and GIFT question banks (``import_questions.php``): every question of
   each type (numeric included), and the right answer of each scores full marks in Moodle's
   question engine.

Prints one markdown table (expected vs got) and writes ``build/moodle-cc-check/results.json``.

Usage: .venv/bin/python scripts/moodle_cc_check.py [--lang en,de] [--no-attempts]
Needs Moodle's source tree in $MOODLE_SRC (or --moodle), the harness of ../shared/moodle
(override with $MOODLE_HARNESS) and a started Moodle (``make moodle-cc-check`` starts it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree, html
from moodle_harness import ROOT, Json, php  # scripts/ is where this runs from

from bwise_mooc.ir import Course
from bwise_mooc.pipeline import load_course

HELPER = ROOT / "scripts" / "moodle_cc_course.php"
OUT = ROOT / "build" / "moodle-cc-check"
MOODLE_TYPES = {  # our question type -> Moodle's, after a cartridge or a bank import
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short_text": "shortanswer",
    "numeric": "numerical",
}
CC_TOTAL_OF_MARKS = 4  # what Moodle's CC importer writes as every quiz's total
Row = tuple[str, str, str, str, bool]  # language, check, expected, got, ok


# ---- what the source says ------------------------------------------------------------------


def expected_quizzes(course: Course) -> list[list[dict[str, int]]]:
    """Per module, in reading order: each quiz's questions by Moodle type (numeric left out)."""
    found = []
    for module in course.modules:
        quizzes = []
        for lesson in module.lessons:
            for quiz in lesson.quizzes():
                if not quiz.graded:
                    quizzes.append(_by_type(q.type for q in quiz.questions))
        quizzes.append(_by_type(q.type for _, q in module.graded_questions()))
        found.append([quiz for quiz in quizzes if quiz])
    return found


def _by_type(types: Any) -> dict[str, int]:
    return dict(sorted(Counter(MOODLE_TYPES[t] for t in types if t != "numeric").items()))


def expected_bank(course: Course) -> dict[str, int]:
    return dict(sorted(Counter(MOODLE_TYPES[q.type] for _, q in course.questions()).items()))


def numeric_count(course: Course) -> int:
    return sum(q.type == "numeric" for _, q in course.questions())


# ---- Moodle ----------------------------------------------------------------------------------


def helper(moodle: str, *args: str) -> Json:
    """Run ``moodle_cc_course.php``; its JSON report."""
    proc = subprocess.run(
        ["php", str(HELPER), f"--moodle={moodle}", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        data: Json = json.loads(proc.stdout)
    except json.JSONDecodeError:
        data = {"status": "failed", "error": (proc.stdout + proc.stderr)[-2000:]}
    return data


def build(work: Path) -> None:
    exe = Path(sys.executable).parent / "bwise-mooc"
    cmd = [str(exe), "build", "--root", str(ROOT), "--format", "cc,moodlexml,gift"]
    cmd += ["--out", str(work), "--no-cache", "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"`bwise-mooc build --format cc,moodlexml,gift` failed:\n{proc.stdout}")
    print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "built", file=sys.stderr)


def outputs(work: Path, course: Course) -> tuple[Path, Path, Path]:
    """The course cartridge and the two banks of ``course``'s language."""
    suffix = "" if course.language == course.languages[0] else f"-{course.language}"
    folder = work if not suffix else work / course.language
    return (
        folder / "cc" / f"{course.id}{suffix}.imscc",
        folder / "moodlexml" / f"{course.id}{suffix}-questions.xml",
        folder / "gift" / f"{course.id}{suffix}-questions.gift.txt",
    )


# ---- checks -----------------------------------------------------------------------------------


def check_restore(
    lang: str, course: Course, cartridge: Path, report: Json, content: Json
) -> list[Row]:
    rows: list[Row] = []
    warnings = list(report.get("restore_log_warnings") or [])
    warnings += (report.get("precheck") or {}).get("warnings") or []
    rows.append(_row(lang, "restore status", "ok", report.get("status")))
    rows.append(_row(lang, "restore warnings", 0, len(warnings)))
    rows.append(_row(lang, "PHP notices", 0, len(report.get("php_errors") or [])))
    sections = [s for s in report.get("sections", []) if s["section"] > 0 and s["activities"]]
    rows.append(_row(lang, "sections with the modules", len(course.modules), len(sections)))
    pages = content.get("pages", [])
    lessons = sum(len(m.lessons) for m in course.modules)
    rows.append(_row(lang, "pages (one per lesson)", lessons, len(pages)))
    images = sum(p["images"] for p in pages)
    shown = sum(1 for p in pages for ref in p["references_in_files"] if not ref.endswith(".html"))
    rows.append(_row(lang, "pictures on pages, each in the page's files", images, shown))
    missing = [ref for p in pages for ref in p["references_missing"] if not ref.endswith(".html")]
    rows.append(_row(lang, "files a page shows but lacks", 0, len(missing)))
    rtl = "rtl" if lang in {"ar", "fa", "he", "ur"} else "ltr"
    rows.append(
        _row(
            lang,
            "pages keep lang/dir",
            f"{lang}/{rtl}",
            _same(f"{p['lang']}/{p['dir']}" for p in pages),
        )
    )
    same = page_texts(cartridge) == [_text(p["content"]) for p in pages]
    rows.append(_row(lang, "page texts as in the cartridge (no mojibake)", True, same))
    want = expected_quizzes(course)
    quizzes = content.get("quizzes", [])
    got = [[q["by_type"] for q in quizzes if q["section"] == n] for n in range(1, len(want) + 1)]
    rows.append(
        _row(lang, "quizzes (knowledge checks and assessments)", sum(map(len, want)), len(quizzes))
    )
    rows.append(
        _row(
            lang,
            "questions of each type in each quiz",
            "as the source",
            "as the source" if got == want else json.dumps(got),
        )
    )
    rows.append(
        _row(
            lang,
            "numeric questions left out (warned)",
            numeric_count(course),
            numeric_count(course) - _numerical_in(quizzes),
        )
    )
    return rows


def page_texts(cartridge: Path) -> list[str]:
    """The text of each lesson page of the cartridge, in the manifest's (reading) order."""
    with zipfile.ZipFile(cartridge) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        pages = manifest.xpath("//*[local-name()='resource'][@type='webcontent'][@href]/@href")
        return [_text(archive.read(unquote(str(page))).decode("utf-8")) for page in pages]


def _text(markup: str) -> str:
    """The words of an HTML text (of its body, for a whole document), spacing collapsed."""
    if not markup.strip():
        return ""
    root = html.fromstring(markup)
    body = root.find("body")
    return " ".join((root if body is None else body).text_content().split())


def _numerical_in(quizzes: list[Json]) -> int:
    return sum(q["by_type"].get("numerical", 0) for q in quizzes)


def _same(values: Any) -> str:
    found = sorted(set(values))
    return found[0] if len(found) == 1 else ",".join(found) or "-"


def check_grades(lang: str, moodle: str, content: Json) -> tuple[list[Row], Json]:
    """A learner in the first module's assessment: as restored, then with the total fixed."""
    first = [q for q in content.get("quizzes", []) if q["section"] == 1]
    if not first:
        return [_row(lang, "module 1 assessment", "a quiz", "none")], {}
    quiz = first[-1]  # the module assessment closes the module
    count = sum(quiz["by_type"].values())
    raw = helper(moodle, f"--attempt={quiz['cmid']}", "--mode=mixed")
    right = sum(slot["mark"] for slot in raw.get("slots", []))
    bug = round(min(100.0, 100 * right / CC_TOTAL_OF_MARKS), 2)
    rows = [
        _row(
            lang,
            f"as restored, every other answer wrong: gradebook % (Moodle's total of marks is "
            f"{CC_TOTAL_OF_MARKS}, not {count}: min(100, right/{CC_TOTAL_OF_MARKS}))",
            bug,
            raw.get("gradebook_percent"),
        )
    ]
    fixed = helper(moodle, f"--recompute={quiz['cmid']}")
    rows.append(
        _row(
            lang,
            "total of marks recomputed from the questions",
            float(count),
            fixed.get("sumgrades_after"),
        )
    )
    rows.append(
        _row(
            lang,
            "that attempt, regraded: gradebook %",
            raw.get("expected_percent"),
            _regraded(moodle, quiz["cmid"]),
        )
    )
    good = helper(moodle, f"--attempt={quiz['cmid']}", "--mode=right")
    rows.append(_row(lang, "all answers right: gradebook %", 100.0, good.get("gradebook_percent")))
    return rows, {"as_restored": raw, "recompute": fixed, "right": good}


def _regraded(moodle: str, cmid: int) -> Any:
    """The learner's gradebook grade of the quiz now (in percent)."""
    return helper(moodle, f"--grade={cmid}").get("gradebook_percent")


def check_bank(
    lang: str, fmt: str, path: Path, course: Course, moodle: str
) -> tuple[list[Row], Json]:
    report = php("import_questions.php", f"--file={path}", f"--format={fmt}", f"--moodle={moodle}")
    label = "Moodle XML" if fmt == "xml" else "GIFT"
    want = expected_bank(course)
    rows = [
        _row(lang, f"{label} bank import", "ok", report.get("status")),
        _row(
            lang,
            f"{label} questions by type",
            json.dumps(want),
            json.dumps(dict(sorted((report.get("by_type") or {}).items()))),
        ),
        _row(
            lang,
            f"{label} right answers with full marks",
            report.get("right_answer_checked"),
            report.get("right_answer_full_marks"),
        ),
        _row(lang, f"{label} PHP notices", 0, len(report.get("php_errors") or [])),
    ]
    return rows, report


def _row(lang: str, check: str, want: Any, got: Any) -> Row:
    return (lang, check, str(want), str(got), want == got)


def table(rows: list[Row]) -> str:
    lines = ["| lang | check | expected | got | |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {lang} | {c} | {w} | {g} | {'✓' if ok else '✗'} |" for lang, c, w, g, ok in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--lang", default="", help="languages, e.g. en,ar (default: every one)")
    parser.add_argument(
        "--moodle", default=os.environ.get("MOODLE_SRC", ""), help="Moodle's source tree"
    )
    parser.add_argument("--no-attempts", action="store_true", help="skip the learner's attempts")
    args = parser.parse_args(argv)
    if not args.moodle:
        raise SystemExit("set MOODLE_SRC (or --moodle) to Moodle 4.3's source tree")
    source, _ = load_course(ROOT)
    if source is None:
        raise SystemExit("the course could not be read; run `bwise-mooc check`")
    languages = [lang for lang in args.lang.split(",") if lang] or list(source.languages)
    rows: list[Row] = []
    details: Json = {}
    with tempfile.TemporaryDirectory(prefix="moodle-cc-check-") as tmp:
        work = Path(tmp)
        build(work)
        for lang in languages:
            course, _ = load_course(ROOT, lang)
            if course is None:
                raise SystemExit(f"the course could not be read in {lang}")
            cartridge, xml, gift = outputs(work, course)
            report = php("import_cc.php", f"--file={cartridge}", f"--moodle={args.moodle}")
            content = (
                helper(args.moodle, f"--courseid={report['course']['id']}")
                if report.get("course")
                else {}
            )
            rows += check_restore(lang, course, cartridge, report, content)
            attempts: Json = {}
            if not args.no_attempts and content:
                found, attempts = check_grades(lang, args.moodle, content)
                rows += found
            xml_rows, xml_report = check_bank(lang, "xml", xml, course, args.moodle)
            gift_rows, gift_report = check_bank(lang, "gift", gift, course, args.moodle)
            rows += xml_rows + gift_rows
            details[lang] = {
                "restore": report,
                "course": content,
                "attempts": attempts,
                "moodlexml": xml_report,
                "gift": gift_report,
            }
            print(f"{lang}: done", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    summary = {
        "rows": [
            dict(zip(("lang", "check", "expected", "got", "ok"), r, strict=True)) for r in rows
        ],
        "details": details,
    }
    (OUT / "results.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    print(table(rows))
    links = {
        lang: sum(
            ref.endswith(".html") or ".html#" in ref
            for page in found["course"].get("pages", [])
            for ref in page["references_missing"] + page["references_relative"]
        )
        for lang, found in details.items()
    }
    anchors = {
        lang: sum(page["content"].count('href="#') for page in found["course"].get("pages", []))
        for lang, found in details.items()
    }
    print(
        "\nWhat Moodle's CC importer cannot keep (known, not counted above):"
        f"\n- links from one lesson's page to another, left pointing at no file: {links}"
        f"\n- links to a heading of the same page, whose ids its HTML cleaning removes: {anchors}"
        f"\nsaved to {OUT / 'results.json'}"
    )
    return 0 if all(row[4] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
