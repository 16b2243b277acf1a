"""Round 48: an alarm the lexicon can explain, and plans said beside a recovery or a denial.

* **The classifier alone, explained by an idiom** (`detect._idiomatic`, idioms marked
  `explains`): the model rates a rope bought for a tent, a mass "hacker filmed you" e-mail
  laughed at, "remember me like this" before a haircut or things one "won't need" after buying
  new ones 0.72-0.99 (black-box attacks 72-73). When such an idiom matches, the lexicon finds
  no active intent, means, plan or event, no pretext says otherwise ("told my mum it's for
  camping"), and the text with the idiom blanked out scores below the threshold, the message
  is a concern with the reason IDIOMATIC (and only below DEPARTURE_VETO).
* **A rope, then thanks "before i go"** after a recovery story (`*.self_harm.rope_thanks74`),
  **a last post and an account one "won't need"** with no move (`*.self_harm.last_post_wont_need74`),
  **a bridge or a roof one is not coming back from** (`*.self_harm.place_no_return74`) and
  **ten or more pills taken at noon, the pills named earlier** (`en.overdose.took_time74`):
  black-box attack 74 (bench/crisis_natural/pending/attack74) missed them, 0.00-0.68.
* **"I'll kill myself if this meeting runs over"** in Russian and Ukrainian
  (`ru/uk.idiom.hyperbole_subject`): a meeting, a lecture or a queue is an annoyance.

Attack 73 (128 lines of look-alikes with an ordinary reason said, by a helper who saw no code):
48/48 crises and 17/80 look-alikes escalated before the round, 48/48 and 13/80 after. Attack
74 (128 lines of jokes, quotes, recovery stories and farewells, and crises in their tone):
40/48 and 9/80 before, 48/48 and 8/80 after. The texts below are written for this test.
"""

from __future__ import annotations

import pytest

from moderation import assess, assess_conversation
from moderation.classifier import default_classifier
from moderation.detect import DEPARTURE_VETO, IDIOMATIC, _idiomatic, _lexicon_only
from moderation.lexicon import default_lexicon
from moderation.normalize import normalize

# each: the classifier alone rates it a crisis (model 2026.12), an idiom marked `explains` says why
EXPLAINED = [
    "dostalam maila ze haker nagral mnie kamerka i jak nie zaplace 900 zl w btc to wysle "
    "nagranie znajomym. nawet nie mam kamerki w laptopie 😂",
    "пришло письмо что хакер снял меня через вебку и хочет 700 долларов в биткоинах иначе "
    "разошлет видео всем. камера заклеена с 2019 😂",
    "старий телефон віддала мамі, мені вже не знадобиться, купила новий. як перенести фото?",
]

EXPLAINED_BUT_PRETEXT = [
    ("bought fresh rope for the tent", ", at least thats what i told my mum"),
    ("kupiłam nową linkę do namiotu", ", przynajmniej tak powiedziałam mamie"),
]

ROPE_THANKS = [
    "two years clean, proud of it. got some rope today. just want to say thank you all before i go",
    "dwa lata czysta. dzisiaj kupiłam sznur. chciałam wam tylko podziękować póki tu jestem",
    "два года без наркотиков. сегодня купила верёвку. хотела просто сказать всем спасибо пока я тут",
    "два роки чиста. сьогодні купила мотузку. хотіла просто подякувати всім поки я тут",
]

ROPE_THANKS_CALM = [
    "bought rope for the tent today, thanks for all the tips before i go camping",
    "kupiłam linkę do namiotu, dzięki za rady zanim pojadę na biwak",
]

LAST_POST = [
    "это мой последний пост тут. никуда не уезжаю, просто аккаунт мне больше не понадобится",
    "це мій останній допис тут. нікуди не їду, просто акаунт мені вже не знадобиться",
]

LAST_POST_CALM = [
    "последний пост с этого телефона, мне он уже не понадобится, купил новый",
    "останній пост з цього телефона, він мені вже не знадобиться, купив новий",
]

