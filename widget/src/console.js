// netreach duty console (namespace /console; the session cookie authenticates, same origin).
// Same delivery rules as the widget: outbox in sessionStorage until acked, join with last_seq on
// every (re)connect, resend in order, de-duplicate by seq. Message HTML only from `html`.
import { io } from "socket.io-client";
import {
  Thread,
  beep,
  call,
  fmt,
  formatClock,
  h,
  makeStore,
  makeTypingSender,
  randomId,
  readConfig,
  setMessageHtml,
} from "./common.js";
import { resourcePanel, withCard } from "./resources_ui.js";

const config = readConfig();
const LANG = config.lang || document.documentElement.lang || "pl";
const STRINGS = (config.strings && (config.strings[LANG] || config.strings.en)) || {};
const MAX = Number(config.max_chars) || 4000;
const OUTCOMES = config.outcomes || ["helped", "information_given", "referred", "visitor_left", "no_response", "abusive", "other"];
const TOPICS = config.topics || ["legal", "hiv_sti", "addiction", "mental_health", "housing", "violence", "other"];
const store = makeStore("netreach.console.", "session");
const prefs = makeStore("netreach.console.", "local");

function t(key, p) {
  return fmt(STRINGS[key] != null ? STRINGS[key] : key, p);
}
function errorText(code, p) {
  const key = "error_" + code;
  return t(STRINGS[key] != null ? key : "error_generic", Object.assign({ max: MAX }, p || {}));
}

const state = {
  conn: "connecting",
  me: config.me && typeof config.me === "object" ? config.me : null,
  queue: { total: 0, items: [] },
  queueAt: Date.now(),
  offset: 0, // server clock − browser clock, ms
  synced: false,
};
/** conversation id → chat */
const chats = new Map();
const outboxes = store.get("outbox", {}); // {conversation_id: [{client_id, text}]}
function saveOutboxes() {
  for (const id of Object.keys(outboxes)) if (!outboxes[id] || !outboxes[id].length) delete outboxes[id];
  store.set("outbox", outboxes);
}

// ---------------------------------------------------------------- socket

const socket = io("/console", {
  path: config.socket_path || "/socket.io",
  transports: ["websocket"],
  autoConnect: false,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 8000,
});

let manualRetry = 0;
function retryConnect() {
  clearTimeout(manualRetry);
  manualRetry = setTimeout(() => {
    if (!socket.connected && state.conn !== "forbidden") socket.connect();
  }, 2000 + Math.random() * 2000);
}

socket.on("connect", () => {
  state.conn = "online";
  renderConn();
  sync();
});
socket.on("disconnect", (reason) => {
  state.conn = "reconnecting";
  state.synced = false;
  for (const chat of chats.values()) chat.joined = false;
  renderConn();
  if (reason === "io server disconnect") retryConnect();
});
socket.on("connect_error", (err) => {
  const code = err && err.data && err.data.code;
  if (code === "forbidden") {
    state.conn = "forbidden";
    renderConn();
    return;
  }
  state.conn = state.conn === "connecting" ? "connecting" : "reconnecting";
  renderConn();
  if (!socket.active) retryConnect();
});

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
  if (!ev || !ev.conversation) return;
  const conv = ev.conversation;
  if (ev.op === "assigned") {
    // Chats I take myself need no alert; automatic assignments (or another tab's) do.
    const mine = chats.has(conv.id) || takesInFlight > 0;
    const chat = ensureChat(conv);
    chat.readOnly = null;
    chat.conv = conv;
    renderChat(chat);
    joinChat(chat);
    if (!mine) notifyNewChat();
  } else {
    const chat = chats.get(conv.id);
    if (!chat) return;
    chat.conv = conv;
    chat.readOnly = ev.op === "closed" ? "closed" : "requeued";
    chat.reason = ev.reason || conv.close_reason || null;
    chat.visitorTyping = false;
    failOutbox(chat, ev.op === "closed" ? "closed" : "forbidden");
    renderChat(chat);
  }
  renderChatsMeta();
});
socket.on("message.new", (m) => {
  if (!m || !m.conversation_id) return;
  const chat = chats.get(m.conversation_id);
  if (!chat) return;
  if (m.sender === "visitor") setVisitorTyping(chat, false);
  if (chat.thread.merge([m]).length) renderLog(chat);
});
socket.on("typing", (ev) => {
  if (!ev || ev.sender !== "visitor") return;
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
    chat.conv = conv;
    chat.readOnly = null;
    renderChat(chat);
  }
  // Chats shown here that are no longer mine (requeued or closed while we were away).
  for (const chat of chats.values()) {
    if (!open.has(chat.id) && !chat.readOnly) {
      chat.readOnly = "unassigned";
      failOutbox(chat, "forbidden");
      renderChat(chat);
    }
  }
  state.synced = true;
  renderDuty();
  renderChatsMeta();
  for (const chat of chats.values()) if (!chat.readOnly) joinChat(chat);
}

