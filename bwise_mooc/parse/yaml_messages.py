"""Stage 1 helper: what YAML and type problems are called in the authors' words.

The authors are job coaches and trainers, not programmers. PyYAML's ``mapping values are not
allowed in this context`` and pydantic's ``Input should be a valid integer`` are turned here
into one short line that says what is wrong and what to write instead, with the key's name:

- ``syntax_message``: a ``yaml.MarkedYAMLError`` -> (line, column, message), from its
  ``problem`` and ``context`` (libyaml's and PyYAML's own words differ; both are read) and the
  text of the line it points at (a tab, a colon in a title, a missing colon);
- ``value_message``: one pydantic error (``ValidationError.errors()``) -> message, by its
  ``type`` (int_parsing, missing, literal_error, ...), with units after numbers, lists where one
  value is meant and typos in key names spelled out.
"""

import difflib
import re
from typing import Any

import yaml

from bwise_mooc.config import COLOUR, COUNTRY, ESCO_SKILL, LANGUAGE_TAG, WEB_ADDRESS

Loc = tuple[str | int, ...]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
GENERIC = (
    "this line cannot be read: check its colons, quotes and brackets, and the spaces at its start"
)


# -- YAML syntax -----------------------------------------------------------------------------


def syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """0-based line and column, and the message, of a YAML syntax error in ``text``."""
    mark = exc.problem_mark or exc.context_mark
    lines = text.split("\n")
    line, column = (mark.line, mark.column) if mark else (0, 0)
    problem = f"{exc.problem or ''} / {exc.context or ''}".lower()
    tab = _tab_before(lines, line, column)
    if tab is not None:
        return line, tab, "this line has a tab: use spaces, not a tab, to indent and after colons"
    start = exc.context_mark if exc.context_mark is not None else mark
    opened = (start.line, start.column) if start else (line, column)
    opener = _char(lines, *opened)
    if "quoted scalar" in problem and "end of stream" in problem:
        message = f"the quote {opener} is never closed: add {opener} at the end of the value"
        return (*opened, message)
    if "unicode" in problem:
        message = "a '\\u' code inside double quotes is not a character: delete it, or type the character itself"
        return (*opened, message)
    if "escape" in problem:
        message = (
            "a backslash '\\' inside double quotes starts a special code: write '/' between "
            'folders, like "media/picture.png", or put the value in single quotes'
        )
        return (*opened, message)
    if "flow sequence" in problem:
        message = "the list opened with '[' is never closed: add ']' at its end, with commas between items"
        return (*opened, message)
    if "flow mapping" in problem:
        message = "the '{' is never closed: add '}' at its end, with commas between the keys"
        return (*opened, message)
    if "could not find expected ':'" in problem:
        return (*opened, _missing_colon(_line(lines, opened[0])))
    if "mapping values are not allowed" in problem:
        return _stray_colon(lines, line, column)
    if "sequence entries are not allowed" in problem:
        message = "a list cannot start after a key on the same line: put each '- ' item on its own line, indented"
        return line, column, message
    if "another document" in problem:
        message = "a second '---' line is not allowed here: delete it"
        return line, column, message
    if "block scalar" in problem:
        message = (
            "nothing may follow '|' or '>' on its line: start the text on the next line, indented"
        )
        return line, column, message
    if "alias" in problem or "anchor" in problem or "cannot start any token" in problem:
        char = _char(lines, line, column)
        message = f"a value cannot start with {char}: put the whole value in quotes"
        return line, column, message
    if "directive" in problem or "document start" in problem:
        message = "a line cannot start with '%': put the whole value in quotes"
        return opened[0], 0, message
    if "block mapping" in problem or "block end" in problem or "expected key" in problem:
        return _misaligned(lines, line, column)
    return line, column, GENERIC


def _line(lines: list[str], line: int) -> str:
    return lines[line] if 0 <= line < len(lines) else ""


def _char(lines: list[str], line: int, column: int) -> str:
    text = _line(lines, line)
    char = text[column] if 0 <= column < len(text) else ""
    return f"'{char}'" if char != "'" else '"\'"'


def _tab_before(lines: list[str], line: int, column: int) -> int | None:
    """The column of a tab that is (likely) the problem: at the start of this line or the next
    one, or just before the place the parser stopped."""
    for number in (line, line + 1):
        text = _line(lines, number)
        indent = len(text) - len(text.lstrip(" \t"))
        if "\t" in text[: max(indent, column + 1 if number == line else 0)]:
            return text.index("\t") if number == line else None
    return None


_KEY_VALUE = re.compile(
    r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"][^:#]*?):\s+(?P<value>.+?)\s*$"
)


