"""Compare PNG encoders on generated graphics: time and bytes (issue 21, images).

``python scripts/png_encoders.py [--repeat 3]`` makes the graphic kinds of
``scripts/image_kinds.py`` (flat screenshots, anti-aliased diagrams, a logo with alpha),
prepares each as the image pipeline does (palette when lossless), then encodes it with
Pillow ``optimize=True``, Pillow ``optimize=False`` at several ``compress_level``s and
``oxipng`` (PyPI ``pyoxipng``) at levels 1-4, and prints the best time of ``--repeat`` runs
and the bytes of each. Every encoder must give the same bytes on every run: checked, and
reported when not. This is a developer tool, not part of the installed package.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import image_kinds  # a sibling script, not an installed module

try:
    import oxipng
except ImportError:  # the table then lacks the oxipng rows
    oxipng = None

Encoder = Callable[[Image.Image], bytes]


def pillow(**options: object) -> Encoder:
    def encode(image: Image.Image) -> bytes:
        out = io.BytesIO()
        image.save(out, "PNG", **options)
        return out.getvalue()

    return encode


def oxipng_level(level: int) -> Encoder:
    def encode(image: Image.Image) -> bytes:
        raw = pillow(compress_level=0)(image)
        assert oxipng is not None
        return bytes(oxipng.optimize_from_memory(raw, level=level))

    return encode


def encoders() -> dict[str, Encoder]:
    found: dict[str, Encoder] = {"pillow optimize=True": pillow(optimize=True)}
    for level in (1, 3, 6, 9):
        found[f"pillow level {level}"] = pillow(compress_level=level)
    if oxipng is not None:
        for level in (1, 2, 3, 4):
            found[f"oxipng level {level}"] = oxipng_level(level)
    return found


def samples() -> dict[str, Image.Image]:
    made = {
        "screenshot 1280x800": image_kinds.screenshot_png("s1", (1280, 800)),
        "screenshot 1920x1080": image_kinds.screenshot_png("s2", (1920, 1080)),
        "diagram 800x500 (AA)": image_kinds.diagram_png("d1", (800, 500)),
        "diagram 1600x1000 (AA)": image_kinds.diagram_png("d2", (1600, 1000)),
        "logo 600x600 alpha": image_kinds.transparent_png("l1", (600, 600)),
    }
    return {name: as_pipeline_prepares(data) for name, data in made.items()}


def as_pipeline_prepares(data: bytes) -> Image.Image:
    from bwise_mooc.images import _palette_if_lossless

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return _palette_if_lossless(image)


def measure(encode: Encoder, image: Image.Image, repeat: int) -> tuple[float, int, bool]:
    best, outputs = float("inf"), set()
    for _ in range(repeat):
        started = time.perf_counter()
        outputs.add(encode(image))
        best = min(best, time.perf_counter() - started)
    return best, len(next(iter(outputs))), len(outputs) == 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    images = samples()
    table = encoders()
    totals: dict[str, list[float]] = {name: [0.0, 0] for name in table}
    print(f"{'image':<24} {'mode':<5} {'encoder':<22} {'ms':>8} {'bytes':>9}")
    for image_name, image in images.items():
        for encoder_name, encode in table.items():
            seconds, size, stable = measure(encode, image, args.repeat)
            totals[encoder_name][0] += seconds
            totals[encoder_name][1] += size
            note = "" if stable else "  NOT DETERMINISTIC"
            print(
                f"{image_name:<24} {image.mode:<5} {encoder_name:<22} {seconds * 1000:>8.1f} "
                f"{size:>9,}{note}"
            )
    print(f"\n{'all images':<30} {'encoder':<22} {'ms':>8} {'bytes':>9}")
    for encoder_name, (seconds, size) in totals.items():
        print(f"{'':<30} {encoder_name:<22} {seconds * 1000:>8.1f} {int(size):>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
