"""The compact JOSE layer: strict base64url and JSON, Ed25519 JWS (RFC 8037 vector), ECDH-ES/A256GCM JWE."""

from __future__ import annotations

import json
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st
from proto_helpers import b64d as plain_b64d
from proto_helpers import b64e as plain_b64e

from vault_app.domain.errors import ProtocolError
from vault_app.protocol.jose import (
    MAX_MESSAGE_BYTES,
    b64d,
    b64e,
    decrypt_jwe,
    encrypt_jwe,
    json_loads,
    sign_jws,
    split_jws,
    verify_jws,
)

RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
# RFC 8037 Appendix A.4: JWS of "Example of Ed25519 signing" with header {"alg":"EdDSA"}
RFC8037_JWS = (
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)


def reason(fn: object, *args: object, **kw: object) -> str:
    with pytest.raises(ProtocolError) as err:
        fn(*args, **kw)  # type: ignore[operator]
    return err.value.reason


@given(st.binary(max_size=100))
def test_b64_roundtrip(data: bytes) -> None:
    assert b64d(b64e(data), "x") == data
    assert b64e(data) == plain_b64e(data)


@pytest.mark.parametrize(
    "text",
    [
        "QQ==",  # padding
        "Q",  # impossible length
        "QR",  # non-canonical trailing bits ("QQ" is canonical)
        "QUJ",  # non-canonical ("QUI" is canonical)
        "ab+c",  # standard alphabet
        "ab/c",
        "ab c",
        "ab\nc",
        "ab.c",
        "abc\u00e9",
    ],
)
def test_b64_strictness(text: str) -> None:
    assert reason(b64d, text, "x") == "malformed"


def test_b64_canonical_examples_accepted() -> None:
    assert b64d("QQ", "x") == b"A" and b64d("QUI", "x") == b"AB" and b64d("", "x") == b""


def test_json_strictness() -> None:
    assert json_loads(b'{"a":1,"a":2}', "x") == {"a": 2}  # claims: last wins (RFC 7519 section 4)
    assert reason(json_loads, b'{"a":1,"a":2}', "x", unique_names=True) == "malformed"
    assert reason(json_loads, b'{"a":NaN}', "x") == "malformed"
    assert reason(json_loads, b'{"a":Infinity}', "x") == "malformed"
    assert reason(json_loads, b"\xff\xfe", "x") == "malformed"
    assert reason(json_loads, b'{"a":1} x', "x") == "malformed"
    assert reason(json_loads, b"[" * 100_000 + b"]" * 100_000, "x") == "malformed"


def test_rfc8037_signature_vector() -> None:
    key = Ed25519PrivateKey.from_private_bytes(plain_b64d(RFC8037_D))
    header_b64, payload_b64, sig_b64 = RFC8037_JWS.split(".")
    assert b64e(key.sign(f"{header_b64}.{payload_b64}".encode())) == sig_b64  # Ed25519 is deterministic
    parts = split_jws(RFC8037_JWS)
    assert parts.header == {"alg": "EdDSA"} and parts.signature == plain_b64d(sig_b64)
    key.public_key().verify(parts.signature, parts.signing_input)
    # the RFC payload is text, not a claim set: a verified signature, then a refused body
    assert reason(verify_jws, parts, key.public_key()) == "malformed"


def test_sign_and_verify_jws() -> None:
    key = Ed25519PrivateKey.generate()
    token = sign_jws({"hello": "wörld"}, key, typ="pdv-request+jwt", kid="k")
    parts = split_jws(token)
    assert parts.header == {"alg": "EdDSA", "typ": "pdv-request+jwt", "kid": "k"}
    assert verify_jws(parts, key.public_key()) == {"hello": "wörld"}
    assert sign_jws({"hello": "wörld"}, key, typ="pdv-request+jwt", kid="k") == token  # deterministic
    assert reason(verify_jws, parts, Ed25519PrivateKey.generate().public_key()) == "bad-signature"


def _token_with_header(header: dict[str, object], key: Ed25519PrivateKey | None = None) -> str:
    key = key or Ed25519PrivateKey.generate()
    si = plain_b64e(json.dumps(header).encode()) + "." + plain_b64e(b"{}")
    return si + "." + plain_b64e(key.sign(si.encode()))


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ({"alg": "none"}, "bad-algorithm"),
        ({"alg": "HS256"}, "bad-algorithm"),
        ({"alg": "ES256"}, "bad-algorithm"),
        ({"alg": "eddsa"}, "bad-algorithm"),
        ({}, "bad-algorithm"),
        ({"alg": ["EdDSA"]}, "bad-algorithm"),
        ({"alg": "EdDSA", "crit": ["exp"]}, "malformed"),
        ({"alg": "EdDSA", "jwk": {"kty": "OKP"}}, "malformed"),
        ({"alg": "EdDSA", "jku": "https://evil.example/keys"}, "malformed"),
        ({"alg": "EdDSA", "x5c": ["MII"]}, "malformed"),
        ({"alg": "EdDSA", "zip": "DEF"}, "compressed"),
        ({"alg": "EdDSA", "b64": False}, "malformed"),
        ({"alg": "EdDSA", "typ": 5}, "malformed"),
    ],
)
def test_jws_header_rules(header: dict[str, object], why: str) -> None:
    assert reason(split_jws, _token_with_header(header)) == why


