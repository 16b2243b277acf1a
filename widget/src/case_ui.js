// @ts-check
// The duty console's case panel for one chat (docs/protocol.md "the case"): the case history
// (earlier conversations: dates, who helped, topics, outcome, escalations, notes; earlier
// transcripts open on request, audited by the server when they were not mine) and the private
// notes on the case and on this chat (staff only, plain text, editable by their author with the
// earlier texts kept), and the case's referrals with their status controls (referrals_ui.js;
// recorded from the resource panel). Every text is set as a text node: notes are never HTML.
import { call, h } from "./common.js";
import { referralEl } from "./referrals_ui.js";
import { messageEl } from "./staffchat.js";

/**
 * @typedef {import("./protocol").ConsoleSocket} ConsoleSocket
 * @typedef {import("./protocol").CaseHistory} CaseHistory
 * @typedef {import("./protocol").CaseConversation} CaseConversation
 * @typedef {import("./protocol").CaseNote} CaseNote
 * @typedef {import("./common.js").Translate} Translate
 * @typedef {import("./common.js").ErrorText} ErrorText
 */

/**
 * "24.11.2026, 14:05" in the UI language.
 * @param {string | null | undefined} iso
 * @param {string} lang
 */
function formatDateTime(iso, lang) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(d);
  } catch {
    return d.toISOString().slice(0, 16).replace("T", " ");
  }
}

/**
 * @param {{id: string, t: Translate, errorText: ErrorText, lang: string, getSocket: () => ConsoleSocket,
 *   conversationId: string, myId: () => string | null, visitorName: () => string | null | undefined}} opts
 */
