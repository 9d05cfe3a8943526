"""The standalone sandbox: ``scb-console sandbox [...]`` and ``python -m scb_console.sandbox``.

``configure_parser`` adds the options to a parser; ``run`` serves until Ctrl-C or SIGTERM. The
first line on stdout is a banner (or, with ``--json``, one JSON object: ``base_url``, ``apps``
with ``api_key``, ``api_secret`` and ``callback_urls``, ``customers`` with ``id`` and ``pin``);
stderr gets one line per request: ``METHOD PATH STATUS requestUId MILLISECONDS``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from scb_console.core.contract import END_STATES
from scb_console.core.i18n import tr
from scb_console.sandbox import defaults
from scb_console.sandbox.config import ConfigError, SandboxConfig, check_url
from scb_console.sandbox.faults import ENDPOINTS, MALFORMED_MODES, Faults, FaultsError, FaultSpec
from scb_console.sandbox.server import SandboxServer, is_loopback_address

_PROG = "scb-console sandbox"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("{text!r} is not a whole number", text=text)) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(tr("{text!r} must be above 0", text=text))
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("{text!r} is not a port number", text=text)) from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            tr("{text!r} is not a port number (0 to 65535)", text=text)
        )
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("{text!r} is not a number", text=text)) from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(tr("{text!r} must be between 0 and 1", text=text))
    return value


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("{text!r} is not a number of seconds", text=text)
        ) from None


def _latency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("{text!r} is not a whole number of ms", text=text)
        ) from None
    if not 0 <= value <= 600_000:
        raise argparse.ArgumentTypeError(tr("{text!r} must be between 0 and 600000", text=text))
    return value


def _endpoint_fault(text: str) -> tuple[str, str, str]:
    endpoint, sep, rest = text.partition(":")
    name, eq, value = rest.partition("=")
    if not sep or not eq or endpoint not in ENDPOINTS:
        raise argparse.ArgumentTypeError(
            tr(
                "{text!r}: expected ENDPOINT:SETTING=VALUE with ENDPOINT one of {endpoints}",
                text=text,
                endpoints=", ".join(ENDPOINTS),
            )
        )
    return endpoint, name.strip(), value.strip()


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the sandbox's options to ``parser`` (``run`` reads them)."""
    net = parser.add_argument_group("listening")
    net.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1; anything else prints a warning)",
    )
    net.add_argument(
        "--port",
        type=_port,
        default=defaults.DEFAULT_SANDBOX_PORT,
        help=f"port to bind (default {defaults.DEFAULT_SANDBOX_PORT}; 0 picks a free one)",
    )
    net.add_argument(
        "--json",
        action="store_true",
        help="print the base URL, apps and customers as one JSON object on stdout's first line",
    )
    net.add_argument("--quiet", action="store_true", help="no log line per request on stderr")

    conf = parser.add_argument_group("apps, customers and lifetimes")
    conf.add_argument(
        "--config", metavar="FILE", help="a TOML file with apps, customers, lifetimes and faults"
    )
    conf.add_argument("--api-key", help="the (first) app's API key (default: the demo key)")
    conf.add_argument("--api-secret", help="the (first) app's API secret (default: the demo one)")
    conf.add_argument(
        "--callback-url",
        help="the (first) app's callback URL for every endState "
        f"(default {defaults.DEFAULT_CALLBACK_URL}, the console's receiver)",
    )
    conf.add_argument(
        "--code-ttl", type=_positive_int, metavar="S", help="authorization code lifetime (60)"
    )
    conf.add_argument(
        "--token-ttl", type=_positive_int, metavar="S", help="access token lifetime (1800)"
    )
    conf.add_argument(
        "--refresh-ttl", type=_positive_int, metavar="S", help="refresh token lifetime (3600)"
    )
    conf.add_argument(
        "--rotate-refresh",
        action="store_true",
        default=None,
        help="refresh answers a new refresh token and the old one stops working",
    )

    faults = parser.add_argument_group(
        "faults (every SCB endpoint; change them at run time with PUT /_sandbox/faults)"
    )
    faults.add_argument(
        "--latency-ms", type=_latency, metavar="MS", help="added latency per request"
    )
    faults.add_argument(
        "--error-rate",
        type=_rate,
        metavar="P",
        help="share of requests (0 to 1) answered 500 / 9700",
    )
    faults.add_argument(
        "--malformed",
        choices=MALFORMED_MODES,
        help="spoil every body: JSON cut in half, or an HTML page",
    )
    faults.add_argument(
        "--drop-rate",
        type=_rate,
        metavar="P",
        help="share of requests (0 to 1) whose connection is dropped without an answer",
    )
    faults.add_argument(
        "--clock-offset",
        type=_seconds,
        metavar="S",
        help="shift the server clock (expiresAt and the Date header) by S seconds",
    )
    faults.add_argument(
        "--fault",
        action="append",
        type=_endpoint_fault,
        default=[],
        metavar="ENDPOINT:SETTING=VALUE",
        help="a fault on one endpoint only (token, authorize, refresh, profile), e.g. "
        "token:error_rate=0.5; repeat for more",
    )
    faults.add_argument("--seed", type=int, help="seed for the random faults (repeatable runs)")