def test_jws_shape_rules() -> None:
    good = sign_jws({}, Ed25519PrivateKey.generate(), typ="t", kid="k")
    assert reason(split_jws, good + ".x.y") == "wrong-type"  # five parts: a JWE
    assert reason(split_jws, good + ".x") == "malformed"
    assert reason(split_jws, "abc") == "malformed"
    assert reason(split_jws, good[:-4]) == "bad-signature" or reason(split_jws, good[:-4]) == "malformed"
    assert reason(split_jws, "é" + good) == "malformed"
    assert reason(split_jws, "a" * (MAX_MESSAGE_BYTES + 1)) == "too-large"
    h, p, s = good.split(".")
    assert reason(split_jws, f"{h}.{p}.{s[:-3]}") in ("malformed", "bad-signature")
    assert reason(split_jws, f"{plain_b64e(b'[1]')}.{p}.{s}") == "malformed"
    assert reason(split_jws, f"{plain_b64e(b'{}' * 2000)}.{p}.{s}") == "malformed"


def test_jwe_roundtrip_and_header() -> None:
    key = X25519PrivateKey.generate()
    token = encrypt_jwe(b"secret grant", key.public_key(), kid="KID")
    header = json.loads(plain_b64d(token.split(".")[0]))
    assert (
        header["alg"] == "ECDH-ES"
        and header["enc"] == "A256GCM"
        and header["cty"] == "JWT"
        and header["kid"] == "KID"
    )
    assert set(header["epk"]) == {"kty", "crv", "x"} and "zip" not in header
    assert token.split(".")[1] == ""  # direct key agreement: no encrypted key
    h, plaintext = decrypt_jwe(token, key, key_id="KID")
    assert plaintext == b"secret grant" and h.kid == "KID" and h.cty == "JWT"
    assert encrypt_jwe(b"secret grant", key.public_key()) != encrypt_jwe(b"secret grant", key.public_key())


def _jwe_with_header(key: X25519PrivateKey, **changes: object) -> str:
    """A JWE whose protected header was edited (which also breaks the GCM tag, but header rules come
    first)."""
    token = encrypt_jwe(b"x", key.public_key())
    parts = token.split(".")
    header = json.loads(plain_b64d(parts[0]))
    for k, v in changes.items():
        if v is None:
            header.pop(k, None)
        else:
            header[k] = v
    parts[0] = plain_b64e(json.dumps(header).encode())
    return ".".join(parts)


def test_jwe_rejections() -> None:
    key = X25519PrivateKey.generate()
    assert reason(decrypt_jwe, _jwe_with_header(key, zip="DEF"), key) == "compressed"
    assert reason(decrypt_jwe, _jwe_with_header(key, alg="ECDH-ES+A256KW"), key) == "bad-algorithm"
    assert reason(decrypt_jwe, _jwe_with_header(key, alg="RSA1_5"), key) == "bad-algorithm"
    assert reason(decrypt_jwe, _jwe_with_header(key, alg="dir"), key) == "bad-algorithm"
    assert reason(decrypt_jwe, _jwe_with_header(key, enc="A128CBC-HS256"), key) == "bad-algorithm"
    assert reason(decrypt_jwe, _jwe_with_header(key, jwk={"kty": "OKP"}), key) == "malformed"
    assert reason(decrypt_jwe, _jwe_with_header(key, crit=["x"]), key) == "malformed"
    assert reason(decrypt_jwe, _jwe_with_header(key, epk=None), key) == "malformed"
    assert (
        reason(decrypt_jwe, _jwe_with_header(key, epk={"kty": "EC", "crv": "P-256", "x": "A"}), key)
        == "malformed"
    )
    assert reason(decrypt_jwe, _jwe_with_header(key, kid=7), key) == "malformed"
    assert (
        reason(decrypt_jwe, _jwe_with_header(key, cty="JWT"), key) == "undecryptable"
    )  # header is authenticated
    # a JWE for someone else
    assert (
        reason(decrypt_jwe, encrypt_jwe(b"x", X25519PrivateKey.generate().public_key()), key)
        == "undecryptable"
    )
    assert (
        reason(decrypt_jwe, encrypt_jwe(b"x", key.public_key(), kid="A"), key, key_id="B") == "undecryptable"
    )
    good = encrypt_jwe(b"x" * 100, key.public_key()).split(".")
    for i, why in ((1, "malformed"), (2, "malformed"), (4, "malformed")):
        bad = list(good)
        bad[i] = plain_b64e(b"\0" * 5)
        assert reason(decrypt_jwe, ".".join(bad), key) == why
    bad = list(good)
    bad[3] = plain_b64e(b"\1" * 100)
    assert reason(decrypt_jwe, ".".join(bad), key) == "undecryptable"
    assert reason(decrypt_jwe, ".".join(good[:3]), key) == "wrong-type"
    assert reason(decrypt_jwe, ".".join(good[:4]), key) == "malformed"
    assert reason(decrypt_jwe, "a" * (MAX_MESSAGE_BYTES + 1), key) == "too-large"


def test_jwe_low_order_ephemeral_key_refused() -> None:
    key = X25519PrivateKey.generate()
    token = _jwe_with_header(key, epk={"kty": "OKP", "crv": "X25519", "x": plain_b64e(bytes(32))})
    assert reason(decrypt_jwe, token, key) == "undecryptable"


def test_compressed_payload_is_never_inflated() -> None:
    """Even with zip removed from the header, the plaintext is returned as is: nothing here inflates data."""
    key = X25519PrivateKey.generate()
    bomb = zlib.compress(b"\0" * 10_000_000)
    _, plaintext = decrypt_jwe(encrypt_jwe(bomb, key.public_key()), key)
    assert plaintext == bomb
