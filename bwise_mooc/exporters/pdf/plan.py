"""What PDF handouts a course gets: one per module offered in the course's language.

A plan is pure data computed from the course model: the module, the file name
(``<course>-<module folder>[-<lang>].pdf``), the title the PDF and its running header show,
and the print layout (Easy-to-Read for a module of a track with
``easy_to_read: true``, the shared start included when such a track holds it).
"""

from dataclasses import dataclass

from bwise_mooc import ir
from bwise_mooc.exporters.html import module_label
from bwise_mooc.transforms.identifiers import language_suffix


@dataclass(frozen=True)
class HandoutPlan:
    module: ir.Module
    name: str  # file name without .pdf
    title: str  # the document title: module, then course
    label: str  # "Module 1: ..." as the handout's heading and running header show it
    easy_to_read: bool  # the Easy-to-Read print layout

    @property
    def file_name(self) -> str:
        return f"{self.name}.pdf"


def handout_plan(course: ir.Course, module: ir.Module, tracks: tuple[ir.Track, ...]) -> HandoutPlan:
    label = module_label(course.language, module)
    return HandoutPlan(
        module=module,
        name=f"{course.id}-{module.folder}{language_suffix(course)}",
        title=f"{label} \N{EN DASH} {course.title}",
        label=label,
        easy_to_read=any(track.easy_to_read for track in tracks),
    )


def plans(course: ir.Course) -> list[HandoutPlan]:
    """One handout per module, in course order. A course in a language holds only the tracks
    offered in it and their modules (``parse/course.py``), so every module has a track here."""
    return [
        handout_plan(
            course,
            module,
            tuple(t for t in course.tracks if module.shared or module.track == t.id),
        )
        for module in course.modules
    ]
