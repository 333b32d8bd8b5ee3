"""Open Badges 3.0 documents of a track's credential: the Achievement and the unsigned
OpenBadgeCredential template whose ``credentialSubject.achievement`` it is.

Every id is stable: under the awarding body's homepage when it has one
(``<homepage>/credentials/<course>/<run>/<track>/<language>``), else a name-based UUID URN of
the same parts. The template has no proof; its ``id`` and ``validFrom`` are placeholders the
issuing step replaces (``validFrom`` is a valid date-time, so the template validates as it is).
The connecting words are the course's own (module titles, the assessment's description): the
documents hold no interface text of ours, so they read in the course's language.
"""

import base64
import json
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from bwise_mooc import ir
from bwise_mooc.exporters.credentials.badge import badge_svg
from bwise_mooc.exporters.html import DIGCOMP, digcomp_levels
from bwise_mooc.ir.credential import AwardingBody, Credential

CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
PLACEHOLDER_ID = "urn:uuid:00000000-0000-0000-0000-000000000000"  # the issuing step sets it
PLACEHOLDER_VALID_FROM = "1970-01-01T00:00:00Z"  # the issuing step sets it
DIGCOMP_FRAMEWORK = "DigComp 2.2"
DIGCOMP_URL = "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415"
ESCO_FRAMEWORK = "ESCO"
EQF_FRAMEWORK = "European Qualifications Framework"
EQF_URL = "http://data.europa.eu/snb/eqf/"  # the EQF level concepts of the EU's vocabularies
Document = dict[str, Any]


def stable_id(body: AwardingBody, *parts: str) -> str:
    if body.homepage:
        return body.homepage.rstrip("/") + "/credentials/" + "/".join(parts)
    return f"urn:uuid:{uuid5(NAMESPACE_URL, 'bwise-mooc:' + ':'.join(parts))}"


def profile(body: AwardingBody) -> Document:
    """The awarding body as an Open Badges Profile."""
    document: Document = {
        "id": body.homepage or f"urn:uuid:{uuid5(NAMESPACE_URL, 'bwise-mooc:body:' + body.name)}",
        "type": ["Profile"],
        "name": body.name,
    }
    if body.homepage:
        document["url"] = body.homepage
    document["address"] = {"type": ["Address"], "addressCountryCode": body.country}
    if body.legal_identifier:
        document["otherIdentifier"] = [
            {
                "type": "IdentifierEntry",
                "identifier": body.legal_identifier,
                "identifierType": "identifier",
            }
        ]
    return document


def alignments(course: ir.Course, track: ir.Track, credential: Credential) -> list[Document]:
    """Each DigComp competence and ESCO skill of the track's outcomes (first mention first),
    then the credential's EQF level.

    A DigComp competence is one alignment (its ``targetCode``, the competence id, stays
    unique in the framework, as OB 3.0 asks); the proficiency levels its outcomes are written
    at go in its ``targetDescription`` ("proficiency levels 1-2 (foundation)")."""
    outcomes = course.track_outcomes(track.id)
    levels: dict[str, list[int]] = {}
    for outcome in outcomes:
        if outcome.digcomp and outcome.digcomp_level:
            levels.setdefault(outcome.digcomp, []).append(outcome.digcomp_level)
    found: dict[tuple[str, str], Document] = {}
    for outcome in outcomes:
        if outcome.digcomp and (DIGCOMP_FRAMEWORK, outcome.digcomp) not in found:
            aligned: Document = {
                "type": ["Alignment"],
                "targetName": DIGCOMP.get(outcome.digcomp, outcome.digcomp),
                "targetCode": outcome.digcomp,
                "targetFramework": DIGCOMP_FRAMEWORK,
                "targetType": "ceasn:Competency",
                "targetUrl": DIGCOMP_URL,
            }
            if described := digcomp_levels(levels.get(outcome.digcomp, ())):
                aligned["targetDescription"] = f"{DIGCOMP_FRAMEWORK} {described}"
            found[DIGCOMP_FRAMEWORK, outcome.digcomp] = aligned
        for skill in outcome.esco:
            if (ESCO_FRAMEWORK, skill.uri) not in found:
                found[ESCO_FRAMEWORK, skill.uri] = {
                    "type": ["Alignment"],
                    "targetName": skill.label,
                    "targetCode": skill.uri.rsplit("/", 1)[-1],
                    "targetFramework": ESCO_FRAMEWORK,
                    "targetType": "ceasn:Competency",
                    "targetUrl": skill.uri,
                }
    result = list(found.values())
    if credential.eqf_level is not None:
        result.append(
            {
                "type": ["Alignment"],
                "targetName": f"EQF {credential.eqf_level}",
                "targetCode": str(credential.eqf_level),
                "targetFramework": EQF_FRAMEWORK,
                "targetType": "ext:EQFLevel",
                "targetUrl": f"{EQF_URL}{credential.eqf_level}",
            }
        )
    return result


def narrative(modules: tuple[ir.Module, ...], credential: Credential) -> str:
    """How to earn it (Markdown): the assessment as the course describes it, then each module
    with its passing score."""
    lines = [f"{module.number}. {module.title}: ≥ {module.passing_score} %" for module in modules]
    return credential.assessment.description.strip() + "\n\n" + "\n".join(lines)


def image(caption: str, place: int, credential: Credential) -> Document:
    svg = badge_svg(caption, place, credential.eqf_level)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"id": f"data:image/svg+xml;base64,{data}", "type": "Image", "caption": caption}


def achievement(course: ir.Course, track: ir.Track) -> Document:
    """The track's Achievement, with its JSON-LD context (for a document of its own)."""
    credential = track.credential
    assert credential is not None
    modules = course.assessed_modules(track.id)
    body = credential.awarding_body
    parts = (course.id, course.run, track.id, course.language)
    name = f"{course.title}: {track.title}"
    place = [each.id for each in course.tracks].index(track.id)
    document: Document = {
        "@context": list(CONTEXT),
        "id": stable_id(body, *parts),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": name,
        "description": (track.description or course.description).strip(),
        "criteria": {"narrative": narrative(modules, credential)},
        "alignment": alignments(course, track, credential),
        "resultDescription": [
            {
                "id": stable_id(body, *parts, "results", module.id),
                "type": ["ResultDescription"],
                "name": module.title,
                "resultType": "Percent",
                "requiredValue": str(module.passing_score),
                "valueMin": "0",
                "valueMax": "100",
            }
            for module in modules
        ],
        "image": image(name, place, credential),
        "inLanguage": course.language,
        "humanCode": f"{course.id}-{track.id}-{course.run}",
        "version": course.version,
        "creator": profile(body),
    }
    if track.credits is not None:
        document["creditsAvailable"] = track.credits
    return document


def credential_template(course: ir.Course, track: ir.Track) -> Document:
    """The unsigned OpenBadgeCredential awarding the track's Achievement: no proof, no
    learner; its ``id`` and ``validFrom`` are placeholders."""
    credential = track.credential
    assert credential is not None
    subject = {key: value for key, value in achievement(course, track).items() if key != "@context"}
    return {
        "@context": list(CONTEXT),
        "id": PLACEHOLDER_ID,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": subject["name"],
        "issuer": profile(credential.awarding_body),
        "validFrom": PLACEHOLDER_VALID_FROM,
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": subject},
        "credentialSchema": [{"id": SCHEMA_ID, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def dumps(document: Document) -> str:
    """The document as written: UTF-8 text, two-space indent, keys in the order built, LF."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
