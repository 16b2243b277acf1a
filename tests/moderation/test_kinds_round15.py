"""Issue 20 item 1, all four languages: a crisis phrase in quotation marks in a text that names a
trend or a meme is quoted, as it was in one that names a song, a film or the news (the
`*.quoting10` modifier: lexicon en/ru/uk 2025.24, pl 2025.23; 2026-12-05, eighth session).
Found in a probe of long look-alikes (bench/crisis_natural/pending/probe18/, "бачили цей тренд
у тіктоці де люди пишуть «останнє повідомлення перед тим як мене не стане»", rated high); over
the 60,182 labelled lines of the corpora, the pending rounds and the development set it changes
two verdicts, both look-alikes calmed.

What it does not do: a TikTok, a reel or a post is no quotation (people post their own words
there: "my sister just posted on tiktok "im going to kill myself"" is a crisis, and calming it
was the first draft's mistake, caught by test_kinds_round10); the phrase must be in quotation
marks (a single quote is an apostrophe to the normaliser, so 'like this' quotes nothing), and a
crisis said outside them beside a trend is still said ("that meme is me, i have the pills
here").

The phrasings were written for this test: they are neither corpus lines nor lexicon examples.
"""

from __future__ import annotations

from tests.moderation.kinds import check_escalates, check_lexicon_calm, check_named


def test_a_crisis_phrase_quoted_from_a_trend_or_a_meme_is_quoted() -> None:
    check_lexicon_calm(
        [
            'my little sister keeps doing that tiktok trend where you say "i want to die" over a sad violin, its so cringe',
            'the new meme format is a cat with the caption "i will kill myself tonight" and everyone reposts it',
            "na tiktoku jest trend „chcę umrzeć” pod każdym filmikiem z poniedziałkiem, serio ludzie",
            'widziałaś ten mem z psem i podpisem "zabiję się jutro"? wszyscy to udostępniają',
            "в тиктоке новый тренд, пишут «я хочу умереть» под видео с котами, не понимаю юмора",
            "этот мем «завтра меня не станет» уже в каждом чате, надоел",
            "у тіктоці тренд, де всі пишуть «я хочу померти» під відео з понеділком, дивно",
            "цей мем «я сьогодні повішусь» з котом уже всюди, навіть мама скинула",
        ]
    )


def test_a_crisis_said_beside_a_trend_or_posted_still_escalates() -> None:
    check_escalates(
        [
            "moja siostra wrzuciła na tiktoka „dziś się zabiję”, co mam robić",
            "подруга выложила в тикток «я сегодня покончу с собой», что делать",
            "сестра виклала в тікток «я сьогодні вб'ю себе», що робити",
            'that "i want to die" trend is literally me, i have the pills here and i want to die tonight',
            "ten trend „nie chcę żyć” to ja, mam tabletki w ręce i chcę się dziś zabić",
            "этот тренд «хочу умереть» это я, я правда хочу покончить с собой сегодня",
            "цей тренд «хочу померти» це я, я справді хочу сьогодні вкоротити собі віку",
        ]
    )


# Where one is, said with a goodbye (`*.self_harm.farewell_at_place`, lexicon en/ru/uk
# 2025.25, pl 2025.24): a place where lives are ended (a bridge, a dam, the rails, a roof, the water) and
# within 15 words a farewell that only a last message says (love to my sister, tell my kids it
# was not their fault, forgive me if you can, he was the best). Neither is a signal alone.
# Found in the natural corpus' round 11 (pending/round11/, messages sent from the place, which
# model 2026.12 and the lexicon rated none): 13 of its crises are caught now; over the 60,182
# labelled lines no verdict changes for the worse. Its first drafts took everyday goodbyes too
# ("thanks for everything", "love you all", "don't call", "tell my mum", "don't look for me
# at the station", "won't write again today", "thanks for trying last week"), and a chat from
# a bridge in traffic or a lake on holiday escalated (a black-box attack, pending/attack20/):
# those are left to the classifier.
FAREWELL_AT_PLACE = [
    "standing at the railway footbridge now. tell my family i love them",
    "on the old pier, the tide is coming in. tell my kids i love them",
    "by the reservoir, its quiet. it wasnt your fault, any of it",
    "jestem na wiadukcie nad obwodnicą. już się nie odezwę",
    "siedzę na dachu bloku przy kominie. to nie wasza wina, żegnajcie",
    "на мосту через реку, холодно. больше не напишу, простите за все",
    "я у плотины, темно. прости если сможешь, я не виновата",
    "на греблі біля станції, темно. пробачте за все",
    "стою на переїзді, шлагбаум опустився. більше не напишу",
]


def test_a_farewell_said_from_a_place_of_danger_is_a_plan() -> None:
    check_named(FAREWELL_AT_PLACE, "self_harm.farewell_at_place")
    check_escalates(FAREWELL_AT_PLACE, category="self_harm")


def test_everyday_goodbyes_from_a_lake_or_a_bridge_are_not_that_plan() -> None:
    check_lexicon_calm(
        [
            "at the lake with my cousins all weekend, thanks for everything, see you monday",
            "on the bridge in traffic, dont call now, ill ring you back",
            "forgive me for the late reply, we were at the river with no signal",
            "kocham was! jesteśmy nad morzem, pogoda super, do zobaczenia",
            "na moście korek, nie dzwoń teraz, oddzwonię",
            "стою на перроне, поезд опаздывает, не звоните, я в метро потом",
            "мы на озере с друзьями, спасибо за все, до понедельника",
            "на даху кафе сидимо, передайте що я запізнюсь",
            "ми на озері, дякую за все, бувайте до понеділка",
            "on the motorway, bad signal, dont look for me at the station ill take a taxi",
            "fishing at the weir with grandpa, wont write again today, battery dying",
            "went up to the cliffs for a walk, feeling calmer, thanks for trying with me",
        ]
    )
