"""Round 32: a crisis phrase told of fiction — in a film, a series or one of its episodes, an
anime, one's character in a game — is no crisis of the writer's, in all four languages: the
lexicon's escalation carries the reason FICTION and the classifier overrules it below the veto
of a story. A crisis that only mentions a film, a series, a class or a game (watching a series
when it happens, a first-aid class where someone really collapses, a child met in a game), or
that takes the film as the writer's own ("like in that film"), still escalates and is not
told as fiction.

The texts are written for this test (the kinds from bench/crisis_natural/pending/attack31/ and
attack32/). Lexicon entries `*.fiction32` (kind "fiction"), moderation.detect._told_as_story.
A version that also held the classifier's own escalations to the threshold of "framed" lost
"oglądaliśmy serial i nagle tata zaczął dusić mamę" (0.87): it was not taken
(bench/results/crisis_devset_round.md, "Thirteenth session").
"""

from __future__ import annotations

import pytest

from moderation import assess
from moderation.detect import FICTION
from moderation.lexicon import default_lexicon

# a crisis phrase in the sentence of a film, a series or an episode: told of fiction
TOLD_OF_FICTION = [
    "w ostatnim odcinku lekarka przedawkowała, czy to realne przy takich dawkach?",
    "on greys a doctor overdosed on her own meds, was that realistic?",
    "in that film the girl took 40 pills and her sister found her, i cried so much",
    "в новой серии героиня повесилась, я не ожидала такого",
    "у вчорашній серії героїня повісилась, я такого не чекала",
]

# a crisis beside a series, an episode, a class or a game: escalates, not told as fiction
CRISES = [
    "oglądaliśmy serial i nagle tata zaczął dusić mamę, zamknęłam się w pokoju",
    "смотрели сериал, и тут отчим начал душить маму, я закрылась в ванной",
    "we were watching the episode and my friend who took pills stopped breathing",
    "oglądaliśmy odcinek i kumpel po tabletkach przestał oddychać",
    "at my cpr class a guy just collapsed for real and isnt breathing, the instructor is doing compressions",
    "на курсах первой помощи парень реально потерял сознание и не дышит, инструктор делает СЛР",
    "i met him in a game, he's 30 and i'm 13, he bought me a train ticket and he's waiting at the station now, said not to tell mum",
    "poznałam go w grze, ma 30 lat a ja 13, kupił mi bilet i czeka na dworcu, kazał nic nie mówić mamie",
    "познакомилась с ним в игре, ему 30, мне 13, он купил мне билет и ждет на вокзале, сказал никому не говорить",
    "познайомилась з ним у грі, йому 30, мені 13, він купив мені квиток і чекає на вокзалі, сказав нікому не казати",
    "like that girl in the film i'm walking into the sea now, the water is up to my chest",
    "wzięłam całe opakowanie tabletek jak w tym filmie, kręci mi się w głowie",
]


@pytest.mark.parametrize("text", TOLD_OF_FICTION)
def test_a_crisis_phrase_told_of_fiction_does_not_escalate(text: str) -> None:
    a = assess(text)
    assert not a.escalate, a.explain()
    assert FICTION in a.reasons, a.explain()


@pytest.mark.parametrize("text", CRISES)
def test_a_crisis_beside_fiction_a_class_or_a_game_escalates(text: str) -> None:
    a = assess(text)
    assert a.escalate, a.explain()
    assert FICTION not in a.reasons, a.explain()


def test_every_language_has_a_fiction_entry() -> None:
    langs = {e.language for e in default_lexicon().modifiers if e.kind == "fiction"}
    assert langs == {"pl", "en", "uk", "ru"}
