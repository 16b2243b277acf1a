// @ts-check
// netreach duty console (namespace /console; the session cookie authenticates, same origin).
// Same delivery rules as the widget: outbox in sessionStorage until acked, join with last_seq on
// every (re)connect, resend in order, de-duplicate by seq. Message HTML only from `html`.

import { cannedPicker } from "./canned_ui.js";
import { casePanel } from "./case_ui.js";
import { chatList, previewText, RECENT_MAX, shortRef, sortChats, urgencyOf } from "./chatlist.js";
import { call, formatClock, h, makeStore, makeTypingSender, plain, randomId, readConfig, setChildren } from "./common.js";
import { catchUp, GapWatch, JOIN_RETRY_MS, OutboxSet, SEND_TIMEOUT_MS, Sender, Thread } from "./delivery.js";
import { offersPanel } from "./handover_ui.js";
import { dueReferralsPanel } from "./referrals_ui.js";
import { resourcePanel, withCard } from "./resources_ui.js";
import {
  connectConsole,
  fmtDuration,
  makeNotifier,
  originFacts,
  QueueRows,
  queueRowEl,
  renderConnBanner,
  renderThread,
  riskBadge,
  SEVERITY_RANK,
  messageEl as sharedMessageEl,
  pendingEl as sharedPendingEl,
  showErased,
  staffPage,
} from "./staffchat.js";

/**
 * @typedef {import("./protocol").StaffConversation} StaffConversation
 * @typedef {import("./protocol").Escalation} Escalation
 * @typedef {import("./protocol").EscalationOp} EscalationOp
 * @typedef {import("./protocol").ErrorCode} ErrorCode
 * @typedef {import("./protocol").Outcome} Outcome
 * @typedef {import("./protocol").Topic} Topic
 * @typedef {import("./protocol").Message} Message
 * @typedef {import("./protocol").Me} Me
 * @typedef {import("./protocol").QueueItem} QueueItem
 * @typedef {import("./protocol").StaffSendAck} StaffSendAck
 * @typedef {import("./protocol").Handover} Handover
 * @typedef {import("./protocol").HandoverTarget} HandoverTarget
 * @typedef {import("./staffchat.js").ConnState} ConnState
 */

/**
 * One chat panel: a conversation assigned to me (or that was, until dismissed).
 * @typedef {object} Chat
 * @property {string} id
 * @property {StaffConversation} conv
 * @property {Thread} thread
 * @property {null | "closed" | "requeued" | "unassigned" | "reassigned" | "handed_over"} readOnly
 * @property {Handover | null} handover the handover by which I accepted this chat (its note is shown first)
 * @property {Handover | null} offer my handover offer of this chat, as last told
 * @property {Escalation | null} escalation the latest escalation event of this chat (banner)
 * @property {EscalationOp | "new" | "raised_by_me"} [escalationOp]
 * @property {string | null} reason
 * @property {boolean | null} online the visitor's presence, as the server last said (null: none to show)
 * @property {boolean} joined
 * @property {boolean} joining
 * @property {{client_id: string, text: string, code: string}[]} failed messages not sent
 * @property {boolean} visitorTyping
 * @property {ReturnType<typeof setTimeout> | undefined} typingTimer
 * @property {{code: string, params: Record<string, unknown>, transient: boolean} | null} error
 * @property {Sender<Extract<StaffSendAck, {ok: true}>>} sender
 * @property {ReturnType<typeof makeTypingSender>} typing
 * @property {ReturnType<typeof buildChat>} el
 * @property {number} unread visitor messages that arrived while this chat was not in front of me
 * @property {number} endedAt when it became read only (browser ms; 0 while open): Recent's order
 * @property {boolean} fresh assigned to me by someone else and not opened yet (its row stands out)
 */

const config = readConfig();
const { lang: LANG, max: MAX, t, errorText } = staffPage(config);
const OUTCOMES = config.outcomes || ["helped", "information_given", "referred", "visitor_left", "no_response", "abusive", "other"];
const TOPICS = config.topics || ["legal", "hiv_sti", "addiction", "mental_health", "housing", "violence", "other"];
const store = makeStore("netreach.console.", "session");
const prefs = makeStore("netreach.console.", "local");

/** @type {{conn: ConnState, me: Me | null, queue: {total: number, items: QueueItem[]}, queueAt: number, offset: number, synced: boolean}} */
const state = {
  conn: "connecting",
  me: config.me && typeof config.me === "object" ? config.me : null,
  queue: { total: 0, items: [] },
  queueAt: Date.now(),
  offset: 0, // server clock − browser clock, ms
  synced: false,
};
/** @type {Map<string, Chat>} conversation id → chat */
const chats = new Map();
/** un-acknowledged messages per conversation, in sessionStorage until acked */
const outboxes = new OutboxSet(store.get("outbox", {}), (data) => store.set("outbox", data));

// ---------------------------------------------------------------- socket

const socket = connectConsole(
  config,
  (conn) => {
    if (conn === "reconnecting") {
      state.synced = false;
      for (const chat of chats.values()) chat.joined = false;
    }
    state.conn = conn;
    renderConn();
  },
  () => sync(),
);

socket.on("queue.update", (q) => {
  if (!q || typeof q !== "object") return;
  setQueue(q);
});
socket.on("duty.update", (me) => {
  if (me && typeof me === "object") {
    state.me = me;
    renderDuty();
  }
});
socket.on("conversation.update", (ev) => {
  if (!ev?.conversation) return;
  const conv = ev.conversation;
  if (ev.op === "assigned") {
    // Chats I take myself need no alert; automatic assignments (or another tab's) do.
    const mine = chats.has(conv.id) || takesInFlight > 0;
    const chat = ensureChat(conv);
    setReadOnly(chat, null);
    setConv(chat, conv);
    renderChat(chat);
    joinChat(chat);
    if (!mine) announceNewChat(chat);
  } else {
    const chat = chats.get(conv.id);
    if (!chat) return;
    setConv(chat, conv);
    // "reassigned": a supervisor took the chat over or gave it to a colleague, or I handed it over
    setReadOnly(
      chat,
      ev.op === "closed" ? "closed" : ev.op === "reassigned" ? (ev.reason === "handover" ? "handed_over" : "reassigned") : "requeued",
    );
    chat.reason = ev.op === "reassigned" ? null : ev.reason || conv.close_reason || null;
    chat.visitorTyping = false;
    failOutbox(chat, ev.op === "closed" ? "closed" : "forbidden");
    renderChat(chat);
    // the chat in front says so in its status line; another one is announced here
    if (chat.id !== activeId) announce(t("announce_chat_left", { name: chatLabel(chat) }), null);
  }
  renderChatsMeta();
});
socket.on("handover.update", (ev) => {
  if (!ev?.handover) return;
  setHandover(ev.handover);
});
socket.on("message.new", (m) => {
  if (!m?.conversation_id) return;
  const chat = chats.get(m.conversation_id);
  if (!chat) return;
  if (m.sender === "visitor") setVisitorTyping(chat, false);
  if (m.sender === "visitor" && raiseRisk(chat, m.risk)) renderChatHeader(chat);
  if (chat.thread.merge([m]).length) {
    renderLog(chat);
    if (m.sender === "visitor" && !inFront(chat)) {
      chat.unread++;
      renderUnread(chat);
      notifier.notify("message", t("notify_message"));
    }
    scheduleList();
  }
  gapWatch(chat).check(chat.thread);
});

/** @type {Map<string, GapWatch>} chat id -> its gap watch (a gap is fetched by rejoining) */
const gapWatches = new Map();
/** @param {Chat} chat */
function gapWatch(chat) {
  let watch = gapWatches.get(chat.id);
  if (!watch) {
    watch = new GapWatch(() => {
      if (chats.get(chat.id) === chat) joinChat(chat);
    });
    gapWatches.set(chat.id, watch);
  }
  return watch;
}
// Crisis escalations of my chats (supervisors get every one; only chats shown here matter).
socket.on("escalation.new", (e) => showEscalation(e));
socket.on("escalation.update", (ev) => {
  if (ev?.escalation) showEscalation(ev.escalation, ev.op, ev);
});

/** `updated` reasons that are a change of the chat, not a stronger signal: no alarm */
const CHAT_CHANGES = new Set(["assigned", "reassigned", "requeued", "closed"]);

