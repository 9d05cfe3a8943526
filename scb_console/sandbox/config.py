"""The sandbox's configuration: apps, customers, lifetimes, faults; from code or a TOML file.

A TOML file (``--config FILE``) looks like this; every key is optional. Without ``[[apps]]``
the demo app is used, without ``[[customers]]`` the demo customers::

    code_ttl = 60
    token_ttl = 1800
    refresh_ttl = 3600
    rotate_refresh = false

    [[apps]]
    name = "My backend"
    api_key = "my-key"
    api_secret = "my-secret"
    callback_url = "http://127.0.0.1:9000/cb"      # for every endState, or:
    callback_urls = { mobile_web = "https://partner.example/cb" }
    redirect_options = { alt = "http://127.0.0.1:9000/alt" }

    [[customers]]
    id = "cust-1"
    pin = "000111"
    profile = { thaiFirstName = "ทดสอบ", engFirstName = "Test" }

    [faults]                                        # see scb_console.sandbox.faults
    latency_ms = 100
    [faults.endpoints.token]
    error_rate = 0.5
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from scb_console.core import contract
from scb_console.sandbox import defaults
from scb_console.sandbox.faults import Faults, FaultsError
from scb_console.sandbox.model import SandboxApp, SandboxCustomer

_PIN: Final = re.compile(r"^[0-9]{6}$")
_TOP_KEYS: Final = frozenset(
    {
        "apps",
        "customers",
        "code_ttl",
        "token_ttl",
        "refresh_ttl",
        "login_ttl",
        "rotate_refresh",
        "max_pin_attempts",
        "journal_size",
        "faults",
    }
)
_APP_KEYS: Final = frozenset(
    {"name", "api_key", "api_secret", "callback_url", "callback_urls", "redirect_options"}
)
_CUSTOMER_KEYS: Final = frozenset({"id", "pin", "profile"})


class ConfigError(ValueError):
    """A configuration that cannot work; the message names the file and the setting."""


@dataclass(slots=True)
class SandboxConfig:
    """Everything a :class:`~scb_console.sandbox.server.SandboxServer` serves.

    :meth:`validate` checks it; the server calls it when it is created.
    """

    apps: list[SandboxApp]
    customers: list[SandboxCustomer]
    code_ttl: int = contract.CODE_TTL
    token_ttl: int = contract.ACCESS_TTL
    refresh_ttl: int = contract.REFRESH_TTL
    rotate_refresh: bool = False
    faults: Faults = field(default_factory=Faults)
    #: How long a login (an authorize's deeplink) waits for approval before it is gone.
    login_ttl: int = 300
    #: Wrong PINs that lock a login.
    max_pin_attempts: int = 3
    #: How many recent requests ``GET /_sandbox/requests`` keeps.
    journal_size: int = 200

    def validate(self, where: str = "config") -> None:
        """Raise :class:`ConfigError` naming the first setting that cannot work."""
        for name in ("code_ttl", "token_ttl", "refresh_ttl", "login_ttl", "max_pin_attempts"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where}: {name} must be a positive whole number, not {value!r}")
        if not isinstance(self.journal_size, int) or self.journal_size < 0:
            raise ConfigError(f"{where}: journal_size must be a whole number >= 0")
        if not self.apps:
            raise ConfigError(f"{where}: at least one app is needed")
        if not self.customers:
            raise ConfigError(f"{where}: at least one customer is needed")
        keys = [app.api_key for app in self.apps]
        for app in self.apps:
            if not app.api_key or not app.api_secret:
                raise ConfigError(f"{where}: app {app.name!r} needs an api_key and an api_secret")
            if not (app.api_key.isprintable() and app.api_secret.isprintable()):
                raise ConfigError(
                    f"{where}: app {app.name!r}: api_key and api_secret must be printable"
                )
            if keys.count(app.api_key) > 1:
                raise ConfigError(f"{where}: api_key {app.api_key!r} is used by two apps")
            for label, urls in (
                ("callback_urls", app.callback_urls),
                ("redirect_options", app.redirect_options),
            ):
                for key, url in urls.items():
                    check_url(url, f"{where}: app {app.name!r} {label}.{key}")
            for end_state in app.callback_urls:
                if end_state not in contract.END_STATES:
                    raise ConfigError(
                        f"{where}: app {app.name!r} callback_urls: unknown endState "
                        f"{end_state!r} (known: {', '.join(contract.END_STATES)})"
                    )
        ids = [customer.id for customer in self.customers]
        for customer in self.customers:
            if not customer.id or not customer.id.isprintable():
                raise ConfigError(f"{where}: a customer id must be printable and not empty")
            if ids.count(customer.id) > 1:
                raise ConfigError(f"{where}: customer id {customer.id!r} is used twice")
            if not _PIN.match(customer.pin):
                raise ConfigError(f"{where}: customer {customer.id!r}: pin must be 6 digits")

    @classmethod
    def default(cls, callback_url: str | None = None) -> SandboxConfig:
        """The demo app (its callback: ``callback_url`` or the receiver's default URL) and the
        demo customers, with SCB's lifetimes."""
        if callback_url is not None:
            check_url(callback_url, "callback URL")
        config = cls(apps=[defaults.demo_app(callback_url)], customers=defaults.demo_customers())
        config.validate()
        return config

    @classmethod
    def from_toml(cls, path: str | Path) -> SandboxConfig:
        """Read a TOML file (the module docstring shows its shape)."""
        where = str(path)
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ConfigError(f"{where}: no such file") from None
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{where}: not valid TOML: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"{where}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8"
            ) from None
        except RecursionError:
            raise ConfigError(f"{where}: nested too deeply to be a configuration") from None
        return cls.from_mapping(data, where)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "config") -> SandboxConfig:
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise ConfigError(
                f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(_TOP_KEYS))})"
            )
        apps = (
            [_app(item, f"{where}: apps[{i}]") for i, item in enumerate(_list(data, "apps", where))]
            if "apps" in data
            else [defaults.demo_app()]
        )
        customers = (
            [
                _customer(item, f"{where}: customers[{i}]")
                for i, item in enumerate(_list(data, "customers", where))
            ]
            if "customers" in data
            else defaults.demo_customers()
        )
        try:
            faults = Faults.from_json(data.get("faults", {}), "faults")
        except FaultsError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        options: dict[str, Any] = {}
        for name in ("code_ttl", "token_ttl", "refresh_ttl", "login_ttl", "max_pin_attempts"):
            if name in data:
                options[name] = data[name]
        if "journal_size" in data:
            options["journal_size"] = data["journal_size"]
        if "rotate_refresh" in data:
            if not isinstance(data["rotate_refresh"], bool):
                raise ConfigError(f"{where}: rotate_refresh must be true or false")
            options["rotate_refresh"] = data["rotate_refresh"]
        config = cls(apps=apps, customers=customers, faults=faults, **options)
        config.validate(where)
        return config

    def to_info(self, base_url: str | None = None) -> dict[str, Any]:
        """What ``--json`` prints and ``GET /_sandbox/info`` answers."""
        return {
            "base_url": base_url,
            "apps": [app.to_json() for app in self.apps],
            "customers": [customer.to_json() for customer in self.customers],
            "lifetimes": {
                "code_ttl": self.code_ttl,
                "token_ttl": self.token_ttl,
                "refresh_ttl": self.refresh_ttl,
                "rotate_refresh": self.rotate_refresh,
            },
        }


