"""The catalogue of YAML that crashed or misled (issue 13, class 4): each one gives a clear
`path:line:col` message, exit code 1 and no traceback, through the command authors run.

course.yml, module.yml, translations and lesson front matter are all read by
``parse/yaml_source.py``: before any Python data is made, the document must be plain keys and
values (no anchors, aliases or tags, keys that are names and appear once, bounded size); then
each value is checked on its own (dates that exist, numbers that are numbers, characters that
XML can carry).
"""

import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwise_mooc.cli import main
from bwise_mooc.config import CourseConfig, LessonFrontMatter, ModuleConfig
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.parse import yaml_source
from bwise_mooc.parse.yaml_source import load_yaml_model, yaml_data, yaml_value_spans
from tests.catalogue import build_refused
from tests.conftest import COURSE_YML, FRONT, MODULE_YML

MakeCourse = Callable[..., Path]
COURSE = "course/course.yml"
MODULE = "modules/01-basics/module.yml"
LESSON = "modules/01-basics/01-lesson.md"


def course(extra: str = "", old: str = "", new: str = "") -> dict[str, str | bytes]:
    """course.yml with ``extra`` lines at the end (line 11 on) or ``old`` replaced by ``new``."""
    return {COURSE: COURSE_YML.replace(old, new) + extra if old else COURSE_YML + extra}


def module(extra: str = "", old: str = "", new: str = "") -> dict[str, str | bytes]:
    """module.yml with ``extra`` lines at the end (line 7 on) or ``old`` replaced by ``new``."""
    return {
        MODULE: MODULE_YML.replace(old, new) + extra if old else MODULE_YML + extra,
        LESSON: FRONT + "Text.\n",
    }


def front(extra: str = "", old: str = "", new: str = "") -> dict[str, str | bytes]:
    """A lesson whose front matter has ``extra`` lines at its end (line 5 on), or ``old``
    replaced by ``new``."""
    matter = FRONT.replace(old, new) if old else FRONT.replace("\n---\n", f"\n{extra}---\n")
    return {LESSON: matter + "Text.\n"}


