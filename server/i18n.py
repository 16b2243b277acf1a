"""Translations: gettext catalogs (Babel) for pages, the widget, the console and server replies.

The catalogs are the `.po` files under `server/translations/<lang>/LC_MESSAGES/messages.po`
(package data, read through importlib.resources; no `.mo` files are shipped). They are compiled
in memory at start-up, so no build step is needed and a `.po` edit is picked up on the next start.
`make translations` extracts new strings and updates the catalogs.
"""

from __future__ import annotations

import contextvars
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGS: tuple[str, ...] = ("pl", "en", "uk")
DEFAULT_LANG = "pl"
# each language by its own name, as language switchers list them (never translated)
LANG_NAMES: dict[str, str] = {
    "pl": "Polski",
    "en": "English",
    "uk": "Українська",
    "ru": "Русский",
}
# languages a networker may say they speak with visitors: the interface languages and those
# moderation recognises in visitors' messages (moderation.detect_language: pl, en, uk, ru)
SPOKEN_LANGS: tuple[str, ...] = ("pl", "uk", "en", "ru")
# which language stands in for a text (a library entry's) missing in the reader's: Ukrainian
# readers get English before Polish; everyone else the interface languages in order
_STAND_INS: dict[str, tuple[str, ...]] = {"uk": ("en", "pl")}


def stand_ins(lang: str) -> list[str]:
    """`lang` first, then the languages whose text is shown when `lang` has none, best first."""
    rest = _STAND_INS.get(lang, ())
    return [lang, *rest, *(code for code in LANGS if code != lang and code not in rest)]


# package data (pyproject.toml), read through importlib.resources
TRANSLATIONS_DIR = resources.files("server") / "translations"

_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "netreach_lang", default=DEFAULT_LANG
)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate later with `gettext`)."""
    return message


def normalize_lang(value: str | None, default: str = DEFAULT_LANG) -> str:
    """Map "pl-PL", "en_GB", "uk-UA", "PL" ... to a supported language code, else `default`."""
    if value:
        code = value.strip().replace("_", "-").split("-", 1)[0].lower()
        if code in LANGS:
            return code
    return default


def negotiate(accept_language: str | None, default: str = DEFAULT_LANG) -> str:
    """Pick a supported language from an Accept-Language header (by q-value, then order)."""
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")[:20]):
        piece = part.strip().split(";")
        q = 1.0
        for param in piece[1:]:
            name, _, val = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        ranked.append((-q, index, piece[0]))
    for neg_q, _index, tag in sorted(ranked):
        if neg_q < 0:
            code = normalize_lang(tag, default="")
            if code:
                return code
    return default


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog for `lang` (English msgids are the source, so "en" may be empty)."""
    po_path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po_path.is_file():
        return NullTranslations()
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf)


def gettext(message: str, lang: str | None = None) -> str:
    return translations(lang or _current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translations(lang or _current.get()).ngettext(singular, plural, n)


_ = gettext


def current_lang() -> str:
    return _current.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Translate with `lang` inside the block (pages and replies set it per request / socket)."""
    token = _current.set(normalize_lang(lang))
    try:
        yield
    finally:
        _current.reset(token)


def translate_table(table: Mapping[str, str], lang: str) -> dict[str, str]:
    """Translate a {key: N_("English")} table of UI strings into `lang`."""
    tr = translations(lang)
    return {key: tr.gettext(text) for key, text in table.items()}
