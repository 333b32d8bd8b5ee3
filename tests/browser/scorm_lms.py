"""A tiny LMS for browser tests: scorm-again (npm) provides the SCORM API in a parent page,
and the SCO under test runs in an iframe, as in Moodle's player.

Everything is served from one temporary folder on 127.0.0.1; the page records every request
it makes, scorm-again's log messages, and console errors of both frames.

With ``launch(..., server_commits=True)`` the API commits to the server as a real LMS does
(scorm-again's synchronous XHR, which browsers refuse during page unload), and every API call
the SCO makes, with its result and error code, is sent to the server with ``sendBeacon``, so
that calls made while the page unloads are recorded too (``LmsServer.calls``). ``faults`` make
the API misbehave as some LMSs do: ``{"init": "104"}`` refuses Initialize with that error,
``{"no_count": true}`` never answers ``cmi.interactions._count``; ``mode`` sets the launch mode
(``review``, ``browse``).
"""

import functools
import http.server
import json
import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Frame, Page

ROOT = Path(__file__).resolve().parents[2]
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"

LMS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title><link rel="icon" href="data:,">
<script src="scorm12.min.js"></script><script src="scorm2004.min.js"></script>
</head><body>
<iframe id="sco" title="Course" style="width:100%;height:95vh;border:0"></iframe>
<script>
window.lmsLog = [];
window.calls = [];
var NAMES = {
  "1.2": ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
          "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
  "2004": ["Initialize", "Terminate", "GetValue", "SetValue", "Commit",
           "GetLastError", "GetErrorString", "GetDiagnostic"]
};
/* The API the SCO sees: scorm-again, every call logged (and sent to /log), faults injected. */
function wrap(api, version, launchId, faults) {
  var names = NAMES[version];
  var lastError = names[5];
  var faked = null;
  var wrapper = {};
  names.forEach(function (name) {
    wrapper[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result;
      var error;
      if (name === lastError && faked !== null) {
        result = faked;
      } else if (name === names[0] && faults.init) {
        faked = faults.init; result = "false";
      } else if (name === names[2] && faults.no_count && args[0] === "cmi.interactions._count") {
        faked = "401"; result = "";
      } else {
        if (name !== lastError && name !== names[6] && name !== names[7]) faked = null;
        result = api[name].apply(api, args);
      }
      if (name !== lastError && name !== names[6] && name !== names[7]) {
        error = faked !== null ? faked : String(api[lastError]());
        var entry = { launch: launchId, seq: window.calls.length, call: name, args: args,
                      result: String(result), error: error };
        window.calls.push(entry);
        if (window.serverLog) navigator.sendBeacon("/log", JSON.stringify(entry));
      }
      return result;
    };
  });
  return wrapper;
}
window.launch = function (version, url, saved, options) {
  options = options || {};
  var settings = {
    logLevel: 4,
    autocommit: false,
    onLogMessage: function (level, message) { window.lmsLog.push([String(level), String(message)]); }
  };
  if (options.server_commits) {
    settings.lmsCommitUrl = "/commit?launch=" + encodeURIComponent(options.launch_id);
  }
  window.serverLog = !!options.server_commits;
  var api = version === "2004" ? new Scorm2004API(settings) : new Scorm12API(settings);
  if (saved) {
    api.loadFromJSON(saved.cmi || saved);
    /* what an LMS does on relaunch after an exit of "suspend" */
    if (version === "2004") api.cmi.entry = "resume"; else api.cmi.core.entry = "resume";
  }
  if (options.mode) {
    if (version === "2004") { api.cmi.mode = options.mode; api.cmi.credit = "no-credit"; }
    else { api.cmi.core.lesson_mode = options.mode; api.cmi.core.credit = "no-credit"; }
  }
  window.API = null; window.API_1484_11 = null;
  var seen = wrap(api, version, options.launch_id || "", options.faults || {});
  if (version === "2004") window.API_1484_11 = seen; else window.API = seen;
  window.lmsApi = api;
  document.getElementById("sco").src = url;
};
window.closeSco = function () { document.getElementById("sco").src = "about:blank"; };
window.cmiJson = function () { return JSON.parse(JSON.stringify(window.lmsApi.renderCMIToJSONObject())); };
</script></body></html>
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files from the LMS folder; POST /commit stores a commit, POST /log an API call."""

    records: "_Records"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path, _, query = self.path.partition("?")
        launch = query.removeprefix("launch=")
        with self.records.lock:
            if path == "/log":
                self.records.calls.append(json.loads(body))
            elif path == "/commit":
                self.records.commits.setdefault(launch, []).append(json.loads(body or b"{}"))
        reply = json.dumps({"result": True, "errorCode": 0}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


@dataclass
class _Records:
    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: list[dict[str, Any]] = field(default_factory=list)
    commits: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class LmsServer:
    root: Path
    url: str
    records: _Records = field(default_factory=_Records)

    def calls(self, launch: str, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Every API call of one launch, as the server received them: beacons arrive after
        the page is gone, so wait (up to ``timeout`` seconds) until the log ends with the
        call that ends a session and has stopped growing."""
        deadline = time.monotonic() + timeout
        previous = -1
        while True:
            with self.records.lock:
                found = [call for call in self.records.calls if call["launch"] == launch]
            ended = any(call["call"] in {"Terminate", "LMSFinish"} for call in found)
            if (ended and len(found) == previous) or time.monotonic() > deadline:
                return sorted(found, key=lambda call: int(call["seq"]))
            previous = len(found)
            time.sleep(0.2)

    def commits(self, launch: str) -> list[dict[str, Any]]:
        """What the API committed to the server in one launch (Terminate's last)."""
        with self.records.lock:
            return list(self.records.commits.get(launch, []))

    def install(self, name: str, archive: Path) -> str:
        """Unpack a package under /pkg/<name>/; return its base URL."""
        target = self.root / "pkg" / name
        if target.exists():
            shutil.rmtree(target)
        with zipfile.ZipFile(archive) as package:
            package.extractall(target)
        return f"{self.url}/pkg/{name}"


