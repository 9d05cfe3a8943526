"""The console in Thai: complete translations, a live switch, the Thai font, dates, the names.

Static checks read the ``.ts`` (every entry translated, placeholders kept, nothing in the code
missing from it: lupdate runs into a temporary file and is compared) and the ``.qm`` (a fresh
compile of the ``.ts``). The window tests switch the language of a running window back and
forth, render it in Thai at 1280x800 (``/tmp/ui-shots/thai-main.png``) and check that the
registered Noto Sans Thai covers every Thai character on screen.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics, QTextLayout
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QGroupBox,
    QLabel,
    QListWidget,
    QTabBar,
    QWidget,
)

from scb_console.core import i18n as core_i18n
from scb_console.core.clock import FakeClock
from scb_console.core.contract import Environment
from scb_console.core.flow import FlowState
from scb_console.ui import i18n, resources
from scb_console.ui.countdown import CountdownWidget
from scb_console.ui.i18n import tools
from scb_console.ui.main_window import MainWindow
from scb_console.ui.wizard import Step

from .conftest import WAIT_MS
from .test_gui_flows import approve, authorize, click, exchange, server_token

UI = Path(i18n.__file__).resolve().parent.parent
SHOTS = Path("/tmp/ui-shots")
THAI = range(0x0E00, 0x0E80)
FIELD = re.compile(r"\{([^{}!:]*)[^{}]*\}")


def _thai_chars(text: str) -> set[str]:
    return {ch for ch in text if ord(ch) in THAI}


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    i18n.register_fonts(qapp)
    yield
    i18n.reset_for_tests()
    core_i18n.set_language("en")


# --- the .ts and the .qm -----------------------------------------------------------------------


def _messages(path: Path) -> list[tuple[str, str, str, str | None, ET.Element]]:
    """``(context, source, comment, translation type, translation element)`` of a .ts."""
    rows = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            rows.append(
                (
                    name,
                    message.findtext("source") or "",
                    message.findtext("comment") or "",
                    translation.get("type"),
                    translation,
                )
            )
    return rows


def test_every_string_in_the_ts_is_translated() -> None:
    rows = _messages(i18n.ts_path("th"))
    assert len(rows) > 500
    problems = []
    for context, source, _comment, kind, translation in rows:
        text = "".join(translation.itertext())
        if kind in ("unfinished", "vanished", "obsolete") or not text.strip():
            problems.append(f"{context}: {source!r} ({kind or 'empty'})")
        elif FIELD.findall(source) != FIELD.findall(text) and sorted(
            FIELD.findall(source)
        ) != sorted(FIELD.findall(text)):
            problems.append(f"{context}: {source!r}: placeholders differ in {text!r}")
    assert problems == []


#: Kept in English on purpose (docs/thai-glossary.md: Thai developers write these so).
KEPT_IN_ENGLISH = {"Access token", "Refresh token", "\nRefresh token: {token}"}


def test_translations_are_thai_where_the_source_has_words() -> None:
    untranslated = [
        source
        for _ctx, source, _c, _k, translation in _messages(i18n.ts_path("th"))
        if re.search(r"[a-z]{4,} [a-z]{3,}", source)  # a phrase, not a name or a unit
        and not _thai_chars("".join(translation.itertext()))
        and source not in KEPT_IN_ENGLISH
    ]
    assert untranslated == []


def _string_arguments(call: ast.Call) -> list[ast.expr]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name == "tr" and call.args:
        return [call.args[0]]
    if name in ("translate", "QT_TRANSLATE_NOOP") and len(call.args) >= 2:
        return [call.args[1]]
    return []


def test_no_formatted_string_goes_to_the_translator() -> None:
    """f-strings and %-formatting would be looked up already filled in: never found."""
    bad = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for argument in _string_arguments(node):
                    if isinstance(argument, ast.JoinedStr | ast.BinOp):
                        bad.append(f"{path.name}:{node.lineno}")
    assert bad == []


@pytest.mark.skipif(tools.find_tool("lupdate") is None, reason="lupdate is not installed")
def test_every_string_in_the_code_is_in_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    tools.lupdate(fresh)
    in_code = {(c, s, m) for c, s, m, _k, _t in _messages(fresh)}
    in_ts = {(c, s, m) for c, s, m, _k, _t in _messages(i18n.ts_path("th"))}
    assert sorted(in_code - in_ts) == [], "run `python -m scb_console.ui.i18n update`"
    assert sorted(in_ts - in_code) == [], "the .ts has strings the code no longer has"


@pytest.mark.skipif(tools.find_tool("lrelease") is None, reason="lrelease is not installed")
def test_the_shipped_qm_is_a_fresh_compile_of_the_ts() -> None:
    assert tools.stale() == [], "run `python -m scb_console.ui.i18n compile`"


def test_the_qm_loads_and_translates() -> None:
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(i18n.qm_path("th")))
    assert translator.translate("MainWindow", "&View") == "&มุมมอง"
    assert translator.language() == "th_TH"


def test_the_thai_font_and_its_licence_ship_with_the_package() -> None:
    regular = resources.thai_font_path()
    assert regular.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert resources.thai_font_path("Bold").is_file()
    licence = resources.resource_path("fonts/OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    with pytest.raises(ValueError, match="Regular, Bold"):
        resources.thai_font_path("Italic")


# --- the font --------------------------------------------------------------------------------


def _thai_font() -> QFont:
    font = QFont(resources.THAI_FONT_FAMILY)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    return font


def test_the_bundled_font_is_registered_and_a_fallback_of_the_app_font(qapp: QApplication) -> None:
    assert i18n.register_fonts(qapp)
    assert resources.THAI_FONT_FAMILY in QFontDatabase.families()
    assert QFontInfo(_thai_font()).family() == resources.THAI_FONT_FAMILY
    assert resources.THAI_FONT_FAMILY in qapp.font().families()
    assert qapp.font().families()[0] != resources.THAI_FONT_FAMILY  # Latin keeps its font


def test_thai_text_is_drawn_with_the_bundled_font(qapp: QApplication) -> None:
    """Not a system font that happens to be there: the registered one comes first for Thai."""
    layout = QTextLayout("Token โทเค็น", qapp.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = {run.rawFont().familyName() for run in layout.glyphRuns()}
    assert resources.THAI_FONT_FAMILY in families


# --- switching at run time ---------------------------------------------------------------------


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _header(window: MainWindow, column: int) -> str:
    return str(window.inspector.model.headerData(column, Qt.Orientation.Horizontal))


def test_switching_to_thai_and_back_changes_the_visible_labels(window: MainWindow) -> None:
    wizard = window.wizard
    credentials = window.credentials
    english = (
        _menu_titles(window),
        window.tabs.tabText(0),
        wizard.server_token_button.text(),
        credentials.save_button.text(),
        window.credentials_dock.windowTitle(),
        _header(window, 0),
        window.env_badge.text(),
    )
    assert english == (
        ["&File", "F&low", "&View", "&Tools", "&Help"],
        "Flow",
        "Get server token",
        "Save",
        "Credentials",
        "Kind",
        "Local sandbox",
    )

    i18n.set_language("th")  # every window follows at once: no restart
    assert _menu_titles(window) == ["ไ&ฟล์", "โ&ฟลว์", "&มุมมอง", "เ&ครื่องมือ", "&ช่วยเหลือ"]
    assert window.tabs.tabText(0) == "โฟลว์"
    assert wizard.server_token_button.text() == "ขอโทเค็นเซิร์ฟเวอร์"
    assert wizard.step_list.item(int(Step.AUTHORIZE)).text() == "ขออนุญาต"
    assert wizard.page(Step.SERVER_TOKEN).title.text() == "ขั้นที่ 0 · โทเค็นเซิร์ฟเวอร์"
    assert credentials.save_button.text() == "บันทึก"
    assert credentials.environment_combo.itemText(0) == "แซนด์บ็อกซ์ในเครื่อง"
    assert window.credentials_dock.windowTitle() == "ข้อมูลรับรอง"
    assert _header(window, 0) == "ประเภท"
    assert window.env_badge.text() == "แซนด์บ็อกซ์ในเครื่อง"
    assert window.profile_label.text() == "โปรไฟล์: Local sandbox"
    assert window.skew_label.text() == "เวลาคลาดเคลื่อน: —"
    assert window.language_actions["th"].isChecked()

    i18n.set_language("en")
    back = (
        _menu_titles(window),
        window.tabs.tabText(0),
        wizard.server_token_button.text(),
        credentials.save_button.text(),
        window.credentials_dock.windowTitle(),
        _header(window, 0),
        window.env_badge.text(),
    )
    assert back == english
    assert wizard.page(Step.SERVER_TOKEN).title.text() == "Step 0 · Server token"


def test_the_language_menu_switches_and_remembers(window: MainWindow) -> None:
    window.language_actions["th"].trigger()
    assert i18n.current_language() == "th"
    assert core_i18n.get_language() == "th"  # the engine's messages follow
    assert window.settings.language() == "th"
    assert window.wizard.refresh_button.text() == "รีเฟรชเดี๋ยวนี้"
    window.language_actions["en"].trigger()
    assert window.wizard.refresh_button.text() == "Refresh now"
    assert window.settings.language() == "en"


def test_tokens_in_the_table_are_retranslated(window: MainWindow, qtbot: Any) -> None:
    server_token(window, qtbot)
    model = window.inspector.model
    kind = model.index(0, 0)
    assert model.data(kind) == "Server"
    i18n.set_language("th")
    assert model.data(kind) == "เซิร์ฟเวอร์"
    assert model.data(model.index(0, 9)) == "ใช้ได้"  # the status column
    assert window.tabs.tabText(1) == "โทเค็น (1)"


def test_a_new_profile_asks_scb_in_the_interface_language(window: MainWindow) -> None:
    i18n.set_language("th")
    assert window.credentials.add_profile("ลูกค้า UAT", Environment.UAT)
    profile = window.credentials.current_profile
    assert profile is not None
    assert profile.accept_language == "TH"
    window.credentials.language_combo.setCurrentText("EN")  # and it stays settable
    assert window.credentials.save_current()
    saved = window.credentials.current_profile
    assert saved is not None
    assert saved.accept_language == "EN"
    i18n.set_language("en")
    assert window.credentials.add_profile("Partner", Environment.SANDBOX)
    english = window.credentials.current_profile
    assert english is not None
    assert english.accept_language == "EN"


# --- dates, times, countdowns -------------------------------------------------------------------


def _epoch(year: int, month: int, day: int) -> float:
    return dt.datetime(year, month, day, 14, 32, 5).timestamp()


def test_dates_follow_the_language_and_the_buddhist_era() -> None:
    moment = _epoch(2026, 11, 30)
    assert i18n.format_date(moment) == "30 Nov 2026"
    i18n.set_language("th")
    assert i18n.format_date(moment) == "30 พ.ย. 2026"
    assert i18n.format_date(moment, long=True) == "30 พฤศจิกายน 2026"
    i18n.set_buddhist_era(True)
    assert i18n.format_date(moment) == "30 พ.ย. 2569"
    assert i18n.format_datetime(moment) == "30 พ.ย. 2569 14:32:05"
    i18n.set_language("en")
    assert i18n.format_date(moment) == "30 Nov 2569"  # an English reader may want BE too


def test_countdowns_and_durations_speak_thai() -> None:
    assert i18n.format_countdown(42) == "0:42 left"
    assert i18n.format_countdown(0) == "expired"
    i18n.set_language("th")
    assert i18n.format_countdown(42) == "เหลือ 0:42"
    assert i18n.format_countdown(-1) == "หมดอายุ"
    assert i18n.format_duration(45) == "45 วินาที"
    assert i18n.format_duration(1800) == "30 นาที"
    assert i18n.format_duration(3900) == "1 ชม. 5 นาที"
    assert i18n.format_ago(5) == "5 วินาทีที่แล้ว"


def test_the_code_ring_speaks_thai(qtbot: Any, clock: FakeClock) -> None:
    from scb_console.core.clock import Deadline

    ring = CountdownWidget(caption="Code", clock=clock)
    qtbot.addWidget(ring)
    ring.set_deadline(Deadline.after(clock, 60), 60, clock)
    clock.advance(18)
    ring.update_from(clock)
    i18n.set_language("th")
    assert ring.accessibleName() == "Code: เหลือ 0:42"
    clock.advance(60)
    ring.update_from(clock)
    assert ring.expired_text() == "หมดอายุ"
    assert ring.accessibleName() == "Code: หมดอายุ"


def test_the_token_tooltips_use_the_buddhist_era(window: MainWindow, qtbot: Any) -> None:
    server_token(window, qtbot)
    i18n.set_language("th")
    i18n.set_buddhist_era(True)
    model = window.inspector.model
    tip = str(model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole))  # Issued
    issued = model.token_at(0).issued_wall
    year = dt.datetime.fromtimestamp(issued).year + i18n.BUDDHIST_ERA_OFFSET
    assert tip.startswith("ได้รับเมื่อ ")
    assert str(year) in tip


# --- Thai on screen ------------------------------------------------------------------------------


def _visible_texts(root: QWidget) -> list[str]:
    """The texts a person sees in ``root``: labels, buttons, tabs, titles, lists, headers."""
    texts: list[str] = [action.text() for action in root.findChildren(QAbstractButton)]
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            texts.append(re.sub(r"<[^>]+>", "", widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QDockWidget):
            texts.append(widget.windowTitle())
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
    if isinstance(root, MainWindow):
        texts += [action.text() for action in root.menuBar().actions()]
        model = root.inspector.model
        texts += [
            str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
        ]
    return [text for text in texts if text]


def test_a_thai_screenshot_has_every_glyph(
    window: MainWindow, qtbot: Any, clock: FakeClock
) -> None:
    i18n.set_language("th")
    window.resize(1280, 800)
    server_token(window, qtbot)
    authorize(window, qtbot)
    approve(window, qtbot)
    exchange(window, qtbot)
    window.wizard.go_to(Step.PROFILE)
    click(qtbot, window.wizard.call_profile_button)
    qtbot.waitUntil(lambda: window.wizard.thai_name_label.text() != "—", timeout=WAIT_MS)
    QCoreApplication.processEvents()

    texts = _visible_texts(window)
    thai = set().union(*(_thai_chars(text) for text in texts))
    assert len(thai) > 40  # a Thai screen, not one Thai word
    metrics = QFontMetrics(_thai_font())
    missing = sorted(ch for ch in thai if not metrics.inFontUcs4(ord(ch)))
    assert missing == [], f"no glyph in {resources.THAI_FONT_FAMILY} for {missing}"
    for text in texts:  # and the widgets' own fonts have a glyph for every character
        for widget_font in (window.font(), QApplication.font()):
            merged = QFontMetrics(widget_font)
            assert all(merged.inFontUcs4(ord(ch)) for ch in _thai_chars(text)), text

    image = window.grab().toImage()
    assert (image.width(), image.height()) == (1280, 800)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SHOTS / "thai-main.png"))


def test_thai_names_show_intact_in_the_profile_step(
    window: MainWindow, qtbot: Any, clock: FakeClock
) -> None:
    i18n.set_language("th")
    authorize(window, qtbot)
    approve(window, qtbot)
    exchange(window, qtbot)
    wizard = window.wizard
    wizard.go_to(Step.PROFILE)
    click(qtbot, wizard.call_profile_button)
    qtbot.waitUntil(lambda: wizard.thai_name_label.text() != "—", timeout=WAIT_MS)
    assert window.session.flow is not None
    assert window.session.flow.state is FlowState.AUTHORIZED
    name = wizard.thai_name_label.text()
    assert name == "นาย สมชาย ใจดี"  # combining marks (ใ, ดี) intact, no "?" or boxes
    assert QFontMetrics(wizard.thai_name_label.font()).inFontUcs4(ord("ส"))
    layout = QTextLayout(name, wizard.thai_name_label.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert {run.rawFont().familyName() for run in runs} == {resources.THAI_FONT_FAMILY}
    assert sum(len(run.glyphIndexes()) for run in runs) >= len(name) - 1  # no dropped glyph
    # the answer's JSON (the step's "Answer" tab) keeps the Thai names too, in the code font
    answer = wizard.page(Step.PROFILE).exchange
    assert answer is not None
    assert "สมชาย" in answer.answer_view.toPlainText()
    assert resources.THAI_FONT_FAMILY in answer.answer_view.font().families()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "thai-profile.png"))


# --- the commands ------------------------------------------------------------------------------


@pytest.mark.skipif(tools.find_tool("lrelease") is None, reason="lrelease is not installed")
def test_the_i18n_command_checks_the_compiled_translations(capsys: Any) -> None:
    from scb_console.ui.i18n.__main__ import main

    assert main(["check"]) == 0
    assert "current" in capsys.readouterr().out


def test_run_gui_refuses_an_unknown_language(capsys: Any) -> None:
    from scb_console.ui.app import run_gui

    assert run_gui(lang="klingon") == 2
    assert "--lang 'klingon' is not one of: en, th" in capsys.readouterr().err


def test_start_language_takes_the_command_line_first(qapp: QApplication) -> None:
    from scb_console.ui.app import start_language

    assert start_language(qapp, "TH") == "th"
    assert i18n.current_language() == "th"
    assert QCoreApplication.translate("MainWindow", "&Help") == "&ช่วยเหลือ"
    assert i18n.set_language("en") == "en"
    assert QCoreApplication.translate("MainWindow", "&Help") == "&Help"


@pytest.mark.skipif(tools.find_tool("lrelease") is None, reason="lrelease is not installed")
def test_a_missing_qm_is_compiled_into_the_cache_at_first_use(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "qm_path", lambda lang: tmp_path / "gone" / f"x_{lang}.qm")
    cache = tmp_path / "cache"
    monkeypatch.setattr("scb_console.infra.paths.cache_dir", lambda **_: cache)
    i18n.set_language("th")
    assert window.wizard.server_token_button.text() == "ขอโทเค็นเซิร์ฟเวอร์"
    assert list((cache / "i18n").glob("scb_console_th-*.qm"))
