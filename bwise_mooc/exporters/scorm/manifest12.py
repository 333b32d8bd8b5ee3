"""``imsmanifest.xml`` for SCORM 1.2 (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1), built with lxml."""

from collections.abc import Mapping, Sequence

from lxml import etree

from bwise_mooc.exporters.scorm.lom import imsmd_lom
from bwise_mooc.exporters.scorm.plan import Node, PackagePlan
from bwise_mooc.transforms.identifiers import xml_id

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
SHARED_ID = xml_id("res", "shared")


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def manifest(plan: PackagePlan, files: Mapping[str, Sequence[str]], shared: Sequence[str]) -> bytes:
    """The manifest of ``plan``; ``files`` lists each SCO's files by SCO key."""
    root = etree.Element(
        f"{{{IMSCP}}}manifest",
        nsmap={None: IMSCP, "adlcp": ADLCP, "imsmd": IMSMD, "xsi": XSI},
    )
    root.set("identifier", plan.identifier)
    root.set("version", plan.lom.version)
    root.set(
        f"{{{XSI}}}schemaLocation",
        f"{IMSCP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd",
    )
    metadata = _sub(root, IMSCP, "metadata")
    _sub(metadata, IMSCP, "schema", "ADL SCORM")
    _sub(metadata, IMSCP, "schemaversion", "1.2")
    metadata.append(imsmd_lom(plan.lom))
    organizations = _sub(root, IMSCP, "organizations")
    organizations.set("default", xml_id("org", plan.name))
    organization = _sub(organizations, IMSCP, "organization")
    organization.set("identifier", xml_id("org", plan.name))
    _sub(organization, IMSCP, "title", plan.title)
    for node in plan.items:
        _item(organization, node)
    resources = _sub(root, IMSCP, "resources")
    for sco in plan.scos():
        resource = _resource(resources, sco.resource_id, "sco", files[sco.key])
        resource.set("href", sco.page)
        _sub(resource, IMSCP, "dependency").set("identifierref", SHARED_ID)
    _resource(resources, SHARED_ID, "asset", shared)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(parent: etree._Element, node: Node) -> None:
    item = _sub(parent, IMSCP, "item")
    item.set("identifier", node.identifier)
    if node.sco is not None:
        item.set("identifierref", node.sco.resource_id)
    item.set("isvisible", "true")
    _sub(item, IMSCP, "title", node.title)
    for child in node.children:
        _item(item, child)
    if node.sco is not None and node.sco.mastery_score is not None:
        _sub(item, ADLCP, "masteryscore", str(node.sco.mastery_score))


def _resource(
    parent: etree._Element, identifier: str, kind: str, files: Sequence[str]
) -> etree._Element:
    resource = _sub(parent, IMSCP, "resource")
    resource.set("identifier", identifier)
    resource.set("type", "webcontent")
    resource.set(f"{{{ADLCP}}}scormtype", kind)
    for name in sorted(files):
        _sub(resource, IMSCP, "file").set("href", name)
    return resource
