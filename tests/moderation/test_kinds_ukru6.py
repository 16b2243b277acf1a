"""Issue 20 item 1, Ukrainian and Russian, sixth round: the kinds the unseen sets still missed.

One test per kind: child abuse told by the child (starved, locked up, burnt with cigarettes,
beaten in slang) or by a witness (bruises put down to a carer), self-harm said plainly
(burning, a blade from a sharpener, a named relapse, "can't stop"), violence expected after a
condition or reported as a threat, an adult demanding nudes, a swallowed battery, a drooping
face; in Cyrillic and in Latin letters. And the harmless texts that use the same words (strict
parents, bruises from sport, kitchen burns, a record beaten, a trip, a last day at work, a
teething baby, time without self-harm, a film's character).

These escalations come from lexicon uk/ru 2025.9 (the model they hold with is main's 2026.5),
so each names the rule that fired. The phrasings were written for this test: they are neither
lines of the training templates (bench/crisis_kinds_ukru6.py) nor lexicon examples.
"""

from __future__ import annotations

import pytest

from moderation import assess
from tests.moderation.kinds import check_calm, check_escalates, check_named


def _escalates(texts: list[str], rule_prefix: str) -> None:
    check_escalates(texts, rule_prefix=rule_prefix)


_named = check_named
_calm = check_calm


def test_child_abuse_told_by_the_child() -> None:
    _escalates(
        [
            "мачуха вже третій день морить мене голодом",
            "вітчим на ніч замикає мене в підвалі",
            "батько тушить цигарки об мою руку коли злий",
            "батя мене пиздить кожного дня",
            "мамин хлопець не дав мені їсти з учора, каже що я заслужила",
            "отчим морит меня голодом уже неделю",
            "мачеха не кормит меня со вчера, говорит что наказание",
            "мать закрывает меня в кладовке в темноте",
            "отец тушит окурки об мою руку",
            "батя меня пиздит каждый вечер",
            "vitchym moryt mene holodom vzhe tyzhden",
            "otchim morit menya golodom uzhe nedelyu",
            "otets tushit sigarety ob menya kogda zloy",
        ],
        "child_abuse",
    )


def test_child_abuse_told_by_a_witness() -> None:
    _escalates(
        [
            "подружка з класу вся в синяках, каже що вітчим бив",
            "у хлопчика з нашого двору синці на руках, зізнався що це батько",
            "у подруги из класса синяки на шее, говорит это отчим",
            "у соседского мальчика побои, признался что папа бил",
        ],
        "child_abuse",
    )


def test_self_harm_said_plainly() -> None:
    _escalates(
        [
            "знову припікаю шкіру запальничкою",
            "вчора пропалила стегно сигаретою",
            "знов вийняла лезо з точилки",
            "снова вынула лезвие из точилки",
            "рецидив самоушкодження, вчора",
            "срыв, опять порезы",
            "не можу перестати ранити себе",
            "не могу перестать калечить себя",
        ],
        "self_harm",
    )
    # named by the lexicon; model 2026.5 (which saw few such uk/ru templates) may veto them
    _named(["опять прижигаю кожу зажигалкой", "вчера прожгла бедро сигаретой"], "self_harm")


def test_violence_expected_or_threatened() -> None:
    _escalates(
        [
            "коли повернеться з бару знову відгамселить",
            "якщо не віддам гроші він знов поб'є",
            "чоловік розмахує ножем і кричить",
            "співмешканець написав що поріже якщо не повернусь",
            "если не отдам деньги он снова побьет",
            "муж размахивает ножом и орет",
            "сожитель написал что порежет если не вернусь",
            "vin napysav shcho porizhe yakshcho ne povernus",
        ],
        "violence",
    )
    _named(["когда придет с работы опять отметелит"], "violence")


def test_an_adult_demanding_nudes() -> None:
    _escalates(
        [
            "тренер просить мене скинути нюдси",
            "начальник вимагає інтимні фото",
            "тренер просит меня скинуть нюдсы",
            "начальник требует интимные фото",
        ],
        "sexual_violence",
    )


