"""Stage 1 helper: read YAML into a typed config model, mapping every problem to a line.

PyYAML's node tree keeps the position of every key and value; pydantic's error locations are
mapped back onto it so that ``unknown key`` or ``wrong type`` points at the right line.

Authors' YAML is plain keys and values, so the document is checked before any Python data is
made from it: no anchors or aliases (a few lines of them can expand to gigabytes), no tags but
'!!str', keys that are names and appear once, bounded size and nesting. The values are then made
one node at a time, so that a date that does not exist, a number too long to convert, ``.inf``
or a control character written as an escape is reported at its own line like any other mistake.
"""

import difflib
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan
from bwise_mooc.parse.files import FORBIDDEN
from bwise_mooc.parse.yaml_messages import GENERIC, syntax_message, value_message

# libyaml's parser when PyYAML has it (ten times faster), else the pure-Python one; both safe.
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Model = TypeVar("Model", bound=BaseModel)
Loc = tuple[str | int, ...]

MAX_NODES = 10_000  # keys and values in one file; a course.yml has a few hundred
MAX_DEPTH = 20  # levels of nesting; course.yml needs four
MAX_VALUE_CHARS = 20_000  # characters in one value, as files.MAX_LINE_CHARS
MAX_DIGITS = 18  # digits in a whole number
CORE = "tag:yaml.org,2002:"
# what a YAML file may hold at all (YAML 1.1 printable characters); libyaml refuses the rest
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# noncharacters: U+FDD0..U+FDEF and the last two code points of every plane
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
_NOT_NAMES = {  # keys that YAML reads as something other than text, and what it reads them as
    f"{CORE}int": "a number",
    f"{CORE}float": "a number",
    f"{CORE}bool": "yes/no",
    f"{CORE}null": "empty",
    f"{CORE}timestamp": "a date",
}
_SCALARS = yaml.constructor.SafeConstructor()  # makes one int, float, bool, null or date


