"""Stage 1 helper: file and folder names that would break the course on another computer.

Authors share a course between Linux, Windows and macOS, and its files end up in zips that
LMSs unpack on any of them. Two names that differ only in upper/lower case (or in how an
accented letter is encoded) are one file on Windows and macOS; Windows refuses some
characters, names ending in a dot or a space, and device names such as ``CON``; a control
character (a newline pasted into a name) breaks every tool. Each is reported once, at the
file, for every name under ``course/`` and ``modules/`` as ``discover_sources`` found them
(hidden files and folders aside; links are named, not followed).
"""

import re
import unicodedata

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan
from bwise_mooc.parse.files import Sources

WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')
NOT_UTF8 = re.compile("[\udc80-\udcff]")
DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))}
    | {f"LPT{n}" for n in range(1, 10)}
)


def check_names(sources: Sources, diagnostics: Diagnostics) -> None:
    """Report every name under the source folders that another computer cannot hold."""
    for folder in sources.folders:
        if folder.hidden:
            continue
        seen: dict[str, str] = {}
        for name in folder.names:
            if name.startswith("."):
                continue
            path = f"{folder.path}/{name}"
            _check_name(name, path, diagnostics)
            key = unicodedata.normalize("NFC", name).casefold()
            if key in seen:
                diagnostics.error(
                    SourceSpan(path=path),
                    "path.case-collision",
                    f"'{name}' and '{seen[key]}' differ only in upper/lower case or accents: "
                    "Windows and macOS see one file; rename one of them",
                )
            else:
                seen[key] = name


def _check_name(name: str, path: str, diagnostics: Diagnostics) -> None:
    found = WINDOWS_FORBIDDEN.search(name)
    if NOT_UTF8.search(name):  # bytes Python could not decode, kept as lone surrogates
        problem = "it is not written in UTF-8 (it was named by an old program)"
    elif found:
        character = found.group()
        shown = f"'{character}'" if character.isprintable() else f"U+{ord(character):04X}"
        problem = f"it holds {shown}"
    elif name.endswith((".", " ")):
        problem = "it ends with a dot or a space"
    elif name.split(".")[0].upper() in DEVICE_NAMES:
        problem = f"'{name.split('.')[0]}' is a device name on Windows"
    else:
        return
    diagnostics.error(
        SourceSpan(path=path),
        "path.bad-name",
        f"the name {name!r} cannot be used on every computer: {problem}; rename it with "
        "letters, digits and hyphens",
    )
