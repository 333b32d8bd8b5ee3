"""Stage 3 exporter: ir.Course -> an Open edX OLX course export that Studio imports.

``build/olx/<course>.tar.gz`` holds one top folder with ``course.xml`` (a pointer to
``course/<run>.xml``), ``chapter/``, ``sequential/``, ``vertical/``, ``html/``, ``problem/``,
``openassessment/``, ``static/``, ``about/`` and ``policies/<run>/`` (reviewers read the HTML
preview; ``tar xzf`` shows the tree). Modules are chapters, lessons subsections, each lesson's
second-level sections units, text runs html components, every question a problem, every
assignment an Open Response Assessment and every checklist an html component (``ora.py``). Every XML file is
checked against ``schemas/olx/olx.rng`` before anything is written. Names (``url_name``) come from
``transforms.identifiers``, so two builds give the same names and a re-import updates in place.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar, assert_never

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    fixed_timestamp,
    staged_directory,
)
from bwise_mooc.exporters.html import QuizContext, render_block
from bwise_mooc.exporters.olx.check import check_olx
from bwise_mooc.exporters.olx.content import Links, append_fragment
from bwise_mooc.exporters.olx.numeric import check_olx_numbers
from bwise_mooc.exporters.olx.ora import checklist_html, openassessment
from bwise_mooc.exporters.olx.package import (
    ASSESSMENT_TYPE,
    about_files,
    policy_files,
    static_files,
    write_tar_gz,
    xml_bytes,
)
from bwise_mooc.exporters.olx.problems import ProblemContext, problem
from bwise_mooc.exporters.reuse import Reuse
from bwise_mooc.exporters.scratch import Member, Scratch, scratch_folder
from bwise_mooc.transforms.identifiers import course_run, language_suffix, url_name

# a run of text blocks (one html component), a quiz, or an assignment
Group = list[ir.Block] | ir.Quiz | ir.Assignment


@dataclass(frozen=True)
class Unit:
    """A vertical: the part of a lesson before its first ``##`` heading, or one ``##`` section."""

    url_name: str
    title: str
    blocks: tuple[ir.Block, ...]  # the section's content, without its ``##`` heading
    anchors: tuple[str, ...]  # every heading anchor inside the section


@dataclass
class _Section:
    """A section while a lesson is being cut into units."""

    title: str
    heading: ir.Heading | None
    blocks: list[ir.Block]
    anchors: list[str]

    def add(self, block: ir.Block) -> None:
        self.blocks.append(block)
        if isinstance(block, ir.Heading):
            self.anchors.append(block.anchor)
        elif isinstance(block, ir.Assignment):  # '#id' links to an assignment
            self.anchors.append(block.id)

    def content(self) -> tuple[ir.Block, ...]:
        if self.blocks or self.heading is None:
            return tuple(self.blocks)
        return (self.heading,)


@dataclass
class _Counter:
    """Lesson-wide numbering of html components and questions, the assessment attempts and
    whether the lesson is graded (found once: asking each question walks every block)."""

    attempts: int
    graded: bool = False
    texts: int = 0
    questions: int = 0


class Olx:
    name: ClassVar[str] = "olx"
    cost: ClassVar[int] = (
        4  # relative build time: the whole course in one tarball, problems one by one
    )
    description: ClassVar[str] = "Open edX OLX course export (.tar.gz) for Studio import"
    checks: ClassVar[tuple[CourseCheck, ...]] = (check_olx_numbers,)
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        top = f"{course.id}{language_suffix(course)}"
        archive_name = f"{top}.tar.gz"
        decided_by = [top, course.modules, fixed_timestamp()]
        with staged_directory(out_dir) as stage:
            self.options.parts.archive(
                course,
                "olx",
                decided_by,
                stage / archive_name,
                partial(self._write_archive, course, source_root, top),
            )
        return Artifact(self.name, out_dir, (out_dir / archive_name,))

    def _write_archive(
        self, course: ir.Course, source_root: Path, top: str, target: Path, reuse: Reuse | None
    ) -> None:
        """Make every file (only when the archive is not found again) and tar them, copying
        the members that did not change from the last archive (``reuse``): each module's files
        wait on disk, not in memory, so memory does not grow with the course."""
        with scratch_folder(target.parent.parent) as scratch:
            files = course_files(course, source_root, self.options, target.name, scratch)
            write_tar_gz(target, top, files, reuse)


