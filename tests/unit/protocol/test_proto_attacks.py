"""The named attack corpus and every rejection reason: each attack is refused with its stable reason word."""

from __future__ import annotations

import hashlib
import hmac
import json
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from proto_helpers import T0, World, b64d, b64e, decode_part, resign

from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import Category, ReleasedField, ReleaseMode, RequestedField
from vault_app.protocol import (
    AuthorisationRequest,
    Grant,
    MemoryReplayCache,
    Reason,
    SubjectAgent,
    TrustList,
    UsageReceipt,
    detect_kind,
    did_from_public_key,
    kid_for,
    seal,
    verify,
)
from vault_app.protocol.jose import MAX_MESSAGE_BYTES, encrypt_jwe


def reason_of(fn: object, *args: object, **kw: object) -> str:
    with pytest.raises(ProtocolError) as err:
        fn(*args, **kw)  # type: ignore[operator]
    assert err.value.message and err.value.message[0].isupper(), "messages are plain sentences"
    return err.value.reason


def _raw_token(header: dict[str, object], payload: dict[str, object], sig: bytes) -> str:
    si = b64e(json.dumps(header).encode()) + "." + b64e(json.dumps(payload).encode())
    return si + "." + b64e(sig)


# --- the named corpus -----------------------------------------------------------------------------------------


def test_alg_none(world: World) -> None:
    token = world.request()
    header = {**decode_part(token, 0), "alg": "none"}
    forged = b64e(json.dumps(header).encode()) + "." + token.split(".")[1] + "."
    assert reason_of(world.agent.parse_request, forged) in ("bad-algorithm", "malformed")
    assert reason_of(world.agent.parse_request, _raw_token(header, decode_part(token, 1), b"")) == "bad-algorithm"


def test_hs256_keyed_with_the_public_key(world: World) -> None:
    """The classic confusion: an HMAC "signature" keyed with the signer's public key bytes."""
    token = world.request()
    header = {**decode_part(token, 0), "alg": "HS256"}
    si = b64e(json.dumps(header).encode()) + "." + token.split(".")[1]
    for secret in (world.org.keys.signing.public_key().public_bytes_raw(), world.org.did.encode()):
        forged = si + "." + b64e(hmac.new(secret, si.encode(), hashlib.sha256).digest())
        assert reason_of(world.agent.parse_request, forged) == "bad-algorithm"


def test_kind_confusion(world: World) -> None:
    """A validly signed message of one kind is never accepted as another, even re-typed by its own signer."""
    refusal = world.refusal()
    assert reason_of(verify, refusal, Grant, clock=world.clock, audience=world.org.did) == "wrong-type"
    # the subject re-signs the refusal claims under the grant typ: the schema refuses it
    retyped = resign(refusal, world.subject_key, header={**decode_part(refusal, 0), "typ": "pdv-grant+jwt"})
    assert reason_of(verify, retyped, Grant, clock=world.clock, audience=world.org.did) == "missing-claim"
    # a request re-typed as a trust list by the organisation
    req = world.request()
    as_trust = resign(req, world.org.keys.signing, header={**decode_part(req, 0), "typ": "pdv-trust-list+jwt"})
    assert reason_of(verify, as_trust, TrustList, clock=world.clock, trusted_issuers={world.org.did}) == "missing-claim"
    # no typ at all, or a generic one
    for typ in (None, "JWT", "application/jwt", "pdv-grant+jwt "):
        h = {k: v for k, v in decode_part(req, 0).items() if k != "typ"}
        if typ is not None:
            h["typ"] = typ
        assert reason_of(world.agent.parse_request, resign(req, world.org.keys.signing, header=h)) == "wrong-type"
    # typ compared case-insensitively and with the optional application/ prefix (RFC 7515 4.1.9)
    ok = resign(req, world.org.keys.signing, header={**decode_part(req, 0), "typ": "application/PDV-Request+JWT"})
    assert world.agent.parse_request(ok).issuer == world.org.did


def test_expired_not_yet_valid_and_future(world: World) -> None:
    token = world.request(lifetime=3600)
    world.clock.advance(3600 + 120)  # at the edge of the skew: still accepted
    world.agent.parse_request(token)
    world.clock.advance(1)
    assert reason_of(world.agent.parse_request, token) == "expired"
    world.clock.t = T0 - 121  # the clock is behind the issuer's by more than the skew
    assert reason_of(world.agent.parse_request, token) == "issued-in-future"
    world.clock.t = T0
    claims = {**decode_part(token, 1), "nbf": T0 + 1000}
    later = resign(token, world.org.keys.signing, payload=claims)
    assert reason_of(world.agent.parse_request, later) == "not-yet-valid"
    world.clock.advance(1000 - 120)
    assert world.agent.parse_request(later).envelope.not_before == T0 + 1000


