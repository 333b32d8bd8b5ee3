"""Golden files: normalised outputs pinned in tests/golden/, rewritten only with --update-golden
(`make golden`), then reviewed with `git diff tests/golden` before they are committed."""

import shutil
from pathlib import Path

from lxml import etree

from bwise_mooc.validate import safe_parser


def normalise_xml(data: bytes) -> str:
    """An XML document through C14N 2.0, then pretty-printed: stable and readable in diffs."""
    canonical = etree.tostring(etree.fromstring(data, safe_parser()), method="c14n2")
    tree = etree.fromstring(canonical, safe_parser())
    return etree.tostring(tree, encoding="unicode", pretty_print=True)


def compare(actual: str, golden: Path, update: bool) -> None:
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run `make golden` and review it"
    assert actual == golden.read_text(encoding="utf-8"), f"{golden} differs: see `make golden`"


def compare_folder(actual: dict[str, str], folder: Path, update: bool) -> None:
    """Each of ``actual``'s files (path in ``folder`` -> text) against its golden file; with
    ``update``, the folder is written afresh, so files that are gone go from it too."""
    if update:
        shutil.rmtree(folder, ignore_errors=True)
    for name, text in sorted(actual.items()):
        compare(text, folder / name, update)
    stored = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert stored == set(actual), "golden files differ in number: see --update-golden"
