"""Round 46: plans put together across a visitor's messages, and context in an earlier message.

* Pills counted, "enough" of them, a number left or a whole pack of someone else's (or of
  sleeping pills, benzodiazepines, insulin), and being alone for a while — parents or a
  roommate away for the weekend, home alone — in a message or across messages
  (`*.self_harm.means_alone46`, `final`: attack 60's "mam w szufladzie tabletki po mamie,
  tramal" … "policzyłam, jest ich dość" … "rodzice wyjechali na weekend" … "dobra nieważne"
  and attack 52's "у меня дома целая упаковка" … "мамины, от давления" … "все уезжают на
  дачу" were read 0.00 and 0.004). A whole pack of paracetamol and a free flat for a film
  night, or a party, is none.
* Telling everyone that one loves them, beside things given away or a height
  (`*.self_harm.farewell_love46`, `final`: "gave my guitar to my little bro today" …
  "texted everyone that i love them" … "theres a bridge near my work", 0.08).
* Context in an earlier message (detect._calmed_by): a shorter run's lexicon escalation
  whose signals the whole window no longer reads as active ones only lacked that context
  ("moving to Canada next week!!" … "said bye to everyone at work today": the last messages
  alone are a plan with a time, all of them a trip). Not for Russian or Ukrainian in Latin
  letters, whose Cyrillic reading may differ from run to run.

Black-box attack 60 (bench/crisis_natural/pending/attack60, 128 conversations by a helper who
saw no code, measured before it was read): 61/64 crises and 7/64 look-alikes escalated before
the round. The texts below are written for this test.
"""

from __future__ import annotations

from bench.crisis_corpus import RUN_SEP
from moderation import assess, assess_conversation
from moderation.detect import CALMED_BY_CONTEXT
from tests.moderation.kinds import check_escalates, check_lexicon_calm

MEANS_ALONE_RUNS = [
    [
        "hey",
        "my mums sleeping pills are in the bathroom cabinet",
        "i counted them last night, there's enough",
        "shes away till sunday",
        "anyway dont worry about me",
    ],
    [
        "cześć",
        "znalazłam xanax po bracie, zostało 25",
        "starzy wyjechali na weekend",
        "nieważne, sorry że zawracam głowę",
    ],
    [
        "привет",
        "бабушкины таблетки от сердца лежат в шкафу, целая упаковка",
        "я одна дома на выходные",
        "ладно, проехали",
    ],
    [
        "привіт",
        "порахувала мамині снодійні, вистачить",
        "батьки поїхали на вихідні",
        "все ок, не переживайте",
    ],
]

MEANS_ALONE_CALM_RUNS = [
    [
        "got the flu, ugh",
        "luckily theres a whole pack of paracetamol at home",
        "parents are away for the weekend so netflix all day",
    ],
    [
        "rodzice wyjechali na weekend",
        "robimy imprezę, kupiłam całe opakowanie balonów",
        "ktoś zna dobry przepis na poncz?",
    ],
    [
        "в аптеке купила целую пачку витамина д",
        "муж уехал на выходные к родителям",
        "буду сериалы смотреть 😊",
    ],
]

FAREWELL_LOVE_RUNS = [
    [
        "gave away my records to my cousin",
        "texted everyone that i love them",
        "whatever, im fine",
    ],
    [
        "rozdałam ubrania koleżankom",
        "napisałem wszystkim że ich kocham",
        "no nic",
    ],
    [
        "раздала все свои книги",
        "написала всем что люблю их",
        "ну вот и всё",
    ],
    [
        "написала всім що люблю їх",
        "тут є міст біля роботи, я ходжу повз нього щодня",
        "не зважайте",
    ],
]

FAREWELL_LOVE_CALM = [
    "texted everyone that i love them lol wine is strong tonight",
    "napisałam wszystkim że ich kocham, wigilia zawsze mnie rozkleja",
]

TRIP_IN_AN_EARLIER_MESSAGE = [
    [
        "flying to Norway for a new job on monday!!",
        "gave away my plants and my desk",
        "said goodbye to everyone at the office today, cried a bit",
        "i wont be online much, no wifi there yet",
    ],
    [
        "we're translating a film for class",
        'one character says "i took all my pills tonight"',
        "how would you say that naturally in polish?",
    ],
]