def course_files(
    course: ir.Course,
    source_root: Path,
    options: BuildOptions | None = None,
    archive_name: str = "olx",
    scratch: Scratch | None = None,
) -> dict[str, Member]:
    """Every file of the export, by path inside the top folder, each XML file checked; static
    files may be given as the path of a file that holds them, and so are the modules' files
    when a ``scratch`` folder is given.

    A module's files depend on the module and the course outline only: with a cache, those of
    unchanged modules come from it, already checked.
    """
    chosen = options or BuildOptions()
    static = static_files(course, source_root, chosen)
    links = course_links(course, {path: name for name, path in static.paths.items()})
    course_level = {
        "course.xml": xml_bytes(_course_pointer(course)),
        f"course/{url_name(course_run(course))}.xml": xml_bytes(_outline(course)),
        **policy_files(course, static.paths),
        **about_files(course),
    }
    check_olx(course_level, archive_name)
    files: dict[str, Member] = dict(course_level)
    files.update({f"static/{name}": data for name, data in static.data.items()})
    for module in course.modules:
        make = partial(_module_files, module, links, archive_name, course.grading.attempts)
        made = chosen.parts.part(course, "olx-module", [module], make)
        files.update(made if scratch is None else scratch.keep_all(made))
    return files


def _module_files(
    module: ir.Module, links: Links, archive_name: str, attempts: int
) -> dict[str, bytes]:
    """The module's chapter and everything in it, checked against the OLX grammar."""
    files = {f"chapter/{url_name(module.id)}.xml": xml_bytes(_chapter(module))}
    for lesson in module.lessons:
        files.update(_lesson_files(module, lesson, links, attempts))
    check_olx(files, archive_name)
    return files


def units(module: ir.Module, lesson: ir.Lesson) -> tuple[Unit, ...]:
    """The lesson cut at its ``##`` headings; a section with no content keeps its heading."""
    sections: list[_Section] = []
    for block in lesson.blocks:
        if isinstance(block, ir.Heading) and block.level == 2:
            sections.append(_Section(block.text, block, [], [block.anchor]))
            continue
        if not sections:
            sections.append(_Section(lesson.title, None, [], []))
        sections[-1].add(block)
    if not sections:
        sections.append(_Section(lesson.title, None, [_stand_in(lesson)], []))
    return tuple(
        Unit(
            url_name=url_name(module.id, lesson.id, "unit", str(number)),
            title=section.title,
            blocks=section.content(),
            anchors=tuple(section.anchors),
        )
        for number, section in enumerate(sections, start=1)
    )


def _stand_in(lesson: ir.Lesson) -> ir.Paragraph:
    """The content of a lesson without any: its summary (or title), as a unit cannot be empty."""
    paragraph = etree.Element("p")
    paragraph.text = lesson.summary or lesson.title
    return ir.Paragraph(html=etree.tostring(paragraph, encoding="unicode"), source=lesson.source)


def course_links(course: ir.Course, static: Mapping[str, str]) -> Links:
    """Where lesson links and media go: subsections, units holding anchors, static files
    (``static``: each file's name in static/ by its place in a package)."""
    lessons: dict[str, str] = {}
    anchors: dict[tuple[str, str], str] = {}
    for module, lesson in course.lessons():
        lessons[lesson.path] = url_name(module.id, lesson.id)
        for unit in units(module, lesson):
            anchors.update({(lesson.path, anchor): unit.url_name for anchor in unit.anchors})
    files = {path: static[place] for path, place in course.media.items()}
    return Links(static=files, lessons=lessons, anchors=anchors, language=course.language)


def _course_pointer(course: ir.Course) -> etree._Element:
    root = etree.Element("course")
    root.set("url_name", url_name(course_run(course)))
    root.set("org", course.organisation)
    root.set("course", course.id)
    return root


def _outline(course: ir.Course) -> etree._Element:
    root = etree.Element("course")
    root.set("display_name", course.title)
    for module in course.modules:
        etree.SubElement(root, "chapter").set("url_name", url_name(module.id))
    return root


def _chapter(module: ir.Module) -> etree._Element:
    root = etree.Element("chapter")
    root.set("display_name", module.title)
    for lesson in module.lessons:
        etree.SubElement(root, "sequential").set("url_name", url_name(module.id, lesson.id))
    return root


def _sequential(lesson: ir.Lesson, lesson_units: tuple[Unit, ...]) -> etree._Element:
    root = etree.Element("sequential")
    root.set("display_name", lesson.title)
    if _graded(lesson):
        root.set("graded", "true")
        root.set("format", ASSESSMENT_TYPE)
    for unit in lesson_units:
        etree.SubElement(root, "vertical").set("url_name", unit.url_name)
    return root


def _lesson_files(
    module: ir.Module, lesson: ir.Lesson, links: Links, attempts: int
) -> dict[str, bytes]:
    lesson_units = units(module, lesson)
    files = {
        f"sequential/{url_name(module.id, lesson.id)}.xml": xml_bytes(
            _sequential(lesson, lesson_units)
        )
    }
    counter = _Counter(attempts, graded=_graded(lesson))
    for unit in lesson_units:
        vertical = etree.Element("vertical")
        vertical.set("display_name", unit.title)
        for group in _groups(unit.blocks):
            files.update(_component(vertical, group, module, lesson, unit, links, counter))
        files[f"vertical/{unit.url_name}.xml"] = xml_bytes(vertical)
    return files


