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

Two more in the same session: a death wish said bare, with at most two words around the
phrase, which the classifier's veto no longer overrules (detect.VETO_CONTEXT_WORDS), and a room
sealed with something burning in it (`*.self_harm.sealed_room29`).

A mechanic in the garage, a runner out of breath and mushrooms taken for a trip or dried on
the balcony are not these kinds. The phrasings were
written for this test: they are neither corpus lines, probe lines nor lexicon examples.
"""

from __future__ import annotations

from moderation import assess, assess_conversation
from tests.moderation.kinds import check_calm, check_escalates, check_lexicon_calm, check_named

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


# A death wish said bare, with at most two words around the phrase: model 2026.12 reads these
# 0.00-0.07 (short text, and jokes of the same words taught it that), and its veto of "high"
# (0.097) overruled the lexicon: "i just want to die" was rated concern and not escalated.
BARE_DEATH_WISHES = [
    "i just want to die",
    "honestly i wish i were dead",
    "tbh better off dead",
    "lepiej by było gdybym umarł",
    "лучше бы я сдохла",
    "краще б мене взагалі не було",
    "краще б я здохла",
]


def test_a_bare_death_wish_is_never_overruled_by_the_classifier() -> None:
    check_escalates(BARE_DEATH_WISHES, "self_harm")
    for text in BARE_DEATH_WISHES:
        assert "lexicon" in assess(text).detected_by, text


def test_a_death_wish_with_a_joke_around_it_is_still_overruled() -> None:
    texts = [
        "the season finale made me want to die, who else cried at the end",
        "po tym meczu chce umrzec, trzy bramki w 10 minut, co za obrona",
        "после этой пары по матану хочу умереть, препод опять валил всех подряд",
    ]
    check_calm(texts)
    for text in texts:
        a = assess(text)
        assert any(m.rule.endswith(("want_die", "nie_chce_zyc")) for m in a.matches), text


# A room sealed with something burning in it (lexicon en/ru/uk 2025.30, pl 2025.29): the
# natural corpus' "ja zakleil ventiljaciju skotchem" ... "gazovyj obogrevatel" ... "lozhus spat"
# was missed, the model reading a gas heater behind taped vents 0.03 (so the entry is final).
SEALED_ROOM = [
    "stuffed towels under the door and taped the vent, the charcoal grill is going in the bedroom",
    "zatkałam szpary pod drzwiami, zakleiłam wywietrznik, koksownik już się pali",
    "заткнул щели под дверью, буржуйку растопил, окна закрыты",
    "заклеїла вентиляцію, мангал з вугіллям поставила у ванній",
]


def test_a_sealed_room_with_something_burning_in_it_is_a_means() -> None:
    check_escalates(SEALED_ROOM, "self_harm", "self_harm.sealed_room29")
    a = assess_conversation(
        ["taped over the air vents in the bathroom", "the gas heater is on", "lying down now"]
    )
    assert a.escalate


def test_sealing_windows_for_winter_or_a_garden_grill_is_no_means() -> None:
    check_lexicon_calm(
        [
            "we taped the windows for winter, is the boiler safe to leave on?",
            "zakleiłam okna na zimę, piecyk gazowy działa bez zarzutu",
            "разжёг мангал на даче, шашлык через час",
            "розпалив гриль у дворі, приходьте",
        ]
    )


def test_what_a_black_box_attack_on_these_kinds_found() -> None:
    """pending/attack29/ (a helper who saw no code, 95 crises and 96 look-alikes of the kinds
    above): a closed garage and a started car told across messages, a tent with a grill lit
    in it said place first, gaps stuffed ("позатикала") behind a gas heater, and mushrooms
    with vomiting that the model read 0.03 (the entry is final since) were missed."""
    conversations = [
        ["shut the garage door behind me", "started the engine", "sitting here now"],
        ["zamknęłam bramę garażu", "odpaliłam auto", "siedzę i czekam"],
        ["закрыла гараж", "завела машину", "лежу на заднем сиденье"],
        ["зачинила ворота гаража", "двигун працює", "все добре"],
        ["позатикав усі щілини в кухні", "газова плита увімкнена", "лягаю"],
    ]
    for messages in conversations:
        a = assess_conversation(messages)
        assert a.escalate, messages
        assert any("exhaust" in m.rule or "sealed_room" in m.rule for m in a.matches), messages
    check_escalates(
        [
            "w sypialni postawiłam grill z węglem i zamknęłam okna",
            "поели с братом грибов из леса, сутки понос и рвота, встать не могу",
            # "wish i could just disappear forever" was missed: a death wish said as vanishing
            "honestly i wish i could vanish for good",
        ]
    )
    check_lexicon_calm(["i want to disappear for the weekend, no phone, just the lake"])


def test_mushrooms_that_are_yellow_in_a_game_are_no_poisoning() -> None:
    check_lexicon_calm(
        [
            "which mushrooms in the game give you stamina, the yellow ones?",
            "nazbierałam kurek, takie żółte i piękne, przepis na sos?",
        ]
    )


# Children alone for days with no food (lexicon en 2025.33, ru/uk 2025.32, pl 2025.31): the
# natural corpus' "мне 11 мама уехала в пятницу" ... "еда закончилась" was caught by the
# classifier alone; the lexicon had no phrase for neglect that is an emergency now.
ALONE_NO_FOOD = [
    "me and my little sister have been on our own for three days and theres nothing to eat",
    "od trzech dni jesteśmy sami z bratem, nie mamy już jedzenia",
    "малые вторые сутки одни дома, голодные, мать не берёт трубку",
    "сусідські діти вже третій день самі, голодні, плачуть",
]


def test_children_alone_for_days_without_food_is_an_emergency() -> None:
    check_escalates(ALONE_NO_FOOD, "child_abuse", "child_abuse.alone_no_food29")


def test_alone_for_an_hour_or_adults_with_food_is_no_neglect() -> None:
    check_lexicon_calm(
        [
            "the kids were home alone for an hour and ate every biscuit in the house",
            "dwa dni sama w górach, jedzenia mam na tydzień",
            "два дня один на рыбалке, еды полно",
            "три дні сам на дачі, їжі вистачає",
        ]
    )


# Two kinds from the natural corpus' missed conversations (lexicon en 2025.34, ru/uk 2025.33,
# pl 2025.32): charcoal or a grill in a closed room (a question of method too), and resting
# from everything forever, a farewell said as rest.
def test_charcoal_in_a_closed_room_and_resting_forever_escalate() -> None:
    check_escalates(
        [
            "how long does a bbq in a shut bedroom take, asking for tonight",
            "postawię grilla w zamkniętym pokoju jak wszyscy wyjadą",
            "мангал в закрытой машине, говорят, это тихо",
            "гриль у зачиненій кімнаті, і все",
        ],
        "self_harm",
        "self_harm.sealed_room29",
    )
    check_escalates(
        [
            "soon i can rest from it all for good",
            "jeszcze tylko list do mamy i odpocznę od tego wszystkiego na dobre",
            "скоро отдохну от всего насовсем",
            "скоро відпочину від усього назавжди",
        ],
        "self_harm",
        "self_harm.rest_forever29",
    )


def test_a_holiday_or_retirement_rest_is_no_farewell() -> None:
    check_lexicon_calm(
        [
            "two weeks in greece, resting from everything for a while",
            "odpocznę od pracy na zawsze, jutro emerytura!",
            "в отпуске отдохну от всего на две недели",
            "відпочину від роботи назавжди, завтра пенсія!",
        ]
    )
