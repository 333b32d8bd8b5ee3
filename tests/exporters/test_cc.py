"""Common Cartridge 1.1: the CC 1.1 schemas, what Moodle's importer reads, golden files,
reproducible cartridges, the numeric warning and the build's exit code 3.

What Moodle's importer needs is taken from its code (``backup/cc/entity11.quiz.class.php``,
``entity11.resource.class.php``, ``backup/converter/imscc11/lib.php``); that a real Moodle
restores these cartridges is checked by ``make moodle-cc-check``, outside this suite.
Regenerate the golden files with ``pytest tests/exporters/test_cc.py --update-golden``, then
review ``git diff tests/golden``.
"""

import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree, html

from bwise_mooc import ir
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.cli import main
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.cc import CommonCartridge
from bwise_mooc.exporters.cc.check import (
    MANIFEST,
    QTI,
    InvalidCartridge,
    check_listing,
    problems,
)
from bwise_mooc.exporters.cc.items import PROFILES
from bwise_mooc.exporters.cc.links import ESCAPED, url_path
from bwise_mooc.pipeline import load_course
from bwise_mooc.validate import InvalidOutput, safe_parser
from tests.conftest import FIXTURES
from tests.golden_support import compare_folder, normalise_xml
from tests.test_golden import GOLDEN

CASES = ["mini", "sample", "conformance"]
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
Q = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS = {"cp": CP, "q": Q}


@dataclass(frozen=True)
class Cartridge:
    course: ir.Course
    name: str
    data: bytes

    def members(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def names(self) -> list[str]:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return archive.namelist()

    def manifest(self) -> etree._Element:
        return etree.fromstring(self.members()["imsmanifest.xml"], safe_parser())

    def qti(self) -> dict[str, etree._Element]:
        """Every QTI file, by its path."""
        return {
            name: etree.fromstring(data, safe_parser())
            for name, data in self.members().items()
            if "/quizzes/" in name
        }


def build(root: Path, out: Path, language: str | None = None) -> list[Cartridge]:
    course, diagnostics = load_course(root, language)
    assert course is not None and not diagnostics.errors
    artifact = CommonCartridge(BuildOptions()).write(course, root, out)
    return [Cartridge(course, path.name, path.read_bytes()) for path in artifact.files]


def languages(case: str) -> list[str]:
    course, _ = load_course(FIXTURES / case)
    assert course is not None
    return list(course.languages)


BUILDS = [(case, language) for case in CASES for language in languages(case)]


@pytest.fixture(scope="module")
def cartridges(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[Cartridge]]:
    return {
        (case, language): build(FIXTURES / case, tmp_path_factory.mktemp(case), language)
        for case, language in BUILDS
    }


def items(cartridge: Cartridge) -> dict[str, etree._Element]:
    """Every QTI item of the cartridge, by its ident."""
    found: dict[str, etree._Element] = {}
    for root in cartridge.qti().values():
        for element in root.iterfind(".//q:item", NS):
            found[str(element.get("ident"))] = element
    return found


def profile(element: etree._Element) -> str:
    return str(
        element.xpath(
            "string(.//q:qtimetadatafield[q:fieldlabel='cc_profile']/q:fieldentry)", namespaces=NS
        )
    )


# -- the format and its files ------------------------------------------------------------------


def test_cc_is_in_the_registry() -> None:
    assert EXPORTERS["cc"] is CommonCartridge


@pytest.mark.parametrize(("case", "language"), BUILDS)
def test_every_manifest_and_qti_file_validates(
    cartridges: dict[tuple[str, str], list[Cartridge]], case: str, language: str
) -> None:
    for cartridge in cartridges[case, language]:
        members = cartridge.members()
        assert problems(members["imsmanifest.xml"], MANIFEST, "imsmanifest.xml") == []
        qti = [name for name in members if "/quizzes/" in name]
        assert qti, cartridge.name
        for name in qti:
            assert problems(members[name], QTI, name) == [], name


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("<schemaversion>1.1.0<", "<schemaversion>1.2.0<"), "schemaversion"),
        (('structure="rooted-hierarchy"', 'structure="tree"'), "structure"),
        (("<title>Intro</title>", ""), "title"),
        (('type="webcontent"', 'type="page"'), "type"),
    ],
)
def test_a_broken_manifest_fails_the_schema(
    cartridges: dict[tuple[str, str], list[Cartridge]], edit: tuple[str, str], message: str
) -> None:
    manifest = cartridges["mini", "en"][-1].members()["imsmanifest.xml"]
    broken = manifest.decode().replace(*edit, 1).encode()
    assert broken != manifest
    found = problems(broken, MANIFEST, "imsmanifest.xml")
    assert found and message in found[0]


