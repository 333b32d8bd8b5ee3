"""Pictures for one language (``media/x.<lang>.svg``) and pictures of steps in order
(``{.sequence}``), issue 17: an Arabic edition shows the picture whose steps run right to
left, and ``check`` says when one is missing."""

import io
import zipfile
from pathlib import Path

from bwise_mooc import ir
from bwise_mooc.config import ImageSettings
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import output_name
from bwise_mooc.ir import Course
from bwise_mooc.pipeline import export, load_course, load_languages
from tests.conftest import COURSE_YML, MakeCourse

STEPS = "modules/01-basics/media/steps.svg"
LEFT_TO_RIGHT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10">'
    b'<rect width="10" height="10" fill="red"/></svg>\n'
)
RIGHT_TO_LEFT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10">'
    b'<rect x="20" width="10" height="10" fill="red"/></svg>\n'
)
ARABIC = {
    "course/course.yml": COURSE_YML.replace("languages: [en]", "languages: [en, ar]"),
    "course/course.ar.yml": "title: دورة\ndescription: دورة للاختبار.\n",
    "modules/01-basics/module.ar.yml": (
        "title: الأساسيات\nsummary: أشياء أساسية.\noutcomes:\n  - {id: o1, text: الشيء الأول.}\n"
    ),
    "modules/01-basics/01-lesson.ar.md": (
        "---\ntitle: درس\nestimated_minutes: 10\noutcomes: [o1]\n---\n"
        "![ثلاث خطوات](media/steps.svg){.sequence}\n"
    ),
}
SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
LESSON = "Three steps:\n\n![Open, tap, close](media/steps.svg){.sequence}\n"


def _arabic_course(make_course: MakeCourse, **extra: bytes) -> Path:
    files: dict[str, str | bytes] = {**ARABIC, STEPS: LEFT_TO_RIGHT}
    files.update({f"modules/01-basics/media/{name}": data for name, data in extra.items()})
    return make_course(files, lesson=LESSON)


def _by_code(diagnostics: Diagnostics, code: str) -> list[str]:
    return [str(d) for d in diagnostics if d.code == code]


def _courses(root: Path) -> tuple[dict[str, Course], Diagnostics]:
    courses, diagnostics = load_languages(root)
    return {course.language: course for course in courses}, diagnostics


# -- {.sequence}: the parser --------------------------------------------------------------


def test_a_picture_marked_sequence_is_recorded_and_keeps_no_class(
    make_course: MakeCourse,
) -> None:
    root = make_course({STEPS: LEFT_TO_RIGHT}, lesson=LESSON)
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    lesson = course.modules[0].lessons[0]
    assert [(a.path, a.sequence) for a in lesson.assets] == [(STEPS, True)]
    image = lesson.blocks[-1]
    assert isinstance(image, ir.Image)
    assert image.html == '<p><img src="media/steps.svg" alt="Open, tap, close"></p>'


def test_a_picture_without_the_mark_is_no_sequence(make_course: MakeCourse) -> None:
    root = make_course({STEPS: LEFT_TO_RIGHT}, lesson="![Open, tap, close](media/steps.svg)\n")
    course, _ = load_course(root)
    assert course is not None
    assert [a.sequence for a in course.modules[0].lessons[0].assets] == [False]


def test_any_other_class_is_an_error_where_it_is_written(make_course: MakeCourse) -> None:
    lesson = (
        "![Open, tap, close](media/steps.svg){.big}\n\n"
        "![Open, tap, close](media/steps.svg){.sequence .big}\n\n"
        "Tap [Settings]{.sequence} and `code`{.python}.\n"
    )
    root = make_course({STEPS: LEFT_TO_RIGHT}, lesson=lesson)
    course, diagnostics = load_course(root)
    path = "modules/01-basics/01-lesson.md"
    unknown = (
        "is not known: the only class is {.sequence}, after a picture that shows steps in order"
    )
    misplaced = (
        "{.sequence} marks a picture that shows steps in order: write it right after the "
        "picture, as in ![...](media/steps.svg){.sequence}"
    )
    assert _by_code(diagnostics, "attr.class") == [
        f"{path}:6:37: error: '{{.big}}' {unknown} [attr.class]",
        f"{path}:8:37: error: '{{.sequence .big}}' {unknown} [attr.class]",
        f"{path}:10:15: error: {misplaced} [attr.class]",
        f"{path}:10:37: error: '{{.python}}' {unknown} [attr.class]",
    ]
    assert course is not None
    html = " ".join(
        block.html
        for block in course.modules[0].lessons[0].blocks
        if isinstance(block, ir.Paragraph | ir.Image)
    )
    assert "class" not in html


# -- check: a sequence in a right-to-left edition ------------------------------------------


def test_a_sequence_picture_in_arabic_without_a_variant_is_a_warning(
    make_course: MakeCourse,
) -> None:
    _, diagnostics = _courses(_arabic_course(make_course))
    assert _by_code(diagnostics, "media.sequence-rtl") == [
        "modules/01-basics/01-lesson.ar.md:6:15: warning: this picture shows steps in order "
        "from left to right; Arabic readers read right to left: add media/steps.ar.svg with "
        "the steps running right to left [media.sequence-rtl]"
    ]


