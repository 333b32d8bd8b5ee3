"""Stage 4 for credentials: every Open Badges 3.0 document against 1EdTech's JSON Schema.

The schema is vendored in ``exporters/schemas/ob30/`` (see its PROVENANCE.md). A credential
template is validated against the whole schema (``AchievementCredential``), an Achievement
against its ``#/$defs/Achievement``. The schema refers only to itself: nothing is fetched.
"""

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from bwise_mooc.validate import InvalidOutput

if TYPE_CHECKING:  # imported where a document is checked: a build without credentials
    from jsonschema import Draft201909Validator  # needs none of it (0.1 s to import)

SCHEMA = "ob_v3p0_achievementcredential_schema.json"
DocumentKind = Literal["credential", "achievement"]


@cache
def _schema() -> dict[str, Any]:
    folder = resources.files("bwise_mooc.exporters").joinpath("schemas", "ob30")
    schema: dict[str, Any] = json.loads(folder.joinpath(SCHEMA).read_text("utf-8"))
    return schema


@cache
def validator(kind: DocumentKind) -> "Draft201909Validator":
    from jsonschema import Draft201909Validator
    from referencing import Registry, Resource

    schema = _schema()
    if kind == "credential":
        return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    registry: Registry[Any] = Registry().with_resource(
        schema["$id"], Resource.from_contents(schema)
    )
    return Draft201909Validator(
        {"$ref": schema["$id"] + "#/$defs/Achievement"},
        registry=registry,
        format_checker=Draft201909Validator.FORMAT_CHECKER,
    )


def problems(document: object, kind: DocumentKind) -> list[str]:
    """Why ``document`` does not validate (nothing: it does), each with where in it."""
    found = []
    for error in sorted(validator(kind).iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(document)"
        found.append(f"{where}: {error.message}")
    return found


def check_document(document: object, kind: DocumentKind, artefact: str) -> None:
    """Raise ``InvalidOutput`` unless the document validates."""
    found = problems(document, kind)
    if found:
        raise InvalidOutput(artefact, found)
