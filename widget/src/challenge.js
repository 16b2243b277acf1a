// Proof of work (ALTCHA) for the first message of a new chat while many chats start at once.
//
// The server refuses such a message with `challenge_required` and a signed challenge; the widget
// solves it here, in the background (SHA-256 in WebCrypto, yielding to the page between hashes:
// well under a second on a phone at the base difficulty), and sends the message again with the
// proof. The visitor sees nothing of it. ALTCHA needs no third party and tracks nobody.

import { solveChallenge } from "altcha-lib/v1";

/** How many fresh challenges one message may meet in a row (a proof is used once: a resend
 * after a lost ack may need another). */
export const MAX_CHALLENGES = 3;

/**
 * Solve an ALTCHA challenge; resolves to the proof to send (base64 of the ALTCHA payload), or
 * null when it cannot be solved here (no WebCrypto outside a secure context, or no answer).
 * @param {import("./protocol").AltchaChallenge} c
 * @returns {Promise<string | null>}
 */
export async function solveProof(c) {
  if (!c || typeof c.challenge !== "string" || typeof c.salt !== "string") return null;
  if (!globalThis.crypto?.subtle) return null;
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!solution) return null;
  const payload = {
    algorithm: c.algorithm,
    challenge: c.challenge,
    number: solution.number,
    salt: c.salt,
    signature: c.signature,
  };
  return btoa(JSON.stringify(payload));
}

/**
 * Send with `emit(payload)`; while the answer is `challenge_required`, solve its challenge and
 * send again with `proof`. A challenge that cannot be solved counts as server trouble
 * (`unavailable`: the caller retries later).
 * @template {{ok: true}} S
 * @template {object} P
 * @param {(payload: P & {proof?: string}) => Promise<S | import("./protocol").AckError>} emit
 * @param {P} payload
 * @param {(challenge: import("./protocol").AltchaChallenge) => Promise<string | null>} [solve]
 * @returns {Promise<S | import("./protocol").AckError>}
 */
export async function sendWithProof(emit, payload, solve = solveProof) {
  let reply = await emit(payload);
  for (let i = 0; i < MAX_CHALLENGES; i++) {
    if (reply.ok || reply.error?.code !== "challenge_required") return reply;
    const challenge = reply.challenge || reply.error.challenge;
    const proof = challenge ? await solve(challenge) : null;
    if (!proof) break;
    reply = await emit({ ...payload, proof });
  }
  if (reply.ok || reply.error?.code !== "challenge_required") return reply;
  return { ok: false, error: { code: "unavailable" } };
}
