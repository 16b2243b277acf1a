// Unit tests of the delivery core (src/delivery.js) shared by the widget and the consoles:
//   cd widget && npm test        (node --test, Node >= 20, no other framework)
// A small fake server stands in for python-socketio: it stores a client_id once per
// conversation (a resend gets the stored message back), numbers messages 1, 2, 3 …, and can
// lose acks, refuse, or rate-limit on demand. Timers are fake: nothing here waits.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  backoffDelay,
  catchUp,
  classifyFailure,
  GAP_WAIT_MS,
  GapWatch,
  Outbox,
  OutboxSet,
  REPLAY_PAGE,
  RETRY,
  reconnectDelay,
  Sender,
  Thread,
} from "../src/delivery.js";

const CONV = "c_test";

function message(seq, extra = {}) {
  return {
    id: `m_${seq}`,
    conversation_id: CONV,
    seq,
    sender: "visitor",
    sender_name: null,
    client_id: null,
    text: `text ${seq}`,
    html: `text ${seq}`,
    created_at: "2026-11-24T10:15:00.000000Z",
    resource: null,
    ...extra,
  };
}

/** The server side of message.send / conversation.join (docs/protocol.md). */
class FakeServer {
  constructor() {
    this.messages = [];
    this.byClientId = new Map();
    this.received = []; // client_ids in the order they reached the server
    this.connected = true;
    this.loseAcks = false; // store, but the ack never comes back (connection lost meanwhile)
    this.refuse = null; // a reply to give instead of storing
    this.onStored = null; // called with the stored message before the ack (e.g. message.new elsewhere)
  }
  store(text, clientId, sender = "visitor") {
    const m = message(this.messages.length + 1, { text, html: text, client_id: clientId, sender });
    this.messages.push(m);
    if (clientId) this.byClientId.set(clientId, m);
    return m;
  }
  async send(item) {
    if (!this.connected) return { ok: false, error: { code: "offline" } };
    this.received.push(item.client_id);
    if (this.refuse) {
      const reply = typeof this.refuse === "function" ? this.refuse(item) : this.refuse;
      if (reply) return reply;
    }
    const stored = this.byClientId.get(item.client_id) || this.store(item.text, item.client_id);
    if (this.onStored) this.onStored(stored);
    if (this.loseAcks) return { ok: false, error: { code: "timeout" } };
    return { ok: true, message: stored };
  }
  async join(lastSeq) {
    if (!this.connected) return { ok: false, error: { code: "offline" } };
    return { ok: true, messages: this.messages.filter((m) => m.seq > lastSeq).slice(0, REPLAY_PAGE) };
  }
}

/** Timers that only run when the test says so. */
class FakeTimers {
  constructor() {
    this.pending = new Map();
    this.next = 1;
    this.delays = [];
  }
  set = (fn, ms) => {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    this.delays.push(ms);
    return id;
  };
  clear = (id) => {
    this.pending.delete(id);
  };
  get count() {
    return this.pending.size;
  }
  /** Run every pending timer (what would have fired). */
  async fire() {
    const due = Array.from(this.pending.values());
    this.pending.clear();
    for (const t of due) t.fn();
    await settle();
  }
}

