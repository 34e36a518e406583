"""The History PDF report: a summary, the chain's verification result and a table of entries.

Gathering runs on the database worker; rendering (QTextDocument into QPdfWriter, both usable off the GUI
thread) runs on the CPU pool, into memory, and the file is written atomically. History holds no personal
values, so neither does the report.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDateTime,
    QIODevice,
    QLocale,
    QMarginsF,
    QSizeF,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from vault_app.domain.files import atomic_write
from vault_app.domain.shown import org_text
from vault_app.gui.field_words import field_label
from vault_app.gui.history_words import details_text
from vault_app.gui.i18n import kind_label
from vault_app.gui.models.history import is_violation
from vault_app.services.api import HistoryEntry, HistoryFilter, VerifyReport
from vault_app.services.vault import VaultService

REPORT_LIMIT = 2000


@dataclass(frozen=True)
class ReportData:
    subject: str
    total: int
    matching: int
    entries: list[HistoryEntry]
    verify: VerifyReport
    filtered: bool
    created_ms: int
    #: organisations by DID, so the report names them (the DID is for the technical details)
    org_names: dict[str, str] = field(default_factory=dict)
    #: the labels the person gave their fields
    labels: dict[str, str] = field(default_factory=dict)


def gather(svc: VaultService, flt: HistoryFilter, limit: int = REPORT_LIMIT) -> ReportData:
    """Everything the report shows, read in one go on the database worker."""
    return ReportData(
        subject=svc.subject_did,
        total=svc.history_count(),
        matching=svc.history_count(flt),
        entries=svc.history_page(flt, limit=limit),
        verify=svc.verify_history(),
        filtered=flt != HistoryFilter(),
        created_ms=int(svc.clock.now() * 1000),
        org_names={o.did: o.name for o in svc.consent.orgs.list()},
        labels=svc.field_labels(),
    )


def _time(ms: int) -> str:
    return QLocale().toString(QDateTime.fromMSecsSinceEpoch(ms), QLocale.FormatType.ShortFormat)


def report_html(d: ReportData) -> str:
    e = html.escape
    if d.verify.ok:
        verdict = (
            '<p style="color:#107c10"><b>'
            + e(QCoreApplication.translate("Report", "The history is intact."))
            + "</b> "
            + e(
                QCoreApplication.translate("Report", "%1 entries and %2 signed checkpoints were checked.")
                .replace("%1", str(d.verify.entries))
                .replace("%2", str(d.verify.checkpoints))
            )
            + "</p>"
        )
    else:
        verdict = (
            '<p style="color:#c50f1f"><b>'
            + e(QCoreApplication.translate("Report", "The history failed verification."))
            + "</b> "
            + e(d.verify.problem or "")
            + "</p>"
        )
    rows = []
    for en in d.entries:
        style = ' style="background-color:#fde7e9"' if is_violation(en) else ""

        def name(did: str) -> str:
            return org_text(d.org_names.get(did, did))

        cells = [
            str(en.seq),
            _time(en.ts_ms),
            kind_label(en.kind),
            name(en.org) if en.org else "",
            field_label(en.field, d.labels) if en.field else "",
            org_text(en.purpose),
            details_text(en.kind, en.data, name, en.org or ""),
        ]
        rows.append(f"<tr{style}>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
    headers = [
        QCoreApplication.translate("Report", "#"),
        QCoreApplication.translate("Report", "Time"),
        QCoreApplication.translate("Report", "Event"),
        QCoreApplication.translate("Report", "Organisation"),
        QCoreApplication.translate("Report", "Field"),
        QCoreApplication.translate("Report", "Purpose"),
        QCoreApplication.translate("Report", "Details"),
    ]
    shown = len(d.entries)
    if d.filtered:
        scope = (
            QCoreApplication.translate("Report", "Entries matching the filter: %1 of %2.")
            .replace("%1", str(d.matching))
            .replace("%2", str(d.total))
        )
    else:
        scope = QCoreApplication.translate("Report", "Entries: %1.").replace("%1", str(d.total))
    more = ""
    if shown < d.matching:
        more = (
            "<p><i>"
            + e(
                QCoreApplication.translate(
                    "Report",
                    "This report lists the newest %1 entries. Export the history as CSV or "
                    "JSON for all of them.",
                ).replace("%1", str(shown))
            )
            + "</i></p>"
        )
    title = QCoreApplication.translate("Report", "Personal Data Vault: history report")
    created = QCoreApplication.translate("Report", "Created: %1").replace("%1", _time(d.created_ms))
    identity = QCoreApplication.translate("Report", "Vault identity: %1").replace("%1", d.subject)
    head = (
        QCoreApplication.translate("Report", "Head of the chain: entry %1, hash %2")
        .replace("%1", str(d.verify.head_seq))
        .replace("%2", d.verify.head_hash or "-")
    )
    verification = QCoreApplication.translate("Report", "Verification")
    entries = QCoreApplication.translate("Report", "Entries")
    note = QCoreApplication.translate(
        "Report", "The history records what happened to your data, never the values themselves."
    )
    technical = QCoreApplication.translate("Report", "Technical details")
    return (
        "<html><body style='font-size:9pt'>"
        f"<h1>{e(title)}</h1>"
        f"<p>{e(created)}<br/>{e(scope)}</p>"
        f"<h2>{e(verification)}</h2>{verdict}"
        f"<h2>{e(entries)}</h2>{more}"
        "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
        "<thead><tr>"
        + "".join(f"<th>{e(h)}</th>" for h in headers)
        + "</tr></thead>"
        + "".join(rows)
        + "</table>"
        f"<p><i>{e(note)}</i></p>"
        f"<h2>{e(technical)}</h2><p>{e(identity)}<br/>{e(head)}</p>"
        "</body></html>"
    )


def render_pdf(d: ReportData, path: str) -> str:
    """Render the report and write it atomically to ``path``; returns the path."""
    buf = QByteArray()
    dev = QBuffer(buf)
    dev.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(dev)
    writer.setTitle(QCoreApplication.translate("Report", "History report"))
    writer.setCreator("Personal Data Vault")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(150)
    doc = QTextDocument()
    doc.setHtml(report_html(d))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    del writer  # finishes the PDF into the buffer
    dev.close()
    from pathlib import Path

    atomic_write(Path(path), bytes(buf.data()), what="write the PDF report")
    return path
