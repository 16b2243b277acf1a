"""More training templates by kind for the crisis classifier (issue 20 item 1, second round).

`bench/crisis_corpus.py` merges these into its TEMPLATES (a kind that exists there gets these
templates appended; a new kind is added with its label and category). Every crisis kind of
issue 20 has its counter-examples here, in all four languages, written as kinds, not as
sentences: intent verbs with means or self-directed endings, a past attempt with renewed
intent, purpose clauses that mean death, violence expected from someone, sexual violence
disclosed, medical emergencies said plainly, danger right now from others, overdose, self-harm,
child abuse, third persons in danger now, mixed languages; and against them jokes and
hyperbole, "overdoses" of harmless things, sports, recovery stories, quotes of news, films,
lyrics and coursework, old scars, past events told as past, negations, harm-reduction and
resource questions, non-urgent health, everyday fear and anger.

Written without looking at any held-out file (tests/moderation/heldout/*). Slots ("{TIME}")
are those of bench/crisis_corpus.py SLOTS plus EXTRA_SLOTS below.
"""

from __future__ import annotations

K = dict[str, tuple[int, str, list[str]]]

EXTRA_SLOTS: dict[str, dict[str, list[str]]] = {
    "pl": {
        "DRUG": ["mefedronie", "mdma", "kryształach", "dopalaczach", "ecstasy", "amfie", "ghb"],
        "ALC": ["wódką", "winem", "piwem", "whisky", "alkoholem"],
        "HARMLESS": ["kawą", "cukrem", "serialem", "memami", "kofeiną", "pierogami", "nauką"],
    },
    "en": {
        "DRUG": ["molly", "mdma", "ket", "g", "pills from some guy", "mephedrone", "speed"],
        "ALC": ["vodka", "wine", "whiskey", "beer", "gin"],
        "HARMLESS": ["coffee", "sugar", "netflix", "memes", "caffeine", "pizza", "revision"],
    },
    "uk": {
        "DRUG": ["мефі", "мдма", "солях", "колесах", "екстазі", "амфетаміні"],
        "ALC": ["горілкою", "вином", "пивом", "віскі", "алкоголем"],
        "HARMLESS": ["кавою", "цукром", "серіалом", "мемами", "кофеїном", "варениками"],
    },
    "ru": {
        "DRUG": ["мефе", "мдма", "солях", "колесах", "экстази", "амфетамине"],
        "ALC": ["водкой", "вином", "пивом", "виски", "алкоголем"],
        "HARMLESS": ["кофе", "сахаром", "сериалом", "мемами", "кофеином", "пельменями"],
    },
}

