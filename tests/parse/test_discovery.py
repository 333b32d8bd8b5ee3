"""``discover_sources``: the one walk of ``course/`` and ``modules/`` (issue 14).

Every reader of the source tree used to walk it in its own way: ``check_names`` with
``os.walk``, the build cache's tree digest with ``rglob``, ``read_course`` with ``iterdir``.
The property test builds random trees (hidden names, links inside and outside the course,
links that lead nowhere, named pipes) and asks that the one walk finds, for each of them,
exactly what its own walk found.
"""

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.parse.files import Sources, discover_sources
from bwise_mooc.parse.names import check_names
from bwise_mooc.source_tree import outside_course

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FOLDERS = ["01-a", "02-b", "x", ".h", "media"]
NAMES = [
    *FOLDERS,
    "01-a.md",
    "01-a.de.md",
    "02-b.fr.md",
    "intro.de.md",
    ".01-a.md",
    "module.yml",
    "module.de.yml",
    "A.md",
    "a.md",
]
KINDS = ["file", "folder", "fifo", "link-inside", "link-out-file", "link-out-folder", "dead-link"]
TRANSLATION = re.compile(r"^\d{2}-[a-z0-9-]+\.[a-z]{2,3}\.md\Z")  # as parse/course.py had it

KIND = st.sampled_from(["file"] * 4 + KINDS)  # mostly files
entries = st.lists(
    st.one_of(
        st.tuples(  # mostly in a module folder
            st.just("modules"),
            st.lists(st.sampled_from(FOLDERS), min_size=1, max_size=2),
            st.sampled_from(NAMES),
            KIND,
            st.integers(0, 100),
        ),
        st.tuples(
            st.sampled_from(["course", "modules"]),
            st.lists(st.sampled_from(FOLDERS), max_size=2),
            st.sampled_from(NAMES),
            KIND,
            st.integers(0, 100),
        ),
    ),
    min_size=4,
    max_size=40,
)


Tree = list[tuple[str, list[str], str, str, int]]


def make_tree(root: Path, outside: Path, tree: Tree) -> None:
    made: list[Path] = []
    for top, folders, name, kind, pick in tree:
        path = root.joinpath(top, *folders, name)
        if not _make_parents(root, path) or os.path.lexists(path):
            continue
        if kind == "file":
            path.write_text("text", encoding="utf-8")
        elif kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link-inside" and made:
            path.symlink_to(os.path.relpath(made[pick % len(made)], path.parent))
        elif kind == "link-out-file":
            path.symlink_to(outside / "secret.md")
        elif kind == "link-out-folder":
            path.symlink_to(outside)
        elif kind == "dead-link":
            path.symlink_to(root / "nowhere")
        else:
            continue
        made.append(path)


def _make_parents(root: Path, path: Path) -> bool:
    """Make the folders ``path`` is in; False if one of them is a file or a link."""
    for parent in reversed(path.relative_to(root).parents[:-1]):
        folder = root / parent
        if not os.path.lexists(folder):
            folder.mkdir()
        elif folder.is_symlink() or not folder.is_dir():
            return False
    return True


# -- the walks each reader made before there was one ---------------------------------------------


def names_walked(root: Path) -> list[tuple[str, list[str]]]:
    """What ``check_names`` looked at: every visible name, folder by folder (``os.walk``)."""
    found = []
    for top in ("course", "modules"):
        for current, folders, files in os.walk(root / top):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            visible = [*folders, *(name for name in files if not name.startswith("."))]
            found.append((Path(current).relative_to(root).as_posix(), sorted(visible)))
    return found


def digested(root: Path) -> list[str]:
    """The files the build cache's tree digest covered (``rglob``)."""
    found = []
    for top in ("course", "modules"):
        base = root / top
        for path in sorted(base.rglob("*")) if base.is_dir() else ():
            if path.is_file() and not path.name.startswith("."):
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


Found = list[tuple[str, bool, list[str], list[str], bool]]


