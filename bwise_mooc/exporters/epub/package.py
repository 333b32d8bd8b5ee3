"""The container of each book: ``mimetype``, ``container.xml``, the package document (OPF,
with its accessibility metadata), the navigation document, and the reproducible zip.

Every date in the book is the build's fixed time (``base.fixed_timestamp``:
``SOURCE_DATE_EPOCH`` or a fixed date), and every identifier comes from the course, track and
language, so two builds of the same sources give the same bytes.
"""

import time
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.base import fixed_timestamp, write_zip
from bwise_mooc.exporters.epub.content import CSS
from bwise_mooc.exporters.epub.plan import PACKAGE_ROOT, BookPlan
from bwise_mooc.exporters.epub.xhtml import OPS, document, serialise, sub
from bwise_mooc.exporters.html import module_label
from bwise_mooc.exporters.media_types import media_type
from bwise_mooc.exporters.reuse import Reuse
from bwise_mooc.i18n import N_, gettext, text_direction

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
MIMETYPE = b"application/epub+zip"
PACKAGE = f"{PACKAGE_ROOT}/package.opf"
NAV = "nav.xhtml"
TITLE = "title.xhtml"
GLOSSARY = "glossary.xhtml"
FEATURES = (
    "structuralNavigation",
    "alternativeText",
    "tableOfContents",
    "readingOrder",
    "displayTransformability",
)
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
# the accessibility summary, a sentence for each fact of the book, in the book's language
SUMMARY_START = N_(
    "This book has a table of contents and a heading for every module, lesson and section, "
    "in reading order. Every picture has a text alternative."
)
SUMMARY_FILMS = N_(
    "Films and recordings have captions, and their words are also written out in the text."
)
SUMMARY_GLOSSARY = N_("A glossary at the end explains the difficult words.")
SUMMARY_END = N_(
    "The self-check questions are plain text; their answers and feedback follow at the end of "
    "each lesson. The text reflows and its size can be changed. The book has no script."
)
Files = dict[str, bytes | Path]


def modified() -> str:
    """``dcterms:modified``: the build's fixed time, as EPUB wants it (UTC, to the second)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(fixed_timestamp()))


def container() -> bytes:
    root = etree.Element(f"{{{CONTAINER}}}container", nsmap={None: CONTAINER}, version="1.0")
    files = etree.SubElement(root, f"{{{CONTAINER}}}rootfiles")
    etree.SubElement(
        files,
        f"{{{CONTAINER}}}rootfile",
        {"full-path": PACKAGE, "media-type": "application/oebps-package+xml"},
    )
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return data + b"\n"


def nav(course: ir.Course, book: BookPlan) -> bytes:
    """The navigation document: the table of contents (modules, then their lessons) and the
    landmarks (title page, contents, where reading starts)."""
    contents = gettext(course.language, "Contents")
    root, body = document(contents, course.language, CSS)
    toc = sub(body, "nav", id="toc", role="doc-toc", **{"aria-labelledby": "bw-toc"})
    toc.set(f"{{{OPS}}}type", "toc")
    sub(toc, "h1", contents, id="bw-toc")
    parts = sub(toc, "ol")
    for part in book.parts:
        item = sub(parts, "li")
        sub(item, "a", module_label(course.language, part.module), href=part.path)
        if part.chapters:
            lessons = sub(item, "ol")
            for chapter in part.chapters:
                sub(sub(lessons, "li"), "a", chapter.lesson.title, href=chapter.path)
    if book.glossary:
        sub(sub(parts, "li"), "a", gettext(course.language, "Glossary"), href=GLOSSARY)
    landmarks = sub(body, "nav", id="landmarks", hidden="hidden")
    landmarks.set(f"{{{OPS}}}type", "landmarks")
    sub(landmarks, "h2", book.title)
    marks = sub(landmarks, "ol")
    first = book.parts[0].path if book.parts else TITLE
    for kind, href, text in (
        ("titlepage", TITLE, course.title),
        ("toc", f"{NAV}#toc", contents),
        (
            "bodymatter",
            first,
            module_label(course.language, book.parts[0].module) if book.parts else "",
        ),
        *((("glossary", GLOSSARY, gettext(course.language, "Glossary")),) if book.glossary else ()),
    ):
        link = sub(sub(marks, "li"), "a", text, href=href)
        link.set(f"{{{OPS}}}type", kind)
    return serialise(root)


def _meta(metadata: etree._Element, prop: str, text: str) -> None:
    element = etree.SubElement(metadata, f"{{{OPF}}}meta", property=prop)
    element.text = text


def _dc(metadata: etree._Element, name: str, text: str, **attrs: str) -> None:
    element = etree.SubElement(metadata, f"{{{DC}}}{name}", attrs)
    element.text = text


def _metadata(
    package: etree._Element, course: ir.Course, book: BookPlan, media: Mapping[str, str]
) -> None:
    metadata = etree.SubElement(package, f"{{{OPF}}}metadata", nsmap={"dc": DC})
    _dc(metadata, "identifier", book.identifier, id="pub-id")
    _dc(metadata, "title", book.title)
    _dc(metadata, "language", course.language)
    for author in course.authors:
        _dc(metadata, "creator", author.name)
    _dc(metadata, "publisher", course.organisation)
    _dc(metadata, "rights", course.licence)
    if course.description:
        _dc(metadata, "description", course.description)
    _meta(metadata, "dcterms:modified", modified())
    videos = [path for path in media.values() if media_type(path).startswith(("video/", "audio/"))]
    for mode in ("textual", "visual", *(("auditory",) if videos else ())):
        _meta(metadata, "schema:accessMode", mode)
    _meta(metadata, "schema:accessModeSufficient", "textual")
    _meta(metadata, "schema:accessModeSufficient", "textual,visual")
    for feature in FEATURES:
        _meta(metadata, "schema:accessibilityFeature", feature)
    if any(media_type(path) == "text/vtt" for path in media.values()):
        _meta(metadata, "schema:accessibilityFeature", "captions")
    _meta(metadata, "schema:accessibilityHazard", "none")
    _meta(metadata, "schema:accessibilitySummary", summary(course, book, bool(videos)))
    _meta(metadata, "dcterms:conformsTo", CONFORMS_TO)
    # who stands behind the claim: the publisher itself (the tests run EPUBCheck and DAISY Ace
    # on every book; no third party has certified it, so no certifier credential or report)
    _meta(metadata, "a11y:certifiedBy", course.organisation)


def summary(course: ir.Course, book: BookPlan, films: bool) -> str:
    """The accessibility summary: what the book offers a reader who cannot see, hear or read
    well, in the book's language."""
    sentences = [
        SUMMARY_START,
        *((SUMMARY_FILMS,) if films else ()),
        *((SUMMARY_GLOSSARY,) if book.glossary else ()),
        SUMMARY_END,
    ]
    return " ".join(gettext(course.language, sentence) for sentence in sentences)


