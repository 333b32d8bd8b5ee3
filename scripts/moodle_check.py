"""Acceptance check of our SCORM packages in a real Moodle's own player (``make moodle-check``).

Builds the first module of the course in English from the working tree with the project's own
code (single-SCO and one-SCO-per-lesson, SCORM 1.2 and 2004: four packages), imports each one
into the running test Moodle once per scenario with ``import_scorm.php`` (a fresh course and
activity, a learner enrolled, completion "Require status: passed", grade to pass = the module's
passing score), plays it as that learner in ``mod/scorm/player.php`` with Playwright and
Debian's Chromium, and reads back what Moodle stored with ``scorm_tracks.php``.

Scenarios per package:
  a  pass:   every page, every graded question right, leave with Moodle's "Exit activity"
  b  fail:   every page, every graded question wrong, exit
  c  resume: half the pages and half the graded answers, exit; come back (bookmark and answers
             must be restored), finish and pass
  d  retake: fail and exit; come back (Moodle opens review mode: recorded), exit; then "Start a
             new attempt" if Moodle offers it (otherwise the SCO's own retry button) and pass

Every SCORM API call the SCO makes is captured by wrapping the player page's ``window.API`` /
``window.API_1484_11`` (an init script), with its result and error code, including calls made
while a page unloads; so are the requests to ``datamodel.php`` (XHR or sendBeacon).

Prints one markdown table (expected vs got, with ✓/✗) and writes
``build/moodle-check/results.json``.

Usage: .venv/bin/python scripts/moodle_check.py [--only single-1.2,multi-2004]
           [--scenarios a,b] [--whole-course] [--headful]
Needs the harness of ../shared/moodle (override with $MOODLE_HARNESS) and a started Moodle
(``make moodle-check`` runs install.sh and start.sh first).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Page, sync_playwright

from bwise_mooc.ir.course import Course, Module
from bwise_mooc.ir.quiz import (
    MultipleResponse,
    Numeric,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ is not installed
from moodle_harness import ROOT, Json, php  # scripts/ is where this runs from

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

BASE = os.environ.get("MOODLE_URL", "http://127.0.0.1:8765")
USERPASS = os.environ.get("MOODLE_USERPASS", "Learner-test-1")
OUT = ROOT / "build" / "moodle-check"
GRADEHIGHEST = 1  # mod/scorm/locallib.php: GRADESCOES 0, GRADEHIGHEST 1, GRADEAVERAGE 2, GRADESUM 3

# Wraps the API objects Moodle assigns to the player page (window.API = new SCORMapi1_2(...) in
# datamodels/scorm_12.js, window.API_1484_11 = new SCORMapi1_3(...) in scorm_13.js): every call
# is logged with its result and the error code right after it.
API_SPY = r"""
(() => {
  if (window.top !== window || !/\/mod\/scorm\/player\.php/.test(location.pathname)) return;
  const log = (window.__bwiseApiLog = []);
  const quiet = /GetLastError|GetErrorString|GetDiagnostic/;
  function wrap(name, api) {
    if (!api || api.__bwiseWrapped) return api;
    const errorFn = name === "API" ? "LMSGetLastError" : "GetLastError";
    const readError = api[errorFn];
    Object.keys(api).forEach((key) => {
      const fn = api[key];
      if (typeof fn !== "function") return;
      api[key] = function () {
        const args = Array.prototype.slice.call(arguments);
        let result;
        let thrown = null;
        try {
          result = fn.apply(api, args);
        } catch (e) {
          thrown = e;
          result = "exception: " + (e && e.message ? e.message : String(e));
        }
        if (quiet.test(key) && !thrown) return result;
        const node = window.scorm_current_node;
        const entry = {
          t: Date.now(), api: name, fn: key, args: args.map(String), result: String(result),
          code: String(readError.call(api)), scoid: node && node.scoid ? String(node.scoid) : null,
          phase: window.__bwisePhase || "", visibility: document.visibilityState,
          beacon: !!window.mod_scorm_useBeaconAPI,
        };
        if (thrown) entry.code = "exception";
        log.push(entry);
        // Kept in localStorage at once (synchronous, same origin, survives the navigation
        // away from the player), so that calls made while the page unloads are not lost.
        try {
          const stored = JSON.parse(localStorage.getItem("__bwiseApiLog") || "[]");
          entry.args = entry.args.map((a) => a.slice(0, 300));
          stored.push(entry);
          localStorage.setItem("__bwiseApiLog", JSON.stringify(stored));
        } catch (e) { /* storage full or unavailable */ }
        if (thrown) throw thrown;
        return result;
      };
    });
    api.__bwiseWrapped = true;
    return api;
  }
  ["API", "API_1484_11"].forEach((name) => {
    let value;
    Object.defineProperty(window, name, {
      configurable: true,
      get() { return value; },
      set(v) { value = wrap(name, v); },
    });
  });
})();
"""


# ---- the course model: which answers are right ------------------------------------------


@dataclass(frozen=True)
class Graded:
    """A graded question as the SCO page names it (data-quiz, data-question) and its answers."""

    quiz: str
    question: str
    model: Question


def graded_questions(module: Module) -> dict[tuple[str, str], Graded]:
    found: dict[tuple[str, str], Graded] = {}
    for lesson in module.lessons:
        for quiz in lesson.quizzes():
            if quiz.graded:
                for q in quiz.questions:
                    key = (f"{lesson.id}_{quiz.id}", q.id)
                    found[key] = Graded(key[0], q.id, q)
    return found


def answer_form(frame: Frame, form_id: str, q: Question, right: bool) -> None:
    """Fill one question form the way a learner does, right or wrong, and press Check."""
    form = frame.locator(f'form.question[id="{form_id}"]')
    if isinstance(q, SingleChoice | MultipleResponse):
        correct = {c.id for c in q.choices if c.correct}
        wrong = [c.id for c in q.choices if not c.correct]
        if isinstance(q, SingleChoice):
            pick = {sorted(correct)[0]} if right else {wrong[0]}
        else:
            pick = correct if right else (set(wrong) or {sorted(correct)[0]})
        for c in q.choices:
            box = form.locator(f'input[value="{c.id}"]')
            if c.id in pick:
                box.check()
            elif isinstance(q, MultipleResponse):
                box.uncheck()
    elif isinstance(q, TrueFalse):
        value = q.answer if right else not q.answer
        form.locator(f'input[value="{"true" if value else "false"}"]').check()
    elif isinstance(q, ShortText):
        form.locator("input[type=text]").fill(q.accepted[0].text if right else "zzz-wrong")
    elif isinstance(q, Numeric):
        first = q.answers[0]
        number = first.value if first.value is not None else first.low
        text = f"{number:g}" if right else f"{max(a.high for a in q.answers) + 1000:g}"
        form.locator("input[type=text]").fill(text)
    form.locator("button[type=submit]").click()


# ---- packages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Package:
    name: str  # e.g. "single-1.2"
    layout: str  # "single" | "multi"
    version: str  # "1.2" | "2004"
    zip: Path


def build_packages(work: Path, course: Course, whole: bool) -> list[Package]:
    """Build with the project's own command line from the working tree (no cache)."""
    module = course.modules[0]
    exe = Path(sys.executable).parent / "bwise-mooc"
    packages: list[Package] = []
    for layout in ("single", "multi"):
        out = work / layout
        cmd = [str(exe), "build", "--root", str(ROOT), "--format", "scorm12,scorm2004"]
        cmd += ["--lang", course.language, "--out", str(out), "--no-cache", "--quiet"]
        if layout == "multi":
            cmd += ["--sco-per", "lesson"]
        if subprocess.run(cmd, check=False).returncode != 0:
            # The command refuses a course with an error anywhere (even one that only concerns
            # another format); the SCORM exporters themselves still run on the model.
            from bwise_mooc.exporters import BuildOptions
            from bwise_mooc.pipeline import export

            print(
                f"`bwise-mooc build` failed; exporting {layout} SCORM from the model",
                file=sys.stderr,
            )
            options = BuildOptions(sco_per="lesson" if layout == "multi" else "module")
            export([course], ROOT, out, ["scorm12", "scorm2004"], options)
        slug = module.folder.split("-", 1)[1]
        for version, fmt in (("1.2", "scorm12"), ("2004", "scorm2004")):
            zip_path = out / fmt / f"{course.id}-{slug}.zip"
            if not zip_path.is_file():
                raise SystemExit(f"not built: {zip_path}")
            packages.append(Package(f"{layout}-{version}", layout, version, zip_path))
            if whole and layout == "single":
                packages.append(
                    Package(f"course-{version}", "course", version, out / fmt / f"{course.id}.zip")
                )
    return packages


