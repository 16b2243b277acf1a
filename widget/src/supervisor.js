// @ts-check
// netreach supervisor console (namespace /console, supervisors and admins). Live: open
// escalations with their reason and a running timer, the queue and the team on duty; acknowledge,
// open a chat read-only, join it (then write like a networker), take it over, reassign, resolve.
// Chat messages are shown with the duty console's code (staffchat.js) and sent with the widget's
// delivery core (delivery.js): outbox in sessionStorage until acked, watch again with last_seq
// after every reconnect, de-duplicate by seq.
import { cannedPicker } from "./canned_ui.js";
import { call, h, makeStore, plain, randomId, readConfig, setChildren } from "./common.js";
import { catchUp, GapWatch, OutboxSet, SEND_TIMEOUT_MS, Sender, Thread } from "./delivery.js";
import { offersPanel } from "./handover_ui.js";
import {
  connectConsole,
  fmtDuration,
  makeNotifier,
  messageEl,
  originFacts,
  pendingEl,
  QueueRows,
  queueRowEl,
  renderConnBanner,
  renderThread,
  riskBadge,
  SEVERITY_RANK,
  showErased,
  staffPage,
} from "./staffchat.js";

/**
 * @typedef {import("./protocol").StaffConversation} StaffConversation
 * @typedef {import("./protocol").EscalationBurst} EscalationBurst
 * @typedef {import("./protocol").Escalation} Escalation
 * @typedef {import("./protocol").EscalationOutcome} EscalationOutcome
 * @typedef {import("./protocol").StaffRef} StaffRef
 * @typedef {import("./protocol").Me} Me
 * @typedef {import("./protocol").QueueItem} QueueItem
 * @typedef {import("./protocol").TeamMember} TeamMember
 * @typedef {import("./protocol").AckError} AckError
 * @typedef {import("./protocol").StaffSendAck} StaffSendAck
 * @typedef {import("./staffchat.js").ConnState} ConnState
 * @typedef {ReturnType<typeof buildCard>} Card an escalation's card
 */

/**
 * The conversation open in the side panel (read-only, or joined / mine: writable).
 * @typedef {object} Watch
 * @property {string} id
 * @property {StaffConversation | null} conv null until the first watch reply
 * @property {Thread} thread
 * @property {Map<number, Element>} msgEls
 * @property {{client_id: string, text: string, code: string}[]} failed messages not sent
 * @property {boolean} joined supervisor.join done: may write
 * @property {boolean} subscribed conversation.watch answered on this connection
 * @property {{text: string, transient: boolean} | null} error
 * @property {Sender<Extract<StaffSendAck, {ok: true}>>} sender
 * @property {ReturnType<typeof buildWatch>} el
 */

const config = readConfig();
const { lang: LANG, max: MAX, t, errorText } = staffPage(config);
const OUTCOMES = config.outcomes || ["safety_plan", "emergency_services", "referred", "false_alarm", "visitor_left", "other"];
const prefs = makeStore("netreach.supervisor.", "local");
const store = makeStore("netreach.supervisor.", "session");

/**
 * @type {{conn: ConnState, me: Me | null, escalations: Map<string, Escalation>, queue: {total: number, items: QueueItem[]},
 *   team: TeamMember[], offset: number, synced: boolean, burst: EscalationBurst | null}}
 */
const state = {
  conn: "connecting",
  me: config.me && typeof config.me === "object" ? config.me : null,
  escalations: new Map(), // id -> escalation (open ones)
  queue: { total: 0, items: [] },
  team: [],
  offset: 0, // server clock − browser clock, ms
  synced: false,
  /** @type {EscalationBurst | null} many escalations from new visitors: a possible flood */
  burst: null,
};
/** An empty conversation for views drawn before the server answered. */
const NO_CONV = /** @type {Partial<StaffConversation>} */ ({});
/** @type {Map<string, Card>} escalation id -> card */
const cards = new Map();
/** @type {Set<string>} escalation ids already announced */
const seen = new Set();
/** @type {Watch | null} the conversation open in the side panel */
let watch = null;

/** un-acknowledged messages per conversation, in sessionStorage until acked */
const outboxes = new OutboxSet(store.get("outbox", {}), (data) => store.set("outbox", data));

// ---------------------------------------------------------------- socket

const socket = connectConsole(
  config,
  (conn) => {
    if (conn === "reconnecting") {
      state.synced = false;
      if (watch) watch.subscribed = false;
    }
    state.conn = conn;
    renderConn();
  },
  () => {
    sync();
    if (watch) loadWatch(watch);
  },
);

// a chat offered to me by a networker (docs/protocol.md, "Handover"): answered here; once
// accepted it is mine in the duty console
socket.on("handover.update", (ev) => {
  if (ev?.handover) offers.set(ev.handover);
});

/** The offers to me still waiting (console.sync lists them), after every (re)connect. */
async function loadOffers() {
  const reply = await call(socket, "console.sync", {}, 10000);
  if (!reply.ok) return;
  offers.clear();
  for (const handover of reply.handovers || []) offers.set(handover);
}

