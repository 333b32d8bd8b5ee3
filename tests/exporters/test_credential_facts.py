"""Issue 16: the pages and package metadata say what each track's credential is and how to earn
it: the HTML preview's home page, the OLX about page and the SCORM manifests' LOM, in the
course's language, from the same facts (``exporters/credential_facts.py``)."""

import tarfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bwise_mooc import ir, pipeline
from bwise_mooc.exporters.credential_facts import course_credentials, credential_facts
from tests.conftest import ROOT

LOM = "{http://ltsc.ieee.org/xsd/LOM}"
IMSMD = "{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}"


@pytest.fixture(scope="module")
def courses() -> dict[str, ir.Course]:
    found, diagnostics = pipeline.load_languages(ROOT)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return {course.language: course for course in found}


@pytest.fixture(scope="module")
def built(courses: dict[str, ir.Course], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("facts")
    pipeline.export(list(courses.values()), ROOT, out, ["html", "olx", "scorm12", "scorm2004"])
    return out


def track(course: ir.Course, track_id: str) -> ir.Track:
    return next(each for each in course.tracks if each.id == track_id)


def test_the_facts_hold_every_element_and_the_figures_of_the_track(
    courses: dict[str, ir.Course],
) -> None:
    course = courses["en"]
    supporters = track(course, "supporters")
    facts = credential_facts(course, supporters)
    assert facts is not None
    shown = {fact.label: fact.value for fact in facts.facts}
    assert list(shown) == [
        "Awarded by",
        "Level",
        "Credits",
        "Workload",
        "Form of participation",
        "Assessment",
        "Supervision and identity check",
        "Quality assurance",
        "Prerequisites",
        "Stacking with other credentials",
    ]
    assert shown["Level"] == "4 in the European Qualifications Framework (EQF)"
    assert shown["Credits"] == "0.6 ECTS credits (25\N{EN DASH}30 hours of work per credit)"
    assert (
        shown["Workload"]
        == f"About {supporters.workload_minutes // 60} hours {supporters.workload_minutes % 60} minutes"
    )
    assert shown["Form of participation"] == "Online"
    assert shown["Supervision and identity check"] == (
        "The assessment is not supervised. The learner's identity is not checked."
    )
    assert [module.title for module in facts.modules] == [
        module.title for module in course.assessed_modules("supporters")
    ]
    assert {module.passing_score for module in facts.modules} == {80}


def test_the_facts_are_written_for_the_language(courses: dict[str, ir.Course]) -> None:
    german = credential_facts(courses["de"], track(courses["de"], "enablers"))
    assert german is not None
    shown = {fact.label: fact.value for fact in german.facts}
    assert "0,6 " in next(value for value in shown.values() if "ECTS" in value)
    assert any("Belgien" in value for value in shown.values())
    arabic = course_credentials(courses["ar"])
    assert [facts.track_id for facts in arabic] == ["workers"]  # the Arabic edition's one track


def test_a_track_without_a_credential_shows_none(courses: dict[str, ir.Course]) -> None:
    course = courses["en"]
    bare = course.model_copy(
        update={
            "tracks": tuple(each.model_copy(update={"credential": None}) for each in course.tracks)
        }
    )
    assert course_credentials(bare) == []


def test_the_preview_home_page_shows_each_credential(
    courses: dict[str, ir.Course], built: Path
) -> None:
    for language, folder in (("en", "html"), ("de", "de/html"), ("ar", "ar/html")):
        page = etree.parse(str(built / folder / "index.html"), etree.HTMLParser())
        sections = page.findall(".//section[@class='credential']")
        expected = course_credentials(courses[language])
        assert [s.findall("h4")[0].get("id") for s in sections] == [
            f"credential-{facts.track_id}" for facts in expected
        ]
        for section, facts in zip(sections, expected, strict=True):
            assert facts.name in "".join(section.findall("h4")[0].itertext())
            assert len(section.findall("./ul/li")) == len(facts.modules)
            labels = ["".join(dt.itertext()) for dt in section.findall(".//dt")]
            assert labels == [fact.label for fact in facts.facts]


def test_the_olx_about_page_shows_each_credential(
    courses: dict[str, ir.Course], built: Path
) -> None:
    for language, folder in (("en", "olx"), ("de", "de/olx"), ("ar", "ar/olx")):
        (archive,) = (built / folder).glob("*.tar.gz")
        with tarfile.open(archive) as tar:
            name = next(n for n in tar.getnames() if n.endswith("about/overview.html"))
            handle = tar.extractfile(name)
            assert handle is not None
            page = etree.fromstring(handle.read(), etree.HTMLParser(encoding="utf-8"))
        sections = page.findall(".//section[@class='credential']")
        expected = course_credentials(courses[language])
        assert len(sections) == len(expected)
        for section, facts in zip(sections, expected, strict=True):
            values = ["".join(dd.itertext()) for dd in section.findall(".//dd")]
            assert values == [fact.value for fact in facts.facts]


def classifications(package: Path, version: str) -> list[etree._Element]:
    with zipfile.ZipFile(package) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    namespace = LOM if version == "scorm2004" else IMSMD
    return manifest.findall(f".//{namespace}classification")


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_scorm_metadata_names_the_credential_a_package_counts_towards(
    courses: dict[str, ir.Course], built: Path, version: str
) -> None:
    course = courses["en"]
    module = course.assessed_modules("supporters")[0]
    module_package = built / version / f"{course.id}-{module.id}.zip"
    (found,) = classifications(module_package, version)
    text = " ".join(found.itertext())
    assert "EQF 4" in text and "0.6 ECTS credits" in text
    assert f"{module.title}: at least 80%" in text
    whole = classifications(built / version / f"{course.id}.zip", version)
    assert len(whole) == len(course_credentials(course)) == 3
