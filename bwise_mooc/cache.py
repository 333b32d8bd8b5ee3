"""The build cache in ``build/.cache/``: work already done, found again by content hashes.

Every key is a SHA-256 over the tool's fingerprint (its version and the bytes of its own code,
templates, scripts and catalogs), the inputs' bytes and the options that shape the result, so
a changed source, option or tool version can never bring back a stale result. Entries:

- ``lessons/<key>.pickle``: a parsed lesson and the diagnostics its parse gave, valid while the
  files it uses (images, link targets) still have the digests recorded with it (made and found
  by ``lesson_cache.py``);
- ``images/<name>``: optimised images, named by the image pipeline (see ``images.py``);
- ``parts/`` and ``files/``: the parts and archives of outputs (see ``memo.py``), and
  ``archives/``: where the members of the last archive of each name are, to copy them;
- ``templates/``: the HTML templates' compiled code (``exporters/html.py``), one file per
  template, replaced when its source or Jinja2 changes; not pruned, as it does not grow;
- ``photographs.json``: whether each PNG seen is a photograph, by file digest (``photo_memo``);
- ``build.json``: the key of the last complete build, the files it wrote (with sizes and
  times) and its diagnostics: an unchanged build with its outputs in place is skipped.

File digests are remembered with each file's size and modification time (``digests.json``),
as git's index does, so an unchanged file is not read again. Entries are written atomically;
a damaged entry is ignored and remade.

Pruning: the cache keeps what recent builds used and nothing else, so its size follows the
course, not the number of edits. A build *uses* an entry it makes or finds: entries made are
new, entries found are marked (``mark_used`` sets their modification time to now, from any
process: parts and files in format workers, images by the memo; archives and images are hard
links of outputs, whose times therefore move too, before ``build.json`` records them), and an
entry is the build's when its time is not older than the cache folder's time as the build
started. When a build is recorded (``record_build``), the entries it used are listed in
``used.json`` under its *output set*: the folders it wrote (``html``, ``de/html``, ``olx``...),
so one list for each choice of formats and languages. Then every entry that is in none of the
lists is deleted, and so are the digests of files that no longer exist. The rule: **an entry
stays while the last build of some output set used it**, for the ``OUTPUT_SETS_KEPT`` output
sets built most recently by this version of the tool. A ``--lang de`` or ``--format html``
build therefore never removes what the last full build used (the English lessons, parts and
images): the next full build still finds them. Pruning only ever costs time: a pruned entry is
made again when it is needed. A failed build, or one skipped as unchanged, records nothing and
prunes nothing.
"""

import contextlib
import hashlib
import json
import os
import pickle
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bwise_mooc import __version__
from bwise_mooc.atomic import write_atomically
from bwise_mooc.diagnostics import Diagnostic, Severity
from bwise_mooc.photo_memo import decisions
from bwise_mooc.source_tree import outside_course

PACKAGE = Path(__file__).resolve().parent
CODE_SUFFIXES = frozenset({".py", ".j2", ".js", ".css", ".po", ".xsd", ".rng", ".dtd", ".xml"})
MISSING = "-"  # the digest of a file that does not exist
EXISTS = "*"  # a recorded dependency on a file's existence only
LARGE_FILE_BYTES = 64 * 1024 * 1024  # larger than any lesson, YAML file or image a build reads
TEMPLATES_FOLDER = "templates"  # compiled templates: see the list above
ENTRY_FOLDERS = ("lessons", "images", "parts", "files", "archives")  # what pruning looks at
OUTPUT_SETS_KEPT = 8  # how many output sets' last builds keep their entries (see above)
USED = "used.json"


@cache
def tool_fingerprint() -> str:
    """The version and a digest of every file of the tool that can change an output."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _scan(folder: Path | str, relative: str, found: dict[str, int]) -> None:
    """Add every file under ``folder`` (``relative`` to the cache folder, with ``/``) with its
    modification time to ``found``. With ``os.scandir``, not ``Path`` objects: pruning looks
    at every entry of the cache after each build (9,000 at 3,000 lessons)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # not there (yet), or gone
    for entry in entries:
        name = f"{relative}/{entry.name}"
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, name, found)
            else:
                found[name] = entry.stat(follow_symlinks=False).st_mtime_ns


