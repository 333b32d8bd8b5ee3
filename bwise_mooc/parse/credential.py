"""Stage 1 helper: the tracks of course.yml -> ``ir.Track``, each with its credential.

A track awards a credential when course.yml has a ``credential:`` section (it applies to every
track) or the track has its own; a key of the track's section replaces the same key of the
course's. The credential must hold every mandatory element of an EU micro-credential (Council
Recommendation of 16 June 2022, Annex I) that course.yml can give: awarding body, type of
assessment, form of participation, type of quality assurance; its learning outcomes are the
outcomes of the track's modules, which must exist. A missing one is an error at the track's
``credential`` (or the course's), ``[credential.missing]``. Declared ``credits`` need an
``hours_per_credit`` rule; an ECTS rule must lie within 25 to 30 hours per credit
(``[credential.rule]``).

The workload of a track is its modules' ``estimated_minutes`` plus extra work: the work
declared in ``extra_work`` and every assignment of its modules that gives its ``minutes`` (an
assignment is done away from the lesson pages, so its minutes are never in the lesson's or the
module's ``estimated_minutes``; it joins the credential's extra work under its own id and title,
and an ``extra_work`` entry with an assignment's id would count it twice:
``[credential.extra-work-assignment]``). Its credits are the declared ones or, with a rule, those the workload gives. Whether declared
credits agree with the workload is a whole-course rule: ``transforms/credentials.py``.

In a translation, the credential's text (assessment and quality assurance descriptions,
prerequisites, stackability, extra work titles) comes from ``course.<lang>.yml`` at the same
place as in course.yml; a missing text is reported like any missing translation.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bwise_mooc.config import (
    CourseConfig,
    CourseTranslation,
    CredentialText,
    ExtraWorkConfig,
    TrackConfig,
    TrackText,
)
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import (
    Assessment,
    AwardingBody,
    Credential,
    CreditRule,
    ExtraWork,
    Module,
    QualityAssurance,
    SourceSpan,
    Track,
)
from bwise_mooc.ir.credential import ECTS_HOURS, shown, workload_minutes
from bwise_mooc.parse.translation import report_missing, translation_path
from bwise_mooc.parse.yaml_source import Loc, yaml_key_spans, yaml_value_spans

CONFIG_PATH = "course/course.yml"
MANDATORY = {  # key -> the element of Annex I it gives
    "awarding_body": "awarding body",
    "assessment": "type of assessment",
    "participation": "form of participation",
    "quality_assurance": "type of quality assurance",
}
COURSE: Loc = ("credential",)


@dataclass(frozen=True)
class Places:
    """Where the keys and values of course.yml are (empty when it could not be read)."""

    values: dict[Loc, SourceSpan]
    keys: dict[Loc, SourceSpan]

    @classmethod
    def of(cls, text: str | None) -> "Places":
        if not text:
            return cls({}, {})
        return cls(yaml_value_spans(text, CONFIG_PATH), yaml_key_spans(text, CONFIG_PATH))

    def value(self, loc: Loc) -> SourceSpan:
        return self.values.get(loc) or self.key(loc)

    def key(self, loc: Loc) -> SourceSpan:
        while loc:
            found = self.keys.get(loc)
            if found:
                return found
            loc = loc[:-1]
        return SourceSpan(path=CONFIG_PATH)


@dataclass(frozen=True)
class Declared:
    """A track's credential as course.yml declares it: each key given (the track's own
    replacing the course's) and the section it was given in."""

    values: dict[str, Any]
    origin: dict[str, Loc]
    section: Loc  # the track's ``credential`` if it has one, else the course's

    @classmethod
    def of(cls, config: CourseConfig, index: int) -> "Declared | None":
        own = config.tracks[index].credential
        if config.credential is None and own is None:
            return None
        values: dict[str, Any] = {}
        origin: dict[str, Loc] = {}
        track_loc: Loc = ("tracks", index, "credential")
        for loc, section in ((COURSE, config.credential), (track_loc, own)):
            if section is None:
                continue
            for key in sorted(section.model_fields_set):
                value = getattr(section, key)
                if value is not None:
                    values[key] = value
                    origin[key] = loc
        return cls(values, origin, track_loc if own is not None else COURSE)

    def at(self, key: str) -> Loc:
        """The place of ``key``'s value in course.yml."""
        return (*self.origin.get(key, self.section), key)


@dataclass(frozen=True)
class Reading:
    """What reading one track's credential needs."""

    config: CourseConfig
    places: Places
    words: CourseTranslation | None  # the translation's text, None in the source language
    language: str
    diagnostics: Diagnostics


