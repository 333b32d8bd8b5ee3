"""The European Learning Model (ELM 3) document of a track's credential: an unsigned European
Digital Credential (EDC) for the awarding body to seal in the EU's EDC issuer.

It follows the EU's own micro-credential sample (european-commission-empl/European-Learning-Model,
``Credentials/JSON-LD Examples (ELM v3)/Sample-MC-Annex1-unsigned.jsonld``) and conforms to the
EDC application profile's SHACL shapes (``schemas/elm/``), except for what only sealing adds:
``issued`` (the sealing date) and the issuer's ``eIDASIdentifier`` (from the e-seal's
certificate). The EDC issuer's upload takes this document as it is, or wrapped as
``{"credential": ...}`` (the samples' ``-unsigned-uploadable.json`` form).

Structure: the awarding body is the ``issuer`` and the ``awardingBody`` (an Organisation with
its legal name, country, registration number and homepage as course.yml gives them). The
``credentialSubject`` is a placeholder Person without a name: the issuing step fills in the
learner, and sets the credential's ``id`` and ``validFrom`` (placeholders here, as in the Open
Badges template). The Person's claim is a LearningAchievement, specified by a ``Qualification``
(the ELM class that carries an EQF level, as in the EU sample; a ``LearningAchievementSpecification``
when the credential states no EQF level) with the title, description, language, form of
participation (``mode``), learning setting, notional workload (``volumeOfLearning``), ECTS
credits, prerequisites (``entryRequirement``), the track's learning outcomes (with their ESCO
skills as ``relatedESCOSkill``; their DigComp 2.2 competence as a note, since the EU's DigComp
concepts have no offline list), the assessment specification (assessment type concept and
mode), and quality assurance and stackability as notes. The achievement is proven by a
LearningAssessment with its supervision and identity verification concept; its ``grade`` is
what every holder reached (each module passed at its passing score), which the issuing step may
replace with the learner's own scores.

Every id is stable (``urn:epass:<class>:<name-based UUID>``), and the document holds no date of
the build, so the same sources give the same bytes. Texts are the course's own (title,
descriptions, outcomes, module titles) in language maps keyed by the course's language;
concept labels are the EU vocabularies' English ones.
"""

import base64
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from babel.core import get_global

from bwise_mooc import ir
from bwise_mooc.exporters.credentials.badge import badge_svg
from bwise_mooc.exporters.credentials.ob3 import PLACEHOLDER_VALID_FROM
from bwise_mooc.exporters.html import DIGCOMP, digcomp_levels
from bwise_mooc.ir.credential import (
    ELM_ASSESSMENT_TYPES,
    ELM_CREDIT_SYSTEMS,
    ELM_LEARNING_SETTINGS,
    ELM_MODES,
    AwardingBody,
    Credential,
    shown,
)

CONTEXT = (
    "https://www.w3.org/2018/credentials/v1",
    "http://data.europa.eu/snb/model/context/edc-ap",
)
SHAPES_ID = "http://data.europa.eu/snb/model/ap/edc-generic-full"
PLACEHOLDER_ID = "urn:credential:00000000-0000-0000-0000-000000000000"  # the issuing step sets it
PLACEHOLDER_PERSON = "urn:epass:person:00000000-0000-0000-0000-000000000000"  # the learner

