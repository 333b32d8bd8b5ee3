"""``make bench``: time bwise-mooc builds of synthetic courses against ``mkdocs build`` (issue 8).

For each size (``--sizes 20,120,1000`` lessons; a ``t`` after the number, as in ``3000t``, makes
the course text-only: no pictures, ``synthetic_course.py --text-only``, the corpus on which
issue 21 measures memory) the synthetic course of
``scripts/synthetic_course.py`` is generated once into ``--work`` (and reused while the
generator and its options are unchanged), with the same Markdown and media as an mkdocs
project. Then, in this order, on the same corpus:

1. cold: ``bwise-mooc build --format all`` after deleting the output folder, cache included;
2. warm: every output deleted except ``build/.cache``, then built again;
3. no-op: built again with nothing changed;
4. one-lesson: one sentence appended to a lesson of a middle module (restored afterwards);
5. one-image: the largest photograph saved as PNG that one lesson alone shows replaced by
   another generated photograph of the same size (restored afterwards);
6. cold, no pdf: every format but the PDF handouts, cold, into a folder of its own (issue 21's
   cold target was set before the handouts existed: both figures are printed);
7. pdf alone: ``--format pdf`` into a folder of its own, cold: how much of the cold build the
   PDF handouts are (``--format all`` includes them);
8. mkdocs: ``mkdocs build --clean`` of the same Markdown, the reference.

Each step reports wall time, CPU time of the whole process tree (``RUSAGE_CHILDREN`` deltas),
peak memory (the RSS sum of the process tree, sampled every 20 ms; the largest single
process; the tree's PSS sum, which counts pages shared by forked workers once) and output
bytes; package sizes are compared with a plain ``zip -9`` of the sources. The figures are
printed with the targets of issue 8 beside them and written as JSON to ``WORK/results.json``.
A missed target is reported, not an error: only a failing build stops the script (exit 1).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from hashlib import sha256
from pathlib import Path

import psutil
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import image_kinds  # sibling scripts, not installed modules
import synthetic_course

BIN = Path(sys.executable).parent
SAMPLE_SECONDS = 0.02
PSS_EVERY = 25  # samples: PSS every half second (see TreeSampler)
PR_SET_CHILD_SUBREAPER = 36
EDIT = "\n\nThis sentence was added by the benchmark to time a one-lesson rebuild.\n"
PACKAGE_FORMATS = {
    "scorm12": ".zip",
    "scorm2004": ".zip",
    "olx": ".tar.gz",
    "cc": ".imscc",
    "epub": ".epub",  # one book per track: no course package
}
MB = 1e6


@dataclass(frozen=True)
class Target:
    """One goal of issue 8: ``value <= limit`` (or ``<``), judged at the size it is set for."""

    name: str
    limit: float
    applies_to: str


TARGETS = [
    Target("cold/mkdocs", 2.0, "1000 lessons (issue 21)"),
    Target("warm/mkdocs", 1.0, "1000 lessons"),
    Target("noop/cold", 0.02, "1000 lessons (issue 21)"),
    Target("one-lesson/cold", 0.05, "1000 lessons (issue 21)"),
    Target("one-image/cold", 0.1, "1000 lessons (issue 21)"),
    Target("peak memory MB", 400.0, "1000 lessons"),
    Target("peak memory PSS MB", 400.0, "1000 lessons"),
    Target("cold/mkdocs", 1.0, "3000t (text-only)"),
    Target("one-lesson/cold", 0.05, "3000t (text-only)"),
    Target("peak memory MB", 400.0, "3000t (text-only)"),
    Target("scorm12/plain zip", 0.25, "the photo-heavy 120"),
    Target("scorm2004/plain zip", 0.25, "the photo-heavy 120"),
    Target("olx/plain zip", 0.25, "the photo-heavy 120"),
    Target("cc/plain zip", 0.25, "the photo-heavy 120 (issue 21)"),
]


@dataclass
class Step:
    """The measures of one timed command."""

    name: str
    wall_s: float
    cpu_s: float
    peak_tree_rss: int
    peak_process_rss: int
    peak_tree_pss: int
    output_bytes: int
    packages: dict[str, dict[str, int]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Measuring one command
# ---------------------------------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Samples the RSS of a process and all its descendants until told to stop.

    RSS is read every ``SAMPLE_SECONDS`` (``/proc/<pid>/statm``: cheap). PSS only every
    ``PSS_EVERY`` samples: the kernel makes it by walking every page of the process, holding the
    process's memory-map lock (1.4 ms for a 300 MB process), so that reading it 50 times a
    second for every process took a fifth of a core from the build being measured.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_tree = 0
        self.peak_process = 0
        self.peak_tree_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        sample = 0
        while not self.done.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            rss = [rss_of(p) for p in processes]
            self.peak_tree = max(self.peak_tree, sum(rss))
            self.peak_process = max(self.peak_process, max(rss, default=0))
            if sample % PSS_EVERY == 0:
                pss = sum(pss_of(p) for p in processes)
                self.peak_tree_pss = max(self.peak_tree_pss, pss)
            sample += 1
            self.done.wait(SAMPLE_SECONDS)


def rss_of(process: psutil.Process) -> int:
    try:
        return int(process.memory_info().rss)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0


def pss_of(process: psutil.Process) -> int:
    """PSS: shared pages divided among their users (RSS where PSS is unknown)."""
    try:
        full = process.memory_full_info()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0
    return int(getattr(full, "pss", full.rss))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def become_subreaper() -> None:
    """Adopt orphaned descendants (Linux), so that their CPU time reaches RUSAGE_CHILDREN.

    A build's fork server and its workers outlive the build by a moment and are never waited
    for by it: without this, their CPU time would be missing from the figures.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans(timeout: float = 30.0) -> None:
    """Wait for every adopted descendant to end (they end with the build they belonged to)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                print("bench: warning: processes left by the build are still running")
                return
            time.sleep(0.01)


def timed(name: str, command: Sequence[str]) -> tuple[Step, subprocess.CompletedProcess[str]]:
    """Run a command, measuring wall and tree CPU time and peak memory (no output yet).

    Output goes to files, not pipes: the wall time ends when the command exits, not when the
    last process that inherited its output (a fork server) closes it.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        cpu_before = children_cpu()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        sampler = TreeSampler(process.pid)
        sampler.start()
        returncode = process.wait()
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        reap_orphans()
        cpu = children_cpu() - cpu_before
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(command, returncode, out.read(), err.read())
    peaks = (sampler.peak_tree, sampler.peak_process, sampler.peak_tree_pss)
    return Step(name, wall, cpu, *peaks, output_bytes=0), result


