"""Stage 3 exporter: ir.Course -> static HTML preview for reviewers.

The preview opens from ``file://`` with no network: one CSS and one JS file under ``assets/``,
answer keys embedded in each page, images made by the image pipeline in one flat folder. The
layout mirrors the sources (``html.PageLinks`` resolves the lessons' links and images for it)::

    index.html                          course home
    about.html                          about this course: authors, statement, funder, credentials, help
    glossary.html                       the glossary's words in alphabetical order (if it has any)
    01-phone-basics/index.html          module page
    01-phone-basics/02-calls.html       lesson page (modules/01-phone-basics/02-calls.md)
    01-phone-basics/files/form.pdf      other linked files: modules/01-phone-basics/files/form.pdf
    media/3f0c...e1.jpg                 every image, optimised, named by content hash
    assets/preview.css, assets/quiz.js, assets/preview.js, assets/terms.js, assets/read-aloud.js
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    asset_source,
    course_media,
    link_or_copy,
    staged_directory,
    write_bytes,
    write_text,
)
from bwise_mooc.exporters.branding import brand_view
from bwise_mooc.exporters.credential_facts import credential_facts
from bwise_mooc.exporters.html import (
    PageLinks,
    QuizContext,
    environment,
    module_label,
    render_lesson,
)
from bwise_mooc.exporters.terms import LessonTerms, glossary_for, glossary_order
from bwise_mooc.i18n import gettext, native_name, text_direction

STATIC_FILES = ("preview.css", "quiz.js", "preview.js", "terms.js", "read-aloud.js")


@dataclass(frozen=True)
class _PageLink:
    title: str
    href: str  # relative to the site root


@dataclass(frozen=True)
class _Anchor:
    anchor: str
    text: str


class HtmlPreview:
    name: ClassVar[str] = "html"
    cost: ClassVar[int] = 1  # relative build time: pages only
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = ()
    description: ClassVar[str] = "static HTML preview for reviewers (works offline from file://)"

    def __init__(self, options: BuildOptions) -> None:
        self.options = options  # the preview has no build options of its own

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        with staged_directory(out_dir) as stage:
            for page, text in _course_pages(course):
                write_text(stage / page, text)
            for module, pages in _module_parts(course):
                self.options.parts.pages(course, "preview-module", [module], stage, pages)
            for target, asset in course_media(course).items():
                source = asset_source(asset, course, source_root, self.options)
                if isinstance(source, Path):
                    link_or_copy(source, stage / target)  # the optimised image in the cache
                else:
                    write_bytes(stage / target, source)
            static = resources.files("bwise_mooc.exporters").joinpath("static")
            for name in STATIC_FILES:
                write_text(stage / "assets" / name, static.joinpath(name).read_text("utf-8"))
        return Artifact(self.name, out_dir, (out_dir / "index.html",))


def render_site(course: ir.Course) -> Iterator[tuple[str, str]]:
    """Every page of the preview as (path relative to the site root, HTML text), in order."""
    yield from _course_pages(course)
    for _, pages in _module_parts(course):
        yield from pages()


def _course_pages(course: ir.Course) -> Iterator[tuple[str, str]]:
    """The pages of the course as a whole: home, about and glossary."""
    yield "index.html", _home_page(course)
    yield "about.html", _about_page(course)
    if course.glossary:
        yield "glossary.html", _glossary_page(course)


def _module_parts(
    course: ir.Course,
) -> Iterator[tuple[ir.Module, Callable[[], list[tuple[str, str]]]]]:
    """Each module with what makes its pages: one part, so that with a build cache the pages
    of a module that did not change are placed again, not written (``PartStore.pages``)."""
    sequence = [
        _PageLink(lesson.title, f"{module.folder}/{lesson.page}")
        for module, lesson in course.lessons()
    ]
    start = 0
    for module in course.modules:
        yield module, partial(_module_pages, course, module, sequence, start)
        start += len(module.lessons)


def _module_pages(
    course: ir.Course, module: ir.Module, sequence: list[_PageLink], start: int
) -> list[tuple[str, str]]:
    """The module's page and its lessons' pages; ``start`` is its first lesson's place."""
    pages = [(f"{module.folder}/index.html", _module_page(course, module))]
    for position, lesson in enumerate(module.lessons, start):
        previous = sequence[position - 1] if position > 0 else None
        following = sequence[position + 1] if position + 1 < len(sequence) else None
        text = _lesson_page(course, module, lesson, previous, following)
        pages.append((f"{module.folder}/{lesson.page}", text))
    return pages


def _render(template: str, course: ir.Course, **context: Any) -> str:
    root = context["root"]
    brand = brand_view(course, lambda place: f"{root}{place}")
    context.setdefault("easy_to_read", False)
    context["editions"] = editions(course, root, context.pop("page"), context.get("module"))
    return (
        environment(course.language)
        .get_template(template)
        .render(
            course=course,
            brand=brand,
            help_href=help_href(course, root),
            about_href=f"{root}about.html",
            glossary_href=f"{root}glossary.html" if course.glossary else None,
            **context,
        )
    )


@dataclass(frozen=True)
class Edition:
    """One language's edition of the preview, as the language switcher links to it."""

    language: str
    name: str  # in its own language
    direction: str
    href: str
    current: bool


