"""Round 41: a recovery story told with an age then and the age now, in all four languages.

"I tried to kill myself at 16. I'm 30 now, married, two kids" escalated as imminent: the full
stop after "16" ended no sentence (a full stop after a digit was read as one inside "3.5"), so
the "now" of "I'm 30 now" timed the attempt as a plan for today. And in one sentence ("I
overdosed at 19, today I'm 35 and run a support group", "mając 17 lat połknęłam tabletki,
dziś mam 29") the "today" of the age now timed it as well.

* A full stop after a number ends a sentence (detect._SENTENCE_END), as after a word;
* an age then and the age now, 20 or more, in one stretch (the modifier kind `age`,
  `*.age41`: "at 16 ... im 30 now", "w wieku 17 lat ... dziś mam 29", "в 16 лет ... сейчас
  мне 31", "у 17 років ... зараз мені 30") tells every signal before its end as a story that
  is over, and its "now" or "today" times no signal in any sentence;
* "at age 17", "w wieku 16 lat", "mając 17 lat", "в 16 лет", "у 16 років" date a story in
  the signal's sentence (`*.story`);
* the age now alone is no outcome any more ("im 30 now", "teraz mam 30 lat", "сейчас мне
  30", "зараз мені 30" were `*.outcome` phrases): "took all my pills. im 30 now and nobody
  even called" (0.46) and "наглоталась таблеток. сейчас мне 30 и я никому не нужна" (0.55)
  were told as stories that are over and vetoed, and a birthday ("today im 30", "dziś mam 30
  lat") has no age then;
* not when the story comes back: a renew word, a time of a plan, minutes ago in the signal's
  sentence, or an age now under 20.

Over the development set, the 28 pending rounds and the 255,000 single training messages,
no crisis changes its verdict; 87 look-alikes are calmed and 2 escalate (a bare "в 13." that
no longer shares a sentence with its story). Then (lexicon en 2025.46, pl 2025.43, ru/uk
2025.44), from a black-box attack on this round and the development set's look-alikes:
voices that tell one to jump, die or hurt oneself (`*.self_harm.voices41`), nearly passing out
(`en.idiom.nearly_fainted41`) and being worn out at training or work ("так убился на
тренировке", `ru/uk.idiom.worn_out41`), and a rope bought in Polish
(`pl.self_harm.means_bought41`). The texts are written for this test.
"""

from __future__ import annotations

import pytest

from moderation import assess
from moderation.detect import _SENTENCE_END, STORY
from moderation.lexicon import default_lexicon
from tests.moderation.kinds import check_calm, check_escalates

RECOVERED = [
    "i took an overdose at 17. im 31 now and a nurse on a cardiology ward",
    "I tried to kill myself at 15. I'm 29 now, engaged, and I run marathons",
    "cut myself every night at 14. today im 27 and teach art to kids",
    "my sister swallowed her antidepressants at 16, shes 25 now and a lawyer",
    "at 18 i tried to hang myself. now im 33 and i volunteer on a helpline",
    "w wieku 17 lat połknęłam wszystkie leki mamy. dziś mam 32 lata i dwójkę dzieci",
    "mając 16 lat próbowałem się powiesić, teraz mam 35 i jestem ratownikiem",
    "jak miałam 15 lat cięłam się co noc, teraz mam 26 i uczę w szkole",
    "в 16 лет я наглоталась таблеток, сейчас мне 31 и я психолог",
    "в 15 лет пытался повеситься. теперь мне 28, у меня семья",
    "у 17 років я наковталася пігулок, зараз мені 30 і я лікарка",
    "у 16 років намагався повіситися. тепер мені 34, маю сина",
    "v 16 let ya naglotalas tabletok, seychas mne 31 i ya psiholog",
    "u 17 rokiv ya nakovtalasja pigulok, zaraz meni 30 i ya likarka",
]

# the lexicon escalated these before this round; now it tells them as stories that are over
TOLD_AS_STORIES = [
    "I tried to kill myself at 15. I'm 29 now, engaged, and I run marathons",
    "cut myself every night at 14. today im 27 and teach art to kids",
    "mając 16 lat próbowałem się powiesić, teraz mam 35 i jestem ratownikiem",
    "i tried to kill myself at 16. im 30 now.",
]

# a birthday, a renewed intent, minutes ago, an age now under 20: no story that is over
CRISES = [
    "took all my antidepressants an hour ago. today im 30 and nobody called",
    "swallowed the whole bottle of sleeping pills. im 30 now and i have nothing left",
    "at 16 i tried to hang myself. im 30 now and i'm going to finish it tonight",
    "i swallowed 40 pills at 17 and again 10 minutes ago, im 31 now",
    "łyknęłam wszystkie tabletki. dziś mam 30 lat i nikt nie pamiętał",
    "w wieku 16 lat próbowałam się zabić, teraz mam 30 lat i znowu chcę to zrobić dziś w nocy",
    "наглоталась таблеток час назад. сегодня мне 30 и никто не поздравил",
    "в 16 лет пыталась повеситься, сейчас мне 30 и я снова хочу это сделать сегодня",
    "наковталася пігулок. сьогодні мені 30 і ніхто не привітав",
    "at 16 i tried. im 17 now and the pills are in my hand",
    # missed before this round: the age now alone told the overdose as a story
    "took all my pills. im 30 now and nobody even called",
    "наглоталась таблеток. сейчас мне 30 и я никому не нужна",
    "połknęłam wszystkie tabletki. teraz mam 30 lat i nikt nie dzwoni",
    "наковталася таблеток. зараз мені 30 і я нікому не потрібна",
]

