"""Generate the protocol test vectors (vectors.json): fixed keys, a fixed clock, fixed message ids.

Run from the repository root:  python tests/data/vectors/make_vectors.py [--new-jwe]

Every signed message is deterministic (Ed25519 signatures are), so re-running reproduces the file exactly;
the test tests/unit/protocol/test_proto_vectors.py checks that. Encryption is not deterministic (a fresh
ephemeral key and IV per message), so the sealed grant and verification response are kept from the existing
file unless --new-jwe is given; their decryption key is in the file.

The keys are test keys derived from public seeds. Never use them for anything else.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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
    Scope,
)
from vault_app.protocol import (
    AuthorisationRequest,
    DeletionConfirmation,
    DeletionOutcome,
    DerivedConclusion,
    DerivedDataRequest,
    DerivedSource,
    ErasureRequest,
    Grant,
    OnwardRecipient,
    OrgInfo,
    Refusal,
    RefusalReason,
    RetainedItem,
    RevocationNotice,
    SaltedHash,
    StatusList,
    StatusRef,
    TrustEntry,
    TrustList,
    UsageAction,
    UsageEntry,
    UsageReceipt,
    VerificationCheck,
    VerificationOutcome,
    VerificationRequest,
    VerificationResponse,
    VerificationResult,
    build_status_list_token,
    did_from_public_key,
    seal,
    sign,
    token_hash,
)
from vault_app.protocol.jwk import ed25519_private_jwk, x25519_private_jwk

VECTORS = HERE / "vectors.json"
T0 = 1_800_000_000  # 2027-01-15T08:00:00Z
DPV = "https://w3id.org/dpv#"
STATUS_URI = "https://vault.example/status/3f9c"

SEEDS = {
    "org_signing": 0x01,
    "org_encryption": 0x02,
    "other_org_signing": 0x03,
    "certifier_signing": 0x05,
    "subject_pairwise": 0x06,
}


def keys() -> dict[str, Any]:
    return {
        "org_signing": Ed25519PrivateKey.from_private_bytes(bytes([SEEDS["org_signing"]]) * 32),
        "org_encryption": X25519PrivateKey.from_private_bytes(bytes([SEEDS["org_encryption"]]) * 32),
        "other_org_signing": Ed25519PrivateKey.from_private_bytes(bytes([SEEDS["other_org_signing"]]) * 32),
        "certifier_signing": Ed25519PrivateKey.from_private_bytes(bytes([SEEDS["certifier_signing"]]) * 32),
        "subject_pairwise": Ed25519PrivateKey.from_private_bytes(bytes([SEEDS["subject_pairwise"]]) * 32),
    }


def jti(n: int) -> str:
    return f"vector-message-{n:04d}"


def signed_messages() -> dict[str, str]:
    """Every signed message kind, deterministic."""
    k = keys()
    clock = FixedClock(T0)
    org, subj, cert = k["org_signing"], k["subject_pairwise"], k["certifier_signing"]
    org_did, subj_did, other_did = (did_from_public_key(x) for x in (org, subj, k["other_org_signing"]))
    info = OrgInfo("Example Bank", k["org_encryption"].public_key(), "https://bank.example")
    out: dict[str, str] = {}

    request = AuthorisationRequest(
        info,
        (
            RequestedField("email", Category.CONTACT, "to send statements"),
            RequestedField("birth_date", Category.DEMOGRAPHIC),
        ),
        (DPV + "ServiceProvision",),
        "Open and run your savings account.",
        365 * 86400,
        (OnwardRecipient(other_did, "Example Credit Bureau"),),
        (Processing.ANALYSE,),
    )
    out["request"] = sign(request, org, clock=clock, jti=jti(1))
    vreq = VerificationRequest(
        info,
        (
            VerificationCheck("email", Category.CONTACT, value="ada@example.org"),
            VerificationCheck(
                "postcode", Category.LOCATION, hashed=SaltedHash.of("SW1A 1AA", salt=bytes(range(16)))
            ),
        ),
        (DPV + "IdentityVerification",),
        "Check the details you gave us.",
    )
    out["verification-request"] = sign(vreq, org, clock=clock, jti=jti(2))
    grant = Grant(
        jti(1),
        token_hash(out["request"]),
        (ReleasedField("email", Category.CONTACT, "ada@example.org", ReleaseMode.EXACT),),
        Scope(
            (DPV + "ServiceProvision",),
            "Open and run your savings account.",
            365 * 86400,
            (),
            (Processing.ANALYSE,),
        ),
        StatusRef(7, STATUS_URI),
        ("birth_date",),
    )
    out["grant"] = sign(grant, subj, clock=clock, audience=org_did, jti=jti(3), lifetime=365 * 86400)
    vresp = VerificationResponse(
        jti(2),
        token_hash(out["verification-request"]),
        (
            VerificationResult("email", VerificationOutcome.MATCH),
            VerificationResult("postcode", VerificationOutcome.MISMATCH),
        ),
    )
    out["verification-response"] = sign(vresp, subj, clock=clock, audience=org_did, jti=jti(4))
    out["refusal"] = sign(
        Refusal(jti(1), token_hash(out["request"]), RefusalReason.DECLINED),
        subj,
        clock=clock,
        audience=org_did,
        jti=jti(5),
    )
    out["revocation"] = sign(
        RevocationNotice(jti(3), T0, StatusRef(7, STATUS_URI)),
        subj,
        clock=clock,
        audience=org_did,
        jti=jti(6),
    )
    receipt = UsageReceipt(
        jti(3),
        (UsageEntry(UsageAction.USE, ("email",), T0 + 3600, "Monthly statement"),),
        token_hash(out["grant"]),
    )
    out["receipt"] = sign(receipt, org, clock=clock, audience=subj_did, jti=jti(7))
    derived = DerivedDataRequest(
        info,
        DerivedConclusion("credit_band", Category.FINANCIAL, "Credit band from account history"),
        "Internal scoring model v3 over 12 months of balances",
        (DerivedSource(jti(3), ("email",)),),
        (DPV + "CreditChecking",),
        "Offer you a matching loan.",
        180 * 86400,
    )
    out["derived-request"] = sign(derived, org, clock=clock, audience=subj_did, jti=jti(8))
    out["erasure-request"] = sign(ErasureRequest((jti(3),)), subj, clock=clock, audience=org_did, jti=jti(9))
    confirmation = DeletionConfirmation(
        jti(9), token_hash(out["erasure-request"]), (jti(3),), DeletionOutcome.PARTIAL, T0,
        (RetainedItem("email", "Anti-money-laundering law: 5 years"),),
    )  # fmt: skip
    out["deletion-confirmation"] = sign(confirmation, org, clock=clock, audience=subj_did, jti=jti(10))
    trust = TrustList(
        "Example Certification Body", 4,
        (TrustEntry(org_did, "Example Bank", ComplianceStatus.COMPLIANT),
         TrustEntry(other_did, "Example Credit Bureau", ComplianceStatus.SUSPENDED, "Audit pending")),
    )  # fmt: skip
    out["trust-list"] = sign(trust, cert, clock=clock, jti=jti(11))
    sl = StatusList(64)
    sl.revoke(7)
    out["status-list"] = build_status_list_token(sl, subj, STATUS_URI, clock=clock, ttl=3600)
    return out


def build(previous: dict[str, Any] | None = None, *, new_jwe: bool = False) -> dict[str, Any]:
    k = keys()
    signed = signed_messages()
    sealed = (previous or {}).get("sealed", {}) if not new_jwe else {}
    if not sealed:
        enc = k["org_encryption"].public_key()
        sealed = {
            "grant": seal(signed["grant"], enc),
            "verification-response": seal(signed["verification-response"], enc),
        }
    return {
        "about": "Personal Data Vault protocol v1 test vectors; see docs/protocol.md. Test keys only.",
        "clock": T0,
        "keys": {
            "org_signing": ed25519_private_jwk(k["org_signing"]),
            "org_encryption": x25519_private_jwk(k["org_encryption"]),
            "other_org_signing": ed25519_private_jwk(k["other_org_signing"]),
            "certifier_signing": ed25519_private_jwk(k["certifier_signing"]),
            "subject_pairwise": ed25519_private_jwk(k["subject_pairwise"]),
        },
        "dids": {name: did_from_public_key(key) for name, key in k.items() if name != "org_encryption"},
        "signed": signed,
        "sealed": sealed,
    }


def main(argv: list[str]) -> int:
    previous = json.loads(VECTORS.read_text()) if VECTORS.exists() else None
    data = build(previous, new_jwe="--new-jwe" in argv)
    VECTORS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {VECTORS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
