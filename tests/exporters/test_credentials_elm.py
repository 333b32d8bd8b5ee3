"""Issue 16, part B2: the ``credentials`` format's European Learning Model document.

Every European Digital Credential (EDC) the real course gives, in every language, conforms to
the ELM's vendored SHACL shapes (EDC application profile, with its controlled-vocabulary
restrictions) except for the fields only sealing adds, named in ``ADDED_BY_SEALING``. The JSON-LD
is read offline: its two context URLs are replaced by the vendored contexts, and the network is
shut while it is parsed and checked. A broken document fails the shapes; the document carries
the EQF level, credits, every outcome, the workload, mode, assessment and quality assurance; two
builds are byte-identical.
"""

import copy
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from bwise_mooc import pipeline
from bwise_mooc.exporters.credentials import awarding_tracks
from bwise_mooc.exporters.credentials.elm import CONTEXT, european_digital_credential
from bwise_mooc.ir import Course
from bwise_mooc.ir.credential import ELM_ASSESSMENT_TYPES
from tests.conftest import ROOT

SCHEMAS = ROOT / "bwise_mooc" / "exporters" / "schemas" / "elm"
SHAPES = ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl")  # full imports no-cv: load both
CONTEXTS = {  # context URL -> vendored copy
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "http://data.europa.eu/snb/model/context/edc-ap": "edc-ap-context.jsonld",
}
CRED = Namespace("https://www.w3.org/2018/credentials#")
ELM = Namespace("http://data.europa.eu/snb/model/elm/")
# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
# The only violations an unsigned EDC may have: the fields the EDC issuer adds when the
# awarding body seals it: (result path, constraint component). The EU's own unsigned
# micro-credential sample (ELM repository, Sample-MC-Annex1-unsigned.jsonld) fails these
# shapes with exactly these two results, and its sealed copy (-signed.jsonld) conforms.
ADDED_BY_SEALING = frozenset(
    {
        # ``issued``: the date of sealing
        (CRED.issued, SH.MinCountConstraintComponent),
        # the issuer's ``eIDASIdentifier`` (edc:IssuerNodeShape): taken from the e-seal's
        # certificate, so the issuer fails that node shape until it is sealed
        (CRED.issuer, SH.NodeConstraintComponent),
    }
)


def built(courses: list[Course], out: Path) -> dict[str, bytes]:
    pipeline.export(courses, ROOT, out, ["credentials"])
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*.edc.jsonld"))
    }


