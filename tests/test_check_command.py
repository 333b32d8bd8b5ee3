"""`bwise-mooc check` as authors run it: every problem at once, right lines, right exit code."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from bwise_mooc.cli import main
from bwise_mooc.i18n import gettext
from tests.conftest import COURSE_YML, FIXTURES, FRONT, ROOT

SEEDED = [
    "course/course.yml:11:1: error: unknown key 'keyword': did you mean 'keywords'? [yaml.unknown-key]",
    "modules/01-basics/01-intro.md:4:16: error: outcome 'o9' is not defined in this module's module.yml; known: o1 [outcome.unknown]",
    "modules/01-basics/01-intro.md:8:23: error: '#no-such-part' is not a heading in modules/01-basics/02-test.md [link.missing-anchor]",
    "modules/01-basics/01-intro.md:10:25: error: image 'media/missing.png' not found [path.missing]",
    "modules/01-basics/01-intro.md:15:1: error: quiz question has no correct answer [quiz.no-correct-answer]",
    "modules/01-basics/02-test.md:13:1: error: question id 'pick' is used twice in this lesson (first at line 9) [quiz.duplicate-id]",
    "modules/01-basics/02-test.md:18:3: error: 'number:' must be '42', '42 +- 0.5' or '40..44', not 'seven' [quiz.bad-number]",
    "modules/01-basics/02-test.md:24:1: error: '::: assessment' block opened here is never closed with ':::' [quiz.unclosed]",
    "modules/01-basics/module.yml:3:8: error: track 'worker' is not declared in course/course.yml; known: workers [module.unknown-track]",
    "modules/01-basics/module.yml:5:46: error: 'eqf' in 'outcomes' > item 1 must be 8 or less, not 9 [yaml.invalid-value]",
]

SILENT = [
    "modules/01-basics/01-intro.de.md:5:18: warning: 01-intro.md has changed since it was translated (translated_from: 00000000, the source is now 7f596acb): bring this translation up to date, then write 'translated_from: 7f596acb' [translation.outdated]",
    "modules/01-basics/02-more.de.md:1:1: warning: the front matter does not say which version of 02-more.md this translates, so later changes to the source cannot be noticed: when this translation matches the source, add 'translated_from: aa9beb02' [translation.unstamped]",
    "modules/02-staff/01-signs.md:8:41: error: image 'media/warning signs.png' is shown as plain text, because a space ends a link target; rename the file with lower-case letters, digits and hyphens only, or put the path in angle brackets: ![...](<media/warning signs.png>) [path.space]",
    "modules/02-staff/01-signs.md:11:1: warning: assessment question has no '{#id}': its id 'q1' comes from its place, so learners' saved answers are lost when a question is added or moved above it; add '{#q1}' to the heading (its id today) [quiz.no-id]",
    "modules/02-staff/01-signs.md:12:21: warning: 'accept: search box, the search box' is one answer, comma included: learners must type all of it; to accept several answers, write one '- accept:' line for each; if the comma is part of the answer, write it as '\\,' [quiz.comma-in-answer]",
    "modules/02-staff/01-signs.md:16:1: error: feedback under an answer must be indented by two spaces ('  > ...'): without them, this '>' ends the answer list [quiz.feedback-indent]",
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_seeded_mistakes_are_all_reported_with_their_lines() -> None:
    code, output = run("check", "--root", str(FIXTURES / "seeded-mistakes"))
    lines = [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == SEEDED
    assert "10 errors, 0 warnings" in output
    assert "Traceback" not in output
    assert code == 1


def test_mistakes_that_once_reached_learners_silently_are_each_reported_once() -> None:
    code, output = run("check", "--root", str(FIXTURES / "silent-mistakes"))
    lines = [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == SILENT
    assert "2 errors, 4 warnings" in output
    assert code == 1


def test_the_default_course_checks_clean() -> None:
    code, output = run("check", "--root", str(ROOT), "--strict")
    assert "0 errors, 0 warnings" in output
    assert code == 0


def test_warnings_pass_but_fail_under_strict() -> None:
    mini = str(FIXTURES / "mini")
    assert run("check", "--root", mini)[0] == 0
    code, output = run("check", "--root", mini, "--strict")
    assert code == 4
    assert "[html.removed]" in output


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("build", "--root", str(FIXTURES / "mini"), "--format", "docx")
    assert code == 2
    assert "unknown format docx" in output


@pytest.mark.parametrize("command", ["check", "build", "dump-ir"])
def test_a_language_the_course_does_not_have_is_a_usage_error(command: str) -> None:
    code, output = run(command, "--root", str(FIXTURES / "mini"), "--lang", "fr")
    assert code == 2, output
    assert "language 'fr' is not in 'languages' (en)" in output


def test_scaffolded_module_and_lesson_check_clean(make_course: Callable[..., Path]) -> None:
    root = make_course(lesson="Text.\n")
    assert (
        run(
            "new",
            "module",
            "staying-safe",
            "--root",
            str(root),
            "--title",
            "Staying safe",
            "--track",
            "workers",
        )[0]
        == 0
    )
    assert (
        run(
            "new",
            "lesson",
            "staying-safe",
            "passwords",
            "--root",
            str(root),
            "--title",
            "Passwords: the basics",
        )[0]
        == 0
    )
    assert (root / "modules/02-staying-safe/02-passwords.md").is_file()
    code, output = run("check", "--root", str(root))
    assert code == 0, output
    code, output = run(
        "new",
        "module",
        "staying-safe",
        "--root",
        str(root),
        "--title",
        "Again",
        "--track",
        "workers",
    )
    assert code == 1
    assert "exists already" in output


def test_scaffolds_in_a_course_of_three_languages_check_clean(
    fixture_course: Callable[[str], Path],
) -> None:
    """``new`` writes the translation starters each language needs, so the course still passes
    ``check`` (a warning for each starter); each new lesson's translation records the code of
    its source text."""
    root = fixture_course("conformance")  # en, de, ar
    config = root / "course/course.yml"  # its module passes at 70, a new one at the default
    config.write_text(
        config.read_text("utf-8").replace(
            "  attempts: 2\n", "  attempts: 2\n  open_edx_pass_mark: 70\n"
        ),
        "utf-8",
    )
    track = next(
        line.split(":")[1].strip()
        for line in (root / "course/course.yml").read_text("utf-8").splitlines()
        if line.strip().startswith("- id:")
    )
    code, output = run(
        "new", "module", "safe", "--root", str(root), "--title", "Safe", "--track", track
    )
    assert code == 0, output
    code, output = run("new", "lesson", "safe", "more", "--root", str(root), "--title", "More")
    assert code == 0, output
    folder = root / "modules/02-safe"
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [
        "01-introduction.ar.md",
        "01-introduction.de.md",
        "01-introduction.md",
        "02-more.ar.md",
        "02-more.de.md",
        "02-more.md",
        "module.ar.yml",
        "module.de.yml",
        "module.yml",
    ]
    code, output = run("check", "--root", str(root))
    assert code == 0, output
    # no file missing, none out of date: each starter is one warning, never an error
    found = [line for line in output.splitlines() if "translation." in line]
    assert len(found) == 6 and all("[translation.untranslated]" in line for line in found)
    assert "translated_from: " in (folder / "02-more.de.md").read_text("utf-8")


def test_a_command_run_inside_a_module_folder_finds_its_course(
    fixture_course: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fixture_course("mini")
    monkeypatch.chdir(root / "modules" / "01-basics")
    code, output = run("check")
    assert code == 0, output
    assert "demo: 1 modules, 2 lessons checked in en" in output
    monkeypatch.chdir(root.parent)  # no course here nor above: the current folder, as before
    code, output = run("check")
    assert code == 1 and "course/course.yml" in output


def test_schema_writes_json_schema_for_every_yaml_file(tmp_path: Path) -> None:
    code, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "course.schema.json",
        "glossary.schema.json",
        "lesson.schema.json",
        "module.schema.json",
    ]
    assert '"additionalProperties": false' in (tmp_path / "module.schema.json").read_text()


def test_every_key_authors_write_has_a_description_and_an_example_for_their_editor(
    tmp_path: Path,
) -> None:
    """Editors show a key's description and examples as the author types it: none may be
    missing, and every example must be a value the schema accepts."""
    assert run("schema", "--out", str(tmp_path))[0] == 0
    undescribed, unexampled, wrong = [], [], []
    for file in sorted(tmp_path.glob("*.schema.json")):
        schema = json.loads(file.read_text("utf-8"))
        for name, model in [(file.name, schema), *schema.get("$defs", {}).items()]:
            for key, value in (model.get("properties") or {}).items():
                where = f"{file.name}: {name}.{key}"
                if not value.get("description"):
                    undescribed.append(where)
                if not value.get("examples"):
                    unexampled.append(where)
                rule = {"$defs": schema.get("$defs", {}), **value}
                for example in value.get("examples", []):
                    if not jsonschema.Draft202012Validator(rule).is_valid(example):
                        wrong.append(f"{where}: {example!r}")
    assert not undescribed
    assert not unexampled
    assert not wrong


def test_schema_takes_the_root_as_every_command_does(tmp_path: Path) -> None:
    code, output = run("schema", "--root", str(tmp_path))
    assert code == 0, output
    assert (tmp_path / "build" / "schema" / "course.schema.json").is_file()


def test_dump_ir_prints_the_source_even_when_a_translation_is_broken(
    fixture_course: Callable[[str], Path],
) -> None:
    root = fixture_course("conformance")
    broken = next((root / "modules").glob("*/module.de.yml"))
    broken.write_text("title: [unclosed\n", "utf-8")
    code, output = run("dump-ir", "--root", str(root))
    assert code == 0, output
    assert '"language": "en"' in output
    code, output = run("dump-ir", "--root", str(root), "--lang", "de")
    assert code == 1 and "[yaml.syntax]" in output


def test_dump_ir_prints_the_model_as_json() -> None:
    code, output = run("dump-ir", "--root", str(FIXTURES / "mini"))
    assert code == 0
    assert '"type": "numeric"' in output


def test_check_report_writes_figures_for_every_lesson(
    fixture_course: Callable[[str], Path],
) -> None:
    root = fixture_course("sample")
    code, output = run("check", "--root", str(root), "--report")
    assert code == 0, output
    page = (root / "build/report/index.html").read_text(encoding="utf-8")
    assert page.count('<th scope="row">') == 6
    assert "Flesch reading ease" in page
    assert "1 / 1" in page  # an image with alt text
    assert "original" in page
    assert (root / "build/report/assets/preview.css").is_file()
    assert f"report: {root / 'build/report/index.html'}" in output


def test_the_report_is_a_format_that_honours_out_and_outlives_other_builds(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_course(
        {
            "course/course.yml": COURSE_YML.replace("languages: [en]", "languages: [en, de]"),
            "course/course.de.yml": "title: Demokurs\ndescription: Ein Kurs.\n",
            "modules/01-basics/module.de.yml": "title: Grundlagen\nsummary: Das Wichtigste.\n"
            "outcomes: [{id: o1, text: Das Erste tun.}]\n",
            "modules/01-basics/01-one.md": FRONT + "One plain sentence.\n",
            "modules/01-basics/01-one.de.md": FRONT + "Ein einfacher Satz.\n",
            "modules/01-basics/02-two.md": FRONT + "Another plain sentence.\n",
            "modules/01-basics/02-two.de.md": FRONT + "Noch ein einfacher Satz.\n",
        }
    )
    out = tmp_path / "elsewhere"
    code, output = run("build", "--root", str(root), "--format", "report", "--out", str(out))
    assert code == 0, output
    english = (out / "report/index.html").read_text(encoding="utf-8")
    german = (out / "de/report/index.html").read_text(encoding="utf-8")
    assert english.count('<th scope="row">') == german.count('<th scope="row">') == 2
    assert '<html lang="de"' in german and "Flesch" in german
    assert german.count(f">{gettext('de', 'translated')}<") == 2
    assert english.count(">original<") == 2
    assert (out / "report/assets/preview.css").is_file()
    assert not (root / "build").exists()
    code, output = run("build", "--root", str(root), "--format", "html", "--out", str(out))
    assert code == 0, output
    assert (out / "report/index.html").read_text(encoding="utf-8") == english


def test_messages_with_words_the_output_cannot_encode_do_not_crash(
    make_course: Callable[..., Path],
) -> None:
    """Windows writes cp1252 into a pipe: an Arabic word in a message becomes '?', and the
    command still reports the problem with exit code 1 instead of a UnicodeEncodeError."""
    arabic_key = "\u0639\u0646\u0648\u0627\u0646"  # "title"
    lesson = FRONT.removesuffix("---\n") + f"{arabic_key}: x\n---\n\nText.\n"
    root = make_course({"modules/01-basics/01-lesson.md": lesson})
    result = subprocess.run(
        [sys.executable, "-m", "bwise_mooc", "check", "--root", str(root)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        check=False,
    )
    output = (result.stdout + result.stderr).decode("cp1252")
    assert result.returncode == 1, output
    assert "Traceback" not in output and "UnicodeEncodeError" not in output
    assert "unknown key '?????'" in output