# ---- Moodle harness ----------------------------------------------------------------------


def import_package(pkg: Package, label: str, user: str, gradepass: int) -> Json:
    report = php(
        "import_scorm.php",
        f"--zip={pkg.zip}",
        f"--coursename=moodle-check {label}",
        f"--name={label}",
        f"--grademethod={GRADEHIGHEST}",
        "--maxgrade=100",
        f"--gradepass={gradepass}",
        "--completion=passed",
        f"--enrol={user}",
        f"--userpass={USERPASS}",
    )
    if report.get("status") != "ok":
        raise RuntimeError(f"import of {pkg.zip.name} failed: {json.dumps(report)[:2000]}")
    return report


SERVER_LOG = Path(os.environ.get("MOODLE_HOME", "/opt/bwise-moodle")) / "phpserver.log"


def server_requests(offset: int) -> list[Json]:
    """The player's datamodel.php requests since `offset` in the web server's log: a plain
    (synchronous XHR) POST, or one sent with navigator.sendBeacon (``?api=beacon``)."""
    if not SERVER_LOG.is_file():
        return []
    with SERVER_LOG.open("rb") as fh:
        fh.seek(offset)
        text = fh.read().decode("utf-8", "replace")
    found = []
    for line in text.splitlines():
        if "/mod/scorm/datamodel.php" in line and "POST" in line:
            status = line.split("[")[-1].split("]")[0] if "]: " in line else ""
            found.append(
                {
                    "via": "beacon" if "api=beacon" in line else "xhr",
                    "status": status,
                    "line": line[-90:],
                }
            )
    return found


