"""A PDF -> the same PDF whose viewer shows its title, not its file name.

Typst writes the title (/Title, and dc:title in the XMP metadata) but sets the catalog's
/ViewerPreferences /DisplayDocTitle only for PDF/UA, which the handouts do not claim. The flag
is added by an incremental update: the catalog is written again after the file, with a
cross-reference section for it and a trailer that points back to the first one (ISO 32000-1,
7.5.6). Nothing before it changes, and the same PDF always gives the same bytes.
"""

import io
import re

from pypdf import PdfReader
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
KEPT = ("/Root", "/Info", "/ID")  # trailer entries the update's trailer repeats


def with_title_shown(data: bytes) -> bytes:
    found = STARTXREF.search(data[-64:])
    if found is None:
        raise ValueError("not a PDF that ends with its cross-reference offset")
    trailer = PdfReader(io.BytesIO(data)).trailer
    reference = trailer.raw_get("/Root")
    if not isinstance(reference, IndirectObject):
        raise ValueError("the PDF's catalog is not an indirect object")
    found_catalog = reference.get_object()
    if not isinstance(found_catalog, DictionaryObject):
        raise ValueError("the PDF's catalog is not a dictionary")
    catalog = DictionaryObject(found_catalog)
    found_preferences = catalog.get("/ViewerPreferences")
    found_preferences = found_preferences.get_object() if found_preferences is not None else None
    preferences = DictionaryObject(found_preferences or {})
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    catalog[NameObject("/ViewerPreferences")] = preferences

    out = io.BytesIO()
    out.write(data if data.endswith(b"\n") else data + b"\n")
    catalog_at = out.tell()
    out.write(f"{reference.idnum} {reference.generation} obj\n".encode())
    catalog.write_to_stream(out)
    out.write(b"\nendobj\n")
    xref_at = out.tell()
    out.write(
        f"xref\n{reference.idnum} 1\n{catalog_at:010d} {reference.generation:05d} n\r\n".encode()
    )
    new_trailer = DictionaryObject(
        {NameObject(k): trailer.raw_get(k) for k in KEPT if k in trailer}
    )
    new_trailer[NameObject("/Size")] = trailer.raw_get("/Size")
    new_trailer[NameObject("/Prev")] = NumberObject(int(found.group(1)))
    out.write(b"trailer\n")
    new_trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return out.getvalue()
