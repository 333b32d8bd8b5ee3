"""Stage 1: ``branding:`` of course.yml -> ``ir.Branding`` in one language, checked.

The logo and the funder's emblem are course pictures, held to the rules of the course image:
inside ``course/``, there, sound (``media.check_image``) and with alternative text. Colours are
checked with the WCAG 2.2 formula (``contrast.py``): white text on ``primary`` and
``primary_dark``, and links on the page and footer backgrounds, need 4.5:1; the accent borders
3:1 on the page. A colour that misses its ratio is an error that names the ratio found and the
nearest colour that reaches it. The footer is one line of Markdown (emphasis, web links),
rendered here once; translations (``course.<lang>.yml``) replace the texts.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import nh3
from markdown_it import MarkdownIt

from bwise_mooc.config import BrandImageConfig, BrandingConfig, CourseConfig, CourseTranslation
from bwise_mooc.contrast import NON_TEXT, TEXT, contrast, nearest_passing, normalise, shown
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Asset, Branding, SourceSpan
from bwise_mooc.parse.media import check_image
from bwise_mooc.parse.render import plain_text
from bwise_mooc.parse.translation import report_missing, translation_path
from bwise_mooc.source_tree import outside_course

CONFIG = "course/course.yml"
PAGE = "#ffffff"  # the pages' background (preview.css --bg)
PANEL = "#f3f6f9"  # the footer's and panels' background (preview.css --soft)
WHITE = "#ffffff"  # the header's and buttons' text
FOOTER_TAGS = {"a", "em", "strong"}
WEB = ("https://", "http://", "mailto:")
Spans = Mapping[tuple[str | int, ...], SourceSpan]


@dataclass(frozen=True)
class _Rule:
    """A colour's contrast rule: ``minimum`` against every colour of ``against``."""

    against: tuple[tuple[str, str], ...]  # (how the message names it, colour)
    minimum: float
    needs: str  # what needs the minimum, for the message


ON_WHITE = (("white text on", WHITE),)
RULES = {
    "primary": _Rule(ON_WHITE, TEXT, "text needs"),
    "primary_dark": _Rule(ON_WHITE, TEXT, "text needs"),
    "link": _Rule(
        (("on the page background", PAGE), ("on the footer background", PANEL)), TEXT, "text needs"
    ),
    "accent": _Rule(
        (("on the page background", PAGE),), NON_TEXT, "borders and focus indicators need"
    ),
}
PROPERTIES = {"primary": "brand", "primary_dark": "brand-dark", "link": "link", "accent": "accent"}


def read_branding(
    root: Path,
    config: CourseConfig,
    language: str,
    words: CourseTranslation | None,
    spans: Spans,
    diagnostics: Diagnostics,
) -> Branding | None:
    """The branding of the course in ``language``, whose texts are ``words`` (None: the source
    language); problems of course.yml are reported with the source language only."""
    brand = config.branding
    if brand is None:
        return None
    source = language == config.languages[0]
    report = diagnostics if source else Diagnostics()
    text = _translated(brand, config, language, None if source else words, diagnostics)
    logo = _picture(root, brand.logo, ("branding", "logo"), "logo", spans, report)
    emblem_config = brand.funder.emblem if brand.funder else None
    emblem = _picture(
        root, emblem_config, ("branding", "funder", "emblem"), "funder's emblem", spans, report
    )
    footer = text.get("footer", "")
    footer_at = (
        spans.get(("branding", "footer"))
        if source
        else SourceSpan(path=translation_path(CONFIG, language))
    )
    footer_html = _footer_html(footer, footer_at, diagnostics)
    return Branding(
        logo=logo.model_copy(update={"alt": text["logo"]}) if logo and "logo" in text else logo,
        colours=_colours(brand, spans, report),
        footer=plain_text(_inline().parseInline(footer, {})) if footer else "",
        footer_html=footer_html,
        emblem=(
            emblem.model_copy(update={"alt": text["emblem"]})
            if emblem and "emblem" in text
            else emblem
        ),
        disclaimer=text.get("disclaimer", ""),
    )


def _translated(
    brand: BrandingConfig,
    config: CourseConfig,
    language: str,
    words: CourseTranslation | None,
    diagnostics: Diagnostics,
) -> dict[str, str]:
    """The texts of the branding, by role, in the language of ``words``; a text course.yml has
    and the translation lacks is reported as missing (an error, or with ``fallback`` a warning)
    and shown in the source language."""
    funder = brand.funder
    source = {
        "logo": brand.logo.alt if brand.logo else None,
        "footer": brand.footer,
        "emblem": funder.emblem.alt if funder and funder.emblem else None,
        "disclaimer": funder.disclaimer if funder else None,
    }
    if language == config.languages[0]:
        return {key: value for key, value in source.items() if value}
    given = words.branding if words else None
    funder_text = given.funder if given else None
    translated = {
        "logo": given.logo.alt if given and given.logo else None,
        "footer": given.footer if given else None,
        "emblem": funder_text.emblem.alt if funder_text and funder_text.emblem else None,
        "disclaimer": funder_text.disclaimer if funder_text else None,
    }
    path = translation_path(CONFIG, language)
    texts = {}
    for key, value in source.items():
        if not value:
            continue
        if translated[key]:
            texts[key] = translated[key] or ""
            continue
        if words is not None:  # a missing file is reported once, by course_text
            report_missing(
                diagnostics, config, SourceSpan(path=path), f"the text of {_NAMES[key]}", language
            )
        texts[key] = value
    return texts


