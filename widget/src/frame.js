// @ts-check
// netreach visitor chat: runs inside the widget iframe and on the plain /chat page.
// Protocol: docs/protocol.md (namespace /visitor). Principles kept here:
//  * nothing acknowledged is lost: outbox in sessionStorage until acked, join with last_seq on
//    every (re)connect, then resend the outbox in order;
//  * message HTML only from the server's `html` field (and re-filtered); everything else as text;
//  * quick exit always works, even offline.
import { io } from "socket.io-client";
import { sendWithProof } from "./challenge.js";
import {
  browserLang,
  call,
  fmt,
  formatClock,
  h,
  insertByKey,
  makeStore,
  makeTypingSender,
  plain,
  randomId,
  readConfig,
  setChildren,
  setMessageHtml,
} from "./common.js";
import {
  catchUp,
  GapWatch,
  JOIN_RETRY_MS,
  Outbox,
  RECONNECT,
  REPLAY_PAGE,
  reconnectDelay,
  SEND_TIMEOUT_MS,
  Sender,
  Thread,
} from "./delivery.js";
import { allowedParent, formatPeriods } from "./dutyhours.js";
import { resourceCard } from "./resources_ui.js";

/**
 * @typedef {import("./protocol").VisitorSocket} VisitorSocket
 * @typedef {import("./protocol").VisitorConversation} VisitorConversation
 * @typedef {import("./protocol").VisitorJoinAck} VisitorJoinAck
 * @typedef {import("./protocol").VisitorSendRequest} VisitorSendRequest
 * @typedef {import("./protocol").VisitorAuth} VisitorAuth
 * @typedef {import("./protocol").DutyStatus} DutyStatus
 * @typedef {import("./protocol").DutyWindow} DutyWindow
 * @typedef {import("./protocol").Message} Message
 * @typedef {import("./protocol").ErrorCode} ErrorCode
 * @typedef {import("./protocol").CloseReason} CloseReason
 * @typedef {import("./protocol").ConversationUpdateReason} ConversationUpdateReason
 * @typedef {import("./delivery.js").OutboxItem} OutboxItem
 */

/**
 * What the widget shows.
 * @typedef {object} State
 * @property {string} lang
 * @property {VisitorConversation | null} conv the visitor view of the conversation
 * @property {Omit<DutyStatus, "on_duty"> & {on_duty: number | null}} duty on_duty null until known
 * @property {{position: number, estimated_wait_seconds: number | null} | null} queue
 * @property {"connecting" | "online" | "reconnecting" | "blocked"} conn
 * @property {boolean} joined
 * @property {{client_id: string, text: string, code: string}[]} failed messages refused for good
 * @property {{key: string, params: Record<string, unknown>, after: number, at: string}[]} notices
 *   local system lines, shown after the seq they followed
 * @property {boolean} staffTyping
 * @property {{code: string, params: Record<string, unknown>, transient: boolean} | null} error
 * @property {boolean} confirmEnd
 * @property {boolean} confirmErase asking "delete my conversation?"
 * @property {boolean} exiting
 * @property {string | null} caseCode the resume code last issued in this tab (memory only)
 * @property {boolean} resumeOpen the "I have a code" form is open
 * @property {{key: string, params: Record<string, unknown>} | null} caseError
 */

const config = readConfig();
/** @type {Record<string, Record<string, string>>} */
const STRINGS = config.strings || {};
const LANGS = (config.langs || ["pl", "en", "uk"]).filter((l) => STRINGS[l]);
const MAX = Number(config.max_chars) || 4000;
const EMBEDDED = !!config.embedded;
const store = makeStore("netreach.", "session");
const params = new URLSearchParams(location.search);

/** @type {State} */
const state = {
  lang: pickLang(),
  conv: null, // visitor view of the conversation, or null
  duty: {
    on_duty: null,
    hours: config.duty_hours || [],
    timezone: config.duty_timezone || "",
    periods: Array.isArray(config.duty_periods) ? config.duty_periods : [],
    emergency_number: config.emergency_number || "112",
  },
  queue: null,
  conn: "connecting", // connecting | online | reconnecting | blocked
  joined: false,
  failed: [], // {client_id, text, code}
  notices: [], // local system lines: {key, params, after}
  staffTyping: false,
  error: null, // {code, params}
  confirmEnd: false,
  confirmErase: false,
  exiting: false,
  caseCode: null,
  resumeOpen: false,
  caseError: null,
};
const thread = new Thread();
// a message.new that leaves a gap in seq: fetch the missing range (join replays from the gap)
const gaps = new GapWatch(() => join());
// un-acknowledged messages, in sessionStorage until acked (delivery.js sends them)
const outbox = new Outbox(store.get("outbox", []), () => store.set("outbox", outbox.list()));
/** @type {ReturnType<typeof setTimeout> | undefined} */
let typingHideTimer;

/** @returns {string} */
function pickLang() {
  const saved = store.get("lang", null);
  if (typeof saved === "string" && LANGS.indexOf(saved) >= 0) return saved;
  const pageLang = config.lang || "";
  // The page (data-lang) or the link (?lang=) chose the language: use it; else the browser's.
  if (params.get("lang") && LANGS.indexOf(pageLang) >= 0) return pageLang;
  const fromBrowser = browserLang(null);
  if (fromBrowser && LANGS.indexOf(fromBrowser) >= 0) return fromBrowser;
  if (LANGS.indexOf(pageLang) >= 0) return pageLang;
  // a browser language we have no interface in: the configured default, as on every page
  const fallback = config.default_lang || "";
  return LANGS.indexOf(fallback) >= 0 ? fallback : LANGS[0] || "pl";
}

/** @type {import("./common.js").Translate} */
function t(key, p) {
  const table = STRINGS[state.lang] || {};
  const text = table[key] != null ? table[key] : STRINGS.en?.[key] != null ? STRINGS.en[key] : key;
  return fmt(text, p);
}

// ---------------------------------------------------------------- token and socket

function visitorToken() {
  const saved = store.get("token", null);
  if (typeof saved === "string" && /^[A-Za-z0-9_-]{43,128}$/.test(saved)) return saved;
  const token = randomId(32);
  store.set("token", token);
  return token;
}

function authPayload() {
  /** @type {VisitorAuth} */
  const auth = { token: visitorToken(), lang: state.lang };
  // The host of the page that embeds the widget; the plain /chat page has none.
  const site = (config.site || params.get("site") || "").slice(0, 200);
  if (site) auth.site = site;
  return auth;
}

