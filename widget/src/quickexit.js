// @ts-check
// Quick exit on the public pages a visitor may open from the chat (a library entry): the button
// (a plain link that works without scripts) or Esc pressed three times replaces the page with a
// neutral site, so that the page does not stay in the history of this tab.
(() => {
  const link = /** @type {HTMLAnchorElement | null} */ (document.querySelector("a[data-quick-exit]"));
  if (!link) return;
  const leave = () => {
    location.replace(link.href);
  };
  link.addEventListener("click", (e) => {
    e.preventDefault();
    leave();
  });
  /** @type {number[]} */
  let escs = [];
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const now = Date.now();
    escs = escs.filter((x) => now - x < 1500);
    escs.push(now);
    if (escs.length >= 3) leave();
  });
})();
