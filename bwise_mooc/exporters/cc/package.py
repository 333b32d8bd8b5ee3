"""Cartridge assembly: the files of each module, the files they show, the manifest, the zip.

A module's pages and QTI files depend on the module and the course's outline only, so they are
a part (``PartStore.part``): made once per build for the module's cartridge and the course's,
and found again in a build with a cache while the module is unchanged. Each QTI file is checked
when it is made, each manifest once per content (a digest decides), and every cartridge must
list exactly the files it holds (``check.py``). The zip is reproducible, manifest first.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bwise_mooc import ir
from bwise_mooc.exporters.base import BuildOptions, asset_source, brand_media, write_zip
from bwise_mooc.exporters.cc.check import InvalidCartridge, check_listing, check_manifest, check_qti
from bwise_mooc.exporters.cc.manifest import manifest
from bwise_mooc.exporters.cc.page import lesson_page
from bwise_mooc.exporters.cc.plan import CartridgePlan, ModulePlan, Page, page_paths
from bwise_mooc.exporters.cc.qti import assessment
from bwise_mooc.exporters.reuse import Reuse
from bwise_mooc.exporters.scratch import Member, Scratch

MANIFEST = "imsmanifest.xml"
Files = dict[str, Member]


@dataclass
class Contents:
    """The pages and QTI files of each module, made once in a build whatever the cartridges
    that hold them, and kept in ``scratch`` (files, not memory) until the last cartridge that
    holds them is written."""

    course: ir.Course
    options: BuildOptions
    scratch: Scratch
    made: dict[str, dict[str, Member]] = field(default_factory=dict)

    def of(self, module: ModulePlan, artefact: str) -> dict[str, Member]:
        key = module.module.dir
        if key not in self.made:
            make = partial(module_files, self.course, module, artefact)
            files = self.options.parts.part(self.course, "cc-module", [module.module], make)
            self.made[key] = self.scratch.keep_all(files)
        return self.made[key]


def module_files(course: ir.Course, module: ModulePlan, artefact: str) -> dict[str, bytes]:
    """The module's pages and QTI files by their paths in a cartridge, each QTI file checked."""
    pages = page_paths(course)
    files: dict[str, bytes] = {}
    for entry in module.entries:
        if isinstance(entry, Page):
            files[entry.path] = lesson_page(course, module.module, entry, pages)
        else:
            files[entry.path] = assessment(course, entry, pages)
            check_qti(files[entry.path], entry.path, artefact)
    return files


def cartridge_files(
    course: ir.Course,
    source_root: Path,
    options: BuildOptions,
    plan: CartridgePlan,
    contents: Contents,
) -> Files:
    """Every file of the cartridge of ``plan``, the checked manifest first."""
    files: Files = {}
    for module in plan.modules:
        files.update(contents.of(module, plan.file_name))
    media = _media(course, plan)
    for place, asset in media.items():
        if place in files:
            raise InvalidCartridge(plan.file_name, [f"{place}: a course file has a page's name"])
        files[place] = asset_source(asset, course, source_root, options)
    data = manifest(course, plan, sorted(media))
    digest = hashlib.sha256(data).hexdigest()
    options.parts.part(
        course, "valid-cc-manifest", [digest], partial(check_manifest, data, plan.file_name)
    )
    check_listing(data, files, plan.file_name)
    return {MANIFEST: data, **files}


def _media(course: ir.Course, plan: CartridgePlan) -> dict[str, ir.Asset]:
    """The files the cartridge's pages and quizzes show, by their places in it: the
    branding's pictures too, which every page shows."""
    media = {
        course.media[asset.path]: asset
        for module in plan.modules
        for lesson in module.module.lessons
        for asset in lesson.assets
    }
    return {**media, **brand_media(course)}


def write_cartridge(files: Callable[[], Files], target: Path, reuse: Reuse | None) -> None:
    write_zip(target, files(), first=[MANIFEST], reuse=reuse)
