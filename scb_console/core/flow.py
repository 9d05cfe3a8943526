"""The 3-legged flow as a state machine that listeners observe.

=================  ==================================================================
from               to
=================  ==================================================================
IDLE               AWAITING_CONSENT (authorize), FAILED (authorize failed)
AWAITING_CONSENT   CODE_RECEIVED (a redirect with a code: 60 s to exchange), DENIED
CODE_RECEIVED      EXCHANGING (exchange), CODE_EXPIRED (tick after 60 s)
EXCHANGING         AUTHORIZED, CODE_EXPIRED (SCB's 9300), FAILED (the code is kept)
AUTHORIZED         REFRESHING (refresh, auto-refresh), TOKEN_EXPIRED, REFRESH_EXPIRED (tick)
TOKEN_EXPIRED      REFRESHING, REFRESH_EXPIRED (tick)
REFRESHING         AUTHORIZED, TOKEN_EXPIRED or REFRESH_EXPIRED (a failure keeps the tokens)
any                CANCELLED (cancel), IDLE (reset), AWAITING_CONSENT (authorize again)
=================  ==================================================================

Rules the flow keeps:

* Deadlines are on the monotonic clock (:class:`~scb_console.core.clock.Deadline`); :meth:`tick`,
  called by the UI's 1 Hz timer or the CLI's loop, turns passed deadlines into states.
* The exchange is never retried by the flow: a code is single use. After a timeout the event says
  the code may have been used already; the user may try once more, then authorize again.
* A refresh is retried once, after a short backoff, only when the connection could not be made
  (:class:`~scb_console.core.errors.ConnectError`: nothing was sent).
* A failed refresh keeps the previous tokens. A dead refresh token (SCB's 9300, or its local
  deadline passed) gives REFRESH_EXPIRED: authorize again.
* Auto-refresh starts the very same refresh as :meth:`refresh`, early by ``refresh_margin``.
* One flow, one client: tokens are only ever sent back through the client (so the profile and
  environment) that obtained them.

Every change of state emits one :class:`FlowEvent`, in order, each starting where the one
before ended. Starting over in place (authorize again while awaiting consent, a second redirect)
emits an event whose ``state`` equals its ``previous``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import logging
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar

from scb_console.core import contract
from scb_console.core.clock import Clock, Deadline, format_remaining
from scb_console.core.errors import (
    ApiError,
    ConnectError,
    ConnectionDropped,
    FlowError,
    RedirectError,
    RequestTimeout,
    SCBConsoleError,
)
from scb_console.core.i18n import tr
from scb_console.core.masking import mask
from scb_console.core.models import AuthorizeResult, Profile, RedirectParams, TokenSet
from scb_console.core.redirect import (
    DENIED_MESSAGE,
    is_denied,
    read_redirect,
    state_mismatch_message,
)

_log = logging.getLogger(__name__)

T = TypeVar("T")

#: After an auto-refresh fails, wait this long (monotonic seconds) before the next attempt.
AUTO_REFRESH_RETRY_AFTER: Final = 15.0
#: Backoff before the single retry of a refresh whose connection could not be made.
REFRESH_RETRY_DELAY: Final = 1.0


class FlowClient(Protocol):
    """What the flow needs from :class:`scb_console.core.client.SCBClient`."""

    @property
    def clock(self) -> Clock: ...

    @property
    def profile(self) -> Profile: ...

    async def authorize(self, *, state: str | None = None) -> AuthorizeResult: ...

    async def exchange_code(self, code: str, *, state: str | None = None) -> TokenSet: ...

    async def refresh(self, previous: TokenSet) -> TokenSet: ...


class FlowState(enum.StrEnum):
    IDLE = "idle"
    AWAITING_CONSENT = "awaiting_consent"
    CODE_RECEIVED = "code_received"
    EXCHANGING = "exchanging"
    AUTHORIZED = "authorized"
    REFRESHING = "refreshing"
    CODE_EXPIRED = "code_expired"
    TOKEN_EXPIRED = "token_expired"
    REFRESH_EXPIRED = "refresh_expired"
    DENIED = "denied"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """``Awaiting consent``: for a status line (in the message language)."""
        return tr(self.value.replace("_", " ").capitalize())

    @property
    def busy(self) -> bool:
        """A request is in flight; actions that would race it are refused."""
        return self in (FlowState.EXCHANGING, FlowState.REFRESHING)


@dataclass(frozen=True, slots=True)
class FlowEvent:
    """One transition: where the flow is, where it was, and a sentence for a person."""

    state: FlowState
    previous: FlowState
    message: str
    error: SCBConsoleError | None = None


FlowListener = Callable[[FlowEvent], None]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One flow event, stamped with the local wall clock when it happened (for the support
    report's timeline: :mod:`scb_console.core.report`)."""

    wall: float
    state: str
    previous: str
    message: str
    profile: str = ""
    environment: str = ""
    #: The event came with an error (the flow failed, a code expired, ...).
    error: bool = False
    #: The ``seq`` of the last exchange record made before the event (orders equal times).
    after_seq: int = 0


