"""The classifier's training corpus is written by kind, in every language, with counter-examples;
the training split keeps validation templates apart; the lexicon covers every category."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from bench.crisis_buildup import BUILDUP
from bench.crisis_corpus import (
    NATURAL,
    NATURAL_COPIES,
    NATURAL_KEYS,
    RUN_SEP,
    TEMPLATES,
    buildup_piece_in_validation,
    buildup_runs,
    conversation_runs,
    devset_rows,
    generate,
    is_validation,
    natural,
    written_rows,
)
from moderation import assess
from moderation.lexicon import CATEGORIES, default_lexicon
from tests.moderation.test_heldout import CRISIS_KINDS as HELDOUT_CRISIS_KINDS

LANGS = ("pl", "en", "uk", "ru")
# issue 20's kinds of misses (those of the frozen held-out set and three more), and what must
# not escalate
CRISIS_KINDS = HELDOUT_CRISIS_KINDS | {"self_harm", "third_person", "mixed"}
COUNTER_KINDS = {
    "joke",
    "sports",
    "recovery",
    "quote",
    "scars",
    "past",
    "negation",
    "harm_reduction",
    "resource",
    "service",
    "health_minor",
    "everyday",
}
# the everyday chat of an outreach service (closings, scheduling, first contact, thanks and
# small talk, short tokens and test messages, first-person requests, talk about oneself,
# questions about testing, legal advice and opening hours), and the counter-examples the
# lexicon most often takes for a crisis
CHAT_KINDS = {
    "closing",
    "scheduling",
    "first_contact",
    "small_talk",
    "short",
    "requests",
    "talk",
    "info",
}
MANY = 12


def test_every_kind_is_written_in_every_language():
    for lang in LANGS:
        kinds = TEMPLATES[lang]
        assert set(kinds) >= CRISIS_KINDS | COUNTER_KINDS, lang
        for kind in CRISIS_KINDS:
            label, category, lines = kinds[kind]
            assert label == 1, (lang, kind)
            assert category in CATEGORIES, (lang, kind)
            assert len(lines) >= 3, (lang, kind)
        for kind in COUNTER_KINDS:
            label, category, lines = kinds[kind]
            assert label == 0, (lang, kind)
            assert category == "none", (lang, kind)
            assert len(lines) >= 2, (lang, kind)
        assert len({t for _, _, lines in kinds.values() for t in lines}) >= 180, lang


def test_everyday_chat_and_the_false_alarm_kinds_have_many_templates():
    for lang in LANGS:
        kinds = TEMPLATES[lang]
        for kind in CHAT_KINDS | {"joke", "sports", "recovery"}:
            label, category, lines = kinds[kind]
            assert (label, category) == (0, "none"), (lang, kind)
            assert len(set(lines)) >= MANY, (lang, kind, len(set(lines)))


def test_short_messages_are_generated_as_typed_and_with_numbers():
    rows = [r for r in generate(per_template=4) if r["kind"] == "short"]
    assert {r["lang"] for r in rows} == set(LANGS)
    texts = [str(r["text"]) for r in rows]
    # no chat prefix ("hej ", "help ") before "ok" or "v 3"
    assert sum(len(t.split()) <= 3 for t in texts) > 0.9 * len(texts)
    assert any(t.startswith("v ") and t[2:3].isdigit() for t in texts)


def test_every_category_has_crisis_rows_and_counter_examples_outnumber_them():
    rows = generate(per_template=2)
    cats = Counter(str(r["category"]) for r in rows if r["label"] == 1)
    assert set(cats) == set(CATEGORIES)
    by_lang = Counter((r["lang"], r["label"]) for r in rows)
    for lang in LANGS:
        assert by_lang[(lang, 0)] > by_lang[(lang, 1)] > 300, lang


def test_the_validation_split_holds_whole_templates_of_every_language():
    rows = generate(per_template=3)
    val = [r for r in rows if is_validation(r)]
    assert 0.1 < len(val) / len(rows) < 0.3
    keys = {(r["lang"], r["kind"], r["template"]) for r in val}
    fitted = {(r["lang"], r["kind"], r["template"]) for r in rows if not is_validation(r)}
    assert not keys & fitted
    assert {k[0] for k in keys} == set(LANGS)
    assert not is_validation({"text": "a hand-written row", "lang": "pl", "kind": "intent"})


def test_the_lexicon_has_medical_and_sexual_violence_entries_in_every_language():
    lex = default_lexicon()
    for lang in LANGS:
        cats = {e.category for e in lex.entries if e.language == lang}
        assert {"medical", "sexual_violence"} <= cats, lang
    for text, category in [
        ("dziadek nie oddycha", "medical"),
        ("my throat is closing up", "medical"),
        ("у дитини судоми", "medical"),
        ("кажется у него инсульт", "medical"),
        ("ktoś mnie zgwałcił po imprezie", "sexual_violence"),
        ("someone spiked my drink", "sexual_violence"),
        ("мене зґвалтували", "sexual_violence"),
        ("меня изнасиловали", "sexual_violence"),
    ]:
        rules = {m.rule.split(".")[1] for m in assess(text).matches}
        assert category in rules, text


def test_conversation_runs_are_built_from_fitted_templates_only():
    """Runs of messages (as a conversation is read) never carry validation phrasing into the
    fit, and are never in the validation split themselves; half hold one crisis message."""
    rows = generate(per_template=2)
    fitted = {str(r["text"]) for r in rows if not is_validation(r)}
    runs = conversation_runs(rows)
    assert {(r["lang"], r["label"]) for r in runs} == {(lg, y) for lg in LANGS for y in (0, 1)}
    for r in runs:
        assert not is_validation(r)
        parts = str(r["text"]).split(RUN_SEP)
        assert 2 <= len(parts) <= 5
        assert all(p in fitted for p in parts), r
        assert (r["category"] == "none") == (r["label"] == 0)


# issue 20 item 2: the kinds of risk that builds across messages, and their counterparts
BUILDUP_CRISIS = {
    "means_time",
    "farewell",
    "threat",
    "symptoms",
    "overdose_pieces",
    "abuse_child",
    "abuse_sexual",
    "high_place",
    "medical_steps",
}
BUILDUP_HARMLESS = {
    "headache_party",
    "past_now_ok",
    "joke_across",
    "worried_friend",
    "moving_away",
    "drunk_harmless",
    "minor_symptoms",
    "alone_only",
    "story_fiction",
    "one_piece",
    "view_photos",
    "gun_legal",
    "pills_storage",
    "row_made_up",
    "tired_but_ok",
    "safe_way_home",
    "drug_checking",
}


def test_buildup_kinds_are_written_in_every_language_with_their_counterparts():
    for lang in LANGS:
        kinds = BUILDUP[lang]
        assert set(kinds) == BUILDUP_CRISIS | BUILDUP_HARMLESS, lang
        for kind, (label, category, stages) in kinds.items():
            assert label == (kind in BUILDUP_CRISIS), (lang, kind)
            assert (category in CATEGORIES) == bool(label), (lang, kind)
            assert len(stages) >= (2 if kind == "one_piece" else 3), (lang, kind)
            assert all(any(stage) for stage in stages), (lang, kind)


def test_buildup_conversations_keep_validation_pieces_apart():
    """Fitted conversations never hold a piece of the validation split and validation ones
    hold nothing else (but everyday chat); at most 5 messages, as assess_conversation reads."""
    rows = generate(per_template=2)
    calm = {str(r["text"]) for r in rows}
    fit, val = buildup_runs(rows), buildup_runs(rows, validation=True)
    # (a language whose few counterpart pieces all fell in the fitted part has none there)
    assert {r["lang"] for r in val} == set(LANGS)
    assert {r["label"] for r in val} == {0, 1}
    pieces: dict[str, set[str]] = {"fit": set(), "val": set()}
    for lang, kinds in BUILDUP.items():
        for _, _, stages in kinds.values():
            for stage in stages:
                for p in stage:
                    if p and "{" not in p:
                        v = buildup_piece_in_validation(lang, p)
                        pieces["val" if v else "fit"].add(p.lower())
    for part, runs in (("fit", fit), ("val", val)):
        other = pieces["fit" if part == "val" else "val"]
        for r in runs:
            assert is_validation(r) == (part == "val")
            msgs = str(r["text"]).split(RUN_SEP)
            assert 2 <= len(msgs) <= 5, r
            assert not any(m in other and m not in calm for m in msgs), r
            assert (r["category"] == "none") == (r["label"] == 0)


NATURAL_CRISIS_KINDS = {
    "intent",
    "renewed",
    "purpose",
    "overdose",
    "self_harm",
    "violence_expected",
    "sexual_violence",
    "medical",
    "danger_now",
    "child_abuse",
}
NATURAL_COUNTER_KINDS = {
    "joke",
    "sports",
    "recovery",
    "quote",
    "scars",
    "harm_reduction",
    "ordinary",
    "distress",
    "past",
    "third_person_safe",
    "service",
}


def test_the_natural_corpus_is_written_by_kind_in_every_language():
    rows = [
        json.loads(line)
        for p in sorted(NATURAL.glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(rows) >= 4000
    for r in rows:
        assert set(r) == NATURAL_KEYS
    _check_natural_messages(rows)


def _check_natural_messages(rows: list[dict[str, object]]) -> None:
    """Single messages of the natural corpus' format: every kind in every language, labels,
    kinds and categories that agree, at most two messages a scenario."""
    kinds = Counter((r["lang"], r["label"], r["kind"]) for r in rows)
    for lang in LANGS:
        for kind in NATURAL_CRISIS_KINDS:
            assert kinds[(lang, 1, kind)] >= 30, (lang, kind)
        for kind in NATURAL_COUNTER_KINDS:
            assert kinds[(lang, 0, kind)] >= 20, (lang, kind)
    for r in rows:
        assert (r["label"], r["kind"] in NATURAL_CRISIS_KINDS) in ((1, True), (0, False)), r
        assert r["category"] in (CATEGORIES if r["label"] else ("none",)), r
    # a scenario is one situation, told at most twice: folds split by scenario (crisis_train)
    per_scenario = Counter((r["lang"], r["kind"], r["scenario"]) for r in rows)
    assert max(per_scenario.values()) <= 2


def test_natural_rows_are_dealt_to_folds_by_scenario_with_chat_style_variants():
    rows = natural()
    by_template = Counter(str(r["template"]) for r in rows)
    assert all(t.startswith("nat:") for t in by_template)
    # the message and up to NATURAL_COPIES variants of it, for at most two messages
    assert max(by_template.values()) <= 2 * (NATURAL_COPIES + 1)
    texts = {str(r["text"]) for r in rows}
    assert len(texts) > 2 * len(by_template)
    # a variant keeps the message's label and kind: every row of a template has the same
    shapes: dict[str, set[tuple[object, object]]] = {}
    for r in rows:
        shapes.setdefault(str(r["template"]), set()).add((r["label"], r["kind"]))
    assert all(len(v) == 1 for v in shapes.values())
    # the conversations are read as one text, their messages joined as a conversation is read
    conversations = [r for r in rows if RUN_SEP in str(r["text"])]
    assert len(conversations) > 4 * 250
    assert {str(r["kind"]).split("_")[0] for r in conversations} == {"buildup", "counter"}
    # (the few that happen to repeat a frozen held-out text, short everyday questions, are
    # left out by training_rows: tests/moderation/test_heldout.py checks the whole of it)


def test_the_natural_conversations_are_build_ups_and_their_look_alikes():
    """bench/crisis_natural/conversations/: a build-up (label 1) or a harmless look-alike,
    in every language, each text once."""
    rows = [r for r in written_rows(NATURAL, "natural-corpus") if "messages" in r]
    assert len(rows) >= 2500
    for lang in LANGS:
        for label in (0, 1):
            assert sum(r["lang"] == lang and r["label"] == label for r in rows) >= 250
    for r in rows:
        assert str(r["kind"]).split("_")[0] == ("buildup" if r["label"] else "counter"), r
        assert r["category"] in (CATEGORIES if r["label"] else ("none",)), r
        assert 2 <= len(r["messages"]) <= 5, r  # type: ignore[arg-type]
    assert len({str(r["text"]) for r in rows}) == len(rows)


def test_a_natural_row_of_another_shape_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "pl.jsonl"
    bad.write_text('{"text": "hej", "lang": "pl", "label": 2}\n', encoding="utf-8")
    monkeypatch.setattr("bench.crisis_corpus.NATURAL", tmp_path)
    with pytest.raises(ValueError, match=r"pl\.jsonl:1"):
        natural()


def test_a_pending_round_is_read_only_when_asked(tmp_path):
    """bench/crisis_train.py --pending DIR: a round kept apart in bench/crisis_natural/pending/
    joins the natural corpus for a measurement, never by default; a folder that is not there
    is an error, not an empty round."""
    extra = tmp_path / "round99"
    extra.mkdir()
    row = {
        "text": "dziś odbieram wyniki z laboratorium i idę na kawę z siostrą",
        "lang": "pl",
        "label": 0,
        "category": "none",
        "kind": "ordinary",
        "scenario": "round99-1",
    }
    (extra / "pl99.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    plain = {str(r["text"]) for r in natural(copies=0)}
    assert row["text"] not in plain
    read = natural(copies=0, pending=(extra,))
    assert {str(r["text"]) for r in read} == plain | {row["text"]}
    assert [r["template"] for r in read if r["text"] == row["text"]] == ["nat:round99-1"]
    with pytest.raises(ValueError, match="round98"):
        natural(copies=0, pending=(tmp_path / "round98",))


def test_the_development_set_is_written_apart_in_every_language():
    rows = devset_rows()
    messages = [r for r in rows if "messages" not in r]
    conversations = [r for r in rows if "messages" in r]
    for lang in LANGS:
        for label in (0, 1):
            assert sum(r["lang"] == lang and r["label"] == label for r in messages) >= 150
            assert sum(r["lang"] == lang and r["label"] == label for r in conversations) >= 30
    for r in messages:
        assert (r["label"], r["kind"] in NATURAL_CRISIS_KINDS) in ((1, True), (0, False)), r
        assert r["category"] in (CATEGORIES if r["label"] else ("none",)), r
    # (that no model is fitted on its texts: tests/moderation/test_heldout.py)


def test_a_development_set_row_of_another_shape_is_refused(tmp_path, monkeypatch):
    (tmp_path / "conversations").mkdir()
    bad = tmp_path / "conversations" / "uk.jsonl"
    bad.write_text('{"messages": ["привіт"], "lang": "uk", "label": 1}\n', encoding="utf-8")
    monkeypatch.setattr("bench.crisis_corpus.DEVSET", tmp_path)
    with pytest.raises(ValueError, match=r"uk\.jsonl:1"):
        devset_rows()


def test_the_runs_floor_lets_few_more_everyday_runs_escalate_than_the_calibrated_threshold():
    """bench/crisis_train.py `calm_runs_floor`: the lowest threshold of runs at which the
    out-of-fold runs of everyday messages escalate at most RUNS_CALM_EXTRA (a share of them)
    more often than at the calibrated threshold, and never above that one."""
    import numpy as np

    from bench.crisis_train import RUNS_CALM_EXTRA, calm_runs_floor

    n = 10_000
    allowed = int(RUNS_CALM_EXTRA * n)  # 10
    # the runs' scores: most far below, a tail of 2 * allowed between 0.6 and 0.9
    tail = np.linspace(0.6, 0.9, 2 * allowed)
    p = np.concatenate([np.full(n - len(tail), 0.01), tail])
    group = np.array(["none"] * n)
    esc = {"none": 0.95, "concern": 0.95, "framed": 0.97, "high": 0.1, "imminent": 0.0}
    floor = calm_runs_floor(p, group, esc, 0.95)
    assert int((p >= floor).sum()) <= allowed
    assert int((p >= floor * 0.97).sum()) > allowed  # the lowest such threshold, near enough
    assert 0.6 < floor < 0.95
    # a lexicon escalation ("high" above its veto) counts at every threshold alike
    group[0], p[0] = "high", 0.5
    assert calm_runs_floor(p, group, esc, 0.95) == pytest.approx(floor)
    # nothing in the tail: the floor goes down to the everyday runs themselves
    assert 0.01 < calm_runs_floor(np.full(n, 0.01), np.array(["none"] * n), esc, 0.95) < 0.03


def test_the_everyday_floor_is_the_lowest_threshold_that_keeps_unseen_everyday_lines_calm():
    """bench/crisis_train.py --everyday-floor: the single message's threshold is no lower than
    the lowest of GRID at which at most EVERYDAY_FPR of the everyday lines of round 15 (never
    fitted on) escalate with the full detector; one step lower lets more through."""
    from bench.crisis_train import EVERYDAY, EVERYDAY_FPR, GRID, _devset_fa, everyday_floor
    from moderation.classifier import default_classifier

    clf = default_classifier()
    rows = [r for r in written_rows(EVERYDAY, "everyday") if r["label"] == 0]
    assert len(rows) > 1000
    floor = everyday_floor(clf, rows)
    assert _devset_fa(clf, rows, floor, 1.0)[1] <= EVERYDAY_FPR
    lower = [float(g) for g in GRID if g < floor]
    assert lower, floor
    assert _devset_fa(clf, rows, lower[-1], 1.0)[1] > EVERYDAY_FPR


def test_the_everyday_runs_floor_keeps_unseen_everyday_lines_read_together_calm():
    """bench/crisis_train.py --everyday-floor: the runs' threshold is no lower than the lowest
    of GRID, at or above the single message's, at which at most EVERYDAY_RUN_FPR of round 15's
    everyday lines read as runs of EVERYDAY_RUN (each language apart, in the order written)
    escalate; one step lower lets more through, and every run is EVERYDAY_RUN harmless lines of
    one language."""
    from bench.crisis_train import (
        EVERYDAY,
        EVERYDAY_RUN,
        EVERYDAY_RUN_FPR,
        GRID,
        _devset_fa,
        everyday_runs,
        everyday_runs_floor,
    )
    from moderation.classifier import default_classifier

    clf = default_classifier()
    rows = [r for r in written_rows(EVERYDAY, "everyday") if r["label"] == 0]
    runs = everyday_runs(rows)
    assert len(runs) == sum(
        len([r for r in rows if r["lang"] == lang]) // EVERYDAY_RUN
        for lang in {str(r["lang"]) for r in rows}
    )
    texts = {(str(r["lang"]), str(r["text"])) for r in rows}
    for run in runs:
        assert run["label"] == 0
        assert len(run["messages"]) == EVERYDAY_RUN  # type: ignore[arg-type]
        assert all((run["lang"], m) in texts for m in run["messages"])  # type: ignore[attr-defined]
    msg = clf.thresholds.escalate["none"]
    floor = everyday_runs_floor(clf, rows, msg)
    assert floor >= msg
    assert _devset_fa(clf, runs, msg, floor)[1] <= EVERYDAY_RUN_FPR
    lower = [float(g) for g in GRID if msg <= g < floor]
    assert lower, (msg, floor)
    assert _devset_fa(clf, runs, msg, lower[-1])[1] > EVERYDAY_RUN_FPR
