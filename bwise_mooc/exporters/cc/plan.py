"""What goes into each cartridge: its modules, and in each module its pages and quizzes in order.

A plan is pure data computed from the course model; the page, QTI and manifest writers only read
it. Each module is one item of the organisation (a Moodle section) holding, in reading order,
one page per lesson, right after it one quiz per knowledge check of that lesson, and at the end
the module assessment: every graded question of the module (``Module.graded_questions``).
Numeric questions have no Common Cartridge 1.1 profile: they are left out of the quizzes
(``numeric.py`` warns about each), and a quiz left with no question is left out too.

Layout inside the cartridge (a lesson's links keep working because pages mirror the sources):
``<module folder>/<lesson>.html``, ``<module folder>/quizzes/<lesson>-<quiz id>.xml`` (a
knowledge check), ``<module folder>/quizzes/assessment.xml`` (the module assessment), and the
course's files at their places (``Course.media``: images in the flat ``media/``).

A module of every track (``track: all``, the course start) is a module like any other here: its
section in the course cartridge, and a cartridge of its own. The preview's about page is not a
page of the cartridge (yet): Moodle restores a cartridge into a course whose summary and
"General" section belong to the teacher, so what the about page says travels where Moodle shows
it: the authors, description and rights in the manifest's metadata (``lom.py``), the footer's
independence statement and the funder's emblem and disclaimer on every page (``page.py``). The
help contact (``help:``) and the credentials' facts are not in the cartridge; the place for a
page with them would be an item of the course's opening item (Moodle's section 0).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from bwise_mooc import ir
from bwise_mooc.exporters.html import module_label
from bwise_mooc.exporters.question_bank import BankQuestion
from bwise_mooc.i18n import gettext
from bwise_mooc.transforms.identifiers import language_suffix, xml_id

CARRIED = frozenset({"single", "multiple", "true_false", "short_text"})  # have a CC 1.1 profile
MEDIA_ID = xml_id("media")  # the webcontent resource holding the files pages and quizzes show


@dataclass(frozen=True)
class Page:
    """A lesson as one web page (a Moodle page)."""

    lesson: ir.Lesson
    path: str
    resource_id: str
    item_id: str

    @property
    def title(self) -> str:
        return self.lesson.title


@dataclass(frozen=True)
class Test:
    """A quiz of the cartridge (a Moodle quiz): a knowledge check, or the module assessment."""

    title: str
    path: str
    resource_id: str
    item_id: str
    graded: bool
    questions: tuple[BankQuestion, ...]  # those a cartridge can carry, in reading order


Entry = Page | Test


@dataclass(frozen=True)
class ModulePlan:
    module: ir.Module
    title: str
    item_id: str
    entries: tuple[Entry, ...]  # reading order

    def pages(self) -> Iterator[Page]:
        return (entry for entry in self.entries if isinstance(entry, Page))

    def tests(self) -> Iterator[Test]:
        return (entry for entry in self.entries if isinstance(entry, Test))


@dataclass(frozen=True)
class CartridgePlan:
    name: str  # file name without .imscc
    identifier: str
    title: str
    description: str
    modules: tuple[ModulePlan, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.imscc"


def carried(questions: Iterator[BankQuestion]) -> tuple[BankQuestion, ...]:
    """The questions a cartridge can carry (all but numeric ones)."""
    return tuple(item for item in questions if item.question.type in CARRIED)


def page_path(module: ir.Module, lesson: ir.Lesson) -> str:
    return f"{module.folder}/{lesson.page}"


def page_paths(course: ir.Course) -> dict[str, str]:
    """Every lesson's page in a cartridge, by the lesson's source path."""
    return {lesson.path: page_path(module, lesson) for module, lesson in course.lessons()}


def module_plan(course: ir.Course, module: ir.Module) -> ModulePlan:
    language = course.language
    entries: list[Entry] = []
    for lesson in module.lessons:
        entries.append(
            Page(
                lesson,
                page_path(module, lesson),
                xml_id("page", module.id, lesson.id),
                xml_id("item", "page", module.id, lesson.id),
            )
        )
        entries += _knowledge_checks(language, module, lesson)
    graded = carried(BankQuestion(module, lesson, q) for lesson, q in module.graded_questions())
    if graded:
        title = f"{module_label(language, module)} ({gettext(language, 'Assessment')})"
        entries.append(
            Test(
                title,
                f"{module.folder}/quizzes/assessment.xml",
                xml_id("test", module.id),
                xml_id("item", "test", module.id),
                True,
                graded,
            )
        )
    return ModulePlan(
        module, module_label(language, module), xml_id("item", "module", module.id), tuple(entries)
    )


def _knowledge_checks(language: str, module: ir.Module, lesson: ir.Lesson) -> Iterator[Test]:
    """The lesson's knowledge checks that keep a question, named as the question banks name
    their categories."""
    checks = [quiz for quiz in lesson.quizzes() if not quiz.graded]
    label = gettext(language, "Knowledge check")
    for quiz in checks:
        questions = carried(BankQuestion(module, lesson, q) for q in quiz.questions)
        if not questions:
            continue
        title = (
            f"{lesson.title} ({label} {quiz.id})"
            if len(checks) > 1
            else f"{lesson.title} ({label})"
        )
        stem = lesson.page.removesuffix(".html")
        yield Test(
            title,
            f"{module.folder}/quizzes/{stem}-{quiz.id}.xml",
            xml_id("check", module.id, lesson.id, quiz.id),
            xml_id("item", "check", module.id, lesson.id, quiz.id),
            False,
            questions,
        )


def plans(course: ir.Course) -> list[CartridgePlan]:
    """One cartridge per module, then the whole course."""
    modules = [module_plan(course, module) for module in course.modules]
    suffix = language_suffix(course)
    found = [
        _cartridge(
            f"{course.id}-{plan.module.id}{suffix}", plan.title, plan.module.summary, (plan,)
        )
        for plan in modules
    ]
    found.append(
        _cartridge(f"{course.id}{suffix}", course.title, course.description, tuple(modules))
    )
    return found


def _cartridge(
    name: str, title: str, description: str, modules: tuple[ModulePlan, ...]
) -> CartridgePlan:
    return CartridgePlan(name, xml_id("cc", name), title, description, modules)