def tracks(scormid: int, user: str) -> Json:
    return php("scorm_tracks.php", f"--scormid={scormid}", f"--username={user}")


# ---- the learner in the browser ----------------------------------------------------------


@dataclass
class Learner:
    """One learner's browser session in Moodle, with the API spy and a request log."""

    page: Page
    calls: list[Json] = field(default_factory=list)
    requests: list[Json] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def phase(self, name: str) -> None:
        with contextlib.suppress(Exception):
            self.page.evaluate("(n) => { window.__bwisePhase = n; }", name)

    def login(self, user: str) -> None:
        self.page.goto(f"{BASE}/login/index.php")
        self.page.fill("#username", user)
        self.page.fill("#password", USERPASS)
        self.page.click("#loginbtn")
        self.page.wait_for_load_state()
        if "/login/" in self.page.url:
            raise RuntimeError(f"login as {user} failed")

    def view(self, cmid: int) -> Json:
        """The activity page: what the learner is offered before entering."""
        self.page.goto(f"{BASE}/mod/scorm/view.php?id={cmid}")
        main = self.page.inner_text("#region-main")
        return {
            "new_attempt_offered": self.page.locator("#a").count() > 0,
            "enter_button": self.page.locator("#n").count() > 0,
            "text": " | ".join(line.strip() for line in main.splitlines() if line.strip())[:600],
        }

    def enter(self, cmid: int, new_attempt: bool = False) -> Json:
        """Enter the player from the activity page (as the learner does)."""
        seen = self.view(cmid)
        if new_attempt and seen["new_attempt_offered"]:
            self.page.check("#a")
        self.page.click("#n")
        self.page.wait_for_url("**/mod/scorm/player.php**")
        self.page.wait_for_load_state()
        mode = self.page.locator("#scormmode")
        seen["player_mode"] = mode.inner_text() if mode.count() else "normal"
        seen["player_url"] = self.page.url
        self.phase("play")
        return seen

    def sco(self, previous: str | None = None, timeout: float = 20.0) -> Frame:
        """The SCO's frame once its player script has started (a new one if `previous`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            handle = self.page.query_selector("#scorm_object")
            frame = handle.content_frame() if handle else None
            if frame and "/pluginfile.php/" in frame.url and frame.url != previous:
                try:
                    if frame.evaluate("() => !!window.BwisePlayer"):
                        return frame
                except Exception:
                    pass
            self.page.wait_for_timeout(150)
        raise RuntimeError(f"no SCO started in the player (previous {previous})")

    def exit(self) -> None:
        """Moodle's own "Exit activity" button; then give unload beacons time to land."""
        self.phase("exit")
        self.page.locator("a.btn", has_text="Exit activity").first.click()
        self.page.wait_for_url("**/course/view.php**")
        self.page.wait_for_load_state()
        self.page.wait_for_timeout(1500)

    def toc_scoids(self) -> list[str]:
        ids: list[str] = self.page.eval_on_selector_all(
            "#scorm_tree a[data-scoid]", "els => els.map(e => e.getAttribute('data-scoid'))"
        )
        return ids

    def current_scoid(self) -> str:
        return str(self.page.evaluate("() => String(window.scorm_current_node.scoid)"))

    def goto_sco(self, scoid: str, via_next: bool = False) -> Frame:
        """Move to another SCO with Moodle's TOC (or its "next" button) and wait for it."""
        if self.current_scoid() == scoid:
            return self.sco()
        old = self.sco().url
        self.phase(f"switch->{scoid}")
        if via_next:
            self.page.click("#nav_next")
        else:
            self.page.locator(f'#scorm_tree a[data-scoid="{scoid}"]').click()
        frame = self.sco(previous=old)
        self.phase("play")
        return frame