function setQueue(q) {
  state.queue = { total: Number(q.total) || 0, items: Array.isArray(q.items) ? q.items : [] };
  state.queueAt = Date.now();
  if (q.server_time) {
    const server = Date.parse(q.server_time);
    if (!isNaN(server)) state.offset = server - Date.now();
  }
  renderQueue();
}

// ---------------------------------------------------------------- chats

function ensureChat(conv) {
  let chat = chats.get(conv.id);
  if (chat) return chat;
  chat = {
    id: conv.id,
    conv,
    thread: new Thread(),
    readOnly: null, // null | "closed" | "requeued" | "unassigned"
    reason: null,
    online: true,
    joined: false,
    joining: false,
    flushing: false,
    failed: [],
    visitorTyping: false,
    typingTimer: 0,
    retryTimer: 0,
    error: null,
    el: null,
  };
  chat.typing = makeTypingSender((on) => {
    if (!chat.readOnly && socket.connected) call(socket, "typing", { conversation_id: chat.id, typing: on }, 5000);
  }, 2000);
  buildChat(chat);
  chats.set(conv.id, chat);
  chatsEl.appendChild(chat.el.root);
  renderChatsMeta();
  return chat;
}

async function joinChat(chat) {
  if (chat.joining) return;
  chat.joining = true;
  chat.joined = false;
  try {
    for (let round = 0; round < 50; round++) {
      const reply = await call(socket, "conversation.join", { conversation_id: chat.id, last_seq: chat.thread.lastSeq }, 10000);
      if (!reply.ok) {
        const code = reply.error && reply.error.code;
        if (code === "forbidden" || code === "not_found") {
          chat.readOnly = "unassigned";
          failOutbox(chat, code);
          renderChat(chat);
        } else if (socket.connected) {
          setTimeout(() => joinChat(chat), 3000);
        }
        return;
      }
      if (reply.conversation) chat.conv = reply.conversation;
      const msgs = reply.messages || [];
      chat.thread.merge(msgs);
      renderLog(chat);
      if (msgs.length < 500) break;
    }
    chat.joined = true;
    if (chat.conv && chat.conv.status === "closed" && !chat.readOnly) {
      chat.readOnly = "closed";
      renderChat(chat);
    }
    flushChat(chat);
  } finally {
    chat.joining = false;
  }
}

function outboxOf(chat) {
  return outboxes[chat.id] || (outboxes[chat.id] = []);
}

function failOutbox(chat, code) {
  const box = outboxes[chat.id];
  if (!box || !box.length) return;
  for (const item of box) chat.failed.push({ client_id: item.client_id, text: item.text, code });
  delete outboxes[chat.id];
  saveOutboxes();
}

