// Duty periods shown in the visitor's own time zone, with the zone named (src/dutyhours.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { allowedParent, formatPeriods } from "../src/dutyhours.js";

// Mon 21 Dec 2026 16:00-22:00 in Warsaw (UTC+1), a Sunday extra shift 10:00-14:00, and a
// shift to midnight
const PERIODS = [
  { start: "2026-12-21T15:00:00Z", end: "2026-12-21T21:00:00Z" },
  { start: "2026-12-27T09:00:00Z", end: "2026-12-27T13:00:00Z" },
  { start: "2026-12-28T19:00:00Z", end: "2026-12-28T23:00:00Z" },
];

test("in Warsaw the hours are the service's own, and the zone is named", () => {
  const { lines, zone } = formatPeriods(PERIODS, "en", "Europe/Warsaw");
  assert.deepEqual(lines, ["Monday, December 21, 16:00–22:00", "Sunday, December 27, 10:00–14:00", "Monday, December 28, 20:00–24:00"]);
  assert.match(zone, /Central European Standard Time \(Europe\/Warsaw\)/);
});

test("in New York the same instants read six hours earlier", () => {
  const { lines, zone } = formatPeriods(PERIODS, "en", "America/New_York");
  assert.equal(lines[0], "Monday, December 21, 10:00–16:00");
  assert.equal(lines[2], "Monday, December 28, 14:00–18:00");
  assert.match(zone, /Eastern Standard Time \(America\/New_York\)/);
});

test("a period over midnight names both days; Polish names", () => {
  const over = [{ start: "2026-12-21T21:00:00Z", end: "2026-12-22T01:00:00Z" }];
  assert.deepEqual(formatPeriods(over, "en", "Europe/Warsaw").lines, ["Monday, December 21, 22:00 – Tuesday, December 22, 02:00"]);
  assert.deepEqual(formatPeriods([PERIODS[0]], "pl", "Asia/Tokyo").lines, ["wtorek, 22 grudnia, 00:00–06:00"]);
});

test("periods that cannot be read are skipped", () => {
  const { lines } = formatPeriods(
    [
      { start: "nonsense", end: "2026-12-21T21:00:00Z" },
      { start: "2026-12-21T21:00:00Z", end: "2026-12-21T15:00:00Z" },
    ],
    "en",
    "UTC",
  );
  assert.deepEqual(lines, []);
});

test("messages are taken only from the allowed embedding sites or this server", () => {
  const own = "https://chat.example.org";
  assert.ok(allowedParent("https://forum.example", ["https://forum.example"], own));
  assert.ok(!allowedParent("https://evil.example", ["https://forum.example"], own));
  assert.ok(allowedParent(own, ["https://forum.example"], own));
  assert.ok(allowedParent("https://anything.example", ["*"], own));
});