/**
 * A new conversation state from the server: its presence comes with it (`visitor_online`).
 * @param {Chat} chat
 * @param {StaffConversation} conv
 */
function setConv(chat, conv) {
  chat.conv = conv;
  if (conv && "visitor_online" in conv) chat.online = conv.visitor_online;
}

/**
 * @param {Chat} chat
 * @param {string | null | undefined} risk
 */
function raiseRisk(chat, risk) {
  const conv = chat.conv;
  if (!risk || (SEVERITY_RANK[risk] || 0) <= (SEVERITY_RANK[conv.risk] || 0)) return false;
  chat.conv = Object.assign({}, conv, { risk: /** @type {StaffConversation["risk"]} */ (risk) });
  return true;
}

/**
 * @param {Escalation} e
 * @param {EscalationOp | "raised_by_me"} [op]
 * @param {{reason?: string | null, by?: {id: string} | null}} [update] the update's reason and
 *   who caused it: an update of my own doing, or one that only says the chat changed hands, is no alarm
 */
function showEscalation(e, op, update) {
  if (!e?.conversation_id) return;
  const chat = chats.get(e.conversation_id);
  if (!chat) return;
  const isNew = !chat.escalation || chat.escalation.id !== e.id;
  chat.escalation = e;
  chat.escalationOp = op || "new";
  if (e.conversation) {
    raiseRisk(chat, e.conversation.risk);
    chat.conv = Object.assign({}, chat.conv, { priority: e.conversation.priority });
  }
  renderChatHeader(chat);
  renderEscalation(chat);
  const meId = state.me?.id;
  const mine = update ? !!update.by && update.by.id === meId : !!e.raised_by && e.raised_by.id === meId;
  const stronger = op === "updated" && !CHAT_CHANGES.has(update?.reason || "");
  if (!mine && ((isNew && e.status === "raised") || stronger || op === "overdue")) {
    notifyEscalation();
    // the banner of the chat in front is an alert; a chat behind it is announced and its row
    // (first in the list now) brought into view — once: a new urgent chat was announced as such
    if (chat.id !== activeId && newsAbout !== chat.id) {
      announce(t("announce_escalation", { name: chatLabel(chat) }), chat.id);
      bringIntoView(chat.id);
    }
  }
  scheduleList();
}
// the visitor erased the conversation: its messages leave the chat view at once
socket.on("conversation.erased", (ev) => {
  const chat = ev && chats.get(ev.conversation_id);
  if (!chat) return;
  showErased(chat.el.log, chat.thread, chat.el.msgEls, t(ev.reason === "retention" ? "erased_retention" : "erased_by_visitor"));
});
socket.on("typing", (ev) => {
  if (ev?.sender !== "visitor") return;
  const chat = chats.get(ev.conversation_id);
  if (chat) setVisitorTyping(chat, !!ev.typing);
});
socket.on("visitor.presence", (ev) => {
  if (!ev) return;
  const chat = chats.get(ev.conversation_id);
  if (!chat) return;
  chat.online = !!ev.online;
  if (!chat.online) setVisitorTyping(chat, false);
  renderChatHeader(chat);
});

async function sync() {
  const reply = await call(socket, "console.sync", {}, 10000);
  if (!reply.ok) {
    if (reply.error && reply.error.code === "forbidden") {
      state.conn = "forbidden";
      renderConn();
      return;
    }
    if (socket.connected) setTimeout(sync, 3000);
    return;
  }
  state.me = reply.me || state.me;
  setQueue(Object.assign({}, reply.queue || {}, { server_time: reply.server_time }));
  const open = new Set();
  for (const conv of reply.conversations || []) {
    open.add(conv.id);
    const chat = ensureChat(conv);
    setConv(chat, conv);
    setReadOnly(chat, null);
    renderChat(chat);
  }
  // Chats shown here that are no longer mine (requeued or closed while we were away).
  for (const chat of chats.values()) {
    if (!open.has(chat.id) && !chat.readOnly) {
      setReadOnly(chat, "unassigned");
      failOutbox(chat, "forbidden");
      renderChat(chat);
    }
  }
  offers.clear();
  for (const handover of reply.handovers || []) setHandover(handover);
  // an offer answered or expired while I was disconnected is no news any more
  const waiting = new Set((reply.handovers || []).map((x) => `offer:${x.id}`));
  if (newsAbout?.startsWith("offer:") && !waiting.has(newsAbout)) clearNews(newsAbout);
  renderAway(reply.away || null);
  state.synced = true;
  dueReferrals.load();
  renderDuty();
  renderChatsMeta();
  for (const chat of chats.values()) if (!chat.readOnly) joinChat(chat);
}

// ---------------------------------------------------------------- handover

/**
 * A handover as the server last told it (handover.update, console.sync): an offer to me is
 * listed until answered; my own offer shows its state in its chat.
 * @param {Handover} handover
 */
function setHandover(handover) {
  const myId = state.me?.id;
  offers.set(handover);
  if (handover.status !== "offered") clearNews(`offer:${handover.id}`);
  if (handover.from_staff && handover.from_staff.id === myId) {
    const chat = chats.get(handover.conversation_id);
    if (chat) {
      chat.offer = handover;
      renderHandover(chat);
    }
  }
}

/** @param {Chat} chat */
async function loadTargets(chat) {
  const select = chat.el.handoverTo;
  const reply = await call(socket, "handover.targets", { conversation_id: chat.id }, 10000);
  if (!reply.ok) {
    setHandoverMsg(chat, reply.error?.message || errorText(reply.error?.code || "unavailable"), true);
    return;
  }
  const targets = reply.targets || [];
  const chosen = select.value;
  select.replaceChildren(
    h("option", { value: "", text: t("handover_choose") }),
    ...targets.map((/** @type {HandoverTarget} */ x) =>
      h("option", {
        value: x.id,
        text:
          x.role === "networker"
            ? t("handover_target", { name: x.name, load: x.load, capacity: x.capacity })
            : t("handover_target_supervisor", { name: x.name }),
      }),
    ),
  );
  if (targets.some((x) => x.id === chosen)) select.value = chosen;
  chat.el.handoverNone.hidden = targets.length > 0;
}

/** @param {Chat} chat */
async function offerHandover(chat) {
  const staffId = chat.el.handoverTo.value;
  const note = chat.el.handoverNote.value.trim();
  if (!staffId || !note) {
    setHandoverMsg(chat, t("handover_note_needed"), true);
    (staffId ? chat.el.handoverNote : chat.el.handoverTo).focus();
    return;
  }
  chat.el.handoverBtn.disabled = true;
  const reply = await call(socket, "handover.offer", { conversation_id: chat.id, staff_id: staffId, note: note.slice(0, 2000) }, 10000);
  chat.el.handoverBtn.disabled = false;
  if (!reply.ok) {
    // the server's message says whether it is about the colleague (full, not on duty)
    setHandoverMsg(chat, reply.error?.message || errorText(reply.error?.code || "unavailable"), true);
    loadTargets(chat);
    return;
  }
  chat.el.handoverNote.value = "";
  chat.offer = reply.handover;
  renderHandover(chat);
}

/**
 * The state of my offer of this chat, in its handover box (and the box stays open to show it).
 * @param {Chat} chat
 */
function renderHandover(chat) {
  const offer = chat.offer;
  if (!offer) return;
  const name = offer.to_staff?.name || "";
  setHandoverMsg(chat, t(`handover_${offer.status}`, { name }), offer.status === "declined" || offer.status === "expired");
  chat.el.handoverBtn.disabled = offer.status === "offered";
  if (offer.status !== "accepted") chat.el.handoverBox.open = true;
}

/**
 * @param {Chat} chat
 * @param {string} text
 * @param {boolean} isError
 */
function setHandoverMsg(chat, text, isError) {
  chat.el.handoverMsg.textContent = text || "";
  chat.el.handoverMsg.className = isError ? "nc-error" : "nc-done";
  chat.el.handoverMsg.hidden = !text;
}

/**
 * I accepted a chat offered to me: it opens here with the handover note first.
 * @param {Handover} handover
 * @param {StaffConversation} conv
 */
function openAccepted(handover, conv) {
  const chat = ensureChat(conv);
  setConv(chat, conv);
  chat.handover = handover;
  setReadOnly(chat, null);
  renderHandoverNote(chat);
  renderChat(chat);
  joinChat(chat);
  openChat(chat.id, true);
}