async function flushChat(chat) {
  if (chat.flushing || !chat.joined || !socket.connected || chat.readOnly) return;
  chat.flushing = true;
  clearTimeout(chat.retryTimer);
  try {
    const box = outboxOf(chat);
    while (box.length && socket.connected && chat.joined && !chat.readOnly) {
      const item = box[0];
      const reply = await call(socket, "message.send", { conversation_id: chat.id, client_id: item.client_id, text: item.text }, 15000);
      if (box[0] !== item) continue;
      if (reply.ok) {
        box.shift();
        saveOutboxes();
        if (chat.error && chat.error.transient) setChatError(chat, null);
        if (reply.message) chat.thread.merge([reply.message]);
        renderLog(chat);
        continue;
      }
      const code = (reply.error && reply.error.code) || "unavailable";
      if (code === "rate_limited") {
        const seconds = Math.max(1, Math.ceil(Number(reply.retry_after) || 5));
        setChatError(chat, "rate_limited", { seconds }, true);
        chat.retryTimer = setTimeout(() => flushChat(chat), seconds * 1000);
        break;
      }
      if (code === "timeout" || code === "offline" || code === "unavailable") {
        setChatError(chat, code === "unavailable" ? "unavailable" : "timeout", null, true);
        chat.retryTimer = setTimeout(() => flushChat(chat), 4000);
        break;
      }
      box.shift();
      saveOutboxes();
      chat.failed.push({ client_id: item.client_id, text: item.text, code });
      if (!chat.el.text.value) {
        chat.el.text.value = item.text.slice(0, MAX);
        renderCounter(chat);
      }
      setChatError(chat, code);
      if (code === "closed") chat.readOnly = "closed";
      renderChat(chat);
    }
  } finally {
    chat.flushing = false;
  }
}

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
  outboxOf(chat).push({ client_id: randomId(16), text });
  saveOutboxes();
  renderLog(chat);
  flushChat(chat);
  chat.el.text.focus();
}

async function closeChat(chat) {
  const outcome = chat.el.outcome.value;
  if (!outcome) {
    setCloseError(chat, t("close_choose_outcome"));
    chat.el.outcome.focus();
    return;
  }
  const topics = chat.el.topicBoxes.filter((b) => b.checked).map((b) => b.value);
  chat.el.closeBtn.disabled = true;
  const reply = await call(socket, "conversation.close", { conversation_id: chat.id, outcome, topics }, 10000);
  chat.el.closeBtn.disabled = false;
  if (!reply.ok) {
    setCloseError(chat, errorText((reply.error && reply.error.code) || "unavailable"));
    return;
  }
  setCloseError(chat, "");
  chat.conv = reply.conversation || chat.conv;
  chat.readOnly = "closed";
  chat.reason = "closed_by_staff";
  renderChat(chat);
  renderChatsMeta();
}

function dismissChat(chat) {
  chat.el.root.remove();
  chats.delete(chat.id);
  delete outboxes[chat.id];
  saveOutboxes();
  renderChatsMeta();
  const next = chatsEl.querySelector("textarea:not([disabled])");
  if (next) next.focus();
  else takeNextBtn.focus();
}

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
  if (!reply.ok) return setDutyError(errorText((reply.error && reply.error.code) || "unavailable", { seconds: reply.retry_after }));
  setDutyError("");
  state.me = reply.me || state.me;
  renderDuty();
}

async function stopDuty() {
  const reply = await call(socket, "duty.stop", {}, 10000);
  if (!reply.ok) return setDutyError(errorText((reply.error && reply.error.code) || "unavailable"));
  state.me = reply.me || state.me;
  setDutyError(reply.released ? t("duty_released", { count: reply.released }) : "");
  renderDuty();
}

let takesInFlight = 0;
async function take(conversationId) {
  takesInFlight++;
  let reply;
  try {
    reply = await call(socket, "queue.take", conversationId ? { conversation_id: conversationId } : {}, 10000);
  } finally {
    takesInFlight--;
  }
  if (!reply.ok) {
    setQueueError(errorText((reply.error && reply.error.code) || "unavailable"));
    return;
  }
  setQueueError("");
  if (reply.conversation) {
    const chat = ensureChat(reply.conversation);
    chat.conv = reply.conversation;
    chat.readOnly = null;
    renderChat(chat);
    joinChat(chat);
    chat.el.text.focus();
  }
}

