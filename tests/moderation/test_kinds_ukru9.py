"""Issue 20 items 1 and 2, Ukrainian and Russian, ninth round: the kinds heldout8 still misses.

One test per kind: child abuse (a carer chasing a child with a belt, a ladle or a rolling pin,
a hand under a child's blanket or pyjamas, dragging it by the hair), violence expected (a beating promised in slang,
hiding in the bathroom from a threat), intent (going to a dam or the tracks to end it all, a
last message before the tracks, the medicine cabinet to be swallowed), renewed intent (pills that did not work, "this time more";
rescued once and "on the same edge again"), purpose (a bridge "to end it"), sexual violence (a
drink spiked, made drunk and taken "in turns"), medical (a stroke in everyday words), self-harm
(burning oneself with an iron), a build-up over messages (painkillers at home, then "I don't
care any more"); in Cyrillic and in Latin letters. And the harmless texts that use the same
words (boredom at a lecture, a brother's threat over headphones, a last post before a trip,
tries at an entrance exam, a roof repaired, a kitten rescued, painkillers and "I don't care
which film").

These escalations come from lexicon uk/ru 2025.12 (the model they hold with is main's 2026.5),
so each names the rule that fired. The phrasings were written for this test: they are neither
lines of the training templates (bench/crisis_kinds*.py) nor lexicon examples nor the round's
probes, and every crisis test fails with main's lexicon (no rule of the kind is named there).
"""

from __future__ import annotations

import pytest

from moderation import assess_conversation
from tests.moderation.kinds import check_calm, check_escalates, check_named


def test_child_abuse_by_a_carer() -> None:
    check_escalates(
        [
            "мамин хахаль ганяє мене з пасом по кімнаті",
            "бабця лупить мене половником по спині",
            "вітчим засовує мені руку під піжаму",
            "мамин хахаль гоняет меня с ремнем по комнате",
            "бабка лупит меня поварешкой по спине",
            "отчим засовывает мне руку под пижаму",
            "vitchym ganiaye sestru z remenem",
            "otchim gonyaet brata s remnem",
            "батя тягає малу за коси по коридору",
            "батя таскает мелкую за косы по коридору",
        ],
        rule_prefix="child_abuse",
    )


def test_violence_expected() -> None:
    check_escalates(
        [
            "сусіди написали що відметелять мене біля гаража",
            "він кричить шо мені капець, я закрилась у ванній",
            "во дворе сказали что изобьют меня вечером",
            "он орет что мне конец, я заперлась в туалете",
            "pacany skazaly shcho vidmutuzyat mene",
            "pacany skazali chto otpinayut menya",
        ],
        rule_prefix="violence",
    )


def test_intent() -> None:
    check_escalates(
        [
            "вночі піду на дамбу і все це припиню",
            "це моє останнє повідомлення, їду на залізницю",
            "ночью пойду на дамбу и все это прекращу",
            "это мое последнее сообщение, еду на железку",
            "sogodni poidu na mist i vse zakinchu",
            "segodnya poedu na kryshu i vse zakonchu",
        ],
        rule_prefix="self_harm",
    )
    check_escalates(
        ["вирішила з'їсти все що лежить в аптечці", "решила съесть все что лежит в аптечке"],
        rule_prefix="overdose",
    )


def test_renewed_intent() -> None:
    check_escalates(
        [
            "ті пігулки не подіяли, наступного разу ковтну дві пачки",
            "мене відкачували торік, а тепер я знову на тому ж краю",
            "те таблетки не подействовали, в следующий раз сожру две пачки",
            "меня откачивали в прошлом году, а теперь я опять на том же краю",
            "tabletky ne spratsyuvaly, nastupnogo razu vyp'yu bilshe",
            "tabletki ne srabotali, v sleduyushchij raz vypyu bolshe",
        ],
        rule_prefix="self_harm",
    )


