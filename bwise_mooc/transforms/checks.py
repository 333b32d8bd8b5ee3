"""Stage 2: whole-course rules that no single file can check on its own.

Tracks and outcomes referenced but not defined, duplicate ids, ordering gaps, links to
anchors that do not exist, outcomes that no lesson serves or no graded question assesses.
"""

from collections import Counter
from collections.abc import Iterable

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Course, Lesson, Module, SourceSpan


def check_course(course: Course, diagnostics: Diagnostics) -> None:
    """Add every whole-course problem of ``course`` to ``diagnostics``."""
    tracks = {track.id for track in course.tracks}
    _duplicates([(t.id, course.source) for t in course.tracks], "track", diagnostics)
    _duplicates([(m.id, m.source) for m in course.modules], "module slug", diagnostics)
    _duplicates(
        [(o.id, o.source) for m in course.modules for o in m.outcomes], "outcome id", diagnostics
    )
    _gaps([(m.number, m.source) for m in course.modules], "module", diagnostics)
    lessons = {lesson.path: lesson for _, lesson in course.lessons()}
    for module in course.modules:
        if module.track not in tracks:
            diagnostics.error(
                module.source,
                "module.unknown-track",
                f"track '{module.track}' is not declared in course/course.yml; known: {', '.join(sorted(tracks))}",
            )
        _check_module(module, diagnostics)
        for lesson in module.lessons:
            _check_links(lesson, lessons, diagnostics)


def _duplicates(items: list[tuple[str, SourceSpan]], what: str, diagnostics: Diagnostics) -> None:
    counts = Counter(key for key, _ in items)
    seen: set[str] = set()
    for key, where in items:
        if counts[key] > 1 and key in seen:
            diagnostics.error(where, "id.duplicate", f"duplicate {what} '{key}'")
        seen.add(key)


def _gaps(numbers: list[tuple[int, SourceSpan]], what: str, diagnostics: Diagnostics) -> None:
    seen: dict[int, SourceSpan] = {}
    for number, where in numbers:
        if number in seen:
            diagnostics.error(
                where,
                "order.duplicate",
                f"two {what}s are numbered {number:02d}; give each its own number",
            )
        seen[number] = where
    expected = 1
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
        diagnostics.error(
            module.source,
            "module.empty",
            "module has no lessons: add a file such as 01-introduction.md",
        )
        return
    _duplicates(
        [(lesson.id, lesson.source) for lesson in module.lessons], "lesson slug", diagnostics
    )
    _gaps([(lesson.number, lesson.source) for lesson in module.lessons], "lesson", diagnostics)
    outcomes = {outcome.id for outcome in module.outcomes}
    served: set[str] = set()
    assessed: set[str] = set()
    for lesson in module.lessons:
        _check_outcome_refs(lesson.outcomes, outcomes, lesson.source, diagnostics)
        served.update(lesson.outcomes)
        ids = [(q.id, q.source) for quiz in lesson.quizzes() for q in quiz.questions]
        _duplicates(ids, "question id", diagnostics)
        for quiz in lesson.quizzes():
            for question in quiz.questions:
                _check_outcome_refs(question.outcomes, outcomes, question.source, diagnostics)
                if quiz.graded:
                    assessed.update(question.outcomes or lesson.outcomes)
    if not any(True for _ in module.graded_questions()):
        diagnostics.warning(
            module.source,
            "module.no-assessment",
            "module has no '::: assessment' questions, so nothing counts toward its passing score",
        )
        return
    for outcome in module.outcomes:
        if outcome.id not in served:
            diagnostics.warning(
                outcome.source,
                "outcome.not-served",
                f"outcome '{outcome.id}' is not served by any lesson (list it in a lesson's 'outcomes')",
            )
        if outcome.id not in assessed:
            diagnostics.warning(
                outcome.source,
                "outcome.not-assessed",
                f"outcome '{outcome.id}' is not assessed by any assessment question",
            )


def _check_outcome_refs(
    refs: Iterable[str], known: set[str], where: SourceSpan, diagnostics: Diagnostics
) -> None:
    for ref in refs:
        if ref not in known:
            diagnostics.error(
                where,
                "outcome.unknown",
                f"outcome '{ref}' is not defined in this module's module.yml; known: {', '.join(sorted(known))}",
            )


def _check_links(lesson: Lesson, lessons: dict[str, Lesson], diagnostics: Diagnostics) -> None:
    for link in lesson.links:
        target = lessons.get(link.target)
        if target is None:
            diagnostics.error(
                link.source,
                "link.not-a-lesson",
                f"link target '{link.target}' is not a lesson of this course",
            )
        elif link.anchor and link.anchor not in target.anchors:
            diagnostics.error(
                link.source,
                "link.missing-anchor",
                f"'#{link.anchor}' is not a heading in {link.target}",
            )
