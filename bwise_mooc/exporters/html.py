"""Stage 3 helper shared by exporters: IR blocks and quizzes -> accessible HTML fragments.

Prose in the course model is already sanitised HTML (rendered once in ``parse/``); here its
links and images are resolved for the page's layout (``exporters/links.py``; ``PageLinks`` is
the layout of the preview's and the SCOs' pages), then it is marked safe and wrapped. Quizzes
become one form per question (fieldset, legend, labelled inputs, a Check button and a polite
live region), plus a JSON answer key that a browser script uses to check answers. Markup lives
in ``templates/quiz.html.j2``; this module prepares views and dispatches on the block kind and
question type with ``match``.
"""

import base64
import contextlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, assert_never
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from lxml import html as lxml_html
from markupsafe import Markup

from bwise_mooc import ir
from bwise_mooc.av import is_av, mime_type
from bwise_mooc.exporters.links import (
    HTML_PARSER,
    LinkResolver,
    Reference,
    resolve,
    resolved,
    rewrite,
)
from bwise_mooc.exporters.terms import LessonTerms
from bwise_mooc.i18n import N_, gettext, native_name, plural, text_direction, translations
from bwise_mooc.images import is_image

TYPE_LABELS: Mapping[str, str] = {  # English msgids, translated in environment()
    "single": N_("Single choice"),
    "multiple": N_("Multiple response"),
    "true_false": N_("True or false"),
    "short_text": N_("Short text"),
    "numeric": N_("Number"),
}

DIGCOMP: Mapping[str, str] = {  # DigComp 2.2 competences
    "1.1": "Browsing, searching and filtering data, information and digital content",
    "1.2": "Evaluating data, information and digital content",
    "1.3": "Managing data, information and digital content",
    "2.1": "Interacting through digital technologies",
    "2.2": "Sharing through digital technologies",
    "2.3": "Engaging in citizenship through digital technologies",
    "2.4": "Collaborating through digital technologies",
    "2.5": "Netiquette",
    "2.6": "Managing digital identity",
    "3.1": "Developing digital content",
    "3.2": "Integrating and re-elaborating digital content",
    "3.3": "Copyright and licences",
    "3.4": "Programming",
    "4.1": "Protecting devices",
    "4.2": "Protecting personal data and privacy",
    "4.3": "Protecting health and well-being",
    "4.4": "Protecting the environment",
    "5.1": "Solving technical problems",
    "5.2": "Identifying needs and technological responses",
    "5.3": "Creatively using digital technologies",
    "5.4": "Identifying digital competence gaps",
}
DIGCOMP_BANDS = ("foundation", "intermediate", "advanced", "highly specialised")  # 1-2, 3-4...