def bomb(levels: int = 9) -> str:
    """The "billion laughs": 9 lines that expand to 10**9 strings."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    # dates that do not exist: PyYAML's date constructor raised ValueError
    "impossible date": (
        course("start: 2026-02-30\n"),
        f"{COURSE}:11:8: error: date 2026-02-30 does not exist [yaml.bad-date]",
    ),
    "month 13": (
        course("start: 2026-01-05\nend: 2026-13-01\n"),
        f"{COURSE}:12:6: error: date 2026-13-01 does not exist [yaml.bad-date]",
    ),
    "hour 25": (
        course("start: 2026-01-05 25:00:00\n"),
        f"{COURSE}:11:8: error: date and time 2026-01-05 25:00:00 does not exist [yaml.bad-date]",
    ),
    "impossible date where text is meant": (
        front("summary: 2026-04-31\n"),
        f"{LESSON}:5:10: error: date 2026-04-31 does not exist [yaml.bad-date]",
    ),
    # numbers: Python's int conversion limit raised ValueError; .inf/.nan were accepted
    "5,000-digit number": (
        module(old="estimated_minutes: 30", new="estimated_minutes: " + "9" * 5000),
        f"{MODULE}:6:20: error: number 999999999999999999999... is far too long: write at most 18 digits [yaml.bad-number]",
    ),
    "19-digit number": (
        course("passing_score: 1234567890123456789\n"),
        f"{COURSE}:11:16: error: number 1234567890123456789 is far too long: write at most 18 digits [yaml.bad-number]",
    ),
    "hexadecimal with no digits": (
        front(old="estimated_minutes: 10", new="estimated_minutes: 0x_"),
        f"{LESSON}:3:20: error: '0x_' is not a number an author can use: write a number such as 30 [yaml.bad-number]",
    ),
    "infinite credits": (
        module("credits: .inf\n"),
        f"{MODULE}:7:10: error: '.inf' is not a number an author can use: write a number such as 2.5 [yaml.bad-number]",
    ),
    "not-a-number readability": (
        course("readability: {workers: .NaN}\n"),
        f"{COURSE}:11:24: error: '.NaN' is not a number an author can use: write a number such as 2.5 [yaml.bad-number]",
    ),
    "number beyond floating point": (
        module("credits: 1.0e+400\n"),
        f"{MODULE}:7:10: error: number 1.0e+400 is far too large [yaml.bad-number]",
    ),
    "infinity in quotes": (
        course("readability: {workers: '-inf'}\n"),
        f"{COURSE}:11:24: error: 'workers' in 'readability' must be an ordinary number, such as 2.5 [yaml.invalid-value]",
    ),
    # duplicate keys: the last one silently won
    "duplicate key": (
        course("title: Another title\n"),
        f"{COURSE}:11:1: error: key 'title' appears twice (first at line 5) [yaml.duplicate-key]",
    ),
    "duplicate key in a nested mapping": (
        module(old="{id: o1, text: Do the first thing.}", new="{id: o1, text: A., id: o2}"),
        f"{MODULE}:5:24: error: key 'id' appears twice (first at line 5) [yaml.duplicate-key]",
    ),
    "duplicate key in front matter": (
        front("estimated_minutes: 20\n"),
        f"{LESSON}:5:1: error: key 'estimated_minutes' appears twice (first at line 3) [yaml.duplicate-key]",
    ),
    "same key quoted and plain": (
        module('"title": Again\n'),
        f"{MODULE}:7:1: error: key 'title' appears twice (first at line 1) [yaml.duplicate-key]",
    ),
    # keys that are not names: reported at line 1, or as 'found unhashable key'
    "number as key": (
        course("1: x\n"),
        f"{COURSE}:11:1: error: key '1' is read as a number, not as a name such as 'title' [yaml.key-not-name]",
    ),
    "list as key": (
        module("[a]: b\n"),
        f"{MODULE}:7:1: error: a list cannot be a key: write a name such as 'title' [yaml.key-not-name]",
    ),
    "null as key": (
        front("null: x\n"),
        f"{LESSON}:5:1: error: key 'null' is read as empty, not as a name such as 'title' [yaml.key-not-name]",
    ),
    "true as key": (
        module("true: x\n"),
        f"{MODULE}:7:1: error: key 'true' is read as yes/no, not as a name such as 'title' [yaml.key-not-name]",
    ),
    "date as key": (
        course("readability: {2026-01-01: 60}\n"),
        f"{COURSE}:11:15: error: key '2026-01-01' is read as a date, not as a name such as 'title' [yaml.key-not-name]",
    ),
    "empty key": (
        front("? \n: x\n"),
        f"{LESSON}:5:2: error: a key is empty: write a name such as 'title' [yaml.key-not-name]",
    ),
    # anchors and aliases: a few lines can expand to gigabytes
    "alias": (
        {
            COURSE: COURSE_YML.replace("title: Demo", "title: &title Demo").replace(
                "description: A course for tests.", "description: *title"
            )
        },
        f"{COURSE}:6:14: error: YAML alias '*title' is not allowed: write the value out instead [yaml.alias]",
    ),
    "anchor without alias": (
        module(old="title: Basics", new="title: &t Basics"),
        f"{MODULE}:1:8: error: YAML anchor '&t' is not allowed: delete it [yaml.alias]",
    ),
    "merge key": (
        front("base: &b {x: 1}\nother:\n  <<: *b\n"),
        f"{LESSON}:7:7: error: YAML alias '*b' is not allowed: write the value out instead [yaml.alias]",
    ),
    # tags: !!binary made bytes, !!set a set, !!python/... and !foo an 'invalid YAML' error
    "binary": (
        course(old="title: Demo course", new="title: !!binary RGVtbw=="),
        f"{COURSE}:5:8: error: YAML tag '!!binary' is not allowed: delete it [yaml.tag]",
    ),
    "python object": (
        module("summary: !!python/object/apply:os.system [ls]\n"),
        f"{MODULE}:7:10: error: YAML tag '!!python/object/apply:os.system' is not allowed: delete it [yaml.tag]",
    ),
    "set": (
        course("keywords: !!set {a, b}\n"),
        f"{COURSE}:11:11: error: YAML tag '!!set' is not allowed: delete it [yaml.tag]",
    ),
    "ordered map": (
        front(old="outcomes: [o1]", new="outcomes: !!omap [o1: x]"),
        f"{LESSON}:4:11: error: YAML tag '!!omap' is not allowed: delete it [yaml.tag]",
    ),
    "custom tag": (
        module(old="summary: Basic things.", new="summary: !include summary.yml"),
        f"{MODULE}:2:10: error: YAML tag '!include' is not allowed: delete it [yaml.tag]",
    ),
    "explicit integer tag": (
        front(old="estimated_minutes: 10", new="estimated_minutes: !!int 10"),
        f"{LESSON}:3:20: error: YAML tag '!!int' is not allowed: delete it [yaml.tag]",
    ),
    # characters XML cannot carry, written as escapes: lxml failed while writing the package
    "NUL escape": (
        module(old="title: Basics", new='title: "Basics\\0"'),
        f"{MODULE}:1:8: error: invisible control character U+0000: delete it [yaml.bad-character]",
    ),
    "bell escape": (
        front(old="title: A lesson", new='title: "A \\x07 lesson"'),
        f"{LESSON}:2:8: error: invisible control character U+0007: delete it [yaml.bad-character]",
    ),
    "U+FFFE escape": (
        course(old="title: Demo course", new='title: "Demo \\uFFFE"'),
        f"{COURSE}:5:8: error: U+FFFE is not a character: delete it [yaml.bad-character]",
    ),
    "U+FFFF escape in a key": (
        module('"\\uFFFF": x\n'),
        f"{MODULE}:7:1: error: U+FFFF is not a character: delete it [yaml.bad-character]",
    ),
    "noncharacter U+FDD0": (
        front('summary: "a \\uFDD0 b"\n'),
        f"{LESSON}:5:10: error: U+FDD0 is not a character: delete it [yaml.bad-character]",
    ),
    "noncharacter in plane 1": (
        course('keywords: ["\\U0001FFFF"]\n'),
        f"{COURSE}:11:12: error: U+1FFFF is not a character: delete it [yaml.bad-character]",
    ),
    "lone surrogate escape": (
        front('summary: "\\ud800"\n'),
        f"{LESSON}:5:10: error: a '\\u' code inside double quotes is not a character: delete it, or type the character itself [yaml.syntax]",
    ),
    "C1 control character typed in": (
        course(old="title: Demo course", new="title: Demo\x9bcourse"),
        f"{COURSE}:5:12: error: invisible control character U+009B: delete it [yaml.bad-character]",
    ),
    # sizes
    "nested 30 levels deep": (
        module("summary: " + "[" * 30 + "]" * 30 + "\n"),
        f"{MODULE}:7:29: error: values are nested more than 20 levels deep [yaml.too-deep]",
    ),
    "very long value": (
        course("description: |\n" + ("  " + "word " * 20 + "\n") * 250),
        f"{COURSE}:11:14: error: value is 25,250 characters long; the limit is 20,000 [yaml.long-value]",
    ),
    "ten thousand values": (
        course("keywords:\n" + "  - a\n" * 10_000),
        f"{COURSE}:9980:5: error: more than 10,000 keys and values: this file is far too large [yaml.too-large]",
    ),
    # translations are read the same way
    "duplicate key in a translation": (
        {
            **course(old="languages: [en]", new="languages: [en, de]"),
            "course/course.de.yml": "title: Kurs\ndescription: Ein Kurs.\ntitle: Noch einmal\n",
        },
        "course/course.de.yml:3:1: error: key 'title' appears twice (first at line 1) [yaml.duplicate-key]",
    ),
}


def check(root: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    return result.exit_code, lines, result.output


@pytest.mark.parametrize("case", list(CASES))
def test_bad_yaml_is_reported_with_its_place(
    make_course: MakeCourse,
    case: str,
    previous_build: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    files, expected = CASES[case]
    root = make_course(files)
    code, lines, _ = check(root)
    assert expected in lines, "\n".join(lines)
    assert code == 1
    build_refused(root, expected, previous_build, tmp_path_factory.mktemp("scratch"))


def test_the_catalogue_is_large_and_distinct() -> None:
    assert len(CASES) >= 25
    assert len({expected for _, expected in CASES.values()}) == len(CASES)
    codes = {expected.rsplit("[", 1)[1] for _, expected in CASES.values()}
    assert len(codes) >= 10


@pytest.mark.parametrize(
    ("place", "files", "expected"),
    [
        ("course.yml", {COURSE: bomb()}, f"{COURSE}:2:"),
        ("module.yml", {MODULE: bomb(), LESSON: FRONT + "Text.\n"}, f"{MODULE}:2:"),
        ("front matter", {LESSON: "---\n" + bomb() + "---\nText.\n"}, f"{LESSON}:3:"),
    ],
)
def test_billion_laughs_is_refused_at_the_first_alias(
    make_course: MakeCourse, place: str, files: dict[str, str | bytes], expected: str
) -> None:
    code, lines, _ = check(make_course(files))
    message = "10: error: YAML alias '*a0' is not allowed: write the value out instead [yaml.alias]"
    assert f"{expected}{message}" in lines, "\n".join(lines)
    assert code == 1


def test_billion_laughs_is_never_expanded() -> None:
    """Reading the bomb, and asking where its values are, stays within a few megabytes: the
    document is refused before any alias is followed."""
    text = bomb(levels=12)  # 10**12 strings when expanded
    tracemalloc.start()
    try:
        diagnostics = Diagnostics()
        assert load_yaml_model(CourseConfig, text, COURSE, diagnostics) is None
        assert yaml_value_spans(text, COURSE) == {}
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(item) for item in diagnostics] == [
        f"{COURSE}:2:10: error: YAML alias '*a0' is not allowed: write the value out instead [yaml.alias]"
    ]
    assert peak < 5_000_000


def test_plain_yaml_is_still_read_as_before() -> None:
    """What authors write stays valid: quotes, '!!str', comments, block text, dates, numbers."""
    text = (
        "# a comment\n"
        "title: !!str 2026\n"
        "summary: >\n  Folded\n  text.\n"
        "track: workers\n"
        "outcomes:\n  - id: o1\n    text: 'Quoted: yes'\n    digcomp: 2.1\n    eqf: 3\n"
        "credits: 1.5\n"
        "estimated_minutes: 1_000\n"
    )
    diagnostics = Diagnostics()
    config = load_yaml_model(ModuleConfig, text, MODULE, diagnostics)
    assert [str(item) for item in diagnostics] == []
    assert config is not None
    assert (config.title, config.summary, config.credits) == ("2026", "Folded text.", 1.5)
    assert (config.outcomes[0].digcomp, config.estimated_minutes) == ("2.1", 1000)
    dated = load_yaml_model(
        CourseConfig, COURSE_YML + "start: 2026-02-28\nend: 2028-02-29\n", COURSE, diagnostics
    )
    assert dated is not None and str(dated.end) == "2028-02-29"


@pytest.mark.parametrize(
    "text",
    [
        "start: 2026-02-30\n",
        "n: " + "9" * 5000 + "\n",
        "n: 0b_\n",
        "c: -.inf\n",
        "t: !!binary aGVsbG8=\n",
        'a: "\\x07"\n',
        "a: 1\na: 2\n",
        "[a]: b\n",
        "a: &x [1]\nb: *x\n",
        "a: " + "[" * 30 + "]" * 30 + "\n",
    ],
)
def test_the_pure_python_parser_gives_the_same_diagnostics(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml, PyYAML's own parser is used (it recurses, and takes '\\U' escapes
    libyaml refuses): the same text gives the same diagnostics."""
    with_libyaml = Diagnostics()
    load_yaml_model(ModuleConfig, text, MODULE, with_libyaml)
    monkeypatch.setattr(yaml_source, "LOADER", yaml.SafeLoader)
    without = Diagnostics()
    load_yaml_model(ModuleConfig, text, MODULE, without)
    assert [str(item) for item in without] == [str(item) for item in with_libyaml]


