// @ts-check
// Duty hours as a visitor reads them: the server sends the next days' duty periods as UTC
// instants (exceptions such as holidays already applied, docs/protocol.md `duty`); they are
// shown here in the visitor's own time zone, and the zone is named, so nobody has to convert
// from the service's zone in their head.

/**
 * @typedef {{start: string, end: string}} Period
 */

/**
 * The name of a time zone as people read it in `lang` ("Central European Standard Time"),
 * followed by its IANA id ("Europe/Warsaw"); the id alone where the browser has no name.
 * @param {string} zone
 * @param {string} lang
 * @param {Date} at the name can depend on the date (summer time)
 * @returns {string}
 */
export function zoneName(zone, lang, at) {
  try {
    const part = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "long" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    return part?.value && part.value !== zone ? `${part.value} (${zone})` : zone;
  } catch {
    return zone;
  }
}

/**
 * Duty periods as lines in `timeZone` (default: the browser's own): one line per period, like
 * "Monday, 21 December, 16:00–22:00"; a period ending at midnight ends at "24:00"; one over
 * midnight names both days. Periods that cannot be read are skipped.
 * @param {Period[]} periods
 * @param {string} lang
 * @param {string} [timeZone]
 * @returns {{lines: string[], zone: string}} zone: the name of the zone the lines are in
 */
export function formatPeriods(periods, lang, timeZone) {
  let zone = timeZone || "";
  if (!zone) {
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch {
      zone = "UTC";
    }
  }
  /** @type {Intl.DateTimeFormat} */
  let day;
  /** @type {Intl.DateTimeFormat} */
  let time;
  try {
    day = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", timeZone: zone });
    time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
  } catch {
    zone = "UTC";
    day = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", timeZone: zone });
    time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
  }
  /** @type {string[]} */
  const lines = [];
  /** @type {Date | null} */
  let first = null;
  for (const p of Array.isArray(periods) ? periods : []) {
    if (!p || typeof p.start !== "string" || typeof p.end !== "string") continue;
    const a = new Date(p.start);
    const b = new Date(p.end);
    if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime()) || b <= a) continue;
    first = first || a;
    const lastMinute = new Date(b.getTime() - 60_000);
    const endText = time.format(b) === "00:00" ? "24:00" : time.format(b);
    lines.push(
      day.format(a) === day.format(lastMinute)
        ? `${day.format(a)}, ${time.format(a)}–${endText}`
        : `${day.format(a)}, ${time.format(a)} – ${day.format(b)}, ${time.format(b)}`,
    );
  }
  return { lines, zone: zoneName(zone, lang, first || new Date()) };
}

/**
 * Whether a message from `origin` may come from the page embedding the widget: a site allowed
 * to embed it (`origins`, from the settings; "*" = any) or this server's own pages.
 * @param {string} origin
 * @param {string[]} origins
 * @param {string} own this frame's origin
 * @returns {boolean}
 */
export function allowedParent(origin, origins, own) {
  if (origin === own) return true;
  if (!Array.isArray(origins) || origins.length === 0 || origins.includes("*")) return true;
  return origins.includes(origin);
}
