"""One build, whatever the command: ``check``, ``build``, ``dump-ir``, ``preview`` and
``preview --serve`` all run a ``Build``.

A ``BuildRequest`` says what to make: which formats (none for ``check`` and ``dump-ir``),
which languages, where, with how many workers. ``Build.read`` runs the stages that find
problems, ``Build.write`` the stages that make files; between the two the caller reports the
diagnostics and decides whether to go on:

- discover: walk the sources once (``discover_sources``: read for every language, and the
  cache's tree digest), recover a build killed while publishing, open the build cache (only
  when files are to be written: ``check`` writes nothing), and find an identical last build;
- read and check: ``pipeline.load_languages`` (stages 1-2; lessons are found in the cache or
  parsed, by workers when they pay: ``lesson_cache.py``);
- plan, write and publish: ``pipeline.export`` (images, then each format in workers, then all
  published together), and the cache records the build.

This module alone decides whether the cache is used and when it is saved: after reading, as
long as the build folder exists or the sources are free of errors (a failed first build leaves
no build folder), and again after writing.
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bwise_mooc.cache import TEMPLATES_FOLDER, BuildCache, make_key, tool_fingerprint
from bwise_mooc.diagnostics import Diagnostic, Diagnostics, Severity
from bwise_mooc.exporters import EXPORTERS, Artifact, BuildOptions
from bwise_mooc.exporters.html import keep_compiled_templates
from bwise_mooc.exporters.pdf.typst_run import start_launchers
from bwise_mooc.ir import Course, SourceSpan
from bwise_mooc.memo import CachedParts
from bwise_mooc.parse.files import Sources, discover_sources
from bwise_mooc.pipeline import export, load_languages, output_dir
from bwise_mooc.progress import Progress
from bwise_mooc.publish import recover
from bwise_mooc.workers import long_lived_kept_apart

CACHE_FOLDER = ".cache"


@dataclass(frozen=True)
class BuildRequest:
    """What a command asks for."""

    root: Path
    formats: Sequence[str] = ()  # none: read and check only (check, dump-ir)
    languages: Sequence[str] = ()  # none: every declared language
    source_only: bool = False  # the source language alone (preview without --lang)
    out: Path | None = None  # default: ROOT/build
    options: BuildOptions = field(default_factory=BuildOptions)
    use_cache: bool = True  # only ever used when formats are written
    jobs: int = 1

    @property
    def folder(self) -> Path:
        return self.out or self.root / "build"


class Build:
    """A build under way: ``read`` (discover, read, check), then ``write`` (plan, write,
    publish) if the caller goes on."""

    def __init__(self, request: BuildRequest, progress: Progress | None = None) -> None:
        self.request = request
        self.progress = progress
        self.courses: list[Course] = []
        self.diagnostics = Diagnostics()
        self.artifacts: list[Artifact] = []
        self.up_to_date = False  # an identical last build's outputs are all in place
        self._cache: BuildCache | None = None
        self._parts: CachedParts | None = None
        self._key = ""

    @property
    def options(self) -> BuildOptions:
        """The request's options, with the cache's part store when the build has a cache."""
        if self._parts is None:
            return self.request.options
        return replace(self.request.options, parts=self._parts)

    def read(self) -> Diagnostics:
        """Discover, read and check: every problem of the chosen languages."""
        request = self.request
        sources = discover_sources(request.root)
        if request.formats and request.use_cache:
            self._discover(sources)
            if self.up_to_date:
                return self.diagnostics
        if "pdf" in request.formats:  # while this process is small (see typst_run.py)
            start_launchers(max(request.jobs - 1, 1))
        self.courses, self.diagnostics = load_languages(
            request.root,
            request.languages,
            self._cache,
            request.jobs,
            self.progress,
            request.source_only,
            sources,
        )
        self._warn_about_formats()
        if self._cache is not None and (
            not self.diagnostics.errors or request.folder.exists()
        ):  # a failed first build leaves no build folder
            self._cache.save()
        return self.diagnostics

    def write(self) -> list[Artifact]:
        """Plan, write and publish every format of every course read; nothing on errors."""
        if self.up_to_date or self.diagnostics.errors or not self.request.formats:
            return self.artifacts
        request = self.request
        with long_lived_kept_apart():  # the courses read, until they are written
            self.artifacts = export(
                self.courses,
                request.root,
                request.folder,
                request.formats,
                self.options,
                request.jobs,
                self.progress,
            )
        if self._cache is not None:
            self._cache.record_build(self._record())
            self._cache.save()
        return self.artifacts

    def site(self, format_name: str) -> Path:
        """Where ``format_name`` of the first language read is (or would be) written."""
        if self.courses:
            return self.request.folder / output_dir(self.courses[0], format_name)
        languages = self.request.languages
        if languages and not self.request.source_only:
            return self.request.folder / languages[0] / format_name
        return self.request.folder / format_name

    # -- stages ---------------------------------------------------------------------------------

    def _discover(self, sources: Sources) -> None:
        """Finish a half-published build, open the cache, and look for an identical last build."""
        request, out = self.request, self.request.folder
        if out.is_dir():
            recover(out)
        self._cache = cache = BuildCache(out / CACHE_FOLDER, request.root)
        self._parts = CachedParts(cache.folder)
        keep_compiled_templates(cache.folder / TEMPLATES_FOLDER, tool_fingerprint()[:16])
        self._key = make_key(
            "build",
            cache.tree_digest(sources.files),
            list(request.formats),
            list(request.languages),
            request.source_only,
            request.options.sco_per,
            os.environ.get("SOURCE_DATE_EPOCH", ""),
        )
        last = cache.last_build()
        if last and last.get("key") == self._key and _outputs_intact(out, last.get("outputs", {})):
            self.diagnostics = Diagnostics([_diagnostic(i) for i in last.get("diagnostics", [])])
            self.artifacts = [
                Artifact(a["format"], out / a["root"], tuple(out / f for f in a["files"]))
                for a in last.get("artifacts", [])
            ]
            self.up_to_date = True
            cache.save()

    def _warn_about_formats(self) -> None:
        """What the chosen formats and options mean on the platforms that play them: each
        format's notices (what writing it leaves out), and the options' consequences."""
        for name in self.request.formats:
            for notice in EXPORTERS[name].notices:
                for course in self.courses:
                    notice(course, self.diagnostics)
        if "scorm2004" in self.request.formats and self.request.options.sco_per == "lesson":
            self.diagnostics.warning(
                SourceSpan(path="course/course.yml"),
                "scorm.2004-multi-sco",
                "SCORM 2004 with one SCO per lesson: Moodle 4.3 starts only the first SCO of "
                "such a package (every later one is refused with error 104 and saves nothing); "
                "for Moodle, upload the SCORM 1.2 packages or build SCORM 2004 with "
                "'--sco-per module' (see docs/moodle.md)",
            )

    def _record(self) -> dict[str, Any]:
        out = self.request.folder
        return {
            "key": self._key,
            "outputs": _outputs(out, self.artifacts),
            "diagnostics": [_as_list(item) for item in self.diagnostics],
            "artifacts": [
                {
                    "format": a.format,
                    "root": a.root.relative_to(out).as_posix(),
                    "files": [f.relative_to(out).as_posix() for f in a.files],
                }
                for a in self.artifacts
            ],
        }


def _outputs(out: Path, artifacts: Sequence[Artifact]) -> dict[str, list[int]]:
    """Every file the build wrote, with its size and modification time."""
    found = {}
    for artifact in artifacts:
        for path in sorted(artifact.root.rglob("*")):
            if path.is_file():
                stat = path.stat()
                found[path.relative_to(out).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return found


def _outputs_intact(out: Path, outputs: dict[str, list[int]]) -> bool:
    for name, (size, mtime) in outputs.items():
        try:
            stat = (out / name).stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return bool(outputs)


def _as_list(item: Diagnostic) -> list[Any]:
    return [item.path, item.line, item.column, item.severity.value, item.message, item.code]


def _diagnostic(item: list[Any]) -> Diagnostic:
    path, line, column, severity, message, code = item
    return Diagnostic(path, line, column, Severity(severity), message, code)
