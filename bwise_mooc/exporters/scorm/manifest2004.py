"""``imsmanifest.xml`` for SCORM 2004 4th edition, with IEEE LOM and simple sequencing.

Each SCO holding assessment questions has a primary objective satisfied by measure, with the
module's passing score as minimum normalised measure, so that LMSs that judge pass/fail
themselves agree with the runtime. Multi-SCO packages flow forward through a module's lessons,
with choice allowed, and roll completion up from every lesson and the score and success up
from the assessment SCO only.
"""

from collections.abc import Mapping, Sequence

from lxml import etree

from bwise_mooc.exporters.scorm import cp
from bwise_mooc.exporters.scorm.lom import ieee_lom
from bwise_mooc.exporters.scorm.plan import Node, PackagePlan, Sco

IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    f"{IMSCP} imscp_v1p1.xsd {ADLCP} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
    f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd"
)


def manifest(plan: PackagePlan, files: Mapping[str, Sequence[str]], shared: Sequence[str]) -> bytes:
    """The manifest of ``plan``; ``files`` lists each SCO's files by SCO key."""
    nsmap = {
        None: IMSCP,
        "adlcp": ADLCP,
        "adlseq": ADLSEQ,
        "adlnav": ADLNAV,
        "imsss": IMSSS,
        "xsi": XSI,
    }
    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap=nsmap)
    root.set("identifier", plan.identifier)
    root.set("version", plan.lom.version)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS)
    metadata = cp.sub(root, IMSCP, "metadata")
    cp.sub(metadata, IMSCP, "schema", "ADL SCORM")
    cp.sub(metadata, IMSCP, "schemaversion", "2004 4th Edition")
    metadata.append(ieee_lom(plan.lom))
    organization = cp.organization(root, IMSCP, plan)
    organization.set(f"{{{ADLSEQ}}}objectivesGlobalToSystem", "false")
    for node in plan.items:
        _item(organization, node)
    _cluster_sequencing(organization, plan.items, None)
    cp.resources(root, IMSCP, f"{{{ADLCP}}}scormType", plan, files, shared)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(parent: etree._Element, node: Node) -> None:
    item = cp.sub(parent, IMSCP, "item")
    item.set("identifier", node.identifier)
    if node.sco is not None:
        item.set("identifierref", node.sco.resource_id)
    cp.sub(item, IMSCP, "title", node.title)
    for child in node.children:
        _item(item, child)
    if node.sco is not None:
        _sco_sequencing(item, node.sco)
    else:
        _cluster_sequencing(item, node.children, node)


def _primary_objective(sequencing: etree._Element, objective_id: str, mastery: int | None) -> None:
    objectives = cp.sub(sequencing, IMSSS, "objectives")
    primary = cp.sub(objectives, IMSSS, "primaryObjective")
    primary.set("objectiveID", objective_id)
    if mastery is not None:
        primary.set("satisfiedByMeasure", "true")
        cp.sub(primary, IMSSS, "minNormalizedMeasure", f"{mastery / 100:.2f}")


def _sco_sequencing(item: etree._Element, sco: Sco) -> None:
    sequencing = cp.sub(item, IMSSS, "sequencing")
    if not sco.graded:  # lessons without assessment count for completion only
        rollup = cp.sub(sequencing, IMSSS, "rollupRules")
        rollup.set("rollupObjectiveSatisfied", "false")
        rollup.set("objectiveMeasureWeight", "0")
    _primary_objective(sequencing, sco.objective_id, sco.mastery_score)
    delivery = cp.sub(sequencing, IMSSS, "deliveryControls")
    delivery.set("completionSetByContent", "true")
    delivery.set("objectiveSetByContent", "true")


def _cluster_sequencing(
    parent: etree._Element, children: Sequence[Node], node: Node | None
) -> None:
    sequencing = cp.sub(parent, IMSSS, "sequencing")
    control = cp.sub(sequencing, IMSSS, "controlMode")
    control.set("choice", "true")
    control.set("flow", "true")
    if node is not None:
        _primary_objective(sequencing, node.objective_id, node.mastery_score)