def sco_state(frame: Frame) -> Json:
    state: Json = frame.evaluate(
        """() => {
          const secs = Array.from(document.querySelectorAll('section.sco-lesson'));
          const txt = (id) => { const e = document.getElementById(id); return e && !e.hidden ? e.textContent.trim() : ''; };
          return {
            page: secs.findIndex(s => !s.hidden), pages: secs.length,
            locked: Array.from(document.querySelectorAll('form.question.is-locked')).map(f => f.id),
            status: txt('sco-status'), mode_notice: txt('sco-mode'),
            retry_visible: !!document.getElementById('sco-retry') && !document.getElementById('sco-retry').hidden,
            runtime_errors: (window.BwisePlayer && window.BwisePlayer.errors || []).map(e => e.call + ' ' + e.message),
          };
        }"""
    )
    return state


def answer_visible(
    frame: Frame, graded: dict[tuple[str, str], Graded], right: bool, limit: int | None = None
) -> int:
    """Answer the unanswered graded questions on the page shown; at most `limit`."""
    forms: list[list[str]] = frame.eval_on_selector_all(
        "section.sco-lesson:not([hidden]) form.question:not(.is-locked)",
        "fs => fs.map(f => [f.id, f.dataset.quiz, f.dataset.question])",
    )
    done = 0
    for form_id, quiz, question in forms:
        g = graded.get((quiz, question))
        if g is None or (limit is not None and done >= limit):
            continue
        answer_form(frame, form_id, g.model, right)
        done += 1
    return done


def play_sco(
    frame: Frame,
    graded: dict[tuple[str, str], Graded],
    right: bool,
    pages: int | None = None,
    answers: int | None = None,
) -> tuple[int, int]:
    """From the page shown, answer and turn pages to the end (or `pages` pages)."""
    seen = 0
    answered = 0
    while True:
        left = None if answers is None else answers - answered
        answered += answer_visible(frame, graded, right, left)
        seen += 1
        if pages is not None and seen >= pages:
            break
        nxt = frame.locator("#sco-next")
        if nxt.is_disabled() or not nxt.is_visible():
            break
        nxt.click()
    return seen, answered


def goto_page(frame: Frame, index: int) -> None:
    """Jump inside a multi-page SCO with its own contents list (a learner's click)."""
    links = frame.locator(".sco-toc a")
    if links.count() > index:
        links.nth(index).click()
    else:
        while sco_state(frame)["page"] < index:
            frame.locator("#sco-next").click()


# ---- scenarios ---------------------------------------------------------------------------


@dataclass
class Context:
    pkg: Package
    graded: dict[tuple[str, str], Graded]
    learner: Learner
    cmid: int
    scoids: list[str]  # launchable SCOs in Moodle's order
    graded_sco: str  # the SCO holding the assessment
    log: list[Json] = field(default_factory=list)

    def note(self, step: str, **data: Any) -> None:
        self.log.append({"step": step, **data})


def graded_page_index(frame: Frame, graded: dict[tuple[str, str], Graded]) -> int:
    index: int = frame.evaluate(
        """(keys) => Array.from(document.querySelectorAll('section.sco-lesson')).findIndex(
             s => Array.from(s.querySelectorAll('form.question')).some(
               f => keys.includes(f.dataset.quiz + '/' + f.dataset.question)))""",
        [f"{q}/{n}" for q, n in graded],
    )
    return index


