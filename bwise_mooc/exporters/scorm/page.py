"""The launch page of one SCO: its lessons as sections, the quizzes, and the player's config.

The config tells ``player.js`` the SCORM version, the mastery score, which questions are graded
with their interaction records (type, correct-response patterns in that version's syntax,
description), and which lesson pages are inside this SCO or elsewhere in the course. The
lessons' links and images are resolved for the page's layout (``html.PageLinks``), each
lesson's heading ids prefixed, so that lessons shown together never share one.
"""

from dataclasses import dataclass
from typing import Any, assert_never

from markupsafe import Markup

from bwise_mooc import ir
from bwise_mooc.exporters.branding import brand_view
from bwise_mooc.exporters.html import (
    PageLinks,
    QuizContext,
    environment,
    render_lesson,
    script_json,
)
from bwise_mooc.exporters.scorm.plan import PackagePlan, Sco
from bwise_mooc.exporters.scorm.responses import (
    PATTERN_LIMIT_2004,
    Version,
    choice_ids,
    data_model_text,
    scorm_number,
)
from bwise_mooc.exporters.terms import LessonTerms, glossary_for
from bwise_mooc.i18n import N_, gettext
from bwise_mooc.transforms.identifiers import question_key

SHARED_FILES = (
    "preview.css",
    "quiz.js",
    "scorm-runtime.js",
    "player.js",
    "terms.js",
    "read-aloud.js",
)
STRINGS = {  # English msgids of the player's words; sco_strings() translates them
    "standalone": N_("No learning platform found: your progress is not saved."),
    "refused": N_(
        "The learning platform did not start this part of the course (error {code}: {text}). "
        "Your progress is not saved. Close it and open it again from the course page."
    ),
    "review": N_(
        "You are looking back at this activity: your answers are not saved. To try again, "
        "start a new attempt in your learning platform."
    ),
    "noAttempts": N_("You have no attempts left."),
    "position": N_("Page {n} of {total}"),
    "pager": N_("Pages"),
    "previous": N_("Previous page"),
    "next": N_("Next page"),
    "contents": N_("Contents"),
    "passed": N_("You passed the assessment with {score}%. Well done!"),
    "failed": N_("Your score is {score}%. You did not pass this time."),
    "retry": N_("Take the assessment again"),
    "elsewhere": N_("(see the lesson \u201c{title}\u201d in the course menu)"),
}


def sco_strings(language: str) -> dict[str, str]:
    """The player's words in ``language``; ``{name}`` placeholders are filled by player.js."""
    return {key: gettext(language, message) for key, message in STRINGS.items()}


@dataclass(frozen=True)
class _LessonView:
    lesson: ir.Lesson
    body: Markup


def id_prefix(lesson: ir.Lesson) -> str:
    """Prefix of DOM ids in a SCO page, so that lessons shown together never share an id."""
    return f"{lesson.id}_"


def render_sco_page(course: ir.Course, plan: PackagePlan, sco: Sco, version: Version) -> str:
    outcomes = {outcome.id: outcome for outcome in sco.module.outcomes}
    views = [
        _LessonView(
            lesson,
            render_lesson(
                lesson,
                QuizContext(
                    outcomes=outcomes,
                    lesson_outcomes=lesson.outcomes,
                    passing_score=sco.module.passing_score,
                    heading_level=2,
                    id_prefix=id_prefix(lesson),
                    reviewer=False,
                    language=course.language,
                    lesson=lesson.path,
                    links=PageLinks(course.media, id_prefix(lesson)),
                    terms=LessonTerms(glossary_for(course, sco.module), id_prefix(lesson)),
                ),
            ),
        )
        for lesson in sco.lessons
    ]
    config = _config(course, sco, version)
    return (
        environment(course.language)
        .get_template("sco.html.j2")
        .render(
            course=course,
            sco=sco,
            lessons=views,
            strings=sco_strings(course.language),
            config=Markup(script_json(config)),
            brand=brand_view(course, lambda place: f"../{place}"),  # pages: one folder down
            help_href="#help" if course.help else None,  # the help box at the foot of the page
        )
    )


def _config(course: ir.Course, sco: Sco, version: Version) -> dict[str, Any]:
    """What player.js needs; lesson pages are keyed by their href as seen from this page."""
    inside = {lesson.page: index for index, lesson in enumerate(sco.lessons)}
    here = {lesson.path for lesson in sco.lessons}
    linked = {link.target for lesson in sco.lessons for link in lesson.links} - here
    elsewhere = {  # only the lessons this SCO links to: the page stays small in a big course
        lesson.page if module.dir == sco.module.dir else f"../{module.folder}/{lesson.page}": (
            lesson.title
        )
        for module, lesson in course.lessons()
        if lesson.path in linked
    }
    interactions = {
        f"{id_prefix(lesson)}{quiz.id}/{question.id}": _interaction(
            sco.module, lesson, question, version
        )
        for lesson in sco.lessons
        for quiz in lesson.quizzes()
        if quiz.graded
        for question in quiz.questions
    }
    return {
        "version": version,
        "mastery": sco.module.passing_score,
        "attempts": course.grading.attempts,
        "pages": inside,
        "prefixes": [id_prefix(lesson) for lesson in sco.lessons],
        "elsewhere": elsewhere,
        "graded": sorted(interactions),
        "interactions": interactions,
        "strings": sco_strings(course.language),
    }


def _interaction(
    module: ir.Module, lesson: ir.Lesson, question: ir.Question, version: Version
) -> dict[str, Any]:
    kind, patterns = _patterns(question, version)
    record: dict[str, Any] = {
        "id": question_key(module, lesson, question),
        "type": kind,
        "correct": patterns,
        "description": data_model_text(question.prompt_text, "2004"),
    }
    if isinstance(question, ir.SingleChoice | ir.MultipleResponse):
        record["choices"] = choice_ids(question, version)
    return record


def _patterns(question: ir.Question, version: Version) -> tuple[str, list[str]]:
    """The interaction type and correct-response patterns, in the syntax of each version."""
    match question:
        case ir.SingleChoice():
            ids = choice_ids(question, version)
            return "choice", [ids[c.id] for c in question.choices if c.correct][
                : PATTERN_LIMIT_2004["choice"]
            ]
        case ir.MultipleResponse():
            ids = choice_ids(question, version)
            separator = "," if version == "1.2" else "[,]"
            return "choice", [separator.join(ids[c.id] for c in question.choices if c.correct)]
        case ir.TrueFalse():
            if version == "1.2":
                return "true-false", ["t" if question.answer else "f"]
            return "true-false", ["true" if question.answer else "false"]
        case ir.ShortText():
            texts = [data_model_text(answer.text, version) for answer in question.accepted]
            if version == "1.2":
                return "fill-in", texts
            return "fill-in", [
                f"{{case_matters=false}}{text}" for text in texts[: PATTERN_LIMIT_2004["fill-in"]]
            ]
        case ir.Numeric():
            # One pattern: SCORM 2004 keeps one for numeric, SCORM 1.2 one CMIDecimal. Other
            # accepted answers are judged by the SCO, which reports the result.
            first = question.answers[0]
            if version == "1.2":
                return "numeric", [scorm_number(_middle(first))]
            return "numeric", [f"{scorm_number(first.low)}[:]{scorm_number(first.high)}"]
        case _:
            assert_never(question)


def _middle(answer: ir.NumericAnswer) -> float:
    return answer.value if answer.value is not None else (answer.low + answer.high) / 2
