"""PDF handouts: the real course's handouts in EN, DE and AR (tagged, with language, title,
alt text and text in reading order; worksheets; answers on a page of their own; the
Easy-to-Read print layout; right-to-left Arabic), reproducible bytes, Typst reading only
the course's own pictures and printing an author's text as written, and a plain message when
Typst cannot load.

The real course's handouts are made once per session (three languages in parallel) and shared.
"""

import io
import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html
from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject

from bwise_mooc import ir, pipeline
from bwise_mooc.cli import main
from bwise_mooc.exporters import EXPORTERS, BuildOptions
from bwise_mooc.exporters.pdf import Pdf
from bwise_mooc.exporters.pdf.handout import handout_document
from bwise_mooc.exporters.pdf.plan import HandoutPlan, plans
from bwise_mooc.exporters.pdf.render import page_number_words, render_pdf
from bwise_mooc.exporters.pdf.typst_source import language_arguments
from bwise_mooc.i18n import gettext, text_direction
from bwise_mooc.ir.quiz import ARABIC_MARKS
from tests.conftest import ROOT, MakeCourse

WORKERS_MODULES = ("00-start", "01-", "02-", "03-", "04-")


@dataclass(frozen=True)
class Handout:
    course: ir.Course
    plan: HandoutPlan
    path: Path

    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    def pages(self) -> list[str]:
        """The text of each page, whitespace collapsed."""
        return list(page_texts(self.path, text_direction(self.course.language) == "rtl"))

    def document(self) -> html.HtmlElement:
        return html.fromstring(handout_document(self.course, self.plan))


@cache
def page_texts(path: Path, rtl: bool) -> tuple[str, ...]:
    """The text of each page of the PDF at ``path``, extracted once per session (slow)."""
    pages = PdfReader(path).pages
    if rtl:
        return tuple(flat(reading_order_text(page)) for page in pages)
    return tuple(flat(page.extract_text()) for page in pages)


ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LEFT_TO_RIGHT = re.compile("[A-Za-z0-9\u00c0-\u024f]")


def reading_order_text(page: PageObject) -> str:
    """The text of a right-to-left page in reading order, as a reader's copy or a screen
    reader gets it. Typst writes a line as most PDF writers do: its words from left to right
    where they are drawn, each word of Arabic letters marked /ReversedChars; pypdf gives them
    in that order. So the runs of each line are put back in reading order (the Unicode
    bidirectional algorithm's reordering, which undoes itself): right to left, a stretch of
    Latin words or numbers left to right inside it."""
    runs: list[tuple[float, float, float, str]] = []  # baseline, x, font size, text

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text and text != "\n":  # "\n": pypdf's own mark of a new text object
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((y, x, size * abs(tm[3] or 1), text))

    page.extract_text(visitor_text=visit)
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for y, x, size, text in sorted(runs, key=lambda run: -run[0]):
        if lines and lines[-1][0] - y < 0.4 * size:  # a mark sits a little above its line
            lines[-1][1].append((x, text))
        else:
            lines.append((y, [(x, text)]))
    return "\n".join(logical_order(without_lone_marks(sorted(line))) for _, line in lines)


def without_lone_marks(line: list[tuple[float, str]]) -> list[str]:
    """The texts of a line's runs from left to right, but a vowel mark that Typst draws as a
    glyph of its own at its letter's place, whose text repeats the letter (``flat`` drops
    vowel marks anyway)."""
    at: dict[int, int] = {}
    for x, _ in line:
        at[round(x)] = at.get(round(x), 0) + 1
    return [
        text
        for x, text in line
        if not (ARABIC_MARKS.search(text) and len(text) <= 3 and at[round(x)] > 1)
    ]


def logical_order(texts: list[str]) -> str:
    """Runs of a right-to-left line, from left to right as drawn, in reading order."""
    if not any(ARABIC.search(text) for text in texts):
        return "".join(texts)
    kinds = [1 if ARABIC.search(t) else 2 if LEFT_TO_RIGHT.search(t) else 0 for t in texts]
    levels = []
    for n, kind in enumerate(kinds):  # a space or a sign between two Latin runs is Latin
        before = next((k for k in reversed(kinds[:n]) if k), 1)
        after = next((k for k in kinds[n + 1 :] if k), 1)
        levels.append(kind or (2 if before == after == 2 else 1))
    runs = list(texts)
    start = 0
    while start < len(runs):  # Latin stretches back to left to right...
        end = start
        while end < len(runs) and levels[end] == 2:
            end += 1
        runs[start:end] = runs[start:end][::-1]
        start = max(end, start + 1)
    return "".join(reversed(runs))  # ...then the whole line right to left


