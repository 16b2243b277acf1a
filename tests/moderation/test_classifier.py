"""The trained classifier: a JSON model read without pickle, scored like it was trained."""

from __future__ import annotations

import json
from importlib import resources

import pytest

import moderation.classifier as classifier_module
from moderation import CATEGORIES, assess, assess_conversation, detect
from moderation.classifier import (
    FEATURES,
    LEXICON_GROUPS,
    MODEL_VERSION,
    default_classifier,
    features,
    load_model,
)
from moderation.detect import VETO_MIN_WORDS, lexicon_group
from moderation.normalize import normalize


def test_the_shipped_model_is_plain_json_with_calibrated_thresholds():
    raw = resources.files("moderation.model").joinpath(f"crisis-{MODEL_VERSION}.json")
    data = json.loads(raw.read_bytes())
    assert data["version"] == MODEL_VERSION
    t = data["thresholds"]
    assert set(t["escalate"]) == set(LEXICON_GROUPS)
    assert all(0 <= v <= 1 for v in t["escalate"].values())
    assert 0 < t["concern"] <= t["escalate"]["none"] <= t["imminent"] < 1
    # a veto of the lexicon's escalation is lower than what the classifier needs alone
    assert t["escalate"]["imminent"] <= t["escalate"]["high"] <= t["escalate"]["none"]
    # a run of messages needs at least what one message needs where the lexicon finds none
    # (since 2026.10 both are chosen on the development set, and a run may need no more)
    runs = t.get("escalate_runs", {})
    assert set(runs) <= {"none", "concern"}
    assert all(t["escalate"][g] < v <= 1 for g, v in runs.items())
    # where its thresholds were chosen, and on what the model was fitted
    assert "bench/crisis_devset/" in data["trained_on"]["thresholds_from"]
    assert set(data["categories"]["names"]) <= set(CATEGORIES)
    assert {"medical", "sexual_violence"} <= set(data["categories"]["names"])


def test_score_matches_the_features_it_was_trained_on():
    clf = default_classifier()
    s = normalize("nie chce juz zyc, mam tabletki")[0]
    feats = features(s)
    # every feature weighs its own weight plus the model's feature_bias (its length share)
    z = sum(clf.weights.get(f, 0.0) + clf.bias for f in feats) / len(feats) ** 0.5 + clf.intercept
    assert clf.score(s) == pytest.approx(1 / (1 + 2.718281828459045**-z), rel=1e-9)
    assert clf.score(s) == clf.score(s)  # the word cache changes nothing
    assert clf.score("") == pytest.approx(1 / (1 + 2.718281828459045**-clf.intercept))


def test_a_message_scores_the_same_whatever_the_word_cache_holds(monkeypatch):
    """The word cache starts again when full, possibly in the middle of a message's new words;
    every word still weighs what it weighs (it once counted 0 for the words remembered before
    the cache started again). A word longer than the cache keeps is weighed, not remembered."""
    texts = [
        normalize(t)[0]
        for t in (
            "nie chce juz zyc, mam tabletki i plan na dzisiaj wieczorem",
            "i bought a rope today and nobody will notice when im gone",
            "хочу покінчити з собою сьогодні вночі",
            "a" * 80 + " zabije sie dzisiaj " + "tabletki" * 12,
        )
    ]
    clf = default_classifier()
    clf._word_cache.clear()  # room for every word: none is dropped while they are read
    expected = [clf.score(s) for s in texts]
    for size in (3, 5, 100_000):
        monkeypatch.setattr(classifier_module, "_WORD_CACHE_SIZE", size)
        clf._word_cache.clear()
        for _ in range(2):
            assert [clf.score(s) for s in texts] == expected, size
            assert len(clf._word_cache) <= size
            assert all(len(w) <= classifier_module._WORD_CACHE_MAX_CHARS for w in clf._word_cache)


