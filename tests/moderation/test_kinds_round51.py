"""Round 51: what an outreach chat really receives (attacks 90-92), measured before it was read.

* **Documents taken with threats** (`ru.danger.documents51`, `uk.danger.documents51`): a
  passport or documents a foreman, an employer or a "boss" took or holds, and the worker not
  let out, beaten or threatened, in a message or across a visitor's messages. Russian and
  Ukrainian had only threats of debt and deportation (attack 91: 0.00 read together).
* **Pills saved up** (`ru.overdose.stockpiled51`, `uk.overdose.stockpiled51`): saved over a
  month, or prescribed and not taken but stored in a box.
* **Hypothermia** (`*.medical.hypothermia51`): thrown out or sleeping rough, in the cold, with
  numb fingers, shaking or wanting to sleep right there. Freezing at a bus stop is none.
* **Sexual violence told by what was done** (`*.sexual_violence.stripped51`): dragged or
  pinned, clothes ripped off, or clothes ripped off and getting away.
* **The worst headache of one's life** with a sudden onset, vomiting, a stiff neck, blurred
  sight or fainting (`*.medical.thunderclap51`); a hangover's is none.
* **Being chased now** in Russian and Ukrainian (`*.danger.chased51`), and "gun's loaded"
  (normalised "guns loaded") on one's lap.
* **False alarms:** a nightmare told (`*.idiom.dream51`, explains the classifier's alarm);
  asking whether one may write "if it ever gets worse again" (`*.idiom.if_worse_again51`: its
  "again" renews no story); a friend's crisis of last month told with how they are now (in
  rehab, in treatment, better: `*.care51`); "mum will kill me if she finds out" in Russian and
  Ukrainian (`*.idiom.will_kill_me51`); a school shooting seen on the news in Polish.

Attack 90 (288 messages as an outreach chat receives them, four languages) first ran at 96/96
crises and 8/192 look-alikes escalated; attack 92 (240 short lines) 92/96 and 5/144; attack 91
(96 Russian and Ukrainian conversations) 56/64 and 11/32. Attack 93 (192 lines on this round's
rules, both ways) first ran at 90/96 and 7/96 with its first version (90/96 and 8/96 before the
round). The texts below are theirs or written for this test.
"""

from __future__ import annotations

import pytest

from moderation import assess_conversation
from tests.moderation.kinds import check_calm, check_escalates

# (text, the lexicon rule that must name it)
CRISES = [
    ("бригадир забрал паспорт, выходить нельзя, кто спрашивал того били", "danger.documents51"),
    ("бригадир забрав паспорт, виходити не можна, кого питав того били", "danger.documents51"),
    ("хозяин теплицы держит наши паспорта, говорит закопает если кто уйдет", "danger.documents51"),
    ("накопичила за місяць таблетки від психіатра, сьогодні вип'ю всі", "overdose.stockpiled51"),
    ("таблетки от психиатра не пила, складывала в коробку. теперь их хватит", "overdose."),
    (
        "wywalili mnie z domu, na dworze minus 15, nie czuję palców, chce mi się tu po prostu spać",
        "medical.hypothermia51",
    ),
    ("mum kicked me out, its minus 15 and i cant feel my fingers anymore", "medical.hypothermia51"),
    (
        "мене вигнали з дому, на вулиці мінус 15, пальців вже не відчуваю, хочеться просто "
        "поспати тут",
        "medical.hypothermia51",
    ),
    (
        "koles zaciagnal mnie do kibla na imprezie zdarl majtki uciekłam przed chwila",
        "sexual_violence.stripped51",
    ),
    (
        "this guy dragged me into the toilets at the party and ripped my underwear, i just got "
        "away",
        "sexual_violence.stripped51",
    ),
    (
        "какой-то тип затащил меня в туалет на тусе и сорвал трусы, я убежала",
        "sexual_violence.stripped51",
    ),
    (
        "якийсь тип затягнув мене в туалет на тусі і зірвав труси, я втекла",
        "sexual_violence.stripped51",
    ),
    ("worst headache of my life outta nowhere and puking", "medical.thunderclap51"),
    ("nagle dostałam najgorszy ból głowy w życiu i wymiotuję", "medical.thunderclap51"),
    ("внезапно самая сильная головная боль в жизни и рвет", "medical.thunderclap51"),
    ("раптово найсильніший головний біль у житті і блюю", "medical.thunderclap51"),
    ("якісь троє женуться за мною по парку", "danger.chased51"),
    ("какие-то трое гонятся за мной по парку", "danger.chased51"),
    ("gun's loaded on my lap, done with everything", "self_harm.gun_on_lap"),
    # attack 93 (a black-box attack on this round's rules), missed by its first version
    (
        "копила феназепам с лета, врачу говорю что пью. сейчас они все передо мной на столе",
        "overdose.stockpiled51",
    ),
    (
        "ночую в заброшке без окон, метель. руки онемели, трясёт так что зубы стучат, печатать "
        "еле могу",
        "medical.hypothermia51",
    ),
    (
        "v dushi raptom takyi bil holovy, naihirshyi v zhytti, na sekundu znepritomnila na "
        "pidlozi. vse rozmyte",
        "medical.",
    ),
    (
        "vo vremya probezhki vdrug takaya bol' v golove, khuzhe nikogda ne bylo, na sekundu "
        "otklyuchilsya na trotuare",
        "medical.thunderclap51",
    ),
    # a dream or a safety plan beside a crisis now keeps it (whatever phrase escalates it)
    ("приснилось что меня убивают, проснулась и решила что сегодня повешусь", None),
    ("woke up soaked, someone is in my flat right now with a knife", None),
    (
        "can i write to you if it ever gets bad again? because right now i have the pills in my "
        "hand and i am going to take them all",
        None,
    ),
]


