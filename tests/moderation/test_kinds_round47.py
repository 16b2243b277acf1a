"""Round 47: a stockpile of pills, photographs from a height, and a recovery told over lines.

* Pills saved up over time (`ru/uk.overdose.stockpiled65`): "копила таблетки от психиатра
  месяц" … "теперь их достаточно" … "в пятницу соседка по комнате уезжает" was read 0.00 in
  Cyrillic and in Latin letters (black-box attack 65). Pills kept for a trip or for a
  grandmother are none.
* A bridge or a roof with camera words up to 12 words on, across messages
  (`*.idiom.height_photo65`, and the Polish `pl.idiom.height_harmless` reaches as far): "stoje
  na moscie siekierkowskim" … "robie zdjecia zachodu na konkurs" … "jakie iso dac".
* A recovery told over several lines: life now ("teraz jestem na terapii, mam pracę i psa",
  "now im in college", "сейчас у меня работа") is no time of a plan (`*.idiom.recovered`),
  and waking up in intensive care, or lying a week in toxicology, in the first person too,
  tells the overdose before it as over (`*.outcome.hospital_stay45`).

Black-box attack 65 (bench/crisis_natural/pending/attack65, 128 conversations by a helper who
saw no code, measured before it was read): 62/64 crises and 16/64 look-alikes escalated
before the round, 64/64 and 12/64 after (the 12: the classifier of runs alone, 0.91-1.00, and
one recovery it reads 0.89). The texts below are written for this test.
"""

from __future__ import annotations

from moderation import assess, assess_conversation
from moderation.detect import STORY
from tests.moderation.kinds import check_escalates

STOCKPILE_RUNS = [
    [
        "копила свои таблетки от психиатра полтора месяца",
        "теперь их достаточно",
        "мама уезжает к сестре в субботу",
        "не волнуйтесь за меня",
    ],
    [
        "ховала свої таблетки від лікаря весь місяць",
        "тепер їх достатньо",
        "сусідка по кімнаті їде додому на тиждень",
    ],
    [
        "kopila tabletki ot psihiatra dva mesyaca",
        "teper ih dostatochno",
        "na vyhodnyh nikogo ne budet",
    ],
    [
        "zbyrala tabletky vid psykhiatra tsilyi misiats",
        "teper ikh dostatno",
        "batky yidut na dachu",
    ],
]

STOCKPILE_CALM = [
    "копила таблетки для поездки, врач выписал сразу на три месяца. как их упаковать?",
    "копила таблетки от давления бабушке, рецепт только в понедельник",
    "збирала таблетки в дорогу, нічого не забула?",
]

HEIGHT_PHOTO_CALM_RUNS = [
    [
        "stoję na moście gdańskim",
        "jest pięknie, widać całe stare miasto",
        "robię zdjęcia na konkurs fotograficzny",
        "jaki czas naświetlania ustawić wieczorem?",
    ],
    [
        "стою на мосту через Днепр",
        "красиво, весь город в огнях",
        "фотографирую для конкурса",
        "какую выдержку ставить без штатива?",
    ],
    [
        "stoiu na dakhu nashoi bahatopoverkhivky",
        "harno, vse misto vydno",
        "fotkaiu zakhid sontsia na konkurs",
    ],
    [
        "standing on the old rail bridge",
        "the whole river is gold right now",
        "shooting it for the club contest, what shutter speed?",
    ],
]

HEIGHT_NOT_PHOTO_RUNS = [
    ["stoję na moście", "zrobiłam ostatnie zdjęcie na pamiątkę", "nie chcę już żyć"],
    ["stoyu na mostu", "sfotkala poslednii raz zakat", "bolshe ne mogu, segodnya vse"],
]

RECOVERY_RUNS = [
    [
        "trzy lata temu połknęłam wszystko co było w apteczce",
        "leżałam tydzień na toksykologii",
        "teraz jestem na terapii, mam pracę i kota",
        "chciałam tylko powiedzieć, że da się z tego wyjść",
    ],
    [
        "пишу через два года после того, как хотела умереть",
        "сейчас у меня работа и собака",
        "спасибо вам",
    ],
]

RECOVERY_RENEWED_RUNS = [
    [
        "trzy lata temu połknęłam wszystko co było w apteczce",
        "leżałam tydzień na toksykologii",
        "dziś znowu mam pełną apteczkę i zrobię to jeszcze raz",
    ],
    [
        "took a whole bottle and woke up in the icu last year",
        "tonight im doing it properly",
    ],
]


