// The widget's proof of work: solving a real ALTCHA challenge and the resend with `proof`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createChallenge, verifySolution } from "altcha-lib/v1";
import { MAX_CHALLENGES, sendWithProof, solveProof } from "../src/challenge.js";

const KEY = "test-hmac-key-that-is-long-enough-0123456789";

async function challenge(maxnumber = 5000) {
  return createChallenge({ hmacKey: KEY, maxnumber, algorithm: "SHA-256" });
}

test("solveProof answers a real challenge with a payload the server library accepts", async () => {
  const c = await challenge();
  const proof = await solveProof(/** @type {any} */ (c));
  assert.ok(proof);
  assert.equal(await verifySolution(proof, KEY), true);
  const payload = JSON.parse(atob(proof));
  assert.deepEqual(Object.keys(payload).sort(), ["algorithm", "challenge", "number", "salt", "signature"]);
});

test("solveProof gives up on a malformed challenge", async () => {
  assert.equal(await solveProof(/** @type {any} */ ({})), null);
});

test("sendWithProof resends once with the proof after challenge_required", async () => {
  const c = await challenge();
  /** @type {any[]} */
  const sent = [];
  const reply = await sendWithProof(
    async (p) => {
      sent.push(p);
      if (!p.proof) return { ok: false, error: { code: "challenge_required", challenge: c }, challenge: c };
      return { ok: true, proof: p.proof };
    },
    { client_id: "abcdefgh", text: "hi" },
  );
  assert.equal(sent.length, 2);
  assert.equal(sent[0].proof, undefined);
  assert.equal(sent[1].text, "hi");
  assert.equal(await verifySolution(sent[1].proof, KEY), true);
  assert.equal(reply.ok, true);
});

test("sendWithProof passes other answers through and stops after a few challenges", async () => {
  const limited = await sendWithProof(async () => ({ ok: false, error: { code: "rate_limited" }, retry_after: 3 }), {});
  assert.deepEqual(limited, { ok: false, error: { code: "rate_limited" }, retry_after: 3 });
  let calls = 0;
  const c = await challenge(100);
  const endless = await sendWithProof(async () => {
    calls++;
    return { ok: false, error: { code: "challenge_required" }, challenge: c };
  }, {});
  assert.equal(calls, MAX_CHALLENGES + 1);
  // never shown as refused for good: counted as trouble, the outbox tries again later
  assert.equal(endless.ok, false);
  assert.equal(!endless.ok && endless.error.code, "unavailable");
});