/** @type {VisitorSocket} */
const socket = io("/visitor", {
  path: config.socket_path || "/socket.io",
  transports: ["websocket"],
  autoConnect: false,
  reconnectionDelay: RECONNECT.delay,
  reconnectionDelayMax: RECONNECT.max,
  auth: (cb) => cb(authPayload()),
});

let manualRetry = 0;
function retryConnect() {
  clearTimeout(manualRetry);
  manualRetry = setTimeout(() => {
    if (!socket.connected && !state.exiting && state.conn !== "blocked") socket.connect();
  }, reconnectDelay());
}

socket.on("connect", () => {
  state.conn = "online";
  renderConn();
  join();
});

// the server's nodes lost each other for a while: fetch what may not have arrived
socket.on("delivery.resync", () => join());

socket.on("disconnect", (reason) => {
  state.joined = false;
  if (state.exiting) return;
  state.conn = "reconnecting";
  renderConn();
  // The server closed us (e.g. an oversized frame): socket.io will not retry on its own.
  if (reason === "io server disconnect") retryConnect();
});

/** Staff blocked this visitor (docs/protocol.md, "Blocks"): stop connecting, say so kindly
 * with the emergency number; nothing is retried until the page is opened again. */
function becomeBlocked() {
  clearTimeout(manualRetry);
  if (socket.connected || socket.active) socket.disconnect();
  state.conn = "blocked";
  renderAll();
}

socket.on("connect_error", (err) => {
  const code = err?.data?.code;
  if (code === "blocked") {
    becomeBlocked();
    return;
  }
  if (code === "invalid") store.remove("token"); // a fresh, valid token next time
  if (state.conn !== "connecting") state.conn = "reconnecting";
  renderConn();
  if (!socket.active) retryConnect(); // refused by the server: retry ourselves
});

socket.on("message.new", (m) => {
  if (!m || typeof m !== "object") return;
  if (!state.conv || m.conversation_id !== state.conv.id) {
    // A conversation started elsewhere (another tab) or we missed the start: ask the server.
    if (!state.conv || state.conv.status === "closed") join();
    return;
  }
  if (m.sender === "staff") setStaffTyping(false);
  addMessages([m]);
  gaps.check(thread);
});

// ---------------------------------------------------------------- launcher badge
// While the visitor has minimised the chat (the loader says so) or the tab is in the background,
// replies are counted and the count goes to the loader, which shows it on the launcher. Only a
// number crosses to the host page; nothing is stored there. The last seq the visitor saw is kept
// in this frame's own sessionStorage ("read"), so after the host page is reloaded in the same
// tab — the loader then loads this frame hidden, with `minimised=1` — the replies that came
// meanwhile still count.
let minimised = EMBEDDED && params.get("minimised") === "1";
let unread = 0;
function updateUnread() {
  if (!EMBEDDED) return;
  const id = state.conv ? state.conv.id : "";
  const saved = /** @type {{c?: unknown, s?: unknown} | null} */ (store.get("read", null));
  const readSeq = saved && saved.c === id && typeof saved.s === "number" ? saved.s : 0;
  let count = 0;
  if (!id) {
    // no conversation shown (a new chat, or it was erased): nothing unread
  } else if (!minimised && !document.hidden) {
    if (thread.highestSeq > readSeq) store.set("read", { c: id, s: thread.highestSeq });
  } else {
    for (const m of thread.sorted()) if (m.sender !== "visitor" && m.seq > readSeq) count++;
  }
  if (count !== unread) {
    unread = count;
    postUnread();
  }
}
function postUnread() {
  if (EMBEDDED && window.parent !== window) window.parent.postMessage({ type: "netreach:unread", count: unread }, "*");
}
document.addEventListener("visibilitychange", updateUnread);

socket.on("conversation.update", (ev) => {
  if (!ev?.conversation) return;
  const conv = ev.conversation;
  if (!state.conv || conv.id !== state.conv.id) {
    if (!state.conv || state.conv.status === "closed") join();
    return;
  }
  const before = state.conv.networker?.name || null;
  state.conv = conv;
  if (ev.op === "assigned") {
    // The status line says who is chatting; the log marks only a change of hands (a handover
    // or a supervisor taking over), so the first assignment is not said twice.
    const now = conv.networker?.name || null;
    if (before && now !== before) addNotice(now ? "active_with" : "active_with_anon", { name: now });
  } else if (ev.op === "requeued") {
    setStaffTyping(false);
    addNotice("requeued");
  } else if (ev.op === "closed") {
    setStaffTyping(false);
    addNotice(closedKey(conv.close_reason || ev.reason));
    state.queue = null;
    if (ev.reason === "blocked") {
      becomeBlocked();
      return;
    }
  }
  renderAll();
});

socket.on("queue.position", (ev) => {
  if (!ev || !state.conv || ev.conversation_id !== state.conv.id) return;
  state.queue = { position: ev.position, estimated_wait_seconds: ev.estimated_wait_seconds };
  if (typeof ev.on_duty === "number") state.duty.on_duty = ev.on_duty;
  renderStatus();
});

socket.on("duty.update", (duty) => {
  if (duty && typeof duty === "object") {
    state.duty = Object.assign({}, state.duty, duty);
    renderStatus();
  }
});

// our conversation was erased (from another tab of ours, or by retention): nothing of it stays
socket.on("conversation.erased", (ev) => {
  if (!ev || !state.conv || ev.conversation_id !== state.conv.id) return;
  forgetConversation();
  addNotice("erased");
  renderAll();
});

socket.on("typing", (ev) => {
  if (ev?.sender !== "staff" || !state.conv || ev.conversation_id !== state.conv.id) return;
  setStaffTyping(!!ev.typing);
});

/** @param {CloseReason | ConversationUpdateReason | null | undefined} reason */
function closedKey(reason) {
  if (reason === "visitor_left") return "closed_by_visitor";
  if (reason === "closed_by_staff") return "closed_by_staff";
  return "closed";
}

// ---------------------------------------------------------------- join, merge, outbox

let joining = false;
let joinAgain = false;
async function join() {
  if (joining) {
    joinAgain = true;
    return;
  }
  joining = true;
  state.joined = false;
  try {
    const reply = await catchUp(thread, (lastSeq) => call(socket, "conversation.join", { last_seq: lastSeq }, 10000), applyJoin);
    if (!reply.ok) {
      if (socket.connected) setTimeout(join, JOIN_RETRY_MS);
      return;
    }
    state.joined = true;
    renderAll();
    sender.flush();
  } finally {
    joining = false;
    if (joinAgain) {
      joinAgain = false;
      join();
    }
  }
}