def _model_json(
    weights: dict[str, float], escalate: dict[str, float] | None = None, **extra: object
) -> str:
    """The JSON text of a tiny model scoring the features of `weights` (`_tiny`), with the
    thresholds `escalate` where they differ, its thresholds of runs (`escalate_runs`) and other
    fields in `extra`."""
    thresholds = {"none": 0.5, "concern": 0.5, "framed": 0.5, "high": 0.01, "imminent": 0.0}
    return json.dumps(
        {
            "version": extra.pop("version", "t"),
            "intercept": -3.0,
            "weights": weights,
            "categories": {"names": ["medical"], "intercepts": [0.0], "weights": {}},
            "thresholds": {
                "concern": 0.01,
                "imminent": 0.99,
                "escalate": {**thresholds, **(escalate or {})},
                "escalate_runs": extra.pop("escalate_runs", {}),
            },
            **extra,
        }
    )


def _tiny(
    weights: dict[str, float] | None = None,
    escalate_runs: dict[str, float] | None = None,
    **escalate: float,
):
    """A model that scores "bang" (or the features of `weights`) high and everything else at
    about 0.05; a message escalates at 0.5 where the lexicon finds nothing."""
    return load_model(
        _model_json(weights or {"bang": 40.0}, escalate, escalate_runs=escalate_runs or {})
    )


def test_a_tiny_model_decides_by_its_thresholds():
    clf = _tiny()
    calm = assess("hello there", classifier=clf)
    assert calm.severity == "none"
    assert calm.detected_by == ()
    hit = assess("bang", classifier=clf)
    assert hit.escalate
    assert hit.detected_by == ("classifier",)
    assert hit.categories == ("medical",)
    # " ban" "bang" "ang " and the word, counted as MIN_FEATURES (9): z = 80 / 3 - 3
    assert hit.severity == "imminent"
    assert hit.matches == ()
    assert hit.to_dict()["detected_by"] == ["classifier"]


def _lake(escalate_runs: dict[str, float]):
    """A model that scores "blue lake" (words and their pair) at about 0.74, its parts at
    about 0.05."""
    return _tiny({"blue lake": 14.0}, escalate_runs)


def test_a_run_of_messages_is_judged_by_the_thresholds_of_runs():
    """Several messages read as one text (assess_conversation) are judged by the model's
    `escalate_runs`, a single message by `escalate`: everyday messages together score higher
    than any one of them, so a run may need more than one message."""
    strict = _lake({"none": 0.8, "concern": 0.8})
    assert strict.score("my blue lake") == pytest.approx(0.74, abs=0.01)
    assert assess("my blue lake", classifier=strict).escalate  # one message: 0.74 >= 0.5
    split = ["my blue", "lake"]  # the same words in two messages
    assert not assess("lake", classifier=strict).escalate
    assert not assess_conversation(split, classifier=strict).escalate  # a run: 0.74 < 0.8
    same = _lake({})  # no thresholds of its own for runs: a run is judged as a message
    run = assess_conversation(split, classifier=same)
    assert run.escalate
    assert run.contributing == (0, 1)
    assert run.detected_by == ("classifier",)
    assert (strict.thresholds.high, strict.for_runs().thresholds.high) == (0.5, 0.8)
    assert strict.for_runs() is strict.for_runs()
    assert strict.for_runs().thresholds.escalate["high"] == 0.01  # the groups not named stay
    assert same.for_runs() is same
    with pytest.raises(ValueError, match="unknown lexicon groups"):
        _lake({"nothing": 0.5})


