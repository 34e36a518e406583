"""First run: create the vault. Password with a strength meter and an unrecoverable-password warning, then
the KDF calibration on the CPU pool with progress, then the encrypted vault is created on the database
worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import ValidationError
from vault_app.gui.context import AppContext
from vault_app.gui.errors import show_error, user_message
from vault_app.gui.i18n import core_message
from vault_app.gui.look import app_icon_label, error_label, heading
from vault_app.gui.tasks import CpuOp, DbOp, ProgressRelay
from vault_app.gui.widgets.strength_meter import StrengthMeter
from vault_app.services.password import password_problems

if TYPE_CHECKING:  # the unlock screen imports this module's helpers; the service is the worker's business
    from vault_app.services.api import KdfParams
    from vault_app.services.vault import VaultService


def warning_frame(text: str) -> QFrame:
    frame = QFrame()
    frame.setObjectName("warning")
    frame.setStyleSheet(
        "QFrame#warning { border: 1px solid #c19c00; border-radius: 6px; background: rgba(255, 185, 0, 40); }"
    )
    lay = QHBoxLayout(frame)
    label = QLabel(text)
    label.setWordWrap(True)
    lay.addWidget(label)
    return frame


class SetupWizard(QWidget):
    """Emits ``restore_requested`` when the user would rather restore a backup. Success shows through the
    service's unlock event (the main window listens to the bridge)."""

    restore_requested = Signal()
    PASSWORD_STEP, CREATING_STEP = 0, 1

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.steps = QStackedWidget()
        self.steps.addWidget(self._password_step())
        self.steps.addWidget(self._creating_step())
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.steps.setMaximumWidth(620)
        row.addWidget(self.steps, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._update()

    # -- step 1 ----------------------------------------------------------------------------------------------
    def _password_step(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(app_icon_label())
        lay.addWidget(heading(self.tr("Create your vault")))
        intro = QLabel(
            self.tr(
                "Your personal data will be kept encrypted on this computer. Choose a master password: you "
                "will "
                "need it every time you open the vault."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Master password"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Repeat the master password"))
        self.show_pw = QCheckBox(self.tr("Show password"))
        self.show_pw.setAccessibleName(self.tr("Show password"))
        self.show_pw.toggled.connect(self._toggle_echo)
        form.addRow(self.tr("&Master password:"), self.password)
        form.addRow(self.tr("&Repeat it:"), self.repeat)
        form.addRow("", self.show_pw)
        for label_widget, field in (
            (form.labelForField(self.password), self.password),
            (form.labelForField(self.repeat), self.repeat),
        ):
            if isinstance(label_widget, QLabel):
                label_widget.setBuddy(field)
        lay.addLayout(form)
        self.meter = StrengthMeter()
        lay.addWidget(self.meter)
        self.mismatch = error_label()
        lay.addWidget(self.mismatch)
        lay.addWidget(
            warning_frame(
                self.tr(
                    "Nobody can recover this password: not us, not a helpdesk. If you forget it, everything "
                    "in this "
                    "vault is lost, and so are backups made with it. Write it down and keep it somewhere "
                    "safe."
                )
            )
        )
        self.understood = QCheckBox(self.tr("I understand that nobody can recover this password"))
        self.understood.setAccessibleName(self.tr("I understand that nobody can recover this password"))
        lay.addWidget(self.understood)
        self.todo = (
            QLabel()
        )  # what still keeps "Create vault" disabled, so a disabled button is never a riddle
        self.todo.setWordWrap(True)
        self.todo.setEnabled(False)
        lay.addWidget(self.todo)
        self.error = error_label()
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("Restore a backup instead\u2026"))
        self.restore_button.setAccessibleName(self.tr("Restore a backup instead"))
        self.restore_button.clicked.connect(self.restore_requested)
        self.create_button = QPushButton(self.tr("&Create vault"))
        self.create_button.setAccessibleName(self.tr("Create vault"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_vault)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        lay.addLayout(buttons)
        for sig in (self.password.textChanged, self.repeat.textChanged):
            sig.connect(self._update)
        self.understood.toggled.connect(self._update)
        self.password.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.create_vault)
        QShortcut(QKeySequence("Ctrl+Return"), w, self.create_vault)
        self.setTabOrder(self.password, self.repeat)
        self.setTabOrder(self.repeat, self.show_pw)
        self.setTabOrder(self.show_pw, self.understood)
        self.setTabOrder(self.understood, self.create_button)
        self.setTabOrder(self.create_button, self.restore_button)
        return w

    def _toggle_echo(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def problems(self) -> list[str]:
        """What still stops creation, in plain words (empty when the vault can be created)."""
        pw, rep = self.password.text(), self.repeat.text()
        out = [core_message(p) for p in password_problems(pw)]
        if not pw:
            out = [self.tr("Choose a master password.")]
        elif rep and rep != pw:
            out.append(self.tr("The two passwords do not match."))
        elif not rep:
            out.append(self.tr("Repeat the password to make sure it has no typing mistake."))
        if not self.understood.isChecked():
            out.append(self.tr("Confirm that you understand the password cannot be recovered."))
        return out

    def _update(self) -> None:
        pw, rep = self.password.text(), self.repeat.text()
        self.meter.update_for(pw)
        mismatch = bool(rep) and rep != pw
        self.mismatch.setText(self.tr("The two passwords do not match.") if mismatch else "")
        self.mismatch.setVisible(mismatch)
        problems = self.problems()
        self.create_button.setEnabled(not problems)
        shown_elsewhere = {core_message(p) for p in password_problems(pw)} | {self.mismatch.text()}
        todo = [p for p in problems if p not in shown_elsewhere] if pw else []
        self.todo.setText("\n".join(todo))
        self.todo.setVisible(bool(todo))
        self.error.hide()

    # -- step 2 ----------------------------------------------------------------------------------------------
    def _creating_step(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(heading(self.tr("Creating your vault\u2026")))
        self.stage = QLabel()
        self.stage.setWordWrap(True)
        lay.addWidget(self.stage)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(self.tr("Progress of creating the vault"))
        lay.addWidget(self.progress)
        note = QLabel(
            self.tr(
                "The app measures how fast this computer is, so that opening the vault takes about half a "
                "second "
                "here but guessing the password would take an attacker a very long time."
            )
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        lay.addStretch(1)
        return w

    def create_vault(self) -> None:
        if self.problems() or self.steps.currentIndex() != self.PASSWORD_STEP:
            if self.problems():
                self.error.setText("\n".join(self.problems()))
                self.error.show()
            return
        password = self.password.text()
        self.steps.setCurrentIndex(self.CREATING_STEP)
        self.stage.setText(self.tr("Step 1 of 2: tuning the encryption to this computer\u2026"))
        self.progress.setValue(0)
        target = self.ctx.settings.kdf_target_seconds
        relay = ProgressRelay(self, lambda f: self.progress.setValue(int(f * 90)))
        factory = self.ctx.kdf_factory
        CpuOp(self, lambda: factory(target, relay)).success(
            lambda params: self._create(password, params)
        ).failure(self._failed).run(self.ctx.tasks)

    def _create(self, password: str, params: KdfParams) -> None:
        self.stage.setText(self.tr("Step 2 of 2: creating the encrypted vault\u2026"))
        self.progress.setValue(92)

        def create(svc: VaultService) -> None:
            svc.create(password, kdf=params)

        DbOp(self, create).success(lambda _r: self._created()).failure(self._failed).run(self.ctx.tasks)

    def _created(self) -> None:
        self.progress.setValue(100)
        self.password.clear()
        self.repeat.clear()
        self.understood.setChecked(False)

    def _failed(self, exc: BaseException) -> None:
        self.steps.setCurrentIndex(self.PASSWORD_STEP)
        if isinstance(exc, ValidationError):
            self.error.setText(user_message(exc))
            self.error.show()
        else:
            show_error(self, exc)

    def reset(self) -> None:
        self.steps.setCurrentIndex(self.PASSWORD_STEP)
        self.password.clear()
        self.repeat.clear()
        self.password.setFocus()