/**
 * The handover note of a chat I accepted: shown first, above the transcript.
 * @param {Chat} chat
 */
function renderHandoverNote(chat) {
  const handover = chat.handover;
  chat.el.noteBox.hidden = !handover;
  if (!handover) return;
  setChildren(
    chat.el.noteBox,
    h("strong", { text: t("handover_note_from", { name: handover.from_staff?.name || "" }) }),
    " ",
    h("span", { dir: "auto", text: handover.note }),
  );
}

// ---------------------------------------------------------------- blocking a visitor

/** @param {Chat} chat */
async function blockVisitor(chat) {
  const reason = chat.el.blockReason.value.trim();
  if (!reason) {
    setBlockMsg(chat, t("block_reason_needed"), true);
    chat.el.blockReason.focus();
    return;
  }
  const hours = parseInt(chat.el.blockHours.value, 10) || 24;
  chat.el.blockBtn.disabled = true;
  const reply = await call(socket, "visitor.block", { conversation_id: chat.id, reason: reason.slice(0, 500), hours }, 10000);
  chat.el.blockBtn.disabled = false;
  if (!reply.ok) {
    setBlockMsg(chat, reply.error?.message || errorText(reply.error?.code || "unavailable"), true);
    return;
  }
  chat.el.blockReason.value = "";
  const until = new Date(reply.block.expires_at).toLocaleString(LANG);
  setBlockMsg(chat, t("block_done", { until }), false);
}

/**
 * @param {Chat} chat
 * @param {string} text
 * @param {boolean} isError
 */
function setBlockMsg(chat, text, isError) {
  chat.el.blockMsg.textContent = text || "";
  chat.el.blockMsg.className = isError ? "nc-error" : "nc-done";
  chat.el.blockMsg.hidden = !text;
}

/** @param {{total: number, items: QueueItem[], server_time?: string}} q */
function setQueue(q) {
  state.queue = { total: Number(q.total) || 0, items: Array.isArray(q.items) ? q.items : [] };
  state.queueAt = Date.now();
  if (q.server_time) {
    const server = Date.parse(q.server_time);
    if (!Number.isNaN(server)) state.offset = server - Date.now();
  }
  renderQueue();
}

// ---------------------------------------------------------------- chats

/** @param {StaffConversation} conv */
function ensureChat(conv) {
  const known = chats.get(conv.id);
  if (known) return known;
  /** @type {Omit<Chat, "sender" | "typing" | "el">} */
  const base = {
    id: conv.id,
    conv,
    thread: new Thread(),
    readOnly: null, // null | "closed" | "requeued" | "unassigned" | "reassigned" | "handed_over"
    escalation: null, // the latest escalation event of this chat (banner)
    handover: null,
    offer: null,
    reason: null,
    online: conv.visitor_online ?? null, // the server's word, never a default
    joined: false,
    joining: false,
    failed: [],
    visitorTyping: false,
    typingTimer: undefined,
    error: null,
    unread: 0,
    endedAt: 0,
    fresh: false,
  };
  const chat = /** @type {Chat} */ (base); // sender, typing and el are added just below
  chat.sender = new Sender(outboxes.of(conv.id), {
    canSend: () => socket.connected && chat.joined && !chat.readOnly,
    send: (item) => call(socket, "message.send", { conversation_id: chat.id, client_id: item.client_id, text: item.text }, SEND_TIMEOUT_MS),
    onSent(reply) {
      if (chat.error?.transient) setChatError(chat, null);
      if (reply.message) chat.thread.merge([reply.message]);
      renderLog(chat);
    },
    onTransient(code, params) {
      setChatError(chat, code, params, true);
    },
    onFailed(item, code) {
      chat.failed.push({ client_id: item.client_id, text: item.text, code });
      if (!chat.el.text.value) {
        chat.el.text.value = item.text.slice(0, MAX);
        renderCounter(chat);
      }
      setChatError(chat, code);
      if (code === "closed") setReadOnly(chat, "closed");
      renderChat(chat);
      renderChatsMeta();
    },
  });
  chat.typing = makeTypingSender((on) => {
    if (!chat.readOnly && socket.connected) call(socket, "typing", { conversation_id: chat.id, typing: on }, 5000);
  }, 2000);
  chat.el = buildChat(chat);
  renderCounter(chat);
  chats.set(conv.id, chat);
  chat.el.root.hidden = true; // the list shows it when it is the one in front
  chatsView.appendChild(chat.el.root);
  renderChatsMeta();
  return chat;
}

/**
 * @param {Chat} chat
 */
async function joinChat(chat) {
  if (chat.joining) return;
  chat.joining = true;
  chat.joined = false;
  try {
    const reply = await catchUp(
      chat.thread,
      (lastSeq) => call(socket, "conversation.join", { conversation_id: chat.id, last_seq: lastSeq }, 10000),
      (page) => {
        if (page.conversation) setConv(chat, page.conversation);
        if (page.handover !== undefined) {
          // the handover by which I accepted this chat: its note is shown first
          chat.handover = page.handover;
          renderHandoverNote(chat);
        }
        // the list's preview and order follow the latest message: after a reload or a
        // reconnect they are known only now
        if (chat.thread.merge(page.messages || []).length && chats.get(chat.id) === chat) scheduleList();
        renderLog(chat);
      },
    );
    if (!reply.ok) {
      const code = reply.error?.code;
      if (code === "forbidden" || code === "not_found") {
        setReadOnly(chat, "unassigned");
        failOutbox(chat, code);
        renderChat(chat);
        renderChatsMeta();
      } else if (socket.connected) {
        setTimeout(() => joinChat(chat), JOIN_RETRY_MS);
      }
      return;
    }
    chat.joined = true;
    // the case history and notes: a returning visitor's earlier conversations show at once
    chat.el.casePanel.load();
    if (chat.conv && chat.conv.status === "closed" && !chat.readOnly) {
      setReadOnly(chat, "closed");
      renderChat(chat);
      renderChatsMeta();
    }
    flushChat(chat);
  } finally {
    chat.joining = false;
  }
}

/**
 * The chat can no longer be written in: its unsent messages are shown as not sent.
 * @param {Chat} chat
 * @param {ErrorCode} code
 */
function failOutbox(chat, code) {
  for (const item of chat.sender.outbox.take()) chat.failed.push({ client_id: item.client_id, text: item.text, code });
}

/** @param {Chat} chat */
function flushChat(chat) {
  if (!chat.joined || chat.readOnly) return;
  return chat.sender.flush();
}

/**
 * @param {Chat} chat
 */
function sendFrom(chat) {
  const text = chat.el.text.value;
  if (!text.trim()) {
    setChatError(chat, "empty");
    return;
  }
  if (text.length > MAX) {
    setChatError(chat, "too_long");
    return;
  }
  if (chat.error && !chat.error.transient) setChatError(chat, null);
  chat.el.text.value = "";
  renderCounter(chat);
  chat.typing.stop();
  chat.sender.outbox.add({ client_id: randomId(16), text });
  renderLog(chat);
  flushChat(chat);
  chat.el.text.focus();
}

/**
 * @param {Chat} chat
 */
async function closeChat(chat) {
  const outcome = /** @type {Outcome | ""} */ (chat.el.outcome.value);
  if (!outcome) {
    setCloseError(chat, t("close_choose_outcome"));
    chat.el.outcome.focus();
    return;
  }
  const topics = chat.el.topicBoxes.filter((b) => b.checked).map((b) => /** @type {Topic} */ (b.value));
  chat.el.closeBtn.disabled = true;
  const reply = await call(socket, "conversation.close", { conversation_id: chat.id, outcome, topics }, 10000);
  chat.el.closeBtn.disabled = false;
  if (!reply.ok) {
    setCloseError(chat, errorText(reply.error?.code || "unavailable"));
    return;
  }
  setCloseError(chat, "");
  if (reply.conversation) setConv(chat, reply.conversation);
  // the summary note offered with the close form (staff only)
  const summary = chat.el.summary.value;
  if (summary.trim()) {
    if (await chat.el.casePanel.addSummary(summary)) chat.el.summary.value = "";
  }
  setReadOnly(chat, "closed");
  chat.reason = "closed_by_staff";
  renderChat(chat);
  renderChatsMeta();
}

/**
 * @param {Chat} chat
 */
