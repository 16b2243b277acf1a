// @ts-check
// The delivery core the visitor widget (frame.js) and both staff consoles (console.js,
// supervisor.js) share — docs/protocol.md "Delivery guarantees", in one place:
//  * Thread: one conversation's messages, de-duplicated by seq (and known by client_id), kept in
//    seq order however they arrive (the ack of our own send, a rejoin replay, message.new), and
//    the last seq to ask the server for on every (re)join;
//  * Outbox / OutboxSet: messages not yet acknowledged, keyed by client_id, in sending order,
//    persisted by the caller (sessionStorage) until the ack;
//  * Sender: sends an outbox in order, one message at a time until its ack; after a reconnect the
//    same client_ids go again (the server stores a client_id once, so a resend never duplicates);
//    a transient failure retries on a growing, capped schedule, `rate_limited` after the server's
//    `retry_after`, anything else gives the message back to its writer;
//  * catchUp: the (re)join replay, page by page.
// No DOM and no socket in here: the callers pass functions, so it runs under `node --test`
// (widget/test/delivery.test.mjs).

/**
 * @typedef {import("./protocol").Message} Message
 * @typedef {import("./protocol").AckError} AckError
 * @typedef {import("./protocol").ErrorCode} ErrorCode
 */

/**
 * One message waiting for its ack. `nickname`: the visitor's, sent with the first message of a
 * new conversation (widget only).
 * @typedef {{client_id: string, text: string, nickname?: string, conversation_id?: string}} OutboxItem
 */

/** How long to wait for the ack of one message.send before counting it as a timeout. */
export const SEND_TIMEOUT_MS = 15000;
/** The server replays at most this many messages per join (server REPLAY_LIMIT). */
export const REPLAY_PAGE = 500;
/** At most this many replay pages per (re)join. */
export const REPLAY_ROUNDS = 50;
/** A failed conversation.join / sync is asked again after this long (while connected). */
export const JOIN_RETRY_MS = 3000;
/** socket.io-client's own reconnection backoff (reconnectionDelay, reconnectionDelayMax). */
export const RECONNECT = { delay: 1000, max: 8000 };
/** Waiting seconds after `rate_limited` when the server gave no (usable) retry_after. */
export const RATE_LIMIT_FALLBACK_S = 5;

/**
 * Resend schedule after a transient failure (timeout, offline, unavailable): the first retry
 * after `first` ms, each further one `factor` times later, never later than `max`.
 * @typedef {{first: number, factor: number, max: number}} Schedule
 */
/** @type {Schedule} */
export const RETRY = { first: 4000, factor: 2, max: 30000 };

/**
 * Delay before retry number `attempt` (0 for the first) on `schedule`.
 * @param {number} attempt
 * @param {Schedule} [schedule]
 */
export function backoffDelay(attempt, schedule = RETRY) {
  const n = Math.max(0, Math.floor(attempt));
  return Math.min(schedule.max, schedule.first * schedule.factor ** n);
}

/**
 * Delay before connecting again ourselves when socket.io will not (the server closed the socket
 * or refused the connection): 2–4 s, spread so that many clients do not come back at once.
 * @param {() => number} [random]
 */
export function reconnectDelay(random = Math.random) {
  return 2000 + random() * 2000;
}

/**
 * What a failed message.send ack means for the message:
 *  * `{retry: true, code: "rate_limited", params: {seconds}, delayMs}` — send it again after the
 *    server's retry_after (at least 1 s, 5 s when it gave none);
 *  * `{retry: true, code: "timeout" | "unavailable", params: null, delayMs: null}` — no answer,
 *    not connected, or server trouble: send it again later (the backoff schedule decides when);
 *  * `{retry: false, code}` — refused for good (too_long, invalid, closed, forbidden, …): nothing
 *    was stored, the text goes back to its writer.
 * @param {AckError} reply
 * @returns {{retry: true, code: "rate_limited", params: {seconds: number}, delayMs: number}
 *   | {retry: true, code: "timeout" | "unavailable", params: null, delayMs: null}
 *   | {retry: false, code: ErrorCode}}
 */
