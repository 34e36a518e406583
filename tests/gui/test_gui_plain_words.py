"""Words a person understands (issue 16): the demo's main pages, in English and in Chinese, show no technical
term outside a "Technical details" part: no DID or did:key, no JOSE names (JWS, JWE, jti), no base64, Ed25519
or key fingerprint, no "trust list", "status list" or "revocation list", no vocabulary IRI or dpv: term, no
"derivation".

What counts as shown: every label, button, combo box item, placeholder, table header and cell (with its
tooltip), list item, widget tooltip and accessible name (what a screen reader says) of every page, with each
row of the Inbox, Grants and Organisations lists selected in turn; the menus; the review of every waiting
request with its summary; and the dialogs and messages of the Organisations and Grants pages (trusting a
certifier, blocking, importing a certifier's list, revoking, saving the list of revoked grants). A folded
"Technical details" part, and a tooltip's text after its "Technical details:" line, are where such terms
belong and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import wait_idle
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QWidget,
)

from vault_app.gui.i18n import install_translations
from vault_app.services import demo

JARGON = {
    "en": re.compile(
        r"\bDIDs?\b|did:|\bJWS\b|\bJWE\b|\bJOSE\b|\bjti\b|\bIRIs?\b|dpv:|base64|Ed25519|X25519|"
        r"key fingerprint|status[- ]list|trust[- ]list|revocation[- ]list|\bderivation\b",
        re.IGNORECASE,
    ),
    "zh_CN": re.compile(
        r"\bDIDs?\b|did:|\bJWS\b|\bJWE\b|\bJOSE\b|\bjti\b|\bIRI\b|dpv:|base64|Ed25519|X25519|"
        r"密钥指纹|状态列表|信任名单|信任列表|撤销列表",
        re.IGNORECASE,
    ),
}
#: where a tooltip's part for experts begins (left out: that is where technical terms belong)
TECHNICAL = re.compile(r"Technical details|技术细节")


def _outside_technical(text: str) -> str:
    return TECHNICAL.split(text, maxsplit=1)[0]


def _in_technical_details(wdg: QWidget) -> bool:
    from vault_app.gui.widgets.details import TechnicalDetails

    p: QWidget | None = wdg
    while p is not None:
        if isinstance(p, TechnicalDetails):
            return wdg is not p.toggle  # its button says "Technical details"; what it unfolds is for experts
        p = p.parentWidget()
    return False


def _model_texts(view: QAbstractItemView) -> list[str]:
    m = view.model()
    hidden = getattr(view, "isColumnHidden", lambda _c: False)
    out = []
    for col in range(m.columnCount()):
        if not hidden(col):
            out.append(str(m.headerData(col, Qt.Orientation.Horizontal) or ""))
    for row in range(min(m.rowCount(), 80)):
        for col in range(m.columnCount()):
            if hidden(col):
                continue
            idx = m.index(row, col, QModelIndex())
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                v = idx.data(role)
                if isinstance(v, str):
                    out.append(v)
    return out


def shown_texts(root: QWidget) -> list[str]:
    """What a person sees or hears on ``root``, outside its Technical details."""
    texts = [root.windowTitle()]
    for wdg in [root, *root.findChildren(QWidget)]:
        if wdg is not root and (not wdg.isVisibleTo(root) or _in_technical_details(wdg)):
            continue
        texts += [wdg.toolTip(), wdg.accessibleName(), wdg.accessibleDescription()]
        if isinstance(wdg, (QLabel, QAbstractButton)):
            texts.append(wdg.text())
        elif isinstance(wdg, QGroupBox):
            texts.append(wdg.title())
        elif isinstance(wdg, QComboBox):
            texts += [wdg.itemText(i) for i in range(wdg.count())]
        elif isinstance(wdg, QLineEdit):
            texts.append(wdg.placeholderText())
        if isinstance(wdg, QListWidget):
            for i in range(wdg.count()):
                texts += [wdg.item(i).text(), wdg.item(i).toolTip()]
        elif isinstance(wdg, QAbstractItemView) and not isinstance(wdg, QHeaderView) and wdg.model():
            texts += _model_texts(wdg)
    return [_outside_technical(t).replace("&", "") for t in texts if t]  # "Re&voke" reads "Revoke"


def menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title()]
    for a in menu.actions():
        out += [a.text(), a.toolTip(), a.statusTip()]
        if a.menu() is not None:
            out += menu_texts(a.menu())
    return [t for t in out if t]


def open_boxes() -> list[QWidget]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, (QMessageBox, QDialog)) and w.isVisible()
    ]


def take_boxes(qtbot: Any, out: list[str], what: str) -> None:
    """The texts of the dialogs and messages now open (there must be one), then close them."""
    qtbot.waitUntil(lambda: bool(open_boxes()), timeout=10000)
    for box in open_boxes():
        out += [f"{what}: {t}" for t in shown_texts(box)]
        box.reject()
    qtbot.wait(20)


def collect(qapp: Any, qtbot: Any, base: Path, language: str, monkeypatch: Any) -> dict[str, list[str]]:
    from vault_app.crypto.kdf import minimum_params
    from vault_app.gui.context import AppContext
    from vault_app.gui.dialogs import files
    from vault_app.gui.mainwindow import MainWindow
    from vault_app.services.settings import SettingsStore

    demo.create_demo_vault(base / "vault").lock()
    out: dict[str, list[str]] = {}
    install_translations(qapp, language)
    ctx = AppContext(
        base / "vault",
        SettingsStore(None),
        kdf_factory=lambda _t, _p: minimum_params(),
        demo_password=demo.DEMO_PASSWORD,
    )
    try:
        win = MainWindow(ctx)
        ui = win.consent
        win.resize(1280, 720)
        win.show()
        win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
        win.unlock_screen.unlock()
        qtbot.waitUntil(lambda: win.unlocked, timeout=10000)
        wait_idle(qtbot, ctx)
        out["menus"] = [t for a in win.menuBar().actions() if a.menu() for t in menu_texts(a.menu())]
        for key in win.page_keys:
            win.show_page(key)
            qtbot.wait(30)
            wait_idle(qtbot, ctx)
            out[key] = shown_texts(win)

        # every row of the lists, selected in turn (their details change with the selection)
        win.show_page("inbox")
        ui.inbox.set_filter("all")
        wait_idle(qtbot, ctx)
        for row in range(len(ui.inbox.model.rows)):
            ui.inbox.select_row(row)
            wait_idle(qtbot, ctx)
            out["inbox"] += shown_texts(win)
        win.show_page("organisations")
        orgs = ui.organisations
        for row in range(len(orgs.model.rows)):
            orgs.select_row(row)
            wait_idle(qtbot, ctx)
            out["organisations"] += shown_texts(win)
        # the technical identity is still there for those who check it, under Technical details
        out["technical"] = [orgs.tech_did.text()]
        assert orgs.certifiers.count() >= 1
        orgs.certifiers.setCurrentRow(0)
        out["organisations"] += shown_texts(win)
        win.show_page("grants")
        grants = ui.grants
        grants.set_filter("all")
        wait_idle(qtbot, ctx)
        assert grants.model.rows
        for row in range(len(grants.model.rows)):
            grants.select_row(row)
            wait_idle(qtbot, ctx)
            out["grants"] += shown_texts(win)

        # the review of each waiting request (and the summary before signing), the verification
        dialogs: list[str] = []
        win.show_page("inbox")
        ui.inbox.set_filter("waiting")
        wait_idle(qtbot, ctx)
        for r in list(ui.inbox.model.rows):
            dlg = ui.inbox.open_request(r.request.id, r.request.kind)
            wait_idle(qtbot, ctx)
            qtbot.wait(30)
            dialogs += [f"review: {t}" for t in shown_texts(dlg)]
            if hasattr(dlg, "show_summary") and dlg.steps.currentIndex() == dlg.DECIDE:
                for c in dlg.choices:  # release what may be released exactly, so the summary lists it
                    at = c.mode.findData("exact")
                    item = c.mode.model().item(at) if at >= 0 else None
                    if c.mode.isEnabled() and item is not None and item.isEnabled():
                        c.mode.setCurrentIndex(at)
                if dlg.confirm_unknown is not None:
                    dlg.confirm_unknown.setChecked(True)
                dlg.show_summary()
                wait_idle(qtbot, ctx)
                dialogs += [f"summary: {t}" for t in shown_texts(dlg)]
            dlg.reject()
            qtbot.wait(20)
        assert any(t.startswith("summary: ") for t in dialogs)

        # the Organisations page's dialogs and messages
        win.show_page("organisations")
        orgs.select_row(0)
        wait_idle(qtbot, ctx)
        orgs.ask_trust()
        take_boxes(qtbot, dialogs, "trust a certifier")
        orgs.ask_block()
        take_boxes(qtbot, dialogs, "block")
        orgs.ask_untrust()
        take_boxes(qtbot, dialogs, "stop trusting")
        bad = base / "not-a-list.pdvtrust"
        bad.write_text("not a list\n")
        monkeypatch.setattr(files, "ask_open_path", lambda *a, **k: str(bad))
        orgs.import_trust_list()
        take_boxes(qtbot, dialogs, "import a damaged list")
        # the Grants page's: saving the list of revoked grants, revoking (and what it says after)
        win.show_page("grants")
        grants.set_filter("active")
        wait_idle(qtbot, ctx)
        grants.select_row(0)
        wait_idle(qtbot, ctx)
        monkeypatch.setattr(files, "ask_save_path", lambda *a, **k: str(base / "revoked.jwt"))
        grants.export_status_list()
        take_boxes(qtbot, dialogs, "save the list")
        grants.ask_revoke()
        qtbot.waitUntil(lambda: bool(open_boxes()), timeout=10000)
        box = open_boxes()[0]
        assert isinstance(box, QMessageBox)
        dialogs += [f"revoke: {t}" for t in shown_texts(box)]
        yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
        yes.click()
        qtbot.waitUntil(lambda: not open_boxes(), timeout=10000)
        take_boxes(qtbot, dialogs, "revoked")
        out["dialogs"] = dialogs
        win.close()
    finally:
        ctx.shutdown()
        install_translations(qapp, "en")
    return out


@pytest.fixture(scope="module")
def _cache() -> dict[str, dict[str, list[str]]]:
    return {}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_technical_terms_on_the_demo_screens(
    qapp: Any,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    screens = collect(qapp, qtbot, tmp_path, language, monkeypatch)
    for page in ("home", "inbox", "fields", "grants", "organisations", "history", "settings", "menus"):
        assert screens.get(page), f"{page} was not reached"
    assert screens.pop("technical")[0].startswith("did:key:z")
    found = sorted(
        {
            f"{page}: {text!r}"
            for page, texts in screens.items()
            for text in texts
            if JARGON[language].search(text)
        }
    )
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_released_fields_line_holds_one_colon(
    qapp: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """The Grants page lists each released field as "name: how" ("Annual income: anonymised (Range)"),
    never "Annual income: anonymised: Range"."""
    screens = collect(qapp, qtbot, tmp_path, language, monkeypatch)
    bullets = [
        line.strip()
        for text in screens["grants"]
        for line in text.splitlines()
        if line.strip().startswith("\u2022")
    ]
    assert any(("(" in b or "（" in b) for b in bullets), bullets  # an anonymised field is among them
    doubled = [b for b in bullets if len(re.findall(r": |：", b)) > 1]
    assert doubled == [], doubled
