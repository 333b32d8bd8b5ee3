"""Stage 3 helper: metadata values that every manifest (SCORM, Common Cartridge) writes alike.

The rights text of a licence (its name and, for the licences courses name most, its deed) and
an author as the vCard 3.0 that LOM's ``contribute/entity`` holds.
"""

LICENCE_URLS = {
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def licence_text(licence: str) -> str:
    """The licence's name, and its deed's address when it is a licence we know."""
    url = LICENCE_URLS.get(licence)
    return f"{licence} {url}" if url else licence


def vcard(name: str) -> str:
    """A vCard 3.0 naming ``name`` (LOM's entity), with vCard's special characters escaped."""
    escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nN:{escaped};;;;\nEND:VCARD"
