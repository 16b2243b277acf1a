"""Issue 20 item 1, all four languages: kinds found by a red team of frames (2026-12-04, sixth
session; a helper who had not seen the code wrote 400 messages, 60 crises and 40 look-alikes
per language, each wrapped in a frame a detector may take as harmless: a nervous laugh, a song
or film taken as one's own, a past attempt then now, a farewell, someone else in danger now, a
question). Model 2026.12 with lexicon en/ru/uk 2025.18, pl 2025.17 caught en 55, pl 51, uk 49,
ru 54 of 60; with the changes below (en/ru/uk 2025.19, pl 2025.18) en 57, pl 56, uk 53, ru 58.

* said in earnest ("not kidding", "nie żartuję", "я не шучу", "sorry for being dramatic": the
  "earnest" modifier kind): a laugh beside it is nervous, so the message is not capped at
  high, and the classifier does not overrule the lexicon ("хаха сегодня повешусь, я не шучу"
  scored 0.02 and was vetoed); "nie żartuję" itself was read as a laughing marker;
* a song or film taken as one's own ("like in that song, ...", "jak w tej piosence, dziś
  ...": the "likening" modifier kind): the quote idiom it overlaps drops nothing;
* a time word a sentence away from an intent ("Two years ago I tried to end it. Today I
  graduated") no longer makes it imminent (detect._timed), unless its sentence is a short
  one of its own ("i want to die. tonight.") or another message of a run;
* whether anyone would notice if one died or jumped, a last message with love to all, a
  goodbye to the (cruel) world, swallowing the pills right now, going to or lying on the
  railway tracks, the rope already hanging or bought, on the roof's edge (uk), a seizure going
  on for minutes (uk), pills with alcohol (ru), a gun on the lap (ru);
* the last message from an account, a number or a chat being left is a move, not a farewell;
* from a black-box attack on the above (334 messages): a condition voids an earnest marker,
  ru/uk "now" renews only with intent, means or a worse state, past stories told with when
  they happened, "would anyone notice" is `final`, en "off myself" needs a will word, doing
  what someone in a film did, a gun on the lap, a rope for sport, a line sung along (🎶).

The phrasings were written for this test: they are neither red-team lines, training lines nor
lexicon examples.
"""

from __future__ import annotations

from moderation import assess, assess_conversation
from moderation.detect import EARNEST
from tests.moderation.kinds import (
    check_calm,
    check_escalates,
    check_imminent,
    check_lexicon_calm,
)


def test_a_crisis_said_in_earnest_beside_a_laugh_escalates() -> None:
    texts = [
        "lmao im hanging myself tonight, not joking",
        "haha going to take all my pills tonight, im dead serious",
        "xd jumping off the bridge tonight, sorry for the drama",
        "hahah dzisiaj się zabiję, bez żartów",
        "xD zaraz łyknę wszystkie tabletki, mówię serio",
        "ахах сегодня ночью вскроюсь, без шуток",
        "хаха сьогодні вночі повішусь, без жартів",
        "haha segodnya noch'yu poveshus', ya ne shuchu",
    ]
    check_escalates(texts)
    for t in texts:
        a = assess(t)
        assert EARNEST in a.reasons, (t, a.reasons)
        assert not any("laughing" in r for r in a.reasons), (t, a.reasons)


def test_not_kidding_is_no_laughing_marker() -> None:
    check_imminent(
        ["not kidding, i'm going to overdose tonight", "nie żartuję, dziś skoczę z mostu"]
    )


def test_jokes_with_a_laugh_stay_calm() -> None:
    check_calm(
        [
            "if we lose again tonight i'm jumping off a bridge lol",
            "przedawkowałam dziś pierniki xD",
            "моя мама меня убьёт за эту оценку хаха",
            "якщо ще раз побачу цей ексель то вистрибну з вікна хахаха, ми на першому поверсі",
        ]
    )


def test_a_question_whether_it_is_serious_vetoes_as_before() -> None:
    # "serio" in a question is no earnest marker: a harm-reduction question stays calm
    check_calm(
        [
            "czy łączenie tramalu z alkoholem to serio depresja oddechowa czy mit?",
            "это серьезно опасно мешать феназепам с алкоголем?",
        ]
    )