def build_config(args: argparse.Namespace) -> SandboxConfig:
    """The configuration ``args`` describe; raises :class:`ConfigError` naming what is wrong."""
    path = getattr(args, "config", None)
    callback = getattr(args, "callback_url", None)
    if callback is not None:
        check_url(callback, "--callback-url")
    config = SandboxConfig.from_toml(path) if path else SandboxConfig.default(callback)
    app = config.apps[0]
    if getattr(args, "api_key", None) is not None:
        app.api_key = args.api_key
    if getattr(args, "api_secret", None) is not None:
        app.api_secret = args.api_secret
    if callback is not None:
        app.callback_urls = dict.fromkeys(END_STATES, callback)
    for option in ("code_ttl", "token_ttl", "refresh_ttl"):
        value = getattr(args, option, None)
        if value is not None:
            setattr(config, option, value)
    if getattr(args, "rotate_refresh", None):
        config.rotate_refresh = True
    try:
        config.faults = _faults_from_args(args, config)
    except FaultsError as exc:
        raise ConfigError(str(exc)) from None
    config.validate("options")
    return config


def _faults_from_args(args: argparse.Namespace, config: SandboxConfig) -> Faults:
    given = {
        "latency_ms": getattr(args, "latency_ms", None),
        "error_rate": getattr(args, "error_rate", None),
        "malformed": getattr(args, "malformed", None),
        "drop_rate": getattr(args, "drop_rate", None),
        "clock_offset": getattr(args, "clock_offset", None),
    }
    faults = config.faults
    overrides = {name: value for name, value in given.items() if value is not None}
    if overrides:
        faults = faults.with_default(
            FaultSpec.from_json(faults.default.to_json() | overrides, "options")
        )
    per_endpoint: dict[str, dict[str, Any]] = {}
    for endpoint, name, raw in getattr(args, "fault", None) or []:
        value: Any = raw
        if name != "malformed":
            try:
                value = float(raw) if "." in raw or "e" in raw.lower() else int(raw)
            except ValueError:
                raise FaultsError(f"--fault {endpoint}:{name}={raw}: not a number") from None
        elif raw.lower() in ("", "none", "null"):
            value = None
        per_endpoint.setdefault(endpoint, faults.for_endpoint(endpoint).to_json())[name] = value
    for endpoint, spec in per_endpoint.items():
        faults = faults.with_endpoint(endpoint, FaultSpec.from_json(spec, f"--fault {endpoint}"))
    return faults