async function escalateChat(chat) {
  const reason = chat.el.escalateText.value.trim();
  if (!reason) {
    setEscalateMsg(chat, t("escalate_reason_needed"), true);
    chat.el.escalateText.focus();
    return;
  }
  chat.el.escalateBtn.disabled = true;
  const reply = await call(socket, "escalation.raise", { conversation_id: chat.id, reason: reason.slice(0, 500) }, 10000);
  chat.el.escalateBtn.disabled = false;
  if (!reply.ok) {
    setEscalateMsg(chat, errorText(reply.error?.code || "unavailable", { seconds: reply.retry_after }), true);
    return;
  }
  chat.el.escalateText.value = "";
  setEscalateMsg(chat, t("escalate_done"), false);
  chat.el.escalateBox.open = false;
  if (reply.escalation) showEscalation(reply.escalation, "raised_by_me");
}

/**
 * @param {Chat} chat
 * @param {string} text
 * @param {boolean} isError
 */
function setEscalateMsg(chat, text, isError) {
  chat.el.escalateMsg.textContent = text || "";
  chat.el.escalateMsg.className = isError ? "nc-error" : "nc-done";
  chat.el.escalateMsg.hidden = !text;
}

/**
 * The alert banner of a chat's escalation: raised / overdue / acknowledged / resolved.
 * @param {Chat} chat
 */
function renderEscalation(chat) {
  const e = chat.escalation;
  const el = chat.el.alert;
  if (!e) {
    el.hidden = true;
    return;
  }
  const severity = t(`risk_${e.severity}`);
  let text;
  if (e.status === "resolved") text = t("escalation_resolved", { outcome: t(`esc_outcome_${e.outcome || "other"}`) });
  else if (e.status === "acknowledged") text = t("escalation_acknowledged", { name: e.acknowledged_by?.name || "" });
  else if (e.overdue) text = t("escalation_overdue", { severity });
  else text = t("escalation_raised", { severity });
  const why = (e.categories || []).map((c) => t(`category_${c}`)).join(", ");
  el.className = `nc-chat__alert nc-chat__alert--${e.status === "resolved" ? "resolved" : e.severity}`;
  setChildren(
    el,
    h("strong", { text }),
    why ? h("span", { text: ` ${why}` }) : null,
    e.reason ? h("span", { class: "nc-chat__alert-reason", text: ` ${e.reason}` }) : null,
  );
  el.hidden = false;
}

/**
 * @param {Chat} chat
 */
function dismissChat(chat) {
  forgetChat(chat);
  renderChatsMeta();
  // the list opened the next chat: the keyboard goes to its row
  if (activeId) chatRows.focus(activeId);
  else takeNextBtn.focus();
}

/**
 * The chat leaves this console (dismissed, or pushed out of Recent by newer ones).
 * @param {Chat} chat
 */
function forgetChat(chat) {
  chat.el.root.remove();
  chats.delete(chat.id);
  if (activeId === chat.id) activeId = null;
  renderUnread(chat);
  gapWatches.get(chat.id)?.cancel();
  gapWatches.delete(chat.id);
  chat.sender.stop();
  outboxes.drop(chat.id);
}

/**
 * @param {Chat} chat
 * @param {boolean} on
 */
function setVisitorTyping(chat, on) {
  clearTimeout(chat.typingTimer);
  chat.visitorTyping = on;
  if (on) chat.typingTimer = setTimeout(() => setVisitorTyping(chat, false), 6000);
  chat.el.typing.textContent = on ? t("typing_visitor") : "";
  chat.el.typing.hidden = !on;
}

// ---------------------------------------------------------------- duty and queue actions

async function startDuty() {
  const capacity = Math.min(10, Math.max(1, parseInt(capacityEl.value, 10) || 1));
  capacityEl.value = String(capacity);
  const reply = await call(socket, "duty.start", { capacity, auto_assign: autoEl.checked }, 10000);
  if (!reply.ok) return setDutyError(errorText(reply.error?.code || "unavailable", { seconds: reply.retry_after }));
  setDutyError("");
  dutyNote.hidden = true;
  state.me = reply.me || state.me;
  dutyEdited.capacity = dutyEdited.auto = false;
  // back on duty: the server forgot the chats handed back while I was away (console.sync)
  awayBox.hidden = true;
  renderDuty();
}

async function stopDuty() {
  if (!(await confirmHandBack("duty"))) return;
  const reply = await call(socket, "duty.stop", {}, 10000);
  if (!reply.ok) return setDutyError(errorText(reply.error?.code || "unavailable"));
  state.me = reply.me || state.me;
  setDutyError("");
  // news, not an error: said politely where the duty status is
  dutyNote.textContent = reply.released ? t("duty_released", { count: reply.released }) : "";
  dutyNote.hidden = !reply.released;
  const hadFocus = document.activeElement === dutyStopBtn || document.activeElement === document.body;
  renderDuty();
  // the button pressed (or the dialog's, gone) is hidden now: the keyboard stays on the duty
  // panel, at the button that goes on duty again
  if (hadFocus || document.activeElement === document.body) dutyStartBtn.focus();
}

let takesInFlight = 0;
/** @param {string | null} conversationId the chat to take, or null for the next one */
async function take(conversationId) {
  takesInFlight++;
  let reply;
  try {
    reply = await call(socket, "queue.take", conversationId ? { conversation_id: conversationId } : {}, 10000);
  } finally {
    takesInFlight--;
  }
  if (!reply.ok) {
    setQueueError(errorText(reply.error?.code || "unavailable"));
    return;
  }
  setQueueError("");
  if (reply.conversation) {
    const chat = ensureChat(reply.conversation);
    setConv(chat, reply.conversation);
    setReadOnly(chat, null);
    renderChat(chat);
    joinChat(chat);
    openChat(chat.id, true);
  }
}

// ---------------------------------------------------------------- notifications

const notifier = makeNotifier({ t, prefs, kinds: ["chat", "message", "escalation"], idPrefix: "nc", legacySound: "chat" });
function notifyEscalation() {
  notifier.notify("escalation", t("notify_escalation"));
}
function notifyNewChat() {
  notifier.notify("chat", t("notify_new_chat"));
}

/**
 * Is this chat in front of me: the page visible and focused, and the chat the one shown?
 * @param {Chat} chat
 */
function inFront(chat) {
  if (document.hidden || !document.hasFocus()) return false;
  return activeId === chat.id;
}
/** @param {Chat} chat */
function markRead(chat) {
  if (!chat.unread) return;
  chat.unread = 0;
  renderUnread(chat);
}
/** @param {Chat} chat */
function renderUnread(chat) {
  let total = 0;
  for (const c of chats.values()) total += c.unread;
  notifier.setUnread(total);
  if (chats.get(chat.id) === chat) scheduleList();
}
// coming back to the page reads the chat in front
const readFront = () => {
  const chat = activeId ? chats.get(activeId) : undefined;
  if (chat && inFront(chat)) markRead(chat);
};
window.addEventListener("focus", readFront);
document.addEventListener("visibilitychange", readFront);

// ---------------------------------------------------------------- the list of my chats

/** @type {string | null} the chat shown beside the list (in front) */
let activeId = null;

/**
 * @param {Chat} chat
 * @param {Chat["readOnly"]} value null: open (mine); else why it is read only (it moves to Recent)
 */
function setReadOnly(chat, value) {
  if (value && !chat.readOnly) chat.endedAt = Date.now();
  if (!value) chat.endedAt = 0;
  chat.readOnly = value;
}

/** @param {Chat} chat the visitor's label: the nickname, or "Anonymous visitor" */
function chatLabel(chat) {
  return plain(chat.conv?.nickname || t("anonymous"));
}

/**
 * Show this chat beside the list (the others are hidden), and read it. `toComposer` puts the
 * keyboard in its reply box (a chat I just took or accepted).
 * @param {string} id
 * @param {boolean} [toComposer]
 */
function openChat(id, toComposer) {
  const chat = chats.get(id);
  if (!chat) return;
  activeId = id;
  chat.fresh = false;
  clearNews(id);
  showActive();
  if (inFront(chat)) markRead(chat);
  renderList();
  if (toComposer && !chat.readOnly) chat.el.text.focus();
}

function showActive() {
  for (const c of chats.values()) {
    const show = c.id === activeId;
    const wasHidden = c.el.root.hidden;
    c.el.root.hidden = !show;
    // a log drawn while hidden could not keep to its end: show the latest messages
    if (show && wasHidden) c.el.log.scrollTop = c.el.log.scrollHeight;
  }
}

