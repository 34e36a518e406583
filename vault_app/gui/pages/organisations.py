"""Organisations: everyone who ever asked you for data, whether anyone vouches for them (your own judgement
or a certifier's signed list), and a block switch. Certifiers you trust are managed here, and their lists
imported. Identities (DIDs) and key fingerprints are only under "Technical details"."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import ValidationError, VaultError, os_error_to_vault_error
from vault_app.domain.events import Event
from vault_app.domain.model import ComplianceStatus
from vault_app.gui import consent_words as w
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.errors import confirm, inform, show_error, user_message
from vault_app.gui.look import error_label, heading
from vault_app.gui.models.consent import ROW_ROLE, OrgRow, OrgsModel
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.consent import plain, section
from vault_app.gui.widgets.details import TechnicalDetails
from vault_app.gui.widgets.tables import row_table, select_row
from vault_app.services.vault import VaultService
from vault_app.services.views import CertifierView, ImportResult, OrgView


@dataclass(frozen=True)
class OrgsData:
    orgs: tuple[OrgView, ...]
    certifiers: tuple[CertifierView, ...]
    now: float


def load_orgs(svc: VaultService) -> OrgsData:
    c = svc.consent
    return OrgsData(tuple(c.orgs.list()), tuple(c.orgs.certifiers()), float(svc.clock.now()))


class CertifierDialog(QDialog):
    """Trust a certifier: its identity code (a did:key it publishes) and a name you recognise it by."""

    accepted_certifier = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trust a certifier"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        lay.addWidget(
            plain(
                self.tr(
                    "A certifier checks organisations and publishes signed lists of which ones "
                    "protect personal data. Trust only certifiers you know; their lists then "
                    "decide which organisations count as compliant. Copy the certifier's identity "
                    "code from its web site."
                )
            )
        )
        form = QFormLayout()
        self.did = QLineEdit()
        self.did.setPlaceholderText(self.tr("Paste the code from the certifier's web site"))
        self.did.setAccessibleName(self.tr("Certifier's identity code"))
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setAccessibleName(self.tr("Certifier name"))
        form.addRow(self.tr("&Identity code:"), self.did)
        form.addRow(self.tr("&Name:"), self.name)
        lay.addLayout(form)
        self.error = error_label()
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Trust"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.buttons = buttons

    def _ok(self) -> None:
        did, name = self.did.text().strip(), self.name.text().strip()
        if not did.startswith("did:key:z") or not name:
            self.error.setText(
                self.tr(
                    "Paste the certifier's identity code, whole, as its web site shows it, and give "
                    "it a name."
                )
            )
            self.error.show()
            return
        self.accepted_certifier.emit(did, name)


class OrganisationsPage(VaultPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = OrgsModel(self)
        self._unlocked = False
        self.data = OrgsData((), (), 0.0)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Organisations"), 4))
        top.addStretch(1)
        self.import_button = QPushButton(self.tr("Import a certifier's &list\u2026"))
        self.import_button.setAccessibleName(self.tr("Import a certifier's signed list"))
        self.import_button.clicked.connect(self.import_trust_list)
        top.addWidget(self.import_button)
        lay.addLayout(top)
        lay.addWidget(
            plain(
                self.tr(
                    "Organisations that asked you for data. Data is only ever released to "
                    "organisations marked compliant, or, after an extra confirmation, to ones "
                    "nobody has assessed. A blocked organisation gets nothing."
                )
            )
        )

        self.table = row_table(self.model, self.tr("Organisations"), (220, 150, 420, 110))
        self.table.setColumnHidden(OrgsModel.FINGERPRINT, True)  # in Technical details below
        # "Who says so" takes the room (the last visible column, Blocked, is mostly empty)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(OrgsModel.SOURCE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        self.empty = plain()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.empty)

        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 6, 0, 0)
        head = QHBoxLayout()
        self.detail_title = section("")
        self.badge = w.ComplianceBadge()
        head.addWidget(self.detail_title, 1)
        head.addWidget(self.badge)
        dl.addLayout(head)
        self.detail_text = plain(selectable=True)
        self.detail_text.setAccessibleName(self.tr("Organisation details"))
        dl.addWidget(self.detail_text)
        # identity and key fingerprint: for people who compare them, folded away from everyone else
        self.technical = TechnicalDetails()
        self.tech_did = plain(selectable=True)
        self.tech_fingerprint = plain(selectable=True)
        self.technical.add_row(self.tr("Identity (DID):"), self.tech_did)
        self.technical.add_row(self.tr("Key fingerprint:"), self.tech_fingerprint)
        dl.addWidget(self.technical)
        row = QHBoxLayout()
        self.judgement = QComboBox()
        self.judgement.setAccessibleName(self.tr("My judgement of this organisation"))
        for st in (
            ComplianceStatus.COMPLIANT,
            ComplianceStatus.NON_COMPLIANT,
            ComplianceStatus.SUSPENDED,
            ComplianceStatus.UNKNOWN,
        ):
            self.judgement.addItem(w.judgement_label(st), st.value)
        jl = QLabel(self.tr("My &judgement:"))
        jl.setBuddy(self.judgement)
        self.set_button = QPushButton(self.tr("&Set"))
        self.set_button.setAccessibleName(self.tr("Set my judgement"))
        self.set_button.clicked.connect(self.set_judgement)
        self.block_button = QPushButton(self.tr("&Block\u2026"))
        self.block_button.clicked.connect(self.ask_block)
        row.addWidget(jl)
        row.addWidget(self.judgement)
        row.addWidget(self.set_button)
        row.addStretch(1)
        row.addWidget(self.block_button)
        dl.addLayout(row)
        note = plain(
            self.tr("Your judgement counts like a certifier's: when they disagree, the stricter one applies.")
        )
        note.setEnabled(False)
        dl.addWidget(note)

        certs = QWidget()
        cl = QVBoxLayout(certs)
        cl.setContentsMargins(0, 6, 0, 0)
        cl.addWidget(section(self.tr("Certifiers you trust")))
        self.certifiers = QListWidget()
        self.certifiers.setAccessibleName(self.tr("Certifiers you trust"))
        self.certifiers.setMinimumHeight(48)
        cl.addWidget(self.certifiers)
        crow = QHBoxLayout()
        self.trust_button = QPushButton(self.tr("Trust a &certifier\u2026"))
        self.trust_button.clicked.connect(self.ask_trust)
        self.untrust_button = QPushButton(self.tr("Stop &trusting"))
        self.untrust_button.setAccessibleName(self.tr("Stop trusting the selected certifier"))
        self.untrust_button.clicked.connect(self.ask_untrust)
        crow.addWidget(self.trust_button)
        crow.addWidget(self.untrust_button)
        crow.addStretch(1)
        cl.addLayout(crow)
        # the certifier's identity, for people who compare it with the one it publishes
        self.cert_technical = TechnicalDetails()
        self.tech_cert_did = plain(selectable=True)
        self.cert_technical.add_row(self.tr("Identity (DID):"), self.tech_cert_did)
        cl.addWidget(self.cert_technical)
        self.certifiers.currentRowChanged.connect(lambda _r: self._certifier_selected())

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.views)
        split.addWidget(details)
        split.addWidget(certs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 0)
        split.setSizes([260, 220, 130])
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)
        self._reload_timer.timeout.connect(self.reload)
        ctx.bridge.any_event.connect(self._event)
        self._fill()

    # -- loading ---------------------------------------------------------------------------------------------
    def on_unlocked(self) -> None:
        self._unlocked = True
        self.reload()

    def on_locked(self) -> None:
        self._unlocked = False
        self._reload_timer.stop()
        self.data = OrgsData((), (), 0.0)
        self._fill()

    def _event(self, ev: Event) -> None:
        if self._unlocked and ev.topic in ("orgs", "requests"):
            self._reload_timer.start()

    def reload(self) -> None:
        if self._unlocked:
            DbOp(self, load_orgs).success(self._loaded).run(self.ctx.tasks)

    def _loaded(self, data: OrgsData) -> None:
        if self._unlocked:
            self.data = data
            self._fill()

    def certifier_names(self) -> dict[str, str]:
        return {c.did: c.name for c in self.data.certifiers}

    def _fill(self) -> None:
        keep = self.selected_org()
        names = self.certifier_names()
        rows = [
            OrgRow(o, w.org_source_text(o.status, o.claims, names, self.data.now)) for o in self.data.orgs
        ]
        self.model.set_rows(rows)
        if rows:
            self.views.setCurrentWidget(self.table)
            if keep is None or not self.select_org(keep.did):
                self.select_row(0)
        else:
            self.empty.setText(
                self.tr(
                    "No organisation has contacted you yet. They appear here when you import "
                    "their first request or a certifier's list that names them."
                )
                if self._unlocked
                else ""
            )
            self.views.setCurrentWidget(self.empty)
        self.certifiers.clear()
        for c in self.data.certifiers:
            item = QListWidgetItem(c.name)  # its identity is under Technical details when selected
            item.setData(Qt.ItemDataRole.UserRole, c.did)
            self.certifiers.addItem(item)
        self._certifier_selected()
        self._show_details()

    def select_row(self, row: int) -> None:
        select_row(self.table, row)

    def select_org(self, did: str) -> bool:
        for i, r in enumerate(self.model.rows):
            if r.org.did == did:
                self.select_row(i)
                return True
        return False

    def selected_org(self) -> OrgView | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        r = self.model.data(self.model.index(idx.row(), 0), ROW_ROLE)
        return r.org if isinstance(r, OrgRow) else None

    def _certifier_selected(self) -> None:
        item = self.certifiers.currentItem()
        self.tech_cert_did.setText(str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else "")
        self.cert_technical.setVisible(item is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        o = self.selected_org()
        for b in (self.set_button, self.block_button, self.judgement):
            b.setEnabled(o is not None and self._unlocked)
        self.import_button.setEnabled(self._unlocked)
        self.trust_button.setEnabled(self._unlocked)
        self.untrust_button.setEnabled(self._unlocked and self.certifiers.currentRow() >= 0)
        blocked = o is not None and o.blocked
        self.block_button.setText(self.tr("Un&block\u2026") if blocked else self.tr("&Block\u2026"))
        self.block_button.setAccessibleName(
            self.tr("Unblock the organisation") if blocked else self.tr("Block the organisation")
        )

    def _show_details(self) -> None:
        o = self.selected_org()
        self._update_buttons()
        if o is None:
            self.detail_title.clear()
            self.detail_text.clear()
            self.badge.set_status(None)
            return
        self.detail_title.setText(o.name)
        self.badge.set_status(o.status, o.blocked)
        names = self.certifier_names()
        lines = [
            self.tr("Standing: %1 \u2014 %2")
            .replace("%1", w.compliance_label(o.status, o.blocked))
            .replace("%2", w.org_source_text(o.status, o.claims, names, self.data.now)),
            self.tr("First seen: %1").replace("%1", w.time_text(o.first_seen)),
        ]
        if o.contact:
            lines.append(self.tr("Web site: %1").replace("%1", o.contact))
        if not o.has_enc_key:
            lines.append(self.tr("It has not sent you a request yet, so it cannot receive grants."))
        for c in o.claims:
            who = (
                self.tr("you")
                if c.source.kind.value == "subject"
                else names.get(c.source.certifier_did or "", c.source.certifier_did or "?")
            )
            lines.append(
                self.tr("\u2022 %1 says: %2").replace("%1", who).replace("%2", w.judgement_label(c.status))
            )
        self.detail_text.setText("\n".join(lines))
        self.tech_did.setText(o.did)
        self.tech_fingerprint.setText(o.fingerprint)
        mine = next(
            (c.status for c in o.claims if c.source.kind.value == "subject"), ComplianceStatus.UNKNOWN
        )
        self.judgement.setCurrentIndex(self.judgement.findData(mine.value))

    # -- actions ---------------------------------------------------------------------------------------------
    def set_judgement(self) -> None:
        o = self.selected_org()
        if o is None:
            return
        did, status = o.did, str(self.judgement.currentData())
        DbOp(self, lambda svc: svc.consent.orgs.set_status(did, status)).run(self.ctx.tasks)

    def ask_block(self) -> None:
        o = self.selected_org()
        if o is None:
            return
        did, block = o.did, not o.blocked
        if block:
            text = self.tr(
                "Block %1? Its requests will be refused automatically and nothing will be released "
                "to it, whatever its compliance. Grants you already gave stay as they are; revoke them "
                "on the Grants page if you want."
            ).replace("%1", o.name)
            yes = self.tr("Block")
        else:
            text = self.tr("Unblock %1? Its requests will reach your inbox again.").replace("%1", o.name)
            yes = self.tr("Unblock")
        confirm(
            self,
            self.tr("Block the organisation") if block else self.tr("Unblock the organisation"),
            text,
            yes,
            lambda: DbOp(self, lambda svc: svc.consent.orgs.set_blocked(did, block)).run(self.ctx.tasks),
            destructive=block,
        )

    def ask_trust(self) -> None:
        dlg = CertifierDialog(self)
        dlg.accepted_certifier.connect(lambda did, name: self.trust(dlg, did, name))
        dlg.open()

    def trust(self, dlg: CertifierDialog | None, did: str, name: str) -> None:
        def failed(exc: BaseException) -> None:
            if dlg is not None and isinstance(exc, VaultError):
                dlg.error.setText(
                    user_message(exc)
                    if not isinstance(exc, ValidationError)
                    else self.tr("This is not a valid certifier identity.")
                )
                dlg.error.show()
            else:
                show_error(self, exc)

        def done(_r: object) -> None:
            if dlg is not None:
                dlg.accept()

        DbOp(self, lambda svc: svc.consent.orgs.trust_certifier(did, name)).success(done).failure(failed).run(
            self.ctx.tasks
        )

    def ask_untrust(self) -> None:
        item = self.certifiers.currentItem()
        if item is None:
            return
        did = str(item.data(Qt.ItemDataRole.UserRole))
        confirm(
            self,
            self.tr("Stop trusting the certifier"),
            self.tr(
                "Stop trusting %1? Its lists no longer count; organisations it vouched for become "
                "\u201cnot assessed\u201d unless you judge them yourself."
            ).replace("%1", item.text()),
            self.tr("Stop trusting"),
            lambda: DbOp(self, lambda svc: svc.consent.orgs.untrust_certifier(did)).run(self.ctx.tasks),
            destructive=True,
        )

    def import_trust_list(self) -> None:
        path = files.ask_open_path(
            self,
            self.tr("Import a certifier's list"),
            self.tr("Certifiers' lists (*.pdvtrust *.jwt);;All files (*)"),
        )
        if not path:
            return
        DbOp(self, lambda svc: svc.consent.inbox.import_file(path)).success(self._imported).failure(
            lambda exc: self._import_failed(path, exc)
        ).run(self.ctx.tasks)

    def _imported(self, res: ImportResult) -> None:
        inform(self, self.tr("List imported"), self.tr("The certifier's list was checked and imported."))

    def _import_failed(self, path: str, exc: BaseException) -> None:
        from vault_app.gui.consent_ui import import_failure_text

        if isinstance(exc, OSError):
            exc = os_error_to_vault_error(exc, "read the certifier's list")
        if isinstance(exc, VaultError):
            inform(
                self,
                self.tr("The list was not imported"),
                import_failure_text(path, exc),
                QMessageBox.Icon.Warning,
            )
        else:
            show_error(self, exc)

    def on_shown(self) -> None:
        self.table.setFocus()
