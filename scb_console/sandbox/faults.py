"""Faults the sandbox can inject, per SCB endpoint, to rehearse failure.

A :class:`FaultSpec` says what goes wrong on one endpoint: added latency, a share of requests
answered 500/9700, a malformed body, a share of dropped connections, and a server-clock offset
(``expiresAt`` and the ``Date`` header shifted by N seconds). :class:`Faults` holds the spec for
every endpoint (``default``) and whole-spec overrides for single endpoints (``endpoints``).

The JSON shape (``GET``/``PUT /_sandbox/faults``, the TOML ``[faults]`` table) is::

    {"default": {"latency_ms": 0, "error_rate": 0.0, "malformed": null,
                 "drop_rate": 0.0, "clock_offset": 0},
     "endpoints": {"token": {"error_rate": 0.5}}}

Omitted fields take their zero value. Spec fields at the top level (beside ``endpoints``) are
read as the ``default`` spec, so ``{"error_rate": 1}`` and TOML's flat ``[faults]`` table work.
An endpoint's spec replaces the default one (it is not merged into it).

Order of play on a request to a faulted endpoint: latency, then a dropped connection (the request
is not handled), then a 500/9700 (not handled either), then the real handler, then the malformed
body (the request was handled: a code is spent even though the client cannot read the answer).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Final, Literal, TypeGuard, cast

#: The SCB endpoints faults can target.
ENDPOINTS: Final = ("token", "authorize", "refresh", "profile")
#: Malformed body modes: JSON cut in half, or an HTML error page in place of the JSON.
MALFORMED_MODES: Final = ("truncated", "html")

MalformedMode = Literal["truncated", "html"]


class FaultsError(ValueError):
    """A fault setting that makes no sense; the message names the setting."""


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """What goes wrong on one endpoint. The zero value means nothing does."""

    latency_ms: int = 0
    error_rate: float = 0.0
    malformed: MalformedMode | None = None
    drop_rate: float = 0.0
    clock_offset: float = 0

    def __post_init__(self) -> None:
        problem = _problem(
            self.latency_ms, self.error_rate, self.malformed, self.drop_rate, self.clock_offset
        )
        if problem:
            raise FaultsError(f"faults.{problem}")

    @property
    def active(self) -> bool:
        """Whether anything goes wrong at all (checked on every request: kept cheap)."""
        return bool(
            self.latency_ms
            or self.error_rate
            or self.malformed
            or self.drop_rate
            or self.clock_offset
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, value: object, where: str = "faults") -> FaultSpec:
        if not isinstance(value, Mapping):
            raise FaultsError(f"{where} must be an object, not {type(value).__name__}")
        known = [f.name for f in fields(cls)]
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            raise FaultsError(
                f"{where}: unknown fault setting {unknown[0]!r} (known: {', '.join(known)})"
            )
        latency = value.get("latency_ms", 0)
        error_rate = value.get("error_rate", 0.0)
        malformed = value.get("malformed")
        drop_rate = value.get("drop_rate", 0.0)
        offset = value.get("clock_offset", 0)
        if _is_number(latency) and float(latency).is_integer():
            latency = int(latency)
        problem = _problem(latency, error_rate, malformed, drop_rate, offset)
        if problem:
            raise FaultsError(f"{where}.{problem}")
        return cls(
            latency_ms=latency,
            error_rate=float(error_rate),
            malformed=malformed,
            drop_rate=float(drop_rate),
            clock_offset=offset,
        )


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _problem(
    latency: object, error_rate: object, malformed: object, drop_rate: object, offset: object
) -> str | None:
    """What is wrong with these settings (``"name must ..."``), or None."""
    if not isinstance(latency, int) or isinstance(latency, bool) or not 0 <= latency <= 600_000:
        return "latency_ms must be a whole number of milliseconds between 0 and 600000"
    for name, rate in (("error_rate", error_rate), ("drop_rate", drop_rate)):
        if not _is_number(rate) or not 0.0 <= float(rate) <= 1.0:
            return f"{name} must be a number between 0 and 1"
    if malformed is not None and malformed not in MALFORMED_MODES:
        return f"malformed must be one of {', '.join(MALFORMED_MODES)} or null, not {malformed!r}"
    if not _is_number(offset) or not math.isfinite(float(offset)):
        return "clock_offset must be a number of seconds"
    return None


@dataclass(frozen=True, slots=True)
class Faults:
    """The faults of every endpoint: ``default``, and whole-spec overrides per endpoint."""

    default: FaultSpec = field(default_factory=FaultSpec)
    endpoints: Mapping[str, FaultSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.endpoints:
            if name not in ENDPOINTS:
                raise FaultsError(
                    f"faults: unknown endpoint {name!r} (known: {', '.join(ENDPOINTS)})"
                )
        # a private copy, so a caller's dict cannot change a frozen value behind our back
        object.__setattr__(self, "endpoints", dict(self.endpoints))

    def for_endpoint(self, endpoint: str | None) -> FaultSpec:
        if endpoint is None:
            return self.default
        return self.endpoints.get(endpoint, self.default)

    def with_endpoint(self, endpoint: str, spec: FaultSpec) -> Faults:
        return Faults(self.default, {**self.endpoints, endpoint: spec})

    def with_default(self, spec: FaultSpec) -> Faults:
        return Faults(spec, self.endpoints)

    def to_json(self) -> dict[str, Any]:
        return {
            "default": self.default.to_json(),
            "endpoints": {name: spec.to_json() for name, spec in self.endpoints.items()},
        }

    @classmethod
    def from_json(cls, value: object, where: str = "faults") -> Faults:
        if not isinstance(value, Mapping):
            raise FaultsError(f"{where} must be an object, not {type(value).__name__}")
        spec_names = {f.name for f in fields(FaultSpec)}
        flat = {key: item for key, item in value.items() if key in spec_names}
        unknown = sorted(str(k) for k in value if k not in spec_names | {"default", "endpoints"})
        if unknown:
            raise FaultsError(
                f"{where}: unknown key {unknown[0]!r} (expected 'default' and 'endpoints', "
                "or the fault settings themselves)"
            )
        if flat and "default" in value:
            raise FaultsError(
                f"{where}: give the default settings flat or under 'default', not both"
            )
        default = FaultSpec.from_json(value.get("default", flat), f"{where}.default")
        raw_endpoints = value.get("endpoints", {})
        if not isinstance(raw_endpoints, Mapping):
            raise FaultsError(f"{where}.endpoints must be an object keyed by endpoint name")
        endpoints: dict[str, FaultSpec] = {}
        for name, spec in cast(Mapping[str, object], raw_endpoints).items():
            if name not in ENDPOINTS:
                raise FaultsError(
                    f"{where}.endpoints: unknown endpoint {name!r} (known: {', '.join(ENDPOINTS)})"
                )
            endpoints[name] = FaultSpec.from_json(spec, f"{where}.endpoints.{name}")
        return cls(default, endpoints)
