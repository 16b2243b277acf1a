"""What supervisors teach the crisis detector (issue 20 item 5): a false alarm resolved as such,
or a conversation escalated by hand whose last message the detector rated lower, leaves one
lexicon review item with the text redacted; supervisors list, mark and export the items (in the
corpus format); the retention purge and the visitor's erasure delete them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import bench.crisis_corpus as crisis_corpus
import bench.crisis_eval as crisis_eval
from server.actions.privacy import do_purge
from server.clock import FakeClock
from server.db.models import LexiconReviewItem
from server.settings import Settings, SettingsError
from tests.conftest import LiveServer
from tests.test_privacy import audit
from tests.test_supervisor_pages import browser_session, get

PHONE = "+48 601 234 567"
CRISIS_EN = f"I want to kill myself tonight, I have the pills ready. My number is {PHONE}"
CALM_PL = "hej, chciałem tylko pogadać, mój numer to 601 234 567"


async def items(server: LiveServer) -> list[LexiconReviewItem]:
    async with server.svc.db.read() as s:
        return list(
            (
                await s.execute(select(LexiconReviewItem).order_by(LexiconReviewItem.created_at))
            ).scalars()
        )


async def false_alarm(server: LiveServer, supervisor: Any, text: str = CRISIS_EN) -> str:
    """A visitor's message escalates automatically and `supervisor` resolves it as a false
    alarm. Returns the conversation id."""
    visitor = await server.visitor(lang="en")
    assert (await visitor.send(text))["ok"]
    alert = await supervisor.log.wait_for(
        "escalation.new", lambda e: e["conversation_id"] == visitor.conversation_id
    )
    done = await supervisor.call(
        "escalation.resolve", {"escalation_id": alert["id"], "outcome": "false_alarm"}
    )
    assert done["ok"]
    return str(visitor.conversation_id)


async def missed(server: LiveServer, networker: Any, text: str = CALM_PL) -> tuple[Any, str]:
    """`networker` (on duty) takes a new visitor's chat whose message does not escalate, and
    escalates it by hand. Returns (the visitor, the conversation id)."""
    visitor = await server.visitor(lang="pl")
    assert (await visitor.send(text))["ok"]
    cid = str((await networker.call("queue.take", {}))["conversation"]["id"])
    raised = await networker.call(
        "escalation.raise", {"conversation_id": cid, "reason": "Pisze o tym w poprzednim czacie"}
    )
    assert raised["ok"]
    return visitor, cid


async def test_a_false_alarm_leaves_one_redacted_item(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor", name="Marta")
    cid = await false_alarm(live_server, marta)
    [item] = await items(live_server)
    assert item.kind == "false_alarm"
    assert item.verdict == "no_escalate"
    assert item.conversation_id == cid
    assert item.status == "new"
    assert item.lang == "en"
    # the text is redacted; the stored message is not (the networker must read it)
    assert "601" not in item.text
    assert "[phone]" in item.text
    assert item.text.startswith("I want to kill myself tonight")
    # the detector's verdict: what fired, and the classifier's score
    assert item.detector["severity"] in ("high", "imminent")
    assert "self_harm" in item.detector["categories"]
    assert item.detector["phrases"]
    assert item.detector["detected_by"]
    assert 0 <= item.detector["score"] <= 1
    [resolved] = await audit(live_server, "escalation.resolve")
    assert resolved.details["lexicon_review_item"] == item.id

    # another outcome teaches nothing: no item
    visitor = await live_server.visitor(lang="en")
    await visitor.send("I want to die, I will jump off the bridge tonight")
    alert = await marta.log.wait_for(
        "escalation.new", lambda e: e["conversation_id"] == visitor.conversation_id
    )
    assert (
        await marta.call(
            "escalation.resolve", {"escalation_id": alert["id"], "outcome": "safety_plan"}
        )
    )["ok"]
    assert len(await items(live_server)) == 1


async def test_a_manual_escalation_of_a_lower_rated_message_leaves_one_item(
    live_server: LiveServer,
) -> None:
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=2)
    _, cid = await missed(live_server, ania)
    [item] = await items(live_server)
    assert item.kind == "missed"
    assert item.verdict == "escalate"
    assert item.conversation_id == cid
    assert item.lang == "pl"
    assert item.detector["severity"] in ("none", "concern")
    assert "601 234 567" not in item.text
    assert item.text == "hej, chciałem tylko pogadać, mój numer to [phone]"
    [raised] = await audit(live_server, "escalation.raise")
    assert raised.details == {"lexicon_review_item": item.id}

    # escalating the same chat again (its escalation is open) adds nothing
    again = await ania.call("escalation.raise", {"conversation_id": cid, "reason": "jeszcze raz"})
    assert again["ok"]
    assert len(await items(live_server)) == 1

    # a message the detector escalated itself is no lesson: escalating it by hand adds nothing
    crisis = await live_server.visitor(lang="en")
    await crisis.send("I want to kill myself tonight")
    taken = await ania.call("queue.take", {})
    assert taken["conversation"]["id"] == crisis.conversation_id
    assert (
        await ania.call(
            "escalation.raise", {"conversation_id": crisis.conversation_id, "reason": "x"}
        )
    )["ok"]
    assert len(await items(live_server)) == 1


async def test_the_purge_deletes_items_past_their_retention(server_factory: Any) -> None:
    clock = FakeClock()
    # the test purges itself (the node's own tick must not do it first)
    server = await server_factory(
        clock=clock, retention_lexicon_review_days=3, presence_interval=1e9
    )
    marta = await server.staff("marta", role="supervisor")
    await false_alarm(server, marta)
    clock.advance(timedelta(days=2).total_seconds())
    # (marta's session has expired meanwhile: a colleague signs in)
    ola = await server.staff("ola", role="supervisor")
    await false_alarm(server, ola, "I'm going to end my life tonight, I have a rope")
    assert len(await items(server)) == 2

    clock.advance(timedelta(days=1, seconds=1).total_seconds())  # the first: 3 days and 1 s
    dry = await do_purge(server.svc, dry_run=True)
    assert dry.lexicon_review_items == 1
    assert len(await items(server)) == 2  # a dry run deletes nothing
    report = await do_purge(server.svc)
    assert report.lexicon_review_items == 1
    [left] = await items(server)
    assert "rope" in left.text
    [entry] = await audit(server, "retention.purge")
    assert entry.details["lexicon_review_items"] == 1
    clock.advance(timedelta(days=2).total_seconds())
    assert (await do_purge(server.svc)).lexicon_review_items == 1
    assert await items(server) == []


def test_the_retention_is_at_most_30_days() -> None:
    assert Settings.model_fields["retention_lexicon_review_days"].default == 30
    with pytest.raises(SettingsError, match="NETREACH_RETENTION_LEXICON_REVIEW_DAYS"):
        Settings(retention_lexicon_review_days=31)


async def test_the_visitors_erasure_deletes_their_items(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=2)
    visitor, _ = await missed(live_server, ania)
    assert len(await items(live_server)) == 1
    erased = await visitor.call("case.erase", {})
    assert erased["ok"]
    assert await items(live_server) == []


async def test_supervisors_mark_filter_and_export_in_the_corpus_format(
    live_server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=3)
    # (the chats escalated by hand first: queue.take would take the urgent one first)
    await missed(live_server, ania)
    await missed(live_server, ania, "dzień dobry, mam pytanie o testy na HIV")
    await false_alarm(live_server, marta)
    by_kind = {i.kind: i for i in await items(live_server)}
    dismissed = [i for i in await items(live_server) if i.kind == "missed"][-1]

    async with browser_session(live_server, "szefowa", role="supervisor") as (http, csrf):
        base = f"{live_server.url}/supervisor/lexicon-review"
        status, page, _ = await get(http, base)
        assert status == 200
        assert page.count("data-item=") == 3  # the new ones
        # no part of the number (not "601" alone: a timestamp's microseconds may hold it)
        assert not any(part in page for part in ("601 234", "234 567", "601234"))
        assert "[phone]" in page
        status, page, _ = await get(http, f"{base}?kind=missed")
        assert page.count("data-item=") == 2
        assert by_kind["false_alarm"].id not in page
        status, page, _ = await get(http, f"{base}?kind=bogus")
        assert status == 400
        assert 'id="lexicon-error"' in page

        for item_id, target in (
            (by_kind["false_alarm"].id, "reviewed"),
            (dismissed.id, "dismissed"),
        ):
            async with http.post(
                f"{base}/status",
                data={"csrf_token": csrf, "item_id": item_id, "status": target, "kind": ""},
                allow_redirects=False,
            ) as r:
                assert r.status == 303
                assert r.headers["Location"].endswith(f"done={target}")
        # bad input: a clear refusal, nothing changed
        async with http.post(
            f"{base}/status",
            data={"csrf_token": csrf, "item_id": dismissed.id, "status": "deleted"},
            allow_redirects=False,
        ) as r:
            assert r.status == 400
        async with http.post(
            f"{base}/status",
            data={"csrf_token": csrf, "item_id": "x_nothing", "status": "reviewed"},
            allow_redirects=False,
        ) as r:
            assert r.status == 404
        status, page, _ = await get(http, f"{base}?status=reviewed")
        assert page.count("data-item=") == 1

        async with http.get(f"{base}/export?status=") as r:
            assert r.status == 200
            assert r.headers["Content-Type"].startswith("application/x-ndjson")
            assert "attachment" in r.headers["Content-Disposition"]
            assert r.headers["Cache-Control"] == "no-store"
            body = await r.text()

    statuses = {i.id: i.status for i in await items(live_server)}
    assert statuses[by_kind["false_alarm"].id] == "reviewed"
    assert statuses[dismissed.id] == "dismissed"
    assert {a.subject for a in await audit(live_server, "lexicon_review.reviewed")} == {
        by_kind["false_alarm"].id
    }
    assert [a.subject for a in await audit(live_server, "lexicon_review.dismissed")] == [
        dismissed.id
    ]
    [export] = await audit(live_server, "lexicon_review.export")
    assert export.details["items"] == 2

    # the export is a corpus file: the corpus readers take it as it is
    rows = [json.loads(line) for line in body.splitlines()]
    assert len(rows) == 2  # the dismissed one is left out
    assert dismissed.id not in body
    assert not any(part in body for part in ("601 234", "234 567", "601234"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "supervisors.jsonl").write_text(body, encoding="utf-8")
    monkeypatch.setattr(crisis_corpus, "CORPUS", corpus)
    monkeypatch.setattr(crisis_eval, "CORPUS", corpus)
    training = crisis_corpus.hand_written()
    assert sorted((r["label"], r["kind"]) for r in training) == [
        (0, "supervisor_false_alarm"),
        (1, "supervisor_missed"),
    ]
    evaluated = crisis_eval.load()
    assert sorted(r["expect"] for r in evaluated) == ["escalate", "no_escalate"]
    for r in evaluated:  # what tests/moderation/test_corpus.py demands of every row
        assert r["expect"] in ("escalate", "no_escalate")
        assert r["text"]
        assert r.get("kind")
        assert r["lang"] in ("pl", "en", "uk", "ru")


async def test_only_supervisors_open_the_page_and_the_export(live_server: LiveServer) -> None:
    urls = ["/supervisor/lexicon-review", "/supervisor/lexicon-review/export"]
    async with browser_session(live_server, None) as (http, _):
        for url in urls:
            status, _, headers = await get(http, live_server.url + url)
            assert status == 302
            assert headers["Location"].startswith("/login")
    marta = await live_server.staff("marta", role="supervisor")
    await false_alarm(live_server, marta)
    [item] = await items(live_server)
    async with browser_session(live_server, "ania") as (http, csrf):
        for url in urls:
            status, body, _ = await get(http, live_server.url + url)
            assert status == 403
            assert "kill" not in body
        async with http.post(
            f"{live_server.url}/supervisor/lexicon-review/status",
            data={"csrf_token": csrf, "item_id": item.id, "status": "dismissed"},
            allow_redirects=False,
        ) as r:
            assert r.status == 403
    assert [i.status for i in await items(live_server)] == ["new"]
    assert await audit(live_server, "lexicon_review.export") == []
    async with live_server.svc.db.read() as s:
        assert await s.scalar(select(func.count()).select_from(LexiconReviewItem)) == 1
    async with browser_session(live_server, "root", role="admin") as (http, _):
        status, page, _ = await get(http, live_server.url + urls[0])
        assert status == 200
        assert item.id in page
