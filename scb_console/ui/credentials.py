"""The Credentials panel: profiles (add, duplicate, rename, delete, import, export), their fields.

The API secret never leaves the secret store except into the masked ``apiSecretEdit`` (shown
in clear only while the eye button is held down). Profiles are saved to the profile store
without secrets; import and export are JSON without secrets.

"Test credentials" asks for a server token with the fields as they are on screen (saved or not)
and says plainly what was wrong: the key or secret, the network, or the server.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from scb_console.core import contract
from scb_console.core.clock import Clock
from scb_console.core.contract import Environment, StatusCode
from scb_console.core.errors import (
    ApiError,
    MalformedResponse,
    ProfileError,
    SCBConsoleError,
    SecretStoreError,
    TransportError,
)
from scb_console.core.exchange import ExchangeLog
from scb_console.core.i18n import tr as engine_tr
from scb_console.core.masking import mask
from scb_console.core.models import Profile
from scb_console.core.ports import ProfileStore, SecretStore
from scb_console.infra.profiles import (
    export_profiles_json,
    import_profiles_json,
    validate_name,
    validate_profile,
)
from scb_console.ui import i18n, theme
from scb_console.ui.i18n import QT_TRANSLATE_NOOP
from scb_console.ui.session import API_SECRET_KEY

if TYPE_CHECKING:  # loaded on the first test (httpx is not needed for the first frame)
    import httpx

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: What each SCB field means, for tooltips (shown on the label and the field); English, marked
#: for translation (``tooltip(key)`` gives it in the interface language).
TOOLTIPS: dict[str, str] = {
    "environment": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "Where requests go. Local sandbox: the simulator built into this console. SCB sandbox, "
        "UAT and production: SCB's servers. Tokens are kept apart per environment.",
    ),
    "base_url": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "The API's base URL; SCB's paths (/v1/oauth/token, ...) are appended to it. Fixed for "
        "SCB's environments; the Local sandbox's is set to the embedded sandbox at each launch.",
    ),
    "api_key": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "The application's API key from the SCB developer portal. Sent as applicationKey in "
        "token bodies and as the apikey / resourceOwnerId headers.",
    ),
    "api_secret": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "The application's API secret (applicationSecret / apisecret). Kept in the OS keyring, "
        "never in the profile file. Hold the eye button to see it.",
    ),
    "callback_url": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "The callback URL registered for the app on the portal. SCB Easy redirects there with "
        "code, state and status after the customer consents.",
    ),
    "response_channel": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "response-channel header of the authorize call: 'mobile' opens the SCB Easy app, "
        "'mobile_mma' another simulator.",
    ),
    "end_state": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "endState header of the authorize call: 'mobile_app' returns the customer to your app, "
        "'mobile_web' to a web page.",
    ),
    "accept_language": QT_TRANSLATE_NOOP(
        "CredentialsPanel", "accept-language header: the language of SCB's messages (EN or TH)."
    ),
    "redirect_option": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "redirectOption header (optional): the key of an alternative callback URL registered "
        "for this endState.",
    ),
    "partner_query": QT_TRANSLATE_NOOP(
        "CredentialsPanel",
        "Your own query pairs (name=value&name2=value2) sent on authorize and echoed back on the "
        "redirect. code, state and status are reserved; 255 characters at most.",
    ),
}


def tooltip(key: str) -> str:
    """The tooltip of field ``key`` (see :data:`TOOLTIPS`) in the interface language."""
    return translate("CredentialsPanel", TOOLTIPS[key])


@dataclass(frozen=True, slots=True)
class CredentialCheck:
    """The outcome of "Test credentials": ok, and one plain sentence."""

    ok: bool
    message: str
    #: "key", "network", "server" or "" (ok): what went wrong.
    culprit: str = ""


def explain_credentials_error(exc: SCBConsoleError) -> CredentialCheck:
    """Say plainly what a failed server-token request means for the credentials."""
    uid = f" (requestUId {exc.request_uid})" if exc.request_uid else ""
    if isinstance(exc, TransportError):
        return CredentialCheck(
            False,
            translate(
                "CredentialsPanel",
                "Network: the server could not be reached: {reason}. Check the base URL "
                "and your connection; the key and secret were not checked.",
            ).format(reason=exc.message),
            "network",
        )
    if isinstance(exc, ApiError):
        if exc.http_status >= 500:
            return CredentialCheck(
                False,
                translate(
                    "CredentialsPanel",
                    "Server: it failed (HTTP {status}, code {code}: {description}){uid}. The "
                    "credentials were not checked; try again later.",
                ).format(
                    status=exc.http_status, code=exc.code, description=exc.description, uid=uid
                ),
                "server",
            )
        if exc.code in (
            StatusCode.INVALID_API_KEY,
            StatusCode.MISSING_CREDENTIALS,
            StatusCode.INVALID_ACCESS_RIGHTS,
        ) or exc.http_status in (401, 403):
            return CredentialCheck(
                False,
                translate(
                    "CredentialsPanel",
                    "Key or secret: SCB refused them (code {code}: {description}){uid}. "
                    "Copy both again from the developer portal.",
                ).format(code=exc.code, description=exc.description, uid=uid),
                "key",
            )
        return CredentialCheck(
            False,
            translate(
                "CredentialsPanel",
                "Request refused (HTTP {status}, code {code}: {description}){uid}.",
            ).format(status=exc.http_status, code=exc.code, description=exc.description, uid=uid),
            "server",
        )
    if isinstance(exc, MalformedResponse):
        status = (
            f"HTTP {exc.http_status}"
            if exc.http_status is not None
            else translate("CredentialsPanel", "no status")
        )
        return CredentialCheck(
            False,
            translate(
                "CredentialsPanel",
                "Server: the answer is not SCB's ({status}: {reason}){uid}. Is the base URL "
                "an SCB API?",
            ).format(status=status, reason=exc.message, uid=uid),
            "server",
        )
    return CredentialCheck(False, str(exc), "key" if isinstance(exc, ProfileError) else "")


async def check_credentials(
    http: httpx.AsyncClient,
    profile: Profile,
    secret: str,
    *,
    clock: Clock | None = None,
    exchange_log: ExchangeLog | None = None,
) -> CredentialCheck:
    """Ask for a server token with ``profile`` and ``secret``; never raises an SCBConsoleError."""
    if not profile.api_key.strip():
        return CredentialCheck(
            False, translate("CredentialsPanel", "Key: the API key is empty."), "key"
        )
    if not secret:
        return CredentialCheck(
            False, translate("CredentialsPanel", "Secret: the API secret is empty."), "key"
        )
    from scb_console.core.client import SCBClient

    client = SCBClient(http, profile, secret, clock=clock, log=exchange_log)
    try:
        token = await client.server_token()
    except SCBConsoleError as exc:
        return explain_credentials_error(exc)
    return CredentialCheck(
        True,
        translate(
            "CredentialsPanel", "Key and secret work: server token {token} (requestUId {uid})."
        ).format(token=mask(token.access_token), uid=token.request_uid),
    )


def parse_partner_query(text: str) -> tuple[tuple[str, str], ...]:
    """``a=1&b=2`` into pairs; ProfileError for text that is not name=value pairs."""
    stripped = text.strip().lstrip("?")
    if not stripped:
        return ()
    try:
        pairs = urllib.parse.parse_qsl(stripped, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise ProfileError(
            translate(
                "CredentialsPanel", "partner query {text!r} is not name=value pairs joined by '&'"
            ).format(text=text)
        ) from None
    return tuple(pairs)


def format_partner_query(pairs: Sequence[tuple[str, str]]) -> str:
    return urllib.parse.urlencode(list(pairs))


def _env_icon(environment: Environment) -> QIcon:
    """A small coloured dot in the environment's badge colour (drawn, so sharp at any DPI)."""
    icon = QIcon()
    for size in (12, 24, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.environment_color(environment)))
        margin = size / 6
        painter.drawEllipse(
            int(margin), int(margin), int(size - 2 * margin), int(size - 2 * margin)
        )
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class SecretLineEdit(QWidget):
    """A masked line edit with an eye button that shows the text only while held down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal = QToolButton(self)
        self.reveal.setObjectName("revealSecretButton")
        self._texts = i18n.Retranslator()
        self._texts.bind(self.reveal.setText, lambda: self.tr("Show"))
        self._texts.bind(
            self.reveal.setToolTip,
            lambda: self.tr("Hold to show the secret; it hides again when released"),
        )
        self._texts.bind(
            self.reveal.setAccessibleName, lambda: self.tr("Show API secret while pressed")
        )
        self.reveal.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.reveal)
        self.reveal.pressed.connect(self.on_reveal_pressed)
        self.reveal.released.connect(self.on_reveal_released)

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self._texts.apply()
        super().changeEvent(event)

    def on_reveal_pressed(self) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal)

    def on_reveal_released(self) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)

    def revealed(self) -> bool:
        return self.edit.echoMode() == QLineEdit.EchoMode.Normal


class CredentialsPanel(QWidget):
    """Profiles and their fields. Emits :attr:`profile_selected` when the active profile changes."""

    #: The active profile (as saved) changed: selection, save, rename.
    profile_selected = Signal(object)
    #: "Test credentials": ``(profile as on screen, secret as on screen)``.
    test_requested = Signal(object, str)
    #: A one-line message for the status bar.
    message = Signal(str)

    def __init__(
        self,
        profile_store: ProfileStore,
        secret_store: SecretStore,
        *,
        sandbox_base_url: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("credentialsPanel")
        self._store = profile_store
        self._secrets = secret_store
        self._sandbox_base_url = sandbox_base_url
        self._profiles: list[Profile] = []
        self._current: Profile | None = None
        self._loading = False
        self._dirty = False
        self._texts = i18n.Retranslator()
        self._test_busy = False
        #: The last used profile as the store has it (not written again when unchanged).
        self._last_used: str | None = None
        #: The shown profile's secret is not read yet (the secret store opens after the first
        #: frame): read it when the store is open, or before anything uses the field.
        self._secret_pending = False
        self._build()
        self._connect_signals()
        self._set_dirty(False)

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)

        t = self._texts
        heading = QLabel()
        t.bind(heading.setText, lambda: self.tr("Profiles"))
        heading.setObjectName("panelHeading")
        heading_font = QFont(heading.font())
        heading_font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(heading_font)
        layout.addWidget(heading)

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        t.bind(self.profile_list.setAccessibleName, lambda: self.tr("Profiles"))
        t.bind(
            self.profile_list.setToolTip,
            lambda: self.tr("Each profile is one SCB app in one environment"),
        )
        self.profile_list.setIconSize(QSize(12, 12))
        self.profile_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit_list_height(0)
        layout.addWidget(self.profile_list)

        row = QHBoxLayout()
        row.setSpacing(4)
        self.add_button = self._tool(
            lambda: self.tr("Add"), "addProfileButton", lambda: self.tr("Add a new profile")
        )
        self.duplicate_button = self._tool(
            lambda: self.tr("Duplicate"),
            "duplicateProfileButton",
            lambda: self.tr("Copy the selected profile (with its secret)"),
        )
        self.rename_button = self._tool(
            lambda: self.tr("Rename"), "renameProfileButton", lambda: self.tr("Rename the profile")
        )
        self.delete_button = self._tool(
            lambda: self.tr("Delete"),
            "deleteProfileButton",
            lambda: self.tr("Delete the profile and its secret"),
        )
        self.more_button = QToolButton()
        self.more_button.setObjectName("profileMoreButton")
        self.more_button.setText("⋯")
        t.bind(
            self.more_button.setToolTip,
            lambda: self.tr("Import or export profiles (JSON, without secrets)"),
        )
        t.bind(self.more_button.setAccessibleName, lambda: self.tr("More profile actions"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.import_action = QAction(self)
        t.bind(self.import_action.setText, lambda: self.tr("Import profiles…"))
        self.export_action = QAction(self)
        t.bind(self.export_action.setText, lambda: self.tr("Export profiles…"))
        menu.addAction(self.import_action)
        menu.addAction(self.export_action)
        self.more_button.setMenu(menu)
        for button in (self.add_button, self.duplicate_button, self.rename_button):
            row.addWidget(button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.more_button)
        layout.addLayout(row)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(6)

        self.environment_combo = QComboBox()
        self.environment_combo.setObjectName("environmentCombo")
        for env in Environment:
            self.environment_combo.addItem(_env_icon(env), env.label, env.value)
        t.bind(lambda _: self._label_environments(), lambda: "")
        self.base_url_edit = QLineEdit()
        self.base_url_edit.setObjectName("baseUrlEdit")
        self.api_key_edit = QLineEdit()
        self.api_key_edit.setObjectName("apiKeyEdit")
        self.api_key_edit.setProperty("code", True)
        self.secret = SecretLineEdit()
        self.api_secret_edit = self.secret.edit
        self.api_secret_edit.setObjectName("apiSecretEdit")
        self.api_secret_edit.setProperty("code", True)
        self.callback_edit = QLineEdit()
        self.callback_edit.setObjectName("callbackUrlEdit")
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("responseChannelCombo")
        self.channel_combo.addItems(list(contract.RESPONSE_CHANNELS))
        self.end_state_combo = QComboBox()
        self.end_state_combo.setObjectName("endStateCombo")
        self.end_state_combo.addItems(list(contract.END_STATES))
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("acceptLanguageCombo")
        self.language_combo.addItems(list(contract.ACCEPT_LANGUAGES))
        self.redirect_option_edit = QLineEdit()
        self.redirect_option_edit.setObjectName("redirectOptionEdit")
        t.bind(self.redirect_option_edit.setPlaceholderText, lambda: self.tr("optional"))
        self.partner_query_edit = QLineEdit()
        self.partner_query_edit.setObjectName("partnerQueryEdit")
        self.partner_query_edit.setPlaceholderText("orderId=42&ref=abc")

        # (label, field key, widget, accessible name); the SCB header and field names
        # (response-channel, endState, ...) stay as SCB spells them in every language
        rows: list[tuple[str, str, QWidget, str]] = [
            (
                QT_TRANSLATE_NOOP("CredentialsPanel", "Environment"),
                "environment",
                self.environment_combo,
                QT_TRANSLATE_NOOP("CredentialsPanel", "Environment"),
            ),
            (
                QT_TRANSLATE_NOOP("CredentialsPanel", "Base URL"),
                "base_url",
                self.base_url_edit,
                QT_TRANSLATE_NOOP("CredentialsPanel", "Base URL"),
            ),
            ("API key", "api_key", self.api_key_edit, "API key"),
            ("API secret", "api_secret", self.secret, "API secret"),
            ("Callback URL", "callback_url", self.callback_edit, "Callback URL"),
            (
                "response-channel",
                "response_channel",
                self.channel_combo,
                QT_TRANSLATE_NOOP("CredentialsPanel", "Response channel"),
            ),
            (
                "endState",
                "end_state",
                self.end_state_combo,
                QT_TRANSLATE_NOOP("CredentialsPanel", "End state"),
            ),
            (
                "accept-language",
                "accept_language",
                self.language_combo,
                QT_TRANSLATE_NOOP("CredentialsPanel", "Accept language"),
            ),
            (
                "redirectOption",
                "redirect_option",
                self.redirect_option_edit,
                QT_TRANSLATE_NOOP("CredentialsPanel", "Redirect option"),
            ),
            (
                QT_TRANSLATE_NOOP("CredentialsPanel", "Partner query"),
                "partner_query",
                self.partner_query_edit,
                QT_TRANSLATE_NOOP("CredentialsPanel", "Partner query pairs"),
            ),
        ]
        for text, key, widget, accessible in rows:
            label = QLabel()
            tip = partial(tooltip, key)
            t.bind(label.setText, partial(translate, "CredentialsPanel", text))
            t.bind(label.setToolTip, tip)
            t.bind(widget.setToolTip, tip)
            t.bind(widget.setAccessibleName, partial(translate, "CredentialsPanel", accessible))
            t.bind(widget.setAccessibleDescription, tip)
            if widget is self.secret:
                t.bind(self.api_secret_edit.setToolTip, tip)
                t.bind(self.api_secret_edit.setAccessibleName, lambda: "API secret")
            label.setBuddy(self.api_secret_edit if widget is self.secret else widget)
            form.addRow(label, widget)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.save_button = QPushButton()
        t.bind(self.save_button.setText, lambda: self.tr("Save"))
        self.save_button.setObjectName("saveProfileButton")
        t.bind(
            self.save_button.setToolTip,
            lambda: self.tr("Save the profile (the secret goes to the OS keyring)"),
        )
        self.revert_button = QPushButton()
        t.bind(self.revert_button.setText, lambda: self.tr("Revert"))
        self.revert_button.setObjectName("revertProfileButton")
        t.bind(self.revert_button.setToolTip, lambda: self.tr("Undo unsaved changes"))
        self.test_button = QPushButton()
        t.bind(self.test_button.setText, self._test_button_text)
        self.test_button.setObjectName("testCredentialsButton")
        t.bind(
            self.test_button.setToolTip,
            lambda: self.tr(
                "Ask for a server token with the key and secret above (saved or not) and say "
                "what is wrong, if anything"
            ),
        )
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        layout.addLayout(buttons)

        self.test_result = QLabel()
        self.test_result.setObjectName("testCredentialsResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setVisible(False)
        self._test_ok = True
        theme.follow(self.test_result, self._colour_result)
        layout.addWidget(self.test_result)

        self.storage_note = QLabel()
        self.storage_note.setObjectName("secretStorageNote")
        self.storage_note.setWordWrap(True)
        self.storage_note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.storage_note)
        layout.addStretch(1)
        self._update_storage_note()

    def _fit_list_height(self, count: int) -> None:
        """Tall enough for the profiles there are (3 to 7 rows; it scrolls beyond)."""
        row = max(self.profile_list.sizeHintForRow(0), self.fontMetrics().height() + 6)
        rows = min(max(count, 3), 7)
        frame = 2 * self.profile_list.frameWidth()
        self.profile_list.setFixedHeight(rows * row + frame + 4)

    def _tool(self, text: Callable[[], str], name: str, tip: Callable[[], str]) -> QToolButton:
        button = QToolButton()
        self._texts.bind(button.setText, text)
        button.setObjectName(name)
        self._texts.bind(button.setToolTip, tip)
        self._texts.bind(button.setAccessibleName, tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _label_environments(self) -> None:
        """The environment names in the combo box, in the interface language."""
        for index in range(self.environment_combo.count()):
            value = self.environment_combo.itemData(index)
            self.environment_combo.setItemText(index, Environment(value).label)

    def _test_button_text(self) -> str:
        return self.tr("Testing…") if self._test_busy else self.tr("Test credentials")

    def changeEvent(self, event: QEvent) -> None:
        if i18n.is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Every label, tooltip and note in the interface language now installed."""
        self._texts.apply()
        for index, profile in enumerate(self._profiles):
            item = self.profile_list.item(index)
            if item is not None:
                item.setToolTip(f"{profile.name}: {profile.environment.label}")
        self._apply_environment_rules(placeholders_only=True)
        self._update_storage_note()

    def _connect_signals(self) -> None:
        self.profile_list.currentRowChanged.connect(self.on_current_row_changed)
        self.add_button.clicked.connect(self.on_add_clicked)
        self.duplicate_button.clicked.connect(self.on_duplicate_clicked)
        self.rename_button.clicked.connect(self.on_rename_clicked)
        self.delete_button.clicked.connect(self.on_delete_clicked)
        self.import_action.triggered.connect(self.on_import_triggered)
        self.export_action.triggered.connect(self.on_export_triggered)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.revert_button.clicked.connect(self.on_revert_clicked)
        self.test_button.clicked.connect(self.on_test_clicked)
        self.environment_combo.currentIndexChanged.connect(self.on_environment_changed)
        for edit in (
            self.base_url_edit,
            self.api_key_edit,
            self.api_secret_edit,
            self.callback_edit,
            self.redirect_option_edit,
            self.partner_query_edit,
        ):
            edit.textEdited.connect(self.on_field_edited)
        for combo in (self.channel_combo, self.end_state_combo, self.language_combo):
            combo.currentIndexChanged.connect(self.on_field_edited)

    # --- state ---------------------------------------------------------------------------------

    @property
    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    @property
    def current_profile(self) -> Profile | None:
        """The active profile as saved (not the unsaved edits on screen)."""
        return self._current

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_sandbox_base_url(self, url: str | None) -> None:
        self._sandbox_base_url = url

    def load(self, select: str | None = None) -> None:
        """Read the profiles and select ``select`` (else the last used, else the first)."""
        try:
            self._profiles = list(self._store.load())
        except ProfileError as exc:
            self._profiles = []
            self.message.emit(str(exc))
        try:
            self._last_used = self._store.last_used()
        except ProfileError:
            self._last_used = None
        self._refill(select if select is not None else self._last_used)

    def _refill(self, select: str | None) -> None:
        self._loading = True
        try:
            self.profile_list.clear()
            for profile in self._profiles:
                item = QListWidgetItem(_env_icon(profile.environment), profile.name)
                item.setToolTip(f"{profile.name}: {profile.environment.label}")
                item.setData(Qt.ItemDataRole.UserRole, profile.name)
                self.profile_list.addItem(item)
            self._fit_list_height(len(self._profiles))
        finally:
            self._loading = False
        names = [p.name for p in self._profiles]
        row = names.index(select) if select in names else (0 if names else -1)
        if row == self.profile_list.currentRow() and row >= 0:
            self._show_profile(self._profiles[row])
        else:
            self.profile_list.setCurrentRow(row)
        if row < 0:
            self._show_profile(None)
        self._update_actions()

    def select_profile(self, name: str) -> None:
        names = [p.name for p in self._profiles]
        if name not in names:
            raise ProfileError(engine_tr("no profile named {name!r}", name=name))
        self.profile_list.setCurrentRow(names.index(name))

    def _show_profile(self, profile: Profile | None) -> None:
        self._loading = True
        try:
            self._current = profile
            p = profile if profile is not None else Profile(name="")
            self.environment_combo.setCurrentIndex(
                max(0, self.environment_combo.findData(p.environment.value))
            )
            self.base_url_edit.setText(p.base_url)
            self.api_key_edit.setText(p.api_key)
            secret = ""
            self._secret_pending = profile is not None and not self._secrets_ready()
            if profile is not None and not self._secret_pending:
                try:
                    secret = self._secrets.get(profile.name, API_SECRET_KEY) or ""
                except SecretStoreError as exc:
                    self.message.emit(str(exc))
            self.api_secret_edit.setText(secret)
            self.callback_edit.setText(p.callback_url)
            self.channel_combo.setCurrentText(p.response_channel)
            self.end_state_combo.setCurrentText(p.end_state)
            self.language_combo.setCurrentText(p.accept_language)
            self.redirect_option_edit.setText(p.redirect_option)
            self.partner_query_edit.setText(format_partner_query(p.partner_query))
            for edit in (
                self.base_url_edit,
                self.api_key_edit,
                self.callback_edit,
                self.redirect_option_edit,
                self.partner_query_edit,
            ):
                edit.setCursorPosition(0)
            self._apply_environment_rules()
        finally:
            self._loading = False
        self.test_result.setVisible(False)
        self._set_dirty(False)
        for widget in self._field_widgets():
            widget.setEnabled(profile is not None)
        self._update_actions()
        self.profile_selected.emit(profile)

    def _field_widgets(self) -> list[QWidget]:
        return [
            self.environment_combo,
            self.base_url_edit,
            self.api_key_edit,
            self.secret,
            self.callback_edit,
            self.channel_combo,
            self.end_state_combo,
            self.language_combo,
            self.redirect_option_edit,
            self.partner_query_edit,
            self.test_button,
        ]

    def _apply_environment_rules(self, *, placeholders_only: bool = False) -> None:
        env = Environment(self.environment_combo.currentData() or Environment.LOCAL.value)
        default = env.default_base_url
        if placeholders_only:  # the language changed: the placeholder, nothing else
            if env is Environment.LOCAL:
                self.base_url_edit.setPlaceholderText(self.tr("the embedded sandbox"))
            return
        if default is not None:
            self.base_url_edit.setReadOnly(True)
            self.base_url_edit.setPlaceholderText(default)
            if not self._loading or not self.base_url_edit.text():
                self.base_url_edit.setText("")
        elif env is Environment.LOCAL:
            self.base_url_edit.setReadOnly(True)
            self.base_url_edit.setPlaceholderText(self.tr("the embedded sandbox"))
            if self._sandbox_base_url and not self.base_url_edit.text():
                self.base_url_edit.setText(self._sandbox_base_url)
        else:
            self.base_url_edit.setReadOnly(False)
            self.base_url_edit.setPlaceholderText("https://…")

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty and self._current is not None)
        self.revert_button.setEnabled(dirty and self._current is not None)
        was = bool(self.save_button.property("primary"))
        self.save_button.setProperty("primary", dirty)
        if was != dirty:  # the stylesheet's [primary="true"] rule: applied again
            style = self.save_button.style()
            style.unpolish(self.save_button)
            style.polish(self.save_button)

    def _update_actions(self) -> None:
        has = self._current is not None
        self.duplicate_button.setEnabled(has)
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.export_action.setEnabled(bool(self._profiles))

    def _secrets_ready(self) -> bool:
        """The secret store is open (a deferred one opens after the first frame)."""
        return bool(getattr(self._secrets, "ready", True))

    def on_secrets_ready(self) -> None:
        """The secret store is open: the shown profile's secret and where secrets are kept."""
        self._update_storage_note()
        self._settle_secret()

    def _settle_secret(self) -> None:
        """Read the shown profile's secret into the field when it was not read yet (opening
        the store now if it is not open), unless the user typed one meanwhile."""
        if not self._secret_pending:
            return
        self._secret_pending = False
        profile = self._current
        if profile is None or self.api_secret_edit.text():
            return
        try:
            secret = self._secrets.get(profile.name, API_SECRET_KEY) or ""
        except SecretStoreError as exc:
            self.message.emit(str(exc))
            return
        loading, self._loading = self._loading, True
        try:
            self.api_secret_edit.setText(secret)
        finally:
            self._loading = loading

    def _update_storage_note(self) -> None:
        if not self._secrets_ready():
            self.storage_note.setText("")  # said once the store is open (after the first frame)
            return
        persistent = getattr(self._secrets, "persistent", False)
        description = getattr(self._secrets, "description", "")
        if persistent:
            self.storage_note.setText(
                self.tr("Secrets are kept in {where}.").format(where=description)
            )
        else:
            reason = str(getattr(self._secrets, "reason", "") or self.tr("no OS keyring"))
            self.storage_note.setText(
                self.tr("Secrets are kept for this session only. {reason}.").format(
                    reason=_capital(reason)
                )
            )

    # --- reading the form ----------------------------------------------------------------------

    def form_profile(self) -> Profile:
        """The profile as the form shows it (validated); ProfileError names the bad field."""
        base = self._current if self._current is not None else Profile(name="new")
        env = Environment(self.environment_combo.currentData() or Environment.LOCAL.value)
        candidate = replace(
            base,
            environment=env,
            base_url=self.base_url_edit.text().strip(),
            api_key=self.api_key_edit.text().strip(),
            callback_url=self.callback_edit.text().strip(),
            response_channel=self.channel_combo.currentText(),
            end_state=self.end_state_combo.currentText(),
            accept_language=self.language_combo.currentText(),
            redirect_option=self.redirect_option_edit.text().strip(),
            partner_query=parse_partner_query(self.partner_query_edit.text()),
        )
        return validate_profile(candidate)

    def form_secret(self) -> str:
        self._settle_secret()
        return self.api_secret_edit.text().strip()

    # --- actions (callable from tests; the slots ask the user first) ---------------------------

    def _save_all(self, profiles: list[Profile], select: str | None) -> bool:
        try:
            self._store.save(profiles)
            if select is not None:
                self._store.set_last_used(select)
        except ProfileError as exc:
            self.message.emit(str(exc))
            self._show_result(False, str(exc))
            return False
        self._profiles = list(self._store.load())
        try:
            self._last_used = self._store.last_used()
        except ProfileError:
            self._last_used = None
        return True

    def save_current(self) -> bool:
        """Save the form into the current profile (and its secret into the secret store)."""
        if self._current is None:
            return False
        try:
            profile = self.form_profile()
        except ProfileError as exc:
            self._show_result(False, str(exc))
            return False
        secret = self.form_secret()
        try:
            if secret:
                self._secrets.set(profile.name, API_SECRET_KEY, secret)
            else:
                self._secrets.delete(profile.name, API_SECRET_KEY)
        except SecretStoreError as exc:
            self._show_result(False, self.tr("The secret was not saved: {error}").format(error=exc))
            return False
        updated = [profile if p.name == profile.name else p for p in self._profiles]
        if not self._save_all(updated, profile.name):
            return False
        self._refill(profile.name)
        self.message.emit(self.tr("Saved profile {name!r}").format(name=profile.name))
        return True

    def add_profile(self, name: str, environment: Environment = Environment.SANDBOX) -> bool:
        try:
            name = validate_name(name.strip())
        except ProfileError as exc:
            self._show_result(False, str(exc))
            return False
        if any(p.name.casefold() == name.casefold() for p in self._profiles):
            self._show_result(
                False, self.tr("A profile named {name!r} already exists").format(name=name)
            )
            return False
        base_url = ""
        if environment is Environment.LOCAL:
            base_url = self._sandbox_base_url or ""
        elif environment is Environment.CUSTOM:
            base_url = "https://localhost"
        # a new profile asks SCB for messages in the interface language (settable after)
        profile = Profile(
            name=name,
            environment=environment,
            base_url=base_url,
            accept_language=i18n.accept_language(),
        )
        if not self._save_all([*self._profiles, profile], name):
            return False
        self._refill(name)
        return True

    def duplicate_profile(self, name: str) -> bool:
        source = self._current
        if source is None:
            return False
        if not self.add_profile(name, source.environment):
            return False
        copy = replace(source, name=self._profiles[-1].name)
        try:
            secret = self._secrets.get(source.name, API_SECRET_KEY)
            if secret:
                self._secrets.set(copy.name, API_SECRET_KEY, secret)
        except SecretStoreError as exc:
            self.message.emit(self.tr("The secret was not copied: {error}").format(error=exc))
        updated = [copy if p.name == copy.name else p for p in self._profiles]
        if self._save_all(updated, copy.name):
            self._refill(copy.name)
        return True

    def rename_profile(self, old: str, new: str) -> bool:
        try:
            new = validate_name(new.strip())
        except ProfileError as exc:
            self._show_result(False, str(exc))
            return False
        if new == old:
            return True
        if any(p.name.casefold() == new.casefold() and p.name != old for p in self._profiles):
            self._show_result(
                False, self.tr("A profile named {name!r} already exists").format(name=new)
            )
            return False
        try:
            secret = self._secrets.get(old, API_SECRET_KEY)
            if secret:
                self._secrets.set(new, API_SECRET_KEY, secret)
        except SecretStoreError as exc:
            self._show_result(
                False, self.tr("The secret could not be moved: {error}").format(error=exc)
            )
            return False
        updated = [replace(p, name=new) if p.name == old else p for p in self._profiles]
        if not self._save_all(updated, new):
            return False
        try:
            self._secrets.delete(old, API_SECRET_KEY)
        except SecretStoreError as exc:
            self.message.emit(
                self.tr("The old secret could not be removed: {error}").format(error=exc)
            )
        self._refill(new)
        return True

    def delete_profile(self, name: str) -> bool:
        remaining = [p for p in self._profiles if p.name != name]
        if len(remaining) == len(self._profiles):
            return False
        select = remaining[0].name if remaining else None
        if not self._save_all(remaining, select):
            return False
        try:
            self._secrets.delete(name, API_SECRET_KEY)
        except SecretStoreError as exc:
            self.message.emit(self.tr("The secret could not be removed: {error}").format(error=exc))
        self._refill(select)
        self.message.emit(self.tr("Deleted profile {name!r}").format(name=name))
        return True

    def export_to(self, path: Path) -> bool:
        try:
            path.write_text(export_profiles_json(self._profiles), encoding="utf-8")
        except (OSError, ProfileError) as exc:
            self.message.emit(self.tr("Export failed: {error}").format(error=exc))
            return False
        self.message.emit(
            self.tr("Exported {count} profiles (no secrets) to {path}").format(
                count=len(self._profiles), path=path
            )
        )
        return True

    def import_from(self, path: Path) -> bool:
        try:
            imported = import_profiles_json(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.message.emit(
                self.tr("Import failed: cannot read {path}: {error}").format(
                    path=path, error=exc.strerror or exc
                )
            )
            return False
        except UnicodeDecodeError:
            self.message.emit(self.tr("Import failed: {path} is not UTF-8 text").format(path=path))
            return False
        except ProfileError as exc:
            self.message.emit(self.tr("Import failed: {error}").format(error=exc))
            return False
        by_name = {p.name.casefold(): p for p in self._profiles}
        for profile in imported:
            by_name[profile.name.casefold()] = profile
        select = imported[0].name if imported else None
        if not self._save_all(list(by_name.values()), select):
            return False
        self._refill(select)
        self.message.emit(
            self.tr("Imported {count} profiles; enter each one's API secret before use").format(
                count=len(imported)
            )
        )
        return True

    def _show_result(self, ok: bool, text: str) -> None:
        self._test_ok = ok
        self._colour_result(theme.is_dark())
        self.test_result.setText(("✓ " if ok else "✗ ") + text)
        self.test_result.setVisible(True)

    def _colour_result(self, dark: bool) -> None:
        status = theme.TokenStatus.VALID if self._test_ok else theme.TokenStatus.EXPIRED
        self.test_result.setStyleSheet(f"color: {theme.status_color(status, dark).name()};")

    def set_test_result(self, check: CredentialCheck) -> None:
        self._show_result(check.ok, check.message)

    def set_test_busy(self, busy: bool) -> None:
        self._test_busy = busy
        self.test_button.setEnabled(not busy and self._current is not None)
        self.test_button.setText(self._test_button_text())

    # --- slots -----------------------------------------------------------------------------------

    def on_current_row_changed(self, row: int) -> None:
        if self._loading:
            return
        profile = self._profiles[row] if 0 <= row < len(self._profiles) else None
        self._show_profile(profile)
        if profile is not None and profile.name != self._last_used:  # (no rewrite: a disk sync)
            try:
                self._store.set_last_used(profile.name)
                self._last_used = profile.name
            except ProfileError as exc:
                log.info("last used profile not recorded: %s", exc)

    def on_field_edited(self, *_args: object) -> None:
        if not self._loading:
            self._set_dirty(True)

    def on_environment_changed(self, _index: int) -> None:
        if self._loading:
            return
        self._apply_environment_rules()
        self._set_dirty(True)

    def on_save_clicked(self) -> None:
        self.save_current()

    def on_revert_clicked(self) -> None:
        self._show_profile(self._current)

    def on_test_clicked(self) -> None:
        try:
            profile = self.form_profile()
        except ProfileError as exc:
            self._show_result(False, str(exc))
            return
        self.test_result.setVisible(False)
        self.test_requested.emit(profile, self.form_secret())

    def on_add_clicked(self) -> None:
        from PySide6.QtWidgets import QInputDialog  # (dialogs load when first used)

        name, ok = QInputDialog.getText(
            self, self.tr("Add profile"), self.tr("Name of the new profile:")
        )
        if ok and name.strip():
            self.add_profile(name)

    def on_duplicate_clicked(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        if self._current is None:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Duplicate profile"),
            self.tr("Name of the copy:"),
            text=self.tr("{name} copy").format(name=self._current.name),
        )
        if ok and name.strip():
            self.duplicate_profile(name)

    def on_rename_clicked(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        if self._current is None:
            return
        old = self._current.name
        name, ok = QInputDialog.getText(
            self, self.tr("Rename profile"), self.tr("New name:"), text=old
        )
        if ok and name.strip():
            self.rename_profile(old, name)

    def on_delete_clicked(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self._current is None:
            return
        name = self._current.name
        answer = QMessageBox.question(
            self,
            self.tr("Delete profile"),
            self.tr("Delete the profile {name!r} and its stored API secret?").format(name=name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_profile(name)

    def on_import_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import profiles"),
            "",
            self.tr("Profiles (*.json);;All files (*)"),
        )
        if path:
            self.import_from(Path(path))

    def on_export_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export profiles (no secrets)"),
            "scb-profiles.json",
            self.tr("Profiles (*.json)"),
        )
        if path:
            self.export_to(Path(path))


def _capital(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].upper() + text[1:]
