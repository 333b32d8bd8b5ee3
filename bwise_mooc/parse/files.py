"""Stage 1 helper: the source files, which there are and how the parser reads their text.

``discover_sources`` is the one walk of ``course/`` and ``modules/``: every folder with its
files and sub-folders (for the name checks and the build cache's tree digest), the module
folders, and per module its files, source lessons and lesson translations. Everything that
looks for source files asks it: ``read_course``, ``check_names``, the build, ``bwise-mooc new``.

- Symbolic links count as what they lead to (a link to a file is a file) and are never walked
  into; a module folder that is a link is listed, unless it leads outside the course.
- Hidden folders (``.git``) are walked, for the tree digest only (a lesson may still use a file
  in one): their names are not checked and a hidden module folder is no module. Hidden files
  are left out of the names and the tree digest; a module lists them, so a hidden ``.md`` file
  is reported as a lesson that is badly named.
- Named pipes and devices are neither files nor folders: never opened, only name-checked.

``read_text``: UTF-8 (a byte-order mark is dropped), line endings normalised to LF; a file that
cannot be read or decoded is reported with its line, never raised. A file that resolves outside
the course root (``source_tree.outside_course``) or is not a regular file is reported, never
read.
"""

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan
from bwise_mooc.source_tree import outside_course

SOURCE_FOLDERS = ("course", "modules")
LESSON_TRANSLATION = re.compile(r"^\d{2}-[a-z0-9-]+\.[a-z]{2,3}\.md\Z")  # 01-intro.de.md
MAX_FILE_BYTES = 2_000_000  # a lesson is a few thousand words; more is a pasted mistake
MAX_LINE_CHARS = 20_000
# characters XML 1.0 cannot carry (and that no author types on purpose)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def read_text(root: Path, path: str, diagnostics: Diagnostics) -> str | None:
    """A source file's text: UTF-8 (a BOM is dropped), line endings normalised to LF."""
    if outside_course(root, path):
        diagnostics.error(
            SourceSpan(path=path),
            "path.outside",
            "file is a link to a place outside the course: copy the file into the course",
        )
        return None
    try:
        if not stat.S_ISREG(os.stat(root / path).st_mode):  # a FIFO or a device would hang
            diagnostics.error(
                SourceSpan(path=path), "file.unreadable", "this is not a file: save a text file"
            )
            return None
        with open(root / path, "rb") as opened:  # never more than the limit into memory
            data = opened.read(MAX_FILE_BYTES + 1)
            size = max(len(data), os.fstat(opened.fileno()).st_size)
    except OSError as exc:
        diagnostics.error(
            SourceSpan(path=path), "file.unreadable", f"cannot read file: {exc.strerror}"
        )
        return None
    if len(data) > MAX_FILE_BYTES:
        diagnostics.error(
            SourceSpan(path=path),
            "file.too-large",
            f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it into lessons",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", "replace")) + 1
        diagnostics.error(
            SourceSpan(path=path, line=line, column=column), "file.encoding", _encoding(data, exc)
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if _acceptable(text, path, diagnostics) else None


def _encoding(data: bytes, exc: UnicodeDecodeError) -> str:
    """What is wrong with a file that is not UTF-8, and how to save it again."""
    how = "open it in your editor and save it again with the encoding 'UTF-8'"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\0") > 10:
        return f"this file is saved as UTF-16, not UTF-8: {how}"
    char = data[exc.start : exc.start + 1].decode("cp1252", "replace")
    shown = f" ('{char}' here)" if char.isprintable() and char != "\ufffd" else ""
    return f"this file is not saved as UTF-8{shown}: {how}"


def _acceptable(text: str, path: str, diagnostics: Diagnostics) -> bool:
    """No control characters that XML cannot carry, no absurdly long lines: report each."""
    if FORBIDDEN.search(text) is None and (
        len(text) <= MAX_LINE_CHARS or max(map(len, text.split("\n"))) <= MAX_LINE_CHARS
    ):
        return True  # as nearly every file is: one search, not one per line
    ok = True
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            diagnostics.error(
                SourceSpan(path=path, line=number),
                "file.long-line",
                f"line is {len(line):,} characters long; the limit is {MAX_LINE_CHARS:,}",
            )
            ok = False
        for found in FORBIDDEN.finditer(line):
            diagnostics.error(
                SourceSpan(path=path, line=number, column=found.start() + 1),
                "file.control-character",
                f"invisible control character U+{ord(found.group()):04X}: delete it",
            )
            ok = False
    return ok


@dataclass(frozen=True)
class Folder:
    """One folder's entries, each kind sorted by name; links count as what they lead to."""

    path: str  # relative to the course root: "modules/01-basics"
    folders: tuple[str, ...]
    files: tuple[str, ...]
    others: tuple[str, ...]  # neither: named pipes, devices, links that lead nowhere
    links: frozenset[str]  # the entries that are symbolic links

    @property
    def hidden(self) -> bool:
        """Is this folder, or one it is in, hidden (its name starts with a dot)?"""
        return any(part.startswith(".") for part in self.path.split("/"))

    @property
    def names(self) -> list[str]:
        """Every entry's name, sorted."""
        return sorted([*self.folders, *self.files, *self.others])


@dataclass(frozen=True)
class SourceModule:
    """A folder in ``modules/``, its name valid or not, as ``read_course`` reads it."""

    path: str  # "modules/01-basics"
    outside: bool  # a link to a place outside the course: nothing in it is read
    files: tuple[str, ...]  # the names of its files (hidden ones too), sorted

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def lessons(self) -> list[str]:
        """The paths of its source lessons: every ``.md`` file that is not a translation."""
        return [
            f"{self.path}/{name}"
            for name in self.files
            if name.endswith(".md") and not LESSON_TRANSLATION.match(name)
        ]

    @property
    def translations(self) -> list[str]:
        """The names of its lesson translations (``01-intro.de.md``)."""
        return [name for name in self.files if LESSON_TRANSLATION.match(name)]


@dataclass(frozen=True)
class Sources:
    """What ``discover_sources`` found: the source tree as one walk saw it."""

    root: Path
    folders: tuple[Folder, ...]  # every folder walked, each before the folders in it
    modules: tuple[SourceModule, ...] | None  # None: there is no modules/ folder

    @property
    def files(self) -> list[str]:
        """Every file but hidden ones, in hidden folders too: what the tree digest covers."""
        return [
            f"{folder.path}/{name}"
            for folder in self.folders
            for name in folder.files
            if not name.startswith(".")
        ]

    def folder(self, path: str) -> Folder | None:
        """The folder walked at ``path`` (relative to the root), if there is one."""
        return self._folders.get(path)

    def is_file(self, path: str) -> bool:
        """Is ``path`` a file (or a link to one) of a folder walked or of a module?"""
        parent, _, name = path.rpartition("/")
        return name in self._files.get(parent, frozenset())

    @cached_property
    def _folders(self) -> dict[str, Folder]:
        return {folder.path: folder for folder in self.folders}

    @cached_property
    def _files(self) -> dict[str, frozenset[str]]:
        found = {folder.path: frozenset(folder.files) for folder in self.folders}
        found.update({module.path: frozenset(module.files) for module in self.modules or ()})
        return found


def discover_sources(root: Path) -> Sources:
    """Walk ``course/`` and ``modules/`` in ``root`` once (see the module docstring)."""
    folders = [
        folder for top in SOURCE_FOLDERS if (root / top).is_dir() for folder in _walk(root, top)
    ]
    walked = {folder.path: folder for folder in folders}
    modules = None
    if "modules" in walked:
        modules = tuple(
            _module(root, f"modules/{name}", walked)
            for name in walked["modules"].folders
            if not name.startswith(".")
        )
    return Sources(root, tuple(folders), modules)


def _walk(root: Path, top: str) -> Iterator[Folder]:
    """``top`` and every folder in it, each before its sub-folders (by name); links are not
    walked into."""
    stack = [top]
    while stack:
        folder = _listing(root, stack.pop())
        yield folder
        stack.extend(
            f"{folder.path}/{name}" for name in reversed(folder.folders) if name not in folder.links
        )


def _module(root: Path, path: str, walked: dict[str, Folder]) -> SourceModule:
    if outside_course(root, path):
        return SourceModule(path, True, ())
    folder = walked.get(path) or _listing(root, path)  # not walked: a link inside the course
    return SourceModule(path, False, folder.files)


def _listing(root: Path, path: str) -> Folder:
    kinds: dict[str, list[str]] = {"folder": [], "file": [], "other": []}
    links = set()
    try:
        with os.scandir(root / path) as entries:
            for entry in entries:
                kinds[_kind(entry)].append(entry.name)
                if _is_link(entry):
                    links.add(entry.name)
    except OSError:
        pass  # a folder that cannot be listed offers nothing to read
    folders, files, others = (tuple(sorted(kinds[kind])) for kind in ("folder", "file", "other"))
    return Folder(path, folders, files, others, frozenset(links))


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
    except OSError:
        pass
    return "other"


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False