PL: K = {
    "intent": (
        1,
        "self_harm",
        [
            "planuję przedawkować {TIME}",
            "mam chęć ze sobą skończyć",
            "chyba już czas żeby to zakończyć na dobre",
            "nie dam rady dłużej, {TIME} się zabiję",
            "szukam sposobu żeby umrzeć bez bólu",
            "zbieram {PILLS} od miesiąca, wystarczy na raz",
            "kupiłem sznur, wiem już gdzie go zawiesić",
            "po co mam żyć, i tak wszystko spieprzyłem, {TIME} kończę",
            "już nie chce mi się żyć, mam w szufladzie {PILLS}",
            "myślę tylko o tym żeby się zabić, coraz konkretniej",
            "jutro mnie już nie będzie, dziękuję za wszystko",
            "napiszcie mamie że ją kocham, ja już odchodzę",
            "chce sie zabic serio nie zartuje",
            "mam plan, wiem kiedy i jak",
            "nie zniosę kolejnego dnia, {TIME} idę na tory",
            "siedzę na parapecie na 8 piętrze i myślę czy skoczyć",
            "mam nóż przy sobie i chcę go użyć na sobie",
            "lepiej żebym zniknęła na zawsze, już wiem jak",
            "nie ma dla mnie ratunku, skończę z tym {TIME}",
            "zasnę i nie obudzę się, już wszystko mam",
        ],
    ),
    "renewed": (
        1,
        "self_harm",
        [
            "{YEARS} próbowałem się zabić, odratowali mnie, teraz chcę spróbować jeszcze raz",
            "już raz brałam tabletki, teraz wezmę więcej żeby się udało",
            "myślałem że to za mną ale znowu chcę się zabić",
            "po tamtej próbie było lepiej, ale od tygodnia znowu planuję",
            "nie udało mi się {YEARS}, tym razem wiem jak zrobić to dobrze",
            "wróciły myśli samobójcze i tym razem mam czym",
        ],
    ),
    "purpose": (
        1,
        "overdose",
        [
            "wzięłam całą paczkę nasennych, żeby rano nie wstać",
            "popiłem {PILLS} {ALC} żeby się już nie obudzić",
            "połknęłam {QTY} {PILLS} żeby wszystko się skończyło",
            "wypiłem {ALC} z {PILLS} żeby zasnąć i tyle",
            "wzięłam {QTY} żeby nikt mnie już nie musiał znosić",
            "łyknąłem wszystko co było w apteczce żeby to zakończyć",
        ],
    ),
    "overdose": (
        1,
        "overdose",
        [
            "{WHO} wziął za dużo {PILLS} i nie da się go obudzić",
            "wzięłam {QTY} {PILLS} i robi mi się ciemno przed oczami",
            "kolega po {DRUG} jest cały gorący, majaczy i nie może ustać",
            "{WHO} po {DRUG} ma drgawki",
            "przyćpałem za mocno, serce wali jak szalone i nie mogę oddychać",
            "znajoma ma sine usta po heroinie",
            "mieszałem {PILLS} z {ALC} i wymiotuję krwią",
            "nie wiem ile wziąłem, nie czuję nóg",
        ],
    ),
    "violence_expected": (
        1,
        "violence",
        [
            "jak wróci, znowu mnie zleje",
            "boję się iść do domu, {PERP} powiedział że mnie zabije",
            "{PERP} pisze że {TIME} mnie dopadnie",
            "wiem że jak się dowie to mnie pobije do nieprzytomności",
            "{PERP} wychodzi z więzienia i już mi grozi",
            "schowałam się u koleżanki bo {PERP} chce mnie zabić",
            "{PERP} jest pijany i krzyczy że mnie udusi",
            "{PERP} stoi pod drzwiami i mówi że je wyważy",
            "idk co robić, mój chłopak mnie bije i boję się wracać",
        ],
    ),
    "violence": (
        1,
        "violence",
        [
            "{PERP} znowu mnie uderzył i krwawi mi nos",
            "{PERP} pobił mnie tak że nie mogę wstać",
            "{PERP} szarpał mnie i rzucił na podłogę",
            "dostałam od {PERP} w twarz, mam rozciętą wargę",
        ],
    ),
    "danger_now": (
        1,
        "violence",
        [
            "ktoś idzie za mną od stacji, jest ciemno i się boję",
            "typ z autobusu wysiadł za mną i dalej idzie",
            "{PERP} zamknął mnie w pokoju i nie wypuszcza",
            "pracodawca zabrał nam paszporty i grozi że coś nam zrobi",
            "każą mi pracować za darmo i nie pozwalają wyjść",
            "za ścianą znowu krzyczy dziecko i coś uderza",
            "ktoś dobija się do drzwi i grozi mi",
            "jestem zamknięta w samochodzie z obcym i nie chce mnie wypuścić",
        ],
    ),
    "child_abuse": (
        1,
        "child_abuse",
        [
            "{CARER} mnie bije jak nikt nie widzi, mam 13 lat",
            "{CARER} przychodzi do mnie w nocy i mnie dotyka",
            "{CARER} kazał mi nikomu nie mówić co robimy",
            "rodzice zamykają mnie w piwnicy za karę",
            "{CARER} pokazuje mi filmy dla dorosłych i każe robić to samo",
            "sąsiad znowu leje swoje dziecko, słychać płacz",
        ],
    ),
    "sexual_violence": (
        1,
        "sexual_violence",
        [
            "chłopak zmusza mnie do seksu kiedy mówię nie",
            "obudziłam się w obcym mieszkaniu i nie pamiętam nic, boli mnie wszystko",
            "ktoś wrzucił mi coś do picia, a potem on mnie dotykał",
            "{PERP} mnie zgwałcił {YEARS2}",
            "on grozi że wyśle moje nagie zdjęcia jak nie przyjdę",
            "wykorzystał mnie jak byłam pijana",
            "zgwałcili mnie w akademiku, nie wiem co robić",
        ],
    ),
    "medical": (
        1,
        "medical",
        [
            "{WHO} nagle nie może mówić i ma bezwładną rękę",
            "po orzechach puchnie mi gardło i dusi mnie",
            "{WHO} nie oddycha, co mam robić",
            "krwawię bardzo mocno i nie przestaje",
            "dziecko ma 40 stopni i drgawki",
            "{WHO} zemdlał i nie można go ocucić",
            "boli mnie w klatce i drętwieje mi lewa ręka",
            "{WHO} uderzył się w głowę, wymiotuje i jest senny",
            "mam cukrzycę, trzęsę się i tracę przytomność",
            "mama leży na podłodze i nie odpowiada",
            "poparzyłem się wrzątkiem, duża część ciała",
        ],
    ),
    "self_harm": (
        1,
        "self_harm",
        [
            "pocięłam się za głęboko i leci mi krew",
            "znowu się pocięłam, mocniej niż zwykle",
            "nie mogę przestać się ciąć, {TIME} znowu to zrobię",
            "przypalam się papierosami żeby coś poczuć",
        ],
    ),
    "third_person": (
        1,
        "self_harm",
        [
            "przyjaciółka pisze że się {TIME} zabije",
            "kolega wysłał mi pożegnalną wiadomość i nie odbiera",
            "{WHO} stoi na moście i mówi że skoczy",
            "siostra zamknęła się w łazience z żyletką",
            "kumpel napisał że połknął wszystkie swoje leki",
        ],
    ),
    "mixed": (
        1,
        "self_harm",
        [
            "sorry ale i cant anymore, chcę się zabić",
            "mam dość, i just want to die {TIME}",
            "i'm done, wezmę {QTY} {PILLS}",
        ],
    ),
    "joke": (
        0,
        "none",
        [
            "przedawkowałem {HARMLESS} {LAUGH}",
            "przedawkowałam czekoladę xD",
            "umieram ze śmiechu",
            "zaraz umrę z nudów na tym wykładzie",
            "zabije mnie ta sesja {LAUGH}",
            "jak zobaczę jeszcze jedną tabelkę to się powieszę {LAUGH}",
            "padłam po tym filmiku {LAUGH}",
            "zabiłeś mnie tym tekstem {LAUGH}",
            "zabiję brata jak znowu zje mi obiad {LAUGH}",
            "zjadłem tyle pizzy że umieram {LAUGH}",
            "ta kawa mnie zabija ale nie przestanę",
            "zgon, nie mogę z ciebie {LAUGH}",
        ],
    ),
    "sports": (
        0,
        "none",
        [
            "pogrom, zabili nas 5:0",
            "jak legia przegra to się zabiję {LAUGH}",
            "zmasakrowali nas w drugiej połowie",
            "nasi bramkarze to samobójcy, znowu samobój",
        ],
    ),
    "recovery": (
        0,
        "none",
        [
            "dwa lata temu próbowałem to zakończyć, teraz studiuję i jest dobrze",
            "{YEARS} brałam tabletki żeby umrzeć, dziś pracuję z ludźmi w kryzysie",
            "kiedyś się cięłam, teraz mam blizny i spokojną głowę",
            "przeżyłam przemoc od byłego, teraz jestem bezpieczna i chcę pomagać innym",
            "po odwyku jestem czysty od roku",
            "{YEARS} miałam plan samobójczy, terapia uratowała mi życie",
        ],
    ),
    "quote": (
        0,
        "none",
        [
            "w serialu bohaterka się zabija, strasznie smutne",
            "w radiu mówili o przedawkowaniu dopalaczy w Łodzi",
            "piosenka ma tekst chcę umrzeć dziś, dziwnie się tego słucha",
            "czytam książkę o przemocy w rodzinie na zajęcia",
            "na studiach mamy temat prewencji samobójstw",
            "w wiadomościach było o gwałcie na festiwalu",
            "w grze mój bohater skacze z dachu",
        ],
    ),
    "scars": (
        0,
        "none",
        [
            "jak ukryć stare blizny po cięciu latem",
            "czy blizny po samookaleczeniu da się usunąć laserem",
            "wstydzę się starych blizn na rękach",
        ],
    ),
    "past": (
        0,
        "none",
        [
            "{YEARS} mój ojciec nas bił, teraz mieszkam sama",
            "dziadek miał udar {YEARS}, jak mogę mu teraz pomóc w rehabilitacji",
            "{YEARS} kolega przedawkował i przeżył, myślę o tym czasem",
            "kiedyś mnie ktoś śledził, od tamtej pory uważam",
        ],
    ),
    "negation": (
        0,
        "none",
        [
            "nie chcę się zabić, po prostu jest mi smutno",
            "spokojnie, nie zrobię sobie krzywdy, tylko muszę się wygadać",
            "nigdy nie myślałam o samobójstwie, ale jest ciężko",
            "nie biorę żadnych tabletek, pytam z ciekawości",
        ],
    ),
    "harm_reduction": (
        0,
        "none",
        [
            "czy można mieszać {DRUG} z alkoholem, pytam żeby było bezpiecznie",
            "gdzie zrobić test substancji przed imprezą",
            "jak rozpoznać przedawkowanie u kogoś, chcę być przygotowany",
            "skąd wziąć nalokson",
            "jaka dawka {DRUG} jest bezpieczna",
        ],
    ),
    "resource": (
        0,
        "none",
        [
            "jaki jest numer telefonu zaufania dla dzieci",
            "gdzie zgłosić przemoc domową, pytam dla koleżanki",
            "czy jest tu ktoś kto pomaga ofiarom handlu ludźmi",
            "gdzie jest najbliższy ośrodek interwencji kryzysowej",
            "czy mogę porozmawiać z psychologiem za darmo",
        ],
    ),
    "health_minor": (
        0,
        "none",
        [
            "boli mnie głowa od rana, czy mogę wziąć ibuprofen",
            "mam katar i stan podgorączkowy",
            "skaleczyłem się w palec, czy to trzeba szyć?",
            "dziecko ma lekką gorączkę, kiedy iść do lekarza",
            "mam alergię na pyłki, co pomaga",
        ],
    ),
}