@pytest.fixture(scope="module")
def written(courses: list[Course], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return built(courses, tmp_path_factory.mktemp("credentials"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for name in SHAPES:
        graph.parse(SCHEMAS / name, format="turtle")
    return graph


@pytest.fixture(scope="module")
def contexts() -> dict[str, Any]:
    return {
        url: json.loads((SCHEMAS / name).read_text(encoding="utf-8"))["@context"]
        for url, name in CONTEXTS.items()
    }


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No network: a context (or anything else) fetched from the web fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access while reading an EDC: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def graph(document: dict[str, Any], contexts: dict[str, Any]) -> Graph:
    """The document as RDF, its context URLs replaced by the vendored contexts."""
    assert document["@context"] == list(CONTEXTS)
    local = {**document, "@context": [contexts[url] for url in document["@context"]]}
    return Graph().parse(data=json.dumps(local), format="json-ld")


def violations(document: dict[str, Any], shapes: Graph, contexts: dict[str, Any]) -> set[Any]:
    """Every result of the SHACL check: (focus node, path, constraint component, message)."""
    data = graph(document, contexts)
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, Graph)
    found = {
        (
            report.value(result, SH.focusNode),
            report.value(result, SH.resultPath),
            report.value(result, SH.sourceConstraintComponent),
            str(report.value(result, SH.resultMessage)),
        )
        for result in report.objects(None, SH.result)  # not the nested sh:detail results
    }
    assert conforms == (not found)
    return found


def unexpected(found: set[Any]) -> set[Any]:
    return {each for each in found if (each[1], each[2]) not in ADDED_BY_SEALING}


def test_every_track_and_language_gets_an_edc(
    courses: list[Course], written: dict[str, bytes]
) -> None:
    expected = set()
    for course in courses:
        first = course.language == course.languages[0]
        folder = "credentials" if first else f"{course.language}/credentials"
        suffix = "" if first else f"-{course.language}"
        for track in awarding_tracks(course):
            expected.add(f"{folder}/{course.id}{suffix}-{track.id}.edc.jsonld")
    assert {course.language for course in courses} >= {"en", "de", "ar"}
    assert set(written) == expected


def test_every_edc_conforms_to_the_shapes_but_for_sealing(
    written: dict[str, bytes], shapes: Graph, contexts: dict[str, Any], offline: None
) -> None:
    for name, data in written.items():
        assert data.endswith(b"\n") and b"\r" not in data
        document = json.loads(data.decode("utf-8"))
        assert document["@context"] == list(CONTEXT)
        found = violations(document, shapes, contexts)
        assert unexpected(found) == set(), name
        # each field added by sealing is missing, and reported, exactly once
        assert sorted((path, component) for _, path, component, _ in found) == sorted(
            ADDED_BY_SEALING
        ), name
        rdf = graph(document, contexts)
        credential = URIRef(document["id"])
        assert (credential, RDF.type, ELM.EuropeanDigitalCredential) in rdf
        assert (credential, RDF.type, CRED.VerifiableCredential) in rdf


def broken(document: dict[str, Any], change: str) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    claim = copied["credentialSubject"]["hasClaim"][0]
    specification = claim["specifiedBy"]
    if change == "no title":
        del specification["title"]
    elif change == "EQF level of another scheme":
        specification["eqfLevel"]["inScheme"]["id"] = "http://data.europa.eu/snb/qdr/25831c2"
    elif change == "no legal name":
        del copied["issuer"]["legalName"]
    elif change == "no claim":
        del copied["credentialSubject"]["hasClaim"]
    elif change == "credits without framework":
        del specification["creditPoint"][0]["framework"]
    elif change == "two learning settings":
        formal = "http://data.europa.eu/snb/learning-setting/6fd4685715"
        setting = specification["learningSetting"]
        specification["learningSetting"] = [setting, {**setting, "id": formal}]
    return copied


@pytest.mark.parametrize(
    "change",
    [
        "no title",
        "EQF level of another scheme",
        "no legal name",
        "no claim",
        "credits without framework",
        "two learning settings",
    ],
)
def test_a_broken_edc_fails_the_shapes(
    courses: list[Course], shapes: Graph, contexts: dict[str, Any], offline: None, change: str
) -> None:
    course = courses[0]
    track = next(t for t in awarding_tracks(course) if t.credits is not None)
    document = european_digital_credential(course, track)
    assert unexpected(violations(document, shapes, contexts)) == set()  # unbroken: sealing only
    assert unexpected(violations(broken(document, change), shapes, contexts)), change


def test_the_edc_carries_the_annex_elements(courses: list[Course]) -> None:
    for course in courses:
        for track in awarding_tracks(course):
            credential = track.credential
            assert credential is not None
            document = european_digital_credential(course, track)
            claim = document["credentialSubject"]["hasClaim"][0]
            spec = claim["specifiedBy"]
            language = course.language
            assert spec["title"] == {language: f"{course.title}: {track.title}"}
            assert spec["type"] == "Qualification"
            assert spec["eqfLevel"]["id"] == f"http://data.europa.eu/snb/eqf/{credential.eqf_level}"
            if track.credits is None:
                assert "creditPoint" not in spec
            else:
                (credits,) = spec["creditPoint"]
                assert float(credits["point"]) == track.credits
                assert credits["framework"]["id"].endswith("/education-credit/6fcec5c5af")
            outcomes = course.track_outcomes(track.id)
            assert [o["title"][language] for o in spec["learningOutcome"]] == [
                " ".join(o.text.split()) for o in outcomes
            ]
            esco = [s["id"] for o in spec["learningOutcome"] for s in o.get("relatedESCOSkill", [])]
            assert esco == [s.uri for o in outcomes for s in o.esco] and esco
            workload = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", spec["volumeOfLearning"])
            assert workload, spec["volumeOfLearning"]
            hours, minutes = (int(figure or 0) for figure in workload.groups())
            assert 60 * hours + minutes == track.workload_minutes > 0
            assert spec["mode"][0]["inScheme"]["id"].endswith("/learning-assessment/25831c2")
            assert spec["learningSetting"]["id"].endswith("/learning-setting/e207a81fc7")
            notes = [n["noteLiteral"][language] for n in spec["additionalNote"]]
            assert " ".join(credential.quality_assurance.description.split()) in notes
            assert spec["entryRequirement"]["noteLiteral"][language]
            (assessment,) = claim["provenBy"]
            assert assessment["specifiedBy"] == spec["provenBy"][0]
            specification = assessment["specifiedBy"]
            kinds = [part["dcType"]["id"] for part in specification.get("hasPart", [specification])]
            assert kinds == [
                ELM_ASSESSMENT_TYPES[method] for method in credential.assessment.methods
            ]
            assert "http://data.europa.eu/snb/assessment/b1b68f6735" in kinds  # quiz
            # the real course: unsupervised, identity not checked
            assert assessment["idVerification"]["id"].endswith("/c598449d64")
            assert document["issuer"] == claim["awardedBy"]["awardingBody"][0]
            assert document["issuer"]["location"]["address"]["countryCode"]["id"].endswith(
                "/country/BEL"
            )
            assert "proof" not in document and "issued" not in document
            assert document["displayParameter"]["primaryLanguage"]["id"].endswith(
                {"en": "/ENG", "de": "/DEU", "ar": "/ARA"}.get(language, "")
            )


def test_two_builds_are_identical(
    courses: list[Course], written: dict[str, bytes], tmp_path: Path
) -> None:
    assert built(courses, tmp_path) == written
