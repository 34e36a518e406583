"""Restore a backup into the vault folder. The current vault (if any) is locked first and its files are
kept aside by the core with a ``.replaced`` suffix; the restored vault is checked before it is used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import AuthError, IntegrityError
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.errors import show_error, user_message
from vault_app.gui.look import error_label
from vault_app.gui.setup import warning_frame
from vault_app.gui.tasks import CpuOp
from vault_app.services.vault import VaultService

BACKUP_FILTER = "Personal Data Vault backup (*.pdvbackup);;All files (*)"


class RestoreDialog(QDialog):
    """Checks the backup and its password without touching the current vault, then emits ``confirmed`` for
    the main window to do the restore (which locks the current vault, and so closes every dialog)."""

    confirmed = Signal(str, str)  # backup path, password

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Restore a backup"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(500)
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Choose a backup file and enter the master password that was in use when the backup was made."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Backup file"))
        self.browse = QPushButton(self.tr("&Browse\u2026"))
        self.browse.setAccessibleName(self.tr("Choose the backup file"))
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        file_label = QLabel(self.tr("Backup &file:"))
        file_label.setBuddy(self.path)  # a label beside a row of widgets gets no buddy by itself
        form.addRow(file_label, row)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("The backup's master password"))
        form.addRow(self.tr("&Password:"), self.password)
        lay.addLayout(form)
        self.exists = ctx.vault_exists()
        self.confirm = QCheckBox(self.tr("Replace the vault in this folder"))
        self.confirm.setAccessibleName(self.tr("Replace the vault in this folder"))
        if self.exists:
            lay.addWidget(
                warning_frame(
                    self.tr(
                        "A vault already exists in %1. Restoring replaces it with the backup; its current "
                        "files are "
                        "kept beside it with a .replaced suffix, so nothing is deleted."
                    ).replace("%1", str(ctx.vault_dir))
                )
            )
            lay.addWidget(self.confirm)
        self.error = error_label()
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Restore"))
        for b in self.buttons.buttons():
            b.setAccessibleName(b.text().replace("&", ""))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def _browse(self) -> None:
        path = files.ask_open_path(self, self.tr("Choose a backup"), BACKUP_FILTER)
        if path:
            self.path.setText(path)

    def apply(self) -> None:
        path, password = self.path.text().strip(), self.password.text()
        problems = []
        if not path or not Path(path).is_file():
            problems.append(self.tr("Choose an existing backup file."))
        if not password:
            problems.append(self.tr("Enter the backup's password."))
        if self.exists and not self.confirm.isChecked():
            problems.append(self.tr("Confirm that the vault in this folder may be replaced."))
        if problems:
            self.error.setText("\n".join(problems))
            self.error.show()
            return
        self.buttons.setEnabled(False)
        CpuOp(self, lambda: VaultService.check_backup(path, password)).success(
            lambda _manifest: self._checked(path, password)
        ).failure(self._failed).finally_(lambda: self.buttons.setEnabled(True)).run(self.ctx.tasks)

    def _checked(self, path: str, password: str) -> None:
        self.accept()
        self.confirmed.emit(path, password)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AuthError):
            self.error.setText(self.tr("The password is wrong for this backup."))
        elif isinstance(exc, IntegrityError):
            self.error.setText(user_message(exc))
        else:
            show_error(self, exc)
            return
        self.error.show()