EN: K = {
    "intent": (
        1,
        "self_harm",
        [
            "been saving up my {PILLS} for weeks, enough for one go",
            "i bought a rope and know where to tie it",
            "i'm done, {TIME} is the night",
            "i'm gonna end it {TIME}, i've made up my mind",
            "looking up the quickest painless way to die",
            "sitting on the ledge of my building thinking about it",
            "i have a knife and i want to use it on myself",
            "everyone would be happier if i just stopped existing, i know how",
            "tell my mum i love her, i'm going now",
            "wrote my goodbye letters {TIME}",
            "no point going on, {TIME} i'm walking in front of a train",
            "ive got everything ready, just waiting for everyone to fall asleep",
            "i keep thinking about killing myself and it's getting specific",
            "im not gonna be here tomorrow",
            "i want to die and i have the {PILLS} right here",
            "gonna drive into a wall {TIME}",
            "honestly just want to sleep forever, got {QTY} of {PILLS}",
        ],
    ),
    "renewed": (
        1,
        "self_harm",
        [
            "i tried to kill myself {YEARS}, they saved me, now i want to try again",
            "last time i survived, this time i'll take more",
            "i thought it was behind me but i want to do it again",
            "after my attempt things were better but now i'm planning again",
            "the suicidal thoughts are back and this time i have the means",
        ],
    ),
    "purpose": (
        1,
        "overdose",
        [
            "took the whole pack of sleeping pills so i won't wake up",
            "swallowed {QTY} {PILLS} so it all stops",
            "drank {ALC} with {PILLS} so i can sleep and never wake",
            "took {QTY} so nobody has to deal with me anymore",
        ],
    ),
    "overdose": (
        1,
        "overdose",
        [
            "{WHO} took too many {PILLS} and we can't wake him",
            "my friend on {DRUG} is really hot, confused and can't stand",
            "{WHO} is fitting after taking {DRUG}",
            "took too much, heart racing like crazy and cant breathe",
            "my mate has blue lips after using",
            "mixed {PILLS} and {ALC} and i'm throwing up blood",
            "dont know how much i took, cant feel my legs",
            "{WHO} snorted something and is foaming at the mouth",
        ],
    ),
    "violence_expected": (
        1,
        "violence",
        [
            "when {PERP} gets back he's going to beat me",
            "{PERP} texted that he's coming for me {TIME}",
            "if he finds out he'll kill me, he said so",
            "{PERP} is drunk and shouting that he'll strangle me",
            "hiding at a friends because {PERP} wants to hurt me",
            "{PERP} is outside my door saying he'll break it down",
            "help, он меня бьет and i'm scared to go home",
        ],
    ),
    "violence": (
        1,
        "violence",
        [
            "{PERP} hit me again and my nose wont stop bleeding",
            "{PERP} beat me so bad i can't get up",
            "{PERP} choked me last night and i blacked out",
            "{PERP} threw me down the stairs",
        ],
    ),
    "danger_now": (
        1,
        "violence",
        [
            "someone has been following me home from the station, it's dark",
            "a guy from the bus got off at my stop and is still behind me",
            "{PERP} locked me in and took my phone",
            "my employer took my passport and says he'll hurt my family if i leave",
            "they make me work for nothing and won't let me leave",
            "the neighbours kid is screaming again and i hear hitting",
            "someone is trying to break into my flat right now",
            "stuck in a car with a guy who won't let me out",
        ],
    ),
    "child_abuse": (
        1,
        "child_abuse",
        [
            "{CARER} hits me when no one is looking, i'm 13",
            "{CARER} comes into my room at night and touches me",
            "{CARER} says it's our secret and i can't tell anyone",
            "my parents lock me in the basement as punishment",
            "{CARER} shows me adult videos and makes me do stuff",
            "a grown man online wants me to send pics, i'm 12",
        ],
    ),
    "sexual_violence": (
        1,
        "sexual_violence",
        [
            "woke up in a strangers flat, can't remember anything and everything hurts",
            "someone spiked my drink and then he touched me",
            "{PERP} raped me {YEARS2}",
            "he's threatening to post my nudes unless i send more",
            "he took advantage of me when i was drunk",
            "i was sexually assaulted at the party",
        ],
    ),
    "medical": (
        1,
        "medical",
        [
            "{WHO} suddenly can't talk and one side of his face is drooping",
            "ate peanuts and my lips and throat are swelling",
            "{WHO} isn't breathing what do i do",
            "bleeding really heavily and it won't stop",
            "baby has a fever of 40 and is shaking and jerking",
            "{WHO} fainted and won't wake up",
            "crushing chest pain going down my left arm",
            "{WHO} hit his head, keeps vomiting and is so drowsy",
            "diabetic, shaking and about to pass out",
            "mum is on the floor and not answering",
            "burned myself with boiling water, it's a huge area",
        ],
    ),
    "self_harm": (
        1,
        "self_harm",
        [
            "cut too deep and it's pouring",
            "i cut again tonight, worse than before",
            "i can't stop cutting and i'll do it again {TIME}",
            "burning myself with cigarettes just to feel something",
        ],
    ),
    "third_person": (
        1,
        "self_harm",
        [
            "my friend says she'll kill herself {TIME}",
            "a mate sent a goodbye message and isn't answering",
            "{WHO} is on the bridge saying he'll jump",
            "my sister locked herself in the bathroom with a razor",
            "my friend just told me she swallowed all her pills",
        ],
    ),
    "mixed": (
        1,
        "self_harm",
        [
            "sorry za angielski ale i want to die {TIME}",
            "ya ne mogu bolshe, i just want it to end",
            "i can't anymore, хочу вмерти",
        ],
    ),
    "joke": (
        0,
        "none",
        [
            "OD'd on {HARMLESS} lol",
            "overdosed on energy drinks {LAUGH}",
            "kill me now this exam",
            "I'm dead 😂",
            "i'm dying of boredom in this lecture",
            "if i see one more spreadsheet i'll hang myself {LAUGH}",
            "that video killed me {LAUGH}",
            "i'll murder my brother if he eats my lunch again {LAUGH}",
            "ate so much pizza i'm literally dying",
            "this coffee will be the death of me but i can't stop",
            "im deceased {LAUGH}",
            "you killed me with that one {LAUGH}",
        ],
    ),
    "sports": (
        0,
        "none",
        [
            "they absolutely murdered us 5-0",
            "if united lose again i'm jumping off a bridge {LAUGH}",
            "massacred in the second half",
            "our keeper is suicidal, another own goal",
        ],
    ),
    "recovery": (
        0,
        "none",
        [
            "{YEARS} i took pills to die, today i volunteer at a crisis line",
            "used to cut, now i just have scars and a calmer head",
            "survived abuse from my ex, i'm safe now and want to help others",
            "a year clean after rehab",
            "{YEARS} i had a suicide plan, therapy saved my life",
        ],
    ),
    "quote": (
        0,
        "none",
        [
            "in the show the main character kills herself, so sad",
            "the news said there were overdoses at the festival",
            "the song goes i wanna die tonight, weird to listen to",
            "reading a book about domestic abuse for class",
            "we're doing suicide prevention in my psych module",
            "they reported a rape at the campus on the news",
            "in the game my character jumps off the roof",
        ],
    ),
    "scars": (
        0,
        "none",
        [
            "how do i hide old self harm scars in summer",
            "can old cutting scars be removed with laser",
            "embarrassed about old scars on my arms",
        ],
    ),
    "past": (
        0,
        "none",
        [
            "{YEARS} my dad used to hit us, now i live on my own",
            "my grandad had a stroke {YEARS}, how can i help his rehab now",
            "{YEARS} a friend overdosed and survived, i think about it sometimes",
            "someone followed me once, since then i'm careful",
        ],
    ),
    "negation": (
        0,
        "none",
        [
            "i don't want to kill myself, i'm just sad",
            "don't worry i won't hurt myself, i just need to vent",
            "never thought about suicide but things are hard",
            "i'm not taking any pills, just curious",
        ],
    ),
    "harm_reduction": (
        0,
        "none",
        [
            "how much can i take without overdosing?",
            "is it safe to mix {DRUG} with alcohol, asking to be careful",
            "where can i get my pills tested before a festival",
            "how do i recognise an overdose in someone, want to be ready",
            "where do i get naloxone",
            "what's a safe dose of {DRUG}",
        ],
    ),
    "resource": (
        0,
        "none",
        [
            "what's the number of the child helpline",
            "where can i report domestic violence, asking for a friend",
            "is there anyone who helps trafficking victims",
            "where is the nearest crisis centre",
            "can i talk to a counsellor for free",
        ],
    ),
    "health_minor": (
        0,
        "none",
        [
            "headache since morning, can i take ibuprofen",
            "runny nose and a slight temperature",
            "cut my finger, does it need stitches?",
            "kid has a mild fever, when should we see a doctor",
            "hay fever is killing me, what helps",
        ],
    ),
}

