"""Where each file of the course goes in a package (``Course.media``): named in stage 2
(``transforms/assets.py``), never by the parser, and read by every exporter; a changed picture
gets a new name, so the parts of the modules that show it are made again, and no other."""

import io
from pathlib import Path

from PIL import Image

from bwise_mooc import ir
from bwise_mooc.config import ImageSettings
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.images import output_name
from bwise_mooc.memo import outline_digest, part_key
from bwise_mooc.parse import read_course
from bwise_mooc.pipeline import load_course
from tests.conftest import COURSE_YML, MakeCourse

LESSON = """\
![A white square](media/square.png)

Read [the form](files/form.pdf) and see [the square](media/square.png).
"""


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(out, "PNG")
    return out.getvalue()


def _course(make_course: MakeCourse, colour: str = "white", settings: str = "") -> Path:
    return make_course(
        {
            "course/course.yml": COURSE_YML + settings,
            "modules/01-basics/media/square.png": _png(colour),
            "modules/01-basics/files/form.pdf": b"%PDF-1.4\n",
        },
        lesson=LESSON,
    )


def test_stage_2_names_pictures_by_content_and_settings_and_keeps_other_files_in_place(
    make_course: MakeCourse,
) -> None:
    root = _course(make_course, settings="images: {photo_format: webp, quality: 60}\n")
    parsed = read_course(root, Diagnostics())
    assert parsed is not None and parsed.media == {}  # the parser names nothing
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    picture = "modules/01-basics/media/square.png"
    settings = ImageSettings(photo_format="webp", quality=60)
    assert course.media == {
        "modules/01-basics/files/form.pdf": "01-basics/files/form.pdf",
        picture: output_name((root / picture).read_bytes(), ".png", settings),
    }
    image = course.modules[0].lessons[0].blocks[0]
    assert isinstance(image, ir.Image)
    assert image.src == "media/square.png" and 'src="media/square.png"' in image.html


def test_a_changed_picture_changes_its_name_and_the_key_of_its_modules_parts(
    make_course: MakeCourse,
) -> None:
    before, _ = load_course(_course(make_course))
    after, _ = load_course(_course(make_course, colour="black"))
    assert before is not None and after is not None
    picture = "modules/01-basics/media/square.png"
    assert before.media[picture] != after.media[picture]
    assert before.modules == after.modules  # the lessons' text is the same...
    assert outline_digest(before) == outline_digest(after)  # ...and what every page shows...
    module_before, module_after = before.modules[0], after.modules[0]
    assert part_key(before, "part", "page", [module_before]) != (  # ...but not the module's
        part_key(after, "part", "page", [module_after])
    )
    assert part_key(before, "part", "page", ["a name"]) == part_key(
        after, "part", "page", ["a name"]
    )


def test_a_changed_course_image_changes_the_outline_of_every_page(make_course: MakeCourse) -> None:
    settings = "image: media/cover.png\nimage_alt: A cover\n"
    files = {"course/course.yml": COURSE_YML + settings, "course/media/cover.png": _png("white")}
    before, diagnostics = load_course(make_course(files, lesson="Text."))
    assert before is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    files["course/media/cover.png"] = _png("black")
    after, _ = load_course(make_course(files, lesson="Text."))
    assert after is not None
    assert outline_digest(before) != outline_digest(after)
