"""No output, in any format, carries an executable payload (issues 6 and 13).

The payload catalogue (``tests/xss_payloads.py``) puts every payload where an author can write:
lesson text, every part of a quiz, YAML values, file names, linked files and SVG pictures.

- SANITISED payloads go into one course, in English and German, built in every format. Every
  emitted HTML, XML and SVG document (inside zips and tarballs too) is parsed and searched for
  anything that could run or load: scripts other than our own, event handlers, script URLs,
  frames, objects, forms, base or refresh tags, styles, and JSON that breaks out of its
  ``<script>``. YAML values must arrive as text.
- REFUSED payloads go into another course: ``bwise-mooc check`` must exit 1 with an error whose
  code is the expected one, at the payload's line.

The browser proof of the same course is ``tests/browser/test_xss_browser.py``.
"""

import fcntl
import io
import json
import os
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree, html

from bwise_mooc.cli import main
from bwise_mooc.validate import safe_parser
from tests.conftest import FRONT, write_files
from tests.xss_payloads import (
    PAYLOADS,
    Expected,
    Place,
    Spot,
    placements,
    refused_course,
    sanitised,
    sanitised_course,
    summary,
)

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
    "template",
    "noscript",
    "xmp",
    "select",
    "button",
    "foreignobject",
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
    "srcset",
    "ping",
    "codebase",
    "dynsrc",
    "lowsrc",
}
SCRIPT_URL = re.compile(r"^(javascript|vbscript|data|blob|file):", re.IGNORECASE)
FORMATS = {"html", "scorm12", "scorm2004", "olx", "cc"}
LANGUAGES = ("en", "de")

# ---- diagnostics as `bwise-mooc check` prints them -----------------------------------------

DIAGNOSTIC = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
    r"(?P<message>.*) \[(?P<code>[a-z0-9.-]+)\]$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    code: str
    text: str


def diagnostics(output: str) -> list[Diagnostic]:
    return [
        Diagnostic(m["path"], int(m["line"]), m["severity"], m["code"], m.group(0))
        for m in DIAGNOSTIC.finditer(output)
    ]


# ---- the course of SANITISED payloads, built once ------------------------------------------


@dataclass
class SanitisedBuild:
    """The SANITISED course, built in every format and language.

    ``refused`` are the payloads (and places) that ``check`` refused although they should have
    been sanitised: they are left out of the built course, so that everything else can still
    be proven inert, and ``test_every_sanitised_payload_is_accepted`` fails on them.
    """

    root: Path  # the course that was built
    out: Path  # its build/ folder
    exit_code: int
    output: str
    spots: list[Spot]
    refused: list[tuple[Spot, Diagnostic]] = field(default_factory=list)
    stray: list[Diagnostic] = field(default_factory=list)  # errors at no payload's line


def build_sanitised(tmp_path_factory: pytest.TempPathFactory) -> SanitisedBuild:
    """Check the SANITISED course, leave out what ``check`` refused, build the rest: once per
    test session, by the first worker that asks (the others wait for it, then read it)."""
    base = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        base = base.parent  # shared by the workers of one run
    folder = base / "xss-sanitised"
    folder.mkdir(exist_ok=True)
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = folder / "record.json"
        if not record.exists():
            record.write_text(json.dumps(_check_and_build(folder)), encoding="utf-8")
        saved = json.loads(record.read_text(encoding="utf-8"))
    return _read_build(folder, saved)


def _check_and_build(folder: Path) -> dict[str, object]:
    files, spots = sanitised_course()
    checked = write_files(folder / "checked", files)
    check = CliRunner().invoke(main, ["check", "--root", str(checked)])
    refused, _ = _refused(spots, check.output)
    files, _ = sanitised_course(_skip(refused))
    root = write_files(folder / "course", files)
    build = CliRunner().invoke(main, ["build", "--root", str(root), "--quiet"])
    return {"check": check.output, "build": build.output, "exit_code": build.exit_code}


def _refused(
    spots: list[Spot], output: str
) -> tuple[list[tuple[Spot, Diagnostic]], list[Diagnostic]]:
    """The errors at a payload's line, with its spot, and the errors at no payload's line."""
    errors = [d for d in diagnostics(output) if d.severity == "error"]
    refused = [(spot, d) for d in errors for spot in spots if spot.holds(d.path, d.line)]
    stray = [d for d in errors if not any(spot.holds(d.path, d.line) for spot in spots)]
    return refused, stray


def _skip(refused: list[tuple[Spot, Diagnostic]]) -> frozenset[tuple[str, Place, str]]:
    return frozenset((spot.payload.name, spot.place, spot.path) for spot, _ in refused)


