"""The subject's keys below the data key: identity, pairwise signing keys and per-organisation secrets.

A random 32-byte root secret lives inside the encrypted database. Every per-organisation key is derived
from it with HKDF-SHA256 and a label naming the purpose and the organisation, so that:
- the subject signs for each organisation with a different Ed25519 key (pairwise DID): two organisations
  cannot link the same person by key;
- pseudonyms are keyed per organisation (stable for one, unlinkable across organisations).
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def hkdf(root: bytes, label: str, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=label.encode("utf-8")).derive(root)


def pairwise_signing_key(root: bytes, org_did: str) -> Ed25519PrivateKey:
    """The subject's Ed25519 key for one organisation."""
    return Ed25519PrivateKey.from_private_bytes(hkdf(root, "pdvault/pairwise-signing/v1/" + org_did))


def pseudonym_key(root: bytes, org_did: str) -> bytes:
    """HMAC key for pseudonyms released to one organisation."""
    return hkdf(root, "pdvault/pseudonym/v1/" + org_did)
