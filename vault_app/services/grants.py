"""Grants after they leave: listing them, revocation and its cascade, the status lists organisations check,
usage receipts and the violations found in them, erasure requests and their confirmations, and evidence
bundles."""

from __future__ import annotations

import builtins  # classes here have a method named list, which shadows the type in annotations
import hmac
import json
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_app.domain.consent import GrantState
from vault_app.domain.errors import ConflictError, NotFoundError, ProtocolError, ValidationError, VaultError
from vault_app.domain.files import PRIVATE_MODE, atomic_write
from vault_app.domain.model import Category, Processing
from vault_app.history.export import sign_export, write_export
from vault_app.history.kinds import EventKind
from vault_app.policy import scope as pscope
from vault_app.policy.lifecycle import GrantLifecycle
from vault_app.policy.lineage import DerivedItem, LineageGraph, SourceRef, cascade_revocation
from vault_app.protocol import binding, codec
from vault_app.protocol.messages import (
    DeletionConfirmation,
    DeletionOutcome,
    ErasureRequest,
    StatusRef,
    UsageAction,
    UsageReceipt,
)
from vault_app.protocol.statuslist import StatusList
from vault_app.services.views import (
    DerivedView,
    ErasureView,
    GrantView,
    ImportResult,
    ReceiptView,
    Revocation,
    ViolationView,
)
from vault_app.storage.db import Tx
from vault_app.storage.repositories.consent import GrantRow

if TYPE_CHECKING:
    from vault_app.services.consent import ConsentContext
    from vault_app.services.organisations import OrganisationService

#: status lists start with room for this many grants per organisation and grow by doubling
STATUS_LIST_SIZE = 1024
STATUS_LIST_MAX = 1 << 20


def _no_grant(grant_id: str) -> NotFoundError:
    return NotFoundError(f"There is no grant {grant_id}.", reason="no-grant")


def _view(r: GrantRow) -> GrantView:
    return GrantView(
        r.id,
        r.org,
        r.org_name,
        r.kind,
        r.state,
        r.issued,
        r.expires,
        r.scope,
        r.fields,
        r.request_id,
        r.parent,
        r.superseded_by,
        r.revoked,
        r.status_idx,
    )