# a full stop after a number still leaves a time word its sentence, or a sentence of its own
TIMED_AFTER_A_NUMBER = [
    "i want to die. at 11. tonight",
    "tonight at 11. i will take all the pills",
    "dziś moje 18. urodziny i chcę się zabić",
    "na 18. urodziny połknę wszystkie tabletki dziś w nocy",
]


@pytest.mark.parametrize("text", RECOVERED)
def test_a_recovery_told_with_an_age_then_and_now_is_calm(text: str) -> None:
    check_calm([text])


@pytest.mark.parametrize("text", TOLD_AS_STORIES)
def test_the_lexicon_tells_it_as_a_story_that_is_over(text: str) -> None:
    a = assess(text)
    assert not a.escalate, a.explain()
    assert STORY in a.reasons, a.explain()


@pytest.mark.parametrize("text", CRISES)
def test_a_birthday_a_renewal_or_minutes_ago_is_no_story(text: str) -> None:
    check_escalates([text])
    a = assess(text)
    assert STORY not in a.reasons, a.explain()


@pytest.mark.parametrize("text", TIMED_AFTER_A_NUMBER)
def test_a_time_word_after_a_number_still_times_the_plan(text: str) -> None:
    a = assess(text)
    assert a.escalate, a.explain()
    assert a.severity == "imminent", a.explain()


def test_a_full_stop_after_a_number_ends_a_sentence() -> None:
    assert _SENTENCE_END.search("at 16. im 30 now")
    assert _SENTENCE_END.search("w 2017. teraz jest zdrowy")
    for inside in ("3.5 mg", "12.05.2020", "wait... tonight", "v1.2"):
        assert _SENTENCE_END.search(inside) is None, inside


def test_every_language_has_an_age_then_and_now() -> None:
    ages = {e.language for e in default_lexicon().modifiers if e.kind == "age"}
    assert ages == {"en", "pl", "ru", "uk"}


# a black-box attack on this round (bench/crisis_natural/pending/attack45/att45.jsonl, written
# by a helper who saw no code: 64 crises and 32 recovery stories with ages) found crises told
# with voices that tell one to jump: command hallucinations are a crisis phrase of their own
VOICES = [
    "the voices came back and they keep telling me to jump",
    "the voice says i should die, it wont stop",
    "głosy wróciły i każą mi skoczyć",
    "glosy kaza mi sie pociac",
    "голоса вернулись, говорят прыгать",
    "golosa govoryat prygat s kryshi",
    "голоси повернулись і кажуть стрибати",
    "holosy kazhut strybaty",
]

# told as over, or no voices that order anything
VOICES_CALM = [
    "i used to hear voices telling me to jump. i'm on the right meds now and they're quiet",
    "kiedyś słyszałam głosy, które kazały mi skoczyć. teraz biorę leki i jest spokój",
    "the voice actor tells the player to jump",
    "голос в навигаторе говорит повернуть направо",
]

# hyperbole of the body: nearly fainting, worn out at training
BODY_HYPERBOLE = [
    "the cricket went to the last ball and i nearly passed out from stress",
    "almost fainted when i saw the electricity bill lol",
    "сегодня так убился на тренировке что еле дошёл домой",
    "на работе убилась в ноль, сплю",
    "sogodni na treni tak vbyvsia shcho ledve doikhav dodomu",
    "на роботі вбилась в нуль, йду спати",
]


@pytest.mark.parametrize("text", VOICES)
def test_voices_that_tell_one_to_jump_or_die_escalate(text: str) -> None:
    check_escalates([text], category="self_harm", rule_prefix="self_harm.voices41")


@pytest.mark.parametrize("text", VOICES_CALM)
def test_voices_in_the_past_or_no_order_stay_calm(text: str) -> None:
    check_calm([text])


@pytest.mark.parametrize("text", BODY_HYPERBOLE)
def test_nearly_fainting_and_worn_out_are_no_crisis(text: str) -> None:
    check_calm([text])


def test_a_sign_beside_nearly_fainting_still_counts() -> None:
    check_escalates(["i almost passed out and now i cant breathe"])
    check_escalates(["i nearly passed out from the pills i took, now i cant stay awake"])


def test_a_rope_bought_is_a_means_unless_for_its_everyday_use() -> None:
    """Attack 45's one miss after the round: a rope bought, told after an age now."""
    check_escalates(
        [
            "od 15 roku zycia mysle o smierci. teraz mam 34 lata i w koncu kupilam line. "
            "dzieci sa u bylego na weekend wiec nikt nie przeszkodzi",
            "kupilam line i nikt mnie nie zatrzyma",
        ],
        category="self_harm",
        rule_prefix="self_harm.means_bought41",
    )
    check_calm(
        [
            "kupiłam linę do wspinaczki, w sobotę jedziemy w skałki",
            "kupiłem linę holowniczą do auta",
            "kupiłem linę do huśtawki dla dzieci",
        ]
    )