def _groups(blocks: tuple[ir.Block, ...]) -> Iterator[Group]:
    """Consecutive text blocks together (one html component); each quiz and each assignment
    on its own."""
    text: list[ir.Block] = []
    for block in blocks:
        match block:
            case ir.Quiz() | ir.Assignment():
                if text:
                    yield text
                    text = []
                yield block
            case (
                ir.Heading()
                | ir.Paragraph()
                | ir.Image()
                | ir.Media()
                | ir.ListBlock()
                | ir.Table()
                | ir.CodeBlock()
                | ir.Quote()
                | ir.Rule()
                | ir.RawHtml()
            ):
                text.append(block)
            case _:
                assert_never(block)
    if text:
        yield text


def _component(
    vertical: etree._Element,
    group: Group,
    module: ir.Module,
    lesson: ir.Lesson,
    unit: Unit,
    links: Links,
    counter: _Counter,
) -> dict[str, bytes]:
    """Add one group to the unit; return the component files it needs."""
    if isinstance(group, ir.Quiz):
        return _problems(vertical, group, module, lesson, links, counter)
    if isinstance(group, ir.Assignment) and group.graded:
        name = url_name(module.id, lesson.id, group.id)
        etree.SubElement(vertical, "openassessment").set("url_name", name)
        ora = openassessment(group, module, lesson, links)
        return {f"openassessment/{name}.xml": xml_bytes(ora)}
    counter.texts += 1
    name = url_name(module.id, lesson.id, "text", str(counter.texts))
    etree.SubElement(vertical, "html").set("url_name", name)
    pointer = etree.Element("html")
    pointer.set("filename", name)
    pointer.set("display_name", unit.title)
    if isinstance(group, ir.Assignment):  # a checklist: a table, no grade
        text = checklist_html(group, module, lesson, links)
    else:
        text = _html_text(group, lesson, links)
    return {f"html/{name}.xml": xml_bytes(pointer), f"html/{name}.html": text.encode("utf-8")}


def _problems(
    vertical: etree._Element,
    quiz: ir.Quiz,
    module: ir.Module,
    lesson: ir.Lesson,
    links: Links,
    counter: _Counter,
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for question in quiz.questions:
        counter.questions += 1
        name = url_name(module.id, lesson.id, question.id)
        etree.SubElement(vertical, "problem").set("url_name", name)
        context = ProblemContext(
            lesson.path,
            links,
            counter.questions,
            quiz.graded,
            counter.graded,
            links.language,
            counter.attempts,
        )
        files[f"problem/{name}.xml"] = xml_bytes(problem(question, context))
    return files


def _html_text(blocks: list[ir.Block], lesson: ir.Lesson, links: Links) -> str:
    """The content of an ``html/*.html`` file: the blocks' fragments, links rewritten."""
    container = etree.Element("div")
    players: list[str] = []  # markup of the media blocks, put in place of their stand-ins
    for block in blocks:
        assert not isinstance(block, ir.Quiz | ir.Assignment)  # components of their own
        if isinstance(block, ir.Media):  # the player, as the preview's (files in /static/)
            etree.SubElement(container, MEDIA_STAND_IN).set("n", str(len(players)))
            players.append(_media_markup(block, lesson, links))
        else:
            append_fragment(container, block.html, lesson.path, links)
        last = next(container.iterchildren(reversed=True), None)  # len() would count them all
        if last is not None:
            last.tail = "\n"
    parts = [container.text or ""]
    parts += [etree.tostring(node, method="html", encoding="unicode") for node in container]
    text = "".join(parts)
    for number, markup in enumerate(players):
        text = text.replace(f'<{MEDIA_STAND_IN} n="{number}"></{MEDIA_STAND_IN}>', markup, 1)
    return text


MEDIA_STAND_IN = "bwise-media"  # where a player goes in an html component, until written


def _media_markup(block: ir.Media, lesson: ir.Lesson, links: Links) -> str:
    """A video or sound with its captions and transcript in an html component: the markup of
    every other page (``html.render_block``), its files in ``static/``. Open edX's own video
    component would take captions only as SRT, one language each, and no poster; an html
    component plays the course's WebVTT tracks in the browser's own player. The markup is
    written as it is (lxml's HTML parser does not know ``<source>`` and ``<track>`` are
    empty elements)."""
    context = QuizContext(outcomes={}, language=links.language, lesson=lesson.path, links=links)
    return str(render_block(block, context)).strip()


def _graded(lesson: ir.Lesson) -> bool:
    return any(quiz.graded for quiz in lesson.quizzes())
