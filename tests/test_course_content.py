"""The real course in course/ and modules/ against the curriculum figures (issue 5):
three tracks, at least three modules per track, three to five lessons per module, word counts
per lesson by track, at least one knowledge check per lesson, a graded assessment of at least
six questions mixing the types, every outcome served and assessed, tagged with DigComp and EQF,
every image with alt text; in every declared language.

And what issue 17's second edition must show that a test can see: ``check`` at zero problems;
no typing in graded questions of the Easy-to-Read (workers') track, whose choices have 2-3
answers; a DigComp level on every outcome with a DigComp competence; assignments for the staff
modules and for every outcome that asks learners to produce something, and every link to one
resolving; minutes, credits and the hours the lessons claim agreeing; a picture beside every
procedure of 4 or more numbered steps. Each test lists every offender it finds.
"""

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

import lxml.html
import pytest

from bwise_mooc import ir
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.pipeline import load_languages
from tests.conftest import ROOT

WORDS = {"workers": (250, 700), "supporters": (500, 1200), "enablers": (500, 1200)}
LANGUAGES = ["en", "de", "ar"]
STAFF_TRACKS = ("supporters", "enablers")
MIN_QUESTION_TYPES = 4
CHOICE_TYPES = frozenset({"single", "multiple", "true_false"})  # no typing
EASY_CHOICES = range(2, 4)  # 2 or 3 answers
# an outcome that asks learners to make something a person must read (its leading verb, or one
# after "and", "then" or a comma): assessed by an assignment
PRODUCE = re.compile(
    r"(?:^|,\s*|\b(?:and|then)\s+)(?:re)?(produce|create|write|make|draw up|design|build)\b"
    r"(?!\s+sure\b)",  # "make sure" produces nothing
    re.IGNORECASE,
)
MIN_STEPS = 4  # a procedure of this many numbered steps needs a picture beside it
# "the supporters track takes about 12.5 hours": a claim about a track's whole workload
TRACK_HOURS = re.compile(
    r"\b(?:the\s+)?(?P<track>workers|supporters|enablers)['\u2019]?\s+track\b"
    r"(?P<between>[^.;:]{0,60}?)\babout\s+(?P<hours>\d+(?:\.\d+)?)\s+hours\b",
    re.IGNORECASE,
)
NOT_THE_WHOLE = re.compile(r"assignment|extra|lessons?\b|module", re.IGNORECASE)
HOURS_TOLERANCE = 0.1  # "about": within a tenth of the real workload


@cache
def loaded() -> tuple[dict[str, ir.Course], Diagnostics]:
    found, diagnostics = load_languages(ROOT)
    return {course.language: course for course in found}, diagnostics


def courses() -> dict[str, ir.Course]:
    return loaded()[0]


def reported(*codes: str) -> list[str]:
    """What ``check`` says about the real course with any of ``codes``."""
    return [str(d) for d in loaded()[1] if d.code in codes]


def easy_to_read_tracks(course: ir.Course) -> set[str]:
    """The Easy-to-Read tracks: those course.yml marks, and the workers' track in any case."""
    return {track.id for track in course.tracks if track.easy_to_read} | {"workers"}


def assessed_modules(course: ir.Course) -> list[ir.Module]:
    """The modules of one track: the shared start (``track: all``) has no assessment."""
    return [module for module in course.modules if not module.shared]


def test_check_reports_no_problem_in_any_language() -> None:
    assert [str(d) for d in loaded()[1]] == []


def prose_words(lesson: ir.Lesson) -> int:
    """Words of the lesson's text outside quiz blocks (tags removed)."""
    html = " ".join(
        block.html for block in lesson.blocks if not isinstance(block, ir.Quiz | ir.Assignment)
    )
    text = re.sub(r"<[^>]+>", " ", html)
    return len(re.findall(r"\w[\w'\u2019-]*", text))


def test_the_course_declares_english_german_and_arabic() -> None:
    assert list(courses()) == ["en", "de", "ar"]


