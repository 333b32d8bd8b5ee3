"""The badge picture of a track's credential: a small original SVG, the same bytes every build.

A rosette (a twelve-pointed seal) with two ribbon tails, a tick in its middle and, when the
credential has one, its EQF level. Its colour is the track's place in the course (one of a
fixed palette), so the tracks of a course can be told apart. The picture's alt text is the
Open Badges ``caption``; the SVG carries it as its ``<title>`` too.
"""

import math
from html import escape

PALETTE = ("#1f6f8b", "#7b3f98", "#2e7d32", "#b5561b", "#8a6d00", "#3949ab")  # dark enough for
# white text (contrast above 4.5:1)
SIZE = 120
POINTS = 12


def _seal(cx: float, cy: float, outer: float, inner: float) -> str:
    corners = []
    for index in range(POINTS * 2):
        radius = outer if index % 2 == 0 else inner
        angle = math.pi * index / POINTS - math.pi / 2
        corners.append(f"{cx + radius * math.cos(angle):.1f},{cy + radius * math.sin(angle):.1f}")
    return " ".join(corners)


def badge_svg(caption: str, place: int, eqf_level: int | None) -> str:
    """The badge of the track at ``place`` (0: the first track of the course)."""
    colour = PALETTE[place % len(PALETTE)]
    centre = SIZE / 2
    level = (
        f'<text x="60" y="78" text-anchor="middle" font-family="sans-serif" font-size="13" '
        f'font-weight="bold" fill="#ffffff">EQF {eqf_level}</text>'
        if eqf_level is not None
        else ""
    )
    tick_y = 50 if eqf_level is not None else 58
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}" role="img" aria-labelledby="title">'
        f'<title id="title">{escape(caption, quote=False)}</title>'
        f'<path d="M38 84 L26 116 L40 110 L47 122 L56 92 Z" fill="{colour}" opacity="0.8"/>'
        f'<path d="M82 84 L94 116 L80 110 L73 122 L64 92 Z" fill="{colour}" opacity="0.8"/>'
        f'<polygon points="{_seal(centre, 54, 50, 43)}" fill="{colour}"/>'
        f'<circle cx="60" cy="54" r="36" fill="none" stroke="#ffffff" stroke-width="3"/>'
        f'<path d="M44 {tick_y} l10 10 l22 -22" fill="none" stroke="#ffffff" stroke-width="7" '
        f'stroke-linecap="round" stroke-linejoin="round"/>'
        f"{level}</svg>\n"
    )
