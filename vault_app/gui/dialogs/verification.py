"""The verification dialog: an organisation asks whether what it holds about you matches your record. Per
field you see match / mismatch / you have no such field, and may decline to answer; the organisation only
ever learns that outcome, and this dialog never shows the value it holds.

After a mismatch you may correct your own record (``consent.decisions.correct_field``). The organisation
does not receive the correction from here: it must ask for the field in a normal request, which you
approve.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.model import Field
from vault_app.domain.shown import org_text
from vault_app.gui import consent_words as w
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs.field_editor import FieldEditorDialog
from vault_app.gui.dialogs.review import slug
from vault_app.gui.errors import show_error
from vault_app.gui.field_words import field_label, join
from vault_app.gui.look import error_label
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.consent import Card, Notice, plain, section
from vault_app.gui.widgets.details import TechnicalDetails
from vault_app.gui.widgets.send import SendPanel
from vault_app.services.api import GateOutcome
from vault_app.services.vault import VaultService
from vault_app.services.views import CheckHold, IssuedGrant, Review

MATCH, MISMATCH, UNKNOWN, DECLINED = "match", "mismatch", "unknown", "declined"
HELD = "held"  # declined by the vault itself (shown with its reason), not by the subject


@dataclass(frozen=True)
class VerificationData:
    review: Review
    outcomes: tuple[tuple[str, str], ...]  # (field, outcome) for every check; never a value
    # the checks the vault declines by itself (a standing rule, probing), and why
    holds: dict[str, CheckHold] = dataclass_field(default_factory=dict)


def load_verification(svc: VaultService, request_id: str) -> VerificationData:
    c = svc.consent
    review = c.decisions.review(request_id)
    outcomes = tuple(
        (name, outcome) for name, outcome, _words in c.decisions.verification_preview(request_id)
    )
    return VerificationData(review, outcomes, c.decisions.verification_holds(request_id))


def outcome_text(outcome: str) -> str:
    return {
        MATCH: QCoreApplication.translate("VerificationDialog", "\u2714 Matches your record"),
        MISMATCH: QCoreApplication.translate("VerificationDialog", "\u2718 Does not match your record"),
        UNKNOWN: QCoreApplication.translate("VerificationDialog", "? You have no such field"),
        DECLINED: QCoreApplication.translate("VerificationDialog", "\u2014 You decline to answer"),
        HELD: QCoreApplication.translate("VerificationDialog", "\u2014 Your vault declines to answer"),
    }.get(outcome, outcome)


def outcome_tone(outcome: str) -> str:
    return {MATCH: "ok", MISMATCH: "error", UNKNOWN: "warn"}.get(outcome, "neutral")


class CorrectionDialog(FieldEditorDialog):
    """The field editor, saving through ``consent.decisions.correct_field``: only the value changes."""

    def __init__(self, ctx: AppContext, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(ctx, field, parent)
        self.setWindowTitle(self.tr("Correct my record"))
        self.category.setEnabled(False)
        self.type.setEnabled(False)
        note = plain(
            self.tr(
                "This changes only your own vault. The organisation does not receive the new value "
                "from here: if it needs it, it must ask for it in a normal request, which you then "
                "approve."
            )
        )
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, note)

    def save(self) -> None:
        checked = self.check()
        if checked is None:
            return
        name, value = checked
        self.buttons.setEnabled(False)
        DbOp(self, lambda svc: svc.consent.decisions.correct_field(name, value)).success(
            lambda _f: self._saved(name)
        ).failure(self._failed).finally_(lambda: self.buttons.setEnabled(True)).run(self.ctx.tasks)


class VerificationDialog(QDialog):
    answered = Signal(str)  # request id

    def __init__(self, ctx: AppContext, request_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id = request_id
        self.data: VerificationData | None = None
        self.answer_boxes: dict[str, QCheckBox] = {}
        self.outcome_labels: dict[str, QLabel] = {}
        self.hold_labels: dict[str, QLabel] = {}
        self.held_note: QLabel | None = None  # after answering: why the vault declined, for the subject
        self.correct_buttons: dict[str, QPushButton] = {}
        self.issued: IssuedGrant | None = None
        # shown when nobody the subject trusts has assessed the organisation: ticking it allows the answer
        self.confirm_unknown: QCheckBox | None = None
        self.setWindowTitle(self.tr("Verification request"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)
        self.resize(760, 560)
        lay = QVBoxLayout(self)
        self.steps = QStackedWidget()
        loading = QWidget()
        ll = QVBoxLayout(loading)
        ll.addWidget(plain(self.tr("Loading the request\u2026")), 0, Qt.AlignmentFlag.AlignCenter)
        self.main_page = QWidget()
        self.done_page = QWidget()
        for p in (loading, self.main_page, self.done_page):
            self.steps.addWidget(p)
        lay.addWidget(self.steps, 1)
        self.error = error_label()
        lay.addWidget(self.error)
        bar = QHBoxLayout()
        self.refuse_button = QPushButton(self.tr("&Decline everything"))
        self.refuse_button.setAccessibleName(self.tr("Refuse the verification request"))
        self.later_button = QPushButton(self.tr("Decide &later"))
        self.answer_button = QPushButton(self.tr("&Answer"))
        self.answer_button.setAccessibleName(self.tr("Sign and send the answer"))
        self.close_button = QPushButton(self.tr("&Close"))
        bar.addWidget(self.refuse_button)
        bar.addStretch(1)
        for b in (self.later_button, self.answer_button, self.close_button):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.refuse_button.clicked.connect(self.refuse)
        self.later_button.clicked.connect(self.reject)
        self.answer_button.clicked.connect(self.answer)
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        for b in (self.refuse_button, self.later_button):
            b.setAutoDefault(False)  # Enter answers; declining everything is never the default
        self.answer_button.setDefault(True)
        self.answer_button.setEnabled(False)
        self.refuse_button.setEnabled(False)
        ctx.bridge.locked.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        rid = self.request_id
        DbOp(self, lambda svc: load_verification(svc, rid)).success(self._loaded).failure(
            self._load_failed
        ).run(self.ctx.tasks)

    def _load_failed(self, exc: BaseException) -> None:
        self.reject()
        show_error(self.parentWidget(), exc)

    def _loaded(self, data: VerificationData) -> None:
        first = self.data is None
        self.data = data
        if first:
            self._build(data)
        self._show_outcomes()
        self.steps.setCurrentWidget(self.main_page)

    def _build(self, data: VerificationData) -> None:
        r = data.review
        req = r.request
        lay = QVBoxLayout(self.main_page)
        lay.addWidget(
            section(self.tr("%1 asks you to confirm what it holds about you").replace("%1", req.org_name))
        )
        who = Card(self.tr("Who is asking, and why"))
        row = QHBoxLayout()
        row.addWidget(plain(r.org.name, bold=True, wrap=False))
        badge = w.ComplianceBadge()
        badge.set_status(r.org.status, r.org.blocked)
        row.addWidget(badge)
        row.addStretch(1)
        who.body.addLayout(row)
        form = QFormLayout()
        form.addRow(
            self.tr("Purpose, in their words:"),
            plain("\u201c" + org_text(req.content.purpose_text) + "\u201d", selectable=True),
        )
        kinds = join(w.purpose_label(p) for p in req.content.purposes)
        form.addRow(self.tr("Kind of purpose:"), plain(kinds))
        who.body.addLayout(form)
        tech = TechnicalDetails()
        tech.add_row(self.tr("Identity (DID):"), plain(r.org.did, selectable=True))
        tech.add_row(self.tr("Key fingerprint:"), plain(r.org.fingerprint, selectable=True))
        who.body.addWidget(tech)
        if r.gate_outcome is GateOutcome.REFUSE:
            who.body.addWidget(
                Notice(
                    self.tr("You cannot answer this organisation: it is %1.").replace(
                        "%1", w.compliance_label(r.org.status, r.org.blocked)
                    ),
                    "error",
                )
            )
        lay.addWidget(who)
        checks = Card(self.tr("What they want to check"))
        checks.body.addWidget(
            plain(
                self.tr(
                    "For each field the organisation only learns whether its copy "
                    "matches yours. It never receives your value, and this window never "
                    "shows theirs. Untick a field to decline answering it."
                )
            )
        )
        grid = QGridLayout()
        grid.addWidget(plain(self.tr("Field"), bold=True), 0, 0)
        grid.addWidget(plain(self.tr("What your vault says"), bold=True), 0, 1)
        grid.addWidget(plain(self.tr("Answer it"), bold=True), 0, 2)
        for i, (name, outcome) in enumerate(data.outcomes, start=1):
            grid.addWidget(plain(field_label(name), wrap=False), i, 0)
            lbl = plain()
            self.outcome_labels[name] = lbl
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(lbl)
            # why the vault declines it by itself, in the subject's words, next to what it says
            why = plain(w.check_hold_text(data.holds[name]) if name in data.holds else "")
            why.setVisible(name in data.holds)
            self.hold_labels[name] = why
            cell.addWidget(why)
            grid.addLayout(cell, i, 1)
            box = QCheckBox()
            # nothing that reveals more than a match is ticked for the subject: a mismatch or "no such field"
            # tells the organisation something too, so answering it is the subject's own choice; a check the
            # vault declines by itself (a standing rule, probing) cannot be ticked at all
            box.setChecked(outcome == MATCH)
            box.setEnabled(outcome != DECLINED)
            box.setAccessibleName(self.tr("Answer about %1").replace("%1", name))
            box.toggled.connect(lambda _on: self._show_outcomes())
            self.answer_boxes[name] = box
            grid.addWidget(box, i, 2)
            fix = QPushButton(self.tr("Correct my record\u2026"))
            fix.setAccessibleName(self.tr("Correct my record of %1").replace("%1", name))
            fix.clicked.connect(lambda _c=False, n=name: self.correct(n))
            self.correct_buttons[name] = fix
            grid.addWidget(fix, i, 3)
        grid.setColumnStretch(1, 1)
        checks.body.addLayout(grid)
        self.mismatch_note = plain(
            self.tr(
                "A mismatch may mean your record is out of date, or theirs is. If yours "
                "is wrong, correct it here; to send them the correct value, they must "
                "ask for it in a normal request."
            )
        )
        checks.body.addWidget(self.mismatch_note)
        lay.addWidget(checks)
        if r.gate_outcome is GateOutcome.CONFIRM:
            self.confirm_unknown = QCheckBox(
                self.tr("Nobody you trust has assessed %1. Answer it anyway.").replace(
                    "%1", org_text(req.org_name)
                )
            )
            self.confirm_unknown.toggled.connect(lambda _on: self._show_outcomes())
            lay.addWidget(self.confirm_unknown)
        lay.addStretch(1)
        open_ = req.is_open and r.gate_outcome is not GateOutcome.REFUSE
        self.answer_button.setEnabled(open_ and self.confirm_unknown is None)
        self.refuse_button.setEnabled(req.is_open)

    def declined(self) -> list[str]:
        return [n for n, b in self.answer_boxes.items() if not b.isChecked()]

    def _show_outcomes(self) -> None:
        if self.data is None:
            return
        any_mismatch = False
        for name, outcome in self.data.outcomes:
            # what the vault found, whether or not it is answered (the "Answer it" box says that): a mismatch
            # must be seen to be corrected, even though it is not ticked for answering
            shown = HELD if outcome == DECLINED and name in self.data.holds else outcome
            if name in self.data.holds:
                self.hold_labels[name].setText(w.check_hold_text(self.data.holds[name]))
                self.hold_labels[name].show()
            lbl = self.outcome_labels[name]
            lbl.setText(outcome_text(shown))
            lbl.setStyleSheet(f"color: {w.tone_colour(outcome_tone(shown)).name()}; font-weight: bold;")
            self.correct_buttons[name].setVisible(outcome == MISMATCH)
            any_mismatch = any_mismatch or outcome == MISMATCH
        self.mismatch_note.setVisible(any_mismatch)
        if self.data.review.request.is_open:
            everything_declined = all(not b.isChecked() for b in self.answer_boxes.values())
            self.answer_button.setText(
                self.tr("&Answer") if not everything_declined else self.tr("&Send a refusal")
            )
            if self.confirm_unknown is not None:
                self.answer_button.setEnabled(self.confirm_unknown.isChecked())

    def correct(self, name: str) -> None:
        DbOp(self, lambda svc: svc.get_field(name)).success(self._edit).run(self.ctx.tasks)

    def _edit(self, f: Field) -> None:
        dlg = CorrectionDialog(self.ctx, f, self)
        dlg.saved.connect(lambda _n: self.reload())
        dlg.open()

    def refuse(self) -> None:
        for b in self.answer_boxes.values():
            b.setChecked(False)
        self.answer()

    def answer(self) -> None:
        declined = self.declined()
        rid = self.request_id
        confirmed = self.confirm_unknown is not None and self.confirm_unknown.isChecked()
        self.answer_button.setEnabled(False)
        DbOp(
            self,
            lambda svc: svc.consent.decisions.answer_verification(
                rid, declined=declined, unknown_confirmed=confirmed
            ),
        ).success(self._answered).failure(self._answer_failed).run(self.ctx.tasks)

    def _answer_failed(self, exc: BaseException) -> None:
        self.answer_button.setEnabled(True)
        show_error(self, exc)

    def _answered(self, issued: IssuedGrant) -> None:
        self.issued = issued
        assert self.data is not None
        name = self.data.review.org.name
        lay = QVBoxLayout(self.done_page)
        lay.addWidget(section(self.tr("Your answer is signed")))
        lines = []
        for n, o in self.data.outcomes:
            shown = HELD if n in self.data.holds else (o if n not in self.declined() else DECLINED)
            lines.append(f"{field_label(n)}: {outcome_text(shown)}")
        results = "\n".join(lines)
        lay.addWidget(
            Notice(self.tr("The answer tells %1 only this:").replace("%1", name) + "\n" + results, "ok")
        )
        if self.data.holds:  # the reasons stay with the subject: the organisation only learns "declined"
            why = [w.check_hold_text(h) for h in self.data.holds.values()]
            self.held_note = plain(
                self.tr("Why your vault declined (only you see this):") + "\n" + "\n".join(why)
            )
            lay.addWidget(self.held_note)
        lay.addWidget(
            plain(self.tr("It is encrypted so only %1 can read it. Send it to them:").replace("%1", name))
        )
        self.send = SendPanel(self.ctx)
        stamp = QDate.currentDate().toString("yyyy-MM-dd")
        self.send.set_message(
            issued.jwe,
            self.tr("the answer"),
            f"answer-{slug(name)}-{stamp}.pdvgrant",
            self.tr("Personal Data Vault grant (*.pdvgrant)"),
        )
        lay.addWidget(self.send)
        lay.addStretch(1)
        self.steps.setCurrentWidget(self.done_page)
        for b in (self.refuse_button, self.later_button, self.answer_button):
            b.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.answered.emit(self.request_id)
