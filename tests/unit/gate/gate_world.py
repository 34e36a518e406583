"""A small world for the gate's tests: a real organisation (keys on disk), its request, grants made by the
protocol's subject agent with distinct pairwise keys, their status lists, data files and jobs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.clock import FixedClock
from vault_app.domain.files import atomic_write
from vault_app.domain.model import Category, Processing, ReleasedField, ReleaseMode, RequestedField, Scope
from vault_app.gate.accounting import GateReport, build_report
from vault_app.gate.grants import GrantSet, load_grant_folder
from vault_app.gate.job import parse_job
from vault_app.gate.local import gate_parquet
from vault_app.gate.rules import CompiledGate, compile_gate
from vault_app.gate.status import FolderStatusLists
from vault_app.protocol.codec import Signed
from vault_app.protocol.did import did_from_public_key
from vault_app.protocol.messages import OnwardRecipient, StatusRef
from vault_app.protocol.org import Organisation, OrgKeys
from vault_app.protocol.statuslist import StatusList, build_status_list_token
from vault_app.protocol.subject import SubjectAgent

T0 = 1_800_000_000
DAY = 86400
PURPOSE = "https://w3id.org/dpv#ServiceProvision"
MARKETING = "https://w3id.org/dpv#Marketing"
PARTNER = did_from_public_key(Ed25519PrivateKey.from_private_bytes(bytes([9]) * 32))


@dataclass
class G:
    """A grant made in the world: its id, the subject's pairwise DID and key, and its status URI."""

    jti: str
    did: str
    key: Ed25519PrivateKey
    uri: str
    token: str


@dataclass
class Run:
    table: pa.Table
    report: GateReport
    compiled: CompiledGate
    grants: GrantSet


class GateWorld:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = FixedClock(float(T0))
        self.keys = root / "org"
        self.org = Organisation.create(self.keys, "Example Bank", clock=self.clock)
        self.grants = root / "grants"
        self.grants.mkdir()
        self.agent = SubjectAgent(clock=self.clock)
        self.request_token = self.org.make_request(
            [
                RequestedField("email", Category.CONTACT),
                RequestedField("birth_date", Category.DEMOGRAPHIC),
                RequestedField("balance", Category.FINANCIAL),
            ],
            [PURPOSE, MARKETING],
            "Run the account.",
            365 * DAY,
            onward=(OnwardRecipient(PARTNER, "Partner Bank"),),
            processing=(Processing.ANALYSE, Processing.DERIVE, Processing.PROFILE),
        )
        atomic_write(self.grants / "request.pdvreq", self.request_token + "\n")
        self.request: Signed[Any] = self.agent.parse_request(self.request_token)
        self.n = 0

    def released(self, n: int, fields: tuple[str, ...]) -> list[ReleasedField]:
        out = []
        if "email" in fields:
            out.append(ReleasedField("email", Category.CONTACT, f"person{n}@example.org", ReleaseMode.EXACT))
        if "birth_date" in fields:
            out.append(
                ReleasedField(
                    "birth_date",
                    Category.DEMOGRAPHIC,
                    "30-39",
                    ReleaseMode.ANONYMISED,
                    "date.age_band",
                    (("width", "10"),),
                )
            )
        if "balance" in fields:
            out.append(ReleasedField("balance", Category.FINANCIAL, 1200 + n, ReleaseMode.EXACT))
        return out

    def grant(
        self,
        *,
        purposes: tuple[str, ...] = (PURPOSE,),
        processing: tuple[Processing, ...] = (Processing.ANALYSE,),
        onward: tuple[str, ...] = (),
        fields: tuple[str, ...] = ("email", "birth_date"),
        expires_at: int | None = None,
        status: int = 0,
        ttl: int | None = 7 * DAY,
        list_lifetime: int | None = None,
        list_at: int | None = None,
        write_list: bool = True,
        key: Ed25519PrivateKey | None = None,
        request: Signed[Any] | None = None,
        conditions: tuple[str, ...] = (),
        name: str | None = None,
        released: list[ReleasedField] | None = None,
    ) -> G:
        self.n += 1
        key = key or Ed25519PrivateKey.generate()
        uri = f"urn:pdv:status:test-{self.n:04d}"
        scope = Scope(purposes, "Run the account.", 365 * DAY, onward, processing)
        withheld = (
            tuple(f for f in ("email", "birth_date", "balance") if f not in fields) if request is None else ()
        )
        sealed = self.agent.make_grant(
            key,
            request or self.request,
            released if released is not None else self.released(self.n, fields),
            scope,
            StatusRef(0, uri),
            withheld=withheld,
            expires_at=expires_at,
            conditions=conditions,
        )
        atomic_write(self.grants / f"{name or sealed.jti}.pdvgrant", sealed.jwe + "\n")
        if write_list:
            self.status_list(key, uri, status, ttl=ttl, lifetime=list_lifetime, at=list_at)
        return G(sealed.jti, did_from_public_key(key), key, uri, sealed.token)

    def status_list(
        self,
        key: Ed25519PrivateKey,
        uri: str,
        status: int,
        *,
        ttl: int | None = 7 * DAY,
        lifetime: int | None = None,
        at: int | None = None,
        bits: int = 2,
    ) -> None:
        sl = StatusList(8, bits=bits)
        sl.set(0, status)
        token = build_status_list_token(
            sl, key, uri, clock=FixedClock(float(at if at is not None else T0)), lifetime=lifetime, ttl=ttl
        )
        atomic_write(self.grants / f"{uri.rsplit(':', 1)[1]}.pdvstatus", token + "\n")

    def data(
        self,
        keys: list[str | None],
        *,
        column: str = "grant",
        name: str = "data.parquet",
        extra: dict[str, list[Any]] | None = None,
        row_group_size: int | None = None,
    ) -> Path:
        cols: dict[str, Any] = {column: pa.array(keys, type=pa.string())}
        cols.update(extra or {})
        path = self.root / name
        pq.write_table(pa.table(cols), path, row_group_size=row_group_size)
        return path

    def job(self, **kw: Any) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "name": "test-job",
            "purposes": [PURPOSE],
            "actions": ["use"],
            "fields": ["email", "birth_date"],
            "at": T0 + DAY,
        }
        doc.update(kw)
        return doc

    def job_file(self, filename: str = "job.json", /, **kw: Any) -> Path:
        path = self.root / filename
        path.write_text(json.dumps(self.job(**kw)))
        return path

    def run(
        self,
        job: dict[str, Any],
        data: Path,
        *,
        accept_stale: bool = False,
        held: set[tuple[str, str]] | None = None,
    ) -> Run:
        org = Organisation.load(self.keys, clock=self.clock)
        grants, lists = load_grant_folder(org, self.grants)
        status = FolderStatusLists(lists)
        compiled = compile_gate(parse_job(job), grants, status, accept_stale=accept_stale, held=held)
        out = self.root / "out.parquet"
        counts, usage = gate_parquet(compiled, data, out)
        report = build_report(
            compiled,
            grants,
            counts,
            usage,
            lists_loaded=len(status),
            lists_rejected=status.rejected,
            accept_stale=accept_stale,
        )
        return Run(pq.read_table(out), report, compiled, grants)


def other_org(root: Path) -> Organisation:
    return Organisation(OrgKeys.generate(), "Other Bank", clock=FixedClock(float(T0)))
