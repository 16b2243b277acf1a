// @ts-check
// What the duty console (console.js) and the supervisor console (supervisor.js) share: the
// /console socket with its reconnect rules, one conversation's message log (rendering by seq,
// pending outbox items), risk badges and durations. One piece of code for one job: both consoles
// show chat messages exactly the same way, and send them with the widget's delivery core
// (delivery.js: outbox, resend, de-duplication, replay).
import { io } from "socket.io-client";
import { beep, fmt, formatClock, h, insertByKey, plain, setMessageHtml, waitForConnection } from "./common.js";
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

/**
 * The login page, coming back to this page afterwards; `ended` (session.ended's reason) lets
 * it say why the session ended (password changed, account deactivated, …).
 * @param {string} [ended]
 */
export function loginUrl(ended) {
  const why = ended && /^[a-z_]{1,40}$/.test(ended) ? `&ended=${ended}` : "";
  return `/login?next=${encodeURIComponent(location.pathname)}${why}`;
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
  /** The session is over: no retry loop; show it, then go to the login page (which says why). */
  /**
   * @param {ConnState} state
   * @param {string} [reason] session.ended's reason
   */
  function toLogin(state, reason) {
    const first = !ended();
    clearTimeout(manualRetry);
    set(state);
    socket.io.reconnection(false);
    if (first) setTimeout(() => location.assign(loginUrl(reason || state)), LOGIN_DELAY_MS);
  }
  socket.on("connect", () => {
    set("online");
    onConnect();
  });
  // the server's nodes lost each other for a while: catch up as after a reconnect
  socket.on("delivery.resync", () => onConnect());
  // signed out, password or role changed, account deactivated: the server disconnects next
  socket.on("session.ended", (data) => toLogin("signed_out", typeof data?.reason === "string" ? data.reason : ""));
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
  // an action pressed before the first connection, or during a reconnect, waits for it
  waitForConnection(socket, () => !ended());
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

/**
 * Where a visitor writes from, as words: the language they write in by name in the page's
 * language ("language: Ukrainian"; the widget's language for rows without one) and the site
 * labelled as one ("site: forum.example"), so that "PL · 127.0.0.1" no longer reads like an
 * address.
 * @param {{language?: string | null, visitor_lang?: string | null, site?: string | null}} item
 * @param {Translate} t
 * @param {string} lang the page's language
 * @returns {string[]}
 */
export function originFacts(item, t, lang) {
  const out = [];
  const code = item.visitor_lang || item.language;
  if (code) {
    let name = String(code).toUpperCase();
    try {
      name = new Intl.DisplayNames([lang], { type: "language" }).of(String(code)) || name;
    } catch {
      /* an unknown code stays as it is */
    }
    out.push(t("fact_language", { language: name }));
  }
  if (item.site) out.push(t("fact_site", { site: item.site }));
  return out;
}

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
 * The badges at the head of a queue row, in the duty and the supervisor console alike: urgent,
 * the crisis risk, back in the queue, gone (null where one does not apply).
 * @param {{priority?: number, risk?: string | null, requeued?: boolean, vanished?: boolean}} item
 * @param {Translate} t
 */
function queueBadges(item, t) {
  return [
    Number(item.priority) > 0 ? h("strong", { class: "nc-badge nc-badge--urgent", text: t("urgent") }) : null,
    riskBadge(item.risk, t),
    item.requeued ? h("span", { class: "nc-badge", text: t("requeued_tag") }) : null,
    item.vanished ? h("span", { class: "nc-badge nc-badge--vanished", text: t("vanished_tag") }) : null,
  ];
}

/**
 * One queue row, in the duty and the supervisor console alike: badges, the visitor's name and
 * wait, their first message, where they write from, and the console's own button.
 * @param {import("./protocol").QueueItem} item
 * @param {Translate} t
 * @param {string} lang the page's language
 * @param {HTMLElement} wait the wait's element (each console ticks its own)
 * @param {HTMLElement} button what the row offers (Take; Open)
 */
export function queueRowEl(item, t, lang, wait, button) {
  const urgent = Number(item.priority) > 0;
  return h(
    "li",
    {
      class: `nc-qitem${urgent ? " nc-qitem--urgent" : ""}`,
      "data-conversation": item.id,
      "data-lang": item.visitor_lang || item.language,
    },
    h(
      "div",
      { class: "nc-qitem__head" },
      ...queueBadges(item, t),
      h("span", { class: "nc-qitem__who", dir: "auto", text: plain(item.nickname || t("anonymous")) }),
      h("span", { class: "nc-qitem__wait" }, t("waiting"), " ", wait),
    ),
    h("p", { class: "nc-qitem__first", dir: "auto", text: plain(item.first_message || "") }),
    h("div", { class: "nc-qitem__foot" }, h("span", { class: "nc-qitem__facts", text: originFacts(item, t, lang).join(" · ") }), button),
  );
}

/**
 * A queue list drawn from queue.update's items. A conversation keeps its row element and its
 * button for as long as it is queued: an update that leaves the row as it was touches nothing
 * (the wait ticks in place), one that changes it (presence, risk, place) redraws the row's text
 * around the button, which stays in the page and only takes the new label. Rows that left go
 * first, so the rest close up without being moved; a row is moved only where the order changed.
 * So a button pressed while an update arrives is not lost (a button replaced or taken out of the
 * page between press and release gets no click; CI lost a Take that way twice) and the keyboard
 * stays where it was.
 */
export class QueueRows {
  /**
   * @param {HTMLElement} list the <ul> or <ol> of rows
   * @param {(item: import("./protocol").QueueItem, i: number) => HTMLElement} draw one row as
   *   `queueRowEl` draws it, `i` its place in the queue from 0
   */
  constructor(list, draw) {
    this.list = list;
    this.draw = draw;
    /** @type {Map<string, {key: string, el: HTMLElement}>} */
    this.rows = new Map();
  }

  /**
   * Draws `items` in queue order.
   * @param {import("./protocol").QueueItem[]} items
   * @param {(el: HTMLElement, item: import("./protocol").QueueItem) => void} [same] called for
   *   a row left as it was (to tick its wait)
   */
  render(items, same) {
    /** @type {Map<string, {key: string, el: HTMLElement}>} */
    const rows = new Map();
    const els = items.map((item, i) => {
      // what the row shows, minus the wait (ticked in place)
      const { waiting_seconds: _w, ...shown } = item;
      const key = JSON.stringify([i, shown]);
      const kept = this.rows.get(item.id);
      if (kept && kept.key === key) same?.(kept.el, item);
      else if (kept) redrawRow(kept.el, this.draw(item, i));
      const el = kept ? kept.el : this.draw(item, i);
      rows.set(item.id, { key, el });
      return el;
    });
    this.rows = rows;
    /** @type {Set<Element>} */
    const keep = new Set(els);
    for (const el of [...this.list.children]) if (!keep.has(el)) el.remove();
    els.forEach((el, i) => {
      const here = this.list.children[i] || null;
      if (here !== el) this.list.insertBefore(el, here);
    });
  }
}

/**
 * Redraws a kept queue row from a fresh one of the same conversation: its badges, name, first
 * message and facts are swapped for the fresh ones; its button stays and takes the new label.
 * @param {HTMLElement} row the row in the page
 * @param {HTMLElement} fresh the row as drawn now (never put in the page)
 */
function redrawRow(row, fresh) {
  row.className = fresh.className;
  row.setAttribute("data-lang", fresh.getAttribute("data-lang") || "");
  for (const part of [".nc-qitem__head", ".nc-qitem__first", ".nc-qitem__facts"]) {
    const now = fresh.querySelector(part);
    if (now) row.querySelector(part)?.replaceWith(now);
  }
  const label = fresh.querySelector(".nc-qitem__foot button")?.getAttribute("aria-label");
  if (label) row.querySelector(".nc-qitem__foot button")?.setAttribute("aria-label", label);
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
  const body = h("div", { class: "nc-msg__body", dir: "auto" });
  if (m.html != null) setMessageHtml(body, m.html);
  else body.textContent = plain(m.text || "");
  const name = who === "own" ? m.sender_name || t("you") : who === "visitor" ? opts.visitorName || t("visitor") : "";
  const badge = who === "visitor" ? riskBadge(m.risk, t) : null;
  const meta =
    who === "system"
      ? null
      : h(
          "p",
          { class: "nc-msg__meta" },
          h("span", { class: "nc-msg__name", dir: "auto", text: name }),
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
      h("span", { class: "nc-msg__name", dir: "auto", text: name || t("you") }),
      " ",
      h("span", { text: code ? t("not_sent") : t("sending") }),
    ),
    h("div", { class: "nc-msg__body", dir: "auto", text: item.text }),
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

/**
 * A staff page's notifications. The page title carries the unread count ("(3) netreach") and
 * flashes on an alert while the window is in the background. For each kind of event (for
 * example "chat", "message", "escalation") the staff member can switch on a sound and a desktop
 * notification (Notification API; asked for permission when first switched on); both are off
 * until chosen, and kept in this browser (`prefs`). Desktop notifications say only what happened,
 * never a message's text: a screen may be shared or seen by others.
 * @param {{t: Translate, prefs: {get: (key: string, fallback: unknown) => unknown, set: (key: string, value: unknown) => void}, kinds: string[], idPrefix: string, legacySound?: string}} opts
 *   `legacySound`: the kind an older single "sound" preference stands for
 */
export function makeNotifier({ t, prefs, kinds, idPrefix, legacySound }) {
  const baseTitle = document.title;
  let unread = 0;
  let flashText = "";
  let on = false;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const renderTitle = () => {
    const count = unread > 0 ? `(${unread}) ` : "";
    document.title = on && flashText ? `● ${flashText}` : `${count}${baseTitle}`;
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    on = false;
    flashText = "";
    renderTitle();
  };
  window.addEventListener("focus", stop);
  /** @param {string} kind */
  const soundOn = (kind) => !!prefs.get(`sound_${kind}`, kind === legacySound ? prefs.get("sound", false) : false);
  /** @param {string} kind */
  const desktopOn = (kind) => !!prefs.get(`desktop_${kind}`, false);
  const canNotify = () => typeof Notification !== "undefined";
  const status = h("p", { class: "nc-notify__status", role: "status" });

  /**
   * @param {string} kind
   * @param {HTMLInputElement} box
   */
  async function chooseDesktop(kind, box) {
    status.textContent = "";
    if (!box.checked) {
      prefs.set(`desktop_${kind}`, false);
      return;
    }
    let permission = canNotify() ? Notification.permission : "denied";
    if (permission === "default") {
      try {
        permission = await Notification.requestPermission();
      } catch {
        permission = "denied";
      }
    }
    if (permission !== "granted") {
      box.checked = false;
      prefs.set(`desktop_${kind}`, false);
      status.textContent = t(canNotify() ? "notify_denied" : "notify_unsupported");
      return;
    }
    prefs.set(`desktop_${kind}`, true);
  }

  return {
    /**
     * The settings: one row per kind with a sound and a desktop notification switch.
     * @returns {HTMLElement}
     */
    settings() {
      return h(
        "fieldset",
        { class: "nc-notify" },
        h("legend", { text: t("notify_heading") }),
        kinds.map((kind) => {
          const sound = h("input", {
            id: `${idPrefix}-sound-${kind}`,
            type: "checkbox",
            checked: soundOn(kind),
            onchange: () => {
              prefs.set(`sound_${kind}`, sound.checked);
              if (sound.checked) beep();
            },
          });
          const desktop = h("input", {
            id: `${idPrefix}-desktop-${kind}`,
            type: "checkbox",
            checked: desktopOn(kind) && canNotify() && Notification.permission === "granted",
            onchange: () => chooseDesktop(kind, desktop),
          });
          return h(
            "div",
            { class: "nc-notify__row", role: "group", "aria-label": t(`notify_kind_${kind}`) },
            h("span", { class: "nc-notify__kind", text: t(`notify_kind_${kind}`) }),
            h("label", { class: "nc-check nc-check--small" }, sound, " ", t("notify_sound")),
            h("label", { class: "nc-check nc-check--small" }, desktop, " ", t("notify_desktop")),
          );
        }),
        status,
      );
    },
    /**
     * Tell the staff member: a sound and a desktop notification where switched on for `kind`
     * (the desktop one only while the page is hidden or not focused), and the title flashes.
     * @param {string} kind
     * @param {string} text what happened, without any message text
     * @param {boolean} [always] flash the title even while the window has the focus
     */
    notify(kind, text, always) {
      if (soundOn(kind)) beep();
      const background = document.hidden || !document.hasFocus();
      if (desktopOn(kind) && background && canNotify() && Notification.permission === "granted") {
        try {
          const n = new Notification(baseTitle, { body: text, tag: `netreach-${kind}` });
          n.onclick = () => {
            window.focus();
            n.close();
          };
        } catch {
          /* some browsers allow notifications only from a service worker */
        }
      }
      if (!always && !background) return;
      flashText = text;
      clearInterval(timer);
      timer = setInterval(() => {
        on = !on;
        renderTitle();
      }, 1000);
    },
    /** @param {number} count unread messages on the page, shown in the title */
    setUnread(count) {
      unread = Math.max(0, count);
      renderTitle();
    },
    stop,
  };
}
