"""Stage 3 exporter: the course's glossary as Moodle's glossary XML (``<course>-glossary.xml``).

For a teacher's *Glossary > Import entries* (``mod/glossary/import.php``), into a new or an
existing glossary activity: the file is written as Moodle's own glossary export writes it
(``glossary_generate_export_file`` in ``mod/glossary/lib.php``), with every element the
importer reads. Each word is an entry: ``CONCEPT`` the term, ``DEFINITION`` its definition as a
paragraph of HTML (``FORMAT`` 1), its forms as ``ALIASES``, and the tracks it is limited to as
``CATEGORIES`` (imported when *Include categories* is ticked). Entries and the glossary are set
to link automatically (``USEDYNALINK``, whole words only: ``FULLMATCH``, any case): with
Moodle's *Glossary auto-linking* filter on, the words in the course's Moodle pages (the
Common Cartridge's pages, which carry no script of their own) link to their definitions, as
the preview's pages mark them. One file per language: a translation's glossary is its own file.
"""

from pathlib import Path
from typing import ClassVar

from lxml import etree

from bwise_mooc import ir
from bwise_mooc.exporters.base import (
    Artifact,
    BuildOptions,
    CourseCheck,
    staged_directory,
    write_bytes,
)
from bwise_mooc.exporters.terms import glossary_order
from bwise_mooc.i18n import gettext, text_direction
from bwise_mooc.transforms.identifiers import language_suffix

FORMAT_HTML = "1"  # Moodle's FORMAT_HTML


class Glossary:
    name: ClassVar[str] = "glossary"
    cost: ClassVar[int] = 1  # relative build time: one small XML file
    description: ClassVar[str] = "the glossary as Moodle glossary XML, for the glossary import"
    checks: ClassVar[tuple[CourseCheck, ...]] = ()
    notices: ClassVar[tuple[CourseCheck, ...]] = ()

    def __init__(self, options: BuildOptions) -> None:
        self.options = options

    def write(self, course: ir.Course, source_root: Path, out_dir: Path) -> Artifact:
        with staged_directory(out_dir) as stage:
            if not course.glossary:  # a course without a glossary.yml has nothing to import
                return Artifact(self.name, out_dir, ())
            name = f"{course.id}{language_suffix(course)}-glossary.xml"
            write_bytes(stage / name, glossary_xml(course))
        return Artifact(self.name, out_dir, (out_dir / name,))


def glossary_xml(course: ir.Course) -> bytes:
    """The glossary of ``course`` in Moodle's glossary XML, entries in alphabetical order."""
    language = course.language
    root = etree.Element("GLOSSARY")
    info = etree.SubElement(root, "INFO")
    title = gettext(language, "Glossary")
    _text(info, "NAME", f"{title}: {course.title}")
    intro = gettext(language, "Difficult words of this course and what they mean.")
    _text(info, "INTRO", _paragraph(intro, language))
    for tag, value in (
        ("INTROFORMAT", FORMAT_HTML),
        ("ALLOWDUPLICATEDENTRIES", "0"),
        ("DISPLAYFORMAT", "dictionary"),
        ("SHOWSPECIAL", "1"),
        ("SHOWALPHABET", "1"),
        ("SHOWALL", "1"),
        ("ALLOWCOMMENTS", "0"),
        ("USEDYNALINK", "1"),
        ("DEFAULTAPPROVAL", "1"),
        ("GLOBALGLOSSARY", "0"),
        ("ENTBYPAGE", "20"),
    ):
        _text(info, tag, value)
    entries = etree.SubElement(info, "ENTRIES")
    titles = {track.id: track.title for track in course.tracks}
    for word in glossary_order(course.glossary):
        entry = etree.SubElement(entries, "ENTRY")
        _text(entry, "CONCEPT", word.term)
        _text(entry, "DEFINITION", _paragraph(word.definition, language))
        for tag, value in (
            ("FORMAT", FORMAT_HTML),
            ("USEDYNALINK", "1"),
            ("CASESENSITIVE", "0"),
            ("FULLMATCH", "1"),
            ("TEACHERENTRY", "1"),
        ):
            _text(entry, tag, value)
        if word.forms:
            aliases = etree.SubElement(entry, "ALIASES")
            for form in word.forms:
                _text(etree.SubElement(aliases, "ALIAS"), "NAME", form)
        if word.tracks:
            categories = etree.SubElement(entry, "CATEGORIES")
            for track in word.tracks:
                category = etree.SubElement(categories, "CATEGORY")
                _text(category, "NAME", titles.get(track, track))
                _text(category, "USEDYNALINK", "0")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _text(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, tag).text = value


def _paragraph(text: str, language: str) -> str:
    """Plain text as one HTML paragraph (escaped), marked right-to-left where the language is."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    direction = ' dir="rtl"' if text_direction(language) == "rtl" else ""
    return f"<p{direction}>{escaped}</p>"
