"""did:key identifiers for Ed25519 keys (W3C did:key method: multicodec 0xed01, base58btc multibase 'z').

Organisations, certifiers and the subject (one pairwise key per organisation) are all named by the did:key
of their Ed25519 signing key, so an identifier is self-certifying: the key that must have signed a message
is read from the identifier itself, never from anything else the message says.
"""

from __future__ import annotations

import functools
import hashlib
import re

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vault_app.protocol.errors import Reason, fail

DID_KEY_PREFIX = "did:key:"
_ED25519_MULTICODEC = b"\xed\x01"
_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}
#: every Ed25519 did:key is "did:key:z6Mk" followed by 44 more base58 characters
_DID_KEY_RE = re.compile(r"did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}")


def b58encode(data: bytes) -> str:
    """Bitcoin-alphabet base58 (used by multibase 'z')."""
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(_B58_ALPHABET[r])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    n = 0
    for c in text:
        i = _B58_INDEX.get(c)
        if i is None:
            raise ValueError("not base58")
        n = n * 58 + i
    pad = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def did_from_public_key(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """The did:key of an Ed25519 key (a private key is reduced to its public half)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return _did_of(public.public_bytes_raw())


@functools.lru_cache(maxsize=256)
def _did_of(raw: bytes) -> str:
    # the signer's own DID is built for every message it signs (base58 is a Python loop: about a tenth of
    # signing a grant); a public key's DID never changes, so the few keys a vault signs with are remembered
    return DID_KEY_PREFIX + "z" + b58encode(_ED25519_MULTICODEC + raw)


def is_did_key(value: object) -> bool:
    """Whether ``value`` has the exact shape of an Ed25519 did:key (the key bytes are checked by the
    decoder)."""
    return isinstance(value, str) and _DID_KEY_RE.fullmatch(value) is not None


@functools.lru_cache(maxsize=1024)
def _decode(did: str) -> Ed25519PublicKey:
    # Cached because an organisation checks many grants from few keys; decoding is pure, so caching is safe.
    data = b58decode(did[len(DID_KEY_PREFIX) + 1 :])
    if len(data) != 34 or data[:2] != _ED25519_MULTICODEC:
        raise ValueError("not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def public_key_from_did(did: str, *, reason: Reason = Reason.INVALID_CLAIM) -> Ed25519PublicKey:
    """Decode an Ed25519 did:key; anything else raises ProtocolError with ``reason``."""
    if not is_did_key(did):
        fail(reason, "The identifier is not an Ed25519 did:key.")
    try:
        return _decode(did)
    except ValueError:
        fail(reason, "The identifier is not an Ed25519 did:key.")


def kid_for(did: str) -> str:
    """The verification method id of a did:key: ``did:key:z6Mk...#z6Mk...``."""
    return did + "#" + did[len(DID_KEY_PREFIX) :]


def did_from_kid(kid: object) -> str:
    """The DID named by a ``kid`` header, which must be the did:key verification method id exactly."""
    if not isinstance(kid, str):
        fail(Reason.MALFORMED, "The message does not name its signing key (kid).")
    did, sep, fragment = kid.partition("#")
    if not sep or not is_did_key(did) or fragment != did[len(DID_KEY_PREFIX) :]:
        fail(Reason.MALFORMED, "The message names its signing key in a form this protocol does not use.")
    return did


def fingerprint(key: Ed25519PublicKey | Ed25519PrivateKey | str) -> str:
    """A short, human-comparable fingerprint: first 80 bits of SHA-256 of the raw public key, in groups of
    four.

    Meant for reading aloud or comparing on two screens (e.g. "3F2A 9C01 77B0 E415 0D6C"); it is not an
    identifier and must never replace a full comparison of DIDs in code.
    """
    if isinstance(key, str):
        public = public_key_from_did(key)
    elif isinstance(key, Ed25519PrivateKey):
        public = key.public_key()
    else:
        public = key
    digest = hashlib.sha256(public.public_bytes_raw()).hexdigest()[:20].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))
