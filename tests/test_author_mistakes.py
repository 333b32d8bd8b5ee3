"""The catalogue of typical author mistakes (issue 20): each gives, through `check`, the exact
message listed here, in the authors' words (what is wrong and what to write instead), at its
file:line:col, with its code in brackets; exit code 1, no traceback, and no message about any
other file: one broken file never produces errors in other files.

The course is otherwise clean (its one lesson has an assessment), so that every line `check`
prints is listed. Reviewed for plain language: no parser words (``BANNED``) in any message.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bwise_mooc.cli import main
from tests.catalogue import diagnostic_lines
from tests.conftest import COURSE_YML, FRONT, MODULE_YML

MakeCourse = Callable[..., Path]
COURSE = "course/course.yml"
MODULE = "modules/01-basics/module.yml"
LESSON = "modules/01-basics/01-lesson.md"
BODY = "Fine.\n\n::: assessment\n### Yes? {#q1}\n- answer: true\n:::\n"
CREDENTIAL = (
    "credential:\n  assessment:\n    methods: [quiz]\n    description: A quiz.\n"
    "    supervision: unsupervised\n    identity_verification: {}\n"
)


def course(old: str, new: str) -> dict[str, str | bytes]:
    assert old in COURSE_YML
    return {COURSE: COURSE_YML.replace(old, new)}


def module(old: str, new: str) -> dict[str, str | bytes]:
    assert old in MODULE_YML
    return {MODULE: MODULE_YML.replace(old, new)}


def front(old: str, new: str) -> dict[str, str | bytes]:
    assert old in FRONT
    return {LESSON: FRONT.replace(old, new) + BODY}


def body(text: str) -> dict[str, str | bytes]:
    return {LESSON: FRONT + text}


def error(path: str, place: str, message: str) -> str:
    return f"{path}:{place}: error: {message}"


# mistake -> (files that differ from a clean course, every line `check` prints)
MISTAKES: dict[str, tuple[dict[str, str | bytes], list[str]]] = {
    "tab to indent": (
        module("  - {id: o1", "\t- {id: o1"),
        [
            error(
                MODULE,
                "5:1",
                "this line has a tab: use spaces, not a tab, to indent and after colons [yaml.syntax]",
            )
        ],
    ),
    "tab before a key": (
        front("estimated_minutes: 10", "\testimated_minutes: 10"),
        [
            error(
                LESSON,
                "3:1",
                "this line has a tab: use spaces, not a tab, to indent and after colons [yaml.syntax]",
            )
        ],
    ),
    "missing colon": (
        module("summary: Basic things.", "summary Basic things."),
        [
            error(
                MODULE,
                "2:1",
                "a colon is missing after 'summary': write a key, a colon and a space, then the "
                "value: summary: Basic things. [yaml.syntax]",
            )
        ],
    ),
    "colon in an unquoted title": (
        front("title: A lesson", "title: Passwords: the basics"),
        [
            error(
                LESSON,
                "2:8",
                "the value of 'title' has ': ' in it, so put the whole value in quotes: "
                'title: "Passwords: the basics" [yaml.syntax]',
            )
        ],
    ),
    "unclosed double quote": (
        front("title: A lesson", 'title: "A lesson'),
        [
            error(
                LESSON,
                "2:8",
                "the quote '\"' is never closed: add '\"' at the end of the value [yaml.syntax]",
            )
        ],
    ),
    "unclosed single quote": (
        course("title: Demo course", "title: 'Demo course"),
        [
            error(
                COURSE,
                "5:8",
                'the quote "\'" is never closed: add "\'" at the end of the value [yaml.syntax]',
            )
        ],
    ),
    "text after the closing quote": (
        course("title: Demo course", 'title: "Demo" course'),
        [
            error(
                COURSE,
                "5:15",
                "there is more text after the closing quote: put the whole value inside the "
                "quotes [yaml.syntax]",
            )
        ],
    ),
    "key indented too far": (
        module("track: workers", "  track: workers"),
        [
            error(
                MODULE,
                "3:3",
                "this line starts further right than the line above: remove spaces at its start "
                "so that it lines up with the other keys [yaml.syntax]",
            )
        ],
    ),
    "list item out of line": (
        module(
            "  - {id: o1, text: Do the first thing.}",
            "  - {id: o1, text: Do the first thing.}\n - {id: o2, text: More.}",
        ),
        [
            error(
                MODULE,
                "6:2",
                "this '- ' item does not line up: put it under the key it belongs to, with the "
                "same spaces before '-' as the other items [yaml.syntax]",
            )
        ],
    ),
    "unclosed bracket": (
        front("outcomes: [o1]", "outcomes: [o1"),
        [
            error(
                LESSON,
                "4:11",
                "the list opened with '[' is never closed: add ']' at its end, with commas "
                "between items [yaml.syntax]",
            )
        ],
    ),
    "Windows path in double quotes": (
        {COURSE: COURSE_YML + 'image: "media\\logo.png"\nimage_alt: Logo\n'},
        [
            error(
                COURSE,
                "11:8",
                "a backslash '\\' inside double quotes starts a special code: write '/' between "
                'folders, like "media/picture.png", or put the value in single quotes '
                "[yaml.syntax]",
            )
        ],
    ),
    "Windows path to a picture": (
        body("![A cat](media\\cat.png)\n\n" + BODY),
        [
            error(
                LESSON,
                "6:10",
                "image 'media\\cat.png' not found: write '/' between folders, not '\\' "
                "[path.missing]",
            )
        ],
    ),
    "minutes with a unit": (
        front("estimated_minutes: 10", "estimated_minutes: 15 min"),
        [
            error(
                LESSON,
                "3:20",
                "'estimated_minutes' must be a whole number of minutes, like 15: write only the "
                "number, estimated_minutes: 15 (remove 'min') [yaml.invalid-value]",
            )
        ],
    ),
    "percent sign after the passing score": (
        module("estimated_minutes: 30", "estimated_minutes: 30\npassing_score: 80%"),
        [
            error(
                MODULE,
                "7:16",
                "'passing_score' must be a whole number of percent, like 80: write only the "
                "number, passing_score: 80 (remove '%') [yaml.invalid-value]",
            )
        ],
    ),
    "number in words": (
        course("tracks:", 'passing_score: "eighty"\ntracks:'),
        [
            error(
                COURSE,
                "10:16",
                "'passing_score' must be a whole number of percent, like 80, written in digits, "
                "not 'eighty' [yaml.invalid-value]",
            )
        ],
    ),
    "decimal comma": (
        module("estimated_minutes: 30", "estimated_minutes: 30\ncredits: 1,5"),
        [
            error(
                MODULE,
                "7:10",
                "'credits' must be a number, like 2: write a point, not a comma: credits: 1.5 "
                "[yaml.invalid-value]",
            )
        ],
    ),
    "minutes with a fraction": (
        front("estimated_minutes: 10", "estimated_minutes: 7.5"),
        [
            error(
                LESSON,
                "3:20",
                "'estimated_minutes' must be a whole number of minutes, like 15, not 7.5: round "
                "it to 8 [yaml.invalid-value]",
            )
        ],
    ),
    "passing score above 100": (
        course("tracks:", "passing_score: 120\ntracks:"),
        [
            error(
                COURSE, "10:16", "'passing_score' must be 100 or less, not 120 [yaml.invalid-value]"
            )
        ],
    ),
    "typo in a key": (
        front("title: A lesson", "titel: A lesson"),
        [error(LESSON, "2:1", "unknown key 'titel': did you mean 'title'? [yaml.unknown-key]")],
    ),
    "typo in a nested key": (
        course("{id: workers, title: Workers}", "{id: workers, titel: Workers}"),
        [error(COURSE, "10:24", "unknown key 'titel': did you mean 'title'? [yaml.unknown-key]")],
    ),
    "unknown key": (
        front("outcomes: [o1]", "outcomes: [o1]\ncolour: red"),
        [
            error(
                LESSON,
                "5:1",
                "unknown key 'colour': delete it, or use one of: audio, estimated_minutes, "
                "layout, outcomes, summary, title, translated_from, untranslated "
                "[yaml.unknown-key]",
            )
        ],
    ),
    "id with spaces and capitals": (
        course("id: demo", "id: My Course"),
        [
            error(
                COURSE,
                "1:5",
                "'id' must be an id of small letters, digits and hyphens, with no spaces, not "
                "'My Course': write id: my-course [yaml.invalid-value]",
            )
        ],
    ),
    "outcome id with capitals": (
        module("{id: o1, text", "{id: O1, text"),
        [
            error(
                MODULE,
                "5:10",
                "'id' in 'outcomes' > item 1 must be an id of small letters, digits and hyphens, "
                "with no spaces, not 'O1': write id: o1 [yaml.invalid-value]",
            )
        ],
    ),
    "date written day.month.year": (
        course("tracks:", "start: 31.12.2026\ntracks:"),
        [
            error(
                COURSE,
                "10:8",
                "'start' must be a date written year-month-day, like 2026-09-01, not '31.12.2026' "
                "[yaml.invalid-value]",
            )
        ],
    ),
    "date that does not exist": (
        course("tracks:", "start: 2026-02-30\ntracks:"),
        [error(COURSE, "10:8", "date 2026-02-30 does not exist [yaml.bad-date]")],
    ),
    "list instead of one title": (
        front("title: A lesson", "title: [A, lesson]"),
        [
            error(
                LESSON,
                "2:8",
                "'title' must be one value, not a list: write it on the same line after the "
                "colon [yaml.invalid-value]",
            )
        ],
    ),
    "one value instead of a list": (
        course("languages: [en]", "languages: en, de"),
        [
            error(
                COURSE,
                "7:12",
                "'languages' must be a list: write [en, de], or put each item on its own line "
                "below, starting with '- ' [yaml.invalid-value]",
            )
        ],
    ),
    "missing required key": (
        module("summary: Basic things.\n", ""),
        [
            error(
                MODULE,
                "1:1",
                "'summary' is missing: add a line 'summary: ...' [yaml.missing-key]",
            )
        ],
    ),
    "empty title": (
        front("title: A lesson", "title:"),
        [
            error(
                LESSON,
                "2:7",
                "'title' is empty: write its value after the colon [yaml.invalid-value]",
            )
        ],
    ),
    "duplicate key": (
        front("outcomes: [o1]", "outcomes: [o1]\ntitle: Another"),
        [
            error(
                LESSON,
                "5:1",
                "key 'title' appears twice (first at line 2) [yaml.duplicate-key]",
            )
        ],
    ),
    "yes please as true or false": (
        {COURSE: COURSE_YML + CREDENTIAL.format("yes please")},
        [
            error(
                COURSE,
                "16:28",
                "'identity_verification' in 'credential' > 'assessment' must be true or false, "
                "not 'yes please' [yaml.invalid-value]",
            )
        ],
    ),
    "yes as a title": (
        front("title: A lesson", "title: yes"),
        [
            error(
                LESSON,
                "2:8",
                "'title': yes is read as yes/no, not as text: put it in quotes, title: \"yes\" "
                "[yaml.invalid-value]",
            )
        ],
    ),
    "choice not on the list": (
        course("tracks:", "missing_translations: fallbak\ntracks:"),
        [
            error(
                COURSE,
                "10:23",
                "'missing_translations' must be one of error, fallback, not 'fallbak': did you "
                "mean 'fallback'? [yaml.invalid-value]",
            )
        ],
    ),
    "language name instead of code": (
        course("languages: [en]", "languages: [English]"),
        [
            error(
                COURSE,
                "7:13",
                "item 1 in 'languages' must be a language code such as 'en', 'de' or 'pt-BR', "
                "not 'English' [yaml.invalid-value]",
            )
        ],
    ),
    "file saved as Latin-1": (
        {LESSON: (FRONT + "Café\n\n" + BODY).encode("latin-1")},
        [
            error(
                LESSON,
                "6:4",
                "this file is not saved as UTF-8 ('é' here): open it in your editor and save it "
                "again with the encoding 'UTF-8' [file.encoding]",
            )
        ],
    ),
    "course.yml saved as Latin-1": (
        {COURSE: COURSE_YML.replace("Demo course", "Démo course").encode("latin-1")},
        [
            error(
                COURSE,
                "5:9",
                "this file is not saved as UTF-8 ('é' here): open it in your editor and save it "
                "again with the encoding 'UTF-8' [file.encoding]",
            )
        ],
    ),
    "file saved as UTF-16": (
        {MODULE: MODULE_YML.encode("utf-16")},
        [
            error(
                MODULE,
                "1:1",
                "this file is saved as UTF-16, not UTF-8: open it in your editor and save it "
                "again with the encoding 'UTF-8' [file.encoding]",
            )
        ],
    ),
    "lesson without front matter": (
        {LESSON: "title: A lesson\n\n" + BODY},
        [
            error(
                LESSON,
                "1:1",
                "lesson must start with front matter between '---' lines (title, "
                "estimated_minutes) [lesson.no-front-matter]",
            )
        ],
    ),
    "lesson file name with spaces": (
        {"modules/01-basics/02 More.md": FRONT + "More.\n"},
        [
            error(
                "modules/01-basics/02 More.md",
                "1:1",
                "lesson file name must look like '01-my-lesson.md' [lesson.bad-name]",
            )
        ],
    ),
    "quiz never closed": (
        body("Fine.\n\n::: assessment\n### Yes? {#q1}\n- answer: true\n"),
        [
            error(
                LESSON,
                "8:1",
                "'::: assessment' block opened here is never closed with ':::' [quiz.unclosed]",
            )
        ],
    ),
    "true or false answer in words": (
        body("Fine.\n\n::: assessment\n### Yes? {#q1}\n- answer: yes\n:::\n"),
        [
            error(
                LESSON,
                "10:3",
                "'answer:' must be 'true' or 'false', not 'yes' [quiz.bad-true-false]",
            )
        ],
    ),
}
BANNED = [
    "mapping values",
    "token",
    "scalar",
    "input should",
    "pydantic",
    "traceback",
    "unable to parse",
    "extra_forbidden",
    "nonetype",
    "invalid yaml",
    "validation error",
    "value error",
    "stream",
    "<block",
    "flow sequence",
    "simple key",
    "literal",
    "dict",
    "str ",
    "int ",
    "float",
    "string should",
    "list should",
    "mapping",
]


def check(root: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, diagnostic_lines(result.output), result.output


def test_the_clean_course_checks_clean(make_course: MakeCourse) -> None:
    code, lines, output = check(make_course(lesson=BODY))
    assert (code, lines) == (0, []), output


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_mistake_gives_its_exact_message_about_its_file_only(
    make_course: MakeCourse, mistake: str
) -> None:
    files, expected = MISTAKES[mistake]
    code, lines, output = check(make_course(files, lesson=BODY))
    assert lines == expected, output
    assert code == 1
    broken = {line.split(":", 1)[0] for line in expected}
    assert {line.split(":", 1)[0] for line in lines} == broken  # no other file


def test_the_catalogue_is_large_and_covers_every_kind_of_mistake() -> None:
    assert len(MISTAKES) >= 25
    every = "\n".join(line for _, lines in MISTAKES.values() for line in lines)
    for code in ("yaml.syntax", "yaml.invalid-value", "yaml.unknown-key", "file.encoding"):
        assert f"[{code}]" in every


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_no_message_speaks_the_parsers_language(mistake: str) -> None:
    for line in MISTAKES[mistake][1]:
        message = line.split(": error: ", 1)[1].rsplit(" [", 1)[0].lower()
        assert not [word for word in BANNED if word in message], line
        assert "\n" not in message