@pytest.mark.parametrize(("text", "rule"), CRISES)
def test_round_51_crises_escalate_with_their_phrase(text: str, rule: str | None) -> None:
    check_escalates([text], rule_prefix=rule)


# attack 91's conversations: no message alone is a crisis (Russian in Latin letters)
CONVERSATIONS = [
    (
        [
            "priehal na strojku v Podmoskove, obeshali 80 tys",
            "pasport zabral brigadir 'dlja oformlenija'",
            "deneg ne platjat tretij mesjac, vyhodit za zabor nelzja",
            "kto sprashival, togo bili, ja pishu tajkom",
        ],
        "ru.danger.documents51",
    ),
    (
        [
            "skopil za mesjac tabletki kotorye vrach vypisyval",
            "ne pil ih, prosto skladyval v korobku",
            "segodnja god kak ee net",
            "vecherom vykljuchu telefon, ne terjajte",
        ],
        "ru.overdose.stockpiled51",
    ),
    (
        [
            "menja vygnali iz doma, noch na ulice",
            "na ulice minus 15, ja v kurtke tonkoj",
            "paltsy uzhe ne chuvstvuju voobshe",
            "sel na lavku, hochetsja prosto pospat tut",
        ],
        "ru.medical.hypothermia51",
    ),
]


@pytest.mark.parametrize(("messages", "rule"), CONVERSATIONS)
def test_round_51_conversations_escalate_with_their_phrase(messages: list[str], rule: str) -> None:
    a = assess_conversation(messages)
    assert a.escalate, (a.severity, a.score, a.reasons)
    assert rule in {m.rule for m in a.matches}, [m.rule for m in a.matches]


CALM = [
    # nightmares told
    "miałam koszmar że ktoś mnie goni, obudziłam się zlana potem",
    "мне приснилось что за мной гонятся, проснулась вся мокрая",
    "had a nightmare that someone was chasing me, woke up soaked in sweat",
    # a safety plan: "if it ever gets worse again"
    "Kiedyś miałam myśli samobójcze, ale od pół roku biorę leki i jest naprawdę dobrze. "
    "Chciałam tylko zapytać, czy mogę do was pisać, jakby kiedyś znowu było gorzej?",
    # a friend's crisis of last month, and how they are now
    "kolezanka w zeszlym miesiacu pisala ze chce sie zabic, zadzwonilismy wtedy po pomoc. "
    "teraz jest na oddziale i jest lepiej",
    "druh peredoznuvsya mynuloho misyatsya, nalokson vryatuvav, zaraz vin u rehabi",
    "podruha khotila vkorotyty sobi viku v berezni, my todi vyklykaly shvydku, zaraz vona "
    "likuyetsya i ij krashche",
    # "mum will kill me if she finds out"
    "ахах мама меня убьет если узнает что я покрасилась в синий 💀",
    "мама мене вб'є якщо дізнається що я пофарбувалась у синій",
    "śniło mi się że mama umarła i obudziłam się z płaczem. poszłam do jej pokoju a ona spała "
    "spokojnie 🥹 dziwne to było",
    "mama mnie zabije jak sie dowie ze zrobilam sobie kolczyk w nosie u kolezanki 💀",
    # the news
    "widzialam w wiadomosciach te strzelanine w szkole, to daleko ode mnie, ale ciagle o tym "
    "mysle jak ci ludzie to przezywaja",
    # the counter-examples of the new signals
    "freezing at the bus stop, cant feel my fingers lol",
    "zmarzłam na przystanku, nie czuję palców xd",
    "worst headache of my life, never drinking tequila again",
    "my brother pulled my pants down in front of everyone lol",
    "забрала паспорт из паспортного стола, теперь можно ехать",
    # attack 94: a means named, then "do if it happens again" (en.self_harm.means_time8 read
    # "meds. what should i do if it happens again while" as a plan, imminent)
    "grandad had a seizure at christmas, he's fine now and on meds. what should i actually do if "
    "it happens again while i'm with him?",
]


@pytest.mark.parametrize("text", CALM)
def test_round_51_look_alikes_stay_calm(text: str) -> None:
    check_calm([text])
