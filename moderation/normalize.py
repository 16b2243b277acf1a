"""Text normalisation for crisis detection.

`normalize(text)` folds the many ways people really type one word onto one form:
NFKC, lower case, diacritics stripped (Polish-aware: ł->l), Cyrillic folded (і/ї->и, є/ё->е,
ґ->г, й->и), zero-width characters and apostrophes removed, mixed Latin/Cyrillic homoglyphs
unified, leetspeak decoded inside words (zab1ję, d1e, у6ью), letters split by dots or spaces
rejoined (k i l l, z.a.b.i.j.e) and repeated letters collapsed to one (chceeee -> chce,
kill -> kil). Lexicon phrases go through the same function, so they meet the text half-way.

With `with_map=True` it also returns, for every normalised character, the start and end
offsets of the original characters it came from, so matches can be reported as spans of the
text the visitor actually wrote. The map is only built on the slow path (when a candidate
phrase was found), which keeps the common path cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

Maps = tuple[list[int], list[int]]

# a word: a run of letters (no digits, no underscore)
_WORD = re.compile(r"[^\W\d_]+")
# the same runs of letters in an ASCII text (a narrower class: faster to match)
_ASCII_WORD = re.compile(r"[A-Za-z]+")


def words(s: str) -> list[str]:
    """The runs of letters of `s` (`_WORD`), in order: the classifier's words
    (moderation/classifier.py), which `Lexicon.read` gives with the anchor keys."""
    return (_ASCII_WORD if s.isascii() else _WORD).findall(s)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Latin letters with diacritics -> base letter (covers Polish, Czech, German, French...).
    for cp in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base and base != ch:
            table[cp] = base.lower()
    specials = {
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŀ": "l",
        # Cyrillic folding: Ukrainian and Russian spellings of one stem meet.
        "ё": "е",
        "Ё": "е",
        "є": "е",
        "Є": "е",
        "і": "и",
        "І": "и",
        "ї": "и",
        "Ї": "и",
        "ґ": "г",
        "Ґ": "г",
        "й": "и",
        "Й": "и",
        "ў": "у",
        "ъ": "ь",
        # Apostrophes vanish (don't -> dont, i'm -> im, м'ясо -> мясо).
        "'": "",
        "’": "",
        "‘": "",
        "ʼ": "",
        "`": "",
        "´": "",
        "ʻ": "",
        # Dashes and odd spaces.
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        # Emoji that carry meaning about means.
        "💊": " pill ",
        "🔪": " knife ",
        "🪢": " rope ",
        "⚰": " coffin ",
        "🩸": " blood ",
        "🔫": " gun ",
        "🪦": " grave ",
    }
    for k, v in specials.items():
        table[ord(k)] = v
    # Invisible characters people (and filters) insert inside words.
    for cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E, 0xFE0F, 0xFE0E):
        table[cp] = ""
    for cp in range(0x0300, 0x0370):  # combining diacritics
        table[cp] = ""
    return table


_TABLE = _build_table()
_TABLE_NOT_1TO1 = frozenset(chr(k) for k, v in _TABLE.items() if len(v) != 1)
# The same table as a substitution over only the characters it maps: in a chat message few
# characters need mapping, and this is about twice as fast as str.translate on non-ASCII text.
_TABLE_RX = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_TABLE)) + "]")
_TABLE_GET = {chr(k): v for k, v in _TABLE.items()}.__getitem__


def _table_sub(m: re.Match[str]) -> str:
    return _TABLE_GET(m.group())


# Characters whose replacement holds a character the table maps too ("ŉ" -> "ʼn"): with one
# of them in a text, the table is applied in one pass (`_TABLE_RX.sub`), not char by char.
_TABLE_UNSAFE = frozenset(chr(k) for k, v in _TABLE.items() if any(ord(c) in _TABLE for c in v))


# The table split in two for the offset map: the characters replaced by one character (and
# whose replacement the table does not map again), and the rest, as a regex.
_TABLE_SAFE_1TO1 = {k: v for k, v in _TABLE.items() if len(v) == 1 and chr(k) not in _TABLE_UNSAFE}
_TABLE_REST_RX = re.compile(
    "[" + "".join(re.escape(chr(k)) for k in sorted(set(_TABLE) - set(_TABLE_SAFE_1TO1))) + "]"
)


def _table_apply(s: str) -> tuple[str, bool]:
    """`s.translate(_TABLE)` and whether it kept the length: one `str.replace` per distinct
    mapped character (a chat message has a few), as no replacement holds a mapped character
    (else one pass of `_TABLE_RX.sub`)."""
    mapped = set(_TABLE_RX.findall(s))
    if not mapped:
        return s, True
    if not _TABLE_UNSAFE.isdisjoint(mapped):
        return _TABLE_RX.sub(_table_sub, s), _TABLE_NOT_1TO1.isdisjoint(mapped)
    for c in mapped:
        s = s.replace(c, _TABLE_GET(c))
    return s, _TABLE_NOT_1TO1.isdisjoint(mapped)


_LAT = "a-z"
_CYR = "а-яё"
_HAS_LAT = re.compile(f"[{_LAT}]")
_HAS_CYR = re.compile(f"[{_CYR}]")
_LAT2CYR = str.maketrans("aceopxykmthbi", "асеорхукмтнви")
_CYR2LAT = str.maketrans("асеорхукмтнви", "aceopxykmthbi")

# Leetspeak: a token with letters and digits/symbols.
_LEET_CHARS = re.compile(r"[0-9@$!|€]")
# A leet character next to a letter. Written to start with a plain character class so the
# regex engine scans for it quickly (same language as "letter+leet | leet+letter").
_LEET_NEAR = re.compile(r"[0-9@$!|€](?:(?<=[^\W\d_].)|(?=[^\W\d_]))")
_LEET_TOKEN = re.compile(r"(?<![\w@$!|€])[\w@$!|€]+")
_LEET_LAT = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "€": "e",
}
_LEET_CYR = {"0": "о", "3": "з", "6": "б", "4": "ч", "@": "а", "$": "с"}
_UNITS = frozenset("mg g ml x szt tab tabs pcs h min kg zl r st nd th rd mln k km l lat".split())

# Letters split by separators: k i l l, z.a.b.i.j.e, s-u-i-c-i-d-e.
_SPLIT = re.compile(r"(?<![^\W_])[^\W\d_](?:[ .\-*_·•/]{1,2}[^\W\d_](?![^\W_])){2,}")
_SPLIT_SEP = re.compile(r"[ .\-*_·•/]")
# Separators inside a word: ki*ll, sa_mo_boj.
_INNER = re.compile(r"(?<=[^\W\d_])[*_·•]+(?=[^\W\d_])")
# Repeated letters collapse to one.
_REPEAT = re.compile(r"([^\W\d_])\1+")
# The same, as a deletion (every letter followed by the same letter goes): much cheaper than a
# substitution with a group reference; the ASCII variant is used when the text is ASCII.
_REPEAT_DEL = re.compile(r"([^\W\d_])(?=\1)")
_REPEAT_DEL_ASCII = re.compile(r"([a-z])(?=\1)")
# Any character twice in a row (a cheap necessary condition for a repeat; no letter classes).
_TWICE = re.compile(r"(.)\1", re.DOTALL)
# Cheap necessary conditions for the rarer steps (the full regex runs only if these hit).
# Whole words that mix the two scripts (only these are rewritten by _fix_script).
_MIXED_WORD_FULL = re.compile(
    f"[^\\W\\d_]*(?:[{_LAT}][^\\W\\d_]*[{_CYR}]|[{_CYR}][^\\W\\d_]*[{_LAT}])[^\\W\\d_]*"
)
# Reflexive verb ending: -сь and -ся are interchangeable in Ukrainian (повісилась =
# повісилася, прокинутись = прокинутися) and -сь is Russian after a vowel (убилась); both are
# folded to -ся at the end of a word, in the text and in lexicon literals alike.
_REFLEXIVE = re.compile(r"сь(?![^\W\d_])")
# Necessary for _SPLIT: two single-letter tokens in a row (the middle letter of "k i l").
_SPLIT_HINT = re.compile(r"[ .\-*_·•/][^\W\d_][ .\-*_·•/]{1,2}[^\W\d_](?![^\W_])")
_MIXED_WORD = re.compile(f"[{_LAT}][^\\W\\d_]*[{_CYR}]|[{_CYR}][^\\W\\d_]*[{_LAT}]")

Repl = Callable[[re.Match[str]], "str | tuple[str, list[int]]"]


def _apply(
    rx: re.Pattern[str], func: Repl, s: str, maps: Maps | None, template: str | None = None
) -> tuple[str, Maps | None]:
    if maps is None:
        if template is not None:
            return rx.sub(template, s), None
        return rx.sub(lambda m: _as_str(func(m)), s), None
    starts, ends = maps
    out: list[str] = []
    ns: list[int] = []
    ne: list[int] = []
    pos = 0
    for m in rx.finditer(s):
        a, b = m.span()
        r = func(m)
        out.append(s[pos:a])
        ns.extend(starts[pos:a])
        ne.extend(ends[pos:a])
        if isinstance(r, tuple):
            text, idx = r
            out.append(text)
            ns.extend(starts[a + i] for i in idx)
            ne.extend(ends[a + i] for i in idx)
        elif len(r) == b - a:
            out.append(r)
            ns.extend(starts[a:b])
            ne.extend(ends[a:b])
        else:
            out.append(r)
            ns.extend([starts[a]] * len(r))
            ne.extend([ends[b - 1]] * len(r))
        pos = b
    out.append(s[pos:])
    ns.extend(starts[pos:])
    ne.extend(ends[pos:])
    return "".join(out), (ns, ne)


def _as_str(r: str | tuple[str, list[int]]) -> str:
    return r[0] if isinstance(r, tuple) else r


def _fix_script(m: re.Match[str]) -> str:
    w = m.group()
    lat = len(_HAS_LAT.findall(w))
    cyr = len(_HAS_CYR.findall(w))
    if lat and cyr:
        return w.translate(_LAT2CYR) if cyr >= lat else w.translate(_CYR2LAT)
    return w


def _leet(m: re.Match[str]) -> str:
    tok = m.group()
    if not _LEET_CHARS.search(tok):
        return tok
    letters = _WORD.findall(tok)
    if sum(len(x) for x in letters) < 2:
        return tok
    cyr = bool(_HAS_CYR.search(tok))
    table = _LEET_CYR if cyr else _LEET_LAT
    chars = list(tok)
    n = len(chars)
    i = 0
    while i < n:
        c = chars[i]
        if c in table or c.isdigit():
            j = i
            while j < n and (chars[j] in table or chars[j].isdigit()):
                j += 1
            before = i > 0 and chars[i - 1].isalpha()
            after = j < n and chars[j].isalpha()
            run = j - i
            ok = False
            if before and after:
                ok = True
            elif before and j == n and run == 1:
                ok = not chars[i].isdigit() or chars[i] in "013"
                if ok and chars[i] in "!|":
                    ok = False
            elif after and i == 0 and run == 1:
                rest = "".join(chars[j:])
                ok = rest not in _UNITS and chars[i] not in "!|"
            if ok and all(ch in table for ch in chars[i:j]):
                for k in range(i, j):
                    chars[k] = table[chars[k]]
            i = j
        else:
            i += 1
    return "".join(chars)


def _rejoin(m: re.Match[str]) -> tuple[str, list[int]]:
    g = m.group()
    idx = [i for i, c in enumerate(g) if not _SPLIT_SEP.match(c)]
    return "".join(g[i] for i in idx), idx


def _reflexive(m: re.Match[str]) -> str:
    return "ся"


def _drop(m: re.Match[str]) -> tuple[str, list[int]]:
    return "", []


def _collapse(m: re.Match[str]) -> str:
    return m.group(1)


def plain_pre(text: str) -> tuple[str, bool] | None:
    """The lower-cased, table-translated text of a plain message (repeats not yet collapsed)
    and whether the table kept its length; None if the message needs the full pipeline."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            return None
        s = text.lower()
        if len(s) != len(text):
            return None
        s, same_length = _table_apply(s)
        # (Polish is ASCII once the table has taken its diacritics: no Cyrillic to look for)
        if not s.isascii() and _HAS_LAT.search(s) and _HAS_CYR.search(s) and _MIXED_WORD.search(s):
            return None
    else:
        s = text.lower()
        same_length = True
        if "'" in s or "`" in s or "\t" in s:
            same_length = "'" not in s and "`" not in s
            s = s.translate(_TABLE)
    if _LEET_NEAR.search(s):
        return None
    if ("*" in s or "_" in s or "·" in s or "•" in s) and _INNER.search(s):
        return None
    if _SPLIT_HINT.search(s) and _SPLIT.search(s):
        return None
    return s, same_length


