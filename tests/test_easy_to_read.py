"""Issue 17: the graded questions of an Easy-to-Read track are choices with 2 or 3 answers.

``easy_to_read: true`` on a track in course.yml turns on the rule; every other graded question
is a warning (``quiz.easy-to-read-typing``, ``quiz.easy-to-read-choices``) until the course is
rewritten; knowledge checks and other tracks are not concerned.
"""

import pytest

from bwise_mooc.pipeline import load_languages
from tests.conftest import COURSE_YML, FRONT, MakeCourse

LESSON = "modules/01-basics/01-lesson.md"
EASY = COURSE_YML.replace(
    "tracks: [{id: workers, title: Workers}]",
    "tracks: [{id: workers, title: Workers, easy_to_read: true}]",
)
QUESTIONS = {
    "typed": "### Which word? {#typed}\n- accept: phishing\n\n> Phishing.\n",
    "number": "### How many? {#number}\n- number: 3\n",
    "four": ("### Which one? {#four}\n- (x) One\n- ( ) Two\n- ( ) Three\n- ( ) Four\n\n> One.\n"),
    "three": "### Which ones? {#three}\n- [x] One\n- [x] Two\n- [ ] Three\n\n> One, two.\n",
    "two": "### Which one? {#two}\n- (x) One\n- ( ) Two\n\n> One.\n",
    "statement": "### It is true. {#statement}\n- answer: true\n",
}


def warnings(make_course: MakeCourse, course_yml: str, block: str, names: list[str]) -> list[str]:
    body = "\n".join(QUESTIONS[name] for name in names)
    root = make_course(
        {"course/course.yml": course_yml, LESSON: FRONT + f"Text.\n\n::: {block}\n{body}\n:::\n"}
    )
    _, diagnostics = load_languages(root)
    return [str(d) for d in diagnostics if "easy-to-read" in d.code]


def test_typed_answers_and_long_lists_are_reported(make_course: MakeCourse) -> None:
    assert warnings(make_course, EASY, "assessment", list(QUESTIONS)) == [
        f"{LESSON}:9:1: warning: assessment question 'typed' asks for a typed answer; track "
        "'workers' is Easy-to-Read: ask a choice question with 2 or 3 answers ('( )' or "
        "'[ ]'), or a true/false one ('answer:') [quiz.easy-to-read-typing]",
        f"{LESSON}:14:1: warning: assessment question 'number' asks for a typed number; track "
        "'workers' is Easy-to-Read: ask a choice question with 2 or 3 answers ('( )' or "
        "'[ ]'), or a true/false one ('answer:') [quiz.easy-to-read-typing]",
        f"{LESSON}:17:1: warning: assessment question 'four' has 4 answers; track 'workers' "
        "is Easy-to-Read: give 2 or 3 answers [quiz.easy-to-read-choices]",
    ]


@pytest.mark.parametrize(
    ("course_yml", "block"),
    [(COURSE_YML, "assessment"), (EASY, "quiz")],
    ids=["a track that is not Easy-to-Read", "a knowledge check"],
)
def test_only_graded_questions_of_easy_to_read_tracks(
    make_course: MakeCourse, course_yml: str, block: str
) -> None:
    assert warnings(make_course, course_yml, block, list(QUESTIONS)) == []


def test_the_track_setting_is_in_the_model(make_course: MakeCourse) -> None:
    root = make_course({"course/course.yml": EASY}, lesson="Text.\n")
    courses, _ = load_languages(root)
    assert [track.easy_to_read for track in courses[0].tracks] == [True]
