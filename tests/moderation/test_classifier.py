"""The trained classifier: a JSON model read without pickle, scored like it was trained."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from moderation import CATEGORIES, assess, assess_conversation
from moderation.classifier import MODEL_VERSION, default_classifier, features, load_model
from moderation.normalize import normalize


def test_the_shipped_model_is_plain_json_with_calibrated_thresholds():
    raw = resources.files("moderation.model").joinpath(f"crisis-{MODEL_VERSION}.json")
    data = json.loads(raw.read_bytes())
    assert data["version"] == MODEL_VERSION
    t = data["thresholds"]
    assert 0 < t["veto"] <= t["high"] <= t["imminent"] < 1
    assert set(data["categories"]["names"]) <= set(CATEGORIES)
    assert {"medical", "sexual_violence"} <= set(data["categories"]["names"])


def test_score_matches_the_features_it_was_trained_on():
    clf = default_classifier()
    s = normalize("nie chce juz zyc, mam tabletki")[0]
    feats = features(s)
    z = sum(clf.weights.get(f, 0.0) for f in feats) / len(feats) ** 0.5 + clf.intercept
    assert clf.score(s) == pytest.approx(1 / (1 + 2.718281828459045**-z), rel=1e-9)
    assert clf.score(s) == clf.score(s)  # the word cache changes nothing
    assert clf.score("") == pytest.approx(1 / (1 + 2.718281828459045**-clf.intercept))


def test_a_tiny_model_decides_by_its_thresholds():
    clf = load_model(
        json.dumps(
            {
                "version": "t",
                "intercept": -3.0,
                "weights": {"bang": 40.0},
                "categories": {"names": ["medical"], "intercepts": [0.0], "weights": {}},
                "thresholds": {"veto": 0.01, "concern": 0.01, "high": 0.5, "imminent": 0.99},
            }
        )
    )
    calm = assess("hello there", classifier=clf)
    assert calm.severity == "none"
    assert calm.detected_by == ()
    hit = assess("bang", classifier=clf)
    assert hit.escalate
    assert hit.detected_by == ("classifier",)
    assert hit.categories == ("medical",)
    assert hit.severity == "imminent"  # " ban" "bang" "ang " and the word: z = 80 / 2 - 3
    assert hit.matches == ()
    assert hit.to_dict()["detected_by"] == ["classifier"]


def test_the_lexicon_and_the_classifier_are_named():
    a = assess("chyba się dziś zabiję")
    assert a.escalate
    assert "lexicon" in a.detected_by
    assert a.matches  # the lexicon keeps giving the explainable phrases
    assert assess("dzień dobry, gdzie zrobić test na HIV?").detected_by == ()


def test_conversation_names_the_messages_that_contributed():
    a = assess_conversation(
        ["hej", "mam w domu całe opakowanie tabletek nasennych", "dziś w nocy wezmę wszystkie"]
    )
    assert a.escalate
    assert a.contributing[-1] == 2
    assert 1 in a.contributing
    assert 0 not in a.contributing
    for m in a.matches:
        assert m.message in a.contributing
    plain = assess_conversation(["hej", "dzięki, miłego dnia"])
    assert not plain.escalate
    assert plain.contributing == ()
    with pytest.raises(ValueError, match="at least one message"):
        assess_conversation([])


def test_a_later_message_does_not_raise_again_what_an_earlier_one_carried():
    messages = ["chyba się dziś zabiję", "dzięki, jestem"]
    assert assess_conversation(messages).escalate  # the state after the last message
    again = assess_conversation(messages, new_risk_only=True)  # what the last one adds
    assert not again.escalate
    assert again.contributing == ()
