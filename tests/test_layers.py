"""The layers of the package import only the layers below them (design.md §2.10).

``ir/`` is the course model and imports nothing of ours; ``parse/`` (stage 1) and
``transforms/`` (stage 2) build it and know nothing of outputs, caches or workers; exporters
(stage 3) know nothing of the build cache, the worker processes or how a build runs: the build
hands them what they need (``BuildOptions``). Read from the source with ``ast``, so an import
added anywhere, even inside a function, is found.
"""

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "bwise_mooc"
# the modules that run builds: caching, workers, orchestration
BUILD = {
    "bwise_mooc.build",
    "bwise_mooc.pipeline",
    "bwise_mooc.cache",
    "bwise_mooc.memo",
    "bwise_mooc.workers",
    "bwise_mooc.lesson_cache",
    "bwise_mooc.publish",
    "bwise_mooc.serve",
    "bwise_mooc.cli",
}
FORBIDDEN = {  # layer (a package) -> what none of its modules may import
    "bwise_mooc.ir": {"bwise_mooc"},  # only bwise_mooc.ir itself (allowed below)
    "bwise_mooc.parse": {"bwise_mooc.exporters", "bwise_mooc.transforms", *BUILD},
    "bwise_mooc.transforms": {"bwise_mooc.exporters", "bwise_mooc.parse", *BUILD},
    "bwise_mooc.exporters": {"bwise_mooc.parse", "bwise_mooc.issuing", *BUILD},
    # issuing signed credentials uses the exporters' documents; no exporter issues
    "bwise_mooc.issuing": {"bwise_mooc.parse", *BUILD},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, by its full name (relative imports resolved)."""
    found: set[str] = set()
    package = module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def breaks(name: str, imported: str) -> bool:
    """Does ``imported`` break the layer rule of module ``name``?"""
    for layer, forbidden in FORBIDDEN.items():
        if name != layer and not name.startswith(layer + "."):
            continue
        if layer == "bwise_mooc.ir" and (imported == layer or imported.startswith(layer + ".")):
            continue
        if any(imported == f or imported.startswith(f + ".") for f in forbidden):
            return True
    return False


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_each_module_imports_only_the_layers_below_it(path: Path) -> None:
    name = module_name(path)
    assert not sorted(i for i in imports(path) if breaks(name, i))


def test_the_rule_finds_a_forbidden_import() -> None:
    assert breaks("bwise_mooc.exporters.olx", "bwise_mooc.cache")
    assert breaks("bwise_mooc.exporters.olx", "bwise_mooc.memo.CachedParts")
    assert breaks("bwise_mooc.parse.course", "bwise_mooc.workers")
    assert breaks("bwise_mooc.ir.course", "bwise_mooc.images")
    assert not breaks("bwise_mooc.ir.course", "bwise_mooc.ir.quiz")
    assert not breaks("bwise_mooc.exporters.olx", "bwise_mooc.ir")
    assert not breaks("bwise_mooc.build", "bwise_mooc.cache")


def test_imports_are_read_with_relative_ones_resolved(tmp_path: Path) -> None:
    source = PACKAGE / "exporters" / "scorm12.py"
    assert "bwise_mooc.exporters.scorm.manifest12" in imports(source)
