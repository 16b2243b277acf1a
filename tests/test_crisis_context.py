"""Issue 20: risk that builds across a visitor's messages, and which detector fired, through a
real socket (the escalation payload's `detected_by`, `message_ids` and `matches[].message_id`)."""

from __future__ import annotations

from moderation import assess
from tests.conftest import LiveServer

FIRST = "mam w domu całe opakowanie tabletek nasennych"
SECOND = "dziś w nocy wezmę wszystkie"


async def test_risk_built_across_messages_names_every_message(live_server: LiveServer) -> None:
    assert not assess(FIRST).escalate  # neither message alone is what escalates here
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


# a farewell told in pieces: no message alone is an unmistakable crisis, together they are
FAREWELL = [
    "oddałam dziś kota siostrze, obiecała że się nim zajmie",
    "napisałam listy do mamy i brata, leżą w szufladzie",
    "i tak nikt nie zauważy że mnie nie ma",
]
# its harmless counterpart: the same kind of words, a move abroad
MOVING = [
    "wyjeżdżam na rok do Berlina",
    "kot zostaje u siostry, rower oddałam kumplowi",
    "strasznie się cieszę, czy tam też robicie testy?",
]


async def test_a_farewell_told_in_pieces_escalates_and_names_every_piece(
    live_server: LiveServer,
) -> None:
    assert not any(assess(t).escalate for t in FAREWELL)
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    sent = [await visitor.send(t) for t in FAREWELL]
    assert all(s["ok"] for s in sent)
    ids = [s["message"]["id"] for s in sent]
    alert = await marta.log.wait_for("escalation.new")
    # raised by the message that completed it, naming every piece (oldest first)
    assert alert["message_id"] in ids[1:]
    upto = ids.index(alert["message_id"]) + 1
    assert alert["message_ids"] == ids[:upto]
    assert "self_harm" in alert["categories"]
    for m in alert["matches"]:
        text = FAREWELL[ids.index(m["message_id"])]
        assert text[m["start"] : m["end"]] == m["phrase"]


async def test_its_harmless_counterpart_raises_nothing(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    for t in MOVING:
        sent = await visitor.send(t)
        assert sent["ok"]
    await live_server.sentinel_in_own_chat(marta)
    assert marta.log.of("escalation.new") == []
