"""``bwise-mooc new``: write a new module or lesson from templates that pass ``check``."""

import re
from pathlib import Path

import yaml

from bwise_mooc.parse.yaml_source import yaml_data

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
NUMBERED = re.compile(r"^(\d{2})-")

MODULE_YML = """\
title: {title}
summary: Say in one or two plain sentences what this module is about.
track: {track}
outcomes:
  - id: {slug}-1
    text: Write what a learner can do after this module.
estimated_minutes: 60
"""

LESSON_MD = """\
---
title: {title}
estimated_minutes: 15
outcomes: [{outcome}]
summary: Say in one short sentence what this lesson teaches.
---
Write the lesson here. Use short sentences and common words.

## A first section

Explain one idea at a time.

::: quiz
### Is this a knowledge check?
- answer: true

> Knowledge checks are not graded. They help learners see what they know.
:::
"""


class ScaffoldError(Exception):
    """The scaffold cannot be written (bad slug, unknown module, file exists)."""


def _next_number(folder: Path, pattern: str) -> int:
    numbers = [int(m.group(1)) for p in folder.glob(pattern) if (m := NUMBERED.match(p.name))]
    return max(numbers, default=0) + 1


def _check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is not a slug: use lower-case letters, digits and hyphens")


def new_module(root: Path, slug: str, title: str, track: str) -> list[Path]:
    """Create ``modules/NN-slug/`` with module.yml, media/ and a first lesson."""
    _check_slug(slug)
    modules = root / "modules"
    modules.mkdir(parents=True, exist_ok=True)
    if any(NUMBERED.sub("", p.name) == slug for p in modules.iterdir()):
        raise ScaffoldError(f"a module with the slug '{slug}' exists already")
    folder = modules / f"{_next_number(modules, '[0-9][0-9]-*'):02d}-{slug}"
    (folder / "media").mkdir(parents=True)
    config = folder / "module.yml"
    config.write_text(
        MODULE_YML.format(title=_quoted(title), track=track, slug=slug), encoding="utf-8"
    )
    lesson = folder / "01-introduction.md"
    lesson.write_text(
        LESSON_MD.format(title=_quoted("Introduction"), outcome=f"{slug}-1"), encoding="utf-8"
    )
    return [config, lesson]


def new_lesson(root: Path, module: str, slug: str, title: str) -> Path:
    """Create the next ``NN-slug.md`` in the module named by folder or slug."""
    _check_slug(slug)
    folders = [
        p for p in (root / "modules").glob("*") if module in {p.name, NUMBERED.sub("", p.name)}
    ]
    if len(folders) != 1:
        raise ScaffoldError(f"no module '{module}' in {root / 'modules'}")
    folder = folders[0]
    if any(NUMBERED.sub("", p.stem) == slug for p in folder.glob("*.md")):
        raise ScaffoldError(f"a lesson with the slug '{slug}' exists already in {folder.name}")
    outcome = _first_outcome(folder / "module.yml")
    path = folder / f"{_next_number(folder, '[0-9][0-9]-*.md'):02d}-{slug}.md"
    path.write_text(LESSON_MD.format(title=_quoted(title), outcome=outcome), encoding="utf-8")
    return path


def _first_outcome(config: Path) -> str:
    try:
        data = yaml_data(config.read_text(encoding="utf-8"))
        return str(data["outcomes"][0]["id"])
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise ScaffoldError(f"cannot read the first outcome id from {config}") from exc


def _quoted(text: str) -> str:
    """A YAML scalar that stays a string whatever the author typed."""
    return (
        yaml.safe_dump(text, default_style='"', allow_unicode=True)
        .strip()
        .removesuffix("...")
        .strip()
    )
