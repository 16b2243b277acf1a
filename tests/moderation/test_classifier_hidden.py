"""A model file with a hidden layer and a calibration (moderation.classifier.Hidden and
Calibration): scored as its formula says from 16-bit weights, single messages only, runs of
messages left to its linear model of runs, refused when malformed."""

from __future__ import annotations

import base64
import json
import math
import struct
from itertools import pairwise

import pytest

import moderation.classifier as classifier_module
from moderation import assess, assess_conversation, detect
from moderation.classifier import MIN_FEATURES, Calibration, features, load_model
from moderation.normalize import normalize
from tests.moderation.test_classifier import _clear_shipped_readings

# two units: the first reads "bang" and "drum", the second only "drum" and "lake" together
VECTORS = {
    "bang": (4.0, 0.0),
    "drum": (1.0, 1.5),
    "lake": (0.0, 1.5),
    "drum lake": (0.0, 0.5),
    " hel": (-0.25, 0.0),
}
LENGTH = (0.0, -0.125)
BIAS = (0.0, -1.0)
OUT = (2.0, 4.0)
OUT_BIAS = -3.0


def _hidden_json(
    vectors: dict[str, tuple[float, ...]] | None = None,
    calibration: dict[str, list[float]] | None = None,
    **extra: object,
) -> str:
    """The JSON text of a model with the hidden layer above (and no linear weights) that names
    the linear model "lake" as its model of runs, unless `extra` says otherwise."""
    vectors = VECTORS if vectors is None else vectors
    raw = b"".join(struct.pack("<2e", *v) for v in vectors.values())
    data: dict[str, object] = {
        "version": "h",
        "intercept": 0.0,
        "weights": {},
        "hidden": {
            "units": 2,
            "features": list(vectors),
            "vectors": base64.b64encode(raw).decode(),
            "length": list(LENGTH),
            "bias": list(BIAS),
            "out": list(OUT),
            "out_bias": OUT_BIAS,
        },
        "categories": {"names": ["medical"], "intercepts": [0.0], "weights": {}},
        "thresholds": {
            "concern": 0.01,
            "imminent": 0.99,
            "escalate": {"none": 0.5, "concern": 0.5, "framed": 0.5, "high": 0.01, "imminent": 0},
        },
        "runs_model": "lake",
        **({"calibration": calibration} if calibration else {}),
    }
    data.update(extra)
    return json.dumps(data)


LAKE = json.dumps(
    {
        "version": "lake",
        "intercept": -3.0,
        "weights": {"blue lake": 14.0},
        "categories": {"names": ["medical"], "intercepts": [0.0], "weights": {}},
        "thresholds": {
            "concern": 0.01,
            "imminent": 0.99,
            "escalate": {"none": 0.5, "concern": 0.5, "framed": 0.5, "high": 0.01, "imminent": 0},
        },
    }
)


@pytest.fixture
def shipped_lake(monkeypatch):
    monkeypatch.setattr(classifier_module, "_model_file", lambda v: {"lake": LAKE}[v].encode())


def _by_hand(s: str) -> float:
    """The hidden layer's probability of the normalised text `s`, from its formula over
    `features(s)` (every feature counted, the length column, ReLU, the output)."""
    feats = features(s)
    n = len(feats)
    k = 1 / math.sqrt(max(n, MIN_FEATURES))
    z = OUT_BIAS
    for u in range(2):
        h = sum(VECTORS[f][u] for f in feats if f in VECTORS) + LENGTH[u] * n
        z += OUT[u] * max(0.0, h * k + BIAS[u])
    return 1 / (1 + math.exp(-z))


@pytest.mark.parametrize(
    "text",
    ["bang", "drum", "lake", "drum lake", "lake drum", "hello drum lake", "", "bang bang bang"],
)
def test_a_hidden_layer_scores_what_its_formula_says(shipped_lake, text):
    clf = load_model(_hidden_json())
    s = normalize(text)[0]
    assert clf.score(s) == pytest.approx(_by_hand(s), abs=1e-12)
    # from the parts a reading keeps, and again once every word is remembered
    assert clf.parts_score(clf.parts(s)) == pytest.approx(_by_hand(s), abs=1e-12)
    assert clf.score(s) == pytest.approx(_by_hand(s), abs=1e-12)


def test_the_layer_is_not_linear(shipped_lake):
    """ "drum" and "lake" together reach the second unit, which neither reaches alone: a
    linear model would score the pair as the sum of the two."""
    clf = load_model(_hidden_json())
    both, drum, lake, none = (clf.logit(s) for s in ("drum lake", "drum", "lake", "zzz"))
    assert both - none > (drum - none) + (lake - none) + 1.0
    assert assess("drum lake", classifier=clf).escalate
    assert not assess("lake", classifier=clf).escalate
    assert assess("bang", classifier=clf).detected_by == ("classifier",)
    assert clf.known_words("drum and lake") == 2


