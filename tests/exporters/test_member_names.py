"""``write_zip``'s member names are judged from the string (``unsafe_member_name``,
``member_suffix``): the answers ``PurePosixPath`` gives, for any name."""

from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from bwise_mooc.exporters.base import member_suffix, unsafe_member_name

# names made of the pieces that matter: separators, dots, backslashes, suffixes
PIECES = st.sampled_from(["/", "//", ".", "..", "\\", "a", "b.c", ".d", "e.", "f.tar.gz", "ü.PNG"])
NAMES = st.one_of(st.lists(PIECES, max_size=8).map("".join), st.text(max_size=30))


def unsafe_by_path(name: str) -> bool:
    path = PurePosixPath(name)
    return path.is_absolute() or ".." in path.parts or "\\" in name or not name


@settings(max_examples=500)
@given(NAMES)
def test_names_are_judged_as_a_posix_path_would_judge_them(name: str) -> None:
    assert unsafe_member_name(name) == unsafe_by_path(name)
    if not unsafe_member_name(name):
        assert member_suffix(name) == PurePosixPath(name).suffix


def test_examples() -> None:
    assert unsafe_member_name("../etc/passwd") and unsafe_member_name("/abs")
    assert unsafe_member_name("a\\b") and unsafe_member_name("")
    assert not unsafe_member_name("media/a..b.png")  # two dots in a name climb nowhere
    assert member_suffix("media/photo.JPG") == ".JPG"
    assert member_suffix("media/.hidden") == "" and member_suffix("media/name.") == ""
    assert member_suffix("media/./x.png/.") == ".png"
