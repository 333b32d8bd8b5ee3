"""Issue 17: the DigComp 2.2 proficiency level (1-8) of every outcome.

``check`` warns about an outcome with a competence but no level and refuses a level outside
1-8; the level is shown where the competence is: the reviewers' outcome tags, the Open Badges
alignment, the European Learning Model note and the cartridge's LOM metadata.
"""

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bwise_mooc.exporters.html import digcomp_levels
from bwise_mooc.pipeline import export, load_languages
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, MakeCourse, write_files
from tests.test_credentials import CREDENTIAL

MODULE = "modules/01-basics/module.yml"
LESSON = "modules/01-basics/01-lesson.md"
ASSESSED = "Text.\n\n::: assessment\n### Is it true? {#q1}\n- answer: true\n:::\n"
OUTCOMES = """\
  - {id: o1, text: Do the first thing., digcomp: "2.1", digcomp_level: 1}
  - {id: o2, text: Do the second thing., digcomp: "2.1", digcomp_level: 2}
  - {id: o3, text: Do the third thing., digcomp: "5.2", digcomp_level: 4}
"""


def module(outcomes: str) -> str:
    return MODULE_YML.replace("  - {id: o1, text: Do the first thing.}\n", outcomes)


def lesson(outcomes: str = "[o1]") -> str:
    return FRONT.replace("outcomes: [o1]", f"outcomes: {outcomes}") + ASSESSED


def messages(make_course: MakeCourse, outcomes: str) -> list[str]:
    root = make_course({MODULE: module(outcomes), LESSON: lesson()})
    _, diagnostics = load_languages(root)
    return [
        str(d)
        for d in diagnostics
        if d.code.startswith("outcome.digcomp") or "digcomp" in d.message
    ]


def test_a_competence_without_a_level_is_a_warning(make_course: MakeCourse) -> None:
    found = messages(make_course, '  - {id: o1, text: Do the first thing., digcomp: "5.1"}\n')
    assert found == [
        f"{MODULE}:5:5: warning: outcome 'o1' has DigComp competence 5.1 but no "
        "'digcomp_level': add the proficiency level it is written at, 1-8 (1-2 foundation, "
        "3-4 intermediate, 5-6 advanced, 7-8 highly specialised) [outcome.digcomp-level]"
    ]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ('digcomp: "5.1", digcomp_level: 2', []),
        ("eqf: 2", []),  # no competence: no level needed
        (
            'digcomp: "5.1", digcomp_level: 0',
            [
                f"{MODULE}:5:72: error: 'digcomp_level' in 'outcomes' > item 1 must be 1 or "
                "more, not 0 [yaml.invalid-value]"
            ],
        ),
        (
            'digcomp: "5.1", digcomp_level: 9',
            [
                f"{MODULE}:5:72: error: 'digcomp_level' in 'outcomes' > item 1 must be 8 or "
                "less, not 9 [yaml.invalid-value]"
            ],
        ),
    ],
)
def test_levels_are_1_to_8(make_course: MakeCourse, outcome: str, expected: list[str]) -> None:
    found = messages(make_course, f"  - {{id: o1, text: Do the first thing., {outcome}}}\n")
    assert found == expected


def test_levels_in_words() -> None:
    assert digcomp_levels([]) == ""
    assert digcomp_levels([3]) == "proficiency level 3 (intermediate)"
    assert digcomp_levels([2, 1, 2]) == "proficiency levels 1-2 (foundation)"
    assert digcomp_levels([5, 4]) == "proficiency levels 4-5 (intermediate to advanced)"
    assert digcomp_levels([8]) == "proficiency level 8 (highly specialised)"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(
        tmp_path_factory.mktemp("levels"),
        {
            "course/course.yml": COURSE_YML + CREDENTIAL,
            MODULE: module(OUTCOMES),
            LESSON: lesson("[o1, o2, o3]"),
        },
    )
    courses, diagnostics = load_languages(root)
    assert list(diagnostics) == []
    out = tmp_path_factory.mktemp("out")
    export(courses, root, out, ["html", "cc", "credentials"])
    return out


def test_the_reviewers_tags_show_the_level(built: Path) -> None:
    page = (built / "html/01-basics/01-lesson.html").read_text(encoding="utf-8")
    assert (
        '<span class="tag">DigComp 5.2: Identifying needs and technological responses'
        " · Level 4</span>" in page
    )


def test_the_badge_aligns_each_competence_once_with_its_levels(built: Path) -> None:
    achievement = json.loads(
        (built / "credentials/demo-workers.achievement.json").read_text(encoding="utf-8")
    )
    digcomp = [a for a in achievement["alignment"] if a["targetFramework"] == "DigComp 2.2"]
    assert [(a["targetCode"], a["targetDescription"]) for a in digcomp] == [
        ("2.1", "DigComp 2.2 proficiency levels 1-2 (foundation)"),
        ("5.2", "DigComp 2.2 proficiency level 4 (intermediate)"),
    ]


def test_the_european_learning_model_notes_the_level(built: Path) -> None:
    text = (built / "credentials/demo-workers.edc.jsonld").read_text(encoding="utf-8")
    assert (
        "DigComp 2.2: 5.2 Identifying needs and technological responses, "
        "proficiency level 4 (intermediate)"
    ) in text


def test_the_cartridge_metadata_names_competences_with_levels(built: Path) -> None:
    with zipfile.ZipFile(built / "cc/demo.imscc") as cartridge:
        manifest = etree.fromstring(cartridge.read("imsmanifest.xml"))
    lom = {"l": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"}
    entries = manifest.xpath(
        "//l:classification[l:purpose/l:value='competency']//l:taxon/l:entry/l:string/text()",
        namespaces=lom,
    )
    assert entries == [
        "Interacting through digital technologies, proficiency levels 1-2 (foundation)",
        "Identifying needs and technological responses, proficiency level 4 (intermediate)",
    ]
