"""The source references of the course model, resolved for each output's layout
(``exporters/links.py``): how a reference is read, that a fragment changes only where a layout
says so (whatever else it holds), and the layouts of the HTML pages and of OLX."""

import html
from html.parser import HTMLParser
from pathlib import Path

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bwise_mooc import ir
from bwise_mooc.exporters.html import PageLinks
from bwise_mooc.exporters.links import LinkResolver, Reference, reference, resolved, rewrite
from bwise_mooc.exporters.olx.check import InvalidOlx
from bwise_mooc.exporters.olx.content import Links
from bwise_mooc.parse.markdown import sanitise
from tests.parse.helpers import parse_body

LESSON = "modules/01-basics/01-intro.md"
SPAN = ir.SourceSpan(path=LESSON)


@pytest.mark.parametrize(
    ("value", "kind", "path", "anchor"),
    [
        ("https://example.org/a?b#c", "web", "", ""),
        ("mailto:a@example.org", "web", "", ""),
        ("//example.org/x", "web", "", ""),
        ("#part", "here", LESSON, "part"),
        ("#", "here", LESSON, ""),
        ("", "here", LESSON, ""),
        ("?x=1", "here", LESSON, ""),
        ("02-next.md#part-two", "lesson", "modules/01-basics/02-next.md", "part-two"),
        ("./02-next.md", "lesson", "modules/01-basics/02-next.md", ""),
        ("../02-more/01-x.md#a", "lesson", "modules/02-more/01-x.md", "a"),
        ("media/pic.png", "file", "modules/01-basics/media/pic.png", ""),
        (
            "files/my%20form.pdf?dl=1#page=2",
            "file",
            "modules/01-basics/files/my form.pdf",
            "page=2",
        ),
        ("files/%C3%A9t%C3%A9.pdf", "file", "modules/01-basics/files/été.pdf", ""),
        ("../../course/files/x.pdf", "file", "course/files/x.pdf", ""),
    ],
)
def test_a_reference_is_read_as_the_parser_resolved_it(
    value: str, kind: str, path: str, anchor: str
) -> None:
    assert reference(value, LESSON) == Reference(value, kind, path, anchor)  # type: ignore[arg-type]


class Marked(LinkResolver):
    """Every reference and heading id replaced by a mark that says what it was (a relative
    address, which the sanitiser keeps)."""

    def web(self, ref: Reference) -> str:
        return f"web/{ref.value}"

    def here(self, ref: Reference) -> str:
        return f"here/{ref.anchor}"

    def lesson(self, ref: Reference) -> str:
        return f"lesson/{ref.path}#{ref.anchor}"

    def file(self, ref: Reference) -> str:
        return f"file/{ref.path}"

    def heading_id(self, anchor: str) -> str:
        return f"id-{anchor}"


def test_only_references_and_heading_ids_change() -> None:
    fragment = (
        '<h2 id="start">Start</h2>\n<p>See <a href="02-next.md#b" title="href=&quot;#x&quot;">'
        'next</a>, <a href="#start">up</a> and <img src="media/a%20b.png" alt="src=&quot;x&quot;">'
        '. Code: <code>&lt;a href="#start"&gt;</code> or <code>&lt;h2 id="x"&gt;</code>.</p>'
    )
    assert rewrite(fragment, LESSON, Marked()) == (
        '<h2 id="id-start">Start</h2>\n<p>See <a href="lesson/modules/01-basics/02-next.md#b" '
        'title="href=&quot;#x&quot;">next</a>, <a href="here/start">up</a> and '
        '<img src="file/modules/01-basics/media/a b.png" alt="src=&quot;x&quot;">. Code: '
        '<code>&lt;a href="#start"&gt;</code> or <code>&lt;h2 id="x"&gt;</code>.</p>'
    )


def test_values_written_otherwise_are_rewritten_in_double_quotes() -> None:
    fragment = "<p><a href=#x>a</a> <img src='media/p.png' alt=x><br/><a>b</a></p>"
    assert rewrite(fragment, LESSON, Marked()) == (
        '<p><a href="here/x">a</a> <img src="file/modules/01-basics/media/p.png" alt=x>'
        "<br/><a>b</a></p>"
    )


def test_a_fragment_without_links_is_given_back_as_it_is() -> None:
    fragment = "<p>Plain <em>text</em> &amp; a <abbr title='x'>TLA</abbr>.</p>"
    assert rewrite(fragment, LESSON, Marked()) is fragment


# -- properties over sanitised fragments ------------------------------------------------------

