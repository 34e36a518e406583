"""JWK (RFC 7517/8037) import and export for the two key types of the protocol: Ed25519 (signing) and
X25519 (encryption), plus RFC 7638 thumbprints.

Parsing is strict: only ``kty`` OKP with the expected ``crv``, canonical base64url of exactly 32 bytes, and
for a private key the ``x`` must be the public half of ``d`` (a file whose halves disagree is refused
rather than silently signing with one key and advertising another).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from vault_app.domain.errors import ProtocolError
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.jose import b64d, b64e, json_dumps

_OPTIONAL_MEMBERS = frozenset({"kid", "use", "alg", "key_ops"})


def thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url) over the required OKP members crv, kty, x."""
    canonical = json_dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]})
    return b64e(hashlib.sha256(canonical).digest())


def ed25519_public_jwk(key: Ed25519PublicKey | Ed25519PrivateKey) -> dict[str, str]:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return {"kty": "OKP", "crv": "Ed25519", "x": b64e(public.public_bytes_raw())}


def ed25519_private_jwk(key: Ed25519PrivateKey) -> dict[str, str]:
    """Private JWK with ``kid`` (thumbprint), ``alg`` and ``use`` so standard tools pick it up as a signing
    key."""
    jwk = ed25519_public_jwk(key)
    jwk["d"] = b64e(key.private_bytes_raw())
    jwk.update({"kid": thumbprint(jwk), "alg": "EdDSA", "use": "sig"})
    return jwk


def x25519_public_jwk(key: X25519PublicKey | X25519PrivateKey) -> dict[str, str]:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return {"kty": "OKP", "crv": "X25519", "x": b64e(public.public_bytes_raw())}


def x25519_private_jwk(key: X25519PrivateKey) -> dict[str, str]:
    jwk = x25519_public_jwk(key)
    jwk["d"] = b64e(key.private_bytes_raw())
    jwk.update({"kid": thumbprint(jwk), "alg": "ECDH-ES", "use": "enc"})
    return jwk


def _raw(jwk: Mapping[str, Any], member: str, what: str, reason: Reason) -> bytes:
    value = jwk.get(member)
    if not isinstance(value, str):
        fail(reason, f"The {what} has no '{member}' member.")
    try:
        raw = b64d(value, what)
    except ProtocolError:
        fail(reason, f"The {what} has an invalid '{member}' member.")
    if len(raw) != 32:
        fail(reason, f"The {what} has a '{member}' member of the wrong length.")
    return raw


def _check_shape(jwk: object, crv: str, what: str, private: bool, reason: Reason) -> Mapping[str, Any]:
    if not isinstance(jwk, Mapping):
        fail(reason, f"The {what} is not a JSON object.")
    if jwk.get("kty") != "OKP" or jwk.get("crv") != crv:
        fail(reason, f"The {what} is not an OKP {crv} key.")
    allowed = {"kty", "crv", "x"} | _OPTIONAL_MEMBERS | ({"d"} if private else set())
    if jwk.keys() - allowed:
        fail(reason, f"The {what} has members this protocol does not use.")
    if not private and "d" in jwk:
        fail(reason, f"The {what} contains a private key where only a public key belongs.")
    return jwk


def ed25519_public_from_jwk(jwk: object, *, reason: Reason = Reason.INVALID_CLAIM) -> Ed25519PublicKey:
    shape = _check_shape(jwk, "Ed25519", "signing key", False, reason)
    return Ed25519PublicKey.from_public_bytes(_raw(shape, "x", "signing key", reason))


def ed25519_private_from_jwk(jwk: object, *, reason: Reason = Reason.INVALID_CLAIM) -> Ed25519PrivateKey:
    shape = _check_shape(jwk, "Ed25519", "signing key", True, reason)
    key = Ed25519PrivateKey.from_private_bytes(_raw(shape, "d", "signing key", reason))
    if key.public_key().public_bytes_raw() != _raw(shape, "x", "signing key", reason):
        fail(
            reason,
            "The signing key file is inconsistent: its public half does not belong to its private half.",
        )
    return key


def x25519_public_from_jwk(jwk: object, *, reason: Reason = Reason.INVALID_CLAIM) -> X25519PublicKey:
    """Import an X25519 public key and refuse low-order points (they would make the shared secret
    predictable)."""
    shape = _check_shape(jwk, "X25519", "encryption key", False, reason)
    raw = _raw(shape, "x", "encryption key", reason)
    key = X25519PublicKey.from_public_bytes(raw)
    if not _usable_x25519(raw):
        fail(reason, "The encryption key is not a usable X25519 key.")
    return key


@functools.lru_cache(maxsize=1024)
def _usable_x25519(raw: bytes) -> bool:
    """Whether a key agreement with this point gives a shared secret: OpenSSL refuses the all-zero one, which
    is what every low-order point yields. Remembered per key (a property of the 32 bytes alone): the same
    organisation's key comes with each of its requests and again when one is approved, and each check cost a
    key generation and an agreement."""
    try:
        X25519PrivateKey.generate().exchange(X25519PublicKey.from_public_bytes(raw))
    except ValueError:
        return False
    return True


def x25519_private_from_jwk(jwk: object, *, reason: Reason = Reason.INVALID_CLAIM) -> X25519PrivateKey:
    shape = _check_shape(jwk, "X25519", "encryption key", True, reason)
    key = X25519PrivateKey.from_private_bytes(_raw(shape, "d", "encryption key", reason))
    if key.public_key().public_bytes_raw() != _raw(shape, "x", "encryption key", reason):
        fail(
            reason,
            "The encryption key file is inconsistent: its public half does not belong to its private half.",
        )
    return key
