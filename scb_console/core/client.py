"""SCBClient: SCB's five auth calls over one injected ``httpx.AsyncClient``.

Each call is split in two. ``prepare_*`` builds a :class:`PreparedRequest` without any I/O: the
exact method, URL, headers and JSON body that will be sent, with a fresh ``requestUId``, so a UI
can show it (masked, or as curl) before sending. The typed call (``server_token``, ``authorize``,
``exchange_code``, ``refresh``, ``customer_profile``) sends a prepared request (its own, or the one
the UI showed), parses the answer with :mod:`scb_console.core.envelope` and returns a frozen result
from :mod:`scb_console.core.models`, or raises one error of :mod:`scb_console.core.errors`.

Every exchange, failed ones too, becomes one masked
:class:`~scb_console.core.exchange.ExchangeRecord`
in the client's :class:`~scb_console.core.exchange.ExchangeLog` (when it has one).

Safety rules the client enforces:

- TLS verification is never turned off: a client built with ``verify=False`` is refused.
- Secrets go over plain http only to a loopback host (the local sandbox); anything else needs https.
- Redirects are never followed (a redirect must not carry the API secret elsewhere).
- A token is only sent to the profile, environment and base URL that obtained it.
- Bodies are read up to :data:`~scb_console.core.envelope.MAX_BODY_BYTES` (+1 byte to notice more).
- ``profile.timeout`` bounds every call as a whole, on top of httpx's per-phase timeouts.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import math
import re
import ssl
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

import httpx

from scb_console.core import curl
from scb_console.core.clock import Clock, SystemClock
from scb_console.core.contract import (
    PATH_AUTHORIZE,
    PATH_PROFILE,
    PATH_REFRESH,
    PATH_TOKEN,
    Field,
    Header,
    StatusCode,
)
from scb_console.core.envelope import (
    MAX_BODY_BYTES,
    Answer,
    Step,
    TokenData,
    parse_authorize,
    parse_customer_profile,
    parse_http_date,
    parse_token,
    transport_error,
)
from scb_console.core.errors import (
    ApiError,
    ConnectError,
    FlowError,
    ProfileError,
    SCBConsoleError,
)
from scb_console.core.exchange import ExchangeLog, ExchangeRecord
from scb_console.core.masking import (
    SECRET_FIELDS,
    mask_headers,
    mask_json,
    mask_text,
    mask_url,
)
from scb_console.core.models import AuthorizeResult, CustomerProfile, Profile, TokenKind, TokenSet

__all__ = ["PreparedRequest", "SCBClient", "Step", "new_request_uid"]

T = TypeVar("T")

#: The longest response body an exchange record keeps (bodies are read up to 1 MiB).
LOG_BODY_CHARS: Final = 64 * 1024
_JSON: Final = "application/json"
#: What a header value may hold: visible ASCII, spaces and tabs.
_HEADER_VALUE: Final = re.compile(r"[\t\x20-\x7e]*")


def new_request_uid() -> str:
    """A fresh ``requestUId``: a random UUID4."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """Exactly what will be sent, before it is sent. ``repr`` and ``masked_*`` hide secrets."""

    step: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    json_body: dict[str, str] | None = field(hash=False)
    request_uid: str

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (any case), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def body_bytes(self) -> bytes:
        """The body as sent on the wire (empty for a GET)."""
        if self.json_body is None:
            return b""
        return curl.json_body_text(self.json_body).encode("utf-8")

    def masked_url(self) -> str:
        return mask_url(self.url)

    def masked_headers(self) -> tuple[tuple[str, str], ...]:
        return mask_headers(self.headers)

    def masked_body_text(self) -> str:
        """The JSON body with secret fields masked ("" for a GET)."""
        if self.json_body is None:
            return ""
        return json.dumps(mask_json(self.json_body), ensure_ascii=False)

    def secrets(self) -> tuple[str, ...]:
        """The secret values this request carries (to scrub them from anything logged)."""
        found: list[str] = []
        for name, value in self.headers:
            lowered = name.lower()
            if lowered == Header.API_SECRET.lower():
                found.append(value)
            elif lowered == Header.AUTHORIZATION.lower():
                found.append(value.partition(" ")[2] or value)
        for key, value in (self.json_body or {}).items():
            if key in SECRET_FIELDS:
                found.append(value)
        return tuple(s for s in found if s)

    def to_curl(self, *, reveal: bool = False) -> str:
        """A curl command. Masked (default): secrets become ``"${SCB_API_SECRET}"`` and friends."""
        return curl.render_curl(self.method, self.url, self.headers, self.json_body, reveal=reveal)

    def curl_variables(self) -> tuple[str, ...]:
        """The shell variables the masked curl command expects (``SCB_API_SECRET``, ...)."""
        return tuple(curl.variables(self.headers, self.json_body))

    def __repr__(self) -> str:
        return (
            f"PreparedRequest(step={self.step!r}, method={self.method!r}, "
            f"url={self.masked_url()!r}, headers={self.masked_headers()!r}, "
            f"json_body={self.masked_body_text()!r}, request_uid={self.request_uid!r})"
        )


@dataclass(frozen=True, slots=True)
class _Received:
    answer: Answer
    mono: float
    wall: float


def _refuse_unverified(http: httpx.AsyncClient) -> None:
    """Raise when ``http`` was built with ``verify=False`` (as far as httpx lets us see)."""
    transports: list[object] = [getattr(http, "_transport", None)]
    transports.extend(getattr(http, "_mounts", {}).values())
    for deferred in list(transports):  # (core.transport.DeferredTLSTransport: what it made)
        made = getattr(deferred, "made_transports", None)
        if callable(made):
            transports.extend(made())
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        context = getattr(pool, "_ssl_context", None)
        if isinstance(context, ssl.SSLContext) and (
            context.verify_mode == ssl.CERT_NONE or not context.check_hostname
        ):
            raise ConnectError(
                "This HTTP client does not verify TLS certificates or host names "
                "(verify=False); SCB Console sends API secrets and tokens only over verified TLS"
            )


def _is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SCBClient:
    """SCB's auth calls for one profile. Not bound to a loop: share ``http`` across clients."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        profile: Profile,
        api_secret: str,
        *,
        clock: Clock | None = None,
        log: ExchangeLog | None = None,
    ) -> None:
        _refuse_unverified(http)
        self._http = http
        self._profile = profile
        self._api_secret = api_secret
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._log = log
        #: The last base URL that passed :meth:`_base_url`'s checks (a string: no I/O to redo).
        self._checked_base_url: str | None = None

    def __repr__(self) -> str:
        return (
            f"SCBClient(profile={self._profile.name!r}, "
            f"environment={self._profile.environment.value})"
        )

    @property
    def profile(self) -> Profile:
        return self._profile

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def log(self) -> ExchangeLog | None:
        return self._log

    # --- building requests (no I/O) -------------------------------------------------------

    def _base_url(self) -> str:
        profile = self._profile
        base = profile.resolved_base_url
        if base == self._checked_base_url:  # checked before (every call builds the URL twice)
            return base
        problem = ""
        try:
            parsed = httpx.URL(base)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            problem = f"is not a URL ({exc})"
        else:
            if parsed.scheme not in ("http", "https") or not parsed.host:
                problem = "needs http(s)://host"
            elif parsed.scheme == "http" and not _is_loopback_host(parsed.host):
                problem = (
                    f"uses plain http to {parsed.host}; secrets go over https only "
                    "(plain http is allowed to 127.0.0.1 and localhost)"
                )
            elif parsed.query or parsed.fragment:
                problem = "must not have a query or fragment"
        if problem:
            shown = base or "(none)"
            raise ProfileError(f"The base URL {shown!r} of profile {profile.name!r} {problem}")
        self._checked_base_url = base
        return base

    def _url(self, path: str) -> str:
        return self._base_url() + path

    def _header(self, name: str, value: str, what: str) -> tuple[str, str]:
        """A header whose value HTTP can carry (visible ASCII and spaces), or a ProfileError."""
        if _HEADER_VALUE.fullmatch(value) is None:
            raise ProfileError(
                f"The {what} of profile {self._profile.name!r} contains a character an HTTP "
                "header cannot carry (only ASCII letters, digits and punctuation)"
            )
        return (name, value)

    def _common(self, request_uid: str) -> list[tuple[str, str]]:
        """``resourceOwnerId`` (the API key) and ``requestUId``."""
        return [
            self._header(Header.RESOURCE_OWNER_ID, self._profile.api_key, "API key"),
            (Header.REQUEST_UID, request_uid),
        ]

    def _language(self) -> list[tuple[str, str]]:
        language = self._profile.accept_language
        if not language:
            return []
        return [self._header(Header.ACCEPT_LANGUAGE, language, "accept-language")]

    def _token_request(self, step: Step, path: str, extra: dict[str, str]) -> PreparedRequest:
        uid = new_request_uid()
        headers = [(Header.CONTENT_TYPE, _JSON), *self._common(uid), *self._language()]
        body = {
            Field.APPLICATION_KEY: self._profile.api_key,
            Field.APPLICATION_SECRET: self._api_secret,
            **extra,
        }
        return PreparedRequest(step.value, "POST", self._url(path), tuple(headers), body, uid)

    def prepare_server_token(self) -> PreparedRequest:
        """``POST /v1/oauth/token`` with the API key and secret (2-legged)."""
        return self._token_request(Step.SERVER_TOKEN, PATH_TOKEN, {})

    def prepare_authorize(self, *, state: str | None = None) -> PreparedRequest:
        """``GET /v2/oauth/authorize`` with the profile's channel, endState and partner query."""
        profile = self._profile
        uid = new_request_uid()
        headers = [
            self._header(Header.API_KEY, profile.api_key, "API key"),
            self._header(Header.API_SECRET, self._api_secret, "API secret"),
            *self._common(uid),
            self._header(Header.RESPONSE_CHANNEL, profile.response_channel, "response-channel"),
            self._header(Header.END_STATE, profile.end_state, "endState"),
            *self._language(),
        ]
        if profile.redirect_option:
            headers.append(
                self._header(Header.REDIRECT_OPTION, profile.redirect_option, "redirectOption")
            )
        if state is not None:
            headers.append(self._header(Header.STATE, state, "state"))
        url = self._url(PATH_AUTHORIZE)
        if profile.partner_query:
            url += "?" + str(httpx.QueryParams(list(profile.partner_query)))
        return PreparedRequest(Step.AUTHORIZE.value, "GET", url, tuple(headers), None, uid)

    def prepare_exchange_code(self, code: str, *, state: str | None = None) -> PreparedRequest:
        """``POST /v1/oauth/token`` with the authorization code (3-legged, step 3)."""
        if not code or not code.strip():
            raise FlowError("There is no authorization code to exchange: authorize first")
        extra = {Field.AUTH_CODE: code}
        if state is not None:
            extra[Field.STATE] = state
        return self._token_request(Step.EXCHANGE_CODE, PATH_TOKEN, extra)

    def prepare_refresh(self, refresh_token: str) -> PreparedRequest:
        """``POST /v1/oauth/token/refresh`` with the refresh token."""
        if not refresh_token:
            raise FlowError("There is no refresh token to refresh with: authorize again")
        return self._token_request(Step.REFRESH, PATH_REFRESH, {Field.REFRESH_TOKEN: refresh_token})

    def prepare_customer_profile(self, token: TokenSet) -> PreparedRequest:
        """``GET /v2/customers/profile`` with the user's access token and ``resourceOwnerId``."""
        self._check_bound(token)
        if not token.resource_owner_id:
            raise FlowError(
                f"This {token.kind.value} token has no resourceOwnerId (the customer's id from "
                "the code exchange): the customer profile needs a user token"
            )
        uid = new_request_uid()
        headers = [
            self._header(Header.AUTHORIZATION, token.authorization_header, "access token"),
            self._header(Header.RESOURCE_OWNER_ID, token.resource_owner_id, "resourceOwnerId"),
            (Header.REQUEST_UID, uid),
            *self._language(),
        ]
        return PreparedRequest(
            Step.CUSTOMER_PROFILE.value, "GET", self._url(PATH_PROFILE), tuple(headers), None, uid
        )

    # --- checks -----------------------------------------------------------------------------

    def _check_bound(self, token: TokenSet) -> None:
        """A token goes only to the profile, environment and base URL that obtained it."""
        profile = self._profile
        here = profile.resolved_base_url
        if (
            token.profile_name != profile.name
            or token.environment != profile.environment
            or token.base_url.rstrip("/") != here
        ):
            raise FlowError(
                f"This {token.kind.value} token was issued by {token.environment.label} "
                f"({token.base_url}) for profile {token.profile_name!r}; not sent to "
                f"{profile.environment.label} ({here}) of profile {profile.name!r}",
                request_uid=token.request_uid,
            )

    def _check_prepared(
        self, prepared: PreparedRequest, step: Step, method: str, path: str
    ) -> None:
        if prepared.step != step or prepared.method != method:
            raise FlowError(
                f"A prepared {prepared.step} request ({prepared.method}) cannot be sent as the "
                f"{step.label}",
                request_uid=prepared.request_uid,
            )
        url = self._url(path)
        if prepared.url != url and not prepared.url.startswith(url + "?"):
            raise FlowError(
                f"This prepared request goes to {prepared.masked_url()}, not to {url} of profile "
                f"{self._profile.name!r}; prepare it again",
                request_uid=prepared.request_uid,
            )

    # --- sending ------------------------------------------------------------------------------

    async def _send(self, request: httpx.Request, prepared: PreparedRequest) -> _Received:
        """Send, read the body up to the cap, and close. Network trouble -> the error tree."""
        timeout = self._profile.timeout
        try:
            async with asyncio.timeout(timeout):
                response = await self._http.send(request, stream=True, follow_redirects=False)
                try:
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size > MAX_BODY_BYTES:
                            break
                finally:
                    await response.aclose()
        except (httpx.HTTPError, TimeoutError, OSError) as exc:
            raise transport_error(
                exc,
                url=str(request.url),
                request_uid=prepared.request_uid,
                step=prepared.step,
                timeout=timeout,
            ) from exc
        answer = Answer(
            status=response.status_code,
            headers=tuple(
                (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
            ),
            body=b"".join(chunks)[: MAX_BODY_BYTES + 1],
            request_uid=prepared.request_uid,
        )
        return _Received(answer, self._clock.monotonic(), self._clock.wall())

    async def _exchange(
        self,
        prepared: PreparedRequest,
        parse: Callable[[_Received, tuple[str, ...]], T],
    ) -> T:
        """Send ``prepared``, parse the answer, and log one masked record whatever happens."""
        secrets = (self._api_secret, *prepared.secrets())
        started_wall = self._clock.wall()
        started_mono = self._clock.monotonic()
        request: httpx.Request | None = None
        received: _Received | None = None
        outcome: BaseException | None = None
        scb_code: int | None = None
        try:
            request = self._http.build_request(
                prepared.method,
                prepared.url,
                headers=list(prepared.headers),
                content=prepared.body_bytes() or None,
                timeout=httpx.Timeout(self._profile.timeout),
            )
            received = await self._send(request, prepared)
            result = parse(received, secrets)
            scb_code = int(StatusCode.SUCCESS)
            return result
        except ApiError as exc:
            scb_code = exc.code
            outcome = exc
            raise
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:  # from build_request
            error = transport_error(
                exc,
                url=prepared.url,
                request_uid=prepared.request_uid,
                step=prepared.step,
                timeout=self._profile.timeout,
            )
            outcome = error
            raise error from exc
        except BaseException as exc:
            outcome = exc
            raise
        finally:
            if self._log is not None:
                elapsed = self._clock.monotonic() - started_mono
                self._log.append(
                    self._record(
                        prepared,
                        request,
                        received,
                        outcome,
                        scb_code,
                        secrets,
                        started_wall,
                        elapsed,
                    )
                )

    def _record(
        self,
        prepared: PreparedRequest,
        request: httpx.Request | None,
        received: _Received | None,
        outcome: BaseException | None,
        scb_code: int | None,
        secrets: tuple[str, ...],
        started_wall: float,
        elapsed: float,
    ) -> ExchangeRecord:
        assert self._log is not None
        if request is not None:
            url = mask_url(str(request.url))
            sent_headers = mask_headers(
                (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
            )
        else:
            url = prepared.masked_url()
            sent_headers = prepared.masked_headers()
        if outcome is None:
            error = None
        elif isinstance(outcome, SCBConsoleError):
            error = mask_text(str(outcome), secrets)
        elif isinstance(outcome, asyncio.CancelledError):
            error = "cancelled before an answer was read"
        else:
            error = f"internal error: {type(outcome).__name__}"
        answer = received.answer if received is not None else None
        return ExchangeRecord(
            seq=self._log.next_seq(),
            started_wall=started_wall,
            step=prepared.step,
            method=prepared.method,
            url=url,
            request_headers=sent_headers,
            request_body=prepared.masked_body_text(),
            status=answer.status if answer is not None else None,
            response_headers=mask_headers(answer.headers) if answer is not None else (),
            response_body=_loggable_body(answer.body, secrets) if answer is not None else "",
            duration_ms=max(0.0, elapsed * 1000.0),
            request_uid=prepared.request_uid,
            scb_code=scb_code,
            error=error,
            profile_name=self._profile.name,
            environment=self._profile.environment.value,
        )

    # --- building results ---------------------------------------------------------------------

    def _token_set(
        self,
        received: _Received,
        data: TokenData,
        *,
        kind: TokenKind,
        resource_owner_id: str | None,
        replaces: str | None = None,
        previous: TokenSet | None = None,
    ) -> TokenSet:
        profile = self._profile
        server_date = parse_http_date(received.answer.header(Header.DATE))
        refresh_token = data.refresh_token
        refresh_expires_in = data.refresh_expires_in
        refresh_expires_at = data.refresh_expires_at
        if refresh_token is None and previous is not None and previous.refresh_token:
            # The answer kept the old refresh token: keep it, with its deadline unchanged
            # (whole seconds left, rounded down so the console never promises too much).
            refresh_token = previous.refresh_token
            refresh_expires_at = previous.refresh_expires_at
            old = previous.refresh_deadline
            if old is not None:
                refresh_expires_in = max(0, math.floor(old.at - received.mono))
        return TokenSet(
            kind=kind,
            access_token=data.access_token,
            token_type=data.token_type,
            expires_in=data.expires_in,
            expires_at=data.expires_at,
            issued_mono=received.mono,
            issued_wall=received.wall,
            request_uid=received.answer.request_uid,
            profile_name=profile.name,
            environment=profile.environment,
            base_url=profile.resolved_base_url,
            refresh_token=refresh_token,
            refresh_expires_in=refresh_expires_in,
            refresh_expires_at=refresh_expires_at,
            resource_owner_id=resource_owner_id,
            server_date=server_date,
            skew=None if server_date is None else server_date - received.wall,
            raw=data.raw,
            replaces=replaces,
        )

    # --- the typed calls --------------------------------------------------------------------

    async def server_token(self, *, prepared: PreparedRequest | None = None) -> TokenSet:
        """A 2-legged server token (kind SERVER)."""
        prepared = prepared if prepared is not None else self.prepare_server_token()
        self._check_prepared(prepared, Step.SERVER_TOKEN, "POST", PATH_TOKEN)

        def parse(received: _Received, secrets: tuple[str, ...]) -> TokenSet:
            data = parse_token(
                received.answer,
                step=Step.SERVER_TOKEN,
                profile_name=self._profile.name,
                require_refresh=False,
                secrets=secrets,
            )
            return self._token_set(received, data, kind=TokenKind.SERVER, resource_owner_id=None)

        return await self._exchange(prepared, parse)

    async def authorize(
        self, *, state: str | None = None, prepared: PreparedRequest | None = None
    ) -> AuthorizeResult:
        """The deeplink that opens SCB Easy's sign-in and consent (3-legged, step 1)."""
        if prepared is None:
            prepared = self.prepare_authorize(state=state)
        elif state is not None and prepared.header(Header.STATE) != state:
            raise FlowError(
                "The prepared authorize request carries another state than the one given",
                request_uid=prepared.request_uid,
            )
        self._check_prepared(prepared, Step.AUTHORIZE, "GET", PATH_AUTHORIZE)
        sent_state = prepared.header(Header.STATE)

        def parse(received: _Received, secrets: tuple[str, ...]) -> AuthorizeResult:
            deeplink = parse_authorize(
                received.answer, profile_name=self._profile.name, secrets=secrets
            )
            return AuthorizeResult(deeplink, prepared.request_uid, sent_state)

        return await self._exchange(prepared, parse)

    async def exchange_code(
        self,
        code: str | None = None,
        *,
        state: str | None = None,
        prepared: PreparedRequest | None = None,
    ) -> TokenSet:
        """A user token (kind USER) for an authorization code (3-legged, step 3)."""
        if prepared is None:
            prepared = self.prepare_exchange_code(code or "", state=state)
        elif code is not None and (prepared.json_body or {}).get(Field.AUTH_CODE) != code:
            raise FlowError(
                "The prepared code exchange carries another code than the one given",
                request_uid=prepared.request_uid,
            )
        self._check_prepared(prepared, Step.EXCHANGE_CODE, "POST", PATH_TOKEN)

        def parse(received: _Received, secrets: tuple[str, ...]) -> TokenSet:
            data = parse_token(
                received.answer,
                step=Step.EXCHANGE_CODE,
                profile_name=self._profile.name,
                require_refresh=True,
                secrets=secrets,
            )
            owner = received.answer.header(Header.RESOURCE_OWNER_ID) or None
            return self._token_set(received, data, kind=TokenKind.USER, resource_owner_id=owner)

        return await self._exchange(prepared, parse)

    async def refresh(
        self, previous: TokenSet, *, prepared: PreparedRequest | None = None
    ) -> TokenSet:
        """A new access token for ``previous``'s refresh token.

        When the answer carries no refresh token, the previous one is kept with its deadline.
        ``resourceOwnerId`` carries over; ``replaces`` names the previous token's requestUId.
        """
        self._check_bound(previous)
        if not previous.refresh_token:
            raise FlowError(
                f"This {previous.kind.value} token has no refresh token: get a new one "
                "(a server token is never refreshed; a user token needs authorize again)",
                request_uid=previous.request_uid,
            )
        if prepared is None:
            prepared = self.prepare_refresh(previous.refresh_token)
        elif (prepared.json_body or {}).get(Field.REFRESH_TOKEN) != previous.refresh_token:
            raise FlowError(
                "The prepared refresh carries another refresh token than the token given",
                request_uid=prepared.request_uid,
            )
        self._check_prepared(prepared, Step.REFRESH, "POST", PATH_REFRESH)

        def parse(received: _Received, secrets: tuple[str, ...]) -> TokenSet:
            data = parse_token(
                received.answer,
                step=Step.REFRESH,
                profile_name=self._profile.name,
                require_refresh=False,
                secrets=secrets,
            )
            return self._token_set(
                received,
                data,
                kind=previous.kind,
                resource_owner_id=previous.resource_owner_id,
                replaces=previous.request_uid,
                previous=previous,
            )

        return await self._exchange(prepared, parse)

    async def customer_profile(
        self, token: TokenSet, *, prepared: PreparedRequest | None = None
    ) -> CustomerProfile:
        """The customer's profile: the call that proves a user token works."""
        if prepared is None:
            prepared = self.prepare_customer_profile(token)
        else:
            self._check_bound(token)
            if prepared.header(Header.AUTHORIZATION) != token.authorization_header:
                raise FlowError(
                    "The prepared customer profile call carries another access token than the "
                    "token given",
                    request_uid=prepared.request_uid,
                )
        self._check_prepared(prepared, Step.CUSTOMER_PROFILE, "GET", PATH_PROFILE)

        def parse(received: _Received, secrets: tuple[str, ...]) -> CustomerProfile:
            raw = parse_customer_profile(
                received.answer, profile_name=self._profile.name, secrets=secrets
            )
            return CustomerProfile(raw=raw, request_uid=prepared.request_uid)

        return await self._exchange(prepared, parse)


def _loggable_body(body: bytes, secrets: Iterable[str]) -> str:
    """A response body for the exchange log: JSON with secret fields masked, or masked text."""
    try:
        decoded: Any = json.loads(body)
    except (ValueError, RecursionError):
        text = body.decode("utf-8", errors="replace")
    else:
        try:
            text = json.dumps(mask_json(decoded), ensure_ascii=False)
        except (ValueError, RecursionError):
            text = body.decode("utf-8", errors="replace")
    text = mask_text(text, secrets)  # before cutting, so no secret is cut in two unmasked
    if len(text) > LOG_BODY_CHARS:
        text = text[:LOG_BODY_CHARS] + f"… (cut at {LOG_BODY_CHARS} characters)"
    return text