def editions(course: ir.Course, root: str, page: str, module: ir.Module | None) -> list[Edition]:
    """The language switcher of the page ``page`` (from the site root), which is ``root``
    below it: the same page in every language's preview (``build/html``, ``build/<lang>/html``)
    when the module's track is offered there, else that preview's home page. Empty for a
    course in one language."""
    if len(course.languages) < 2:
        return []
    source = course.languages[0]
    up = root + ("../" if course.language == source else "../../")
    offered = {track.id: track.languages for track in course.tracks}
    found = []
    for language in course.languages:
        site = "html/" if language == source else f"{language}/html/"
        languages = offered.get(module.track, ()) if module and not module.shared else ()
        there = not languages or language in languages
        current = language == course.language
        href = f"{root}{page}" if current else f"{up}{site}{page if there else 'index.html'}"
        found.append(
            Edition(language, native_name(language), text_direction(language), href, current)
        )
    return found


def help_href(course: ir.Course, root: str) -> str | None:
    """Where the header's help link goes, from a page ``root`` below the site root: the help
    lesson (``help.lesson`` in course.yml), else the about page's help section; None when the
    course names no help."""
    found = course.help_page()
    if found is not None:
        module, lesson = found
        return f"{root}{module.folder}/{lesson.page}"
    return f"{root}about.html#help" if course.help else None


def _home_page(course: ir.Course) -> str:
    tracks = [
        {
            "track": track,
            "modules": [
                {"module": module, "href": f"{module.folder}/index.html"}
                for module in course.track_modules(track.id)
            ],
            "credential": credential_facts(course, track),
        }
        for track in course.tracks
    ]
    first = next(course.lessons(), None)
    return _render(
        "home.html.j2",
        course,
        root="",
        page="index.html",
        page_kind="home",
        breadcrumb=[],
        tracks=tracks,
        image=course.media[course.image.path] if course.image else None,
        first_lesson=f"{first[0].folder}/{first[1].page}" if first else None,
    )


def _about_page(course: ir.Course) -> str:
    """Who made the course, its independence statement, funder, credentials and help."""
    return _render(
        "about.html.j2",
        course,
        root="",
        page="about.html",
        page_kind="about",
        breadcrumb=[
            (gettext(course.language, "Course home"), "index.html"),
            (gettext(course.language, "About this course"), None),
        ],
        credentials=[
            (track, facts)
            for track in course.tracks
            if (facts := credential_facts(course, track)) is not None
        ],
    )


def _glossary_page(course: ir.Course) -> str:
    """The glossary's words in the alphabetical order of the course's language."""
    titles = {track.id: track.title for track in course.tracks}
    return _render(
        "glossary.html.j2",
        course,
        root="",
        page_kind="glossary",
        page="glossary.html",
        breadcrumb=[
            (gettext(course.language, "Course home"), "index.html"),
            (gettext(course.language, "Glossary"), None),
        ],
        entries=[
            # the tracks a word is for, when the edition has more than one
            (entry, ", ".join(titles.get(t, t) for t in entry.tracks) if len(titles) > 1 else "")
            for entry in glossary_order(course.glossary)
        ],
    )


def _module_page(course: ir.Course, module: ir.Module) -> str:
    graded_count = sum(1 for _ in module.graded_questions())
    lessons = [
        {
            "lesson": lesson,
            "href": lesson.page,
            "graded": any(quiz.graded for quiz in lesson.quizzes()),
        }
        for lesson in module.lessons
    ]
    track_titles = {track.id: track.title for track in course.tracks}
    return _render(
        "module.html.j2",
        course,
        module=module,
        root="../",
        page=f"{module.folder}/index.html",
        page_kind="module",
        easy_to_read=any(t.easy_to_read for t in course.tracks if t.id == module.track),
        breadcrumb=[
            (gettext(course.language, "Course home"), "../index.html"),
            (module_label(course.language, module), None),
        ],
        track_title=(
            gettext(course.language, "Every track")
            if module.shared
            else track_titles.get(module.track, module.track)
        ),
        lessons=lessons,
        graded_count=graded_count,
        pass_count=-(-module.passing_score * graded_count // 100),
    )


def _lesson_page(
    course: ir.Course,
    module: ir.Module,
    lesson: ir.Lesson,
    previous: _PageLink | None,
    following: _PageLink | None,
) -> str:
    context = QuizContext(
        outcomes={outcome.id: outcome for outcome in module.outcomes},
        lesson_outcomes=lesson.outcomes,
        passing_score=module.passing_score,
        language=course.language,
        lesson=lesson.path,
        links=PageLinks(course.media),
        inline_captions=True,  # reviewers open the preview from disk: see QuizContext
        terms=LessonTerms(
            glossary_for(course, module),
            glossary_page="../glossary.html",
            more=gettext(course.language, "Glossary"),
        ),
    )
    return _render(
        "lesson.html.j2",
        course,
        module=module,
        lesson=lesson,
        root="../",
        page=f"{module.folder}/{lesson.page}",
        page_kind="lesson",
        easy_to_read=lesson.easy_to_read,
        breadcrumb=[
            (gettext(course.language, "Course home"), "../index.html"),
            (module_label(course.language, module), "index.html"),
            (lesson.title, None),
        ],
        body=render_lesson(lesson, context),
        headings=_anchors(lesson, course.language),
        previous=_relative(previous),
        next=_relative(following),
    )


def _anchors(lesson: ir.Lesson, language: str) -> list[_Anchor]:
    """The lesson's sections for the module contents: level-2 headings and quizzes."""
    anchors = []
    for block in lesson.blocks:
        if isinstance(block, ir.Heading) and block.level == 2:
            anchors.append(_Anchor(block.anchor, block.text))
        elif isinstance(block, ir.Quiz):
            label = (
                gettext(language, "Module assessment")
                if block.graded
                else gettext(language, "Knowledge check")
            )
            anchors.append(_Anchor(block.id, label))
    return anchors


def _relative(link: _PageLink | None) -> _PageLink | None:
    """A site-root link as seen from a lesson page one folder down."""
    return None if link is None else _PageLink(link.title, f"../{link.href}")
