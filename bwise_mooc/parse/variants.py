"""Stage 1 helper: pictures made for one language (``media/x.<lang>.svg``).

A picture ``media/steps.svg`` may have a sibling with a course language before its ending,
``media/steps.ar.svg`` (any picture ending: ``steps.de.png`` for ``steps.svg`` too): the
edition in that language shows it in place of the original, in every format (screenshots in
German, pictures with Arabic labels, steps running right to left). The choice is made here,
once per language, for every picture the lessons, the course image and the branding show,
and kept in ``Course.variants``; a variant is checked like any picture. A variant whose
language is not one of the course's is shown by no edition: a warning.
"""

import posixpath
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.i18n import known_language
from bwise_mooc.images import IMAGE_SUFFIXES, is_image
from bwise_mooc.ir import Asset, SourceSpan
from bwise_mooc.parse.files import Sources
from bwise_mooc.parse.media import check_image

VARIANT = re.compile(r"(?P<stem>.+)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)(?P<ext>\.\w+)")


def choose_variants(
    root: Path,
    sources: Sources,
    assets: Iterable[Asset],
    language: str,
    diagnostics: Diagnostics,
) -> dict[str, str]:
    """The picture ``language`` shows for each of ``assets`` that has a variant in it, by the
    original's path; a variant that is not a sound picture is reported and left out."""
    chosen: dict[str, str] = {}
    for path in sorted({asset.path for asset in assets if is_image(asset.path)}):
        variant = variant_of(sources, path, language)
        if variant is None:
            continue
        name = variant.rpartition("/")[2]
        if check_image(root / variant, name, SourceSpan(path=variant), diagnostics):
            chosen[path] = variant
    return chosen


def variant_of(sources: Sources, path: str, language: str) -> str | None:
    """The file of ``language``'s variant of the picture ``path``, if there is one: with the
    same ending first, then any picture ending."""
    folder, _, name = path.rpartition("/")
    stem, suffix = posixpath.splitext(name)
    endings = [suffix, *sorted(IMAGE_SUFFIXES - {suffix.lower()})]
    files = _files(sources, folder)
    for ending in endings:
        candidate = f"{stem}.{language}{ending}"
        if candidate in files:
            return f"{folder}/{candidate}"
    return None


def check_variant_languages(
    sources: Sources, languages: Sequence[str], diagnostics: Diagnostics
) -> None:
    """Warn about every picture variant (``x.fr.svg`` beside ``x.svg``) whose language is not
    one of the course's ``languages``."""
    for folder in sources.folders:
        if folder.hidden:
            continue
        files = frozenset(folder.files)
        for name in folder.files:
            found = VARIANT.fullmatch(name)
            if found is None or not is_image(name) or found["lang"] in languages:
                continue
            original = _original(found["stem"], files)
            if original is None or not known_language(found["lang"]):
                continue
            diagnostics.warning(
                SourceSpan(path=f"{folder.path}/{name}"),
                "media.variant-language",
                f"picture '{name}' is the '{found['lang']}' variant of '{original}', but "
                f"'{found['lang']}' is not a language of the course ({', '.join(languages)}): "
                "no edition shows it; add the language to 'languages' in course.yml, or "
                "rename or delete the file",
            )


def _original(stem: str, files: frozenset[str]) -> str | None:
    """The picture named ``stem`` with any picture ending among ``files``, if there is one."""
    return next(
        (f"{stem}{ending}" for ending in sorted(IMAGE_SUFFIXES) if f"{stem}{ending}" in files),
        None,
    )


def _files(sources: Sources, folder: str) -> frozenset[str]:
    walked = sources.folder(folder)
    return frozenset(walked.files) if walked is not None else frozenset()
