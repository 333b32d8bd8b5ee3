"""Issue 17: a picture in an answer, ``- (x) ![alt](media/x.png) words``, end to end.

A choice is inline Markdown, so a picture in it is read, checked and recorded like a picture in
a lesson (file in the course, alt text required, file-name alt refused); every format carries
it where its platform shows it, and answers stay identified by their ids.
"""

import base64
import io
import re
import tarfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from bwise_mooc import ir
from bwise_mooc.pipeline import export, load_course, load_languages
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, MakeCourse, write_files

LESSON = "modules/01-basics/01-lesson.md"
QUESTIONS = """\
Look at the two phones.

::: assessment
### Which phone is easy to read? {#easy-phone}

- (x) ![A phone with big letters](media/big-text.png) Big letters
  > Right.
- ( ) ![A phone with small letters](media/small-text.png)

> Big letters are easy to read.

### Which phones are easy to read? Choose all the right answers. {#easy-phones}

- [x] ![A phone with big letters](media/big-text.png)
- [ ] ![A phone with small letters](media/small-text.png) Small letters

:::
"""


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def picture_course(root: Path, lesson: str = QUESTIONS) -> Path:
    """A one-lesson course whose assessment has picture answers."""
    return write_files(
        root,
        {
            "course/course.yml": COURSE_YML,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/media/big-text.png": png("red"),
            "modules/01-basics/media/small-text.png": png("green"),
            LESSON: FRONT + lesson,
        },
    )


