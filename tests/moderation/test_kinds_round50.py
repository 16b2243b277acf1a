"""Round 50: an everyday question after hyperbole, goodbyes with more ordinary reasons, being
lost outdoors, and a follower who turned out to be harmless.

* **An everyday question after every crisis phrase** (lexicon kind "asking", `*.asking50`;
  the reason `detect.ASKED`): "… im going to hang myself from the clothes rail lol. anyone
  know if ikea does assembly cheap?" One moves on so after hyperbole, so the classifier
  overrules the escalation below RETRACT_VETO, as after a joke taken back. Only a sentence
  that ends in a question mark asks ("кто знает." asks nothing). A question for help or about
  the danger itself ("anyone know the number for a shelter?", "ktoś wie ile trzeba czekać?")
  is earnest (`*.earnest.asked_help50`) and keeps the escalation.
* **Goodbyes with more ordinary reasons** (`detect._departure`): a care home, prison, rehab,
  conscription and basic training, going back home, a hobby's forum left after selling the
  car, phones handed in, and "thanks to the lads for everything" with words between
  (`*.departure.thanks50`, `*.goodbye.thanks50`). Russian and Ukrainian in Latin letters
  with an emoji are read in Cyrillic for it too (`detect._with_readings`). A railway
  crossing, an embankment or a note left is a pretext: no departure counts then.
* **Lost outdoors with two hazards** (`*.medical.lost_outdoors50`): cold, dark, fog, an
  injury; the signal also keeps a dying battery and a "thanks for everything" from
  explaining it away as an ordinary goodbye.
* **The follower who turned out to be someone from work, or wanted to return a wallet**
  (`*.outcome.turned_out50`): the fear is told as a story.

Black-box attacks 83-88 (bench/crisis_natural/pending/attack83-88), measured before they
were read; attack 88 (192 long jokes and goodbyes in four languages): 64/64 crises and 44/128
look-alikes escalated before the round, 64/64 and 34/128 after. The goodbyes below are attack
88's own texts (they exercise the classifier-alone path, 0.85-0.96); the rest are written for
this test.
"""

from __future__ import annotations

import pytest

from moderation import assess, assess_conversation
from moderation.detect import ASKED, DEPARTURE, STORY
from moderation.lexicon import default_lexicon
from tests.moderation.kinds import check_calm, check_escalates, check_reason

# hyperbole, then an everyday question (the classifier reads them 0.01-0.14)
ASKED_CALM = [
    "4 hours on an ikea wardrobe and there are 6 screws left over and one door opens into the "
    "wall. im going to hang myself from the clothes rail lol. anyone know if ikea does "
    "assembly cheap?",
    "jutro kolokwium z anatomii a ja nic nie umiem, chyba się powieszę xd ktoś wie gdzie są "
    "dobre notatki z kości?",
    "пойду повешусь, завтра экзамен по матану, а я только открыла конспект 😭 кто знает "
    "нормальные видосы по рядам на ютубе?",
    'керівник о 17:58 в п\'ятницю: "є хвилинка на дзвінок?". НІ, в мене маршрутка о 18:15. ще '
    "раз так зробить — піду повішусь на шнурку від перепустки. хтось знає, чи можуть "
    "штрафувати, якщо не відповідаєш у вайбері після роботи?",
]

# a question for help or about the danger itself: earnest, escalated
HELP_KEPT = [
    "he said when he gets back tonight he will kill me, he has done it before and the kids are "
    "asleep. does anyone know the number for a womens shelter?",
    "wziąłem 30 tabletek nasennych godzinę temu, chyba za dużo. ktoś wie ile trzeba czekać?",
    "муж сказал что убьет меня когда вернется, он уже ломал мне руку. кто-нибудь знает номер "
    "кризисного центра?",
    "вітчим сказав що вб'є мене коли повернеться, він вже бив мене ременем. хтось знає номер "
    "куди дзвонити дітям?",
]


@pytest.mark.parametrize("text", ASKED_CALM)
def test_an_everyday_question_after_hyperbole_lets_the_classifier_overrule(text: str) -> None:
    check_reason([text], ASKED, escalates=False)


@pytest.mark.parametrize("text", HELP_KEPT)
def test_a_question_for_help_or_about_the_danger_is_earnest(text: str) -> None:
    check_escalates([text])
    a = assess(text)
    assert ASKED not in a.reasons


def test_only_a_question_asks() -> None:
    # "who knows." is rhetorical, and a question before the crisis phrase moves on from nothing
    for text in (
        "пойду повешусь сегодня, все решено. кто знает.",
        "anyone know if ikea does assembly cheap? anyway im going to hang myself tonight",
    ):
        a = assess(text)
        assert a.escalate, a.explain()
        assert ASKED not in a.reasons


