"""Chinese is complete on every screen (issue 16): each screen of the demo, shown in zh_CN, has no English
word left except the data itself (organisation names, their own words, values, identifiers).

Every text a person can see is collected (labels, buttons, group titles, combo boxes, placeholders, table
headers and cells, list items, the window title), the demo's data is taken out, and what remains may hold
no Latin word of three letters or more other than a few names that stay as they are (PDF, CSV, DID...).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from gui_helpers import wait_idle
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from vault_app.gui.i18n import install_translations
from vault_app.services import demo

#: words that are names, not English: formats, standards and the product's file types
KEEP = {
    "Ctrl",
    "Shift",
    "English",
    "PDF",
    "CSV",
    "JSON",
    "DID",
    "IBAN",
    "ISO",
    "DPV",
    "JOSE",
    "QR",
    "URL",
    "YYYY",
    "MM",
    "DD",
    "pdv",
    "pdvreq",
    "pdvgrant",
    "pdvmsg",
    "pdvreceipt",
    "pdvtrust",
    "jwt",
    "vcf",
    "Ed25519",
    "key",
    "did",
    "Argon2id",
    "SQLCipher",
    "AES",
    "XChaCha20",
    "https",
    "http",
    "www",
    "w3id",
    "org",
    "dpv",
    "example",
    "html",
    "txt",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")
PUNCT = re.compile(r"[\u4e00-\u9fff][:;] ")


def _strings(obj: Any, out: set[str]) -> None:
    if isinstance(obj, str):
        out.add(obj)
        out.update(obj.splitlines())
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _strings(v, out)


def demo_data(svc: Any) -> set[str]:
    """Every string the demo vault holds as data: values, organisations and what they wrote, identifiers."""
    out: set[str] = set()
    for f in svc.list_fields():
        out.update({f.value, f.name, *f.value.splitlines()})
    c = svc.consent
    for o in c.orgs.list():
        _strings(o.to_json(), out)
    for r in c.inbox.list_requests(None):
        _strings(r.to_json(), out)
        _strings(r.content.purpose_text, out)
        if r.content.conclusion is not None:
            _strings(r.content.conclusion.description, out)
        _strings(getattr(r.content, "method", "") or "", out)
    for g in c.grants.list(None):
        _strings(g.to_json(), out)
    for x in c.orgs.certifiers():
        _strings(x.to_json(), out)
    for rc in c.grants.receipts():
        _strings(rc.to_json(), out)
    # an organisation's own field names (not in the catalogue) are data too, shown readable
    from vault_app.domain.catalogue import humanise, standard_field

    for r in c.inbox.list_requests(None):
        for name in r.content.field_names:
            if standard_field(name) is None:
                out.add(humanise(name))
    # keys (email, given_name, max-retention...) are not data to show: a screen must show words instead
    return {s for s in out if len(s) >= 3 and not re.fullmatch(r"[a-z0-9_.:\-]+", s)}


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for wdg in [root, *root.findChildren(QWidget)]:
        if not wdg.isVisibleTo(root) and wdg is not root:
            continue
        if isinstance(wdg, QLabel):
            texts.append(wdg.text())
        elif isinstance(wdg, QAbstractButton):
            texts.append(wdg.text())
        elif isinstance(wdg, QGroupBox):
            texts.append(wdg.title())
        elif isinstance(wdg, QComboBox):
            texts += [wdg.itemText(i) for i in range(wdg.count())]
        elif isinstance(wdg, QLineEdit):
            texts.append(wdg.placeholderText())
        if isinstance(wdg, QListWidget):
            texts += [wdg.item(i).text() for i in range(wdg.count())]
        elif isinstance(wdg, QAbstractItemView) and wdg.model() is not None:
            m = wdg.model()
            for col in range(m.columnCount()):
                if not getattr(wdg, "isColumnHidden", lambda _c: False)(col):
                    texts.append(str(m.headerData(col, Qt.Orientation.Horizontal) or ""))
            for row in range(min(m.rowCount(), 60)):
                for col in range(m.columnCount()):
                    if getattr(wdg, "isColumnHidden", lambda _c: False)(col):
                        continue
                    v = m.index(row, col, QModelIndex()).data()
                    if isinstance(v, str):
                        texts.append(v)
    return [t for t in texts if t]


def english_left(texts: list[str], data: set[str]) -> list[str]:
    found = []
    for text in texts:
        rest = text
        for d in sorted(data, key=len, reverse=True):
            if d in rest:
                rest = rest.replace(d, " ")
        rest = re.sub(r"(did:key:\S+|https?://\S+|\S+@\S+|[\w.-]+\.(pdv\w+|pdf|csv|json|jwt|vcf))", " ", rest)
        rest = re.sub(r"技术名称[^：]*：\s*[\w.\-]+", " ", rest)  # a technical name, shown as such on purpose
        words = [wd for wd in WORD.findall(rest) if wd not in KEEP and wd.strip("'-") not in KEEP]
        # Chinese punctuation next to Chinese text: "：" and "；", not ": " and "; "
        words += PUNCT.findall(rest)
        if words:
            found.append(f"{text!r} -> {words}")
    return found


@pytest.fixture(scope="module")
def _cache() -> dict[str, list[str]]:
    return {}


@pytest.fixture
def screens(
    qapp: Any, qtbot: Any, _cache: dict[str, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """Every screen of the demo in Chinese: its visible texts (collected once for all the tests here)."""
    if not _cache:
        _cache.update(collect(qapp, qtbot, tmp_path_factory))
    return _cache


def collect(qapp: Any, qtbot: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    from vault_app.crypto.kdf import minimum_params
    from vault_app.gui.context import AppContext
    from vault_app.gui.mainwindow import MainWindow
    from vault_app.services.settings import SettingsStore

    base = tmp_path_factory.mktemp("zh")
    svc = demo.create_demo_vault(base / "vault")
    data = demo_data(svc) | {demo.DEMO_PASSWORD, str(base / "vault")}
    svc.lock()
    out: dict[str, list[str]] = {}
    install_translations(qapp, "zh_CN")
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
        out["unlock"] = visible_texts(win)
        win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
        win.unlock_screen.unlock()
        qtbot.waitUntil(lambda: win.unlocked, timeout=10000)
        wait_idle(qtbot, ctx)
        for key in win.page_keys:
            win.show_page(key)
            qtbot.wait(50)
            wait_idle(qtbot, ctx)
            qtbot.wait(50)
            out[key] = visible_texts(win)
        # the review of a request, its summary, and the verification dialog
        win.show_page("inbox")
        inbox = ui.inbox
        rows = inbox.model.rows
        auth = next(r for r in rows if r.request.kind == "authorisation" and r.request.refines is None)
        dlg = inbox.open_request(auth.request.id, "authorisation")
        qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.DECIDE, timeout=10000)
        held = [c for c in dlg.choices if c.mode.isEnabled()]
        for c in held:
            c.set_mode(c.current_mode.__class__.EXACT)
        # one field anonymised by a method with a setting, so its words (and the summary's) are checked too
        with_params = next((c, t) for c in held for t in c.transforms if t.params)
        with_params[0].set_mode(with_params[0].current_mode.__class__.ANONYMISED)
        with_params[0].set_method(with_params[1].id)
        if dlg.confirm_unknown is not None:
            dlg.confirm_unknown.setChecked(True)
        qtbot.waitUntil(lambda: all(c.preview_current() for c in held), timeout=10000)
        out["review"] = visible_texts(dlg)
        dlg.show_summary()
        qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.SUMMARY, timeout=10000)
        out["review-summary"] = visible_texts(dlg)
        dlg.reject()
        ver = next((r for r in rows if r.request.kind == "verification"), None)
        if ver is not None:
            vd = inbox.open_request(ver.request.id, "verification")
            qtbot.waitUntil(lambda: vd.data is not None, timeout=10000)
            out["verification"] = visible_texts(vd)
            vd.reject()
        win.show_page("fields")
        wait_idle(qtbot, ctx)
        win.fields.select_field("date_of_birth")
        win.fields.edit_field()
        qtbot.wait(50)
        from vault_app.gui.dialogs.field_editor import FieldEditorDialog

        ed = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, FieldEditorDialog) and w.isVisible()
        )
        out["field-editor"] = visible_texts(ed)
        ed.reject()
        win.close()
    finally:
        ctx.shutdown()
        install_translations(qapp, "en")
    out["_data"] = sorted(data)
    return out


SCREENS = [
    "unlock",
    "home",
    "fields",
    "inbox",
    "grants",
    "organisations",
    "history",
    "settings",
    "review",
    "review-summary",
    "verification",
    "field-editor",
]


@pytest.mark.parametrize("screen", SCREENS)
def test_screen_is_chinese(screens: dict[str, list[str]], screen: str) -> None:
    assert screen in screens, f"screen {screen} was not reached"
    left = english_left(screens[screen], set(screens["_data"]))
    assert left == [], json.dumps(left, ensure_ascii=False, indent=1)
