"""The trained crisis classifier beside the lexicon: a tiny pure-Python scorer of a linear model.

The model (`moderation/model/crisis-<version>.json`, written by `bench/crisis_train.py` with
scikit-learn; serving needs neither scikit-learn nor numpy, and no pickle is ever loaded) is a
logistic regression over hashed-free, readable features of the *normalised* text (the same
`normalize`/`plain_form` the lexicon uses: lower case, no diacritics, Cyrillic folded,
repeats collapsed):

* per word: the word itself and the character 4-grams of " word " (so a short word is one
  gram, and a stem is shared by its inflections);
* the pairs of neighbouring words ("a b").

A word is a run of letters: digits (and underscores) are no part of any feature,
they only separate words. So "v 12", "test 3", "(1234)" weigh only their letters, and no
number ever carries crisis weight by itself; a number in crisis text ("30 pills", "8th
floor") keeps its meaning through the words around it ("took ... pills", "floor"), and two
words on either side of a number are neighbours ("took 30 pills" has the pair "took pills").

A word's features and their summed weight are cached per word (`_word_cache`, bounded), so a
message costs one regex, one cache look-up per word and one per word pair.

The feature vector is the count of each feature divided by the square root of the number of
features of the text (so a long message does not win by length), counted as at least
MIN_FEATURES (since 2026.3): a text of one or two short words carries little evidence, and a
weight learned in long messages (the English "i" of every first-person sentence) must not
decide it alone ("i" typed on its own scored 0.997 without the floor). `score(s)` is the
probability that the message must escalate (0..1).

Thresholds, calibrated on a validation split of the training corpus (templates the model was
not fitted on; never the held-out set; see bench/crisis_train.py), one per severity the
lexicon gave the same text (`escalate`): the message escalates when p >= escalate[group],
where group is the lexicon's verdict (moderation.detect.lexicon_group): "none" (no phrase),
"concern" (distress), "framed" (every crisis phrase negated or in the past), "high" and
"imminent". For "none" that is the classifier's own threshold (`high`); for "high" and
"imminent" it is a veto (below it the lexicon's escalation falls to concern: a joke, a
recovery story, a quote). `concern` <= p shows concern; p >= `imminent` makes an escalation
imminent.

Since 2026.8 a run of messages read as one text (moderation.assess_conversation) has
thresholds of its own where they differ (`escalate_runs`, `Classifier.for_runs`), higher
than a single message's where the lexicon finds no crisis ("none", "concern"): runs of
everyday messages score higher together than any one of them. How each is chosen is
bench/crisis_train.py's (its docstring, item 7: since 2026.10 a single message's on the
development set; since 2026.11 the runs' there too, but never below what 14,000 runs of
everyday messages scored out of fold allow, `calm_runs_floor`).

A model file may name another shipped model that reads runs of messages (`"runs_model":
"<version>"`, `Classifier.runs_model`; the shipped 2026.12 names none): then a single message
is scored by this model and a run by that one, with that one's thresholds of runs. Every
retrain on the pending rounds' long look-alikes read single messages better and runs of
everyday messages higher together, so that the runs' threshold held for everyday chat lost
conversations; a retrain that leaves runs to the model before it keeps them
(bench/results/crisis_devset_round.md, "Fourteenth session"). The two share their feature
strings and the categories (the message model's) in memory: about 65 MB more resident.

`category(s)` (only asked when the classifier fires) names the most likely category among
moderation.CATEGORIES.

Since 2026.4 a text's length is learned apart from the words (bench/crisis_train.py
`scaled`): crisis texts are longer than everyday ones, and a model that rewarded length through
its common words read a run of harmless messages as a crisis. Only LENGTH_KEPT (0.9) of it is
shipped, as `feature_bias`: a weight every feature carries besides its own.

A model file may carry a hidden layer (`"hidden"`, `Hidden`): for each feature a vector of
a few ReLU units' weights, stored as 16-bit floats, whose output adds to the log-odds of the
linear weights (which such a file may leave empty). Its input is a sum over the features as
the linear model's is, so a word's summed vector is remembered as a word's weight is and a
text's `Parts` carry the sums (`Parts.h`). The layer may read only messages of `min_words`
words or more (shorter ones are the linear weights' alone), and then the linear log-odds count
`linear_share`. Such a file has a `"calibration"` too (`Calibration`: a monotone map of the
probability of the messages the layer reads onto the scale the thresholds were set on). A
hidden layer reads single messages only: runs of messages are read by the file's linear
weights (`for_runs`), or by its model of runs, which a file without linear weights must name.
bench/crisis_mlp_probe.py trains and measures one (measured on 2026-12-06, not shipped).

JSON format: {"version", "features": FEATURES, "intercept", "feature_bias" (optional, 0),
"weights": {feature: w},
"categories": {"names": [...], "intercepts": [...], "weights": {feature: [w, ...]}},
"thresholds": {"concern", "imminent", "escalate": {"none", "concern", "framed", "high",
"imminent"}, "escalate_runs" (optional): {group: threshold} for the groups that differ in a
run}, "runs_model" (optional): the version of the shipped model file that reads runs,
"hidden" (optional): {"units": U, "features": [feature, ...], "vectors": base64 of U
little-endian 16-bit floats per feature, in order, "length": [U], "bias": [U], "out": [U],
"out_bias", "min_words" (0), "linear_share" (1)}, "calibration" (optional): {"raw": [p, ...]
increasing, "scaled": [p, ...]},
"trained_on": {...}}.
"""

