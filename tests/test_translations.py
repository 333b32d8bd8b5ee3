"""Translations: file convention, text replaced, structure checked against the source."""

import re
from collections.abc import Callable
from pathlib import Path

from bwise_mooc.parse.stamp import text_stamp
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
    return make_course(stamped(files))


def stamped(files: dict[str, str]) -> dict[str, str]:
    """``files`` with each translated lesson stamped with its source's current code."""
    result = dict(files)
    for name, text in files.items():
        source = re.sub(r"\.[a-z]{2,3}\.md$", ".md", name)
        if source != name and source in files and "translated_from" not in text:
            stamp = f"translated_from: {text_stamp(files[source])}\n---\n"
            result[name] = text.replace("\n---\n", "\n" + stamp, 1)
    return result


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


STAFF_MODULE = "title: Staff\nsummary: For staff.\ntrack: staff\noutcomes: [{id: s1, text: Lead.}]\nestimated_minutes: 30\n"
TWO_TRACKS = "tracks: [{id: workers, title: Workers}, {id: staff, title: Staff, languages: [en]}]\n"


def two_tracks(make_course: MakeCourse) -> Path:
    """A German course whose staff track is offered in English only."""
    course_yml = COURSE_YML.replace("languages: [en]", "languages: [en, de]")
    course_yml = course_yml.replace("tracks: [{id: workers, title: Workers}]\n", TWO_TRACKS)
    return bilingual(
        make_course,
        **{
            "course/course.yml": course_yml,
            "modules/02-staff/module.yml": STAFF_MODULE,
            "modules/02-staff/01-lead.md": FRONT.replace("[o1]", "[s1]") + "Lead well.\n",
        },
    )


def test_a_track_offered_in_fewer_languages_is_left_out_of_those_builds(
    make_course: MakeCourse,
) -> None:
    root = two_tracks(make_course)
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors, [str(d) for d in diagnostics]
    english, german = courses
    assert [m.dir for m in english.modules] == ["modules/01-basics", "modules/02-staff"]
    assert [m.dir for m in german.modules] == ["modules/01-basics"]  # no German staff files needed
    assert [t.id for t in english.tracks] == ["workers", "staff"]
    assert [t.id for t in german.tracks] == ["workers"]


def test_track_languages_must_be_course_languages_and_cover_them(make_course: MakeCourse) -> None:
    root = two_tracks(make_course)
    course_yml = root / "course/course.yml"
    text = course_yml.read_text()
    course_yml.write_text(text.replace("languages: [en]}", "languages: [de, fr]}"))
    messages = [d.message for d in load_languages(root)[1] if d.code == "track.language"]
    assert any("lists fr, not in the course's 'languages'" in m for m in messages), messages
    assert any("track 'staff' must be offered in the source language 'en'" in m for m in messages)
    course_yml.write_text(
        text.replace(
            "{id: workers, title: Workers}", "{id: workers, title: Workers, languages: [en]}"
        )
    )
    messages = [d.message for d in load_languages(root)[1] if d.code == "track.language"]
    assert messages == ["no track is offered in 'de': add it to a track's 'languages'"]


def test_a_translation_records_the_source_text_it_was_made_from(make_course: MakeCourse) -> None:
    root = bilingual(make_course)
    assert codes(root) == []
    source = root / "modules/01-basics/01-lesson.md"
    invisible = source.read_text().replace("Text.", "Text.  ").replace("\n", "\r\n")
    source.write_bytes(invisible.encode())  # trailing spaces, Windows line endings
    assert codes(root) == []
    source.write_text(source.read_text().replace("Text.", "New text.", 1))
    _, diagnostics = load_languages(root)
    (outdated,) = diagnostics.warnings
    stamp = text_stamp(source.read_text())
    assert (outdated.path, outdated.line, outdated.column, outdated.code) == (
        "modules/01-basics/01-lesson.de.md",
        5,
        18,
        "translation.outdated",
    )
    assert outdated.message.endswith(f"then write 'translated_from: {stamp}'")
    assert not diagnostics.errors


def test_a_translation_without_its_source_code_is_warned_with_the_code_to_add(
    make_course: MakeCourse,
) -> None:
    root = bilingual(make_course)
    german = root / "modules/01-basics/01-lesson.de.md"
    german.write_text(re.sub(r"translated_from: \w+\n", "", german.read_text()))
    _, diagnostics = load_languages(root)
    (unstamped,) = diagnostics
    stamp = text_stamp((root / "modules/01-basics/01-lesson.md").read_text())
    assert str(unstamped).startswith("modules/01-basics/01-lesson.de.md:1:1: warning: ")
    assert unstamped.code == "translation.unstamped"
    assert f"add 'translated_from: {stamp}'" in unstamped.message


