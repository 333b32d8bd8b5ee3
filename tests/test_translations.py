"""Translations: file convention, text replaced, structure checked against the source."""

from collections.abc import Callable
from pathlib import Path

from bwise_mooc.pipeline import load_course, load_languages
from tests.conftest import COURSE_YML, FRONT

MakeCourse = Callable[..., Path]
QUIZ = "::: assessment\n### {q} {{#pick}}\n- (x) {a}\n- ( ) {b}\n:::\n"
LESSON = FRONT + "## {h}\n\nText.\n\n" + QUIZ
GERMAN_FRONT = FRONT.replace("title: A lesson", "title: Eine Lektion")


def bilingual(make_course: MakeCourse, **extra: str) -> Path:
    files = {
        "course/course.yml": COURSE_YML.replace("languages: [en]", "languages: [en, de]"),
        "course/course.de.yml": "title: Demokurs\ndescription: Ein Kurs.\ntracks: [{id: workers, title: Beschäftigte}]\n",
        "modules/01-basics/module.de.yml": "title: Grundlagen\nsummary: Das Wichtigste.\noutcomes: [{id: o1, text: Das Erste tun.}]\n",
        "modules/01-basics/01-lesson.md": LESSON.format(h="Part one", q="Which?", a="yes", b="no"),
        "modules/01-basics/01-lesson.de.md": GERMAN_FRONT
        + "## Teil eins\n\nText.\n\n"
        + QUIZ.format(q="Welche?", a="ja", b="nein"),
    }
    files.update(extra)
    return make_course(files)


def codes(root: Path) -> list[tuple[str, str]]:
    _, diagnostics = load_languages(root)
    return [(d.path, d.code) for d in diagnostics]


def test_the_german_course_has_german_text_and_the_same_ids(make_course: MakeCourse) -> None:
    root = bilingual(make_course)
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors, [str(d) for d in diagnostics]
    english, german = courses
    assert (english.language, german.language) == ("en", "de")
    assert (german.title, german.tracks[0].title) == ("Demokurs", "Beschäftigte")
    module = german.modules[0]
    assert (module.title, module.outcomes[0].text) == ("Grundlagen", "Das Erste tun.")
    lesson = module.lessons[0]
    assert lesson.title == "Eine Lektion"
    assert lesson.path == english.modules[0].lessons[0].path  # same page, same links
    assert lesson.source.path == "modules/01-basics/01-lesson.de.md"
    (quiz,) = lesson.quizzes()
    assert quiz.questions[0].id == "pick"
    assert quiz.questions[0].prompt_text == "Welche?"


def test_a_missing_translation_is_an_error(make_course: MakeCourse) -> None:
    root = bilingual(make_course, **{"modules/01-basics/02-more.md": FRONT + "More.\n"})
    assert ("modules/01-basics/02-more.md", "translation.missing") in codes(root)
    _, diagnostics = load_languages(root)
    assert any(d.code == "translation.missing" for d in diagnostics.errors)


def test_with_fallback_a_missing_translation_is_a_warning_and_english_is_used(
    make_course: MakeCourse,
) -> None:
    course_yml = COURSE_YML.replace(
        "languages: [en]", "languages: [en, de]\nmissing_translations: fallback"
    )
    root = bilingual(
        make_course,
        **{"course/course.yml": course_yml, "modules/01-basics/02-more.md": FRONT + "More.\n"},
    )
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors
    assert [d.code for d in diagnostics.warnings] == ["translation.missing"]
    assert courses[1].modules[0].lessons[1].title == "A lesson"


def test_a_translation_must_ask_the_same_questions(make_course: MakeCourse) -> None:
    changed = (
        GERMAN_FRONT + "## Teil\n\n::: assessment\n### Welche? {#pick}\n- ( ) ja\n- (x) nein\n:::\n"
    )
    root = bilingual(make_course, **{"modules/01-basics/01-lesson.de.md": changed})
    assert ("modules/01-basics/01-lesson.de.md", "translation.answers") in codes(root)


def test_orphan_and_undeclared_translations_are_warned(make_course: MakeCourse) -> None:
    root = bilingual(
        make_course,
        **{
            "modules/01-basics/07-gone.de.md": GERMAN_FRONT + "Weg.\n",
            "modules/01-basics/01-lesson.fr.md": FRONT + "Bonjour.\n",
        },
    )
    found = codes(root)
    assert ("modules/01-basics/07-gone.de.md", "translation.orphan") in found
    assert ("modules/01-basics/01-lesson.fr.md", "translation.undeclared") in found


def test_an_undeclared_language_is_refused(make_course: MakeCourse) -> None:
    root = bilingual(make_course)
    course, diagnostics = load_course(root, "fr")
    assert course is None
    assert [d.code for d in diagnostics] == ["language.undeclared"]
