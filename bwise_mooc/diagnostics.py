"""Diagnostics: the problems found in an author's sources, collected and reported all at once.

Library code never prints a problem or exits; it adds ``Diagnostic`` values to a ``Diagnostics``
collector. ``cli.py`` sorts and prints them like a compiler and picks the exit code.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

import click

from bwise_mooc.ir.source import SourceSpan

CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # a tab prints; a newline would end the line


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ExitCode(IntEnum):
    """Exit codes of every command, documented in the README."""

    OK = 0
    AUTHOR_ERRORS = 1
    USAGE = 2
    INVALID_OUTPUT = 3
    STRICT_WARNINGS = 4
    INTERNAL = 70


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.severity.value}: {printable(self.message)} [{self.code}]"


def printable(text: str) -> str:
    """``text`` as a terminal can print it: bytes of a file name that is not UTF-8 (kept by
    Python as lone surrogates) and control characters are written as escapes."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


@dataclass
class Diagnostics:
    """Collects diagnostics from every stage; iterates them sorted by place."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        self._seen.update(self.items)

    def error(self, where: SourceSpan, code: str, message: str) -> None:
        self._add(where, Severity.ERROR, code, message)

    def warning(self, where: SourceSpan, code: str, message: str) -> None:
        self._add(where, Severity.WARNING, code, message)

    def _add(self, where: SourceSpan, severity: Severity, code: str, message: str) -> None:
        self._keep(Diagnostic(where.path, where.line, where.column, severity, message, code))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        for item in other:
            self._keep(item)

    def _keep(self, item: Diagnostic) -> None:
        if item not in self._seen:
            self._seen.add(item)
            self.items.append(item)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self.items, key=_sort_key))

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.WARNING]

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _sort_key(item: Diagnostic) -> tuple[str, int, int, str]:
    return (item.path, item.line, item.column, item.message)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class BuildFailed(click.ClickException):
    """The one exception that leaves the pipeline: the diagnostics were printed already."""

    def __init__(self, message: str, exit_code: ExitCode) -> None:
        super().__init__(message)
        self.exit_code = int(exit_code)  # type: ignore[misc]
