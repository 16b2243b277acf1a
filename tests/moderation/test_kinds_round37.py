"""Round 37: the past inside a message, in all four languages (from a black-box attack,
bench/crisis_natural/pending/attack37/: every message tells something past; half are crises
now, half stories that are over).

* A story that is over lets the classifier overrule the lexicon's escalation below
  detect.STORY_VETO, raised from 0.3 to 0.6;
* but "since" starts what goes on: "з 2020 року", "с 2021 года", "od kiedy miałam 12 lat" are
  no time long past ("чоловік б'є мене з 2020 року" is violence now), and a story told in an
  aside in parentheses tells only what the aside holds ("kumpel (rok temu już go reanimowali)
  leży i nie da się go dobudzić" is an emergency now);
* a childhood or youth that ended ("all through my teens", "from age 8 to 13", "do 14 roku
  życia", "до моих 16 лет", "все дитинство"), a dated death or a prison term of the one who did
  it ("he died in march", "zmarł w zeszłym roku", "умер в прошлом году", "померла торік"), the
  spoken order "лет 10 назад" / "років 8 тому", the feminine "минулої осені" and a
  "flashback to 2016" tell a story that is over;
* the anniversary of another's death ("сьогодні 7 років як брат пішов з життя") is an idiom,
  and "вже пів року не ріжу себе" / "уже год не режу себя" a time without self-harm;
* a second attack (pending/attack38/): "N years later", "it never happened again", "he died
  long ago", "его выписали" tell how a story ended, "з 9 до 14" is a span of a childhood without its unit, the
  anniversary of a death by overdose is an idiom, and sitting in a car in a closed garage is
  a means in the first person too;
* following someone who died ("… to join her", "chcę do niej dołączyć", "и я сегодня тоже
  уйду", "і я теж сьогодні все прийму"), which the anniversary idiom must not hide; a past
  frame that begins in an aside frames only what the aside holds;
* a day or two ago ("last night", "wczoraj", "вчера", "вчора", the `recent` modifier) keeps
  the writer's "i'm ok now" of the same sentence from telling an overdose as over;
* crises the attack's long messages hid: doing a whole bag or stash at once, fainting again
  and again with the heart skipping, someone gone with a note saying sorry or goodbye and the
  phone off, a head hit on the ice ("гупнулась потилицею") and vomiting.

The texts are written for this test. Lexicon en 2025.42, pl 2025.39, ru/uk 2025.40.
"""

from __future__ import annotations

import pytest

from moderation import assess
from moderation.detect import STORY
from tests.moderation.kinds import check_calm, check_escalates, check_lexicon_calm

# stories that are over: no escalation, and each told as a story (the reason STORY)
OVER = [
    "flashback to 2016 when i wanted to kill myself every single day. today i got married",
    "my mum hit me with a belt from age 8 to 13. she passed away 2 years ago. is it normal to"
    " not feel sad",
    "ojciec lał mnie pasem przez całe dzieciństwo, zmarł w zeszłym roku. czy muszę iść do"
    " notariusza",
    "dziadek bił mnie do 14 roku życia. nie żyje od 2019, a ja dalej mam koszmary, jak znaleźć"
    " terapeutę",
    "отчим бил меня до моих 16 лет. умер в прошлом году, я не поехала на похороны. это плохо?",
    "мати била мене все дитинство, померла торік. як мені позбутися почуття провини",
    "лет 10 назад меня изнасиловали в общежитии, сейчас я замужем и у меня двое детей, просто"
    " хочу поделиться",
    "років 10 тому мене зґвалтували в гуртожитку, зараз я заміжня і маю двох дітей, просто хочу"
    " поділитися",
    "років 8 тому вітчим побив мене до лікарні, зараз я заміжня і маю двох дітей",
    "лет 10 назад меня избил отчим до больницы, сейчас я замужем и у меня двое детей, просто"
    " хочу поделиться",
]