@pytest.mark.parametrize("loader", [yaml_source.LOADER, yaml.SafeLoader])
@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_very_deep_nesting_is_one_located_error(
    loader: type, opening: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """5,000 levels: libyaml stops at 1,000 itself, PyYAML's own composer would overflow the
    stack; both are refused before composing (libyaml may read ahead to its own limit first)."""
    monkeypatch.setattr(yaml_source, "LOADER", loader)
    closing = {"[": "]", "{a: ": "}", "- ": ""}[opening]
    text = "a: " + opening * 5000 + "x" + closing * 5000 + "\n"
    if opening == "- ":  # block sequences, one inside the other
        text = opening * 5000 + "x\n"
    found = Diagnostics()
    assert load_yaml_model(ModuleConfig, text, MODULE, found) is None
    assert len(found.errors) == 1
    assert str(found.errors[0]).endswith(("[yaml.too-deep]", "[yaml.syntax]"))


def test_pure_python_parser_refuses_escapes_libyaml_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml_source, "LOADER", yaml.SafeLoader)
    found = Diagnostics()
    load_yaml_model(LessonFrontMatter, 'title: "\\ud800"\n', LESSON, found, line_offset=1)
    load_yaml_model(LessonFrontMatter, 'title: "\\U00110000"\n', LESSON, found, line_offset=1)
    assert [str(item) for item in found] == [
        f"{LESSON}:2:1: error: a '\\U' code inside double quotes is not a character: delete it [yaml.syntax]",
        f"{LESSON}:2:8: error: U+D800 is not a character: delete it [yaml.bad-character]",
    ]