def test_a_model_file_may_name_another_model_that_reads_runs(monkeypatch):
    """Since 2026.15 a model file may name a shipped model that reads runs of messages
    ("runs_model"): a single message is scored by the model, a run of messages by the model
    it names, with that model's thresholds of runs. The two share their feature strings and
    the categories (the message model's)."""
    files = {
        # reads "blue lake" (about 0.74) and needs 0.6 for a run
        "lake": _model_json(
            {"blue lake": 14.0, "bang": -40.0}, version="lake", escalate_runs={"none": 0.6}
        ),
        "loop": _model_json({}, version="loop", runs_model="lake"),
    }
    monkeypatch.setattr(classifier_module, "_model_file", lambda v: files[v].encode())
    clf = load_model(_model_json({"bang": 40.0}, runs_model="lake"))
    runs = clf.runs_model
    assert runs is not None
    assert runs.version == "lake"
    assert clf.for_runs() is runs.for_runs() is clf.for_runs()
    assert clf.for_runs().thresholds.high == 0.6
    assert clf.thresholds.high == 0.5
    assert not clf.thresholds.escalate_runs
    # one message by the message model: "blue lake" weighs nothing there, "bang" escalates
    assert not assess("my blue lake", classifier=clf).escalate
    assert assess("bang", classifier=clf).escalate
    # a run by the model of runs: the same words across two messages escalate together
    run = assess_conversation(["my blue", "lake"], classifier=clf)
    assert run.escalate
    assert run.detected_by == ("classifier",)
    assert run.contributing == (0, 1)
    assert run.categories == ("medical",)
    # "bang" is no run's crisis for the model of runs, but the last message alone escalates
    assert assess_conversation(["hello", "bang"], classifier=clf).escalate
    assert runs.category_weights is clf.category_weights
    shared = next(f for f in clf.weights if f == "bang")
    assert next(f for f in runs.weights if f == "bang") is shared
    # the model of runs must not name one itself, and must be shipped
    with pytest.raises(ValueError, match="names a model of runs itself"):
        load_model(_model_json({}, runs_model="loop"))
    monkeypatch.undo()
    with pytest.raises(FileNotFoundError):
        load_model(_model_json({}, runs_model="1999.1"))


def _clear_shipped_readings() -> None:
    for f in (
        detect._read_shipped,
        detect._assess_shipped,
        detect._assess_shipped_run,
        detect._quiet_shipped,
    ):
        f.cache_clear()


@pytest.mark.parametrize("from_parts", [True, False])
def test_the_server_reads_runs_with_the_model_of_runs(monkeypatch, from_parts):
    """The server's path (the shipped model, its readings remembered, runs scored from each
    message's parts when RUNS_FROM_PARTS) says what the same model passed by hand says when
    the shipped model names a model of runs: each message's parts are read again by it."""
    files = {"lake": _model_json({"blue lake": 14.0}, version="lake")}
    monkeypatch.setattr(classifier_module, "_model_file", lambda v: files[v].encode())
    clf = load_model(_model_json({"bang": 40.0}, runs_model="lake"))
    windows = [
        ["my blue", "lake"],
        ["hello there", "my blue", "lake"],
        ["bang", "lake"],
        ["hello", "how are you"],
        ["blue", "sky", "lake"],
    ]
    want = [assess_conversation(w, classifier=clf) for w in windows]
    assert [a.escalate for a in want] == [True, True, False, False, False]
    monkeypatch.setattr(detect, "default_classifier", lambda: clf)
    monkeypatch.setattr(detect, "RUNS_FROM_PARTS", from_parts)
    _clear_shipped_readings()
    try:
        assert [assess_conversation(w) for w in windows] == want
    finally:
        monkeypatch.undo()
        _clear_shipped_readings()


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # three words or more around the phrases: a bare one is never vetoed (next test)
        ("wziąłem przed chwilą 30 tabletek nasennych, mama śpi w drugim pokoju", "imminent"),
        ("ja naprawdę chcę się zabić", "high"),
        ("nie chcę się zabić", "framed"),
        ("hello there", "none"),
    ],
)
def test_each_lexicon_verdict_has_its_own_threshold(text, group):
    """The threshold calibrated for the lexicon's verdict decides: below a veto the lexicon's
    escalation falls to concern (with the reason); at or above it the lexicon's stands."""
    # thresholds that leave the lexicon's verdict as it is
    neutral = {"none": 2.0, "concern": 2.0, "framed": 2.0, "high": 0.0, "imminent": 0.0}
    assert lexicon_group(assess(text, classifier=_tiny(**neutral))) == group
    strict = assess(text, classifier=_tiny(**{group: 0.9}))  # p ~0.05 is below it
    lenient = assess(text, classifier=_tiny(**{group: 0.0}))  # ... and above this
    assert not strict.escalate
    assert lenient.escalate
    if group in ("imminent", "high"):
        assert strict.severity == "concern"
        assert "no crisis" in strict.reasons[-1]
        assert lenient.detected_by == ("lexicon",)
    else:
        assert lenient.detected_by == ("classifier",)
        assert lenient.categories == ("medical",)


