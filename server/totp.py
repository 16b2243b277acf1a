"""Staff two-factor authentication: TOTP codes, the enrolment QR code, recovery codes, and the
encryption of TOTP secrets at rest. No I/O but the key file below; the accounts' state and the
login steps are in `server/actions/staff.py`.

* TOTP (RFC 6238, pyotp): SHA-1, 6 digits, 30 s steps, a code of the step before or after the
  current one is accepted too (clocks of phones drift). `match_step` says which step a code
  belongs to, so the caller can refuse a step that was used already (no replay within the window).
* The secret (160 bits, base32) is stored encrypted with AES-256-GCM under a key derived from
  `NETREACH_SECRET_KEY` (HKDF-SHA256); the staff id is the associated data, so a ciphertext
  copied to another account's row does not decrypt. Without `NETREACH_SECRET_KEY` the key is 32
  random bytes kept in `NETREACH_VAR_DIR/totp.key` (0600), made at the first enrolment. The
  secret itself is never logged and never put in a URL other than the `otpauth://` one shown
  (as a QR code) to the person enrolling.
* Recovery codes: 10 random codes of 80 bits (`xxxx-xxxx-xxxx-xxxx`, lower-case base32), shown
  once; only the SHA-256 of (staff id, code) is stored. At 80 bits a leaked hash cannot be
  searched back to its code, so a slow hash is not needed (it would cost a login's CPU ten times).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from datetime import datetime
from pathlib import Path

import pyotp
import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted either side of the current one
ISSUER = "netreach"
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32, lower case: easy to read out
KEY_FILE = "totp.key"
CIPHER_PREFIX = "v1."
_HKDF_INFO = b"netreach totp secret v1"


class SecretUnreadable(Exception):
    """A stored TOTP secret does not decrypt with this deployment's key (NETREACH_SECRET_KEY was
    changed, or the row was tampered with)."""


def new_secret() -> str:
    """A new TOTP secret: 32 base32 characters (160 bits, RFC 4226's recommended length)."""
    return pyotp.random_base32(32)


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def step_of(when: datetime) -> int:
    """The TOTP time step (counter) of an aware datetime: Unix seconds // 30."""
    return int(when.timestamp()) // STEP_SECONDS


def clean_code(text: str) -> str:
    """What the person typed, without spaces and dashes (apps show `123 456`)."""
    return "".join(ch for ch in text if ch not in " -\t").strip()


def looks_like_totp(text: str) -> bool:
    """Whether `text` (cleaned) has the shape of a TOTP code: exactly 6 ASCII digits."""
    code = clean_code(text)
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def match_step(secret: str, code: str, when: datetime) -> int | None:
    """The time step whose code `code` is, among the steps within WINDOW of `when`; None when it
    is none of them (or is not 6 digits). Compares in constant time."""
    code = clean_code(code)
    if not looks_like_totp(code):
        return None
    totp = _totp(secret)
    now = step_of(when)
    found = None
    for step in range(now - WINDOW, now + WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step).encode(), code.encode()):
            found = step
    return found


def provisioning_uri(secret: str, username: str) -> str:
    """The `otpauth://totp/netreach:<username>?secret=…&issuer=netreach` URI apps read."""
    return _totp(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """`uri` as a QR code: inline SVG markup (no script, no style: CSP-safe), `title` as its
    accessible name. Black on white with the standard quiet zone, 4 px per module."""
    return str(
        segno.make(uri, error="m").svg_inline(
            scale=4, border=4, dark="#000", light="#fff", title=title, svgclass="nc-qr"
        )
    )


def grouped_secret(secret: str) -> str:
    """The secret in groups of four for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """`count` new recovery codes, `xxxx-xxxx-xxxx-xxxx` (80 random bits each)."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def looks_like_recovery_code(text: str) -> bool:
    """Whether `text` has the shape of a recovery code (16 base32 letters, dashes and spaces
    ignored, any case)."""
    raw = clean_code(text).lower()
    return len(raw) == 16 and all(ch in RECOVERY_ALPHABET for ch in raw)


def recovery_code_hash(staff_id: str, code: str) -> str:
    """What is stored of a recovery code: SHA-256 (hex) of the staff id and the code as typed
    without dashes, spaces or case."""
    raw = clean_code(code).lower()
    return hashlib.sha256(f"netreach-recovery-v1:{staff_id}:{raw}".encode()).hexdigest()


class SecretBox:
    """Encrypts and decrypts TOTP secrets (AES-256-GCM, the staff id as associated data).

    The key: HKDF-SHA256 of `secret_key` (NETREACH_SECRET_KEY) when it is set; else 32 random
    bytes in `var_dir/totp.key`, created (0600, its directory 0700) at the first use."""

    def __init__(self, secret_key: str, var_dir: Path) -> None:
        self._secret_key = secret_key
        self._var_dir = var_dir
        self._key: bytes | None = None

    def _load_key(self) -> bytes:
        if self._key is None:
            material = self._secret_key.encode() if self._secret_key else self._file_key()
            self._key = HKDF(
                algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO
            ).derive(material)
        return self._key

    def _file_key(self) -> bytes:
        path = self._var_dir / KEY_FILE
        if not path.exists():
            self._var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made it first: read theirs
                pass
            else:
                with os.fdopen(fd, "wb") as f:
                    f.write(base64.b64encode(secrets.token_bytes(32)))
        return base64.b64decode(path.read_bytes().strip())

    def encrypt(self, staff_id: str, secret: str) -> str:
        """`v1.<base64url(nonce + ciphertext)>` of `secret` for the account `staff_id`."""
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self._load_key()).encrypt(nonce, secret.encode(), staff_id.encode())
        return CIPHER_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, staff_id: str, stored: str) -> str:
        """The secret `encrypt` sealed for `staff_id`. Raises SecretUnreadable when it does not
        open with this key (another key, another account's row, damaged)."""
        if not stored.startswith(CIPHER_PREFIX):
            raise SecretUnreadable("unknown format")
        try:
            blob = base64.urlsafe_b64decode(stored[len(CIPHER_PREFIX) :].encode())
            plain = AESGCM(self._load_key()).decrypt(blob[:12], blob[12:], staff_id.encode())
        except (InvalidTag, ValueError) as exc:
            raise SecretUnreadable("does not decrypt with this key") from exc
        return plain.decode()
