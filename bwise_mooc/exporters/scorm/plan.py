"""What goes into each SCORM package: its SCOs, their lessons, and the organisation tree.

A plan is pure data computed from the course model; the manifest writers (1.2, 2004) and the
zip writer only read it. ``sco_per`` picks the granularity: ``module`` (default: one SCO per
module, lessons navigated inside it, works in every LMS) or ``lesson`` (one SCO per lesson,
listed in the LMS's table of contents).
"""

from dataclasses import dataclass
from typing import Literal

from bwise_mooc.exporters.credential_facts import course_credentials
from bwise_mooc.exporters.scorm.lom import LomCredential, LomInfo, lom_info
from bwise_mooc.ir import Course, Lesson, Module
from bwise_mooc.transforms.identifiers import joined, language_suffix, xml_id

ScoPer = Literal["module", "lesson"]


@dataclass(frozen=True)
class Sco:
    """One launchable unit: a folder in the zip with an ``index.html`` and its files."""

    key: str  # folder name inside the zip, e.g. phone-basics or phone-basics_wifi
    title: str
    module: Module
    lessons: tuple[Lesson, ...]
    minutes: int
    page: str  # the launch page inside the zip, e.g. 01-phone-basics/index.html

    @property
    def graded(self) -> bool:
        return any(quiz.graded for lesson in self.lessons for quiz in lesson.quizzes())

    @property
    def item_id(self) -> str:
        return xml_id("item", self.key)

    @property
    def resource_id(self) -> str:
        return xml_id("res", self.key)

    @property
    def objective_id(self) -> str:
        return xml_id("obj", self.key)

    @property
    def mastery_score(self) -> int | None:
        """The passing score in percent, for SCOs holding assessment questions."""
        return self.module.passing_score if self.graded else None


@dataclass(frozen=True)
class Node:
    """An item of the organisation: a SCO, or a cluster of SCOs (a module, multi-SCO)."""

    identifier: str
    title: str
    sco: Sco | None = None
    children: tuple["Node", ...] = ()
    mastery_score: int | None = None
    objective_id: str = ""


@dataclass(frozen=True)
class PackagePlan:
    name: str  # file name of the zip, without .zip
    identifier: str
    title: str
    lom: LomInfo
    items: tuple[Node, ...]

    def scos(self) -> list[Sco]:
        found: list[Sco] = []
        stack = list(reversed(self.items))
        while stack:
            node = stack.pop()
            if node.sco is not None:
                found.append(node.sco)
            stack.extend(reversed(node.children))
        return found


def _module_sco(module: Module) -> Sco:
    page = f"{module.folder}/index.html"
    return Sco(module.id, module.title, module, module.lessons, module.estimated_minutes, page)


def _lesson_sco(module: Module, lesson: Lesson) -> Sco:
    key = joined(module.id, lesson.id)
    page = f"{module.folder}/{lesson.page}"
    return Sco(key, lesson.title, module, (lesson,), lesson.estimated_minutes, page)


def _module_nodes(module: Module, sco_per: ScoPer) -> Node:
    if sco_per == "module":
        sco = _module_sco(module)
        return Node(sco.item_id, module.title, sco=sco)
    scos = [_lesson_sco(module, lesson) for lesson in module.lessons]
    return Node(
        xml_id("module", module.id),
        module.title,
        children=tuple(Node(sco.item_id, sco.title, sco=sco) for sco in scos),
        mastery_score=module.passing_score,
        objective_id=xml_id("obj", "module", module.id),
    )


def _audience(course: Course, modules: tuple[Module, ...]) -> str:
    tracks = {track.id: track.title for track in course.tracks}
    names = sorted(
        {
            name
            for module in modules
            for name in (
                tracks.values() if module.shared else [tracks.get(module.track, module.track)]
            )
        }
    )
    return "For: " + "; ".join(names)


def _credentials(course: Course, track_ids: set[str]) -> tuple[LomCredential, ...]:
    """The credentials of these tracks, for the package's metadata."""
    return tuple(
        LomCredential(
            facts.name,
            facts.eqf_level,
            facts.plain_text(course.language),
        )
        for facts in course_credentials(course)
        if facts.track_id in track_ids
    )


def module_plan(course: Course, module: Module, sco_per: ScoPer) -> PackagePlan:
    node = _module_nodes(module, sco_per)
    items = node.children if sco_per == "lesson" else (node,)
    name = f"{course.id}-{module.id}{language_suffix(course)}"
    info = lom_info(
        course,
        name,
        module.title,
        module.summary,
        module.estimated_minutes,
        _audience(course, (module,)),
        _credentials(course, {module.track}),
    )
    return PackagePlan(
        name=name, identifier=xml_id("pkg", name), title=module.title, lom=info, items=items
    )


def course_plan(course: Course, sco_per: ScoPer) -> PackagePlan:
    items = tuple(_module_nodes(module, sco_per) for module in course.modules)
    info = lom_info(
        course,
        course.id,
        course.title,
        course.description,
        course.estimated_minutes,
        _audience(course, course.modules),
        _credentials(course, {module.track for module in course.modules}),
    )
    name = f"{course.id}{language_suffix(course)}"
    return PackagePlan(
        name=name,
        identifier=xml_id("pkg", name),
        title=course.title,
        lom=info,
        items=items,
    )


def plans(course: Course, sco_per: ScoPer) -> list[PackagePlan]:
    """One package per module, then the whole course."""
    return [module_plan(course, module, sco_per) for module in course.modules] + [
        course_plan(course, sco_per)
    ]
