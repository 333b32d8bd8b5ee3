"""Builds are all or nothing: a failed or killed build leaves the previous outputs intact."""

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.exporters.base import Artifact, BuildOptions
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.ir import Course
from bwise_mooc.pipeline import export, load_course
from bwise_mooc.validate import InvalidOutput
from tests.conftest import FIXTURES


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_failing_exporter_changes_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = FIXTURES / "sample"
    course, _ = load_course(root)
    assert course is not None
    out = tmp_path / "build"
    export([course], root, out, ["html", "scorm12"])
    before = fingerprint(out)

    class Broken(Scorm12):
        def write(self, course: Course, source_root: Path, out_dir: Path) -> Artifact:
            raise InvalidOutput("x.zip/imsmanifest.xml", ["broken on purpose"])

    monkeypatch.setitem(EXPORTERS, "scorm12", Broken)
    changed = course.model_copy(update={"title": "A new title"})
    with pytest.raises(InvalidOutput):
        export([changed], root, out, ["html", "scorm12"], BuildOptions())
    assert fingerprint(out) == before  # not even the html, which was built fine, was replaced
    assert not list(out.glob(".build-*"))


def test_a_killed_build_leaves_the_previous_packages_byte_identical(tmp_path: Path) -> None:
    root = FIXTURES / "sample"
    out = tmp_path / "build"
    command = [
        sys.executable,
        "-m",
        "bwise_mooc",
        "build",
        "--root",
        str(root),
        "--out",
        str(out),
        "--quiet",
    ]
    subprocess.run(command, check=True, capture_output=True)
    before = fingerprint(out)
    assert any(name.endswith(".zip") for name in before)
    changed_root = tmp_path / "course"
    subprocess.run(["cp", "-r", str(root), str(changed_root)], check=True)
    lesson = next((changed_root / "modules").glob("*/01-*.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    process = subprocess.Popen(
        [*command[:5], str(changed_root), *command[6:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while process.poll() is None and time.monotonic() < deadline:
        if list(out.glob(".build-*/*")):  # writing: its workers or a handout's layout
            with contextlib.suppress(psutil.NoSuchProcess):
                workers = psutil.Process(process.pid).children(recursive=True)
            if workers:
                break
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it could be killed"
    assert workers, "the formats are built beside processes of their own"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, "worker processes outlived the killed build"
    after = {
        name: digest
        for name, digest in fingerprint(out).items()
        if not name.startswith((".build-", ".cache/"))  # the cache may have learnt something
    }
    before = {name: digest for name, digest in before.items() if not name.startswith(".cache/")}
    assert after == before
    again = subprocess.run(
        [*command[:5], str(changed_root), *command[6:]], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert not list(out.glob(".build-*"))  # the next build cleans up after the killed one
    assert fingerprint(out) != before
