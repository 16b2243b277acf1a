"""Round 43: a goodbye with an ordinary reason for going quiet, and what it must not hide.

* A goodbye (bye, last post, signing off, won't be around, thanks for everything, "żegnam",
  "прощайте", "прощавайте") within 25 words of an ordinary reason for going quiet — a move, a
  trip, a new job or school, retiring, a last shift, an operation, basic training, deleting an
  app, leaving a group, a phone that is dying or taken away, a funeral, a pet put to sleep
  (`*.departure.reason43`, kind `departure`). The classifier read such goodbyes as the
  farewells of a suicide plan (0.72-0.999 on 63 look-alikes of the pending rounds, attack 40
  most of them). A message the lexicon finds no intent, means, plan or event in is escalated
  by the classifier alone only at p >= detect.DEPARTURE_VETO; one whose only signals are
  farewell phrases (kind plan: "this is my last message") is vetoed below it (the reason
  detect.DEPARTURE).
* The goodbye explains only itself: the text with its spans blanked out, and each message of a
  conversation's run, must score below the classifier's threshold ("останній день на роботі,
  дякую за все. жити більше не хочу" keeps its crisis); any intent, means or event the lexicon
  finds keeps the message from being a departure; and a `pretext` ("that's what i told my
  mum", "niby", "на самом деле", "forever", "nie wrócę", "переезд? нет") anywhere in the
  message voids every departure in it.
* Holes the round's probes and the black-box attack 48 (bench/crisis_natural/pending/attack48:
  written by a helper who saw no code, 94/96 crises and 30/96 look-alikes escalated before the
  round, 94/96 and 21/96 after it, measured before it was read) found in the lexicon: living
  again with the person who abused the writer (`*.violence.live_with_abuser43`), a hose and a
  car in a garage without the word exhaust (`*.means.exhaust_hose43`, washing the car is an
  idiom), having stopped the medication and eating (`*.self_harm.stopped_meds_food43`), all
  the pills gathered (`*.overdose.gathered43`), and "for a week now" / "od tygodnia" / "уже
  неделю" as `unresolved` (a state that goes on). Living again with the abuser is `final`: the
  model read "przeprowadzamy się do ojczyma, to on mnie bił, a teraz muszę z nim mieszkać" 0.02.
* A second attack measured before it was read (bench/crisis_natural/pending/attack49: long
  goodbyes for travel, a new job, leaving a group, a dying phone): 47/48 crises and 52/112
  look-alikes escalated before the round, 47/48 and 46/112 with it; its vocabulary (a phone
  stolen or broken, the internet cut off, a ship's contract, leaving a guild or a fan club)
  was added after it was read.

Over the development set, the pending rounds and the 255,000 single training messages, 43
verdicts change, all right (look-alikes calmed). The texts are written for this test.
"""

from __future__ import annotations

import pytest

from moderation import assess, assess_conversation, normalize
from moderation.classifier import default_classifier
from moderation.detect import DEPARTURE, DEPARTURE_VETO, _departure
from moderation.lexicon import default_lexicon
from tests.moderation.kinds import check_calm, check_escalates

# goodbyes the classifier alone escalated before the round (0.72-0.85)
DEPARTED = [
    "gave my plants to the neighbour and wrote cards for my team, moving to Norway on friday for the new job. this is goodbye from me, thanks for everything",
    "deleting insta and tiktok tonight for my exams, gave my old hoodies to my sister. this is my last post, bye everyone",
    "phone's on 4% and my dad's confiscating it for the holidays anyway, so this is goodbye for like 3 weeks. don't forget me lol",
    "oddałam kwiatki sąsiadce i napisałam kartki do dziewczyn z pracy, w piątek wylatuję do Norwegii na kontrakt. żegnajcie, dzięki za wszystko",
    "раздала цветы соседям, кота забрала мама, завтра улетаю в Канаду на работу. прощайте, спасибо за всё",
    "прощаюсь с вами, ребята, завтра уезжаю на вахту в Норильск на три месяца, связи почти не будет. не теряйте",
    "всім бувайте, їду на заробітки до Чехії на пів року, телефон буде рідко. дякую за все",
    "vsem poka, zavtra uletayu v Kanadu na uchebu, eto moe poslednee soobshchenie tut. spasibo za vse",
]

# ordinary goodbyes in every language, calm whatever the reason
GOODBYES = [
    *DEPARTED,
    "that's me signing off for a while, flying out to my brother's in Perth on thursday and the wifi at his place is a joke. thanks for everything, look after the newbies",
    "last shift at the depot tonight after 19 years, they're retiring me with a cake and a card. gonna miss you lot on the night chat",
    "to mój ostatni wpis, w czwartek przeprowadzam się do Gdańska do nowej pracy. dzięki za wszystko, trzymajcie się ciepło",
    "ostatnia zmiana w magazynie dzisiaj, od poniedziałku emerytura. będę tęsknić za wami i za kawą z automatu",
    "это моё последнее сообщение в этом чате, переезжаю к дочери в Казань. спасибо за всё, соседи",
    "останній день на роботі, 30 років у школі, йду на пенсію. прощавайте, колеги, не згадуйте лихом",
]

