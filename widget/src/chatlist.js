// @ts-check
// The duty console's list of my chats (issue 17 item 2): a column of rows beside the chat in
// front, open chats sorted by urgency, then by last activity (most recent first); closed chats
// and chats no longer mine in a collapsed "Recent" section (the last RECENT_MAX, read only,
// openable). Each row: an urgency marker, the visitor's label, the unread count, the time since
// the last activity and the last message (dir="auto", bidi controls dropped). Arrow keys, Home
// and End move between rows; Enter or Space opens one. On a narrow screen the same list is a
// horizontal switcher (console.css).
//
// The ordering and the texts are pure functions (tested by widget/test/chatlist.test.mjs).
import { h, plain, setChildren } from "./common.js";

/**
 * @typedef {import("./common.js").Translate} Translate
 */

/** How many closed chats the Recent section keeps (older ones leave the console). */
export const RECENT_MAX = 10;

/** @type {Record<string, number>} */
const RISK_RANK = { concern: 1, high: 2, imminent: 3 };

/**
 * How urgent a chat is: 3 imminent danger, 2 high risk or any open escalation, 1 a concern,
 * 0 none. From the chat's priority (0, 10, 20), its risk and its open (not resolved) escalation.
 * @param {{priority?: number | null, risk?: string | null, escalation?: {severity?: string | null, status?: string | null} | null}} c
 * @returns {number}
 */
export function urgencyOf(c) {
  const priority = Number(c.priority) || 0;
  let rank = priority >= 20 ? 3 : priority > 0 ? 2 : 0;
  rank = Math.max(rank, RISK_RANK[c.risk || ""] || 0);
  const e = c.escalation;
  if (e && e.status !== "resolved") rank = Math.max(rank, RISK_RANK[e.severity || ""] || 2, 2);
  return rank;
}

/**
 * The open chats in list order: the most urgent first, then the most recent activity, then by
 * id (a stable order for equal keys). Returns a new array.
 * @template {{id: string, urgency: number, lastActivity: number}} T
 * @param {readonly T[]} items `lastActivity` in milliseconds since the epoch
 * @returns {T[]}
 */
