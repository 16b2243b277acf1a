"""A small, fast language guess for pl / en / uk / ru (or 'und').

Script first (Latin vs Cyrillic), then letters only one language has (ą ę ł ś ż; і ї є ґ;
ы э ъ ё), then very common function words. Good enough to label a chat message; the
detector does not depend on it (every lexicon is applied to every message).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_PL_CHARS = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")
_UK_CHARS = re.compile(r"[іїєґІЇЄҐ]")
_RU_CHARS = re.compile(r"[ыэъёЫЭЪЁ]")
_CYR = re.compile(r"[а-яА-ЯёЁіїєґІЇЄҐ]")
_LAT = re.compile(r"[a-zA-Z]")

_PL = frozenset(
    "nie sie się jest to że ze mnie mi już juz chce chcę jak co czy jestem mam tak ale "
    "bo na w z do od po za dla moja moj mój mój jego jej sa są byc być juz nic ktos ktoś "
    "wiem moge mogę tylko bardzo tez też dzis dziś teraz dlaczego gdzie kiedy pomoc pomocy "
    "zycie życie zyc żyć cześć czesc dzien dzień prosze proszę siebie sobie mój ja ty".split()
)
_EN = frozenset(
    "the and is are i im i'm you my me it to of in that this was what do dont don't not "
    "have has with for on be can will would just want so but if he she they we your "
    "feel how where when why please help hi hello anyone going gonna life myself".split()
)
_UK = frozenset(
    "що це не я мені мене й і та як але вже хочу жити себе тебе він вона вони ми ви "
    "бути немає нема чому коли де дуже тільки також зараз сьогодні привіт допоможіть".split()
)
_RU = frozenset(
    "что это не я мне меня и как но уже хочу жить себя тебя он она они мы вы быть нет "
    "почему когда где очень только тоже сейчас сегодня привет помогите помоги".split()
)


def detect_language(text: str) -> str:
    """Return 'pl', 'en', 'uk', 'ru' or 'und'."""
    if not text:
        return "und"
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text)) + len(_PL_CHARS.findall(text))
    if not cyr and not lat:
        return "und"
    words = [w.lower() for w in _WORD.findall(text)]
    if cyr >= lat:
        uk = len(_UK_CHARS.findall(text)) * 2 + sum(w in _UK for w in words)
        ru = len(_RU_CHARS.findall(text)) * 2 + sum(w in _RU for w in words)
        if uk > ru:
            return "uk"
        if ru > uk:
            return "ru"
        return "uk" if _UK_CHARS.search(text) else "ru"
    pl = len(_PL_CHARS.findall(text)) * 2 + sum(w in _PL for w in words)
    en = sum(w in _EN for w in words)
    if pl == 0 and en == 0:
        return "und"
    return "pl" if pl >= en else "en"
