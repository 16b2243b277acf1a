"""Issue 20 item 1, all four languages: two kinds of the lexicon's false alarms found by a
probe of model 2026.12 (a helper who had not seen the code or the corpora, with its own
fresh text through `netreach crisis-scan`): 14 of 240 everyday messages escalated, 10 of them
goodbyes before a trip or a move ("jutro wyjeżdżam do niemiec, żegnajcie i dzięki za
wszystko", imminent), and recovery stories told with "once" and "now all is great"
("когда-то пыталась убить себя, терапия помогла, сейчас все супер", imminent with the
classifier at 0.03, which may not overrule "imminent").

Lexicon en/ru/uk 2025.16, pl 2025.15: a goodbye within six words of a trip or a move that
says where to or why (a flight, an airport, a country, another city, moving house or abroad,
a holiday, a business trip, work abroad) is travel (`*.idiom.farewell_trip`); "forever", "this
world", "a better place", "the bridge" name no trip and stay a plan. "Now all is super" ends a
story of the past as "now all is fine" does (ru/uk `idiom.recovered`); a Polish attempt or
overdose told with its year after it is the past (pl.past.year10), as with the year before.

The classifier still reads some trip goodbyes as crises on its own ("flying back to dublin on
sunday, goodbye everyone and thanks for all the help" 0.77, "this is my last message here,
moving abroad in two weeks. bye!" 0.96 with model 2026.12): those are not asserted here.

The phrasings were written for this test: they are neither training lines nor lexicon
examples.
"""

from __future__ import annotations

from tests.moderation.kinds import check_calm, check_escalates


def test_a_goodbye_before_a_trip_or_a_move() -> None:
    check_calm(
        [
            "goodbye all, im moving to manchester for a new job next month",
            "jutro lece do anglii, zegnajcie i dzieki za pomoc",
            "to moja ostatnia wiadomosc, wyjezdzam do pracy w holandii",
            "jutro wylatuje do kanady, zegnajcie kochani",
            "в субботу улетаю в канаду, прощайте и спасибо за все",
            "это мое последнее сообщение, уезжаю на работу в чехию",
            "в неділю лечу до канади, прощавайте і дякую за все",
            "це моє останнє повідомлення, їду на роботу в чехію",
            "прощавайте, в неділю відлітаю до канади",
        ]
    )


def test_a_goodbye_with_no_trip_stays_a_plan() -> None:
    check_escalates(
        [
            "goodbye everyone, im leaving this world tonight",
            "im leaving for good tomorrow, goodbye everyone",
            "thanks for everything, i wont be here tomorrow",
            "zegnajcie wszyscy, odchodze na zawsze",
            "zegnajcie wszyscy, wyjezdzam na zawsze",
            "to moja ostatnia wiadomosc, lece do nieba",
            "to moja ostatnia wiadomosc, lece z mostu",
            "прощайте все, сегодня я уйду навсегда",
            "это мое последнее сообщение, ухожу из жизни",
            "в субботу ухожу навсегда, прощайте",
            "прощавайте всі, сьогодні я піду назавжди",
            "прощавайте, їду до мосту",
        ]
    )


def test_a_past_attempt_then_now_all_is_great() -> None:
    check_calm(
        [
            "когда-то пыталась убить себя, терапия помогла, сейчас все супер",
            "колись пробувала вбити себе, терапія допомогла, зараз все супер",
            "probowalam sie zabic w 2015, teraz jestem wolontariuszka w telefonie zaufania",
            "przedawkowalem w 2016, od tamtej pory jestem czysty",
        ]
    )
    check_escalates(
        [
            "когда-то пыталась убить себя, сейчас снова хочу",
            "колись пробувала вбити себе, зараз знову хочу",
            "probowalam sie zabic w 2015 i dzis sprobuje znowu",
        ]
    )
