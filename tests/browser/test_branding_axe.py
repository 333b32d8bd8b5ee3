"""axe-core on branded pages: the sample course with the real course's ``branding:`` (logo,
colours, footer, funder's emblem and disclaimer), in the preview and on the SCORM page."""

import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser

from bwise_mooc.exporters.base import BuildOptions
from bwise_mooc.exporters.html_preview import HtmlPreview
from bwise_mooc.exporters.scorm12 import Scorm12
from bwise_mooc.pipeline import load_course
from tests.browser.conftest import COURSE_ROOT, ROOT
from tests.browser.test_axe import violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample course with the real course's branding and its pictures."""
    root = tmp_path_factory.mktemp("branded") / "course"
    shutil.copytree(COURSE_ROOT, root)
    real = yaml.safe_load((ROOT / "course/course.yml").read_text("utf-8"))["branding"]
    for picture in (real["logo"]["image"], real["funder"]["emblem"]["image"]):
        shutil.copy(ROOT / "course" / picture, root / "course" / picture)
    config = root / "course/course.yml"
    config.write_text(
        config.read_text("utf-8") + yaml.safe_dump({"branding": real}, allow_unicode=True),
        "utf-8",
    )
    return root


def test_branded_pages_pass_axe(browser: Browser, branded: Path, tmp_path: Path) -> None:
    course, diagnostics = load_course(branded)
    assert course is not None and course.branding is not None, diagnostics
    site = HtmlPreview(BuildOptions()).write(course, branded, tmp_path / "html").root
    package = Scorm12(BuildOptions()).write(course, branded, tmp_path / "scorm12").root
    with zipfile.ZipFile(package / f"{course.id}-{course.modules[0].id}.zip") as archive:
        archive.extractall(tmp_path / "sco")
    pages = [
        site / "index.html",
        site / course.modules[0].folder / course.modules[0].lessons[0].page,
        tmp_path / "sco" / course.modules[0].folder / "index.html",
    ]
    found = {}
    for width in (1280, 320):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in pages:
            page.goto(path.as_uri())
            assert page.locator(".site-logo").count() == 1
            assert page.locator(".brand-funder__disclaimer").count() == 1
            problems = violations(page)
            if problems:
                found[f"{path.relative_to(tmp_path)} at {width}px"] = problems
        context.close()
    assert found == {}