def test_weights_are_16_bit_floats():
    """The file holds little-endian 16-bit floats: a weight is read as the nearest one."""
    raw = struct.pack("<2e", 0.1, 1 / 3)
    hidden = classifier_module.Hidden(
        {
            "units": 2,
            "features": ["bang"],
            "vectors": base64.b64encode(raw).decode(),
            "length": [0, 0],
            "bias": [0, 0],
            "out": [1, 1],
            "out_bias": 0,
        }
    )
    assert tuple(hidden.vectors[0:2]) == struct.unpack("<2e", raw)
    assert hidden.vectors[0] == pytest.approx(0.1, abs=1e-4)


def test_a_calibration_maps_probabilities_onto_the_thresholds_scale(shipped_lake):
    cal = Calibration({"raw": [0.1, 0.5, 0.9], "scaled": [0.2, 0.6, 0.95]})

    def p(x: float) -> float:
        return 1 / (1 + math.exp(-cal(math.log(x / (1 - x)))))

    assert p(0.5) == pytest.approx(0.6)
    assert p(0.9) == pytest.approx(0.95)
    assert p(0.01) == pytest.approx(0.2)  # below the first knot: the first knot's value
    assert p(0.999) == pytest.approx(0.95)
    # linear in log-odds between two knots, and never decreasing
    mid = 1 / (1 + math.exp(-(math.log(0.5 / 0.5) + math.log(0.9 / 0.1)) / 2))
    want = 1 / (1 + math.exp(-(math.log(0.6 / 0.4) + math.log(0.95 / 0.05)) / 2))
    assert p(mid) == pytest.approx(want)
    xs = [i / 100 for i in range(1, 100)]
    assert all(p(a) <= p(b) for a, b in pairwise(xs))
    # the model's score goes through it
    clf = load_model(_hidden_json(calibration={"raw": [0.0001, 0.9999], "scaled": [0.3, 0.3]}))
    assert clf.score("bang") == pytest.approx(0.3)
    assert clf.score("zzz") == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("knots", "message"),
    [
        ({"raw": [0.5, 0.4], "scaled": [0.1, 0.2]}, "raw must increase"),
        ({"raw": [0.1, 0.4], "scaled": [0.3, 0.2]}, "scaled must not decrease"),
        ({"raw": [0.1], "scaled": [0.3]}, "two lists of the same length"),
        ({"raw": [0.1, 0.2], "scaled": [0.3]}, "two lists of the same length"),
    ],
)
def test_a_calibration_out_of_order_is_refused(knots, message):
    with pytest.raises(ValueError, match=message):
        Calibration(knots)


def _short() -> str:
    """A hidden model whose vectors are 6 bytes short of its features x units."""
    data = json.loads(_hidden_json())
    data["hidden"]["vectors"] = base64.b64encode(b"\x00" * 14).decode()
    return json.dumps(data)


def test_a_malformed_hidden_model_is_refused(shipped_lake):
    # vectors of another size than features x units
    with pytest.raises(ValueError, match="bytes of vectors"):
        load_model(_short())
    bad = json.loads(_hidden_json())
    bad["hidden"]["out"] = [1.0]
    with pytest.raises(ValueError, match="must have 2 weights"):
        load_model(json.dumps(bad))
    # a model that reads single messages only must name a model of runs
    with pytest.raises(ValueError, match="must name a linear model of runs"):
        load_model(_hidden_json(runs_model=None))
    with pytest.raises(KeyError):
        load_model(_hidden_json().replace('"out_bias"', '"out_bias_"'))


def test_runs_of_messages_are_read_by_the_model_of_runs(shipped_lake, monkeypatch):
    """The hidden model scores single messages; a run is the linear model of runs' ("blue
    lake" across two messages), on a model passed by hand and on the server's path."""
    clf = load_model(_hidden_json())
    assert clf.runs_model is not None
    assert clf.for_runs() is clf.runs_model.for_runs()
    with pytest.raises(ValueError, match="reads single messages only"):
        clf.suffix_log_odds([clf.parts("bang")])
    windows = [["my blue", "lake"], ["hello", "bang"], ["hello", "how are you"]]
    want = [assess_conversation(w, classifier=clf) for w in windows]
    assert [a.escalate for a in want] == [True, True, False]
    assert want[0].contributing == (0, 1)
    for from_parts in (True, False):
        monkeypatch.setattr(detect, "default_classifier", lambda: clf)
        monkeypatch.setattr(detect, "RUNS_FROM_PARTS", from_parts)
        _clear_shipped_readings()
        try:
            assert [assess_conversation(w) for w in windows] == want
            assert assess("drum lake").escalate
        finally:
            _clear_shipped_readings()


def test_a_hidden_score_is_the_same_whatever_the_word_memory_holds(shipped_lake, monkeypatch):
    """A word's summed vector is remembered as a word's weight is, bounded alike: when the
    memory starts again in the middle of a message every word still adds its vector, and a
    word longer than the memory keeps is summed, not remembered."""
    clf = load_model(_hidden_json())
    hidden = clf.hidden
    assert hidden is not None
    texts = ["bang drum lake hello", "drum lake " + "a" * 80, "hello there bang", "lake drum"]
    want = [_by_hand(normalize(t)[0]) for t in texts]
    for size in (2, 3, 100_000):
        monkeypatch.setattr(classifier_module, "_WORD_CACHE_SIZE", size)
        hidden._word_cache.clear()
        for _ in range(2):
            got = [clf.score(normalize(t)[0]) for t in texts]
            assert got == pytest.approx(want, abs=1e-12), size
            assert len(hidden._word_cache) <= size
            assert all(
                len(w) <= classifier_module._WORD_CACHE_MAX_CHARS for w in hidden._word_cache
            )


