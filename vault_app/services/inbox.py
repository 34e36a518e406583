"""The inbox: every message an organisation or certifier sends comes in here, one or many at a time.

Flow of one message (:meth:`InboxService.import_text`): the protocol layer verifies it completely
(signature, type, times, audience, replay, schema); a failure is recorded in the history as
``request.rejected`` with its reason and re-raised as :class:`ProtocolError`, so nothing half-read is kept.
A verified request is recorded, then passes the compliance gate and the subject's privacy floor before the
subject sees it: it is refused automatically (the result carries the reason) or put in the inbox for
review, with the rules it goes beyond flagged. Receipts, deletion confirmations and trust lists go to the
services that own them.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_app.domain.consent import (
    Check,
    Conclusion,
    Recipient,
    RequestContent,
    RequestKind,
    RequestState,
    SourceUse,
)
from vault_app.domain.errors import (
    ConflictError,
    NotFoundError,
    ProtocolError,
    UsageError,
    VaultError,
    os_error_to_vault_error,
)
from vault_app.domain.model import Processing, RequestedField
from vault_app.history.kinds import EventKind
from vault_app.policy.compliance import GateOutcome, gate
from vault_app.policy.lifecycle import RequestLifecycle
from vault_app.policy.request import RequestSummary
from vault_app.policy.rules import PrivacyFloor, RuleFinding
from vault_app.protocol import codec
from vault_app.protocol.jwk import x25519_public_jwk
from vault_app.protocol.messages import (
    AuthorisationRequest,
    DeletionConfirmation,
    DerivedDataRequest,
    Kind,
    TrustList,
    UsageReceipt,
    VerificationRequest,
)
from vault_app.protocol.transport import detect_kind, read_message_file
from vault_app.services.decisions import request_view
from vault_app.services.views import BatchImport, ImportOutcome, ImportResult, RequestView

if TYPE_CHECKING:
    from vault_app.services.consent import ConsentContext
    from vault_app.services.decisions import DecisionService
    from vault_app.services.grants import GrantService
    from vault_app.services.organisations import OrganisationService

_REQUEST_KINDS = {
    Kind.REQUEST: RequestKind.AUTHORISATION,
    Kind.VERIFICATION_REQUEST: RequestKind.VERIFICATION,
    Kind.DERIVED_REQUEST: RequestKind.DERIVED,
}

#: message kinds by the words the CLI's aliases use (``receipt import`` takes only receipts, and so on)
KIND_WORDS = {k.value: k for k in Kind}


@dataclass(frozen=True)
class ImportItem:
    """One thing to import: a file, or text (a ``pdv:`` link, standard input), with a label for messages.

    ``expect``: the only message kinds accepted (anything else is a usage error, before any import).
    ``skip_known``: skip a message already filed (the watched inbox folder offers old files again)."""

    label: str
    path: str | None = None
    text: str | None = None
    expect: frozenset[Kind] | None = None
    skip_known: bool = False


def _content(msg: codec.Signed[Any]) -> RequestContent:
    b = msg.body
    if isinstance(b, AuthorisationRequest):
        return RequestContent(
            RequestKind.AUTHORISATION,
            tuple(b.purposes),
            b.purpose_text,
            b.retention_seconds,
            fields=tuple(RequestedField(f.name, f.category, f.reason or None) for f in b.fields),
            onward=tuple(Recipient(r.did, r.name) for r in b.onward),
            processing=tuple(Processing(p) for p in b.processing),
            refines=b.refines,
        )
    if isinstance(b, VerificationRequest):
        return RequestContent(
            RequestKind.VERIFICATION,
            tuple(b.purposes),
            b.purpose_text,
            checks=tuple(Check(c.name, c.category, c.hashed is not None) for c in b.checks),
        )
    if isinstance(b, DerivedDataRequest):
        return RequestContent(
            RequestKind.DERIVED,
            tuple(b.purposes),
            b.purpose_text,
            b.retention_seconds,
            conclusion=Conclusion(b.conclusion.name, b.conclusion.category, b.conclusion.description),
            method=b.method,
            sources=tuple(SourceUse(s.grant_id, tuple(s.fields)) for s in b.sources),
            onward=tuple(Recipient(r.did, r.name) for r in b.onward),
            processing=tuple(Processing(p) for p in b.processing),
        )
    raise AssertionError(type(b))


class InboxService:
    def __init__(
        self, ctx: ConsentContext, orgs: OrganisationService, decisions: DecisionService, grants: GrantService
    ) -> None:
        self.ctx = ctx
        self.orgs = orgs
        self.decisions = decisions
        self.grants = grants

    # -- one message -----------------------------------------------------------------------------------------
    def import_file(self, path: str | Path) -> ImportResult:
        name = Path(path).name
        if not Path(path).is_file():
            raise NotFoundError(f"There is no file {path}.", reason="no-file")
        try:
            text = read_message_file(path)
        except ProtocolError as exc:
            self.ctx.record_rejection(exc, source=name)
            raise
        except OSError as exc:
            raise os_error_to_vault_error(exc, f"read {name}") from None
        return self.import_text(text, source=name)

    def import_text(self, text: str, *, source: str = "clipboard") -> ImportResult:
        """Verify and file any message an organisation or certifier sends. Raises ProtocolError (recorded)."""
        try:
            return self._import_text(text, source)
        finally:
            # an accepted message id that no transaction took (normally none); the vault cannot write now
            # (disk full, ...): the next transaction writes it, and the first error is the one to report
            with contextlib.suppress(VaultError):
                self.ctx.write_ids()

    def _import_text(self, text: str, source: str) -> ImportResult:
        self.ctx.expire_due()
        own = self._own_grant(text)
        if own is not None:
            return own
        certifiers = self.ctx.trusted_certifiers()  # read once: the parse and the compliance gate use it
        try:
            msg = self.ctx.agent.parse(text, pairwise_did_for=self.ctx.known_pairwise, certifiers=certifiers)
        except ProtocolError as exc:
            self.ctx.record_rejection(exc, source=source, text=text)
            raise
        try:
            return self._file(msg, certifiers)
        except ProtocolError:
            raise  # the services record the protocol refusals they raise, with their reason
        except VaultError as exc:
            # a verified message that could not be filed (it is in the replay cache now, so a second import
            # would only say "replayed"): the history must still say that it came and why it was refused
            try:
                self.ctx.record_rejection(
                    ProtocolError(exc.message, reason=exc.reason), source=source, text=text
                )
            except VaultError:
                pass  # the vault cannot write now (disk full, ...): the first error is the one to report
            raise

    def _file(self, msg: codec.Signed[Any], certifiers: list[str]) -> ImportResult:
        kind = msg.kind
        if kind is Kind.TRUST_LIST:
            return self.orgs.import_trust_list(self._as(msg, TrustList))
        if kind is Kind.RECEIPT:
            return self.grants.import_receipt(self._as(msg, UsageReceipt))
        if kind is Kind.DELETION_CONFIRMATION:
            return self.grants.import_deletion(self._as(msg, DeletionConfirmation))
        return self._import_request(msg, certifiers)

    @staticmethod
    def _as(msg: codec.Signed[Any], body_type: type[Any]) -> Any:
        assert isinstance(msg.body, body_type)
        return msg

    def _own_grant(self, text: str) -> ImportResult | None:
        """A grant file this vault issued (the subject opened a saved ``.pdvgrant``): point at the grant.

        A grant travels encrypted to the organisation, so the vault cannot read it; it recognises its own
        by comparing it with the grants it keeps (exact text). Anything else that looks like a grant or an
        encrypted message goes on to the normal import, which refuses it with its reason and records that.
        """
        try:
            det = detect_kind(text)
        except ProtocolError:
            return None
        if not (det.sealed or det.kind in (Kind.GRANT, Kind.VERIFICATION_RESPONSE)) or det.token is None:
            return None
        g = self.grants.find_own(det.token)
        if g is None:
            return None
        when = datetime.fromtimestamp(g.issued, UTC).strftime("%Y-%m-%d")
        return ImportResult(
            "grant",
            g.id,
            g.org,
            g.state.value,
            f"This is the grant you gave {g.org_name} on {when} ({g.state.value}); nothing was imported.",
        )

    def _import_request(self, msg: codec.Signed[Any], certifiers: list[str]) -> ImportResult:
        kind = _REQUEST_KINDS[msg.kind]
        b = msg.body
        org = msg.issuer
        content = _content(msg)
        refines = b.refines if isinstance(b, AuthorisationRequest) else None
        refines_ok = True
        if refines is not None:
            refined = self.ctx.repos.grants.get(refines)
            refines_ok = refined is not None and refined.org == org
        duplicate, id_taken = self.ctx.repos.requests.clash(org, msg.jti)
        if duplicate:
            raise ConflictError("This request is already in your inbox.", reason="duplicate")
        rid = self._local_id(org, msg.jti, id_taken)
        now = self.ctx.now()
        # One lazy commit files and reviews the request (with its message id): it came from outside and its
        # sender still holds it, so a power loss may lose it (docs/security.md, "What a power loss can lose")
        with self.ctx.transaction("file the request", durable=False) as tx:
            _new, oc = self.orgs.meet(tx, org, b.org.name, x25519_public_jwk(b.org.enc_key), b.org.url)
            # Before the subject sees it: the compliance gate, then the privacy floor. The request is filed
            # once, in the state they lead to (the history still says it came, then what happened to it).
            g = gate(oc, now, trusted_certifiers=certifiers)
            lc = RequestLifecycle()
            findings: list[RuleFinding] = []
            refusal: tuple[str, str] | None = None
            if g.outcome is GateOutcome.REFUSE:
                refusal = (g.reason, g.message)
            elif not refines_ok:
                refusal = (
                    "unknown-grant",
                    "The request refers to a grant that this organisation does not hold.",
                )
            else:  # standing rules apply to every kind of request, verification included
                summary = RequestSummary(org, content.requested_fields, content.scope, rid, refines)
                findings = self.orgs.floor().evaluate(summary, g.standing.status)
                first = PrivacyFloor.auto_refusal(findings)
                if first is not None:
                    refusal = (f"rule:{first.rule_id}", first.message)
            lc = lc.auto_refuse(refusal[1], at=now) if refusal is not None else lc.submit_for_review(at=now)
            self.ctx.repos.requests.insert(
                tx,
                rid,
                kind,
                org,
                lc.state,
                msg.token,
                msg.hash,
                refines,
                content,
                int(now * 1000),
                msg.envelope.expires_at * 1000,
                jti=msg.jti,
                reason=lc.reason,
                reason_code=refusal[0] if refusal is not None else None,
            )
            self.ctx.record(
                tx,
                EventKind.REQUEST_RECEIVED,
                org=org,
                purpose=content.purpose_text,
                data={"request": rid, "kind": kind.value, **self._names_for_history(content)},
            )
            if refusal is not None:
                self.ctx.record(
                    tx,
                    EventKind.REQUEST_AUTO_REFUSED,
                    org=org,
                    purpose=content.purpose_text,
                    data={"request": rid, "reason": refusal[0], "message": refusal[1]},
                )
            else:
                for f in findings:
                    self.ctx.record(
                        tx,
                        EventKind.REQUEST_FLAGGED,
                        org=org,
                        purpose=content.purpose_text,
                        data={"request": rid, "rule": f.rule_id, "message": f.message},
                    )
        # the approval that normally follows re-reads this request: it takes the verified message from
        # here instead of verifying the same text again (see DecisionService._load_request)
        self.ctx.keep_verified(rid, msg)
        self.ctx.emit("requests", "received", id=rid)
        if kind is RequestKind.DERIVED:
            self.decisions.hold_derived(msg, lc, rid)
        if refusal is not None:
            return ImportResult(
                kind.value,
                rid,
                org,
                lc.state.value,
                f"Refused automatically: {refusal[1]}",
                reason=refusal[0],
                reason_text=refusal[1],
            )
        note = f" {len(findings)} of your rules flag it." if findings else ""
        if g.outcome is GateOutcome.CONFIRM:
            note += " Nobody you trust has assessed this organisation."
        return ImportResult(
            kind.value,
            rid,
            org,
            lc.state.value,
            f"The {kind.value} request from {b.org.name} is waiting for your review.{note}",
        )

    @staticmethod
    def _local_id(org: str, jti: str, taken: bool) -> str:
        """The vault's id for a new request: the organisation's own id, unless another organisation used it
        first (``taken``: ids are unique per sender only); then that id with a suffix naming the
        organisation. A '.' never occurs in a protocol id, so a suffixed id is not one another organisation
        could send."""
        if not taken:
            return jti
        return f"{jti}.{hashlib.sha256(org.encode()).hexdigest()[:8]}"

    @staticmethod
    def _names_for_history(content: RequestContent) -> dict[str, Any]:
        if content.kind is RequestKind.DERIVED and content.conclusion is not None:
            return {"conclusion": content.conclusion.name}
        return {"fields": list(content.field_names)}

    # -- many messages ---------------------------------------------------------------------------------------
    def is_known(self, text: str) -> bool:
        """Whether this message is already filed (a request in the inbox, or a receipt)."""
        try:
            det = detect_kind(text)
            if det.token is None or det.sealed:
                return False
            claims = codec.peek(det.token)[1]
            jti, iss = str(claims.get("jti", "")), str(claims.get("iss", ""))
        except (VaultError, ValueError):
            return False  # let the real import report the problem
        return bool(jti) and (
            self.ctx.repos.requests.local_id(iss, jti) is not None or self.grants.has_receipt(iss, jti)
        )

    def import_many(self, items: Iterable[ImportItem]) -> BatchImport:
        """Import each item in turn; one bad item does not stop the others. Each refusal is in the history."""
        out: list[ImportOutcome] = []
        for item in items:
            try:
                text = item.text
                if item.path is not None and (item.expect is not None or item.skip_known):
                    try:
                        text = read_message_file(item.path)
                    except OSError as exc:
                        raise os_error_to_vault_error(exc, f"read {Path(item.path).name}") from None
                    except ProtocolError:
                        text = None  # unreadable as a message: the import below rejects it and records that
                if text is not None and item.skip_known and self.is_known(text):
                    out.append(ImportOutcome(item.label, skipped=True))
                    continue
                if text is not None and item.expect is not None:
                    self._check_kind(text, item)
                if item.path is not None:
                    res = self.import_file(item.path)
                else:
                    assert item.text is not None
                    res = self.import_text(item.text, source=item.label)
            except VaultError as exc:
                out.append(ImportOutcome(item.label, error=exc))
                continue
            out.append(ImportOutcome(item.label, res, org_name=self._org_name(res)))
        return BatchImport(tuple(out))

    @staticmethod
    def _check_kind(text: str, item: ImportItem) -> None:
        try:
            det = detect_kind(text)
        except VaultError:
            return
        assert item.expect is not None
        if det.kind not in item.expect:
            wanted = " or ".join(sorted(k.value for k in item.expect))
            raise UsageError(
                f"{item.label} is a {det.label}, not a {wanted}; import it as any message instead.",
                reason="wrong-kind",
            )

    def _org_name(self, res: ImportResult) -> str:
        if not res.org:
            return ""
        try:
            return self.orgs.get(res.org).name
        except NotFoundError:
            return next((c.name for c in self.orgs.certifiers() if c.did == res.org), res.org)

    # -- the inbox -------------------------------------------------------------------------------------------
    def list_requests(
        self,
        states: Iterable[RequestState | str] | None = None,
        *,
        kind: RequestKind | str | None = None,
        limit: int = 500,
    ) -> list[RequestView]:
        self.ctx.expire_due()
        st = [RequestState(str(s)) for s in states] if states else None
        k = RequestKind(str(kind)) if kind else None
        return [request_view(r) for r in self.ctx.repos.requests.list(st, k, limit)]

    def pending_count(self) -> int:
        return self.ctx.repos.requests.count_open()

    def get_request(self, request_id: str) -> RequestView:
        return self.decisions.get_request(request_id)


def items_from(paths: Sequence[str], *, skip_known: bool = False) -> list[ImportItem]:
    """Import items for file paths and ``pdv:`` links, as the desktop app gets them (dropped, opened,
    watched)."""
    out = []
    for p in paths:
        if p[:4].lower() == "pdv:":
            out.append(ImportItem("pdv: link", text=p))
        else:
            out.append(ImportItem(Path(p).name or p, path=p, skip_known=skip_known))
    return out
