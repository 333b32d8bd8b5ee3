"""Stage 3 exporter: ir.Course -> static HTML preview for reviewers (placeholder)."""

from pathlib import Path
from typing import ClassVar

from bwise_mooc.exporters.base import Artifact, staged_directory, write_text
from bwise_mooc.ir import Course


class HtmlPreview:
    name: ClassVar[str] = "html"
    description: ClassVar[str] = "static HTML preview"

    def write(self, course: Course, source_root: Path, out_dir: Path) -> Artifact:
        with staged_directory(out_dir) as stage:
            write_text(stage / "index.html", f"<title>{course.title}</title>")
        return Artifact(self.name, out_dir, (out_dir / "index.html",))
