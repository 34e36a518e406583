"""Hand a signed message to the organisation: save it as a file, copy it (the clipboard clears itself), or
show it as a QR code. Used after approving, answering, refusing, revoking and asking for erasure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vault_app.domain.errors import VaultError
from vault_app.domain.files import atomic_write
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.qr import QrDialog
from vault_app.gui.errors import show_error


def save_text(parent: QWidget, text: str, title: str, default_name: str, name_filter: str) -> str | None:
    """Ask where to save ``text`` and write it (atomically, readable only by the user). Returns the path."""
    path = files.ask_save_path(parent, title, default_name, name_filter)
    if not path:
        return None
    suffix = Path(default_name).suffix
    if suffix and not Path(path).suffix:
        path += suffix
    try:
        atomic_write(Path(path), (text.strip() + "\n").encode("ascii"), mode=0o600, what="save the file")
    except VaultError as exc:
        show_error(parent, exc)
        return None
    return path


class SendPanel(QWidget):
    """Three ways to hand over one message. ``what`` names it in sentences ("the grant")."""

    saved = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._text = ""
        self._what = ""
        self._default_name = ""
        self._filter = ""
        self.last_saved: str | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save as a file\u2026"))
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.qr_button = QPushButton(self.tr("Show as a &QR code"))
        for b in (self.save_button, self.copy_button, self.qr_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy)
        self.qr_button.clicked.connect(self.show_qr)

    def set_message(self, text: str, what: str, default_name: str, name_filter: str) -> None:
        self._text, self._what, self._default_name, self._filter = text, what, default_name, name_filter
        self.save_button.setAccessibleName(self.tr("Save %1 as a file").replace("%1", what))
        self.copy_button.setAccessibleName(self.tr("Copy %1").replace("%1", what))
        self.qr_button.setAccessibleName(self.tr("Show %1 as a QR code").replace("%1", what))
        self.status.clear()

    def clear(self) -> None:
        self._text = ""
        self.status.clear()

    def save(self) -> None:
        if not self._text:
            return
        path = save_text(
            self, self._text, self.tr("Save %1").replace("%1", self._what), self._default_name, self._filter
        )
        if path:
            self.last_saved = path
            self.status.setText(
                self.tr("Saved to %1. Send this file to the organisation.").replace("%1", path)
            )
            self.saved.emit(path)

    def copy(self) -> None:
        if not self._text:
            return
        self.ctx.clipboard.copy(self._text)
        seconds = self.ctx.settings.clipboard_clear_seconds
        self.status.setText(
            self.tr(
                "Copied. Paste it where the organisation asks for it; the clipboard is "
                "cleared in %n second(s).",
                "",
                seconds,
            )
        )

    def show_qr(self) -> None:
        if not self._text:
            return
        QrDialog(self._text, self._what, self).open()
