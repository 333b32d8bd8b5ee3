"""Stage 3 exporter: format ``credentials``, the Open Badges 3.0 and European Learning Model
documents of each track that awards a credential, in the language being built.

Per track: ``<course>-<track>.achievement.json`` (the Achievement),
``<course>-<track>.credential-template.json`` (an unsigned OpenBadgeCredential awarding it, for
the issuing step to fill and sign), ``<course>-<track>.edc.jsonld`` (an unsigned European Digital
Credential for the awarding body to seal in the EU's EDC issuer, ``elm.py``) and
``<course>-<track>.badge.svg`` (its picture, also inside the documents as a data URI). A
translation's names carry its language (``<course>-de-...``). Every Open Badges document is
validated against 1EdTech's schema as it is written (``check.py``); the tests check every EDC
against the ELM's SHACL shapes.
"""

from pathlib import Path
from typing import ClassVar

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    staged_directory,
    write_text,
)
from bwise_mooc.exporters.credentials.badge import badge_svg
from bwise_mooc.exporters.credentials.check import DocumentKind, check_document
from bwise_mooc.exporters.credentials.elm import european_digital_credential
from bwise_mooc.exporters.credentials.ob3 import (
    Document,
    achievement,
    credential_template,
    dumps,
)
from bwise_mooc.transforms.identifiers import language_suffix


def awarding_tracks(course: ir.Course) -> list[ir.Track]:
    """The tracks with a credential and with modules in this language, in course order."""
    return [
        track
        for track in course.tracks
        if track.credential is not None and course.assessed_modules(track.id)
    ]


class Credentials:
    name: ClassVar[str] = "credentials"
    description: ClassVar[str] = (
        "Open Badges 3.0 Achievement, unsigned credential template and unsigned European Digital "
        "Credential (ELM) of each track's credential"
    )
    cost: ClassVar[int] = 0  # relative build time: a few small JSON files
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options  # the format has no build options of its own

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        files: list[Path] = []
        with staged_directory(out_dir) as stage:
            for track in awarding_tracks(course):
                assert track.credential is not None
                stem = f"{course.id}{language_suffix(course)}-{track.id}"
                badge = achievement(course, track)
                documents: list[tuple[str, DocumentKind, Document]] = [
                    (f"{stem}.achievement.json", "achievement", badge),
                    (
                        f"{stem}.credential-template.json",
                        "credential",
                        credential_template(course, track),
                    ),
                ]
                for filename, kind, document in documents:
                    check_document(document, kind, f"{self.name}/{filename}")
                    write_text(stage / filename, dumps(document))
                    files.append(out_dir / filename)
                edc = f"{stem}.edc.jsonld"
                write_text(stage / edc, dumps(european_digital_credential(course, track)))
                files.append(out_dir / edc)
                place = [each.id for each in course.tracks].index(track.id)
                caption = str(badge["image"]["caption"])
                write_text(
                    stage / f"{stem}.badge.svg",
                    badge_svg(caption, place, track.credential.eqf_level),
                )
        return Artifact(self.name, out_dir, tuple(files))
