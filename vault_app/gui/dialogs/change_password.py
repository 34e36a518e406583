"""Change the master password: the current one, a new one twice with the strength meter. The key is re-
wrapped with KDF parameters calibrated to the configured target (on the CPU pool), so this also applies a
changed KDF strength setting. "My password may have leaked" also replaces the data key (the whole vault is
re-encrypted), which is what shuts out an old key file or an old backup opened with the old password."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import AuthError, ValidationError
from vault_app.gui.context import AppContext
from vault_app.gui.errors import show_error, user_message
from vault_app.gui.i18n import core_message
from vault_app.gui.look import error_label
from vault_app.gui.setup import warning_frame
from vault_app.gui.tasks import CpuOp, DbOp, ProgressRelay
from vault_app.gui.widgets.strength_meter import StrengthMeter
from vault_app.services.api import KdfParams
from vault_app.services.password import password_problems
from vault_app.services.vault import VaultService


class ChangePasswordDialog(QDialog):
    # emitted with True when the data key was replaced too
    changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Change the master password"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for w, name in (
            (self.current, self.tr("Current master password")),
            (self.new, self.tr("New master password")),
            (self.repeat, self.tr("Repeat the new master password")),
        ):
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.setAccessibleName(name)
        self.current_error = error_label()
        form.addRow(self.tr("&Current password:"), self.current)
        form.addRow("", self.current_error)
        form.addRow(self.tr("&New password:"), self.new)
        form.addRow(self.tr("&Repeat new password:"), self.repeat)
        lay.addLayout(form)
        self.meter = StrengthMeter()
        lay.addWidget(self.meter)
        lay.addWidget(
            warning_frame(
                self.tr(
                    "The new password cannot be recovered either. Changing it does not shut out a copy of "
                    "the old "
                    "key file or a backup made before today: with the old password they still open this "
                    "vault."
                )
            )
        )
        self.leaked = QCheckBox(self.tr("My password may have &leaked: also replace the data key"))
        self.leaked.setAccessibleName(self.tr("My password may have leaked"))
        self.leaked.setToolTip(
            self.tr(
                "Re-encrypts the whole vault with a new data key, so that an old key file or an old backup "
                "opened with the old password no longer opens it. Takes longer for a large vault."
            )
        )
        lay.addWidget(self.leaked)
        self.error = error_label()
        lay.addWidget(self.error)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress of changing the password"))
        self.progress.setRange(0, 100)
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = QLabel()
        self.status.hide()
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Change password"))
        for b in self.buttons.buttons():
            b.setAccessibleName(b.text().replace("&", ""))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.new.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self.current.textEdited.connect(lambda _t: self.current_error.hide())
        self._update()

    def problems(self) -> list[str]:
        new, rep = self.new.text(), self.repeat.text()
        out = (
            [core_message(p) for p in password_problems(new)] if new else [self.tr("Choose a new password.")]
        )
        if new and rep != new:
            out.append(self.tr("The two new passwords do not match."))
        if not self.current.text():
            out.append(self.tr("Enter your current password."))
        return out

    def _update(self) -> None:
        self.meter.update_for(self.new.text())
        self.error.hide()

    def apply(self) -> None:
        problems = self.problems()
        if problems:
            self.error.setText("\n".join(problems))
            self.error.show()
            return
        old, new = self.current.text(), self.new.text()
        self.buttons.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(self.tr("Tuning the encryption to this computer\u2026"))
        self.status.show()
        relay = ProgressRelay(self, lambda f: self.progress.setValue(int(f * 90)))
        factory, target = self.ctx.kdf_factory, self.ctx.settings.kdf_target_seconds
        CpuOp(self, lambda: factory(target, relay)).success(lambda p: self._rewrap(old, new, p)).failure(
            self._failed
        ).run(self.ctx.tasks)

    def _rewrap(self, old: str, new: str, params: KdfParams) -> None:
        leaked = self.leaked.isChecked()
        self.status.setText(
            self.tr("Re-encrypting the vault with a new data key\u2026")
            if leaked
            else self.tr("Saving the new password\u2026")
        )

        def op(svc: VaultService) -> None:
            if leaked:
                svc.replace_keys(old, new, kdf=params)
            else:
                svc.change_password(old, new, kdf=params)

        DbOp(self, op).success(lambda _r: self._done(leaked)).failure(self._failed).run(self.ctx.tasks)

    def _done(self, leaked: bool) -> None:
        self.progress.setValue(100)
        self.changed.emit(leaked)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.progress.hide()
        self.status.hide()
        if isinstance(exc, AuthError):
            self.current_error.setText(self.tr("The current password is wrong."))
            self.current_error.show()
            self.current.selectAll()
            self.current.setFocus()
        elif isinstance(exc, ValidationError):
            self.error.setText(user_message(exc))
            self.error.show()
        else:
            show_error(self, exc)
