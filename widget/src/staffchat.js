// @ts-check
// What the duty console (console.js) and the supervisor console (supervisor.js) share: the
// /console socket with its reconnect rules, one conversation's message log (rendering by seq,
// pending outbox items), risk badges and durations. One piece of code for one job: both consoles
// show chat messages exactly the same way, and send them with the widget's delivery core
// (delivery.js: outbox, resend, de-duplication, replay).
import { io } from "socket.io-client";
import { fmt, formatClock, h, insertByKey, setMessageHtml } from "./common.js";
import { RECONNECT, reconnectDelay } from "./delivery.js";

/**
 * @typedef {import("./protocol").ConsoleSocket} ConsoleSocket
 * @typedef {import("./protocol").Message} Message
 * @typedef {import("./common.js").PageConfig} PageConfig
 * @typedef {import("./common.js").Translate} Translate
 * @typedef {import("./common.js").ErrorText} ErrorText
 * @typedef {import("./delivery.js").Thread} Thread
 * @typedef {"connecting" | "online" | "reconnecting" | "forbidden" | "signed_out"} ConnState
 */

/** How long the "signed out" banner shows before the login page opens. */
export const LOGIN_DELAY_MS = 2000;

/** The login page, coming back to this page afterwards. */
export function loginUrl() {
  return `/login?next=${encodeURIComponent(location.pathname)}`;
}

/** What both staff consoles read from their page: the UI language, the message limit, and the
 * translator for that language (falling back to English strings). */
/** @param {PageConfig} config */
export function staffPage(config) {
  const lang = config.lang || document.documentElement.lang || "pl";
  const strings = (config.strings && (config.strings[lang] || config.strings.en)) || {};
  const max = Number(config.max_chars) || 4000;
  return { lang, max, ...makeTranslator(strings, max) };
}

/**
 * @param {Record<string, string>} strings
 * @param {number} max
 */
export function makeTranslator(strings, max) {
  /** @type {Translate} */
  const t = (key, p) => fmt(strings[key] != null ? strings[key] : key, p);
  /** @type {ErrorText} */
  const errorText = (code, p) => {
    const key = `error_${code}`;
    return t(strings[key] != null ? key : "error_generic", Object.assign({ max }, p || {}));
  };
  return { t, errorText };
}

/**
 * The /console socket (websocket only, session cookie). `onConn(state)` gets "online",
 * "reconnecting", "connecting", "forbidden" (a connect refused: the session is gone) or
 * "signed_out" (the server ended the session: `session.ended`, then its disconnect); after
 * either of the last two the socket stays closed and the login page opens (docs/protocol.md,
 * "when the session ends"). `onConnect()` runs after every (re)connect.
 */
/**
 * @param {PageConfig} config
 * @param {(state: ConnState) => void} onConn
 * @param {() => void} onConnect
 * @returns {ConsoleSocket}
 */
export function connectConsole(config, onConn, onConnect) {
  /** @type {ConsoleSocket} */
  const socket = io("/console", {
    path: config.socket_path || "/socket.io",
    transports: ["websocket"],
    autoConnect: false,
    reconnectionDelay: RECONNECT.delay,
    reconnectionDelayMax: RECONNECT.max,
  });
  /** @type {ConnState} */
  let conn = "connecting";
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let manualRetry;
  /** @param {ConnState} value */
  const set = (value) => {
    conn = value;
    onConn(value);
  };
  const ended = () => conn === "forbidden" || conn === "signed_out";
  function retryConnect() {
    clearTimeout(manualRetry);
    manualRetry = setTimeout(() => {
      if (!socket.connected && !ended()) socket.connect();
    }, reconnectDelay());
  }
  /** The session is over: no retry loop; show it, then go to the login page. */
  /** @param {ConnState} state */
  function toLogin(state) {
    const first = !ended();
    clearTimeout(manualRetry);
    set(state);
    socket.io.reconnection(false);
    if (first) setTimeout(() => location.assign(loginUrl()), LOGIN_DELAY_MS);
  }
  socket.on("connect", () => {
    set("online");
    onConnect();
  });
  // the server's nodes lost each other for a while: catch up as after a reconnect
  socket.on("delivery.resync", () => onConnect());
  // signed out, password or role changed, account deactivated: the server disconnects next
  socket.on("session.ended", () => toLogin("signed_out"));
  socket.on("disconnect", (reason) => {
    if (ended()) return;
    set("reconnecting");
    if (reason === "io server disconnect") retryConnect();
  });
  socket.on("connect_error", (err) => {
    const code = err?.data?.code;
    if (code === "forbidden") {
      toLogin("forbidden");
      return;
    }
    set(conn === "connecting" ? "connecting" : "reconnecting");
    if (!socket.active) retryConnect();
  });
  return socket;
}

/** The connection banner: hidden while online; a login link once the session has ended. */
/**
 * @param {HTMLElement} el
 * @param {ConnState} conn
 * @param {Translate} t
 * @param {string} loginNext
 */
export function renderConnBanner(el, conn, t, loginNext) {
  el.className = `nc-conn nc-conn--${conn}`;
  if (conn === "forbidden" || conn === "signed_out") {
    const text = conn === "signed_out" ? t("conn_signed_out") : t("conn_forbidden");
    el.replaceChildren(text, " ", h("a", { href: `/login?next=${encodeURIComponent(loginNext)}`, text: t("log_in_again") }));
  } else {
    el.textContent = conn === "online" ? "" : conn === "reconnecting" ? t("conn_reconnecting") : t("conn_connecting");
  }
  el.hidden = conn === "online";
}

