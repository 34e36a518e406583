"""Request binding: does an answer (grant, verification response, refusal, deletion confirmation) answer
exactly the message it names, and stay within what that message asked?

Both sides use the same checks: the organisation when it opens an answer (ProtocolError ``request-
mismatch``), and the subject's builders before sending one (so the vault never sends an answer the
organisation would refuse).
"""

from __future__ import annotations

import hmac
from typing import Any

from vault_app.domain.model import Scope
from vault_app.protocol.codec import Signed
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.messages import (
    AuthorisationRequest,
    DerivedDataRequest,
    Grant,
    Refusal,
    VerificationRequest,
    VerificationResponse,
)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))


def check_reference(request: Signed[Any], request_id: str, request_hash: str, what: str) -> None:
    """The answer names ``request`` by id and by the SHA-256 of its exact token."""
    if request_id != request.jti or not _same(request_hash, request.hash):
        fail(Reason.REQUEST_MISMATCH, f"This {what} answers another request than the one given.")


def check_scope_within(granted: Scope, asked: Scope) -> None:
    """A grant may narrow what was asked for, never widen it."""
    if granted == asked:
        return
    if not set(granted.purposes) <= set(asked.purposes):
        fail(Reason.REQUEST_MISMATCH, "The grant names purposes the request did not ask for.")
    if granted.retention_seconds > asked.retention_seconds:
        fail(Reason.REQUEST_MISMATCH, "The grant allows a longer retention than the request asked for.")
    if not set(granted.onward_recipients) <= set(asked.onward_recipients):
        fail(
            Reason.REQUEST_MISMATCH,
            "The grant allows onward transfer to recipients the request did not name.",
        )
    if not set(granted.derivation) <= set(asked.derivation):
        fail(Reason.REQUEST_MISMATCH, "The grant allows processing the request did not ask for.")


def check_grant(
    grant: Signed[Grant], request: Signed[AuthorisationRequest] | Signed[DerivedDataRequest], org_did: str
) -> None:
    """A grant answers ``request`` (made by ``org_did``), is signed by the subject the request was
    addressed to (if it was addressed), releases only requested fields under their requested categories,
    and grants no more scope than asked."""
    if request.issuer != org_did:
        fail(Reason.REQUEST_MISMATCH, "The request this grant answers was not made by this organisation.")
    check_reference(request, grant.body.request_id, grant.body.request_hash, "grant")
    if request.envelope.audience is not None and grant.issuer != request.envelope.audience:
        fail(
            Reason.UNKNOWN_KEY,
            "The grant is signed by another person's key than the one the request was sent to.",
        )
    body = request.body
    asked = body.requested
    for f in grant.body.fields:
        if asked.get(f.name) is not f.category:
            fail(
                Reason.REQUEST_MISMATCH,
                f"The grant releases the field '{f.name}', which the request did not ask for.",
            )
    for name in grant.body.withheld:
        if name not in asked:
            fail(
                Reason.REQUEST_MISMATCH,
                f"The grant withholds the field '{name}', which the request did not ask for.",
            )
    check_scope_within(grant.body.scope, body.scope)
    refines = body.refines if isinstance(body, AuthorisationRequest) else None
    if grant.body.refines != refines:
        fail(
            Reason.REQUEST_MISMATCH, "The grant and the request disagree on which earlier grant is replaced."
        )


def check_verification_response(
    response: Signed[VerificationResponse], request: Signed[VerificationRequest], org_did: str
) -> None:
    if request.issuer != org_did:
        fail(Reason.REQUEST_MISMATCH, "The request this response answers was not made by this organisation.")
    check_reference(request, response.body.request_id, response.body.request_hash, "verification response")
    if request.envelope.audience is not None and response.issuer != request.envelope.audience:
        fail(
            Reason.UNKNOWN_KEY,
            "The response is signed by another person's key than the one the request was sent to.",
        )
    asked = {c.name for c in request.body.checks}
    for r in response.body.results:
        if r.name not in asked:
            fail(
                Reason.REQUEST_MISMATCH,
                f"The response answers the field '{r.name}', which the request did not ask about.",
            )


def check_refusal(refusal: Signed[Refusal], request: Signed[Any], org_did: str) -> None:
    if request.issuer != org_did:
        fail(Reason.REQUEST_MISMATCH, "The request this refusal answers was not made by this organisation.")
    check_reference(request, refusal.body.request_id, refusal.body.request_hash, "refusal")
