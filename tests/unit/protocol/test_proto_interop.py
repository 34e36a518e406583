"""Interoperability, tested with independent JOSE libraries (jwcrypto, test-only; joserfc as a second
opinion): they verify our grants and status lists and decrypt our JWE; messages they make are accepted by
our parsers."""

from __future__ import annotations

import json
import warnings
import zlib

import pytest
from jwcrypto import jwe as cjwe
from jwcrypto import jwk as cjwk
from jwcrypto import jws as cjws
from proto_helpers import STATUS_URI, T0, World, b64d, b64e

from vault_app.domain.errors import ProtocolError
from vault_app.protocol import (
    Grant,
    StatusRef,
    kid_for,
    parse_status_list_token,
    token_hash,
    verify,
)
from vault_app.protocol.jwk import (
    ed25519_private_jwk,
    ed25519_public_jwk,
    x25519_private_jwk,
    x25519_public_jwk,
)


def jw_key(jwk_dict: dict[str, str]) -> cjwk.JWK:
    return cjwk.JWK(**jwk_dict)


def jw_verify(token: str, public_jwk: dict[str, str]) -> tuple[dict[str, object], dict[str, object]]:
    obj = cjws.JWS()
    obj.deserialize(token)
    obj.verify(jw_key(public_jwk), alg="EdDSA")
    return obj.jose_header, json.loads(obj.payload)


def test_jwcrypto_verifies_our_grant(world: World) -> None:
    sealed = world.grant()
    header, claims = jw_verify(sealed.token, ed25519_public_jwk(world.subject_key))
    assert header["alg"] == "EdDSA" and header["typ"] == "pdv-grant+jwt"
    assert claims["iss"] == world.subject_did and claims["aud"] == world.org.did
    with pytest.raises(cjws.InvalidJWSSignature):
        jw_verify(sealed.token, ed25519_public_jwk(world.other_subject_key))


def test_jwcrypto_decrypts_our_jwe(world: World) -> None:
    sealed = world.grant()
    obj = cjwe.JWE()
    obj.deserialize(sealed.jwe, key=jw_key(x25519_private_jwk(world.org.keys.encryption)))
    assert obj.plaintext.decode() == sealed.token
    assert (
        obj.jose_header["alg"] == "ECDH-ES"
        and obj.jose_header["enc"] == "A256GCM"
        and obj.jose_header["cty"] == "JWT"
    )
    # and the nested JWT as a whole, the way a standard JWT library would take it
    from jwcrypto import jwt as cjwt

    nested = cjwt.JWT(
        jwt=sealed.jwe,
        key=jw_key(x25519_private_jwk(world.org.keys.encryption)),
        expected_type="JWE",
        check_claims=False,
    )
    inner = cjwt.JWT(
        jwt=nested.claims,
        key=jw_key(ed25519_public_jwk(world.subject_key)),
        check_claims=False,
        algs=["EdDSA"],
    )
    assert json.loads(inner.claims) == json.loads(b64d(sealed.token.split(".")[1]))


def test_jwcrypto_verifies_and_reads_our_status_list(world: World) -> None:
    token = world.status_list((7, 9))
    header, claims = jw_verify(token, ed25519_public_jwk(world.subject_key))
    assert header["typ"] == "statuslist+jwt" and claims["sub"] == STATUS_URI
    raw = zlib.decompress(b64d(claims["status_list"]["lst"]))  # type: ignore[index]
    assert raw[0] == 0x80 and raw[1] == 0x02  # bits 7 and 9, least significant first


def test_our_parser_accepts_jwcrypto_requests(world: World) -> None:
    """An organisation using jwcrypto (and our documented claim set) makes a request; the vault accepts it."""
    claims = json.loads(b64d(world.request().split(".")[1]))
    claims["jti"] = "made-by-jwcrypto-0001"
    signer = jw_key(ed25519_private_jwk(world.org.keys.signing))
    obj = cjws.JWS(json.dumps(claims).encode())
    obj.add_signature(
        signer,
        alg="EdDSA",
        protected={"alg": "EdDSA", "typ": "pdv-request+jwt", "kid": kid_for(world.org.did)},
    )
    token = obj.serialize(compact=True)
    msg = world.agent.parse_request(token)
    assert msg.jti == "made-by-jwcrypto-0001" and msg.issuer == world.org.did
    # RFC 9864's fully-specified name is accepted too
    obj2 = cjws.JWS(json.dumps({**claims, "jti": "made-by-jwcrypto-0002"}).encode())
    obj2.add_signature(
        signer,
        alg="Ed25519",
        protected={"alg": "Ed25519", "typ": "pdv-request+jwt", "kid": kid_for(world.org.did)},
    )
    assert world.agent.parse_request(obj2.serialize(compact=True)).jti == "made-by-jwcrypto-0002"