/**
 * One page of the join replay: the conversation, its queue place and duty status, the messages.
 * @param {Extract<VisitorJoinAck, {ok: true}>} reply
 * @returns {"again" | undefined}
 */
function applyJoin(reply) {
  if (reply.duty && typeof reply.duty === "object") state.duty = Object.assign({}, state.duty, reply.duty);
  let conv = reply.conversation || null;
  if (conv && conv.status === "closed" && conv.id === store.get("dismissed", null)) conv = null;
  if (conv && state.conv && conv.id !== state.conv.id) {
    // A different conversation than the one shown: start the view over from seq 0.
    resetThread();
    state.conv = conv;
    return "again";
  }
  if (conv && !state.conv && thread.size > 0) {
    resetThread();
    state.conv = conv;
    return "again";
  }
  if (!conv && state.conv) resetThread();
  state.conv = conv;
  state.queue = conv && conv.status === "queued" ? reply.queue || state.queue : null;
  addMessages(reply.messages || []);
  // A chat that ended while this tab was away (or read after resuming with a code): say so at
  // the end of the log, where the visitor reads, not only in the status line above it.
  const ends = ["closed", "closed_by_visitor", "closed_by_staff"];
  const lastPage = (reply.messages || []).length < REPLAY_PAGE;
  if (conv && conv.status === "closed" && lastPage && !state.notices.some((n) => ends.indexOf(n.key) >= 0)) {
    addNotice(closedKey(conv.close_reason));
  }
  return undefined;
}

function resetThread() {
  thread.clear();
  state.notices = [];
  state.queue = null;
  logEl.replaceChildren();
  msgEls.clear();
}

/** @param {string} text */
function queueMessage(text) {
  /** @type {OutboxItem} */
  const item = { client_id: randomId(16), text };
  const nick = nickEl.value.trim().slice(0, 40);
  if (nick && !isOpen()) item.nickname = nick;
  // written into an open chat: if it ends before this is sent, the server refuses it (closed)
  // rather than starting a new conversation with it
  if (isOpen() && state.conv) item.conversation_id = state.conv.id;
  outbox.add(item);
  renderLog();
  sender.flush();
}

function isOpen() {
  return !!(state.conv && state.conv.status !== "closed");
}

/** Sends the outbox in order, each message until its ack (delivery.js). */
const sender = new Sender(outbox, {
  canSend: () => state.joined && socket.connected && !state.exiting,
  send(item) {
    /** @type {VisitorSendRequest} */
    const payload = { client_id: item.client_id, text: item.text };
    if (item.nickname && !isOpen()) payload.nickname = item.nickname;
    if (item.conversation_id) payload.conversation_id = item.conversation_id;
    // many chats starting at once: the first message of a new one carries a proof of work,
    // solved here in the background (challenge.js)
    return sendWithProof((p) => call(socket, "message.send", p, SEND_TIMEOUT_MS), payload);
  },
  onSent(reply) {
    if (state.error?.transient) setError(null);
    if (reply.conversation) {
      if (state.conv && reply.conversation.id !== state.conv.id) resetThread();
      const wasOpen = isOpen();
      state.conv = reply.conversation;
      if (!wasOpen) store.remove("dismissed");
    }
    if (reply.message) addMessages([reply.message]);
    renderAll();
  },
  onTransient(code, params) {
    setError(code, params, true);
  },
  onFailed(item, code) {
    // Refused for good (too long, invalid, blocked, ...): nothing was stored. Give the text back.
    state.failed.push({ client_id: item.client_id, text: item.text, code });
    if (code === "blocked") {
      becomeBlocked();
      return;
    }
    if (!textEl.value) {
      textEl.value = item.text.slice(0, MAX);
      renderCounter();
    }
    setError(code, { max: MAX });
    renderLog();
  },
});

// ---------------------------------------------------------------- DOM

const root = document.getElementById("nr-app") || document.body.appendChild(h("div", { id: "nr-app" }));
root.className = `nr-app${EMBEDDED ? " nr-app--embedded" : ""}`;

const titleEl = h("h1", { class: "nr-title" });
const langButtons = LANGS.map((code) =>
  h("button", {
    type: "button",
    class: "nr-lang__btn",
    lang: code,
    "data-lang": code,
    onclick: () => setLang(code),
  }),
);
const langGroup = h("div", { class: "nr-lang", role: "group" }, langButtons);
const minimiseBtn = EMBEDDED
  ? h("button", {
      type: "button",
      class: "nr-icon-btn",
      onclick: () => {
        try {
          window.parent.postMessage({ type: "netreach:close" }, "*");
        } catch {
          /* ignore */
        }
      },
    })
  : null;
const header = h("header", { class: "nr-header" }, titleEl, h("div", { class: "nr-header__tools" }, langGroup, minimiseBtn));

const emergencyText = h("span", { class: "nr-safety__q", id: "nr-safety-q" });
const emergencyLink = h("a", { class: "nr-safety__call" });
const exitHintId = "nr-exit-hint";
const exitBtn = h("button", { type: "button", class: "nr-exit", "aria-describedby": exitHintId, onclick: () => quickExit(false) });
const exitHint = h("span", { id: exitHintId, class: "nr-visually-hidden" });
// quick exit that also deletes the conversation on the server: one tap
const exitEraseHintId = "nr-exit-erase-hint";
const exitEraseBtn = h("button", {
  type: "button",
  class: "nr-exit-erase",
  "aria-describedby": exitEraseHintId,
  onclick: () => quickExit(true),
});
const exitEraseHint = h("span", { id: exitEraseHintId, class: "nr-visually-hidden" });
// a landmark of its own (named by its question), so that nothing on the page sits outside one
// and a screen reader can jump straight to the emergency number and the quick exit
const safety = h(
  "aside",
  { class: "nr-safety", "aria-labelledby": "nr-safety-q" },
  h("p", { class: "nr-safety__line" }, emergencyText, " ", emergencyLink),
  exitBtn,
  exitHint,
  exitEraseBtn,
  exitEraseHint,
);

const connEl = h("div", { class: "nr-conn", role: "status", "aria-live": "polite" });

