"""Crisis detection: `assess(text)` -> Assessment.

Pipeline: the cheap normalisation of a plain message (`plain_form`: lower case, character
table, repeats collapsed; the full `normalize` only for leetspeak, split letters, mixed
scripts...) -> one trie regex over every anchor word of the lexicon -> if nothing is there
(the common case) return a "none" assessment whose language is detected only if asked for.
Otherwise look up the candidate entries by anchor, run them, drop signals covered by an
idiom ("ten sprawdzian mnie zabije"), weaken signals covered by a negation or a past-tense
frame ("nie zabiję się", "I used to cut"), and combine what is left (the offset map back to
the original text is built only when there is something to report):

* any weight-4 signal (an overdose already taken, "jumping now") -> imminent;
* a strong (weight >= 3) signal plus a second kind among intent / means / plan, or plus a time
  word ("tonight", "dziś") -> imminent;
* a strong signal -> high;
* weak means (pills, a bridge, a razor) together with distress or intent -> high;
* distress or weakened signals -> concern (shown to the networker, not escalated);
* weak means alone or time alone -> none.

A keyword hit raises priority and alerts people; it is never the only safety net.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from moderation.langdetect import detect_language
from moderation.lexicon import CATEGORIES, Entry, Lexicon, default_lexicon
from moderation.lexicon import SIGNAL_KINDS as _SIGNAL_KINDS
from moderation.normalize import (
    Maps,
    normalize,
    normalize_full,
    plain_finish,
    plain_map,
    plain_pre,
)
from moderation.translit import VARIANTS as TRANSLIT_VARIANTS
from moderation.translit import looks_translit, to_cyrillic

SEVERITIES = ("none", "concern", "high", "imminent")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Match:
    phrase: str
    category: str
    kind: str
    weight: int
    start: int
    end: int
    rule: str
    status: str = "active"  # active | negated | past

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "category": self.category,
            "kind": self.kind,
            "weight": self.weight,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "status": self.status,
        }


@dataclass(frozen=True)
class Assessment:
    severity: str
    escalate: bool
    categories: tuple[str, ...]
    matches: tuple[Match, ...]
    language: str
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "escalate": self.escalate,
            "severity": self.severity,
            "categories": list(self.categories),
            "matches": [m.to_dict() for m in self.matches],
            "language": self.language,
        }

    def explain(self) -> str:
        if self.severity == "none":
            return "none: no crisis signal found"
        head = f"{self.severity}{' (escalate)' if self.escalate else ''}"
        if self.categories:
            head += f" [{', '.join(self.categories)}]"
        parts = [head + ": " + "; ".join(self.reasons)]
        for m in self.matches:
            extra = "" if m.status == "active" else f", {m.status}"
            parts.append(f'  "{m.phrase}" {m.kind}/{m.category} w{m.weight}{extra} ({m.rule})')
        return "\n".join(parts)


_NONE: dict[str, Assessment] = {}
_LANGS = frozenset(("pl", "en", "uk", "ru"))


def _none(lang: str) -> Assessment:
    a = _NONE.get(lang)
    if a is None:
        a = _NONE[lang] = Assessment("none", False, (), (), lang)
    return a


class _NoSignal(Assessment):
    """A "none" assessment whose language is detected only when someone reads `.language`.

    Most messages carry no signal at all and nobody asks for their language, so `assess`
    does not pay for the detection up front. Behaves as an `Assessment` in every respect
    (fields, equality, hashing, to_dict, dataclasses.replace/asdict, pickling).
    """

    severity = "none"
    escalate = False
    categories: tuple[str, ...] = ()
    matches: tuple[Match, ...] = ()
    reasons: tuple[str, ...] = ()

    def __new__(cls, text: str = "", **fields: Any) -> Any:
        if fields:  # dataclasses.replace(): an ordinary Assessment with the new fields
            return Assessment(**fields)
        return object.__new__(cls)

    def __init__(self, text: str = "") -> None:
        object.__setattr__(self, "_text", text)

    @property
    def language(self) -> str:
        lang = self.__dict__.get("_lang")
        if lang is None:
            lang = detect_language(self.__dict__.get("_text", ""))
            object.__setattr__(self, "_lang", lang)
        return lang

    def _key(self) -> tuple[Any, ...]:
        return (
            self.severity,
            self.escalate,
            self.categories,
            self.matches,
            self.language,
            self.reasons,
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Assessment):
            return self._key() == (
                other.severity,
                other.escalate,
                other.categories,
                other.matches,
                other.language,
                other.reasons,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())


def _none_for(text: str, language: str | None) -> Assessment:
    return _none(language) if language is not None else _NoSignal(text)


def _candidates(
    lex: Lexicon, s: str, modifiers: bool = False, soft: bool = False
) -> list[tuple[Entry, re.Pattern[str]]]:
    """Entries (and which of their patterns) whose anchor word starts a word in `s`
    (`soft`: anchors spelled without the soft sign, for transliterated text)."""
    if soft:
        rx = lex.soft_mod_cand_rx if modifiers else lex.soft_cand_rx
        table = lex.soft_mod_cand_parts if modifiers else lex.soft_cand_parts
    else:
        rx = lex.mod_cand_rx if modifiers else lex.cand_rx
        table = lex.mod_cand_parts if modifiers else lex.cand_parts
    found: dict[int, tuple[Entry, re.Pattern[str]]] = {}
    for g in rx.findall(s):
        found.update(table[g])
    return list(found.values())


@dataclass
class _Hit:
    entry: Entry
    start: int  # normalised offsets
    end: int
    status: str = "active"


def _overlaps(a: _Hit, b: _Hit) -> bool:
    return a.start < b.end and b.start < a.end


def assess(text: str, lang: str | None = None, *, lexicon: Lexicon | None = None) -> Assessment:
    """Assess one message. `lang` overrides language detection ('pl', 'en', 'uk', 'ru')."""
    if not isinstance(text, str):
        raise TypeError("assess() needs str")
    lex = lexicon or default_lexicon()
    # The language is detected lazily: only a message that reaches the deeper check needs it.
    language = lang if lang in _LANGS else None
    if not text or text.isspace():
        return _none_for(text, language)
    # Common path: a plain message (no leetspeak, split letters, mixed scripts...) is
    # normalised with a few cheap C-level steps; then one trie regex over every anchor word.
    pre = plain_pre(text)
    s = plain_finish(pre[0]) if pre is not None else normalize_full(text)[0]
    if lex.trigger.search(s) is None:
        a = _none_for(text, language)
    else:
        a = _assess_norm(text, s, language, pre, lex)
    # Russian or Ukrainian typed in Latin letters ("ne hochu zhit"): also read it in Cyrillic
    # (both readings of "y" and of "h", see translit.py) and keep the most severe reading.
    if not a.escalate and s.isascii() and looks_translit(s):
        for variant, _, _ in TRANSLIT_VARIANTS:
            if a.escalate:
                break
            cyr, ts, te = to_cyrillic(s, variant)
            b = _assess_norm(text, cyr, language, pre, lex, (ts, te))
            if _RANK[b.severity] > _RANK[a.severity]:
                a = b
    return a


def _assess_norm(
    text: str,
    s: str,
    language: str | None,
    pre: tuple[str, bool] | None,
    lex: Lexicon,
    tmap: tuple[list[int], list[int]] | None = None,
) -> Assessment:
    """Match, weigh and combine the signals in the normalised text `s` (or, with `tmap`, its
    Cyrillic transliteration: tmap maps each of its characters to a span of the Latin text)."""
    soft = tmap is not None
    cands = _candidates(lex, s, soft=soft)
    if not cands:
        return _none_for(text, language)
    hits: list[_Hit] = []
    for e, rx in cands:
        if e.lang_only:
            if language is None:
                language = detect_language(text)
            if language != e.language and language != "und":
                continue
        for m in rx.finditer(s):
            if m.end() > m.start():
                hits.append(_Hit(e, m.start(), m.end()))
    if not hits:
        return _none_for(text, language)
    # A time word matters only when the outcome can be imminent (a signal of weight >= 3).
    need_time = any(h.entry.weight >= 3 for h in hits)
    for e, rx in _candidates(lex, s, modifiers=True, soft=soft):
        if e.kind == "time" and not need_time:
            continue
        for m in rx.finditer(s):
            if m.end() > m.start():
                hits.append(_Hit(e, m.start(), m.end()))
    # Two patterns of one entry may find the same span ("kill myself" by a verb-first and a
    # windowed pattern): report it once.
    seen: set[tuple[str, int, int]] = set()
    signals = []
    for h in hits:
        if h.entry.kind in _SIGNAL_KINDS:
            key = (h.entry.id, h.start, h.end)
            if key not in seen:
                seen.add(key)
                signals.append(h)
    if not signals:
        return _none_for(text, language)
    idioms = [h for h in hits if h.entry.kind == "idiom"]
    # A renew word ("now", "teraz") inside an idiom ("I'm in a good place now", "teraz jest ok")
    # does not renew a past frame.
    renewed = any(
        h.entry.kind == "renew" and not any(_overlaps(h, i) for i in idioms) for h in hits
    )
    negs = [
        h for h in hits if h.entry.kind == "negation" or (h.entry.kind == "past" and not renewed)
    ]
    kept: list[_Hit] = []
    for h in signals:
        if any(
            _overlaps(h, i)
            and h.entry.category in i.entry.suppresses
            and h.entry.weight <= i.entry.max_weight
            for i in idioms
        ):
            continue
        for n in negs:
            # A negation span must cover the signal it negates, so "nie chcę żyć"
            # (itself the signal) is not negated by its own "nie".
            if (
                _overlaps(h, n)
                and h.entry.category in n.entry.suppresses
                and h.entry.weight >= 1
                and n.start <= h.start
                and n.end >= h.end
                and not (n.start == h.start and n.end == h.end and n.entry.kind == "negation")
            ):
                h.status = "negated" if n.entry.kind == "negation" else "past"
        kept.append(h)
    times = [h for h in hits if h.entry.kind == "time"]
    return _combine(text, kept, times, language, pre, tmap)


def _combine(
    text: str,
    kept: list[_Hit],
    times: list[_Hit],
    language: str | None,
    pre: tuple[str, bool] | None = None,
    tmap: tuple[list[int], list[int]] | None = None,
) -> Assessment:
    active = [h for h in kept if h.status == "active"]
    strong = [h for h in active if h.entry.weight >= 3 and h.entry.kind != "distress"]
    weak_means = [h for h in active if h.entry.kind == "means" and h.entry.weight < 3]
    distress = [
        h
        for h in active
        if h.entry.kind == "distress"
        or (h.entry.weight < 3 and h.entry.kind in ("intent", "plan", "event"))
    ]
    reasons: list[str] = []
    severity = "none"
    counted: list[_Hit] = []
    strong_distress = [h for h in active if h.entry.kind == "distress" and h.entry.weight >= 3]
    if any(h.entry.weight >= 4 for h in active):
        severity = "imminent"
        reasons.append("a signal of immediate danger")
        counted = active
    elif strong or strong_distress:
        kinds = {h.entry.kind for h in strong} | {h.entry.kind for h in weak_means}
        danger_kinds = kinds & {"intent", "means", "plan"}
        if len(danger_kinds) >= 2:
            severity = "imminent"
            reasons.append(
                "intent together with means or a plan (" + " + ".join(sorted(danger_kinds)) + ")"
            )
        elif times and any(h.entry.kind in ("intent", "means", "plan") for h in strong):
            severity = "imminent"
            reasons.append("intent or means with a time")
        else:
            severity = "high"
            reasons.append("a strong crisis signal")
        counted = active
    elif weak_means and distress:
        severity = "high"
        reasons.append("means mentioned together with distress")
        counted = active
    elif distress or any(h.status != "active" for h in kept):
        severity = "concern"
        if distress:
            reasons.append("distress without a direct danger signal")
        if any(h.status == "negated" for h in kept):
            reasons.append("a crisis phrase that is negated")
        if any(h.status == "past" for h in kept):
            reasons.append("a crisis phrase about the past")
        counted = [h for h in kept if h not in weak_means]
    else:
        return _none_for(text, language)
    if language is None:
        language = detect_language(text)
    # Offsets in the original text: the offset map is built only now, when there is
    # something to report.
    maps: Maps | None
    if pre is not None and pre[1]:
        _, maps = plain_map(pre[0])
    else:
        _, maps = normalize(text, with_map=True)
    assert maps is not None
    starts, ends = maps
    if tmap is not None:  # transliterated: Cyrillic character -> Latin span -> original text
        ts, te = tmap
        starts = [starts[i] for i in ts]
        ends = [ends[j - 1] for j in te]
    if severity == "imminent" and times:
        counted = counted + times
    counted.sort(key=lambda h: (h.start, h.end))
    matches = []
    for h in counted:
        a = starts[h.start]
        b = ends[h.end - 1]
        matches.append(
            Match(
                phrase=text[a:b],
                category=h.entry.category if h.entry.kind != "time" else "time",
                kind=h.entry.kind,
                weight=h.entry.weight,
                start=a,
                end=b,
                rule=h.entry.id,
                status=h.status,
            )
        )
    cats = tuple(
        sorted(
            {
                m.category
                for m in matches
                if m.category in CATEGORIES and m.status == "active" and m.kind != "time"
            }
        )
    )
    if not cats:
        cats = tuple(sorted({m.category for m in matches if m.category in CATEGORIES}))
    return Assessment(
        severity=severity,
        escalate=_RANK[severity] >= _RANK["high"],
        categories=cats,
        matches=tuple(matches),
        language=language,
        reasons=tuple(reasons),
    )
