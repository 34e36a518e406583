"""What the gateway does with each message, without HTTP: verify with the protocol library's Organisation API,
store in the registry in one transaction, sign the acknowledgement; publish requests; queue and hand out
mailbox
items; serve status lists. The HTTP layer (:mod:`.server`) only translates.

Verification is exactly what ``pdvault-org open`` and the other organisation commands do
(:class:`vault_app.protocol.Organisation`), with the registry as the source of requests, grants and subjects,
and a replay cache whose keys are written in the same transaction as the message they belong to: a message is
either stored with its replay key and acknowledgement, or leaves nothing behind.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from vault_app.domain.errors import ProtocolError, VaultError
from vault_app.gateway.registry import (
    Duplicate,
    ErasureRow,
    GrantRow,
    InboxRow,
    MailboxItem,
    NoticeRow,
    Registry,
    StaleList,
    StatusListRow,
)
from vault_app.protocol import online
from vault_app.protocol.codec import Signed, peek, token_hash, verify
from vault_app.protocol.did import is_did_key
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.jose import MAX_MESSAGE_BYTES
from vault_app.protocol.messages import (
    AuthorisationRequest,
    DeletionConfirmation,
    DerivedDataRequest,
    Grant,
    Kind,
    UsageReceipt,
    VerificationRequest,
    VerificationResponse,
)
from vault_app.protocol.org import Organisation
from vault_app.protocol.statuslist import parse_status_list_token
from vault_app.protocol.transport import detect_kind

#: kinds the inbox accepts from vaults (grants and verification responses arrive sealed)
INBOX_KINDS = frozenset({Kind.REFUSAL, Kind.REVOCATION, Kind.ERASURE_REQUEST, Kind.STATUS_LIST})
#: kinds the organisation queues for subjects
MAILBOX_KINDS: dict[Kind, type[Any]] = {
    Kind.RECEIPT: UsageReceipt,
    Kind.DERIVED_REQUEST: DerivedDataRequest,
    Kind.DELETION_CONFIRMATION: DeletionConfirmation,
}
_REQUEST_TYPES: dict[Kind, type[Any]] = {
    Kind.REQUEST: AuthorisationRequest,
    Kind.VERIFICATION_REQUEST: VerificationRequest,
    Kind.DERIVED_REQUEST: DerivedDataRequest,
}


class AlreadyReceived(VaultError):
    """These exact bytes were accepted before: refused again, with the acknowledgement first given for
    them."""

    reason = "already-received"

    def __init__(self, ack: str) -> None:
        super().__init__("This message was already received; its acknowledgement is attached.")
        self.ack = ack


class NotFound(VaultError):
    reason = "not-found"


@dataclass(frozen=True)
class Delivered:
    ack: str
    kind: str
    message_id: str


@dataclass(frozen=True)
class Prepared:
    """A verified delivery with its acknowledgement, not yet stored."""

    inbox: InboxRow
    record: GrantRow | StatusListRow | NoticeRow | ErasureRow
    seen: tuple[tuple[str, int], ...]
    delivered: Delivered


class _TransactionalReplay:
    """The Organisation's replay cache during one delivery: it checks the registry and collects the key,
    which the
    delivery's own transaction then inserts (a unique key, so two racing copies cannot both be stored)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.pending: list[tuple[str, int]] = []

    def check_and_remember(self, jti: str, exp: int) -> None:
        if any(k == jti for k, _ in self.pending) or self.registry.is_seen(jti):
            fail(Reason.REPLAYED, "This message was already received once; a copy is not accepted again.")
        self.pending.append((jti, exp))