const welcomeTitle = h("h2", { class: "nr-welcome__title" });
const welcomeText = h("p", { class: "nr-welcome__text" });
// "I have a code": continue an earlier case (case.resume) on this new token
const resumeToggle = h("button", {
  type: "button",
  class: "nr-link-btn nr-resume__toggle",
  "aria-expanded": "false",
  "aria-controls": "nr-resume-form",
  onclick: () => {
    state.resumeOpen = !state.resumeOpen;
    state.caseError = null;
    renderCase();
    if (state.resumeOpen) resumeInput.focus();
  },
});
const resumeLabel = h("label", { for: "nr-code", class: "nr-label" });
const resumeInput = h("input", {
  id: "nr-code",
  class: "nr-input nr-resume__input",
  type: "text",
  maxlength: "64",
  autocomplete: "off",
  autocapitalize: "characters",
  spellcheck: "false",
});
const resumeSubmit = h("button", { type: "submit", class: "nr-btn nr-btn--primary" });
const resumeError = h("p", { class: "nr-case__error", role: "alert", hidden: true });
const resumeForm = h(
  "form",
  { id: "nr-resume-form", class: "nr-resume", novalidate: true, hidden: true },
  resumeLabel,
  h("div", { class: "nr-resume__row" }, resumeInput, resumeSubmit),
  resumeError,
);
resumeForm.addEventListener("submit", (e) => {
  e.preventDefault();
  resumeCase();
});
const welcome = h("section", { class: "nr-welcome" }, welcomeTitle, welcomeText, resumeToggle, resumeForm);

// the resume code: offered when a chat ends and when a message waits for the next shift,
// and on request while chatting
const caseOffer = h("p", { class: "nr-case__offer" });
const caseGetBtn = h("button", { type: "button", class: "nr-btn nr-case__get", onclick: () => getCaseCode() });
const caseCodeEl = h("p", { class: "nr-case__code", "aria-live": "polite" });
const casePrivate = h("p", { class: "nr-case__private" });
const caseHow = h("p", { class: "nr-case__how" });
const caseError = h("p", { class: "nr-case__error", role: "alert", hidden: true });
const caseBox = h("section", { class: "nr-case", hidden: true }, caseOffer, caseCodeEl, casePrivate, caseHow, caseGetBtn, caseError);

const statusEl = h("div", { class: "nr-status", role: "status", "aria-live": "polite" });
const offdutyEl = h("section", { class: "nr-offduty" });
// a list (<ol>) whose additions are announced: role="log" would take away the list semantics
// its <li> items need (axe-core: listitem), aria-live alone keeps both
const logEl = h("ol", { class: "nr-log", "aria-live": "polite", "aria-relevant": "additions" });
const msgEls = new Map();
const typingEl = h("p", { class: "nr-typing", hidden: true });
// off duty, what to do now (hours, the emergency number) comes before the welcome
const scroller = h("main", { class: "nr-main", tabindex: "0" }, offdutyEl, welcome, statusEl, logEl, typingEl, caseBox);

const nickLabel = h("label", { for: "nr-nick", class: "nr-label" });
const nickEl = h("input", { id: "nr-nick", class: "nr-input", type: "text", maxlength: "40", autocomplete: "off" });
const nickRow = h("div", { class: "nr-field nr-field--nick" }, nickLabel, nickEl);
const textLabel = h("label", { for: "nr-text", class: "nr-label nr-visually-hidden" });
const counterId = "nr-counter";
const errorId = "nr-error";
const textEl = h("textarea", {
  id: "nr-text",
  dir: "auto",
  class: "nr-textarea",
  rows: "3",
  maxlength: String(MAX),
  "aria-describedby": `${counterId} ${errorId}`,
});
const counterEl = h("span", { id: counterId, class: "nr-counter", "aria-live": "off" });
const sendBtn = h("button", { type: "submit", class: "nr-send" });
const errorEl = h("p", { id: errorId, class: "nr-error", role: "alert" });
const form = h(
  "form",
  { class: "nr-composer", novalidate: true },
  nickRow,
  textLabel,
  textEl,
  h("div", { class: "nr-composer__row" }, counterEl, sendBtn),
  errorEl,
);

const endBtn = h("button", { type: "button", class: "nr-link-btn", onclick: () => setConfirm(true) });
const confirmText = h("p", { class: "nr-confirm__text", id: "nr-confirm-text" });
const confirmYes = h("button", { type: "button", class: "nr-btn nr-btn--danger", onclick: endChat });
const confirmNo = h("button", { type: "button", class: "nr-btn", onclick: () => setConfirm(false) });
const confirmBox = h(
  "div",
  { class: "nr-confirm", role: "alertdialog", "aria-labelledby": "nr-confirm-text", hidden: true },
  confirmText,
  h("div", { class: "nr-confirm__row" }, confirmYes, confirmNo),
);
const newChatBtn = h("button", { type: "button", class: "nr-btn nr-btn--primary", onclick: newChat });
// "delete my conversation": erases it on the server (case.erase), after a confirmation
const eraseBtn = h("button", { type: "button", class: "nr-link-btn nr-erase", onclick: () => setEraseConfirm(true) });
const eraseText = h("p", { class: "nr-confirm__text", id: "nr-erase-text" });
const eraseYes = h("button", { type: "button", class: "nr-btn nr-btn--danger nr-erase-yes", onclick: eraseChat });
const eraseNo = h("button", { type: "button", class: "nr-btn", onclick: () => setEraseConfirm(false) });
const eraseBox = h(
  "div",
  { class: "nr-confirm nr-confirm--erase", role: "alertdialog", "aria-labelledby": "nr-erase-text", hidden: true },
  eraseText,
  h("div", { class: "nr-confirm__row" }, eraseYes, eraseNo),
);
const privacyLink = h("a", { class: "nr-privacy", target: "_blank", rel: "noopener noreferrer" });
const actions = h("div", { class: "nr-actions" }, endBtn, eraseBtn, newChatBtn);
const footer = h("footer", { class: "nr-footer" }, confirmBox, eraseBox, form, actions, privacyLink);

root.replaceChildren(header, safety, connEl, scroller, footer);

// ---------------------------------------------------------------- rendering

