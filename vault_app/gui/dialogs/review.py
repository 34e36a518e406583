"""The review dialog: who asks, why, for how long, and a decision per requested field, then exactly what
will be sent, then the signed grant to hand over.

Every decision is the consent engine's: choices become :class:`~vault_app.domain.model.FieldDecision`
objects, the live preview of a field is ``consent.decisions.preview_field`` and the final summary is
``consent.decisions.preview`` (the same code that builds the grant). Previews of randomised transforms are
passed to ``consent.decisions.approve`` so the value sent is the one the user saw. Nothing is released
unless the user chooses it: every field starts withheld, and passing on or further processing start off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.consent import RequestKind, ShortfallKind
from vault_app.domain.errors import NotFoundError, PolicyDenied, ValidationError
from vault_app.domain.model import FieldDecision, Processing, ReleasedField, ReleaseMode
from vault_app.domain.shown import org_text
from vault_app.gui import consent_words as w
from vault_app.gui.context import AppContext
from vault_app.gui.errors import show_error, user_message
from vault_app.gui.field_words import field_label, field_list, join
from vault_app.gui.i18n import category_label
from vault_app.gui.look import error_label
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.consent import Card, Notice, plain, section
from vault_app.gui.widgets.details import TechnicalDetails
from vault_app.gui.widgets.send import SendPanel
from vault_app.services.api import (
    GateOutcome,
    Outcome,
    ParamInfo,
    ParamKind,
    ReleasePlan,
    Rule,
    SubjectDecisions,
    TransformInfo,
)
from vault_app.services.vault import VaultService
from vault_app.services.views import (
    FieldLimit,
    FieldReview,
    GrantView,
    IssuedGrant,
    LimitKind,
    OrgView,
    Review,
)


def _param_words(method: str | None, params: tuple[tuple[str, str], ...]) -> str:
    """A method's settings in words ("at least 18 years old"), for the summary: "yes" alone does not say to
    what question."""
    from PySide6.QtCore import QCoreApplication

    t = QCoreApplication
    words = {
        ("date.age_at_least", "years"): t.translate("ReviewDialog", "question: at least %1 years old?"),
        ("number.above", "threshold"): t.translate("ReviewDialog", "question: above %1?"),
        ("number.below", "threshold"): t.translate("ReviewDialog", "question: below %1?"),
        ("number.bucket", "width"): t.translate("ReviewDialog", "ranges of %1"),
        ("date.age_band", "width"): t.translate("ReviewDialog", "ranges of %1 years"),
        ("postcode.prefix", "length"): t.translate("ReviewDialog", "first %1 characters"),
        ("number.round", "digits"): t.translate("ReviewDialog", "%1 significant digits"),
    }
    parts = []
    for k, v in params:
        if k == "reference_date":  # the day an age is worked out on
            d = QDate.fromString(v, "yyyy-MM-dd")
            day = QLocale().toString(d, QLocale.FormatType.ShortFormat) if d.isValid() else v
            parts.append(t.translate("ReviewDialog", "on %1").replace("%1", day))
            continue
        tmpl = words.get((method or "", k))
        parts.append(tmpl.replace("%1", v) if tmpl else f"{k} {v}")
    return join(parts)


def slug(name: str) -> str:
    """A file-name-safe short form of an organisation's name."""
    s = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return s[:40] or "organisation"


@dataclass(frozen=True)
class ReviewData:
    review: Review
    rules: tuple[Rule, ...]
    orgs: dict[str, OrgView]
    refined: GrantView | None
    certifiers: dict[str, str]
    # for a derived-data request: the grants it cites that exist (a missing one is recorded as a violation)
    sources: dict[str, GrantView]


def load_review(svc: VaultService, request_id: str) -> ReviewData:
    c = svc.consent
    review = c.decisions.review(request_id)
    orgs = {o.did: o for o in c.orgs.list()}
    refined = c.grants.get(review.request.refines) if review.request.refines else None
    certifiers = {x.did: x.name for x in c.orgs.certifiers()}
    sources: dict[str, GrantView] = {}
    for src in review.request.content.sources:
        try:
            sources[src.grant] = c.grants.get(src.grant)
        except NotFoundError:
            continue
    return ReviewData(review, c.orgs.floor().rules, orgs, refined, certifiers, sources)


