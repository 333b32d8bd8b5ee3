"""OLX export: the layout Studio imports, our RELAX NG grammar, olxcleaner, golden files,
reproducible archives and stable url_names.

Regenerate the golden files with ``pytest tests/exporters/test_olx.py --update-golden``, then
review ``git diff tests/golden``.
"""

import hashlib
import io
import json
import re
import struct
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from lxml import etree
from olxcleaner import validate as olxcleaner_validate

from bwise_mooc.cli import main
from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.exporters.base import BuildOptions, fixed_timestamp
from bwise_mooc.exporters.olx.check import GRAMMAR, InvalidOlx, check_olx, xml_problems
from bwise_mooc.exporters.olx.exporter import Olx, course_files, units
from bwise_mooc.exporters.olx.package import (
    ASSESSMENT_TYPE,
    SHORT_DESCRIPTION_LIMIT,
    short_description,
)
from bwise_mooc.exporters.scratch import Member
from bwise_mooc.ir import Course
from bwise_mooc.parse.markdown import ALLOWED_TAGS
from bwise_mooc.pipeline import load_course
from bwise_mooc.validate import InvalidOutput, safe_parser
from tests.conftest import FIXTURES
from tests.golden_support import compare_folder, normalise_xml
from tests.test_golden import GOLDEN

CASES = ["mini", "sample"]
TOP_FOLDERS = {"about", "chapter", "course", "html", "policies", "problem", "sequential"}
TOP_FOLDERS |= {"static", "vertical", "course.xml"}
POINTER_FOLDERS = ("course", "chapter", "sequential", "vertical")
STATIC_LINK = re.compile(rb'(?:src|href)="/static/([^"]+)"')
JUMP_LINK = re.compile(rb'href="/jump_to_id/([^"]+)"')


@dataclass(frozen=True)
class Export:
    course: Course
    out: Path
    archive: bytes

    @property
    def tree(self) -> Path:
        """The archive unpacked (once), as Studio would see it."""
        unpacked = self.out.parent / f"{self.out.name}-unpacked"
        if not unpacked.is_dir():
            with tarfile.open(fileobj=io.BytesIO(self.archive), mode="r:gz") as archive:
                archive.extractall(unpacked, filter="data")
        return unpacked / self.course.id

    def members(self) -> dict[str, bytes]:
        """The archive's files by path inside the top folder."""
        with tarfile.open(fileobj=io.BytesIO(self.archive), mode="r:gz") as archive:
            return {
                member.name.split("/", 1)[1]: _read(archive, member)
                for member in archive.getmembers()
                if member.isfile()
            }


def xml_files(files: dict[str, Member]) -> dict[str, bytes]:
    """The export's files held in memory (everything but the static files)."""
    return {name: data for name, data in files.items() if isinstance(data, bytes)}


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = archive.extractfile(member)
    assert handle is not None
    return handle.read()


def build(root: Path, out: Path) -> Export:
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    artifact = Olx(BuildOptions()).write(course, root, out)
    assert artifact.files == (out / f"{course.id}.tar.gz",)
    return Export(course, out, artifact.files[0].read_bytes())


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Export]:
    return {case: build(FIXTURES / case, tmp_path_factory.mktemp(case)) for case in CASES}


def test_olx_is_in_the_registry() -> None:
    assert EXPORTERS["olx"] is Olx


