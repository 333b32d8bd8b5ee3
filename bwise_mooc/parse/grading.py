"""Stage 1 helper: ``grading:`` of course.yml -> ``ir.Grading``, and its one rule across files.

Open edX grades the whole course against one pass mark, while every module has its own passing
score (SCORM, HTML preview). When the modules' passing scores differ, the Open edX pass mark
must be chosen in course.yml (``grading.open_edx_pass_mark``); without it ``check`` reports an
error at ``grading`` (or ``passing_score``) in course.yml.
"""

from collections.abc import Sequence

from bwise_mooc.config import CourseConfig
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Grading, Module, SourceSpan
from bwise_mooc.parse.yaml_source import yaml_value_spans

CONFIG_PATH = "course/course.yml"


def read_grading(
    config: CourseConfig, text: str | None, modules: Sequence[Module], diagnostics: Diagnostics
) -> Grading:
    """The course's grading settings; an error when Open edX would need a pass mark chosen."""
    grading = Grading(
        attempts=config.grading.attempts,
        open_edx_pass_mark=config.grading.open_edx_pass_mark,
    )
    if grading.open_edx_pass_mark is not None:
        return grading
    by_score: dict[int, list[str]] = {}
    for module in modules:
        by_score.setdefault(module.passing_score, []).append(module.folder)
    if len(by_score) > 1:
        diagnostics.error(
            _where(text),
            "grading.open-edx-pass-mark",
            f"modules have different passing scores ({_listing(by_score)}), but Open edX grades "
            "the whole course against one pass mark: choose it with "
            "'grading: {open_edx_pass_mark: N}' (see docs/authoring.md, 7. Scoring and passing)",
        )
    return grading


def _where(text: str | None) -> SourceSpan:
    """``grading`` in course.yml if it is there, else ``passing_score``, else the first line."""
    spans = yaml_value_spans(text, CONFIG_PATH) if text else {}
    return spans.get(("grading",)) or spans.get(("passing_score",)) or SourceSpan(path=CONFIG_PATH)


def _listing(by_score: dict[int, list[str]]) -> str:
    """``70 in 01-a and 3 more, 80 in 05-e``: each score with its first module, lowest first."""
    return ", ".join(
        f"{score} in {folders[0]}" + (f" and {len(folders) - 1} more" if len(folders) > 1 else "")
        for score, folders in sorted(by_score.items())
    )
