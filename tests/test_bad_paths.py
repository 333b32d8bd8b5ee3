"""Bad-input catalogue, second round (issue 13): paths, links, names and quiz places.

Each case is a small course (``make_course`` defaults plus its files and symbolic links) and the
exact diagnostic line `check` and `build` must print; the build must leave a previous good
build byte-identical (``tests/catalogue.py``). ``OUTSIDE`` in a link target is a folder outside
the course, holding ``secret.md``, ``secret.png``, ``secret.pdf`` and a module ``02-more``.
"""

import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bwise_mooc.cli import main
from tests.catalogue import refused
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, write_files
from tests.test_bad_inputs import png

MakeCourse = Callable[..., Path]
LESSON = "modules/01-basics/01-lesson.md"
M = "modules/01-basics"


def lesson(body: str) -> dict[str, str | bytes]:
    return {LESSON: FRONT + body}


def quiz(body: str, kind: str = "assessment") -> dict[str, str | bytes]:
    return lesson(f"::: {kind}\n{body}:::\n")


NFC, NFD = unicodedata.normalize("NFC", "café.pdf"), unicodedata.normalize("NFD", "café.pdf")
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
Case = tuple[dict[str, str | bytes], dict[str, str], str]  # files, links, expected line

CASES: dict[str, Case] = {
    # 1. every file the build reads must resolve inside the course
    "module folder linked from outside": (
        lesson("Fine.\n"),
        {"modules/02-more": "OUTSIDE/02-more"},
        "modules/02-more:1:1: error: module folder is a link to a place outside the course: copy it into modules/ [path.outside]",
    ),
    "course.yml linked from outside": (
        lesson("Fine.\n"),
        {"course/course.yml": "OUTSIDE/course.yml"},
        "course/course.yml:1:1: error: file is a link to a place outside the course: copy the file into the course [path.outside]",
    ),
    "module.yml linked from outside": (
        lesson("Fine.\n"),
        {f"{M}/module.yml": "OUTSIDE/02-more/module.yml"},
        f"{M}/module.yml:1:1: error: file is a link to a place outside the course: copy the file into the course [path.outside]",
    ),
    "lesson linked from outside": (
        lesson("Fine.\n"),
        {f"{M}/02-secret.md": "OUTSIDE/secret.md"},
        f"{M}/02-secret.md:1:1: error: file is a link to a place outside the course: copy the file into the course [path.outside]",
    ),
    "lesson linked to a system file": (
        lesson("Fine.\n"),
        {f"{M}/02-passwords.md": "/etc/passwd"},
        f"{M}/02-passwords.md:1:1: error: file is a link to a place outside the course: copy the file into the course [path.outside]",
    ),
    "course image linked from outside": (
        {
            **lesson("Fine.\n"),
            "course/course.yml": COURSE_YML + "image: cover.png\nimage_alt: A cover\n",
        },
        {"course/cover.png": "OUTSIDE/secret.png"},
        "course/course.yml:11:8: error: course image 'cover.png' points outside the course [path.outside]",
    ),
    "media folder linked from outside": (
        lesson("![A picture](media/secret.png)\n"),
        {f"{M}/media": "OUTSIDE"},
        f"{LESSON}:6:14: error: image 'media/secret.png' points outside the course [path.outside]",
    ),
    "attachment linked from outside": (
        lesson("Read [the handout](files/handout.pdf).\n"),
        {f"{M}/files/handout.pdf": "OUTSIDE/secret.pdf"},
        f"{LESSON}:6:20: error: link target 'files/handout.pdf' points outside the course [path.outside]",
    ),
    "link through a linked folder to another course": (
        lesson("See [the other course](other/01-x.md).\n"),
        {f"{M}/other": "OUTSIDE/02-more"},
        f"{LESSON}:6:24: error: link target 'other/01-x.md' points outside the course [path.outside]",
    ),
    # 2. linked files that a browser would run on the package's origin
    "linked HTML file": (
        {**lesson("Open [the form](form.html).\n"), f"{M}/form.html": "<script>alert(1)</script>"},
        {},
        f"{LESSON}:6:17: error: link target 'form.html' is a .html file, which a browser could run: link to a lesson (.md), a PDF, an office document, a picture, audio or video [link.file-type]",
    ),
    "linked HTML file in capitals": (
        {**lesson("Open [the form](FORM.HTM).\n"), f"{M}/FORM.HTM": "<script>alert(1)</script>"},
        {},
        f"{LESSON}:6:17: error: link target 'FORM.HTM' is a .htm file, which a browser could run: link to a lesson (.md), a PDF, an office document, a picture, audio or video [link.file-type]",
    ),
    "linked XHTML file": (
        {**lesson("Open [it](page.xhtml).\n"), f"{M}/page.xhtml": "<html/>"},
        {},
        f"{LESSON}:6:11: error: link target 'page.xhtml' is a .xhtml file, which a browser could run: link to a lesson (.md), a PDF, an office document, a picture, audio or video [link.file-type]",
    ),
    "linked script": (
        {**lesson("Get [the tool](tool.js).\n"), f"{M}/tool.js": "alert(1)"},
        {},
        f"{LESSON}:6:16: error: link target 'tool.js' is a .js file, which a browser could run: link to a lesson (.md), a PDF, an office document, a picture, audio or video [link.file-type]",
    ),
    "linked XML file": (
        {**lesson("See [the data](data.xml).\n"), f"{M}/data.xml": "<x/>"},
        {},
        f"{LESSON}:6:16: error: link target 'data.xml' is a .xml file, which a browser could run: link to a lesson (.md), a PDF, an office document, a picture, audio or video [link.file-type]",
    ),
    "linked style sheet": (
        {
            **lesson("See [style](look.css).\n"),
            f"{M}/look.css": "@import 'https://evil.example/x.css';",
        },
        {},
        f"{LESSON}:6:13: error: link target 'look.css' is a .css file, which a browser could run: link to a lesson (.md), a PDF, an office document, a picture, audio or video [link.file-type]",
    ),
    "linked file without a type": (
        {**lesson("See [notes](NOTES).\n"), f"{M}/NOTES": "text"},
        {},
        f"{LESSON}:6:13: error: link target 'NOTES' has no type: link to a lesson (.md), a PDF, an office document, a picture, audio or video [link.file-type]",
    ),
    "linked SVG with a script": (
        {**lesson("See [the logo](media/logo.svg).\n"), f"{M}/media/logo.svg": SVG_SCRIPT},
        {},
        f"{LESSON}:6:16: error: image 'media/logo.svg' holds <script>",
    ),
    "linked picture that is damaged": (
        {**lesson("See [the photo](media/p.png).\n"), f"{M}/media/p.png": png()[:40]},
        {},
        f"{LESSON}:6:17: error: image 'media/p.png' cannot be read",
    ),
    # 8. script addresses written in every way Markdown accepts
    "javascript: in a reference definition": (
        lesson("Click [here][r].\n\n[r]: javascript:alert(1)\n"),
        {},
        f"{LESSON}:8:6: error: 'javascript:' links are not allowed: link to a lesson, a file in the course or a web page [link.scheme]",
    ),
    "javascript: in an autolink": (
        lesson("Go to <javascript:alert(1)>.\n"),
        {},
        f"{LESSON}:6:8: error: 'javascript:' links are not allowed: link to a lesson, a file in the course or a web page [link.scheme]",
    ),
    "javascript: written with a character reference": (
        lesson("[x](&#106;avascript:alert(1))\n"),
        {},
        f"{LESSON}:6:5: error: 'javascript:' links are not allowed: link to a lesson, a file in the course or a web page [link.scheme]",
    ),
    "javascript: written with a percent escape": (
        lesson("[x][r]\n\n[r]: JaVa%73cript:alert(1)\n"),
        {},
        f"{LESSON}:8:6: error: 'javascript:' links are not allowed: link to a lesson, a file in the course or a web page [link.scheme]",
    ),
    "vbscript: in a quiz choice": (
        quiz("### Pick {#q1}\n- (x) [a](vbscript:msgbox(1))\n- ( ) b\n"),
        {},
        f"{LESSON}:8:11: error: 'vbscript:' links are not allowed: link to a lesson, a file in the course or a web page [link.scheme]",
    ),
    "data: in a reference definition in angle brackets": (
        lesson("[x][d]\n\n[d]: <data:text/html,<script>alert(1)</script>>\n"),
        {},
        f"{LESSON}:8:7: error: 'data:' links are not allowed: link to a lesson, a file in the course or a web page [link.scheme]",
    ),
    # 8. video frames: the host the browser goes to is the host that is checked
    "frame host hidden behind a backslash": (
        lesson(
            '<iframe src="https://evil.example\\@www.youtube-nocookie.com/embed/x" title="A video"></iframe>\n'
        ),
        {},
        f"{LESSON}:6:1: error: video frame 'https://evil.example\\@www.youtube-nocookie.com/embed/x' is not allowed",
    ),
    "frame host after a user name": (
        lesson(
            '<iframe src="https://www.youtube-nocookie.com@evil.example/embed/x" title="A video"></iframe>\n'
        ),
        {},
        f"{LESSON}:6:1: error: video frame 'https://www.youtube-nocookie.com@evil.example/embed/x' is not allowed",
    ),
    "frame backslash written as a character reference": (
        lesson(
            '<iframe src="https://evil.example&#92;@player.vimeo.com/1" title="A video"></iframe>\n'
        ),
        {},
        f"{LESSON}:6:1: error: video frame 'https://evil.example\\@player.vimeo.com/1' is not allowed",
    ),
    "frame over plain http": (
        lesson('<iframe src="http://player.vimeo.com/video/1" title="A video"></iframe>\n'),
        {},
        f"{LESSON}:6:1: error: video frame 'http://player.vimeo.com/video/1' is not allowed",
    ),
    "frame on another port": (
        lesson('<iframe src="https://player.vimeo.com:8443/video/1" title="A video"></iframe>\n'),
        {},
        f"{LESSON}:6:1: error: video frame 'https://player.vimeo.com:8443/video/1' is not allowed",
    ),
    "frame from another host": (
        lesson(
            "<p>Watch:</p>\n<iframe src='https://evil.example/embed' title='A video'></iframe>\n"
        ),
        {},
        f"{LESSON}:7:1: error: video frame 'https://evil.example/embed' is not allowed: frames may only show https://player.vimeo.com or https://www.youtube-nocookie.com or https://youtube-nocookie.com addresses [media.frame-source]",
    ),
    # 8. quiz blocks where Markdown would show them as text, answers and all
    "quiz inside a quote": (
        lesson("> ::: quiz\n> ### Q\n> - (x) a\n> - ( ) b\n> :::\n"),
        {},
        f"{LESSON}:6:3: error: '::: quiz' is inside a quote, a list or another block, where it would show its answers as text: start it at the beginning of a line [quiz.nested]",
    ),
    "assessment inside a list": (
        lesson("- Step one\n\n  ::: assessment\n  ### Q {#q1}\n  - answer: true\n  :::\n"),
        {},
        f"{LESSON}:8:3: error: '::: assessment' is inside a quote, a list or another block, where it would show its answers as text: start it at the beginning of a line [quiz.nested]",
    ),
    "quiz inside a numbered list": (
        lesson("1. First\n   ::: quiz\n   ### Q\n   - answer: false\n   :::\n"),
        {},
        f"{LESSON}:7:4: error: '::: quiz' is inside a quote, a list or another block, where it would show its answers as text: start it at the beginning of a line [quiz.nested]",
    ),
    # 5. what a format cannot carry is caught by check, with its place
    "a 400-digit numeric answer": (
        quiz("### How many? {#q1}\n- number: " + "1" * 400 + "\n"),
        {},
        f"{LESSON}:8:3: error: a number in '1111111111111111111111111111111111111111…' has 400 digits; learning platforms compare at most 15: round it and give a tolerance [quiz.number-too-long]",
    ),
    "a tolerance with too many digits": (
        quiz("### How much? {#q1}\n- number: 0.5 +- 0.00000000000000001\n"),
        {},
        f"{LESSON}:8:3: error: a number in '0.5 +- 0.00000000000000001' has 18 digits; learning platforms compare at most 15: round it and give a tolerance [quiz.number-too-long]",
    ),
    "a version longer than SCORM 1.2 holds": (
        {
            **lesson("Fine.\n"),
            "course/course.yml": COURSE_YML.replace('"1.0"', '"2026.12.06-second-edition"'),
        },
        {},
        "course/course.yml:4:10: error: 'version' is 25 characters long: write at most 20 [yaml.invalid-value]",
    ),
    "a course title longer than SCORM 2004 holds": (
        {
            **lesson("Fine.\n"),
            "course/course.yml": COURSE_YML.replace("Demo course", "Long " * 41),
        },
        {},
        "course/course.yml:5:8: error: 'title': a title of 204 characters is too long: learning platforms show at most 200 [yaml.invalid-value]",
    ),
    "a lesson title longer than SCORM 2004 holds": (
        {LESSON: FRONT.replace("A lesson", "Long " * 41) + "Fine.\n"},
        {},
        f"{LESSON}:2:8: error: 'title': a title of 204 characters is too long: learning platforms show at most 200 [yaml.invalid-value]",
    ),
    "a language listed twice": (
        {
            **lesson("Fine.\n"),
            "course/course.yml": COURSE_YML.replace("[en]", "[en, en]"),
        },
        {},
        "course/course.yml:7:12: error: 'languages': language 'en' is listed twice [yaml.invalid-value]",
    ),
    # 8. names another computer cannot hold
    "names that differ only in case": (
        {
            **lesson("![A](media/pic.png) ![B](media/Pic.png)\n"),
            f"{M}/media/pic.png": png(),
            f"{M}/media/Pic.png": png(5, 5),
        },
        {},
        f"{M}/media/pic.png:1:1: error: 'pic.png' and 'Pic.png' differ only in upper/lower case or accents: Windows and macOS see one file; rename one of them [path.case-collision]",
    ),
    "names that differ only in how an accent is encoded": (
        {
            **lesson("Fine.\n"),
            f"{M}/media/{NFC}": b"%PDF",
            f"{M}/media/{NFD}": b"%PDF",
        },
        {},
        f"{M}/media/{NFC}:1:1: error: '{NFC}' and '{NFD}' differ only in upper/lower case or accents",
    ),
    "a colon in a file name": (
        {**lesson("Fine.\n"), f"{M}/media/a:b.png": png()},
        {},
        f"{M}/media/a:b.png:1:1: error: the name 'a:b.png' cannot be used on every computer: it holds ':'; rename it with letters, digits and hyphens [path.bad-name]",
    ),
    "a newline in a lesson name": (
        {**lesson("Fine.\n"), f"{M}/02-more.md\n": FRONT + "More.\n"},
        {},
        f"{M}/02-more.md\\x0a:1:1: error: the name '02-more.md\\n' cannot be used on every computer: it holds U+000A; rename it with letters, digits and hyphens [path.bad-name]",
    ),
    "a Windows device name": (
        {**lesson("Fine.\n"), f"{M}/media/con.png": png()},
        {},
        f"{M}/media/con.png:1:1: error: the name 'con.png' cannot be used on every computer: 'con' is a device name on Windows; rename it with letters, digits and hyphens [path.bad-name]",
    ),
    "a name ending with a dot": (
        {**lesson("Fine.\n"), f"{M}/notes.": "x"},
        {},
        f"{M}/notes.:1:1: error: the name 'notes.' cannot be used on every computer: it ends with a dot or a space; rename it with letters, digits and hyphens [path.bad-name]",
    ),
}


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files outside every course: what a symbolic link must never bring in."""
    folder = tmp_path_factory.mktemp("outside")
    return write_files(
        folder,
        {
            "secret.md": FRONT + "The secret.\n",
            "secret.png": png(),
            "secret.pdf": b"%PDF-1.4 secret",
            "course.yml": COURSE_YML,
            "02-more/module.yml": MODULE_YML,
            "02-more/01-x.md": FRONT + "Outside.\n",
        },
    )


@pytest.mark.parametrize("case", list(CASES))
def test_bad_path_is_refused_with_its_place(
    make_course: MakeCourse,
    case: str,
    outside: Path,
    previous_build: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    files, links, expected = CASES[case]
    root = make_course(files)
    for name, target in links.items():
        link = root / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_dir() and not link.is_symlink():
            os.rmdir(link)
        link.unlink(missing_ok=True)
        link.symlink_to(target.replace("OUTSIDE", str(outside)))
    refused(root, expected, previous_build, tmp_path_factory.mktemp("scratch"))


def test_a_fifo_is_never_opened(make_course: MakeCourse) -> None:
    """Opening a named pipe blocks until someone writes to it: the build must not hang."""
    root = make_course(lesson("Fine.\n"))
    (root / "course/course.yml").unlink()
    os.mkfifo(root / "course/course.yml")
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert (
        "course/course.yml:1:1: error: this is not a file: save a text file [file.unreadable]"
        in result.output
    )
    assert result.exit_code == 1


@pytest.mark.parametrize("where", ["modules/01-basics/out", "course/build", "modules"])
def test_an_output_folder_inside_the_sources_is_refused(
    make_course: MakeCourse, where: str
) -> None:
    root = make_course(lesson("Fine.\n"))
    out = root / where
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--out", str(out)])
    folder = where.split("/")[0]
    assert (
        f"{out}: error: the output folder is inside the course's {folder}/ folder; choose one "
        "outside course/ and modules/, such as build/ [out.inside-sources]"
    ) in result.output
    assert result.exit_code == 1
    assert not (out / "html").exists()


def test_an_output_folder_that_cannot_be_made_is_refused(make_course: MakeCourse) -> None:
    root = make_course(lesson("Fine.\n"))
    blocker = root / "not-a-folder"
    blocker.write_text("a file where the build folder should be", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(blocker / "build")]
    )
    assert f"{blocker / 'build'}: error: cannot write the build here: " in result.output
    assert "[out.unwritable]" in result.output
    assert result.exit_code == 1


VALID_BUT_ONCE_FATAL = {
    "links to files with spaces and percent signs": (
        "Read [the plan](<files/my plan.pdf>), [the list](files/my%20list.pdf) and "
        "[the odds](<files/100%25.pdf>).\n"
    ),
    "a video in a question's prompt": (
        '::: assessment\n### Watch <iframe src="https://www.youtube-nocookie.com/embed/x" '
        'title="How to log in"></iframe> {#q1}\n- (x) a\n- ( ) b\n:::\n'
    ),
    "a video under a question": (
        '::: assessment\n### Watch this {#q1}\n\n<iframe src="https://player.vimeo.com/video/1" '
        'title="How to log in"></iframe>\n\n- (x) a\n- ( ) b\n:::\n'
    ),
    "a raw link with a space in a choice": (
        '::: assessment\n### Pick {#q1}\n- (x) <a href="https://example.org/a b">the form</a>\n'
        "- ( ) none\n:::\n"
    ),
}


@pytest.mark.parametrize("case", list(VALID_BUT_ONCE_FATAL))
def test_valid_input_that_once_crashed_the_build_now_builds(
    make_course: MakeCourse, case: str, tmp_path: Path
) -> None:
    """Issue 13, class 5: each of these ended in 'a bug in bwise-mooc' (exit 3)."""
    root = make_course(
        {
            **lesson(VALID_BUT_ONCE_FATAL[case]),
            f"{M}/files/my plan.pdf": b"%PDF-1.4 plan",
            f"{M}/files/my list.pdf": b"%PDF-1.4 list",
            f"{M}/files/100%.pdf": b"%PDF-1.4 odds",
        }
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--jobs", "1", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "olx" / "demo.tar.gz").is_file()
    assert list((out / "scorm12").glob("*.zip")) and list((out / "scorm2004").glob("*.zip"))


def test_attachments_with_odd_names_are_reachable_in_every_format(
    make_course: MakeCourse, tmp_path: Path
) -> None:
    import tarfile
    import zipfile

    root = make_course(
        {
            **lesson(VALID_BUT_ONCE_FATAL["links to files with spaces and percent signs"]),
            f"{M}/files/my plan.pdf": b"%PDF-1.4 plan",
            f"{M}/files/my list.pdf": b"%PDF-1.4 list",
            f"{M}/files/100%.pdf": b"%PDF-1.4 odds",
        }
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "html/01-basics/01-lesson.html").read_text(encoding="utf-8")
    for href in ("my%20plan.pdf", "my%20list.pdf", "100%25.pdf"):
        assert f'href="../01-basics/files/{href}"' in page or f'href="files/{href}"' in page
    assert (out / "html/01-basics/files/my plan.pdf").read_bytes() == b"%PDF-1.4 plan"
    with zipfile.ZipFile(next((out / "scorm12").glob("*.zip"))) as package:
        assert "01-basics/files/100%.pdf" in package.namelist()
    with tarfile.open(out / "olx/demo.tar.gz") as olx:
        statics = [name for name in olx.getnames() if "/static/" in name]
    assert len([name for name in statics if name.endswith(".pdf")]) == 3
    assert all(" " not in name and "%" not in name for name in statics)
