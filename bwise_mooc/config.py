"""Typed models of what authors write in YAML: course.yml, module.yml and lesson front matter.

Unknown keys are errors (``extra="forbid"``); ``bwise-mooc schema`` exports these models as
JSON Schema for editors.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from bwise_mooc.ir.course import SHARED_TRACK
from bwise_mooc.ir.credential import AssessmentMethod, Supervision


def _number_as_text(value: object) -> object:
    """YAML reads ``run: 2026`` or ``digcomp: 2.1`` as numbers; authors mean text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


AsText = BeforeValidator(_number_as_text)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Code = Annotated[str, AsText, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+$")]
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"  # BCP 47, as course.yml writes it: en, pt-BR


def _each_once(languages: list[str]) -> list[str]:
    """A language listed twice would build (and overwrite) its outputs twice."""
    seen: set[str] = set()
    for language in languages:
        if language.lower() in seen:
            raise ValueError(f"language '{language}' is listed twice")
        seen.add(language.lower())
    return languages


LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_TAG)]
DigCompId = Annotated[str, AsText, StringConstraints(pattern=r"^[1-5]\.[1-6]$")]
Score = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, AsText, StringConstraints(min_length=1, strip_whitespace=True)]
MAX_TITLE = 200  # SCORM 2004 manifests hold titles of at most 200 characters (SPM)


def _short_title(title: str) -> str:
    if len(title) > MAX_TITLE:
        raise ValueError(
            f"a title of {len(title):,} characters is too long: learning platforms show at most "
            f"{MAX_TITLE}"
        )
    return title


Title = Annotated[Text, AfterValidator(_short_title)]


# ISO 3166-1 alpha-2, the codes officially assigned, and XK (Kosovo), which the EU uses
COUNTRIES = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "XK",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
    ]
)
_EU_CODES = {"EL": "GR", "UK": "GB"}  # the EU's own codes for Greece and the United Kingdom


def _country(code: str) -> str:
    if code in COUNTRIES:
        return code
    hint = f" (ISO writes '{_EU_CODES[code]}')" if code in _EU_CODES else ""
    raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code{hint}")


COUNTRY = r"^[A-Z]{2}$"
ESCO_SKILL = r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$"
WEB_ADDRESS = r"^https?://[^\s]+$"
CountryCode = Annotated[
    str,
    StringConstraints(pattern=COUNTRY),
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRIES)}),  # editors offer the codes
]
EscoUri = Annotated[str, StringConstraints(pattern=ESCO_SKILL)]
WebAddress = Annotated[str, StringConstraints(pattern=WEB_ADDRESS)]


