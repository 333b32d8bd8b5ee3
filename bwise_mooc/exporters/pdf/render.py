"""A handout's HTML document -> tagged PDF bytes, with Typst.

The document is written as Typst source (``typst_source.py``) after the package's print style
(``handout.typ``). What the style shows besides the lessons comes from the document itself, as
``sys.inputs`` (``HandoutText``): language and direction, layout, title, author, summary, the
running header (the course where the reading starts, the module at the other end) and the
translated "Page {n} of {total}".

The source and the pictures it shows are put in a folder of their own, Typst's root: Typst
reads no file outside it and the source loads no package, so no request leaves the machine and
no file outside the course is read. Fonts are the machine's (DejaVu Sans by name, then any font
that holds the letters); nothing is downloaded.

The PDF is tagged (structure tree, /MarkInfo, /Lang, alt text on every picture), and a viewer
shows its title (``show_title.py``). Its dates come from the build's fixed time, so the same
sources give the same bytes. No PDF/UA variant is asked for: nothing here validates that claim.
"""

import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from lxml import etree, html

from bwise_mooc.exporters.base import link_or_copy, write_bytes
from bwise_mooc.exporters.pdf.show_title import with_title_shown
from bwise_mooc.exporters.pdf.typst_run import compile_pdf
from bwise_mooc.exporters.pdf.typst_source import language_parts, typst_body
from bwise_mooc.i18n import gettext, text_direction

STYLE = "handout.typ"
UTF8_HTML = html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
MAIN = "main.typ"  # the style, then the handout, in Typst's root


@dataclass(frozen=True)
class HandoutText:
    """What the print style shows besides the lessons, read from the handout's HTML."""

    language: str
    easy_to_read: bool
    title: str  # the PDF's title, which a viewer shows
    author: str
    description: str
    course: str  # running header: the course where the reading starts...
    module: str  # ...and the module at the other end

    @classmethod
    def of(cls, root: etree._Element) -> "HandoutText":
        def meta(name: str) -> str:
            return str(root.xpath(f"string(//head/meta[@name='{name}']/@content)"))

        def text(xpath: str) -> str:
            return " ".join(str(root.xpath(f"string({xpath})")).split())

        return cls(
            language=str(root.get("lang", "en")),
            easy_to_read="layout-easy-to-read" in str(root.get("class", "")).split(),
            title=text("//head/title"),
            author=meta("author"),
            description=meta("description"),
            course=text("//*[contains(@class, 'handout-course')]"),
            module=text("//*[contains(@class, 'handout-title')]"),
        )

    def inputs(self) -> dict[str, str]:
        before, middle, after = page_number_words(self.language)
        language, region = language_parts(self.language) or (self.language.lower(), "")
        return {
            "lang": language,
            "region": region,
            "dir": text_direction(self.language),
            "layout": "easy-to-read" if self.easy_to_read else "standard",
            "title": self.title,
            "author": self.author,
            "description": self.description,
            "course": self.course,
            "module": self.module,
            "page-before": before,
            "page-middle": middle,
            "page-after": after,
        }


def page_number_words(language: str) -> tuple[str, str, str]:
    """The words before, between and after the two numbers of "Page {n} of {total}", in
    ``language``."""
    words = gettext(language, "Page {n} of {total}")
    before, _, rest = words.partition("{n}")
    middle, _, after = rest.partition("{total}")
    return before, middle, after


def style_text() -> str:
    return resources.files("bwise_mooc.exporters.pdf").joinpath(STYLE).read_text("utf-8")


@dataclass(frozen=True)
class Layout:
    """A handout ready to be laid out: Typst's root (the source and its pictures, in a folder
    of their own) and what the print style is given."""

    root: Path
    inputs: dict[str, str]
    timestamp: int

    def pdf(self) -> bytes:
        """The tagged PDF; Typst's root is removed."""
        try:
            data = compile_pdf(self.root / MAIN, self.root, self.inputs, self.timestamp)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
        return with_title_shown(data)


def prepare_layout(
    document: bytes,
    files: Mapping[str, Callable[[], bytes | Path]],
    timestamp: int,
    near: Path | None = None,
) -> Layout:
    """The layout of the handout ``document`` (HTML, UTF-8), its pictures made from ``files``
    (place in the course's media -> bytes or file) and its dates ``timestamp``. Typst's root
    is made in ``near`` (the output's folder: on the disk of the image store, so that a
    picture is a hard link, not a copy), or in the system's temporary folder."""
    root = html.document_fromstring(document, parser=UTF8_HTML)
    body, pictures = typst_body(root, frozenset(files))
    place_root = Path(tempfile.mkdtemp(prefix=".handout.", dir=near))
    try:
        for place in sorted(pictures):
            target = place_root / PurePosixPath(place)
            made = files[place]()
            if isinstance(made, Path):
                link_or_copy(made, target)  # Typst only reads it
            else:
                write_bytes(target, made)
        (place_root / MAIN).write_text(style_text() + "\n" + body, "utf-8")
    except BaseException:
        shutil.rmtree(place_root, ignore_errors=True)
        raise
    return Layout(place_root, HandoutText.of(root).inputs(), timestamp)


def render_pdf(
    document: bytes,
    files: Mapping[str, Callable[[], bytes | Path]],
    timestamp: int,
    near: Path | None = None,
) -> bytes:
    """The tagged PDF of the handout ``document``: ``prepare_layout``, laid out at once."""
    return prepare_layout(document, files, timestamp, near).pdf()
