"""SCORM zip assembly shared by the 1.2 and 2004 exporters.

Each package holds ``imsmanifest.xml`` (validated against the official XSDs before the zip is
made), the XSDs themselves at the root, one launch page per SCO in the source-mirrored layout
(``<module-folder>/index.html`` or ``<module-folder>/<lesson>.html``), the media those SCOs use,
and the shared player files under ``shared/``. Zips are reproducible byte for byte.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Literal

from bwise_mooc import ir
from bwise_mooc.exporters.base import zip_bytes
from bwise_mooc.exporters.scorm.page import SHARED_FILES, render_sco_page
from bwise_mooc.exporters.scorm.plan import PackagePlan, Sco, ScoPer, plans
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


def _media(sco: Sco) -> dict[str, str]:
    """The SCO's media as zip path -> source path: ``modules/`` is dropped, as in the preview."""
    return {
        PurePosixPath(*PurePosixPath(asset.path).parts[1:]).as_posix(): asset.path
        for lesson in sco.lessons
        for asset in lesson.assets
    }


def build_packages(
    course: ir.Course,
    source_root: Path,
    version: Version,
    sco_per: ScoPer,
    write_manifest: ManifestWriter,
) -> Iterator[tuple[str, bytes]]:
    """Every package of the course as (zip file name, zip bytes): modules first, then the course."""
    kind: ManifestKind = "scorm12" if version == "1.2" else "scorm2004"
    shared = shared_files()
    schemas = schema_files(kind)
    for plan in plans(course, sco_per):
        files: dict[str, bytes] = {**schemas, **shared}
        listed: dict[str, list[str]] = {}
        for sco in plan.scos():
            files[sco.page] = render_sco_page(course, plan, sco, version).encode("utf-8")
            media = _media(sco)
            for target, source in media.items():
                files[target] = (source_root / source).read_bytes()
            listed[sco.key] = [sco.page, *sorted(media)]
        manifest = write_manifest(plan, listed, sorted(shared))
        check_manifest(manifest, kind, f"{plan.name}.zip/imsmanifest.xml")
        files["imsmanifest.xml"] = manifest
        yield f"{plan.name}.zip", zip_bytes(files, first=["imsmanifest.xml"])
