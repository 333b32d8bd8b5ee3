"""The real course's captioned film (issue 18) in Chromium, in English, German and Arabic.

Module 01, lesson 02 shows ``media/text-size-film.mp4`` with a WebVTT track in each language:
the page's own language is the default track, and its cues load (as many as the VTT file
holds, read from the video's ``textTracks``); the transcript under the player opens by
keyboard alone and says what the captions say; axe finds nothing on the page at 320 px and
at 1280 px. ``BWISE_SHOTS=DIR`` also saves screenshots of the film with a caption showing.
"""

import os
import threading
from collections.abc import Iterator
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.ir import Course, Media
from bwise_mooc.parse.av_media import read_captions
from bwise_mooc.pipeline import load_course
from tests.browser.conftest import ROOT
from tests.browser.test_axe import violations

pytestmark = pytest.mark.browser
MODULE = "01-my-phone-and-me"
LESSON = f"{MODULE}/02-make-the-screen-easy.html"
CAPTIONS = f"modules/{MODULE}/media/text-size-film.{{language}}.vtt"


@cache
def module_course(language: str) -> Course:
    """The real course in ``language``, with its shared start and module 01 only (fast)."""
    course, diagnostics = load_course(ROOT, language)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics.errors]
    modules = tuple(m for m in course.modules if m.shared or m.folder == MODULE)
    return course.model_copy(update={"modules": modules})


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each language's preview, served over HTTP on 127.0.0.1 as an LMS serves a package
    (Chromium loads no caption track from a file:// page: each file is an origin of its own)."""
    out = tmp_path_factory.mktemp("film")
    for language in ("en", "de", "ar"):
        HtmlPreview(BuildOptions()).write(module_course(language), ROOT, out / language / "html")
    handler = partial(QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {language: f"{base}/{language}/html" for language in ("en", "de", "ar")}
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def cue_count(language: str) -> int:
    path = CAPTIONS.format(language=language)
    cues = read_captions(ROOT / path, path, None)
    assert cues
    return len(cues)


def loaded_cues(page: Page) -> dict[str, object]:
    """The default track of the film: its language, and its cues once loaded."""
    page.wait_for_function(
        """() => {
          const video = document.querySelector('video');
          if (!video || !video.textTracks.length) return false;
          const track = video.textTracks[0];
          track.mode = 'showing';
          return track.cues && track.cues.length > 0;
        }""",
        timeout=10_000,
    )
    result: dict[str, object] = page.evaluate(
        """() => {
          const video = document.querySelector('video');
          const track = video.textTracks[0];
          return {
            language: track.language, kind: track.kind, cues: track.cues.length,
            first: track.cues[0].text, tracks: video.textTracks.length,
            autoplay: video.autoplay, paused: video.paused, controls: video.controls,
          };
        }"""
    )
    return result


@pytest.mark.parametrize("language", ["en", "de", "ar"])
def test_the_captions_of_the_page_language_load(
    browser: Browser, sites: dict[str, str], language: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{sites[language]}/{LESSON}")
    found = loaded_cues(page)
    [block] = [
        b
        for _, lesson in module_course(language).lessons()
        for b in lesson.blocks
        if isinstance(b, Media)
    ]
    assert found == {
        "language": language,
        "kind": "captions",
        "cues": cue_count(language),
        "first": block.captions[0].cues[0].text,
        "tracks": 3,
        "autoplay": False,
        "paused": True,
        "controls": True,
    }
    shots = os.environ.get("BWISE_SHOTS")
    if shots:
        video = page.locator("video")
        video.scroll_into_view_if_needed()
        page.evaluate(  # plays (muted) to step 1: a simple server cannot seek
            """() => new Promise(done => {
              const video = document.querySelector('video');
              video.muted = true;
              video.addEventListener('timeupdate', () => {
                if (video.currentTime >= 6.5) { video.pause(); done(); }
              });
              video.play();
            })"""
        )
        page.wait_for_timeout(300)
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/video-{language}-1280.png", full_page=False)
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_transcript_opens_by_keyboard(
    browser: Browser, sites: dict[str, str], language: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{sites[language]}/{LESSON}")
    summary = page.locator("details.transcript > summary")
    assert not page.locator("details.transcript").evaluate("d => d.open")
    for _ in range(200):  # Tab through the page until the transcript's summary has the focus
        page.keyboard.press("Tab")
        if summary.evaluate("s => s === document.activeElement"):
            break
    else:
        pytest.fail("the transcript cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert page.locator("details.transcript").evaluate("d => d.open")
    paragraphs = page.locator(".transcript-text p")
    assert paragraphs.count() == cue_count(language)
    assert paragraphs.first.is_visible()
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["en", "de", "ar"])
def test_the_lesson_with_the_film_passes_axe(
    browser: Browser, sites: dict[str, str], language: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{sites[language]}/{LESSON}")
    page.locator("details.transcript > summary").click()  # the open transcript too
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_preview_opened_from_disk_shows_the_captions(
    browser: Browser, tmp_path: Path, language: str
) -> None:
    """Reviewers open the preview from disk: Chromium loads no <track> file from a file://
    page, so the preview carries its captions in the page (data: URLs), and they load."""
    site = HtmlPreview(BuildOptions()).write(module_course(language), ROOT, tmp_path / "html").root
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((site / LESSON).as_uri())
    found = loaded_cues(page)
    assert (found["language"], found["cues"]) == (language, cue_count(language))
    context.close()
