"""Window settings kept between runs (QSettings): geometry, dock layout, small preferences.

Never a secret: no API secret, token, code or deeplink is ever written here. The last used
profile is kept by the profile store (``profiles.toml``), not here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "SCB Console"
APPLICATION = "SCB Console"

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SPLITTER = "window/wizardSplitter"
_CUSTOMER = "flow/testCustomer"
_AUTO_REFRESH = "flow/autoRefresh"
_MARGIN = "flow/refreshMargin"
_THEME = "view/theme"
_LANGUAGE = "view/language"
_BUDDHIST_ERA = "view/buddhistEra"
_FAULTS_OPEN = "window/faultsDockOpen"

#: Keys this module may write; anything else is refused (a guard against secrets creeping in).
ALLOWED_KEYS = frozenset(
    {
        _GEOMETRY,
        _STATE,
        _SPLITTER,
        _CUSTOMER,
        _AUTO_REFRESH,
        _MARGIN,
        _THEME,
        _LANGUAGE,
        _BUDDHIST_ERA,
        _FAULTS_OPEN,
    }
)


class UiSettings:
    """Typed access to the console's QSettings."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._qs = QSettings(ORGANIZATION, APPLICATION)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def qsettings(self) -> QSettings:
        return self._qs

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _set(self, key: str, value: object) -> None:
        if key not in ALLOWED_KEYS:
            raise KeyError(f"not a window setting: {key}")
        self._qs.setValue(key, value)

    def geometry(self) -> QByteArray | None:
        return self._bytes(_GEOMETRY)

    def set_geometry(self, value: QByteArray) -> None:
        self._set(_GEOMETRY, value)

    def window_state(self) -> QByteArray | None:
        return self._bytes(_STATE)

    def set_window_state(self, value: QByteArray) -> None:
        self._set(_STATE, value)

    def splitter_state(self) -> QByteArray | None:
        return self._bytes(_SPLITTER)

    def set_splitter_state(self, value: QByteArray) -> None:
        self._set(_SPLITTER, value)

    def test_customer(self) -> str:
        value = self._qs.value(_CUSTOMER, "")
        return value if isinstance(value, str) else ""

    def set_test_customer(self, customer_id: str) -> None:
        self._set(_CUSTOMER, customer_id)

    def auto_refresh(self) -> bool:
        value = self._qs.value(_AUTO_REFRESH, False)
        return value in (True, "true", "1", 1)

    def set_auto_refresh(self, on: bool) -> None:
        self._set(_AUTO_REFRESH, bool(on))

    def refresh_margin(self) -> int:
        value = self._qs.value(_MARGIN, 60)
        try:
            margin = int(str(value))
        except ValueError:
            return 60
        return min(max(margin, 5), 1500)

    def set_refresh_margin(self, seconds: int) -> None:
        self._set(_MARGIN, int(seconds))

    def theme(self) -> str:
        """``"system"``, ``"light"`` or ``"dark"``."""
        value = self._qs.value(_THEME, "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_theme(self, theme: str) -> None:
        self._set(_THEME, theme if theme in ("system", "light", "dark") else "system")

    def language(self) -> str | None:
        """The interface language the user picked (``"en"`` / ``"th"``), None: follow the
        system."""
        value = self._qs.value(_LANGUAGE, "")
        return value if value in ("en", "th") else None

    def set_language(self, language: str | None) -> None:
        self._set(_LANGUAGE, language if language in ("en", "th") else "")

    def buddhist_era(self) -> bool:
        value = self._qs.value(_BUDDHIST_ERA, False)
        return value in (True, "true", "1", 1)

    def set_buddhist_era(self, on: bool) -> None:
        self._set(_BUDDHIST_ERA, bool(on))

    def faults_dock_open(self) -> bool:
        """Whether the Fault rehearsal dock was open when the window last closed."""
        value = self._qs.value(_FAULTS_OPEN, False)
        return value in (True, "true", "1", 1)

    def set_faults_dock_open(self, on: bool) -> None:
        self._set(_FAULTS_OPEN, bool(on))

    def sync(self) -> None:
        self._qs.sync()
