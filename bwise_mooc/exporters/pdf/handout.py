"""The HTML document of one handout: module opening, lessons, worksheets, answers.

Lesson blocks are written by the shared renderer (``html.render_block``) with references
resolved for the handout (``HandoutLinks``), then copied in with lxml (``markup.py``). What a
page of paper cannot play is printed as text: a film or a sound becomes its title and its
transcript. Quizzes become worksheets (``worksheet.py``); their answers close the handout.
In the Easy-to-Read layout a picture that follows a list of steps is set beside the steps.
"""

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import assert_never

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.av import is_av
from bwise_mooc.exporters.html import (
    QuizContext,
    learner_context,
    media_view,
    render_assignment,
    render_block,
)
from bwise_mooc.exporters.links import LinkResolver, Reference, resolved
from bwise_mooc.exporters.pdf.markup import (
    OUTSIDE,
    append_children,
    append_fragment,
    parse_fragment,
    serialise,
    sub,
)
from bwise_mooc.exporters.pdf.plan import HandoutPlan
from bwise_mooc.exporters.pdf.worksheet import AnsweredQuiz, answers, worksheet, writing_lines
from bwise_mooc.i18n import gettext, text_direction
from bwise_mooc.images import is_image

LESSON_HEADINGS = 1  # a lesson's own headings go one level down, under the lesson's title
ASSIGNMENT_LINES = 8  # ruled lines to write an assignment's answer on


@dataclass(frozen=True)
class HandoutLinks(LinkResolver):
    """References as the handout sees them: pictures by their place in the course's media
    (put beside the handout's Typst source by ``render.py``), headings and lessons of the
    module as anchors inside the document; anything else keeps its text only. Web addresses
    stay links."""

    media: Mapping[str, str]  # Course.media
    lessons: Mapping[str, str]  # source path -> the lesson's id prefix, for this module
    prefix: str = ""  # the id prefix of the lesson being written

    def here(self, ref: Reference) -> str:
        return f"#{self.prefix}{ref.anchor}" if ref.anchor else f"#{self.prefix}top"

    def lesson(self, ref: Reference) -> str:
        found = self.lessons.get(ref.path)
        if found is None:
            return OUTSIDE
        return f"#{found}{ref.anchor or 'top'}"

    def file(self, ref: Reference) -> str:
        if is_image(ref.path) or is_av(ref.path):
            return self.media.get(ref.path, OUTSIDE)
        return OUTSIDE

    def heading_id(self, anchor: str) -> str:
        return f"{self.prefix}{anchor}"


def lesson_prefix(lesson: ir.Lesson) -> str:
    return f"l{lesson.number}-"


def handout_document(course: ir.Course, plan: HandoutPlan) -> bytes:
    """The handout of ``plan`` as an HTML document (UTF-8 bytes)."""
    language = course.language
    layout = "layout-easy-to-read" if plan.easy_to_read else "layout-standard"
    root = etree.Element("html", lang=language, dir=text_direction(language))
    root.set("class", layout)
    head = sub(root, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "title", plan.title)
    sub(head, "meta", name="author", content=course.organisation)
    sub(head, "meta", name="description", content=plan.module.summary)
    body = sub(root, "body")
    _opening(body, course, plan)
    quizzes: list[AnsweredQuiz] = []
    lessons = {lesson.path: lesson_prefix(lesson) for lesson in plan.module.lessons}
    for lesson in plan.module.lessons:
        links = HandoutLinks(course.media, lessons, lesson_prefix(lesson))
        quizzes += _lesson(body, course, plan, lesson, links)
    if quizzes:
        answers(body, quizzes, language)
    return serialise(root)


def _opening(body: etree._Element, course: ir.Course, plan: HandoutPlan) -> None:
    """The module's title (with the course's, both repeated in the running header), its
    summary and what the learner will be able to do."""
    header = sub(body, "header", class_="handout-opening")
    sub(header, "p", course.title, class_="handout-course")
    sub(header, "h1", plan.label, class_="handout-title")
    if plan.module.summary:
        sub(header, "p", plan.module.summary, class_="handout-summary")
    if plan.module.outcomes:
        sub(header, "h2", gettext(course.language, "What you will learn"))
        outcomes = sub(header, "ul", class_="outcomes")
        for outcome in plan.module.outcomes:
            sub(outcomes, "li", outcome.text)


