"""Stage 1 helper: read YAML into a typed config model, mapping every problem to a line.

PyYAML's node tree keeps the position of every key and value; pydantic's error locations are
mapped back onto it so that ``unknown key`` or ``wrong type`` points at the right line.
"""

import difflib
from collections.abc import Callable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bwise_mooc.config import LANGUAGE_TAG
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan

# libyaml's parser when PyYAML has it (ten times faster), else the pure-Python one; both safe.
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Model = TypeVar("Model", bound=BaseModel)
Loc = tuple[str | int, ...]


class _Positions:
    """Positions of keys and values in a YAML document, by their path in the data."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.keys: dict[Loc, SourceSpan] = {}
        self.values: dict[Loc, SourceSpan] = {}

    def span(self, mark: yaml.Mark) -> SourceSpan:
        return SourceSpan(path=self.path, line=mark.line + 1 + self.offset, column=mark.column + 1)

    def walk(self, node: yaml.Node, loc: Loc) -> None:
        self.values[loc] = self.span(node.start_mark)
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
    once (the build stops anyway, since an error was reported).
    """
    positions = _Positions(path, line_offset)
    try:
        node = yaml.compose(text, Loader=LOADER)
        data: Any = yaml.load(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = positions.span(mark) if mark else SourceSpan(path=path, line=1 + line_offset)
        problem = exc.problem or exc.context or "invalid YAML"
        diagnostics.error(where, "yaml.syntax", f"invalid YAML: {problem}")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(SourceSpan(path=path, line=1 + line_offset), "yaml.syntax", str(exc))
        return None
    if node is not None:
        positions.walk(node, ())
    if not isinstance(data, dict):
        where = positions.at((), key=False)
        diagnostics.error(where, "yaml.not-mapping", "expected a mapping of keys and values")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            _report(error, model, positions, diagnostics)
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
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return {}
    if node is not None:
        positions.walk(node, ())
    return positions.values


def _report(error: Any, model: type[BaseModel], positions: _Positions, diag: Diagnostics) -> None:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    name = ".".join(str(part) for part in loc)
    if kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; known keys: {', '.join(known)}"
        diag.error(positions.at(loc, key=True), "yaml.unknown-key", f"unknown key '{name}'{hint}")
    elif kind == "missing":
        where = positions.at(loc[:-1], key=True)
        diag.error(where, "yaml.missing-key", f"missing required key '{name}'")
    else:
        message = _PATTERN_NAMES.get(error.get("ctx", {}).get("pattern", ""), error["msg"])
        diag.error(positions.at(loc, key=False), "yaml.invalid-value", f"'{name}': {message}")


_PATTERN_NAMES = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "must be a slug: lower-case letters, digits and single hyphens",
    r"^[A-Za-z0-9_.-]+$": "must be letters, digits, '.', '_' or '-' only",
    LANGUAGE_TAG: "must be a language tag such as 'en' or 'de'",
    r"^[1-5]\.[1-6]$": "must be a DigComp 2.2 competence id such as '2.1'",
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
