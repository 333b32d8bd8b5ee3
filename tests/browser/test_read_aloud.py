"""Read aloud (issue 18, static/read-aloud.js) in Chromium, with the browser's speech synthesis
replaced by a stub: its voice list is set per test, and every call (speak with the utterance's
text and language, pause, resume, cancel) is recorded; the test ends an utterance when it likes.

Lessons of the real course in English, German and Arabic (right to left) are driven with the
keyboard alone; the SCORM player page has the toolbar too; an author's recording is played
instead of a voice; axe finds nothing on a lesson while it is read, at 320 px and 1280 px.
"""

import wave
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.i18n import gettext
from bwise_mooc.ir import Course
from bwise_mooc.pipeline import load_course
from tests.browser.conftest import COURSE_ROOT, ROOT, OpenWatched
from tests.browser.test_axe import violations

pytestmark = pytest.mark.browser
LANGUAGES = ("en", "de", "ar")
VOICES = ["en-GB", "de-DE", "ar-SA"]

# the stub: window.__raVoices (voice languages) and window.__raLate (voices arrive later) are
# set by a script added before it; window.__tts records the calls and drives the utterances
STUB = """
(() => {
  const langs = window.__raVoices || [];
  let ready = !window.__raLate;
  const voices = langs.map((lang, i) => ({
    name: "Stub " + lang, lang: lang, voiceURI: "stub-" + lang, localService: true, default: i === 0
  }));
  const calls = [];
  const listeners = [];
  let current = null;
  const synth = {
    speaking: false, paused: false, pending: false,
    getVoices() { return ready ? voices.slice() : []; },
    speak(u) {
      calls.push({op: "speak", text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null});
      current = u;
      this.speaking = true;
    },
    pause() { calls.push({op: "pause"}); this.paused = true; },
    resume() { calls.push({op: "resume"}); this.paused = false; },
    cancel() {
      calls.push({op: "cancel"});
      const u = current;
      current = null;
      this.speaking = false;
      if (u && u.onerror) setTimeout(() => u.onerror({error: "canceled"}), 0);
    },
    addEventListener(type, listener) { if (type === "voiceschanged") listeners.push(listener); },
    removeEventListener() {},
  };
  function Utterance(text) {
    this.text = text; this.lang = ""; this.voice = null; this.onend = null; this.onerror = null;
  }
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
  window.__tts = {
    calls: calls,
    finish() {
      const u = current;
      current = null;
      synth.speaking = false;
      if (u && u.onend) u.onend({});
    },
    arrive() { ready = true; listeners.forEach((listener) => listener()); },
  };
})();
"""
TOGGLE = "[data-ra-action='toggle']"
CURRENT = ".read-aloud-current"


@cache
def real_course(language: str) -> Course:
    course, diagnostics = load_course(ROOT, language)
    assert course is not None and not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return course


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real course's preview in each language, and a short recording beside it."""
    found = {}
    for language in LANGUAGES:
        out = tmp_path_factory.mktemp(f"read-aloud-{language}") / "html"
        site = HtmlPreview(BuildOptions()).write(real_course(language), ROOT, out).root
        with wave.open(str(site / "assets" / "recording.wav"), "wb") as recording:
            recording.setnchannels(1)
            recording.setsampwidth(2)
            recording.setframerate(8000)
            recording.writeframes(b"\0\0" * 8000 * 3)  # three seconds of silence
        lesson = site / first_lesson(language)
        with_audio = lesson.read_text("utf-8").replace(
            '<p class="lead">',
            '<audio data-lesson-audio controls src="../assets/recording.wav"></audio>\n'
            '<p class="lead">',
            1,
        )
        assert "data-lesson-audio" in with_audio
        lesson.with_name("recorded.html").write_text(with_audio, "utf-8")
        found[language] = site
    return found


def first_lesson(language: str) -> str:
    course = real_course(language)
    module = next(m for m in course.modules if not m.shared)
    return f"{module.folder}/{module.lessons[0].page}"


def stubbed(page: Page, voices: list[str], late: bool = False) -> None:
    page.add_init_script(f"window.__raVoices = {voices!r}; window.__raLate = {str(late).lower()};")
    page.add_init_script(STUB)