def test_skew_is_a_parameter(world: World) -> None:
    token = world.request(lifetime=3600)
    world.clock.advance(3600 + 10)
    strict = SubjectAgent(clock=world.clock, skew=0)
    assert reason_of(strict.parse_request, token) == "expired"
    assert SubjectAgent(clock=world.clock, skew=10).parse_request(token).issuer == world.org.did


def test_replayed(world: World) -> None:
    agent = SubjectAgent(clock=world.clock, replay=MemoryReplayCache(world.clock))
    token = world.request()
    agent.parse_request(token)
    assert reason_of(agent.parse_request, token) == "replayed"
    # the organisation side: opening the same grant twice
    req = world.request()
    sealed = world.grant(world.agent.parse_request(req))
    world.org.open_grant(sealed.jwe, world.org.parse_request(req))
    assert reason_of(world.org.open_grant, sealed.jwe, world.org.parse_request(req)) == "replayed"


def test_replay_cache_forgets_expired_and_refuses_when_full(world: World) -> None:
    cache = MemoryReplayCache(world.clock, skew=0, max_entries=2)
    cache.check_and_remember("a", T0 + 10)
    cache.check_and_remember("b", T0 + 100)
    assert reason_of(cache.check_and_remember, "a", T0 + 10) == "replayed"
    assert reason_of(cache.check_and_remember, "c", T0 + 10) == "replayed"  # full of live entries: refuse
    world.clock.advance(11)
    cache.check_and_remember("c", T0 + 50)  # "a" expired and was pruned, which made room
    assert len(cache) == 2
    assert reason_of(cache.check_and_remember, "d", T0 + 60) == "replayed"


def test_a_rejected_message_does_not_poison_the_replay_cache(world: World) -> None:
    cache = MemoryReplayCache(world.clock)
    agent = SubjectAgent(clock=world.clock, replay=cache)
    token = world.request(audience=world.subject_did)
    other = did_from_public_key(world.other_subject_key)
    assert reason_of(agent.parse_request, token, audience=other) == "wrong-audience"
    assert reason_of(agent.parse_derived_request, token, audience=world.subject_did, organisation=world.org.did) == "wrong-type"
    assert len(cache) == 0
    agent.parse_request(token, audience=world.subject_did)
    assert len(cache) == 1


def test_wrong_audience(world: World) -> None:
    sealed = world.grant()
    other = did_from_public_key(Ed25519PrivateKey.generate())
    assert reason_of(verify, sealed.token, Grant, clock=world.clock, audience=other) == "wrong-audience"
    addressed = world.request(audience=world.subject_did)
    assert reason_of(world.agent.parse_request, addressed, audience=other) == "wrong-audience"
    # an organisation opening a grant made for another organisation (same encryption key, other DID)
    req = world.request()
    grant = world.grant(world.agent.parse_request(req))
    assert reason_of(world.other_org.verify_grant, grant.token, world.org.parse_request(req)) == "wrong-audience"


def test_unknown_or_wrong_key(world: World) -> None:
    mallory = Ed25519PrivateKey.generate()
    req = world.request()
    # the payload still says the organisation sent it, but Mallory signed (and names her own kid)
    h = {**decode_part(req, 0), "kid": kid_for(did_from_public_key(mallory))}
    forged = resign(req, mallory, header=h)
    assert reason_of(world.agent.parse_request, forged) == "unknown-key"
    # Mallory keeps the organisation's kid: the signature fails
    assert reason_of(world.agent.parse_request, resign(req, mallory)) == "bad-signature"
    # a receipt from someone other than the organisation we granted to
    grant = world.org.open_grant(world.grant(world.agent.parse_request(req)).jwe, world.org.parse_request(req))
    receipt = world.receipt(grant)
    assert reason_of(
        world.agent.parse_receipt, receipt, audience=world.subject_did, organisation=world.other_org.did
    ) == "unknown-key"
    # a trust list from a certifier we do not trust
    assert reason_of(world.agent.parse_trust_list, world.trust_list(), certifiers={world.org.did}) == "unknown-key"
    # the grant of another subject where we expect a known one (re-authorisation)
    g = world.grant(world.agent.parse_request(req))
    assert reason_of(
        world.org.open_grant, g.jwe, world.org.parse_request(req), expected_subject=did_from_public_key(world.other_subject_key)
    ) == "unknown-key"
    # kid in a form we do not use
    h2 = {**decode_part(req, 0), "kid": world.org.did}
    assert reason_of(world.agent.parse_request, resign(req, world.org.keys.signing, header=h2)) == "malformed"


