"""One grading rule per course (``grading:`` in course.yml) in the OLX export and in ``check``:
assessment attempts become ``max_attempts``, the Open edX pass mark is chosen or shared by every
module, and each learner's best module assessments, one track's worth, make the course grade.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from bwise_mooc.config import CourseConfig
from bwise_mooc.exporters.olx.exporter import course_files
from bwise_mooc.pipeline import load_course
from bwise_mooc.validate import safe_parser
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, ROOT, write_files

TRACKS = "tracks: [{id: workers, title: Workers}, {id: staff, title: Staff}]\n"
LESSON = FRONT + (
    "## Practice\n\n::: quiz\n### One?\n- (x) yes\n- ( ) no\n:::\n\n"
    "## Test\n\n::: assessment\n### Two? {#two}\n- (x) yes\n- ( ) no\n:::\n"
)

Files = dict[str, str | bytes]


def module_files(folder: str, track: str, passing: int) -> Files:
    """A module of ``track`` passing at ``passing``, whose one lesson holds an assessment."""
    outcome = f"o-{folder}"  # outcome ids are unique across modules
    config = MODULE_YML.replace("track: workers", f"track: {track}")
    return {
        f"modules/{folder}/module.yml": config.replace("id: o1", f"id: {outcome}")
        + f"passing_score: {passing}\n",
        f"modules/{folder}/01-lesson.md": LESSON.replace("[o1]", f"[{outcome}]"),
    }


def two_track_course(grading: str = "", workers: int = 2) -> Files:
    """``workers`` workers' modules passing at 70 and one staff module passing at 80."""
    course = COURSE_YML.replace("tracks: [{id: workers, title: Workers}]\n", TRACKS)
    files: Files = {"course/course.yml": course + grading}
    for number in range(1, workers + 1):
        files.update(module_files(f"{number:02d}-work-{number}", "workers", 70))
    files.update(module_files(f"{workers + 1:02d}-staff", "staff", 80))
    return files


def olx_files(root: Path) -> dict[str, bytes]:
    course, diagnostics = load_course(root)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics]
    return {
        name: data for name, data in course_files(course, root).items() if isinstance(data, bytes)
    }


