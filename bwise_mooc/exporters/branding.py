"""Stage 3 helper: the course's branding as every format that shows pages writes it.

``brand_view`` gives the templates of the HTML preview and the SCORM pages what they show: the
logo in the header, the footer text, the funder's emblem and disclaimer, and the colours as CSS
custom properties (a ``<style>`` of ``:root`` rules, from colours that ``check`` has validated as
``#rrggbb``, so nothing an author writes reaches the style sheet as it is). ``brand_elements``
gives the same header and footer as lxml elements, for the pages of formats built with lxml
(Common Cartridge pages, the Open edX about page). Picture addresses are made by the caller,
for its own layout, from the pictures' places in the package (``Course.media``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree, html
from markupsafe import Markup

from bwise_mooc import ir
from bwise_mooc.exporters.links import HTML_PARSER

Address = Callable[[str], str]  # a place in the package -> its address from the page


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str


@dataclass(frozen=True)
class BrandView:
    """What a page shows of the branding; empty parts are None or empty."""

    logo: Picture | None
    emblem: Picture | None
    footer: Markup
    disclaimer: str
    style: Markup  # the pages' colours: ``:root{--brand:#...}``, or empty

    @property
    def has_footer(self) -> bool:
        return bool(self.footer or self.emblem or self.disclaimer)


def brand_view(course: ir.Course, address: Address) -> BrandView | None:
    """The branding of ``course`` for a page that reaches package places with ``address``."""
    brand = course.branding
    if brand is None:
        return None
    return BrandView(
        logo=_picture(course, brand.logo, address),
        emblem=_picture(course, brand.emblem, address),
        footer=Markup(brand.footer_html),  # sanitised when read (parse/branding.py)
        disclaimer=brand.disclaimer,
        style=Markup(brand_style(brand)),
    )


def brand_style(brand: ir.Branding) -> str:
    """The colours as CSS custom properties of ``:root`` (empty without colours)."""
    if not brand.colours:
        return ""
    rules = ";".join(f"--{name}:{colour}" for name, colour in brand.colours.items())
    return f":root{{{rules}}}"


def _picture(course: ir.Course, asset: ir.Asset | None, address: Address) -> Picture | None:
    if asset is None:
        return None
    return Picture(address(course.media[asset.path]), asset.alt)


def brand_header(view: BrandView) -> etree._Element | None:
    """The logo, as a ``<p>`` for the top of a page built with lxml (None without a logo)."""
    if view.logo is None:
        return None
    header = etree.Element("p")
    header.set("class", "brand-logo")
    _image(header, view.logo, "3em")
    return header


def brand_footer(view: BrandView) -> etree._Element | None:
    """The footer text, the funder's emblem and disclaimer, as a ``<footer>`` element."""
    if not view.has_footer:
        return None
    footer = etree.Element("footer")
    footer.set("class", "brand-footer")
    if view.footer:
        holder = html.fragment_fromstring(str(view.footer), create_parent="p", parser=HTML_PARSER)
        footer.append(holder)
    if view.emblem or view.disclaimer:
        funder = etree.SubElement(footer, "p")
        funder.set("class", "brand-funder")
        if view.emblem:
            _image(funder, view.emblem, "3em")
            funder[-1].tail = " "
        if view.disclaimer:
            small = etree.SubElement(funder, "small")
            small.text = view.disclaimer
    return footer


def _image(parent: etree._Element, picture: Picture, height: str) -> None:
    image = etree.SubElement(parent, "img")
    image.set("src", picture.src)
    image.set("alt", picture.alt)
    image.set("style", f"height:{height};width:auto")