def _stray_colon(lines: list[str], line: int, column: int) -> tuple[int, int, str]:
    """``title: Passwords: the basics`` (a colon in a value), or a line indented too far."""
    text = _line(lines, line)
    found = _KEY_VALUE.match(text)
    if found and found.start("value") <= column:
        key, value = found.group("key").strip(), found.group("value")
        quoted = f'"{value}"' if '"' not in value else f"'{value}'"
        message = (
            f"the value of '{key}' has ': ' in it, so put the whole value in quotes: "
            f"{key}: {_cut(quoted, 60)}"
        )
        return line, found.start("value"), message
    indent = len(text) - len(text.lstrip(" "))
    message = (
        "this line starts further right than the line above: remove spaces at its start "
        "so that it lines up with the other keys"
    )
    return line, indent, message


def _misaligned(lines: list[str], line: int, column: int) -> tuple[int, int, str]:
    text = _line(lines, line)
    indent = len(text) - len(text.lstrip(" "))
    if column > indent and text[:column].rstrip().endswith(("'", '"')):
        message = (
            "there is more text after the closing quote: put the whole value inside the quotes"
        )
        return line, column, message
    if text.lstrip().startswith("-"):
        message = (
            "this '- ' item does not line up: put it under the key it belongs to, with the same "
            "spaces before '-' as the other items"
        )
        return line, indent, message
    message = (
        "this line does not line up with the lines above: check the spaces at its start (keys "
        "of the same level start at the same place)"
    )
    return line, indent, message


def _missing_colon(text: str) -> str:
    found = re.match(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s+(\S.*)$", text)
    if found:
        key, value = found.groups()
        return (
            f"a colon is missing after '{key}': write a key, a colon and a space, then the "
            f"value: {key}: {_cut(value.strip(), 40)}"
        )
    found = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$", text)
    if found:
        return f"a colon is missing after '{found.group(1)}': write {found.group(1)}: and then its value"
    return "a colon is missing on this line: write a key, a colon and a space, then the value"


# -- values of the wrong type ----------------------------------------------------------------

_PATTERNS = {
    SLUG_PATTERN: "an id of small letters, digits and hyphens, with no spaces",
    r"^[A-Za-z0-9_.-]+$": "letters, digits, '.', '_' or '-' only, with no spaces",
    LANGUAGE_TAG: "a language code such as 'en', 'de' or 'pt-BR'",
    r"^[1-5]\.[1-6]$": "a DigComp 2.2 competence number such as 2.1",
    COUNTRY: "a country code of two capital letters such as DE, AT or BE",
    ESCO_SKILL: "an ESCO skill address: http://data.europa.eu/esco/skill/ and its id",
    WEB_ADDRESS: "a web address starting with https://",
    COLOUR: 'a colour written as # and 6 digits or letters a-f, in quotes, like "#0b4a80"',
}
_UNITS = {  # keys whose whole numbers count something, and what
    "estimated_minutes": ("minutes", 15),
    "minutes": ("minutes", 30),
    "passing_score": ("percent", 80),
    "open_edx_pass_mark": ("percent", 70),
    "attempts": ("attempts", 3),
    "max_size": ("pixels", 1600),
    "quality": ("percent", 80),
    "eqf_level": ("", 4),
    "digcomp_level": ("", 2),
    "eqf": ("", 3),
}
_LEADING_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(\S.*?)?\s*$")


def name_of(loc: Loc) -> str:
    """Where a value is, in words: ``'title'``, ``'title' in 'tracks' > item 1``."""
    parts = [f"item {part + 1}" if isinstance(part, int) else f"'{part}'" for part in loc]
    if not parts:
        return "the file"
    if len(parts) == 1:
        return parts[0]
    return f"{parts[-1]} in {' > '.join(parts[:-1])}"


def value_message(error: Any, known: list[str], written: str | None = None) -> str:
    """The message for one pydantic error; ``known``: the keys allowed beside its key;
    ``written``: the value as the author wrote it, if it is one plain value."""
    loc: Loc = tuple(error["loc"])
    if loc and loc[-1] == "[key]":  # a key of a mapping such as 'readability'
        loc = loc[:-1]
        return f"key '{loc[-1]}' under {name_of(loc[:-1])} must be {_expected(error)}"
    kind: str = error["type"]
    key = str(next((part for part in reversed(loc) if isinstance(part, str)), "value"))
    name, value = name_of(loc), error.get("input")
    shown = _cut(" ".join(str(value).split()), 40) if isinstance(value, str) else ""
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), known)
    if kind == "missing":
        return f"{name} is missing: add a line '{loc[-1]}: ...'"
    if value is None or (isinstance(value, str) and not value.strip() and "string" in kind):
        return f"{name} is empty: write its value after the colon"
    wrong = _wrong_shape(value)
    if kind in {"int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"}:
        return _number_message(name, key, value, shown, whole=kind.startswith("int"))
    if wrong and kind in {"string_type", "bool_type", "bool_parsing", "date_type", "literal_error"}:
        return f"{name} must be one value, not {wrong}: write it on the same line after the colon"
    if kind in {"string_type"}:
        text = written if written is not None else str(value)
        if isinstance(value, bool):
            return (
                f'{name}: {text} is read as yes/no, not as text: put it in quotes, {key}: "{text}"'
            )
        return f'{name} must be text: put it in quotes, {key}: "{_cut(text, 40)}"'
    if kind == "string_too_short":
        return f"{name} is empty: write its value after the colon"
    if kind == "string_too_long":
        return f"{name} is {len(str(value))} characters long: write at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name, key, shown, ctx.get("pattern", ""))
    if kind in {"bool_parsing", "bool_type"}:
        return f"{name} must be true or false, not '{shown or value}'"
    if kind in {"literal_error", "enum"}:
        return _choice_message(name, shown or str(value), str(ctx.get("expected", "")))
    if kind.startswith(("date", "datetime")):
        return f"{name} must be a date written year-month-day, like 2026-09-01" + (
            f", not '{shown}'" if shown else ""
        )
    if kind in {"list_type", "tuple_type", "set_type"}:
        return (
            f"{name} must be a list: write [{shown or 'a, b'}], or put each item on its own "
            "line below, starting with '- '"
        )
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        example = "name: ..." if key == "authors" else "key: value"
        return (
            f"{name} must hold keys and values, like '{example}', on the lines below it, "
            "indented" + (f", not '{shown}'" if shown else "")
        )
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"{name} needs at least {least} item{'s' if least != 1 else ''}"
    if kind == "too_long":
        return f"{name} has too many items: at most {ctx.get('max_length')}"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        return _range_message(name, kind, ctx, value)
    if kind == "finite_number":
        return f"{name} must be an ordinary number, such as 2.5"
    if kind in {"value_error", "assertion_error"}:
        reason = str(ctx.get("error", error.get("msg", "")))
        return f"{name}: {reason}"
    return f"{name} has a value that cannot be used here: check it against the authors' guide"