_NAMES = {
    "logo": "'branding' > 'logo' > 'alt'",
    "footer": "'branding' > 'footer'",
    "emblem": "'branding' > 'funder' > 'emblem' > 'alt'",
    "disclaimer": "'branding' > 'funder' > 'disclaimer'",
}


def _picture(
    root: Path,
    picture: BrandImageConfig | None,
    key: tuple[str, ...],
    what: str,
    spans: Spans,
    diagnostics: Diagnostics,
) -> Asset | None:
    """A picture of the branding, checked as the course image is."""
    if picture is None:
        return None
    where = spans.get((*key, "image")) or spans.get(key) or SourceSpan(path=CONFIG)
    name, path = picture.image, f"course/{picture.image}"
    if ".." in Path(name).parts or Path(name).is_absolute():
        diagnostics.error(where, "path.outside", f"{what} '{name}' must be inside course/")
        return None
    if outside_course(root, path):
        diagnostics.error(where, "path.outside", f"{what} '{name}' points outside the course")
        return None
    if not (root / path).is_file():
        diagnostics.error(where, "path.missing", f"{what} '{name}' not found in course/")
        return None
    if not picture.alt:
        diagnostics.error(
            where,
            "media.no-alt",
            f"{what} needs 'alt' text: what it shows or says, for people who cannot see it",
        )
    if not check_image(root / path, name, where, diagnostics):
        return None
    return Asset(path=path, alt=picture.alt or "", source=where)


def _colours(brand: BrandingConfig, spans: Spans, diagnostics: Diagnostics) -> dict[str, str]:
    """The pages' CSS custom properties from ``branding.colours``, each checked for contrast.
    ``primary_dark`` defaults to ``primary`` darkened, ``link`` and ``accent`` to ``primary``."""
    written = {
        key: normalise(value)
        for key, value in brand.colours.model_dump().items()
        if isinstance(value, str)
    }
    for key, colour in written.items():
        where = spans.get(("branding", "colours", key)) or SourceSpan(path=CONFIG)
        _check_contrast(key, colour, where, diagnostics)
    colours = dict(written)
    primary = written.get("primary")
    if primary is not None:
        colours.setdefault("primary_dark", _darker(primary))
        colours.setdefault("link", primary)
        colours.setdefault("accent", primary)
    return {PROPERTIES[key]: colours[key] for key in PROPERTIES if key in colours}


def _darker(colour: str) -> str:
    """``colour`` mixed with 30% black: the hover shade of the buttons."""
    r, g, b = (round(int(colour[i : i + 2], 16) * 0.7) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def _check_contrast(key: str, colour: str, where: SourceSpan, diagnostics: Diagnostics) -> None:
    """An error naming the ratio found and the nearest colour that passes, if ``colour`` misses
    its rule against any of its backgrounds (the worst is named)."""
    rule = RULES[key]
    name, other = min(rule.against, key=lambda pair: contrast(colour, pair[1]))
    ratio = contrast(colour, other)
    if ratio >= rule.minimum:
        return
    pair = (
        f"white text on '{key}' {colour}"
        if other == WHITE and name == "white text on"
        else f"'{key}' {colour} {name} {other}"
    )
    suggestion = nearest_passing(colour, tuple(c for _, c in rule.against), rule.minimum)
    diagnostics.error(
        where,
        "branding.contrast",
        f"{pair} has a contrast of {shown(ratio)}; {rule.needs} at least {rule.minimum:g}:1 "
        f'(WCAG 2.2): try "{suggestion}", the nearest colour that passes',
    )


def _inline() -> MarkdownIt:
    """The footer's Markdown: one line of inline text, no HTML."""
    return MarkdownIt("commonmark", {"html": False})


def _footer_html(text: str, where: SourceSpan | None, diagnostics: Diagnostics) -> str:
    """The footer as sanitised inline HTML; only emphasis and web links are kept, and a
    picture or a link into the course is reported (a footer is the same on every page)."""
    if not text:
        return ""
    md = _inline()
    tokens = [child for token in md.parseInline(text, {}) for child in token.children or []]
    for token in tokens:
        href = str(token.attrGet("href") or "")
        if token.type == "image" or (token.type == "link_open" and not href.startswith(WEB)):
            diagnostics.error(
                where or SourceSpan(path=CONFIG),
                "branding.footer",
                "the footer may hold text, *emphasis* and web links (https://, mailto:) only",
            )
            break
    html: str = md.renderInline(text)
    return nh3.clean(
        html,
        tags=FOOTER_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto"},
        link_rel=None,
    )
