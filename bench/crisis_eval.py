"""Evaluate the crisis detector on the labelled corpus in tests/moderation/corpus/.

Prints recall on messages that must escalate and the false-positive rate on messages that
must not, overall, per language, per kind, and separately for the held-out file (messages
the lexicon was not tuned on). Then the frozen held-out set of issue 20
(tests/moderation/heldout/heldout6.jsonl: never trained or tuned on; its sha256 is checked by
tests/moderation/test_heldout.py), per language and per kind, with which detector fired, and
its multi-message conversations (conversations6.jsonl, assessed with assess_conversation after
the last message). Its first-run figures are in bench/results/crisis_heldout6_first_run.md.
Then heldout7.jsonl (the second round, written after the new training kinds and frozen before
any model saw it; bench/results/crisis_heldout7_first_run.md): per language and kind only,
`--errors` does not list its messages, so nobody tunes against them by looking. Then the
third round, heldout8.jsonl and conversations8.jsonl (written without looking at the lexicons,
the templates or the earlier sets, each language's scenarios its own; frozen before any
detector ran on them; bench/results/crisis_heldout8_first_run.md), likewise per language and
kind only, never listed. Then heldout9.jsonl (long messages, 15-70 words, written by writers
who saw no code and no corpus, frozen before any detector ran on them;
bench/results/crisis_heldout9_first_run.md), likewise. Last the development set (bench/crisis_devset/: never trained on,
looked at to compare retrains, so not a test), its messages and conversations. Exit status 1
if the targets (recall >= 0.97, FPR <= 0.03) are missed on the tuned corpus.
Usage: python bench/crisis_eval.py [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis_corpus import devset_rows  # noqa: E402
from moderation import assess, assess_conversation  # noqa: E402

CORPUS = ROOT / "tests" / "moderation" / "corpus"
FROZEN = ROOT / "tests" / "moderation" / "heldout"
CONV_RECALL_TARGET = 0.9
CONV_FPR_TARGET = 0.1
RECALL_TARGET = 0.97
FPR_TARGET = 0.03
# the frozen sets of messages, in the order they were written (heldout9: long messages, 15-70
# words, bench/results/crisis_heldout9_first_run.md)
FROZEN_MESSAGES = ("heldout6", "heldout7", "heldout8", "heldout9")


def load(heldout: bool | None = None, file: str | None = None) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        if file is not None and path.name != file:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if heldout is None or bool(row.get("heldout")) == heldout:
                    rows.append(row)
    return rows


def heldout_files() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("heldout*.jsonl"))


def evaluate(rows: list[dict]) -> dict:
    stats: dict = {"pos": 0, "tp": 0, "neg": 0, "fp": 0, "errors": []}
    by_lang: dict = defaultdict(lambda: {"pos": 0, "tp": 0, "neg": 0, "fp": 0})
    by_kind: dict = defaultdict(lambda: {"n": 0, "ok": 0, "wrong": defaultdict(int)})
    for r in rows:
        a = assess(r["text"])
        want = r["expect"] == "escalate"
        lang = by_lang[r["lang"]]
        kind = by_kind[r.get("kind", "?")]
        kind["n"] += 1
        if want:
            stats["pos"] += 1
            lang["pos"] += 1
            if a.escalate:
                stats["tp"] += 1
                lang["tp"] += 1
                kind["ok"] += 1
            else:
                stats["errors"].append(("missed", r, a.severity))
                kind["wrong"][f"missed at {a.severity}"] += 1
        else:
            stats["neg"] += 1
            lang["neg"] += 1
            if a.escalate:
                stats["fp"] += 1
                lang["fp"] += 1
                stats["errors"].append(("false alarm", r, a.severity))
                kind["wrong"]["alarm by " + "+".join(a.detected_by)] += 1
            else:
                kind["ok"] += 1
    stats["recall"] = stats["tp"] / stats["pos"] if stats["pos"] else 1.0
    stats["fpr"] = stats["fp"] / stats["neg"] if stats["neg"] else 0.0
    stats["by_lang"] = dict(by_lang)
    stats["by_kind"] = {k: {**v, "wrong": dict(v["wrong"])} for k, v in by_kind.items()}
    return stats


def targets_met(stats: dict) -> bool:
    """Whether `evaluate`'s figures meet the targets in every language: recall >=
    RECALL_TARGET and false alarms <= FPR_TARGET."""
    return all(
        (v["tp"] / v["pos"] >= RECALL_TARGET) and (v["fp"] / v["neg"] <= FPR_TARGET)
        for v in stats["by_lang"].values()
    )


def frozen_rows(name: str) -> list[dict]:
    path = FROZEN / name
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def evaluate_frozen() -> dict:
    """Figures on the frozen held-out sets: the messages of FROZEN_MESSAGES per language, per
    kind, per detector; conversations6 and conversations8 per language."""
    out = {f"{name}.jsonl": evaluate_messages(f"{name}.jsonl") for name in FROZEN_MESSAGES}
    out["conversations"] = evaluate_conversations("conversations6.jsonl")
    out["conversations8.jsonl"] = evaluate_conversations("conversations8.jsonl")
    out["messages"] = out["heldout6.jsonl"]
    return out


def evaluate_messages(name: str) -> dict:
    """evaluate() on a frozen file of messages, plus which detector escalated them."""
    s = evaluate(frozen_rows(name))
    fired: dict = defaultdict(int)
    for r in frozen_rows(name):
        a = assess(r["text"])
        if a.escalate:
            fired["+".join(a.detected_by) + (" (crisis)" if r["expect"] == "escalate" else "")] += 1
    s["detected_by"] = dict(fired)
    return s


def evaluate_conversations(name: str, rows: list[dict] | None = None) -> dict:
    """Recall and false alarms of assess_conversation (after the last message) on a frozen
    file of conversations (or on `rows` of the same shape)."""
    conv: dict = {
        "pos": 0,
        "tp": 0,
        "neg": 0,
        "fp": 0,
        "errors": [],
        "by_lang": defaultdict(lambda: {"pos": 0, "tp": 0, "neg": 0, "fp": 0}),
    }
    for r in frozen_rows(name) if rows is None else rows:
        a = assess_conversation(r["messages"])
        lang = conv["by_lang"][r["lang"]]
        if r["expect"] == "escalate":
            conv["pos"] += 1
            lang["pos"] += 1
            conv["tp"] += a.escalate
            lang["tp"] += a.escalate
            if not a.escalate:
                conv["errors"].append(
                    ("missed", {**r, "text": " | ".join(r["messages"])}, a.severity)
                )
        else:
            conv["neg"] += 1
            lang["neg"] += 1
            conv["fp"] += a.escalate
            lang["fp"] += a.escalate
            if a.escalate:
                conv["errors"].append(
                    ("false alarm", {**r, "text": " | ".join(r["messages"])}, a.severity)
                )
    conv["recall"] = conv["tp"] / conv["pos"]
    conv["fpr"] = conv["fp"] / conv["neg"]
    conv["by_lang"] = dict(conv["by_lang"])
    return conv


def evaluate_devset() -> tuple[dict, dict] | None:
    """Figures on the development set (bench/crisis_devset/: never fitted on, but looked at
    to compare retrains, so not a test of unseen text as the frozen sets are): its messages
    and its conversations (after the last message), or None when it is absent."""
    rows = [{**r, "expect": "escalate" if r["label"] else "no_escalate"} for r in devset_rows()]
    if not rows:
        return None
    messages = evaluate([r for r in rows if "messages" not in r])
    return messages, evaluate_conversations("development set", [r for r in rows if "messages" in r])


def _print(title: str, s: dict, show_errors: bool) -> None:
    print(
        f"== {title}: {s['pos'] + s['neg']} messages ({s['pos']} must escalate, {s['neg']} must not)"
    )
    print(
        f"   recall {s['recall']:.3f} ({s['tp']}/{s['pos']})   false-positive rate {s['fpr']:.3f} ({s['fp']}/{s['neg']})"
    )
    for lang, v in sorted(s["by_lang"].items()):
        rec = v["tp"] / v["pos"] if v["pos"] else 1.0
        fpr = v["fp"] / v["neg"] if v["neg"] else 0.0
        print(
            f"   {lang}: n={v['pos'] + v['neg']:4d}  recall {rec:.3f} ({v['tp']}/{v['pos']})  FPR {fpr:.3f} ({v['fp']}/{v['neg']})"
        )
    if "detected_by" in s:
        print(
            "   escalated by: " + ", ".join(f"{k} {v}" for k, v in sorted(s["detected_by"].items()))
        )
    if show_errors:
        for what, r, sev in s["errors"]:
            print(f"   {what:11s} [{r['lang']}/{r.get('kind')}] got {sev}: {r['text']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    tuned = evaluate(load(heldout=False))
    held = evaluate(load(heldout=True))
    per_file = {name: evaluate(load(heldout=True, file=name)) for name in heldout_files()}
    everything = evaluate(load())
    frozen = evaluate_frozen()
    if args.json:
        strip = lambda s: {k: v for k, v in s.items() if k != "errors"}  # noqa: E731
        out = {"tuned": strip(tuned), "heldout": strip(held), "all": strip(everything)}
        out.update({name: strip(v) for name, v in per_file.items()})
        out["heldout6"] = strip(frozen["messages"])
        out["heldout7"] = strip(frozen["heldout7.jsonl"])
        out["conversations6"] = strip(frozen["conversations"])
        out["heldout8"] = strip(frozen["heldout8.jsonl"])
        out["heldout9"] = strip(frozen["heldout9.jsonl"])
        out["conversations8"] = strip(frozen["conversations8.jsonl"])
        devset = evaluate_devset()
        if devset is not None:
            out["devset"] = strip(devset[0])
            out["devset_conversations"] = strip(devset[1])
        print(json.dumps(out, indent=2))
    else:
        _print("tuned corpus", tuned, args.errors)
        for name, v in per_file.items():
            _print(
                f"held-out file {name} (see moderation/README.md for its history)", v, args.errors
            )
        _print("held-out files together", held, False)
        _print("all", everything, False)
        neg = sum(1 for r in load() if r["expect"] == "no_escalate")
        print(
            f"hard negatives: {neg}/{everything['pos'] + everything['neg']} = {neg / (everything['pos'] + everything['neg']):.0%}"
        )
        print(f"targets: recall >= {RECALL_TARGET}, false positives <= {FPR_TARGET}")
        for name in FROZEN_MESSAGES:
            m = frozen[f"{name}.jsonl"]
            _print(
                f"FROZEN held-out set {name}.jsonl (issue 20; never trained on; see "
                f"bench/results/crisis_{name}_*.md)",
                m,
                args.errors and name == "heldout6",
            )
            for kind, v in sorted(m["by_kind"].items()):
                # how the wrong ones went, in counts only (never which messages)
                wrong = ", ".join(f"{k} {n}" for k, n in sorted(v["wrong"].items()))
                print(
                    f"   kind {kind:18s} {v['ok']:3d}/{v['n']:3d} right"
                    + (f"  ({wrong})" if wrong else "")
                )
        m = frozen["messages"]
        c = frozen["conversations"]
        _print(
            "FROZEN held-out conversations6.jsonl (assessed after the last message)", c, args.errors
        )
        c8 = frozen["conversations8.jsonl"]
        # never listed, as heldout7 and heldout8: per language only
        _print("FROZEN held-out conversations8.jsonl (assessed after the last message)", c8, False)
        met = targets_met(m)
        print(
            f"heldout6 targets (recall >= {RECALL_TARGET}, false alarms <= {FPR_TARGET} in every language): {'met' if met else 'NOT met'}"
        )
        for name in FROZEN_MESSAGES[1:]:
            met_n = targets_met(frozen[f"{name}.jsonl"])
            print(f"{name} targets (the same): {'met' if met_n else 'NOT met'}")
        cmet = c["recall"] >= CONV_RECALL_TARGET and c["fpr"] <= CONV_FPR_TARGET
        print(
            f"conversations6 targets (recall >= {CONV_RECALL_TARGET}, false alarms <= {CONV_FPR_TARGET}): {'met' if cmet else 'NOT met'}"
        )
        cmet8 = c8["recall"] >= CONV_RECALL_TARGET and c8["fpr"] <= CONV_FPR_TARGET
        print(f"conversations8 targets (the same): {'met' if cmet8 else 'NOT met'}")
        devset = evaluate_devset()
        if devset is not None:
            what = "never trained on; looked at to compare retrains, so not a frozen test"
            _print(f"development set bench/crisis_devset/ ({what})", devset[0], False)
            _print("development set conversations (after the last message)", devset[1], False)
    ok = tuned["recall"] >= RECALL_TARGET and tuned["fpr"] <= FPR_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