class _Positions:
    """Positions of keys and values in a YAML document, by their path in the data."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.keys: dict[Loc, SourceSpan] = {}
        self.values: dict[Loc, SourceSpan] = {}
        self.written: dict[Loc, str] = {}  # each plain value as written ('yes', not True)

    def span(self, mark: yaml.Mark) -> SourceSpan:
        return SourceSpan(path=self.path, line=mark.line + 1 + self.offset, column=mark.column + 1)

    def span_at(self, text: str, index: int) -> SourceSpan:
        """The place of the character at ``index`` in ``text``."""
        line = text.count("\n", 0, index)
        column = index - text.rfind("\n", 0, index)
        return SourceSpan(path=self.path, line=line + 1 + self.offset, column=column)

    def walk(self, node: yaml.Node, loc: Loc) -> None:
        self.values[loc] = self.span(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            self.written[loc] = node.value
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark)
                self.keys[(*loc, name)] = self.span(key.start_mark)
                self.walk(value, (*loc, name))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*loc, index))

    def at(self, loc: Loc, *, key: bool) -> SourceSpan:
        while loc:
            found = (self.keys.get(loc) if key else None) or self.values.get(loc)
            if found:
                return found
            loc = loc[:-1]
        return self.values.get((), SourceSpan(path=self.path, line=1 + self.offset, column=1))


class _Document:
    """One YAML text made into plain data (dicts, lists, scalars), each problem reported at its
    place; ``problems`` counts them, and data with problems is not to be used."""

    def __init__(self, text: str, positions: _Positions, diagnostics: Diagnostics) -> None:
        self.text = text
        self.positions = positions
        self.diagnostics = diagnostics
        self.problems = 0

    def error(self, where: Any, code: str, message: str) -> None:
        """Report a problem at ``where``, a SourceSpan or a PyYAML mark."""
        self.problems += 1
        span = where if isinstance(where, SourceSpan) else self.positions.span(where)
        self.diagnostics.error(span, code, message)

    def compose(self) -> yaml.Node | None:
        """The node tree if the text is plain YAML (None for an empty text); else None, reported."""
        found = _UNPRINTABLE.search(self.text)
        if found:
            where = self.positions.span_at(self.text, found.start())
            self.error(where, "yaml.bad-character", _character(found.group()))
            return None
        try:
            self._check_events()
            return None if self.problems else yaml.compose(self.text, Loader=LOADER)
        except yaml.MarkedYAMLError as exc:
            line, column, message = syntax_message(exc, self.text)
            where = SourceSpan(
                path=self.positions.path, line=line + 1 + self.positions.offset, column=column + 1
            )
            self.error(where, "yaml.syntax", message)
        except ValueError:  # pure-Python parser: a '\U' escape beyond Unicode
            message = "a '\\U' code inside double quotes is not a character: delete it"
            self.error(self.positions.span_at(self.text, 0), "yaml.syntax", message)
        except yaml.YAMLError:
            self.error(self.positions.span_at(self.text, 0), "yaml.syntax", GENERIC)
        return None

    def _check_events(self) -> None:
        """Refuse anchors, aliases and tags, and bound size and nesting, before composing: the
        composer would share an anchored node with all its aliases and walking that can take
        gigabytes; deep nesting overflows the stack."""
        depth = nodes = 0
        alias: yaml.AliasEvent | None = None
        anchor: yaml.NodeEvent | None = None
        for event in yaml.parse(self.text, Loader=LOADER):
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if not isinstance(event, yaml.NodeEvent):
                continue
            nodes += 1
            if nodes > MAX_NODES:
                message = f"more than {MAX_NODES:,} keys and values: this file is far too large"
                self.error(event.start_mark, "yaml.too-large", message)
                return
            if isinstance(event, yaml.AliasEvent):
                alias = alias or event
                continue
            if event.anchor is not None and anchor is None:
                anchor = event
            tag = _refused_tag(event)
            if tag is not None:
                message = f"YAML tag '{tag}' is not allowed: delete it"
                self.error(event.start_mark, "yaml.tag", message)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"values are nested more than {MAX_DEPTH} levels deep"
                    self.error(event.start_mark, "yaml.too-deep", message)
                    return
            elif isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_VALUE_CHARS:
                length = len(event.value)
                message = f"value is {length:,} characters long; the limit is {MAX_VALUE_CHARS:,}"
                self.error(event.start_mark, "yaml.long-value", message)
        if alias is not None:
            message = f"YAML alias '*{alias.anchor}' is not allowed: write the value out instead"
            self.error(alias.start_mark, "yaml.alias", message)
        elif anchor is not None:
            message = f"YAML anchor '&{anchor.anchor}' is not allowed: delete it"
            self.error(anchor.start_mark, "yaml.alias", message)

    def construct(self, node: yaml.Node) -> Any:
        """Plain data from a node tree that passed ``compose``; each value checked on its own."""
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        return [self.construct(item) for item in node.value]

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        match node.tag.removeprefix(CORE):
            case "int":
                return self._integer(node)
            case "float":
                return self._float(node)
            case "timestamp":
                return self._date(node)
            case "bool":
                return _SCALARS.construct_yaml_bool(node)
            case "null":
                return None
        return self._text(node)  # str, and '=' or '<<', which PyYAML tags 'value' and 'merge'

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        data: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            value = self.construct(value_node)
            if key is None:
                continue
            if key in lines:
                message = f"key '{_shown(key)}' appears twice (first at line {lines[key]})"
                self.error(key_node.start_mark, "yaml.duplicate-key", message)
                continue
            lines[key] = self.positions.span(key_node.start_mark).line
            data[key] = value
        return data

    def _key(self, node: yaml.Node) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag not in _NOT_NAMES:
            return self._text(node)
        if isinstance(node, yaml.ScalarNode) and node.value:
            read_as = _NOT_NAMES[node.tag]
            message = (
                f"key '{_shown(node.value)}' is read as {read_as}, not as a name such as 'title'"
            )
        elif isinstance(node, yaml.ScalarNode):
            message = "a key is empty: write a name such as 'title'"
        else:
            kind = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
            message = f"a {kind} cannot be a key: write a name such as 'title'"
        self.error(node.start_mark, "yaml.key-not-name", message)
        return None

    def _integer(self, node: yaml.ScalarNode) -> int | None:
        try:
            number: int | None = _SCALARS.construct_yaml_int(node)
        except ValueError:  # more digits than Python converts, or '0x_'
            number = None
        if number is not None and abs(number) < 10**MAX_DIGITS:
            return number
        shown = _shown(node.value)
        if number is None and sum(char.isdigit() for char in node.value) <= MAX_DIGITS:
            message = f"'{shown}' is not a number an author can use: write a number such as 30"
        else:
            message = f"number {shown} is far too long: write at most {MAX_DIGITS} digits"
        self.error(node.start_mark, "yaml.bad-number", message)
        return None

    def _float(self, node: yaml.ScalarNode) -> float | None:
        number = float(_SCALARS.construct_yaml_float(node))
        if math.isfinite(number):
            return number
        shown = _shown(node.value)
        if node.value.lstrip("+-").startswith("."):  # .inf, -.Inf, .nan
            message = f"'{shown}' is not a number an author can use: write a number such as 2.5"
        else:
            message = f"number {shown} is far too large"
        self.error(node.start_mark, "yaml.bad-number", message)
        return None

    def _date(self, node: yaml.ScalarNode) -> Any:
        try:
            return _SCALARS.construct_yaml_timestamp(node)
        except ValueError:  # 2026-02-30, month 13, hour 25
            what = "date" if len(node.value) == len("2026-01-31") else "date and time"
            self.error(node.start_mark, "yaml.bad-date", f"{what} {node.value} does not exist")
            return None

    def _text(self, node: yaml.ScalarNode) -> str:
        """The text, reporting a character that XML cannot carry (written as an escape)."""
        found = FORBIDDEN.search(node.value) or _NONCHARACTER.search(node.value)
        if found:
            self.error(node.start_mark, "yaml.bad-character", _character(found.group()))
        return str(node.value)


def _refused_tag(event: yaml.NodeEvent) -> str | None:
    """The tag on ``event`` as written, unless it is one an author may write: none, the empty
    '!', or '!!str' on a value."""
    tag = getattr(event, "tag", None)
    if tag is None or tag == "!" or (isinstance(event, yaml.ScalarEvent) and tag == f"{CORE}str"):
        return None
    return "!!" + tag.removeprefix(CORE) if tag.startswith(CORE) else str(tag)


def _shown(text: str, limit: int = 24) -> str:
    """``text`` cut short for a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _character(char: str) -> str:
    if char < " " or "\x7f" <= char <= "\x9f":
        return f"invisible control character U+{ord(char):04X}: delete it"
    return f"U+{ord(char):04X} is not a character: delete it"


