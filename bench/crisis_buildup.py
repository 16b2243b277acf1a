"""Training conversations by kind for the conversation-level assessment (issue 20 item 2).

Risk builds across a visitor's messages: no single message below is an unmistakable crisis,
the run is ("mam w domu całe opakowanie" … "dziś wieczorem"). Each kind lists *stages*, each
stage a list of pieces (one message each); a conversation takes one piece of every stage, in
order (bench/crisis_corpus.buildup_runs; an empty piece "" skips the stage), with everyday chat
between them, and is read as one text, as moderation.detect.assess_conversation reads the
recent messages. Crisis kinds (label 1): means gathered + time or opportunity, farewell acts +
hopelessness, a threat building up, medical symptoms across messages, an overdose told in
pieces, abuse disclosed in pieces (a child, sexual violence). Their harmless counterparts
(label 0) share the words: pills for a headache then a party tonight, a story of the past then
"now I'm ok", a joke spread over messages, a worried friend asking questions, giving things
away before a move, a drunk relative at a wedding, a cold, a weekend alone, a book or series
retold, and a single weak stage of a crisis kind alone (a weekend alone, a bad day).

Written without looking at any held-out file (tests/moderation/heldout/*). Slots ("{TIME}")
are those of bench/crisis_corpus.py SLOTS. Ukrainian and Russian are also typed in Latin
letters (whole conversations, as a person keeps their keyboard).
"""

from __future__ import annotations

# kind -> (label, category, stages); a stage: its pieces ("" = the stage may be skipped)
B = dict[str, tuple[int, str, list[list[str]]]]

PL: B = {
    "means_time": (
        1,
        "self_harm",
        [
            [
                "mam w domu całe opakowanie tabletek nasennych",
                "od miesiąca odkładam leki, mam już ich sporo",
                "w szafce mamy jest pełno {PILLS}",
                "kupiłem dziś sznur w castoramie",
                "wiem gdzie tata trzyma klucz do dachu",
                "zebrałam wszystkie leki babci w jedno miejsce",
                "mam schowane dwa listki xanaxu i butelkę wódki",
                "naostrzyłam żyletkę i mam ją w pokoju",
                "sprawdziłem ile trzeba tych tabletek",
                "mam już wszystko przygotowane w szufladzie",
            ],
            [
                "",
                "",
                "i tak nikt nie zauważy różnicy",
                "mam dosyć udawania że jest ok",
                "już nie chcę się budzić",
                "wszystkim będzie lżej",
                "zmęczona jestem tym wszystkim na maksa",
                "już postanowiłam",
                "nie widzę innego wyjścia",
            ],
            [
                "dziś wieczorem rodzice wyjeżdżają",
                "dziś w nocy, jak wszyscy zasną",
                "w weekend będę sama w domu",
                "zrobię to {TIME}",
                "mam wolną chatę od piątku, to dobry moment",
                "jak mama wyjdzie na nockę",
                "dziś jest ten dzień",
                "po północy nikt mi nie przeszkodzi",
                "jutro rano już będzie po wszystkim",
                "wieczorem, jak wszyscy pójdą spać",
            ],
        ],
    ),
    "farewell": (
        1,
        "self_harm",
        [
            [
                "oddałam kota siostrze, niech się nim opiekuje",
                "rozdałem dziś wszystkie swoje rzeczy znajomym",
                "napisałam listy do mamy i do brata",
                "popłaciłem wszystkie długi żeby nikt nie musiał za mnie",
                "zostawiłam kartkę z hasłami i kto ma dostać psa",
                "usunęłam wszystkie zdjęcia i konta",
                "oddałem gitarę kumplowi, mi już nie będzie potrzebna",
                "napisałam testament w notatkach na telefonie",
                "przeprosiłem wszystkich których skrzywdziłem",
                "poprosiłam sąsiadkę żeby karmiła rybki od jutra",
            ],
            [
                "nic się już nie zmieni",
                "nie widzę w niczym sensu",
                "wszyscy będą mieli lepiej beze mnie",
                "jestem tylko ciężarem",
                "nie ma dla mnie przyszłości",
                "jestem już spokojny, wszystko postanowione",
                "od dawna czuję tylko pustkę",
                "nikt za mną nie zatęskni",
            ],
            [
                "",
                "dziękuję że byliście",
                "to moja ostatnia wiadomość tutaj",
                "trzymajcie się wszyscy",
                "żegnajcie",
                "przepraszam za wszystko",
                "",
            ],
        ],
    ),
    "threat": (
        1,
        "violence",
        [
            [
                "{PERP} pije od rana",
                "{PERP} znowu wrócił pijany",
                "{PERP} jest wściekły bo się spóźniłam",
                "{PERP} od godziny krzyczy i rzuca rzeczami",
                "{PERP} znalazł moje wiadomości",
                "{PERP} wyszedł z więzienia w zeszłym tygodniu",
                "{PERP} nie daje mi wyjść z domu",
            ],
            [
                "powiedział że pożałuję",
                "mówi że jak mnie znajdzie to będzie koniec",
                "pisze że wie gdzie mieszkam",
                "grozi że zrobi krzywdę dzieciom",
                "krzyczał że mnie zatłucze",
                "rozbił szklankę o ścianę obok mojej głowy",
                "szarpnął mnie za włosy",
                "mówi że ze mną skończy",
            ],
            [
                "słyszę go pod drzwiami",
                "wali w drzwi łazienki",
                "zamknęłam się z dziećmi w pokoju",
                "właśnie wjeżdża na nasze podwórko",
                "jest już na klatce",
                "siedzę w szafie i się boję",
                "idzie tu z nożem",
                "pisze że za 10 minut będzie",
            ],
        ],
    ),
    "symptoms": (
        1,
        "medical",
        [
            [
                "od godziny boli mnie w klatce piersiowej",
                "dziadek dziwnie mówi od rana",
                "córka ma 40 stopni gorączki",
                "kumpel wziął coś na imprezie i jest cały gorący",
                "po orzechach spuchły mi usta",
                "mama nagle upadła w kuchni",
                "od rana krwawię coraz mocniej",
                "uderzyłem się mocno w głowę na rowerze",
            ],
            [
                "drętwieje mi lewa ręka",
                "opadł mu kącik ust",
                "teraz trzęsie się cała i nie reaguje",
                "gada bez sensu i nie może ustać",
                "ciężko mi przełknąć ślinę",
                "nie mogę jej dobudzić",
                "kręci mi się w głowie i robi się ciemno",
                "wymiotuję i strasznie boli głowa",
            ],
            [
                "",
                "oblewa mnie zimny pot",
                "coraz trudniej oddychać",
                "jestem sama w domu",
                "usta robią się sine",
                "nie wiem co robić",
                "coraz gorzej",
            ],
        ],
    ),
    "overdose_pieces": (
        1,
        "overdose",
        [
            [
                "wzięłam więcej tabletek niż zwykle",
                "połknąłem to co zostało w opakowaniu",
                "wzięłam jeszcze kilka nasennych bo nie mogłam spać",
                "dorzuciłem drugą kreskę",
                "zjadłam {QTY} {PILLS}",
            ],
            [
                "popiłam to wódką",
                "i jeszcze wino do tego",
                "zmieszałem z alkoholem",
                "",
            ],
            [
                "serce mi wali jak szalone",
                "robi mi się słabo i nie czuję nóg",
                "strasznie chce mi się spać i wszystko się rozmywa",
                "nie mogę złapać tchu",
                "wymiotuję i mam drgawki",
            ],
        ],
    ),
    "abuse_child": (
        1,
        "child_abuse",
        [
            [
                "mój {CARER} przychodzi do mnie w nocy",
                "{CARER} mówi że to nasz sekret",
                "mam 13 lat i nie wiem komu powiedzieć",
                "{CARER} zamyka drzwi jak mamy nie ma",
                "nie chcę wracać do domu po szkole",
            ],
            [
                "każe mi nic nie mówić mamie",
                "dotyka mnie tam gdzie nie chcę",
                "bije mnie pasem jak coś źle zrobię",
                "robi mi zdjęcia jak się przebieram",
                "mówi że jak powiem to mama mnie znienawidzi",
            ],
            [
                "",
                "dzisiaj znowu będziemy sami",
                "boję się iść spać",
                "mam siniaki na plecach",
                "nikomu o tym nie mówiłam",
            ],
        ],
    ),
    "abuse_sexual": (
        1,
        "sexual_violence",
        [
            [
                "byłam wczoraj na imprezie",
                "poszłam do niego tylko na film",
                "kolega zaproponował że mnie odprowadzi",
                "w pracy szef kazał mi zostać po godzinach",
            ],
            [
                "obudziłam się bez ubrań i nic nie pamiętam",
                "mówiłam że nie chcę, ale nie przestał",
                "przytrzymał mnie i nie mogłam się ruszyć",
                "coś mi dosypał do drinka",
            ],
            [
                "",
                "wszystko mnie boli i krwawię",
                "boję się że jestem w ciąży",
                "on teraz pisze że nikt mi nie uwierzy",
                "nie wiem czy iść na policję",
            ],
        ],
    ),
    # --- harmless counterparts: the same words, no crisis
    "headache_party": (
        0,
        "none",
        [
            [
                "boli mnie głowa od rana",
                "mam w domu całe opakowanie paracetamolu na szczęście",
                "wzięłam tabletkę przeciwbólową",
                "mam migrenę, wzięłam ibuprom",
                "kupiłam w aptece coś na ból głowy",
            ],
            [
                "",
                "czy mogę to brać z antykoncepcją?",
                "ile godzin musi minąć między dawkami?",
                "już trochę lepiej",
            ],
            [
                "dziś wieczorem impreza u Kaśki",
                "wieczorem idę na koncert",
                "w weekend wyjeżdżamy nad jezioro",
                "jak przejdzie to idę na urodziny kumpla",
                "wieczorem mam randkę haha",
            ],
        ],
    ),
    "past_now_ok": (
        0,
        "none",
        [
            [
                "{YEARS} było ze mną bardzo źle",
                "kiedyś miałam depresję i próbę",
                "{YEARS} leżałem w szpitalu po przedawkowaniu",
                "w liceum się cięłam",
                "kilka lat temu myślałam o śmierci codziennie",
            ],
            [
                "potem była terapia i leki",
                "pomogła mi psycholożka i grupa wsparcia",
                "rodzina bardzo mnie wspierała",
                "",
            ],
            [
                "teraz jest ok, studiuję i pracuję",
                "dziś jestem w dobrym miejscu",
                "teraz pomagam innym jako wolontariuszka",
                "teraz już wszystko dobrze, pytam tylko o grupy wsparcia dla znajomego",
                "od dwóch lat jest spokój",
            ],
        ],
    ),
    "joke_across": (
        0,
        "none",
        [
            [
                "jutro kolokwium z matmy",
                "nasi znowu przegrali",
                "szef dał mi 200 maili do ogarnięcia",
                "sesja za tydzień a ja nic nie umiem",
            ],
            [
                "chyba się zabiję {LAUGH}",
                "zaraz wyskoczę przez okno {LAUGH}",
                "zabijcie mnie {LAUGH}",
                "umrę po prostu {LAUGH}",
            ],
            [
                "żartuję oczywiście",
                "a tak serio to macie jakieś porady jak się uczyć?",
                "dobra idę po kawę",
                "ok wracam do nauki",
            ],
        ],
    ),
    "worried_friend": (
        0,
        "none",
        [
            [
                "moja przyjaciółka ostatnio dziwnie się zachowuje",
                "kolega z klasy mówi że ma wszystkiego dość",
                "siostra od tygodnia nie wychodzi z pokoju",
                "martwię się o współlokatora",
            ],
            [
                "jak rozpoznać że ktoś myśli o samobójstwie?",
                "czy mam z nią o tym porozmawiać wprost?",
                "co mogę mu powiedzieć żeby nie pogorszyć?",
                "gdzie może dostać pomoc psychologiczną?",
            ],
            [
                "dzięki, podeślę jej ten numer",
                "jutro z nim pogadam",
                "ok, spróbuję namówić ją na psychologa",
                "",
            ],
        ],
    ),
    "moving_away": (
        0,
        "none",
        [
            [
                "przeprowadzam się do Berlina",
                "wyjeżdżam na rok na erasmusa",
                "robię wielkie porządki w mieszkaniu",
                "dostałam pracę za granicą",
            ],
            [
                "rozdaję meble i książki znajomym",
                "kot zostanie u siostry na czas wyjazdu",
                "oddaję rower kumplowi, i tak go nie zabiorę",
                "napisałam list pożegnalny do klasy, wzruszyłam się",
            ],
            [
                "strasznie się cieszę",
                "trochę się stresuję ale bardziej się cieszę",
                "czy tam też macie punkt testowy?",
                "",
            ],
        ],
    ),
    "drunk_harmless": (
        0,
        "none",
        [
            [
                "wujek się upił na weselu",
                "{PERP} wrócił wczoraj trochę wstawiony z meczu",
                "brat świętuje obronę pracy i jest pijany",
            ],
            [
                "głośno śpiewał disco polo całą noc",
                "zgubił buty i telefon haha",
                "mówił że mnie kocha i płakał ze wzruszenia",
            ],
            [
                "teraz śpi na kanapie, jutro będzie miał kaca",
                "rano zrobię mu rosół",
                "",
            ],
        ],
    ),
    "minor_symptoms": (
        0,
        "none",
        [
            [
                "mam katar od wczoraj",
                "trochę boli mnie gardło",
                "synek ma 37,5 i kaszle",
                "po treningu bolą mnie nogi",
            ],
            [
                "i lekko boli głowa",
                "ale je normalnie i się bawi",
                "jestem trochę zmęczona",
                "",
            ],
            [
                "czy mogę iść jutro do pracy?",
                "gdzie jest najbliższa apteka całodobowa?",
                "czy trzeba iść do lekarza czy przejdzie samo?",
            ],
        ],
    ),
    "alone_only": (
        0,
        "none",
        [
            [
                "rodzice wyjeżdżają na weekend",
                "dziś wieczorem będę sama w domu",
                "współlokator wyjechał na tydzień",
                "miałam dziś kiepski dzień w pracy",
            ],
            [
                "obejrzę sobie jakiś serial",
                "zaproszę dziewczyny na pizzę",
                "w końcu się wyśpię",
                "ale jutro będzie lepiej",
            ],
            [
                "",
                "polecicie jakiś film?",
                "dobra, miłego wieczoru",
            ],
        ],
    ),
    "story_fiction": (
        0,
        "none",
        [
            [
                "czytam książkę o dziewczynie którą ojczym krzywdził",
                "oglądam serial o chłopaku który chciał się zabić",
                "na polskim omawiamy wiersz o samobójstwie",
                "w filmie bohaterka przedawkowała",
            ],
            [
                "bardzo mnie to poruszyło",
                "strasznie smutne zakończenie",
                "muszę napisać o tym wypracowanie",
            ],
            [
                "macie jakieś materiały o tym temacie do szkoły?",
                "polecicie coś podobnego?",
                "",
            ],
        ],
    ),
}

