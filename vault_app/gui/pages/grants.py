"""Grants: everything you released, to whom, on what terms, and what the organisation reported doing with
it. Revoke a grant (grants passed on or derived from it go with it), save the list of your grants to the
organisation that are revoked (its signed status list), ask the organisation to erase the data, or export
the evidence for a data-protection authority. Grant ids and identities are only under "Technical
details"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, QDateTime, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.consent import GrantState
from vault_app.domain.events import Event
from vault_app.gui import consent_words as w
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.review import slug
from vault_app.gui.errors import confirm, inform
from vault_app.gui.field_words import field_label, field_list, join
from vault_app.gui.look import heading
from vault_app.gui.models.consent import ROW_ROLE, GrantsModel
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.consent import Notice, plain, section
from vault_app.gui.widgets.details import TechnicalDetails
from vault_app.gui.widgets.send import save_text
from vault_app.gui.widgets.tables import row_table, select_row
from vault_app.services.delivery import Delivery, DeliveryError, DeliveryService, Fetched
from vault_app.services.vault import VaultService
from vault_app.services.views import GrantView, ReceiptView, ViolationView

ALL = "all"
# grants shown at a time (the next page follows on "Show more")
GRANTS_PAGE = 500


@dataclass(frozen=True)
class GrantDetails:
    grant: GrantView
    receipts: tuple[ReceiptView, ...]
    violations: tuple[ViolationView, ...]
    parent: GrantView | None
    children: tuple[GrantView, ...]
    org_names: dict[str, str]


def load_details(svc: VaultService, grant_id: str) -> GrantDetails:
    c = svc.consent
    g = c.grants.get(grant_id)
    parent = c.grants.get(g.parent) if g.parent else None
    children = tuple(c.grants.children(grant_id))
    names = {o.did: o.name for o in c.orgs.list()}
    return GrantDetails(
        g,
        tuple(c.grants.receipts(grant_id)),
        tuple(c.grants.violations(grant_id=grant_id)),
        parent,
        children,
        names,
    )


class GrantsPage(VaultPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = GrantsModel(self)
        self._unlocked = False
        self._all: list[GrantView] = []
        self._total = 0
        self.details: GrantDetails | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addWidget(heading(self.tr("Grants"), 4))
        lay.addWidget(
            plain(
                self.tr(
                    "Every grant you signed: what each organisation received, for what and until "
                    "when. Revoking a grant tells the organisation to stop using the data."
                )
            )
        )
        bar = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Which grants to show"))
        for key, text in (
            (GrantState.ACTIVE.value, self.tr("Active")),
            (GrantState.EXPIRED.value, self.tr("Expired")),
            (GrantState.REVOKED.value, self.tr("Revoked")),
            (GrantState.SUPERSEDED.value, self.tr("Replaced by a newer grant")),
            (ALL, self.tr("All grants")),
        ):
            self.filter.addItem(text, key)
        show = QLabel(self.tr("&Show:"))
        show.setBuddy(self.filter)
        bar.addWidget(show)
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.count = plain(wrap=False)
        bar.addWidget(self.count)
        # A vault may hold 100,000 grants: the list shows a page at a time, newest first.
        self.more_button = QPushButton(self.tr("Show &more"))
        self.more_button.setAccessibleName(self.tr("Show more grants"))
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        bar.addWidget(self.more_button)
        lay.addLayout(bar)
        self.note = Notice("", "neutral")
        self.note.add_dismiss(self.tr("Dismiss this note"))
        self.note.hide()
        lay.addWidget(self.note)

        self.table = row_table(self.model, self.tr("Grants"), (120, 170, 120, 90, 260))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.empty = plain()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.empty)

        self.detail_inner = QWidget()
        self.detail_lay = QVBoxLayout(self.detail_inner)
        self.detail_lay.setContentsMargins(0, 4, 0, 4)
        self.detail_title = section("")
        self.detail_text = plain(selectable=True)
        self.detail_text.setAccessibleName(self.tr("Grant details"))
        self.violations = Notice("", "error")
        self.violations.hide()
        self.detail_lay.addWidget(self.detail_title)
        self.detail_lay.addWidget(self.violations)  # problems first: they are what needs acting on
        self.detail_lay.addWidget(self.detail_text)
        # the grant's id and the organisation's identity: for people who compare them with its records
        self.technical = TechnicalDetails()
        self.tech_grant = plain(selectable=True)
        self.tech_org = plain(selectable=True)
        self.technical.add_row(self.tr("Grant ID:"), self.tech_grant)
        self.technical.add_row(self.tr("Organisation identity (DID):"), self.tech_org)
        self.technical.hide()
        self.detail_lay.addWidget(self.technical)
        self.detail_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.detail_inner)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.views)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 380])
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)

        actions = QHBoxLayout()
        self.revoke_button = QPushButton(self.tr("Re&voke\u2026"))
        self.revoke_button.setAccessibleName(self.tr("Revoke the selected grant"))
        self.erase_button = QPushButton(self.tr("Ask to &erase\u2026"))
        self.erase_button.setAccessibleName(self.tr("Ask the organisation to erase the data"))
        self.status_button = QPushButton(self.tr("Save the &list of revoked grants\u2026"))
        self.status_button.setAccessibleName(
            self.tr("Save the list of your grants to this organisation that are revoked")
        )
        self.grant_button = QPushButton(self.tr("Save the &grant file\u2026"))
        self.grant_button.setAccessibleName(self.tr("Save the grant file again"))
        self.report_button = QPushButton(self.tr("&Report a violation\u2026"))
        self.report_button.setAccessibleName(self.tr("Export evidence for a data-protection authority"))
        self.send_button = QPushButton(self.tr("Sen&d to the organisation\u2026"))
        self.send_button.setAccessibleName(self.tr("Send the grant to the organisation's gateway"))
        self.messages_button = QPushButton(self.tr("Check for &messages"))
        self.messages_button.setAccessibleName(
            self.tr("Fetch what the organisation left for you on its gateway")
        )
        for b in (
            self.revoke_button,
            self.erase_button,
            self.status_button,
            self.grant_button,
            self.report_button,
            self.send_button,
            self.messages_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        lay.addLayout(actions)
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.erase_button.clicked.connect(self.ask_erasure)
        self.status_button.clicked.connect(self.export_status_list)
        self.grant_button.clicked.connect(self.save_grant)
        self.report_button.clicked.connect(self.report_violation)
        self.send_button.clicked.connect(self.ask_send)
        self.messages_button.clicked.connect(self.check_messages)
        #: gateway addresses given in this session, per organisation (asked once, never stored)
        self._gateways: dict[str, str] = {}

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)
        self._reload_timer.timeout.connect(self.reload)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        ctx.bridge.any_event.connect(self._event)
        self._reveal: str | None = None
        self._apply_filter()

    # -- loading ---------------------------------------------------------------------------------------------
    def on_unlocked(self) -> None:
        self._unlocked = True
        self.reload()
        if self.ctx.settings.online_delivery:
            # whenever the app runs with online delivery allowed: every status list that lives on its
            # organisation's gateway goes there (renewed first when due); failures wait for the next run
            DbOp(self, lambda svc: DeliveryService(svc).push_status_lists()).failure(lambda _e: None).run(
                self.ctx.tasks
            )

    def on_locked(self) -> None:
        self._unlocked = False
        self._reload_timer.stop()
        self._all = []
        self._total = 0
        self.details = None
        self._reveal = None
        self.note.hide()
        self.note.set("", "neutral")
        self.model.clear()
        self._apply_filter()

    def _event(self, ev: Event) -> None:
        if self._unlocked and ev.topic in ("grants", "requests", "orgs", "history"):
            self._reload_timer.start()

    def _states(self) -> list[GrantState] | None:
        key = self.current_filter
        return None if key == ALL else [GrantState(key)]

    def reload(self) -> None:
        if self._unlocked:
            key, states, reveal = self.current_filter, self._states(), self._reveal

            def op(svc: VaultService) -> tuple[list[GrantView], int, GrantView | None]:
                g = svc.consent.grants
                found = g.get(reveal) if reveal else None
                return g.list(states, limit=GRANTS_PAGE), g.count(states), found

            DbOp(self, op).success(lambda r: self._loaded(key, *r)).run(self.ctx.tasks)

    def load_more(self) -> None:
        if self._unlocked and self._all:
            key, states, last = self.current_filter, self._states(), self._all[-1]
            DbOp(self, lambda svc: svc.consent.grants.list(states, limit=GRANTS_PAGE, before=last)).success(
                lambda rows: self._more(key, rows)
            ).run(self.ctx.tasks)

    def _more(self, key: str, rows: list[GrantView]) -> None:
        if self._unlocked and key == self.current_filter:
            known = {g.id for g in self._all}
            self._all += [g for g in rows if g.id not in known]
            self._apply_filter()

    def _loaded(self, key: str, grants: list[GrantView], total: int, revealed: GrantView | None) -> None:
        if not self._unlocked or key != self.current_filter:
            return  # the filter changed meanwhile: its own reload is on its way
        self._all, self._total = grants, total
        if revealed is not None and all(g.id != revealed.id for g in grants):
            if key != ALL and revealed.state.value != key:
                self.set_filter(ALL)  # reloads, and reveals it then
                return
            self._all = [*grants, revealed]  # older than this page: shown after it
        self._apply_filter()
        if self._reveal is not None:
            self._reveal = None
            if revealed is not None:
                self.select_grant(revealed.id)

    def reveal_grant(self, grant_id: str, note: str = "") -> None:
        """Select ``grant_id`` once the list has reloaded (the subject opened a grant file of theirs), with
        a note above the list saying why it is shown."""
        self._reveal = grant_id
        self.note.set(note, "neutral")
        self.note.setVisible(bool(note))
        self.reload()

    @property
    def current_filter(self) -> str:
        return str(self.filter.currentData())

    def set_filter(self, key: str) -> None:
        self.filter.setCurrentIndex(self.filter.findData(key))

    def _apply_filter(self) -> None:
        key = self.current_filter
        keep = self.selected_grant()
        rows = [g for g in self._all if key == ALL or g.state.value == key]
        self.model.set_rows(rows)
        total = max(self._total, len(rows))
        self.count.setText(self.tr("%n grant(s)", "", total) if self._unlocked else "")
        self.more_button.setVisible(self._unlocked and len(rows) < total)
        if rows:
            self.views.setCurrentWidget(self.table)
            if keep is None or not self.select_grant(keep.id):
                self.select_row(0)
        else:
            self.empty.setText(
                (
                    self.tr("No grants here yet. When you approve a request, the grant appears here.")
                    if key in (GrantState.ACTIVE.value, ALL)
                    else self.tr("No grants in this list.")
                )
                if self._unlocked
                else ""
            )
            self.views.setCurrentWidget(self.empty)
        self._selection_changed()

    def select_row(self, row: int) -> None:
        select_row(self.table, row)

    def select_grant(self, grant_id: str) -> bool:
        for i, g in enumerate(self.model.rows):
            if g.id == grant_id:
                self.select_row(i)
                return True
        return False

    def selected_grant(self) -> GrantView | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        g = self.model.data(self.model.index(idx.row(), 0), ROW_ROLE)
        return g if isinstance(g, GrantView) else None

    def _selection_changed(self) -> None:
        g = self.selected_grant()
        for b in (
            self.revoke_button,
            self.erase_button,
            self.status_button,
            self.grant_button,
            self.report_button,
            self.send_button,
            self.messages_button,
        ):
            b.setEnabled(g is not None)
        if g is not None:
            self.revoke_button.setEnabled(g.state is not GrantState.REVOKED)
            gid = g.id
            DbOp(self, lambda svc: load_details(svc, gid)).success(self._show_details).run(self.ctx.tasks)
        else:
            self.details = None
            self.detail_title.clear()
            self.detail_text.clear()
            self.violations.hide()
            self.technical.hide()

    def _show_details(self, d: GrantDetails) -> None:
        sel = self.selected_grant()
        if sel is None or sel.id != d.grant.id or not self._unlocked:
            return
        self.details = d
        g = d.grant
        self.detail_title.setText(
            self.tr("%1 \u2014 %2").replace("%1", g.org_name).replace("%2", w.grant_state_label(g.state))
        )
        sep = self.tr(": ")  # "：" in Chinese
        lines = [self.tr("Released fields:")]
        for f in g.fields:
            lines.append(f"  \u2022 {field_label(f.name)}{sep}{w.form_phrase(f.form, f.method)}")
        s = g.scope
        lines.append(self.tr("Purpose: %1").replace("%1", s.purpose_text))
        kinds = join(w.purpose_label(p) for p in s.purposes)
        lines.append(self.tr("Kind of purpose: %1").replace("%1", kinds))
        lines.append(self.tr("Kept for at most: %1").replace("%1", w.duration_text(s.retention_seconds)))
        lines.append(
            self.tr("Issued %1; valid until %2.")
            .replace("%1", w.time_text(g.issued))
            .replace("%2", w.time_text(g.expires))
        )
        lines.append(
            self.tr("Passing on: %1").replace(
                "%1",
                ", ".join(
                    d.org_names.get(x) or self.tr("an organisation unknown to you")
                    for x in s.onward_recipients
                )
                if s.onward_recipients
                else self.tr("not allowed"),
            )
        )
        lines.append(
            self.tr("Further processing: %1").replace(
                "%1",
                ", ".join(w.processing_noun(p) for p in s.derivation)
                if s.derivation
                else self.tr("not allowed"),
            )
        )
        if d.parent is not None:
            lines.append(
                self.tr("Passed on under your grant to %1 of %2.")
                .replace("%1", d.parent.org_name)
                .replace("%2", w.date_text(d.parent.issued))
            )
        for ch in d.children:
            lines.append(
                self.tr("Passed on to %1 under this grant (%2).")
                .replace("%1", ch.org_name)
                .replace("%2", w.grant_state_label(ch.state))
            )
        if g.superseded_by:
            lines.append(self.tr("Replaced by a newer grant after the organisation asked for a change."))
        if g.revoked:
            lines.append(self.tr("Revoked on %1.").replace("%1", w.time_text(g.revoked)))
        lines.append("")
        if d.receipts:
            lines.append(
                self.tr("What the organisation reported doing (%n receipt(s)):", "", len(d.receipts))
            )
            for rc in d.receipts:
                for e in rc.entries:
                    did = (
                        self.tr("%1 %2", "an action and the fields it was done on")
                        .replace("%1", w.usage_action_label(str(e.get("action", ""))))
                        .replace("%2", field_list(e.get("fields", [])))
                    )
                    lines.append(
                        f"  \u2022 {w.time_text(float(e.get('at', 0)))}{sep}{did}"
                        + (f" \u2014 \u201c{e['purpose_text']}\u201d" if e.get("purpose_text") else "")
                    )
        else:
            lines.append(self.tr("The organisation has not sent any usage receipt for this grant."))
        self.detail_text.setText("\n".join(lines))
        self.tech_grant.setText(g.id)
        self.tech_org.setText(g.org)
        self.technical.show()
        if d.violations:
            text = self.tr("%n problem(s) found in what the organisation reported:", "", len(d.violations))
            text += "\n" + "\n".join(f"\u2022 {w.violation_text(v.kind, v.detail)}" for v in d.violations)
            text += "\n" + self.tr("Use \u201cReport a violation\u201d to export the evidence.")
            self.violations.set(text, "error")
            self.violations.show()
        else:
            self.violations.hide()

    # -- actions ---------------------------------------------------------------------------------------------
    def ask_revoke(self) -> None:
        g = self.selected_grant()
        if g is None or g.state is GrantState.REVOKED:
            return
        gid = g.id
        confirm(
            self,
            self.tr("Revoke the grant"),
            self.tr(
                "Revoke the grant to %1? The organisation must stop using the data and may not keep it. "
                "Grants that passed this data on, or that cover conclusions drawn from it, are revoked "
                "too. This cannot be undone; the organisation would have to ask again."
            ).replace("%1", g.org_name),
            self.tr("Revoke"),
            lambda: self.revoke(gid),
            destructive=True,
        )

    def revoke(self, grant_id: str) -> None:
        g = next((x for x in self._all if x.id == grant_id), None)
        org, rid = (g.org, g.request_id) if g is not None else ("", None)
        online_on = self.ctx.settings.online_delivery
        given = self._gateways.get(org)

        def work(svc: VaultService) -> tuple[str, list[str], str | None]:
            notice, revoked = svc.consent.grants.revoke(grant_id)
            sent = None
            if online_on and org:
                # with online delivery allowed and the gateway known, the notice and the renewed list go at
                # once
                delivery = DeliveryService(svc)
                gateway = given or delivery.known_gateway(org, rid)
                if gateway:
                    try:
                        delivery.send(org, notice, gateway)
                        delivery.send(org, svc.consent.grants.status_list_token(org), gateway)
                        sent = gateway
                    except DeliveryError:
                        sent = ""
            return notice, list(revoked), sent

        DbOp(self, work).success(lambda res: self._revoked(grant_id, res[0], res[1], res[2])).run(
            self.ctx.tasks
        )

    def _revoked(self, grant_id: str, notice: str, revoked: list[str], sent: str | None = None) -> None:
        self.last_revocation = (grant_id, notice, revoked)
        extra = len(revoked) - 1
        text = self.tr(
            "The grant is revoked. The organisation sees it as revoked when it next checks your list of "
            "revoked grants."
        )
        if extra:
            text += "\n" + self.tr("%n more grant(s) that depended on it were revoked with it.", "", extra)
        if sent:
            text += "\n" + self.tr(
                "The notice and your updated list of revoked grants were delivered to the organisation's "
                "gateway."
            )
        elif sent == "":
            text += "\n" + self.tr("The organisation's gateway could not be reached; nothing was sent.")
        text += "\n\n" + self.tr("Save the signed revocation notice to send it to the organisation now?")
        name = next((g.org_name for g in self._all if g.id == grant_id), "organisation")
        # the grant leaves the "Active" list: say where it went rather than let it vanish
        if self.current_filter not in (ALL, GrantState.REVOKED.value):
            self.show_note(
                self.tr("Your grant to %1 is revoked. It is now listed under \u201cRevoked\u201d.").replace(
                    "%1", name
                ),
                "ok",
            )

        def save() -> None:
            path = save_text(
                self,
                notice,
                self.tr("Save the revocation notice"),
                f"revocation-{slug(name)}.pdvmsg",
                self.tr("Personal Data Vault message (*.pdvmsg)"),
            )
            if path:
                self.show_note(
                    self.tr("Revocation notice saved to %1. Send it to %2.")
                    .replace("%1", path)
                    .replace("%2", name),
                    "ok",
                )

        confirm(self, self.tr("Grant revoked"), text, self.tr("Save the notice\u2026"), save)

    def show_note(self, text: str, kind: str = "neutral") -> None:
        """A sentence above the list: what just happened (saved, revoked), until dismissed."""
        self.note.set(text, kind)
        self.note.show()

    def export_status_list(self) -> None:
        g = self.selected_grant()
        if g is None:
            return
        path = files.ask_save_path(
            self,
            self.tr("Save the list of revoked grants"),
            f"status-{slug(g.org_name)}.jwt",
            self.tr("List of revoked grants, signed (*.jwt)"),
        )
        if not path:
            return
        org = g.org
        DbOp(self, lambda svc: svc.consent.grants.export_status_list(org, path)).success(
            lambda p: inform(
                self,
                self.tr("List saved"),
                self.tr(
                    "Saved to %1. Publish it where the organisation checks it, or send it to them: "
                    "it lists which of your grants to them are revoked, and nothing else."
                ).replace("%1", str(p)),
            )
        ).run(self.ctx.tasks)

    def save_grant(self) -> None:
        g = self.selected_grant()
        if g is None:
            return
        gid, name = g.id, g.org_name
        stamp = QDate.currentDate().toString("yyyy-MM-dd")

        def save(jwe: str) -> None:
            path = save_text(
                self,
                jwe,
                self.tr("Save the grant"),
                f"grant-{slug(name)}-{stamp}.pdvgrant",
                self.tr("Personal Data Vault grant (*.pdvgrant)"),
            )
            if path:
                self.show_note(
                    self.tr("Grant saved to %1. Send it to %2.").replace("%1", path).replace("%2", name), "ok"
                )

        DbOp(self, lambda svc: svc.consent.grants.sealed(gid)).success(save).run(self.ctx.tasks)

    # -- online delivery (only when the subject's setting allows it) -----------------------------------------
    def _online_allowed(self) -> bool:
        if self.ctx.settings.online_delivery:
            return True
        inform(
            self,
            self.tr("Online delivery is off"),
            self.tr(
                "The app only contacts an organisation's gateway when you allow it under Settings. "
                "Until then, save the file and hand it over."
            ),
        )
        return False

    def _gateway(self, g: GrantView, known: str | None) -> str | None:
        """The organisation's gateway: named by its request, given earlier in this session, or asked for."""
        if known:
            return known
        if g.org in self._gateways:
            return self._gateways[g.org]
        text, ok = QInputDialog.getText(
            self,
            self.tr("Gateway address"),
            self.tr("The address of %1's gateway (https://\u2026):").replace("%1", g.org_name),
        )
        text = text.strip()
        if not ok or not text:
            return None
        self._gateways[g.org] = text
        return text

    def _with_gateway(self, then: Callable[[GrantView, str | None], None]) -> None:
        """For the selected grant, with online delivery allowed: find its organisation's gateway (known to
        the vault, given earlier or asked for), then ``then(grant, gateway)`` (None: the person cancelled)."""
        g = self.selected_grant()
        if g is None or not self._online_allowed():
            return
        org, rid = g.org, g.request_id
        DbOp(self, lambda svc: DeliveryService(svc).known_gateway(org, rid)).success(
            lambda known: then(g, self._gateway(g, known))
        ).run(self.ctx.tasks)

    def ask_send(self) -> None:
        self._with_gateway(lambda g, gateway: self._send(g.id, g.org, gateway))

    def _send(self, grant_id: str, org: str, gateway: str | None) -> None:
        if gateway is None:
            return
        name = next((g.org_name for g in self._all if g.id == grant_id), org)

        def work(svc: VaultService) -> Delivery:
            return DeliveryService(svc).send(org, svc.consent.grants.sealed(grant_id), gateway)

        def done(d: Delivery) -> None:
            when = QDateTime.fromSecsSinceEpoch(d.received_at).toString("yyyy-MM-dd HH:mm")
            text = (
                self.tr("%1 already had it (sent earlier); its acknowledgement is in your history.")
                if d.already
                else self.tr(
                    "Delivered to %1 at %2. The organisation's signed acknowledgement is kept in your "
                    "history."
                )
            )
            inform(self, self.tr("Delivered"), text.replace("%1", name).replace("%2", when))

        # the network call runs on the vault's worker (it records the acknowledgement); it is bounded by a
        # timeout
        DbOp(self, work).success(done).run(self.ctx.tasks)

    def check_messages(self) -> None:
        self._with_gateway(lambda g, gateway: self._fetch(g.org, g.org_name, gateway))

    def _fetch(self, org: str, name: str, gateway: str | None) -> None:
        if gateway is None:
            return

        def done(f: Fetched) -> None:
            text = self.tr("%n message(s) from %1 fetched and filed.", "", len(f.imported)).replace(
                "%1", name
            )
            if f.refused:
                text += "\n" + self.tr("%n message(s) refused; see the history.", "", len(f.refused))
            inform(self, self.tr("Messages"), text)
            self.reload()

        DbOp(self, lambda svc: DeliveryService(svc).fetch_messages(org, gateway)).success(done).run(
            self.ctx.tasks
        )

    def ask_erasure(self) -> None:
        g = self.selected_grant()
        if g is None:
            return
        gid, name = g.id, g.org_name
        confirm(
            self,
            self.tr("Ask to erase"),
            self.tr(
                "Make a signed request asking %1 to erase the data of this grant, including anything they "
                "derived from it? You then send the file to them; their confirmation can be imported "
                "like a request."
            ).replace("%1", name),
            self.tr("Make the request\u2026"),
            lambda: self.request_erasure(gid, name),
        )

    def request_erasure(self, grant_id: str, name: str) -> None:
        def save(token: str) -> None:
            path = save_text(
                self,
                token,
                self.tr("Save the erasure request"),
                f"erasure-{slug(name)}.pdvmsg",
                self.tr("Personal Data Vault message (*.pdvmsg)"),
            )
            if path:
                self.show_note(
                    self.tr("Erasure request saved to %1. Send it to %2.")
                    .replace("%1", path)
                    .replace("%2", name),
                    "ok",
                )

        DbOp(self, lambda svc: svc.consent.grants.request_erasure(grant_id)).success(save).run(self.ctx.tasks)

    def report_violation(self) -> None:
        g = self.selected_grant()
        if g is None:
            return
        gid, name = g.id, g.org_name
        confirm(
            self,
            self.tr("Report a violation"),
            self.tr(
                "This saves an evidence file for a data-protection authority (the regulator that enforces "
                "privacy law): the grant you signed, what %1 reported doing with it, the problems found, "
                "and the matching part of your history, all signed by you.\n\nThe file contains the "
                "values you released to %1 (they already have them). Nothing is sent: you choose the file "
                "and give it to the authority yourself."
            ).replace("%1", name),
            self.tr("Save the evidence\u2026"),
            lambda: self.export_evidence(gid, name),
        )

    def export_evidence(self, grant_id: str, name: str) -> None:
        stamp = QDate.currentDate().toString("yyyy-MM-dd")
        path = files.ask_save_path(
            self,
            self.tr("Save the evidence"),
            f"evidence-{slug(name)}-{stamp}.json",
            self.tr("Evidence bundle (*.json)"),
        )
        if not path:
            return
        DbOp(self, lambda svc: svc.consent.grants.export_evidence(path, grant_id=grant_id)).success(
            lambda p: inform(
                self,
                self.tr("Evidence saved"),
                self.tr(
                    "Saved to %1, with its signature beside it (%2). Give both files to the "
                    "data-protection authority."
                )
                .replace("%1", str(p))
                .replace("%2", str(p) + ".sig"),
            )
        ).run(self.ctx.tasks)

    def on_shown(self) -> None:
        self.table.setFocus()
