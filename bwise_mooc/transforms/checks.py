"""Stage 2: whole-course rules that no single file can check on its own.

Duplicate slugs and outcome ids across modules, gaps in numbering, links to headings that do
not exist in another lesson, outcomes that no lesson serves or no graded question assesses,
credits that the workload does not support (``credentials.py``), outcomes with a DigComp
competence but no proficiency level, graded questions of an Easy-to-Read track that are not
short choices (``easy_to_read.py``), pictures of steps running left to right (``{.sequence}``)
shown in a right-to-left edition without a variant of their own.
What one output format cannot carry is checked by its exporter (``Exporter.checks``).
Rules that one file can check (unknown outcomes, duplicate question ids) live in ``parse``.
"""

import posixpath
import re

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.i18n import language_name, text_direction
from bwise_mooc.ir import Course, Lesson, Module, Question, SourceSpan
from bwise_mooc.transforms.credentials import check_credits
from bwise_mooc.transforms.easy_to_read import check_easy_to_read

ANY_ANCHOR: frozenset[str] = frozenset({"*"})  # the anchors of a lesson that could not be read
LESSON_NUMBER = re.compile(r"(\d{2})-")


def check_course(course: Course, diagnostics: Diagnostics) -> None:
    """Add every whole-course problem of ``course`` to ``diagnostics``."""
    _duplicates([(m.id, m.source) for m in course.modules], "module slug", diagnostics)
    outcomes = [(o.id, o.source) for m in course.modules for o in m.outcomes]
    _duplicates(outcomes, "outcome id", diagnostics)
    if course.language == course.languages[0]:  # a translation may leave a track's modules out
        _numbering([(m.number, m.source) for m in course.modules], "module", diagnostics)
    anchors = {lesson.path: lesson.anchors for _, lesson in course.lessons()}
    unread = {path for module in course.modules for path in module.unread_lessons}
    # the headings of a lesson that could not be read are not known (one read with errors
    # keeps its own)
    anchors.update({path: ANY_ANCHOR for path in unread if path not in anchors})
    for module in course.modules:
        _check_module(module, diagnostics)
        _check_digcomp_levels(module, diagnostics)
        for lesson in module.lessons:
            _check_links(lesson, anchors, diagnostics)
    assignments = [(a.id, a.source) for m in course.modules for _, a in m.assignments()]
    _duplicates(assignments, "assignment id", diagnostics, "assignment.duplicate-id")
    check_credits(course, diagnostics)
    check_easy_to_read(course, diagnostics)
    _check_sequence_pictures(course, diagnostics)


def _duplicates(
    items: list[tuple[str, SourceSpan]],
    what: str,
    diagnostics: Diagnostics,
    code: str = "id.duplicate",
) -> None:
    seen: dict[str, SourceSpan] = {}
    for key, where in items:
        if key in seen:
            diagnostics.error(where, code, f"duplicate {what} '{key}' (also in {seen[key].path})")
        seen.setdefault(key, where)


def _numbering(numbers: list[tuple[int, SourceSpan]], what: str, diagnostics: Diagnostics) -> None:
    seen: dict[int, SourceSpan] = {}
    for number, where in numbers:
        if number in seen:
            diagnostics.error(
                where,
                "order.duplicate",
                f"two {what}s are numbered {number:02d}; give each its own number",
            )
        seen.setdefault(number, where)
    expected = 0 if 0 in seen else 1  # 00 may come first: a start (modules/00-start)
    for number in sorted(seen):
        if number != expected:
            diagnostics.warning(
                seen[number],
                "order.gap",
                f"{what} numbers jump from {expected - 1:02d} to {number:02d}",
            )
        expected = number + 1