from __future__ import annotations

import base64
import bisect
import copy
import json
import math
import struct
from array import array
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise, repeat
from typing import Any, NamedTuple

from moderation.normalize import words as words

MODEL_VERSION = "2026.12"
# the classifier's words (`normalize.words`: runs of letters), under the name used inside
# this module, where `words` is often a local list
_words = words


_WORD_CACHE_SIZE = 100_000
# a longer word (a flood of letters) is weighed each time, not remembered: the cache stays
# within _WORD_CACHE_SIZE × this many characters, whatever visitors send
_WORD_CACHE_MAX_CHARS = 64
# the feature count of a text is taken as at least this (see the module docstring)
MIN_FEATURES = 9
# the feature set a model file must name: 4-grams, words and word pairs over runs of letters,
# scaled by at least MIN_FEATURES (a model trained otherwise would score every message wrong,
# so it is refused)
FEATURES = f"c4+w1+w2 letters n>={MIN_FEATURES}"


def word_features(word: str) -> list[str]:
    """The features of one word: itself and the character 4-grams of " word "."""
    t = " " + word + " "
    out = [t[i : i + 4] for i in range(len(t) - 3)]
    out.append(word)
    return out


def features(s: str) -> list[str]:
    """The features of a normalised text `s` (see the module docstring), with repeats."""
    words = _words(s)
    out: list[str] = []
    for w in words:
        out += word_features(w)
    out += [a + " " + b for a, b in pairwise(words)]
    return out


LEXICON_GROUPS = ("none", "concern", "framed", "high", "imminent")