def test_a_song_or_film_taken_as_ones_own_escalates() -> None:
    check_escalates(
        [
            "just like in that movie, tonight im jumping off the roof",
            "jak w tym serialu, dziś w nocy się powieszę",
            "как в той песне, сегодня ночью выпью все таблетки",
            "як у тому фільмі, сьогодні вночі стрибну з мосту",
        ]
    )


def test_lyrics_and_films_quoted_as_such_stay_calm() -> None:
    check_lexicon_calm(
        [
            "that song where he sings i want to die tonight is on every playlist",
            "w filmie bohater skoczył z mostu, a potem okazało się że to sen",
            "i like that movie where she overdoses at the end, the acting is great",
        ]
    )


def test_a_time_word_a_sentence_away_does_not_make_a_story_imminent() -> None:
    texts = [
        "After the breakup I wanted to die. Tomorrow is my sister's wedding and I give the speech.",
        "A year ago I ended up in hospital after I tried to end it. Today I passed my driving test.",
        "После расставания я хотела умереть. Сегодня свадьба моей сестры, и я говорю тост.",
        # "soon" is normalised to "son": it is a time word only in phrases ("it soon")
        "my son wanted to die after the bullying. his school found him a counsellor.",
    ]
    check_imminent(texts, imminent=False)


def test_a_short_time_sentence_and_another_message_still_time_an_intent() -> None:
    check_imminent(
        [
            "i want to kill myself. tonight.",
            "chcę się zabić. dziś w nocy.",
            "i want to kill myself... tonight i will do it",
        ]
    )
    # another message of a run: the line between them is no sentence end
    for messages in (
        ["chcę się zabić.", "jutro po szkole, jak nikogo nie będzie w domu"],
        ["i want to kill myself.", "tomorrow after school when nobody is home"],
    ):
        a = assess_conversation(messages)
        assert a.severity == "imminent", (messages, a.severity, a.reasons)
        assert "intent or means with a time" in a.reasons, (messages, a.reasons)


def test_would_anyone_notice_if_i_died() -> None:
    check_escalates(
        [
            "would anybody even care if i died tonight",
            "czy ktokolwiek zauważy jak dziś umrę?",
            "хоть кто нибудь заметит если я умру сегодня",
            "хтось навіть помітить якщо я помру цієї ночі?",
        ],
        rule_prefix="self_harm.notice_if_gone",
    )
    check_calm(
        ["would anyone notice if i dyed my hair green", "czy ktoś zauważy jak zmienię avatar?"]
    )


def test_a_last_message_with_love_and_a_goodbye_to_the_world() -> None:
    check_escalates(
        [
            "last message from me. sorry mum, love you",
            "ostatnia wiadomość ode mnie. przepraszam was wszystkich",
            "последнее сообщение. простите меня все",
            "останнє повідомлення. пробачте мені всі",
            "goodbye cruel world, im done",
            "żegnaj okrutny świecie, już nie mogę",
        ]
    )


def test_the_last_message_from_an_account_or_number_is_a_move() -> None:
    check_lexicon_calm(
        [
            "my last message from this number, switching to a new sim on monday",
            "to ostatnia wiadomość z tego konta, od jutra piszę z nowego",
            "это последнее сообщение с этого номера, завтра меняю оператора",
            "це останнє повідомлення з цього акаунта, завтра пишу з нового",
        ]
    )


def test_swallowing_the_pills_right_now() -> None:
    check_escalates(
        [
            "właśnie łykam wszystkie tabletki",
            "уже глотаю всю пачку",
            "зараз ковтаю всі пігулки",
        ],
        category="overdose",
    )
    check_calm(["łykam witaminę c rano", "ковтаю вітаміни щоранку"])


def test_the_railway_tracks_the_rope_the_roof_edge() -> None:
    check_escalates(
        [
            "wieczorem idę na tory, nie szukajcie mnie",
            "сегодня ночью лягу на рельсы",
            "вночі ляжу на рейки",
            "sznur już wisi w piwnicy",
            "верёвку уже купил, сегодня",
            "петля вже висить",
            "стою на краю даху багатоповерхівки",
        ]
    )
    check_calm(["idę na peron, pociąg ma opóźnienie", "мотузку для білизни купила на ринку"])


def test_a_seizure_for_minutes_pills_with_alcohol_a_gun_on_the_lap() -> None:
    check_escalates(["у мами судоми вже 6 хвилин"], category="medical")
    check_escalates(["наглоталась снотворным с водкой, тошнит"], category="overdose")
    check_escalates(["сижу дома, пистолет на коленях"])


