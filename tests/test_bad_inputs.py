"""The catalogue of bad inputs (issue 6): each one gives a clear `path:line:col` message,
exit code 1 and no traceback, through the command authors run.

Each case writes a small course (the defaults of ``make_course`` plus its files) and names the
exact diagnostic line `bwise-mooc check` must print.
"""

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from bwise_mooc.cli import main
from tests.catalogue import refused
from tests.conftest import FRONT, MODULE_YML

MakeCourse = Callable[..., Path]
LESSON = "modules/01-basics/01-lesson.md"


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def png(width: int = 4, height: int = 3, fmt: str = "PNG") -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, fmt)
    return buffer.getvalue()


def lesson(body: str) -> dict[str, str | bytes]:
    return {LESSON: FRONT + body}


IMAGE = "![A white square](media/pic.png)\n"
CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "invalid YAML": (
        {"modules/01-basics/module.yml": "title: [unclosed\nsummary: x\n"},
        "modules/01-basics/module.yml:1:8: error: the list opened with '[' is never closed: add ']' at its end, with commas between items [yaml.syntax]",
    ),
    "misspelt key": (
        {"modules/01-basics/module.yml": MODULE_YML + "pasing_score: 80\n"},
        "modules/01-basics/module.yml:7:1: error: unknown key 'pasing_score': did you mean 'passing_score'? [yaml.unknown-key]",
    ),
    "wrong type": (
        {
            "modules/01-basics/module.yml": MODULE_YML.replace(
                "estimated_minutes: 30", "estimated_minutes: half an hour"
            )
        },
        "modules/01-basics/module.yml:6:20: error: 'estimated_minutes' must be a whole number of minutes, like 15, written in digits, not 'half an hour' [yaml.invalid-value]",
    ),
    "missing key": (
        {"modules/01-basics/module.yml": MODULE_YML.replace("summary: Basic things.\n", "")},
        "modules/01-basics/module.yml:1:1: error: 'summary' is missing: add a line 'summary: ...' [yaml.missing-key]",
    ),
    "unknown outcome id": (
        {LESSON: FRONT.replace("[o1]", "[o1, o7]") + "Text.\n"},
        f"{LESSON}:4:16: error: outcome 'o7' is not defined in this module's module.yml; known: o1 [outcome.unknown]",
    ),
    "duplicate question id": (
        lesson("::: quiz\n### A {#same}\n- answer: true\n\n### B {#same}\n- answer: false\n:::\n"),
        f"{LESSON}:10:1: error: question id 'same' is used twice in this lesson (first at line 7) [quiz.duplicate-id]",
    ),
    "duplicate module slug": (
        {
            "modules/02-basics/module.yml": MODULE_YML.replace("o1", "o2"),
            "modules/02-basics/01-a.md": FRONT.replace("o1", "o2") + "A.\n",
            **lesson("A.\n"),
        },
        "modules/02-basics/module.yml:1:1: error: duplicate module slug 'basics' (also in modules/01-basics/module.yml) [id.duplicate]",
    ),
    "two lessons with one number": (
        {**lesson("A.\n"), "modules/01-basics/01-other.md": FRONT + "B.\n"},
        "modules/01-basics/01-other.md:1:1: error: two lessons are numbered 01; give each its own number [order.duplicate]",
    ),
    "broken link": (
        lesson("See [the next lesson](02-next.md).\n"),
        f"{LESSON}:6:23: error: link target '02-next.md' not found [path.missing]",
    ),
    "broken anchor": (
        lesson("See [below](#nowhere).\n\n## Somewhere\n"),
        f"{LESSON}:6:13: error: '#nowhere' is not a heading in {LESSON} [link.missing-anchor]",
    ),
    "missing image": (
        lesson("![A chart](media/chart.png)\n"),
        f"{LESSON}:6:12: error: image 'media/chart.png' not found [path.missing]",
    ),
    "corrupt image": (
        {**lesson(IMAGE), "modules/01-basics/media/pic.png": png()[:40]},
        f"{LESSON}:6:19: error: image 'media/pic.png' cannot be read: ",
    ),
    "mislabelled image": (
        {**lesson(IMAGE), "modules/01-basics/media/pic.png": png(fmt="JPEG")},
        f"{LESSON}:6:19: error: image 'media/pic.png' is a JPEG file with a .png name [media.mislabelled]",
    ),
    "decompression bomb": (
        {**lesson(IMAGE), "modules/01-basics/media/pic.png": png_header(100_000, 100_000)},
        f"{LESSON}:6:19: error: image 'media/pic.png' unpacks to far too many pixels [media.bomb]",
    ),
    "too many pixels": (
        {**lesson(IMAGE), "modules/01-basics/media/pic.png": png_header(9_000, 6_000)},
        f"{LESSON}:6:19: error: image 'media/pic.png' is 9000 x 6000 pixels; make it smaller [media.too-many-pixels]",
    ),
    "oversized image file": (
        {**lesson(IMAGE), "modules/01-basics/media/pic.png": png() + b"\0" * 20_000_001},
        f"{LESSON}:6:19: error: image 'media/pic.png' is 20,000,078 bytes; the limit is 20,000,000 [media.too-large]",
    ),
    "image without alt text": (
        {**lesson("![](media/pic.png)\n"), "modules/01-basics/media/pic.png": png()},
        f"{LESSON}:6:5: error: image 'media/pic.png' has no alt text [media.no-alt]",
    ),
    "script in an SVG": (
        {
            **lesson("![A logo](media/logo.svg)\n"),
            "modules/01-basics/media/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        },
        f"{LESSON}:6:11: error: image 'media/logo.svg' holds <script> at line 1, which runs script [media.unsafe-svg]",
    ),
    "no correct answer": (
        lesson("::: quiz\n### Pick\n- ( ) a\n- ( ) b\n:::\n"),
        f"{LESSON}:7:1: error: quiz question has no correct answer [quiz.no-correct-answer]",
    ),
    "contradictory answers": (
        lesson("::: quiz\n### Pick one\n- (x) a\n- (x) b\n:::\n"),
        f"{LESSON}:9:3: error: single-choice question has 2 correct answers; use '[ ]'/'[x]' for multiple response [quiz.several-correct]",
    ),
    "negative tolerance": (
        lesson("::: quiz\n### How many?\n- number: 5 +- -1\n:::\n"),
        f"{LESSON}:8:3: error: tolerance must not be negative: '5 +- -1' [quiz.bad-tolerance]",
    ),
    "range backwards": (
        lesson("::: quiz\n### How many?\n- number: 9..2\n:::\n"),
        f"{LESSON}:8:3: error: range '9..2' runs backwards: write the smaller number first [quiz.bad-range]",
    ),
    "unclosed quiz": (
        lesson("::: quiz\n### Pick\n- (x) a\n- ( ) b\n"),
        f"{LESSON}:6:1: error: '::: quiz' block opened here is never closed with ':::' [quiz.unclosed]",
    ),
    "not UTF-8": (
        {LESSON: (FRONT + "Caf\xe9\n").encode("cp1252")},
        f"{LESSON}:6:4: error: this file is not saved as UTF-8 ('é' here): open it in your editor and save it again with the encoding 'UTF-8' [file.encoding]",
    ),
    "control character": (
        lesson("Pasted\x0btext.\n"),
        f"{LESSON}:6:7: error: invisible control character U+000B: delete it [file.control-character]",
    ),
    "very long line": (
        lesson("word " * 5000 + "\n"),
        f"{LESSON}:6:1: error: line is 25,000 characters long; the limit is 20,000 [file.long-line]",
    ),
    "very long file": (
        lesson("Short line.\n" * 200_000),
        f"{LESSON}:1:1: error: file is 2,400,061 bytes; the limit is 2,000,000: split it into lessons [file.too-large]",
    ),
    "empty module": (
        {},
        "modules/01-basics:1:1: error: module has no lessons: add a file such as 01-introduction.md [module.empty]",
    ),
    "link out of the course": (
        lesson("[secrets](../../../etc/passwd)\n"),
        f"{LESSON}:6:11: error: link target '../../../etc/passwd' points outside the course [path.outside]",
    ),
    "absolute path": (
        lesson("![A file](/etc/hosts)\n"),
        f"{LESSON}:6:11: error: image '/etc/hosts' is an absolute path [path.absolute]",
    ),
    "more choices than SCORM 1.2 can number": (  # a check the scorm12 exporter declares
        lesson(
            "::: assessment\n### Pick one {#many outcomes=o1}\n- (x) Choice 0\n"
            + "".join(f"- ( ) Choice {n}\n" for n in range(1, 37))
            + ":::\n"
        ),
        f"{LESSON}:7:1: error: assessment question has 37 choices; SCORM 1.2 can report 36 at most: split it into two questions [quiz.too-many-choices]",
    ),
    "more right choices than Moodle can grade": (  # a check the question banks declare
        lesson(
            "::: quiz\n### Pick all {#all}\n"
            + "".join(f"- [x] Choice {n}\n" for n in range(21))
            + ":::\n"
        ),
        f"{LESSON}:7:1: error: question has 21 right choices; Moodle's grades can share 100% among 20 at most: split it into two questions [bank.too-many-right]",
    ),
    "a Windows path to an image": (
        lesson("![A picture](media\\pic.png)\n"),
        f"{LESSON}:6:14: error: image 'media\\pic.png' not found: write '/' between folders, not '\\' [path.missing]",
    ),
    "a missing image with an accented name, shown as written": (
        lesson("![Ein Bild](media/größe.png)\n"),
        f"{LESSON}:6:13: error: image 'media/größe.png' not found [path.missing]",
    ),
    "file: URL": (
        lesson("[a file](file:///etc/passwd)\n"),
        f"{LESSON}:6:10: error: 'file:' links are not allowed: link to a lesson, a file in the course or a web page [link.scheme]",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_reported_with_its_place(
    make_course: MakeCourse,
    case: str,
    previous_build: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    files, expected = CASES[case]
    refused(make_course(files), expected, previous_build, tmp_path_factory.mktemp("scratch"))


def test_a_symlink_out_of_the_course_is_refused(
    make_course: MakeCourse, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(png())
    root = make_course(lesson(IMAGE))
    (root / "modules/01-basics/media").mkdir(parents=True, exist_ok=True)
    (root / "modules/01-basics/media/pic.png").symlink_to(outside)
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert (
        f"{LESSON}:6:19: error: image 'media/pic.png' points outside the course [path.outside]"
        in result.output
    )
    assert result.exit_code == 1


def test_bom_and_crlf_are_accepted(make_course: MakeCourse) -> None:
    text = ("\ufeff" + FRONT + "Fine.\n\n::: quiz\n### Q\n- answer: true\n:::\n").replace(
        "\n", "\r\n"
    )
    root = make_course({LESSON: text.encode("utf-8")})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert ": error: " not in result.output
