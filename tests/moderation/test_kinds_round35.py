"""Round 35: a death wish with its key word misspelt, in all four languages, with
counter-examples (the misspellings said harmlessly or negated).

* "my self" written apart ("i want to kill my self"), but not before a self- word ("this job
  is killing my self esteem") nor in "cut myself some slack" (`en.idiom.self_compound35`);
* Polish "umżeć"/"umzec" for "umrzeć", "chcem" for "chcę", "zabidź" for "zabić";
* Russian "умиреть", "умерть", "памереть", "хачу", and the literary "покончить с собою";
* Ukrainian "вмирти", "помирти", "хачу", and "не хочу вмерти" negated as "не хочу померти" is;
* from a black-box attack (bench/crisis_natural/pending/attack35/): English "dye" for "die"
  after a wish (dyeing hair is `en.idiom.dye35`), "tonite", "roap", "unconcious", "took an
  overdoes"; Russian "изнаселовали", "сазнание", "ни хачу жыть", "дамагаеца", "sibya";
  Ukrainian "самогупство"; Polish "zgfałcił"; and "cant breath from laughing"
  (`en.idiom.laugh_breath35`);
* from a second attack (pending/attack36/): Russian overdoses misspelt ("пиридознулся",
  "передазировка", "наглатался", "выпела … феназипама"), hanging said with akanye
  ("вировка гатова", "павешусь"), Polish "wziolem" and "umszeć", English "over dosed" (split
  as "overdosed" is everywhere, past frames too) and "laughing so hard i cant breath".

The texts are written for this test. Lexicon en 2025.41, pl 2025.38, ru/uk 2025.39.
"""

from __future__ import annotations

import pytest

from moderation import assess
from tests.moderation.kinds import check_calm, check_escalates

# (text, the lexicon rule prefix that must name it)
CRISES = [
    ("honestly i just want to kill my self, nothing is getting better", "self_harm"),
    ("im gonna end my self tonight i cant do this", "self_harm"),
    ("my sister texted she's going to kill her self, she won't pick up", "self_harm"),
    ("i really wanna hurt my self again", "self_harm"),
    ("chce umżeć, nie daje rady juz", "self_harm"),
    ("chce umzec, mam dosc wszystkiego", "self_harm"),
    ("chcem umrzec, nikt mnie nie rozumie", "self_harm"),
    ("chce sie zabidź dzisiaj", "self_harm"),
    ("я хочу умиреть, мне так плохо", "self_harm"),
    ("хочу умерть и всё", "self_harm"),
    ("хачу памереть уже", "self_harm"),
    ("решила покончить с собою, простите", "self_harm"),
    ("hochu umiret, sil net", "self_harm"),
    ("я хочу вмирти, нікому не потрібна", "self_harm"),
    ("хачу помирти, все набридло", "self_harm"),
    ("chcialabym umszec i nic nie czuc juz", "self_harm"),
    ("i just wanna dye already, im so tired of everything", "self_harm"),
    ("ive got the roap ready in the garage", "self_harm"),
    ("думаю про самогупство кожен вечір, сьогодні вирішила", "self_harm"),
    ("ни хачу больше жыть, всё", "self_harm"),
    ("hochu ubit sibya, ne mogu bolshe", "self_harm"),
]

# (text, rule prefix, category) of the attack's other kinds
OTHER_CRISES = [
    ("my dad is unconcious in the kitchen and wont wake up", "medical", "medical"),
    ("i took an overdoes of sleeping pills 20 min ago", "overdose", "overdose"),
    ("вчера меня изнаселовал знакомый, что мне делать", "sexual_violence", "sexual_violence"),
    ("брат потерял сазнание и не дышит нормально", "medical", "medical"),
    ("отчим дамагаеца ко мне когда мамы нет", "sexual_violence", "sexual_violence"),
    ("szef mnie zgfałcił na zapleczu, boje sie isc na policje", "violence", "violence"),
    ("кажется пиридознулся, руки трясутся и тошнит", "overdose", "overdose"),
    ("у меня передазировка кажется, выпил всё что было", "overdose", "overdose"),
    ("наглатался таблеток от давления час назад", "overdose", "overdose"),
    ("выпела всю упаковку феназипама", "overdose", "overdose"),
    ("вировка гатова, сегодня", "self_harm", "self_harm"),
    ("всё, павешусь сегодня ночью", "self_harm", "self_harm"),
    ("wziolem cala paczke tabletek na sen", "overdose", "overdose"),
    ("i over dosed on my meds like 20 min ago, feel weird", "overdose", "overdose"),
]

CALM = [
    "this job is killing my self esteem honestly",
    "she keeps hurting my self confidence with her comments",
    "i should cut my self some slack, it was my first week",
    "trying to cut myself some slack after the exam",
    "i dont want to kill my self, i want to get better",
    "umżeć ze śmiechu mozna z tym memem xd",
    "nie chce umżeć, chce zyc i skonczyc studia",
    "не хочу умиреть, хочу жить нормально",
    "не хочу покончить с собою, просто устала",
    "хочу умерить аппетит перед летом",
    "не хочу вмирти, хочу щоб хтось просто вислухав",
    "i want to dye my hair blue for the summer",
    "gonna dye it black again lol",
    "i dont want to dye, i want to get better",
    "cant breath from laughing at my brother's video",
    "laughing so hard i cant breathe at this clip",
    "i over dosed on coffee again lol",
    "3 years ago i over dosed, now i'm clean and studying nursing",
]


@pytest.mark.parametrize(("text", "prefix"), CRISES)
def test_a_misspelt_death_wish_escalates_with_its_phrase(text: str, prefix: str) -> None:
    check_escalates([text], category="self_harm", rule_prefix=prefix)


@pytest.mark.parametrize(("text", "prefix", "category"), OTHER_CRISES)
def test_the_attacks_other_misspelt_crises_escalate(text: str, prefix: str, category: str) -> None:
    check_escalates([text], category=category, rule_prefix=prefix)


@pytest.mark.parametrize("text", CALM)
def test_the_misspellings_said_harmlessly_or_negated_stay_calm(text: str) -> None:
    check_calm([text])


def test_a_self_compound_drops_only_its_own_phrase() -> None:
    """The idiom covers the kill word and the self- word together: a death wish said beside
    it still escalates."""
    a = assess("killing my self esteem is one thing but tonight i want to kill my self")
    assert a.escalate
    assert "en.self_harm.kill_self" in [m.rule for m in a.matches]
