"""Stage 3's last step: every output of a build is published together, or none is.

A build writes all its outputs into one staging folder inside the build folder
(``OUT/.build-*``). Publishing then moves them into place with a journal:

1. ``OUT/.publish.json`` is written atomically: the staging folder and every output it holds;
2. each old output is moved aside (into ``OUT/.build-*/.previous``) and the new one into place;
3. the journal is removed, then the old outputs and the staging folder.

If a move fails, the moves already made are undone and the journal removed: every previous
output is back, byte for byte. If the process is killed during the moves, the journal stays:
the next command that opens the build folder (``recover``) finishes the moves before anything
else, so once any command has run, the outputs are all of one build. ``recover`` also removes
what a killed build left before publishing (staging folders without a journal).
"""

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from bwise_mooc.atomic import write_atomically

JOURNAL = ".publish.json"
STAGING_PREFIX = ".build-"
PREVIOUS = ".previous"  # inside the staging folder: the outputs being replaced


def publish(staging: Path, out: Path, places: Sequence[Path]) -> None:
    """Move ``staging/<place>`` to ``out/<place>`` for every place, all or none."""
    if len(set(places)) != len(places):
        raise ValueError(f"two outputs of one build share a place: {sorted(map(str, places))}")
    for place in places:
        (staging / place).chmod(0o755)
    journal = {"staging": staging.name, "places": [place.as_posix() for place in places]}
    write_atomically(out / JOURNAL, json.dumps(journal).encode())
    started = 0
    try:
        for place in places:
            started += 1
            _move_in(staging, out, place)
    except BaseException:
        for place in reversed(places[:started]):  # the one that failed, then those done
            _move_back(staging, out, place)
        (out / JOURNAL).unlink(missing_ok=True)
        raise
    (out / JOURNAL).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def recover(out: Path) -> None:
    """Finish the publication a killed build left half done, then remove staging folders."""
    journal_file = out / JOURNAL
    if journal_file.is_file():
        try:
            journal = json.loads(journal_file.read_text(encoding="utf-8"))
            staging = out / str(journal["staging"])
            places = [Path(place) for place in journal["places"]]
        except (OSError, ValueError, KeyError, TypeError):
            places = []  # unreadable: written atomically, so never half written; ignore it
        for place in places:
            if (staging / place).exists():  # not yet in place
                _move_in(staging, out, place)
        journal_file.unlink()
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)


def _move_in(staging: Path, out: Path, place: Path) -> None:
    """Move the old output at ``place`` aside (if it is still there), then the new one in."""
    target, aside = out / place, staging / PREVIOUS / place
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not aside.exists():
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, aside)
    os.replace(staging / place, target)


def _move_back(staging: Path, out: Path, place: Path) -> None:
    """Undo ``_move_in``, complete or not: the new output back into staging (if it had moved
    in), the old one back into place (if it had moved aside)."""
    target, aside = out / place, staging / PREVIOUS / place
    if not (staging / place).exists() and target.exists():
        os.replace(target, staging / place)
    if aside.exists():
        os.replace(aside, target)
