"""What PDF handouts a course gets: one per module offered in the course's language.

A plan is pure data computed from the course model: the module, the file name
(``<course>-<module folder>[-<lang>].pdf``), the title the PDF and its running header show,
a fixed PDF file identifier, and the print layout (Easy-to-Read for a module of a track with
``easy_to_read: true``, the shared start included when such a track holds it).
"""

import hashlib
from dataclasses import dataclass

from bwise_mooc import ir
from bwise_mooc.i18n import gettext
from bwise_mooc.transforms.identifiers import language_suffix


@dataclass(frozen=True)
class HandoutPlan:
    module: ir.Module
    name: str  # file name without .pdf
    title: str  # the document title: module, then course
    label: str  # "Module 1: ..." as the handout's heading and running header show it
    identifier: bytes  # the PDF file identifier (/ID), the same for every build
    easy_to_read: bool  # the Easy-to-Read print layout

    @property
    def file_name(self) -> str:
        return f"{self.name}.pdf"


def offered_tracks(course: ir.Course) -> tuple[ir.Track, ...]:
    """The tracks offered in the course's language (``languages:`` of a track; none: all)."""
    return tuple(t for t in course.tracks if not t.languages or course.language in t.languages)


def module_label(course: ir.Course, module: ir.Module) -> str:
    return gettext(
        course.language, "Module %(number)s: %(title)s", number=module.number, title=module.title
    )


def handout_identifier(course: ir.Course, module: ir.Module) -> bytes:
    """16 bytes from the course, module and language, as a PDF /ID wants them."""
    name = f"bwise-mooc:pdf:{course.id}/{module.id}/{course.language}"
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:32].encode("ascii")


def handout_plan(course: ir.Course, module: ir.Module, tracks: tuple[ir.Track, ...]) -> HandoutPlan:
    label = module_label(course, module)
    return HandoutPlan(
        module=module,
        name=f"{course.id}-{module.folder}{language_suffix(course)}",
        title=f"{label} \N{EN DASH} {course.title}",
        label=label,
        identifier=handout_identifier(course, module),
        easy_to_read=any(track.easy_to_read for track in tracks),
    )


def plans(course: ir.Course) -> list[HandoutPlan]:
    """One handout per module of a track offered in the course's language, in course order."""
    found = []
    offered = offered_tracks(course)
    for module in course.modules:
        tracks = tuple(t for t in offered if module.shared or module.track == t.id)
        if tracks:
            found.append(handout_plan(course, module, tracks))
    return found
