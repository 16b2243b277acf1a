// @ts-check
// Canned replies in a console composer (duty console and the supervisor's watch): typing "/" at
// the start of the message box opens a list of the shared ready answers (`canned.list`, in the
// chat's language, else all), filtered by what follows the "/" (title, text and topics, without
// regard to case or diacritics). Arrows move, Enter inserts the reply's text into the box (to be
// edited before sending), Esc closes. The box keeps the focus and points at the active option
// with aria-activedescendant (an autocomplete textbox with a listbox); a status line says how
// many replies match. Text only ever goes into the page as text (the `h` helper).
import { call, h } from "./common.js";

/**
 * @typedef {import("./protocol").CannedReply} CannedReply
 * @typedef {import("./protocol").CannedListAck} CannedListAck
 * @typedef {import("./protocol").ConsoleSocket} ConsoleSocket
 * @typedef {import("./common.js").Translate} Translate
 * @typedef {import("./common.js").ErrorText} ErrorText
 */

const MAX_QUERY = 60; // a longer "/…" is a message that starts with a slash, not a search
const MAX_SHOWN = 50;

/** Lower case without diacritics, so "zakonczenie" finds "Zakończenie" ("ł" too). */
export function fold(/** @type {string} */ s) {
  return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/ł/g, "l").replace(/Ł/g, "l").toLowerCase();
}

/**
 * A topic tag as people read it: one of the topics' keys (`hiv_sti`) by its name in the
 * console's language ("HIV and STI"), any other tag as it was written.
 * @param {string} tag
 * @param {Translate} t
 */
export function tagName(tag, t) {
  const key = `topic_${tag}`;
  const name = /^[a-z_]+$/.test(tag) ? t(key) : "";
  return name && name !== key ? name : tag;
}

/**
 * The replies matching `query`: every word of it occurs in the title, the text or a topic (its
 * key or, with `t`, its name).
 * @param {CannedReply[]} replies
 * @param {string} query
 * @param {Translate} [t]
 * @returns {CannedReply[]}
 */
export function filterCanned(replies, query, t) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return replies.filter((r) => {
    const names = t ? r.topics.map((tp) => tagName(tp, t)) : [];
    const hay = fold([r.title, r.text, ...r.topics, ...names].join(" "));
    return words.every((w) => hay.includes(w));
  });
}

/**
 * Attach the picker to a composer's textarea. Call it before the composer's own keydown
 * handler (Enter to send): while the list is open, Enter, arrows and Esc belong to the list.
 * @param {object} o
 * @param {HTMLTextAreaElement} o.textarea
 * @param {string} o.id unique prefix for the elements' ids
 * @param {Translate} o.t
 * @param {ErrorText} o.errorText
 * @param {() => ConsoleSocket} o.getSocket
 * @param {() => string} o.getLang the chat's language: the visitor's, else the console's
 * @returns {{el: HTMLElement, close: () => void}} `el` goes right after the textarea
 */
