"""Stage 2: every identifier an exporter emits, derived from slugs and question ids.

One implementation for all formats: SCORM item/resource identifiers (XML NCNames), Open edX
``url_name``s and LMS interaction ids. Ids come from folder and file slugs and explicit
question ids, never from titles, so editing text never changes them and two builds agree.
"""

from bwise_mooc.ir import Course, Lesson, Module, Question

SEPARATOR = "_"  # never part of a slug, so joined ids cannot collide


def joined(*parts: str) -> str:
    """Slugs joined with ``_``: unique whenever the parts are, and safe in URLs and file names."""
    return SEPARATOR.join(parts)


def xml_id(*parts: str) -> str:
    """An XML NCName (SCORM ``identifier``): slugs may start with a digit, so prefix one letter."""
    return "b" + SEPARATOR + joined(*parts)


def url_name(*parts: str) -> str:
    """An Open edX ``url_name`` (and its file name): letters, digits, ``-`` and ``_`` only."""
    return joined(*parts)


def question_key(module: Module, lesson: Lesson, question: Question) -> str:
    """The course-wide id of a question: also the LMS interaction id (at most 255 chars)."""
    return joined(module.id, lesson.id, question.id)


def language_suffix(course: Course) -> str:
    """``""`` for the source language, ``"-de"`` for a translation: in package and file names."""
    return "" if course.language == course.languages[0] else f"-{course.language}"


def course_run(course: Course) -> str:
    """The run of this language's course: a translation is its own run (``2026-de``), so
    importing it never overwrites the source language's course."""
    return course.run + language_suffix(course)
