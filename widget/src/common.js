// @ts-check
// Shared helpers for the widget frame (frame.js) and the duty console (console.js).
// No framework: a tiny element builder, safe storage, acked emits with timeouts, and a defensive
// renderer for the server's message HTML. Delivery (outbox, resend, ordering): delivery.js.

/**
 * @typedef {import("./protocol").AckError} AckError
 * @typedef {import("./protocol").DutyWindow} DutyWindow
 * @typedef {import("./protocol").DutyPeriod} DutyPeriod
 * @typedef {import("./protocol").Me} Me
 */

/**
 * The page's JSON config block (templates/frame.html, console.html, supervisor.html): every
 * field optional, the scripts fall back to defaults.
 * @typedef {object} PageConfig
 * @property {Record<string, Record<string, string>>} [strings] UI texts by language
 * @property {string[]} [langs]
 * @property {string} [lang]
 * @property {string} [default_lang] the server's configured default (NETREACH_DEFAULT_LANG)
 * @property {number} [max_chars]
 * @property {boolean} [embedded]
 * @property {DutyWindow[]} [duty_hours]
 * @property {DutyPeriod[]} [duty_periods] the next days' duty periods (UTC instants)
 * @property {string} [duty_timezone] the service's time zone (IANA)
 * @property {string[]} [embed_origins] the sites allowed to embed the widget ("*" = any)
 * @property {string} [emergency_number]
 * @property {string} [site]
 * @property {string} [socket_path]
 * @property {string} [exit_url]
 * @property {Me} [me]
 * @property {string[]} [outcomes]
 * @property {string[]} [topics]
 * @property {string[]} [resource_topics]
 */

/**
 * A translator over the page's strings: t("key", {name: "Ania"}).
 * @typedef {(key: string, params?: Record<string, unknown> | null) => string} Translate
 * @typedef {(code: string, params?: Record<string, unknown> | null) => string} ErrorText
 */

/**
 * A child for `h` / `setChildren`: null, undefined and false are skipped, arrays flattened.
 * @typedef {Node | string | null | undefined | false | ChildList} Child
 * @typedef {Child[]} ChildList
 */

export const LANGS = ["pl", "en", "uk"];

/**
 * Read the JSON config block rendered by the template (`<script type="application/json" id="nr-config">`).
 * @returns {PageConfig}
 */
export function readConfig() {
  const el = document.getElementById("nr-config");
  if (!el) return {};
  try {
    return JSON.parse(el.textContent || "{}") || {};
  } catch {
    return {};
  }
}

/**
 * Random id of `bytes` random bytes, base64url without padding.
 * @param {number} bytes
 */
export function randomId(bytes) {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  let bin = "";
  for (let i = 0; i < buf.length; i++) bin += String.fromCharCode(buf[i]);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * sessionStorage that never throws (storage can be blocked in third-party iframes);
 * falls back to memory for the life of the page. `get` returns parsed JSON as `unknown`: the
 * caller checks its shape.
 * @param {string} prefix
 * @param {"session" | "local"} area
 */
export function makeStore(prefix, area) {
  /** @type {Map<string, string>} */
  const memory = new Map();
  /** @type {Storage | null} */
  let backend = null;
  try {
    backend = area === "local" ? window.localStorage : window.sessionStorage;
    const probe = `${prefix}probe`;
    backend.setItem(probe, "1");
    backend.removeItem(probe);
  } catch {
    backend = null;
  }
  return {
    /**
     * @param {string} key
     * @param {unknown} fallback
     * @returns {unknown}
     */
    get(key, fallback) {
      /** @type {string | null | undefined} */
      let raw = null;
      try {
        raw = backend ? backend.getItem(prefix + key) : memory.has(key) ? memory.get(key) : null;
      } catch {
        raw = memory.has(key) ? memory.get(key) : null;
      }
      if (raw === null || raw === undefined) return fallback;
      try {
        return JSON.parse(raw);
      } catch {
        return fallback;
      }
    },
    /**
     * @param {string} key
     * @param {unknown} value
     */
    set(key, value) {
      const raw = JSON.stringify(value);
      memory.set(key, raw);
      try {
        if (backend) backend.setItem(prefix + key, raw);
      } catch {
        /* quota or blocked: memory copy stays */
      }
    },
    /** @param {string} key */
    remove(key) {
      memory.delete(key);
      try {
        if (backend) backend.removeItem(prefix + key);
      } catch {
        /* ignore */
      }
    },
    clearAll() {
      memory.clear();
      try {
        if (backend) {
          const doomed = [];
          for (let i = 0; i < backend.length; i++) {
            const k = backend.key(i);
            if (k && k.indexOf(prefix) === 0) doomed.push(k);
          }
          for (const k of doomed) backend.removeItem(k);
        }
      } catch {
        /* ignore */
      }
    },
  };
}

/**
 * Replace an element's children; null/undefined/false children are skipped (replaceChildren()
 * itself would render them as the text "null").
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function setChildren(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
  return el;
}

// Characters that reorder the text after them (bidi embeddings, overrides and isolates): a
// U+202E inside a message would flip the rest of the bubble, so a link to "fdp.exe" would read
// "exe.pdf". Rendering drops them; the direction of each message, name and preview comes from
// its own letters instead (dir="auto"). The stored text keeps them: only what is drawn changes.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text as it may be drawn: without the bidi control characters that reorder what follows.
 * @param {unknown} text
 * @returns {string}
 */
export function plain(text) {
  return String(text).replace(BIDI_CONTROLS, "");
}

/**
 * Tiny element builder: h("div", {class: "x", onclick: fn}, child, "text"). Text is always text:
 * `text` sets textContent, `class` the class name, `on…` with a function adds a listener, true
 * an empty attribute; null, undefined and false are left out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) continue;
      if (name.slice(0, 2) === "on" && typeof value === "function") {
        el.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
      } else if (name === "class") {
        el.className = String(value);
      } else if (name === "text") {
        el.textContent = plain(value);
      } else if (value === true) {
        el.setAttribute(name, "");
      } else {
        el.setAttribute(name, String(value));
      }
    }
  }
  appendAll(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {ChildList} children
 */
function appendAll(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendAll(el, child);
    else el.appendChild(typeof child === "string" ? document.createTextNode(plain(child)) : child);
  }
}

