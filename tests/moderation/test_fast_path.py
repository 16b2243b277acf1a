"""The fast path of `assess` must decide exactly as the full pipeline does.

`plain_form` (the cheap normalisation used for most messages) must either give up (None) or
return exactly what the full normalisation returns; the lazily detected language of a "none"
assessment must be the detected language; candidate lookup must find every entry whose
pattern matches.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import random
import re
from pathlib import Path

import pytest

import moderation.detect as detect
import moderation.lexicon as lexicon_module
from moderation import Assessment, assess, assess_conversation, default_lexicon, detect_language
from moderation.classifier import default_classifier
from moderation.classifier import words as classifier_words
from moderation.lexicon import MODIFIER_KINDS
from moderation.normalize import normalize, normalize_full, plain_form

CORPUS = Path(__file__).parent / "corpus"

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "l": "|", "t": "7", "б": "6", "з": "3"}
_HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і", "x": "х", "y": "у", "и": "i"}
_DIA = {"a": "ą", "e": "ę", "l": "ł", "s": "ś", "z": "ż", "o": "ó", "n": "ń", "и": "і", "е": "є"}
_ODD = ["'", "\u200b", "_", "*", "!", "1", "ё", "й", "\t", "ｚ", "İ", "•", "/", "..", " "]


def _texts() -> list[str]:
    rng = random.Random(20251124)
    base: list[str] = []
    for p in sorted(CORPUS.glob("*.jsonl")):
        base += [
            json.loads(x)["text"] for x in p.read_text(encoding="utf-8").splitlines() if x.strip()
        ]
    out = list(base)
    for t in base:
        out.append("".join(_LEET.get(c, c) if rng.random() < 0.3 else c for c in t))
        out.append(
            "".join(c * rng.randint(1, 3) if c.isalpha() and rng.random() < 0.3 else c for c in t)
        )
        out.append("".join(_HOMO.get(c, c) if rng.random() < 0.3 else c for c in t))
        out.append("".join(_DIA.get(c, c) if rng.random() < 0.3 else c for c in t))
        words = t.split()
        j = rng.randrange(len(words))
        words[j] = rng.choice([" ", ".", "-", "*", " . "]).join(words[j])
        out.append(" ".join(words))
        w = [c.upper() if rng.random() < 0.5 else c for c in t]
        w.insert(rng.randrange(len(w) + 1), rng.choice(_ODD))
        out.append("".join(w))
    return out


TEXTS = _texts()


def test_plain_form_equals_full_normalisation():
    plain = 0
    for t in TEXTS:
        fast = plain_form(t)
        full, _ = normalize_full(t)
        if fast is not None:
            plain += 1
            assert fast == full, t
        assert normalize(t)[0] == full, t
    assert plain > len(TEXTS) // 3  # the fast path is actually used


def test_fast_offset_map_equals_full_pipeline():
    extra = [
        "don't",
        "a\tb",
        "ＡＢ",
        "kill💊",
        "straße",
        "ab\u0301c",
        "KILLLLL MYSELF",
        "повешуусьь",
    ]
    for t in TEXTS + extra:
        s, maps = normalize(t, with_map=True)
        ref_s, ref_maps = normalize_full(t, with_map=True)
        assert s == ref_s, t
        assert maps is not None
        assert ref_maps is not None
        assert list(maps[0]) == list(ref_maps[0]), t
        assert list(maps[1]) == list(ref_maps[1]), t


@pytest.mark.parametrize(
    "text",
    [
        "k i l l myself",
        "zab1ję się",
        "kіll myself",
        "ｚａｂｉｊę",
        "ki*ll",
        "chceeee",
        "don't",
        "İstanbul",
        "a\tb",
    ],
)
def test_rare_forms_take_the_full_path_or_agree(text):
    fast = plain_form(text)
    assert fast is None or fast == normalize_full(text)[0]


def test_candidates_cover_every_matching_entry():
    """Every signal entry whose regex matches the normalised text is among the candidates (and
    text the trigger lets pass matches none): the anchors are exact prefilters, whichever word
    of a pattern anchors it."""
    from moderation.detect import _candidates

    lex = default_lexicon()
    for t in TEXTS[:1500]:
        s, _ = normalize(t)
        cands = {id(rx) for _, rx in _candidates(lex, s)} if lex.triggers(s) else set()
        for e in lex.entries:
            if e.kind in MODIFIER_KINDS:
                continue
            for rx, _ in e.parts:
                m = rx.search(s)
                if m and m.end() > m.start():
                    assert id(rx) in cands, (t, e.id)


def test_read_reads_the_text_as_its_regexes_would(monkeypatch):
    """`Lexicon.read` reads a text piece by piece from a memory of pieces; its keys and its
    trigger are those of searching the key regex (soft signs dropped) and the trigger regex in
    the whole text, its words the classifier's words of the text: on texts made of anchor keys
    and words glued by every kind of character (digits, "&", emoji, soft signs, underscores,
    white space), with the memory cleared as it fills, and on the corpus texts in every
    variant."""
    lex = default_lexicon()
    keys = sorted(lex.signal_cands)
    rng = random.Random(7)
    glue = [" ", "  ", "\t", "\n", "-", "_", ".", ",", "2", "13", "&", "#", "😂", "ь", "x", "й"]
    glue += ["https://forum.example/t/" + "abc" * 25 + "?kill=1", "ą" * 70]  # long pieces
    samples = [normalize(t)[0] for t in TEXTS[:3000]]
    for _ in range(6000):
        samples.append(
            "".join(
                rng.choice(keys) if rng.random() < 0.6 else rng.choice(glue)
                for _ in range(rng.randint(0, 10))
            )
        )

    def expected(s: str) -> tuple[frozenset[str], bool]:
        t = s.replace("ь", "")
        return frozenset(lex.words_rx.findall(" " + t)), lex.trigger.search(" " + s) is not None

    for size in (100_000, 50):  # the second: the memory starts again every few texts
        lex._pieces.clear()
        monkeypatch.setattr(lexicon_module, "_PIECE_MEMO_SIZE", size)
        for s in samples:
            found, words = lex.read(s)
            assert (found.keys, found.triggered) == expected(s), s
            assert words == classifier_words(s), s
            assert lex.find(s) == found
            assert len(lex._pieces) <= size
        # a long piece, or one of many keys and words, is read, not remembered
        assert max(map(len, lex._pieces)) <= lexicon_module._PIECE_MEMO_MAX_CHARS
        assert all(
            len(k) + len(w) <= lexicon_module._PIECE_MEMO_MAX_PARTS
            for k, w, _ in lex._pieces.values()
        )
    # the triggers of a few texts, by hand
    assert lex.triggers("how and when to do it")
    assert not lex.triggers("")
    assert lex.find("").keys == frozenset()


def test_lazy_language_of_a_none_assessment():
    for text in [
        "hello, how are you",
        "dzień dobry, mam pytanie",
        "привіт, як справи",
        "привет, как дела",
        "",
        "123",
    ]:
        a = assess(text)
        assert a.severity == "none"
        assert not a.escalate
        assert a.language == detect_language(text)
        assert isinstance(a, Assessment)
        plain = Assessment("none", False, (), (), detect_language(text))
        assert a == plain
        assert plain == a
        assert hash(a) == hash(plain)
        # the classifier's score differs (it is no part of equality): the rest is the same
        assert {**a.to_dict(), "score": 0.0} == plain.to_dict()
        assert {**dataclasses.asdict(a), "score": 0.0} == dataclasses.asdict(plain)
        assert pickle.loads(pickle.dumps(a)) == plain
        b = dataclasses.replace(a, severity="concern")
        assert type(b) is Assessment
        assert b.severity == "concern"
        assert b.language == a.language
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.severity = "high"  # type: ignore[misc]
    assert assess("hello", lang="uk").language == "uk"


def test_reflexive_ending_is_folded_on_both_sides():
    """-сь and -ся meet (прокинутись = прокинутися), in the text and in lexicon literals."""
    assert normalize("прокинутись")[0] == normalize("прокинутися")[0]
    for text in [
        "яяя повешуусьь",
        "хочу заснути і не прокинутись",
        "подруга пише що наковталась таблеток",
        "сегодня вскроюсь",
    ]:
        a = assess(text)
        assert a.escalate, text
        for m in a.matches:
            assert text[m.start : m.end] == m.phrase


def test_conversation_runs_read_from_parts_decide_as_reading_them_in_full(monkeypatch):
    """assess_conversation reads the runs of quiet messages (plain, no lexicon anchor, no ru/uk
    word in Latin letters) from the classifier parts of each message: on windows of 2 to 5
    corpus messages (escalations, idioms, noise variants) and on the held-out conversations it
    must give exactly what reading every run in full gives."""
    rng = random.Random(20261201)
    texts = _texts()
    windows = [[rng.choice(texts) for _ in range(rng.randint(2, 5))] for _ in range(1500)]
    for p in sorted((CORPUS.parent / "heldout").glob("conversations*.jsonl")):
        windows += [
            json.loads(x)["messages"]
            for x in p.read_text(encoding="utf-8").splitlines()
            if x.strip()
        ]

    fast = _conversation_readings(windows, True, monkeypatch)
    full = _conversation_readings(windows, False, monkeypatch)
    assert fast == full
    assert sum(s[0] != "none" for s in full) > 100  # the windows hold real crisis runs


def test_a_phrase_split_across_two_messages_is_read_as_in_full(monkeypatch):
    """Every example of the lexicon cut in two at each space ("i dont" … "want to live
    anymore", "jumping in front of" … "a train"): reading the runs from the messages' parts
    must find what reading them in full finds. The first part alone often starts no signal
    pattern, but its words may be a pattern's other words: its anchor keys count too (the
    shortcut once left them out and read 794 of these 7,762 conversations as no crisis)."""
    windows = []
    for e in default_lexicon().entries:
        for example in e.examples:
            words = example.split()
            windows += [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    assert len(windows) > 5000
    fast = _conversation_readings(windows, True, monkeypatch)
    full = _conversation_readings(windows, False, monkeypatch)
    # two readings a window (new_risk_only off, on)
    missed = [windows[i // 2] for i, (a, b) in enumerate(zip(fast, full, strict=True)) if a != b]
    assert not missed, missed[:5]
    # and the split phrases are found: a crisis said in two messages escalates, in the server too
    assert fast[2 * windows.index(["i dont", "want to live anymore"]) + 1][1]


def _conversation_readings(
    windows: list[list[str]], from_parts: bool, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[object, ...]]:
    """What assess_conversation says of each window (both modes), with RUNS_FROM_PARTS set."""
    monkeypatch.setattr(detect, "RUNS_FROM_PARTS", from_parts)
    detect._assess_shipped.cache_clear()
    out = []
    for w in windows:
        for new_only in (False, True):
            a = assess_conversation(w, new_risk_only=new_only)
            out.append(
                (
                    a.severity,
                    a.escalate,
                    a.categories,
                    a.matches,
                    a.detected_by,
                    a.contributing,
                    round(a.score, 9),
                )
            )
    return out


def test_run_score_is_the_score_of_the_joined_texts():
    clf = default_classifier()
    rng = random.Random(7)
    texts = [plain_form(t) or normalize(t)[0] for t in _texts()[:3000]] + ["", "!!!", "a"]
    for _ in range(2000):
        run = [rng.choice(texts) for _ in range(rng.randint(1, 5))]
        joined = clf.score(" \n ".join(run))
        parts = [clf.parts(t) for t in run]
        assert abs(clf.run_score(parts) - joined) < 1e-9
        # and every run ending with the last text, in one pass
        suffixes = clf.suffix_scores(parts)
        assert len(suffixes) == len(run)
        for k in range(1, len(run) + 1):
            assert abs(suffixes[k - 1] - clf.score(" \n ".join(run[-k:]))) < 1e-9


def test_the_normalised_window_is_its_messages_normalised_texts_joined():
    """`_no_signal_pattern` searches the window's messages' remembered normalised texts joined
    by the separator instead of normalising the joined window: the same string, as long as
    normalisation never reaches across the white space between messages (odd forms, leetspeak,
    split letters and blank or symbol-only messages included)."""
    rng = random.Random(20261201)
    texts = [*TEXTS, "  ", "...", "😀", "—", "k", "s u i c i d e", "a\n\nb", "ok\u00a0ok"]
    for _ in range(3000):
        msgs = rng.sample(texts, rng.randint(2, detect.CONTEXT_MESSAGES))
        joined = detect._SEP.join(msgs)
        expected = normalize_full(joined)[0]
        assert detect._norm_text(joined) == expected
        assert detect._SEP.join(detect._norm_text(m) for m in msgs) == expected, msgs


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        (r"(?<!\w)(?:ab|cd)x", "ac"),
        (r"a?b", "ab"),
        (r"(?:a|)b", "ab"),
        (r"(?:[a-c]x)+", "abc"),
        (r"(?:a?)?b", "ab"),
        (r"(?=x)ab", "a"),
        (r"(?<!\d)(?:[1-9]\d|1[0-9])(?!\d)", "123456789"),
        (r"\wa", None),  # a class of no listed characters
        (r"[^a]b", None),
        (r".b", None),
        (r"a*", None),  # may match empty
        (r"(?:a|)", None),
        (r"(?i)ab", None),  # "A" too
        (r"(?i:a)b", None),
        (r"\b", None),
    ],
)
def test_first_chars_of_a_pattern(pattern, first):
    """`first_chars`: the characters every match begins with, or None when not known."""
    from moderation.lexicon import first_chars

    assert first_chars(pattern) == (None if first is None else frozenset(first))


def test_seekers_find_where_every_pattern_first_matches():
    """`Lexicon.seeker(c)` starts where `c.regex` first matches (the fast path searches the
    seeker, then reads the matches from there): for every pattern of the shipped lexicon, in
    texts it matches (its entry's examples and counter-examples, alone, after a letter, after
    punctuation, after other text) and in corpus texts, which it mostly does not."""
    lex = default_lexicon()
    samples = [normalize(t)[0] for t in TEXTS[:150]]
    faster = 0
    for c in lex.by_order:
        seek = lex.seeker(c)
        faster += seek is not c.regex
        own = [normalize(x)[0] for x in (*c.entry.examples, *c.entry.counter)]
        glued = [p + s for s in own for p in ("x", "ą", "7", ". ", "_")]
        after = [samples[i % len(samples)] + " \n " + s for i, s in enumerate(own)]
        for s in [*samples, *own, *glued, *after]:
            m, f = c.regex.search(s), seek.search(s)
            assert (m and m.start()) == (f and f.start()), (c.entry.id, c.part, s)
            if f is not None:
                every = [x.span() for x in c.regex.finditer(s)]
                assert [x.span() for x in c.regex.finditer(s, f.start())] == every
    assert faster >= 0.95 * len(lex.by_order)  # the shipped patterns begin with known letters


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    """A random regex over the letters a-d, of the constructs `first_chars` reads (literals,
    sets, ranges, alternatives, groups, optional and repeated parts, look-arounds) and of some
    it gives up on (\\w, ., negated sets, case-insensitive groups)."""
    parts = []
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(14 if depth < 2 else 6)
        if k <= 2:
            parts.append(rng.choice("abcd"))
        elif k == 3:
            parts.append(rng.choice(["[ab]", "[b-d]", "[^a]", r"\w", ".", r"\d", "[a-c]"]))
        elif k == 4:
            parts.append(rng.choice([r"(?<!\w)", r"(?!\w)", r"\b", "(?<=a)", "(?=b)", "^"]))
        elif k == 5:
            parts.append(rng.choice([" ", "-", r"[\W_]+"]))
        elif k <= 8:
            alts = [_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))]
            parts.append("(?:" + "|".join(alts) + ")")
        elif k == 9:
            parts.append("(?i:" + _random_pattern(rng, depth + 1) + ")")
        else:
            body = "(?:" + _random_pattern(rng, depth + 1) + ")"
            parts.append(body + rng.choice(["?", "*", "+", "{0,2}", "{1,3}", "??", "+?"]))
    return "".join(parts)


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [(r"(a)\1", 0), (r"(?P<n>a)(?P=n)", 0), (r"(?s)a.", 0), (r"(?m)^a", 0), ("a # x", re.X)],
)
def test_a_pattern_no_seeker_can_hold_is_its_own_seeker(pattern, flags):
    """A back-reference, an inline flag, verbose mode: `seek_regex` gives the pattern itself
    (found by an attack review: the seeker failed to compile)."""
    from moderation.lexicon import seek_regex

    rx = re.compile(pattern, flags)
    assert seek_regex(rx) is rx


def test_seekers_of_random_patterns_find_their_first_match():
    """`seek_regex` on random patterns (`_random_pattern`) in random texts of the same letters,
    spaces, dashes and capitals: its search starts where the pattern's first match starts, and
    `first_chars` is None or names every character a match began with."""
    from moderation.lexicon import first_chars, seek_regex

    rng = random.Random(11)
    texts = [
        "".join(rng.choice("aabbccdd -A_B\n") for _ in range(rng.randint(0, 30))) for _ in range(60)
    ]
    faster = 0
    for _ in range(3000):
        rx = re.compile(_random_pattern(rng))
        seek = seek_regex(rx)
        faster += seek is not rx
        first = first_chars(rx.pattern)
        for s in texts:
            m, f = rx.search(s), seek.search(s)
            assert (m and m.start()) == (f and f.start()), (rx.pattern, s)
            for x in rx.finditer(s):
                if x.end() > x.start():
                    assert first is None or s[x.start()] in first, (rx.pattern, s)
    assert faster > 500  # most random patterns begin with known characters