def _hours_per_credit(value: object) -> object:
    """``25`` or ``[25, 30]`` -> ``(low, high)``; anything else is refused in plain words."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (value, value)
    if isinstance(value, list | tuple) and len(value) == 2:
        low, high = value
        if all(isinstance(x, int | float) and not isinstance(x, bool) for x in value):
            if low > high:
                raise ValueError(f"write the smaller number first: [{high}, {low}]")
            return (low, high)
    raise ValueError("must be a number of hours, such as 25, or a range, such as [25, 30]")


HoursPerCredit = Annotated[
    tuple[Annotated[float, Field(gt=0, le=1000)], Annotated[float, Field(gt=0, le=1000)]],
    BeforeValidator(_hours_per_credit),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {
                    "type": "array",
                    "items": {"type": "number", "exclusiveMinimum": 0},
                    "minItems": 2,
                    "maxItems": 2,
                },
            ]
        }
    ),
]


class _Strict(BaseModel):
    # allow_inf_nan: a quoted "inf" or "1e999" is not a number of credits either
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class AuthorConfig(_Strict):
    name: Text = Field(
        description="The person's name as it is shown to learners.",
        examples=["bwise-mooc course team"],
    )
    organisation: Text | None = Field(
        default=None,
        description="The organisation the person writes for (optional).",
        examples=["BWISE"],
    )
    role: Literal["author", "editor", "reviewer", "translator"] = Field(
        default="author",
        description="author, editor, reviewer or translator.",
        examples=["author", "translator"],
    )


class AwardingBodyConfig(_Strict):
    """``awarding_body:`` of a credential: who awards it and vouches for it."""

    name: Text = Field(
        description="Legal name of the organisation that awards the credential (ELM: "
        "legalName), for example the WISE or VET provider that runs the course. A real "
        "organisation, never a placeholder: it is printed on every credential.",
        examples=["Example WISE gGmbH"],
    )
    country: CountryCode = Field(
        description="Country of the awarding body (the 'country of the issuer' of an EU "
        "micro-credential), as an ISO 3166-1 alpha-2 code such as DE, AT or BE.",
        examples=["DE", "BE"],
    )
    legal_identifier: Text | None = Field(
        default=None,
        description="Its registration number in that country, e.g. from the company or "
        "charity register (ELM: registration).",
        examples=["HRB 12345"],
    )
    homepage: WebAddress | None = Field(
        default=None,
        description="Web address of the awarding body (ELM: homepage).",
        examples=["https://awarding-body.example"],
    )


class AssessmentConfig(_Strict):
    """``assessment:`` of a credential: the type of assessment of an EU micro-credential."""

    methods: list[AssessmentMethod] = Field(
        min_length=1,
        description="How the learning outcomes are assessed, as types of the European "
        "Learning Model's list: quiz, marked-assignment, practical-assessment, portfolio, "
        "written-examination, oral-examination, project-work, artefact-assessment, "
        "peer-assessment, peer-review, continuous-evaluation, group-performance, "
        "problem-based-learning.",
        examples=[["quiz"], ["quiz", "practical-assessment"]],
    )
    description: Text = Field(
        description="The assessment in plain words for learners and employers: what is "
        "assessed, how, and what is needed to pass. Translated in course.<lang>.yml.",
        examples=[
            "Each of the 4 modules ends with an online assessment of 8 questions. A module is passed with 7 of 8 right answers (80 %), in at most 3 attempts."
        ],
    )
    supervision: Supervision = Field(
        description="Is the assessment supervised? unsupervised; supervised-online (someone "
        "watches online); supervised-onsite (someone is in the room).",
        examples=["unsupervised"],
    )
    identity_verification: bool = Field(
        description="Is the learner's identity checked during the assessment (true or false)?",
        examples=[False],
    )


class QualityAssuranceConfig(_Strict):
    """``quality_assurance:`` of a credential: the type of quality assurance behind it."""

    type: Literal["internal", "external", "accredited"] = Field(
        description="internal: the awarding body's own review procedures; external: "
        "reviewed by an outside quality assurance body; accredited: the awarding body or "
        "the course is accredited by a public authority.",
        examples=["internal"],
    )
    description: Text = Field(
        description="What the quality assurance is, in plain words. Translated in "
        "course.<lang>.yml.",
        examples=[
            "Every lesson and assessment is reviewed by a second author against the course's authoring checklist. There is no external accreditation."
        ],
    )


class ExtraWorkConfig(_Strict):
    """One piece of learner work outside the modules' own minutes."""

    id: Slug = Field(
        description="Stable id of this piece of work, a slug.", examples=["workplace-task"]
    )
    title: Text = Field(
        description="What the work is, e.g. 'Workplace assignment'. Translated in "
        "course.<lang>.yml.",
        examples=["Workplace assignment"],
    )
    minutes: Annotated[int, Field(gt=0)] = Field(
        description="Notional minutes a typical learner spends on it.", examples=[300]
    )