export function classifyFailure(reply) {
  const code = reply.error?.code || "unavailable";
  if (code === "rate_limited") {
    const seconds = Math.max(1, Math.ceil(Number(reply.retry_after) || RATE_LIMIT_FALLBACK_S));
    return { retry: true, code, params: { seconds }, delayMs: seconds * 1000 };
  }
  if (code === "timeout" || code === "offline" || code === "unavailable") {
    return { retry: true, code: code === "unavailable" ? "unavailable" : "timeout", params: null, delayMs: null };
  }
  return { retry: false, code };
}

// ---------------------------------------------------------------- thread

/**
 * One conversation's messages in seq order, each once. `lastSeq` is what to send as `last_seq`
 * on a (re)join: the highest seq up to which nothing is missing, so a replay also fills a gap
 * (a message.new that overtook an earlier message). `highestSeq` is the newest seq shown.
 */
export class Thread {
  constructor() {
    /** @type {Map<number, Message>} */
    this.bySeq = new Map();
    /** @type {Set<string>} */
    this.clientIds = new Set();
    this.lastSeq = 0;
    this.highestSeq = 0;
  }

  get size() {
    return this.bySeq.size;
  }

  /**
   * Merge messages from any source (ack, replay, message.new); returns those that were new.
   * @param {readonly (Message | null | undefined)[] | null | undefined} messages
   * @returns {Message[]}
   */
  merge(messages) {
    /** @type {Message[]} */
    const fresh = [];
    for (const m of messages || []) {
      if (!m || typeof m.seq !== "number" || !(m.seq > 0) || this.bySeq.has(m.seq)) continue;
      this.bySeq.set(m.seq, m);
      if (m.client_id) this.clientIds.add(m.client_id);
      fresh.push(m);
      if (m.seq > this.highestSeq) this.highestSeq = m.seq;
    }
    while (this.bySeq.has(this.lastSeq + 1)) this.lastSeq++;
    return fresh;
  }

  /** The messages in seq order. */
  sorted() {
    return Array.from(this.bySeq.values()).sort((a, b) => a.seq - b.seq);
  }

  /** @param {string} clientId */
  hasClientId(clientId) {
    return this.clientIds.has(clientId);
  }

  /**
   * The outbox items still to be shown as pending: those whose message is not in the thread yet.
   * @template {{client_id: string}} T
   * @param {Iterable<T>} items
   * @returns {T[]}
   */
  pending(items) {
    const out = [];
    for (const item of items) if (!this.clientIds.has(item.client_id)) out.push(item);
    return out;
  }

  /** Forget everything (another conversation is shown from now on). */
  clear() {
    this.bySeq.clear();
    this.clientIds.clear();
    this.lastSeq = 0;
    this.highestSeq = 0;
  }
}

// ---------------------------------------------------------------- outbox

/** @param {unknown} item @returns {item is OutboxItem} */
function isItem(item) {
  return (
    !!item &&
    typeof item === "object" &&
    typeof (/** @type {OutboxItem} */ (item).client_id) === "string" &&
    typeof (/** @type {OutboxItem} */ (item).text) === "string"
  );
}

/**
 * Messages not yet acknowledged, keyed by client_id, in the order they were written.
 * `onChange()` runs after every change (the caller saves `list()`).
 */
export class Outbox {
  /**
   * @param {unknown} [saved] a list saved earlier (anything else is taken as empty)
   * @param {() => void} [onChange]
   */
  constructor(saved, onChange) {
    /** @type {Map<string, OutboxItem>} */
    this.items = new Map();
    for (const item of Array.isArray(saved) ? saved : [])
      if (isItem(item) && !this.items.has(item.client_id)) this.items.set(item.client_id, item);
    this.onChange = onChange || (() => {});
  }

  get size() {
    return this.items.size;
  }

  /** The items in order (a copy). */
  list() {
    return Array.from(this.items.values());
  }