def modules_read(root: Path) -> Found | None:
    """The module folders ``read_course`` read, with their source lessons, lesson
    translations and whether module.yml is a file (``iterdir``)."""
    folder = root / "modules"
    if not folder.is_dir():
        return None
    found: Found = []
    for entry in sorted(folder.iterdir()):
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        path = f"modules/{entry.name}"
        if outside_course(root, path):
            found.append((path, True, [], [], False))
            continue
        names = sorted(item.name for item in entry.iterdir() if item.is_file())
        lessons = [f"{path}/{n}" for n in names if n.endswith(".md") and not TRANSLATION.match(n)]
        translations = [name for name in names if TRANSLATION.match(name)]
        found.append((path, False, lessons, translations, (entry / "module.yml").is_file()))
    return found


def modules_found(sources: Sources) -> Found | None:
    if sources.modules is None:
        return None
    return [
        (m.path, m.outside, m.lessons, m.translations, "module.yml" in m.files)
        for m in sources.modules
    ]


@SETTINGS
@given(tree=entries)
@example(  # each rule at least once: hidden lesson, hidden folder, links in and out, a pipe
    tree=[
        ("modules", [], "01-a", "folder", 0),
        ("modules", ["01-a"], ".01-a.md", "file", 0),
        ("modules", ["01-a"], "01-a.de.md", "file", 0),
        ("modules", ["01-a", ".h"], "module.yml", "file", 0),
        ("modules", [], "02-b", "link-inside", 0),
        ("modules", [], "x", "link-out-folder", 0),
        ("modules", ["01-a"], "02-b.fr.md", "fifo", 0),
        ("modules", ["01-a"], "a.md", "dead-link", 0),
        ("course", [], "A.md", "link-out-file", 0),
    ]
)
def test_one_walk_finds_what_every_reader_found_on_its_own(tree: Tree) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root, outside = Path(folder, "course-root"), Path(folder, "outside")
        root.mkdir()
        outside.mkdir()
        (outside / "secret.md").write_text("secret", encoding="utf-8")
        make_tree(root, outside, tree)
        sources = discover_sources(root)
        visible = [
            (f.path, [name for name in f.names if not name.startswith(".")])
            for f in sources.folders
            if not f.hidden
        ]
        assert visible == names_walked(root)
        assert sorted(sources.files) == digested(root)
        assert modules_found(sources) == modules_read(root)
        for module in sources.modules or ():
            if not module.outside:
                for name in NAMES:
                    path = f"{module.path}/{name}"
                    assert sources.is_file(path) == (root / path).is_file(), path
        for name in NAMES:
            assert sources.is_file(f"course/{name}") == (root / "course" / name).is_file()


def test_links_hidden_entries_and_pipes(tmp_path: Path) -> None:
    """The rules of the module docstring of parse/files.py, one example each."""
    root = tmp_path / "root"
    for name in ("modules/01-a/media/.cache", "modules/.git", "shared/02-b", "course"):
        (root / name).mkdir(parents=True)
    for name in ("modules/01-a/01-x.md", "modules/01-a/.01-y.md", "modules/.git/HEAD"):
        (root / name).write_text("x", encoding="utf-8")
    (root / "modules/01-a/media/.cache/pic.png").write_bytes(b"png")
    (root / "shared/02-b/01-z.md").write_text("z", encoding="utf-8")
    (root / "modules/02-b").symlink_to("../shared/02-b")  # a module linked from inside
    (root / "modules/03-c").symlink_to(tmp_path)  # and one from outside
    os.mkfifo(root / "modules/01-a/02-pipe.md")

    sources = discover_sources(root)

    assert [m.path for m in sources.modules or ()] == [
        "modules/01-a",
        "modules/02-b",
        "modules/03-c",
    ]
    first, linked, outside = sources.modules or ()
    assert first.lessons == ["modules/01-a/.01-y.md", "modules/01-a/01-x.md"]  # no pipe
    assert linked.lessons == ["modules/02-b/01-z.md"] and not linked.outside
    assert outside.outside and outside.files == ()
    assert sorted(sources.files) == [
        "modules/.git/HEAD",  # in a hidden folder: digested, never name-checked
        "modules/01-a/01-x.md",
        "modules/01-a/media/.cache/pic.png",
    ]
    assert "modules/02-b" not in [f.path for f in sources.folders]  # links are not walked
    assert "02-pipe.md" in sources.folder("modules/01-a").others  # type: ignore[union-attr]
    found = Diagnostics()
    check_names(sources, found)
    assert not found.items
