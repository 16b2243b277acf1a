"""Issue 20 item 1, all four languages: kinds found in the long crises of the natural corpus'
round 14 (bench/crisis_natural/pending/round14/, not trained on; 2026-12-05, seventh session).
Model 2026.12 with lexicon en/ru/uk 2025.19, pl 2025.18 missed them (severity none or concern);
lexicon en/ru/uk 2025.20, pl 2025.19 names them:

* sexual violence told without the word: he did not stop though she cried or said no; they
  did whatever they wanted with me; they got me drunk and undressed me (`*.sexual_violence.
  no_stop`; pl had the first of these);
* asking not to be saved or stopped ("don't try to save me", "nie ratujcie mnie",
  "не спасайте меня", "не рятуйте мене": `*.self_harm.dont_save`);
* an act dressed as an accident, asked about ("is there a way to make it look like an
  accident": `*.self_harm.staged_accident`, new for ru/uk);
* a car's exhaust as the means: a hose to the exhaust, sitting in a closed car or garage with
  the engine running (`*.means.exhaust`).

And one kind of false alarm: jumping out of the window of a ground floor where the speaker
lives or works (`*.idiom.ground_floor`), which the lexicon rated imminent; it is tied to where
the speaker is ("we live on the ground floor"), so "the 9th floor, not the ground floor" drops
nothing.

The phrasings were written for this test: they are neither round-14 lines nor lexicon examples.
"""

from __future__ import annotations

from tests.moderation.kinds import (
    check_escalates,
    check_imminent,
    check_lexicon_calm,
    check_named,
)


def test_sexual_violence_told_without_the_word_escalates() -> None:
    check_escalates(
        [
            "my ex came over last night and he didnt stop when i begged, i cant stop shaking",
            "at the party two guys got me wasted and then undressed me in the bathroom",
            "they did what they wanted with me in the back of the van",
            "wczoraj znajomi brata upili mnie i rozebrali, nic więcej nie pamiętam",
            "он не остановился, даже когда я кричала, теперь мне страшно выходить",
            "вчера на квартире меня напоили и раздевали, я почти ничего не помню",
            "він не зупинився, коли я просила, і тепер я боюся йому писати",
            "на вечірці мене напоїли і роздягали, я прокинулась у чужій кімнаті",
        ],
        category="sexual_violence",
    )
    # named, though the classifier may read a dormitory story as no crisis (0.02 with 2026.12)
    check_named(["w akademiku robili ze mną co chcieli, a potem się śmiali"], "sexual_violence")


def test_asking_not_to_be_saved_escalates() -> None:
    check_escalates(
        [
            "please dont try to save me tonight, i made up my mind",
            "nobody try to stop me, i'm done with all of it",
            "nie ratujcie mnie tym razem, mam dość",
            "proszę, nie próbujcie mnie zatrzymać, już postanowiłam",
            "не спасайте меня больше, я устал бороться",
            "не пытайтесь меня отговорить, я всё решил",
            "будь ласка, не рятуйте мене цього разу",
            "не намагайтеся мене відмовити, я все вирішила",
        ],
        category="self_harm",
        rule_prefix="self_harm.dont_save",
    )


def test_an_act_dressed_as_an_accident_asked_about_is_named() -> None:
    check_named(
        [
            "how to make it look like an accident so the kids get the life insurance",
            "jak zrobić, żeby wyglądało na wypadek, żeby mama dostała ubezpieczenie",
            "как сделать, чтобы выглядело как несчастный случай? не хочу позорить семью",
            "як зробити, щоб виглядало як нещасний випадок, щоб діти не знали правди",
        ],
        "self_harm.staged_accident",
    )


def test_a_cars_exhaust_as_the_means_is_named() -> None:
    check_named(
        [
            "found a hose that fits the exhaust pipe, going to the woods tonight",
            "ile czasu trzeba posiedzieć w zamkniętym aucie, żeby to zadziałało",
            "шланг на выхлоп уже купил, вечером поеду в лес",
            "купив шланг на вихлопну трубу, ввечері поїду в ліс",
        ],
        "means.exhaust",
    )


def test_the_new_kinds_leave_their_look_alikes_alone() -> None:
    check_lexicon_calm(
        [
            "don't stop me now, i'm having such a good time 🎶",
            "the exhaust pipe on my car is rattling, how much is a repair",
            "my parents let us do whatever we wanted at the lake",
            "nie próbujcie tego w domu, to był profesjonalny kaskader",
            "дети на продлёнке делали что хотели, учительница ушла",
            "у серіалі вбивця зробив так, що все виглядало як нещасний випадок",
            "дощ не зупинявся три дні, дорогу розмило",
        ]
    )


def test_jumping_out_of_a_ground_floor_window_is_hyperbole() -> None:
    check_lexicon_calm(
        [
            "one more meeting and im jumping out the window, luckily our office is on the ground floor",
            "jeszcze jedna lekcja matmy i wyskoczę przez okno, dobrze że klasa jest na parterze",
            "ещё одна такая планёрка и выпрыгну в окно, хорошо что мы сидим на первом этаже",
            "ще одна така нарада і вистрибну з вікна, добре що ми сидимо на першому поверсі",
        ]
    )


def test_a_ground_floor_elsewhere_keeps_the_jump() -> None:
    check_escalates(
        [
            "we live on the 12th floor, not the ground floor. i'm going to jump off the balcony tonight",
            "mieszkam na dziesiątym piętrze, nie na parterze. dziś wyskoczę z balkonu",
        ],
        category="self_harm",
    )


# From a black-box attack on the kinds above (bench/crisis_natural/pending/attack17/: a helper
# who saw no code, 120 messages): lexicon en/ru/uk 2025.21, pl 2025.20. Rescue threatened with
# acting sooner and a death planned not to look like suicide are `final`: the classifier read
# them as no crisis (0.02-0.1 with model 2026.12).