  /** The next item to send. */
  first() {
    for (const item of this.items.values()) return item;
    return undefined;
  }

  /** @param {string} clientId */
  has(clientId) {
    return this.items.has(clientId);
  }

  /** @param {OutboxItem} item */
  add(item) {
    this.items.set(item.client_id, item);
    this.onChange();
  }

  /** @param {string} clientId */
  remove(clientId) {
    if (this.items.delete(clientId)) this.onChange();
  }

  /** Empty the outbox and return what was in it (e.g. to show it as "not sent"). */
  take() {
    const all = this.list();
    if (all.length) {
      this.items.clear();
      this.onChange();
    }
    return all;
  }
}

/**
 * The staff consoles' outboxes, one per conversation, saved together as
 * `{conversation_id: [OutboxItem…]}` (empty ones are left out) through `persist(data)`.
 */
export class OutboxSet {
  /**
   * @param {unknown} saved what `persist` got last time
   * @param {(data: Record<string, OutboxItem[]>) => void} persist
   */
  constructor(saved, persist) {
    this.persist = persist;
    /** @type {Map<string, Outbox>} */
    this.boxes = new Map();
    if (saved && typeof saved === "object" && !Array.isArray(saved)) {
      for (const [id, list] of Object.entries(saved)) this.boxes.set(id, new Outbox(list, () => this.save()));
    }
  }

  /** The outbox of one conversation (made on first use). @param {string} conversationId */
  of(conversationId) {
    let box = this.boxes.get(conversationId);
    if (!box) {
      box = new Outbox([], () => this.save());
      this.boxes.set(conversationId, box);
    }
    return box;
  }

  /** Forget a conversation's outbox. @param {string} conversationId */
  drop(conversationId) {
    if (this.boxes.delete(conversationId)) this.save();
  }

  save() {
    /** @type {Record<string, OutboxItem[]>} */
    const data = {};
    for (const [id, box] of this.boxes) if (box.size) data[id] = box.list();
    this.persist(data);
  }
}

// ---------------------------------------------------------------- sender

/**
 * @typedef {{set: (fn: () => void, ms: number) => unknown, clear: (handle: unknown) => void}} Timers
 */
/** @type {Timers} */
const realTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(/** @type {ReturnType<typeof setTimeout>} */ (handle)),
};

/**
 * What a Sender needs from its page.
 * @template {{ok: true}} S the successful ack
 * @typedef {object} SenderHooks
 * @property {(item: OutboxItem) => Promise<S | AckError>} send emit message.send (with its timeout)
 * @property {() => boolean} canSend connected, joined and allowed to write now
 * @property {(reply: S, item: OutboxItem) => void} onSent the ack came (item already out of the outbox)
 * @property {(code: "rate_limited" | "timeout" | "unavailable", params: {seconds: number} | null, delayMs: number) => void} onTransient
 *   not sent this time; tried again by itself after delayMs
 * @property {(item: OutboxItem, code: ErrorCode) => void} onFailed refused for good (item already out of the outbox)
 */

/**
 * Sends an outbox in order, each message until its ack. `flush()` is safe to call at any time
 * (after a (re)join, after writing a message): one loop runs at a time, and a pending retry is
 * replaced by sending at once.
 * @template {{ok: true}} S
 */
export class Sender {
  /**
   * @param {Outbox} outbox
   * @param {SenderHooks<S>} hooks
   * @param {{timers?: Timers, schedule?: Schedule}} [options]
   */
  constructor(outbox, hooks, options) {
    this.outbox = outbox;
    this.hooks = hooks;
    this.timers = options?.timers || realTimers;
    this.schedule = options?.schedule || RETRY;
    this.flushing = false;
    /** transient failures in a row (the backoff step); 0 after an ack */
    this.attempts = 0;
    /** @type {unknown} */
    this.timer = null;
  }

  /** Cancel a scheduled retry. */
  stop() {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  /** @param {number} ms */
  retryIn(ms) {
    this.stop();
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, ms);
  }

