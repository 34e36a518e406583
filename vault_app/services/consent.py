"""The consent engine's use cases: requests in, decisions, grants out, revocation, receipts, derived data,
verification, erasure and evidence. One facade for the GUI and the CLI, on top of :class:`VaultService`.

Flow of an incoming message (:meth:`ConsentService.import_text`): the protocol layer verifies it completely
(signature, type, times, audience, replay, schema); a failure is recorded in the history as
``request.rejected`` with its reason and re-raised as :class:`ProtocolError`, so nothing half-read is kept.
A verified request is recorded, then passes the compliance gate and the subject's privacy floor before the
subject sees it: it is refused automatically (reason named) or put in the inbox for review, with the rules it
goes beyond flagged.

Decisions (:meth:`approve`) go through :func:`vault_app.policy.decisions.build_release`, which enforces that
only requested fields leave, exactly as previewed, never to a refused organisation, and never wider than asked
or than the floor allows. The grant is signed with the subject's pairwise key for that organisation and sealed
to the organisation's encryption key; its revocation bit lives in a status list kept per organisation.

Every state change commits together with its history entry. History entries name fields, organisations and
purposes, never values.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.errors import (
    ConflictError,
    NotFoundError,
    PolicyDenied,
    ProtocolError,
    ValidationError,
    VaultError,
)
from vault_app.domain.events import Event
from vault_app.domain.model import (
    Category,
    ComplianceStatus,
    Field,
    FieldDecision,
    Processing,
    Provenance,
    ProvenanceKind,
    ReleasedField,
    ReleaseMode,
    RequestedField,
    Scope,
)
from vault_app.crypto.keys import pairwise_signing_key, pseudonym_key
from vault_app.history.export import sign_export
from vault_app.history.kinds import EventKind
from vault_app.policy import anonymise
from vault_app.policy import scope as pscope
from vault_app.policy.compliance import (
    ComplianceClaim,
    ComplianceSource,
    GateOutcome,
    OrgCompliance,
    SourceKind,
    gate,
)
from vault_app.policy.decisions import Outcome, ReleasePlan, SubjectDecisions, build_release, onward_scope
from vault_app.policy.lifecycle import GrantLifecycle, GrantState, RequestLifecycle, RequestState
from vault_app.policy.lineage import DerivedItem, DerivedState, LineageGraph, SourceRef, cascade_revocation
from vault_app.policy.request import RequestSummary, describe_duration
from vault_app.policy.rules import PrivacyFloor, Rule, RuleAction, RuleFinding, RuleKind
from vault_app.policy.verification import Claim, verify as verify_claims
from vault_app.protocol import codec
from vault_app.protocol.did import did_from_public_key, fingerprint
from vault_app.protocol.jwk import x25519_public_from_jwk, x25519_public_jwk
from vault_app.protocol.messages import (
    AuthorisationRequest,
    DeletionConfirmation,
    DeletionOutcome,
    DerivedDataRequest,
    ErasureRequest,
    Grant,
    Kind,
    RefusalReason,
    StatusRef,
    TrustList,
    UsageAction,
    UsageReceipt,
    VerificationOutcome,
    VerificationRequest,
    VerificationResult,
)
from vault_app.protocol.statuslist import ERASED, REVOKED, STATUS_BITS, SUPERSEDED, StatusList, status_list_uri
from vault_app.protocol.subject import SubjectAgent
from vault_app.protocol.transport import detect_kind
from vault_app.storage.files import atomic_write

#: status lists start with room for this many grants per organisation and grow by doubling
STATUS_LIST_SIZE = 1024
STATUS_LIST_MAX = 1 << 20

_REQUEST_KINDS = {Kind.REQUEST: "authorisation", Kind.VERIFICATION_REQUEST: "verification",
                  Kind.DERIVED_REQUEST: "derived"}


def _j(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- views (what GUI and CLI show) ------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgView:
    did: str
    name: str
    status: ComplianceStatus
    status_text: str
    source: str | None
    blocked: bool
    contact: str | None
    dpo_contact: str | None
    fingerprint: str
    has_enc_key: bool
    first_seen: float
    claims: tuple[ComplianceClaim, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"did": self.did, "name": self.name, "status": self.status.value, "status_text": self.status_text,
                "source": self.source, "blocked": self.blocked, "contact": self.contact,
                "dpo_contact": self.dpo_contact, "fingerprint": self.fingerprint, "first_seen": self.first_seen,
                "claims": [c.to_json() for c in self.claims]}


@dataclass(frozen=True)
class RequestView:
    id: str
    kind: str  # authorisation | verification | derived
    org: str
    org_name: str
    state: RequestState
    reason: str | None
    received: float
    expires: float
    summary: dict[str, Any]
    refines: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state in (RequestState.RECEIVED, RequestState.PENDING_REVIEW)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "org": self.org, "org_name": self.org_name,
                "state": self.state.value, "reason": self.reason, "received": self.received,
                "expires": self.expires, "refines": self.refines, "summary": self.summary}


@dataclass(frozen=True)
class Review:
    """Everything the review dialog shows about one request, computed fresh."""

    request: RequestView
    org: OrgView
    gate_outcome: GateOutcome
    gate_message: str
    findings: tuple[RuleFinding, ...]
    diff: pscope.ScopeDiff | None
    #: per requested field: (name, category, do we hold it, its type or None)
    fields: tuple[tuple[str, Category, bool, str | None], ...]
    retention_text: str

    def to_json(self) -> dict[str, Any]:
        d = self.request.to_json()
        d.update({
            "organisation": self.org.to_json(), "gate": self.gate_outcome.value, "gate_message": self.gate_message,
            "findings": [{"rule": f.rule_id, "action": f.action.value, "message": f.message,
                          "fields": list(f.fields)} for f in self.findings],
            "fields": [{"name": n, "category": c.value, "held": h, "type": t} for n, c, h, t in self.fields],
            "retention_text": self.retention_text,
        })
        if self.diff is not None:
            d["diff"] = {"widens": self.diff.widens, "items": [
                {"aspect": i.aspect.value, "change": i.change.value, "item": i.subject, "old": i.old, "new": i.new, "widens": i.widens,
                 "message": i.message} for i in self.diff.items]}
        return d


@dataclass(frozen=True)
class GrantView:
    id: str
    org: str
    org_name: str
    kind: str  # grant | onward | derived | verification-response
    state: GrantState
    issued: float
    expires: float
    scope: Scope
    fields: tuple[dict[str, Any], ...]  # name, category, form, method (no values)
    request_id: str | None
    parent: str | None
    superseded_by: str | None
    revoked: float | None
    status_idx: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "org": self.org, "org_name": self.org_name, "kind": self.kind,
                "state": self.state.value, "issued": self.issued, "expires": self.expires,
                "scope": {"purposes": list(self.scope.purposes), "purpose_text": self.scope.purpose_text,
                          "retention_seconds": self.scope.retention_seconds,
                          "onward_recipients": list(self.scope.onward_recipients),
                          "derivation": [p.value for p in self.scope.derivation]},
                "fields": list(self.fields), "request_id": self.request_id, "parent": self.parent,
                "superseded_by": self.superseded_by, "revoked": self.revoked, "status_idx": self.status_idx}


@dataclass(frozen=True)
class IssuedGrant:
    grant_id: str
    org: str
    jwe: str = field(repr=False)
    outcome: str
    released: tuple[str, ...]
    withheld: tuple[str, ...]
    onward_grants: tuple[tuple[str, str, str], ...] = ()  # (grant id, recipient DID, jwe)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    kind: str
    id: str
    org: str | None
    state: str | None
    message: str
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class AtRiskHolding:
    """Active grants held by an organisation that a trust list suspended or that is marked non-compliant (by a
    certifier or by the subject): what the GUI and CLI show, with one action to revoke them all."""

    org: str
    name: str
    status: ComplianceStatus
    status_text: str
    grant_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"org": self.org, "name": self.name, "status": self.status.value, "status_text": self.status_text,
                "grants": list(self.grant_ids)}


@dataclass(frozen=True)
class ViolationView:
    id: int
    grant_id: str | None
    org: str
    kind: str
    detail: str
    evidence: dict[str, Any]
    created: float
    history_seq: int | None


class _DbReplay:
    """The replay cache kept in the database, so a message is accepted once across restarts."""

    def __init__(self, svc: ConsentService) -> None:
        self.svc = svc

    def check_and_remember(self, jti: str, exp: int) -> None:
        db = self.svc.vault.db
        now = self.svc.vault.clock.now()
        row = db.query_one("SELECT exp_ms FROM seen_jti WHERE jti = ?", (jti,))
        if row is not None:
            from vault_app.protocol.errors import Reason, fail

            fail(Reason.REPLAYED, "This message was already received once; a copy is not accepted again.")
        with db.transaction("remember the message id") as c:
            c.execute("INSERT INTO seen_jti (jti, exp_ms) VALUES (?, ?)", (jti, int(exp) * 1000))
            # forget ids whose messages expired long ago (they would be refused as expired anyway)
            c.execute("DELETE FROM seen_jti WHERE exp_ms < ?", (int((now - 86400) * 1000),))


class ConsentService:
    """Bound to an unlocked :class:`~vault_app.services.vault.VaultService` (``vault.consent``)."""

    def __init__(self, vault: Any) -> None:
        self.vault = vault
        self.agent = SubjectAgent(clock=vault.clock, replay=_DbReplay(self))

    # -- helpers --------------------------------------------------------------------------------------------
    @property
    def db(self) -> Any:
        return self.vault.db

    def _now(self) -> float:
        return float(self.vault.clock.now())

    def _now_ms(self) -> int:
        return int(self.vault.clock.now() * 1000)

    def pairwise_key(self, org_did: str) -> Ed25519PrivateKey:
        return pairwise_signing_key(self.vault.root_secret, org_did)

    def pairwise_did(self, org_did: str) -> str:
        return did_from_public_key(self.pairwise_key(org_did))

    def _emit(self, topic: str, action: str, **payload: Any) -> None:
        self.vault.events.emit(Event(topic, action, payload))

    def _known_pairwise(self, org_did: str) -> str | None:
        row = self.db.query_one("SELECT 1 FROM organisations WHERE did = ?", (org_did,))
        return self.pairwise_did(org_did) if row else None

    # -- organisations --------------------------------------------------------------------------------------
    def _org_row(self, did: str) -> Any:
        return self.db.query_one(
            "SELECT did, display_name, enc_jwk, contact, dpo_contact, claims, blocked, first_seen_ms "
            "FROM organisations WHERE did = ?", (did,))

    def _org_compliance(self, row: Any) -> OrgCompliance:
        claims = tuple(ComplianceClaim.from_json(c) for c in json.loads(row[5]))
        return OrgCompliance(row[0], claims, bool(row[6]), row[1])

    def trusted_certifiers(self) -> list[str]:
        return [r[0] for r in self.db.query("SELECT did FROM certifiers ORDER BY did")]

    def org_compliance(self, did: str) -> OrgCompliance | None:
        row = self._org_row(did)
        return self._org_compliance(row) if row else None

    def _org_view(self, row: Any) -> OrgView:
        oc = self._org_compliance(row)
        eff = oc.effective(self._now(), trusted_certifiers=self.trusted_certifiers())
        try:
            fp = fingerprint(row[0])
        except VaultError:
            fp = "?"
        return OrgView(row[0], row[1], eff.status, eff.describe(), eff.source.describe() if eff.source else None,
                       bool(row[6]), row[3], row[4], fp, bool(row[2]), row[7] / 1000, oc.claims)

    def list_orgs(self) -> list[OrgView]:
        rows = self.db.query("SELECT did, display_name, enc_jwk, contact, dpo_contact, claims, blocked, "
                             "first_seen_ms FROM organisations ORDER BY display_name COLLATE NOCASE")
        return [self._org_view(r) for r in rows]

    def get_org(self, did: str) -> OrgView:
        row = self._org_row(did)
        if row is None:
            raise NotFoundError(f"There is no organisation {did} in your list.", reason="no-organisation")
        return self._org_view(row)

    def _upsert_org(self, c: Any, did: str, name: str, enc_jwk: Mapping[str, Any] | None,
                    contact: str | None = None) -> bool:
        now = self._now_ms()
        row = c.execute("SELECT display_name FROM organisations WHERE did = ?", (did,)).fetchone()
        if row is None:
            c.execute("INSERT INTO organisations (did, display_name, enc_jwk, contact, first_seen_ms, updated_ms) "
                      "VALUES (?,?,?,?,?,?)", (did, name, _j(enc_jwk) if enc_jwk else None, contact, now, now))
            self.vault.record(c, EventKind.ORG_ADDED, org=did, data={"name": name})
            return True
        if enc_jwk:
            c.execute("UPDATE organisations SET enc_jwk = ?, updated_ms = ? WHERE did = ?", (_j(enc_jwk), now, did))
        return False

    def add_org(self, did: str, name: str, *, contact: str | None = None, dpo_contact: str | None = None) -> OrgView:
        from vault_app.protocol.did import public_key_from_did

        public_key_from_did(did)  # refuses anything that is not an Ed25519 did:key
        with self.vault.transaction("add the organisation") as c:
            if not self._upsert_org(c, did, name, None, contact):
                c.execute("UPDATE organisations SET display_name = ? WHERE did = ?", (name, did))
            if dpo_contact is not None:
                c.execute("UPDATE organisations SET dpo_contact = ? WHERE did = ?", (dpo_contact, did))
        self._emit("orgs", "changed", did=did)
        return self.get_org(did)

    def set_org_status(self, did: str, status: ComplianceStatus | str, *, note: str | None = None) -> OrgView:
        """The subject's own judgement of an organisation (replaces their previous judgement)."""
        st = ComplianceStatus(str(status))
        row = self._org_row(did)
        if row is None:
            raise NotFoundError(f"There is no organisation {did} in your list.", reason="no-organisation")
        claims = [c for c in json.loads(row[5]) if c.get("source", {}).get("kind") != SourceKind.SUBJECT.value]
        if st is not ComplianceStatus.UNKNOWN:
            claims.append(ComplianceClaim(st, ComplianceSource.subject(decided_at=self._now())).to_json())
        with self.vault.transaction("change the organisation's status") as c:
            c.execute("UPDATE organisations SET claims = ?, updated_ms = ? WHERE did = ?",
                      (_j(claims), self._now_ms(), did))
            self.vault.record(c, EventKind.ORG_STATUS_CHANGED, org=did,
                              data={"status": st.value, "source": "subject", **({"note": note} if note else {})})
        self._emit("orgs", "changed", did=did)
        self.apply_suspension_rule()
        return self.get_org(did)

    def set_blocked(self, did: str, blocked: bool) -> OrgView:
        if self._org_row(did) is None:
            raise NotFoundError(f"There is no organisation {did} in your list.", reason="no-organisation")
        with self.vault.transaction("block the organisation") as c:
            c.execute("UPDATE organisations SET blocked = ?, updated_ms = ? WHERE did = ?",
                      (1 if blocked else 0, self._now_ms(), did))
            self.vault.record(c, EventKind.ORG_STATUS_CHANGED, org=did, data={"blocked": blocked})
        self._emit("orgs", "changed", did=did)
        return self.get_org(did)

    def trust_certifier(self, did: str, name: str) -> None:
        from vault_app.protocol.did import public_key_from_did

        public_key_from_did(did)
        with self.vault.transaction("trust the certifier") as c:
            c.execute("INSERT OR REPLACE INTO certifiers (did, display_name, added_ms) VALUES (?,?,?)",
                      (did, name, self._now_ms()))
            self.vault.record(c, EventKind.ORG_STATUS_CHANGED, org=did, data={"certifier": "trusted", "name": name})
        self._emit("orgs", "changed", did=did)

    def untrust_certifier(self, did: str) -> None:
        with self.vault.transaction("stop trusting the certifier") as c:
            c.execute("DELETE FROM certifiers WHERE did = ?", (did,))
            self.vault.record(c, EventKind.ORG_STATUS_CHANGED, org=did, data={"certifier": "untrusted"})
        self._emit("orgs", "changed", did=did)

    def list_certifiers(self) -> list[dict[str, Any]]:
        return [{"did": r[0], "name": r[1], "added": r[2] / 1000}
                for r in self.db.query("SELECT did, display_name, added_ms FROM certifiers ORDER BY display_name")]

    def _import_trust_list(self, msg: codec.Signed[TrustList]) -> ImportResult:
        body = msg.body
        cert = msg.issuer
        list_id = msg.jti
        # An older list from the same certifier must not replace a newer one.
        latest = self.db.query_one("SELECT id FROM trust_lists WHERE certifier = ? ORDER BY issued_ms DESC LIMIT 1",
                                   (cert,))
        seq_row = None
        if latest:
            old = self.db.query_one("SELECT token FROM trust_lists WHERE id = ?", (latest[0],))
            try:
                _, claims = codec.peek(old[0])
                seq_row = int(claims.get("seq", -1))
            except (VaultError, ValueError, TypeError):
                seq_row = None
        if seq_row is not None and body.seq <= seq_row:
            raise ConflictError(f"This trust list (number {body.seq}) is not newer than the one you have "
                                f"(number {seq_row}).", reason="trust-list-outdated")
        exp = float(msg.envelope.expires_at)
        with self.vault.transaction("import the trust list") as c:
            c.execute("INSERT INTO trust_lists (id, certifier, issued_ms, expires_ms, token, imported_ms) "
                      "VALUES (?,?,?,?,?,?)", (list_id, cert, msg.envelope.issued_at * 1000, int(exp * 1000),
                                               msg.token, self._now_ms()))
            for e in body.entries:
                self._upsert_org(c, e.did, e.name, None)
                row = c.execute("SELECT claims FROM organisations WHERE did = ?", (e.did,)).fetchone()
                kept: list[dict[str, Any]] = [x for x in json.loads(row[0])
                                              if x.get("source", {}).get("certifier_did") != cert]
                src = ComplianceSource.trust_list(cert, list_id, exp, issued_at=float(msg.envelope.issued_at))
                kept.append(ComplianceClaim(e.status, src).to_json())
                c.execute("UPDATE organisations SET claims = ?, updated_ms = ? WHERE did = ?",
                          (_j(kept), self._now_ms(), e.did))
            self.vault.record(c, EventKind.TRUST_LIST_IMPORTED, org=cert,
                              data={"list": list_id, "certifier": body.certifier_name, "entries": len(body.entries),
                                    "seq": body.seq, "expires": int(exp)})
        self._emit("orgs", "changed")
        return ImportResult("trust-list", list_id, cert, None,
                            f"Imported trust list {body.seq} from {body.certifier_name} "
                            f"({len(body.entries)} organisations)." + self._standing_note())

    def _standing_note(self) -> str:
        """Apply the suspension rule and say what it did, or which grants suspended organisations still hold."""
        revoked = self.apply_suspension_rule()
        if revoked:
            return " Revoked by your rule: " + "; ".join(
                f"{len(h.grant_ids)} grant(s) of {h.name} ({h.status.value})" for h in revoked) + "."
        at_risk = self.grants_at_risk()
        if at_risk:
            return " Still holding your data: " + "; ".join(
                f"{h.name} ({h.status.value}) has {len(h.grant_ids)} active grant(s)" for h in at_risk
            ) + ". You can revoke them all at once."
        return ""

    # -- rules (privacy floor) ------------------------------------------------------------------------------
    def floor(self) -> PrivacyFloor:
        rows = self.db.query("SELECT config FROM rules ORDER BY updated_ms, id")
        return PrivacyFloor(tuple(Rule.from_json(json.loads(r[0])) for r in rows))

    def add_rule(self, rule: Rule) -> PrivacyFloor:
        new = self.floor().with_rule(rule)
        self._save_floor(new, {"added": rule.id})
        if rule.kind is RuleKind.REVOKE_ON_SUSPENSION:
            self.apply_suspension_rule()  # a standing rule applies to organisations already suspended too
        return new

    def remove_rule(self, rule_id: str) -> PrivacyFloor:
        new = self.floor().without(rule_id)
        self._save_floor(new, {"removed": rule_id})
        return new

    def _save_floor(self, floor: PrivacyFloor, change: dict[str, Any]) -> None:
        with self.vault.transaction("save your rules") as c:
            c.execute("DELETE FROM rules")
            for i, r in enumerate(floor.rules):
                c.execute("INSERT INTO rules (id, config, updated_ms) VALUES (?,?,?)",
                          (r.id, _j(r.to_json()), self._now_ms() * 1000 + i))
            self.vault.record(c, EventKind.RULES_CHANGED, data=change)
        self._emit("settings", "rules")

    # -- import ---------------------------------------------------------------------------------------------
    def import_file(self, path: str | Path) -> ImportResult:
        from vault_app.protocol.transport import read_message_file

        try:
            text = read_message_file(path)
        except ProtocolError as exc:
            self._reject(exc, source=Path(path).name)
            raise
        return self.import_text(text, source=Path(path).name)

    def import_text(self, text: str, *, source: str = "clipboard") -> ImportResult:
        """Verify and file any message an organisation or certifier sends. Raises ProtocolError (recorded)."""
        self.refresh()
        own = self._own_grant(text)
        if own is not None:
            return own
        try:
            msg = self.agent.parse(text, pairwise_did_for=self._known_pairwise,
                                   certifiers=self.trusted_certifiers())
        except ProtocolError as exc:
            self._reject(exc, source=source, text=text)
            raise
        kind = msg.kind
        if kind is Kind.TRUST_LIST:
            return self._import_trust_list(msg)
        if kind is Kind.RECEIPT:
            return self._import_receipt(msg)
        if kind is Kind.DELETION_CONFIRMATION:
            return self._import_deletion(msg)
        return self._import_request(msg)

    def _own_grant(self, text: str) -> ImportResult | None:
        """A grant file this vault issued (the subject opened a saved ``.pdvgrant``): point at the grant.

        A grant travels encrypted to the organisation, so the vault cannot read it; it recognises its own by
        comparing it with the grants it keeps (exact text). Anything else that looks like a grant or an
        encrypted message goes on to the normal import, which refuses it with its reason and records that.
        """
        try:
            det = detect_kind(text)
        except ProtocolError:
            return None
        if not (det.sealed or det.kind in (Kind.GRANT, Kind.VERIFICATION_RESPONSE)) or det.token is None:
            return None
        row = self.db.query_one("SELECT id FROM grants WHERE jwe = ? OR token = ?", (det.token, det.token))
        if row is None:
            return None
        g = self.get_grant(str(row[0]))
        when = datetime.fromtimestamp(g.issued, UTC).strftime("%Y-%m-%d")
        return ImportResult("grant", g.id, g.org, g.state.value,
                            f"This is the grant you gave {g.org_name} on {when} ({g.state.value}); "
                            "nothing was imported.")

    def _reject(self, exc: ProtocolError, *, source: str, text: str | None = None) -> None:
        """Record a refused message: its reason, where it came from and a hash of it (never its content)."""
        data: dict[str, Any] = {"reason": exc.reason, "message": exc.message[:300], "source": source[:100]}
        org = None
        if text is not None:
            data["sha256"] = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
            try:
                det = detect_kind(text)
                data["kind"] = det.kind.value if det.kind else "unknown"
                if det.token:
                    _, claims = codec.peek(det.token)
                    iss = claims.get("iss")
                    # only a syntactically valid DID goes into the organisation column, and it is unverified
                    if isinstance(iss, str) and iss.startswith("did:key:z") and len(iss) < 120:
                        data["claimed_issuer"] = iss
            except (VaultError, ValueError, TypeError):
                pass
        with self.vault.transaction("record the rejected message") as c:
            self.vault.record(c, EventKind.REQUEST_REJECTED, org=org, data=data)
        self._emit("history", "appended")

    def _summary(self, msg: codec.Signed[Any]) -> dict[str, Any]:
        b = msg.body
        if isinstance(b, AuthorisationRequest):
            return {"fields": [{"name": f.name, "category": f.category.value, **({"reason": f.reason} if f.reason
                                                                                    else {})} for f in b.fields],
                    "purposes": list(b.purposes), "purpose_text": b.purpose_text,
                    "retention_seconds": b.retention_seconds,
                    "onward": [{"did": r.did, "name": r.name} for r in b.onward],
                    "processing": [p.value for p in b.processing], "refines": b.refines}
        if isinstance(b, VerificationRequest):
            return {"checks": [{"name": c.name, "category": c.category.value,
                                "form": "hashed" if c.hashed else "value"} for c in b.checks],
                    "purposes": list(b.purposes), "purpose_text": b.purpose_text}
        if isinstance(b, DerivedDataRequest):
            return {"conclusion": {"name": b.conclusion.name, "category": b.conclusion.category.value,
                                   "description": b.conclusion.description},
                    "method": b.method,
                    "sources": [{"grant": s.grant_id, "fields": list(s.fields)} for s in b.sources],
                    "purposes": list(b.purposes), "purpose_text": b.purpose_text,
                    "retention_seconds": b.retention_seconds,
                    "onward": [{"did": r.did, "name": r.name} for r in b.onward],
                    "processing": [p.value for p in b.processing]}
        raise AssertionError(type(b))

    def _request_summary(self, view: RequestView) -> RequestSummary:
        s = view.summary
        if view.kind == "derived":
            c = s["conclusion"]
            fields: tuple[RequestedField, ...] = (RequestedField(c["name"], Category(c["category"])),)
        elif view.kind == "verification":
            fields = tuple(RequestedField(c["name"], Category(c["category"])) for c in s["checks"])
        else:
            fields = tuple(RequestedField(f["name"], Category(f["category"]), f.get("reason")) for f in s["fields"])
        scope = Scope(tuple(s.get("purposes", ())), s.get("purpose_text", ""), int(s.get("retention_seconds", 1)),
                      tuple(r["did"] for r in s.get("onward", ())),
                      tuple(Processing(p) for p in s.get("processing", ())))
        return RequestSummary(view.org, fields, scope, view.id, view.refines)

    def _import_request(self, msg: codec.Signed[Any]) -> ImportResult:
        kind = _REQUEST_KINDS[msg.kind]
        b = msg.body
        org = msg.issuer
        summary = self._summary(msg)
        refines = b.refines if isinstance(b, AuthorisationRequest) else None
        if refines is not None:
            g = self.db.query_one("SELECT org FROM grants WHERE id = ?", (refines,))
            if g is None or g[0] != org:
                refines_ok = False
            else:
                refines_ok = True
        else:
            refines_ok = True
        if self.db.query_one("SELECT 1 FROM requests WHERE id = ?", (msg.jti,)):
            raise ConflictError("This request is already in your inbox.", reason="duplicate")
        now = self._now()
        purpose = summary.get("purpose_text")
        with self.vault.transaction("file the request") as c:
            self._upsert_org(c, org, b.org.name, x25519_public_jwk(b.org.enc_key), b.org.url)
            c.execute("INSERT INTO requests (id, kind, org, state, state_reason, token, req_hash, refines, summary, "
                      "received_ms, expires_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (msg.jti, kind, org, RequestState.RECEIVED.value, None, msg.token, msg.hash, refines,
                       _j(summary), int(now * 1000), msg.envelope.expires_at * 1000))
            self.vault.record(c, EventKind.REQUEST_RECEIVED, org=org, purpose=purpose,
                              data={"request": msg.jti, "kind": kind, **self._names_for_history(summary)})
        view = self.get_request(msg.jti)
        # Before the subject sees it: the compliance gate, then the privacy floor.
        oc = self.org_compliance(org)
        assert oc is not None
        g = gate(oc, now, trusted_certifiers=self.trusted_certifiers())
        lc = RequestLifecycle()
        findings: list[RuleFinding] = []
        refusal: tuple[str, str] | None = None
        if g.outcome is GateOutcome.REFUSE:
            refusal = (g.reason, g.message)
        elif not refines_ok:
            refusal = ("unknown-grant", "The request refers to a grant that this organisation does not hold.")
        elif kind != "verification":
            findings = self.floor().evaluate(self._request_summary(view), g.standing.status)
            first = PrivacyFloor.auto_refusal(findings)
            if first is not None:
                refusal = (f"rule:{first.rule_id}", first.message)
        with self.vault.transaction("review the request") as c:
            if refusal is not None:
                lc = lc.auto_refuse(refusal[1], at=now)
                self.vault.record(c, EventKind.REQUEST_AUTO_REFUSED, org=org, purpose=purpose,
                                  data={"request": msg.jti, "reason": refusal[0], "message": refusal[1]})
            else:
                lc = lc.submit_for_review(at=now)
                for f in findings:
                    self.vault.record(c, EventKind.REQUEST_FLAGGED, org=org, purpose=purpose,
                                      data={"request": msg.jti, "rule": f.rule_id, "message": f.message})
            c.execute("UPDATE requests SET state = ?, state_reason = ? WHERE id = ?",
                      (lc.to_storage(), lc.reason, msg.jti))
        self._emit("requests", "received", id=msg.jti)
        if kind == "derived":
            self._hold_derived(msg, lc)
        if refusal is not None:
            return ImportResult(kind, msg.jti, org, lc.state.value, f"Refused automatically: {refusal[1]}")
        note = f" {len(findings)} of your rules flag it." if findings else ""
        if g.outcome is GateOutcome.CONFIRM:
            note += " Nobody you trust has assessed this organisation."
        return ImportResult(kind, msg.jti, org, lc.state.value,
                            f"The {kind} request from {b.org.name} is waiting for your review.{note}")

    @staticmethod
    def _names_for_history(summary: dict[str, Any]) -> dict[str, Any]:
        if "fields" in summary:
            return {"fields": [f["name"] for f in summary["fields"]]}
        if "checks" in summary:
            return {"fields": [c["name"] for c in summary["checks"]]}
        return {"conclusion": summary["conclusion"]["name"]}

    # -- requests: listing and review ---------------------------------------------------------------------
    _REQ_COLS = "r.id, r.kind, r.org, o.display_name, r.state, r.state_reason, r.received_ms, r.expires_ms, " \
                "r.summary, r.refines"

    def _req_view(self, r: Any) -> RequestView:
        return RequestView(r[0], r[1], r[2], r[3] or r[2], RequestState(r[4]), r[5], r[6] / 1000, r[7] / 1000,
                           json.loads(r[8]), r[9])

    def list_requests(self, states: Iterable[RequestState | str] | None = None, *, kind: str | None = None,
                      limit: int = 500) -> list[RequestView]:
        self.refresh()
        where: list[str] = []
        params: list[Any] = []
        if states:
            st = [RequestState(str(s)).value for s in states]
            where.append("r.state IN (%s)" % ",".join("?" * len(st)))
            params += st
        if kind:
            where.append("r.kind = ?")
            params.append(kind)
        sql = (f"SELECT {self._REQ_COLS} FROM requests r LEFT JOIN organisations o ON o.did = r.org"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.received_ms DESC LIMIT ?")
        params.append(limit)
        return [self._req_view(r) for r in self.db.query(sql, tuple(params))]

    def pending_count(self) -> int:
        return int(self.db.query_one("SELECT count(*) FROM requests WHERE state IN ('received','pending_review')")[0])

    def get_request(self, request_id: str) -> RequestView:
        r = self.db.query_one(f"SELECT {self._REQ_COLS} FROM requests r LEFT JOIN organisations o "
                              "ON o.did = r.org WHERE r.id = ?", (request_id,))
        if r is None:
            raise NotFoundError(f"There is no request {request_id}.", reason="no-request")
        return self._req_view(r)

    def review(self, request_id: str) -> Review:
        view = self.get_request(request_id)
        org = self.get_org(view.org)
        oc = self.org_compliance(view.org)
        assert oc is not None
        g = gate(oc, self._now(), trusted_certifiers=self.trusted_certifiers())
        rs = self._request_summary(view)
        findings = () if view.kind == "verification" else tuple(self.floor().evaluate(rs, g.standing.status))
        diff = None
        if view.refines:
            terms = self.grant_terms(view.refines)
            diff = pscope.diff(terms, rs)
        held = self.vault._need().fields.get_many([f.name for f in rs.fields])
        fields = tuple((f.name, f.category, f.name.lower() in held,
                        held[f.name.lower()].type.value if f.name.lower() in held else None) for f in rs.fields)
        return Review(view, org, g.outcome, g.message, findings, diff, fields,
                      describe_duration(rs.scope.retention_seconds) if view.kind != "verification" else "")

    def transforms_for(self, request_id: str, field_name: str) -> list[anonymise.TransformInfo]:
        f = self.vault.get_field(field_name)
        return anonymise.available_transforms(f.type)

    def _context(self, org: str) -> anonymise.TransformContext:
        today = datetime.fromtimestamp(self._now(), UTC).date()
        return anonymise.TransformContext(today, pseudonym_key(self.vault.root_secret, org))

    def _load_request(self, request_id: str) -> tuple[RequestView, codec.Signed[Any]]:
        view = self.get_request(request_id)
        token = self.db.query_one("SELECT token FROM requests WHERE id = ?", (request_id,))[0]
        body_type = {"authorisation": AuthorisationRequest, "verification": VerificationRequest,
                     "derived": DerivedDataRequest}[view.kind]
        # our own stored copy: verified again, without time checks (it was checked on arrival)
        return view, codec.verify(token, body_type, check_times=False,
                                  audience=self.pairwise_did(view.org))

    def _require_open(self, view: RequestView) -> RequestLifecycle:
        self.refresh()
        view = self.get_request(view.id)
        lc = RequestLifecycle.from_storage(view.state.value, reason=view.reason)
        if view.state is RequestState.EXPIRED:
            raise PolicyDenied("This request has expired; the organisation must send a new one.",
                               reason="request-expired")
        if not lc.is_open:
            raise ConflictError(f"This request was already decided ({view.state.value.replace('_', ' ')}).",
                                reason="already-decided")
        return lc

    def _vault_fields(self, names: Sequence[str]) -> dict[str, Field]:
        held = self.vault._need().fields.get_many(list(names))
        return {n: held[n.lower()] for n in names if n.lower() in held}

    def _onward_orgs(self, dids: Iterable[str]) -> dict[str, OrgCompliance]:
        out = {}
        for d in dids:
            oc = self.org_compliance(d)
            if oc is not None:
                out[d] = oc
        return out

    def preview(self, request_id: str, decisions: SubjectDecisions,
                previews: Mapping[str, ReleasedField] | None = None) -> ReleasePlan:
        """Exactly what would be sent for these decisions, without sending anything. Raises what approve would."""
        view = self.get_request(request_id)
        if view.kind == "verification":
            raise UsageErrorLike("Verification requests are answered, not approved.")
        rs = self._request_summary(view)
        oc = self.org_compliance(view.org)
        assert oc is not None
        vf = self._derived_fields(view) if view.kind == "derived" else self._vault_fields(rs.field_names)
        if view.kind == "derived":
            _only_anonymised(decisions.fields)
        return build_release(rs, decisions, vf, floor=self.floor(), org=oc, now=self._now(),
                             context=self._context(view.org), onward_orgs=self._onward_orgs(decisions.allow_onward),
                             previews=previews, trusted_certifiers=self.trusted_certifiers())

    def preview_field(self, request_id: str, decision: FieldDecision) -> ReleasedField | None:
        from vault_app.policy.decisions import preview_field

        view = self.get_request(request_id)
        rs = self._request_summary(view)
        vf = self._derived_fields(view) if view.kind == "derived" else self._vault_fields([decision.name])
        if view.kind == "derived":
            _only_anonymised((decision,))
        return preview_field(rs, decision, vf.get(decision.name), self._context(view.org), self.floor())

    # -- approve / refuse -----------------------------------------------------------------------------------
    def _status_slot(self, c: Any, org: str, gateway: str | None = None) -> StatusRef:
        row = c.execute("SELECT uri, bits, next_idx, width FROM status_lists WHERE org = ?", (org,)).fetchone()
        if row is None:
            # the list's address is fixed at the relationship's first grant (grants already issued point to it)
            uri = status_list_uri(uuid.uuid4().hex, gateway=gateway, base=self.status_publication_base())
            sl = StatusList(STATUS_LIST_SIZE, STATUS_BITS)
            idx = 0
            c.execute("INSERT INTO status_lists (org, uri, bits, next_idx, updated_ms, width) VALUES (?,?,?,?,?,?)",
                      (org, uri, sl.to_bytes(), 1, self._now_ms(), STATUS_BITS))
            return StatusRef(idx, uri)
        uri, bits, idx, width = row[0], bytes(row[1]), int(row[2]), int(row[3])
        size = len(bits) * 8 // width
        if idx >= size:
            if size * 2 > STATUS_LIST_MAX:
                raise ConflictError("This organisation's revocation list is full.", reason="status-list-full")
            bits = bits + bytes(len(bits))
        # token NULL: the next list must be signed after this grant, or the organisation would find it stale
        c.execute("UPDATE status_lists SET bits = ?, next_idx = ?, updated_ms = ?, token = NULL WHERE org = ?",
                  (bits, idx + 1, self._now_ms(), org))
        return StatusRef(idx, uri)

    def approve(self, request_id: str, decisions: SubjectDecisions,
                previews: Mapping[str, ReleasedField] | None = None) -> IssuedGrant:
        """Sign and seal a grant with exactly what the decisions release. Nothing wider than asked ever leaves."""
        view, req = self._load_request(request_id)
        lc = self._require_open(view)
        if view.kind == "verification":
            raise UsageErrorLike("Verification requests are answered with `answer_verification`.")
        plan = self.preview(request_id, decisions, previews)
        if plan.outcome is Outcome.REFUSED or plan.scope is None:
            self.refuse(request_id, reason="You released no field.")
            return IssuedGrant("", view.org, "", "refused", (), plan.withheld, (), plan.notes)
        now = self._now()
        # onward recipients need an encryption key to receive their own grant: check before anything is signed
        onward_keys = {}
        for did in plan.scope.onward_recipients:
            row = self._org_row(did)
            if row is None or not row[2]:
                raise PolicyDenied(f"{did} has no known encryption key, so it cannot receive its own grant. "
                                   "It must send you a request first.", reason="recipient-no-key")
            onward_keys[did] = x25519_public_from_jwk(json.loads(row[2]))
        key = self.pairwise_key(view.org)
        onward_out: list[tuple[str, str, str]] = []
        gateway = req.body.gateway if isinstance(req.body, AuthorisationRequest) else None
        with self.vault.transaction("issue the grant") as c:
            status = self._status_slot(c, view.org, gateway)
            sealed = self.agent.make_grant(key, req, plan.released, plan.scope, status, withheld=plan.withheld)
            gid = sealed.jti
            kind = "derived" if view.kind == "derived" else "grant"
            fields_meta = [{"name": f.name, "category": f.category.value, "form": f.form.value,
                            "method": f.method} for f in plan.released]
            c.execute("INSERT INTO grants (id, request_id, org, kind, state, issued_ms, expires_ms, status_idx, "
                      "scope, fields, token, jwe, parent_grant) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      (gid, request_id, view.org, kind, GrantState.ACTIVE.value, int(now * 1000),
                       sealed.expires_at * 1000, status.idx, _j(_scope_json(plan.scope)), _j(fields_meta),
                       sealed.token, sealed.jwe, None))
            new_lc = lc.approve(at=now) if plan.outcome is Outcome.APPROVED else lc.partly_approve(at=now)
            c.execute("UPDATE requests SET state = ?, decided_ms = ? WHERE id = ?",
                      (new_lc.to_storage(), int(now * 1000), request_id))
            ev = EventKind.REQUEST_APPROVED if plan.outcome is Outcome.APPROVED else EventKind.REQUEST_PARTLY_APPROVED
            self.vault.record(c, ev, org=view.org, purpose=plan.scope.purpose_text,
                              data={"request": request_id, "grant": gid, "withheld": list(plan.withheld)})
            self.vault.record(c, EventKind.GRANT_ISSUED, org=view.org, purpose=plan.scope.purpose_text,
                              data={"grant": gid, "request": request_id, "kind": kind,
                                    "fields": [{"name": f["name"], "form": f["form"], "method": f["method"]}
                                               for f in fields_meta],
                                    "expires": sealed.expires_at,
                                    "onward": list(plan.scope.onward_recipients),
                                    "derivation": [p.value for p in plan.scope.derivation]})
            for f in plan.released:
                self.vault.record(c, EventKind.GRANT_ISSUED, org=view.org, field=f.name,
                                  purpose=plan.scope.purpose_text,
                                  data={"grant": gid, "form": f.form.value, "method": f.method, "part": True})
            if view.refines:
                old = c.execute("SELECT state, org, status_idx FROM grants WHERE id = ?", (view.refines,)).fetchone()
                if old and old[0] == GrantState.ACTIVE.value:
                    GrantLifecycle.from_storage(old[0]).supersede(at=now, by=gid)
                    c.execute("UPDATE grants SET state = ?, superseded_by = ? WHERE id = ?",
                              (GrantState.SUPERSEDED.value, gid, view.refines))
                    self._set_status(c, old[1], int(old[2]), SUPERSEDED)
                    self.vault.record(c, EventKind.GRANT_SUPERSEDED, org=view.org,
                                      data={"grant": view.refines, "by": gid})
            # onward transfer: a separate grant to each recipient B, linked to A's
            for did in plan.scope.onward_recipients:
                b_scope = onward_scope(plan.scope, did)
                b_key = self.pairwise_key(did)
                b_status = self._status_slot(c, did)
                body = Grant(req.jti, req.hash, plan.released, b_scope, b_status, plan.withheld, None)
                b_exp = int(now) + b_scope.retention_seconds
                token = codec.sign(body, b_key, clock=self.vault.clock, audience=did, expires_at=b_exp)
                b_jwe = codec.seal(token, onward_keys[did])
                _, b_claims = codec.peek(token)
                bid = str(b_claims["jti"])
                c.execute("INSERT INTO grants (id, request_id, org, kind, state, issued_ms, expires_ms, status_idx, "
                          "scope, fields, token, jwe, parent_grant) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          (bid, request_id, did, "onward", GrantState.ACTIVE.value, int(now * 1000), b_exp * 1000,
                           b_status.idx, _j(_scope_json(b_scope)), _j(fields_meta), token, b_jwe, gid))
                self.vault.record(c, EventKind.GRANT_ISSUED, org=did, purpose=b_scope.purpose_text,
                                  data={"grant": bid, "kind": "onward", "parent": gid, "from": view.org,
                                        "fields": [f["name"] for f in fields_meta]})
                onward_out.append((bid, did, b_jwe))
            if view.kind == "derived":
                self._authorise_derived(c, request_id, gid, now)
        self._emit("grants", "issued", id=gid)
        self._emit("requests", "decided", id=request_id)
        return IssuedGrant(gid, view.org, sealed.jwe, plan.outcome.value, plan.released_names, plan.withheld,
                           tuple(onward_out), plan.notes)

    def refuse(self, request_id: str, *, reason: str | None = None) -> str:
        """Refuse; returns a signed refusal for the organisation (it carries no personal data)."""
        view, req = self._load_request(request_id)
        lc = self._require_open(view)
        now = self._now()
        token = self.agent.make_refusal(self.pairwise_key(view.org), req, RefusalReason.DECLINED)
        with self.vault.transaction("refuse the request") as c:
            new = lc.refuse(at=now, reason=reason)
            c.execute("UPDATE requests SET state = ?, state_reason = ?, decided_ms = ? WHERE id = ?",
                      (new.to_storage(), new.reason, int(now * 1000), request_id))
            self.vault.record(c, EventKind.REQUEST_REFUSED, org=view.org,
                              purpose=view.summary.get("purpose_text"),
                              data={"request": request_id, **({"reason": reason} if reason else {})})
            if view.kind == "derived":
                self._refuse_derived(c, request_id, now)
        self._emit("requests", "decided", id=request_id)
        return token

    # -- verification ---------------------------------------------------------------------------------------
    def verification_preview(self, request_id: str, declined: Iterable[str] = ()) -> list[tuple[str, str, str]]:
        """(field, outcome, plain words) per check: what the answer would say. Never a value."""
        view, req = self._load_request(request_id)
        if view.kind != "verification":
            raise UsageErrorLike("This is not a verification request.")
        verdicts = verify_claims(self._claims(req.body), self._vault_fields([c.name for c in req.body.checks]),
                                 declined=set(declined))
        return [(v.name, v.outcome.value, v.message) for v in verdicts]

    @staticmethod
    def _claims(body: VerificationRequest) -> list[Claim]:
        from vault_app.protocol.jose import b64d

        out = []
        for ch in body.checks:
            if ch.hashed is not None:
                norm = "nfc-ws-casefold" if ch.hashed.casefold else "nfc-ws"
                out.append(Claim.hashed(ch.name, b64d(ch.hashed.salt, "salt"), ch.hashed.digest, norm))
            else:
                out.append(Claim.clear(ch.name, ch.value or ""))
        return out

    def answer_verification(self, request_id: str, *, declined: Iterable[str] = ()) -> IssuedGrant:
        view, req = self._load_request(request_id)
        lc = self._require_open(view)
        if view.kind != "verification":
            raise UsageErrorLike("This is not a verification request.")
        declined = set(declined)
        unknown = declined - {c.name for c in req.body.checks}
        if unknown:
            raise ValidationError("You can only decline fields the organisation asked about.", field=sorted(unknown)[0])
        verdicts = verify_claims(self._claims(req.body), self._vault_fields([c.name for c in req.body.checks]),
                                 declined=declined)
        results = [VerificationResult(v.name, VerificationOutcome(v.outcome.value)) for v in verdicts]
        oc = self.org_compliance(view.org)
        assert oc is not None
        g = gate(oc, self._now(), trusted_certifiers=self.trusted_certifiers())
        if g.outcome is GateOutcome.REFUSE:
            raise PolicyDenied(g.message, reason=g.reason)
        sealed = self.agent.make_verification_response(self.pairwise_key(view.org), req, results)
        now = self._now()
        all_declined = all(r.outcome is VerificationOutcome.DECLINED for r in results)
        with self.vault.transaction("answer the verification request") as c:
            new = lc.refuse(at=now, reason="You declined every check.") if all_declined else lc.approve(at=now)
            c.execute("UPDATE requests SET state = ?, state_reason = ?, decided_ms = ? WHERE id = ?",
                      (new.to_storage(), new.reason, int(now * 1000), request_id))
            self.vault.record(c, EventKind.VERIFICATION_ANSWERED, org=view.org,
                              purpose=view.summary.get("purpose_text"),
                              data={"request": request_id, "response": sealed.jti,
                                    "results": {r.name: r.outcome.value for r in results}})
        self._emit("requests", "decided", id=request_id)
        return IssuedGrant(sealed.jti, view.org, sealed.jwe, "answered", tuple(r.name for r in results), ())

    def correct_field(self, name: str, value: str) -> Field:
        """After a mismatch the subject may fix their own record (a correction to an organisation is sent as a
        normal grant, answering a request for that field)."""
        return self.vault.update_field(name, value=value)

    # -- derived data ---------------------------------------------------------------------------------------
    def _hold_derived(self, msg: codec.Signed[DerivedDataRequest], lc: RequestLifecycle) -> None:
        b = msg.body
        item = DerivedItem(msg.jti, msg.issuer, b.conclusion.name, b.conclusion.category, b.method,
                           tuple(SourceRef(s.grant_id, tuple(s.fields)) for s in b.sources),
                           b.processing[0] if b.processing else Processing.DERIVE)
        state = DerivedState.REFUSED if lc.state is RequestState.AUTO_REFUSED else item.state
        with self.vault.transaction("hold the derived data") as c:
            c.execute("INSERT INTO derived_items (id, request_id, org, name, category, method, sources, state, "
                      "created_ms) VALUES (?,?,?,?,?,?,?,?,?)",
                      (msg.jti, msg.jti, msg.issuer, b.conclusion.name, b.conclusion.category.value, b.method,
                       _j([{"grant": s.grant_id, "fields": list(s.fields)} for s in b.sources]), state.value,
                       self._now_ms()))
            self.vault.record(c, EventKind.DERIVED_HELD, org=msg.issuer, field=b.conclusion.name,
                              purpose=b.purpose_text,
                              data={"request": msg.jti, "method": b.method, "state": state.value,
                                    "sources": [s.grant_id for s in b.sources]})
            # the conclusion itself is personal data about the subject: keep it, marked as derived, held
            if b.conclusion.value is not None and lc.state is not RequestState.AUTO_REFUSED:
                self._store_conclusion(c, msg, b)
        # a source that is not an active grant of this organisation is itself a violation
        for s in b.sources:
            row = self.db.query_one("SELECT org, state, fields FROM grants WHERE id = ?", (s.grant_id,))
            problem = None
            if row is None or row[0] != msg.issuer:
                problem = f"cites grant {s.grant_id}, which this organisation was never given"
            else:
                granted = {f["name"] for f in json.loads(row[2])}
                extra = [f for f in s.fields if f not in granted]
                if extra:
                    problem = f"used fields {', '.join(extra)} that grant {s.grant_id} did not release"
                elif Processing.DERIVE.value not in json.loads(
                        self.db.query_one("SELECT scope FROM grants WHERE id = ?", (s.grant_id,))[0])["derivation"]:
                    problem = f"derived data from grant {s.grant_id}, which did not allow derivation"
            if problem:
                self._violation(msg.issuer, s.grant_id, "unauthorised-derivation",
                                f"The organisation {problem}.", {"derived_request": msg.jti,
                                                                 "request_token": msg.token})

    def _store_conclusion(self, c: Any, msg: codec.Signed[DerivedDataRequest], b: DerivedDataRequest) -> None:
        name = f"derived.{b.conclusion.name}"[:64]
        prov = Provenance(ProvenanceKind.DERIVED, msg.issuer, tuple(s.grant_id for s in b.sources), b.method)
        value = str(b.conclusion.value)
        from vault_app.domain.model import FieldType, validate_field_name, validate_value

        try:
            validate_field_name(name)
            value = validate_value(FieldType.TEXT, value)
        except ValidationError:
            return
        exists = c.execute("SELECT 1 FROM fields WHERE name = ?", (name,)).fetchone()
        f = Field(name, FieldType.TEXT, b.conclusion.category, value, prov)
        from vault_app.storage.fields import FieldRepository

        if exists:
            FieldRepository.update(c, f, self._now_ms())
        else:
            FieldRepository.insert(c, f, self._now_ms())
        self.vault.record(c, EventKind.FIELD_ADDED, field=name,
                          data={"type": "text", "category": b.conclusion.category.value, "provenance": "derived",
                                "by": msg.issuer})

    def _derived_fields(self, view: RequestView) -> dict[str, Field]:
        """For a derived-data grant the 'field' released is the conclusion itself, never its value: the grant
        authorises the organisation's own conclusion, on condition that it is anonymised again before reuse."""
        from vault_app.domain.model import FieldType

        c = view.summary["conclusion"]
        return {c["name"]: Field(c["name"], FieldType.TEXT, Category(c["category"]), "(held by the organisation)")}

    def list_derived(self, states: Iterable[str] | None = None) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT d.id, d.org, o.display_name, d.name, d.category, d.method, d.sources, d.state, "
                             "d.grant_id, d.created_ms, d.decided_ms FROM derived_items d LEFT JOIN organisations o "
                             "ON o.did = d.org ORDER BY d.created_ms DESC")
        out = [{"id": r[0], "org": r[1], "org_name": r[2], "conclusion": r[3], "category": r[4], "method": r[5],
                "sources": json.loads(r[6]), "state": r[7], "grant": r[8], "created": r[9] / 1000,
                "decided": r[10] / 1000 if r[10] else None} for r in rows]
        if states:
            st = set(states)
            out = [d for d in out if d["state"] in st]
        return out

    def _authorise_derived(self, c: Any, request_id: str, grant_id: str, now: float) -> None:
        c.execute("UPDATE derived_items SET state = ?, grant_id = ?, decided_ms = ? WHERE request_id = ?",
                  (DerivedState.AUTHORISED.value, grant_id, int(now * 1000), request_id))
        row = c.execute("SELECT org, name FROM derived_items WHERE request_id = ?", (request_id,)).fetchone()
        if row:
            self.vault.record(c, EventKind.DERIVED_AUTHORISED, org=row[0], field=row[1],
                              data={"request": request_id, "grant": grant_id, "reanonymise_required": True})

    def _refuse_derived(self, c: Any, request_id: str, now: float) -> None:
        c.execute("UPDATE derived_items SET state = ?, decided_ms = ? WHERE request_id = ? AND state = 'held'",
                  (DerivedState.REFUSED.value, int(now * 1000), request_id))
        row = c.execute("SELECT org, name FROM derived_items WHERE request_id = ?", (request_id,)).fetchone()
        if row:
            self.vault.record(c, EventKind.DERIVED_REFUSED, org=row[0], field=row[1], data={"request": request_id})

    def _lineage(self) -> LineageGraph:
        items = []
        for d in self.list_derived():
            try:
                items.append(DerivedItem(d["id"], d["org"], d["conclusion"], Category(d["category"]), d["method"],
                                         tuple(SourceRef(s["grant"], tuple(s["fields"])) for s in d["sources"]),
                                         state=DerivedState(d["state"]), grant_id=d["grant"]))
            except VaultError:
                continue
        return LineageGraph(items)

    # -- grants ---------------------------------------------------------------------------------------------
    _GRANT_COLS = ("g.id, g.org, o.display_name, g.kind, g.state, g.issued_ms, g.expires_ms, g.scope, g.fields, "
                   "g.request_id, g.parent_grant, g.superseded_by, g.revoked_ms, g.status_idx")

    def _grant_view(self, r: Any) -> GrantView:
        return GrantView(r[0], r[1], r[2] or r[1], r[3], GrantState(r[4]), r[5] / 1000, r[6] / 1000,
                         _scope_from(json.loads(r[7])), tuple(json.loads(r[8])), r[9], r[10], r[11],
                         r[12] / 1000 if r[12] else None, r[13])

    def list_grants(self, states: Iterable[GrantState | str] | None = None, *, org: str | None = None
                    ) -> list[GrantView]:
        self.refresh()
        where: list[str] = []
        params: list[Any] = []
        if states:
            st = [GrantState(str(s)).value for s in states]
            where.append("g.state IN (%s)" % ",".join("?" * len(st)))
            params += st
        if org:
            where.append("g.org = ?")
            params.append(org)
        sql = (f"SELECT {self._GRANT_COLS} FROM grants g LEFT JOIN organisations o ON o.did = g.org"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY g.issued_ms DESC")
        return [self._grant_view(r) for r in self.db.query(sql, tuple(params))]

    def get_grant(self, grant_id: str) -> GrantView:
        r = self.db.query_one(f"SELECT {self._GRANT_COLS} FROM grants g LEFT JOIN organisations o "
                              "ON o.did = g.org WHERE g.id = ?", (grant_id,))
        if r is None:
            raise NotFoundError(f"There is no grant {grant_id}.", reason="no-grant")
        return self._grant_view(r)

    def grant_file(self, grant_id: str) -> str:
        """The sealed grant (JWE) as sent to the organisation, for saving, copying or a QR code."""
        self.get_grant(grant_id)
        return str(self.db.query_one("SELECT jwe FROM grants WHERE id = ?", (grant_id,))[0])

    def grant_content(self, grant_id: str) -> dict[str, Any]:
        """The signed grant's claims (what the organisation reads after decrypting). Holds released values."""
        token = self.db.query_one("SELECT token FROM grants WHERE id = ?", (grant_id,))
        if token is None:
            raise NotFoundError(f"There is no grant {grant_id}.", reason="no-grant")
        return codec.peek(token[0])[1]

    def grant_terms(self, grant_id: str) -> pscope.GrantTerms:
        g = self.get_grant(grant_id)
        return pscope.GrantTerms(g.id, g.org, g.scope, tuple(f["name"] for f in g.fields))

    def revoke(self, grant_id: str, *, reason: str | None = None) -> tuple[str, list[str]]:
        """Revoke a grant (and, by cascade, grants for data derived from it). Returns the signed revocation
        notice for the organisation and the ids of every grant revoked."""
        g = self.get_grant(grant_id)
        if g.state is GrantState.REVOKED:
            raise ConflictError("This grant is already revoked.", reason="already-revoked")
        now = self._now()
        cascade = cascade_revocation(grant_id, self._lineage())
        revoked = [grant_id]
        with self.vault.transaction("revoke the grant") as c:
            self._revoke_one(c, g, now, reason or "you revoked it")
            for step in cascade:
                c.execute("UPDATE derived_items SET state = ?, decided_ms = ? WHERE id = ?",
                          (DerivedState.REVOKED.value, int(now * 1000), step.item_id))
                if step.grant_id:
                    dg = self.get_grant(step.grant_id)
                    if dg.state is not GrantState.REVOKED:
                        self._revoke_one(c, dg, now, step.reason, cascade_from=step.because_of)
                        revoked.append(step.grant_id)
            # onward grants made under this grant go with it
            for child in c.execute("SELECT id FROM grants WHERE parent_grant = ? AND state != 'revoked'",
                                   (grant_id,)).fetchall():
                cg = self.get_grant(child[0])
                self._revoke_one(c, cg, now, f"Passed on under grant {grant_id}, which was revoked.",
                                 cascade_from=grant_id)
                revoked.append(child[0])
        status = StatusRef(g.status_idx, self._status_uri(g.org))
        notice = self.agent.make_revocation_notice(self.pairwise_key(g.org), g.org, grant_id, status=status)
        self._emit("grants", "revoked", ids=revoked)
        return notice, revoked

    # -- organisations that lost their standing -------------------------------------------------------------
    def grants_at_risk(self) -> list[AtRiskHolding]:
        """Organisations that hold active grants although a trust list suspends them or they are marked
        non-compliant (by a certifier or by the subject), with those grants. Empty when there is nothing to do."""
        out = []
        for o in self.list_orgs():
            if o.status not in (ComplianceStatus.SUSPENDED, ComplianceStatus.NON_COMPLIANT):
                continue
            ids = tuple(r[0] for r in self.db.query(
                "SELECT id FROM grants WHERE org = ? AND state = 'active' ORDER BY issued_ms", (o.did,)))
            if ids:
                out.append(AtRiskHolding(o.did, o.name, o.status, o.status_text, ids))
        return out

    def revoke_all_held_by(self, org: str, *, reason: str | None = None) -> list[tuple[str, list[str]]]:
        """Revoke every active grant ``org`` holds, in one action. Returns (revocation notice, revoked ids) per
        grant; the status list says the same to the organisation as soon as it is renewed."""
        self.get_org(org)  # NotFoundError for an organisation not in the list
        ids = [r[0] for r in self.db.query("SELECT id FROM grants WHERE org = ? AND state = 'active' "
                                            "ORDER BY issued_ms", (org,))]
        done: list[tuple[str, list[str]]] = []
        for gid in ids:
            if self.get_grant(gid).state is not GrantState.ACTIVE:
                continue  # revoked meanwhile by the cascade of an earlier one
            done.append(self.revoke(gid, reason=reason or "the organisation lost its standing"))
        return done

    def apply_suspension_rule(self) -> list[AtRiskHolding]:
        """Run the standing rule "revoke on suspension", if set to act: revoke every active grant of every
        suspended or non-compliant organisation. Returns what was revoked (empty if the rule is not set)."""
        rule = next((r for r in self.floor().rules if r.kind is RuleKind.REVOKE_ON_SUSPENSION), None)
        if rule is None or rule.action is not RuleAction.REFUSE:
            return []
        at_risk = self.grants_at_risk()
        for h in at_risk:
            self.revoke_all_held_by(h.org, reason=f"your rule: {h.name} is {h.status.value.replace('-', ' ')}")
        return at_risk

    def _revoke_one(self, c: Any, g: GrantView, now: float, reason: str, cascade_from: str | None = None) -> None:
        lc = GrantLifecycle.from_storage(g.state.value)
        if lc.state is GrantState.ACTIVE or lc.state is GrantState.EXPIRED:
            # an expired grant is revoked too: the organisation must not keep or use the data
            pass
        self._set_status(c, g.org, g.status_idx, REVOKED)
        c.execute("UPDATE grants SET state = ?, revoked_ms = ? WHERE id = ?",
                  (GrantState.REVOKED.value, int(now * 1000), g.id))
        data: dict[str, Any] = {"grant": g.id, "reason": reason}
        if cascade_from:
            data["cascade_from"] = cascade_from
        self.vault.record(c, EventKind.GRANT_REVOKED, org=g.org, purpose=g.scope.purpose_text, data=data)

    def _set_status(self, c: Any, org: str, idx: int, value: int) -> None:
        """Write one grant's status in its organisation's list; a one-bit list (written before schema 3) is
        widened to two bits, same indexes, the first time it must say more than revoked."""
        row = c.execute("SELECT bits, width FROM status_lists WHERE org = ?", (org,)).fetchone()
        if row is None:
            return
        width = int(row[1])
        sl = StatusList(len(bytes(row[0])) * 8 // width, width, bytes(row[0]))
        if value >= 1 << width:
            sl = sl.widened(STATUS_BITS)
        if sl.get(idx) == REVOKED and value != REVOKED:
            return  # revoked is final: a later erasure or replacement does not turn it into something else
        sl.set(idx, value)
        c.execute("UPDATE status_lists SET bits = ?, width = ?, updated_ms = ?, token = NULL WHERE org = ?",
                  (sl.to_bytes(), sl.bits, self._now_ms(), org))

    # -- status list settings and renewal -------------------------------------------------------------------
    def status_publication_base(self) -> str | None:
        """Where the subject publishes status lists (an https base URL), or None: lists are handed over as files.
        Used for lists created from now on; a list keeps the address its first grant gave it."""
        row = self.db.query_one("SELECT value FROM meta WHERE key = 'status_publication_base'")
        return str(row[0]) if row else None

    def set_status_publication_base(self, base: str | None) -> None:
        from vault_app.protocol import schema

        if base is not None:
            base = base.rstrip("/")
            try:
                schema.gateway_url(base, "publication base")
            except ProtocolError:
                raise ValidationError("The publication address must be an https URL without query or fragment.",
                                      field="status_publication_base") from None
        with self.vault.transaction("save where status lists are published") as c:
            if base is None:
                c.execute("DELETE FROM meta WHERE key = 'status_publication_base'")
            else:
                c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('status_publication_base', ?)", (base,))
        self._emit("settings", "status-publication")

    def _status_token_due(self, token_ms: int | None, updated_ms: int, now_ms: int) -> bool:
        from vault_app.protocol.statuslist import DEFAULT_LIFETIME

        # re-sign when the statuses changed since the last list (the token was cleared), or it is past half its life
        return token_ms is None or token_ms < updated_ms or now_ms - token_ms >= DEFAULT_LIFETIME * 500

    def renew_status_lists(self) -> list[str]:
        """Sign a fresh list (new ``iat``, ``exp`` a week on, ``ttl`` a day) for every organisation whose last
        list is out of date or past half its life. Runs on unlock and on every refresh. Returns the orgs."""
        if not self.vault.is_unlocked:
            return []
        now_ms = self._now_ms()
        rows = self.db.query("SELECT org, token_ms, updated_ms, token IS NULL FROM status_lists")
        due = [r[0] for r in rows if r[3] or self._status_token_due(r[1], int(r[2]), now_ms)]
        for org in due:
            self._renew_status_list(org)
        return due

    def _renew_status_list(self, org: str) -> str:
        row = self.db.query_one("SELECT uri, bits, width FROM status_lists WHERE org = ?", (org,))
        if row is None:
            raise NotFoundError("No grant was ever issued to this organisation.", reason="no-status-list")
        width = int(row[2])
        sl = StatusList(len(bytes(row[1])) * 8 // width, width, bytes(row[1]))
        token = self.agent.build_status_list(self.pairwise_key(org), row[0], sl)
        with self.vault.transaction("renew the status list") as c:
            c.execute("UPDATE status_lists SET token = ?, token_ms = ? WHERE org = ?", (token, self._now_ms(), org))
        return token

    def _status_uri(self, org: str) -> str:
        row = self.db.query_one("SELECT uri FROM status_lists WHERE org = ?", (org,))
        if row is None:
            raise NotFoundError("No grant was ever issued to this organisation.", reason="no-status-list")
        return str(row[0])

    def status_list_token(self, org: str) -> str:
        """The current signed status list for ``org`` (renewed first if out of date or past half its life)."""
        row = self.db.query_one("SELECT token, token_ms, updated_ms FROM status_lists WHERE org = ?", (org,))
        if row is None:
            raise NotFoundError("No grant was ever issued to this organisation.", reason="no-status-list")
        if row[0] is None or self._status_token_due(row[1], int(row[2]), self._now_ms()):
            return self._renew_status_list(org)
        return str(row[0])

    def export_status_list(self, org: str, path: str | Path) -> Path:
        token = self.status_list_token(org)
        p = Path(path)
        atomic_write(p, (token + "\n").encode(), mode=0o644, what="write the status list")
        with self.vault.transaction("record the export") as c:
            self.vault.record(c, EventKind.STATUS_LIST_EXPORTED, org=org, data={"file": p.name})
        return p

    def refresh(self) -> None:
        """Move requests and grants whose time has run out to 'expired', recording each in the history."""
        if not self.vault.is_unlocked:
            return
        self.renew_status_lists()
        now = self._now()
        now_ms = int(now * 1000)
        due_r = self.db.query("SELECT id, org FROM requests WHERE state IN ('received','pending_review') "
                              "AND expires_ms <= ?", (now_ms,))
        due_g = self.db.query("SELECT id, org FROM grants WHERE state = 'active' AND expires_ms <= ?", (now_ms,))
        if not due_r and not due_g:
            return
        with self.vault.transaction("expire requests and grants") as c:
            for rid, org in due_r:
                c.execute("UPDATE requests SET state = 'expired', decided_ms = ? WHERE id = ?", (now_ms, rid))
                self.vault.record(c, EventKind.REQUEST_EXPIRED, org=org, data={"request": rid})
            for gid, org in due_g:
                c.execute("UPDATE grants SET state = 'expired' WHERE id = ?", (gid,))
                self.vault.record(c, EventKind.GRANT_EXPIRED, org=org, data={"grant": gid})
        self._emit("requests", "expired")

    # -- receipts and violations ----------------------------------------------------------------------------
    def _import_receipt(self, msg: codec.Signed[UsageReceipt]) -> ImportResult:
        b = msg.body
        row = self.db.query_one("SELECT org, state, issued_ms, scope, fields, revoked_ms, token, expires_ms "
                                "FROM grants WHERE id = ?", (b.grant_id,))
        if row is None or row[0] != msg.issuer:
            exc = ProtocolError("The receipt cites a grant this organisation was never given.",
                                reason="unknown-grant")
            self._reject(exc, source="receipt", text=msg.token)
            raise exc
        if b.grant_hash is not None:
            import hmac as _h

            if not _h.compare_digest(b.grant_hash, codec.token_hash(row[6])):
                exc = ProtocolError("The receipt cites a different grant than the one issued.",
                                    reason="request-mismatch")
                self._reject(exc, source="receipt", text=msg.token)
                raise exc
        scope = _scope_from(json.loads(row[3]))
        fields = [f["name"] for f in json.loads(row[4])]
        state = row[1]
        lc = GrantLifecycle.from_storage(state, changed_at=(row[5] / 1000 if row[5] else None))
        if state == GrantState.EXPIRED.value:
            lc = GrantLifecycle(GrantState.EXPIRED, None, row[7] / 1000, None)
        violations: list[pscope.Violation] = []
        for e in b.entries:
            facts = pscope.UsageFacts(
                used_at=float(e.at), purpose_text=e.purpose_text,
                recipients=(e.recipient,) if e.action is UsageAction.TRANSFER and e.recipient else (),
                derivation=(Processing(e.action.value),) if e.action.value in {p.value for p in Processing} else (),
                fields=tuple(e.fields), receipt_id=msg.jti)
            violations += pscope.check_usage(scope, lc, fields, facts, issued_at=row[2] / 1000, grant_id=b.grant_id)
        summary = {"entries": [{"action": e.action.value, "fields": list(e.fields), "at": e.at,
                                "purpose_text": e.purpose_text, "recipient": e.recipient} for e in b.entries],
                   "violations": [v.kind.value for v in violations]}
        with self.vault.transaction("file the receipt") as c:
            c.execute("INSERT INTO receipts (id, grant_id, org, token, summary, received_ms) VALUES (?,?,?,?,?,?)",
                      (msg.jti, b.grant_id, msg.issuer, msg.token, _j(summary), self._now_ms()))
            self.vault.record(c, EventKind.RECEIPT_IMPORTED, org=msg.issuer,
                              data={"receipt": msg.jti, "grant": b.grant_id,
                                    "actions": sorted({e.action.value for e in b.entries}),
                                    "violations": len(violations)})
        for v in violations:
            self._violation(msg.issuer, b.grant_id, v.kind.value, v.message,
                            {"receipt": msg.jti, "facts": dict(v.evidence)})
        self._emit("grants", "receipt", id=b.grant_id)
        msg_text = (f"Receipt filed: {len(violations)} violation(s) found." if violations
                    else "Receipt filed: the reported use is within the grant.")
        return ImportResult("receipt", msg.jti, msg.issuer, None, msg_text, tuple(v.message for v in violations))

    def _violation(self, org: str, grant_id: str | None, kind: str, detail: str, evidence: dict[str, Any]) -> int:
        with self.vault.transaction("record the violation") as c:
            e = self.vault.record(c, EventKind.VIOLATION, org=org,
                                  data={"grant": grant_id, "violation": kind, "detail": detail[:500]})
            cur = c.execute("INSERT INTO violations (grant_id, org, kind, detail, evidence, history_seq, created_ms) "
                            "VALUES (?,?,?,?,?,?,?)", (grant_id, org, kind, detail, _j(evidence), e.seq,
                                                       self._now_ms()))
            vid = int(cur.lastrowid)
        self._emit("history", "violation", id=vid)
        return vid

    def list_violations(self, *, grant_id: str | None = None) -> list[ViolationView]:
        sql = "SELECT id, grant_id, org, kind, detail, evidence, created_ms, history_seq FROM violations"
        params: tuple[Any, ...] = ()
        if grant_id:
            sql += " WHERE grant_id = ?"
            params = (grant_id,)
        return [ViolationView(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6] / 1000, r[7])
                for r in self.db.query(sql + " ORDER BY id DESC", params)]

    def list_receipts(self, grant_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, grant_id, org, summary, received_ms FROM receipts"
        params: tuple[Any, ...] = ()
        if grant_id:
            sql += " WHERE grant_id = ?"
            params = (grant_id,)
        return [{"id": r[0], "grant": r[1], "org": r[2], **json.loads(r[3]), "received": r[4] / 1000}
                for r in self.db.query(sql + " ORDER BY received_ms DESC", params)]

    # -- erasure --------------------------------------------------------------------------------------------
    def request_erasure(self, grant_id: str, *, fields: Sequence[str] = ()) -> str:
        g = self.get_grant(grant_id)
        token = self.agent.make_erasure_request(self.pairwise_key(g.org), g.org, [grant_id], fields=fields)
        _, claims = codec.peek(token)
        eid = str(claims["jti"])
        with self.vault.transaction("record the erasure request") as c:
            c.execute("INSERT INTO erasure_requests (id, grant_id, org, token, issued_ms) VALUES (?,?,?,?,?)",
                      (eid, grant_id, g.org, token, self._now_ms()))
            self.vault.record(c, EventKind.ERASURE_REQUESTED, org=g.org,
                              data={"erasure": eid, "grant": grant_id, "fields": list(fields),
                                    "include_derived": True})
        self._emit("grants", "erasure", id=grant_id)
        return token

    def list_erasures(self, *, open_only: bool = False) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT id, grant_id, org, issued_ms, confirmed_ms, confirmation FROM erasure_requests "
                             + ("WHERE confirmed_ms IS NULL " if open_only else "") + "ORDER BY issued_ms DESC")
        return [{"id": r[0], "grant": r[1], "org": r[2], "issued": r[3] / 1000,
                 "confirmed": r[4] / 1000 if r[4] else None, "outcome": json.loads(r[5])["outcome"] if r[5] else None}
                for r in rows]

    def _import_deletion(self, msg: codec.Signed[DeletionConfirmation]) -> ImportResult:
        b = msg.body
        row = self.db.query_one("SELECT token, org, confirmed_ms FROM erasure_requests WHERE id = ?", (b.erasure_id,))
        if row is None or row[1] != msg.issuer:
            exc = ProtocolError("This confirmation answers an erasure request you did not send to this "
                                "organisation.", reason="request-mismatch")
            self._reject(exc, source="deletion-confirmation", text=msg.token)
            raise exc
        erasure = codec.verify(row[0], ErasureRequest, check_times=False, audience=msg.issuer)
        from vault_app.protocol import binding

        try:
            binding.check_reference(erasure, b.erasure_id, b.erasure_hash, "confirmation")
        except ProtocolError as exc:
            self._reject(exc, source="deletion-confirmation", text=msg.token)
            raise
        summary = {"outcome": b.outcome.value, "deleted_at": b.deleted_at,
                   "retained": [{"field": r.field, "reason": r.reason} for r in b.retained]}
        ended: list[str] = []
        with self.vault.transaction("file the deletion confirmation") as c:
            c.execute("UPDATE erasure_requests SET confirmed_ms = ?, confirmation = ? WHERE id = ?",
                      (self._now_ms(), _j(summary), b.erasure_id))
            self.vault.record(c, EventKind.ERASURE_CONFIRMED, org=msg.issuer,
                              data={"erasure": b.erasure_id, "confirmation": msg.jti, **summary})
            # A confirmed deletion of everything a grant released ends that grant: its status says ERASED, so
            # the organisation's own checks (and anyone it passed the grant to) see it must not be used.
            if b.outcome is not DeletionOutcome.REFUSED and not erasure.body.fields:
                for gid in erasure.body.grant_ids:
                    g = c.execute("SELECT state, org, status_idx FROM grants WHERE id = ?", (gid,)).fetchone()
                    if g is None or g[1] != msg.issuer:
                        continue
                    if g[0] in (GrantState.ACTIVE.value, GrantState.EXPIRED.value):
                        GrantLifecycle.from_storage(g[0], changed_at=self._now()).erase(at=self._now())
                        c.execute("UPDATE grants SET state = ? WHERE id = ?", (GrantState.ERASED.value, gid))
                        self.vault.record(c, EventKind.GRANT_ERASED, org=msg.issuer,
                                          data={"grant": gid, "erasure": b.erasure_id})
                        ended.append(gid)
                    self._set_status(c, msg.issuer, int(g[2]), ERASED)
        if b.outcome is DeletionOutcome.REFUSED:
            self._violation(msg.issuer, erasure.body.grant_ids[0] if erasure.body.grant_ids else None,
                            "erasure-refused", "The organisation refused to delete your data.",
                            {"confirmation": msg.jti})
        self._emit("grants", "erasure-confirmed", id=b.erasure_id)
        ended_text = f" The grant{'s' if len(ended) > 1 else ''} {', '.join(ended)} ended." if ended else ""
        return ImportResult("deletion-confirmation", msg.jti, msg.issuer, b.outcome.value,
                            f"The organisation answered your erasure request: {b.outcome.value.replace('-', ' ')}."
                            + ended_text)

    # -- evidence -------------------------------------------------------------------------------------------
    def export_evidence(self, path: str | Path, *, grant_id: str | None = None, violation_id: int | None = None
                        ) -> Path:
        """A bundle for a data-protection authority: the grant (signed), the organisation's receipts (signed by
        it), the violations and the history entries about that grant, with a signature by the subject."""
        if violation_id is not None:
            v = [x for x in self.list_violations() if x.id == violation_id]
            if not v:
                raise NotFoundError(f"There is no violation {violation_id}.", reason="no-violation")
            grant_id = grant_id or v[0].grant_id
        if grant_id is None:
            raise UsageErrorLike("Name a grant or a violation.")
        g = self.get_grant(grant_id)
        grant_token = self.db.query_one("SELECT token FROM grants WHERE id = ?", (grant_id,))[0]
        receipts = [r[0] for r in self.db.query("SELECT token FROM receipts WHERE grant_id = ?", (grant_id,))]
        entries = [e.to_json() for e in self.vault.history.iter_all()
                   if e.data.get("grant") == grant_id or e.data.get("request") == g.request_id]
        seq, head = self.vault.history.head()
        req_token = None
        if g.request_id:
            r = self.db.query_one("SELECT token FROM requests WHERE id = ?", (g.request_id,))
            req_token = r[0] if r else None
        bundle = {
            "format": "pdvault-evidence", "version": 1, "subject": self.pairwise_did(g.org),
            "organisation": self.get_org(g.org).to_json(), "grant": g.to_json(),
            "grant_token": grant_token, "request_token": req_token, "receipts": receipts,
            "violations": [{"id": x.id, "kind": x.kind, "detail": x.detail, "evidence": x.evidence,
                            "history_seq": x.history_seq} for x in self.list_violations(grant_id=grant_id)],
            "history": entries, "history_head": {"seq": seq, "hash": head.hex()},
            "note": "grant_token holds the values released to this organisation; the organisation already has them.",
        }
        data = (json.dumps(bundle, indent=1, ensure_ascii=False) + "\n").encode()
        key = self.pairwise_key(g.org)
        did = self.pairwise_did(g.org)
        sig = sign_export(data, key=key, kid=did + "#" + did.split(":")[-1],
                          claims={"iss": did, "iat": int(self._now()), "format": "evidence", "grant": grant_id})
        from vault_app.history.export import write_export

        p = Path(path)
        write_export(p, data, sig)
        with self.vault.transaction("record the export") as c:
            self.vault.record(c, EventKind.EVIDENCE_EXPORTED, org=g.org, data={"grant": grant_id, "file": p.name})
        return p


def _only_anonymised(decisions: Iterable[FieldDecision]) -> None:
    """A derived conclusion is the organisation's own: the vault holds no value of it, and it is only ever authorised
    anonymised. An exact release would sign the placeholder of :meth:`ConsentService._derived_fields` as a value."""
    for d in decisions:
        if d.mode is ReleaseMode.EXACT:
            raise PolicyDenied(f"The conclusion {d.name} can only be authorised anonymised (for example with "
                               "'suppress'): it must be anonymised again before any reuse.", reason="derived-exact")


class UsageErrorLike(ValidationError):
    """A use case called on the wrong kind of request."""

    reason = "wrong-kind"


def _scope_json(s: Scope) -> dict[str, Any]:
    return {"purposes": list(s.purposes), "purpose_text": s.purpose_text, "retention_seconds": s.retention_seconds,
            "onward_recipients": list(s.onward_recipients), "derivation": [p.value for p in s.derivation]}


def _scope_from(d: dict[str, Any]) -> Scope:
    return Scope(tuple(d["purposes"]), d["purpose_text"], int(d["retention_seconds"]),
                 tuple(d.get("onward_recipients", ())), tuple(Processing(p) for p in d.get("derivation", ())))


__all__ = ["ConsentService", "SubjectDecisions", "FieldDecision", "ReleaseMode"]
