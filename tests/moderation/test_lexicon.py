"""The lexicon is data: every entry's examples must match it and its counter-examples must not."""

from __future__ import annotations

import tomllib

import pytest

from moderation import assess
from moderation.lexicon import (
    CATEGORIES,
    KINDS,
    MODIFIER_KINDS,
    LexiconError,
    build_lexicon,
    default_lexicon,
    lexicon_files,
)
from moderation.normalize import normalize

LEX = default_lexicon()
ENTRIES = list(LEX.entries)


def _matches(entry, text: str) -> bool:
    s, _ = normalize(text)
    return entry.regex.search(s) is not None


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_examples_match(entry):
    assert entry.examples, f"{entry.id} needs at least one example"
    missing = [x for x in entry.examples if not _matches(entry, x)]
    assert not missing, f"{entry.id} does not match its examples: {missing}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_counter_examples_do_not_match(entry):
    """A counter-example must not trigger the entry: either the phrase does not match, or
    the context (an idiom, a negation) in the lexicon cancels it in a full assessment."""
    assert entry.counter, f"{entry.id} needs at least one counter-example"
    if entry.kind in MODIFIER_KINDS:
        wrong = [x for x in entry.counter if _matches(entry, x)]
    else:
        wrong = [
            x
            for x in entry.counter
            if any(m.rule == entry.id and m.status == "active" for m in assess(x).matches)
        ]
    assert not wrong, f"{entry.id} matches its counter-examples: {wrong}"


def test_every_language_has_a_file_with_version():
    files = lexicon_files()
    for lang in ("pl", "en", "uk", "ru"):
        data = tomllib.loads(files[f"{lang}.toml"])
        assert data["language"] == lang
        assert data["version"]
    assert all(f"{lang}@" in LEX.version for lang in ("pl", "en", "uk", "ru"))


def test_entries_are_well_formed():
    for e in ENTRIES:
        assert e.kind in KINDS
        assert e.category in CATEGORIES or e.kind not in (
            "intent",
            "means",
            "plan",
            "event",
            "distress",
        )
        assert e.anchors, e.id
        assert 0 <= e.weight <= 4


def test_adding_a_phrase_needs_no_code():
    base = lexicon_files()
    extra = """
version = "test"
language = "pl"
[[entry]]
id = "test.new_phrase"
category = "self_harm"
kind = "intent"
weight = 3
patterns = ["zniknę ze świata"]
examples = ["chyba zniknę ze świata"]
counter = ["zniknę na chwilę"]
"""
    from moderation import assess

    lex = build_lexicon({**base, "zz_test.toml": extra})
    # the shipped lexicon has no phrase for it (the classifier may still escalate it)
    assert assess("chyba zniknę ze świata dziś w nocy").matches == ()
    # the new phrase is read (without diacritics too) and, with a time, is an intent for
    # tonight: imminent, which no classifier score overrules
    a = assess("chyba zniknę ze swiata dzis w nocy", lexicon=lex)
    assert a.escalate
    assert a.severity == "imminent"
    assert a.matches[0].rule == "test.new_phrase"
    # alone it is named too (the classifier may veto the escalation of so vague a phrase)
    assert assess("chyba zniknę ze swiata", lexicon=lex).matches[0].rule == "test.new_phrase"


@pytest.mark.parametrize(
    "bad",
    [
        'version="1"\nlanguage="pl"\n[[entry]]\nid="x"\nkind="bogus"\npatterns=["a"]',
        'version="1"\nlanguage="pl"\n[[entry]]\nid="x"\npatterns=["@NOPE"]',
        'version="1"\nlanguage="pl"\n[[entry]]\nid="x"\npatterns=[]',
        'version="1"\nlanguage="pl"\n[[entry]]\nid="x"\ncategory="weather"\npatterns=["a"]',
        "not toml at all [",
    ],
)
def test_bad_lexicon_files_are_refused_clearly(bad):
    with pytest.raises(LexiconError):
        build_lexicon({"bad.toml": bad})


def test_duplicate_ids_are_refused():
    f = 'version="1"\nlanguage="pl"\n[[entry]]\nid="x"\npatterns=["abc"]\n'
    with pytest.raises(LexiconError):
        build_lexicon({"a.toml": f, "b.toml": f})
