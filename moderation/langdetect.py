"""A small, fast language guess for pl / en / uk / ru (or 'und').

Script first (Latin vs Cyrillic), then letters only one language has (ą ę ł ś ż; і ї є ґ;
ы э ъ ё), then very common function words. Good enough to label a chat message; the
detector applies every lexicon to every message, except a few entries marked `lang_only`
(short ambiguous words such as Polish "most" = bridge).
"""

from __future__ import annotations

import re

from moderation.normalize import words as words_of

_PL_CHARS = re.compile(r"[ąćęłńśźż]")
_UK_CHARS = re.compile(r"[іїєґ]")
_RU_CHARS = re.compile(r"[ыэъё]")
_CYR = re.compile(r"[а-яёіїєґ]")
_LAT = re.compile(r"[a-z]")

_PL = frozenset(
    "nie sie się jest to że ze mnie mi już juz chce chcę jak co czy jestem mam tak ale "
    "bo na w z do od po za dla moja moj mój jego jej sa są byc być nic ktos ktoś "
    "wiem moge mogę tylko bardzo tez też dzis dziś teraz dlaczego gdzie kiedy pomoc pomocy "
    "zycie życie zyc żyć cześć czesc dzien dzień prosze proszę siebie sobie ja ty".split()
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
    low = text.lower()
    cyr = _CYR.search(low) is not None
    lat = _LAT.search(low) is not None or _PL_CHARS.search(low) is not None
    if not cyr and not lat:
        return "und"
    words = set(words_of(low))
    if cyr and (not lat or len(_CYR.findall(low)) >= len(_LAT.findall(low))):
        uk = (2 if _UK_CHARS.search(low) else 0) + len(words & _UK)
        ru = (2 if _RU_CHARS.search(low) else 0) + len(words & _RU)
        if uk > ru:
            return "uk"
        if ru > uk:
            return "ru"
        return "uk" if _UK_CHARS.search(low) else "ru"
    pl = (2 if _PL_CHARS.search(low) else 0) + len(words & _PL)
    en = len(words & _EN)
    if pl == 0 and en == 0:
        return "und"
    return "pl" if pl >= en else "en"
