"""Issue 20 item 1, Ukrainian and Russian, eighth round: the kinds heldout8 still misses.

One test per kind: child abuse (a carer going for a child with a belt or a cable, throwing it
out into the cold, climbing into its bed, marks of a carer's belt), violence expected (an ex's
threat, a beating promised, an axe or a knife about the flat, killing in slang), intent (a
decision to jump or hang, under a train, vanishing from this world), renewed intent (again
looking for pills, again on the edge), purpose (a height sought to jump, pills hidden to be
swallowed together, a blade 'not for shaving'), sexual violence (forced acts, nudes used for
blackmail) and self-harm (scratching, slashing, starving oneself); in Cyrillic and in Latin
letters. And the harmless texts that use the same words (school-subject and song hyperbole, a
parent's 'will kill me' for a broken vase, news of a robbery, a coach, a last month at a job,
an ex who wants his things back, an old eating disorder, razor blades for shaving, a bungee
jump, laundry soaked overnight).

These escalations come from lexicon uk/ru 2025.11 (the model they hold with is main's 2026.5),
so each names the rule that fired. The phrasings were written for this test: they are neither
lines of the training templates (bench/crisis_kinds*.py) nor lexicon examples, and every
crisis test fails with main's lexicon (no rule of the kind is named there).
"""

from __future__ import annotations

import pytest

from tests.moderation.kinds import check_calm, check_escalates, check_named


def _escalates(texts: list[str], rule_prefix: str) -> None:
    check_escalates(texts, rule_prefix=rule_prefix)


_named = check_named
_calm = check_calm


def test_child_abuse_by_a_carer() -> None:
    _escalates(
        [
            "вітчим накинувся на мене з ременем бо я розбила тарілку",
            "мама хльостає мене проводом від праски",
            "тато виставив мене вночі на сходи без взуття",
            "отчим накинулся на меня с ремнем из-за разбитой тарелки",
            "мама хлещет меня проводом от утюга",
            "папа выставил меня ночью в подъезд без обуви",
            "vitchym vyhnav mene vnochi na moroz bez kurtky",
            "otchim vygnal menya nochyu na moroz bez kurtki",
        ],
        "child_abuse",
    )
    # named by the lexicon; model 2026.5 vetoes these short reports of marks
    _named(
        ["у мене сліди від татового паса на спині", "у меня следы от отцовского ремня на спине"],
        "child_abuse",
    )


def test_violence_expected() -> None:
    _escalates(
        [
            "колишня подруга написала що прикінчить мене",
            "сусід грозиться відгамселити мене біля під'їзду",
            "він бігає з ножем по квартирі, я в туалеті",
            "бывший написал что прикончит меня",
            "сосед грозится отметелить меня у подъезда",
            "он бегает с ножом по квартире, я в туалете",
            "он сказал что меня грохнет",
            "kolyshnij pyshe shcho vbyje mene yakshcho pobachyt mene z inshym",
            "vin hodyt z sokyroyu po kvartyri",
        ],
        "violence",
    )


def test_intent() -> None:
    _escalates(
        [
            "я вже вирішила, завтра вішаюсь",
            "я уже решила, завтра вешаюсь",
            "пішла б під електричку і все",
            "пошла бы под электричку и все",
            "vyrishyla, sogodni strybayu",
            "reshila, segodnya prygayu",
        ],
        "self_harm",
    )
    _named(["мрію щезнути з цього світу", "мечтаю пропасть из этого мира"], "self_harm")


def test_renewed_intent() -> None:
    _escalates(
        [
            "рік без спроб, а я знову шукаю снодійне",
            "після лікарні думала що все, але я знов на краю",
            "год без попыток, а я снова ищу снотворное",
            "после больницы думала что все, но я опять на краю",
            "ya znovu shukayu tabletky",
            "ya opyat ishchu tabletki",
        ],
        "self_harm",
    )


def test_purpose() -> None:
    _escalates(
        [
            "ховаю таблетки від мами щоб потім ковтнути всі",
            "прячу таблетки от мамы чтобы потом проглотить все",
        ],
        "overdose",
    )
    _escalates(
        [
            "kupyla lezo ne dlya holinnya",
            "kupila lezvie ne dlya britya",
            "shukayu vysokyj budynok shchob strybnuty",
            "ishchu vysokij dom chtoby sprygnut",
        ],
        "self_harm",
    )
    _named(["нашла многоэтажку чтобы сброситься"], "self_harm.purpose_jump")


def test_sexual_violence() -> None:
    _escalates(
        [
            "вітчим змушував мене смоктати, мені було 11",
            "колишній шантажує мене нюдсами",
            "отчим заставлял меня сосать, мне было 11",
            "бывший шантажирует меня нюдсами",
            "vin zmushuje mene robyty jomu minet",
            "on zastavlyaet menya delat emu minet",
        ],
        "sexual_violence",
    )


def test_self_harm_named() -> None:
    # named by the lexicon; model 2026.5 (which saw few such uk/ru templates) vetoes them
    _named(
        [
            "роздряпала зап'ястя скріпкою до крові",
            "полосую стегна коли ніхто не бачить",
            "расцарапала запястья скрепкой до крови",
            "полосую бедра когда никто не видит",
        ],
        "self_harm",
    )


def test_the_same_words_said_harmlessly() -> None:
    _calm(
        [
            "сусід накинувся на мене з обіймами на весіллі",
            "сосед накинулся на меня с объятиями на свадьбе",
            "фізика мене доконає, піду повішусь на турніку",
            "физика меня доконает, пойду повешусь на турнике",
            "якщо ще раз увімкнуть цей трек я вистрибну у вікно",
            "если еще раз поставят этот трек я выпрыгну в окно",
            "у новинах показували що злодій погрожував касирці пістолетом",
            "в новостях показывали что грабитель угрожал кассирше пистолетом",
            "тренерка сказала що вбиватиме нас на кожному тренуванні",
            "физрук сказал что убьет нас на уроке",
            "вирішила, цей місяць останній на цій роботі",
            "решила, этот месяц последний на этой работе",
            "колишній пише що хоче повернути мої речі",
            "бывший пишет что хочет вернуть мои вещи",
            "раніше морила себе голодом, зараз харчуюсь нормально",
            "раньше морила себя голодом, сейчас нормально питаюсь",
            "купила леза для гоління і піну",
            "купила лезвия для бритья и пену",
            "шукаю високий міст щоб стрибнути з тарзанки",
            "мама замочить мої джинси на ніч",
            "замочу белье на ночь",
            "тато мене приб'є за розбиту вазу, допоможіть сховати осколки",
            "папа меня прибьет за разбитую вазу, помогите спрятать осколки",
        ]
    )


@pytest.mark.xfail(
    strict=True,
    reason="model 2026.10 (the natural corpus weighted 10 in the fit) escalates it (a high "
    "bridge sought to jump from, the bungee only at the end); a known regression of that model, "
    "fixed when a model lets it pass",
)
def test_a_bridge_sought_for_a_bungee_jump_stays_calm() -> None:
    check_calm(["ищу высокий мост чтобы прыгнуть с тарзанки"])
