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

JSON format: {"version", "features": FEATURES, "intercept", "feature_bias" (optional, 0),
"weights": {feature: w},
"categories": {"names": [...], "intercepts": [...], "weights": {feature: [w, ...]}},
"thresholds": {"concern", "imminent", "escalate": {"none", "concern", "framed", "high",
"imminent"}, "escalate_runs" (optional): {group: threshold} for the groups that differ in a
run}, "runs_model" (optional): the version of the shipped model file that reads runs,
"trained_on": {...}}.
"""

from __future__ import annotations

import copy
import json
import math
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
    weight of its word and word-pair features, its letters and words, first and last word."""

    z: float
    letters: int
    words: int
    first: str
    last: str


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
        own thresholds of runs) when the file names one, else this model with the thresholds
        of runs (`Thresholds.for_runs`): the same weights and the same word cache (one object,
        made once); `self` when the model has no thresholds of its own for runs."""
        if self.runs_model is not None:
            return self.runs_model.for_runs()
        if not self.thresholds.escalate_runs:
            return self
        if self._runs is None:
            runs = self.with_thresholds(self.thresholds.for_runs())
            runs._runs = runs
            self._runs = runs
        return self._runs

    def known_words(self, s: str) -> int:
        """How many words of the normalised text `s` (with repeats) are features of the model
        (words it was trained on and kept a weight for): how well it knows a reading of `s`."""
        weights = self.weights
        return sum(w in weights for w in _words(s))

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

    def _probability(self, z: float, n: int) -> float:
        return _sigmoid(self._log_odds(z, n))

    def score(self, s: str) -> float:
        """Probability (0..1) that the normalised text `s` is a crisis message."""
        return _sigmoid(self.logit(s))

    def logit(self, s: str) -> float:
        """The log-odds of `score(s)` (unbounded, so it still tells two texts apart where the
        probability has saturated at 1.0)."""
        words = _words(s)
        if not words:
            return self.intercept
        # a word of L letters has L features (itself and L - 1 grams of " word "), plus the pairs
        n = sum(map(len, words)) + len(words) - 1
        return self._log_odds(self._sum(words) + self.bias * n, n)

    def parts_score(self, parts: Parts) -> float:
        """`score(s)` of the text whose `parts(s)` are `parts` (the same figure: the same
        operations on the same sums), so that a text read for `parts` is not read again."""
        return self._probability(parts.z, parts.letters + parts.words - 1)

    def parts(self, s: str) -> Parts:
        """The additive parts of `score(s)` for a normalised text `s`, so that the score of
        several texts read as one (`run_score`) costs no new reading of their words."""
        return self.word_parts(_words(s))

    def word_parts(self, words: list[str]) -> Parts:
        """`parts(s)` of the text whose `words(s)` are `words` (for a caller that reads the
        words for something else too)."""
        if not words:
            return Parts(0.0, 0, 0, "", "")
        letters = sum(map(len, words))
        z = self._sum(words) + self.bias * (letters + len(words) - 1)
        return Parts(z, letters, len(words), words[0], words[-1])

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
        """The log-odds of `suffix_scores(runs)`, one by one (the same operations)."""
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
    Raises json.JSONDecodeError for text that is not JSON, KeyError for a missing field,
    FileNotFoundError for a model of runs that is not shipped and ValueError for a model
    trained on other features than FEATURES, or a model of runs that names one itself."""
    parsed = json.loads(data)
    clf = Classifier(parsed)
    runs = parsed.get("runs_model")
    if runs:
        del parsed  # the first file's parsed weights go before the second is read
        runs_data = json.loads(_model_file(str(runs)))
        if runs_data.get("runs_model"):
            raise ValueError(f"model of runs {runs!r} names a model of runs itself")
        clf.runs_model = Classifier(runs_data, share=clf)
    return clf


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The shipped model (moderation/model/crisis-MODEL_VERSION.json), with its model of runs,
    loaded once."""
    return load_model(_model_file(MODEL_VERSION))
