"""The sandbox's apps (partner applications) and test customers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scb_console.core.masking import mask


@dataclass(slots=True)
class SandboxApp:
    """A partner application registered with the sandbox.

    ``callback_urls`` maps each ``endState`` (``mobile_app``, ``mobile_web``) to the registered
    callback URL; ``redirect_options`` maps a ``redirectOption`` key to an alternative URL.
    """

    name: str
    api_key: str
    api_secret: str = field(repr=False)
    callback_urls: dict[str, str] = field(default_factory=dict)
    redirect_options: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # the secret stays out of tracebacks and logs
        return (
            f"SandboxApp(name={self.name!r}, api_key={self.api_key!r}, "
            f"api_secret={mask(self.api_secret)!r}, callback_urls={self.callback_urls!r}, "
            f"redirect_options={self.redirect_options!r})"
        )

    def to_json(self) -> dict[str, Any]:
        """As ``--json`` and ``/_sandbox/info`` show it (the secret included: it is a test one)."""
        return {
            "name": self.name,
            "api_key": self.api_key,
            "api_secret": self.api_secret,
            "callback_urls": dict(self.callback_urls),
            "redirect_options": dict(self.redirect_options),
        }


@dataclass(slots=True)
class SandboxCustomer:
    """A fictional SCB Easy user: an id (the ``resourceOwnerId``), a 6-digit PIN, a profile."""

    id: str
    pin: str
    profile: dict[str, Any] = field(default_factory=dict)

    def _text(self, name: str) -> str:
        value = self.profile.get(name)
        return value if isinstance(value, str) else ""

    @property
    def thai_name(self) -> str:
        parts = (self._text("thaiTitle"), self._text("thaiFirstName"), self._text("thaiLastName"))
        return " ".join(p for p in parts if p)

    @property
    def english_name(self) -> str:
        parts = (self._text("engTitle"), self._text("engFirstName"), self._text("engLastName"))
        return " ".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pin": self.pin,
            "thai_name": self.thai_name,
            "english_name": self.english_name,
        }
