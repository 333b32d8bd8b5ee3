"""Is this PNG a photograph? Decides whether the image pipeline encodes it as a photo.

Authors paste photographs saved as PNG (a phone screenshot of a photo, an editor's export):
kept as PNG they stay 2-3 MB. A picture counts as a photograph when

- it is big enough to matter (``MIN_PIXELS``), in colour (RGB or RGBA: palette and grey
  pictures are graphics by construction), and
- nothing is transparent: no alpha, or alpha everywhere at least ``OPAQUE_ENOUGH`` (an
  editor's almost-opaque export shows the same on any page once the alpha is dropped), and
- most of its colours are its own: in a grid sample of about ``SAMPLE_PIXELS`` pixels (taken
  without averaging, so anti-aliasing adds no colours), at least ``DISTINCT_SHARE`` of the
  samples have a colour no other sample has. Sensor noise and natural texture make almost
  every sample unique; screenshots, diagrams and anti-aliased drawings repeat a few hundred
  colours over flat areas. A photo with a flat sky or table keeps its other samples unique.

Only the decode costs (about 20-40 ms for a 1600 x 1200 PNG; the sample and its count take
about 1 ms), and a PNG that compresses well (fewer than ``GRAPHIC_BYTES_PER_PIXEL`` bytes per
pixel in its file) is a graphic without being decoded: noise does not compress.
"""

import io
import struct

from PIL import Image

MIN_PIXELS = 120 * 100  # an icon or a tiny picture: PNG or JPEG makes no difference
OPAQUE_ENOUGH = 250  # of 255: darker by at most 2% on white, invisible
SAMPLE_PIXELS = 256 * 192
DISTINCT_SHARE = 0.3  # a noisy photograph: > 0.8; one with 40% flat sky: ~0.5; a screenshot: < 0.05
GRAPHIC_BYTES_PER_PIXEL = 0.4  # a photograph as PNG: 1-2 bytes a pixel; a screenshot: < 0.2
COLOUR_MODES = frozenset({"RGB", "RGBA"})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_is_photograph(data: bytes) -> bool:
    """Whether the PNG file ``data`` holds a photograph (see the module docstring); a file
    that is not a readable PNG is not (``check`` reports it)."""
    if not worth_decoding(data):
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return is_photograph(image)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return False


def worth_decoding(data: bytes) -> bool:
    """Whether the PNG file ``data`` may hold a photograph: big enough, and compressing no
    better than noise does (a graphic otherwise, decided without decoding)."""
    if not data.startswith(PNG_SIGNATURE) or len(data) < 33:
        return False
    width, height = struct.unpack(">II", data[16:24])
    pixels: int = width * height
    return pixels >= MIN_PIXELS and len(data) >= GRAPHIC_BYTES_PER_PIXEL * pixels


def is_photograph(image: Image.Image) -> bool:
    """Whether the decoded ``image`` is a photograph (see the module docstring)."""
    if image.mode not in COLOUR_MODES or image.width * image.height < MIN_PIXELS:
        return False
    if "transparency" in image.info:  # a colour key: some pixels are transparent
        return False
    if image.mode == "RGBA":
        lowest_alpha, _ = image.getchannel("A").getextrema()
        if not isinstance(lowest_alpha, int) or lowest_alpha < OPAQUE_ENOUGH:
            return False
    sample = _grid_sample(image).convert("RGB")
    count = sample.width * sample.height
    colours = sample.getcolors(count) or []
    unique = sum(1 for seen, _ in colours if seen == 1)
    return unique >= DISTINCT_SHARE * count


def _grid_sample(image: Image.Image) -> Image.Image:
    """About ``SAMPLE_PIXELS`` pixels on a regular grid, each an original pixel."""
    step = max(1.0, (image.width * image.height / SAMPLE_PIXELS) ** 0.5)
    size = (max(1, round(image.width / step)), max(1, round(image.height / step)))
    return image.resize(size, Image.Resampling.NEAREST)
