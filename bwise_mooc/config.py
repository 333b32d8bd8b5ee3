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
)


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


class _Strict(BaseModel):
    # allow_inf_nan: a quoted "inf" or "1e999" is not a number of credits either
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class AuthorConfig(_Strict):
    name: Text
    organisation: Text | None = None
    role: Literal["author", "editor", "reviewer", "translator"] = "author"


class TrackConfig(_Strict):
    id: Slug
    title: Title
    description: str = ""
    languages: list[LanguageTag] | None = Field(
        default=None,
        description="Languages this track is offered in, the source language first "
        "[default: every language of the course].",
    )


class ImageSettings(BaseModel):
    """``images:`` in course.yml: how pictures are prepared for learners."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_size: int = Field(
        default=1600, ge=320, le=8000, description="Longest side in pixels; larger images shrink."
    )
    photo_format: Literal["jpeg", "webp"] = Field(
        default="jpeg", description="Format for photographs: jpeg (plays everywhere) or webp."
    )
    quality: int = Field(default=80, ge=40, le=95, description="Photo quality, 40-95.")


class GradingConfig(_Strict):
    """``grading:`` in ``course/course.yml``: how module assessments count on every platform."""

    attempts: Annotated[int, Field(ge=1)] = Field(
        default=3,
        description="How many times a learner may take a module assessment [default: 3]. SCORM: "
        "'Take the assessment again' is offered until they are used; Open edX: the attempts "
        "of each graded problem (max_attempts). Knowledge checks stay unlimited.",
    )
    open_edx_pass_mark: Score | None = Field(
        default=None,
        description="The one pass mark in percent of the Open edX course (its grade cutoff). "
        "Required when modules' passing scores differ; without it, the passing score that all "
        "modules share.",
    )


class CourseConfig(_Strict):
    """``course/course.yml``."""

    id: Slug = Field(description="Course id, a slug: lower-case letters, digits and hyphens.")
    organisation: Code = Field(description="Short code of the publishing organisation.")
    run: Code = Field(description="Name of this run of the course, e.g. 2026.")
    version: Text = Field(
        max_length=20,  # SCORM 1.2's manifest version attribute holds at most 20 characters
        description="Version of the course content, at most 20 characters (e.g. 2026.1).",
    )
    title: Title
    description: Text = Field(description="One to three plain sentences.")
    languages: Annotated[list[LanguageTag], AfterValidator(_each_once)] = Field(
        min_length=1, description="First is the source language."
    )
    licence: Text = Field(description="SPDX licence id, e.g. CC-BY-SA-4.0.")
    authors: list[AuthorConfig] = Field(min_length=1)
    tracks: list[TrackConfig] = Field(min_length=1)
    passing_score: Score = Field(default=80, description="Default passing score in percent.")
    grading: GradingConfig = Field(
        default_factory=GradingConfig,
        description="How assessments count: attempts, open_edx_pass_mark.",
    )
    image: str | None = Field(default=None, description="Course image, relative to course/.")
    image_alt: Text | None = None
    keywords: list[Text] = Field(default_factory=list)
    images: ImageSettings = Field(
        default_factory=ImageSettings,
        description="How pictures are prepared: max_size (px), photo_format, quality.",
    )
    readability: dict[Slug, float] = Field(
        default_factory=dict,
        description="Lowest readability figure per track (e.g. workers: 60); lessons below get a warning.",
    )
    start: date | None = Field(default=None, description="First day of this run (YYYY-MM-DD).")
    end: date | None = Field(default=None, description="Last day of this run (YYYY-MM-DD).")
    missing_translations: Literal["error", "fallback"] = Field(
        default="error",
        description="A lesson or file missing in a declared language: an error, or a warning "
        "and the source language's version is used instead.",
    )


class TrackText(_Strict):
    id: Slug
    title: Title
    description: str = ""


class CourseTranslation(_Strict):
    """``course/course.<lang>.yml``: the text of course.yml in another language."""

    title: Title
    description: Text
    keywords: list[Text] = Field(default_factory=list)
    tracks: list[TrackText] = Field(default_factory=list)
    image_alt: Text | None = None


class OutcomeText(_Strict):
    id: Slug
    text: Text


class ModuleTranslation(_Strict):
    """``modules/NN-slug/module.<lang>.yml``: the text of module.yml in another language."""

    title: Title
    summary: Text
    outcomes: list[OutcomeText] = Field(default_factory=list)


class OutcomeConfig(_Strict):
    id: Slug
    text: Text
    digcomp: DigCompId | None = Field(default=None, description="DigComp 2.2 competence id.")
    eqf: Annotated[int, Field(ge=1, le=8)] | None = Field(default=None, description="EQF level.")


class ModuleConfig(_Strict):
    """``modules/NN-slug/module.yml``."""

    title: Title
    summary: Text
    track: Slug
    outcomes: list[OutcomeConfig] = Field(min_length=1)
    credits: Annotated[float, Field(ge=0)] | None = None
    estimated_minutes: Annotated[int, Field(gt=0)]
    passing_score: Score | None = None


class LessonFrontMatter(_Strict):
    """The YAML front matter at the top of a lesson file."""

    title: Title
    estimated_minutes: Annotated[int, Field(gt=0)]
    outcomes: list[Slug] = Field(default_factory=list)
    summary: str = ""
    translated_from: Annotated[str, AsText] | None = Field(
        default=None,
        description="Translations only: the code of the source lesson's text this translation "
        "matches; 'bwise-mooc check' gives the current code when the source has changed.",
    )