def digcomp_levels(levels: Iterable[int]) -> str:
    """DigComp 2.2 proficiency levels in words (English, as the competences' names):
    ``proficiency level 3 (intermediate)``, ``proficiency levels 4-5 (intermediate to advanced)``;
    empty without a level."""
    found = sorted(set(levels))
    if not found:
        return ""
    low, high = found[0], found[-1]
    bands = [DIGCOMP_BANDS[(low - 1) // 2], DIGCOMP_BANDS[(high - 1) // 2]]
    band = bands[0] if bands[0] == bands[1] else " to ".join(bands)
    if low == high:
        return f"proficiency level {low} ({band})"
    return f"proficiency levels {low}-{high} ({band})"


def fragment(html: str) -> Markup:
    """An HTML fragment from the course model: sanitised in ``parse/``, so safe to emit."""
    return Markup(html)


class _KeptTemplates(FileSystemBytecodeCache):
    """Compiled templates kept in a folder, once one is given (``keep_compiled_templates``);
    one that cannot be kept (the folder was removed while the process lives, as the preview
    server's may be) is simply not kept."""

    def __init__(self) -> None:
        super().__init__(directory="")  # none yet (Jinja2's default would make one in /tmp)

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.directory:
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.directory:
            return
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)  # made with the first
            super().dump_bytecode(bucket)


_KEPT = _KeptTemplates()  # every environment's: where compiled templates are kept, if anywhere


def keep_compiled_templates(folder: Path, tool: str) -> None:
    """Keep the templates' compiled code in ``folder`` (the build cache's), for every
    environment made or to be made in this process and the workers it forks; ``tool`` names
    the version of this tool (its fingerprint), and the code another version kept is removed.
    The folder is made only when a first template is kept: a build that stops at the authors'
    errors renders nothing and leaves no build folder.

    Compiling the templates costs each process that renders pages about 0.25 s on a 2-core
    machine, after every edit. Jinja2 finds the code again only while the template's source
    and Jinja2's own version are the same; the environment's options, which shape the code too,
    are this tool's, hence the ``tool`` in every file's name."""
    prefix = f"{tool}-"
    for old in folder.glob("*"):  # none when the folder is not there yet
        if not old.name.startswith(prefix):
            old.unlink(missing_ok=True)
    _KEPT.directory, _KEPT.pattern = str(folder), f"{prefix}%s.cache"


@cache
def environment(language: str = "en") -> Environment:
    """The Jinja2 environment of every HTML template in ``language``: autoescape on,
    undefined is an error, ``_()`` translates the interface's words (bwise_mooc.i18n)."""
    env = Environment(
        bytecode_cache=_KEPT,
        loader=PackageLoader("bwise_mooc.exporters", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["fragment"] = fragment
    env.filters["minutes"] = lambda minutes: format_minutes(minutes, language)
    env.filters["number"] = format_number
    env.globals["DIGCOMP"] = DIGCOMP
    env.globals["text_direction"] = text_direction(language)
    env.globals["TYPE_LABELS"] = {
        key: gettext(language, label) for key, label in TYPE_LABELS.items()
    }
    env.globals["ui_strings"] = lambda: Markup(script_json(ui_strings(language)))
    return env


def format_minutes(minutes: int, language: str = "en") -> str:
    """``50`` -> "50 minutes", ``140`` -> "2 hours 20 minutes" (in ``language``)."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(plural(language, "%(num)s hour", "%(num)s hours", hours))
    if rest or not hours:
        parts.append(plural(language, "%(num)s minute", "%(num)s minutes", rest))
    return " ".join(parts)


def ui_strings(language: str) -> dict[str, str]:
    """What quiz.js says to learners, in ``language`` (read from a JSON block of the page)."""
    return {
        "empty_choice": gettext(language, "Please choose an answer first."),
        "empty_text": gettext(language, "Please type an answer first."),
        "invalid": gettext(language, "Please type a number, for example 12 or 2,5."),
        "correct": gettext(language, "This answer is right."),
        "wrong": gettext(language, "This answer is not right."),
        "result_passed": gettext(
            language,
            "You got {right} of {count} answers right ({percent}%). "
            "You passed: the pass mark is {pass}%.",
        ),
        "result_failed": gettext(
            language,
            "You got {right} of {count} answers right ({percent}%). "
            "You did not pass: the pass mark is {pass}%.",
        ),
        "scroll_note": gettext(language, "Scroll sideways to see the whole table."),
        # read-aloud.js: the toolbar's changing label and its quiet announcements
        "ra_pause": gettext(language, "Pause"),
        "ra_resume": gettext(language, "Resume"),
        "ra_paused": gettext(language, "Reading paused"),
        "ra_stopped": gettext(language, "Reading stopped"),
        "ra_picture": gettext(language, "Picture: %(alt)s", alt="{alt}"),
    }


SIGNIFICANT_DIGITS = 10  # SCORM 2004 real(10,7): an LMS keeps at least 10 significant digits


def format_number(value: float) -> str:
    """A number as an author would write it, in plain decimal notation: ``2.0`` -> "2",
    ``72.7`` -> "72.7", ``1e-05`` -> "0.00001", ``0.30000000000000004`` -> "0.3".

    Rounded to 10 significant digits (what SCORM 2004's real(10,7) keeps), so that sums such as
    0.2 + 0.1 read as the author meant them; never an exponent (LMSs refuse ``1e-05``)."""
    if value.is_integer() and abs(value) < 10**SIGNIFICANT_DIGITS:
        return str(int(value))
    rounded = Decimal(f"{value:.{SIGNIFICANT_DIGITS}g}")
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def module_label(language: str, module: ir.Module) -> str:
    """ "Module 3: Staying safe online" in ``language``: a module's name wherever it is listed."""
    return gettext(
        language, "Module %(number)s: %(title)s", number=module.number, title=module.title
    )


def numeric_answer_text(answer: ir.NumericAnswer) -> str:
    """A numeric question's accepted answer as printed: the value, or its range low - high."""
    if answer.value is not None and answer.tolerance == 0:
        return format_number(answer.value)
    if answer.low == answer.high:
        return format_number(answer.low)
    return f"{format_number(answer.low)} \N{EN DASH} {format_number(answer.high)}"


@dataclass(frozen=True)
class PageLinks(LinkResolver):
    """References as a page of the preview or of a SCO sees them. Its layout mirrors the
    sources: a page sits in its module's folder (``01-phone-basics/02-calls.html``, a SCO's
    ``01-phone-basics/index.html``), so a lesson's links keep their path with ``.html`` for
    ``.md`` and other files keep theirs; images, sounds, films and captions are in the flat ``media/`` folder beside the
    module folders. A page that shows several lessons (a SCO) gives each lesson's heading ids,
    and links to them, its ``prefix``."""

    media: Mapping[str, str]  # Course.media: each file's place in the output
    prefix: str = ""

    def here(self, ref: Reference) -> str:
        return f"#{self.prefix}{ref.value[1:]}" if ref.value.startswith("#") else ref.value

    def lesson(self, ref: Reference) -> str:
        page = urlsplit(ref.value).path.removesuffix(".md") + ".html"
        return page + (f"#{ref.anchor}" if ref.anchor else "")

    def file(self, ref: Reference) -> str:
        hashed = is_image(ref.path) or is_av(ref.path)  # in the flat media/ folder
        return f"../{self.media[ref.path]}" if hashed else ref.value

    def heading_id(self, anchor: str) -> str:
        return f"{self.prefix}{anchor}"


@dataclass(frozen=True)
class QuizContext:
    """What rendering a lesson's blocks and quizzes needs beyond them: where they sit, how the
    page writes their links, and what they assess."""

    outcomes: Mapping[str, ir.Outcome]  # the module's outcomes by id
    lesson_outcomes: tuple[str, ...] = ()
    passing_score: int | None = None
    heading_level: int = 2
    id_prefix: str = ""  # prefixes every DOM id, for pages that show several lessons
    reviewer: bool = True  # emit reviewer notes (answers, feedback, outcomes) in the markup
    language: str = "en"  # of the interface's own words
    lesson: str = ""  # the lesson's source path, where its references start
    links: LinkResolver = field(default_factory=LinkResolver)  # default: links as written
    terms: LessonTerms | None = None  # the glossary's words the page marks (None: none)
    # captions inside the page as data: URLs: a page opened from disk (file://) may not load a
    # <track> file beside it (Chromium refuses), so the preview carries its captions itself
    inline_captions: bool = False

    def dom_id(self, quiz: ir.Quiz) -> str:
        return f"{self.id_prefix}{quiz.id}"

    def fragment(self, html: str) -> Markup:
        """A fragment of the lesson with its links resolved and, on a page that marks them,
        the glossary's words at their first use; marked safe."""
        html = rewrite(html, self.lesson, self.links)
        return fragment(self.terms.mark(html) if self.terms is not None else html)


def learner_context(
    course: ir.Course,
    module: ir.Module,
    lesson: ir.Lesson,
    links: LinkResolver,
    heading_level: int = 2,
) -> QuizContext:
    """How a learner's page of ``lesson`` renders it: no reviewer notes, the course's language,
    links as ``links`` writes them."""
    return QuizContext(
        outcomes={outcome.id: outcome for outcome in module.outcomes},
        lesson_outcomes=lesson.outcomes,
        reviewer=False,
        language=course.language,
        lesson=lesson.path,
        links=links,
        heading_level=heading_level,
    )


@dataclass(frozen=True)
class QuestionView:
    question: ir.Question
    quiz_dom_id: str
    reviewer: bool
    number: int
    count: int
    dom_id: str
    title: Markup  # the question heading (inline), shown in the legend
    body: Markup  # extra prompt paragraphs and images
    level: int  # heading level of the question title
    outcomes: tuple[ir.Outcome | str, ...] = field(default=())
    language: str = "en"


def render_blocks(blocks: Sequence[ir.Block], context: QuizContext) -> Markup:
    return Markup("\n").join(render_block(block, context) for block in blocks)


def render_lesson(lesson: ir.Lesson, context: QuizContext) -> Markup:
    """A lesson's blocks, after the player of its recording if it has one (``audio:`` of its
    front matter): ``<audio data-lesson-audio>``, which the read-aloud button plays."""
    blocks = render_blocks(lesson.blocks, context)
    if not lesson.audio:
        return blocks
    src = resolve(lesson.audio, context.lesson, context.links)
    label = gettext(context.language, "Recording of this lesson")
    return _macro("lesson_audio", context.language, src=src, label=label) + blocks


def render_block(block: ir.Block, context: QuizContext) -> Markup:
    match block:
        case ir.Heading() | ir.Paragraph() | ir.ListBlock() | ir.Quote() | ir.Rule() | ir.RawHtml():
            return context.fragment(block.html)
        case ir.Image():
            return _block_image(block, context)
        case ir.Media():
            return _block_media(block, context)
        case ir.Table():
            return _scroll_region(table_label(block, context.language), block, context)
        case ir.CodeBlock():
            return _scroll_region(gettext(context.language, "Code example"), block, context)
        case ir.Quiz():
            return render_quiz(block, context)
        case ir.Assignment():
            return render_assignment(block, context)
        case _:
            assert_never(block)


def render_assignment(assignment: ir.Assignment, context: QuizContext) -> Markup:
    """An assignment (brief, hand-in, rubric as a table) or a workers' evidence checklist (a
    printable table of empty boxes): a section whose id is the assignment's anchor. Nothing
    in it is scored by a script: a person marks it."""
    assignment = resolved(assignment, context.lesson, context.links)
    ids = assignment.outcomes or context.lesson_outcomes
    return _macro(
        "assignment",
        context.language,
        a=assignment,
        dom_id=context.links.heading_id(assignment.id),
        level=context.heading_level,
        outcomes=tuple(context.outcomes.get(outcome_id, outcome_id) for outcome_id in ids),
        marks=[gettext(context.language, CHECKLIST_LABELS[mark]) for mark in ir.CHECKLIST_MARKS],
        points=lambda num: plural(context.language, "%(num)s point", "%(num)s points", num),
    )


CHECKLIST_LABELS: Mapping[str, str] = {  # what a supporter ticks (ir.CHECKLIST_MARKS)
    "observed": N_("Observed"),
    "with_help": N_("With help"),
    "not_yet": N_("Not yet"),
}


def _block_image(block: ir.Image, context: QuizContext) -> Markup:
    src = resolve(block.src, context.lesson, context.links)
    return _macro("figure", context.language, src=src, alt=block.alt, caption=block.title)


@dataclass(frozen=True)
class MediaView:
    """A video or sound as a page shows it: every reference resolved for the page."""

    kind: str
    src: str
    mime: str
    title: str
    caption: str
    poster: str
    dom_id: str
    tracks: tuple[dict[str, str], ...]
    cues: tuple[ir.Cue, ...]


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def vtt_data_url(cues: tuple[ir.Cue, ...]) -> str:
    """The cues as a WebVTT file in a ``data:`` URL (a track a page carries itself)."""
    text = "WEBVTT\n\n" + "".join(
        f"{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}\n{cue.text}\n\n" for cue in cues
    )
    return "data:text/vtt;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def media_view(block: ir.Media, context: QuizContext) -> MediaView:
    """What the player of ``block`` shows: its file, poster and caption tracks (the page's
    language first, the default track) and the transcript, made from the first track's cues."""

    def here(value: str) -> str:
        return resolve(value, context.lesson, context.links)

    tracks = tuple(
        {
            "src": vtt_data_url(c.cues) if context.inline_captions else here(c.src),
            "language": c.language,
            "label": native_name(c.language),
        }
        for c in block.captions
    )
    line = block.source.line
    return MediaView(
        kind=block.media,
        src=here(block.src),
        mime=mime_type(block.src),
        title=block.alt,
        caption=block.title,
        poster=here(block.poster) if block.poster else "",
        dom_id=f"{context.id_prefix}media-{line}",
        tracks=tracks,
        cues=block.captions[0].cues if block.captions else (),
    )


def _block_media(block: ir.Media, context: QuizContext) -> Markup:
    return _macro("media", context.language, m=media_view(block, context))


def table_label(table: ir.Table, language: str) -> str:
    """The name of a table's scrolling region: its column headings, so that two tables of one
    page have different names (a screen reader lists regions by name)."""
    if table.has_header:
        root = lxml_html.fragment_fromstring(table.html, create_parent="div", parser=HTML_PARSER)
        names = [" ".join(th.text_content().split()) for th in root.iterfind(".//thead//th")]
        columns = ", ".join(name for name in names if name)
        if columns:
            return gettext(language, "Table: %(columns)s", columns=columns)
    return gettext(language, "Table")


def _scroll_region(label: str, block: ir.Table | ir.CodeBlock, context: QuizContext) -> Markup:
    content = context.fragment(block.html)
    return _macro("scroll_region", context.language, label=label, content=content)


def render_quiz(quiz: ir.Quiz, context: QuizContext) -> Markup:
    """A knowledge check or graded assessment: one form per question plus its answer key
    (every fragment with its links resolved)."""
    quiz = resolved(quiz, context.lesson, context.links)
    views = [
        _question_view(quiz, q, n, len(quiz.questions), context)
        for n, q in enumerate(quiz.questions, 1)
    ]
    questions = Markup("\n").join(_render_question(view) for view in views)
    key = Markup(script_json(answer_key(quiz)))
    return _macro(
        "quiz",
        context.language,
        quiz=quiz,
        dom_id=context.dom_id(quiz),
        context=context,
        questions=questions,
        key=key,
    )


def _render_question(view: QuestionView) -> Markup:
    """One question: its inputs and, for reviewers, its answers (both by question type)."""
    lang = view.language
    match view.question:
        case ir.SingleChoice():
            inputs = _macro("choices", lang, view=view, input_type="radio")
            answers = _macro("review_choices", lang, view=view)
        case ir.MultipleResponse():
            inputs = _macro("choices", lang, view=view, input_type="checkbox")
            answers = _macro("review_choices", lang, view=view)
        case ir.TrueFalse():
            inputs = _macro("true_false", lang, view=view)
            answers = _macro("review_true_false", lang, view=view)
        case ir.ShortText():
            label = gettext(lang, "Your answer")
            inputs = _macro("text_input", lang, view=view, label=label, mode="text")
            answers = _macro("review_short_text", lang, view=view)
        case ir.Numeric():
            label = gettext(lang, "Your answer (a number)")
            inputs = _macro("text_input", lang, view=view, label=label, mode="decimal")
            answers = _macro("review_numeric", lang, view=view)
        case _:
            assert_never(view.question)
    return _macro("question", lang, view=view, inputs=inputs, answers=answers)


def _question_view(
    quiz: ir.Quiz, question: ir.Question, number: int, count: int, context: QuizContext
) -> QuestionView:
    title, body = split_prompt(question.prompt_html, question.prompt_text)
    ids = question.outcomes or context.lesson_outcomes
    outcomes = tuple(context.outcomes.get(outcome_id, outcome_id) for outcome_id in ids)
    quiz_dom_id = context.dom_id(quiz)
    return QuestionView(
        question=question,
        quiz_dom_id=quiz_dom_id,
        reviewer=context.reviewer,
        number=number,
        count=count,
        dom_id=f"{quiz_dom_id}-{question.id}",
        title=title,
        body=body,
        level=context.heading_level + 1,
        outcomes=outcomes,
        language=context.language,
    )


def split_prompt(prompt_html: str, prompt_text: str) -> tuple[Markup, Markup]:
    """The question's heading (inline content, for the legend) and the rest of its prompt.

    The parser renders the heading as the prompt's first ``<p>``; inline content cannot hold
    a literal ``</p>`` (the sanitiser escapes text), so the first one closes that paragraph.
    """
    if prompt_html.startswith("<p>") and "</p>" in prompt_html:
        head, _, rest = prompt_html[3:].partition("</p>")
        return fragment(head), fragment(rest.strip())
    return Markup.escape(prompt_text), fragment(prompt_html)


def answer_key(quiz: ir.Quiz) -> dict[str, Any]:
    """What the browser needs to check answers and show feedback, by question id."""
    return {
        "graded": quiz.graded,
        "questions": {question.id: _question_key(question) for question in quiz.questions},
    }


def _question_key(question: ir.Question) -> dict[str, Any]:
    key: dict[str, Any] = {"type": question.type, "feedback": question.feedback_html}
    match question:
        case ir.SingleChoice() | ir.MultipleResponse():
            key["choices"] = {
                c.id: {"correct": c.correct, "feedback": c.feedback_html} for c in question.choices
            }
        case ir.TrueFalse():
            key["answer"] = question.answer
        case ir.ShortText():
            key["accepted"] = [
                {"text": a.text, "feedback": a.feedback_html} for a in question.accepted
            ]
        case ir.Numeric():
            key["answers"] = [
                {"low": a.low, "high": a.high, "feedback": a.feedback_html}
                for a in question.answers
            ]
        case _:
            assert_never(question)
    return key


def script_json(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _macro(name: str, language: str, **kwargs: object) -> Markup:
    macro = getattr(environment(language).get_template("quiz.html.j2").module, name)
    return Markup(macro(**kwargs))