def test_medical_emergency_in_chat_words() -> None:
    _escalates(
        [
            "мій син проковтнув батарейку від пульта",
            "мой сын проглотил батарейку от пульта",
            "у дідуся раптом опустився куточок рота",
            "у дедушки вдруг опустился уголок рта",
        ],
        "medical",
    )
    _named(
        ["у брата анафілактичний шок після ліків", "у брата анафилактический шок после лекарства"],
        "medical",
    )


def test_the_same_words_said_harmlessly() -> None:
    _calm(
        [
            "мама не дає мені їсти солодке після восьмої",
            "синці після хокею, батько каже лід прикласти",
            "припекла палець об праску, болить",
            "б'юся головою об стіну з цим дипломом",
            "якщо знов поб'є рекорд, буде рекордсменом світу",
            "мене не буде тиждень, я у відрядженні",
            "прощавайте колеги, сьогодні мій останній день у компанії",
            "сусідський малюк кричить, зубки ріжуться",
            "вже рік не ріжусь і дуже пишаюсь",
            "в серіалі героїня наковталась таблеток, я ридала",
            "порізав палець коли різав хліб",
            "мама не дает мне есть сладкое после восьми",
            "прижгла палец об утюг, болит",
            "бьюсь головой об стену с этим дипломом",
            "если опять побьет рекорд, станет рекордсменом мира",
            "меня не будет неделю, я в командировке",
            "прощайте коллеги, сегодня мой последний день в компании",
            "соседский малыш кричит, зубки режутся",
            "уже год не режусь и очень горжусь",
            "в сериале героиня наглоталась таблеток, я рыдала",
            "порезал палец когда резал хлеб",
            "купила батарейки для іграшки сина",
            "що робити при анафілактичному шоку, питаю для курсу першої допомоги",
        ]
    )


def test_a_past_attempt_is_the_past_and_its_renewal_is_current() -> None:
    past = [
        "торік я стрибнула з мосту, тепер маю роботу і сім'ю",
        "в прошлом году я прыгнула с моста, теперь у меня работа и семья",
    ]
    _calm(past)
    assert all(any(m.status == "past" for m in assess(t).matches) for t in past)
    _named(
        [
            "торік я стрибнула з мосту, а тепер знову хочу",
            "в прошлом году я прыгнула с моста, а теперь опять хочу",
        ],
        "self_harm",
    )
    assert not any(
        m.status == "past"
        for t in (
            "торік я стрибнула з мосту, а тепер знову хочу",
            "в прошлом году я прыгнула с моста, а теперь опять хочу",
        )
        for m in assess(t).matches
    )


def test_swallowing_the_medicine_cabinet_or_pills_to_die() -> None:
    _escalates(
        [
            "щойно випила все що було в аптечці",
            "ковтнула жменю таблеток аби вмерти",
            "только что выпила все из аптечки",
            "наглоталась колес чтоб сдохнуть",
        ],
        "overdose",
    )
    _calm(["випила всю пляшку води після тренування"])


def test_a_death_threat_on_leaving_him() -> None:
    _escalates(
        [
            "колишній пише що приб'є якщо заявлю",
            "сожитель грозится что убьет если уйду",
            "он пишет что зарежет если позвоню в полицию",
        ],
        "violence",
    )
    # model 2026.6 vetoes it (0.12; 2026.5 let it through)
    _named(["він грозиться що вб'є якщо втечу до мами"], "violence")
    _calm(
        [
            "мама пише що вб'є якщо знову прийду пізно лол",
            "мама сказала что убьет если опять опоздаю лол",
        ]
    )


@pytest.mark.xfail(
    strict=True,
    reason="model 2026.10 (the natural corpus weighted 10 in the fit) escalates these two (a parent and a locked door: read as a child locked in); "
    "a known regression of that model, fixed when a model lets them pass",
)
def test_a_father_locking_the_door_at_night_stays_calm() -> None:
    _calm(["тато замикає двері на ключ на ніч", "папа запирает дверь на ключ на ночь"])