function renderAll() {
  document.documentElement.lang = state.lang;
  document.title = t("title");
  titleEl.textContent = t("title");
  langGroup.setAttribute("aria-label", t("language"));
  langButtons.forEach((b) => {
    const code = b.getAttribute("data-lang");
    b.textContent = t(`lang_name_${code}`);
    b.setAttribute("aria-pressed", code === state.lang ? "true" : "false");
  });
  if (minimiseBtn) {
    minimiseBtn.setAttribute("aria-label", t("minimise"));
    minimiseBtn.title = t("minimise");
    minimiseBtn.textContent = "–";
  }
  const number = String(state.duty.emergency_number || config.emergency_number || "112");
  emergencyText.textContent = t("emergency_question");
  emergencyLink.textContent = t("emergency_call", { number });
  emergencyLink.setAttribute("href", `tel:${number.replace(/[^0-9+]/g, "")}`);
  exitBtn.textContent = t("quick_exit");
  exitBtn.title = t("quick_exit_hint");
  exitHint.textContent = t("quick_exit_hint");
  exitEraseBtn.textContent = t("quick_exit_erase");
  exitEraseBtn.title = t("quick_exit_erase_hint");
  exitEraseHint.textContent = t("quick_exit_erase_hint");
  eraseBtn.textContent = t("erase_chat");
  eraseText.textContent = t("erase_confirm");
  eraseYes.textContent = t("erase_yes");
  eraseNo.textContent = t("cancel");
  privacyLink.textContent = t("privacy_link");
  privacyLink.href = `/privacy?lang=${encodeURIComponent(state.lang)}`;
  welcomeTitle.textContent = t("welcome_title");
  welcomeText.textContent = t("welcome_text");
  nickLabel.textContent = t("nickname_label");
  nickEl.placeholder = t("nickname_placeholder");
  textLabel.textContent = t("message_label");
  sendBtn.textContent = t("send");
  endBtn.textContent = t("end_chat");
  confirmText.textContent = t("end_confirm");
  confirmYes.textContent = t("end_yes");
  confirmNo.textContent = t("cancel");
  newChatBtn.textContent = t("new_chat");
  resumeToggle.textContent = t("resume_open");
  resumeLabel.textContent = t("resume_label");
  resumeInput.placeholder = t("resume_placeholder");
  resumeSubmit.textContent = t("resume_submit");
  renderConn();
  renderStatus();
  renderLog(true);
  renderTyping();
  renderCounter();
  renderError();
  renderControls();
}

function renderConn() {
  connEl.className = `nr-conn nr-conn--${state.conn}`;
  connEl.textContent =
    state.conn === "online"
      ? ""
      : state.conn === "blocked"
        ? t("conn_blocked", { number: String(state.duty.emergency_number || config.emergency_number || "112") })
        : state.conn === "reconnecting"
          ? t("conn_reconnecting")
          : t("conn_connecting");
  connEl.hidden = state.conn === "online";
}

function renderControls() {
  const status = state.conv ? state.conv.status : "start";
  const closed = status === "closed";
  const blocked = state.conn === "blocked";
  welcome.hidden = status !== "start";
  nickRow.hidden = isOpen() || thread.size > 0 || outbox.size > 0;
  form.hidden = closed || blocked;
  textEl.placeholder = t(state.duty.on_duty === 0 && !isOpen() ? "message_placeholder_offduty" : "message_placeholder");
  endBtn.hidden = !isOpen() || blocked;
  newChatBtn.hidden = !closed || blocked;
  if (!isOpen() && state.confirmEnd) state.confirmEnd = false;
  confirmBox.hidden = !state.confirmEnd;
  // something to delete: a conversation shown, or messages of one still on their way
  const erasable = !!state.conv || thread.size > 0;
  eraseBtn.hidden = !erasable || blocked;
  exitEraseBtn.hidden = !erasable;
  if (!erasable && state.confirmErase) state.confirmErase = false;
  eraseBox.hidden = !state.confirmErase;
  renderCase();
}

/** The resume code box and the "I have a code" form. */
function renderCase() {
  const status = state.conv ? state.conv.status : "start";
  const blocked = state.conn === "blocked";
  // offered without asking when the chat ended or a message waits for the next shift
  // not to a visitor who has a code already (came back with one, or took one in this tab):
  // it still works, and a new one would make theirs stop working
  const hasCode = !!state.caseCode || store.get("has_code", false) === true;
  const offered = !hasCode && (status === "closed" || (status === "queued" && state.duty.on_duty === 0));
  caseBox.hidden = blocked || !state.conv;
  caseBox.classList.toggle("nr-case--offered", offered || !!state.caseCode);
  caseOffer.textContent = offered ? t(status === "closed" ? "case_offer_closed" : "case_offer_offduty") : "";
  caseOffer.hidden = !offered;
  caseCodeEl.textContent = state.caseCode ? t("case_code_is", { code: state.caseCode }) : hasCode ? t("case_have") : "";
  caseCodeEl.hidden = !hasCode;
  casePrivate.textContent = t("case_private");
  casePrivate.hidden = !state.caseCode && !offered;
  caseHow.textContent = t("case_how");
  caseHow.hidden = !state.caseCode;
  caseGetBtn.textContent = t(hasCode ? "case_get_new" : "case_get");
  const err = state.caseError;
  resumeToggle.setAttribute("aria-expanded", state.resumeOpen ? "true" : "false");
  resumeForm.hidden = !state.resumeOpen || blocked;
  resumeToggle.hidden = blocked;
  for (const el of [caseError, resumeError]) {
    const mine = el === resumeError ? state.resumeOpen && status === "start" : !!state.conv;
    el.textContent = err && mine ? t(err.key, err.params) : "";
    el.hidden = !(err && mine);
  }
}

/** case.code: a fresh code for this case (the previous one stops working). */
async function getCaseCode() {
  state.caseError = null;
  const reply = await call(socket, "case.code", {}, 8000);
  if (reply.ok) {
    state.caseCode = reply.code;
    store.set("has_code", true);
  } else state.caseError = { key: caseErrorKey(reply.error?.code), params: {} };
  renderCase();
}

/** case.resume: this tab's token joins the case of the code; then join shows its conversation. */
async function resumeCase() {
  const code = resumeInput.value.trim();
  if (!code) {
    state.caseError = { key: "case_wrong", params: {} };
    renderCase();
    return;
  }
  const reply = await call(socket, "case.resume", { code }, 10000);
  if (!reply.ok) {
    const seconds = typeof reply.retry_after === "number" ? reply.retry_after : 60;
    state.caseError = { key: caseErrorKey(reply.error?.code), params: { minutes: Math.max(1, Math.ceil(seconds / 60)) } };
    renderCase();
    return;
  }
  resumeInput.value = "";
  state.resumeOpen = false;
  state.caseError = null;
  store.remove("dismissed");
  store.set("has_code", true);
  resetThread();
  state.conv = null;
  applyJoin(reply);
  // the usual join brings the rest and keeps the view in step from now on
  join();
  renderAll();
}