EN: B = {
    "means_time": (
        1,
        "self_harm",
        [
            [
                "i have a whole box of sleeping pills at home",
                "been saving up my meds for a month, got plenty now",
                "my mums cabinet is full of {PILLS}",
                "bought a rope today at the hardware store",
                "i know where dad keeps the key to the roof",
                "put all my nans tablets in one place",
                "got two strips of xanax hidden and a bottle of vodka",
                "sharpened a blade, its in my room",
                "looked up how many of these it takes",
                "everything is ready in my drawer",
            ],
            [
                "",
                "",
                "nobody would notice anyway",
                "tired of pretending im fine",
                "i dont want to wake up anymore",
                "everyone will be better off",
                "so done with all of it",
                "i made up my mind",
                "i dont see any other way",
            ],
            [
                "my parents leave tonight",
                "tonight when everyone is asleep",
                "ill be home alone all weekend",
                "doing it {TIME}",
                "house to myself from friday, good time",
                "when mum goes to her night shift",
                "today is the day",
                "after midnight nobody will stop me",
                "by tomorrow morning it will be over",
                "later when everyone goes to bed",
            ],
        ],
    ),
    "farewell": (
        1,
        "self_harm",
        [
            [
                "gave my cat to my sister, she'll look after him",
                "gave away all my stuff to friends today",
                "wrote letters to my mum and my brother",
                "paid off all my debts so nobody has to",
                "left a note with my passwords and who gets the dog",
                "deleted all my photos and accounts",
                "gave my guitar to a mate, wont need it anymore",
                "wrote a will in the notes app",
                "apologised to everyone i ever hurt",
                "asked the neighbour to feed my fish from tomorrow",
            ],
            [
                "nothing is ever going to change",
                "i cant see the point of anything",
                "everyone will be better without me",
                "im just a burden",
                "theres no future for me",
                "i feel calm now, its all decided",
                "ive felt nothing but empty for ages",
                "nobody will miss me",
            ],
            [
                "",
                "thank you for being here",
                "this is my last message here",
                "take care everyone",
                "goodbye",
                "sorry for everything",
                "",
            ],
        ],
    ),
    "threat": (
        1,
        "violence",
        [
            [
                "{PERP} has been drinking since morning",
                "{PERP} came home drunk again",
                "{PERP} is furious because i was late",
                "{PERP} has been shouting and throwing stuff for an hour",
                "{PERP} found my messages",
                "{PERP} got out of prison last week",
                "{PERP} wont let me leave the house",
            ],
            [
                "he said ill regret it",
                "says when he finds me its over",
                "texting me that he knows where i live",
                "threatens to hurt the kids",
                "he yelled hed beat me to death",
                "smashed a glass on the wall next to my head",
                "grabbed me by the hair",
                "says hes going to finish me",
            ],
            [
                "i can hear him at the door",
                "hes banging on the bathroom door",
                "locked myself in the room with the kids",
                "hes pulling into the driveway now",
                "hes on the stairs already",
                "hiding in the wardrobe, so scared",
                "hes coming with a knife",
                "says hell be here in 10 minutes",
            ],
        ],
    ),
    "symptoms": (
        1,
        "medical",
        [
            [
                "my chest has been hurting for an hour",
                "grandad is talking weird since this morning",
                "my daughter has a fever of 40",
                "my mate took something at the party and hes burning hot",
                "my lips swelled up after the nuts",
                "mum suddenly collapsed in the kitchen",
                "im bleeding more and more since this morning",
                "hit my head hard falling off my bike",
            ],
            [
                "my left arm is going numb",
                "one side of his mouth is drooping",
                "now shes shaking all over and not responding",
                "hes talking nonsense and cant stand up",
                "its getting hard to swallow",
                "i cant wake her up",
                "im dizzy and everything is going dark",
                "throwing up and my head hurts like hell",
            ],
            [
                "",
                "cold sweat all over",
                "harder and harder to breathe",
                "im home alone",
                "her lips are turning blue",
                "i dont know what to do",
                "its getting worse",
            ],
        ],
    ),
    "overdose_pieces": (
        1,
        "overdose",
        [
            [
                "took more pills than usual",
                "swallowed what was left in the pack",
                "took a few more sleeping pills because i couldnt sleep",
                "did another line",
                "ate {QTY} of {PILLS}",
            ],
            [
                "washed it down with vodka",
                "and wine on top",
                "mixed it with booze",
                "",
            ],
            [
                "my heart is racing like crazy",
                "feeling faint and cant feel my legs",
                "so sleepy and everything is blurry",
                "cant catch my breath",
                "throwing up and twitching",
            ],
        ],
    ),
    "abuse_child": (
        1,
        "child_abuse",
        [
            [
                "{CARER} comes into my room at night",
                "{CARER} says its our secret",
                "im 13 and i dont know who to tell",
                "{CARER} locks the door when mum is out",
                "i dont want to go home after school",
            ],
            [
                "he tells me not to tell mum",
                "he touches me where i dont want",
                "he hits me with a belt when i do something wrong",
                "takes photos of me when im changing",
                "says if i tell mum will hate me",
            ],
            [
                "",
                "we'll be alone again today",
                "im scared to go to sleep",
                "i have bruises on my back",
                "never told anyone",
            ],
        ],
    ),
    "abuse_sexual": (
        1,
        "sexual_violence",
        [
            [
                "i was at a party last night",
                "went to his place just to watch a film",
                "a guy from uni offered to walk me home",
                "my boss made me stay late at work",
            ],
            [
                "woke up with no clothes on and dont remember anything",
                "i said no but he didnt stop",
                "he held me down and i couldnt move",
                "he put something in my drink",
            ],
            [
                "",
                "everything hurts and im bleeding",
                "scared im pregnant",
                "now hes texting that nobody will believe me",
                "dont know if i should go to the police",
            ],
        ],
    ),
    "headache_party": (
        0,
        "none",
        [
            [
                "had a headache all morning",
                "luckily i have a whole box of paracetamol at home",
                "took a painkiller",
                "got a migraine, took some ibuprofen",
                "got something for headaches at the pharmacy",
            ],
            [
                "",
                "can i take it with the pill?",
                "how many hours between doses?",
                "bit better already",
            ],
            [
                "party at kates tonight",
                "going to a gig tonight",
                "off to the lake this weekend",
                "once it passes im going to my mates birthday",
                "got a date tonight haha",
            ],
        ],
    ),
    "past_now_ok": (
        0,
        "none",
        [
            [
                "{YEARS} i was in a really bad place",
                "i used to have depression and made an attempt",
                "{YEARS} i was in hospital after an overdose",
                "i used to cut in high school",
                "a few years ago i thought about dying every day",
            ],
            [
                "then therapy and meds",
                "a psychologist and a support group helped me",
                "my family really supported me",
                "",
            ],
            [
                "now im fine, studying and working",
                "today im in a good place",
                "now i volunteer helping others",
                "all good now, just asking about support groups for a friend",
                "been stable for two years",
            ],
        ],
    ),
    "joke_across": (
        0,
        "none",
        [
            [
                "maths exam tomorrow",
                "we lost again",
                "boss gave me 200 emails to sort",
                "exams next week and i know nothing",
            ],
            [
                "gonna kill myself {LAUGH}",
                "about to jump out the window {LAUGH}",
                "kill me now {LAUGH}",
                "im just going to die {LAUGH}",
            ],
            [
                "joking obviously",
                "but seriously any tips on how to study?",
                "ok going for coffee",
                "ok back to revision",
            ],
        ],
    ),
    "worried_friend": (
        0,
        "none",
        [
            [
                "my best friend has been acting weird lately",
                "a guy in my class says hes had enough of everything",
                "my sister hasnt left her room in a week",
                "im worried about my flatmate",
            ],
            [
                "how can you tell if someone is thinking about suicide?",
                "should i ask her about it directly?",
                "what can i say so i dont make it worse?",
                "where can he get psychological help?",
            ],
            [
                "thanks, ill send her that number",
                "ill talk to him tomorrow",
                "ok ill try to get her to see someone",
                "",
            ],
        ],
    ),
    "moving_away": (
        0,
        "none",
        [
            [
                "im moving to berlin",
                "going abroad for a year on erasmus",
                "doing a massive clear out of my flat",
                "got a job abroad",
            ],
            [
                "giving my furniture and books away to friends",
                "the cat will stay with my sister while im away",
                "giving my bike to a mate, cant take it anyway",
                "wrote a goodbye letter to my class, got emotional",
            ],
            [
                "so excited",
                "bit stressed but mostly happy",
                "do you have a testing point there too?",
                "",
            ],
        ],
    ),
    "drunk_harmless": (
        0,
        "none",
        [
            [
                "my uncle got drunk at the wedding",
                "{PERP} came back a bit tipsy from the match",
                "my brother is celebrating his graduation and hes wasted",
            ],
            [
                "sang karaoke all night",
                "lost his shoes and his phone haha",
                "kept saying he loves me and cried",
            ],
            [
                "now hes asleep on the sofa, hangover tomorrow",
                "ill make him breakfast in the morning",
                "",
            ],
        ],
    ),
    "minor_symptoms": (
        0,
        "none",
        [
            [
                "had a runny nose since yesterday",
                "my throat is a bit sore",
                "my son has 37.5 and a cough",
                "my legs ache after training",
            ],
            [
                "and a slight headache",
                "but hes eating and playing normally",
                "bit tired",
                "",
            ],
            [
                "can i go to work tomorrow?",
                "wheres the nearest 24h pharmacy?",
                "do i need a doctor or will it pass?",
            ],
        ],
    ),
    "alone_only": (
        0,
        "none",
        [
            [
                "my parents are away for the weekend",
                "ill be home alone tonight",
                "my flatmate is away for a week",
                "had a rubbish day at work",
            ],
            [
                "gonna binge a series",
                "inviting the girls over for pizza",
                "finally gonna get some sleep",
                "tomorrow will be better",
            ],
            [
                "",
                "any film recommendations?",
                "ok have a nice evening",
            ],
        ],
    ),
    "story_fiction": (
        0,
        "none",
        [
            [
                "reading a book about a girl abused by her stepdad",
                "watching a series about a boy who wanted to kill himself",
                "in english we're doing a poem about suicide",
                "in the film the main character overdoses",
            ],
            [
                "it really moved me",
                "such a sad ending",
                "i have to write an essay about it",
            ],
            [
                "do you have any materials on the topic for school?",
                "can you recommend something similar?",
                "",
            ],
        ],
    ),
}

