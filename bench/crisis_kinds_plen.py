"""Polish and English training templates of the third round of issue 20 item 1 (kinds, not
sentences), merged into bench.crisis_kinds.KINDS by `_add` there.

Each crisis kind is written with its counter-examples: intent verbs with a means verb
("planuję przedawkować"), a past attempt with renewed intent, purpose clauses that mean
death, violence expected from someone else (as a fear or a future, the subject often left
out in Polish), sexual violence, medical emergencies, danger right now; and against them the
"overdose" of a harmless thing, weight-4 phrases said laughing, recovery stories that go on
with "now"/"teraz"/"today" and a life, quotes of news, films and lyrics, old scars, sports,
and harm-reduction questions. Typos, missing diacritics, slang and a few words of another
language are written in; bench/crisis_corpus.py adds more noise.

Written without looking at any held-out file, and kept apart from the examples of
tests/moderation/test_kinds_plen.py (which check that the kinds generalise).
"""

from __future__ import annotations

K = dict[str, tuple[int, str, list[str]]]

PLEN: dict[str, K] = {
    "pl": {
        "intent": (
            1,
            "self_harm",
            [
                "mam zamiar się przedawkować, nie piszcie",
                "planuje przedawkowac, juz wszystko mam",
                "chcę się nałykać prochów i mieć spokój",
                "zdecydowałam że się otruję, nie odwodźcie mnie",
                "chcę się nałykać tabsów mamy {TIME}",
                "coraz częściej myślę o przedawkowaniu, mam {PILLS}",
                "mam zamiar wziąć {QTY} {PILLS} {TIME}",
                "idę przedawkować, nie szukajcie",
                "chce sie otruc gazem",
                "pora z tym skończyć, mam {QTY} {PILLS}",
                "spróbuję przedawkować, może tym razem się uda",
                "wiem już na czym się powieszę",
                "zamierzam skoczyć {PLACE} {TIME}",
                "chcę podciąć sobie żyły, żyletki już mam",
            ],
        ),
        "renewed": (
            1,
            "self_harm",
            [
                "{YEARS} próbowałam się zabić, teraz znowu o tym myślę",
                "{YEARS} łyknąłem {PILLS}, przeżyłem, teraz chcę to powtórzyć",
                "w gimnazjum się cięłam i teraz wróciło, tnę się co noc",
                "już raz przedawkowałam, tym razem wezmę więcej",
                "{YEARS} byłam w szpitalu po próbie, a teraz mam plan żeby to dokończyć",
                "myślałam że mam to za sobą, ale od kilku dni chcę umrzeć",
                "{YEARS} próbowałem się powiesić, dziś kupiłem nowy sznur",
                "po próbie samobójczej było lepiej, a teraz jest jeszcze gorzej i myślę o tym",
                "odratowali mnie {YEARS}, tym razem nikt nie zdąży",
            ],
        ),
        "purpose": (
            1,
            "overdose",
            [
                "łyknęłam {QTY} {PILLS} żeby się już nie obudzić",
                "wzięłam wszystkie nasenne żeby rano nie wstać",
                "popiłem {PILLS} {ALC}, żeby zasnąć na zawsze",
                "połknęłam {PILLS} żeby wszystko się wreszcie skończyło",
                "zażyłem {QTY} żeby już nigdy nie wstać",
                "wypiłam płyn do chłodnic żeby to zakończyć",
                "wzięłam leki babci żeby był spokój na zawsze",
                "nałykałam się {PILLS} żeby umrzeć",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "po wypłacie zawsze się upija i wtedy mnie leje, dziś wypłata",
                "boję się że jak wróci to mnie pobije",
                "{PERP} powiedział że jak odejdę to mnie zatłucze",
                "jak znajdzie te wiadomości to mnie zakatuje",
                "wiem że jutro znowu będzie mnie lał pasem",
                "boje sie wracac do domu, {PERP} mnie zleje",
                "{PERP} pisze że mnie udusi jak mnie znajdzie",
                "jutro wychodzi z aresztu i mówi że połamie mi nogi",
                "jak zobaczy rachunek to mnie znowu uderzy",
                "wiem że wieczorem znowu mnie pobije, zawsze tak jest w piątki",
            ],
        ),
        "sexual_violence": (
            1,
            "sexual_violence",
            [
                "{PERP} zgwałcił mnie wczoraj",
                "zgwałcili mnie na domówce, nie wiem co robić",
                "ktoś mi dosypał czegoś do piwa i obudziłam się bez ubrań",
                "{PERP} zmusza mnie do seksu prawie codziennie",
                "wykorzystał mnie gdy spałam",
                "nie przestał jak mówiłam nie, boli mnie wszystko",
                "{CARER} mnie obmacywał i kazał nic nie mówić",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "{WHO} mówi niewyraźnie i opadła mu połowa twarzy",
                "dziecko ma wysoką gorączkę i trzęsie się w drgawkach",
                "znajomy po {DRUG} przegrzał się, ma gorączkę i nie kontaktuje",
                "krew tryska z rany i nie mogę zatamować",
                "po orzeszkach puchnie mi język i nie mogę złapać tchu",
                "{WHO} nagle zbladł, trzyma się za klatkę i poci się",
                "synek dostał drgawek przy gorączce, co robić",
                "kumpela po {DRUG} się przegrzała, majaczy i leci przez ręce",
                "{WHO} nie może podnieść ręki i bełkocze",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "mam wrażenie że ktoś mnie śledzi od parku, przyspieszam a on też",
                "od dworca łazi za mną dwóch typów",
                "{PERP} zamknął drzwi na klucz i nie pozwala mi wyjść",
                "szef zabrał nam dowody i mówi że jak pójdziemy na policję to pożałujemy",
                "za ścianą dziecko znowu płacze i krzyczy, słychać bicie",
                "jestem zamknięta w pokoju, {PERP} zabrał mi telefon",
                "wracam sama w nocy i ktoś mnie śledzi",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "przedawkowałam {FOOD} {LAUGH}",
                "znowu przedawkowałam słodkie, jutro dieta",
                "za dużo tiktoka dziś, przedawkowałam {LAUGH}",
                "skoczę z mostu jak nie zdam tego kolosa {LAUGH}",
                "powieszę się na tej lekcji {LAUGH}",
                "zaraz się zabiję z tym excelem {LAUGH}",
                "wzięłam za dużo kawy, serce mi tańczy {LAUGH}",
                "odstawcie mi ten czekoladowy tort bo przedawkuję {LAUGH}",
                "umrę zaraz z tego śmiechu {LAUGH}",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "{YEARS} chciałam się zabić, a dziś kończę studia i jestem dumna",
                "{YEARS} chciałem umrzeć, teraz studiuję psychologię",
                "{YEARS} się okaleczałam, dziś mam dwójkę dzieci i spokojne życie",
                "{YEARS} przedawkowałam, teraz pracuję jako terapeutka",
                "kiedyś łykałem tabletki garściami, dziś biegam maratony",
                "{YEARS} próbowałem się powiesić, dziś prowadzę grupę wsparcia",
                "po próbie samobójczej {YEARS} wyszłam na prostą, znowu się uśmiecham",
                "{YEARS} mąż mnie bił, teraz jestem bezpieczna i mam nowy dom",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "w wiadomościach powiedzieli że ktoś przedawkował na festiwalu",
                "w filmie ona bierze wszystkie tabletki, wyłączyłam",
                "w piosence jest 'skoczę z mostu', mega smutna",
                "czytam reportaż o gwałtach w akademikach",
                "w serialu go pobili i zamknęli w piwnicy",
            ],
        ),
        "scars": (
            0,
            "none",
            [
                "czy tatuaż zakryje stare blizny po cięciu",
                "jak odpowiadać ludziom którzy pytają o moje stare blizny",
                "mam blizny po samookaleczeniu sprzed lat, czy mogę iść na basen",
            ],
        ),
        "sports": (
            0,
            "none",
            [
                "udusiłbym tego napastnika gołymi rękami {LAUGH}",
                "legia znowu przegrała, idę się powiesić {LAUGH}",
                "napastnik zabił nas dziś tym pudłem",
            ],
        ),
        "harm_reduction": (
            0,
            "none",
            [
                "ile {DRUG} można wziąć żeby nie przedawkować",
                "co zrobić żeby nie przedawkować, pierwszy raz biorę",
                "jakie są objawy przedawkowania, chcę wiedzieć zawczasu",
                "czy da się przedawkować witaminę d",
            ],
        ),
    },
    "en": {
        "intent": (
            1,
            "self_harm",
            [
                "im planning to od {TIME}",
                "going to overdose on purpose, got {QTY} of {PILLS}",
                "i'll swallow every last one of my {PILLS} {TIME}",
                "decided to poison myself, please dont try to stop me",
                "want to down my whole prescription and not wake up",
                "seriously considering an overdose {TIME}",
                "gonna take {QTY} {TIME} and be done",
                "i fully intend to end it all {TIME}",
                "plan is to hang myself when the house is empty",
                "im gonna jump {PLACE} {TIME}",
                "gonna slit my wrists, the blades are ready",
            ],
        ),
        "renewed": (
            1,
            "self_harm",
            [
                "{YEARS} i attempted, now the thoughts are back",
                "{YEARS} i took {PILLS} and survived, now i want to do it again",
                "been clean from sh for a year but i relapsed yesterday",
                "overdosed once, this time i'll take more",
                "{YEARS} i ended up in hospital after an attempt and now i have a plan to finish it",
                "thought i was past it but lately i want to die again",
                "tried to hang myself {YEARS}, bought a new rope today",
                "after my attempt things got better but now its worse than ever",
            ],
        ),
        "purpose": (
            1,
            "overdose",
            [
                "took {QTY} {PILLS} so i don't wake up",
                "necked my whole stash of zopiclone hoping to never wake",
                "washed down {PILLS} with {ALC} so it all ends",
                "took my nans pills so i can sleep forever",
                "drank antifreeze so it finally stops",
                "took everything in the cabinet hoping i die",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "once my stepdad finds my phone he'll batter me",
                "scared he's going to hit me when he finds out",
                "{PERP} said if i leave he'll kill me",
                "im afraid to go back, he always hits me on fridays",
                "if i say anything he's gonna strangle me again",
                "{PERP} texted that he's gonna smash my face in",
                "she'll hurt me again when she sees the bill",
                "theyll beat me up after school again",
            ],
        ),
        "sexual_violence": (
            1,
            "sexual_violence",
            [
                "{PERP} raped me last night",
                "i got raped at a house party, idk what to do",
                "someone drugged my drink and i woke up undressed",
                "{PERP} forces me to have sex almost every night",
                "he kept going when i said stop",
                "he did stuff to me while i was asleep",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "{WHO} can't get words out and his mouth is lopsided",
                "the baby is burning hot and has gone stiff and twitchy",
                "friend on {DRUG} is overheating and keeps falling over, not making sense",
                "blood is spurting from the cut and i can't stop it",
                "ate shrimp and my tongue is swelling, hard to breathe",
                "{WHO} went pale, is clutching his chest and sweating",
                "mate took something at the rave, burning up and making no sense",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "some guy has been walking behind me since the tube station",
                "a car has been following me since i left work",
                "{PERP} locked the door and won't let me out",
                "my boss took our ids and says we'll regret it if we go to the police",
                "through the wall i can hear a little girl begging him to stop",
                "im locked in the room, {PERP} took my phone",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "OD'd on {HARMLESS} {LAUGH}",
                "might have overdosed on christmas films {LAUGH}",
                "gonna od on netflix tonight {LAUGH}",
                "if i fail this test im jumping off a bridge {LAUGH}",
                "gonna hang myself in this meeting {LAUGH}",
                "took way too much coffee, my heart is dancing {LAUGH}",
                "keep the cake away from me or i'll overdose {LAUGH}",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "{YEARS} i tried to end it, now i have a job and a partner",
                "{YEARS} i wanted to die, now im studying psychology",
                "{YEARS} i self harmed every night, these days i paint and sleep fine",
                "{YEARS} i overdosed, now i run a harm reduction stall at festivals",
                "used to swallow pills by the handful, now i run marathons",
                "{YEARS} i tried to hang myself, now i help on a crisis line",
                "after my attempt {YEARS} i got my life back, im happy again",
                "{YEARS} my ex beat me, now im safe and have my own place",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "the news said someone overdosed at the festival",
                "in the film she takes all the pills, i had to turn it off",
                "the lyric 'im gonna jump off the bridge' hits hard",
                "reading a report about rape on campus for class",
            ],
        ),
        "scars": (
            0,
            "none",
            [
                "will a tattoo cover old cutting scars",
                "how do i answer people who ask about my old scars",
                "i have self harm scars from years ago, is it ok to go swimming",
            ],
        ),
        "sports": (
            0,
            "none",
            [
                "gonna strangle our keeper after that howler {LAUGH}",
                "if we lose the derby im hanging myself {LAUGH}",
                "our striker murdered us with that miss",
                "the coach is gonna kill us at practice for that",
            ],
        ),
        "harm_reduction": (
            0,
            "none",
            [
                "how much {DRUG} can i take without overdosing",
                "how not to overdose at a party, first time using",
                "what are the signs of an overdose, want to know beforehand",
                "can you overdose on vitamin d",
            ],
        ),
    },
}

