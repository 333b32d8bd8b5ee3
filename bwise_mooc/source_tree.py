"""The containment rule every reader of course files follows (parsing, images, the build
cache): a file is read only if it resolves, through any symbolic links, inside the course root.
A link to ``/etc`` or to another course is reported by the parser and only named, never
followed, by the cache."""

import os
from pathlib import Path


def outside_course(root: Path, path: str) -> bool:
    """Does ``path`` (relative to ``root``) lead, through symbolic links, out of ``root``?"""
    try:
        real = os.path.realpath(root / path)
        base = os.path.realpath(root)
    except (OSError, ValueError):
        return True
    return os.path.commonpath([real, base]) != base