SNB = "http://data.europa.eu/snb/"
AUTHORITY = "http://publications.europa.eu/resource/authority/"
ESCO_SKILLS = "http://data.europa.eu/esco/concept-scheme/skills"
GENERIC_PROFILE = SNB + "credential/e34929035b"
BASE64 = SNB + "encoding/6146cde7dd"
# Supervision and identity verification (scheme supervision-verification): the two concepts the
# ELM repository's samples use. Other combinations have no concept here; the assessment's
# description says how it is run.
SUPERVISION_VERIFICATION: dict[tuple[bool, bool], tuple[str, str]] = {
    (False, False): (
        SNB + "supervision-verification/c598449d64",
        "Unsupervised without ID Verification",
    ),
    (True, True): (SNB + "supervision-verification/70be69aaf9", "Supervised with ID Verification"),
}
# English labels of the concepts written (the ELM repository's xsd/loq/cv/*.xsd).
LABELS: dict[str, str] = {
    GENERIC_PROFILE: "Generic",
    BASE64: "base64",
    ELM_MODES["online"]: "Online",
    ELM_MODES["in-person"]: "Presential",
    ELM_MODES["blended"]: "Blended",
    ELM_MODES["work-based"]: "Workbased",
    ELM_LEARNING_SETTINGS["formal"]: "formal learning",
    ELM_LEARNING_SETTINGS["non-formal"]: "non-formal learning",
    ELM_CREDIT_SYSTEMS["ECTS"]: "European Credit Transfer System",
    **{uri: method.replace("-", " ") for method, uri in ELM_ASSESSMENT_TYPES.items()},
}
LABELS[ELM_ASSESSMENT_TYPES["problem-based-learning"]] = "problem based learning"
# The EU's language authority codes for the course's ISO 639-1 languages.
LANGUAGES = {
    "ar": "ARA", "bg": "BUL", "bs": "BOS", "ca": "CAT", "cs": "CES", "cy": "CYM", "da": "DAN",
    "de": "DEU", "el": "ELL", "en": "ENG", "es": "SPA", "et": "EST", "eu": "EUS", "fa": "FAS",
    "fi": "FIN", "fr": "FRA", "ga": "GLE", "gl": "GLG", "he": "HEB", "hr": "HRV", "hu": "HUN",
    "hy": "HYE", "is": "ISL", "it": "ITA", "ka": "KAT", "ku": "KUR", "lb": "LTZ", "lt": "LIT",
    "lv": "LAV", "mk": "MKD", "mt": "MLT", "nb": "NOB", "nl": "NLD", "nn": "NNO", "no": "NOR",
    "pl": "POL", "ps": "PUS", "pt": "POR", "ro": "RON", "ru": "RUS", "sk": "SLK", "sl": "SLV",
    "so": "SOM", "sq": "SQI", "sr": "SRP", "sv": "SWE", "ti": "TIR", "tr": "TUR", "uk": "UKR",
    "ur": "URD", "zh": "ZHO",
}  # fmt: skip
UNDETERMINED = "UND"
# ISO 3166-1 alpha-2 countries whose alpha-3 code Babel lists beside a withdrawn one, and Kosovo
# (the EU's country authority writes 1A0)
COUNTRIES = {"CD": "COD", "DE": "DEU", "FR": "FRA", "MM": "MMR", "TL": "TLS", "YE": "YEM"}
COUNTRIES["XK"] = "1A0"
Document = dict[str, Any]


def node_id(kind: str, *parts: str) -> str:
    """``urn:epass:<kind>:<UUID>``, the same for the same parts."""
    return f"urn:epass:{kind}:{uuid5(NAMESPACE_URL, 'bwise-mooc:elm:' + ':'.join(parts))}"


def concept(uri: str, scheme: str, label: str | None = None) -> Document:
    document: Document = {
        "id": uri,
        "type": "Concept",
        "inScheme": {"id": scheme, "type": "ConceptScheme"},
    }
    label = label or LABELS.get(uri)
    if label:
        document["prefLabel"] = {"en": label}
    return document


def snb_concept(uri: str) -> Document:
    """A concept of one of the EU's ``data.europa.eu/snb`` vocabularies (scheme ``25831c2``)."""
    return concept(uri, uri.rsplit("/", 1)[0] + "/25831c2")


def language_concept(language: str) -> Document:
    code = LANGUAGES.get(language.split("-")[0].lower(), UNDETERMINED)
    return concept(f"{AUTHORITY}language/{code}", AUTHORITY + "language")


def alpha3(country: str) -> str:
    if country in COUNTRIES:
        return COUNTRIES[country]
    aliases = get_global("territory_aliases")
    codes = sorted(
        code
        for code, target in aliases.items()
        if code.isalpha() and len(code) == 3 and target == [country]
    )
    return codes[0] if codes else country


def country_concept(country: str) -> Document:
    return concept(f"{AUTHORITY}country/{alpha3(country)}", AUTHORITY + "country")


def text(language: str, value: str) -> dict[str, str]:
    """An ELM language map: the text, with its whitespace folded, in ``language``."""
    return {language: " ".join(value.split())}