class CourseCredentialConfig(_Strict):
    """``credential:`` in course.yml: the credential every track awards, with the elements
    of an EU micro-credential (Council Recommendation of 16 June 2022, Annex I). A track's own
    ``credential:`` replaces any key of it."""

    awarding_body: AwardingBodyConfig | None = Field(
        default=None,
        description="Mandatory: the organisation that awards the credential: name, country, "
        "legal_identifier, homepage.",
        examples=[
            {
                "name": "Example WISE gGmbH",
                "country": "DE",
                "homepage": "https://awarding-body.example",
            }
        ],
    )
    assessment: AssessmentConfig | None = Field(
        default=None,
        description="Mandatory: type of assessment: methods, description, supervision, "
        "identity_verification.",
        examples=[
            {
                "methods": ["quiz"],
                "description": "Each of the 4 modules ends with an online assessment of 8 questions. A module is passed with 7 of 8 right answers (80 %), in at most 3 attempts.",
                "supervision": "unsupervised",
                "identity_verification": False,
            }
        ],
    )
    participation: Literal["online", "in-person", "blended", "work-based"] | None = Field(
        default=None,
        description="Mandatory: form of participation in the learning (ELM: mode): online, "
        "in-person, blended (online with in-person support) or work-based.",
        examples=["online", "blended"],
    )
    learning_setting: Literal["non-formal", "formal"] | None = Field(
        default=None,
        description="Learning setting (ELM: learningSetting): non-formal (default) or "
        "formal (part of an officially recognised programme).",
        examples=["non-formal"],
    )
    quality_assurance: QualityAssuranceConfig | None = Field(
        default=None,
        description="Mandatory: type of quality assurance: type, description.",
        examples=[
            {
                "type": "internal",
                "description": "Every lesson and assessment is reviewed by a second author against the course's authoring checklist. There is no external accreditation.",
            }
        ],
    )
    prerequisites: Text | None = Field(
        default=None,
        description="What a learner needs before starting (ELM: entryRequirement), in plain "
        "words; 'None' if nothing. Translated in course.<lang>.yml.",
        examples=[
            "None. You need a smartphone or a tablet, and a supporter at work who can help you when you need it."
        ],
    )
    stackability: Text | None = Field(
        default=None,
        description="Integration and stackability: a stand-alone credential, or one that "
        "counts toward a larger credential, and which. Translated in course.<lang>.yml.",
        examples=[
            "A stand-alone micro-credential. It is not part of a qualification, but a training provider may recognise it as part of a longer programme."
        ],
    )
    eqf_level: Annotated[int, Field(ge=1, le=8)] | None = Field(
        default=None,
        description="EQF level of the learning, 1-8, if applicable.",
        examples=[2, 4],
    )
    credit_system: Literal["ECTS"] | None = Field(
        default=None,
        description="The credit system of 'credits' [default: ECTS, the European Credit "
        "Transfer and Accumulation System].",
        examples=["ECTS"],
    )
    hours_per_credit: HoursPerCredit | None = Field(
        default=None,
        description="How many hours of learner work one credit stands for: a number, or a "
        "range such as [25, 30] (ECTS: 25 to 30 hours). With it, credits are worked out from "
        "the workload and declared credits are checked.",
        examples=[[25, 30], 25],
    )


class TrackCredentialConfig(CourseCredentialConfig):
    """``credential:`` of a track: every key of the course's ``credential:`` (a key given here
    replaces the course's), plus the track's credits and extra work."""

    credits: Annotated[float, Field(ge=0)] | None = Field(
        default=None,
        description="Credits the credential awards. Checked against the workload (the "
        "track's modules' estimated_minutes plus extra_work) under hours_per_credit; "
        "without it, credits are worked out from the workload.",
        examples=[0.37],
    )
    extra_work: list[ExtraWorkConfig] = Field(
        default_factory=list,
        description="Learner work outside the modules' minutes (assignments, a portfolio): "
        "id, title, minutes. Counts toward the workload.",
        examples=[[{"id": "workplace-task", "title": "Workplace assignment", "minutes": 300}]],
    )


class TrackConfig(_Strict):
    id: Slug = Field(
        description="Track id, a slug other than 'all' (which names every track); modules name it in 'track'.",
        examples=["workers", "supporters"],
    )

    @field_validator("id")
    @classmethod
    def _not_all(cls, value: str) -> str:
        if value == SHARED_TRACK:
            raise ValueError("'all' names every track in module.yml: give the track another id")
        return value

    title: Title = Field(
        description="Title of the track, shown to learners.",
        examples=["Workers with support needs"],
    )
    description: str = Field(
        default="",
        description="Who the track is for, in plain words.",
        examples=[
            "Short lessons in Easy-to-Read English for workers who are building their digital skills at work, with a supporter nearby when needed."
        ],
    )
    languages: list[LanguageTag] | None = Field(
        default=None,
        description="Languages this track is offered in, the source language first "
        "[default: every language of the course].",
        examples=[["en", "de"]],
    )
    credential: TrackCredentialConfig | None = Field(
        default=None,
        description="The credential this track awards (see the course's 'credential'): any "
        "key here replaces the course's, plus credits and extra_work.",
        examples=[{"participation": "online", "eqf_level": 4, "credits": 0.37}],
    )
    easy_to_read: bool = Field(
        default=False,
        description="true if the track is written in Easy-to-Read: 'check' then warns about "
        "graded questions that are not choices with 2 or 3 answers "
        "(single choice, multiple response, true/false); its lessons get the Easy-to-Read "
        "layout (each line kept as written, more space, large answer buttons).",
        examples=[True],
    )


def _relative_pattern(value: str) -> str:
    if value.startswith("/") or "\\" in value or ".." in value.split("/") or not value.strip("/"):
        raise ValueError(
            "write a path relative to the course folder with / between folders, as "
            "modules/01-basics/media/photo.png or modules/*/media/screens/*"
        )
    return value


LosslessPattern = Annotated[str, AfterValidator(_relative_pattern)]