@pytest.mark.parametrize(
    "text",
    ["wziąłem przed chwilą 30 tabletek nasennych", "i just want to die", "better off dead tbh"],
)
def test_a_bare_crisis_phrase_is_never_vetoed(text):
    """A lexicon escalation with at most VETO_CONTEXT_WORDS words outside its phrases stands
    under any veto: nothing around it can explain it away."""
    from moderation.detect import VETO_CONTEXT_WORDS, _context_words

    a = assess(text, classifier=_tiny(high=0.9, imminent=0.9))
    assert _context_words(text, a) <= VETO_CONTEXT_WORDS
    assert a.escalate
    assert a.detected_by == ("lexicon",)
    longer = f"{text}, said my cousin about the exam we all failed last week"
    assert not assess(longer, classifier=_tiny(high=0.9, imminent=0.9)).escalate


def test_a_short_message_the_lexicon_escalates_is_never_vetoed():
    """Nothing around a bare phrase can explain it away: under VETO_MIN_WORDS words the
    lexicon's escalation stands whatever the classifier says."""
    strict = _tiny(high=0.9, imminent=0.9)
    for text in ("suicidal", "chcę się zabić", "noose is ready"):
        assert len(text.split()) < VETO_MIN_WORDS
        a = assess(text, classifier=strict)
        assert a.escalate, text
        assert a.detected_by == ("lexicon",)
    assert not assess("ja naprawdę chcę się zabić", classifier=strict).escalate


def test_the_lexicon_and_the_classifier_are_named():
    a = assess("chyba się dziś zabiję")
    assert a.escalate
    assert "lexicon" in a.detected_by
    assert a.matches  # the lexicon keeps giving the explainable phrases
    assert assess("dzień dobry, gdzie zrobić test na HIV?").detected_by == ()


def test_conversation_names_the_messages_that_contributed():
    a = assess_conversation(["hej", "mam w domu całe opakowanie nasennych", "w nocy łyknę całe"])
    assert a.escalate
    assert a.contributing[-1] == 2
    assert 1 in a.contributing
    assert 0 not in a.contributing
    for m in a.matches:
        assert m.message in a.contributing
    plain = assess_conversation(["hej", "dzięki, miłego dnia"])
    assert not plain.escalate
    assert plain.contributing == ()
    with pytest.raises(ValueError, match="at least one message"):
        assess_conversation([])


def test_a_later_message_does_not_raise_again_what_an_earlier_one_carried():
    messages = ["chyba się dziś zabiję", "dzięki, jestem"]
    assert assess_conversation(messages).escalate  # the state after the last message
    again = assess_conversation(messages, new_risk_only=True)  # what the last one adds
    assert not again.escalate
    assert again.contributing == ()


@pytest.mark.parametrize(
    ("text", "same"),
    [
        ("v 12", "v"),
        ("v 4", "v 300"),
        ("v12", "v"),
        ("test 1234", "test"),
        (
            "OK, I will write again tomorrow evening. (125)",
            "OK, I will write again tomorrow evening.",
        ),
        ("12", ""),
        ("10mg", "mg"),
    ],
)
def test_digits_carry_no_weight(text, same):
    """A number is no feature: "v 12" scores as "v" (model 2026.2 rated it high), and numbers
    only separate the words around them."""
    clf = default_classifier()
    s, t = normalize(text)[0], normalize(same)[0]
    assert features(s) == features(t)
    assert clf.score(s) == clf.score(t)
    assert not any(c.isdigit() for f in features(s) for c in f)