def host_warning(host: str) -> str | None:
    """The warning to print for ``--host``, or None for the default 127.0.0.1."""
    if host == "127.0.0.1":
        return None
    if host == "localhost" or is_loopback_address(host):
        return (
            f"warning: listening on {host} instead of the default 127.0.0.1 "
            "(still loopback: only this machine can connect)"
        )
    return (
        f"warning: listening on {host}, which is NOT loopback: other machines that can reach "
        "this address can use the sandbox's API (the /_sandbox/ admin routes still answer "
        "loopback clients only). Use it on trusted networks only."
    )


def banner(info: Mapping[str, Any], config: SandboxConfig) -> str:
    """The human-readable start-up text."""
    lines = [f"SCB sandbox listening on {info['base_url']}"]
    for app in info["apps"]:
        lines.append(f'  app "{app["name"]}"')
        lines.append(f"    API key     {app['api_key']}")
        lines.append(f"    API secret  {app['api_secret']}")
        for index, (end_state, url) in enumerate(sorted(app["callback_urls"].items())):
            label = "callback" if index == 0 else ""
            lines.append(f"    {label:<10}  {end_state} -> {url}")
        for key, url in sorted(app["redirect_options"].items()):
            lines.append(f"    option      {key} -> {url}")
    lines.append("  test customers (id, PIN, name):")
    lines.extend(
        f"    {c['id']}  {c['pin']}  {c['thai_name']} / {c['english_name']}"
        for c in info["customers"]
    )
    lines.append(f"  consent page: {info.get('consent_page', '')}")
    lines.append(
        f"  lifetimes: code {config.code_ttl} s, access token {config.token_ttl} s, refresh "
        f"token {config.refresh_ttl} s (rotation {'on' if config.rotate_refresh else 'off'})"
    )
    faults = config.faults
    if faults.default.active or faults.endpoints:
        lines.append(f"  faults: {json.dumps(faults.to_json())}")
    lines.append("Ctrl-C stops it.")
    return "\n".join(lines)


def _emit(stream: TextIO, text: str) -> None:
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:  # a console that cannot show Thai
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()


def _log_line(entry: Mapping[str, Any]) -> str:
    status = entry.get("status")
    line = (
        f"{entry['method']} {entry['path']} {status if status is not None else '-'} "
        f"{entry.get('requestUId') or '-'} {entry['durationMs']:.1f}ms"
    )
    if entry.get("fault"):
        line += f" fault={entry['fault']}"
    return line


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C or SIGTERM; 0 on a clean stop, 1 if it cannot listen, 2 on bad options."""
    try:
        config = build_config(args)
    except ConfigError as exc:
        _emit(sys.stderr, f"{_PROG}: {exc}")
        return 2
    host = getattr(args, "host", "127.0.0.1") or "127.0.0.1"
    port = getattr(args, "port", defaults.DEFAULT_SANDBOX_PORT)
    quiet = bool(getattr(args, "quiet", False))
    warning = host_warning(host)
    if warning:
        _emit(sys.stderr, warning)
    server = SandboxServer(
        config,
        seed=getattr(args, "seed", None),
        on_request=None if quiet else (lambda entry: _emit(sys.stderr, _log_line(entry))),
    )
    try:
        return asyncio.run(_serve(server, host, port, as_json=bool(getattr(args, "json", False))))
    except KeyboardInterrupt:  # a second Ctrl-C, or a platform without signal handlers
        return 0


async def _serve(server: SandboxServer, host: str, port: int, *, as_json: bool) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not main thread
            pass
    try:
        try:
            await server.start(host, port)
        except OSError as exc:
            _emit(sys.stderr, f"{_PROG}: cannot listen on {host}:{port}: {exc.strerror or exc}")
            return 1
        info = server.info()
        if as_json:
            _emit(sys.stdout, json.dumps(info))
        else:
            _emit(sys.stdout, banner(info, server.config))
        await stop.wait()
        _emit(sys.stderr, "sandbox stopping")
        return 0
    finally:
        await server.stop()
        for sig in installed:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)
