"""The sandbox's in-memory state: logins waiting for consent, codes, refresh tokens, the journal.

Safe under concurrent requests: every operation holds one lock, so checking and spending a code is
one atomic step (two concurrent exchanges of one code: exactly one wins), and the admin calls of
:class:`~scb_console.sandbox.embedded.EmbeddedSandbox` may come from another thread.
The journal is the exception: a bounded deque whose single-call operations (append, copy,
clear) are atomic already, so recording a request takes no lock.

Bounded memory: each store keeps its entries in issue order with a deadline on the monotonic
clock, drops the expired ones from the front on every operation, and has a hard cap beyond which
the oldest entry goes. Access tokens are not stored at all: they are signed (keyed BLAKE2s over a
unique nonce and the claims, with a key that :meth:`SandboxState.reset` replaces), so a sustained
load of server tokens costs no memory.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import itertools
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from scb_console.core.clock import Clock, SystemClock
from scb_console.sandbox.journal import JournalEntry
from scb_console.sandbox.model import SandboxCustomer
from scb_console.sandbox.protocol import new_uuid

K = TypeVar("K")
V = TypeVar("V")

#: Hard caps per store: far above any honest use, low enough to keep memory in check.
MAX_LOGINS: Final = 10_000
MAX_CODES: Final = 10_000
MAX_REFRESH_TOKENS: Final = 100_000

SERVER: Final = "server"
USER: Final = "user"


class ExpiringStore(Generic[K, V]):
    """A dict whose entries die at a deadline (monotonic seconds) and that never exceeds ``cap``.

    Entries are kept in insertion order; with one lifetime per store that is also deadline order,
    so :meth:`purge` only looks at the front. Not locked: :class:`SandboxState` locks.
    """

    def __init__(self, cap: int) -> None:
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self.cap = cap

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def put(self, key: K, value: V, deadline: float) -> None:
        self._items[key] = (deadline, value)
        self._items.move_to_end(key)
        while len(self._items) > self.cap:
            self._items.popitem(last=False)

    def get(self, key: K, now: float) -> V | None:
        entry = self._items.get(key)
        if entry is None:
            return None
        if now >= entry[0]:
            del self._items[key]
            return None
        return entry[1]

    def pop(self, key: K, now: float) -> V | None:
        entry = self._items.pop(key, None)
        if entry is None or now >= entry[0]:
            return None
        return entry[1]

    def purge(self, now: float) -> int:
        """Drop expired entries from the front; how many went."""
        dropped = 0
        items = self._items
        while items:
            key, (deadline, _) = next(iter(items.items()))
            if now < deadline:
                break
            del items[key]
            dropped += 1
        return dropped

    def clear(self) -> None:
        self._items.clear()


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a signed access token says."""

    kind: str  # SERVER or USER
    app_key: str
    customer_id: str | None
    deadline: float  # monotonic seconds


class TokenSigner:
    """Stateless access tokens: ``b64url(nonce + claims) "." b64url(keyed BLAKE2s)``.

    The claims are joined by the unit separator (``\x1f``), which config validation keeps out of
    API keys and customer ids (they must be printable). Both parts must be in canonical base64url
    (no padding, no stray bits), so a token has exactly one spelling: a flipped character in the
    signature always fails, even one that only touches the padding bits.

    Cheap to issue (the hot path of the server-token endpoint): the keyed BLAKE2s state is made
    once per key and copied per token. The nonce only has to make every token unique (the MAC
    is what makes it unforgeable), so issuing costs no system call: a counter times an odd
    constant modulo 2**64 (a bijection, so it never repeats under one key, and its first bytes
    differ from one token to the next: masked tokens still tell apart), then 4 random bytes
    drawn with the key.
    """

    _NONCE: Final = 12
    _MAC: Final = 16
    _SEP: Final = "\x1f"

    def __init__(self) -> None:
        self._key = self._new_key()

    @classmethod
    def _new_key(cls) -> tuple[hashlib.blake2s, bytes, Iterator[int]]:
        """The keyed MAC, the nonce's random salt, and the nonce's counter."""
        keyed = hashlib.blake2s(key=secrets.token_bytes(32), digest_size=cls._MAC)
        return keyed, secrets.token_bytes(4), itertools.count(1)

    def rotate(self) -> None:
        """A new key: every token issued so far stops working."""
        self._key = self._new_key()  # one reference swap: atomic

    def _mac(self, raw: bytes, keyed: hashlib.blake2s | None = None) -> bytes:
        mac = (keyed if keyed is not None else self._key[0]).copy()
        mac.update(raw)
        return mac.digest()

    def issue(self, claims: TokenClaims) -> str:
        return self.issue_for(claims.kind, claims.app_key, claims.customer_id, claims.deadline)

    def issue_for(self, kind: str, app_key: str, customer_id: str | None, deadline: float) -> str:
        """:meth:`issue` without building a :class:`TokenClaims` first (the hot path).

        The deadline travels as whole microseconds: formatting an int costs a fraction of a
        float's ``repr``, and a microsecond is far below any lifetime the sandbox gives.
        """
        micros = round(deadline * 1_000_000)
        claims = f"{kind}{self._SEP}{app_key}{self._SEP}{customer_id or ''}{self._SEP}{micros}"
        keyed, salt, counter = self._key
        # next() on itertools.count is atomic: two threads never get the same number
        spread = (next(counter) * _SPREAD) & _U64
        raw = spread.to_bytes(8, "little") + salt + claims.encode()
        mac = keyed.copy()  # _mac() and _b64(), inlined: this runs on every server token
        mac.update(raw)
        b64 = binascii.b2a_base64
        payload = b64(raw, newline=False).translate(_URLSAFE).rstrip(b"=").decode("ascii")
        signature = b64(mac.digest(), newline=False).translate(_URLSAFE).rstrip(b"=")
        return f"{payload}.{signature.decode('ascii')}"

    def verify(self, token: str, now: float) -> TokenClaims | None:
        """The token's claims if it is ours, alive and spelled canonically, else None."""
        payload, sep, signature = token.rpartition(".")
        if not sep or not signature.isascii():
            return None
        try:
            raw = _unb64(payload)
        except (ValueError, binascii.Error):
            return None
        if not hmac.compare_digest(signature, _b64(self._mac(raw))) or _b64(raw) != payload:
            return None
        try:
            kind, app_key, customer_id, micros = raw[self._NONCE :].decode().split(self._SEP)
            deadline = int(micros) / 1_000_000
        except ValueError:  # pragma: no cover - we signed it ourselves
            return None
        if now >= deadline:
            return None
        return TokenClaims(kind, app_key, customer_id or None, deadline)