UK: B = {
    "means_time": (
        1,
        "self_harm",
        [
            [
                "вдома є ціла пачка снодійного",
                "місяць відкладаю ліки, вже багато назбиралось",
                "у маминій шафці повно {PILLS}",
                "купив сьогодні мотузку в будівельному",
                "знаю де тато тримає ключ від даху",
                "зібрала всі бабусині ліки в одне місце",
                "сховала дві пластинки ксанаксу і пляшку горілки",
                "наточила лезо, воно в моїй кімнаті",
                "подивився скільки треба цих таблеток",
                "все вже готове в шухляді",
            ],
            [
                "",
                "",
                "ніхто й не помітить",
                "втомилась вдавати що все нормально",
                "не хочу більше прокидатись",
                "всім стане легше",
                "я вирішила",
                "не бачу іншого виходу",
            ],
            [
                "сьогодні ввечері батьки їдуть",
                "сьогодні вночі, коли всі заснуть",
                "на вихідних буду сама вдома",
                "зроблю це {TIME}",
                "з пʼятниці хата вільна, слушний момент",
                "коли мама піде на нічну зміну",
                "сьогодні той самий день",
                "після півночі ніхто не завадить",
                "завтра зранку вже все скінчиться",
            ],
        ],
    ),
    "farewell": (
        1,
        "self_harm",
        [
            [
                "віддала кота сестрі, хай доглядає",
                "роздав сьогодні всі свої речі друзям",
                "написала листи мамі і братові",
                "виплатив усі борги, щоб нікому не довелось",
                "залишила записку з паролями і кому собаку",
                "видалила всі фото і акаунти",
                "віддав гітару другові, мені вже не знадобиться",
                "попросила сусідку годувати рибок з завтра",
            ],
            [
                "нічого вже не зміниться",
                "не бачу ні в чому сенсу",
                "всім буде краще без мене",
                "я тільки тягар",
                "для мене немає майбутнього",
                "мені вже спокійно, все вирішено",
                "ніхто за мною не сумуватиме",
            ],
            [
                "",
                "дякую що були",
                "це моє останнє повідомлення тут",
                "бувайте всі",
                "прощавайте",
                "вибачте за все",
                "",
            ],
        ],
    ),
    "threat": (
        1,
        "violence",
        [
            [
                "{PERP} пʼє з самого ранку",
                "{PERP} знову прийшов пʼяний",
                "{PERP} злий бо я запізнилась",
                "{PERP} вже годину кричить і кидає речі",
                "{PERP} знайшов мої повідомлення",
                "{PERP} не випускає мене з дому",
            ],
            [
                "сказав що я пошкодую",
                "каже як знайде мене то мені кінець",
                "пише що знає де я живу",
                "погрожує що зробить щось дітям",
                "кричав що приб'є мене",
                "розбив склянку об стіну біля моєї голови",
                "смикнув мене за волосся",
            ],
            [
                "чую його під дверима",
                "гатить у двері ванної",
                "замкнулась з дітьми в кімнаті",
                "він вже заїжджає у двір",
                "він вже в підʼїзді",
                "сиджу в шафі і боюсь",
                "іде сюди з ножем",
                "пише що за 10 хвилин буде",
            ],
        ],
    ),
    "symptoms": (
        1,
        "medical",
        [
            [
                "вже годину болить у грудях",
                "дідусь з ранку дивно говорить",
                "у доньки температура 40",
                "друг щось прийняв на вечірці і весь гарячий",
                "після горіхів розпухли губи",
                "мама раптом впала на кухні",
                "з ранку кровотеча все сильніша",
            ],
            [
                "німіє ліва рука",
                "у нього опустився куточок рота",
                "тепер її всю трясе і вона не реагує",
                "несе маячню і не може встояти",
                "важко ковтати",
                "не можу її розбудити",
                "паморочиться в голові і темніє в очах",
            ],
            [
                "",
                "холодний піт",
                "все важче дихати",
                "я вдома сама",
                "губи синіють",
                "не знаю що робити",
                "все гірше",
            ],
        ],
    ),
    "overdose_pieces": (
        1,
        "overdose",
        [
            [
                "випила більше таблеток ніж зазвичай",
                "проковтнув те що лишилось в пачці",
                "випила ще кілька снодійних бо не могла заснути",
                "зʼїла {QTY} {PILLS}",
            ],
            [
                "запила горілкою",
                "і ще вино зверху",
                "",
            ],
            [
                "серце калатає як скажене",
                "мені погано і не відчуваю ніг",
                "страшенно хочу спати і все розпливається",
                "не можу вдихнути",
            ],
        ],
    ),
    "abuse_child": (
        1,
        "child_abuse",
        [
            [
                "{CARER} приходить до мене вночі",
                "{CARER} каже що це наш секрет",
                "мені 13 і я не знаю кому сказати",
                "{CARER} зачиняє двері коли мами нема",
            ],
            [
                "каже нічого не казати мамі",
                "торкається мене там де я не хочу",
                "бʼє мене ременем коли щось не так",
                "фотографує мене коли я переодягаюсь",
            ],
            [
                "",
                "сьогодні знову будемо самі",
                "боюсь лягати спати",
                "у мене синці на спині",
            ],
        ],
    ),
    "abuse_sexual": (
        1,
        "sexual_violence",
        [
            [
                "вчора була на вечірці",
                "пішла до нього тільки подивитись фільм",
                "знайомий запропонував провести додому",
            ],
            [
                "прокинулась без одягу і нічого не памʼятаю",
                "казала що не хочу, але він не зупинився",
                "тримав мене і я не могла поворухнутись",
                "щось підсипав мені в напій",
            ],
            [
                "",
                "все болить і йде кров",
                "тепер пише що мені ніхто не повірить",
                "не знаю чи йти в поліцію",
            ],
        ],
    ),
    "headache_party": (
        0,
        "none",
        [
            [
                "з ранку болить голова",
                "на щастя вдома є ціла пачка парацетамолу",
                "випила знеболювальне",
                "мігрень, випила ібупрофен",
            ],
            [
                "",
                "скільки годин між дозами?",
                "вже трохи краще",
            ],
            [
                "сьогодні ввечері вечірка у Каті",
                "ввечері йду на концерт",
                "на вихідних їдемо на озеро",
                "ввечері побачення хаха",
            ],
        ],
    ),
    "past_now_ok": (
        0,
        "none",
        [
            [
                "{YEARS} мені було дуже погано",
                "колись у мене була депресія і спроба",
                "{YEARS} лежав у лікарні після передозування",
                "в школі я різала себе",
            ],
            [
                "потім була терапія",
                "допомогла психологиня і група підтримки",
                "",
            ],
            [
                "зараз все добре, навчаюсь і працюю",
                "сьогодні я в хорошому місці",
                "тепер волонтерю і допомагаю іншим",
                "вже два роки все спокійно",
            ],
        ],
    ),
    "joke_across": (
        0,
        "none",
        [
            [
                "завтра контрольна з математики",
                "наші знову програли",
                "сесія через тиждень а я нічого не знаю",
            ],
            [
                "здається я вбʼюся {LAUGH}",
                "зараз вистрибну з вікна {LAUGH}",
                "вбийте мене {LAUGH}",
            ],
            [
                "жартую звісно",
                "а серйозно, є поради як вчитись?",
                "добре, піду по каву",
            ],
        ],
    ),
    "worried_friend": (
        0,
        "none",
        [
            [
                "моя подруга останнім часом дивно поводиться",
                "однокласник каже що йому все набридло",
                "сестра тиждень не виходить з кімнати",
            ],
            [
                "як зрозуміти що людина думає про самогубство?",
                "чи говорити з нею про це прямо?",
                "де він може отримати психологічну допомогу?",
            ],
            [
                "дякую, перешлю їй цей номер",
                "завтра з ним поговорю",
                "",
            ],
        ],
    ),
    "moving_away": (
        0,
        "none",
        [
            [
                "я переїжджаю до Варшави",
                "їду на рік на навчання за кордон",
                "роблю велике прибирання у квартирі",
            ],
            [
                "роздаю меблі і книжки друзям",
                "кіт поживе у сестри поки мене не буде",
                "віддаю велосипед другові, все одно не заберу",
            ],
            [
                "дуже радію",
                "трохи хвилююсь але більше радію",
                "",
            ],
        ],
    ),
    "drunk_harmless": (
        0,
        "none",
        [
            [
                "дядько напився на весіллі",
                "брат святкує диплом і він пʼяний",
            ],
            [
                "всю ніч співав пісні",
                "загубив черевики і телефон хаха",
            ],
            [
                "зараз спить на дивані, завтра буде похмілля",
                "",
            ],
        ],
    ),
    "minor_symptoms": (
        0,
        "none",
        [
            [
                "з учора нежить",
                "трохи болить горло",
                "у сина 37,5 і кашель",
            ],
            [
                "і трохи болить голова",
                "але він їсть і грається",
                "",
            ],
            [
                "чи можна завтра йти на роботу?",
                "де найближча цілодобова аптека?",
                "чи треба до лікаря чи само пройде?",
            ],
        ],
    ),
    "alone_only": (
        0,
        "none",
        [
            [
                "батьки їдуть на вихідні",
                "сьогодні ввечері буду сама вдома",
                "був поганий день на роботі",
            ],
            [
                "подивлюсь серіал",
                "покличу подруг на піцу",
                "нарешті висплюсь",
                "завтра буде краще",
            ],
            [
                "",
                "порадите якийсь фільм?",
            ],
        ],
    ),
    "story_fiction": (
        0,
        "none",
        [
            [
                "читаю книжку про дівчинку яку кривдив вітчим",
                "дивлюсь серіал про хлопця який хотів себе вбити",
                "у фільмі героїня передозувала",
            ],
            [
                "мене це дуже зачепило",
                "треба написати про це твір",
            ],
            [
                "є якісь матеріали на цю тему для школи?",
                "",
            ],
        ],
    ),
}

