"""SCORM packages: manifests valid against the official XSDs, every file listed, names and
passing scores right, reproducible zips, and state that fits SCORM 1.2's suspend_data."""

import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bwise_mooc.exporters.base import BuildOptions, zip_bytes
from bwise_mooc.exporters.scorm import manifest12, manifest2004
from bwise_mooc.exporters.scorm.package import build_packages, schema_files
from bwise_mooc.exporters.scorm.plan import plans
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.exporters.scorm2004 import Scorm2004
from bwise_mooc.exporters.scratch import Scratch
from bwise_mooc.ir import Course, ShortText
from bwise_mooc.pipeline import load_course
from bwise_mooc.validate import InvalidOutput, check_manifest, manifest_problems, safe_parser
from tests.conftest import FIXTURES
from tests.golden_support import compare, normalise_xml
from tests.test_golden import GOLDEN

WRITERS = {"1.2": manifest12.manifest, "2004": manifest2004.manifest}
KINDS = {"1.2": "scorm12", "2004": "scorm2004"}
CASES = [(version, sco_per) for version in WRITERS for sco_per in ("module", "lesson")]
NS = {
    "1.2": {"cp": manifest12.IMSCP, "adlcp": manifest12.ADLCP},
    "2004": {"cp": manifest2004.IMSCP, "imsss": manifest2004.IMSSS},
}


@pytest.fixture(scope="module")
def sample() -> tuple[Course, Path]:
    root = FIXTURES / "sample"
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors
    return course, root


def packages(sample: tuple[Course, Path], version: str, sco_per: str) -> dict[str, zipfile.ZipFile]:
    course, root = sample
    options = BuildOptions(sco_per=sco_per)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        scratch = Scratch(Path(folder))
        built = build_packages(course, root, version, options, WRITERS[version], scratch)  # type: ignore[arg-type]
        return {
            package.name: zipfile.ZipFile(
                io.BytesIO(zip_bytes(package.files(), first=["imsmanifest.xml"]))
            )
            for package in built
        }


@pytest.mark.parametrize(("version", "sco_per"), CASES)
def test_every_manifest_validates_and_lists_every_file(
    sample: tuple[Course, Path], version: str, sco_per: str
) -> None:
    course, _ = sample
    built = packages(sample, version, sco_per)
    assert sorted(built) == sorted(
        [f"{course.id}-{m.id}.zip" for m in course.modules] + [f"{course.id}.zip"]
    )
    schemas = set(schema_files(KINDS[version]))  # type: ignore[arg-type]
    for name, archive in built.items():
        members = archive.namelist()
        assert members[0] == "imsmanifest.xml", name
        manifest = archive.read("imsmanifest.xml")
        assert manifest_problems(manifest, KINDS[version]) == [], name  # type: ignore[arg-type]
        tree = etree.fromstring(manifest, safe_parser())
        listed = {f.get("href") for f in tree.iterfind(".//cp:file", NS[version])}
        content = {m for m in members if m != "imsmanifest.xml" and m not in schemas}
        assert listed == content, name
        for resource in tree.iterfind(".//cp:resource[@href]", NS[version]):
            assert resource.get("href") in members
        assert schemas <= set(members)


def test_passing_score_is_in_the_manifest(sample: tuple[Course, Path]) -> None:
    course, _ = sample
    module = course.modules[0]
    name = f"{course.id}-{module.id}.zip"
    tree12 = etree.fromstring(
        packages(sample, "1.2", "module")[name].read("imsmanifest.xml"), safe_parser()
    )
    assert [e.text for e in tree12.iterfind(".//adlcp:masteryscore", NS["1.2"])] == [
        str(module.passing_score)
    ]
    tree04 = etree.fromstring(
        packages(sample, "2004", "module")[name].read("imsmanifest.xml"), safe_parser()
    )
    primary = tree04.find(".//imsss:primaryObjective", NS["2004"])
    assert primary is not None and primary.get("satisfiedByMeasure") == "true"
    measure = primary.find("imsss:minNormalizedMeasure", NS["2004"])
    assert measure is not None and float(measure.text or "") == module.passing_score / 100


def test_multi_sco_2004_sequences_a_module_as_a_cluster(sample: tuple[Course, Path]) -> None:
    course, _ = sample
    archive = packages(sample, "2004", "lesson")[f"{course.id}.zip"]
    tree = etree.fromstring(archive.read("imsmanifest.xml"), safe_parser())
    clusters = tree.findall("cp:organizations/cp:organization/cp:item", NS["2004"])
    assert [len(c.findall("cp:item", NS["2004"])) for c in clusters] == [
        len(m.lessons) for m in course.modules
    ]
    for cluster in clusters:
        control = cluster.find("imsss:sequencing/imsss:controlMode", NS["2004"])
        assert control is not None and control.get("flow") == "true"


