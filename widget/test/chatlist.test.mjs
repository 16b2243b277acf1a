// The duty console's list of my chats (src/chatlist.js): the most urgent first, then the most
// recent activity; the texts of a row.
import assert from "node:assert/strict";
import { test } from "node:test";
import { previewText, shortRef, sinceText, sortChats, urgencyOf } from "../src/chatlist.js";

const t = (/** @type {string} */ key) => key;

test("urgency: priority, risk and an open escalation; a resolved one no longer counts", () => {
  assert.equal(urgencyOf({ priority: 0, risk: "none" }), 0);
  assert.equal(urgencyOf({ priority: 0, risk: "concern" }), 1);
  assert.equal(urgencyOf({ priority: 10, risk: "high" }), 2);
  assert.equal(urgencyOf({ priority: 20, risk: "imminent" }), 3);
  // a manual escalation of a chat with no risk is urgent
  assert.equal(urgencyOf({ priority: 0, risk: "none", escalation: { severity: "high", status: "raised" } }), 2);
  assert.equal(urgencyOf({ priority: 0, risk: "none", escalation: { severity: "imminent", status: "acknowledged" } }), 3);
  assert.equal(urgencyOf({ priority: 0, risk: "none", escalation: { severity: "imminent", status: "resolved" } }), 0);
});

test("the most urgent first, then the most recent activity, then by id", () => {
  const rows = [
    { id: "c_quiet_old", urgency: 0, lastActivity: 1000 },
    { id: "c_urgent_old", urgency: 2, lastActivity: 500 },
    { id: "c_quiet_new", urgency: 0, lastActivity: 9000 },
    { id: "c_imminent", urgency: 3, lastActivity: 100 },
    { id: "c_urgent_new", urgency: 2, lastActivity: 7000 },
    { id: "c_concern", urgency: 1, lastActivity: 50 },
    { id: "c_a_same", urgency: 0, lastActivity: 1000 },
  ];
  assert.deepEqual(
    sortChats(rows).map((r) => r.id),
    ["c_imminent", "c_urgent_new", "c_urgent_old", "c_concern", "c_quiet_new", "c_a_same", "c_quiet_old"],
  );
  // a new array: the input keeps its order
  assert.equal(rows[0].id, "c_quiet_old");
});

test("time since the last activity: just now, then minutes, then hours", () => {
  assert.equal(sinceText(0, "en", t), "since_now");
  assert.equal(sinceText(59.9, "en", t), "since_now");
  assert.equal(sinceText(60, "en", t), "1 min. ago");
  assert.equal(sinceText(125, "en", t), "2 min. ago");
  assert.equal(sinceText(3 * 3600 + 59, "en", t), "3 hr. ago");
  // negative (a clock a little ahead) reads as now
  assert.equal(sinceText(-5, "en", t), "since_now");
  // Polish plural forms come from Intl
  assert.match(sinceText(5 * 60, "pl", t), /5 min/);
});

test("a short reference tells two anonymous visitors apart", () => {
  assert.equal(shortRef("c_Ab3-x_9Qz"), "#X9QZ");
  assert.notEqual(shortRef("c_aaaa1234"), shortRef("c_aaaa5678"));
  assert.equal(shortRef(""), "");
});

test("a preview is one line, bidi controls dropped, cut with an ellipsis", () => {
  assert.equal(previewText("  hello\n\n world  "), "hello world");
  assert.equal(previewText("fdp\u202Eexe.pdf"), "fdpexe.pdf");
  const long = previewText("x".repeat(200), 20);
  assert.equal(long.length, 20);
  assert.ok(long.endsWith("…"));
  assert.equal(previewText(null), "");
});