// ---------------------------------------------------------------- notifications

let flashTimer = 0;
const baseTitle = document.title;
function notifyNewChat() {
  if (prefs.get("sound", false)) beep();
  if (document.hasFocus()) return;
  clearInterval(flashTimer);
  let on = false;
  flashTimer = setInterval(() => {
    on = !on;
    document.title = on ? "● " + t("notify_new_chat") : baseTitle;
  }, 1000);
}
window.addEventListener("focus", () => {
  clearInterval(flashTimer);
  document.title = baseTitle;
});

// ---------------------------------------------------------------- DOM

const root = document.getElementById("nc-app") || document.body.appendChild(h("div", { id: "nc-app" }));
const connEl = h("div", { class: "nc-conn", role: "status", "aria-live": "polite" });

const dutyStatus = h("p", { class: "nc-duty__status", role: "status", "aria-live": "polite" });
const capacityEl = h("input", { id: "nc-capacity", class: "nc-input nc-input--num", type: "number", min: "1", max: "10", step: "1", value: "3", inputmode: "numeric" });
const autoEl = h("input", { id: "nc-auto", type: "checkbox", checked: true });
const dutyStartBtn = h("button", { id: "nc-duty-start", type: "button", class: "nc-btn nc-btn--primary", onclick: startDuty });
const dutyStopBtn = h("button", { id: "nc-duty-stop", type: "button", class: "nc-btn", onclick: stopDuty });
const dutyError = h("p", { class: "nc-error", role: "alert", hidden: true });
const soundEl = h("input", {
  id: "nc-sound",
  type: "checkbox",
  checked: !!prefs.get("sound", false),
  onchange: (e) => {
    prefs.set("sound", e.target.checked);
    if (e.target.checked) beep();
  },
});
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
  h("label", { class: "nc-check nc-check--small" }, soundEl, " ", t("sound_label")),
);

const queueCount = h("span", { class: "nc-count" });
const takeNextBtn = h("button", { id: "nc-take-next", type: "button", class: "nc-btn nc-btn--primary", onclick: () => take(null) });
const queueError = h("p", { class: "nc-error", role: "alert", hidden: true });
const queueList = h("ol", { class: "nc-queue__list" });
const queueEmpty = h("p", { class: "nc-empty", text: t("queue_empty_list") });
const queuePanel = h(
  "section",
  { class: "nc-panel nc-queue", "aria-labelledby": "nc-queue-h" },
  h("div", { class: "nc-panel__head" }, h("h2", { id: "nc-queue-h", class: "nc-panel__title" }, t("queue_heading"), " ", queueCount), takeNextBtn),
  queueError,
  queueEmpty,
  queueList,
);

const chatsCount = h("span", { class: "nc-count" });
const chatsEmpty = h("p", { class: "nc-empty", text: t("chats_empty") });
const chatsEl = h("div", { class: "nc-chats__grid" });
const chatsPanel = h(
  "section",
  { class: "nc-chats", "aria-labelledby": "nc-chats-h" },
  h("h2", { id: "nc-chats-h", class: "nc-panel__title" }, t("chats_heading"), " ", chatsCount),
  chatsEmpty,
  chatsEl,
);

root.replaceChildren(connEl, h("div", { class: "nc-layout" }, h("div", { class: "nc-side" }, dutyPanel, queuePanel), chatsPanel));
takeNextBtn.textContent = t("take_next");

function setDutyError(text) {
  dutyError.textContent = text || "";
  dutyError.hidden = !text;
}
function setQueueError(text) {
  queueError.textContent = text || "";
  queueError.hidden = !text;
}

function renderConn() {
  connEl.className = "nc-conn nc-conn--" + state.conn;
  if (state.conn === "forbidden") {
    connEl.replaceChildren(t("conn_forbidden"), " ", h("a", { href: "/login?next=%2Fconsole", text: t("log_in_again") }));
  } else {
    connEl.textContent = state.conn === "online" ? "" : state.conn === "reconnecting" ? t("conn_reconnecting") : t("conn_connecting");
  }
  connEl.hidden = state.conn === "online";
}