def test_a_picture_answer_is_read_with_its_alt_text_and_recorded(tmp_path: Path) -> None:
    course, diagnostics = load_course(picture_course(tmp_path))
    assert course is not None and list(diagnostics) == []
    lesson = course.modules[0].lessons[0]
    single, multiple = (q for quiz in lesson.quizzes() for q in quiz.questions)
    assert isinstance(single, ir.SingleChoice) and isinstance(multiple, ir.MultipleResponse)
    big, small = single.choices
    assert big.html == '<img src="media/big-text.png" alt="A phone with big letters"> Big letters'
    assert big.text == "A phone with big letters Big letters"  # LMS descriptions, titles
    assert (big.id, big.correct, small.id, small.correct) == ("a", True, "b", False)
    assert small.html == '<img src="media/small-text.png" alt="A phone with small letters">'
    assert small.text == "A phone with small letters"  # a picture alone is an answer's text
    assert multiple.choices[1].text == "A phone with small letters Small letters"
    pictures = [(a.path, a.alt) for a in lesson.assets]
    assert (
        pictures
        == [
            ("modules/01-basics/media/big-text.png", "A phone with big letters"),
            ("modules/01-basics/media/small-text.png", "A phone with small letters"),
        ]
        * 2
    )
    assert set(course.media) == {path for path, _ in pictures}  # named for every package


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "- ( ) ![A phone](media/missing.png) Small",
            "modules/01-basics/01-lesson.md:12:18: error: image 'media/missing.png' not found [path.missing]",
        ),
        (
            "- ( ) ![](media/small-text.png) Small",
            "modules/01-basics/01-lesson.md:12:11: error: image 'media/small-text.png' has no alt text [media.no-alt]",
        ),
        (
            "- ( ) ![small-text.png](media/small-text.png)",
            "modules/01-basics/01-lesson.md:12:25: error: alt text 'small-text.png' is a file name: say what the picture shows [a11y.alt-file-name]",
        ),
        (
            "- ( ) ![Small](https://example.org/small.png)",
            "modules/01-basics/01-lesson.md:12:16: error: image 'https://example.org/small.png' must be a file in the course, not a URL [media.external]",
        ),
    ],
)
def test_a_picture_answer_is_checked_as_a_lesson_picture(
    make_course: MakeCourse, answer: str, expected: str
) -> None:
    lesson = (
        "Look.\n\n::: assessment\n### Which phone? {#q1}\n\n"
        f"- (x) Big letters\n{answer}\n\n> Big.\n\n:::\n"
    )
    root = make_course({"modules/01-basics/media/small-text.png": png("green")}, lesson=lesson)
    _, diagnostics = load_languages(root)
    assert [str(d) for d in diagnostics] == [expected]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Every format of the picture course, and the output name of each picture."""
    root = picture_course(tmp_path_factory.mktemp("pictures"))
    courses, diagnostics = load_languages(root)
    assert not diagnostics.errors
    out = tmp_path_factory.mktemp("out")
    export(courses, root, out, ["html", "scorm12", "olx", "moodlexml", "gift", "cc"])
    names = {Path(path).stem: place.rsplit("/", 1)[-1] for path, place in courses[0].media.items()}
    return out, names


def labels(page: str) -> list[str]:
    return re.findall(r"<label for=\"[^\"]+\">(.*?)</label>", page, re.DOTALL)


def test_html_shows_the_picture_inside_the_answer_label(built: tuple[Path, dict[str, str]]) -> None:
    out, names = built
    page = (out / "html/01-basics/01-lesson.html").read_text(encoding="utf-8")
    first = labels(page)[0]
    assert first.startswith(
        f'<img src="../media/{names["big-text"]}" alt="A phone with big letters"> Big letters'
    )
    assert (
        '<input type="radio" id="assessment1-easy-phone-a" name="assessment1-easy-phone" value="a">'
        in page
    )
    assert (out / "html/media" / names["big-text"]).is_file()


def test_scorm_keeps_the_picture_in_the_label_and_the_answer_ids(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, names = built
    with zipfile.ZipFile(out / "scorm12/demo-basics.zip") as package:
        page = package.read("01-basics/index.html").decode("utf-8")
        manifest = package.read("imsmanifest.xml").decode("utf-8")
        assert f"media/{names['small-text']}" in package.namelist()
    assert labels(page)[1] == (
        f'<img src="../media/{names["small-text"]}" alt="A phone with small letters">'
    )
    assert 'value="a"' in page and 'value="b"' in page  # responses are ids, not pictures
    assert f'<file href="media/{names["small-text"]}"/>' in manifest


def test_olx_puts_the_picture_in_the_choice_and_the_file_in_static(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, names = built
    with tarfile.open(out / "olx/demo.tar.gz") as archive:
        members = archive.getnames()
        problem = archive.extractfile("demo/problem/basics_lesson_easy-phone.xml")
        assert problem is not None
        tree = etree.fromstring(problem.read())
    assert f"demo/static/{names['big-text']}" in members
    choice = tree.find(".//choice[@name='a']")
    assert choice is not None and choice.get("correct") == "true"
    picture = choice.find("img")
    assert picture is not None
    assert dict(picture.attrib) == {
        "src": f"/static/{names['big-text']}",
        "alt": "A phone with big letters",
    }
    assert picture.tail == " Big letters"


def test_moodle_xml_carries_the_picture_as_a_file_of_the_answer(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, names = built
    tree = etree.parse(str(out / "moodlexml/demo-questions.xml"))
    answers = tree.findall(".//question[idnumber='basics_lesson_easy-phone']/answer")
    assert [a.get("fraction") for a in answers] == ["100", "0"]
    big = names["big-text"]
    assert answers[0].findtext("text") == (
        f'<img src="@@PLUGINFILE@@/{big}" alt="A phone with big letters"> Big letters'
    )
    attached = answers[0].find("file")
    assert attached is not None and attached.get("name") == big
    assert base64.b64decode(attached.text or "") == (out / "html/media" / big).read_bytes()


def test_gift_gives_the_alt_text_of_a_picture_answer(built: tuple[Path, dict[str, str]]) -> None:
    out, _ = built
    text = (out / "gift/demo-questions.gift.txt").read_text(encoding="utf-8")
    assert "\t=[A phone with big letters] Big letters#<p>Right.</p>\n" in text
    assert "\t~[A phone with small letters]\n" in text
    assert "\t~%-100%[A phone with small letters] Small letters\n" in text
    assert "<img" not in text and ".png" not in text


def test_common_cartridge_keeps_the_picture_in_the_choice_and_the_file(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, names = built
    qti = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
    with zipfile.ZipFile(out / "cc/demo-basics.imscc") as cartridge:
        assert f"media/{names['big-text']}" in cartridge.namelist()
        quiz = etree.fromstring(cartridge.read("01-basics/quizzes/assessment.xml"))
        manifest = cartridge.read("imsmanifest.xml").decode("utf-8")
    label = quiz.find(
        f".//{{{qti}}}item[@ident='basics_lesson_easy-phone']//{{{qti}}}response_label"
    )
    assert label is not None and label.get("ident") == "a"
    text = label.find(f".//{{{qti}}}mattext")
    assert text is not None and text.get("texttype") == "text/html"
    # Moodle's importer copies a file into an answer only when it is written in its own
    # backup form; checked in a real Moodle 4.3 (cc/links.py, AnswerLinks)
    assert text.text == (
        f'<img src="$@FILEPHP@$$@SLASH@$media$@SLASH@${names["big-text"]}" '
        'alt="A phone with big letters"> Big letters'
    )
    prompt = quiz.find(f".//{{{qti}}}item[@ident='basics_lesson_easy-phone']//{{{qti}}}mattext")
    assert prompt is not None and prompt.text == "<p>Which phone is easy to read?</p>"
    assert f'<file href="media/{names["big-text"]}"/>' in manifest