class Gateway:
    """One organisation's gateway over one registry connection (one per process)."""

    def __init__(self, org: Organisation, registry: Registry, base_url: str) -> None:
        self.registry = registry
        self.base_url = online.gateway_url(base_url, "base URL")
        self.clock = org.clock
        self._replay = _TransactionalReplay(registry)
        # the Organisation verifies; its replay cache is the registry (through this delivery's transaction)
        self.org = Organisation(
            org.keys, org.name, url=org.url, clock=org.clock, skew=org.skew, replay=self._replay
        )
        self._requests: OrderedDict[str, Signed[Any]] = OrderedDict()

    @property
    def did(self) -> str:
        return self.org.did

    def _now(self) -> int:
        return int(self.clock.now())

    # --- requests -----------------------------------------------------------------------------------------

    def _request(self, request_id: str) -> Signed[Any] | None:
        cached = self._requests.get(request_id)
        if cached is not None:
            self._requests.move_to_end(request_id)
            return cached
        token = self.registry.request_token(request_id)
        if token is None:
            return None
        kind = peek(token)[0]
        parsed = (
            self.org.parse_request(token, _REQUEST_TYPES.get(kind, AuthorisationRequest)) if kind else None
        )
        if parsed is None:
            return None
        self._requests[request_id] = parsed  # our own, verified once: the registry only holds what we signed
        if len(self._requests) > 4096:
            self._requests.popitem(last=False)
        return parsed

    def publish_request(self, token: str) -> str:
        """Store one of our own signed requests so vaults can fetch it by reference. Returns its id."""
        token = _token(token)
        kind = peek(token)[0]
        if kind not in _REQUEST_TYPES:
            fail(Reason.WRONG_TYPE, "Only this organisation's requests can be published.")
        req = self.org.parse_request(token, _REQUEST_TYPES[kind])  # signed by us, or refused (unknown-key)
        if not self.registry.add_request(
            req.jti, kind.value, token, req.envelope.issued_at, req.envelope.expires_at
        ):
            if self.registry.request_token(req.jti) != token:
                fail(Reason.REPLAYED, "Another request with this id is already published.")
        return req.jti

    def request_url(self, request_id: str) -> str:
        return f"{self.base_url}{online.PATH_REQUESTS}/{request_id}"

    def get_request(self, request_id: str) -> str:
        token = self.registry.request_token(request_id)
        if token is None:
            raise NotFound("No request with this id is published here.")
        return token

    # --- inbox --------------------------------------------------------------------------------------------

    def deliver(self, raw: str) -> Delivered:
        """Verify and store one delivery; returns the signed acknowledgement. Raises ProtocolError (refused),
        :class:`AlreadyReceived` (the same bytes again) or StaleList."""
        result = self.commit_many([self.prepare(raw)])[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def prepare(self, raw: str) -> Prepared:
        """Everything but the commit: verify (raises if refused) and sign the acknowledgement, which is handed
        out only once :meth:`commit_many` has stored the message."""
        token = _token(raw)
        h = token_hash(token)
        known = self.registry.ack_for(h)
        if known is not None:
            raise AlreadyReceived(known)
        detected = detect_kind(token)
        self._replay.pending = []
        record: GrantRow | StatusListRow | NoticeRow | ErasureRow
        msg_id: str | None
        now = self._now()
        try:
            if detected.sealed:
                record, sender, msg_id, kind = self._answer(token, now)
            elif detected.kind in INBOX_KINDS:
                record, sender, msg_id, kind = self._signed(token, detected.kind, now)
            else:
                fail(
                    Reason.UNKNOWN_KIND,
                    "The inbox takes grants, verification responses, refusals, revocation notices, "
                    "erasure requests and status lists only.",
                )
            seen = tuple(self._replay.pending)
        except ProtocolError as exc:
            if exc.reason == Reason.REPLAYED:
                # a copy of these very bytes may have been stored since the check above (a client's retry
                # racing
                # its first attempt): that copy gets its acknowledgement, not a refusal
                again = self.registry.ack_for(h)
                if again is not None:
                    raise AlreadyReceived(again) from None
            raise
        finally:
            self._replay.pending = []
        ack = online.make_ack(
            self.org.keys.signing,
            sender=sender,
            message_id=msg_id,
            message_hash=h,
            kind=kind,
            received_at=now,
            clock=self.clock,
        )
        inbox_id = f"{sender} {msg_id}" if msg_id else f"{sender} list {h}"
        return Prepared(
            InboxRow(inbox_id, kind, sender, h, token, now, ack),
            record,
            seen,
            Delivered(ack, kind, msg_id or h),
        )

    def commit_many(
        self, items: list[Prepared], registry: Registry | None = None
    ) -> list[Delivered | VaultError]:
        """Store verified deliveries in one transaction (group commit: one disk flush for many). If any of
        them cannot be stored (a copy already stored, an older list), each is stored on its own instead, so
        one
        refusal never holds back the others. Returns, per item, its acknowledgement or its refusal."""
        reg = registry or self.registry
        if len(items) > 1:
            try:
                reg.accept_many([(p.inbox, p.record, p.seen) for p in items])
                return [p.delivered for p in items]
            except (Duplicate, StaleList):
                pass  # the transaction was rolled back as a whole: store each on its own
        return [self._one(p, reg) for p in items]

    def _one(self, p: Prepared, reg: Registry) -> Delivered | VaultError:
        try:
            reg.accept_many([(p.inbox, p.record, p.seen)])
        except StaleList as exc:
            return exc
        except Duplicate:
            again = reg.ack_for(p.inbox.token_hash)
            if again is not None:
                return AlreadyReceived(again)
            return ProtocolError(
                "This message id was already received from this sender.", reason=Reason.REPLAYED
            )
        return p.delivered

    def _answer(self, jwe: str, now: int) -> tuple[GrantRow, str, str, str]:
        opened = self.org.open(jwe, self._request)
        msg = opened.message
        if isinstance(msg.body, Grant):
            b: Grant = msg.body
            row = GrantRow(
                msg.jti,
                "grant",
                msg.issuer,
                b.request_id,
                msg.envelope.issued_at,
                msg.envelope.expires_at,
                b.status.uri,
                b.status.idx,
                tuple(f.name for f in b.fields),
                b.refines,
                now,
            )
            return row, msg.issuer, msg.jti, Kind.GRANT.value
        r: VerificationResponse = msg.body
        row = GrantRow(
            msg.jti,
            "verification-response",
            msg.issuer,
            r.request_id,
            msg.envelope.issued_at,
            msg.envelope.expires_at,
            None,
            None,
            tuple(x.name for x in r.results),
            None,
            now,
        )
        return row, msg.issuer, msg.jti, Kind.VERIFICATION_RESPONSE.value

    def _signed(self, token: str, kind: Kind, now: int) -> tuple[Any, str, str | None, str]:
        claims = peek(token)[1]
        if kind is Kind.REFUSAL:
            req = self._request(str(claims.get("req"))) if isinstance(claims.get("req"), str) else None
            if req is None:
                fail(Reason.REQUEST_MISMATCH, "The refusal answers no request of this organisation.")
            ref = self.org.parse_refusal(token, req)
            return NoticeRow(ref.jti, "refusal", ref.issuer, req.jti, now), ref.issuer, ref.jti, kind.value
        if kind is Kind.REVOCATION:
            grant = (
                self.registry.grant(str(claims.get("grant")))
                if isinstance(claims.get("grant"), str)
                else None
            )
            if grant is None:
                fail(Reason.REQUEST_MISMATCH, "The revocation notice names no grant this organisation holds.")
            notice = self.org.parse_revocation_notice(token, subject=grant.subject)
            if notice.body.grant_id != grant.id:
                fail(Reason.REQUEST_MISMATCH, "The revocation notice names another grant.")
            return (
                NoticeRow(notice.jti, "revocation", notice.issuer, grant.id, now),
                notice.issuer,
                notice.jti,
                kind.value,
            )
        if kind is Kind.ERASURE_REQUEST:
            ids = claims.get("grants")
            subjects = set()
            for gid in ids if isinstance(ids, list) else []:
                g = self.registry.grant(gid) if isinstance(gid, str) else None
                if g is None:
                    fail(
                        Reason.REQUEST_MISMATCH,
                        "The erasure request names a grant this organisation does not hold.",
                    )
                subjects.add(g.subject)
            if len(subjects) != 1:
                fail(Reason.REQUEST_MISMATCH, "The erasure request must name grants of one subject.")
            er = self.org.parse_erasure_request(token, subject=subjects.pop())
            row = ErasureRow(
                er.jti,
                er.issuer,
                tuple(er.body.grant_ids),
                tuple(er.body.fields),
                er.body.include_derived,
                now,
            )
            return row, er.issuer, er.jti, kind.value
        # a status list: accepted only from the subject of a grant that names its URI
        uri = claims.get("sub")
        subjects = self.registry.subjects_for_status_uri(uri) if isinstance(uri, str) else set()
        if len(subjects) != 1:
            fail(Reason.UNKNOWN_KEY, "No grant held here names this status list.")
        sl = parse_status_list_token(
            token, expected_issuer=next(iter(subjects)), uri=str(uri), clock=self.clock, skew=self.org.skew
        )
        return (
            StatusListRow(sl.uri, sl.issuer, token, sl.issued_at, sl.expires_at, sl.ttl, now),
            sl.issuer,
            None,
            kind.value,
        )

    # --- status lists -------------------------------------------------------------------------------------

    def status_list(self, list_id: str) -> tuple[str, str]:
        """The list published at ``/status/<list_id>`` and its Cache-Control value, never fresher than the
        list:
        max-age is the smaller of what its ``ttl`` and its ``exp`` leave; a list with neither must be
        revalidated."""
        online.list_id(list_id)
        row = self.registry.status_list(f"{self.base_url}{online.PATH_STATUS}/{list_id}")
        now = self._now()
        if row is None or (row.expires_at is not None and row.expires_at <= now):
            raise NotFound("No current status list is held at this address.")
        limits = []
        if row.ttl is not None:
            limits.append(row.issued_at + row.ttl - now)
        if row.expires_at is not None:
            limits.append(row.expires_at - now)
        if not limits:
            return row.token, "no-cache"
        return row.token, f"public, max-age={max(0, min(limits))}"

    # --- mailbox ------------------------------------------------------------------------------------------

    def post_mail(self, raw: str) -> str:
        """Queue a receipt, derived-data request or deletion confirmation signed by us for its subject
        (``aud``),
        who must be the subject of the grants (or erasure) it names."""
        token = _token(raw)
        kind = peek(token)[0]
        body_type = MAILBOX_KINDS.get(kind) if kind is not None else None
        if body_type is None:
            fail(
                Reason.UNKNOWN_KIND,
                "The mailbox takes receipts, derived-data requests and deletion confirmations.",
            )
        aud = peek(token)[1].get("aud")
        msg = verify(
            token,
            body_type,
            clock=self.clock,
            skew=self.org.skew,
            expected_issuer=self.did,
            audience=aud if isinstance(aud, str) else None,
        )
        subject = msg.envelope.audience
        if subject is None or not is_did_key(subject):
            fail(Reason.MISSING_CLAIM, "A mailbox item must be addressed to a subject.")
        ref: str | None
        if isinstance(msg.body, UsageReceipt):
            ref = msg.body.grant_id
            grants = [ref]
        elif isinstance(msg.body, DerivedDataRequest):
            ref = None
            grants = [src.grant_id for src in msg.body.sources]
        else:
            ref = msg.body.erasure_id
            grants = list(msg.body.grant_ids)
        for gid in grants:
            g = self.registry.grant(gid)
            if g is None or g.subject != subject:
                fail(
                    Reason.REQUEST_MISMATCH,
                    "The message names a grant this subject did not give this organisation.",
                )
        try:
            self.registry.put_mail(
                MailboxItem(
                    msg.jti, subject, msg.kind.value, ref, token, self._now(), msg.envelope.expires_at
                )
            )
        except Duplicate:
            fail(Reason.REPLAYED, "This message is already in the mailbox.")
        if isinstance(msg.body, DeletionConfirmation):
            self.registry.confirm_erasure(msg.body.erasure_id, msg.jti, self._now())
        return msg.jti

    def challenge(self, subject: str) -> str:
        if not is_did_key(subject):
            fail(Reason.INVALID_CLAIM, "The mailbox address is not a did:key.")
        return online.make_challenge(
            self.org.keys.signing, subject=subject, gateway=self.base_url, clock=self.clock
        )

    def fetch_mail(self, subject: str, raw_proof: str) -> list[MailboxItem]:
        """Hand the waiting items to whoever proves ``subject``'s key with a fresh, unused challenge of
        ours."""
        if not is_did_key(subject):
            fail(Reason.INVALID_CLAIM, "The mailbox address is not a did:key.")
        proof = online.read_proof(
            _token(raw_proof), subject=subject, organisation=self.did, gateway=self.base_url, clock=self.clock
        )
        if not self.registry.use_once(f"challenge {proof.challenge.jti}", proof.challenge.expires_at + 60):
            fail(Reason.REPLAYED, "This challenge was already used; ask for a new one.")
        return self.registry.take_mail(subject, proof.acked)

    def housekeeping(self) -> int:
        """Forget replay keys of long-expired messages."""
        return self.registry.prune_seen(int(time.time()) - 2 * self.org.skew)


def _token(raw: str) -> str:
    if len(raw) > MAX_MESSAGE_BYTES + 2:
        fail(Reason.TOO_LARGE, f"The message is larger than {MAX_MESSAGE_BYTES // 1024} KiB.")
    token = raw.strip()
    if not token or not token.isascii():
        fail(Reason.MALFORMED, "The body is not a compact JOSE token.")
    return token


__all__ = ["AlreadyReceived", "Delivered", "Gateway", "NotFound", "ProtocolError", "StaleList"]
