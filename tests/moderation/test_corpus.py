"""The labelled corpus meets the quality targets (the same figures `make eval` prints)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from moderation import assess

CORPUS = Path(__file__).parent / "corpus"


def _rows():
    rows = []
    for p in sorted(CORPUS.glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def test_corpus_size_and_mix():
    rows = _rows()
    assert len(rows) >= 400
    langs = Counter(r["lang"] for r in rows)
    assert set(langs) == {"pl", "en", "uk", "ru"}
    neg = sum(r["expect"] == "no_escalate" for r in rows)
    assert neg / len(rows) >= 0.40
    for r in rows:
        assert r["expect"] in ("escalate", "no_escalate")
        assert r["text"]
        assert r.get("kind")


def test_recall_and_false_positive_rate():
    rows = _rows()
    pos = [r for r in rows if r["expect"] == "escalate"]
    neg = [r for r in rows if r["expect"] == "no_escalate"]
    missed = [r["text"] for r in pos if not assess(r["text"]).escalate]
    false_alarms = [r["text"] for r in neg if assess(r["text"]).escalate]
    assert 1 - len(missed) / len(pos) >= 0.97, missed
    assert len(false_alarms) / len(neg) <= 0.03, false_alarms