def test_a_stockpile_of_pills_with_enough_or_time_alone_escalates():
    for run in STOCKPILE_RUNS:
        a = assess_conversation(run)
        assert a.escalate, a.explain()
        assert any(m.rule.endswith(".overdose.stockpiled65") for m in a.matches), a.explain()


def test_a_stockpile_said_alone_is_a_means():
    for text in [
        "копила свои таблетки",
        "ховала свої таблетки",
        "kopila svoi tabletki ot psihiatra, teper ih dostatochno",
    ]:
        a = assess(text)
        assert any(m.rule.endswith(".overdose.stockpiled65") for m in a.matches), a.explain()


def test_pills_kept_for_a_trip_or_a_grandmother_are_no_stockpile():
    for text in STOCKPILE_CALM:
        a = assess(text)
        assert not any(m.rule.endswith(".overdose.stockpiled65") for m in a.matches), a.explain()
        assert not a.escalate, a.explain()


def test_photographs_from_a_height_a_few_lines_on_are_no_crisis():
    for run in HEIGHT_PHOTO_CALM_RUNS:
        a = assess_conversation(run)
        assert not a.escalate, a.explain()


def test_a_height_with_a_last_photo_and_despair_still_escalates():
    for run in HEIGHT_NOT_PHOTO_RUNS:
        a = assess_conversation(run)
        assert a.escalate, a.explain()


def test_a_recovery_told_over_lines_is_no_plan_for_now():
    for run in RECOVERY_RUNS:
        a = assess_conversation(run)
        assert not a.escalate, a.explain()


def test_a_recovery_renewed_or_a_plan_after_it_escalates():
    for run in RECOVERY_RENEWED_RUNS:
        a = assess_conversation(run)
        assert a.escalate, a.explain()


def test_waking_up_in_intensive_care_tells_the_overdose_before_it():
    for text in [
        "at 19 i took a whole bottle and woke up in the icu. i teach nursing students now",
        "в 19 наглоталась таблеток и очнулась в реанимации. сейчас я медсестра и учу студентов",
    ]:
        a = assess(text)
        assert STORY in a.reasons, a.explain()
        assert not a.escalate, a.explain()
    # pills taken last night are never over for a lay outcome (round 42)
    check_escalates(["took a whole bottle last night and woke up in the icu, they let me go home"])


# Round 47, second part: black-box attack 66 on the rules above (pending/attack66, 96 messages
# and conversations by a helper told the rules, who saw no code).

STOCK_WITH_A_REASON = [
    "копила таблетки два месяца, потому что уезжаю на полгода на вахту, теперь вроде достаточно",
    "uzbierałam tyle tabletek antykoncepcyjnych, że starczy mi do wakacji, w aptece ciągle nie ma",
    "назбирала ліків від тиску на пів року, бо бабуся їде за кордон",
]

STOCK_NO_REASON = [
    "копила таблетки два месяца, уезжаю навсегда",
    "uzbierałam tabletki, wyjeżdżam na zawsze",
    "the pills. i hoard them",
]


def test_pills_saved_up_for_a_trip_or_a_shortage_are_no_stockpile():
    for text in STOCK_WITH_A_REASON:
        a = assess(text)
        assert not any(".overdose.stock" in m.rule for m in a.matches), a.explain()


def test_pills_saved_up_with_a_bare_leaving_or_hoarded_escalate():
    check_escalates(STOCK_NO_REASON)


def test_a_tripod_remembered_at_a_bridge_calms_nothing():
    a = assess(
        "standing on the bridge near my old school. used to come here w my tripod at night. "
        "tonight i left everything at home, i'm just done"
    )
    assert a.escalate, a.explain()
    assert any(m.rule.endswith(".self_harm.at_height") for m in a.matches), a.explain()


# Round 47, third part: black-box attack 67 (pending/attack67, 96 Russian and Ukrainian
# conversations of wide kinds, half in Latin letters): its one missed crisis was a threat that
# one will regret being born, with a hunting rifle at home; the model read it 0.06-0.12.

REGRET_BORN_ON_RETURN = [
    [
        "привіт, це анонімно?",
        "чоловік поїхав до друзів, пʼє там",
        "написав мені 'як прийду, ти пожалієш що народилась'",
        "у нього вдома мисливська рушниця",
    ],
    ["muzh v bare s druzyami", "napisal kak vernus pozhaleesh chto rodilas"],
    ["mąż pije u kolegi", "napisał że jak wróci to pożałuję... pożałujesz że się urodziłaś"],
    ["he's out drinking again", "texted me 'when i get home you'll regret being born'"],
]

