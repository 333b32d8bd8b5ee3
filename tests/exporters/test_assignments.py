"""Assignments and checklists in every format, and the whole-course rules about them.

One small course holds an assignment (with its rubric) and a workers' evidence checklist;
each format must carry them in its own form: a section with an accessible rubric table in the
preview and the SCO pages (and no interaction reported), an Open Response Assessment in the
OLX (valid against the grammar, staff-assessed), the lesson page of the cartridge (no QTI),
and nothing in the question banks. Then: their minutes count toward the track's workload,
links to them are checked, ids are unique in the course, translations keep their shape.
"""

import json
import re
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from bwise_mooc import pipeline
from bwise_mooc.exporters.olx.check import xml_problems
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, MakeCourse, write_files

LESSON = FRONT + textwrap.dedent(
    """\
    ## Plan

    Do [the assignment](#plan-with-a-worker) after this.

    ::: assignment {#plan-with-a-worker outcomes=o1 minutes=90}
    ### Make a plan with a worker

    Sit down with a worker and write **three goals**.

    Hand in:

    - the plan
    - a short note

    | Criterion | Not yet (0) | Good (1) | Very good (2) |
    |---|---|---|---|
    | Own goals | The goals are yours. | Most are theirs. | All are theirs. |
    | Easy words | Hard words. | Mostly easy. | Easy, with "I". |
    :::

    ::: checklist {#shows}
    ### What I can do

    Do each task with your job coach.

    - I switch my phone on.
    - I make the words bigger.
    :::

    ::: assessment
    ### Is this a test? {#q1}
    - answer: true
    :::
    """
)
CREDENTIAL = """\
credential:
  awarding_body: {name: Example WISE, country: DE}
  assessment:
    methods: [quiz, marked-assignment]
    description: A quiz and an assignment.
    supervision: unsupervised
    identity_verification: false
  participation: online
  quality_assurance: {type: internal, description: We review.}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(
        tmp_path_factory.mktemp("assignments"),
        {
            "course/course.yml": COURSE_YML,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": LESSON,
        },
    )
    course, diagnostics = pipeline.load_course(root)
    assert course is not None and not list(diagnostics), [str(d) for d in diagnostics]
    pipeline.export([course], root, root / "build", ["html", "scorm12", "olx", "cc", "moodlexml"])
    return root / "build"


def test_the_preview_shows_the_brief_hand_in_rubric_and_outcomes(built: Path) -> None:
    page = html.parse(str(built / "html/01-basics/01-lesson.html")).getroot()
    (section,) = page.xpath("//section[@id='plan-with-a-worker']")
    assert section.get("aria-labelledby") == "plan-with-a-worker-title"
    title = section.xpath(".//h2[@id='plan-with-a-worker-title']")[0].text_content()
    assert "Assignment" in title and "Make a plan with a worker" in title
    assert "three goals" in section.xpath(".//div[@class='assignment-brief']")[0].text_content()
    assert [li.text_content() for li in section.xpath(".//ul[@class='hand-in']/li")] == [
        "the plan",
        "a short note",
    ]
    region = section.xpath(".//div[@class='scroll-region'][table[@class='rubric']]")[0]
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    table = region.xpath("table")[0]
    assert table.xpath("string(caption)").startswith("How your work is marked")
    heads = [" ".join(th.text_content().split()) for th in table.xpath("thead/tr/th")]
    assert heads == ["Criterion", "Not yet (0 points)", "Good (1 point)", "Very good (2 points)"]
    assert {th.get("scope") for th in table.xpath("thead/tr/th")} == {"col"}
    assert [th.text_content() for th in table.xpath("tbody/tr/th[@scope='row']")] == [
        "Own goals",
        "Easy words",
    ]
    assert "Do the first thing." in section.xpath("string(.//div[@class='assignment-outcomes'])")
    link = page.xpath("//a[text()='the assignment']")[0]
    assert link.get("href") == "#plan-with-a-worker"


def test_the_checklist_is_a_table_of_empty_boxes(built: Path) -> None:
    page = html.parse(str(built / "html/01-basics/01-lesson.html")).getroot()
    (section,) = page.xpath("//section[@id='shows']")
    assert "assignment--checklist" in section.get("class", "")
    table = section.xpath(".//table[@class='checklist']")[0]
    assert [th.text_content() for th in table.xpath("thead/tr/th")] == [
        "What the worker shows",
        "Observed",
        "With help",
        "Not yet",
    ]
    rows = table.xpath("tbody/tr")
    assert [row.xpath("string(th)") for row in rows] == [
        "I switch my phone on.",
        "I make the words bigger.",
    ]
    for row in rows:
        boxes = row.xpath("td/span[@class='tick-box']")
        assert len(boxes) == 3 and all(box.get("aria-hidden") == "true" for box in boxes)
    assert not section.xpath(".//form|.//input")  # nothing to score: a person fills it in


def test_the_sco_page_shows_them_and_reports_no_interaction(built: Path) -> None:
    with zipfile.ZipFile(built / "scorm12" / "demo-basics.zip") as archive:
        name = next(n for n in archive.namelist() if n.endswith(".html") and "basics" in n)
        text = archive.read(name).decode("utf-8")
    page = html.fromstring(text)
    assert page.xpath("//section[@id='lesson_plan-with-a-worker']//table[@class='rubric']")
    assert page.xpath("//section[@id='lesson_shows']//table[@class='checklist']")
    assert page.xpath("//a[text()='the assignment']/@href") == ["#lesson_plan-with-a-worker"]
    config = json.loads(page.xpath("//script[@id='sco-config']")[0].text)
    assert list(config["interactions"]) == ["lesson_assessment1/q1"]


def test_the_olx_assignment_is_a_valid_staff_assessed_ora(built: Path) -> None:
    with tarfile.open(built / "olx" / "demo.tar.gz") as archive:
        files = {
            member.name.split("/", 1)[1]: archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        }
    (name,) = [n for n in files if n.startswith("openassessment/")]
    assert xml_problems(name, files[name]) == []
    ora = etree.fromstring(files[name])
    assert ora.findtext("title") == "Make a plan with a worker"
    assert [a.get("name") for a in ora.iterfind("assessments/assessment")] == ["staff-assessment"]
    prompt = ora.findtext("prompts/prompt/description") or ""
    assert "three goals" in prompt and "<li>a short note</li>" in prompt
    criteria = ora.findall("rubric/criterion")
    assert [c.findtext("label") for c in criteria] == ["Own goals", "Easy words"]
    options = criteria[0].findall("option")
    assert [(o.get("points"), o.findtext("label")) for o in options] == [
        ("0", "Not yet"),
        ("1", "Good"),
        ("2", "Very good"),
    ]
    assert options[2].findtext("explanation") == "All are theirs."
    url_name = name.removeprefix("openassessment/").removesuffix(".xml")
    verticals = b"".join(v for n, v in files.items() if n.startswith("vertical/"))
    assert f'<openassessment url_name="{url_name}"/>'.encode() in verticals
    checklist = [v for n, v in files.items() if n.startswith("html/") and b"tick-box" in v]
    assert len(checklist) == 1 and b"I make the words bigger." in checklist[0]


def test_the_cartridge_page_holds_them_and_no_quiz_is_made(built: Path) -> None:
    with zipfile.ZipFile(built / "cc" / "demo-basics.imscc") as archive:
        pages = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".html")]
        qti = [archive.read(n).decode() for n in archive.namelist() if "/quizzes/" in n]
    page = next(text for text in pages if "Make a plan with a worker" in text)
    assert 'class="rubric"' in page and 'class="checklist"' in page
    assert not any("Make a plan" in text for text in qti)


def test_the_question_bank_leaves_them_out(built: Path) -> None:
    (bank,) = (built / "moodlexml").glob("*.xml")
    text = bank.read_text(encoding="utf-8")
    assert "Make a plan" not in text and "Is this a test?" in text


# -- the whole course -------------------------------------------------------------------------


def _errors(root: Path) -> list[str]:
    _, diagnostics = pipeline.load_course(root)
    return [str(d) for d in diagnostics]


def test_assignment_minutes_count_toward_the_track_workload(make_course: MakeCourse) -> None:
    root = make_course(
        {"course/course.yml": COURSE_YML + CREDENTIAL, "modules/01-basics/01-lesson.md": LESSON}
    )
    course, diagnostics = pipeline.load_course(root)
    assert course is not None and not list(diagnostics), [str(d) for d in diagnostics]
    (track,) = course.tracks
    assert track.workload_minutes == 30 + 90  # the module's minutes and the assignment's
    assert track.credential is not None
    assert [(w.id, w.title, w.minutes) for w in track.credential.extra_work] == [
        ("plan-with-a-worker", "Make a plan with a worker", 90)
    ]


def test_an_assignment_in_extra_work_would_count_twice(make_course: MakeCourse) -> None:
    tracks = (
        "tracks:\n  - id: workers\n    title: Workers\n    credential:\n      extra_work:\n"
        "        - {id: plan-with-a-worker, title: Plan, minutes: 90}\n"
    )
    course_yml = COURSE_YML.replace("tracks: [{id: workers, title: Workers}]\n", tracks)
    root = make_course(
        {"course/course.yml": course_yml + CREDENTIAL, "modules/01-basics/01-lesson.md": LESSON}
    )
    found = _errors(root)
    assert any("[credential.extra-work-assignment]" in line for line in found), found


def test_a_graded_assignment_assesses_its_outcomes(make_course: MakeCourse) -> None:
    lesson = LESSON.replace(
        "::: assessment\n### Is this a test? {#q1}",
        "::: assessment\n### Is this a test? {#q1 outcomes=o2}",
    )
    module = MODULE_YML.replace(
        "  - {id: o1, text: Do the first thing.}\n",
        "  - {id: o1, text: Do the first thing.}\n  - {id: o2, text: Do the second thing.}\n",
    )
    root = make_course(
        {
            "modules/01-basics/module.yml": module,
            "modules/01-basics/01-lesson.md": lesson.replace(
                "outcomes: [o1]", "outcomes: [o1, o2]"
            ),
        }
    )
    assert not any("not-assessed" in line for line in _errors(root))


def test_links_to_assignments_are_checked_across_lessons(make_course: MakeCourse) -> None:
    other = FRONT.replace("A lesson", "Another") + (
        "See [the plan](01-lesson.md#plan-with-a-worker) and [nothing](01-lesson.md#no-such).\n"
    )
    root = make_course(
        {"modules/01-basics/01-lesson.md": LESSON, "modules/01-basics/02-other.md": other}
    )
    found = [line for line in _errors(root) if "[link." in line]
    assert len(found) == 1 and "'#no-such' is not a heading" in found[0], found


def test_an_assignment_id_is_unique_in_the_course(make_course: MakeCourse) -> None:
    second = FRONT + LESSON.split("---\n", 2)[2].split("::: checklist")[0].split("## Plan\n")[1]
    root = make_course(
        {"modules/01-basics/01-lesson.md": LESSON, "modules/01-basics/02-again.md": second}
    )
    found = [line for line in _errors(root) if "[assignment.duplicate-id]" in line]
    assert len(found) == 1 and found[0].startswith("modules/01-basics/02-again.md:"), found


def test_a_translation_keeps_the_rubric_points(make_course: MakeCourse) -> None:
    course_yml = COURSE_YML.replace("languages: [en]", "languages: [en, de]")
    words = "title: Demo\ndescription: Ein Kurs.\ntracks: [{id: workers, title: Beschäftigte}]\n"
    module_words = "title: Grundlagen\nsummary: Grundlagen.\noutcomes: [{id: o1, text: Tu es.}]\n"
    german = LESSON.replace("Good (1)", "Gut (2)")
    root = make_course(
        {
            "course/course.yml": course_yml,
            "course/course.de.yml": words,
            "modules/01-basics/module.de.yml": module_words,
            "modules/01-basics/01-lesson.md": LESSON,
            "modules/01-basics/01-lesson.de.md": german,
        }
    )
    _, diagnostics = pipeline.load_course(root, "de")
    found = [str(d) for d in diagnostics if d.code == "translation.assignments"]
    assert len(found) == 1 and "01-lesson.de.md" in found[0], [str(d) for d in diagnostics]
    assert re.search(r"assignment 'plan-with-a-worker': its points", found[0])
