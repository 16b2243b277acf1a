// @ts-check
// Handover offers made to me (docs/protocol.md, "Handover"), for the duty console and the
// supervisor console alike: who offers which chat, their note (as text, never HTML), the
// seconds left to answer by the server's clock, Accept and Decline. Kept live by
// `handover.update` and filled again after every (re)connect (console.sync's `handovers`).
// A new offer is hard to miss: the panel stands out, and the console announces it
// (`onOffered`); Accept is disabled, with the reason beside it, while I cannot take the chat
// (`cannotAccept`: at capacity, off duty) — the server refuses then too.
import { shortRef } from "./chatlist.js";
import { call, h, plain } from "./common.js";

/**
 * @typedef {import("./protocol").Handover} Handover
 * @typedef {import("./protocol").ConsoleSocket} ConsoleSocket
 * @typedef {import("./common.js").Translate} Translate
 * @typedef {import("./common.js").ErrorText} ErrorText
 */

/**
 * @param {{t: Translate, errorText: ErrorText, getSocket: () => ConsoleSocket, myId: () => string | undefined,
 *   serverOffset: () => number, onAccepted: (handover: Handover, conversation: import("./protocol").StaffConversation) => void,
 *   cannotAccept?: () => string | null, onOffered?: (handover: Handover) => void}} opts
 *   `cannotAccept()`: why I cannot accept now (shown, Accept disabled), or null;
 *   `onOffered(offer)`: an offer to me arrived (once per offer: a sync that lists it again is no news)
 */
export function offersPanel(opts) {
  const { t, errorText } = opts;
  /** @type {Map<string, Handover>} handover id → an offer to me, waiting for my answer */
  const offers = new Map();
  /** @type {Set<string>} offers already announced (a sync that lists one again is no news) */
  const announced = new Set();
  const error = h("p", { class: "nc-error", role: "alert", hidden: true });
  const list = h("ul", { class: "nc-offers__list" });
  const el = h(
    "section",
    { class: "nc-panel nc-offers", "aria-labelledby": "nc-offers-h", hidden: true },
    h("h2", { id: "nc-offers-h", class: "nc-panel__title", text: t("offers_heading") }),
    error,
    list,
  );

  /** @param {string} text */
  function setError(text) {
    error.textContent = text || "";
    error.hidden = !text;
    el.hidden = offers.size === 0 && error.hidden;
  }

  /** @param {Handover} offer */
  function secondsLeft(offer) {
    const until = Date.parse(offer.expires_at || "");
    return Number.isNaN(until) ? 0 : Math.max(0, Math.round((until - Date.now() - opts.serverOffset()) / 1000));
  }

  /**
   * @param {Handover} offer
   * @param {boolean} accept
   */
  async function answer(offer, accept) {
    const socket = opts.getSocket();
    const reply = accept
      ? await call(socket, "handover.accept", { handover_id: offer.id }, 10000)
      : await call(socket, "handover.decline", { handover_id: offer.id }, 10000);
    if (!reply.ok) {
      // the server's message says whether it is about me (full, off duty) or the offer
      setError(reply.error?.message || errorText(reply.error?.code || "unavailable"));
      if (reply.error?.code === "handover_closed" || reply.error?.code === "closed") offers.delete(offer.id);
      render();
      return;
    }
    offers.delete(offer.id);
    setError("");
    render();
    if (accept && "conversation" in reply && reply.conversation) {
      opts.onAccepted(/** @type {Handover} */ (reply.handover), /** @type {import("./protocol").StaffConversation} */ (reply.conversation));
    }
  }

  /** @type {string | null} why Accept was disabled at the last render */
  let lastBlocked = null;
  function render() {
    el.hidden = offers.size === 0 && error.hidden;
    const blocked = opts.cannotAccept ? opts.cannotAccept() : null;
    lastBlocked = blocked;
    const focused = document.activeElement?.getAttribute?.("data-answer");
    list.replaceChildren(
      ...Array.from(offers.values()).map((offer) => {
        const conv = offer.conversation;
        // with the chat's short reference: two anonymous visitors offered by one colleague differ
        const visitor = `${plain(conv?.nickname || t("anonymous"))} ${shortRef(offer.conversation_id)}`;
        const names = { name: offer.from_staff?.name || "", visitor };
        const why = `nc-offer-why-${offer.id.replace(/[^A-Za-z0-9_-]/g, "")}`;
        return h(
          "li",
          { class: "nc-offer", "data-handover": offer.id },
          h("p", { class: "nc-offer__who" }, h("strong", { text: t("offer_from", names) })),
          h("p", { class: "nc-offer__note" }, h("strong", { text: t("offer_note") }), " ", h("span", { dir: "auto", text: offer.note })),
          conv?.first_message ? h("p", { class: "nc-offer__first", dir: "auto", text: plain(conv.first_message) }) : null,
          h("p", { class: "nc-offer__left", "data-left": offer.id, text: t("offer_left", { seconds: secondsLeft(offer) }) }),
          blocked ? h("p", { class: "nc-offer__why", id: why, text: blocked }) : null,
          h(
            "div",
            { class: "nc-offer__buttons" },
            h("button", {
              type: "button",
              class: "nc-btn nc-btn--primary nc-btn--small",
              text: t("offer_accept"),
              // one name per offer ("Accept" alone would repeat on every offer)
              "aria-label": t("offer_accept_aria", names),
              "aria-describedby": blocked ? why : null,
              "data-answer": `${offer.id}:accept`,
              disabled: !!blocked,
              onclick: () => answer(offer, true),
            }),
            h("button", {
              type: "button",
              class: "nc-btn nc-btn--small",
              text: t("offer_decline"),
              "aria-label": t("offer_decline_aria", names),
              "data-answer": `${offer.id}:decline`,
              onclick: () => answer(offer, false),
            }),
          ),
        );
      }),
    );
    if (focused) {
      const again = list.querySelector(`[data-answer="${CSS.escape(focused)}"]`);
      if (again instanceof HTMLElement) again.focus();
    }
  }

  setInterval(() => {
    for (const offer of offers.values()) {
      const left = list.querySelector(`[data-left="${CSS.escape(offer.id)}"]`);
      if (left) left.textContent = t("offer_left", { seconds: secondsLeft(offer) });
    }
  }, 1000);

  return {
    el,
    /**
     * A handover as the server last told it: an offer to me is listed while it waits.
     * @param {Handover} handover
     */
    set(handover) {
      if (!handover.to_staff || handover.to_staff.id !== opts.myId()) return;
      const isNew = handover.status === "offered" && !announced.has(handover.id);
      if (handover.status === "offered") offers.set(handover.id, handover);
      else offers.delete(handover.id);
      render();
      if (isNew) {
        announced.add(handover.id);
        if (opts.onOffered) opts.onOffered(handover);
      }
    },
    /** Draw the offers again when whether I can accept changed (a chat ended, duty, capacity). */
    refresh() {
      const blocked = opts.cannotAccept ? opts.cannotAccept() : null;
      if (offers.size && blocked !== lastBlocked) render();
    },
    /** Forget every offer (before a sync lists the open ones again). */
    clear() {
      offers.clear();
      render();
    },
  };
}