def _item_id(path: str) -> str:
    """A manifest id from a path: an NCName, unique because paths are."""
    return "i-" + "".join(c if c.isalnum() or c in "-." else "_" for c in path)


def package_document(
    course: ir.Course, book: BookPlan, documents: Mapping[str, bytes], media: Mapping[str, str]
) -> bytes:
    """The OPF: metadata, every file of the book (``documents`` in reading order, then
    ``media``: place -> place), and the spine, right to left for a right-to-left language."""
    package = etree.Element(
        f"{{{OPF}}}package",
        nsmap={None: OPF},
        version="3.0",
        attrib={
            "unique-identifier": "pub-id",
            "{http://www.w3.org/XML/1998/namespace}lang": course.language,
        },
    )
    package.set("dir", text_direction(course.language))
    _metadata(package, course, book, media)
    manifest = etree.SubElement(package, f"{{{OPF}}}manifest")
    etree.SubElement(
        manifest,
        f"{{{OPF}}}item",
        id="nav",
        href=NAV,
        properties="nav",
        attrib={"media-type": media_type(NAV)},
    )
    etree.SubElement(
        manifest, f"{{{OPF}}}item", id="css", href=CSS, attrib={"media-type": "text/css"}
    )
    for path in documents:
        etree.SubElement(
            manifest,
            f"{{{OPF}}}item",
            id=_item_id(path),
            href=path,
            attrib={"media-type": media_type(path)},
        )
    for path in sorted(media):
        attrs = {"media-type": media_type(path)}
        if course.image is not None and course.media.get(course.image.path) == path:
            attrs["properties"] = "cover-image"
        etree.SubElement(manifest, f"{{{OPF}}}item", id=_item_id(path), href=path, attrib=attrs)
    spine = etree.SubElement(package, f"{{{OPF}}}spine")
    if text_direction(course.language) == "rtl":
        spine.set("page-progression-direction", "rtl")
    for number, path in enumerate(documents):
        etree.SubElement(spine, f"{{{OPF}}}itemref", idref=_item_id(path))
        if number == 0:  # the contents, right after the title page
            etree.SubElement(spine, f"{{{OPF}}}itemref", idref="nav")
    data: bytes = etree.tostring(package, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return data


def stylesheet() -> bytes:
    return resources.files("bwise_mooc.exporters.epub").joinpath(CSS).read_bytes()


def write_book(files: Files, target: Path, reuse: Reuse | None = None) -> None:
    """The EPUB's zip: ``mimetype`` first and stored, then ``META-INF``, then the rest sorted."""
    write_zip(
        target,
        {"mimetype": MIMETYPE, "META-INF/container.xml": container(), **files},
        first=["mimetype", "META-INF/container.xml", PACKAGE],
        stored=["mimetype"],
        reuse=reuse,
    )
