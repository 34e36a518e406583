"""Compact JOSE for exactly this protocol: Ed25519 JWS (RFC 7515/8037) and ECDH-ES X25519 + A256GCM JWE
(RFC 7516/7518).

Why not a general JOSE library on the hot path: the organisation-side benchmark (issue 3) measures grant
checks against bare Ed25519 verification of the same bytes, and joserfc/jwcrypto spend as much time on
their generic registries and key objects as on the signature itself. This module only does format handling
(base64url, JSON, compact serialisation, the RFC 7518 Concat KDF inputs); every cryptographic operation is
a `cryptography` primitive: Ed25519 sign/verify, X25519 key agreement, ConcatKDFHash(SHA-256) and
AES-256-GCM. Interoperability with jwcrypto and joserfc is tested both ways
(tests/unit/protocol/test_proto_interop.py).

Strictness, in the order checks run: size limit before anything else; exact part count; canonical unpadded
base64url; header JSON with no duplicate keys, no NaN/Infinity and a bounded size; only the header members
this protocol uses (no ``crit``, no embedded keys such as ``jwk``/``jku``/``x5c``, never ``zip``); exactly
the allowed algorithms. The payload of a JWS is only parsed after its signature has been verified.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import struct
from collections.abc import Mapping
from typing import Any, NamedTuple

import orjson
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash

from vault_app.protocol.errors import Reason, fail

#: every message, signed or encrypted, is refused above this size before any parsing
MAX_MESSAGE_BYTES = 256 * 1024
#: a protected header is a handful of short members; anything bigger is not ours
MAX_HEADER_BYTES = 2048

#: the name we emit (RFC 8037) and the names we accept (RFC 8037 and its RFC 9864 successor)
JWS_ALG = "EdDSA"
JWS_ACCEPTED_ALGS = frozenset({"EdDSA", "Ed25519"})
JWE_ALG = "ECDH-ES"
JWE_ENC = "A256GCM"

_JWS_HEADER_KEYS = frozenset({"alg", "typ", "kid"})
_JWE_HEADER_KEYS = frozenset({"alg", "enc", "epk", "cty", "kid", "apu", "apv", "typ"})
_EMBEDDED_KEY_HEADERS = ("jwk", "jku", "x5c", "x5u", "x5t", "x5t#S256")


# --- base64url and JSON -------------------------------------------------------------------------------------


def b64e(data: bytes) -> str:
    """Unpadded base64url (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# URL-safe to standard alphabet; the standard '+', '/' and any '=' become '!', which strict a2b_base64
# refuses, so one translate both converts and rejects characters that are not base64url.
_STD_ALPHABET = bytes.maketrans(b"-_+/=", b"+/!!!")
_B64_VALUE = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}


def b64d(text: str, what: str) -> bytes:
    """Strict unpadded base64url: only the URL-safe alphabet, no padding, canonical trailing bits.

    Canonical form matters: otherwise two different strings decode to the same signature or tag, and a
    changed message would still be accepted.
    """
    rem = len(text) % 4
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        fail(Reason.MALFORMED, f"The {what} is not valid base64url.")
    if rem == 1:
        fail(Reason.MALFORMED, f"The {what} is not valid base64url.")
    try:
        data = binascii.a2b_base64(raw.translate(_STD_ALPHABET) + b"=" * (-rem % 4), strict_mode=True)
    except (binascii.Error, ValueError):
        fail(Reason.MALFORMED, f"The {what} is not valid base64url.")
    if rem and _B64_VALUE[text[-1]] & (0x0F if rem == 2 else 0x03):
        fail(Reason.MALFORMED, f"The {what} is not canonical base64url.")
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate member name")
    return out


