"""Issue 16, part B1: the ``credentials`` format's Open Badges 3.0 documents.

Every document the real course gives, in every language, validates against 1EdTech's vendored
JSON Schema; its alignments name every DigComp competence and ESCO skill of the track's
outcomes and its EQF level; a broken document is refused; two builds are byte-identical.
"""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bwise_mooc import pipeline
from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.exporters.credentials import awarding_tracks
from bwise_mooc.exporters.credentials.check import check_document, problems
from bwise_mooc.exporters.credentials.ob3 import achievement, credential_template
from bwise_mooc.ir import Course
from bwise_mooc.validate import InvalidOutput
from tests.conftest import ROOT


def built(courses: list[Course], out: Path) -> dict[str, bytes]:
    pipeline.export(courses, ROOT, out, ["credentials"])
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


@pytest.fixture(scope="module")
def written(courses: list[Course], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return built(courses, tmp_path_factory.mktemp("credentials"))


def test_the_format_is_registered() -> None:
    assert "credentials" in EXPORTERS


def test_every_track_and_language_gets_both_documents(
    courses: list[Course], written: dict[str, bytes]
) -> None:
    expected = set()
    for course in courses:
        folder = (
            "credentials"
            if course.language == course.languages[0]
            else (f"{course.language}/credentials")
        )
        suffix = "" if course.language == course.languages[0] else f"-{course.language}"
        tracks = awarding_tracks(course)
        assert tracks, course.language
        for track in tracks:
            stem = f"{folder}/{course.id}{suffix}-{track.id}"
            expected |= {
                f"{stem}.achievement.json",
                f"{stem}.credential-template.json",
                f"{stem}.edc.jsonld",  # the European Learning Model document (test_credentials_elm)
                f"{stem}.badge.svg",
            }
    assert set(written) == expected


def test_every_document_validates(written: dict[str, bytes]) -> None:
    for name, data in written.items():
        if name.endswith(".json"):
            assert data.endswith(b"\n") and b"\r" not in data
            document = json.loads(data.decode("utf-8"))
            if name.endswith(".credential-template.json"):
                assert problems(document, "credential") == [], name
            else:
                assert problems(document, "achievement") == [], name


def test_the_template_awards_the_achievement(courses: list[Course]) -> None:
    for course in courses:
        for track in awarding_tracks(course):
            template = credential_template(course, track)
            alone = achievement(course, track)
            assert template["@context"] == [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ]
            assert "proof" not in template
            assert template["credentialSubject"]["achievement"] == {
                key: value for key, value in alone.items() if key != "@context"
            }
            assert template["issuer"] == alone["creator"]
            assert alone["inLanguage"] == course.language
            modules = course.assessed_modules(track.id)
            assert [r["name"] for r in alone["resultDescription"]] == [m.title for m in modules]
            assert alone["image"]["caption"] and alone["image"]["id"].startswith(
                "data:image/svg+xml;base64,"
            )
            assert ("creditsAvailable" in alone) == (track.credits is not None)


def test_alignments_name_every_digcomp_and_esco_code(courses: list[Course]) -> None:
    for course in courses:
        for track in awarding_tracks(course):
            assert track.credential is not None
            outcomes = course.track_outcomes(track.id)
            aligned = {
                (a["targetFramework"], a["targetCode"])
                for a in achievement(course, track)["alignment"]
            }
            digcomp = {("DigComp 2.2", o.digcomp) for o in outcomes if o.digcomp}
            esco = {("ESCO", s.uri.rsplit("/", 1)[-1]) for o in outcomes for s in o.esco}
            assert digcomp and esco, track.id
            eqf = {("European Qualifications Framework", str(track.credential.eqf_level))}
            assert aligned == digcomp | esco | eqf, track.id
            urls = {a["targetUrl"] for a in achievement(course, track)["alignment"]}
            assert {s.uri for o in outcomes for s in o.esco} <= urls


def broken(document: dict[str, Any], *path: str) -> dict[str, Any]:
    """A copy of ``document`` without the key at ``path``."""
    copied = copy.deepcopy(document)
    node = copied
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return copied


def test_a_broken_document_fails_validation(courses: list[Course]) -> None:
    course = courses[0]
    track = awarding_tracks(course)[0]
    template = credential_template(course, track)
    check_document(template, "credential", "ok")  # the unbroken one passes
    for path in (
        ("issuer",),
        ("validFrom",),
        ("credentialSubject", "achievement", "criteria"),
    ):
        with pytest.raises(InvalidOutput):
            check_document(broken(template, *path), "credential", "broken")
    wrong = copy.deepcopy(template)
    wrong["@context"] = ["https://www.w3.org/2018/credentials/v1", *wrong["@context"][1:]]
    assert problems(wrong, "credential")
    bad_image = copy.deepcopy(template)
    bad_image["credentialSubject"]["achievement"]["image"]["alt"] = "not a field of Image"
    assert problems(bad_image, "credential")
    alone = achievement(course, track)
    assert problems(broken(alone, "name"), "achievement")
    assert problems({**alone, "inLanguage": "English"}, "achievement")


def test_two_builds_are_identical(
    courses: list[Course], written: dict[str, bytes], tmp_path: Path
) -> None:
    assert built(courses, tmp_path) == written
