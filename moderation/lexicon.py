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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain
from operator import itemgetter
from typing import Any

from moderation.normalize import norm
from moderation.normalize import words as words_of

# medical and sexual_violence come from the classifier (the lexicon files have no entries yet)
CATEGORIES = ("self_harm", "overdose", "violence", "child_abuse", "medical", "sexual_violence")
SIGNAL_KINDS = ("intent", "means", "plan", "event", "distress")
# "laugh": a laughing or joking marker (xD, lol, 😂, "jk"): a message said laughing is rated
# high at most, never imminent, so that the classifier may overrule a joke (detect._combine)
# "retract": a joke taken back ("jk", "just kidding", "żartuję", "шучу", "жартую"): after every
# active signal and with no "earnest" word, the classifier overrules the lexicon's escalation
# below detect.RETRACT_VETO (since en 2025.57, pl 2025.54, ru/uk 2025.55)
# "asking": an everyday question to the others ("anyone know if…", "ktoś wie czy…", "кто
# знает…", "хтось знає…"): after every active signal, its sentence ending in a question mark
# (or the message's unfinished last sentence of three words or more) and with no earnest word
# after the signals, the classifier overrules the lexicon's escalation below
# detect.RETRACT_VETO, as after a joke taken back (the reason detect.ASKED; since en 2025.82,
# pl 2025.80, ru/uk 2025.81); a question about the danger or for help is an "earnest" entry
# "quoting": the text names what it quotes (a song, a film, a series, a book, a game, the news,
# subtitles): a crisis phrase inside quotation marks there is quoted, not said
# (detect._quoted_only)
# "earnest": the speaker says they are not joking or apologises for the drama ("not kidding",
# "nie żartuję", "я не шучу", "sorry for being dramatic"): a laughing marker beside it is
# nervous, not a joke, and the classifier does not overrule the lexicon (detect._combine)
# "conditional": the crisis phrase hangs on a condition ("if they cancel the show", "jak nie
# dostanę biletów", "если ещё раз", "якщо не куплю"): hyperbole far more often than not, so an
# earnest marker beside it makes nothing final (detect._assess_norm)
# "likening": the speaker takes a song, film or book as their own ("like in that song",
# "jak w tej piosence", "как в том фильме", "that song, i'm gonna..."): an idiom it overlaps
# (a quote, a film told) drops nothing (detect._assess_norm)
# "story": the text tells a story that is over — a time long past ("years ago", "w 2019",
# "в детстве") or how it ended ("survived", "odratowali", "откачали"): in the sentence of
# every signal, with no renew word and no time word in a signal's sentence, it lets the
# classifier overrule the lexicon's escalation below detect.STORY_VETO
# (detect._told_as_story, detect._with_classifier)
# "outcome": how a story ended, said after it — someone else is fine now ("she's fine now",
# "сейчас он в порядке"), it turned out to be nothing ("okazało się, że tylko spał"), a doctor
# found it harmless ("the doctor said it was just a panic attack"), the story dated
# afterwards ("that was in 2010", "это было шесть лет назад"): a story for every signal
# before it, in any sentence (detect._told_as_story); the age now alone is none since en
# 2025.45, pl 2025.42, ru/uk 2025.43 ("took all my pills. im 30 now" was told as over)
# "age": an age then and the age now, 20 or more, in one stretch ("at 16 i tried. im 30
# now", "i overdosed at 19, today im 35", "mając 17 lat ... dziś mam 29", "в 17 лет ... сейчас
# мне 28"): an "outcome" for every signal before its end, and its time word times nothing in
# any sentence unless an "unresolved" word stands in the signal's (detect._told_as_story;
# since en 2025.45, pl 2025.42, ru/uk 2025.43)
# "care": someone else in care now, said after the harm ("she's home now and sees a therapist",
# "juz jest w domu, chodzi do poradni", "сейчас она дома и ходит в наркологию", "зараз вона у
# психіатра"): an "outcome" for every signal before it, and its own time word ("now",
# "teraz", "сейчас", "зараз", part of the phrase) times no signal unless an "unresolved" word
# stands in the signal's sentence (detect._told_as_story; since en 2025.57, pl 2025.54, ru/uk
# 2025.55). The writer's own therapy is none: "i see a therapist" tells nothing over
# "unresolved": a contrast ("but", "ale", "но", "але") or a time minutes or hours ago ("an
# hour ago", "godzinę temu"): after an outcome in its sentence, or in the sentence of a
# signal, the outcome no longer tells that the story is over (detect._told_as_story)
# "recent": a day or two ago ("yesterday", "last night", "wczoraj", "вчера", "позавчора", "two
# days ago"): in the sentence of a signal, no story phrase of that sentence tells the signal
# as over, an outcome still may ("swallowed a whole pack of paracetamol yesterday, i'm ok now":
# the harm may still come)
# "fiction": the text tells what happens in a film, a series or one of its episodes, an anime,
# or to one's character in a game ("in last night's episode", "w serialu", "в новой серии",
# "у фільмі де…"; watching one, a class or a game met in is none): a "story" to the lexicon's
# signals in its sentence (detect._told_as_story, the reason detect.FICTION)
# "departure": a goodbye said with an ordinary reason for going quiet, within 25 words of it:
# a move, a trip, a new job or school, retiring, a last shift, an operation with days on a
# ward, basic training, deleting an app, a funeral ("this is my last post, moving to canada
# next week for my masters", "ostatnia zmiana w żabce dzisiaj, będę tęsknić"): a message
# the lexicon finds no intent, means, plan or event in is escalated by the classifier alone
# only at p >= detect.DEPARTURE_VETO (since en 2025.50, pl 2025.47, ru/uk 2025.48)
# "pretext": the departure is a pretext or no departure at all ("that's what i told my mum",
# "niby jadę", "на самом деле", "forever", "nie wrócę", "переезд? нет"): anywhere in the
# message, no departure counts (detect._departure)
# "goodbye": a goodbye's formula ("thanks for everything", "you won't hear from me", "спасибо
# вам за всё"): read only along with a departure, whose ordinary reason explains every such
# formula of the text (of any message of a run), not only the one within its 25 words (since
# en 2025.78, pl 2025.76, ru/uk 2025.77; detect._departure)
MODIFIER_KINDS = (
    "time",
    "idiom",
    "negation",
    "past",
    "renew",
    "laugh",
    "retract",
    "asking",
    "quoting",
    "earnest",
    "likening",
    "conditional",
    "story",
    "outcome",
    "age",
    "care",
    "unresolved",
    "recent",
    "fiction",
    "departure",
    "pretext",
    "goodbye",
)
KINDS = SIGNAL_KINDS + MODIFIER_KINDS
# the modifiers read only when the classifier alone would escalate a message (detect._departure),
# never in the lexicon's own reading (not in `Lexicon.modifiers` nor its candidate index)
DEPARTURE_KINDS = ("departure", "pretext", "goodbye")

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
    "он она они ты ти вже уже есть е як как хочу dzieki dziekuje podziekowac coming назад "
    "обратно звидти спасибо дякую jestem bedzie jeszcze before while".split()
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
    anchors: frozenset[str]
    parts: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = ()
    # per part: the anchor words of each of its required tokens (Compiler.pattern)
    requires: tuple[tuple[frozenset[str], ...], ...] = field(default=(), compare=False)
    # per part: the characters every match of it begins with (Compiler.pattern; None: not known)
    firsts: tuple[frozenset[str] | None, ...] = field(default=(), compare=False)
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()
    suppresses: tuple[str, ...] = CATEGORIES
    max_weight: int = 99
    lang_only: bool = False
    # the classifier never overrules an escalation this entry's signal made (a kind the model
    # reads confidently wrong: "would anyone notice if i died" 0.002 with model 2026.12)
    final: bool = False
    # an idiom that covers farewell phrases (kind "plan") anywhere in its span, but other
    # signals, time and renew words only at its two ends (a goodbye up to 25 words from the
    # trip that explains it: detect._in_idiom)
    edges: bool = False
    # an idiom specific enough to explain the classifier's alarm on its own words wherever it
    # matches ("bought new guy rope for the tent"; detect._idiomatic), not only a lexicon
    # signal it overlaps
    explains: bool = False
    # a signal that goes on past the end of an idiom it overlaps is not that idiom's (the
    # imitation of what a film or the news tells: "w serialu ona się powiesiła, a ja dziś
    # zrobię to samo"; detect._assess_norm)
    outlasts: bool = False
    # an earnest phrase that turns the text serious ("jokes aside", "а если серьёзно"): earnest
    # only for a signal after it; after every signal it takes the joke back instead
    # (detect._assess_norm, as a "retract" entry)
    turns: bool = False
    note: str = ""
    source: str = field(default="", compare=False)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Every pattern of the entry in one regex (the straightforward reading,
        `detect.FAST_PATHS` off, and the lexicon's tests). Compiled when first asked for:
        the fast path searches the patterns one by one (`parts`), and compiling ~580 such
        unions at start-up took half of the lexicon's build (each pattern was compiled, and
        checked, when the file was loaded, so their union compiles too)."""
        return re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in self.parts))


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

    def alt_regex(
        self, alt: str, final: bool = True
    ) -> tuple[str, str | None, frozenset[str] | None]:
        """Regex for one alternative, its literal anchor (None if not literal) and the
        characters every match of it begins with (None when not known)."""
        if alt.startswith("#"):
            # _number_re: a number >= 1 begins with an ASCII digit 1-9; "#0" is any digit (\d)
            n = int(alt[1:])
            return _number_re(n), None, frozenset("123456789") if n >= 1 else None
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
        # a match begins with the first letter, unless that is an (optional) soft sign
        first = None if words[0][0] == "ь" else frozenset(words[0][0])
        return body, max(anchors, key=lambda a: _anchor_score({a})), first

    def token(self, tok: str) -> tuple[str, set[str] | None, frozenset[str] | None]:
        """The regex of a token, its anchor words (None when an alternative has none) and
        the characters every match of it begins with (those of its alternatives' first
        pieces; None when one is not known)."""
        alts = self.alternatives(tok)
        if not alts:
            raise LexiconError(f"{self.source}: empty token {tok!r}")
        compiled: list[tuple[str, str | None]] = []
        firsts: set[str] | None = set()
        for alt in alts:
            # "kill+myself": parts with an optional separator (killmyself, kill-myself).
            pieces = [p for p in alt.split("+") if p]
            parts = [self.alt_regex(p, i == len(pieces) - 1) for i, p in enumerate(pieces)]
            # Only the first piece of "kill+myself" is sure to start a word ("killmyself"),
            # so it is the anchor (a later piece may be glued to the one before it).
            compiled.append((_OPT_SEP.join(r for r, _, _ in parts), parts[0][1]))
            first = parts[0][2]
            firsts = None if firsts is None or first is None else firsts | first
        # Longest first so that alternation prefers the fuller form.
        compiled.sort(key=lambda x: -len(x[0]))
        lits = {a for _, a in compiled}
        anchors = None if None in lits else {a for a in lits if a is not None}
        return (
            "(?:" + "|".join(r for r, _ in compiled) + ")",
            anchors,
            frozenset(firsts or ()) or None,
        )

    def pattern(self, pat: str) -> tuple[str, set[str], list[set[str]], frozenset[str] | None]:
        """The regex of a pattern, its anchor (the best-scoring required token's anchor
        words), the anchor words of every required token (each token with literal
        alternatives that is not optional: one of each set must start a word of any text
        the pattern matches) and the characters every match begins with (those of its first
        token, which is never optional; a gap before it adds nothing to the regex)."""
        toks = pat.split()
        if not toks:
            raise LexiconError(f"{self.source}: empty pattern")
        out = r"(?<!\w)"
        starts: frozenset[str] | None = None
        best: set[str] | None = None
        required: list[set[str]] = []
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
            reg, anchors, token_starts = self.token(tok)
            if first:
                starts = token_starts
            piece = reg if first else pending_gap + _SEP + reg
            pending_gap = ""
            if optional:
                if first:
                    raise LexiconError(f"{self.source}: pattern may not start optional: {pat!r}")
                out += f"(?:{piece})?"
            else:
                out += piece
                if anchors is not None:
                    required.append(anchors)
                    score = _anchor_score(anchors)
                    if best is None or score > _anchor_score(best):
                        best = anchors
            first = False
        if best is None:
            raise LexiconError(f"{self.source}: pattern has no literal anchor: {pat!r}")
        return out, best, required, starts


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
        anchors: set[str] = set()
        parts: list[tuple[re.Pattern[str], frozenset[str]]] = []
        requires: list[tuple[frozenset[str], ...]] = []
        firsts: list[frozenset[str] | None] = []
        for p in pats:
            r, a, req, starts = comp.pattern(p)
            anchors |= a
            requires.append(tuple(frozenset(x) for x in req))
            firsts.append(starts)
            try:
                parts.append((re.compile(r), frozenset(a)))
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
                anchors=frozenset(anchors),
                parts=tuple(parts),
                requires=tuple(requires),
                firsts=tuple(firsts),
                examples=tuple(raw.get("examples", ())),
                counter=tuple(raw.get("counter", ())),
                suppresses=tuple(raw.get("suppresses", CATEGORIES)),
                max_weight=int(raw.get("max_weight", 99)),
                lang_only=bool(raw.get("lang_only", False)),
                final=bool(raw.get("final", False)),
                edges=bool(raw.get("edges", False)),
                explains=bool(raw.get("explains", False)),
                outlasts=bool(raw.get("outlasts", False)),
                turns=bool(raw.get("turns", False)),
                note=raw.get("note", ""),
                source=name,
            )
        )
    return entries


@dataclass(frozen=True, slots=True)
class Candidate:
    """One pattern of an entry, as the candidate lookup hands it out (`Lexicon.candidates`)."""

    order: int  # its place in the lexicon (files, entries and patterns in order)
    entry: Entry
    part: int  # which of the entry's patterns (Entry.parts)
    regex: re.Pattern[str]
    # for each of its other required tokens, every anchor key that begins with one of the
    # token's anchor words: one of each set must be found in the text
    requires: tuple[frozenset[str], ...]
    # the characters every match begins with (Entry.firsts; None: not known)
    first: frozenset[str] | None = None


# how many sets of anchor keys `Lexicon.candidates` remembers before it starts again
_CANDIDATES_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Found:
    """The anchor keys found in one normalised text (`Lexicon.find`): at each word start the
    longest anchor key the word begins with (the soft sign dropped); `triggered`: whether an
    anchor word of a signal pattern starts a word of it (`Lexicon.triggers`; if not, no signal
    pattern matches the text). A set of keys gathered from several texts has no single answer
    to that, and leaves it False (only `Lexicon.candidates` reads it, which never asks)."""

    keys: frozenset[str]
    triggered: bool = False


# what `Lexicon.read` remembers of a piece of text between white space: its anchor keys, its
# words, and whether an anchor word of a signal pattern triggers in it
_Piece = tuple[tuple[str, ...], tuple[str, ...], bool]
_KEYS, _WORDS, _TRIGGERS = itemgetter(0), itemgetter(1), itemgetter(2)
# how many pieces of text (between white space) `Lexicon.read` remembers (the anchor keys in
# each, its words, and whether it triggers) before it starts again: a bound against texts
# made of ever new words
_PIECE_MEMO_SIZE = 50_000
# a piece longer than this, or with more keys and words than _PIECE_MEMO_MAX_PARTS (a link,
# a flood of letters or emoji) is read each time, not remembered: an entry then holds at
# most ~700 bytes (measured), so the memory stays within ~35 MB whatever visitors send (a
# chat word, a piece of one word and at most one key: ~260 bytes)
_PIECE_MEMO_MAX_CHARS = 32
_PIECE_MEMO_MAX_PARTS = 4


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    modifiers: tuple[Entry, ...]
    version: str
    # one trie regex over the anchor words of every signal pattern, each after a character
    # that is no letter or digit (searched on " " + the normalised text: `triggers`)
    trigger: re.Pattern[str]
    # Candidate lookup (`find`, `candidates`): one greedy trie regex over the anchor key of
    # every required token of every pattern (signals and modifiers), run on the text with
    # the soft sign dropped; for each key the signal and the modifier patterns (by `order`)
    # whose anchor begins it; every pattern by its order.
    words_rx: re.Pattern[str] = field(default=re.compile(r"(?!x)x"), compare=False, repr=False)
    signal_cands: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)
    modifier_cands: dict[str, frozenset[int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    by_order: tuple[Candidate, ...] = field(default=(), compare=False, repr=False)
    # patterns with an anchor that has no key (never the case in the shipped files)
    always: tuple[frozenset[int], frozenset[int]] = field(
        default=(frozenset(), frozenset()), compare=False, repr=False
    )
    # entry id -> its place in `entries`
    entry_index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # the entries of kind "departure" and "pretext" (DEPARTURE_KINDS: detect._departure)
    departures: tuple[Entry, ...] = field(default=(), compare=False, repr=False)
    pretexts: tuple[Entry, ...] = field(default=(), compare=False, repr=False)
    # the entries of kind "goodbye" (blanked along with a departure: detect._departure)
    goodbyes: tuple[Entry, ...] = field(default=(), compare=False, repr=False)
    # the entries of kind "idiom" marked `explains` (detect._idiomatic reads them when the
    # classifier alone would escalate a message)
    idioms: tuple[Entry, ...] = field(default=(), compare=False, repr=False)
    # (anchor keys, modifiers) -> `candidates` (a conversation's window is made of the same
    # few messages again and again; bounded by _CANDIDATES_CACHE_SIZE)
    _candidates_cache: dict[tuple[frozenset[str], bool], tuple[Candidate, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # `read`'s memory of pieces of text between white space (bounded by _PIECE_MEMO_SIZE): the
    # anchor keys and the words of each, and whether an anchor word of a signal pattern
    # triggers in it
    _pieces: dict[str, _Piece] = field(default_factory=dict, compare=False, repr=False)
    # `seeker`'s regexes, by candidate order (compiled on first use: ~1 ms each)
    _seekers: dict[int, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def seeker(self, c: Candidate) -> re.Pattern[str]:
        """A regex whose `search(s)` starts where `c.regex` first matches in `s` (None where it
        never does), found faster (`seek_regex`); `c.regex.finditer(s, start)` then gives
        every match. Compiled on first use and remembered."""
        got = self._seekers.get(c.order)
        if got is None:
            got = self._seekers[c.order] = seek_regex(c.regex, c.first)
        return got

    def triggers(self, s: str) -> bool:
        """Whether an anchor word of a signal pattern starts a word of the normalised text
        `s` (if not, no signal pattern matches it: most messages stop here)."""
        return self.find(s).triggered

    def find(self, s: str) -> Found:
        """The anchor keys in the normalised text `s`, and whether it triggers (see `Found`):
        the keys `words_rx` finds in `" " + s` without soft signs, and whether `trigger`
        finds an anchor word in `" " + s` (`read`)."""
        return self.read(s)[0]

    def read(self, s: str) -> tuple[Found, list[str]]:
        """`find(s)` and the words of the normalised text `s` (`normalize.words(s)`, the
        classifier's), read together.

        Read piece by piece: no anchor key, anchor word or word holds white space, and white
        space is the character before a piece of the text between white space, so each such
        piece is read alone and remembered (a chat's words come again and again: `_learn`).
        Safe to call from several threads (the memory may be cleared under a reader: what a
        reading returns never depends on it after the look-up)."""
        pieces = s.split()
        try:
            got = list(map(self._pieces.__getitem__, pieces))
        except KeyError:
            got = self._learn(pieces)
        return (
            Found(frozenset().union(*map(_KEYS, got)), any(map(_TRIGGERS, got))),
            list(chain.from_iterable(map(_WORDS, got))),
        )

    def _learn(self, pieces: list[str]) -> list[_Piece]:
        """The `_Piece` of every piece of `pieces` (pieces of a text between white space): its
        anchor keys (`words_rx`, soft signs dropped), its words (`normalize.words`) and its
        trigger (`trigger`); the new ones remembered (but for long ones, and for those of many
        keys and words)."""
        memo = self._pieces
        got = []
        for p in pieces:
            piece = memo.get(p)
            if piece is None:
                keys = tuple(self.words_rx.findall(" " + p.replace("ь", "")))
                # a piece of letters only is one word (most are)
                words = (p,) if p.isalpha() else tuple(words_of(p))
                # an anchor word that triggers begins with the key of its own token, so a
                # piece with no key never triggers
                piece = (keys, words, bool(keys) and self.trigger.search(" " + p) is not None)
                if (
                    len(p) <= _PIECE_MEMO_MAX_CHARS
                    and len(keys) + len(words) <= _PIECE_MEMO_MAX_PARTS
                ):
                    if len(memo) >= _PIECE_MEMO_SIZE:
                        memo.clear()
                    memo[p] = piece
            got.append(piece)
        return got

    def candidates(self, found: Found, modifiers: bool = False) -> tuple[Candidate, ...]:
        """The signal (or modifier) patterns that may match the text `found` was found in, in
        lexicon order: those whose anchor and every other required token start a word of it.
        Exact as a prefilter: a pattern left out cannot match. Remembered per set of keys."""
        cache = self._candidates_cache
        key = (found.keys, modifiers)
        hit = cache.get(key)
        if hit is not None:
            return hit
        table = self.modifier_cands if modifiers else self.signal_cands
        keys = found.keys
        orders = self.always[modifiers].union(*map(table.__getitem__, keys))
        out = []
        by_order = self.by_order
        for o in sorted(orders):
            c = by_order[o]
            for r in c.requires:
                if r.isdisjoint(keys):
                    break
            else:
                out.append(c)
        if len(cache) >= _CANDIDATES_CACHE_SIZE:
            cache.clear()
        cache[key] = result = tuple(out)
        return result


def seek_regex(rx: re.Pattern[str], first: frozenset[str] | None) -> re.Pattern[str]:
    r"""A regex that matches one character at every position of a text where `rx` matches, so
    that its `search` finds the start of `rx`'s first match (its leftmost), given `first`, the
    characters every match of `rx` begins with (a lexicon pattern's: `Compiler.pattern`);
    `rx` itself when they are not known (None), or when the pattern cannot stand inside a
    look-behind (a back-reference, an inline flag other than at the very start, verbose mode).

    Why: a lexicon pattern starts with a look-behind (`(?<!\w)`), so the `re` module tries a
    match at every position of a text; this regex starts with the set `first` (`[so]` for
    "someone|overdose..."), which `re` skips to in C before it tries `rx` there (in a
    look-ahead inside a one-character look-behind, so `rx` sees the text around that position
    as it would): a pattern searched in a 360-character text ~12 -> ~3.5 us on average over
    the shipped lexicon.
    """
    if not first or rx.flags & re.VERBOSE:
        return rx
    chars = "".join(map(re.escape, sorted(first)))
    try:
        return re.compile(f"[{chars}](?<=(?={rx.pattern})[\\s\\S])", rx.flags)
    except re.error:
        return rx


def trie_regex(words: Iterable[str], soft: bool = False) -> str:
    """A regex matching exactly `words`, greedy (the longest first); `soft`: a soft sign in a
    word is optional (as in the lexicon's literals)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [
            ("ь?" if soft and ch == "ь" else re.escape(ch)) + build(sub)
            for ch, sub in sorted(node.items())
            if ch != ""
        ]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    return build(trie)


# An anchor word starts after a character that is no letter or digit (a later token of a
# pattern follows a separator, which may be "_"); the regexes are searched on " " + text.
# Written with that character first, the regex engine skips to the next one quickly.
_BEFORE_WORD = r"[\W_]"


def _cut(anchor: str) -> tuple[str, bool]:
    """An anchor word without its "*", cut before any character inside it that is not a
    letter or digit (so that it never reaches into the next word), and whether it is exact
    (must end the word)."""
    w = anchor.rstrip("*")
    exact = not anchor.endswith("*")
    for i in range(1, len(w)):
        if not (w[i].isalnum()):
            return w[:i], False
    return w, exact


def _key(anchor: str) -> str:
    """The key of an anchor word in the candidate lookup: cut (`_cut`), soft sign dropped."""
    return _cut(anchor)[0].replace("ь", "")


@lru_cache(maxsize=4096)
def _keys_of(anchors: frozenset[str]) -> tuple[str, ...]:
    """The keys (`_key`) of a pattern's anchor words, longest first."""
    return tuple(sorted({k for k in map(_key, anchors) if k}, key=lambda k: (-len(k), k)))


def anchor_rank(s: str, anchors: frozenset[str]) -> tuple[int, int]:
    """Where the normalised text `s` first has a word that begins with one of a pattern's
    `anchors` (Entry.parts): (that offset in `s` without soft signs, minus the length of the
    longest such anchor there); (len, 0) if none. Orders matches of one span
    (detect._in_order)."""
    t = s.replace("ь", "")
    best = (len(t), 0)
    for k in _keys_of(anchors):
        p = t.find(k)
        # the first place where k starts a word (no letter or digit before it)
        while p > 0 and _ALNUM.match(t, p - 1):
            p = t.find(k, p + 1)
        if p != -1 and (p, -len(k)) < best:
            best = (p, -len(k))
    return best


_ALNUM = re.compile(r"[^\W_]")


def _trigger(entries: list[Entry]) -> re.Pattern[str]:
    """One trie regex over the anchor words of `entries`, each at a word start (an exact one
    also at a word end), a soft sign in them optional."""
    stems: set[str] = set()
    exact: set[str] = set()
    for e in entries:
        for a in e.anchors:
            w, is_exact = _cut(a)
            (exact if is_exact else stems).add(w)
    branches = []
    if stems:
        branches.append(trie_regex(stems, soft=True))
    if exact:
        branches.append("(?:" + trie_regex(exact, soft=True) + r")(?![^\W_])")
    if not branches:
        return re.compile(r"(?!x)x")
    return re.compile(_BEFORE_WORD + "(?:" + "|".join(branches) + ")")


def _candidate_index(
    signals: list[Entry], modifiers: list[Entry]
) -> tuple[
    re.Pattern[str],
    dict[str, frozenset[int]],
    dict[str, frozenset[int]],
    tuple[Candidate, ...],
    tuple[frozenset[int], frozenset[int]],
]:
    """The candidate lookup of `Lexicon` (see there) over the patterns of the entries."""
    # (entry, regex, anchor keys, the anchor keys of each other required token, modifier?)
    pats: list[tuple[Entry, int, frozenset[str], list[frozenset[str]], bool]] = []
    keys: set[str] = set()
    for is_mod, group in ((False, signals), (True, modifiers)):
        for e in group:
            for j, ((_, anchors), req) in enumerate(zip(e.parts, e.requires, strict=True)):
                primary = frozenset(_key(a) for a in anchors)
                others: list[frozenset[str]] = []
                for r in req:
                    rk = frozenset(_key(a) for a in r)
                    if "" not in rk and rk != primary and rk not in others:
                        others.append(rk)
                        keys |= rk
                keys |= primary - {""}
                pats.append((e, j, primary, others, is_mod))
    keys.discard("")
    if not keys:
        return re.compile(r"(?!x)x"), {}, {}, (), (frozenset(), frozenset())
    prefixes = {g: {g[:i] for i in range(1, len(g) + 1)} & keys for g in keys}
    # the keys that begin with each key (itself included)
    extensions: dict[str, set[str]] = {g: set() for g in keys}
    for g, ps in prefixes.items():
        for p in ps:
            extensions[p].add(g)
    by_order: list[Candidate] = []
    tables: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})
    always: tuple[set[int], set[int]] = (set(), set())
    for order, (e, j, primary, others, is_mod) in enumerate(pats):
        requires = tuple(frozenset().union(*(extensions[k] for k in r)) for r in others)
        first = e.firsts[j] if e.firsts else None
        by_order.append(Candidate(order, e, j, e.parts[j][0], requires, first))
        if "" in primary:
            always[is_mod].add(order)
            continue
        for k in primary:
            for g in extensions[k]:
                tables[is_mod].setdefault(g, set()).add(order)
    signal_cands, modifier_cands = (
        {g: frozenset(table.get(g, ())) for g in keys} for table in tables
    )
    # the key is read in a lookahead, so that it consumes only the character before it
    rx = re.compile(_BEFORE_WORD + "(?=(" + trie_regex(keys) + "))")
    return (
        rx,
        signal_cands,
        modifier_cands,
        tuple(by_order),
        (frozenset(always[0]), frozenset(always[1])),
    )


def build_lexicon(files: dict[str, str]) -> Lexicon:
    """Compile lexicon files ({file name: TOML text}); raises LexiconError for a bad one."""
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
    modifiers = [e for e in entries if e.kind not in SIGNAL_KINDS + DEPARTURE_KINDS]
    words_rx, signal_cands, modifier_cands, by_order, always = _candidate_index(signals, modifiers)
    return Lexicon(
        entries=tuple(entries),
        modifiers=tuple(modifiers),
        version=",".join(versions),
        trigger=_trigger(signals),
        words_rx=words_rx,
        signal_cands=signal_cands,
        modifier_cands=modifier_cands,
        by_order=by_order,
        always=always,
        entry_index={e.id: i for i, e in enumerate(entries)},
        departures=tuple(e for e in entries if e.kind == "departure"),
        pretexts=tuple(e for e in entries if e.kind == "pretext"),
        goodbyes=tuple(e for e in entries if e.kind == "goodbye"),
        idioms=tuple(e for e in entries if e.kind == "idiom" and e.explains),
    )


def lexicon_files() -> dict[str, str]:
    pkg = resources.files("moderation") / "lexicon"
    return {
        p.name: p.read_text(encoding="utf-8") for p in pkg.iterdir() if p.name.endswith(".toml")
    }


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return build_lexicon(lexicon_files())