def test_a_qti_file_is_checked_against_the_qti_profile(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    members = cartridges["mini", "en"][-1].members()
    data = members["01-basics/quizzes/01-intro-quiz1.xml"]
    assert problems(data, QTI, "q.xml") == []
    assert problems(data.replace(b"<presentation>", b"<presentation><flow/>", 1), QTI, "q.xml")
    assert problems(members["imsmanifest.xml"], QTI, "q.xml")[0].endswith("expected " + QTI[1])


def test_the_manifest_lists_exactly_the_files_of_the_cartridge(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    cartridge = cartridges["mini", "en"][-1]
    members = cartridge.members()
    check_listing(members["imsmanifest.xml"], members, "demo.imscc")
    with pytest.raises(InvalidCartridge) as raised:
        check_listing(members["imsmanifest.xml"], [*members, "extra.txt"], "demo.imscc")
    assert raised.value.problems == ["extra.txt: in the cartridge, not listed in the manifest"]


@pytest.mark.parametrize(("case", "language"), BUILDS)
def test_moodle_recognises_cc_1_1(
    cartridges: dict[tuple[str, str], list[Cartridge]], case: str, language: str
) -> None:
    """Moodle finds the version in the first 1024 bytes of the manifest: the default xmlns."""
    for cartridge in cartridges[case, language]:
        assert cartridge.names()[0] == "imsmanifest.xml"
        head = cartridge.members()["imsmanifest.xml"][:1024].decode()
        assert f'xmlns="{CP}"' in head
        root = cartridge.manifest()
        assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "IMS Common Cartridge"
        assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.1.0"


def test_one_cartridge_per_module_then_the_course(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    for (case, language), found in cartridges.items():
        course = found[0].course
        suffix = "" if language == course.languages[0] else f"-{language}"
        expected = [f"{course.id}-{module.id}{suffix}.imscc" for module in course.modules]
        assert [c.name for c in found] == [*expected, f"{course.id}{suffix}.imscc"], case
        for cartridge, module in zip(found, course.modules, strict=False):
            folders = {name.split("/")[0] for name in cartridge.names() if "/" in name}
            assert folders <= {module.folder, "media"}


def test_translations_go_to_their_language_folder(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(FIXTURES / "conformance"), "--format", "cc", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    for language in ("de", "ar"):
        names = sorted(p.name for p in (out / language / "cc").iterdir())
        assert names and all(name.endswith(f"-{language}.imscc") for name in names)
    assert sorted(p.name for p in (out / "cc").iterdir()) == [
        "conformance-every-question.imscc",
        "conformance.imscc",
    ]


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build(FIXTURES / "sample", tmp_path / "one")
    second = build(FIXTURES / "sample", tmp_path / "two")
    assert [(c.name, c.data) for c in first] == [(c.name, c.data) for c in second]
    with zipfile.ZipFile(io.BytesIO(first[-1].data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# -- the organisation --------------------------------------------------------------------------


def test_modules_are_sections_holding_pages_and_quizzes_in_reading_order(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    cartridge = cartridges["mini", "en"][-1]
    root = cartridge.manifest()
    top = root.find("cp:organizations/cp:organization/cp:item", NS)
    assert top is not None and top.find("cp:title", NS) is None  # the profile's untitled root
    sections = top.findall("cp:item", NS)
    assert [s.findtext("cp:title", namespaces=NS) for s in sections] == ["Demo", "Module 1: Basics"]
    assert sections[0].find("cp:item", NS) is None  # Moodle's section 0: the course's name only
    entries = [
        (e.findtext("cp:title", namespaces=NS), _type(root, str(e.get("identifierref"))))
        for e in sections[1].findall("cp:item", NS)
    ]
    assessment = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
    assert entries == [
        ("Intro", "webcontent"),
        ("Intro (Knowledge check)", assessment),
        ("Test", "webcontent"),
        ("Module 1: Basics (Assessment)", assessment),
    ]


def _type(root: etree._Element, identifier: str) -> str:
    return str(
        root.xpath("string(//cp:resource[@identifier=$i]/@type)", i=identifier, namespaces=NS)
    )


def test_lom_metadata_names_the_course_and_its_outcomes(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    cartridge = cartridges["sample", "en"][-1]
    course, root = cartridge.course, cartridge.manifest()
    lom = {"l": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"}
    lom_root = root.find("cp:metadata/l:lom", {**NS, **lom})
    assert lom_root is not None

    def strings(path: str) -> list[str]:
        return [str(s) for s in lom_root.xpath(f"{path}/l:string/text()", namespaces=lom)]

    assert strings("l:general/l:title") == [course.title]
    assert strings("l:general/l:description")[0] == course.description
    assert strings("l:general/l:keyword") == list(course.keywords)
    assert lom_root.findtext("l:general/l:language", namespaces=lom) == course.language
    assert course.licence in strings("l:rights/l:description")[0]
    objectives = lom_root.xpath(
        "l:classification[l:purpose/l:value='educational objective']//l:taxon/l:entry/l:string/text()",
        namespaces=lom,
    )
    assert objectives == [o.text for m in course.modules for o in m.outcomes]


# -- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "language"), BUILDS)
def test_pages_are_whole_documents_whose_references_resolve(
    cartridges: dict[tuple[str, str], list[Cartridge]], case: str, language: str
) -> None:
    cartridge = cartridges[case, language][-1]
    members = cartridge.members()
    direction = "rtl" if language == "ar" else "ltr"
    pages = [name for name in members if name.endswith(".html")]
    assert len(pages) == sum(len(m.lessons) for m in cartridge.course.modules)
    for name in pages:
        text = members[name].decode("utf-8")
        assert text.startswith("<!DOCTYPE html>\n") and "<script" not in text
        page = html.fromstring(members[name])
        assert (page.get("lang"), page.get("dir")) == (language, direction)
        (wrapper,) = page.xpath("/html/body/div")
        assert (wrapper.get("lang"), wrapper.get("dir")) == (language, direction)
        assert page.findtext("head/title")
        for value in page.xpath("//img/@src | //a/@href"):
            parts = urlsplit(str(value))
            if parts.scheme or not parts.path:
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(name), unquote(parts.path))
            )
            assert target in members, (name, value)


def test_a_page_shows_its_picture_from_the_shared_resource(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    cartridge = cartridges["mini", "en"][-1]
    members, root = cartridge.members(), cartridge.manifest()
    (picture,) = [name for name in members if name.startswith("media/")]
    assert f'src="../{picture}"' in members["01-basics/01-intro.html"].decode()
    assert 'href="02-test.html#part-two"' in members["01-basics/01-intro.html"].decode()
    shared = root.xpath("//cp:resource[cp:file/@href=$p]", p=picture, namespaces=NS)
    assert [r.get("type") for r in shared] == ["webcontent"]
    page = root.xpath("//cp:resource[@href='01-basics/01-intro.html']", namespaces=NS)[0]
    assert page.xpath("cp:dependency/@identifierref", namespaces=NS) == [
        shared[0].get("identifier")
    ]


def test_quizzes_stay_out_of_the_pages(cartridges: dict[tuple[str, str], list[Cartridge]]) -> None:
    members = cartridges["mini", "en"][-1].members()
    intro = members["01-basics/01-intro.html"].decode()
    assert "Which is" not in intro and "<form" not in intro


# -- quizzes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "language"), BUILDS)
def test_each_question_has_the_profile_of_its_type_and_numeric_ones_are_left_out(
    cartridges: dict[tuple[str, str], list[Cartridge]], case: str, language: str
) -> None:
    cartridge = cartridges[case, language][-1]
    found = items(cartridge)
    course = cartridge.course
    expected = {
        f"{module.id}_{lesson.id}_{question.id}": PROFILES[question.type]
        for module in course.modules
        for lesson in module.lessons
        for quiz in lesson.quizzes()
        for question in quiz.questions
        if question.type != "numeric"
    }
    assert {ident: profile(element) for ident, element in found.items()} == expected


def test_true_false_answers_are_exactly_true_and_false(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    checked = 0
    for found in cartridges.values():
        for element in items(found[-1]).values():
            if profile(element) != PROFILES["true_false"]:
                continue
            checked += 1
            labels = element.xpath(".//q:response_label/@ident", namespaces=NS)
            assert labels == ["true", "false"]
            right = element.xpath(
                ".//q:respcondition[q:setvar='100']//q:varequal/text()", namespaces=NS
            )
            assert len(right) == 1 and right[0] in {"true", "false"}
    assert checked


def test_the_right_answers_are_written_as_moodle_reads_them(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    found = items(cartridges["mini", "en"][-1])
    single = found["basics_intro_pick"]
    # Moodle takes, for each choice, the last condition that names it: one each, the right one scores
    named = single.xpath(".//q:respcondition/q:conditionvar/q:varequal/text()", namespaces=NS)
    assert sorted(named) == sorted(set(named)) == ["a", "b"]
    assert single.xpath(".//q:respcondition[q:setvar='100']//q:varequal/text()", namespaces=NS) == [
        "b"
    ]
    assert (
        _feedback(single, "b_fb") == "<p>yes</p>"
        and _feedback(single, "general_fb") == "<p>general feedback</p>"
    )
    # only the general feedback's condition continues (Moodle adds every continuing one's feedback)
    continuing = single.xpath(".//q:respcondition[@continue='Yes']", namespaces=NS)
    assert [c.xpath("q:displayfeedback/@linkrefid", namespaces=NS) for c in continuing] == [
        ["general_fb"]
    ]
    multiple = found["basics_test_q1"]
    right = multiple.xpath(
        ".//q:setvar[@varname='SCORE'][.=100]/../q:conditionvar//q:varequal[@case='Yes'][not(parent::q:not)]/text()",
        namespaces=NS,
    )
    assert right == ["a", "c"]
    assert multiple.xpath(".//q:not/q:varequal/text()", namespaces=NS) == ["b"]
    text = found["basics_intro_q3"]
    first = text.xpath(
        "(.//q:respcondition[q:setvar='100'])[1]/q:conditionvar/q:varequal/text()", namespaces=NS
    )
    assert first == ["Phishing", "phishing email"]  # spacing collapsed, as the course compares
    assert text.xpath(".//q:varequal/@case", namespaces=NS) == ["No", "No", "No"]
    assert "basics_intro_q4" not in found  # numeric


def _feedback(element: etree._Element, ident: str) -> str:
    return str(
        element.xpath(
            "string(q:itemfeedback[@ident=$i]/q:flow_mat/q:material/q:mattext)",
            i=ident,
            namespaces=NS,
        )
    )


def test_attempts_unlimited_for_knowledge_checks_and_from_the_course_for_assessments(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    cartridge = cartridges["sample", "en"][-1]
    field = "string(//q:assessment/q:qtimetadata/q:qtimetadatafield[q:fieldlabel=$f]/q:fieldentry)"
    for name, root in cartridge.qti().items():
        attempts = root.xpath(field, f="cc_maxattempts", namespaces=NS)
        graded = name.endswith("/assessment.xml")
        assert attempts == (str(cartridge.course.grading.attempts) if graded else "unlimited"), name
        assert root.xpath(field, f="cc_profile", namespaces=NS) == "cc.exam.v0p1"


def test_the_module_assessment_holds_every_graded_question_of_the_module(
    cartridges: dict[tuple[str, str], list[Cartridge]],
) -> None:
    cartridge = cartridges["sample", "en"][-1]
    for module in cartridge.course.modules:
        root = cartridge.qti()[f"{module.folder}/quizzes/assessment.xml"]
        idents = root.xpath("//q:item/@ident", namespaces=NS)
        expected = [
            f"{module.id}_{lesson.id}_{q.id}"
            for lesson, q in module.graded_questions()
            if q.type != "numeric"
        ]
        assert idents == expected


def test_pictures_in_questions_are_files_of_a_webcontent_resource(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    picture = (FIXTURES / "mini/modules/01-basics/media/pic.png").read_bytes()
    root = make_course(
        {"modules/01-basics/media/pic.png": picture},
        lesson="""\
        ::: quiz
        ### Which? {#which}
        ![A thing](media/pic.png)

        - (x) this
        - ( ) that
        :::
        """,
    )
    cartridge = build(root, tmp_path / "out")[-1]
    members = cartridge.members()
    (place,) = [name for name in members if name.startswith("media/")]
    (qti,) = [name for name in members if "/quizzes/" in name]
    prompt = items(cartridge)["basics_lesson_which"].xpath(
        "string(.//q:presentation/q:material/q:mattext)", namespaces=NS
    )
    src = html.fromstring(prompt).xpath("string(//img/@src)")
    assert src == f"$IMS-CC-FILEBASE$../../{place}"
    # Moodle resolves it from the QTI file's folder, and finds it among the webcontent files
    assert (
        posixpath.normpath(
            posixpath.join(posixpath.dirname(qti), src.removeprefix("$IMS-CC-FILEBASE$"))
        )
        == place
    )
    manifest = cartridge.manifest()
    holder = manifest.xpath("//cp:resource[cp:file/@href=$p]/@type", p=place, namespaces=NS)
    assert holder == ["webcontent"]


# -- the warning -------------------------------------------------------------------------------


def read_for(root: Path, formats: list[str]) -> tuple[ir.Course, Diagnostics]:
    """The course as a build of ``formats`` reads it, with the diagnostics it reports."""
    build = Build(BuildRequest(root, formats, use_cache=False, source_only=True))
    diagnostics = build.read()
    return build.courses[0], diagnostics


@pytest.mark.parametrize("case", CASES)
def test_each_numeric_question_is_named_in_a_warning(case: str) -> None:
    course, diagnostics = read_for(FIXTURES / case, ["cc"])
    numeric = {
        (q.source.path, q.source.line, q.source.column)
        for _, q in course.questions()
        if q.type == "numeric"
    }
    warned = [(d.path, d.line, d.column) for d in diagnostics.warnings if d.code == "cc.numeric"]
    assert numeric and sorted(warned) == sorted(numeric)
    message = next(d.message for d in diagnostics.warnings if d.code == "cc.numeric")
    assert (
        "left out of the cartridge's quizzes" in message and "--format moodlexml or gift" in message
    )


def test_a_course_without_numeric_questions_gets_no_warning(
    make_course: Callable[..., Path],
) -> None:
    root = make_course(lesson="::: quiz\n### One? {#one}\n- answer: true\n:::\n")
    _, diagnostics = read_for(root, ["cc"])
    assert not [d for d in diagnostics if d.code == "cc.numeric"]


@pytest.mark.parametrize("formats", [[], ["html", "scorm12", "olx"]])
def test_the_warning_is_given_only_when_a_cartridge_is_built(formats: list[str]) -> None:
    # check and the other formats carry numeric questions: nothing to say there
    _, diagnostics = read_for(FIXTURES / "sample", formats)
    assert not [d for d in diagnostics if d.code == "cc.numeric"]


def test_a_quiz_of_numeric_questions_only_is_left_out(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_course(lesson="Text.\n\n::: quiz\n### How many? {#many}\n- number: 4\n:::\n")
    cartridge = build(root, tmp_path / "out")[-1]
    assert not [name for name in cartridge.names() if "/quizzes/" in name]
    assert cartridge.manifest().xpath("count(//cp:resource)", namespaces=NS) == 1  # the page


# -- a broken file stops the build -------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "broken"),
    [
        ("bwise_mooc.exporters.cc.package.assessment", lambda *_: b"<questestinterop/>"),
        ("bwise_mooc.exporters.cc.package.manifest", lambda *_: b"<manifest/>"),
    ],
)
def test_an_invalid_emitted_file_stops_the_build_with_exit_code_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, broken: Callable[..., bytes]
) -> None:
    monkeypatch.setattr(target, broken)
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main, ["build", "--root", str(FIXTURES / "mini"), "--format", "cc", "--out", str(out)]
    )
    assert result.exit_code == 3, result.output
    assert "emitted file failed validation" in result.output
    assert not (out / "cc").exists()
    assert issubclass(InvalidCartridge, InvalidOutput)


# -- golden files ------------------------------------------------------------------------------


def test_golden_cartridge(
    cartridges: dict[tuple[str, str], list[Cartridge]], update_golden: bool
) -> None:
    folder = GOLDEN / "mini" / "cc"
    found = cartridges["mini", "en"]
    course = found[-1]
    actual = {
        name: normalise_xml(data) if name.endswith(".xml") else data.decode("utf-8")
        for name, data in course.members().items()
        if not name.startswith("media/")
    }
    actual["MEMBERS.txt"] = "".join(_member_list(cartridge) for cartridge in found)
    compare_folder(actual, folder, update_golden)


def _member_list(cartridge: Cartridge) -> str:
    lines = [cartridge.name]
    with zipfile.ZipFile(io.BytesIO(cartridge.data)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            binary = PurePosixPath(info.filename).parts[0] == "media"
            digest = hashlib.sha256(data).hexdigest() if binary else ""
            lines.append(f"  {info.file_size:>8} {info.filename} {digest}".rstrip())
    return "\n".join(lines) + "\n"


def test_file_names_with_spaces_percent_and_hash_signs(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    """The manifest's hrefs stay valid xs:anyURI (Moodle validates them) and plain paths where
    they can (Moodle copies the files they name as written); what would break a URL is escaped."""
    root = make_course(
        {
            "modules/01-basics/files/my plan.pdf": b"%PDF-1.4 plan",
            "modules/01-basics/files/100%.pdf": b"%PDF-1.4 odds",
            "modules/01-basics/files/a#1.pdf": b"%PDF-1.4 one",
        },
        lesson="[plan](files/my%20plan.pdf), [odds](files/100%25.pdf), [one](files/a%231.pdf)\n",
    )
    cartridge = build(root, tmp_path / "out")[-1]
    members = cartridge.members()
    assert problems(members["imsmanifest.xml"], MANIFEST, "imsmanifest.xml") == []
    hrefs = cartridge.manifest().xpath("//cp:file/@href", namespaces=NS)
    assert {
        "01-basics/files/my plan.pdf",
        "01-basics/files/100%25.pdf",
        "01-basics/files/a%231.pdf",
    } <= set(hrefs)
    page = members["01-basics/01-lesson.html"].decode()  # libxml2's HTML output escapes spaces
    assert 'href="files/my%20plan.pdf"' in page and 'href="files/100%25.pdf"' in page
    assert 'href="files/a%231.pdf"' in page


@given(st.text(max_size=40))
def test_a_url_path_escapes_exactly_what_would_break_it(path: str) -> None:
    escaped = url_path(path)
    assert unquote(escaped) == path  # nothing lost
    breaking = [c for c in path if c in ESCAPED or ord(c) < 0x20 or ord(c) == 0x7F]
    assert re.fullmatch(r"(?:[^%#?\[\]\x00-\x1f\x7f]|%[0-9A-F]{2})*", escaped)
    kept = len(path) - len(breaking)  # every other character stays as it is
    assert len(escaped) == kept + 3 * len("".join(breaking).encode("utf-8"))
