"""Browser fixtures: Debian's Chromium (never a downloaded one), one per session, and the
sample course's HTML preview built once per session.

Every page opened through ``watched`` records its requests and console errors: requests that
leave ``file://`` are aborted, and the test fails at teardown if any was made or logged.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.exporters.scorm2004 import Scorm2004
from bwise_mooc.ir import Course
from bwise_mooc.pipeline import load_course
from tests.browser.scorm_lms import SCORM_AGAIN, Lms, LmsServer, serve
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
# the sample fixture course: stable while the real course grows
COURSE_ROOT = ROOT / "tests" / "fixtures" / "courses" / "sample"


@cache
def sample_course() -> Course:
    """The sample fixture course (every question type), read once per process."""
    course, diagnostics = load_course(COURSE_ROOT)
    assert course is not None, f"the sample course does not load: {diagnostics}"
    return course


@pytest.fixture(scope="session")
def course() -> Course:
    return sample_course()


@pytest.fixture(scope="session")
def preview_dir(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "html"
    return HtmlPreview(BuildOptions()).write(course, COURSE_ROOT, out).root


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make browser-deps`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    """A page plus everything it asked for and complained about."""

    page: Page
    root: Path
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, relative: str, suffix: str = "") -> Page:
        """Open ``relative`` (a page of the preview) by its file:// URL, plus ``?x`` / ``#x``."""
        self.page.goto((self.root / relative).resolve().as_uri() + suffix)
        return self.page

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.errors.append(f"console {message.type}: {message.text}")


OpenWatched = Callable[..., Watched]


@pytest.fixture
def watched_factory(browser: Browser, preview_dir: Path) -> Iterator[OpenWatched]:
    """Make watched pages in fresh contexts (own localStorage); all are checked at teardown."""
    made: list[Watched] = []

    def make(width: int = 1280, height: int = 900, javascript: bool = True) -> Watched:
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        watched = Watched(context.new_page(), preview_dir)

        def route(route: Route) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        watched.page.on("request", lambda request: watched.requests.append(request.url))
        watched.page.on("console", watched.on_console)
        watched.page.on("pageerror", lambda error: watched.errors.append(f"page error: {error}"))
        made.append(watched)
        return watched

    yield make
    for watched in made:
        watched.page.context.close()
    for watched in made:
        assert [url for url in watched.requests if not url.startswith("file://")] == []
        assert watched.errors == []


@pytest.fixture
def watched(watched_factory: OpenWatched) -> Watched:
    """A watched page, 1280 px wide."""
    return watched_factory()


# ---- the SCORM test LMS (scorm-again in a parent page, the SCO in an iframe) ----

VERSIONS = {"1.2": Scorm12, "2004": Scorm2004}


@pytest.fixture(scope="session")
def lms_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LmsServer]:
    if not SCORM_AGAIN.is_dir():
        message = "scorm-again is missing: run `make browser-deps` (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield from serve(tmp_path_factory.mktemp("lms"))


@pytest.fixture(scope="session")
def installed(
    course: Course, lms_server: LmsServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], str]:
    """Base URL of the first module's package, by (version, sco_per)."""
    urls: dict[tuple[str, str], str] = {}
    for version, exporter in VERSIONS.items():
        for sco_per in ("module", "lesson"):
            out = tmp_path_factory.mktemp(f"scorm{version}-{sco_per}")
            artifact = exporter(BuildOptions(sco_per=sco_per)).write(
                course, COURSE_ROOT, out / "pkg"
            )
            archive = artifact.root / f"{course.id}-{course.modules[0].id}.zip"
            urls[version, sco_per] = lms_server.install(f"{version}-{sco_per}", archive)
    return urls


@pytest.fixture
def lms(browser: Browser, lms_server: LmsServer) -> Iterator[Lms]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    harness = Lms(context.new_page(), lms_server)
    yield harness
    context.close()
    assert harness.outside_requests() == []
    assert harness.console == []