class ImageSettings(BaseModel):
    """``images:`` in course.yml: how pictures are prepared for learners."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_size: int = Field(
        default=1600,
        ge=320,
        le=8000,
        description="Longest side in pixels; larger images shrink.",
        examples=[1600],
    )
    photo_format: Literal["jpeg", "webp"] = Field(
        default="jpeg",
        description="Format for photographs: jpeg (plays everywhere) or webp.",
        examples=["jpeg"],
    )
    quality: int = Field(
        default=80, ge=40, le=95, description="Photo quality, 40-95.", examples=[80]
    )
    lossless: tuple[LosslessPattern, ...] = Field(
        default=(),
        description="PNG pictures kept as PNG even when they look like photographs (a "
        "photograph saved as PNG otherwise becomes a photo in photo_format): paths relative "
        "to the course folder (the one holding course/ and modules/), where * and ? stay "
        "within a folder and ** matches any folders.",
        examples=[
            ["modules/01-digital-basics/media/diagram-photo.png", "modules/*/media/screens/*"]
        ],
    )


class GradingConfig(_Strict):
    """``grading:`` in ``course/course.yml``: how module assessments count on every platform."""

    attempts: Annotated[int, Field(ge=1)] = Field(
        default=3,
        description="How many times a learner may take a module assessment [default: 3]. SCORM: "
        "'Take the assessment again' is offered until they are used; Open edX: the attempts "
        "of each graded problem (max_attempts). Knowledge checks stay unlimited.",
        examples=[3],
    )
    open_edx_pass_mark: Score | None = Field(
        default=None,
        description="The one pass mark in percent of the Open edX course (its grade cutoff). "
        "Required when modules' passing scores differ; without it, the passing score that all "
        "modules share.",
        examples=[70],
    )


class EpubConfig(_Strict):
    """``epub:`` in ``course/course.yml``: which e-books ``--format epub`` writes."""

    per_module: bool = Field(
        default=False,
        description="Also write one e-book per module, beside the one per track [default: "
        "false]: smaller files for old phones, or to hand out one module at a time.",
        examples=[True],
    )


COLOUR = r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
Colour = Annotated[str, StringConstraints(pattern=COLOUR)]


class BrandImageConfig(_Strict):
    """A picture of the branding: its file in course/ and its alternative text."""

    image: str = Field(
        description="The picture, relative to course/ (PNG, JPEG, GIF, WebP or SVG).",
        examples=["media/logo.svg"],
    )
    alt: Text | None = Field(
        default=None,
        description="What the picture shows or says, for people who cannot see it (required).",
        examples=["bwise-mooc course logo: a phone with a speech bubble"],
    )


class BrandColoursConfig(_Strict):
    """``branding.colours``: the colours of the pages, each checked for contrast."""

    primary: Colour | None = Field(
        default=None,
        description="Header and button colour, under white text: needs 4.5:1 against white.",
        examples=["#0b4a80"],
    )
    primary_dark: Colour | None = Field(
        default=None,
        description="Hover and border colour under the header, under white text: needs 4.5:1 "
        "[default: primary, darkened].",
        examples=["#07335a"],
    )
    link: Colour | None = Field(
        default=None,
        description="Colour of links: needs 4.5:1 against the page and footer backgrounds "
        "[default: primary].",
        examples=["#0b4a80"],
    )
    accent: Colour | None = Field(
        default=None,
        description="Colour of the accent borders of cards and boxes: needs 3:1 against the "
        "page background [default: primary].",
        examples=["#b04a00"],
    )

    @model_validator(mode="before")
    @classmethod
    def _written(cls, data: object) -> object:
        """``primary: #0b4a80`` without quotes is a YAML comment, hence empty."""
        if isinstance(data, dict):
            for key, value in data.items():
                if value is None:
                    raise ValueError(
                        f"'{key}' has no colour: in YAML, # starts a comment, so put the "
                        f'colour in quotes, {key}: "#0b4a80"'
                    )
        return data


class FunderConfig(_Strict):
    """``branding.funder``: the funder's emblem and disclaimer, on every page."""

    emblem: BrandImageConfig | None = Field(
        default=None,
        description="The funder's emblem, as the funder's rules allow it to be shown.",
        examples=[{"image": "media/funded-by-the-eu.png", "alt": "Funded by the European Union"}],
    )
    disclaimer: Text | None = Field(
        default=None,
        description="The funder's disclaimer, in the wording the funder requires (translatable).",
        examples=[
            "Funded by the European Union. Views and opinions expressed are however those of "
            "the author(s) only and do not necessarily reflect those of the European Union or "
            "the European Education and Culture Executive Agency (EACEA). Neither the European "
            "Union nor EACEA can be held responsible for them."
        ],
    )