def test_build_command_writes_the_archive_and_the_unpacked_tree(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main, ["build", "--root", str(FIXTURES / "sample"), "--format", "olx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "olx" / "bwise-digital-skills.tar.gz").is_file()
    assert sorted(p.name for p in (out / "olx").iterdir()) == ["bwise-digital-skills.tar.gz"]


def test_archive_follows_the_studio_import_rules(exports: dict[str, Export]) -> None:
    export = exports["sample"]
    course, top = export.course, export.course.id
    assert struct.unpack("<I", export.archive[4:8])[0] == fixed_timestamp()  # gzip header mtime
    with tarfile.open(fileobj=io.BytesIO(export.archive), mode="r:gz") as archive:
        members = archive.getmembers()
    names = [member.name for member in members]
    assert names == sorted(names)
    assert {PurePosixPath(name).parts[0] for name in names} == {top}  # one top folder
    assert (export.out / f"{top}.tar.gz").read_bytes() == export.archive  # named like it
    for member in members:
        path = PurePosixPath(member.name)
        assert not path.is_absolute() and ".." not in path.parts and "\\" not in member.name
        assert member.isdir() or member.isfile()
        assert (member.uid, member.gid, member.uname, member.gname) == (0, 0, "", "")
        assert member.mode == (0o755 if member.isdir() else 0o644)
        assert member.mtime == fixed_timestamp()
    files = export.members()
    assert {PurePosixPath(name).parts[0] for name in files} == TOP_FOLDERS
    run = course.run
    for required in (
        "course.xml",
        f"course/{run}.xml",
        f"policies/{run}/policy.json",
        f"policies/{run}/grading_policy.json",
        f"policies/{run}/assets.json",
        "about/overview.html",
        "about/short_description.html",
    ):
        assert required in files, required
    pointer = etree.fromstring(files["course.xml"], safe_parser())
    assert dict(pointer.attrib) == {"url_name": run, "org": course.organisation, "course": top}
    policy = json.loads(files[f"policies/{run}/policy.json"])
    assert f"static/{policy[f'course/{run}']['course_image']}" in files
    assets = json.loads(files[f"policies/{run}/assets.json"])
    assert {f"static/{name}" for name in assets} == {n for n in files if n.startswith("static/")}


def test_every_pointer_names_an_existing_file(exports: dict[str, Export]) -> None:
    files = exports["sample"].members()
    for name, data in files.items():
        if not name.endswith(".xml") or PurePosixPath(name).parts[0] not in POINTER_FOLDERS:
            continue
        root = etree.fromstring(data, safe_parser())
        for child in root.iterchildren(tag=etree.Element):
            pointed = f"{child.tag!s}/{child.get('url_name')}.xml"
            assert pointed in files, name


def test_html_components_are_named_by_their_url_name(exports: dict[str, Export]) -> None:
    files = exports["sample"].members()
    pointers = [name for name in files if name.startswith("html/") and name.endswith(".xml")]
    assert pointers
    for name in pointers:
        url_name = PurePosixPath(name).stem
        root = etree.fromstring(files[name], safe_parser())
        assert root.get("filename") == url_name
        assert f"html/{url_name}.html" in files


def test_static_and_jump_links_resolve(exports: dict[str, Export]) -> None:
    for export in exports.values():
        files = export.members()
        names = set(_url_names(files))
        content = [data for name, data in files.items() if name.startswith(("html/", "problem/"))]
        static = {link.decode() for data in content for link in STATIC_LINK.findall(data)}
        jumps = {link.decode() for data in content for link in JUMP_LINK.findall(data)}
        assert static and jumps
        assert {f"static/{name}" for name in static} <= set(files)
        assert jumps <= names


def test_lesson_links_jump_to_the_unit_holding_the_anchor(exports: dict[str, Export]) -> None:
    files = exports["mini"].members()
    intro = files["html/basics_intro_text_1.html"].decode()
    assert 'href="/jump_to_id/basics_test_unit_1"' in intro  # 02-test.md#part-two
    assert 'href="/jump_to_id/basics_intro_unit_2"' in intro  # #a-section, same lesson
    course = exports["mini"].course
    (picture,) = course.modules[0].lessons[0].assets
    name = course.media[picture.path].removeprefix("media/")  # named by its content
    assert f'src="/static/{name}"' in files["html/basics_intro_text_2.html"].decode()
    assert f"static/{name}" in files


@pytest.mark.parametrize("case", CASES)
def test_every_xml_file_matches_the_grammar(exports: dict[str, Export], case: str) -> None:
    files = exports[case].members()
    xml = [name for name in files if name.endswith(".xml")]
    assert len(xml) > 10
    assert [problem for name in xml for problem in xml_problems(name, files[name])] == []


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        ("problem/basics_intro_pick.xml", ("<label>", "<title>"), "label"),
        ("problem/basics_intro_pick.xml", ('name="a"', 'name="a b"'), "name"),
        ("vertical/basics_intro_unit_1.xml", ('display_name="Intro"', ""), "attributes"),
        ("html/basics_intro_text_1.xml", ("<html ", "<vertical "), "expected <html>"),
        ("chapter/basics.xml", ("</chapter>", "</chapterx>"), "not well-formed"),
        ("html/basics_intro_text_2.html", ("", ""), None),  # HTML files are not XML: skipped
    ],
)
def test_a_broken_file_fails_validation(
    exports: dict[str, Export], name: str, edit: tuple[str, str], message: str | None
) -> None:
    files = exports["mini"].members()
    files[name] = files[name].decode().replace(*edit).encode()
    if message is None:
        check_olx(files, "demo.tar.gz")
        return
    with pytest.raises(InvalidOlx) as raised:
        check_olx(files, "demo.tar.gz")
    assert isinstance(raised.value, InvalidOutput)  # the CLI's exit code 3
    assert raised.value.problems[0].startswith(name)
    assert message in raised.value.problems[0]