def play_all(ctx: Context, right: bool, via_next: bool = False) -> None:
    """Every page of every SCO, graded questions answered right or wrong."""
    lr = ctx.learner
    if ctx.pkg.layout == "multi":
        for scoid in ctx.scoids:
            frame = lr.goto_sco(scoid, via_next=via_next and scoid != ctx.scoids[0])
            if sco_state(frame)["page"] != 0:
                goto_page(frame, 0)
            seen, answered = play_sco(frame, ctx.graded, right)
            ctx.note("sco", scoid=scoid, pages=seen, answered=answered, state=sco_state(frame))
    else:
        frame = lr.sco()
        if sco_state(frame)["page"] != 0:
            goto_page(frame, 0)
        seen, answered = play_sco(frame, ctx.graded, right)
        ctx.note("sco", pages=seen, answered=answered, state=sco_state(frame))


def scenario_pass(ctx: Context) -> None:
    ctx.note("enter", **ctx.learner.enter(ctx.cmid))
    play_all(ctx, right=True, via_next=True)
    ctx.learner.exit()


def scenario_fail(ctx: Context) -> None:
    ctx.note("enter", **ctx.learner.enter(ctx.cmid))
    play_all(ctx, right=False)
    ctx.learner.exit()


def scenario_resume(ctx: Context) -> Json:
    lr = ctx.learner
    half_answers = math.ceil(len(ctx.graded) / 2)
    ctx.note("enter", **lr.enter(ctx.cmid))
    if ctx.pkg.layout == "multi":
        half = math.ceil(len(ctx.scoids) / 2)
        for scoid in ctx.scoids[:half]:
            play_sco(lr.goto_sco(scoid), ctx.graded, True)
        frame = lr.goto_sco(ctx.graded_sco)
        left_at: Json = {"sco": ctx.graded_sco, "page": sco_state(frame)["page"]}
    else:
        frame = lr.sco()
        pages = sco_state(frame)["pages"]
        play_sco(frame, ctx.graded, True, pages=math.ceil(pages / 2), answers=0)
        goto_page(frame, graded_page_index(frame, ctx.graded))
        left_at = {"page": sco_state(frame)["page"]}
    answered = answer_visible(frame, ctx.graded, True, half_answers)
    before = sco_state(frame)
    ctx.note("left", answered=answered, **left_at, state=before)
    lr.exit()

    came_back = lr.enter(ctx.cmid)
    ctx.note("enter-again", **came_back)
    frame = lr.sco()
    launched = lr.current_scoid()
    resumed_on = {"sco": launched, "page": sco_state(frame)["page"]}
    # Multi-SCO: Moodle itself picks the SCO to open (view.php: the first one not completed,
    # mod/scorm/locallib.php scorm_view_display), each SCO keeps its own bookmark.
    first_open = ctx.scoids[math.ceil(len(ctx.scoids) / 2)] if ctx.pkg.layout == "multi" else None
    if ctx.pkg.layout == "multi":
        frame = lr.goto_sco(ctx.graded_sco)
    after = sco_state(frame)
    graded_locked = [f for f in after["locked"] if any(f.endswith(f"-{q}") for _, q in ctx.graded)]
    resume: Json = {
        "left_at": left_at,
        "resumed_on": resumed_on,
        "bookmark_restored": (
            resumed_on["page"] == left_at["page"]
            if ctx.pkg.layout != "multi"
            else launched == first_open
        ),
        "answers_before": answered,
        "answers_restored": len(graded_locked),
        "mode": came_back.get("player_mode"),
    }
    ctx.note("resumed", **resume, state=after)
    # Finish: every page (the unvisited ones too) and the remaining graded answers right.
    play_all(ctx, right=True)
    lr.exit()
    return resume


def scenario_retake(ctx: Context) -> Json:
    lr = ctx.learner
    ctx.note("enter", **lr.enter(ctx.cmid))
    play_all(ctx, right=False)
    lr.exit()
    # Come back: what does Moodle open, what does the learner see?
    back = lr.enter(ctx.cmid)
    frame = lr.sco() if ctx.pkg.layout != "multi" else lr.goto_sco(ctx.graded_sco)
    seen = sco_state(frame)
    ctx.note("enter-after-fail", **back, state=seen)
    lr.exit()
    offered = lr.view(ctx.cmid)["new_attempt_offered"]
    retake: Json = {
        "after_fail_mode": back.get("player_mode"),
        "after_fail_offered_new_attempt": back.get("new_attempt_offered"),
        "after_fail_sco_status": seen["status"],
        "after_fail_sco_notice": seen["mode_notice"],
        "after_fail_retry_button": seen["retry_visible"],
        "new_attempt_offered": offered,
    }
    if offered:
        ctx.note("new-attempt", **lr.enter(ctx.cmid, new_attempt=True))
        retake["path"] = "Moodle: Start a new attempt"
    else:
        ctx.note("enter-retry", **lr.enter(ctx.cmid))
        frame = lr.sco() if ctx.pkg.layout != "multi" else lr.goto_sco(ctx.graded_sco)
        if sco_state(frame)["retry_visible"]:
            frame.locator("#sco-retry").click()
        retake["path"] = "SCO: Take the assessment again"
    play_all(ctx, right=True)
    lr.exit()
    return retake


