"""The subject's side of the protocol, for the vault's services: read what organisations and certifiers
send, and build every answer the subject signs (grant, verification response, refusal, revocation notice,
erasure request, status list).

Keys are parameters: the vault derives one Ed25519 key per organisation (pairwise DID, vault_app.crypto)
and passes the right one to each call. Nothing here decides anything: the consent engine (vault_app.policy)
chooses what to release; the builders only refuse answers the organisation would reject anyway (fields or
scope beyond the request), raising ValidationError.

Typical use::

    agent = SubjectAgent(clock=clock, replay=db_replay_cache)
    msg = agent.parse(text, pairwise_did_for=lookup)      # any incoming org message, verified
    if msg.kind is Kind.REQUEST:
        key = pairwise_signing_key(root, msg.issuer)
        sealed = agent.make_grant(key, msg, released_fields, scope, StatusRef(idx, uri))
        write(sealed.jwe)                                 # .pdvgrant file for the organisation
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.clock import Clock, SystemClock
from vault_app.domain.errors import ProtocolError, ValidationError
from vault_app.domain.model import ReleasedField, Scope
from vault_app.protocol import binding
from vault_app.protocol.codec import DEFAULT_SKEW, Signed, peek, seal, sign, sign_message, verify
from vault_app.protocol.did import did_from_public_key
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.messages import (
    AuthorisationRequest,
    DeletionConfirmation,
    DerivedDataRequest,
    ErasureRequest,
    Grant,
    Kind,
    Refusal,
    RefusalReason,
    RevocationNotice,
    StatusRef,
    TrustList,
    UsageReceipt,
    VerificationRequest,
    VerificationResponse,
    VerificationResult,
)
from vault_app.protocol.replay import ReplayCache
from vault_app.protocol.statuslist import DEFAULT_LIFETIME, DEFAULT_TTL, StatusList, build_status_list_token
from vault_app.protocol.transport import detect_kind


@dataclass(frozen=True)
class SealedAnswer:
    """A signed answer and its encrypted form. Send ``jwe``; keep ``token`` (the signed grant) in the
    vault."""

    jwe: str = field(repr=False)
    token: str = field(repr=False)
    jti: str
    expires_at: int


#: kinds an organisation or certifier sends to the subject
INCOMING_KINDS = {
    Kind.REQUEST: AuthorisationRequest,
    Kind.VERIFICATION_REQUEST: VerificationRequest,
    Kind.DERIVED_REQUEST: DerivedDataRequest,
    Kind.RECEIPT: UsageReceipt,
    Kind.DELETION_CONFIRMATION: DeletionConfirmation,
    Kind.TRUST_LIST: TrustList,
}


class SubjectAgent:
    """Reads and writes protocol messages for the subject. Holds the clock, skew and replay cache only."""

    def __init__(
        self, *, clock: Clock | None = None, skew: int = DEFAULT_SKEW, replay: ReplayCache | None = None
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.skew = skew
        self.replay = replay

    def _verify(self, token: str, body_type: type[Any], **kw: Any) -> Signed[Any]:
        return verify(token, body_type, clock=self.clock, skew=self.skew, replay=self.replay, **kw)

    # --- incoming -------------------------------------------------------------------------------------------

    def parse_request(self, token: str, *, audience: str | None = None) -> Signed[AuthorisationRequest]:
        """An authorisation request (self-certifying: signed by the organisation's did:key it names).
        ``audience``: our pairwise DID for that organisation when the request is addressed (re-
        authorisation)."""
        return self._verify(token, AuthorisationRequest, audience=audience)

    def parse_verification_request(
        self, token: str, *, audience: str | None = None
    ) -> Signed[VerificationRequest]:
        return self._verify(token, VerificationRequest, audience=audience)

    def parse_derived_request(
        self, token: str, *, audience: str, organisation: str
    ) -> Signed[DerivedDataRequest]:
        """A derived-data request from ``organisation`` (its DID, from our grants) to ``audience`` (our
        pairwise DID)."""
        return self._verify(token, DerivedDataRequest, audience=audience, expected_issuer=organisation)

    def parse_receipt(self, token: str, *, audience: str, organisation: str) -> Signed[UsageReceipt]:
        return self._verify(token, UsageReceipt, audience=audience, expected_issuer=organisation)

    def parse_deletion_confirmation(
        self, token: str, *, audience: str, organisation: str, erasure: Signed[ErasureRequest] | None = None
    ) -> Signed[DeletionConfirmation]:
        """A deletion confirmation; with ``erasure`` (our request) it must answer exactly that request."""
        confirmation: Signed[DeletionConfirmation] = self._verify(
            token, DeletionConfirmation, audience=audience, expected_issuer=organisation
        )
        if erasure is not None:
            binding.check_reference(
                erasure, confirmation.body.erasure_id, confirmation.body.erasure_hash, "confirmation"
            )
        return confirmation

    def parse_trust_list(self, token: str, *, certifiers: Collection[str]) -> Signed[TrustList]:
        """A trust list signed by one of ``certifiers`` (DIDs the subject trusts)."""
        return self._verify(token, TrustList, trusted_issuers=certifiers)

    def parse(
        self,
        text: str,
        *,
        pairwise_did_for: Callable[[str], str | None] | None = None,
        certifiers: Collection[str] = (),
    ) -> Signed[Any]:
        """Verify any message an organisation or certifier sends (file content, pdv: link or clipboard
        text).

        ``pairwise_did_for(org_did)`` returns our pairwise DID for an organisation we already deal with
        (None if none): derived-data requests, receipts and deletion confirmations must come from such an
        organisation and be addressed to that DID; an addressed request must be addressed to it too.
        """
        detected = detect_kind(text)
        if detected.kind is None or detected.kind in (Kind.GRANT, Kind.VERIFICATION_RESPONSE):
            fail(
                Reason.UNKNOWN_KIND,
                f"This {detected.label} was not made by this vault. Grants and "
                "answers go from you to organisations, so an organisation never sends you one.",
            )
        if detected.kind not in INCOMING_KINDS:
            fail(Reason.UNKNOWN_KIND, f"A {detected.label} is not something an organisation sends to you.")
        kind, token = detected.kind, detected.token
        if kind is Kind.TRUST_LIST:
            return self.parse_trust_list(token, certifiers=certifiers)
        # Routing only: who claims to have sent it decides which pairwise DID we must be; verify() then checks
        # it.
        _, claims = peek(token)
        org = claims.get("iss")
        ours = pairwise_did_for(org) if pairwise_did_for is not None and isinstance(org, str) else None
        if kind in (Kind.REQUEST, Kind.VERIFICATION_REQUEST):
            if claims.get("aud") is not None and ours is None:
                fail(
                    Reason.WRONG_AUDIENCE,
                    "This request is addressed to someone you have no relationship with.",
                )
            return self._verify(token, INCOMING_KINDS[kind], audience=ours)
        if ours is None:
            fail(Reason.UNKNOWN_KEY, f"This {kind.label} comes from an organisation you have no grant with.")
        assert isinstance(org, str)
        return self._verify(token, INCOMING_KINDS[kind], audience=ours, expected_issuer=org)

    # --- outgoing -------------------------------------------------------------------------------------------

    def make_grant(
        self,
        key: Ed25519PrivateKey,
        request: Signed[AuthorisationRequest] | Signed[DerivedDataRequest],
        fields: Sequence[ReleasedField],
        scope: Scope,
        status: StatusRef,
        *,
        withheld: Sequence[str] = (),
        expires_at: int | None = None,
        conditions: Sequence[str] = (),
    ) -> SealedAnswer:
        """Sign a grant with the pairwise ``key`` and encrypt it to the request's encryption key.

        The grant lasts ``scope.retention_seconds`` unless ``expires_at`` ends it sooner. It must stay
        within the request (fields, categories, purposes, retention, onward recipients, processing), else
        ValidationError.
        """
        refines = request.body.refines if isinstance(request.body, AuthorisationRequest) else None
        if isinstance(request.body, DerivedDataRequest) and "reanonymise-before-reuse" not in conditions:
            # a conclusion derived from personal data is only ever authorised under this condition
            conditions = (*conditions, "reanonymise-before-reuse")
        body = Grant(
            request.jti,
            request.hash,
            tuple(fields),
            scope,
            status,
            tuple(withheld),
            refines,
            tuple(conditions),
        )
        now = int(self.clock.now())
        exp = (
            now + scope.retention_seconds
            if expires_at is None
            else min(expires_at, now + scope.retention_seconds)
        )
        answer = self._check_answer(
            sign_message(body, key, clock=self.clock, audience=request.issuer, expires_at=exp), request, key
        )
        return SealedAnswer(seal(answer.token, request.body.org.enc_key), answer.token, answer.jti, exp)

    def make_verification_response(
        self,
        key: Ed25519PrivateKey,
        request: Signed[VerificationRequest],
        results: Sequence[VerificationResult],
        *,
        lifetime: int | None = None,
    ) -> SealedAnswer:
        body = VerificationResponse(request.jti, request.hash, tuple(results))
        answer = self._check_answer(
            sign_message(body, key, clock=self.clock, audience=request.issuer, lifetime=lifetime),
            request,
            key,
        )
        return SealedAnswer(
            seal(answer.token, request.body.org.enc_key), answer.token, answer.jti, answer.envelope.expires_at
        )

    def _check_answer(self, answer: Signed[Any], request: Signed[Any], key: Ed25519PrivateKey) -> Signed[Any]:
        """Apply the organisation's own checks before sending, so the vault never sends an answer it would
        refuse: the answer as the organisation will read it (:func:`sign_message`: parsed from the JSON
        signed, its signature verified with the key its ``kid`` names) must answer exactly ``request``
        (the binding checks the organisation runs: request id and hash, fields, categories, purposes,
        retention, onward recipients, processing)."""
        try:
            if isinstance(answer.body, Grant):
                binding.check_grant(answer, request, request.issuer)
            else:
                binding.check_verification_response(answer, request, request.issuer)
        except ProtocolError as exc:
            raise ValidationError(
                f"This answer does not fit the request: {exc.message}", reason=exc.reason
            ) from None
        if request.envelope.audience is not None and request.envelope.audience != did_from_public_key(key):
            raise ValidationError(
                "This request was addressed to another identity than the key used to answer it."
            )
        return answer

    def make_refusal(
        self, key: Ed25519PrivateKey, request: Signed[Any], reason: RefusalReason = RefusalReason.DECLINED
    ) -> str:
        """A signed refusal (plain JWS: it carries no personal data)."""
        return sign(
            Refusal(request.jti, request.hash, reason), key, clock=self.clock, audience=request.issuer
        )

    def make_revocation_notice(
        self, key: Ed25519PrivateKey, organisation: str, grant_id: str, *, status: StatusRef | None = None
    ) -> str:
        body = RevocationNotice(grant_id, int(self.clock.now()), status)
        return sign(body, key, clock=self.clock, audience=organisation)

    def make_erasure_request(
        self,
        key: Ed25519PrivateKey,
        organisation: str,
        grant_ids: Sequence[str],
        *,
        fields: Sequence[str] = (),
        include_derived: bool = True,
    ) -> str:
        body = ErasureRequest(tuple(grant_ids), tuple(fields), include_derived)
        return sign(body, key, clock=self.clock, audience=organisation)

    def build_status_list(
        self,
        key: Ed25519PrivateKey,
        uri: str,
        status_list: StatusList,
        *,
        lifetime: int | None = DEFAULT_LIFETIME,
        ttl: int | None = DEFAULT_TTL,
    ) -> str:
        """Sign the status list for one organisation relationship with that relationship's pairwise key. It
        carries ``exp`` (``lifetime`` after now, a week by default) and ``ttl`` (a day): the vault signs a
        new one whenever it runs and something changed or the current one is past half its life."""
        return build_status_list_token(status_list, key, uri, clock=self.clock, lifetime=lifetime, ttl=ttl)
