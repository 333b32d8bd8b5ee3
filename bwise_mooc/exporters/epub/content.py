"""The book's content documents: title page, module openings and lessons with self-checks.

A lesson's blocks are written by the shared renderer (``html.render_block``), with references
resolved for the book's layout (``BookLinks``), and copied into XHTML (``xhtml.py``). A quiz
becomes a self-check section: its questions where the author put them, each with what it offers
(choices, true or false, a line to write on) and a link to its answer; the answers, with the
feedback of each choice and of the question, close the chapter. No script, no form.
"""

from dataclasses import dataclass
from html import escape
from typing import assert_never

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.branding import brand_footer, brand_header, brand_view
from bwise_mooc.exporters.epub.plan import BookPlan, Chapter, Part
from bwise_mooc.exporters.epub.xhtml import (
    OPS,
    OUTSIDE,
    append_fragment,
    document,
    serialise,
    sub,
)
from bwise_mooc.exporters.html import (
    MediaView,
    PageLinks,
    learner_context,
    media_view,
    module_label,
    numeric_answer_text,
    render_block,
)
from bwise_mooc.exporters.links import Reference, resolved
from bwise_mooc.i18n import gettext

EPUB_TYPE = f"{{{OPS}}}type"
CSS = "book.css"


@dataclass(frozen=True)
class BookLinks(PageLinks):
    """References as a document of the book sees them: the layout of the preview (pages in
    their module's folder, media in ``media/``), with ``.xhtml`` pages; a link to a lesson the
    book does not hold keeps its text only."""

    lessons: tuple[tuple[str, str], ...] = ()  # (source path, document path) of every chapter

    def lesson(self, ref: Reference) -> str:
        found = dict(self.lessons).get(ref.path)
        if found is None:
            return OUTSIDE
        return f"../{found}" + (f"#{ref.anchor}" if ref.anchor else "")


def _t(course: ir.Course, text: str, **values: object) -> str:
    return gettext(course.language, text, **values)


def title_page(course: ir.Course, book: BookPlan) -> bytes:
    """The course, what the book holds, who wrote it, its licence, and the course's branding
    (logo above, footer, funder's emblem and disclaimer below)."""
    root, body = document(book.title, course.language, CSS)
    section = sub(body, "section", class_="title-page", **{"aria-labelledby": "bw-title"})
    section.set(EPUB_TYPE, "titlepage")
    view = brand_view(course, lambda place: place)  # the title page is beside media/
    header = brand_header(view) if view else None
    if header is not None:
        append_fragment(section, etree.tostring(header, encoding="unicode"))
    sub(section, "h1", course.title, id="bw-title")
    sub(section, "p", book.subtitle, class_="subtitle")
    if course.description:
        sub(section, "p", course.description)
    if book.about:
        sub(section, "p", book.about)
    authors = ", ".join(
        a.name + (f" ({a.organisation})" if a.organisation else "") for a in course.authors
    )
    if authors:
        sub(section, "p", authors, class_="authors")
    sub(section, "p", f"{_t(course, 'Licence')}: {course.licence}", class_="licence")
    footer = brand_footer(view) if view else None
    if footer is not None:
        append_fragment(section, etree.tostring(footer, encoding="unicode"))
    return serialise(root)


def glossary_page(course: ir.Course, book: BookPlan) -> bytes:
    """The difficult words of the book's lessons with their meanings, as a glossary."""
    title = _t(course, "Glossary")
    root, body = document(title, course.language, CSS)
    section = sub(body, "section", class_="glossary", **{"aria-labelledby": "bw-title"})
    section.set(EPUB_TYPE, "glossary")
    section.set("role", "doc-glossary")
    sub(section, "h1", title, id="bw-title")
    words = sub(section, "dl")
    for entry in book.glossary:
        term = sub(words, "dt", id=f"bw-term-{entry.id}")
        sub(term, "dfn", entry.term)
        sub(words, "dd", entry.definition)
    return serialise(root)


