"""``bwise-mooc new``: write a new module or lesson from templates that pass ``check``.

The next number, and whether a slug is taken, are looked up in what ``discover_sources`` finds:
the entries of ``modules/``, and the files of the module folder a lesson goes into.

In a course with several languages, every new file gets its translation starters in each language
the module's track is offered in (``module.<lang>.yml``, ``NN-slug.<lang>.md``), holding the
source text to translate, marked ``untranslated: true`` (and a new lesson's, the
``translated_from`` code of its source): translators find every file they have to write, and
until they delete the mark ``check`` warns (never an error) and the source text is used.
"""

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from bwise_mooc.parse.files import discover_sources
from bwise_mooc.parse.stamp import text_stamp
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

MODULE_TRANSLATION_YML = """\
# The text of module.yml in '{language}': translate each value (ids stay as they are),
# then delete the line 'untranslated: true'.
untranslated: true
title: {title}
summary: Say in one or two plain sentences what this module is about.
outcomes:
  - id: {slug}-1
    text: Write what a learner can do after this module.
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


def _next_number(names: Iterable[str]) -> int:
    numbers = [int(found.group(1)) for name in names if (found := NUMBERED.match(name))]
    return max(numbers, default=0) + 1


def _check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is not a slug: use lower-case letters, digits and hyphens")


def new_module(root: Path, slug: str, title: str, track: str) -> list[Path]:
    """Create ``modules/NN-slug/`` with module.yml, media/ and a first lesson."""
    _check_slug(slug)
    listed = discover_sources(root).folder("modules")
    names = listed.names if listed is not None else []
    if any(NUMBERED.sub("", name) == slug for name in names):
        raise ScaffoldError(f"a module with the slug '{slug}' exists already")
    folder = root / "modules" / f"{_next_number(names):02d}-{slug}"
    (folder / "media").mkdir(parents=True)
    config = folder / "module.yml"
    config.write_text(
        MODULE_YML.format(title=_quoted(title), track=track, slug=slug), encoding="utf-8"
    )
    lesson = folder / "01-introduction.md"
    lesson.write_text(
        LESSON_MD.format(title=_quoted("Introduction"), outcome=f"{slug}-1"), encoding="utf-8"
    )
    written = [config, lesson]
    for language in _translations(root, track):
        translated = folder / f"module.{language}.yml"
        translated.write_text(
            MODULE_TRANSLATION_YML.format(language=language, title=_quoted(title), slug=slug),
            encoding="utf-8",
        )
        written += [translated, _lesson_translation(lesson, language)]
    return written


def new_lesson(root: Path, module: str, slug: str, title: str) -> Path:
    """Create the next ``NN-slug.md`` in the module named by folder or slug (and its
    translation files)."""
    _check_slug(slug)
    found = [
        folder
        for folder in discover_sources(root).modules or ()
        if module in {folder.name, NUMBERED.sub("", folder.name)}
    ]
    if len(found) != 1:
        raise ScaffoldError(f"no module '{module}' in {root / 'modules'}")
    if found[0].outside:
        raise ScaffoldError(f"module '{module}' is a link to a place outside the course")
    lessons = [name for name in found[0].files if name.endswith(".md")]
    folder = root / found[0].path
    if any(NUMBERED.sub("", name.removesuffix(".md")) == slug for name in lessons):
        raise ScaffoldError(f"a lesson with the slug '{slug}' exists already in {folder.name}")
    outcome = _first_outcome(folder / "module.yml")
    path = folder / f"{_next_number(lessons):02d}-{slug}.md"
    path.write_text(LESSON_MD.format(title=_quoted(title), outcome=outcome), encoding="utf-8")
    for language in _translations(root, _track(folder / "module.yml")):
        _lesson_translation(path, language)
    return path


def _translations(root: Path, track: str | None) -> list[str]:
    """The languages other than the source in which ``track`` is offered (course.yml)."""
    try:
        data = yaml_data((root / "course" / "course.yml").read_text(encoding="utf-8"))
        languages = [str(language) for language in data.get("languages") or []]
        offered = next(
            (t.get("languages") for t in data.get("tracks") or [] if t.get("id") == track), None
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return []
    return [language for language in languages[1:] if offered is None or language in offered]


def _track(config: Path) -> str | None:
    try:
        return str(yaml_data(config.read_text(encoding="utf-8"))["track"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _lesson_translation(lesson: Path, language: str) -> Path:
    """``NN-slug.<lang>.md`` beside ``lesson``: its text to translate, marked untranslated and
    stamped with the code of the source text it translates."""
    text = lesson.read_text(encoding="utf-8")
    mark = f"translated_from: {text_stamp(text)}\nuntranslated: true\n"
    stamped = text.replace("\n---\n", f"\n{mark}---\n", 1)
    target = lesson.with_name(f"{lesson.stem}.{language}.md")
    target.write_text(stamped, encoding="utf-8")
    return target


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
