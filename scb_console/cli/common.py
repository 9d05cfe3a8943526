"""What the token and call commands share: where the profile and the secrets come from, and JSON.

Secrets never come from argv (``ps`` shows it to every user of the machine). They come from:

1. stdin, when the command says so (``--api-secret-stdin``, ``--refresh-token-stdin``, ...);
2. an environment variable (``SCB_CONSOLE_API_SECRET``, ``SCB_CONSOLE_REFRESH_TOKEN``, ...);
3. the OS keyring, for a saved profile (tokens only where ``token user --keep`` stored them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, TypeGuard

from scb_console.cli.console import StdinReader
from scb_console.cli.i18n import tr
from scb_console.core import contract
from scb_console.core.contract import Environment
from scb_console.core.errors import ProfileError, SecretStoreError
from scb_console.core.masking import mask
from scb_console.core.models import Profile, TokenSet
from scb_console.core.ports import SecretStore
from scb_console.infra.profiles import (
    MAX_TIMEOUT,
    FileProfileStore,
    parse_environment,
    validate_base_url,
    validate_profile,
)

if TYPE_CHECKING:
    from scb_console.infra.session_secrets import SessionSecretStore

ENV_API_SECRET: Final = "SCB_CONSOLE_API_SECRET"
ENV_ACCESS_TOKEN: Final = "SCB_CONSOLE_ACCESS_TOKEN"
ENV_REFRESH_TOKEN: Final = "SCB_CONSOLE_REFRESH_TOKEN"
ENV_RESOURCE_OWNER_ID: Final = "SCB_CONSOLE_RESOURCE_OWNER_ID"

#: Keyring keys of a profile's secrets.
KEY_API_SECRET: Final = "api_secret"
KEY_ACCESS_TOKEN: Final = "access_token"
KEY_REFRESH_TOKEN: Final = "refresh_token"
KEY_RESOURCE_OWNER_ID: Final = "resource_owner_id"
#: Everything ``profiles remove`` deletes from the keyring along with the profile.
PROFILE_SECRET_KEYS: Final = (
    KEY_API_SECRET,
    KEY_ACCESS_TOKEN,
    KEY_REFRESH_TOKEN,
    KEY_RESOURCE_OWNER_ID,
)

#: The name an ad hoc connection (no saved profile) goes by in results and logs.
AD_HOC_NAME: Final = "ad-hoc"


class UsageError(ProfileError):
    """Options that do not go together (exit status 2)."""


def positive_seconds(text: str) -> float:
    """argparse type: seconds in (0, 600]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("{text!r} is not a number of seconds", text=text)
        ) from None
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(
            tr("{text!r}: give seconds between 0 and {limit:g}", text=text, limit=MAX_TIMEOUT)
        )
    return value


def add_connection_options(parser: argparse.ArgumentParser, *, secret: bool = True) -> None:
    """``--profile`` or the ad hoc ``--base-url``/``--api-key`` (+ the secret's sources)."""
    group = parser.add_argument_group(
        "connection",
        "a saved profile (--profile), or ad hoc: --base-url and --api-key, with the API secret "
        f"from ${ENV_API_SECRET} or --api-secret-stdin (never from the command line)",
    )
    group.add_argument("--profile", metavar="NAME", help="a saved profile (see `profiles list`)")
    group.add_argument("--base-url", metavar="URL", help="ad hoc: the API's base URL")
    group.add_argument("--api-key", metavar="KEY", help="ad hoc: the application's API key")
    group.add_argument(
        "--environment",
        metavar="ENV",
        help="ad hoc: local, sandbox, uat, production or custom (default: custom with --base-url)",
    )
    group.add_argument(
        "--accept-language",
        choices=contract.ACCEPT_LANGUAGES,
        type=str.upper,
        help="ad hoc: the accept-language header (default EN)",
    )
    if secret:
        group.add_argument(
            "--api-secret-stdin",
            action="store_true",
            help="read the API secret from the first line of stdin",
        )
    group.add_argument(
        "--timeout",
        type=positive_seconds,
        metavar="SECONDS",
        help="timeout of each request (default: the profile's, or 15)",
    )
    group.add_argument(
        "--reveal",
        action="store_true",
        help="print tokens in full (default: masked, e.g. 3436…(36))",
    )