def _escalates_by(messages: list[str], rule_suffix: str) -> None:
    """The run escalates, and the lexicon names the rule in the messages read together (the
    escalation may report a run the classifier rates higher)."""
    a = assess_conversation(messages)
    assert a.escalate, a.explain()
    together = assess(RUN_SEP.join(messages))
    assert any(m.rule.endswith(rule_suffix) for m in together.matches), together.explain()


def test_pills_counted_and_being_alone_across_messages_escalate():
    for run in MEANS_ALONE_RUNS:
        _escalates_by(run, ".self_harm.means_alone46")


def test_pills_and_being_alone_in_one_message_escalate():
    check_escalates(
        [
            "counted my mums sleeping pills, there are enough. parents are away for the weekend",
            "policzyłam tabletki, wystarczy. jestem sama w domu do niedzieli",
        ],
        rule_prefix="self_harm.means_alone46",
    )


def test_a_whole_pack_for_a_fever_or_a_party_while_alone_is_no_plan():
    for run in MEANS_ALONE_CALM_RUNS:
        a = assess_conversation(run)
        assert not a.escalate, a.explain()
        assert not any(m.rule.endswith("means_alone46") for m in a.matches), a.explain()


def test_telling_everyone_you_love_them_with_things_given_away_escalates():
    for run in FAREWELL_LOVE_RUNS:
        _escalates_by(run, ".self_harm.farewell_love46")


def test_telling_everyone_you_love_them_alone_is_no_lexicon_plan():
    check_lexicon_calm(FAREWELL_LOVE_CALM)


def test_an_earlier_message_that_names_a_trip_or_a_quotation_calms_the_later_ones():
    for run in TRIP_IN_AN_EARLIER_MESSAGE:
        a = assess_conversation(run)
        assert not a.escalate, a.explain()


def test_without_the_earlier_message_the_same_goodbye_escalates():
    """The context rule calms only what the earlier message explains: the same messages without
    it still escalate, and so does a crisis said after a trip."""
    a = assess_conversation(TRIP_IN_AN_EARLIER_MESSAGE[0][1:])
    assert a.escalate, a.explain()
    a = assess_conversation(
        [
            "flying to Norway for a new job on monday!!",
            "said goodbye to everyone at the office today",
            "honestly i dont want to live anymore, i have the pills ready tonight",
        ]
    )
    assert a.escalate, a.explain()


# ---- second part: attack 62 (ru/uk conversations) and the pending rounds' recovery stories

PAST_HARM_OVER = [
    "kiedyś piłam do nieprzytomności i budziłam się na izbie wytrzeźwień. dziś trzy lata trzeźwa i biegam maratony",
    "тогда резалась почти каждый день. сейчас мне 30, давно себя не трогаю, хожу в футболках",
    "в универе резался, сейчас давно не режусь, спрашиваю про лазер для шрамов",
    "тоді різалась майже щодня. зараз мені 29, давно себе не чіпаю",
]

PAST_HARM_RENEWED = [
    "kiedyś piłem do nieprzytomności i dziś znowu wypiłem butelkę, kolega nie może mnie dobudzić",
    "раньше резалась, сейчас сижу с лезвием в ванной",
    "раніше різалась, три роки чиста. сьогодні взяла бритву і хочу глибше",
    "давно не режусь, но сегодня опять порезалась и кровь не останавливается",
]

WANT_TO_CUT = [
    "опять хочется порезаться, лезвие в пенале",
    "снова тянет порезаться, лезвие лежит рядом",
    "знов хочеться порізатися, лезо в пеналі ношу",
    "мені кортить порізати себе",
]

NO_LONGER_WANT_TO_CUT = [
    "уже не хочется резаться, год чистая",
    "вже не хочеться різатися, допомогла терапія",
]

DEBT_BONDAGE = [
    "паспорта у нас забрали, говорят мы должны за жильё, вчера парня избили когда хотел уйти",
    "документи забрали, кажуть ми винні за житло, нікого не випускають",
]

