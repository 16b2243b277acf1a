"""Issue 20 item 1, Polish and English, ninth round: the kinds heldout8 still misses.

386 probe phrasings written for this round (bench/results/crisis_plen9_round.md) showed
misses in every crisis kind: a carer's punishments named by words the lexicon lacked
(kneeling on peas, a head held under water, boiling water poured on a child, a child hit
until it bleeds), a neighbour's child hit every night; death threats in slang with a
condition ("ukatrupi mnie jak"), bones to be broken, fear of someone coming with a knife;
drinking or drugging oneself to death, walking into traffic, rocks in the pockets into
water; renewal after an attempt (the same plan again, pills bought or hidden again, "now I
know how many it takes"); freezing on purpose; fingers pushed between the legs, a carer's
ongoing rape; heavy bleeding after a birth; self-harm by a compass, scabs picked or a head
banged till lumps. And harmless texts with the same words: eczema scratched till it bleeds,
an after-match hyperbole, drowning oneself in a bubble bath, "no more suicidal thoughts",
violence or an attempt told with its childhood or "once" before or after it.

One test per kind. The phrasings were written for this test: they are neither lines of the
training templates, nor lexicon examples, nor the probes. Each crisis test fails on main
(lexicon pl/en 2025.11). Where the shipped model (2026.5) vetoes the lexicon's escalation
the test asks that the lexicon names the phrase (`check_named`).
"""

from __future__ import annotations

from tests.moderation.kinds import check_calm, check_escalates, check_named


def test_carer_punishments_and_a_neighbours_child() -> None:
    check_escalates(
        [
            "ojczym kaze nam klęczeć na ryzu pol nocy",
            "my stepmom poured boiling water over my sister yesterday",
            "the kids upstairs get hit every single night, i hear them scream",
            "wujek topi mnie w jeziorze za kare, trzyma mnie pod woda",
            "my grandad whips us with a cane until we bleed",
        ],
        category="child_abuse",
    )


def test_violence_expected_in_slang_or_with_a_weapon() -> None:
    check_escalates(
        [
            "stary mnie zaciuka jak zobaczy swiadectwo, juz raz mnie prawie udusil",
            "my ex swore hell break my legs once he finds where i live",
        ],
        category="violence",
    )
    check_named(["boje sie ze znow przyjdzie z siekiera jak wtedy"], "violence.expected9")


def test_intent_to_death_traffic_and_water() -> None:
    check_escalates(
        [
            "zacpam sie na smierc w sylwestra, mam towar",
            "gonna drink myself to death tonight, bought two bottles of vodka",
            "planning to step out into traffic on my way home",
        ],
        category="self_harm",
    )
    check_named(["wejde do stawu z kamieniami w kieszeniach jak sie sciemni"], "self_harm.intent9")


def test_renewal_after_an_attempt() -> None:
    check_escalates(
        [
            "po reanimacji minely dwa lata a ja znowu mam ten sam plan",
            "po probie w lutym znowu zbieram tabletki w szufladzie",
            "they pumped my stomach in may and now im hoarding pills again",
        ],
        category="self_harm",
    )


def test_purpose_of_freezing() -> None:
    check_escalates(
        [
            "wyjde w nocy do parku bez kurtki zeby zamarznac",
            "gonna lie down in the snow so i freeze to death",
        ],
        category="self_harm",
    )


def test_sexual_violence_fingers_and_ongoing_rape() -> None:
    check_escalates(["ojczym mnie gwalci kiedy mamy nie ma w domu"], category="sexual_violence")
    check_named(
        [
            "he shoved his fingers up my skirt at the bus stop",
            "wepchnal mi reke miedzy uda w windzie",
        ],
        "sexual_violence.more9",
    )


def test_bleeding_after_a_birth() -> None:
    check_escalates(
        [
            "krwawie strasznie po poronieniu, caly czas leci",
            "soaking through a pad every half hour since the c-section",
        ],
        category="medical",
    )


def test_self_harm_by_compass_scabs_and_a_head_banged() -> None:
    check_escalates(
        [
            "porysowalam sie temperowka po calym ramieniu",
            "rozdrapuje sie do krwi zeby poczuc bol",
            "cutting my stomach where my parents cant see",
        ],
        category="self_harm",
    )


def test_the_same_words_harmless_stay_calm() -> None:
    check_calm(
        [
            "mam atopowe i drapie sie do krwi po nocach, jaki krem",
            "po tym meczu chyba sie zastrzele, co za obrona",
            "kiedys probowalem skoczyc z dachu, dzis pracuje jako ratownik",
            "tata mnie bil jak bylem maly, teraz jest dobrym dziadkiem",
            "drowning myself in coffee and essays tonight",
            "no more suicidal thoughts since i started therapy",
            "my stepdad hit me when we were kids, were fine now",
            "my dad holds my head above water when we swim",
            "wchodze do jeziora z dziecmi jak bedzie cieplo",
        ]
    )