def module_page(course: ir.Course, part: Part) -> bytes:
    module = part.module
    label = module_label(course.language, module)
    root, body = document(label, course.language, "../" + CSS)
    section = sub(body, "section", class_="module", **{"aria-labelledby": "bw-title"})
    section.set(EPUB_TYPE, "part")
    section.set("role", "doc-part")  # the ARIA role that matches epub:type (Ace checks it)
    sub(section, "h1", label, id="bw-title")
    if module.summary:
        sub(section, "p", module.summary)
    if module.outcomes:
        sub(section, "h2", _t(course, "Outcomes"))
        outcomes = sub(section, "ul")
        for outcome in module.outcomes:
            sub(outcomes, "li", outcome.text)
    contents = sub(section, "nav", **{"aria-labelledby": "bw-contents"})
    sub(contents, "h2", _t(course, "Contents"), id="bw-contents")
    items = sub(contents, "ol")
    for chapter in part.chapters:
        item = sub(items, "li")
        sub(item, "a", chapter.lesson.title, href=chapter.path.rsplit("/", 1)[-1])
    return serialise(root)


def lesson_page(course: ir.Course, book: BookPlan, chapter: Chapter) -> bytes:
    lesson, module = chapter.lesson, chapter.module
    links = BookLinks(course.media, lessons=tuple(book.lesson_paths().items()))
    context = learner_context(course, module, lesson, links)
    root, body = document(lesson.title, course.language, "../" + CSS)
    section = sub(body, "section", class_="lesson", **{"aria-labelledby": "bw-title"})
    section.set(EPUB_TYPE, "chapter")
    section.set("role", "doc-chapter")
    sub(section, "h1", lesson.title, id="bw-title")
    quizzes = []
    for block in lesson.blocks:
        if isinstance(block, ir.Quiz):
            quiz = resolved(block, lesson.path, links)
            quizzes.append(quiz)
            _self_check(course, section, quiz)
        elif isinstance(block, ir.Media):
            _media(course, section, media_view(block, context))
        else:
            append_fragment(section, str(render_block(block, context)))
    if quizzes:
        _answers(course, section, quizzes)
    return serialise(root)


def _media(course: ir.Course, parent: etree._Element, view: MediaView) -> None:
    """A film or a sound: its player (with its captions) where the reading system plays
    them, its title as the fallback, and its transcript as text."""
    figure = sub(parent, "figure", class_=f"figure media media--{view.kind}")
    attrs = {"controls": "controls", "title": view.title}
    if view.poster:
        attrs["poster"] = view.poster
    player = sub(figure, view.kind, **attrs)
    sub(player, "source", src=view.src, type=view.mime)
    for number, track in enumerate(view.tracks):
        attributes = {"kind": "captions", "src": track["src"], "srclang": track["language"]}
        attributes["label"] = track["label"]
        if number == 0:
            attributes["default"] = "default"
        sub(player, "track", **attributes)
    sub(player, "p", view.title)
    sub(figure, "figcaption", view.caption or view.title)
    if view.cues:
        transcript = sub(parent, "div", class_="transcript")  # figcaption ends the figure
        sub(transcript, "p", _t(course, "Transcript"), class_="transcript-label")
        for cue in view.cues:
            sub(transcript, "p", cue.text)


def _quiz_label(course: ir.Course, quiz: ir.Quiz) -> str:
    return _t(course, "Module assessment" if quiz.graded else "Knowledge check")


def _question_id(quiz: ir.Quiz, question: ir.Question) -> str:
    return f"bw-q-{quiz.id}-{question.id}"


def _answer_id(quiz: ir.Quiz, question: ir.Question) -> str:
    return f"bw-a-{quiz.id}-{question.id}"


def _self_check(course: ir.Course, parent: etree._Element, quiz: ir.Quiz) -> None:
    """The quiz's questions, each with what it offers and a link to its answer."""
    kind = "self-check--graded" if quiz.graded else "self-check--practice"
    section = sub(parent, "section", class_=f"self-check {kind}", id=f"bw-{quiz.id}")
    section.set("aria-labelledby", f"bw-{quiz.id}-title")
    sub(section, "h2", _quiz_label(course, quiz), id=f"bw-{quiz.id}-title")
    count = len(quiz.questions)
    for number, question in enumerate(quiz.questions, 1):
        box = sub(section, "div", class_="question", id=_question_id(quiz, question))
        box.set("data-type", question.type)  # what it asks for (choices, true or false, ...)
        heading = sub(box, "h3", class_="question-title")
        label = _t(course, "Question %(number)s of %(count)s", number=number, count=count)
        sub(heading, "span", label, class_="question-number").tail = " "
        append_fragment(heading, _inline(question.prompt_html, question.prompt_text))
        append_fragment(box, _rest(question.prompt_html))
        _offers(course, box, question)
        if question.hint_html:
            hint = sub(box, "div", class_="hint")
            sub(hint, "p", _t(course, "Hint"), class_="hint-label")
            append_fragment(hint, question.hint_html)
        more = sub(box, "p", class_="to-answer")
        sub(more, "a", _t(course, "Answers"), href=f"#{_answer_id(quiz, question)}")


