// @ts-check
// Times on the server-rendered staff pages (past escalations, review, transcripts, audit log,
// blocks, …) in the reader's own time zone. The server writes each as
// <time datetime="2026-11-24T10:15:00Z" data-local="datetime|date|time">2026-11-24 10:15 UTC</time>
// (readable without scripts); this replaces the text with the browser's local time and its
// zone ("24.11.2026, 11:15 CET") and keeps the UTC text as the element's title.
(() => {
  const lang = document.documentElement.lang || undefined;
  /** @type {Record<string, Intl.DateTimeFormatOptions>} */
  const styles = {
    datetime: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
    seconds: {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "short",
    },
    time: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
  };
  for (const el of document.querySelectorAll("time[data-local]")) {
    const iso = el.getAttribute("datetime") || "";
    const when = new Date(iso);
    if (!iso || Number.isNaN(when.getTime())) continue;
    const style = styles[el.getAttribute("data-local") || ""] || styles.datetime;
    try {
      const text = new Intl.DateTimeFormat(lang, style).format(when);
      if (!el.getAttribute("title")) el.setAttribute("title", el.textContent || iso);
      el.textContent = text;
    } catch {
      /* an unknown locale: the UTC text stays */
    }
  }
})();
