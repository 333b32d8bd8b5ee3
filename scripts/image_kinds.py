"""Generated pictures of the kinds authors paste into lessons, for benchmarks and tests.

Every picture is original and made from a seed (numpy noise, gradients and Pillow drawing):
the same seed and size always give the same bytes. The kinds:

- ``photo_png``: a noisy photograph saved as PNG (smooth light, soft shapes, texture and
  sensor noise; about 2.8 MB at 1600 x 1200), optionally with flat areas (a blown-out sky, a
  white table) or with an alpha channel that is almost opaque (an editor's export);
- ``screenshot_png``: a flat UI screenshot: bars, buttons, a list, anti-aliased text;
- ``diagram_png``: boxes, circles and arrows drawn at 4x and scaled down (anti-aliased edges);
- ``transparent_png``: a logo on a transparent background (alpha that matters);
- ``svg_diagram``: a small SVG drawing.

``scripts/synthetic_course.py`` puts them in the benchmark course; the tests of the photo
detector make small ones. This is a developer tool, not part of the installed package.
"""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

UI_COLOURS = [(33, 99, 186), (228, 86, 73), (46, 160, 67), (250, 196, 55), (120, 80, 170)]


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")  # as screenshot tools and editors save: zlib level 6, no search
    return out.getvalue()