def plain_form(text: str) -> str | None:
    """The normalised text of a *plain* message, or None if it needs the full pipeline.

    Plain means every rare step of `normalize` would be a no-op: the text is NFKC already,
    lower-casing keeps its length, no word mixes Latin and Cyrillic, no leet character touches
    a letter, no separators inside words, no letters split by separators. Then the result is
    exactly `normalize(text)[0]`: lower case, the character table, repeated letters collapsed,
    the reflexive ending folded. Most chat messages are plain: the common path of `assess`.
    """
    pre = plain_pre(text)
    if pre is None:
        return None
    return plain_finish(pre[0])


def plain_finish(s: str) -> str:
    """Collapse repeats and fold the reflexive ending of `plain_pre` output."""
    if _TWICE.search(s) is not None:  # else (most messages) nothing repeats
        if s.isascii():
            return _REPEAT_DEL_ASCII.sub("", s)
        s = _REPEAT_DEL.sub("", s)
    if "сь" in s:  # after the repeats: "повешуусьь" -> "повешусь" -> "повешуся"
        s = _REFLEXIVE.sub("ся", s)
    return s


def _plain_with_map(text: str) -> tuple[str, Maps] | None:
    """`normalize(text, with_map=True)` for a plain message whose table keeps the length:
    the only step that moves offsets is the repeat collapse (a run maps to its whole span)."""
    pre = plain_pre(text)
    if pre is None or not pre[1]:
        return None
    return plain_map(pre[0])