def open_lesson(
    watched_factory: OpenWatched,
    sites: dict[str, Path],
    language: str,
    voices: list[str] | None = None,
    width: int = 1280,
) -> Page:
    watched = watched_factory(width=width)
    watched.root = sites[language]
    stubbed(watched.page, VOICES if voices is None else voices)
    return watched.open(first_lesson(language))


def calls(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate("() => window.__tts.calls.slice()")
    return found


def spoken(page: Page) -> list[dict[str, Any]]:
    return [call for call in calls(page) if call["op"] == "speak"]


def ops(page: Page) -> list[str]:
    return [call["op"] for call in calls(page)]


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def label(page: Page) -> str:
    return page.locator(TOGGLE).inner_text().strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_read_aloud_starts_pauses_and_stops_by_keyboard(
    watched_factory: OpenWatched, sites: dict[str, Path], language: str
) -> None:
    page = open_lesson(watched_factory, sites, language)
    assert page.locator("[data-read-aloud]").is_visible()
    assert label(page) == gettext(language, "Read aloud")
    tab_to(page, TOGGLE)
    page.keyboard.press("Enter")
    first = spoken(page)
    assert len(first) == 1
    title = page.locator("main h1").inner_text().strip()
    assert first[0]["text"] == title
    assert first[0]["lang"] == language
    assert first[0]["voice"] == VOICES[LANGUAGES.index(language)]
    assert page.locator(CURRENT).evaluate("el => el.tagName") == "H1"
    assert label(page) == gettext(language, "Pause")
    assert page.locator("[data-ra-action='stop']").is_visible()

    page.evaluate("() => window.__tts.finish()")  # the voice reaches the end of the title
    second = spoken(page)[1]
    assert second["lang"] == language and second["text"] and second["text"] != title
    assert page.locator(CURRENT).count() == 1
    assert page.locator("main h1").evaluate("el => !el.classList.contains('read-aloud-current')")
    current = " ".join(page.locator(CURRENT).inner_text().split())
    assert second["text"].startswith(current[:20])

    page.keyboard.press("Space")  # the focus stayed on the button, now "Pause"
    assert ops(page)[-1] == "pause"
    assert label(page) == gettext(language, "Resume")
    page.locator("[data-ra-status]").filter(has_text=gettext(language, "Reading paused")).wait_for()
    page.keyboard.press("Enter")
    assert ops(page)[-1] == "resume"
    assert label(page) == gettext(language, "Pause")

    tab_to(page, "[data-ra-action='next']", limit=3)
    page.keyboard.press("Enter")  # the next paragraph
    assert ops(page)[-2:] == ["cancel", "speak"]
    assert len(spoken(page)) == 3 and spoken(page)[2]["text"] != second["text"]

    tab_to(page, "[data-ra-action='stop']", limit=3)
    page.keyboard.press("Enter")
    assert ops(page)[-1] == "cancel"
    assert label(page) == gettext(language, "Read aloud")
    assert page.locator(CURRENT).count() == 0
    assert not page.locator("[data-ra-action='stop']").is_visible()
    assert page.evaluate("s => document.activeElement.matches(s)", TOGGLE)
    assert {call["lang"] for call in spoken(page)} == {language}


def test_right_to_left_toolbar_sits_at_the_start_of_the_line(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    page = open_lesson(watched_factory, sites, "ar")
    button = page.locator(TOGGLE).bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert button is not None and heading is not None
    assert abs((button["x"] + button["width"]) - (heading["x"] + heading["width"])) < 2


def test_without_a_voice_for_the_language_there_is_no_button(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    page = open_lesson(watched_factory, sites, "de", voices=["en-GB", "fr-FR"])
    page.wait_for_timeout(200)
    assert page.locator("[data-read-aloud]").is_hidden()
    assert page.locator("[data-read-aloud]").get_attribute("hidden") is not None


def test_without_speech_synthesis_there_is_no_button(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    watched = watched_factory()
    watched.root = sites["en"]
    watched.page.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});"
    )
    page = watched.open(first_lesson("en"))
    page.wait_for_timeout(200)
    assert page.locator("[data-read-aloud]").is_hidden()


def test_voices_that_arrive_late_show_the_button(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    watched = watched_factory()
    watched.root = sites["ar"]
    stubbed(watched.page, VOICES, late=True)
    page = watched.open(first_lesson("ar"))
    assert page.locator("[data-read-aloud]").is_hidden()
    page.evaluate("() => window.__tts.arrive()")
    assert page.locator("[data-read-aloud]").is_visible()


def test_the_chosen_paragraph_is_read_alone(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    page = open_lesson(watched_factory, sites, "en")
    paragraph = page.locator("main .lesson > p:not(.kicker):not(.lead)").nth(1)
    words = " ".join(paragraph.inner_text().split())
    paragraph.evaluate(
        """el => {
          const range = document.createRange();
          range.selectNodeContents(el.firstChild);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }"""
    )
    tab_to(page, TOGGLE)
    page.keyboard.press("Enter")
    assert [call["text"] for call in spoken(page)] == [words]
    assert paragraph.evaluate("el => el.classList.contains('read-aloud-current')")
    page.evaluate("() => window.__tts.finish()")
    assert len(spoken(page)) == 1
    assert label(page) == "Read aloud"


def test_a_click_while_reading_reads_from_that_block(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    page = open_lesson(watched_factory, sites, "en")
    page.locator(TOGGLE).click()
    item = page.locator("main .lesson li").first
    item.click(position={"x": 5, "y": 5})
    assert spoken(page)[-1]["text"] == " ".join(item.inner_text().split())
    assert item.evaluate("el => el.classList.contains('read-aloud-current')")


def test_pictures_are_read_by_their_alt_text(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    page = open_lesson(watched_factory, sites, "en")
    alt = page.locator("main figure img").first.get_attribute("alt")
    assert alt
    page.locator(TOGGLE).click()
    for _ in range(200):
        if page.locator(CURRENT).evaluate("el => el.tagName") == "FIGURE":
            break
        page.evaluate("() => window.__tts.finish()")
    assert spoken(page)[-1]["text"].startswith(f"Picture: {alt}"[:100])


def test_an_authors_recording_is_played_instead(
    watched_factory: OpenWatched, sites: dict[str, Path]
) -> None:
    watched = watched_factory()
    watched.root = sites["en"]
    stubbed(watched.page, [])  # no voice at all: the recording still shows the button
    page = watched.open(str(Path(first_lesson("en")).with_name("recorded.html")))
    assert page.locator("[data-read-aloud]").is_visible()
    tab_to(page, TOGGLE)
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('audio').paused")
    assert label(page) == "Pause"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('audio').paused")
    assert label(page) == "Resume"
    tab_to(page, "[data-ra-action='stop']", limit=2)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.querySelector('audio').currentTime") == 0
    assert label(page) == "Read aloud"
    assert spoken(page) == []


def test_the_scorm_player_page_reads_the_lesson_shown(
    browser: Browser, course: Course, tmp_path: Path
) -> None:
    artifact = Scorm12(BuildOptions()).write(course, COURSE_ROOT, tmp_path / "scorm12")
    archive = artifact.root / f"{course.id}-{course.modules[0].id}.zip"
    with zipfile.ZipFile(archive) as package:
        assert "shared/read-aloud.js" in package.namelist()
        package.extractall(tmp_path / "unpacked")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    stubbed(page, VOICES)
    page.goto((tmp_path / "unpacked" / course.modules[0].folder / "index.html").as_uri())
    page.locator("#sco-position").filter(has_text="1").wait_for()
    assert page.locator("[data-read-aloud]").is_visible()
    tab_to(page, TOGGLE)
    page.keyboard.press("Enter")
    lessons = course.modules[0].lessons
    assert spoken(page)[0]["text"] == lessons[0].title
    assert spoken(page)[0]["lang"] == "en"
    page.locator("#sco-next").click()  # another lesson: the voice stops
    page.wait_for_function("() => window.__tts.calls.slice(-1)[0].op === 'cancel'")
    assert label(page) == "Read aloud"
    page.locator(TOGGLE).click()
    assert spoken(page)[-1]["text"] == lessons[1].title
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_lesson_being_read_passes_axe(
    browser: Browser, sites: dict[str, Path], language: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()  # not watched: axe's own requests for the style sheet fail
    stubbed(page, VOICES)
    page.goto((sites[language] / first_lesson(language)).as_uri())
    page.locator(TOGGLE).click()
    page.evaluate("() => window.__tts.finish()")
    assert page.locator(CURRENT).count() == 1
    assert page.locator("[data-ra-action='stop']").is_visible()
    problems = violations(page)
    context.close()
    assert problems == []