function renderDuty() {
  const me = state.me;
  const on = !!(me && me.on_duty);
  // me.load is only as fresh as the last duty event; the open chats shown here are live.
  const open = Array.from(chats.values()).filter((c) => !c.readOnly).length;
  const load = state.synced ? open : Math.max(me ? me.load || 0 : 0, open);
  dutyStatus.textContent = !me ? "" : on ? t("duty_on", { load, capacity: me.capacity || 0 }) : t("duty_off");
  dutyStatus.className = "nc-duty__status " + (on ? "nc-duty__status--on" : "nc-duty__status--off");
  if (me && document.activeElement !== capacityEl && me.capacity) capacityEl.value = String(me.capacity);
  if (me && typeof me.auto_assign === "boolean") autoEl.checked = me.auto_assign;
  dutyStartBtn.textContent = on ? t("duty_update") : t("duty_start");
  dutyStopBtn.textContent = t("duty_stop");
  dutyStopBtn.hidden = !on;
  takeNextBtn.disabled = !on;
}

function fmtDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const pad = (n) => (n < 10 ? "0" : "") + n;
  return hh ? hh + ":" + pad(mm) + ":" + pad(ss) : mm + ":" + pad(ss);
}

function waitingSeconds(item) {
  const queuedAt = Date.parse(item.queued_at || "");
  if (!isNaN(queuedAt)) return (Date.now() + state.offset - queuedAt) / 1000;
  return (Number(item.waiting_seconds) || 0) + (Date.now() - state.queueAt) / 1000;
}

function renderQueue() {
  const focusedId = document.activeElement && document.activeElement.getAttribute && document.activeElement.getAttribute("data-take");
  queueCount.textContent = t("queue_count", { count: state.queue.total });
  queueEmpty.hidden = state.queue.items.length > 0;
  const on = !!(state.me && state.me.on_duty);
  queueList.replaceChildren(
    ...state.queue.items.map((item) => {
      const urgent = Number(item.priority) > 0;
      const wait = h("span", { class: "nc-wait", "data-wait": item.id, text: fmtDuration(waitingSeconds(item)) });
      const facts = [item.language ? String(item.language).toUpperCase() : null, item.site || null].filter(Boolean).join(" · ");
      return h(
        "li",
        { class: "nc-qitem" + (urgent ? " nc-qitem--urgent" : "") },
        h(
          "div",
          { class: "nc-qitem__head" },
          urgent ? h("strong", { class: "nc-badge nc-badge--urgent", text: t("urgent") }) : null,
          item.requeued ? h("span", { class: "nc-badge", text: t("requeued_tag") }) : null,
          h("span", { class: "nc-qitem__who", text: item.nickname || t("anonymous") }),
          h("span", { class: "nc-qitem__wait" }, t("waiting"), " ", wait),
        ),
        h("p", { class: "nc-qitem__first", text: item.first_message || "" }),
        h(
          "div",
          { class: "nc-qitem__foot" },
          h("span", { class: "nc-qitem__facts", text: facts }),
          h("button", {
            type: "button",
            class: "nc-btn nc-btn--small",
            "data-take": item.id,
            disabled: !on,
            "aria-label": t("take_aria", { name: item.nickname || t("anonymous") }),
            text: t("take"),
            onclick: () => take(item.id),
          }),
        ),
      );
    }),
  );
  if (focusedId) {
    const again = queueList.querySelector('[data-take="' + CSS.escape(focusedId) + '"]');
    (again || takeNextBtn).focus();
  }
}

setInterval(() => {
  for (const item of state.queue.items) {
    const el = queueList.querySelector('[data-wait="' + CSS.escape(item.id) + '"]');
    if (el) el.textContent = fmtDuration(waitingSeconds(item));
  }
}, 1000);