OWN_PASSPORT = [
    "забрала паспорт из паспортного стола, должна ещё за пошлину 200 руб",
    "забрали документи з ЦНАПу, все готово",
]

FOLLOWER_TURNED_OUT_HARMLESS = [
    [
        "ktoś idzie za mną od przystanku",
        "a to kolega z pracy, też tu mieszka 😅",
        "ale się wystraszyłam",
    ],
    [
        "парень шёл за мной от метро",
        "я испугалась",
        "оказалось это мой одногруппник, хотел поздороваться",
    ],
    ["хтось ішов за мною від зупинки", "виявилося це мій сусід з п'ятого поверху", "посміялися"],
    [
        "a guy was following me from the station",
        "turned out it was my old classmate who wanted to say hi",
    ],
]

FOLLOWER_DANGEROUS = [
    ["какой-то мужик идёт за мной от метро", "оказалось это мой бывший, он угрожал меня убить"],
    ["someone is following me right now", "its my ex, he said he would hurt me if he found me"],
]

HYPERBOLE = [
    "no wifi since morning, im going to jump out the window out of boredom. reading a paper book like a caveman",
    "neta nie ma od rana, zaraz się rzucę pod pociąg z nudów. czytam książkę, papierową",
    "если ещё раз придёт письмо «срочно к утру», выпрыгну в окно, хорошо что офис на первом этаже",
    "esli eshche raz pridet pismo srochno k utru ya vyprygnu v okno, horosho chto ofis na pervom etazhe",
    "якщо Динамо знову програє, зістрибну з балкона, на щастя живу на другому поверсі",
    "если ещё раз услышу эту песню на корпоративе, отравлюсь салатом с крабовыми палочками",
    "заказчик мне весь мозг изнасиловал, седьмая правка логотипа",
    "halloween costume is done, fake knife through the head and fake blood everywhere",
    "kostium gotowy, sztuczna krew na całej koszuli i nóż z plastiku",
    "zjadłem wczoraj za dużo bigosu babci, brzuch jak bęben",
]

HYPERBOLE_CRISES = [
    "jestem na peronie i zaraz się rzucę pod pociąg",
    "я на балконе девятого этажа и сейчас спрыгну",
    "there is real blood everywhere, he cut his wrist and it wont stop",
    "отравлюсь таблетками сегодня, все уже решила",
]


def test_a_past_harm_told_as_over_is_no_escalation():
    check_lexicon_calm(PAST_HARM_OVER)


def test_a_past_harm_renewed_now_escalates():
    check_escalates(PAST_HARM_RENEWED)


def test_wanting_to_cut_oneself_escalates_in_russian_and_ukrainian():
    check_escalates(WANT_TO_CUT, "self_harm", "self_harm.cut_want46")
    a = assess_conversation(
        ["znov hochetsya porizatysya", "lezo v penali noshu", "ta nichogo strashnogo"]
    )
    assert a.escalate, a.explain()


def test_no_longer_wanting_to_cut_is_no_escalation():
    check_lexicon_calm(NO_LONGER_WANT_TO_CUT)


def test_documents_taken_with_a_debt_for_housing_or_a_beating_escalate():
    check_escalates(DEBT_BONDAGE, rule_prefix="danger.documents")


def test_picking_up_one_s_own_passport_is_none():
    check_lexicon_calm(OWN_PASSPORT)


def test_a_follower_who_turned_out_harmless_is_no_escalation():
    for run in FOLLOWER_TURNED_OUT_HARMLESS:
        a = assess_conversation(run)
        assert not a.escalate or "lexicon" not in a.detected_by, a.explain()
        together = assess(RUN_SEP.join(run))
        assert not together.escalate or "lexicon" not in together.detected_by, together.explain()


def test_a_follower_who_is_an_ex_with_threats_escalates():
    for run in FOLLOWER_DANGEROUS:
        a = assess_conversation(run)
        assert a.escalate, a.explain()


