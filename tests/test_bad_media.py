"""The catalogue of hostile images (issue 13): each is refused by `bwise-mooc check` with its
exact `path:line:col` line, exit code 1 and no traceback, and every image check accepts also
builds. Damaged bitmaps must not pass check and then crash the build; SVG must not run script,
read local files or load anything from another host (``svg_safety``).
"""

import base64
import hashlib
import io
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageFile

import bwise_mooc
from bwise_mooc.cli import main
from bwise_mooc.images import ImageStore
from bwise_mooc.parse import media
from bwise_mooc.svg_safety import check_svg, sanitise_svg
from tests.catalogue import build_refused
from tests.conftest import FRONT, MODULE_YML

Maker = tuple[ImageStore, bool] | None

MakeCourse = Callable[..., Path]
LESSON = "modules/01-basics/01-lesson.md"
MEDIA = "modules/01-basics/media"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# -- making damaged pictures ---------------------------------------------------------------


def gradient(width: int = 64, height: int = 48) -> Image.Image:
    return Image.linear_gradient("L").resize((width, height)).convert("RGB")


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def animation(fmt: str, frames: int, size: tuple[int, int] = (48, 32), **options: object) -> bytes:
    """``frames`` different frames (Pillow merges equal neighbours)."""
    base = Image.linear_gradient("L").resize(size)
    pictures = [base.rotate(index * 37 % 360).convert("RGB") for index in range(frames)]
    return encoded(pictures[0], fmt, save_all=True, append_images=pictures[1:], **options)


def blinking(fmt: str, frames: int, size: tuple[int, int], **options: object) -> bytes:
    """``frames`` frames that alternate between black and red."""
    pictures = [Image.new("RGB", size, (255 * (index % 2), 0, 0)) for index in range(frames)]
    return encoded(pictures[0], fmt, save_all=True, append_images=pictures[1:], **options)


def orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value  # Orientation; 6: turn 90 degrees clockwise to show
    return exif.tobytes()


def cut(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    position = len(PNG_SIGNATURE)
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        yield data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        position += 12 + length


def rewrite_png(data: bytes, change: Callable[[bytes, bytes, int], bytes]) -> bytes:
    """The PNG with each chunk's data replaced by ``change(kind, data, index of that kind)``,
    with correct checksums."""
    seen: dict[bytes, int] = {}
    out = [PNG_SIGNATURE]
    for kind, body in png_chunks(data):
        seen[kind] = seen.get(kind, -1) + 1
        out.append(chunk(kind, change(kind, body, seen[kind])))
    return b"".join(out)


def scramble(data: bytes, start: int, length: int = 24) -> bytes:
    return (
        data[:start]
        + bytes(b ^ 0x55 for b in data[start : start + length])
        + data[start + length :]
    )


def png_claiming(width: int, height: int, interlace: int = 0) -> bytes:
    """A 64 x 48 PNG (``interlace``: Adam7) whose header claims another size."""
    return rewrite_png(
        interlaced_png(gradient()) if interlace else encoded(gradient(), "PNG"),
        lambda kind, body, _: (
            struct.pack(">II", width, height) + body[8:] if kind == b"IHDR" else body
        ),
    )


def interlaced_png(image: Image.Image) -> bytes:
    """The RGB ``image`` as an interlaced (Adam7) PNG, which Pillow does not write: each pass's
    rows, each with filter type 0 (none)."""
    width, height = image.size
    pixels = image.tobytes()

    def pixel(column: int, row: int) -> bytes:
        at = (row * width + column) * 3
        return pixels[at : at + 3]

    rows = [
        b"\0" + b"".join(pixel(column, row) for column in range(x, width, dx))
        for x, y, dx, dy in media.ADAM7
        if x < width
        for row in range(y, height, dy)
    ]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)  # 8-bit RGB, Adam7
    chunks = [(b"IHDR", header), (b"IDAT", zlib.compress(b"".join(rows))), (b"IEND", b"")]
    return PNG_SIGNATURE + b"".join(chunk(kind, body) for kind, body in chunks)


