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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from scb_console.core import contract
from scb_console.core.client import SCBClient
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
from scb_console.core.masking import mask
from scb_console.core.models import Profile
from scb_console.core.ports import ProfileStore, SecretStore
from scb_console.infra.profiles import (
    export_profiles_json,
    import_profiles_json,
    validate_name,
    validate_profile,
)
from scb_console.ui import theme
from scb_console.ui.session import API_SECRET_KEY

log = logging.getLogger(__name__)

#: What each SCB field means, for tooltips (shown on the label and the field).
TOOLTIPS: dict[str, str] = {
    "environment": (
        "Where requests go. Local sandbox: the simulator built into this console. SCB sandbox, "
        "UAT and production: SCB's servers. Tokens are kept apart per environment."
    ),
    "base_url": (
        "The API's base URL; SCB's paths (/v1/oauth/token, ...) are appended to it. Fixed for "
        "SCB's environments; the Local sandbox's is set to the embedded sandbox at each launch."
    ),
    "api_key": (
        "The application's API key from the SCB developer portal. Sent as applicationKey in "
        "token bodies and as the apikey / resourceOwnerId headers."
    ),
    "api_secret": (
        "The application's API secret (applicationSecret / apisecret). Kept in the OS keyring, "
        "never in the profile file. Hold the eye button to see it."
    ),
    "callback_url": (
        "The callback URL registered for the app on the portal. SCB Easy redirects there with "
        "code, state and status after the customer consents."
    ),
    "response_channel": (
        "response-channel header of the authorize call: 'mobile' opens the SCB Easy app, "
        "'mobile_mma' another simulator."
    ),
    "end_state": (
        "endState header of the authorize call: 'mobile_app' returns the customer to your app, "
        "'mobile_web' to a web page."
    ),
    "accept_language": "accept-language header: the language of SCB's messages (EN or TH).",
    "redirect_option": (
        "redirectOption header (optional): the key of an alternative callback URL registered "
        "for this endState."
    ),
    "partner_query": (
        "Your own query pairs (name=value&name2=value2) sent on authorize and echoed back on the "
        "redirect. code, state and status are reserved; 255 characters at most."
    ),
}


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
            f"Network: the server could not be reached: {exc.message}. Check the base URL "
            "and your connection; the key and secret were not checked.",
            "network",
        )
    if isinstance(exc, ApiError):
        if exc.http_status >= 500:
            return CredentialCheck(
                False,
                f"Server: it failed (HTTP {exc.http_status}, code {exc.code}: "
                f"{exc.description}){uid}. The credentials were not checked; try again later.",
                "server",
            )
        if exc.code in (
            StatusCode.INVALID_API_KEY,
            StatusCode.MISSING_CREDENTIALS,
            StatusCode.INVALID_ACCESS_RIGHTS,
        ) or exc.http_status in (401, 403):
            return CredentialCheck(
                False,
                f"Key or secret: SCB refused them (code {exc.code}: {exc.description}){uid}. "
                "Copy both again from the developer portal.",
                "key",
            )
        return CredentialCheck(
            False,
            f"Request refused (HTTP {exc.http_status}, code {exc.code}: {exc.description}){uid}.",
            "server",
        )
    if isinstance(exc, MalformedResponse):
        status = f"HTTP {exc.http_status}" if exc.http_status is not None else "no status"
        return CredentialCheck(
            False,
            f"Server: the answer is not SCB's ({status}: {exc.message}){uid}. Is the base URL "
            "an SCB API?",
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
        return CredentialCheck(False, "Key: the API key is empty.", "key")
    if not secret:
        return CredentialCheck(False, "Secret: the API secret is empty.", "key")
    client = SCBClient(http, profile, secret, clock=clock, log=exchange_log)
    try:
        token = await client.server_token()
    except SCBConsoleError as exc:
        return explain_credentials_error(exc)
    return CredentialCheck(
        True,
        f"Key and secret work: server token {mask(token.access_token)} "
        f"(requestUId {token.request_uid}).",
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
            f"partner query {text!r} is not name=value pairs joined by '&'"
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
        self.reveal.setText("Show")
        self.reveal.setObjectName("revealSecretButton")
        self.reveal.setToolTip("Hold to show the secret; it hides again when released")
        self.reveal.setAccessibleName("Show API secret while pressed")
        self.reveal.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.reveal)
        self.reveal.pressed.connect(self.on_reveal_pressed)
        self.reveal.released.connect(self.on_reveal_released)

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
        self._build()
        self._connect_signals()
        self._set_dirty(False)

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)

        heading = QLabel("Profiles")
        heading.setObjectName("panelHeading")
        heading_font = QFont(heading.font())
        heading_font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(heading_font)
        layout.addWidget(heading)

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.profile_list.setAccessibleName("Profiles")
        self.profile_list.setToolTip("Each profile is one SCB app in one environment")
        self.profile_list.setIconSize(QSize(12, 12))
        self.profile_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit_list_height(0)
        layout.addWidget(self.profile_list)

        row = QHBoxLayout()
        row.setSpacing(4)
        self.add_button = self._tool("Add", "addProfileButton", "Add a new profile")
        self.duplicate_button = self._tool(
            "Duplicate", "duplicateProfileButton", "Copy the selected profile (with its secret)"
        )
        self.rename_button = self._tool("Rename", "renameProfileButton", "Rename the profile")
        self.delete_button = self._tool(
            "Delete", "deleteProfileButton", "Delete the profile and its secret"
        )
        self.more_button = QToolButton()
        self.more_button.setObjectName("profileMoreButton")
        self.more_button.setText("⋯")
        self.more_button.setToolTip("Import or export profiles (JSON, without secrets)")
        self.more_button.setAccessibleName("More profile actions")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.import_action = QAction("Import profiles…", self)
        self.export_action = QAction("Export profiles…", self)
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
        self.redirect_option_edit.setPlaceholderText("optional")
        self.partner_query_edit = QLineEdit()
        self.partner_query_edit.setObjectName("partnerQueryEdit")
        self.partner_query_edit.setPlaceholderText("orderId=42&ref=abc")

        rows: list[tuple[str, str, QWidget, str]] = [
            ("Environment", "environment", self.environment_combo, "Environment"),
            ("Base URL", "base_url", self.base_url_edit, "Base URL"),
            ("API key", "api_key", self.api_key_edit, "API key"),
            ("API secret", "api_secret", self.secret, "API secret"),
            ("Callback URL", "callback_url", self.callback_edit, "Callback URL"),
            ("response-channel", "response_channel", self.channel_combo, "Response channel"),
            ("endState", "end_state", self.end_state_combo, "End state"),
            ("accept-language", "accept_language", self.language_combo, "Accept language"),
            ("redirectOption", "redirect_option", self.redirect_option_edit, "Redirect option"),
            ("Partner query", "partner_query", self.partner_query_edit, "Partner query pairs"),
        ]
        for text, key, widget, accessible in rows:
            label = QLabel(text)
            label.setToolTip(TOOLTIPS[key])
            widget.setToolTip(TOOLTIPS[key])
            widget.setAccessibleName(accessible)
            widget.setAccessibleDescription(TOOLTIPS[key])
            if widget is self.secret:
                self.api_secret_edit.setToolTip(TOOLTIPS[key])
                self.api_secret_edit.setAccessibleName(accessible)
            label.setBuddy(self.api_secret_edit if widget is self.secret else widget)
            form.addRow(label, widget)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveProfileButton")
        self.save_button.setToolTip("Save the profile (the secret goes to the OS keyring)")
        self.revert_button = QPushButton("Revert")
        self.revert_button.setObjectName("revertProfileButton")
        self.revert_button.setToolTip("Undo unsaved changes")
        self.test_button = QPushButton("Test credentials")
        self.test_button.setObjectName("testCredentialsButton")
        self.test_button.setToolTip(
            "Ask for a server token with the key and secret above (saved or not) and say what "
            "is wrong, if anything"
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

    def _tool(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

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
        if select is None:
            try:
                select = self._store.last_used()
            except ProfileError:
                select = None
        self._refill(select)

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
            raise ProfileError(f"no profile named {name!r}")
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
            if profile is not None:
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

    def _apply_environment_rules(self) -> None:
        env = Environment(self.environment_combo.currentData() or Environment.LOCAL.value)
        default = env.default_base_url
        if default is not None:
            self.base_url_edit.setReadOnly(True)
            self.base_url_edit.setPlaceholderText(default)
            if not self._loading or not self.base_url_edit.text():
                self.base_url_edit.setText("")
        elif env is Environment.LOCAL:
            self.base_url_edit.setReadOnly(True)
            self.base_url_edit.setPlaceholderText("the embedded sandbox")
            if self._sandbox_base_url and not self.base_url_edit.text():
                self.base_url_edit.setText(self._sandbox_base_url)
        else:
            self.base_url_edit.setReadOnly(False)
            self.base_url_edit.setPlaceholderText("https://…")

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty and self._current is not None)
        self.revert_button.setEnabled(dirty and self._current is not None)
        self.save_button.setProperty("primary", dirty)
        self.save_button.style().unpolish(self.save_button)
        self.save_button.style().polish(self.save_button)

    def _update_actions(self) -> None:
        has = self._current is not None
        self.duplicate_button.setEnabled(has)
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.export_action.setEnabled(bool(self._profiles))

    def _update_storage_note(self) -> None:
        persistent = getattr(self._secrets, "persistent", False)
        description = getattr(self._secrets, "description", "")
        if persistent:
            self.storage_note.setText(f"Secrets are kept in {description}.")
        else:
            reason = str(getattr(self._secrets, "reason", "") or "no OS keyring")
            self.storage_note.setText(
                f"Secrets are kept for this session only. {_capital(reason)}."
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
            self._show_result(False, f"The secret was not saved: {exc}")
            return False
        updated = [profile if p.name == profile.name else p for p in self._profiles]
        if not self._save_all(updated, profile.name):
            return False
        self._refill(profile.name)
        self.message.emit(f"Saved profile {profile.name!r}")
        return True

    def add_profile(self, name: str, environment: Environment = Environment.SANDBOX) -> bool:
        try:
            name = validate_name(name.strip())
        except ProfileError as exc:
            self._show_result(False, str(exc))
            return False
        if any(p.name.casefold() == name.casefold() for p in self._profiles):
            self._show_result(False, f"A profile named {name!r} already exists")
            return False
        base_url = ""
        if environment is Environment.LOCAL:
            base_url = self._sandbox_base_url or ""
        elif environment is Environment.CUSTOM:
            base_url = "https://localhost"
        profile = Profile(name=name, environment=environment, base_url=base_url)
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
            self.message.emit(f"The secret was not copied: {exc}")
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
            self._show_result(False, f"A profile named {new!r} already exists")
            return False
        try:
            secret = self._secrets.get(old, API_SECRET_KEY)
            if secret:
                self._secrets.set(new, API_SECRET_KEY, secret)
        except SecretStoreError as exc:
            self._show_result(False, f"The secret could not be moved: {exc}")
            return False
        updated = [replace(p, name=new) if p.name == old else p for p in self._profiles]
        if not self._save_all(updated, new):
            return False
        try:
            self._secrets.delete(old, API_SECRET_KEY)
        except SecretStoreError as exc:
            self.message.emit(f"The old secret could not be removed: {exc}")
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
            self.message.emit(f"The secret could not be removed: {exc}")
        self._refill(select)
        self.message.emit(f"Deleted profile {name!r}")
        return True

    def export_to(self, path: Path) -> bool:
        try:
            path.write_text(export_profiles_json(self._profiles), encoding="utf-8")
        except (OSError, ProfileError) as exc:
            self.message.emit(f"Export failed: {exc}")
            return False
        self.message.emit(f"Exported {len(self._profiles)} profiles (no secrets) to {path}")
        return True

    def import_from(self, path: Path) -> bool:
        try:
            imported = import_profiles_json(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.message.emit(f"Import failed: cannot read {path}: {exc.strerror or exc}")
            return False
        except UnicodeDecodeError:
            self.message.emit(f"Import failed: {path} is not UTF-8 text")
            return False
        except ProfileError as exc:
            self.message.emit(f"Import failed: {exc}")
            return False
        by_name = {p.name.casefold(): p for p in self._profiles}
        for profile in imported:
            by_name[profile.name.casefold()] = profile
        select = imported[0].name if imported else None
        if not self._save_all(list(by_name.values()), select):
            return False
        self._refill(select)
        self.message.emit(
            f"Imported {len(imported)} profiles; enter each one's API secret before use"
        )
        return True

    def _show_result(self, ok: bool, text: str) -> None:
        colour = theme.status_color(
            theme.TokenStatus.VALID if ok else theme.TokenStatus.EXPIRED, theme.is_dark()
        )
        self.test_result.setStyleSheet(f"color: {colour.name()};")
        self.test_result.setText(("✓ " if ok else "✗ ") + text)
        self.test_result.setVisible(True)

    def set_test_result(self, check: CredentialCheck) -> None:
        self._show_result(check.ok, check.message)

    def set_test_busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy and self._current is not None)
        self.test_button.setText("Testing…" if busy else "Test credentials")

    # --- slots -----------------------------------------------------------------------------------

    def on_current_row_changed(self, row: int) -> None:
        if self._loading:
            return
        profile = self._profiles[row] if 0 <= row < len(self._profiles) else None
        self._show_profile(profile)
        if profile is not None:
            try:
                self._store.set_last_used(profile.name)
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
        name, ok = QInputDialog.getText(self, "Add profile", "Name of the new profile:")
        if ok and name.strip():
            self.add_profile(name)

    def on_duplicate_clicked(self) -> None:
        if self._current is None:
            return
        name, ok = QInputDialog.getText(
            self, "Duplicate profile", "Name of the copy:", text=f"{self._current.name} copy"
        )
        if ok and name.strip():
            self.duplicate_profile(name)

    def on_rename_clicked(self) -> None:
        if self._current is None:
            return
        old = self._current.name
        name, ok = QInputDialog.getText(self, "Rename profile", "New name:", text=old)
        if ok and name.strip():
            self.rename_profile(old, name)

    def on_delete_clicked(self) -> None:
        if self._current is None:
            return
        name = self._current.name
        answer = QMessageBox.question(
            self,
            "Delete profile",
            f"Delete the profile {name!r} and its stored API secret?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_profile(name)

    def on_import_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import profiles", "", "Profiles (*.json);;All files (*)"
        )
        if path:
            self.import_from(Path(path))

    def on_export_triggered(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export profiles (no secrets)", "scb-profiles.json", "Profiles (*.json)"
        )
        if path:
            self.export_to(Path(path))


def _capital(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].upper() + text[1:]