export function sortChats(items) {
  return items.slice().sort((a, b) => b.urgency - a.urgency || b.lastActivity - a.lastActivity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The time since the last activity, short: "just now" under a minute, then minutes, then
 * hours and minutes, in `lang` (Intl.RelativeTimeFormat: its plural forms are right in Polish).
 * @param {number} seconds
 * @param {string} lang
 * @param {Translate} t
 */
export function sinceText(seconds, lang, t) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return t("since_now");
  /** @type {Intl.RelativeTimeFormat | null} */
  let rtf = null;
  try {
    rtf = new Intl.RelativeTimeFormat(lang, { numeric: "always", style: "short" });
  } catch {
    rtf = null;
  }
  const minutes = Math.floor(s / 60);
  const hours = minutes >= 60;
  const value = hours ? Math.floor(minutes / 60) : minutes;
  if (rtf) return rtf.format(-value, hours ? "hour" : "minute");
  return `${value} ${hours ? "h" : "min"}`;
}

/**
 * A short reference that tells two chats apart when both visitors are anonymous ("#K3QZ"): the
 * last four letters or digits of the conversation id, the same in every console.
 * @param {string} id
 */
export function shortRef(id) {
  const tail = String(id)
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(-4);
  return tail ? `#${tail.toUpperCase()}` : "";
}

/**
 * A one-line preview of a message: at most `max` characters, whitespace collapsed, bidi
 * controls dropped.
 * @param {string | null | undefined} text
 * @param {number} [max]
 */
export function previewText(text, max = 90) {
  const one = plain(text || "")
    .replace(/\s+/g, " ")
    .trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * One row as the console describes it.
 * @typedef {object} ChatRow
 * @property {string} id conversation id
 * @property {string} controls the id of the chat's panel
 * @property {string} label the visitor's nickname, or "Anonymous visitor"
 * @property {string} ref shortRef(id)
 * @property {string} preview the last message, as previewText
 * @property {number} unread
 * @property {number} urgency urgencyOf
 * @property {string | null} marker the urgency marker's text, null for none
 * @property {number} lastActivity ms since the epoch (server clock)
 * @property {string | null} status a closed / no-longer-mine chat's state (Recent), else null
 * @property {boolean} fresh newly assigned and not yet opened (highlighted)
 */

/**
 * The list. `onOpen(id)` opens a chat (a click, Enter or Space on its row); `now()` is the
 * server's clock in ms.
 * @param {{t: Translate, lang: string, onOpen: (id: string) => void, now: () => number}} opts
 */
export function chatList(opts) {
  const { t, lang } = opts;
  const openList = h("ul", { class: "nc-chatlist__list", "aria-label": t("chatlist_open") });
  const empty = h("p", { class: "nc-empty nc-chatlist__empty", text: t("chats_empty") });
  const recentCount = h("span", { class: "nc-count" });
  const recentList = h("ul", { class: "nc-chatlist__list nc-chatlist__list--recent" });
  const recent = h(
    "details",
    { class: "nc-recent", hidden: true },
    h("summary", null, t("recent_heading"), " ", recentCount),
    h("p", { class: "nc-recent__hint", text: t("recent_hint") }),
    recentList,
  );
  const el = h("div", { class: "nc-chatlist" }, openList, empty, recent);
  /** @type {Map<string, {li: HTMLLIElement, btn: HTMLButtonElement, row: ChatRow}>} */
  const rows = new Map();
  /** @type {string | null} */
  let activeId = null;

  /** @param {ChatRow} row */
  function fill(row) {
    let entry = rows.get(row.id);
    if (!entry) {
      const btn = h("button", {
        type: "button",
        class: "nc-chatrow",
        "data-chat": row.id,
        "aria-controls": row.controls,
        onclick: () => opts.onOpen(row.id),
      });
      entry = { li: h("li", null, btn), btn, row };
      rows.set(row.id, entry);
    }
    entry.row = row;
    const btn = entry.btn;
    btn.className = `nc-chatrow${row.urgency >= 2 ? " nc-chatrow--urgent" : ""}${row.fresh ? " nc-chatrow--fresh" : ""}${row.status ? " nc-chatrow--recent" : ""}`;
    btn.setAttribute("aria-current", row.id === activeId ? "true" : "false");
    setChildren(
      btn,
      h(
        "span",
        { class: "nc-chatrow__top" },
        row.marker ? h("strong", { class: "nc-chatrow__urgent", text: row.marker }) : null,
        h("span", { class: "nc-chatrow__who", dir: "auto", text: plain(row.label) }),
        h("span", { class: "nc-chatrow__ref", text: row.ref }),
        row.unread ? h("span", { class: "nc-unread", text: t("unread_count", { count: row.unread }) }) : null,
        h("span", { class: "nc-chatrow__since", "data-since": row.id, text: sinceOf(row) }),
      ),
      row.status ? h("span", { class: "nc-chatrow__status", text: row.status }) : null,
      row.preview ? h("span", { class: "nc-chatrow__preview", dir: "auto", text: row.preview }) : null,
    );
    return entry;
  }

  /** @param {ChatRow} row */
  function sinceOf(row) {
    return row.lastActivity ? sinceText((opts.now() - row.lastActivity) / 1000, lang, t) : "";
  }

  /** The row buttons a keyboard reaches: the open ones, and the recent ones while shown. */
  function reachable() {
    const open = Array.from(openList.querySelectorAll("button.nc-chatrow"));
    const more = recent.open && !recent.hidden ? Array.from(recentList.querySelectorAll("button.nc-chatrow")) : [];
    return /** @type {HTMLButtonElement[]} */ ([...open, ...more]);
  }

  /** One row is in the tab order: the active one, else the first reachable (roving tabindex). */
  function rove() {
    const reach = reachable();
    const all = Array.from(el.querySelectorAll("button.nc-chatrow"));
    const current = reach.find((b) => b.getAttribute("aria-current") === "true") || reach[0] || all[0];
    for (const b of all) if (b instanceof HTMLButtonElement) b.tabIndex = b === current ? 0 : -1;
  }

  el.addEventListener("keydown", (e) => {
    const target = e.target;
    if (!(target instanceof HTMLButtonElement) || !target.classList.contains("nc-chatrow")) return;
    const all = reachable();
    const i = all.indexOf(target);
    if (i < 0) return;
    let next = -1;
    if (e.key === "ArrowDown" || e.key === "ArrowRight") next = Math.min(all.length - 1, i + 1);
    else if (e.key === "ArrowUp" || e.key === "ArrowLeft") next = Math.max(0, i - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = all.length - 1;
    if (next < 0) return;
    e.preventDefault();
    for (const b of all) b.tabIndex = -1;
    all[next].tabIndex = 0;
    all[next].focus();
  });
  recent.addEventListener("toggle", rove);

  return {
    el,
    /**
     * Show these rows: open ones (status null) sorted by sortChats, the others in Recent (given
     * most recent first; beyond RECENT_MAX they are not shown). Keeps the keyboard focus on its
     * row.
     * @param {ChatRow[]} all
     * @param {string | null} active the chat in front
     */
    update(all, active) {
      activeId = active;
      const focused = document.activeElement instanceof HTMLElement ? document.activeElement.getAttribute("data-chat") : null;
      const open = sortChats(all.filter((r) => !r.status));
      const closed = all.filter((r) => r.status).slice(0, RECENT_MAX);
      const keep = new Set([...open, ...closed].map((r) => r.id));
      for (const [id, entry] of rows) {
        if (!keep.has(id)) {
          entry.li.remove();
          rows.delete(id);
        }
      }
      // move only rows that are out of place: a row that stays keeps the focus
      /**
       * @param {HTMLElement} list
       * @param {ChatRow[]} items
       */
      const place = (list, items) => {
        items.forEach((row, i) => {
          const { li } = fill(row);
          if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
        });
      };
      place(openList, open);
      place(recentList, closed);
      empty.hidden = open.length > 0;
      recent.hidden = closed.length === 0;
      recentCount.textContent = `(${closed.length})`;
      rove();
      if (focused && document.activeElement === document.body) {
        const again = rows.get(focused);
        if (again) again.btn.focus();
      }
    },
    /** Refresh the times since the last activity (every few seconds). */
    tick() {
      for (const { btn, row } of rows.values()) {
        const since = btn.querySelector("[data-since]");
        if (since) since.textContent = sinceOf(row);
      }
    },
    /**
     * Scroll a row into view (a new urgent chat): the list and, when needed, the page.
     * @param {string} id
     */
    bringIntoView(id) {
      const entry = rows.get(id);
      if (!entry) return;
      if (entry.row.status) recent.open = true;
      entry.btn.scrollIntoView({ block: "nearest", inline: "nearest" });
    },
    /**
     * Put the keyboard focus on a chat's row.
     * @param {string} id
     */
    focus(id) {
      rows.get(id)?.btn.focus();
    },
  };
}