@pytest.mark.parametrize("language", ["en", "de"])
def test_tracks_modules_and_lessons(language: str) -> None:
    course = courses()[language]
    assert [t.id for t in course.tracks] == ["workers", "supporters", "enablers"]
    per_track = Counter(module.track for module in course.modules if not module.shared)
    assert all(per_track[track] >= 3 for track in WORDS), per_track
    for module in course.modules:
        assert 3 <= len(module.lessons) <= 5, module.id


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_lesson_has_words_in_range_a_summary_and_a_knowledge_check(language: str) -> None:
    course = courses()[language]
    problems = []
    for module in course.modules:
        # the shared start is read by everyone, workers too: Easy-to-Read lengths
        low, high = WORDS["workers" if module.shared else module.track]
        for lesson in module.lessons:
            words = prose_words(lesson)
            if not low <= words <= high:
                problems.append(f"{lesson.path}: {words} words, not {low}-{high}")
            if not lesson.summary:
                problems.append(f"{lesson.path}: no summary")
            if not any(not quiz.graded for quiz in lesson.quizzes()):
                problems.append(f"{lesson.path}: no knowledge check")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_module_has_a_mixed_assessment_and_metadata(language: str) -> None:
    """At least six graded questions of four types; an Easy-to-Read track asks choices only,
    so its assessments mix every choice type (single, multiple, true/false) instead."""
    course = courses()[language]
    easy = easy_to_read_tracks(course)
    problems = []
    for module in assessed_modules(course):
        questions = [question for _, question in module.graded_questions()]
        types = {question.type for question in questions}
        wanted = len(CHOICE_TYPES) if module.track in easy else MIN_QUESTION_TYPES
        if len(questions) < 6:
            problems.append(f"{module.dir}: {len(questions)} graded questions, not 6 or more")
        if len(types) < wanted:
            problems.append(f"{module.dir}: question types {sorted(types)}, not {wanted} or more")
        if not (module.estimated_minutes > 0 and 0 < module.passing_score <= 100):
            problems.append(f"{module.dir}: no minutes or a passing score outside 1-100")
        if module.credits is None and module.track != "workers":
            problems.append(f"{module.dir}: no credits")
        for outcome in module.outcomes:
            if not (outcome.digcomp and outcome.eqf):
                problems.append(f"{module.dir}: outcome {outcome.id} has no DigComp or EQF tag")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_is_served_and_assessed(language: str) -> None:
    course = courses()[language]
    for module in assessed_modules(course):
        served = {ref for lesson in module.lessons for ref in lesson.outcomes}
        assessed = {
            ref
            for lesson, q in module.graded_questions()
            for ref in (q.outcomes or lesson.outcomes)
        }
        for outcome in module.outcomes:
            assert outcome.id in served, (module.id, outcome.id)
            assert outcome.id in assessed, (module.id, outcome.id)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_image_has_alt_text(language: str) -> None:
    course = courses()[language]
    images = [
        asset
        for _, lesson in course.lessons()
        for asset in lesson.assets
        if asset.path.endswith(".png")
    ]
    assert len(images) >= len(course.modules)
    assert all(len(asset.alt.split()) >= 3 for asset in images)


def test_the_german_course_is_a_translation_not_a_copy() -> None:
    english, german = courses()["en"], courses()["de"]
    pairs = zip(english.lessons(), german.lessons(), strict=True)
    for (_, en_lesson), (_, de_lesson) in pairs:
        assert de_lesson.path == en_lesson.path
        assert de_lesson.source.path.endswith(".de.md"), de_lesson.source.path
        assert de_lesson.title != en_lesson.title, de_lesson.path