# goodbyes with an ordinary reason that hide, or sit beside, a crisis
CRISES = [
    "last shift at the warehouse today, handed in my badge. bye everyone. i'm not going home tonight, i'm going to the bridge",
    "retiring friday. said my goodbyes. the house is paid off and the shotgun is cleaned. nobody needs me anymore",
    "deleting insta tonight, bye all. it doesn't matter anyway, i'll be gone by the weekend",
    "flying to my dad's on sunday, goodbye. he said when i get there he'll finish what he started last summer and mum says i have to go",
    "bye everyone, moving to my uncle's. he's the one who touched me when i was little and now i have to live with him",
    "moving to canada next week, bye everyone. can't feel my left side and my speech is weird since this morning",
    "ostatni dzień w pracy, żegnam was. w domu czeka na mnie cała paczka tabletek i nikt mnie nie będzie szukał",
    "żegnajcie, przeprowadzam się do wujka. to on mnie dotykał jak byłam mała, a teraz mam z nim mieszkać",
    "wyprowadzam się jutro, ale tylko do auta w garażu. wąż już kupiony. rodzicom powiedziałam że jadę na rozmowę o pracę",
    "уезжаю в другой город, всем пока. хотя какая разница, я всё равно не доживу до поезда, выпила всё что было",
    "уезжаю в командировку, всем пока. голова кружится, одна сторона лица онемела, говорить трудно",
    "останній день на роботі, дякую за все. жити більше не хочу",
    "їду на заробітки, прощавайте. вчора мене побив бригадир, кров з вуха ще йде",
    "zavtra uezzhayu na vakhtu, vsem poka. tabletki uzhe vypil, chas nazad",
]


@pytest.mark.parametrize("text", GOODBYES)
def test_an_ordinary_goodbye_is_calm(text: str) -> None:
    check_calm([text], most="concern")


@pytest.mark.parametrize("text", DEPARTED)
def test_the_classifier_alone_does_not_escalate_a_goodbye_with_a_reason(text: str) -> None:
    a = assess(text)
    assert not a.escalate, a.explain()
    assert a.severity == "concern", a.explain()
    assert DEPARTURE in a.reasons, a.explain()
    assert a.score < DEPARTURE_VETO


@pytest.mark.parametrize("text", CRISES)
def test_a_goodbye_that_hides_a_crisis_escalates(text: str) -> None:
    check_escalates([text])


def test_the_goodbye_explains_only_itself() -> None:
    """The classifier reads what is left of the message without the goodbye and its reason."""
    lex, clf = default_lexicon(), default_classifier()
    need = clf.thresholds.escalate["none"]
    crisis = "останній день на роботі, дякую за все. жити більше не хочу"
    calm = "всім бувайте, їду на заробітки до Чехії на пів року, телефон буде рідко. дякую за все"
    s = normalize(crisis)[0]
    assert clf.score(s) >= need
    assert not _departure(s, assess(crisis), lex, clf, need)
    assert _departure(normalize(calm)[0], assess(calm), lex, clf, need)


def test_a_crisis_in_another_message_of_the_run_is_not_explained() -> None:
    a = assess_conversation(
        [
            "moving house this weekend, wont be on here for a while, bye all",
            "ive saved up all my pills, nobody will look for me there",
        ]
    )
    assert a.escalate, a.explain()
    assert DEPARTURE not in a.reasons, a.explain()


@pytest.mark.parametrize(
    "text",
    [
        "im moving abroad next week, at least thats what i told my mom. bye everyone, thanks for everything",
        "niby jadę na wolontariat za granicę, żegnajcie wszyscy, dzięki za wszystko",
        "все думают что я уезжаю в Германию на работу. прощайте, спасибо за всё",
        "переїжджаю до Польщі назавжди, прощавайте, дякую за все",
        "to moja ostatnia wiadomość, lecę do nieba do mamy, dzięki za wszystko",
        "улетаю на небо к бабушке, всем пока, спасибо за всё",
    ],
)
def test_a_pretext_voids_the_departure(text: str) -> None:
    lex, clf = default_lexicon(), default_classifier()
    assert not _departure(normalize(text)[0], assess(text), lex, clf, 1.0)


def test_every_language_has_departures_and_pretexts() -> None:
    lex = default_lexicon()
    for kind in ("departure", "pretext"):
        langs = {e.language for e in lex.entries if e.kind == kind}
        assert langs == {"en", "pl", "ru", "uk"}, kind
    # read only when the classifier alone would escalate: not among the lexicon's modifiers
    assert not any(e.kind in ("departure", "pretext") for e in lex.modifiers)