/** @param {string | undefined} code */
function caseErrorKey(code) {
  if (code === "not_found") return "case_wrong";
  if (code === "rate_limited") return "case_rate_limited";
  if (code === "conversation_open") return "case_busy";
  if (code === "erased") return "case_erased";
  if (code === "timeout" || code === "offline") return `error_${code}`;
  return "error_generic";
}

function renderStatus() {
  const status = state.conv ? state.conv.status : "start";
  let text = "";
  if (status === "queued" && state.duty.on_duty === 0) {
    // nobody on duty: never promise that someone will answer soon (the off-duty box says what to do)
    text = t("queue_offduty");
  } else if (status === "queued") {
    const q = state.queue;
    if (q && typeof q.position === "number" && q.position > 0) {
      const secs = q.estimated_wait_seconds;
      const key = typeof secs !== "number" ? "queue_position" : secs < 60 ? "queue_position_soon" : "queue_position_wait";
      text = t(q.position === 1 && key === "queue_position" ? "queue_first" : key, {
        position: q.position,
        minutes: typeof secs === "number" ? Math.max(1, Math.round(secs / 60)) : "",
      });
    } else {
      text = t("queue_waiting");
    }
  } else if (status === "active") {
    const name = state.conv?.networker?.name;
    text = name ? t("active_with", { name }) : t("active_with_anon");
  } else if (status === "closed") {
    text = t(closedKey(state.conv?.close_reason));
  }
  statusEl.textContent = text;
  statusEl.hidden = !text;
  renderOffDuty(status);
  renderControls();
}

/** @param {string} status the conversation's, or "start" */
function renderOffDuty(status) {
  const off = state.duty.on_duty === 0 && status !== "active" && status !== "closed";
  offdutyEl.hidden = !off;
  if (!off) {
    offdutyEl.replaceChildren();
    return;
  }
  // the next days' periods (UTC instants, holidays applied) in the visitor's own time zone;
  // the weekly windows only from a server that sends no periods
  const periods = Array.isArray(state.duty.periods) ? formatPeriods(state.duty.periods, state.lang) : null;
  const hours = periods ? periods.lines : formatHours(state.duty.hours || [], state.lang);
  const number = String(state.duty.emergency_number || "112");
  // crisis lines from the vetted library, in the UI language (sent with conversation.join)
  const byLang = state.duty.resources && typeof state.duty.resources === "object" ? state.duty.resources : {};
  const lines = Array.isArray(byLang[state.lang]) ? byLang[state.lang] : [];
  setChildren(
    offdutyEl,
    h("h2", { class: "nr-offduty__title", text: t("offduty_title") }),
    hours.length
      ? h(
          "div",
          null,
          h("p", { text: t("offduty_hours") }),
          h(
            "ul",
            { class: "nr-hours" },
            hours.map((line) => h("li", { text: line })),
          ),
          periods ? h("p", { class: "nr-hours__zone", text: t("hours_zone", { zone: periods.zone }) }) : null,
        )
      : periods
        ? h("p", { class: "nr-hours__none", text: t("hours_none") })
        : null,
    h("p", { class: "nr-offduty__emergency", text: t("offduty_emergency", { number }) }),
    lines.length
      ? h(
          "div",
          { class: "nr-offduty__lines" },
          h("p", { text: t("offduty_lines") }),
          lines.map((c) => resourceCard(c, t)),
        )
      : null,
    h("p", { text: t(status === "queued" ? "offduty_waiting" : "offduty_leave") }),
  );
}

/** [{days:[0..4], from, to}] → ["Monday–Friday 16:00–22:00", …] in the UI language. */
/**
 * @param {DutyWindow[]} windows
 * @param {string} lang
 */
function formatHours(windows, lang) {
  /** @type {(d: number) => string} */
  let dayName;
  try {
    const f = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" });
    dayName = (d) => f.format(new Date(Date.UTC(2024, 0, 1 + d))); // 2024-01-01 was a Monday
  } catch {
    dayName = (d) => String(d);
  }
  /** @type {string[]} */
  const out = [];
  for (const w of windows) {
    if (!w || !Array.isArray(w.days)) continue;
    const days = w.days.filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
    /** @type {string[]} */
    const parts = [];
    for (let i = 0; i < days.length; ) {
      let j = i;
      while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
      parts.push(
        j - i >= 2
          ? `${dayName(days[i])}–${dayName(days[j])}`
          : days
              .slice(i, j + 1)
              .map(dayName)
              .join(", "),
      );
      i = j + 1;
    }
    out.push(t("hours_line", { days: parts.join(", "), from: w.from, to: w.to }));
  }
  return out;
}

/**
 * @param {string} key
 * @param {Record<string, unknown>} [p]
 */
function addNotice(key, p) {
  // the same notice again with nothing in between (an assignment seen twice across a reconnect)
  const last = state.notices[state.notices.length - 1];
  if (last && last.key === key && last.after === thread.highestSeq && JSON.stringify(last.params) === JSON.stringify(p || {})) return;
  state.notices.push({ key, params: p || {}, after: thread.highestSeq, at: new Date().toISOString() });
  renderLog();
}

/** @param {Message[]} list */
function addMessages(list) {
  const fresh = thread.merge(list);
  if (!fresh.length) return;
  // Our own message came back (ack or message.new): it is no longer pending.
  renderLog();
}

/** @param {Message} m */
function messageEl(m) {
  const who = m.sender === "visitor" ? "own" : m.sender === "staff" ? "staff" : "system";
  const body = h("div", { class: "nr-msg__body", dir: "auto" });
  setMessageHtml(body, m.html != null ? m.html : "");
  if (m.html == null) body.textContent = plain(m.text || "");
  // a shared library entry: its card replaces the plain-text copy of the message
  if (m.resource && typeof m.resource === "object") body.replaceChildren(resourceCard(m.resource, t));
  // a crisis reply: the emergency card with a call button per number replaces the plain text
  if (m.emergency && typeof m.emergency === "object") body.replaceChildren(emergencyCard(m));
  const name = who === "own" ? t("you") : who === "staff" ? m.sender_name || t("networker") : "";
  const meta =
    who === "system"
      ? null
      : h(
          "p",
          { class: "nr-msg__meta" },
          h("span", { class: "nr-msg__name", dir: "auto", text: name }),
          " ",
          h("time", { datetime: m.created_at || "", text: formatClock(m.created_at, state.lang) }),
        );
  const sos = m.emergency && typeof m.emergency === "object" ? " nr-msg--sos" : "";
  return h("li", { class: `nr-msg nr-msg--${who}${sos}`, "data-key": String(m.seq) }, meta, body);
}

