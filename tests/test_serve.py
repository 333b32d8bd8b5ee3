"""`bwise-mooc preview --serve`: serves the preview, reloads open pages, survives broken lessons."""

import json
import queue
import re
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.client import HTTPResponse
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
import watchfiles
from click.testing import CliRunner

from bwise_mooc.cli import main
from bwise_mooc.serve import (
    EVENTS,
    RELOAD_SCRIPT,
    STATUS,
    LiveState,
    PreviewServer,
    Rebuilder,
    Rebuilt,
    SourceFilter,
    watch,
)

LESSON = "modules/01-phone-basics/01-make-the-screen-easy.md"
LESSON_PAGE = "01-phone-basics/01-make-the-screen-easy.html"
OTHER = "modules/01-phone-basics/02-wifi-and-simple-fixes.md"
OTHER_PAGE = "01-phone-basics/02-wifi-and-simple-fixes.html"
TIMEOUT = 5.0


def fetch(url: str) -> bytes:
    with urlopen(url, timeout=TIMEOUT) as response:
        assert response.status == 200
        body: bytes = response.read()
        return body


def next_rebuild(rebuilds: "queue.Queue[Rebuilt]", wanted: Callable[[Rebuilt], bool]) -> Rebuilt:
    """The next reported rebuild that is ``wanted``, within TIMEOUT seconds."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        rebuilt = rebuilds.get(timeout=max(0.0, deadline - time.monotonic()))
        if wanted(rebuilt):
            return rebuilt


def events_of(stream: HTTPResponse) -> Iterator[tuple[str, str]]:
    """(event, data) pairs of a server-sent event stream, as they arrive."""
    event, data = "message", ""
    for raw in stream:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: "):
            data = line[len("data: ") :]
        elif not line and data:
            yield event, data
            event, data = "message", ""


def status_of(url: str) -> dict[str, Any]:
    status: dict[str, Any] = json.loads(fetch(url + STATUS.lstrip("/")))
    return status


@pytest.fixture
def course(fixture_course: Callable[[str], Path]) -> Path:
    return fixture_course("sample")


def test_the_preview_is_served_reloaded_and_kept_when_a_lesson_breaks(course: Path) -> None:
    rebuilder = Rebuilder(course)
    assert rebuilder() is None
    site = rebuilder.site
    assert site == course / "build" / "html"
    state = LiveState(site)
    rebuilds: queue.Queue[Rebuilt] = queue.Queue()
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=(rebuilder, state, rebuilds.put),
        kwargs={"stop_event": stop, "ready": ready},
    )
    with PreviewServer(state, port=0) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.url)
        assert not server.url.endswith(":0/")
        watcher.start()
        try:
            # Pages carry the reload script; the files on disk do not.
            page = fetch(server.url + "index.html").decode()
            assert page == fetch(server.url).decode()
            script = f'<script src="{RELOAD_SCRIPT}" data-build="0"></script>\n</body>'
            assert script in page
            assert "__bwise" not in (site / "index.html").read_text("utf-8")
            reload_js = fetch(server.url + RELOAD_SCRIPT.lstrip("/")).decode()
            assert 'new EventSource(base + "events?build="' in reload_js
            assert EVENTS == "/__bwise/events"
            assert "location.reload()" in reload_js
            assert "alertdialog" in reload_js
            assert ":host" in fetch(server.url + "__bwise/overlay.css").decode()
            assert status_of(server.url) == {
                "run": state.run,
                "build": 0,
                "attempt": 0,
                "ok": True,
                "crash": None,
                "diagnostics": [],
            }
            # Everything else is sent as it is on disk.
            for asset in ("assets/preview.css", "assets/quiz.js", "assets/preview.js"):
                assert fetch(server.url + asset) == (site / asset).read_bytes()
            image = next((site / "media").iterdir())
            assert fetch(server.url + f"media/{image.name}") == image.read_bytes()
            with pytest.raises(HTTPError) as missing:
                fetch(server.url + "no-such-page.html")
            assert missing.value.code == 404
            assert RELOAD_SCRIPT in missing.value.read().decode()  # reloads once it exists

            # An edited lesson: one rebuild, a reload event, the new title served.
            stream = urlopen(server.url + EVENTS.lstrip("/") + "?build=0", timeout=TIMEOUT)
            assert stream.readline() == b"retry: 1000\n"
            events = events_of(stream)
            event, data = next(events)  # the status, first thing
            assert (event, json.loads(data)["attempt"]) == ("status", 0)
            assert ready.wait(TIMEOUT), "the watcher did not start"
            lesson = course / LESSON
            text = lesson.read_text("utf-8")
            assert "title: Make the screen easy to read\n" in text
            lesson.write_text(text.replace("easy to read\n", "big and clear\n", 1), "utf-8")
            event, data = next(events)
            assert (event, json.loads(data)["ok"], json.loads(data)["build"]) == ("status", True, 1)
            assert next(events) == ("reload", "1")
            rebuilt = next_rebuild(rebuilds, lambda r: True)
            assert rebuilt.ok
            assert rebuilt.changed == (LESSON,)
            assert "rebuilt in" in str(rebuilt)
            assert "Make the screen big and clear" in fetch(server.url + LESSON_PAGE).decode()
            good = state.builds
            assert good >= 1

            # A broken lesson: the errors are reported, the last good build is still served.
            other = course / OTHER
            served = fetch(server.url + OTHER_PAGE)
            other.write_text(other.read_text("utf-8") + "\n::: quiz\n", "utf-8")
            failed = next_rebuild(rebuilds, lambda r: not r.ok)
            assert failed.errors is not None
            assert any(
                item.path == OTHER and item.code == "quiz.unclosed" for item in failed.errors.errors
            ), [str(item) for item in failed.errors]
            assert "not rebuilt: " in str(failed)
            assert state.builds == good
            # ... and are sent to open pages, which stay on the last good build.
            status = status_of(server.url)
            assert status["ok"] is False and status["build"] == good
            assert status["attempt"] > good
            first = failed.errors.errors[0]
            assert first.path == OTHER
            assert next(item for item in status["diagnostics"] if item["severity"] == "error") == {
                "path": first.path,
                "line": first.line,
                "column": first.column,
                "severity": "error",
                "message": first.message,
                "code": first.code,
                "text": str(first),
            }
            assert [item["text"] for item in status["diagnostics"]] == [
                str(item) for item in failed.errors
            ]
            event, data = next(events)
            while json.loads(data)["attempt"] < status["attempt"]:
                event, data = next(events)
            assert (event, json.loads(data)) == ("status", status)
            assert fetch(server.url + OTHER_PAGE) == served
            assert "Make the screen big and clear" in fetch(server.url + LESSON_PAGE).decode()
        finally:
            stop.set()
            watcher.join(TIMEOUT)
    assert not watcher.is_alive()
    # Stopping the server ends the event stream, with no reload for the broken build.
    assert [data for event, data in events if event == "reload"] == []
    stream.close()
    with pytest.raises(OSError):
        urlopen(server.url, timeout=TIMEOUT)
    for path in site.rglob("*.html"):
        assert "__bwise" not in path.read_text("utf-8"), path


def test_the_status_of_a_failed_first_build_and_of_a_crash(course: Path) -> None:
    lesson = course / LESSON
    lesson.write_text(lesson.read_text("utf-8") + "\n::: quiz\n", "utf-8")
    rebuilder = Rebuilder(course)
    errors = rebuilder()
    assert errors is not None
    state = LiveState(rebuilder.site, rebuilder.diagnostics)
    with PreviewServer(state, port=0) as server:
        status = status_of(server.url)
        assert status["ok"] is False and (status["build"], status["attempt"]) == (0, 0)
        assert [item["text"] for item in status["diagnostics"]] == [str(d) for d in errors]
        with pytest.raises(HTTPError) as missing:  # nothing built yet: the 404 page has the script
            fetch(server.url)
        assert RELOAD_SCRIPT in missing.value.read().decode()
        state.failed(None, crash="RuntimeError('boom')")
        status = status_of(server.url)
        assert (status["ok"], status["crash"], status["attempt"]) == (
            False,
            "RuntimeError('boom')",
            1,
        )
        assert status["diagnostics"] == []
        state.built(rebuilder.site)
        assert status_of(server.url) | {"run": ""} == {
            "run": "",
            "build": 1,
            "attempt": 2,
            "ok": True,
            "crash": None,
            "diagnostics": [],
        }


def test_the_served_site_is_byte_identical_to_build(course: Path, tmp_path: Path) -> None:
    """The dev server adds its script on the way out: the files are what ``build`` writes."""
    rebuilder = Rebuilder(course)
    assert rebuilder() is None
    result = CliRunner().invoke(
        main, ["build", "--root", str(course), "--format", "html", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output

    def tree(folder: Path) -> dict[str, bytes]:
        return {
            path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }

    served, built = tree(rebuilder.site), tree(tmp_path / "out" / "html")
    assert served == built
    assert not [name for name, data in built.items() if b"__bwise" in data]


def test_editor_swap_and_temporary_files_do_not_count() -> None:
    keep = SourceFilter()
    folder = "/course/modules/01-basics"
    assert keep(watchfiles.Change.modified, f"{folder}/01-intro.md")
    assert keep(watchfiles.Change.added, f"{folder}/media/photo.jpg")
    for name in (".01-intro.md.swp", "01-intro.md~", "4913", "#01-intro.md#", ".#01-intro.md"):
        assert not keep(watchfiles.Change.added, f"{folder}/{name}"), name


def test_preview_without_serve_builds_one_language_and_prints_its_index(course: Path) -> None:
    result = CliRunner().invoke(main, ["preview", "--root", str(course)])
    assert result.exit_code == 0, result.output
    index = Path(result.output.splitlines()[-1])
    assert index == course / "build" / "html" / "index.html"
    assert "__bwise" not in index.read_text("utf-8")
    assert sorted(p.name for p in (course / "build").iterdir()) == [".cache", "html"]
    lesson = course / LESSON
    lesson.write_text(lesson.read_text("utf-8") + "\n::: assessment\n", "utf-8")
    result = CliRunner().invoke(main, ["preview", "--root", str(course)])
    assert result.exit_code == 1
    assert f"{LESSON}:" in result.output and "[quiz.unclosed]" in result.output


def test_ctrl_c_stops_the_server_cleanly(course: Path) -> None:
    command = [sys.executable, "-m", "bwise_mooc", "preview", "--root", str(course)]
    process = subprocess.Popen(
        [*command, "--serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        assert select.select([process.stdout], [], [], 30)[0], "no address printed"
        line = process.stdout.readline()
        found = re.fullmatch(r"serving (.+) at (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)\n", line)
        assert found, line
        assert Path(found[1]) == course / "build" / "html"
        url = found[2]
        assert RELOAD_SCRIPT in fetch(url).decode()
        process.send_signal(signal.SIGINT)
        assert process.wait(TIMEOUT) == 0
        errors = process.stderr.read()
        assert "Traceback" not in errors
        assert errors.rstrip().endswith("stopped")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
