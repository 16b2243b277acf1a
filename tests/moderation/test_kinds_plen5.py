"""Issue 20 item 1, Polish and English, fifth round: the kinds the unseen set still missed.

One test per kind: child abuse told by a child or a witness, violence expected from someone
else, self-harm in plain words and slang, intent, renewal after an attempt, purpose clauses,
a witness' medical emergency; and the harmless texts that use the same words (strict
parents, a neighbour's noise, kitchen cuts, pills to sleep, "I'll be gone" before a trip,
"relapsed" on sugar, recovery stories). The phrasings were written for this test: they are
neither lines of the training templates (bench/crisis_kinds_plen5.py) nor lexicon examples,
so the test checks that a kind generalises, not that a sentence was learned.
"""

from __future__ import annotations

from tests.moderation.kinds import check_calm, check_escalates

_escalates = check_escalates
_calm = check_calm


def test_child_abuse_told_by_the_child() -> None:
    _escalates(
        [
            "tata mnie znowu zbil pasem za oceny, mam 11 lat",
            "stary mnie tlucze jak sie napije, boje sie wracac ze szkoly",
            "mama przypala mnie lokowka jak jestem niegrzeczna",
            "my dad hits me with his belt when he's drunk, im 12",
            "mum locks me in the cupboard and doesnt feed me",
            "stepdad creeps in at night and puts his hands under my pyjamas",
            "mom stubs her smokes out on my arm when im bad",
        ]
    )


def test_child_abuse_told_by_a_witness() -> None:
    _escalates(
        [
            "moja kolezanka z klasy ma siniaki i mowi ze to od taty",
            "the kid next door is screaming again and i hear thuds",
            "my friend at school has bruises and says her mom did it",
        ]
    )


def test_violence_expected_from_someone_else() -> None:
    _escalates(
        [
            "boję się że jak przyjdzie pijany to znowu mnie stłucze",
            "on wraca jutro z delegacji i wiem ze mnie pobije",
            "jak zobaczy oceny to mnie skatuje",
            "he'll kill me when he finds out i told you",
            "scared of when he gets back, last time he broke my arm",
            "im terrified to go home tonight, he promised to hurt me",
            "she threatened to stab me if i leave",
        ]
    )


def test_self_harm_plainly_and_in_slang() -> None:
    _escalates(
        [
            "znowu sie pocielam dzisiaj, tym razem glebiej",
            "przypalam sie zapalniczka co wieczor",
            "tne sie od tygodnia i nie moge przestac",
            "relapsed on sh last night after 6 months clean",
            "i burn my arm with a lighter when it gets bad",
            "cut again tonight, deeper than usual",
        ]
    )


def test_intent_in_many_verbs_and_tenses() -> None:
    _escalates(
        [
            "chce sie zabic i mam juz wszystko przygotowane",
            "wezme wszystkie tabletki mamy jak zasnie",
            "zamierzam sie powiesic w garazu",
            "juz wiem jak to zrobie, sznur lezy w szafie",
            "i'm going to kill myself tonight",
            "planning to take all my pills after everyone sleeps",
            "i've decided to end my life this weekend",
            "ive got the rope, tonights the night",
        ]
    )


def test_renewal_after_a_past_attempt() -> None:
    _escalates(
        [
            "juz raz probowalam i znowu chce",
            "odratowali mnie w marcu a teraz znowu mysle zeby to zrobic",
            "probowalem w zeszlym roku i teraz znowu zbieram tabletki",
            "been sober from suicidal thoughts for a year, but now im planning again",
        ]
    )


def test_purpose_clauses_meaning_death() -> None:
    _escalates(
        [
            "lyknelam wszystkie tabsy zeby juz nie czuc",
            "nałykałam się prochów, żeby rano mnie nie było",
            "took all my sleeping pills so i never wake up",
            "swallowed the lot so it all stops",
        ]
    )


def test_medical_emergency_told_by_a_witness() -> None:
    _escalates(
        [
            "tata nagle nie moze ruszyc reka i krzywo mowi",
            "kolega padl na imprezie, sinieje i nie oddycha",
            "siostra po ekstazy ma 41 stopni i majaczy",
            "my friend collapsed and his lips are turning blue",
            "my sister is having a seizure and won't stop shaking",
            "he got stabbed and there's blood everywhere",
        ]
    )


def test_the_same_words_said_harmlessly() -> None:
    _calm(
        [
            # strict parents, a neighbour's noise
            "tata nie pozwolil mi jechac na oboz, focham sie",
            "sasiedzi maja niemowle i placze po nocach, nie moge spac",
            "my parents grounded me for the whole weekend ugh",
            "the baby upstairs cries every night, so tired",
            # cuts in the kitchen, pills to sleep, away on a trip, a relapse on cigarettes
            "skaleczylam sie nozem przy obieraniu ziemniakow, trzeba szyc?",
            "wzielam dwie tabletki przeciwbolowe zeby przestal bolec zab",
            "sliced my thumb cutting bagels lol, do i need stitches",
            "took a nytol so i can actually sleep tonight",
            "i'll be gone all weekend, camping with no signal",
            "relapsed and bought cigarettes again, so annoyed at myself",
            # jokes, recovery, quotes, questions
            "umre jak mi nie odpisze haha",
            "im literally dying of cringe lmao",
            "trzy lata temu sie cielam, teraz jestem czysta i studiuje",
            "kiedys tata mnie bil, dzis mam wlasny dom i jest dobrze",
            "used to cut in high school, 5 years clean now",
            "w ksiazce ojciec bije syna, analizujemy to na polskim",
            "in the documentary the stepdad abused the kids",
            "jak rozpoznac ze dziecko jest bite w domu? pytam jako nauczycielka",
            "how do i report child abuse as a teacher",
        ]
    )