def check_url(url: object, what: str) -> str:
    """``url`` if it is an absolute URL (``scheme://host...``), else :class:`ConfigError`."""
    if not isinstance(url, str) or not url:
        raise ConfigError(f"{what} must be a URL string")
    parts = urlsplit(url)
    if not parts.scheme or not (parts.netloc or parts.path):
        raise ConfigError(f"{what}: {url!r} is not an absolute URL")
    return url


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


def _str(item: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if value is None:
        raise ConfigError(f"{where}: {key} is missing")
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a string")
    return value


def _str_map(item: Mapping[str, Any], key: str, where: str) -> dict[str, str]:
    value = item.get(key, {})
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ConfigError(f"{where}: {key} must be a table of strings")
    return dict(value)


def _app(item: object, where: str) -> SandboxApp:
    if not isinstance(item, Mapping):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(item) - _APP_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    callback_urls = dict.fromkeys(
        contract.END_STATES, _str(item, "callback_url", where, defaults.DEFAULT_CALLBACK_URL)
    )
    callback_urls.update(_str_map(item, "callback_urls", where))
    return SandboxApp(
        name=_str(item, "name", where, "app"),
        api_key=_str(item, "api_key", where),
        api_secret=_str(item, "api_secret", where),
        callback_urls=callback_urls,
        redirect_options=_str_map(item, "redirect_options", where),
    )


def _customer(item: object, where: str) -> SandboxCustomer:
    if not isinstance(item, Mapping):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(item) - _CUSTOMER_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    profile = item.get("profile", {})
    if not isinstance(profile, Mapping):
        raise ConfigError(f"{where}: profile must be a table")
    return SandboxCustomer(
        id=_str(item, "id", where), pin=_str(item, "pin", where), profile=dict(profile)
    )
