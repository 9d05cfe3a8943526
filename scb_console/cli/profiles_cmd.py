"""``scb-console profiles list | show | add | edit | remove``.

Non-secret fields go to the profile file; the API secret goes to the OS keyring, read from a
hidden prompt (``getpass``) or from stdin (``--api-secret-stdin``), never from argv.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from typing import Any

from scb_console.cli.common import (
    KEY_ACCESS_TOKEN,
    KEY_API_SECRET,
    KEY_REFRESH_TOKEN,
    KEY_RESOURCE_OWNER_ID,
    PROFILE_SECRET_KEYS,
    UsageError,
    is_session_store,
    open_store,
    positive_seconds,
    read_secret_line,
    store_reason,
)
from scb_console.cli.console import StdinReader, note, print_json, warn
from scb_console.cli.i18n import tr
from scb_console.core import contract
from scb_console.core.contract import Environment
from scb_console.core.errors import SecretStoreError
from scb_console.core.i18n import get_language
from scb_console.core.masking import mask
from scb_console.core.models import Profile
from scb_console.core.ports import SecretStore
from scb_console.infra.profiles import (
    FileProfileStore,
    parse_environment,
    profile_to_dict,
    validate_profile,
)


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(tr("{text!r} is not NAME=VALUE", text=text))
    return name, value


def _field_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    envs = ", ".join(e.value for e in Environment)
    parser.add_argument(
        "--environment",
        metavar="ENV",
        help=f"{envs}" + ("" if editing else " (default: local, the local sandbox)"),
    )
    parser.add_argument("--base-url", metavar="URL", help="needed for local and custom")
    parser.add_argument("--api-key", metavar="KEY")
    parser.add_argument("--callback-url", metavar="URL", help="the callback URL registered at SCB")
    parser.add_argument("--response-channel", choices=contract.RESPONSE_CHANNELS)
    parser.add_argument("--end-state", choices=contract.END_STATES)
    parser.add_argument("--accept-language", choices=contract.ACCEPT_LANGUAGES, type=str.upper)
    parser.add_argument("--redirect-option", metavar="KEY")
    parser.add_argument(
        "--partner-query",
        metavar="NAME=VALUE",
        type=_pair,
        action="append",
        help="a pair SCB echoes back on the redirect (repeat for more"
        + ("; replaces the profile's pairs)" if editing else ")"),
    )
    if editing:
        parser.add_argument(
            "--clear-partner-query", action="store_true", help="remove every partner pair"
        )
    parser.add_argument("--timeout", type=positive_seconds, metavar="SECONDS")
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument(
        "--api-secret-stdin",
        action="store_true",
        help="read the API secret from the first line of stdin",
    )
    if editing:
        secret.add_argument(
            "--prompt-secret",
            action="store_true",
            help="ask for a new API secret (hidden input)",
        )
        secret.add_argument(
            "--clear-secret", action="store_true", help="delete the stored API secret"
        )
    else:
        secret.add_argument(
            "--no-secret",
            action="store_true",
            help="do not ask for the API secret (add it later with `profiles edit`)",
        )


def configure_parser(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="profiles_command", metavar="ACTION", required=True)

    lister = sub.add_parser("list", help="list the saved profiles")
    lister.add_argument("--json", action="store_true", help="print JSON instead of a table")
    lister.set_defaults(_handler=cmd_list)

    shower = sub.add_parser("show", help="show one profile (secrets masked)")
    shower.add_argument("name")
    shower.add_argument("--json", action="store_true", help="print JSON")
    shower.set_defaults(_handler=cmd_show)

    adder = sub.add_parser(
        "add",
        help="add a profile",
        description="Add a profile. The API secret is asked for with hidden input on a "
        "terminal, or read from stdin with --api-secret-stdin; it goes to the OS keyring.",
    )
    adder.add_argument("name")
    _field_options(adder, editing=False)
    adder.set_defaults(_handler=cmd_add)

    editor = sub.add_parser("edit", help="change a profile's fields or its API secret")
    editor.add_argument("name")
    editor.add_argument("--rename", metavar="NEW_NAME", help="give the profile a new name")
    _field_options(editor, editing=True)
    editor.set_defaults(_handler=cmd_edit)

    remover = sub.add_parser("remove", help="remove a profile and its keyring secrets")
    remover.add_argument("name")
    remover.set_defaults(_handler=cmd_remove)


# --- helpers ----------


def _apply_fields(profile: Profile, args: argparse.Namespace) -> Profile:
    changes: dict[str, Any] = {}
    if args.environment is not None:
        changes["environment"] = parse_environment(args.environment)
    for field in (
        "base_url",
        "api_key",
        "callback_url",
        "response_channel",
        "end_state",
        "accept_language",
        "redirect_option",
        "timeout",
    ):
        value = getattr(args, field)
        if value is not None:
            changes[field] = value
    if getattr(args, "clear_partner_query", False):
        changes["partner_query"] = ()
    if args.partner_query is not None:
        changes["partner_query"] = tuple(args.partner_query)
    return replace(profile, **changes)


def _default_local_url() -> str:
    from scb_console.sandbox.defaults import DEFAULT_SANDBOX_PORT

    return f"http://127.0.0.1:{DEFAULT_SANDBOX_PORT}{contract.SANDBOX_BASE_PATH}"


def _ask_secret(prompt: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    try:
        value = getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        note("")
        return None
    return value.strip() or None


def _new_secret(args: argparse.Namespace, stdin: StdinReader, *, adding: bool) -> str | None:
    if args.api_secret_stdin:
        return read_secret_line(stdin, "API secret", "--api-secret-stdin")
    if adding and not args.no_secret:
        secret = _ask_secret(tr("API secret (hidden; empty to add it later): "))
        if secret is None:
            note(
                tr(
                    "no API secret stored: add it with `scb-console profiles edit {name} "
                    "--prompt-secret` (or --api-secret-stdin)",
                    name=args.name,
                )
            )
        return secret
    if not adding and args.prompt_secret:
        if not sys.stdin.isatty():
            raise UsageError(tr("--prompt-secret needs a terminal; use --api-secret-stdin instead"))
        secret = _ask_secret(tr("new API secret (hidden): "))
        if secret is None:
            raise UsageError(tr("no API secret was entered; nothing changed"))
        return secret
    return None


def _persistent_or_fail(name: str) -> SecretStore:
    """The OS keyring, or SecretStoreError saying what to do instead (nothing is saved)."""
    store = open_store()
    if not store.persistent:
        raise SecretStoreError(
            tr(
                "cannot store the API secret of {name!r}: {reason}. Nothing was saved; add the "
                "profile with --no-secret and give the secret when you use it "
                "($SCB_CONSOLE_API_SECRET or --api-secret-stdin): it is never written to a file",
                name=name,
                reason=store_reason(store),
            )
        )
    return store


def _store_secret(store: SecretStore, name: str, secret: str) -> None:
    if not store.persistent:
        raise SecretStoreError(
            tr(
                "the API secret of {name!r} was NOT stored: {reason}; give it when you use the "
                "profile ($SCB_CONSOLE_API_SECRET or --api-secret-stdin)",
                name=name,
                reason=store_reason(store),
            )
        )
    store.set(name, KEY_API_SECRET, secret)
    note(tr("API secret of {name!r} stored in {where}", name=name, where=store.description))


def _secret_status(store: SecretStore | None, name: str) -> tuple[str, str | None]:
    """('stored' | 'none' | 'unknown', masked secret or reason)."""
    if store is None or is_session_store(store):
        reason = store.reason if is_session_store(store) else "no keyring"
        return "unknown", reason
    try:
        value = store.get(name, KEY_API_SECRET)
    except SecretStoreError as exc:
        return "unknown", str(exc)
    if value is None:
        return "none", None
    return "stored", mask(value)


# --- commands ----------


def _show_warnings(store: FileProfileStore) -> None:
    for line in store.warnings:
        warn(f"{store.path}: {line}")


def cmd_list(args: argparse.Namespace, stdin: StdinReader) -> int:
    files = FileProfileStore()
    profiles = files.load()
    _show_warnings(files)
    last = files.last_used()
    secrets = open_store()
    rows = []
    for profile in profiles:
        status, _ = _secret_status(secrets, profile.name)
        rows.append((profile, status))
    if args.json:
        print_json(
            {
                "file": str(files.path),
                "lastUsed": last,
                "keyring": secrets.description,
                "profiles": [
                    {**profile_to_dict(p), "apiSecret": status, "lastUsed": p.name == last}
                    for p, status in rows
                ],
            }
        )
        return 0
    if not rows:
        note(
            tr(
                "no profiles yet ({path}); add one with `scb-console profiles add NAME`",
                path=files.path,
            )
        )
        return 0
    header = ("  NAME", "ENVIRONMENT", "BASE URL", "API KEY", "SECRET")
    table = [header] + [
        (
            ("* " if p.name == last else "  ") + p.name,
            p.environment.value,
            p.resolved_base_url or "-",
            p.api_key or "-",
            status,
        )
        for p, status in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row))
        sys.stdout.write(line.rstrip() + "\n")
    if is_session_store(secrets):
        note(tr("secrets: {reason}", reason=secrets.reason))
    return 0


def cmd_show(args: argparse.Namespace, stdin: StdinReader) -> int:
    files = FileProfileStore()
    profile = files.get(args.name)
    _show_warnings(files)
    secrets = open_store()
    status, detail = _secret_status(secrets, profile.name)
    kept: dict[str, str | None] = {}
    if status != "unknown":
        for key in (KEY_ACCESS_TOKEN, KEY_REFRESH_TOKEN):
            try:
                value = secrets.get(profile.name, key)
            except SecretStoreError:
                value = None
            kept[key] = None if value is None else mask(value)
        try:
            kept[KEY_RESOURCE_OWNER_ID] = secrets.get(profile.name, KEY_RESOURCE_OWNER_ID)
        except SecretStoreError:
            kept[KEY_RESOURCE_OWNER_ID] = None
    data = {
        **profile_to_dict(profile),
        "resolved_base_url": profile.resolved_base_url,
        "api_secret": detail if status == "stored" else None,
        "api_secret_status": status,
        "keyring": secrets.description,
        "kept_tokens": {k: v for k, v in kept.items() if v is not None},
        "last_used": files.last_used() == profile.name,
        "file": str(files.path),
    }
    if args.json:
        print_json(data)
        return 0
    labels = [
        ("name", profile.name),
        ("environment", f"{profile.environment.value} ({profile.environment.label})"),
        ("base URL", profile.resolved_base_url or "-"),
        ("API key", profile.api_key or "-"),
        (
            "API secret",
            f"{detail} (in {secrets.description})"
            if status == "stored"
            else "not stored"
            if status == "none"
            else f"unknown: {detail}",
        ),
        ("callback URL", profile.callback_url or "-"),
        ("response-channel", profile.response_channel),
        ("endState", profile.end_state),
        ("accept-language", profile.accept_language),
        ("redirectOption", profile.redirect_option or "-"),
        (
            "partner query",
            "&".join(f"{k}={v}" for k, v in profile.partner_query) or "-",
        ),
        ("timeout", f"{profile.timeout:g} s"),
    ]
    for key, value in data["kept_tokens"].items():
        labels.append((f"kept {key.replace('_', ' ')}", str(value)))
    width = max(len(label) for label, _ in labels)
    for label, value in labels:
        sys.stdout.write(f"{label.ljust(width)}  {value}\n")
    return 0


def cmd_add(args: argparse.Namespace, stdin: StdinReader) -> int:
    files = FileProfileStore()
    profiles = files.load()
    _show_warnings(files)
    if any(p.name.casefold() == args.name.casefold() for p in profiles):
        raise UsageError(
            tr(
                "a profile named {name!r} exists: change it with `scb-console profiles edit`",
                name=args.name,
            )
        )
    # a new profile asks SCB for messages in the CLI's language unless --accept-language says
    language = "TH" if get_language() == "th" else contract.ACCEPT_LANGUAGES[0]
    profile = _apply_fields(Profile(name=args.name, accept_language=language), args)
    if profile.environment == Environment.LOCAL and not profile.base_url:
        profile = replace(profile, base_url=_default_local_url())
        note(
            tr(
                "base URL: {url} (the local sandbox's default; --base-url to change)",
                url=profile.base_url,
            )
        )
    profile = validate_profile(profile)
    secrets: SecretStore | None = None
    if args.api_secret_stdin:
        secrets = _persistent_or_fail(args.name)  # before anything is saved
    secret = _new_secret(args, stdin, adding=True)
    if secret is not None and secrets is None:
        secrets = _persistent_or_fail(args.name)
    stored = files.upsert(profile)
    note(tr("profile {name!r} saved in {path}", name=stored.name, path=files.path))
    if secret is not None and secrets is not None:
        _store_secret(secrets, stored.name, secret)
    return 0


def cmd_edit(args: argparse.Namespace, stdin: StdinReader) -> int:
    files = FileProfileStore()
    current = files.get(args.name)
    _show_warnings(files)
    updated = _apply_fields(current, args)
    renaming = args.rename is not None and args.rename != current.name
    if renaming:
        updated = replace(updated, name=args.rename)
        others = [p for p in files.load() if p.name != current.name]
        if any(p.name.casefold() == args.rename.casefold() for p in others):
            raise UsageError(tr("a profile named {name!r} exists already", name=args.rename))
    updated = validate_profile(updated)
    secret_change = args.api_secret_stdin or args.prompt_secret or args.clear_secret
    secrets: SecretStore | None = None
    if secret_change:
        secrets = _persistent_or_fail(current.name)  # before anything changes
    secret = _new_secret(args, stdin, adding=False)
    if renaming:
        was_last = files.last_used() == current.name
        files.save([updated if p.name == current.name else p for p in files.load()])
        if was_last:
            files.set_last_used(updated.name)
        note(tr("profile {old!r} renamed to {new!r}", old=current.name, new=updated.name))
        secrets = secrets or open_store()
        if secrets.persistent:  # the secrets move with the name
            for key in PROFILE_SECRET_KEYS:
                value = secrets.get(current.name, key)
                if value is not None:
                    secrets.set(updated.name, key, value)
                    secrets.delete(current.name, key)
        else:
            warn(
                tr(
                    "keyring secrets (if any) stay under {name!r}: {reason}",
                    name=current.name,
                    reason=store_reason(secrets),
                )
            )
    else:
        files.upsert(updated)
        note(tr("profile {name!r} saved in {path}", name=updated.name, path=files.path))
    if secrets is not None and args.clear_secret:
        secrets.delete(updated.name, KEY_API_SECRET)
        note(
            tr(
                "API secret of {name!r} deleted from {where}",
                name=updated.name,
                where=secrets.description,
            )
        )
    elif secrets is not None and secret is not None:
        _store_secret(secrets, updated.name, secret)
    return 0


def cmd_remove(args: argparse.Namespace, stdin: StdinReader) -> int:
    files = FileProfileStore()
    files.get(args.name)  # a clear error when there is none
    files.remove(args.name)
    note(tr("profile {name!r} removed from {path}", name=args.name, path=files.path))
    secrets = open_store()
    if not secrets.persistent:
        warn(
            tr(
                "its keyring secrets (if any) were not touched: {reason}",
                reason=store_reason(secrets),
            )
        )
        return 0
    for key in PROFILE_SECRET_KEYS:
        secrets.delete(args.name, key)
    note(tr("its secrets were deleted from {where}", where=secrets.description))
    return 0