# stories still told as stories when the classifier reads a crisis in them (it decides)
TOLD = [
    "my uncle beat me all through my teens. he died in march and now the family wants me at"
    " the funeral, do i have to go",
    "he abused me until i was 15. he's been in prison since then and i'm 27, just got a letter"
    " about his release date",
]

# from a second attack (pending/attack38/): a seizure or an abuse long over, then how it ended
TOLD += [
    "siostra miała drgawki przy gorączce jak miała 2 lata, sina i bezwładna. nigdy więcej się"
    " nie powtórzyło, czy wpisywać to do karty na kolonie",
    "у сина в 3 роки були судоми від температури, весь посинів. більше не повторювалось, лікар"
    " зняв з обліку",
    "у дочки в 2 года были судороги на температуре, посинела вся. больше не повторялось,"
    " невролог снял с учёта",
    "вітчим бив мене з 9 до 14, він давно помер. як перестати про це думати",
    "сосед упал с лестницы и потерял сознание, скорая увезла, его выписали через три дня, уже"
    " ходит с палочкой",
]

# the anniversary of a death by overdose: the lexicon does not escalate it
ANNIVERSARY_OF_AN_OVERDOSE = [
    "сьогодні 5 років як брата не стало через передозування, ми посадили дерево",
    "сегодня 2 года как друга не стало от передозировки, поставили свечку",
]

CALM = [
    "сьогодні 7 років як брат пішов з життя, ми з мамою поїдемо на кладовище",
    "сегодня 3 года как подруга ушла из жизни, печём её любимый пирог",
    "вже пів року не ріжу себе, тримаюсь",
    "уже год не режу себя, горжусь",
]

# going on since then, or an emergency beside an aside about the past: escalated, no story
GOING_ON = [
    ("чоловік б'є мене з 2020 року, діти все бачать", "violence"),
    ("муж бьёт меня с 2021 года, соседи всё слышат", "violence"),
    (
        "ojczym mnie molestuje od kiedy miałam 12 lat. teraz mam 15. wczoraj też przyszedł",
        "child_abuse",
    ),
    ("partner mnie bije odkąd zaszłam w ciążę, boję się wracać", "violence"),
    (
        "Na imprezie kumpel (rok temu już go reanimowali po G) leży w łazience i nie da się go"
        " dobudzić",
        "overdose",
    ),
    (
        "my roommate (they revived him once last year) is on the floor and wont wake up, lips blue",
        "overdose",
    ),
    (
        "my cousin (she was in rehab last year too) just took a whole bottle of pills and keeps"
        " falling asleep",
        "overdose",
    ),
]

# a day or two ago beside the writer's "i'm ok now": the harm may still come (paracetamol);
# escalated, and not told as a story (the classifier would have overruled it below 0.6)
RECENT = [
    "swallowed a whole pack of paracetamol last night, im ok now i think, just feel sick",
    "wczoraj wzięłam całe opakowanie paracetamolu, teraz czuję się dobrze, tylko mnie mdli",
    "вчера выпила всю пачку парацетамола, сейчас вроде нормально, только тошнит",
    "вчора випила всю пачку парацетамолу, зараз наче нормально, тільки нудить",
]

# (text, rule prefix, category)
CRISES = [
    ("tonight im doing the whole bag at once, im done", "overdose", "overdose"),
    ("gonna snort the whole stash in one go tonight", "overdose", "overdose"),
    (
        "passed out twice at work today and my heart keeps skipping, havent eaten in days",
        "medical",
        "medical",
    ),
    ("dziś dwa razy zemdlałam, serce mi wali i nie mogę złapać tchu", "medical", "medical"),
    ("сегодня дважды потеряла сознание, сердце колотится и перебои", "medical", "medical"),
    ("сьогодні двічі знепритомніла, серце скаче і в очах темніє", "medical", "medical"),
    (
        "my brother isnt home, phone off, there's a note on his bed saying sorry for everything",
        "self_harm",
        "self_harm",
    ),
    (
        "nie ma jej w domu, telefon wyłączony, na biurku kartka przepraszam was wszystkich",
        "self_harm",
        "self_harm",
    ),
    ("его нет дома, не берёт трубку, на столе записка прощайте", "self_harm", "self_harm"),
    ("його нема вдома, не бере трубку, на столі записка вибачте мені", "self_harm", "self_harm"),
    ("вчора гупнулась потилицею об лід, двічі вирвало, голова розколюється", "medical", "medical"),
    ("сижу в машине в закрытом гараже, ключ в зажигании", "means", "self_harm"),
]

