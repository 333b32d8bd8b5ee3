"""What a track's credential says: the elements of an EU micro-credential, and its credits.

The elements follow Annex I of the Council Recommendation of 16 June 2022 on a European
approach to micro-credentials (2022/C 243/02) and the names of the European Learning Model
(ELM 3): awarding body, type of assessment (with supervision and identity verification), form
of participation (ELM ``mode``), learning setting, type of quality assurance, prerequisites
(ELM ``entryRequirement``), integration and stackability, EQF level, credits (ELM
``creditPoint``) and the notional workload (ELM ``volumeOfLearning``). The learning outcomes are
the outcomes of the track's modules (``Course.track_outcomes``); the workload and the credits
are on ``Track``.

The credit arithmetic lives here, beside the rule it belongs to: credits are workload hours
divided by the hours per credit; a rule given as a range (ECTS: 25 to 30 hours per credit) gives
a range of credits. Credits are written with at most two decimals, so a claim agrees with the
workload when it lies in that range widened outward to whole hundredths.
"""

import math
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from bwise_mooc.ir.node import Node
from bwise_mooc.ir.source import SourceSpan

MINUTES_PER_HOUR = 60
HUNDREDTHS = 100  # credits are written with at most two decimals
ECTS_HOURS = (25.0, 30.0)  # ECTS Users' Guide 2015: 60 credits are 1,500 to 1,800 hours of work

AssessmentMethod = Literal[
    "quiz",
    "marked-assignment",
    "practical-assessment",
    "portfolio",
    "written-examination",
    "oral-examination",
    "project-work",
    "artefact-assessment",
    "peer-assessment",
    "peer-review",
    "continuous-evaluation",
    "group-performance",
    "problem-based-learning",
]
Supervision = Literal["unsupervised", "supervised-online", "supervised-onsite"]
Participation = Literal["online", "in-person", "blended", "work-based"]
LearningSetting = Literal["non-formal", "formal"]
QualityAssuranceType = Literal["internal", "external", "accredited"]
CreditSystem = Literal["ECTS"]
SkillType = Literal["skill/competence", "knowledge"]

# The ELM concepts the values above stand for, for the exporters that write ELM (read in the
# European Learning Model repository, european-commission-empl/European-Learning-Model:
# xsd/loq/cv/*.xsd and the ELM 3 samples Credentials/JSON-LD Examples (ELM v3)/Sample-MC-Annex1-*).
ELM_ASSESSMENT = "http://data.europa.eu/snb/assessment/"
ELM_ASSESSMENT_TYPES: dict[str, str] = {
    "quiz": ELM_ASSESSMENT + "b1b68f6735",
    "marked-assignment": ELM_ASSESSMENT + "2939dae15f",
    "practical-assessment": ELM_ASSESSMENT + "6a4db9f11d",
    "portfolio": ELM_ASSESSMENT + "4f03b91c0e",
    "written-examination": ELM_ASSESSMENT + "6e6cb2cc78",
    "oral-examination": ELM_ASSESSMENT + "d30284d7df",
    "project-work": ELM_ASSESSMENT + "795dac4096",
    "artefact-assessment": ELM_ASSESSMENT + "de4d165a6c",
    "peer-assessment": ELM_ASSESSMENT + "19a2e5e671",
    "peer-review": ELM_ASSESSMENT + "812e3b0ae1",
    "continuous-evaluation": ELM_ASSESSMENT + "3484bd7e51",
    "group-performance": ELM_ASSESSMENT + "56539a6507",
    "problem-based-learning": ELM_ASSESSMENT + "c4256a2726",
}
ELM_MODES: dict[str, str] = {  # "form of participation": the learning-assessment scheme
    "online": "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
    "in-person": "http://data.europa.eu/snb/learning-assessment/9191af2ed9",  # "Presential"
    "blended": "http://data.europa.eu/snb/learning-assessment/e92d221e4d",
    "work-based": "http://data.europa.eu/snb/learning-assessment/729f3bed4b",
}
ELM_LEARNING_SETTINGS: dict[str, str] = {
    "formal": "http://data.europa.eu/snb/learning-setting/6fd4685715",
    "non-formal": "http://data.europa.eu/snb/learning-setting/e207a81fc7",
}
ELM_CREDIT_SYSTEMS: dict[str, str] = {
    "ECTS": "http://data.europa.eu/snb/education-credit/6fcec5c5af",
}


class EscoSkill(Node):
    """An ESCO skill an outcome is aligned to: its URI, preferred label (in the course's
    language when the vendored list has it, else English: ``label_language`` says which),
    skill type and reuse level, as the vendored ESCO list gives them."""

    uri: str
    label: str
    label_language: str
    skill_type: SkillType
    reuse_level: str