def make_key(*parts: object) -> str:
    """A cache key: the tool's fingerprint and ``parts`` (JSON-able), hashed."""
    text = json.dumps([tool_fingerprint(), *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def mark_used(entry: Path) -> None:
    """Note that the build under way used the cache entry ``entry`` (its time becomes now); a
    missing entry is simply not marked."""
    with contextlib.suppress(OSError):
        os.utime(entry)


@dataclass(frozen=True)
class LessonEntry:
    """A cached parse: the lesson (or None), its diagnostics, and the files it depended on."""

    lesson: Any
    diagnostics: tuple[Diagnostic, ...]
    depends: Mapping[str, str]  # path relative to the course root -> digest (or MISSING)
    photographs: Mapping[str, bool] = field(default_factory=dict)  # photo_memo.learnt()
    digest: str = ""  # memo.lesson_digest of the lesson, made with its parse

    @property
    def keepable(self) -> bool:
        """Only parses without errors are kept: an error may come from a file missing now."""
        return self.lesson is not None and all(
            item.severity is not Severity.ERROR for item in self.diagnostics
        )


class BuildCache:
    """The cache folder of one output folder; cheap to create, safe to delete at any time."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root
        self._digests: dict[str, list[Any]] = self._read_json("digests.json") or {}
        self._dirty = False
        self._pending: dict[Path, bytes] = {}  # written by save()
        self._stamps: dict[str, list[int] | None] = {}  # each file's, looked at once a build
        self._started = self._start()

    def _start(self) -> int:
        """The cache folder's time, made now: no entry this build makes or finds is older, and
        every entry of the last recorded build is older (``used.json`` is written after them;
        in the rare case of the same clock tick, the next tick is awaited). 0 when there is no
        cache yet: everything in it at the end is this build's."""
        try:
            last = (self.folder / USED).stat().st_mtime_ns
        except OSError:
            last = 0
        started = 0
        for _ in range(100):  # about 0.1 s at most, should the clock have gone back
            try:
                os.utime(self.folder)
                started = self.folder.stat().st_mtime_ns
            except OSError:
                return 0
            if started > last:
                break
            time.sleep(0.001)
        return started

    # -- file digests -------------------------------------------------------------------------

    def _stamp(self, path: str) -> list[int] | None:
        """Size, modification time and inode of a course file; None if there is none. Looked
        at once in a build (a picture every lesson of a module shows is asked for by each
        lesson's cache entry, and again for the tree digest): a file changed during the build
        is seen by the next one, whose tree digest differs."""
        if path in self._stamps:
            return self._stamps[path]
        try:
            stat = os.stat(os.path.join(self.root, path))
        except OSError:
            stamp = None
        else:
            stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        self._stamps[path] = stamp
        return stamp

    def digest(self, path: str) -> str:
        """SHA-256 of the course file ``path`` (relative to the root), or MISSING."""
        stamp = self._stamp(path)
        if stamp is None:
            return MISSING
        known = self._digests.get(path)
        if known and known[:3] == stamp:
            return str(known[3])
        with open(self.root / path, "rb") as handle:  # in chunks: memory stays bounded
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        self._digests[path] = [*stamp, digest]
        self._dirty = True
        return digest

    def tree_digest(self, files: Iterable[str]) -> str:
        """One digest for ``files`` (paths relative to the root, as ``discover_sources`` lists
        them): their names and contents."""
        digest = hashlib.sha256()
        for path in files:
            entry = f"{path}\0{self._tree_entry(path)}\0"
            digest.update(entry.encode("utf-8", "surrogateescape"))  # any file name
        return digest.hexdigest()

    def _tree_entry(self, path: str) -> str:
        """A file's part of the tree digest: its content digest or, for a file larger than
        anything a build reads (a raw video nobody links to), its size, time and inode. That
        stamp is what decides whether any file is read again, so a change that the content
        digest would show still shows, and 5 GB are not read to learn it (a ``touch`` costs a
        rebuild). A large file a lesson uses is hashed, in chunks, for that lesson's entry."""
        if outside_course(self.root, path):  # refused by the build: never read, only named
            link = self.root / path
            return "outside:" + (os.readlink(link) if link.is_symlink() else "")
        stamp = self._stamp(path)
        if stamp is not None and stamp[0] > LARGE_FILE_BYTES:
            return "stamp:" + ":".join(str(part) for part in stamp)
        return self.digest(path)

    def save(self) -> None:
        """Write the new entries, what was learnt about file digests and the photograph
        decisions (``photo_memo``)."""
        decisions(self.folder).save()
        for path, data in sorted(self._pending.items()):
            write_atomically(path, data)
        self._pending.clear()
        if self._dirty:
            self._write_json("digests.json", self._digests)
            self._dirty = False

    # -- lessons --------------------------------------------------------------------------------

    def _lesson_path(self, key: str) -> Path:
        return self.folder / "lessons" / f"{key}.pickle"

    def lesson(self, key: str) -> LessonEntry | None:
        """The cached parse for ``key`` if every file it used is unchanged."""
        path = self._lesson_path(key)
        try:
            entry = pickle.loads(self._pending.get(path) or path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        if not isinstance(entry, LessonEntry):
            return None
        for dep, wanted in entry.depends.items():
            found = self.digest(dep)
            if found != wanted and not (wanted == EXISTS and found != MISSING):
                return None
        mark_used(path)
        return entry

    def store_lesson(self, key: str, entry: LessonEntry) -> None:
        self._pending[self._lesson_path(key)] = pickle.dumps(entry, protocol=5)

    # -- whole builds ---------------------------------------------------------------------------

    def last_build(self) -> dict[str, Any] | None:
        record = self._read_json("build.json")
        return record if isinstance(record, dict) else None

    def record_build(self, record: Mapping[str, Any]) -> None:
        """Record a complete build (``record["artifacts"]`` names the folders it wrote), then
        prune what no recent build used (see the module docstring)."""
        self.save()
        self._write_json("build.json", record)
        outputs = sorted({str(item.get("root")) for item in record.get("artifacts", [])})
        self._prune(outputs)
        self.save()

    # -- pruning --------------------------------------------------------------------------------

    def _prune(self, outputs: list[str]) -> None:
        """Keep the entries the last build of each recent output set used; forget the digests
        of files that are gone."""
        entries = self._entries()
        used = sorted(name for name, time in entries.items() if time >= self._started)
        tool = tool_fingerprint()
        builds = self._read_json(USED)
        earlier = [
            build
            for build in (builds if isinstance(builds, list) else [])
            if isinstance(build, dict)
            and build.get("tool") == tool
            and build.get("outputs") != outputs
            and isinstance(build.get("entries"), list)
        ]
        others = earlier[max(0, len(earlier) - OUTPUT_SETS_KEPT + 1) :]  # the most recent
        kept = [*others, {"tool": tool, "outputs": outputs, "entries": used}]
        wanted = {str(name) for build in kept for name in build["entries"]}
        for name in entries.keys() - wanted:
            (self.folder / name).unlink(missing_ok=True)
        self._remove_empty_folders()
        self._write_json(USED, kept)
        gone = [path for path in self._digests if self._stamp(path) is None]
        for path in gone:
            del self._digests[path]
        self._dirty = self._dirty or bool(gone)

    def _entries(self) -> dict[str, int]:
        """Every entry (path relative to the folder) with its modification time."""
        found: dict[str, int] = {}
        for top in ENTRY_FOLDERS:
            _scan(self.folder / top, top, found)
        return found

    def _remove_empty_folders(self) -> None:
        for top in ENTRY_FOLDERS:
            for folder, children, names in os.walk(self.folder / top, topdown=False):
                if not children and not names and Path(folder) != self.folder / top:
                    with contextlib.suppress(OSError):
                        os.rmdir(folder)

    # -- files ----------------------------------------------------------------------------------

    def _read_json(self, name: str) -> Any:
        try:
            return json.loads((self.folder / name).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def _write_json(self, name: str, data: Any) -> None:
        write_atomically(self.folder / name, json.dumps(data, sort_keys=True).encode())
