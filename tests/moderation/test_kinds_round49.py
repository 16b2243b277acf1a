"""Round 49: long goodbyes explained by their reason, and crises said in a joke's tone.

* **A goodbye's formulas, explained by its reason** (lexicon kind "goodbye", `*.goodbye49`;
  `detect._departure`): "this is my last post here, flying to melbourne on sunday … thank
  you for everything … you won't hear from me for a while" was rated a crisis by the
  classifier alone (0.86-0.94), because a departure explained only the words within its 25
  and the classifier read the formulas after them. Now every goodbye formula in a line a
  departure matches in is blanked with it; what is left must still score below the
  threshold, and a pretext ("it's for good") or a lexicon signal still keeps the crisis.
* **A place chosen** (`*.self_harm.which_place49`: "i already know which cliff"), **a car
  driven without a seatbelt towards a tree** (`*.self_harm.crash_tree49`, final), **a dose
  and one's own blue lips or slow breathing** (`*.overdose.dose_signs49`, final) and
  **"tonight i'll do it, everything is ready"** (`*.self_harm.tonight_ready49`): black-box
  attacks 76 and 77 (bench/crisis_natural/pending/attack76-77) missed them, 0.05-0.88.

Attack 76 (120 long Polish and English messages by a helper who saw no code): 39/40 crises
and 19/80 look-alikes escalated before the round, 40/40 and 17/80 after. Attack 77 (120 long
Russian and Ukrainian ones, half in Latin letters): 36/40 and 18/80 before, 39/40 and 16/80
after. The texts below are written for this test.
"""

from __future__ import annotations

import pytest

from moderation import assess, assess_conversation
from moderation.classifier import default_classifier
from moderation.detect import DEPARTURE, EARNEST, RETRACTED, STORY
from moderation.lexicon import default_lexicon
from tests.moderation.kinds import check_calm, check_escalates

# a departure, then goodbye formulas beyond its 25 words that the classifier alone escalated
FAREWELLS = [
    "hey everyone, this is my last post here, flying to brisbane on friday, working holiday "
    "visa sorted. you all helped me so much when i was sleeping in my car last year, thank you "
    "for everything. i'll be picking fruit with no signal so you won't hear from me for a while",
    "всем привет, это мой последний пост здесь. во вторник уезжаю в Чехию по рабочей визе, "
    "буду на заводе в Пльзене, мастер уже ждёт. форум очень помог, когда я искала информацию "
    "про документы и страховку, без вас бы полгода разбиралась. спасибо вам за всё. номер "
    "поменяю, так что здесь меня больше не услышите, удачи всем и ровных дорог!",
    "no to czas się pożegnać, jutro ruszam na camino, pięć tygodni bez neta, tak sobie "
    "obiecałem. kwiatki u sąsiadki, pies u brata, mieszkanie wynajęte na ten czas. nie "
    "piszcie, bo i tak nie odpiszę xd wrócę z tysiącem zdjęć",
    "всім привіт, це мій останній пост тут. у четвер їду до Польщі по робочій візі, буду на "
    "складі під Вроцлавом. дякую вам за все, ви дуже допомогли з документами. номер поміняю, "
    "тож тут мене більше не почуєте, не сумуйте без мене",
]

# the same goodbyes with a crisis beside them stay escalated
FAREWELLS_KEPT = [
    "thank you for everything. gave my cat to my sister 'for a job abroad', it's for good. "
    "two prescriptions of pills saved, the flat is empty on friday. you won't hear from me again",
    "спасибо вам за всё. уезжаю в Чехию по рабочей визе, так всем сказала. на самом деле "
    "таблетки собраны, здесь меня больше не услышите",
]


def _rules(text: str) -> set[str]:
    return {m.rule for m in assess(text).matches}


@pytest.mark.parametrize("text", FAREWELLS)
def test_a_goodbyes_formulas_are_explained_by_its_reason(text: str) -> None:
    a = assess(text)
    # the classifier alone rates it a crisis (model 2026.12: 0.95-0.98)
    assert a.score >= default_classifier().thresholds.high, a.score
    assert not a.escalate, a.explain()
    assert DEPARTURE in a.reasons


@pytest.mark.parametrize("text", FAREWELLS_KEPT)
def test_a_goodbye_with_a_pretext_or_means_stays_a_crisis(text: str) -> None:
    check_escalates([text])