def test_a_model_without_categories_takes_its_model_of_runs(monkeypatch):
    """A file with no categories of its own reads its model of runs first and takes its
    categories (and shares its feature strings); without a model of runs it is refused."""
    lake = json.loads(LAKE)
    lake["categories"] = {"names": ["medical", "violence"], "intercepts": [0.0, 1.0], "weights": {}}
    monkeypatch.setattr(classifier_module, "_model_file", lambda v: json.dumps(lake).encode())
    data = json.loads(_hidden_json(weights={"blue lake": 1.0}))
    del data["categories"]
    clf = load_model(json.dumps(data))
    runs = clf.runs_model
    assert runs is not None
    assert clf.category_names == ["medical", "violence"]
    assert clf.category_weights is runs.category_weights
    assert clf.category("bang") == "violence"
    assert next(f for f in clf.weights if f == "blue lake") is next(
        f for f in runs.weights if f == "blue lake"
    )
    # without a model of runs there are no categories to take
    del data["runs_model"]
    with pytest.raises(KeyError):
        load_model(json.dumps(data))


@pytest.mark.parametrize("text", ["bang", "drum lake", "hello bang drum", ""])
def test_linear_weights_beside_a_hidden_layer_add_their_log_odds(shipped_lake, text):
    """A blend: the linear weights (with feature_bias and intercept) and the hidden layer add
    their log-odds."""
    clf = load_model(
        _hidden_json(weights={"bang": 1.5, "drum lake": -2.0}, intercept=-1.0, feature_bias=0.25)
    )
    s = normalize(text)[0]
    feats = features(s)
    n = max(len(feats), MIN_FEATURES)
    linear = sum({"bang": 1.5, "drum lake": -2.0}.get(f, 0.0) + 0.25 for f in feats) / math.sqrt(n)
    hidden = math.log(_by_hand(s) / (1 - _by_hand(s)))
    assert clf.logit(s) == pytest.approx(linear - 1.0 + hidden, abs=1e-9)
    assert clf.parts_score(clf.parts(s)) == pytest.approx(clf.score(s), abs=1e-12)


def test_a_layer_with_min_words_reads_only_long_texts_and_runs_are_linear(monkeypatch):
    """`min_words`: a shorter text is the linear weights' alone, uncalibrated; a longer one
    adds the layer to `linear_share` of the linear log-odds, calibrated. A model with linear
    weights and no model of runs reads runs with its linear weights alone."""
    weights = {"bang": 1.5, "blue lake": 14.0}
    data = json.loads(_hidden_json(weights=weights, intercept=-3.0, runs_model=None))
    data["hidden"].update(min_words=3, linear_share=0.5)
    data["calibration"] = {"raw": [0.01, 0.99], "scaled": [0.02, 0.98]}
    clf = load_model(json.dumps(data))
    assert clf.runs_model is None

    def linear(s: str) -> float:
        feats = features(s)
        return sum(weights.get(f, 0.0) for f in feats) / math.sqrt(max(len(feats), 9)) - 3.0

    def calibrated(x: float) -> float:
        lo, hi = math.log(0.01 / 0.99), math.log(0.99 / 0.01)
        x = min(max(x, lo), hi)
        return math.log(0.02 / 0.98) + (x - lo) * (2 * math.log(0.98 / 0.02)) / (hi - lo)

    for text in ("bang", "drum lake", "bang drum lake", "hello bang drum lake", ""):
        s = normalize(text)[0]
        long_enough = len(s.split()) >= 3
        want = linear(s)
        if long_enough:
            want = calibrated(0.5 * want + math.log(_by_hand(s) / (1 - _by_hand(s))))
        assert clf.logit(s) == pytest.approx(want, abs=1e-9), text
        assert clf.parts_score(clf.parts(s)) == pytest.approx(clf.score(s), abs=1e-12)
        assert (clf.parts(s).h != ()) is long_enough
    # runs: the linear weights alone, by a view of this model without the layer
    runs = clf.for_runs()
    assert runs is clf.for_runs()
    assert runs.hidden is None
    assert runs.calibration is None
    assert runs.weights is clf.weights
    run = assess_conversation(["my blue", "lake"], classifier=clf)
    assert run.escalate
    assert run.contributing == (0, 1)
    assert runs.run_score([clf.parts("my blue"), clf.parts("lake")]) == pytest.approx(
        runs.score("my blue \n lake"), abs=1e-9
    )
    with pytest.raises(ValueError, match="reads single messages only"):
        load_model(_hidden_json(runs_model=None))  # no linear weights to read runs with
