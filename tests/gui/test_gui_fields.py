"""My data: the table model (lazy, masked, model-tested), the field editor's validation, add/edit/delete,
category filter and search, and the clipboard that clears itself."""

from __future__ import annotations

from gui_helpers import find_dialog, gone, open_vault, unlocked_vault, wait_idle
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from vault_app.domain.model import Category, FieldType
from vault_app.gui.dialogs.field_editor import FieldEditorDialog
from vault_app.gui.models.fields import MASK, FieldsModel
from vault_app.gui.tasks import DbOp


def fields_in_vault(qtbot, ctx) -> dict[str, str]:
    out: dict[str, str] = {}
    DbOp(None, lambda svc: {f.name: f.value for f in svc.list_fields()}).success(out.update).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    return out


def test_model_is_lazy_masked_and_passes_the_model_tester(qtbot, ctx, qtmodeltester):
    unlocked_vault(qtbot, ctx, fields=450)
    model = FieldsModel(ctx.tasks, page_size=200)
    model.set_filter(None, "")
    wait_idle(qtbot, ctx)
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    wait_idle(qtbot, ctx)
    model.fetchMore()
    wait_idle(qtbot, ctx)
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert model.data(model.index(0, FieldsModel.VALUE)) == MASK
    model.set_revealed(True)
    assert model.data(model.index(0, FieldsModel.VALUE)) == "value 0"
    qtmodeltester.check(model, force_py=True)
    model.clear()
    assert model.rowCount() == 0 and not model.revealed and not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)


def test_search_and_category_filter(qtbot, ctx):
    unlocked_vault(qtbot, ctx)
    DbOp(None, lambda svc: (svc.add_field("email", "email", "contact", "a@example.org"),
                            svc.add_field("city", "text", "location", "Berlin"),
                            svc.add_field("phone", "phone", "contact", "+49 30 1234"))).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    model = FieldsModel(ctx.tasks)
    model.set_filter(Category.CONTACT, "")
    wait_idle(qtbot, ctx)
    assert sorted(f.name for f in model.rows) == ["email", "phone"]
    model.set_filter(None, "berl")  # matches the value, inside the encrypted database
    wait_idle(qtbot, ctx)
    assert [f.name for f in model.rows] == ["city"]
    model.set_filter(Category.CONTACT, "berl")
    wait_idle(qtbot, ctx)
    assert model.rows == []


def test_add_edit_delete_through_the_dialog(qtbot, ctx, qapp):
    win = open_vault(qtbot, ctx)
    win.show_page("fields")
    page = win.fields
    assert page.views.currentWidget() is page.empty  # friendly empty state
    page.add_field()
    dlg = find_dialog(qapp, FieldEditorDialog)
    assert dlg is not None
    # validation: bad name and bad e-mail are reported inline, nothing is saved
    dlg.name.setText("")
    dlg.type.setCurrentIndex(dlg.type.findData(FieldType.EMAIL.value))
    dlg.line.setText("not-an-email")
    dlg.save()
    assert dlg.name_error.isVisible() and "field name" in dlg.name_error.text()
    assert dlg.value_error.isVisible() and "e-mail" in dlg.value_error.text()
    dlg.name.setText("email")
    dlg.line.setText("alex@example.org")
    dlg.category.setCurrentIndex(dlg.category.findData("contact"))
    dlg.save()
    qtbot.waitUntil(lambda: gone(dlg), timeout=5000)
    wait_idle(qtbot, ctx)
    assert fields_in_vault(qtbot, ctx) == {"email": "alex@example.org"}
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.views.currentWidget() is page.table
    # a duplicate name is refused by the service and shown on the name
    page.add_field()
    dup = find_dialog(qapp, FieldEditorDialog)
    dup.name.setText("email")
    dup.line.setText("x")
    dup.save()
    qtbot.waitUntil(lambda: dup.name_error.isVisible(), timeout=5000)
    assert "already exists" in dup.name_error.text()
    dup.reject()
    # edit: the date editor for a date
    page.table.selectRow(0)
    page.edit_field()
    ed = find_dialog(qapp, FieldEditorDialog)
    key = ed.original.name
    ed.name.setText("My own name for it")  # the name shown may change; the key organisations ask for never
    assert ed.key_and_label() == (key, "My own name for it")
    ed.type.setCurrentIndex(ed.type.findData(FieldType.DATE.value))
    assert ed.editors.currentWidget() is ed.date
    ed.date.setDate(QDate(1990, 4, 12))
    ed.save()
    qtbot.waitUntil(lambda: gone(ed), timeout=5000)
    wait_idle(qtbot, ctx)
    assert fields_in_vault(qtbot, ctx) == {"email": "1990-04-12"}
    # delete, after confirming
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    page.delete_field()
    box = find_dialog(qapp, QMessageBox)
    assert box is not None and "email" in box.text()
    yes = next(b for b in box.buttons() if b.text() == "Delete")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert fields_in_vault(qtbot, ctx) == {}