export function casePanel(opts) {
  const { t, lang, id } = opts;
  const summary = h("summary", { class: "nc-case__summary", text: t("case_heading") });
  const status = h("p", { class: "nc-case__status", role: "status" });
  const error = h("p", { class: "nc-error nc-case__error", role: "alert", hidden: true });
  const caseNotes = h("ul", { class: "nc-casenotes", "data-notes": "case" });
  const chatNotes = h("ul", { class: "nc-casenotes", "data-notes": "conversation" });
  const earlier = h("ol", { class: "nc-case__convs" });
  const referrals = h("ul", { class: "nc-referrals", "data-referrals": "case" });
  const noReferrals = h("p", { class: "nc-empty", text: t("referrals_none") });
  const panel = h(
    "details",
    { class: "nc-case", "data-case-panel": opts.conversationId },
    summary,
    status,
    error,
    h("h4", { class: "nc-case__h", text: t("case_notes") }),
    caseNotes,
    noteForm("case"),
    h("h4", { class: "nc-case__h", text: t("conv_notes") }),
    chatNotes,
    noteForm("conversation"),
    h("h4", { class: "nc-case__h", text: t("referrals_heading") }),
    noReferrals,
    referrals,
    h("h4", { class: "nc-case__h", text: t("case_earlier_heading") }),
    earlier,
  );
  /** @type {CaseHistory | null} */
  let history = null;
  /** transcripts opened in this panel: kept open (and not fetched again) across re-renders
   * @type {Map<string, import("./protocol").Message[]>} */
  const openTranscripts = new Map();
  let opened = false;

  /** @param {string} text */
  function setError(text) {
    error.textContent = text;
    error.hidden = !text;
  }

  /**
   * "Add a note" opens a small form; the textarea joins the page only then (a chat panel keeps
   * one textarea, its reply box, until someone writes a note).
   * @param {"case" | "conversation"} scope
   */
  function noteForm(scope) {
    const fid = `${id}-note-${scope}`;
    const label = t(scope === "case" ? "note_add_case" : "note_add_conv");
    const openBtn = h("button", { type: "button", class: "nc-btn nc-btn--small", text: label });
    const wrap = h("div", { class: "nc-casenote__add", "data-note-form": scope }, openBtn);
    openBtn.addEventListener("click", () => {
      const text = h("textarea", {
        id: fid,
        class: "nc-textarea nc-casenote__text",
        rows: "2",
        maxlength: "4000",
        placeholder: t("note_placeholder"),
      });
      const btn = h("button", { type: "submit", class: "nc-btn nc-btn--small nc-btn--primary", text: t("note_save") });
      const cancel = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("note_cancel") });
      const close = () => {
        form.remove();
        openBtn.hidden = false;
      };
      cancel.addEventListener("click", close);
      const form = h(
        "form",
        {
          class: "nc-casenote__form",
          novalidate: true,
          onsubmit: async (/** @type {SubmitEvent} */ e) => {
            e.preventDefault();
            const value = text.value;
            if (!value.trim()) {
              setError(t("note_empty"));
              return;
            }
            btn.disabled = true;
            const reply = await call(opts.getSocket(), "note.add", { conversation_id: opts.conversationId, text: value, scope }, 10000);
            btn.disabled = false;
            if (!reply.ok) {
              setError(opts.errorText(reply.error?.code || "unavailable"));
              return;
            }
            setError("");
            close();
            await load();
          },
        },
        h("label", { for: fid, class: "nc-label", text: label }),
        text,
        btn,
        " ",
        cancel,
      );
      openBtn.hidden = true;
      wrap.appendChild(form);
      text.focus();
    });
    return wrap;
  }

  /** @param {CaseNote} note */
  function noteEl(note) {
    const body = h("p", { class: "nc-casenote__body", text: note.text });
    const who = note.author?.name || t("anonymous");
    const meta = h(
      "p",
      { class: "nc-casenote__meta" },
      note.kind === "summary" ? h("strong", { text: `${t("note_summary")} · ` }) : null,
      `${who}, ${formatDateTime(note.created_at, lang)}`,
      note.edited_at ? ` · ${t("note_edited", { time: formatDateTime(note.edited_at, lang) })}` : "",
    );
    const li = h("li", { class: "nc-casenote", "data-note": note.id }, meta, body);
    if (note.history.length) {
      li.appendChild(
        h(
          "details",
          { class: "nc-casenote__versions" },
          h("summary", { text: t("note_versions", { count: note.history.length }) }),
          h(
            "ol",
            null,
            note.history.map((v) =>
              h("li", null, h("span", { class: "nc-casenote__meta", text: `${formatDateTime(v.written_at, lang)}: ` }), v.text),
            ),
          ),
        ),
      );
    }
    if (note.author && note.author.id === opts.myId()) {
      const edit = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("note_edit") });
      edit.addEventListener("click", () => {
        const area = h("textarea", { class: "nc-textarea", rows: "2", maxlength: "4000", "aria-label": t("note_edit") });
        area.value = note.text;
        const save = h("button", { type: "button", class: "nc-btn nc-btn--small nc-btn--primary", text: t("note_save") });
        const cancel = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("note_cancel") });
        const editor = h("div", { class: "nc-casenote__editor" }, area, save, " ", cancel);
        cancel.addEventListener("click", () => {
          editor.remove();
          edit.hidden = false;
        });
        save.addEventListener("click", async () => {
          if (!area.value.trim()) {
            setError(t("note_empty"));
            return;
          }
          save.disabled = true;
          const reply = await call(opts.getSocket(), "note.edit", { note_id: note.id, text: area.value }, 10000);
          save.disabled = false;
          if (!reply.ok) {
            setError(opts.errorText(reply.error?.code || "unavailable"));
            return;
          }
          setError("");
          await load();
        });
        edit.hidden = true;
        li.appendChild(editor);
        area.focus();
      });
      li.appendChild(edit);
    }
    return li;
  }

  /** @param {CaseConversation} c */
  function conversationEl(c) {
    const who = c.networker ? t("case_with", { name: c.networker.name }) : t("case_nobody");
    const facts = [
      formatDateTime(c.queued_at, lang),
      who,
      c.outcome ? t(`outcome_${c.outcome}`) : c.status === "closed" ? "" : t(`case_status_${c.status}`),
      c.topics.map((tp) => t(`topic_${tp}`)).join(", "),
    ].filter(Boolean);
    const transcript = h("ol", { class: "nc-log nc-case__transcript", hidden: true });
    const open = h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("case_transcript_open") });
    /** @param {import("./protocol").Message[]} messages */
    const show = (messages) => {
      transcript.replaceChildren(...messages.map((m) => messageEl(m, { t, lang, visitorName: opts.visitorName() })));
      transcript.hidden = false;
      open.textContent = t("case_transcript_hide");
    };
    const kept = openTranscripts.get(c.id);
    if (kept) show(kept);
    open.addEventListener("click", async () => {
      if (!transcript.hidden) {
        transcript.hidden = true;
        openTranscripts.delete(c.id);
        open.textContent = t("case_transcript_open");
        return;
      }
      open.disabled = true;
      const reply = await call(opts.getSocket(), "case.transcript", { conversation_id: opts.conversationId, transcript_id: c.id }, 10000);
      open.disabled = false;
      if (!reply.ok) {
        setError(opts.errorText(reply.error?.code || "unavailable"));
        return;
      }
      setError("");
      openTranscripts.set(c.id, reply.messages);
      show(reply.messages);
    });
    return h(
      "li",
      { class: "nc-case__conv", "data-case-conversation": c.id },
      h("p", { class: "nc-case__facts", text: facts.join(" · ") }),
      c.escalations.map((e) =>
        h("p", {
          class: "nc-case__esc",
          text: t("case_escalation", {
            severity: t(`risk_${e.severity}`),
            categories: e.categories.map((k) => t(`category_${k}`)).join(", "),
          }),
        }),
      ),
      c.notes.length ? h("ul", { class: "nc-casenotes" }, c.notes.map(noteEl)) : null,
      open,
      transcript,
    );
  }

  function render() {
    if (!history) return;
    const others = history.conversations.filter((c) => !c.current);
    const mine = history.conversations.find((c) => c.current);
    summary.textContent = others.length ? t("case_heading_returning", { count: others.length }) : t("case_heading");
    panel.classList.toggle("nc-case--returning", others.length > 0);
    status.textContent = [others.length ? "" : t("case_first"), history.code_issued_at ? t("case_has_code") : ""].filter(Boolean).join(" ");
    caseNotes.replaceChildren(...history.notes.map(noteEl));
    chatNotes.replaceChildren(...(mine ? mine.notes.map(noteEl) : []));
    earlier.replaceChildren(...others.map(conversationEl));
    referrals.replaceChildren(
      ...history.referrals.map((r) =>
        referralEl(r, { t, lang, errorText: opts.errorText, getSocket: opts.getSocket, setError, idPrefix: id, onChanged: () => load() }),
      ),
    );
    noReferrals.hidden = history.referrals.length > 0;
    // a returning visitor: the history opens by itself the first time
    if (others.length && !opened) {
      opened = true;
      panel.open = true;
    }
  }

  async function load() {
    const reply = await call(opts.getSocket(), "case.history", { conversation_id: opts.conversationId }, 10000);
    if (!reply.ok) {
      setError(opts.errorText(reply.error?.code || "unavailable"));
      return;
    }
    setError("");
    history = reply.case;
    render();
  }

  /**
   * The summary note offered when closing the chat (after the close succeeded).
   * @param {string} text
   */
  async function addSummary(text) {
    const reply = await call(opts.getSocket(), "note.add", { conversation_id: opts.conversationId, text, kind: "summary" }, 10000);
    if (!reply.ok) setError(opts.errorText(reply.error?.code || "unavailable"));
    await load();
    return reply.ok;
  }

  return { panel, load, addSummary };
}
