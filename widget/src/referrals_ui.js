// @ts-check
// Referrals in the duty console (docs/protocol.md "Referrals"): one referral as a list item with
// its status control, follow-up day and the history of its statuses (who, when), used by the
// case panel (case_ui.js) and by the side panel of referrals due for follow-up. The note is
// staff-only plain text: every text is set as a text node.
import { call, h } from "./common.js";

/**
 * @typedef {import("./protocol").ConsoleSocket} ConsoleSocket
 * @typedef {import("./protocol").Referral} Referral
 * @typedef {import("./protocol").ReferralStatus} ReferralStatus
 * @typedef {import("./protocol").ReferralUpdateRequest} ReferralUpdateRequest
 * @typedef {import("./common.js").Translate} Translate
 * @typedef {import("./common.js").ErrorText} ErrorText
 */

/** @type {ReferralStatus[]} */
export const REFERRAL_STATUSES = ["suggested", "contacted", "accepted", "attended", "declined", "no_response"];

/**
 * "3 Dec 2026" for a "YYYY-MM-DD" day in the UI language (the day as written, no time zone).
 * @param {string} day
 * @param {string} lang
 */
function formatDay(day, lang) {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(d);
  } catch {
    return day;
  }
}

/**
 * @param {string} iso
 * @param {string} lang
 */
function formatTime(iso, lang) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "short" }).format(d);
  } catch {
    return d.toISOString().slice(0, 16).replace("T", " ");
  }
}

/**
 * One referral with its controls: the status (a select that saves on change), the follow-up day
 * (a date input that saves on change; emptied: none), the statuses it had, and its note (an
 * editor behind "Edit the note"; emptied: cleared). `onChanged(r)`
 * gets the referral as the server stored it; errors go to `setError`.
 * @param {Referral} r
 * @param {{t: Translate, lang: string, errorText: ErrorText, getSocket: () => ConsoleSocket,
 *   setError: (text: string) => void, onChanged: (r: Referral) => void, idPrefix: string}} opts
 */
export function referralEl(r, opts) {
  const { t, lang } = opts;
  const sid = `${opts.idPrefix}-${r.id}-status`;
  const did = `${opts.idPrefix}-${r.id}-due`;
  const status = h(
    "select",
    { id: sid, class: "nc-input nc-referral__status" },
    REFERRAL_STATUSES.map((s) => h("option", { value: s, text: t(`referral_status_${s}`), selected: s === r.status })),
  );
  const followUp = h("input", { id: did, class: "nc-input nc-referral__due", type: "date", value: r.follow_up || "" });
  /** @param {Omit<ReferralUpdateRequest, "referral_id">} change */
  async function save(change) {
    status.disabled = true;
    followUp.disabled = true;
    const reply = await call(opts.getSocket(), "referral.update", { referral_id: r.id, ...change }, 10000);
    status.disabled = false;
    followUp.disabled = false;
    if (!reply.ok) {
      status.value = r.status;
      followUp.value = r.follow_up || "";
      opts.setError(opts.errorText(reply.error?.code || "unavailable"));
      return;
    }
    opts.setError("");
    opts.onChanged(reply.referral);
  }
  status.addEventListener("change", () => save({ status: /** @type {ReferralStatus} */ (status.value) }));
  followUp.addEventListener("change", () => save({ follow_up: followUp.value || null }));
  // the note (staff only): "Edit the note" opens a small editor; an emptied note is cleared
  const editNote = h("button", { type: "button", class: "nc-btn nc-btn--small nc-referral__edit", text: t("note_edit") });
  editNote.addEventListener("click", () => {
    const area = h("textarea", { class: "nc-textarea", rows: "2", maxlength: "2000", "aria-label": t("note_edit") });
    area.value = r.note || "";
    const saveBtn = h("button", { type: "button", class: "nc-btn nc-btn--small nc-btn--primary", text: t("note_save") });
    const cancel = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("note_cancel") });
    const editor = h("div", { class: "nc-referral__editor" }, area, saveBtn, " ", cancel);
    cancel.addEventListener("click", () => {
      editor.remove();
      editNote.hidden = false;
    });
    saveBtn.addEventListener("click", () => save({ note: area.value.trim() ? area.value : null }));
    editNote.hidden = true;
    li.appendChild(editor);
    area.focus();
  });
  const name = r.resource ? r.resource.name : t("referral_entry_gone");
  const org = r.resource?.organization ? ` · ${r.resource.organization}` : "";
  const li = h(
    "li",
    { class: `nc-referral${r.due ? " nc-referral--due" : ""}`, "data-referral": r.id, "data-status": r.status },
    h("p", { class: "nc-referral__name" }, h("strong", { text: name }), org),
    r.due && r.follow_up ? h("p", { class: "nc-referral__alert", text: t("referral_due", { day: formatDay(r.follow_up, lang) }) }) : null,
    r.note ? h("p", { class: "nc-referral__note", text: r.note }) : null,
    h(
      "p",
      { class: "nc-referral__controls" },
      h("label", { for: sid, class: "nc-label", text: t("referral_status") }),
      status,
      " ",
      h("label", { for: did, class: "nc-label", text: t("referral_follow_up") }),
      followUp,
    ),
    h(
      "ol",
      { class: "nc-referral__history", "aria-label": t("referral_history") },
      r.history.map((c) =>
        h("li", {
          text: `${t(`referral_status_${c.status}`)} — ${c.staff ? c.staff.name : t("referral_someone")}, ${formatTime(c.at, lang)}`,
        }),
      ),
    ),
    editNote,
  );
  return li;
}

/**
 * The console's side panel of referrals due for follow-up (`referral.list_due`): networkers see
 * those of cases they see, supervisors all; soonest first. `load()` asks again (on connect and
 * with the Refresh button); a status changed here drops a finished referral from the list.
 * @param {{t: Translate, lang: string, errorText: ErrorText, getSocket: () => ConsoleSocket}} opts
 */
export function dueReferralsPanel(opts) {
  const { t } = opts;
  const count = h("span", { class: "nc-count" });
  const list = h("ol", { class: "nc-referrals nc-referrals--due" });
  const empty = h("p", { class: "nc-empty", text: t("referrals_due_none") });
  const error = h("p", { class: "nc-error", role: "alert", hidden: true });
  const refresh = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("referrals_refresh") });
  /** @param {string} text */
  const setError = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };
  const panel = h(
    "section",
    { class: "nc-panel nc-due-referrals", "aria-labelledby": "nc-due-referrals-h" },
    h(
      "div",
      { class: "nc-panel__head" },
      h("h2", { id: "nc-due-referrals-h", class: "nc-panel__title" }, t("referrals_due_heading"), " ", count),
      refresh,
    ),
    error,
    empty,
    list,
  );
  async function load() {
    refresh.disabled = true;
    const reply = await call(opts.getSocket(), "referral.list_due", {}, 10000);
    refresh.disabled = false;
    if (!reply.ok) {
      setError(opts.errorText(reply.error?.code || "unavailable"));
      return;
    }
    setError("");
    list.replaceChildren(...reply.referrals.map((r) => referralEl(r, { ...opts, setError, idPrefix: "nc-due", onChanged: () => load() })));
    count.textContent = reply.referrals.length ? `(${reply.referrals.length})` : "";
    empty.hidden = reply.referrals.length > 0;
  }
  refresh.addEventListener("click", () => load());
  return { panel, load };
}