def test_goodbye_entries_are_read_only_along_with_a_departure() -> None:
    lex = default_lexicon()
    assert {e.id for e in lex.goodbyes} == {
        f"{x}.{y}" for x in ("en", "pl", "ru", "uk") for y in ("goodbye49", "goodbye.thanks50")
    }
    # no goodbye formula is a modifier of the lexicon's own reading
    assert not any(e.kind == "goodbye" for e in lex.modifiers)
    # formulas alone explain nothing: "thanks for everything, you won't hear from me again"
    # with no reason for going quiet is not calmed by them
    a = assess("thank you for everything. you won't hear from me again. tonight i end it")
    assert a.escalate
    assert DEPARTURE not in a.reasons


# (rule, crisis, look-alike)
SIGNALS = [
    (
        "en.self_harm.which_place49",
        "one way ticket to the coast tomorrow and i already know which cliff. thanks for everything",
        "i know which cliff has the best view for photos",
    ),
    (
        "pl.self_harm.which_place49",
        "bilet w jedną stronę nad morze, już wiem z którego klifu. dziękuję wam",
        "wiem z którego klifu jest najładniejszy widok",
    ),
    (
        "ru.self_harm.which_place49",
        "билет в один конец к морю, я уже знаю с какого обрыва. спасибо вам",
        "знаю с какого обрыва лучший вид на закат",
    ),
    (
        "uk.self_harm.which_place49",
        "квиток в один кінець до моря, я вже знаю з якого обриву. дякую вам",
        "знаю з якого обриву найкращий вид на захід сонця",
    ),
    (
        "en.self_harm.crash_tree49",
        "lol doing 170 on the motorway with no seatbelt, looking for a nice tree 😂 dont call",
        "looking for a nice tree for christmas, drove the kids to the farm",
    ),
    (
        "pl.self_harm.crash_tree49",
        "xD jadę 170 autostradą bez pasów, szukam ładnego drzewa, nie dzwońcie",
        "szukam ładnego drzewa na święta, pojechaliśmy z dziećmi na plantację",
    ),
    (
        "ru.self_harm.crash_tree49",
        "лол еду по трассе 170 без ремня, ищу красивое дерево 😂 не звоните",
        "ищу красивое дерево на новый год, поехали с детьми на ёлочный базар",
    ),
    (
        "uk.self_harm.crash_tree49",
        "лол їду трасою 170 без паска, шукаю гарне дерево 😂 не дзвоніть",
        "шукаю гарне дерево на новий рік, поїхали з дітьми на ялинковий базар",
    ),
    (
        "en.overdose.dose_signs49",
        "lol shot up two bags, pretty sure its fent, my lips are blue xD breathing slow, nodding off",
        "my lips are blue from the cold lake, swimming was brutal",
    ),
    (
        "pl.overdose.dose_signs49",
        "wstrzyknąłem dwie działki, chyba z fentem, ziomki się śmieją że jestem siny xD oddycham rzadko",
        "mam sine usta po kąpieli w jeziorze, woda lodowata",
    ),
    (
        "ru.overdose.dose_signs49",
        "лол вмазался двумя дозами, походу там фент, друзья ржут что я синий xD дышу редко",
        "губы синие после купания в озере, вода ледяная",
    ),
    (
        "uk.overdose.dose_signs49",
        "лол вмазався двома дозами, здається там фент, друзі ржуть що я синій xD дихаю рідко",
        "губи сині після купання в озері, вода крижана",
    ),
    (
        "en.self_harm.tonight_ready49",
        "normal day, coffee with a friend. but tonight ill do it, everything is ready in the bathroom",
        "i will do it tomorrow, everything is ready for the party",
    ),
    (
        "pl.self_harm.tonight_ready49",
        "zwykły dzień, kawa z koleżanką. ale dziś w nocy zrobię to, w łazience wszystko gotowe",
        "zrobię to jutro, na imprezę wszystko gotowe",
    ),
    (
        "ru.self_harm.tonight_ready49",
        "обычный день, кофе с подругой. а сегодня ночью сделаю это, в ванной все готово",
        "сделаю это завтра, к празднику всё готово",
    ),
    (
        "uk.self_harm.tonight_ready49",
        "звичайний день, кава з подругою. а сьогодні вночі зроблю це, у ванній все готово",
        "зроблю це завтра, до свята все готово",
    ),
    # round 49, fourth part (attack 82: Russian and Ukrainian in Latin letters with emoji)
    (
        "en.medical.fall_legs49",
        "lol i fell off the ladder and i cant feel my legs, nobody home",
        "i fell asleep on the sofa and my leg went numb",
    ),
    (
        "pl.medical.fall_legs49",
        "spadłam ze schodów i nie czuję nóg, jestem sama w domu xD",
        "zasnęłam na kanapie i zdrętwiała mi noga",
    ),
    (
        "ru.medical.fall_legs49",
        "ahah smeshno no ya upala s lestnicy i ne chuvstvuyu nog, lezhu odna 😂💀",
        "уснула на диване, отлежала ногу, не чувствую ноги ахах",
    ),
    (
        "uk.medical.fall_legs49",
        "впала зі сходів і не відчуваю ніг, лежу сама вдома 🥲",
        "заснула на дивані, відлежала ногу",
    ),
]


