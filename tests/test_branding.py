"""Branding (issue 20): ``branding:`` of course.yml checked with exact messages, and shown by
every format that shows pages; a course without it builds exactly as before."""

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bwise_mooc.cli import main
from bwise_mooc.contrast import TEXT, contrast
from tests.catalogue import diagnostic_lines
from tests.conftest import COURSE_YML, FRONT, MODULE_YML, MakeCourse

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
LESSON = FRONT + "Fine.\n\n::: assessment\n### Yes? {#q1}\n- answer: true\n:::\n"
BRANDING = """\
branding:
  logo: {image: media/logo.svg, alt: Demo logo}
  colours: {primary: "#0d5c63", accent: "#b35400"}
  footer: "An *independent* course. [About](https://example.org/about)"
  funder:
    emblem: {image: media/emblem.svg, alt: Placeholder emblem}
    disclaimer: Funded by the European Union.
"""
GERMAN = {
    "course/course.de.yml": "title: Demokurs\ndescription: Ein Kurs.\n",
    "modules/01-basics/module.de.yml": "title: B\nsummary: S\noutcomes: [{id: o1, text: T}]\n",
    "modules/01-basics/01-lesson.de.md": FRONT.replace("---\n", "---\ntranslated_from: x\n", 1)
    + "Gut.\n\n::: assessment\n### Ja? {#q1}\n- answer: true\n:::\n",
}


def course(make_course: MakeCourse, branding: str = BRANDING, **files: str) -> Path:
    return make_course(
        {
            "course/course.yml": COURSE_YML + branding,
            "modules/01-basics/module.yml": MODULE_YML,
            "modules/01-basics/01-lesson.md": LESSON,
            "course/media/logo.svg": SVG,
            "course/media/emblem.svg": SVG.replace(b"rect", b"circle r='4'", 1),
            **{name.replace("__", "/"): text for name, text in files.items()},
        }
    )