export function cannedPicker(o) {
  const { textarea, t } = o;
  const listId = `${o.id}-canned`;
  const list = h("ul", { id: listId, class: "nc-canned", role: "listbox", "aria-label": t("canned_label"), hidden: true });
  const status = h("p", { class: "nc-visually-hidden", role: "status", id: `${listId}-status` });
  const el = h("div", { class: "nc-canned-wrap" }, list, status);
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", listId);
  textarea.setAttribute("aria-keyshortcuts", "/");
  const hint = h("span", { class: "nc-visually-hidden", id: `${listId}-hint`, text: t("canned_hint") });
  el.appendChild(hint);
  textarea.setAttribute("aria-describedby", `${textarea.getAttribute("aria-describedby") || ""} ${listId}-hint`.trim());

  /** @type {CannedReply[] | null} */
  let replies = null;
  /** @type {CannedReply[]} */
  let shown = [];
  let active = -1;
  let open = false;
  let allLangs = false;
  let dismissed = ""; // the value Esc was pressed on: stay closed until the text changes
  let request = 0;

  function query() {
    const v = textarea.value;
    return v.startsWith("/") && !v.includes("\n") && v.length <= MAX_QUERY ? v.slice(1) : null;
  }

  function close() {
    open = false;
    list.hidden = true;
    list.replaceChildren();
    textarea.removeAttribute("aria-activedescendant");
    status.textContent = "";
  }

  async function load() {
    const mine = ++request;
    replies = null;
    status.textContent = t("canned_loading");
    /** @type {CannedListAck} */
    const reply = await call(o.getSocket(), "canned.list", { lang: o.getLang() });
    if (mine !== request || !open) return;
    if (!reply.ok) {
      close();
      status.textContent = o.errorText(reply.error?.code || "unavailable");
      return;
    }
    replies = reply.replies;
    allLangs = reply.lang === null;
    render();
  }

  function render() {
    const q = query();
    if (q === null || !replies) return;
    shown = filterCanned(replies, q, t).slice(0, MAX_SHOWN);
    active = shown.length ? Math.min(Math.max(active, 0), shown.length - 1) : -1;
    list.replaceChildren(
      ...shown.map((r, i) =>
        h(
          "li",
          {
            id: `${listId}-${i}`,
            class: "nc-canned__option",
            role: "option",
            "aria-selected": i === active ? "true" : "false",
            "data-canned": r.id,
            lang: r.lang,
            onmousedown: (/** @type {MouseEvent} */ e) => e.preventDefault(), // keep the focus in the box
            onclick: () => insert(r),
          },
          h("span", { class: "nc-canned__title", dir: "auto", text: r.title }),
          h("span", { class: "nc-canned__text", dir: "auto", text: r.text }),
          r.topics.length
            ? h("span", { class: "nc-canned__topics", dir: "auto", text: r.topics.map((tp) => tagName(tp, t)).join(", ") })
            : null,
        ),
      ),
    );
    if (!shown.length) list.appendChild(h("li", { class: "nc-canned__none", role: "presentation", text: t("canned_none") }));
    list.hidden = false;
    markActive();
    status.textContent = shown.length ? t(allLangs ? "canned_count_all" : "canned_count", { count: shown.length }) : t("canned_none");
  }

  function markActive() {
    list.querySelectorAll('[role="option"]').forEach((li, i) => {
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    if (active >= 0) {
      textarea.setAttribute("aria-activedescendant", `${listId}-${active}`);
      document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: "nearest" });
    } else textarea.removeAttribute("aria-activedescendant");
  }

  /** @param {CannedReply} r */
  function insert(r) {
    close();
    textarea.value = r.text;
    dismissed = "";
    textarea.setSelectionRange(r.text.length, r.text.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true })); // counter, typing
    status.textContent = t("canned_inserted", { title: r.title });
    textarea.focus();
  }

  textarea.addEventListener("input", () => {
    const q = query();
    if (q === null || textarea.value === dismissed) {
      if (open) close();
      return;
    }
    dismissed = "";
    if (!open) {
      open = true;
      active = 0;
      void load();
    } else {
      active = 0;
      render();
    }
  });

  textarea.addEventListener("keydown", (e) => {
    if (!open || e.isComposing) return;
    const keys = ["ArrowDown", "ArrowUp", "Enter", "Escape", "Home", "End"];
    if (!keys.includes(e.key) || (e.key === "Enter" && e.shiftKey)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.key === "Escape") {
      dismissed = textarea.value;
      close();
      return;
    }
    if (!shown.length) return;
    if (e.key === "Enter") {
      if (active >= 0) insert(shown[active]);
      return;
    }
    if (e.key === "ArrowDown") active = (active + 1) % shown.length;
    else if (e.key === "ArrowUp") active = (active - 1 + shown.length) % shown.length;
    else if (e.key === "Home") active = 0;
    else active = shown.length - 1;
    markActive();
  });

  textarea.addEventListener("blur", () => {
    if (open) close();
  });

  return { el, close };
}
