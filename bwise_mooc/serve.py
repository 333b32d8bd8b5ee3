"""Live preview for authors: the pieces behind ``bwise-mooc preview --serve``.

- ``Rebuilder`` builds the HTML preview of one language into ``ROOT/build/`` with the same
  ``build.Build`` as ``bwise-mooc build --format html``, and returns the diagnostics when the
  sources have errors. A build is all or nothing, so a failed one leaves the last good preview
  in place.
- ``PreviewServer`` serves that folder on 127.0.0.1 only (``http.server`` in a thread). Into
  every HTML page it sends, and only there, it adds a small same-origin script
  (``serve_static/reload.js``) that listens on ``/__bwise/events`` (server-sent events): it
  reloads the page after a successful rebuild and, while the last rebuild failed, shows its
  errors in a panel on top of the last good page. ``/__bwise/status`` sends the same status
  as JSON. The files on disk are never changed: the packages stay exactly what ``build`` makes.
- ``watch`` waits for changes under ``course/`` and ``modules/`` (watchfiles, debounced,
  editor swap files ignored), rebuilds, tells open pages to reload and reports each rebuild.

The module never prints: ``cli.py`` reports what ``watch`` hands it.
"""

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from socket import socket
from typing import Any
from urllib.parse import parse_qs, urlsplit

import watchfiles

from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.diagnostics import Diagnostic, Diagnostics, Severity, printable
from bwise_mooc.parse.files import SOURCE_FOLDERS

HOST = "127.0.0.1"  # never reachable from other machines
FORMAT = "html"
PREFIX = "/__bwise/"  # the dev server's own addresses; never a file of the site
EVENTS = PREFIX + "events"
STATUS = PREFIX + "status"
RELOAD_SCRIPT = PREFIX + "reload.js"
STATIC = {  # the files of bwise_mooc/serve_static/ the pages load, by address
    RELOAD_SCRIPT: ("reload.js", "text/javascript; charset=utf-8"),
    PREFIX + "overlay.css": ("overlay.css", "text/css; charset=utf-8"),
}
KEEPALIVE_SECONDS = 15.0  # a comment line now and then notices closed pages
TICK_MS = 200  # how often the watcher wakes up with nothing to do (and sees stop_event)

# -- building -----------------------------------------------------------------------------------


class Rebuilder:
    """Builds the HTML preview of one language (default: the source language) into ROOT/build."""

    def __init__(self, root: Path, language: str | None = None, jobs: int = 1) -> None:
        self.root = root
        self.language = language
        self.jobs = jobs
        self.out = root / "build"
        # Where the preview goes; known for sure once the course has been read.
        self.site = self.out / FORMAT if language is None else self.out / language / FORMAT
        self.diagnostics = Diagnostics()  # of the last build

    @property
    def index(self) -> Path:
        return self.site / "index.html"

    def __call__(self) -> Diagnostics | None:
        """Build once: None when the preview was written, else the diagnostics with the errors.

        After a failed build the last good preview is still in place.
        """
        request = BuildRequest(
            self.root,
            formats=[FORMAT],
            languages=[self.language] if self.language else [],
            source_only=self.language is None,
            jobs=self.jobs,
        )
        build = Build(request)
        self.diagnostics = build.read()
        self.site = build.site(FORMAT)
        if self.diagnostics.errors:
            return self.diagnostics
        build.write()
        return None


# -- serving ------------------------------------------------------------------------------------


