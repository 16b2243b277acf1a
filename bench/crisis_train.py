"""Train the crisis classifier and write moderation/model/crisis-<version>.json.

Needs scikit-learn (the `train` extra; part of `dev`). Data: bench/crisis_corpus.py (templates
by kind × slot fillers × noise, plus the hand-written tuned corpus). Never the frozen held-out
sets (tests/moderation/heldout/).

1. Features: moderation.classifier.features of the normalised text (4-grams, words and word
   pairs over runs of letters: digits carry no weight), counts scaled by 1/sqrt(number of
   features, at least MIN_FEATURES), exactly as the scorer computes them.
2. Out-of-fold scores: the generated templates are cut into FOLDS (5) folds by a hash of
   language/kind/template (`fold_of`, the hash of bench.crisis_corpus.is_validation: with
   `--salt 0` fold 0 is the former validation split; another salt deals the templates anew), and a model fitted on every row that holds none of a fold's
   templates (a run of messages holds those of its messages; the build-ups of validation
   pieces are never fitted) scores the fold's messages. So EVERY generated message is scored by
   a model that never saw its phrasing, and all of them are calibrated on (a fifth decided it
   before: two or three hard counter-example templates, of ~48 near-identical rows each, moved
   a threshold 0.913..0.977 across retrains). The runs of harmless messages (kind "run", label
   0: how assess_conversation reads recent messages together) are scored alike, by a model
   that fitted neither the run nor one of its messages' templates, and join the calibration as
   counter-examples. The hand-written rows are always fitted on, never calibrated on.
3. Each message gets the lexicon's verdict (moderation.detect.lexicon_group: none, concern,
   framed, high, imminent). Each template counts once (its rows weigh 1 / its rows; a run
   RUN_WEIGHT), and each score is smoothed (`_tail`: spread by SMOOTH in log-odds) so that no
   single template sets a threshold. The thresholds per verdict (classifier.Thresholds.escalate,
   one set for every language: per-language thresholds, tried in round 6, escalated harmless
   uk/ru phrasings and lost uk/ru conversations, see bench/results/crisis_calib6.md) are
   chosen together (`calibrate`): for a cost λ of a false alarm against a miss, each verdict's
   threshold maximises recall - λ·false alarms there ("concern"'s never above "none"'s: a weak
   distress phrase must not make escalating harder than no phrase); the smallest λ whose false
   alarms, beyond those no threshold can remove (the lexicon's that the capped vetoes may not
   overrule), are <= VALIDATION_FPR wins. False alarms are a share of the BUDGET: the hard
   counter-examples only. Everyday chat (bench.crisis_kinds.CHAT_KINDS), runs of harmless
   messages and easy counter-examples (scored below EASY out of fold where the lexicon does
   not escalate) count as false alarms when escalated but do not enlarge the budget, so adding
   easy examples cannot buy false alarms on jokes, recovery stories and quotes elsewhere.
   The vetoes (groups "high" and "imminent", where the lexicon escalates) are capped
   (`veto_caps`) so that at most VETO_LOSS of the lexicon's correct escalations fall below
   them; the lexicon's "imminent" (an immediate-danger signal, or intent with means) is never
   overruled (VETO_LOSS 0): a short unmistakable message ("the noose is ready") has few
   features and a weak score. `imminent` = the lowest threshold with <= IMMINENT_FPR of the
   budget above it (and no lower than "none"); `concern` keeps recall >= CONCERN_RECALL. The
   figures printed are out of fold, per row and per template. How stable the thresholds are
   between retrains: bench/crisis_calib_stability.py (bootstrap over templates of `--dump`,
   and retrains with other fold assignments, `--salt`).
   The build-up conversations of the validation pieces (bench.crisis_corpus.buildup_runs:
   risk told across messages, and its harmless counterparts, made only of pieces no fitted
   conversation uses) are not calibrated on; fold 0's model scores them, and their recall and
   false alarms under the thresholds are printed per language (`--kinds`: per kind).
   Since 2026.8 those thresholds of "none" and "concern" are the model's `escalate_runs`
   (for a run of messages read as one text: runs of everyday messages score high together),
   and a single message's are lower (`message_threshold`: the lowest at which the natural
   messages' false alarms out of fold rise by at most MESSAGE_NATURAL_EXTRA and at most
   MESSAGE_CHAT_FPR of the everyday chat messages escalate).
4. The shipped model is fitted on every row with the same settings (so it has seen every
   template; the thresholds are those calibrated out of fold, where the phrasing was unseen). A category model (multinomial, crisis rows with a known category)
   names the category when the classifier escalates alone.
5. Weights below PRUNE in absolute value are dropped (the file stays small).
6. The development set (bench/crisis_devset/, `devset_rows`: messages written apart from every
   training round, in the style of the frozen held-out sets, never fitted on): the shipped
   model's figures on it are printed per language (lexicon and classifier combined as in 3.,
   without the Cyrillic readings of Latin-letter text that moderation.assess adds and `make
   eval` counts; and the classifier alone: area under the ROC curve, recall where 3 % of
   its harmless messages score above), to compare retrains without looking at the frozen
   sets. `--thresholds-from-devset` chooses the thresholds there instead of 3. (`devset_thresholds`:
   the highest recall at which every language's harmless messages escalate at most DEVSET_FPR
   of the time; vetoes capped as in 3.). Measured on 2026-12-02 it lost recall on every frozen
   set: the lexicon's own false alarms that the capped vetoes may not overrule already exceed
   that share there, so it only raised the classifier-alone threshold
   (bench/results/crisis_devset_round.md); not the default.
7. Since 2026.10 (the default; not with `--thresholds-from-devset`) the threshold of a single
   message where the lexicon does not escalate ("none", "concern") is chosen on the
   development set with the full detector (moderation.assess and assess_conversation with the
   new model; `devset_detector_thresholds`): the lowest at which its harmless messages
   escalate at most DEVSET_FPR (all languages together; or DEVSET_EXTRA beyond the lexicon's
   own false alarms); runs of messages get the lowest, not below it, at which its harmless
   conversations escalate at most DEVSET_CONV_FPR, but never less than the lowest at which
   the out-of-fold runs of harmless messages of 3. (14,000) escalate at most RUNS_CALM_EXTRA
   more often than at their calibrated threshold (`calm_runs_floor`; runs of everyday
   messages score high together, one reading in a thousand, which the development set's 240
   harmless conversations are too few to show; 2026.10 kept the calibrated threshold itself,
   0.95, and missed farewells told across messages). Why: the fit weighs the natural
   corpus and everyday chat NATURAL_WEIGHT and CHAT_WEIGHT times a generated row
   (`row_weights`), which ranks unseen text far better (the development set's recall at 3 %
   false alarms, classifier alone, 0.895 -> 0.951), but out of fold a model that never saw an
   everyday chat template reads its time words ("odezwę się wieczorem") as a plan, so the
   out-of-fold rule of 3. put the threshold at 0.94 and lost what the ranking gained. The
   other thresholds (framed, the vetoes, concern, imminent) are still those of 3.
8. `--runs-model VERSION` leaves runs of messages to another shipped model (the file's
   "runs_model", moderation.classifier), and `--message-threshold P` sets a single message's
   threshold where the lexicon does not escalate by hand; the development set is then read
   again with the full detector as it would ship. Measured on 2026-12-06 with the pending
   rounds (bench/results/crisis_devset_round.md, "Fourteenth session"): the development
   conversations stay as they were, single messages still gain and lose; not shipped.

Runs in 5-10 minutes on one core (six fits and the development set read ~20 times); run it
niced on a shared machine.
Usage: python bench/crisis_train.py [--check] [--dump FILE.npz] [--salt N] [--out FILE] [--c C]
[--corpus-seed N] [--no-natural] [--kinds] [--runs] [--thresholds-from-devset] [--pending DIR]
[--everyday-floor] [--runs-model VERSION] [--message-threshold P]
(--check: train and report, write nothing; --dump: save the out-of-fold scores, verdicts and
weights; --salt: another assignment of templates to folds; --out: write the model there;
--corpus-seed: the same corpus filled and noised anew, to tell a corpus change from the draw;
--runs: out-of-fold figures of a separate threshold for runs of messages, not shipped;
--thresholds-from-devset: see 6.; --pending round14: also train on a round kept apart in
bench/crisis_natural/pending/, to measure it; --everyday-floor: see `everyday_floor` and
`everyday_runs_floor`, measured on 2026-12-05 and not shipped: bench/results/crisis_devset_round.md,
"Model 2026.14" and "Model 2026.14 again"; --runs-model, --message-threshold: see 8.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import logit, ndtr
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.multiclass import OneVsRestClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis_corpus import (  # noqa: E402
    NATURAL,
    RUN_SEP,
    devset_rows,
    training_rows,
    written_rows,
)
from bench.crisis_kinds import CHAT_KINDS  # noqa: E402
from moderation import assess, assess_conversation  # noqa: E402
from moderation.classifier import (  # noqa: E402
    FEATURES,
    LEXICON_GROUPS,
    MIN_FEATURES,
    MODEL_VERSION,
    Classifier,
    Thresholds,
    features,
    load_model,
)
from moderation.detect import _lexicon_only, lexicon_group  # noqa: E402
from moderation.lexicon import CATEGORIES, Lexicon, default_lexicon  # noqa: E402
from moderation.normalize import normalize  # noqa: E402

# folds of the out-of-fold scores (by template)
FOLDS = 5
# the share of the weight of the counter-examples in the budget (chat and easy ones aside) that
# may escalate beyond what the lexicon forces: 0.05 is the tolerance of model 2026.5 (1 % of all
# the counter-examples but chat, of which about 1 in 5.6 is neither chat nor easy)
VALIDATION_FPR = 0.05
# a counter-example scored below this out of fold, where the lexicon does not escalate, is easy
EASY = 0.5
# the spread (in log-odds) of each out-of-fold score when the shares above a threshold are
# counted (`_tail`): 0.5 is about 0.90..0.95 around 0.93
SMOOTH = 0.5
# the thresholds tried: 0, 1 and 400 steps even in log-odds from 0.02 to 0.9995
GRID = np.concatenate([[0.0], 1 / (1 + np.exp(-np.linspace(-3.9, 7.6, 400))), [1.0]])
# the weight of a run of harmless messages in the calibration (a template weighs 1 in all)
RUN_WEIGHT = 1 / 48
IMMINENT_FPR = 0.002
CONCERN_RECALL = 0.995
# the share of the lexicon's correct "high" escalations (out of fold) the classifier may overrule
# (`veto_caps`): 0.02 until 2026.12; a retrain on the pending rounds put the veto at 0.12 there
# and overruled "муж избивал меня всю ночь" (0.10), 0.015 keeps it below 0.1 (2026-12-05)
VETO_LOSS = {"high": 0.015, "imminent": 0.0}
# the highest threshold of a message whose every crisis phrase the lexicon reads as negated or
# in the past ("framed"): calibration alone puts it at 1.0 (few crises are framed), so a past
# frame would hide a message the classifier is sure of ("he raped me 2 years ago and he got out
# of prison last week, hes outside my door", 1.00). No framed message of the development set
# and of the natural corpus that must not escalate scores this high (2026-12-04).
FRAMED_MAX = 0.97
PRUNE = 0.02
# a single message's threshold where the lexicon does not escalate ("none", "concern";
# `message_threshold`): lowered from the calibrated one (which runs of messages keep) while the
# natural harmless messages escalate at most MESSAGE_NATURAL_EXTRA more of the time out of fold
# and at most MESSAGE_CHAT_FPR of the everyday chat messages escalate
MESSAGE_NATURAL_EXTRA = 0.015
MESSAGE_CHAT_FPR = 1 / 5000
# --thresholds-from-devset: at most this share of the development set's harmless messages
# escalate in each language (the target is 0.03 on unseen text), or, where the lexicon's own
# false alarms that no threshold may overrule (the capped vetoes) take more, DEVSET_EXTRA beyond
DEVSET_FPR = 0.025
DEVSET_EXTRA = 0.005
# the share of the length column's weight shipped as the model's feature_bias (see `scaled`):
# 0 lost half the build-up conversations of unseen pieces (recall 0.67 -> 0.35), 1 read runs
# of everyday messages as crises (21 of 1,500 readings, and "my landlord wants me out by the
# 15th, what are my rights?" alone); 0.5, 0.75, 0.9: build-ups 0.42, 0.47, 0.50, everyday
# readings escalated 2, 6, 7
LENGTH_KEPT = 0.9
C = 3.0
# the weight in the fit of a row of the natural corpus (bench/crisis_natural/: written freely,
# the way people type) and of an everyday chat row or a run of harmless messages, against 1 for
# a generated row of the other kinds (since 2026.10). The templates' phrasings are many rows
# each and taught the model their sentence shapes; the natural rows teach how people write.
# Measured with --check (bench/results/crisis_devset_round.md, "Model 2026.10"): the
# development set's recall at 3 % false alarms, classifier alone, 0.895 at weight 1, 0.930 at
# 3, 0.951 at 10, 0.957 at 30. Everyday chat is weighted alike so that the model still knows
# "odezwę się wieczorem" (a plan and a time) is no crisis.
NATURAL_WEIGHT = 10.0
CHAT_WEIGHT = 10.0
# the share of the development set's harmless conversations that may escalate when the
# threshold of runs of messages is chosen there (`devset_detector_thresholds`; the issue's
# target on unseen conversations is 0.1), or DEVSET_EXTRA beyond those that escalate whatever
# that threshold is
DEVSET_CONV_FPR = 0.075
# everyday lines no model is fitted on (bench/crisis_natural/pending/round15/: 1,190 short
# greetings, logistics, "one more question", written apart), and the share of them a single
# message's threshold may let escalate with --everyday-floor (`everyday_floor`): model
# 2026.12's share there, 14 of 1,190, so that a retrain escalates unseen everyday text no
# more often than it did
EVERYDAY = NATURAL / "pending" / "round15"
EVERYDAY_FPR = 0.012
# the same everyday lines read as one visitor's runs (EVERYDAY_RUN lines in a row, in the
# order written, each language apart), and the share of those runs the threshold of runs may
# let escalate with --everyday-floor (`everyday_runs_floor`): model 2026.12's share, 4 of 295;
# a retrain whose runs' threshold fell from 0.904 to 0.869 escalated everyday Polish
# closings read together (tests/moderation/test_everyday_text.py)
EVERYDAY_RUN = 4
EVERYDAY_RUN_FPR = 0.014
# how many more of the out-of-fold runs of harmless messages (a share of them) may escalate at
# the threshold of runs than at their calibrated one (`calm_runs_floor`): 14 of 14,000 (model
# 2026.11: 0.95 -> 0.90; the development set's harmless conversations alone chose 0.79, where
# five everyday Polish closings read together, 0.88, escalated)
RUNS_CALM_EXTRA = 0.001
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


def threshold_at_fpr(p_neg: np.ndarray, w: np.ndarray, fpr: float) -> float:
    """The lowest threshold at which at most `fpr` of the weight `w` of the scores `p_neg` is
    at or above it."""
    order = np.argsort(p_neg)[::-1]
    s, cum = p_neg[order], np.cumsum(w[order]) / max(float(w.sum()), 1e-12)
    k = int(np.searchsorted(cum, fpr, side="right"))
    return float(s[k]) + 1e-6 if k < len(s) else 0.0


def weighted_quantile(v: np.ndarray, w: np.ndarray, q: float) -> float:
    """The `q` quantile of the values `v` weighted by `w` (the lowest value at or above which
    lies at least 1 - q of the weight)."""
    order = np.argsort(v)
    cum = np.cumsum(w[order]) / float(w.sum())
    return float(v[order][min(int(np.searchsorted(cum, q, side="left")), len(v) - 1)])


def template_key(row: dict[str, object]) -> str | None:
    """The template a generated row was filled from (language/kind/template, as
    bench.crisis_corpus.is_validation keys it); None for a hand-written row or a run."""
    if "template" not in row or row.get("split"):
        return None
    return f"{row['lang']}/{row['kind']}/{row['template']}"


def fold_of(key: str, salt: int = 0) -> int:
    """The fold (0..FOLDS-1) of a template key: with salt 0 the same hash as
    bench.crisis_corpus.is_validation, so fold 0 is the former validation split; another salt
    deals the templates to the folds anew (to see how much the thresholds owe to the deal)."""
    k = key if not salt else f"{salt}:{key}"
    h = int(hashlib.sha256(k.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return min(int(h * FOLDS), FOLDS - 1)


def row_weights(
    rows: list[dict[str, object]], pending_weight: float = NATURAL_WEIGHT
) -> np.ndarray:
    """The weight of each training row in the fit: NATURAL_WEIGHT for a row of the natural
    corpus (its "template" is "nat:" + scenario), `pending_weight` for one of a pending round
    (--pending: "pending" set), CHAT_WEIGHT for everyday chat (CHAT_KINDS) and runs of
    harmless messages (kind "run", label 0), 1 for the rest."""
    return np.array(
        [
            pending_weight
            if r.get("pending")
            else NATURAL_WEIGHT
            if str(r.get("template", "")).startswith("nat:")
            else CHAT_WEIGHT
            if r["kind"] in CHAT_KINDS or (r["kind"] == "run" and r["label"] == 0)
            else 1.0
            for r in rows
        ]
    )


def fit(x: sparse.csr_matrix, y: np.ndarray, sw: np.ndarray, c: float = C) -> LogisticRegression:
    """A logistic regression fitted on rows `x`, labels `y` and row weights `sw`
    (`row_weights`), classes balanced."""
    m = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", solver="liblinear")
    m.fit(x, y, sample_weight=sw)
    return m


def _tail(v: np.ndarray, w: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """The weight of the scores `v` (weights `w`) at or above each threshold of `cand`, each
    score smoothed: taken as spread around its log-odds with the spread SMOOTH (a normal
    distribution), so that the share above a threshold moves smoothly with it and no single
    score decides where the best threshold lies."""
    if not len(v):
        return np.zeros(len(cand))
    z = logit(np.clip(v, 1e-6, 1 - 1e-6))
    with np.errstate(divide="ignore"):
        zc = logit(cand)
    out = np.empty(len(cand))
    for i in range(0, len(cand), 64):
        d = (z[None, :] - zc[i : i + 64, None]) / SMOOTH
        out[i : i + 64] = ndtr(d) @ w
    return out


def veto_caps(p: np.ndarray, y: np.ndarray, group: np.ndarray, w: np.ndarray) -> dict[str, float]:
    """The highest veto threshold of each lexicon group of VETO_LOSS: at most that share of the
    weight of the crisis rows of the group (each template once, smoothed as `_tail`) below it."""
    caps: dict[str, float] = {}
    for g, loss in VETO_LOSS.items():
        if not loss:
            caps[g] = 0.0  # never overrule the lexicon's verdict (its immediate-danger signals)
            continue
        pos = (group == g) & (y == 1)
        share = _tail(p[pos], w[pos], GRID) / max(float(w[pos].sum()), 1e-12)
        caps[g] = float(GRID[share >= 1 - loss].max()) if (share >= 1 - loss).any() else 0.0
    return caps


def thresholds(
    p: np.ndarray, y: np.ndarray, group: np.ndarray, w: np.ndarray, budget: np.ndarray
) -> tuple[dict[str, float], float, float, float]:
    """Everything the model file's "thresholds" hold, from out-of-fold scores: the escalation
    thresholds per lexicon verdict (`calibrate` under `veto_caps`), `concern`, `imminent`, and
    the cost λ chosen."""
    esc, lam = calibrate(p, y, group, w, budget, veto_caps(p, y, group, w))
    esc["framed"] = min(esc["framed"], FRAMED_MAX)
    imminent = max(threshold_at_fpr(p[budget], w[budget], IMMINENT_FPR), esc["none"])
    concern = min(weighted_quantile(p[y == 1], w[y == 1], 1 - CONCERN_RECALL), esc["none"])
    return esc, concern, imminent, lam


def calibrate(
    p: np.ndarray,
    y: np.ndarray,
    group: np.ndarray,
    w: np.ndarray,
    budget: np.ndarray,
    caps: dict[str, float],
    accept: Callable[[dict[str, float]], bool] | None = None,
) -> tuple[dict[str, float], float]:
    """Escalation thresholds per lexicon group (see the module docstring) for the out-of-fold
    scores `p`, labels `y`, lexicon groups `group` and row weights `w` (1 / rows of the row's
    template, so each template counts once), and the cost λ chosen. False alarms (any
    counter-example escalated) are counted as a share of the weight of the counter-examples
    in `budget` (neither everyday chat nor easy). The vetoes (groups "high" and "imminent")
    are at most `caps` (`veto_caps`). The threshold of
    the lexicon's "concern" is never above that of "none" (a weak distress phrase must not
    make escalating harder than no phrase at all). `accept` (thresholds per group -> whether
    they keep the false alarms low enough; default: those in `budget` beyond the ones no
    threshold can remove are at most VALIDATION_FPR) ends the search over λ."""
    w_pos = max(float(w[y == 1].sum()), 1e-12)
    w_neg = max(float(w[budget].sum()), 1e-12)
    per: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for g in LEXICON_GROUPS:
        m = group == g
        pos, neg = m & (y == 1), m & (y == 0)
        cap = caps.get(g, 1.0)
        grid = GRID
        cand = np.append(grid[grid < cap], cap)
        tp = _tail(p[pos], w[pos], cand) / w_pos
        fp = _tail(p[neg], w[neg], cand) / w_neg
        per[g] = (cand, tp, fp)
    # the false alarms no threshold can remove (the lexicon's, below the capped vetoes) do not
    # count against the budget, or an unreachable target would switch the classifier off
    forced = sum(float(fp.min()) for _, _, fp in per.values())
    chosen: dict[str, int] = {}
    lam = 0.0
    for lam in np.geomspace(0.05, 5000, 400):
        for g, (_, tp, fp) in per.items():
            chosen[g] = int(np.argmax(tp - lam * fp))
        # "none" and "concern" together, with concern <= none: for each threshold of "none"
        # the best of "concern" at or below it
        cn, tpn, fpn = per["none"]
        cc, tpc, fpc = per["concern"]
        oc = tpc - lam * fpc
        j = np.searchsorted(cc, cn, side="right") - 1
        ok = j >= 0
        if ok.any():
            run = np.maximum.accumulate(oc)[np.maximum(j, 0)]
            i = int(np.argmax(np.where(ok, tpn - lam * fpn + run, -np.inf)))
            chosen["none"], chosen["concern"] = i, int(np.argmax(oc[: j[i] + 1]))
        if accept is not None:
            if accept({g: float(per[g][0][k]) for g, k in chosen.items()}):
                break
            continue
        fa = sum(float(per[g][2][k]) for g, k in chosen.items())
        if fa - forced <= VALIDATION_FPR:
            break
    best = {g: float(per[g][0][k]) for g, k in chosen.items()}
    best["concern"] = min(best["concern"], best["none"])
    return best, float(lam)


def message_threshold(
    p: np.ndarray,
    y: np.ndarray,
    group: np.ndarray,
    w: np.ndarray,
    esc: dict[str, float],
    natural: np.ndarray,
    chat: np.ndarray,
) -> float:
    """The threshold of a single message where the lexicon does not escalate (groups "none"
    and "concern"), from out-of-fold scores `p`, labels `y`, lexicon groups `group` and
    weights `w` (each scenario or template once) of single messages: the lowest of GRID at or
    below `esc["none"]` (the threshold calibrated with the runs of messages, which keep it) at
    which the natural harmless messages (`natural`: bench/crisis_natural/, written the way
    people type, scored by models that never saw their scenario) escalate at most
    MESSAGE_NATURAL_EXTRA more of the time (by weight) than at `esc["none"]`, and at most
    MESSAGE_CHAT_FPR of the everyday chat messages (`chat`, by row) escalate. Why: the
    calibration's budget is set by the generated counter-examples and by runs of everyday
    messages, which score higher together than alone; one message is neither, and on the
    natural messages the calibrated threshold left a quarter of the crises unescalated for
    6 % false alarms (bench/results/crisis_devset_round.md)."""
    quiet = np.isin(group, ("none", "concern"))
    nat_neg = natural & (y == 0)
    others = hits(p, group, esc, {}, np.zeros(len(p), dtype=bool)) & nat_neg & ~quiet
    nat_w = max(float(w[nat_neg].sum()), 1e-12)

    def natural_fa(t: float) -> float:
        return float(w[others].sum() + w[nat_neg & quiet & (p >= t)].sum()) / nat_w

    base = natural_fa(esc["none"])
    chat_quiet = p[chat & quiet]
    n_chat = max(int(chat.sum()), 1)
    best = esc["none"]
    for t in sorted((float(v) for v in GRID if v < esc["none"]), reverse=True):
        if natural_fa(t) - base > MESSAGE_NATURAL_EXTRA:
            break
        if int((chat_quiet >= t).sum()) / n_chat > MESSAGE_CHAT_FPR:
            break
        best = t
    return best


def shipped_as(data: dict[str, Any], message: float | None, runs_model: str | None) -> None:
    """Set in the model file's `data` a single message's threshold where the lexicon does not
    escalate (`message`: "none" and "concern", and "concern" of the classifier no higher) and
    the shipped model that reads runs of messages (`runs_model`: "runs_model", and no
    "escalate_runs" of this model's own, which would never be read); None leaves either as
    it is (module docstring, 8.)."""
    t = data["thresholds"]
    trained = data["trained_on"]
    if message is not None:
        t["escalate"] = {**t["escalate"], "none": message, "concern": message}
        t["concern"] = min(t["concern"], message)
        trained["thresholds_from"] = (
            f"{trained.get('thresholds_from', 'out of fold')}; one message set by hand "
            f"(--message-threshold {message})"
        )
    if runs_model:
        data["runs_model"] = runs_model
        t.pop("escalate_runs", None)
        trained["runs_read_by"] = runs_model


def _detector_figures(clf: Classifier, rows: list[dict[str, object]]) -> tuple[float, float]:
    """(recall, false alarms) of the full detector with the model `clf` as it is (its model of
    runs too) on `rows` (moderation.assess, or assess_conversation for a row of
    "messages")."""
    hit = np.array(
        [
            assess_conversation(r["messages"], classifier=clf).escalate  # type: ignore[arg-type]
            if "messages" in r
            else assess(str(r["text"]), classifier=clf).escalate
            for r in rows
        ]
    )
    y = np.array([int(r["label"]) for r in rows])  # type: ignore[call-overload]
    recall = float(hit[y == 1].mean()) if (y == 1).any() else float("nan")
    return recall, float(hit[y == 0].mean())


def _devset_fa(
    clf: Classifier, rows: list[dict[str, object]], msg: float, runs: float
) -> tuple[float, float]:
    """(recall, false alarms) of the full detector (moderation.assess, or assess_conversation
    for a row of "messages") on `rows` with the model `clf` whose thresholds of a single
    message ("none", "concern") are `msg` and of runs `runs`, the others as they are."""
    t = clf.thresholds
    m = clf.with_thresholds(
        Thresholds(
            min(t.concern, msg),
            t.imminent,
            {**t.escalate, "none": msg, "concern": msg},
            {"none": runs, "concern": runs},
        )
    )
    return _detector_figures(m, rows)


def _lowest(ok: Callable[[float], bool], floor: float) -> float:
    """The lowest value of GRID at or above `floor` for which `ok` holds, where `ok` holds for
    every value above one that it holds for (a bisection over GRID); 1.0 if none."""
    cand = np.append(GRID[floor <= GRID], 1.0)
    lo, hi = 0, len(cand) - 1  # ok(cand[hi]) is taken to hold
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(float(cand[mid])):
            hi = mid
        else:
            lo = mid + 1
    return float(cand[hi])


def calm_runs_floor(
    p: np.ndarray, group: np.ndarray, esc: dict[str, float], calibrated: float
) -> float:
    """The lowest threshold of runs of messages (GRID, at most `calibrated`) at which the
    runs of harmless messages whose out-of-fold scores are `p` and lexicon groups `group`
    escalate at most RUNS_CALM_EXTRA (a share of them) more often than at `calibrated`, the
    other groups' thresholds as in `esc`. Returns a probability."""

    def escalated(t: float) -> int:
        return int(run_hits(p, group, esc, t).sum())

    allowed = escalated(calibrated) + RUNS_CALM_EXTRA * len(p)
    return min(calibrated, _lowest(lambda t: escalated(t) <= allowed, 0.0))


def devset_detector_thresholds(
    clf: Classifier, messages: list[dict[str, object]], conversations: list[dict[str, object]]
) -> tuple[float, float]:
    """The thresholds of a single message and of runs of messages where the lexicon does not
    escalate ("none", "concern"), chosen on the development set with the full detector and the
    model `clf` (never fitted on it): the single message's is the lowest of GRID at which the
    harmless `messages` escalate at most DEVSET_FPR of the time (all languages together), or
    DEVSET_EXTRA beyond those that escalate at any threshold (the lexicon's own); the runs'
    the lowest, not below it, at which the harmless `conversations` (assessed after their last
    message) escalate at most DEVSET_CONV_FPR, or DEVSET_EXTRA beyond the floor. Returns
    (message threshold, runs threshold), probabilities."""
    floor_msg = _devset_fa(clf, messages, 1.0, 1.0)[1]
    msg = _lowest(
        lambda t: _devset_fa(clf, messages, t, 1.0)[1] <= max(DEVSET_FPR, floor_msg + DEVSET_EXTRA),
        0.0,
    )
    if not conversations:
        return msg, max(msg, clf.thresholds.escalate_runs.get("none", msg))
    floor_conv = _devset_fa(clf, conversations, msg, 1.0)[1]
    runs = _lowest(
        lambda t: (
            _devset_fa(clf, conversations, msg, t)[1]
            <= max(DEVSET_CONV_FPR, floor_conv + DEVSET_EXTRA)
        ),
        msg,
    )
    return msg, runs


def everyday_floor(clf: Classifier, rows: list[dict[str, object]]) -> float:
    """The lowest threshold of a single message where the lexicon does not escalate (GRID)
    at which at most EVERYDAY_FPR of the harmless everyday lines `rows` (EVERYDAY, never fitted
    on) escalate with the full detector and the model `clf`. Why: the development set's 222
    service and ordinary messages are too few to show what a lower threshold does to short
    everyday text; retrains with long look-alikes chose 0.53-0.63 there and escalated "got it,
    room 12 on the second floor" (bench/results/crisis_devset_round.md, "Round 14"). Returns
    a probability."""
    return _lowest(lambda t: _devset_fa(clf, rows, t, 1.0)[1] <= EVERYDAY_FPR, 0.0)


def everyday_runs(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The harmless everyday lines `rows` (EVERYDAY) read as runs of one visitor's messages:
    each language's lines in the order written, EVERYDAY_RUN in a row (a shorter rest left
    out), as rows {"messages", "label": 0, "lang"}."""
    by_lang: dict[str, list[str]] = {}
    for r in rows:
        by_lang.setdefault(str(r["lang"]), []).append(str(r["text"]))
    return [
        {"messages": lines[i : i + EVERYDAY_RUN], "label": 0, "lang": lang}
        for lang, lines in sorted(by_lang.items())
        for i in range(0, len(lines) - EVERYDAY_RUN + 1, EVERYDAY_RUN)
    ]


def everyday_runs_floor(clf: Classifier, rows: list[dict[str, object]], msg: float) -> float:
    """The lowest threshold of runs of messages where the lexicon does not escalate (GRID, at
    least `msg`, the single message's) at which at most EVERYDAY_RUN_FPR of the everyday lines
    `rows` (EVERYDAY, never fitted on) read as runs (`everyday_runs`) escalate with the full
    detector (assess_conversation after the run's last message) and the model `clf`. Why: the
    runs of harmless messages the calibration sees are generated; everyday lines written
    apart, read together, showed what a lower threshold of runs does (module constants).
    Returns a probability."""
    runs = everyday_runs(rows)
    return _lowest(lambda t: _devset_fa(clf, runs, msg, t)[1] <= EVERYDAY_RUN_FPR, msg)


def read_set(
    clf: Classifier, lex: Lexicon, rows: list[dict[str, object]]
) -> tuple[np.ndarray, np.ndarray]:
    """The scores of the shipped classifier `clf` and the lexicon's verdicts (groups of
    LEXICON_GROUPS) of the messages `rows` ({"text", ...}), read as the out-of-fold rows are
    (the Cyrillic readings of Latin-letter text that moderation.assess adds are left out)."""
    p, group = [], []
    for r in rows:
        a, s = _lexicon_only(str(r["text"]), None, lex)
        p.append(clf.score(s))
        group.append(lexicon_group(a))
    return np.array(p), np.array(group)


def devset_thresholds(
    p: np.ndarray,
    y: np.ndarray,
    group: np.ndarray,
    lang: np.ndarray,
    caps: dict[str, float],
) -> tuple[dict[str, float], float]:
    """Escalation thresholds per lexicon group chosen on the development set's messages
    (scores `p` of the shipped model, which was never fitted on them; labels `y`; lexicon
    groups `group`; languages `lang`), vetoes at most `caps` (from the out-of-fold scores):
    `calibrate` with every message weighing 1 and every harmless one in the budget, the
    search over λ ending where, in EVERY language, the smoothed share of harmless messages
    escalated is at most DEVSET_FPR (or DEVSET_EXTRA beyond the lexicon's false
    alarms that no threshold may remove there). Returns the thresholds and λ."""
    w = np.ones(len(p))
    neg = y == 0
    langs = sorted(set(lang))

    def escalated(thr: dict[str, float], m: np.ndarray) -> float:
        return sum(
            float(_tail(p[m & (group == g)], w[m & (group == g)], np.array([t]))[0])
            for g, t in thr.items()
        )

    floor = {g: caps.get(g, 1.0) for g in LEXICON_GROUPS}
    forced = {
        lg: escalated(floor, neg & (lang == lg)) / max(1, int((neg & (lang == lg)).sum()))
        for lg in langs
    }

    def accept(thr: dict[str, float]) -> bool:
        for lg in langs:
            m = neg & (lang == lg)
            fa = escalated(thr, m) / max(1, int(m.sum()))
            if fa > max(DEVSET_FPR, forced[lg] + DEVSET_EXTRA):
                return False
        return True

    return calibrate(p, y, group, w, neg, caps, accept)


def devset_figures(
    p: np.ndarray, y: np.ndarray, group: np.ndarray, lang: np.ndarray, esc: dict[str, float]
) -> str:
    """Lines of figures on the development set (module docstring, 6.) for the shipped
    classifier's scores `p`, labels `y`, lexicon groups `group`, languages `lang` and the
    escalation thresholds `esc`: per language and in all, the full detector's recall and false
    alarms, and the classifier alone's area under the ROC curve and recall where 3 % of the
    harmless messages score above."""
    hit = np.array([p[i] >= esc[group[i]] for i in range(len(p))])
    out = []
    for name in [*sorted(set(lang)), "all"]:
        m = lang == name if name != "all" else np.ones(len(p), dtype=bool)
        pos, neg = m & (y == 1), m & (y == 0)
        cut = np.sort(p[neg])[::-1][int(0.03 * neg.sum())]
        out.append(
            f"   {name:3s}: recall {hit[pos].mean():.3f}, false alarms {hit[neg].mean():.3f}; "
            f"classifier alone AUC {roc_auc_score(y[m], p[m]):.3f}, "
            f"recall at 3 % false alarms {(p[pos] > cut).mean():.3f}"
        )
    return "\n".join(out)


def run_hits(p: np.ndarray, group: np.ndarray, esc: dict[str, float], run: float) -> np.ndarray:
    """Which texts of several messages escalate if a run of messages had its own threshold
    `run` where the lexicon does not escalate ("none", "concern"; the others as `esc`): the
    classifier's scores `p`, the lexicon's groups `group` (see `--runs`)."""
    thr = {**esc, "none": min(esc["none"], run), "concern": min(esc["concern"], run)}
    return np.array([p[i] >= thr[group[i]] for i in range(len(p))])


def thresholds_json(
    concern: float,
    imminent: float,
    esc: dict[str, float],
    esc_runs: dict[str, float] | None = None,
) -> dict[str, object]:
    """The model file's "thresholds" object (moderation.classifier's module docstring); the
    groups of `esc_runs` whose threshold differs from `esc`'s are its "escalate_runs"."""
    runs = {g: round(v, 4) for g, v in (esc_runs or {}).items() if round(v, 4) != round(esc[g], 4)}
    return {
        "concern": round(concern, 4),
        "imminent": round(imminent, 4),
        "escalate": {g: round(v, 4) for g, v in esc.items()},
        **({"escalate_runs": runs} if runs else {}),
    }


def hits(
    p: np.ndarray,
    group: np.ndarray,
    esc: dict[str, float],
    esc_runs: dict[str, float],
    run: np.ndarray,
) -> np.ndarray:
    """Which texts escalate: score `p[i]` at or above the threshold of its lexicon group
    `group[i]`, from `esc` for one message and from `esc` with `esc_runs` in place for a run
    of messages read as one text (`run[i]`), as moderation.classifier.Thresholds.for_runs."""
    both = {**esc, **esc_runs}
    return np.array([p[i] >= (both if run[i] else esc)[group[i]] for i in range(len(p))])


def figures(hit: np.ndarray, y: np.ndarray, w: np.ndarray) -> str:
    """Recall and false alarms of the escalations `hit`, per row and (weights `w`) per template."""

    def share(m: np.ndarray) -> str:
        if not m.any():
            return "n/a"
        return f"{hit[m].mean():.3f}/{float((hit * w)[m].sum() / w[m].sum()):.3f}"

    return f"recall {share(y == 1)}, false alarms {share(y == 0)} (rows/templates)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--kinds", action="store_true", help="per build-up kind figures")
    ap.add_argument(
        "--runs",
        action="store_true",
        help="out-of-fold figures of a separate threshold for runs of messages (not shipped)",
    )
    ap.add_argument("--dump", type=Path, help="save the out-of-fold scores (.npz) for study")
    ap.add_argument("--salt", type=int, default=0, help="deal templates to folds anew (0: as ever)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the model")
    ap.add_argument("--c", type=float, default=C, help=f"inverse regularisation (default {C})")
    ap.add_argument(
        "--corpus-seed",
        type=int,
        default=0,
        help="fill and noise the corpus anew (0: as ever; see crisis_corpus.training_rows)",
    )
    ap.add_argument(
        "--no-natural",
        action="store_true",
        help="leave out the natural corpus (bench/crisis_natural/), to see what it adds",
    )
    ap.add_argument(
        "--thresholds-from-devset",
        action="store_true",
        help="choose the thresholds on bench/crisis_devset/ (6.), not out of fold (3.)",
    )
    ap.add_argument(
        "--everyday-floor",
        action="store_true",
        help="a single message's threshold no lower than EVERYDAY_FPR of the unseen everyday "
        "lines of bench/crisis_natural/pending/round15/ allow (everyday_floor), the runs' no "
        "lower than EVERYDAY_RUN_FPR of them read as runs allow (everyday_runs_floor; not with "
        "--thresholds-from-devset)",
    )
    ap.add_argument(
        "--pending",
        action="append",
        default=[],
        metavar="DIR",
        help="also train on a folder of bench/crisis_natural/pending/ (a round kept apart), "
        "to measure what it adds; repeatable",
    )
    ap.add_argument(
        "--pending-weight",
        type=float,
        default=NATURAL_WEIGHT,
        help=f"the weight in the fit of a row of a --pending round (default {NATURAL_WEIGHT:g}, "
        "as the natural corpus')",
    )
    ap.add_argument(
        "--runs-model",
        metavar="VERSION",
        help="runs of messages are read by this shipped model (moderation/model/"
        "crisis-VERSION.json, with its own thresholds of runs): see 8.",
    )
    ap.add_argument(
        "--message-threshold",
        type=float,
        metavar="P",
        help="a single message's threshold where the lexicon does not escalate, set by hand "
        "(0..1; see 8.)",
    )
    args = ap.parse_args(argv)
    if args.message_threshold is not None and not 0 < args.message_threshold < 1:
        ap.error("--message-threshold must lie between 0 and 1")
    if args.runs_model and not (OUT.parent / f"crisis-{args.runs_model}.json").exists():
        ap.error(f"--runs-model: no shipped model file crisis-{args.runs_model}.json")
    t0 = time.time()
    pending = tuple(NATURAL / "pending" / d for d in args.pending)
    rows = training_rows(args.corpus_seed, with_natural=not args.no_natural, pending=pending)
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["label"]) for r in rows])  # type: ignore[call-overload]
    keys = [template_key(r) for r in rows]
    single = np.array([k is not None for k in keys])
    # the folds whose templates a row holds: its own template's, or, for a run of messages
    # (conversation runs, build-ups), every fold one of its messages was generated in; a fold's
    # model is fitted only on the rows that hold none of its templates
    text_folds: dict[str, set[int]] = {}
    for t, k in zip(texts, keys, strict=True):
        if k is not None:
            text_folds.setdefault(t, set()).add(fold_of(k, args.salt))
    everything = set(range(FOLDS))
    held: list[set[int]] = []
    for r, t, k in zip(rows, texts, keys, strict=True):
        if r.get("split") == "validation":
            held.append(everything)  # build-ups of validation pieces: never fitted on
        elif k is not None:
            held.append({fold_of(k, args.salt)})
        elif RUN_SEP in t:
            h = set().union(*(text_folds.get(m, set()) for m in t.split(RUN_SEP)))
            held.append(h or {fold_of(t, args.salt)})
        else:
            held.append(set())
    sw = row_weights(rows, args.pending_weight)
    vec = CountVectorizer(analyzer=analyzer, min_df=2)
    count = np.array([len(analyzer(t)) for t in texts])
    x = scaled(vec.fit_transform(texts).tocsr(), count)
    # calibrated on: the generated messages and the runs of harmless messages (kind "run",
    # label 0: how assess_conversation reads a visitor's recent messages together)
    calm_run = np.array([r["kind"] == "run" and r["label"] == 0 for r in rows])
    si = np.flatnonzero(single | calm_run)
    print(
        f"{len(rows)} rows ({int(single.sum())} generated, {len(set(keys)) - 1} templates, "
        f"{int(calm_run.sum())} runs of harmless messages, {FOLDS} folds), "
        f"{x.shape[1]} features ({time.time() - t0:.0f} s)"
    )
    # out-of-fold scores: every generated row scored by a model that never saw its template
    # (a run by a model that fitted neither it nor one of its messages' templates)
    fold = np.array([fold_of(keys[i], args.salt) if single[i] else min(held[i]) for i in si])  # type: ignore[arg-type]
    p = np.zeros(len(si))
    bi = np.flatnonzero(np.array([r.get("split") == "validation" for r in rows]))
    pb = np.zeros(len(bi))
    for f in range(FOLDS):
        fitted = np.array([f not in h for h in held])
        m = fit(x[fitted], y[fitted], sw[fitted], args.c)
        p[fold == f] = proba(m, x[si[fold == f]])
        if f == 0 and len(bi):
            pb = proba(m, x[bi])  # the build-ups of validation pieces (none in any fitted row)
        print(f"   fold {f}: fitted on {int(fitted.sum())} rows ({time.time() - t0:.0f} s)")
    lex = default_lexicon()
    group = np.array([lexicon_group(_lexicon_only(texts[i], None, lex)[0]) for i in si])
    lang = np.array([str(rows[i]["lang"]) for i in si])
    ys = y[si]
    per_template = Counter(keys[i] for i in si)
    w = np.array([1.0 / per_template[keys[i]] if single[i] else RUN_WEIGHT for i in si])
    # everyday chat and runs of harmless messages
    chat = np.array([rows[i]["kind"] in CHAT_KINDS or calm_run[i] for i in si])
    # easy counter-examples: scored far below any threshold out of fold where the lexicon does
    # not escalate; like everyday chat they count as false alarms when escalated but do not
    # enlarge the budget
    easy = (ys == 0) & ~chat & (p < EASY) & ~np.isin(group, ("high", "imminent"))
    budget = (ys == 0) & ~chat & ~easy
    if args.dump:
        np.savez(
            args.dump,
            p=p,
            y=ys,
            group=group,
            lang=lang,
            w=w,
            chat=chat,
            easy=easy,
            run=calm_run[si],
            fold=fold,
            key=np.array([keys[i] or f"run {i}" for i in si]),
            words=np.array([len(texts[i].split()) for i in si]),
        )
    # the natural messages are scored out of fold (by scenario) for the report below, but the
    # thresholds are calibrated on the generated rows and runs alone, as before them: the natural
    # messages teach the model how people write; how strict to be stays the calibration's
    # (module docstring, 3.) on the kinds and counter-examples the templates were written for
    nat = np.array([(keys[i] or "").split("/")[-1].startswith("nat:") for i in si])
    cal = ~nat
    esc, concern, imminent, lam = thresholds(p[cal], ys[cal], group[cal], w[cal], budget[cal])
    # one message apart from runs of messages (the runs of harmless messages, the natural
    # conversations), which keep the calibrated thresholds as the model's "escalate_runs"
    alone = ~np.array([RUN_SEP in texts[i] for i in si])
    esc_runs = {"none": esc["none"], "concern": esc["concern"]}
    msg = message_threshold(
        p[alone], ys[alone], group[alone], w[alone], esc, nat[alone], chat[alone]
    )
    esc = {**esc, "none": msg, "concern": min(esc["concern"], msg)}
    concern = min(concern, msg)
    hard = (ys == 0) & ~chat
    hit = hits(p, group, esc, esc_runs, ~alone)
    lexicon_alone = np.isin(group, ("high", "imminent"))
    print(
        f"out of fold: {len(si)} rows, {int(budget.sum())} counter-examples in the budget, "
        f"{int(easy.sum())} easy, {int(chat.sum())} everyday chat and runs of harmless messages; "
        f"lexicon alone "
        f"{figures(lexicon_alone, ys, w)}; combined {figures(hit, ys, w)} "
        f"(concern {concern:.3f} imminent {imminent:.3f}, {time.time() - t0:.0f} s)"
    )
    print(f"   thresholds (λ {lam:.2f}): {json.dumps({k: round(v, 4) for k, v in esc.items()})}")
    print(
        f"   of runs of messages: {json.dumps({k: round(v, 4) for k, v in esc_runs.items()})}; "
        f"one message where the lexicon does not escalate: {msg:.4f} "
        f"(message_threshold; at the threshold of runs: natural messages "
        f"{figures(hits(p, group, {**esc, **esc_runs}, {}, ~alone)[nat & alone], ys[nat & alone], w[nat & alone])})"
    )
    for lg in sorted(set(lang)):
        m = lang == lg
        print(
            f"   {lg}: {int(m.sum())} rows ({float(w[m & (ys == 1)].sum()):.0f} crisis, "
            f"{float(w[m & budget].sum()):.0f} budget templates), {figures(hit[m], ys[m], w[m])}"
        )
    if nat.any():
        print(f"   natural messages (bench/crisis_natural/): {figures(hit[nat], ys[nat], w[nat])}")
        for lg in sorted(set(lang[nat])):
            m = nat & (lang == lg)
            print(f"      {lg}: {figures(hit[m], ys[m], w[m])}")
        if args.kinds:
            for kind in sorted({str(rows[i]["kind"]) for i in si[nat]}):
                m = nat & np.array([rows[i]["kind"] == kind for i in si])
                print(f"      {kind:26s} {figures(hit[m], ys[m], w[m])}")
    print(
        f"   everyday chat kinds and runs of harmless messages: {int(hit[chat].sum())} of "
        f"{int(chat.sum())} escalated; "
        f"easy {int(hit[easy].sum())} of {int(easy.sum())}; other counter-examples "
        f"{int(hit[budget].sum())} of {int(budget.sum())}"
    )
    for g in LEXICON_GROUPS:
        m = group == g
        print(
            f"   lexicon {g:8s}: {int((m & (ys == 1)).sum()):6d} crisis, "
            f"{int((m & hard).sum()):6d} not (chat aside)"
        )
    if len(bi):
        gb = np.array([lexicon_group(_lexicon_only(texts[i], None, lex)[0]) for i in bi])
        hb = hits(pb, gb, esc, esc_runs, np.ones(len(bi), dtype=bool))
        one = np.ones(len(bi))
        print(f"   build-up conversations of unseen pieces: {figures(hb, y[bi], one)}")
        for lg in sorted({str(rows[i]["lang"]) for i in bi}):
            m = np.array([rows[i]["lang"] == lg for i in bi])
            print(f"      {lg}: {figures(hb[m], y[bi][m], one[m])}")
        if args.kinds:
            for kind in sorted({str(rows[i]["kind"]) for i in bi}):
                m = np.array([rows[i]["kind"] == kind for i in bi])
                print(f"      {kind:26s} {int(hb[m].sum()):4d} of {int(m.sum()):4d} escalated")
        if args.runs:
            # a run threshold, measured out of fold (not shipped): the natural conversations
            # (scored by a model that never saw their scenario), the build-ups of unseen pieces
            # and the runs of harmless messages, were runs of messages escalated at `run`
            conv = nat & np.array([RUN_SEP in texts[i] for i in si])
            for run in (esc_runs["none"], 0.8, 0.7, 0.6, 0.5):
                hr = run_hits(p, group, {**esc, **esc_runs}, run)
                hbr = run_hits(pb, gb, {**esc, **esc_runs}, run)
                print(
                    f"   runs at {run:.3f}: natural conversations {figures(hr[conv], ys[conv], w[conv])}; "
                    f"build-ups of unseen pieces {figures(hbr, y[bi], one)}; runs of harmless "
                    f"messages {int(hr[calm_run[si]].sum())} of {int(calm_run.sum())} escalated"
                )
    model = fit(x, y, sw, args.c)
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
        "thresholds": thresholds_json(concern, imminent, esc, esc_runs),
        "trained_on": {
            "rows": len(rows),
            "crisis_rows": int(y.sum()),
            "calibrated_rows": len(si),
            "folds": FOLDS,
            "fold_salt": args.salt,
            "corpus_seed": args.corpus_seed,
            "corpus": "bench/crisis_corpus.py (generated, with bench/crisis_kinds.py) + "
            "bench/crisis_natural/ (messages and conversations) + tests/moderation/corpus/*.jsonl",
            # rounds kept apart that this model was trained on too (--pending)
            **(
                {
                    "pending": [str(p.relative_to(ROOT)) for p in pending],
                    "pending_weight": args.pending_weight,
                }
                if pending
                else {}
            ),
            "out_of_fold": figures(hit, ys, w),
        },
    }
    print(f"{len(weights)} weights, {len(cweights)} category weights ({time.time() - t0:.0f} s)")
    messages = [r for r in devset_rows() if "messages" not in r]
    if messages:
        pc, gc = read_set(load_model(json.dumps(data)), lex, messages)
        yc = np.array([int(r["label"]) for r in messages])  # type: ignore[call-overload]
        lc = np.array([str(r["lang"]) for r in messages])
        if args.thresholds_from_devset:
            caps = veto_caps(p[cal], ys[cal], group[cal], w[cal])
            esc, lam = devset_thresholds(pc, yc, gc, lc, caps)
            concern, imminent = min(concern, esc["none"]), max(imminent, esc["none"])
            data["thresholds"] = thresholds_json(concern, imminent, esc)
            hit = hits(p, group, esc, {}, ~alone)
            trained = data["trained_on"]
            assert isinstance(trained, dict)
            trained["out_of_fold"] = figures(hit, ys, w)
            trained["thresholds_from"] = f"bench/crisis_devset/ ({len(messages)} messages)"
            print(f"   thresholds from the development set (λ {lam:.2f}): {json.dumps(esc)}")
            print(f"   out of fold with them: {figures(hit, ys, w)}")
        else:
            # a single message's and the runs' thresholds where the lexicon does not escalate,
            # chosen on the development set with the full detector (module docstring, 7.)
            conversations = [r for r in devset_rows() if "messages" in r]
            msg, run = devset_detector_thresholds(
                load_model(json.dumps(data)), messages, conversations
            )
            if args.everyday_floor:
                # never below the floor that unseen everyday lines allow (everyday_floor),
                # less the lines another round also wrote, which the model was fitted on
                fitted = {normalize(t)[0].strip() for t in texts}
                everyday = [
                    r
                    for r in written_rows(EVERYDAY, "everyday")
                    if r["label"] == 0 and normalize(str(r["text"]))[0].strip() not in fitted
                ]
                floor_clf = load_model(json.dumps(data))  # read once for both floors
                low = everyday_floor(floor_clf, everyday)
                print(
                    f"   one message from the development set {msg:.4f}, the everyday floor "
                    f"{low:.4f} ({len(everyday)} lines of {EVERYDAY.relative_to(ROOT)})"
                )
                msg = max(msg, low)
                low_runs = everyday_runs_floor(floor_clf, everyday, msg)
                print(
                    f"   runs from the development set {run:.4f}, the everyday runs' floor "
                    f"{low_runs:.4f} ({len(everyday_runs(everyday))} runs of {EVERYDAY_RUN})"
                )
                run = max(run, low_runs)
            esc = {**esc, "none": msg, "concern": msg}
            # a run keeps at least the floor that the out-of-fold runs of harmless messages
            # allow (3.): runs of everyday messages score high together, and the development
            # set's 240 harmless conversations cannot show the one reading in a thousand of the
            # 14,000 calibrated runs that a lower one lets through ("udanego weekendu" ... "to ma
            # sens", five closings, 0.88 with model 2026.11)
            calm = calm_run[si]
            calibrated = {**esc, **esc_runs}
            floor = calm_runs_floor(p[calm], group[calm], calibrated, esc_runs["none"])
            print(
                f"   runs of harmless messages out of fold: {int(run_hits(p[calm], group[calm], calibrated, esc_runs['none']).sum())} "
                f"of {int(calm.sum())} escalate at the calibrated {esc_runs['none']:.4f}, "
                f"{int(run_hits(p[calm], group[calm], calibrated, floor).sum())} at the floor {floor:.4f}"
            )
            esc_runs = {g: max(run, floor) for g in esc_runs}
            concern = min(concern, msg)
            data["thresholds"] = thresholds_json(concern, imminent, esc, esc_runs)
            hit = hits(p, group, esc, esc_runs, ~alone)
            trained = data["trained_on"]
            assert isinstance(trained, dict)
            trained["out_of_fold"] = figures(hit, ys, w)
            trained["thresholds_from"] = (
                f"bench/crisis_devset/ ({len(messages)} messages, "
                f"{len(conversations)} conversations): one message and runs"
            )
            clf = load_model(json.dumps(data))
            print(
                f"   from the development set: one message {msg:.4f}, runs {run:.4f} "
                f"(at least the floor: {json.dumps(esc_runs)})"
            )
            for what, rows_ in (("messages", messages), ("conversations", conversations)):
                r_, f_ = _devset_fa(clf, rows_, msg, esc_runs["none"])
                print(
                    f"   development set {what}, full detector: recall {r_:.3f}, false alarms {f_:.3f}"
                )
            print(f"   out of fold with them: {figures(hit, ys, w)}")
        print(f"development set (bench/crisis_devset/): {len(messages)} messages, never fitted on")
        print(devset_figures(pc, yc, gc, lc, esc))
    if args.message_threshold is not None or args.runs_model:
        shipped_as(data, args.message_threshold, args.runs_model)
        print(
            f"   as shipped (8.): {json.dumps(data['thresholds'])}, runs read by {args.runs_model}"
        )
        clf = load_model(json.dumps(data))
        for what, rows_ in (
            ("messages", [r for r in devset_rows() if "messages" not in r]),
            ("conversations", [r for r in devset_rows() if "messages" in r]),
        ):
            r_, f_ = _detector_figures(clf, rows_)
            print(
                f"   development set {what}, full detector: recall {r_:.3f}, false alarms {f_:.3f}"
            )
    if not args.check:
        args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