function renderChatsMeta() {
  const open = Array.from(chats.values()).filter((c) => !c.readOnly).length;
  chatsCount.textContent = t("chats_count", { count: open });
  chatsEmpty.hidden = chats.size > 0;
  renderDuty();
}

function buildChat(chat) {
  const id = "nc-chat-" + chat.id.replace(/[^A-Za-z0-9_-]/g, "");
  const title = h("h3", { class: "nc-chat__title", id: id + "-h" });
  const presence = h("span", { class: "nc-presence" });
  const facts = h("p", { class: "nc-chat__facts" });
  const statusLine = h("p", { class: "nc-chat__status", role: "status" });
  const dismiss = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("dismiss"), onclick: () => dismissChat(chat) });
  const log = h("ol", { class: "nc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-labelledby": id + "-h", tabindex: "0" });
  const typing = h("p", { class: "nc-typing", hidden: true });
  const text = h("textarea", { id: id + "-text", class: "nc-textarea", rows: "3", maxlength: String(MAX), placeholder: t("message_placeholder"), "aria-describedby": id + "-counter " + id + "-error" });
  const counter = h("span", { id: id + "-counter", class: "nc-counter" });
  const error = h("p", { id: id + "-error", class: "nc-error", role: "alert", hidden: true });
  const send = h("button", { type: "submit", class: "nc-btn nc-btn--primary", text: t("send") });
  const form = h(
    "form",
    { class: "nc-composer", novalidate: true, onsubmit: (e) => (e.preventDefault(), sendFrom(chat)) },
    h("label", { for: id + "-text", class: "nc-visually-hidden", text: t("message_label") }),
    text,
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
    { id: id + "-outcome", class: "nc-input" },
    h("option", { value: "", text: t("close_choose_outcome") }),
    OUTCOMES.map((o) => h("option", { value: o, text: t("outcome_" + o) })),
  );
  const topicBoxes = TOPICS.map((tp) => h("input", { type: "checkbox", value: tp }));
  const closeBtn = h("button", { type: "button", class: "nc-btn nc-btn--danger", text: t("close_chat"), onclick: () => closeChat(chat) });
  const closeError = h("p", { class: "nc-error", role: "alert", hidden: true });
  const closeBox = h(
    "details",
    { class: "nc-close" },
    h("summary", { text: t("close_summary") }),
    h("label", { for: id + "-outcome", class: "nc-label", text: t("outcome_label") }),
    outcome,
    h(
      "fieldset",
      { class: "nc-topics" },
      h("legend", { text: t("topics_label") }),
      topicBoxes.map((box) => h("label", { class: "nc-check" }, box, " ", t("topic_" + box.value))),
    ),
    closeBtn,
    closeError,
  );
  // search the resource library and share an entry as a card (resources_ui.js)
  const resPanel = resourcePanel({ id, t, errorText, topics: config.resource_topics, getSocket: () => socket, conversationId: chat.id });
  const rootEl = h(
    "section",
    { class: "nc-chat", "aria-labelledby": id + "-h", "data-conversation": chat.id },
    h("header", { class: "nc-chat__head" }, h("div", null, title, facts), h("div", { class: "nc-chat__tools" }, presence, dismiss)),
    statusLine,
    log,
    typing,
    form,
    resPanel,
    closeBox,
  );
  chat.el = { resPanel, root: rootEl, title, presence, facts, statusLine, dismiss, log, typing, text, counter, error, send, form, outcome, topicBoxes, closeBtn, closeError, closeBox, msgEls: new Map() };
  renderCounter(chat);
}

function renderChat(chat) {
  renderChatHeader(chat);
  const ro = chat.readOnly;
  chat.el.root.classList.toggle("nc-chat--readonly", !!ro);
  chat.el.statusLine.textContent = ro ? t("status_" + ro) + (chat.reason ? " " + t("reason_" + chat.reason) : "") : "";
  chat.el.statusLine.hidden = !ro;
  chat.el.form.hidden = !!ro;
  chat.el.closeBox.hidden = !!ro;
  chat.el.resPanel.hidden = !!ro;
  chat.el.dismiss.hidden = !ro;
  chat.el.text.disabled = !!ro;
  renderLog(chat);
  renderError(chat);
}

