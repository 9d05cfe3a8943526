"""The console's interface language: English or ไทย, switched at run time.

How it fits together:

- Every user-visible string in ``scb_console/ui`` is marked for Qt's translation system:
  ``self.tr("…")`` in a QObject subclass (the class name is the context),
  ``QCoreApplication.translate("Context", "…")`` elsewhere, ``QT_TRANSLATE_NOOP`` in tables
  that are translated where they are shown. Placeholders are ``{name}`` fields filled with
  ``str.format`` after translation (a translator may move them; a test holds every
  translation to its source's placeholders). English is the source language: it needs no file.
- The Thai translations live in ``scb_console/ui/i18n/scb_console_th.ts`` (the source, edited
  with Qt Linguist or a text editor); ``python -m scb_console.ui.i18n update`` refreshes it
  from the code (lupdate), ``python -m scb_console.ui.i18n compile`` builds
  ``scb_console/ui/assets/i18n/scb_console_th.qm`` (lrelease), which the app loads. The
  ``.qm`` is committed like the icons (see ``resources/README.md``): a wheel, an editable
  install and the PyInstaller bundle all run without Qt's tools, and ``compile --check``
  (run by the tests) fails when it is stale. Should the ``.qm`` be missing, the app compiles
  it into the user's cache folder at first use when lrelease is there, else stays English.
- :func:`set_language` installs (or removes) the :class:`~PySide6.QtCore.QTranslator`, makes
  the locale the default (dates, month names), switches the engine's messages
  (:mod:`scb_console.core.i18n`) and delivers ``QEvent.LanguageChange`` to every window at
  once. Each panel answers it in ``changeEvent`` by calling its ``retranslate_ui()``, which
  re-applies the texts bound with a :class:`Retranslator` and redraws what it computed
  (statuses, table headers, dates). No restart.
- :func:`register_fonts` registers the bundled Noto Sans Thai and makes it a fallback family of
  the application font, so Thai renders even where the system has no Thai font.
- :func:`format_datetime` and friends write dates in the interface's locale (Thai month names
  in Thai), with the Buddhist-era year when :func:`buddhist_era` is on (BE = CE + 543).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from scb_console.core import i18n as core_i18n
from scb_console.ui import resources

log = logging.getLogger(__name__)

#: The interface languages, as lower-case codes.
LANGUAGES: Final = core_i18n.LANGUAGES
#: Each language's name in itself, for the language menu.
LANGUAGE_NAMES: Final = {"en": "English", "th": "ไทย"}
#: The Accept-Language value SCB's API takes for each interface language.
ACCEPT_LANGUAGE: Final = {"en": "EN", "th": "TH"}
#: The translation catalog's base name: ``scb_console_<lang>.ts`` / ``.qm``.
CATALOG: Final = "scb_console"
#: Where the ``.ts`` sources are (this package's folder).
TS_DIR: Final = Path(__file__).resolve().parent
#: The folder of the compiled ``.qm`` files inside the assets.
QM_ASSET_DIR: Final = "i18n"
#: Years of the Buddhist era ahead of the common era (2026 CE = 2569 BE).
BUDDHIST_ERA_OFFSET: Final = 543

_LOCALES: Final = {"en": "en_US", "th": "th_TH"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` and return it unchanged (translated where it
    is shown, with ``QCoreApplication.translate(context, text)``). Qt's own returns ``object``
    to type checkers; this one returns the ``str`` it was given."""
    return text


def ts_path(lang: str) -> Path:
    """The ``.ts`` source of ``lang`` (in the source tree)."""
    return TS_DIR / f"{CATALOG}_{lang}.ts"


def qm_path(lang: str) -> Path:
    """Where the compiled ``.qm`` of ``lang`` ships (in the package's assets)."""
    return resources.ASSETS_DIR / QM_ASSET_DIR / f"{CATALOG}_{lang}.qm"


def normalize_language(value: str) -> str:
    """``"TH"``, ``"th_TH"``, ``"ไทย"``, ``"english"`` -> ``"th"`` / ``"en"``; ValueError else."""
    text = value.strip()
    for code, name in LANGUAGE_NAMES.items():
        if text.casefold() == name.casefold():
            return code
    return core_i18n.normalize_language(text)


def system_language() -> str:
    """The language the system locale asks for: Thai when it is Thai, else English."""
    system = QLocale.system()
    if system.language() == QLocale.Language.Thai:
        return "th"
    for name in system.uiLanguages():
        try:
            return normalize_language(name)
        except ValueError:
            continue
    return "en"


# --- state -----------------------------------------------------------------------------------


class LanguageNotifier(QObject):
    """Says when the interface language or the date style changed (after the widgets heard)."""

    #: The new language code.
    changed = Signal(str)


