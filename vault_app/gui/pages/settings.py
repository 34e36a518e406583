"""Settings: security first (idle lock, clipboard clearing, KDF strength), then the inbox folder and
language, and changing the master password. Every change is validated by the core settings and saved at
once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import ValidationError
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.change_password import ChangePasswordDialog
from vault_app.gui.errors import inform, user_message
from vault_app.gui.i18n import LANGUAGE_NAMES, system_language
from vault_app.gui.look import error_label, heading
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import DbOp
from vault_app.services.settings import LANGUAGES


class SettingsPage(VaultPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        s = ctx.settings
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(16, 16, 16, 16)
        lay.addWidget(heading(self.tr("Settings"), 4))

        sec = QGroupBox(self.tr("Security"))
        form = QFormLayout(sec)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.idle = QSpinBox()
        self.idle.setAccessibleName(self.tr("Lock after minutes without use"))
        self.idle.setRange(0, 24 * 60)
        self.idle.setSpecialValueText(self.tr("Never"))
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setValue(s.idle_lock_minutes)
        form.addRow(self.tr("&Lock after no use for:"), self.idle)
        self.clip = QSpinBox()
        self.clip.setAccessibleName(self.tr("Clear copied values after seconds"))
        self.clip.setRange(5, 3600)
        self.clip.setSuffix(self.tr(" s"))
        self.clip.setValue(s.clipboard_clear_seconds)
        form.addRow(self.tr("&Clear copied values after:"), self.clip)
        self.kdf = QDoubleSpinBox()
        self.kdf.setAccessibleName(self.tr("Password hardening target in seconds"))
        self.kdf.setRange(0.1, 10.0)
        self.kdf.setSingleStep(0.1)
        self.kdf.setDecimals(1)
        self.kdf.setSuffix(self.tr(" s"))
        self.kdf.setValue(s.kdf_target_seconds)
        form.addRow(self.tr("Password &hardening:"), self.kdf)
        for spin in (self.idle, self.clip, self.kdf):
            spin.setMinimumWidth(120)
        self.kdf_note = QLabel()
        self.kdf_note.setWordWrap(True)
        self.kdf_note.setMinimumWidth(420)
        form.addRow("", self.kdf_note)
        self.change_pw = QPushButton(self.tr("Change master &password\u2026"))
        self.change_pw.setAccessibleName(self.tr("Change master password"))
        self.change_pw.clicked.connect(self.change_password)
        pw_row = QHBoxLayout()
        pw_row.addWidget(self.change_pw)
        pw_row.addStretch(1)
        form.addRow("", pw_row)
        lay.addWidget(sec)

        gen = QGroupBox(self.tr("Requests and language"))
        gform = QFormLayout(gen)
        gform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        row = QHBoxLayout()
        self.inbox = QLineEdit(s.inbox_folder or "")
        self.inbox.setReadOnly(True)
        self.inbox.setPlaceholderText(self.tr("No folder chosen"))
        self.inbox.setAccessibleName(self.tr("Inbox folder"))
        self.inbox_choose = QPushButton(self.tr("C&hoose\u2026"))
        self.inbox_choose.setAccessibleName(self.tr("Choose the inbox folder"))
        self.inbox_choose.clicked.connect(self.choose_inbox)
        self.inbox_clear = QPushButton(self.tr("Clea&r"))
        self.inbox_clear.setAccessibleName(self.tr("Stop using an inbox folder"))
        self.inbox_clear.clicked.connect(lambda: self._save(inbox_folder=None))
        row.addWidget(self.inbox, 1)
        row.addWidget(self.inbox_choose)
        row.addWidget(self.inbox_clear)
        inbox_label = QLabel(self.tr("&Inbox folder:"))
        inbox_label.setBuddy(self.inbox_choose)
        gform.addRow(inbox_label, row)
        inbox_note = QLabel(self.tr("The folder where request files from organisations arrive."))
        inbox_note.setWordWrap(True)
        inbox_note.setMinimumWidth(400)
        inbox_note.setEnabled(False)
        gform.addRow("", inbox_note)
        self.online = QCheckBox(self.tr("Allow sending to organisations' &gateways when I ask"))
        self.online.setAccessibleName(self.tr("Allow online delivery to organisations"))
        self.online.setChecked(s.online_delivery)
        self.online.toggled.connect(lambda on: self._save(online_delivery=bool(on)))
        gform.addRow("", self.online)
        online_note = QLabel(
            self.tr(
                "Off: the app never contacts an organisation; grants, revocations and "
                "messages travel as files you hand over."
            )
        )
        online_note.setWordWrap(True)
        online_note.setMinimumWidth(400)  # a wrapped label in a form is otherwise squeezed to a narrow column
        online_note.setEnabled(False)
        gform.addRow("", online_note)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for code in LANGUAGES:
            if code == "system":  # the desktop's language, named in itself so anyone can find their way back
                self.language.addItem(
                    self.tr("Same as the system (%1)").replace("%1", LANGUAGE_NAMES[system_language()]), code
                )
            else:
                self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(s.language))
        gform.addRow(self.tr("Lan&guage:"), self.language)
        self.language_note = QLabel(self.tr("A new language applies at once; nothing else changes."))
        self.language_note.setWordWrap(True)
        self.language_note.setMinimumWidth(400)
        self.language_note.setEnabled(False)
        gform.addRow("", self.language_note)
        lay.addWidget(gen)
        self.error = error_label()
        lay.addWidget(self.error)
        lay.addStretch(1)
        #: sections other parts of the app add (the consent engine's standing rules) go before the stretch
        self.sections_layout = lay

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.idle.valueChanged.connect(lambda v: self._save(idle_lock_minutes=v))
        self.clip.valueChanged.connect(lambda v: self._save(clipboard_clear_seconds=v))
        self.kdf.valueChanged.connect(lambda v: self._save(kdf_target_seconds=round(v, 1)))
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())
        self._measured: float | None = None
        self._update_kdf_note()
        self._update_inbox_buttons()

    def add_section(self, widget: QWidget) -> None:
        """Add a group of settings from another part of the app, below the built-in ones."""
        self.sections_layout.insertWidget(self.sections_layout.count() - 2, widget)

    def _save(self, **changes: object) -> None:
        try:
            new = self.ctx.update_settings(**changes)
        except ValidationError as exc:
            self.error.setText(user_message(exc))
            self.error.show()
            return
        self.error.hide()
        self.inbox.setText(new.inbox_folder or "")
        self._update_inbox_buttons()
        self._update_kdf_note()

    def _update_inbox_buttons(self) -> None:
        self.inbox_clear.setEnabled(bool(self.ctx.settings.inbox_folder))

    def choose_inbox(self) -> None:
        path = files.ask_folder(
            self, self.tr("Choose the inbox folder"), self.ctx.settings.inbox_folder or ""
        )
        if path:
            self._save(inbox_folder=path)

    def _language_changed(self) -> None:
        # saved; the window host then rebuilds the window in the new language (vault and page stay)
        self._save(language=str(self.language.currentData()))

    def _update_kdf_note(self) -> None:
        target = self.ctx.settings.kdf_target_seconds
        text = self.tr(
            "Each guess at your password costs about %1 s of computing on this computer. Higher is "
            "safer but makes unlocking slower. A change applies when you next change the master "
            "password (you may re-enter the same one)."
        ).replace("%1", f"{target:.1f}")
        if self._measured is not None:
            text += "\n" + self.tr("Last unlock on this computer: the password check took %1 s.").replace(
                "%1", f"{self._measured:.2f}"
            )
        self.kdf_note.setText(text)

    def on_unlocked(self) -> None:
        self.change_pw.setEnabled(True)
        DbOp(self, lambda svc: svc.last_kdf_seconds).success(self._show_measured).run(self.ctx.tasks)

    def _show_measured(self, seconds: float | None) -> None:
        self._measured = seconds
        self._update_kdf_note()

    def on_locked(self) -> None:
        self.change_pw.setEnabled(False)

    def change_password(self) -> None:
        dlg = ChangePasswordDialog(self.ctx, self)
        dlg.changed.connect(self._password_changed)
        dlg.open()

    def _password_changed(self, leaked: bool = False) -> None:
        if leaked:
            inform(
                self,
                self.tr("Password and data key replaced"),
                self.tr(
                    "The master password was changed and the vault re-encrypted with a new data key: an old "
                    "key "
                    "file or an old backup no longer opens it with the old password. Backups made before "
                    "still "
                    "open with the old password: delete them and make a new backup now."
                ),
            )
        else:
            inform(
                self,
                self.tr("Password changed"),
                self.tr("The master password was changed. Use the new one from now on."),
            )
        self.on_unlocked()  # show the new measured unlock cost
