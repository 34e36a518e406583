"""The held area: conclusions a job derived, kept apart with their lineage until their subjects authorise
them.

A deriving job is gated like any other; the gate then records which grants each subject's rows came from
(``pending/<job>.json``: the lineage, ids only). The job's conclusions (a table keyed by the same grant or
subject column, one column per declared output) are deposited with :meth:`HeldArea.hold`: every row must
belong to a subject whose granted rows the job saw, every column must be a declared output. Each conclusion is
stored in
``conclusions/<output>.parquet`` (subject DID, value, job), tagged in ``lineage.jsonl`` with its source
grants and fields, and a derived-data request is drafted for it (``requests/<output>/<n>.pdvreq``, the
protocol's format, addressed to the subject's pairwise DID, without the value). Nothing in the held area is
released by the gate unless a later job presents a derived-data grant for that subject and conclusion
(:mod:`vault_app.gate.rules`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from vault_app.domain.errors import ValidationError
from vault_app.domain.files import atomic_write
from vault_app.gate.grants import GrantSet
from vault_app.gate.job import Job
from vault_app.gate.local import open_private
from vault_app.protocol.messages import DerivedConclusion, DerivedSource
from vault_app.protocol.org import Organisation

__all__ = ["HeldArea", "HoldResult"]

DEFAULT_RETENTION = 365 * 86400
MAX_SOURCES = 16


@dataclass(frozen=True)
class HoldResult:
    held: int
    requests: int
    refused: dict[str, int]


class HeldArea:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    # --- lineage of a deriving job's run --------------------------------------------------------------------

    def record_sources(self, job: Job, grants: GrantSet, used_grant_ids: Iterable[str]) -> int:
        """After gating a deriving job: remember, per subject, the grants (and fields) its rows came from."""
        sources: dict[str, list[str]] = {}
        for gid in used_grant_ids:
            rec = grants.records[gid]
            sources.setdefault(rec.issuer, []).append(gid)
        pending = self.root / "pending"
        pending.mkdir(parents=True, exist_ok=True, mode=0o700)
        doc = {
            "job": job.name,
            "at": job.at,
            "fields": list(job.fields),
            "outputs": [o.name for o in job.outputs],
            "sources": sources,
        }
        atomic_write(pending / f"{job.name}.json", json.dumps(doc, sort_keys=True) + "\n")
        return len(sources)

    def pairs(self) -> set[tuple[str, str]]:
        """(subject DID, conclusion name) of every conclusion held."""
        out: set[tuple[str, str]] = set()
        path = self.root / "lineage.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    out.add((str(d["subject"]), str(d["conclusion"])))
        return out

    # --- depositing conclusions -----------------------------------------------------------------------------

    def hold(self, org: Organisation, job: Job, conclusions: pa.Table) -> HoldResult:
        """Hold ``conclusions`` derived by ``job``, tag their lineage and draft derived-data requests."""
        pending = self.root / "pending" / f"{job.name}.json"
        if not job.outputs:
            raise ValidationError(f"The job '{job.name}' declares no outputs: it has nothing to hold.")
        if not pending.exists():
            raise ValidationError(
                f"The job '{job.name}' has not been gated with this held area: no lineage to tag "
                "its conclusions with. Run pdvault-org gate with --held first."
            )
        doc = json.loads(pending.read_text(encoding="utf-8"))
        sources: dict[str, list[str]] = doc["sources"]
        by_grant = {gid: subj for subj, gids in sources.items() for gid in gids}
        names = set(conclusions.schema.names)
        key = job.key_column
        if key not in names:
            raise ValidationError(
                f"The conclusions have no column '{key}' naming each row's "
                f"{'subject' if job.subject_column else 'grant'}."
            )
        undeclared = sorted(names - {key} - {o.name for o in job.outputs})
        if undeclared:
            raise ValidationError(
                f"The conclusions hold a column the job did not declare as an output: "
                f"{undeclared[0]}. Declare every output in the job's 'outputs'."
            )
        keys = conclusions.column(key).to_pylist()
        subjects = [
            k if job.subject_column else by_grant.get(k) if isinstance(k, str) else None for k in keys
        ]
        refused: dict[str, int] = {}
        for s in subjects:
            if s is None or s not in sources:
                refused["no-lineage"] = refused.get("no-lineage", 0) + 1
        ok_mask = pa.array([s is not None and s in sources for s in subjects])
        subject_col = pa.array(subjects, type=pa.string()).filter(ok_mask)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.root / "conclusions").mkdir(exist_ok=True, mode=0o700)
        held = requests = 0
        lineage_lines = []
        for out in job.outputs:
            if out.name not in names:
                continue
            values = conclusions.column(out.name).filter(ok_mask)
            present = pc.is_valid(values)
            table = pa.table({"subject": subject_col.filter(present), out.name: values.filter(present)})
            path = self.root / "conclusions" / f"{out.name}.parquet"
            if path.exists():
                table = pa.concat_tables([pq.read_table(path), table], promote_options="permissive")
            tmp = path.with_suffix(".tmp")
            with open_private(tmp) as fh:
                pq.write_table(table, fh)
            os.replace(tmp, path)
            req_dir = self.root / "requests" / out.name
            req_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            for subj in dict.fromkeys(str(x) for x in subject_col.filter(present).to_pylist()):
                gids = sources[subj][:MAX_SOURCES]
                token = org.make_derived_request(
                    subj,
                    DerivedConclusion(out.name, out.category, out.description),
                    out.method,
                    [DerivedSource(g, tuple(doc["fields"])) for g in gids],
                    job.purposes,
                    job.purpose_text or out.description,
                    DEFAULT_RETENTION,
                )
                requests += 1
                atomic_write(req_dir / f"{requests:06d}.pdvreq", token + "\n")
                lineage_lines.append(
                    json.dumps(
                        {
                            "conclusion": out.name,
                            "subject": subj,
                            "job": job.name,
                            "at": job.at,
                            "method": out.method,
                            "category": out.category.value,
                            "sources": [{"grant": g, "fields": doc["fields"]} for g in gids],
                        },
                        sort_keys=True,
                    )
                )
                held += 1
        with open(self.root / "lineage.jsonl", "a", encoding="utf-8") as fh:
            for line in lineage_lines:
                fh.write(line + "\n")
        return HoldResult(held, requests, refused)