def serve(root: Path) -> Iterator[LmsServer]:
    """Serve ``root`` (with the LMS page and scorm-again in it) until the generator closes."""
    for name in ("scorm12.min.js", "scorm2004.min.js"):
        shutil.copyfile(SCORM_AGAIN / name, root / name)
    (root / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    records = _Records()
    handler_class = type("Handler", (_Handler,), {"records": records})
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LmsServer(root, f"http://127.0.0.1:{server.server_port}", records)
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Lms:
    """One browser page acting as the LMS."""

    page: Page
    server: LmsServer
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.console.append(f"console {message.type}: {message.text}")

    def launch(
        self,
        version: str,
        url: str,
        saved: dict[str, Any] | None = None,
        **options: Any,
    ) -> Frame:
        """Open the LMS page and launch ``url`` in its iframe (``options``: see the module)."""
        self.page.goto(f"{self.server.url}/lms.html")
        self.page.evaluate("([v, u, s, o]) => launch(v, u, s, o)", [version, url, saved, options])
        frame = self.page.frame_locator("#sco")
        frame.locator("#sco-position:not(:empty)").wait_for()  # the player has started
        sco = self.page.frame(url=url)
        assert sco is not None
        return sco

    def close(self) -> dict[str, Any]:
        """Unload the SCO (it terminates on pagehide) and return the LMS's CMI data."""
        self.page.evaluate("closeSco()")
        self.page.wait_for_function(
            "document.getElementById('sco').contentWindow.location.href === 'about:blank'"
        )
        data: dict[str, Any] = self.page.evaluate("cmiJson()")
        return data

    def leave_page(self) -> None:
        """Leave the LMS page altogether (the learner closes the tab or goes elsewhere): the SCO
        unloads together with its parent, as when leaving Moodle's player."""
        self.page.goto("about:blank")

    def calls(self) -> list[dict[str, Any]]:
        """The API calls logged in the (still open) LMS page."""
        found: list[dict[str, Any]] = self.page.evaluate("calls")
        return found

    def lms_errors(self) -> list[list[str]]:
        log: list[list[str]] = self.page.evaluate("lmsLog")
        return [entry for entry in log if entry[0] in {"4", "ERROR"}]

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.server.url + "/")]


def interactions(cmi: dict[str, Any]) -> list[dict[str, Any]]:
    """The interactions of a CMI object, in order."""
    found = cmi["cmi"]["interactions"]
    items = found.get("childArray", found) if isinstance(found, dict) else found
    if isinstance(items, dict):
        return [items[key] for key in sorted(items, key=int) if key.isdigit()]
    return list(items)


def dumps(cmi: dict[str, Any]) -> str:
    return json.dumps(cmi, indent=1, sort_keys=True)
