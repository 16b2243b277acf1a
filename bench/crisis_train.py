"""Train the crisis classifier and write moderation/model/crisis-<version>.json.

Needs scikit-learn (the `train` extra; part of `dev`). Data: bench/crisis_corpus.py (templates
by kind × slot fillers × noise, plus the hand-written tuned corpus). Never the frozen held-out
sets (tests/moderation/heldout/).

1. Features: moderation.classifier.features of the normalised text (4-grams, words and word
   pairs over runs of letters: digits carry no weight), counts scaled by 1/sqrt(number of
   features, at least MIN_FEATURES), exactly as the scorer computes them.
2. A validation split (bench.crisis_corpus.is_validation): a fifth of the generated templates of every language and
   kind (chosen by a hash of language/kind/template, so a template's phrasing is either
   fitted or validated on, never both); the hand-written rows are always fitted on.
3. A model fitted on the rest scores the validation rows; each validation row also gets the
   lexicon's verdict (moderation.detect.lexicon_group: none, concern, framed, high,
   imminent). The thresholds per verdict (classifier.Thresholds.escalate) are chosen
   together: for a cost λ of a false alarm against a miss, each group's threshold maximises
   recall - λ·false alarms there; the smallest λ whose validation false alarms, beyond those
   no threshold can remove (the lexicon's that the capped vetoes may not overrule), are <=
   VALIDATION_FPR wins. The vetoes (groups "high" and "imminent", where the lexicon
   escalates) are capped so that at most VETO_LOSS of the lexicon's correct escalations in
   the validation split fall below them; the lexicon's "imminent" (an immediate-danger
   signal, or intent with means) is never overruled (VETO_LOSS 0): a short unmistakable
   message ("the noose is ready") has few features and a weak score. `imminent` = the lowest threshold with <=
   IMMINENT_FPR validation false alarms; `concern` keeps validation recall >= CONCERN_RECALL.
   Both false-alarm shares are of the counter-examples that are not everyday chat
   (bench.crisis_kinds.CHAT_KINDS: closings, scheduling, "ok", "v 3"...): an escalated chat
   row counts as a false alarm, but the many easy chat rows do not enlarge the budget (they
   would buy room for false alarms on jokes, recovery stories and quotes). The share of chat
   rows escalated is printed.
   The build-up conversations of the validation split (bench.crisis_corpus.buildup_runs:
   risk told across messages, and its harmless counterparts, made only of pieces no fitted
   conversation uses) are not calibrated on; their recall and false alarms under the
   calibrated thresholds are printed per language (`--kinds`: per kind).
4. The shipped model is fitted on every row with the same settings (so it has seen the
   validation templates too; the thresholds are those calibrated on the split, where its
   phrasing was unseen). A category model (multinomial, crisis rows with a known category)
   names the category when the classifier escalates alone.
5. Weights below PRUNE in absolute value are dropped (the file stays small).

Runs in well under a minute on one core; run it niced on a shared machine.
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
from sklearn.multiclass import OneVsRestClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis_corpus import is_validation, training_rows  # noqa: E402
from bench.crisis_kinds import CHAT_KINDS  # noqa: E402
from moderation.classifier import (  # noqa: E402
    FEATURES,
    LEXICON_GROUPS,
    MIN_FEATURES,
    MODEL_VERSION,
    features,
)
from moderation.detect import _lexicon_only, lexicon_group  # noqa: E402
from moderation.lexicon import CATEGORIES, default_lexicon  # noqa: E402
from moderation.normalize import normalize  # noqa: E402

VALIDATION_FPR = 0.01
IMMINENT_FPR = 0.002
CONCERN_RECALL = 0.995
VETO_LOSS = {"high": 0.02, "imminent": 0.0}
PRUNE = 0.02
# the share of the length column's weight shipped as the model's feature_bias (see `scaled`):
# 0 lost half the build-up conversations of unseen pieces (recall 0.67 -> 0.35), 1 read runs
# of everyday messages as crises (21 of 1,500 readings, and "my landlord wants me out by the
# 15th, what are my rights?" alone); 0.5, 0.75, 0.9: build-ups 0.42, 0.47, 0.50, everyday
# readings escalated 2, 6, 7
LENGTH_KEPT = 0.9
C = 3.0
OUT = ROOT / "moderation" / "model" / f"crisis-{MODEL_VERSION}.json"


def analyzer(text: str) -> list[str]:
    return features(normalize(text)[0])


def scaled(x: sparse.csr_matrix, count: np.ndarray) -> sparse.csr_matrix:
    """Counts divided by the square root of each text's number of features `count` (all of
    them, as moderation.classifier counts them: letters + words - 1), at least MIN_FEATURES,
    and a last column: `count` scaled the same way, the text's length. The crisis rows are
    longer than the everyday ones, so a model without that column spreads a reward for length
    over the common words (its weight came out at +0.73 a feature); with it, the length is
    learned there, the other weights are length-neutral, and the shipped model keeps only
    LENGTH_KEPT of the length's weight (`proba`, the model's `feature_bias`), so a run of
    harmless messages read together piles up less evidence for nothing but its length (model
    2026.3 read one run in ten of the relay benchmark's texts as a crisis)."""
    n = np.maximum(count, MIN_FEATURES)
    return sparse.hstack(
        [sparse.diags(1 / np.sqrt(n)) @ x, sparse.csr_matrix((count / np.sqrt(n))[:, None])]
    ).tocsr()


def proba(model: LogisticRegression, x: sparse.csr_matrix) -> np.ndarray:
    """The crisis probability of each row of `x` as the shipped scorer computes it: with only
    LENGTH_KEPT of the length column's weight (see `scaled`)."""
    coef = model.coef_[0].copy()
    coef[-1] *= LENGTH_KEPT
    z = x @ coef + model.intercept_[0]
    return np.asarray(1 / (1 + np.exp(-z))).ravel()


def threshold_at_fpr(p_neg: np.ndarray, fpr: float) -> float:
    s = np.sort(p_neg)[::-1]
    k = int(fpr * len(s))
    return float(s[k]) + 1e-6 if k < len(s) else 0.0


def fit(x: sparse.csr_matrix, y: np.ndarray, c: float = C) -> LogisticRegression:
    m = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", solver="liblinear")
    m.fit(x, y)
    return m


def calibrate(
    p: np.ndarray, y: np.ndarray, group: np.ndarray, n_budget: int
) -> tuple[dict[str, float], float]:
    """Per-group escalation thresholds (see the module docstring) and the cost λ chosen.
    False alarms are counted as a share of `n_budget` counter-examples (those not of an
    everyday chat kind)."""
    n_pos, n_neg = max(int(y.sum()), 1), max(n_budget, 1)
    per: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, float]] = {}
    for g in LEXICON_GROUPS:
        pos, neg = np.sort(p[(group == g) & (y == 1)]), np.sort(p[(group == g) & (y == 0)])
        cand = np.unique(np.concatenate([pos, neg, [0.0, 1.0 + 1e-9]]))
        cap = 1.0 + 1e-9
        if g in VETO_LOSS:
            # 0: never overrule the lexicon's verdict (its immediate-danger signals)
            cap = float(np.quantile(pos, VETO_LOSS[g])) if VETO_LOSS[g] and len(pos) else 0.0
        cand = cand[cand <= cap] if (cand <= cap).any() else np.array([0.0])
        tp = len(pos) - np.searchsorted(pos, cand, side="left")
        fp = len(neg) - np.searchsorted(neg, cand, side="left")
        per[g] = (cand, tp / n_pos, fp / n_neg, cap)
    # the false alarms no threshold can remove (the lexicon's, below the capped vetoes) do not
    # count against the budget, or an unreachable target would switch the classifier off
    forced = sum(float(fp.min()) for _, _, fp, _ in per.values())
    best: dict[str, float] = {}
    lam = 0.0
    for lam in np.geomspace(0.05, 5000, 400):
        best = {}
        fa = 0.0
        for g, (cand, tp, fp, _) in per.items():
            i = int(np.argmax(tp - lam * fp))
            best[g] = float(cand[i])
            fa += float(fp[i])
        if fa - forced <= VALIDATION_FPR:
            break
    return best, float(lam)


