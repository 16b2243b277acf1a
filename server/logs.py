"""Logging setup. No IP addresses: the access log format has no %a, and nothing here logs peers.
Every line passes through `moderation.redact` (an exception's text or SQL parameters may carry
what someone wrote: a phone number, a PESEL, an address never reaches the log as written), and
through `mask_secrets`: the token of a staff link (`/account/link/<token>`, which sets an
account's password) is in the request line of the access log and of a refused POST; whoever
reads the log must not be able to use it."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from moderation import redact

# Named fields, not bare numbers side by side: the redaction reads any run of 7+ digits joined
# by spaces or dots as a possible phone number ("HTTP/1.1" 303 0 0.012345s is one: 11 digits),
# and asking libphonenumber about it cost ~1 ms per request line.
ACCESS_LOG_FORMAT = '"%r" status=%s bytes=%b time=%Tfs'


# a staff link's token in a path (server/http/links.py), however the line quotes it
_LINK_TOKEN = re.compile(r"(/account/link/)[A-Za-z0-9_-]+")


def mask_secrets(text: str) -> str:
    """`text` with every staff link token replaced by `[token]`."""
    return _LINK_TOKEN.sub(r"\1[token]", text) if "/account/link/" in text else text


def clean(text: str) -> str:
    """A log line's text as written: personal data redacted, secrets masked."""
    return mask_secrets(redact(text))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": clean(record.getMessage()),
        }
        if record.exc_info:
            data["exc"] = clean(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False)


class RedactingFormatter(logging.Formatter):
    """The plain log line, its message and traceback with personal data replaced as
    `moderation.redact` does (not the time stamp: it is no personal data, and reading it as a
    possible phone number would cost time on every line)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = clean(record.message)
        return super().formatMessage(record)

    def formatException(self, ei: Any) -> str:
        return clean(super().formatException(ei))


def setup_logging(json_lines: bool = False, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # engine.io / socket.io would log connection details; keep them quiet
    logging.getLogger("engineio").setLevel(logging.WARNING)
    logging.getLogger("socketio").setLevel(logging.WARNING)