def flat(text: str) -> str:
    """``text`` with its spacing collapsed and Arabic vowel marks dropped (text extraction
    may place a mark on either side of its letter), a line broken after a hyphen joined."""
    return re.sub(r"-\s+", "-", " ".join(ARABIC_MARKS.sub("", text).split()))


def write_handouts(course: ir.Course, out: Path) -> list[Path]:
    folder = out / pipeline.output_dir(course, "pdf")
    return list(Pdf(BuildOptions()).write(course, ROOT, folder).files)


@pytest.fixture(scope="session")
def handouts(courses: list[ir.Course], tmp_path_factory: pytest.TempPathFactory) -> list[Handout]:
    out = tmp_path_factory.mktemp("pdf")
    with ProcessPoolExecutor(len(courses), mp_context=multiprocessing.get_context("fork")) as pool:
        written = list(pool.map(write_handouts, courses, [out] * len(courses)))
    found = []
    for course, paths in zip(courses, written, strict=True):
        for plan, path in zip(plans(course), paths, strict=True):
            found.append(Handout(course, plan, path))
    return found


def one(handouts: list[Handout], language: str, folder: str) -> Handout:
    return next(
        h
        for h in handouts
        if h.course.language == language and h.plan.module.folder.startswith(folder)
    )


def test_registered() -> None:
    assert EXPORTERS["pdf"] is Pdf


def test_one_handout_per_module_and_language(handouts: list[Handout]) -> None:
    folders = sorted(p.name for p in (ROOT / "modules").iterdir() if p.is_dir())
    workers = [f for f in folders if f.startswith(WORKERS_MODULES)]
    expected = [f"pdf/bwise-digital-skills-{f}.pdf" for f in folders]
    expected += [f"de/pdf/bwise-digital-skills-{f}-de.pdf" for f in folders]
    expected += [f"ar/pdf/bwise-digital-skills-{f}-ar.pdf" for f in workers]
    out = handouts[0].path.parents[1]  # the source language's are in OUT/pdf/
    found = [handout.path.relative_to(out).as_posix() for handout in handouts]
    assert sorted(found) == sorted(expected)


def test_tagged_with_language_and_title(handouts: list[Handout]) -> None:
    for handout in handouts:
        reader = handout.reader()
        catalog = catalog_of(reader)
        assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True), handout.path.name
        assert "/StructTreeRoot" in catalog
        assert catalog["/Lang"] == handout.course.language
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
        assert reader.metadata is not None
        assert reader.metadata.title == handout.plan.title
        assert handout.plan.label in handout.plan.title


def catalog_of(reader: PdfReader) -> Any:
    """The document catalog (a dictionary; pypdf types it as any PDF object)."""
    return reader.trailer["/Root"].get_object()


def structure_elements(node: Any) -> Iterator[DictionaryObject]:
    """Every structure element below ``node`` (a dictionary or an array of kids)."""
    if isinstance(node, IndirectObject):
        node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            yield from structure_elements(kid)
    elif isinstance(node, DictionaryObject) and node.get("/Type") in (None, "/StructElem"):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from structure_elements(node["/K"])


def test_every_figure_has_alt_text(handouts: list[Handout]) -> None:
    figures_seen = 0
    for handout in handouts:
        root = catalog_of(handout.reader())["/StructTreeRoot"]
        figures = [e for e in structure_elements(root["/K"]) if str(e["/S"]) == "/Figure"]
        pictures = len(handout.document().xpath("//img"))
        assert len(figures) >= pictures, handout.path.name
        for figure in figures:
            assert str(figure.get("/Alt", "")).strip(), handout.path.name
        figures_seen += len(figures)
    assert figures_seen > 50  # the course has pictures: the check above checked some