def test_hyperbole_by_boredom_a_low_floor_food_props_or_a_brain_is_no_lexicon_escalation():
    check_lexicon_calm(HYPERBOLE)


def test_the_same_words_said_in_earnest_escalate():
    check_escalates(HYPERBOLE_CRISES)


def test_means_at_hand_and_a_wish_that_everything_would_stop_escalate():
    _escalates_by(
        [
            "третю ніч не сплю",
            "снодійні в тумбочці, ціла пачка",
            "мені просто треба щоб все нарешті замовкло",
            "все ок, не переймайтесь",
        ],
        ".self_harm.means_alone46",
    )
    check_escalates(
        ["counted my sleeping pills, there are enough. i just need everything to finally go quiet"],
        rule_prefix="self_harm.means_alone46",
    )


def test_the_wish_alone_said_of_noise_is_none():
    check_lexicon_calm(
        [
            "сусіди знов свердлять з самого ранку, мені просто треба щоб все нарешті замовкло",
            "the builders next door start at 7, i just need everything to finally go quiet",
        ]
    )


# ---- third part: attack 63 (long goodbyes)


def test_going_through_with_it_tonight_and_a_height_that_will_be_quick_escalate():
    check_escalates(
        [
            "therapy didnt work, meds didnt work. tonight im going through with it. thank you all",
            "the bridge near my flat is high enough, it will be quick. love you mum",
            "мам, прости. общага высокая, все будет быстро",
            "ja wiem że to głupie, ale akademik jest wysoki, wszystko będzie szybko. kocham was",
            "гуртожиток високий, все буде швидко. пробач, мамо",
        ],
        "self_harm",
    )


def test_a_surgery_gone_through_or_a_quick_repair_of_a_high_roof_is_none():
    check_lexicon_calm(
        [
            "going through with the surgery tomorrow morning, wish me luck",
            "the roof is high, but the repair will be quick",
            "крыша высокая, но ремонт будет быстро, обещали за день",
        ]
    )


# ---- fourth part: attack 64 (both sides of the round's rules)


def test_love_to_all_said_other_ways_with_a_bridge_or_things_given_away_escalates():
    for run in (
        ["мам, пап, я вас очень люблю", "я стою на мосту, ветер сильный", "простите"],
        [
            "love you all so much, i mean it",
            "giving my ps5 to my cousin tomorrow",
            "sorry for everything",
        ],
    ):
        a = assess_conversation(run)
        assert a.escalate, a.explain()


def test_no_longer_wanting_to_cut_in_polish_is_no_escalation():
    check_lexicon_calm(["pytasz czy dalej mam te myśli? już nie chce mi się ciąć, terapia działa"])


def test_a_brain_raped_by_edits_and_goodbye_before_bed_are_no_escalation():
    check_lexicon_calm(
        [
            "klient dziś zgwałcił mi mózg tymi poprawkami, piąta wersja banera",
            "this client raped my brain with the revisions again",
            "smotreli vchera Titanik, vse proshchaite poshla spat",
            "всё, прощайте, пошла спать, завтра рано вставать",
            "ok goodbye everyone, off to bed, early shift tomorrow",
        ]
    )


def test_a_past_wish_to_cut_is_no_current_one():
    check_lexicon_calm(["раніше хотілося порізатися майже щодня, а зараз вже не хочеться"])


def test_a_last_message_that_the_earlier_ones_explain_is_no_crisis():
    """The last message alone escalates by the lexicon (a phrase translated for subtitles); the
    earlier messages say it is a quotation: read with them it is none (CALMED_BY_CONTEXT)."""
    run = [
        "перекладаю субтитри для курсу",
        "там фраза «he overdosed in the bathroom»",
        "як краще: «помер від передозування у ванній» чи «передознувся у ванній»?",
    ]
    assert assess(run[-1]).escalate
    a = assess_conversation(run)
    assert not a.escalate, a.explain()
    assert CALMED_BY_CONTEXT in a.reasons, a.explain()
    # a crisis of the writer's own after the same context still escalates
    a = assess_conversation([*run[:2], "i took all my pills an hour ago and cant feel my hands"])
    assert a.escalate, a.explain()
