"""Round 33: kinds a black-box attack (bench/crisis_natural/pending/attack32/) and the
development set's missed conversations showed, in all four languages, with counter-examples
(a second attack on them: pending/attack33/).

* several men raping the writer in turns ("they took turns on me", "po kolei", "по очереди",
  "по черзі");
* sex work forced by a debt or by papers someone holds ("work off the debt with clients");
* someone shouting that he will kill the writer's mother, sister, brother or children (not
  "us" or "everyone": "coach said he'll kill us with sprints");
* a first-aid instruction about a generic person ("if the person isn't breathing, call 999
  and start compressions") and someone pretending to be unconscious: no crisis phrase of
  the writer's.

The texts are written for this test. Lexicon entries `*.33`.
"""

from __future__ import annotations

import pytest

from moderation import assess
from moderation.detect import FICTION

# (text, rule that must be active, category of the escalation)
CRISES = [
    (
        "two of his mates took turns on me at the party, i said no, im in the bathroom now",
        "en.sexual_violence.in_turns33",
        "sexual_violence",
    ),
    (
        "po imprezie brali mnie po kolei, mówiłam nie, teraz siedzę w łazience",
        "pl.sexual_violence.in_turns33",
        "sexual_violence",
    ),
    (
        "после вечеринки меня по очереди насиловали, я говорила нет",
        "ru.sexual_violence.in_turns33",
        "sexual_violence",
    ),
    (
        "після вечірки мене по черзі гвалтували, я казала ні",
        "uk.sexual_violence.in_turns33",
        "sexual_violence",
    ),
    (
        "the agency keeps my passport and says the debt gets paid off with clients, first one tonight",
        "en.sexual_violence.clients_debt33",
        "sexual_violence",
    ),
    (
        "szef zabrał mi paszport i mówi że dług odpracuję z klientami",
        "pl.sexual_violence.clients_debt33",
        "sexual_violence",
    ),
    (
        "хозяин отобрал паспорт, говорит отработаешь долг с клиентами",
        "ru.sexual_violence.clients_debt33",
        "sexual_violence",
    ),
    (
        "власник забрав паспорт, каже що борг відпрацюю з клієнтами",
        "uk.sexual_violence.clients_debt33",
        "sexual_violence",
    ),
    (
        "he's drunk and screaming he's gonna kill my mum, we locked ourselves in",
        "en.violence.threat_kill_other33",
        "violence",
    ),
    (
        "tata pijany krzyczy że zabije mamę, zamknęliśmy się w pokoju",
        "pl.violence.threat_kill_other33",
        "violence",
    ),
    (
        "отец пьяный орёт что убьёт маму, мы закрылись в комнате",
        "ru.violence.threat_kill_other33",
        "violence",
    ),
    (
        "батько п'яний кричить що вб'є маму, ми замкнулись у кімнаті",
        "uk.violence.threat_kill_other33",
        "violence",
    ),
]

# (text, rule that must not be active): counter-examples of those kinds
NOT_THESE = [
    ("we took turns driving to the coast", "en.sexual_violence.in_turns33"),
    ("po kolei odbieraliśmy dzieci z przedszkola", "pl.sexual_violence.in_turns33"),
    ("my client forgot her passport at the salon", "en.sexual_violence.clients_debt33"),
    ("klientka zgubiła paszport w sklepie", "pl.sexual_violence.clients_debt33"),
    ("coach said he'll kill us with sprints on monday", "en.violence.threat_kill_other33"),
    ("mama powiedziała że mnie zabije za tę jedynkę", "pl.violence.threat_kill_other33"),
    ("учитель сказал что убьёт нас контрольной", "ru.violence.threat_kill_other33"),
    ("тренер сказав що вб'є нас на тренуванні", "uk.violence.threat_kill_other33"),
]

# instructions about a generic person, and someone pretending: the lexicon finds no active
# medical phrase (the classifier still reads the text as it reads every text)
LEXICON_CALM = [
    "when the person isnt breathing you call 999 and start compressions straight away",
    "jeśli poszkodowany nie oddycha, dzwonisz na 112 i zaczynasz uciskanie",
    "если человек не дышит, звоните 103 и начинайте компрессии",
    "якщо людина не дихає, дзвоніть 103 і починайте компресії",
    "my little brother played dead on the sofa so well the dog barked",
    "mała udawała nieprzytomną na zajęciach, wszyscy się śmiali",
    "младшая изображала без сознания на уроке ОБЖ, все смеялись",
    "мала вдавала непритомну на уроці, всі сміялись",
]


@pytest.mark.parametrize(("text", "rule", "category"), CRISES)
def test_kind_escalates(text: str, rule: str, category: str) -> None:
    a = assess(text)
    assert a.escalate, a.explain()
    assert rule in {m.rule for m in a.matches if m.status == "active"}, a.explain()
    assert category in a.categories, a.explain()


@pytest.mark.parametrize(("text", "rule"), NOT_THESE)
def test_counter_example_is_not_the_kind(text: str, rule: str) -> None:
    a = assess(text)
    assert rule not in {m.rule for m in a.matches}, a.explain()


@pytest.mark.parametrize("text", LEXICON_CALM)
def test_instruction_or_pretence_holds_no_crisis_phrase(text: str) -> None:
    a = assess(text)
    active = [
        m for m in a.matches if m.status == "active" and m.category in ("medical", "overdose")
    ]
    assert not active, a.explain()


# someone meant to play unconscious in a drill who really collapses: the pretence drops the
# phrase it spans, a collapse with no pulse escalates (pending/attack34/)
PRETENCE_TURNED_REAL = [
    "at the drill tom was meant to pretend to be unconscious but then he really collapsed, no pulse now",
    "na ćwiczeniach miała udawać nieprzytomną, a potem naprawdę zasłabła, brak pulsu",
    "на учениях он должен был притворяться без сознания, а потом реально упал, пульса нет",
    "на навчаннях він мав вдавати непритомного, а потім справді впав, пульсу нема",
]


@pytest.mark.parametrize("text", PRETENCE_TURNED_REAL)
def test_a_pretence_turned_real_escalates(text: str) -> None:
    a = assess(text)
    assert a.escalate, a.explain()
    assert any(m.rule.endswith("no_pulse31") and m.status == "active" for m in a.matches)


def test_a_crisis_question_about_him_is_no_instruction() -> None:
    """'if he isn't breathing' is asked about someone with the writer now."""
    a = assess("my bf took something an hour ago, if he isnt breathing what do i do")
    assert a.escalate, a.explain()


def test_like_in_that_film_tells_no_fiction() -> None:
    """A likening makes the film the speaker's own: the escalation is not told of fiction."""
    a = assess("wzięłam całe opakowanie tabletek jak w tym filmie, kręci mi się w głowie")
    assert a.escalate, a.explain()
    assert FICTION not in a.reasons, a.explain()