SCENARIOS: dict[str, tuple[str, Callable[[Context], Json | None]]] = {
    "a": ("pass", scenario_pass),
    "b": ("fail", scenario_fail),
    "c": ("resume", scenario_resume),
    "d": ("fail, return, retake", scenario_retake),
}


# ---- expectations and verdicts -----------------------------------------------------------


def expected(pkg: Package, scenario: str, graded: int, scos: int) -> Json:
    """What a correct package gives in Moodle with these settings (highest grade, grade to pass
    = passing score, completion "Require status: passed")."""
    passed = scenario != "b"
    score = 100.0 if passed else 0.0
    last = "passed" if passed else "failed"
    if pkg.version == "1.2":
        graded_status = last
        other_status = "completed"
    else:
        graded_status = f"completed/{last}"
        # "unknown" is the default: Moodle only stores values that differ from the default
        # (CollectData, mod/scorm/datamodels/scorm_13.js:1176-1177).
        other_status = "completed/-"
    statuses = (
        [other_status] * (scos - 1) + [graded_status] if pkg.layout == "multi" else [graded_status]
    )
    return {
        "status": statuses,
        "score": score,
        "interactions": graded,
        "attempt": 2 if scenario == "d" else 1,
        "grade": score,
        "gradebook": score,
        "completion": "complete" if passed else "incomplete",
        "failing_calls": 0,
        "resume": {"bookmark_restored": True, "answers_restored": math.ceil(graded / 2)}
        if scenario == "c"
        else None,
    }


STATUS_KEYS = {
    "1.2": ("cmi.core.lesson_status",),
    "2004": ("cmi.completion_status", "cmi.success_status"),
}
SCORE_KEYS = {"1.2": "cmi.core.score.raw", "2004": "cmi.score.raw"}
# Not failures: reading an element nobody has written yet (first launch).
BENIGN = {("GetValue", "403"), ("LMSGetValue", "403"), ("LMSGetValue", "401")}


def failing_calls(calls: list[Json]) -> list[Json]:
    bad = []
    for c in calls:
        if c["fn"].endswith(("GetValue", "GetLastError")) and (c["fn"], c["code"]) in BENIGN:
            continue
        if (
            c["result"] == "false"
            or c["code"] not in ("0", "")
            or c["result"].startswith("exception")
        ):
            bad.append(c)
    return bad


def summarise_calls(bad: list[Json]) -> str:
    counts: dict[str, int] = {}
    for c in bad:
        where = {"exit": "@exit"}.get(
            c["phase"], "@switch" if c["phase"].startswith("switch") else ""
        )
        key = f"{c['fn']}{where}→{c['code']}"
        counts[key] = counts.get(key, 0) + 1
    return "; ".join(f"{k} x{n}" if n > 1 else k for k, n in counts.items()) or "none"


def got(pkg: Package, data: Json, calls: list[Json]) -> Json:
    statuses = []
    score: float | None = None
    interactions = 0
    for sco in data.get("scoes", []):
        el = sco.get("elements", {})
        statuses.append("/".join(str(el.get(k, "-")) for k in STATUS_KEYS[pkg.version]))
        raw = el.get(SCORE_KEYS[pkg.version])
        if raw not in (None, ""):
            score = max(score or 0.0, float(raw))
        interactions += int(sco.get("interaction_count", 0))
    gradebook = data.get("gradebook") or {}
    completion = data.get("completion") or {}
    bad = failing_calls(calls)
    grade = data.get("grade")
    return {
        "status": statuses,
        "score": score,
        "interactions": interactions,
        "attempt": data.get("last_attempt"),
        "grade": float(grade) if isinstance(grade, int | float) else grade,
        "gradebook": gradebook.get("finalgrade"),
        "gradebook_passed": gradebook.get("passed"),
        "completion": completion.get("state"),
        "failing_calls": len(bad),
        "failing_summary": summarise_calls(bad),
    }


def short_status(statuses: list[str]) -> str:
    abbrev = {
        "completed": "C",
        "incomplete": "I",
        "passed": "P",
        "failed": "F",
        "not attempted": "N",
        "unknown": "U",
        "browsed": "B",
        "-": "-",
    }
    return " ".join("·".join(abbrev.get(p, p) for p in s.split("/")) for s in statuses)