function renderChatHeader(chat) {
  const conv = chat.conv || {};
  chat.el.title.textContent = conv.nickname || t("anonymous");
  const facts = [
    Number(conv.priority) > 0 ? t("urgent") : null,
    conv.language ? String(conv.language).toUpperCase() : null,
    conv.site || null,
    conv.requeued ? t("requeued_tag") : null,
  ].filter(Boolean);
  chat.el.facts.textContent = facts.join(" · ");
  chat.el.presence.textContent = chat.online ? t("online") : t("offline");
  chat.el.presence.className = "nc-presence " + (chat.online ? "nc-presence--on" : "nc-presence--off");
  chat.el.root.classList.toggle("nc-chat--urgent", Number(conv.priority) > 0);
}

function renderLog(chat) {
  const log = chat.el.log;
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  for (const m of chat.thread.sorted()) {
    if (chat.el.msgEls.has(m.seq)) continue;
    const el = withCard(messageEl(chat, m), m, t);
    chat.el.msgEls.set(m.seq, el);
    let before = null;
    for (const child of log.children) {
      const k = child.getAttribute("data-key");
      if (k === "p" || Number(k) > m.seq) {
        before = child;
        break;
      }
    }
    log.insertBefore(el, before);
  }
  log.querySelectorAll('[data-key="p"]').forEach((el) => el.remove());
  for (const f of chat.failed) log.appendChild(pendingEl(f, f.code));
  for (const item of outboxes[chat.id] || []) if (!chat.thread.hasClientId(item.client_id)) log.appendChild(pendingEl(item, null));
  if (nearBottom) log.scrollTop = log.scrollHeight;
}

function messageEl(chat, m) {
  const who = m.sender === "staff" ? "own" : m.sender === "visitor" ? "visitor" : "system";
  const body = h("div", { class: "nc-msg__body" });
  if (m.html != null) setMessageHtml(body, m.html);
  else body.textContent = m.text || "";
  const name = who === "own" ? m.sender_name || t("you") : who === "visitor" ? (chat.conv && chat.conv.nickname) || t("visitor") : "";
  const meta = who === "system" ? null : h("p", { class: "nc-msg__meta" }, h("span", { class: "nc-msg__name", text: name }), " ", h("time", { datetime: m.created_at || "", text: formatClock(m.created_at, LANG) }));
  return h("li", { class: "nc-msg nc-msg--" + who, "data-key": String(m.seq) }, meta, body);
}

function pendingEl(item, code) {
  return h(
    "li",
    { class: "nc-msg nc-msg--own " + (code ? "nc-msg--failed" : "nc-msg--pending"), "data-key": "p" },
    h("p", { class: "nc-msg__meta" }, h("span", { class: "nc-msg__name", text: (state.me && state.me.name) || t("you") }), " ", h("span", { text: code ? t("not_sent") : t("sending") })),
    h("div", { class: "nc-msg__body", text: item.text }),
  );
}

function renderCounter(chat) {
  const n = chat.el.text.value.length;
  chat.el.counter.textContent = t("counter", { count: n, max: MAX });
  chat.el.counter.classList.toggle("nc-counter--near", n > MAX * 0.9);
}

function setChatError(chat, code, p, transient) {
  chat.error = code ? { code, params: p || {}, transient: !!transient } : null;
  renderError(chat);
}
function renderError(chat) {
  chat.el.error.textContent = chat.error ? errorText(chat.error.code, chat.error.params) : "";
  chat.el.error.hidden = !chat.error;
}
function setCloseError(chat, text) {
  chat.el.closeError.textContent = text || "";
  chat.el.closeError.hidden = !text;
}

renderConn();
renderDuty();
renderQueue();
renderChatsMeta();
socket.connect();
