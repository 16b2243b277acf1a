"""The training corpus of the crisis classifier: templates × slot fillers × noise, by kind.

Deterministic (seeded): `generate()` returns the same rows on every run, so the corpus is not
kept as a file; `python bench/crisis_corpus.py --out FILE` writes it as JSON lines for reading.
Each row: {"text", "lang", "label": 1 | 0, "category": one of moderation.CATEGORIES | "none",
"kind"}. Label 1: must escalate. The kinds follow issue 20 (intent with means or
self-directed endings, a past attempt with renewed intent, purpose clauses that mean death,
violence expected from someone, sexual violence disclosed, medical emergencies said plainly,
danger right now from others, child abuse) and their counter-examples (jokes and hyperbole,
sports, recovery stories, quotes of news/films/lyrics/coursework, old scars, harm-reduction
questions, ordinary outreach chat). The second round of kinds (bench/crisis_kinds.py: more
phrasing per kind, third persons, mixed languages, negations, past events, service and
resource questions, non-urgent health, slang) is merged into TEMPLATES below.

Also used: the hand-written tuned corpus files tests/moderation/corpus/*.jsonl (labelled by
`expect`). Never the frozen held-out set tests/moderation/heldout/ (a test checks that no
held-out text, normalised, is in the training rows).

Noise, applied at random to the generated text: lower case, diacritics dropped, one typo
(a letter dropped, doubled or two swapped), leetspeak inside words, a repeated letter, chat
tails ("xd", "pls", "...", "!!!", emoji), and for Ukrainian and Russian the whole message in
Latin letters (two common spellings, or one writer's habits for the ambiguous letters:
`chat_latin`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

from bench.crisis_buildup import BUILDUP
from bench.crisis_kinds import BARE_KINDS, CHAT_KINDS, EXTRA_SLOTS, KINDS
from moderation.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "moderation" / "corpus"

# ----------------------------------------------------------------------------- slot fillers
SLOTS: dict[str, dict[str, list[str]]] = {
    "pl": {
        "TIME": [
            "dziś",
            "dzisiaj w nocy",
            "dziś wieczorem",
            "jutro rano",
            "zaraz",
            "w weekend",
            "po szkole",
            "jak wszyscy zasną",
            "tej nocy",
            "za godzinę",
            "w piątek",
            "teraz",
        ],
        "PILLS": [
            "tabletki",
            "leki nasenne",
            "xanax",
            "paracetamol",
            "tramadol",
            "antydepresanty",
            "leki mamy",
            "prochy",
            "benzo",
            "leki babci",
            "insulinę",
            "hydroksyzynę",
        ],
        "QTY": [
            "całe opakowanie",
            "dwa listki",
            "wszystkie",
            "trzy paczki",
            "50 sztuk",
            "garść",
            "całą fiolkę",
            "pół słoika",
        ],
        "PLACE": ["z mostu", "z dachu", "z balkonu", "z 10 piętra", "z wiaduktu", "z okna"],
        "PERP": [
            "mąż",
            "chłopak",
            "ojczym",
            "partner",
            "były",
            "ojciec",
            "brat",
            "konkubent",
            "współlokator",
            "teść",
        ],
        "CARER": [
            "ojczym",
            "tata",
            "wujek",
            "dziadek",
            "trener",
            "sąsiad",
            "partner mamy",
            "opiekun",
            "starszy kuzyn",
            "ksiądz",
        ],
        "SIGN": [
            "nie może mówić",
            "ma opadnięty kącik ust",
            "nie czuje ręki",
            "bełkocze",
            "ma sine usta",
            "nie oddycha",
            "ma drgawki",
            "nie reaguje",
            "jest cały rozpalony i bredzi",
            "krwawi bardzo mocno",
        ],
        "WHO": [
            "dziadek",
            "mama",
            "kolega",
            "dziecko",
            "babcia",
            "tata",
            "współlokator",
            "koleżanka",
            "brat",
            "sąsiad",
        ],
        # "czekoladki", not "czekoladę": "przedawkowałem czekoladę xD" is a frozen held-out line
        # (the issue's own example), which the templates must never write out
        "FOOD": [
            "czekoladki",
            "kawę",
            "seriale",
            "memy",
            "pizzę",
            "energetyki",
            "żelki",
            "tiktoka",
        ],
        "LAUGH": ["xD", "haha", "hahah", ":P", "lol", "xd", "😂"],
        "YEARS": [
            "rok temu",
            "dwa lata temu",
            "trzy lata temu",
            "w liceum",
            "pięć lat temu",
            "kiedyś",
        ],
    },
    "en": {
        "TIME": [
            "tonight",
            "today",
            "tomorrow morning",
            "this weekend",
            "after school",
            "when everyone is asleep",
            "in an hour",
            "right now",
            "on friday",
            "later tonight",
        ],
        "PILLS": [
            "pills",
            "sleeping pills",
            "xanax",
            "paracetamol",
            "tramadol",
            "antidepressants",
            "my mums meds",
            "oxy",
            "benzos",
            "my nans tablets",
            "insulin",
            "painkillers",
        ],
        "QTY": [
            "the whole box",
            "two strips",
            "all of them",
            "three packs",
            "50 tablets",
            "a handful",
            "the whole bottle",
            "half a jar",
        ],
        "PLACE": [
            "off the bridge",
            "off the roof",
            "off the balcony",
            "from the 10th floor",
            "off the overpass",
            "out the window",
        ],
        "PERP": [
            "my husband",
            "my boyfriend",
            "my stepdad",
            "my partner",
            "my ex",
            "my dad",
            "my brother",
            "my flatmate",
            "my girlfriend",
            "my father in law",
        ],
        "CARER": [
            "my stepdad",
            "my dad",
            "my uncle",
            "my grandad",
            "my coach",
            "a neighbour",
            "mums boyfriend",
            "my carer",
            "my older cousin",
            "the priest",
        ],
        "SIGN": [
            "cant speak",
            "has a drooping face",
            "cant feel his arm",
            "is slurring",
            "has blue lips",
            "isnt breathing",
            "is having a seizure",
            "isnt responding",
            "is burning up and confused",
            "is bleeding a lot",
        ],
        "WHO": [
            "my grandad",
            "my mum",
            "my friend",
            "my kid",
            "my nan",
            "my dad",
            "my flatmate",
            "my mate",
            "my brother",
            "a guy here",
        ],
        "FOOD": [
            "chocolate",
            "coffee",
            "netflix",
            "memes",
            "pizza",
            "energy drinks",
            "gummy bears",
            "tiktok",
        ],
        "LAUGH": ["lol", "haha", "lmao", ":P", "xD", "😂", "jk"],
        "YEARS": [
            "a year ago",
            "two years ago",
            "three years ago",
            "in high school",
            "five years ago",
            "back in uni",
        ],
    },
    "uk": {
        "TIME": [
            "сьогодні",
            "сьогодні вночі",
            "ввечері",
            "завтра зранку",
            "зараз",
            "на вихідних",
            "після школи",
            "коли всі заснуть",
            "за годину",
            "в пятницю",
        ],
        "PILLS": [
            "таблетки",
            "снодійне",
            "ксанакс",
            "парацетамол",
            "трамадол",
            "антидепресанти",
            "мамині ліки",
            "колеса",
            "бензо",
            "бабусині ліки",
            "інсулін",
            "знеболювальне",
        ],
        "QTY": [
            "цілу упаковку",
            "дві пластинки",
            "всі",
            "три пачки",
            "50 штук",
            "жменю",
            "цілий флакон",
            "пів банки",
        ],
        "PLACE": ["з мосту", "з даху", "з балкона", "з 10 поверху", "з естакади", "з вікна"],
        "PERP": [
            "чоловік",
            "хлопець",
            "вітчим",
            "партнер",
            "колишній",
            "батько",
            "брат",
            "співмешканець",
            "сусід по кімнаті",
            "свекор",
        ],
        "CARER": [
            "вітчим",
            "тато",
            "дядько",
            "дідусь",
            "тренер",
            "сусід",
            "мамин хлопець",
            "опікун",
            "старший брат",
            "священник",
        ],
        "SIGN": [
            "не може говорити",
            "має опущений куточок рота",
            "не відчуває руки",
            "говорить невиразно",
            "має сині губи",
            "не дихає",
            "має судоми",
            "не реагує",
            "весь гарячий і марить",
            "сильно кровить",
        ],
        "WHO": [
            "дідусь",
            "мама",
            "друг",
            "дитина",
            "бабуся",
            "тато",
            "сусід",
            "подруга",
            "брат",
            "хлопець",
        ],
        "FOOD": [
            "шоколадом",
            "кавою",
            "серіалами",
            "мемами",
            "піцою",
            "енергетиками",
            "цукерками",
            "тіктоком",
        ],
        "LAUGH": ["хаха", "хд", "лол", ":P", "😂", "ахах"],
        "YEARS": [
            "рік тому",
            "два роки тому",
            "три роки тому",
            "в школі",
            "пять років тому",
            "колись",
        ],
    },
    "ru": {
        "TIME": [
            "сегодня",
            "сегодня ночью",
            "вечером",
            "завтра утром",
            "сейчас",
            "на выходных",
            "после школы",
            "когда все уснут",
            "через час",
            "в пятницу",
        ],
        "PILLS": [
            "таблетки",
            "снотворное",
            "ксанакс",
            "парацетамол",
            "трамадол",
            "антидепрессанты",
            "мамины лекарства",
            "колеса",
            "бензо",
            "бабушкины лекарства",
            "инсулин",
            "обезболивающие",
        ],
        "QTY": [
            "целую упаковку",
            "две пластинки",
            "все",
            "три пачки",
            "50 штук",
            "горсть",
            "целый флакон",
            "пол банки",
        ],
        "PLACE": ["с моста", "с крыши", "с балкона", "с 10 этажа", "с эстакады", "из окна"],
        "PERP": [
            "муж",
            "парень",
            "отчим",
            "партнер",
            "бывший",
            "отец",
            "брат",
            "сожитель",
            "сосед по комнате",
            "свекор",
        ],
        "CARER": [
            "отчим",
            "папа",
            "дядя",
            "дедушка",
            "тренер",
            "сосед",
            "мамин парень",
            "опекун",
            "старший брат",
            "священник",
        ],
        "SIGN": [
            "не может говорить",
            "у него опустился уголок рта",
            "не чувствует руку",
            "говорит невнятно",
            "синие губы",
            "не дышит",
            "судороги",
            "не реагирует",
            "весь горячий и бредит",
            "сильно кровит",
        ],
        "WHO": [
            "дедушка",
            "мама",
            "друг",
            "ребенок",
            "бабушка",
            "папа",
            "сосед",
            "подруга",
            "брат",
            "парень",
        ],
        "FOOD": [
            "шоколадом",
            "кофе",
            "сериалами",
            "мемами",
            "пиццей",
            "энергетиками",
            "конфетами",
            "тиктоком",
        ],
        "LAUGH": ["хаха", "хд", "лол", ":P", "😂", "ахах"],
        "YEARS": [
            "год назад",
            "два года назад",
            "три года назад",
            "в школе",
            "пять лет назад",
            "когда-то",
        ],
    },
}

# ----------------------------------------------------------------------------- templates
# kind -> (label, category, templates); "{SLOT}" is filled from SLOTS[lang].
T = dict[str, tuple[int, str, list[str]]]

TEMPLATES: dict[str, T] = {
    "pl": {
        "intent": (
            1,
            "self_harm",
            [
                "chcę się zabić {TIME}",
                "mam zamiar ze sobą skończyć {TIME}",
                "planuję odebrać sobie życie",
                "nie chcę już dłużej żyć",
                "postanowiłem że {TIME} skoczę {PLACE}",
                "myślę żeby się powiesić",
                "zrobię to {TIME}, mam już wszystko przygotowane",
                "chcę umrzeć i mam plan",
                "zaraz rzucę się pod pociąg",
                "mam już sznur i wiem gdzie",
                "napisałam list pożegnalny, to koniec",
                "żegnajcie, {TIME} mnie nie będzie",
                "wszystkim będzie lepiej beze mnie, kończę to {TIME}",
                "chcę zasnąć i się nie obudzić",
                "mam ochotę się zabić naprawdę",
                "wezmę {QTY} {PILLS} i koniec",
                "stoję na krawędzi dachu",
                "nie widzę sensu żeby dalej żyć, wiem jak to zrobić",
                "jak się zabić szybko i bezboleśnie",
                "oddałam kota sąsiadce i usunęłam konta, już czas",
                "mam dość życia, {TIME} to zakończę",
                "chcę się pociąć głęboko",
                "zamierzam się zabić",
                "ostatni raz piszę do kogokolwiek",
            ],
        ),
        "renewed": (
            1,
            "self_harm",
            [
                "{YEARS} próbowałem się zabić, teraz znowu chcę",
                "{YEARS} łykałam tabletki, znowu zbieram {PILLS}",
                "po próbie {YEARS} myślałam że minie, ale znowu mam plan",
                "już raz skakałem, tym razem się uda",
                "odratowali mnie {YEARS}, tym razem nie dam się odratować",
                "nie cięłam się od roku, wczoraj wróciłam do tego i chcę mocniej",
                "znowu myślę o tym co zrobiłam {YEARS}, i chcę dokończyć",
            ],
        ),
        "purpose": (
            1,
            "overdose",
            [
                "wzięłam {QTY} {PILLS} żeby się nie obudzić",
                "połknąłem {PILLS} z wódką żeby to się skończyło",
                "łyknęłam {QTY} żeby zasnąć na zawsze",
                "wypiję wszystko z apteczki żeby już nie wstać",
                "zmieszałam {PILLS} z alkoholem żeby rano mnie nie było",
                "wziąłem {QTY} {PILLS} żeby już nic nie czuć nigdy",
            ],
        ),
        "overdose": (
            1,
            "overdose",
            [
                "wzięłam {QTY} {PILLS} godzinę temu",
                "{WHO} wziął za dużo i nie można go dobudzić",
                "{WHO} przedawkował i sinieje",
                "łyknąłem {QTY} {PILLS} i kręci mi się w głowie",
                "po {PILLS} serce mi wali i wymiotuję",
                "chyba przedawkowałem, coś jest nie tak z sercem",
                "{WHO} coś wziął na imprezie i ledwo oddycha",
                "dał sobie w żyłę za dużo i leży",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "boję się wracać do domu, {PERP} znowu mnie pobije",
                "jak {PERP} wróci to mnie zleje",
                "{PERP} powiedział że mnie zabije jak odejdę",
                "{PERP} grozi że mnie dopadnie {TIME}",
                "{PERP} pije i mówi że jestem następna",
                "{PERP} napisał że jak wrócę to pożałuję",
                "wiem że {TIME} znowu mnie uderzy",
                "{PERP} ostrzy nóż i patrzy na mnie",
            ],
        ),
        "violence": (
            1,
            "violence",
            [
                "{PERP} mnie pobił",
                "{PERP} mnie dusił",
                "{PERP} bije mnie codziennie",
                "{PERP} rzucił mną o ścianę",
                "{PERP} kopał mnie po brzuchu",
                "{PERP} znowu bije mamę",
                "{PERP} przystawił mi nóż do gardła",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "ktoś idzie za mną od przystanku",
                "jakiś typ śledzi mnie od godziny",
                "{PERP} zamknął mnie w domu i zabrał telefon",
                "pracodawca zabrał mi paszport i grozi mi",
                "szef trzyma nasze dokumenty i mówi że nas pobije jak uciekniemy",
                "dziecko sąsiadów znowu krzyczy i słychać uderzenia",
                "samochód jedzie za mną od kilku ulic",
                "schowałam się w łazience, {PERP} wali w drzwi",
                "alfons mówi że mnie skrzywdzi jak nie zarobię",
                "nie wypuszczają mnie z mieszkania i zabrali dokumenty",
                "ktoś próbuje wyważyć moje drzwi",
            ],
        ),
        "child_abuse": (
            1,
            "child_abuse",
            [
                "{CARER} dotyka mnie w nocy",
                "{CARER} bije mnie pasem",
                "{CARER} każe mi trzymać to w tajemnicy",
                "{CARER} robi mi rzeczy których nie chcę, mam 12 lat",
                "mama zamyka mnie i nie daje jeść",
                "{CARER} kazał mi wysłać nagie zdjęcia",
                "{CARER} bije mnie i brata jak pije",
                "słyszę jak sąsiedzi katują swoje dziecko",
            ],
        ),
        "sexual_violence": (
            1,
            "sexual_violence",
            [
                "zostałam zgwałcona",
                "ktoś mnie zgwałcił {YEARS2}",
                "{PERP} zmusił mnie do seksu",
                "{PERP} gwałci mnie",
                "dosypali mi coś do drinka i obudziłam się bez ubrań",
                "kolega z pracy mnie molestuje i dotyka",
                "zmusili mnie do seksu na imprezie",
                "napastował mnie w autobusie i idzie za mną",
                "szef mnie obmacuje i grozi zwolnieniem",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "{WHO} {SIGN}",
                "{WHO} upadł i {SIGN}",
                "puchnie mi gardło i nie mogę oddychać",
                "krew leci i nie mogę zatamować",
                "dziecko ma wysoką gorączkę i drgawki",
                "ból w klatce promieniuje do ręki",
                "dusze się po ukąszeniu",
                "{WHO} po dopalaczach {SIGN}",
                "jestem w ciąży i mocno krwawię",
                "nagle najgorszy ból głowy w życiu i widzę podwójnie",
                "{WHO} zemdlał i {SIGN}",
            ],
        ),
        "self_harm": (
            1,
            "self_harm",
            [
                "pocięłam się głęboko i krew nie przestaje lecieć",
                "znowu się tnę co noc",
                "przypaliłem się i rana jest straszna",
                "cięłam się dziś żyletką i jest bardzo głęboko",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "przedawkowałem {FOOD} {LAUGH}",
                "zabiję się z tą matmą {LAUGH}",
                "umieram ze śmiechu {LAUGH}",
                "ten film mnie zabił {LAUGH}",
                "mama mnie zabije za ten bałagan {LAUGH}",
                "powieszę się jak znowu będzie poniedziałek {LAUGH}",
                "udławię się tym memem {LAUGH}",
                "umrę jak nie dostanę tej pracy {LAUGH}",
                "zabiję go jak zje moje ciastko {LAUGH}",
                "wykończy mnie ta sesja",
                "zgon po imprezie",
            ],
        ),
        "sports": (
            0,
            "none",
            [
                "zmiażdżymy ich w sobotę",
                "sędzia zabił ten mecz",
                "jak przegramy to skoczę z mostu {LAUGH}",
                "nasz napastnik to morderca",
                "rozjechali nas, pogrzeb drużyny",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "{YEARS} próbowałam się zabić, teraz jest dobrze",
                "{YEARS} cięłam się, dziś jestem na terapii i jest ok",
                "{YEARS} przedawkowałem, teraz jestem czysty i pracuję",
                "po próbie samobójczej {YEARS} dostałam pomoc i żyję dalej",
                "kiedyś chciałem umrzeć, dziś się cieszę że żyję",
                "odeszłam od męża który mnie bił, teraz jestem bezpieczna",
                "byłam zgwałcona {YEARS}, terapia mi pomogła",
                "{YEARS} miałem myśli samobójcze, teraz biorę leki i jest lepiej",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "czytałam o samobójstwach w gazecie",
                "w filmie ktoś skacze z dachu",
                "piszę pracę o przemocy domowej",
                "w wiadomościach mówili o przedawkowaniach",
                "w tej piosence jest tekst o śmierci",
                "omawiamy na polskim samobójstwo bohatera",
                "dokument o gwałtach był wstrząsający",
                "statystyki udarów w polsce rosną",
            ],
        ),
        "scars": (
            0,
            "none",
            [
                "jak ukryć stare blizny po cięciu",
                "czy blizny z {YEARS} znikną",
                "ktoś pytał o moje blizny, co powiedzieć",
                "laser na stare blizny, warto?",
            ],
        ),
        "harm_reduction": (
            0,
            "none",
            [
                "ile można wziąć żeby nie przedawkować",
                "jaka bezpieczna dawka {PILLS}",
                "czy można mieszać alkohol z {PILLS}",
                "gdzie dostać nalokson",
                "jak rozpoznać przedawkowanie u kogoś",
                "gdzie są darmowe testy na fentanyl",
                "gdzie wymienić strzykawki",
                "jak bezpiecznie odstawić {PILLS}",
            ],
        ),
        "ordinary": (
            0,
            "none",
            [
                "szukam darmowego prawnika",
                "gdzie zrobić test na hiv",
                "dzięki za pomoc",
                "nie mam kasy na czynsz",
                "nie mogę spać przez stres",
                "gdzie jest noclegownia",
                "pokłóciłam się z mamą",
                "kolega za dużo pije, co robić",
                "czuję się taka samotna w tym mieście",
                "jest mi smutno od paru dni",
                "wzięłam {PILLS} na ból głowy i przeszło",
                "{WHO} miał udar {YEARS}, jak pomóc",
                "dziecko ma katar",
                "skaleczyłem się w palec, plaster wystarczy?",
                "kupiłam sznurek do prania",
                "stoję na moście i robię zdjęcia",
                "szef nie płaci mi za nadgodziny",
                "gdzie dostać tabletkę dzień po",
                "mam doła ale dam radę",
                "płaczę ostatnio ale idę do psychologa",
                "jak pomóc koleżance której chłopak ją kontroluje",
                "dzięki, miłego dnia",
            ],
        ),
    },
    "en": {
        "intent": (
            1,
            "self_harm",
            [
                "i want to kill myself {TIME}",
                "im going to end my life {TIME}",
                "planning to take my own life",
                "i dont want to live anymore",
                "decided ill jump {PLACE} {TIME}",
                "thinking about hanging myself",
                "ill do it {TIME}, everything is ready",
                "i want to die and i have a plan",
                "gonna throw myself in front of a train",
                "got the rope and i know where",
                "wrote my suicide note, this is it",
                "goodbye, i wont be here {TIME}",
                "everyone is better off without me, ending it {TIME}",
                "want to sleep and never wake up",
                "i really want to kill myself",
                "taking {QTY} of my {PILLS} and thats it",
                "im standing on the edge of the roof",
                "no point living anymore, i know how",
                "fastest painless way to die",
                "gave my cat away and deleted my accounts, its time",
                "done with life, ending it {TIME}",
                "want to cut deep",
                "going to kms",
                "last time im messaging anyone",
                "i wanna unalive myself",
            ],
        ),
        "renewed": (
            1,
            "self_harm",
            [
                "tried to kill myself {YEARS}, now i want to again",
                "took pills {YEARS}, saving up {PILLS} again",
                "after my attempt {YEARS} i thought it would pass, but i have a plan again",
                "jumped once and survived, this time it will work",
                "they saved me {YEARS}, not this time",
                "clean from cutting for a year, relapsed and want to go deeper",
                "i keep thinking about what i did {YEARS} and want to finish it",
            ],
        ),
        "purpose": (
            1,
            "overdose",
            [
                "took {QTY} of {PILLS} so i dont wake up",
                "swallowed {PILLS} with vodka so it ends",
                "took {QTY} to sleep forever",
                "drinking everything in the cabinet so i never get up",
                "mixed {PILLS} with booze so im gone by morning",
                "took {QTY} of {PILLS} so i never feel anything again",
            ],
        ),
        "overdose": (
            1,
            "overdose",
            [
                "took {QTY} of {PILLS} an hour ago",
                "{WHO} took too much and we cant wake him",
                "{WHO} overdosed and is turning blue",
                "swallowed {QTY} of {PILLS} and im dizzy",
                "after the {PILLS} my heart is racing and im vomiting",
                "i think i overdosed, my heart feels wrong",
                "{WHO} took something at the party and is barely breathing",
                "he shot up too much and is lying there",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "scared to go home, {PERP} will beat me again",
                "when {PERP} gets back hell hit me",
                "{PERP} said hell kill me if i leave",
                "{PERP} says hell get me {TIME}",
                "{PERP} is drinking and says im next",
                "{PERP} texted that ill regret coming home",
                "i know hell hit me again {TIME}",
                "{PERP} is sharpening a knife and staring at me",
            ],
        ),
        "violence": (
            1,
            "violence",
            [
                "{PERP} beat me up",
                "{PERP} strangled me",
                "{PERP} hits me every day",
                "{PERP} threw me against the wall",
                "{PERP} kicked me in the stomach",
                "{PERP} is hitting my mum again",
                "{PERP} held a knife to my throat",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "someone is following me from the bus stop",
                "a guy has been following me for an hour",
                "{PERP} locked me in and took my phone",
                "my employer took my passport and threatens me",
                "the boss keeps our documents and says hell beat us if we run",
                "the neighbours kid is screaming again and i hear hitting",
                "a car has been following me for blocks",
                "hiding in the bathroom, {PERP} is banging on the door",
                "my pimp says hell hurt me if i dont earn",
                "they wont let me leave the flat and took my papers",
                "someone is trying to break down my door",
            ],
        ),
        "child_abuse": (
            1,
            "child_abuse",
            [
                "{CARER} touches me at night",
                "{CARER} hits me with a belt",
                "{CARER} makes me keep it a secret",
                "{CARER} does things to me i dont want, im 12",
                "mum locks me up and doesnt feed me",
                "{CARER} made me send naked pictures",
                "{CARER} beats me and my brother when he drinks",
                "i hear the neighbours beating their child",
            ],
        ),
        "sexual_violence": (
            1,
            "sexual_violence",
            [
                "i was raped",
                "someone raped me {YEARS2}",
                "{PERP} forced me to have sex",
                "{PERP} rapes me",
                "they spiked my drink and i woke up with no clothes",
                "a coworker keeps groping me",
                "they forced me to have sex at the party",
                "he assaulted me on the bus and is following me",
                "my boss gropes me and threatens to fire me",
                "i was sexually assaulted",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "{WHO} {SIGN}",
                "{WHO} collapsed and {SIGN}",
                "my throat is swelling and i cant breathe",
                "bleeding and i cant stop it",
                "my kid has a high fever and is fitting",
                "chest pain going into my arm",
                "choking after a sting",
                "{WHO} took spice and {SIGN}",
                "im pregnant and bleeding heavily",
                "sudden worst headache ever and double vision",
                "{WHO} fainted and {SIGN}",
            ],
        ),
        "self_harm": (
            1,
            "self_harm",
            [
                "cut myself deep and the blood wont stop",
                "im cutting every night again",
                "burned myself and the wound is awful",
                "cut with a razor today, its really deep",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "overdosed on {FOOD} {LAUGH}",
                "this maths is killing me {LAUGH}",
                "dying of laughter {LAUGH}",
                "that film killed me {LAUGH}",
                "mum will kill me for the mess {LAUGH}",
                "ill hang myself if its monday again {LAUGH}",
                "choking on this meme {LAUGH}",
                "ill die if i dont get that job {LAUGH}",
                "ill kill him if he eats my cake {LAUGH}",
                "exams are the death of me",
                "dead after the party",
            ],
        ),
        "sports": (
            0,
            "none",
            [
                "we will crush them saturday",
                "the ref killed the game",
                "if we lose im jumping off a bridge {LAUGH}",
                "our striker is a murderer",
                "they destroyed us, rip team",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "i tried to kill myself {YEARS}, now im good",
                "i used to cut {YEARS}, in therapy now and ok",
                "i overdosed {YEARS}, now clean and working",
                "after my attempt {YEARS} i got help and im living",
                "once wanted to die, now glad im alive",
                "left my husband who hit me, safe now",
                "i was raped {YEARS}, therapy helped",
                "had suicidal thoughts {YEARS}, on meds now and better",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "read about suicides in the paper",
                "in the film someone jumps off a roof",
                "writing a paper on domestic violence",
                "the news talked about overdoses",
                "this song has lyrics about dying",
                "studying a characters suicide in english class",
                "the documentary about rape was shocking",
                "stroke stats are rising",
            ],
        ),
        "scars": (
            0,
            "none",
            [
                "how to hide old self harm scars",
                "will scars from {YEARS} fade",
                "someone asked about my scars what do i say",
                "laser for old scars, worth it?",
            ],
        ),
        "harm_reduction": (
            0,
            "none",
            [
                "how much can i take without overdosing",
                "safe dose of {PILLS}",
                "can you mix alcohol with {PILLS}",
                "where to get naloxone",
                "how to spot an overdose",
                "free fentanyl test strips?",
                "where is a needle exchange",
                "how to taper off {PILLS} safely",
            ],
        ),
        "ordinary": (
            0,
            "none",
            [
                "looking for a free lawyer",
                "where can i get an hiv test",
                "thanks for the help",
                "cant pay rent",
                "cant sleep from stress",
                "where is the shelter",
                "had a fight with my mum",
                "my friend drinks too much, what do i do",
                "feel lonely",
                "been sad for a few days",
                "took {PILLS} for a headache and its gone",
                "{WHO} had a stroke {YEARS}, how to help",
                "kid has a cold",
                "cut my finger, is a plaster enough?",
                "bought rope for the washing",
                "on the bridge taking pictures",
                "boss doesnt pay overtime",
                "where do i get the morning after pill",
                "feeling low but ill be ok",
                "crying a lot lately but seeing a psychologist",
                "how to help a friend whose bf controls her",
                "thanks, have a nice day",
            ],
        ),
    },
    "uk": {
        "intent": (
            1,
            "self_harm",
            [
                "хочу вбити себе {TIME}",
                "збираюсь покінчити з собою {TIME}",
                "планую накласти на себе руки",
                "не хочу більше жити",
                "вирішила що {TIME} стрибну {PLACE}",
                "думаю повіситись",
                "зроблю це {TIME}, все готово",
                "хочу померти і маю план",
                "кинусь під поїзд",
                "вже маю мотузку і знаю де",
                "написала прощальний лист, це кінець",
                "прощавайте, {TIME} мене не буде",
                "всім буде краще без мене, закінчу це {TIME}",
                "хочу заснути і не прокинутися",
                "дуже хочу вбити себе",
                "вип'ю {QTY} {PILLS} і все",
                "стою на краю даху",
                "не бачу сенсу жити, знаю як",
                "як швидко і без болю померти",
                "віддала кота сусідці і видалила акаунти, час",
                "набридло жити, {TIME} все закінчу",
                "хочу глибоко порізатись",
                "збираюсь піти з життя",
                "останній раз комусь пишу",
            ],
        ),
        "renewed": (
            1,
            "self_harm",
            [
                "{YEARS} намагався вбити себе, тепер знову хочу",
                "{YEARS} ковтала таблетки, знову збираю {PILLS}",
                "після спроби {YEARS} думала мине, але знову маю план",
                "вже раз стрибав, цього разу вийде",
                "мене відкачали {YEARS}, цього разу не вийде",
                "рік не різалась, вчора знову і хочу глибше",
            ],
        ),
        "purpose": (
            1,
            "overdose",
            [
                "випила {QTY} {PILLS} щоб не прокинутись",
                "ковтнув {PILLS} з горілкою щоб це скінчилось",
                "випила {QTY} щоб заснути назавжди",
                "вип'ю все з аптечки щоб більше не встати",
                "змішала {PILLS} з алкоголем щоб до ранку мене не було",
            ],
        ),
        "overdose": (
            1,
            "overdose",
            [
                "випила {QTY} {PILLS} годину тому",
                "{WHO} вжив забагато і не можемо розбудити",
                "{WHO} передознувся і синіє",
                "наковталась {PILLS} і паморочиться голова",
                "після {PILLS} серце калатає і блюю",
                "здається в мене передоз, щось із серцем",
                "{WHO} щось вжив на вечірці і ледве дихає",
                "він вколовся забагато і лежить",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "боюсь іти додому, {PERP} знову поб'є",
                "як {PERP} повернеться то мене відлупцює",
                "{PERP} сказав що вб'є якщо піду",
                "{PERP} погрожує що дістане мене {TIME}",
                "{PERP} п'є і каже що я наступна",
                "{PERP} написав що пошкодую коли прийду",
                "знаю що {TIME} він знову вдарить",
                "{PERP} гострить ніж і дивиться на мене",
            ],
        ),
        "violence": (
            1,
            "violence",
            [
                "{PERP} мене побив",
                "{PERP} мене душив",
                "{PERP} б'є мене щодня",
                "{PERP} кинув мене об стіну",
                "{PERP} бив мене ногами",
                "{PERP} знову б'є маму",
                "{PERP} приставив ніж до горла",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "хтось іде за мною від зупинки",
                "якийсь тип переслідує мене годину",
                "{PERP} зачинив мене вдома і забрав телефон",
                "роботодавець забрав паспорт і погрожує",
                "шеф тримає наші документи і каже що поб'є якщо втечемо",
                "у сусідів дитина знову кричить і чути удари",
                "машина їде за мною кілька вулиць",
                "сховалась у ванній, {PERP} ломиться в двері",
                "сутенер каже що скривдить якщо не заробю",
                "не випускають з квартири і забрали документи",
                "хтось ламає мої двері",
            ],
        ),
        "child_abuse": (
            1,
            "child_abuse",
            [
                "{CARER} торкається мене вночі",
                "{CARER} б'є мене ременем",
                "{CARER} каже тримати це в таємниці",
                "{CARER} робить зі мною те чого я не хочу, мені 12",
                "мама зачиняє мене і не дає їсти",
                "{CARER} змусив надіслати голі фото",
                "{CARER} б'є мене і брата коли п'є",
                "чую як сусіди б'ють свою дитину",
            ],
        ),
        "sexual_violence": (
            1,
            "sexual_violence",
            [
                "мене зґвалтували",
                "мене згвалтували {YEARS2}",
                "{PERP} змусив мене до сексу",
                "{PERP} ґвалтує мене",
                "мені щось підсипали і я прокинулась без одягу",
                "колега домагається і мацає мене",
                "мене змусили до сексу на вечірці",
                "він чіпав мене в автобусі і йде за мною",
                "начальник мацає і погрожує звільненням",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "{WHO} {SIGN}",
                "{WHO} впав і {SIGN}",
                "набрякає горло і не можу дихати",
                "кров тече і не можу зупинити",
                "у дитини висока температура і судоми",
                "біль у грудях віддає в руку",
                "задихаюсь після укусу",
                "{WHO} після солей {SIGN}",
                "я вагітна і сильна кровотеча",
                "раптом найсильніший біль голови і двоїться в очах",
                "{WHO} знепритомнів і {SIGN}",
            ],
        ),
        "self_harm": (
            1,
            "self_harm",
            [
                "глибоко порізалась і кров не зупиняється",
                "знову ріжу себе щоночі",
                "обпекла себе і рана жахлива",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "передознулась {FOOD} {LAUGH}",
                "ця математика мене вб'є {LAUGH}",
                "помираю зі сміху {LAUGH}",
                "цей фільм мене вбив {LAUGH}",
                "мама мене вб'є за безлад {LAUGH}",
                "повішусь якщо знову понеділок {LAUGH}",
                "вдавлюсь цим мемом {LAUGH}",
                "помру якщо не візьмуть на роботу {LAUGH}",
                "вб'ю його якщо з'їсть мій торт {LAUGH}",
                "сесія мене доконає",
            ],
        ),
        "sports": (
            0,
            "none",
            [
                "розчавимо їх у суботу",
                "суддя вбив матч",
                "якщо програємо стрибну з мосту {LAUGH}",
                "наш нападник вбивця",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "{YEARS} намагалась покінчити з собою, зараз все добре",
                "{YEARS} різала себе, зараз терапія і ок",
                "{YEARS} був передоз, тепер чистий і працюю",
                "після спроби {YEARS} отримала допомогу і живу",
                "колись хотів померти, тепер радий що живу",
                "пішла від чоловіка який бив, тепер у безпеці",
                "мене зґвалтували {YEARS}, терапія допомогла",
                "{YEARS} були думки про самогубство, тепер ліки і краще",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "читала про самогубства в новинах",
                "у фільмі хтось стрибає з даху",
                "пишу роботу про домашнє насильство",
                "в новинах казали про передозування",
                "у пісні слова про смерть",
                "на літературі розбираємо самогубство героя",
                "документалка про зґвалтування шокувала",
            ],
        ),
        "scars": (
            0,
            "none",
            [
                "як приховати старі шрами від порізів",
                "чи зникнуть шрами з {YEARS}",
                "питали про шрами, що сказати",
            ],
        ),
        "harm_reduction": (
            0,
            "none",
            [
                "скільки можна прийняти щоб не передознутись",
                "безпечна доза {PILLS}",
                "чи можна змішувати алкоголь і {PILLS}",
                "де взяти налоксон",
                "як розпізнати передоз",
                "де обміняти шприци",
                "як безпечно кинути {PILLS}",
            ],
        ),
        "ordinary": (
            0,
            "none",
            [
                "шукаю безкоштовного юриста",
                "де зробити тест на віл",
                "дякую за допомогу",
                "нема грошей на оренду",
                "не можу спати через стрес",
                "де нічліжка",
                "посварилась з мамою",
                "друг багато п'є, що робити",
                "самотньо",
                "сумно кілька днів",
                "випила {PILLS} від голови і пройшло",
                "{WHO} мав інсульт {YEARS}, як допомогти",
                "у дитини нежить",
                "порізав палець, пластиря досить?",
                "купила мотузку для білизни",
                "на мосту фоткаю",
                "шеф не платить за понаднормові",
                "погано на душі але впораюсь",
                "часто плачу але ходжу до психолога",
                "дякую, гарного дня",
            ],
        ),
    },
    "ru": {
        "intent": (
            1,
            "self_harm",
            [
                "хочу убить себя {TIME}",
                "собираюсь покончить с собой {TIME}",
                "планирую наложить на себя руки",
                "не хочу больше жить",
                "решила что {TIME} прыгну {PLACE}",
                "думаю повеситься",
                "сделаю это {TIME}, все готово",
                "хочу умереть и есть план",
                "брошусь под поезд",
                "уже есть веревка и знаю где",
                "написала предсмертное письмо, это конец",
                "прощайте, {TIME} меня не будет",
                "всем будет лучше без меня, закончу это {TIME}",
                "хочу уснуть и не проснуться",
                "очень хочу убить себя",
                "выпью {QTY} {PILLS} и все",
                "стою на краю крыши",
                "не вижу смысла жить, знаю как",
                "как быстро и без боли умереть",
                "отдала кота соседке и удалила аккаунты, пора",
                "надоело жить, {TIME} все закончу",
                "хочу глубоко порезаться",
                "собираюсь уйти из жизни",
                "последний раз кому-то пишу",
            ],
        ),
        "renewed": (
            1,
            "self_harm",
            [
                "{YEARS} пытался убить себя, теперь снова хочу",
                "{YEARS} глотала таблетки, снова коплю {PILLS}",
                "после попытки {YEARS} думала пройдет, но снова есть план",
                "уже раз прыгал, в этот раз получится",
                "меня откачали {YEARS}, в этот раз не выйдет",
                "год не резалась, вчера снова и хочу глубже",
            ],
        ),
        "purpose": (
            1,
            "overdose",
            [
                "выпила {QTY} {PILLS} чтобы не проснуться",
                "проглотил {PILLS} с водкой чтобы это кончилось",
                "выпила {QTY} чтобы уснуть навсегда",
                "выпью все из аптечки чтобы больше не встать",
                "смешала {PILLS} с алкоголем чтобы к утру меня не было",
            ],
        ),
        "overdose": (
            1,
            "overdose",
            [
                "выпила {QTY} {PILLS} час назад",
                "{WHO} принял слишком много и не можем разбудить",
                "{WHO} передознулся и синеет",
                "наглоталась {PILLS} и кружится голова",
                "после {PILLS} сердце колотится и рвет",
                "кажется у меня передоз, что-то с сердцем",
                "{WHO} что-то принял на тусе и еле дышит",
                "он вкололся слишком много и лежит",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "боюсь идти домой, {PERP} опять изобьет",
                "как {PERP} вернется то меня отлупит",
                "{PERP} сказал что убьет если уйду",
                "{PERP} угрожает что доберется до меня {TIME}",
                "{PERP} пьет и говорит что я следующая",
                "{PERP} написал что пожалею когда приду",
                "знаю что {TIME} он опять ударит",
                "{PERP} точит нож и смотрит на меня",
            ],
        ),
        "violence": (
            1,
            "violence",
            [
                "{PERP} меня избил",
                "{PERP} меня душил",
                "{PERP} бьет меня каждый день",
                "{PERP} швырнул меня об стену",
                "{PERP} пинал меня ногами",
                "{PERP} опять бьет маму",
                "{PERP} приставил нож к горлу",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "кто-то идет за мной от остановки",
                "какой-то тип преследует меня час",
                "{PERP} запер меня дома и забрал телефон",
                "работодатель забрал паспорт и угрожает",
                "шеф держит наши документы и говорит что изобьет если сбежим",
                "у соседей ребенок опять кричит и слышны удары",
                "машина едет за мной несколько улиц",
                "спряталась в ванной, {PERP} ломится в дверь",
                "сутенер говорит что покалечит если не заработаю",
                "не выпускают из квартиры и забрали документы",
                "кто-то ломает мою дверь",
            ],
        ),
        "child_abuse": (
            1,
            "child_abuse",
            [
                "{CARER} трогает меня ночью",
                "{CARER} бьет меня ремнем",
                "{CARER} говорит держать это в тайне",
                "{CARER} делает со мной то чего я не хочу, мне 12",
                "мама запирает меня и не дает есть",
                "{CARER} заставил прислать голые фото",
                "{CARER} бьет меня и брата когда пьет",
                "слышу как соседи бьют своего ребенка",
            ],
        ),
        "sexual_violence": (
            1,
            "sexual_violence",
            [
                "меня изнасиловали",
                "меня изнасиловали {YEARS2}",
                "{PERP} заставил меня заняться сексом",
                "{PERP} насилует меня",
                "мне что-то подсыпали и я проснулась без одежды",
                "коллега домогается и лапает меня",
                "меня заставили заняться сексом на вечеринке",
                "он лапал меня в автобусе и идет за мной",
                "начальник лапает и угрожает увольнением",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "{WHO} {SIGN}",
                "{WHO} упал и {SIGN}",
                "отекает горло и не могу дышать",
                "кровь течет и не могу остановить",
                "у ребенка высокая температура и судороги",
                "боль в груди отдает в руку",
                "задыхаюсь после укуса",
                "{WHO} после солей {SIGN}",
                "я беременна и сильное кровотечение",
                "внезапно сильнейшая головная боль и двоится в глазах",
                "{WHO} потерял сознание и {SIGN}",
            ],
        ),
        "self_harm": (
            1,
            "self_harm",
            [
                "глубоко порезалась и кровь не останавливается",
                "опять режу себя каждую ночь",
                "прижгла себя и рана ужасная",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "передознулась {FOOD} {LAUGH}",
                "эта математика меня убьет {LAUGH}",
                "умираю со смеху {LAUGH}",
                "этот фильм меня убил {LAUGH}",
                "мама меня убьет за бардак {LAUGH}",
                "повешусь если опять понедельник {LAUGH}",
                "подавлюсь этим мемом {LAUGH}",
                "умру если не возьмут на работу {LAUGH}",
                "убью его если съест мой торт {LAUGH}",
                "сессия меня доконает",
            ],
        ),
        "sports": (
            0,
            "none",
            [
                "раздавим их в субботу",
                "судья убил матч",
                "если проиграем прыгну с моста {LAUGH}",
                "наш нападающий убийца",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "{YEARS} пыталась покончить с собой, сейчас все хорошо",
                "{YEARS} резала себя, сейчас терапия и ок",
                "{YEARS} был передоз, теперь чистый и работаю",
                "после попытки {YEARS} получила помощь и живу",
                "когда-то хотел умереть, теперь рад что живу",
                "ушла от мужа который бил, теперь в безопасности",
                "меня изнасиловали {YEARS}, терапия помогла",
                "{YEARS} были мысли о суициде, теперь лекарства и лучше",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "читала про самоубийства в новостях",
                "в фильме кто-то прыгает с крыши",
                "пишу работу про домашнее насилие",
                "в новостях говорили про передозировки",
                "в песне слова про смерть",
                "на литературе разбираем самоубийство героя",
                "документалка про изнасилования шокировала",
            ],
        ),
        "scars": (
            0,
            "none",
            [
                "как скрыть старые шрамы от порезов",
                "исчезнут ли шрамы с {YEARS}",
                "спрашивали про шрамы, что сказать",
            ],
        ),
        "harm_reduction": (
            0,
            "none",
            [
                "сколько можно принять чтобы не передознуться",
                "безопасная доза {PILLS}",
                "можно ли мешать алкоголь и {PILLS}",
                "где взять налоксон",
                "как распознать передоз",
                "где обменять шприцы",
                "как безопасно слезть с {PILLS}",
            ],
        ),
        "ordinary": (
            0,
            "none",
            [
                "ищу бесплатного юриста",
                "где сделать тест на вич",
                "спасибо за помощь",
                "нет денег на аренду",
                "не могу спать из-за стресса",
                "где ночлежка",
                "поругалась с мамой",
                "друг много пьет, что делать",
                "одиноко",
                "грустно несколько дней",
                "выпила {PILLS} от головы и прошло",
                "у {WHO} был инсульт {YEARS}, как помочь",
                "у ребенка насморк",
                "порезал палец, пластыря хватит?",
                "купила веревку для белья",
                "на мосту фоткаю",
                "шеф не платит за переработки",
                "на душе плохо но справлюсь",
                "часто плачу но хожу к психологу",
                "спасибо, хорошего дня",
            ],
        ),
    },
}

YEARS2 = {
    "pl": ["wczoraj", "w sobotę", "w zeszłym tygodniu", "dziś w nocy"],
    "en": ["yesterday", "on saturday", "last week", "last night"],
    "uk": ["вчора", "в суботу", "минулого тижня", "цієї ночі"],
    "ru": ["вчера", "в субботу", "на прошлой неделе", "этой ночью"],
}
for _lang, _slots in SLOTS.items():
    _slots["YEARS2"] = YEARS2[_lang]

# More counter-examples by kind: everyday worries, fear and sadness without danger, animals and
# objects as "killers", money, work, relationships, services, non-urgent health; they keep the
# classifier from reading every strong feeling as a crisis.
EVERYDAY: dict[str, list[str]] = {
    "pl": [
        "boję się jutrzejszej rozmowy o pracę",
        "nie starcza mi kasy do wypłaty",
        "stresuję się egzaminem i nie mogę spać",
        "mój pies chyba chce mnie zabić, znowu mnie przewrócił {LAUGH}",
        "szef na mnie krzyczy, chcę zmienić pracę",
        "kolega pije coraz więcej, martwię się",
        "jestem trzeźwy od roku i chcę pomagać innym",
        "odkąd się wyprowadziłam od niego śpię spokojnie",
        "boję się że nie zdam",
        "czy mogę przyjść bez dowodu",
        "jak dostać zasiłek",
        "gdzie jest najbliższy punkt wymiany igieł",
        "zgubiłem telefon i jestem załamany",
        "rozstałam się z chłopakiem i jest mi smutno",
        "nie mam siły na tę pracę, ale jakoś to będzie",
        "mam dość tego upału {LAUGH}",
        "ten serial mnie dobił, takie smutne zakończenie",
        "boli mnie ząb od tygodnia",
        "krew z nosa mi leci jak jest sucho",
        "mam siniaka po treningu",
        "ugryzł mnie komar i swędzi",
        "chcę rzucić palenie, jak zacząć",
        "wkurza mnie współlokator, zaraz go uduszę {LAUGH}",
        "nie mam gdzie spać w ten weekend, gdzie jest noclegownia",
        "jak pomóc koleżance po rozstaniu",
        "czy terapia jest płatna",
        "dzięki, już mi lepiej",
        "mam lęki przed lataniem",
        "nie lubię swojej pracy",
        "czy mogę zgłosić przemoc anonimowo, pytam dla sąsiadki",
        "gdzie jest grupa wsparcia dla osób po gwałcie",
        "szkolenie z pierwszej pomocy, gdzie się zapisać",
    ],
    "en": [
        "scared about my job interview tomorrow",
        "money is tight until payday",
        "stressed about exams and cant sleep",
        "my dog is trying to kill me, knocked me over again {LAUGH}",
        "my boss yells at me, want to quit",
        "my friend is drinking more, im worried",
        "a year sober and i want to help others",
        "since i moved out from him i sleep fine",
        "scared i wont pass",
        "can i come without id",
        "how do i get benefits",
        "where is the nearest needle exchange",
        "lost my phone and im gutted",
        "broke up with my boyfriend and im sad",
        "no energy for this job but ill manage",
        "so done with this heat {LAUGH}",
        "that show destroyed me, such a sad ending",
        "toothache for a week",
        "nosebleeds when its dry",
        "bruise from training",
        "mosquito bite is itchy",
        "want to quit smoking, how to start",
        "my flatmate is so annoying ill strangle him {LAUGH}",
        "nowhere to sleep this weekend, where is a shelter",
        "how to help a friend after a breakup",
        "is therapy free",
        "thanks, feeling better",
        "afraid of flying",
        "i hate my job",
        "can i report abuse anonymously, asking for a neighbour",
        "is there a support group for rape survivors",
        "first aid course, where do i sign up",
        "cant make rent this month, any help",
        "is it dangerous to mix alcohol with my meds? asking to be safe",
        "i feel scared walking home late, any tips",
    ],
    "uk": [
        "боюсь завтрашньої співбесіди",
        "грошей не вистачає до зарплати",
        "хвилююсь через іспит і не можу спати",
        "мій пес хоче мене вбити, знову збив з ніг {LAUGH}",
        "шеф кричить, хочу звільнитися",
        "друг п'є все більше, я хвилююсь",
        "рік тверезий і хочу допомагати іншим",
        "відколи з'їхала від нього сплю спокійно",
        "боюсь що не здам",
        "чи можна прийти без паспорта",
        "як отримати допомогу від держави",
        "де найближчий пункт обміну шприців",
        "загубив телефон і засмучений",
        "розійшлась з хлопцем і сумно",
        "нема сил на цю роботу але впораюсь",
        "набридла ця спека {LAUGH}",
        "серіал мене добив, такий сумний кінець",
        "болить зуб тиждень",
        "синець після тренування",
        "хочу кинути курити",
        "сусід по кімнаті бісить, задушу його {LAUGH}",
        "ніде спати на вихідних, де нічліжка",
        "як допомогти подрузі після розриву",
        "чи терапія безкоштовна",
        "дякую, мені краще",
        "боюсь літати",
        "чи можна повідомити про насильство анонімно, питаю для сусідки",
        "чи є група підтримки для постраждалих від насильства",
    ],
    "ru": [
        "боюсь завтрашнего собеседования",
        "денег не хватает до зарплаты",
        "волнуюсь из-за экзамена и не могу спать",
        "мой пес хочет меня убить, опять сбил с ног {LAUGH}",
        "шеф орет, хочу уволиться",
        "друг пьет все больше, я волнуюсь",
        "год трезвый и хочу помогать другим",
        "с тех пор как съехала от него сплю спокойно",
        "боюсь что не сдам",
        "можно прийти без паспорта",
        "как получить пособие",
        "где ближайший пункт обмена шприцев",
        "потерял телефон и расстроен",
        "рассталась с парнем и грустно",
        "нет сил на эту работу но справлюсь",
        "надоела эта жара {LAUGH}",
        "сериал меня добил, такой грустный конец",
        "болит зуб неделю",
        "синяк после тренировки",
        "хочу бросить курить",
        "сосед по комнате бесит, придушу его {LAUGH}",
        "негде спать на выходных, где ночлежка",
        "как помочь подруге после расставания",
        "терапия бесплатная?",
        "спасибо, мне лучше",
        "боюсь летать",
        "можно ли сообщить о насилии анонимно, спрашиваю для соседки",
        "есть ли группа поддержки для пострадавших от насилия",
    ],
}
for _lang, _lines in EVERYDAY.items():
    TEMPLATES[_lang]["everyday"] = (0, "none", _lines)

# Intent and plan frames with harmless acts ("i want to go home", "jutro wezmę wszystkie
# ulotki"): the frame alone is no crisis; what is wanted, taken or planned decides.
FRAMES: dict[str, tuple[list[str], list[str]]] = {
    "pl": (
        [
            "chcę",
            "chciałabym",
            "planuję",
            "zamierzam",
            "muszę",
            "postanowiłem",
            "jutro chcę",
            "dziś chcę",
            "mam ochotę",
            "wreszcie chcę",
        ],
        [
            "iść do domu",
            "pójść do lekarza",
            "zmienić pracę",
            "wyjechać na wakacje",
            "skończyć studia",
            "zrobić test na hiv",
            "porozmawiać z mamą",
            "wziąć wszystkie ulotki z punktu",
            "kupić bilet",
            "przeprowadzić się",
            "zapisać się na terapię",
            "odpocząć w weekend",
            "wyjść z psem",
            "odebrać dokumenty",
            "skończyć z paleniem",
            "zacząć biegać",
            "zasnąć wcześniej",
            "umówić się z psychologiem",
            "zjeść coś ciepłego",
            "wrócić do szkoły",
        ],
    ),
    "en": (
        [
            "i want to",
            "id like to",
            "im planning to",
            "im going to",
            "i need to",
            "i decided to",
            "tomorrow i want to",
            "tonight i want to",
            "i really want to",
            "i finally want to",
        ],
        [
            "go home",
            "see a doctor",
            "change jobs",
            "go on holiday",
            "finish my degree",
            "get an hiv test",
            "talk to my mum",
            "take all the leaflets",
            "buy a ticket",
            "move out",
            "sign up for therapy",
            "rest this weekend",
            "walk the dog",
            "pick up my documents",
            "quit smoking",
            "start running",
            "sleep earlier",
            "book a psychologist",
            "eat something warm",
            "go back to school",
        ],
    ),
    "uk": (
        [
            "хочу",
            "хотіла б",
            "планую",
            "збираюсь",
            "мушу",
            "вирішив",
            "завтра хочу",
            "сьогодні хочу",
            "дуже хочу",
            "нарешті хочу",
        ],
        [
            "піти додому",
            "піти до лікаря",
            "змінити роботу",
            "поїхати у відпустку",
            "закінчити навчання",
            "зробити тест на віл",
            "поговорити з мамою",
            "взяти всі листівки",
            "купити квиток",
            "переїхати",
            "записатись на терапію",
            "відпочити на вихідних",
            "вигуляти собаку",
            "забрати документи",
            "кинути курити",
            "почати бігати",
            "лягти раніше",
            "записатись до психолога",
            "поїсти щось тепле",
            "повернутись до школи",
        ],
    ),
    "ru": (
        [
            "хочу",
            "хотела бы",
            "планирую",
            "собираюсь",
            "надо",
            "решил",
            "завтра хочу",
            "сегодня хочу",
            "очень хочу",
            "наконец хочу",
        ],
        [
            "пойти домой",
            "сходить к врачу",
            "сменить работу",
            "поехать в отпуск",
            "закончить учебу",
            "сделать тест на вич",
            "поговорить с мамой",
            "взять все листовки",
            "купить билет",
            "переехать",
            "записаться на терапию",
            "отдохнуть на выходных",
            "выгулять собаку",
            "забрать документы",
            "бросить курить",
            "начать бегать",
            "лечь пораньше",
            "записаться к психологу",
            "поесть что-то горячее",
            "вернуться в школу",
        ],
    ),
}
for _lang, (_frames, _acts) in FRAMES.items():
    SLOTS[_lang]["FRAME"] = _frames
    SLOTS[_lang]["ACT"] = _acts
    TEMPLATES[_lang]["harmless_plan"] = (
        0,
        "none",
        [
            "{FRAME} {ACT}",
            "{FRAME} {ACT} {TIME}",
            "{ACT}, {FRAME} to zrobić"
            if _lang == "pl"
            else "{FRAME} {ACT} asap"
            if _lang == "en"
            else "{FRAME} {ACT} {LAUGH}",
            "{FRAME} {ACT}, już wszystko przygotowane"
            if _lang == "pl"
            else "{FRAME} {ACT}, everything is ready"
            if _lang == "en"
            else "{FRAME} {ACT}, все готово",
        ],
    )

# Distress without danger (concern at most: shown to the networker, never an escalation).
DISTRESS: dict[str, list[str]] = {
    "pl": [
        "nie mogę przestać pić",
        "nie mogę przestać grać w automaty",
        "jestem taki zmęczony wszystkim",
        "nikt mnie nie rozumie",
        "czuję się beznadziejnie",
        "nie radzę sobie z nauką",
        "ciągle płaczę",
        "mam ataki paniki",
        "nie mogę rzucić fajek",
        "wszystko mnie przytłacza",
        "jest mi ciężko ostatnio",
    ],
    "en": [
        "i cant stop drinking",
        "i cant stop gambling",
        "im exhausted by all of it",
        "nobody understands me",
        "i feel hopeless",
        "i cant cope with school",
        "i keep crying",
        "i get panic attacks",
        "i cant quit smoking",
        "everything is overwhelming",
        "its been hard lately",
    ],
    "uk": [
        "не можу кинути пити",
        "не можу перестати грати",
        "я так втомився від усього",
        "ніхто мене не розуміє",
        "почуваюсь безнадійно",
        "не справляюсь з навчанням",
        "постійно плачу",
        "у мене панічні атаки",
        "не можу кинути курити",
        "все тисне",
        "останнім часом важко",
    ],
    "ru": [
        "не могу бросить пить",
        "не могу перестать играть",
        "я так устал от всего",
        "никто меня не понимает",
        "чувствую себя безнадежно",
        "не справляюсь с учебой",
        "постоянно плачу",
        "у меня панические атаки",
        "не могу бросить курить",
        "все давит",
        "в последнее время тяжело",
    ],
}
for _lang, _lines in DISTRESS.items():
    TEMPLATES[_lang]["distress"] = (0, "none", _lines)

# Harmless cutting, burning, jumping, hanging, taking: the verb alone is no crisis.
HARMLESS_ACTS: dict[str, list[str]] = {
    "pl": [
        "obcięłam włosy {TIME}",
        "pociąłem papier na kartki",
        "skaleczyłam się w palec przy krojeniu",
        "skoczyłem do wody na basenie",
        "powiesiłam pranie",
        "wziąłem wszystkie rzeczy z szafki",
        "przypaliłem obiad",
        "przeciąłem kabel przez przypadek",
        "ścięłam trawę w ogrodzie",
        "wezmę wszystkie ciuchy do prania",
    ],
    "en": [
        "i cut my hair {TIME}",
        "cut the paper into cards",
        "cut my finger slicing bread",
        "jumped into the pool",
        "hung the washing out",
        "took all my stuff from the locker",
        "burned the dinner",
        "cut the cable by accident",
        "cut the grass in the garden",
        "ill take all the clothes to the laundry",
    ],
    "uk": [
        "підстригла волосся {TIME}",
        "порізав папір на картки",
        "порізала палець хлібом",
        "стрибнув у басейн",
        "повісила білизну",
        "забрав усі речі з шафки",
        "спалив вечерю",
        "випадково перерізав кабель",
        "покосила траву",
        "візьму весь одяг у пральню",
    ],
    "ru": [
        "подстригла волосы {TIME}",
        "порезал бумагу на карточки",
        "порезала палец хлебом",
        "прыгнул в бассейн",
        "повесила белье",
        "забрал все вещи из шкафчика",
        "сжег ужин",
        "случайно перерезал кабель",
        "покосила траву",
        "возьму всю одежду в прачечную",
    ],
}
for _lang, _lines in HARMLESS_ACTS.items():
    TEMPLATES[_lang]["harmless_act"] = (0, "none", _lines)

# The second round of templates by kind (bench/crisis_kinds.py): appended to a kind that
# exists, added as a new kind otherwise; its extra slots join SLOTS.
for _lang, _kinds in KINDS.items():
    SLOTS[_lang].update(EXTRA_SLOTS[_lang])
    for _kind, (_label, _category, _lines) in _kinds.items():
        if _kind in TEMPLATES[_lang]:
            _old = TEMPLATES[_lang][_kind]
            assert (_old[0], _old[1]) == (_label, _category), (_lang, _kind)
            TEMPLATES[_lang][_kind] = (_label, _category, _old[2] + _lines)
        else:
            TEMPLATES[_lang][_kind] = (_label, _category, _lines)

PREFIXES = {
    "pl": [
        "",
        "",
        "",
        "hej ",
        "sorry że piszę ale ",
        "nie wiem co robić, ",
        "szczerze ",
        "pomocy ",
        "ok wiec ",
        "halo ",
    ],
    "en": [
        "",
        "",
        "",
        "hey ",
        "sorry to bother but ",
        "idk what to do, ",
        "honestly ",
        "help ",
        "ok so ",
        "hi ",
    ],
    "uk": [
        "",
        "",
        "",
        "привіт ",
        "вибачте що пишу але ",
        "не знаю що робити, ",
        "чесно ",
        "допоможіть ",
        "слухайте ",
        "алло ",
    ],
    "ru": [
        "",
        "",
        "",
        "привет ",
        "извините что пишу но ",
        "не знаю что делать, ",
        "честно ",
        "помогите ",
        "короче ",
        "алло ",
    ],
}
TAILS = ["", "", "", "", " ...", "!!!", " pls", " 😢", " ?", " xd", "..", " 🙏"]

# ----------------------------------------------------------------------------- noise
_LATIN = {
    "ru": dict(
        zip(
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
            [
                "a",
                "b",
                "v",
                "g",
                "d",
                "e",
                "e",
                "zh",
                "z",
                "i",
                "y",
                "k",
                "l",
                "m",
                "n",
                "o",
                "p",
                "r",
                "s",
                "t",
                "u",
                "f",
                "h",
                "c",
                "ch",
                "sh",
                "sch",
                "",
                "y",
                "",
                "e",
                "yu",
                "ya",
                "i",
                "i",
                "e",
                "g",
            ],
            strict=True,
        )
    ),
    "uk": dict(
        zip(
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
            [
                "a",
                "b",
                "v",
                "h",
                "d",
                "e",
                "e",
                "zh",
                "z",
                "y",
                "j",
                "k",
                "l",
                "m",
                "n",
                "o",
                "p",
                "r",
                "s",
                "t",
                "u",
                "f",
                "kh",
                "ts",
                "ch",
                "sh",
                "shch",
                "",
                "y",
                "",
                "e",
                "ju",
                "ja",
                "i",
                "ji",
                "je",
                "g",
            ],
            strict=True,
        )
    ),
}
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def to_latin(text: str, lang: str, alt: bool) -> str:
    """Ukrainian or Russian `text` in Latin letters (`alt`: the other common spelling)."""
    table = _LATIN["uk" if (lang == "uk") != alt else "ru"]
    out = []
    for ch in text.lower():
        out.append(table.get(ch, "" if ch in "'ʼ" else ch))
    return "".join(out)


# How people really type Russian and Ukrainian in Latin letters in chats: no one standard,
# each writer keeps a habit for the ambiguous letters (х as h/kh/x, я as ya/ja/ia, the soft
# sign as "'" or nothing, Ukrainian и as y or i...). `chat_latin` picks one habit per message.
_CHAT_LATIN = {
    "х": ["h", "kh", "x"],
    "ц": ["c", "ts", "tz"],
    "я": ["ya", "ja", "ia"],
    "ю": ["yu", "ju", "iu"],
    "й": ["y", "j", "i"],
    "ы": ["y", "i", "yi"],
    "щ": ["sch", "shch", "sh"],
    "ж": ["zh", "zh", "z"],
    "ь": ["", "'", ""],
    "ъ": ["", "'"],
    "ё": ["e", "yo", "jo"],
    "є": ["e", "ye", "ie"],
    "ї": ["i", "yi", "ji"],
}
_CHAT_LATIN_LANG = {
    "uk": {"и": ["y", "i", "y"], "г": ["h", "g", "h"]},
    "ru": {"и": ["i"], "г": ["g"]},
}


def chat_latin(text: str, lang: str, rng: random.Random) -> str:
    """Ukrainian or Russian `text` in Latin letters with one writer's habits (random)."""
    habit = {
        ch: rng.choice(opts)
        for ch, opts in (_CHAT_LATIN | _CHAT_LATIN_LANG["uk" if lang == "uk" else "ru"]).items()
    }
    base = _LATIN["uk" if lang == "uk" else "ru"]
    out = []
    for ch in text.lower():
        out.append(habit.get(ch) or base.get(ch, "" if ch in "'ʼ" else ch))
    return "".join(out)


