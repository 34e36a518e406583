"""Shared builders for the protocol tests: fixed keys, a fixed clock, and one valid message of every kind."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from vault_app.domain.clock import FixedClock
from vault_app.domain.model import (
    Category,
    ComplianceStatus,
    Processing,
    ReleasedField,
    ReleaseMode,
    RequestedField,
)
from vault_app.protocol import (
    DeletionOutcome,
    DerivedConclusion,
    DerivedSource,
    OnwardRecipient,
    Organisation,
    OrgKeys,
    RefusalReason,
    RetainedItem,
    SaltedHash,
    SealedAnswer,
    Signed,
    StatusList,
    StatusRef,
    SubjectAgent,
    TrustEntry,
    UsageAction,
    UsageEntry,
    VerificationCheck,
    VerificationOutcome,
    VerificationResult,
)
from vault_app.protocol.org import Certifier

T0 = 1_800_000_000
DPV = "https://w3id.org/dpv#"
STATUS_URI = "https://vault.example/status/3f9c"


def seeded_ed25519(seed: int) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)


def seeded_x25519(seed: int) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(bytes([seed]) * 32)


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def decode_part(token: str, i: int) -> Any:
    return json.loads(b64d(token.split(".")[i]))


def resign(
    token: str,
    key: Ed25519PrivateKey,
    *,
    header: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
) -> str:
    """Re-sign a token after changing its header and/or payload: an attacker with their own key."""
    h = header if header is not None else decode_part(token, 0)
    p = payload if payload is not None else decode_part(token, 1)
    si = (
        b64e(json.dumps(h, separators=(",", ":")).encode())
        + "."
        + b64e(json.dumps(p, separators=(",", ":")).encode())
    )
    return si + "." + b64e(key.sign(si.encode()))


@dataclass
class World:
    """Everyone involved, with fixed keys and a shared fixed clock."""

    clock: FixedClock
    org: Organisation
    other_org: Organisation
    subject_key: Ed25519PrivateKey
    other_subject_key: Ed25519PrivateKey
    certifier: Certifier
    agent: SubjectAgent

    @property
    def subject_did(self) -> str:
        from vault_app.protocol import did_from_public_key

        return did_from_public_key(self.subject_key)

    # --- organisation messages -----------------------------------------------------------------------------

    def request(self, **kw: Any) -> str:
        args: dict[str, Any] = {
            "fields": [
                RequestedField("email", Category.CONTACT, "to send statements"),
                RequestedField("birth_date", Category.DEMOGRAPHIC),
                RequestedField("postcode", Category.LOCATION),
            ],
            "purposes": [DPV + "ServiceProvision", DPV + "FraudPreventionAndDetection"],
            "purpose_text": "Open and run your savings account.",
            "retention_seconds": 365 * 86400,
            "onward": [OnwardRecipient(self.other_org.did, "Example Credit Bureau")],
            "processing": [Processing.ANALYSE],
        }
        args.update(kw)
        return self.org.make_request(**args)

    def parsed_request(self, **kw: Any) -> Signed[Any]:
        return self.agent.parse_request(self.request(**kw))

    def verification_request(self) -> str:
        return self.org.make_verification_request(
            [
                VerificationCheck("email", Category.CONTACT, value="ada@example.org"),
                VerificationCheck(
                    "postcode", Category.LOCATION, hashed=SaltedHash.of("SW1A 1AA", salt=b"s" * 16)
                ),
            ],
            [DPV + "IdentityVerification"],
            "Check the details you gave us.",
        )

    def derived_request(self, grant_id: str = "GRANTGRANTGRANT01") -> str:
        return self.org.make_derived_request(
            self.subject_did,
            DerivedConclusion("credit_band", Category.FINANCIAL, "Credit band from account history", "B"),
            "Internal scoring model v3 over 12 months of balances",
            [DerivedSource(grant_id, ("email", "postcode"))],
            [DPV + "CreditChecking"],
            "Offer you a matching loan.",
            180 * 86400,
        )

    def released(self) -> list[ReleasedField]:
        return [
            ReleasedField("email", Category.CONTACT, "ada@example.org", ReleaseMode.EXACT),
            ReleasedField("birth_date", Category.DEMOGRAPHIC, "1990", ReleaseMode.ANONYMISED, "date.year"),
        ]

    def grant(self, request: Signed[Any] | None = None, **kw: Any) -> SealedAnswer:
        request = request or self.parsed_request()
        args: dict[str, Any] = {
            "fields": self.released(),
            "scope": request.body.scope,
            "status": StatusRef(7, STATUS_URI),
            "withheld": ["postcode"],
        }
        args.update(kw)
        return self.agent.make_grant(self.subject_key, request, **args)

    def verification_response(self, request: Signed[Any] | None = None) -> SealedAnswer:
        request = request or self.agent.parse_verification_request(self.verification_request())
        return self.agent.make_verification_response(
            self.subject_key,
            request,
            [
                VerificationResult("email", VerificationOutcome.MATCH),
                VerificationResult("postcode", VerificationOutcome.MISMATCH),
            ],
        )

    def refusal(self, request: Signed[Any] | None = None) -> str:
        return self.agent.make_refusal(
            self.subject_key, request or self.parsed_request(), RefusalReason.DECLINED
        )

    def revocation(self, grant_id: str = "GRANTGRANTGRANT01") -> str:
        return self.agent.make_revocation_notice(
            self.subject_key, self.org.did, grant_id, status=StatusRef(7, STATUS_URI)
        )

    def erasure_request(self, grant_id: str = "GRANTGRANTGRANT01") -> str:
        return self.agent.make_erasure_request(self.subject_key, self.org.did, [grant_id], fields=["email"])

    def receipt(self, grant: Signed[Any]) -> str:
        return self.org.make_receipt(
            grant,
            [
                UsageEntry(UsageAction.USE, ("email",), T0 + 100, "Monthly statement"),
                UsageEntry(UsageAction.TRANSFER, ("email",), T0 + 200, None, self.other_org.did),
            ],
        )

    def deletion_confirmation(self, erasure: Signed[Any]) -> str:
        return self.org.confirm_erasure(
            erasure,
            DeletionOutcome.PARTIAL,
            retained=[RetainedItem("email", "Anti-money-laundering law: 5 years")],
        )

    def trust_list(self) -> str:
        return self.certifier.sign_trust_list(
            [
                TrustEntry(self.org.did, "Example Bank", ComplianceStatus.COMPLIANT),
                TrustEntry(
                    self.other_org.did, "Example Credit Bureau", ComplianceStatus.SUSPENDED, "Audit pending"
                ),
            ],
            seq=4,
        )

    def status_list(self, revoked: tuple[int, ...] = ()) -> str:
        sl = StatusList(64)
        for i in revoked:
            sl.revoke(i)
        return self.agent.build_status_list(self.subject_key, STATUS_URI, sl)


def make_world(clock: FixedClock | None = None) -> World:
    clock = clock or FixedClock(T0)
    org = Organisation(
        OrgKeys(seeded_ed25519(1), seeded_x25519(2)), "Example Bank", url="https://bank.example", clock=clock
    )
    other = Organisation(OrgKeys(seeded_ed25519(3), seeded_x25519(4)), "Example Credit Bureau", clock=clock)
    certifier = Certifier(seeded_ed25519(5), "Example Certification Body", clock=clock)
    return World(
        clock, org, other, seeded_ed25519(6), seeded_ed25519(7), certifier, SubjectAgent(clock=clock)
    )