@dataclass
class Connection:
    """The profile a command speaks for, its API secret, and where its secrets are kept."""

    profile: Profile
    api_secret: str
    #: The profile's secret store (None for an ad hoc connection).
    store: SecretStore | None
    saved: bool


def open_store() -> SecretStore:
    # keyring (25 ms to import) loads only when a command needs the store, not on every start
    # of ``scb-console`` (the desktop console opens its store after its first frame)
    from scb_console.infra.session_secrets import open_secret_store

    return open_secret_store()


def is_session_store(store: SecretStore | None) -> TypeGuard[SessionSecretStore]:
    """Whether ``store`` is the in-memory stand-in used when no keyring can be."""
    if store is None:
        return False
    from scb_console.infra.session_secrets import SessionSecretStore

    return isinstance(store, SessionSecretStore)


def store_reason(store: SecretStore) -> str:
    if is_session_store(store):
        return store.reason
    return f"kept in {store.description}"


def resolve_profile(args: argparse.Namespace) -> tuple[Profile, bool]:
    """The saved profile named by ``--profile``, or an ad hoc one from the options."""
    ad_hoc_given = [
        flag
        for flag, value in (
            ("--base-url", args.base_url),
            ("--api-key", args.api_key),
            ("--environment", args.environment),
            ("--accept-language", getattr(args, "accept_language", None)),
        )
        if value is not None
    ]
    if args.profile is not None:
        if ad_hoc_given:
            raise UsageError(
                tr(
                    "use either --profile or the ad hoc options ({options}), not both",
                    options=", ".join(ad_hoc_given),
                )
            )
        profile = FileProfileStore().get(args.profile)
        saved = True
    else:
        if args.base_url is None and args.environment is None:
            raise UsageError(
                tr("say where to connect: --profile NAME, or --base-url URL and --api-key KEY")
            )
        if not args.api_key:
            raise UsageError(tr("an ad hoc connection needs --api-key KEY (or use --profile NAME)"))
        environment = (
            parse_environment(args.environment)
            if args.environment is not None
            else Environment.CUSTOM
        )
        base_url = validate_base_url(args.base_url) if args.base_url is not None else ""
        profile = validate_profile(
            Profile(
                name=AD_HOC_NAME,
                environment=environment,
                api_key=args.api_key,
                base_url=base_url,
                accept_language=getattr(args, "accept_language", None)
                or contract.ACCEPT_LANGUAGES[0],
            )
        )
        saved = False
    if args.timeout is not None:
        profile = replace(profile, timeout=args.timeout)
    return profile, saved


def read_secret_line(stdin: StdinReader, what: str, flag: str) -> str:
    """The first line of stdin; on a terminal, asked for with hidden input instead of echoed."""
    if stdin.isatty():
        try:
            line: str | None = getpass.getpass(f"{what} (hidden): ")
        except EOFError:
            line = None
    else:
        line = stdin.readline()
    if line is None or not line.strip():
        raise UsageError(
            tr("{flag} was given but stdin had no {what} on its first line", flag=flag, what=what)
        )
    return line.strip()


def resolve_connection(
    args: argparse.Namespace, stdin: StdinReader, *, need_secret: bool = True
) -> Connection:
    """The profile, its API secret (stdin, then the environment, then the keyring) and store."""
    profile, saved = resolve_profile(args)
    store = open_store() if saved else None
    secret: str | None = None
    if getattr(args, "api_secret_stdin", False):
        secret = read_secret_line(stdin, "API secret", "--api-secret-stdin")
    elif os.environ.get(ENV_API_SECRET):
        secret = os.environ[ENV_API_SECRET].strip()
    elif store is not None:
        secret = store.get(profile.name, KEY_API_SECRET)
    if not secret and need_secret:
        where = (
            tr(
                "profile {name!r} has none in the keyring ({reason})",
                name=profile.name,
                reason=store_reason(store),
            )
            if store is not None and is_session_store(store)
            else tr("profile {name!r} has none stored", name=profile.name)
            if store is not None
            else tr("an ad hoc connection takes it from the environment or stdin")
        )
        raise UsageError(
            tr(
                "no API secret: {where}; set ${variable} or pass --api-secret-stdin",
                where=where,
                variable=ENV_API_SECRET,
            )
            + (
                tr(
                    ", or store it with `scb-console profiles edit {name} --api-secret-stdin`",
                    name=profile.name,
                )
                if saved
                else ""
            )
        )
    return Connection(profile=profile, api_secret=secret or "", store=store, saved=saved)


