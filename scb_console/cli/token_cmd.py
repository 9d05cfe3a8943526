"""``scb-console token server | user | refresh`` and ``scb-console call profile``.

Each prints one JSON document on stdout (tokens masked unless ``--reveal``); what is meant for
the person at the terminal (the deeplink, the QR code, the countdown, notes) goes to stderr.

Kept tokens: ``token user --keep`` (with ``--profile``) stores the access token, the refresh
token and the ``resourceOwnerId`` in the OS keyring under the profile; ``token refresh`` and
``call profile`` then find them there, and ``token refresh`` keeps the stored ones current.
Without ``--keep`` nothing but the JSON output ever holds a token.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import urllib.parse
from collections.abc import AsyncIterator, Coroutine
from typing import TYPE_CHECKING, Any, Final

from scb_console.cli.common import (
    ENV_ACCESS_TOKEN,
    ENV_REFRESH_TOKEN,
    ENV_RESOURCE_OWNER_ID,
    KEY_ACCESS_TOKEN,
    KEY_REFRESH_TOKEN,
    KEY_RESOURCE_OWNER_ID,
    Connection,
    UsageError,
    add_connection_options,
    keep_tokens,
    parse_token_document,
    persistent_store_or_fail,
    positive_seconds,
    resolve_connection,
    token_json,
)
from scb_console.cli.console import Countdown, StdinReader, note, print_json, print_qr
from scb_console.cli.i18n import tr
from scb_console.core import contract
from scb_console.core.clock import SystemClock
from scb_console.core.errors import RedirectError
from scb_console.core.models import RedirectParams, TokenKind, TokenSet

if TYPE_CHECKING:  # imported for real inside the commands: they pull in httpx and the HTTP server
    from scb_console.core.client import SCBClient
    from scb_console.core.exchange import ExchangeLog, ExchangeRecord
    from scb_console.core.flow import UserFlow
    from scb_console.infra.receiver import RedirectReceiver

#: How long ``token user`` waits for the redirect unless ``--wait`` says otherwise.
DEFAULT_WAIT: Final = float(contract.CODE_TTL)


def _common_options(parser: argparse.ArgumentParser) -> None:
    add_connection_options(parser)
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="print one line per HTTP exchange on stderr (secrets masked)",
    )
    parser.add_argument(
        "--har",
        metavar="FILE",
        help="write the HTTP exchanges to FILE as HAR 1.2 (secrets masked)",
    )


def configure_token_parser(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="token_command", metavar="KIND", required=True)

    server = sub.add_parser(
        "server",
        help="a server token (2-legged: API key + secret)",
        description="Get a server token (POST /v1/oauth/token with the API key and secret).",
    )
    _common_options(server)
    server.set_defaults(_handler=cmd_server)

    user = sub.add_parser(
        "user",
        help="a user token (3-legged: deeplink, consent, code exchange)",
        description=(
            "Ask SCB for the sign-in deeplink, show it with a QR code, wait for the redirect "
            "(on the loopback receiver, or pasted on stdin: the redirect URL or the bare code), "
            "then exchange the code for tokens. The authorization code lives "
            f"{contract.CODE_TTL} s, so the code is exchanged as soon as it arrives."
        ),
    )
    _common_options(user)
    user.add_argument(
        "--receiver-port",
        type=int,
        metavar="PORT",
        help="port of the loopback receiver on 127.0.0.1 (default: the port of the profile's "
        f"loopback callback URL, else {contract.DEFAULT_RECEIVER_PORT}; 0 picks a free one)",
    )
    user.add_argument(
        "--no-receiver",
        action="store_true",
        help="do not listen: paste the redirect URL or the code on stdin (for a partner's "
        "https callback URL the console cannot listen on)",
    )
    user.add_argument(
        "--wait",
        type=positive_seconds,
        default=DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"how long to wait for the redirect (default {DEFAULT_WAIT:g})",
    )
    user.add_argument("--no-qr", action="store_true", help="do not draw the QR code")
    user.add_argument(
        "--keep",
        action="store_true",
        help="store the tokens in the OS keyring under --profile (never in a file), for "
        "`token refresh` and `call profile`",
    )
    user.set_defaults(_handler=cmd_user)

    refresh = sub.add_parser(
        "refresh",
        help="a new access token from a refresh token",
        description=(
            "Refresh a user token. The refresh token comes from stdin (--refresh-token-stdin: "
            f"a line, or the JSON of `token user --reveal`), from ${ENV_REFRESH_TOKEN}, or "
            "from the keyring where `token user --keep` stored it (then the stored tokens are "
            "updated)."
        ),
    )
    _common_options(refresh)
    refresh.add_argument(
        "--refresh-token-stdin",
        action="store_true",
        help="read the refresh token from stdin (after the API secret line, if any)",
    )
    refresh.add_argument(
        "--keep", action="store_true", help="store the new tokens in the keyring (--profile)"
    )
    refresh.set_defaults(_handler=cmd_refresh)


def configure_call_parser(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="call_command", metavar="API", required=True)
    profile = sub.add_parser(
        "profile",
        help="GET /v2/customers/profile with a user token",
        description=(
            "Call the customer profile API with a user access token and its resourceOwnerId: "
            "from stdin (--access-token-stdin: a line, or the JSON of `token user --reveal`), "
            f"from ${ENV_ACCESS_TOKEN} and ${ENV_RESOURCE_OWNER_ID}, or from the keyring where "
            "`token user --keep` stored them."
        ),
    )
    _common_options(profile)
    profile.add_argument(
        "--access-token-stdin",
        action="store_true",
        help="read the access token from stdin (a line, or token JSON)",
    )
    profile.add_argument(
        "--resource-owner-id",
        metavar="ID",
        help="the customer's id (the resourceOwnerId header of the code exchange)",
    )
    profile.set_defaults(_handler=cmd_call_profile)


# --- running a command against SCB ----------


def _print_record(record: ExchangeRecord) -> None:
    status = record.status if record.status is not None else tr("no answer")
    code = tr(" code {code}", code=record.scb_code) if record.scb_code is not None else ""
    error = f": {record.error}" if record.error else ""
    note(
        tr(
            "{method} {url} -> {status}{code} in {ms} ms (requestUId {uid}){error}",
            method=record.method,
            url=record.url,
            status=status,
            code=code,
            ms=f"{record.duration_ms:.0f}",
            uid=record.request_uid,
            error=error,
        )
    )


@contextlib.asynccontextmanager
async def _client(args: argparse.Namespace, conn: Connection) -> AsyncIterator[SCBClient]:
    import httpx

    from scb_console.core.client import SCBClient
    from scb_console.core.exchange import ExchangeLog

    log: ExchangeLog | None = None
    if args.verbose or args.har:
        log = ExchangeLog()
        if args.verbose:
            log.subscribe(_print_record)
    timeout = httpx.Timeout(conn.profile.timeout)
    try:
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as http:
            yield SCBClient(http, conn.profile, conn.api_secret, clock=SystemClock(), log=log)
    finally:
        if log is not None and args.har:
            path = log.write_har(args.har)
            note(tr("HTTP exchanges written to {path} (HAR 1.2, secrets masked)", path=path))


def _run(coro: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coro)


# --- token server ----------


def cmd_server(args: argparse.Namespace, stdin: StdinReader) -> int:
    conn = resolve_connection(args, stdin)

    async def go() -> int:
        async with _client(args, conn) as client:
            tokens = await client.server_token()
        print_json(token_json(tokens, reveal=args.reveal))
        return 0

    return _run(go())


# --- token user ----------


def _receiver_target(args: argparse.Namespace, conn: Connection) -> tuple[int, str] | None:
    """Where to listen: --receiver-port, else the profile's loopback callback URL's port.

    None when the profile's callback URL is elsewhere (a partner's https URL) and no port was
    asked for: the redirect never comes here, so it is pasted instead.
    """
    path = contract.RECEIVER_PATH
    port: int | None = args.receiver_port
    callback = conn.profile.callback_url
    if callback:
        parsed = urllib.parse.urlsplit(callback)
        host = (parsed.hostname or "").lower()
        if parsed.scheme == "http" and host in ("127.0.0.1", "localhost", "::1"):
            path = parsed.path or "/"
            if port is None:
                port = parsed.port or 80
        elif port is None:
            if not args.no_receiver:
                note(
                    tr(
                        "the callback URL {url} is not on this machine, so nothing listens for "
                        "the redirect here: paste the redirect URL (or the code) when you have it",
                        url=callback,
                    )
                )
            return None
    if port is None:
        port = contract.DEFAULT_RECEIVER_PORT
    if not 0 <= port <= 65535:
        raise UsageError(tr("--receiver-port {port} is not a port (0 to 65535)", port=port))
    return port, path


async def _next_line(queue: asyncio.Queue[str | None]) -> str | None:
    return await queue.get()


async def _wait_for_redirect(
    flow: UserFlow,
    receiver: RedirectReceiver | None,
    stdin: StdinReader,
    wait: float,
) -> None:
    """Until the flow has a code (or a denial): the receiver, or text pasted on stdin."""
    typing = stdin.isatty()  # the person may paste on this terminal: no in-place rewriting
    countdown = Countdown(tr("waiting for the redirect"), wait, in_place=False if typing else None)
    countdown.start()
    lines = stdin.lines(asyncio.get_running_loop()) if not stdin.eof else None
    received: asyncio.Task[RedirectParams] | None = (
        asyncio.ensure_future(receiver.wait(wait)) if receiver is not None else None
    )
    pasted: asyncio.Task[str | None] | None = (
        asyncio.ensure_future(_next_line(lines)) if lines is not None else None
    )
    try:
        while True:
            waiting = {t for t in (received, pasted) if t is not None}
            if not waiting:
                raise RedirectError(
                    tr(
                        "stdin was closed and nothing listens for the redirect: paste the "
                        "redirect URL on stdin, or run without --no-receiver"
                    )
                )
            done, _ = await asyncio.wait(
                waiting, timeout=countdown.remaining(), return_when=asyncio.FIRST_COMPLETED
            )
            if not done:
                raise RedirectError(
                    tr(
                        "no redirect arrived within {seconds} s: run the command again "
                        "(--wait SECONDS allows longer)",
                        seconds=f"{wait:g}",
                    )
                )
            if received is not None and received in done:
                params = received.result()  # RedirectError when the receiver gave up
                flow.accept_redirect(params)
                return
            if pasted is not None and pasted in done:
                text = pasted.result()
                if text is None:
                    pasted = None  # stdin ended: the receiver may still get it
                    continue
                if text.strip():
                    try:
                        flow.accept_text(text)
                    except RedirectError as exc:
                        note(
                            tr(
                                "cannot use that: {error}; paste the redirect URL or the code "
                                "again",
                                error=exc,
                            )
                        )
                    else:
                        return
                assert lines is not None
                pasted = asyncio.ensure_future(_next_line(lines))
    finally:
        await countdown.stop()
        for task in (received, pasted):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, RedirectError):
                    await task


def cmd_user(args: argparse.Namespace, stdin: StdinReader) -> int:
    conn = resolve_connection(args, stdin)
    if args.keep:
        persistent_store_or_fail(conn, "--keep")  # say so now, not after the sign-in
    target = None if args.no_receiver else _receiver_target(args, conn)
    if target is None and stdin.eof:
        raise UsageError(
            tr(
                "nothing listens for the redirect and stdin is closed: there is no way to take "
                "the redirect URL or code"
            )
        )

    async def go() -> int:
        from scb_console.core.flow import FlowState, UserFlow
        from scb_console.infra.receiver import RedirectReceiver

        async with _client(args, conn) as client:
            flow = UserFlow(client)
            receiver: RedirectReceiver | None = None
            if target is not None:
                receiver = RedirectReceiver(host="127.0.0.1", port=target[0], path=target[1])
                callback_url = await receiver.start()
            try:
                result = await flow.authorize()
                note(tr("deeplink: {url}", url=result.deeplink))
                note(tr("authorize requestUId: {uid}", uid=result.request_uid))
                if not args.no_qr and not print_qr(result.deeplink):
                    note(tr("(this terminal cannot draw the QR code; open the deeplink instead)"))
                note(
                    tr("open the deeplink in SCB Easy (or scan the QR code), sign in and approve.")
                )
                if receiver is not None:
                    receiver.arm(flow.expected_state)
                    note(tr("listening for the redirect on {url}", url=callback_url))
                if not stdin.eof:
                    note(tr("or paste the redirect URL (or the code) here and press Enter"))
                await _wait_for_redirect(flow, receiver, stdin, args.wait)
            finally:
                if receiver is not None:
                    await receiver.stop()
            if flow.state == FlowState.DENIED:
                raise RedirectError(
                    tr("the customer declined consent in SCB Easy: authorize again")
                )
            note(tr("code received: exchanging it for tokens"))
            tokens = await flow.exchange()
        if args.keep:
            keep_tokens(conn, tokens)
            note(tr("tokens kept in the keyring under profile {name!r}", name=conn.profile.name))
        print_json(token_json(tokens, reveal=args.reveal))
        return 0

    return _run(go())


# --- token refresh ----------


def _from_stdin(stdin: StdinReader, field: str, what: str) -> tuple[str, dict[str, Any]]:
    """A token from stdin: a bare line, or ``field`` of a JSON document (all of stdin)."""
    if stdin.peek_first_char() == "{":
        document = parse_token_document(stdin.read_all(), what)
        value = document.get(field)
        if not isinstance(value, str) or not value:
            raise UsageError(tr("the JSON on stdin has no {field}", field=field))
        return value, document
    line = stdin.readline()
    if line is None or not line.strip():
        raise UsageError(tr("stdin is empty: expected {what}", what=what))
    return line.strip(), {}


def _stored(conn: Connection, key: str) -> str | None:
    if conn.saved and conn.store is not None and conn.store.persistent:
        return conn.store.get(conn.profile.name, key)
    return None


def _token_stub(
    conn: Connection,
    *,
    access_token: str = "",
    refresh_token: str | None = None,
    resource_owner_id: str | None = None,
    request_uid: str = "",
) -> TokenSet:
    """A token set for tokens given from outside (stdin, env, keyring): no lifetimes known."""
    clock = SystemClock()
    profile = conn.profile
    return TokenSet(
        kind=TokenKind.USER,
        access_token=access_token,
        token_type=contract.TOKEN_TYPE_BEARER,
        expires_in=contract.ACCESS_TTL,
        expires_at=None,
        issued_mono=clock.monotonic(),
        issued_wall=clock.wall(),
        request_uid=request_uid,
        profile_name=profile.name,
        environment=profile.environment,
        base_url=profile.resolved_base_url,
        refresh_token=refresh_token,
        resource_owner_id=resource_owner_id,
    )


def cmd_refresh(args: argparse.Namespace, stdin: StdinReader) -> int:
    conn = resolve_connection(args, stdin)
    document: dict[str, Any] = {}
    from_keyring = False
    if args.refresh_token_stdin:
        refresh_token, document = _from_stdin(stdin, "refreshToken", tr("a refresh token"))
    elif os.environ.get(ENV_REFRESH_TOKEN):
        refresh_token = os.environ[ENV_REFRESH_TOKEN].strip()
    else:
        stored = _stored(conn, KEY_REFRESH_TOKEN)
        if stored is None:
            raise UsageError(
                tr(
                    "no refresh token: pass it with --refresh-token-stdin or ${variable}, or "
                    "keep one with `token user --profile NAME --keep`",
                    variable=ENV_REFRESH_TOKEN,
                )
            )
        refresh_token, from_keyring = stored, True
    owner = document.get("resourceOwnerId") if document else None
    if not isinstance(owner, str):
        owner = _stored(conn, KEY_RESOURCE_OWNER_ID) if from_keyring else None
    request_uid = document.get("requestUId") if document else None
    previous = _token_stub(
        conn,
        refresh_token=refresh_token,
        resource_owner_id=owner,
        request_uid=request_uid if isinstance(request_uid, str) else "",
    )

    async def go() -> int:
        async with _client(args, conn) as client:
            tokens = await client.refresh(previous)
        if args.keep or from_keyring:
            keep_tokens(conn, tokens)
            note(
                tr("kept tokens of profile {name!r} updated in the keyring", name=conn.profile.name)
            )
        print_json(token_json(tokens, reveal=args.reveal))
        return 0

    return _run(go())


# --- call profile ----------


def cmd_call_profile(args: argparse.Namespace, stdin: StdinReader) -> int:
    conn = resolve_connection(args, stdin, need_secret=False)
    document: dict[str, Any] = {}
    if args.access_token_stdin:
        access_token, document = _from_stdin(stdin, "accessToken", tr("an access token"))
    elif os.environ.get(ENV_ACCESS_TOKEN):
        access_token = os.environ[ENV_ACCESS_TOKEN].strip()
    else:
        stored = _stored(conn, KEY_ACCESS_TOKEN)
        if stored is None:
            raise UsageError(
                tr(
                    "no access token: pass it with --access-token-stdin or ${variable}, or "
                    "keep one with `token user --profile NAME --keep`",
                    variable=ENV_ACCESS_TOKEN,
                )
            )
        access_token = stored
    owner: Any = args.resource_owner_id or document.get("resourceOwnerId")
    if not owner:
        owner = os.environ.get(ENV_RESOURCE_OWNER_ID) or _stored(conn, KEY_RESOURCE_OWNER_ID)
    if not owner or not isinstance(owner, str):
        raise UsageError(
            tr(
                "no resourceOwnerId (the customer's id from the code exchange): pass "
                "--resource-owner-id ID or ${variable}",
                variable=ENV_RESOURCE_OWNER_ID,
            )
        )
    token = _token_stub(conn, access_token=access_token, resource_owner_id=owner)

    async def go() -> int:
        async with _client(args, conn) as client:
            customer = await client.customer_profile(token)
        print_json({"requestUId": customer.request_uid, "profile": dict(customer.raw)})
        return 0

    return _run(go())