def png_without_its_last_row(interlace: int) -> bytes:
    """A 64 x 48 PNG whose pixel data (in one IDAT) ends one row early: the last row, or of
    an interlaced one, the last row of its seventh pass."""
    data = interlaced_png(gradient()) if interlace else encoded(gradient(), "PNG")
    row = 1 + 64 * 3  # a filter byte, then RGB

    def cut_row(kind: bytes, body: bytes, _: int) -> bytes:
        return zlib.compress(zlib.decompress(body)[:-row]) if kind == b"IDAT" else body

    return rewrite_png(data, cut_row)


def png_bad_checksum() -> bytes:
    """A PNG with pixel data changed after its checksum was computed."""
    data = bytearray(encoded(gradient(), "PNG"))
    data[data.index(b"IDAT") + 20] ^= 0xFF
    return bytes(data)


def apng_bad_frame() -> bytes:
    """An APNG whose third frame (its second fdAT) holds scrambled compressed data."""
    return rewrite_png(
        animation("PNG", 3),
        lambda kind, body, index: scramble(body, 6) if kind == b"fdAT" and index == 1 else body,
    )


def webp_bad_frame() -> bytes:
    data = animation("WEBP", 3, lossless=True)
    third = [found.start() for found in re.finditer(b"ANMF", data)][2]
    return scramble(data, third + 40, 20)


def svg(body: str) -> str:
    return f"{SVG_OPEN}{body}</svg>"


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    + svg("<text>&d;</text>")
)
XXE = '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>")
INKSCAPE = """\
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg
   width="210mm"
   height="297mm"
   viewBox="0 0 210 297"
   version="1.1"
   id="svg1"
   inkscape:version="1.3.2 (091e20e, 2023-11-25)"
   sodipodi:docname="router.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview
     id="namedview1"
     pagecolor="#ffffff"
     inkscape:zoom="0.7"
     inkscape:current-layer="layer1" />
  <defs
     id="defs1">
    <linearGradient
       id="linearGradient2"
       inkscape:collect="always">
      <stop style="stop-color:#0055d4;stop-opacity:1" offset="0" id="stop1" />
      <stop style="stop-color:#0055d4;stop-opacity:0" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient
       xlink:href="#linearGradient2"
       id="linearGradient3"
       x1="20" y1="40" x2="180" y2="40"
       gradientUnits="userSpaceOnUse" />
  </defs>
  <metadata id="metadata1">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:title>Router</dc:title>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g
     inkscape:label="Layer 1"
     inkscape:groupmode="layer"
     id="layer1">
    <rect
       style="fill:url(#linearGradient3);stroke:#000000;stroke-width:0.5"
       id="rect1"
       width="160" height="40" x="20" y="20" ry="4"
       sodipodi:nodetypes="cccc" />
    <path
       style="fill:none;stroke:#000000;stroke-width:1"
       d="m 40,20 v -15 m 120,15 v -15"
       id="path1"
       inkscape:connector-curvature="0" />
    <text
       xml:space="preserve"
       style="font-size:10px;font-family:'DejaVu Sans'"
       x="100" y="45"
       id="text1"><tspan
         sodipodi:role="line"
         id="tspan1"
         x="100" y="45">Wi-Fi router</tspan></text>
    <use xlink:href="#rect1" transform="translate(0,60)" id="use1" />
  </g>
</svg>
"""
TINY_PNG = encoded(Image.new("RGB", (2, 2), "red"), "PNG")
DATA_PNG = "data:image/png;base64," + base64.b64encode(TINY_PNG).decode()

