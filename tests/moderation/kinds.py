"""Checks shared by the per-kind corpus tests (test_kinds_*.py): every text of a list
escalates (with a category, or a lexicon phrase of a rule, when asked), the lexicon names a
rule in each, or none of them escalates."""

from __future__ import annotations

from moderation import assess
from moderation.classifier import Thresholds, default_classifier
from moderation.detect import SEVERITIES


def _rules(texts: list[str]) -> list[tuple[str, str, list[str]]]:
    return [(t, assess(t).severity, [m.rule for m in assess(t).matches]) for t in texts]


def _names(rule: str, prefix: str) -> bool:
    """Whether the lexicon rule id `rule` ("uk.self_harm.means") is of `prefix` ("self_harm")."""
    return rule.split(".", 1)[1].startswith(prefix)


def check_escalates(
    texts: list[str], category: str | None = None, rule_prefix: str | None = None
) -> None:
    """Every text escalates; with `category`, that category is among its categories; with
    `rule_prefix`, a lexicon rule of that prefix is among its matches (the explainable phrase,
    not only the classifier)."""
    wrong = []
    for t in texts:
        a = assess(t)
        if (
            not a.escalate
            or (category is not None and category not in a.categories)
            or (rule_prefix is not None and not any(_names(m.rule, rule_prefix) for m in a.matches))
        ):
            wrong.append(
                (t, a.severity, round(a.score, 3), a.categories, [m.rule for m in a.matches])
            )
    assert not wrong, f"not escalated as asked ({category=}, {rule_prefix=}): {wrong}"


def check_named(texts: list[str], rule_prefix: str) -> None:
    """The lexicon names a `rule_prefix` phrase in every text (the escalation itself may be
    vetoed by a model that has not yet seen the kind)."""
    wrong = [r for r in _rules(texts) if not any(_names(rule, rule_prefix) for rule in r[2])]
    assert not wrong, f"no {rule_prefix} phrase named: {wrong}"


def check_calm(texts: list[str], most: str | None = None) -> None:
    """No text escalates; with `most`, no text is rated above that severity either."""
    limit = SEVERITIES.index(most) if most is not None else len(SEVERITIES)
    wrong = [
        r
        for t, r in zip(texts, _rules(texts), strict=True)
        if assess(t).escalate or SEVERITIES.index(r[1]) > limit
    ]
    assert not wrong, f"escalated or above {most}: {wrong}"


def check_lexicon_calm(texts: list[str]) -> None:
    """The lexicon escalates none of `texts` (the classifier's own threshold out of reach and
    no veto): kinds whose false alarm was the lexicon's, where the classifier alone may still
    escalate some phrasings."""
    clf = default_classifier()
    t = clf.thresholds
    never = {"none": 2.0, "concern": 2.0, "framed": 2.0, "high": 0.0, "imminent": 0.0}
    lexicon_only = clf.with_thresholds(Thresholds(t.concern, t.imminent, never))
    wrong = [
        (x, a.severity, [m.rule for m in a.matches])
        for x in texts
        if (a := assess(x, classifier=lexicon_only)).escalate
    ]
    assert not wrong, f"the lexicon escalates: {wrong}"


def check_imminent(texts: list[str], imminent: bool = True) -> None:
    """Every text is rated imminent (`imminent` True) or every one is not (False)."""
    wrong = [
        (t, a.severity, a.reasons)
        for t in texts
        if ((a := assess(t)).severity == "imminent") != imminent
    ]
    assert not wrong, f"{'not ' if imminent else ''}imminent: {wrong}"


def check_reason(texts: list[str], reason: str, escalates: bool | None = None) -> None:
    """Every text's assessment gives `reason` (detect.ASKED, DEPARTURE, STORY...); with
    `escalates`, each is escalated (True) or not (False) as well."""
    wrong = [
        (t, a.severity, round(a.score, 3), a.reasons)
        for t in texts
        if reason not in (a := assess(t)).reasons or escalates not in (None, a.escalate)
    ]
    assert not wrong, f"not {reason!r} ({escalates=}): {wrong}"
