"""Stage 3 helper for OLX: the files around the courseware, and the reproducible archive.

``static/`` (media, flat names), ``policies/<run>/`` (``policy.json``, ``grading_policy.json``,
``assets.json``), ``about/`` (overview and short description), XML serialisation, and the
``.tar.gz`` that Studio imports: one top folder, sorted members, fixed times, owners and modes.
"""

import gzip
import hashlib
import io
import json
import re
import tarfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    STORED_SUFFIXES,
    BuildOptions,
    asset_source,
    course_media,
    fixed_timestamp,
)
from bwise_mooc.exporters.branding import brand_footer, brand_view
from bwise_mooc.exporters.credential_facts import CredentialFacts, course_credentials
from bwise_mooc.exporters.olx.check import InvalidOlx
from bwise_mooc.exporters.olx.content import static_name
from bwise_mooc.exporters.reuse import Reuse
from bwise_mooc.exporters.scratch import Member, member_bytes, member_size
from bwise_mooc.i18n import gettext
from bwise_mooc.transforms.identifiers import course_run, url_name

ASSESSMENT_TYPE = "Module assessment"  # the assignment type of every graded subsection
ASSESSMENT_LABEL = "Assessment"
# Without dates in course.yml: Studio's own default start means "not scheduled" (the course team
# sets the real dates in Studio), and olxcleaner requires an end date, so this one is left open.
UNSCHEDULED_START = "2030-01-01T00:00:00Z"
OPEN_END = "2099-12-31T00:00:00Z"
SHORT_DESCRIPTION_LIMIT = 150  # characters, as Studio's Schedule & Details page allows
MEDIA_TYPES = {
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class StaticFiles:
    """The course's media: ``paths`` maps each static name to its place in a package."""

    paths: Mapping[str, str]
    data: Mapping[str, bytes | Path]  # the bytes, or a file holding them


def static_files(course: ir.Course, source_root: Path, options: BuildOptions) -> StaticFiles:
    """Every media file the course uses, under its flat static name; the course image too."""
    media = course_media(course)
    paths: dict[str, str] = {}
    for output in media:
        name = static_name(output)
        if name in paths:
            raise InvalidOlx("static/", [f"{output} and {paths[name]} both become {name}"])
        paths[name] = output
    data = {
        name: asset_source(media[output], course, source_root, options)
        for name, output in paths.items()
    }
    return StaticFiles(paths, data)


def policy_files(course: ir.Course, static: Mapping[str, str]) -> dict[str, bytes]:
    """``policies/<run>/``: course settings, grading policy and the asset list."""
    folder = f"policies/{url_name(course_run(course))}"
    return {
        f"{folder}/policy.json": _json(_policy(course)),
        f"{folder}/grading_policy.json": _json(_grading_policy(course)),
        f"{folder}/assets.json": _json({name: _asset(course, name) for name in sorted(static)}),
    }


def about_files(course: ir.Course) -> dict[str, bytes]:
    """``about/overview.html`` (the course about page) and ``about/short_description.html``."""
    paragraph = etree.Element("p")
    paragraph.text = short_description(course.description)
    return {
        "about/overview.html": _html(_overview(course)),
        "about/short_description.html": _html(paragraph),
    }


def short_description(text: str) -> str:
    """The description if it fits in 150 characters, else its first sentence, else cut short."""
    if len(text) <= SHORT_DESCRIPTION_LIMIT:
        return text
    sentence = re.match(r"(.+?[.!?])(\s|$)", text)
    if sentence and len(sentence.group(1)) <= SHORT_DESCRIPTION_LIMIT:
        return sentence.group(1)
    return text[: SHORT_DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "\N{HORIZONTAL ELLIPSIS}"


def xml_bytes(root: etree._Element) -> bytes:
    """An emitted XML file: UTF-8, no declaration (as Studio exports), indented."""
    return etree.tostring(root, encoding="utf-8", pretty_print=True)


def tar_gz(top: str, files: Mapping[str, Member]) -> bytes:
    """A reproducible ``.tar.gz`` in memory (see ``write_tar_gz``)."""
    buffer = io.BytesIO()
    write_tar_gz(buffer, top, files)
    return buffer.getvalue()


def write_tar_gz(
    target: Path | IO[bytes],
    top: str,
    files: Mapping[str, Member],
    reuse: Reuse | None = None,
) -> None:
    """A reproducible ``.tar.gz`` of ``files`` inside the single folder ``top``.

    Sorted members, fixed times, owners and modes. Entries given as a ``Path`` are streamed from
    that file. The gzip stream is a series of gzip members (RFC 1952 allows it; Python's
    tarfile, which Studio uses, and GNU tar read it as one): text at level 6, and files that are
    compressed already (images) stored at level 0, as deflating them again only costs time.
    Each such file's tar entry is gzip members of its own, whose bytes depend on that file
    alone. So is each run of text entries between two cuts (``_cuts_before``: entries whose
    name's CRC-32 is a multiple of ``TEXT_RUN``, about one in 256), which depends on those
    entries alone: an edited lesson changes a few runs, not where the others start. With
    ``reuse`` (a file ``target`` only), the gzip members the previous archive holds for the same
    content are copied from it as bytes (``reuse.py``); the archive is the same either way.
    """
    members = {f"{top}/{name}": data for name, data in files.items()}
    folders = {name[:cut] for name in members for cut in _slashes(name)}  # every parent
    for name in members.keys() | folders:
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or "" in parts or "\\" in name:
            raise InvalidOlx(f"{top}.tar.gz", [f"unsafe member name {name!r}"])
    stamp = fixed_timestamp()
    reusing = reuse if isinstance(target, Path) else None
    with (
        open(target, "wb") if isinstance(target, Path) else nullcontext(target) as raw,
        _GzipMembers(raw, stamp) as zipped,
        tarfile.TarFile(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as archive,  # type: ignore[arg-type]
    ):
        entries = _Entries(archive, zipped, raw, stamp, reusing)
        text: list[tuple[str, Member | None]] = []  # the run of text entries under way
        for name in sorted(members.keys() | folders):
            data = members.get(name)
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if data is None or suffix not in STORED_SUFFIXES:
                if text and _cuts_before(name):
                    entries.add(text, level=6)
                    text = []
                text.append((name, data))
                continue
            entries.add(text, level=6)
            text = []
            entries.add([(name, data)], level=0)
        entries.add(text, level=6)
    if reusing is not None and isinstance(target, Path):
        reusing.written = target.stat().st_size - reusing.copied


TEXT_RUN = 256  # about one text entry in this many starts a run of gzip members of its own


def _cuts_before(name: str) -> bool:
    """Does a new run of text entries start at ``name``? Decided by the name alone, so an
    edit moves no cut."""
    return zlib.crc32(name.encode("utf-8")) % TEXT_RUN == 0


@dataclass
class _Entries:
    """Adds runs of tar entries, each as gzip members of its own: copied from the previous
    archive when it holds the same run (``reuse``), compressed otherwise."""

    archive: tarfile.TarFile
    zipped: "_GzipMembers"
    raw: IO[bytes]
    stamp: int
    reuse: Reuse | None

    def add(self, run: list[tuple[str, Member | None]], level: int) -> None:
        if not run:
            return
        self.zipped.end_member()
        self.zipped.level = level
        label, key = self._label_and_key(run)
        start, plain_start = self.raw.tell(), self.archive.offset
        if self.reuse is not None and _copy_member(self.reuse, self.raw, label, key):
            self.archive.offset += self.zipped.skip(self.reuse.made[label][3])
            return
        for name, data in run:
            _add(self.archive, _tar_info(name, self.stamp, data), data)
        self.zipped.end_member()
        if self.reuse is not None:
            plain = self.archive.offset - plain_start
            self.reuse.record(label, key, start, self.raw.tell() - start, plain)

    def _label_and_key(self, run: list[tuple[str, Member | None]]) -> tuple[str, str]:
        """The name a run is recorded by (its one entry's, or its first's and a mark) and
        what stands for its content: the names and the keys of their contents."""
        if self.reuse is None:
            return "", ""
        if len(run) == 1 and run[0][1] is not None:
            return run[0][0], self.reuse.key(run[0][1])  # a stored file, as before
        keys = [[name, "" if data is None else self.reuse.key(data)] for name, data in run]
        return f"{run[0][0]} (text run)", hashlib.sha256(json.dumps(keys).encode()).hexdigest()


def _add(archive: tarfile.TarFile, info: tarfile.TarInfo, data: Member | None) -> None:
    if isinstance(data, Path):
        with data.open("rb") as source:
            archive.addfile(info, source)
    else:
        archive.addfile(info, None if data is None else io.BytesIO(member_bytes(data)))


GZIP_MAGIC = b"\x1f\x8b\x08"


def _copy_member(reuse: Reuse, raw: IO[bytes], name: str, key: str) -> bool:
    """Copy the gzip members of ``name`` from the previous archive if it holds them for
    ``key`` and they start as gzip members do; record where they now are."""
    found = reuse.found(name, key)
    if found is None:
        return False
    offset, length, plain = found
    start = raw.tell()
    if not reuse.starts_with(offset, GZIP_MAGIC) or not reuse.copy(raw, offset, length, start):
        return False
    raw.seek(start + length)
    reuse.record(name, key, start, length, plain)
    return True


def _slashes(name: str) -> Iterator[int]:
    """The places of the slashes in ``name``: where its parent folders end."""
    at = name.find("/")
    while at != -1:
        yield at
        at = name.find("/", at + 1)


class _GzipMembers:
    """A write-only file for ``tarfile`` whose bytes leave as gzip members, each compressed at
    the ``level`` in force when its bytes were written; a member ends when the level changes,
    it holds 4 MB or the writer ends it (``end_member``). The same writes give the same bytes."""

    MEMBER_BYTES = 4 << 20

    def __init__(self, raw: IO[bytes], mtime: int) -> None:
        self.raw, self.mtime = raw, mtime
        self.level = 6
        self._pending = bytearray()
        self._pending_level = 6
        self._written = 0

    def write(self, data: bytes) -> int:
        if self.level != self._pending_level or len(self._pending) >= self.MEMBER_BYTES:
            self._emit()
            self._pending_level = self.level
        self._pending += data
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def end_member(self) -> None:
        """End the gzip member under way: what is written next starts a new one."""
        self._emit()

    def skip(self, plain: int) -> int:
        """Count ``plain`` bytes of tar stream that were copied as gzip members already."""
        self._written += plain
        return plain

    def _emit(self) -> None:
        if self._pending:
            member = gzip.compress(bytes(self._pending), self._pending_level, mtime=self.mtime)
            self.raw.write(member)
            self._pending.clear()

    def __enter__(self) -> "_GzipMembers":
        return self

    def __exit__(self, *exc: object) -> None:
        self._emit()


def _tar_info(name: str, stamp: int, data: Member | None) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mtime = stamp
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if data is None:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
    else:
        info.size = member_size(data)
        info.mode = 0o644
    return info


def _policy(course: ir.Course) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "start": f"{course.start.isoformat()}T00:00:00Z" if course.start else UNSCHEDULED_START,
        "end": f"{course.end.isoformat()}T23:59:59Z" if course.end else OPEN_END,
        "language": course.language,
        "self_paced": True,
    }
    image = course.image or (course.branding.logo if course.branding else None)
    if image is not None:  # without a course image, the branding's logo stands for the course
        settings["course_image"] = static_name(course.media[image.path])
    return {f"course/{url_name(course_run(course))}": settings}


def _grading_policy(course: ir.Course) -> dict[str, Any]:
    """One assignment type, every graded subsection (lesson holding assessment questions)
    weighing the same; the course grade is the average of a learner's best ``counted`` of them
    (the others are dropped), the pass mark is ``Course.course_pass_mark``."""
    graded, counted = graded_subsections(course)
    pass_mark = course.course_pass_mark()
    if pass_mark is None:  # check reports it; the exporter never guesses
        raise InvalidOlx("grading_policy.json", ["modules' passing scores differ: no pass mark"])
    grader = {
        "type": ASSESSMENT_TYPE,
        "short_label": ASSESSMENT_LABEL,
        "min_count": max(graded, 1),
        "drop_count": graded - counted,
        "weight": 1.0,
    }
    return {"GRADER": [grader], "GRADE_CUTOFFS": {"Pass": pass_mark / 100}}


def graded_subsections(course: ir.Course) -> tuple[int, int]:
    """How many graded subsections the course has, and how many of them count for a learner:
    as many as the track with the fewest has (a learner follows one track, and Open edX cannot
    tell which, so it keeps each learner's best scores and drops the rest)."""
    per_track: dict[str, int] = {}
    for module, lesson in course.lessons():
        if any(quiz.graded for quiz in lesson.quizzes()):
            # a module of every track (track: all) counts in each of them
            for track in [t.id for t in course.tracks] if module.shared else [module.track]:
                per_track[track] = per_track.get(track, 0) + 1
    total = sum(per_track.values())
    return total, min(per_track.values(), default=0)


def _asset(course: ir.Course, name: str) -> dict[str, Any]:
    """One entry of ``assets.json``, with the fields the OLX asset policy reference lists."""
    return {
        "contentType": MEDIA_TYPES.get(
            PurePosixPath(name).suffix.lower(), "application/octet-stream"
        ),
        "content_son": {
            "category": "asset",
            "course": course.id,
            "name": name,
            "org": course.organisation,
            "revision": None,
            "run": course_run(course),
            "tag": "c4x",
        },
        "displayname": name,
        "filename": f"{_course_key(course)}+type@asset+block@{name}",
        "import_path": None,
        "locked": False,
        "thumbnail_location": None,
    }


def _course_key(course: ir.Course) -> str:
    return f"asset-v1:{course.organisation}+{course.id}+{course_run(course)}"


def _overview(course: ir.Course) -> etree._Element:
    section = etree.Element("section")
    section.set("class", "about")
    etree.SubElement(section, "h2").text = course.title
    etree.SubElement(section, "p").text = course.description
    modules = etree.SubElement(section, "ul")
    for module in course.modules:
        item = etree.SubElement(modules, "li")
        etree.SubElement(item, "strong").text = module.title
        item[-1].tail = " " + module.summary
    for facts in course_credentials(course):
        _credential_section(section, facts, course.language)
    _people_section(section, course)
    view = brand_view(course, lambda place: f"/static/{static_name(place)}")
    footer = brand_footer(view) if view else None
    if footer is not None:  # the footer text, the funder's emblem and disclaimer
        section.append(footer)
    return section


def _people_section(parent: etree._Element, course: ir.Course) -> None:
    """Who made the course, and where learners get help (``help:``), on the about page."""
    language = course.language
    etree.SubElement(parent, "h3").text = gettext(language, "Made by")
    authors = etree.SubElement(parent, "ul")
    roles = {
        "author": gettext(language, "author"),
        "editor": gettext(language, "editor"),
        "reviewer": gettext(language, "reviewer"),
        "translator": gettext(language, "translator"),
    }
    for author in course.authors:
        name = f"{author.name}, {author.organisation}" if author.organisation else author.name
        etree.SubElement(authors, "li").text = f"{name} ({roles[author.role]})"
    if course.help is not None:
        etree.SubElement(parent, "h3").text = gettext(language, "How to get help")
        etree.SubElement(parent, "p").text = course.help.contact


def _credential_section(parent: etree._Element, facts: CredentialFacts, language: str) -> None:
    """What a track's credential is and how to earn it, on the about page."""
    part = etree.SubElement(parent, "section")
    part.set("class", "credential")
    etree.SubElement(part, "h3").text = gettext(
        language, "Micro-credential: %(name)s", name=facts.name
    )
    etree.SubElement(part, "p").text = (
        gettext(language, "To earn it, pass each module's assessment") + ":"
    )
    passes = etree.SubElement(part, "ul")
    for module in facts.modules:
        title = gettext(
            language, "Module %(number)s: %(title)s", number=module.number, title=module.title
        )
        etree.SubElement(passes, "li").text = gettext(
            language, "%(title)s: at least %(score)s%%", title=title, score=module.passing_score
        )
    listing = etree.SubElement(part, "dl")
    for fact in facts.facts:
        etree.SubElement(listing, "dt").text = fact.label
        etree.SubElement(listing, "dd").text = fact.value


def _html(element: etree._Element) -> bytes:
    return etree.tostring(element, method="html", encoding="utf-8", pretty_print=True)


def _json(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
