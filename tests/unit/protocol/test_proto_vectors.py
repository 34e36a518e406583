"""The committed test vectors (tests/data/vectors): reproducible byte for byte, accepted by our parsers and
by jwcrypto, and the sealed ones decrypt with the published key."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jwcrypto import jwe as cjwe
from jwcrypto import jwk as cjwk
from jwcrypto import jws as cjws

from vault_app.domain.clock import FixedClock
from vault_app.protocol import (
    AuthorisationRequest,
    DeletionConfirmation,
    DerivedDataRequest,
    ErasureRequest,
    Grant,
    Refusal,
    RevocationNotice,
    TrustList,
    UsageReceipt,
    VerificationRequest,
    VerificationResponse,
    parse_status_list_token,
    unseal,
    verify,
)
from vault_app.protocol.jwk import x25519_private_from_jwk

VECTORS_DIR = Path(__file__).resolve().parents[2] / "data" / "vectors"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_vectors", VECTORS_DIR / "make_vectors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def vectors() -> dict[str, Any]:
    return json.loads((VECTORS_DIR / "vectors.json").read_text())


def test_vectors_are_reproducible(vectors: dict[str, Any]) -> None:
    """A change in any format (claims, order, encoding) shows up here, and must come with new vectors and
    docs."""
    rebuilt = load_script().build(vectors)
    assert rebuilt == vectors


KINDS: dict[str, tuple[type[Any], str | None]] = {
    "request": (AuthorisationRequest, None),
    "verification-request": (VerificationRequest, None),
    "derived-request": (DerivedDataRequest, "subject_pairwise"),
    "grant": (Grant, "org_signing"),
    "verification-response": (VerificationResponse, "org_signing"),
    "refusal": (Refusal, "org_signing"),
    "revocation": (RevocationNotice, "org_signing"),
    "receipt": (UsageReceipt, "subject_pairwise"),
    "erasure-request": (ErasureRequest, "org_signing"),
    "deletion-confirmation": (DeletionConfirmation, "subject_pairwise"),
    "trust-list": (TrustList, None),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_vectors_verify(vectors: dict[str, Any], kind: str) -> None:
    body_type, audience = KINDS[kind]
    token = vectors["signed"][kind]
    msg = verify(
        token,
        body_type,
        clock=FixedClock(vectors["clock"]),
        audience=vectors["dids"][audience] if audience else None,
    )
    assert msg.envelope.issued_at == vectors["clock"]
    # and an independent library agrees on the signature
    signer = {"grant", "verification-response", "refusal", "revocation", "erasure-request"}
    name = (
        "subject_pairwise"
        if kind in signer
        else "certifier_signing"
        if kind == "trust-list"
        else "org_signing"
    )
    public = {k: v for k, v in vectors["keys"][name].items() if k in ("kty", "crv", "x")}
    obj = cjws.JWS()
    obj.deserialize(token)
    obj.verify(cjwk.JWK(**public), alg="EdDSA")


def test_status_list_vector(vectors: dict[str, Any]) -> None:
    sl = parse_status_list_token(
        vectors["signed"]["status-list"],
        expected_issuer=vectors["dids"]["subject_pairwise"],
        clock=FixedClock(vectors["clock"]),
    )
    assert sl.is_revoked(7) and not sl.is_revoked(6) and sl.ttl == 3600


@pytest.mark.parametrize("kind", ["grant", "verification-response"])
def test_sealed_vectors_decrypt(vectors: dict[str, Any], kind: str) -> None:
    key = x25519_private_from_jwk(vectors["keys"]["org_encryption"])
    assert unseal(vectors["sealed"][kind], key) == vectors["signed"][kind]
    obj = cjwe.JWE()
    obj.deserialize(vectors["sealed"][kind], key=cjwk.JWK(**vectors["keys"]["org_encryption"]))
    assert obj.plaintext.decode() == vectors["signed"][kind]
