"""The glossary: course/glossary.yml and its translations read and checked (exact messages),
its words marked at their first use in the page formats, its page in the preview, and the
Moodle glossary XML."""

from collections.abc import Callable
from pathlib import Path

from lxml import etree, html

from bwise_mooc import ir
from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.glossary import Glossary, glossary_xml
from bwise_mooc.exporters.html_preview import render_site
from bwise_mooc.exporters.terms import LessonTerms, glossary_order
from bwise_mooc.pipeline import load_course, load_languages
from tests.conftest import COURSE_YML, FRONT
from tests.test_translations import stamped

MakeCourse = Callable[..., Path]
GLOSSARY = """\
terms:
  - id: wi-fi
    term: Wi-Fi
    forms: [WiFi]
    definition: A way to connect to the internet without a cable.
  - id: app
    term: app
    forms: [apps]
    definition: A program on your phone.
    tracks: [workers]
"""
LESSON = (
    FRONT
    + "## Wi-Fi at work\n\n"
    + "Open the [Wi-Fi page](https://example.org) and `wifi` here.\n\n"
    + "Connect to the wifi. The Wi-Fi is free. Open an app.\n\n"
    + "- Use the WiFi again.\n"
)


def codes_and_messages(root: Path) -> list[str]:
    _, diagnostics = load_languages(root)
    return [
        f"{d.path}:{d.line}: {d.code}: {d.message}"
        for d in diagnostics
        if d.code.startswith(("glossary.", "translation."))
    ]


def english(make_course: MakeCourse, glossary: str = GLOSSARY) -> Path:
    return make_course({"course/glossary.yml": glossary, "modules/01-basics/01-lesson.md": LESSON})


def german(make_course: MakeCourse, translation: str | None, policy: str = "") -> Path:
    files = {
        "course/course.yml": COURSE_YML.replace("languages: [en]", "languages: [en, de]") + policy,
        "course/course.de.yml": "title: Demokurs\ndescription: Ein Kurs.\n",
        "course/glossary.yml": GLOSSARY,
        "modules/01-basics/module.de.yml": "title: Grundlagen\nsummary: Das Wichtigste.\n"
        "outcomes: [{id: o1, text: Das Erste tun.}]\n",
        "modules/01-basics/01-lesson.md": LESSON,
        "modules/01-basics/01-lesson.de.md": FRONT + "## WLAN bei der Arbeit\n\nDas WLAN.\n",
    }
    if translation is not None:
        files["course/glossary.de.yml"] = translation
    return make_course(stamped(files))


# -- reading and checking ------------------------------------------------------------------


def test_the_glossary_is_read_into_the_course(make_course: MakeCourse) -> None:
    course, diagnostics = load_course(english(make_course))
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    assert [(e.id, e.term, e.forms, e.tracks) for e in course.glossary] == [
        ("wi-fi", "Wi-Fi", ("WiFi",), ()),
        ("app", "app", ("apps",), ("workers",)),
    ]
    assert course.glossary[0].source == ir.SourceSpan(path="course/glossary.yml", line=2, column=9)


def test_a_term_id_defined_twice_is_an_error(make_course: MakeCourse) -> None:
    twice = GLOSSARY + "  - id: app\n    term: application\n    definition: Again.\n"
    assert codes_and_messages(english(make_course, twice)) == [
        "course/glossary.yml:11: glossary.duplicate: glossary term id 'app' is defined twice "
        "(first on line 6): give each word one entry"
    ]


def test_a_word_defined_twice_is_an_error_whatever_its_case(make_course: MakeCourse) -> None:
    twice = GLOSSARY + "  - id: wireless\n    term: WIFI\n    definition: Again.\n"
    assert codes_and_messages(english(make_course, twice)) == [
        "course/glossary.yml:12: glossary.duplicate: glossary word 'WIFI' is defined twice: "
        "also in term 'wi-fi' (line 4); a word may have one meaning only"
    ]


def test_a_track_that_does_not_exist_is_an_error(make_course: MakeCourse) -> None:
    wrong = GLOSSARY.replace("tracks: [workers]", "tracks: [wokers]")
    assert codes_and_messages(english(make_course, wrong)) == [
        "course/glossary.yml:10: glossary.unknown-track: track 'wokers' of glossary term 'app' "
        "is not declared in course/course.yml; known: workers"
    ]


def test_a_translation_gives_the_words_in_its_language(make_course: MakeCourse) -> None:
    translation = (
        "terms:\n"
        "  - {id: wi-fi, term: WLAN, definition: Internet ohne Kabel.}\n"
        "  - {id: app, term: App, forms: [Apps], definition: Ein Programm.}\n"
    )
    courses, diagnostics = load_languages(german(make_course, translation))
    assert not diagnostics.errors, [str(d) for d in diagnostics]
    de = courses[1]
    assert [(e.id, e.term, e.definition) for e in de.glossary] == [
        ("wi-fi", "WLAN", "Internet ohne Kabel."),
        ("app", "App", "Ein Programm."),
    ]