socket.on("escalation.new", (e) => {
  if (!e?.id) return;
  upsertEscalation(e);
  // one I raised by hand myself is no alarm for me
  if (isMe(e.raised_by)) seen.add(e.id);
  else announceNew(e);
});
/** `updated` reasons that say the chat changed (hands or status), not that the signal got stronger */
const CHAT_CHANGES = new Set(["assigned", "reassigned", "requeued", "closed"]);
socket.on("escalation.update", (ev) => {
  const e = ev?.escalation;
  if (!e?.id) return;
  const mine = isMe(ev.by); // caused by my own action (this tab or another): no alarm
  if (ev.op === "resolved" || e.status === "resolved") {
    removeEscalation(e.id);
    if (!mine) announce(t("announce_resolved", { name: e.resolved_by?.name || "" }), false);
  } else {
    upsertEscalation(e);
    if (ev.op === "overdue") announceOverdue(e);
    else if (ev.op === "acknowledged") {
      if (!mine) announce(t("announce_acknowledged", { name: e.acknowledged_by?.name || "" }), false);
    } else if (ev.op === "updated" && !mine && !CHAT_CHANGES.has(ev.reason || "")) announceNew(e, true);
  }
  if (watch && watch.id === e.conversation_id) followWatch(e);
});
// A burst of escalations from new visitors: shown as a possible flood above the list, and each
// of its escalations tagged. Nothing is hidden or merged: every one stays listed and alerted.
socket.on("escalation.burst", (ev) => {
  if (ev && Array.isArray(ev.escalation_ids)) setBurst(ev);
});
socket.on("queue.update", (q) => {
  if (q && typeof q === "object") setQueue(q);
});
socket.on("team.update", (ev) => {
  if (ev && Array.isArray(ev.team)) setTeam(ev.team, ev.server_time);
});
socket.on("message.new", (m) => {
  if (!m || !watch || m.conversation_id !== watch.id) return;
  if (watch.thread.merge([m]).length) renderWatchLog();
  watchGaps.check(watch.thread);
});
// a gap in the open transcript: watch again from the last contiguous seq
const watchGaps = new GapWatch(() => {
  if (watch) loadWatch(watch);
});
// the open transcript was erased at the visitor's request: its messages leave the panel at once
// (and escalation cards of it lose the excerpt and matched words, as the server erased them)
socket.on("conversation.erased", (ev) => {
  if (!ev) return;
  for (const e of Array.from(state.escalations.values())) {
    if (e.conversation_id === ev.conversation_id)
      upsertEscalation(Object.assign({}, e, { excerpt: null, matches: [], reason: null, note: null }));
  }
  if (!watch || ev.conversation_id !== watch.id) return;
  showErased(watch.el.log, watch.thread, watch.msgEls, t(ev.reason === "retention" ? "erased_retention" : "erased_by_visitor"));
});
socket.on("conversation.update", (ev) => {
  // A chat assigned to me (after a take-over) or taken from me; keep the open panel right.
  if (!ev?.conversation || !watch || ev.conversation.id !== watch.id) return;
  watch.conv = ev.conversation;
  renderWatch();
});

async function sync() {
  const reply = await call(socket, "supervisor.sync", {}, 10000);
  if (!reply.ok) {
    if (reply.error && reply.error.code === "forbidden") {
      state.conn = "forbidden";
      renderConn();
      return;
    }
    if (socket.connected) setTimeout(sync, 3000);
    return;
  }
  setOffset(reply.server_time);
  setBurst(reply.burst || null);
  loadOffers();
  const fresh = new Map();
  for (const e of reply.escalations || []) if (e?.id) fresh.set(e.id, e);
  for (const id of Array.from(state.escalations.keys())) if (!fresh.has(id)) removeEscalation(id, true);
  const unseen = [];
  for (const e of fresh.values()) {
    if (!seen.has(e.id) && e.status === "raised" && !isMe(e.raised_by)) unseen.push(e);
    upsertEscalation(e, true);
  }
  renderEscalations();
  if (unseen.length === 1) announceNew(unseen[0]);
  else if (unseen.length > 1) {
    for (const e of unseen) seen.add(e.id);
    alertAll(
      t("announce_waiting", { count: unseen.length }),
      unseen.map((e) => e.id),
    );
  }
  setQueue(Object.assign({}, reply.queue || {}, { server_time: reply.server_time }));
  setTeam(reply.team || [], reply.server_time);
  state.synced = true;
}

/**
 * @param {string | null | undefined} serverTime
 */
function setOffset(serverTime) {
  const at = Date.parse(serverTime || "");
  if (!Number.isNaN(at)) state.offset = at - Date.now();
}
function serverNow() {
  return Date.now() + state.offset;
}
/**
 * @param {string | null | undefined} iso
 */
function secondsSince(iso) {
  const at = Date.parse(iso || "");
  return Number.isNaN(at) ? 0 : (serverNow() - at) / 1000;
}

/**
 * @param {StaffRef | null | undefined} who
 */
function isMe(who) {
  return !!who && !!state.me && who.id === state.me.id;
}

/**
 * The open transcript's chat changed (an escalation update carries its status and networker).
 * @param {Escalation} e
 */
function followWatch(e) {
  if (!watch) return;
  const c = e.conversation;
  if (watch.conv && c) {
    watch.conv = Object.assign({}, watch.conv, {
      status: c.status,
      networker: c.networker ? { id: c.networker.id, name: c.networker.name } : null,
    });
    renderWatch();
  } else renderWatchHead();
}

// ---------------------------------------------------------------- escalations

/**
 * @param {Escalation} a
 * @param {Escalation} b
 */
function sortKey(a, b) {
  const rank = (SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0);
  if (rank) return rank;
  return (Date.parse(a.raised_at) || 0) - (Date.parse(b.raised_at) || 0);
}

/**
 * @param {Escalation} e
 * @param {boolean} [quiet]
 */
function upsertEscalation(e, quiet) {
  state.escalations.set(e.id, e);
  let card = cards.get(e.id);
  if (!card) {
    card = buildCard(e);
    cards.set(e.id, card);
  }
  updateCard(card, e);
  if (!quiet) renderEscalations();
}