/**
 * @param {{text: string, client_id?: string}} item
 * @param {string | null} failedCode
 */
function pendingEl(item, failedCode) {
  const li = h(
    "li",
    { class: `nr-msg nr-msg--own ${failedCode ? "nr-msg--failed" : "nr-msg--pending"}`, "data-key": "p" },
    h(
      "p",
      { class: "nr-msg__meta" },
      h("span", { class: "nr-msg__name", text: t("you") }),
      " ",
      h("span", { class: "nr-msg__state", text: failedCode ? t("not_sent") : t("sending") }),
    ),
    h("div", { class: "nr-msg__body", dir: "auto", text: item.text }),
  );
  if (failedCode === "closed") {
    // written for a chat that ended before it went out: one tap sends it in a new chat
    li.appendChild(
      h("button", {
        type: "button",
        class: "nr-btn nr-btn--primary nr-msg__action",
        text: t("send_as_new_chat"),
        onclick: () => sendAsNewChat(item.text),
      }),
    );
  }
  return li;
}

/** Start a new conversation with text that was meant for one that has ended. @param {string} text */
function sendAsNewChat(text) {
  newChat();
  if (textEl.value === text) {
    textEl.value = "";
    renderCounter();
  }
  queueMessage(text);
}

/** @param {State["notices"][number]} n */
function noticeEl(n) {
  // handed back while nobody is on duty: no promise that the next networker will answer
  const offduty = n.key === "requeued" && state.duty.on_duty === 0;
  const number = String(state.duty.emergency_number || "112");
  return h(
    "li",
    { class: "nr-msg nr-msg--notice", "data-key": String(n.after + 0.5) },
    h("div", { class: "nr-msg__body", text: offduty ? t("requeued_offduty", { number }) : t(n.key, n.params) }),
  );
}

const TEL_HREF = /^tel:\+?[0-9]{2,20}$/;

/**
 * The emergency card of a crisis reply (Message.emergency in docs/protocol.md): the reply's
 * first and last lines (call the emergency number; what happens in the chat), then one large
 * call button per number, the emergency number first. Its texts come from the server in the
 * language the person wrote in. role="alert" makes screen readers announce it at once.
 * @param {Message} m
 */
function emergencyCard(m) {
  const em = /** @type {import("./protocol").Emergency} */ (m.emergency);
  const lines = String(m.text || "")
    .split("\n")
    .filter((x) => x.trim());
  const shown = lines.length > 1 ? [lines[0], lines[lines.length - 1]] : lines;
  const contacts = Array.isArray(em.contacts) ? em.contacts : [];
  return h(
    "section",
    { class: "nr-sos", role: "alert", "aria-label": t("sos_label") },
    shown.map((line, i) => h("p", { class: i === 0 ? "nr-sos__lead" : "nr-sos__text", text: line })),
    h(
      "ul",
      { class: "nr-sos__list" },
      contacts
        .filter((c) => c && TEL_HREF.test(String(c.href || "")))
        .map((c) =>
          h(
            "li",
            null,
            h(
              "a",
              {
                class: "nr-sos__call",
                href: c.href,
                "aria-label": [c.number, c.name, c.hours].filter(Boolean).join(", "),
              },
              h("span", { class: "nr-sos__icon", "aria-hidden": "true", text: "\u260E" }),
              h(
                "span",
                { class: "nr-sos__what" },
                h("span", { class: "nr-sos__number", text: String(c.number || "") }),
                h("span", { class: "nr-sos__name", text: String(c.name || "") }),
                c.hours ? h("span", { class: "nr-sos__hours", text: String(c.hours) }) : null,
              ),
            ),
          ),
        ),
    ),
  );
}

/** Incremental render keeps screen readers from re-reading the log; `full` rebuilds (language switch). */
/** @param {boolean} [full] */
function renderLog(full) {
  const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  if (full) {
    logEl.setAttribute("aria-busy", "true");
    logEl.replaceChildren();
    msgEls.clear();
  }
  // Messages by seq, notices after the seq they followed.
  for (const m of thread.sorted()) {
    if (msgEls.has(m.seq)) continue;
    const el = messageEl(m);
    msgEls.set(m.seq, el);
    insertByKey(logEl, el, m.seq);
  }
  const noticeCount = logEl.querySelectorAll(".nr-msg--notice").length;
  for (const n of state.notices.slice(noticeCount)) insertByKey(logEl, noticeEl(n), n.after + 0.5);
  // Pending and failed messages always at the end, in order.
  for (const el of logEl.querySelectorAll('[data-key="p"]')) el.remove();
  for (const f of state.failed) logEl.appendChild(pendingEl(f, f.code));
  for (const item of thread.pending(outbox.list())) logEl.appendChild(pendingEl(item, null));
  if (full) logEl.removeAttribute("aria-busy");
  // An empty log (the widget just opened): stay at the top, where the welcome and, off duty, the
  // heading with the duty hours and the emergency number are; otherwise follow the newest message.
  if (!logEl.children.length) {
    if (full) scroller.scrollTop = 0;
  } else if (nearBottom || full) {
    scroller.scrollTop = scroller.scrollHeight;
  }
  renderControls();
  updateUnread();
}

/** @param {boolean} on */
function setStaffTyping(on) {
  clearTimeout(typingHideTimer);
  state.staffTyping = on;
  if (on) typingHideTimer = setTimeout(() => setStaffTyping(false), 6000);
  renderTyping();
}

function renderTyping() {
  const name = state.conv?.networker?.name;
  typingEl.textContent = state.staffTyping ? (name ? t("typing_named", { name }) : t("typing")) : "";
  typingEl.hidden = !state.staffTyping;
}

function renderCounter() {
  const n = textEl.value.length;
  counterEl.textContent = t("counter", { count: n, max: MAX });
  counterEl.classList.toggle("nr-counter--near", n > MAX * 0.9);
}

/**
 * @param {string | null} code
 * @param {Record<string, unknown> | null} [p]
 * @param {boolean} [transient] goes away by itself once a message gets through
 */
function setError(code, p, transient) {
  state.error = code ? { code, params: p || {}, transient: !!transient } : null;
  renderError();
}