@pytest.mark.parametrize(
    "text",
    [
        "we're moving in with my uncle, he's the one who molested me and i have to sleep there",
        "przeprowadzamy się do ojczyma, to on mnie bił, a teraz muszę z nim mieszkać",
        "это он меня трогал, когда я была маленькой, а теперь мне с ним жить",
        "це він мене мацав, коли я була мала, а тепер мені з ним жити",
    ],
)
def test_living_again_with_the_abuser_escalates(text: str) -> None:
    check_escalates([text], rule_prefix="violence.live_with_abuser43")


def test_a_hose_to_the_car_in_the_garage_escalates_and_washing_it_is_calm() -> None:
    check_escalates(
        [
            "im not really moving out, just to the car in the garage. the hose is bought",
            "переезжаю завтра, но только в машину в гараже. шланг уже купил, всем спасибо",
        ],
        rule_prefix="means.exhaust_hose43",
    )
    check_calm(
        [
            "washed the car in the garage with the hose, finally clean after the winter",
            "umyłem auto w garażu wężem, wreszcie czyste po zimie",
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        "stopped taking my meds and eating a week ago, nobody needs me anyway",
        "przestałam brać leki i jeść od tygodnia, i tak nikomu nie jestem potrzebna",
        "перестала пить таблетки и есть, уже неделю, никому я не нужна",
        "перестав приймати ліки і їсти, вже тиждень, нікому я не потрібен",
    ],
)
def test_stopping_the_medication_and_eating_escalates(text: str) -> None:
    check_escalates([text], rule_prefix="self_harm.stopped_meds_food43")


def test_an_ongoing_week_is_no_story_that_is_over() -> None:
    """ "od tygodnia" (for a week, to this day) in the signal's sentence: an outcome later in
    the text ("żona nie żyje od roku") no longer tells it as over."""
    check_escalates(
        [
            "przestalem brac leki i jesc od tygodnia. na emeryturze i tak nikomu nie jestem "
            "potrzebny, zona nie zyje od roku. wypisuje sie z forum, dziekuje za lata rozmow"
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        "moving to poland for work, bye. yesterday i gathered all my pills, nobody will find me at the new place",
        "przeprowadzam się do Polski do pracy, znikam. wczoraj zebrałam wszystkie swoje tabletki, w nowym miejscu nikt mnie nie znajdzie",
        "переезжаю в Польшу на работу, пропадаю. вчера собрала все свои таблетки, на новом месте меня никто не найдёт",
        "перебираюся до Польщі на роботу, пропадаю. вчора зібрала всі свої таблетки, на новому місці мене ніхто не знайде",
    ],
)
def test_all_the_pills_gathered_beside_a_move_escalate(text: str) -> None:
    check_escalates([text], rule_prefix="overdose.gathered43")


# attack 50 (bench/crisis_natural/pending/attack50: 96 crises behind an ordinary goodbye, by a
# helper who saw no code; 86/96 escalated before the round and with it, so the departure calmed
# none of them; 92/96 after these entries)
@pytest.mark.parametrize(
    "text",
    [
        "leaving the group, he reads my phone now. yesterday he held a knife to my throat in front of the baby",
        "wypisuję się z grupy, on czyta mi telefon. wczoraj przystawił mi nóż do gardła przy małym",
        "вчера он приставил мне нож к горлу при ребёнке, поэтому ухожу из чата",
        "вчора він приклав мені ніж до шиї при дитині, тому виходжу з групи",
    ],
)
def test_a_knife_held_to_the_throat_escalates(text: str) -> None:
    check_escalates([text], category="violence", rule_prefix="violence.knife_to_throat43")


def test_held_under_water_escalates() -> None:
    check_escalates(
        [
            "moving in with him next week. last time we fought he held me under the water in the bath",
            "przeprowadzam się do Tomka. jak się pokłóciliśmy, trzymał mnie pod wodą w wannie",
        ],
        rule_prefix="violence.held_under_water43",
    )


def test_shivering_stopped_and_warm_is_hypothermia() -> None:
    check_escalates(
        [
            "lost on the ridge, phone at 2%, soaked through. stopped shivering and it even feels warm now, i just want to lie down",
            "заблукав на Говерлі, телефон 2%. трясти вже перестало і стало навіть тепло, хочу лягти поспати",
        ],
        category="medical",
    )


def test_a_stone_taken_to_the_river_escalates() -> None:
    check_escalates(
        [
            "retired today, thanks all. going to the river on saturday, not to fish. the stone is already in the boot",
            "в суботу поїду на річку, але не рибалити. камінь вже в багажнику. дякую всім",
        ],
        rule_prefix="self_harm.stone_to_water43",
    )
    check_calm(["skimming stones at the lake with my kids this weekend, they loved it"])


def test_a_face_gone_to_one_side_at_a_party_is_a_stroke() -> None:
    check_escalates(
        [
            "провожаем коллегу на пенсию, а у неё вдруг лицо поехало набок, руку не поднимает и говорит непонятно"
        ],
        category="medical",
    )