def _read_build(folder: Path, saved: dict[str, Any]) -> SanitisedBuild:
    refused, stray = _refused(sanitised_course()[1], saved["check"])
    _, spots = sanitised_course(_skip(refused))
    root = folder / "course"
    return SanitisedBuild(
        root, root / "build", saved["exit_code"], saved["build"], spots, refused, stray
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SanitisedBuild:
    return build_sanitised(tmp_path_factory)


@pytest.fixture(scope="module")
def out(built: SanitisedBuild) -> Path:
    assert built.stray == [], "\n".join(d.text for d in built.stray)
    assert built.exit_code == 0, built.output[-3000:]
    return built.out


# ---- what may not be in an emitted document -------------------------------------------------


def documents(out: Path) -> Iterator[tuple[str, bytes]]:
    """Every HTML/XML/SVG document in the build, including those inside zips and tarballs."""
    suffixes = (".html", ".xml", ".svg")
    for path in sorted(out.rglob("*")):
        if ".cache" in path.parts:
            continue
        if path.suffix in suffixes:
            yield str(path), path.read_bytes()
        elif path.suffix in {".zip", ".imscc"}:
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.endswith(suffixes):
                        yield f"{path}!{name}", archive.read(name)
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    if member.isfile() and member.name.endswith(suffixes):
                        data = archive.extractfile(member)
                        assert data is not None
                        yield f"{path}!{member.name}", data.read()


def problems(name: str, data: bytes) -> list[str]:
    """Everything in one document that could run or load something."""
    if name.endswith(".svg"):
        return svg_problems(name, data)
    if name.endswith(".xml") and b"<html" not in data[:200]:
        root = etree.parse(io.BytesIO(data), safe_parser()).getroot()
    else:
        root = html.document_fromstring(data)
    found: list[str] = []
    for element in root.iter():
        if isinstance(element.tag, str):
            found.extend(_element_problems(name, element))
    return found


def _element_problems(name: str, element: etree._Element) -> list[str]:
    tag = etree.QName(element).localname.lower()
    found: list[str] = []
    if tag == "script":
        if element.get("type") == "application/json":
            found.extend(_json_problems(name, element.text or ""))
        elif not OUR_SCRIPTS.match(element.get("src") or ""):
            found.append(f"{name}: <script> {etree.tostring(element)[:80]!r}")
    elif tag == "form" and (element.get("class") != "question" or "action" in element.attrib):
        found.append(f"{name}: <form> that is not one of our quiz questions")
    elif tag == "input" and element.get("type") not in {"radio", "checkbox", "text"}:
        found.append(f"{name}: <input type={element.get('type')}>")
    elif tag == "button" and element.get("type") not in {"button", "submit"}:
        found.append(f"{name}: <button type={element.get('type')}>")
    elif tag in DANGEROUS_TAGS and not _ours(tag, element):
        found.append(f"{name}: <{tag}>")
    for attribute, value in element.attrib.items():
        key = (
            etree.QName(attribute).localname.lower()
            if attribute.startswith("{")
            else str(attribute).lower()
        )
        text = re.sub(r"[\s\x00-\x1f]+", "", str(value))
        if key.startswith("on"):
            found.append(f"{name}: <{tag} {key}>")
        if key in URL_ATTRIBUTES and SCRIPT_URL.match(text) and not _our_icon(tag, key, text):
            found.append(f"{name}: <{tag} {key}={value!r}>")
        if key in {"ping", "srcset", "formaction", "background", "poster"}:
            found.append(f"{name}: <{tag} {key}>")
        if key == "style" and re.search(
            r"url\(|expression|import|behavior|binding|display|visibility|position|image-set|\\",
            text,
            re.IGNORECASE,
        ):
            found.append(f"{name}: <{tag} style={value!r}>")
    return found


def _our_icon(tag: str, key: str, value: str) -> bool:
    """``<link rel="icon" href="data:,">``: no icon, so that browsers ask for none."""
    return tag == "link" and key == "href" and value == "data:,"


def _ours(tag: str, element: etree._Element) -> bool:
    """The few tags of these kinds that our templates write."""
    if tag == "noscript":  # "Checking answers needs JavaScript", as text
        inside = list(element.iterdescendants())
        return all(e.tag == "p" and e.get("class") == "notice" and len(e) == 0 for e in inside)
    if tag == "meta":
        return set(element.attrib) <= {"charset", "name", "content"}
    if tag == "link":
        href = element.get("href") or ""
        return element.get("rel") in {"stylesheet", "icon"} and (
            href == "data:," or OUR_STYLES.match(href) is not None
        )
    if tag == "button":
        return element.get("type") in {"button", "submit"} and not set(element.attrib) & {
            "formaction",
            "form",
        }
    return False


OUR_STYLES = re.compile(r"^(\.\./)*(shared|assets)/[a-z0-9-]+\.css$")


def _json_problems(name: str, text: str) -> list[str]:
    """Data in ``<script type="application/json">`` must stay data: no way out of the element
    (``</script``, ``<!--``), and it must parse as JSON."""
    found = [
        f"{name}: JSON script holds {marker!r}"
        for marker in ("</", "<!--", "<script")
        if marker in text.lower()
    ]
    try:
        json.loads(text)
    except ValueError as exc:
        found.append(f"{name}: JSON script does not parse: {exc}")
    return found


SVG_ELEMENTS_THAT_RUN = {
    "script",
    "foreignobject",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "iframe",
    "embed",
    "object",
}
CSS_THAT_LOADS = re.compile(
    r"url\((?!\s*['\"]?#)|@import|expression\(|javascript:|image-set|\\", re.I
)
SAFE_SVG_HREF = re.compile(r"^(#|https://|data:image/(png|jpeg|gif|webp);)")


def svg_problems(name: str, data: bytes) -> list[str]:
    """An SVG opened on its own runs on the package's origin: nothing in it may run or load."""
    found: list[str] = []
    for marker in (b"<!DOCTYPE", b"<!ENTITY", b"<?xml-stylesheet"):
        if marker.lower() in data.lower():
            found.append(f"{name}: {marker.decode()}")
    root = etree.parse(io.BytesIO(data), safe_parser()).getroot()
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                found.append(f"{name}: processing instruction {element.target}")
            continue
        tag = etree.QName(element).localname.lower()
        if tag in SVG_ELEMENTS_THAT_RUN or etree.QName(element).namespace not in {
            "http://www.w3.org/2000/svg",
        }:
            found.append(f"{name}: <{tag}>")
        if tag == "style" and CSS_THAT_LOADS.search(element.text or ""):
            found.append(f"{name}: <style> {element.text!r}")
        for attribute, value in element.attrib.items():
            key = etree.QName(attribute).localname.lower()
            if key.startswith("on"):
                found.append(f"{name}: <{tag} {key}>")
            if key == "href" and not SAFE_SVG_HREF.match(value.strip()):
                found.append(f"{name}: <{tag} href={value!r}>")
            if CSS_THAT_LOADS.search(value):
                found.append(f"{name}: <{tag} {key}={value!r}>")
    return found


# ---- the catalogue ----------------------------------------------------------------------------


def test_the_catalogue_covers_every_place_with_enough_payloads() -> None:
    names = [payload.name for payload in PAYLOADS]
    assert len(set(names)) == len(names), "payload names must be unique"
    assert len({payload.text for payload in PAYLOADS}) >= 80
    counts = summary()
    for place in Place:
        total = counts[str(place), "SANITISED"] + counts[str(place), "REFUSED"]
        assert total > 0, f"no payload goes to the {place}"
    for place in set(Place) - {Place.NUMBER}:
        assert counts[str(place), "SANITISED"] > 0, f"no SANITISED payload in the {place}"
    for payload, place in placements():
        for code in payload.codes(place):
            assert re.fullmatch(r"[a-z0-9-]+\.[a-z0-9.-]+", code), (payload.name, code)


# ---- SANITISED payloads: the course builds, and nothing in it can run ----------------------


def test_every_sanitised_payload_is_accepted(built: SanitisedBuild) -> None:
    """A payload that must arrive inert is not refused either (a YAML value is text)."""
    found = sorted(
        {f"{spot.payload.name} in the {spot.place}: {d.text}" for spot, d in built.refused}
    )
    assert found == [], "\n".join(found)


def test_the_sanitised_course_builds_in_every_format_and_language(out: Path) -> None:
    for language in LANGUAGES:
        base = out if language == "en" else out / language
        assert {p.name for p in base.iterdir() if p.is_dir()} >= FORMATS, language


def test_no_output_in_any_format_carries_an_executable_payload(out: Path) -> None:
    seen = list(documents(out))
    formats = {
        part
        for name, _ in seen
        for part in Path(name.split("!")[0]).relative_to(out).parts[:2]
        if part in FORMATS
    }
    assert formats == FORMATS
    assert any(name.endswith(".svg") for name, _ in seen)
    found = [problem for name, data in seen for problem in problems(name, data)]
    assert found == [], "\n".join(found[:50])


def _text(element: html.HtmlElement) -> str:
    return " ".join(str(element.text_content()).split())


def test_yaml_values_arrive_as_text(built: SanitisedBuild, out: Path) -> None:
    """The course description, the outcomes and a lesson title show every YAML payload they
    hold as its text: escaped, never read as HTML."""
    left_out = {(spot.payload.name, spot.path) for spot, _ in built.refused}
    values = [p for p in sanitised(Place.YAML) if (p.name, "course/course.yml") not in left_out]
    home = html.document_fromstring((out / "html" / "index.html").read_bytes())
    lesson = html.document_fromstring((out / "html" / "01-xss" / "02-quiz.html").read_bytes())
    shown = {
        "description": (_text(home.cssselect("p.lead")[0]), values),
        "outcomes": (_text(home.cssselect("ul.outcomes")[0]), values),
        "lesson title": (_text(lesson.cssselect("main h1")[0]), values[:3]),
    }
    missing = [
        (where, payload.name)
        for where, (text, expected) in shown.items()
        for payload in expected
        if " ".join(payload.text.split()) not in text
    ]
    assert missing == []


def test_code_stays_text(built: SanitisedBuild, out: Path) -> None:
    """Code spans and fences show the markup and links they hold, as text (those that check
    refused are not in the course: ``test_every_sanitised_payload_is_accepted`` names them)."""
    page = html.document_fromstring((out / "html" / "01-xss" / "01-text.html").read_bytes())
    code = "\n".join(str(element.text_content()) for element in page.iter("code"))
    left_out = {s.payload.name for s, _ in built.refused if s.place is Place.LESSON}
    for payload in sanitised(Place.LESSON):
        if payload.name.startswith(("code-", "indented-code")) and payload.name not in left_out:
            for line in payload.text.strip("`").split("\n"):
                shown = line.strip().strip("`")
                if shown and not shown.startswith(("html", '"')):
                    assert shown.split("` and `")[0] in code, (payload.name, shown)


def test_quiz_parts_arrive_inert_in_the_preview(out: Path) -> None:
    """The quiz page holds every question, with feedback and hints, as our own markup."""
    page = html.document_fromstring((out / "html" / "01-xss" / "02-quiz.html").read_bytes())
    forms = page.cssselect("form.question")
    assert len(forms) >= len(sanitised(Place.CHOICE))


# ---- REFUSED payloads: check reports each one where it is written --------------------------

REFUSED_FILES, EXPECTED = refused_course()


@pytest.fixture(scope="module")
def refused_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[Diagnostic]]:
    root = write_files(tmp_path_factory.mktemp("xss-refused"), REFUSED_FILES)
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    return result.exit_code, diagnostics(result.output)


