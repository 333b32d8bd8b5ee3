"""The course model's source references resolved for a cartridge's layout (``plan.py``).

Every reference becomes a path relative to the file that holds it (``url_path``), so that it works wherever
the cartridge is unpacked: a lesson's page ``02-other.html`` (``../other-module/01-x.html``
across modules), a picture ``../media/<hash>.png``, another file at its place in the sources.
Moodle's importer finds the files this way (``backup/cc/entity11.resource.class.php`` resolves
each relative ``src``/``href`` of a page from the page's folder, and ``entities::update_sources``
those of a question from the folder of its QTI file). In QTI files the paths start with
``$IMS-CC-FILEBASE$``, the token of the CC 1.1 profile for "the folder of this file", as
Moodle's own cartridges write it; ``#anchor`` links of a question lead to its lesson's page.
Pages are the same in every cartridge, so in a module's own cartridge a link to another
module's lesson leads outside it (the whole course's cartridge holds every page).
"""

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bwise_mooc.exporters.links import LinkResolver, Reference

FILEBASE = "$IMS-CC-FILEBASE$"
ESCAPED = frozenset("%#?[]")  # would end a path, or make it an invalid xs:anyURI


def url_path(path: str) -> str:
    """A path of the cartridge as a URL path: ``%``, ``#``, ``?``, ``[``, ``]`` and control
    characters are percent-encoded; everything else stays as it is. Moodle's importer reads
    hrefs and srcs as plain file paths (it copies ``file/@href`` and resolves a page's links as
    they are written), so a name with spaces or accents keeps working there, and libxml2, with
    which Moodle validates the manifest, accepts them as ``xs:anyURI``."""
    return _TO_ESCAPE.sub(_escaped, path)


_TO_ESCAPE = re.compile(r"[%#?\[\]\x00-\x1f\x7f]")  # ESCAPED and the control characters


def _escaped(found: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in found.group().encode("utf-8"))


@dataclass(frozen=True)
class CartridgeLinks(LinkResolver):
    """References as a file in ``folder`` of the cartridge sees them."""

    media: Mapping[str, str]  # Course.media: each file's place in the cartridge
    pages: Mapping[str, str]  # each lesson's page, by the lesson's source path
    folder: str  # the folder of the file holding the references
    token: str = ""  # prefix of every path: FILEBASE in QTI files
    page: str = ""  # for a quiz: the page of its lesson, where `#anchor` links lead

    def here(self, ref: Reference) -> str:
        return f"{self.path_to(self.page)}{ref.value}" if self.page else ref.value

    def lesson(self, ref: Reference) -> str:
        page = self.pages.get(ref.path)
        if page is None:  # not a lesson of this course: parse/ reports it, it stays as written
            return ref.value
        return self.path_to(page) + (f"#{ref.anchor}" if ref.anchor else "")

    def file(self, ref: Reference) -> str:
        place = self.media.get(ref.path)
        return ref.value if place is None else self.path_to(place)

    def path_to(self, target: str) -> str:
        """``target`` (a path in the cartridge) from this file's folder, as a URL path."""
        relative = posixpath.relpath(target, self.folder or ".")
        return self.token + url_path(relative)


MOODLE_FILE = "$@FILEPHP@$"  # Moodle's own backup token for a file of the course's files
MOODLE_SLASH = "$@SLASH@$"


@dataclass(frozen=True)
class AnswerLinks(CartridgeLinks):
    """References in a choice of a QTI item (its text and feedback), as Moodle carries them.

    Moodle's importer passes only an item's question text through its path rewriting
    (``entities::update_sources``); a choice's text and feedback reach its Moodle 1.9
    converter unchanged, which copies a file into the answer only when it is written as
    Moodle's backup token ``$@FILEPHP@$$@SLASH@$media$@SLASH@$x.png`` (the path from the
    cartridge's root: ``backup/converter/moodle1/lib.php``, ``migrate_referenced_files``).
    A ``$IMS-CC-FILEBASE$`` path stays as it is there, and the picture is broken. So files
    in choices are written in Moodle's form (checked in a real Moodle 4.3: the picture lands
    in the answer's files); a cartridge reader other than Moodle does not show them."""

    def file(self, ref: Reference) -> str:
        place = self.media.get(ref.path)
        if place is None:
            return ref.value
        return MOODLE_FILE + MOODLE_SLASH + url_path(place).replace("/", MOODLE_SLASH)
