"""Fast paths of the organisation's grant check, kept in this one module and tested to agree with the general
code.

An organisation sees a new pairwise did:key from every subject, so nothing keyed by subject can be cached: the
signer's key must be read from the ``kid`` of every grant. The general code (:func:`did.did_from_kid` then
:func:`did.public_key_from_did`) checks the identifier's shape twice and decodes base58 one character at a
time; here the shape is checked once by one regular expression and the 47 base58 digits are turned into the
key's bytes by a single sum over precomputed powers of 58 (C loops only). Anything that does not match the
exact shape returns None and the caller takes the general path, which produces the specific error.
``tests/unit/protocol/test_proto_fast.py`` checks with generated identifiers (valid, mutated, random) that
both paths agree.
"""

from __future__ import annotations

import operator
import re

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from vault_app.protocol.did import _B58_ALPHABET, _ED25519_MULTICODEC

#: a did:key verification method id as this protocol writes it: ``did:key:z6Mk<44>#z6Mk<44>`` (same method-
#: specific id on both sides of the ``#``)
_KID_RE = re.compile(r"(did:key:z(6Mk[1-9A-HJ-NP-Za-km-z]{44}))#z\2")
_DIGITS = bytes.maketrans(_B58_ALPHABET.encode("ascii"), bytes(range(58)))
_POWERS = tuple(58**i for i in range(46, -1, -1))  # the 47 base58 digits after the multibase 'z'
_mul = operator.mul


def did_key_bytes(digits47: str) -> bytes | None:
    """The 34 bytes (multicodec + key) of the 47 base58 characters of an Ed25519 did:key, or None if they do
    not fit in 34 bytes. The caller has checked that every character is in the base58 alphabet."""
    n: int = sum(map(_mul, digits47.encode("ascii").translate(_DIGITS), _POWERS))
    if n >> 272:
        return None
    return n.to_bytes(34, "big")


def signer_from_kid(kid: object) -> tuple[str, Ed25519PublicKey] | None:
    """(did, public key) named by ``kid`` when it has exactly the shape we emit and decodes to an Ed25519 key;
    None otherwise (the general path then says what is wrong)."""
    if type(kid) is not str:
        return None
    m = _KID_RE.fullmatch(kid)
    if m is None:
        return None
    data = did_key_bytes(m.group(2))
    if data is None or data[:2] != _ED25519_MULTICODEC:
        return None
    try:
        return m.group(1), Ed25519PublicKey.from_public_bytes(data[2:])
    except ValueError:
        return None
