"""What every socket handler shares: size limit, validation, flood guard, error replies.

Handlers are thin: validate, call one action, reply. Replies (acks) are always objects:
{"ok": true, ...} or {"ok": false, "error": {"code", "message"}} (docs/protocol.md).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import socketio
from pydantic import BaseModel, ValidationError

from server.actions.errors import ActionError, Detail, validation_detail
from server.i18n import N_
from server.ratelimit import RateLimiter
from server.settings import MAX_MESSAGE_CHARS, MAX_PAYLOAD_BYTES
from server.transport import MALFORMED_EVENT

log = logging.getLogger("netreach.realtime")

M = TypeVar("M", bound=BaseModel)
Reply = dict[str, Any]


def payload_size(data: Any) -> int | None:
    """The payload's size as compact JSON in UTF-8, or a bound that is certainly within the
    limit: a flat object of short strings and numbers (nearly every event) skips the dump, as
    no character takes more than 6 bytes in JSON (a "\\u0000" escape). None when it is not
    JSON at all (bytes from a Socket.IO binary event)."""
    if isinstance(data, dict) and len(data) <= 16:
        bound = 2  # {}
        for key, value in data.items():
            if not isinstance(key, str):
                break
            if isinstance(value, str):
                size = 6 * len(value) + 2
            elif (
                value is None
                or isinstance(value, bool | float)
                or (isinstance(value, int) and -(10**15) < value < 10**15)
            ):
                size = 24  # the longest float repr; ints here have at most 16 characters
            else:
                break
            bound += 6 * len(key) + 2 + size + 2  # "key":value,
        else:
            if bound <= MAX_PAYLOAD_BYTES:
                return bound
    try:
        return len(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8", "surrogatepass"
            )
        )
    except (TypeError, ValueError):
        return None


def parse(model: type[M], args: tuple[Any, ...]) -> M:
    """Validate an event's arguments: exactly one JSON object (docs/protocol.md), of `model`'s
    fields. Raises ActionError('invalid' / 'payload_too_large' / 'too_long'); a missing or null
    payload is `invalid`, never taken for `{}`."""
    if len(args) != 1:
        raise ActionError(
            "invalid", detail=f"the event takes one JSON object as its payload, not {len(args)}"
        )
    data = args[0]
    if data is None:
        raise ActionError("invalid", detail=Detail(N_("the payload must be an object, not null.")))
    size = payload_size(data)
    if size is None:
        raise ActionError(
            "invalid", detail=Detail(N_("the payload must be JSON, without binary data."))
        )
    if size > MAX_PAYLOAD_BYTES:
        raise ActionError("payload_too_large")
    if not isinstance(data, dict):
        raise ActionError("invalid", detail=Detail(N_("the payload must be an object.")))
    text = data.get("text")
    if isinstance(text, str) and len(text) > MAX_MESSAGE_CHARS:
        raise ActionError("too_long", max=MAX_MESSAGE_CHARS)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ActionError("invalid", detail=validation_detail(exc)) from None


async def guarded(
    flood: RateLimiter,
    sid: str,
    lang: str,
    call: Callable[[], Awaitable[Reply]],
) -> Reply:
    """Run a handler body; turn refusals and crashes into clear replies (never a traceback)."""
    try:
        retry = await flood.hit(sid)
        if retry is not None:
            raise ActionError("rate_limited", seconds=int(retry + 0.999))
        result = await call()
        return {"ok": True, **result}
    except ActionError as exc:
        return exc.to_reply(lang)
    except Exception:
        log.exception("socket handler failed")
        return ActionError("unavailable").to_reply(lang)


Handler = Callable[..., Awaitable[Reply]]


def refusal(code: str, lang: str | None = None, **params: Any) -> Exception:
    """The exception a connect handler raises to refuse a connection with an error `code`
    (docs/protocol.md): the client's `connect_error` carries `{"code", "message"}` as its `data`
    (socket.io-client: `err.data`). python-socketio's own ConnectionRefusedError: Python's
    built-in one of the same name is answered without any code."""
    error = ActionError(code, **params).to_reply(lang)["error"]
    exc: Exception = socketio.exceptions.ConnectionRefusedError(error["message"], error)
    return exc


class Namespace:
    """One Socket.IO namespace's handlers, all wrapped the same way: the flood guard, the
    payload's size and typed model (`parse`), the action's refusals and crashes turned into
    clear replies in the connection's language (`guarded`), and unknown events refused."""

    def __init__(
        self,
        sio: socketio.AsyncServer,
        namespace: str,
        flood: RateLimiter,
        lang: Callable[[str], str],
    ) -> None:
        self.sio = sio
        self.namespace = namespace
        self.flood = flood
        self.lang = lang
        sio.on("*", self._unknown, namespace=namespace)

    def on(
        self, event: str, model: type[M]
    ) -> Callable[[Callable[[str, M], Awaitable[Reply]]], Handler]:
        """Register `fn(sid, payload)` for `event`; the payload arrives validated as `model`."""

        def decorator(fn: Callable[[str, M], Awaitable[Reply]]) -> Handler:
            async def handler(sid: str, *args: Any) -> Reply:
                async def run() -> Reply:
                    return await fn(sid, parse(model, args))

                return await guarded(self.flood, sid, self.lang(sid), run)

            self.sio.on(event, handler, namespace=self.namespace)
            return handler

        return decorator

    async def _unknown(self, event: str, sid: str, *_args: Any) -> Reply:
        """Unknown events, and packets that could not be decoded (MALFORMED_EVENT, handed over by
        server/transport.py), are refused, and count toward the flood guard like any event: a
        client cannot flood the server with them."""

        async def refuse() -> Reply:
            if event == MALFORMED_EVENT:
                raise ActionError(
                    "invalid", detail=Detail(N_("the packet is not valid Socket.IO JSON."))
                )
            raise ActionError("unknown_event", event=str(event)[:64])

        return await guarded(self.flood, sid, self.lang(sid), refuse)