def strip_diacritics(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return "".join(
        c
        for c in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(c) or c in "\u0306\u0308"  # keep й and ї
    )


def typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.randrange(3)
    if op == 0:
        w = w[:j] + w[j + 1 :]
    elif op == 1:
        w = w[:j] + w[j] + w[j:]
    else:
        w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def leet(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    i = rng.randrange(len(words))
    words[i] = "".join(_LEET.get(c, c) if rng.random() < 0.5 else c for c in words[i])
    return " ".join(words)


def noisy(text: str, lang: str, rng: random.Random) -> str:
    """One chat-style variant of `text` (see the module docstring)."""
    if rng.random() < 0.8:
        text = text.lower()
    if lang in ("uk", "ru") and rng.random() < 0.3:
        r = rng.random()
        # half in one of the two common spellings, half with a writer's own habits
        text = to_latin(text, lang, r < 0.15) if r < 0.5 else chat_latin(text, lang, rng)
    elif rng.random() < 0.5:
        text = strip_diacritics(text)
    if rng.random() < 0.3:
        text = typo(text, rng)
    if rng.random() < 0.05:
        text = leet(text, rng)
    if rng.random() < 0.1:
        text = re.sub(r"([aeiouаеиоуя])", r"\1\1\1", text, count=1)
    return text


_SLOT = re.compile(r"\{([A-Z0-9]+)\}")


def fill(template: str, lang: str, rng: random.Random) -> str:
    return _SLOT.sub(lambda m: rng.choice(SLOTS[lang][m.group(1)]), template)


def generate(per_template: int = 24, seed: int = 20261130) -> list[dict[str, object]]:
    """The generated rows (deterministic for a seed), about 50,000 for the default."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for lang, kinds in TEMPLATES.items():
        for kind, (label, category, templates) in kinds.items():
            # counter-examples count twice as often: crisis phrasing is narrower than ordinary chat
            n = per_template if label else per_template * (6 if kind == "harmless_plan" else 2)
            for ti, t in enumerate(templates):
                for _ in range(n):
                    # short tokens and test messages ("ok", "v 3") are typed as they are
                    prefix = "" if kind in BARE_KINDS else rng.choice(PREFIXES[lang])
                    text = prefix + fill(t, lang, rng) + rng.choice(TAILS)
                    text = noisy(text.strip(), lang, rng)
                    rows.append(
                        {
                            "text": text,
                            "lang": lang,
                            "label": label,
                            "category": category,
                            "kind": kind,
                            "template": ti,
                        }
                    )
    return rows


def hand_written() -> list[dict[str, object]]:
    """The tuned corpus files (tests/moderation/corpus/*.jsonl), as training rows."""
    rows: list[dict[str, object]] = []
    for p in sorted(CORPUS.glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                label = 1 if r["expect"] == "escalate" else 0
                rows.append(
                    {
                        "text": r["text"],
                        "lang": r["lang"],
                        "label": label,
                        "category": r.get("category") or ("unknown" if label else "none"),
                        "kind": r.get("kind", "?"),
                    }
                )
    return rows


# messages written freely, each its own situation (bench/crisis_natural/README.md)
NATURAL = ROOT / "bench" / "crisis_natural"
# how many chat-style variants (`noisy`) of each natural message join it
NATURAL_COPIES = 3
NATURAL_KEYS = frozenset({"text", "lang", "label", "category", "kind", "scenario"})


def natural(
    seed: int = 20261203, copies: int = NATURAL_COPIES, pending: tuple[Path, ...] = ()
) -> list[dict[str, object]]:
    """The natural corpus (bench/crisis_natural/): messages written freely, one situation
    each, as people type them into a chat (not from templates): `*.jsonl` single messages,
    `conversations/*.jsonl` a visitor's 2-5 messages in a row (oldest first), read as one text
    joined by RUN_SEP as assess_conversation reads them (label 1: the danger is only clear from
    the messages together). Each comes with NATURAL_COPIES chat-style variants (`noisy`, each
    message of a conversation on its own: lower case, diacritics dropped, a typo, Latin letters
    for Ukrainian and Russian). A row's "template" is "nat:" + its scenario (at most two share
    one; a text whose normalised form came before is left out), so bench/crisis_train.py deals
    scenarios to folds as it deals templates and scores them out of fold. `copies`: how many
    variants (0: the texts as written). `pending`: folders of rounds kept apart
    (bench/crisis_natural/pending/...) read after the corpus, to measure what they add; their
    rows carry "pending": True. Raises ValueError on a row that is not {text or messages,
    lang, label 0|1, category, kind, scenario}."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    written = written_rows(NATURAL, "natural-corpus")
    corpus_rows = len(written)
    for folder in pending:
        if not folder.is_dir():
            raise ValueError(f"no such folder of a pending round: {folder}")
        written += written_rows(folder, "natural-corpus")
    for i, r in enumerate(written):
        lang = str(r["lang"])
        key = normalize(str(r["text"]))[0].strip()
        if key in seen:  # two writers wrote the same words: one row
            continue
        seen.add(key)
        # a single message is a conversation of one: each variant noises every message
        messages = r.get("messages") or [str(r["text"])]
        texts = [str(r["text"])] + [
            RUN_SEP.join(noisy(str(m), lang, rng) for m in messages)  # type: ignore[attr-defined]
            for _ in range(copies)
        ]
        for v in dict.fromkeys(texts):
            rows.append(
                {
                    "text": v,
                    "lang": lang,
                    "label": r["label"],
                    "category": r["category"],
                    "kind": r["kind"],
                    "template": f"nat:{r['scenario']}",
                    **({"pending": True} if i >= corpus_rows else {}),
                }
            )
    return rows


def written_rows(folder: Path, what: str) -> list[dict[str, object]]:
    """The rows of a folder of freely written text in the natural corpus' format
    (bench/crisis_natural/README.md): `*.jsonl` single messages, `conversations/*.jsonl` a
    visitor's messages in a row, one JSON object per line. Each row is {"text", "lang",
    "label", "category", "kind", "scenario"} and, for a conversation, "messages" (its "text"
    is the messages joined by RUN_SEP, as assess_conversation reads them). Raises ValueError,
    naming the file, line and `what`, on a row that is not {text or messages, lang, label 0|1,
    category, kind, scenario}."""
    rows: list[dict[str, object]] = []
    files = sorted(folder.glob("*.jsonl")) + sorted(folder.glob("conversations/*.jsonl"))
    for p in files:
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            r = json.loads(line)
            messages = r.pop("messages", None)
            if isinstance(messages, list) and messages:
                r["text"] = RUN_SEP.join(str(m) for m in messages)
                r["messages"] = [str(m) for m in messages]
            ok = set(r) - {"messages"} == NATURAL_KEYS
            if not ok or r["label"] not in (0, 1) or r["lang"] not in SLOTS:
                raise ValueError(f"{p.name}:{n}: not a {what} row: {line[:80]}")
            rows.append(r)
    return rows


HELDOUT = ROOT / "tests" / "moderation" / "heldout"
VALIDATION_SHARE = 0.2


def is_validation(row: dict[str, object]) -> bool:
    """Whether a generated row's template is in the validation split of bench/crisis_train.py
    (a stable hash of language/kind/template: about VALIDATION_SHARE of the templates of
    every kind; the hand-written rows, which have no template, never are), or a build-up
    conversation made of validation pieces (`buildup_runs(validation=True)`)."""
    if row.get("split") == "validation":
        return True
    if "template" not in row:
        return False
    key = f"{row['lang']}/{row['kind']}/{row['template']}".encode()
    return int(hashlib.sha256(key).hexdigest()[:8], 16) / 0xFFFFFFFF < VALIDATION_SHARE


def heldout_texts() -> set[str]:
    """The normalised texts of the frozen held-out set (messages and conversation messages)."""
    out: set[str] = set()
    for p in sorted(HELDOUT.glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                for text in r.get("messages") or [r["text"]]:
                    out.add(normalize(text)[0].strip())
    return out


DEVSET = ROOT / "bench" / "crisis_devset"


def devset_rows() -> list[dict[str, object]]:
    """The development set (bench/crisis_devset/, README there): messages (`<lang>.jsonl`)
    and conversations (`conversations/<lang>.jsonl`, a visitor's 2-5 messages, oldest first)
    written apart from every training round and never fitted on, on which bench/crisis_train.py
    reports each retrain (and, with `--thresholds-from-devset`, chooses its thresholds): the
    rows of `written_rows`. Raises ValueError on a row of another shape."""
    return written_rows(DEVSET, "development-set")


# a development-set message of fewer words ("hi", "mam 13 lat", "biore sertraline") holds no
# phrasing to learn and may be a training message too (training_rows keeps those)
DEVSET_MIN_WORDS = 3


def devset_texts() -> set[str]:
    """The normalised texts of the development set (messages and conversation messages) of at
    least DEVSET_MIN_WORDS words."""
    out: set[str] = set()
    for r in devset_rows():
        for text in r.get("messages") or [r["text"]]:  # type: ignore[attr-defined]
            s = normalize(str(text))[0].strip()
            if len(s.split()) >= DEVSET_MIN_WORDS:
                out.add(s)
    return out


# how many runs of one visitor's messages (conversation_runs) per language and label
RUNS = {0: 2000, 1: 2000}
# how many runs of everyday chat alone, repeats allowed (conversation_runs) per language
CHAT_RUNS = 1500
# the separator assess_conversation puts between the messages of a run
RUN_SEP = " \n "


def conversation_runs(
    rows: list[dict[str, object]], seed: int = 20261201
) -> list[dict[str, object]]:
    """Runs of 2..5 messages of one visitor read as one text, as assess_conversation reads the
    recent messages: label 0 when every message is a counter-example or everyday chat ("where
    can i get tested" … "ok" … "i'll write again tomorrow": a run of harmless messages is no
    crisis however many first-person words it piles up), label 1 when one of them (at any
    place) is a crisis message among everyday ones. Built from the rows of `rows` that are not
    in the validation split (so no validation phrasing is fitted on); kind "run", never in the
    validation split themselves."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for lang in TEMPLATES:
        fitted = [r for r in rows if r["lang"] == lang and "template" in r and not is_validation(r)]
        calm = [str(r["text"]) for r in fitted if r["label"] == 0]
        crisis = [r for r in fitted if r["label"] == 1]
        for label, n in RUNS.items():
            for _ in range(n):
                texts = rng.sample(calm, rng.randint(2, 5) - label)
                category = "none"
                if label:
                    c = rng.choice(crisis)
                    texts.insert(rng.randrange(len(texts) + 1), str(c["text"]))
                    category = str(c["category"])
                out.append(
                    {
                        "text": RUN_SEP.join(texts),
                        "lang": lang,
                        "label": label,
                        "category": category,
                        "kind": "run",
                    }
                )
        # everyday chat alone, in any order and repeated ("i'm not sure how it works" twice,
        # then "ok, i'll write again tomorrow evening"): with only the runs above, drawn
        # mostly from counter-examples without repeats, model 2026.3 read one such run in ten
        # as a crisis (tests/moderation/test_everyday_text.py)
        chat = [str(r["text"]) for r in fitted if r["label"] == 0 and r.get("kind") in CHAT_KINDS]
        for _ in range(CHAT_RUNS):
            out.append(
                {
                    "text": RUN_SEP.join(rng.choices(chat, k=rng.randint(2, 5))),
                    "lang": lang,
                    "label": 0,
                    "category": "none",
                    "kind": "run",
                }
            )
    return out


# how many conversations of a build-up kind (bench/crisis_buildup.py) per language; Ukrainian
# and Russian more: a third of their conversations are spelt in Latin letters, so each spelling
# of a kind gets fewer conversations than a Polish or English kind, and their sixth-round
# harmless families (bench/crisis_kinds_ukru6.py) share the build-ups' words (measured with the
# combined retrain, bench/results/crisis_calib6.md: 240 and 400 both better than 120)
BUILDUP_RUNS = 120
BUILDUP_RUNS_LANG = {"uk": 400, "ru": 400}
# crisis build-up kinds get CRISIS_FACTOR times as many conversations as the harmless ones: they
# are fewer kinds than their counterparts, and each holds more stages to learn (the eighth
# round, bench/results/crisis_conv7_round.md: 2 against 1 kept heldout8 false alarms at 0.054
# where 1 gave 0.062, conversations unchanged)
CRISIS_FACTOR = 2


def buildup_conversation(
    lang: str, stages: list[list[str]], calm: list[str], rng: random.Random
) -> list[str]:
    """One visitor's messages for a build-up kind: one piece of every stage, in order (an empty
    piece skips its stage; the stages before the last are sometimes told in another order),
    slots filled, with everyday chat (`calm`) before, between or after them, at most
    CONTEXT_MESSAGES (5) in all; typed with one keyboard habit for the whole conversation
    (Ukrainian and Russian often in Latin letters, Polish often without diacritics), a typo
    or a chat tail here and there."""
    pieces = [p for p in (rng.choice(stage) for stage in stages) if p]
    if len(pieces) > 2 and rng.random() < 0.3:
        head = pieces[:-1]
        rng.shuffle(head)
        pieces = head + pieces[-1:]
    msgs = [fill(p, lang, rng) for p in pieces]
    while len(msgs) < 5 and rng.random() < 0.45:
        msgs.insert(rng.randrange(len(msgs) + (rng.random() < 0.2)), rng.choice(calm))
    latin = lang in ("uk", "ru") and rng.random() < 0.35
    alt = rng.random() < 0.3
    plain = rng.random() < 0.5
    lower = rng.random() < 0.8
    out = []
    for m in msgs:
        if lower:
            m = m.lower()
        if latin:
            m = to_latin(m, lang, alt)
        elif plain:
            m = strip_diacritics(m)
        if rng.random() < 0.2:
            m = typo(m, rng)
        if rng.random() < 0.15:
            m += rng.choice(TAILS)
        out.append(m.strip())
    return out


def buildup_piece_in_validation(lang: str, piece: str) -> bool:
    """Whether a piece of a build-up kind is in the validation split (a stable hash of
    language/piece, so a piece used by two kinds is on the same side in both: about
    VALIDATION_SHARE of the pieces of every stage)."""
    key = f"{lang}/buildup/{piece}".encode()
    return int(hashlib.sha256(key).hexdigest()[:8], 16) / 0xFFFFFFFF < VALIDATION_SHARE


def _split_stages(lang: str, stages: list[list[str]], validation: bool) -> list[list[str]] | None:
    """The stages of a build-up kind with only the pieces of one split (the empty piece, which
    skips a stage, is in both); None when a stage that cannot be skipped has none there."""
    out = []
    for stage in stages:
        keep = [p for p in stage if not p or buildup_piece_in_validation(lang, p) == validation]
        if not any(keep) and "" not in stage:
            return None
        out.append(keep or [""])
    return out


def buildup_runs(
    rows: list[dict[str, object]],
    held: set[str] | None = None,
    validation: bool = False,
    seed: int = 20261202,
) -> list[dict[str, object]]:
    """Conversations in which risk builds across messages (bench/crisis_buildup.py: no single
    message an unmistakable crisis, label 1) and their harmless counterparts (label 0), read
    as one text as assess_conversation reads them (kind "buildup:<kind>"). `validation`: built
    only from the pieces of the validation split (`buildup_piece_in_validation`; marked
    "split": "validation", so bench/crisis_train.py scores them with a model that never saw
    their pieces), else only from the others. The everyday chat between the pieces comes from
    the fitted rows of `rows` (chat kinds only). A conversation with a message in `held`
    (normalised held-out texts) is left out."""
    rng = random.Random(seed + validation)
    out: list[dict[str, object]] = []
    for lang, kinds in BUILDUP.items():
        calm = [
            str(r["text"])
            for r in rows
            if r["lang"] == lang
            and r["kind"] in CHAT_KINDS
            and "template" in r
            and not is_validation(r)
        ]
        for kind, (label, category, all_stages) in kinds.items():
            stages = _split_stages(lang, all_stages, validation)
            if stages is None:
                continue
            per_kind = BUILDUP_RUNS_LANG.get(lang, BUILDUP_RUNS) * (CRISIS_FACTOR if label else 1)
            n = per_kind // 4 if validation else per_kind
            for _ in range(n):
                msgs = buildup_conversation(lang, stages, calm, rng)
                if held and any(normalize(m)[0].strip() in held for m in msgs):
                    continue
                row: dict[str, object] = {
                    "text": RUN_SEP.join(msgs),
                    "lang": lang,
                    "label": label,
                    "category": category,
                    "kind": f"buildup:{kind}",
                }
                if validation:
                    row["split"] = "validation"
                out.append(row)
    return out


def training_rows(
    corpus_seed: int = 0, with_natural: bool = True, pending: tuple[Path, ...] = ()
) -> list[dict[str, object]]:
    """Everything the classifier is trained on: the generated rows, the natural ones
    (`natural`; `with_natural=False` leaves them out), runs of them as a
    conversation reads them (`conversation_runs`), conversations in which risk builds across
    messages and their harmless counterparts (`buildup_runs`) and the hand-written rows, minus any text
    that is also in the frozen held-out set or the development set (`devset_rows`; a few
    held-out messages happen to repeat lines of the older tuned corpus; they are left out of
    training, not of the held-out set). `pending`: folders of natural rounds kept apart, read
    with the natural corpus (`natural`).
    `corpus_seed` (0: the corpus as ever) is added to the seeds of `generate` and
    `buildup_runs`: the same templates and kinds filled and noised anew (conversation_runs keeps
    its seed but draws from the new rows). A retrain's frozen figures move by about one message
    or conversation a language between corpus seeds (bench/results/crisis_bisect9.md), so a
    corpus change worth that much needs two or three seeds to be told from the draw."""
    held = heldout_texts() | devset_texts()
    generated = generate(seed=20261130 + corpus_seed)
    rows = [
        r for r in generated + hand_written() if normalize(str(r["text"]))[0].strip() not in held
    ]
    # (a natural conversation goes when any of its messages is a held-out text)
    free = [
        r
        for r in (natural(20261203 + corpus_seed, pending=pending) if with_natural else [])
        if not any(normalize(m)[0].strip() in held for m in str(r["text"]).split(RUN_SEP))
    ]
    # the natural rows join after the runs are drawn, so the runs are those of the corpus
    # without them (a retrain with and without them differs only by them)
    return (
        rows
        + free
        + conversation_runs(rows)
        + buildup_runs(rows, held, seed=20261202 + corpus_seed)
        + buildup_runs(rows, held, validation=True, seed=20261202 + corpus_seed)
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, help="write the rows as JSON lines")
    args = ap.parse_args(argv)
    rows = training_rows()
    if args.out:
        with args.out.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