@pytest.mark.parametrize(("rule", "crisis", "calm"), SIGNALS, ids=[s[0] for s in SIGNALS])
def test_round49_signal_escalates_and_its_look_alike_does_not(
    rule: str, crisis: str, calm: str
) -> None:
    a = assess(crisis)
    assert a.escalate, a.explain()
    assert rule in _rules(crisis), a.explain()
    # the look-alike is not this rule's (whatever else reads it: cold lips score 0.96 alone)
    assert rule not in _rules(calm)


@pytest.mark.parametrize(
    "text",
    [
        "lol vmazalsya dvumya dozami, pohodu tam fent, druzya rzhut chto ja sinij xD dyshu redko",
        "a doma ponyala, segodnya nochyu sdelayu eto, v vannoj vse gotovo. pogovorite so mnoj",
    ],
)
def test_round49_signals_in_latin_letters(text: str) -> None:
    check_escalates([text])


def test_a_past_overdose_told_with_its_outcome_stays_calm() -> None:
    # "посинел" (turned blue, of someone else, told as a story) is no sign of one's own
    a = assess("прошлой зимой друг вмазался и посинел, я вколола налоксон, он выжил")
    assert not a.escalate, a.explain()


# (text, escalates, the reason it carries): "jokes aside" after every crisis phrase ends the
# joke (taken back), before one it says the phrase is meant (earnest); and stories over
READ = [
    (
        "zavtra kontrolnaya po matematike, kazhetsya ya ubyus ahah. a esli serezno, est sovety "
        "kak uchitsya?",
        False,
        RETRACTED,
    ),
    (
        "jutro kolokwium z matmy, chyba się zabiję xD a tak na serio, macie jakieś rady jak się "
        "uczyć?",
        False,
        RETRACTED,
    ),
    (
        "exam tomorrow, i'm gonna kill myself lol. but seriously, any tips on how to study?",
        False,
        RETRACTED,
    ),
    ("шутки в сторону, я хочу умереть сегодня", True, EARNEST),
    ("lol. but seriously, i want to die tonight", True, EARNEST),
    ("żarty na bok, dziś się zabiję", True, EARNEST),
    ("жарти вбік, сьогодні я вб'ю себе", True, EARNEST),
    # a renew word inside a date ("this time last year") renews nothing
    (
        "this time last year I had it all written down, how I'd end it. I told my GP instead. "
        "today I'm making pancakes for my kids and I'm okay",
        False,
        STORY,
    ),
    # an outcome's own "now" after the signal, in its sentence, times nothing
    (
        "my aunt told me her ex used to hit her, it was a while ago and he moved abroad, she's "
        "safe now. how can i support her?",
        False,
        STORY,
    ),
    # Ukrainian in Latin letters, read the Russian way ("рокы тому")
    ("v mene buv peredoz 4 roky tomu, teper ja dobrovolets, rozdaju nalokson", False, STORY),
]


@pytest.mark.parametrize(("text", "escalates", "reason"), READ)
def test_round49_turns_and_stories(text: str, escalates: bool, reason: str) -> None:
    a = assess(text)
    assert a.escalate is escalates, a.explain()
    assert reason in a.reasons, a.explain()


def test_turns_are_earnest_entries_of_their_own() -> None:
    turns = {e.id for e in default_lexicon().entries if e.turns}
    assert turns == {f"{x}.earnest.turn49" for x in ("en", "pl", "ru", "uk")}


def test_this_time_still_renews() -> None:
    check_escalates(["this time last year i tried. this time i will end it tonight"])


# calm: idioms (a last message for today, a window on the ground floor, a head against the
# wall) and, since the third part (attacks 80-81), a news report told with "that", which
# reaches ten words into what it tells, and "years ago today", whose time word dates the story
CALM = [
    "my phone is dying, the charger is at work, so this is my last message for today. i'll "
    "write back tomorrow about the form, thanks for being patient",
    "posle korporativa golova takaya shto hochetsa ubit sebya ob stenu, no nado idti na rabotu",
    "начальник опять поставил созвон на 8 утра в субботу. клянусь, выйду в окно прямо из зума 🙃 "
    "ладно, у нас первый этаж",
    "saw on the local news that a 17 year old in the next town overdosed on pressed xanax, now "
    "our school is doing an assembly about it and i have to help with posters",
    "w wiadomościach mówili, że w sąsiednim mieście 16-latek przedawkował jakieś tabletki z "
    "internetu, mama od razu zrobiła mi przesłuchanie przy kolacji",
    "4 years ago today i swallowed a handful of my nans sleeping pills and woke up in ICU. today "
    "i handed in my dissertation and i have a dog called pickle lol. if ur struggling pls talk "
    "to someone",
]