RU: B = {
    "means_time": (
        1,
        "self_harm",
        [
            [
                "дома есть целая пачка снотворного",
                "месяц откладываю таблетки, уже много накопилось",
                "в маминой аптечке полно {PILLS}",
                "купил сегодня веревку в строительном",
                "знаю где папа держит ключ от крыши",
                "собрала все бабушкины лекарства в одно место",
                "спрятала две пластинки ксанакса и бутылку водки",
                "наточила лезвие, оно у меня в комнате",
                "посмотрел сколько нужно этих таблеток",
                "все уже готово в ящике",
            ],
            [
                "",
                "",
                "никто и не заметит",
                "устала делать вид что все нормально",
                "не хочу больше просыпаться",
                "всем станет легче",
                "я решила",
                "не вижу другого выхода",
            ],
            [
                "сегодня вечером родители уезжают",
                "сегодня ночью, когда все уснут",
                "на выходных буду одна дома",
                "сделаю это {TIME}",
                "с пятницы хата свободна, удобный момент",
                "когда мама уйдет на ночную смену",
                "сегодня тот самый день",
                "после полуночи никто не помешает",
                "завтра утром все уже закончится",
            ],
        ],
    ),
    "farewell": (
        1,
        "self_harm",
        [
            [
                "отдала кота сестре, пусть заботится",
                "раздал сегодня все свои вещи друзьям",
                "написала письма маме и брату",
                "выплатил все долги, чтобы никому не пришлось",
                "оставила записку с паролями и кому собаку",
                "удалила все фото и аккаунты",
                "отдал гитару другу, мне она уже не понадобится",
                "попросила соседку кормить рыбок с завтрашнего дня",
            ],
            [
                "ничего уже не изменится",
                "не вижу ни в чем смысла",
                "всем будет лучше без меня",
                "я только обуза",
                "у меня нет будущего",
                "мне уже спокойно, все решено",
                "никто по мне не будет скучать",
            ],
            [
                "",
                "спасибо что были",
                "это мое последнее сообщение здесь",
                "всем пока",
                "прощайте",
                "простите за все",
                "",
            ],
        ],
    ),
    "threat": (
        1,
        "violence",
        [
            [
                "{PERP} пьет с самого утра",
                "{PERP} опять пришел пьяный",
                "{PERP} злой потому что я опоздала",
                "{PERP} уже час орет и швыряет вещи",
                "{PERP} нашел мои переписки",
                "{PERP} не выпускает меня из дома",
            ],
            [
                "сказал что я пожалею",
                "говорит если найдет меня то мне конец",
                "пишет что знает где я живу",
                "угрожает что сделает что-то детям",
                "орал что прибьет меня",
                "разбил стакан об стену рядом с моей головой",
                "дернул меня за волосы",
            ],
            [
                "слышу его за дверью",
                "ломится в дверь ванной",
                "заперлась с детьми в комнате",
                "он уже заезжает во двор",
                "он уже в подъезде",
                "сижу в шкафу и боюсь",
                "идет сюда с ножом",
                "пишет что через 10 минут будет",
            ],
        ],
    ),
    "symptoms": (
        1,
        "medical",
        [
            [
                "уже час болит в груди",
                "дедушка с утра странно говорит",
                "у дочки температура 40",
                "друг что-то принял на тусовке и весь горячий",
                "после орехов распухли губы",
                "мама вдруг упала на кухне",
                "с утра кровотечение все сильнее",
            ],
            [
                "немеет левая рука",
                "у него опустился уголок рта",
                "теперь ее всю трясет и она не реагирует",
                "несет бред и не может стоять",
                "трудно глотать",
                "не могу ее разбудить",
                "кружится голова и темнеет в глазах",
            ],
            [
                "",
                "холодный пот",
                "все труднее дышать",
                "я дома одна",
                "губы синеют",
                "не знаю что делать",
                "все хуже",
            ],
        ],
    ),
    "overdose_pieces": (
        1,
        "overdose",
        [
            [
                "выпила больше таблеток чем обычно",
                "проглотил то что осталось в пачке",
                "выпила еще несколько снотворных потому что не могла уснуть",
                "съела {QTY} {PILLS}",
            ],
            [
                "запила водкой",
                "и еще вино сверху",
                "",
            ],
            [
                "сердце колотится как бешеное",
                "мне плохо и не чувствую ног",
                "ужасно хочу спать и все расплывается",
                "не могу вдохнуть",
            ],
        ],
    ),
    "abuse_child": (
        1,
        "child_abuse",
        [
            [
                "{CARER} приходит ко мне ночью",
                "{CARER} говорит что это наш секрет",
                "мне 13 и я не знаю кому сказать",
                "{CARER} закрывает дверь когда мамы нет",
            ],
            [
                "говорит ничего не рассказывать маме",
                "трогает меня там где я не хочу",
                "бьет меня ремнем когда что-то не так",
                "фотографирует меня когда я переодеваюсь",
            ],
            [
                "",
                "сегодня опять будем одни",
                "боюсь ложиться спать",
                "у меня синяки на спине",
            ],
        ],
    ),
    "abuse_sexual": (
        1,
        "sexual_violence",
        [
            [
                "вчера была на вечеринке",
                "пошла к нему только посмотреть фильм",
                "знакомый предложил проводить домой",
            ],
            [
                "проснулась без одежды и ничего не помню",
                "говорила что не хочу, но он не остановился",
                "держал меня и я не могла пошевелиться",
                "что-то подсыпал мне в напиток",
            ],
            [
                "",
                "все болит и идет кровь",
                "теперь пишет что мне никто не поверит",
                "не знаю идти ли в полицию",
            ],
        ],
    ),
    "headache_party": (
        0,
        "none",
        [
            [
                "с утра болит голова",
                "к счастью дома есть целая пачка парацетамола",
                "выпила обезболивающее",
                "мигрень, выпила ибупрофен",
            ],
            [
                "",
                "сколько часов между приемами?",
                "уже немного лучше",
            ],
            [
                "сегодня вечером вечеринка у Кати",
                "вечером иду на концерт",
                "на выходных едем на озеро",
                "вечером свидание хаха",
            ],
        ],
    ),
    "past_now_ok": (
        0,
        "none",
        [
            [
                "{YEARS} мне было очень плохо",
                "когда-то у меня была депрессия и попытка",
                "{YEARS} лежал в больнице после передозировки",
                "в школе я резала себя",
            ],
            [
                "потом была терапия",
                "помогли психолог и группа поддержки",
                "",
            ],
            [
                "сейчас все хорошо, учусь и работаю",
                "сегодня у меня все в порядке",
                "теперь волонтерю и помогаю другим",
                "уже два года все спокойно",
            ],
        ],
    ),
    "joke_across": (
        0,
        "none",
        [
            [
                "завтра контрольная по математике",
                "наши опять проиграли",
                "сессия через неделю а я ничего не знаю",
            ],
            [
                "кажется я убьюсь {LAUGH}",
                "сейчас выпрыгну в окно {LAUGH}",
                "убейте меня {LAUGH}",
            ],
            [
                "шучу конечно",
                "а если серьезно, есть советы как учиться?",
                "ладно, пойду за кофе",
            ],
        ],
    ),
    "worried_friend": (
        0,
        "none",
        [
            [
                "моя подруга в последнее время странно себя ведет",
                "одноклассник говорит что ему все надоело",
                "сестра неделю не выходит из комнаты",
            ],
            [
                "как понять что человек думает о самоубийстве?",
                "говорить ли с ней об этом прямо?",
                "где он может получить психологическую помощь?",
            ],
            [
                "спасибо, перешлю ей этот номер",
                "завтра с ним поговорю",
                "",
            ],
        ],
    ),
    "moving_away": (
        0,
        "none",
        [
            [
                "я переезжаю в Варшаву",
                "уезжаю на год учиться за границу",
                "делаю большую уборку в квартире",
            ],
            [
                "раздаю мебель и книги друзьям",
                "кот поживет у сестры пока меня не будет",
                "отдаю велосипед другу, все равно не заберу",
            ],
            [
                "очень радуюсь",
                "немного волнуюсь но больше радуюсь",
                "",
            ],
        ],
    ),
    "drunk_harmless": (
        0,
        "none",
        [
            [
                "дядя напился на свадьбе",
                "брат отмечает диплом и он пьяный",
            ],
            [
                "всю ночь пел песни",
                "потерял ботинки и телефон хаха",
            ],
            [
                "сейчас спит на диване, завтра будет похмелье",
                "",
            ],
        ],
    ),
    "minor_symptoms": (
        0,
        "none",
        [
            [
                "со вчера насморк",
                "немного болит горло",
                "у сына 37,5 и кашель",
            ],
            [
                "и немного болит голова",
                "но он ест и играет",
                "",
            ],
            [
                "можно ли завтра идти на работу?",
                "где ближайшая круглосуточная аптека?",
                "нужно к врачу или само пройдет?",
            ],
        ],
    ),
    "alone_only": (
        0,
        "none",
        [
            [
                "родители уезжают на выходные",
                "сегодня вечером буду одна дома",
                "был плохой день на работе",
            ],
            [
                "посмотрю сериал",
                "позову подруг на пиццу",
                "наконец высплюсь",
                "завтра будет лучше",
            ],
            [
                "",
                "посоветуете какой-нибудь фильм?",
            ],
        ],
    ),
    "story_fiction": (
        0,
        "none",
        [
            [
                "читаю книгу про девочку которую обижал отчим",
                "смотрю сериал про парня который хотел себя убить",
                "в фильме героиня передозировала",
            ],
            [
                "меня это очень задело",
                "надо написать об этом сочинение",
            ],
            [
                "есть какие-то материалы на эту тему для школы?",
                "",
            ],
        ],
    ),
}

BUILDUP: dict[str, B] = {"pl": PL, "en": EN, "uk": UK, "ru": RU}

# More pieces per stage: other means and places, other people, mixed languages (a Ukrainian
# or Russian speaker in Poland mixes in Polish words), slang.
MORE: dict[str, dict[str, dict[int, list[str]]]] = {
    "pl": {
        "means_time": {
            0: [
                "byłem dziś na tym wiadukcie, sprawdziłem jak jest wysoko",
                "mam kluczyki do garażu i wąż do rury wydechowej",
                "w apteczce jest cały zapas insuliny taty",
                "kupiłam w trzech aptekach po opakowaniu paracetamolu",
                "zakosiłem mamie jej psychotropy",
            ],
            1: ["nie mam już siły", "mam wyjebane na wszystko", "to i tak bez znaczenia"],
            2: [
                "po ostatniej lekcji nikt nie będzie mnie pilnował",
                "dziś po pracy, zanim żona wróci",
                "jak tylko stara pojedzie do roboty",
            ],
        },
        "farewell": {
            0: [
                "napisałem do wszystkich kumpli że dzięki za wszystko",
                "oddałam pierścionek po babci siostrze",
                "posprzątałam cały pokój i spakowałam rzeczy do oddania",
                "wysłałam byłemu przeprosiny za wszystko",
            ],
            1: ["nikt by nie płakał", "i tak się nic nie poprawi", "jestem zmęczony życiem"],
        },
        "threat": {
            0: ["{PERP} dziś znowu wypił pół litra", "{PERP} od rana się nakręca"],
            1: ["napisał mi że zaraz zobaczę co to znaczy go wkurzyć", "mówi że mnie udusi"],
            2: ["słyszę jego kroki na korytarzu", "stoi pod oknem i krzyczy żebym otworzyła"],
        },
        "symptoms": {
            0: ["wujek zbladł i trzyma się za klatkę"],
            1: ["ma strasznie gorące czoło i gada od rzeczy", "język mi puchnie"],
        },
    },
    "en": {
        "means_time": {
            0: [
                "went to the bridge today and checked how high it is",
                "got the garage keys and a hose for the exhaust",
                "theres a whole stash of dads insulin in the fridge",
                "bought paracetamol in three different shops",
                "nicked my mums psych meds",
            ],
            1: ["i have no strength left", "dont give a shit about anything anymore"],
            2: [
                "after last period nobody will be watching me",
                "after work today before my wife gets back",
                "as soon as mum leaves for work",
            ],
        },
        "farewell": {
            0: [
                "messaged all my mates saying thanks for everything",
                "gave my grans ring to my sister",
                "cleaned my whole room and packed my stuff to give away",
                "sent my ex an apology for everything",
            ],
            1: ["nobody would cry", "its never getting better", "im tired of living"],
        },
        "threat": {
            0: ["{PERP} downed half a bottle again", "{PERP} has been winding himself up all day"],
            1: [
                "he texted that ill see what happens when i piss him off",
                "he says hell strangle me",
            ],
            2: ["i can hear his footsteps in the hall", "hes under the window shouting to open up"],
        },
        "symptoms": {
            0: ["my uncle went pale and is holding his chest"],
            1: ["her forehead is burning and shes not making sense", "my tongue is swelling"],
        },
    },
    "uk": {
        "means_time": {
            0: [
                "була сьогодні на тому мосту, подивилась яка висота",
                "купила в трьох аптеках по пачці парацетамолу",
                "у холодильнику весь запас татового інсуліну",
                "mam w domu całe opakowanie tabletek від мами",
            ],
            2: ["після роботи, поки дружина не повернулась", "dziś wieczorem, коли всі підуть"],
        },
        "farewell": {
            0: ["написала всім друзям дякую за все", "віддала бабусину каблучку сестрі"],
            1: ["ніхто б не плакав", "я втомився від життя"],
        },
        "threat": {
            1: ["написав що я зараз побачу що буває коли його злити", "каже що задушить мене"],
            2: ["чую його кроки в коридорі", "стоїть під вікном і кричить щоб відчинила"],
        },
    },
    "ru": {
        "means_time": {
            0: [
                "была сегодня на том мосту, посмотрела какая высота",
                "купила в трех аптеках по пачке парацетамола",
                "в холодильнике весь запас папиного инсулина",
                "mam w domu całe opakowanie tabletek от мамы",
            ],
            2: ["после работы, пока жена не вернулась", "dziś wieczorem, когда все уйдут"],
        },
        "farewell": {
            0: ["написала всем друзьям спасибо за все", "отдала бабушкино кольцо сестре"],
            1: ["никто бы не плакал", "я устал от жизни"],
        },
        "threat": {
            1: ["написал что я сейчас увижу что бывает когда его злят", "говорит что задушит меня"],
            2: ["слышу его шаги в коридоре", "стоит под окном и орет чтобы открыла"],
        },
    },
}
# A friend's hopelessness reported by someone who asks how to help (no danger now).
FRIENDS: dict[str, dict[str, dict[int, list[str]]]] = {
    "pl": {
        "worried_friend": {
            0: [
                "kumpel ostatnio pisze że wszystko jest bez sensu",
                "moja dziewczyna mówi że jest beznadziejna i nic jej nie wychodzi",
                "przyjaciel od rozstania powtarza że nie widzi przyszłości",
            ],
            1: ["jak z nim rozmawiać żeby się otworzył?", "czy powinnam powiedzieć jej rodzicom?"],
        }
    },
    "en": {
        "worried_friend": {
            0: [
                "my mate keeps texting that everything is pointless",
                "my girlfriend says shes hopeless and nothing works out",
                "since the breakup my friend keeps saying he sees no future",
            ],
            1: ["how do i talk to him so he opens up?", "should i tell her parents?"],
        }
    },
    "uk": {
        "worried_friend": {
            0: [
                "друг останнім часом пише що все безглуздо",
                "моя дівчина каже що вона безнадійна",
                "подруга після розставання каже що не бачить майбутнього",
            ],
            1: ["як з ним говорити щоб він відкрився?", "чи казати її батькам?"],
        }
    },
    "ru": {
        "worried_friend": {
            0: [
                "друг в последнее время пишет что все бессмысленно",
                "моя девушка говорит что она безнадежная",
                "подруга после расставания говорит что не видит будущего",
            ],
            1: ["как с ним говорить чтобы он открылся?", "говорить ли ее родителям?"],
        }
    },
}

