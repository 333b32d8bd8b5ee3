"""The image pipeline: upright, at most 1600 px, no metadata, re-encoded, stored once, stable."""

import hashlib
import io
import pickle
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.config import ImageSettings
from bwise_mooc.images import (
    PIPELINE_VERSION,
    ImageError,
    ImageStore,
    optimise,
    output_name,
)

GPS_IFD = 0x8825
ORIENTATION = 0x0112
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def phone_photo(width: int = 4032, height: int = 3024, orientation: int = 1) -> bytes:
    """A photo as a phone writes it: large, with camera, GPS and orientation in its EXIF."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image.paste((200, 40, 40), (0, 0, width // 4, height // 4))  # a red mark: top left
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (50.0, 51.0, 0.0), 3: "E", 4: (4.0, 21.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif, comment=b"taken at the workshop")
    return out.getvalue()


def screenshot_with_text_chunk() -> bytes:
    image = Image.new("RGB", (2400, 1200), (255, 255, 255))
    image.paste((20, 60, 200), (100, 100, 900, 400))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Somebody")
    info.add_text("Location", "Home address")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_a_phone_photo_is_shrunk_turned_upright_and_stripped() -> None:
    source = phone_photo(orientation=6)  # stored sideways: "rotate 90 degrees clockwise"
    result = optimise(source, ".jpg", ImageSettings())
    image = Image.open(io.BytesIO(result))
    assert image.format == "JPEG"
    assert image.size == (1200, 1600)  # upright portrait, long side 1600
    assert not image.getexif() and "exif" not in image.info and "comment" not in image.info
    red = image.getpixel((image.width - 10, 10))
    assert isinstance(red, tuple) and red[0] > 150  # the red mark is now top right
    assert len(result) < len(source) / 5


def test_webp_and_quality_follow_the_settings() -> None:
    source = phone_photo(1600, 1200)
    webp = optimise(source, ".jpg", ImageSettings(photo_format="webp", quality=60))
    assert Image.open(io.BytesIO(webp)).format == "WEBP"
    assert output_name(source, ".jpg", ImageSettings(photo_format="webp")).endswith(".webp")
    low = optimise(source, ".jpg", ImageSettings(quality=50))
    high = optimise(source, ".jpg", ImageSettings(quality=90))
    assert len(low) < len(high)


def test_a_screenshot_stays_png_without_its_text_chunks() -> None:
    result = optimise(screenshot_with_text_chunk(), ".png", ImageSettings())
    image = Image.open(io.BytesIO(result))
    assert (image.format, image.size) == ("PNG", (1600, 800))
    assert not {"Author", "Location"} & set(image.info)


def test_few_colours_become_a_palette_without_changing_a_pixel() -> None:
    image = Image.new("RGB", (300, 200), (255, 255, 255))
    image.paste((0, 90, 160), (20, 20, 150, 120))
    out = io.BytesIO()
    image.save(out, "PNG")
    result = Image.open(io.BytesIO(optimise(out.getvalue(), ".png", ImageSettings())))
    assert result.mode == "P"
    assert result.convert("RGB").tobytes() == image.tobytes()


def test_names_depend_on_content_and_settings_only() -> None:
    photo = phone_photo(800, 600)
    assert output_name(photo, ".jpg", ImageSettings()) == output_name(
        photo, ".JPEG", ImageSettings()
    )
    assert output_name(photo, ".jpg", ImageSettings()) != output_name(
        photo, ".jpg", ImageSettings(max_size=1200)
    )
    assert optimise(photo, ".jpg", ImageSettings()) == optimise(photo, ".jpg", ImageSettings())


def packaged_images(out: Path) -> Iterator[tuple[str, bytes]]:
    """Every image in every output: loose files, and members of every zip and tarball."""
    for path in sorted(out.rglob("*")):
        if ".cache" in path.parts or not path.is_file():
            continue
        if path.suffix.lower() in IMAGE_SUFFIXES:
            yield str(path.relative_to(out)), path.read_bytes()
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.lower().endswith(IMAGE_SUFFIXES):
                        yield f"{path.name}/{name}", archive.read(name)
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    if member.isfile() and member.name.lower().endswith(IMAGE_SUFFIXES):
                        data = archive.extractfile(member)
                        assert data is not None
                        yield f"{path.name}/{member.name}", data.read()


@pytest.fixture
def course_with_photos(fixture_course: Callable[[str], Path]) -> Path:
    """The sample course with one phone photo used in both modules, and a big screenshot."""
    root = fixture_course("sample")
    for module in "01-phone-basics", "02-safe-online":
        (root / f"modules/{module}/media/team.jpg").write_bytes(phone_photo(orientation=6))
        lesson = next((root / "modules" / module).glob("01-*.md"))
        lesson.write_text(
            lesson.read_text("utf-8") + "\n![Our team at the workshop.](media/team.jpg)\n",
            "utf-8",
        )
    (root / "modules/01-phone-basics/media/screen.png").write_bytes(screenshot_with_text_chunk())
    lesson = root / "modules/01-phone-basics/02-wifi-and-simple-fixes.md"
    lesson.write_text(
        lesson.read_text("utf-8") + "\n![A settings screen.](media/screen.png)\n", "utf-8"
    )
    return root


def test_no_packaged_image_keeps_metadata_or_its_size(course_with_photos: Path) -> None:
    out = course_with_photos / "build"
    formats = ["html", "scorm12", "scorm2004", "olx"]
    build = Build(BuildRequest(course_with_photos, formats, out=out, jobs=2))
    assert not build.read().errors, [str(d) for d in build.diagnostics]
    build.write()
    found = list(packaged_images(out))
    assert len(found) > 20
    for name, data in found:
        image = Image.open(io.BytesIO(data))
        assert max(image.size) <= 1600, name
        assert not image.getexif(), f"{name} has EXIF"
        assert not {"exif", "comment", "icc_profile", "Author", "Location"} & set(image.info), name
    course_zip = out / "scorm12" / "bwise-digital-skills.zip"
    with zipfile.ZipFile(course_zip) as archive:
        photos = [n for n in archive.namelist() if n.endswith(".jpg")]
    assert len(photos) == 1 and photos[0].startswith("media/")  # used twice, stored once


def test_a_damaged_image_gives_an_image_error_naming_it() -> None:
    """check refuses these first; a build that meets one anyway reports it, not a Pillow error."""
    photo = phone_photo(640, 480)
    for data, suffix in ((photo[: len(photo) // 2], ".jpg"), (b"<svg>", ".svg")):
        with pytest.raises(ImageError) as raised:
            optimise(data, suffix, ImageSettings(), "modules/m/media/x" + suffix)
        assert str(raised.value).startswith(
            f"image 'modules/m/media/x{suffix}' cannot be prepared: "
        )
        copy = pickle.loads(pickle.dumps(raised.value))  # it crosses worker processes
        assert (copy.source, copy.reason) == (raised.value.source, raised.value.reason)


def test_image_errors_come_back_from_worker_processes(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.jpg", tmp_path / "bad.jpg"
    good.write_bytes(phone_photo(640, 480))
    bad.write_bytes(good.read_bytes()[:5000])
    store = ImageStore(ImageSettings(), tmp_path / "cache")
    with pytest.raises(ImageError, match=f"image '{bad}' cannot be prepared: "):
        store.prepare([(good, "media/good.jpg"), (bad, "media/bad.jpg")], jobs=2)


def test_a_very_wide_photo_is_made() -> None:
    """4000 x 1 once asked the JPEG draft decoder for a height of 0 (ZeroDivisionError)."""
    out = io.BytesIO()
    Image.new("RGB", (4000, 1), "white").save(out, "JPEG")
    result = Image.open(io.BytesIO(optimise(out.getvalue(), ".jpg", ImageSettings())))
    assert result.size == (1600, 1)


def test_svg_is_sanitised_and_renamed_but_bitmaps_keep_their_names() -> None:
    drawing = (
        b'<?xml version="1.0"?><!-- made by hand -->'
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        b'<rect width="4" height="3"/></svg>'
    )
    assert optimise(drawing, ".SVG", ImageSettings()) == (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<rect width="4" height="3"/></svg>\n'
    )

    def name_before(data: bytes, suffix: str) -> str:  # the name when SVG was copied as it was
        settings_before = '{"max_size":1600,"photo_format":"jpeg","quality":80}'  # no lossless yet
        key = f"{PIPELINE_VERSION}|{settings_before}|{hashlib.sha256(data).hexdigest()}"
        return f"media/{hashlib.sha256(key.encode()).hexdigest()[:20]}{suffix}"

    photo = phone_photo(320, 240)
    assert output_name(photo, ".jpg", ImageSettings()) == name_before(photo, ".jpg")
    assert output_name(drawing, ".svg", ImageSettings()) != name_before(drawing, ".svg")