/** Let pending promise callbacks run. */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A widget-like client: thread + outbox + sender over a fake server. */
function client(server, options = {}) {
  const thread = new Thread();
  const saved = [];
  const outbox = new Outbox(options.saved || [], () => saved.push(outbox.list()));
  const timers = new FakeTimers();
  const events = { sent: [], transient: [], failed: [] };
  const state = { joined: true };
  const sender = new Sender(
    outbox,
    {
      send: (item) => server.send(item),
      canSend: () => state.joined && server.connected,
      onSent: (reply, item) => {
        events.sent.push(item.client_id);
        thread.merge([reply.message]);
      },
      onTransient: (code, params, delayMs) => events.transient.push({ code, params, delayMs }),
      onFailed: (item, code) => events.failed.push({ client_id: item.client_id, code }),
    },
    { timers },
  );
  let n = 0;
  const write = (text) => {
    const item = { client_id: `client-${++n}-abcdefgh`, text };
    outbox.add(item);
    return item;
  };
  /** what a page does on (re)connect: join with the last seq, merge the replay, then resend */
  const rejoin = async () => {
    const reply = await catchUp(
      thread,
      (lastSeq) => server.join(lastSeq),
      (r) => void thread.merge(r.messages),
    );
    assert.equal(reply.ok, true);
    state.joined = true;
    await sender.flush();
  };
  return { thread, outbox, sender, timers, events, state, saved, write, rejoin };
}

const seqs = (thread) => thread.sorted().map((m) => m.seq);

describe("resend after reconnect", () => {
  test("messages written while offline go out in order once connected and joined", async () => {
    const server = new FakeServer();
    server.connected = false;
    const c = client(server);
    c.state.joined = false;
    c.write("one");
    c.write("two");
    await c.sender.flush();
    assert.deepEqual(server.received, [], "nothing is sent before the join");
    server.connected = true;
    await c.rejoin();
    assert.deepEqual(
      c.thread.sorted().map((m) => m.text),
      ["one", "two"],
    );
    assert.equal(c.outbox.size, 0);
    assert.deepEqual(c.saved.at(-1), [], "the saved outbox is empty once everything is acked");
  });

  test("an un-acked message is resent with the same client_id after the reconnect and stored once", async () => {
    const server = new FakeServer();
    const c = client(server);
    const first = c.write("stored, but its ack is lost");
    const second = c.write("never reached the server");
    server.loseAcks = true;
    await c.sender.flush();
    assert.deepEqual(server.received, [first.client_id], "the loop stops at the first lost ack");
    assert.equal(c.outbox.size, 2, "both stay in the outbox until acked");
    assert.deepEqual(c.events.transient, [{ code: "timeout", params: null, delayMs: RETRY.first }]);
    assert.equal(c.timers.count, 1, "a retry is scheduled");

    // the connection drops and comes back: join with the last seq, then resend the outbox
    server.loseAcks = false;
    c.state.joined = false;
    await c.rejoin();
    assert.equal(c.timers.count, 0, "the flush after the join replaces the scheduled retry");
    assert.deepEqual(server.received, [first.client_id, first.client_id, second.client_id]);
    assert.equal(server.messages.length, 2, "the resend stored nothing new");
    assert.deepEqual(seqs(c.thread), [1, 2]);
    assert.deepEqual(
      c.thread.sorted().map((m) => m.client_id),
      [first.client_id, second.client_id],
    );
    assert.equal(c.outbox.size, 0);
    assert.deepEqual(c.thread.pending([first, second]), [], "nothing is shown as pending any more");
  });

  test("a saved outbox (page reload) is resent after the first join", async () => {
    const server = new FakeServer();
    const saved = [
      { client_id: "saved-1-abcdefgh", text: "a" },
      { client_id: "saved-2-abcdefgh", text: "b" },
    ];
    const c = client(server, { saved });
    c.state.joined = false;
    await c.rejoin();
    assert.deepEqual(server.received, ["saved-1-abcdefgh", "saved-2-abcdefgh"]);
    assert.deepEqual(c.events.sent, ["saved-1-abcdefgh", "saved-2-abcdefgh"]);
  });

  test("the scheduled retry sends by itself when nothing else triggers a flush", async () => {
    const server = new FakeServer();
    const c = client(server);
    c.write("x");
    server.refuse = { ok: false, error: { code: "unavailable", message: "trouble" } };
    await c.sender.flush();
    assert.equal(c.outbox.size, 1);
    server.refuse = null;
    await c.timers.fire();
    assert.equal(c.outbox.size, 0);
    assert.deepEqual(seqs(c.thread), [1]);
  });
});

