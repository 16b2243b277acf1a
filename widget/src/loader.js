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

  function pickLang() {
    const given = opt("lang").toLowerCase().slice(0, 2);
    if (given === "pl" || given === "en") return given;
    const list = navigator.languages || [navigator.language || ""];
    for (let i = 0; i < list.length; i++) {
      const c = String(list[i]).toLowerCase().slice(0, 2);
      if (c === "pl" || c === "en") return c;
    }
    return "en";
  }
  const lang = pickLang();
  const left = opt("position") === "left";
  const site = (opt("site") || location.hostname || "").slice(0, 200);
  let exitUrl = opt("exitUrl");
  if (!/^https?:\/\//i.test(exitUrl)) exitUrl = "";
  let color = opt("color");
  if (!/^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgb\([\d\s,.%]+\))$/i.test(color)) color = "#0b5d50";

  // The launcher needs two words before anything is loaded; everything else comes from the server.
  const label =
    lang === "pl"
      ? { open: "Czat: porozmawiaj anonimowo z networkerem", close: "Zwiń czat", title: "Czat z networkerem", text: "Czat" }
      : { open: "Chat: talk anonymously with a networker", close: "Minimise chat", title: "Chat with a networker", text: "Chat" };

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
  btn.style[side] = "20px";

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
  btn.appendChild(svg);
  btn.appendChild(text);

  // Visible keyboard focus regardless of the host page's styles.
  btn.addEventListener("focus", () => {
    btn.style.outline = "3px solid #ffbf47";
    btn.style.outlineOffset = "2px";
  });
  btn.addEventListener("blur", () => {
    btn.style.outline = "none";
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
    for (const k in props) /** @type {Record<string, string>} */ (/** @type {unknown} */ (el.style))[k] = props[k];
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
    btn.style.display = full && open ? "none" : "flex";
  }

  function createFrame() {
    const q = `lang=${encodeURIComponent(lang)}&site=${encodeURIComponent(site)}&embed=1`;
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
      display: "block",
    });
    d.body.appendChild(frame);
    if (small?.addEventListener) small.addEventListener("change", place);
  }

  /** @param {boolean} value */
  function setOpen(value) {
    open = value;
    if (open && !frame) createFrame();
    if (frame) frame.style.display = open ? "block" : "none";
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    btn.setAttribute("aria-label", open ? label.close : label.open);
    btn.title = open ? label.close : label.open;
    path.setAttribute("d", open ? CLOSE : CHAT);
    text.style.display = open ? "none" : "inline";
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
    }
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
      frame.parentNode?.removeChild(frame);
      frame = null;
      btn.parentNode?.removeChild(btn);
      // replace(): the page with the chat does not stay in the history.
      location.replace(url || "about:blank");
    } else if (data.type === "netreach:close") {
      if (open) setOpen(false);
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

  function mount() {
    d.body.appendChild(btn);
  }
  if (d.body) mount();
  else d.addEventListener("DOMContentLoaded", mount);
})();