def test_an_invalid_emitted_file_stops_the_build_with_exit_code_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "bwise_mooc.exporters.olx.exporter.problem", lambda *_: etree.Element("problem")
    )
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main, ["build", "--root", str(FIXTURES / "mini"), "--format", "olx", "--out", str(out)]
    )
    assert result.exit_code == 3, result.output
    assert "emitted file failed validation" in result.output
    assert not (out / "olx").exists()


def test_grammar_allows_every_html_tag_the_sanitiser_keeps() -> None:
    grammar = etree.parse(str(GRAMMAR), safe_parser())
    ns = {"rng": "http://relaxng.org/ns/structure/1.0"}
    names = grammar.xpath("//rng:define[@name='html.element']//rng:name/text()", namespaces=ns)
    assert set(names) == set(ALLOWED_TAGS)


def test_olxcleaner_finds_nothing_in_the_sample_course(exports: dict[str, Export]) -> None:
    course, errors, url_names = olxcleaner_validate(str(exports["sample"].tree), steps=8)
    assert course is not None
    assert [(e.level, e.name, e.description) for e in errors.errors] == []
    assert len(url_names) == len(_url_names(exports["sample"].members())) + 1  # + the course


def test_olxcleaner_wants_a_course_image_and_nothing_else(exports: dict[str, Export]) -> None:
    """The mini course has no image: Studio accepts that, olxcleaner calls it an error."""
    _, errors, _ = olxcleaner_validate(str(exports["mini"].tree), steps=8)
    assert [(e.name, "course_image" in e.description) for e in errors.errors] == [
        ("InvalidSetting", True)
    ]


@pytest.mark.parametrize("case", CASES)
def test_golden_olx(exports: dict[str, Export], case: str, update_golden: bool) -> None:
    folder = GOLDEN / case / "olx"
    members = exports[case].members()
    actual = {name: _normalise(name, data) for name, data in members.items() if _text(name)}
    actual["MEMBERS.txt"] = _member_list(exports[case].archive)
    compare_folder(actual, folder, update_golden)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build(FIXTURES / "sample", tmp_path / "one")
    second = build(FIXTURES / "sample", tmp_path / "two")
    assert first.archive == second.archive
    assert _url_names(first.members()) == _url_names(second.members())


def test_url_names_come_from_slugs_and_question_ids(exports: dict[str, Export]) -> None:
    export = exports["sample"]
    names = _url_names(export.members())
    assert len(names) == len(set(names))
    module = export.course.modules[0]
    assessment = module.lessons[-1]
    for _, question in module.graded_questions():
        assert f"{module.id}_{assessment.id}_{question.id}" in names
    assert f"{module.id}_{assessment.id}" in names
    assert all(re.fullmatch(r"[a-z0-9_-]+", name) for name in names)


def test_questions_become_problems_of_the_matching_type(exports: dict[str, Export]) -> None:
    files = exports["mini"].members()

    def problem(name: str) -> etree._Element:
        return etree.fromstring(files[f"problem/{name}.xml"], safe_parser())

    single = problem("basics_intro_pick")
    assert single.xpath("name(*)") == "multiplechoiceresponse"
    assert single.xpath("string(.//choice[@correct='true']/choicehint)") == "yes"
    assert single.xpath("string(.//solution)").strip() == "general feedback"
    assert single.xpath("string(demandhint/hint)") == "think."
    assert single.xpath("string(.//label)") == "Which is right?"
    true_false = problem("basics_intro_q2")
    assert true_false.xpath("name(*)") == "multiplechoiceresponse"
    assert true_false.xpath(".//choice[@correct='true']/text()") == ["False"]
    text = problem("basics_intro_q3")
    assert text.xpath("string(stringresponse/@answer)") == "Phishing"
    assert text.xpath("stringresponse/additional_answer/@answer") == ["phishing email"]
    number = problem("basics_intro_q4")
    assert number.xpath("string(numericalresponse/@answer)") == "42"
    assert number.xpath("string(.//responseparam/@default)") == "0.5"
    assert number.xpath(".//additional_answer/@answer") == []  # 10..12: capa cannot (warned)
    multiple = problem("basics_test_q1")
    assert multiple.xpath("name(*)") == "choiceresponse"
    assert multiple.xpath(".//choice/@correct") == ["true", "false", "true"]


