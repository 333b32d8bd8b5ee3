"""IMS Content Packaging parts that SCORM 1.2 and 2004 manifests share: built with lxml.

The two versions use different namespaces (and ``scormtype`` vs ``scormType``), so each
helper takes them as arguments; the layout of organizations and resources is the same.
"""

from collections.abc import Mapping, Sequence

from lxml import etree

from bwise_mooc.exporters.scorm.plan import PackagePlan
from bwise_mooc.transforms.identifiers import xml_id

SHARED_ID = xml_id("res", "shared")


def sub(parent: etree._Element, ns: str, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def organization(root: etree._Element, cp: str, plan: PackagePlan) -> etree._Element:
    """``<organizations>`` with the package's one organisation (titled); items come after."""
    organizations = sub(root, cp, "organizations")
    organizations.set("default", xml_id("org", plan.name))
    element = sub(organizations, cp, "organization")
    element.set("identifier", xml_id("org", plan.name))
    sub(element, cp, "title", plan.title)
    return element


def resources(
    root: etree._Element,
    cp: str,
    scorm_type: str,
    plan: PackagePlan,
    files: Mapping[str, Sequence[str]],
    shared: Sequence[str],
) -> None:
    """``<resources>``: one SCO resource per SCO (its page and media), one shared asset."""
    element = sub(root, cp, "resources")
    for sco in plan.scos():
        resource = _resource(element, cp, scorm_type, sco.resource_id, "sco", files[sco.key])
        resource.set("href", sco.page)
        sub(resource, cp, "dependency").set("identifierref", SHARED_ID)
    _resource(element, cp, scorm_type, SHARED_ID, "asset", shared)


def _resource(
    parent: etree._Element,
    cp: str,
    scorm_type: str,
    identifier: str,
    kind: str,
    files: Sequence[str],
) -> etree._Element:
    resource = sub(parent, cp, "resource")
    resource.set("identifier", identifier)
    resource.set("type", "webcontent")
    resource.set(scorm_type, kind)
    for name in sorted(files):
        sub(resource, cp, "file").set("href", name)
    return resource