def persistent_store_or_fail(conn: Connection, what: str) -> SecretStore:
    """The keyring of a saved profile, for keeping tokens; SecretStoreError/UsageError if none."""
    if not conn.saved or conn.store is None:
        raise UsageError(
            tr("{what} needs a saved profile (--profile NAME) to keep tokens under", what=what)
        )
    if not conn.store.persistent:
        raise SecretStoreError(
            tr(
                "cannot keep tokens: {reason} (tokens are never written to a file)",
                reason=store_reason(conn.store),
            )
        )
    return conn.store


def keep_tokens(conn: Connection, tokens: TokenSet) -> None:
    """Store the tokens of ``tokens`` in the profile's keyring (``--keep``)."""
    store = persistent_store_or_fail(conn, "--keep")
    name = conn.profile.name
    store.set(name, KEY_ACCESS_TOKEN, tokens.access_token)
    if tokens.refresh_token is not None:
        store.set(name, KEY_REFRESH_TOKEN, tokens.refresh_token)
    if tokens.resource_owner_id:
        store.set(name, KEY_RESOURCE_OWNER_ID, tokens.resource_owner_id)


def _epoch_iso(value: float | None) -> str | None:
    if value is None:
        return None
    return dt.datetime.fromtimestamp(value, tz=dt.UTC).isoformat(timespec="seconds")


def token_json(tokens: TokenSet, *, reveal: bool) -> dict[str, Any]:
    """A token set as the JSON the CLI prints: tokens masked unless ``reveal``."""

    def show(value: str | None) -> str | None:
        if value is None:
            return None
        return value if reveal else mask(value)

    data: dict[str, Any] = {
        "kind": tokens.kind.value,
        "profile": tokens.profile_name,
        "environment": tokens.environment.value,
        "baseUrl": tokens.base_url,
        "tokenType": tokens.token_type,
        "accessToken": show(tokens.access_token),
        "expiresIn": tokens.expires_in,
        "expiresAt": tokens.expires_at,
        "expiresAtIso": _epoch_iso(tokens.expires_at),
    }
    if tokens.refresh_token is not None:
        data["refreshToken"] = show(tokens.refresh_token)
        data["refreshExpiresIn"] = tokens.refresh_expires_in
        data["refreshExpiresAt"] = tokens.refresh_expires_at
        data["refreshExpiresAtIso"] = _epoch_iso(tokens.refresh_expires_at)
    if tokens.resource_owner_id is not None:
        data["resourceOwnerId"] = tokens.resource_owner_id
    data["requestUId"] = tokens.request_uid
    if tokens.replaces is not None:
        data["replaces"] = tokens.replaces
    data["issuedAt"] = _epoch_iso(tokens.issued_wall)
    data["serverDate"] = _epoch_iso(tokens.server_date)
    data["skewSeconds"] = None if tokens.skew is None else round(tokens.skew, 3)
    data["masked"] = not reveal
    return data


def parse_token_document(text: str, what: str) -> dict[str, Any]:
    """A JSON token set (``token user --reveal``'s output) read from stdin."""
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise UsageError(
            tr("stdin starts with '{{' but is not valid JSON: expected {what}", what=what)
        ) from None
    if not isinstance(value, dict):
        raise UsageError(tr("stdin's JSON is not an object: expected {what}", what=what))
    for field in ("accessToken", "refreshToken"):
        item = value.get(field)
        if isinstance(item, str) and "…(" in item:
            raise UsageError(
                tr(
                    "the {field} on stdin is masked: run the first command with --reveal to "
                    "pipe tokens",
                    field=field,
                )
            )
    return value