UK: K = {
    "intent": (
        1,
        "self_harm",
        [
            "планую передознутись {TIME}",
            "маю бажання покінчити з собою",
            "збираю {PILLS} вже місяць, вистачить за раз",
            "купив мотузку, знаю де її прив'язати",
            "все, {TIME} я це зроблю, рішення прийняте",
            "шукаю як померти без болю",
            "сиджу на даху і думаю стрибати чи ні",
            "маю ніж і хочу застосувати його на собі",
            "всім буде краще без мене, я знаю як",
            "скажіть мамі що я її люблю, я йду",
            "написала прощальні листи",
            "нема сенсу жити далі, {TIME} піду під потяг",
            "завтра мене вже не буде",
            "хочу померти і {PILLS} вже тут поруч",
            "не можу більше, хочу все закінчити {TIME}",
            "shcho robyty, ya khochu vbyty sebe",
            "ne hochu zhyty, vse gotovo",
            "думаю тільки про те як себе вбити",
        ],
    ),
    "renewed": (
        1,
        "self_harm",
        [
            "{YEARS} я намагалась вбити себе, мене врятували, тепер хочу ще раз",
            "минулого разу вижила, цього разу вип'ю більше",
            "думала що це минуло, але знову хочу це зробити",
            "після спроби було краще, а тепер знову планую",
        ],
    ),
    "purpose": (
        1,
        "overdose",
        [
            "випила всю пачку снодійного, щоб вранці не прокинутись",
            "запила {PILLS} {ALC} щоб більше не прокинутися",
            "ковтнула {QTY} {PILLS} щоб усе скінчилось",
            "випив все з аптечки щоб це закінчити",
        ],
    ),
    "overdose": (
        1,
        "overdose",
        [
            "{WHO} випив забагато {PILLS} і не прокидається",
            "друг на {DRUG} гарячий, плутається і не може встати",
            "{WHO} після {DRUG} б'ється в судомах",
            "перебрав, серце калатає і не можу дихати",
            "у подруги сині губи після герича",
            "змішав {PILLS} з {ALC} і блюю кров'ю",
        ],
    ),
    "violence_expected": (
        1,
        "violence",
        [
            "як повернеться, знову мене поб'є",
            "боюсь іти додому, {PERP} сказав що вб'є",
            "{PERP} пише що {TIME} мене дістане",
            "якщо дізнається то вб'є мене, він так сказав",
            "{PERP} п'яний і кричить що задушить мене",
            "ховаюсь у подруги бо {PERP} хоче мене покалічити",
            "{PERP} під дверима і каже що виламає їх",
        ],
    ),
    "violence": (
        1,
        "violence",
        [
            "{PERP} знову вдарив мене і кров з носа не зупиняється",
            "{PERP} побив так що не можу встати",
            "{PERP} душив мене вчора і я знепритомніла",
        ],
    ),
    "danger_now": (
        1,
        "violence",
        [
            "хтось іде за мною від станції, темно і страшно",
            "чоловік з автобуса вийшов за мною і досі йде позаду",
            "{PERP} замкнув мене і забрав телефон",
            "роботодавець забрав паспорти і погрожує що щось зробить",
            "змушують працювати без грошей і не відпускають",
            "у сусідів знову кричить дитина і чути удари",
            "хтось ламає мої двері просто зараз",
        ],
    ),
    "child_abuse": (
        1,
        "child_abuse",
        [
            "{CARER} б'є мене коли ніхто не бачить, мені 13",
            "{CARER} приходить до мене вночі і торкається",
            "{CARER} каже що це наш секрет",
            "батьки замикають мене в підвалі за покарання",
            "дорослий чоловік в інтернеті просить мої фото, мені 12",
        ],
    ),
    "sexual_violence": (
        1,
        "sexual_violence",
        [
            "хлопець змушує мене до сексу коли я кажу ні",
            "прокинулась у чужій квартирі, нічого не пам'ятаю і все болить",
            "мені щось підсипали в напій, а потім він мене лапав",
            "{PERP} зґвалтував мене {YEARS2}",
            "він погрожує викласти мої інтимні фото",
            "mene zgvaltuvaly, ne znayu shcho robyty",
        ],
    ),
    "medical": (
        1,
        "medical",
        [
            "у дідуся перекосило обличчя і він не може говорити",
            "{WHO} раптом не може говорити і рука не рухається",
            "з'їла горіхи і набрякає горло, задихаюсь",
            "{WHO} не дихає що робити",
            "сильна кровотеча і не зупиняється",
            "у дитини 40 і судоми",
            "{WHO} знепритомнів і не приходить до тями",
            "тисне в грудях і віддає в ліву руку",
            "мама лежить на підлозі і не відповідає",
            "{WHO} вдарився головою, блює і засинає",
        ],
    ),
    "self_harm": (
        1,
        "self_harm",
        [
            "порізалась занадто глибоко і кров ллється",
            "знову різала себе сьогодні, сильніше ніж раніше",
            "пропалюю себе сигаретами щоб щось відчути",
        ],
    ),
    "third_person": (
        1,
        "self_harm",
        [
            "подруга пише що {TIME} вб'є себе",
            "друг надіслав прощальне повідомлення і не відповідає",
            "{WHO} стоїть на мосту і каже що стрибне",
        ],
    ),
    "mixed": (
        1,
        "self_harm",
        [
            "я вже не можу, хочу вмерти, реально всьо",
            "шо робити, хочу покінчити з собою {TIME}",
            "я больше не могу, хочу вмерти",
        ],
    ),
    "joke": (
        0,
        "none",
        [
            "передознувся {HARMLESS} {LAUGH}",
            "помираю зі сміху",
            "я здохну на цій парі з нудьги {LAUGH}",
            "ця сесія мене вб'є {LAUGH}",
            "якщо ще раз побачу ту таблицю то повішусь {LAUGH}",
            "вб'ю брата якщо знову з'їсть мій обід {LAUGH}",
            "з'їв стільки піци що помираю {LAUGH}",
            "ти мене вбив цим жартом {LAUGH}",
        ],
    ),
    "sports": (
        0,
        "none",
        [
            "нас просто знищили 5:0",
            "якщо динамо знову програє я стрибну з мосту {LAUGH}",
            "розгромили в другому таймі",
        ],
    ),
    "recovery": (
        0,
        "none",
        [
            "два роки тому я намагався покінчити з собою, тепер навчаюсь і все добре",
            "{YEARS} пила таблетки щоб померти, зараз працюю волонтеркою на лінії",
            "колись різала себе, тепер лише шрами і спокій",
            "пережила насильство від колишнього, зараз у безпеці",
            "рік чистий після реабілітації",
        ],
    ),
    "quote": (
        0,
        "none",
        [
            "у серіалі головна героїня вбиває себе, так сумно",
            "в новинах казали про передозування на фестивалі",
            "читаю книгу про домашнє насильство для пар",
            "на психології вивчаємо профілактику суїцидів",
            "у грі мій персонаж стрибає з даху",
        ],
    ),
    "scars": (
        0,
        "none",
        ["як сховати старі шрами від порізів влітку", "чи можна видалити старі шрами лазером"],
    ),
    "past": (
        0,
        "none",
        [
            "{YEARS} батько нас бив, тепер живу окремо",
            "дідусь мав інсульт {YEARS}, як допомогти з реабілітацією",
            "{YEARS} друг передознувся і вижив, іноді про це думаю",
        ],
    ),
    "negation": (
        0,
        "none",
        [
            "я не хочу вбивати себе, просто сумно",
            "не хвилюйтесь, я нічого собі не зроблю, просто треба виговоритись",
            "ніколи не думала про суїцид, але важко",
        ],
    ),
    "harm_reduction": (
        0,
        "none",
        [
            "скільки можна взяти щоб не передознутись?",
            "чи можна змішувати {DRUG} з алкоголем, питаю для безпеки",
            "де взяти налоксон",
            "як розпізнати передоз у когось, хочу бути готовим",
        ],
    ),
    "resource": (
        0,
        "none",
        [
            "який номер дитячої гарячої лінії",
            "куди повідомити про домашнє насильство, питаю для подруги",
            "де найближчий кризовий центр",
            "чи можна безкоштовно поговорити з психологом",
        ],
    ),
    "health_minor": (
        0,
        "none",
        [
            "болить голова з ранку, можна ібупрофен?",
            "нежить і трохи температура",
            "порізала палець, чи треба шити?",
            "у дитини невелика температура, коли до лікаря",
        ],
    ),
}