class _State:
    def __init__(self) -> None:
        self.language = "en"
        self.buddhist_era = False
        self.translator: QTranslator | None = None
        self.notifier: LanguageNotifier | None = None
        self.fonts_registered: bool | None = None


_state = _State()


def current_language() -> str:
    """The interface language now (``"en"`` until :func:`set_language` says otherwise)."""
    return _state.language


def accept_language() -> str:
    """The Accept-Language SCB takes for the interface language (``EN`` / ``TH``): the default
    of a new profile's accept-language."""
    return ACCEPT_LANGUAGE[_state.language]


def notifier() -> LanguageNotifier:
    """The one :class:`LanguageNotifier` (made on first use)."""
    if _state.notifier is None:
        _state.notifier = LanguageNotifier()
    return _state.notifier


def locale() -> QLocale:
    """The locale of the interface language (``th_TH`` or ``en_US``)."""
    return QLocale(_LOCALES[_state.language])


def buddhist_era() -> bool:
    """True when years are shown in the Buddhist era (BE = CE + 543)."""
    return _state.buddhist_era


def _load_translator(lang: str) -> QTranslator | None:
    path = qm_path(lang)
    if not path.is_file():
        from scb_console.ui.i18n import tools  # only when the shipped .qm is missing

        path = tools.compile_to_cache(lang) or path
    translator = QTranslator()
    if not path.is_file() or not translator.load(str(path)):
        log.warning("no %s translation at %s: the interface stays English", lang, path)
        return None
    return translator


def _deliver_language_change() -> None:
    """Qt posts LanguageChange to the application on a translator change, which posts it on to
    every window; deliver both rounds now, so every label has its new text when
    :func:`set_language` returns."""
    for _round in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def set_language(lang: str) -> str:
    """Make ``lang`` (``"en"``, ``"th"``, or anything :func:`normalize_language` reads) the
    interface language now; returns its code. Without a QApplication only the engine's
    messages change."""
    code = normalize_language(lang)
    app = QCoreApplication.instance()
    core_i18n.set_language(code)
    QLocale.setDefault(QLocale(_LOCALES[code]))
    changed = code != _state.language
    _state.language = code
    if app is not None:
        old = _state.translator
        new = _load_translator(code) if code != "en" else None
        if new is not None:
            new.setParent(app)
            app.installTranslator(new)
        if old is not None:
            app.removeTranslator(old)
            old.deleteLater()
        _state.translator = new
        if old is None and new is None and changed:
            # English to English with nothing installed: Qt posts nothing, the widgets still
            # follow (dates, the engine's messages)
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        _deliver_language_change()
    if changed:
        notifier().changed.emit(code)
    return code


def set_buddhist_era(on: bool) -> None:
    """Show years in the Buddhist era (or not); every window redraws its dates now."""
    if _state.buddhist_era == bool(on):
        return
    _state.buddhist_era = bool(on)
    app = QCoreApplication.instance()
    if app is not None:
        QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        _deliver_language_change()
    notifier().changed.emit(_state.language)


def reset_for_tests() -> None:
    """Back to English, CE years, no translator (tests call it between tests)."""
    if _state.language != "en" or _state.translator is not None:
        set_language("en")
    set_buddhist_era(False)
    core_i18n.set_language("en")


# --- fonts -----------------------------------------------------------------------------------


def register_fonts(app: QGuiApplication | None = None) -> bool:
    """Register the bundled Noto Sans Thai and make it a fallback family of the application
    font (once per process); False when the font could not be registered."""
    if _state.fonts_registered is None:
        ok = True
        for weight in resources.THAI_FONT_WEIGHTS:
            try:
                path = resources.thai_font_path(weight)
            except FileNotFoundError as exc:
                log.warning("%s", exc)
                ok = False
                continue
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                log.warning("Qt could not load the Thai font %s", path)
                ok = False
        _state.fonts_registered = ok
    application = app if app is not None else QGuiApplication.instance()
    if isinstance(application, QGuiApplication):
        application.setFont(with_thai_fallback(application.font()))
    return bool(_state.fonts_registered)


def with_thai_fallback(font: QFont) -> QFont:
    """``font`` with the bundled Thai family after its own: Latin text keeps its font, Thai
    characters come from Noto Sans Thai."""
    families = [f for f in font.families() or [font.family()] if f]
    if resources.THAI_FONT_FAMILY not in families:
        font = QFont(font)
        font.setFamilies([*families, resources.THAI_FONT_FAMILY])
    return font


# --- binding texts ----------------------------------------------------------------------------


