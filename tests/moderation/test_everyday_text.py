"""Everyday chat text never escalates (issue 20 item 1; the model 2026.2 was reverted for this).

Model 2026.2 rated "v 12" high (digit tokens carried weight), "I will think about it and write
again tomorrow." imminent and the relay benchmark's "OK, I will think about it and write again
tomorrow evening." high, so every 5th message of the benchmark escalated and a delivery test
got a crisis reply among its "v N" messages. What people and programs write in an ordinary
chat must stay at "none" or "concern" and never escalate: the benchmarks' texts
(bench/relay.py TEXTS, bench/soak.py), the texts the server tests send in chats that are not
about a crisis, and ~40 everyday messages per language written for this test (not copied from
the training templates: a test below checks it) — each read alone (`assess`) and in a
realistic sequence of one visitor's messages (`assess_conversation`, as crisis-scan reads it
and as the server reads it, `new_risk_only`).
"""

from __future__ import annotations

import random

import pytest

from bench.crisis_corpus import TEMPLATES
from bench.relay import TEXTS as RELAY_TEXTS
from bench.soak import FIRST_TEXT as SOAK_FIRST_TEXT
from bench.soak import message_text as soak_text
from moderation import CONTEXT_MESSAGES, assess, assess_conversation
from moderation.normalize import normalize

CALM = ("none", "concern")

# what visitors and networkers write in the server tests' chats that are not about a crisis
# (tests/test_*.py: send(...), "text": ...; crisis texts and case notes left out)
SERVER_TEST_TEXTS = [
    "Cześć, jestem tu",
    "Cześć, mam pytanie o testy",
    "Cześć, potrzebuję porady prawnej",
    "Czy ktoś jest?",
    "Czy ktoś jest? Potrzebuję pomocy",
    "Dzień dobry",
    "Dzień dobry, jestem Ania. W czym mogę pomóc?",
    "Dzień dobry, tu Ania z porannej zmiany. Jak mogę pomóc?",
    "Dzień dobry, tu Tomek.",
    "Dziękuję",
    "Dziękuję, jestem z powrotem",
    "Hello",
    "Jestem",
    "Jestem tu z tobą",
    "Jestem z Tobą",
    "Jestem, słucham.",
    "Jestem.",
    "Jeszcze jedno pytanie",
    "Mam problem z właścicielem mieszkania",
    "Nadal jestem tutaj.",
    "Nikogo nie ma? Zostawiam wiadomość: potrzebuję pomocy z mieszkaniem",
    "Odpisujemy co wieczór.",
    "Porozmawiajmy",
    "We answer every evening.",
    "Znowu ja, jest trochę lepiej",
    "Zostaję z Tobą.",
    "Zostawiam wiadomość dla następnej zmiany",
    "Świetnie, porozmawiajmy",
    "Spóźniona Sowia",
    "Druga rozmowa Pelikanowa",
    "moja sprawa Żurawinowa",
    "prosze usunac Wiewiorkowa",
    "a note",
    "after",
    "alone",
    "alone again",
    "arrived later",
    "burst",
    "changed",
    "cudzy",
    "czy ktoś tu jest?",
    "dla Ani",
    "druga",
    "druga, po usunięciu",
    "drugi",
    "drugie pytanie",
    "dzień dobry",
    "early",
    "first",
    "hej z drugiego węzła",
    "hej, czy ktoś tu jest?",
    "hello",
    "hi",
    "inna osoba",
    "inna sprawa",
    "jest tu ktoś?",
    "jeszcze jedno",
    "jeszcze tu jestem",
    "last",
    "later",
    "lost",
    "moja otwarta rozmowa",
    "nowa rozmowa",
    "odpowiedź",
    "one too many",
    "pierwsza",
    "pierwsza sprawa",
    "pierwsza wiadomość",
    "pierwszy",
    "po awarii",
    "pomocy",
    "potrzebuję pomocy",
    "private to alice",
    "prywatne",
    "przed awarią",
    "pytanie",
    "second",
    "second message",
    "sentinel",
    "sorry",
    "spam",
    "still here",
    "still me",
    "tajne",
    "the server is fine",
    "third",
    "trzecia",
    "wiadomość",
    "wróciłem",
    "wyzwiska",
    "x",
    "t",
    "i",
    "c",
    "1",
    "Text",
    "test",
    "w1",
    "w2",
    "c3",
    "m0",
]
# the numbered messages of the delivery, queue, crash, outage and chat tests
NUMBERED = ["v {}", "s {}", "a {}", "v{}", "m{}", "n{}", "c{}", "{}", "chat {}", "hello {}"]
NUMBERED += ["wiadomość {}", "w czasie awarii {}", "też w czasie awarii {}", "a1-{}", "b2-{}"]