def test_text_in_reading_order_with_answers_last(handouts: list[Handout]) -> None:
    for handout in handouts:
        text = " ".join(handout.pages())
        place = text.find(handout.plan.label)
        for lesson in handout.plan.module.lessons:  # each title after the one before
            place = text.find(flat(lesson.title), place + 1)
            assert place > 0, (handout.path.name, lesson.title)
        prompts = [
            q.prompt_text
            for lesson in handout.plan.module.lessons
            for quiz in lesson.quizzes()
            for q in quiz.questions
        ]
        if not prompts:
            continue
        answers = text.find(flat(gettext(handout.course.language, "Answers for the supporter")))
        assert answers > place, handout.path.name  # after the last lesson's title
        for word in plain_words(prompts[-1]):
            assert text.rfind(word, 0, answers) >= 0, (handout.path.name, word)


def plain_words(text: str) -> list[str]:
    """Words of ``text`` that extract as written: no vowel marks (a mark and the letter after
    it may come out of the PDF as another letter), no punctuation."""
    words = [w.strip(".,:;?!\"'()«»،؟") for w in text.split() if not ARABIC_MARKS.search(w)]
    return [w for w in words if len(w) > 3][:3]


def test_arabic_text_is_extractable(handouts: list[Handout]) -> None:
    handout = one(handouts, "ar", "01-")
    text = " ".join(handout.pages())
    assert re.search("[\u0600-\u06ff]{3,}", text)
    for word in ("هاتفك", "الشاشة", "اضغط"):
        assert word in text
    assert handout.document().get("dir") == "rtl"


def test_answers_start_on_a_page_without_questions(handouts: list[Handout]) -> None:
    checked = 0
    for handout in handouts:
        prompts = [
            flat(q.prompt_text)
            for lesson in handout.plan.module.lessons
            for quiz in lesson.quizzes()
            for q in quiz.questions
        ]
        if not prompts:
            continue
        heading = flat(gettext(handout.course.language, "Answers for the supporter"))
        pages = handout.pages()
        (first,) = [n for n, page in enumerate(pages) if heading in page]
        assert not [p for p in prompts if p[:40] in pages[first]], handout.path.name
        assert heading not in pages[first - 1]
        checked += 1
    assert checked >= 20


def font_sizes(handout: Handout, page: int) -> dict[float, int]:
    """Characters by effective font size on one page."""
    sizes: dict[float, int] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            effective = round(size * (tm[3] or 1) * (cm[3] or 1), 1)
            sizes[effective] = sizes.get(effective, 0) + len(text.strip())

    handout.reader().pages[page].extract_text(visitor_text=visit)
    return sizes


def body_size(handout: Handout) -> float:
    """The size of most characters on the first lesson's first page."""
    title = flat(handout.plan.module.lessons[0].title)
    page = next(n for n, text in enumerate(handout.pages()) if n and title in text)
    sizes = font_sizes(handout, page)
    return max(sizes, key=lambda size: sizes[size])


def test_easy_to_read_handouts_print_large_type(handouts: list[Handout]) -> None:
    for language in ("en", "de", "ar"):
        for folder in WORKERS_MODULES:
            handout = one(handouts, language, folder)
            assert handout.plan.easy_to_read, handout.path.name
            assert body_size(handout) >= 16, handout.path.name
            assert "layout-easy-to-read" in handout.document().get("class", "")
    for folder in ("05-", "09-"):
        handout = one(handouts, "en", folder)
        assert not handout.plan.easy_to_read
        assert 11 <= body_size(handout) <= 12, handout.path.name


def test_pictures_beside_steps_in_easy_to_read(handouts: list[Handout]) -> None:
    """Steps and their picture stay together: a picture beside its steps, a strip of steps
    in order ({.sequence}) under them at full width."""
    handout = one(handouts, "en", "01-")
    document = handout.document()
    pairs = document.xpath("//div[@class='steps-with-picture']")
    strips = document.xpath("//div[@class='steps-with-sequence']")
    assert len(pairs) >= 1 and len(strips) >= 2
    for pair in pairs + strips:
        assert pair.xpath("./div[@class='steps-text']/*[self::ol or self::ul]")
        assert pair.xpath("./div[@class='steps-picture']//img[@alt]")
    sequences = {
        handout.course.media[asset.path]
        for lesson in handout.plan.module.lessons
        for asset in lesson.assets
        if asset.sequence
    }
    assert {str(strip.xpath("string(.//img/@src)")) for strip in strips} <= sequences
    assert not {str(pair.xpath("string(.//img/@src)")) for pair in pairs} & sequences
    for kind in ("steps-with-picture", "steps-with-sequence"):
        assert not one(handouts, "en", "05-").document().xpath(f"//div[@class='{kind}']")