def note(language: str, value: str, *parts: str) -> Document:
    return {"id": node_id("note", *parts), "type": "Note", "noteLiteral": text(language, value)}


def organisation(body: AwardingBody, language: str) -> Document:
    """The awarding body as an ELM Organisation (the same node wherever it appears)."""
    key = ("org", body.name, body.country)
    document: Document = {
        "id": node_id("org", *key),
        "type": "Organisation",
        "legalName": text(language, body.name),
        "location": {
            "id": node_id("location", *key),
            "type": "Location",
            "address": {
                "id": node_id("address", *key),
                "type": "Address",
                "countryCode": country_concept(body.country),
            },
        },
    }
    if body.legal_identifier:
        document["registration"] = {
            "id": node_id("legalIdentifier", *key),
            "type": "LegalIdentifier",
            "notation": body.legal_identifier,
            "spatial": country_concept(body.country),
        }
    if body.homepage:
        document["homepage"] = {
            "id": node_id("webResource", *key),
            "type": "WebResource",
            "contentURL": body.homepage,
        }
    return document


def duration(minutes: int) -> str:
    """ISO 8601 duration: ``PT10H25M``."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def learning_outcome(outcome: ir.Outcome, language: str, *parts: str) -> Document:
    document: Document = {
        "id": node_id("learningOutcome", *parts, outcome.id),
        "type": "LearningOutcome",
        "title": text(language, outcome.text),
    }
    if outcome.esco:
        document["relatedESCOSkill"] = [
            concept(skill.uri, ESCO_SKILLS) | {"prefLabel": {skill.label_language: skill.label}}
            for skill in outcome.esco
        ]
    if outcome.digcomp:
        name = DIGCOMP.get(outcome.digcomp, "")
        level = f", {digcomp_levels([outcome.digcomp_level])}" if outcome.digcomp_level else ""
        document["additionalNote"] = [
            {
                "id": node_id("note", *parts, outcome.id, "digcomp"),
                "type": "Note",
                "noteLiteral": {"en": f"DigComp 2.2: {outcome.digcomp} {name}{level}".strip()},
            }
        ]
    return document


def pass_marks(modules: tuple[ir.Module, ...]) -> str:
    """Each module with its passing score: what every holder of the credential reached."""
    return "; ".join(
        f"{module.number}. {module.title}: ≥ {module.passing_score} %" for module in modules
    )


def assessment_specification(
    credential: Credential, name: str, language: str, *parts: str
) -> Document:
    assessment = credential.assessment
    document: Document = {
        "id": node_id("learningAssessmentSpec", *parts),
        "type": "LearningAssessmentSpecification",
        "title": text(language, name),
        "description": text(language, assessment.description),
        "language": [language_concept(language)],
        "mode": [snb_concept(ELM_MODES[credential.participation])],
    }
    types = [snb_concept(ELM_ASSESSMENT_TYPES[method]) for method in assessment.methods]
    if len(types) == 1:
        document["dcType"] = types[0]
    else:  # one type each (``dcType`` takes one)
        document["hasPart"] = [
            {
                "id": node_id("learningAssessmentSpec", *parts, method),
                "type": "LearningAssessmentSpecification",
                "title": {"en": LABELS[each["id"]]},
                "dcType": each,
            }
            for method, each in zip(assessment.methods, types, strict=True)
        ]
    return document


def achievement_specification(
    course: ir.Course, track: ir.Track, credential: Credential, name: str, *parts: str
) -> Document:
    language = course.language
    document: Document = {
        "id": node_id("qualification", *parts),
        "type": "Qualification"
        if credential.eqf_level is not None
        else "LearningAchievementSpecification",
        "title": text(language, name),
        "description": text(language, track.description or course.description),
        "language": [language_concept(language)],
        "mode": [snb_concept(ELM_MODES[credential.participation])],
        "learningSetting": snb_concept(ELM_LEARNING_SETTINGS[credential.learning_setting]),
        "volumeOfLearning": duration(track.workload_minutes),
    }
    if track.credits is not None:
        system = credential.credit_rule.system if credential.credit_rule else "ECTS"
        document["creditPoint"] = [
            {
                "id": node_id("creditPoint", *parts),
                "type": "CreditPoint",
                "framework": snb_concept(ELM_CREDIT_SYSTEMS[system]),
                "point": shown(track.credits),
            }
        ]
    if credential.eqf_level is not None:
        document["eqfLevel"] = concept(
            f"{SNB}eqf/{credential.eqf_level}", SNB + "eqf/25831c2", f"Level {credential.eqf_level}"
        )
    if credential.prerequisites.strip():
        document["entryRequirement"] = note(language, credential.prerequisites, *parts, "entry")
    document["learningOutcome"] = [
        learning_outcome(outcome, language, *parts) for outcome in course.track_outcomes(track.id)
    ]
    document["provenBy"] = [assessment_specification(credential, name, language, *parts)]
    notes = [note(language, credential.quality_assurance.description, *parts, "quality")]
    if credential.stackability.strip():
        notes.append(note(language, credential.stackability, *parts, "stackability"))
    document["additionalNote"] = notes
    return document


def display(
    course: ir.Course, track: ir.Track, credential: Credential, name: str, *parts: str
) -> Document:
    """How the credential is shown: its title and the badge picture as its one page."""
    place = [each.id for each in course.tracks].index(track.id)
    svg = badge_svg(name, place, credential.eqf_level).encode("utf-8")
    language = language_concept(course.language)
    return {
        "id": node_id("displayParameter", *parts),
        "type": "DisplayParameter",
        "title": text(course.language, name),
        "language": [language],
        "primaryLanguage": language,
        "individualDisplay": [
            {
                "id": node_id("individualDisplay", *parts),
                "type": "IndividualDisplay",
                "language": language,
                "displayDetail": [
                    {
                        "id": node_id("displayDetail", *parts),
                        "type": "DisplayDetail",
                        "page": 1,
                        "image": {
                            "id": node_id("mediaObject", *parts),
                            "type": "MediaObject",
                            "content": base64.b64encode(svg).decode("ascii"),
                            "contentEncoding": concept(BASE64, SNB + "encoding/25831c2"),
                            "contentType": concept(
                                f"{AUTHORITY}file-type/SVG", AUTHORITY + "file-type", "SVG"
                            ),
                        },
                    }
                ],
            }
        ],
    }


def european_digital_credential(course: ir.Course, track: ir.Track) -> Document:
    """The unsigned EDC of ``track``'s credential in ``course``'s language."""
    credential = track.credential
    assert credential is not None
    language = course.language
    parts = (course.id, course.run, track.id, language)
    name = f"{course.title}: {track.title}"
    body = organisation(credential.awarding_body, language)
    awarding = {
        "id": node_id("awardingProcess", *parts),
        "type": "AwardingProcess",
        "awardingBody": [body],
    }
    specification = achievement_specification(course, track, credential, name, *parts)
    assessment = credential.assessment
    proof: Document = {
        "id": node_id("learningAssessment", *parts),
        "type": "LearningAssessment",
        "title": text(language, name),
        "description": text(language, assessment.description),
        "awardedBy": awarding,
        "assessedBy": [body],
        "grade": note(language, pass_marks(course.assessed_modules(track.id)), *parts, "grade"),
    }
    supervised = assessment.supervision != "unsupervised"
    verification = SUPERVISION_VERIFICATION.get((supervised, assessment.identity_verification))
    if verification:
        proof["idVerification"] = concept(
            verification[0], SNB + "supervision-verification/25831c2", verification[1]
        )
    proof["specifiedBy"] = specification["provenBy"][0]
    return {
        "@context": list(CONTEXT),
        "id": PLACEHOLDER_ID,
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": [snb_concept(GENERIC_PROFILE)],
        "displayParameter": display(course, track, credential, name, *parts),
        "credentialSchema": [{"id": SHAPES_ID, "type": "ShaclValidator2017"}],
        "credentialSubject": {
            "id": PLACEHOLDER_PERSON,
            "type": "Person",
            "hasClaim": [
                {
                    "id": node_id("learningAchievement", *parts),
                    "type": "LearningAchievement",
                    "title": text(language, name),
                    "description": text(language, track.description or course.description),
                    "awardedBy": awarding,
                    "provenBy": [proof],
                    "specifiedBy": specification,
                }
            ],
        },
        "issuer": body,
        "validFrom": PLACEHOLDER_VALID_FROM,
    }
