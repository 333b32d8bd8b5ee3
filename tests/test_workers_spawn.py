"""Builds on macOS and Windows: workers started as fresh interpreters (``spawn``) make the
same packages as forked ones, and a course in a folder with spaces and non-ASCII letters in
its path builds from one of its subfolders.

``BWISE_MOOC_START_METHOD`` (``workers.start_method``) makes a Linux machine take the route
macOS and Windows take; ``PAYS = 0`` makes every stage (lessons, images, formats) use workers,
however small the course.
"""

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bwise_mooc import workers
from bwise_mooc.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "sample"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a build folder but its cache, by its path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".cache" not in path.relative_to(folder).parts
    }


def build(
    root: Path, out: Path, method: str, monkeypatch: pytest.MonkeyPatch, *options: str
) -> list[str]:
    """Build every format of ``root`` into ``out`` with two jobs, workers started by
    ``method``, and any further ``options``; the start methods of the pools that were made."""
    monkeypatch.setenv(workers.START_METHOD, method)
    monkeypatch.setattr(workers, "PAYS", 0.0)  # workers for every stage
    started: list[str] = []
    make_pool = workers.worker_pool

    def pool(jobs: int, small: bool = False, shared: Any = None) -> Any:
        started.append("spawn" if small else workers.start_method())
        return make_pool(jobs, small=small, shared=shared)

    monkeypatch.setattr(workers, "worker_pool", pool)
    arguments = ["build", "--root", str(root), "--out", str(out), "--format", "all", *options]
    result = CliRunner().invoke(main, [*arguments, "--jobs", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    return started


def test_start_method_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.START_METHOD, "spawn")
    assert workers.start_method() == "spawn"
    monkeypatch.setenv(workers.START_METHOD, "no-such-method")
    expected = "fork" if sys.platform.startswith("linux") else "spawn"
    assert workers.start_method() == expected
    monkeypatch.delenv(workers.START_METHOD)
    assert workers.start_method() == expected


def test_work_that_cannot_be_pickled_is_done_without_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(workers.START_METHOD, "spawn")
    monkeypatch.setattr(workers, "PAYS", 0.0)
    stream = sys.stderr  # a stream cannot be pickled: a lambda holding it neither

    def pool(*_: object, **__: object) -> Any:
        raise AssertionError("no pool for work that cannot be pickled")

    monkeypatch.setattr(workers, "worker_pool", pool)
    assert workers.run_all(lambda n: (stream, n)[1] * 2, [1, 2, 3], jobs=2, each=1.0) == [2, 4, 6]


def test_spawned_workers_build_what_forked_ones_build(
    fixture_course: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a cache, stage 1's check makes the pictures it decodes, and a process decodes a
    picture once (``parse.media``): how many are left for the image stage's workers depends on
    which process took which lesson and what that process checked before (earlier tests in
    the same pytest worker). Without a cache the check makes none: every stage has workers."""
    course = fixture_course(SAMPLE)
    spawned = build(course, tmp_path / "spawn", "spawn", monkeypatch)
    assert spawned[0] == spawned[-1] == "spawn"  # lessons and formats, each beside workers
    assert set(spawned) == {"spawn"}
    uncached = build(course, tmp_path / "spawn-uncached", "spawn", monkeypatch, "--no-cache")
    assert uncached == ["spawn", "spawn", "spawn"]  # lessons, images and formats
    if "fork" in multiprocessing.get_all_start_methods():
        forked = build(course, tmp_path / "fork", "fork", monkeypatch, "--no-cache")
        assert forked == ["fork", "spawn", "fork"]  # images always start fresh
        fork_files = files_of(tmp_path / "fork")
    else:
        monkeypatch.setattr(workers, "PAYS", 1e9)  # no workers at all
        result = CliRunner().invoke(
            main, ["build", "--root", str(course), "--out", str(tmp_path / "one"), "--quiet"]
        )
        assert result.exit_code == 0, result.output
        fork_files = files_of(tmp_path / "one")
    for folder in ("spawn", "spawn-uncached"):
        spawn_files = files_of(tmp_path / folder)
        assert len(spawn_files) > 30
        assert spawn_files.keys() == fork_files.keys()
        different = [name for name in spawn_files if spawn_files[name] != fork_files[name]]
        assert not different, folder


def awkward_folder(tmp_path: Path) -> Path:
    """A course folder whose path has spaces, non-ASCII letters and, where the system allows
    it in a name, a backslash."""
    folder = tmp_path / "my courses" / "Kurs für Ärztinnen \u2013 é ç ø 日本"
    if os.name != "nt":
        folder = folder / "back\\slash"
    return folder


def test_a_course_in_an_awkward_path_checks_and_builds_from_a_subfolder(
    tmp_path: Path,
) -> None:
    root = awkward_folder(tmp_path)
    shutil.copytree(ROOT / "tests" / "fixtures" / "courses" / SAMPLE, root)
    inside = root / "modules" / "01-phone-basics" / "media"
    environment = {**os.environ, workers.START_METHOD: "spawn", "PYTHONIOENCODING": "utf-8"}

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bwise_mooc", *arguments],
            cwd=inside,
            env=environment,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )

    checked = run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run("build", "--format", "all", "--jobs", "2", "--quiet")
    assert built.returncode == 0, built.stdout + built.stderr
    out = root / "build"
    for package in (
        "html/index.html",
        "scorm12/bwise-digital-skills.zip",
        "scorm2004/bwise-digital-skills.zip",
        "olx/bwise-digital-skills.tar.gz",
        "cc/bwise-digital-skills.imscc",
    ):
        assert (out / package).is_file(), package
    assert not (inside / "build").exists()