def test_worksheets_offer_boxes_and_lines(handouts: list[Handout]) -> None:
    for handout in (one(handouts, "en", "01-"), one(handouts, "de", "05-")):
        document = handout.document()
        for question in document.xpath("//li[contains(@class, 'question')]"):
            boxes = question.xpath(".//span[@class='tick-box']")
            lines = question.xpath(".//div[@class='writing-line']")
            assert boxes or lines, handout.path.name
            for choices in question.xpath(".//ul[contains(@class, 'choices')]"):
                assert len(choices.xpath("./li/span[@class='tick-box']")) == len(choices)
    staff = one(handouts, "en", "05-").document()
    assert staff.xpath("//div[@class='write-in']/div[@class='writing-line']")  # short text
    assignment = staff.xpath("//section[contains(@class, 'assignment--assignment')]")
    assert assignment and assignment[0].xpath(".//table[@class='rubric']")
    assert len(assignment[0].xpath(".//div[@class='writing-line']")) >= 4
    style = (ROOT / "bwise_mooc/exporters/pdf/handout.typ").read_text("utf-8")
    assert re.search(r"#let tick-box\(\) = pdf\.artifact\(box\(", style)  # drawn, no glyph


def test_page_numbers_and_running_header_are_translated() -> None:
    assert page_number_words("de") == ("Seite ", " von ", "")
    assert page_number_words("en") == ("Page ", " of ", "")


def test_page_footer_reads_page_n_of_total(handouts: list[Handout]) -> None:
    handout = one(handouts, "de", "05-")
    pages = handout.pages()
    assert f"Seite 2 von {len(pages)}" in pages[1]
    assert handout.course.title in pages[1]  # running header


def test_same_sources_give_the_same_bytes(
    handouts: list[Handout], courses: list[ir.Course], tmp_path: Path
) -> None:
    arabic = next(course for course in courses if course.language == "ar")
    again = Pdf(BuildOptions()).write(arabic, ROOT, tmp_path / "again")
    first = [h.path.read_bytes() for h in handouts if h.course.language == "ar"]
    assert [path.read_bytes() for path in again.files] == first


def test_a_build_lays_out_each_handout_as_a_task_of_its_own(
    handouts: list[Handout], courses: list[ir.Course], tmp_path: Path
) -> None:
    arabic = next(course for course in courses if course.language == "ar")
    tasks = pipeline.tasks_of(arabic, "pdf", ROOT, tmp_path / "x", BuildOptions())
    assert [task.piece for task in tasks] == [plan.file_name for plan in plans(arabic)]
    [artifact] = pipeline.export([arabic], ROOT, tmp_path / "build", ["pdf"], BuildOptions(), 2)
    first = {h.path.name: h.path.read_bytes() for h in handouts if h.course.language == "ar"}
    assert [path.name for path in artifact.files] == list(first)  # in the course's order
    assert {path.name: path.read_bytes() for path in artifact.files} == first
    assert artifact.root == tmp_path / "build" / "ar" / "pdf"


SVG = b"<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'/>"


