"""Grants after they leave: listing them, revocation and its cascade, the status lists organisations check,
usage receipts and the violations found in them, erasure requests and their confirmations, and evidence
bundles."""

from __future__ import annotations

import builtins  # classes here have a method named list, which shadows the type in annotations
import contextlib
import hmac
import json
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_app.domain.consent import GrantState
from vault_app.domain.errors import ConflictError, NotFoundError, ProtocolError, ValidationError, VaultError
from vault_app.domain.files import PRIVATE_MODE, atomic_write
from vault_app.domain.model import Category, ComplianceStatus, Processing
from vault_app.history.export import sign_export, write_export
from vault_app.history.kinds import EventKind
from vault_app.policy import scope as pscope
from vault_app.policy.lifecycle import GrantLifecycle
from vault_app.policy.lineage import DerivedItem, LineageGraph, SourceRef, cascade_revocation
from vault_app.policy.rules import RuleAction, RuleKind
from vault_app.protocol import binding, codec
from vault_app.protocol.lifetimes import renew_if_signed_before_ms
from vault_app.protocol.messages import (
    DeletionConfirmation,
    DeletionOutcome,
    ErasureRequest,
    StatusRef,
    UsageAction,
    UsageReceipt,
)
from vault_app.protocol.schema import gateway_url
from vault_app.protocol.statuslist import (
    ERASED,
    REVOKED,
    STATUS_BITS,
    StatusList,
    status_list_uri,
)
from vault_app.services.views import (
    AtRiskHolding,
    DerivedView,
    ErasureView,
    GrantView,
    ImportResult,
    ReceiptView,
    Revocation,
    ViolationView,
)
from vault_app.storage.db import Tx
from vault_app.storage.repositories.consent import GrantRow, StatusListRow

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
        """Grants, newest first; with ``limit``, one page, continued ``before`` the last grant of the
        previous page."""
        self.ctx.expire_due()
        st = [GrantState(str(s)) for s in states] if states else None
        if limit is None:
            return [_view(r) for r in self.repo.list(st, org)]
        after = (before.issued, before.id) if before is not None else None
        return [_view(r) for r in self.repo.page(st, org, limit=limit, after=after)]

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
        claimed: str | None = None
        with contextlib.suppress(VaultError, ValueError, TypeError):  # not a signed message: the sealed form
            jti = codec.peek(text)[1].get("jti")
            claimed = jti if isinstance(jti, str) else None
        gid = self.repo.find_by_message(text, claimed)
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
    def status_slot(self, tx: Tx, org: str, gateway: str | None = None) -> StatusRef:
        """The next free index in the organisation's status list. The list is created on the first grant,
        with its address: the organisation's gateway if its request named one, else the subject's
        publication base, else the file hand-over (docs/protocol.md section 6); grants already issued keep
        pointing at it."""
        repo = self.ctx.repos.status_lists
        row = repo.get_in(tx, org)
        if row is None:
            uri = status_list_uri(uuid.uuid4().hex, gateway=gateway, base=repo.publication_base())
            sl = StatusList(STATUS_LIST_SIZE, STATUS_BITS)
            repo.insert(tx, org, uri, sl.to_bytes(), 1, self.ctx.now_ms(), width=STATUS_BITS)
            return StatusRef(0, uri)
        bits, idx = row.bits, row.next_idx
        size = len(bits) * 8 // row.width
        if idx >= size:
            if size * 2 > STATUS_LIST_MAX:
                raise ConflictError("This organisation's revocation list is full.", reason="status-list-full")
            bits = bits + bytes(len(bits))
        # the next list must be signed after this grant, or the organisation would find it stale
        repo.update(tx, org, bits, self.ctx.now_ms(), next_idx=idx + 1)
        return StatusRef(idx, row.uri)

    def set_status(self, tx: Tx, org: str, idx: int, value: int) -> None:
        """Write one grant's status (REVOKED, SUPERSEDED, ERASED) in its organisation's list. A one-bit
        list (written before schema 4) is widened to two bits, same indexes, the first time it must say
        more than revoked. Revoked is final: a later replacement or erasure does not turn it into something
        else."""
        repo = self.ctx.repos.status_lists
        row = repo.get_in(tx, org)
        if row is None:
            return
        sl = StatusList(len(row.bits) * 8 // row.width, row.width, row.bits)
        if value >= 1 << sl.bits:
            sl = sl.widened(STATUS_BITS)
        if sl.get(idx) == REVOKED:
            return
        sl.set(idx, value)
        repo.update(tx, org, sl.to_bytes(), self.ctx.now_ms(), width=sl.bits)

    def _status_row(self, org: str) -> StatusListRow:
        row = self.ctx.repos.status_lists.get(org)
        if row is None:
            raise NotFoundError("No grant was ever issued to this organisation.", reason="no-status-list")
        return row

    def status_publication_base(self) -> str | None:
        """Where the subject publishes status lists (an https base URL), or None (lists are handed over as
        files). Used for lists created from now on."""
        return self.ctx.repos.status_lists.publication_base()

    def set_status_publication_base(self, base: str | None) -> None:
        if base is not None:
            base = base.rstrip("/")
            try:
                gateway_url(base, "publication base")
            except ProtocolError:
                raise ValidationError(
                    "The publication address must be an https URL without user, query or fragment.",
                    field="status_publication_base",
                ) from None
        with self.ctx.transaction("save where status lists are published") as tx:
            self.ctx.repos.status_lists.set_publication_base(tx, base)
        self.ctx.emit("settings", "status-publication")

    def _due(self, row: StatusListRow, now_ms: int) -> bool:
        # signed again when the statuses changed (the stored list was dropped) or it is past half its life
        return row.token is None or row.token_ms is None or row.token_ms <= renew_if_signed_before_ms(now_ms)

    def renew_status_lists(self) -> builtins.list[str]:
        """Sign a fresh list (new iat, exp a week on, ttl a day) for every organisation whose last list is
        out of date or past half its life. Runs on unlock and on every refresh. Returns those
        organisations."""
        if not self.ctx.vault.is_unlocked:
            return []
        now_ms = self.ctx.now_ms()
        due = [r for r in self.ctx.repos.status_lists.all() if self._due(r, now_ms)]
        for row in due:
            self._sign_status_list(row)
        return [r.org for r in due]

    def _sign_status_list(self, row: StatusListRow) -> str:
        sl = StatusList(len(row.bits) * 8 // row.width, row.width, row.bits)
        token = self.ctx.agent.build_status_list(self.ctx.pairwise_key(row.org), row.uri, sl)
        with self.ctx.transaction("renew the status list") as tx:
            self.ctx.repos.status_lists.set_token(tx, row.org, token, self.ctx.now_ms())
        return token

    def status_list_token(self, org: str) -> str:
        """The current signed status list for ``org`` (signed again first if out of date or past half its
        life)."""
        row = self._status_row(org)
        if row.token is None or self._due(row, self.ctx.now_ms()):
            return self._sign_status_list(row)
        return row.token

    def export_status_list(self, org: str, path: str | Path) -> Path:
        token = self.status_list_token(org)
        p = atomic_write(Path(path), token + "\n", PRIVATE_MODE, what="write the status list")
        with self.ctx.transaction("record the export") as tx:
            self.ctx.record(tx, EventKind.STATUS_LIST_EXPORTED, org=org, data={"file": p.name})
        return p

    # -- organisations that lost their standing --------------------------------------------------------------
    def at_risk(self) -> builtins.list[AtRiskHolding]:
        """Organisations that hold active grants although a trust list suspends them or they are marked
        non-compliant (by a certifier or by the subject), with those grants. Empty when there is nothing to
        do."""
        out = []
        for o in self.orgs.list():
            if o.status not in (ComplianceStatus.SUSPENDED, ComplianceStatus.NON_COMPLIANT):
                continue
            ids = tuple(self.repo.active_ids(o.did))
            if ids:
                out.append(AtRiskHolding(o.did, o.name, o.status, o.status_text, ids))
        return out

    def revoke_all_held_by(self, org: str, *, reason: str | None = None) -> builtins.list[Revocation]:
        """Revoke every active grant ``org`` holds, in one action: one revocation (notice and ids) per
        grant."""
        self.orgs.get(org)  # NotFoundError for an organisation not in the list
        done = []
        for gid in self.repo.active_ids(org):
            if self.get(gid).state is not GrantState.ACTIVE:
                continue  # revoked meanwhile by the cascade of an earlier one
            done.append(self.revoke(gid, reason=reason or "the organisation lost its standing"))
        return done

    def apply_suspension_rule(self) -> builtins.list[AtRiskHolding]:
        """Run the standing rule "revoke on suspension" if it is set to act: revoke every active grant of
        every suspended or non-compliant organisation. Returns what was revoked (empty if the rule is not
        set)."""
        rule = next((r for r in self.orgs.floor().rules if r.kind is RuleKind.REVOKE_ON_SUSPENSION), None)
        if rule is None or rule.action is not RuleAction.REFUSE:
            return []
        held = self.at_risk()
        for h in held:
            self.revoke_all_held_by(
                h.org, reason=f"your rule: {h.name} is {h.status.value.replace('-', ' ')}"
            )
        return held

    def standing_note(self) -> str:
        """After an organisation's standing changed: apply the suspension rule and say what it did, or
        which suspended organisations still hold grants (for the import result the subject reads)."""
        revoked = self.apply_suspension_rule()
        if revoked:
            return (
                " Revoked by your rule: "
                + "; ".join(f"{len(h.grant_ids)} grant(s) of {h.name} ({h.status.value})" for h in revoked)
                + "."
            )
        held = self.at_risk()
        if held:
            return (
                " Still holding your data: "
                + "; ".join(
                    f"{h.name} ({h.status.value}) has {len(h.grant_ids)} active grant(s)" for h in held
                )
                + ". You can revoke them all at once."
            )
        return ""

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
        notice = self._notice(g)
        self.ctx.emit("grants", "revoked", ids=revoked)
        return Revocation(notice, revoked)

    def revocation_notice(self, grant_id: str) -> str:
        """A signed revocation notice for a grant already revoked (to deliver again when the first delivery
        failed). Refused for a grant that is not revoked: revoking is :meth:`revoke`'s job."""
        g = self.get(grant_id)
        if g.state is not GrantState.REVOKED:
            raise ConflictError("This grant is not revoked.", reason="not-revoked")
        return self._notice(g)

    def _notice(self, g: GrantView) -> str:
        uri = self._status_row(g.org).uri
        return self.ctx.agent.make_revocation_notice(
            self.ctx.pairwise_key(g.org), g.org, g.id, status=StatusRef(g.status_idx, uri)
        )

    def _revoke_one(
        self, tx: Tx, g: GrantView, now: float, reason: str, cascade_from: str | None = None
    ) -> None:
        # an expired grant is revoked too: the organisation must not keep or use the data
        self.set_status(tx, g.org, g.status_idx, REVOKED)
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
        lc = self._lifecycle_for_receipt(row)
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

    def _lifecycle_for_receipt(self, row: GrantRow) -> GrantLifecycle:
        """Where the grant stood, with when it changed, so that each reported use can be judged against it.

        A superseded grant changed when its replacement was issued; an erased one when the organisation
        confirmed the deletion (not kept: any use reported under it counts as after the change)."""
        if row.state is GrantState.EXPIRED:
            return GrantLifecycle(GrantState.EXPIRED, None, row.expires, None)
        if row.state is GrantState.SUPERSEDED:
            by = self.repo.get(row.superseded_by) if row.superseded_by else None
            return GrantLifecycle(
                GrantState.SUPERSEDED, None, by.issued if by is not None else row.issued, row.superseded_by
            )
        if row.state is GrantState.REVOKED:
            return GrantLifecycle(GrantState.REVOKED, None, row.revoked, None)
        if row.state is GrantState.ERASED:
            return GrantLifecycle(GrantState.ERASED, None, None, None)
        return GrantLifecycle()

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

    def has_receipt(self, org: str, receipt_id: str) -> bool:
        """Whether ``org`` already sent the receipt ``receipt_id`` (ids are unique per sender only)."""
        return self.ctx.repos.receipts.exists(org, receipt_id)

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
        ended: builtins.list[str] = []
        with self.ctx.transaction("file the deletion confirmation") as tx:
            self.ctx.repos.erasures.confirm(tx, b.erasure_id, summary, self.ctx.now_ms())
            self.ctx.record(
                tx,
                EventKind.ERASURE_CONFIRMED,
                org=msg.issuer,
                data={"erasure": b.erasure_id, "confirmation": msg.jti, **summary},
            )
            # A confirmed deletion of everything a grant released ends that grant: its status says ERASED, so
            # the organisation's own checks see it must not be used.
            if b.outcome is not DeletionOutcome.REFUSED and not erasure.body.fields:
                for gid in erasure.body.grant_ids:
                    g = self.repo.get(gid)
                    if g is None or g.org != msg.issuer:
                        continue
                    if g.state in (GrantState.ACTIVE, GrantState.EXPIRED):
                        GrantLifecycle.from_storage(g.state.value, changed_at=self.ctx.now()).erase(
                            at=self.ctx.now()
                        )
                        self.repo.erase(tx, gid)
                        self.ctx.record(
                            tx,
                            EventKind.GRANT_ERASED,
                            org=msg.issuer,
                            data={"grant": gid, "erasure": b.erasure_id},
                        )
                        ended.append(gid)
                    self.set_status(tx, msg.issuer, g.status_idx, ERASED)
        if b.outcome is DeletionOutcome.REFUSED:
            self.record_violation(
                msg.issuer,
                erasure.body.grant_ids[0] if erasure.body.grant_ids else None,
                "erasure-refused",
                "The organisation refused to delete your data.",
                {"confirmation": msg.jti},
            )
        self.ctx.emit("grants", "erasure-confirmed", id=b.erasure_id)
        ended_text = f" The grant{'s' if len(ended) > 1 else ''} {', '.join(ended)} ended." if ended else ""
        return ImportResult(
            "deletion-confirmation",
            msg.jti,
            msg.issuer,
            b.outcome.value,
            f"The organisation answered your erasure request: {b.outcome.value.replace('-', ' ')}."
            + ended_text,
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
