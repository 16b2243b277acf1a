"""Evaluate the crisis detector on the labelled corpus in tests/moderation/corpus/.

Prints recall on messages that must escalate and the false-positive rate on messages that
must not, overall, per language, per kind, and separately for the held-out file (messages
the lexicon was not tuned on). Exit status 1 if the targets (recall >= 0.97, FPR <= 0.03) are
missed on the tuned corpus. Usage: python bench/crisis_eval.py [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation import assess  # noqa: E402

CORPUS = ROOT / "tests" / "moderation" / "corpus"
RECALL_TARGET = 0.97
FPR_TARGET = 0.03


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
    by_kind: dict = defaultdict(lambda: {"n": 0, "ok": 0})
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
        else:
            stats["neg"] += 1
            lang["neg"] += 1
            if a.escalate:
                stats["fp"] += 1
                lang["fp"] += 1
                stats["errors"].append(("false alarm", r, a.severity))
            else:
                kind["ok"] += 1
    stats["recall"] = stats["tp"] / stats["pos"] if stats["pos"] else 1.0
    stats["fpr"] = stats["fp"] / stats["neg"] if stats["neg"] else 0.0
    stats["by_lang"] = dict(by_lang)
    stats["by_kind"] = dict(by_kind)
    return stats


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
    if args.json:
        strip = lambda s: {k: v for k, v in s.items() if k != "errors"}  # noqa: E731
        out = {"tuned": strip(tuned), "heldout": strip(held), "all": strip(everything)}
        out.update({name: strip(v) for name, v in per_file.items()})
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
    ok = tuned["recall"] >= RECALL_TARGET and tuned["fpr"] <= FPR_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
