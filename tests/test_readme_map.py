"""The README's map of the code ("How it is built") names every module, and only real ones.

The map is the first fenced block of that section: one line per entry, two spaces of indent per
folder level, a name (``name.py`` or ``folder/``), then its one job in a few words.
"""

import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "bwise_mooc"
ENTRY = re.compile(r"(?P<indent> *)(?P<name>[\w.-]+/?)(?: {2,}(?P<job>\S.*))?$")


def map_entries(readme: str) -> dict[str, str]:
    """Every entry of the map, by its path from the repository root, with its job."""
    section = readme.split("\n## How it is built\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```\n", 2)[1]
    entries: dict[str, str] = {}
    folders: list[str] = []  # the folder of each indent level above this line
    for number, line in enumerate(block.splitlines(), 1):
        found = ENTRY.fullmatch(line)
        assert found, f"map line {number} is not 'name  job': {line!r}"
        level, remainder = divmod(len(found["indent"]), 2)
        assert not remainder and level <= len(folders), f"map line {number}: bad indent: {line!r}"
        del folders[level:]
        path = "".join(folders) + found["name"]
        assert path not in entries, f"{path} is named twice in the map"
        entries[path] = found["job"] or ""
        if path.endswith("/"):
            folders.append(found["name"])
    return entries


def modules() -> set[str]:
    return {path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py")}


def test_the_map_names_every_module_with_its_job() -> None:
    entries = map_entries((ROOT / "README.md").read_text(encoding="utf-8"))
    named = {path for path in entries if path.endswith(".py")}
    missing = sorted(modules() - named)
    assert not missing, f"modules missing from the README's map: {missing}"
    without_job = sorted(path for path, job in entries.items() if path != "bwise_mooc/" and not job)
    assert not without_job, f"map entries without their one job: {without_job}"


def test_the_map_names_nothing_that_does_not_exist() -> None:
    entries = map_entries((ROOT / "README.md").read_text(encoding="utf-8"))
    assert all(path.startswith("bwise_mooc/") for path in entries), sorted(entries)
    gone = sorted(path for path in entries if not _exists(ROOT / path, folder=path.endswith("/")))
    assert not gone, f"the README's map names what does not exist: {gone}"


def _exists(path: Path, folder: bool) -> bool:
    return path.is_dir() if folder else path.is_file()


def test_the_map_reader_sees_a_missing_and_an_invented_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    entries = map_entries(readme)
    assert "bwise_mooc/exporters/scorm/page.py" in entries  # nested folders are followed
    line = next(line for line in readme.splitlines() if line.strip().startswith("check.py"))
    assert "bwise_mooc/exporters/olx/check.py" not in map_entries(readme.replace(line + "\n", ""))
    invented = readme.replace(line, line + "\n      extra.py         nothing")
    assert "bwise_mooc/exporters/olx/extra.py" in map_entries(invented)
