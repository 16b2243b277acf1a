"""Loading and compiling the crisis lexicon (data files under moderation/lexicon/).

The format is documented in moderation/README.md. In short, every TOML file has
`version`, `language`, optional `[sets]` (named word lists, referenced as @NAME) and
`[[entry]]` tables with `id`, `category`, `kind`, `weight`, `patterns`, `examples`, `counter`.

A pattern is a sequence of space-separated tokens:
  word        the whole word (after normalisation)
  stem*       any word starting with `stem`
  a|b*|c      alternatives
  @SET        a named set from [sets] (itself alternatives)
  ?tok        optional token
  ~N          up to N arbitrary words
  #N          a number >= N
  a+b         two tokens with an optional separator between them (killmyself, kill-myself)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from moderation.normalize import norm

# medical and sexual_violence come from the classifier (the lexicon files have no entries yet)
CATEGORIES = ("self_harm", "overdose", "violence", "child_abuse", "medical", "sexual_violence")
SIGNAL_KINDS = ("intent", "means", "plan", "event", "distress")
MODIFIER_KINDS = ("time", "idiom", "negation", "past", "renew")
KINDS = SIGNAL_KINDS + MODIFIER_KINDS

_SEP = r"[\W_]+"
_OPT_SEP = r"[\W_]*"


# Very frequent words make poor anchors (they would send most messages down the slow path).
COMMON = frozenset(
    "i a w z u o na nie sie to in on is the my me it be not do can mam jest za po od k s "
    "ze jak co ja ty tu tak ale bo czy juz mi go ma wiem was so just have get got want "
    "ned help wil il im dont of at an as or if he she they we you your his her him "
    "mnie mne ciebie siebie sobie without back again going go here there about now more "
    "wanted wants ned need time today tomorrow with from what when how all завтра "
    "и а в с у о к я не на за по без меня мене мне мени до что що это це так но або или "
    "он она они ты ти вже уже есть е як как хочу".split()
)


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    id: str
    language: str
    category: str
    kind: str
    weight: int
    patterns: tuple[str, ...]
    regex: re.Pattern[str]
    anchors: frozenset[str]
    parts: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = ()
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()
    suppresses: tuple[str, ...] = CATEGORIES
    max_weight: int = 99
    lang_only: bool = False
    note: str = ""
    source: str = field(default="", compare=False)


def _number_re(n: int) -> str:
    """A regex for integers >= n (n < 100)."""
    if n <= 0:
        return r"\d+"
    if n < 10:
        return rf"(?:[{n}-9]|[1-9]\d+)(?!\d)"
    tens, ones = divmod(n, 10)
    parts = [r"[1-9]\d{2,}"]
    if tens < 9:
        parts.append(rf"[{tens + 1}-9]\d")
    parts.append(rf"{tens}[{ones}-9]")
    return "(?<!\\d)(?:" + "|".join(parts) + ")(?!\\d)"


def _anchor_score(anchors: set[str]) -> tuple[int, int]:
    """How good a set of anchor words is (higher is better): its weakest word the longest (a
    very common word counts 0), then the fewest very common words. "od" beats "i|ill|going|
    want|gonna|…" for "gonna|…|i_will ~1 od|overdose": English text that says "I" then does
    not take the slow path for it (the result is the same: either token must be there)."""
    if not anchors:
        return (0, 0)
    words = [a.rstrip("*") for a in anchors]
    return (min(0 if w in COMMON else len(w) for w in words), -sum(w in COMMON for w in words))


class _Compiler:
    def __init__(self, sets: dict[str, str], source: str):
        self.sets = sets
        self.source = source

    def alternatives(self, tok: str) -> list[str]:
        out: list[str] = []
        for alt in tok.split("|"):
            alt = alt.strip()
            if not alt:
                continue
            if "+" in alt:
                combos = [""]
                for part in alt.split("+"):
                    combos = [
                        f"{c}+{x}" if c else x for c in combos for x in self.alternatives(part)
                    ]
                out.extend(combos)
            elif alt.startswith("@"):
                name = alt[1:]
                if name not in self.sets:
                    raise LexiconError(f"{self.source}: unknown set @{name}")
                out.extend(self.alternatives(self.sets[name]))
            else:
                out.append(alt)
        return out

    def alt_regex(self, alt: str, final: bool = True) -> tuple[str, str | None]:
        """Regex for one alternative and its literal anchor (None if not literal)."""
        if alt.startswith("#"):
            return _number_re(int(alt[1:])), None
        stem = alt.endswith("*")
        lit = alt[:-1] if stem else alt
        # Multi-word alternatives ("right now") are allowed inside sets.
        words = [norm(w).strip() for w in lit.split("_")]
        words = [w for w in words if w]
        if not words:
            raise LexiconError(f"{self.source}: empty alternative in {alt!r}")
        # The soft sign is optional: people drop it ("болше", "хочеться"/"хочется") and
        # Russian/Ukrainian typed in Latin letters never has it (translit.py).
        body = _SEP.join(re.escape(w) for w in words).replace("ь", "ь?")
        body += r"\w*" if stem else (r"(?!\w)" if final else "")
        # The anchor is the rarest-looking word of the alternative; a trailing "*" marks
        # "may continue inside the word" (a stem, or a piece glued to the next one).
        anchors = [
            w + ("*" if i == len(words) - 1 and (stem or not final) else "")
            for i, w in enumerate(words)
        ]
        return body, max(anchors, key=lambda a: _anchor_score({a}))

    def token(self, tok: str) -> tuple[str, set[str] | None]:
        alts = self.alternatives(tok)
        if not alts:
            raise LexiconError(f"{self.source}: empty token {tok!r}")
        compiled: list[tuple[str, str | None]] = []
        for alt in alts:
            # "kill+myself": parts with an optional separator (killmyself, kill-myself).
            pieces = [p for p in alt.split("+") if p]
            parts = [self.alt_regex(p, i == len(pieces) - 1) for i, p in enumerate(pieces)]
            # Only the first piece of "kill+myself" is sure to start a word ("killmyself"),
            # so it is the anchor (a later piece may be glued to the one before it).
            compiled.append((_OPT_SEP.join(r for r, _ in parts), parts[0][1]))
        # Longest first so that alternation prefers the fuller form.
        compiled.sort(key=lambda x: -len(x[0]))
        lits = {a for _, a in compiled}
        anchors = None if None in lits else {a for a in lits if a is not None}
        return "(?:" + "|".join(r for r, _ in compiled) + ")", anchors

    def pattern(self, pat: str) -> tuple[str, set[str]]:
        toks = pat.split()
        if not toks:
            raise LexiconError(f"{self.source}: empty pattern")
        out = r"(?<!\w)"
        best: set[str] | None = None
        first = True
        pending_gap = ""
        for tok in toks:
            if tok.startswith("~"):
                n = int(tok[1:])
                pending_gap = rf"(?:{_SEP}\w+){{0,{n}}}"
                continue
            optional = tok.startswith("?")
            if optional:
                tok = tok[1:]
            reg, anchors = self.token(tok)
            piece = reg if first else pending_gap + _SEP + reg
            pending_gap = ""
            if optional:
                if first:
                    raise LexiconError(f"{self.source}: pattern may not start optional: {pat!r}")
                out += f"(?:{piece})?"
            else:
                out += piece
                if anchors is not None:
                    score = _anchor_score(anchors)
                    if best is None or score > _anchor_score(best):
                        best = anchors
            first = False
        if best is None:
            raise LexiconError(f"{self.source}: pattern has no literal anchor: {pat!r}")
        return out, best


def _load_file(name: str, text: str) -> list[Entry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{name}: {exc}") from exc
    lang = data.get("language", "und")
    sets = dict(data.get("sets", {}))
    comp = _Compiler(sets, name)
    entries: list[Entry] = []
    for raw in data.get("entry", []):
        eid = raw.get("id")
        if not eid:
            raise LexiconError(f"{name}: entry without id")
        kind = raw.get("kind", "intent")
        if kind not in KINDS:
            raise LexiconError(f"{name}:{eid}: unknown kind {kind!r}")
        category = raw.get("category", "self_harm")
        if kind in SIGNAL_KINDS and category not in CATEGORIES:
            raise LexiconError(f"{name}:{eid}: unknown category {category!r}")
        pats = raw.get("patterns") or ([raw["pattern"]] if "pattern" in raw else [])
        if not pats:
            raise LexiconError(f"{name}:{eid}: no patterns")
        regs: list[str] = []
        anchors: set[str] = set()
        parts: list[tuple[re.Pattern[str], frozenset[str]]] = []
        for p in pats:
            r, a = comp.pattern(p)
            regs.append(r)
            anchors |= a
            try:
                parts.append((re.compile(r), frozenset(a)))
            except re.error as exc:
                raise LexiconError(f"{name}:{eid}: {exc}") from exc
        try:
            rx = re.compile("|".join(f"(?:{r})" for r in regs))
        except re.error as exc:
            raise LexiconError(f"{name}:{eid}: {exc}") from exc
        entries.append(
            Entry(
                id=eid,
                language=lang,
                category=category,
                kind=kind,
                weight=int(
                    raw.get("weight", 3 if kind in ("intent", "means", "plan", "event") else 1)
                ),
                patterns=tuple(pats),
                regex=rx,
                anchors=frozenset(anchors),
                parts=tuple(parts),
                examples=tuple(raw.get("examples", ())),
                counter=tuple(raw.get("counter", ())),
                suppresses=tuple(raw.get("suppresses", CATEGORIES)),
                max_weight=int(raw.get("max_weight", 99)),
                lang_only=bool(raw.get("lang_only", False)),
                note=raw.get("note", ""),
                source=name,
            )
        )
    return entries


Part = tuple[Entry, re.Pattern[str]]


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    modifiers: tuple[Entry, ...]
    version: str
    trigger: re.Pattern[str]
    by_anchor: dict[str, tuple[Part, ...]]
    anchor_lengths: tuple[int, ...]
    mod_trigger: re.Pattern[str]
    mod_by_anchor: dict[str, tuple[Part, ...]]
    mod_anchor_lengths: tuple[int, ...]
    # Candidate lookup (detect.py): one greedy trie regex over every anchor, returning the
    # longest anchor that starts a word, and for each anchor the patterns of every anchor that
    # is a prefix of it (stems of different lengths), longest first.
    cand_rx: re.Pattern[str] = field(default=re.compile(r"(?!x)x"), compare=False, repr=False)
    cand_parts: dict[str, dict[int, Part]] = field(default_factory=dict, compare=False, repr=False)
    mod_cand_rx: re.Pattern[str] = field(default=re.compile(r"(?!x)x"), compare=False, repr=False)
    mod_cand_parts: dict[str, dict[int, Part]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The same over anchors spelled without the soft sign (text transliterated from Latin).
    soft_cand_rx: re.Pattern[str] = field(default=re.compile(r"(?!x)x"), compare=False, repr=False)
    soft_cand_parts: dict[str, dict[int, Part]] = field(
        default_factory=dict, compare=False, repr=False
    )
    soft_mod_cand_rx: re.Pattern[str] = field(
        default=re.compile(r"(?!x)x"), compare=False, repr=False
    )
    soft_mod_cand_parts: dict[str, dict[int, Part]] = field(
        default_factory=dict, compare=False, repr=False
    )


def _trie_regex(words: set[str]) -> str:
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    return build(trie)


def _index(entries: list[Entry]) -> tuple[re.Pattern[str], dict[str, list[Part]]]:
    """One trie regex over the anchor words of `entries`, and anchor -> (entry, pattern)."""
    by_anchor: dict[str, list[Part]] = {}
    for e in entries:
        for rx, anchors in e.parts:
            for a in anchors:
                lst = by_anchor.setdefault(a.rstrip("*"), [])
                if (e, rx) not in lst:
                    lst.append((e, rx))
    stems = {a.rstrip("*") for e in entries for a in e.anchors if a.endswith("*")}
    exact = {a for e in entries for a in e.anchors if not a.endswith("*")}
    branches = []
    if stems:
        branches.append(_trie_regex(stems))
    if exact:
        branches.append("(?:" + _trie_regex(exact) + r")(?!\w)")
    if not branches:
        return re.compile(r"(?!x)x"), by_anchor
    return re.compile(r"(?<!\w)(?:" + "|".join(branches) + ")"), by_anchor


def _cand_index(
    by_anchor: dict[str, list[Part]],
) -> tuple[re.Pattern[str], dict[str, dict[int, Part]]]:
    """Greedy trie regex over all anchors and, per anchor, the parts of all its prefixes
    (keyed by the id of the compiled pattern, so that merging them is one dict.update)."""
    if not by_anchor:
        return re.compile(r"(?!x)x"), {}
    table: dict[str, dict[int, Part]] = {}
    for g in by_anchor:
        seen: dict[int, Part] = {}
        # The anchors that are prefixes of g (g itself included), longest first.
        for a in [g[:i] for i in range(len(g), 0, -1) if g[:i] in by_anchor]:
            for part in by_anchor[a]:
                seen.setdefault(id(part[1]), part)
        table[g] = seen
    return re.compile(r"(?<!\w)(?:" + _trie_regex(set(by_anchor)) + ")"), table


def _without_soft_sign(by_anchor: dict[str, list[Part]]) -> dict[str, list[Part]]:
    out: dict[str, list[Part]] = {}
    for a, parts in by_anchor.items():
        lst = out.setdefault(a.replace("ь", ""), [])
        for part in parts:
            if part not in lst:
                lst.append(part)
    return out


def build_lexicon(files: dict[str, str]) -> Lexicon:
    entries: list[Entry] = []
    versions: list[str] = []
    seen: set[str] = set()
    for name in sorted(files):
        text = files[name]
        try:
            data_version = tomllib.loads(text).get("version", "0")
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(f"{name}: {exc}") from exc
        versions.append(f"{name.removesuffix('.toml')}@{data_version}")
        for e in _load_file(name, text):
            if e.id in seen:
                raise LexiconError(f"duplicate entry id {e.id}")
            seen.add(e.id)
            entries.append(e)
    signals = [e for e in entries if e.kind in SIGNAL_KINDS]
    modifiers = [e for e in entries if e.kind not in SIGNAL_KINDS]
    trigger, by_anchor = _index(signals)
    mod_trigger, mod_by_anchor = _index(modifiers)
    cand_rx, cand_parts = _cand_index(by_anchor)
    mod_cand_rx, mod_cand_parts = _cand_index(mod_by_anchor)
    soft_cand_rx, soft_cand_parts = _cand_index(_without_soft_sign(by_anchor))
    soft_mod_cand_rx, soft_mod_cand_parts = _cand_index(_without_soft_sign(mod_by_anchor))
    return Lexicon(
        soft_cand_rx=soft_cand_rx,
        soft_cand_parts=soft_cand_parts,
        soft_mod_cand_rx=soft_mod_cand_rx,
        soft_mod_cand_parts=soft_mod_cand_parts,
        cand_rx=cand_rx,
        cand_parts=cand_parts,
        mod_cand_rx=mod_cand_rx,
        mod_cand_parts=mod_cand_parts,
        entries=tuple(entries),
        modifiers=tuple(modifiers),
        mod_trigger=mod_trigger,
        mod_by_anchor={k: tuple(v) for k, v in mod_by_anchor.items()},
        mod_anchor_lengths=tuple(sorted({len(a) for a in mod_by_anchor}, reverse=True)),
        version=",".join(versions),
        trigger=trigger,
        by_anchor={k: tuple(v) for k, v in by_anchor.items()},
        anchor_lengths=tuple(sorted({len(a) for a in by_anchor}, reverse=True)),
    )


def lexicon_files() -> dict[str, str]:
    pkg = resources.files("moderation") / "lexicon"
    return {
        p.name: p.read_text(encoding="utf-8") for p in pkg.iterdir() if p.name.endswith(".toml")
    }


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return build_lexicon(lexicon_files())