def _check_module(module: Module, diagnostics: Diagnostics) -> None:
    if not module.lessons:
        return  # reported by the reader, which sees the folder
    lessons = [(lesson.id, lesson.source) for lesson in module.lessons]
    _duplicates(lessons, "lesson slug", diagnostics)
    numbers = [(lesson.number, lesson.source) for lesson in module.lessons]
    read = {lesson.source.path for lesson in module.lessons}
    for path in module.unread_lessons:  # still in the sequence of lesson numbers
        if path in read:  # read, but with errors: numbered already
            continue
        if found := LESSON_NUMBER.match(path.rsplit("/", 1)[-1]):
            numbers.append((int(found.group(1)), SourceSpan(path=path)))
    _numbering(sorted(numbers, key=lambda item: item[0]), "lesson", diagnostics)
    if module.unread_lessons:  # an unread lesson may hold the assessment and serve outcomes
        return
    graded = list(module.graded_questions())
    if module.shared:  # track: all, not assessed: every track's learners start here
        _check_shared(module, graded, diagnostics)
        return
    if not graded:
        diagnostics.warning(
            module.source,
            "module.no-assessment",
            "module has no '::: assessment' questions, so nothing counts toward its passing score",
        )
        return
    served = {ref for lesson in module.lessons for ref in lesson.outcomes}
    assessed = {ref for lesson, q in graded for ref in (q.outcomes or lesson.outcomes)}
    assessed |= {  # a rubric marked by a person assesses its outcomes too
        ref
        for lesson, assignment in module.assignments()
        if assignment.graded
        for ref in (assignment.outcomes or lesson.outcomes)
    }
    _warn_unserved(module, served, diagnostics)
    for outcome in module.outcomes:
        if outcome.id not in assessed:
            diagnostics.warning(
                outcome.source,
                "outcome.not-assessed",
                f"outcome '{outcome.id}' is not assessed by any assessment question",
            )


def _warn_unserved(module: Module, served: set[str], diagnostics: Diagnostics) -> None:
    """Every outcome of the module is listed by at least one lesson."""
    for outcome in module.outcomes:
        if outcome.id not in served:
            diagnostics.warning(
                outcome.source,
                "outcome.not-served",
                f"outcome '{outcome.id}' is not served by any lesson (list it in a lesson's 'outcomes')",
            )


def _check_shared(
    module: Module, graded: list[tuple[Lesson, Question]], diagnostics: Diagnostics
) -> None:
    """A module of every track is not assessed: an assessment there would count for no track's
    credential."""
    if graded:
        diagnostics.warning(
            module.source,
            "module.shared-assessed",
            "a module with track 'all' is not assessed: make its '::: assessment' questions "
            "a '::: quiz' knowledge check",
        )
    _warn_unserved(
        module, {ref for lesson in module.lessons for ref in lesson.outcomes}, diagnostics
    )


def _check_digcomp_levels(module: Module, diagnostics: Diagnostics) -> None:
    """A DigComp competence says what; its proficiency level says how well (DigComp 2.2's
    eight levels). A level outside 1-8 is refused when module.yml is read."""
    for outcome in module.outcomes:
        if outcome.digcomp and outcome.digcomp_level is None:
            diagnostics.warning(
                outcome.source,
                "outcome.digcomp-level",
                f"outcome '{outcome.id}' has DigComp competence {outcome.digcomp} but no "
                "'digcomp_level': add the proficiency level it is written at, 1-8 "
                "(1-2 foundation, 3-4 intermediate, 5-6 advanced, 7-8 highly specialised)",
            )


def _check_links(
    lesson: Lesson, anchors: dict[str, frozenset[str]], diagnostics: Diagnostics
) -> None:
    """``anchors`` holds each lesson's anchors, made once: ``Lesson.anchors`` walks every block."""
    for link in lesson.links:
        target = anchors.get(link.target)
        if target is ANY_ANCHOR:
            continue  # a lesson that could not be read: its own errors say why
        if target is None:
            diagnostics.error(
                link.source,
                "link.not-a-lesson",
                f"link target '{link.target}' is not a lesson of this course",
            )
        elif link.anchor and link.anchor not in target:
            diagnostics.error(
                link.source,
                "link.missing-anchor",
                f"'#{link.anchor}' is not a heading in {link.target}",
            )


def _check_sequence_pictures(course: Course, diagnostics: Diagnostics) -> None:
    """A picture of steps in order (``{.sequence}``) runs left to right; a right-to-left
    edition needs its variant (``media/steps.ar.svg``) with the steps running right to left."""
    if text_direction(course.language) != "rtl":
        return
    readers = language_name(course.language)
    for _, lesson in course.lessons():
        folder = posixpath.dirname(lesson.path)
        for asset in lesson.assets:
            if not asset.sequence or asset.path in course.variants:
                continue
            stem, suffix = posixpath.splitext(posixpath.relpath(asset.path, folder))
            diagnostics.warning(
                asset.source,
                "media.sequence-rtl",
                "this picture shows steps in order from left to right; "
                f"{readers} readers read right to left: add {stem}.{course.language}{suffix} "
                "with the steps running right to left",
            )