def test_acting_sooner_if_help_is_called_escalates() -> None:
    check_escalates(
        [
            "if anyone calls the cops i'll swallow them right away, so dont",
            "jak ktoś wezwie karetkę, to łyknę wszystko od razu",
            "позвонишь родителям — сразу наглотаюсь, я серьёзно",
            "подзвониш батькам — і я одразу наковтаюсь, я серйозно",
        ],
        category="self_harm",
        rule_prefix="self_harm.rescue_threat",
    )


def test_a_death_planned_not_to_look_like_suicide_escalates() -> None:
    check_escalates(
        [
            "the kids need the payout so this can't look like suicide. how",
            "mama ma dostać pieniądze z polisy, więc nie może to wyglądać na samobójstwo",
            "чтобы не было похоже на самоубийство, иначе страховку не дадут",
            "щоб не було схоже на самогубство, бо інакше страховку не виплатять",
        ],
        category="self_harm",
        rule_prefix="self_harm.conceal",
    )


def test_the_engine_left_running_in_a_closed_garage_is_named() -> None:
    check_named(
        [
            "ile trwa, jak zostawię silnik włączony w zamkniętym garażu",
            "сколько ждать, если двигатель работает в закрытом гараже",
            "скільки чекати, якщо двигун працює в закритому гаражі",
        ],
        "means.exhaust",
    )


def test_rescue_and_suicide_look_alikes_stay_calm() -> None:
    check_lexicon_calm(
        [
            "if you call the police they'll get here faster than the ambulance",
            "the detective said it didnt look like suicide, great episode",
            "jak zadzwonisz na 112, przyjadą szybciej niż taksówka",
            "если вызовете скорую ночью, приедут быстрее",
            "слідчий сказав, що це не було схоже на самогубство, серіал топ",
        ]
    )


# From a probe of long look-alikes (bench/crisis_natural/pending/probe18/: two helpers who saw
# no code wrote 300 long messages, 50 look-alikes and 25 crises per language; every crisis was
# caught, 78 of the 200 look-alikes escalated, about half of them by the classifier alone):
# lexicon en/ru/uk 2025.22, pl 2025.21.


def test_a_safety_plan_is_no_plan_to_die() -> None:
    check_lexicon_calm(
        [
            "the worst nights are behind me, my therapist and i wrote a safety plan",
            "najgorsze noce za mną, mam już plan bezpieczeństwa od terapeutki",
            "худшие ночи позади, у меня уже есть план безопасности от психолога",
            "найгірші ночі позаду, у мене вже є план безпеки від психологині",
        ]
    )


def test_a_goodbye_with_its_reason_far_away_is_no_farewell() -> None:
    check_lexicon_calm(
        [
            "goodbye everyone, it has been a wild five years in this group and i will miss the memes, but i start basic training on monday",
            "żegnajcie wszyscy, pięć lat tu siedziałam, nauczyłam się od was więcej niż na studiach, pozdrawiam każdego kto mi kiedyś pomógł, ale od poniedziałku przenoszą mnie do Gdańska",
            "прощайте все, пять лет тут сидела, узнала от вас больше чем в институте, спасибо каждому кто когда-то помог, а с понедельника переводят меня в другой город",
            "прощавайте всі, п'ять років тут сиділа, дізналася від вас більше ніж в універі, дякую кожному хто колись допоміг, а з понеділка переводять мене у Львів",
        ]
    )


def test_a_life_period_dates_a_story() -> None:
    check_lexicon_calm(
        [
            "as a student i tried to overdose once, that was a long story",
            "po dwudziestce próbowałem się otruć, dziś mam trzydzieści pięć lat",
            "в студенчестве наглоталась таблеток, это было очень давно",
            "в підлітковому віці намагалася отруїтися, зараз вчу інших дітей",
        ]
    )


# From a black-box attack on the rules above (pending/attack17/attack19.jsonl, 119 messages):
# the goodbye-with-a-trip idiom, widened to 25 words, dropped every phrase between its two
# ends, so "new job in another city. i will kill myself tonight. goodbye" was severity none.
# Since en/ru/uk 2025.23, pl 2025.22 such an idiom covers only its ends (Entry.edges,
# detect._in_idiom), and going to drown oneself ("иду топиться", "idę się utopić") and
# leaving life with the group ("wychodzę z tej grupy i z życia też") are intents.


def test_an_intent_between_a_trip_and_a_goodbye_escalates() -> None:
    texts = [
        "starting a new job in berlin on monday. tonight i will end my life. goodbye everyone",
        "przeprowadzam się do Norwegii, ale dziś w nocy się zabiję. żegnajcie",
        "уезжаю за границу, а сегодня ночью покончу с собой. прощайте",
        "переїжджаю за кордон, а сьогодні вночі покінчу з собою. прощавайте",
    ]
    check_escalates(texts, category="self_harm")
    check_imminent(texts)


def test_going_to_drown_oneself_escalates() -> None:
    check_escalates(
        [
            "wszyscy myślą, że jadę na wolontariat, a ja idę się utopić",
            "wychodzę z tego czatu i z życia też, dzięki za wszystko",
        ],
        category="self_harm",
    )
    # named; model 2026.12 reads the holiday cover as no crisis (0.01-0.03) and overrules it
    check_named(
        [
            "всем сказала что еду в отпуск, а сама иду топиться",
            "всім сказала що їду у відпустку, а сама йду топитися",
        ],
        "self_harm.going_to",
    )
    check_lexicon_calm(["пойду топиться в кофе, пятый отчёт за день", "йду топитися в каві"])