words = st.text(alphabet=st.sampled_from("ab <>&\"'=#/:.\n\u00a0é"), max_size=12)
targets = st.sampled_from(
    [
        *("#a", "#", "", "02-x.md#b", "../02-y/01-z.md", "media/p.png", "files/f.pdf?x=1&y=2"),
        *("https://example.org/a?b=1&c=2", "mailto:a@example.org", "a%20b.pdf", "é.pdf"),
    ]
)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    """Sanitised fragments holding links, images, headings and text that looks like them."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        text, target = html.escape(draw(words)), html.escape(draw(targets))
        parts.append(
            draw(
                st.sampled_from(
                    [
                        f'<p>{text} <a href="{target}" title="{text}">{text}</a></p>',
                        f'<p><img src="{target}" alt="{text}"> {text}</p>',
                        f'<h3 id="{html.escape(draw(words))}">{text}</h3>',
                        f'<p><code>&lt;a href="{target}"&gt;</code> {text}</p>',
                        f'<table><tr><td><a href="{target}">{text}</a></td></tr></table>',
                        f"<ul><li>{text}</li></ul>",
                    ]
                )
            )
        )
    return sanitise("\n".join(parts))


class _Tokens(HTMLParser):
    """A fragment as the events an HTML reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))


def _tokens(fragment: str) -> list[object]:
    reader = _Tokens()
    reader.feed(fragment)
    reader.close()
    return reader.events


def _marked(tag: str, name: str, value: str | None) -> str | None:
    """An attribute's value once ``Marked`` resolved it."""
    if value is None:
        return value
    if (tag, name) in {("a", "href"), ("img", "src")}:
        return Marked().resolve(reference(value, LESSON))
    return Marked().heading_id(value) if (tag, name) == ("h3", "id") else value


def _expected(events: list[object]) -> list[object]:
    """The events of a fragment once ``Marked`` resolved it."""
    return [
        ("start", event[1], [(name, _marked(event[1], name, value)) for name, value in event[2]])
        if isinstance(event, tuple) and event[0] == "start"
        else event
        for event in events
    ]


@settings(max_examples=200, deadline=None)
@given(fragment=fragments())
def test_resolving_changes_the_references_and_nothing_else(fragment: str) -> None:
    assert rewrite(fragment, LESSON, LinkResolver()) == fragment
    resolved_fragment = rewrite(fragment, LESSON, Marked())
    assert _tokens(resolved_fragment) == _expected(_tokens(fragment))
    assert sanitise(resolved_fragment) == resolved_fragment  # still in the sanitiser's form


class Constant(LinkResolver):
    def __init__(self, value: str) -> None:
        self.value = value

    def file(self, ref: Reference) -> str:
        return self.value


@settings(max_examples=200, deadline=None)
@given(value=st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=20))
def test_new_values_are_escaped_as_the_sanitiser_writes_them(value: str) -> None:
    value = f"x/{value}"  # relative: the sanitiser keeps any such address
    written = rewrite('<a href="media/p.png">t</a>', LESSON, Constant(value))
    assert written == nh3.clean(f'<a href="{html.escape(value)}">t</a>', link_rel=None)


def test_every_fragment_of_a_node_is_resolved() -> None:
    choice = ir.Choice(
        id="a", html='<a href="#x">a</a>', text="a", correct=True, source=SPAN,
        feedback_html='<img src="media/p.png" alt="p">',
    )  # fmt: skip
    question = ir.SingleChoice(
        id="q", prompt_html='<p><a href="02-x.md">p</a></p>', prompt_text="p",
        feedback_html='<a href="https://example.org">w</a>', hint_html='<a href="#">h</a>',
        choices=(choice,), source=SPAN,
    )  # fmt: skip
    quiz = ir.Quiz(id="quiz1", graded=False, questions=(question,), source=SPAN)
    (found,) = resolved(quiz, LESSON, Marked()).questions
    assert isinstance(found, ir.SingleChoice)
    assert found.prompt_html == '<p><a href="lesson/modules/01-basics/02-x.md#">p</a></p>'
    assert found.feedback_html == '<a href="web/https://example.org">w</a>'
    assert found.hint_html == '<a href="here/">h</a>'
    assert found.choices[0].html == '<a href="here/x">a</a>'
    assert found.choices[0].feedback_html == (
        '<img src="file/modules/01-basics/media/p.png" alt="p">'
    )
    assert found.prompt_text == "p" and quiz.questions[0] is question  # a copy, not an edit
    image = ir.Image(
        html='<p><img src="media/p.png" alt="p"></p>', src="media/p.png", alt="p", source=SPAN
    )
    assert resolved(image, LESSON, Marked()).src == "file/modules/01-basics/media/p.png"


# -- the layouts ------------------------------------------------------------------------------

