"""The interface's words come from gettext catalogs: every catalog is complete, and a German
course gets German buttons, labels and feedback in every format."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bwise_mooc.exporters.html import format_minutes, ui_strings
from bwise_mooc.i18n import available, gettext, plural
from bwise_mooc.ir import Assignment, Quiz
from bwise_mooc.pipeline import export, load_languages
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, ROOT, write_files

LOCALE = ROOT / "bwise_mooc" / "locale"
KEYWORDS = {"_": None, "gettext": (2,), "plural": (2, 3), "ngettext": (1, 2), "N_": None}
METHODS = [
    ("bwise_mooc/**.py", "python"),
    ("bwise_mooc/exporters/templates/**.j2", "jinja2"),
]


def source_messages() -> set[str]:
    """Every message marked in the code and templates, as `make messages` extracts them."""
    found = set()
    options = {
        "bwise_mooc/exporters/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    }
    for _, _, message, _, _ in extract_from_dir(
        ROOT, METHODS, options_map=options, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", [lang for lang in available() if lang != "en"])
def test_every_catalog_translates_every_message(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(source_messages() - translated)
    assert missing == []


def test_german_words_and_plurals() -> None:
    assert gettext("de", "Check") == "Prüfen"
    assert format_minutes(90, "de") == "1 Stunde 30 Minuten"
    assert plural("de", "%(num)s lesson", "%(num)s lessons", 1) == "1 Lektion"
    assert ui_strings("de")["wrong"] == "Diese Antwort ist nicht richtig."
    assert gettext("xx", "Check") == "Check"  # no catalog: English


def test_a_german_course_gets_a_german_interface(make_course: object, tmp_path: Path) -> None:
    root = tmp_path / "course"
    files = {
        "course/course.yml": COURSE_YML.replace("languages: [en]", "languages: [en, de]"),
        "course/course.de.yml": "title: Demokurs\ndescription: Ein Kurs.\n",
        "modules/01-basics/module.yml": MODULE_YML,
        "modules/01-basics/module.de.yml": "title: Grundlagen\nsummary: Das Wichtigste.\noutcomes: [{id: o1, text: Das Erste tun.}]\n",
        "modules/01-basics/01-lesson.md": FRONT
        + "Text.\n\n::: quiz\n### Yes?\n- answer: true\n:::\n",
        "modules/01-basics/01-lesson.de.md": FRONT
        + "Text.\n\n::: quiz\n### Ja?\n- answer: true\n:::\n",
    }
    write_files(root, files)
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors
    export(courses, root, tmp_path / "build", ["html", "scorm12"])
    page = (tmp_path / "build/de/html/01-basics/01-lesson.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page
    for word in (
        "Wissens-Check",
        "Prüfen",
        "Wahr",
        "Falsch",
        "Zum Hauptinhalt springen",
        "Diese Antwort ist nicht richtig.",
    ):
        assert word in page, word
    english = (tmp_path / "build/html/01-basics/01-lesson.html").read_text(encoding="utf-8")
    assert "Knowledge check" in english and "Prüfen" not in english
    assert (tmp_path / "build/de/scorm12/demo-basics-de.zip").is_file()


PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}|%%")


@pytest.mark.parametrize("language", [lang for lang in available() if lang != "en"])
def test_translations_keep_every_placeholder(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        source = str(message.id[0] if isinstance(message.id, tuple) else message.id)
        wanted = sorted(PLACEHOLDER.findall(source))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [
            (source, s) for s in map(str, strings) if sorted(PLACEHOLDER.findall(s)) != wanted
        ]
    assert wrong == []


def test_arabic_vowel_marks_do_not_change_a_short_answer() -> None:
    from bwise_mooc.ir import normalise_text_answer

    assert normalise_text_answer("كَلِمَةُ  المرور") == normalise_text_answer("كلمة المرور")
    assert normalise_text_answer("Wi-Fi ") == "wi-fi"


def test_words_in_another_language_carry_their_lang(tmp_path: Path) -> None:
    from bwise_mooc.pipeline import load_course
    from tests.conftest import COURSE_YML, FRONT, MODULE_YML, write_files

    body = "Öffne die **Einstellungen** [Settings]{lang=en}.\n\nBad: [x]{lang=not_a_tag}.\n"
    root = write_files(
        tmp_path,
        {
            "course/course.yml": COURSE_YML,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": FRONT + body,
        },
    )
    course, diagnostics = load_course(root)
    assert course is not None
    first, second = course.modules[0].lessons[0].blocks[:2]
    assert not isinstance(first, Quiz | Assignment) and not isinstance(second, Quiz | Assignment)
    assert '<span lang="en">Settings</span>' in first.html
    assert [d.code for d in diagnostics.errors] == ["lang.tag"]
    assert "lang=" not in second.html