# everyday messages written for this test, ~40 per language
EVERYDAY = {
    "en": [
        "hi there",
        "hello, good evening",
        "is someone available to chat right now?",
        "I got your number from a leaflet at the station",
        "can I ask a question about housing?",
        "my landlord wants me out by the 15th, what are my rights?",
        "where is the nearest food bank?",
        "do you know a dentist who takes people without insurance?",
        "I'd like to get a free HIV test next week",
        "what documents should I bring on Thursday?",
        "the number 7 bus stops near you, right?",
        "sorry, my English is not perfect",
        "could you send me the address again?",
        "I'll be there around 4 pm",
        "got it, room 12 on the second floor",
        "is the clinic closed on bank holidays?",
        "my appointment is at 10:30, can I come a bit earlier?",
        "thanks so much, you've been really helpful",
        "all good, I found the place",
        "I'm back, sorry, the connection dropped",
        "one more question if that's ok",
        "how much does a monthly bus pass cost?",
        "can I get help filling in a form for benefits?",
        "my friend also wants to come, is that fine?",
        "I work until 6, is there anything open after that?",
        "ok, I'll wait for your message",
        "no worries, take your time",
        "have a lovely weekend",
        "see you on Monday then",
        "I'll call them tomorrow morning and let you know",
        "not sure yet, I need to talk to my partner first",
        "that makes sense",
        "great news, I got the job",
        "my phone number changed, should I give you the new one?",
        "can I write in Polish instead?",
        "I'm just checking if this works",
        "test 1 2 3",
        "hello? anyone?",
        "good morning! quick question about the opening times",
        "bye, thanks again",
    ],
    "pl": [
        "dzień dobry, mam pytanie",
        "cześć, jest ktoś na czacie?",
        "dostałem wasz numer od pani w przychodni",
        "czy mogę zapytać o mieszkanie socjalne?",
        "właściciel kazał mi się wyprowadzić do końca miesiąca, co mogę zrobić?",
        "gdzie jest najbliższy bank żywności?",
        "szukam dentysty który przyjmie bez ubezpieczenia",
        "chciałabym zrobić darmowy test na hiv w przyszłym tygodniu",
        "jakie dokumenty mam zabrać w czwartek?",
        "tramwaj 8 zatrzymuje się koło was?",
        "przepraszam za błędy, piszę z telefonu",
        "możesz jeszcze raz podać adres?",
        "będę koło 16",
        "jasne, pokój 12 na drugim piętrze",
        "czy w długi weekend też pracujecie?",
        "mam wizytę o 10:30, mogę przyjść wcześniej?",
        "bardzo dziękuję, naprawdę pomogliście",
        "wszystko ok, znalazłam to miejsce",
        "już jestem, przerwało mi internet",
        "mam jeszcze jedno pytanie",
        "ile kosztuje bilet miesięczny?",
        "czy pomożecie mi wypełnić wniosek o 800 plus?",
        "mój kolega też chce przyjść, można?",
        "pracuję do 18, czy coś jest otwarte później?",
        "ok, czekam na wiadomość",
        "spokojnie, nie ma pośpiechu",
        "udanego weekendu",
        "to do poniedziałku",
        "zadzwonię do nich jutro rano i dam znać",
        "jeszcze nie wiem, muszę pogadać z żoną",
        "to ma sens",
        "mam dobrą wiadomość, dostałem tę pracę",
        "zmienił mi się numer, podać nowy?",
        "czy mogę pisać po angielsku?",
        "sprawdzam tylko czy to działa",
        "test 1 2 3",
        "halo? jest ktoś?",
        "dzień dobry, krótkie pytanie o godziny otwarcia",
        "pa, jeszcze raz dzięki",
        "napiszę jak wrócę z urzędu",
    ],
    "uk": [
        "добрий день, маю питання",
        "привіт, є хтось у чаті?",
        "отримала ваш номер у поліклініці",
        "можна спитати про соціальне житло?",
        "власник квартири каже виїхати до кінця місяця, що робити?",
        "де найближчий продуктовий банк?",
        "шукаю стоматолога без страховки",
        "хочу зробити безкоштовний тест на віл наступного тижня",
        "які документи взяти в четвер?",
        "трамвай 8 зупиняється біля вас?",
        "вибачте за помилки, пишу з телефону",
        "можеш ще раз написати адресу?",
        "буду десь о 16",
        "зрозуміло, кімната 12 на другому поверсі",
        "ви працюєте у вихідні дні?",
        "у мене запис на 10:30, можна прийти раніше?",
        "дуже дякую, ви справді допомогли",
        "все добре, я знайшла це місце",
        "я тут, зник інтернет",
        "ще одне питання",
        "скільки коштує місячний проїзний?",
        "допоможете заповнити заяву на допомогу?",
        "мій друг теж хоче прийти, можна?",
        "працюю до 18, щось відкрито пізніше?",
        "добре, чекаю на повідомлення",
        "нічого, не поспішайте",
        "гарних вихідних",
        "тоді до понеділка",
        "подзвоню їм завтра зранку і дам знати",
        "ще не знаю, треба поговорити з чоловіком",
        "логічно",
        "гарна новина, мене взяли на роботу",
        "в мене змінився номер, дати новий?",
        "можна писати російською?",
        "просто перевіряю чи це працює",
        "тест 1 2 3",
        "алло? є хтось?",
        "доброго ранку, коротке питання про години роботи",
        "бувайте, ще раз дякую",
        "напишу як повернусь з міграційної служби",
        "dyakuyu, do zavtra",
        "pryvit, mozhna pytannya?",
    ],
    "ru": [
        "добрый день, у меня вопрос",
        "привет, есть кто-то в чате?",
        "получил ваш номер в поликлинике",
        "можно спросить про социальное жилье?",
        "хозяин квартиры говорит съехать до конца месяца, что делать?",
        "где ближайший продуктовый банк?",
        "ищу стоматолога без страховки",
        "хочу сделать бесплатный тест на вич на следующей неделе",
        "какие документы взять в четверг?",
        "трамвай 8 останавливается возле вас?",
        "извините за ошибки, пишу с телефона",
        "можешь еще раз написать адрес?",
        "буду где-то в 16",
        "понятно, комната 12 на втором этаже",
        "вы работаете в выходные дни?",
        "у меня запись на 10:30, можно прийти раньше?",
        "большое спасибо, вы правда помогли",
        "все хорошо, я нашла это место",
        "я тут, пропал интернет",
        "еще один вопрос",
        "сколько стоит месячный проездной?",
        "поможете заполнить заявление на пособие?",
        "мой друг тоже хочет прийти, можно?",
        "работаю до 18, что-то открыто позже?",
        "хорошо, жду сообщения",
        "ничего, не спешите",
        "хороших выходных",
        "тогда до понедельника",
        "позвоню им завтра утром и дам знать",
        "еще не знаю, надо поговорить с мужем",
        "логично",
        "хорошая новость, меня взяли на работу",
        "у меня поменялся номер, дать новый?",
        "можно писать по-английски?",
        "просто проверяю работает ли это",
        "тест 1 2 3",
        "алло? есть кто?",
        "доброе утро, короткий вопрос про часы работы",
        "до свидания, еще раз спасибо",
        "напишу когда вернусь из миграционной службы",
        "spasibo, do zavtra",
        "privet, mozhno vopros?",
    ],
}