_URLSAFE: Final = bytes.maketrans(b"+/", b"-_")
#: An odd multiplier (2**64 / golden ratio): n -> n * _SPREAD mod 2**64 is a bijection.
_SPREAD: Final = 0x9E3779B97F4A7C15
_U64: Final = (1 << 64) - 1


def _b64(data: bytes) -> str:
    """Canonical unpadded base64url."""
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(slots=True)
class Login:
    """An authorize that waits for the customer's consent (``scbeasysim://login/<id>``)."""

    id: str
    app_key: str
    app_name: str
    end_state: str
    #: The registered URL the browser goes to after consent (the endState's, or the option's).
    callback_url: str
    partner_pairs: tuple[tuple[str, str], ...]
    #: The ``state`` header of the authorize request, if one was sent.
    state: str | None
    response_channel: str
    failures: int = 0
    locked: bool = False


@dataclass(frozen=True, slots=True)
class CodeGrant:
    app_key: str
    customer_id: str
    login_id: str


@dataclass(frozen=True, slots=True)
class RefreshGrant:
    app_key: str
    customer_id: str


class LoginError(Exception):
    """Why an approval or denial did not go through; ``status`` is the HTTP status to answer."""

    status = 400


class LoginNotFound(LoginError):
    status = 404


class LoginLocked(LoginError):
    status = 423


class WrongPin(LoginError):
    status = 401

    def __init__(self, message: str, attempts_left: int) -> None:
        super().__init__(message)
        self.attempts_left = attempts_left


class UnknownCustomer(LoginError):
    status = 400


@dataclass(slots=True)
class Approval:
    """A consent given: the code for the redirect and the login it ends."""

    login: Login
    code: str
    customer: SandboxCustomer


