// Shared helpers for the widget frame (frame.js) and the duty console (console.js).
// No framework: a tiny element builder, safe storage, acked emits with timeouts, an outbox,
// and a defensive renderer for the server's message HTML.

export const LANGS = ["pl", "en"];

/** Read the JSON config block rendered by the template (`<script type="application/json" id="nr-config">`). */
export function readConfig() {
  const el = document.getElementById("nr-config");
  if (!el) return {};
  try {
    return JSON.parse(el.textContent || "{}") || {};
  } catch {
    return {};
  }
}

/** Random id of `bytes` random bytes, base64url without padding. */
export function randomId(bytes) {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  let bin = "";
  for (let i = 0; i < buf.length; i++) bin += String.fromCharCode(buf[i]);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * sessionStorage that never throws (storage can be blocked in third-party iframes);
 * falls back to memory for the life of the page.
 */
export function makeStore(prefix, area) {
  const memory = new Map();
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
    get(key, fallback) {
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
    set(key, value) {
      const raw = JSON.stringify(value);
      memory.set(key, raw);
      try {
        if (backend) backend.setItem(prefix + key, raw);
      } catch {
        /* quota or blocked: memory copy stays */
      }
    },
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

/** Tiny element builder: h("div", {class: "x", onclick: fn}, child, "text"). Text is always text. */
/** Replace an element's children; null/undefined/false children are skipped (replaceChildren()
 * itself would render them as the text "null"). */
export function setChildren(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
  return el;
}

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) continue;
      if (name.slice(0, 2) === "on" && typeof value === "function") {
        el.addEventListener(name.slice(2), value);
      } else if (name === "class") {
        el.className = value;
      } else if (name === "text") {
        el.textContent = value;
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

function appendAll(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendAll(el, child);
    else el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Replace "{name}" placeholders; values are inserted as text by the caller (textContent). */
export function fmt(template, params) {
  if (!params) return template;
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn needs Safari 15.4 / Chrome 93
  return String(template).replace(/\{(\w+)\}/g, (m, key) => (Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : m));
}

/** Pick the first supported language of the browser, else `fallback`. */
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
 * the server's reply, or {ok:false, error:{code:"timeout"}} / {code:"offline"}.
 */
export function call(socket, event, payload, timeoutMs) {
  return new Promise((resolve) => {
    if (!socket?.connected) {
      resolve({ ok: false, error: { code: "offline" } });
      return;
    }
    socket.timeout(timeoutMs || 10000).emit(event, payload || {}, (err, reply) => {
      if (err) resolve({ ok: false, error: { code: "timeout" } });
      else if (!reply || typeof reply !== "object") resolve({ ok: false, error: { code: "unavailable" } });
      else resolve(reply);
    });
  });
}

const ALLOWED_TAGS = { A: 1, BR: 1, P: 1, STRONG: 1, EM: 1, B: 1, I: 1, CODE: 1, SPAN: 1 };
const SAFE_HREF = /^(https?:|mailto:|tel:)/i;

/**
 * Put the server's already-sanitised message HTML into `target`, passing it once more through a
 * strict allow-list (defence in depth). Parsing happens in an inert <template>, so nothing in it
 * runs or loads; anything not allowed is replaced by its text.
 */
export function setMessageHtml(target, html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = String(html || "");
  cleanTree(tpl.content);
  target.replaceChildren(document.importNode(tpl.content, true));
}

function cleanTree(node) {
  const kids = Array.from(node.childNodes);
  for (const kid of kids) {
    if (kid.nodeType === 3) continue; // text
    if (kid.nodeType !== 1) {
      kid.remove();
      continue;
    }
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

/** "14:05" in the UI language. */
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
export function pluralKey(lang, n) {
  try {
    return new Intl.PluralRules(lang).select(n);
  } catch {
    return n === 1 ? "one" : "other";
  }
}

/**
 * Ordered message list for one conversation: de-duplicated by seq, plus the pending outbox.
 * `lastSeq` is the highest seq shown (sent back on every join).
 */
export class Thread {
  constructor() {
    this.bySeq = new Map();
    this.lastSeq = 0;
  }
  /** Merge messages; returns those that were new. */
  merge(messages) {
    const fresh = [];
    for (const m of messages || []) {
      if (!m || typeof m.seq !== "number" || this.bySeq.has(m.seq)) continue;
      this.bySeq.set(m.seq, m);
      fresh.push(m);
      if (m.seq > this.lastSeq) this.lastSeq = m.seq;
    }
    return fresh;
  }
  sorted() {
    return Array.from(this.bySeq.values()).sort((a, b) => a.seq - b.seq);
  }
  hasClientId(clientId) {
    for (const m of this.bySeq.values()) if (m.client_id && m.client_id === clientId) return true;
    return false;
  }
}

/** Throttled typing notifier: true at most every `everyMs`, false once on stop. */
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
    const Ctx = window.AudioContext || window.webkitAudioContext;
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