def policy(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(olx_files(root)["policies/2026/grading_policy.json"])
    return data


def test_graded_problems_allow_the_course_attempts_and_checks_stay_unlimited(
    tmp_path: Path,
) -> None:
    files = {"course/course.yml": COURSE_YML + "grading: {attempts: 5}\n"}
    found = olx_files(write_files(tmp_path, {**files, **module_files("01-basics", "workers", 80)}))
    test = etree.fromstring(found["problem/basics_lesson_two.xml"], safe_parser())
    practice = etree.fromstring(found["problem/basics_lesson_q1.xml"], safe_parser())
    assert (test.get("max_attempts"), test.get("weight")) == ("5", None)
    assert (practice.get("max_attempts"), practice.get("weight")) == (None, "0")


def test_attempts_default_to_three(tmp_path: Path) -> None:
    files = {"course/course.yml": COURSE_YML, **module_files("01-basics", "workers", 80)}
    course, _ = load_course(write_files(tmp_path, files))
    assert course is not None and course.grading.attempts == 3
    schema = CourseConfig.model_json_schema()["$defs"]["GradingConfig"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["attempts"]["default"] == 3
    assert "Open edX" in schema["properties"]["open_edx_pass_mark"]["description"]


def test_modules_sharing_a_passing_score_give_the_cutoff(tmp_path: Path) -> None:
    files = {
        "course/course.yml": COURSE_YML,
        **module_files("01-basics", "workers", 65),
        **module_files("02-more", "workers", 65),
    }
    found = policy(write_files(tmp_path, files))
    assert found["GRADE_CUTOFFS"] == {"Pass": 0.65}
    assert found["GRADER"] == [
        {
            "type": "Module assessment",
            "short_label": "Assessment",
            "min_count": 2,
            "drop_count": 0,
            "weight": 1.0,
        }
    ]


def test_the_chosen_pass_mark_is_the_cutoff_and_one_tracks_worth_of_modules_counts(
    tmp_path: Path,
) -> None:
    grading = "grading:\n  attempts: 2\n  open_edx_pass_mark: 75\n"
    found = policy(write_files(tmp_path, two_track_course(grading, workers=2)))
    assert found["GRADE_CUTOFFS"] == {"Pass": 0.75}
    # 3 graded subsections; the staff track has 1, so each learner's best 1 counts
    grader = found["GRADER"][0]
    assert (grader["min_count"], grader["drop_count"]) == (3, 2)


def test_differing_passing_scores_without_a_pass_mark_are_an_error(tmp_path: Path) -> None:
    course, diagnostics = load_course(
        write_files(tmp_path, two_track_course("grading:\n  attempts: 2\n"))
    )
    assert [str(d) for d in diagnostics.errors] == [
        "course/course.yml:12:3: error: modules have different passing scores (70 in 01-work-1 "
        "and 1 more, 80 in 03-staff), but Open edX grades the whole course against one pass "
        "mark: choose it with 'grading: {open_edx_pass_mark: N}' (see docs/authoring.md, "
        "7. Scoring and passing) [grading.open-edx-pass-mark]"
    ]
    assert course is not None and course.course_pass_mark() is None


def test_without_a_grading_key_the_error_points_at_the_passing_score(tmp_path: Path) -> None:
    files = two_track_course("passing_score: 75\n")
    _, diagnostics = load_course(write_files(tmp_path, files))
    assert [(d.line, d.code) for d in diagnostics.errors] == [(11, "grading.open-edx-pass-mark")]


@pytest.mark.parametrize(
    ("grading", "expected"),
    [
        (
            "grading: {attempts: 0, open_edx_pass_mark: 70}\n",
            "course/course.yml:11:21: error: 'attempts' in 'grading' must be 1 or more, not 0 "
            "[yaml.invalid-value]",
        ),
        (
            "grading: {open_edx_pass_mark: 70, tries: 2}\n",
            "course/course.yml:11:35: error: unknown key 'tries': delete it, or use one of: "
            "attempts, open_edx_pass_mark [yaml.unknown-key]",
        ),
        (
            "grading: {open_edx_pass_mark: 101}\n",
            "course/course.yml:11:31: error: 'open_edx_pass_mark' in 'grading' must be 100 or "
            "less, not 101 [yaml.invalid-value]",
        ),
    ],
)
def test_bad_grading_keys_are_reported(tmp_path: Path, grading: str, expected: str) -> None:
    _, diagnostics = load_course(write_files(tmp_path, two_track_course(grading)))
    assert expected in [str(d) for d in diagnostics.errors]


def test_the_real_course_passes_at_70_on_its_best_four_module_assessments() -> None:
    course, diagnostics = load_course(ROOT)
    assert course is not None and not diagnostics.errors
    assert {module.passing_score for module in course.modules} == {70, 80}
    files = course_files(course, ROOT)
    data = files[f"policies/{course.run}/grading_policy.json"]
    assert isinstance(data, bytes)
    found = json.loads(data)
    assert found["GRADE_CUTOFFS"] == {"Pass": 0.7}
    assert (found["GRADER"][0]["min_count"], found["GRADER"][0]["drop_count"]) == (12, 8)
    problems = [
        etree.fromstring(data, safe_parser())
        for name, data in files.items()
        if name.startswith("problem/") and isinstance(data, bytes)
    ]
    by_kind: dict[str, set[str | None]] = {}
    for problem in problems:  # showanswer: finished for assessments, attempted for checks
        by_kind.setdefault(problem.get("showanswer", ""), set()).add(problem.get("max_attempts"))
    assert by_kind == {"finished": {"3"}, "attempted": {None}}