# -- one requested field -------------------------------------------------------------------------------------
class FieldChoice(QWidget):
    """The decision for one requested field: exactly / anonymised (method and its settings) / withhold, and
    a live preview of exactly what would leave."""

    changed = Signal()

    def __init__(self, field: FieldReview, *, derived: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name, category, reason = field.name, field.category, (org_text(field.reason) or None)
        self.name = name
        self.held = field.held
        self.derived = derived
        self.transforms = list(field.transforms)
        transforms = self.transforms
        self.preview: ReleasedField | None = None
        self.preview_for: FieldDecision | None = None
        self._gen = 0
        self.setObjectName(f"field-{name}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 6)
        top = QHBoxLayout()
        title = plain(field_label(name), bold=True, wrap=False)
        title.setToolTip(self.tr("Technical name: %1").replace("%1", name))
        top.addWidget(title)
        top.addWidget(plain("\u2014 " + category_label(category), wrap=False))
        top.addStretch(1)
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Choice for %1").replace("%1", name))
        if derived:
            self.mode.addItem(self.tr("Authorise its use"), ReleaseMode.ANONYMISED.value)
        else:
            self.mode.addItem(self.tr("Release exactly"), ReleaseMode.EXACT.value)
            self.mode.addItem(self.tr("Release anonymised"), ReleaseMode.ANONYMISED.value)
        self.mode.addItem(
            self.tr("Do not authorise") if derived else self.tr("Withhold"), ReleaseMode.WITHHOLD.value
        )
        self.mode.setCurrentIndex(self.mode.count() - 1)  # nothing leaves unless chosen
        top.addWidget(self.mode)
        lay.addLayout(top)
        if reason:
            lay.addWidget(plain(self.tr("The organisation says why: \u201c%1\u201d").replace("%1", reason)))
        self.limit = plain()
        self.limit.hide()
        lay.addWidget(self.limit)

        self.anon = QWidget()
        alay = QFormLayout(self.anon)
        alay.setContentsMargins(18, 0, 0, 0)
        self.method = QComboBox()
        self.method.setAccessibleName(self.tr("Anonymisation method for %1").replace("%1", name))
        for t in transforms:
            self.method.addItem(w.transform_label(t), t.id)
        method_label = QLabel(self.tr("&Method:"))
        method_label.setBuddy(self.method)
        alay.addRow(method_label, self.method)
        self.method_note = plain()
        self.method_note.setEnabled(False)
        alay.addRow("", self.method_note)
        self.params_box = QWidget()
        self.params_form = QFormLayout(self.params_box)
        self.params_form.setContentsMargins(0, 0, 0, 0)
        alay.addRow(self.params_box)
        self.param_inputs: dict[str, QWidget] = {}
        self.anon.hide()
        lay.addWidget(self.anon)

        self.preview_label = plain(selectable=True, bold=True)
        self.preview_label.setAccessibleName(self.tr("What leaves for %1").replace("%1", name))
        lay.addWidget(self.preview_label)
        self.error = error_label()
        lay.addWidget(self.error)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # preview once typing pauses
        self._timer.timeout.connect(self.changed.emit)
        # the core says which modes this field allows and why; this only shows it
        for mode in (ReleaseMode.EXACT, ReleaseMode.ANONYMISED):
            if mode not in field.allowed:
                self._disable_mode(mode)
        if field.allowed == (ReleaseMode.WITHHOLD,):
            self.mode.setEnabled(False)
        shown = [x for x in field.limits if x.kind is not LimitKind.NO_METHOD]
        if shown:
            self.limit.setText(self._limit_text(shown[0]))
            self.limit.show()
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()
        self._show_preview_text()

    def _limit_text(self, limit: FieldLimit) -> str:
        if limit.kind is LimitKind.NOT_HELD:
            return self.tr("You have no such field in your vault, so it can only be withheld.")
        if limit.kind is LimitKind.NEVER_RELEASE:
            return self.tr("Your rules never release this kind of data: it is withheld.")
        return self.tr("Your rules allow this kind of data to leave only anonymised.")

    def _disable_mode(self, mode: ReleaseMode) -> None:
        i = self.mode.findData(mode.value)
        model = self.mode.model()
        item = model.item(i) if isinstance(model, QStandardItemModel) else None
        if item is not None:
            item.setEnabled(False)

    # -- state -----------------------------------------------------------------------------------------------
    @property
    def current_mode(self) -> ReleaseMode:
        return ReleaseMode(str(self.mode.currentData()))

    def set_mode(self, mode: ReleaseMode) -> None:
        self.mode.setCurrentIndex(self.mode.findData(mode.value))

    def set_method(self, transform_id: str) -> None:
        self.method.setCurrentIndex(self.method.findData(transform_id))

    def current_transform(self) -> TransformInfo | None:
        tid = self.method.currentData()
        return next((t for t in self.transforms if t.id == tid), None)

    def decision(self) -> FieldDecision:
        mode = self.current_mode
        if mode is not ReleaseMode.ANONYMISED:
            return FieldDecision(self.name, mode)
        if self.derived:
            return FieldDecision(self.name, mode, "suppress")
        t = self.current_transform()
        params: list[tuple[str, str]] = []
        if t is not None:
            for p in t.params:
                text = self._param_text(p)
                if text:
                    params.append((p.name, text))
        return FieldDecision(self.name, mode, t.id if t else None, tuple(params))

    def preview_current(self) -> bool:
        return self.current_mode is ReleaseMode.WITHHOLD or (
            self.preview_for is not None and self.preview_for == self.decision()
        )

    # -- editors ---------------------------------------------------------------------------------------------
    def _param_text(self, p: ParamInfo) -> str:
        ed = self.param_inputs.get(p.name)
        if isinstance(ed, QSpinBox):
            return str(ed.value())
        if isinstance(ed, QComboBox):
            return str(ed.currentData())
        if isinstance(ed, QLineEdit):
            return ed.text().strip()
        return ""

    def _mode_changed(self) -> None:
        self.anon.setVisible(self.current_mode is ReleaseMode.ANONYMISED and not self.derived)
        self._edited()

    def _method_changed(self) -> None:
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self.param_inputs = {}
        t = self.current_transform()
        self.method_note.setText(w.transform_description(t) if t else "")
        for p in t.params if t else ():
            ed = self._editor_for(p)
            ed.setAccessibleName(w.param_label(p) + " \u2014 " + self.name)
            label = QLabel(w.param_label(p) + ":")
            label.setBuddy(ed)
            self.params_form.addRow(label, ed)
            self.param_inputs[p.name] = ed
        self.params_box.setVisible(bool(self.param_inputs))
        self._edited()

    def _editor_for(self, p: ParamInfo) -> QWidget:
        if p.kind is ParamKind.INT:
            spin = QSpinBox()
            spin.setRange(
                int(p.minimum if p.minimum is not None else 0),
                int(p.maximum if p.maximum is not None else 1_000_000),
            )
            spin.setValue(int(p.default) if p.default is not None else spin.minimum())
            spin.valueChanged.connect(lambda _v: self._edited())
            return spin
        if p.kind is ParamKind.CHOICE:
            combo = QComboBox()
            for value, label in p.choices:
                combo.addItem(w.choice_label(p, value, label), value)
            if p.default is not None:
                combo.setCurrentIndex(combo.findData(p.default))
            combo.currentIndexChanged.connect(lambda _i: self._edited())
            return combo
        line = QLineEdit(p.default or "")
        if p.kind is ParamKind.COUNTRY:
            line.setMaxLength(2)
            line.setPlaceholderText("DE")
            line.textEdited.connect(lambda t, le=line: le.setText(t.upper()))
        elif p.kind is ParamKind.NUMBER:
            line.setPlaceholderText(self.tr("a number"))
            if p.name == "threshold":
                line.setValidator(QIntValidator(-(10**9), 10**9, line))
        line.textChanged.connect(lambda _t: self._edited())
        return line

    def _edited(self) -> None:
        self.error.hide()
        if self.preview_for != self.decision():
            self.preview = None
        self._show_preview_text()
        self._timer.start()

    # -- preview ---------------------------------------------------------------------------------------------
    def next_generation(self) -> int:
        self._gen += 1
        return self._gen

    def set_preview(self, gen: int, decision: FieldDecision, released: ReleasedField | None) -> None:
        if gen != self._gen:
            return
        self.preview, self.preview_for = released, decision
        self.error.hide()
        self._show_preview_text()

    def set_preview_error(self, gen: int, message: str) -> None:
        if gen != self._gen:
            return
        self.preview, self.preview_for = None, None
        self.error.setText(message)
        self.error.show()
        self._show_preview_text()

    def _show_preview_text(self) -> None:
        mode = self.current_mode
        if mode is ReleaseMode.WITHHOLD:
            self.preview_label.setText(
                self.tr("Not authorised: the organisation may not use this conclusion.")
                if self.derived
                else self.tr("Not sent: the organisation will not receive this field.")
            )
        elif self.derived:
            self.preview_label.setText(
                self.tr(
                    "None of your data is sent. The grant lets the organisation use "
                    "its own conclusion; it must anonymise it again before any "
                    "further use."
                )
            )
        elif self.preview is not None and self.preview_for == self.decision():
            self.preview_label.setText(
                self.tr("Will be sent: %1").replace("%1", w.value_text(self.preview.value))
            )
        else:
            self.preview_label.setText(self.tr("Working out what would be sent\u2026"))

    def clear_values(self) -> None:
        """Forget the previewed value (on lock)."""
        self.preview = None
        self.preview_for = None
        self.preview_label.clear()


# -- the dialog ----------------------------------------------------------------------------------------------
class ReviewDialog(QDialog):
    decided = Signal(str, str)  # request id, "approved" | "partly_approved" | "refused"

    LOADING, DECIDE, SUMMARY, DONE = range(4)

    def __init__(self, ctx: AppContext, request_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id = request_id
        self.data: ReviewData | None = None
        self.choices: list[FieldChoice] = []
        self.onward_boxes: dict[str, QCheckBox] = {}
        self.derive_boxes: dict[Processing, QCheckBox] = {}
        self.confirm_unknown: QCheckBox | None = None
        self.plan: ReleasePlan | None = None
        self.issued: IssuedGrant | None = None
        self.refusal: str | None = None
        self.setWindowTitle(self.tr("Review a request"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)
        # fits a 1280x720 screen with its title bar and a panel; the decision page scrolls
        self.resize(900, 620)
        lay = QVBoxLayout(self)
        self.steps = QStackedWidget()
        lay.addWidget(self.steps, 1)
        self.steps.addWidget(self._loading_page())
        self.decide_page = QWidget()
        self.summary_page = QWidget()
        self.done_page = QWidget()
        for p in (self.decide_page, self.summary_page, self.done_page):
            self.steps.addWidget(p)
        self.error = error_label()
        lay.addWidget(self.error)

        bar = QHBoxLayout()
        self.refuse_button = QPushButton(self.tr("&Refuse\u2026"))
        self.refuse_button.setAccessibleName(self.tr("Refuse the request"))
        self.back_button = QPushButton(self.tr("&Back"))
        self.cancel_button = QPushButton(self.tr("Decide &later"))
        self.cancel_button.setAccessibleName(self.tr("Close and decide later"))
        self.next_button = QPushButton(self.tr("&Next: check what will be sent"))
        self.approve_button = QPushButton(self.tr("&Sign the grant"))
        self.approve_button.setAccessibleName(self.tr("Sign the grant"))
        self.close_button = QPushButton(self.tr("&Close"))
        bar.addWidget(self.refuse_button)
        bar.addStretch(1)
        # why "Next" is disabled, said next to it (a tooltip alone is found by nobody)
        self.next_reason = plain()
        self.next_reason.setObjectName("next-reason")
        self.next_reason.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next_reason.setEnabled(False)
        self.next_reason.hide()
        bar.addWidget(self.next_reason, 1)
        for b in (
            self.back_button,
            self.cancel_button,
            self.next_button,
            self.approve_button,
            self.close_button,
        ):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.refuse_button.setAutoDefault(False)  # Enter never refuses (nor approves: Next comes first)
        self.refuse_button.clicked.connect(self.ask_refuse)
        self.back_button.clicked.connect(lambda: self._go(self.DECIDE))
        self.cancel_button.clicked.connect(self.reject)
        self.next_button.clicked.connect(self.show_summary)
        self.approve_button.clicked.connect(self.approve)
        self.close_button.clicked.connect(self.accept)
        ctx.bridge.locked.connect(self._locked)
        self._go(self.LOADING)
        DbOp(self, lambda svc: load_review(svc, request_id)).success(self._loaded).failure(
            self._load_failed
        ).run(ctx.tasks)

    def _loading_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        lay.addWidget(plain(self.tr("Loading the request\u2026")), 0, Qt.AlignmentFlag.AlignCenter)
        lay.addStretch(1)
        return page

    def _go(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.error.hide()
        decided = self.issued is not None or self.refusal is not None
        self.refuse_button.setVisible(step in (self.DECIDE, self.SUMMARY) and not decided)
        self.back_button.setVisible(step == self.SUMMARY)
        self.cancel_button.setVisible(step in (self.LOADING, self.DECIDE, self.SUMMARY))
        self.next_button.setVisible(step == self.DECIDE)
        if step != self.DECIDE:
            self.next_reason.hide()
        self.approve_button.setVisible(step == self.SUMMARY)
        self.close_button.setVisible(step == self.DONE)
        if step == self.DECIDE:
            self._update_next()
        if step == self.DONE:
            self.close_button.setDefault(True)

    def _locked(self) -> None:
        for c in self.choices:
            c.clear_values()
        self.plan = None
        self.reject()

    def _load_failed(self, exc: BaseException) -> None:
        self.reject()
        show_error(self.parentWidget(), exc)

    # -- the decision page -----------------------------------------------------------------------------------
    def _loaded(self, data: ReviewData) -> None:
        self.data = data
        r = data.review
        req = r.request
        if req.kind is RequestKind.VERIFICATION:  # answered in its own dialog
            self.reject()
            return
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setSpacing(12)
        head = section(
            self.tr("%1 asks for your data").replace("%1", req.org_name)
            if req.kind is RequestKind.AUTHORISATION
            else self.tr("%1 asks to use a conclusion about you").replace("%1", req.org_name)
        )
        lay.addWidget(head)
        if not req.is_open:
            lay.addWidget(
                Notice(
                    self.tr(
                        "This request is no longer open (%1). You can read it, but not decide it."
                    ).replace("%1", w.request_state_label(req.state)),
                    "neutral",
                )
            )
        lay.addWidget(self._who_card(r, data))
        lay.addWidget(self._why_card(r))
        if data.refined is not None and r.diff is not None:
            lay.addWidget(self._diff_card(r, data))
        if r.findings:
            lay.addWidget(self._rules_card(r, data))
        if req.kind is RequestKind.DERIVED:
            lay.addWidget(self._derived_card(r, data))
        lay.addWidget(self._fields_card(r, data))
        lay.addWidget(self._scope_card(r, data))
        lay.addStretch(1)
        scroll.setWidget(inner)
        page_lay = QVBoxLayout(self.decide_page)
        page_lay.setContentsMargins(0, 0, 0, 0)
        page_lay.addWidget(scroll)
        self.refuse_button.setEnabled(req.is_open)
        self._go(self.DECIDE)
        for c in self.choices:
            c.changed.connect(lambda c=c: self._preview_field(c))
            c.mode.currentIndexChanged.connect(lambda _i: self._update_next())
        self.next_button.setFocus()

    def _who_card(self, r: Review, data: ReviewData) -> QWidget:
        card = Card(self.tr("Who is asking"))
        o = r.org
        row = QHBoxLayout()
        row.addWidget(plain(o.name, bold=True, wrap=False))
        badge = w.ComplianceBadge()
        badge.set_status(o.status, o.blocked)
        row.addWidget(badge)
        row.addStretch(1)
        card.body.addLayout(row)
        form = QFormLayout()
        src = w.org_source_text(o.status, o.claims, data.certifiers, self._now())
        form.addRow(self.tr("Compliance:"), plain(src, selectable=True))
        if o.contact:
            form.addRow(self.tr("Web site:"), plain(o.contact, selectable=True))
        card.body.addLayout(form)
        card.body.addWidget(
            plain(self.tr("The app has checked that the request really comes from this organisation's key."))
        )
        tech = TechnicalDetails()  # identities are for people who compare them, not for everyone
        tech.add_row(self.tr("Identity (DID):"), plain(o.did, selectable=True))
        tech.add_row(self.tr("Key fingerprint:"), plain(o.fingerprint, selectable=True))
        tech.form.addRow(
            plain(
                self.tr(
                    "Compare the fingerprint with the one the organisation publishes if "
                    "you are unsure it is really them."
                )
            )
        )
        card.body.addWidget(tech)
        if r.gate_outcome is GateOutcome.CONFIRM:
            card.body.addWidget(
                Notice(
                    self.tr(
                        "Nobody you trust has assessed this organisation. It may be fine, but nobody has "
                        "checked that it "
                        "protects personal data. Release data only if you know who they are."
                    ),
                    "warn",
                )
            )
            self.confirm_unknown = QCheckBox(
                self.tr(
                    "I know who this organisation is and I want to release data "
                    "to it even though nobody has assessed it"
                )
            )
            self.confirm_unknown.setAccessibleName(
                self.tr("Confirm releasing data to an organisation nobody has assessed")
            )
            self.confirm_unknown.toggled.connect(lambda _on: self._update_next())
            card.body.addWidget(self.confirm_unknown)
        elif r.gate_outcome is GateOutcome.REFUSE:
            card.body.addWidget(
                Notice(
                    self.tr(
                        "Nothing can be released to this organisation: it is %1. You can "
                        "only refuse the request."
                    ).replace("%1", w.compliance_label(o.status, o.blocked)),
                    "error",
                )
            )
        return card

    def _now(self) -> float:
        import time

        return self.ctx.clock.now() if self.ctx.clock is not None else time.time()

    def _why_card(self, r: Review) -> QWidget:
        s = r.request.content
        card = Card(self.tr("Why, and for how long"))
        form = QFormLayout()
        form.addRow(
            self.tr("Purpose, in their words:"),
            plain("\u201c" + org_text(s.purpose_text) + "\u201d", selectable=True),
        )
        terms = QVBoxLayout()
        for iri in s.purposes:
            lbl = plain(w.purpose_label(iri), selectable=True)
            # the vocabulary term, for experts
            lbl.setToolTip(self.tr("Technical details:") + f"\n{w.purpose_term(iri)}\n{iri}")
            terms.addWidget(lbl)
        form.addRow(self.tr("Kind of purpose:"), terms)
        if r.retention is not None:
            form.addRow(self.tr("How long they keep it:"), plain(w.duration_words(r.retention)))
        form.addRow(self.tr("Answer before:"), plain(w.time_text(r.request.expires)))
        card.body.addLayout(form)
        return card

    def _diff_card(self, r: Review, data: ReviewData) -> QWidget:
        assert r.diff is not None and data.refined is not None
        card = Card(self.tr("What changes compared with your current grant"))
        names = {d: o.name for d, o in data.orgs.items()}
        card.body.addWidget(
            plain(
                self.tr(
                    "This request asks to change the grant you gave on %1. Items marked "
                    "\u25b2 go beyond what you allowed; nothing more is released unless "
                    "you approve it here."
                ).replace("%1", w.date_text(data.refined.issued))
            )
        )
        self.diff_labels: list[QLabel] = []
        # what goes beyond the grant first and highlighted, then what shrinks, then one line for the rest
        for item in (*r.diff.widening, *r.diff.narrowing):
            text = w.diff_item_text(item, names)
            lbl = plain(("\u25b2 " if item.widens else "\u25bc ") + text, selectable=True)
            lbl.setProperty("widens", item.widens)
            if item.widens:
                fg, bg = w.tone_colour("warn"), w.tone_background("warn")
                lbl.setStyleSheet(
                    f"QLabel {{ color: {fg.name()}; font-weight: bold; background: "
                    f"rgba({bg.red()},{bg.green()},{bg.blue()},{bg.alpha()}); padding: 2px 4px; }}"
                )
            self.diff_labels.append(lbl)
            card.body.addWidget(lbl)
        same = w.unchanged_text(r.diff.unchanged, names)
        if same:
            card.body.addWidget(plain("\u2022 " + same, selectable=True))
        return card

    def _rules_card(self, r: Review, data: ReviewData) -> QWidget:
        card = Card(self.tr("Your standing rules"))
        for f in r.findings:
            asked = r.request.content.retention_seconds or None
            card.body.addWidget(
                Notice(w.finding_text(f, data.rules, asked), "error" if f.refuses else "warn")
            )
        return card

    def _derived_card(self, r: Review, data: ReviewData) -> QWidget:
        s = r.request.content
        c = s.conclusion
        card = Card(self.tr("What the organisation concluded about you"))
        form = QFormLayout()
        form.addRow(
            self.tr("Conclusion:"),
            plain(f"{org_text(c.description) if c else ''} ({c.name if c else ''})", selectable=True),
        )
        form.addRow(self.tr("How it was worked out:"), plain(org_text(s.method), selectable=True))
        sources = []
        for src in s.sources:
            g = data.sources.get(src.grant)
            fields = ", ".join(src.fields)
            if g is not None:
                sources.append(
                    self.tr("your grant to %1 of %2 (fields: %3)")
                    .replace("%1", g.org_name)
                    .replace("%2", w.date_text(g.issued))
                    .replace("%3", fields)
                )
            else:
                sources.append(
                    self.tr("a grant you never gave them (recorded as a violation; fields: %1)").replace(
                        "%1", fields
                    )
                )
        form.addRow(self.tr("From your data in:"), plain("\n".join(sources), selectable=True))
        card.body.addLayout(form)
        card.body.addWidget(
            plain(
                self.tr(
                    "A conclusion drawn from your data is personal data too. If you "
                    "authorise it, the organisation may use it for the purpose above; "
                    "revoking the source grant revokes this one as well."
                )
            )
        )
        return card

    def _fields_card(self, r: Review, data: ReviewData) -> QWidget:
        derived = r.request.kind is RequestKind.DERIVED
        if derived:
            card = Card(self.tr("Your decision"))
            card.body.addWidget(
                plain(
                    self.tr(
                        "Authorise the organisation to use this conclusion, or not. None of "
                        "your data is sent either way."
                    )
                )
            )
        else:
            card = Card(self.tr("Your data, field by field"))
            card.body.addWidget(
                plain(
                    self.tr(
                        "Nothing is released unless you choose it. For each field, release it "
                        "exactly, release an anonymised form, or withhold it."
                    )
                )
            )
        for f in r.fields:
            choice = FieldChoice(f, derived=derived)
            if not r.request.is_open or r.gate_outcome is GateOutcome.REFUSE:
                choice.mode.setEnabled(False)
            if self.choices:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Plain)
                line.setStyleSheet("color: palette(mid);")  # a quiet rule on light and dark palettes
                card.body.addWidget(line)
            self.choices.append(choice)
            card.body.addWidget(choice)
        return card

    def _scope_card(self, r: Review, data: ReviewData) -> QWidget:
        s = r.request.content
        card = Card(self.tr("Passing on and further use"))
        onward = s.onward
        processing = list(s.processing)
        if not onward and not processing:
            card.body.addWidget(
                plain(
                    self.tr(
                        "The organisation does not ask to pass your data on or to derive "
                        "anything from it. It may only use it for the purpose above."
                    )
                )
            )
            return card
        card.body.addWidget(
            plain(self.tr("These are off unless you switch them on. Each is a separate permission."))
        )
        for rec in onward:
            did = rec.did
            known = data.orgs.get(did)
            name = known.name if known else (rec.name or did)
            box = QCheckBox(
                self.tr("Allow %1 to pass the released data on to %2")
                .replace("%1", r.org.name)
                .replace("%2", name)
            )
            box.setAccessibleName(box.text())
            if known is None:
                box.setEnabled(False)
                box.setText(
                    box.text()
                    + " "
                    + self.tr("(not possible: %1 is not in your list of organisations)").replace("%1", name)
                )
            else:
                box.setText(box.text() + f" ({w.compliance_label(known.status, known.blocked)})")
            self.onward_boxes[did] = box
            card.body.addWidget(box)
        for p in processing:
            box = QCheckBox(
                self.tr("Allow %1 to %2").replace("%1", r.org.name).replace("%2", w.processing_label(p))
            )
            box.setAccessibleName(box.text())
            self.derive_boxes[p] = box
            card.body.addWidget(box)
        if not r.request.is_open:
            for b in [*self.onward_boxes.values(), *self.derive_boxes.values()]:
                b.setEnabled(False)
        return card

    # -- decisions -------------------------------------------------------------------------------------------
    def decisions(self) -> SubjectDecisions:
        return SubjectDecisions(
            tuple(c.decision() for c in self.choices if c.current_mode is not ReleaseMode.WITHHOLD),
            allow_onward=tuple(d for d, b in self.onward_boxes.items() if b.isChecked()),
            allow_derivation=tuple(p for p, b in self.derive_boxes.items() if b.isChecked()),
            unknown_confirmed=bool(self.confirm_unknown is not None and self.confirm_unknown.isChecked()),
        )

    def previews(self) -> dict[str, ReleasedField]:
        return {
            c.name: c.preview
            for c in self.choices
            if c.current_mode is not ReleaseMode.WITHHOLD and c.preview is not None
        }

    def _update_next(self) -> None:
        d = self.data
        releasing = any(c.current_mode is not ReleaseMode.WITHHOLD for c in self.choices)
        ok = d is not None and d.review.request.is_open and d.review.gate_outcome is not GateOutcome.REFUSE
        confirmed = self.confirm_unknown is None or self.confirm_unknown.isChecked()
        self.next_button.setEnabled(ok and releasing and confirmed)
        if ok and not confirmed:
            self.next_button.setToolTip(
                self.tr("First confirm that you want to release data to an organisation nobody has assessed.")
            )
        elif ok and not releasing:
            self.next_button.setToolTip(
                self.tr("Choose at least one field to release, or refuse the request.")
            )
        else:
            self.next_button.setToolTip("")
        self.next_reason.setText(self.next_button.toolTip())
        self.next_reason.setVisible(
            bool(self.next_button.toolTip()) and self.steps.currentIndex() == self.DECIDE
        )

    def _preview_field(self, c: FieldChoice) -> None:
        if c.current_mode is ReleaseMode.WITHHOLD or c.preview_current():
            return
        decision = c.decision()
        gen = c.next_generation()
        rid = self.request_id
        DbOp(self, lambda svc: svc.consent.decisions.preview_field(rid, decision)).success(
            lambda rel: c.set_preview(gen, decision, rel)
        ).failure(lambda exc: self._field_failed(c, gen, exc)).run(self.ctx.tasks)

    def _field_failed(self, c: FieldChoice, gen: int, exc: BaseException) -> None:
        if isinstance(exc, (ValidationError, PolicyDenied)):
            c.set_preview_error(gen, user_message(exc))
        else:
            show_error(self, exc)

    # -- the summary page ------------------------------------------------------------------------------------
    def show_summary(self) -> None:
        if self.data is None or not self.next_button.isEnabled():
            return
        decisions = self.decisions()
        # every released field needs the preview the user saw; compute the missing ones in the same trip
        missing = [c for c in self.choices if not c.preview_current()]
        rid = self.request_id
        gens = {c.name: (c, c.next_generation(), c.decision()) for c in missing}
        known = {n: p for n, p in self.previews().items() if n not in gens}

        def op(svc: VaultService) -> tuple[dict[str, ReleasedField | None], ReleasePlan | None]:
            fresh: dict[str, ReleasedField | None] = {}
            for name, (_c, _g, dec) in gens.items():
                fresh[name] = svc.consent.decisions.preview_field(rid, dec)
            previews = dict(known)
            previews.update({n: v for n, v in fresh.items() if v is not None})
            return fresh, svc.consent.decisions.preview(rid, decisions, previews)

        self.next_button.setEnabled(False)
        DbOp(self, op).success(lambda res: self._summary_ready(gens, decisions, *res)).failure(
            self._summary_failed
        ).finally_(self._update_next).run(self.ctx.tasks)

    def _summary_ready(
        self,
        gens: dict[str, tuple[FieldChoice, int, FieldDecision]],
        decisions: SubjectDecisions,
        fresh: dict[str, ReleasedField | None],
        plan: ReleasePlan | None,
    ) -> None:
        for name, (c, gen, dec) in gens.items():
            c.set_preview(gen, dec, fresh.get(name))
        if decisions != self.decisions() or plan is None:
            return  # the user changed something meanwhile: they press Next again
        self.plan = plan
        self._fill_summary(plan)
        self._go(self.SUMMARY)
        self.approve_button.setFocus()

    def _summary_failed(self, exc: BaseException) -> None:
        if isinstance(exc, (ValidationError, PolicyDenied)):
            self.error.setText(user_message(exc))
            self.error.show()
        else:
            show_error(self, exc)

    def _fill_summary(self, plan: ReleasePlan) -> None:
        assert self.data is not None
        old = self.summary_page.layout()
        if old is not None:  # rebuilt each time: the user may go back and change things
            QWidget().setLayout(old)
        r = self.data.review
        lay = QVBoxLayout(self.summary_page)
        lay.addWidget(section(self.tr("Exactly what will be sent to %1").replace("%1", r.org.name)))
        lay.addWidget(
            plain(
                self.tr(
                    "Check it once more. When you sign, the app makes a grant with exactly this "
                    "content, signs it with a key used only for this organisation, and encrypts "
                    "it so only %1 can read it."
                ).replace("%1", r.org.name)
            )
        )
        self.summary_table = QTableWidget(len(plan.released), 3)
        self.summary_table.setAccessibleName(self.tr("Fields that will be sent"))
        self.summary_table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("How"), self.tr("Exactly what is sent")]
        )
        self.summary_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_table.verticalHeader().hide()
        self.summary_table.horizontalHeader().setStretchLastSection(True)
        self.summary_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary_table.setTabKeyNavigation(False)
        derived = r.request.kind is RequestKind.DERIVED
        for i, f in enumerate(plan.released):
            how = w.form_label(f.form.value, f.method)
            param = _param_words(f.method, f.params)
            if param:  # "anonymised: age range (ranges of 10 years on 6/12/26)", punctuated for the language
                how = self.tr("%1 (%2)").replace("%1", how).replace("%2", param)
            cells = (
                (field_label(f.name), self.tr("its use is authorised"), self.tr("none of your data"))
                if derived
                else (field_label(f.name), how, w.value_text(f.value))
            )
            for col, text in enumerate(cells):
                self.summary_table.setItem(i, col, QTableWidgetItem(text))
        self.summary_table.setMaximumHeight(40 + 30 * max(1, len(plan.released)))
        lay.addWidget(self.summary_table)
        form = QFormLayout()
        withheld = field_list(plan.withheld) if plan.withheld else self.tr("nothing")
        form.addRow(self.tr("Not sent:"), plain(withheld))
        scope = plan.scope
        if scope is not None:
            form.addRow(self.tr("Purpose:"), plain("\u201c" + org_text(scope.purpose_text) + "\u201d"))
            kinds = plain(join(w.purpose_label(p) for p in scope.purposes))
            kinds.setToolTip(
                "\n".join([self.tr("Technical details:"), *(w.purpose_term(p) for p in scope.purposes)])
            )
            form.addRow(self.tr("Kind of purpose:"), kinds)
            until = QDate.currentDate().addDays(max(0, scope.retention_seconds // 86400))
            form.addRow(
                self.tr("They may keep it for:"),
                plain(
                    self.tr("%1 (until about %2)")
                    .replace("%1", w.duration_text(scope.retention_seconds))
                    .replace("%2", QLocale().toString(until, QLocale.FormatType.ShortFormat))
                ),
            )
            names = {d: o.name for d, o in self.data.orgs.items()}
            form.addRow(
                self.tr("Passing on:"),
                plain(
                    self.tr("allowed to %1").replace(
                        "%1", ", ".join(names.get(d, d) for d in scope.onward_recipients)
                    )
                    if scope.onward_recipients
                    else self.tr("not allowed")
                ),
            )
            form.addRow(
                self.tr("Further processing:"),
                plain(
                    self.tr("allowed: %1").replace(
                        "%1", ", ".join(w.processing_noun(p) for p in scope.derivation)
                    )
                    if scope.derivation
                    else self.tr("not allowed")
                ),
            )
        lay.addLayout(form)
        for note in self._notes(plan):
            lay.addWidget(Notice(note, "neutral"))
        lay.addStretch(1)

    def _notes(self, plan: ReleasePlan) -> list[str]:
        """What is granted less than asked, in the user's words, from the core's shortfalls."""
        assert self.data is not None
        names = {r.did: r.name for r in self.data.review.request.content.onward}
        names.update({d: o.name for d, o in self.data.orgs.items()})
        out = []
        onward = [
            names.get(x.subject, x.subject) for x in plan.shortfalls if x.kind is ShortfallKind.ONWARD_REFUSED
        ]
        procs = [x.subject for x in plan.shortfalls if x.kind is ShortfallKind.PROCESSING_REFUSED]
        for x in plan.shortfalls:
            if x.kind is ShortfallKind.SHORTER_RETENTION:
                out.append(
                    self.tr("They asked to keep it for %1; your rules shorten that to %2.")
                    .replace("%1", w.duration_text(x.asked or 0))
                    .replace("%2", w.duration_text(x.granted or 0))
                )
        if onward:
            out.append(self.tr("Passing data on to %1 is not allowed.").replace("%1", ", ".join(onward)))
        if procs:
            out.append(
                self.tr("Not allowed: %1.").replace("%1", ", ".join(w.processing_noun(p) for p in procs))
            )
        if plan.outcome is Outcome.PARTLY_APPROVED:
            out.append(
                self.tr(
                    "The organisation gets less than it asked for; it will see which fields you "
                    "withheld, but not their values."
                )
            )
        return out

    # -- approve / refuse ------------------------------------------------------------------------------------
    def approve(self) -> None:
        if self.plan is None:
            return
        decisions = self.decisions()
        previews = self.previews()
        rid = self.request_id
        self.approve_button.setEnabled(False)
        DbOp(self, lambda svc: svc.consent.decisions.approve(rid, decisions, previews)).success(
            self._approved
        ).failure(self._summary_failed).finally_(lambda: self.approve_button.setEnabled(True)).run(
            self.ctx.tasks
        )

    def _approved(self, issued: IssuedGrant) -> None:
        assert self.data is not None
        self.issued = issued
        for c in self.choices:
            c.clear_values()
        org = self.data.review.org
        lay = QVBoxLayout(self.done_page)
        lay.addWidget(section(self.tr("Signed: your grant for %1 is ready").replace("%1", org.name)))
        lay.addWidget(
            Notice(
                self.tr(
                    "The grant was signed and recorded in your history. Now send it to %1: "
                    "save it as a file and send it, copy it, or let them scan it."
                ).replace("%1", org.name),
                "ok",
            )
        )
        stamp = QDate.currentDate().toString("yyyy-MM-dd")
        self.send = SendPanel(self.ctx)
        self.send.set_message(
            issued.jwe,
            self.tr("the grant"),
            f"grant-{slug(org.name)}-{stamp}.pdvgrant",
            self.tr("Personal Data Vault grant (*.pdvgrant)"),
        )
        lay.addWidget(self.send)
        self.onward_send: list[SendPanel] = []
        for og in issued.onward_grants:
            did, jwe = og.recipient, og.jwe
            name = self.data.orgs[did].name if did in self.data.orgs else did
            lay.addWidget(
                plain(
                    self.tr("A separate grant lets %1 receive the data from %2. Send it to %1:")
                    .replace("%1", name)
                    .replace("%2", org.name)
                )
            )
            panel = SendPanel(self.ctx)
            panel.set_message(
                jwe,
                self.tr("the grant for %1").replace("%1", name),
                f"grant-{slug(name)}-{stamp}.pdvgrant",
                self.tr("Personal Data Vault grant (*.pdvgrant)"),
            )
            self.onward_send.append(panel)
            lay.addWidget(panel)
        lay.addWidget(plain(self.tr("You can revoke this grant at any time on the Grants page.")))
        lay.addStretch(1)
        self._go(self.DONE)
        self.decided.emit(self.request_id, issued.outcome)

    def ask_refuse(self) -> None:
        dlg = RefuseDialog(self)
        dlg.confirmed.connect(self.refuse)
        dlg.open()

    def refuse(self, reason: str) -> None:
        rid = self.request_id
        DbOp(self, lambda svc: svc.consent.decisions.refuse(rid, reason=reason or None)).success(
            self._refused
        ).failure(self._summary_failed).run(self.ctx.tasks)

    def _refused(self, token: str) -> None:
        self.refusal = token
        for c in self.choices:
            c.clear_values()
        name = self.data.review.org.name if self.data else ""
        lay = QVBoxLayout(self.done_page)
        lay.addWidget(section(self.tr("You refused the request")))
        lay.addWidget(
            Notice(
                self.tr(
                    "Nothing was released. The app made a signed refusal, which tells %1 that "
                    "you said no. It contains none of your data. Send it if you want them to "
                    "know."
                ).replace("%1", name),
                "neutral",
            )
        )
        self.send = SendPanel(self.ctx)
        self.send.set_message(
            token,
            self.tr("the refusal"),
            f"refusal-{slug(name)}.pdvmsg",
            self.tr("Personal Data Vault message (*.pdvmsg)"),
        )
        lay.addWidget(self.send)
        lay.addStretch(1)
        self._go(self.DONE)
        self.decided.emit(self.request_id, "refused")


class RefuseDialog(QDialog):
    """Refuse with an optional reason, kept in your history (the organisation is only told "declined")."""

    confirmed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refuse the request"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)
        lay.addWidget(
            plain(
                self.tr(
                    "Nothing will be released. You may note why, for your own history; the "
                    "organisation is only told that you declined."
                )
            )
        )
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("Reason (optional)"))
        self.reason.setAccessibleName(self.tr("Reason for refusing (optional)"))
        lay.addWidget(self.reason)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton(self.tr("Cancel"))
        ok = QPushButton(self.tr("&Refuse and sign"))
        ok.setDefault(True)
        row.addWidget(cancel)
        row.addWidget(ok)
        lay.addLayout(row)
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self._ok)
        self.ok_button = ok

    def _ok(self) -> None:
        self.confirmed.emit(self.reason.text().strip())
        self.accept()
