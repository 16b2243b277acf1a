"""Issue 20 item 1, Polish and English: the kinds of misses and false alarms, one test per kind.

Each kind starts from the examples of the issue text and adds phrasings of the same kind
written for this test (typos, no diacritics, slang, emoji, a few words of another language).
They are deliberately *not* the lines of the training templates (bench/crisis_kinds.py) nor
the lexicon's examples: the test checks that a fixed kind generalises to phrasings nobody
wrote into the lexicon or trained on. A crisis line escalates; a counter-example may be
shown to the networker as a concern but never escalates ("when in doubt, escalate" holds for
the crisis lines: a counter-example is no doubt).
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.moderation.kinds import check_calm, check_escalates

_escalates = check_escalates
_calm = partial(check_calm, most="concern")


# ------------------------------------------------------------------------ crisis kinds


def test_intent_verbs_with_means_or_self_directed_endings() -> None:
    _escalates(
        [
            # the issue's
            "planuję przedawkować",
            "mam chęć ze sobą skończyć",
            "I'm going to OD on purpose tonight",
            # more of the kind
            "zamierzam przedawkowac w weekend",
            "postanowiłam się otruć, mam czym",
            "mam zamiar połknąć wszystkie leki babci",
            "planuje sie powiesic jak wszyscy wyjada",
            "chyba się struję tymi prochami",
            "myślę żeby przedawkować insulinę",
            "mam ochote sie nalykac tabsow i nie obudzic",
            "wanna od fr this time 💊",
            "planning to overdose on my insulin",
            "i want to swallow every pill in this house",
            "gonna poison myself, got the stuff ready",
            "thinking of ODing on purpose this weekend",
            "im about to take my whole prescription at once",
            "i intend to hang myself when they're asleep",
        ]
    )


def test_a_past_attempt_followed_by_renewed_intent_is_current_risk() -> None:
    _escalates(
        [
            "rok temu próbowałem się zabić, odratowali mnie, teraz chcę spróbować jeszcze raz",
            "dwa lata temu lyknelam tabletki, przezylam, a teraz chce to powtorzyc",
            "kiedyś się cięłam i wczoraj znowu to zrobiłam",
            "w liceum próbowałam się zabić, teraz mam plan żeby to dokończyć",
            "próbowałam się zabić w zeszłym roku, tym razem się uda",
            "tried to kill myself last year, they saved me, now i want to try again",
            "i attempted when i was 16 and now the urge is back, stronger",
            "two years ago i overdosed and survived, this time i'll take enough",
            "years ago i tried to end it and now im planning to do it again",
            "i used to cut, relapsed tonight and it's deep",
        ]
    )


def test_purpose_clauses_that_mean_death() -> None:
    _escalates(
        [
            "wzięłam całą paczkę nasennych, żeby rano nie wstać",
            "mixed my meds with vodka so I don't wake up",
            "popiłam leki wódką żeby już się nie obudzić",
            "łyknąłem wszystkie tabsy mamy, żeby wreszcie był spokój na zawsze",
            "zjadlam caly listek zeby zasnac na zawsze",
            "wypiłam domestos żeby to się skończyło",
            "took a full strip of sleeping pills so i never wake up",
            "swallowed my mums pills so it all ends tonight",
            "necked the whole bottle of painkillers so i dont have to see tomorrow",
            "drank bleach so it all stops",
        ]
    )


def test_violence_expected_from_someone_else() -> None:
    _escalates(
        [
            "jak wróci, znowu mnie zleje",
            "I'm scared to go home, he'll hit me again",
            "boję się wracać do domu, ojczym znowu mnie pobije",
            "jak sie dowie ze bylam u was to mnie skatuje",
            "mąż powiedział że jak zadzwonię na policję to mnie zatłucze",
            "wieczorem przyjdzie pijany i znowu będzie mnie bił",
            "boje sie ze w nocy mnie udusi",
            "when he gets home he's going to beat me again",
            "my bf said if i leave he'll break my legs",
            "scared he'll choke me again when he's back",
            "terrified of tonight, he always hits me when he's drunk",
            "hes gonna batter me when he sees the bill",
        ],
        "violence",
    )


def test_sexual_violence_disclosed_has_its_own_category() -> None:
    _escalates(
        [
            "ktoś mnie zgwałcił po imprezie",
            "I got raped last weekend",
            "wczoraj kolega mnie zgwalcil i nie wiem co robic",
            "zmusił mnie do seksu jak byłam pijana",
            "ktoś mi coś dosypał i obudziłam się u niego bez ubrań",
            "trener mnie obmacuje i mówi że nikt mi nie uwierzy",
            "my uncle raped me when i was staying over",
            "he didn't stop when i said no, i feel sick",
            "someone put something in my drink and i woke up in his bed",
            "a guy at the party sexually assaulted me in the bathroom",
        ],
        "sexual_violence",
    )


def test_medical_emergencies_said_plainly() -> None:
    _escalates(
        [
            "dziadek bełkocze i opadł mu kącik ust",
            "my throat is closing up",
            "dziecko ma 40 stopni gorączki i drgawki",
            "kumpel po mefie jest cały rozpalony, gada od rzeczy i nie może ustać na nogach",
            "krew leci mi z ręki strumieniem, nie mogę zatamować",
            "po krewetkach puchnie mi język i ciężko oddychać",
            "mama nagle nie może podnieść ręki i mówi niewyraźnie",
            "my baby has a high fever and is having a fit",
            "my mate took molly, he's burning up, confused and can't stand up",
            "cut my leg on glass and it's gushing, can't stop the bleeding",
            "grandpa's speech is slurred and half his face dropped",
            "my toddler is burning hot and jerking all over",
        ]
    )
    _escalates(["dziadek bełkocze i opadł mu kącik ust", "my throat is closing up"], "medical")


def test_danger_right_now_from_others() -> None:
    _escalates(
        [
            "ktoś idzie za mną od przystanku, jest ciemno, boję się",
            "chłopak zamknął mnie w mieszkaniu i zabrał telefon",
            "pracodawca zabrał mi paszport i mówi że jak pójdę na policję to pożałuję",
            "u sąsiadów znowu krzyczy dziecko, słychać uderzenia",
            "jakiś facet jedzie za mną autem od 15 minut, co mam robić",
            "a man has followed me from the station and is still behind me",
            "my partner locked me in the bedroom and took my keys",
            "my boss has my passport and says he'll hurt my family if i quit",
            "the kid next door is screaming again and i hear thuds",
            "some guy is following me home, its dark and nobody's around",
        ]
    )


# ------------------------------------------------------------------------ false alarms


def test_overdoses_of_harmless_things_and_laughing_hyperbole() -> None:
    _calm(
        [
            "przedawkowałem czekoladę xD",
            "OD'd on energy drinks lol",
            "przedawkowalam netflixa w weekend 😂",
            "chyba przedawkowałem memy, dobranoc",
            "przedawkowałam dziś słodycze haha",
            "umieram ze śmiechu 😂😂",
            "i OD'd on tiktok last night 😂",
            "overdosed on chocolate again haha",
            "lmao im gonna od on caffeine before this exam",
            "im dead 💀💀",
        ]
    )


def test_recovery_stories_are_not_current_risk() -> None:
    _calm(
        [
            "two years ago I tried to end it, now I'm studying and doing fine",
            "rok temu próbowałem się zabić, dziś mam pracę i dziewczynę, jest super",
            "kiedyś chciałam się zabić, teraz pomagam innym jako wolontariuszka",
            "w liceum się cięłam, teraz od 3 lat jestem czysta i szczęśliwa",
            "po przedawkowaniu kilka lat temu wyszłam na prostą, teraz pracuję",
            "i attempted in 2018, today i run marathons and love my life",
            "used to cut in high school, now i'm 5 years clean and happy",
            "overdosed once years ago, now i work as a peer counsellor",
            # an age said as "when i was 19" (a bare "at 19" is not read as the past: it may be
            # a clock time, "at 19:00", on the day of an attempt; safety first)
            "tried to kill myself when i was 19, these days i'm a nurse and doing great",
        ]
    )


def test_news_films_and_lyrics_quoted_as_such() -> None:
    _calm(
        [
            "w wiadomościach mówili że ktoś skoczył z mostu w centrum",
            "w filmie on ją zgwałcił, nie mogłam na to patrzeć",
            "ta piosenka ma refren 'chcę umrzeć dziś', leci wszędzie",
            "the news said a man jumped off the bridge downtown",
            "in the movie she overdoses at the end, so sad",
            "that song that goes 'i wanna die tonight' is stuck in my head",
        ]
    )
    # the quote frame reaches only a few words into what is told: a crisis of one's own said
    # after it still escalates
    _escalates(["in the movie she kills herself and honestly lately i want to kill myself too"])


@pytest.mark.xfail(
    strict=True,
    reason="models 2026.11 and 2026.12 veto the lexicon here (0.08 and 0.07 < 0.10: they read "
    "the film); a known regression of those models, fixed when a model or the veto reads the "
    "renewal",
)
def test_a_film_then_a_wish_to_die_of_ones_own() -> None:
    """The quote frame reaches only a few words into what is told: a crisis of one's own said
    after it still escalates (2026.10 escalated it; 2026.11's classifier reads the film)."""
    _escalates(["w filmie bohaterka się zabiła, a ja od tygodnia też chcę się zabić"])


def test_questions_about_old_scars() -> None:
    _calm(
        [
            "jak ukryć blizny po cięciu na wesele?",
            "czy stare blizny po samookaleczeniu kiedyś znikną",
            "how to cover old self harm scars for a job interview",
            "do old cutting scars ever fade?",
        ]
    )


def test_sports_fan_hyperbole() -> None:
    _calm(
        [
            "ten mecz mnie zabije",
            "I'm gonna kill the ref",
            "sędzia kalosz, zabiję go normalnie xD",
            "jak znowu przegramy z wisłą to się powieszę haha",
            "if we lose to city again im gonna murder someone lol",
            "our defence is killing me tonight",
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        "ile można wziąć, żeby nie przedawkować?",
        "jak nie przedawkować mefedronu na imprezie",
        "what's the max dose of mdma so i don't overdose",
        "how do i know if i'm about to OD, want to be safe",
    ],
)
def test_harm_reduction_questions_are_concern_at_most(text: str) -> None:
    _calm([text])
