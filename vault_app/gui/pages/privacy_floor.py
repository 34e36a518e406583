"""Settings section for the privacy floor: the standing rules that hold for every request, in plain words,
with add and remove. The rules themselves (what they forbid, what they refuse) are the consent engine's."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import ValidationError, VaultError
from vault_app.domain.events import Event
from vault_app.domain.model import Category
from vault_app.gui import consent_words as w
from vault_app.gui.context import AppContext
from vault_app.gui.errors import confirm, show_error, user_message
from vault_app.gui.i18n import category_label
from vault_app.gui.look import error_label
from vault_app.gui.models.consent import ROW_ROLE, RulesModel
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.consent import plain
from vault_app.services.api import PrivacyFloor, Rule, RuleAction, RuleKind

_DAY = 86400
_UNITS = (("days", _DAY), ("months", 30 * _DAY), ("years", 365 * _DAY))


class PrivacyFloorSection(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Privacy floor: your standing rules"))
        self._unlocked = False
        lay = QVBoxLayout(self)
        lay.addWidget(
            plain(
                self.tr(
                    "Rules that hold for every organisation and every request. A request that goes "
                    "beyond a rule is refused automatically or shown to you marked, as you choose; "
                    "the limit itself always holds when you release data."
                )
            )
        )
        self.model = RulesModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Your standing rules"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        row_h = self.table.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row_h)
        # room for a handful of rules; more scroll inside the table instead of stretching the settings page
        self.table.setMinimumHeight(row_h * 3 + 6)
        self.table.setMaximumHeight(row_h * 7 + 6)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        lay.addWidget(self.table)
        self.empty = plain(
            self.tr(
                "You have no standing rules yet: every request reaches your inbox, and you decide each one."
            )
        )
        self.empty.setEnabled(False)
        lay.addWidget(self.empty)
        row = QHBoxLayout()
        row.addStretch(1)
        self.remove_button = QPushButton(self.tr("Re&move rule"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected rule"))
        self.remove_button.clicked.connect(self.ask_remove)
        row.addWidget(self.remove_button)
        lay.addLayout(row)

        add = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of rule"))
        for k in RuleKind:
            self.kind.addItem(w.rule_kind_label(k), k.value)
        self.category = QComboBox()
        self.category.setAccessibleName(self.tr("Category the rule is about"))
        for c in Category:
            self.category.addItem(category_label(c), c.value)
        self.amount = QSpinBox()
        self.amount.setAccessibleName(self.tr("Longest time"))
        self.amount.setRange(1, 1000)
        self.amount.setValue(1)
        self.unit = QComboBox()
        self.unit.setAccessibleName(self.tr("Unit of the longest time"))
        for key, text in (
            ("days", self.tr("days")),
            ("months", self.tr("months")),
            ("years", self.tr("years")),
        ):
            self.unit.addItem(text, key)
        self.unit.setCurrentIndex(2)
        self.action = QComboBox()
        self.action.setAccessibleName(self.tr("What happens to a request that goes beyond the rule"))
        self.action.addItem(self.tr("Refuse automatically"), RuleAction.REFUSE.value)
        self.action.addItem(self.tr("Show me, marked"), RuleAction.FLAG.value)
        self.add_button = QPushButton(self.tr("&Add rule"))
        self.add_button.setAccessibleName(self.tr("Add the rule"))
        self.add_button.clicked.connect(self.add_rule)
        new_label = QLabel(self.tr("New &rule:"))
        new_label.setBuddy(self.kind)
        add.addWidget(new_label)
        add.addWidget(self.kind, 1)
        add.addWidget(self.category)
        add.addWidget(self.amount)
        add.addWidget(self.unit)
        add.addWidget(self.action)
        add.addWidget(self.add_button)
        lay.addLayout(add)
        self.error = error_label()
        lay.addWidget(self.error)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        ctx.bridge.unlocked.connect(self.on_unlocked)
        ctx.bridge.locked.connect(self.on_locked)
        ctx.bridge.any_event.connect(self._event)
        self._kind_changed()
        self._update_buttons()

    # -- building a rule from the form -----------------------------------------------------------------------
    @property
    def current_kind(self) -> RuleKind:
        return RuleKind(str(self.kind.currentData()))

    def set_kind(self, kind: RuleKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind.value))

    def _kind_changed(self) -> None:
        k = self.current_kind
        self.category.setVisible(k in (RuleKind.NEVER_RELEASE_CATEGORY, RuleKind.ALWAYS_ANONYMISE))
        retention = k is RuleKind.MAX_RETENTION
        self.amount.setVisible(retention)
        self.unit.setVisible(retention)
        default = self.rule_from_form(default_action=True).action
        self.action.setCurrentIndex(self.action.findData(default.value))
        self.error.hide()

    def rule_from_form(self, *, default_action: bool = False) -> Rule:
        """The rule the form describes; ``default_action`` gives it the engine's default action instead."""
        act = None if default_action else RuleAction(str(self.action.currentData()))
        k = self.current_kind
        cat = Category(str(self.category.currentData()))
        if k is RuleKind.NEVER_RELEASE_CATEGORY:
            return Rule.never_release(cat, act)
        if k is RuleKind.ALWAYS_ANONYMISE:
            return Rule.always_anonymise(cat, act)
        if k is RuleKind.MAX_RETENTION:
            unit = dict(_UNITS)[str(self.unit.currentData())]
            return Rule.max_retention(self.amount.value() * unit, act)
        if k is RuleKind.NO_ONWARD_TRANSFER:
            return Rule.no_onward_transfer(act)
        if k is RuleKind.NO_DERIVATION:
            return Rule.no_derivation(action=act)
        if k is RuleKind.REVOKE_ON_SUSPENSION:
            return Rule.revoke_on_suspension(act)
        return Rule.only_compliant(act)

    # -- loading ---------------------------------------------------------------------------------------------
    def on_unlocked(self) -> None:
        self._unlocked = True
        self.reload()

    def on_locked(self) -> None:
        self._unlocked = False
        self.model.clear()
        self.error.hide()
        self._update_buttons()

    def _event(self, ev: Event) -> None:
        if self._unlocked and ev.topic == "settings" and ev.action == "rules":
            self.reload()

    def reload(self) -> None:
        if self._unlocked:
            DbOp(self, lambda svc: svc.consent.orgs.floor()).success(self._loaded).run(self.ctx.tasks)

    def _loaded(self, floor: PrivacyFloor) -> None:
        if self._unlocked:
            self.model.set_rows(floor.rules)
            self._update_buttons()

    def selected_rule(self) -> Rule | None:
        idx = self.table.currentIndex()
        r = self.model.data(self.model.index(idx.row(), 0), ROW_ROLE) if idx.isValid() else None
        return r if isinstance(r, Rule) else None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._unlocked and self.selected_rule() is not None)
        for wdg in (self.add_button, self.kind, self.category, self.amount, self.unit, self.action):
            wdg.setEnabled(self._unlocked)
        self.empty.setVisible(self._unlocked and self.model.rowCount() == 0)

    # -- changes ---------------------------------------------------------------------------------------------
    def add_rule(self) -> None:
        try:
            rule = self.rule_from_form()
        except ValidationError as exc:
            self._failed(exc)
            return
        self.error.hide()
        DbOp(self, lambda svc: svc.consent.orgs.add_rule(rule)).success(self._loaded).failure(
            self._failed
        ).run(self.ctx.tasks)

    def ask_remove(self) -> None:
        r = self.selected_rule()
        if r is None:
            return
        rid = r.id
        confirm(
            self,
            self.tr("Remove the rule"),
            self.tr("Remove the rule \u201c%1\u201d? Requests are no longer checked against it.").replace(
                "%1", w.rule_description(r)
            ),
            self.tr("Remove"),
            lambda: (
                DbOp(self, lambda svc: svc.consent.orgs.remove_rule(rid))
                .success(self._loaded)
                .failure(self._failed)
                .run(self.ctx.tasks)
            ),
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, VaultError):
            self.error.setText(user_message(exc))
            self.error.show()
        else:
            show_error(self, exc)
