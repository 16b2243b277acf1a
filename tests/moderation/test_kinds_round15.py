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

from tests.moderation.kinds import check_escalates, check_lexicon_calm


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