/**
 * @param {string} id
 * @param {boolean} [quiet]
 */
function removeEscalation(id, quiet) {
  state.escalations.delete(id);
  const card = cards.get(id);
  if (card) {
    const hadFocus = card.el.contains(document.activeElement);
    card.el.remove();
    cards.delete(id);
    if (hadFocus) escList.focus();
  }
  if (!quiet) renderEscalations();
  if (!Array.from(state.escalations.values()).some((x) => x.status === "raised")) notifier.stop();
  // an alarm ends with its escalation
  if (alarmFor.delete(id) && !alarmFor.size) clearAlarm();
}

/** @type {ReturnType<typeof setTimeout> | null} */
let burstTimer = null;

/** @param {EscalationBurst | null} burst */
function setBurst(burst) {
  const before = new Set(state.burst?.escalation_ids || []);
  state.burst = burst;
  const after = new Set(burst?.escalation_ids || []);
  for (const id of new Set([...before, ...after])) {
    const card = cards.get(id);
    const e = state.escalations.get(id);
    if (card && e && before.has(id) !== after.has(id)) updateCard(card, e);
  }
  renderBurst();
}

function renderBurst() {
  if (burstTimer !== null) clearTimeout(burstTimer);
  burstTimer = null;
  const b = state.burst;
  const left = b ? Date.parse(b.until) - (Date.now() + state.offset) : 0;
  if (!b || !(left > 0)) {
    burstEl.hidden = true;
    if (b) setBurst(null); // the window passed with no more of them
    return;
  }
  const minutes = Math.max(1, Math.round(b.window_seconds / 60));
  setChildren(burstEl, h("strong", { text: t("burst_banner", { count: b.count, minutes }) }), " ", h("span", { text: t("burst_hint") }));
  burstEl.hidden = false;
  burstTimer = setTimeout(renderBurst, Math.min(left + 50, 2 ** 31 - 1));
}

function renderEscalations() {
  const ordered = Array.from(state.escalations.values()).sort(sortKey);
  escCount.textContent = t("esc_count", { count: ordered.length });
  escEmpty.hidden = ordered.length > 0;
  // move cards only when the order changed (moving a node takes the keyboard focus away)
  const current = Array.from(escList.children);
  ordered.forEach((e, i) => {
    const el = cards.get(e.id)?.el;
    if (el && current[i] !== el) escList.insertBefore(el, escList.children[i] || null);
  });
}

/**
 * @param {StaffRef | null | undefined} who
 */
function personName(who) {
  return who?.name || "";
}

/**
 * @param {Escalation} e
 */
