"""Compiled templates are kept in the build cache (``exporters/html.py``
``keep_compiled_templates``): found again by a later process, never another tool's, and a
missing folder only costs compiling again."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment

from bwise_mooc.exporters import html
from bwise_mooc.exporters.html import environment, keep_compiled_templates

TEMPLATE = "lesson.html.j2"


@pytest.fixture(autouse=True)
def fresh_environments() -> Iterator[None]:
    """Each test starts with no environment made and no folder, and leaves the process so."""
    kept = html._KEPT
    saved = (kept.directory, kept.pattern)
    kept.directory = ""
    environment.cache_clear()
    yield
    kept.directory, kept.pattern = saved
    environment.cache_clear()


def _new_process() -> None:
    """What a new build process has: no environment made yet (the kept folder stays)."""
    environment.cache_clear()


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", refuse)


def test_a_compiled_template_is_found_again_by_the_next_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_compiled_templates(tmp_path, "tool1")
    made = environment("en").get_template(TEMPLATE)  # compiled and kept
    assert [path.name.startswith("tool1-") for path in tmp_path.iterdir()] == [True]
    _new_process()
    _no_compiling(monkeypatch)
    found = environment("de").get_template(TEMPLATE)  # another language shares the code
    assert found.root_render_func.__code__.co_code == made.root_render_func.__code__.co_code
    assert sorted(found.blocks) == sorted(made.blocks)
    with pytest.raises(AssertionError, match="compiled again"):
        environment("de").get_template("sco.html.j2")  # never kept: the check can fail


def test_environments_made_before_the_folder_is_known_keep_their_code_there(
    tmp_path: Path,
) -> None:
    made_before = environment("en")
    keep_compiled_templates(tmp_path, "tool1")
    made_before.get_template(TEMPLATE)
    assert len(list(tmp_path.iterdir())) == 1


def test_another_tools_code_is_removed_and_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_compiled_templates(tmp_path, "tool1")
    environment("en").get_template(TEMPLATE)
    _new_process()
    keep_compiled_templates(tmp_path, "tool2")
    assert list(tmp_path.iterdir()) == []
    _no_compiling(monkeypatch)
    with pytest.raises(AssertionError, match="compiled again"):
        environment("en").get_template(TEMPLATE)


def test_a_removed_folder_costs_compiling_again_not_the_page(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "templates"
    keep_compiled_templates(folder, "tool1")
    environment("en").get_template(TEMPLATE)
    shutil.rmtree(tmp_path / "cache")  # as when build/ is deleted under the preview server
    _new_process()
    assert environment("en").get_template("sco.html.j2") is not None
    assert len(list(folder.iterdir())) == 1  # made again, with the template kept now


def test_no_folder_is_made_before_a_template_is_kept(tmp_path: Path) -> None:
    keep_compiled_templates(tmp_path / "build" / ".cache" / "templates", "tool1")
    assert not (tmp_path / "build").exists()  # a build stopped by errors leaves no build/