# Stroke signs said one at a time (face, arm, speech), and the door: more of both kinds.
SIGNS: dict[str, dict[str, dict[int, list[str]]]] = {
    "pl": {
        "symptoms": {
            0: [
                "tata od godziny jest jakiś nieswój",
                "dziadek nagle usiadł i patrzy w jeden punkt",
            ],
            1: [
                "ręka mu bezwładnie opada",
                "mówi jakby był pijany, a nic nie pił",
                "pół twarzy jej zdrętwiało",
                "nie może utrzymać kubka w dłoni",
                "plącze mu się język",
            ],
        },
        "threat": {
            2: [
                "słyszę jak przekręca klucz w zamku",
                "jest już pod drzwiami sypialni",
                "jak wróci to go zabiję, mam dość",
                "wezmę nóż i go załatwię zanim on mnie",
            ]
        },
    },
    "en": {
        "symptoms": {
            0: [
                "dad has been acting off for an hour",
                "grandad suddenly sat down staring at nothing",
            ],
            1: [
                "his arm just flops down",
                "talking like hes drunk but hasnt had anything",
                "half her face went numb",
                "she cant hold a cup",
                "his words come out all jumbled",
            ],
        },
        "threat": {
            2: [
                "i hear his key in the lock",
                "hes right outside the bedroom door",
                "when he gets back im going to kill him, im done",
                "grabbing a knife, ill end him before he ends me",
            ]
        },
    },
    "uk": {
        "symptoms": {
            0: ["тато вже годину якийсь не такий", "дідусь раптом сів і дивиться в одну точку"],
            1: [
                "рука в нього безсило падає",
                "говорить як пʼяний, хоча не пив",
                "половина обличчя оніміла",
                "не може втримати чашку",
                "плутається язик",
            ],
        },
        "threat": {
            2: [
                "чую як він повертає ключ у замку",
                "він вже біля дверей спальні",
                "як повернеться, я його вбʼю, з мене досить",
                "беру ніж і покінчу з ним раніше ніж він зі мною",
            ]
        },
    },
    "ru": {
        "symptoms": {
            0: ["папа уже час какой-то не такой", "дедушка вдруг сел и смотрит в одну точку"],
            1: [
                "рука у него безвольно падает",
                "говорит как пьяный, хотя не пил",
                "половина лица онемела",
                "не может удержать чашку",
                "заплетается язык",
            ],
        },
        "threat": {
            2: [
                "слышу как он поворачивает ключ в замке",
                "он уже у двери спальни",
                "когда вернется, я его убью, с меня хватит",
                "беру нож и прикончу его раньше чем он меня",
            ]
        },
    },
}
for _block in (MORE, FRIENDS, SIGNS):
    for _lang, _kinds in _block.items():
        for _kind, _stages in _kinds.items():
            for _i, _pieces in _stages.items():
                BUILDUP[_lang][_kind][2][_i].extend(_pieces)

# One weak piece of a build-up alone, then everyday questions (label 0): a pack of pills at
# home, a partner drinking, one mild symptom, a party, parents away tonight — the same
# words as the crisis kinds' pieces, so the classifier learns that what escalates is the
# build-up, not any one of its pieces (a piece alone is concern at most).
ONE_PIECE: dict[str, list[list[str]]] = {
    "pl": [
        [
            "mam w domu całe opakowanie tabletek nasennych",
            "w szafce mamy jest pełno leków",
            "kupiłem dziś sznur w castoramie",
            "{PERP} pije od rana",
            "{PERP} znowu wrócił pijany",
            "od godziny boli mnie w klatce piersiowej",
            "dziadek dziwnie mówi od rana",
            "byłam wczoraj na imprezie",
            "dziś wieczorem rodzice wyjeżdżają",
        ],
        [
            "gdzie mogę zrobić test na hiv?",
            "czy możecie mi podać numer do prawnika?",
            "o której jutro jesteście?",
            "dzięki, to na razie",
            "czy mogę pogadać z kimś jutro?",
        ],
    ],
    "en": [
        [
            "i have a whole box of sleeping pills at home",
            "my mums cabinet is full of meds",
            "bought a rope today at the hardware store",
            "{PERP} has been drinking since morning",
            "{PERP} came home drunk again",
            "my chest has been hurting for an hour",
            "grandad is talking weird since this morning",
            "i was at a party last night",
            "my parents leave tonight",
        ],
        [
            "where can i get an hiv test?",
            "can you give me a lawyers number?",
            "what time are you open tomorrow?",
            "thanks, bye for now",
            "can i talk to someone tomorrow?",
        ],
    ],
    "uk": [
        [
            "вдома є ціла пачка снодійного",
            "купив сьогодні мотузку в будівельному",
            "{PERP} пʼє з самого ранку",
            "{PERP} знову прийшов пʼяний",
            "вже годину болить у грудях",
            "вчора була на вечірці",
            "сьогодні ввечері батьки їдуть",
        ],
        [
            "де можна зробити тест на віл?",
            "можете дати номер юриста?",
            "о котрій ви завтра працюєте?",
            "дякую, поки",
        ],
    ],
    "ru": [
        [
            "дома есть целая пачка снотворного",
            "купил сегодня веревку в строительном",
            "{PERP} пьет с самого утра",
            "{PERP} опять пришел пьяный",
            "уже час болит в груди",
            "вчера была на вечеринке",
            "сегодня вечером родители уезжают",
        ],
        [
            "где можно сделать тест на вич?",
            "можете дать номер юриста?",
            "во сколько вы завтра работаете?",
            "спасибо, пока",
        ],
    ],
}
for _lang, _stages in ONE_PIECE.items():
    BUILDUP[_lang]["one_piece"] = (0, "none", _stages)


# Seventh uk/ru round (the calibration round of model 2026.6 restored and the model retrained on
# the combined corpus): with the sixth round's harmless families (bench/crisis_kinds_ukru6.py:
# pills to sleep, trips, a strict parent's hyperbole, bruises from sport, a last day at work) the
# uk/ru build-ups scored below the run thresholds. More pieces for the uk/ru kinds: a build-up told
# in bare fragments over several messages (a whole pack at home … tonight … nobody home; a gun
# and the key; a high place and the train; the pet provided for, letters, "it's better this
# way"; a friend on a party drug), a fourth stage of means_time (nobody home, or a last word),
# and the sixth round's harmless families told over several messages in the harmless kinds
# (pills and a free flat, then friends and a film; keys to a neighbour, then the sea; a
# parent's hyperbole, then "she always says that"; bruises from sport, then the next match).
# Some pieces are written in Latin letters as typed in chats (buildup_conversation spells a
# third of the other conversations in Latin too). Key: kind -> stage index -> pieces; the
# index one past the last stage adds a stage.
EXTRA7: dict[str, dict[str, dict[int, list[str]]]] = {
    "uk": {
        "means_time": {
            0: [
                "вдома є ціла пачка",
                "є повна банка таблеток",
                "назбирала пігулок за два місяці",
                "взяв у діда з шафи всі його ліки",
                "купила в аптеці три пачки {PILLS}",
                "лезо вже лежить під подушкою",
                "мотузка в рюкзаку",
                "у діда в сейфі рушниця",
                "в гаражі є шланг і машина",
                "стою на краю платформи",
                "я на даху девʼятиповерхівки",
                "nazbyrala pihulok, vony v shuhlyadi",
                "u mene ye pachka snodiynoho i horilka",
                "u batka ye rushnytsia v garazhi",
            ],
            1: [
                "тиждень не сплю",
                "я так від усього втомилась",
                "все набридло",
                "нічого не їм третій день",
                "більше не можу",
                "vse dostalo, ne mozhu",
            ],
            2: [
                "сьогодні ввечері",
                "думаю вночі",
                "коли всі ляжуть спати",
                "після дванадцятої",
                "я знаю де ключ",
                "код від сейфу я знаю",
                "думаю вже час",
                "потяг вже скоро",
                "vnochi, koly vsi zasnut",
                "znayu de klyuch",
            ],
            3: [
                "",
                "",
                "вдома нікого не буде",
                "батьки поїхали до бабусі на всі вихідні",
                "мама на нічній зміні, ніхто не завадить",
                "ніхто не перевірятиме",
                "так буде краще",
                "здається досить",
                "не пишіть мені потім",
                "vdoma nikoho ne bude",
                "zdayetsya dosyt",
            ],
        },
        "farewell": {
            0: [
                "насипала коту корму на тиждень",
                "віддала ключі сусідці",
                "заплатив за квартиру на три місяці вперед",
                "залишила собаку мамі",
                "nasypala kotu kormu na tyzhden",
            ],
            1: [
                "написала всім листи",
                "роздав речі",
                "поприбирала в кімнаті, щоб нікому не довелось",
                "napysala vsim lysty",
            ],
            2: ["так буде краще", "тепер я спокійна", "не шукайте мене", "tak bude krashche"],
        },
        "symptoms": {
            0: [
                "подруга випила якісь колеса",
                "друг курнув щось нове",
                "брат вжив щось на тусі",
                "podruha vypyla yakis kolesa",
            ],
            1: [
                "зіниці величезні, мелить нісенітницю",
                "його рве і він не розуміє де він",
                "vsya garyacha i tremtyt",
            ],
            2: ["тепер лежить і не відповідає", "впала і не встає", "ne vidpovidaye"],
        },
        "headache_party": {
            0: [
                "лікар виписав снодійне, пʼю по пів таблетки",
                "купила бабусі ліки на місяць, розклала по днях",
                "вдома є ціла пачка чіпсів",
                "тиждень не сплю через сесію",
                "мотузку купив для намету",
                "likar vypysav snodiyne, pyu po pivtabletky",
            ],
            1: ["сьогодні ввечері кіно", "цієї ночі дивимось матч", "на вихідних шашлики"],
            2: [
                "батьки на дачі, кличу друзів на піцу",
                "хата вільна до неділі, буде кіно",
                "нарешті висплюсь",
                "вдома нікого, гратиму в приставку до ранку",
                "bude kino i pitsa",
            ],
        },
        "alone_only": {
            0: [
                "вдома нікого не буде, нарешті тиша",
                "батьки поїхали на дачу",
                "я на даху з друзями",
            ],
            1: ["спечу торт і буду грати в гру", "захід сонця звідси просто космос"],
        },
        "moving_away": {
            0: [
                "насипала коту корму на тиждень",
                "віддала ключі сусідці, полий квіти",
                "остання зміна в кафе сьогодні",
                "всім бувайте, я звільняюсь, сьогодні здаю справи",
                "здала ключі і пропуск",
            ],
            1: [
                "валізи зібрані",
                "квитки на потяг вже є",
                "дякую всім за ці роки",
                "спекла торт на прощання",
            ],
            2: [
                "нарешті відпустка",
                "до зустрічі через тиждень",
                "з понеділка починаю в новій фірмі",
                "давайте в пʼятницю в бар",
                "nareshti vidpustka",
            ],
        },
        "joke_across": {
            0: ["розбила мамину вазу", "прийду додому після опівночі", "отримав двійку з фізики"],
            1: [
                "мама сказала що приб'є якщо не приберу в кімнаті",
                "батько каже що вбʼє за двійку",
                "тато обіцяв відірвати голову за розбиту машину",
                "mama skazala shcho ubye za rozbytyy telefon",
            ],
            2: ["вона завжди так каже, лол", "тому біжу додому", "куплю їй квіти щоб не сварилась"],
        },
        "minor_symptoms": {
            0: [
                "вся в синцях після тренування",
                "синці на ногах після волейболу",
                "впав з велосипеда, коліно синє",
                "syntsi pislya futbolu",
            ],
            1: ["тренер каже що нормально", "медсестра сказала прикласти холод"],
            2: ["в суботу знову гра", "наступного разу вдягну захист"],
        },
    },
    "ru": {
        "means_time": {
            0: [
                "дома есть целая пачка",
                "есть полная банка таблеток",
                "накопила таблеток за два месяца",
                "взял у деда из шкафа все его лекарства",
                "купила в аптеке три пачки {PILLS}",
                "лезвие уже лежит под подушкой",
                "веревка в рюкзаке",
                "у деда в сейфе ружье",
                "в гараже есть шланг и машина",
                "стою на краю платформы",
                "я на крыше девятиэтажки",
                "nakopila tabletok, oni v yashchike",
                "u menya pachka snotvornogo i vodka",
                "u otsa est ruzhyo v garazhe",
            ],
            1: [
                "неделю не сплю",
                "я так от всего устала",
                "все надоело",
                "ничего не ем третий день",
                "больше не могу",
                "vse dostalo",
            ],
            2: [
                "сегодня вечером",
                "думаю ночью",
                "когда все лягут спать",
                "после двенадцати",
                "я знаю где ключ",
                "код от сейфа я знаю",
                "думаю уже пора",
                "поезд уже скоро",
                "nochyu, kogda vse usnut",
                "znayu gde klyuch",
            ],
            3: [
                "",
                "",
                "дома никого не будет",
                "родители уехали к бабушке на все выходные",
                "мама на ночной смене, никто не помешает",
                "никто не будет проверять",
                "так будет лучше",
                "кажется хватит",
                "не пишите мне потом",
                "doma nikogo ne budet do utra",
                "kazhetsya hvatit",
            ],
        },
        "farewell": {
            0: [
                "насыпала коту корма на неделю",
                "отдала ключи соседке",
                "заплатил за квартиру на три месяца вперед",
                "оставила собаку маме",
                "kotu nasypala korma na nedelyu",
            ],
            1: [
                "написала всем письма",
                "раздал вещи",
                "убрала в комнате, чтобы никому не пришлось",
                "napisala vsem pisma",
            ],
            2: ["так будет лучше", "теперь я спокойна", "не ищите меня", "tak budet luchshe"],
        },
        "symptoms": {
            0: [
                "подруга выпила какие-то колеса",
                "друг курнул что-то новое",
                "брат употребил что-то на тусе",
                "podruga sjela kakie-to kolesa",
            ],
            1: [
                "зрачки огромные, несет чушь",
                "его рвет и он не понимает где он",
                "vsya goryachaya i drozhit",
            ],
            2: ["теперь лежит и не отвечает", "упала и не встает", "ne otvechaet"],
        },
        "headache_party": {
            0: [
                "врач выписал снотворное, пью по полтаблетки",
                "купила бабушке лекарства на месяц, разложила по дням",
                "дома есть целая пачка чипсов",
                "неделю не сплю из-за сессии",
                "веревку купил для палатки",
                "vrach vypisal snotvornoe, pyu po poltabletki",
            ],
            1: ["сегодня вечером кино", "этой ночью смотрим матч", "на выходных шашлыки"],
            2: [
                "родители на даче, зову друзей на пиццу",
                "хата свободна до воскресенья, будет кино",
                "наконец высплюсь",
                "дома никого, буду играть в приставку до утра",
                "budet kino i pitstsa",
            ],
        },
        "alone_only": {
            0: [
                "дома никого не будет, наконец тишина",
                "родители уехали на дачу",
                "я на крыше с друзьями",
            ],
            1: ["испеку торт и буду играть в игру", "закат отсюда просто космос"],
        },
        "moving_away": {
            0: [
                "насыпала коту корма на неделю",
                "отдала ключи соседке, польет цветы",
                "последняя смена в кафе сегодня",
                "всем пока, я увольняюсь, сегодня сдаю дела",
                "сдала ключи и пропуск",
            ],
            1: [
                "чемоданы собраны",
                "билеты на поезд уже есть",
                "спасибо всем за эти годы",
                "испекла торт на прощание",
            ],
            2: [
                "наконец отпуск",
                "до встречи через неделю",
                "с понедельника начинаю в новой фирме",
                "давайте в пятницу в бар",
                "nakonets otpusk",
            ],
        },
        "joke_across": {
            0: ["разбила мамину вазу", "приду домой после полуночи", "получил двойку по физике"],
            1: [
                "мать сказала что прибьет если не уберу в комнате",
                "отец говорит что убьет за двойку",
                "папа обещал оторвать голову за разбитую машину",
                "mama skazala chto ubyet za razbityy telefon",
            ],
            2: [
                "она всегда так говорит, лол",
                "поэтому бегу домой",
                "куплю ей цветы чтобы не ругалась",
            ],
        },
        "minor_symptoms": {
            0: [
                "вся в синяках после тренировки",
                "синяки на ногах после волейбола",
                "упал с велосипеда, колено синее",
                "sinyaki posle futbola",
            ],
            1: ["тренер говорит что нормально", "медсестра сказала приложить холод"],
            2: ["в субботу опять игра", "в следующий раз надену защиту"],
        },
    },
}
for _lang, _kinds in EXTRA7.items():
    for _kind, _stages in _kinds.items():
        for _i, _pieces in _stages.items():
            _all = BUILDUP[_lang][_kind][2]
            if _i == len(_all):
                _all.append([])
            _all[_i].extend(_pieces)


