"""Russian/Ukrainian typed in Latin letters is read in Cyrillic too (a mechanism, not phrases)."""

from __future__ import annotations

import pytest

from moderation import assess
from moderation.normalize import normalize_full
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


@pytest.mark.parametrize(
    "text",
    [
        # the reading with "h" as х ("прохрає") misses the idiom the reading with г finds
        "yakshcho dynamo prohraye ya povishus lol",
        "yakshcho dynamo prograye ya povishus lol",
        "esli spartak proigraet ya poveshus lol",
    ],
)
def test_an_idiom_found_in_one_reading_holds_for_every_reading(text):
    """Sports hyperbole in Latin letters is as calm as in Cyrillic: a signal that one reading
    of the letters finds inside an idiom does not escalate from another reading."""
    cyrillic = {
        "yakshcho dynamo prohraye ya povishus lol": "якщо динамо програє я повішусь лол",
        "yakshcho dynamo prograye ya povishus lol": "якщо динамо програє я повішусь лол",
        "esli spartak proigraet ya poveshus lol": "если спартак проиграет я повешусь лол",
    }[text]
    assert not assess(cyrillic).escalate
    assert not assess(text).escalate


@pytest.mark.parametrize(
    "text",
    [
        "ya povishus yakshcho vin pide",  # no idiom in any reading
        "dynamo prohralo, a ya segodnya povishus, vse reshil",  # a loss told, then a plan
        "ya povishus segodnya",
    ],
)
def test_a_signal_outside_any_idiom_still_escalates_in_latin_letters(text):
    assert assess(text).escalate


def test_ukrainian_to_myself_and_all_in_latin_letters_are_read_in_cyrillic():
    # "sobi" (собі) and "vsi" (всі) are hint words: with one other, the text is read in
    # Cyrillic too (before, "khochu" alone was one hint and the Cyrillic reading was skipped)
    for text in ("khochu porizaty sobi veny", "vypyla vsi tabletky"):
        assert looks_translit(normalize_full(text)[0]), text
        assert assess(text).escalate, text
    for text in ("kupyla sobi novi krosivky", "vsi druzi pryishly na den narodzhennia"):
        assert not assess(text).escalate, text
