"""Help (issue 16): the user guide, English and Chinese, ships in the package, matches docs/ and opens from
the Help menu in the user's language; its screenshots exist."""

from __future__ import annotations

import re
from pathlib import Path

from gui_helpers import find_dialog, open_vault

from vault_app.gui.dialogs.help import HelpDialog, guide_text
from vault_app.gui.i18n import install_translations

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_guide_is_the_documented_one_and_its_pictures_exist():
    for name in ("user-guide.md", "user-guide.zh_CN.md"):
        doc = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert (ROOT / "vault_app" / "resources" / "help" / name).read_text(encoding="utf-8") == doc
        pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", doc)
        assert len(pictures) >= 5
        for pic in pictures:
            assert (ROOT / "docs" / pic).is_file(), pic
        if "zh_CN" in name:
            assert all("zh_CN" in p for p in pictures)  # the Chinese guide shows the Chinese screens


def test_help_opens_the_guide_in_the_users_language(qtbot, qapp, ctx):
    win = open_vault(qtbot, ctx)
    assert [a.text() for a in win.menuBar().actions()][-1].replace("&", "") == "Help"
    win.guide_action.trigger()
    dlg = find_dialog(qapp, HelpDialog)
    assert dlg is not None and "user guide" in dlg.browser.toPlainText().lower()
    dlg.close()
    install_translations(qapp, "zh_CN")
    try:
        dlg = win.show_guide()
        assert "用户指南" in dlg.browser.toPlainText()
        dlg.close()
    finally:
        install_translations(qapp, "en")
    assert "用户指南" in guide_text("zh_CN") and "user guide" in guide_text("en")