class BrandingConfig(_Strict):
    """``branding:`` in course.yml: logo, colours, footer and funder on every page."""

    logo: BrandImageConfig | None = Field(
        default=None,
        description="The course's logo, in the header of every page.",
        examples=[{"image": "media/logo.svg", "alt": "bwise-mooc course logo"}],
    )
    colours: BrandColoursConfig = Field(
        default_factory=BrandColoursConfig,
        description="Colours of the pages (#rrggbb, in quotes): primary, primary_dark, link, "
        "accent; each is checked for contrast (WCAG 2.2).",
        examples=[{"primary": "#0b4a80", "link": "#0b4a80"}],
    )
    footer: Text | None = Field(
        default=None,
        description="A short text at the foot of every page (translatable); *emphasis* and "
        "web links [text](https://...) may be used.",
        examples=[
            "An independent course inspired by the Erasmus+ project B-WISE. Not an official "
            "publication of the project or its partners."
        ],
    )
    funder: FunderConfig | None = Field(
        default=None,
        description="The funder's emblem and disclaimer, on every page.",
        examples=[{"disclaimer": "Funded by the European Union."}],
    )


class HelpConfig(_Strict):
    """``help:`` in course.yml: where learners get help, behind the help link of every page."""

    contact: Text = Field(
        description="Who to ask and how, as plain text: a name, an e-mail address, a web "
        "address (translatable). Shown in the header of every SCORM page and on the about page.",
        examples=["Ask your job coach or the course team: help@awarding-body.example"],
    )
    lesson: str | None = Field(
        default=None,
        description="The lesson the 'Help' link of every preview page opens, as its path from "
        "the course folder, e.g. modules/00-start/03-where-to-get-help.md [default: the "
        "course's about page].",
        examples=["modules/00-start/03-where-to-get-help.md"],
    )


