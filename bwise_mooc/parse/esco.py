"""Stage 1 helper: the ESCO skills outcomes may name, from the vendored list.

There is no ESCO package; the skills the course may name are kept in
``vocabularies/esco-skills.json`` with their provenance (``vocabularies/PROVENANCE.md``). An
outcome's ``esco:`` URI becomes an ``ir.EscoSkill`` with its label in the course's language
when the list has it, else in English; a URI that is not in the list is an error.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from bwise_mooc.ir import EscoSkill

VOCABULARY = Path(__file__).parent / "vocabularies" / "esco-skills.json"
FALLBACK_LANGUAGE = "en"


@cache
def esco_skills() -> dict[str, dict[str, Any]]:
    """The vendored ESCO skills by URI."""
    data = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    skills: dict[str, dict[str, Any]] = data["skills"]
    return skills


def esco_skill(uri: str, language: str) -> EscoSkill | None:
    """The skill at ``uri`` labelled for ``language`` (primary subtag), or None if the vendored
    list does not have it."""
    entry = esco_skills().get(uri)
    if entry is None:
        return None
    labels: dict[str, str] = entry["labels"]
    wanted = language.split("-")[0].lower()
    chosen = wanted if wanted in labels else FALLBACK_LANGUAGE
    return EscoSkill(
        uri=uri,
        label=labels[chosen],
        label_language=chosen,
        skill_type=entry["skill_type"],
        reuse_level=entry["reuse_level"],
    )
