"""``imsmanifest.xml`` for SCORM 1.2 (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1), built with lxml."""

from collections.abc import Mapping, Sequence

from lxml import etree

from bwise_mooc.exporters.scorm import cp
from bwise_mooc.exporters.scorm.lom import imsmd_lom
from bwise_mooc.exporters.scorm.plan import Node, PackagePlan

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")


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
    metadata = cp.sub(root, IMSCP, "metadata")
    cp.sub(metadata, IMSCP, "schema", "ADL SCORM")
    cp.sub(metadata, IMSCP, "schemaversion", "1.2")
    metadata.append(imsmd_lom(plan.lom))
    organization = cp.organization(root, IMSCP, plan)
    for node in plan.items:
        _item(organization, node)
    cp.resources(root, IMSCP, f"{{{ADLCP}}}scormtype", plan, files, shared)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(parent: etree._Element, node: Node) -> None:
    item = cp.sub(parent, IMSCP, "item")
    item.set("identifier", node.identifier)
    if node.sco is not None:
        item.set("identifierref", node.sco.resource_id)
    item.set("isvisible", "true")
    cp.sub(item, IMSCP, "title", node.title)
    for child in node.children:
        _item(item, child)
    if node.sco is not None and node.sco.mastery_score is not None:
        cp.sub(item, ADLCP, "masteryscore", str(node.sco.mastery_score))