function renderError() {
  if (!state.error) {
    errorEl.textContent = "";
    errorEl.hidden = true;
    return;
  }
  const key = `error_${state.error.code}`;
  const table = STRINGS[state.lang] || {};
  const number = String(state.duty.emergency_number || config.emergency_number || "112");
  errorEl.textContent = t(table[key] != null ? key : "error_generic", Object.assign({ max: MAX, number }, state.error.params));
  errorEl.hidden = false;
}

// ---------------------------------------------------------------- actions

/** @param {string} code */
function setLang(code) {
  if (LANGS.indexOf(code) < 0 || code === state.lang) return;
  state.lang = code;
  store.set("lang", code);
  renderAll();
}

/** @param {boolean} on */
function setConfirm(on) {
  state.confirmEnd = on;
  renderControls();
  (on ? confirmNo : endBtn).focus();
}

async function endChat() {
  state.confirmEnd = false;
  const reply = await call(socket, "conversation.leave", {}, 8000);
  if (!reply.ok) {
    setError(reply.error && reply.error.code === "timeout" ? "timeout" : reply.error?.code || "unavailable");
    renderControls();
    return;
  }
  if (state.conv && state.conv.status !== "closed") {
    state.conv = Object.assign({}, state.conv, { status: "closed", close_reason: "visitor_left" });
    addNotice("closed_by_visitor");
  }
  renderAll();
  newChatBtn.focus();
}

/** @param {boolean} on */
function setEraseConfirm(on) {
  state.confirmErase = on;
  if (on) state.confirmEnd = false;
  renderControls();
  (on ? eraseNo : eraseBtn).focus();
}

// Forget the conversation in this tab: its messages, the unsent ones, the notices.
function forgetConversation() {
  state.conv = null;
  state.failed = [];
  state.confirmErase = false;
  state.confirmEnd = false;
  outbox.take();
  store.remove("dismissed");
  store.remove("has_code");
  state.caseCode = null;
  resetThread();
  setStaffTyping(false);
}

async function eraseChat() {
  state.confirmErase = false;
  const erasing = state.conv?.id;
  const reply = await call(socket, "case.erase", {}, 10000);
  if (!reply.ok) {
    setError(reply.error && reply.error.code === "timeout" ? "timeout" : reply.error?.code || "unavailable");
    renderControls();
    return;
  }
  // The server's `conversation.erased` may have come first and forgotten it already; a
  // message typed since then waits in the outbox for a new conversation and must stay there.
  if (state.conv && state.conv.id === erasing) {
    forgetConversation();
    addNotice("erased");
  }
  renderAll();
  textEl.focus();
}

function newChat() {
  if (state.conv) store.set("dismissed", state.conv.id);
  state.conv = null;
  state.failed = [];
  resetThread();
  setError(null);
  renderAll();
  textEl.focus();
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  send();
});

function send() {
  const text = textEl.value;
  if (!text.trim()) {
    setError("empty");
    textEl.focus();
    return;
  }
  if (text.length > MAX) {
    setError("too_long", { max: MAX });
    return;
  }
  if (state.error && !state.error.transient) setError(null);
  textEl.value = "";
  renderCounter();
  typing.stop();
  queueMessage(text);
  textEl.focus();
}

const typing = makeTypingSender((on) => {
  if (isOpen() && socket.connected) call(socket, "typing", { typing: on }, 5000);
}, 2000);

textEl.addEventListener("input", () => {
  renderCounter();
  if (textEl.value) typing.input();
  else typing.stop();
});
textEl.addEventListener("blur", () => typing.stop());
textEl.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});

// Quick exit: hide everything at once, tell the server we left (≤ 300 ms) — or, with `erase`,
// that the conversation is to be deleted (case.erase, ≤ 1.5 s: the page is hidden meanwhile) —,
// forget the chat, and replace the page (the host page when embedded) with a neutral one.
/** @param {boolean} erase */
function quickExit(erase) {
  if (state.exiting) return;
  state.exiting = true;
  root.hidden = true;
  document.title = "";
  let done = false;
  const exitUrl = config.exit_url || "";
  const url = /^https?:\/\//i.test(exitUrl) ? exitUrl : "https://www.wikipedia.org/";
  const finish = () => {
    if (done) return;
    done = true;
    store.clearAll();
    try {
      sessionStorage.clear();
    } catch {
      /* blocked storage: nothing to clear */
    }
    try {
      socket.disconnect();
    } catch {
      /* ignore */
    }
    if (EMBEDDED) {
      try {
        window.parent.postMessage({ type: "netreach:exit", url }, "*");
      } catch {
        /* ignore */
      }
      // If no loader answers (frame embedded some other way), leave the top page ourselves.
      setTimeout(() => {
        try {
          /** @type {Window} */ (window.top).location.replace(url);
        } catch {
          location.replace(url);
        }
      }, 250);
    } else {
      location.replace(url);
    }
  };
  const wait = erase ? 1500 : 300;
  if (socket.connected) {
    try {
      socket.timeout(wait).emit(erase ? "case.erase" : "conversation.leave", {}, finish);
    } catch {
      /* finish below */
    }
  }
  setTimeout(finish, wait);
}

/** @type {number[]} */
let escTimes = [];
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  const now = Date.now();
  escTimes = escTimes.filter((x) => now - x < 1500);
  escTimes.push(now);
  if (escTimes.length >= 3) quickExit(false);
});

window.addEventListener("message", (e) => {
  if (!EMBEDDED || e.source !== window.parent || window.parent === window || !e.data) return;
  // only the sites allowed to embed the widget (the settings; CSP frame-ancestors too)
  if (!allowedParent(e.origin, config.embed_origins || ["*"], location.origin)) return;
  if (e.data.type === "netreach:open") {
    minimised = false;
    start();
    updateUnread();
    if (!form.hidden) textEl.focus();
  } else if (e.data.type === "netreach:minimised") {
    minimised = true;
  } else if (e.data.type === "netreach:quick-exit") quickExit(false);
});

let started = false;
/** Connect (once; socket.io reconnects by itself from then on). */
function start() {
  if (started || state.exiting) return;
  started = true;
  socket.connect();
}

renderAll();
// Loaded hidden after the host page was reloaded: connect only when this tab already had the
// chat open (its token is here), so a visitor who never opened it is not connected.
if (!minimised || store.get("token", null) != null) start();
// the loader answers with netreach:open or netreach:minimised, whichever the launcher shows
if (EMBEDDED && window.parent !== window) window.parent.postMessage({ type: "netreach:ready" }, "*");
if (!EMBEDDED || document.hasFocus()) setTimeout(() => textEl.focus(), 0);