def rates(p: np.ndarray, y: np.ndarray, group: np.ndarray, esc: dict[str, float]) -> str:
    hit = np.array([p[i] >= esc[group[i]] for i in range(len(p))])
    rec = f"{hit[y == 1].mean():.3f}" if (y == 1).any() else "n/a"
    fa = f"{hit[y == 0].mean():.3f}" if (y == 0).any() else "n/a"
    return f"recall {rec}, false alarms {fa}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--kinds", action="store_true", help="per build-up kind figures")
    ap.add_argument("--c", type=float, default=C, help=f"inverse regularisation (default {C})")
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = training_rows()
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["label"]) for r in rows])  # type: ignore[call-overload]
    val = np.array([is_validation(r) for r in rows])
    vec = CountVectorizer(analyzer=analyzer, min_df=2)
    count = np.array([len(analyzer(t)) for t in texts])
    x = scaled(vec.fit_transform(texts).tocsr(), count)
    print(
        f"{len(rows)} rows ({int(val.sum())} validation), {x.shape[1]} features "
        f"({time.time() - t0:.0f} s)"
    )
    lex = default_lexicon()
    # the build-up conversations of the validation split are scored (and reported) apart: the
    # thresholds are calibrated on single messages, as before
    buildup = np.array([str(r["kind"]).startswith("buildup:") for r in rows])
    bi = np.flatnonzero(val & buildup)
    vi = np.flatnonzero(val & ~buildup)
    group = np.array([lexicon_group(_lexicon_only(texts[i], None, lex)[0]) for i in vi])
    yv = y[vi]
    chat = np.array([rows[i]["kind"] in CHAT_KINDS for i in vi])
    split_model = fit(x[~val], y[~val], args.c)
    pv = proba(split_model, x[vi])
    esc, lam = calibrate(pv, yv, group, int(((yv == 0) & ~chat).sum()))
    lexicon_alone = np.isin(group, ("high", "imminent"))
    imminent = max(threshold_at_fpr(pv[(yv == 0) & ~chat], IMMINENT_FPR), esc["none"])
    concern = min(float(np.quantile(pv[yv == 1], 1 - CONCERN_RECALL)), esc["none"])
    print(
        f"validation: lexicon alone recall {lexicon_alone[yv == 1].mean():.3f}, false alarms "
        f"{lexicon_alone[yv == 0].mean():.3f}; combined {rates(pv, yv, group, esc)} "
        f"(λ {lam:.2f}); thresholds {json.dumps({k: round(v, 4) for k, v in esc.items()})} "
        f"concern {concern:.3f} imminent {imminent:.3f} ({time.time() - t0:.0f} s)"
    )
    hit = np.array([pv[i] >= esc[group[i]] for i in range(len(pv))])
    print(
        f"   everyday chat kinds: {int(hit[chat].sum())} of {int(chat.sum())} escalated; "
        f"other counter-examples {int(hit[(yv == 0) & ~chat].sum())} of "
        f"{int(((yv == 0) & ~chat).sum())}"
    )
    for g in LEXICON_GROUPS:
        m = group == g
        print(
            f"   lexicon {g:8s}: {int((m & (yv == 1)).sum()):5d} crisis, {int((m & (yv == 0)).sum()):5d} not"
        )
    if len(bi):
        pb = proba(split_model, x[bi])
        gb = np.array([lexicon_group(_lexicon_only(texts[i], None, lex)[0]) for i in bi])
        print(f"   build-up conversations of unseen pieces: {rates(pb, y[bi], gb, esc)}")
        for lang in sorted({str(rows[i]["lang"]) for i in bi}):
            m = np.array([rows[i]["lang"] == lang for i in bi])
            print(f"      {lang}: {rates(pb[m], y[bi][m], gb[m], esc)}")
        if args.kinds:
            for kind in sorted({str(rows[i]["kind"]) for i in bi}):
                m = np.array([rows[i]["kind"] == kind for i in bi])
                hit = np.array([pb[j] >= esc[gb[j]] for j in np.flatnonzero(m)])
                print(f"      {kind:26s} {int(hit.sum()):4d} of {int(m.sum()):4d} escalated")
    model = fit(x, y, args.c)
    names = vec.get_feature_names_out()
    coef = model.coef_[0][:-1]  # the length column ships as feature_bias (see `scaled`)
    bias = LENGTH_KEPT * float(model.coef_[0][-1])
    print(f"length weight {model.coef_[0][-1]:+.3f} a feature, {bias:+.3f} shipped")
    weights = {str(names[i]): round(float(coef[i]), 4) for i in np.flatnonzero(abs(coef) >= PRUNE)}
    cat_rows = [i for i, r in enumerate(rows) if r["label"] == 1 and r["category"] in CATEGORIES]
    cy = np.array([str(rows[i]["category"]) for i in cat_rows])
    # one-vs-rest with liblinear: seconds, where the multinomial solver took minutes
    cm = OneVsRestClassifier(LogisticRegression(C=C, max_iter=2000, solver="liblinear"))
    cm.fit(x[cat_rows][:, :-1], cy)
    cnames = [str(c) for c in cm.classes_]
    ccoef = np.vstack([e.coef_[0] for e in cm.estimators_])
    cintercept = [float(e.intercept_[0]) for e in cm.estimators_]
    keep = np.flatnonzero(np.abs(ccoef).max(axis=0) >= PRUNE * 5)
    cweights = {str(names[i]): [round(float(v), 3) for v in ccoef[:, i]] for i in keep}
    data = {
        "version": MODEL_VERSION,
        "features": FEATURES,
        "intercept": round(float(model.intercept_[0]), 5),
        "feature_bias": round(bias, 5),
        "weights": weights,
        "categories": {
            "names": cnames,
            "intercepts": [round(v, 4) for v in cintercept],
            "weights": cweights,
        },
        "thresholds": {
            "concern": round(concern, 4),
            "imminent": round(imminent, 4),
            "escalate": {g: round(v, 4) for g, v in esc.items()},
        },
        "trained_on": {
            "rows": len(rows),
            "crisis_rows": int(y.sum()),
            "validation_rows": int(val.sum()),
            "corpus": "bench/crisis_corpus.py (generated, with bench/crisis_kinds.py) + "
            "tests/moderation/corpus/*.jsonl",
            "validation": rates(pv, yv, group, esc),
        },
    }
    print(f"{len(weights)} weights, {len(cweights)} category weights ({time.time() - t0:.0f} s)")
    if not args.check:
        OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