def photo_pixels(seed: str, size: tuple[int, int], flat_share: float = 0.0) -> Image.Image:
    """Smooth colour fields, soft shapes, fine texture and sensor noise; ``flat_share`` of the
    picture (its top) a single flat colour, as a blown-out sky."""
    rng = np.random.default_rng(list(seed.encode()))
    width, height = size
    grid = rng.uniform(40, 220, (4, 5, 3)).astype(np.float32)
    light = np.asarray(
        Image.fromarray(grid.astype(np.uint8)).resize(size, Image.Resampling.BICUBIC),
        dtype=np.float32,
    )
    shapes = Image.new("RGB", (width // 4, height // 4), (0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(int(rng.integers(6, 14))):
        x, y = int(rng.integers(0, width // 4)), int(rng.integers(0, height // 4))
        w = int(rng.integers(10, max(11, width // 8)))
        h = int(rng.integers(10, max(11, height // 8)))
        fill = tuple(int(c) for c in rng.integers(0, 90, 3))
        draw.ellipse((x, y, x + w, y + h), fill=fill)
    soft = shapes.filter(ImageFilter.GaussianBlur(3)).resize(size, Image.Resampling.BICUBIC)
    texture = rng.normal(0, 7, (height // 3, width // 3)).astype(np.float32)
    texture_up = np.asarray(
        Image.fromarray(texture + 128).convert("L").resize(size, Image.Resampling.BICUBIC),
        dtype=np.float32,
    )
    pixels = light - np.asarray(soft, dtype=np.float32) * 0.8 + (texture_up - 128)[..., None]
    pixels += rng.normal(0, 2.0, (height, width, 3)).astype(np.float32)  # sensor noise
    if flat_share:
        pixels[: int(height * flat_share)] = (236, 242, 250)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def photo_png(
    seed: str, size: tuple[int, int] = (1600, 1200), flat_share: float = 0.0, alpha: int = 0
) -> bytes:
    """A photograph saved as PNG; ``alpha`` (1-255): an alpha channel of that value everywhere."""
    image = photo_pixels(seed, size, flat_share)
    if alpha:
        image.putalpha(alpha)
    return _png(image)


def screenshot_png(seed: str, size: tuple[int, int] = (1280, 800)) -> bytes:
    """A flat application window: title bar, sidebar, buttons, rows of anti-aliased text."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, (248, 249, 251))
    draw = ImageDraw.Draw(image)
    scale = max(1, width // 640)
    font = ImageFont.load_default(size=11 * scale)
    accent = rng.choice(UI_COLOURS)
    draw.rectangle((0, 0, width, 28 * scale), fill=accent)
    draw.text((10 * scale, 6 * scale), "Team chat - Work phone", fill="white", font=font)
    sidebar = width // 5
    draw.rectangle((0, 28 * scale, sidebar, height), fill=(235, 238, 242))
    words = ["Shift plan", "Messages", "Photos", "Tasks", "Settings", "Help", "Calendar"]
    for row in range(6):
        y = (40 + row * 26) * scale
        draw.text((12 * scale, y), rng.choice(words), fill=(40, 44, 52), font=font)
    y = 40 * scale
    while y < height - 40 * scale:
        x = sidebar + 16 * scale
        draw.rounded_rectangle(
            (x, y, width - 16 * scale, y + 34 * scale),
            radius=6,
            fill="white",
            outline=(220, 224, 230),
        )
        draw.ellipse(
            (x + 6 * scale, y + 7 * scale, x + 26 * scale, y + 27 * scale),
            fill=rng.choice(UI_COLOURS),
        )
        text = " ".join(rng.choice(words).lower() for _ in range(rng.randint(3, 8)))
        draw.text((x + 34 * scale, y + 10 * scale), text.capitalize(), fill=(60, 64, 72), font=font)
        y += 44 * scale
    button = (width - 120 * scale, height - 34 * scale, width - 16 * scale, height - 8 * scale)
    draw.rounded_rectangle(button, radius=8, fill=accent)
    draw.text((button[0] + 20 * scale, button[1] + 6 * scale), "Send", fill="white", font=font)
    return _png(image)


def diagram_png(seed: str, size: tuple[int, int] = (800, 500)) -> bytes:
    """Boxes, circles and arrows with labels, drawn at 4x and scaled down: anti-aliased."""
    rng = random.Random(seed)
    big = (size[0] * 4, size[1] * 4)
    image = Image.new("RGB", big, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=big[1] // 14)
    boxes = rng.randint(3, 4)
    step = big[0] // boxes
    for i in range(boxes):
        x0, y0 = i * step + step // 8, big[1] // 3
        box = (x0, y0, x0 + step * 5 // 8, y0 + big[1] // 3)
        colour = rng.choice(UI_COLOURS)
        if i % 2:
            draw.ellipse(box, fill=colour, outline=(30, 30, 30), width=12)
        else:
            draw.rounded_rectangle(box, radius=40, fill=colour, outline=(30, 30, 30), width=12)
        draw.text((x0 + 30, y0 + 40), f"Step {i + 1}", fill="white", font=font)
        if i < boxes - 1:
            ym = y0 + big[1] // 6
            draw.line((box[2], ym, x0 + step, ym), fill=(30, 30, 30), width=14)
            tip = x0 + step
            draw.polygon([(tip, ym), (tip - 40, ym - 28), (tip - 40, ym + 28)], fill=(30, 30, 30))
    return _png(image.resize(size, Image.Resampling.LANCZOS))


def transparent_png(seed: str, size: tuple[int, int] = (600, 600)) -> bytes:
    """A round logo with a soft shadow on a transparent background."""
    rng = random.Random(seed)
    big = (size[0] * 4, size[1] * 4)
    image = Image.new("RGBA", big, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = big[0] // 8
    draw.ellipse(
        (margin, margin, big[0] - margin, big[1] - margin), fill=(*rng.choice(UI_COLOURS), 255)
    )
    draw.ellipse(
        (big[0] // 3, big[1] // 3, big[0] * 2 // 3, big[1] * 2 // 3), fill=(255, 255, 255, 200)
    )
    return _png(image.resize(size, Image.Resampling.LANCZOS))


def svg_diagram(seed: str) -> bytes:
    """A small static SVG: boxes joined by lines, with labels."""
    rng = random.Random(seed)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 160" width="400" height="160">'
    ]
    for i in range(3):
        colour = "#{:02x}{:02x}{:02x}".format(*rng.choice(UI_COLOURS))
        parts.append(
            f'<rect x="{20 + i * 130}" y="50" width="100" height="60" rx="8" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{40 + i * 130}" y="85" fill="#fff" font-size="14">Step {i + 1}</text>'
        )
        if i < 2:
            parts.append(
                f'<line x1="{120 + i * 130}" y1="80" x2="{150 + i * 130}" y2="80" stroke="#222"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts).encode()
