"""`preview --serve` in Chromium: a broken edit shows the errors on top of the last good page,
at the right file:line:column; fixing it removes them and the page reloads to the new content."""

import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect

from bwise_mooc.serve import LiveState, PreviewServer, Rebuilder, Rebuilt, watch
from tests.browser.test_axe import violations

pytestmark = pytest.mark.browser

LESSON = "modules/01-phone-basics/01-make-the-screen-easy.md"
LESSON_PAGE = "01-phone-basics/01-make-the-screen-easy.html"
RIGHT_ANSWER = "- (x) Make the words bigger in Settings\n"  # line 53, in the question of line 52
WHERE = f"{LESSON}:52:1: error: "
TIMEOUT_MS = 10_000


class Serving:
    """``preview --serve`` as cli.py runs it, in threads: the server and the watcher."""

    def __init__(self, root: Path) -> None:
        self.rebuilder = Rebuilder(root)
        assert self.rebuilder() is None
        self.server = PreviewServer(LiveState(self.rebuilder.site, self.rebuilder.diagnostics), 0)
        self.rebuilds: queue.Queue[Rebuilt] = queue.Queue()
        self.stop, self.ready = threading.Event(), threading.Event()
        self.watcher = threading.Thread(
            target=watch,
            args=(self.rebuilder, self.server.state, self.rebuilds.put),
            kwargs={"stop_event": self.stop, "ready": self.ready},
        )

    def __enter__(self) -> "Serving":
        self.server.start()
        self.watcher.start()
        assert self.ready.wait(10), "the watcher did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.watcher.join(10)
        self.server.stop()

    def failed(self) -> Rebuilt:
        """The next failed rebuild."""
        while True:
            rebuilt = self.rebuilds.get(timeout=TIMEOUT_MS / 1000)
            if not rebuilt.ok:
                return rebuilt


@pytest.fixture
def serving(fixture_course: Callable[[str], Path]) -> Iterator[Serving]:
    with Serving(fixture_course("sample")) as serving:
        yield serving


def open_page(browser: Browser, url: str, width: int, height: int, problems: list[str]) -> Page:
    """A page of the dev server; any request elsewhere or console error is recorded."""
    context = browser.new_context(viewport={"width": width, "height": height})

    def route(route: Route) -> None:
        if route.request.url.startswith(url):
            route.continue_()
        else:
            problems.append(f"request: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    page = context.new_page()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.goto(url + LESSON_PAGE)
    return page


def test_a_broken_edit_shows_the_error_overlay_and_fixing_it_removes_it(
    browser: Browser, serving: Serving
) -> None:
    url = serving.server.url
    lesson = serving.rebuilder.root / LESSON
    good = lesson.read_text("utf-8")
    assert good.splitlines(keepends=True)[52] == RIGHT_ANSWER
    problems: list[str] = []
    page = open_page(browser, url, 1280, 900, problems)
    phone = open_page(browser, url, 390, 844, problems)
    expect(page.locator("h1")).to_have_text("Make the screen easy to read")
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_have_count(0)

    # A quiz question with no right answer: the build fails, both pages show the error.
    broken = good.replace(RIGHT_ANSWER, RIGHT_ANSWER.replace("(x)", "( )"))
    lesson.write_text(broken, "utf-8")
    failed = serving.failed()
    assert failed.errors is not None
    (error,) = failed.errors.errors
    assert str(error).startswith(WHERE) and str(error).endswith(" [quiz.no-correct-answer]")
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    expect(overlay).to_have_accessible_name("The preview was not rebuilt: 1 error")
    expect(overlay).to_be_focused()
    expect(overlay.locator("li.error")).to_have_text([str(error)])
    # The last good page is still there, under the overlay.
    expect(page.locator("h1")).to_have_text("Make the screen easy to read")
    assert violations(page) == []

    phone_overlay = phone.get_by_role("alertdialog")
    expect(phone_overlay.locator("li.error")).to_have_text([str(error)])
    box = phone_overlay.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Escape hides it, the button too; the next failing build brings it back.
    page.keyboard.press("Escape")
    expect(overlay).to_be_hidden()
    phone_overlay.get_by_role("button", name="Hide the errors").click()
    expect(phone_overlay).to_be_hidden()
    lesson.write_text(broken.replace("Sami works", "Sami still works"), "utf-8")
    serving.failed()
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    expect(phone_overlay).to_be_visible(timeout=TIMEOUT_MS)

    # Fixed (with a new title): the overlay goes, the page reloads with the new content.
    lesson.write_text(good.replace("easy to read\n", "big and clear\n", 1), "utf-8")
    for each in (page, phone):
        expect(each.locator("h1")).to_have_text("Make the screen big and clear", timeout=TIMEOUT_MS)
        expect(each.get_by_role("alertdialog")).to_have_count(0)
    assert serving.server.state.status()["ok"] is True
    page.context.close()
    phone.context.close()
    assert problems == []
