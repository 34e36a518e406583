"""Organisations, the certifiers the subject trusts and their trust lists, and the subject's standing rules
(the privacy floor): who may ask, and what never leaves whoever asks."""

from __future__ import annotations

import builtins  # classes here have a method named list, which shadows the type in annotations
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from vault_app.domain.errors import ConflictError, NotFoundError, VaultError
from vault_app.domain.model import ComplianceStatus
from vault_app.history.kinds import EventKind
from vault_app.policy.compliance import ComplianceClaim, ComplianceSource, OrgCompliance, SourceKind
from vault_app.policy.rules import PrivacyFloor, Rule, RuleKind
from vault_app.protocol import codec
from vault_app.protocol.did import fingerprint, public_key_from_did
from vault_app.protocol.messages import TrustList
from vault_app.services.views import CertifierView, ImportResult, OrgView
from vault_app.storage.db import Tx
from vault_app.storage.repositories.organisations import OrgRow

if TYPE_CHECKING:
    from vault_app.services.consent import ConsentContext


def _no_org(did: str) -> NotFoundError:
    return NotFoundError(f"There is no organisation {did} in your list.", reason="no-organisation")


class OrganisationService:
    def __init__(self, ctx: ConsentContext) -> None:
        self.ctx = ctx
        self.repo = ctx.repos.orgs
        #: called after an organisation's standing changed (set by ConsentServices: the grant service reports
        #: the grants suspended organisations hold, or revokes them by the standing rule); returns a note
        self.standing_changed: Callable[[], str] = lambda: ""

    # -- views -----------------------------------------------------------------------------------------------
    @staticmethod
    def _compliance(row: OrgRow) -> OrgCompliance:
        return OrgCompliance(
            row.did, tuple(ComplianceClaim.from_json(c) for c in row.claims), row.blocked, row.name
        )

    def compliance(self, did: str) -> OrgCompliance | None:
        """What the vault knows of an organisation's compliance, for the policy checks; None if unknown."""
        row = self.repo.get(did)
        return self._compliance(row) if row else None

    def require_compliance(self, did: str) -> OrgCompliance:
        oc = self.compliance(did)
        if oc is None:
            raise _no_org(did)
        return oc

    def _view(self, row: OrgRow) -> OrgView:
        oc = self._compliance(row)
        eff = oc.effective(self.ctx.now(), trusted_certifiers=self.ctx.trusted_certifiers())
        try:
            fp = fingerprint(row.did)
        except VaultError:
            fp = "?"
        return OrgView(
            row.did,
            row.name,
            eff.status,
            eff.describe(),
            eff.source.describe() if eff.source else None,
            row.blocked,
            row.contact,
            row.dpo_contact,
            fp,
            row.enc_jwk is not None,
            row.first_seen,
            oc.claims,
        )

    def list(self) -> builtins.list[OrgView]:
        return [self._view(r) for r in self.repo.list()]

    def get(self, did: str) -> OrgView:
        row = self.repo.get(did)
        if row is None:
            raise _no_org(did)
        return self._view(row)

    def encryption_jwk(self, did: str) -> dict[str, Any] | None:
        row = self.repo.get(did)
        return row.enc_jwk if row else None

    # -- changes ---------------------------------------------------------------------------------------------
    def upsert(
        self, tx: Tx, did: str, name: str, enc_jwk: Mapping[str, Any] | None, contact: str | None = None
    ) -> bool:
        """Add an organisation met in a message (or refresh its encryption key). True if it was new."""
        return self.meet(tx, did, name, enc_jwk, contact)[0]

    def meet(
        self, tx: Tx, did: str, name: str, enc_jwk: Mapping[str, Any] | None, contact: str | None = None
    ) -> tuple[bool, OrgCompliance]:
        """:meth:`upsert`, also returning what the vault knows of the organisation's compliance (from the
        row it read or wrote: the import of a request needs both). The key is written only when it
        changed (a request repeats its organisation's key: rewriting the row each time was a page written
        for nothing)."""
        now = self.ctx.now_ms()
        row = self.repo.get_in(tx, did)
        if row is None:
            self.repo.insert(tx, did, name, dict(enc_jwk) if enc_jwk else None, contact, now)
            self.ctx.record(tx, EventKind.ORG_ADDED, org=did, data={"name": name})
            return True, OrgCompliance(did, (), False, name)
        if enc_jwk and dict(enc_jwk) != row.enc_jwk:
            self.repo.set_enc_key(tx, did, dict(enc_jwk), now)
        return False, self._compliance(row)

    def add(
        self, did: str, name: str, *, contact: str | None = None, dpo_contact: str | None = None
    ) -> OrgView:
        public_key_from_did(did)  # refuses anything that is not an Ed25519 did:key
        with self.ctx.transaction("add the organisation") as tx:
            if not self.upsert(tx, did, name, None, contact):
                self.repo.set_name(tx, did, name)
            if dpo_contact is not None:
                self.repo.set_dpo_contact(tx, did, dpo_contact)
        self.ctx.emit("orgs", "changed", did=did)
        return self.get(did)

    def set_status(self, did: str, status: ComplianceStatus | str, *, note: str | None = None) -> OrgView:
        """The subject's own judgement of an organisation (replaces their previous judgement)."""
        st = ComplianceStatus(str(status))
        row = self.repo.get(did)
        if row is None:
            raise _no_org(did)
        claims = [c for c in row.claims if c.get("source", {}).get("kind") != SourceKind.SUBJECT.value]
        if st is not ComplianceStatus.UNKNOWN:
            claims.append(ComplianceClaim(st, ComplianceSource.subject(decided_at=self.ctx.now())).to_json())
        with self.ctx.transaction("change the organisation's status") as tx:
            self.repo.set_claims(tx, did, claims, self.ctx.now_ms())
            self.ctx.record(
                tx,
                EventKind.ORG_STATUS_CHANGED,
                org=did,
                data={"status": st.value, "source": "subject", **({"note": note} if note else {})},
            )
        self.ctx.emit("orgs", "changed", did=did)
        self.standing_changed()
        return self.get(did)

    def set_blocked(self, did: str, blocked: bool) -> OrgView:
        if not self.repo.exists(did):
            raise _no_org(did)
        with self.ctx.transaction("block the organisation") as tx:
            self.repo.set_blocked(tx, did, blocked, self.ctx.now_ms())
            self.ctx.record(tx, EventKind.ORG_STATUS_CHANGED, org=did, data={"blocked": blocked})
        self.ctx.emit("orgs", "changed", did=did)
        return self.get(did)

    # -- certifiers and trust lists --------------------------------------------------------------------------
    def trust_certifier(self, did: str, name: str) -> None:
        public_key_from_did(did)
        with self.ctx.transaction("trust the certifier") as tx:
            self.repo.put_certifier(tx, did, name, self.ctx.now_ms())
            self.ctx.record(
                tx, EventKind.ORG_STATUS_CHANGED, org=did, data={"certifier": "trusted", "name": name}
            )
        self.ctx.emit("orgs", "changed", did=did)

    def untrust_certifier(self, did: str) -> None:
        with self.ctx.transaction("stop trusting the certifier") as tx:
            self.repo.remove_certifier(tx, did)
            self.ctx.record(tx, EventKind.ORG_STATUS_CHANGED, org=did, data={"certifier": "untrusted"})
        self.ctx.emit("orgs", "changed", did=did)

    def certifiers(self) -> builtins.list[CertifierView]:
        return [CertifierView(c.did, c.name, c.added) for c in self.repo.certifiers()]

    def import_trust_list(self, msg: codec.Signed[TrustList]) -> ImportResult:
        body = msg.body
        cert = msg.issuer
        list_id = msg.jti
        # An older list from the same certifier must not replace a newer one.
        seq_have = None
        old = self.repo.latest_trust_list_token(cert)
        if old is not None:
            try:
                _, claims = codec.peek(old)
                seq_have = int(claims.get("seq", -1))
            except (VaultError, ValueError, TypeError):
                seq_have = None
        if seq_have is not None and body.seq <= seq_have:
            raise ConflictError(
                f"This trust list (number {body.seq}) is not newer than the one you have "
                f"(number {seq_have}).",
                reason="trust-list-outdated",
            )
        exp = float(msg.envelope.expires_at)
        with self.ctx.transaction("import the trust list") as tx:
            now = self.ctx.now_ms()
            self.repo.insert_trust_list(
                tx, list_id, cert, msg.envelope.issued_at * 1000, int(exp * 1000), msg.token, now
            )
            for e in body.entries:
                self.upsert(tx, e.did, e.name, None)
                row = self.repo.get_in(tx, e.did)
                assert row is not None
                kept = [x for x in row.claims if x.get("source", {}).get("certifier_did") != cert]
                src = ComplianceSource.trust_list(cert, list_id, exp, issued_at=float(msg.envelope.issued_at))
                kept.append(ComplianceClaim(e.status, src).to_json())
                self.repo.set_claims(tx, e.did, kept, now)
            self.ctx.record(
                tx,
                EventKind.TRUST_LIST_IMPORTED,
                org=cert,
                data={
                    "list": list_id,
                    "certifier": body.certifier_name,
                    "entries": len(body.entries),
                    "seq": body.seq,
                    "expires": int(exp),
                },
            )
        self.ctx.emit("orgs", "changed")
        return ImportResult(
            "trust-list",
            list_id,
            cert,
            None,
            f"Imported trust list {body.seq} from {body.certifier_name} ({len(body.entries)} organisations)."
            + self.standing_changed(),
        )

    # -- the privacy floor -----------------------------------------------------------------------------------
    def floor(self) -> PrivacyFloor:
        return PrivacyFloor(tuple(Rule.from_json(d) for d in self.ctx.repos.rules.all()))

    def add_rule(self, rule: Rule) -> PrivacyFloor:
        new = self.floor().with_rule(rule)
        self._save_floor(new, {"added": rule.id})
        if rule.kind is RuleKind.REVOKE_ON_SUSPENSION:
            self.standing_changed()  # a standing rule applies to organisations already suspended too
        return new

    def remove_rule(self, rule_id: str) -> PrivacyFloor:
        new = self.floor().without(rule_id)
        self._save_floor(new, {"removed": rule_id})
        return new

    def _save_floor(self, floor: PrivacyFloor, change: dict[str, Any]) -> None:
        with self.ctx.transaction("save your rules") as tx:
            self.ctx.repos.rules.replace_all(
                tx, [(r.id, r.to_json()) for r in floor.rules], self.ctx.now_ms()
            )
            self.ctx.record(tx, EventKind.RULES_CHANGED, data=change)
        self.ctx.emit("settings", "rules")