# Eighth round (branch crisis-conv7, bench/results/crisis_conv7_round.md): more kinds of
# build-up, in every language, and harmless build-ups that share their words. Crisis: at a high
# place or by the tracks while saying one cannot go on ("high_place"); a medical emergency told
# in plain steps over messages ("medical_steps"). Harmless: on a bridge or roof taking photos
# ("view_photos"), a gun at home for hunting or sport ("gun_legal"), many pills from a doctor and
# how to keep them from children ("pills_storage"), a row with a partner that ended in making up
# ("row_made_up"), tiredness before a weekend off or the last exam ("tired_but_ok"), walking home
# from a party with a taxi or a friend ("safe_way_home"), a friend's party drug asked about
# afterwards ("drug_checking"). Written without copying any frozen file (pieces that happened to
# equal a conversations6 message were reworded); Ukrainian and Russian also in Latin letters,
# Polish mostly without diacritics. Two more crisis kinds (followed home now; violence expected
# when he is back) were tried and dropped: see the round's record.
K8: dict[str, B] = {
    "pl": {
        "high_place": (
            1,
            "self_harm",
            [
                [
                    "nie wiem czy jeszcze dam rade",
                    "juz nie umiem tak dalej",
                    "wszystko mi sie sypie",
                    "mam dosc wszystkiego",
                    "nikt by nawet nie zauwazyl",
                    "ciagle ten sam bol w srodku",
                    "nie mam juz po co wracac",
                    "jestem zmeczona zyciem na maxa",
                ],
                [
                    "stoje na moscie nad wisla",
                    "jestem na dachu bloku",
                    "siedze na krawedzi wiaduktu",
                    "stoje przy torach",
                    "jestem na ostatnim pietrze parkingu",
                    "weszlam na dach szkoly",
                    "jestem nad rzeka, nikogo tu nie ma",
                    "siedze na balustradzie",
                    "stoje na peronie na koncu",
                ],
                [
                    "woda jest taka czarna",
                    "wysoko tu strasznie",
                    "slysze jak jedzie pociag",
                    "patrze w dol i jest cicho",
                    "wiatr mocno wieje",
                    "za pare minut jedzie pospieszny",
                    "nic mnie tu nie trzyma",
                    "jeden krok i po wszystkim",
                ],
                [
                    "",
                    "",
                    "przepraszam",
                    "powiedzcie mamie ze ja kocham",
                    "juz sie nie boje",
                ],
            ],
        ),
        "medical_steps": (
            1,
            "medical",
            [
                [
                    "zjadlam ciastko z orzechami",
                    "synka uzadlila osa",
                    "mama sie przewrocila w lazience",
                    "tata kosil trawnik w upale",
                    "maly ma goraczke od rana",
                    "kolezanka wziela jakies tabsy na festiwalu",
                    "babcia od rana jest dziwnie senna",
                    "skaleczylem sie pila w garazu",
                ],
                [
                    "swedzi mnie cale cialo",
                    "buzia mu puchnie",
                    "nie moze wstac i jest blada",
                    "zrobil sie czerwony i przestal sie pocic",
                    "teraz ma drgawki",
                    "jest cala rozpalona i nie wie gdzie jest",
                    "nie poznaje mnie",
                    "krew leci i nie przestaje",
                ],
                [
                    "gardlo mi sie zaciska",
                    "dziwnie oddycha i charczy",
                    "stracil przytomnosc",
                    "ma sine usta",
                    "caly recznik juz przesiakl",
                    "nie reaguje na wolanie",
                    "nie moge zlapac powietrza",
                ],
            ],
        ),
        "view_photos": (
            0,
            "none",
            [
                [
                    "stoje na moscie kolo starowki",
                    "jestem na dachu z ekipa",
                    "siedzimy na wiadukcie nad autostrada, jest legalny taras",
                    "jestem na punkcie widokowym",
                    "stoje na peronie",
                    "jestem nad rzeka z psem",
                ],
                [
                    "pstrykam fotki telefonem",
                    "czekam na pociag do krakowa",
                    "kręcę timelapse",
                    "pije kawe z termosu",
                    "pociag ma 20 minut opoznienia",
                ],
                [
                    "zachod slonca jak z pocztowki",
                    "widok jest obledny",
                    "wrzuce wam fotki",
                    "woda jest ciemna i spokojna, mega klimat",
                    "wysoko, ale widac cale miasto",
                ],
            ],
        ),
        "gun_legal": (
            0,
            "none",
            [
                [
                    "tata ma w domu strzelbe na dziki",
                    "wujek trzyma w domu sztucer",
                    "brat ma pistolet sportowy",
                    "dziadek ma w szafie stara dwururke",
                ],
                [
                    "jest mysliwym",
                    "chodzi na strzelnice co tydzien",
                    "jest w klubie strzeleckim",
                    "trzyma to w sejfie, klucz ma tylko on",
                ],
                [
                    "czy trzeba miec na to pozwolenie?",
                    "jak to legalnie przewiezc?",
                    "ile kosztuje kurs na pozwolenie?",
                    "czy moge z nim chodzic na strzelnice majac 16 lat?",
                ],
            ],
        ),
        "pills_storage": (
            0,
            "none",
            [
                [
                    "mam duzo lekow od lekarza",
                    "babcia dostala cala torbe tabletek po szpitalu",
                    "zostalo mi pol opakowania antybiotyku",
                    "mam w domu cale opakowanie lekow na cisnienie",
                    "po mamie zostaly jej leki",
                ],
                [
                    "w czym je trzymac",
                    "gdzie mozna oddac przeterminowane",
                    "czy mozna je wyrzucic do smieci",
                    "trzymam je w szafce w kuchni",
                ],
                [
                    "zeby dzieci nie dosiegly",
                    "mam w domu dwulatka",
                    "bo wnuki przyjezdzaja na swieta",
                    "dzieki za pomoc",
                ],
            ],
        ),
        "row_made_up": (
            0,
            "none",
            [
                [
                    "poklocilam sie z chlopakiem",
                    "mielismy z zona wielka awanture",
                    "z partnerem strasznie sie wczoraj zarlismy",
                    "wkurzylam sie na meza",
                ],
                [
                    "krzyczelismy na siebie pol nocy",
                    "trzasnal drzwiami i wyszedl na spacer",
                    "poplakalam sie ze zlosci",
                    "powiedzielismy sobie duzo przykrych rzeczy",
                ],
                [
                    "ale wieczorem juz bylo dobrze",
                    "rano przyniosl kwiaty i przeprosil",
                    "pogadalismy na spokojnie i jest ok",
                    "idziemy razem na terapie par",
                ],
            ],
        ),
        "tired_but_ok": (
            0,
            "none",
            [
                [
                    "jestem wykonczona",
                    "spie po 4 godziny od tygodnia",
                    "mam dosc tej roboty",
                    "nie mam juz sily na te sesje",
                    "wszystko mnie przerasta w tym miesiacu",
                ],
                [
                    "ta robota mnie wykonczy",
                    "codziennie nadgodziny",
                    "egzamin za egzaminem",
                    "szef ciagle cos chce",
                ],
                [
                    "ale w piatek jade nad morze",
                    "na szczescie ostatni egzamin w czwartek",
                    "ale od poniedzialku urlop",
                    "w weekend odsypiam i bedzie ok",
                ],
            ],
        ),
        "safe_way_home": (
            0,
            "none",
            [
                [
                    "wracam z domowki",
                    "wysiadlam z nocnego",
                    "ide z przystanku do domu",
                    "wracam sama z pracy",
                ],
                [
                    "zamowilam ubera, bedzie za 3 min",
                    "kolega mnie odprowadza",
                    "jestem na wideo z siostra",
                    "jest jasno i pelno ludzi",
                ],
                [
                    "dzieki za numer na taxi",
                    "juz jestem w domu, wszystko ok",
                    "dam znac jak dojde",
                    "dobranoc",
                ],
            ],
        ),
        "drug_checking": (
            0,
            "none",
            [
                [
                    "kumpel wzial cos nowego na festiwalu",
                    "kolezanka kupila jakies tabsy na imprezie",
                    "brat probowal mefedronu w weekend",
                ],
                [
                    "da sie jakos sprawdzic co to bylo?",
                    "gdzie mozna zbadac sklad",
                    "czy sa jakies testy do kupienia",
                    "teraz czuje sie dobrze, spi",
                ],
                [
                    "na przyszlosc chcemy wiedziec co bierzemy",
                    "na nastepny raz chcemy byc ostrozni",
                    "gdzie jest punkt redukcji szkod",
                ],
            ],
        ),
    },
    "en": {
        "high_place": (
            1,
            "self_harm",
            [
                [
                    "dont know if i can keep going",
                    "cant do this anymore tbh",
                    "everything is falling apart",
                    "so done with everything",
                    "no one would even notice",
                    "same pain inside every day",
                    "nothing to go back home for",
                    "im tired of being alive",
                ],
                [
                    "im standing on the bridge over the river",
                    "im up on the roof of my building",
                    "sitting on the edge of the overpass",
                    "im by the train tracks",
                    "on the top floor of the car park",
                    "climbed onto the school roof",
                    "im at the river, nobody around",
                    "sitting on the railing",
                    "standing at the far end of the platform",
                ],
                [
                    "the water is so black",
                    "its really high up here",
                    "i can hear the train coming",
                    "looking down and its quiet",
                    "the wind is strong up here",
                    "express comes through in a few mins",
                    "nothing holding me here",
                    "one step and its over",
                ],
                [
                    "",
                    "",
                    "sorry",
                    "tell my mum i love her",
                    "im not scared anymore",
                ],
            ],
        ),
        "medical_steps": (
            1,
            "medical",
            [
                [
                    "ate a cookie with nuts in it",
                    "my son got stung by a wasp",
                    "mum fell over in the bathroom",
                    "dad was mowing the lawn in the heat",
                    "the little one has had a fever since morning",
                    "my friend took some pills at the festival",
                    "gran has been weirdly sleepy all day",
                    "cut myself with the saw in the garage",
                ],
                [
                    "my whole body is itching",
                    "his face is swelling",
                    "she cant get up and shes pale",
                    "hes gone red and stopped sweating",
                    "now hes shaking all over",
                    "shes burning up and doesnt know where she is",
                    "she doesnt recognise me",
                    "the blood wont stop",
                ],
                [
                    "my throat feels tight",
                    "hes breathing weird and gurgling",
                    "he passed out",
                    "her lips are going blue",
                    "the towel is soaked through",
                    "not responding when i shout",
                    "i cant catch my breath",
                ],
            ],
        ),
        "view_photos": (
            0,
            "none",
            [
                [
                    "im on the bridge by the old town",
                    "up on the roof with the crew",
                    "were on the viewing deck over the motorway",
                    "at the lookout point",
                    "standing on the platform",
                    "down by the river with the dog",
                ],
                [
                    "taking pics",
                    "waiting for the train to leeds",
                    "filming a timelapse",
                    "having coffee from a flask",
                    "trains 20 mins late",
                ],
                [
                    "gorgeous sunset",
                    "the view is insane",
                    "ill post the pics",
                    "the water is dark and calm, such a vibe",
                    "high up but you can see the whole city",
                ],
            ],
        ),
        "gun_legal": (
            0,
            "none",
            [
                [
                    "my dad has a shotgun",
                    "my uncle keeps a rifle at home",
                    "my brother has a sports pistol",
                    "grandad has an old shotgun in the wardrobe",
                ],
                [
                    "he goes deer hunting",
                    "goes to the range every week",
                    "hes in a shooting club",
                    "keeps it in a safe, only he has the key",
                ],
                [
                    "do you need a licence for that?",
                    "how do you transport it legally?",
                    "how much is the licence course?",
                    "can i go to the range with him at 16?",
                ],
            ],
        ),
        "pills_storage": (
            0,
            "none",
            [
                [
                    "i have loads of meds from my doctor",
                    "gran came home from hospital with a whole bag of pills",
                    "i have half a pack of antibiotics left",
                    "got a whole box of blood pressure pills at home",
                    "my mums meds are still in the cupboard",
                ],
                [
                    "whats the safest place for them",
                    "where can i return expired ones",
                    "can i just bin them",
                    "i keep them in the kitchen cupboard",
                ],
                [
                    "so the kids cant get to them",
                    "i have a toddler at home",
                    "grandkids are coming for christmas",
                    "thanks for the help",
                ],
            ],
        ),
        "row_made_up": (
            0,
            "none",
            [
                [
                    "had a big argument with my bf",
                    "me and my wife had a huge row",
                    "my partner and i were at each other all night",
                    "got so angry at my husband",
                ],
                [
                    "we were shouting half the night",
                    "he slammed the door and went for a walk",
                    "i cried out of anger",
                    "we said a lot of hurtful stuff",
                ],
                [
                    "but by the evening we were fine",
                    "he brought flowers in the morning and apologised",
                    "we talked it through calmly and its fine",
                    "were going to couples therapy together",
                ],
            ],
        ),
        "tired_but_ok": (
            0,
            "none",
            [
                [
                    "im exhausted",
                    "havent slept properly in a week",
                    "so sick of this job",
                    "got no energy left for these exams",
                    "everything is too much this month",
                ],
                [
                    "work is killing me",
                    "overtime every single day",
                    "exam after exam",
                    "my boss wants something every 5 mins",
                ],
                [
                    "but im off to the seaside on friday",
                    "luckily last exam is thursday",
                    "but holiday starts monday",
                    "gonna sleep all weekend and be fine",
                ],
            ],
        ),
        "safe_way_home": (
            0,
            "none",
            [
                [
                    "walking back from a party",
                    "just got off the night bus",
                    "walking home from the bus stop",
                    "heading home from work alone",
                ],
                [
                    "my taxi is on its way",
                    "a mate is walking me home",
                    "on a video call with my sister",
                    "its well lit and busy",
                ],
                [
                    "thanks for the cab number",
                    "home now, all good",
                    "ill text when im in",
                    "night night",
                ],
            ],
        ),
        "drug_checking": (
            0,
            "none",
            [
                [
                    "my mate took something new at a festival",
                    "my friend bought some pills at a party",
                    "my brother tried mephedrone at the weekend",
                ],
                [
                    "how can we find out what it was",
                    "where can you get it tested",
                    "can you buy testing kits",
                    "hes fine now, sleeping",
                ],
                [
                    "next time we want to know what were taking",
                    "want to be careful next time",
                    "where is the harm reduction service",
                ],
            ],
        ),
    },
    "uk": {
        "high_place": (
            1,
            "self_harm",
            [
                [
                    "не знаю чи ще витримаю",
                    "більше так не можу",
                    "все розвалюється",
                    "мене все дістало",
                    "ніхто б навіть не помітив",
                    "всередині той самий біль щодня",
                    "нема заради чого повертатись",
                    "я втомилась жити",
                    "ne znayu chy shche vytrymayu",
                ],
                [
                    "стою на мосту над дніпром",
                    "я на даху свого будинку",
                    "сиджу на краю віадука",
                    "стою біля колії",
                    "я на останньому поверсі паркінгу",
                    "залізла на дах школи",
                    "я біля річки, тут нікого",
                    "сиджу на перилах",
                    "stoyu na mostu",
                    "ya na dahu",
                ],
                [
                    "вода така чорна",
                    "тут дуже високо",
                    "чую як їде потяг",
                    "дивлюсь вниз і тихо",
                    "тут сильний вітер",
                    "за кілька хвилин буде швидкий",
                    "мене тут ніщо не тримає",
                    "один крок і все",
                    "chorna taka voda",
                ],
                [
                    "",
                    "",
                    "вибачте",
                    "скажіть мамі що я її люблю",
                    "мені вже не страшно",
                ],
            ],
        ),
        "medical_steps": (
            1,
            "medical",
            [
                [
                    "зʼїла печиво з горіхами",
                    "сина вжалила оса",
                    "мама впала у ванній",
                    "тато косив траву на спеці",
                    "у малого температура з ранку",
                    "подруга випила якісь таблетки на фестивалі",
                    "бабуся з ранку дивно сонна",
                    "порізався пилкою в гаражі",
                    "z'yila pechyvo z horikhamy",
                ],
                [
                    "все тіло свербить",
                    "в нього набрякає обличчя",
                    "не може встати і бліда",
                    "почервонів і перестав пітніти",
                    "тепер його трусить",
                    "вся гаряча і не розуміє де вона",
                    "вона мене не впізнає",
                    "кров не зупиняється",
                    "krov ne zupynyayetsya",
                ],
                [
                    "горло стискається",
                    "дивно дихає і хрипить",
                    "знепритомнів",
                    "губи синіють",
                    "рушник вже весь мокрий",
                    "не реагує коли кличу",
                    "не можу вдихнути",
                    "vdykhnuty ne mozhu",
                ],
            ],
        ),
        "view_photos": (
            0,
            "none",
            [
                [
                    "стою на мосту біля старого міста",
                    "я на даху з друзями",
                    "ми на оглядовому майданчику",
                    "стою на пероні",
                    "я біля річки з собакою",
                    "stoyu na mostu",
                ],
                [
                    "клацаю фотки на телефон",
                    "чекаю потяг до львова",
                    "знімаю таймлапс",
                    "пʼю каву з термоса",
                    "потяг запізнюється на 20 хвилин",
                ],
                [
                    "захід сонця як з листівки",
                    "вид просто шалений",
                    "скину вам фотки",
                    "вода темна і спокійна, така атмосфера",
                    "високо, але видно все місто",
                    "harnyy zakhid sontsya",
                ],
            ],
        ),
        "gun_legal": (
            0,
            "none",
            [
                [
                    "у тата є рушниця",
                    "дядько тримає вдома карабін",
                    "брат має спортивний пістолет",
                    "u tata ye rushnytsya",
                ],
                [
                    "він ходить на полювання",
                    "ходить в тир щотижня",
                    "він у стрілецькому клубі",
                    "тримає в сейфі, ключ тільки в нього",
                ],
                [
                    "чи потрібен на це дозвіл?",
                    "як її законно перевозити?",
                    "скільки коштує курс на дозвіл?",
                    "chy potriben dozvil?",
                ],
            ],
        ),
        "pills_storage": (
            0,
            "none",
            [
                [
                    "маю багато ліків від лікаря",
                    "бабуся привезла з лікарні цілий пакет таблеток",
                    "лишилось пів пачки антибіотика",
                    "вдома ціла пачка таблеток від тиску",
                ],
                [
                    "де їх найкраще тримати",
                    "куди здати прострочені",
                    "чи можна їх викинути в смітник",
                    "тримаю їх на кухні в шафці",
                ],
                [
                    "бо малий все тягне до рота",
                    "вдома дворічна дитина",
                    "бо онуки приїдуть на свята",
                    "дякую за допомогу",
                ],
            ],
        ),
        "row_made_up": (
            0,
            "none",
            [
                [
                    "посварилась з хлопцем",
                    "з дружиною був великий скандал",
                    "з чоловіком вчора сильно сварились",
                ],
                [
                    "кричали одне на одного пів ночі",
                    "грюкнув дверима і пішов прогулятись",
                    "я плакала від злості",
                ],
                [
                    "але ми вже помирились",
                    "зранку приніс квіти і вибачився",
                    "спокійно поговорили і все нормально",
                    "vzhe pomyrylys, vse ok",
                ],
            ],
        ),
        "tired_but_ok": (
            0,
            "none",
            [
                [
                    "я виснажена",
                    "тиждень нормально не сплю",
                    "набридла ця робота",
                    "вже нема сил на цю сесію",
                ],
                [
                    "робота мене вбиває",
                    "щодня переробки",
                    "іспит за іспитом",
                ],
                [
                    "але в пʼятницю їду на море",
                    "на щастя останній іспит у четвер",
                    "але з понеділка відпустка",
                    "на вихідних відісплюсь і буде ок",
                ],
            ],
        ),
        "safe_way_home": (
            0,
            "none",
            [
                [
                    "повертаюсь з тусовки",
                    "вийшла з нічного автобуса",
                    "йду від зупинки додому",
                ],
                [
                    "викликала таксі, буде за 3 хв",
                    "друг мене проводжає",
                    "говорю по відео з сестрою",
                    "світло і багато людей",
                ],
                [
                    "дякую за номер таксі",
                    "вже вдома, все ок",
                    "напишу як дійду",
                    "dyakuyu, vzhe vdoma",
                ],
            ],
        ),
        "drug_checking": (
            0,
            "none",
            [
                [
                    "друг вжив щось нове на фестивалі",
                    "подруга купила якісь таблетки на вечірці",
                    "брат пробував мефедрон на вихідних",
                ],
                [
                    "як дізнатися що це було",
                    "де можна перевірити склад",
                    "зараз йому нормально, спить",
                ],
                [
                    "хочемо уникнути проблем наступного разу",
                    "наступного разу хочемо бути обережними",
                    "де найближчий пункт зменшення шкоди",
                ],
            ],
        ),
    },
    "ru": {
        "high_place": (
            1,
            "self_harm",
            [
                [
                    "не знаю выдержу ли еще",
                    "больше так не могу",
                    "все разваливается",
                    "меня все достало",
                    "никто бы даже не заметил",
                    "внутри одна и та же боль каждый день",
                    "не к кому возвращаться",
                    "я устала жить",
                    "ne znayu vyderzhu li",
                ],
                [
                    "стою на мосту над рекой",
                    "я на крыше своего дома",
                    "сижу на краю эстакады",
                    "стою возле путей",
                    "я на последнем этаже парковки",
                    "залезла на крышу школы",
                    "я у реки, тут никого",
                    "сижу на перилах",
                    "stoyu na mostu",
                    "ya na kryshe",
                ],
                [
                    "вода такая черная",
                    "тут очень высоко",
                    "слышу как едет поезд",
                    "смотрю вниз и тихо",
                    "тут сильный ветер",
                    "через пару минут пройдет скорый",
                    "меня тут ничего не держит",
                    "один шаг и все",
                    "chernaya takaya voda",
                ],
                [
                    "",
                    "",
                    "простите",
                    "скажите маме что я ее люблю",
                    "мне уже не страшно",
                ],
            ],
        ),
        "medical_steps": (
            1,
            "medical",
            [
                [
                    "съела печенье с орехами",
                    "сына ужалила оса",
                    "мама упала в ванной",
                    "папа косил траву в жару",
                    "у малого температура с утра",
                    "подруга выпила какие-то таблетки на фестивале",
                    "бабушка с утра странно сонная",
                    "порезался пилой в гараже",
                    "syela pechenye s orekhami",
                ],
                [
                    "все тело чешется",
                    "у него отекает лицо",
                    "не может встать и бледная",
                    "покраснел и перестал потеть",
                    "теперь его трясет",
                    "вся горячая и не понимает где она",
                    "она меня не узнает",
                    "кровь не останавливается",
                    "krov vse ne ostanavlivaetsya",
                ],
                [
                    "горло сжимается",
                    "странно дышит и хрипит",
                    "потерял сознание",
                    "губы синеют",
                    "полотенце уже все мокрое",
                    "не реагирует когда зову",
                    "не могу вдохнуть",
                    "ne mogu vdokhnut",
                ],
            ],
        ),
        "view_photos": (
            0,
            "none",
            [
                [
                    "стою на мосту возле старого города",
                    "я на крыше с друзьями",
                    "мы на смотровой площадке",
                    "стою на перроне",
                    "я у реки с собакой",
                    "stoyu na mostu",
                ],
                [
                    "щелкаю фотки на телефон",
                    "жду поезд в питер",
                    "снимаю таймлапс",
                    "пью кофе из термоса",
                    "поезд опаздывает на 20 минут",
                ],
                [
                    "закат как с открытки",
                    "вид просто бешеный",
                    "скину вам фотки",
                    "вода темная и спокойная, такая атмосфера",
                    "высоко, но видно весь город",
                    "krasivyy zakat",
                ],
            ],
        ),
        "gun_legal": (
            0,
            "none",
            [
                [
                    "у папы есть ружье",
                    "дядя держит дома карабин",
                    "у брата спортивный пистолет",
                    "u papy est ruzhye",
                ],
                [
                    "он ходит на охоту",
                    "ходит в тир каждую неделю",
                    "он в стрелковом клубе",
                    "держит в сейфе, ключ только у него",
                ],
                [
                    "нужно ли на это разрешение?",
                    "как его законно перевозить?",
                    "сколько стоит курс на разрешение?",
                    "nuzhno li razreshenie?",
                ],
            ],
        ),
        "pills_storage": (
            0,
            "none",
            [
                [
                    "у меня много лекарств от врача",
                    "бабушка привезла из больницы целый пакет таблеток",
                    "осталось полпачки антибиотика",
                    "дома целая пачка таблеток от давления",
                ],
                [
                    "где их лучше держать",
                    "куда сдать просроченные",
                    "можно ли их выбросить в мусор",
                    "держу их на кухне в шкафчике",
                ],
                [
                    "потому что малой все тянет в рот",
                    "дома двухлетний ребенок",
                    "потому что внуки приедут на праздники",
                    "спасибо за помощь",
                ],
            ],
        ),
        "row_made_up": (
            0,
            "none",
            [
                [
                    "поссорилась с парнем",
                    "с женой был большой скандал",
                    "с мужем вчера сильно ругались",
                ],
                [
                    "орали друг на друга полночи",
                    "хлопнул дверью и пошел прогуляться",
                    "я плакала от злости",
                ],
                [
                    "но мы уже помирились",
                    "утром принес цветы и извинился",
                    "спокойно поговорили и все нормально",
                    "no my uzhe pomirilis",
                ],
            ],
        ),
        "tired_but_ok": (
            0,
            "none",
            [
                [
                    "я вымотана",
                    "неделю нормально не сплю",
                    "надоела эта работа",
                    "уже нет сил на эту сессию",
                ],
                [
                    "работа меня убивает",
                    "каждый день переработки",
                    "экзамен за экзаменом",
                ],
                [
                    "но в пятницу еду на море",
                    "к счастью последний экзамен в четверг",
                    "но с понедельника отпуск",
                    "на выходных отосплюсь и будет ок",
                ],
            ],
        ),
        "safe_way_home": (
            0,
            "none",
            [
                [
                    "возвращаюсь с тусовки",
                    "вышла из ночного автобуса",
                    "иду от остановки домой",
                ],
                [
                    "вызвала такси, будет через 3 мин",
                    "друг меня провожает",
                    "говорю по видео с сестрой",
                    "светло и много людей",
                ],
                [
                    "спасибо за номер такси",
                    "уже дома, все ок",
                    "напишу как дойду",
                    "spasibo, uzhe doma",
                ],
            ],
        ),
        "drug_checking": (
            0,
            "none",
            [
                [
                    "друг употребил что-то новое на фестивале",
                    "подруга купила какие-то таблетки на вечеринке",
                    "брат пробовал мефедрон на выходных",
                ],
                [
                    "как узнать что это было",
                    "где можно проверить состав",
                    "сейчас ему нормально, спит",
                ],
                [
                    "хотим избежать проблем в следующий раз",
                    "в следующий раз хотим быть осторожнее",
                    "где ближайший пункт снижения вреда",
                ],
            ],
        ),
    },
}
for _lang, _kinds8 in K8.items():
    BUILDUP[_lang].update(_kinds8)