TRICKY = [
    "a",
    "title",
    "1",
    "-1",
    "0x_",
    "0b2",
    "9" * 30,
    "1:30",
    ".inf",
    "-.nan",
    "1e400",
    "1.0e+400",
    "2026-02-30",
    "2026-13-01",
    "2026-01-01 25:00:00",
    "null",
    "~",
    "true",
    "=",
    "<<",
    '"\\0"',
    '"\\x07"',
    '"\\uFFFE"',
    '"\\ud800"',
    '"\\U0001FFFF"',
    "!!binary aGk=",
    "!!set {a}",
    "!!python/name:os.system",
    "!foo x",
    "&a x",
    "*a",
    "[a, *a]",
    "{a: 1, a: 2}",
    "[[[[[]]]]]",
    "? [a]",
    "|\n  text",
    "'quoted'",
    "!!str 12",
    "! 12",
    "[a]",
    "{x: [1, {y: 2}]}",
]
token = st.sampled_from(TRICKY)
yamlish = st.one_of(
    st.lists(st.tuples(token, token), max_size=8).map(
        lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs)
    ),
    st.text(alphabet=st.sampled_from(list("ab01 :-[]{},&*!|>'\"#?\n\t.\\~=<%@`e+x")), max_size=200),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=yamlish, offset=st.sampled_from([0, 1]))
def test_any_text_gives_a_model_or_located_diagnostics(text: str, offset: int) -> None:
    for model in (CourseConfig, ModuleConfig, LessonFrontMatter):
        diagnostics = Diagnostics()
        result = load_yaml_model(model, text, "x.yml", diagnostics, line_offset=offset)
        assert result is not None or diagnostics.errors
        for item in diagnostics:
            assert item.line >= 1 + offset
            assert item.column >= 1
            assert "\n" not in item.message
        yaml_value_spans(text, "x.yml", offset)


@settings(max_examples=100, deadline=None)
@given(text=yamlish)
def test_yaml_data_never_raises(text: str) -> None:
    """``yaml_data`` is for readers that only peek (scaffolding): data or None."""
    data = yaml_data(text)
    assert data is None or isinstance(data, dict | list | str | int | float | bool | date)


def test_yaml_data_gives_none_for_what_load_yaml_model_refuses() -> None:
    assert yaml_data(bomb(levels=12)) is None
    assert yaml_data("start: 2026-02-30\n") is None
    assert yaml_data("outcomes: [{id: o1}]\n") == {"outcomes": [{"id": "o1"}]}