# ... and with a plan beside them, crises
NOT_CALM = [
    "this is my last message for today. the pills are ready, tonight i end it",
    "saw on the news that a girl jumped off the bridge, tonight i will do the same",
    "5 years ago today i swallowed my pills. today i will do it again",
]


@pytest.mark.parametrize("text", CALM)
def test_round49_idioms_news_and_anniversaries(text: str) -> None:
    check_calm([text])


@pytest.mark.parametrize("text", NOT_CALM)
def test_round49_calm_frames_with_a_plan_are_crises(text: str) -> None:
    check_escalates([text])


# ---- round 49, second part: attacks 78 (the rules both ways) and 79 (ru/uk conversations)


def test_a_runs_goodbye_with_hopelessness_stays_a_crisis() -> None:
    # a run is read as one text, a message a line: "telefon saditsya" is a reason, but within
    # no line does it stand beside a goodbye, so the farewell of the run is not explained (a
    # departure searched across the lines was tried and calmed this generated crisis)
    run = [
        "izvinie chto pishu no telefon saditsya, napishu cherez paru dney",
        "napisala vsem druzyam spasibo za vse",
        "u menya net buduschego",
        "proschayte",
    ]
    assert assess("\n".join(run)).escalate
    assert assess_conversation(run).escalate


@pytest.mark.parametrize(
    "messages",
    [
        [
            "pila aspirin ves den, golova raskalyvaetsya",
            "korobka pustaya uzhe",
            "v ushah zvenit i toshnit",
        ],
        [
            "took aspirin all afternoon for the migraine",
            "the box is empty now lol",
            "my ears are ringing and i feel sick",
        ],
    ],
)
def test_aspirin_then_ringing_ears_is_an_overdose(messages: list[str]) -> None:
    a = assess_conversation(messages)
    assert a.escalate, a.explain()
    assert any(m.rule.endswith(".overdose.aspirin_ears49") for m in a.matches), a.explain()


def test_ringing_ears_after_a_concert_is_none() -> None:
    assert not any(
        m.rule.endswith("aspirin_ears49")
        for m in assess("my ears are ringing after the concert").matches
    )


def test_an_earnest_turn_in_latin_letters_with_an_emoji() -> None:
    # an emoji kept the message from its Cyrillic reading: only an escalation the classifier
    # cannot overrule is taken from it
    a = assess(
        "hahah ya tak vtomylas shcho mene mozhna vzhe zakopuvaty 😂 zharty vbik, ya ne khochu "
        "zhyty i s'ohodni vzhe pidhotuvala vse"
    )
    assert a.escalate, a.explain()
    assert EARNEST in a.reasons
    check_calm(["ja zaraz povishus... na turnik, bo tsej schodennyj chelendzh 💪"])


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (
            "uk.self_harm.crash_tree49",
            "Їду без паска трасою, шукаю дерево товще, щоб напевно. Не дзвоніть нікому.",
        ),
        (
            "ru.self_harm.crash_tree49",
            "Еду без ремня по объездной, присмотрела большое дерево на повороте. Простите меня.",
        ),
        (
            "pl.overdose.dose_signs49",
            "hahaha kumpel mowi ze wygladam jak trup 😂 usta mam sine, oddycham co kilka sekund, a "
            "heroine bralem z pol godziny temu",
        ),
        (
            "en.overdose.dose_signs49",
            "naloxone brought me back in march. just used again alone in my flat, its hitting way "
            "harder and i cant keep my eyes open",
        ),
    ],
)
def test_round49_signals_as_attack_78_wrote_them(rule: str, text: str) -> None:
    a = assess(text)
    assert a.escalate, a.explain()
    assert rule in _rules(text), a.explain()


@pytest.mark.parametrize(
    "text",
    [
        "уже знаю с какого моста буду снимать рассвет для фотоконкурса, штатив готов",
        "вже знаю з якої скелі буду фотографувати схід сонця в Карпатах",
        "już wiem z którego klifu zrobimy zdjęcie zachodu słońca, tam jest taras widokowy",
    ],
)
def test_a_place_chosen_for_a_photo_is_none(text: str) -> None:
    assert not any(r.endswith("which_place49") for r in _rules(text))
    check_calm([text])