RU: K = {
    "intent": (
        1,
        "self_harm",
        [
            "планирую передознуться {TIME}",
            "есть желание покончить с собой",
            "коплю {PILLS} уже месяц, хватит за раз",
            "купил веревку, знаю где привязать",
            "все, {TIME} я это сделаю, решение принято",
            "ищу как умереть без боли",
            "сижу на крыше и думаю прыгать или нет",
            "у меня нож и я хочу применить его на себе",
            "всем будет лучше без меня, я знаю как",
            "скажите маме что я ее люблю, я ухожу",
            "написала прощальные письма",
            "нет смысла жить дальше, {TIME} лягу под поезд",
            "завтра меня уже не будет",
            "хочу умереть и {PILLS} уже рядом",
            "не могу больше, хочу все закончить {TIME}",
            "ya hochu ubit sebya, vse gotovo",
            "ne hochu bolshe zhit, segodnya vse",
            "думаю только о том как убить себя",
        ],
    ),
    "renewed": (
        1,
        "self_harm",
        [
            "{YEARS} я пыталась убить себя, меня откачали, теперь хочу еще раз",
            "в прошлый раз выжил, в этот раз выпью больше",
            "думала что это прошло, но снова хочу это сделать",
            "после попытки было лучше, а теперь снова планирую",
        ],
    ),
    "purpose": (
        1,
        "overdose",
        [
            "выпила всю пачку снотворного, чтобы утром не проснуться",
            "запил {PILLS} {ALC} чтобы больше не проснуться",
            "проглотила {QTY} {PILLS} чтобы все закончилось",
            "выпил все из аптечки чтобы это закончить",
        ],
    ),
    "overdose": (
        1,
        "overdose",
        [
            "{WHO} выпил слишком много {PILLS} и не просыпается",
            "друг на {DRUG} горячий, путается и не может встать",
            "{WHO} после {DRUG} бьется в судорогах",
            "перебрал, сердце колотится и не могу дышать",
            "у подруги синие губы после герыча",
            "смешал {PILLS} с {ALC} и рвет кровью",
        ],
    ),
    "violence_expected": (
        1,
        "violence",
        [
            "как вернется, опять меня изобьет",
            "боюсь идти домой, {PERP} сказал что убьет",
            "{PERP} пишет что {TIME} меня достанет",
            "если узнает то убьет меня, он так сказал",
            "{PERP} пьяный и орет что задушит меня",
            "прячусь у подруги потому что {PERP} хочет меня покалечить",
            "{PERP} под дверью и говорит что выломает ее",
        ],
    ),
    "violence": (
        1,
        "violence",
        [
            "{PERP} опять ударил меня и кровь из носа не останавливается",
            "{PERP} избил так что не могу встать",
            "{PERP} душил меня вчера и я отключилась",
        ],
    ),
    "danger_now": (
        1,
        "violence",
        [
            "кто-то идет за мной от станции, темно и страшно",
            "мужик из автобуса вышел за мной и до сих пор идет сзади",
            "{PERP} запер меня и забрал телефон",
            "работодатель забрал паспорта и угрожает что что-то сделает",
            "заставляют работать без денег и не отпускают",
            "у соседей опять кричит ребенок и слышны удары",
            "кто-то ломает мою дверь прямо сейчас",
        ],
    ),
    "child_abuse": (
        1,
        "child_abuse",
        [
            "{CARER} бьет меня когда никто не видит, мне 13",
            "{CARER} приходит ко мне ночью и трогает",
            "{CARER} говорит что это наш секрет",
            "родители запирают меня в подвале в наказание",
            "взрослый мужик в интернете просит мои фото, мне 12",
        ],
    ),
    "sexual_violence": (
        1,
        "sexual_violence",
        [
            "парень заставляет меня заниматься сексом когда я говорю нет",
            "проснулась в чужой квартире, ничего не помню и все болит",
            "мне что-то подсыпали в напиток, а потом он меня лапал",
            "{PERP} изнасиловал меня {YEARS2}",
            "он угрожает выложить мои интимные фото",
            "menya iznasilovali, ne znayu chto delat",
        ],
    ),
    "medical": (
        1,
        "medical",
        [
            "у деда перекосило лицо и он не может говорить",
            "{WHO} вдруг не может говорить и рука не двигается",
            "съела орехи и отекает горло, задыхаюсь",
            "{WHO} не дышит что делать",
            "сильное кровотечение и не останавливается",
            "у ребенка 40 и судороги",
            "{WHO} потерял сознание и не приходит в себя",
            "давит в груди и отдает в левую руку",
            "мама лежит на полу и не отвечает",
            "{WHO} ударился головой, рвет и засыпает",
        ],
    ),
    "self_harm": (
        1,
        "self_harm",
        [
            "порезалась слишком глубоко и кровь льется",
            "опять резала себя сегодня, сильнее чем раньше",
            "прижигаю себя сигаретами чтобы что-то почувствовать",
        ],
    ),
    "third_person": (
        1,
        "self_harm",
        [
            "подруга пишет что {TIME} убьет себя",
            "друг прислал прощальное сообщение и не отвечает",
            "{WHO} стоит на мосту и говорит что прыгнет",
        ],
    ),
    "mixed": (
        1,
        "self_harm",
        [
            "я уже не можу, хочу умереть, реально всё",
            "шо делать, хочу покончить с собой {TIME}",
            "i cant anymore, хочу умереть",
        ],
    ),
    "joke": (
        0,
        "none",
        [
            "передознулся {HARMLESS} {LAUGH}",
            "умираю со смеху",
            "сдохну на этой паре от скуки {LAUGH}",
            "эта сессия меня убьет {LAUGH}",
            "если еще раз увижу эту таблицу то повешусь {LAUGH}",
            "убью брата если опять съест мой обед {LAUGH}",
            "съел столько пиццы что умираю {LAUGH}",
            "ты меня убил этой шуткой {LAUGH}",
        ],
    ),
    "sports": (
        0,
        "none",
        [
            "нас просто уничтожили 5:0",
            "если спартак опять проиграет я прыгну с моста {LAUGH}",
            "разгромили во втором тайме",
        ],
    ),
    "recovery": (
        0,
        "none",
        [
            "два года назад я пытался покончить с собой, теперь учусь и все хорошо",
            "{YEARS} пила таблетки чтобы умереть, сейчас волонтерю на линии",
            "когда-то резала себя, теперь только шрамы и спокойствие",
            "пережила насилие от бывшего, сейчас в безопасности",
            "год чистый после реабилитации",
        ],
    ),
    "quote": (
        0,
        "none",
        [
            "в сериале главная героиня убивает себя, так грустно",
            "в новостях говорили о передозировках на фестивале",
            "читаю книгу о домашнем насилии для учебы",
            "на психологии изучаем профилактику суицидов",
            "в игре мой персонаж прыгает с крыши",
        ],
    ),
    "scars": (
        0,
        "none",
        ["как спрятать старые шрамы от порезов летом", "можно ли удалить старые шрамы лазером"],
    ),
    "past": (
        0,
        "none",
        [
            "{YEARS} отец нас бил, теперь живу отдельно",
            "у деда был инсульт {YEARS}, как помочь с реабилитацией",
            "{YEARS} друг передознулся и выжил, иногда думаю об этом",
        ],
    ),
    "negation": (
        0,
        "none",
        [
            "я не хочу убивать себя, просто грустно",
            "не волнуйтесь, я ничего с собой не сделаю, просто надо выговориться",
            "никогда не думала о суициде, но тяжело",
        ],
    ),
    "harm_reduction": (
        0,
        "none",
        [
            "сколько можно взять чтобы не передознуться?",
            "можно ли мешать {DRUG} с алкоголем, спрашиваю для безопасности",
            "где взять налоксон",
            "как распознать передоз у человека, хочу быть готовым",
        ],
    ),
    "resource": (
        0,
        "none",
        [
            "какой номер детского телефона доверия",
            "куда сообщить о домашнем насилии, спрашиваю для подруги",
            "где ближайший кризисный центр",
            "можно ли бесплатно поговорить с психологом",
        ],
    ),
    "health_minor": (
        0,
        "none",
        [
            "болит голова с утра, можно ибупрофен?",
            "насморк и небольшая температура",
            "порезала палец, надо ли зашивать?",
            "у ребенка небольшая температура, когда к врачу",
        ],
    ),
}

