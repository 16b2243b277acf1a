"""Train the crisis classifier and write moderation/model/crisis-<version>.json.

Needs scikit-learn (the `train` extra; part of `dev`). Data: bench/crisis_corpus.py (templates
× slot fillers × noise, plus the hand-written tuned corpus). Never the frozen held-out set.

1. Features: moderation.classifier.features of the normalised text, counts scaled by
   1/sqrt(number of features), exactly as the scorer computes them.
2. Thresholds, calibrated on out-of-fold probabilities (5 folds grouped by *template*, so a
   fold's phrasing is unseen by its model): `high` = the lowest threshold whose out-of-fold
   false-alarm rate is <= HIGH_FPR; `imminent` the one with <= IMMINENT_FPR; `concern` the one
   that keeps out-of-fold recall >= CONCERN_RECALL; `veto` the highest threshold below which
   at most VETO_LOSS of the crisis rows *that the lexicon escalates* fall (the veto only ever
   overrules the lexicon).
3. The final model: trained on every row; a crisis-vs-not logistic regression and a
   category model (multinomial, crisis rows with a known category).
4. Weights below PRUNE in absolute value are dropped (the file stays small).

Usage: python bench/crisis_train.py [--check] (--check: train and report, write nothing)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis_corpus import training_rows  # noqa: E402
from moderation.classifier import MODEL_VERSION, features  # noqa: E402
from moderation.detect import _lexicon_only  # noqa: E402
from moderation.lexicon import CATEGORIES, default_lexicon  # noqa: E402
from moderation.normalize import normalize  # noqa: E402

HIGH_FPR = 0.01
IMMINENT_FPR = 0.002
CONCERN_RECALL = 0.995
VETO_LOSS = 0.01
PRUNE = 0.02
C = 1.0
OUT = ROOT / "moderation" / "model" / f"crisis-{MODEL_VERSION}.json"


def analyzer(text: str) -> list[str]:
    return features(normalize(text)[0])


def scaled(x: sparse.csr_matrix) -> sparse.csr_matrix:
    n = np.asarray(x.sum(axis=1)).ravel()
    n[n == 0] = 1
    return sparse.diags(1 / np.sqrt(n)) @ x


def threshold_at_fpr(p_neg: np.ndarray, fpr: float) -> float:
    s = np.sort(p_neg)[::-1]
    k = int(fpr * len(s))
    return float(s[k]) + 1e-6 if k < len(s) else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = training_rows()
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["label"]) for r in rows])  # type: ignore[call-overload]
    groups = [f"{r['lang']}/{r['kind']}/{r.get('template', i)}" for i, r in enumerate(rows)]
    vec = CountVectorizer(analyzer=analyzer, min_df=2)
    x = scaled(vec.fit_transform(texts).tocsr())
    print(f"{len(rows)} rows, {x.shape[1]} features ({time.time() - t0:.0f} s)")
    oof = np.zeros(len(rows))
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        m = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", solver="liblinear")
        m.fit(x[tr], y[tr])
        oof[te] = m.predict_proba(x[te])[:, 1]
    p_pos, p_neg = oof[y == 1], oof[y == 0]
    high = threshold_at_fpr(p_neg, HIGH_FPR)
    imminent = max(threshold_at_fpr(p_neg, IMMINENT_FPR), high)
    concern = min(float(np.quantile(p_pos, 1 - CONCERN_RECALL)), high)
    lex = default_lexicon()
    lex_esc = np.array([bool(t.strip()) and _lexicon_only(t, None, lex)[0].escalate for t in texts])
    p_lex_pos = oof[(y == 1) & lex_esc]
    veto = min(float(np.quantile(p_lex_pos, VETO_LOSS)), concern)
    print(
        f"lexicon escalates {lex_esc[y == 1].mean():.3f} of crisis rows, "
        f"{lex_esc[y == 0].mean():.3f} of the others; the veto turns "
        f"{np.mean(oof[(y == 0) & lex_esc] < veto):.3f} of those false alarms to concern"
    )
    print(
        f"out-of-fold: recall at high {np.mean(p_pos >= high):.3f}, false alarms "
        f"{np.mean(p_neg >= high):.3f}; thresholds veto {veto:.3f} concern {concern:.3f} "
        f"high {high:.3f} imminent {imminent:.3f} ({time.time() - t0:.0f} s)"
    )
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", solver="liblinear")
    model.fit(x, y)
    names = vec.get_feature_names_out()
    coef = model.coef_[0]
    weights = {str(names[i]): round(float(coef[i]), 4) for i in np.flatnonzero(abs(coef) >= PRUNE)}
    cat_rows = [i for i, r in enumerate(rows) if r["label"] == 1 and r["category"] in CATEGORIES]
    cy = np.array([str(rows[i]["category"]) for i in cat_rows])
    cm = LogisticRegression(C=C, max_iter=2000)
    cm.fit(x[cat_rows], cy)
    cnames = [str(c) for c in cm.classes_]
    keep = np.flatnonzero(np.abs(cm.coef_).max(axis=0) >= PRUNE * 5)
    cweights = {str(names[i]): [round(float(v), 3) for v in cm.coef_[:, i]] for i in keep}
    data = {
        "version": MODEL_VERSION,
        "features": "c4+w1+w2",
        "intercept": round(float(model.intercept_[0]), 5),
        "weights": weights,
        "categories": {
            "names": cnames,
            "intercepts": [round(float(v), 4) for v in cm.intercept_],
            "weights": cweights,
        },
        "thresholds": {
            "veto": round(veto, 4),
            "concern": round(concern, 4),
            "high": round(high, 4),
            "imminent": round(imminent, 4),
        },
        "trained_on": {
            "rows": len(rows),
            "crisis_rows": int(y.sum()),
            "corpus": "bench/crisis_corpus.py (generated) + tests/moderation/corpus/*.jsonl",
            "out_of_fold_recall_at_high": round(float(np.mean(p_pos >= high)), 4),
            "out_of_fold_false_alarms_at_high": round(float(np.mean(p_neg >= high)), 4),
        },
    }
    print(f"{len(weights)} weights, {len(cweights)} category weights ({time.time() - t0:.0f} s)")
    if not args.check:
        OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
