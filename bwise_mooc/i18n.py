"""The interface's own words (buttons, feedback, navigation, labels) in the learner's language.

Strings are marked with ``_()`` in templates, Python and (through a JSON block) JavaScript, and
translated in gettext catalogs (``bwise_mooc/locale/<lang>/LC_MESSAGES/messages.po``) read
with Babel. A language without a catalog, or a string missing from one, falls back to English.
"""

import io
from functools import cache
from gettext import NullTranslations
from importlib import resources

from babel import Locale, UnknownLocaleError

DOMAIN = "messages"
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "yi"})


def text_direction(language: str) -> str:
    """``rtl`` for Arabic, Hebrew and other right-to-left scripts, else ``ltr``."""
    return "rtl" if language.split("-")[0] in RIGHT_TO_LEFT else "ltr"


def known_language(language: str) -> bool:
    """Does Babel know ``language`` as a language (``ar``, ``pt-BR``; not ``old`` or ``v2``)?"""
    return language_name(language) != language


def language_name(language: str) -> str:
    """The English name of ``language`` (``ar``: Arabic), for authors' messages; the tag
    itself when Babel does not know it."""
    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        return language
    return name or language


def native_name(language: str) -> str:
    """The name of ``language`` in itself (``de``: Deutsch, ``ar``: العربية), for a language
    switcher; the tag itself when Babel does not know it."""
    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return language
    return (name[:1].upper() + name[1:]) if name else language


@cache
def translations(language: str) -> NullTranslations:
    """The interface catalog for ``language`` (English, the source, needs none)."""
    base = language.split("-")[0]
    folder = resources.files("bwise_mooc").joinpath("locale", base, "LC_MESSAGES")
    source = folder.joinpath(f"{DOMAIN}.po")
    if not source.is_file():
        return NullTranslations()
    # imported here: Babel's catalogs bring its dates module, which reads the machine's time
    # zone when imported (0.05 s), and an English course needs no catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with source.open("rb") as handle:
        catalog = read_po(handle, locale=base)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (a no-op)."""
    return message


def gettext(language: str, message: str, **values: object) -> str:
    """``message`` in ``language``, with ``%(name)s`` placeholders filled from ``values``."""
    text = translations(language).gettext(message)
    return text % values if values else text


def plural(language: str, singular: str, plural_form: str, count: int, **values: object) -> str:
    """``singular`` or ``plural_form`` for ``count`` in ``language``; ``%(num)s`` is the count."""
    text = translations(language).ngettext(singular, plural_form, count)
    return text % {"num": count, **values}


def available() -> list[str]:
    """The languages with an interface catalog, plus English."""
    root = resources.files("bwise_mooc").joinpath("locale")
    found = [
        entry.name
        for entry in root.iterdir()
        if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file()
    ]
    return sorted({"en", *found})
