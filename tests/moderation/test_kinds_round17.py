"""Issue 20 item 1, all four languages: kinds found in two probes written on 2026-12-05 (tenth
session) by helpers who saw no code (lexicon en/ru/uk 2025.27, pl 2025.26; first-run figures in
bench/results/crisis_devset_round.md, "Probes 25 and 26"):

* how a story ended, said after it (the "outcome" modifier): someone else is fine now, it
  turned out to be nothing, a doctor or a scan found it harmless, the story dated afterwards
  ("that was in 2010", "это было давно") or the writer's age now ("i'm 34 now") tells every
  signal before it, in any sentence, as a story that is over, so the classifier may overrule
  it below detect.STORY_VETO;
* unless the story is not over: a signal after the outcome, a time word in the signal's
  sentence, a contrast after the outcome ("she's ok now but...") or a time minutes or hours
  ago beside the signal (the "unresolved" modifier); the writer's own "i'm fine now" and an age
  under 20 are no outcome;
* a roof and the thought of stepping off it, pills counted out on a desk, a child's
  finger-shaped bruises or a cigarette burn;
* from a black-box attack on the outcome rule (`pending/attack27/`: every crisis was caught,
  some by the classifier alone): a carer's touch at night or called a secret, a shaken baby
  now floppy, a goodbye with something taken, a threat to kill if the police are called, meds
  saved up, a blow to the head with the writer's own vomiting — each named by a phrase now.

The phrasings were written for this test: they are neither corpus lines, probe lines nor
lexicon examples.
"""

from __future__ import annotations

from moderation import assess, assess_conversation
from moderation.detect import FINAL, STORY
from tests.moderation.kinds import check_calm, check_escalates

OUTCOMES = [
    "my brother was unconscious for a minute after he fainted at the wedding. the paramedics checked him and he's fine now, just embarrassed",
    "kolega na imprezie stracil przytomnosc po paru piwach, ratownicy go zbadali. okazalo sie ze po prostu zasnal, dzis sie z tego smieje",
    "я наглоталась таблеток из-за развода, лежала в реанимации. это было шесть лет назад, сейчас у меня новая семья и работа",
]


def test_an_outcome_after_the_story_tells_it_as_over() -> None:
    check_calm(OUTCOMES)
    # the classifier keeps this one escalated (0.57), but the lexicon names the story
    told = [
        *OUTCOMES,
        "сусід лежав на сходах без свідомості, я думала передоз, викликала швидку. виявилося, він просто п'яний спав, сьогодні вибачався",
    ]
    unnamed = [t for t in told if STORY not in assess(t).reasons]
    assert not unnamed, f"no story that is over named: {unnamed}"


def test_a_story_that_is_not_over_after_the_outcome_still_escalates() -> None:
    texts = [
        # a signal after the outcome
        "my cousin overdosed last year, she's fine now. i have her leftover pills and i want to take them all tonight",
        # a time word in the signal's sentence
        "my flatmate swallowed a whole box of paracetamol tonight. he's fine now he says",
        # a contrast after the outcome in its sentence
        "tata znowu pobił mamę, teraz ma się dobrze ale powiedział że jak wróci to ją zabije",
        # minutes or hours ago beside the signal
        "подруга выпила всю пачку снотворного полчаса назад. сейчас она в порядке, говорит просто спать хочет",
        # the writer's own "i'm fine now" and an age under 20
        "i swallowed 30 of my mums pills. im fine now dont worry",
        "вітчим б'є мене щовечора. зараз мені 13 і я боюся йти додому",
    ]
    check_escalates(texts)
    named = [t for t in texts if STORY in assess(t).reasons]
    assert not named, f"told as a story that is over: {named}"


def test_a_roof_pills_laid_out_and_a_childs_marks_escalate_by_their_phrase() -> None:
    check_escalates(
        [
            "sorry for the random msg lol. im up on the roof of the car park, the view is class. thinking about stepping off tbh"
        ],
        rule_prefix="self_harm.roof_step_off25",
    )
    check_escalates(
        [
            "got all my nans pills lined up on my bedside table. i just want everyone to have an easier time"
        ],
        rule_prefix="overdose.pills_laid_out25",
    )
    check_escalates(
        [
            "odbierałam małą z przedszkola i na plecach miała siniaki w kształcie palców, a na rączce okrągłe oparzenie jak od papierosa"
        ],
        rule_prefix="child_abuse.marks25",
    )