def test_our_parser_accepts_a_grant_encrypted_by_jwcrypto(world: World) -> None:
    """Grant signed and encrypted by jwcrypto (a third-party vault implementation); the organisation opens
    it."""
    req_token = world.request()
    req = world.agent.parse_request(req_token)
    ours = world.grant(req)
    claims = json.loads(b64d(ours.token.split(".")[1]))
    claims["jti"] = "third-party-grant-001"
    s = cjws.JWS(json.dumps(claims).encode())
    s.add_signature(
        jw_key(ed25519_private_jwk(world.subject_key)),
        alg="EdDSA",
        protected={"alg": "EdDSA", "typ": "pdv-grant+jwt", "kid": kid_for(world.subject_did)},
    )
    e = cjwe.JWE(
        s.serialize(compact=True).encode(), protected={"alg": "ECDH-ES", "enc": "A256GCM", "cty": "JWT"}
    )
    e.add_recipient(jw_key(x25519_public_jwk(world.org.keys.encryption)))
    grant = world.org.open_grant(e.serialize(compact=True), world.org.parse_request(req_token))
    assert grant.jti == "third-party-grant-001" and grant.body.fields == ours_fields(world)


def ours_fields(world: World) -> tuple[object, ...]:
    return tuple(world.released())


def test_jwcrypto_refusals_match_ours(world: World) -> None:
    """Sanity of the test oracle: jwcrypto also refuses what we refuse for signatures."""
    sealed = world.grant()
    h, p, s = sealed.token.split(".")
    tampered = h + "." + b64e(b64d(p).replace(b"ada@", b"eve@")) + "." + s
    with pytest.raises(cjws.InvalidJWSSignature):
        jw_verify(tampered, ed25519_public_jwk(world.subject_key))
    with pytest.raises(ProtocolError):
        verify(tampered, Grant, clock=world.clock, audience=world.org.did)


def test_joserfc_agrees(world: World) -> None:
    from joserfc import jwe as rjwe
    from joserfc import jws as rjws
    from joserfc.jwk import OKPKey

    sealed = world.grant()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc warns that "EdDSA" is superseded by RFC 9864 names
        pub = OKPKey.import_key(ed25519_public_jwk(world.subject_key))
        obj = rjws.deserialize_compact(sealed.token, pub, algorithms=["EdDSA"])
        assert json.loads(obj.payload)["iss"] == world.subject_did
        enc = OKPKey.import_key(x25519_private_jwk(world.org.keys.encryption))
        dec = rjwe.decrypt_compact(sealed.jwe, enc, algorithms=["ECDH-ES", "A256GCM"])
        assert dec.plaintext.decode() == sealed.token
        # joserfc encrypts, we decrypt
        theirs = rjwe.encrypt_compact(
            {"alg": "ECDH-ES", "enc": "A256GCM", "cty": "JWT"},
            sealed.token,
            OKPKey.import_key(x25519_public_jwk(world.org.keys.encryption)),
            algorithms=["ECDH-ES", "A256GCM"],
        )
    req_token = world.request()
    grant = world.org.open_grant(
        world.grant(world.agent.parse_request(req_token)).jwe, world.org.parse_request(req_token)
    )
    assert grant.issuer == world.subject_did
    from vault_app.protocol import unseal

    assert unseal(theirs, world.org.keys.encryption) == sealed.token


def test_status_list_made_by_jwcrypto_is_read(world: World) -> None:
    """A status list built and signed with jwcrypto per the draft (no pdv_ver claim) is understood."""
    lst = b64e(zlib.compress(bytes([0b10000000]) + bytes(7)))
    claims = {
        "iss": world.subject_did,
        "sub": STATUS_URI,
        "iat": T0,
        "exp": T0 + 86400,
        "ttl": 3600,
        "status_list": {"bits": 1, "lst": lst},
    }
    obj = cjws.JWS(json.dumps(claims).encode())
    obj.add_signature(
        jw_key(ed25519_private_jwk(world.subject_key)),
        alg="EdDSA",
        protected={"alg": "EdDSA", "typ": "statuslist+jwt", "kid": kid_for(world.subject_did)},
    )
    parsed = parse_status_list_token(
        obj.serialize(compact=True), expected_issuer=world.subject_did, uri=STATUS_URI, clock=world.clock
    )
    assert parsed.is_revoked(StatusRef(7, STATUS_URI)) and not parsed.is_revoked(6) and parsed.ttl == 3600


def test_token_hash_is_plain_sha256_of_the_token(world: World) -> None:
    import hashlib

    token = world.request()
    assert b64d(token_hash(token)) == hashlib.sha256(token.encode()).digest()
