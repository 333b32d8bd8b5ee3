"""Progress lines: on a terminal only, never in CI or with --quiet."""

import io

import pytest

from bwise_mooc.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_one_updating_line_per_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    progress = Progress.for_terminal(quiet=False)
    progress.step("formats", 1, 4, "scorm12 (en)")
    progress.step("formats", 2, 4, "olx (en)")
    progress.finish("formats", "4 written")
    text = stream.getvalue()
    assert "\rformats: 1/4 scorm12 (en)" in text.replace("\x1b[K", "")
    assert text.replace("\x1b[K", "").rstrip().endswith(" s)")
    assert text.count("\n") == 1  # one finished line, the rest rewritten in place


@pytest.mark.parametrize(
    ("ci", "quiet", "tty"), [("true", False, True), ("", True, True), ("", False, False)]
)
def test_ci_quiet_and_pipes_see_nothing(
    monkeypatch: pytest.MonkeyPatch, ci: str, quiet: bool, tty: bool
) -> None:
    if ci:
        monkeypatch.setenv("CI", ci)
    else:
        monkeypatch.delenv("CI", raising=False)
    stream = Terminal() if tty else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    progress = Progress.for_terminal(quiet=quiet)
    progress.step("images", 3, 10)
    progress.finish("images", "10 optimised")
    assert stream.getvalue() == ""