def _inline(prompt_html: str, prompt_text: str) -> str:
    """The question's heading: the prompt's first paragraph, as ``split_prompt`` reads it."""
    if prompt_html.startswith("<p>") and "</p>" in prompt_html:
        return prompt_html[3:].partition("</p>")[0]
    return escape(prompt_text)


def _rest(prompt_html: str) -> str:
    if prompt_html.startswith("<p>") and "</p>" in prompt_html:
        return prompt_html[3:].partition("</p>")[2].strip()
    return prompt_html


def _offers(course: ir.Course, box: etree._Element, question: ir.Question) -> None:
    """What the question offers to choose from, or the line to write the answer on."""
    match question:
        case ir.SingleChoice() | ir.MultipleResponse():
            options = sub(box, "ol", class_=f"choices choices--{question.type}")
            for choice in question.choices:
                append_fragment(sub(options, "li"), choice.html)
        case ir.TrueFalse():
            options = sub(box, "ul", class_="choices choices--true-false")
            sub(options, "li", _t(course, "True"))
            sub(options, "li", _t(course, "False"))
        case ir.ShortText() | ir.Numeric():
            sub(box, "p", f"{_t(course, 'Your answer')}: ", class_="write-in")
        case _:
            assert_never(question)


def _answers(course: ir.Course, parent: etree._Element, quizzes: list[ir.Quiz]) -> None:
    """The answers of every self-check of the chapter, with their feedback, at its end."""
    section = sub(parent, "section", class_="answers", id="bw-answers")
    section.set("aria-labelledby", "bw-answers-title")
    sub(section, "h2", _t(course, "Answers"), id="bw-answers-title")
    for quiz in quizzes:
        sub(section, "h3", _quiz_label(course, quiz))
        count = len(quiz.questions)
        for number, question in enumerate(quiz.questions, 1):
            box = sub(section, "div", class_="answer", id=_answer_id(quiz, question))
            label = _t(course, "Question %(number)s of %(count)s", number=number, count=count)
            title = sub(box, "p", class_="answer-title")
            sub(title, "a", label, href=f"#{_question_id(quiz, question)}")
            _answer(course, box, question)
            if question.feedback_html:
                feedback = sub(box, "div", class_="feedback")
                append_fragment(feedback, question.feedback_html)


def _answer(course: ir.Course, box: etree._Element, question: ir.Question) -> None:
    right, wrong = _t(course, "This answer is right."), _t(course, "This answer is not right.")
    match question:
        case ir.SingleChoice() | ir.MultipleResponse():
            options = sub(box, "ol", class_="choices")
            for choice in question.choices:
                item = sub(options, "li", class_="right" if choice.correct else "wrong")
                append_fragment(item, choice.html)
                sub(item, "p", right if choice.correct else wrong, class_="verdict")
                append_fragment(item, choice.feedback_html)
        case ir.TrueFalse():
            sub(box, "p", _t(course, "True" if question.answer else "False"), class_="right")
        case ir.ShortText():
            options = sub(box, "ul", class_="accepted")
            for accepted in question.accepted:
                item = sub(options, "li", class_="right")
                sub(item, "p", accepted.text)
                append_fragment(item, accepted.feedback_html)
        case ir.Numeric():
            options = sub(box, "ul", class_="accepted")
            for number in question.answers:
                item = sub(options, "li", class_="right")
                sub(item, "p", numeric_answer_text(number))
                append_fragment(item, number.feedback_html)
        case _:
            assert_never(question)
