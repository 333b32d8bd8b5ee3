"""The ``bwise-mooc`` command line: the only place that prints problems and picks exit codes.

Exit codes: 0 OK, 1 authoring errors, 2 usage error, 3 an emitted file failed validation
(a bug in bwise-mooc), 4 warnings under ``--strict``, 70 internal error (traceback saved).
"""

import errno
import json
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from bwise_mooc import __version__
from bwise_mooc.build import Build, BuildRequest
from bwise_mooc.config import CourseConfig, GlossaryConfig, LessonFrontMatter, ModuleConfig
from bwise_mooc.diagnostics import BuildFailed, Diagnostics, ExitCode, Severity
from bwise_mooc.exporters import EXPORTERS, BuildOptions, unavailable
from bwise_mooc.images import ImageError
from bwise_mooc.ir import Course
from bwise_mooc.pipeline import output_dir
from bwise_mooc.progress import Progress
from bwise_mooc.scaffold import ScaffoldError, new_lesson, new_module
from bwise_mooc.validate import InvalidOutput

F = TypeVar("F", bound=Callable[..., Any])


def _course_root(_: click.Context, __: click.Parameter, value: Path | None) -> Path:
    """``--root``, or the folder holding ``course/course.yml``: the current folder or the
    nearest one above it, so that a command run inside ``modules/01-x/`` finds its course."""
    if value is not None:
        return value
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "course" / "course.yml").is_file():
            return folder if folder != here else Path(".")
    return Path(".")


ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_course_root,
    help="Folder holding course/ and modules/ [default: the current folder, or the nearest "
    "folder above it that holds course/course.yml].",
)
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors (exit code 4).")


def _guarded(command: F) -> F:
    """Turn an unexpected exception into one line and a saved traceback (exit 70)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            with tempfile.NamedTemporaryFile(
                "w", prefix="bwise-mooc-crash-", suffix=".log", delete=False
            ) as log:
                traceback.print_exc(file=log)
            click.echo(f"internal error: {exc!r}; details saved in {log.name}", err=True)
            sys.exit(ExitCode.INTERNAL)

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(__version__, prog_name="bwise-mooc")
def main() -> None:
    """Compile Markdown lessons and quizzes into SCORM, Open edX OLX and an HTML preview."""
    _printable_output()


def _printable_output() -> None:
    """Messages quote the course's own words (Arabic, German, ...). Where the output's encoding
    cannot carry a character (Windows writes cp1252 into a pipe or a file), it is written as a
    ``?`` instead of stopping the command with a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="replace")


# errors that mean the command asked for something the course does not have, not a mistake in it
USAGE_CODES = frozenset({"language.undeclared"})  # --lang fr in a course without French


def _report(diagnostics: Diagnostics, strict: bool, quiet: bool = False) -> None:
    for item in diagnostics:
        colour = "red" if item.severity is Severity.ERROR else "yellow"
        click.secho(str(item), fg=colour, err=True)
    if not quiet or len(diagnostics):
        click.echo(diagnostics.summary(), err=True)
    if diagnostics.errors and all(d.code in USAGE_CODES for d in diagnostics.errors):
        raise BuildFailed("stopped: see --help for the options", ExitCode.USAGE)
    if diagnostics.errors:
        raise BuildFailed("stopped: fix the errors above", ExitCode.AUTHOR_ERRORS)
    if strict and diagnostics.warnings:
        raise BuildFailed("stopped: warnings are errors under --strict", ExitCode.STRICT_WARNINGS)


def _load(
    root: Path,
    strict: bool,
    quiet: bool = False,
    languages: Sequence[str] = (),
    source_only: bool = False,
) -> list[Course]:
    """The course in each language (default: all declared; with ``source_only``, the source
    language alone), or stop on errors."""
    request = BuildRequest(root, languages=languages, source_only=source_only and not languages)
    build = Build(request)  # no formats: writes nothing
    _report(build.read(), strict, quiet)
    assert build.courses  # no error was reported, so the course was built
    return build.courses