def cell(value: Any, want: Any, fmt: Callable[[Any], str] = str) -> tuple[str, bool]:
    ok = value == want
    return f"{fmt(value)} {'✓' if ok else '✗'}", ok


def row(result: Json) -> tuple[list[str], bool]:
    if "error" in result:
        return [result["package"], result["scenario"], f"ERROR: {result['error'][:120]} ✗"], False
    g, e = result["got"], result["expected"]
    num: Callable[[Any], str] = lambda v: "-" if v is None else f"{v:g}"  # noqa: E731
    cells = [
        cell(g["status"], e["status"], short_status),
        cell(g["score"], e["score"], num),
        cell(g["interactions"], e["interactions"]),
        cell(g["attempt"], e["attempt"]),
        cell(g["grade"], e["grade"], num),
        cell(g["gradebook"], e["gradebook"], num),
        cell(g["completion"], e["completion"]),
    ]
    ok = all(c[1] for c in cells)
    extra = ""
    if e.get("resume"):
        r = result.get("detail") or {}
        rb = r.get("bookmark_restored") is True
        ra = r.get("answers_restored") == e["resume"]["answers_restored"]
        extra = f"bookmark {'✓' if rb else '✗'} answers {r.get('answers_restored')}/{r.get('answers_before')} {'✓' if ra else '✗'}"
        ok = ok and rb and ra
    elif result["scenario"].startswith("d"):
        r = result.get("detail") or {}
        extra = f"return: {r.get('after_fail_mode')}; new attempt offered: {r.get('new_attempt_offered')}"
    calls_ok = g["failing_calls"] == 0
    ok = ok and calls_ok
    text = [c[0] for c in cells]
    return (
        [
            result["package"],
            result["scenario"],
            *text,
            extra,
            f"{g['failing_summary']} {'✓' if calls_ok else '✗'}",
            posts(result.get("datamodel_requests", [])),
        ],
        ok,
    )


def posts(requests: list[Json]) -> str:
    xhr = sum(1 for r in requests if r["via"] == "xhr")
    beacon = sum(1 for r in requests if r["via"] == "beacon")
    bad = sum(1 for r in requests if r["status"] not in ("200", ""))
    return f"xhr {xhr}, beacon {beacon}" + (f", {bad} not 200" if bad else "")


def table(results: list[Json]) -> str:
    head = [
        "package",
        "scenario",
        "status per SCO",
        "score",
        "interactions",
        "attempt",
        "Moodle grade",
        "gradebook",
        "completion",
        "resume / return",
        "failing API calls",
        "datamodel POSTs",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells, _ = row(r)
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


# ---- run ---------------------------------------------------------------------------------


def run_scenario(
    browser: Any,
    pkg: Package,
    key: str,
    graded: dict[tuple[str, str], Graded],
    run_id: str,
    gradepass: int,
) -> Json:
    title, play = SCENARIOS[key]
    user = f"mc{run_id}{pkg.layout[0]}{pkg.version.replace('.', '')}{key}"
    label = f"{pkg.name} {key} {run_id}"
    report = import_package(pkg, label, user, gradepass)
    scormid = int(report["activity"]["scormid"])
    cmid = int(report["activity"]["cmid"])
    scoids = [str(i["id"]) for i in report["items"] if i.get("launch")]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    learner = Learner(page)
    page.on("dialog", lambda d: d.accept())

    context.add_init_script(API_SPY)
    log_start = SERVER_LOG.stat().st_size if SERVER_LOG.is_file() else 0
    result: Json = {
        "package": pkg.name,
        "scenario": f"{key} {title}",
        "user": user,
        "scormid": scormid,
        "cmid": cmid,
        "zip": str(pkg.zip),
    }
    try:
        learner.login(user)
        # Which SCO holds the assessment (multi-SCO): the launch file with a graded form.
        graded_sco = scoids[-1]
        for item in report["items"]:
            if item.get("launch") and "review" in item["launch"]:
                graded_sco = str(item["id"])
        ctx = Context(pkg, graded, learner, cmid, scoids, graded_sco)
        detail = play(ctx)
        result["steps"] = ctx.log
        result["detail"] = detail
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        try:
            OUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUT / f"{pkg.name}-{key}-error.png"), full_page=True)
        except Exception:
            pass
    finally:
        try:
            page.goto(f"{BASE}/login/index.php")  # any page of the origin: read the call log
            learner.calls = page.evaluate(
                "() => JSON.parse(localStorage.getItem('__bwiseApiLog') || '[]')"
            )
        except Exception as exc:
            result.setdefault("error", f"call log unreadable: {exc}")
        context.close()
    learner.requests = server_requests(log_start)
    data = tracks(scormid, user)
    result["tracks"] = data
    result["api_calls"] = learner.calls
    result["datamodel_requests"] = learner.requests
    result["expected"] = expected(pkg, key, len(graded), len(scoids))
    result["got"] = got(pkg, data, learner.calls)
    _, result["ok"] = row(result)
    return result