Repair = Callable[[dict[str, Any]], dict[str, Any]]


def load_yaml_model(
    model: type[Model],
    text: str,
    path: str,
    diagnostics: Diagnostics,
    line_offset: int = 0,
    repair: Repair | None = None,
) -> Model | None:
    """Parse ``text`` as YAML into ``model``; report every problem.

    On invalid data, returns None, or, given ``repair``, a stand-in model built from the valid
    keys plus the repaired ones, so that later checks can still run and report everything at
    once (the build stops anyway, since an error was reported). YAML that is not plain keys
    and values (see ``_Document``) gives None.
    """
    positions = _Positions(path, line_offset)
    document = _Document(text, positions, diagnostics)
    node = document.compose()
    data = document.construct(node) if node is not None else None
    if document.problems:
        return None
    if node is not None:
        positions.walk(node, ())
    if not isinstance(data, dict):
        where = positions.at((), key=False)
        message = "this file must hold keys and values, one per line, like 'title: My title'"
        diagnostics.error(where, "yaml.not-mapping", message)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        _report(exc.errors(), model, positions, diagnostics)
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    if repair is None:
        return None
    kept = {
        key: value for key, value in data.items() if key not in bad and key in model.model_fields
    }
    try:
        return model.model_validate({**repair(data), **kept})
    except ValidationError:
        return None


def yaml_value_spans(text: str, path: str, line_offset: int = 0) -> dict[Loc, SourceSpan]:
    """Where each value of a (valid) YAML document starts, by its path in the data."""
    positions = _Positions(path, line_offset)
    node = _Document(text, positions, Diagnostics()).compose()
    if node is not None:
        positions.walk(node, ())
    return positions.values


def yaml_key_spans(text: str, path: str, line_offset: int = 0) -> dict[Loc, SourceSpan]:
    """Where each key of a (valid) YAML document starts, by the path of its value."""
    positions = _Positions(path, line_offset)
    node = _Document(text, positions, Diagnostics()).compose()
    if node is not None:
        positions.walk(node, ())
    return positions.keys


def yaml_data(text: str) -> Any:
    """The plain data of a YAML text, checked as ``load_yaml_model`` checks it, or None when it
    has a problem (nothing reported): for readers that only peek, never raises."""
    document = _Document(text, _Positions("", 0), Diagnostics())
    node = document.compose()
    data = document.construct(node) if node is not None else None
    return None if document.problems else data


def _report(
    errors: list[Any], model: type[BaseModel], positions: _Positions, diag: Diagnostics
) -> None:
    """Each pydantic error in the authors' words, at the key or value it is about. A typo in a
    key name gives one message ("unknown key 'titel': did you mean 'title'?"), not also a
    missing 'title'."""
    missing = {tuple(error["loc"]) for error in errors if error["type"] == "missing"}
    guessed: set[Loc] = set()  # missing keys that an unknown key is a typo of
    for error in errors:
        loc: Loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            known = _field_names(model, loc[:-1])
            for guess in difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6):
                guessed.update({(*loc[:-1], guess)} & missing)
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing" and loc in guessed:
            continue
        known = _field_names(model, loc[:-1]) if kind == "extra_forbidden" else []
        message = value_message(error, known, positions.written.get(loc))
        misplaced = _MISPLACED.get((model.__name__, *(str(part) for part in loc)))
        if kind == "extra_forbidden" and misplaced:
            message = f"key '{loc[-1]}' is in the wrong place{misplaced}"
        if kind == "extra_forbidden":
            diag.error(positions.at(loc, key=True), "yaml.unknown-key", message)
        elif kind == "missing":
            diag.error(positions.at(loc[:-1], key=True), "yaml.missing-key", message)
        else:
            diag.error(positions.at(loc, key=False), "yaml.invalid-value", message)


_MISPLACED: dict[
    tuple[str, ...], str
] = {  # (model, *path) of a key written in the wrong place -> where it belongs
    ("CourseConfig", "credential", "credits"): ": credits belong in a track's 'credential', "
    "since each track has its own workload",
    ("CourseConfig", "credential", "extra_work"): ": extra work belongs in a track's "
    "'credential', since each track has its own workload",
}


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at ``loc`` inside ``model``, following nested models and lists."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        current = _nested_model(field.annotation) if field else None
    return sorted(current.model_fields) if current else []


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found:
            return found
    return None