/** The last activity of a chat (server ms): its newest message, else when it was assigned. */
/** @param {Chat} chat */
function lastActivity(chat) {
  const last = chat.thread.bySeq.get(chat.thread.highestSeq);
  const at = Date.parse(last?.created_at || chat.conv?.assigned_at || chat.conv?.queued_at || "");
  return Number.isNaN(at) ? 0 : at;
}

/** @param {Chat} chat */
function rowOf(chat) {
  const conv = chat.conv;
  const urgency = urgencyOf({ priority: conv.priority, risk: conv.risk, escalation: chat.escalation });
  const openEscalation = !!chat.escalation && chat.escalation.status !== "resolved";
  const last = chat.thread.bySeq.get(chat.thread.highestSeq);
  const who = !last ? "" : last.sender === "staff" ? `${last.sender_name || t("you")}: ` : "";
  const newOwner = conv.networker?.name || "";
  return {
    id: chat.id,
    controls: chat.el.root.id,
    label: chatLabel(chat),
    ref: shortRef(chat.id),
    preview: last ? previewText(who + (last.text || "")) : previewText(conv.first_message),
    unread: chat.unread,
    urgency,
    marker: urgency >= 2 ? t(openEscalation ? "row_escalated" : "urgent") : null,
    lastActivity: lastActivity(chat),
    status: chat.readOnly ? t(`row_${chat.readOnly}`, { name: newOwner }) : null,
    fresh: chat.fresh,
  };
}

/** @type {string | null} a chat whose row is brought into view once the list is drawn */
let bringId = null;

/** Bring the list up to date: open chats by urgency and activity, Recent by when they ended. */
function renderList() {
  const ended = Array.from(chats.values())
    .filter((c) => c.readOnly)
    .sort((a, b) => b.endedAt - a.endedAt);
  // Recent keeps the last RECENT_MAX: older ones leave the console (not the one shown)
  for (const chat of ended.slice(RECENT_MAX)) if (chat.id !== activeId) forgetChat(chat);
  if (!activeId || !chats.has(activeId)) {
    const open = Array.from(chats.values()).filter((c) => !c.readOnly);
    const first = sortChats(open.map(rowOf))[0];
    activeId = first ? first.id : ended.find((c) => chats.has(c.id))?.id || null;
    const chat = activeId ? chats.get(activeId) : null;
    if (chat) chat.fresh = false;
  }
  showActive();
  const rows = Array.from(chats.values())
    .sort((a, b) => b.endedAt - a.endedAt)
    .map(rowOf);
  chatRows.update(rows, activeId);
  if (bringId) chatRows.bringIntoView(bringId);
  bringId = null;
}

/**
 * Bring a chat's row into view after the list is drawn in its new order (a row scrolled to
 * before it moves would leave the view again).
 * @param {string} id
 */
function bringIntoView(id) {
  bringId = id;
  scheduleList();
}

let listQueued = false;
/** renderList once, after the current event (several changes of one event make one render). */
function scheduleList() {
  if (listQueued) return;
  listQueued = true;
  queueMicrotask(() => {
    listQueued = false;
    renderList();
  });
}

// ---------------------------------------------------------------- announcements

/**
 * Say something to a screen reader. Urgent news (`about`: the chat or offer it concerns) goes
 * to the assertive region shown above the list, until that chat is opened or worked in, or the
 * offer answered (`clearNews`); other news politely, in a hidden region.
 * @param {string} text
 * @param {string | null} about
 */
function announce(text, about) {
  const el = about ? newsUrgent : newsPolite;
  if (about) newsAbout = about;
  // the same words again must be read again: empty the region first
  el.textContent = "";
  setTimeout(() => {
    if (about && newsAbout !== about) return; // answered meanwhile
    el.textContent = text;
    if (!about) return;
    newsBox.hidden = false;
    // the news shows above the list and pushes it down: the chat's row back into view
    if (chats.has(about)) chatRows.bringIntoView(about);
  }, 50);
}

/** @param {string} about the urgent news about this chat or offer has served */
function clearNews(about) {
  if (newsAbout !== about) return;
  newsAbout = null;
  newsUrgent.textContent = "";
  newsBox.hidden = true;
}

/** @type {string | null} what the urgent news shown is about (a chat id, or "offer:<id>") */
let newsAbout = null;

/**
 * A chat came to me that I did not take myself (automatic assignment, another tab): announced,
 * notified (sound / desktop as chosen), its row brought into view and marked until opened. With
 * no chat in front it opens at once.
 * @param {Chat} chat
 */
function announceNewChat(chat) {
  const urgent = urgencyOf({ priority: chat.conv.priority, risk: chat.conv.risk, escalation: chat.escalation }) >= 2;
  const name = chatLabel(chat);
  // the list opens a chat when none is shown: this one, then
  if (activeId === chat.id) openChat(chat.id);
  else {
    chat.fresh = true;
    renderList();
  }
  if (urgent) {
    announce(t("announce_new_urgent_chat", { name }), chat.id);
    notifier.notify("chat", t("notify_new_urgent_chat"), true);
  } else {
    announce(t("announce_new_chat", { name }), null);
    notifyNewChat();
  }
  bringIntoView(chat.id);
}

// ---------------------------------------------------------------- confirmations

/**
 * Ask before an action that hands my open chats back to the queue (going off duty, logging
 * out): a modal dialog naming them. Resolves true at once when I have none open.
 * @param {"duty" | "logout"} kind
 * @returns {Promise<boolean>}
 */
function confirmHandBack(kind) {
  const open = Array.from(chats.values()).filter((c) => !c.readOnly);
  if (!open.length || !state.me?.on_duty) return Promise.resolve(true);
  const dialog = h(
    "dialog",
    { class: "nc-dialog", "aria-labelledby": "nc-dialog-h", "aria-describedby": "nc-dialog-text" },
    h("h2", { id: "nc-dialog-h", class: "nc-panel__title", text: t(`confirm_${kind}_title`) }),
    h("p", { id: "nc-dialog-text", text: t(`confirm_${kind}_text`, { count: open.length }) }),
    h(
      "ul",
      { class: "nc-dialog__chats" },
      open.map((c) => h("li", null, h("span", { dir: "auto", text: chatLabel(c) }), ` ${shortRef(c.id)}`)),
    ),
    h(
      "form",
      { method: "dialog", class: "nc-dialog__buttons" },
      h("button", { type: "submit", value: "cancel", class: "nc-btn nc-btn--primary", autofocus: true, text: t(`confirm_${kind}_cancel`) }),
      h("button", { type: "submit", value: "confirm", class: "nc-btn nc-btn--danger", text: t(`confirm_${kind}_ok`) }),
    ),
  );
  document.body.appendChild(dialog);
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === "confirm");
    });
    dialog.showModal();
  });
}

// Logging out ends my last session: my open chats go back to the queue (docs/protocol.md)
const logoutForm = document.querySelector("form.nc-logout");
if (logoutForm instanceof HTMLFormElement) {
  logoutForm.addEventListener("submit", async (e) => {
    if (!Array.from(chats.values()).some((c) => !c.readOnly) || !state.me?.on_duty) return;
    e.preventDefault();
    if (await confirmHandBack("logout")) logoutForm.submit();
  });
}

// ---------------------------------------------------------------- chats handed back while away

/**
 * console.sync's `away`: chats the server handed back to the queue while I was away. Shown
 * until I dismiss it (per tab, by its time) or go on duty again.
 * @param {{released: number, at: string} | null} away
 */
function renderAway(away) {
  const seen = store.get("away_seen", null);
  if (!away?.released || seen === away.at) {
    awayBox.hidden = true;
    return;
  }
  awayText.textContent = t("away_released", { count: away.released, time: formatClock(away.at, LANG) });
  awayBox.dataset.at = away.at;
  awayBox.hidden = false;
}

// ---------------------------------------------------------------- DOM

const root = document.getElementById("nc-app") || document.body.appendChild(h("div", { id: "nc-app" }));
const connEl = h("div", { class: "nc-conn", role: "status", "aria-live": "polite" });