class LiveState:
    """What the server shares between threads: the site folder, the count of good builds and
    of every build (``attempts``), and the diagnostics of the last one."""

    def __init__(self, site: Path, diagnostics: Diagnostics | None = None) -> None:
        self.site = site
        self.builds = 0
        self.attempts = 0
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics or ())
        self.crash: str | None = None
        self.closing = False
        self.run = uuid.uuid4().hex[:12]  # tells this server's attempt numbers from another's
        self._changed = threading.Condition()

    def built(self, site: Path, diagnostics: Diagnostics | None = None) -> None:
        """A rebuild succeeded (perhaps with warnings): open pages reload."""
        with self._changed:
            self.site = site
            self.builds += 1
            self.attempts += 1
            self.diagnostics = tuple(diagnostics or ())
            self.crash = None
            self._changed.notify_all()

    def failed(self, diagnostics: Diagnostics | None, crash: str | None = None) -> None:
        """A rebuild failed: the last good site stays; open pages show the errors."""
        with self._changed:
            self.attempts += 1
            self.diagnostics = tuple(diagnostics or ())
            self.crash = crash
            self._changed.notify_all()

    def status(self) -> dict[str, Any]:
        """The state as the pages' script reads it (``/__bwise/status``, ``status`` events)."""
        with self._changed:
            items = self.diagnostics
            return {
                "run": self.run,
                "build": self.builds,
                "attempt": self.attempts,
                "ok": self.crash is None and not any(d.severity is Severity.ERROR for d in items),
                "crash": self.crash,
                "diagnostics": [_as_json(item) for item in items],
            }

    def wait(self, seen: int, timeout: float) -> int:
        """The attempt count once it differs from ``seen``, or after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.attempts != seen or self.closing, timeout)
            return self.attempts

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._changed.notify_all()


def _as_json(item: Diagnostic) -> dict[str, Any]:
    return {
        "path": printable(item.path),
        "line": item.line,
        "column": item.column,
        "severity": item.severity.value,
        "message": printable(item.message),
        "code": item.code,
        "text": str(item),  # as the terminal prints it
    }


def inject(page: bytes, build: int) -> bytes:
    """``page`` with the reload script before its last ``</body>`` (or at its end)."""
    tag = f'<script src="{RELOAD_SCRIPT}" data-build="{build}"></script>\n'.encode()
    end = page.lower().rfind(b"</body>")
    if end < 0:
        return page + tag
    return page[:end] + tag + page[end:]


class PreviewHandler(SimpleHTTPRequestHandler):
    """Files from the site folder; HTML pages with the reload script; the event stream."""

    def __init__(self, *args: Any, state: LiveState, **kwargs: Any) -> None:
        self.state = state
        # Error pages (say, before the first good build) reload after a rebuild too.
        self.error_message_format = inject(
            SimpleHTTPRequestHandler.error_message_format.encode(), state.builds
        ).decode()
        super().__init__(*args, directory=str(state.site), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows rebuilds, not requests."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")  # always ask: the site changes under us
        super().end_headers()

    def do_GET(self) -> None:
        if not self._special(head=False):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._special(head=True):
            super().do_HEAD()

    def _special(self, head: bool) -> bool:
        """Answer the event stream, the status, a static file of the server or an HTML page;
        False for everything else."""
        route = urlsplit(self.path).path
        if route == EVENTS and not head:
            self._events()
            return True
        if route == STATUS:
            self._send(json.dumps(self.state.status()).encode(), "application/json", head)
            return True
        if route in STATIC:
            name, content_type = STATIC[route]
            self._send(
                (files("bwise_mooc") / "serve_static" / name).read_bytes(), content_type, head
            )
            return True
        build = self.state.builds  # before reading the page: a newer page only reloads again
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not route.endswith("/"):
                return False  # the base class redirects to the folder's address
            path = path / "index.html"
        if path.suffix.lower() not in {".html", ".htm"}:
            return False
        try:
            page = path.read_bytes()
        except OSError:
            return False  # the base class answers 404
        self._send(inject(page, build), "text/html; charset=utf-8", head)
        return True

    def _send(self, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: ``status`` at once and after every rebuild, then ``reload``
        whenever the count of good builds differs from the page's."""
        query = parse_qs(urlsplit(self.path).query)
        try:
            page_build = int(query.get("build", [""])[0])
        except ValueError:
            page_build = self.state.builds
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            sent = -1  # the attempt whose status was sent; the first is sent at once
            while True:
                if sent >= 0:
                    self.state.wait(sent, KEEPALIVE_SECONDS)
                if self.state.closing:
                    return
                status = self.state.status()
                if status["attempt"] != sent:
                    sent = status["attempt"]
                    self.wfile.write(f"event: status\ndata: {json.dumps(status)}\n\n".encode())
                    if status["build"] != page_build:
                        self.wfile.write(f"event: reload\ndata: {status['build']}\n\n".encode())
                        page_build = status["build"]
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:  # the page was closed or reloaded
            return


