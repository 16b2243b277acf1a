"""Does a hidden layer rank unseen text better than the linear model? (issue 20)

Measured, not shipped: the shipped classifier (moderation/classifier.py) is a logistic
regression over the features of `moderation.classifier.features`. Sixteen sessions of lexicon
rounds and retrains left the frozen held-out figures where they were, and most of the false
alarms that remain on the long look-alikes the pending rounds hold (goodbyes before a move, a
retirement, a funeral) are the classifier's alone, scored as high as real goodbyes
(bench/results/crisis_devset_round.md, "Sixteenth session"). A linear model can only add the
evidence of each feature; this probe asks whether one hidden layer of ReLU units over the same
features, trained on the same rows, ranks text none of them was fitted on better.

1. The rows, features, scaling and row weights of bench/crisis_train.py (`training_rows`,
   `analyzer`, `scaled`, `row_weights`; classes balanced by weight, as the shipped fit's
   `class_weight="balanced"`).
2. Two models fitted on them: the shipped recipe (`crisis_train.fit`, scored by
   `crisis_train.proba`) and scikit-learn's MLPClassifier with one hidden layer of `--hidden`
   units (ReLU, Adam, batches of 256, `--epochs` passes, `--seed`).
3. Ranking, classifier alone, on text neither was fitted on: the development set
   (bench/crisis_devset/; single messages and conversations read as one text) and every round
   kept apart in bench/crisis_natural/pending/ (`pending_rows`). Per set: the area under the
   ROC curve, the recall at 2, 5 and 10 % false alarms and the false alarms at 95 and 98 %
   recall; the pending single messages also by length (fewer than 12 words, 25 or more).
4. The whole detector on single messages (`moderation.assess`): the shipped lexicon and
   thresholds with the classifier's score replaced by the hidden layer's, carried onto the
   linear model's scale by quantiles over the development set and the pending rounds
   (`QuantileSwap`: the same share of these texts stays above every threshold, so the
   thresholds keep their meaning and only the order changes). A model that ships would get
   thresholds of its own (bench/crisis_train.py's calibration), so this only tells whether
   the better order survives the lexicon around it.
5. What serving would cost (`serving_cost`): the hidden layer's input is a sum over features,
   additive as the linear model's is, so a word's summed vector can be remembered as its
   weight is (`Classifier._word_cache`) and a run of messages can add the sums of its
   messages; the microseconds per message of that sum in pure Python on the mix of
   bench/crisis_speed.py, and the megabytes of the vectors as 32-bit floats.
6. `--write VERSION` also writes the model as moderation/model/crisis-VERSION.json
   (`model_file`, the format of moderation/classifier.py's "hidden" and "calibration"): the
   linear model LINEAR as it is, which reads runs of messages and every message shorter than
   `--min-words` (12), and for a longer one the hidden layer (its vectors as 16-bit floats,
   rows whose every weight is below PRUNE dropped) blended with LINEAR (`--blend`: LINEAR's
   share of the log-odds, 0.5) and calibrated by quantiles onto LINEAR's scale as in 4., over
   the messages of that length only.
Never reads the frozen held-out sets (tests/moderation/heldout/). Deterministic for a seed.
Takes about 25 minutes on one core (the MLP's passes are most of it).
Usage: python bench/crisis_mlp_probe.py [--hidden 8] [--epochs 4] [--seed 0] [--out FILE.md]
[--write VERSION]
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis_corpus import NATURAL, RUN_SEP, devset_rows, training_rows  # noqa: E402
from bench.crisis_speed import messages as speed_messages  # noqa: E402
from bench.crisis_train import analyzer, fit, proba, row_weights, scaled  # noqa: E402
from moderation import assess  # noqa: E402
from moderation.classifier import (  # noqa: E402
    MIN_FEATURES,
    Classifier,
    Hidden,
    Parts,
    _model_file,
    _words,
    features,
    load_model,
)
from moderation.normalize import normalize  # noqa: E402

OUT = ROOT / "bench" / "results" / "crisis_mlp_probe.md"
# the linear model the hidden layer is compared with, blended with and calibrated onto, and
# whose thresholds, categories and reading of runs a written model takes
LINEAR = "2026.12"
LONG, SHORT = 25, 12  # words: a long message has at least LONG, a short one fewer than SHORT


def pending_rows() -> list[dict[str, Any]]:
    """Every labelled row of the rounds kept apart (bench/crisis_natural/pending/*/): single
    messages and conversations (`messages` joined by RUN_SEP, as assess_conversation reads
    them), each with its round's folder as "src". Lenient: the older probes name no category
    or scenario, so only text (or messages), lang and a label 0|1 are required; a row without
    them is skipped."""
    out: list[dict[str, Any]] = []
    for folder in sorted((NATURAL / "pending").iterdir()):
        files = sorted(folder.glob("*.jsonl")) + sorted(folder.glob("conversations/*.jsonl"))
        for p in files:
            for line in p.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                r = json.loads(line)
                if r.get("label") not in (0, 1) or "lang" not in r:
                    continue
                conv = isinstance(r.get("messages"), list)
                text = RUN_SEP.join(map(str, r["messages"])) if conv else r.get("text")
                if not isinstance(text, str) or not text.strip():
                    continue
                out.append({"text": text, "label": r["label"], "conv": conv, "src": folder.name})
    return out


def ranking(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Classifier-alone figures of the scores `p` (0..1) against the labels `y` (1: must
    escalate): "auc", the recall at 2, 5 and 10 % false alarms ("r@2", "r@5", "r@10") and the
    false alarms at 95 and 98 % recall ("fa@95", "fa@98"); NaN where a class is missing."""
    pos, neg = np.sort(p[y == 1]), np.sort(p[y == 0])[::-1]
    if not len(pos) or not len(neg):
        return dict.fromkeys(("auc", "r@2", "r@5", "r@10", "fa@95", "fa@98"), math.nan)
    out = {"auc": float(roc_auc_score(y, p))}
    for fa in (2, 5, 10):
        t = neg[min(int(fa / 100 * len(neg)), len(neg) - 1)]
        out[f"r@{fa}"] = float((pos > t).mean())
    for r in (95, 98):
        t = pos[int((1 - r / 100) * len(pos))]
        out[f"fa@{r}"] = float((neg >= t).mean())
    return out


class QuantileSwap(Classifier):
    """The linear model LINEAR with its single-message score replaced by another model's,
    carried onto its scale by quantiles (`reference_new` and `reference_shipped`: both
    models' scores of the same texts). Only for `assess` of single
    messages in this probe: runs of messages are not read."""

    def __init__(
        self,
        new_logit: Any,
        reference_new: np.ndarray,
        reference_shipped: np.ndarray,
    ) -> None:
        self.__dict__.update(load_model(_model_file(LINEAR)).__dict__)
        # a weights object of its own, so that the detector reads the parts again with this
        # model (moderation.detect._shipped_parts compares the weights by identity)
        self.weights = dict(self.weights)
        self._new_logit = new_logit
        self._ref_new = np.sort(reference_new)
        self._ref_shipped = np.sort(reference_shipped)

    def _mapped(self, s: str) -> float:
        p = 1 / (1 + math.exp(-self._new_logit(s)))
        q = float(np.searchsorted(self._ref_new, p)) / len(self._ref_new)
        return float(np.quantile(self._ref_shipped, min(max(q, 0.0), 1.0)))

    def score(self, s: str) -> float:
        return self._mapped(s)

    def logit(self, s: str) -> float:
        p = min(max(self._mapped(s), 1e-9), 1 - 1e-9)
        return math.log(p / (1 - p))

    def word_parts(self, words: list[str]) -> Parts:
        parts = super().word_parts(words)
        if not words:
            return parts
        n = parts.letters + parts.words - 1
        z = (self.logit(" ".join(words)) - self.intercept) * math.sqrt(max(n, MIN_FEATURES))
        return parts._replace(z=z)


def mlp_logit(model: MLPClassifier, vocabulary: dict[str, int]) -> Any:
    """The log-odds of the fitted one-hidden-layer `model` for a normalised text, computed
    from its weights (the same features and scaling as `scaled`)."""
    w1, w2 = model.coefs_
    b1, b2 = model.intercepts_
    length = len(vocabulary)  # the length column that `scaled` appends

    def logit(s: str) -> float:
        f = features(s)
        scale = 1 / math.sqrt(max(len(f), MIN_FEATURES))
        idx = [vocabulary[x] for x in f if x in vocabulary]
        h = (w1[idx].sum(axis=0) + w1[length] * len(f)) * scale + b1
        return float(np.maximum(h, 0) @ w2[:, 0] + b2[0])

    return logit


def serving_cost(layer: dict[str, Any]) -> tuple[float, float]:
    """(microseconds per message, megabytes): the layer (`hidden_layer`) summed and read by
    the scorer's own `moderation.classifier.Hidden` (a word's vector remembered, the pairs of
    words looked up), over the 20,000 messages of bench/crisis_speed.py after 4,000 to fill
    the memory of words; and the size of its vectors in memory (32-bit floats)."""
    hidden = Hidden(layer)
    texts = [_words(normalize(m)[0]) for m in speed_messages(20_000)]
    for w in texts[:4000]:
        hidden.sum(w)
    t0 = time.perf_counter()
    for w in texts:
        hidden.log_odds(hidden.sum(w), 9)
    return (time.perf_counter() - t0) / len(texts) * 1e6, len(hidden.vectors) * 4 / 1e6


PRUNE = 0.02  # a feature's vector is dropped when none of its weights reaches this
KNOTS = np.concatenate([[0.0], 1 / (1 + np.exp(-np.linspace(-9, 9, 361))), [1.0]])


def calibration(raw: np.ndarray, shipped: np.ndarray) -> dict[str, list[float]]:
    """The monotone map of the new model's probabilities `raw` onto the shipped model's scale
    (`shipped`: its scores of the same texts): the two distributions' quantiles at KNOTS,
    with repeated raw knots left out, as moderation.classifier reads them ("raw" strictly
    increasing, "scaled" not decreasing)."""
    r, t = np.quantile(raw, KNOTS), np.maximum.accumulate(np.quantile(shipped, KNOTS))
    keep = np.concatenate([[True], np.diff(r) > 0])
    return {"raw": [float(v) for v in r[keep]], "scaled": [float(v) for v in t[keep]]}


def hidden_layer(
    mlp: MLPClassifier, vocabulary: dict[str, int], blend: float
) -> tuple[dict[str, Any], np.ndarray]:
    """The model file's "hidden" block of the fitted one-hidden-layer `mlp` over the columns
    `vocabulary` (+ the length column), its output scaled by 1 - `blend`: the vectors as
    little-endian 16-bit floats, base64, a feature's row dropped when every weight is below
    PRUNE; and the weights as served (rounded, pruned rows zero; columns x units, the last
    row the length column), to score texts as the server will."""
    w1 = mlp.coefs_[0].astype(np.float16).astype(np.float64)
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    keep = np.abs(w1[: len(names)]).max(axis=1) >= PRUNE
    w1[: len(names)][~keep] = 0.0
    kept = np.flatnonzero(keep)
    layer = {
        "units": int(w1.shape[1]),
        "features": [names[i] for i in kept],
        "vectors": base64.b64encode(w1[kept].astype("<f2").tobytes()).decode("ascii"),
        "length": [float(v) for v in w1[-1]],
        "bias": [float(v) for v in mlp.intercepts_[0]],
        "out": [float(v) * (1 - blend) for v in mlp.coefs_[1][:, 0]],
        "out_bias": float(mlp.intercepts_[1][0]) * (1 - blend),
    }
    return layer, w1


def model_file(
    mlp: MLPClassifier,
    vocabulary: dict[str, int],
    x_reference: Any,
    texts_reference: list[str],
    version: str,
    blend: float,
    min_words: int,
    rows: int,
) -> dict[str, Any]:
    """The model file (moderation/classifier.py's format with "hidden" and "calibration"): the
    linear model LINEAR as it is (weights, thresholds, categories; it reads runs of messages
    and every message of fewer than `min_words` words), with the fitted one-hidden-layer
    `mlp` over the columns `vocabulary` (+ the length column) for a message of `min_words` or
    more: log-odds = `blend` x LINEAR's + (1 - `blend`) x the layer's (its "linear_share" and
    its output scaled), calibrated. The layer's vectors as little-endian 16-bit floats,
    base64, a feature's row dropped when every weight is below PRUNE; the calibration maps the
    scores of the reference texts of `min_words` or more words (`x_reference` scaled,
    `texts_reference` raw) by this model as served (rounded and pruned) onto LINEAR's scores
    of the same texts. `rows`: how many rows the layer was fitted on."""
    linear = load_model(_model_file(LINEAR))
    data = json.loads(_model_file(LINEAR))
    layer, w1 = hidden_layer(mlp, vocabulary, blend)
    b1, w2, b2 = np.array(layer["bias"]), np.array(layer["out"]), float(layer["out_bias"])
    long = np.flatnonzero([len(_words(normalize(t)[0])) >= min_words for t in texts_reference])
    texts = [texts_reference[i] for i in long]
    z = np.maximum(np.asarray(x_reference[long] @ w1) + b1, 0) @ w2 + b2
    z = z + blend * np.array([linear.logit(normalize(t)[0]) for t in texts])
    scale = np.array([linear.score(normalize(t)[0]) for t in texts])
    data["version"] = version
    data["hidden"] = {**layer, "linear_share": blend, "min_words": min_words}
    data["calibration"] = calibration(1 / (1 + np.exp(-z)), scale)
    data["trained_on"] = {
        **data["trained_on"],
        "hidden_layer": f"bench/crisis_mlp_probe.py: {w1.shape[1]} units (scikit-learn "
        f"MLPClassifier) on the same {rows} rows and features, for messages of {min_words}+ "
        f"words, blended with {LINEAR} ({blend} of its log-odds) and calibrated by quantiles "
        f"onto {LINEAR} over the {len(texts)} single messages of {min_words}+ words of the "
        "development set and the pending rounds",
    }
    return data


def detector(rows: list[dict[str, Any]], clf: Classifier) -> tuple[int, int, int, int]:
    """(crises escalated, crises, look-alikes escalated, look-alikes) of `moderation.assess`
    with `clf` over the single messages of `rows`."""
    tp = pos = fp = neg = 0
    for r in rows:
        if r["conv"]:
            continue
        hit = assess(r["text"], classifier=clf).escalate
        if r["label"]:
            pos, tp = pos + 1, tp + hit
        else:
            neg, fp = neg + 1, fp + hit
    return tp, pos, fp, neg


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hidden", type=int, default=8, help="hidden units (default 8)")
    ap.add_argument("--epochs", type=int, default=4, help="passes over the rows (default 4)")
    ap.add_argument("--seed", type=int, default=0, help="the MLP's random state (default 0)")
    ap.add_argument("--out", type=Path, default=OUT, help=f"the report (default {OUT})")
    ap.add_argument("--write", metavar="VERSION", help="also write the model file (see 6.)")
    ap.add_argument(
        "--blend", type=float, default=0.5, help="the linear model's share when written (0.5)"
    )
    ap.add_argument(
        "--min-words", type=int, default=12, help="the layer reads messages this long (12)"
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = training_rows(0)
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["label"]) for r in rows])  # type: ignore[call-overload]
    sw = row_weights(rows)
    balance = np.where(y == 1, sw.sum() / (2 * sw[y == 1].sum()), sw.sum() / (2 * sw[y == 0].sum()))
    vec = CountVectorizer(analyzer=analyzer, min_df=2)
    x = scaled(vec.fit_transform(texts).tocsr(), np.array([len(analyzer(t)) for t in texts]))
    vocabulary = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    print(f"{len(rows)} rows, {x.shape[1]} columns ({time.time() - t0:.0f} s)", flush=True)
    linear = fit(x, y, sw)
    print(f"linear model fitted ({time.time() - t0:.0f} s)", flush=True)
    mlp = MLPClassifier(
        hidden_layer_sizes=(args.hidden,),
        batch_size=256,
        learning_rate_init=2e-3,
        alpha=1e-5,
        max_iter=args.epochs,
        tol=0.0,
        random_state=args.seed,
    )
    with warnings.catch_warnings():  # max_iter is the number of passes, not a failure
        warnings.simplefilter("ignore")
        mlp.fit(x.astype(np.float32), y, sample_weight=sw * balance / (sw * balance).mean())
    print(f"hidden layer fitted ({time.time() - t0:.0f} s)", flush=True)

    dev = [
        {"text": str(r["text"]), "label": r["label"], "conv": "messages" in r, "src": "dev"}
        for r in devset_rows()
    ]
    pend = pending_rows()
    sets = {"dev": dev, "pending": pend}
    scores: dict[str, dict[str, np.ndarray]] = {}
    matrices: dict[str, Any] = {}
    for name, rs in sets.items():
        t = [r["text"] for r in rs]
        xs = matrices[name] = scaled(
            vec.transform(t).tocsr(), np.array([len(analyzer(s)) for s in t])
        )
        scores[name] = {
            "linear": proba(linear, xs),
            "hidden": mlp.predict_proba(xs.astype(np.float32))[:, 1],
        }
    if args.write:
        single = {n: np.flatnonzero([not r["conv"] for r in rs]) for n, rs in sets.items()}
        data = model_file(
            mlp,
            vocabulary,
            sparse.vstack([matrices[n][single[n]] for n in sets]).tocsr(),
            [sets[n][i]["text"] for n in sets for i in single[n]],
            args.write,
            args.blend,
            args.min_words,
            len(rows),
        )
        out = ROOT / "moderation" / "model" / f"crisis-{args.write}.json"
        out.write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        print(
            f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, "
            f"{len(data['hidden']['features'])} of {len(vocabulary)} features)",
            flush=True,
        )

    lines = [
        "# A hidden layer beside the linear model (bench/crisis_mlp_probe.py)",
        "",
        f"- run: `python bench/crisis_mlp_probe.py --hidden {args.hidden} --epochs "
        f"{args.epochs} --seed {args.seed}`, {time.strftime('%Y-%m-%d')}",
        f"- fitted on {len(rows)} rows, {x.shape[1]} columns; neither model saw the "
        "development set or the pending rounds; the frozen held-out sets were not read",
        "",
        "## Ranking, classifier alone",
        "",
        "| texts | n | crises | model | AUC | recall at 2 % FA | at 5 % | at 10 % "
        "| FA at 95 % recall | at 98 % |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, rs in sets.items():
        conv = np.array([r["conv"] for r in rs])
        words = np.array([len(r["text"].split()) for r in rs])
        label = np.array([r["label"] for r in rs])
        groups = [("single messages", ~conv), ("conversations", conv)]
        if name == "pending":
            groups += [
                (f"single, under {SHORT} words", ~conv & (words < SHORT)),
                (f"single, {LONG}+ words", ~conv & (words >= LONG)),
            ]
        for g, m in groups:
            for model in ("linear", "hidden"):
                f = ranking(scores[name][model][m], label[m])
                lines.append(
                    f"| {name}, {g} | {int(m.sum())} | {int(label[m].sum())} | {model} | "
                    f"{f['auc']:.4f} | {f['r@2']:.3f} | {f['r@5']:.3f} | {f['r@10']:.3f} | "
                    f"{f['fa@95']:.3f} | {f['fa@98']:.3f} |"
                )
    swap = QuantileSwap(
        mlp_logit(mlp, vocabulary),
        np.concatenate([scores[n]["hidden"] for n in sets]),
        np.concatenate([scores[n]["linear"] for n in sets]),
    )
    lines += [
        "",
        "## The whole detector, single messages",
        "",
        "The shipped lexicon, rules and thresholds; the classifier's score by the shipped model, "
        "or by the hidden layer carried onto its scale by quantiles (`QuantileSwap`).",
        "",
        "| texts | classifier | crises escalated | look-alikes escalated |",
        "|---|---|---|---|",
    ]
    for name, rs in sets.items():
        for label_, clf in ((LINEAR, load_model(_model_file(LINEAR))), ("hidden layer", swap)):
            tp, pos, fp, neg = detector(rs, clf)
            lines.append(
                f"| {name} | {label_} | {tp}/{pos} ({tp / pos:.3f}) | {fp}/{neg} ({fp / neg:.3f}) |"
            )
        print(f"detector on {name} ({time.time() - t0:.0f} s)", flush=True)
    us, mb = serving_cost(hidden_layer(mlp, vocabulary, 0.0)[0])
    lines += [
        "",
        "## What serving would cost",
        "",
        f"- the hidden layer's input summed in pure Python, words remembered: {us:.1f} µs per "
        "message of bench/crisis_speed.py's mix",
        f"- its vectors in memory (32-bit floats, rows below {PRUNE} dropped): {mb:.0f} MB",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