def test_translated_from_in_a_source_lesson_is_an_error(make_course: MakeCourse) -> None:
    source = FRONT.replace("outcomes: [o1]\n", "outcomes: [o1]\ntranslated_from: 1234abcd\n")
    root = bilingual(make_course, **{"modules/01-basics/02-more.md": source + "More.\n"})
    found = [str(d) for d in load_languages(root)[1] if d.code == "translation.not-a-translation"]
    assert found == [
        "modules/01-basics/02-more.md:5:18: error: 'translated_from' belongs in translations "
        "such as 01-intro.de.md, not in the source lesson: delete it "
        "[translation.not-a-translation]"
    ]


def test_a_broken_front_matter_gives_no_second_message_about_the_code(
    make_course: MakeCourse,
) -> None:
    root = bilingual(make_course)
    german = root / "modules/01-basics/01-lesson.de.md"
    german.write_text(german.read_text().replace("title: Eine Lektion", "title: [Eine"))
    found = [code for _, code in codes(root)]
    assert "yaml.syntax" in found
    assert "translation.unstamped" not in found
    assert "translation.outdated" not in found


def test_new_writes_starters_that_warn_and_show_the_source_text(make_course: MakeCourse) -> None:
    """``new module`` / ``new lesson`` in a bilingual course: each translation starter is marked
    ``untranslated: true``; ``check`` warns about each (never an error, whatever
    ``missing_translations`` says) and the English text is used, even after the English
    lesson and module.yml have changed."""
    from bwise_mooc.scaffold import new_lesson, new_module

    root = bilingual(make_course)
    written = new_module(root, "safe", "Safe", "workers")
    lesson = new_lesson(root, "basics", "more", "More")
    starter = root / "modules/01-basics/02-more.de.md"
    assert starter.is_file() and "untranslated: true\n" in starter.read_text()
    assert root / "modules/02-safe/module.de.yml" in written
    lesson.write_text(lesson.read_text().replace("One idea", "A changed idea"))  # source edited
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors, [str(d) for d in diagnostics]
    untranslated = sorted(str(d) for d in diagnostics.warnings if d.code.startswith("transl"))
    assert untranslated == [
        "modules/01-basics/02-more.de.md:7:1: warning: this lesson is not translated yet: it "
        "shows the source text ('en'); translate it and remove 'untranslated: true' "
        "[translation.untranslated]",
        "modules/02-safe/01-introduction.de.md:7:1: warning: this lesson is not translated yet: "
        "it shows the source text ('en'); translate it and remove 'untranslated: true' "
        "[translation.untranslated]",
        "modules/02-safe/module.de.yml:3:1: warning: this module text is not translated yet: it "
        "shows the source text ('en'); translate it and remove 'untranslated: true' "
        "[translation.untranslated]",
    ]
    german = courses[1]
    assert german.modules[1].title == "Safe"  # module.yml's text
    assert german.modules[0].lessons[1].title == "More"
    assert german.modules[0].lessons[1].source.path == "modules/01-basics/02-more.md"
    # translated: the mark deleted, the file is used
    starter.write_text(
        starter.read_text().replace("untranslated: true\n", "").replace("More", "Mehr")
    )
    courses, diagnostics = load_languages(root)
    assert courses[1].modules[0].lessons[1].title == "Mehr"
    assert not [d for d in diagnostics if d.path.endswith("02-more.de.md")]


def test_untranslated_in_a_source_lesson_is_an_error(make_course: MakeCourse) -> None:
    source = FRONT.replace("outcomes: [o1]\n", "outcomes: [o1]\nuntranslated: true\n")
    root = bilingual(make_course, **{"modules/01-basics/02-more.md": source + "More.\n"})
    found = [str(d) for d in load_languages(root)[1] if d.code == "translation.not-a-translation"]
    assert found == [
        "modules/01-basics/02-more.md:5:15: error: 'untranslated' belongs in translations such "
        "as 01-intro.de.md, not in the source lesson: delete it [translation.not-a-translation]"
    ]


def test_with_fallback_a_new_module_with_no_translation_files_builds_in_english(
    make_course: MakeCourse,
) -> None:
    """``missing_translations: fallback``: a module with neither module.de.yml nor a lesson
    translation is built in English, with a warning for each missing file."""
    course_yml = COURSE_YML.replace(
        "languages: [en]", "languages: [en, de]\nmissing_translations: fallback"
    )
    root = bilingual(
        make_course,
        **{
            "course/course.yml": course_yml,
            "modules/02-more/module.yml": STAFF_MODULE.replace("staff", "workers").replace(
                "s1", "m1"
            ),
            "modules/02-more/01-more.md": FRONT.replace("[o1]", "[m1]") + "More.\n",
        },
    )
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors, [str(d) for d in diagnostics]
    found = sorted((d.path, d.code) for d in diagnostics.warnings if d.code.startswith("transl"))
    assert found == [
        ("modules/02-more/01-more.md", "translation.missing"),
        ("modules/02-more/module.yml", "translation.missing"),
    ]
    module = courses[1].modules[1]
    assert (module.title, module.lessons[0].title) == ("Staff", "A lesson")
