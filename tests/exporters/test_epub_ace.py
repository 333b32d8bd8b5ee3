"""DAISY Ace on every EPUB of the real course (EN, DE, AR): no violation, the accessibility
metadata present, every picture with its text alternative.

Ace is the npm package ``@daisy/ace`` (package.json); its ``ace-puppeteer`` runs the axe checks
in Debian's Chromium, given by ``PUPPETEER_EXECUTABLE_PATH`` (no browser is ever downloaded:
the Makefile installs it with ``PUPPETEER_SKIP_DOWNLOAD``).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bwise_mooc import ir
from tests.chromium import CHROMIUM
from tests.conftest import ROOT
from tests.exporters.test_epub import Book, write_books

pytestmark = pytest.mark.browser

Report = dict[str, Any]  # Ace's report.json
ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
METADATA = (  # what Ace's metadata checks ask of a publication that claims conformance
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
    "dcterms:conformsTo",
    "a11y:certifiedBy",
)


def _missing(what: str) -> None:
    message = f"{what} is missing: run `make browser-deps`"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def ace(book: Path, out: Path) -> Report:
    """Ace's report (``report.json``) on ``book``, written into ``out``."""
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM))
    if not ACE.exists() or shutil.which("node") is None:
        _missing("DAISY Ace (node_modules/.bin/ace-puppeteer)")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    run = [str(ACE), "--silent", "--force", "--outdir", str(out), str(book)]
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=600, check=False)
    report = out / "report.json"
    assert report.exists(), f"Ace wrote no report (exit {done.returncode}): {done.stderr[-2000:]}"
    found: Report = json.loads(report.read_text("utf-8"))
    return found


def violations(report: Report) -> list[str]:
    """Every violation Ace reports, as 'document: rule (impact): what'."""
    found = []
    for document in report["assertions"]:
        for check in document["assertions"]:
            test, result = check["earl:test"], check["earl:result"]
            found.append(
                f"{document['earl:testSubject']['url']}: {test['dct:title']} "
                f"({test['earl:impact']}): {result['dct:description']}"
            )
    return found


@pytest.fixture(scope="module")
def books(courses: list[ir.Course], tmp_path_factory: pytest.TempPathFactory) -> list[Book]:
    return write_books(courses, tmp_path_factory.mktemp("epub-ace"))


@pytest.fixture(scope="module")
def reports(books: list[Book], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    out = tmp_path_factory.mktemp("ace")
    return {book.path.name: ace(book.path, out / book.path.stem) for book in books}


def test_every_book_of_every_language_is_checked(reports: dict[str, Report]) -> None:
    assert len(reports) == 7  # EN, DE: workers, supporters, enablers; AR: workers
    assert {name.rsplit("-", 1)[-1] for name in reports} >= {"ar.epub", "de.epub"}


def test_ace_finds_no_violation(reports: dict[str, Report]) -> None:
    found = {name: violations(report) for name, report in reports.items()}
    assert found == {name: [] for name in reports}
    assert {report["earl:result"]["earl:outcome"] for report in reports.values()} == {"pass"}


def test_ace_finds_the_accessibility_metadata(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        metadata = report["a11y-metadata"]
        assert not metadata["empty"], name
        assert set(METADATA) <= set(metadata["present"]), (name, metadata)


def test_ace_sees_a_text_alternative_for_every_picture(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        images = report["data"]["images"]
        assert images, f"{name}: Ace found no picture to check"
        assert all(str(image.get("alt", "")).strip() for image in images), name


def test_ace_reports_a_broken_book(courses: list[ir.Course], tmp_path: Path) -> None:
    """The check can fail: a book whose lesson loses its language and a picture's text
    alternative gets violations from Ace."""
    import zipfile

    (book,) = [b for b in write_books(courses[:1], tmp_path) if b.track.id == "workers"]
    members = book.members()
    name = next(n for n in members if n.endswith(".xhtml") and b"<img" in members[n])
    broken = members[name].replace(b' lang="en"', b"", 1).replace(b'alt="', b'data-x="')
    members[name] = broken
    target = tmp_path / "broken.epub"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), members.pop("mimetype"))
        for member, data in members.items():
            archive.writestr(member, data, zipfile.ZIP_DEFLATED)
    found = violations(ace(target, tmp_path / "ace"))
    assert any("image-alt" in v or "alternative" in v.lower() for v in found), found
