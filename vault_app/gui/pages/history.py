"""History: the tamper-evident timeline with filters, a chart, verification and exports (CSV, JSON, PDF)."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QItemSelectionModel, QLocale, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vault_app.gui import report
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.errors import inform, show_error
from vault_app.gui.field_words import field_label
from vault_app.gui.i18n import kind_label
from vault_app.gui.look import heading, tone
from vault_app.gui.models.history import HistoryModel
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import CpuOp, DbOp, ProgressRelay
from vault_app.gui.widgets.chart import ActivityChart
from vault_app.gui.widgets.tables import full_text_on_hover
from vault_app.services.api import VIOLATION_KINDS, EventKind, HistoryFilter, VerifyReport
from vault_app.services.vault import VaultService

RELEASE_KINDS = (EventKind.GRANT_ISSUED,)
DAY_MS = 86_400_000
# how long one slice of the history verification may hold the database worker
VERIFY_SLICE_SECONDS = 0.05
HOUR_MS = 3_600_000


def filter_values(svc: VaultService) -> tuple[list[str], list[str], list[str]]:
    return svc.history_values("org"), svc.history_values("kind"), svc.history_values("field")


class HistoryPage(VaultPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = HistoryModel(ctx.tasks, self)
        self._unlocked = False
        self._dirty = False
        self.last_report: VerifyReport | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addWidget(heading(self.tr("History"), 4))
        intro = QLabel(
            self.tr(
                "Everything that happened in this vault, newest first. Entries are chained and "
                "signed, so a change to any of them is detected by \u201cVerify history\u201d."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        filters = QHBoxLayout()
        dates = QHBoxLayout()
        self.org = self._combo(self.tr("Organisation filter"))
        self.kind = self._combo(self.tr("Event filter"))
        self.field = self._combo(self.tr("Field filter"))
        self.use_from = QCheckBox(self.tr("From"))
        self.use_from.setAccessibleName(self.tr("Filter from a date"))
        self.date_from = self._date(self.tr("From date"))
        self.use_to = QCheckBox(self.tr("To"))
        self.use_to.setAccessibleName(self.tr("Filter up to a date"))
        self.date_to = self._date(self.tr("To date"))
        self.date_from.setDate(QDate.currentDate().addMonths(-1))
        self.date_to.setDate(QDate.currentDate())
        self.reset_button = QPushButton(self.tr("&Reset filters"))
        self.reset_button.setAccessibleName(self.tr("Reset filters"))
        self.reset_button.clicked.connect(self.reset_filters)
        for label, combo in (
            (self.tr("Organisation:"), self.org),
            (self.tr("Event:"), self.kind),
            (self.tr("Field:"), self.field),
        ):
            lbl = QLabel(label)
            lbl.setBuddy(combo)
            filters.addWidget(lbl)
            filters.addWidget(combo, 1)
        for w in (self.use_from, self.date_from, self.use_to, self.date_to):
            dates.addWidget(w)
        dates.addStretch(1)
        dates.addWidget(self.reset_button)
        lay.addLayout(filters)
        lay.addLayout(dates)
        for combo in (self.org, self.kind, self.field):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for box in (self.use_from, self.use_to):
            box.toggled.connect(lambda _on: self._dates_toggled())
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(lambda _d: self.apply_filter())
        self._dates_toggled(apply=False)

        chart_box = QWidget()
        clay = QVBoxLayout(chart_box)
        clay.setContentsMargins(0, 0, 0, 0)
        chart_bar = QHBoxLayout()
        chart_title = QLabel(self.tr("Activity per organisation"))
        chart_title.setStyleSheet("font-weight: bold;")
        self.chart_mode = QComboBox()
        self.chart_mode.setAccessibleName(self.tr("What the chart counts"))
        self.chart_mode.addItem(self.tr("All events"), "all")
        self.chart_mode.addItem(self.tr("Data releases only"), "releases")
        self.chart_mode.currentIndexChanged.connect(lambda _i: self._load_chart())
        chart_bar.addWidget(chart_title)
        chart_bar.addStretch(1)
        chart_bar.addWidget(self.chart_mode)
        clay.addLayout(chart_bar)
        self.chart = ActivityChart()
        clay.addWidget(self.chart, 1)

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("History entries"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(True)
        for col, width in ((0, 56), (1, 125), (2, 205), (3, 140), (4, 115), (5, 100)):
            self.table.setColumnWidth(col, width)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        full_text_on_hover(self.table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(chart_box)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        split.setSizes([190, 400])
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Number of entries"))
        self.verify_button = QPushButton(self.tr("&Verify history"))
        self.verify_button.setAccessibleName(self.tr("Verify history"))
        self.verify_button.clicked.connect(self.verify)
        self.verify_progress = QProgressBar()
        self.verify_progress.setAccessibleName(self.tr("Verification progress"))
        self.verify_progress.setRange(0, 100)
        self.verify_progress.setMaximumWidth(180)
        self.verify_progress.hide()
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("E&xport"))
        self.export_button.setAccessibleName(self.tr("Export the history"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_csv = menu.addAction(self.tr("As CSV (signed)\u2026"), lambda: self.export("csv"))
        self.export_json = menu.addAction(self.tr("As JSON (signed)\u2026"), lambda: self.export("json"))
        self.export_pdf = menu.addAction(self.tr("As a PDF report\u2026"), lambda: self.export("pdf"))
        self.export_button.setMenu(menu)
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.verify_progress)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        lay.addLayout(bottom)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName(self.tr("Verification result"))
        self.result.hide()
        lay.addWidget(self.result)
        # A burst of changes (an import, a bulk edit) reloads once; the chart counts the whole history.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(300)
        self._reload_timer.timeout.connect(self._reload_if_unlocked)
        ctx.bridge.history_appended.connect(self._history_appended)
        self._fill_combos([], [], [])
        self._set_enabled(False)
        self.setTabOrder(self.org, self.kind)
        self.setTabOrder(self.kind, self.field)

    def set_org_namer(self, namer: Callable[[str], str]) -> None:
        """Show organisations by name (the consent screens know the names) in the table, chart and filter."""
        self.model.org_namer = namer
        self.chart.org_namer = namer
        self.org_names_changed()

    def org_names_changed(self) -> None:
        """The names behind the namer changed: repaint the table and chart, relabel the filter."""
        if self.model.rowCount():
            self.model.dataChanged.emit(
                self.model.index(0, HistoryModel.ORG),
                self.model.index(self.model.rowCount() - 1, HistoryModel.ORG),
            )
        self.chart.update()
        for i in range(1, self.org.count()):
            did = self.org.itemData(i)
            if did:
                self.org.setItemText(i, self.model.org_namer(str(did)))

    def _combo(self, accessible: str) -> QComboBox:
        c = QComboBox()
        c.setAccessibleName(accessible)
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        c.setMinimumContentsLength(12)
        return c

    def _date(self, accessible: str) -> QDateEdit:
        d = QDateEdit()
        d.setAccessibleName(accessible)
        d.setCalendarPopup(True)
        d.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))  # as the tables show dates
        return d

    # -- filters ---------------------------------------------------------------------------------------------
    def _fill_combos(self, orgs: list[str], kinds: list[str], fields: list[str]) -> None:
        def fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            i = combo.findData(keep)
            combo.setCurrentIndex(i if i >= 0 else 0)
            combo.blockSignals(False)

        fill(self.org, [(self.tr("Any organisation"), None)] + [(self.model.org_namer(o), o) for o in orgs])
        kind_items: list[tuple[str, object]] = [
            (self.tr("Any event"), None),
            (self.tr("Problems only (violations, rejected requests)"), "__problems__"),
        ]
        kind_items += sorted(((kind_label(k), k) for k in kinds), key=lambda kv: kv[0].lower())
        fill(self.kind, kind_items)
        fill(
            self.field,
            [(self.tr("Any field"), None)]
            + sorted(((field_label(f), f) for f in fields), key=lambda kv: kv[0].lower()),
        )

    def _dates_toggled(self, apply: bool = True) -> None:
        self.date_from.setEnabled(self.use_from.isChecked())
        self.date_to.setEnabled(self.use_to.isChecked())
        if apply:
            self.apply_filter()

    def current_filter(self) -> HistoryFilter:
        kind = self.kind.currentData()
        kinds: tuple[str, ...] = ()
        if kind == "__problems__":
            kinds = tuple(sorted(VIOLATION_KINDS))
        elif kind:
            kinds = (str(kind),)
        since = until = None
        if self.use_from.isChecked():
            since = QDateTime(self.date_from.date(), QTime(0, 0)).toMSecsSinceEpoch()
        if self.use_to.isChecked():
            until = QDateTime(self.date_to.date().addDays(1), QTime(0, 0)).toMSecsSinceEpoch()
        org, fld = self.org.currentData(), self.field.currentData()
        return HistoryFilter(
            kinds=kinds,
            org=str(org) if org else None,
            field=str(fld) if fld else None,
            since_ms=since,
            until_ms=until,
        )

    def reset_filters(self) -> None:
        for w in (self.org, self.kind, self.field, self.use_from, self.use_to):
            w.blockSignals(True)
        self.org.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.field.setCurrentIndex(0)
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        for w in (self.org, self.kind, self.field, self.use_from, self.use_to):
            w.blockSignals(False)
        self._dates_toggled()

    def apply_filter(self) -> None:
        if not self._unlocked:
            return
        flt = self.current_filter()
        self.model.set_filter(flt)
        self.count.setText(self.tr("Counting\u2026"))
        DbOp(self, lambda svc: svc.history_count(flt)).success(lambda n: self._show_count(flt, n)).run(
            self.ctx.tasks
        )
        self._load_chart()

    def _show_count(self, flt: HistoryFilter, n: int) -> None:
        if flt == self.model.filter:
            self.count.setText(
                self.tr("%n entry(s)", "", n)
                if flt == HistoryFilter()
                else self.tr("%n matching entry(s)", "", n)
            )

    def _load_chart(self) -> None:
        if not self._unlocked:
            return
        flt = self.current_filter()
        if self.chart_mode.currentData() == "releases":
            wanted = set(RELEASE_KINDS) if not flt.kinds else set(flt.kinds) & set(RELEASE_KINDS)
            if not wanted:  # the event filter excludes releases: nothing to count
                self.chart.set_rows([])
                return
            flt = HistoryFilter(
                kinds=tuple(sorted(wanted)),
                org=flt.org,
                field=flt.field,
                since_ms=flt.since_ms,
                until_ms=flt.until_ms,
            )

        def op(svc: VaultService) -> tuple[list[tuple[int, str | None, int]], int]:
            rows = svc.history_activity(flt, bucket_ms=DAY_MS)
            if len({r[0] for r in rows}) <= 2:  # a day or two: one bar says nothing, show the hours
                return svc.history_activity(flt, bucket_ms=HOUR_MS), HOUR_MS
            return rows, DAY_MS

        DbOp(self, op).success(lambda res: self.chart.set_rows(*res)).run(self.ctx.tasks)

    # -- lock/unlock -----------------------------------------------------------------------------------------
    def _set_enabled(self, on: bool) -> None:
        for w in (
            self.verify_button,
            self.export_button,
            self.org,
            self.kind,
            self.field,
            self.use_from,
            self.use_to,
            self.reset_button,
            self.chart_mode,
        ):
            w.setEnabled(on)

    def on_unlocked(self) -> None:
        self._unlocked = True
        self._set_enabled(True)
        self._reload_all()

    def _reload_all(self) -> None:
        self._dirty = False
        self.apply_filter()  # the first page goes first on the serial worker: it is what the user waits for
        DbOp(self, filter_values).success(lambda v: self._fill_combos(*v)).run(self.ctx.tasks)

    def on_locked(self) -> None:
        self._unlocked = False
        self._reload_timer.stop()
        self.model.clear()
        self.chart.clear()
        self._fill_combos([], [], [])
        self.count.clear()
        self.result.hide()
        self.verify_progress.hide()
        self.last_report = None
        self._set_enabled(False)

    def on_shown(self) -> None:
        if self._dirty and self._unlocked:
            self._reload_all()

    def _history_appended(self) -> None:
        # Reload now if visible, else when the page is next shown (cheap either way: one page and a count).
        if not self._unlocked:
            return
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._dirty = True

    def _reload_if_unlocked(self) -> None:
        if self._unlocked:
            self._reload_all()

    # -- verification ----------------------------------------------------------------------------------------
    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_progress.setValue(0)
        self.verify_progress.show()
        self.result.setText(self.tr("Verifying the history\u2026"))
        self.result.setStyleSheet("")
        self.result.show()
        relay = ProgressRelay(self, lambda f: self.verify_progress.setValue(int(f * 100)))
        started = time.monotonic()
        steps: list[Generator[None, None, VerifyReport]] = []

        # A million entries take seconds: the verification runs a slice at a time on the database worker and
        # queues the next slice behind whatever the user asked for meanwhile, which so never waits long.
        def op(svc: VaultService) -> VerifyReport | None:
            if not steps:
                steps.append(
                    svc.verify_history_steps(lambda done, total: relay(done / total if total else 1.0))
                )
            until = time.monotonic() + VERIFY_SLICE_SECONDS
            try:
                while time.monotonic() < until:
                    next(steps[0])
            except StopIteration as done:
                report: VerifyReport = done.value
                return report
            return None

        def step_done(r: VerifyReport | None) -> None:
            if r is not None:
                self._verified(r, time.monotonic() - started)
                self._verify_finished()
            elif self._unlocked:
                run()
            else:
                self._verify_finished()

        def failed(exc: BaseException) -> None:
            self._verify_finished()
            show_error(self, exc)

        def run() -> None:
            DbOp(self, op).success(step_done).failure(failed).run(self.ctx.tasks)

        run()

    def _verify_finished(self) -> None:
        self.verify_button.setEnabled(self._unlocked)
        self.verify_progress.hide()

    def _verified(self, r: VerifyReport, seconds: float) -> None:
        self.last_report = r
        if r.ok:
            self.result.setStyleSheet(f"color: {tone('ok')}; font-weight: bold;")
            entries = self.tr("%n entry(s)", "", r.entries)
            checkpoints = self.tr("%n signed checkpoint(s)", "", r.checkpoints)
            self.result.setText(
                self.tr("\u2714 The history is intact: %1 and %2 checked in %3 s.")
                .replace("%1", entries)
                .replace("%2", checkpoints)
                .replace("%3", QLocale().toString(seconds, "f", 1))
            )
        else:
            self.result.setStyleSheet(f"color: {tone('error')}; font-weight: bold;")
            where = (
                self.tr("First bad entry: #%1. ").replace("%1", str(r.first_bad_seq))
                if r.first_bad_seq is not None
                else ""
            )
            self.result.setText(
                self.tr("\u2718 The history failed verification. ") + where + (r.problem or "")
            )
            if r.first_bad_seq is not None:
                self.select_seq(r.first_bad_seq)

    def select_seq(self, seq: int) -> bool:
        row = self.model.row_of_seq(seq)
        if row is None:
            return False
        idx = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(idx)
        return True

    # -- export ----------------------------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        stamp = QDate.currentDate().toString("yyyy-MM-dd")
        filters = {
            "csv": self.tr("CSV files (*.csv)"),
            "json": self.tr("JSON files (*.json)"),
            "pdf": self.tr("PDF files (*.pdf)"),
        }
        path = files.ask_save_path(
            self, self.tr("Export the history"), f"pdvault-history-{stamp}.{fmt}", filters[fmt]
        )
        if not path:
            return
        if not Path(path).suffix:
            path += "." + fmt
        flt = self.current_filter()
        self.export_button.setEnabled(False)
        if fmt == "pdf":
            DbOp(self, lambda svc: report.gather(svc, flt)).success(
                lambda data: self._render(data, path)
            ).failure(self._export_failed).run(self.ctx.tasks)
            return
        DbOp(self, lambda svc: svc.export_history(path, fmt, flt)).success(
            lambda sig: self._exported(path, str(sig))
        ).finally_(lambda: self.export_button.setEnabled(self._unlocked)).run(self.ctx.tasks)

    def _render(self, data: report.ReportData, path: str) -> None:
        CpuOp(self, lambda: report.render_pdf(data, path)).success(
            lambda p: self._exported(p, None)
        ).finally_(lambda: self.export_button.setEnabled(self._unlocked)).run(self.ctx.tasks)

    def _export_failed(self, exc: BaseException) -> None:
        from vault_app.gui.errors import show_error

        self.export_button.setEnabled(self._unlocked)
        show_error(self, exc)

    def _exported(self, path: str, sig: str | None) -> None:
        self.last_export = path
        if sig:
            text = (
                self.tr(
                    "The history was saved to %1.\nIts signature is in %2; anyone can use it to check "
                    "that the file was not changed."
                )
                .replace("%1", path)
                .replace("%2", sig)
            )
        else:
            text = self.tr("The report was saved to %1.").replace("%1", path)
        inform(self, self.tr("Export finished"), text)
