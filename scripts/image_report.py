"""Bytes and CPU time of the image pipeline per kind of picture, on a generated course.

``python scripts/image_report.py COURSE_ROOT [--json OUT]`` names and prepares every distinct
picture of the course (``scripts/synthetic_course.py`` output) once, in this process, with the
``bwise_mooc`` it imports (put an older checkout first on ``PYTHONPATH`` to measure that one),
and prints per kind (phone JPEG, photograph saved as PNG, screenshot, diagram, SVG): how many,
source bytes, output bytes, the output formats, and the CPU seconds of naming and of
preparing. This is a developer tool, not part of the installed package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import bwise_mooc
from bwise_mooc.config import ImageSettings
from bwise_mooc.images import optimise, output_name

KINDS = {
    "photo-*.jpg": "phone JPEG",
    "photo-*.png": "photo saved as PNG",
    "screen-*.png": "screenshot",
}
KINDS |= {"diagram-*.png": "diagram", "*.svg": "SVG", "course-image.png": "diagram"}


def kind_of(path: Path) -> str:
    return next((kind for pattern, kind in KINDS.items() if path.match(pattern)), "other")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = ImageSettings()
    seen: set[bytes] = set()
    rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    formats: dict[str, set[str]] = defaultdict(set)
    for path in sorted(args.root.glob("*/**/media/*")):
        data = path.read_bytes()
        digest = hashlib.sha256(data).digest()
        if digest in seen or path.suffix.lower() not in {".png", ".jpg", ".svg"}:
            continue
        seen.add(digest)
        row = rows[kind_of(path)]
        started = time.process_time()
        name = output_name(data, path.suffix, settings)
        named = time.process_time()
        made = optimise(data, path.suffix, settings)
        done = time.process_time()
        row["count"] += 1
        row["source bytes"] += len(data)
        row["output bytes"] += len(made)
        row["name cpu s"] += named - started
        row["prepare cpu s"] += done - named
        formats[kind_of(path)].add(Path(name).suffix)
    print(f"bwise_mooc from {Path(bwise_mooc.__file__).parent}")
    print(
        f"{'kind':<20} {'n':>4} {'source MB':>10} {'output MB':>10} {'ratio':>7} {'out':<10} {'name s':>7} {'prepare s':>9}"
    )
    for kind, row in sorted(rows.items()):
        print(
            f"{kind:<20} {int(row['count']):>4} {row['source bytes'] / 1e6:>10.1f} "
            f"{row['output bytes'] / 1e6:>10.2f} {row['output bytes'] / row['source bytes']:>7.1%} "
            f"{','.join(sorted(formats[kind])):<10} {row['name cpu s']:>7.2f} {row['prepare cpu s']:>9.2f}"
        )
    total = {
        key: sum(row[key] for row in rows.values())
        for key in ("source bytes", "output bytes", "name cpu s", "prepare cpu s")
    }
    print(
        f"{'all':<20} {len(seen):>4} {total['source bytes'] / 1e6:>10.1f} {total['output bytes'] / 1e6:>10.2f} "
        f"{total['output bytes'] / total['source bytes']:>7.1%} {'':<10} {total['name cpu s']:>7.2f} {total['prepare cpu s']:>9.2f}"
    )
    if args.json:
        report = {
            kind: dict(row) | {"formats": sorted(formats[kind])} for kind, row in rows.items()
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