def plain_map(t: str) -> tuple[str, Maps]:
    """Collapse repeats of `plain_pre` output (same length as the text) with the offset map."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _REPEAT.finditer(t):
        a, b = m.span()
        out.append(t[pos : a + 1])
        starts.extend(range(pos, a + 1))
        ends.extend(range(pos + 1, a + 1))
        ends.append(b)
        pos = b
    out.append(t[pos:])
    starts.extend(range(pos, len(t)))
    ends.extend(range(pos + 1, len(t) + 1))
    s = "".join(out)
    if "сь" in s:
        s = _REFLEXIVE.sub("ся", s)
    return s, (starts, ends)


def normalize(text: str, with_map: bool = False) -> tuple[str, Maps | None]:
    """Return the normalised text and, if asked, (starts, ends) maps to original offsets."""
    if not with_map:
        fast = plain_form(text)
        if fast is not None:
            return fast, None
    else:
        mapped = _plain_with_map(text)
        if mapped is not None:
            return mapped
    return normalize_full(text, with_map)


def normalize_full(text: str, with_map: bool = False) -> tuple[str, Maps | None]:
    """The whole pipeline, step by step (the reference the fast paths are tested against)."""
    s = text
    maps: Maps | None = None
    if with_map:
        maps = (list(range(len(s))), list(range(1, len(s) + 1)))
    if not s.isascii() and not unicodedata.is_normalized("NFKC", s):
        s, maps = _per_char(s, maps, lambda c: unicodedata.normalize("NFKC", c))
    low = s.lower()
    if len(low) != len(s):
        s, maps = _per_char(s, maps, str.lower)
    else:
        s = low
    if not s.isascii() or "'" in s or "`" in s or "\t" in s:
        if maps is None or _TABLE_NOT_1TO1.isdisjoint(s):
            s = s.translate(_TABLE)
        else:
            # the characters that keep the length in one go, then the others with the map
            s = s.translate(_TABLE_SAFE_1TO1)
            s, maps = _apply(_TABLE_REST_RX, _table_sub, s, maps)
        if _HAS_LAT.search(s) and _HAS_CYR.search(s) and _MIXED_WORD.search(s):
            s, maps = _apply(_MIXED_WORD_FULL, _fix_script, s, maps)
    if _LEET_NEAR.search(s):
        s, maps = _apply(_LEET_TOKEN, _leet, s, maps)
    if "*" in s or "_" in s or "·" in s or "•" in s:
        s, maps = _apply(_INNER, _drop, s, maps)
    if maps is not None or _SPLIT.search(s):
        s, maps = _apply(_SPLIT, _rejoin, s, maps)
    s, maps = _apply(_REPEAT, _collapse, s, maps, r"\1")
    if "сь" in s:
        s, maps = _apply(_REFLEXIVE, _reflexive, s, maps)
    return s, maps


def _per_char(s: str, maps: Maps | None, f: Callable[[str], str]) -> tuple[str, Maps | None]:
    out = [f(c) for c in s]
    if maps is None:
        return "".join(out), None
    starts, ends = maps
    ns: list[int] = []
    ne: list[int] = []
    for i, piece in enumerate(out):
        if piece:
            ns.extend([starts[i]] * len(piece))
            ne.extend([ends[i]] * len(piece))
    return "".join(out), (ns, ne)


def norm(text: str) -> str:
    """Normalised text only (used for lexicon literals)."""
    return normalize(text)[0]