function buildCard(e) {
  const id = `ns-esc-${e.id.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const parts = {};
  parts.badges = h("span", { class: "ns-esc__badges" });
  parts.timer = h("span", { class: "ns-timer", "data-raised": e.raised_at });
  parts.title = h("h3", { class: "ns-esc__title", id: `${id}-h`, dir: "auto" });
  parts.status = h("p", { class: "ns-esc__status" });
  parts.reason = h("dl", { class: "ns-esc__reason" });
  parts.msg = h("p", { class: "nc-error", role: "status", hidden: true });
  parts.ack = h("button", {
    type: "button",
    class: "nc-btn nc-btn--primary",
    "data-action": "ack",
    text: t("ack"),
    onclick: () => acknowledge(e.id),
  });
  parts.open = h("button", {
    type: "button",
    class: "nc-btn",
    "data-action": "open",
    text: t("open"),
    onclick: () => openWatch(e.conversation_id),
  });
  parts.join = h("button", {
    type: "button",
    class: "nc-btn",
    "data-action": "join",
    text: t("join"),
    onclick: () => supervisorJoin(e.conversation_id, card),
  });
  parts.takeover = h("button", {
    type: "button",
    class: "nc-btn",
    "data-action": "takeover",
    text: t("takeover"),
    onclick: () => takeover(e.conversation_id, card),
  });
  parts.reassignSelect = h("select", { id: `${id}-to`, class: "nc-input", "data-field": "reassign" });
  parts.reassignBtn = h("button", {
    type: "button",
    class: "nc-btn",
    "data-action": "reassign",
    text: t("reassign"),
    onclick: () => reassign(card),
  });
  parts.outcome = h(
    "select",
    { id: `${id}-outcome`, class: "nc-input", "data-field": "outcome" },
    h("option", { value: "", text: t("resolve_choose") }),
    OUTCOMES.map((o) => h("option", { value: o, text: t(`outcome_${o}`) })),
  );
  parts.note = h("textarea", { id: `${id}-note`, class: "nc-textarea", rows: "2", maxlength: "2000", "data-field": "note" });
  parts.resolveBtn = h("button", {
    type: "button",
    class: "nc-btn nc-btn--danger",
    "data-action": "resolve",
    text: t("resolve"),
    onclick: () => resolve(card),
  });
  parts.resolveBox = h(
    "details",
    { class: "nc-close ns-resolve" },
    h("summary", { text: t("resolve_summary") }),
    h("label", { for: `${id}-outcome`, class: "nc-label", text: t("resolve_outcome") }),
    parts.outcome,
    h("label", { for: `${id}-note`, class: "nc-label", text: t("resolve_note") }),
    parts.note,
    parts.resolveBtn,
  );
  parts.reassignBox = h(
    "div",
    { class: "ns-reassign" },
    h("label", { for: `${id}-to`, class: "nc-label", text: t("reassign_label") }),
    h("div", { class: "ns-reassign__row" }, parts.reassignSelect, parts.reassignBtn),
  );
  const el = h(
    "li",
    { class: "ns-esc", "data-escalation": e.id, "aria-labelledby": `${id}-h`, tabindex: "-1" },
    h(
      "div",
      { class: "ns-esc__head" },
      parts.badges,
      parts.title,
      h("span", { class: "ns-esc__since" }, t("since_raised"), " ", parts.timer),
    ),
    parts.status,
    parts.reason,
    h("div", { class: "ns-esc__actions" }, parts.ack, parts.open, parts.join, parts.takeover),
    parts.reassignBox,
    parts.resolveBox,
    parts.msg,
  );
  const card = { id: e.id, el, parts };
  fillReassign(card);
  return card;
}

/**
 * @param {Card} card
 * @param {Escalation} e
 */
function updateCard(card, e) {
  const p = card.parts;
  const conv = e.conversation || NO_CONV;
  card.el.className =
    "ns-esc ns-esc--" +
    e.severity +
    (e.overdue && e.status === "raised" ? " ns-esc--overdue" : "") +
    (e.status === "raised" ? " ns-esc--raised" : " ns-esc--acknowledged");
  card.el.setAttribute("data-status", e.status);
  setChildren(
    p.badges,
    riskBadge(e.severity, t) || h("strong", { class: "nc-badge", text: e.severity }),
    e.overdue && e.status === "raised" ? h("strong", { class: "nc-badge ns-badge--overdue", text: t("overdue") }) : null,
    e.status === "acknowledged" ? h("span", { class: "nc-badge ns-badge--ack", text: t("status_acknowledged") }) : null,
    state.burst?.escalation_ids.includes(e.id) ? h("span", { class: "nc-badge ns-badge--burst", text: t("burst_tag") }) : null,
  );
  p.title.textContent = plain(conv.nickname || t("anonymous"));
  p.timer.setAttribute("data-raised", e.raised_at || "");
  p.timer.textContent = fmtDuration(secondsSince(e.raised_at));
  const networker = conv.networker
    ? t("networker_is", { name: conv.networker.name })
    : conv.status === "queued"
      ? t("in_queue")
      : t("no_networker");
  const facts = [t(`conv_${conv.status || "active"}`), networker, ...originFacts(conv, t, LANG)].filter(Boolean);
  const statusText =
    e.status === "acknowledged"
      ? t("acknowledged_by", {
          name: personName(e.acknowledged_by),
          time: fmtDuration((Date.parse(e.acknowledged_at || "") - Date.parse(e.raised_at)) / 1000 || 0),
        })
      : t("status_raised");
  p.status.textContent = `${statusText} · ${facts.join(" · ")}`;
  /** @type {Element[]} */
  const rows = [];
  /**
   * @param {string} label
   * @param {import("./common.js").Child} value
   * @param {string} [cls]
   */
  const add = (label, value, cls) => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    rows.push(h("div", { class: cls || null }, h("dt", { text: label }), h("dd", null, value)));
  };
  add(t("categories"), (e.categories || []).map((c) => t(`category_${c}`)).join(", "));
  const phrases = Array.from(new Set((e.matches || []).map((m) => m?.phrase).filter(Boolean)));
  add(
    t("matched"),
    phrases.map((ph) => h("mark", { class: "ns-phrase", text: ph })),
    "ns-esc__matches",
  );
  add(t("excerpt"), e.excerpt ? h("blockquote", { class: "ns-excerpt", text: e.excerpt }) : null);
  add(t("manual_reason"), e.reason ? h("span", { class: "ns-manual", text: e.reason }) : null);
  add(t("source"), t(`source_${e.source}`) + (e.raised_by ? ` (${personName(e.raised_by)})` : ""));
  p.reason.replaceChildren(...rows);
  p.ack.hidden = e.status !== "raised";
  const open = conv.status !== "closed";
  p.join.hidden = !open;
  p.takeover.hidden = !open || !!(conv.networker && state.me && conv.networker.id === state.me.id);
  p.reassignBox.hidden = !open;
  fillReassign(card);
}

/**
 * The reassign choice: networkers on duty with room, not the one who has the chat now.
 * @param {Card} card
 */
function fillReassign(card) {
  const e = state.escalations.get(card.id);
  const current = e?.conversation?.networker ? e.conversation.networker.id : null;
  const select = card.parts.reassignSelect;
  const chosen = select.value;
  const options = state.team
    .filter((m) => m.on_duty && m.id !== current)
    .map((m) =>
      h("option", {
        value: m.id,
        text: t("team_option", { name: m.name, load: m.load, capacity: m.capacity }) + (m.load >= m.capacity ? ` · ${t("team_full")}` : ""),
      }),
    );
  select.replaceChildren(h("option", { value: "", text: options.length ? t("reassign_choose") : t("reassign_nobody") }), ...options);
  if (chosen && options.some((o) => o.value === chosen)) select.value = chosen;
  card.parts.reassignBtn.disabled = !options.length;
}

/**
 * @param {Card | null | undefined} card
 * @param {string} text
 * @param {boolean} isError
 */
function cardMessage(card, text, isError) {
  if (!card) return;
  card.parts.msg.textContent = text || "";
  card.parts.msg.className = isError ? "nc-error" : "nc-done";
  card.parts.msg.hidden = !text;
}

/**
 * @param {AckError} reply
 */
function replyError(reply) {
  return errorText(reply.error?.code || "unavailable", { seconds: reply.retry_after });
}

/**
 * @param {string} escalationId
 */
async function acknowledge(escalationId) {
  const card = cards.get(escalationId);
  if (card) card.parts.ack.disabled = true;
  const reply = await call(socket, "escalation.ack", { escalation_id: escalationId }, 10000);
  if (card) card.parts.ack.disabled = false;
  if (!reply.ok) return cardMessage(card, replyError(reply), true);
  cardMessage(card, "", false);
  if (reply.escalation) upsertEscalation(reply.escalation);
  if (!Array.from(state.escalations.values()).some((x) => x.status === "raised")) notifier.stop();
  if (card) card.parts.open.focus();
}

/**
 * @param {Card} card
 */
async function resolve(card) {
  const outcome = /** @type {EscalationOutcome | ""} */ (card.parts.outcome.value);
  if (!outcome) {
    cardMessage(card, t("resolve_choose"), true);
    card.parts.outcome.focus();
    return;
  }
  const note = card.parts.note.value.trim();
  card.parts.resolveBtn.disabled = true;
  const reply = await call(
    socket,
    "escalation.resolve",
    { escalation_id: card.id, outcome, note: note ? note.slice(0, 2000) : null },
    10000,
  );
  card.parts.resolveBtn.disabled = false;
  if (!reply.ok) return cardMessage(card, replyError(reply), true);
  removeEscalation(card.id);
  announce(t("done_resolved"), false);
}

/**
 * @param {string} conversationId
 * @param {StaffConversation | undefined} conv
 */
function applyConversation(conversationId, conv) {
  // the escalation cards of this chat show the new networker / status at once
  for (const e of state.escalations.values()) {
    if (e.conversation_id !== conversationId || !conv) continue;
    e.conversation = Object.assign({}, e.conversation, {
      status: conv.status,
      networker: conv.networker ? { id: conv.networker.id, name: conv.networker.name } : null,
    });
    const card = cards.get(e.id);
    if (card) updateCard(card, e);
  }
  if (watch && watch.id === conversationId && conv) {
    watch.conv = conv;
    renderWatch();
  }
}

/**
 * @param {string} conversationId
 * @param {Card | null} card
 */
async function supervisorJoin(conversationId, card) {
  const reply = await call(socket, "supervisor.join", { conversation_id: conversationId }, 10000);
  if (!reply.ok) {
    cardMessage(card, replyError(reply), true);
    if (watch && watch.id === conversationId) setWatchError(replyError(reply));
    return;
  }
  cardMessage(card, t("done_joined"), false);
  if (!watch || watch.id !== conversationId) await openWatch(conversationId);
  if (watch && watch.id === conversationId) {
    watch.joined = true;
    applyConversation(conversationId, reply.conversation);
    flushWatch();
    watch.el.text.focus();
  }
}

/**
 * @param {string} conversationId
 * @param {Card | null} card
 */
async function takeover(conversationId, card) {
  const reply = await call(socket, "supervisor.takeover", { conversation_id: conversationId }, 10000);
  if (!reply.ok) {
    cardMessage(card, replyError(reply), true);
    if (watch && watch.id === conversationId) setWatchError(replyError(reply));
    return;
  }
  cardMessage(card, t("done_takeover"), false);
  applyConversation(conversationId, reply.conversation);
  if (!watch || watch.id !== conversationId) await openWatch(conversationId);
}

/**
 * @param {Card} card
 */
async function reassign(card) {
  const e = state.escalations.get(card.id);
  const staffId = card.parts.reassignSelect.value;
  if (!e) return;
  if (!staffId) {
    cardMessage(card, t("reassign_choose"), true);
    card.parts.reassignSelect.focus();
    return;
  }
  card.parts.reassignBtn.disabled = true;
  const reply = await call(socket, "supervisor.reassign", { conversation_id: e.conversation_id, staff_id: staffId }, 10000);
  card.parts.reassignBtn.disabled = false;
  if (!reply.ok) return cardMessage(card, replyError(reply), true);
  const name = reply.conversation?.networker ? reply.conversation.networker.name : "";
  cardMessage(card, t("done_reassigned", { name }), false);
  applyConversation(e.conversation_id, reply.conversation);
}

// ---------------------------------------------------------------- alerts

const notifier = makeNotifier({ t, prefs, kinds: ["escalation"], idPrefix: "ns", legacySound: "escalation" });

/**
 * @param {string} text
 * @param {boolean} urgent
 */
function announce(text, urgent) {
  const region = urgent ? liveAssertive : livePolite;
  region.textContent = "";
  // a new text node so screen readers announce a repeated text too
  setTimeout(() => (region.textContent = text), 50);
}

/** @type {Set<string>} ids of the escalations the alarm on screen (banner, title) is about */
const alarmFor = new Set();

function clearAlarm() {
  alarmFor.clear();
  banner.hidden = true;
  banner.replaceChildren();
  liveAssertive.textContent = "";
  notifier.stop();
}

/**
 * @param {string} text
 * @param {string[]} ids the escalations it is about (it ends when they are all resolved)
 */
function alertAll(text, ids) {
  for (const id of ids) alarmFor.add(id);
  announce(text, true);
  banner.replaceChildren(
    h("strong", { text }),
    " ",
    h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("show"), onclick: showFirstRaised }),
  );
  banner.hidden = false;
  notifier.notify("escalation", t("notify_escalation"), true);
}

/**
 * @param {Escalation} e
 */
function describe(e) {
  const cats = (e.categories || []).map((c) => t(`category_${c}`)).join(", ");
  return t("announce_new", { severity: t(`risk_${e.severity}`), categories: cats || t("category_unspecified") });
}

/**
 * @param {Escalation} e
 * @param {boolean} [strengthened]
 */
function announceNew(e, strengthened) {
  if (!strengthened && seen.has(e.id)) return;
  seen.add(e.id);
  alertAll(strengthened ? t("announce_updated", { severity: t(`risk_${e.severity}`) }) : describe(e), [e.id]);
  const card = cards.get(e.id);
  if (card) {
    card.el.classList.remove("ns-esc--flash");
    void card.el.offsetWidth; // restart the highlight animation
    card.el.classList.add("ns-esc--flash");
  }
}

/**
 * @param {Escalation} e
 */
function announceOverdue(e) {
  alertAll(t("announce_overdue", { severity: t(`risk_${e.severity}`), time: fmtDuration(secondsSince(e.raised_at)) }), [e.id]);
}

function showFirstRaised() {
  banner.hidden = true;
  alarmFor.clear();
  const first = Array.from(state.escalations.values())
    .sort(sortKey)
    .find((e) => e.status === "raised");
  const card = first && cards.get(first.id);
  if (card) {
    card.el.scrollIntoView({ block: "nearest" });
    card.parts.ack.focus();
  }
}

// ---------------------------------------------------------------- the open conversation

/**
 * The open conversation's sender (delivery.js); its outbox outlives the panel.
 * @param {Watch} w
 */
function watchSender(w) {
  return new Sender(outboxes.of(w.id), {
    canSend: () => socket.connected && watch === w && w.subscribed && canWrite(w),
    send: (item) => call(socket, "message.send", { conversation_id: w.id, client_id: item.client_id, text: item.text }, SEND_TIMEOUT_MS),
    onSent(reply) {
      if (w.error?.transient) setWatchError("");
      if (reply.message) w.thread.merge([reply.message]);
      renderWatchLog();
    },
    onTransient(code, params) {
      setWatchError(errorText(code, params), true);
    },
    onFailed(item, code) {
      w.failed.push({ client_id: item.client_id, text: item.text, code });
      if (!w.el.text.value) w.el.text.value = item.text.slice(0, MAX);
      setWatchError(errorText(code));
      renderWatchLog();
    },
  });
}

/**
 * @param {Watch} w
 */
function canWrite(w) {
  const conv = w.conv || NO_CONV;
  const mine = conv.networker && state.me && conv.networker.id === state.me.id;
  return conv.status === "active" && (w.joined || !!mine);
}

/**
 * @param {string} conversationId
 */
async function openWatch(conversationId) {
  if (watch && watch.id === conversationId) {
    watch.el.log.focus();
    return;
  }
  closeWatch(true);
  /** @type {Omit<Watch, "sender" | "el">} */
  const base = {
    id: conversationId,
    conv: null,
    thread: new Thread(),
    msgEls: new Map(),
    failed: [],
    joined: false,
    subscribed: false,
    error: null,
  };
  const w = /** @type {Watch} */ (base); // sender and el are added just below
  w.sender = watchSender(w);
  watch = w;
  w.el = buildWatch(w);
  watchPanel.replaceChildren(w.el.root);
  watchPanel.hidden = false;
  renderWatch();
  await loadWatch(w);
  if (watch === w) w.el.title.focus();
}

/** (Re)subscribe to the open conversation and catch up from its last seq. @param {Watch} w */
async function loadWatch(w) {
  const reply = await catchUp(
    w.thread,
    (lastSeq) => call(socket, "conversation.watch", { conversation_id: w.id, last_seq: lastSeq }, 10000),
    (page) => {
      if (watch !== w) return "stop";
      if (page.conversation) w.conv = page.conversation;
      w.thread.merge(page.messages || []);
      return undefined;
    },
  );
  if (watch !== w) return;
  if (!reply.ok) {
    setWatchError(replyError(reply));
    return;
  }
  w.subscribed = true;
  renderWatch();
  flushWatch();
}

/**
 * @param {boolean} quiet
 */
function closeWatch(quiet) {
  if (!watch) return;
  const w = watch;
  watch = null;
  w.sender.stop();
  if (socket.connected) call(socket, "conversation.unwatch", { conversation_id: w.id }, 5000);
  watchPanel.replaceChildren(watchEmpty);
  if (!quiet) escList.focus();
}

function flushWatch() {
  if (watch) watch.sender.flush();
}

/**
 * The side panel's elements.
 * @param {Watch} w
 */
function buildWatch(w) {
  const title = h("h2", { class: "nc-panel__title", id: "ns-watch-h", tabindex: "-1" });
  const facts = h("p", { class: "nc-chat__facts" });
  const risk = h("p", { class: "nc-chat__risk" });
  const status = h("p", { class: "nc-chat__status", role: "status" });
  const close = h("button", {
    type: "button",
    class: "nc-btn nc-btn--small",
    id: "ns-watch-close",
    text: t("watch_close"),
    onclick: () => closeWatch(false),
  });
  const join = h("button", {
    type: "button",
    class: "nc-btn nc-btn--small",
    id: "ns-watch-join",
    text: t("join"),
    onclick: () => supervisorJoin(w.id, null),
  });
  const take = h("button", {
    type: "button",
    class: "nc-btn nc-btn--small",
    id: "ns-watch-takeover",
    text: t("takeover"),
    onclick: () => takeover(w.id, null),
  });
  const log = h("ol", {
    class: "nc-log ns-watch__log",
    "aria-live": "polite", // no role="log": it would take the list semantics from the <li>s
    "aria-relevant": "additions",
    "aria-labelledby": "ns-watch-h",
    tabindex: "0",
  });
  const text = h("textarea", {
    dir: "auto",
    id: "ns-watch-text",
    class: "nc-textarea",
    rows: "3",
    maxlength: String(MAX),
    placeholder: t("message_placeholder"),
    "aria-describedby": "ns-watch-counter ns-watch-error",
  });
  const counter = h("span", { id: "ns-watch-counter", class: "nc-counter" });
  const error = h("p", { id: "ns-watch-error", class: "nc-error", role: "alert", hidden: true });
  // before the Enter-to-send handler below: while its list is open, Enter inserts a reply
  const canned = cannedPicker({
    textarea: text,
    id: "ns-watch",
    t,
    errorText,
    getSocket: () => socket,
    getLang: () => w.conv?.visitor_lang || w.conv?.language || LANG,
  });
  const form = h(
    "form",
    {
      class: "nc-composer",
      novalidate: true,
      onsubmit: (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        sendWatch();
      },
    },
    h("label", { for: "ns-watch-text", class: "nc-visually-hidden", text: t("message_label") }),
    text,
    canned.el,
    h("div", { class: "nc-composer__row" }, counter, h("button", { type: "submit", class: "nc-btn nc-btn--primary", text: t("send") })),
  );
  text.addEventListener("input", renderWatchCounter);
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendWatch();
    }
  });
  const root = h(
    "section",
    { class: "nc-chat ns-watch", "aria-labelledby": "ns-watch-h", "data-conversation": w.id },
    h("header", { class: "nc-chat__head" }, h("div", null, title, risk, facts), h("div", { class: "nc-chat__tools" }, join, take, close)),
    status,
    log,
    form,
    error,
  );
  return { root, title, facts, risk, status, close, join, take, log, text, counter, error, form };
}

function renderWatch() {
  if (!watch) return;
  renderWatchHead();
  const w = watch;
  const conv = w.conv || NO_CONV;
  const writable = canWrite(w);
  const mine = conv.networker && state.me && conv.networker.id === state.me.id;
  w.el.form.hidden = !writable;
  w.el.join.hidden = writable || conv.status !== "active";
  w.el.take.hidden = !!mine || conv.status === "closed" || !w.conv;
  let status = t("watch_loading");
  if (w.conv) {
    if (conv.status === "closed") status = t("watch_closed");
    else if (mine) status = t("watch_mine");
    else if (writable) status = t("watch_joined");
    else status = conv.status === "queued" ? t("watch_queued") : t("watch_readonly");
  }
  w.el.status.textContent = status;
  renderWatchLog();
  renderWatchCounter();
}

function renderWatchHead() {
  if (!watch) return;
  const conv = watch.conv || NO_CONV;
  watch.el.title.textContent = plain(t("watch_heading", { name: conv.nickname || t("anonymous") }));
  const networker = conv.networker ? t("networker_is", { name: conv.networker.name }) : null;
  watch.el.facts.textContent = [Number(conv.priority) > 0 ? t("urgent") : null, networker, ...originFacts(conv, t, LANG)]
    .filter(Boolean)
    .join(" · ");
  const badge = riskBadge(conv.risk, t);
  watch.el.risk.replaceChildren(...(badge ? [badge] : []));
  watch.el.risk.hidden = !badge;
}

function renderWatchLog() {
  if (!watch) return;
  const w = watch;
  const myName = state.me?.name;
  const pending = w.failed.map((f) => pendingEl(f, f.code, myName, t));
  for (const item of w.thread.pending(w.sender.outbox.list())) pending.push(pendingEl(item, null, myName, t));
  renderThread(w.el.log, w.thread, w.msgEls, (m) => messageEl(m, { t, lang: LANG, visitorName: w.conv?.nickname }), pending);
}

function renderWatchCounter() {
  if (!watch) return;
  const n = watch.el.text.value.length;
  watch.el.counter.textContent = t("counter", { count: n, max: MAX });
  watch.el.counter.classList.toggle("nc-counter--near", n > MAX * 0.9);
}

/**
 * @param {string} text
 * @param {boolean} [transient]
 */
function setWatchError(text, transient) {
  if (!watch) return;
  watch.error = text ? { text, transient: !!transient } : null;
  watch.el.error.textContent = text || "";
  watch.el.error.hidden = !text;
}

function sendWatch() {
  const w = watch;
  if (!w) return;
  const text = w.el.text.value;
  if (!text.trim()) return setWatchError(errorText("empty"));
  if (text.length > MAX) return setWatchError(errorText("too_long"));
  setWatchError("");
  w.el.text.value = "";
  renderWatchCounter();
  w.sender.outbox.add({ client_id: randomId(16), text });
  renderWatchLog();
  flushWatch();
  w.el.text.focus();
}

// ---------------------------------------------------------------- queue and team

/**
 * @param {{total: number, items: QueueItem[], server_time?: string}} q
 */
function setQueue(q) {
  state.queue = { total: Number(q.total) || 0, items: Array.isArray(q.items) ? q.items : [] };
  if (q.server_time) setOffset(q.server_time);
  renderQueue();
}

/**
 * @param {TeamMember[]} team
 * @param {string} [serverTime]
 */
function setTeam(team, serverTime) {
  state.team = team.filter((m) => m?.id);
  if (serverTime) setOffset(serverTime);
  renderTeam();
  for (const card of cards.values()) fillReassign(card);
}

function renderQueue() {
  queueCount.textContent = t("queue_count", { count: state.queue.total });
  queueEmpty.hidden = state.queue.items.length > 0;
  queueRows.render(state.queue.items);
}

function renderTeam() {
  const onDuty = state.team.filter((m) => m.on_duty).length;
  teamCount.textContent = t("team_count", { count: onDuty });
  teamEmpty.hidden = state.team.length > 0;
  teamList.replaceChildren(
    ...state.team.map((m) => {
      const full = m.load >= m.capacity;
      return h(
        "li",
        { class: `ns-member${full ? " ns-member--full" : ""}${m.on_duty ? "" : " ns-member--off"}`, "data-staff": m.id },
        h("span", { class: "ns-member__name", text: m.name }),
        m.role !== "networker" ? h("span", { class: "nc-badge", text: t(`role_${m.role}`) }) : null,
        h("span", {
          class: "ns-member__load",
          text: m.on_duty ? t("team_load", { load: m.load, capacity: m.capacity }) : t("team_off", { load: m.load }),
        }),
        h("meter", { min: "0", max: String(Math.max(1, m.capacity)), value: String(m.load), "aria-hidden": "true" }),
      );
    }),
  );
}

// timers: every second, from server time
setInterval(() => {
  for (const el of document.querySelectorAll("[data-raised]")) el.textContent = fmtDuration(secondsSince(el.getAttribute("data-raised")));
  for (const el of document.querySelectorAll("[data-queued]")) el.textContent = fmtDuration(secondsSince(el.getAttribute("data-queued")));
}, 1000);

// ---------------------------------------------------------------- DOM

const root = document.getElementById("nc-app") || document.body.appendChild(h("div", { id: "nc-app" }));
const connEl = h("div", { class: "nc-conn", role: "status", "aria-live": "polite" });
const liveAssertive = h("div", {
  class: "nc-visually-hidden",
  id: "ns-announce",
  role: "alert",
  "aria-live": "assertive",
  "aria-atomic": "true",
});
const livePolite = h("div", {
  class: "nc-visually-hidden",
  id: "ns-announce-polite",
  role: "status",
  "aria-live": "polite",
  "aria-atomic": "true",
});
const banner = h("div", { class: "ns-banner", id: "ns-banner", hidden: true });

const escCount = h("span", { class: "nc-count" });
const escEmpty = h("p", { class: "nc-empty", text: t("esc_empty") });
const burstEl = h("div", { class: "ns-burst", id: "ns-burst", role: "status", hidden: true });
const escList = h("ol", { class: "ns-esc__list", id: "ns-escalations", tabindex: "-1", "aria-labelledby": "ns-esc-h" });
const escPanel = h(
  "section",
  { class: "nc-panel ns-escalations", "aria-labelledby": "ns-esc-h" },
  h(
    "div",
    { class: "nc-panel__head" },
    h("h2", { id: "ns-esc-h", class: "nc-panel__title" }, t("esc_heading"), " ", escCount),
    notifier.settings(),
  ),
  burstEl,
  escEmpty,
  escList,
);

const offers = offersPanel({
  t,
  errorText,
  getSocket: () => socket,
  myId: () => state.me?.id,
  serverOffset: () => state.offset,
  onAccepted: () => location.assign("/console"),
});

const watchEmpty = h("p", { class: "nc-empty", text: t("watch_none") });
const watchPanel = h("div", { class: "ns-watch__slot", id: "ns-watch" }, watchEmpty);

const queueCount = h("span", { class: "nc-count" });
const queueEmpty = h("p", { class: "nc-empty", text: t("queue_empty_list") });
const queueList = h("ol", { class: "nc-queue__list", id: "ns-queue" });
/** The queue's rows (staffchat.js `QueueRows`: an Open pressed while the queue updates holds). */
const queueRows = new QueueRows(queueList, (item, i) =>
  queueRowEl(
    item,
    t,
    LANG,
    h("span", { class: "nc-wait", "data-queued": item.queued_at || "", text: fmtDuration(secondsSince(item.queued_at)) }),
    h("button", {
      type: "button",
      class: "nc-btn nc-btn--small",
      text: t("open"),
      // several anonymous visitors wait at once: the place in the queue tells them apart
      "aria-label": t("open_aria", { name: plain(item.nickname || t("anonymous")), position: i + 1 }),
      onclick: () => openWatch(item.id),
    }),
  ),
);
const queuePanel = h(
  "section",
  { class: "nc-panel nc-queue", "aria-labelledby": "ns-queue-h" },
  h("h2", { id: "ns-queue-h", class: "nc-panel__title" }, t("queue_heading"), " ", queueCount),
  queueEmpty,
  queueList,
);

const teamCount = h("span", { class: "nc-count" });
const teamEmpty = h("p", { class: "nc-empty", text: t("team_empty") });
const teamList = h("ul", { class: "ns-team__list", id: "ns-team" });
const teamPanel = h(
  "section",
  { class: "nc-panel ns-team", "aria-labelledby": "ns-team-h" },
  h("h2", { id: "ns-team-h", class: "nc-panel__title" }, t("team_heading"), " ", teamCount),
  teamEmpty,
  teamList,
);

// the page's <h1> (supervisor.html, for screen readers) stays; the rest is built here
root.replaceChildren(
  ...root.querySelectorAll(":scope > h1"),
  connEl,
  liveAssertive,
  livePolite,
  banner,
  h(
    "div",
    { class: "ns-layout" },
    h("div", { class: "ns-main" }, escPanel),
    h("div", { class: "ns-side" }, offers.el, watchPanel, queuePanel, teamPanel),
  ),
);

function renderConn() {
  renderConnBanner(connEl, state.conn, t, "/supervisor");
}

renderConn();
renderEscalations();
renderQueue();
renderTeam();
socket.connect();