def check_lines(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    return [
        line for line in diagnostic_lines(result.output) if "[translation.unstamped]" not in line
    ]


@pytest.mark.parametrize(
    ("branding", "expected"),
    [
        (
            "branding:\n  logo: {image: media/nope.svg, alt: A}\n",
            "course/course.yml:12:17: error: logo 'media/nope.svg' not found in course/ [path.missing]",
        ),
        (
            "branding:\n  logo: {image: ../x.svg, alt: A}\n",
            "course/course.yml:12:17: error: logo '../x.svg' must be inside course/ [path.outside]",
        ),
        (
            "branding:\n  logo: {image: media/logo.svg}\n",
            "course/course.yml:12:17: error: logo needs 'alt' text: what it shows or says, for "
            "people who cannot see it [media.no-alt]",
        ),
        (
            "branding:\n  funder: {emblem: {image: media/logo.svg}, disclaimer: Funded.}\n",
            "course/course.yml:12:28: error: funder's emblem needs 'alt' text: what it shows or "
            "says, for people who cannot see it [media.no-alt]",
        ),
        (
            "branding:\n  colours:\n    primary: #0b4a80\n",
            "course/course.yml:13:5: error: 'colours' in 'branding': 'primary' has no colour: in "
            'YAML, # starts a comment, so put the colour in quotes, primary: "#0b4a80" '
            "[yaml.invalid-value]",
        ),
        (
            'branding:\n  colours:\n    primary: "0b4a80"\n',
            "course/course.yml:13:14: error: 'primary' in 'branding' > 'colours' must be a colour "
            "written as # and 6 digits or letters a-f, in quotes, like \"#0b4a80\", not '0b4a80' "
            "[yaml.invalid-value]",
        ),
        (
            'branding:\n  colours:\n    primary: "#5b8fd0"\n',
            "course/course.yml:13:14: error: white text on 'primary' #5b8fd0 has a contrast of "
            '3.34:1; text needs at least 4.5:1 (WCAG 2.2): try "#4c78af", the nearest colour '
            "that passes [branding.contrast]",
        ),
        (
            'branding:\n  colours:\n    primary_dark: "#4a8cc4"\n',
            "course/course.yml:13:19: error: white text on 'primary_dark' #4a8cc4 has a contrast "
            'of 3.59:1; text needs at least 4.5:1 (WCAG 2.2): try "#417bac", the nearest colour '
            "that passes [branding.contrast]",
        ),
        (
            'branding:\n  colours:\n    link: "#2a7ab0"\n',
            "course/course.yml:13:11: error: 'link' #2a7ab0 on the footer background #f3f6f9 has "
            'a contrast of 4.29:1; text needs at least 4.5:1 (WCAG 2.2): try "#2976aa", the '
            "nearest colour that passes [branding.contrast]",
        ),
        (
            'branding:\n  colours:\n    accent: "#ffd43b"\n',
            "course/course.yml:13:13: error: 'accent' #ffd43b on the page background #ffffff has "
            "a contrast of 1.42:1; borders and focus indicators need at least 3:1 (WCAG 2.2): "
            'try "#b09229", the nearest colour that passes [branding.contrast]',
        ),
        (
            'branding:\n  footer: "See ![x](media/logo.svg)"\n',
            "course/course.yml:12:11: error: the footer may hold text, *emphasis* and web links "
            "(https://, mailto:) only [branding.footer]",
        ),
        (
            "branding:\n  colour: {}\n",
            "course/course.yml:12:3: error: unknown key 'colour': did you mean 'colours'? "
            "[yaml.unknown-key]",
        ),
    ],
)
def test_check_reports_each_branding_mistake_exactly(
    make_course: MakeCourse, branding: str, expected: str
) -> None:
    assert check_lines(course(make_course, branding)) == [expected]


def test_a_good_branding_passes_check_and_the_suggested_colours_pass(
    make_course: MakeCourse,
) -> None:
    assert check_lines(course(make_course)) == []
    for suggestion in ("#4c78af", "#2976aa"):
        assert contrast(suggestion, "#ffffff") >= TEXT


def test_each_translation_gives_the_branding_texts_or_they_are_reported(
    make_course: MakeCourse,
) -> None:
    yml = COURSE_YML.replace("languages: [en]", "languages: [en, de]")
    root = course(make_course)
    (root / "course/course.yml").write_text(yml + BRANDING, "utf-8")
    for name, text in GERMAN.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    lines = [line for line in check_lines(root) if "translated_from" not in line]
    assert lines == [
        f"course/course.de.yml:1:1: error: no de translation: the text of {what} is missing "
        "[translation.missing]"
        for what in (  # sorted, as check prints them
            "'branding' > 'footer'",
            "'branding' > 'funder' > 'disclaimer'",
            "'branding' > 'funder' > 'emblem' > 'alt'",
            "'branding' > 'logo' > 'alt'",
        )
    ]
    (root / "course/course.de.yml").write_text(
        GERMAN["course/course.de.yml"]
        + "branding:\n  logo: {alt: Demo-Logo}\n  footer: Ein *unabhängiger* Kurs.\n"
        "  funder:\n    emblem: {alt: Platzhalter}\n    disclaimer: Finanziert von der EU.\n",
        "utf-8",
    )
    assert [line for line in check_lines(root) if "translated_from" not in line] == []
    out = root / "build"
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = (out / "de/html/index.html").read_text("utf-8")
    assert 'alt="Demo-Logo"' in page and "Ein <em>unabhängiger</em> Kurs." in page
    assert 'alt="Platzhalter"' in page and "Finanziert von der EU." in page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The course built in every page format, with and without branding."""
    outputs = {}
    for name, branding in (("branded", BRANDING), ("plain", "")):
        root = tmp_path_factory.mktemp(name)
        course(lambda files, root=root: _write(root, files), branding)
        out = root / "build"
        result = CliRunner().invoke(
            main,
            [
                "build",
                "--root",
                str(root),
                "--format",
                "html,scorm12,cc,olx,report",
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        outputs[name] = out
    return outputs


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def _pages(out: Path) -> dict[str, str]:
    """One page of each format that shows pages, by format."""
    with zipfile.ZipFile(out / "scorm12/demo-basics.zip") as sco:
        scorm = sco.read("01-basics/index.html").decode("utf-8")
        scorm_media = sorted(n for n in sco.namelist() if n.startswith("media/"))
    with zipfile.ZipFile(out / "cc/demo-basics.imscc") as cartridge:
        cc = cartridge.read("01-basics/01-lesson.html").decode("utf-8")
        cc_media = sorted(n for n in cartridge.namelist() if n.startswith("media/"))
    with tarfile.open(out / "olx/demo.tar.gz") as archive:
        names = archive.getnames()
        about = _member(archive, next(n for n in names if n.endswith("about/overview.html")))
        policy = _member(archive, next(n for n in names if n.endswith("/policy.json")))
    return {
        "html": (out / "html/01-basics/01-lesson.html").read_text("utf-8"),
        "home": (out / "html/index.html").read_text("utf-8"),
        "scorm": scorm,
        "scorm_media": " ".join(scorm_media),
        "cc": cc,
        "cc_media": " ".join(cc_media),
        "olx": about,
        "policy": policy,
        "report": (out / "report/index.html").read_text("utf-8"),
    }


def _member(archive: tarfile.TarFile, name: str) -> str:
    member = archive.extractfile(name)
    assert member is not None
    return io.TextIOWrapper(member, "utf-8").read()


@pytest.mark.parametrize("page", ["html", "home", "scorm", "cc"])
def test_every_page_shows_the_logo_footer_emblem_and_disclaimer(
    built: dict[str, Path], page: str
) -> None:
    text = _pages(built["branded"])[page]
    assert 'alt="Demo logo"' in text
    assert "An <em>independent</em> course. " in text
    assert '<a href="https://example.org/about">About</a>' in text
    assert 'alt="Placeholder emblem"' in text
    assert "Funded by the European Union." in text


def test_pages_carry_the_colours_and_packages_their_pictures(built: dict[str, Path]) -> None:
    pages = _pages(built["branded"])
    style = (
        "<style>:root{--brand:#0d5c63;--brand-dark:#094045;--link:#0d5c63;--accent:#b35400}</style>"
    )
    assert style in pages["html"] and style in pages["scorm"]
    assert "<style>" not in pages["cc"]  # Moodle shows pages in its own theme
    assert pages["scorm_media"].count(".svg") == 2 and pages["cc_media"].count(".svg") == 2
    for page in ("html", "scorm", "cc"):
        assert "https://example.org" not in pages[page].replace(
            '<a href="https://example.org/about">', ""
        )  # no picture comes from elsewhere


def test_the_open_edx_about_page_has_footer_and_disclaimer_and_the_logo_is_its_image(
    built: dict[str, Path],
) -> None:
    pages = _pages(built["branded"])
    assert "An <em>independent</em> course." in pages["olx"]
    assert "Funded by the European Union." in pages["olx"]
    assert 'src="/static/' in pages["olx"] and 'alt="Placeholder emblem"' in pages["olx"]
    settings = next(iter(json.loads(pages["policy"]).values()))
    assert settings["course_image"].endswith(".svg")


def test_without_branding_no_page_changes(built: dict[str, Path]) -> None:
    pages = _pages(built["plain"])
    for name in ("html", "home", "scorm", "cc", "olx", "report"):
        assert "brand" not in pages[name] and "<style>" not in pages[name], name
    assert "site-logo" not in pages["html"]
    assert "course_image" not in pages["policy"]
    assert pages["scorm_media"] == "" and pages["cc_media"] == ""


def test_the_report_is_not_branded(built: dict[str, Path]) -> None:
    """The report is a reviewers' table, not a page of the course: it has no media folder."""
    assert "site-logo" not in _pages(built["branded"])["report"]
