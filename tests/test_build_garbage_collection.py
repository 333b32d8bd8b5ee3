"""How a build uses Python's garbage collector (``workers.no_cycles_made``,
``workers.long_lived_kept_apart``): none runs while lesson cache entries are unpickled, the
course model is frozen out of collections while formats are written, and nothing stays frozen
after the build (the preview server builds again and again in one process)."""

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bwise_mooc import build as build_module
from bwise_mooc import pipeline
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.cache import BuildCache


def test_a_build_freezes_the_course_while_writing_and_thaws_it_after(
    fixture_course: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fixture_course("sample")
    frozen_while_writing: list[int] = []
    real_export = pipeline.export

    def export(*args: Any, **kwargs: Any) -> Any:
        frozen_while_writing.append(gc.get_freeze_count())
        return real_export(*args, **kwargs)

    monkeypatch.setattr(build_module, "export", export)
    before = gc.get_freeze_count()
    started = Build(BuildRequest(root, formats=["html"]))
    assert not started.read().errors
    started.write()
    assert frozen_while_writing and frozen_while_writing[0] > before
    assert gc.get_freeze_count() == 0  # thawed, whatever was frozen before


def test_no_collection_runs_while_cache_entries_are_unpickled(
    fixture_course: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fixture_course("sample")
    assert not Build(BuildRequest(root, formats=["html"])).read().errors  # fills the cache
    enabled: list[bool] = []
    real_lesson = BuildCache.lesson

    def lesson(self: BuildCache, key: str) -> Any:
        enabled.append(gc.isenabled())
        return real_lesson(self, key)

    monkeypatch.setattr(BuildCache, "lesson", lesson)
    assert gc.isenabled()
    assert not Build(BuildRequest(root, formats=["html"])).read().errors
    assert enabled and not any(enabled)
    assert gc.isenabled()
