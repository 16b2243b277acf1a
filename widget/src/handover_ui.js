// @ts-check
// Handover offers made to me (docs/protocol.md, "Handover"), for the duty console and the
// supervisor console alike: who offers which chat, their note (as text, never HTML), the
// seconds left to answer by the server's clock, Accept and Decline. Kept live by
// `handover.update` and filled again after every (re)connect (console.sync's `handovers`).
import { call, h } from "./common.js";

/**
 * @typedef {import("./protocol").Handover} Handover
 * @typedef {import("./protocol").ConsoleSocket} ConsoleSocket
 * @typedef {import("./common.js").Translate} Translate
 * @typedef {import("./common.js").ErrorText} ErrorText
 */

/**
 * @param {{t: Translate, errorText: ErrorText, getSocket: () => ConsoleSocket, myId: () => string | undefined,
 *   serverOffset: () => number, onAccepted: (handover: Handover, conversation: import("./protocol").StaffConversation) => void}} opts
 */
export function offersPanel(opts) {
  const { t, errorText } = opts;
  /** @type {Map<string, Handover>} handover id → an offer to me, waiting for my answer */
  const offers = new Map();
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

  function render() {
    el.hidden = offers.size === 0 && error.hidden;
    list.replaceChildren(
      ...Array.from(offers.values()).map((offer) => {
        const conv = offer.conversation;
        const visitor = conv?.nickname || t("anonymous");
        return h(
          "li",
          { class: "nc-offer", "data-handover": offer.id },
          h("p", { class: "nc-offer__who" }, h("strong", { text: t("offer_from", { name: offer.from_staff?.name || "", visitor }) })),
          h("p", { class: "nc-offer__note" }, h("strong", { text: t("offer_note") }), " ", h("span", { dir: "auto", text: offer.note })),
          conv?.first_message ? h("p", { class: "nc-offer__first", dir: "auto", text: conv.first_message }) : null,
          h("p", { class: "nc-offer__left", "data-left": offer.id, text: t("offer_left", { seconds: secondsLeft(offer) }) }),
          h(
            "div",
            { class: "nc-offer__buttons" },
            h("button", {
              type: "button",
              class: "nc-btn nc-btn--primary nc-btn--small",
              text: t("offer_accept"),
              onclick: () => answer(offer, true),
            }),
            h("button", { type: "button", class: "nc-btn nc-btn--small", text: t("offer_decline"), onclick: () => answer(offer, false) }),
          ),
        );
      }),
    );
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
      if (handover.status === "offered") offers.set(handover.id, handover);
      else offers.delete(handover.id);
      render();
    },
    /** Forget every offer (before a sync lists the open ones again). */
    clear() {
      offers.clear();
      render();
    },
  };
}