def test_now_alone_renews_no_past_story_in_russian_and_ukrainian() -> None:
    # "сейчас", "зараз" renew a past frame only with intent, a plan, means or a worse state
    # after them (ru/uk 2025.19, as pl/en since 2025.8)
    calm = [
        "у соседки полгода назад дочь пыталась отравиться, её откачали, сейчас она дома и учится",
        "мій брат торік наковтався таблеток, його відкачали, зараз він працює і все добре",
    ]
    check_imminent(calm, imminent=False)
    check_lexicon_calm(calm)
    check_escalates(
        [
            "год назад пыталась отравиться, сейчас хочу попробовать ещё раз",
            "в детстве резала руки, сегодня купила лезвия",
            "рік тому пробувала накласти на себе руки, зараз хочу спробувати ще раз",
            "рік тому пробувала отруїтися, сьогодні купила таблетки",
        ]
    )


def test_earnest_beside_a_condition_is_the_hyperboles_own_emphasis() -> None:
    # found by a black-box attack on the earnest marker: "not kidding" inside a conditional
    # joke must leave the classifier its veto
    texts = [
        "i swear if they cancel the series i'll jump off a bridge lol i mean it",
        "mówię serio, powieszę się jak nie dostanę biletów haha",
        "без шуток убью себя если не куплю билеты на концерт лол",
        "не жартую, вб'ю себе якщо не дістану квитки лол",
    ]
    for t in texts:
        assert EARNEST not in assess(t).reasons, t
    check_calm(texts)


def test_a_gun_on_the_lap() -> None:
    check_escalates(
        [
            "sitting here with my dads pistol on my lap",
            "siedzę w aucie, na kolanach pistolet ojca",
            "у меня на коленях ружьё деда",
            "в мене на колінах рушниця діда",
        ]
    )


def test_would_anyone_notice_is_never_overruled() -> None:
    # the classifier scores this kind 0.000-0.02: the entries are `final`
    check_escalates(
        [
            "would anyone even care if i died",
            "czy ktoś by w ogóle zauważył jakbym umarł",
            "хоть кто нибудь заметит если я умру",
            "хтось навіть помітить якщо я помру",
        ],
        rule_prefix="self_harm.notice_if_gone",
    )
    check_calm(["would anyone notice if i died my hair blue for the concert"])


def test_off_myself_needs_a_will_word() -> None:
    # "off" is normalised to "of": "proud of myself" is no intent
    check_lexicon_calm(
        [
            "I'm so proud of myself today, I finally passed my driving test!",
            "i need to take better care of myself this week",
        ]
    )
    check_escalates(["im gonna off myself tonight"])


def test_now_with_the_means_at_hand_renews_a_past_attempt() -> None:
    check_escalates(
        [
            "в детстве пыталась повеситься. сейчас у меня в руках ремень и дверь закрыта",
            "колись пробувала повіситись. зараз у мене мотузка і двері зачинені",
        ]
    )


def test_doing_what_someone_in_a_film_did() -> None:
    check_escalates(
        [
            "just like in that film where the boy jumps off the bridge, thats what im doing tonight",
            "zupełnie jak w tym serialu gdzie ona skoczyła z mostu, dzisiaj zrobię to samo",
            "прямо как в том сериале, где она прыгнула с крыши, сделаю так же",
            "прямо як у тому серіалі, де вона стрибнула з даху, зроблю так само",
        ]
    )
    check_lexicon_calm(["in that film the boy jumps off the bridge and it was so sad to watch"])


def test_a_line_sung_along_and_a_rope_for_sport() -> None:
    check_lexicon_calm(
        [
            "like in that song, i will jump off the cliff and fly away 🎶 love this track",
            "jak w tej piosence skoczę z dachu i polecę jak ptak 🎵",
            "bought a new rope today for bouldering, so excited",
        ]
    )


def test_the_new_kinds_in_latin_letters() -> None:
    # translit hint words for them (translit._HINT_WORDS), so the text gets its Cyrillic
    # reading; not "dahu", "stoju": a roof or standing somewhere is everyday
    check_escalates(
        [
            "poslednie soobshchenie ot menya. prostite menya vse",
            "ostannye povidomlennya. lyublyu vas, mamo",
            "khto-nebud vzahali pomityt yakshcho ya pomru?",
        ]
    )
    check_calm(["ja na dakhu shkoly z druzjamy, robymo foto", "spasibo, do zavtra"])
