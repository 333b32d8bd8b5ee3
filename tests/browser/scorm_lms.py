"""A tiny LMS for browser tests: scorm-again (npm) provides the SCORM API in a parent page,
and the SCO under test runs in an iframe, as in Moodle's player.

Everything is served from one temporary folder on 127.0.0.1; the page records every request
it makes, scorm-again's log messages, and console errors of both frames.
"""

import functools
import http.server
import json
import shutil
import threading
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
window.launch = function (version, url, saved) {
  var settings = {
    logLevel: 4,
    autocommit: false,
    onLogMessage: function (level, message) { window.lmsLog.push([String(level), String(message)]); }
  };
  var api = version === "2004" ? new Scorm2004API(settings) : new Scorm12API(settings);
  if (saved) {
    api.loadFromJSON(saved.cmi || saved);
    /* what an LMS does on relaunch after an exit of "suspend" */
    if (version === "2004") api.cmi.entry = "resume"; else api.cmi.core.entry = "resume";
  }
  window.API = null; window.API_1484_11 = null;
  if (version === "2004") window.API_1484_11 = api; else window.API = api;
  window.lmsApi = api;
  document.getElementById("sco").src = url;
};
window.closeSco = function () { document.getElementById("sco").src = "about:blank"; };
window.cmiJson = function () { return JSON.parse(JSON.stringify(window.lmsApi.renderCMIToJSONObject())); };
</script></body></html>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class LmsServer:
    root: Path
    url: str

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
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LmsServer(root, f"http://127.0.0.1:{server.server_port}")
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

    def launch(self, version: str, url: str, saved: dict[str, Any] | None = None) -> Frame:
        self.page.goto(f"{self.server.url}/lms.html")
        self.page.evaluate("([v, u, s]) => launch(v, u, s)", [version, url, saved])
        frame = self.page.frame_locator("#sco")
        frame.locator("#sco-position").filter(has_text="Page").wait_for()
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
