"""Harmless messages of the hand-written test lists that the shipped model escalates: known
false alarms, each a strict xfail, so that a model that lets one pass flips its test (and the
message goes back to its list).

Model 2026.11's threshold of a single message where the lexicon finds no crisis is 0.708,
chosen on the development set (bench/crisis_train.py, item 7: the lowest at which at most
~3 % of its harmless messages escalate); 2026.10's was 0.779. The development set has 2 of 960
harmless messages between 0.71 and 0.80 and 16 crises more there (recall 0.925 -> 0.941); the
look-alikes below, written to sit close to a crisis, score 0.72-0.80. Each names the list it
came from.
"""

from __future__ import annotations

import pytest

from moderation import assess

# (text, where it was checked before, its score under model 2026.11)
KNOWN = [
    ("Zostaję z Tobą.", "test_everyday_text.py: the server tests' chats", 0.748),
    ("w filmie on ją zgwałcił, nie mogłam na to patrzeć", "test_kinds_plen.py: quotes", 0.766),
    (
        "relapsed and bought cigarettes again, so annoyed at myself",
        "test_kinds_plen5.py: the same words said harmlessly",
        0.725,
    ),
    ("wont be online tonight, got exams", "test_kinds_plen7.py: hyperbole and the past", 0.748),
    (
        "bought rat poison for the shed, gonna put it out tonight",
        "test_kinds_plen8.py: the same words harmless",
        0.761,
    ),
    (
        "если опять побьет рекорд, станет рекордсменом мира",
        "test_kinds_ukru6.py: the same words said harmlessly",
        0.716,
    ),
    (
        "выпила таблетку чтобы не болела голова",
        "test_kinds_ukru6.py: swallowing pills for a headache",
        0.739,
    ),
    (
        "бывший пишет что хочет вернуть мои вещи",
        "test_kinds_ukru8.py: the same words said harmlessly",
        0.799,
    ),
    (
        "шукаю високий міст щоб стрибнути з тарзанки",
        "test_kinds_ukru8.py: a bungee jump (its Russian twin is a strict xfail there)",
        0.725,
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            text,
            marks=pytest.mark.xfail(
                strict=True,
                reason=f"model 2026.11 escalates it ({score:.2f}; threshold 0.708); from {where}",
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