def test_a_number_in_crisis_text_keeps_its_meaning_through_the_words_around_it():
    f = features(normalize("wziąłem 30 tabletek")[0])
    assert "wzialem tabletek" in f  # the words on either side of the number are neighbours
    assert "tabletek" in f
    assert features(normalize("skoczę z 8 piętra")[0]) == features(normalize("skoczę z piętra")[0])


def test_a_model_trained_on_other_features_is_refused():
    data = json.loads(
        resources.files("moderation.model").joinpath(f"crisis-{MODEL_VERSION}.json").read_bytes()
    )
    assert data["features"] == FEATURES
    with pytest.raises(ValueError, match="features"):
        load_model(json.dumps({**data, "features": "c4+w1+w2"}))


def test_latin_ukrainian_and_russian_are_scored_in_their_cyrillic_readings_too() -> None:
    """Ukrainian or Russian typed in Latin letters is scored by the classifier in a Cyrillic
    reading as well (the lexicon reads it so already), the one whose words the model knows
    best, and the higher score counts: the model vetoed self-harm the lexicon named in Latin
    letters that it lets through in Cyrillic. Harmless Latin text with the same words stays
    calm."""
    from moderation.normalize import normalize_full
    from moderation.translit import VARIANTS, cyrillic_text

    clf = default_classifier()
    for text in ("ya rizhu ruky", "rezhu ruki kazhdyj vecher"):
        a = assess(text)
        assert a.escalate, (text, a.severity, a.score)
        s = normalize_full(text)[0]
        readings = [cyrillic_text(s, v) for v, _, _ in VARIANTS]
        known = max((clf.known_words(c), clf.score(c)) for c in readings)[1]
        assert known > clf.score(s)
        assert a.score == pytest.approx(known), text
    for text in (
        "ya rezhu ovochi kozhen vechir na salat",
        "my z druzyamy kozhen vechir graemo v futbol",
        "ya kazhdyj vecher rezhu hleb dlya buterbrodov",
    ):
        assert not assess(text).escalate, text
    # English is read as it is: no Cyrillic reading scores it
    a = assess("i cut onions every evening for the salad")
    assert a.score == pytest.approx(
        clf.score(normalize_full("i cut onions every evening for the salad")[0])
    )


def test_a_latin_letter_text_is_scored_in_the_reading_the_model_knows() -> None:
    """Of the Cyrillic readings of Russian or Ukrainian in Latin letters, the one whose words
    the model knows counts, not the highest-scored: a wrong reading makes words nobody writes,
    whose letters may weigh towards a crisis by chance (model 2026.10 scored "zakazhu pizzu i
    posmotryu serial" read as Ukrainian, "серял", far above its Russian reading "сериал")."""
    from moderation.normalize import normalize_full
    from moderation.translit import VARIANTS, cyrillic_text, has_hint, looks_translit

    text = "segodnya ya odna, zakazhu pizzu i posmotryu serial"
    s = normalize_full(text)[0]
    assert has_hint(s)
    assert looks_translit(s)
    readings = {cyrillic_text(s, v) for v, _, _ in VARIANTS}
    assert any("сериал" in r for r in readings)
    assert any("серял" in r for r in readings)
    # "ерял" is a letter-gram of the wrong reading only; "сериал" a word the model knows
    clf = _tiny({"ерял": 60.0, "сериал": -0.1, "сегодня": -0.1})
    assert max(clf.score(r) for r in readings) >= 0.5  # the wrong reading alone would escalate
    a = assess(text, classifier=clf)
    assert not a.escalate, (a.severity, a.score)
    assert clf.known_words("сегодня я одна, закажу пиццу и посмотрю сериал") == 2
