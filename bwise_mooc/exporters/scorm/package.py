"""SCORM zip assembly shared by the 1.2 and 2004 exporters.

Each package holds ``imsmanifest.xml`` (validated against the official XSDs before the zip is
made), the XSDs themselves at the root, one launch page per SCO in the source-mirrored layout
(``<module-folder>/index.html`` or ``<module-folder>/<lesson>.html``), the images those SCOs use
(optimised, once each, in ``media/``) and other linked files, and the shared player files under
``shared/``. Zips are reproducible byte for byte and written as they are assembled.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Literal

from bwise_mooc import ir
from bwise_mooc.exporters.base import BuildOptions, asset_source
from bwise_mooc.exporters.scorm.page import SHARED_FILES, render_sco_page
from bwise_mooc.exporters.scorm.plan import PackagePlan, Sco, plans
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


def _media(sco: Sco) -> dict[str, ir.Asset]:
    """The files the SCO's pages use, by their place in the zip."""
    return {asset.output: asset for lesson in sco.lessons for asset in lesson.assets}


def build_packages(
    course: ir.Course,
    source_root: Path,
    version: Version,
    options: BuildOptions,
    write_manifest: ManifestWriter,
) -> Iterator[tuple[str, dict[str, bytes | Path]]]:
    """Every package of the course as (zip file name, its files, manifest first): modules first,
    then the course. Files are bytes, or paths to copy from."""
    kind: ManifestKind = "scorm12" if version == "1.2" else "scorm2004"
    shared = shared_files()
    schemas = schema_files(kind)
    for plan in plans(course, options.sco_per):
        files: dict[str, bytes | Path] = {}
        content: dict[str, bytes | Path] = {**schemas, **shared}
        listed: dict[str, list[str]] = {}
        for sco in plan.scos():
            content[sco.page] = render_sco_page(course, plan, sco, version).encode("utf-8")
            media = _media(sco)
            for target, asset in media.items():
                if target not in content:
                    content[target] = asset_source(asset, course, source_root, options)
            listed[sco.key] = [sco.page, *sorted(media)]
        manifest = write_manifest(plan, listed, sorted(shared))
        check_manifest(manifest, kind, f"{plan.name}.zip/imsmanifest.xml")
        files["imsmanifest.xml"] = manifest
        files.update(content)
        yield f"{plan.name}.zip", files
