"""How much the crisis classifier's thresholds owe to chance: a data change between two
retrains can only be read from the held-out figures if the thresholds do not jump by
themselves.

Reads the out-of-fold scores that `bench/crisis_train.py --dump FILE.npz` saves (one file per
retrain, e.g. with different `--salt`s: the templates dealt to the folds anew) and prints, for
each file, the thresholds of

* the calibration of bench/crisis_train.py (out of fold, each template once, smoothed), and
  the same over BOOT bootstrap resamples of the templates (mean, sd, range);
* the former calibration (model 2026.5: one fifth of the templates as the validation split,
  every row counted, VALIDATION_FPR 0.01 of the counter-examples but chat, the veto at the
  2 % quantile of the rows) with each fold taken as that fifth in turn, and over BOOT
  bootstrap resamples of fold 0's templates;
* what the former veto of model 2026.5 (high 0.2774) loses of the lexicon's correct "high"
  escalations out of fold, per template and per row (VETO_LOSS is 0.02).

Usage: python bench/crisis_calib_stability.py [--boot N] FILE.npz [FILE.npz ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis_train import thresholds  # noqa: E402
from moderation.classifier import LEXICON_GROUPS  # noqa: E402

SHIPPED_VETO = 0.2774  # model 2026.5's veto of the lexicon's "high"
FORMER_FPR = 0.01
FORMER_IMMINENT_FPR = 0.002
FORMER_CONCERN_RECALL = 0.995
FORMER_VETO_LOSS = {"high": 0.02, "imminent": 0.0}
SHOWN = ("none", "concern", "high", "framed")


def former(p: np.ndarray, y: np.ndarray, group: np.ndarray, chat: np.ndarray) -> dict[str, float]:
    """The thresholds of the former calibration (bench/crisis_train.py before this round) on
    one validation split's scores, every row counted once."""
    n_pos, n_neg = max(int(y.sum()), 1), max(int(((y == 0) & ~chat).sum()), 1)
    per = {}
    for g in LEXICON_GROUPS:
        pos, neg = np.sort(p[(group == g) & (y == 1)]), np.sort(p[(group == g) & (y == 0)])
        cand = np.unique(np.concatenate([pos, neg, [0.0, 1.0 + 1e-9]]))
        cap = 1.0 + 1e-9
        if g in FORMER_VETO_LOSS:
            loss = FORMER_VETO_LOSS[g]
            cap = float(np.quantile(pos, loss)) if loss and len(pos) else 0.0
        cand = cand[cand <= cap] if (cand <= cap).any() else np.array([0.0])
        tp = len(pos) - np.searchsorted(pos, cand, side="left")
        fp = len(neg) - np.searchsorted(neg, cand, side="left")
        per[g] = (cand, tp / n_pos, fp / n_neg)
    forced = sum(float(fp.min()) for _, _, fp in per.values())
    best: dict[str, float] = {}
    for lam in np.geomspace(0.05, 5000, 400):
        best, fa = {}, 0.0
        for g, (cand, tp, fp) in per.items():
            i = int(np.argmax(tp - lam * fp))
            best[g] = float(cand[i])
            fa += float(fp[i])
        if fa - forced <= FORMER_FPR:
            break
    return best


def summary(name: str, runs: list[dict[str, float]]) -> str:
    parts = []
    for g in SHOWN:
        v = np.array([r[g] for r in runs])
        if len(v) > 1:
            parts.append(
                f"{g} {v.mean():.3f} sd {v.std(ddof=1):.3f} [{v.min():.3f}, {v.max():.3f}]"
            )
        else:
            parts.append(f"{g} {v[0]:.3f}")
    return f"   {name:44s} " + "; ".join(parts)


def new_method(d: dict[str, np.ndarray], w: np.ndarray) -> dict[str, float]:
    keep = w > 0
    budget = (d["y"] == 0) & ~d["chat"] & ~d["easy"] & keep
    esc, concern, imminent, _ = thresholds(d["p"], d["y"], d["group"], w, budget)
    return {**esc, "concern_floor": concern, "imminent_at": imminent}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dumps", type=Path, nargs="+")
    ap.add_argument("--boot", type=int, default=20, help="bootstrap resamples (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    every_new: list[dict[str, float]] = []
    every_former: list[dict[str, float]] = []
    for path in args.dumps:
        z = np.load(path, allow_pickle=False)
        d = {k: z[k] for k in z.files}
        print(f"{path}: {len(d['p'])} rows")
        keys = d["key"]
        uniq, inv = np.unique(keys, return_inverse=True)
        base = new_method(d, d["w"])
        every_new.append(base)
        print(summary("new calibration", [base]))
        boot = []
        for _ in range(args.boot):
            mult = np.bincount(rng.integers(0, len(uniq), len(uniq)), minlength=len(uniq))
            boot.append(new_method(d, d["w"] * mult[inv]))
        print(summary(f"new, bootstrap over templates ({args.boot}x)", boot))
        single = ~d["run"]
        chat = d["chat"] & single
        folds = []
        for f in range(int(d["fold"].max()) + 1):
            m = single & (d["fold"] == f)
            folds.append(former(d["p"][m], d["y"][m], d["group"][m], chat[m]))
        every_former.extend(folds)
        print(summary("former, each fold as the validation fifth", folds))
        m0 = np.flatnonzero(single & (d["fold"] == 0))
        u0, inv0 = np.unique(keys[m0], return_inverse=True)
        fboot = []
        for _ in range(args.boot):
            mult = np.bincount(rng.integers(0, len(u0), len(u0)), minlength=len(u0))
            idx = np.repeat(m0, mult[inv0])
            fboot.append(former(d["p"][idx], d["y"][idx], d["group"][idx], chat[idx]))
        print(summary(f"former, bootstrap over fold 0 ({args.boot}x)", fboot))
        pos = (d["group"] == "high") & (d["y"] == 1)
        below = d["p"][pos] < SHIPPED_VETO
        w = d["w"][pos]
        print(
            f"   veto {SHIPPED_VETO} (model 2026.5) loses {below.mean():.3f} of the lexicon's "
            f"correct 'high' rows out of fold, {float((w * below).sum() / w.sum()):.3f} per "
            f"template; the 2 % quantile of the rows is {np.quantile(d['p'][pos], 0.02):.3f}"
        )
    if len(args.dumps) > 1:
        print("across the files (retrains with different fold deals):")
        print(summary("new calibration", every_new))
        print(summary("former, every fold of every file", every_former))
    return 0


if __name__ == "__main__":
    sys.exit(main())