const dutyStatus = h("p", { class: "nc-duty__status", role: "status", "aria-live": "polite" });
const capacityEl = h("input", {
  id: "nc-capacity",
  class: "nc-input nc-input--num",
  type: "number",
  min: "1",
  max: "10",
  step: "1",
  value: "3",
  inputmode: "numeric",
});
const autoEl = h("input", { id: "nc-auto", type: "checkbox", checked: true });
const dutyStartBtn = h("button", { id: "nc-duty-start", type: "button", class: "nc-btn nc-btn--primary", onclick: startDuty });
const dutyStopBtn = h("button", { id: "nc-duty-stop", type: "button", class: "nc-btn", onclick: stopDuty });
const dutyError = h("p", { class: "nc-error", role: "alert", hidden: true });
const dutyNote = h("p", { id: "nc-duty-note", class: "nc-duty__note", role: "status", hidden: true });
const dutyPanel = h(
  "section",
  { class: "nc-panel nc-duty", "aria-labelledby": "nc-duty-h" },
  h("h2", { id: "nc-duty-h", class: "nc-panel__title", text: t("duty_heading") }),
  dutyStatus,
  h(
    "div",
    { class: "nc-duty__form" },
    h("label", { for: "nc-capacity", class: "nc-label", text: t("capacity_label") }),
    capacityEl,
    h("label", { class: "nc-check" }, autoEl, " ", t("auto_assign_label")),
    h("div", { class: "nc-duty__buttons" }, dutyStartBtn, dutyStopBtn),
  ),
  dutyError,
  dutyNote,
  notifier.settings(),
);

const queueCount = h("span", { class: "nc-count" });
const takeNextBtn = h("button", { id: "nc-take-next", type: "button", class: "nc-btn nc-btn--primary", onclick: () => take(null) });
const queueError = h("p", { class: "nc-error", role: "alert", hidden: true });
// why Take is disabled: at capacity (the buttons point here with aria-describedby)
const capacityNote = h("p", { id: "nc-capacity-note", class: "nc-capacity-note", hidden: true });
const queueList = h("ol", { class: "nc-queue__list" });
const queueEmpty = h("p", { class: "nc-empty", text: t("queue_empty_list") });
const queuePanel = h(
  "section",
  { class: "nc-panel nc-queue", "aria-labelledby": "nc-queue-h" },
  h(
    "div",
    { class: "nc-panel__head" },
    h("h2", { id: "nc-queue-h", class: "nc-panel__title" }, t("queue_heading"), " ", queueCount),
    takeNextBtn,
  ),
  capacityNote,
  queueError,
  queueEmpty,
  queueList,
);

const offers = offersPanel({
  t,
  errorText,
  getSocket: () => socket,
  myId: () => state.me?.id,
  serverOffset: () => state.offset,
  onAccepted: openAccepted,
  cannotAccept: () => {
    const me = state.me;
    if (me?.role !== "networker") return null; // supervisors take a chat whatever their load
    if (!me.on_duty) return t("offer_accept_off_duty");
    return atCapacity() ? capacityText() : null;
  },
  onOffered: (offer) => {
    const visitor = offer.conversation?.nickname || t("anonymous");
    announce(t("announce_offer", { name: offer.from_staff?.name || "", visitor }), `offer:${offer.id}`);
    notifier.notify("chat", t("notify_offer"), true);
    offers.el.scrollIntoView({ block: "nearest" });
  },
});

const chatsCount = h("span", { class: "nc-count" });
const chatRows = chatList({
  t,
  lang: LANG,
  onOpen: (id) => openChat(id),
  now: () => Date.now() + state.offset,
});
setInterval(() => chatRows.tick(), 10000);
// announcements: an urgent one is also shown above the list until its chat is opened
const newsUrgent = h("p", { class: "nc-news__text", role: "alert" });
const newsBox = h("div", { class: "nc-news", hidden: true }, newsUrgent);
const newsPolite = h("p", { class: "nc-visually-hidden", role: "status" });
// chats handed back to the queue while I was away (console.sync `away`)
const awayText = h("span");
const awayBox = h(
  "div",
  { class: "nc-away", role: "alert", hidden: true },
  awayText,
  " ",
  h("button", {
    type: "button",
    class: "nc-btn nc-btn--small",
    text: t("away_dismiss"),
    onclick: () => {
      store.set("away_seen", awayBox.dataset.at || null);
      awayBox.hidden = true;
    },
  }),
);
const chatsView = h("div", { class: "nc-chats__view" });
const chatsPanel = h(
  "section",
  { class: "nc-chats", "aria-labelledby": "nc-chats-h" },
  h("h2", { id: "nc-chats-h", class: "nc-panel__title" }, t("chats_heading"), " ", chatsCount),
  awayBox,
  h("div", { class: "nc-chats__body" }, h("div", { class: "nc-chats__side" }, newsBox, newsPolite, chatRows.el), chatsView),
);

// referrals due for follow-up (referrals_ui.js): networkers those of their cases, supervisors all
const dueReferrals = dueReferralsPanel({ t, lang: LANG, errorText, getSocket: () => socket });

// the page's <h1> (console.html, for screen readers) stays; the rest is built here
root.replaceChildren(
  ...root.querySelectorAll(":scope > h1"),
  connEl,
  h("div", { class: "nc-layout" }, h("div", { class: "nc-side" }, offers.el, dutyPanel, queuePanel, dueReferrals.panel), chatsPanel),
);
takeNextBtn.textContent = t("take_next");

/** @param {string} text */
function setDutyError(text) {
  dutyError.textContent = text || "";
  dutyError.hidden = !text;
}
/** @param {string} text */
function setQueueError(text) {
  queueError.textContent = text || "";
  queueError.hidden = !text;
}

function renderConn() {
  renderConnBanner(connEl, state.conn, t, "/console");
}

/** Whether the networker has changed the duty form (capacity, auto-assign) since the server's
 * values were last put into it: then only their own "Start"/"Update" replaces what they chose. */
const dutyEdited = { capacity: false, auto: false };
capacityEl.addEventListener("input", () => {
  dutyEdited.capacity = true;
});
autoEl.addEventListener("change", () => {
  dutyEdited.auto = true;
});

function renderDuty() {
  const me = state.me;
  const on = !!me?.on_duty;
  // me.load is only as fresh as the last duty event; the open chats shown here are live.
  const open = openCount();
  const load = state.synced ? open : Math.max(me ? me.load || 0 : 0, open);
  dutyStatus.textContent = !me ? "" : on ? t("duty_on", { load, capacity: me.capacity || 0 }) : t("duty_off");
  dutyStatus.className = `nc-duty__status ${on ? "nc-duty__status--on" : "nc-duty__status--off"}`;
  // The form shows the server's values, never over what the networker is still choosing (a
  // render caused by the first sync or any other event leaves an edit in progress alone).
  if (me?.capacity && !dutyEdited.capacity && document.activeElement !== capacityEl) {
    capacityEl.value = String(me.capacity);
  }
  if (me && typeof me.auto_assign === "boolean" && !dutyEdited.auto) autoEl.checked = me.auto_assign;
  dutyStartBtn.textContent = on ? t("duty_update") : t("duty_start");
  dutyStopBtn.textContent = t("duty_stop");
  dutyStopBtn.hidden = !on;
  renderCapacity();
}

/** My open chats, as shown here (live; me.load is only as fresh as the last duty event). */
function openCount() {
  return Array.from(chats.values()).filter((c) => !c.readOnly).length;
}

/** On duty with every place taken: Take and Accept wait until a chat ends (the server refuses too). */
function atCapacity() {
  const me = state.me;
  return !!me?.on_duty && openCount() >= (me.capacity || 0);
}

function capacityText() {
  return t("at_capacity_note", { load: openCount(), capacity: state.me?.capacity || 0 });
}

/** Take buttons follow duty and capacity, live: a chat that ends enables them again. */
function renderCapacity() {
  const on = !!state.me?.on_duty;
  const full = atCapacity();
  capacityNote.textContent = full ? capacityText() : "";
  capacityNote.hidden = !full;
  for (const btn of [takeNextBtn, ...queueList.querySelectorAll("button[data-take]")]) {
    if (!(btn instanceof HTMLButtonElement)) continue;
    btn.disabled = !on || full;
    if (full) btn.setAttribute("aria-describedby", "nc-capacity-note");
    else btn.removeAttribute("aria-describedby");
  }
  offers.refresh();
}

