"""Unit tests of the YAML and file readers: positions, did-you-mean, encodings, stand-ins."""

from collections.abc import Callable
from pathlib import Path

from bwise_mooc.config import ModuleConfig
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Paragraph
from bwise_mooc.parse.yaml_source import load_yaml_model
from bwise_mooc.pipeline import load_course, load_languages
from bwise_mooc.transforms.checks import check_course
from tests.conftest import FIXTURES, FRONT

MakeCourse = Callable[..., Path]


def messages(diagnostics: Diagnostics) -> list[str]:
    return [str(d) for d in diagnostics.errors]


def test_yaml_problems_point_at_their_key_or_value() -> None:
    diagnostics = Diagnostics()
    text = "title: X\nsumary: y\ntrack: Workers\noutcomes:\n  - id: a\n    txt: t\nestimated_minutes: ten\n"
    assert load_yaml_model(ModuleConfig, text, "m.yml", diagnostics) is None
    assert messages(diagnostics) == [
        "m.yml:2:1: error: unknown key 'sumary': did you mean 'summary'? [yaml.unknown-key]",
        "m.yml:3:8: error: 'track' must be an id of small letters, digits and hyphens, with no spaces, not 'Workers': write track: workers [yaml.invalid-value]",
        "m.yml:6:5: error: unknown key 'txt': did you mean 'text'? [yaml.unknown-key]",
        "m.yml:7:20: error: 'estimated_minutes' must be a whole number of minutes, like 15, written in digits, not 'ten' [yaml.invalid-value]",
    ]


def test_yaml_syntax_error_has_a_line() -> None:
    diagnostics = Diagnostics()
    assert load_yaml_model(ModuleConfig, "title: [x\nsummary: y\n", "m.yml", diagnostics) is None
    assert messages(diagnostics)[0].startswith(
        "m.yml:1:8: error: the list opened with '[' is never closed"
    )


def test_numbers_where_text_is_meant_are_accepted(make_course: MakeCourse) -> None:
    root = make_course(lesson="Text.\n")
    course, _ = load_course(root)
    assert course is not None
    assert course.run == "2026"


def test_front_matter_lines_are_file_lines(make_course: MakeCourse) -> None:
    root = make_course(
        {"modules/01-basics/01-lesson.md": "---\ntitle: T\nestimated_minute: 5\n---\nText.\n"}
    )
    _, diagnostics = load_course(root)
    assert messages(diagnostics) == [
        "modules/01-basics/01-lesson.md:3:1: error: unknown key 'estimated_minute': did you mean 'estimated_minutes'? [yaml.unknown-key]",
    ]


def test_utf8_bom_and_crlf_are_read_like_plain_utf8(make_course: MakeCourse) -> None:
    lesson = (FRONT + "Caf\u00e9 \u2013 ok.\n\n## \u00dcbung\n").replace("\n", "\r\n")
    root = make_course({"modules/01-basics/01-lesson.md": b"\xef\xbb\xbf" + lesson.encode()})
    course, diagnostics = load_course(root)
    assert not diagnostics.errors
    assert course is not None
    blocks = course.modules[0].lessons[0].blocks
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].html == "<p>Caf\u00e9 \u2013 ok.</p>"
    assert blocks[1].source.line == 8


def test_non_utf8_file_is_an_error_with_its_line(make_course: MakeCourse) -> None:
    data = (FRONT + "fine\nnot fine: caf\xe9\n").encode("latin-1")
    root = make_course({"modules/01-basics/01-lesson.md": data})
    _, diagnostics = load_course(root)
    assert messages(diagnostics) == [
        "modules/01-basics/01-lesson.md:7:14: error: this file is not saved as UTF-8 ('é' here): open it in your editor and save it again with the encoding 'UTF-8' [file.encoding]"
    ]


def test_broken_course_yml_does_not_hide_lesson_errors(make_course: MakeCourse) -> None:
    root = make_course(
        {"course/course.yml": "id: [unclosed\n"},
        lesson="::: quiz\n### Q\n- ( ) a\n- ( ) b\n:::\n",
    )
    _, diagnostics = load_course(root)
    codes = [d.code for d in diagnostics]
    assert codes == [
        "yaml.syntax",
        "quiz.no-correct-answer",
    ]  # and nothing about the module, which the broken files would have caused


def test_module_without_lessons_and_numbering_gaps(make_course: MakeCourse) -> None:
    root = make_course(
        {
            "modules/01-basics/01-a.md": FRONT + "A.\n",
            "modules/01-basics/03-b.md": FRONT + "B.\n",
            "modules/02-empty/module.yml": "title: E\nsummary: S\ntrack: workers\noutcomes: [{id: e1, text: T}]\nestimated_minutes: 5\n",
        }
    )
    _, diagnostics = load_course(root)
    assert [(d.path, d.code) for d in diagnostics] == [
        ("modules/01-basics/03-b.md", "order.gap"),
        ("modules/01-basics/module.yml", "module.no-assessment"),
        ("modules/02-empty", "module.empty"),
    ]


def test_a_translation_without_a_tracks_modules_has_no_numbering_gap() -> None:
    """An edition that leaves out the modules of a track not offered in its language (the
    Arabic edition: workers' modules only) has gaps in its module numbers that the sources do
    not have: only the source language's numbering is checked."""
    courses, _ = load_languages(FIXTURES / "conformance")
    source = next(course for course in courses if course.language == "en")
    module = source.modules[0]
    gapped = (module, module.model_copy(update={"number": 3, "id": "third"}))
    found = Diagnostics()
    check_course(source.model_copy(update={"modules": gapped}), found)
    assert "order.gap" in [d.code for d in found]
    for course in courses:
        if course.language != "en":
            found = Diagnostics()
            check_course(course.model_copy(update={"modules": gapped}), found)
            assert "order.gap" not in [d.code for d in found], course.language


def test_one_broken_lesson_gives_its_own_error_and_none_in_other_files(
    fixture_course: Callable[[str], Path],
) -> None:
    """Other lessons link to it, it has a number in its module and it may hold the assessment:
    none of that may turn into errors or warnings elsewhere."""
    root = fixture_course("sample")
    broken = root / "modules/01-phone-basics/01-make-the-screen-easy.md"
    broken.write_bytes(broken.read_bytes() + b"\xff\xfe not UTF-8")
    _, diagnostics = load_languages(root)
    assert [(d.path, d.code) for d in diagnostics.errors] == [
        ("modules/01-phone-basics/01-make-the-screen-easy.md", "file.encoding")
    ]
    assert not [d for d in diagnostics.warnings if d.code in {"order.gap", "module.no-assessment"}]
