"""What a track's credential is and how to earn it, in words a learner reads: the facts the
pages and package metadata show (the HTML preview's home page, the OLX about page, the SCORM
manifests' LOM), made once here so every format says the same.

Labels are the interface's words (gettext, in the course's language); the values are the
course's own text (assessment, quality assurance, prerequisites, stackability) or figures
written for the language (``0,37`` in German). Nothing is shown for an element the course
leaves empty.
"""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from bwise_mooc import ir
from bwise_mooc.exporters.html import format_minutes
from bwise_mooc.i18n import N_, gettext

PARTICIPATION = {
    "online": N_("Online"),
    "in-person": N_("In person"),
    "blended": N_("Online and in person"),
    "work-based": N_("At work"),
}
SUPERVISION = {
    "unsupervised": N_("The assessment is not supervised."),
    "supervised-online": N_("The assessment is supervised online."),
    "supervised-onsite": N_("The assessment is supervised on site."),
}
IDENTITY = {
    True: N_("The learner's identity is checked."),
    False: N_("The learner's identity is not checked."),
}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class ModuleRequirement:
    number: int
    title: str
    passing_score: int


@dataclass(frozen=True)
class CredentialFacts:
    """One track's credential: its name, the facts as label and value, and what to pass."""

    track_id: str
    name: str
    eqf_level: int | None
    facts: tuple[Fact, ...]
    modules: tuple[ModuleRequirement, ...]

    def plain_text(self, language: str) -> str:
        """One paragraph for metadata that holds only text (LOM descriptions)."""
        intro = gettext(language, "Micro-credential: %(name)s", name=self.name) + "."
        facts = " ".join(f"{fact.label}: {_sentence(fact.value)}" for fact in self.facts)
        passes = "; ".join(
            gettext(
                language,
                "%(title)s: at least %(score)s%%",
                title=module.title,
                score=module.passing_score,
            )
            for module in self.modules
        )
        earn = gettext(language, "To earn it, pass each module's assessment")
        return f"{intro} {facts} {earn}: {passes}."


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "\N{ARABIC QUESTION MARK}")) else text + "."


def country_name(code: str, language: str) -> str:
    """``BE`` as the language names it (``Belgien``); the code itself when Babel has no name."""
    try:
        names = Locale.parse(language.replace("-", "_")).territories
    except (ValueError, UnknownLocaleError):
        return code
    return str(names.get(code.upper(), code))


def number(value: float, language: str) -> str:
    """``0.37`` as the language writes it (``0,37`` in German)."""
    return format_decimal(value, format="0.##", locale=language.replace("-", "_"))


def credential_facts(course: ir.Course, track: ir.Track) -> CredentialFacts | None:
    """The facts of ``track``'s credential in ``course``'s language (None: it awards none)."""
    credential = track.credential
    modules = course.assessed_modules(track.id)
    if credential is None or not modules:
        return None
    lang = course.language
    body = credential.awarding_body
    facts = [Fact(gettext(lang, "Awarded by"), f"{body.name} ({country_name(body.country, lang)})")]
    if credential.eqf_level is not None:
        facts.append(
            Fact(
                gettext(lang, "Level"),
                gettext(
                    lang,
                    "%(level)s in the European Qualifications Framework (EQF)",
                    level=credential.eqf_level,
                ),
            )
        )
    if track.credits is not None:
        value = gettext(lang, "%(credits)s ECTS credits", credits=number(track.credits, lang))
        if credential.credit_rule is not None:
            low, high = credential.credit_rule.hours_per_credit
            figures = (
                number(low, lang)
                if low == high
                else f"{number(low, lang)}\N{EN DASH}{number(high, lang)}"
            )
            value += " " + gettext(lang, "(%(hours)s hours of work per credit)", hours=figures)
        facts.append(Fact(gettext(lang, "Credits"), value))
    facts.append(
        Fact(
            gettext(lang, "Workload"),
            gettext(lang, "About %(time)s", time=format_minutes(track.workload_minutes, lang)),
        )
    )
    facts.append(
        Fact(
            gettext(lang, "Form of participation"),
            gettext(lang, PARTICIPATION[credential.participation]),
        )
    )
    assessment = credential.assessment
    facts.append(Fact(gettext(lang, "Assessment"), " ".join(assessment.description.split())))
    facts.append(
        Fact(
            gettext(lang, "Supervision and identity check"),
            gettext(lang, SUPERVISION[assessment.supervision])
            + " "
            + gettext(lang, IDENTITY[assessment.identity_verification]),
        )
    )
    facts.append(
        Fact(
            gettext(lang, "Quality assurance"),
            " ".join(credential.quality_assurance.description.split()),
        )
    )
    facts.append(
        Fact(
            gettext(lang, "Prerequisites"),
            " ".join(credential.prerequisites.split()) or gettext(lang, "None"),
        )
    )
    if credential.stackability.strip():
        facts.append(
            Fact(
                gettext(lang, "Stacking with other credentials"),
                " ".join(credential.stackability.split()),
            )
        )
    return CredentialFacts(
        track_id=track.id,
        name=f"{course.title}: {track.title}",
        eqf_level=credential.eqf_level,
        facts=tuple(facts),
        modules=tuple(
            ModuleRequirement(module.number, module.title, module.passing_score)
            for module in modules
        ),
    )


def course_credentials(course: ir.Course) -> list[CredentialFacts]:
    """The facts of every track's credential in this language, in course order."""
    found = (credential_facts(course, track) for track in course.tracks)
    return [facts for facts in found if facts is not None]