  async flush() {
    if (this.flushing || !this.hooks.canSend()) return;
    this.flushing = true;
    this.stop();
    try {
      const box = this.outbox;
      while (box.size && this.hooks.canSend()) {
        const item = /** @type {OutboxItem} */ (box.first());
        const reply = await this.hooks.send(item);
        if (!box.has(item.client_id)) continue; // taken out meanwhile (new chat, chat ended)
        if (reply.ok) {
          this.attempts = 0;
          box.remove(item.client_id);
          this.hooks.onSent(reply, item);
          continue;
        }
        const failure = classifyFailure(reply);
        if (failure.retry) {
          const delayMs = failure.delayMs ?? backoffDelay(this.attempts++, this.schedule);
          this.hooks.onTransient(failure.code, failure.params, delayMs);
          this.retryIn(delayMs);
          break;
        }
        box.remove(item.client_id);
        this.hooks.onFailed(item, failure.code);
      }
    } finally {
      this.flushing = false;
    }
  }
}

// ---------------------------------------------------------------- replay

/**
 * The (re)join replay: ask for the messages after the thread's last seq, page by page, until a
 * page is not full. `ask(lastSeq)` emits conversation.join / conversation.watch; `apply(reply)`
 * takes an ok reply (merging its messages into the thread) and may answer "again" (the thread was
 * reset: ask again from its new last seq) or "stop" (the view is gone). Resolves to the failed
 * reply, or to `{ok: true}` once caught up.
 * @template {{ok: true, messages?: Message[]}} R
 * @param {Thread} thread
 * @param {(lastSeq: number) => Promise<R | AckError>} ask
 * @param {(reply: R) => "again" | "stop" | undefined | void} apply
 * @returns {Promise<{ok: true} | AckError>}
 */
export async function catchUp(thread, ask, apply) {
  let from = thread.lastSeq;
  for (let round = 0; round < REPLAY_ROUNDS; round++) {
    const reply = await ask(from);
    if (!reply.ok) return reply;
    const verdict = apply(reply);
    if (verdict === "stop") break;
    if (verdict === "again") {
      from = thread.lastSeq;
      continue;
    }
    const messages = reply.messages || [];
    if (messages.length < REPLAY_PAGE) break;
    // the next page starts after this one (even if a gap below it is still open)
    from = Math.max(thread.lastSeq, messages[messages.length - 1].seq);
  }
  return { ok: true };
}

// ---------------------------------------------------------------- gaps

/** How long a gap in seq may stand before the missing range is fetched (a message that only
 * overtook an earlier one fills it meanwhile). Well under the 5 s in which a view converges. */
export const GAP_WAIT_MS = 1500;

/**
 * Watches one thread for a gap (a message.new whose predecessors never came: lost during a
 * reconnect or a Redis outage) and asks for the missing range once it has stood GAP_WAIT_MS.
 * `repair()` rejoins from `thread.lastSeq` (conversation.join / conversation.watch), which
 * replays everything after the last contiguous seq.
 */
export class GapWatch {
  /**
   * @param {() => void} repair
   * @param {(fn: () => void, ms: number) => unknown} [setTimer]
   * @param {(handle: unknown) => void} [clearTimer]
   */
  constructor(repair, setTimer, clearTimer) {
    this.repair = repair;
    /** @type {(fn: () => void, ms: number) => unknown} */
    this.setTimer = setTimer || ((fn, ms) => setTimeout(fn, ms));
    /** @type {(handle: unknown) => void} */
    this.clearTimer = clearTimer || ((handle) => clearTimeout(/** @type {any} */ (handle)));
    /** @type {unknown} */
    this.timer = null;
  }

  /** Call after merging messages into `thread`. @param {Thread} thread */
  check(thread) {
    if (thread.highestSeq <= thread.lastSeq) {
      this.cancel();
      return;
    }
    if (this.timer !== null) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      if (thread.highestSeq > thread.lastSeq) this.repair();
    }, GAP_WAIT_MS);
  }

  /** Forget a pending repair (the view closed, or a rejoin is under way anyway). */
  cancel() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}
