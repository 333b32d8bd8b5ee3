"""Colour contrast by the WCAG 2.2 formula, and the nearest colour that reaches a ratio.

WCAG 2.2 (1.4.3, 1.4.11): the relative luminance of an sRGB colour is
``0.2126 R + 0.7152 G + 0.0722 B`` over its linearised channels, and the contrast ratio of two
colours is ``(L1 + 0.05) / (L2 + 0.05)``, the lighter over the darker: 1:1 (the same colour) to
21:1 (black on white). Text needs 4.5:1, user-interface parts and focus indicators 3:1.
Colours are written ``#rrggbb`` (``#rgb`` is read too).
"""

import re

TEXT = 4.5  # WCAG 2.2, 1.4.3: normal text
NON_TEXT = 3.0  # WCAG 2.2, 1.4.11: borders, focus indicators, other parts of the interface
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")
STEPS = 255  # how finely suggestions are mixed towards black or white

Rgb = tuple[int, int, int]


def parse_hex(colour: str) -> Rgb:
    """``#0b4a80`` (or ``#0bf``) -> ``(11, 74, 128)``; ``ValueError`` for anything else."""
    if not HEX.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: Rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def normalise(colour: str) -> str:
    """The colour as ``#rrggbb`` in lower case."""
    return to_hex(parse_hex(colour))


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, 1.0 to 21.0, whichever is lighter."""
    a, b = luminance(first), luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def shown(ratio: float) -> str:
    """A ratio as authors read it: ``3.27:1``, cut (never rounded) to two decimals, so that a
    failing ratio never shows as the minimum it misses."""
    return f"{int(ratio * 100) / 100:.2f}:1"


def _mix(rgb: Rgb, towards: int, share: float) -> Rgb:
    r, g, b = (round(c + (towards - c) * share) for c in rgb)
    return r, g, b


def nearest_passing(colour: str, against: tuple[str, ...], minimum: float) -> str | None:
    """The colour closest to ``colour`` (mixed least with black or with white) that has at
    least ``minimum`` contrast with every colour of ``against``; ``colour`` itself if it has;
    None if no mix does (never for ``minimum`` <= 4.5 and one colour ``against``)."""
    rgb = parse_hex(colour)
    for step in range(STEPS + 1):
        for towards in (0, 255):  # darker first: on a light page, the usual fix
            candidate = to_hex(_mix(rgb, towards, step / STEPS))
            if all(contrast(candidate, other) >= minimum for other in against):
                return candidate
    return None
