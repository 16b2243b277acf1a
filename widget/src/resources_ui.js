// @ts-check
// Resource library in the chat: the card a shared entry becomes (widget and console), and the
// console's search-and-share panel. Data is only ever put in the page with textContent /
// createElement (the `h` helper): never innerHTML. Links are checked again here: tel: numbers,
// http(s) websites, and the entry's own public page (/r/...), opened in a new tab with noopener.
import { call, h, randomId } from "./common.js";

/**
 * @typedef {import("./protocol").ResourceCard} ResourceCard
 * @typedef {import("./protocol").ResourceHit} ResourceHit
 * @typedef {import("./protocol").ResourceSearchRequest} ResourceSearchRequest
 * @typedef {import("./protocol").ResourceTopic} ResourceTopic
 * @typedef {import("./protocol").Message} Message
 * @typedef {import("./protocol").ConsoleSocket} ConsoleSocket
 * @typedef {import("./common.js").Translate} Translate
 * @typedef {import("./common.js").ErrorText} ErrorText
 */

const TEL = /^tel:\+?[0-9]{2,20}$/;
const WEB = /^https?:\/\/[^\s<>"']+$/i;
const PUBLIC = /^\/r\/r_[A-Za-z0-9_-]{1,40}\?lang=[a-z]{2}$/;

/**
 * The card of a shared entry (Message.resource in docs/protocol.md). `t(key)` translates;
 * `base` is the server origin for the public page link (the widget frame is on the server's origin).
 */
/**
 * @param {ResourceCard} card
 * @param {Translate} t
 * @param {string} [prefix] class prefix: "nr" (widget, default) or "nc" (consoles)
 */
export function resourceCard(card, t, prefix) {
  const cls = prefix || "nr";
  const box = h("div", { class: `${cls}-card`, role: "group", "aria-label": `${t("card_label")}: ${String(card.name || "")}` });
  box.appendChild(h("p", { class: `${cls}-card__name`, text: String(card.name || "") }));
  if (!card.available) {
    box.appendChild(h("p", { class: `${cls}-card__gone`, text: t("card_unavailable") }));
    return box;
  }
  if (card.summary) box.appendChild(h("p", { class: `${cls}-card__summary`, text: String(card.summary) }));
  const phones = Array.isArray(card.phones) ? card.phones : [];
  for (const p of phones) {
    if (!p || !TEL.test(String(p.href || ""))) continue;
    box.appendChild(h("p", null, h("a", { class: `${cls}-card__tel`, href: p.href, text: `${t("card_call")} ${String(p.number || "")}` })));
  }
  if (card.hours) box.appendChild(h("p", { class: `${cls}-card__hours`, text: `${t("card_hours")}: ${String(card.hours)}` }));
  const links = [];
  if (card.website && WEB.test(String(card.website))) {
    // each link names its entry: a screen reader's list of links shows them out of their card
    const label = `${t("card_website")}: ${String(card.name || "")}`;
    links.push(h("a", { href: card.website, target: "_blank", rel: "noopener noreferrer", "aria-label": label, text: t("card_website") }));
  }
  if (card.url && PUBLIC.test(String(card.url))) {
    const label = `${t("card_open")}: ${String(card.name || "")}`;
    links.push(h("a", { href: card.url, target: "_blank", rel: "noopener noreferrer", "aria-label": label, text: t("card_open") }));
  }
  if (links.length)
    box.appendChild(
      h(
        "p",
        { class: `${cls}-card__links` },
        links.flatMap((a, i) => (i ? [" · ", a] : [a])),
      ),
    );
  return box;
}

/**
 * The console's "Share a resource" panel for one chat: search (with a topic filter), results,
 * a Share button per result. `getSocket()` returns the console socket; `onShared(message)` gets
 * the stored message (the server also sends message.new). Errors show in the panel.
 */
/**
 * "Also record a suggested referral" beside the results makes Share record one in the same
 * click (`resource.share` with `refer`); `onReferral()` is called when one was recorded.
 * @param {{id: string, t: Translate, errorText: ErrorText, topics?: string[], getSocket: () => ConsoleSocket,
 *   conversationId: string, onShared?: (m: Message) => void, onReferral?: () => void}} opts
 */
export function resourcePanel(opts) {
  const t = opts.t;
  const id = opts.id;
  const topics = opts.topics || [];
  const q = h("input", { id: `${id}-rq`, class: "nc-input", type: "search", maxlength: "200", autocomplete: "off" });
  const topic = h(
    "select",
    { id: `${id}-rt`, class: "nc-input" },
    h("option", { value: "", text: t("res_all_topics") }),
    topics.map((tp) => h("option", { value: tp, text: t(`res_topic_${tp}`) })),
  );
  const status = h("p", { class: "nc-res__status", role: "status" });
  const results = h("ul", { class: "nc-res__list" });
  const refer = h("input", { id: `${id}-refer`, type: "checkbox", class: "nc-res__refer" });
  async function search() {
    status.textContent = t("res_searching");
    /** @type {ResourceSearchRequest} */
    const payload = { q: q.value.slice(0, 200), limit: 10 };
    if (topic.value) payload.topic = /** @type {ResourceTopic} */ (topic.value);
    const reply = await call(opts.getSocket(), "resource.search", payload);
    results.replaceChildren();
    if (!reply.ok) {
      status.textContent = opts.errorText(reply.error?.code || "unavailable");
      return;
    }
    status.textContent = reply.results.length ? t("res_found", { count: reply.results.length }) : t("res_none");
    for (const r of reply.results) results.appendChild(resultEl(r));
  }
  /** @param {ResourceHit} r */
  function resultEl(r) {
    // one accessible name per result: "Share in this chat" alone would repeat on every row
    const btn = h("button", {
      type: "button",
      class: "nc-btn nc-btn--small",
      text: t("res_share"),
      "aria-label": t("res_share_aria", { name: String(r.name || "") }),
    });
    const msg = h("span", { class: "nc-res__msg", role: "status" });
    const clientId = randomId(12); // one id per result: a retry after a timeout is de-duplicated
    btn.addEventListener("click", async () => {
      btn.disabled = true;
      msg.textContent = t("sending");
      const referred = refer.checked;
      const reply = await call(opts.getSocket(), "resource.share", {
        conversation_id: opts.conversationId,
        resource_id: r.id,
        client_id: clientId,
        refer: referred,
      });
      btn.disabled = false;
      if (reply.ok) {
        msg.textContent = t(reply.referral ? "res_shared_referred" : "res_shared");
        if (opts.onShared) opts.onShared(reply.message);
        if (reply.referral && opts.onReferral) opts.onReferral();
      } else {
        msg.textContent = opts.errorText(reply.error?.code || "unavailable");
      }
    });
    const phones = Array.isArray(r.phones) && r.phones.length ? ` · ${r.phones.join(", ")}` : "";
    return h(
      "li",
      { class: "nc-res__item" },
      h("p", null, h("strong", { text: String(r.name || "") }), phones),
      r.summary ? h("p", { class: "nc-res__summary", text: String(r.summary) }) : null,
      h("p", null, btn, " ", msg),
    );
  }
  const form = h(
    "form",
    {
      class: "nc-res__form",
      role: "search",
      onsubmit: (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        search();
      },
    },
    h("label", { for: `${id}-rq`, class: "nc-label", text: t("res_search_label") }),
    q,
    h("label", { for: `${id}-rt`, class: "nc-label", text: t("res_topic_label") }),
    topic,
    h("button", { type: "submit", class: "nc-btn", text: t("res_search") }),
  );
  // the form joins the page when the panel is first opened: a closed panel adds no controls
  const panel = h("details", { class: "nc-res" }, h("summary", { text: t("res_summary") }));
  panel.addEventListener("toggle", () => {
    if (!panel.open || form.isConnected) return;
    panel.append(form, h("p", null, h("label", { class: "nc-check" }, refer, " ", t("res_refer"))), status, results);
    q.focus();
  });
  return panel;
}

/** Put the card of a shared entry into a rendered message element (console log). */
/**
 * @param {Element} li
 * @param {Message} m
 * @param {Translate} t
 */
export function withCard(li, m, t) {
  if (!m?.resource || typeof m.resource !== "object") return li;
  const body = li.querySelector(".nc-msg__body");
  if (body) body.replaceChildren(resourceCard(m.resource, t, "nc"));
  return li;
}