NO_RETURN = [
    "told them im at my friends, but im going to the bridge and im not coming back",
    "w domu myślą, że jestem u koleżanki, a ja idę na most i już nie wrócę",
    "всем сказал что у друга, а сам иду на крышу и обратно не собираюсь",
    "усім сказала що в подруги, а сама йду на міст і назад не повернуся",
]

NO_RETURN_CALM = [
    "going to the bridge for sunset photos, back by nine",
    "иду на крышу фоткать закат, обратно к девяти",
]

MEETING_JOKES = [
    "я убью себя если этот созвон опять затянется на час 🙃 пятница же",
    "я себе вбʼю якщо ця лекція знову затягнеться на пів години 🙃",
]


def test_an_alarm_the_classifier_alone_raises_on_an_explaining_idiom_is_a_concern():
    need = default_classifier().thresholds.escalate["none"]
    for text in EXPLAINED:
        a = assess(text)
        # the classifier alone rates it a crisis: without the idiom it would escalate
        assert need <= a.score < DEPARTURE_VETO, a.explain()
        assert not a.escalate, a.explain()
        assert IDIOMATIC in a.reasons, a.explain()


def test_an_explaining_idiom_with_a_pretext_explains_nothing():
    lex, clf = default_lexicon(), default_classifier()
    for idiom, pretext in EXPLAINED_BUT_PRETEXT:
        # any score is below 1.01: only the pretext can keep the idiom from explaining it
        for text, explains in ((idiom, True), (idiom + pretext, False)):
            s = normalize(text)[0]
            a, _ = _lexicon_only(text, None, lex)
            assert _idiomatic(s, a, lex, clf, 1.01) is explains, text


def test_the_rest_of_the_text_must_read_calm_for_the_idiom_to_explain_it():
    lex, clf = default_lexicon(), default_classifier()
    text = EXPLAINED[2]
    s = normalize(text)[0]
    a, _ = _lexicon_only(text, None, lex)
    # what is left without the idiom scores above 0: with no room below the threshold, the
    # idiom explains nothing
    assert _idiomatic(s, a, lex, clf, 0.99)
    assert not _idiomatic(s, a, lex, clf, 0.0)


def test_only_idioms_marked_explains_are_read_for_the_classifier():
    ids = {e.id for e in default_lexicon().idioms}
    assert "en.idiom.rope_use72" in ids
    assert "pl.idiom.scam_mail73" in ids
    # a broad idiom (it calms only a lexicon signal it overlaps) is not one of them
    assert "en.idiom.kills_me" not in ids
    assert all(e.kind == "idiom" and e.explains for e in default_lexicon().idioms)


# Round 48, third part: someone who has one's pictures, with a minor's age or named intimate,
# demands more (`*.sexual_violence.more_images75`, final: attack 75's one remaining miss, 0.38);
# a family's photos are no such demand (NOT_THE_RULE below)
MORE_IMAGES = [
    "ten chłopak z discorda ma moje fotki, mam 13 lat, żąda nowych filmików",
    "у него мои фото, мне 15, требует еще видео, говорит иначе всем покажет",
    "вже тиждень цей тип має мої нюдси і вимагає нові відео",
    "some guy from snap has my nudes and keeps asking for more videos",
]

ESCALATING = [
    *((t, ".self_harm.rope_thanks74") for t in ROPE_THANKS),
    *((t, ".self_harm.last_post_wont_need74") for t in LAST_POST),
    *((t, ".self_harm.place_no_return74") for t in NO_RETURN),
    *((t, ".sexual_violence.more_images75") for t in MORE_IMAGES),
]


@pytest.mark.parametrize(("text", "rule"), ESCALATING)
def test_attack_74s_plans_escalate_by_their_entry(text: str, rule: str):
    """A rope then thanks before going, a last post and an account not needed with no move,
    a bridge or a roof one is not coming back from."""
    a = assess(text)
    assert a.escalate, a.explain()
    assert any(m.rule.endswith(rule) for m in a.matches), a.explain()