/** @param {QueueItem} item */
function waitingSeconds(item) {
  const queuedAt = Date.parse(item.queued_at || "");
  if (!Number.isNaN(queuedAt)) return (Date.now() + state.offset - queuedAt) / 1000;
  return (Number(item.waiting_seconds) || 0) + (Date.now() - state.queueAt) / 1000;
}

/** The queue's rows (staffchat.js `QueueRows`: a Take pressed while the queue updates holds). */
const queueRows = new QueueRows(queueList, (item, i) =>
  queueRowEl(
    item,
    t,
    LANG,
    h("span", { class: "nc-wait", "data-wait": item.id, text: fmtDuration(waitingSeconds(item)) }),
    h("button", {
      type: "button",
      class: "nc-btn nc-btn--small",
      "data-take": item.id,
      // unique per row: two anonymous visitors differ by their place in the queue
      "aria-label": t("take_aria", { name: plain(item.nickname || t("anonymous")), position: i + 1 }),
      text: t("take"),
      onclick: () => take(item.id),
    }),
  ),
);

function renderQueue() {
  const focusedId = document.activeElement?.getAttribute?.("data-take");
  queueCount.textContent = t("queue_count", { count: state.queue.total });
  queueEmpty.hidden = state.queue.items.length > 0;
  queueRows.render(state.queue.items, tickWait);
  renderCapacity();
  if (focusedId && !(document.activeElement?.getAttribute?.("data-take") === focusedId)) {
    const again = queueList.querySelector(`[data-take="${CSS.escape(focusedId)}"]`);
    (again instanceof HTMLElement ? again : takeNextBtn).focus();
  }
}

/**
 * Shows a queued visitor's wait, in the row `root` or anywhere in the queue.
 * @param {ParentNode} root
 * @param {QueueItem} item
 */
function tickWait(root, item) {
  const el = root.querySelector(`[data-wait="${CSS.escape(item.id)}"]`);
  if (el) el.textContent = fmtDuration(waitingSeconds(item));
}

setInterval(() => {
  for (const item of state.queue.items) tickWait(queueList, item);
}, 1000);

function renderChatsMeta() {
  chatsCount.textContent = t("chats_count", { count: openCount() });
  renderList();
  renderDuty();
}

/**
 * The fields of a rarely used box (handover, block) are in the page only while it is open: the
 * chat's one textarea stays the reply and its one select the outcome, for keyboard and
 * screen-reader users (and scripts) alike.
 * @param {HTMLDetailsElement} box
 * @param {HTMLElement} fields
 * @param {HTMLElement | null} [before] where they go in the box (default: at its end)
 */
function showWhileOpen(box, fields, before = null) {
  if (box.open) box.insertBefore(fields, before);
  else fields.remove();
}

/**
 * The chat panel's elements.
 * @param {Chat} chat
 */
