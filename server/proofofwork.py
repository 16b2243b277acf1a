"""Proof of work (ALTCHA) for new conversations while they arrive faster than normal.

No IP address is stored, so one client opening hundreds of chats cannot be told apart by
address. Instead, while new conversations start faster than `NETREACH_CHALLENGE_ABOVE`, the
first message of a new conversation must carry a proof of work: the server hands out a signed
ALTCHA challenge (v1: find the number n ≤ `maxnumber` with SHA-256(salt + n) = challenge), the
widget solves it in the background and sends the message again with the proof. A real visitor's
phone pays well under a second once; a script opening 200 chats pays 200 times, more as the
pressure grows. ALTCHA is privacy-first: no third party, no cookie, no tracking.

The challenge is signed with a secret HMAC key (`NETREACH_CHALLENGE_KEY`, or generated at start
and kept only in memory) and expires after `CHALLENGE_TTL` seconds of the app's clock. A proof
is accepted once: its challenge is remembered until it expires (in Redis when set, shared by
every node; otherwise in this process), so a replay is refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import secrets
from datetime import timedelta
from typing import Any, Literal, cast

from altcha import v1 as altcha_v1

from server.clock import Clock

log = logging.getLogger("netreach.proofofwork")

ALGORITHM: Literal["SHA-256"] = "SHA-256"
CHALLENGE_TTL = 300.0  # seconds a challenge may be solved and used in
MAX_LEVEL = 6  # difficulty doubles per level: at most 64 × the base
PROOF_FIELDS = ("algorithm", "challenge", "number", "salt", "signature")


def generated_key() -> str:
    """A fresh random HMAC key (for a node started without `NETREACH_CHALLENGE_KEY`)."""
    return secrets.token_urlsafe(32)


class ProofOfWork:
    """Issues ALTCHA challenges and accepts each valid proof once.

    `key`: the HMAC secret; `base`: the ALTCHA `maxnumber` at level 0; `redis` (set once the
    app has a Redis connection): where used challenges are remembered across nodes."""

    def __init__(
        self, clock: Clock, key: str, base: int, redis: Any = None, prefix: str = "netreach"
    ) -> None:
        self.clock = clock
        self._key = key
        self.base = base
        self.redis = redis
        self.prefix = prefix
        self._used: dict[str, float] = {}  # challenge -> when it expires (epoch seconds)

    def difficulty(self, level: int) -> int:
        """ALTCHA `maxnumber` at `level` (0 = the base; doubles per level, at most 64×)."""
        return int(self.base * 2 ** max(0, min(level, MAX_LEVEL)))

    def make_challenge(self, level: int = 0) -> dict[str, Any]:
        """A new signed challenge as ALTCHA clients read it:
        `{"algorithm": "SHA-256", "challenge": hex, "maxnumber": int, "salt": str,
        "signature": hex}` (the salt carries its expiry, `?expires=<epoch seconds>&`)."""
        expires = self.clock.now() + timedelta(seconds=CHALLENGE_TTL)
        c = altcha_v1.create_challenge(
            altcha_v1.ChallengeOptions(
                algorithm=ALGORITHM,
                max_number=self.difficulty(level),
                hmac_key=self._key,
                expires=expires,
            )
        )
        return {
            "algorithm": c.algorithm,
            "challenge": c.challenge,
            "maxnumber": c.max_number,
            "salt": c.salt,
            "signature": c.signature,
        }

    async def check(self, proof: str | dict[str, Any]) -> bool:
        """True when `proof` (the ALTCHA payload: base64 of its JSON, or the object
        `{algorithm, challenge, number, salt, signature}`) solves a challenge this key signed,
        has not expired and was not used before; it then counts as used. False otherwise."""
        payload = parse_proof(proof)
        if payload is None or payload["algorithm"] != ALGORITHM:
            return False
        typed = cast(altcha_v1.PayloadType, payload)
        ok, _ = altcha_v1.verify_solution(typed, self._key, check_expires=False)
        if not ok:
            return False
        now = self.clock.now().timestamp()
        expires = altcha_v1.extract_params(typed).get("expires")
        try:
            until = float(expires[0]) if expires else None
        except ValueError:
            until = None
        if until is None or until < now:
            return False
        return await self._first_use(payload["challenge"], until, now)

    async def _first_use(self, challenge: str, until: float, now: float) -> bool:
        if self.redis is not None:
            try:
                ttl = max(1, int(until - now) + 1)
                first = await self.redis.set(
                    f"{self.prefix}:pow:{challenge}", b"1", nx=True, ex=ttl
                )
                return bool(first)
            except Exception:
                log.warning("proof of work: Redis unreachable, remembering on this node")
        if len(self._used) > 10_000:
            self._used = {c: t for c, t in self._used.items() if t >= now}
        if challenge in self._used:
            return False
        self._used[challenge] = until
        return True


def parse_proof(proof: str | dict[str, Any]) -> dict[str, Any] | None:
    """The ALTCHA payload as a dict with exactly its five fields of the right types, or None."""
    data: Any = proof
    if isinstance(proof, str):
        try:
            data = json.loads(base64.b64decode(proof, validate=True).decode("utf-8"))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
    if not isinstance(data, dict) or set(data) - {*PROOF_FIELDS, "took"}:
        return None
    if not all(isinstance(data.get(f), str) for f in PROOF_FIELDS if f != "number"):
        return None
    number = data.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 2**31:
        return None
    return {f: data[f] for f in PROOF_FIELDS}