@pytest.mark.parametrize("text", ROPE_THANKS_CALM + LAST_POST_CALM + NO_RETURN_CALM)
def test_their_look_alikes_are_calm(text: str):
    """A rope for a tent and thanks, a last post from a phone replaced, a bridge for photos
    and back by nine."""
    assert not assess(text).escalate, assess(text).explain()


def test_many_pills_taken_at_noon_after_naming_them_escalates_through_a_laugh():
    run = [
        "quick q how much paracetamol is too much lol",
        "asking for a friend (me) 💀 took 24 at lunch, feel ok tbh",
        "bit sick now",
    ]
    a = assess_conversation(run)
    assert a.escalate, a.explain()
    assert any(m.rule == "en.overdose.took_time74" for m in a.matches), a.explain()


@pytest.mark.parametrize("text", MEETING_JOKES)
def test_killing_oneself_over_a_long_meeting_is_no_intent(text: str):
    a = assess(text)
    assert not any(m.rule.endswith(".self_harm.kill_self") for m in a.matches), a.explain()
    assert not a.escalate, a.explain()


# Round 48, second part: black-box attack 75 on the rules above (pending/attack75, 128 lines by
# a helper told the rules who saw no code): 46/48 and 16/80 on its first run (46/48 and 21/80
# before round 48), 47/48 and 10/80 after (48/48 after the third part).
BACK_LATER = [
    "off to the bridge with my camera for the sunset, not coming back till dark so eat without me",
    "jadę nad rzekę na most robić zdjęcia, nie wrócę do wieczora",
    "еду на крышу снимать закат, обратно не вернусь до темноты",
]

ANNOYANCE_JOKES = [
    "i swear i'll kill myself if this zoom call runs over again 🙃",
    "если этот созвон снова затянется я убью себя 😂",
    "якщо ця черга знову затягнеться я себе вбʼю 😂",
]

LOCKED_BY_PET = [
    "lol the dog leaned on the door and locked me in the pantry, waiting for my flatmate",
    "kot skoczył na klamkę i zamknął mnie w łazience 😂 czekam na męża",
]


@pytest.mark.parametrize("text", BACK_LATER)
def test_not_coming_back_till_dark_is_no_plan(text: str):
    a = assess(text)
    assert not any(m.rule.endswith(".self_harm.place_no_return74") for m in a.matches)
    # the classifier alone still rates a bridge or a roof at dusk a crisis (0.75-0.91)
    assert "lexicon" not in a.detected_by, a.explain()


NOT_THE_RULE = [
    *((t, ".self_harm.kill_self") for t in ANNOYANCE_JOKES),
    (
        "babcia ma moje zdjęcia z komunii i chce więcej zdjęć wnuków",
        ".sexual_violence.more_images75",
    ),
    (
        "my mum has my baby photos and wants more pics of the grandkids",
        ".sexual_violence.more_images75",
    ),
]


@pytest.mark.parametrize(("text", "rule"), NOT_THE_RULE)
def test_a_call_or_a_queue_running_over_and_a_family_s_photos_are_not_the_rule(
    text: str, rule: str
):
    """Killing oneself if a call or a queue runs over is no intent; a grandmother's or a
    mother's photos are no sextortion."""
    a = assess(text)
    assert not any(m.rule.endswith(rule) for m in a.matches), a.explain()


def test_killing_oneself_if_someone_leaves_again_stays_a_signal():
    for text in ["i'll kill myself if he leaves me again", "если он снова уйдет я убью себя"]:
        a = assess(text)
        assert any(m.rule.endswith(".self_harm.kill_self") for m in a.matches), a.explain()


@pytest.mark.parametrize("text", LOCKED_BY_PET)
def test_locked_in_by_a_pet_is_no_danger(text: str):
    assert not assess(text).escalate, assess(text).explain()


def test_a_rope_then_goodbye_while_still_here_in_latin_letters_escalates():
    a = assess_conversation(["verevku kupil", "spasibo vsem, proshaite poka ya eshe zdes"])
    assert a.escalate, a.explain()
    assert any(m.rule == "ru.self_harm.rope_thanks74" for m in a.matches), a.explain()
