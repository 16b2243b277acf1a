"""Issue 20 item 1, all four languages: kinds found in two probes written on 2026-12-05 (ninth
session) by helpers who saw no code (lexicon en/ru/uk 2025.26, pl 2025.25; first-run figures in
bench/results/crisis_devset_round.md, "Probes 21 and 22"):

* a text that tells a story that is over — a time long past ("years ago", "in 2015", "when we
  were at uni", "коли мені було 15") or how it ended ("survived", "врятували", "откачали") —
  lets the classifier overrule the lexicon's escalation below detect.STORY_VETO (the "story"
  modifier), unless a renew word or a time word in a signal's sentence brings it back;
* hyperbole of annoyance or shame ("убьюсь об стену", "втоплюся від сорому", "utopię się ze
  wstydu", "drown myself in shame") is an idiom;
* a goodbye because a forum closes is no farewell of a last message;
* sex or naked pictures demanded by someone with power over the writer's job, pay, papers, home
  or place in a team, with what would be lost (`*.sexual_violence.coercion`, final: the model
  reads it as talk about work, 0.005-0.06);
* being held on a farm, hiding from someone drunk or raging, a threat of men coming with
  weapons unless one pays, a small child left alone since last night.

The phrasings were written for this test: they are neither corpus lines, probe lines nor
lexicon examples.
"""

from __future__ import annotations

from moderation import assess
from moderation.detect import STORY
from tests.moderation.kinds import check_calm, check_escalates, check_lexicon_calm, check_named

STORIES_OVER = [
    "my best friend tried to jump off a bridge when we were at uni, a stranger talked her down. she's a nurse now. i still think about that stranger",
    "koly meni bulo 15, ja namahalas' vbyty sebe, mene vrjatuvaly. ce bulo dvanadcjat' rokiv tomu. vse dobre, ja zaraz mama dvoh ditej",
    "kogda-to ya pytalas pokonchit s soboi, eto bylo v 2015, potom dolgo lechilas. seichas rabotayu i u menya vse normalno, hochu pomogat drugim",
]


def test_a_story_that_is_over_is_calmed_when_the_classifier_agrees() -> None:
    check_calm(STORIES_OVER)
    unnamed = [t for t in STORIES_OVER if STORY not in assess(t).reasons]
    assert not unnamed, f"no story that is over named: {unnamed}"


def test_a_story_brought_back_to_now_still_escalates() -> None:
    check_escalates(
        [
            "when i was 15 i tried to kill myself. tonight i'm going to do it again, the pills are on my desk",
            "two years ago i overdosed and survived. i have the pills again and i'm taking them tonight",
            "w 2019 próbowałam się zabić. dziś w nocy skoczę z mostu, już tu stoję",
            "когда мне было 14, отчим меня бил. он вернулся и сегодня опять избил меня, мне страшно",
            "три роки тому мене відкачали після передозу, а сьогодні я знову випила всю пачку таблеток",
        ]
    )


def test_hyperbole_of_annoyance_or_shame_and_a_forum_closing_are_no_crisis_to_the_lexicon() -> None:
    check_lexicon_calm(
        [
            "завтра защита диплома, а слайды не готовы, пойду убьюсь об стену 😂",
            "мама выложила мои детские фотки, я утоплюсь от стыда",
            "ця сесія, я вже хочу вбитися об стіну, допоможіть з конспектами",
            "брат показав моє відео з випускного, я втоплюся від сорому",
            "ja vzhe hochu vbyty sebe ob stil cherez cej zvit",
            "szef przeczytał moją wiadomość na głos, utopię się ze wstydu",
            "my mum showed my baby pics to my crush, i'm going to drown myself in shame lol",
            "друзья, форум закрывается в пятницу, прощайте все и спасибо за годы общения",
            "шановні, форум закривається, прощавайте і дякую за все",
            "forum się zamyka z końcem roku, żegnajcie i dzięki za wszystko",
            "the forum is closing next month, goodbye everyone and thanks for everything",
        ]
    )


def test_the_same_verbs_said_as_a_plan_still_escalate() -> None:
    check_escalates(
        [
            "утоплюсь сегодня ночью в реке, всё решено",
            "сьогодні вночі втоплюся в ставку, я все вирішила",
            "dziś w nocy się utopię w jeziorze, nie szukajcie mnie",
        ]
    )


COERCION = [
    "my supervisor told me i keep my contract only if i sleep with him",
    "the landlord says i can stay without rent if i sleep with him, otherwise im evicted",
    "trener powiedział że jak nie wyślę mu nudesów to wylatuję ze składu",
    "właściciel mieszkania mówi że obniży czynsz jak się z nim prześpię",
    "бригадир сказал что без интима зарплату не отдаст",
    "препод сказал что зачет поставит если поеду с ним на выходные",
    "начальниця каже що контракт продовжать тільки якщо я переспю з ним, з директором",
    "власник квартири каже що не вижене якщо я буду з ним",
]


def test_sex_demanded_by_someone_with_power_escalates_as_sexual_violence() -> None:
    check_named(COERCION, "sexual_violence.coercion")
    check_escalates(COERCION, category="sexual_violence")


def test_the_same_power_without_a_sexual_demand_is_no_crisis_to_the_lexicon() -> None:
    check_lexicon_calm(
        [
            "my supervisor told me i keep my contract only if my numbers go up",
            "trener powiedział że jak nie przyjdę na trening to wylatuję ze składu",
            "начальник сказал что зарплату отдаст в пятницу",
            "власник квартири каже що вижене якщо не заплачу до понеділка",
        ]
    )


