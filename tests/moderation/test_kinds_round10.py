"""Issue 20 item 1, all four languages, tenth round: false alarms of the lexicon's
"imminent" (never vetoed) on an overdose that is no emergency now.

Found by a probe of model 2026.8 and by the development set's false alarms: an overdose or
an attempt told with its year or "N years ago" before it ("в 2015 у мене був передоз"), an
age told after the story ("сейчас мне 30"), "never again" (whose "again" renewed the past
frame), and a general question about what to do if someone overdoses ("co robic jak ktos
przedawkowal?"). Each escalated as imminent on main (lexicon en/pl 2025.12, ru/uk 2025.13),
and the classifier may not overrule an imminent verdict. The counterparts keep escalating:
a named person who overdosed, and the past renewed by intent now.

The phrasings were written for this test: they are neither training lines nor lexicon
examples.
"""

from __future__ import annotations

import pytest

from tests.moderation.kinds import check_calm, check_escalates


def test_a_past_overdose_told_with_its_year_or_time_ago() -> None:
    check_calm(
        [
            "w 2018 przedawkowalem heroine, dzis mam prace i rodzine",
            "in 2017 i overdosed on heroin, never again, 6 years clean",
            "в 2016 году был передоз, после этого завязал",
            "три года назад у меня был передоз метадоном, теперь на программе",
            "у 2020 році в мене був передоз, зараз все добре",
            "чотири роки тому передознувся, відтоді не вживаю",
        ]
    )


def test_an_age_told_after_a_past_attempt() -> None:
    check_calm(
        [
            "в 15 лет наглотался таблеток, теперь мне 40 и я волонтер",
            "в 14 років наковталась пігулок, тепер мені 27, працюю медсестрою",
        ]
    )


def test_a_question_about_someone_overdosing() -> None:
    check_calm(
        [
            "jak pomoc jesli ktos przedawkuje na domowce?",
            "how do you know if someone overdosed or just passed out drunk?",
            "как понять что человек передознулся, а не просто спит?",
            "як допомогти якщо людина передознулась на вечірці?",
            "что делать если у подруги передоз? чисто гипотетически",
        ]
    )


def test_a_named_person_or_renewed_intent_still_escalates() -> None:
    check_escalates(
        [
            "kumpel przedawkowal i nie mozemy go dobudzic",
            "my roommate overdosed and hes barely breathing",
            "брат передознулся, синеет, что делать",
            "подруга передознулась, не дихає нормально",
        ],
        category="overdose",
    )
    check_escalates(
        [
            "в 2019 я передознулся, а сегодня опять хочу взять столько же чтобы наверняка",
            "в 16 років наковталася таблеток, а тепер знову хочу, вже купила",
        ]
    )


def test_violence_told_with_its_time_is_a_story_of_the_past() -> None:
    check_calm(
        [
            "when i was 11 my stepmom choked me, im 29 now and finally in therapy",
            "i got assaulted in 2014 at a festival, i want to talk about it with someone",
            "8 lat temu ojczym mnie pobil, dzis nie mamy kontaktu",
            "w dziecinstwie wujek mnie molestowal, chce o tym porozmawiac z terapeutka",
            "в детстве отчим меня избивал, хочу понять как с этим жить",
            "у дитинстві вітчим мене бив, зараз мені 33",
        ]
    )


def test_violence_of_the_past_that_goes_on_still_escalates() -> None:
    check_escalates(
        [
            "years ago my dad beat me, now he beats my little sister every night",
            "he raped me when i was asleep at his place last night",
            "kilka lat temu ojciec mnie lal, a teraz bije mlodszego brata",
            "в детстве отец меня бил, а сейчас опять бьет маму",
        ]
    )


def test_a_quoted_line_of_a_song_a_film_or_the_news_is_quoted_not_said() -> None:
    check_calm(
        [
            'the chorus goes "i just want to end it all tonight", who sings that?',
            "w serialu bohaterka mówi „nie chcę już żyć” i wtedy się zaczyna akcja",
            'в новостях заголовок "подросток наглотался таблеток", ужас какой',
            "у пісні є рядок «я стрибну з мосту», як називається гурт?",
        ]
    )


def test_a_quote_with_the_visitors_own_words_or_someone_elses_threat_escalates() -> None:
    check_escalates(
        [
            'my ex texted me "im going to kill you tonight"',
            'в песне поется "я хочу умереть", и я сейчас хочу того же, таблетки уже тут',
            "ten kawałek „chcę umrzeć” to ja, dziś to zrobię, mam tabletki",
        ]
    )


