"""Photographs saved as PNG become photos; graphics, transparency and lossless paths stay PNG."""

import hashlib
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.config import ImageSettings
from bwise_mooc.images import keeps_lossless, optimise, output_name
from bwise_mooc.photo_detect import is_photograph, png_is_photograph
from tests.conftest import MakeCourse

SMALL = (200, 150)
SUFFIX_OF_FORMAT = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}


def _image_kinds() -> ModuleType:
    """``scripts/image_kinds.py``: the generated pictures the benchmark uses too."""
    path = Path(__file__).resolve().parents[1] / "scripts" / "image_kinds.py"
    spec = importlib.util.spec_from_file_location("image_kinds", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kinds = _image_kinds()


def uncompressed(data: bytes) -> bytes:
    """The same pixels in a PNG without compression: the detector must decode it to decide."""
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "PNG", compress_level=0)
    return out.getvalue()


PHOTOS = {
    "noisy photo": kinds.photo_png("t1", SMALL),
    "photo with 40% flat sky": kinds.photo_png("t2", SMALL, flat_share=0.4),
    "photo with alpha 252 everywhere": kinds.photo_png("t3", SMALL, alpha=252),
}
GRAPHICS = {
    "screenshot": kinds.screenshot_png("t4", SMALL),
    "big screenshot": kinds.screenshot_png("t5", (1280, 800)),
    "anti-aliased diagram": kinds.diagram_png("t6", SMALL),
    "logo on transparency": kinds.transparent_png("t7", SMALL),
    "photo with alpha 200 (see-through)": kinds.photo_png("t8", SMALL, alpha=200),
    "photo with one transparent pixel": b"",  # made below
}


def _one_transparent_pixel() -> bytes:
    image = Image.open(io.BytesIO(kinds.photo_png("t9", SMALL))).convert("RGBA")
    image.putpixel((5, 5), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


GRAPHICS["photo with one transparent pixel"] = _one_transparent_pixel()


@pytest.mark.parametrize("kind", PHOTOS)
def test_photographs_are_detected(kind: str) -> None:
    assert png_is_photograph(PHOTOS[kind])
    assert png_is_photograph(uncompressed(PHOTOS[kind]))


@pytest.mark.parametrize("kind", GRAPHICS)
def test_graphics_and_transparency_stay_png(kind: str) -> None:
    """Decoded and measured, not only judged by how well the file compresses."""
    assert not png_is_photograph(uncompressed(GRAPHICS[kind]))
    assert not is_photograph(Image.open(io.BytesIO(GRAPHICS[kind])))


def test_a_tiny_picture_stays_png() -> None:
    assert not png_is_photograph(kinds.photo_png("t10", (100, 80)))


@pytest.mark.parametrize("photo_format", ["jpeg", "webp"])
def test_a_photo_png_is_encoded_as_a_photo_and_its_name_says_so(photo_format: str) -> None:
    settings = ImageSettings(photo_format=photo_format)
    for data in (*PHOTOS.values(), *GRAPHICS.values()):
        name = output_name(data, ".png", settings)
        made = optimise(data, ".png", settings, output=Path(name).suffix)
        assert SUFFIX_OF_FORMAT[str(Image.open(io.BytesIO(made)).format)] == Path(name).suffix
    photo = PHOTOS["noisy photo"]
    assert output_name(photo, ".png", settings).endswith(
        ".jpg" if photo_format == "jpeg" else ".webp"
    )
    assert Image.open(io.BytesIO(optimise(photo, ".png", settings))).mode == "RGB"


def test_almost_opaque_alpha_is_dropped_in_the_photo() -> None:
    made = optimise(PHOTOS["photo with alpha 252 everywhere"], ".png", ImageSettings())
    assert Image.open(io.BytesIO(made)).format == "JPEG"


def test_lossless_keeps_a_photo_png_and_changes_only_its_name() -> None:
    photo = PHOTOS["noisy photo"]
    settings = ImageSettings(lossless=("modules/*/media/screens/*",))
    as_photo, kept = (
        output_name(photo, ".png", settings),
        output_name(photo, ".png", settings, True),
    )
    assert as_photo.endswith(".jpg") and kept.endswith(".png")
    assert Path(as_photo).stem == Path(kept).stem  # the suffix alone carries the choice
    made = optimise(photo, ".png", settings, output=".png")
    assert Image.open(io.BytesIO(made)).format == "PNG"
    # the list of lossless paths does not rename the pictures it does not name
    assert output_name(photo, ".png", ImageSettings()) == as_photo


def test_lossless_patterns_match_paths_relative_to_the_course_folder() -> None:
    settings = ImageSettings(
        lossless=(
            "modules/01-basics/media/chart.png",
            "modules/*/media/screens/*",
            "course/**/*.png",
        )
    )
    assert keeps_lossless("modules/01-basics/media/chart.png", settings)
    assert keeps_lossless("modules/02-more/media/screens/settings.png", settings)
    assert keeps_lossless("course/media/brand/logo.png", settings)
    assert not keeps_lossless("modules/02-more/media/chart.png", settings)
    assert not keeps_lossless(
        "modules/02-more/media/screens/deep/x.png", settings
    )  # * is one folder


@pytest.mark.parametrize("pattern", ["/modules/x.png", "../x.png", "modules\\x.png", "/"])
def test_a_lossless_path_must_be_relative(pattern: str) -> None:
    with pytest.raises(ValueError, match="relative to the course folder"):
        ImageSettings(lossless=(pattern,))


def test_the_photo_is_the_same_bytes_every_time() -> None:
    photo = PHOTOS["photo with 40% flat sky"]
    assert optimise(photo, ".png", ImageSettings()) == optimise(photo, ".png", ImageSettings())


LESSON = """\
# Pictures

![A photo of the workshop.](media/workshop.png)

![The settings screen.](media/screens/settings.png)
"""


def _course(make_course: MakeCourse, course_yml_extra: str = "") -> Path:
    root = make_course(
        {
            "modules/01-basics/media/workshop.png": kinds.photo_png("c1", (400, 300)),
            "modules/01-basics/media/screens/settings.png": kinds.screenshot_png("c2", (400, 300)),
        },
        lesson=LESSON,
    )
    if course_yml_extra:
        course_yml = root / "course/course.yml"
        course_yml.write_text(course_yml.read_text("utf-8") + course_yml_extra, "utf-8")
    return root


def _html_media(root: Path, out: Path, jobs: int) -> dict[str, str]:
    build = Build(BuildRequest(root, ["html"], out=out, jobs=jobs))
    assert not build.read().errors, [str(d) for d in build.diagnostics]
    build.write()
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("media/*"))
        if ".cache" not in path.parts
    }


def test_a_course_build_names_photo_pngs_as_photos_the_same_with_1_or_2_workers(
    make_course: MakeCourse, tmp_path: Path
) -> None:
    root = _course(make_course)
    one, two = _html_media(root, tmp_path / "one", 1), _html_media(root, tmp_path / "two", 2)
    assert one == two
    suffixes = sorted(Path(name).suffix for name in one)
    assert suffixes == [".jpg", ".png"]


def test_lossless_in_course_yml_keeps_the_photo_png(
    make_course: MakeCourse, tmp_path: Path
) -> None:
    root = _course(make_course, "images:\n  lossless: [modules/01-basics/media/workshop.png]\n")
    media = _html_media(root, tmp_path / "out", 1)
    assert sorted(Path(name).suffix for name in media) == [".png", ".png"]