describe("no duplicates", () => {
  test("the ack and a message.new of the same message make one entry, whichever comes first", () => {
    for (const order of [
      ["ack", "new"],
      ["new", "ack"],
    ]) {
      const thread = new Thread();
      const m = message(1, { client_id: "k8Zqabcdefgh" });
      const copies = { ack: { ...m }, new: { ...m } };
      const first = thread.merge([copies[order[0]]]);
      const second = thread.merge([copies[order[1]]]);
      assert.equal(first.length, 1);
      assert.equal(second.length, 0, `${order.join(" then ")}: the second copy is not new`);
      assert.equal(thread.size, 1);
      assert.equal(thread.lastSeq, 1);
    }
  });

  test("a message.new arriving while the send is in flight does not duplicate the acked message", async () => {
    const server = new FakeServer();
    const c = client(server);
    // another tab of the same visitor gets message.new; here the same socket sees it first
    server.onStored = (stored) => c.thread.merge([{ ...stored }]);
    const item = c.write("hello");
    await c.sender.flush();
    assert.equal(c.thread.size, 1);
    assert.deepEqual(c.events.sent, [item.client_id]);
    assert.ok(c.thread.hasClientId(item.client_id));
  });

  test("a replay overlapping what is shown adds only the missing messages", () => {
    const thread = new Thread();
    thread.merge([message(1), message(2), message(3)]);
    const fresh = thread.merge([message(2), message(3), message(4)]);
    assert.deepEqual(
      fresh.map((m) => m.seq),
      [4],
    );
    assert.deepEqual(seqs(thread), [1, 2, 3, 4]);
  });

  test("malformed entries are ignored", () => {
    const thread = new Thread();
    const fresh = thread.merge([null, undefined, { ...message(1), seq: "1" }, { ...message(0) }, message(1)]);
    assert.equal(fresh.length, 1);
    assert.deepEqual(seqs(thread), [1]);
  });
});