class CourseConfig(_Strict):
    """``course/course.yml``."""

    id: Slug = Field(
        description="Course id, a slug: lower-case letters, digits and hyphens.",
        examples=["bwise-digital-skills"],
    )
    organisation: Code = Field(
        description="Short code of the publishing organisation.", examples=["BWISE"]
    )
    run: Code = Field(description="Name of this run of the course, e.g. 2026.", examples=["2026"])
    version: Text = Field(
        max_length=20,  # SCORM 1.2's manifest version attribute holds at most 20 characters
        description="Version of the course content, at most 20 characters (e.g. 2026.1).",
        examples=["1.0.0"],
    )
    title: Title = Field(
        description="The course's title, as learners see it (at most 200 characters).",
        examples=["Digital skills in work integration social enterprises"],
    )
    description: Text = Field(
        description="One to three plain sentences.",
        examples=[
            "An open course on digital skills for the people who work in work integration social enterprises (WISEs)."
        ],
    )
    languages: Annotated[list[LanguageTag], AfterValidator(_each_once)] = Field(
        min_length=1, description="First is the source language.", examples=[["en", "de", "ar"]]
    )
    licence: Text = Field(
        description="SPDX licence id, e.g. CC-BY-SA-4.0.", examples=["CC-BY-SA-4.0"]
    )
    authors: list[AuthorConfig] = Field(
        min_length=1,
        description="Who wrote, edited, reviewed or translated the course: at least one.",
        examples=[[{"name": "bwise-mooc course team", "organisation": "BWISE", "role": "author"}]],
    )
    tracks: list[TrackConfig] = Field(
        min_length=1,
        description="The groups of learners the course is for, each with its modules: at least one.",
        examples=[[{"id": "workers", "title": "Workers with support needs"}]],
    )
    passing_score: Score = Field(
        default=80, description="Default passing score in percent.", examples=[80]
    )
    grading: GradingConfig = Field(
        default_factory=GradingConfig,
        description="How assessments count: attempts, open_edx_pass_mark.",
        examples=[{"attempts": 3, "open_edx_pass_mark": 70}],
    )
    epub: EpubConfig = Field(
        default_factory=EpubConfig,
        description="Which e-books --format epub writes: per_module.",
        examples=[{"per_module": True}],
    )
    image: str | None = Field(
        default=None,
        description="Course image, relative to course/.",
        examples=["media/course-image.png"],
    )
    image_alt: Text | None = Field(
        default=None,
        description="What the course image shows, for people who cannot see it.",
        examples=[
            "Illustration: three people beside a smartphone showing chat messages and a Wi-Fi sign."
        ],
    )
    keywords: list[Text] = Field(
        default_factory=list,
        description="Words a platform's search can find the course by.",
        examples=[["digital skills", "social enterprise", "easy-to-read"]],
    )
    images: ImageSettings = Field(
        default_factory=ImageSettings,
        description="How pictures are prepared: max_size (px), photo_format, quality, "
        "lossless (PNG pictures never turned into photos).",
        examples=[
            {"max_size": 1600, "photo_format": "jpeg", "quality": 80},
            {"lossless": ["modules/*/media/screens/*"]},
        ],
    )
    readability: dict[Slug, float] = Field(
        default_factory=dict,
        description="Lowest readability figure per track (e.g. workers: 60); lessons below get a warning.",
        examples=[{"workers": 65, "supporters": 40, "enablers": 30}],
    )
    start: date | None = Field(
        default=None, description="First day of this run (YYYY-MM-DD).", examples=["2026-09-01"]
    )
    end: date | None = Field(
        default=None, description="Last day of this run (YYYY-MM-DD).", examples=["2027-06-30"]
    )
    missing_translations: Literal["error", "fallback"] = Field(
        default="error",
        description="A lesson or file missing in a declared language: an error, or a warning "
        "and the source language's version is used instead.",
        examples=["fallback"],
    )
    branding: BrandingConfig | None = Field(
        default=None,
        description="Logo, colours, footer text and the funder's emblem and disclaimer, on "
        "every page of every format.",
        examples=[
            {
                "logo": {"image": "media/logo.svg", "alt": "bwise-mooc course logo"},
                "colours": {"primary": "#0b4a80"},
                "footer": "An independent course.",
            }
        ],
    )
    help: HelpConfig | None = Field(
        default=None,
        description="Where learners get help: contact (text) and lesson (the page the 'Help' "
        "link in the header of every page opens).",
        examples=[
            {
                "contact": "Ask your job coach or the course team: help@awarding-body.example",
                "lesson": "modules/00-start/03-where-to-get-help.md",
            }
        ],
    )
    credential: CourseCredentialConfig | None = Field(
        default=None,
        description="The micro-credential every track awards: awarding_body, assessment, "
        "participation, quality_assurance (mandatory), learning_setting, prerequisites, "
        "stackability, eqf_level, credit_system, hours_per_credit. Tracks may replace any key.",
        examples=[
            {
                "awarding_body": {"name": "Example WISE gGmbH", "country": "DE"},
                "participation": "online",
                "learning_setting": "non-formal",
            }
        ],
    )


class DescriptionText(_Strict):
    description: Text = Field(description="The translated description.")


class ExtraWorkText(_Strict):
    id: Slug = Field(description="The id of the extra work in course.yml.")
    title: Text = Field(description="The translated title.")


class CredentialText(_Strict):
    """``credential:`` in a translation: the credential's text in that language."""

    assessment: DescriptionText | None = None
    quality_assurance: DescriptionText | None = None
    prerequisites: Text | None = None
    stackability: Text | None = None


class TrackCredentialText(CredentialText):
    extra_work: list[ExtraWorkText] = Field(default_factory=list)


class TrackText(_Strict):
    id: Slug
    title: Title
    description: str = ""
    credential: TrackCredentialText | None = Field(
        default=None, description="The text of the track's credential in this language."
    )


class BrandImageText(_Strict):
    alt: Text = Field(description="The translated alternative text.")


class FunderText(_Strict):
    emblem: BrandImageText | None = None
    disclaimer: Text | None = None


class BrandingText(_Strict):
    """``branding:`` in a translation: the texts of the branding in that language."""

    logo: BrandImageText | None = None
    footer: Text | None = None
    funder: FunderText | None = None


class HelpText(_Strict):
    contact: Text = Field(description="The translated help contact.")


class CourseTranslation(_Strict):
    """``course/course.<lang>.yml``: the text of course.yml in another language."""

    title: Title
    description: Text
    keywords: list[Text] = Field(default_factory=list)
    tracks: list[TrackText] = Field(default_factory=list)
    image_alt: Text | None = None
    credential: CredentialText | None = Field(
        default=None, description="The text of the course's credential in this language."
    )
    branding: BrandingText | None = Field(
        default=None, description="The texts of the branding in this language."
    )
    help: HelpText | None = Field(default=None, description="The help contact in this language.")


class OutcomeText(_Strict):
    id: Slug
    text: Text