def checked(name: str, command: Sequence[str]) -> Step:
    """``timed``, stopping the benchmark with the command's own messages if it fails."""
    step, result = timed(name, command)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(
            f"bench: step '{name}' failed with exit code {result.returncode}: {' '.join(command)}"
        )
    return step


# ---------------------------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------------------------


def tree_bytes(root: Path, skip: str | None = None) -> int:
    total = 0
    for folder, dirs, files in os.walk(root):
        if skip is not None:
            dirs[:] = [d for d in dirs if d != skip]
        total += sum((Path(folder) / f).stat().st_size for f in files)
    return total


def package_bytes(build: Path, course_id: str) -> dict[str, dict[str, int]]:
    """Per format: the whole-course package, and all packages (whole course and per module)."""
    found: dict[str, dict[str, int]] = {}
    for fmt, suffix in PACKAGE_FORMATS.items():
        files = sorted((build / fmt).glob(f"*{suffix}"))
        course = build / fmt / f"{course_id}{suffix}"
        found[fmt] = {
            "course_package": course.stat().st_size if course.exists() else 0,
            "all_packages": sum(f.stat().st_size for f in files),
            "count": len(files),
        }
    return found


def plain_zip_bytes(root: Path, scratch: Path) -> int:
    """Bytes of ``course/`` and ``modules/`` in a zip at deflate level 9 (``zip -9``)."""
    target = scratch / "plain-sources.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part in ("course", "modules"):
            for path in sorted((root / part).rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root).as_posix())
    size = target.stat().st_size
    target.unlink()
    return size


# ---------------------------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------------------------


def generator_key(size: str, seed: int) -> str:
    source = b"".join(
        Path(module.__file__).read_bytes() for module in (synthetic_course, image_kinds)
    )
    return sha256(source + f"{size}-{seed}".encode()).hexdigest()