def _lesson(
    body: etree._Element,
    course: ir.Course,
    plan: HandoutPlan,
    lesson: ir.Lesson,
    links: HandoutLinks,
) -> list[AnsweredQuiz]:
    """One lesson's section; returns its quizzes, for the answers."""
    prefix = lesson_prefix(lesson)
    section = sub(body, "section", class_="lesson", id=f"{prefix}top")
    sub(section, "h2", lesson.title, class_="lesson-title")
    context = learner_context(course, plan.module, lesson, links, heading_level=3)
    quizzes = []
    previous: ir.Block | None = None
    for block in lesson.blocks:
        holder = etree.Element("div")
        if isinstance(block, ir.Quiz):
            quiz = resolved(block, lesson.path, links)
            quizzes.append(AnsweredQuiz(lesson, quiz))
        _block(holder, block, course, context)
        if plan.easy_to_read and _beside_steps(previous, block):
            _pair_with_steps(section, holder, _is_sequence(lesson, block))
        else:
            append_children(section, holder)
        previous = block
    return quizzes


def _block(
    holder: etree._Element, block: ir.Block, course: ir.Course, context: QuizContext
) -> None:
    match block:
        case (
            ir.Heading()
            | ir.Paragraph()
            | ir.ListBlock()
            | ir.Quote()
            | ir.Rule()
            | ir.RawHtml()
            | ir.Image()
            | ir.Table()
            | ir.CodeBlock()
        ):
            append_fragment(holder, str(render_block(block, context)), LESSON_HEADINGS)
        case ir.Media():
            _media(holder, block, course, context)
        case ir.Quiz():
            quiz = resolved(block, context.lesson, context.links)
            worksheet(holder, quiz, course.language, context.heading_level)
        case ir.Assignment():
            _assignment(holder, block, course, context)
        case _:
            assert_never(block)


def _media(
    holder: etree._Element, block: ir.Media, course: ir.Course, context: QuizContext
) -> None:
    """A film or a sound on paper: its title (and caption), then its transcript."""
    view = media_view(block, context)
    box = sub(holder, "div", class_=f"media media--{view.kind}")
    sub(box, "p", view.title, class_="media-title")
    if view.caption and view.caption != view.title:
        sub(box, "p", view.caption, class_="media-caption")
    if view.cues:
        transcript = sub(box, "div", class_="transcript")
        sub(transcript, "p", gettext(course.language, "Transcript"), class_="transcript-label")
        for cue in view.cues:
            sub(transcript, "p", cue.text)


def _assignment(
    holder: etree._Element, block: ir.Assignment, course: ir.Course, context: QuizContext
) -> None:
    """An assignment (brief, hand-in, rubric) with ruled space to write, or a checklist to
    tick, as the shared renderer writes them."""
    fragment = parse_fragment(str(render_assignment(block, context)))
    section = fragment.find("section")
    if section is not None and block.graded:
        writing_lines(section, ASSIGNMENT_LINES, gettext(course.language, "Your answer"))
    append_children(holder, fragment)


def _beside_steps(previous: ir.Block | None, block: ir.Block) -> bool:
    """Does ``block`` picture the steps just before it (a list of steps, then its picture)?"""
    return isinstance(block, ir.Image) and isinstance(previous, ir.ListBlock)


def _is_sequence(lesson: ir.Lesson, block: ir.Block) -> bool:
    """Is ``block`` a picture of steps in order (``{.sequence}``: a wide strip)?"""
    if not isinstance(block, ir.Image):
        return False
    path = posixpath.normpath(posixpath.join(posixpath.dirname(lesson.path), block.src))
    return any(asset.sequence for asset in lesson.assets if asset.path == path)


def _pair_with_steps(section: etree._Element, holder: etree._Element, strip: bool) -> None:
    """Set the picture in ``holder`` with the steps that end ``section``, in one block that a
    page break does not split: beside them, or under them at full width when it is a strip
    of steps in order (``{.sequence}``), which beside the text would be too small to read."""
    steps = section[-1]
    kind = "steps-with-sequence" if strip else "steps-with-picture"
    pair = etree.Element("div", {"class": kind})
    steps.addprevious(pair)
    text = sub(pair, "div", class_="steps-text")
    text.append(steps)
    picture = sub(pair, "div", class_="steps-picture")
    append_children(picture, holder)
