"""Issue 20 item 1, Polish and English, seventh round: the oblique forms of the kinds.

~320 probe phrasings written for this round (bench/results/crisis_plen7_round.md) showed
the detector knew the plain forms of every kind and missed the oblique ones: a renewal told
as a failed last attempt and a better next one, pills stashed, an act staged as an accident,
a break-in under way, someone sworn to come for me, sex demanded as payment, a "no" not
heeded, self-harm told by its wounds, a child hurt till it bleeds, a confused diabetic,
farewell letters and charcoal in the car; and it escalated hyperbole over a faux pas or
homework, news about others and a state told with its time after it.

One test per kind. The phrasings were written for this test: they are neither lines of the
training templates (bench/crisis_kinds_plen7.py), nor lexicon examples, nor the probes. Each
test fails on main (lexicon pl/en 2025.9). Where the shipped model (2026.5, which has not seen
these kinds) may veto the lexicon's escalation, the test asks that the lexicon names the
phrase (`check_named`): the explainable signal is there for the next retrain to keep.
"""

from __future__ import annotations

from tests.moderation.kinds import check_calm, check_escalates, check_named


def test_renewal_told_as_a_failed_last_attempt() -> None:
    check_escalates(
        [
            "odratowali mnie w lutym, ale tym razem nikt mnie nie znajdzie",
            "szykuje juz kolejna probe, tym razem bez bledow",
            "wyszlam ze szpitala po probie i juz znowu chowam tabletki",
            "they caught me in time in june, they wont next time",
            "i'm already planning my next attempt",
        ],
        rule_prefix="self_harm",
    )
    check_named(["my last attempt failed but the second one will work"], "self_harm.renewed")


def test_pills_stashed_and_an_act_staged_as_an_accident() -> None:
    check_escalates(
        [
            "i'm stashing my meds until i have enough",
            "gonna swerve into a truck on the motorway so it looks like an accident",
        ]
    )
    check_named(
        [
            "chce rozbic auto o filar tak zeby wygladalo na wypadek",
            "gonna swerve into a truck on the motorway so it looks like an accident",
        ],
        "self_harm.staged",
    )


def test_danger_now_a_break_in_or_someone_armed() -> None:
    check_escalates(
        [
            "ktos probuje sie wlamac przez balkon, jestem sam",
            "on wali w drzwi i drze sie ze mnie zajebie",
            "jakis facet szuka mnie z nozem po osiedlu",
            "somebody is breaking into the flat right now",
            "theres someone picking my lock and im alone",
            "my ex is out there looking for me with a knife",
        ],
        category="violence",
    )


def test_someone_sworn_to_come_for_me() -> None:
    check_escalates(
        [
            "ojczym przysiegl ze mnie dorwie jak wyjdzie",
            "he vowed hed come after me once im alone",
            "my cousin gets out of jail friday and said hell get me",
        ],
        rule_prefix="violence.coming_for_me",
    )


def test_sexual_violence_a_no_not_heeded_payment_filming() -> None:
    check_escalates(
        [
            "nie przestawal kiedy prosilam zeby przestal",
            "my manager says sleep with him or lose my shift, he keeps grabbing me",
            "he recorded me in the shower without me knowing",
        ],
        category="sexual_violence",
    )
    check_named(["wlasciciel powiedzial ze dlug moge odpracowac w naturze"], "sexual_violence")


def test_self_harm_told_by_its_wounds() -> None:
    check_escalates(
        [
            "mam swieze ciecia na przedramieniu i nie moge przestac",
            "tluklam glowa w podloge az krwawilo",
            "fresh cuts on my stomach again tonight, deeper",
            "bashing my head against the wall until it bleeds",
        ],
        category="self_harm",
    )
    check_named(["i scratch my arms just to feel something"], "self_harm.told_plainly")


def test_child_hurt_till_it_bleeds_starved_or_marked() -> None:
    check_escalates(
        [
            "mama mnie szarpie za wlosy az krwawie",
            "my stepmom doesnt let me eat for two days when im bad",
            "my friend has cord marks on her back and said its from her mother",
        ],
        category="child_abuse",
    )
    check_named(
        ["ciocia ja tlucze kapciem, a ona ma 4 lata", "grandpa pulls my hair till it bleeds"],
        "child_abuse.more",
    )


def test_a_confused_diabetic() -> None:
    check_escalates(
        [
            "dziadek ma cukrzyce, zlany potem i mowi od rzeczy",
            "my nan is diabetic and shes slurring and passing out",
        ],
        rule_prefix="medical.diabetic",
    )


def test_farewell_letters_and_charcoal() -> None:
    check_escalates(
        [
            "zostawilam listy do rodzicow w szufladzie, juz czas",
            "wrote notes to my sisters, theyre on my desk",
            "after tonight im not around anymore",
            "wegiel i grill juz w aucie",
        ],
        category="self_harm",
    )
    check_named(["got the charcoal and a bbq in the car"], "self_harm.charcoal")


def test_hyperbole_news_and_the_past_stay_calm() -> None:
    check_calm(
        [
            # a faux pas, homework
            "chce umrzec, czemu napisalam to na grupie klasowej",
            "i wanna die, why did i reply all to that email",
            "zaraz sie powiesze przez to wypracowanie",
            "gonna jump out the window over this essay",
            # news about others, a poem, a state told with its time after it
            "saw a report about students overdosing at a festival",
            "a line from the poem goes 'i hang myself tonight', we analysed it",
            "i was suicidal at uni, now im a counsellor",
            # the same words as the new crisis phrases, harmless
            "kupilam wegiel i grill na majowke",
            "ostatnio znalezli mi zgubiony portfel, tym razem bede uwazac",
        ]
    )