def test_assessments_are_graded_and_weighted(exports: dict[str, Export]) -> None:
    export = exports["sample"]
    files, course = export.members(), export.course
    graded = [
        name
        for name, data in files.items()
        if name.startswith("sequential/")
        and etree.fromstring(data, safe_parser()).get("graded") == "true"
    ]
    assert graded == [f"sequential/{m.id}_{m.lessons[-1].id}.xml" for m in course.modules]
    policy = json.loads(files[f"policies/{course.run}/grading_policy.json"])
    assert course.grading.open_edx_pass_mark == 70  # set in the sample's course.yml
    assert policy["GRADE_CUTOFFS"] == {"Pass": 0.7}
    assert policy["GRADER"] == [
        {
            "type": ASSESSMENT_TYPE,
            "short_label": "Assessment",
            "min_count": len(course.modules),
            "drop_count": len(course.modules) - 1,  # one module per track: the best one counts
            "weight": 1.0,
        }
    ]
    for name in graded:
        assert etree.fromstring(files[name], safe_parser()).get("format") == ASSESSMENT_TYPE


def test_a_knowledge_check_in_a_graded_subsection_weighs_nothing(
    make_course: Callable[..., Path],
) -> None:
    root = make_course(
        lesson="""\
        ## Practice

        ::: quiz
        ### One?
        - (x) yes
        - ( ) no
        :::

        ## Test

        ::: assessment
        ### Two? {#two}
        - (x) yes
        - ( ) no
        :::
        """
    )
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    files = xml_files(course_files(course, root))
    practice = etree.fromstring(files["problem/basics_lesson_q1.xml"], safe_parser())
    test = etree.fromstring(files["problem/basics_lesson_two.xml"], safe_parser())
    assert (practice.get("weight"), practice.get("showanswer")) == ("0", "attempted")
    assert (test.get("weight"), test.get("showanswer")) == (None, "finished")


def test_units_are_the_second_level_sections(make_course: Callable[..., Path]) -> None:
    root = make_course(
        lesson="""\
        Before the first heading.

        ## Empty section

        ## Full section

        Text.

        ### Detail

        More text.
        """
    )
    course, _ = load_course(root)
    assert course is not None
    module = course.modules[0]
    found = units(module, module.lessons[0])
    assert [(unit.url_name, unit.title) for unit in found] == [
        ("basics_lesson_unit_1", "A lesson"),
        ("basics_lesson_unit_2", "Empty section"),
        ("basics_lesson_unit_3", "Full section"),
    ]
    assert [block.kind for block in found[1].blocks] == ["heading"]  # keeps its heading
    assert [block.kind for block in found[2].blocks] == ["paragraph", "heading", "paragraph"]
    assert found[2].anchors == ("full-section", "detail")


def test_an_empty_lesson_still_has_a_unit(make_course: Callable[..., Path]) -> None:
    root = make_course(lesson="")
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    files = xml_files(course_files(course, root))
    check_olx(files, "demo.tar.gz")
    assert files["html/basics_lesson_text_1.html"] == b"<p>A lesson</p>\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short.", "Short."),
        ("First sentence. " + "x " * 100, "First sentence."),
    ],
)
def test_short_description_fits_studio(text: str, expected: str) -> None:
    assert short_description(text) == expected
    long = short_description("word " * 100)
    assert len(long) <= SHORT_DESCRIPTION_LIMIT and long.endswith("\N{HORIZONTAL ELLIPSIS}")


def _url_names(files: dict[str, bytes]) -> list[str]:
    """Every url_name of the courseware, in file order: the names of its component files."""
    return sorted(
        PurePosixPath(name).stem
        for name in files
        if name.endswith(".xml") and PurePosixPath(name).parts[0] not in {"course", "course.xml"}
    )


def _text(name: str) -> bool:
    """Static files are binary: they are pinned by their hash in MEMBERS.txt."""
    return not name.startswith("static/")


def _normalise(name: str, data: bytes) -> str:
    """Golden form of a member: XML normalised (C14N 2.0, pretty-printed); text as it is."""
    return normalise_xml(data) if name.endswith(".xml") else data.decode("utf-8")


def _member_list(archive: bytes) -> str:
    lines = []
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        for member in tar.getmembers():
            binary = member.isfile() and member.name.split("/")[1] == "static"
            digest = hashlib.sha256(_read(tar, member)).hexdigest() if binary else ""
            lines.append(f"{member.mode:o} {member.size:>8} {member.name} {digest}".rstrip())
    return "\n".join(lines) + "\n"
