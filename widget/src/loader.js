// @ts-check
// netreach loader: the one <script> a site embeds. It only draws a launcher button. Nothing is
// requested, stored or set (no socket, no cookie, no storage) until the visitor clicks it; then it
// opens the chat in an iframe from the netreach origin, so the host page and the chat cannot read
// each other.
//
//   <script src="https://chat.example/widget.js" data-lang="pl" async></script>
//   optional: data-position="left|right" data-site="forum.example" data-exit-url="https://…"
//             data-color="#0b5d50", or window.netreachSettings = {lang, position, site, exitUrl, color}
(() => {
  /** @type {Window & {__netreachLoader?: number, netreachSettings?: Record<string, unknown>}} */
  const w = window;
  const d = document;
  if (w.__netreachLoader) return;
  w.__netreachLoader = 1;

  let script = /** @type {HTMLScriptElement | null} */ (d.currentScript);
  if (!script) {
    const all = d.getElementsByTagName("script");
    for (let i = all.length - 1; i >= 0; i--) {
      if (/\/widget(\.js|\/loader\.js)(\?|$)/.test(all[i].src)) {
        script = all[i];
        break;
      }
    }
  }
  if (!script) return;

  /** @type {string} */
  let base;
  try {
    base = new URL(script.src, location.href).origin;
  } catch {
    return;
  }
  /** @type {Record<string, string | undefined>} */
  const ds = script.dataset || {};
  const cfg = w.netreachSettings || {};
  /** @param {string} name */
  function opt(name) {
    const v = ds[name] != null && ds[name] !== "" ? ds[name] : cfg[name];
    return v == null ? "" : String(v);
  }

  // Filled in by the server when it serves /widget.js: its interface languages and the
  // configured default (NETREACH_DEFAULT_LANG), so an unknown browser language (de-DE, say)
  // gets the same default here as on /chat.
  const LANGS = "__NR_LANGS__".split(",");
  const DEFAULT_LANG = "__NR_DEFAULT_LANG__";

  function pickLang() {
    const given = opt("lang").toLowerCase().slice(0, 2);
    if (LANGS.indexOf(given) >= 0) return given;
    const list = navigator.languages || [navigator.language || ""];
    for (let i = 0; i < list.length; i++) {
      const c = String(list[i]).toLowerCase().slice(0, 2);
      if (LANGS.indexOf(c) >= 0) return c;
    }
    return LANGS.indexOf(DEFAULT_LANG) >= 0 ? DEFAULT_LANG : "en";
  }
  const lang = pickLang();
  const left = opt("position") === "left";
  const site = (opt("site") || location.hostname || "").slice(0, 200);
  let exitUrl = opt("exitUrl");
  if (!/^https?:\/\//i.test(exitUrl)) exitUrl = "";
  let color = opt("color");
  if (!/^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgb\([\d\s,.%]+\))$/i.test(color)) color = "#0b5d50";

  // The launcher needs two words before anything is loaded; everything else comes from the server.
  // Visitors meet an "outreach worker" ("streetworker" in Polish, "консультант" in Ukrainian),
  // as everywhere in the widget: "networker" is the staff's own word.
  /** @type {Record<string, {open: string, close: string, title: string, text: string, news: string}>} */
  const LABELS = {
    pl: {
      open: "Czat: porozmawiaj anonimowo ze streetworkerem",
      close: "Zwiń czat",
      title: "Czat ze streetworkerem",
      text: "Czat",
      news: "nowe odpowiedzi",
    },
    uk: {
      open: "Чат: анонімна розмова з консультантом",
      close: "Згорнути чат",
      title: "Чат з консультантом",
      text: "Чат",
      news: "нові відповіді",
    },
    en: {
      open: "Chat: talk anonymously with an outreach worker",
      close: "Minimise chat",
      title: "Chat with an outreach worker",
      text: "Chat",
      news: "new replies",
    },
  };
  const label = LABELS[lang] || LABELS.en;

  // Everything the loader draws lives in a shadow root on a host element attached to
  // <html>, not <body>: the host page's CSS (`iframe{height:250px!important}`, `button{…}`) does
  // not reach inside, and a `transform` or `filter` on <body> (which would make position:fixed
  // relative to the body, putting the launcher at the end of a long page) does not apply. The
  // host element's own few properties are set inline with !important, which beats any
  // stylesheet rule of the page. The root is open: the page could see the launcher in <body>
  // before too, and the chat itself stays in a cross-origin iframe it cannot read.
  const host = d.createElement("netreach-widget");
  const hostStyle = {
    all: "initial",
    position: "fixed",
    top: "0",
    left: "0",
    width: "0",
    height: "0",
    overflow: "visible",
    "z-index": "2147483000",
    transform: "none",
    filter: "none",
    contain: "none",
    display: "block",
    visibility: "visible",
    opacity: "1",
  };
  for (const k in hostStyle) host.style.setProperty(k, /** @type {Record<string, string>} */ (hostStyle)[k], "important");
  /** @type {ShadowRoot | HTMLElement} */
  let shadow = host;
  try {
    shadow = host.attachShadow({ mode: "open" });
  } catch {
    /* very old browsers: the elements go into the host element itself */
  }

  const Z = "2147483000";
  const btn = d.createElement("button");
  btn.type = "button";
  btn.setAttribute("aria-label", label.open);
  btn.setAttribute("aria-expanded", "false");
  btn.title = label.open;
  const side = left ? "left" : "right";
  css(btn, {
    position: "fixed",
    bottom: "20px",
    zIndex: Z,
    height: "56px",
    minWidth: "56px",
    padding: "0 18px 0 14px",
    border: "2px solid #fff",
    borderRadius: "28px",
    background: color,
    color: "#fff",
    font: "600 16px/1 system-ui,-apple-system,Segoe UI,Roboto,sans-serif",
    cursor: "pointer",
    boxShadow: "0 4px 14px rgba(0,0,0,.3)",
    display: "flex",
    alignItems: "center",
    gap: "8px",
    margin: "0",
  });
  css(btn, { [side]: "20px" });

  const NS = "http://www.w3.org/2000/svg";
  const svg = d.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "24");
  svg.setAttribute("height", "24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = d.createElementNS(NS, "path");
  path.setAttribute("fill", "currentColor");
  const CHAT = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z";
  const CLOSE = "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z";
  path.setAttribute("d", CHAT);
  svg.appendChild(path);
  const text = d.createElement("span");
  text.textContent = label.text;
  // the number of replies that came while the chat was minimised (sent by the frame)
  const badge = d.createElement("span");
  badge.setAttribute("aria-hidden", "true");
  btn.appendChild(svg);
  btn.appendChild(text);
  btn.appendChild(badge);

  // Visible keyboard focus regardless of the host page's styles.
  btn.addEventListener("focus", () => {
    css(btn, { outline: "3px solid #ffbf47", outlineOffset: "2px" });
  });
  btn.addEventListener("blur", () => {
    css(btn, { outline: "none" });
  });

  /** @type {HTMLIFrameElement | null} */
  let frame = null;
  let open = false;
  const small = w.matchMedia ? w.matchMedia("(max-width: 480px), (max-height: 500px)") : null;

  /**
   * @param {HTMLElement} el
   * @param {Record<string, string>} props camelCase style properties
   */
  function css(el, props) {
    for (const k in props) {
      const name = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      el.style.setProperty(name, props[k], "important");
    }
  }

  function place() {
    if (!frame) return;
    const full = small?.matches;
    css(
      frame,
      full
        ? { top: "0", bottom: "0", left: "0", right: "0", width: "100%", height: "100%", borderRadius: "0", border: "0" }
        : {
            top: "auto",
            bottom: "88px",
            left: left ? "20px" : "auto",
            right: left ? "auto" : "20px",
            width: "380px",
            height: "min(640px, calc(100vh - 110px))",
            borderRadius: "12px",
            border: "1px solid rgba(0,0,0,.15)",
          },
    );
    // On a small screen the chat covers the page; its own minimise button brings the launcher back.
    css(btn, { display: full && open ? "none" : "flex" });
  }

  /** @param {boolean} [hidden] loaded without being opened (after a reload of this page) */
  function createFrame(hidden) {
    const q = `lang=${encodeURIComponent(lang)}&site=${encodeURIComponent(site)}&embed=1${hidden ? "&minimised=1" : ""}`;
    frame = d.createElement("iframe");
    frame.src = `${base}/widget/frame?${q}`;
    frame.title = label.title;
    frame.id = "netreach-frame";
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.setAttribute("allow", "");
    css(frame, {
      position: "fixed",
      zIndex: Z,
      background: "#fff",
      boxShadow: "0 8px 30px rgba(0,0,0,.3)",
      colorScheme: "light",
      maxWidth: "100%",
      maxHeight: "100%",
      display: hidden ? "none" : "block",
    });
    shadow.appendChild(frame);
    if (small?.addEventListener) small.addEventListener("change", place);
  }

  /** @param {boolean} value */
  function setOpen(value) {
    open = value;
    if (open && !frame) createFrame();
    if (frame) css(frame, { display: open ? "block" : "none" });
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    btn.setAttribute("aria-label", open ? label.close : label.open);
    btn.title = open ? label.close : label.open;
    path.setAttribute("d", open ? CLOSE : CHAT);
    if (open) showUnread(0);
    css(text, { display: open ? "none" : "inline" });
    place();
    if (open) {
      try {
        frame?.focus();
        frame?.contentWindow?.postMessage({ type: "netreach:open" }, base);
      } catch {
        /* not loaded yet: the frame focuses itself on load */
      }
    } else {
      btn.focus();
      try {
        frame?.contentWindow?.postMessage({ type: "netreach:minimised" }, base);
      } catch {
        /* the frame is gone */
      }
    }
  }

  /** @param {number} count */
  function showUnread(count) {
    const n = Math.max(0, Math.min(99, Math.floor(count) || 0));
    badge.textContent = n ? String(n) : "";
    css(badge, {
      display: n ? "inline-block" : "none",
      minWidth: "20px",
      padding: "2px 6px",
      borderRadius: "10px",
      background: "#fff",
      color: "#8a1014",
      font: "700 13px/16px system-ui,-apple-system,Segoe UI,Roboto,sans-serif",
      textAlign: "center",
    });
    const name = open ? label.close : label.open;
    const said = n ? `${name} (${label.news}: ${n})` : name;
    btn.setAttribute("aria-label", said);
    btn.title = said;
  }

  btn.addEventListener("click", () => {
    setOpen(!open);
  });

  w.addEventListener("message", (event) => {
    if (!frame || event.origin !== base || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (!data || typeof data !== "object") return;
    if (data.type === "netreach:exit") {
      const url = exitUrl || (typeof data.url === "string" && /^https?:\/\//i.test(data.url) ? data.url : "");
      frame = null;
      host.parentNode?.removeChild(host);
      // replace(): the page with the chat does not stay in the history.
      location.replace(url || "about:blank");
    } else if (data.type === "netreach:close") {
      if (open) setOpen(false);
    } else if (data.type === "netreach:unread" && typeof data.count === "number") {
      if (!open) showUnread(data.count);
    } else if (data.type === "netreach:ready") {
      // the frame (re)loaded: tell it whether the visitor sees it now
      try {
        frame.contentWindow?.postMessage({ type: open ? "netreach:open" : "netreach:minimised" }, base);
      } catch {
        /* the frame is gone */
      }
    }
  });

  // Esc pressed three times quickly while the chat is open also works when the focus is on the
  // host page: the frame then does its quick exit (tell the server, forget the chat, leave).
  /** @type {number[]} */
  let escs = [];
  d.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || !frame || !open) return;
    const now = Date.now();
    escs = escs.filter((x) => now - x < 1500);
    escs.push(now);
    if (escs.length >= 3) {
      escs = [];
      try {
        frame.contentWindow?.postMessage({ type: "netreach:quick-exit" }, base);
      } catch {
        /* the frame answers with netreach:exit */
      }
    }
  });

  // This page was reloaded (or reached again by back/forward) in this tab: load the frame hidden,
  // so that a chat this tab had resumes and its replies show on the launcher while it stays
  // closed. The frame connects only when its own sessionStorage (this tab, the netreach origin)
  // holds a chat; a first visit loads nothing until the launcher is clicked, and this page stores
  // nothing either way.
  function reloaded() {
    try {
      const nav = /** @type {PerformanceNavigationTiming | undefined} */ (w.performance.getEntriesByType("navigation")[0]);
      return !!nav && (nav.type === "reload" || nav.type === "back_forward");
    } catch {
      return false;
    }
  }

  function mount() {
    shadow.appendChild(btn);
    d.documentElement.appendChild(host);
    if (reloaded() && !frame) {
      createFrame(true);
      place();
    }
  }
  if (d.body) mount();
  else d.addEventListener("DOMContentLoaded", mount);
})();
