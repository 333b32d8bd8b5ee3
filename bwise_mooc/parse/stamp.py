"""Stage 1 helper: is a translated lesson still a translation of its source lesson's text?

A translation records, in its front matter, the code of the source text it was made from
(``translated_from: 3f9a0c1e``): the first 8 hex digits of the SHA-256 of the source file,
with line endings, trailing spaces and Unicode forms evened out so that invisible edits do not
count. When the source changes, the code no longer matches and ``check`` warns, giving the
new code to write once the translation has been brought up to date.
"""

import hashlib
import re
import unicodedata

import yaml

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import SourceSpan
from bwise_mooc.parse.yaml_source import LOADER

KEY = "translated_from"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


def text_stamp(text: str) -> str:
    """The 8-hex-digit code of a lesson's text, blind to trailing spaces and line endings."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    canonical = "\n".join(lines).strip("\n")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def recorded_stamp(text: str, path: str) -> tuple[str | None, SourceSpan] | None:
    """The ``translated_from`` value of a lesson's front matter (as written, ``None`` when it
    is absent or empty) and its place; ``None`` when the front matter cannot be read (that is
    reported by the lesson reader)."""
    found = FRONT_MATTER.match(text)
    if found is None:
        return None
    try:
        node = yaml.compose(found.group(1) or "", Loader=LOADER)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == KEY:
            mark = value.start_mark
            where = SourceSpan(path=path, line=mark.line + 2, column=mark.column + 1)
            written = str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""
            return written or None, where
    return None, SourceSpan(path=path)


def check_stamp(
    source_path: str, source_text: str, path: str, text: str, diagnostics: Diagnostics
) -> None:
    """Warn when the translation at ``path`` does not record the current source text's code."""
    found = recorded_stamp(text, path)
    if found is None:
        return
    recorded, where = found
    current = text_stamp(source_text)
    source = source_path.rsplit("/", 1)[-1]
    if recorded is None:
        diagnostics.warning(
            where,
            "translation.unstamped",
            f"the front matter does not say which version of {source} this translates, so "
            "later changes to the source cannot be noticed: when this translation matches "
            f"the source, add 'translated_from: {current}'",
        )
    elif recorded != current:
        diagnostics.warning(
            where,
            "translation.outdated",
            f"{source} has changed since it was translated (translated_from: {recorded}, "
            f"the source is now {current}): bring this translation up to date, then write "
            f"'translated_from: {current}'",
        )