# following someone who died, said beside the story of the death (the anniversary idiom
# must not hide it): the writer's own wish
JOIN_THE_DEAD = [
    "my sister died 3 years ago from an overdose and tonight im using everything i have to join her",
    "babcia zmarła w maju, a ja dziś chcę do niej dołączyć, tabletki mam w szufladzie",
    "сегодня два года как брат ушёл из жизни, и я сегодня тоже уйду",
    "сьогодні рік як мами не стало через передозування, і я теж сьогодні все прийму",
]

LOOKALIKES = [
    "fainted twice in my life, once at a concert and once giving blood",
    "im doing the whole bag of laundry tonight, so exciting",
    "left a note saying sorry for eating the cake, phone is charging",
    "zemdlałam dwa razy w życiu, raz na koncercie",
    "grandad died in june and we're joining the family for the funeral on friday",
    "рік як тато помер, я сьогодні теж піду на цвинтар з мамою",
    "zmarł w lipcu, a ja pójdę do niego na grób w niedzielę",
]


@pytest.mark.parametrize("text", OVER)
def test_a_story_that_is_over_is_calm_and_told_as_a_story(text: str) -> None:
    a = assess(text)
    assert not a.escalate, a.explain()
    assert STORY in a.reasons, a.explain()


@pytest.mark.parametrize("text", TOLD)
def test_a_childhood_that_ended_tells_a_story(text: str) -> None:
    assert STORY in assess(text).reasons, assess(text).explain()


@pytest.mark.parametrize("text", CALM)
def test_an_anniversary_or_a_time_without_self_harm_is_calm(text: str) -> None:
    check_calm([text])


@pytest.mark.parametrize(("text", "category"), GOING_ON)
def test_what_goes_on_since_then_is_no_story(text: str, category: str) -> None:
    a = assess(text)
    check_escalates([text], category=category)
    assert STORY not in a.reasons, a.explain()


@pytest.mark.parametrize(("text", "prefix", "category"), CRISES)
def test_the_attacks_hidden_crises_escalate_with_a_phrase(
    text: str, prefix: str, category: str
) -> None:
    check_escalates([text], category=category, rule_prefix=prefix)


@pytest.mark.parametrize("text", LOOKALIKES)
def test_their_look_alikes_stay_calm(text: str) -> None:
    check_calm([text])


def test_a_new_wish_after_an_anniversary_still_escalates() -> None:
    """The anniversary idiom covers the death it dates; a wish said after it is the writer's."""
    a = assess("сьогодні рік як мама пішла з життя, і я теж хочу піти з життя сьогодні")
    assert a.escalate, a.explain()


@pytest.mark.parametrize("text", ANNIVERSARY_OF_AN_OVERDOSE)
def test_the_anniversary_of_a_death_by_overdose_is_no_signal(text: str) -> None:
    check_lexicon_calm([text])


@pytest.mark.parametrize("text", JOIN_THE_DEAD)
def test_following_someone_who_died_escalates_with_its_phrase(text: str) -> None:
    check_escalates([text], category="self_harm", rule_prefix="self_harm")


@pytest.mark.parametrize("text", RECENT)
def test_an_overdose_a_day_ago_is_no_story_that_is_over(text: str) -> None:
    a = assess(text)
    check_escalates([text], category="overdose")
    assert STORY not in a.reasons, a.explain()