def corpus(work: Path, size: str, seed: int, fresh: bool) -> tuple[Path, Path, dict[str, object]]:
    """The course and mkdocs folders of one size (``3000t``: text-only), generated unless
    cached with the same key."""
    course, mkdocs = work / f"course-{size}", work / f"mkdocs-{size}"
    marker = work / f"corpus-{size}.json"
    key = generator_key(size, seed)
    lessons, text_only = int(size.rstrip("t")), size.endswith("t")
    if not fresh and marker.exists() and (course / "modules").is_dir():
        info: dict[str, object] = json.loads(marker.read_text())
        if info.get("key") == key:
            print(f"corpus {size}: reused {course}")
            return course, mkdocs, info
    modules, stats = synthetic_course.generate(
        course, lessons, seed=seed, photo_cache=work / ".photo-cache", text_only=text_only
    )
    synthetic_course.write_mkdocs(course, modules, mkdocs)
    print(f"corpus {size}: generated {stats.summary()}")
    middle = modules[len(modules) // 2]
    edited = middle.lessons[len(middle.lessons) // 2]
    info = {
        "key": key,
        "generator": asdict(stats),
        "plain_zip_bytes": plain_zip_bytes(course, work),
        "edited_lesson": f"modules/{middle.folder}/{edited.number:02d}-{edited.slug}.md",
    }
    marker.write_text(json.dumps(info, indent=2))
    return course, mkdocs, info


# ---------------------------------------------------------------------------------------------
# The five steps
# ---------------------------------------------------------------------------------------------


def build_command(course: Path, jobs: int | None) -> list[str]:
    command = [str(BIN / "bwise-mooc"), "build", "--root", str(course), "--format", "all"]
    command += ["--out", str(course / "build"), "--quiet"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    return command


def supports_jobs() -> bool:
    result = subprocess.run(
        [str(BIN / "bwise-mooc"), "build", "--help"], capture_output=True, text=True, check=True
    )
    return "--jobs" in result.stdout


def remove_outputs(build: Path) -> None:
    """Delete everything under the output folder but the build cache."""
    if not build.exists():
        return
    for entry in build.iterdir():
        if entry.name == ".cache":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def bwise_step(name: str, course: Path, command: Sequence[str], course_id: str) -> Step:
    step = checked(name, command)
    build = course / "build"
    step.output_bytes = tree_bytes(build, skip=".cache")
    step.packages = package_bytes(build, course_id)
    return step


def one_lesson_step(course: Path, lesson: Path, command: Sequence[str], course_id: str) -> Step:
    original = lesson.read_bytes()
    stat = lesson.stat()
    try:
        lesson.write_bytes(original + EDIT.encode())
        return bwise_step("one-lesson", course, command, course_id)
    finally:
        lesson.write_bytes(original)
        os.utime(lesson, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def photo_png_of_one_lesson(course: Path) -> Path | None:
    """The largest PNG over 1 MB (a photograph saved as PNG) that exactly one lesson shows."""
    lessons = [path.read_text("utf-8") for path in sorted((course / "modules").rglob("*.md"))]
    pngs = sorted((course / "modules").rglob("media/*.png"), key=lambda p: -p.stat().st_size)
    for png in pngs:
        if png.stat().st_size > 1_000_000 and sum(png.name in text for text in lessons) == 1:
            return png
    return None


def one_image_step(course: Path, command: Sequence[str], course_id: str) -> Step | None:
    """Replace one photo PNG with another generated photograph of the same size; restore it."""
    png = photo_png_of_one_lesson(course)
    if png is None:
        print("bench: no photo PNG shown by one lesson alone: no one-image step")
        return None
    original, stat = png.read_bytes(), png.stat()
    width, height = struct.unpack(">II", original[16:24])
    try:
        png.write_bytes(image_kinds.photo_png(f"bench-edit-{png.name}", (width, height)))
        return bwise_step("one-image", course, command, course_id)
    finally:
        png.write_bytes(original)
        os.utime(png, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def formats_step(course: Path, jobs: int | None, name: str, formats: str) -> Step:
    """``--format FORMATS``, cold, into a folder of its own."""
    out = course / "build-part"
    shutil.rmtree(out, ignore_errors=True)
    command = [*build_command(course, jobs)]
    command[command.index("all")] = formats
    command[command.index(str(course / "build"))] = str(out)
    step = checked(name, command)
    step.output_bytes = tree_bytes(out, skip=".cache")
    shutil.rmtree(out, ignore_errors=True)
    return step


def all_but_pdf() -> str:
    """Every format but the PDF handouts: what issue 21's cold target was set on (the handouts
    came later, with issue 19), measured apart so that both figures are seen."""
    from bwise_mooc.exporters import EXPORTERS

    return ",".join(name for name in EXPORTERS if name != "pdf")


def mkdocs_step(mkdocs: Path) -> Step:
    shutil.rmtree(mkdocs / "site", ignore_errors=True)
    binary = BIN / "mkdocs"
    program = [str(binary)] if binary.exists() else [sys.executable, "-m", "mkdocs"]
    step = checked("mkdocs", [*program, "build", "--clean", "-q", "-f", str(mkdocs / "mkdocs.yml")])
    step.output_bytes = tree_bytes(mkdocs / "site")
    return step


def run_size(work: Path, size: str, seed: int, jobs: int | None, fresh: bool) -> dict[str, object]:
    course, mkdocs, info = corpus(work, size, seed, fresh)
    load = os.getloadavg()[0]
    if load > 0.5:
        print(
            f"bench: warning: load average {load:.2f} before timing: other work skews the figures"
        )
    course_id = str(yaml.safe_load((course / "course" / "course.yml").read_text())["id"])
    command = build_command(course, jobs)
    build = course / "build"
    shutil.rmtree(build, ignore_errors=True)
    steps = [bwise_step("cold", course, command, course_id)]
    remove_outputs(build)
    steps.append(bwise_step("warm", course, command, course_id))
    steps.append(bwise_step("no-op", course, command, course_id))
    lesson = course / str(info["edited_lesson"])
    steps.append(one_lesson_step(course, lesson, command, course_id))
    image = one_image_step(course, command, course_id)
    steps += [image] if image is not None else []
    steps.append(formats_step(course, jobs, "cold, no pdf", all_but_pdf()))
    steps.append(formats_step(course, jobs, "pdf alone", "pdf"))
    steps.append(mkdocs_step(mkdocs))
    return {
        "lessons": size,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average_before": load,
        "corpus": info,
        "steps": {s.name: asdict(s) for s in steps},
        "ratios": ratios(steps, info),
    }


def ratios(steps: Sequence[Step], info: dict[str, object]) -> dict[str, float]:
    by = {s.name: s for s in steps}
    plain = int(str(info["plain_zip_bytes"]))
    cold = by["cold"]
    builds = [s for s in steps if s.name != "mkdocs"]
    found = {
        "cold/mkdocs": cold.wall_s / by["mkdocs"].wall_s,
        "warm/mkdocs": by["warm"].wall_s / by["mkdocs"].wall_s,
        "noop/cold": by["no-op"].wall_s / cold.wall_s,
        "one-lesson/cold": by["one-lesson"].wall_s / cold.wall_s,
        "one-image/cold": by["one-image"].wall_s / cold.wall_s if "one-image" in by else -1.0,
        "cold no pdf/mkdocs": by["cold, no pdf"].wall_s / by["mkdocs"].wall_s,
        "pdf alone/cold": by["pdf alone"].wall_s / cold.wall_s,
        "peak memory MB": max(s.peak_tree_rss for s in builds) / MB,
        "peak memory PSS MB": max(s.peak_tree_pss for s in builds) / MB,
    }
    for fmt in PACKAGE_FORMATS:
        if fmt != "epub":  # books per track, no course package
            found[f"{fmt}/plain zip"] = cold.packages[fmt]["course_package"] / plain
    return found


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def print_size(result: dict[str, object]) -> None:
    info = result["corpus"]
    assert isinstance(info, dict)
    gen = info["generator"]
    print(
        f"\n== {result['lessons']} lessons: {gen['modules']} modules, {gen['tracks']} tracks, "
        f"{gen['words']:,} words, {gen['photos']} photos ({gen['distinct_photos']} distinct, "
        f"{gen.get('png_photos', 0)} saved as PNG), {gen.get('screenshots', 0)} screenshots, "
        f"{gen.get('svgs', 0)} SVGs; "
        f"sources {gen['source_bytes'] / MB:,.1f} MB, plain zip -9 "
        f"{info['plain_zip_bytes'] / MB:,.1f} MB"
    )
    print(
        f"{'step':<11} {'wall s':>8} {'cpu s':>8} {'peak tree MB':>13} "
        f"{'peak proc MB':>13} {'tree PSS MB':>12} {'output MB':>10}"
    )
    steps = result["steps"]
    assert isinstance(steps, dict)
    for name, s in steps.items():
        print(
            f"{name:<11} {s['wall_s']:>8.2f} {s['cpu_s']:>8.2f} {s['peak_tree_rss'] / MB:>13.0f} "
            f"{s['peak_process_rss'] / MB:>13.0f} {s['peak_tree_pss'] / MB:>12.0f} "
            f"{s['output_bytes'] / MB:>10.1f}"
        )
    print_packages(steps["cold"]["packages"], int(info["plain_zip_bytes"]))
    print_ratios(result)


def print_packages(packages: dict[str, dict[str, int]], plain: int) -> None:
    for fmt, p in packages.items():
        print(
            f"  {fmt:<9} course package {p['course_package'] / MB:8.1f} MB "
            f"= {p['course_package'] / plain:6.1%} of the plain zip; "
            f"{p['count']} packages in all {p['all_packages'] / MB:8.1f} MB"
        )


def print_ratios(result: dict[str, object]) -> None:
    found = result["ratios"]
    assert isinstance(found, dict)
    print(f"{'ratio':<20} {'value':>8}  {'target':<16} {'':<5} target set for")
    text_only = str(result["lessons"]).endswith("t")
    for target in TARGETS:
        if target.applies_to.startswith("3000t") != text_only:
            continue  # the text-only targets are judged on text-only courses, the others not
        value = found[target.name]
        verdict = "PASS" if value <= target.limit else "FAIL"
        sign = "<" if target.name.startswith("peak") else "<="
        print(
            f"{target.name:<20} {value:>8.3f}  {sign + ' ' + format(target.limit, 'g'):<16} "
            f"{verdict:<5} {target.applies_to}"
        )
    apart = found.get("cold no pdf/mkdocs")
    if isinstance(apart, float):
        print(
            f"{'cold no pdf/mkdocs':<20} {apart:>8.3f}  (every format but the PDF handouts, which "
            "came after issue 21's cold target was set)"
        )
    share = found.get("pdf alone/cold")
    if isinstance(share, float):
        print(f"{'pdf alone/cold':<20} {share:>8.3f}  (no target: the PDF handouts' share of cold)")


def save(path: Path, results: dict[str, dict[str, object]], jobs: int | None) -> None:
    """Merge into the JSON file: sizes measured before and not now are kept."""
    data: dict[str, object] = {}
    if path.exists():
        try:
            data = json.loads(path.read_text())
        except json.JSONDecodeError:
            data = {}
    sizes = data.get("sizes") if isinstance(data.get("sizes"), dict) else {}
    assert isinstance(sizes, dict)
    sizes.update(results)
    data.update(
        {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "jobs": jobs,
            "targets": [asdict(t) for t in TARGETS],
            "sizes": sizes,
        }
    )
    path.write_text(json.dumps(data, indent=2) + "\n")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="20,120,1000", help="lesson counts, 3000t: text-only [20,120,1000]"
    )
    parser.add_argument("--work", type=Path, default=Path("build/bench"), help="[build/bench]")
    parser.add_argument("--jobs", type=int, default=None, help="bwise-mooc build --jobs N")
    parser.add_argument("--seed", type=int, default=1, help="generator seed [1]")
    parser.add_argument("--regenerate", action="store_true", help="generate corpora again")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if not size.rstrip("t").isdigit():
            raise SystemExit(f"bench: a size is a number of lessons, 't' for text-only: {size}")
    jobs = args.jobs
    if jobs is not None and not supports_jobs():
        print("bench: this bwise-mooc build has no --jobs option; ignoring --jobs")
        jobs = None
    args.work.mkdir(parents=True, exist_ok=True)
    become_subreaper()
    print(f"bench: sizes {sizes}, work folder {args.work}, {os.cpu_count()} CPUs, jobs {jobs}")
    results = {}
    for lessons in sizes:
        result = run_size(args.work, lessons, args.seed, jobs, args.regenerate)
        print_size(result)
        results[lessons] = result
        save(args.work / "results.json", results, jobs)
    print(f"\nfigures written to {args.work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