# file name -> (bytes or text, what follows "image 'media/<name>' " on the check's line)
CASES: dict[str, tuple[bytes | str, str]] = {
    # -- bitmaps that decoded nowhere but in the build ----------------------------------------
    "truncated.jpg": (
        cut(encoded(gradient(640, 480), "JPEG")),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "truncated-progressive.jpg": (
        cut(encoded(gradient(640, 480), "JPEG", progressive=True)),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "truncated-large-photo.jpg": (
        cut(encoded(gradient(4000, 3000), "JPEG"), 0.8),  # decoded at 1/8 scale, all read
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "broken-zlib.png": (
        rewrite_png(
            encoded(gradient(), "PNG"),
            lambda kind, body, _: scramble(body, 10, 20) if kind == b"IDAT" else body,
        ),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "bad-checksum.png": (
        png_bad_checksum(),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "short-pixel-data.png": (
        rewrite_png(
            encoded(gradient(), "PNG"),
            lambda kind, body, _: cut(body) if kind == b"IDAT" else body,
        ),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "header-too-wide.png": (
        png_claiming(128, 48),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "header-too-tall.png": (
        png_claiming(64, 96),  # Pillow would paint the missing rows black
        "cannot be read: it holds less pixel data than its 64 x 96 size needs [media.corrupt]",
    ),
    "last-row-missing.png": (
        png_without_its_last_row(0),
        "cannot be read: it holds less pixel data than its 64 x 48 size needs [media.corrupt]",
    ),
    "interlaced-last-row-missing.png": (
        png_without_its_last_row(1),
        "cannot be read: it holds less pixel data than its 64 x 48 size needs [media.corrupt]",
    ),
    "interlaced-header-too-tall.png": (
        png_claiming(64, 96, interlace=1),  # its passes end early: Pillow refuses it
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "truncated.gif": (
        cut(animation("GIF", 3), 0.99),
        "cannot be read: frame 3 is damaged [media.corrupt]",
    ),
    "truncated-first-frame.gif": (
        cut(encoded(gradient(), "GIF"), 0.6),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "too-many-frames.gif": (
        blinking("GIF", 1001, (2, 2)),
        "has more than 1,000 frames; make the animation shorter [media.too-many-frames]",
    ),
    "bad-frame.png": (  # APNG
        apng_bad_frame(),
        "cannot be read: frame 3 is damaged [media.corrupt]",
    ),
    "truncated-animation.png": (
        cut(animation("PNG", 3), 0.7),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "too-many-frames.png": (
        blinking("PNG", 1001, (2, 2)),
        "has more than 1,000 frames; make the animation shorter [media.too-many-frames]",
    ),
    "bad-frame.webp": (
        webp_bad_frame(),
        "cannot be read: frame 3 is damaged [media.corrupt]",
    ),
    "truncated-animation.webp": (
        cut(animation("WEBP", 3, lossless=True), 0.8),
        "cannot be read: it is damaged or not an image [media.corrupt]",
    ),
    "too-many-frames.webp": (
        blinking("WEBP", 1001, (2, 2), lossless=True),
        "has more than 1,000 frames; make the animation shorter [media.too-many-frames]",
    ),
    # -- SVG that runs script, reads files or loads from another host --------------------------
    "script.svg": (
        svg("<script>alert(1)</script>"),
        "holds <script> at line 1, which runs script [media.unsafe-svg]",
    ),
    "onload.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "holds <svg> at line 1 with the event handler 'onload', which runs script [media.unsafe-svg]",
    ),
    "onclick.svg": (
        svg('\n<rect width="10" height="10"\n onclick="alert(1)"/>'),
        "holds <rect> at line 3 with the event handler 'onclick', which runs script [media.unsafe-svg]",
    ),
    "animate-href.svg": (
        svg(
            '<a href="#x"><animate attributeName="href" values="javascript:alert(1)"/>'
            "<text>Click</text></a>"
        ),
        "holds <animate> at line 1, which can run script [media.unsafe-svg]",
    ),
    "set-href.svg": (
        svg('<a><set attributeName="href" to="javascript:alert(1)"/><text>Click</text></a>'),
        "holds <set> at line 1, which can run script [media.unsafe-svg]",
    ),
    "animate-transform.svg": (
        svg('<rect><animateTransform attributeName="transform" type="rotate"/></rect>'),
        "holds <animateTransform> at line 1, which can run script [media.unsafe-svg]",
    ),
    "javascript-link.svg": (
        svg('<a xlink:href="javascript:alert(1)"><text>Click</text></a>'),
        "holds <a> at line 1 with xlink:href='javascript:alert(1)', which runs script [media.unsafe-svg]",
    ),
    "encoded-javascript-link.svg": (
        svg('<a href="&#106;ava&#9;script:alert(1)"><text>Click</text></a>'),
        "holds <a> at line 1 with href='java script:alert(1)', which runs script [media.unsafe-svg]",
    ),
    "http-link.svg": (
        svg('<a href="http://example.org/"><text>Click</text></a>'),
        "holds <a> at line 1 with href='http://example.org/', a link that images may not hold: link to https:// pages only [media.unsafe-svg]",
    ),
    "external-entity.svg": (
        XXE,
        "has a <!DOCTYPE>, which can declare entities that read other files: delete it [media.unsafe-svg]",
    ),
    "billion-laughs.svg": (
        LAUGHS,
        "has a <!DOCTYPE>, which can declare entities that read other files: delete it [media.unsafe-svg]",
    ),
    "css-import.svg": (
        svg("<style>@import url(https://evil.example/x.css);</style>"),
        "holds <style> at line 1 with '@import', which loads another file [media.unsafe-svg]",
    ),
    "css-escaped-import.svg": (
        svg('<style>@\\69mport "https://evil.example/x.css";</style>'),
        "holds <style> at line 1 with '@import', which loads another file [media.unsafe-svg]",
    ),
    "css-url-in-style-element.svg": (
        svg("<style>rect { fill: url(https://evil.example/p.svg#p) }</style>"),
        "holds <style> at line 1 with 'url(https://evil.example/p.svg#p)', which loads another file [media.unsafe-svg]",
    ),
    "style-attribute-url.svg": (
        svg('<rect style="background:url(https://evil.example/a.png)"/>'),
        "holds <rect> at line 1 whose 'style' has 'url(https://evil.example/a.png)', which loads another file [media.unsafe-svg]",
    ),
    "style-attribute-escaped-url.svg": (
        svg('<rect style="background:u\\72l(https://evil.example/a.png)"/>'),
        "holds <rect> at line 1 whose 'style' has 'url(https://evil.example/a.png)', which loads another file [media.unsafe-svg]",
    ),
    "image-set.svg": (
        svg("<rect style=\"mask-image:image-set('https://evil.example/a.png' 1x)\"/>"),
        "holds <rect> at line 1 whose 'style' has 'image-set('https://evil.example/a.png' 1x)', which loads another file [media.unsafe-svg]",
    ),
    "expression.svg": (
        svg('<rect style="width:expression(alert(1))"/>'),
        "holds <rect> at line 1 whose 'style' has 'expression(', which runs script [media.unsafe-svg]",
    ),
    "presentation-url.svg": (
        svg('<rect fill="url(https://evil.example/p.svg#g)"/>'),
        "holds <rect> at line 1 whose 'fill' has 'url(https://evil.example/p.svg#g)', which loads another file [media.unsafe-svg]",
    ),
    "foreign-object.svg": (
        svg(
            '<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">'
            "<script>alert(1)</script></div></foreignObject>"
        ),
        "holds <foreignObject> at line 1, which can hold a web page and its scripts [media.unsafe-svg]",
    ),
    "xhtml-script.svg": (
        svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
        "holds <h:script> at line 1 in the namespace 'http://www.w3.org/1999/xhtml', which SVG images may not hold: keep to shapes, text, gradients, patterns and filters [media.unsafe-svg]",
    ),
    "external-image.svg": (
        svg('<image href="https://evil.example/a.png" width="10" height="10"/>'),
        "holds <image> at line 1 with href='https://evil.example/a.png', which loads another file: embed pictures as data: URLs [media.unsafe-svg]",
    ),
    "svg-data-image.svg": (
        svg('<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
        "holds <image> at line 1 with xlink:href='data:image/svg+xml;base64,PHN2Zy8+', which loads another file: embed pictures as data: URLs [media.unsafe-svg]",
    ),
    "external-use.svg": (
        svg('<use href="https://evil.example/s.svg#x"/>'),
        "holds <use> at line 1 with href='https://evil.example/s.svg#x', which loads another file: SVG images may only point inside themselves ('#id') [media.unsafe-svg]",
    ),
    "fe-image.svg": (
        svg('<filter id="f"><feImage href="https://evil.example/a.png"/></filter>'),
        "holds <feImage> at line 1, which loads another file [media.unsafe-svg]",
    ),
    "stylesheet-instruction.svg": (
        '<?xml-stylesheet href="https://evil.example/x.css"?>\n' + svg(""),
        "holds an <?xml-stylesheet?> instruction at line 1, which loads another file [media.unsafe-svg]",
    ),
    "iframe.svg": (
        svg('<iframe src="https://evil.example/"/>'),
        "holds <iframe> at line 1, which can hold a web page and its scripts [media.unsafe-svg]",
    ),
    "font-face.svg": (
        svg('<font-face font-family="x"/>'),
        "holds <font-face> at line 1, which SVG images may not hold: keep to shapes, text, gradients, patterns and filters [media.unsafe-svg]",
    ),
    "no-namespace.svg": (
        '<svg><rect width="1" height="1"/></svg>',
        'is not valid SVG: its <svg> element needs xmlns="http://www.w3.org/2000/svg" to be a drawing [media.corrupt]',
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_image_is_refused_with_its_place(
    make_course: MakeCourse,
    name: str,
    previous_build: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    data, expected = CASES[name]
    root = make_course({LESSON: FRONT + f"![A picture](media/{name})\n", f"{MEDIA}/{name}": data})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert lines == [f"{LESSON}:6:14: error: image 'media/{name}' {expected}"]
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    expected_line = f"{LESSON}:6:14: error: image 'media/{name}' {expected}"
    build_refused(root, expected_line, previous_build, tmp_path_factory.mktemp("scratch"))


def test_an_animation_over_the_pixel_limit_is_refused(
    make_course: MakeCourse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media, "MAX_ANIMATION_PIXELS", 100_000)  # the real one takes seconds
    root = make_course(
        {
            LESSON: FRONT + "![A picture](media/long.gif)\n",
            f"{MEDIA}/long.gif": blinking("GIF", 30, (100, 100)),  # 30 x 100 x 100 = 300,000
        }
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert (
        f"{LESSON}:6:14: error: image 'media/long.gif' has more than 100,000 pixels in its frames "
        "(frames x width x height); make the animation shorter or smaller "
        "[media.animation-too-large]"
    ) in result.output.splitlines()
    assert result.exit_code == 1


# -- what check accepts, the build makes -----------------------------------------------------

ACCEPTED: dict[str, bytes | str] = {
    "photo.jpg": encoded(gradient(640, 480), "JPEG"),
    "progressive.jpg": encoded(gradient(640, 480), "JPEG", progressive=True),
    "grey.jpg": encoded(gradient().convert("L"), "JPEG"),
    "cmyk.jpg": encoded(gradient().convert("CMYK"), "JPEG"),
    "panorama.jpg": encoded(gradient(4000, 1), "JPEG"),  # once crashed the draft decoder
    "sideways.jpg": encoded(gradient(), "JPEG", exif=orientation(6)),
    "two-pictures.jpg": encoded(
        gradient(), "MPO", save_all=True, append_images=[gradient().rotate(90)]
    ),
    "screenshot.png": encoded(gradient(2400, 1200), "PNG"),
    "transparent.png": encoded(gradient().convert("RGBA"), "PNG"),
    "palette.png": encoded(gradient().convert("P"), "PNG", transparency=0),
    "sixteen-bit.png": encoded(gradient(2000, 100).convert("I;16"), "PNG"),
    "interlaced.png": interlaced_png(gradient()),
    # a black last row looks like missing data: the check counts the data, and finds it all
    "black-last-row.png": encoded(gradient().transpose(Image.Transpose.FLIP_TOP_BOTTOM), "PNG"),
    "interlaced-black-last-row.png": interlaced_png(
        gradient(64, 47).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    ),
    "animated.png": animation("PNG", 3),
    "animated.gif": animation("GIF", 3),
    "still.gif": encoded(gradient(), "GIF", transparency=0),
    "animated.webp": animation("WEBP", 3),
    "lossless.webp": encoded(gradient().convert("RGBA"), "WEBP", lossless=True),
    "inkscape.svg": INKSCAPE,
    "embedded-picture.svg": svg(f'<image href="{DATA_PNG}" width="2" height="2"/>'),
    "link-to-a-page.svg": svg('<a href="https://example.org/"><text>More</text></a>'),
    "local-references.svg": svg(
        '<defs><clipPath id="c"><circle r="5"/></clipPath><marker id="m"><path d="M0 0"/>'
        '</marker><filter id="f"><feGaussianBlur stdDeviation="2"/><feDropShadow/></filter>'
        '</defs><g clip-path="url(#c)" filter="url(\'#f\')"><path d="M0 0 L9 9" '
        'marker-end="url(#m)"/></g><use href="#c"/><style>g { fill: url(#c) }</style>'
    ),
}


def test_a_picture_shown_many_times_is_decoded_once_and_again_when_it_changes(
    make_course: MakeCourse, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[bytes] = []
    check = media._bitmap_problem

    def counting(
        data: bytes, digest: bytes, expected: str, suffix: str, maker: Maker = None
    ) -> object:
        decoded.append(data)
        return check(data, digest, expected, suffix, maker)

    monkeypatch.setattr(media, "_bitmap_problem", counting)
    monkeypatch.setattr(media, "_BY_CONTENT", {})
    shown = "![A picture](media/seen.png)\n\nText.\n\n![The same](media/seen.png)\n"
    copy = "![A copy of it in another module](media/copy.png)\n"
    picture = encoded(gradient(), "PNG")
    root = make_course(
        {
            LESSON: FRONT + shown,
            "modules/01-basics/02-more.md": FRONT + shown,
            f"{MEDIA}/seen.png": picture,
            "modules/02-more/module.yml": MODULE_YML.replace("o1", "o2"),
            "modules/02-more/01-again.md": FRONT.replace("o1", "o2") + copy,
            "modules/02-more/media/copy.png": picture,
        }
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert ": error: " not in result.output, result.output
    assert len(decoded) == 1  # five references to two files of the same content, one decode
    damaged = picture[: len(picture) // 2]
    (root / MEDIA / "seen.png").write_bytes(damaged)
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert len(decoded) == 2
    assert f"{LESSON}:6:14: error: image 'media/seen.png' cannot be read" in result.output
    assert "01-again.md" not in result.output  # the copy is whole: its check is remembered


def test_every_image_check_accepts_is_built(make_course: MakeCourse) -> None:
    body = "".join(
        f"![Picture number {index} of the router.](media/{name})\n\n"
        for index, name in enumerate(ACCEPTED)
    )
    root = make_course(
        {LESSON: FRONT + body, **{f"{MEDIA}/{name}": data for name, data in ACCEPTED.items()}}
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "html"])
    assert ": error: " not in result.output, result.output
    assert result.exit_code == 0, result.output
    built = sorted((root / "build/html/media").iterdir())
    assert len(built) == len(ACCEPTED)
    for path in built:
        if path.suffix == ".svg":
            assert check_svg(path.read_bytes()) is None, path.name
            assert b"inkscape" not in path.read_bytes() and b"<!--" not in path.read_bytes()
        else:
            Image.open(path).load()


def test_pillow_never_loads_truncated_images() -> None:
    """Setting it would let a cut-off picture through check and out to learners half grey."""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    package = Path(bwise_mooc.__file__).parent
    for source in package.rglob("*.py"):
        assert "LOAD_TRUNCATED_IMAGES" not in source.read_text("utf-8"), source


# -- sanitise_svg: the build's second line of defence ------------------------------------------

SVG_CASES = {name: data for name, (data, _) in CASES.items() if name.endswith(".svg")}
SVG_CASES.pop("no-namespace.svg")  # not a drawing: the build refuses it (ImageError)
REFUSED_PARTS = (
    "<script",
    "onload",
    "onclick",
    "animate",
    "<set",
    "javascript",
    "java script",
    "DOCTYPE",
    "ENTITY",
    "root:",
    "@import",
    "evil.example",
    "foreignObject",
    "xhtml",
    "expression",
    "image-set",
    "svg+xml",
    "feImage",
    "iframe",
    "font-face",
    "http://example.org",
    "<?",
    "<!--",
)


@pytest.mark.parametrize("name", list(SVG_CASES))
def test_sanitised_svg_holds_none_of_the_refused_parts(name: str) -> None:
    source = SVG_CASES[name]
    clean = sanitise_svg(source.encode() if isinstance(source, str) else source)
    assert check_svg(clean) is None
    text = clean.decode("utf-8")
    assert not [part for part in REFUSED_PARTS if part in text]
    assert sanitise_svg(clean) == clean  # idempotent


def test_sanitising_keeps_an_inkscape_drawing_and_drops_its_editor_data() -> None:
    clean = sanitise_svg(INKSCAPE.encode())
    assert clean == sanitise_svg(INKSCAPE.encode())  # deterministic
    assert sanitise_svg(clean) == clean
    text = clean.decode("utf-8")
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert not [
        word
        for word in ("inkscape", "sodipodi", "rdf", "dc:", "cc:", "metadata", "<?xml", "<!--")
        if word in text
    ]
    for kept in (
        'viewBox="0 0 210 297"',
        'xlink:href="#linearGradient2"',
        'style="fill:url(#linearGradient3);stroke:#000000;stroke-width:0.5"',
        'd="m 40,20 v -15 m 120,15 v -15"',
        '<tspan id="tspan1" x="100" y="45">Wi-Fi router</tspan>',
        'xml:space="preserve"',
        '<use xlink:href="#rect1" transform="translate(0,60)" id="use1"/>',
    ):
        assert kept in text, kept


def test_sanitising_never_reads_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top-secret-value")
    clean = sanitise_svg(XXE.replace("/etc/passwd", str(secret)).encode())
    assert b"top-secret" not in clean
    assert clean == f"{SVG_OPEN}<text/></svg>\n".encode()


def test_text_after_a_dropped_element_stays_in_place() -> None:
    source = svg("<text>Hello <metadata>x</metadata>world<!-- note -->!</text>")
    assert sanitise_svg(source.encode()) == f"{SVG_OPEN}<text>Hello world!</text></svg>\n".encode()


def test_other_encodings_come_out_as_utf8() -> None:
    source = '<?xml version="1.0" encoding="UTF-16"?>' + svg("<text>Caf\u00e9</text>")
    clean = sanitise_svg(source.encode("utf-16"))
    assert clean == f"{SVG_OPEN}<text>Caf\u00e9</text></svg>\n".encode()
    assert check_svg(
        source.replace("<text>", "<script>").replace("</text>", "</script>").encode("utf-16")
    )


def test_the_bare_doctype_line_of_older_editors_is_accepted_and_dropped() -> None:
    """Illustrator and older editors write a DOCTYPE that declares nothing: not a risk."""
    drawing = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="3"/></svg>'
    )
    assert check_svg(drawing) is None
    assert b"DOCTYPE" not in sanitise_svg(drawing)
    declaring = drawing.replace(b'svg11.dtd">', b'svg11.dtd" [<!ENTITY x "y">]>')
    assert check_svg(declaring) is not None


@pytest.mark.parametrize("interlace", [0, 1])
def test_a_png_whose_last_row_is_drawn_is_not_inflated_again(
    monkeypatch: pytest.MonkeyPatch, interlace: int
) -> None:
    def refuse(data: bytes) -> None:
        raise AssertionError("the pixel data was counted")

    monkeypatch.setattr(media, "_png_data_problem", refuse)
    for height in (48, 47):  # the seventh pass's last row is the last row, or the one above
        picture = gradient(64, height)
        data = interlaced_png(picture) if interlace else encoded(picture, "PNG")
        assert media._bitmap_problem(data, hashlib.sha256(data).digest(), "PNG", ".png") is None
