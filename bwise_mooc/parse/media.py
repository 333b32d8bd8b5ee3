"""Stage 1 helper: is an image file safe and sound to ship?

Every referenced image is opened once with Pillow (or, for SVG, parsed as XML with entities
and network off): unknown or mislabelled formats, corrupt files, oversized files and
decompression bombs are reported; SVG may not carry scripts, event handlers or links out.
"""

import warnings
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan

MAX_BYTES = 20_000_000
MAX_PIXELS = 40_000_000  # about 7,700 x 5,200: more than any phone photo needs
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object"}


def check_image(file: Path, name: str, where: SourceSpan, diagnostics: Diagnostics) -> bool:
    """Report what is wrong with the image ``file`` (shown to authors as ``name``)."""
    size = file.stat().st_size
    if size > MAX_BYTES:
        diagnostics.error(
            where,
            "media.too-large",
            f"image '{name}' is {size:,} bytes; the limit is {MAX_BYTES:,}",
        )
        return False
    suffix = file.suffix.lower()
    if suffix == ".svg":
        return _check_svg(file, name, where, diagnostics)
    expected = FORMATS.get(suffix)
    if expected is None:
        diagnostics.error(where, "media.format", f"image '{name}': use PNG, JPEG, GIF, WebP or SVG")
        return False
    return _check_bitmap(file, name, expected, where, diagnostics)


def _check_bitmap(
    file: Path, name: str, expected: str, where: SourceSpan, diagnostics: Diagnostics
) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                found, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    diagnostics.error(
                        where,
                        "media.too-many-pixels",
                        f"image '{name}' is {width} x {height} pixels; make it smaller",
                    )
                    return False
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        diagnostics.error(where, "media.bomb", f"image '{name}' unpacks to far too many pixels")
        return False
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        diagnostics.error(
            where, "media.corrupt", f"image '{name}' cannot be read: it is damaged or not an image"
        )
        return False
    if found != expected:
        diagnostics.error(
            where,
            "media.mislabelled",
            f"image '{name}' is a {found} file with a {file.suffix} name",
        )
        return False
    return True


def _check_svg(file: Path, name: str, where: SourceSpan, diagnostics: Diagnostics) -> bool:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(str(file), parser)
    except etree.XMLSyntaxError as exc:
        diagnostics.error(where, "media.corrupt", f"image '{name}' is not valid SVG: {exc}")
        return False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        unsafe = tag in SVG_FORBIDDEN or any(
            etree.QName(attribute).localname.lower().startswith("on")
            or (etree.QName(attribute).localname == "href" and not str(value).startswith("#"))
            for attribute, value in element.attrib.items()
        )
        if unsafe:
            diagnostics.error(
                where,
                "media.unsafe-svg",
                f"image '{name}' holds <{tag}> with script, event handlers or links out",
            )
            return False
    return True
