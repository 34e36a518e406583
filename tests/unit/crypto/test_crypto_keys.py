"""HKDF-derived pairwise keys and did:key encoding."""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vault_app.crypto.keys import hkdf, pairwise_signing_key, pseudonym_key
from vault_app.protocol.did import did_from_public_key


def did_key_ed25519(raw: bytes) -> str:
    return did_from_public_key(Ed25519PublicKey.from_public_bytes(raw))


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _b58decode(s: str) -> bytes:
    n = 0
    for ch in s:
        n = n * 58 + _B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(s) - len(s.lstrip("1"))) + body


def _raw_pub(k: Ed25519PrivateKey) -> bytes:
    return k.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)


def test_did_key_known_vector() -> None:
    # Test vector from the W3C did:key specification (Ed25519, "z6Mk..." prefix).
    did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
    raw = _b58decode(did.removeprefix("did:key:z"))
    assert raw[:2] == b"\xed\x01" and len(raw) == 34
    assert did_key_ed25519(raw[2:]) == did


def test_did_key_round_trips() -> None:
    for _ in range(50):
        pub = _raw_pub(Ed25519PrivateKey.generate())
        did = did_key_ed25519(pub)
        assert did.startswith("did:key:z6Mk")
        assert _b58decode(did.removeprefix("did:key:z")) == b"\xed\x01" + pub


def test_pairwise_keys_differ_per_organisation_and_are_stable() -> None:
    root = os.urandom(32)
    a1 = pairwise_signing_key(root, "did:web:a.example")
    a2 = pairwise_signing_key(root, "did:web:a.example")
    b = pairwise_signing_key(root, "did:web:b.example")
    assert _raw_pub(a1) == _raw_pub(a2)
    assert _raw_pub(a1) != _raw_pub(b)
    assert _raw_pub(pairwise_signing_key(os.urandom(32), "did:web:a.example")) != _raw_pub(a1)


def test_labels_separate_purposes() -> None:
    root = os.urandom(32)
    assert pseudonym_key(root, "did:web:a.example") != pseudonym_key(root, "did:web:b.example")
    sk = pairwise_signing_key(root, "did:web:a.example").private_bytes(
        ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption()
    )
    assert pseudonym_key(root, "did:web:a.example") != sk
    assert len(hkdf(root, "x", 16)) == 16 and hkdf(root, "x") != hkdf(root, "y")