def launches(calls: list[Json]) -> list[Json]:
    """The calls grouped per SCO launch (a launch starts with (LMS)Initialize)."""
    out: list[Json] = []
    for c in calls:
        if c["fn"] in ("Initialize", "LMSInitialize") or not out:
            out.append(
                {
                    "scoid": c["scoid"],
                    "initialize": f"{c['result']}/{c['code']}",
                    "calls": 0,
                    "failing": [],
                }
            )
        out[-1]["calls"] += 1
        if c in failing_calls([c]):
            out[-1]["failing"].append(
                f"{c['fn']}({','.join(c['args'])[:60]})={c['result']}/{c['code']} [{c['phase']}]"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", default="", help="packages, e.g. single-1.2,multi-2004")
    parser.add_argument("--scenarios", default="abcd", help="scenario letters, e.g. ac")
    parser.add_argument(
        "--whole-course", action="store_true", help="also the whole-course zips (pass only)"
    )
    parser.add_argument("--headful", action="store_true")
    args = parser.parse_args(argv)

    from bwise_mooc.pipeline import load_course

    course, _diags = load_course(ROOT)
    if course is None:
        raise SystemExit("the course could not be read; run `bwise-mooc check`")
    module = course.modules[0]
    graded = graded_questions(module)
    OUT.mkdir(parents=True, exist_ok=True)
    run_id = time.strftime("%H%M%S")
    results: list[Json] = []
    with tempfile.TemporaryDirectory(prefix="moodle-check-") as tmp:
        packages = build_packages(Path(tmp), course, args.whole_course)
        wanted = {p for p in args.only.split(",") if p}
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=not args.headful
            )
            try:
                for pkg in packages:
                    if wanted and pkg.name not in wanted:
                        continue
                    keys = "a" if pkg.layout == "course" else args.scenarios
                    for key in keys:
                        if key not in SCENARIOS:
                            continue
                        t0 = time.monotonic()
                        if pkg.layout == "course":
                            continue  # imported below, not played
                        res = run_scenario(browser, pkg, key, graded, run_id, module.passing_score)
                        res["seconds"] = round(time.monotonic() - t0, 1)
                        res["launches"] = launches(res["api_calls"])
                        results.append(res)
                        print(
                            f"{pkg.name} {key}: {'ok' if res['ok'] else 'NOT OK'} ({res['seconds']} s)",
                            file=sys.stderr,
                        )
            finally:
                browser.close()
            courses = [pkg for pkg in packages if pkg.layout == "course"]
            whole: list[Json] = []
            for pkg in courses:
                rep = import_package(
                    pkg, f"{pkg.name} {run_id}", f"mc{run_id}whole", module.passing_score
                )
                whole.append(
                    {
                        "package": pkg.name,
                        "version": rep.get("version"),
                        "sco_count": rep.get("sco_count"),
                        "status": rep.get("status"),
                        "scormid": rep["activity"]["scormid"],
                    }
                )
    summary = {
        "moodle": BASE,
        "module": module.id,
        "passing_score": module.passing_score,
        "graded_questions": len(graded),
        "settings": {
            "grademethod": "highest grade",
            "maxgrade": 100,
            "gradepass": module.passing_score,
            "completion": "Require status: passed",
        },
        "results": results,
        "whole_course_imports": whole,
    }
    (OUT / "results.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    print(table(results))
    print()
    print(
        "status per SCO: C completed, I incomplete, P passed, F failed, N not attempted, U unknown, - none (2004: completion·success)"
    )
    print(f"expected: see `expected` in results.json; saved to {OUT / 'results.json'}")
    for w in whole:
        print(
            f"whole course {w['package']}: {w['status']}, {w['version']}, {w['sco_count']} SCOs (scormid {w['scormid']})"
        )
    return 0 if results and all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