class FlowCancelled(FlowError):
    """The flow was cancelled or reset while this request was in flight; its answer is dropped."""


#: Where tick() watches the token deadlines and auto-refresh may start.
_AUTO_REFRESH_STATES: Final = (FlowState.AUTHORIZED, FlowState.TOKEN_EXPIRED)

_BUSY_MESSAGE: Final = {
    FlowState.EXCHANGING: "the code is being exchanged: wait for the answer or cancel",
    FlowState.REFRESHING: "a refresh is in progress: wait for the answer or cancel",
}
#: The states' labels, for the message catalogs (FlowState.label makes them from the value).
STATE_LABELS: Final = tuple(state.value.replace("_", " ").capitalize() for state in FlowState)


class UserFlow:
    """The user (3-legged) token flow of one client, observed by listeners."""

    def __init__(
        self,
        client: FlowClient,
        *,
        clock: Clock | None = None,
        auto_refresh: bool = False,
        refresh_margin: float = 60.0,
        refresh_retry_delay: float = REFRESH_RETRY_DELAY,
    ) -> None:
        if refresh_margin < 0:
            raise ValueError("refresh_margin must not be negative")
        self._client = client
        self._clock: Clock = clock if clock is not None else client.clock
        self.auto_refresh = auto_refresh
        self.refresh_margin = float(refresh_margin)
        self.refresh_retry_delay = float(refresh_retry_delay)
        self._listeners: list[FlowListener] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._state = FlowState.IDLE
        self._authorize_result: AuthorizeResult | None = None
        self._expected_state: str | None = None
        self._code: str | None = None
        self._code_deadline: Deadline | None = None
        self._redirect: RedirectParams | None = None
        self._tokens: TokenSet | None = None
        self._history: list[TokenSet] = []
        self._last_error: SCBConsoleError | None = None
        self._authorizing = False
        self._auto_not_before: float | None = None
        self._auto_task: asyncio.Task[None] | None = None
        #: Bumped by cancel() and reset(): answers to requests sent before are dropped.
        self._generation = 0

    # --- what the flow knows --------------------------------------------------------------------

    @property
    def client(self) -> FlowClient:
        return self._client

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def state(self) -> FlowState:
        return self._state

    @property
    def authorize_result(self) -> AuthorizeResult | None:
        return self._authorize_result

    @property
    def expected_state(self) -> str | None:
        """The ``state`` sent on authorize, which the redirect must carry back."""
        return self._expected_state

    @property
    def code(self) -> str | None:
        """The authorization code received and not yet spent (a secret: mask before showing)."""
        return self._code

    @property
    def code_deadline(self) -> Deadline | None:
        return self._code_deadline

    def code_remaining(self) -> float | None:
        deadline = self._code_deadline
        return None if deadline is None else deadline.remaining(self._clock)

    @property
    def redirect(self) -> RedirectParams | None:
        """The last redirect accepted (its extras are the partner's pairs)."""
        return self._redirect

    @property
    def tokens(self) -> TokenSet | None:
        """The current token set; kept when a refresh fails."""
        return self._tokens

    @property
    def history(self) -> tuple[TokenSet, ...]:
        """Every token set obtained, oldest first (survives :meth:`reset`)."""
        return tuple(self._history)

    @property
    def last_error(self) -> SCBConsoleError | None:
        return self._last_error

    @property
    def pending_tasks(self) -> frozenset[asyncio.Task[Any]]:
        """Requests the flow runs (exchange, refresh, auto-refresh, authorize) not yet done."""
        return frozenset(self._tasks)

    async def wait_idle(self) -> None:
        """Wait until every pending task is done (tests; a clean shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- listeners ------------------------------------------------------------------------------

    def subscribe(self, listener: FlowListener) -> Callable[[], None]:
        """Call ``listener`` on every transition; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _go(self, state: FlowState, message: str, error: SCBConsoleError | None = None) -> None:
        previous = self._state
        self._state = state
        if error is not None:
            self._last_error = error
        event = FlowEvent(state=state, previous=previous, message=message, error=error)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not break the flow
                _log.exception("flow listener %r failed on %s", listener, state.value)

    def _refuse_when_busy(self, action: str) -> None:
        if self._state.busy:
            raise FlowError(
                tr(
                    "cannot {action} now: {reason}",
                    action=tr(action),
                    reason=tr(_BUSY_MESSAGE[self._state]),
                )
            )

    # --- step 1: authorize ----------------------------------------------------------------------

    async def authorize(self) -> AuthorizeResult:
        """Ask SCB for the deeplink, sending a fresh random ``state``; -> AWAITING_CONSENT."""
        self._refuse_when_busy("authorize")
        if self._authorizing:
            raise FlowError(tr("an authorize request is already on its way"))
        state = secrets.token_urlsafe(16)
        generation = self._generation
        self._authorizing = True  # also holds auto-refresh back while the request is out
        if self._auto_task is not None:
            self._auto_task.cancel()  # scheduled, not started (the flow is not busy)
        try:
            result = await self._run(self._client.authorize(state=state), generation)
        except FlowCancelled:
            raise
        except SCBConsoleError as err:
            self._go(FlowState.FAILED, tr("authorize failed: {err}", err=err), err)
            raise
        finally:
            self._authorizing = False
        self._authorize_result = result
        self._expected_state = result.state if result.state is not None else state
        self._code = None
        self._code_deadline = None
        self._redirect = None
        self._go(
            FlowState.AWAITING_CONSENT,
            tr(
                "open the link in SCB Easy (or scan the QR code), sign in and approve; "
                "then the redirect arrives here, or paste it"
            ),
        )
        return result

    # --- step 2: the redirect -------------------------------------------------------------------

    def accept_text(self, text: str) -> FlowState:
        """Take a pasted redirect URL, query string or bare code (see :meth:`accept_redirect`)."""
        self._refuse_when_busy("take a redirect")
        try:
            params = read_redirect(text)
        except RedirectError as err:
            self._last_error = err
            raise
        return self.accept_redirect(params)

    def accept_redirect(self, params: RedirectParams) -> FlowState:
        """Take what the redirect carried: -> CODE_RECEIVED (60 s to exchange) or DENIED.

        A state that does not match the one sent raises :class:`RedirectError` and changes
        nothing (the right redirect may still come). A redirect without a state (a bare code)
        is taken as it is.
        """
        self._refuse_when_busy("take a redirect")
        expected = self._expected_state
        if expected is not None and params.state is not None and params.state != expected:
            err = RedirectError(state_mismatch_message(expected, params.state))
            self._last_error = err
            raise err
        if is_denied(params):
            self._redirect = params
            self._code = None
            self._code_deadline = None
            self._go(
                FlowState.DENIED,
                tr("{denied}: authorize again", denied=tr(DENIED_MESSAGE)),
                RedirectError(tr(DENIED_MESSAGE)),
            )
            return self._state
        if params.code is None:
            err = RedirectError(
                tr(
                    "the redirect says status {status!r} but carries no code",
                    status=params.status,
                )
            )
            self._last_error = err
            raise err
        self._redirect = params
        self._code = params.code
        self._code_deadline = Deadline.after(self._clock, contract.CODE_TTL)
        self._go(
            FlowState.CODE_RECEIVED,
            tr(
                "code {code} received: exchange it within {left}",
                code=mask(params.code),
                left=format_remaining(contract.CODE_TTL),
            ),
        )
        return self._state

    # --- step 3: exchange -----------------------------------------------------------------------

    async def exchange(self) -> TokenSet:
        """Exchange the code for tokens: -> EXCHANGING -> AUTHORIZED. Never retried by itself."""
        self._refuse_when_busy("exchange")
        code = self._code
        if code is None or self._state not in (FlowState.CODE_RECEIVED, FlowState.FAILED):
            raise FlowError(
                tr(
                    "no authorization code to exchange: authorize, approve in SCB Easy, "
                    "then take the redirect (or paste it)"
                )
            )
        deadline = self._code_deadline
        if deadline is not None and deadline.expired(self._clock):
            err = FlowError(_code_expired_message())
            self._drop_code()
            self._go(FlowState.CODE_EXPIRED, err.message, err)
            raise err
        generation = self._generation
        self._go(FlowState.EXCHANGING, tr("exchanging code {code} for tokens", code=mask(code)))
        try:
            tokens = await self._run(
                self._client.exchange_code(code, state=self._expected_state), generation
            )
        except FlowCancelled:
            raise
        except ApiError as err:
            if err.code == contract.StatusCode.INVALID_TEMPORARY_TOKEN:
                self._drop_code()
                self._go(
                    FlowState.CODE_EXPIRED,
                    tr(
                        "SCB refused the code (expired, already used or wrong): "
                        "authorize again. {err}",
                        err=err,
                    ),
                    err,
                )
            else:
                self._go(FlowState.FAILED, tr("the exchange failed: {err}", err=err), err)
            raise
        except (RequestTimeout, ConnectionDropped) as err:
            self._go(
                FlowState.FAILED,
                tr(
                    "the exchange got no answer ({err}). SCB may have used the code already: "
                    "try Exchange once more, and if that fails start again at Authorize",
                    err=err,
                ),
                err,
            )
            raise
        except ConnectError as err:
            self._go(
                FlowState.FAILED,
                tr(
                    "could not reach SCB, the code was not sent ({err}): try Exchange again "
                    "while the code is still valid",
                    err=err,
                ),
                err,
            )
            raise
        except SCBConsoleError as err:
            self._go(FlowState.FAILED, tr("the exchange failed: {err}", err=err), err)
            raise
        self._drop_code()
        self._adopt(tokens)
        self._go(
            FlowState.AUTHORIZED, tr("authorized: {summary}", summary=self._token_summary(tokens))
        )
        return tokens

    # --- step 4: refresh ------------------------------------------------------------------------

    async def refresh(self) -> TokenSet:
        """Get a new access token with the refresh token: -> REFRESHING -> AUTHORIZED.

        A failure keeps the previous tokens and goes back to AUTHORIZED, TOKEN_EXPIRED or
        REFRESH_EXPIRED (a dead refresh token), then raises the error.
        """
        return await self._refresh(auto=False)

    async def _refresh(self, *, auto: bool) -> TokenSet:
        self._refuse_when_busy("refresh")
        previous = self._tokens
        if previous is None or previous.refresh_token is None:
            raise FlowError(tr("no refresh token: authorize and exchange a code first"))
        deadline = previous.refresh_deadline
        if deadline is not None and deadline.expired(self._clock):
            err = FlowError(_refresh_dead_message(auto=self.auto_refresh))
            if self._state != FlowState.REFRESH_EXPIRED:
                self._go(FlowState.REFRESH_EXPIRED, err.message, err)
            raise err
        how = tr("auto-refresh") if auto else tr("refresh")
        generation = self._generation
        self._go(
            FlowState.REFRESHING,
            tr(
                "{how}: asking for a new access token with refresh token {token}",
                how=how,
                token=mask(previous.refresh_token),
            ),
        )
        try:
            tokens = await self._run(self._refresh_with_retry(previous), generation)
        except FlowCancelled:
            raise
        except ApiError as err:
            if err.code == contract.StatusCode.INVALID_TEMPORARY_TOKEN:
                self._go(
                    FlowState.REFRESH_EXPIRED,
                    tr(
                        "{how} failed: {reason} ({err})",
                        how=how,
                        reason=_refresh_dead_message(auto=self.auto_refresh),
                        err=err,
                    ),
                    err,
                )
            else:
                self._after_failed_refresh(how, err)
            raise
        except SCBConsoleError as err:
            self._after_failed_refresh(how, err)
            raise
        if tokens.replaces is None:
            tokens = dataclasses.replace(tokens, replaces=previous.request_uid)
        self._adopt(tokens)
        self._auto_not_before = None
        self._go(
            FlowState.AUTHORIZED,
            tr("{how}: new access token, {summary}", how=how, summary=self._token_summary(tokens)),
        )
        return tokens

    async def _refresh_with_retry(self, previous: TokenSet) -> TokenSet:
        try:
            return await self._client.refresh(previous)
        except ConnectError as err:  # nothing was sent: one more try is safe
            _log.info("refresh could not connect (%s); retrying once", err)
            await asyncio.sleep(self.refresh_retry_delay)
            return await self._client.refresh(previous)

    def _after_failed_refresh(self, how: str, err: SCBConsoleError) -> None:
        tokens = self._tokens
        assert tokens is not None
        refresh_deadline = tokens.refresh_deadline
        if refresh_deadline is not None and refresh_deadline.expired(self._clock):
            state = FlowState.REFRESH_EXPIRED
            detail = tr(
                "keeping the previous tokens; {reason}",
                reason=_refresh_dead_message(auto=self.auto_refresh),
            )
        elif tokens.access_deadline.expired(self._clock):
            state = FlowState.TOKEN_EXPIRED
            detail = tr("keeping the previous tokens; the access token has expired")
        else:
            state = FlowState.AUTHORIZED
            left = format_remaining(tokens.access_remaining(self._clock))
            detail = tr("keeping the previous tokens (access token valid for {left})", left=left)
        self._go(state, tr("{how} failed: {err}; {detail}", how=how, err=err, detail=detail), err)

    # --- time -----------------------------------------------------------------------------------

    def tick(self) -> None:
        """Turn passed deadlines into states; start an auto-refresh when one is due.

        Cheap and synchronous: the UI calls it on its 1 Hz tick, the CLI in its loop.
        An auto-refresh runs as a task (see :attr:`pending_tasks`); it needs a running loop.
        """
        state = self._state
        if state == FlowState.CODE_RECEIVED:
            deadline = self._code_deadline
            if deadline is not None and deadline.expired(self._clock):
                self._drop_code()
                self._go(
                    FlowState.CODE_EXPIRED,
                    _code_expired_message(),
                    FlowError(_code_expired_message()),
                )
            return
        if state not in _AUTO_REFRESH_STATES:
            return
        tokens = self._tokens
        if tokens is None:
            return
        refresh_deadline = tokens.refresh_deadline
        refresh_dead = refresh_deadline is None or refresh_deadline.expired(self._clock)
        if refresh_deadline is not None and refresh_dead:
            message = _refresh_dead_message(auto=self.auto_refresh)
            self._go(FlowState.REFRESH_EXPIRED, message, FlowError(message))
            return
        access_left = tokens.access_remaining(self._clock)
        if state == FlowState.AUTHORIZED and access_left <= 0:
            if refresh_dead:
                message = tr("the access token has expired and there is no refresh token")
            elif self.auto_refresh:
                message = tr("the access token has expired: auto-refresh is getting a new one")
            else:
                message = tr("the access token has expired: refresh it")
            self._go(FlowState.TOKEN_EXPIRED, message)
        if (
            self.auto_refresh
            and not refresh_dead
            and not self._authorizing
            and self._auto_refresh_due(tokens)
        ):
            self._start_auto_refresh()

    def _auto_refresh_due(self, tokens: TokenSet) -> bool:
        if self._auto_not_before is not None and self._clock.monotonic() < self._auto_not_before:
            return False
        # A token that lives less than twice the margin is refreshed at half its life instead,
        # so a short-lived token does not refresh on every tick.
        margin = min(self.refresh_margin, tokens.expires_in / 2)
        return tokens.access_remaining(self._clock) <= margin

    def _start_auto_refresh(self) -> None:
        if self._auto_task is not None and not self._auto_task.done():
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            _log.warning("auto-refresh is due but no event loop is running")
            return
        self._auto_task = self._spawn(self._auto_refresh())

    async def _auto_refresh(self) -> None:
        # The flow may have moved on between the tick that scheduled this and now.
        if self._authorizing or self._state not in _AUTO_REFRESH_STATES:
            return
        try:
            await self._refresh(auto=True)
        except FlowCancelled:
            pass
        except SCBConsoleError:  # already reported by an event
            self._auto_not_before = self._clock.monotonic() + AUTO_REFRESH_RETRY_AFTER

    # --- ending ---------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop wherever the flow is; pending requests are cancelled, :attr:`tokens` kept."""
        self._cancel_tasks()
        self._drop_code()
        self._authorizing = False
        if self._state != FlowState.CANCELLED:
            self._go(FlowState.CANCELLED, tr("cancelled"))

    def reset(self) -> None:
        """Back to IDLE with nothing in hand (:attr:`history` is kept)."""
        self._cancel_tasks()
        self._authorize_result = None
        self._expected_state = None
        self._drop_code()
        self._redirect = None
        self._tokens = None
        self._last_error = None
        self._authorizing = False
        self._auto_not_before = None
        if self._state != FlowState.IDLE:
            self._go(FlowState.IDLE, tr("ready: start with Authorize"))

    # --- internals ------------------------------------------------------------------------------

    def _drop_code(self) -> None:
        self._code = None
        self._code_deadline = None

    def _adopt(self, tokens: TokenSet) -> None:
        self._tokens = tokens
        self._history.append(tokens)

    def _token_summary(self, tokens: TokenSet) -> str:
        left = format_remaining(tokens.access_remaining(self._clock))
        parts = [tr("access token valid for {left}", left=left)]
        refresh_left = tokens.refresh_remaining(self._clock)
        if refresh_left is not None:
            parts.append(tr("refresh token for {left}", left=format_remaining(refresh_left)))
        return ", ".join(parts)

    def _spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _run(self, coro: Coroutine[Any, Any, T], generation: int) -> T:
        """Run a request as a task the flow can cancel.

        ``generation`` is the flow's when the action began. When :meth:`cancel` or :meth:`reset`
        came since (even from a listener of the action's first event), or comes while the request
        is in flight, its outcome (an answer or an error) is dropped and :class:`FlowCancelled`
        raised instead.
        """
        if generation != self._generation:
            coro.close()
            raise FlowCancelled(tr(_CANCELLED_MESSAGE))
        task = self._spawn(coro)
        try:
            result = await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                # our caller was cancelled: the flow must not stay busy, so it is cancelled too
                if generation == self._generation:
                    self.cancel()
                raise
            raise FlowCancelled(tr(_CANCELLED_MESSAGE)) from None
        except SCBConsoleError:
            if generation != self._generation:
                raise FlowCancelled(tr(_CANCELLED_MESSAGE)) from None
            raise
        except Exception as exc:  # a bug below us: the flow must not stay busy
            _log.exception("unexpected error in a flow request")
            if generation != self._generation:
                raise FlowCancelled(tr(_CANCELLED_MESSAGE)) from None
            raise SCBConsoleError(
                tr("internal error ({kind}); details are in the log", kind=type(exc).__name__)
            ) from exc
        if generation != self._generation:
            raise FlowCancelled(tr(_CANCELLED_MESSAGE))
        return result

    def _cancel_tasks(self) -> None:
        self._generation += 1
        current = asyncio.current_task() if _loop_running() else None
        for task in list(self._tasks):
            if task is not current:
                task.cancel()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


_CANCELLED_MESSAGE: Final = "cancelled: the request's answer was dropped"


def _code_expired_message() -> str:
    return tr(
        "the authorization code expired (codes live {ttl} s): authorize again",
        ttl=contract.CODE_TTL,
    )


def _refresh_dead_message(*, auto: bool) -> str:
    if auto:
        return tr("refresh token is dead: authorize again (auto-refresh stopped)")
    return tr("refresh token is dead: authorize again")
