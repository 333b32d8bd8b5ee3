"""`bwise-mooc check` as authors run it: every problem at once, right lines, right exit code."""

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from bwise_mooc.cli import main
from tests.conftest import FIXTURES, ROOT

SEEDED = [
    "course/course.yml:11:1: error: unknown key 'keyword'; did you mean 'keywords'? [yaml.unknown-key]",
    "modules/01-basics/01-intro.md:4:16: error: outcome 'o9' is not defined in this module's module.yml; known: o1 [outcome.unknown]",
    "modules/01-basics/01-intro.md:8:23: error: '#no-such-part' is not a heading in modules/01-basics/02-test.md [link.missing-anchor]",
    "modules/01-basics/01-intro.md:10:25: error: image 'media/missing.png' not found [path.missing]",
    "modules/01-basics/01-intro.md:15:1: error: quiz question has no correct answer [quiz.no-correct-answer]",
    "modules/01-basics/02-test.md:13:1: error: question id 'pick' is used twice in this lesson (first at line 9) [quiz.duplicate-id]",
    "modules/01-basics/02-test.md:18:3: error: 'number:' must be '42', '42 +- 0.5' or '40..44', not 'seven' [quiz.bad-number]",
    "modules/01-basics/02-test.md:24:1: error: '::: assessment' block opened here is never closed with ':::' [quiz.unclosed]",
    "modules/01-basics/module.yml:3:8: error: track 'worker' is not declared in course/course.yml; known: workers [module.unknown-track]",
    "modules/01-basics/module.yml:5:46: error: 'outcomes.0.eqf': Input should be less than or equal to 8 [yaml.invalid-value]",
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
    code, output = run("build", "--root", str(FIXTURES / "mini"), "--format", "pdf")
    assert code == 2
    assert "unknown format pdf" in output


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


def test_schema_writes_json_schema_for_every_yaml_file(tmp_path: Path) -> None:
    code, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["course.schema.json", "lesson.schema.json", "module.schema.json"]
    assert '"additionalProperties": false' in (tmp_path / "module.schema.json").read_text()


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
    page = (root / "build/html/report.html").read_text(encoding="utf-8")
    assert page.count('<th scope="row">') == 6
    assert "Flesch reading ease" in page
    assert "1 / 1" in page  # an image with alt text
    assert "original" in page
    assert (root / "build/html/assets/preview.css").is_file()
