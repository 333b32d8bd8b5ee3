"""``imsmanifest.xml`` of a Common Cartridge 1.1, built with lxml.

Moodle recognises a CC 1.1 by the manifest's default namespace (in its first 1024 bytes, which
the root element's declarations are) and validates it with the CC 1.1 schemas before anything
else. The organisation is the profile's rooted hierarchy: a root item without title, an empty
item named after the course, then one item per module and in each the module's pages and
quizzes in reading order (``plan.py``). Moodle makes a section of each item below the root,
numbered from 0, its title the section's summary: the course's item keeps Moodle's "General"
section 0 to itself, and module 1 is section 1. Resources: one ``webcontent`` per page, one
``imsqti_xmlv1p2/imscc_xmlv1p1/assessment`` per quiz (one file each, as the profile requires),
and one ``webcontent`` holding every file that pages and quizzes show, which those that show
files depend on: Moodle copies the files of webcontent resources into the course, where
pages and questions find them.
"""

from collections.abc import Mapping, Sequence

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.cc.links import url_path
from bwise_mooc.exporters.cc.lom import CartridgeInfo, manifest_lom
from bwise_mooc.exporters.cc.plan import MEDIA_ID, CartridgePlan, ModulePlan, Page, Test
from bwise_mooc.transforms.identifiers import xml_id

IMSCC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOMR = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p1"
SCHEMA_LOCATION = (
    f"{IMSCC} {PROFILE}/ccv1p1_imscp_v1p2_v1p0.xsd "
    f"{LOMM} {PROFILE}/LOM/ccv1p1_lommanifest_v1p0.xsd "
    f"{LOMR} {PROFILE}/LOM/ccv1p1_lomresource_v1p0.xsd"
)
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"


def manifest(course: ir.Course, plan: CartridgePlan, media: Sequence[str]) -> bytes:
    """The manifest of ``plan``; ``media``: the places of the files its pages and quizzes show."""
    root = etree.Element(
        f"{{{IMSCC}}}manifest", nsmap={None: IMSCC, "lomimscc": LOMM, "lom": LOMR, "xsi": XSI}
    )
    root.set("identifier", plan.identifier)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Common Cartridge")
    _sub(metadata, "schemaversion", "1.1.0")
    modules = tuple(module.module for module in plan.modules)
    info = CartridgeInfo(plan.identifier, plan.title, plan.description, course, modules)
    metadata.append(manifest_lom(info))
    _organization(root, course, plan)
    _resources(root, course, plan, media)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _organization(root: etree._Element, course: ir.Course, plan: CartridgePlan) -> None:
    """The rooted hierarchy: an untitled root, the course's item, then the modules."""
    organization = _sub(_sub(root, "organizations"), "organization")
    organization.set("identifier", xml_id("org", plan.name))
    organization.set("structure", "rooted-hierarchy")
    top = _sub(organization, "item")
    top.set("identifier", xml_id("root", plan.name))
    opening = _sub(top, "item")  # Moodle's section 0, above the modules' sections
    opening.set("identifier", xml_id("item", "course", plan.name))
    _sub(opening, "title", course.title)
    for module in plan.modules:
        _module_item(top, module)


def _resources(
    root: etree._Element, course: ir.Course, plan: CartridgePlan, media: Sequence[str]
) -> None:
    """A resource per page and quiz, then the one holding the files they show."""
    resources = _sub(root, "resources")
    uses = _files_shown(course, plan)
    for module in plan.modules:
        for entry in module.entries:
            _resource(resources, entry, uses[entry.resource_id] and bool(media))
    if media:
        shared = _sub(resources, "resource")
        shared.set("identifier", MEDIA_ID)
        shared.set("type", "webcontent")
        for place in media:
            _sub(shared, "file").set("href", url_path(place))


def _module_item(parent: etree._Element, module: ModulePlan) -> None:
    item = _sub(parent, "item")
    item.set("identifier", module.item_id)
    _sub(item, "title", module.title)
    for entry in module.entries:
        child = _sub(item, "item")
        child.set("identifier", entry.item_id)
        child.set("identifierref", entry.resource_id)
        _sub(child, "title", entry.title)


def _resource(parent: etree._Element, entry: Page | Test, shows_files: bool) -> None:
    resource = _sub(parent, "resource")
    resource.set("identifier", entry.resource_id)
    if isinstance(entry, Page):
        resource.set("type", "webcontent")
        resource.set("href", url_path(entry.path))
    else:
        resource.set("type", ASSESSMENT)
    _sub(resource, "file").set("href", url_path(entry.path))
    if shows_files:
        _sub(resource, "dependency").set("identifierref", MEDIA_ID)


def _files_shown(course: ir.Course, plan: CartridgePlan) -> Mapping[str, bool]:
    """Whether each page or quiz may show a file of the course (its lessons have some, or
    it is a page and the branding has pictures)."""
    branded = bool(course.branding and course.branding.images)
    return {
        entry.resource_id: (branded and isinstance(entry, Page))
        or any(
            lesson.assets
            for lesson in (
                [entry.lesson] if isinstance(entry, Page) else [q.lesson for q in entry.questions]
            )
        )
        for module in plan.modules
        for entry in module.entries
    }


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{IMSCC}}}{tag}")
    if text is not None:
        element.text = text
    return element