@pytest.mark.parametrize("version", list(WRITERS))
def test_a_broken_manifest_fails_validation(sample: tuple[Course, Path], version: str) -> None:
    course, _ = sample
    plan = plans(course, "module")[0]
    files = {sco.key: [sco.page] for sco in plan.scos()}
    good = WRITERS[version](plan, files, ["shared/player.js"])
    kind = KINDS[version]
    check_manifest(good, kind, "good")  # type: ignore[arg-type]
    attribute = "adlcp:scormtype" if version == "1.2" else "adlcp:scormType"
    broken = good.replace(f'{attribute}="sco"'.encode(), f'{attribute}="lesson"'.encode(), 1)
    assert broken != good
    with pytest.raises(InvalidOutput) as failure:
        check_manifest(broken, kind, "broken")  # type: ignore[arg-type]
    assert "scorm" in str(failure.value).lower()
    unknown = good.replace(b"<organizations", b"<courseStructure/><organizations", 1)
    assert manifest_problems(unknown, kind) != []  # type: ignore[arg-type]


@pytest.mark.parametrize("exporter", [Scorm12, Scorm2004])
def test_two_builds_give_byte_identical_zips(
    sample: tuple[Course, Path], tmp_path: Path, exporter: type[Scorm12]
) -> None:
    course, root = sample
    first = exporter(BuildOptions()).write(course, root, tmp_path / "one")
    second = exporter(BuildOptions()).write(course, root, tmp_path / "two")
    for a, b in zip(first.files, second.files, strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes()


def test_zip_entries_have_fixed_times_and_modes_and_safe_names() -> None:
    data = zip_bytes(
        {"b.txt": b"b", "a/c.txt": b"c", "imsmanifest.xml": b"<x/>"}, first=["imsmanifest.xml"]
    )
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["imsmanifest.xml", "a/c.txt", "b.txt"]
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}
    for bad in ("../evil", "/abs", "a/../../b"):
        with pytest.raises(ValueError):
            zip_bytes({bad: b""})


def test_largest_possible_state_fits_scorm12_suspend_data(sample: tuple[Course, Path]) -> None:
    """player.js stores {v, s: one flag per lesson, a: {quiz/question: {r, c}}}, typed answers
    cut to 100 characters: the worst case for every module must stay under 4,096."""
    course, _ = sample
    for module in course.modules:
        answers = {}
        for lesson in module.lessons:
            for quiz in lesson.quizzes():
                for question in quiz.questions:
                    key = f"{lesson.id}_{quiz.id}/{question.id}"
                    response: object = (
                        "x" * 100 if isinstance(question, ShortText) else ["a", "b", "c", "d", "e"]
                    )
                    answers[key] = {"r": response, "c": 1}
        state = json.dumps(
            {"v": 1, "s": "1" * len(module.lessons), "a": answers}, separators=(",", ":")
        )
        assert len(state) < 4096, (module.id, len(state))


@pytest.mark.parametrize("version", list(WRITERS))
def test_sco_pages_have_unique_ids_and_anchors_that_resolve(
    sample: tuple[Course, Path], version: str
) -> None:
    from lxml import html as lxml_html

    for archive in packages(sample, version, "module").values():
        for name in archive.namelist():
            if not name.endswith(".html"):
                continue
            page = lxml_html.document_fromstring(archive.read(name))
            ids = [str(element.get("id")) for element in page.iter() if element.get("id")]
            assert len(ids) == len(set(ids)), (name, sorted(i for i in ids if ids.count(i) > 1))
            for link in page.iterfind(".//a[@href]"):
                href = link.get("href") or ""
                if href.startswith("#"):
                    assert href[1:] in ids, (name, href)


@pytest.mark.parametrize(("version", "sco_per"), CASES)
def test_golden_manifests(
    sample: tuple[Course, Path], version: str, sco_per: str, update_golden: bool
) -> None:
    """The whole-course manifest of the sample course, pinned per version and SCO layout."""
    course, _ = sample
    archive = packages(sample, version, sco_per)[f"{course.id}.zip"]
    actual = normalise_xml(archive.read("imsmanifest.xml"))
    folder = "scorm12" if version == "1.2" else "scorm2004"
    compare(
        actual, GOLDEN / "sample" / folder / f"imsmanifest-sco-per-{sco_per}.xml", update_golden
    )