def test_the_arabic_edition_is_the_workers_track_translated() -> None:
    english, arabic = courses()["en"], courses()["ar"]
    assert [t.id for t in arabic.tracks] == ["workers"]
    workers = [m for m in english.modules if m.track == "workers" or m.shared]
    assert [m.dir for m in arabic.modules] == [m.dir for m in workers]
    for en_module, ar_module in zip(workers, arabic.modules, strict=True):
        assert re.search("[\u0600-\u06ff]", ar_module.title), ar_module.title
        for en_lesson, ar_lesson in zip(en_module.lessons, ar_module.lessons, strict=True):
            assert ar_lesson.source.path.endswith(".ar.md"), ar_lesson.source.path
            assert re.search("[\u0600-\u06ff]{3}", ar_lesson.title), ar_lesson.path
            # Arabic writes "the", "and", "to" as part of the next word: fewer, not far fewer
            assert prose_words(ar_lesson) >= 0.6 * prose_words(en_lesson), ar_lesson.path


# -- issue 17: what the second edition must show ---------------------------------------------


def test_the_workers_track_is_marked_easy_to_read() -> None:
    """So that ``check`` holds its graded questions to choices with 2-3 answers."""
    tracks = {track.id: track for track in courses()["en"].tracks}
    assert tracks["workers"].easy_to_read, "course.yml: the workers track needs easy_to_read: true"


@pytest.mark.parametrize("language", LANGUAGES)
def test_graded_questions_of_easy_to_read_tracks_are_choices_without_typing(
    language: str,
) -> None:
    course = courses()[language]
    easy = easy_to_read_tracks(course)
    problems = []
    for module in course.modules:
        if module.track not in easy:
            continue
        for lesson, question in module.graded_questions():
            where = f"{lesson.source.path}:{question.source.line}: {question.id}"
            if question.type not in CHOICE_TYPES:
                problems.append(f"{where}: {question.type} asks for typing")
            elif (
                isinstance(question, ir.SingleChoice | ir.MultipleResponse)
                and len(question.choices) not in EASY_CHOICES
            ):
                problems.append(f"{where}: {len(question.choices)} answers, not 2 or 3")
    assert problems == []
    assert reported("quiz.easy-to-read-typing", "quiz.easy-to-read-choices") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_with_a_digcomp_competence_has_its_level(language: str) -> None:
    missing = [
        f"{module.dir}: {outcome.id} (DigComp {outcome.digcomp}, level {outcome.digcomp_level})"
        for module in courses()[language].modules
        for outcome in module.outcomes
        if outcome.digcomp and outcome.digcomp_level not in range(1, 9)
    ]
    assert missing == []
    assert reported("outcome.digcomp-level") == []


# The staff modules whose lessons promised an assignment that did not exist (issue 17's review)
REVIEWED_ASSIGNMENT_MODULES = ("05-", "06-", "09-", "10-", "12-")


def test_the_staff_modules_that_promise_an_assignment_have_one() -> None:
    """Modules 05, 09, 10 and 12 referred to assignments that did not exist, and module 06's
    outcome asks for a picture guide; each now has a graded ``::: assignment``."""
    missing = [
        module.dir
        for module in courses()["en"].modules
        if module.track in STAFF_TRACKS
        and module.dir.split("/")[-1].startswith(REVIEWED_ASSIGNMENT_MODULES)
        and not any(a.graded for _, a in module.assignments())
    ]
    assert missing == [], "staff modules without an '::: assignment' block"