# The kinds the errors of heldout6 (pl, en) fell into, written as kinds with new phrasing
# (never the held-out sentences): method questions, vehicles, means made ready, violence in
# the passive or reported as speech, anaphylaxis, a seizure, a sudden worst headache,
# everything taken, new means bought after an attempt; and against them money and time
# talk with "end" and "can't make it", harmless "overdoses" of many things, books and
# coursework, recovery stories with a year or an age.
PLEN_ERRORS: dict[str, K] = {
    "pl": {
        "intent": (
            1,
            "self_harm",
            [
                "jaki jest najszybszy sposób żeby umrzeć",
                "ile {PILLS} trzeba połknąć żeby się nie obudzić",
                "szukam w necie jak się powiesić żeby było szybko",
                "pójdę pod pociąg {TIME}, nie dam rady",
                "wjadę autem w drzewo na zakręcie, nikt nie pomyśli że celowo",
                "mam już odliczone tabletki i napisany list",
                "leżę w wannie z żyletką",
                "ostatnio pasek pękł, teraz mam mocniejszy",
                "chcę się zapić na śmierć {TIME}",
                "dziś w nocy z tym kończę, mam dość",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "dostałam smsa od niego: jak uciekniesz to cię zatłukę",
                "krzyczał że mnie udusi jak jeszcze raz wyjdę bez pytania",
                "w domu młodszy brat jest regularnie bity, nikt nie reaguje",
                "jestem bita prawie codziennie i boję się wracać",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "po użądleniu pszczoły puchnie mi cała twarz i trudno mi oddychać",
                "koleżanka ma atak epilepsji od kilku minut i nie przestaje",
                "nagle mam najgorszy ból głowy w życiu i wymiotuję",
                "{WHO} mówi że wszystko mu się dwoi w oczach i leci na bok",
                "krew z rany nie chce przestać lecieć, cały ręcznik czerwony",
            ],
        ),
        "overdose": (
            1,
            "overdose",
            [
                "łyknęłam wszystko co znalazłam w apteczce",
                "połknąłem całą zawartość szuflady z lekami",
                "dziecko napiło się płynu do zmywarki",
            ],
        ),
        "everyday": (
            0,
            "none",
            [
                "kasa się kończy i nie dociągnę do końca miesiąca",
                "nie dam rady dziś przyjść, skończę pracę za późno",
                "koniec semestru mnie wykańcza, ale jakoś to będzie",
                "to mój ostatni dzień w tej pracy, trochę smutno",
                "bateria mi pada, odezwę się jutro",
                "jutro kończę kurs i zaczynam nową pracę",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "przedawkowałem {FOOD} i teraz mi niedobrze {LAUGH}",
                "przedawkowałam tiktoka, oczy mi krwawią {LAUGH}",
                "przedawkowałem wczoraj świąteczne piosenki",
                "jeszcze jedna reklama i się zastrzelę {LAUGH}",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "w lekturze bohater się wiesza, muszę o tym napisać rozprawkę",
                "omawiamy na polskim opowiadanie o przemocy w rodzinie",
                "w reportażu ktoś przedawkował w klubie",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "w 2019 próbowałam się zabić, dziś prowadzę własną firmę",
                "jako 17-latek łyknąłem tabletki, teraz mam 30 lat i dobre życie",
                "w wieku 16 lat próbowałam się zabić, dziś uczę dzieci pływać",
                "jako piętnastolatek chciałem umrzeć, teraz jestem tatą i jest dobrze",
                "cięłam się mając 14 lat, dziś jestem ratowniczką medyczną",
            ],
        ),
    },
    "en": {
        "intent": (
            1,
            "self_harm",
            [
                "what's the quickest way to go without pain",
                "what amount of {PILLS} is fatal",
                "been googling ways to hang myself",
                "thinking of stepping out in front of a lorry {TIME}",
                "gonna drive my car into a pillar on the motorway",
                "pills counted out and the note is written",
                "lying in the bath with a razor",
                "last time the belt broke, i've got a stronger one now",
                "i want to drink myself to death {TIME}",
                "this is my final evening, nothing will change my mind",
            ],
        ),
        "violence_expected": (
            1,
            "violence",
            [
                "got a text from him: run and i'll end you",
                "he screamed he'll strangle me if i go out again without asking",
                "my little brother gets beaten every night and nobody does anything",
                "i get hit almost every day and i'm scared to go home",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "got stung by a bee and my whole face is swelling, hard to breathe",
                "my friend has been seizing for five minutes and it won't stop",
                "suddenly the worst headache of my life and i'm throwing up",
                "{WHO} says everything is doubled and keeps falling to one side",
                "the cut won't stop bleeding, the whole towel is red",
            ],
        ),
        "overdose": (
            1,
            "overdose",
            [
                "swallowed everything i found in the medicine cabinet",
                "downed every pill in the drawer",
                "my toddler drank some dishwasher liquid",
            ],
        ),
        "everyday": (
            0,
            "none",
            [
                "money is running out and i won't make it to payday",
                "can't make it today, i finish work too late",
                "end of term is killing me but i'll survive",
                "it's my last day at this job, bit sad",
                "my battery is dying, talk tomorrow",
                "i finish the course tomorrow and start a new job",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "overdosed on {FOOD} and now i feel sick {LAUGH}",
                "OD'd on tiktok, my eyes are bleeding {LAUGH}",
                "i overdosed on christmas songs yesterday",
                "one more advert and i'm shooting myself {LAUGH}",
            ],
        ),
        "quote": (
            0,
            "none",
            [
                "in the set book the hero hangs himself, need an essay on it",
                "we're reading a novel about a violent father for english",
                "the podcast was about someone who overdosed in a club",
            ],
        ),
        "recovery": (
            0,
            "none",
            [
                "in 2019 i tried to kill myself, today i run my own business",
                "took pills at 17, now im 30 and life is good",
                "tried to end it at 16, these days i teach kids to swim",
                "at 15 i wanted to die, nowadays im a dad and happy",
                "cut myself at 14, these days im a paramedic",
                "i attempted in my twenties, now i mentor others who struggle",
            ],
        ),
    },
}
