"""Issue 20 item 1, all four languages: kinds found by a probe of model 2026.13 (2026.12's
weights with a veto of the lexicon's "imminent" in long messages, withdrawn; a helper who
had not seen the code or the corpora wrote 400 long messages, 12-45 words, 200 of them crises
and 200 harmless with crisis words: jokes, sports, quotes and news, others' past, ordinary
illness, goodbyes before travel or a new job, harm-reduction questions). Crises 196 of 200
escalated; 41 of the harmless ones did, about half of them on the classifier alone (long
harmless messages score high: not asserted here).

Lexicon en 2025.17, pl 2025.16, ru/uk 2025.17 (and the red-team kinds at the end, en/ru/uk
2025.18, pl 2025.17):

* going, moving or leaving for "the other world" or "a better world" in the first person or
  with "time to" is an immediate intent (`*.self_harm.other_world`, weight 4: the classifier
  scores these euphemisms low, 0.01-0.07, and would have vetoed a plain intent); "she went to
  a better world" (she died) and "mum will send me to the other world" (a joke) are not;
* a trip's goodbye also when the trip is camping, hiking, a festival or seasonal work abroad
  (the TRIP sets of `*.idiom.farewell_trip`);
* "my last message" on one's last day at a job or before retiring (ru/uk
  `idiom.last_day_job`), a goodbye with a next visit or message in it (ru/uk
  `idiom.farewell_see_you`; "see you" itself is left out: it may be on the other side);
* the news reporting what happened to someone else (en `idiom.news_about`, pl `idiom.quoted`:
  "the news said a man was found unconscious", "w wiadomościach mówili że ... przedawkował"),
  third person only.

The phrasings were written for this test: they are neither training lines nor lexicon
examples.
"""

from __future__ import annotations

from tests.moderation.kinds import check_calm, check_escalates, check_lexicon_calm


def test_going_to_the_other_world_is_an_intent() -> None:
    check_escalates(
        [
            "всем спасибо, пора мне на тот свет",
            "прощайте ребята, ухожу в лучший мир сегодня",
            "дякую всім, пора мені на той світ",
            "бувайте, переїжджаю у кращий світ",
            "dzieki za wszystko, czas na mnie na tamten swiat",
            "zegnam, dzis ide na tamten swiat",
        ]
    )


def test_someone_gone_to_a_better_world_or_a_joke_is_not() -> None:
    check_calm(
        [
            "дедушка давно ушел в лучший мир, сегодня его день рождения, вспоминаем",
            "тато за таку оцінку відправить мене на той світ 😂",
            "dziadek odszedł do lepszego świata trzy lata temu, dziś rocznica",
        ]
    )


def test_a_goodbye_before_camping_a_festival_or_seasonal_work() -> None:
    """The classifier alone still escalates some of these (a long goodbye scores high:
    "this is my last message for a week, going camping in the lakes with no phone" 0.94)."""
    check_lexicon_calm(
        [
            "this is my last message for a week, going camping in the lakes with no phone",
            "to moja ostatnia wiadomosc na tydzien, jade pod namiot w gory",
            "прощайте всі, в понеділок їду в польщу на заробітки",
            "это мое последнее сообщение на неделю, уезжаю на заработки",
        ]
    )


def test_a_last_message_on_the_last_day_at_work_or_before_retiring() -> None:
    check_lexicon_calm(
        [
            "это мое последнее сообщение в группе, сегодня последний день в цеху, спасибо всем",
            "это мое последнее сообщение в этом чате, с понедельника ухожу на пенсию",
            "це моє останнє повідомлення тут, сьогодні останній день на заводі",
            "це моє останнє повідомлення в чаті, з понеділка йду на пенсію",
        ]
    )


def test_a_goodbye_with_a_next_visit_or_message() -> None:
    check_calm(
        [
            "прощайте, кафе закрывается, заходите к нам в новое место на соборной",
            "прощавайте, завтра переїжджаю, напишу як влаштуюсь",
        ]
    )


def test_a_goodbye_with_no_next_meeting_stays_a_plan() -> None:
    check_escalates(
        [
            "прощайте все, больше не напишу никогда",
            "прощавайте всі, більше не напишу",
            "прощайте, увидимся на том свете",
        ]
    )


def test_the_news_about_someone_else() -> None:
    check_calm(
        [
            "the news said a woman in leeds was found unconscious after mixing pills, scary stuff",
            "w wiadomosciach mowili ze w Poznaniu student przedawkowal i go odratowali",
        ]
    )


def test_a_crisis_after_the_news_is_still_a_crisis() -> None:
    check_escalates(
        [
            "the news said a man overdosed downtown, and i just took all my pills too",
            "w wiadomosciach mowili o przedawkowaniach a ja wlasnie wzialem cale opakowanie tabletek",
        ]
    )


def test_what_a_red_team_found_missing_is_an_immediate_danger() -> None:
    """Kinds a red-team helper found unread (lexicon en/ru/uk 2025.18, pl 2025.17): a noose
    ready without the neck named, a gun held to one's head, being strangled right now, on a
    roof or a bridge and about to jump (ru/uk), "petlya gotova" in Latin letters."""
    check_escalates(
        [
            "petla juz jest gotowa, zrobie to w nocy",
            "mam petle gotowa pod lozkiem i nikt nie wie",
            "got my dads gun to my head right now",
            "my husband is choking me, i locked myself in the bathroom",
            "я на краю даху і зараз стрибну, вибачте",
            "стою на мосту, через пару минут прыгну",
            "держу ствол у виска",
            "petlya uzhe gotova",
        ]
    )


def test_a_programming_loop_or_a_water_pistol_is_not() -> None:
    check_calm(
        [
            "pętla while jest gotowa, teraz testy jednostkowe",
            "kupiłam synowi pistolet na wodę na lato",
            "this scarf is choking me, too tight",
        ]
    )