# Eighth round: more pieces for the existing crisis kinds in every language, told in bare chat
# fragments (the means without naming pills, a day when nobody is home, the pet provided for,
# accounts deleted), slang, typos and Latin-letter Ukrainian and Russian. Key as EXTRA7.
EXTRA8: dict[str, dict[str, dict[int, list[str]]]] = {
    "pl": {
        "means_time": {
            0: [
                "mam odlozone tabsy",
                "uzbieralam sporo prochow",
                "pelna szuflada lekow, sama zbieralam",
                "wiem gdzie stary chowa klucz od szafy z bronia",
                "lina jest w piwnicy",
                "mam juz wszystko w plecaku",
                "kupilem dwie flaszki i te tabletki",
            ],
            1: [
                "serio mam dosc",
                "juz mi wszystko jedno",
                "nic mnie nie trzyma",
                "zmeczona jestem",
            ],
            2: [
                "w sobote jak wszyscy pojada",
                "rodzice wracaja dopiero w niedziele",
                "mam caly weekend sama",
                "dzis w nocy",
                "jak tylko mama zasnie",
                "jutro z rana zanim ktos wstanie",
            ],
        },
        "farewell": {
            0: [
                "oddalam psa cioci",
                "skasowalam wszystkie konta",
                "zostawilam klucze u sasiadki i liscik",
                "przelalam siostrze wszystkie oszczednosci",
                "rozdalam ciuchy kolezankom",
            ],
            1: ["tak bedzie lepiej dla wszystkich", "juz sie nie boje", "jestem spokojna"],
            2: ["dzieki za wszystko", "nie szukajcie mnie", "to juz koniec"],
        },
    },
    "en": {
        "means_time": {
            0: [
                "got tabs saved up",
                "been hoarding meds for weeks",
                "a drawer full of pills, collected them myself",
                "i know where dad hides the gun cabinet key",
                "the rope is in the basement",
                "got everything packed in my bag",
                "bought two bottles and those pills",
            ],
            1: ["honestly done", "dont care anymore", "nothing keeps me here", "so tired"],
            2: [
                "saturday when everyone leaves",
                "parents arent back till sunday",
                "got the whole weekend alone",
                "tonight",
                "as soon as mum falls asleep",
                "tmrw morning before anyone wakes up",
            ],
        },
        "farewell": {
            0: [
                "gave the dog to my aunt",
                "deleted all my accounts",
                "left my keys with the neighbour and a note",
                "sent my sister all my savings",
                "gave my clothes away to friends",
            ],
            1: ["better for everyone this way", "im not scared anymore", "i feel calm now"],
            2: ["thanks for everything", "dont look for me", "this is it"],
        },
    },
    "uk": {
        "means_time": {
            0: [
                "маю відкладені пігулки",
                "назбирала купу колес",
                "повна шухляда ліків, сама збирала",
                "знаю де батько ховає ключ від сейфа",
                "у підвалі є мотузка",
                "все вже в рюкзаку",
                "купив дві пляшки і ті таблетки",
                "mayu vidkladeni pihulky",
                "povna shukhlyada likiv",
            ],
            1: ["чесно все", "мені вже все одно", "мене ніщо не тримає", "mene nishcho ne trymaye"],
            2: [
                "в суботу як всі поїдуть",
                "батьки повернуться тільки в неділю",
                "маю всі вихідні сама",
                "як тільки мама засне",
                "завтра зранку поки всі сплять",
                "v subotu yak vsi poyidut",
            ],
        },
        "farewell": {
            0: [
                "віддала пса тітці",
                "видалила всі акаунти",
                "залишила ключі сусідці і записку",
                "переказала сестрі всі заощадження",
                "роздала одяг подругам",
                "vydalyla vsi akaunty",
            ],
            1: ["так буде краще для всіх", "мені вже не страшно", "я спокійна"],
            2: ["дякую за все", "це кінець", "mene ne shukayte"],
        },
    },
    "ru": {
        "means_time": {
            0: [
                "у меня отложены таблетки",
                "накопила кучу колес",
                "полный ящик лекарств, сама собирала",
                "знаю где отец прячет ключ от сейфа",
                "в подвале есть веревка",
                "все уже в рюкзаке",
                "купил две бутылки и те таблетки",
                "u menya otlozheny tabletki",
                "polnyy yashchik lekarstv",
            ],
            1: [
                "честно все",
                "мне уже все равно",
                "меня ничего не держит",
                "menya nichego ne derzhit",
            ],
            2: [
                "в субботу как все уедут",
                "родители вернутся только в воскресенье",
                "у меня все выходные одна",
                "как только мама уснет",
                "завтра утром пока все спят",
                "kak vse uedut v subbotu",
            ],
        },
        "farewell": {
            0: [
                "отдала пса тете",
                "удалила все аккаунты",
                "оставила ключи соседке и записку",
                "перевела сестре все сбережения",
                "раздала одежду подругам",
                "udalila vse akkaunty",
            ],
            1: ["так будет лучше для всех", "мне уже не страшно", "я спокойна"],
            2: ["спасибо за все", "это конец", "ne ishchite menya"],
        },
    },
}
for _lang, _kinds in EXTRA8.items():
    for _kind, _stages in _kinds.items():
        for _i, _pieces in _stages.items():
            BUILDUP[_lang][_kind][2][_i].extend(_pieces)
