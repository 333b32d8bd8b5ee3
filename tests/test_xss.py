"""No output, in any format, carries an executable payload from a lesson (issue 6).

The payloads go into lesson text and into every part of a quiz (prompt, choices, feedback,
hint); the course is built in every format, and every emitted HTML and XML document is parsed
and searched for anything that could run: scripts other than our own, event handlers, script
URLs, frames, objects, forms, base or refresh tags, styles.
"""

import io
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from bwise_mooc.cli import main
from bwise_mooc.validate import safe_parser
from tests.conftest import FRONT, write_files
from tests.xss_payloads import MARKDOWN_LINKS, RAW_HTML

MakeCourse = Callable[..., Path]
OUR_SCRIPTS = re.compile(r"^(\.\./)*(shared|assets)/[a-z0-9-]+\.js$")
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "style",
    "svg",
    "math",
    "textarea",
    "video",
    "audio",
    "marquee",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "srcdoc",
    "background",
    "poster",
}


def xss_lesson() -> str:
    text = "\n\n".join(RAW_HTML)
    quiz = (
        "::: assessment\n"
        "### Which? <img src=x onerror=alert('XSS')> {#q-xss}\n"
        "<script>alert('XSS')</script>\n\n"
        "- (x) right <b onmouseover=alert('XSS')>now</b>\n"
        "  > feedback <img src=x onerror=alert('XSS')>\n"
        "- ( ) wrong <a href=\"javascript:alert('XSS')\">x</a>\n\n"
        "> general <svg onload=alert('XSS')>\n\n"
        "Hint: <iframe src=\"javascript:alert('XSS')\"></iframe>\n"
        ":::\n\n"
        "::: quiz\n### Check <script>alert(1)</script>\n- answer: true\n:::\n"
    )
    return FRONT + "## Payloads\n\n" + text + "\n\n" + quiz


def documents(out: Path) -> Iterator[tuple[str, bytes]]:
    """Every HTML/XML document in the build, including those inside zips and tarballs."""
    for path in sorted(out.rglob("*")):
        if path.suffix in {".html", ".xml"}:
            yield str(path), path.read_bytes()
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.endswith((".html", ".xml")):
                        yield f"{path}!{name}", archive.read(name)
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    if member.isfile() and member.name.endswith((".html", ".xml")):
                        data = archive.extractfile(member)
                        assert data is not None
                        yield f"{path}!{member.name}", data.read()


def problems(name: str, data: bytes) -> list[str]:
    found: list[str] = []
    if name.endswith(".xml") and b"<html" not in data[:200]:
        fragments = [etree.parse(io.BytesIO(data), safe_parser()).getroot()]
    else:
        fragments = [html.document_fromstring(data)]
    for root in fragments:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            tag = etree.QName(element).localname.lower()
            if tag == "script":
                if element.get("type") == "application/json" or OUR_SCRIPTS.match(
                    element.get("src") or ""
                ):
                    continue
                found.append(f"{name}: <script> {etree.tostring(element)[:80]!r}")
            elif tag == "form" and (
                element.get("class") != "question" or "action" in element.attrib
            ):
                found.append(f"{name}: <form> that is not one of our quiz questions")
            elif tag == "input" and element.get("type") not in {"radio", "checkbox", "text"}:
                found.append(f"{name}: <input type={element.get('type')}>")
            elif (
                tag in DANGEROUS_TAGS
                and not (
                    tag == "meta"
                    and set(element.attrib) <= {"charset", "name", "content"}
                    and element.get("http-equiv") is None
                )
                and not (
                    tag == "link"
                    and element.get("rel") in {"stylesheet", "icon"}
                    and not (element.get("href") or "")
                    .lower()
                    .startswith(("javascript", "data:text"))
                )
            ):
                found.append(f"{name}: <{tag}>")
            for attribute, value in element.attrib.items():
                key = (
                    etree.QName(attribute).localname.lower()
                    if attribute.startswith("{")
                    else attribute.lower()
                )
                text = re.sub(r"\s+", "", str(value)).lower()
                if key.startswith("on"):
                    found.append(f"{name}: <{tag} {key}>")
                if key in URL_ATTRIBUTES and text.startswith(
                    ("javascript:", "vbscript:", "data:text")
                ):
                    found.append(f"{name}: <{tag} {key}={value!r}>")
                if key == "style" and re.search(
                    r"url\(|expression|display|visibility|position", text
                ):
                    found.append(f"{name}: <{tag} style={value!r}>")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import COURSE_YML, MODULE_YML

    root = tmp_path_factory.mktemp("xss")
    files = {
        "course/course.yml": COURSE_YML,
        "modules/01-basics/module.yml": MODULE_YML,
        "modules/01-basics/01-lesson.md": xss_lesson(),
    }
    write_files(root, files)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "[html.removed]" in result.output  # the author is told what was removed
    return root / "build"


def test_payload_list_is_long_enough() -> None:
    assert len(RAW_HTML) + len(MARKDOWN_LINKS) >= 30


def test_no_output_in_any_format_carries_an_executable_payload(built: Path) -> None:
    seen = list(documents(built))
    formats = {name.split("/build/")[1].split("/")[0] for name, _ in seen}
    assert formats == {"html", "scorm12", "scorm2004", "olx"}
    found = [problem for name, data in seen for problem in problems(name, data)]
    assert found == []


def test_markdown_links_with_script_urls_are_refused(make_course: MakeCourse) -> None:
    root = make_course(
        {"modules/01-basics/01-lesson.md": FRONT + "\n\n".join(MARKDOWN_LINKS) + "\n"}
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert result.output.count("[link.scheme]") == len(MARKDOWN_LINKS)
    assert not (root / "build").exists()


def test_the_checker_finds_a_payload_when_one_gets_through() -> None:
    page = b"<html><body><p>ok</p><img src=x onerror=alert(1)><a href='javascript:x'>a</a></body></html>"
    assert len(problems("page.html", page)) == 2


def test_only_videos_from_allow_listed_hosts_may_be_framed(make_course: MakeCourse) -> None:
    body = (
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="How to set a PIN"></iframe>\n\n'
        '<iframe src="https://evil.example/page" title="Nothing"></iframe>\n'
    )
    root = make_course({"modules/01-basics/01-lesson.md": FRONT + body})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = (root / "build/html/01-basics/01-lesson.html").read_text(encoding="utf-8")
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in page
    assert "evil.example" not in page
    assert "[media.external-video]" in result.output
    assert "modules/01-basics/01-lesson.md:8:1: warning: raw HTML holds tags" in result.output