/**
 * Replace "{name}" placeholders; values are inserted as text by the caller (textContent).
 * @param {string} template
 * @param {Record<string, unknown> | null} [params]
 * @returns {string}
 */
export function fmt(template, params) {
  if (!params) return template;
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn needs Safari 15.4 / Chrome 93
  return String(template).replace(/\{(\w+)\}/g, (m, key) => (Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : m));
}

/**
 * Pick the first supported language of the browser, else `fallback`.
 * @template F
 * @param {F} fallback
 * @returns {string | F}
 */
export function browserLang(fallback) {
  const list = (navigator.languages?.length ? navigator.languages : [navigator.language]) || [];
  for (const tag of list) {
    const code = String(tag || "")
      .toLowerCase()
      .split(/[-_]/)[0];
    if (LANGS.indexOf(code) >= 0) return code;
  }
  return fallback;
}

/**
 * Emit with an ack and a timeout. Always resolves to an ack-shaped object:
 * the server's reply, or {ok:false, error:{code:"timeout"}} / {code:"offline"}. The socket's
 * namespace (protocol.d.ts VisitorSocket / ConsoleSocket) types `event`, `payload` and the reply.
 * @template {object} C
 * @template {keyof C & string} E
 * @param {{connected: boolean, readonly __calls?: C}} socket
 * @param {E} event
 * @param {C[E] extends [infer P, unknown] ? P : never} payload
 * @param {number} [timeoutMs]
 * @returns {Promise<(C[E] extends [unknown, infer R] ? R : never) | AckError>}
 */
export function call(socket, event, payload, timeoutMs) {
  return new Promise((resolve) => {
    // the typed signatures live on the socket's type; here the event is generic
    const raw = /** @type {import("socket.io-client").Socket} */ (/** @type {unknown} */ (socket));
    const ms = timeoutMs || 10000;
    const deadline = Date.now() + ms;
    const emit = () =>
      raw
        .timeout(Math.max(1000, deadline - Date.now()))
        .emit(event, payload || {}, (/** @type {Error | null} */ err, /** @type {unknown} */ reply) => {
          if (err) resolve({ ok: false, error: { code: "timeout" } });
          else if (!reply || typeof reply !== "object") resolve({ ok: false, error: { code: "unavailable" } });
          else resolve(/** @type {any} */ (reply)); // the server's ack: trusted to match docs/protocol.md
        });
    if (socket?.connected) {
      emit();
      return;
    }
    const willConnect = socket ? patientSockets.get(socket) : undefined;
    if (!willConnect?.()) {
      resolve({ ok: false, error: { code: "offline" } });
      return;
    }
    // a patient socket on its way to a connection: the action goes when it connects, within its
    // own timeout
    const connected = () => {
      clearTimeout(timer);
      emit();
    };
    const timer = setTimeout(() => {
      raw.off("connect", connected);
      resolve({ ok: false, error: { code: "offline" } });
    }, ms);
    raw.once("connect", connected);
  });
}