def test_editor_validators_and_type_specific_editors(qtbot, ctx, qapp):
    unlocked_vault(qtbot, ctx)
    dlg = FieldEditorDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.type.setCurrentIndex(dlg.type.findData(FieldType.PHONE.value))
    qtbot.keyClicks(dlg.line, "+49 30 abc 123")
    assert dlg.line.text() == "+49 30  123"  # letters cannot be typed into a phone number
    dlg.type.setCurrentIndex(dlg.type.findData(FieldType.COUNTRY.value))
    dlg.line.clear()
    qtbot.keyClicks(dlg.line, "de")
    assert dlg.line.text() == "DE" and dlg.hint.text() == "Germany"
    dlg.type.setCurrentIndex(dlg.type.findData(FieldType.ADDRESS.value))
    assert dlg.editors.currentWidget() is dlg.multi
    dlg.multi.setPlainText("Street 1\n10115 Berlin")
    assert dlg.value_text() == "Street 1\n10115 Berlin"
    dlg.type.setCurrentIndex(dlg.type.findData(FieldType.BOOLEAN.value))
    assert dlg.editors.currentWidget() is dlg.boolean and dlg.value_text() in ("yes", "no")
    dlg.type.setCurrentIndex(dlg.type.findData(FieldType.NUMBER.value))
    dlg.name.setText("n")
    qtbot.keyClicks(dlg.line, "1.2.3")
    assert dlg.line.text() == "1.23"


def test_copy_value_clears_the_clipboard_after_the_delay(qtbot, ctx):
    win = open_vault(qtbot, ctx, fields=2)
    ctx.update_settings(clipboard_clear_seconds=5)
    page = win.fields
    win.show_page("fields")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    page.table.selectRow(1)
    page.copy_value()
    cb = QGuiApplication.clipboard()
    assert cb.text() == "value 1"
    assert cb.mimeData().data("x-kde-passwordManagerHint").data() == b"secret"
    assert "5 seconds" in page.status.text() and "value 1" not in page.status.text()
    assert 0 < ctx.clipboard.remaining_ms <= 5000
    ctx.clipboard._timer.setInterval(50)  # do not wait 5 s in a test; the timer is what clears
    ctx.clipboard._timer.start()
    qtbot.waitUntil(lambda: cb.text() == "", timeout=3000)
    assert "cleared" in page.status.text()


def test_clipboard_is_left_alone_if_the_user_copied_something_else(qtbot, ctx):
    ctx.clipboard.copy("our value")
    QGuiApplication.clipboard().setText("user's own text")
    ctx.clipboard.clear_if_ours()
    assert QGuiApplication.clipboard().text() == "user's own text"


def test_lock_clears_the_clipboard_if_it_holds_our_value(qtbot, ctx):
    win = open_vault(qtbot, ctx, fields=1)
    win.show_page("fields")
    qtbot.waitUntil(lambda: win.fields.model.rowCount() == 1, timeout=5000)
    win.fields.table.selectRow(0)
    win.fields.copy_value()
    assert QGuiApplication.clipboard().text() == "value 0"
    win.lock()
    assert QGuiApplication.clipboard().text() == ""