def test_a_question_the_classifier_reads_as_a_crisis_keeps_the_escalation() -> None:
    # the question only lowers the veto to RETRACT_VETO: a model sure of the crisis keeps it
    a = assess(
        'szef o 16:55 w piątek: "masz chwilkę?". nie mam, mam pociąg o 17:20. jak mi to '
        "jeszcze raz zrobi to się powieszę na smyczy od identyfikatora. ktoś wie czy w kodeksie "
        "pracy jest coś o nadgodzinach bez zgody?"
    )
    assert ASKED in a.reasons
    assert a.escalate
    assert a.score >= 0.5


# attack 88's goodbyes that the classifier alone escalated (0.85-0.96)
GOODBYES = [
    # att88-pl-020
    "za tydzien wyjezdzamy z mezem do irlandii na stale, maz ma tam juz prace od pol roku. rozdajemy meble, wozek po corce i mnostwo ksiazek, kto chce niech pisze. bede tesknic za tym osiedlem i za wami, dziewczyny. na grupie juz raczej mnie nie bedzie, trzymajcie sie cieplo",
    # att88-pl-027
    "w poniedzialek sie stawiam do zakladu odsiedziec 10 miesiecy za jazde po pijaku. zasluzylem, nie ma co plakac. dzieki za wszystkie wiadomosci i ze nikt mnie tu nie skreslil. jak ktos chce pisac listy to adres da wam moja mama",
    # att88-en-031
    "this is grandad tom typing, my granddaughter set me up. I am moving into the care home on tuesday, a nice one with a garden. I won't have the computer there so goodbye to the allotment forum. Thank you all for the tomato advice over the years",
    # att88-ru-020
    "в четверг улетаем в Аргентину, билет в одну сторону!! муж уже там, я с детьми догоняю. буду ужасно скучать. раздаю цветы, мультиварку и кучу книг, пишите в личку до среды. какое-то время меня не будет слышно, пока разберусь с симкой и жильем. обнимаю всех",
    # att88-ru-024
    "в понедельник ухожу служить по призыву. это последнее сообщение на какое-то время, телефоны сдаем в первый же день. мама на вокзале точно расплачется. берегите себя, пацаны, буду писать письма как дед 😄",
    # att88-ru-032
    "vse, poslednyaya smena na stroike v Moskve zakryta. edu domoi v Tashkent nasovsem, otkryvaem s bratom svoyu chaihanu. spasibo rebyatam s brigady za vse eti gody. esli ne otvechayu — zanyat plovom 😄 priezzhaite v gosti, nakormlyu besplatno, adres skinu v lichku",
    # att88-uk-019
    "ну що, це мій останній пост на форумі власників Ланосів. сиджу тут з 2013, ви мені три рази рятували двигун і один раз психіку. продав машину, купив нормальну, тепер мені тут робити нічого. бережіть себе і свої карбюратори 🚗 і не продавайте Ланоси таксистам",
    # att88-uk-021
    "у п'ятницю їду в центр під Житомиром лікуватися від ігроманії, сам записався, сам і поїду. телефон там віддають на 6 тижнів, тож не чекайте відповіді. дружина вперше за рік усміхнулась. дякую вам, що не дали мені остаточно зав'язнути. повернусь іншою людиною, обіцяю",
    # att88-uk-024
    "v ponedilok idu na bazovu zagalnoviyskovu pidgotovku. ce ostannye povidomlennya na yakyis chas, telefony zdayemo. mama na vokzali tochno rozplachetsya. beregit sebe, pyshit meni inodi, ya vidpovim yak zmozhu 💪",
]


@pytest.mark.parametrize("text", GOODBYES)
def test_a_goodbye_with_an_ordinary_reason_is_no_crisis(text: str) -> None:
    # the classifier alone reads it as a crisis; the departure explains it
    assert assess(text).score >= 0.8
    check_reason([text], DEPARTURE, escalates=False)


# a goodbye beside a railway crossing, a note left, or being lost in the cold stays a crisis
GOODBYES_KEPT = [
    "не вступила нікуди. о 23:40 через наш переїзд іде товарняк, я вже сиджу на насипу. мамі "
    "лишила записку. дякую цьому чату за все, ви найкращі",
    "piszę bo może to ostatnia wiadomość. zgubiłem szlak w Tatrach, mgła, ciemno, skręcona "
    "kostka, zimno jak cholera. bateria 5%. dzięki chłopaki za wszystko",
    "lost the trail on the ridge, fog came down, its dark and i twisted my ankle, freezing. "
    "battery 4%. thanks for everything guys",
]


@pytest.mark.parametrize("text", GOODBYES_KEPT)
def test_a_goodbye_at_a_crossing_or_lost_in_the_cold_stays_a_crisis(text: str) -> None:
    check_escalates([text])
    assert DEPARTURE not in assess(text).reasons


LOST = [
    ("en", "lost the trail on the ridge, fog came down, its dark and i twisted my ankle"),
    ("pl", "zgubiliśmy szlak w Bieszczadach, ciemno, śnieg i mgła, nie czuję palców"),
    ("ru", "заблудился в лесу за дачами, уже темно, подвернул ногу, очень холодно"),
    ("uk", "заблукала в горах, темніє, підвернула ногу, дуже холодно, телефон сідає"),
]


