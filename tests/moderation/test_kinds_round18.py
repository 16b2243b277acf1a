"""Issue 20 item 1, all four languages: two kinds that only the classifier caught, so a retrain
could lose them (model 2026.14, measured on 2026-12-05 and not shipped, scored the development
set's "сижу в машине в гараже ... двигатель работает уже минут десять" 0.08 and "wzialem dzis
troche wiecej niz zwykle ... ciezko mi zlapac oddech" 0.30); each is named by a phrase now
(lexicon en/ru/uk 2025.28, pl 2025.27, and for the mushrooms en/ru/uk 2025.29, pl 2025.28;
eleventh session):

* sitting in a car in a garage with the engine running, "closed" unsaid (`*.means.exhaust`;
  en `en.self_harm.garage8` widened to "engine's been running");
* having taken more than usual, or too much, and now breathing hard, in one message or across
  a visitor's messages (`*.overdose.more_than_usual29`);
* wild mushrooms eaten, then vomiting, diarrhoea, belly pain or yellowing, hours later and
  often across messages (`*.medical.wild_mushrooms29`: a death cap's poisoning feels like a
  stomach bug before the liver fails; probe 26's "na grzybach" … "od rana oboje rzygamy",
  which model 2026.14 read as 0.17, and 32 crises of the natural corpus that the classifier
  alone caught).

A mechanic in the garage, a runner out of breath and mushrooms taken for a trip or dried on
the balcony are not these kinds. The phrasings were
written for this test: they are neither corpus lines, probe lines nor lexicon examples.
"""

from __future__ import annotations

from moderation import assess_conversation
from tests.moderation.kinds import check_escalates, check_lexicon_calm, check_named

GARAGE = [
    "im in the car in my garage, engine has been running a while now, door is down",
    "siedzę w samochodzie w garażu, silnik pracuje, nikt nie wie że tu jestem",
    "сижу в тачке в гараже, мотор тарахтит, ворота закрыты",
    "сиджу в машині в гаражі вже пів години, двигун працює",
]

MORE_THAN_USUAL = [
    "i had way more than i usually do, breathing is getting slow and weird",
    "przyjęłam dziś za dużo tabletek i nie mogę złapać tchu",
    "закинул больше чем обычно, теперь не могу вдохнуть нормально",
    "випила забагато таблеток, тепер ледве можу дихати",
]


def test_sitting_in_a_car_in_a_garage_with_the_engine_running_is_a_means() -> None:
    check_escalates(GARAGE, "self_harm")
    check_named(GARAGE[1:], "means.exhaust")
    # English names it by garage8
    check_named(GARAGE[:1], "self_harm.garage8")


def test_a_mechanic_in_the_garage_is_no_means() -> None:
    check_lexicon_calm(
        [
            "siedzę w garażu i naprawiam silnik, chodzi nierówno",
            "сижу в гараже, двигатель работает ровно после ремонта, завтра продаю",
            "сиджу в гаражі з батьком, двигун працює, лагодимо карбюратор",
            "dad is in the garage, the engine is running fine since the new plugs",
        ]
    )


def test_more_than_usual_then_hard_to_breathe_is_an_overdose() -> None:
    check_escalates(MORE_THAN_USUAL, "overdose", "overdose.more_than_usual29")


def test_more_than_usual_then_hard_to_breathe_across_messages() -> None:
    runs = [
        ["took more than usual tonight", "about an hour ago", "now its really hard to breathe"],
        ["wzięłam dziś więcej niż zwykle", "jakoś godzinę temu", "ciężko mi oddychać"],
        ["принял больше обычного", "час назад где-то", "тяжело дышать и всё плывёт"],
        ["прийняв більше ніж зазвичай", "десь годину тому", "важко дихати"],
    ]
    for messages in runs:
        a = assess_conversation(messages)
        assert a.escalate, messages
        rules = [m.rule for m in a.matches]
        assert any(r.endswith("overdose.more_than_usual29") for r in rules), (messages, rules)


def test_a_runner_out_of_breath_is_no_overdose() -> None:
    check_lexicon_calm(
        [
            "przebiegłem dziś więcej niż zwykle, ledwo oddycham",
            "пробежал больше чем обычно, еле дышу",
            "пробіг більше ніж зазвичай, ледве дихаю",
            "ran more than usual today and im so out of breath haha",
        ]
    )


MUSHROOMS = [
    "we picked mushrooms by the lake on sunday, since this morning my dad keeps vomiting and his eyes look yellow",
    "teściowa zrobiła sos z grzybów, które sama nazbierała, od nocy wszyscy mamy biegunkę",
    "бабушка нажарила грибов с дачи, теперь у деда сильная рвота и боль в животе",
    "ми з'їли гриби, що зібрали біля озера, тепер у мене пронос і крутить живіт",
]


def test_wild_mushrooms_then_vomiting_or_yellowing_is_a_medical_emergency() -> None:
    check_escalates(MUSHROOMS, "medical", "medical.wild_mushrooms29")
    runs = [
        ["byliśmy wczoraj na grzybach", "zrobiłam z nich zupę", "od rana wymiotujemy oboje"],
        ["собрали грибы у реки", "пожарили на ужин", "сейчас муж пожелтел и его рвёт"],
    ]
    for messages in runs:
        a = assess_conversation(messages)
        assert a.escalate, messages


def test_mushrooms_for_a_trip_or_on_the_balcony_are_no_emergency() -> None:
    check_lexicon_calm(
        [
            "first time trying mushrooms at a festival, how many grams is chill",
            "suszymy grzyby na balkonie, pachnie cała klatka",
            "хотим попробовать грибы первый раз, какие дозы безопасны?",
            "на балконі сушимо гриби, сусіди дивуються",
        ]
    )