class PreviewServer:
    """An HTTP server on 127.0.0.1:``port`` (0: a free port) in a thread; a context manager."""

    def __init__(self, state: LiveState, port: int = 8000) -> None:
        self.state = state

        def handler(request: socket, address: Any, server: ThreadingHTTPServer) -> PreviewHandler:
            return PreviewHandler(request, address, server, state=state)

        self.httpd = ThreadingHTTPServer((HOST, port), handler)  # OSError when the port is taken
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, name="bwise-preview-server", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    def start(self) -> "PreviewServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        """Close the event streams, stop accepting requests and free the port."""
        self.state.close()
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.thread.join()
        self.httpd.server_close()

    def __enter__(self) -> "PreviewServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- watching -----------------------------------------------------------------------------------


class SourceFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter, and the temporary files of more editors, and hidden files."""

    ignore_entity_patterns = (
        *watchfiles.DefaultFilter.ignore_entity_patterns,
        r"^\.",  # .lesson.md.swp, .goutputstream-*, .#lesson.md ...
        r"^#.*#$",  # Emacs auto-save
        r"^4913$",  # Vim's test file
        r"\.(tmp|bak|kate-swp)$",
    )


@dataclass(frozen=True)
class Rebuilt:
    """One rebuild: what changed, how long it took, and its errors if it failed."""

    changed: tuple[str, ...]  # relative to the course root
    seconds: float
    errors: Diagnostics | None = None  # set when the build failed: the last good one is served
    crash: str | None = None  # an unexpected exception (a bug in bwise-mooc)

    @property
    def ok(self) -> bool:
        return self.errors is None and self.crash is None

    def __str__(self) -> str:
        stamp = time.strftime("%H:%M:%S")
        what = ", ".join(self.changed[:3]) + (
            f" and {len(self.changed) - 3} more" if len(self.changed) > 3 else ""
        )
        if self.crash is not None:
            return f"{stamp} internal error while rebuilding: {self.crash}; still serving the last good build"
        if self.errors is not None:
            count = len(self.errors.errors)
            noun = "error" if count == 1 else "errors"
            return f"{stamp} not rebuilt: {count} {noun} (see above); still serving the last good build"
        return f"{stamp} rebuilt in {self.seconds:.2f} s: {what}"


def watch(
    rebuilder: Rebuilder,
    state: LiveState,
    report: Callable[[Rebuilt], None],
    stop_event: threading.Event | None = None,
    ready: threading.Event | None = None,
) -> None:
    """Rebuild after every batch of changes to the sources until ``stop_event`` is set.

    Each rebuild is handed to ``report``; a good one makes open pages reload. ``ready`` is set
    once changes are being recorded. In the main thread, Ctrl-C raises KeyboardInterrupt.
    """
    root = rebuilder.root.resolve()
    folders = [root / name for name in SOURCE_FOLDERS if (root / name).is_dir()] or [root]
    ignored = SourceFilter(ignore_paths=[rebuilder.out.resolve()])
    for changes in watchfiles.watch(
        *folders,
        watch_filter=ignored,
        stop_event=stop_event,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
    ):
        if ready is not None:
            ready.set()
        changed = _changed(root, changes)
        if not changed:
            continue
        started = time.perf_counter()
        try:
            errors = rebuilder()
        except Exception as exc:  # keep serving; the author sees the message
            state.failed(None, crash=repr(exc))
            report(Rebuilt(changed, time.perf_counter() - started, crash=repr(exc)))
            continue
        if errors is None:
            state.built(rebuilder.site, rebuilder.diagnostics)
        else:
            state.failed(errors)
        report(Rebuilt(changed, time.perf_counter() - started, errors))


def _changed(root: Path, changes: set[tuple[watchfiles.Change, str]]) -> tuple[str, ...]:
    """The changed paths relative to ``root``, without files that came and went (temporary)."""
    added = {path for change, path in changes if change is watchfiles.Change.added}
    found = set()
    for _, path in changes:
        if path in added and not Path(path).exists():
            continue  # an editor's or sed's temporary file
        try:
            found.add(Path(path).relative_to(root).as_posix())
        except ValueError:
            found.add(path)
    return tuple(sorted(found))
