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
from hypothesis import given, settings
from hypothesis import strategies as st

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
    detect._assess_shipped_run.cache_clear()
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
    clf = default_classifier().for_runs()  # the model that reads runs of messages
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
        # the best run of two or more, as assess_conversation's quiet windows ask for it
        if len(run) >= 2:
            assert clf.best_suffix_score(parts) == max(suffixes[1:])
    with pytest.raises(ValueError, match="empty"):
        clf.best_suffix_score([clf.parts("a")])


_ASCII_KEY = re.compile(r"[^A-Za-z]+")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=40))
def test_a_repeat_key_is_its_words_joined(text):
    """`_repeat_key` (what tells a message from a repeat of it: `_distinct`) is its runs of
    letters, casefolded and joined by one space, else its text but for white space: the
    ASCII form (a byte table) and the general one (a regex) say the same."""
    key = detect._repeat_key.__wrapped__(text)
    rx = _ASCII_KEY if text.isascii() else detect._NOT_LETTERS
    assert key == (rx.sub(" ", text).strip().casefold() or " ".join(text.split()))
    if text.isascii():
        assert key == (
            detect._NOT_LETTERS.sub(" ", text).strip().casefold() or " ".join(text.split())
        )


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


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [(r"(a)\1", 0), (r"(?P<n>a)(?P=n)", 0), (r"(?s)a.", 0), (r"(?m)^a", 0), ("a # x", re.X)],
)
def test_a_pattern_no_seeker_can_hold_is_its_own_seeker(pattern, flags):
    """A back-reference, an inline flag, verbose mode: `seek_regex` gives the pattern itself
    (found by an attack review: the seeker failed to compile), as it does for a pattern whose
    first characters are not known."""
    from moderation.lexicon import seek_regex

    rx = re.compile(pattern, flags)
    assert seek_regex(rx, frozenset("a")) is rx
    assert seek_regex(re.compile("ab"), None).pattern == "ab"


def _random_token(rng: random.Random) -> str:
    """A token of the lexicon's pattern syntax (moderation/lexicon.py) over a few letters and
    the soft sign: words, stems, alternatives, multi-word and glued ("a+b") alternatives,
    numbers."""

    def word() -> str:
        return "".join(rng.choice("abcdь") for _ in range(rng.randint(1, 3)))

    def alt() -> str:
        k = rng.randrange(8)
        if k == 0:
            return f"#{rng.choice([0, 1, 5, 12, 30])}"
        if k == 1:
            return word() + "_" + word()
        if k == 2:
            return word() + "+" + word()
        return word() + ("*" if rng.random() < 0.3 else "")

    return "|".join(alt() for _ in range(rng.randint(1, 3)))


def test_seekers_of_random_lexicon_patterns_find_their_first_match():
    """Lexicons of random patterns in the lexicon's syntax (`_random_token`, with optional
    tokens and gaps after the first): each pattern's seeker starts where the pattern first
    matches in random texts of the same letters, digits, soft signs and separators, and every
    match begins with a character the compiler named (`Candidate.first`)."""
    rng = random.Random(11)
    texts = [
        "".join(
            rng.choice(["a", "b", "c", "d", "ь", " ", "-", "1", "2", "9", "0", "ab", "x"])
            for _ in range(rng.randint(0, 25))
        )
        for _ in range(80)
    ]
    faster = total = 0
    for n in range(60):
        entries = []
        for i in range(30):
            toks = [_random_token(rng)]
            for _ in range(rng.randint(0, 3)):
                gap = f"~{rng.randint(1, 2)} " if rng.random() < 0.2 else ""
                toks.append(gap + ("?" if rng.random() < 0.2 else "") + _random_token(rng))
            toks.append(rng.choice(["ab", "cd*", "bad|dab"]))  # a pattern needs a literal anchor
            pattern = " ".join(toks)
            entries.append(
                f'[[entry]]\nid="r{n}.{i}"\nkind="intent"\npatterns={json.dumps([pattern])}\n'
            )
        lex = lexicon_module.build_lexicon(
            {"r.toml": 'version="1"\nlanguage="en"\n' + "".join(entries)}
        )
        for c in lex.by_order:
            seek = lex.seeker(c)
            total += 1
            faster += seek is not c.regex
            for t in texts:
                m, f = c.regex.search(t), seek.search(t)
                assert (m and m.start()) == (f and f.start()), (c.entry.patterns, t)
                for x in c.regex.finditer(t):
                    if x.end() > x.start():
                        assert c.first is None or t[x.start()] in c.first, (c.entry.patterns, t)
    assert faster > total // 2  # most patterns begin with known characters
    # by hand: any digit (#0 is \\d+), an optional soft sign, a number, glued pieces
    for pattern, text in [
        ("#0|ab cd", "0 cd"),
        ("ьза кот", "за кот"),
        ("#5 b", "7 b"),
        ("x+y z", "xy z"),
    ]:
        toml = f'version="1"\nlanguage="en"\n[[entry]]\nid="x"\npatterns=["{pattern}"]\n'
        (c,) = lexicon_module.build_lexicon({"h.toml": toml}).by_order
        assert c.regex.search(text) is not None, pattern
        assert lexicon_module.seek_regex(c.regex, c.first).search(text) is not None, pattern