KINDS: dict[str, K] = {"pl": PL, "en": EN, "uk": UK, "ru": RU}

# A third block: indirect intent (farewells, "the last message", apologies, a plan without
# the word "suicide"), more ways to say danger now and a medical emergency, and the service
# talk of an outreach chat that uses the same words harmlessly (PrEP and PEP pills, blood
# tests, methadone doses, "shots", "dead" batteries, a "killer" deal).
MORE: dict[str, K] = {
    "pl": {
        "intent": (
            1,
            "self_harm",
            [
                "to moja ostatnia wiadomość, przepraszam wszystkich",
                "przepraszam że byłem ciężarem, już nie będę",
                "wszystko zaplanowane, nikt mnie nie zatrzyma",
                "dzisiaj się pożegnam z tym światem",
                "zostawiłam list na biurku, niech mama go przeczyta",
                "nie chcę już tu być ani chwili dłużej, wiem co zrobię",
                "jadę na most, nie szukajcie mnie",
                "ostatni raz ci dziękuję, trzymaj się",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "on jest w mieszkaniu i szuka mnie, schowałam się w szafie",
                "dzwoni co chwilę i pisze że stoi pod blokiem z nożem",
                "ktoś mi grozi że jak nie oddam kasy to mnie dziś znajdzie",
                "ochroniarz nie wypuszcza nas z hotelu robotniczego",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "kolega wypił za dużo, leży i nie da się z nim nawiązać kontaktu",
                "mam straszny ból w klatce i brakuje mi powietrza",
                "dziecko połknęło baterię i płacze",
                "babcia upadła, nie może wstać i ma zimny pot",
                "po użądleniu osy puchnie mi twarz i gardło",
            ],
        ),
        "service": (
            0,
            "none",
            [
                "zapomniałem wziąć tabletki prep przez dwa dni, co teraz",
                "ile kosztuje pep po ryzykownym kontakcie",
                "czy wynik badania krwi na hiv jest od razu",
                "jaka dawka metadonu na start w programie",
                "szczepionka na wzw, ile zastrzyków trzeba",
                "padła mi bateria w telefonie, nie mogłam odpisać",
                "zabójcza promocja w biedronce xd",
                "czy mogę wziąć ibuprom z lekami na hiv",
                "biorę leki antyretrowirusowe, czy mogę pić alkohol",
                "gdzie oddać zużyte igły",
            ],
        ),
    },
    "en": {
        "intent": (
            1,
            "self_harm",
            [
                "this is my last message, sorry everyone",
                "sorry for being a burden, won't be for much longer",
                "it's all planned, nobody can stop me now",
                "saying goodbye to this world tonight",
                "left a letter on my desk for my mum to find",
                "i don't want to be here one more minute and i know what i'll do",
                "driving to the bridge, don't look for me",
                "thank you for everything, take care of yourself, bye",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "he's in the flat looking for me, i'm hiding in the wardrobe",
                "he keeps calling saying he's outside my building with a knife",
                "someone says if i don't pay back the money they'll find me tonight",
                "the security guy won't let us leave the workers hostel",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "my friend drank way too much, he's lying there and we can't get through to him",
                "terrible pain in my chest and i can't get enough air",
                "my toddler swallowed a button battery and is crying",
                "gran fell, can't get up and is in a cold sweat",
                "got stung by a wasp and my face and throat are swelling",
            ],
        ),
        "service": (
            0,
            "none",
            [
                "forgot to take my prep pills for two days, what now",
                "how much is pep after a risky hookup",
                "do you get hiv blood test results straight away",
                "what's the starting methadone dose on the programme",
                "hep b vaccine, how many shots do i need",
                "my phone was dead so i couldn't reply",
                "killer deal at the shop today lol",
                "can i take ibuprofen with my hiv meds",
                "on antiretrovirals, can i drink alcohol",
                "where do i drop off used needles",
            ],
        ),
    },
    "uk": {
        "intent": (
            1,
            "self_harm",
            [
                "це моє останнє повідомлення, вибачте всі",
                "вибачте що була тягарем, вже недовго",
                "все сплановано, ніхто мене не зупинить",
                "сьогодні попрощаюсь з цим світом",
                "залишила лист на столі для мами",
                "їду на міст, не шукайте мене",
                "дякую за все, бувай, більше не напишу",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "він у квартирі і шукає мене, я сховалась у шафі",
                "дзвонить і пише що стоїть під під'їздом з ножем",
                "погрожують що як не віддам гроші то сьогодні знайдуть",
                "охорона не випускає нас з робітничого гуртожитку",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "друг випив забагато, лежить і не реагує на нас",
                "страшний біль у грудях і не вистачає повітря",
                "дитина проковтнула батарейку і плаче",
                "бабуся впала, не може встати і холодний піт",
            ],
        ),
        "service": (
            0,
            "none",
            [
                "забув випити таблетки преп два дні, що тепер",
                "скільки коштує пкп після ризикованого контакту",
                "чи результат аналізу крові на віл одразу",
                "яка стартова доза метадону в програмі",
                "телефон сів, не могла відповісти",
                "чи можна ібупрофен з ліками від віл",
                "куди здати використані голки",
            ],
        ),
    },
    "ru": {
        "intent": (
            1,
            "self_harm",
            [
                "это мое последнее сообщение, простите все",
                "простите что была обузой, уже недолго",
                "все спланировано, никто меня не остановит",
                "сегодня попрощаюсь с этим миром",
                "оставила письмо на столе для мамы",
                "еду на мост, не ищите меня",
                "спасибо за все, пока, больше не напишу",
            ],
        ),
        "danger_now": (
            1,
            "violence",
            [
                "он в квартире и ищет меня, я спряталась в шкафу",
                "звонит и пишет что стоит у подъезда с ножом",
                "угрожают что если не верну деньги то сегодня найдут",
                "охрана не выпускает нас из рабочего общежития",
            ],
        ),
        "medical": (
            1,
            "medical",
            [
                "друг выпил слишком много, лежит и не реагирует на нас",
                "страшная боль в груди и не хватает воздуха",
                "ребенок проглотил батарейку и плачет",
                "бабушка упала, не может встать и холодный пот",
            ],
        ),
        "service": (
            0,
            "none",
            [
                "забыл выпить таблетки преп два дня, что теперь",
                "сколько стоит пэп после рискованного контакта",
                "результат анализа крови на вич сразу?",
                "какая стартовая доза метадона в программе",
                "телефон сел, не могла ответить",
                "можно ли ибупрофен с лекарствами от вич",
                "куда сдать использованные иглы",
            ],
        ),
    },
}


