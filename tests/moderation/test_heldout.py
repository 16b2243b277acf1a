"""The frozen held-out set of issue 20 stays frozen, and apart from the training data."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from bench.crisis_corpus import RUN_SEP, devset_texts, generate, training_rows
from moderation.normalize import normalize

HELDOUT = Path(__file__).parent / "heldout"
# Written and committed before the detector was first run on them (first-run figures:
# bench/results/crisis_heldout6_first_run.md). Never edit them: write a new file instead.
FROZEN = {
    "heldout6.jsonl": "06dcba5836683b3a4dc1ab8f0c81a5d6a74147c13dd119c8a564b64bfe7b5bab",
    "conversations6.jsonl": "95953d2ddbb3f0673a50b03c178be6d579348791a4eb2926e291b971ae1f1cec",
    # the second round of issue 20 item 1: written after the new training kinds
    # (bench/crisis_kinds.py) and before any model was run on it; first-run figures in
    # bench/results/crisis_heldout7_first_run.md
    "heldout7.jsonl": "aa44c5c2d618f053809c4ac970bce7870ac63187608e99e6c93460eeabe25945",
    # the third round: written on branch heldout8 by one engineer without looking at the
    # lexicons, the training templates or the earlier held-out sets, each language's
    # scenarios written for that language; committed before any detector ran on them
    # (first-run figures: bench/results/crisis_heldout8_first_run.md)
    "heldout8.jsonl": "adebf1b7990b046093ba49510ce595014f234a2bb0be44848c3b851183f205e7",
    "conversations8.jsonl": "8277e225e5d48c870ed6de011fcf5779736e7aad7fc4bbd1d286bd32ff1b2ad1",
    # the fourth round: long messages (15-70 words, half of them 30 or more; the earlier sets'
    # median is 9-12 words), written on 2026-12-04 by four writers, one per language, who saw
    # no code, corpus or earlier set; committed before any detector ran on them (first-run
    # figures: bench/results/crisis_heldout9_first_run.md)
    "heldout9.jsonl": "2243e04bbd2ae70e6d5ebb38c5a68cf4454c80bb1b53b3270dad27306ed4ec2f",
}
CRISIS_KINDS = {
    "intent",
    "renewed",
    "purpose",
    "overdose",
    "violence_expected",
    "violence",
    "danger_now",
    "child_abuse",
    "sexual_violence",
    "medical",
}
COUNTER_KINDS = {"joke", "sports", "recovery", "quote", "scars", "harm_reduction", "ordinary"}


def _rows(name: str) -> list[dict]:
    text = (HELDOUT / name).read_text(encoding="utf-8")
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def test_the_held_out_files_are_frozen():
    for name, digest in FROZEN.items():
        assert hashlib.sha256((HELDOUT / name).read_bytes()).hexdigest() == digest, name
    assert sorted(p.name for p in HELDOUT.glob("*.jsonl")) == sorted(FROZEN)


def test_the_held_out_set_covers_every_language_and_kind():
    rows = _rows("heldout6.jsonl")
    langs = Counter(r["lang"] for r in rows)
    assert set(langs) == {"pl", "en", "uk", "ru"}
    assert min(langs.values()) >= 150
    kinds = {r["kind"] for r in rows}
    assert kinds >= CRISIS_KINDS | COUNTER_KINDS
    for r in rows:
        assert r["expect"] in ("escalate", "no_escalate")
        assert (r["expect"] == "escalate") == (r["category"] != "none")
    conv = _rows("conversations6.jsonl")
    assert {c["lang"] for c in conv} == {"pl", "en", "uk", "ru"}
    assert all(len(c["messages"]) >= 2 for c in conv)


def test_heldout7_covers_every_language_with_crisis_and_counter_examples():
    rows = _rows("heldout7.jsonl")
    for lang in ("pl", "en", "uk", "ru"):
        mine = [r for r in rows if r["lang"] == lang]
        assert len(mine) == 48
        assert sum(r["expect"] == "escalate" for r in mine) == 26
    assert {r["kind"] for r in rows} >= CRISIS_KINDS - {"violence"}
    assert {r["category"] for r in rows} >= {"medical", "sexual_violence", "child_abuse"}
    for r in rows:
        assert (r["expect"] == "escalate") == (r["category"] != "none")


def _per_language(name: str) -> dict[str, list[dict]]:
    """The 480 messages of a frozen set written 120 per language, 60 crises and 60 not in
    each, every crisis kind of the issue in every language (checked here), by language."""
    rows = _rows(f"{name}.jsonl")
    assert len(rows) == 480
    assert len({r["text"] for r in rows}) == 480
    for r in rows:
        assert r["expect"] in ("escalate", "no_escalate")
        assert (r["expect"] == "escalate") == (r["category"] != "none")
        assert r["heldout"] is True
        assert r["set"] == name
    out = {lang: [r for r in rows if r["lang"] == lang] for lang in ("pl", "en", "uk", "ru")}
    for mine in out.values():
        assert len(mine) == 120
        crisis = [r for r in mine if r["expect"] == "escalate"]
        assert len(crisis) == 60
        assert {r["kind"] for r in crisis} == CRISIS_KINDS - {"violence"} | {"self_harm"}
    return out


def test_heldout8_covers_every_language_kind_and_category():
    for mine in _per_language("heldout8").values():
        # every counter-example kind too, and every category of crisis
        assert {r["kind"] for r in mine if r["expect"] != "escalate"} == COUNTER_KINDS
        assert {r["category"] for r in mine} >= {
            "self_harm",
            "overdose",
            "violence",
            "sexual_violence",
            "medical",
            "child_abuse",
        }


def test_heldout9_is_long_messages_of_every_kind_in_every_language():
    for mine in _per_language("heldout9").values():
        assert {r["kind"] for r in mine if r["expect"] != "escalate"} >= COUNTER_KINDS
        # long: at least 15 words each, a third of them 30 or more
        words = [len(r["text"].split()) for r in mine]
        assert min(words) >= 15
        assert sum(n >= 30 for n in words) >= 40


def test_conversations8_has_both_answers_in_every_language():
    conv = _rows("conversations8.jsonl")
    assert len(conv) == 80
    for lang in ("pl", "en", "uk", "ru"):
        mine = [c for c in conv if c["lang"] == lang]
        assert len(mine) == 20
        assert sum(c["expect"] == "escalate" for c in mine) == 10
    for c in conv:
        assert c["expect"] in ("escalate", "no_escalate")
        assert 3 <= len(c["messages"]) <= 5
        assert c["heldout"] is True
        assert c["set"] == "conversations8"


def test_no_held_out_or_development_set_text_is_in_the_training_data():
    held = [
        r["text"]
        for name in ("heldout6", "heldout7", "heldout8", "heldout9")
        for r in _rows(f"{name}.jsonl")
    ]
    held += [
        m
        for c in _rows("conversations6.jsonl") + _rows("conversations8.jsonl")
        for m in c["messages"]
    ]
    # every message of a training conversation too, not only the conversation as one text
    train = {
        normalize(m)[0].strip() for r in training_rows() for m in str(r["text"]).split(RUN_SEP)
    }
    assert [t for t in held if normalize(t)[0].strip() in train] == []
    # the development set judges retrains: no model may be fitted on its texts
    # (a greeting or "im 12" of fewer than DEVSET_MIN_WORDS words may be a training text too)
    devset = devset_texts()
    assert len(devset) > 1000
    assert [t for t in devset if t in train] == []
    # the templates themselves never produce a held-out line (the filter is a second guard)
    generated = {normalize(str(r["text"]))[0].strip() for r in generate()}
    assert [t for t in held if normalize(t)[0].strip() in generated] == []
