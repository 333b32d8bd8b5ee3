"""The cartridge's metadata: IEEE LOM in the Common Cartridge 1.1 manifest profile.

Title, description, language and keywords (``general``; Moodle names the restored course after
the title and takes the first description as its summary), the authors (``lifeCycle``), the
licence (``rights``), and what the cartridge teaches (``classification``): each module outcome
as a taxon of purpose "educational objective", and the DigComp 2.2 competences the outcomes
name as taxa of purpose "competency".
"""

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.html import DIGCOMP, digcomp_levels
from bwise_mooc.exporters.metadata import licence_text, vcard

LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"


@dataclass(frozen=True)
class CartridgeInfo:
    identifier: str
    title: str
    description: str
    course: ir.Course
    modules: tuple[ir.Module, ...]


def manifest_lom(info: CartridgeInfo) -> etree._Element:
    """``<lomimscc:lom>`` for the manifest's metadata."""
    course, language = info.course, info.course.language
    lom = etree.Element(f"{{{LOMM}}}lom", nsmap={"lomimscc": LOMM})
    general = _sub(lom, "general")
    identifier = _sub(general, "identifier")
    _sub(identifier, "catalog", "URI")
    _sub(identifier, "entry", f"urn:bwise-mooc:{info.identifier}")
    _string(general, "title", info.title, language)
    _sub(general, "language", language)
    _string(general, "description", info.description, language)
    for keyword in course.keywords:
        _string(general, "keyword", keyword, language)
    authors = [author.name for author in course.authors if author.role == "author"]
    if authors:
        lifecycle = _sub(lom, "lifeCycle")
        for name in authors:
            contribute = _sub(lifecycle, "contribute")
            _sub(_sub(contribute, "role"), "value", "author")
            _sub(contribute, "entity", vcard(name))
    _sub(_sub(lom, "technical"), "format", "text/html")
    educational = _sub(lom, "educational")
    _sub(_sub(educational, "learningResourceType"), "value", "IMS Common Cartridge")
    rights = _sub(lom, "rights")
    _sub(_sub(rights, "cost"), "value", "no")
    _sub(_sub(rights, "copyrightAndOtherRestrictions"), "value", "yes")
    _string(rights, "description", licence_text(course.licence), language)
    _classification(lom, "educational objective", _objectives(info.modules, language))
    _classification(lom, "competency", _competences(info.modules))
    return lom


Taxon = tuple[str, str, str]  # id, text, language of the text


def _objectives(modules: Sequence[ir.Module], language: str) -> list[Taxon]:
    return [(f"{m.id}/{o.id}", o.text, language) for m in modules for o in m.outcomes]


def _competences(modules: Sequence[ir.Module]) -> list[Taxon]:
    """The DigComp 2.2 competences the outcomes name, each with the proficiency levels its
    outcomes are written at (in English, as the competences' names)."""
    levels: dict[str, list[int]] = {}
    for outcome in (o for m in modules for o in m.outcomes if o.digcomp):
        found = levels.setdefault(outcome.digcomp or "", [])
        if outcome.digcomp_level:
            found.append(outcome.digcomp_level)
    return [
        (f"DigComp 2.2 {code}", _competence(code, levels[code]), "en") for code in sorted(levels)
    ]


def _competence(code: str, levels: Sequence[int]) -> str:
    name = DIGCOMP.get(code, code)
    described = digcomp_levels(levels)
    return f"{name}, {described}" if described else name


def _classification(lom: etree._Element, purpose: str, taxa: Sequence[Taxon]) -> None:
    """One classification of ``purpose`` with a taxon path per taxon."""
    if not taxa:
        return
    classification = _sub(lom, "classification")
    _sub(_sub(classification, "purpose"), "value", purpose)
    for taxon_id, text, language in taxa:
        taxon = _sub(_sub(classification, "taxonPath"), "taxon")
        _sub(taxon, "id", taxon_id)
        _string(taxon, "entry", text, language)


def _string(parent: etree._Element, tag: str, text: str, language: str) -> None:
    _sub(_sub(parent, tag), "string", text).set("language", language)


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{LOMM}}}{tag}")
    if text is not None:
        element.text = text
    return element