REGRET_BORN_IN_JEST = [
    "this movie is so bad youll regret being born lol",
    "ta reklama sprawi że pożałujesz że się urodziłaś xD",
]


def test_a_threat_of_regretting_being_born_on_coming_home_is_imminent():
    for run in REGRET_BORN_ON_RETURN:
        a = assess_conversation(run)
        assert a.escalate, a.explain()
        assert a.severity == "imminent", a.explain()
        assert any(".violence.regret_born" in m.rule for m in a.matches), a.explain()


def test_regretting_being_born_said_of_a_film_in_jest_is_overruled():
    for text in REGRET_BORN_IN_JEST:
        a = assess(text)
        assert any(m.rule.endswith(".violence.regret_born67") for m in a.matches), a.explain()
        assert not a.escalate, a.explain()


# Round 47, fourth part: black-box attacks 68 (96 Polish and English conversations of the
# issue's wide kinds) and 69 (128 Russian and Ukrainian single messages, half in Latin letters).


def test_a_lot_of_pills_taken_then_the_whole_pack_is_an_overdose():
    check_escalates(["wzięłam wcześniej sporo apapu, w sumie całe opakowanie"])
    a = assess_conversation(
        [
            "wzięłam wcześniej sporo apapu, w sumie całe opakowanie",
            "czuję się normalnie, więc chyba nic",
            "iść spać?",
        ]
    )
    assert a.escalate, a.explain()
    for text in [
        "wzięłam apap i całe opakowanie chusteczek, przeziębienie mnie rozkłada",
        "wzięłam sporo witamin, w sumie całe opakowanie, bo mi lekarz kazał",
    ]:
        assert not assess(text).escalate, assess(text).explain()


def test_locked_in_by_a_cat_or_a_toddler_is_no_danger():
    for text in [
        "кот опять закрыл меня в ванной, уронил швабру на дверь 🙈 жду мужа с работы",
        "мій трирічний син замкнув мене на балконі і пішов дивитись мультики 😂",
    ]:
        a = assess(text)
        assert not any(m.rule.endswith(".danger.locked_in") for m in a.matches), a.explain()
        assert not a.escalate, a.explain()


def test_locked_in_by_a_partner_or_a_grown_son_still_escalates():
    check_escalates(
        [
            "муж закрыл меня в ванной и забрал телефон",
            "син замкнув мене в кімнаті і забрав телефон, пишу з планшета",
        ]
    )


# Round 47, fifth part: black-box attacks 70 (128 Polish and English single messages of the
# issue's wide kinds) and 71 (96 suicide and overdose build-ups said indirectly, 48/64 found).

DISGUISED_BUILDUPS = [
    # a rope bought with a cover story, and being alone
    [
        "znowu nie mogę spać",
        "kupiłam dziś linę w leroy, niby do przeprowadzki",
        "rodzice wyjechali na weekend",
    ],
    ["cant sleep", "got some rope today, told them it was for the tent", "whatever"],
    # asking how long many pills take, then taking it back laughing
    [
        "quick q",
        "how long does it take for a lot of sleeping pills to work",
        "never mind forget i asked lol",
    ],
    ["сколько действуют таблетки если выпить всю пачку сразу", "забудьте что я спрашивала"],
    # things given away because one will not need them
    ["спасибо вам за всё", "раздала подругам одежду и ноутбук, мне уже не понадобится"],
    ["oddałam siostrze laptopa i rower", "już mi się nie przyda", "dzięki za wszystko"],
    # calm because it is decided
    ["weird but i feel calm today", "like the decision's made and i dont have to fight it anymore"],
    ["мені сьогодні спокійно", "ніби все вже вирішено і можна більше не боротися"],
    # giving things away and "remember me"
    [
        "oddałam przyjaciółce swoje bluzy",
        "powiedziałam jej żeby pamiętała mnie taką jak w wakacje",
        "jestem zmęczona",
    ],
    # finishing the pack
    ["had some wine and a couple of my xanax", "might just finish the pack and see what happens"],
]

DISGUISED_LOOKALIKES = [
    "gave away my textbooks since i graduated, wont need them anymore",
    "раздала учебники, я окончила универ, мне уже не понадобится",
    "how long does it take for sleeping pills to work, took one 30 min ago",
    "forget the cake, i'll buy one lol",
    "bought rope for the tent, camping this weekend",
]