def _no_constant(name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


# Decoders built once: json.loads(..., hook=...) builds a new decoder per call, which costs more than parsing
# a header.
_STRICT_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
_orjson_loads = orjson.loads


def json_loads(data: bytes | str, what: str, *, unique_names: bool = False) -> Any:
    """Parse JSON strictly: UTF-8, no NaN/Infinity, and with ``unique_names`` no duplicate member names.

    Headers are parsed with ``unique_names`` (RFC 7515 section 4) by the standard library, whose hook sees
    every member. Claim sets follow RFC 7519 section 4 ("reject duplicates or keep the lexically last") and
    are parsed by orjson, which keeps the last, is strict RFC 8259 (no NaN or Infinity, no number that
    overflows a double, UTF-8 only; an integer beyond 64 bits becomes a float, which the schema refuses
    wherever it wants an integer) and parses a grant's claims in half the time of the standard library (the
    organisations' benchmark, benchmarks/README.md). The claim schema then fixes every shape, which also
    caps nesting (the deepest claim is 4 levels); absurd nesting below the size limit is refused as
    malformed by either parser.
    """
    try:
        if not unique_names:
            return _orjson_loads(data)
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return _STRICT_DECODER.decode(text)
    except RecursionError:
        fail(Reason.MALFORMED, f"The {what} is nested too deeply.")
    except (ValueError, UnicodeDecodeError, TypeError) as exc:
        if "depth limit" in str(exc):  # orjson's own nesting limit (1024 levels)
            fail(Reason.MALFORMED, f"The {what} is nested too deeply.")
        fail(Reason.MALFORMED, f"The {what} is not valid JSON.")


def json_dumps(value: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON; insertion order is kept so equal inputs give equal (Ed25519-deterministic)
    tokens."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _check_size(token: str) -> None:
    # len() of a str counts characters; a compact JOSE token is ASCII, anything else is rejected right after.
    if len(token) > MAX_MESSAGE_BYTES:
        fail(Reason.TOO_LARGE, f"The message is larger than {MAX_MESSAGE_BYTES // 1024} KiB.")
    if not token.isascii():
        fail(Reason.MALFORMED, "The message contains characters that compact JOSE never uses.")


def _parse_header(header_b64: str, allowed: frozenset[str]) -> dict[str, Any]:
    """Decode a protected header and refuse any member outside ``allowed``, naming the worst offender."""
    if len(header_b64) > MAX_HEADER_BYTES:
        fail(Reason.MALFORMED, "The message header is too large.")
    header = json_loads(b64d(header_b64, "message header"), "message header", unique_names=True)
    if not isinstance(header, dict):
        fail(Reason.MALFORMED, "The message header is not a JSON object.")
    if header.keys() - allowed:
        if "zip" in header:
            fail(Reason.COMPRESSED, "The message is compressed; compressed messages are refused.")
        if "crit" in header:
            fail(Reason.MALFORMED, "The message header names critical extensions this protocol does not use.")
        for name in _EMBEDDED_KEY_HEADERS:
            if name in header:
                fail(
                    Reason.MALFORMED,
                    "The message header embeds a key or certificate; keys are never taken from it.",
                )
        fail(Reason.MALFORMED, "The message header has members this protocol does not use.")
    return header


# Fast paths for the exact headers this protocol emits. A regex match on the decoded bytes replaces JSON
# parsing plus the member checks; it only matches headers the general path accepts with the same values (no
# escapes, no duplicates, only allowed members, did:key kid with its own fragment), and anything else takes
# the general path.
_B58 = rb"[1-9A-HJ-NP-Za-km-z]"
_CANONICAL_JWS_HEADER = re.compile(
    rb'\{"alg":"(EdDSA|Ed25519)","typ":"([A-Za-z0-9+./-]{1,64})","kid":"(did:key:(z6Mk'
    + _B58
    + rb'{44}))#\4"\}'
)
_CANONICAL_JWE_HEADER = re.compile(
    rb'\{"alg":"ECDH-ES","enc":"A256GCM","cty":"JWT","kid":"([A-Za-z0-9_-]{43})",'
    rb'"epk":\{"kty":"OKP","crv":"X25519","x":"([A-Za-z0-9_-]{43})"\}\}'
)


# --- JWS ----------------------------------------------------------------------------------------------------


class JwsParts(NamedTuple):
    """A compact JWS split and header-checked, signature not yet verified."""

    header: dict[str, Any]
    signing_input: bytes
    payload_b64: str
    signature: bytes


def split_jws(token: str) -> JwsParts:
    """Split a compact JWS and check its header (size, format, algorithm); does not verify anything else."""
    _check_size(token)
    parts = token.split(".")
    if len(parts) != 3:
        if len(parts) == 5:
            fail(Reason.WRONG_TYPE, "This is an encrypted message, not a signed one.")
        fail(Reason.MALFORMED, "This is not a compact signed message (three dot-separated parts).")
    header_b64, payload_b64, sig_b64 = parts
    canonical = (
        _CANONICAL_JWS_HEADER.fullmatch(b64d(header_b64, "message header")) if len(header_b64) < 400 else None
    )
    if canonical is not None:
        alg, typ, kid = canonical.group(1, 2, 3)
        header: dict[str, Any] = {
            "alg": alg.decode(),
            "typ": typ.decode(),
            "kid": kid.decode() + "#" + canonical.group(4).decode(),
        }
    else:
        header = _parse_header(header_b64, _JWS_HEADER_KEYS)
        alg = header.get("alg")
        if type(alg) is not str or alg not in JWS_ACCEPTED_ALGS:
            fail(
                Reason.BAD_ALGORITHM,
                "The message is not signed with Ed25519 (EdDSA); other algorithms are refused.",
            )
        for value in header.values():
            if type(value) is not str:
                fail(Reason.MALFORMED, "The message header has a member that is not text.")
    signature = b64d(sig_b64, "signature")
    if len(signature) != 64:
        fail(Reason.BAD_SIGNATURE, "The signature has the wrong length for Ed25519.")
    return JwsParts(header, (header_b64 + "." + payload_b64).encode("ascii"), payload_b64, signature)


def verify_jws(parts: JwsParts, key: Ed25519PublicKey) -> dict[str, Any]:
    """Verify the Ed25519 signature with ``key`` (chosen by the caller, never by the message), then parse
    the payload."""
    try:
        key.verify(parts.signature, parts.signing_input)
    except InvalidSignature:
        fail(
            Reason.BAD_SIGNATURE,
            "The signature does not match the sender's key: the message was changed or forged.",
        )
    payload = json_loads(b64d(parts.payload_b64, "message body"), "message body")
    if not isinstance(payload, dict):
        fail(Reason.MALFORMED, "The message body is not a JSON object.")
    return payload


def sign_jws(payload: Mapping[str, Any] | bytes, key: Ed25519PrivateKey, *, typ: str, kid: str) -> str:
    """Compact JWS with ``alg`` EdDSA. Ed25519 is deterministic, so equal inputs give equal tokens.
    ``payload``: the claims, or their JSON already serialised (:func:`json_dumps`)."""
    header = {"alg": JWS_ALG, "typ": typ, "kid": kid}
    body = payload if isinstance(payload, bytes) else json_dumps(payload)
    signing_input = b64e(json_dumps(header)) + "." + b64e(body)
    return signing_input + "." + b64e(key.sign(signing_input.encode("ascii")))


# --- JWE ----------------------------------------------------------------------------------------------------


def _other_info(apu: bytes, apv: bytes) -> bytes:
    alg_id = JWE_ENC.encode("ascii")
    return (
        struct.pack(">I", len(alg_id)) + alg_id
        + struct.pack(">I", len(apu)) + apu
        + struct.pack(">I", len(apv)) + apv
        + struct.pack(">I", 256)
    )  # fmt: skip


# We never send party info, so the usual OtherInfo is a constant.
_OTHER_INFO_EMPTY = _other_info(b"", b"")


def _concat_kdf(shared: bytes, apu: bytes = b"", apv: bytes = b"") -> bytes:
    """RFC 7518 section 4.6.2: ECDH-ES direct key agreement, AlgorithmID = the ``enc`` value, keydatalen
    256."""
    other = _OTHER_INFO_EMPTY if not apu and not apv else _other_info(apu, apv)
    return ConcatKDFHash(algorithm=hashes.SHA256(), length=32, otherinfo=other).derive(shared)


def encrypt_jwe(
    plaintext: bytes, recipient: X25519PublicKey, *, kid: str | None = None, cty: str = "JWT"
) -> str:
    """Compact JWE: ``alg`` ECDH-ES with a fresh ephemeral X25519 key, ``enc`` A256GCM, never compressed."""
    ephemeral = X25519PrivateKey.generate()
    try:
        shared = ephemeral.exchange(recipient)
    except ValueError:
        fail(Reason.INVALID_CLAIM, "The organisation's encryption key is not a usable X25519 key.")
    cek = _concat_kdf(shared, b"", b"")
    epk = {"kty": "OKP", "crv": "X25519", "x": b64e(ephemeral.public_key().public_bytes_raw())}
    header: dict[str, Any] = {"alg": JWE_ALG, "enc": JWE_ENC, "cty": cty}
    if kid is not None:
        header["kid"] = kid
    header["epk"] = epk
    header_b64 = b64e(json_dumps(header))
    iv = os.urandom(12)
    sealed = AESGCM(cek).encrypt(iv, plaintext, header_b64.encode("ascii"))
    return ".".join((header_b64, "", b64e(iv), b64e(sealed[:-16]), b64e(sealed[-16:])))


class JweHeader(NamedTuple):
    kid: str | None
    cty: str | None


def _general_jwe_header(header_b64: str) -> tuple[str | None, str | None, str, bytes, bytes]:
    """Check any JWE header (not only the form we emit); returns kid, cty, epk x, apu, apv."""
    header = _parse_header(header_b64, _JWE_HEADER_KEYS)
    if header.get("alg") != JWE_ALG or header.get("enc") != JWE_ENC:
        fail(
            Reason.BAD_ALGORITHM,
            "The message is not encrypted with ECDH-ES and A256GCM; other algorithms are refused.",
        )
    kid = header.get("kid")
    cty = header.get("cty")
    typ = header.get("typ")
    apu_b64 = header.get("apu", "")
    apv_b64 = header.get("apv", "")
    for value in (kid, cty, typ, apu_b64, apv_b64):
        if value is not None and not isinstance(value, str):
            fail(Reason.MALFORMED, "The encrypted message header has a member of the wrong type.")
    epk = header.get("epk")
    if (
        not isinstance(epk, dict)
        or epk.keys() != {"kty", "crv", "x"}
        or epk["kty"] != "OKP"
        or epk["crv"] != "X25519"
        or not isinstance(epk["x"], str)
    ):
        fail(Reason.MALFORMED, "The encrypted message has no usable ephemeral X25519 key.")
    return kid, cty, epk["x"], b64d(apu_b64, "party information"), b64d(apv_b64, "party information")


def decrypt_jwe(token: str, key: X25519PrivateKey, *, key_id: str | None = None) -> tuple[JweHeader, bytes]:
    """Check and decrypt a compact JWE made for ``key``. ``key_id`` (our key's thumbprint) gives a clearer
    error."""
    _check_size(token)
    parts = token.split(".")
    if len(parts) != 5:
        if len(parts) == 3:
            fail(
                Reason.WRONG_TYPE,
                "This is a signed but not encrypted message; an encrypted one was expected.",
            )
        fail(Reason.MALFORMED, "This is not a compact encrypted message (five dot-separated parts).")
    header_b64, ek_b64, iv_b64, ct_b64, tag_b64 = parts
    canonical = (
        _CANONICAL_JWE_HEADER.fullmatch(b64d(header_b64, "message header")) if len(header_b64) < 400 else None
    )
    if canonical is not None:
        kid: Any = canonical.group(1).decode()
        cty: Any = "JWT"
        epk_x: Any = canonical.group(2).decode()
        apu = apv = b""
    else:
        kid, cty, epk_x, apu, apv = _general_jwe_header(header_b64)
    if key_id is not None and kid is not None and kid != key_id:
        fail(Reason.UNDECRYPTABLE, "This message was encrypted for another organisation's key.")
    epk_raw = b64d(epk_x, "ephemeral key")
    if ek_b64 != "":
        fail(Reason.MALFORMED, "ECDH-ES messages carry no encrypted key; this one does.")
    iv = b64d(iv_b64, "initialisation vector")
    ciphertext = b64d(ct_b64, "ciphertext")
    tag = b64d(tag_b64, "authentication tag")
    if len(epk_raw) != 32 or len(iv) != 12 or len(tag) != 16:
        fail(Reason.MALFORMED, "The encrypted message has parts of the wrong length.")
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(epk_raw))
    except ValueError:
        fail(Reason.UNDECRYPTABLE, "The encrypted message uses an unusable ephemeral key.")
    try:
        plaintext = AESGCM(_concat_kdf(shared, apu, apv)).decrypt(
            iv, ciphertext + tag, header_b64.encode("ascii")
        )
    except InvalidTag:
        fail(
            Reason.UNDECRYPTABLE,
            "The message cannot be decrypted with this organisation's key: it was made for another key or "
            "changed.",
        )
    return JweHeader(kid, cty), plaintext