def _stop(line: str) -> BuildFailed:
    """Print one problem that is not in a course file (the build folder, an image the build
    cannot make) and return the exit with code 1 for the caller to raise."""
    click.secho(line, fg="red", err=True)
    return BuildFailed("stopped: fix the error above", ExitCode.AUTHOR_ERRORS)


# the machine's refusals, not bwise-mooc's mistakes: no right to write, read-only, disk full
UNWRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT})


def _check_output_folder(root: Path, out: Path) -> None:
    """The build folder must be writable and outside the sources it is built from (a build
    inside ``modules/`` would be read back as course files by the next build)."""
    for folder in ("course", "modules"):
        sources = (root / folder).resolve()
        if out.resolve() == sources or out.resolve().is_relative_to(sources):
            raise _stop(
                f"{out}: error: the output folder is inside the course's {folder}/ folder; "
                "choose one outside course/ and modules/, such as build/ [out.inside-sources]"
            )
    missing = [folder for folder in (out, *out.parents) if not folder.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
        if missing:  # a build that stops on errors leaves no build folder behind
            shutil.rmtree(missing[-1])
    except OSError as exc:
        raise _stop(
            f"{out}: error: cannot write the build here: {exc.strerror or exc}; "
            "choose another folder with --out [out.unwritable]"
        ) from exc


def _languages(value: str | None) -> list[str]:
    """``--lang de,en``: each language once, in the order given."""
    return list(dict.fromkeys(part.strip() for part in (value or "").split(",") if part.strip()))


LANG = click.option(
    "--lang",
    "lang",
    default=None,
    help="Comma-separated languages to use [default: every language in course.yml].",
)


@main.command()
@ROOT
@STRICT
@LANG
@click.option(
    "--report",
    is_flag=True,
    help="Also write build/report/index.html: readability, words, time, alt text, translations.",
)
@_guarded
def check(root: Path, strict: bool, lang: str | None, report: bool) -> None:
    """Check the course in every language and print every problem as path:line:col."""
    courses = _load(root, strict, languages=_languages(lang))
    if report:  # the registered output, where `build --format report` puts it
        for course in courses:
            place = root / "build" / output_dir(course, "report")
            page = EXPORTERS["report"](BuildOptions()).write(course, root, place).files[0]
            click.echo(f"report: {page}", err=True)
    course = courses[0]
    lessons = sum(1 for _ in course.lessons())
    names = ", ".join(c.language for c in courses)
    click.echo(
        f"{course.id}: {len(course.modules)} modules, {lessons} lessons checked in {names}",
        err=True,
    )


def _formats(value: str) -> list[str]:
    """The formats asked for. A format this machine cannot write (a system library is
    missing) stops the build when named, and is skipped with a warning under 'all'."""
    if value == "all":
        return [name for name in EXPORTERS if not _skipped(name)]
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown:
        known = ", ".join(sorted(EXPORTERS))
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; known: {known}, all")
    for name in names:
        if (reason := unavailable(name)) is not None:
            raise BuildFailed(reason, ExitCode.USAGE)
    return names


def _skipped(name: str) -> bool:
    reason = unavailable(name)
    if reason is not None:
        click.echo(f"warning: skipping {reason}", err=True)
    return reason is not None


@main.command()
@ROOT
@STRICT
@click.option(
    "--format",
    "formats",
    default="all",
    show_default=True,
    help="Comma-separated formats, or 'all'.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder [default: ROOT/build].",
)
@click.option(
    "--sco-per",
    type=click.Choice(["module", "lesson"]),
    default="module",
    show_default=True,
    help="SCORM: one SCO per module (lessons navigated inside it) or one SCO per lesson.",
)
@click.option("--quiet", is_flag=True, help="Print only problems.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for images and formats [default: the number of CPU cores].",
)
@click.option(
    "--no-cache", is_flag=True, help="Ignore and do not write the build cache (OUT/.cache)."
)
@LANG
@_guarded
def build(
    root: Path,
    strict: bool,
    formats: str,
    out: Path | None,
    sco_per: str,
    quiet: bool,
    jobs: int | None,
    no_cache: bool,
    lang: str | None,
) -> None:
    """Check the course, then build the chosen formats and languages.

    The source language goes to build/<format>/, each translation to build/<lang>/<format>/.
    Work is kept in OUT/.cache: an unchanged course is not built again, an edited lesson only
    redoes what depends on it.
    """
    names = _formats(formats)
    options = BuildOptions(sco_per="lesson" if sco_per == "lesson" else "module")
    target = out or root / "build"
    _check_output_folder(root, target)
    request = BuildRequest(
        root,
        formats=names,
        languages=_languages(lang),
        out=target,
        options=options,
        use_cache=not no_cache,
        jobs=jobs or os.cpu_count() or 1,
    )
    started = Build(request, Progress.for_terminal(quiet))
    _report(started.read(), strict, quiet)
    if started.up_to_date and not quiet:
        click.echo("nothing changed: the outputs are up to date", err=True)
    try:
        artifacts = started.write()
    except InvalidOutput as exc:
        click.echo(f"internal error: emitted file failed validation: {exc}", err=True)
        raise BuildFailed("a bug in bwise-mooc: please report it", ExitCode.INVALID_OUTPUT) from exc
    except ImageError as exc:  # check decodes what the build decodes: this should not happen
        raise _stop(f"{exc.source}: error: {exc} [media.corrupt]") from exc
    except OSError as exc:
        if exc.errno not in UNWRITABLE:
            raise
        raise _stop(
            f"{exc.filename or target}: error: cannot write the build: {exc.strerror}; "
            "the previous outputs are unchanged [out.unwritable]"
        ) from exc
    for artifact in artifacts:
        if not quiet:
            click.echo(f"{artifact.format}: {artifact.root}", err=True)


@main.command("dump-ir")
@ROOT
@click.option("--lang", "lang", default=None, help="The language to print [default: the source].")
@_guarded
def dump_ir(root: Path, lang: str | None) -> None:
    """Print the course model as JSON (for debugging and golden files)."""
    # without --lang, only the source language is read: a translation's problems are not its
    course = _load(root, False, quiet=True, languages=_languages(lang), source_only=True)[0]
    click.echo(course.model_dump_json(indent=2))


@main.command()
@ROOT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the schema files [default: ROOT/build/schema].",
)
@_guarded
def schema(root: Path, out: Path | None) -> None:
    """Write JSON Schema files for course.yml, module.yml, lesson front matter and glossary.yml."""
    out = out or root / "build" / "schema"
    out.mkdir(parents=True, exist_ok=True)
    for name, model in (
        ("course", CourseConfig),
        ("module", ModuleConfig),
        ("lesson", LessonFrontMatter),
        ("glossary", GlossaryConfig),
    ):
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(model.model_json_schema(), indent=2) + "\n", encoding="utf-8")
        click.echo(str(path))