function buildChat(chat) {
  const id = `nc-chat-${chat.id.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const title = h("h3", { class: "nc-chat__title", id: `${id}-h`, dir: "auto" });
  const presence = h("span", { class: "nc-presence" });
  const facts = h("p", { class: "nc-chat__facts" });
  const risk = h("p", { class: "nc-chat__risk", hidden: true });
  const alert = h("div", { class: "nc-chat__alert", role: "alert", hidden: true });
  const statusLine = h("p", { class: "nc-chat__status", role: "status" });
  const dismiss = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("dismiss"), onclick: () => dismissChat(chat) });
  const log = h("ol", {
    class: "nc-log",
    "aria-live": "polite", // no role="log": it would take the list semantics from the <li>s
    "aria-relevant": "additions",
    "aria-labelledby": `${id}-h`,
    tabindex: "0",
  });
  const typing = h("p", { class: "nc-typing", hidden: true });
  const text = h("textarea", {
    dir: "auto",
    id: `${id}-text`,
    class: "nc-textarea",
    rows: "3",
    maxlength: String(MAX),
    placeholder: t("message_placeholder"),
    "aria-describedby": `${id}-counter ${id}-error`,
  });
  const counter = h("span", { id: `${id}-counter`, class: "nc-counter" });
  const error = h("p", { id: `${id}-error`, class: "nc-error", role: "alert", hidden: true });
  const send = h("button", { type: "submit", class: "nc-btn nc-btn--primary", text: t("send") });
  // before the Enter-to-send handler below: while its list is open, Enter inserts a reply
  const canned = cannedPicker({
    textarea: text,
    id,
    t,
    errorText,
    getSocket: () => socket,
    getLang: () => chat.conv.visitor_lang || chat.conv.language || LANG,
  });
  const form = h(
    "form",
    {
      class: "nc-composer",
      novalidate: true,
      onsubmit: (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        sendFrom(chat);
      },
    },
    h("label", { for: `${id}-text`, class: "nc-visually-hidden", text: t("message_label") }),
    text,
    canned.el,
    h("div", { class: "nc-composer__row" }, counter, send),
    error,
  );
  const typingSender = () => chat.typing;
  text.addEventListener("input", () => {
    renderCounter(chat);
    if (text.value) typingSender().input();
    else typingSender().stop();
  });
  text.addEventListener("blur", () => typingSender().stop());
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendFrom(chat);
    }
  });
  const outcome = h(
    "select",
    { id: `${id}-outcome`, class: "nc-input" },
    h("option", { value: "", text: t("close_choose_outcome") }),
    OUTCOMES.map((o) => h("option", { value: o, text: t(`outcome_${o}`) })),
  );
  const topicBoxes = TOPICS.map((tp) => h("input", { type: "checkbox", value: tp }));
  const closeBtn = h("button", { type: "button", class: "nc-btn nc-btn--danger", text: t("close_chat"), onclick: () => closeChat(chat) });
  const closeError = h("p", { class: "nc-error", role: "alert", hidden: true });
  const summary = h("textarea", {
    id: `${id}-summary`,
    class: "nc-textarea",
    rows: "2",
    maxlength: "4000",
    placeholder: t("note_placeholder"),
  });
  const closeBox = h(
    "details",
    { class: "nc-close" },
    h("summary", { text: t("close_summary") }),
    h("label", { for: `${id}-outcome`, class: "nc-label", text: t("outcome_label") }),
    outcome,
    h(
      "fieldset",
      { class: "nc-topics" },
      h("legend", { text: t("topics_label") }),
      topicBoxes.map((box) => h("label", { class: "nc-check" }, box, " ", t(`topic_${box.value}`))),
    ),
    closeBtn,
    closeError,
  );
  // the summary note offered with the close form joins the page when the form is opened
  const summaryLabel = h("label", { for: `${id}-summary`, class: "nc-label", text: t("close_summary_note") });
  closeBox.addEventListener("toggle", () => {
    if (closeBox.open && !summary.isConnected) closeBtn.before(summaryLabel, summary);
  });
  const escalateText = h("input", {
    id: `${id}-escalate`,
    class: "nc-input nc-escalate__reason",
    type: "text",
    maxlength: "500",
    autocomplete: "off",
    placeholder: t("escalate_placeholder"),
  });
  const escalateMsg = h("p", { class: "nc-error", role: "status", "data-escalate-msg": true, hidden: true });
  const escalateBtn = h("button", {
    type: "button",
    class: "nc-btn nc-btn--danger",
    text: t("escalate"),
    onclick: () => escalateChat(chat),
  });
  const escalateBox = h(
    "details",
    { class: "nc-escalate" },
    h("summary", { text: t("escalate_summary") }),
    h("label", { for: `${id}-escalate`, class: "nc-label", text: t("escalate_reason") }),
    escalateText,
    escalateBtn,
  );
  // hand the chat to a colleague with a note (docs/protocol.md, "Handover")
  const handoverTo = h("select", { id: `${id}-handover-to`, class: "nc-input" }, h("option", { value: "", text: t("handover_choose") }));
  const handoverNone = h("p", { class: "nc-empty", text: t("handover_none"), hidden: true });
  const handoverNote = h("textarea", {
    id: `${id}-handover-note`,
    class: "nc-textarea",
    rows: "3",
    maxlength: "2000",
    placeholder: t("handover_note_placeholder"),
  });
  const handoverMsg = h("p", { class: "nc-done", role: "status", "data-handover-msg": true, hidden: true });
  const handoverBtn = h("button", {
    type: "button",
    class: "nc-btn nc-btn--primary",
    text: t("handover_offer"),
    onclick: () => offerHandover(chat),
  });
  const handoverFields = h(
    "div",
    { class: "nc-handover__fields" },
    h("label", { for: `${id}-handover-to`, class: "nc-label", text: t("handover_to") }),
    handoverTo,
    handoverNone,
    h("label", { for: `${id}-handover-note`, class: "nc-label", text: t("handover_note") }),
    handoverNote,
    handoverBtn,
  );
  const handoverBox = h(
    "details",
    {
      class: "nc-handover",
      ontoggle: () => {
        showWhileOpen(handoverBox, handoverFields, handoverMsg);
        if (handoverBox.open) loadTargets(chat);
      },
    },
    h("summary", { text: t("handover_summary") }),
    handoverMsg,
  );
  const noteBox = h("aside", { class: "nc-handover-note", "aria-label": t("handover_note"), hidden: true });
  // block an abusive visitor (docs/protocol.md, "Blocks")
  const blockReason = h("input", {
    id: `${id}-block-reason`,
    class: "nc-input",
    type: "text",
    maxlength: "500",
    autocomplete: "off",
    placeholder: t("block_reason_placeholder"),
  });
  const blockHours = h(
    "select",
    { id: `${id}-block-hours`, class: "nc-input" },
    [1, 24, 72, 168].map((n) => h("option", { value: String(n), text: t(`block_hours_${n}`), selected: n === 24 })),
  );
  const blockMsg = h("p", { class: "nc-done", role: "status", "data-block-msg": true, hidden: true });
  const blockBtn = h("button", {
    type: "button",
    class: "nc-btn nc-btn--danger",
    text: t("block_button"),
    onclick: () => blockVisitor(chat),
  });
  const blockFields = h(
    "div",
    { class: "nc-block__fields" },
    h("label", { for: `${id}-block-reason`, class: "nc-label", text: t("block_reason") }),
    blockReason,
    h("label", { for: `${id}-block-hours`, class: "nc-label", text: t("block_hours") }),
    blockHours,
    blockBtn,
  );
  const blockBox = h(
    "details",
    { class: "nc-block", ontoggle: () => showWhileOpen(blockBox, blockFields) },
    h("summary", { text: t("block_summary") }),
  );
  // search the resource library and share an entry as a card (resources_ui.js)
  // the share's ack carries the card's message (the sending socket gets no message.new of it)
  const onShared = (/** @type {Message} */ m) => {
    if (m && chat.thread.merge([m]).length) renderLog(chat);
  };
  const resPanel = resourcePanel({
    id,
    t,
    errorText,
    topics: config.resource_topics,
    getSocket: () => socket,
    conversationId: chat.id,
    onShared,
    onReferral: () => {
      caseUi.load();
      dueReferrals.load();
    },
  });
  const caseUi = casePanel({
    id,
    t,
    errorText,
    lang: LANG,
    getSocket: () => socket,
    conversationId: chat.id,
    myId: () => state.me?.id || null,
    visitorName: () => chat.conv?.nickname,
  });
  const rootEl = h(
    "section",
    { class: "nc-chat", id, "aria-labelledby": `${id}-h`, "data-conversation": chat.id },
    h("header", { class: "nc-chat__head" }, h("div", null, title, risk, facts), h("div", { class: "nc-chat__tools" }, presence, dismiss)),
    alert,
    statusLine,
    noteBox,
    log,
    typing,
    form,
    resPanel,
    handoverBox,
    closeBox,
    escalateBox,
    escalateMsg,
    caseUi.panel,
    blockBox,
    blockMsg,
  );
  // working in the chat shown reads it (it may have come while the window was in the background)
  const toFront = () => {
    if (activeId !== chat.id) return;
    markRead(chat);
    clearNews(chat.id);
  };
  rootEl.addEventListener("focusin", toFront);
  rootEl.addEventListener("pointerdown", toFront);
  return {
    noteBox,
    handoverBox,
    handoverTo,
    handoverNone,
    handoverNote,
    handoverBtn,
    handoverMsg,
    blockBox,
    blockReason,
    blockHours,
    blockBtn,
    blockMsg,
    resPanel,
    risk,
    alert,
    escalateBox,
    escalateText,
    escalateBtn,
    escalateMsg,
    root: rootEl,
    title,
    presence,
    facts,
    statusLine,
    dismiss,
    log,
    typing,
    text,
    counter,
    error,
    send,
    form,
    outcome,
    topicBoxes,
    closeBtn,
    closeError,
    closeBox,
    summary,
    casePanel: caseUi,
    /** @type {Map<number, Element>} */
    msgEls: new Map(),
  };
}

/**
 * @param {Chat} chat
 */
function renderChat(chat) {
  renderChatHeader(chat);
  const ro = chat.readOnly;
  chat.el.root.classList.toggle("nc-chat--readonly", !!ro);
  const newOwner = chat.conv?.networker?.name || t("anonymous");
  chat.el.statusLine.textContent = ro ? t(`status_${ro}`, { name: newOwner }) + (chat.reason ? ` ${t(`reason_${chat.reason}`)}` : "") : "";
  chat.el.statusLine.hidden = !ro;
  chat.el.form.hidden = !!ro;
  chat.el.closeBox.hidden = !!ro;
  chat.el.escalateBox.hidden = !!ro;
  chat.el.handoverBox.hidden = !!ro;
  chat.el.blockBox.hidden = !!ro;
  chat.el.resPanel.hidden = !!ro;
  chat.el.dismiss.hidden = !ro;
  chat.el.text.disabled = !!ro;
  renderLog(chat);
  renderError(chat);
}

/**
 * @param {Chat} chat
 */
function renderChatHeader(chat) {
  const conv = chat.conv || {};
  chat.el.title.textContent = plain(conv.nickname || t("anonymous"));
  const facts = [
    shortRef(chat.id),
    Number(conv.priority) > 0 ? t("urgent") : null,
    ...originFacts(conv, t, LANG),
    conv.requeued ? t("requeued_tag") : null,
  ].filter(Boolean);
  chat.el.facts.textContent = facts.join(" · ");
  const badge = riskBadge(conv.risk, t);
  chat.el.risk.replaceChildren(...(badge ? [badge] : []));
  chat.el.risk.hidden = !badge;
  // a closed chat (or one no longer mine: its presence is not sent here any more) shows none
  const showPresence = chat.online !== null && conv.status !== "closed" && !chat.readOnly;
  chat.el.presence.hidden = !showPresence;
  chat.el.presence.textContent = showPresence ? (chat.online ? t("online") : t("offline")) : "";
  chat.el.presence.className = `nc-presence ${chat.online ? "nc-presence--on" : "nc-presence--off"}`;
  chat.el.root.classList.toggle("nc-chat--urgent", Number(conv.priority) > 0);
  scheduleList();
}

/**
 * @param {Chat} chat
 */
function renderLog(chat) {
  const pending = chat.failed.map((f) => sharedPendingEl(f, f.code, state.me?.name, t));
  for (const item of chat.thread.pending(chat.sender.outbox.list())) pending.push(sharedPendingEl(item, null, state.me?.name, t));
  renderThread(
    chat.el.log,
    chat.thread,
    chat.el.msgEls,
    (m) => withCard(sharedMessageEl(m, { t, lang: LANG, visitorName: chat.conv?.nickname }), m, t),
    pending,
  );
}

/**
 * @param {Chat} chat
 */
function renderCounter(chat) {
  const n = chat.el.text.value.length;
  chat.el.counter.textContent = t("counter", { count: n, max: MAX });
  chat.el.counter.classList.toggle("nc-counter--near", n > MAX * 0.9);
}

/**
 * @param {Chat} chat
 * @param {string | null} code
 * @param {Record<string, unknown> | null} [p]
 * @param {boolean} [transient]
 */
function setChatError(chat, code, p, transient) {
  chat.error = code ? { code, params: p || {}, transient: !!transient } : null;
  renderError(chat);
}
/**
 * @param {Chat} chat
 */
function renderError(chat) {
  chat.el.error.textContent = chat.error ? errorText(chat.error.code, chat.error.params) : "";
  chat.el.error.hidden = !chat.error;
}
/**
 * @param {Chat} chat
 * @param {string} text
 */
function setCloseError(chat, text) {
  chat.el.closeError.textContent = text || "";
  chat.el.closeError.hidden = !text;
}

renderConn();
renderDuty();
renderQueue();
renderChatsMeta();
socket.connect();