def test_what_the_attack_on_outcomes_left_to_the_classifier_has_a_phrase() -> None:
    cases = {
        "child_abuse.night_touch27": [
            "my mums boyfriend sneaks into my room when shes on nights and touches me",
            "wujek jak u nas nocuje to w nocy przychodzi i mnie dotyka, a rano udaje że nic",
            "он меня трогает когда мама спит и говорит что это наш секрет, мне 11",
            "дядько коли ночує в нас то приходить вночі і торкається мене",
        ],
        "medical.floppy_baby27": [
            "he wouldnt stop screaming so i shook him, now hes gone all floppy and quiet",
            "synek jest wiotki i nie budzi się, tylko ciężko oddycha",
            "я трясла дочку чтобы успокоилась, а теперь она вялая какая-то",
            "малий млявий і не прокидається, хоча я його тормошу",
        ],
        "overdose.goodbye_took27": [
            "my brother texted me bye and said hed taken something, now hes not picking up",
            "brat wysłał smsa że się żegna i że coś wziął, nie odbiera",
            "подруга прислала прощай и что-то выпила, трубку не берет",
            "брат написав прощавай і щось випив, не відповідає",
        ],
        "violence.police_threat27": [
            "he took my phone and said if i ring the police hell kill me",
            "mąż mówi że jak pójdę na policję to mnie zatłucze",
            "сожитель сказал если заявлю в полицию прибьёт меня",
            "чоловік сказав що як піду в поліцію, то вб'є мене",
        ],
        "overdose.stockpiling": ["ive been saving up enough of the tablets for months now"],
        "medical.head_injury24": [
            "uderzyłam się w głowę o szafkę, teraz rzygam i chce mi się spać"
        ],
    }
    for rule, texts in cases.items():
        check_escalates(texts, rule_prefix=rule)


def test_a_paracetamol_overdose_that_feels_fine_escalates_across_messages() -> None:
    conversations = [
        [
            "had a banging headache so i took paracetamol",
            "the whole packet tbh, 16 i think",
            "im ok now just feel sick and my right side aches",
        ],
        [
            "łyknęłam paracetamol na ból zęba",
            "chyba całe opakowanie",
            "niby dobrze się czuję, tylko mdli mnie od rana",
        ],
        [
            "выпил парацетамол от температуры",
            "штук 20 наверное",
            "сейчас норм, только тошнит и под ребрами ноет",
        ],
        [
            "наковталась парацетамолу через зуб",
            "цілу пачку мабуть",
            "ніби все ок, але нудить і болить справа",
        ],
    ]
    wrong = []
    for c in conversations:
        a = assess_conversation(c)
        if not a.escalate or not any(
            m.rule.endswith("overdose.paracetamol_late26") for m in a.matches
        ):
            wrong.append((c, a.severity, [m.rule for m in a.matches]))
    assert not wrong, f"not escalated by the phrase: {wrong}"


def test_a_cover_story_and_a_goodbye_until_the_other_world_hold_whatever_the_model_reads() -> None:
    """Crises a retrain (model 2026.14, not shipped) read as no crisis: a cover story for one's
    own death is `final`, a goodbye until the other world is immediate (weight 4); both escalate
    by their phrase, so no model's veto can drop them."""
    check_escalates(
        [
            "my flatmates think im going home for reading week but im going to jump off the viaduct",
            "mama myśli, że jadę na obóz, a ja jadę się powiesić w lesie",
            "родители думают, что я на сборах, а я иду топиться",
            "батьки думають, що я на практиці, а я йду топитися",
        ],
        rule_prefix="self_harm.cover_story27",
    )
    check_escalates(
        [
            "bye everyone, see you in the afterlife",
            "żegnajcie wszyscy, do zobaczenia w lepszym świecie",
            "всем пока, встретимся на том свете",
            "прощавайте всі, зустрінемося на тому світі",
        ],
        rule_prefix="self_harm.farewell_other_world27",
    )
    wrong = [
        t
        for t in (
            "wszyscy myślą, że jadę na wolontariat, a ja idę się utopić",
            "my mum thinks im at the library but im going to kill myself tonight",
        )
        if FINAL not in assess(t).reasons
    ]
    assert not wrong, f"a cover story is not final: {wrong}"
