"""Text normalisation for the resource library's full-text search (SQLite FTS5 and PostgreSQL).

Both databases index the same normalised text, written by server/actions/resources.py:
lower case, diacritics folded (ł -> l too, which Unicode does not decompose), and a light
suffix-stripping stemmer for Polish and English, so "poradnia prawna" finds "porad prawnych".
Queries are stemmed the same way and matched as prefixes (see `query_terms`). No dictionary,
no database extension: the behaviour is identical on both backends and easy to test.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+")
_EXTRA_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "đ": "d", "ß": "ss"})

# longest first; a suffix is stripped only when at least MIN_STEM letters remain
_SUFFIXES = sorted(
    {
        # Polish (after folding diacritics)
        "ami",
        "ach",
        "ych",
        "ich",
        "ymi",
        "imi",
        "owie",
        "owi",
        "om",
        "ow",
        "ego",
        "emu",
        "iej",
        "ej",
        "ia",
        "ie",
        "iu",
        "ii",
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        # English
        "ing",
        "ings",
        "ies",
        "es",
        "s",
        "ed",
    },
    key=len,
    reverse=True,
)
MIN_STEM = 4
MIN_PREFIX = 5
MAX_QUERY_TERMS = 12


def fold(text: str) -> str:
    """Lower case without diacritics: "Poradnia Łódź" -> "poradnia lodz"."""
    text = text.translate(_EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def stem(token: str) -> str:
    if token.isdigit() or len(token) <= MIN_STEM:
        return token
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= MIN_STEM:
            return token[: -len(suffix)]
    return token


def index_text(*parts: str | None) -> str:
    """The normalised, stemmed text stored in a search_* column."""
    out: list[str] = []
    for part in parts:
        if part:
            out.extend(stem(t) for t in tokens(part))
    return " ".join(out)


def query_terms(query: str) -> list[str]:
    """Prefixes to look for: each query word stemmed, then cut to at most two letters shorter
    (never under MIN_PREFIX) so that different inflections of one word share it
    ("poradnia" -> "porad", "prawnych" -> "prawn"). Digits are kept whole. Only [a-z0-9]."""
    terms: list[str] = []
    for token in tokens(query):
        if len(token) < 2 and not token.isdigit():
            continue  # one letter as a prefix would match nearly everything
        s = stem(token)
        if not s.isdigit() and len(s) > MIN_PREFIX:
            s = s[: max(MIN_PREFIX, len(s) - 2)]
        if s not in terms:
            terms.append(s)
    return terms[:MAX_QUERY_TERMS]


def tag(kind: str, value: str) -> str:
    """A filter tag stored in search_tags ("t" + topic, "r" + region, "l" + language)."""
    return kind + re.sub(r"[^a-z0-9]", "", fold(value))
