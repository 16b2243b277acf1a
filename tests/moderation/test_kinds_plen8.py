"""Issue 20 item 1, Polish and English, eighth round: kinds the seventh round left out.

~220 probe phrasings written for this round (bench/results/crisis_plen8_round.md) showed
misses in every crisis kind: a carer's blows named by verbs the lexicon lacked ("wali",
"kopnął", "drags me by my hair"), a child shut in for the night or left alone for days, a
witness' "her dad touches her at night"; violence expected in a condition ("to mi przyleje",
"im getting the belt"); a means named and then "doing it" with a time, a loaded gun and
"this is it", a bridge and "not coming back", poison "gonna drink it"; a survived jump or
overdose and "next time more"; a purpose clause after a means with no name ("eat all of
them", "wejdę do jeziora"); a hand up a skirt, "woke up undressed, no memory"; self-harm
told by fresh wounds or biting. And "i took all of my pills" was never read at all: an idiom
read "took all of" as "took all off" and dropped the overdose.

One test per kind. The phrasings were written for this test: they are neither lines of the
training templates, nor lexicon examples, nor the probes. Each crisis test fails on main
(lexicon pl/en 2025.10). Where the shipped model (2026.5; since 2026.6 five more, marked)
vetoes the lexicon's escalation the test asks that the lexicon names the phrase
(`check_named`).
"""

from __future__ import annotations

import pytest

from tests.moderation.kinds import check_calm, check_escalates, check_named


def test_took_all_of_my_pills_is_read() -> None:
    check_escalates(
        [
            "took all of my sleeping pills like an hour ago",
            "gonna take all of my meds tonight",
        ],
        category="overdose",
    )


def test_carer_blows_shutting_in_and_leaving_a_child_alone() -> None:
    check_escalates(
        [
            "moja stara mnie wali po glowie lyzka",
            "ojczym kopnal mnie wczoraj w plecy",
            "my stepmom dragged my sister by her hair into the yard",
        ],
        category="child_abuse",
    )
    check_named(
        [
            # model 2026.6 vetoes it (0.09; 2026.5 let it through)
            "my dad makes us strip when we get bad marks",
            "tata nas zamyka w piwnicy na cala noc",
            "mama zostawia braciszka samego na dwa dni",
            "my stepdad didnt give us food for two days",
        ],
        "child_abuse.more8",
    )


def test_violence_expected_in_a_condition() -> None:
    check_escalates(
        [
            "if mum finds the vape im getting the belt",
            "my ex swore hes coming for me the day hes released",
        ],
        category="violence",
    )
    check_named(["jak sie dowie o ocenach to mi wpierdoli"], "violence.expected8")


def test_means_then_doing_it_with_a_time() -> None:
    check_escalates(
        [
            "mam brzytwe ojca, dzis w nocy to zrobie",
            "ide na dach bloku, juz nie wroce",
            "got the pills lined up, doing it when theyre asleep",
            "loaded the shotgun, goodbye",
        ],
        category="self_harm",
    )
    # model 2026.6 vetoes it (0.16; 2026.5 let it through)
    check_named(["grabbed bleach from under the sink, im gonna drink it"], "self_harm.means_time8")


def test_renewal_after_a_survived_attempt() -> None:
    check_escalates(
        [
            "przezylem przedawkowanie, nastepnym razem wezme mocniejsze",
            "i used to cut and stopped but relapsed again",
            "they resuscitated me last time, not giving them another chance",
        ],
        category="self_harm",
    )
    # model 2026.6 vetoes them (0.11, 0.21; 2026.5 let them through)
    check_named(
        ["po toksykologii planuje znowu", "survived my overdose, this time more"],
        "self_harm.renewed8",
    )


def test_purpose_after_a_means_with_no_name() -> None:
    check_escalates(
        [
            "lykne to wszystko zeby sie wiecej nie obudzic",
            "wejde do rzeki zeby juz nie wyplynac",
            "gonna swallow all of these so i never wake up",
            "inhaling the exhaust fumes so it all ends",
            "walking into the sea and not coming back",
        ],
        category="self_harm",
    )


def test_sexual_violence_hand_dragged_woke_undressed() -> None:
    check_escalates(
        [
            "zaciagneli mnie do piwnicy i tam to zrobili",
            "woke up in his bed with no clothes and no memory of the night",
            "the neighbour shoved his hand down my pants",
        ],
        category="sexual_violence",
    )
    check_named(["wsadzil mi reke w majtki w autobusie"], "sexual_violence.more8")


def test_self_harm_told_by_fresh_wounds_or_biting() -> None:
    check_escalates(
        [
            "ciagle pociete nadgarstki, nikt nie widzi",
            "gryzlam sie w ramie az byla krew",
            "razor cuts all over my forearms again",
        ],
        category="self_harm",
    )
    check_named(
        ["mam nowe naciecia na udach", "sliced my thighs open again last night"],
        "self_harm.wounds8",
    )


def test_the_same_words_harmless_stay_calm() -> None:
    check_calm(
        [
            "zjem to wszystko co zostalo z wesela",
            "wejde do jeziora jak bedzie cieplej",
            "przezylam skok na spadochronie, nastepnym razem wyzej",
            "jak wroce pozno to mi mama przyniesie kolacje",
            "pamietam jak tata nas bil, dzis mamy dobry kontakt",
            "mam brzytwe po dziadku, dzis ja naostrze",
            "i remember my mom hitting us, we talk about it in therapy now",
            "loaded the dishwasher, this is it for today",
            "im getting kicked from the server lol",
            "survived the bungee jump, next time a higher one",
        ]
    )


def test_threats_to_bones_acid_or_with_a_serious_reason() -> None:
    check_escalates(
        [
            "mowil ze polamie mi zebra jak nie oddam kasy",
            "grozi ze obleje mnie benzyna",
            "on mnie zabije jak sie dowie ze poszlam na policje",
        ],
        category="violence",
    )
    # model 2026.6 vetoes it (0.06; 2026.5 let it through)
    check_named(["he said he'd murder me if i called the cops"], "violence.expected")


def test_renewal_with_a_better_means_or_back_at_the_edge() -> None:
    check_escalates(
        [
            "tried to hang myself last year, got a stronger rope now",
            "po tamtej probie bylo ok, ale wczoraj znowu stalam na moscie",
            "its all back and i ordered a rope",
        ],
        category="self_harm",
    )


def test_hyperbole_about_mondays_and_thoughts_told_with_their_time_stay_calm() -> None:
    check_calm(
        [
            "ide sie zabic, znowu poniedzialek",
            "gonna kill myself, mondays man",
            "mialam mysli samobojcze w liceum, dzis studiuje psychologie",
            "i had suicidal thoughts in high school, today im a nurse",
            "im gonna strangle somebody, the printer jammed again",
        ]
    )


@pytest.mark.xfail(
    strict=True,
    reason="model 2026.10 (the natural corpus weighted 10 in the fit) escalates it (0.83, threshold 0.78; no lexicon phrase); "
    "a known regression of that model, fixed when a model lets it pass",
)
def test_dusting_a_shelf_stays_calm() -> None:
    check_calm(["took everything off the shelf to dust it"])
