"""A module of every track (``track: all``, the course start), the help link on every page and
the about page (issue 17, "The B-WISE mission, covered").

The sample course gets a start module, a ``help:`` and the real course's branding and
credential; then: the start is first in every track and in every track's workload, but in no
credential's modules and without an assessment warning; it is in the preview, every SCORM,
Open edX and Common Cartridge package where the tracks' modules are; every preview and SCORM
page has a help link that leads to a page or place that exists; the about page says who made
the course, that it is independent, who funds it, what each credential is and where to get help.
"""

import posixpath
import re
import shutil
import tarfile
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml

from bwise_mooc import ir
from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.cc import CommonCartridge
from bwise_mooc.exporters.html_preview import HtmlPreview, render_site
from bwise_mooc.exporters.olx import Olx
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.pipeline import load_course
from tests.conftest import FIXTURES, ROOT, write_files

HELP = "Ask your job coach or the course team: help@example.org"
START = {
    "modules/00-start/module.yml": (
        "title: Start here\nsummary: How the course works.\ntrack: all\nestimated_minutes: 30\n"
    ),
    "modules/00-start/01-how-it-works.md": (
        "---\ntitle: How it works\nestimated_minutes: 15\nsummary: Tracks and tests.\n---\n"
        "## Tracks\n\nThe course has 2 tracks.\n\n"
        "::: quiz\n### Does this start have a test? {#start-test}\n- ( ) Yes\n  > No.\n"
        "- (x) No\n  > Right.\n:::\n"
    ),
    "modules/00-start/02-where-to-get-help.md": (
        "---\ntitle: Where to get help\nestimated_minutes: 15\n---\n"
        "## Ask your job coach\n\nAsk your job coach first.\n"
    ),
}
HELP_LESSON = "modules/00-start/02-where-to-get-help.md"


def start_course(root: Path) -> Path:
    """The sample course with a start module, help, and the real course's branding and
    credential (its pictures too)."""
    shutil.copytree(FIXTURES / "sample", root)
    write_files(root, START)
    real = yaml.safe_load((ROOT / "course/course.yml").read_text("utf-8"))
    for picture in (
        real["branding"]["logo"]["image"],
        real["branding"]["funder"]["emblem"]["image"],
    ):
        shutil.copy(ROOT / "course" / picture, root / "course" / picture)
    track = real["tracks"][1]["credential"]  # the supporters': methods, participation
    credential = {
        **real["credential"],
        "assessment": track["assessment"],
        "participation": track["participation"],
    }
    extra = {
        "branding": real["branding"],
        "credential": credential,
        "help": {"contact": HELP, "lesson": HELP_LESSON},
    }
    config = root / "course/course.yml"
    config.write_text(
        config.read_text("utf-8") + yaml.safe_dump(extra, allow_unicode=True), "utf-8"
    )
    return root


@cache
def loaded(root: Path) -> tuple[ir.Course, Diagnostics]:
    course, diagnostics = load_course(root)
    assert course is not None, [str(d) for d in diagnostics]
    return course, diagnostics


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return start_course(tmp_path_factory.mktemp("start") / "course")


@pytest.fixture(scope="module")
def course(root: Path) -> ir.Course:
    return loaded(root)[0]


def test_the_start_is_first_in_every_track_and_counts_in_its_workload(
    root: Path, course: ir.Course
) -> None:
    _, diagnostics = loaded(root)
    assert not diagnostics.errors, [str(d) for d in diagnostics]
    start = course.modules[0]
    assert not [d for d in diagnostics if d.path.startswith(start.dir)]  # no no-assessment
    assert start.shared and start.number == 0 and start.outcomes == ()
    for track in course.tracks:
        modules = course.track_modules(track.id)
        assert modules[0] is start and len(modules) == 2
        assert track.workload_minutes == sum(m.estimated_minutes for m in modules)
        assert start not in course.assessed_modules(track.id)
        facts = track.credential
        assert facts is not None


def test_the_start_is_not_in_any_credential(course: ir.Course) -> None:
    from bwise_mooc.exporters.credential_facts import credential_facts

    for track in course.tracks:
        facts = credential_facts(course, track)
        assert facts is not None
        assert [module.number for module in facts.modules] == [
            m.number for m in course.assessed_modules(track.id)
        ]
        assert 0 not in [module.number for module in facts.modules]


