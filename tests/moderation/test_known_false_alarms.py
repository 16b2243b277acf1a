"""Harmless messages of the hand-written test lists that the shipped model escalates: known
false alarms, each a strict xfail, so that a model that lets one pass flips its test (and the
message goes back to its list).

Model 2026.12's threshold of a single message where the lexicon finds no crisis is 0.708 (as
2026.11's), chosen on the development set (bench/crisis_train.py, item 7: the lowest at which at
most ~3 % of its harmless messages escalate); 2026.10's was 0.779. The look-alikes below, written
to sit close to a crisis, score 0.74-0.82. Each names the list it came from. 2026.12 let six of
2026.11's nine pass (they went back to their lists) and raised four new ones: the everyday side
of what its natural round 12 taught (a child deprived as punishment, symptoms said plainly, a
farewell or a means with no crisis word).
"""

from __future__ import annotations

import pytest

from moderation import assess

# (text, where it was checked before, its score under model 2026.12)
KNOWN = [
    ("wont be online tonight, got exams", "test_kinds_plen7.py: hyperbole and the past", 0.807),
    (
        "bought rat poison for the shed, gonna put it out tonight",
        "test_kinds_plen8.py: the same words harmless",
        0.763,
    ),
    (
        "выпила таблетку чтобы не болела голова",
        "test_kinds_ukru6.py: swallowing pills for a headache",
        0.777,
    ),
    (
        "mama mi zabrala konsole na tydzien bo nie odrobilem lekcji",
        "test_kinds_plen5.py: the same words said harmlessly",
        0.767,
    ),
    (
        "jutro o tej porze mnie tu nie bedzie, wylatuje na wakacje",
        "test_kinds_plen5.py: the same words said harmlessly",
        0.753,
    ),
    (
        "warming the car up in the garage with the engine running",
        "test_kinds_plen8.py: the same words harmless",
        0.813,
    ),
    (
        "synek ma od wczoraj goraczke",
        "test_crisis_context.py: the first piece of a seizure told in pieces",
        0.738,
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            text,
            marks=pytest.mark.xfail(
                strict=True,
                reason=f"model 2026.12 escalates it ({score:.2f}; threshold 0.708); from {where}",
            ),
            id=text[:40],
        )
        for text, where, score in KNOWN
    ],
)
def test_a_known_false_alarm_stays_calm(text: str) -> None:
    a = assess(text)
    assert not a.escalate, (text, a.severity, round(a.score, 3))
    assert a.severity in ("none", "concern"), (text, a.severity)
