"""IEEE LOM metadata for SCORM manifests: IMS MD 1.2.1 (SCORM 1.2) and LOM XML (SCORM 2004).

Both carry the same facts: title, description, language, keywords, version, authors, licence,
typical learning time, intended audience, and the credentials the package counts towards (a
classification by educational level: the EQF level as the taxon, what the credential is and how
to earn it as the description, its name as the keyword).
"""

from dataclasses import dataclass

from lxml import etree

from bwise_mooc.exporters.metadata import licence_text, vcard
from bwise_mooc.ir import Course

IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
LOM = "http://ltsc.ieee.org/xsd/LOM"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EDUCATIONAL_DESCRIPTION_LIMIT = 1000  # SCORM 1.2 LMSs truncate or reject longer text


@dataclass(frozen=True)
class LomInfo:
    identifier: str
    title: str
    description: str
    language: str
    keywords: tuple[str, ...]
    version: str
    authors: tuple[str, ...]
    licence: str
    minutes: int
    audience: str
    credentials: tuple["LomCredential", ...] = ()


@dataclass(frozen=True)
class LomCredential:
    name: str
    eqf_level: int | None
    description: str


EQF_SOURCE = "European Qualifications Framework"


def lom_info(
    course: Course,
    identifier: str,
    title: str,
    description: str,
    minutes: int,
    audience: str,
    credentials: tuple[LomCredential, ...] = (),
) -> LomInfo:
    return LomInfo(
        identifier=identifier,
        title=title,
        description=description,
        language=course.language,
        keywords=course.keywords,
        version=course.version,
        authors=tuple(author.name for author in course.authors if author.role == "author"),
        licence=course.licence,
        minutes=minutes,
        audience=audience,
        credentials=credentials,
    )


def iso_duration(minutes: int) -> str:
    """``PT1H30M`` for 90 minutes (never the invalid ``P0S``/``PT``)."""
    hours, rest = divmod(max(minutes, 0), 60)
    if hours and rest:
        return f"PT{hours}H{rest}M"
    return f"PT{hours}H" if hours else f"PT{rest}M"


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


# ---- IMS Metadata 1.2.1 (SCORM 1.2) ------------------------------------------------------


def _md_langstring(parent: etree._Element, tag: str, text: str, lang: str) -> etree._Element:
    holder = _sub(parent, IMSMD, tag)
    string = _sub(holder, IMSMD, "langstring", text)
    string.set(XML_LANG, lang)
    return holder


def _md_vocabulary(parent: etree._Element, tag: str, value: str) -> None:
    holder = _sub(parent, IMSMD, tag)
    for name, text in (("source", "LOMv1.0"), ("value", value)):
        _md_langstring(holder, name, text, "x-none")


def imsmd_lom(info: LomInfo) -> etree._Element:
    """``<imsmd:lom>`` for a SCORM 1.2 manifest's metadata."""
    lang = info.language
    lom = etree.Element(f"{{{IMSMD}}}lom", nsmap={"imsmd": IMSMD})
    general = _sub(lom, IMSMD, "general")
    _md_langstring(general, "title", info.title, lang)
    _sub(general, IMSMD, "language", lang)
    _md_langstring(general, "description", info.description, lang)
    for keyword in info.keywords:
        _md_langstring(general, "keyword", keyword, lang)
    lifecycle = _sub(lom, IMSMD, "lifecycle")
    _md_langstring(lifecycle, "version", info.version, "x-none")
    for author in info.authors:
        contribute = _sub(lifecycle, IMSMD, "contribute")
        _md_vocabulary(contribute, "role", "Author")
        centity = _sub(contribute, IMSMD, "centity")
        _sub(centity, IMSMD, "vcard", vcard(author))
    technical = _sub(lom, IMSMD, "technical")
    _sub(technical, IMSMD, "format", "text/html")
    educational = _sub(lom, IMSMD, "educational")
    _md_vocabulary(educational, "intendedenduserrole", "Learner")
    learning_time = _sub(educational, IMSMD, "typicallearningtime")
    _sub(learning_time, IMSMD, "datetime", _cmi_timespan(info.minutes))
    audience = info.audience[:EDUCATIONAL_DESCRIPTION_LIMIT]
    _md_langstring(educational, "description", audience, lang)
    _sub(educational, IMSMD, "language", lang)
    rights = _sub(lom, IMSMD, "rights")
    _md_vocabulary(rights, "cost", "no")
    _md_vocabulary(rights, "copyrightandotherrestrictions", "yes")
    _md_langstring(rights, "description", licence_text(info.licence), lang)
    for credential in info.credentials:
        classification = _sub(lom, IMSMD, "classification")
        _md_vocabulary(classification, "purpose", "Educational Level")
        if credential.eqf_level is not None:
            path = _sub(classification, IMSMD, "taxonpath")
            _md_langstring(path, "source", EQF_SOURCE, "en")
            taxon = _sub(path, IMSMD, "taxon")
            _sub(taxon, IMSMD, "id", str(credential.eqf_level))
            _md_langstring(taxon, "entry", f"EQF {credential.eqf_level}", lang)
        _md_langstring(classification, "description", credential.description, lang)
        _md_langstring(classification, "keyword", credential.name, lang)
    return lom