/** @type {WeakMap<object, () => boolean>} socket → whether it is on its way to a connection */
const patientSockets = new WeakMap();

/**
 * Make `call` on `socket` patient: an action sent while the socket is not connected but
 * `willConnect()` says it is on its way (the page has just loaded, or it is reconnecting) waits
 * for the connection, within the action's own timeout, instead of failing at once as "offline".
 * The staff pages use it, so that "Go on duty" pressed as the console opens puts the networker on
 * duty once the socket connects. The widget does not: its outbox resends after a reconnect.
 * @param {object} socket
 * @param {() => boolean} willConnect
 */
export function waitForConnection(socket, willConnect) {
  patientSockets.set(socket, willConnect);
}

/** @type {Record<string, 1>} */
const ALLOWED_TAGS = { A: 1, BR: 1, P: 1, STRONG: 1, EM: 1, B: 1, I: 1, CODE: 1, SPAN: 1 };
const SAFE_HREF = /^(https?:|mailto:|tel:)/i;

/**
 * Put the server's already-sanitised message HTML into `target`, passing it once more through a
 * strict allow-list (defence in depth). Parsing happens in an inert <template>, so nothing in it
 * runs or loads; anything not allowed is replaced by its text.
 */
/**
 * @param {Element} target
 * @param {string | null | undefined} html
 */
export function setMessageHtml(target, html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = String(html || "");
  cleanTree(tpl.content);
  target.replaceChildren(document.importNode(tpl.content, true));
}

/** @param {Node} node */
function cleanTree(node) {
  const kids = Array.from(node.childNodes);
  for (const node of kids) {
    if (node.nodeType === 3) {
      node.nodeValue = plain(node.nodeValue || ""); // text
      continue;
    }
    if (node.nodeType !== 1) {
      node.remove();
      continue;
    }
    const kid = /** @type {Element} */ (node);
    if (!ALLOWED_TAGS[kid.tagName]) {
      kid.replaceWith(document.createTextNode(kid.textContent || ""));
      continue;
    }
    const href = kid.tagName === "A" ? (kid.getAttribute("href") || "").trim() : "";
    for (const attr of Array.from(kid.attributes)) kid.removeAttribute(attr.name);
    if (kid.tagName === "A") {
      if (SAFE_HREF.test(href)) {
        kid.setAttribute("href", href);
        kid.setAttribute("rel", "noopener noreferrer nofollow");
        kid.setAttribute("target", "_blank");
      }
    }
    cleanTree(kid);
  }
}

/**
 * "14:05" in the UI language.
 * @param {string | null | undefined} iso
 * @param {string} lang
 */
export function formatClock(iso, lang) {
  const d = iso ? new Date(iso) : new Date();
  if (Number.isNaN(d.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" }).format(d);
  } catch {
    return d.toTimeString().slice(0, 5);
  }
}

/** Plural category key suffix for `n` in `lang` ("one", "few", "many", "other"). */
/**
 * @param {string} lang
 * @param {number} n
 */
export function pluralKey(lang, n) {
  try {
    return new Intl.PluralRules(lang).select(n);
  } catch {
    return n === 1 ? "one" : "other";
  }
}

/**
 * Put `el` into a message log (<ol>) before the first child with a higher `data-key`, or before
 * the pending items at the end (`data-key="p"`): messages by seq, notices between them.
 * @param {Element} log
 * @param {Element} el
 * @param {number} key
 */
export function insertByKey(log, el, key) {
  let before = null;
  for (const child of log.children) {
    const k = child.getAttribute("data-key");
    if (k === "p" || Number(k) > key) {
      before = child;
      break;
    }
  }
  log.insertBefore(el, before);
}

/**
 * Throttled typing notifier: true at most every `everyMs`, false once on stop.
 * @param {(on: boolean) => void} send
 * @param {number} everyMs
 */
export function makeTypingSender(send, everyMs) {
  let last = 0;
  let on = false;
  return {
    input() {
      const now = Date.now();
      if (!on || now - last > everyMs) {
        last = now;
        on = true;
        send(true);
      }
    },
    stop() {
      if (on) {
        on = false;
        last = 0;
        send(false);
      }
    },
  };
}

/** A short, gentle two-tone beep made with WebAudio (no file to fetch). */
export function beep() {
  try {
    /** @type {typeof AudioContext | undefined} */
    const Ctx =
      window.AudioContext || /** @type {{webkitAudioContext?: typeof AudioContext}} */ (/** @type {unknown} */ (window)).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const now = ctx.currentTime;
    [660, 880].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    });
    setTimeout(() => ctx.close(), 800);
  } catch {
    /* sound is optional */
  }
}