def read_track(
    reading: Reading, index: int, modules: Sequence[Module], title: str, description: str
) -> Track:
    """Track ``index`` of course.yml with its credential, workload and credits; ``modules``
    are the course's modules in this language."""
    track = reading.config.tracks[index]
    # the shared modules (track: all) first: their minutes count in every track's workload
    own = [module for module in modules if module.shared] + [
        module for module in modules if module.track == track.id
    ]
    declared = Declared.of(reading.config, index)
    credential = _credential(reading, index, declared, own) if declared else None
    assigned = assignment_work(own)
    if credential is not None:
        credential = credential.model_copy(
            update={"extra_work": (*credential.extra_work, *assigned)}
        )
    extra = credential.extra_minutes if credential else sum(work.minutes for work in assigned)
    workload = workload_minutes([module.estimated_minutes for module in own], extra)
    credits = credential.credits if credential else None
    if credits is None and credential and credential.credit_rule:
        credits = credential.credit_rule.derived(workload)
    return Track(
        id=track.id,
        title=title,
        description=description,
        credential=credential,
        workload_minutes=workload,
        credits=credits,
        easy_to_read=track.easy_to_read,
        languages=tuple(track.languages or ()),
    )


def _credential(
    reading: Reading, index: int, declared: Declared, modules: Sequence[Module]
) -> Credential | None:
    """The credential, or None (reported) when a mandatory element is missing."""
    track = reading.config.tracks[index]
    places, values = reading.places, declared.values
    missing = [key for key in MANDATORY if key not in values]
    where = places.key(declared.section)
    for key in missing:
        reading.diagnostics.error(
            where,
            "credential.missing",
            f"the credential of track '{track.id}' has no '{key}' ({MANDATORY[key]}), a "
            "mandatory element of an EU micro-credential: add it here or to the course's "
            "'credential'",
        )
    if not any(module.outcomes for module in modules):
        reading.diagnostics.error(
            places.value(("tracks", index)),
            "credential.missing",
            f"the credential of track '{track.id}' has no learning outcomes, a mandatory "
            "element of an EU micro-credential: no module of the course belongs to this track",
        )
        missing.append("learning outcomes")
    rule = _rule(reading, declared)
    if "credits" in values and rule is None:
        reading.diagnostics.error(
            places.value(declared.at("credits")),
            "credential.missing",
            f"track '{track.id}' declares 'credits' but no 'hours_per_credit' to check them "
            "against its workload: add one, e.g. 'hours_per_credit: [25, 30]' (ECTS)",
        )
    extra = _extra_work(reading, index, declared, modules)
    if missing:
        return None
    texts = _Texts(reading, index, declared)
    body = values["awarding_body"]
    assessment = values["assessment"]
    quality = values["quality_assurance"]
    credits = values.get("credits")
    return Credential(
        awarding_body=AwardingBody(**body.model_dump()),
        assessment=Assessment(
            methods=tuple(assessment.methods),
            description=texts.described("assessment", assessment.description),
            supervision=assessment.supervision,
            identity_verification=assessment.identity_verification,
        ),
        participation=values["participation"],
        learning_setting=values.get("learning_setting", "non-formal"),
        quality_assurance=QualityAssurance(
            type=quality.type,
            description=texts.described("quality_assurance", quality.description),
        ),
        prerequisites=texts.text("prerequisites", values.get("prerequisites", "")),
        stackability=texts.text("stackability", values.get("stackability", "")),
        eqf_level=values.get("eqf_level"),
        credit_rule=rule,
        credits=credits,
        credits_source=places.value(declared.at("credits")) if credits is not None else None,
        extra_work=tuple(
            ExtraWork(id=work.id, title=texts.extra_title(work), minutes=work.minutes)
            for work in extra
        ),
        source=places.key(declared.section),
    )


def _rule(reading: Reading, declared: Declared) -> CreditRule | None:
    """The credit rule, if declared; an ECTS rule outside 25-30 hours is reported."""
    hours = declared.values.get("hours_per_credit")
    if hours is None:
        return None
    where = reading.places.value(declared.at("hours_per_credit"))
    system = declared.values.get("credit_system", "ECTS")
    low, high = hours
    if system == "ECTS" and not (ECTS_HOURS[0] <= low and high <= ECTS_HOURS[1]):
        given = shown(low) if low == high else f"{shown(low)}-{shown(high)}"
        reading.diagnostics.error(
            where,
            "credential.rule",
            f"an ECTS credit stands for 25 to 30 hours of learner work (ECTS Users' Guide "
            f"2015), not {given}: write a figure or a range within 25-30",
        )
    return CreditRule(system=system, hours_per_credit=(low, high), source=where)