def test_held_hiding_threatened_or_left_alone_escalates_with_a_phrase() -> None:
    check_escalates(
        [
            "the farmer won't let us leave the farm, he took our passports and the gate is locked",
            "właściciel nie wypuszcza nas z gospodarstwa, zabrał telefony",
            "хозяин не выпускает нас с территории фермы уже неделю",
        ],
        category="violence",
        rule_prefix="",
    )
    hiding = [
        "hiding in the bathroom with my little brother, mum's boyfriend is drunk and smashing the living room",
        "schowałam się z bratem pod łóżkiem, ojczym pijany wali w drzwi",
        "сховалися з сестрою у ванній, вітчим п'яний і б'є маму",
        "спряталась в кладовке, муж пьяный ломится и орёт",
    ]
    check_named(hiding, "violence.hiding22")
    check_escalates(hiding, category="violence")
    threats = [
        "he says if i dont hand over the money tonight his mates will come round with knives",
        "jeśli nie oddam długu do jutra, przyjadą z maczetami",
        "сказали если не верну долг, приедут с битами",
        "сказали якщо не поверну борг, приїдуть з битами",
    ]
    check_named(threats, "violence.armed_visit22")
    check_escalates(threats, category="violence")
    check_escalates(
        ["baby next door left alone since last night, nobody home, she won't stop crying"],
        rule_prefix="child_abuse.left_alone22",
    )


# From a black-box attack on the kinds above (bench/crisis_natural/pending/attack23/: 121
# messages by a helper who saw no code and ran only `netreach crisis-scan`): the story rule lost
# no crisis, but 7 crises told tersely were missed before and after it (a rescue then "not this
# time", a drug injected and no breath now, someone unconscious by a syringe, a whole pack
# taken with symptoms, a Ukrainian toddler alone since last night); they are caught now, and
# Russian and Ukrainian in Latin letters with these words ("pytalas", "vmazalsya", "shpric") are
# read in Cyrillic too. Its four remaining false alarms are the classifier's ("my boss said I
# won't get my bonus unless I finish the report" 0.72).
def test_a_rescue_that_will_not_come_again_is_intent() -> None:
    check_escalates(
        [
            "they revived me in 2019. this time they won't make it in time",
            "rok temu mnie odratowali, teraz nie zdążą, już połknęłam wszystko",
            "в прошлый раз спасли, сейчас не успеют, я уже на мосту",
            "минулого разу відкачали, цього разу ні, прощавайте",
        ],
        category="self_harm",
        rule_prefix="self_harm.rescue_not_again24",
    )


def test_an_overdose_told_by_a_syringe_or_by_symptoms_after_use_escalates() -> None:
    check_escalates(
        [
            "my brother is unresponsive on the bathroom floor with a needle next to him",
            "koleżanka nieprzytomna, obok leży strzykawka",
            "друг не дышит, рядом шприц валяется",
            "подруга непритомна, поруч шприц",
            "ширнулся полчаса назад, теперь задыхаюсь и синею",
            "закинулася чимось на тусі, задихаюся",
            "łyknąłem cały listek i słabo mi",
        ],
        category="overdose",
        rule_prefix="overdose.",
    )


def test_a_small_child_left_alone_since_last_night_escalates() -> None:
    check_escalates(
        [
            "dwulatek sam w domu od wczoraj, sąsiadka nie wraca",
            "ребенок сам дома со вчерашнего дня, соседка не вернулась",
            "дитина сама вдома з учора, мати зникла",
        ],
        category="child_abuse",
        rule_prefix="child_abuse.left_alone24",
    )


# From a probe of conversations (bench/crisis_natural/pending/probe24/: 120 conversations whose
# risk builds across messages, by helpers who saw no code; first run recall 75/80, false alarms
# 4/40): late pregnancy with the signs of pre-eclampsia, and a blow to the head followed by
# vomiting or drowsiness, were rated none; the same signs said to be absent are no crisis.
def test_medical_warning_signs_after_a_pregnancy_or_a_blow_to_the_head_escalate() -> None:
    check_escalates(
        [
            "my wife is 35 weeks pregnant and has a splitting headache, now she says she's seeing spots",
            "jestem w ciąży, 33 tydzień, strasznie boli mnie głowa i mam mroczki przed oczami",
            "жена беременна, 36 неделя, с утра сильно болит голова и мушки перед глазами",
            "дружина вагітна, 35 тиждень, мухи перед очима і голова розколюється",
            "my little brother fell off the trampoline and hit his head, now he's vomiting and really drowsy",
            "córka spadła z huśtawki i uderzyła się w głowę, teraz wymiotuje i jest senna",
            "сын упал с горки, ударился головой, теперь его вырвало и он какой-то заторможенный",
            "донька впала з гойдалки, вдарилася головою, її знудило і вона якась сонна",
        ],
        category="medical",
        rule_prefix="medical.",
    )
    check_lexicon_calm(
        [
            "he hit his head yesterday but hasn't thrown up and isn't drowsy, should we still go",
            "synek uderzył się w głowę o stół, nie wymiotuje, płacze ale się bawi",
            "дочка ударилась головой о шкаф, не рвало, играет как обычно",
            "малий вдарився головою об двері, не блює, бігає як завжди",
        ]
    )