class ModuleTranslation(_Strict):
    """``modules/NN-slug/module.<lang>.yml``: the text of module.yml in another language."""

    title: Title
    summary: Text
    outcomes: list[OutcomeText] = Field(default_factory=list)
    untranslated: bool = Field(
        default=False,
        description="true while the file still holds the source text, as 'bwise-mooc new' "
        "writes it; 'check' warns and module.yml's text is used. Delete the line once the "
        "text is translated.",
        examples=[True],
    )


class OutcomeConfig(_Strict):
    id: Slug = Field(
        description="Stable id of the outcome, unique in the course.", examples=["lo-w1-b"]
    )
    text: Text = Field(
        description="What the learner can do after the module.",
        examples=[
            "Connect their own phone or tablet to a named Wi-Fi network without help, using the network name and the password from a printed Wi-Fi card."
        ],
    )
    digcomp: DigCompId | None = Field(
        default=None, description="DigComp 2.2 competence id.", examples=["5.1"]
    )
    digcomp_level: Annotated[int, Field(ge=1, le=8)] | None = Field(
        default=None,
        description="DigComp 2.2 proficiency level the outcome is written at: 1-2 foundation, "
        "3-4 intermediate, 5-6 advanced, 7-8 highly specialised; 'check' warns when an "
        "outcome has a 'digcomp' competence but no level.",
        examples=[2],
    )
    eqf: Annotated[int, Field(ge=1, le=8)] | None = Field(
        default=None, description="EQF level.", examples=[2]
    )
    esco: list[EscoUri] = Field(
        default_factory=list,
        description="ESCO skills the outcome is aligned to, as URIs such as "
        "http://data.europa.eu/esco/skill/238343b1-7b51-42b3-a9ed-cf24d3a236e7; each must be "
        "in bwise-mooc's ESCO list.",
        examples=[["http://data.europa.eu/esco/skill/35f1be97-06c4-4367-a067-7e0e94f2fa70"]],
    )


class ModuleConfig(_Strict):
    """``modules/NN-slug/module.yml``."""

    title: Title = Field(
        description="The module's title, as learners see it (at most 200 characters).",
        examples=["My phone or tablet and me"],
    )
    summary: Text = Field(
        description="One or two plain sentences: what the module is about.",
        examples=[
            "Use your phone or tablet at work. Make the screen easy to read, connect to the Wi-Fi, and fix small problems or ask for help."
        ],
    )
    track: Slug = Field(
        description="The id of the track (in course.yml) this module belongs to, or 'all' for "
        "a module every track shares (such as a course start): it comes first in every track, "
        "is not assessed (no outcomes or assessment needed) and its minutes count in every "
        "track's workload.",
        examples=["workers", "all"],
    )
    outcomes: list[OutcomeConfig] = Field(
        default_factory=list,
        description="What a learner can do after the module: at least one (none in a module "
        "with track 'all').",
        examples=[
            [
                {
                    "id": "lo-w1-b",
                    "text": "Connect their own phone or tablet to a named Wi-Fi network without help, using the network name and the password from a printed Wi-Fi card.",
                    "digcomp": "5.1",
                    "digcomp_level": 2,
                    "eqf": 2,
                }
            ]
        ],
    )
    credits: Annotated[float, Field(ge=0)] | None = Field(
        default=None,
        description="Credits of the module; checked against estimated_minutes under its "
        "track's hours_per_credit (default: ECTS, 25-30 hours per credit).",
        examples=[0.1],
    )
    estimated_minutes: Annotated[int, Field(gt=0)] = Field(
        description="How long the whole module takes a learner, in minutes.", examples=[80]
    )
    passing_score: Score | None = Field(
        default=None,
        description="Percent of the module assessment needed to pass [default: the course's].",
        examples=[70],
    )

    @model_validator(mode="after")
    def _has_outcomes(self) -> "ModuleConfig":
        if not self.outcomes and self.track != SHARED_TRACK:
            raise ValueError(
                "'outcomes' needs at least 1 item: only a module with track 'all' may have none"
            )
        return self


