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


def test_the_guides_screenshots_fit_its_window(qtbot, qapp):
    """A first-time reader sees each screenshot whole, never a 1280-pixel picture cut off at the edge with a
    scroll bar under it; a wider window shows them larger again (up to their own size)."""
    from PySide6.QtGui import QTextImageFormat

    dlg = HelpDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)

    def widths() -> list[float]:
        doc, out = dlg.browser.document(), []
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                if fmt.isImageFormat():
                    out.append(QTextImageFormat(fmt).width())
                it += 1
            block = block.next()
        return out

    assert len(widths()) >= 5
    assert dlg.browser.horizontalScrollBar().maximum() == 0

    def fits() -> bool:
        room = dlg.browser.viewport().width()
        return all(min(1280, room) - 40 <= x <= room for x in widths())

    assert fits()
    narrow = max(widths())
    dlg.resize(1200, 700)
    qtbot.waitUntil(lambda: max(widths()) > narrow and fits(), timeout=3000)
    assert dlg.browser.horizontalScrollBar().maximum() == 0


def test_the_restore_dialogs_labels_show_no_ampersand(qtbot, ctx):
    from PySide6.QtWidgets import QLabel

    from vault_app.gui.dialogs.restore import RestoreDialog

    dlg = RestoreDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    labels = [lbl for lbl in dlg.findChildren(QLabel) if lbl.isVisibleTo(dlg)]
    for lbl in labels:  # a mnemonic needs a buddy, or the "&" is printed
        if "&" in lbl.text():
            assert lbl.buddy() is not None, lbl.text()