def test_an_unknown_id_in_a_translation_is_an_error(make_course: MakeCourse) -> None:
    translation = (
        "terms:\n"
        "  - {id: wi-fi, term: WLAN, definition: Internet ohne Kabel.}\n"
        "  - {id: app, term: App, definition: Ein Programm.}\n"
        "  - {id: handy, term: Handy, definition: Ein Telefon.}\n"
    )
    assert codes_and_messages(german(make_course, translation)) == [
        "course/glossary.de.yml:4: translation.unknown-id: glossary term 'handy' is not in "
        "course/glossary.yml"
    ]


def test_a_word_missing_from_a_translation_is_a_missing_translation(
    make_course: MakeCourse,
) -> None:
    translation = "terms:\n  - {id: wi-fi, term: WLAN, definition: Internet ohne Kabel.}\n"
    assert codes_and_messages(german(make_course, translation)) == [
        "course/glossary.de.yml:1: translation.missing: no de translation: the glossary "
        "term 'app' of course/glossary.de.yml is missing"
    ]
    fallback = german(make_course, translation, "missing_translations: fallback\n")
    courses, diagnostics = load_languages(fallback)
    assert [
        (d.code, d.severity.value) for d in diagnostics if d.code.startswith("translation")
    ] == [("translation.missing", "warning")]
    assert [e.term for e in courses[1].glossary] == ["WLAN", "app"]  # the English word


def test_a_missing_translation_file_is_a_missing_translation(make_course: MakeCourse) -> None:
    assert codes_and_messages(german(make_course, None)) == [
        "course/glossary.yml:1: translation.missing: no de translation: "
        "course/glossary.de.yml is missing"
    ]


# -- marked in the pages -------------------------------------------------------------------


def lesson_page(make_course: MakeCourse) -> html.HtmlElement:
    course, _ = load_course(english(make_course))
    assert course is not None
    pages = dict(render_site(course))
    return html.fromstring(pages["01-basics/01-lesson.html"])


def test_only_the_first_use_in_the_text_is_marked(make_course: MakeCourse) -> None:
    page = lesson_page(make_course)
    buttons = page.cssselect("button.term__word")
    assert [(b.text_content(), b.get("aria-controls")) for b in buttons] == [
        ("wifi", "term-wi-fi"),  # not in the heading, the link or the code before it
        ("app", "term-app"),
    ]
    meaning = page.get_element_by_id("term-wi-fi")
    assert meaning.get("hidden") is not None
    assert meaning.text_content() == "A way to connect to the internet without a cable. Glossary"
    assert meaning.cssselect("a")[0].get("href") == "../glossary.html#word-wi-fi"
    assert buttons[0].get("aria-expanded") == "false"
    assert page.cssselect("h2")[0].text_content() == "Wi-Fi at work"
    assert page.cssselect("code")[0].text_content() == "wifi"


def test_a_track_s_words_are_marked_in_its_modules_only(make_course: MakeCourse) -> None:
    other = GLOSSARY.replace("tracks: [workers]", "tracks: [staff]")
    root = make_course(
        {
            "course/course.yml": COURSE_YML.replace(
                "tracks: [{id: workers, title: Workers}]",
                "tracks: [{id: workers, title: Workers}, {id: staff, title: Staff}]",
            ),
            "course/glossary.yml": other,
            "modules/01-basics/01-lesson.md": LESSON,
        }
    )
    course, diagnostics = load_course(root)
    assert course is not None, [str(d) for d in diagnostics]
    page = html.fromstring(dict(render_site(course))["01-basics/01-lesson.html"])
    assert [b.text_content() for b in page.cssselect("button.term__word")] == ["wifi"]


def test_marking_changes_no_other_byte_and_escapes_the_definition() -> None:
    where = ir.SourceSpan(path="course/glossary.yml")
    entry = ir.GlossaryEntry(id="pin", term="PIN", definition="4 < 6 & secret", source=where)
    terms = LessonTerms((entry,), prefix="l1_")
    fragment = '<p title="PIN">A <em>PIN</em> &amp; a PIN.</p>'
    assert terms.mark(fragment) == (
        '<p title="PIN">A <em><span class="term"><button type="button" class="term__word" '
        'aria-expanded="false" aria-controls="l1_term-pin">PIN</button><span '
        'class="term__meaning" id="l1_term-pin" hidden>4 &lt; 6 &amp; secret</span></span>'
        "</em> &amp; a PIN.</p>"
    )
    assert terms.mark("<p>PIN</p>") == "<p>PIN</p>"  # once per page


