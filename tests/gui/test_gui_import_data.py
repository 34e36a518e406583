"""Bringing data in through the desktop app (issue 16): the file dialog or a drop opens a preview with a
mapping; a partly bad file imports nothing until the good part is confirmed."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import find_dialog, open_vault, wait_idle
from PySide6.QtWidgets import QMessageBox

from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.import_data import FIELD, TYPE, ImportDataDialog
from vault_app.gui.tasks import DbOp

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def fields_of(qtbot, ctx):  # type: ignore[no-untyped-def]
    out: dict = {}
    DbOp(None, lambda svc: {f.name: (f.type.value, f.value) for f in svc.list_fields()}).success(out.update) \
        .run(ctx.tasks)
    wait_idle(qtbot, ctx)
    return out


def test_a_dropped_csv_is_previewed_mapped_and_imported(qtbot, qapp, ctx, monkeypatch):
    win = open_vault(qtbot, ctx)
    win.import_paths([str(DATA / "wide.csv")])  # what a drop on the window does
    dlg = find_dialog(qapp, ImportDataDialog)
    assert dlg is not None
    qtbot.waitUntil(lambda: dlg.preview is not None, timeout=5000)
    assert dlg.table.rowCount() == 4 and not dlg.problems.isVisible()
    assert dlg.table.item(0, 5).text() == "\u2022" * 8  # values hidden until asked
    row = next(r for r in range(4) if dlg.table.item(r, 1).text() == "Shoe size")
    ftype = dlg.table.cellWidget(row, TYPE)
    ftype.setCurrentIndex(ftype.findData("number"))
    ftype.activated.emit(ftype.currentIndex())
    name = dlg.table.cellWidget(row, FIELD)
    assert name.currentText() == "Shoe size"
    assert dlg.import_button.isEnabled() and dlg.import_button.text().replace("&", "") == "Import 4 fields"
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    dlg.do_import()
    qtbot.waitUntil(lambda: dlg.import_result is not None, timeout=5000)
    got = fields_of(qtbot, ctx)
    assert got["shoe_size"] == ("number", "43") and got["email"] == ("email", "alex@example.org")
    assert win.current_page_key() == "fields"


def test_a_partly_bad_vcard_imports_nothing_until_confirmed(qtbot, qapp, ctx, monkeypatch):
    win = open_vault(qtbot, ctx)
    monkeypatch.setattr(files, "ask_open_path", lambda *a: str(DATA / "cut-off.vcf"))
    win.ask_import_data()
    dlg = find_dialog(qapp, ImportDataDialog)
    qtbot.waitUntil(lambda: dlg.preview is not None, timeout=5000)
    assert dlg.problems.isVisible() and "incomplete" in dlg.problems.label.text()
    assert "not an address" not in dlg.problems.label.text()
    assert not dlg.import_button.isEnabled() and "good part" in dlg.reason.text()
    dlg.confirm_partial.setChecked(True)
    assert dlg.import_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    dlg.do_import()
    qtbot.waitUntil(lambda: dlg.import_result is not None, timeout=5000)
    assert set(fields_of(qtbot, ctx)) == {"family_name", "given_name", "phone"}


def test_source_words():
    from vault_app.gui.dialogs.import_data import source_words

    assert source_words("EMAIL;TYPE=home") == "EMAIL (home)"
    assert source_words("ADR;TYPE=home (postal code)") == "ADR (home) (postal code)"
    assert source_words("Shoe size") == "Shoe size"


def test_a_file_that_is_not_data_is_explained(qtbot, qapp, ctx, tmp_path):
    win = open_vault(qtbot, ctx)
    bad = tmp_path / "me.vcf"
    bad.write_bytes(b"\xff\xfe garbage")
    dlg = win.import_data(str(bad))
    qtbot.waitUntil(lambda: dlg.problems.isVisible(), timeout=5000)
    assert "UTF-8" in dlg.problems.label.text() and not dlg.import_button.isEnabled()
    dlg.reject()
