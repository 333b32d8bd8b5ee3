"""Property: whatever the course tree holds (symbolic links in and out of it, loops, odd names,
names that are not UTF-8, text in odd encodings), `check` and `build` end cleanly (exit 0 or
1, never a traceback) and nothing from outside the course reaches an output (issue 13).

Outside the course lies a canary: a file whose bytes are unique. Links to it, to its folder and
to system files are scattered through the generated tree; afterwards no output file, and no
member of an output zip or tarball, may hold the canary.
"""

import io
import os
import tarfile
import zipfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwise_mooc.cli import main
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, write_files
from tests.test_bad_inputs import png

CANARY = b"CANARY-7f3a9c-outside-the-course"

NAMES = st.sampled_from(
    [
        "01-basics",
        "02-more",
        "01-Basics",
        "03-caf\u00e9",
        "03-cafe\u0301",
        "04 spaces",
        "05-tab\there",
        "06-new\nline",
        "07-a:b",
        "con",
        "08-trailing.",
        "09-\u202eevil",
        ".hidden",
        "media",
        "files",
    ]
)
FILE_NAMES = st.sampled_from(
    [
        "01-lesson.md",
        "02-other.md",
        "02-Other.md",
        "03-x.de.md",
        "module.yml",
        "pic.png",
        "Pic.PNG",
        "doc.pdf",
        "page.html",
        "notes.txt",
        "a b.md",
        "04-new\nline.md",
    ]
)
TEXTS = st.sampled_from(
    [
        (FRONT + "Fine.\n").encode(),
        (FRONT + "![A picture](pic.png) [doc](doc.pdf) [x](page.html)\n").encode(),
        (FRONT + "[up](../../../outside/canary.md)\n").encode(),
        (FRONT + "Caf\xe9\n").encode("latin-1"),
        (FRONT + "Fine.\n").encode("utf-16"),
        MODULE_YML.encode(),
        b"\xff\xfe\x00garbage",
        b"",
    ]
)
LINK_TARGETS = st.sampled_from(
    [
        "OUTSIDE/canary.md",
        "OUTSIDE/canary.png",
        "OUTSIDE",
        "/etc/passwd",
        "/etc",
        "/dev/zero",
        "..",
        ".",
        "missing-target",
        "01-lesson.md",
        "LOOP",
    ]
)
ENTRY = st.tuples(
    st.lists(NAMES, min_size=0, max_size=2),  # folders under modules/
    FILE_NAMES,
    st.one_of(TEXTS.map(lambda text: ("file", text)), LINK_TARGETS.map(lambda t: ("link", t))),
)


def _plant(
    root: Path, outside: Path, entries: list[tuple[list[str], str, tuple[str, object]]]
) -> None:
    for folders, name, (kind, content) in entries:
        folder = root.joinpath("modules", *folders) if folders else root / "modules/01-basics"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.exists():
                continue
            if kind == "file":
                assert isinstance(content, bytes)
                path.write_bytes(content)
            else:
                target = str(content).replace("OUTSIDE", str(outside))
                path.symlink_to(path if target == "LOOP" else target)
        except OSError:
            continue  # a name this file system refuses: nothing to plant


def _all_bytes(out: Path) -> list[bytes]:
    """Every output file's bytes, and every member of every archive."""
    found = []
    for path in out.rglob("*"):
        if not path.is_file() or ".cache" in path.parts:
            continue
        data = path.read_bytes()
        found.append(data)
        if path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found.extend(archive.read(name) for name in archive.namelist())
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                for member in archive.getmembers():
                    extracted = archive.extractfile(member)
                    if extracted is not None:
                        found.append(extracted.read())
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entries=st.lists(ENTRY, min_size=1, max_size=6),
    non_utf8_name=st.booleans(),
    build=st.booleans(),
)
def test_any_tree_ends_cleanly_and_keeps_the_outside_out(
    tmp_path_factory: object,
    entries: list[tuple[list[str], str, tuple[str, object]]],
    non_utf8_name: bool,
    build: bool,
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        outside = write_files(
            base / "outside",
            {"canary.md": FRONT.encode() + CANARY + b"\n", "canary.png": png() + CANARY},
        )
        root = write_files(
            base / "course",
            {
                "course/course.yml": COURSE_YML,
                "modules/01-basics/module.yml": MODULE_YML,
                "modules/01-basics/01-lesson.md": FRONT + "Fine.\n",
                "modules/01-basics/pic.png": png(),
            },
        )
        _plant(root, outside, entries)
        if non_utf8_name:  # a name written by a tool in Latin-1: not UTF-8
            name = os.fsencode(root / "modules/01-basics") + b"/02-caf\xe9.md"
            with open(name, "wb") as file:
                file.write((FRONT + "Text.\n").encode())
        runner = CliRunner()
        checked = runner.invoke(main, ["check", "--root", str(root)])
        assert checked.exit_code in (0, 1), checked.output
        assert "Traceback" not in checked.output and "internal error" not in checked.output
        if not build:
            return
        out = base / "build"
        built = runner.invoke(
            main, ["build", "--root", str(root), "--out", str(out), "--jobs", "1", "--quiet"]
        )
        assert built.exit_code in (0, 1), built.output
        assert "internal error" not in built.output
        assert (built.exit_code == 0) == (checked.exit_code == 0), built.output
        if out.exists():
            assert not any(CANARY in data for data in _all_bytes(out))