def test_arabic_words_are_matched_as_written() -> None:
    where = ir.SourceSpan(path="course/glossary.ar.yml")
    entry = ir.GlossaryEntry(
        id="wi-fi", term="الواي فاي", forms=("واي فاي",), definition="بدون سلك.", source=where
    )
    marked = LessonTerms((entry,)).mark("<p>اتصل بشبكة واي فاي في العمل.</p>")
    assert '<button type="button" class="term__word" aria-expanded="false" ' in marked
    assert ">واي فاي</button>" in marked


# -- the glossary page and the Moodle glossary ----------------------------------------------


def test_the_glossary_page_lists_every_word_alphabetically(make_course: MakeCourse) -> None:
    course, _ = load_course(english(make_course))
    assert course is not None
    pages = dict(render_site(course))
    page = html.fromstring(pages["glossary.html"])
    assert [dt.text_content() for dt in page.cssselect("dt")] == ["app", "Wi-Fi"]
    assert page.get_element_by_id("word-wi-fi").cssselect("dd")[0].text_content() == (
        "A way to connect to the internet without a cable."
    )
    assert page.cssselect("h1")[0].text_content() == "Glossary"
    home = html.fromstring(pages["index.html"])
    assert home.cssselect('footer a[href="glossary.html"]')


def test_alphabetical_order_ignores_accents_case_arabic_marks_and_article() -> None:
    where = ir.SourceSpan(path="course/glossary.yml")
    words = ["Zeit", "Ärger", "apfel", "Ausweis", "أمان", "الباب", "اسم"]
    entries = [
        ir.GlossaryEntry(id=f"w{i}", term=w, definition=".", source=where)
        for i, w in enumerate(words)
    ]
    assert [e.term for e in glossary_order(entries)] == [
        "apfel",
        "Ärger",
        "Ausweis",
        "Zeit",
        "اسم",
        "أمان",
        "الباب",
    ]


def test_the_moodle_glossary_holds_what_moodle_s_importer_reads(
    make_course: MakeCourse, tmp_path: Path
) -> None:
    root = english(make_course)
    course, _ = load_course(root)
    assert course is not None
    artifact = Glossary(BuildOptions()).write(course, root, tmp_path / "glossary")
    assert [p.name for p in artifact.files] == ["demo-glossary.xml"]
    tree = etree.fromstring(artifact.files[0].read_bytes())
    assert tree.tag == "GLOSSARY"
    info = tree.find("INFO")
    assert info is not None
    # import.php reads these of INFO without checking that they are there
    for tag in ("NAME", "INTRO", "GLOBALGLOSSARY", "SHOWSPECIAL", "SHOWALPHABET", "SHOWALL"):
        assert info.find(tag) is not None, tag
    assert info.findtext("NAME") == "Glossary: Demo course"
    assert info.findtext("USEDYNALINK") == "1"
    entries = info.findall("ENTRIES/ENTRY")
    assert [e.findtext("CONCEPT") for e in entries] == ["app", "Wi-Fi"]
    app, wifi = entries
    assert wifi.findtext("DEFINITION") == "<p>A way to connect to the internet without a cable.</p>"
    assert [
        wifi.findtext(tag) for tag in ("FORMAT", "USEDYNALINK", "CASESENSITIVE", "FULLMATCH")
    ] == ["1", "1", "0", "1"]
    assert [a.text for a in wifi.findall("ALIASES/ALIAS/NAME")] == ["WiFi"]
    assert wifi.find("CATEGORIES") is None
    assert [
        (c.findtext("NAME"), c.findtext("USEDYNALINK")) for c in app.findall("CATEGORIES/CATEGORY")
    ] == [("Workers", "0")]


def test_an_arabic_definition_is_a_right_to_left_paragraph(make_course: MakeCourse) -> None:
    english_course, _ = load_course(english(make_course))
    assert english_course is not None
    where = ir.SourceSpan(path="course/glossary.ar.yml")
    word = ir.GlossaryEntry(id="a", term="تطبيق", definition="برنامج <صغير>.", source=where)
    course = english_course.model_copy(update={"language": "ar", "glossary": (word,)})
    tree = etree.fromstring(glossary_xml(course))
    assert tree.findtext("INFO/ENTRIES/ENTRY/DEFINITION") == '<p dir="rtl">برنامج &lt;صغير&gt;.</p>'


def test_a_course_without_a_glossary_has_no_glossary_file_or_page(
    make_course: MakeCourse, tmp_path: Path
) -> None:
    root = make_course({"modules/01-basics/01-lesson.md": LESSON})
    course, _ = load_course(root)
    assert course is not None and course.glossary == ()
    assert Glossary(BuildOptions()).write(course, root, tmp_path / "g").files == ()
    pages = dict(render_site(course))
    assert "glossary.html" not in pages
    assert "term__word" not in pages["01-basics/01-lesson.html"]
