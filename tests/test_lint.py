"""Accessibility and plain-language lint in `bwise-mooc check`."""

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from bwise_mooc.pipeline import load_course
from bwise_mooc.transforms.readability import readability
from tests.conftest import COURSE_YML, FRONT

MakeCourse = Callable[..., Path]
LESSON = "modules/01-basics/01-lesson.md"


def found(make_course: MakeCourse, body: str, course_yml: str = COURSE_YML) -> list[str]:
    root = make_course({LESSON: FRONT + body, "course/course.yml": course_yml})
    (root / "modules/01-basics/media").mkdir(exist_ok=True)
    Image.new("RGB", (4, 3)).save(root / "modules/01-basics/media/pic.png")
    _, diagnostics = load_course(root)
    return [str(d) for d in diagnostics if d.code != "module.no-assessment"]


def test_alt_text_that_is_a_file_name_is_an_error(make_course: MakeCourse) -> None:
    assert found(make_course, "![IMG_2041.png](media/pic.png)\n") == [
        f"{LESSON}:6:17: error: alt text 'IMG_2041.png' is a file name: say what the picture shows [a11y.alt-file-name]"
    ]


def test_heading_levels_must_not_skip(make_course: MakeCourse) -> None:
    assert found(make_course, "# Big\n\n## Part\n\n#### Deep\n") == [
        f"{LESSON}:6:1: warning: use '##' for sections: the lesson title is the page's '#' heading [a11y.heading-level]",
        f"{LESSON}:10:1: warning: heading level 4 skips level 3: screen reader users lose their way [a11y.heading-level]",
    ]


def test_vague_link_text_and_headerless_tables_are_warned(make_course: MakeCourse) -> None:
    body = "For the form, [click here](https://example.org/form).\n\n|  |  |\n|--|--|\n| a | b |\n"
    assert found(make_course, body) == [
        f"{LESSON}:6:1: warning: link text 'click here' says nothing out of context: name where the link goes [a11y.link-text]",
        f"{LESSON}:8:1: warning: table has no header row: give each column a heading [a11y.table-header]",
    ]


def test_readability_below_the_track_threshold_is_warned(make_course: MakeCourse) -> None:
    hard = (
        "The implementation of comprehensive organisational digitalisation strategies "
        "necessitates considerable institutional commitment and substantial investment.\n"
    )
    course_yml = COURSE_YML + "readability: {workers: 60}\n"
    lines = found(make_course, hard, course_yml)
    assert len(lines) == 1 and "[readability.low]" in lines[0] and "below 60" in lines[0]
    assert found(make_course, "Sami works in the laundry. He has a phone.\n", course_yml) == []


def test_readability_figures_rank_easy_above_hard() -> None:
    for language, easy, hard in [
        (
            "en",
            "You open the app. You tap the name. You send the text.",
            "Organisational digitalisation necessitates considerable institutional commitment.",
        ),
        (
            "de",
            "Du öffnest die App. Du tippst auf den Namen. Du schickst die Nachricht.",
            "Organisatorische Digitalisierungsstrategien erfordern erhebliche institutionelle Verbindlichkeiten.",
        ),
    ]:
        easy_score, hard_score = readability(easy, language), readability(hard, language)
        assert easy_score is not None and hard_score is not None
        assert easy_score.score > 70 > hard_score.score, (language, easy_score, hard_score)
    assert readability("Привет", "uk") is None  # no formula for this language


def test_images_that_look_like_images_of_text_are_warned(make_course: MakeCourse) -> None:
    warning = "seems to show text: put the words in the lesson, where they can be translated, enlarged and read aloud [a11y.image-of-text]"
    root = make_course(
        {
            LESSON: FRONT
            + "![A scanned letter from the job centre.](media/a.png)\n\n"
            + '![A poster says: "Wash your hands before every shift, please."](media/b.png)\n\n'
            + "![Two phones: small letters on one, big letters on the other.](media/c.png)\n\n"
            + "![Our team in the kitchen at lunch time.](media/quote-of-the-week.png)\n"
        }
    )
    (root / "modules/01-basics/media").mkdir()
    for name in "a", "b", "c", "quote-of-the-week":
        Image.new("RGB", (4, 3)).save(root / f"modules/01-basics/media/{name}.png")
    _, diagnostics = load_course(root)
    assert [str(d) for d in diagnostics if d.code == "a11y.image-of-text"] == [
        f"{LESSON}:6:42: warning: image 'a.png' {warning}",
        f"{LESSON}:8:65: warning: image 'b.png' {warning}",
        f"{LESSON}:12:43: warning: image 'quote-of-the-week.png' {warning}",
    ]