@dataclass(slots=True)
class SandboxState:
    """All mutable state of one sandbox. Every method is atomic (one lock)."""

    clock: Clock
    journal_size: int = 200
    logins: ExpiringStore[str, Login] = field(default_factory=lambda: ExpiringStore(MAX_LOGINS))
    codes: ExpiringStore[str, CodeGrant] = field(default_factory=lambda: ExpiringStore(MAX_CODES))
    refresh_tokens: ExpiringStore[str, RefreshGrant] = field(
        default_factory=lambda: ExpiringStore(MAX_REFRESH_TOKENS)
    )
    signer: TokenSigner = field(default_factory=TokenSigner)
    #: Entries, or the tuples of their fields (what the server records: a tuple is cheaper to
    #: make than an object, and most entries are never read); :meth:`recent` reads both.
    journal: deque[JournalEntry | tuple[Any, ...]] = field(init=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        self.journal = deque(maxlen=self.journal_size)

    # --- housekeeping ------------------------------------------------------------------------

    def now(self) -> float:
        return self.clock.monotonic()

    def purge(self) -> None:
        with self._lock:
            now = self.now()
            self.logins.purge(now)
            self.codes.purge(now)
            self.refresh_tokens.purge(now)

    def sizes(self) -> dict[str, int]:
        with self._lock:
            return {
                "logins": len(self.logins),
                "codes": len(self.codes),
                "refresh_tokens": len(self.refresh_tokens),
                "journal": len(self.journal),
            }

    def reset(self) -> None:
        """Forget everything: logins, codes, refresh tokens, the journal; void access tokens."""
        with self._lock:
            self.logins.clear()
            self.codes.clear()
            self.refresh_tokens.clear()
            self.journal.clear()
            self.signer.rotate()

    def record(self, entry: JournalEntry | tuple[Any, ...]) -> None:
        """Journal one request: a :class:`JournalEntry`, or its fields in order."""
        # No lock: on every request, and one deque append (bounded by maxlen) is atomic; recent()
        # and reset() copy and clear the deque in single C calls, atomic as well.
        self.journal.append(entry)

    def recent(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The journal, oldest first, secrets masked (at most ``limit`` latest entries)."""
        items = list(self.journal)  # one C call: atomic against record() on another thread
        if limit is not None:
            items = items[-limit:] if limit > 0 else []
        return [
            (item if isinstance(item, JournalEntry) else JournalEntry(*item)).to_json()
            for item in items
        ]

    # --- access tokens -----------------------------------------------------------------------

    def issue_access(self, kind: str, app_key: str, customer_id: str | None, ttl: int) -> str:
        clock = self.clock  # the system clock's monotonic() is time.monotonic(): one frame less
        now = time.monotonic() if type(clock) is SystemClock else clock.monotonic()
        return self.signer.issue_for(kind, app_key, customer_id, now + ttl)

    def check_access(self, token: str) -> TokenClaims | None:
        return self.signer.verify(token, self.now())

    # --- logins and consent ------------------------------------------------------------------

    def add_login(self, login: Login, ttl: int) -> None:
        with self._lock:
            self.purge()
            self.logins.put(login.id, login, self.now() + ttl)

    def get_login(self, login_id: str) -> Login | None:
        with self._lock:
            self.purge()
            return self.logins.get(login_id, self.now())

    def approve(
        self,
        login_id: str,
        customer: SandboxCustomer | None,
        pin: str,
        *,
        code_ttl: int,
        max_attempts: int,
    ) -> Approval:
        """Check the PIN and spend the login for a code; raises a :class:`LoginError`."""
        with self._lock:
            self.purge()
            now = self.now()
            login = self.logins.get(login_id, now)
            if login is None:
                raise LoginNotFound(_not_found(login_id))
            if login.locked:
                raise LoginLocked(_locked(login_id, max_attempts))
            if customer is None:
                raise UnknownCustomer("unknown customerId: pick one of the sandbox's customers")
            if not hmac.compare_digest(customer.pin.encode(), pin.encode()):
                login.failures += 1
                left = max_attempts - login.failures
                if left <= 0:
                    login.locked = True
                    raise LoginLocked(f"wrong PIN; {_locked(login_id, max_attempts)}")
                raise WrongPin(
                    f"wrong PIN for customer {customer.id} ({left} attempt"
                    f"{'s' if left != 1 else ''} left)",
                    left,
                )
            self.logins.pop(login_id, now)
            code = new_uuid()
            self.codes.put(code, CodeGrant(login.app_key, customer.id, login.id), now + code_ttl)
            return Approval(login, code, customer)

    def deny(self, login_id: str, *, max_attempts: int) -> Login:
        with self._lock:
            self.purge()
            now = self.now()
            login = self.logins.get(login_id, now)
            if login is None:
                raise LoginNotFound(_not_found(login_id))
            if login.locked:
                raise LoginLocked(_locked(login_id, max_attempts))
            self.logins.pop(login_id, now)
            return login

    # --- codes and refresh tokens --------------------------------------------------------------

    def spend_code(self, code: str, app_key: str) -> CodeGrant | None:
        """The grant of a live, unused code of this app, spent now; None otherwise."""
        with self._lock:
            self.purge()
            now = self.now()
            grant = self.codes.get(code, now)
            if grant is None or grant.app_key != app_key:
                return None  # another app's code stays unspent
            self.codes.pop(code, now)
            return grant

    def add_refresh(self, grant: RefreshGrant, ttl: int) -> str:
        token = new_uuid()
        with self._lock:
            self.purge()
            self.refresh_tokens.put(token, grant, self.now() + ttl)
        return token

    def use_refresh(
        self, token: str, app_key: str, *, rotate: bool, ttl: int
    ) -> tuple[RefreshGrant, str | None] | None:
        """The grant of a live refresh token of this app, and the new refresh token if rotating
        (the old one is then gone); None for an unknown, expired or another app's token."""
        with self._lock:
            self.purge()
            now = self.now()
            grant = self.refresh_tokens.get(token, now)
            if grant is None or grant.app_key != app_key:
                return None
            if not rotate:
                return grant, None
            self.refresh_tokens.pop(token, now)
            return grant, self.add_refresh(grant, ttl)


def _not_found(login_id: str) -> str:
    return f"no pending login {login_id!r}: unknown, expired or already answered"


def _locked(login_id: str, max_attempts: int) -> str:
    return f"login {login_id!r} is locked after {max_attempts} wrong PINs"
