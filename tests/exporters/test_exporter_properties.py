"""Property-based test of the whole pipeline (issue 6): for generated lessons and quizzes,
bwise-mooc either reports clean author errors or writes packages that pass validation.

Every exporter validates what it emits (SCORM manifests against the official XSDs, OLX against
the project's schema) and raises ``InvalidOutput`` otherwise, so a build that returns is valid.
"""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bwise_mooc.exporters import EXPORTERS
from bwise_mooc.pipeline import export, load_course
from tests.conftest import COURSE_YML, FRONT, MODULE_YML
from tests.parse.test_properties import markdownish, phrase, question

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@st.composite
def lessons(draw: st.DrawFn) -> str:
    parts = [f"## {draw(phrase)}", draw(markdownish)]
    for kind in ("quiz", "assessment"):
        questions = draw(st.lists(question(), min_size=1, max_size=4))
        parts.append(f"::: {kind}\n" + "\n".join(q for q, _, _ in questions) + ":::")
    parts.append(draw(st.one_of(markdownish, st.text(max_size=120))))
    return FRONT + "\n\n".join(parts) + "\n"


@SETTINGS
@given(body=lessons(), title=phrase)
def test_any_lesson_gives_author_errors_or_valid_packages(body: str, title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = {
            "course/course.yml": COURSE_YML.replace("Demo course", title.replace(":", " ")),
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": body,
        }
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        course, diagnostics = load_course(root)
        if diagnostics.errors:
            assert all(d.line >= 1 and d.message for d in diagnostics.errors)
            event("author errors: " + diagnostics.errors[0].code)
            return
        event("built every format")
        assert course is not None
        artifacts = export([course], root, root / "build", list(EXPORTERS))
        assert {artifact.format for artifact in artifacts} == set(EXPORTERS)