describe("ordering by seq", () => {
  test("messages are kept in seq order whatever order they arrive in", () => {
    const thread = new Thread();
    thread.merge([message(3)]);
    thread.merge([message(1), message(4)]);
    thread.merge([message(2)]);
    assert.deepEqual(seqs(thread), [1, 2, 3, 4]);
    assert.equal(thread.highestSeq, 4);
    assert.equal(thread.lastSeq, 4);
  });

  test("a gap left by a message.new that overtook an earlier message is filled by the replay", async () => {
    const server = new FakeServer();
    for (let i = 1; i <= 5; i++) server.store(`m${i}`, null, "staff");
    const thread = new Thread();
    thread.merge(server.messages.slice(0, 2)); // 1, 2 shown
    thread.merge([server.messages[4]]); // message.new 5 arrives; 3 and 4 were missed
    assert.deepEqual(seqs(thread), [1, 2, 5]);
    assert.equal(thread.lastSeq, 2, "the last seq to ask from stays below the gap");
    assert.equal(thread.highestSeq, 5);

    const asked = [];
    const reply = await catchUp(
      thread,
      (lastSeq) => {
        asked.push(lastSeq);
        return server.join(lastSeq);
      },
      (r) => void thread.merge(r.messages),
    );
    assert.equal(reply.ok, true);
    assert.deepEqual(asked, [2], "one join, from below the gap");
    assert.deepEqual(seqs(thread), [1, 2, 3, 4, 5]);
    assert.equal(thread.lastSeq, 5);
  });

  test("a long replay is asked for page by page", async () => {
    const server = new FakeServer();
    for (let i = 1; i <= 1203; i++) server.store(`m${i}`, null, "staff");
    const thread = new Thread();
    const asked = [];
    await catchUp(
      thread,
      (lastSeq) => {
        asked.push(lastSeq);
        return server.join(lastSeq);
      },
      (r) => void thread.merge(r.messages),
    );
    assert.deepEqual(asked, [0, 500, 1000]);
    assert.equal(thread.size, 1203);
    assert.equal(thread.lastSeq, 1203);
  });

  test("paging goes on past a gap the server cannot fill", async () => {
    const server = new FakeServer();
    for (let i = 1; i <= 1201; i++) server.store(`m${i}`, null, "staff");
    server.messages.splice(2, 1); // seq 3 is missing for good
    const thread = new Thread();
    const asked = [];
    await catchUp(
      thread,
      (lastSeq) => {
        asked.push(lastSeq);
        return server.join(lastSeq);
      },
      (r) => void thread.merge(r.messages),
    );
    assert.deepEqual(asked, [0, 501, 1001], "each page starts after the previous one");
    assert.equal(thread.size, 1200);
    assert.equal(thread.lastSeq, 2, "the next rejoin asks again from below the gap");
  });

  test("catchUp returns a failed join, and starts over when the page says 'again'", async () => {
    const thread = new Thread();
    thread.merge([message(1), message(2)]);
    const failed = await catchUp(
      thread,
      async () => ({ ok: false, error: { code: "forbidden" } }),
      () => assert.fail("apply is not called for a failed reply"),
    );
    assert.deepEqual(failed, { ok: false, error: { code: "forbidden" } });

    const asked = [];
    let switched = false;
    await catchUp(
      thread,
      async (lastSeq) => {
        asked.push(lastSeq);
        return { ok: true, messages: [] };
      },
      () => {
        if (switched) return undefined;
        switched = true;
        thread.clear(); // another conversation: show it from the start
        return "again";
      },
    );
    assert.deepEqual(asked, [2, 0]);
  });

  test("pending outbox items are those not yet in the thread", () => {
    const thread = new Thread();
    const items = [
      { client_id: "aaaaaaaa", text: "a" },
      { client_id: "bbbbbbbb", text: "b" },
    ];
    thread.merge([message(1, { client_id: "aaaaaaaa" })]);
    assert.deepEqual(thread.pending(items), [items[1]]);
    thread.clear();
    assert.equal(thread.size, 0);
    assert.equal(thread.lastSeq, 0);
    assert.deepEqual(thread.pending(items), items);
  });
});

describe("backoff", () => {
  test("the retry delay grows by the factor and stops at the cap", () => {
    const delays = [0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n));
    assert.deepEqual(delays, [4000, 8000, 16000, 30000, 30000, 30000]);
    assert.equal(backoffDelay(2, { first: 100, factor: 3, max: 1000 }), 900);
    assert.equal(backoffDelay(3, { first: 100, factor: 3, max: 1000 }), 1000);
  });

  test("repeated transient failures are retried later and later, and an ack resets the schedule", async () => {
    const server = new FakeServer();
    const c = client(server);
    c.write("x");
    server.refuse = { ok: false, error: { code: "unavailable", message: "trouble" } };
    await c.sender.flush();
    for (let i = 0; i < 5; i++) await c.timers.fire();
    assert.deepEqual(c.timers.delays, [4000, 8000, 16000, 30000, 30000, 30000]);
    assert.equal(server.received.length, 6, "one send per retry");
    assert.ok(c.events.transient.every((e) => e.code === "unavailable"));

    server.refuse = null;
    await c.timers.fire();
    assert.equal(c.outbox.size, 0);
    c.write("y");
    server.refuse = { ok: false, error: { code: "unavailable", message: "trouble" } };
    await c.sender.flush();
    assert.equal(c.timers.delays.at(-1), 4000, "back to the first step after an ack");
  });

  test("a timeout or an offline socket counts as 'timeout', server trouble as 'unavailable'", () => {
    assert.deepEqual(classifyFailure({ ok: false, error: { code: "timeout" } }), {
      retry: true,
      code: "timeout",
      params: null,
      delayMs: null,
    });
    assert.deepEqual(classifyFailure({ ok: false, error: { code: "offline" } }), {
      retry: true,
      code: "timeout",
      params: null,
      delayMs: null,
    });
    assert.deepEqual(classifyFailure({ ok: false, error: {} }), { retry: true, code: "unavailable", params: null, delayMs: null });
  });

  test("our own reconnect waits 2 to 4 s", () => {
    assert.equal(
      reconnectDelay(() => 0),
      2000,
    );
    assert.equal(
      reconnectDelay(() => 0.999),
      3998,
    );
  });
});