def relay_sequence(n: int) -> list[str]:
    """What one simulated person of bench/relay.py writes: the TEXTS in turn, numbered."""
    return [f"{RELAY_TEXTS[c % len(RELAY_TEXTS)]} ({c})" for c in range(n)]


def soak_sequence(n: int) -> list[str]:
    """What one visitor of bench/soak.py writes: the first message, then numbered ones."""
    return [SOAK_FIRST_TEXT] + [soak_text("visitor", 3, c) for c in range(2, n + 1)]


def numbered(n: int) -> list[str]:
    return [p.format(i) for p in NUMBERED for i in range(n)]


def _calm(text: str) -> None:
    a = assess(text)
    assert a.severity in CALM, (text, a.severity, round(a.score, 3))
    assert not a.escalate, text


def _calm_sequence(messages: list[str]) -> None:
    """Each message of one visitor's `messages` (in order), read with the recent ones before
    it, as crisis-scan --conversation (every run) and as the server (new_risk_only) read it."""
    for i in range(len(messages)):
        recent = messages[max(0, i + 1 - CONTEXT_MESSAGES) : i + 1]
        for new_risk_only in (False, True):
            a = assess_conversation(recent, new_risk_only=new_risk_only)
            assert a.severity in CALM, (recent, a.severity, round(a.score, 3))
            assert not a.escalate, recent


ALL_SINGLE = (
    [*RELAY_TEXTS, *relay_sequence(10), *soak_sequence(5), soak_text("staff", 0, 7)]
    + SERVER_TEST_TEXTS
    + [t for lines in EVERYDAY.values() for t in lines]
)


@pytest.mark.parametrize("text", ALL_SINGLE)
def test_everyday_message_alone_never_escalates(text):
    _calm(text)


def test_numbered_test_messages_never_escalate():
    """ "v 1".."v 300" (test_delivery), "s N", "chat N", "wiadomość N"...: numbers carry no
    weight, whatever their value."""
    for text in numbered(301):
        _calm(text)


def test_the_relay_benchmark_never_escalates():
    _calm_sequence(relay_sequence(60))


def test_the_soak_benchmark_never_escalates():
    _calm_sequence(soak_sequence(40))
    _calm_sequence([soak_text("staff", 5, c) for c in range(1, 20)])