@pytest.mark.parametrize(("lang", "text"), LOST)
def test_lost_outdoors_with_two_hazards_is_a_medical_emergency(lang: str, text: str) -> None:
    check_escalates([text], rule_prefix="medical.lost_outdoors50")


def test_lost_outdoors_years_ago_is_a_story() -> None:
    check_calm(
        [
            "three years ago we got lost on the ridge, fog came down, dark and freezing. mountain "
            "rescue found us at 2am and we were fine, now i always pack a head torch",
            "dwa lata temu zgubiliśmy szlak w Tatrach, mgła, ciemno i zimno, ale TOPR nas znalazł "
            "i wszystko skończyło się dobrze",
        ]
    )


def test_lost_with_one_hazard_or_in_a_shop_is_no_signal() -> None:
    for text in ("got lost on the way home, it was dark lol", "заблудилась в торговом центре"):
        assert not any(m.rule.endswith("lost_outdoors50") for m in assess(text).matches)


TURNED_OUT = [
    "jakiś typ szedł za mną od przystanku, przyspieszyłam a on też. okazało się że to ktoś z "
    "pracy, chciał mi tylko oddać portfel",
    "some guy was following me from the station, i sped up and so did he. turned out it was "
    "tom from work, he just wanted to give me back my wallet",
    "какой-то мужик шел за мной от остановки, я ускорилась и он тоже. оказалось это сосед из "
    "нашего подъезда, хотел просто отдать перчатку",
    "якийсь чоловік ішов за мною від зупинки, я пришвидшилась і він теж. виявилося це хлопець "
    "з роботи, хотів просто повернути мені гаманець",
]


def test_a_follower_from_work_is_told_as_a_story() -> None:
    check_reason(TURNED_OUT, STORY)


def test_a_follower_from_work_in_a_conversation_is_calm() -> None:
    check_calm(TURNED_OUT[:1])
    a = assess_conversation(
        [
            "jakis typ idzie za mna od stacji",
            "przyspieszylam a on tez",
            "okazalo sie ze to bartek z pracy, zgubilam portfel a on chcial oddac",
            "prawie zawalu dostalam haha",
        ]
    )
    assert not a.escalate, a.explain()


def test_round_50_entries_are_in_every_language() -> None:
    lex = default_lexicon()
    ids = {e.id for e in (*lex.entries, *lex.modifiers, *lex.departures, *lex.goodbyes)}
    for lang in ("en", "pl", "ru", "uk"):
        for name in (
            "asking50",
            "earnest.asked_help50",
            "departure.thanks50",
            "goodbye.thanks50",
            "medical.lost_outdoors50",
            "outcome.turned_out50",
        ):
            assert f"{lang}.{name}" in ids


# Round 50, second part: attack 89 (160 lines on the round's five rules, both ways)

# a crisis with a question after it that the question must not calm
PREPARED = [
    "ok im doing it tonight, rope is already on the hook in the garage lol. anyway anyone know "
    "if ikea does assembly cheap? mum will need a new wardrobe i guess",
    "веревка уже на крюке в гараже, сегодня ночью. кто знает, икея собирает шкафы недорого?",
    "мотузка вже на гаку в гаражі, сьогодні вночі. хтось знає, чи ікея збирає шафи недорого?",
]


@pytest.mark.parametrize("text", PREPARED)
def test_a_rope_already_on_the_hook_is_final_whatever_question_follows(text: str) -> None:
    check_escalates([text], rule_prefix="self_harm.rope_hook50")


def test_a_gun_beside_a_goodbye_voids_its_ordinary_reason() -> None:
    text = (
        "в понеділок їду на БЗВП, тож прощаюсь. але я вирішив не чекати, батьків пістолет уже в "
        "мене, сиджу з ним у гаражі. дякую всім за все"
    )
    check_escalates([text])
    assert DEPARTURE not in assess(text).reasons


TRAIN_TIME = [
    "sitting on the embankment by the old crossing. next freight comes through around 11. just "
    "wanted to say bye to someone",
    "siedzę na nasypie przy starym przejeździe, towarowy jedzie koło 23. chciałam się z kimś "
    "pożegnać",
    "сижу на насыпи у старого переезда, товарняк идет где-то в 23. просто хотела с кем-то "
    "попрощаться",
    "sydzhu na nasypu bilya staroho pereizdu, tovarnyak ide des' o 23. prosto hotila z kymos' "
    "poproshchatysya",
]


@pytest.mark.parametrize("text", TRAIN_TIME)
def test_sitting_at_the_tracks_with_a_trains_time_and_a_goodbye_is_a_plan(text: str) -> None:
    check_escalates([text], rule_prefix="self_harm.train_time50")


def test_a_survival_game_is_fiction_and_a_shelter_on_its_map_asks_no_help() -> None:
    check_calm(
        [
            "граю в нову виживалку, заблукав у заметіль, темно, персонаж замерзає 😅 хто знає де "
            "перший притулок на мапі?",
            "playing a new survival game, lost in a blizzard, dark, my character is freezing lol",
        ]
    )
