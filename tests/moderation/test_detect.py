"""Behaviour of moderation.assess: API shape, normalisation, context, severity."""

from __future__ import annotations

import dataclasses
import json

import pytest

from moderation import Assessment, assess, detect_language, normalize
from moderation.lexicon import CATEGORIES


def test_api_shape_and_to_dict():
    a = assess("chyba się dziś zabiję")
    assert isinstance(a, Assessment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.severity = "none"  # type: ignore[misc]
    assert a.severity == "imminent"
    assert a.escalate
    assert a.categories == ("self_harm",)
    assert a.language == "pl"
    d = a.to_dict()
    assert list(d)[:4] == ["escalate", "severity", "categories", "matches"]
    json.dumps(d)
    m = a.matches[0]
    assert {"phrase", "category", "start", "end", "weight"} <= set(m.to_dict())


def test_spans_point_into_the_original_text():
    text = "Hej... ZAB1JĘ   SIĘĘĘ dzisiaj!!!"
    a = assess(text)
    assert a.escalate
    for m in a.matches:
        assert text[m.start : m.end] == m.phrase
    assert any("ZAB1JĘ" in m.phrase for m in a.matches)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\u200b", "ok", "😀😀", "1234", "a" * 10_000],
)
def test_empty_and_odd_input_is_none(text):
    a = assess(text)
    assert a.severity == "none"
    assert not a.escalate
    assert a.matches == ()


def test_categories_are_sorted_subset():
    a = assess("tata mnie bije i chcę umrzeć")
    assert a.escalate
    assert list(a.categories) == sorted(a.categories)
    assert set(a.categories) <= set(CATEGORIES)


@pytest.mark.parametrize(
    "text",
    [
        "zabije sie",
        "nie chce zyc",
        "nie chceeee zyć",
        "NIE CHCĘ ŻYĆ!!!",
        "zab1ję się",
        "z.a.b.i.j.e się",
        "z a b i j e  s i ę",
        "Zabiję Się",
        "ｚａｂｉｊę się",
        "I wanna d1e",
        "k i l l myself",
        "KILLLLL MYSELF",
        "unalive myself",
        "sewer slide",
        "gonna kms",
        "k1ll mys3lf",
        "s-u-i-c-i-d-a-l",
        "kіll myself",  # Cyrillic і
        "у6ью себя",
        "УБЬЮ СЕБЯ",
        "вб'ю себе",
        "вбю себе",
        "хочу вмерти",
    ],
)
def test_real_typing_escalates(text):
    assert assess(text).escalate, text


@pytest.mark.parametrize(
    "text",
    [
        "ten sprawdzian mnie zabije",
        "umieram ze śmiechu",
        "this traffic is killing me",
        "skoczę do sklepu",
        "kill time",
        "zabiję czas",
        "powieszę obraz",
        "I cut my hair",
        "hang a picture",
        "took an advil for my headache",
        "wzięłam tabletkę na ból głowy",
        "an essay on suicide prevention",
        "gdzie zrobić test na HIV?",
        "is PrEP free?",
        "czy jest darmowa pomoc prawna",
        "jak dostać się na metadon",
        "how do I get into rehab",
        "ця контрольна мене вб'є",
        "эта контрольная меня убьет",
        "mama mnie zabije jak się dowie",
    ],
)
def test_ordinary_speech_does_not_escalate(text):
    assert not assess(text).escalate, (text, assess(text).explain())


@pytest.mark.parametrize(
    "text",
    [
        "I took everything",
        "wziąłem 30 tabletek",
        "łyknęłam wszystkie tabletki",
        "mam tabletki i chcę umrzeć",
        "I want to kill myself tonight",
        "już dziś się zabiję",
        "stoję na moście i skoczę",
        "выпила все таблетки",
    ],
)
def test_intent_with_means_or_time_is_imminent(text):
    assert assess(text).severity == "imminent", assess(text).explain()


@pytest.mark.parametrize(
    "text",
    [
        "my friend says she'll kill herself",
        "koleżanka mówi, że się zabije",
        "подруга каже що вб'є себе",
    ],
)
def test_third_person_escalates(text):
    assert assess(text).escalate


@pytest.mark.parametrize(
    "text",
    [
        "nikt mnie nie rozumie",
        "nobody understands me",
        "smutno mi od tygodni",
        "I can't stop drinking",
    ],
)
def test_distress_is_concern_not_escalated(text):
    a = assess(text)
    assert a.severity == "concern"
    assert not a.escalate


@pytest.mark.parametrize(
    "text", ["nie zabiję się, spokojnie", "i'm not going to kill myself", "im not suicidal"]
)
def test_negated_intent_is_concern(text):
    a = assess(text)
    assert a.severity == "concern"
    assert not a.escalate


def test_idiom_only_cancels_what_it_covers():
    a = assess("ten sprawdzian mnie zabije, ale serio chcę się zabić")
    assert a.escalate


def test_weak_means_alone_is_not_a_crisis_but_with_distress_it_is():
    assert assess("mam w domu żyletkę").severity == "none"
    assert assess("mam żyletkę i czuję się taka pusta").escalate


def test_lang_override_and_detection():
    assert detect_language("nie wiem co robić") == "pl"
    assert detect_language("i don't know what to do") == "en"
    assert detect_language("я не знаю що робити") == "uk"
    assert detect_language("я не знаю что делать") == "ru"
    assert detect_language("12345") == "und"
    assert assess("hello", lang="pl").language == "pl"


def test_rejects_non_str():
    with pytest.raises(TypeError):
        assess(b"bytes")  # type: ignore[arg-type]


def _corpus_texts():
    from pathlib import Path

    root = Path(__file__).parent / "corpus"
    for p in sorted(root.glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line:
                yield json.loads(line)["text"]


def test_fast_and_mapped_normalisation_agree():
    """The hot path normalises without an offset map; the slow path with one. Same text."""
    samples = [
        *_corpus_texts(),
        "ＫＩＬＬ ｍｅ",
        "𝓴𝓲𝓵𝓵",
        "e\u0301",
        "İstanbul",
        "ß",
        "💊💊",
        "k!ll",
        "$ewer $lide",
    ]
    for t in samples:
        fast, _ = normalize(t)
        slow, maps = normalize(t, with_map=True)
        assert fast == slow, t
        assert maps is not None
        assert len(maps[0]) == len(slow) == len(maps[1])