def test_oversized(world: World) -> None:
    token = world.request()
    big = resign(token, world.org.keys.signing, payload={**decode_part(token, 1), "pad": "x" * MAX_MESSAGE_BYTES})
    assert reason_of(world.agent.parse_request, big) == "too-large"
    assert reason_of(world.org.open_grant, "e" * (MAX_MESSAGE_BYTES + 1), world.org.parse_request(token)) == "too-large"
    assert reason_of(detect_kind, "e" * (2 * MAX_MESSAGE_BYTES)) == "too-large"


def test_deeply_nested_json(world: World) -> None:
    token = world.request()
    h, _, _ = token.split(".")
    for depth in (50, 5000, 60_000):
        body = b"[" * depth + b"]" * depth
        si = h + "." + b64e(body)
        nested = si + "." + b64e(world.org.keys.signing.sign(si.encode()))
        if len(nested) > MAX_MESSAGE_BYTES:
            assert reason_of(world.agent.parse_request, nested) == "too-large"
        else:
            assert reason_of(world.agent.parse_request, nested) == "malformed"
    claims = decode_part(token, 1)
    claims["fields"][0]["reason"] = {"a": {"b": {"c": {"d": ["e"]}}}}
    assert reason_of(world.agent.parse_request, resign(token, world.org.keys.signing, payload=claims)) == "invalid-claim"
    nested_header = {**decode_part(token, 0), "kid": {"a": [[[[["b"]]]]]}}
    assert reason_of(world.agent.parse_request, resign(token, world.org.keys.signing, header=nested_header)) == "malformed"


def test_compressed_jwe(world: World) -> None:
    req = world.request()
    sealed = world.grant(world.agent.parse_request(req))
    parts = sealed.jwe.split(".")
    header = {**json.loads(b64d(parts[0])), "zip": "DEF"}
    parts[0] = b64e(json.dumps(header).encode())
    assert reason_of(world.org.open_grant, ".".join(parts), world.org.parse_request(req)) == "compressed"
    # a real compressed JWE made by another library is refused the same way
    from jwcrypto import jwe as cjwe
    from jwcrypto import jwk as cjwk

    pub = cjwk.JWK(kty="OKP", crv="X25519", x=b64e(world.org.keys.encryption.public_key().public_bytes_raw()))
    e = cjwe.JWE(zlib.compress(sealed.token.encode())[:0] + sealed.token.encode(), protected={"alg": "ECDH-ES", "enc": "A256GCM", "zip": "DEF"})
    e.add_recipient(pub)
    assert reason_of(world.org.open_grant, e.serialize(compact=True), world.org.parse_request(req)) == "compressed"


@pytest.mark.parametrize(
    "name",
    [
        "e\u202email",  # right-to-left override
        "email\u2066",  # isolate
        "em\u200fail",  # right-to-left mark
        "em\x00ail",
        "em\x1bail",  # escape
        "em\u0085ail",  # C1 next line
        "еmail",  # Cyrillic е: not ASCII, refused by the field-name rule
        "email\n",
    ],
)
def test_control_and_bidi_characters_in_field_names(world: World, name: str) -> None:
    token = world.request()
    claims = decode_part(token, 1)
    claims["fields"][0]["name"] = name
    assert reason_of(world.agent.parse_request, resign(token, world.org.keys.signing, payload=claims)) == "invalid-claim"


def test_tampered_grant_in_transit(world: World) -> None:
    req = world.request()
    sealed = world.grant(world.agent.parse_request(req))
    # swap the released value and re-encrypt to the organisation (anyone can encrypt to its public key)
    claims = decode_part(sealed.token, 1)
    claims["fields"][0]["value"] = "mallory@example.org"
    h, _, s = sealed.token.split(".")
    tampered = h + "." + b64e(json.dumps(claims).encode()) + "." + s
    jwe = seal(tampered, world.org.keys.encryption.public_key())
    assert reason_of(world.org.open_grant, jwe, world.org.parse_request(req)) == "bad-signature"


def test_grant_for_another_request_or_scope(world: World) -> None:
    req1, req2 = world.request(), world.request(fields=[RequestedField("email", Category.CONTACT)])
    sealed = world.grant(world.agent.parse_request(req1))
    assert reason_of(world.org.open_grant, sealed.jwe, world.org.parse_request(req2)) == "request-mismatch"
    # Mallory answers our request with a grant she signs herself, releasing a field we never asked for
    mallory = SubjectAgent(clock=world.clock)
    r1 = world.agent.parse_request(req1)
    from vault_app.protocol import StatusRef, sign

    body = Grant(r1.jti, r1.hash, (ReleasedField("iban", Category.FINANCIAL, "X", ReleaseMode.EXACT),), r1.body.scope, StatusRef(1, "urn:x:1"))
    token = sign(body, world.other_subject_key, clock=world.clock, audience=world.org.did, lifetime=3600)
    assert reason_of(world.org.verify_grant, token, world.org.parse_request(req1)) == "request-mismatch"
    del mallory