MEDIA = {
    "modules/01-basics/media/p.png": "media/0123.png",
    "modules/01-basics/f.pdf": "01-basics/f.pdf",
}


@pytest.mark.parametrize(
    ("value", "page", "sco"),
    [
        ("#part", "#part", "#intro_part"),
        ("#", "#", "#intro_"),
        ("", "", ""),
        ("?x=1", "?x=1", "?x=1"),
        ("02-next.md#b", "02-next.html#b", "02-next.html#b"),
        ("./02-next.md?x=1", "./02-next.html", "./02-next.html"),
        ("../02-more/01-x.md", "../02-more/01-x.html", "../02-more/01-x.html"),
        ("media/p.png?x#y", "../media/0123.png", "../media/0123.png"),
        ("./f.pdf#page=2", "./f.pdf#page=2", "./f.pdf#page=2"),
        ("https://example.org/a b", "https://example.org/a b", "https://example.org/a b"),
    ],
)
def test_pages_keep_the_mirrored_layout(value: str, page: str, sco: str) -> None:
    fragment = f'<h2 id="part">P</h2><p><a href="{html.escape(value)}">x</a></p>'
    prefix = 'id="intro_part"'
    assert rewrite(fragment, LESSON, PageLinks(MEDIA)) == fragment.replace(
        f'href="{html.escape(value)}"', f'href="{html.escape(page)}"'
    )
    assert rewrite(fragment, LESSON, PageLinks(MEDIA, "intro_")) == fragment.replace(
        f'href="{html.escape(value)}"', f'href="{html.escape(sco)}"'
    ).replace('id="part"', prefix)


def test_olx_links_go_to_units_and_static_files() -> None:
    links = Links(
        static={"modules/01-basics/media/p.png": "0123.png", "modules/01-basics/f.pdf": "01-basics_f.pdf"},
        lessons={LESSON: "basics_intro", "modules/01-basics/02-next.md": "basics_next"},
        anchors={(LESSON, "part"): "basics_intro_unit_2"},
    )  # fmt: skip
    fragment = (
        '<a href="#part">a</a><a href="#">b</a><a href="02-next.md#nowhere">c</a>'
        '<img src="media/p.png" alt=""><a href="./f.pdf?x=1">d</a>'
        '<a href="https://example.org/a b">e</a><a href="">f</a>'
    )
    assert rewrite(fragment, LESSON, links) == (
        '<a href="/jump_to_id/basics_intro_unit_2">a</a><a href="#">b</a>'
        '<a href="/jump_to_id/basics_next">c</a><img src="/static/0123.png" alt="">'
        '<a href="/static/01-basics_f.pdf">d</a><a href="https://example.org/a%20b">e</a>'
        '<a href="/jump_to_id/basics_intro">f</a>'
    )
    with pytest.raises(InvalidOlx, match="points at no lesson"):
        rewrite('<a href="03-gone.md">x</a>', LESSON, links)
    with pytest.raises(InvalidOlx, match="points at nothing"):
        rewrite('<a href="gone.pdf">x</a>', LESSON, links)


def test_references_resolve_to_the_files_the_parser_checked(tmp_path: Path) -> None:
    for name in ("02-next.md", "files/form.pdf", "files/été.pdf", "files/my form.pdf"):
        (tmp_path / "modules/01-basics" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "modules/01-basics" / name).write_text("x", encoding="utf-8")
    (tmp_path / "course").mkdir()
    (tmp_path / "course/info.pdf").write_text("x", encoding="utf-8")
    lesson, diagnostics = parse_body(
        tmp_path,
        "## Top\n\n[a](02-next.md#b) [b](./02-next.md) [c](#top) [d](files/form.pdf?x=1#p)\n"
        "[e](files/été.pdf) [f](<files/my form.pdf>) [g](../../course/info.pdf)\n"
        "[h](media/pic.png) ![i](./media/../media/pic.png) [j](https://example.org)\n",
    )
    assert lesson is not None and not diagnostics.errors
    values = [
        value
        for block in lesson.blocks
        if not isinstance(block, ir.Quiz | ir.Assignment)
        for event in _tokens(block.html)
        if isinstance(event, tuple) and event[0] == "start"
        for name, value in event[2]
        if (event[1], name) in {("a", "href"), ("img", "src")} and value is not None
    ]
    found: dict[str, set[str]] = {kind: set() for kind in ("web", "here", "lesson", "file")}
    for value in values:
        ref = reference(value, lesson.path)
        found[ref.kind].add(ref.path)
    assert found["lesson"] | found["here"] == {link.target for link in lesson.links}
    assert found["file"] == {asset.path for asset in lesson.assets}
    assert found["web"] == {""}
