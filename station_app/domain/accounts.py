"""Who is on duty, what their role allows, and how their PIN or password is kept.

Pure Python: the services ask ``Duty`` who is working and refuse admin-only work to anyone
else; the database stamps the same person on every row it writes (``db/uow.py``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from itertools import pairwise

from station_app.domain.enums import Role

# scrypt, a slow and memory-hard KDF from the standard library: 2**15 × 8 × 128 bytes =
# 32 MiB and about a tenth of a second per check on an old PC, so a stolen database file
# does not give up 4-digit PINs by the million per second. The cost is stored with each
# hash, so it can be raised later without locking anyone out.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 64 * 1024 * 1024
_SCHEME = "scrypt"

PIN_MIN_DIGITS = 4
PASSWORD_MIN_CHARS = 6
SECRET_MAX_CHARS = 64
NAME_MAX_CHARS = 40

# Five wrong tries in a row lock the name for a while; each further wrong try doubles it.
FREE_ATTEMPTS = 5
FIRST_LOCK_SECONDS = 60
LONGEST_LOCK_SECONDS = 3600


@dataclass(frozen=True)
class Actor:
    """The attendant on duty, as the services see them."""

    id: int
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class Duty:
    """Who is working right now in this process.

    The GUI starts with nobody and requires a sign-in. The command line runs as the
    computer's own user (``console=True``): whoever can type commands there can read the
    database file anyway, so a PIN prompt would only be theatre; its writes carry no
    attendant and the audit log shows them as made on the command line.
    """

    def __init__(self, *, console: bool = True) -> None:
        self.console = console
        self.current: Actor | None = None

    @property
    def attendant_id(self) -> int | None:
        return self.current.id if self.current else None

    @property
    def may_administer(self) -> bool:
        if self.current is not None:
            return self.current.is_admin
        return self.console

    def may_change(self, owner_id: int | None) -> bool:
        """Anyone may change their own entries; an admin (or the console) anyone's."""
        if self.may_administer:
            return True
        return self.current is not None and owner_id == self.current.id


def secret_problem(secret: str) -> str | None:
    """Why a new PIN or password is not acceptable (an English key the services translate),
    or None. A PIN is all digits; anything else is a password."""
    if len(secret) > SECRET_MAX_CHARS:
        return "too_long"
    if secret.isdigit():
        if len(secret) < PIN_MIN_DIGITS:
            return "pin_short"
        if _guessable_pin(secret):
            return "pin_guessable"
        return None
    if len(secret.strip()) < PASSWORD_MIN_CHARS:
        return "password_short"
    return None


def _guessable_pin(pin: str) -> bool:
    """0000, 1234, 9876: the PINs anyone tries first."""
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    return steps in ({0}, {1}, {-1})


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(
        [_SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)]
    )


def verify_secret(secret: str, stored: str | None) -> bool:
    """True when ``secret`` matches; False for a wrong secret or an unreadable hash."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        actual = _scrypt(secret, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def lock_seconds(failures: int) -> int:
    """How long a name stays locked after ``failures`` wrong tries in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_LOCK_SECONDS * 2 ** (failures - FREE_ATTEMPTS), LONGEST_LOCK_SECONDS)


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class AttendantView:
    """An account as the sign-in screen and the admin's list show it."""

    id: int
    name: str
    role: Role
    active: bool