def _cmi_timespan(minutes: int) -> str:
    hours, rest = divmod(max(minutes, 0), 60)
    return f"{hours:04d}:{rest:02d}:00"


# ---- IEEE LOM (SCORM 2004) --------------------------------------------------------------


def _lom_string(parent: etree._Element, tag: str, text: str, lang: str) -> etree._Element:
    holder = _sub(parent, LOM, tag)
    _sub(holder, LOM, "string", text).set("language", lang)
    return holder


def _lom_vocabulary(parent: etree._Element, tag: str, value: str) -> None:
    holder = _sub(parent, LOM, tag)
    _sub(holder, LOM, "source", "LOMv1.0")
    _sub(holder, LOM, "value", value)


def ieee_lom(info: LomInfo) -> etree._Element:
    """``<lom:lom>`` for a SCORM 2004 manifest's metadata (strict LOM v1.0 vocabulary)."""
    lang = info.language
    lom = etree.Element(f"{{{LOM}}}lom", nsmap={"lom": LOM})
    general = _sub(lom, LOM, "general")
    identifier = _sub(general, LOM, "identifier")
    _sub(identifier, LOM, "catalog", "URI")
    _sub(identifier, LOM, "entry", f"urn:bwise-mooc:{info.identifier}")
    _lom_string(general, "title", info.title, lang)
    _sub(general, LOM, "language", lang)
    _lom_string(general, "description", info.description, lang)
    for keyword in info.keywords:
        _lom_string(general, "keyword", keyword, lang)
    lifecycle = _sub(lom, LOM, "lifeCycle")
    _lom_string(lifecycle, "version", info.version, lang)
    _lom_vocabulary(lifecycle, "status", "final")
    for author in info.authors:
        contribute = _sub(lifecycle, LOM, "contribute")
        _lom_vocabulary(contribute, "role", "author")
        _sub(contribute, LOM, "entity", vcard(author))
    technical = _sub(lom, LOM, "technical")
    _sub(technical, LOM, "format", "text/html")
    educational = _sub(lom, LOM, "educational")
    _lom_vocabulary(educational, "intendedEndUserRole", "learner")
    learning_time = _sub(educational, LOM, "typicalLearningTime")
    _sub(learning_time, LOM, "duration", iso_duration(info.minutes))
    _lom_string(educational, "description", info.audience, lang)
    _sub(educational, LOM, "language", lang)
    rights = _sub(lom, LOM, "rights")
    _lom_vocabulary(rights, "cost", "no")
    _lom_vocabulary(rights, "copyrightAndOtherRestrictions", "yes")
    _lom_string(rights, "description", licence_text(info.licence), lang)
    for credential in info.credentials:
        classification = _sub(lom, LOM, "classification")
        _lom_vocabulary(classification, "purpose", "educational level")
        if credential.eqf_level is not None:
            path = _sub(classification, LOM, "taxonPath")
            _lom_string(path, "source", EQF_SOURCE, "en")
            taxon = _sub(path, LOM, "taxon")
            _sub(taxon, LOM, "id", str(credential.eqf_level))
            _lom_string(taxon, "entry", f"EQF {credential.eqf_level}", lang)
        _lom_string(classification, "description", credential.description, lang)
        _lom_string(classification, "keyword", credential.name, lang)
    return lom