describe("failed acks", () => {
  test("rate_limited waits the server's retry_after, keeps the message and does not grow the backoff", async () => {
    const server = new FakeServer();
    const c = client(server);
    const item = c.write("slow down");
    server.refuse = { ok: false, error: { code: "rate_limited", message: "wait" }, retry_after: 2.2 };
    await c.sender.flush();
    assert.deepEqual(c.events.transient, [{ code: "rate_limited", params: { seconds: 3 }, delayMs: 3000 }]);
    assert.deepEqual(c.timers.delays, [3000]);
    assert.ok(c.outbox.has(item.client_id), "the message stays in the outbox");
    assert.equal(c.events.failed.length, 0);
    assert.equal(c.sender.attempts, 0);

    server.refuse = null;
    await c.timers.fire();
    assert.deepEqual(c.events.sent, [item.client_id]);
  });

  test("rate_limited without a usable retry_after waits 5 s, and never less than 1 s", () => {
    const wait = (retryAfter) => classifyFailure({ ok: false, error: { code: "rate_limited" }, retry_after: retryAfter }).delayMs;
    assert.equal(wait(undefined), 5000);
    assert.equal(wait(Number.NaN), 5000);
    assert.equal(wait(0.2), 1000);
    assert.equal(wait(-3), 1000);
    assert.equal(wait(7), 7000);
  });

  test("invalid (or any refusal) gives the message back and goes on with the next one", async () => {
    const server = new FakeServer();
    const c = client(server);
    const bad = c.write("refused");
    const good = c.write("fine");
    server.refuse = (item) => (item.client_id === bad.client_id ? { ok: false, error: { code: "invalid", message: "text" } } : null);
    await c.sender.flush();
    assert.deepEqual(c.events.failed, [{ client_id: bad.client_id, code: "invalid" }]);
    assert.deepEqual(c.events.sent, [good.client_id]);
    assert.equal(c.outbox.size, 0, "the refused message left the outbox");
    assert.equal(c.timers.count, 0, "a refusal is not retried");
    assert.deepEqual(
      c.thread.sorted().map((m) => m.text),
      ["fine"],
    );
  });

  test("a message taken out of the outbox while in flight is not reported as sent", async () => {
    const server = new FakeServer();
    const c = client(server);
    c.write("x");
    server.onStored = () => c.outbox.take(); // e.g. the chat ended meanwhile
    await c.sender.flush();
    assert.deepEqual(c.events.sent, []);
    assert.equal(c.outbox.size, 0);
  });
});

describe("sender loop", () => {
  test("nothing is sent while the page may not send, and one loop runs at a time", async () => {
    const server = new FakeServer();
    const c = client(server);
    c.state.joined = false;
    c.write("a");
    await c.sender.flush();
    assert.deepEqual(server.received, []);
    c.state.joined = true;
    c.write("b");
    await Promise.all([c.sender.flush(), c.sender.flush(), c.sender.flush()]);
    assert.equal(server.received.length, 2, "each message sent once");
  });
});