class Parts(NamedTuple):
    """What a normalised text adds to a classifier score (`Classifier.parts`): the summed
    weight of its word and word-pair features, its letters and words, first and last word,
    and for a model with a hidden layer the summed vectors of its features (`h`, one sum per
    unit, unscaled; () for a linear model)."""

    z: float
    letters: int
    words: int
    first: str
    last: str
    h: tuple[float, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    """Probabilities (0..1). `escalate[group]`: escalate at p >= it, given the lexicon's
    verdict `group` (one of LEXICON_GROUPS); `concern`/`imminent`: the classifier's own
    severity levels; `high` = escalate["none"] (the classifier alone escalates).
    `escalate_runs`: the groups whose threshold differs when several messages of a
    conversation are read as one text (`Classifier.for_runs`), {} when none does."""

    concern: float
    imminent: float
    escalate: dict[str, float]
    escalate_runs: dict[str, float] = field(default_factory=dict)

    @property
    def high(self) -> float:
        return self.escalate["none"]

    def for_runs(self) -> Thresholds:
        """The thresholds of a run of messages read as one text: `escalate` with
        `escalate_runs` in place; no threshold of their own for runs."""
        return Thresholds(self.concern, self.imminent, {**self.escalate, **self.escalate_runs})


def _thresholds(t: dict[str, Any]) -> Thresholds:
    """Thresholds from the model file's "thresholds" object (see the module docstring).
    Raises KeyError for a missing field and ValueError for a group of "escalate_runs" that is
    not one of LEXICON_GROUPS."""
    esc = {g: float(t["escalate"][g]) for g in LEXICON_GROUPS}
    runs = {str(g): float(v) for g, v in t.get("escalate_runs", {}).items()}
    if not runs.keys() <= set(LEXICON_GROUPS):
        raise ValueError(f"escalate_runs names unknown lexicon groups: {sorted(runs)}")
    return Thresholds(float(t["concern"]), float(t["imminent"]), esc, runs)


def _sigmoid(x: float) -> float:
    return 0.0 if x < -30 else 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    p = min(max(p, 1e-15), 1 - 1e-15)
    return math.log(p / (1 - p))


class Hidden:
    """A hidden layer of ReLU units over the same features (the model file's "hidden"; see
    the module docstring): each feature has a vector of `units` weights (16-bit floats in the
    file, 32-bit ones in memory), the length column one more (`length`). For a text of `n`
    features whose vectors sum to `h`, the layer adds `sum(out[i] * max(0, (h[i] + length[i]
    * n) / sqrt(max(n, MIN_FEATURES)) + bias[i])) + out_bias` to `linear_share` of the linear
    log-odds, for a text of `min_words` words or more. A word's summed vector is remembered as
    the linear model remembers its weight (bounded alike). Raises KeyError for a missing
    field and ValueError for vectors of the wrong size or weights of the wrong number."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.units: int = int(data["units"])
        names: list[str] = data["features"]
        raw = base64.b64decode(data["vectors"])
        if len(raw) != 2 * self.units * len(names):
            raise ValueError(
                f"hidden layer: {len(raw)} bytes of vectors for {len(names)} features of "
                f"{self.units} units (2 bytes a weight)"
            )
        # little-endian 16-bit floats in the file, 32-bit ones in memory (an array, no Python
        # float per weight), read a chunk at a time
        self.vectors = array("f")
        step = 2 * 65536
        for i in range(0, len(raw), step):
            chunk = raw[i : i + step]
            self.vectors.extend(struct.unpack(f"<{len(chunk) // 2}e", chunk))
        self.index: dict[str, int] = {f: i * self.units for i, f in enumerate(names)}
        self.length: tuple[float, ...] = tuple(map(float, data["length"]))
        self.bias: tuple[float, ...] = tuple(map(float, data["bias"]))
        self.out: tuple[float, ...] = tuple(map(float, data["out"]))
        self.out_bias = float(data["out_bias"])
        if not len(self.length) == len(self.bias) == len(self.out) == self.units:
            raise ValueError(f"hidden layer: length, bias and out must have {self.units} weights")
        self.zero: tuple[float, ...] = (0.0,) * self.units
        # the layer reads a text of at least `min_words` words (a shorter one is the linear
        # weights' alone, uncalibrated), and then the linear log-odds count `linear_share`
        self.min_words = int(data.get("min_words", 0))
        self.linear_share = float(data.get("linear_share", 1.0))
        self._word_cache: dict[str, tuple[float, ...]] = {}

    def _rows(self, feats: Iterable[str]) -> list[Any]:
        u, vectors = self.units, self.vectors
        return [vectors[o : o + u] for o in map(self.index.get, feats) if o is not None]

    def word(self, w: str) -> tuple[float, ...]:
        """The summed vectors of one word's features, remembered (but for a long word)."""
        cache = self._word_cache
        v = cache.get(w)
        if v is None:
            rows = self._rows(word_features(w))
            v = tuple(map(sum, zip(*rows, strict=True))) if rows else self.zero
            if len(w) <= _WORD_CACHE_MAX_CHARS:
                if len(cache) >= _WORD_CACHE_SIZE:
                    cache.clear()
                cache[w] = v
        return v

    def sum(self, words: list[str]) -> tuple[float, ...]:
        """The summed vectors of the features of `words`: each word's, each pair's."""
        rows: list[Any] = [self.word(w) for w in words]
        rows += self._rows(map(" ".join, pairwise(words)))
        return tuple(map(sum, zip(*rows, strict=True))) if rows else self.zero

    def log_odds(self, h: tuple[float, ...], n: int) -> float:
        """What the layer adds to the log-odds of a text of `n` features summing to `h` (an
        empty text: `n` 0 or less, `h` zeros)."""
        n = max(n, 0)
        k = 1 / math.sqrt(max(n, MIN_FEATURES))
        z = self.out_bias
        for hi, li, bi, oi in zip(h, self.length, self.bias, self.out, strict=True):
            a = (hi + li * n) * k + bi
            if a > 0:
                z += oi * a
        return z


class Calibration:
    """A monotone map of a model's probability onto the scale its thresholds were set on (the
    model file's "calibration": knots "raw", strictly increasing, and "scaled", not
    decreasing; between two knots linear in log-odds, outside them the end knot's value).
    Raises KeyError for a missing field and ValueError for knots out of order."""

    def __init__(self, data: dict[str, Any]) -> None:
        raw = [float(v) for v in data["raw"]]
        scaled = [float(v) for v in data["scaled"]]
        if len(raw) != len(scaled) or len(raw) < 2:
            raise ValueError("calibration: raw and scaled must be two lists of the same length")
        if any(b <= a for a, b in pairwise(raw)) or any(b < a for a, b in pairwise(scaled)):
            raise ValueError("calibration: raw must increase and scaled must not decrease")
        self.raw, self.scaled = raw, scaled
        self._x = [_logit(v) for v in raw]
        self._y = [_logit(v) for v in scaled]

    def __call__(self, log_odds: float) -> float:
        """The calibrated log-odds of a model's `log_odds`."""
        x, y = self._x, self._y
        i = bisect.bisect_right(x, log_odds)
        if i == 0:
            return y[0]
        if i == len(x):
            return y[-1]
        x0, x1 = x[i - 1], x[i]
        return y[i - 1] + (y[i] - y[i - 1]) * (log_odds - x0) / (x1 - x0)


class Classifier:
    """A loaded model. `score(s)` -> probability; `severity(p)`; `category(s)`."""

    def __init__(self, data: dict[str, Any], share: Classifier | None = None) -> None:
        """A model from the parsed JSON of a model file (see the module docstring). `share`:
        a model loaded already whose feature strings and categories this one shares (a model
        of runs, `runs_model`: its file's categories are not read, and a feature both models
        weigh is one string in memory). Raises KeyError for a missing field and ValueError for
        a model trained on other features than FEATURES."""
        if data.get("features", FEATURES) != FEATURES:
            raise ValueError(
                f"model {data.get('version')!r} was trained on features "
                f"{data['features']!r}, this scorer computes {FEATURES!r}"
            )
        self.version: str = data["version"]
        self.intercept: float = float(data["intercept"])
        # what every feature weighs besides its own weight (0 in models before 2026.4)
        self.bias: float = float(data.get("feature_bias", 0.0))
        self.weights: dict[str, float] = data["weights"]
        self.category_names: list[str]
        self.category_intercepts: list[float]
        self.category_weights: dict[str, tuple[float, ...]]
        if share is not None:
            same = {f: f for f in share.weights}
            if share.hidden is not None:
                same.update((f, f) for f in share.hidden.index)
            self.weights = {same.get(f, f): w for f, w in self.weights.items()}
            self.category_names = share.category_names
            self.category_intercepts = share.category_intercepts
            self.category_weights = share.category_weights
        else:
            cats = data["categories"]
            self.category_names = cats["names"]
            self.category_intercepts = cats["intercepts"]
            # tuples, not the file's lists: a tuple of floats is no object the garbage
            # collector follows (it untracks them), and 150,000+ lists made each full
            # collection, which the allocations of ordinary messages trigger, cost ~7 % more
            # per message (callgrind)
            self.category_weights = {f: tuple(w) for f, w in cats["weights"].items()}
        self._word_cache: dict[str, float] = {}
        # a hidden layer beside (or instead of) the linear weights, and the map of the
        # model's probability onto its thresholds' scale (None: none, the probability as is)
        self.hidden: Hidden | None = Hidden(data["hidden"]) if data.get("hidden") else None
        self.calibration: Calibration | None = (
            Calibration(data["calibration"]) if data.get("calibration") else None
        )
        # what `known_words` counts: the features the model weighs
        self._known: Container[str] = (
            self.hidden.index if self.hidden is not None and not self.weights else self.weights
        )
        self.thresholds = _thresholds(data["thresholds"])
        self._runs: Classifier | None = None
        # the model that reads a run of messages as one text, when it is another model
        # ("runs_model" of the file, set by `load_model`): None, this model reads runs too
        self.runs_model: Classifier | None = None

    def with_thresholds(self, thresholds: Thresholds) -> Classifier:
        """This model judged by other `thresholds`: a new object with the same weights and the
        same word cache (nothing is copied but the references)."""
        other = copy.copy(self)
        other.thresholds = thresholds
        other._runs = None
        return other

    def for_runs(self) -> Classifier:
        """What reads a run of messages as one text: the model of runs (`runs_model`, by its
        own thresholds of runs) when the file names one, else this model's linear weights
        with the thresholds of runs (`Thresholds.for_runs`): the same weights and the same
        word cache, without the hidden layer (one object, made once); `self` when the model
        has neither thresholds of its own for runs nor a hidden layer."""
        if self.runs_model is not None:
            return self.runs_model.for_runs()
        if not self.thresholds.escalate_runs and self.hidden is None:
            return self
        if self._runs is None:
            runs = self.with_thresholds(self.thresholds.for_runs())
            # a hidden layer reads single messages only: a run is its linear weights' alone
            runs.hidden = runs.calibration = None
            runs._runs = runs
            self._runs = runs
        return self._runs

    def known_words(self, s: str) -> int:
        """How many words of the normalised text `s` (with repeats) are features of the model
        (words it was trained on and kept a weight for): how well it knows a reading of `s`."""
        known = self._known
        return sum(w in known for w in _words(s))

    def _weight(self, w: str) -> float:
        """The summed weight of one word's features, remembered (but for a long word)."""
        cache = self._word_cache
        z = cache.get(w)
        if z is None:
            z = sum(map(self.weights.get, word_features(w), repeat(0.0)))
            if len(w) <= _WORD_CACHE_MAX_CHARS:
                if len(cache) >= _WORD_CACHE_SIZE:
                    cache.clear()
                cache[w] = z
        return z

    def _sum(self, words: list[str]) -> float:
        """Summed weight of the features of `words` (non-empty): each word's, each pair's."""
        cache = self._word_cache
        try:
            z = sum(map(cache.__getitem__, words))
        except KeyError:
            # each word's weight as it is computed (the cache may start again in between:
            # a word remembered a moment ago is no longer there to be read back)
            z = sum(map(self._weight, words))
        return z + sum(map(self.weights.get, map(" ".join, pairwise(words)), repeat(0.0)))

    def _log_odds(self, z: float, n: int) -> float:
        """The log-odds of a text whose features weigh `z` in all (feature_bias included) and
        number `n`."""
        return z / math.sqrt(max(n, MIN_FEATURES)) + self.intercept

    def _probability(self, z: float, n: int, h: tuple[float, ...] = ()) -> float:
        return _sigmoid(self._full_log_odds(z, n, h))

    def _full_log_odds(self, z: float, n: int, h: tuple[float, ...]) -> float:
        """The log-odds of a text of `n` features whose linear weights sum to `z` and, when the
        hidden layer reads it, whose vectors sum to `h` (() when it does not: a text shorter
        than its `min_words`): the layer's added to `linear_share` of the linear ones, and
        calibrated. A text the layer does not read has the linear log-odds as they are, and a
        model without a layer its calibrated ones."""
        x = self._log_odds(z, n)
        hidden = self.hidden
        if hidden is not None:
            if not h:
                return x
            x = hidden.linear_share * x + hidden.log_odds(h, n)
        return x if self.calibration is None else self.calibration(x)

    def score(self, s: str) -> float:
        """Probability (0..1) that the normalised text `s` is a crisis message."""
        return _sigmoid(self.logit(s))

    def logit(self, s: str) -> float:
        """The log-odds of `score(s)` (unbounded, so it still tells two texts apart where the
        probability has saturated at 1.0)."""
        words = _words(s)
        if not words and self.hidden is None and self.calibration is None:
            return self.intercept
        parts = self.word_parts(words)
        return self._full_log_odds(parts.z, parts.letters + parts.words - 1, parts.h)

    def parts_score(self, parts: Parts) -> float:
        """`score(s)` of the text whose `parts(s)` are `parts` (the same figure: the same
        operations on the same sums), so that a text read for `parts` is not read again."""
        return self._probability(parts.z, parts.letters + parts.words - 1, parts.h)

    def parts(self, s: str) -> Parts:
        """The additive parts of `score(s)` for a normalised text `s`, so that the score of
        several texts read as one (`run_score`) costs no new reading of their words."""
        return self.word_parts(_words(s))

    def word_parts(self, words: list[str]) -> Parts:
        """`parts(s)` of the text whose `words(s)` are `words` (for a caller that reads the
        words for something else too)."""
        hidden = self.hidden
        if not words:
            reads = hidden is not None and not hidden.min_words
            return Parts(0.0, 0, 0, "", "", hidden.zero if reads else ())  # type: ignore[union-attr]
        # a word of L letters has L features (itself and L - 1 grams of " word "), plus the pairs
        letters = sum(map(len, words))
        z = (self._sum(words) if self.weights else 0.0) + self.bias * (letters + len(words) - 1)
        if hidden is None or len(words) < hidden.min_words:
            return Parts(z, letters, len(words), words[0], words[-1])
        return Parts(z, letters, len(words), words[0], words[-1], hidden.sum(words))

    def suffix_scores(self, runs: list[Parts]) -> list[float]:
        """`run_score(runs[-k:])` for k = 1..len(runs), in one pass from the last text back:
        the scores of every run of the texts ending with the last one."""
        return [_sigmoid(x) for x in self.suffix_log_odds(runs)]

    def best_suffix_score(self, runs: list[Parts], shortest: int = 2) -> float:
        """`max(suffix_scores(runs)[shortest - 1:])` (`runs` holds at least `shortest` texts):
        the highest score of a run of `shortest` or more texts ending with the last one, from
        one sigmoid of the highest log-odds (the sigmoid never decreases, so it is the same
        figure). Raises ValueError when `runs` holds fewer."""
        return _sigmoid(max(self.suffix_log_odds(runs)[shortest - 1 :]))

    def suffix_log_odds(self, runs: list[Parts]) -> list[float]:
        """The log-odds of `suffix_scores(runs)`, one by one (the same operations), by the
        linear weights alone (a hidden layer reads single messages only). Raises ValueError
        for a model without linear weights or with a calibration of them: it reads single
        messages only, and its model of runs (`runs_model`) reads runs."""
        if not self.weights or (self.hidden is None and self.calibration is not None):
            raise ValueError(f"model {self.version} reads single messages only, not runs")
        z = 0.0
        letters = words = 0
        first = ""
        out = []
        weights, bias, intercept, sqrt = self.weights, self.bias, self.intercept, math.sqrt
        for r in reversed(runs):
            if r.words:
                if first:  # the pair where this text meets the run after it
                    z += weights.get(r.last + " " + first, 0.0) + bias
                z += r.z
                letters += r.letters
                words += r.words
                first = r.first
            # `_log_odds(z, letters + words - 1)`, written out (the same operations)
            out.append(
                z / sqrt(max(letters + words - 1, MIN_FEATURES)) + intercept if words else intercept
            )
        return out

    def run_score(self, runs: list[Parts]) -> float:
        """`score` of the texts whose `parts` are `runs` (in order) joined by white space:
        the same figure as `score(" \n ".join(texts))` up to float rounding, as the features
        are words and neighbouring pairs (one more pair where two texts meet)."""
        return self.suffix_scores(runs)[-1] if runs else _sigmoid(self.intercept)

    def severity(self, p: float) -> str:
        """'none' | 'concern' | 'high' | 'imminent' for a score."""
        t = self.thresholds
        if p >= t.imminent:
            return "imminent"
        if p >= t.high:
            return "high"
        if p >= t.concern:
            return "concern"
        return "none"

    def category(self, s: str) -> str:
        """The most likely category of a normalised crisis text `s`."""
        feats = features(s)
        n = math.sqrt(max(len(feats), MIN_FEATURES))
        z = list(self.category_intercepts)
        for f in feats:
            w = self.category_weights.get(f)
            if w is not None:
                for i, x in enumerate(w):
                    z[i] += x / n
        best = max(range(len(z)), key=z.__getitem__)
        return self.category_names[best]


def _model_file(version: str) -> bytes:
    """The JSON text of the shipped model file moderation/model/crisis-`version`.json. Raises
    FileNotFoundError when there is none."""
    return resources.files("moderation.model").joinpath(f"crisis-{version}.json").read_bytes()


def load_model(data: str | bytes) -> Classifier:
    """A Classifier from the JSON text of a model file (see the module docstring), with the
    shipped model file its "runs_model" names (if any) as the model of runs of messages.
    A file with no "categories" of its own takes its model of runs' (read first, sharing its
    feature strings). Raises json.JSONDecodeError for text that is not JSON, KeyError for a
    missing field (categories too, when no model of runs is named), FileNotFoundError for a
    model of runs that is not shipped and ValueError for a model trained on other features
    than FEATURES, a model of runs that names one itself, or a model that names no model of
    runs but cannot read runs itself (a hidden layer or a calibration without linear
    weights, or a calibration without a hidden layer)."""
    parsed = json.loads(data)
    runs = parsed.get("runs_model")
    if (
        not runs
        and not parsed.get("weights")
        and (parsed.get("hidden") or parsed.get("calibration"))
    ):
        raise ValueError(
            f"model {parsed.get('version')!r} has a hidden layer or a calibration and no linear "
            "weights, and reads single messages only: it must name a linear model of runs "
            "(runs_model)"
        )
    if not runs and parsed.get("calibration") and not parsed.get("hidden"):
        raise ValueError(
            f"model {parsed.get('version')!r} calibrates its linear weights, and so reads "
            "single messages only: it must name a linear model of runs (runs_model)"
        )
    if runs and "categories" not in parsed:
        # no categories of its own: the model of runs is read first, and the model takes
        # its categories and shares its feature strings
        of_runs = Classifier(_runs_data(str(runs)))
        clf = Classifier(parsed, share=of_runs)
        clf.runs_model = of_runs
        return clf
    clf = Classifier(parsed)
    if runs:
        del parsed  # the first file's parsed weights go before the second is read
        clf.runs_model = Classifier(_runs_data(str(runs)), share=clf)
    return clf


def _runs_data(version: str) -> dict[str, Any]:
    """The parsed shipped model file `version` that a model names as its model of runs.
    Raises FileNotFoundError when it is not shipped and ValueError when it names a model of
    runs itself."""
    data: dict[str, Any] = json.loads(_model_file(version))
    if data.get("runs_model"):
        raise ValueError(f"model of runs {version!r} names a model of runs itself")
    return data


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The shipped model (moderation/model/crisis-MODEL_VERSION.json), with its model of runs,
    loaded once."""
    return load_model(_model_file(MODEL_VERSION))