@main.group()
def new() -> None:
    """Create a new module or lesson from a template."""


@new.command("module")
@ROOT
@click.argument("slug")
@click.option("--title", required=True)
@click.option("--track", required=True, help="A track id from course/course.yml.")
@_guarded
def new_module_command(root: Path, slug: str, title: str, track: str) -> None:
    """Create modules/NN-SLUG/ with module.yml and a first lesson."""
    try:
        for path in new_module(root, slug, title, track):
            click.echo(f"created {path}")
    except ScaffoldError as exc:
        raise BuildFailed(str(exc), ExitCode.AUTHOR_ERRORS) from exc


@new.command("lesson")
@ROOT
@click.argument("module")
@click.argument("slug")
@click.option("--title", required=True)
@_guarded
def new_lesson_command(root: Path, module: str, slug: str, title: str) -> None:
    """Create the next NN-SLUG.md lesson in MODULE (its folder or slug)."""
    try:
        click.echo(f"created {new_lesson(root, module, slug, title)}")
    except ScaffoldError as exc:
        raise BuildFailed(str(exc), ExitCode.AUTHOR_ERRORS) from exc


@main.command()
@ROOT
@click.option("--lang", "lang", default=None, help="The language to preview [default: the source].")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="With --serve: the port on 127.0.0.1 (0 picks a free one).",
)
@click.option(
    "--serve/--no-serve",
    default=False,
    show_default=True,
    help="Serve the preview, rebuild it on every change and reload the open page.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@_guarded
def preview(root: Path, lang: str | None, port: int, serve: bool, open_browser: bool) -> None:
    """Build the HTML preview of one language, as 'build --format html' does.

    With --serve, serve it on http://127.0.0.1:PORT/, rebuild it whenever a file under course/
    or modules/ changes and reload the open page. A rebuild with errors prints them and keeps
    the last good preview. Ctrl-C stops.
    """
    import webbrowser

    from bwise_mooc import serve as live  # loads watchfiles and http.server for this command only

    languages = _languages(lang)
    if len(languages) > 1:
        raise click.BadParameter("preview one language at a time", param_hint="--lang")
    rebuilder = live.Rebuilder(root, languages[0] if languages else None, os.cpu_count() or 1)
    rebuilder()
    if not serve:
        _report(rebuilder.diagnostics, strict=False, quiet=True)
        if open_browser:
            webbrowser.open(rebuilder.index.resolve().as_uri())
        click.echo(str(rebuilder.index))
        return
    for item in rebuilder.diagnostics:
        click.secho(str(item), fg="red" if item.severity is Severity.ERROR else "yellow", err=True)
    if rebuilder.diagnostics.errors:
        click.echo("preview not built: fix the errors above; the page reloads then", err=True)
    rebuilder.jobs = 1  # no worker processes forked from a process with server threads

    def show(rebuilt: "live.Rebuilt") -> None:
        for item in rebuilt.errors.errors if rebuilt.errors is not None else ():
            click.secho(str(item), fg="red", err=True)
        click.secho(str(rebuilt), fg=None if rebuilt.ok else "yellow", err=True)

    try:
        server = live.PreviewServer(live.LiveState(rebuilder.site, rebuilder.diagnostics), port)
    except OSError as exc:
        raise BuildFailed(
            f"cannot serve on 127.0.0.1:{port}: {exc.strerror}; choose another --port",
            ExitCode.USAGE,
        ) from exc
    with server:
        click.echo(f"serving {rebuilder.site} at {server.url} (Ctrl-C stops)")
        if open_browser:
            webbrowser.open(server.url)
        try:
            live.watch(rebuilder, server.state, show)
        except KeyboardInterrupt:  # Ctrl-C: a normal way to stop
            click.echo("stopped", err=True)


@main.group()
def credential() -> None:
    """Issue and verify signed Open Badges 3.0 credentials (see docs/credentials.md)."""


@credential.command("keygen")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new key file (PEM); it must not exist yet.",
)
@_guarded
def credential_keygen(out: Path) -> None:
    """Make the awarding body's Ed25519 signing key (readable by you only) and print its
    did:key, the issuer id of every credential signed with it."""
    from bwise_mooc.issuing.did_key import did_key
    from bwise_mooc.issuing.keys import KeyFileError, new_key

    try:
        key = new_key(out)
    except KeyFileError as exc:
        raise _stop(str(exc)) from exc
    click.echo(did_key(key.public_key()))
    click.echo(
        f"{out}: the private key, readable by you only: never commit it or send it by e-mail; "
        "keep an offline backup (docs/credentials.md)",
        err=True,
    )


