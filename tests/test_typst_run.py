"""Handouts are laid out by fresh Typst processes that a small launcher starts, not the build:
a process started by the build shows the build's memory until it has loaded its program."""

import subprocess
from pathlib import Path
from typing import Any

import psutil
import pytest

from bwise_mooc.exporters.pdf import typst_run


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command of every process this (the build's) process starts, from now on."""
    commands: list[list[str]] = []
    popen = subprocess.Popen

    class Recording(popen):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *rest: Any, **options: Any) -> None:
            commands.append(list(args))
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    typst_run._stop_launchers()  # none left from other tests
    return commands


def _source(tmp_path: Path, text: str) -> Path:
    main = tmp_path / "main.typ"
    main.write_text(text, "utf-8")
    return main


def test_a_layout_is_started_by_the_launcher_not_by_the_build(
    started: list[list[str]], tmp_path: Path
) -> None:
    typst_run.start_launchers(1)
    assert len(started) == 1 and typst_run.LAUNCHER in started[0]
    launcher = psutil.Process(typst_run._IDLE[0].process.pid)
    main = _source(tmp_path, "Hello, #sys.inputs.name.")
    pdf = typst_run.compile_pdf(main, tmp_path, {"name": "Amal"}, 0)
    assert pdf.startswith(b"%PDF")
    assert len(started) == 1  # the layout's process was started by the launcher
    assert launcher.is_running() and typst_run._IDLE[0].process.pid == launcher.pid  # kept


def test_a_typst_error_is_raised_with_typst_s_message(
    started: list[list[str]], tmp_path: Path
) -> None:
    main = _source(tmp_path, "#let broken = (")
    with pytest.raises(typst_run.TypstFailed) as failed:
        typst_run.compile_pdf(main, tmp_path, {}, 0)
    assert str(failed.value).startswith("Typst could not lay out main.typ: ")
    assert "unclosed delimiter" in str(failed.value)  # Typst's own words
    pdf = typst_run.compile_pdf(_source(tmp_path, "Fine."), tmp_path, {}, 0)  # the launcher goes on
    assert pdf.startswith(b"%PDF")
    assert len(started) == 1


def test_a_launcher_that_has_ended_is_replaced(started: list[list[str]], tmp_path: Path) -> None:
    typst_run.start_launchers(1)
    typst_run._IDLE[0].process.kill()
    typst_run._IDLE[0].process.wait()
    pdf = typst_run.compile_pdf(_source(tmp_path, "Again."), tmp_path, {}, 0)
    assert pdf.startswith(b"%PDF")
    assert len(started) == 2


def test_launchers_end_when_their_input_closes(started: list[list[str]]) -> None:
    typst_run.start_launchers(2)
    processes = [launcher.process for launcher in typst_run._IDLE]
    typst_run._stop_launchers()
    assert [process.returncode for process in processes] == [0, 0]