class AwardingBody(Node):
    """The organisation that awards the credential (ELM ``awardingBody``)."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    legal_identifier: str | None = None
    homepage: str | None = None


class Assessment(Node):
    """Type of assessment, and whether it is supervised and the learner's identity verified."""

    methods: tuple[AssessmentMethod, ...]
    description: str
    supervision: Supervision
    identity_verification: bool


class QualityAssurance(Node):
    type: QualityAssuranceType
    description: str


class ExtraWork(Node):
    """Learner work outside the modules' own minutes (an assignment, a portfolio)."""

    id: str
    title: str
    minutes: int


def hours(minutes: int) -> Fraction:
    """``minutes`` of work as exact hours."""
    return Fraction(minutes, MINUTES_PER_HOUR)


def _exact(number: float) -> Fraction:
    """The number as written (0.1 is one tenth, not the binary float nearest to it)."""
    return Fraction(repr(number))


def _hundredths(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def shown(number: float | Fraction | Decimal) -> str:
    """A number for a message: at most two decimals, no trailing zeros (10.42, 0.1, 25)."""
    rounded = Decimal(str(float(number))).quantize(Decimal("0.01"))
    return format(rounded.normalize(), "f")


class CreditRule(Node):
    """How many hours of learner work one credit stands for: ``hours_per_credit`` is the
    lowest and highest figure (equal for a rule of one number); ``source`` is where the rule
    is declared."""

    system: CreditSystem = "ECTS"
    hours_per_credit: tuple[float, float]
    source: SourceSpan

    def credit_range(self, minutes: int) -> tuple[Fraction, Fraction]:
        """The exact credits ``minutes`` of work give: fewest (at the most hours per credit)
        and most (at the fewest)."""
        low, high = (_exact(figure) for figure in self.hours_per_credit)
        return hours(minutes) / high, hours(minutes) / low

    def allowed(self, minutes: int) -> tuple[Decimal, Decimal]:
        """The credits a claim may state for ``minutes`` of work: the exact range widened
        outward to whole hundredths."""
        fewest, most = self.credit_range(minutes)
        return (
            _hundredths(Fraction(math.floor(fewest * HUNDREDTHS), HUNDREDTHS)),
            _hundredths(Fraction(math.ceil(most * HUNDREDTHS), HUNDREDTHS)),
        )

    def allows(self, credits: float, minutes: int) -> bool:
        """Does a claim of ``credits`` agree with ``minutes`` of work under this rule?"""
        fewest, most = self.allowed(minutes)
        return Fraction(fewest) <= _exact(credits) <= Fraction(most)

    def derived(self, minutes: int) -> float:
        """The credits ``minutes`` of work are worth when none are declared: the fewest the
        rule gives (it never claims more than the strictest reading allows), rounded to
        hundredths."""
        fewest, _ = self.credit_range(minutes)
        return float(round(fewest, 2))

    def describe(self) -> str:
        """``ECTS, 25-30 hours per credit``."""
        low, high = self.hours_per_credit
        figures = shown(low) if low == high else f"{shown(low)}-{shown(high)}"
        return f"{self.system}, {figures} hours per credit"


def default_rule(source: SourceSpan) -> CreditRule:
    """The rule module credits are checked against when their track declares none: ECTS."""
    return CreditRule(system="ECTS", hours_per_credit=ECTS_HOURS, source=source)


class Credential(Node):
    """The credential a track awards: every mandatory element of Annex I is set (``check``
    reports a missing one), the optional ones may be empty. ``credits`` is the claim declared in
    course.yml (``credits_source`` is where), None when the credits are derived from the
    workload; ``Track.credits`` holds the figure either way."""

    awarding_body: AwardingBody
    assessment: Assessment
    participation: Participation
    learning_setting: LearningSetting = "non-formal"
    quality_assurance: QualityAssurance
    prerequisites: str = ""
    stackability: str = ""
    eqf_level: int | None = None
    credit_rule: CreditRule | None = None
    credits: float | None = None
    credits_source: SourceSpan | None = None
    extra_work: tuple[ExtraWork, ...] = ()
    source: SourceSpan

    @property
    def extra_minutes(self) -> int:
        return sum(work.minutes for work in self.extra_work)


def workload_minutes(module_minutes: list[int] | tuple[int, ...], extra_minutes: int = 0) -> int:
    """A track's notional workload: its modules' minutes plus declared extra work."""
    return sum(module_minutes) + extra_minutes