describe("outbox", () => {
  test("keyed by client_id, in order, restored from a saved list (junk skipped)", () => {
    const changes = [];
    const box = new Outbox(
      [
        { client_id: "a1234567", text: "a" },
        { client_id: 5, text: "x" },
        "junk",
        null,
        { client_id: "a1234567", text: "dup" },
        { client_id: "b1234567", text: "b" },
      ],
      () => changes.push(box.list().length),
    );
    assert.deepEqual(
      box.list().map((i) => i.text),
      ["a", "b"],
    );
    box.add({ client_id: "c1234567", text: "c", nickname: "kuba" });
    box.remove("a1234567");
    box.remove("missing");
    assert.equal(box.first().client_id, "b1234567");
    assert.deepEqual(changes, [3, 2]);
    assert.deepEqual(
      box.take().map((i) => i.client_id),
      ["b1234567", "c1234567"],
    );
    assert.equal(box.size, 0);
    assert.equal(new Outbox({ not: "a list" }).size, 0);
  });

  test("the consoles' outboxes are saved per conversation, empty ones left out", () => {
    let saved = null;
    const set = new OutboxSet({ c_1: [{ client_id: "a1234567", text: "a" }], c_2: "junk" }, (data) => {
      saved = data;
    });
    assert.equal(set.of("c_1").size, 1);
    assert.equal(set.of("c_2").size, 0);
    set.of("c_3").add({ client_id: "b1234567", text: "b" });
    assert.deepEqual(saved, { c_1: [{ client_id: "a1234567", text: "a" }], c_3: [{ client_id: "b1234567", text: "b" }] });
    set.of("c_1").take();
    assert.deepEqual(Object.keys(saved), ["c_3"]);
    const box = set.of("c_3");
    set.drop("c_3");
    assert.deepEqual(saved, {});
    assert.notEqual(set.of("c_3"), box, "a dropped conversation starts with a new outbox");
  });
});

describe("gap watch", () => {
  function fakeTimers() {
    const timers = new Map();
    let next = 1;
    return {
      set: (fn, ms) => {
        timers.set(next, { fn, ms });
        return next++;
      },
      clear: (handle) => timers.delete(handle),
      fire() {
        for (const [handle, { fn }] of [...timers]) {
          timers.delete(handle);
          fn();
        }
      },
      get size() {
        return timers.size;
      },
    };
  }

  test("a gap that stands is repaired once, after GAP_WAIT_MS", () => {
    const timers = fakeTimers();
    const thread = new Thread();
    let repairs = 0;
    const gaps = new GapWatch(() => repairs++, timers.set, timers.clear);
    thread.merge([message(1), message(2)]);
    gaps.check(thread);
    assert.equal(timers.size, 0, "no gap, no timer");
    thread.merge([message(5)]); // 3 and 4 never came
    gaps.check(thread);
    thread.merge([message(6)]);
    gaps.check(thread);
    assert.equal(timers.size, 1, "one timer for one gap");
    timers.fire();
    assert.equal(repairs, 1);
    assert.equal(thread.lastSeq, 2, "the rejoin asks from the last contiguous seq");
  });

  test("a message that only overtook another fills the gap: no repair", () => {
    const timers = fakeTimers();
    const thread = new Thread();
    let repairs = 0;
    const gaps = new GapWatch(() => repairs++, timers.set, timers.clear);
    thread.merge([message(1), message(3)]);
    gaps.check(thread);
    thread.merge([message(2)]);
    gaps.check(thread);
    assert.equal(timers.size, 0, "the timer was cancelled");
    timers.fire();
    assert.equal(repairs, 0);
  });

  test("a gap filled between the timer's start and its end is not repaired", () => {
    const timers = fakeTimers();
    const thread = new Thread();
    let repairs = 0;
    const gaps = new GapWatch(() => repairs++, timers.set, timers.clear);
    thread.merge([message(1), message(3)]);
    gaps.check(thread);
    thread.merge([message(2)]); // filled by a replay that did not call check()
    timers.fire();
    assert.equal(repairs, 0);
    assert.ok(GAP_WAIT_MS > 0 && GAP_WAIT_MS < 5000, "repairs start well within 5 s");
  });
});