class LessonFrontMatter(_Strict):
    """The YAML front matter at the top of a lesson file."""

    title: Title = Field(
        description="The lesson's title, as learners see it (at most 200 characters).",
        examples=["Switch on, tap and talk"],
    )
    estimated_minutes: Annotated[int, Field(gt=0)] = Field(
        description="How long the lesson takes a learner, in minutes.", examples=[20]
    )
    outcomes: list[Slug] = Field(
        default_factory=list,
        description="The ids of the module's outcomes this lesson serves (from module.yml).",
        examples=[["lo-w1-a"]],
    )
    summary: str = Field(
        default="",
        description="One short sentence: what the lesson teaches.",
        examples=[
            "Switch on your phone, unlock it and charge it. Tap, swipe, type, or talk to your phone."
        ],
    )
    translated_from: Annotated[str, AsText] | None = Field(
        default=None,
        description="Translations only: the code of the source lesson's text this translation "
        "matches; 'bwise-mooc check' gives the current code when the source has changed.",
        examples=["8436bcfc"],
    )
    audio: Annotated[str, AsText] | None = Field(
        default=None,
        description="A recording of the lesson read aloud (MP3, M4A, Ogg or Opus), relative to "
        "the lesson file: the read-aloud button plays it instead of the device's voice. A "
        "translation names its own recording in its own front matter.",
        examples=["media/lesson-02.mp3"],
    )
    layout: Literal["easy-to-read", "standard"] | None = Field(
        default=None,
        description="The lesson's page layout: 'easy-to-read' keeps each line of the text as "
        "written (one sentence per line), with more space and large answer buttons; "
        "'standard' joins the lines of a paragraph. Default: 'easy-to-read' in a track with "
        "'easy_to_read: true' in course.yml, else 'standard'.",
        examples=["easy-to-read"],
    )
    untranslated: bool = Field(
        default=False,
        description="Translations only: true while the file still holds the source text, as "
        "'bwise-mooc new' writes it; 'check' warns and the source language's lesson is used. "
        "Delete the line once the lesson is translated.",
        examples=[True],
    )


class GlossaryEntryConfig(_Strict):
    """One difficult word in ``course/glossary.yml``."""

    @property
    def words(self) -> tuple[str, ...]:
        return (self.term, *self.forms)

    id: Slug = Field(
        description="Stable id of the word, the same in every language's glossary file: a "
        "slug (lower-case letters, digits and hyphens).",
        examples=["wi-fi"],
    )
    term: Title = Field(
        description="The word as it is written in the lessons; its first use in each lesson "
        "is marked, and a learner taps it to read the definition.",
        examples=["Wi-Fi"],
    )
    forms: list[Title] = Field(
        default_factory=list,
        description="Other ways the lessons write the word (plurals, German cases, other "
        "spellings): marked like the term.",
        examples=[["WiFi", "wireless network"]],
    )
    definition: Text = Field(
        description="What the word means: one or two plain sentences, plain text.",
        examples=["A way to connect your phone to the internet without a cable."],
    )
    tracks: list[Slug] = Field(
        default_factory=list,
        description="The tracks whose lessons mark the word [default: every track]. The "
        "glossary page lists every word.",
        examples=[["workers"]],
    )


class GlossaryConfig(_Strict):
    """``course/glossary.yml``: the course's difficult words, each defined once."""

    terms: list[GlossaryEntryConfig] = Field(
        min_length=1,
        description="The words, each with its id, term, definition and optional forms and tracks.",
        examples=[
            [
                {
                    "id": "wi-fi",
                    "term": "Wi-Fi",
                    "forms": ["WiFi"],
                    "definition": "A way to connect your phone to the internet without a cable.",
                    "tracks": ["workers"],
                }
            ]
        ],
    )


class GlossaryEntryText(_Strict):
    """One word in ``course/glossary.<lang>.yml``: its text in that language."""

    @property
    def words(self) -> tuple[str, ...]:
        return (self.term, *self.forms)

    id: Slug = Field(description="The id of the word in course/glossary.yml.", examples=["wi-fi"])
    term: Title = Field(description="The word in this language.", examples=["WLAN"])
    forms: list[Title] = Field(
        default_factory=list,
        description="Other ways the lessons of this language write the word.",
        examples=[["WLANs", "WLAN-Netz"]],
    )
    definition: Text = Field(
        description="What the word means, in this language: one or two plain sentences.",
        examples=["Mit WLAN geht Ihr Handy ohne Kabel ins Internet."],
    )


class GlossaryTranslation(_Strict):
    """``course/glossary.<lang>.yml``: the glossary in another language, by the same ids."""

    terms: list[GlossaryEntryText] = Field(
        default_factory=list,
        description="Every word of course/glossary.yml in this language, by its id.",
        examples=[
            [
                {
                    "id": "wi-fi",
                    "term": "WLAN",
                    "definition": "Mit WLAN geht Ihr Handy ohne Kabel ins Internet.",
                }
            ]
        ],
    )