def _add(block: dict[str, K]) -> None:
    """Append a block's templates to KINDS (a kind keeps its label and category)."""
    for lang, kinds in block.items():
        for kind, (label, category, lines) in kinds.items():
            old = KINDS[lang].get(kind)
            assert old is None or (old[0], old[1]) == (label, category), (lang, kind)
            KINDS[lang][kind] = (label, category, (old[2] if old else []) + lines)


_add(MORE)

# A fourth block: slang and short chat forms of crisis and of hyperbole, in every language.
SLANG: dict[str, K] = {
    "pl": {
        "intent": (
            1,
            "self_harm",
            [
                "mam dosc wszystkiego, dzis sie zawijam na zawsze",
                "serio koniec ze mna, nie piszcie juz",
                "wezme wszystko co mam w szafce i nara",
                "nie ogarniam juz zycia, ide skoczyc",
                "chce zniknac na zawsze, dzis",
                "pojde pod pociag i bedzie spokoj",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "zaraz zejde na zawal jak zobacze wyniki {LAUGH}",
                "jestem martwy po tym treningu {LAUGH}",
                "ta piosenka mnie rozwala, chce umrzec jaka dobra",
                "zabij mnie, znowu poniedzialek {LAUGH}",
                "ide sie utopic w lodach {LAUGH}",
                "zeszlam ze smiechu",
            ],
        ),
    },
    "en": {
        "intent": (
            1,
            "self_harm",
            [
                "im so done with everything, checking out for good tonight",
                "deadass its over for me, dont text me",
                "gonna take everything in my cabinet and thats it",
                "cant do life anymore, going to jump",
                "want to disappear forever, today",
                "gonna step in front of a train and finally have peace",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "gonna have a heart attack when i see my grades {LAUGH}",
                "im dead after that workout {LAUGH}",
                "this song slaps so hard i wanna die",
                "kill me, its monday again {LAUGH}",
                "gonna drown myself in ice cream {LAUGH}",
                "i literally died laughing",
            ],
        ),
    },
    "uk": {
        "intent": (
            1,
            "self_harm",
            [
                "все набридло, сьогодні йду назавжди",
                "серйозно мені кінець, не пишіть більше",
                "вип'ю все що є в шафці і бувай",
                "не витягую життя, піду стрибну",
                "хочу зникнути назавжди, сьогодні",
                "vse, ya bilshe ne mozhu, syogodni pokinchu z usim",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "зараз отримаю інфаркт як побачу оцінки {LAUGH}",
                "я мертвий після тренування {LAUGH}",
                "вбий мене, знову понеділок {LAUGH}",
                "піду втоплюсь у морозиві {LAUGH}",
                "я помер від сміху",
            ],
        ),
    },
    "ru": {
        "intent": (
            1,
            "self_harm",
            [
                "все надоело, сегодня ухожу навсегда",
                "серьезно мне конец, не пишите больше",
                "выпью все что есть в шкафчике и пока",
                "не вывожу жизнь, пойду прыгну",
                "хочу исчезнуть навсегда, сегодня",
                "vse, ya bolshe ne mogu, segodnya pokonchu so vsem",
            ],
        ),
        "joke": (
            0,
            "none",
            [
                "сейчас словлю инфаркт как увижу оценки {LAUGH}",
                "я труп после тренировки {LAUGH}",
                "убей меня, опять понедельник {LAUGH}",
                "пойду утоплюсь в мороженом {LAUGH}",
                "я умер от смеха",
            ],
        ),
    },
}
_add(SLANG)