def test_a_handout_reads_only_the_pictures_of_the_course(tmp_path: Path) -> None:
    """Typst reads only the folder render.py makes: the source and the course pictures the
    handout shows. A picture from anywhere else (the web, the machine's files, a place the
    course does not have) is printed as its alt text, and nothing else is asked for."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the handout")
    asked: list[str] = []

    def served(place: str) -> Callable[[], bytes]:
        def make() -> bytes:
            asked.append(place)
            return SVG

        return make

    files = {place: served(place) for place in ("media/a.svg", "media/unused.svg")}
    document = html_document(
        "<p>Hello</p>"
        "<img src='https://example.org/x.png' alt='from the web'>"
        f"<img src='file://{secret}' alt='a file URL'>"
        f"<img src='{secret}' alt='a path'>"
        "<img src='../media/a.svg' alt='climbing out'>"
        "<img src='media/b.svg' alt='not in the course'>"
        "<figure class='figure'><img src='media/a.svg' alt='the course picture'></figure>"
    )
    reader = PdfReader(io.BytesIO(render_pdf(document, files, 0)))
    assert asked == ["media/a.svg"]
    figures = list(figures_of(reader))
    assert [str(f["/Alt"]) for f in figures] == ["the course picture"]
    text = flat(reader.pages[0].extract_text())
    for alt in ("from the web", "a file URL", "a path", "climbing out", "not in the course"):
        assert alt in text


def html_document(body: str, language: str = "en") -> bytes:
    return (
        f"<!DOCTYPE html><html lang='{language}' class='layout-standard'><head>"
        f"<title>A title</title></head><body>{body}</body></html>"
    ).encode()


def figures_of(reader: PdfReader) -> Iterator[DictionaryObject]:
    root = catalog_of(reader)["/StructTreeRoot"]
    return (e for e in structure_elements(root["/K"]) if str(e["/S"]) == "/Figure")


AUTHOR_TEXT = st.text(
    alphabet=st.characters(
        codec="latin-1", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\xa0\xad"
    ),
    min_size=1,
    max_size=30,
).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(words=AUTHOR_TEXT)
def test_author_text_is_printed_as_written_never_read_as_typst(words: str) -> None:
    """Typst markup and code in a lesson (#read("/etc/passwd"), ], \\, <label>, $x$...) is
    text: the page shows it as written."""
    document = html_document(f"<p>{escape(words)}</p>")
    page = PdfReader(io.BytesIO(render_pdf(document, {}, 0))).pages[0]
    spaced = " ".join(page.extract_text().split())  # not flat(): "-" then the footer stays
    assert spaced == f"{' '.join(words.split())} Page 1 of 1"  # the text, then the footer


@pytest.mark.parametrize(
    "words",
    ['#read("/etc/passwd")', "]) #{panic()}", "<l1-top> @l1-top $x^2$ // not a comment",
     "*not bold* _nor emphasis_ `nor code`", '\\" \\u{41} \\\\'],
)  # fmt: skip
def test_typst_syntax_in_a_lesson_is_text(words: str) -> None:
    document = html_document(f"<h2>{escape(words)}</h2><p><strong>{escape(words)}</strong></p>")
    page = PdfReader(io.BytesIO(render_pdf(document, {}, 0))).pages[0]
    assert flat(page.extract_text()).count(flat(words)) == 2


def test_missing_typst_is_one_plain_line(
    make_course: MakeCourse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_course(lesson="Fine.\n")
    reason = "format pdf needs the Python package typst (pip install typst), which did not load: x"
    monkeypatch.setattr(Pdf, "unavailable", staticmethod(lambda: reason))
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--format", "pdf", "--quiet"]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"Error: {reason}"]
    assert "Traceback" not in result.output
    result = runner.invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--format", "all", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert f"warning: skipping {reason}" in result.output
    assert not (out / "pdf").exists() and (out / "html").is_dir()


def test_a_process_forked_after_a_layout_still_lays_out_handouts(tmp_path: Path) -> None:
    """Typst's threads do not survive a fork: a worker forked from a process that had run Typst
    would wait for ever in its first layout. No process of the build runs it (typst_run.py), so
    a worker forked after a layout lays out too, and gets the same bytes."""
    document = html_document("<h2>Forked</h2><p>After a layout in the parent.</p>")
    here = render_pdf(document, {}, 0)
    there = tmp_path / "forked.pdf"
    child = os.fork()
    if child == 0:  # the worker: at most a minute, then SIGALRM ends it
        signal.alarm(60)
        there.write_bytes(render_pdf(document, {}, 0))
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert there.read_bytes() == here


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", 'lang: "de"'),
        ("pt-BR", 'lang: "pt", region: "BR"'),
        ("zh-Hant-TW", 'lang: "zh", region: "TW"'),
        ("en_gb", 'lang: "en", region: "GB"'),
        ("x", ""),
        ("not a tag", ""),
    ],
)
def test_a_language_tag_becomes_what_typst_takes(code: str, expected: str) -> None:
    """A span's ``lang`` and the handout's language (which course.yml's check keeps to a tag
    that starts with its language) are read by one parser (typst_source.py): Typst refuses a
    whole tag such as ``pt-BR`` as a language, and a span's tag it cannot take is left out."""
    assert language_arguments(code) == expected
    document = html_document(f"<p><span lang='{code}'>Hallo</span></p>")
    assert "Hallo" in PdfReader(io.BytesIO(render_pdf(document, {}, 0))).pages[0].extract_text()


def test_a_handout_in_a_language_with_a_region_says_both() -> None:
    document = html_document("<p>Olá</p>", language="pt-BR")
    reader = PdfReader(io.BytesIO(render_pdf(document, {}, 0)))
    assert catalog_of(reader)["/Lang"] == "pt-BR"
