"""Russian/Ukrainian typed in Latin letters is read in Cyrillic too (a mechanism, not phrases)."""

from __future__ import annotations

import pytest

from moderation import assess
from moderation.translit import looks_translit, to_cyrillic


def test_to_cyrillic_spans_point_into_the_latin_text():
    s = "ne hochu zhit"
    cyr, starts, ends = to_cyrillic(s)
    assert cyr == "не хочу жит"
    assert len(starts) == len(ends) == len(cyr)
    assert s[starts[3] : ends[3]] == "h"
    assert s[starts[10] : ends[10]] == "t"
    assert to_cyrillic("zhyty", "uk")[0] == "жити"
    assert to_cyrillic("zhyty", "ru")[0] == "жыты"


@pytest.mark.parametrize(
    "text",
    [
        "ne hochu zhyty, vse marno",
        "Ne hochu bolshe zhit, vse bessmyslenno",
        "ya ub'yu sebya segodnya",
        "reshila segodnya vse zakonchit, prostite menya",
    ],
)
def test_transliterated_crisis_escalates_with_original_offsets(text):
    a = assess(text)
    assert a.escalate, a.explain()
    for m in a.matches:
        assert text[m.start : m.end] == m.phrase


@pytest.mark.parametrize(
    "text",
    [
        "ubit vremya do poezda negde, skuchno",
        "vse horosho, spasibo, ne perezhivay",
        "i want to go home",
        "nie chce mi sie dzis nic robic",
    ],
)
def test_transliterated_harmless_text_stays_calm(text):
    assert not assess(text).escalate


def test_polish_and_english_are_not_taken_for_transliteration():
    assert not looks_translit("nie wiem co robic, jestem zmeczona")
    assert not looks_translit("i dont know what to do anymore")
    assert looks_translit("ne znayu chto delat")


def test_soft_sign_is_optional_in_lexicon_literals():
    assert assess("не хочу болше жить").escalate


def test_h_is_read_both_ways():
    assert assess("nahlotalsya tabletok, ploho").escalate  # h = г
    assert assess("ne hochu zhit").escalate  # h = х