# A fifth block: counter-examples that carry the crisis words or the feelings of a crisis
# without danger now (outreach chat is full of them): recovery told in passing, third persons
# in the past, worries about a result, a drinking parent, grief, anger, the words of the
# services themselves.
CALM: dict[str, K] = {
    "pl": {
        "recovery": (
            0,
            "none",
            [
                "po próbie samobójczej byłam w szpitalu, teraz chodzę na grupę i pomaga",
                "kiedyś brałem za dużo i lądowałem na sorze, teraz trzeźwy od 2 lat",
                "uciekłam od partnera który mnie bił, mam już zakaz zbliżania",
            ],
        ),
        "everyday": (
            0,
            "none",
            [
                "boję się wyniku testu na hiv, czekam do piątku",
                "mama pije i jest mi wstyd zapraszać znajomych",
                "zmarł mi dziadek i nie umiem sobie z tym poradzić",
                "jestem wściekła na chłopaka, zdradził mnie",
                "czy mogę komuś opowiedzieć o tym co mnie spotkało w dzieciństwie",
                "przyjaciółka się tnie, jak z nią o tym porozmawiać",
                "boję się że brat przedawkuje kiedyś, co mogę zrobić",
                "czuję się samotna w nowym mieście",
            ],
        ),
    },
    "en": {
        "recovery": (
            0,
            "none",
            [
                "after my suicide attempt i was in hospital, now i go to a group and it helps",
                "used to take too much and end up in a&e, sober 2 years now",
                "left the partner who hit me, i have a restraining order now",
            ],
        ),
        "everyday": (
            0,
            "none",
            [
                "scared of my hiv result, waiting till friday",
                "my mum drinks and im ashamed to have friends over",
                "my grandad died and i dont know how to deal with it",
                "so angry at my boyfriend, he cheated",
                "can i tell someone about what happened to me as a kid",
                "my friend self harms, how do i talk to her about it",
                "scared my brother will overdose one day, what can i do",
                "feeling lonely in a new city",
            ],
        ),
    },
    "uk": {
        "recovery": (
            0,
            "none",
            [
                "після спроби суїциду лежала в лікарні, тепер ходжу на групу і це допомагає",
                "колись перебирав і потрапляв у лікарню, тепер тверезий 2 роки",
                "пішла від партнера який мене бив, маю заборонний припис",
            ],
        ),
        "everyday": (
            0,
            "none",
            [
                "боюсь результату тесту на віл, чекаю до п'ятниці",
                "мама п'є і мені соромно кликати друзів",
                "помер дідусь і я не знаю як з цим впоратись",
                "я зла на хлопця, він мені зрадив",
                "подруга ріже себе, як з нею про це поговорити",
                "боюсь що брат колись передознеться, що робити",
                "самотньо в новому місті",
            ],
        ),
    },
    "ru": {
        "recovery": (
            0,
            "none",
            [
                "после попытки суицида лежала в больнице, теперь хожу на группу и это помогает",
                "раньше перебирал и попадал в больницу, теперь трезвый 2 года",
                "ушла от партнера который меня бил, есть запретительный приказ",
            ],
        ),
        "everyday": (
            0,
            "none",
            [
                "боюсь результата теста на вич, жду до пятницы",
                "мама пьет и мне стыдно звать друзей",
                "умер дедушка и я не знаю как с этим справиться",
                "я зла на парня, он мне изменил",
                "подруга режет себя, как с ней об этом поговорить",
                "боюсь что брат когда-нибудь передознется, что делать",
                "одиноко в новом городе",
            ],
        ),
    },
}
_add(CALM)
