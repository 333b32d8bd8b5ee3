"""Issue 16, part A: the credential each track awards, its workload and credits, ESCO skills.

A catalogue of bad credentials, each refused with its exact located message by ``check`` and
``build``; the credit arithmetic (units and a property); what the course model carries; the
JSON Schema editors get; and the real course's credentials.
"""

import math
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from bwise_mooc import ir
from bwise_mooc.config import (
    AssessmentConfig,
    AwardingBodyConfig,
    CourseConfig,
    CourseCredentialConfig,
    ExtraWorkConfig,
    OutcomeConfig,
    QualityAssuranceConfig,
    TrackCredentialConfig,
)
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir.credential import CreditRule, default_rule, hours, shown, workload_minutes
from bwise_mooc.parse.esco import esco_skill, esco_skills
from bwise_mooc.pipeline import load_course, load_languages
from bwise_mooc.transforms.credentials import check_credits
from tests.catalogue import refused
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, ROOT

MakeCourse = Callable[..., Path]
COURSE = "course/course.yml"
MODULE = "modules/01-basics/module.yml"
LESSON = "modules/01-basics/01-lesson.md"
HERE = ir.SourceSpan(path=COURSE)
DIGITAL_GAPS = "http://data.europa.eu/esco/skill/238343b1-7b51-42b3-a9ed-cf24d3a236e7"

# course.yml lines 11-19: a complete credential for every track
CREDENTIAL = """\
credential:
  awarding_body: {name: Example WISE gGmbH, country: DE}
  assessment:
    methods: [quiz]
    description: An online quiz at the end of the module.
    supervision: unsupervised
    identity_verification: false
  participation: online
  quality_assurance: {type: internal, description: Peer review of every lesson.}
"""
# line 10 of COURSE_YML, the one track written out: lines 10-13, its credential from line 13
TRACK = "tracks:\n  - id: workers\n    title: Workers\n    credential:\n"
FLOW_TRACK = "tracks: [{id: workers, title: Workers}]\n"


def course(credential: str = CREDENTIAL, track: str = "", old: str = "", new: str = "") -> str:
    """course.yml with ``credential`` at its end and, given ``track`` (the lines of the
    track's own credential, indented by six), the track written out with them."""
    text = COURSE_YML
    if track:
        text = text.replace(FLOW_TRACK, TRACK + track)
    text += credential
    return text.replace(old, new) if old else text


ASSESSED = "Text.\n\n::: assessment\n### Is it true? {#q1}\n- answer: true\n:::\n"


def files(course_yml: str, **extra: str) -> dict[str, str | bytes]:
    return {COURSE: course_yml, LESSON: FRONT + ASSESSED, **extra}


CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "mandatory element missing": (
        files(
            course(
                old="  quality_assurance: {type: internal, description: Peer review of every lesson.}\n",
                new="",
            )
        ),
        f"{COURSE}:11:1: error: the credential of track 'workers' has no 'quality_assurance' (type of quality assurance), a mandatory element of an EU micro-credential: add it here or to the course's 'credential' [credential.missing]",
    ),
    "mandatory element missing in a track's own credential": (
        files(course(credential="", track="      participation: blended\n")),
        f"{COURSE}:13:5: error: the credential of track 'workers' has no 'awarding_body' (awarding body), a mandatory element of an EU micro-credential: add it here or to the course's 'credential' [credential.missing]",
    ),
    "track without modules": (
        files(
            course(
                old=FLOW_TRACK,
                new="tracks: [{id: workers, title: Workers}, {id: staff, title: Staff}]\n",
            )
        ),
        f"{COURSE}:10:41: error: the credential of track 'staff' has no learning outcomes, a mandatory element of an EU micro-credential: no module of the course belongs to this track [credential.missing]",
    ),
    "credits without a rule": (
        files(course(track="      credits: 1\n")),
        f"{COURSE}:14:16: error: track 'workers' declares 'credits' but no 'hours_per_credit' to check them against its workload: add one, e.g. 'hours_per_credit: [25, 30]' (ECTS) [credential.missing]",
    ),
    "ECTS credit of 20 hours": (
        files(course(track="      hours_per_credit: 20\n")),
        f"{COURSE}:14:25: error: an ECTS credit stands for 25 to 30 hours of learner work (ECTS Users' Guide 2015), not 20: write a figure or a range within 25-30 [credential.rule]",
    ),
    "track claims more credits than its workload": (
        files(course(track="      hours_per_credit: [25, 30]\n      credits: 2\n")),
        f"{COURSE}:15:16: error: track 'workers' claims 2 credits, but its workload of 30 minutes (0.5 hours: 1 module, no extra work) allows 0.01 to 0.02 credits under ECTS, 25-30 hours per credit [credential.credits]",
    ),
    "extra work counts, but not enough": (
        files(
            course(
                track="      hours_per_credit: 25\n      credits: 1\n      extra_work:\n"
                "        - {id: portfolio, title: A portfolio, minutes: 600}\n"
            )
        ),
        f"{COURSE}:15:16: error: track 'workers' claims 1 credits, but its workload of 630 minutes (10.5 hours: 1 module, 600 minutes of extra work) allows 0.42 credits under ECTS, 25 hours per credit [credential.credits]",
    ),
    "module claims more credits than its minutes": (
        files(COURSE_YML, **{MODULE: MODULE_YML + "credits: 0.5\n"}),
        f"{MODULE}:7:10: error: module claims 0.5 credits, but its 30 minutes (0.5 hours) allow 0.01 to 0.02 credits under ECTS, 25-30 hours per credit (the default: track 'workers' declares no hours_per_credit) [module.credits]",
    ),
    "module credits under its track's rule": (
        files(
            course(track="      hours_per_credit: 30\n"), **{MODULE: MODULE_YML + "credits: 0.03\n"}
        ),
        f"{MODULE}:7:10: error: module claims 0.03 credits, but its 30 minutes (0.5 hours) allow 0.01 to 0.02 credits under ECTS, 30 hours per credit (the rule of track 'workers') [module.credits]",
    ),
    "unknown ESCO skill": (
        files(
            COURSE_YML,
            **{
                MODULE: MODULE_YML.replace(
                    "  - {id: o1, text: Do the first thing.}\n",
                    "  - id: o1\n    text: Do the first thing.\n    esco:\n"
                    f"      - {DIGITAL_GAPS}\n"
                    "      - http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000\n",
                )
            },
        ),
        f"{MODULE}:9:9: error: ESCO skill 'http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000' is not in bwise-mooc's ESCO list (bwise_mooc/parse/vocabularies/esco-skills.json): check the URI, or have the skill added there with its source [outcome.esco]",
    ),
    "not an ESCO URI": (
        files(
            COURSE_YML,
            **{
                MODULE: MODULE_YML.replace(
                    "Do the first thing.}", "Do it., esco: [digital skills]}"
                )
            },
        ),
        f"{MODULE}:5:35: error: item 1 in 'outcomes' > item 1 > 'esco' must be an ESCO skill address: http://data.europa.eu/esco/skill/ and its id, not 'digital skills' [yaml.invalid-value]",
    ),
    "the EU's code for the United Kingdom": (
        files(course(old="country: DE", new="country: UK")),
        f"{COURSE}:12:54: error: 'country' in 'credential' > 'awarding_body': 'UK' is not an ISO 3166-1 alpha-2 country code (ISO writes 'GB') [yaml.invalid-value]",
    ),
    "a range written backwards": (
        files(course(track="      hours_per_credit: [30, 25]\n")),
        f"{COURSE}:14:25: error: 'hours_per_credit' in 'tracks' > item 1 > 'credential': write the smaller number first: [25, 30] [yaml.invalid-value]",
    ),
    "credits for the whole course": (
        files(course(CREDENTIAL + "  credits: 1\n")),
        f"{COURSE}:20:3: error: key 'credits' is in the wrong place: credits belong in a track's 'credential', since each track has its own workload [yaml.unknown-key]",
    ),
    "DigComp level 9": (
        files(
            COURSE_YML,
            **{MODULE: MODULE_YML.replace("Do the first thing.}", "Do it., digcomp_level: 9}")},
        ),
        f"{MODULE}:5:43: error: 'digcomp_level' in 'outcomes' > item 1 must be 8 or less, not 9 [yaml.invalid-value]",
    ),
    "two pieces of extra work with one id": (
        files(
            course(
                track="      extra_work:\n"
                "        - {id: portfolio, title: A portfolio, minutes: 60}\n"
                "        - {id: portfolio, title: Another, minutes: 60}\n"
            )
        ),
        f"{COURSE}:16:16: error: extra work id 'portfolio' is used twice in track 'workers' [id.duplicate]",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_credential_is_reported_with_its_place(
    make_course: MakeCourse,
    case: str,
    previous_build: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    layout, expected = CASES[case]
    refused(make_course(layout), expected, previous_build, tmp_path_factory.mktemp("scratch"))


def test_the_catalogue_names_every_new_code() -> None:
    codes = {expected.rsplit("[", 1)[-1].rstrip("]") for _, expected in CASES.values()}
    for code in ("credential.missing", "credential.rule", "credential.credits"):
        assert code in codes
    assert {"module.credits", "outcome.esco", "id.duplicate"} <= codes


# -- courses that must build -------------------------------------------------------------------


def checked(
    make_course: MakeCourse, layout: dict[str, str | bytes]
) -> tuple[ir.Course, Diagnostics]:
    course, diagnostics = load_course(make_course(layout))
    assert course is not None
    return course, diagnostics


def test_a_course_without_any_credential_builds_without_a_word(make_course: MakeCourse) -> None:
    model, diagnostics = checked(make_course, files(COURSE_YML))
    assert not diagnostics.errors and not diagnostics.warnings
    track = model.tracks[0]
    assert (track.credential, track.credits, track.workload_minutes) == (None, None, 30)


def test_a_complete_credential_is_in_the_model(make_course: MakeCourse) -> None:
    model, diagnostics = checked(
        make_course,
        files(
            course(
                track="      participation: blended\n      eqf_level: 2\n"
                "      hours_per_credit: [25, 30]\n      extra_work:\n"
                "        - {id: portfolio, title: A portfolio, minutes: 1470}\n"
            )
        ),
    )
    assert not diagnostics.errors and not diagnostics.warnings
    track = model.tracks[0]
    credential = track.credential
    assert credential is not None
    assert credential.awarding_body == ir.AwardingBody(name="Example WISE gGmbH", country="DE")
    assert credential.participation == "blended"  # the track's own key replaces the course's
    assert credential.learning_setting == "non-formal"
    assert credential.assessment.methods == ("quiz",)
    assert credential.eqf_level == 2
    assert credential.extra_work == (
        ir.ExtraWork(id="portfolio", title="A portfolio", minutes=1470),
    )
    assert track.workload_minutes == 1500  # 30 minutes of the module + 1470 of the portfolio
    assert track.credits == 0.83  # 25 hours / 30 hours per credit, the fewest the rule gives
    assert credential.credit_rule is not None
    assert credential.credit_rule.allowed(1500) == (Decimal("0.83"), Decimal("1"))
    assert [o.id for o in model.track_outcomes("workers")] == ["o1"]


def test_declared_credits_are_the_tracks(make_course: MakeCourse) -> None:
    model, diagnostics = checked(
        make_course, files(course(track="      hours_per_credit: [25, 30]\n      credits: 0.02\n"))
    )
    assert not diagnostics.errors
    track = model.tracks[0]
    assert track.credits == 0.02
    assert track.credential is not None and track.credential.credits_source is not None
    assert track.credential.credits_source.line == 15


def test_esco_skills_are_in_the_model_with_their_label(make_course: MakeCourse) -> None:
    module = MODULE_YML.replace(
        "  - {id: o1, text: Do the first thing.}\n",
        f"  - {{id: o1, text: Do it., digcomp: '5.4', digcomp_level: 3, esco: [{DIGITAL_GAPS}]}}\n",
    )
    model, diagnostics = checked(make_course, files(COURSE_YML, **{MODULE: module}))
    assert not diagnostics.errors
    outcome = model.modules[0].outcomes[0]
    assert outcome.digcomp_level == 3
    assert outcome.esco == (
        ir.EscoSkill(
            uri=DIGITAL_GAPS,
            label="identify digital competence gaps",
            label_language="en",
            skill_type="skill/competence",
            reuse_level="transversal",
        ),
    )


def test_an_esco_label_missing_in_a_language_is_the_english_one() -> None:
    skill = esco_skill(DIGITAL_GAPS, "de")
    assert skill is not None and (skill.label_language, skill.label) == (
        "en",
        "identify digital competence gaps",
    )
    assert esco_skill("http://data.europa.eu/esco/skill/nothing", "en") is None


def test_the_vendored_esco_list_maps_digcomp_one_to_one() -> None:
    skills = esco_skills()
    digcomp = sorted(entry["digcomp"] for entry in skills.values() if "digcomp" in entry)
    assert len(digcomp) == 21 == len(set(digcomp))
    for uri, entry in skills.items():
        assert uri.startswith("http://data.europa.eu/esco/skill/")
        assert entry["labels"]["en"] and entry["source"] and entry["reuse_level"]
        assert entry["skill_type"] in ("skill/competence", "knowledge")


GERMAN = """\
title: Demokurs
description: Ein Kurs für Tests.
credential:
  assessment: {description: Ein Online-Quiz am Ende des Moduls.}
  quality_assurance: {description: Jede Lektion wird geprüft.}
tracks:
  - id: workers
    title: Beschäftigte
    credential:
      prerequisites: Keine.
      extra_work:
        - {id: portfolio, title: Eine Mappe}
"""


def translated(german: str) -> dict[str, str | bytes]:
    """A course in English and German whose track has its own prerequisites and extra work;
    the rest of its credential is the course's."""
    track = (
        "      prerequisites: None.\n"
        "      extra_work:\n        - {id: portfolio, title: A portfolio, minutes: 60}\n"
    )
    return files(
        course(track=track, old="languages: [en]", new="languages: [en, de]"),
        **{
            "course/course.de.yml": german,
            "modules/01-basics/module.de.yml": "title: Grundlagen\nsummary: Grundlegendes.\n"
            "outcomes: [{id: o1, text: Das Erste tun.}]\n",
            "modules/01-basics/01-lesson.de.md": FRONT.replace("A lesson", "Eine Lektion")
            + ASSESSED,
        },
    )


def test_a_translation_carries_the_credentials_text(make_course: MakeCourse) -> None:
    root = make_course(translated(GERMAN))
    course, diagnostics = load_course(root, "de")
    assert course is not None and not diagnostics.errors
    credential = course.tracks[0].credential
    assert credential is not None
    assert credential.quality_assurance.description == "Jede Lektion wird geprüft."
    assert credential.assessment.description == "Ein Online-Quiz am Ende des Moduls."
    assert credential.prerequisites == "Keine."
    assert credential.extra_work[0].title == "Eine Mappe"


@pytest.mark.parametrize(
    ("cut", "expected"),
    [
        (
            "  quality_assurance: {description: Jede Lektion wird geprüft.}\n",
            "course/course.de.yml:1:1: error: no de translation: the text of the course's "
            "'credential.quality_assurance.description' is missing [translation.missing]",
        ),
        (
            "      prerequisites: Keine.\n",
            "course/course.de.yml:1:1: error: no de translation: the text of "
            "'credential.prerequisites' of track 'workers' is missing [translation.missing]",
        ),
        (
            "      extra_work:\n        - {id: portfolio, title: Eine Mappe}\n",
            "course/course.de.yml:1:1: error: no de translation: the text of "
            "'credential.extra_work: portfolio' of track 'workers' is missing "
            "[translation.missing]",
        ),
    ],
)
def test_a_missing_translation_of_the_credential_is_reported(
    make_course: MakeCourse, cut: str, expected: str
) -> None:
    root = make_course(translated(GERMAN.replace(cut, "")))
    _, diagnostics = load_course(root, "de")
    assert expected in [str(d) for d in diagnostics], [str(d) for d in diagnostics]


def test_a_translation_of_extra_work_that_does_not_exist_is_reported(
    make_course: MakeCourse,
) -> None:
    root = make_course(translated(GERMAN.replace("id: portfolio, title", "id: folder, title")))
    _, diagnostics = load_course(root, "de")
    assert (
        "course/course.de.yml:1:1: error: extra work 'folder' of track 'workers' is not in "
        "course.yml [translation.unknown-id]"
    ) in [str(d) for d in diagnostics]


def test_a_mistake_in_a_tracks_credential_does_not_lose_the_track(
    make_course: MakeCourse,
) -> None:
    """The stand-in of a broken course.yml keeps the track ids: no module gets 'unknown
    track' because of a typo inside a track's credential."""
    root = make_course(files(course(track="      participaton: online\n")))
    _, diagnostics = load_course(root)
    codes = [d.code for d in diagnostics.errors]
    assert codes == ["yaml.unknown-key"], [str(d) for d in diagnostics]


# -- the arithmetic ------------------------------------------------------------------------------


def rule(low: float, high: float | None = None) -> CreditRule:
    return CreditRule(hours_per_credit=(low, low if high is None else high), source=HERE)


def test_workload_is_the_modules_minutes_plus_extra_work() -> None:
    assert workload_minutes([80, 80, 75, 65]) == 300
    assert workload_minutes((165, 175), 300) == 640
    assert workload_minutes([]) == 0


def test_credits_are_hours_per_credit_of_the_workload() -> None:
    ects = rule(25, 30)
    assert hours(625) == Fraction(125, 12)
    assert ects.credit_range(1500) == (Fraction(5, 6), Fraction(1))
    assert ects.credit_range(625) == (Fraction(125, 360), Fraction(125, 300))
    assert ects.allowed(625) == (Decimal("0.34"), Decimal("0.42"))
    assert ects.derived(625) == 0.35
    assert rule(25).allowed(165) == (Decimal("0.11"), Decimal("0.11"))
    assert rule(25).allowed(170) == (Decimal("0.11"), Decimal("0.12"))


def test_a_claim_agrees_when_it_is_in_the_range_widened_to_hundredths() -> None:
    ects = rule(25, 30)
    assert ects.allows(0.37, 625) and ects.allows(0.34, 625) and ects.allows(0.42, 625)
    assert not ects.allows(0.33, 625) and not ects.allows(0.43, 625)
    assert not ects.allows(0.8, 625)  # the staff tracks' claim before the correction
    assert ects.allows(0.1, 165) and not ects.allows(0.2, 165)
    assert rule(25).allows(0.11, 165) and not rule(25).allows(0.12, 165)


def test_rules_and_numbers_are_written_for_people() -> None:
    assert rule(25, 30).describe() == "ECTS, 25-30 hours per credit"
    assert rule(27.5).describe() == "ECTS, 27.5 hours per credit"
    assert default_rule(HERE).hours_per_credit == (25.0, 30.0)
    assert [shown(x) for x in (10.41666, 0.1, 25.0, Decimal("0.40"), Fraction(1, 3))] == [
        "10.42",
        "0.1",
        "25",
        "0.4",
        "0.33",
    ]


figures = st.integers(min_value=1, max_value=1000).map(lambda n: n / 10)  # 0.1 to 100 hours


@given(
    minutes=st.integers(min_value=0, max_value=200_000),
    low=figures,
    spread=st.integers(min_value=0, max_value=200).map(lambda n: n / 10),
    hundredths=st.integers(min_value=0, max_value=100_000),
)
def test_the_credit_range_rule(minutes: int, low: float, spread: float, hundredths: int) -> None:
    """Whatever the workload and the rule: the derived credits are allowed; a claim of two
    decimals is allowed exactly when it lies in the exact range widened to hundredths; more work
    never allows fewer credits."""
    high = round(low + spread, 1)
    credit_rule = rule(low, high)
    fewest, most = credit_rule.credit_range(minutes)
    assert fewest <= most
    assert credit_rule.allows(credit_rule.derived(minutes), minutes)
    inside = math.floor(fewest * 100) <= hundredths <= math.ceil(most * 100)
    assert credit_rule.allows(hundredths / 100, minutes) == inside
    more_fewest, more_most = credit_rule.credit_range(minutes + 60)
    assert more_fewest >= fewest and more_most >= most


def test_check_credits_reads_only_the_model() -> None:
    """The rule is a whole-course one over the model: a course built in code is checked."""
    module = ir.Module(
        id="m",
        number=1,
        dir="modules/01-m",
        title="M",
        summary="-",
        track="t",
        outcomes=(),
        credits=1.0,
        credits_source=ir.SourceSpan(path="modules/01-m/module.yml", line=9, column=10),
        estimated_minutes=60,
        passing_score=80,
        lessons=(),
        source=ir.SourceSpan(path="modules/01-m/module.yml"),
    )
    course = ir.Course(
        id="c",
        organisation="o",
        run="r",
        version="1",
        title="C",
        description="-",
        languages=("en",),
        language="en",
        licence="CC-BY-4.0",
        authors=(),
        tracks=(ir.Track(id="t", title="T", workload_minutes=60),),
        passing_score=80,
        modules=(module,),
        source=HERE,
    )
    diagnostics = Diagnostics()
    check_credits(course, diagnostics)
    assert [str(d) for d in diagnostics] == [
        "modules/01-m/module.yml:9:10: error: module claims 1 credits, but its 60 minutes "
        "(1 hours) allow 0.03 to 0.04 credits under ECTS, 25-30 hours per credit (the default: "
        "track 't' declares no hours_per_credit) [module.credits]"
    ]


# -- what editors see ----------------------------------------------------------------------------

CREDENTIAL_MODELS = (
    CourseCredentialConfig,
    TrackCredentialConfig,
    AwardingBodyConfig,
    AssessmentConfig,
    QualityAssuranceConfig,
    ExtraWorkConfig,
)


@pytest.mark.parametrize("model", CREDENTIAL_MODELS, ids=lambda model: model.__name__)
def test_every_credential_key_is_described_for_editors(model: type[BaseModel]) -> None:
    schema = model.model_json_schema()
    assert schema["additionalProperties"] is False
    undescribed = [
        name for name, field in schema["properties"].items() if not field.get("description")
    ]
    assert undescribed == []


def test_the_schema_takes_hours_per_credit_as_a_number_or_a_range() -> None:
    schema = CourseConfig.model_json_schema()
    field = schema["$defs"]["CourseCredentialConfig"]["properties"]["hours_per_credit"]
    kinds = [option.get("type") for option in field["anyOf"]]
    assert kinds == ["number", "array", "null"]
    outcome = OutcomeConfig.model_json_schema()["properties"]
    assert outcome["esco"]["description"] and outcome["digcomp_level"]["description"]
    assert outcome["digcomp_level"]["anyOf"][0]["maximum"] == 8


# -- the real course -----------------------------------------------------------------------------

TABLE = {  # track: (minutes, credits, rule)
    # the shared start (30 minutes) counts in every track; staff tracks add their assignments
    "workers": (360, None, None),  # 30 + modules 01-04
    "supporters": (1035, 0.6, "ECTS, 25-30 hours per credit"),  # 30 + 705 + 300 of assignments
    "enablers": (1095, 0.6, "ECTS, 25-30 hours per credit"),  # 30 + 735 + 330 of assignments
}


def test_the_real_course_awards_a_credential_per_track_that_agrees_with_its_workload() -> None:
    courses, diagnostics = load_languages(ROOT)
    ours = ("credential.", "module.credits", "outcome.esco", "translation.")
    assert [str(d) for d in diagnostics if d.code.startswith(ours)] == []
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    for course in courses:
        for track in course.tracks:
            minutes, credits, described = TABLE[track.id]
            credential = track.credential
            assert credential is not None, (course.language, track.id)
            assert (track.workload_minutes, track.credits) == (minutes, credits)
            rule_of = credential.credit_rule
            assert (rule_of.describe() if rule_of else None) == described
            assert credential.awarding_body.country == "BE"
            assert credential.assessment.description and credential.quality_assurance.description
            assert credential.prerequisites and credential.stackability
        for module in course.modules:
            for outcome in module.outcomes:
                assert outcome.esco, (module.id, outcome.id)
    german = next(course for course in courses if course.language == "de")
    workers = german.tracks[0].credential
    assert workers is not None and workers.prerequisites.startswith("Keine.")


def test_the_real_course_with_its_old_credits_fails(tmp_path: Path) -> None:
    """Before the correction, the staff modules claimed credits as if each took 4.5-6 hours
    while their own minutes add up to 2-3 hours: ``check`` refuses them."""
    for folder in ("course", "modules"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    module = tmp_path / "modules" / "05-assessing-digital-skills" / "module.yml"
    text = module.read_text(encoding="utf-8")
    module.write_text(re.sub(r"(?m)^credits: .*$", "credits: 0.2", text), encoding="utf-8")
    course_yml = tmp_path / "course" / "course.yml"
    course_yml.write_text(
        course_yml.read_text(encoding="utf-8").replace(
            "      credits: 0.6\n", "      credits: 0.8\n", 1
        ),
        encoding="utf-8",
    )
    _, diagnostics = load_course(tmp_path)
    found = [str(d) for d in diagnostics.errors]
    assert any(
        line.endswith(
            "track 'supporters' claims 0.8 credits, but its workload of 1035 minutes (17.25 "
            "hours: 5 modules, 300 minutes of extra work) allows 0.57 to 0.69 credits under "
            "ECTS, 25-30 hours per credit [credential.credits]"
        )
        for line in found
    ), found
    assert any(
        line.startswith("modules/05-assessing-digital-skills/module.yml:")
        and line.endswith(
            "module claims 0.2 credits, but its 205 minutes (3.42 hours) allow 0.11 to 0.14 "
            "credits under ECTS, 25-30 hours per credit (the rule of track 'supporters') "
            "[module.credits]"
        )
        for line in found
    ), found


def test_the_authors_guide_example_is_a_valid_credential() -> None:
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = guide.split("An example with two tracks.", 1)[1].split("```yaml\n", 1)[1]
    data = yaml.safe_load(example.split("```", 1)[0])
    CourseCredentialConfig.model_validate(data["credential"])
    for track in data["tracks"]:
        TrackCredentialConfig.model_validate(track["credential"])