@credential.command("issue")
@ROOT
@click.option("--track", required=True, help="A track id from course/course.yml.")
@click.option(
    "--learners",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The LMS completion export: Moodle's course completion report (CSV) or "
    "email,name,completed.",
)
@click.option(
    "--key",
    "key_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The awarding body's Ed25519 private key (PEM, from `credential keygen`).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the credentials [default: ROOT/build/issued-credentials].",
)
@click.option("--lang", "lang", default=None, help="The course's language [default: the source].")
@click.option(
    "--with-names",
    is_flag=True,
    help="Also put each learner's name, in clear, in their credential [default: only the "
    "hashed e-mail].",
)
@click.option(
    "--timezone",
    "zone_name",
    default="UTC",
    show_default=True,
    help="The time zone of the export's dates (Moodle writes them in the downloader's zone), "
    "such as Europe/Brussels.",
)
@_guarded
def credential_issue(
    root: Path,
    track: str,
    learners: Path,
    key_file: Path,
    out: Path | None,
    lang: str | None,
    with_names: bool,
    zone_name: str,
) -> None:
    """Sign one Open Badges 3.0 credential for each learner who completed TRACK."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from bwise_mooc.exporters.credentials import awarding_tracks
    from bwise_mooc.issuing import issue as issuing
    from bwise_mooc.issuing.completions import read_completions
    from bwise_mooc.issuing.did_key import did_key
    from bwise_mooc.issuing.keys import KeyFileError, load_key, readable_by_others

    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise click.BadParameter(
            f"unknown time zone {zone_name!r}", param_hint="--timezone"
        ) from exc
    try:
        key = load_key(key_file)
    except KeyFileError as exc:
        raise _stop(str(exc)) from exc
    if readable_by_others(key_file):
        click.secho(
            f"{key_file}: warning: the private key is readable by other users of this machine; "
            f"run: chmod 600 {key_file}",
            fg="yellow",
            err=True,
        )
    languages = _languages(lang)
    if len(languages) > 1:
        raise click.BadParameter("issue in one language at a time", param_hint="--lang")
    course = _load(root, strict=False, quiet=True, languages=languages, source_only=True)[0]
    tracks = {each.id: each for each in awarding_tracks(course)}
    if track not in tracks:
        known = ", ".join(tracks) or "none"
        raise click.BadParameter(
            f"{track!r} is not a track that awards a credential in {course.language} "
            f"(those that do: {known})",
            param_hint="--track",
        )
    completions = read_completions(learners, zone)
    for line in completions.errors:
        click.secho(line, fg="red", err=True)
    if completions.errors:
        raise BuildFailed(
            "stopped: fix the errors above; nothing was issued", ExitCode.AUTHOR_ERRORS
        )
    body = tracks[track].credential
    assert body is not None
    homepage = body.awarding_body.homepage or ""
    if homepage.rstrip("/").endswith(".example"):
        click.secho(
            f"course/course.yml: warning: the awarding body's homepage {homepage} is on a "
            "reserved example domain: put the real awarding body in course.yml before issuing "
            "credentials to learners",
            fg="yellow",
            err=True,
        )
    target = out if out is not None else root / "build" / "issued-credentials"
    try:
        made = issuing.issue(
            course,
            tracks[track],
            completions.completed,
            key,
            target,
            datetime.now(UTC),
            with_names,
        )
    except issuing.InvalidCredential as exc:
        raise BuildFailed(
            f"internal error: a credential failed its own checks ({exc})", ExitCode.INVALID_OUTPUT
        ) from exc
    for each in made:
        click.echo(str(each.path))
    click.echo(
        f"{track}: issued {len(made)} credentials signed by {did_key(key.public_key())}; "
        f"skipped {completions.not_completed} learners without a completion date",
        err=True,
    )


@credential.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@_guarded
def credential_verify(files: tuple[Path, ...]) -> None:
    """Check the signature and 1EdTech's JSON Schema of each credential FILE (offline).

    Exit code 0 when every file is valid, 1 otherwise."""
    from bwise_mooc.issuing.issue import verify_file

    invalid = 0
    for path in files:
        verdict = verify_file(path)
        if verdict.valid:
            click.echo(
                f"{path}: valid: {verdict.achievement!r}, signed by {verdict.issuer} "
                f"({verdict.issuer_name}); eddsa-rdfc-2022 proof and 1EdTech JSON Schema check out"
            )
            continue
        invalid += 1
        for problem in verdict.proof_problems:
            click.secho(f"{path}: invalid: {problem}", fg="red")
        for problem in verdict.schema_problems:
            click.secho(f"{path}: invalid: schema: {problem}", fg="red")
    if invalid:
        raise BuildFailed(
            f"{invalid} of {len(files)} credentials are not valid", ExitCode.AUTHOR_ERRORS
        )