class Retranslator:
    """The static texts of one panel, re-applied when the language changes.

    ``bind(label.setText, lambda: self.tr("Profiles"))`` sets the text now and again on every
    :meth:`apply` (a panel's ``retranslate_ui``). The lambda holds the ``self.tr`` call, so
    lupdate finds the string where it is used.
    """

    def __init__(self) -> None:
        self._bound: list[tuple[Callable[[str], object], Callable[[], str]]] = []

    def bind(self, setter: Callable[[str], object], text: Callable[[], str]) -> str:
        """Call ``setter(text())`` now and on every :meth:`apply`; returns the text."""
        value = text()
        setter(value)
        self._bound.append((setter, text))
        return value

    def row(self, form: QFormLayout, text: Callable[[], str], field: QWidget) -> QLabel:
        """``form.addRow`` with a label whose text follows the language."""
        label = QLabel()
        form.addRow(label, field)
        self.bind(label.setText, text)
        return label

    def apply(self) -> None:
        """Set every bound text again (in the language now installed)."""
        alive = []
        for setter, text in self._bound:
            try:
                setter(text())
            except RuntimeError:  # its widget was deleted: forget it
                continue
            alive.append((setter, text))
        self._bound = alive

    def __len__(self) -> int:
        return len(self._bound)


def is_language_change(event: QEvent) -> bool:
    """True for the event a panel's ``changeEvent`` retranslates on."""
    return event.type() == QEvent.Type.LanguageChange


# --- dates, times, durations -------------------------------------------------------------------


def _qdatetime(epoch: float) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(round(epoch * 1000))


def display_year(year: int) -> int:
    """``year`` (CE) as shown: + 543 in the Buddhist era."""
    return year + BUDDHIST_ERA_OFFSET if _state.buddhist_era else year


def _with_year(pattern: str, moment: QDateTime) -> str:
    """``pattern`` with ``yyyy`` turned into the displayed year as a quoted literal."""
    year = display_year(moment.date().year())
    return pattern.replace("yyyy", f"'{year}'")


def format_date(epoch: float, *, long: bool = False) -> str:
    """``30 Nov 2026`` / ``30 พ.ย. 2569`` (``long``: ``30 November 2026`` / ``30 พฤศจิกายน
    2569``), in local time."""
    moment = _qdatetime(epoch)
    pattern = "d MMMM yyyy" if long else "d MMM yyyy"
    return locale().toString(moment, _with_year(pattern, moment))


def format_time(epoch: float, *, milliseconds: bool = False) -> str:
    """``14:32:05`` (``.123`` with ``milliseconds``), in local time: the same in every
    language."""
    moment = _qdatetime(epoch)
    return locale().toString(moment, "HH:mm:ss.zzz" if milliseconds else "HH:mm:ss")


def format_datetime(epoch: float, *, milliseconds: bool = False) -> str:
    """``30 Nov 2026 14:32:05`` / ``30 พ.ย. 2569 14:32:05``, in local time."""
    return f"{format_date(epoch)} {format_time(epoch, milliseconds=milliseconds)}"


def format_clock(seconds: float) -> str:
    """``1:05:09``, ``29:59``, ``0:07`` (whole seconds, rounded up: 0:00 means expired)."""
    whole = math.ceil(seconds) if seconds > 0 else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_countdown(seconds: float | None) -> str:
    """What a countdown says: ``0:42 left`` / ``เหลือ 0:42``, ``expired`` / ``หมดอายุ``."""
    if seconds is None:
        return "—"
    if seconds <= 0:
        return QCoreApplication.translate("Dates", "expired")
    return QCoreApplication.translate("Dates", "{time} left").format(time=format_clock(seconds))


def format_duration(seconds: float) -> str:
    """A length of time for people: ``45 s``, ``30 min``, ``1 h 5 min`` / ``45 วินาที``,
    ``30 นาที``, ``1 ชม. 5 นาที``."""
    whole = max(0, round(seconds))
    if whole < 60:
        return QCoreApplication.translate("Dates", "{n} s").format(n=whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if not hours:
        if secs:
            return QCoreApplication.translate("Dates", "{m} min {s} s").format(m=minutes, s=secs)
        return QCoreApplication.translate("Dates", "{m} min").format(m=minutes)
    if minutes:
        return QCoreApplication.translate("Dates", "{h} h {m} min").format(h=hours, m=minutes)
    return QCoreApplication.translate("Dates", "{h} h").format(h=hours)


def format_ago(seconds: float) -> str:
    """``5 s ago`` / ``5 วินาทีที่แล้ว``; ``just now`` / ``เมื่อสักครู่`` under a second."""
    if seconds < 1:
        return QCoreApplication.translate("Dates", "just now")
    return QCoreApplication.translate("Dates", "{duration} ago").format(
        duration=format_duration(seconds)
    )