def _expected(error: Any) -> str:
    pattern = (error.get("ctx") or {}).get("pattern", "")
    return _PATTERNS.get(pattern, "a name such as 'workers'")


def _unknown_key(key: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if guess:
        return f"unknown key '{key}': did you mean '{guess[0]}'?"
    if known:
        return f"unknown key '{key}': delete it, or use one of: {', '.join(known)}"
    return f"unknown key '{key}': delete it"


def _wrong_shape(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "several keys"
    return ""


def _number_message(name: str, key: str, value: object, shown: str, *, whole: bool) -> str:
    unit, example = _UNITS.get(key, ("", 2 if not whole else 10))
    kind = "a whole number" if whole else "a number"
    what = f"{kind} of {unit}, like {example}" if unit else f"{kind}, like {example}"
    if isinstance(value, float) and whole:
        return f"{name} must be {what}, not {value}: round it to {round(value)}"
    if isinstance(value, list | dict | bool) or value is None:
        return f"{name} must be {what}"
    found = _LEADING_NUMBER.match(shown)
    if found and found.group(2):
        number, rest = found.group(1).replace(",", "."), found.group(2)
        return f"{name} must be {what}: write only the number, {key}: {number} (remove '{rest}')"
    if found and "," in found.group(1):
        return f"{name} must be {what}: write a point, not a comma: {key}: {found.group(1).replace(',', '.')}"
    if found and whole:
        return f"{name} must be {what}, not {shown}"
    return f"{name} must be {what}, written in digits, not '{shown}'"


def _pattern_message(name: str, key: str, shown: str, pattern: str) -> str:
    expected = _PATTERNS.get(pattern, "written differently")
    message = f"{name} must be {expected}, not '{shown}'"
    if pattern == SLUG_PATTERN:
        slug = "-".join(re.findall(r"[a-z0-9]+", shown.lower()))
        if slug:
            message += f": write {key}: {slug}"
    elif pattern == COUNTRY and shown.strip().isalpha() and len(shown.strip()) == 2:
        message += f": write {key}: {shown.strip().upper()}"
    return message


def _choice_message(name: str, given: str, expected: str) -> str:
    choices = re.findall(r"'([^']*)'", expected)
    guess = difflib.get_close_matches(given, choices, n=1, cutoff=0.5)
    hint = f": did you mean '{guess[0]}'?" if guess else ""
    listed = ", ".join(choices)
    return f"{name} must be one of {listed}, not '{_cut(given, 40)}'{hint}"


def _range_message(name: str, kind: str, ctx: dict[str, Any], value: object) -> str:
    limit = next(iter(ctx.values()), "")
    words = {
        "greater_than": f"more than {limit}",
        "greater_than_equal": f"{limit} or more",
        "less_than": f"less than {limit}",
        "less_than_equal": f"{limit} or less",
    }[kind]
    return f"{name} must be {words}, not {value}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