def assignment_work(modules: Sequence[Module]) -> tuple[ExtraWork, ...]:
    """The assignments of ``modules`` that give their minutes, as extra work of their track."""
    return tuple(
        ExtraWork(id=assignment.id, title=assignment.title, minutes=assignment.minutes)
        for module in modules
        for _, assignment in module.assignments()
        if assignment.minutes is not None
    )


def _extra_work(
    reading: Reading, index: int, declared: Declared, modules: Sequence[Module]
) -> list[ExtraWorkConfig]:
    work: list[ExtraWorkConfig] = declared.values.get("extra_work", [])
    seen: set[str] = set()
    assignments = {a.id: a for module in modules for _, a in module.assignments()}
    for number, item in enumerate(work):
        if item.id in assignments:
            reading.diagnostics.error(
                reading.places.value((*declared.at("extra_work"), number, "id")),
                "credential.extra-work-assignment",
                f"'{item.id}' is an assignment ({assignments[item.id].source.path}): its "
                "'minutes=' already count toward the track's workload, so this entry would "
                "count it twice: delete it (see docs/authoring.md, Assignments and workload)",
            )
        if item.id in seen:
            reading.diagnostics.error(
                reading.places.value((*declared.at("extra_work"), number, "id")),
                "id.duplicate",
                f"extra work id '{item.id}' is used twice in track "
                f"'{reading.config.tracks[index].id}'",
            )
        seen.add(item.id)
    return work


class _Texts:
    """The credential's text in the language read: the translation's, at the same place as in
    course.yml (the course's section or the track's), else the source's (reported)."""

    def __init__(self, reading: Reading, index: int, declared: Declared) -> None:
        self.reading = reading
        self.declared = declared
        self.track = reading.config.tracks[index]
        words = reading.words
        self.course: CredentialText | None = words.credential if words else None
        found = [text for text in (words.tracks if words else []) if text.id == self.track.id]
        self.own: TrackText | None = found[0] if found else None

    def _translated(self, key: str) -> Any:
        """The translation's value of ``key`` where course.yml gives it (None: not there)."""
        if self.declared.origin.get(key) == COURSE:
            section: CredentialText | None = self.course
        else:
            section = self.own.credential if self.own else None
        return getattr(section, key, None) if section else None

    def _missing(self, what: str, key: str) -> None:
        reading = self.reading
        if self.declared.origin.get(key) == COURSE:
            text = f"the text of the course's '{what}'"
        else:
            text = f"the text of '{what}' of track '{self.track.id}'"
        report_missing(
            reading.diagnostics,
            reading.config,
            SourceSpan(path=translation_path(CONFIG_PATH, reading.language)),
            text,
            reading.language,
        )

    def text(self, key: str, source: str) -> str:
        if self.reading.words is None or not source:
            return source
        translated = self._translated(key)
        if isinstance(translated, str):
            return translated
        self._missing(f"credential.{key}", key)
        return source

    def described(self, key: str, source: str) -> str:
        if self.reading.words is None:
            return source
        translated = self._translated(key)
        if translated is not None:
            return str(translated.description)
        self._missing(f"credential.{key}.description", key)
        return source

    def extra_title(self, work: ExtraWorkConfig) -> str:
        if self.reading.words is None:
            return work.title
        section = self.own.credential if self.own else None
        titles = {item.id: item.title for item in (section.extra_work if section else [])}
        if work.id in titles:
            return titles[work.id]
        self._missing(f"credential.extra_work: {work.id}", "extra_work")
        return work.title


def check_translated_extra_work(
    config: CourseConfig, words: CourseTranslation, path: str, diagnostics: Diagnostics
) -> None:
    """A translation's extra work names only ids of its track's extra work in course.yml."""
    tracks: dict[str, TrackConfig] = {track.id: track for track in config.tracks}
    for text in words.tracks:
        track = tracks.get(text.id)
        if track is None or text.credential is None:
            continue
        known = {work.id for work in (track.credential.extra_work if track.credential else [])}
        for work in text.credential.extra_work:
            if work.id not in known:
                diagnostics.error(
                    SourceSpan(path=path),
                    "translation.unknown-id",
                    f"extra work '{work.id}' of track '{track.id}' is not in course.yml",
                )