def test_answer_to_a_request_not_made_by_us(world: World) -> None:
    req = world.other_org.make_request([RequestedField("email", Category.CONTACT)], ["https://w3id.org/dpv#Marketing"], "Ads", 3600)
    parsed = world.agent.parse_request(req)
    sealed = world.grant(parsed, fields=[world.released()[0]], withheld=[])
    # the other organisation's grant, replayed to us encrypted with our key
    jwe = seal(sealed.token, world.org.keys.encryption.public_key())
    assert reason_of(world.org.open_grant, jwe, parsed) == "wrong-audience"


def test_wrong_recipient_jwe(world: World) -> None:
    req = world.request()
    sealed = world.grant(world.agent.parse_request(req))
    assert reason_of(world.other_org.open_grant, sealed.jwe, world.org.parse_request(req)) == "undecryptable"
    anon = encrypt_jwe(sealed.token.encode(), X25519PrivateKey.generate().public_key())
    assert reason_of(world.org.open_grant, anon, world.org.parse_request(req)) == "undecryptable"


def test_revoked(world: World) -> None:
    req = world.request()
    sealed = world.grant(world.agent.parse_request(req))
    assert reason_of(world.org.open_grant, sealed.jwe, world.org.parse_request(req), status_list=world.status_list((7,))) == "revoked"
    world.org.open_grant(sealed.jwe, world.org.parse_request(req), status_list=world.status_list((6, 8)))


def test_status_list_of_someone_else(world: World) -> None:
    req = world.request()
    grant = world.org.open_grant(world.grant(world.agent.parse_request(req)).jwe, world.org.parse_request(req))
    from vault_app.protocol import StatusList, build_status_list_token

    forged = build_status_list_token(StatusList(64), world.other_subject_key, grant.body.status.uri, clock=world.clock)
    assert reason_of(world.org.check_revocation, grant, forged) == "unknown-key"
    other_uri = world.agent.build_status_list(world.subject_key, "https://vault.example/status/other", StatusList(64))
    assert reason_of(world.org.check_revocation, grant, other_uri) == "invalid-claim"


def test_unknown_kind(world: World) -> None:
    token = world.request()
    odd = resign(token, world.org.keys.signing, header={**decode_part(token, 0), "typ": "pdv-invoice+jwt"})
    assert reason_of(detect_kind, odd) == "unknown-kind"
    assert reason_of(world.agent.parse, odd) == "unknown-kind"
    assert reason_of(world.agent.parse, world.refusal()) == "unknown-kind"  # not something an org sends
    assert reason_of(world.agent.parse, world.grant().jwe) == "unknown-kind"


def test_unsupported_version_and_missing_claims(world: World) -> None:
    token = world.request()
    v2 = resign(token, world.org.keys.signing, payload={**decode_part(token, 1), "pdv_ver": 2})
    assert reason_of(world.agent.parse_request, v2) == "unsupported-version"
    claims = decode_part(token, 1)
    del claims["exp"]
    assert reason_of(world.agent.parse_request, resign(token, world.org.keys.signing, payload=claims)) == "missing-claim"


def test_receipt_addressed_to_another_pseudonym(world: World) -> None:
    req = world.request()
    grant = world.org.open_grant(world.grant(world.agent.parse_request(req)).jwe, world.org.parse_request(req))
    receipt = world.receipt(grant)
    other_pseudonym = did_from_public_key(world.other_subject_key)
    assert reason_of(world.agent.parse_receipt, receipt, audience=other_pseudonym, organisation=world.org.did) == "wrong-audience"
    assert verify(receipt, UsageReceipt, clock=world.clock, audience=world.subject_did).body.grant_id == grant.jti


def test_every_reason_is_exercised() -> None:
    """Guard: the reasons above and in the other test files cover the whole vocabulary."""
    covered = {
        "too-large", "malformed", "bad-algorithm", "wrong-type", "bad-signature", "undecryptable", "expired",
        "not-yet-valid", "issued-in-future", "wrong-audience", "replayed", "missing-claim", "invalid-claim",
        "unsupported-version", "unknown-kind", "compressed", "revoked", "request-mismatch", "unknown-key",
        "unavailable",  # test_proto_statuslist.py
        "stale", "superseded", "erased",  # test_org_status.py
    }  # fmt: skip
    assert covered == {r.value for r in Reason}


def test_request_parsed_from_link_and_clipboard_text(world: World) -> None:
    from vault_app.protocol import make_link

    token = world.request()
    assert isinstance(world.agent.parse(make_link(token)).body, AuthorisationRequest)
    assert isinstance(world.agent.parse("\n  " + token + "  \r\n").body, AuthorisationRequest)
