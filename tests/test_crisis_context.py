"""Issue 20: risk that builds across a visitor's messages, and which detector fired, through a
real socket (the escalation payload's `detected_by`, `message_ids` and `matches[].message_id`)."""

from __future__ import annotations

from typing import Any

from moderation import assess
from tests.conftest import LiveServer

# "tabletek nasennych" escalates alone since model 2026.10 (0.84: a means named in full), and
# "dziś w nocy wezmę wszystkie" since 2026.11 (0.97)
FIRST = "mam w domu całe opakowanie nasennych"
SECOND = "w nocy łyknę całe"


async def test_risk_built_across_messages_names_every_message(live_server: LiveServer) -> None:
    # neither message alone is what escalates here
    assert not assess(FIRST).escalate
    assert not assess(SECOND).escalate
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    hello = await visitor.send("hej")
    first = await visitor.send(FIRST)
    second = await visitor.send(SECOND)
    assert hello["ok"]
    assert first["ok"]
    assert second["ok"]
    alert = await marta.log.wait_for("escalation.new")
    assert alert["message_id"] == second["message"]["id"]
    assert alert["message_ids"] == [first["message"]["id"], second["message"]["id"]]
    assert alert["detected_by"]
    assert set(alert["detected_by"]) <= {"lexicon", "classifier"}
    for m in alert["matches"]:
        assert m["message_id"] in alert["message_ids"]
        text = FIRST if m["message_id"] == first["message"]["id"] else SECOND
        assert text[m["start"] : m["end"]] == m["phrase"]


async def test_a_single_crisis_message_names_itself_and_the_lexicon(
    live_server: LiveServer,
) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    await visitor.send("dzień dobry, mam pytanie o testy")
    sent = await visitor.send("nie chce juz zyc, mam tabletki i zrobie to dzis")
    alert = await marta.log.wait_for("escalation.new")
    assert alert["message_ids"] == [sent["message"]["id"]]
    assert "lexicon" in alert["detected_by"]
    assert all(m["message_id"] == sent["message"]["id"] for m in alert["matches"])


async def test_manual_escalation_has_no_detector(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    await visitor.send("hej, mam pytanie")
    raised = await marta.call(
        "escalation.raise", {"conversation_id": visitor.conversation_id, "reason": "worried"}
    )
    assert raised["ok"]
    assert raised["escalation"]["detected_by"] == []
    assert raised["escalation"]["message_ids"] == []


# a medical emergency told in pieces: no message alone is an unmistakable crisis (as typed,
# without diacritics), together they are ("nie reaguje jak do niego mowie", the third piece
# until model 2026.7, escalates alone since 2026.8: a child who does not respond; "wysoka
# goraczka" and "wywraca oczami i sie trzesie" in one message escalate alone since 2026.10;
# "synek ma od wczoraj goraczke", the first piece until 2026.11, is a known false alarm of
# 2026.12: tests/moderation/test_known_false_alarms.py)
SEIZURE = [
    "synek od wczoraj goraczkuje",
    "teraz dziwnie wywraca oczami",
    "i sie caly trzesie",
]
# its harmless counterpart: a child with a cold
COLD = [
    "synek ma od wczoraj lekki katar",
    "je normalnie i sie bawi",
    "czy moze jutro isc do przedszkola?",
]


async def test_symptoms_told_in_pieces_escalate_and_name_every_piece(
    live_server: LiveServer,
) -> None:
    ids, alert = await _send_pieces(live_server, SEIZURE)
    # raised by the message that completed it — the second or the third: model 2026.4 reads a
    # fever then eyes rolling and shaking as enough — naming every piece up to it (oldest
    # first), never a piece alone
    k = ids.index(alert["message_id"])
    assert k >= 1
    assert alert["message_ids"] == ids[: k + 1]
    assert "medical" in alert["categories"]
    assert alert["detected_by"]
    _assert_phrases_point_into_their_messages(alert, SEIZURE, ids)


async def test_its_harmless_counterpart_raises_nothing(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    await marta.on_duty(capacity=1)
    visitor = await live_server.visitor()
    for t in COLD:
        assert (await visitor.send(t))["ok"]
    taken = await marta.call("queue.take", {})
    cid = taken["conversation"]["id"]
    # a sentinel: events to one socket arrive in order, so an alert raised by any message
    # above would have reached marta before this message does
    assert (await visitor.send("dziekuje"))["ok"]
    await marta.log.wait_for(
        "message.new", lambda m: m["text"] == "dziekuje" and m["conversation_id"] == cid
    )
    assert marta.log.of("escalation.new") == []


# a crisis phrase typed in two messages, neither of which starts a crisis phrase alone
SPLIT = ["chce skonczyc", "ze soba"]


async def test_a_phrase_split_across_two_messages_escalates(live_server: LiveServer) -> None:
    ids, alert = await _send_pieces(live_server, SPLIT)
    assert alert["message_id"] == ids[1]
    assert alert["message_ids"] == ids
    assert "self_harm" in alert["categories"]
    assert "lexicon" in alert["detected_by"]
    assert {m["message_id"] for m in alert["matches"]} == set(ids)
    _assert_phrases_point_into_their_messages(alert, SPLIT, ids)


async def _send_pieces(
    live_server: LiveServer, pieces: list[str]
) -> tuple[list[str], dict[str, Any]]:
    """A supervisor on the line and a visitor who sends `pieces` (none of which escalates
    alone) one by one: the stored message ids and the supervisor's `escalation.new`."""
    assert not any(assess(t).escalate for t in pieces)
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    sent = [await visitor.send(t) for t in pieces]
    assert all(s["ok"] for s in sent)
    alert = await marta.log.wait_for("escalation.new")
    return [s["message"]["id"] for s in sent], alert


def _assert_phrases_point_into_their_messages(
    alert: dict[str, Any], pieces: list[str], ids: list[str]
) -> None:
    """Every matched phrase of the alert is the text at its offsets in the message it names."""
    for m in alert["matches"]:
        text = pieces[ids.index(m["message_id"])]
        assert text[m["start"] : m["end"]] == m["phrase"]
