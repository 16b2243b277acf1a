"""Round 32: a text that tells of fiction or practice (a film, a series' episode, a first-aid
class, its notes or mannequin) is no crisis of the writer's, in all four languages; a crisis
that only mentions a film or a game, or a child met in a game, still escalates.

The texts are written for this test (the black-box attack in
bench/crisis_natural/pending/attack31/ showed the kinds: the classifier read a TV drama's plot
0.86-0.99 and a first-aid class's notes 0.89-0.98 as crises). Lexicon entries `*.fiction32`
(kind "fiction"), moderation.detect._fiction_frame.
"""

from __future__ import annotations

import pytest

from moderation import assess
from moderation.detect import FICTION
from moderation.lexicon import default_lexicon

# a TV plot the classifier reads 0.99: above the threshold of "framed" (0.97), so it escalates
ABOVE_FRAMED = pytest.mark.xfail(
    strict=True, reason="the classifier reads the plot 0.99, above the threshold of framed (0.97)"
)

# (text, language): told of fiction or practice, no crisis of the writer's
CALM = [
    (
        "did u watch the new episode last night?? he stops breathing in the ambulance and she does compressions forever, i was screaming at the tv",
        "en",
    ),
    (
        "revision notes for the first aid exam: no breathing -> call 999, 30 chest compressions, 2 rescue breaths, keep going till the ambulance comes",
        "en",
    ),
    pytest.param(
        "widziałaś nowy odcinek? facet przestaje oddychać w karetce a ona robi mu masaż serca i płacze, serio ryczałam",
        "pl",
        marks=ABOVE_FRAMED,
    ),
    (
        "notatki do egzaminu z pierwszej pomocy: brak oddechu - dzwonisz 112, 30 uciskow, 2 wdechy, az do przyjazdu karetki",
        "pl",
    ),
    (
        "смотрела новую серию? он перестает дышать в скорой, а она делает ему массаж сердца, я рыдала весь вечер",
        "ru",
    ),
    (
        "конспект к экзамену по первой помощи: нет дыхания — звонишь 103, 30 компрессий, 2 вдоха, пока не приедет скорая",
        "ru",
    ),
    pytest.param(
        "дивилась нову серію? він перестає дихати в швидкій, а вона робить йому масаж серця, я ревла весь вечір",
        "uk",
        marks=ABOVE_FRAMED,
    ),
    (
        "конспект до іспиту з першої допомоги: нема дихання — дзвониш 103, 30 компресій, 2 вдихи, поки не приїде швидка",
        "uk",
    ),
]

# (text, language): a crisis that mentions a film, a series or a game
CRISIS = [
    (
        "i met him in a game, he's 30 and i'm 13, he bought me a train ticket and he's waiting at the station now, said not to tell mum",
        "en",
    ),
    ("like that girl in the film i'm walking into the sea now, the water is up to my chest", "en"),
    (
        "watched my series all evening to feel something. now the bath is full and the blades are next to me",
        "en",
    ),
    (
        "poznałam go w grze, ma 30 lat a ja 13, kupił mi bilet i czeka na dworcu, kazał nic nie mówić mamie",
        "pl",
    ),
    (
        "познакомилась с ним в игре, ему 30, мне 13, он купил мне билет и ждет на вокзале, сказал никому не говорить",
        "ru",
    ),
    (
        "познайомилась з ним у грі, йому 30, мені 13, він купив мені квиток і чекає на вокзалі, сказав нікому не казати",
        "uk",
    ),
]


@pytest.mark.parametrize(("text", "lang"), CALM)
def test_fiction_or_practice_does_not_escalate(text: str, lang: str) -> None:
    a = assess(text)
    assert not a.escalate, a.explain()
    assert a.language == lang or a.severity == "none"


@pytest.mark.parametrize(("text", "lang"), CRISIS)
def test_a_crisis_that_mentions_fiction_or_a_game_escalates(text: str, lang: str) -> None:
    a = assess(text)
    assert a.escalate, a.explain()
    assert FICTION not in a.reasons


def test_a_lexicon_phrase_told_of_an_episode_is_fiction() -> None:
    """A crisis phrase in the sentence of a series' episode is told of fiction: the escalation
    says so, and the classifier overrules it below the veto of a story (a time word of "imminent"
    would otherwise never be vetoed)."""
    a = assess("в новой серии героиня повесилась, я не ожидала такого")
    assert not a.escalate, a.explain()
    assert FICTION in a.reasons, a.explain()


def test_every_language_has_a_fiction_entry() -> None:
    langs = {e.language for e in default_lexicon().modifiers if e.kind == "fiction"}
    assert langs == {"pl", "en", "uk", "ru"}