def test_a_sequence_picture_with_its_arabic_variant_is_fine(make_course: MakeCourse) -> None:
    root = _arabic_course(make_course, **{"steps.ar.svg": RIGHT_TO_LEFT})
    courses, diagnostics = _courses(root)
    assert _by_code(diagnostics, "media.sequence-rtl") == []
    assert courses["ar"].variants == {STEPS: "modules/01-basics/media/steps.ar.svg"}
    assert courses["en"].variants == {}


# -- variants: chosen once per language, named by their own bytes ---------------------------


def test_each_language_names_its_own_picture(make_course: MakeCourse) -> None:
    root = _arabic_course(make_course, **{"steps.ar.png": _png()})
    courses, diagnostics = _courses(root)
    assert not diagnostics.errors
    settings = ImageSettings()
    assert courses["en"].media[STEPS] == output_name(LEFT_TO_RIGHT, ".svg", settings)
    # any picture ending: a PNG variant of an SVG picture
    assert courses["ar"].variants == {STEPS: "modules/01-basics/media/steps.ar.png"}
    assert courses["ar"].media[STEPS] == output_name(_png(), ".png", settings)


def test_the_same_ending_is_chosen_first(make_course: MakeCourse) -> None:
    root = _arabic_course(make_course, **{"steps.ar.png": _png(), "steps.ar.svg": RIGHT_TO_LEFT})
    courses, _ = _courses(root)
    assert courses["ar"].variants == {STEPS: "modules/01-basics/media/steps.ar.svg"}


def test_a_variant_is_checked_like_any_picture(make_course: MakeCourse) -> None:
    root = _arabic_course(make_course, **{"steps.ar.svg": SCRIPT})
    courses, diagnostics = _courses(root)
    errors = [str(d) for d in diagnostics.errors]
    assert len(errors) == 1
    assert errors[0].startswith(
        "modules/01-basics/media/steps.ar.svg:1:1: error: image 'steps.ar.svg' "
    )
    assert "[media.unsafe-svg]" in errors[0]
    assert courses["ar"].variants == {}


def test_a_variant_in_a_language_the_course_has_not_is_a_warning(
    make_course: MakeCourse,
) -> None:
    root = _arabic_course(
        make_course,
        **{"steps.fr.svg": RIGHT_TO_LEFT, "map.old.svg": LEFT_TO_RIGHT, "map.svg": LEFT_TO_RIGHT},
    )
    _, diagnostics = _courses(root)
    assert _by_code(diagnostics, "media.variant-language") == [
        "modules/01-basics/media/steps.fr.svg:1:1: warning: picture 'steps.fr.svg' is the 'fr' "
        "variant of 'steps.svg', but 'fr' is not a language of the course (en, ar): no edition "
        "shows it; add the language to 'languages' in course.yml, or rename or delete the file "
        "[media.variant-language]"
    ]  # 'old' is no language: map.old.svg is a picture of its own


def test_the_course_image_has_variants_too(make_course: MakeCourse) -> None:
    root = _arabic_course(make_course, **{"steps.ar.svg": RIGHT_TO_LEFT})
    (root / "course/media").mkdir()
    (root / "course/media/cover.svg").write_bytes(LEFT_TO_RIGHT)
    (root / "course/media/cover.ar.svg").write_bytes(RIGHT_TO_LEFT)
    yml = root / "course/course.yml"
    yml.write_text(yml.read_text() + "image: media/cover.svg\nimage_alt: A red square\n")
    courses, _ = _courses(root)
    assert courses["ar"].variants["course/media/cover.svg"] == "course/media/cover.ar.svg"
    assert "course/media/cover.svg" not in courses["en"].variants


# -- the outputs: every format shows the language's picture ----------------------------------


def test_the_arabic_preview_and_scorm_page_show_the_variant(
    make_course: MakeCourse, tmp_path: Path
) -> None:
    root = _arabic_course(make_course, **{"steps.ar.svg": RIGHT_TO_LEFT})
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors
    out = tmp_path / "build"
    export(courses, root, out, ["html", "scorm12"])
    settings = ImageSettings()
    english = output_name(LEFT_TO_RIGHT, ".svg", settings)
    arabic = output_name(RIGHT_TO_LEFT, ".svg", settings)
    for folder, shown, hidden in (("", english, arabic), ("ar/", arabic, english)):
        page = (out / f"{folder}html/01-basics/01-lesson.html").read_text("utf-8")
        assert f'src="../{shown}"' in page and hidden not in page
        assert b'x="20"' in (out / f"{folder}html/{shown}").read_bytes() or shown == english
        assert not (out / f"{folder}html/{hidden}").exists()
        suffix = "-ar" if folder else ""
        with zipfile.ZipFile(out / f"{folder}scorm12/demo-basics{suffix}.zip") as package:
            names = package.namelist()
            sco = "01-basics/index.html"  # one SCO per module
            text = package.read(sco).decode("utf-8")
            assert shown.split("/")[-1] in text and hidden.split("/")[-1] not in text
            assert shown in names and hidden not in names
            assert (b'x="20"' in package.read(shown)) == (shown == arabic)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(out, "PNG")
    return out.getvalue()
