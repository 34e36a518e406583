"""What a gated job owes its subjects: the run's report (counts per reason, never values), the per-grant usage
log, and usage receipts made from that log with the protocol's receipt format.

The report is what an auditor reads: rows in and out, dropped rows per reason word, grants loaded, rejected
(by reason) and used, status lists rejected, warnings (a stale list used because the caller accepted
staleness). The usage log has one line per grant the job used: grant id, job, time, actions, fields and the
number of rows; :func:`make_receipts` turns each line into a signed usage receipt addressed to the grant's
subject (:meth:`Organisation.make_receipt`), for delivery through the gateway or as files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vault_app.domain.files import atomic_write
from vault_app.gate.grants import GrantSet
from vault_app.gate.job import Action, Job
from vault_app.gate.rules import N_REASONS, CompiledGate, Reason
from vault_app.protocol.messages import UsageAction, UsageEntry
from vault_app.protocol.org import Organisation

__all__ = ["GateReport", "UsageLine", "build_report", "make_receipts", "usage_lines", "write_usage_log"]


@dataclass(frozen=True)
class UsageLine:
    grant_id: str
    rows: int


@dataclass
class GateReport:
    job: str
    at: int
    rows_in: int
    rows_out: int
    dropped: dict[str, int]
    grants: dict[str, Any]
    status_lists: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    receipts: int = 0
    held: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_dropped(self) -> int:
        return sum(self.dropped.values())

    @property
    def stale_refused(self) -> int:
        return self.dropped.get(Reason.STATUS_STALE.word, 0) + self.dropped.get(Reason.STATUS_UNKNOWN.word, 0)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["rows_dropped"] = self.rows_dropped
        return d


def build_report(
    compiled: CompiledGate,
    grants: GrantSet,
    counts: np.ndarray,
    usage: np.ndarray,
    *,
    lists_loaded: int,
    lists_rejected: Mapping[str, int],
    accept_stale: bool,
) -> GateReport:
    rows_out = int(counts[0])
    dropped = {Reason(i).word: int(counts[i]) for i in range(1, N_REASONS) if counts[i]}
    v = compiled.verdicts
    warnings = []
    if accept_stale and v.stale_accepted:
        warnings.append(
            f"{v.stale_accepted} grant(s) were checked against a stale status list because staleness was "
            "accepted: a revocation newer than that list would not have been seen."
        )
    if dropped.get(Reason.STATUS_STALE.word):
        warnings.append(
            "Rows were dropped because their status list was stale at the job's time; fetch fresh "
            "lists (or accept staleness explicitly) to use them."
        )
    if grants.unplaced:
        warnings.append(
            f"{sum(grants.unplaced.values())} grant file(s) could not be read as grants for this "
            "organisation; rows naming them are counted as unknown-grant."
        )
    return GateReport(
        job=compiled.job.name,
        at=compiled.job.at,
        rows_in=int(counts.sum()),
        rows_out=rows_out,
        dropped=dropped,
        grants={
            "loaded": len(grants.records) + sum(grants.unplaced.values()),
            "verified": grants.accepted,
            "rejected": grants.rejected_counts(),
            "duplicates": grants.duplicates,
            "verdicts": dict(sorted(v.per_reason.items())),
            "used": int(np.count_nonzero(usage)),
        },
        status_lists={
            "loaded": lists_loaded,
            "rejected": dict(lists_rejected),
            "stale_accepted": v.stale_accepted,
            "unknown": dict(v.status_unknown),
            "accept_stale": accept_stale,
        },
        warnings=warnings,
    )


def usage_lines(compiled: CompiledGate, usage: np.ndarray) -> list[UsageLine]:
    used = np.nonzero(usage)[0]
    return [UsageLine(compiled.grant_ids[int(i)], int(usage[i])) for i in used]


def write_usage_log(path: str | os.PathLike[str], job: Job, lines: Iterable[UsageLine]) -> int:
    """Append one JSON line per used grant (ids, counts and terms only, never a value)."""
    n = 0
    with open(path, "a", encoding="utf-8") as fh:
        for line in lines:
            fh.write(
                json.dumps(
                    {
                        "job": job.name,
                        "at": job.at,
                        "grant": line.grant_id,
                        "rows": line.rows,
                        "actions": [a.value for a in job.actions],
                        "fields": list(job.fields),
                        "purposes": list(job.purposes),
                        **({"recipient": job.recipient} if job.recipient else {}),
                    },
                    sort_keys=True,
                )
                + "\n"
            )
            n += 1
    return n


def make_receipts(
    org: Organisation,
    grants: GrantSet,
    job: Job,
    lines: Iterable[UsageLine],
    out_dir: str | os.PathLike[str] | None,
) -> dict[str, str]:
    """A usage receipt per used grant (one entry per action), signed by ``org``; written as
    ``<grant id>.pdvreceipt`` files into ``out_dir`` when given."""
    receipts: dict[str, str] = {}
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for line in lines:
        rec = grants.records.get(line.grant_id)
        if rec is None or rec.grant is None:
            continue
        entries = [
            UsageEntry(
                UsageAction(a.value),
                job.fields,
                job.at,
                job.purpose_text,
                job.recipient if a is Action.TRANSFER else None,
            )
            for a in job.actions
        ]
        token = org.make_receipt(rec.grant, entries)
        receipts[line.grant_id] = token
        if out is not None:
            atomic_write(out / f"{line.grant_id}.pdvreceipt", token + "\n")
    return receipts