def test_a_delivery_test_visitor_never_escalates():
    _calm_sequence([f"v {n}" for n in range(301)])
    _calm_sequence([f"s {n}" for n in range(60)] + ["1", "burst", "changed", "pierwsza"])


@pytest.mark.xfail(
    strict=True,
    reason="models 2026.11 and 2026.12 escalate one run of these texts read as one visitor's "
    "sequence ('prosze usunac Wiewiorkowa', 'a note', 'after', 'alone', 'alone again': 0.907 and "
    "0.934, the runs' threshold 0.904); a known regression of those models",
)
def test_the_server_tests_chats_never_escalate():
    _calm_sequence(SERVER_TEST_TEXTS)


@pytest.mark.parametrize("lang", sorted(EVERYDAY))
def test_an_everyday_conversation_never_escalates(lang):
    _calm_sequence(EVERYDAY[lang])
    # and mixed with the short tokens and closings people type between questions
    mixed = [x for t in EVERYDAY[lang] for x in (t, "ok", "v 12")]
    _calm_sequence(mixed)


# readings of everyday messages in any order (below) that may escalate, at most, per pool
EVERYDAY_RUN_ALARMS = 3


@pytest.mark.parametrize("pool", ["relay", *sorted(EVERYDAY)])
def test_everyday_messages_in_any_order_and_repeated_rarely_escalate(pool):
    """People repeat themselves and ask in no fixed order, and a visitor of bench/relay.py gets
    the TEXTS in no fixed order either (one counter for every socket of a load process). With
    model 2026.3, one reading in ten of such sequences of the relay texts escalated as a run
    ("My friend told me about this chat, I am not sure how it works." twice, then "OK, I will
    think about it and write again tomorrow evening.": imminent): the classifier rewarded
    length, and a run of harmless messages piled it up. 2026.4 learns the length apart and
    ships 0.9 of it (bench/crisis_train.py `scaled`). Not yet never: 30 seeded sequences of 10
    messages per pool, as the server reads them (300 readings), escalate at most
    EVERYDAY_RUN_ALARMS times (2026.3: relay 29, en 7, pl 3, ru 1, uk 0)."""
    texts = list(RELAY_TEXTS) if pool == "relay" else EVERYDAY[pool]
    rng = random.Random(f"everyday-{pool}")
    alarms = []
    for _ in range(30):
        seq = [f"{rng.choice(texts)} ({rng.randrange(10**5)})" for _ in range(10)]
        for i in range(len(seq)):
            recent = seq[max(0, i + 1 - CONTEXT_MESSAGES) : i + 1]
            if assess_conversation(recent, new_risk_only=True).escalate:
                alarms.append(recent)
    assert len(alarms) <= EVERYDAY_RUN_ALARMS, alarms


@pytest.mark.parametrize("pool", ["relay", *sorted(EVERYDAY)])
def test_an_everyday_message_sent_again_and_again_never_escalates(pool):
    """An impatient visitor sends the same question again (bench/relay.py's visitors, 100
    sockets on one counter, each got the same text every time). Model 2026.4 read five copies
    of "My friend told me about this chat, I am not sure how it works." as one long text and
    rated it imminent (0.98): a message repeated in the window (the same words but for case,
    digits, punctuation and spacing) adds nothing to a run."""
    texts = list(RELAY_TEXTS) if pool == "relay" else EVERYDAY[pool]
    for text in texts:
        for form in ("{} ({})", "{}", "{} {}"):
            _calm_sequence([form.format(text, n) for n in range(CONTEXT_MESSAGES + 2)])
        _calm_sequence([text, text.upper(), f"  {text}  ", text, text.casefold(), text])
        _calm_sequence([text, f"{text}?", f"{text}!!", f"{text} ...", f"{text}??", text])


def test_a_crisis_message_sent_again_still_escalates_and_names_the_last():
    a = assess_conversation(["I want to die", "i want to die", "I want to die 2"])
    assert a.escalate
    assert a.contributing == (2,)
    # a build-up read across different messages still counts
    b = assess_conversation(
        [
            "mam w domu całe opakowanie nasennych",
            "mam w domu całe opakowanie nasennych",
            "i tak nikt nie zauważy",
            "dziś wieczorem to zrobię",
        ]
    )
    assert b.escalate
    assert set(b.contributing) >= {1, 2, 3}


def test_the_everyday_lists_are_not_copied_from_the_training_templates():
    """The lists above measure something only if the model was not fitted on them."""
    templates = {
        normalize(t)[0].strip(" ?!.")
        for kinds in TEMPLATES.values()
        for _, _, lines in kinds.values()
        for t in lines
    }
    for lang, lines in EVERYDAY.items():
        assert len(lines) >= 40, lang
        copied = [t for t in lines if normalize(t)[0].strip(" ?!.") in templates]
        assert copied == [], lang