class GrantService:
    def __init__(self, ctx: ConsentContext, orgs: OrganisationService) -> None:
        self.ctx = ctx
        self.orgs = orgs
        self.repo = ctx.repos.grants

    # -- reading ---------------------------------------------------------------------------------------------
    def list(
        self,
        states: Iterable[GrantState | str] | None = None,
        *,
        org: str | None = None,
        limit: int | None = None,
        before: GrantView | None = None,
    ) -> builtins.list[GrantView]:
        """Grants, newest first; with ``limit``, one page, continued ``before`` the last grant of the previous
        page."""
        self.ctx.expire_due()
        st = [GrantState(str(s)) for s in states] if states else None
        after = (before.issued, before.id) if before is not None else None
        return [_view(r) for r in self.repo.list(st, org, limit=limit, before=after)]

    def children(self, grant_id: str) -> builtins.list[GrantView]:
        """The grants that were passed on from ``grant_id`` (its onward grants), newest first."""
        return [_view(r) for r in self.repo.children(grant_id)]

    def count(self, states: Iterable[GrantState | str] | None = None, *, org: str | None = None) -> int:
        st = [GrantState(str(s)) for s in states] if states else None
        return self.repo.count(st, org)

    def get(self, grant_id: str) -> GrantView:
        r = self.repo.get(grant_id)
        if r is None:
            raise _no_grant(grant_id)
        return _view(r)

    def sealed(self, grant_id: str) -> str:
        """The sealed grant (JWE) as sent to the organisation, for saving, copying or a QR code."""
        jwe = self.repo.jwe(grant_id)
        if jwe is None:
            raise _no_grant(grant_id)
        return jwe

    def content(self, grant_id: str) -> dict[str, Any]:
        """The signed grant's claims (what the organisation reads after decrypting). Holds released values."""
        token = self.repo.token(grant_id)
        if token is None:
            raise _no_grant(grant_id)
        return codec.peek(token)[1]

    def terms(self, grant_id: str) -> pscope.GrantTerms:
        g = self.get(grant_id)
        return pscope.GrantTerms(g.id, g.org, g.scope, g.field_names)

    def find_own(self, text: str) -> GrantView | None:
        """The grant whose sealed or signed form is exactly ``text`` (a grant file this vault wrote)."""
        gid = self.repo.find_by_message(text)
        return self.get(gid) if gid else None

    # -- derived data and lineage ----------------------------------------------------------------------------
    def list_derived(self, states: Iterable[str] | None = None) -> builtins.list[DerivedView]:
        out = [
            DerivedView(
                d.id,
                d.org,
                d.org_name,
                d.name,
                d.category,
                d.method,
                d.sources,
                d.state,
                d.grant_id,
                d.created,
                d.decided,
            )
            for d in self.ctx.repos.derived.list()
        ]
        if states:
            st = set(states)
            out = [d for d in out if d.state.value in st]
        return out

    def lineage(self) -> LineageGraph:
        items = []
        for d in self.ctx.repos.derived.list():
            try:
                items.append(
                    DerivedItem(
                        d.id,
                        d.org,
                        d.name,
                        Category(d.category),
                        d.method,
                        tuple(SourceRef(g, f) for g, f in d.sources),
                        state=d.state,
                        grant_id=d.grant_id,
                    )
                )
            except (VaultError, ValueError):
                continue
        return LineageGraph(items)

    # -- status lists ----------------------------------------------------------------------------------------
    def status_slot(self, tx: Tx, org: str) -> StatusRef:
        """The next free index in the organisation's status list (created on the first grant)."""
        repo = self.ctx.repos.status_lists
        row = repo.get_in(tx, org)
        if row is None:
            uri = f"urn:pdv:status:{uuid.uuid4()}"
            repo.insert(tx, org, uri, StatusList(STATUS_LIST_SIZE).to_bytes(), 1, self.ctx.now_ms())
            return StatusRef(0, uri)
        bits, idx = row.bits, row.next_idx
        size = len(bits) * 8
        if idx >= size:
            if size * 2 > STATUS_LIST_MAX:
                raise ConflictError("This organisation's revocation list is full.", reason="status-list-full")
            bits = bits + bytes(len(bits))
        repo.update(tx, org, bits, self.ctx.now_ms(), next_idx=idx + 1)
        return StatusRef(idx, row.uri)

    def _status_row(self, org: str) -> tuple[str, bytes]:
        row = self.ctx.repos.status_lists.get(org)
        if row is None:
            raise NotFoundError("No grant was ever issued to this organisation.", reason="no-status-list")
        return row.uri, row.bits

    def status_list_token(self, org: str) -> str:
        uri, bits = self._status_row(org)
        sl = StatusList(len(bits) * 8, 1, bits)
        return self.ctx.agent.build_status_list(self.ctx.pairwise_key(org), uri, sl)

    def export_status_list(self, org: str, path: str | Path) -> Path:
        token = self.status_list_token(org)
        p = atomic_write(Path(path), token + "\n", PRIVATE_MODE, what="write the status list")
        with self.ctx.transaction("record the export") as tx:
            self.ctx.record(tx, EventKind.STATUS_LIST_EXPORTED, org=org, data={"file": p.name})
        return p

    # -- revocation ------------------------------------------------------------------------------------------
    def revoke(self, grant_id: str, *, reason: str | None = None) -> Revocation:
        """Revoke a grant (and, by cascade, grants for data derived from it and onward grants made under
        it). Returns the signed revocation notice for the organisation and the ids of every grant revoked."""
        g = self.get(grant_id)
        if g.state is GrantState.REVOKED:
            raise ConflictError("This grant is already revoked.", reason="already-revoked")
        now = self.ctx.now()
        cascade = cascade_revocation(grant_id, self.lineage())
        revoked = [grant_id]
        with self.ctx.transaction("revoke the grant") as tx:
            self._revoke_one(tx, g, now, reason or "you revoked it")
            for step in cascade:
                self.ctx.repos.derived.set_revoked(tx, step.item_id, int(now * 1000))
                if step.grant_id:
                    dg = self.get(step.grant_id)
                    if dg.state is not GrantState.REVOKED:
                        self._revoke_one(tx, dg, now, step.reason, cascade_from=step.because_of)
                        revoked.append(step.grant_id)
            for child in self.repo.children_in(tx, grant_id):
                self._revoke_one(
                    tx,
                    self.get(child),
                    now,
                    f"Passed on under grant {grant_id}, which was revoked.",
                    cascade_from=grant_id,
                )
                revoked.append(child)
        uri, _bits = self._status_row(g.org)
        notice = self.ctx.agent.make_revocation_notice(
            self.ctx.pairwise_key(g.org), g.org, grant_id, status=StatusRef(g.status_idx, uri)
        )
        self.ctx.emit("grants", "revoked", ids=revoked)
        return Revocation(notice, revoked)

    def _revoke_one(
        self, tx: Tx, g: GrantView, now: float, reason: str, cascade_from: str | None = None
    ) -> None:
        # an expired grant is revoked too: the organisation must not keep or use the data
        row = self.ctx.repos.status_lists.get_in(tx, g.org)
        if row is not None:
            sl = StatusList(len(row.bits) * 8, 1, row.bits)
            sl.revoke(g.status_idx)
            self.ctx.repos.status_lists.update(tx, g.org, sl.to_bytes(), self.ctx.now_ms())
        self.repo.revoke(tx, g.id, int(now * 1000))
        data: dict[str, Any] = {"grant": g.id, "reason": reason}
        if cascade_from:
            data["cascade_from"] = cascade_from
        self.ctx.record(tx, EventKind.GRANT_REVOKED, org=g.org, purpose=g.scope.purpose_text, data=data)

    # -- receipts and violations -----------------------------------------------------------------------------
    def import_receipt(self, msg: codec.Signed[UsageReceipt]) -> ImportResult:
        b = msg.body
        row = self.repo.get(b.grant_id)
        if row is None or row.org != msg.issuer:
            exc = ProtocolError(
                "The receipt cites a grant this organisation was never given.", reason="unknown-grant"
            )
            self.ctx.record_rejection(exc, source="receipt", text=msg.token)
            raise exc
        if b.grant_hash is not None:
            token = self.repo.token(b.grant_id) or ""
            if not hmac.compare_digest(b.grant_hash, codec.token_hash(token)):
                exc = ProtocolError(
                    "The receipt cites a different grant than the one issued.", reason="request-mismatch"
                )
                self.ctx.record_rejection(exc, source="receipt", text=msg.token)
                raise exc
        lc = GrantLifecycle.from_storage(row.state.value, changed_at=row.revoked)
        if row.state is GrantState.EXPIRED:
            lc = GrantLifecycle(GrantState.EXPIRED, None, row.expires, None)
        fields = [f.name for f in row.fields]
        violations: builtins.list[pscope.Violation] = []
        processing = {p.value for p in Processing}
        for e in b.entries:
            facts = pscope.UsageFacts(
                used_at=float(e.at),
                purpose_text=e.purpose_text,
                recipients=(e.recipient,) if e.action is UsageAction.TRANSFER and e.recipient else (),
                derivation=(Processing(e.action.value),) if e.action.value in processing else (),
                fields=tuple(e.fields),
                receipt_id=msg.jti,
            )
            violations += pscope.check_usage(
                row.scope, lc, fields, facts, issued_at=row.issued, grant_id=b.grant_id
            )
        summary = {
            "entries": [
                {
                    "action": e.action.value,
                    "fields": list(e.fields),
                    "at": e.at,
                    "purpose_text": e.purpose_text,
                    "recipient": e.recipient,
                }
                for e in b.entries
            ],
            "violations": [v.kind.value for v in violations],
        }
        with self.ctx.transaction("file the receipt") as tx:
            self.ctx.repos.receipts.insert(
                tx, msg.jti, b.grant_id, msg.issuer, msg.token, summary, self.ctx.now_ms()
            )
            self.ctx.record(
                tx,
                EventKind.RECEIPT_IMPORTED,
                org=msg.issuer,
                data={
                    "receipt": msg.jti,
                    "grant": b.grant_id,
                    "actions": sorted({e.action.value for e in b.entries}),
                    "violations": len(violations),
                },
            )
        for v in violations:
            self.record_violation(
                msg.issuer,
                b.grant_id,
                v.kind.value,
                v.message,
                {"receipt": msg.jti, "facts": dict(v.evidence)},
            )
        self.ctx.emit("grants", "receipt", id=b.grant_id)
        text = (
            f"Receipt filed: {len(violations)} violation(s) found."
            if violations
            else "Receipt filed: the reported use is within the grant."
        )
        return ImportResult("receipt", msg.jti, msg.issuer, None, text, tuple(v.message for v in violations))

    def record_violation(
        self, org: str, grant_id: str | None, kind: str, detail: str, evidence: dict[str, Any]
    ) -> int:
        with self.ctx.transaction("record the violation") as tx:
            e = self.ctx.record(
                tx,
                EventKind.VIOLATION,
                org=org,
                data={"grant": grant_id, "violation": kind, "detail": detail[:500]},
            )
            vid = self.ctx.repos.violations.insert(
                tx, grant_id, org, kind, detail, evidence, e.seq, self.ctx.now_ms()
            )
        self.ctx.emit("history", "violation", id=vid)
        return vid

    def violations(self, *, grant_id: str | None = None) -> builtins.list[ViolationView]:
        return [
            ViolationView(v.id, v.grant_id, v.org, v.kind, v.detail, v.evidence, v.created, v.history_seq)
            for v in self.ctx.repos.violations.list(grant_id)
        ]

    def receipts(self, grant_id: str | None = None) -> builtins.list[ReceiptView]:
        return [
            ReceiptView(
                r.id,
                r.grant_id,
                r.org,
                tuple(r.summary.get("entries", ())),
                tuple(r.summary.get("violations", ())),
                r.received,
            )
            for r in self.ctx.repos.receipts.list(grant_id)
        ]

    def has_receipt(self, receipt_id: str) -> bool:
        return self.ctx.repos.receipts.exists(receipt_id)

    # -- erasure ---------------------------------------------------------------------------------------------
    def request_erasure(self, grant_id: str, *, fields: Sequence[str] = ()) -> str:
        g = self.get(grant_id)
        token = self.ctx.agent.make_erasure_request(
            self.ctx.pairwise_key(g.org), g.org, [grant_id], fields=fields
        )
        _, claims = codec.peek(token)
        eid = str(claims["jti"])
        with self.ctx.transaction("record the erasure request") as tx:
            self.ctx.repos.erasures.insert(tx, eid, grant_id, g.org, token, self.ctx.now_ms())
            self.ctx.record(
                tx,
                EventKind.ERASURE_REQUESTED,
                org=g.org,
                data={"erasure": eid, "grant": grant_id, "fields": list(fields), "include_derived": True},
            )
        self.ctx.emit("grants", "erasure", id=grant_id)
        return token

    def erasures(self, *, open_only: bool = False) -> builtins.list[ErasureView]:
        return [
            ErasureView(
                e.id,
                e.grant_id,
                e.org,
                e.issued,
                e.confirmed,
                str(e.confirmation["outcome"]) if e.confirmation else None,
            )
            for e in self.ctx.repos.erasures.list(open_only)
        ]

    def import_deletion(self, msg: codec.Signed[DeletionConfirmation]) -> ImportResult:
        b = msg.body
        row = self.ctx.repos.erasures.get(b.erasure_id)
        if row is None or row.org != msg.issuer:
            exc = ProtocolError(
                "This confirmation answers an erasure request you did not send to this organisation.",
                reason="request-mismatch",
            )
            self.ctx.record_rejection(exc, source="deletion-confirmation", text=msg.token)
            raise exc
        erasure = codec.verify(row.token, ErasureRequest, check_times=False, audience=msg.issuer)
        try:
            binding.check_reference(erasure, b.erasure_id, b.erasure_hash, "confirmation")
        except ProtocolError as exc:
            self.ctx.record_rejection(exc, source="deletion-confirmation", text=msg.token)
            raise
        summary = {
            "outcome": b.outcome.value,
            "deleted_at": b.deleted_at,
            "retained": [{"field": r.field, "reason": r.reason} for r in b.retained],
        }
        with self.ctx.transaction("file the deletion confirmation") as tx:
            self.ctx.repos.erasures.confirm(tx, b.erasure_id, summary, self.ctx.now_ms())
            self.ctx.record(
                tx,
                EventKind.ERASURE_CONFIRMED,
                org=msg.issuer,
                data={"erasure": b.erasure_id, "confirmation": msg.jti, **summary},
            )
        if b.outcome is DeletionOutcome.REFUSED:
            self.record_violation(
                msg.issuer,
                erasure.body.grant_ids[0] if erasure.body.grant_ids else None,
                "erasure-refused",
                "The organisation refused to delete your data.",
                {"confirmation": msg.jti},
            )
        self.ctx.emit("grants", "erasure-confirmed", id=b.erasure_id)
        return ImportResult(
            "deletion-confirmation",
            msg.jti,
            msg.issuer,
            b.outcome.value,
            f"The organisation answered your erasure request: {b.outcome.value.replace('-', ' ')}.",
        )

    # -- evidence --------------------------------------------------------------------------------------------
    def export_evidence(
        self, path: str | Path, *, grant_id: str | None = None, violation_id: int | None = None
    ) -> Path:
        """A bundle for a data-protection authority: the grant (signed), the organisation's receipts
        (signed by it), the violations and the history entries about that grant, with a signature by the
        subject."""
        if violation_id is not None:
            v = [x for x in self.violations() if x.id == violation_id]
            if not v:
                raise NotFoundError(f"There is no violation {violation_id}.", reason="no-violation")
            grant_id = grant_id or v[0].grant_id
        if grant_id is None:
            raise ValidationError("Name a grant or a violation.", field="grant")
        g = self.get(grant_id)
        history = self.ctx.vault.history
        entries = [
            e.to_json()
            for e in history.iter_all()
            if e.data.get("grant") == grant_id or e.data.get("request") == g.request_id
        ]
        seq, head = history.head()
        req_token = self.ctx.repos.requests.token(g.request_id) if g.request_id else None
        bundle = {
            "format": "pdvault-evidence",
            "version": 1,
            "subject": self.ctx.pairwise_did(g.org),
            "organisation": self.orgs.get(g.org).to_json(),
            "grant": g.to_json(),
            "grant_token": self.repo.token(grant_id),
            "request_token": req_token,
            "receipts": self.ctx.repos.receipts.tokens(grant_id),
            "violations": [
                {
                    "id": x.id,
                    "kind": x.kind,
                    "detail": x.detail,
                    "evidence": x.evidence,
                    "history_seq": x.history_seq,
                }
                for x in self.violations(grant_id=grant_id)
            ],
            "history": entries,
            "history_head": {"seq": seq, "hash": head.hex()},
            "note": (
                "grant_token holds the values released to this organisation; "
                "the organisation already has them."
            ),
        }
        data = (json.dumps(bundle, indent=1, ensure_ascii=False) + "\n").encode()
        key = self.ctx.pairwise_key(g.org)
        did = self.ctx.pairwise_did(g.org)
        sig = sign_export(
            data,
            key=key,
            kid=did + "#" + did.split(":")[-1],
            claims={"iss": did, "iat": int(self.ctx.now()), "format": "evidence", "grant": grant_id},
        )
        p = Path(path)
        write_export(p, data, sig)
        with self.ctx.transaction("record the export") as tx:
            self.ctx.record(
                tx, EventKind.EVIDENCE_EXPORTED, org=g.org, data={"grant": grant_id, "file": p.name}
            )
        return p
