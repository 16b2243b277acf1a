"""server/transport.py: the JSON of Socket.IO packets (PacketJson) reads and writes what the
standard library does, for every value a payload can hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.transport import JsonPacket, PacketJson

COMPACT = {"separators": (",", ":")}

# every value a payload can hold: text with any code point (lone surrogates included, which
# orjson refuses), integers beyond 64 bits (which it refuses too), finite floats, and keys
# that are not strings (which the standard library writes as strings)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
)
keys = st.text(max_size=12) | st.integers(min_value=-5, max_value=5)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_packets_hold_the_same_json_as_the_standard_library_writes(value: Any) -> None:
    written = PacketJson.dumps(value, **COMPACT)
    assert json.loads(written) == json.loads(json.dumps(value, **COMPACT))
    assert PacketJson.loads(written) == json.loads(written)


@pytest.mark.parametrize(
    "value",
    [
        ["message.new", {"text": "lone \ud800 surrogate"}],
        ["x", {1: "an integer key"}],
        ["x", 2**80],
    ],
)
def test_what_orjson_refuses_is_written_by_the_standard_library(value: Any) -> None:
    assert PacketJson.dumps(value, **COMPACT) == json.dumps(value, **COMPACT)


def test_text_is_written_as_utf8_and_packets_encode_with_it() -> None:
    packet = JsonPacket(2, namespace="/visitor", data=["message.new", {"text": "zażółć 🙂"}])
    assert packet.encode() == '2/visitor,["message.new",{"text":"zażółć 🙂"}]'


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[1,", "Expecting value"),
        ("[" + "9" * 101 + "]", "Integer is too large"),
        ('{"a": ' + "1" * 200 + "}", "Integer is too large"),
    ],
)
def test_reading_refuses_bad_json_and_integers_over_100_digits(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        PacketJson.loads(text)


def test_reading_takes_what_the_standard_library_takes() -> None:
    assert PacketJson.loads('[NaN, 1e400, "\\ud800", ' + "9" * 100 + "]")[1:] == [
        float("inf"),
        "\ud800",
        int("9" * 100),
    ]