def test_purpose() -> None:
    check_escalates(
        [
            "їду на міст щоб з цим покінчити",
            "еду на мост чтобы с этим покончить",
        ],
        rule_prefix="self_harm",
    )


def test_sexual_violence() -> None:
    check_escalates(
        [
            "у склянку мені щось підлили, і я прокинулась у чужій квартирі",
            "в стакан мне что то подлили и я проснулась в чужой квартире",
            "меня с сестрой напоили и по очереди, я не могла сопротивляться",
        ],
        rule_prefix="sexual_violence",
    )
    # named by the lexicon; model 2026.5 vetoes these short ones (0.20), model 2026.7 the
    # first too (0.199, its veto 0.208; a veto exemption for sexual violence, measured, saved
    # one frozen heldout8 crisis and raised eight false alarms on the development set)
    check_named(
        [
            "подругу напоїли на вписці і по черзі",
            "подругу напоили на тусе и по очереди",
            "нас із сестрою напоїли і по черзі, ми не могли пручатися",
        ],
        "sexual_violence",
    )


def test_medical_stroke() -> None:
    check_escalates(
        [
            "у тата права рука і нога не рухаються, говорить невиразно",
            "у папы правая рука и нога не двигаются, говорит невнятно",
        ],
        rule_prefix="medical",
    )
    # named by the lexicon; model 2026.5 vetoes them (0.03-0.05)
    check_named(["діда хопив інсульт, що робити", "деда хватил инсульт, что делать"], "medical")


def test_self_harm_burning() -> None:
    check_escalates(
        ["знову пропалюю собі руку праскою", "опять прожигаю себе руку утюгом"],
        rule_prefix="self_harm",
    )
    # named by the lexicon; model 2026.5 vetoes these (0.05) and a carer's burning (0.15-0.17
    # on the probes)
    check_named(["припікаю собі стегно праскою", "прижигаю себе бедро утюгом"], "self_harm")
    check_named(
        ["мачуха палить мені пальці запальничкою", "мачеха жжет мне пальцы зажигалкой"],
        "child_abuse",
    )


def test_build_up_means_then_indifference() -> None:
    """Painkillers at home in one message, "I don't care any more" in the next: weak means
    with distress across messages (the painkillers and the indifference are new words)."""
    for messages in (
        ["у тата в тумбочці повно знеболювальних", "мені вже пофіг на все"],
        ["у папы в тумбочке полно обезболивающих", "мне уже пофиг на все"],
    ):
        c = assess_conversation(messages)
        assert c.escalate, (messages, c.severity, c.score)
        assert c.contributing == (0, 1), (messages, c.contributing)


@pytest.mark.xfail(
    strict=True,
    reason="models 2026.6-2026.9 escalate these two (0.91-0.97, threshold 0.78-0.896; no "
    "lexicon phrase): a known false alarm of their training, fixed when a model lets them pass",
)
def test_a_roof_and_finishing_the_painting_stay_calm() -> None:
    check_calm(["піду на дах і закінчу фарбувати трубу", "пойду на крышу и закончу красить трубу"])


def test_the_same_words_said_harmlessly() -> None:
    check_calm(
        [
            "на лекції з філософії помру від нудьги хаха",
            "брат приб'є мене якщо візьму його навушники",
            "останній пост цього року, їду на дачу",
            "три спроби вступити на медфак, готую четверту",
            "рятували кошеня з дерева, знову воно на тому ж місці",
            "на лекции по философии умру от скуки хаха",
            "брат прибьет меня если возьму его наушники",
            "последний пост в этом году, еду на дачу",
            "три попытки поступить на медфак, готовлю четвертую",
            "батя мене закопає якщо дізнається про вейп лол",
            "батя меня закопает если узнает про вейп лол",
        ]
    )
    for messages in (
        ["у мами в шафці повно знеболювальних", "мені все одно яке кіно"],
        ["у мамы в шкафу полно обезболивающих", "мне все равно какое кино"],
    ):
        assert not assess_conversation(messages).escalate, messages