@pytest.mark.parametrize(
    "expected", EXPECTED, ids=[f"{e.place.name.lower()}-{e.payload.name}" for e in EXPECTED]
)
def test_refused_payload_is_reported_at_its_line(
    refused_check: tuple[int, list[Diagnostic]], expected: Expected
) -> None:
    exit_code, found = refused_check
    assert exit_code == 1
    here = [d for d in found if d.path == expected.path and d.line == expected.line]
    assert any(d.severity == "error" and d.code in expected.codes for d in here), (
        f"{expected.payload.text!r} in the {expected.place} "
        f"({expected.path}:{expected.line}) should be refused with "
        f"{' or '.join(expected.codes)}; reported there: {[d.text for d in here]}"
    )


def test_refused_payloads_stop_the_build(make_course: MakeCourse) -> None:
    links = [p.text for p in PAYLOADS if p.refused == ("link.scheme",) and p.single_line][:5]
    root = make_course({"modules/01-basics/01-lesson.md": FRONT + "\n\n".join(links) + "\n"})
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert result.output.count("[link.scheme]") == len(links)
    assert not (root / "build").exists()


# ---- the checkers check -----------------------------------------------------------------------


def test_the_checker_finds_a_payload_when_one_gets_through() -> None:
    page = (
        b"<html><body><p>ok</p><img src=x onerror=alert(1)><a href='java\tscript:x'>a</a>"
        b'<script type="application/json">{"a": "</script><script>alert(1)</script>"}</script>'
        b"</body></html>"
    )
    assert len(problems("page.html", page)) == 4
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x"><text>a</text></a>'
        b'<set attributeName="href" to="x"/><rect style="fill:u\\72l(https://e.example/)"/></svg>'
    )
    assert len(svg_problems("picture.svg", svg)) == 4


def test_only_videos_from_allow_listed_hosts_may_be_framed(make_course: MakeCourse) -> None:
    body = (
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="How to set a PIN"></iframe>\n\n'
        '<iframe src="https://evil.example/page" title="Nothing"></iframe>\n'
    )
    root = make_course({"modules/01-basics/01-lesson.md": FRONT + body})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    found = diagnostics(result.output)
    assert [(d.line, d.code) for d in found if d.severity == "error"] == [(8, "media.frame-source")]
    root = make_course({"modules/01-basics/01-lesson.md": FRONT + body.split("\n\n")[0] + "\n"})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = (root / "build/html/01-basics/01-lesson.html").read_text(encoding="utf-8")
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in page
    assert "[media.external-video]" in result.output