def test_the_past_with_danger_now_still_escalates() -> None:
    """Found by attacking the frames above (2026-12-04): the same person here or coming now,
    the same done to someone else, a clock time or "since 2019" read as the past, a question
    asked while it happens, a post or a message quoted in a report."""
    check_escalates(
        [
            "he raped me 2 years ago and he got out of prison last week, hes outside my door",
            "my bf choked me at 5 this morning and i cant swallow, hes asleep next to me",
            "my stepdad abused me as a child and hes doing the same thing to my brother",
            "od 2019 cpam, wczoraj przedawkowalam i dalej mi zle, serce wali",
            "в детстве отчим меня бил и до сих пор бьет, мне 13",
            "що робити коли хтось передознувся прямо зараз у мене в квартирі",
            'my sister just posted on tiktok "im going to kill myself" what do i do',
            'dostalam od niego wiadomosci "zabije cie suko", jest pod moim blokiem',
            'the line "i dont want to live anymore" from that movie is exactly how i feel',
        ]
    )


def test_a_roof_sought_for_a_parachute_jump_is_sport() -> None:
    check_calm(
        [
            "ищем крышу чтобы прыгнуть с парашютом, кто знает место?",
            "шукаємо дах щоб стрибнути з парашутом, є ідеї?",
        ]
    )


def test_a_stabbing_a_beating_and_heavy_bleeding_said_plainly() -> None:
    """Found by the same attack, wrong before round 10 too: no phrase named them."""
    check_escalates(
        [
            "he stabbed me in 3 places im bleeding so much",
            "меня пырнули ножом, кровь не останавливается",
            "мене пирнули ножем біля під'їзду",
            "dzgnal mnie nozem w brzuch",
            "муж избивал меня всю ночь",
        ]
    )
    check_calm(["my best friend stabbed me in the back, never trusting her again"])


@pytest.mark.xfail(
    strict=True,
    reason="model 2026.10 (the natural corpus weighted 10 in the fit) vetoes the lexicon here (0.05, veto 0.10: it reads the childhood story); "
    "a known regression of that model, fixed when a model reads the renewal",
)
def test_a_childhood_beating_renewed_by_a_broken_nose_yesterday() -> None:
    check_escalates(["jako dziecko ojciec mnie bil, wczoraj zlamal mi nos"])


def test_a_carer_who_beat_a_child_in_the_perfective() -> None:
    """Polish "zbił"/"sprał" (beat up, perfective) was no verb of the lexicon's hitting (pl
    2025.14 adds them): model 2026.10 read "tata mnie znowu zbil pasem za oceny, mam 11 lat"
    0.78, at its threshold. A broken glass, a phone or a lost match are no beating."""
    check_escalates(
        [
            "ojczym zbił mnie wczoraj kablem od żelazka",
            "mama mnie znowu sprała, mam siniaki na plecach",
        ]
    )
    check_calm(["zbili nas w meczu 3:0", "kolega zbił mi telefon", "zbiłam szklankę przy zmywaniu"])


def test_a_planned_stabbing_of_a_named_other() -> None:
    """Found by a probe of model 2026.10 (0.69, no phrase): "going to ... stabbing the kid" (a
    gerund, "the kid" rather than a pronoun), and Polish "dźgnę go". A game, a ball or an exam
    "killed" are no threat."""
    check_escalates(
        [
            "on monday im going to the park and stabbing the boy who robbed me",
            "po lekcjach dźgnę go cyrklem, mam dosyć",
        ]
    )
    check_calm(["gonna kill the boss in level 3 tonight", "going to stab the ball with a fork lol"])


def test_a_sport_jump_is_no_jump_off_a_bridge() -> None:
    """Found by a probe of model 2026.11: "watched a bungee jump off a bridge video, insane"
    escalated as imminent by the lexicon's jump entry (the classifier read 0.002 but may not
    overrule "imminent"). A bungee, BASE, parachute or ski jump is sport (en 2025.15, as
    pl/ru/uk already read it); a jump off a bridge said of oneself, even beside a bungee jump,
    is not."""
    check_calm(
        [
            "watched a bungee jump off a bridge video, insane",
            "my brother did a tandem parachute jump from 4000 m for his birthday",
        ]
    )
    check_escalates(
        [
            "im going to jump off the bridge tonight",
            "i will jump off the bridge like a bungee jump but with no rope",
        ]
    )


def test_going_onto_the_tracks_with_a_farewell() -> None:
    """Found by a probe of model 2026.11: "йду зараз на колію, не шукайте мене" (0.63, no
    phrase: the lexicon's tracks entry wanted a purpose, "щоб..."). Onto the tracks with a
    farewell right after is a plan (ru/uk 2025.15); a trip to photograph trains, or meeting a
    train with an apology for being late, is not."""
    check_escalates(
        [
            "йду зараз на колію, не шукайте мене",
            "jdu zaraz na koliju, ne shukajte mene",
            "пошла на рельсы. прощайте все",
        ]
    )
    check_calm(
        [
            "йду на колію фотографувати потяги, не шукайте мене до вечора",
            "иду на пути встречать поезд, простите что опоздаю",
        ]
    )
