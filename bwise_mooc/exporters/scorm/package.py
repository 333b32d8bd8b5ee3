"""SCORM zip assembly shared by the 1.2 and 2004 exporters.

Each package holds ``imsmanifest.xml`` (validated against the official XSDs before the zip is
made), the XSDs themselves at the root, one launch page per SCO in the source-mirrored layout
(``<module-folder>/index.html`` or ``<module-folder>/<lesson>.html``), the images those SCOs use
(optimised, once each, in ``media/``) and other linked files, and the shared player files under
``shared/``. Zips are reproducible byte for byte and written as they are assembled; each SCO
page is made once for all the packages that hold it and waits in a scratch folder, not in
memory (the course package holds every page of the course).

A module of every track (``track: all``, the course start) is a SCO of the course package like
any module, and has its package of its own. The preview's about page is not a page of a
package: a page of a package is either a SCO, which the LMS lists and tracks as a learning item
(and counts toward completion), or a file a SCO links to, and leaving a SCO's page ends the
learner's session. So every SCO page carries what learners need of it instead: the branding's
footer statement, the funder's emblem and disclaimer, and the help contact (``help:`` in
course.yml) in a box at its foot that the header's help link leads to; the credentials are in
the manifest's metadata (``lom.py``), and the LMS's course page holds the rest.
"""

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Literal

from bwise_mooc import ir
from bwise_mooc.exporters.base import BuildOptions, asset_source, brand_media, fixed_timestamp
from bwise_mooc.exporters.scorm.page import SHARED_FILES, render_sco_page
from bwise_mooc.exporters.scorm.plan import PackagePlan, Sco, plans
from bwise_mooc.exporters.scratch import Member, Scratch, Stored
from bwise_mooc.validate import SCHEMAS, ManifestKind, check_manifest

Version = Literal["1.2", "2004"]
ManifestWriter = Callable[[PackagePlan, Mapping[str, Sequence[str]], Sequence[str]], bytes]
SCHEMA_FOLDERS: dict[ManifestKind, str] = {"scorm12": "scorm12", "scorm2004": "scorm2004"}
AGGREGATORS = frozenset({"scorm12_manifest.xsd", "scorm2004_4th_manifest.xsd"})


def schema_files(kind: ManifestKind) -> dict[str, bytes]:
    """The official schema files to put at the package root (not our local aggregators)."""
    folder = SCHEMAS / SCHEMA_FOLDERS[kind]
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in AGGREGATORS
    }


def shared_files() -> dict[str, bytes]:
    static = resources.files("bwise_mooc.exporters").joinpath("static")
    return {f"shared/{name}": static.joinpath(name).read_bytes() for name in SHARED_FILES}


def _media(course: ir.Course, sco: Sco) -> dict[str, ir.Asset]:
    """The files the SCO's pages use, by their place in the zip: its lessons' and the
    branding's pictures."""
    media = {course.media[asset.path]: asset for lesson in sco.lessons for asset in lesson.assets}
    return {**media, **brand_media(course)}


@dataclass(frozen=True)
class Package:
    """One zip to write: its name, what decides its bytes, and how to gather its files."""

    name: str
    decided_by: list[object]  # what decides the zip, besides the course outline (modules...)
    files: Callable[[], dict[str, Member]]  # manifest first; bytes, files, or bytes put aside


def build_packages(
    course: ir.Course,
    source_root: Path,
    version: Version,
    options: BuildOptions,
    write_manifest: ManifestWriter,
    scratch: Scratch,
) -> Iterator[Package]:
    """Every package of the course: modules first, then the course; SCO pages are kept in
    ``scratch`` until every package is written."""
    pages: dict[tuple[str, str], Stored] = {}  # a SCO's page is the same in every package
    for plan in plans(course, options.sco_per):
        gather = partial(
            _package_files,
            course,
            source_root,
            version,
            options,
            write_manifest,
            plan,
            pages,
            scratch,
        )
        yield Package(
            f"{plan.name}.zip",
            [version, plan.name, options.sco_per, _modules(plan), fixed_timestamp()],
            gather,
        )


def _package_files(
    course: ir.Course,
    source_root: Path,
    version: Version,
    options: BuildOptions,
    write_manifest: ManifestWriter,
    plan: PackagePlan,
    pages: dict[tuple[str, str], Stored],
    scratch: Scratch,
) -> dict[str, Member]:
    """The files of one package; SCO pages already made for another package are reused."""
    kind: ManifestKind = "scorm12" if version == "1.2" else "scorm2004"
    shared = shared_files()
    schemas = schema_files(kind)
    files: dict[str, Member] = {}
    content: dict[str, Member] = {**schemas, **shared}
    listed: dict[str, list[str]] = {}
    for sco in plan.scos():
        if (sco.key, sco.page) not in pages:
            page = options.parts.part(
                course,
                f"sco-page-{version}",
                [sco.module, sco.key, sco.page],
                partial(_page, course, plan, sco, version),
            )
            pages[sco.key, sco.page] = scratch.keep(page)
        content[sco.page] = pages[sco.key, sco.page]
        media = _media(course, sco)
        for target, asset in media.items():
            if target not in content:
                content[target] = asset_source(asset, course, source_root, options)
        listed[sco.key] = [sco.page, *sorted(media)]
    manifest = write_manifest(plan, listed, sorted(shared))
    options.parts.part(  # checking takes long; an edit to a lesson's text leaves the manifest as it was
        course,
        "valid-manifest",
        [kind, hashlib.sha256(manifest).hexdigest()],
        partial(check_manifest, manifest, kind, f"{plan.name}.zip/imsmanifest.xml"),
    )
    files["imsmanifest.xml"] = manifest
    files.update(content)
    return files


def _page(course: ir.Course, plan: PackagePlan, sco: Sco, version: Version) -> bytes:
    return render_sco_page(course, plan, sco, version).encode("utf-8")


def _modules(plan: PackagePlan) -> list[ir.Module]:
    """The modules a package holds, once each, in order."""
    found: dict[str, ir.Module] = {}
    for sco in plan.scos():
        found.setdefault(sco.module.dir, sco.module)
    return list(found.values())
