"""The unlock screen: a password, an inline "wrong password" message, and integrity problems shown plainly
(with the way out: restore a backup), never hidden behind a generic error."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import AuthError, EnvironmentFault, IntegrityError, NotFoundError
from vault_app.gui.context import AppContext
from vault_app.gui.errors import show_error, user_message
from vault_app.gui.look import app_icon_label, error_label, heading, tone
from vault_app.gui.tasks import DbOp


class UnlockWidget(QWidget):
    restore_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        box = QWidget()
        box.setMaximumWidth(520)
        lay = QVBoxLayout(box)
        lay.addWidget(app_icon_label())
        lay.addWidget(heading(self.tr("Your vault is locked")))
        intro = QLabel(self.tr("Enter your master password to open it."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if ctx.demo_password:
            self.hint.setText(
                self.tr(
                    "This is a throwaway demo vault with invented data; it is deleted when "
                    "you quit. Its password is: %1"
                ).replace("%1", ctx.demo_password)
            )
        self.hint.setVisible(bool(ctx.demo_password))
        lay.addWidget(self.hint)
        row = QHBoxLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Master password"))
        self.password.setAccessibleName(self.tr("Master password"))
        self.password.returnPressed.connect(self.unlock)
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        lay.addLayout(row)
        self.show_pw = QCheckBox(self.tr("Show password"))
        self.show_pw.setAccessibleName(self.tr("Show password"))
        self.show_pw.toggled.connect(
            lambda on: self.password.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        lay.addWidget(self.show_pw)
        self.error = error_label()
        self.error.setAccessibleName(self.tr("Unlock error"))
        lay.addWidget(self.error)
        self.password.textEdited.connect(lambda _t: self.error.hide())
        # Integrity problems get a framed panel: what happened, and the way out.
        self.problem = QFrame()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet(
            f"QFrame#problem {{ border: 2px solid {tone('error')}; border-radius: 6px; }}"
        )
        plo = QVBoxLayout(self.problem)
        self.problem_title = QLabel()
        self.problem_title.setStyleSheet("font-weight: bold;")
        self.problem_title.setWordWrap(True)
        self.problem_text = QLabel()
        self.problem_text.setWordWrap(True)
        self.problem_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton(self.tr("Restore a backup\u2026"))
        self.restore_button.setAccessibleName(self.tr("Restore a backup"))
        self.restore_button.clicked.connect(self.restore_requested)
        plo.addWidget(self.problem_title)
        plo.addWidget(self.problem_text)
        plo.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.problem.hide()
        lay.addWidget(self.problem)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setEnabled(False)  # secondary information, drawn dimmed
        lay.addWidget(self.where)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        center = QHBoxLayout()
        center.addStretch(1)
        center.addWidget(box, 10)
        center.addStretch(1)
        outer.addLayout(center)
        outer.addStretch(2)
        self.refresh_location()

    def refresh_location(self) -> None:
        self.where.setText(self.tr("Vault folder: %1").replace("%1", str(self.ctx.vault_dir)))

    def reset(self) -> None:
        """Ready for a new unlock: empty password, no messages."""
        self.password.clear()
        self.show_pw.setChecked(False)
        self.error.hide()
        self.problem.hide()
        self._set_busy(False)
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.unlock_button.setText(self.tr("Unlocking\u2026") if busy else self.tr("&Unlock"))

    def unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.error.setText(self.tr("Enter your master password."))
            self.error.show()
            return
        self.error.hide()
        self.problem.hide()
        self._set_busy(True)
        DbOp(self, lambda svc: svc.unlock(password)).success(lambda _r: self._done()).failure(
            self._failed
        ).run(self.ctx.tasks)

    def _done(self) -> None:
        self._set_busy(False)
        self.password.clear()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, AuthError):
            self.error.setText(self.tr("The password is wrong."))
            self.error.show()
            self.password.selectAll()
            self.password.setFocus()
        elif isinstance(exc, (IntegrityError, NotFoundError, EnvironmentFault)):
            self.problem_title.setText(
                self.tr("The vault cannot be opened safely")
                if isinstance(exc, IntegrityError)
                else self.tr("The vault cannot be opened")
            )
            self.problem_text.setText(user_message(exc))
            self.restore_button.setVisible(not isinstance(exc, EnvironmentFault))
            self.problem.show()
            self.password.clear()
        else:
            show_error(self, exc)
