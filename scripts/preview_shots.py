"""Screenshots of the HTML preview for reviewers: course home and one lesson, desktop and phone.

Usage: .venv/bin/python scripts/preview_shots.py [--course DIR] [--html DIR] [--out DIR]

Without --html the preview is built from the course first (into build/html). Uses Debian's
Chromium (/usr/bin/chromium); never downloads a browser.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ is not installed
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
VIEWPORTS = {"desktop": (1280, 800), "phone": (360, 740)}


def build_preview(course_root: Path, out: Path, language: str | None = None) -> Path:
    from bwise_mooc.exporters.base import BuildOptions
    from bwise_mooc.exporters.html_preview import HtmlPreview
    from bwise_mooc.pipeline import load_course

    course, _ = load_course(course_root, language)
    if course is None:
        raise SystemExit(f"the course in {course_root} could not be read; run `bwise-mooc check`")
    return HtmlPreview(BuildOptions()).write(course, course_root, out).root


def pages(html_dir: Path, lesson: str | None) -> dict[str, Path]:
    """The course home and a lesson page (the first lesson with a quiz, unless given)."""
    home = html_dir / "index.html"
    if lesson is not None:
        return {"home": home, "lesson": html_dir / lesson}
    for page in sorted(html_dir.glob("*/*.html")):
        if page.name != "index.html" and 'class="quiz' in page.read_text(encoding="utf-8"):
            return {"home": home, "lesson": page}
    return {"home": home}


def shoot(
    targets: dict[str, Path], out: Path, viewports: dict[str, tuple[int, int]], suffix: str = ""
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for device, (width, height) in viewports.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    is_mobile=width < 800,
                    has_touch=width < 800,
                )
                page = context.new_page()
                for name, path in targets.items():
                    page.goto(path.resolve().as_uri())
                    page.wait_for_load_state("load")
                    shot = out / f"{name}-{device}{suffix}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    written.append(shot)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=ROOT, help="course root (default: repo)")
    parser.add_argument("--html", type=Path, help="an already built preview folder")
    parser.add_argument("--lesson", help="lesson page relative to the preview, e.g. 01-x/02-y.html")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--lang", help="the course language to show (default: the first)")
    parser.add_argument(
        "--width", type=int, help="one viewport this wide (e.g. 320) instead of desktop and phone"
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"error: {CHROMIUM} is missing; run `make browser-deps`", file=sys.stderr)
        return 1
    suffix = f"-{args.lang}" if args.lang else ""
    target = ROOT / "build" / "screenshots-html" / (args.lang or "default")
    html_dir = args.html or build_preview(args.course, target, args.lang)
    viewports = {f"{args.width}px": (args.width, 800)} if args.width else VIEWPORTS
    for shot in shoot(pages(html_dir, args.lesson), args.out, viewports, suffix):
        print(shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