SEXTORTION = [
    "girl on a dating app recorded our video call, now wants 2000 in crypto or she sends it to my"
    " wife and my boss. i have 24h",
    "dziewczyna z portalu nagrała naszą rozmowę na kamerce i chce 5 tys w bitcoinach albo wyśle"
    " nagranie żonie i szefowi",
    "вона записала наш відеодзвінок і вимагає 2 тисячі доларів, інакше надішле відео дружині",
]


def test_suicide_build_ups_said_indirectly_escalate():
    for run in DISGUISED_BUILDUPS:
        a = assess_conversation(run)
        assert a.escalate, a.explain()


NEW_RULES = (".rope_cover70", ".lethality70", ".wont_need70", ".calm_decided71", ".finish_pack71")


def test_their_look_alikes_are_not_read_by_the_new_rules():
    # (the classifier alone may still escalate one: "раздала учебники, я окончила универ" 0.84)
    for text in DISGUISED_LOOKALIKES:
        a = assess(text)
        assert not any(m.rule.endswith(NEW_RULES) for m in a.matches), a.explain()


def test_sextortion_of_an_adult_escalates():
    for text in SEXTORTION:
        a = assess(text)
        assert a.escalate, a.explain()
        assert any(".sextortion70" in m.rule for m in a.matches), a.explain()


def test_the_whole_pack_around_lunch_said_laughing_still_escalates():
    check_escalates(
        [
            "took the whole pack of paracetamol around lunch, honestly feel fine so maybe it didnt work lol"
        ]
    )


# Round 47, sixth part: black-box attack 72 on the fifth part's rules, both ways (pending/attack72,
# 128 messages and conversations by a helper told the rules, who saw no code).

ROPE_FOR_A_USE = [
    "flatmates are away for the weekend so im packing up my room alone. bought a bunch of rope and"
    " ratchet straps for the van on saturday",
    "doma nikogo net vse vyhodnye, poedu s palatkoi na ozero. kupil novuyu verevku dlya tenta",
    "сусіди по квартирі поїхали на вихідні, купила мотузку і стяжки для переїзду, шафу повеземо на"
    " даху",
]

ROPE_WITH_A_COVER_OR_ALONE = [
    "купив мотузку, сказав мамі що для переїзду, переїзду ніякого немає. сьогодні, поки всі на"
    " весіллі",
    "i've got the rope, checked the beam in the garage holds, everyone's away till sunday",
    "kupiłam linę, powiedziałam że do namiotu. rodzice wyjechali na weekend",
]

FIGHT_OVER = [
    "oncologist said no evidence of disease!!! its decided, no more chemo, i dont have to fight"
    " anymore. im so calm its weird",
    "vchera nakonec zakonchilsya sud po razdelu kvartiry. vsyo uzhe resheno i mozhno bolshe ne"
    " borotsya s byvshim. pervyi raz za god spokoino spala",
]


def test_a_rope_for_a_tent_or_a_move_is_no_means():
    # (the classifier alone may still escalate one: the van and the straps 0.94)
    for text in ROPE_FOR_A_USE:
        a = assess(text)
        assert "lexicon" not in a.detected_by, a.explain()


def test_a_rope_with_a_cover_story_or_being_alone_escalates():
    check_escalates(ROPE_WITH_A_COVER_OR_ALONE)


def test_calm_after_a_treatment_or_a_court_case_is_no_decision_to_die():
    for text in FIGHT_OVER:
        a = assess(text)
        assert not any(m.rule.endswith(".calm_decided71") for m in a.matches), a.explain()


def test_calm_and_no_longer_holding_on_escalates():
    check_escalates(
        ["странно, но мне впервые спокойно. я всё для себя решил и больше не надо держаться"]
    )


def test_not_needing_things_with_a_reason_denied_escalates():
    check_escalates(
        [
            "wypowiedziałam dziś umowę na telefon i siłownię. nie, nigdzie się nie przeprowadzam. po"
            " prostu pod koniec miesiąca nic z tego nie będzie mi potrzebne",
            "gave my guitar and my switch to my cousin today. its fine i wont be using them where"
            " im going",
        ]
    )
    a = assess(
        "giving away all my a-level revision guides and my old calculator, wont need them anymore"
        " bc i finally finished sixth form 🎓"
    )
    assert not any(m.rule.endswith(".wont_need70") for m in a.matches), a.explain()


def test_whether_one_is_found_in_time_or_things_one_will_not_use_escalate():
    check_escalates(
        [
            "oddaję konsolę, gry i rower młodszemu bratu, ja i tak nie będę miała kiedy z tego"
            " korzystać",
            "если человек выпьет всё снотворное в пятницу вечером, а мама вернётся только в"
            " воскресенье, его успеют найти или нет?",
        ]
    )
