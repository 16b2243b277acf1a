"""Ukrainian and Russian by kind (issue 20, the uk/ru round): every crisis kind the issue lists
escalates and every false-alarm kind stays calm, in Cyrillic and in Latin letters, with typos,
no punctuation, surzhyk and English or Polish words mixed in.

The rows are `tests/moderation/corpus/ukru.jsonl` (hand-written by kind, part of the tuned
corpus; first-run figures in bench/results/crisis_ukru_round.md). The training templates of the
same kinds are `bench.crisis_kinds.UKRU`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from moderation import assess
from moderation.translit import looks_translit, to_cyrillic

FILE = Path(__file__).parent / "corpus" / "ukru.jsonl"
ROWS = [json.loads(x) for x in FILE.read_text(encoding="utf-8").splitlines() if x.strip()]
CRISIS_KINDS = (
    "intent",
    "renewed",
    "purpose",
    "violence_expected",
    "sexual_violence",
    "medical",
    "danger_now",
)
COUNTER_KINDS = ("joke", "recovery", "quote", "scars", "sports", "harm_reduction")
LANGS = ("uk", "ru")


def _latin(text: str) -> bool:
    latin = sum(c.isascii() and c.isalpha() for c in text)
    return latin > sum(c.isalpha() and not c.isascii() for c in text)


def _by_kind() -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in ROWS:
        out[(r["lang"], r["kind"])].append(r)
    return out


BY_KIND = _by_kind()


def test_every_kind_is_written_in_both_languages_and_in_latin_letters():
    for lang in LANGS:
        for kind in CRISIS_KINDS + COUNTER_KINDS:
            rows = BY_KIND[(lang, kind)]
            assert len(rows) >= 4, (lang, kind)
            want = "escalate" if kind in CRISIS_KINDS else "no_escalate"
            assert all(r["expect"] == want for r in rows), (lang, kind)
        for kind in CRISIS_KINDS:
            assert any(_latin(r["text"]) for r in BY_KIND[(lang, kind)]), (lang, kind)
    assert {(r["lang"], r["kind"]) for r in ROWS} == set(BY_KIND)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", CRISIS_KINDS)
def test_crisis_kind_escalates(lang, kind):
    missed = [
        (r["text"], assess(r["text"]).severity)
        for r in BY_KIND[(lang, kind)]
        if not assess(r["text"]).escalate
    ]
    assert not missed, missed


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", COUNTER_KINDS)
def test_false_alarm_kind_does_not_escalate(lang, kind):
    alarms = [
        (r["text"], assess(r["text"]).explain())
        for r in BY_KIND[(lang, kind)]
        if assess(r["text"]).escalate
    ]
    assert not alarms, alarms


@pytest.mark.parametrize(
    ("latin", "variant", "cyrillic"),
    [
        # the reflexive ending typed "-tsya" is "-тся", not "-ця"
        ("zastrelitsya", "ru", "застрелится"),
        ("hochetsa", "ru", "хочется"),
        ("ulitsa", "ru", "улица"),
        # "-сь" with the soft sign dropped: folded to "-ся" like the Cyrillic text
        ("utoplyus", "ru", "утоплюся"),
        ("travilas", "ru", "травилася"),
        ("prokynutys", "uk", "прокинутися"),
        # "x" at the start of a word is "х"
        ("xochu", "ru", "хочу"),
        ("seks", "ru", "секс"),
        # Ukrainian "ia", "iu" after a consonant are я, ю (not in the Russian readings);
        # a letter twice is one, as `normalize` collapses repeats (життя -> житя)
        ("zhyttia", "uk", "житя"),
        ("oblychchja", "uk", "обличя"),
        # and after a vowel in chat ("zamykaie" = замикає, folded "замикае")
        ("zamykaie", "uk", "замикае"),
        ("sudorogi", "ru", "судороги"),
        # Polish-keyboard spelling
        ("szczo", "uk", "що"),
    ],
)
def test_latin_spellings_people_type_are_read_in_cyrillic(latin, variant, cyrillic):
    cyr, starts, ends = to_cyrillic(latin, variant)
    assert cyr == cyrillic
    assert len(starts) == len(ends) == len(cyr)


@pytest.mark.parametrize(
    "text",
    [
        "u dytyny zhar i sudomy shcho robyty",
        "khtos ide za mnoyu, meni strashno",
        "vin povernetsya i znovu bude byty",
        "seichas opyat hochu eto sdelat",
    ],
)
def test_latin_letter_ukrainian_and_russian_is_recognised(text):
    assert looks_translit(text)


@pytest.mark.parametrize(
    "text",
    [
        "zaraz wracam, kupie chleb",
        "see ya tomorrow, the movie was great",
        "nie wiem gdzie jest przystanek",
        "the hotel has a pool and a gym",
    ],
)
def test_polish_and_english_are_still_not_taken_for_transliteration(text):
    assert not looks_translit(text)