def test_assessment_questions_in_a_shared_module_are_reported(tmp_path: Path) -> None:
    root = start_course(tmp_path / "course")
    write_files(
        root,
        {
            "modules/00-start/03-test.md": (
                "---\ntitle: Test\nestimated_minutes: 5\n---\n## Test\n\nText.\n\n"
                "::: assessment\n### Sure? {#sure}\n- (x) Yes\n  > Yes.\n- ( ) No\n  > No.\n:::\n"
            )
        },
    )
    _, diagnostics = load_course(root)
    codes = [d.code for d in diagnostics]
    assert "module.shared-assessed" in codes and "module.no-assessment" not in codes


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ({"modules/01-phone-basics/module.yml": None}, "outcomes"),
        ({"course/course.yml": "tracks-all"}, "'all' names every track"),
        ({"course/course.yml": "help-missing"}, "help.lesson"),
    ],
)
def test_mistakes_are_reported(tmp_path: Path, files: dict[str, str | None], code: str) -> None:
    root = start_course(tmp_path / "course")
    config = root / "course/course.yml"
    if "modules/01-phone-basics/module.yml" in files:  # a track's module without outcomes
        path = root / "modules/01-phone-basics/module.yml"
        data = yaml.safe_load(path.read_text("utf-8"))
        data["outcomes"] = []
        path.write_text(yaml.safe_dump(data), "utf-8")
    elif files["course/course.yml"] == "tracks-all":
        config.write_text(config.read_text("utf-8").replace("- id: supporters", "- id: all"))
    else:
        config.write_text(config.read_text("utf-8").replace(HELP_LESSON, "modules/00-start/9.md"))
    _, diagnostics = load_course(root)
    assert any(code in f"{d.message} [{d.code}]" for d in diagnostics.errors), [
        str(d) for d in diagnostics
    ]


def _links(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_the_preview_shows_the_start_in_every_track_and_a_help_link_on_every_page(
    course: ir.Course,
) -> None:
    pages = dict(render_site(course))
    home = pages["index.html"]
    for track in course.tracks:
        section = home.split(f'id="track-{track.id}"')[1].split("</section>")[0]
        first = re.search(r'<h4 class="card-title"><a href="([^"]+)"', section)
        assert first is not None and first.group(1) == "00-start/index.html", track.id
    assert 'href="about.html"' in home
    for name, text in pages.items():
        found = _links(text, r'<a class="help-link" href="([^"]+)">Help</a>')
        assert len(found) == 1, name
        target, anchor = urldefrag(
            posixpath.normpath(posixpath.join(posixpath.dirname(name), found[0]))
        )
        assert target == "00-start/02-where-to-get-help.html", (name, found)
        assert target in pages and not anchor
        assert 'href="' + ("../" if "/" in name else "") + 'about.html"' in text, name
    help_page = pages["00-start/02-where-to-get-help.html"]
    assert 'id="help"' in help_page and HELP in help_page
    assert "Every track" in pages["00-start/index.html"]


def test_the_about_page(course: ir.Course) -> None:
    about = dict(render_site(course))["about.html"]
    assert course.branding is not None
    for text in (
        "About this course",
        "BWISE sample course team",
        "Not an official",  # the footer: independent of the B-WISE project
        "Funded by the European Union",
        'class="brand-funder__emblem"',
        "Micro-credential: ",
        "How to get help",
        HELP,
        'href="00-start/02-where-to-get-help.html"',
    ):
        assert text in about, text
    assert about.count('class="credential"') == len(course.tracks)


def test_every_package_carries_the_start_and_every_scorm_page_a_help_link(
    root: Path, course: ir.Course, tmp_path: Path
) -> None:
    options = BuildOptions()
    HtmlPreview(options).write(course, root, tmp_path / "html")
    assert (tmp_path / "html/about.html").is_file()
    assert (tmp_path / "html/00-start/02-where-to-get-help.html").is_file()
    scorm = Scorm12(options).write(course, root, tmp_path / "scorm12").root
    with zipfile.ZipFile(scorm / f"{course.id}.zip") as package:
        manifest = package.read("imsmanifest.xml").decode()
        assert "Start here" in manifest
        sco_pages = [n for n in package.namelist() if n.endswith("/index.html")]
        assert "00-start/index.html" in sco_pages and len(sco_pages) == len(course.modules)
        for name in sco_pages:
            page = package.read(name).decode()
            assert '<a class="help-link" href="#help">Help</a>' in page, name
            assert 'id="help"' in page and HELP in page, name
    assert (scorm / f"{course.id}-start.zip").is_file()  # the start's own package
    olx = Olx(options).write(course, root, tmp_path / "olx").root
    with tarfile.open(next(olx.glob("*.tar.gz"))) as archive:
        names = archive.getnames()
        assert any(n.endswith("chapter/start.xml") for n in names), names
        overview = archive.extractfile(next(n for n in names if n.endswith("about/overview.html")))
        assert overview is not None
        text = overview.read().decode()
        assert "BWISE sample course team" in text and HELP in text
    cc = CommonCartridge(options).write(course, root, tmp_path / "cc").root
    with zipfile.ZipFile(cc / f"{course.id}.imscc") as cartridge:
        assert "00-start/02-where-to-get-help.html" in cartridge.namelist()
        assert "Start here" in cartridge.read("imsmanifest.xml").decode()
