"""Language: the system's by default, ``--lang`` for one run, and a switch in Settings that applies at once
(demo included) without locking the vault or leaving the page."""

from __future__ import annotations

import signal
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from vault_app.gui import main as gui_main
from vault_app.gui.i18n import install_translations, language_from_environment, resolve_language
from vault_app.services import demo


@pytest.mark.parametrize(
    ("env", "want"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_SG.UTF-8"}, "zh_CN"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # a language we do not have: English
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh_CN"),  # LC_ALL wins over LANG
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),  # GNU list: the first one we have
        ({"LANGUAGE": "zh_CN", "LC_ALL": "C"}, None),  # LC_ALL=C switches LANGUAGE off
        ({"LANG": "C.UTF-8"}, None),
        ({}, None),
    ],
)
def test_language_from_environment(env, want):
    assert language_from_environment(env) == want


def test_setting_and_override(monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert resolve_language("system") == "zh_CN"
    assert resolve_language("en") == "en"
    assert resolve_language("system", "en") == "en"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert resolve_language("system") == "en"


def current_window() -> Any:
    """The main window the app shows now (not one closed by an earlier run or replaced by a language
    switch)."""
    wins = [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "MainWindow" and w.isVisible() and not w.ctx.tasks.closed
    ]
    assert len(wins) == 1, wins
    return wins[0]


def _run(qtbot: Any, monkeypatch: Any, argv: list[str], inside: Any) -> None:
    def fake_exec() -> int:
        win = current_window()
        try:
            inside(win)
        finally:
            for w in QApplication.topLevelWidgets():
                if w.objectName() == "MainWindow" and w.isVisible():
                    w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    try:
        assert gui_main.run(argv) == 0
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        install_translations(QApplication.instance(), "en")


def test_system_language_by_default_and_lang_overrides(qtbot, monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    seen: dict[str, str] = {}
    _run(qtbot, monkeypatch, ["--demo"], lambda win: seen.setdefault("zh", win.windowTitle()))
    _run(qtbot, monkeypatch, ["--demo", "--lang", "en"], lambda win: seen.setdefault("en", win.windowTitle()))
    assert "个人数据保险库" in seen["zh"] and "demo" not in seen["zh"]
    assert seen["en"].startswith("Locked") and "demo" in seen["en"]
    with pytest.raises(SystemExit):
        gui_main.parse_args(["--lang", "fr"])


def test_closing_a_window_started_with_lang_does_not_open_another(qtbot, monkeypatch):
    """Closing saves the window's geometry (a settings change); with --lang differing from the settings'
    language that used to switch language and show a new window as the app quit."""
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    _run(qtbot, monkeypatch, ["--demo", "--lang", "en"], lambda win: None)
    left = [w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow" and w.isVisible()]
    assert left == []


def test_switch_in_settings_applies_at_once_in_demo_mode(qtbot, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    seen: dict[str, Any] = {}

    def inside(win: Any) -> None:
        win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
        win.unlock_screen.unlock()
        qtbot.waitUntil(lambda: win.unlocked, timeout=10000)
        win.show_page("settings")
        assert win.sidebar.currentItem().text() == "Settings"
        page = win.settings_page
        page.language.setCurrentIndex(page.language.findData("zh_CN"))
        new = current_window()
        assert new is not win and not win.isVisible()
        seen["title"] = new.windowTitle()
        seen["page"] = new.current_page_key()
        seen["unlocked"] = new.unlocked and new.ctx.vault_dir == win.ctx.vault_dir
        seen["sidebar"] = [new.sidebar.item(i).text() for i in range(new.sidebar.count())]
        qtbot.waitUntil(lambda: new.fields.model.rowCount() == len(demo.SAMPLE_FIELDS), timeout=10000)
        # and back, from the new window's own settings page
        new.settings_page.language.setCurrentIndex(new.settings_page.language.findData("en"))
        back = current_window()
        seen["back"] = back.windowTitle()
        seen["back_unlocked"] = back.unlocked

    _run(qtbot, monkeypatch, ["--demo"], inside)
    assert seen["page"] == "settings" and seen["unlocked"]
    assert "设置" in seen["title"] and "设置" in seen["sidebar"] and "我的数据" in seen["sidebar"]
    assert seen["back"].startswith("Settings") and seen["back_unlocked"]