def test_every_outcome_that_asks_to_produce_something_is_assessed_by_an_assignment() -> None:
    """Its text's leading verb is produce, create, write, make, draw up, design or build: a
    person must read what the learner made (an Easy-to-Read track: the evidence checklist
    the supporter fills in counts)."""
    course = courses()["en"]
    easy = easy_to_read_tracks(course)
    problems = []
    for module in course.modules:
        assessed = {
            ref
            for lesson, assignment in module.assignments()
            if assignment.graded or module.track in easy
            for ref in (assignment.outcomes or lesson.outcomes)
        }
        for outcome in module.outcomes:
            verb = PRODUCE.search(outcome.text)
            if verb and outcome.id not in assessed:
                problems.append(f"{module.dir}: {outcome.id} ({verb.group(1)}): {outcome.text}")
    assert problems == [], "outcomes to produce something that no assignment assesses"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reference_to_an_assignment_resolves(language: str) -> None:
    """Every link to an ``#anchor`` finds it, and a lesson that speaks of the assignment is
    in a module that has one or links to one."""
    course = courses()[language]
    lessons = {lesson.path: lesson for _, lesson in course.lessons()}
    assignment_ids = {a.id for module in course.modules for _, a in module.assignments()}
    problems = []
    for module in course.modules:
        for lesson in module.lessons:
            for link in lesson.links:
                target = lessons.get(link.target)
                if link.anchor and target is not None and link.anchor not in target.anchors:
                    problems.append(f"{link.source.path}:{link.source.line}: #{link.anchor}")
            links_one = any(link.anchor in assignment_ids for link in lesson.links)
            if (
                language == "en"
                and re.search(r"\bassignments?\b", prose_text(lesson), re.IGNORECASE)
                and not any(True for _ in module.assignments())
                and not links_one
            ):
                problems.append(f"{lesson.source.path}: speaks of an assignment; none here")
    assert problems == []
    assert reported("link.missing-anchor", "link.not-a-lesson") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_minutes_credits_and_claimed_hours_agree(language: str) -> None:
    course = courses()[language]
    problems = [
        f"{module.dir}: module.yml says {module.estimated_minutes} minutes, its lessons "
        f"{sum(lesson.estimated_minutes for lesson in module.lessons)}"
        for module in course.modules
        if module.estimated_minutes != sum(lesson.estimated_minutes for lesson in module.lessons)
    ]
    workloads = {track.id: track.workload_minutes for track in courses()["en"].tracks}
    for _, lesson in course.lessons() if language == "en" else ():
        for claim in TRACK_HOURS.finditer(prose_text(lesson)):
            if NOT_THE_WHOLE.search(claim["between"]):
                continue
            real = workloads[claim["track"].lower()] / 60
            if abs(float(claim["hours"]) - real) > HOURS_TOLERANCE * real:
                problems.append(
                    f"{lesson.source.path}: '{claim.group(0)}', but the track's workload is "
                    f"{real:.2f} hours"
                )
    assert problems == []
    assert reported("credential.credits", "module.credits") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_procedure_of_four_or_more_steps_has_a_picture_in_its_section(
    language: str,
) -> None:
    """In an Easy-to-Read track (the workers'), a numbered list of 4 or more steps in a lesson's
    text has a picture before or after it, under the same heading (issue 17: a step picture for
    each procedure). Staff lessons number criteria and checklists too, for readers who need no
    picture."""
    problems = []
    course = courses()[language]
    easy = easy_to_read_tracks(course)
    for module, lesson in course.lessons():
        if module.track not in easy:
            continue
        for section in sections(lesson):
            pictured = any(shows_a_picture(block) for block in section)
            for block in section:
                steps = numbered_steps(block)
                if steps >= MIN_STEPS and not pictured:
                    problems.append(
                        f"{block.source.path}:{block.source.line}: {steps} steps, no picture"
                    )
    assert problems == []


def prose_text(lesson: ir.Lesson) -> str:
    """The text of the lesson outside quiz and assignment blocks, tags removed."""
    html = " ".join(
        block.html for block in lesson.blocks if not isinstance(block, ir.Quiz | ir.Assignment)
    )
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def sections(lesson: ir.Lesson) -> Iterator[list[ir.Block]]:
    """The lesson's blocks cut at every heading."""
    section: list[ir.Block] = []
    for block in lesson.blocks:
        if isinstance(block, ir.Heading):
            yield section
            section = []
        else:
            section.append(block)
    yield section


def shows_a_picture(block: ir.Block) -> bool:
    return isinstance(block, ir.Image) or (isinstance(block, ir.Paragraph) and "<img" in block.html)


def numbered_steps(block: ir.Block) -> int:
    """How many items a numbered list has (its own, not those of lists inside it)."""
    if not isinstance(block, ir.ListBlock) or not block.ordered:
        return 0
    return len(lxml.html.fragment_fromstring(block.html).findall("li"))