/** 75 -> "1:15", 3725 -> "1:02:05". */
/** @param {number} seconds */
export function fmtDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const pad = (/** @type {number} */ n) => (n < 10 ? "0" : "") + n;
  return hh ? `${hh}:${pad(mm)}:${pad(ss)}` : `${mm}:${pad(ss)}`;
}

export const RISKS = ["concern", "high", "imminent"];
/** @type {Record<string, number>} */
export const SEVERITY_RANK = { concern: 1, high: 2, imminent: 3 };

/** A crisis risk badge ("risk_<level>" text), or null for no risk. */
/**
 * @param {string | null | undefined} risk
 * @param {Translate} t
 */
export function riskBadge(risk, t) {
  if (!risk || RISKS.indexOf(risk) < 0) return null;
  return h("strong", { class: `nc-badge nc-risk nc-risk--${risk}`, "data-risk": risk, text: t(`risk_${risk}`) });
}

/**
 * One message as a list item: visitor, staff (the sender's name) or system (centred). Staff
 * see the crisis risk of a visitor's message as a badge. HTML only from the server's `html`.
 */
/**
 * @param {Message} m
 * @param {{t: Translate, lang: string, visitorName?: string | null}} opts
 */
export function messageEl(m, opts) {
  const t = opts.t;
  const who = m.sender === "staff" ? "own" : m.sender === "visitor" ? "visitor" : "system";
  const body = h("div", { class: "nc-msg__body" });
  if (m.html != null) setMessageHtml(body, m.html);
  else body.textContent = m.text || "";
  const name = who === "own" ? m.sender_name || t("you") : who === "visitor" ? opts.visitorName || t("visitor") : "";
  const badge = who === "visitor" ? riskBadge(m.risk, t) : null;
  const meta =
    who === "system"
      ? null
      : h(
          "p",
          { class: "nc-msg__meta" },
          h("span", { class: "nc-msg__name", text: name }),
          " ",
          h("time", { datetime: m.created_at || "", text: formatClock(m.created_at, opts.lang) }),
          badge ? " " : null,
          badge,
        );
  const risky = badge ? ` nc-msg--risk nc-msg--risk-${m.risk}` : "";
  return h("li", { class: `nc-msg nc-msg--${who}${risky}`, "data-key": String(m.seq), "data-sender": m.sender }, meta, body);
}

/** A message of the outbox: "sending…" or, with an error code, "not sent". */
/**
 * @param {{text: string}} item
 * @param {string | null} code
 * @param {string | null | undefined} name
 * @param {Translate} t
 */
export function pendingEl(item, code, name, t) {
  return h(
    "li",
    { class: `nc-msg nc-msg--own ${code ? "nc-msg--failed" : "nc-msg--pending"}`, "data-key": "p" },
    h(
      "p",
      { class: "nc-msg__meta" },
      h("span", { class: "nc-msg__name", text: name || t("you") }),
      " ",
      h("span", { text: code ? t("not_sent") : t("sending") }),
    ),
    h("div", { class: "nc-msg__body", text: item.text }),
  );
}

/**
 * Bring a log (<ol>) up to date with a Thread: new messages inserted in seq order (elements are
 * kept in `msgEls`), then the failed and pending outbox items at the end. Keeps the view at the
 * bottom when it was there.
 */
/**
 * @param {HTMLElement} log
 * @param {Thread} thread
 * @param {Map<number, Element>} msgEls
 * @param {(m: Message) => Element} makeEl
 * @param {Element[]} pendingItems
 */
export function renderThread(log, thread, msgEls, makeEl, pendingItems) {
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  for (const m of thread.sorted()) {
    if (msgEls.has(m.seq)) continue;
    const el = makeEl(m);
    msgEls.set(m.seq, el);
    insertByKey(log, el, m.seq);
  }
  for (const el of log.querySelectorAll('[data-key="p"]')) el.remove();
  for (const el of pendingItems) log.appendChild(el);
  if (nearBottom) log.scrollTop = log.scrollHeight;
}

/**
 * The conversation was erased (`conversation.erased`): its messages leave the view, a notice
 * ("erased at the visitor's request") takes their place.
 * @param {Element} log
 * @param {Thread} thread
 * @param {Map<number, Element>} msgEls
 * @param {string} text
 */
export function showErased(log, thread, msgEls, text) {
  thread.clear();
  msgEls.clear();
  log.replaceChildren(h("li", { class: "nc-erased", role: "status", text }));
}

/** Title flashing for alerts while the page is not focused; stops on focus. */
export function makeTitleFlash() {
  const baseTitle = document.title;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    document.title = baseTitle;
  };
  window.addEventListener("focus", stop);
  return {
    /**
     * @param {string} text
     * @param {boolean} [always]
     */
    flash(text, always) {
      if (!always && document.hasFocus()) return;
      clearInterval(timer);
      let on = false;
      timer = setInterval(() => {
        on = !on;
        document.title = on ? `● ${text}` : baseTitle;
      }, 1000);
    },
    stop,
  };
}
