"""End-to-end flows through the two APIs (Organisation, SubjectAgent): keys on disk, request binding, re-
authorisation, derived data, refusals, erasure, and the builders refusing answers beyond the request."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from proto_helpers import DPV, STATUS_URI, T0, World, seeded_ed25519

from vault_app.domain.errors import ProtocolError, ValidationError
from vault_app.domain.model import Category, Processing, ReleasedField, ReleaseMode, RequestedField, Scope
from vault_app.protocol import (
    Certifier,
    DerivedDataRequest,
    Grant,
    Kind,
    MemoryReplayCache,
    Organisation,
    OrgKeys,
    StatusRef,
    SubjectAgent,
    VerificationOutcome,
    VerificationResponse,
    VerificationResult,
    did_from_public_key,
    fingerprint,
    make_link,
)
from vault_app.protocol.codec import sign, sign_message, verify


def reason_of(fn: object, *args: object, **kw: object) -> str:
    with pytest.raises(ProtocolError) as err:
        fn(*args, **kw)  # type: ignore[operator]
    return err.value.reason


def test_keys_on_disk(tmp_path: Path, world: World) -> None:
    org = Organisation.create(tmp_path / "org", "Example Bank", url="https://bank.example", clock=world.clock)
    for name in ("signing.jwk", "encryption.jwk"):
        assert stat.S_IMODE(os.stat(tmp_path / "org" / name).st_mode) == 0o600
    profile = json.loads((tmp_path / "org" / "profile.json").read_text())
    assert (
        profile["did"] == org.did
        and profile["name"] == "Example Bank"
        and profile["fingerprint"] == fingerprint(org.did)
    )
    assert "d" not in profile["signing_key"] and "d" not in profile["encryption_key"]
    signing = json.loads((tmp_path / "org" / "signing.jwk").read_text())
    assert signing["kty"] == "OKP" and signing["crv"] == "Ed25519" and "d" in signing
    again = Organisation.load(tmp_path / "org", clock=world.clock)
    assert again.did == org.did and again.name == "Example Bank" and again.url == "https://bank.example"
    with pytest.raises(FileExistsError):
        Organisation.create(tmp_path / "org", "Other", clock=world.clock)
    (tmp_path / "org" / "profile.json").write_text(json.dumps({**profile, "did": world.org.did}))
    with pytest.raises(ValidationError):
        Organisation.load(tmp_path / "org")
    with pytest.raises(ValidationError):
        Organisation.create(tmp_path / "bad", "Bank\u202eevil", clock=world.clock)
    with pytest.raises(ValidationError):
        OrgKeys.load(tmp_path / "nowhere")


def test_full_grant_flow_through_files_and_links(world: World) -> None:
    req_token = world.request()
    incoming = world.agent.parse(make_link(req_token))
    assert incoming.kind is Kind.REQUEST
    sealed = world.grant(incoming)
    opened = world.org.open(sealed.jwe, [world.verification_request(), req_token])
    assert opened.kind is Kind.GRANT and isinstance(opened.message.body, Grant)
    assert opened.message.issuer == world.subject_did
    world.org.check_revocation(opened.message, world.status_list((1, 2)))
    assert reason_of(world.org.check_revocation, opened.message, world.status_list((7,))) == "revoked"


def test_open_needs_the_right_request(world: World) -> None:
    sealed = world.grant()
    assert reason_of(world.org.open, sealed.jwe, [world.request()]) == "request-mismatch"
    assert reason_of(world.org.open, sealed.jwe, []) == "request-mismatch"
    foreign = world.other_org.make_request(
        [RequestedField("email", Category.CONTACT)], [DPV + "Marketing"], "Ads", 3600
    )
    assert reason_of(world.org.open, sealed.jwe, [foreign]) == "request-mismatch"  # not one of ours: skipped
    req = world.org.parse_request(world.request())
    opened = world.org.open(
        world.grant(world.agent.parse_request(req.token)).jwe, [foreign, "garbage", req.token]
    )
    assert opened.request.jti == req.jti


def test_verification_flow(world: World) -> None:
    vreq = world.verification_request()
    sealed = world.verification_response(world.agent.parse_verification_request(vreq))
    opened = world.org.open(sealed.jwe, [world.request(), vreq])
    assert opened.kind is Kind.VERIFICATION_RESPONSE and isinstance(opened.message.body, VerificationResponse)
    assert reason_of(world.org.open, sealed.jwe, [vreq]) == "replayed"


def test_reauthorisation_is_addressed_and_bound(world: World) -> None:
    first = world.request()
    grant = world.org.open_grant(
        world.grant(world.agent.parse_request(first)).jwe, world.org.parse_request(first)
    )
    # the organisation asks the same pseudonym for more, replacing the first grant
    more = world.request(
        fields=[RequestedField("email", Category.CONTACT), RequestedField("phone", Category.CONTACT)],
        refines=grant.jti,
        audience=grant.issuer,
    )
    known = {world.org.did: world.subject_did}
    parsed = world.agent.parse(more, pairwise_did_for=known.get)
    assert parsed.body.refines == grant.jti
    fields = [ReleasedField("phone", Category.CONTACT, "+44 20 7946 0000", ReleaseMode.EXACT)]
    sealed = world.agent.make_grant(
        world.subject_key, parsed, fields, parsed.body.scope, StatusRef(8, STATUS_URI)
    )
    second = world.org.open_grant(sealed.jwe, world.org.parse_request(more))
    assert second.body.refines == grant.jti
    # answering the addressed request with another key is refused by the builder ...
    with pytest.raises(ValidationError):
        world.agent.make_grant(
            world.other_subject_key, parsed, fields, parsed.body.scope, StatusRef(9, STATUS_URI)
        )
    # ... and by the organisation, for a grant forged by someone else
    from vault_app.protocol import sign

    body = Grant(
        parsed.jti, parsed.hash, tuple(fields), parsed.body.scope, StatusRef(9, STATUS_URI), (), grant.jti
    )
    forged = sign(body, world.other_subject_key, clock=world.clock, audience=world.org.did, lifetime=3600)
    assert reason_of(world.org.verify_grant, forged, world.org.parse_request(more)) == "unknown-key"
    # an addressed request to someone we have no relationship with
    assert reason_of(world.agent.parse, more) == "wrong-audience"


def test_builder_refuses_answers_beyond_the_request(world: World) -> None:
    req = world.parsed_request()
    wider = [
        Scope(req.body.scope.purposes + (DPV + "Marketing",), "x", 3600),
        Scope(req.body.scope.purposes, "x", 10 * 365 * 86400),
        Scope(req.body.scope.purposes, "x", 3600, (did_from_public_key(seeded_ed25519(9)),)),
        Scope(req.body.scope.purposes, "x", 3600, (), (Processing.PROFILE,)),
    ]
    for scope in wider:
        with pytest.raises(ValidationError) as err:
            world.agent.make_grant(world.subject_key, req, world.released(), scope, StatusRef(1, STATUS_URI))
        assert err.value.reason == "request-mismatch"
    unasked = [ReleasedField("iban", Category.FINANCIAL, "GB00", ReleaseMode.EXACT)]
    with pytest.raises(ValidationError):
        world.agent.make_grant(world.subject_key, req, unasked, req.body.scope, StatusRef(1, STATUS_URI))
    wrong_category = [ReleasedField("email", Category.IDENTITY, "a@b.org", ReleaseMode.EXACT)]
    with pytest.raises(ValidationError):
        world.agent.make_grant(
            world.subject_key, req, wrong_category, req.body.scope, StatusRef(1, STATUS_URI)
        )
    # narrower is fine, and the grant ends with the narrower retention
    narrow = Scope(req.body.scope.purposes[:1], "Only the account.", 3600)
    sealed = world.agent.make_grant(
        world.subject_key, req, world.released()[:1], narrow, StatusRef(1, STATUS_URI)
    )
    assert sealed.expires_at == T0 + 3600


def test_grant_after_request_expiry_is_refused(world: World) -> None:
    req_token = world.request(lifetime=600)
    parsed = world.agent.parse_request(req_token)
    world.clock.advance(2000)  # the subject answers late, with an out-of-date clock check bypassed
    late = world.agent.make_grant(
        world.subject_key,
        parsed,
        world.released(),
        parsed.body.scope,
        StatusRef(1, STATUS_URI),
        withheld=["postcode"],
    )
    assert reason_of(world.org.open_grant, late.jwe, world.org.parse_request(req_token)) == "request-mismatch"
    # but a grant answered in time can be opened long after the request expired
    world.clock.t = T0
    ok = world.grant(parsed)
    world.clock.advance(30 * 86400)
    assert world.org.open_grant(ok.jwe, world.org.parse_request(req_token)).jti == ok.jti


def test_grant_expiry_reported_as_expired(world: World) -> None:
    req_token = world.request()
    parsed = world.agent.parse_request(req_token)
    sealed = world.agent.make_grant(
        world.subject_key,
        parsed,
        world.released(),
        parsed.body.scope,
        StatusRef(1, STATUS_URI),
        expires_at=T0 + 3600,
    )
    world.clock.advance(3600 + 121)
    assert reason_of(world.org.open_grant, sealed.jwe, world.org.parse_request(req_token)) == "expired"


def test_derived_data_flow(world: World) -> None:
    req_token = world.request()
    grant = world.org.open_grant(
        world.grant(world.agent.parse_request(req_token)).jwe, world.org.parse_request(req_token)
    )
    dreq_token = world.derived_request(grant.jti)
    known = {world.org.did: world.subject_did}
    dreq = world.agent.parse(dreq_token, pairwise_did_for=known.get)
    assert isinstance(dreq.body, DerivedDataRequest) and dreq.body.sources[0].grant_id == grant.jti
    released = [ReleasedField("credit_band", Category.FINANCIAL, "B", ReleaseMode.EXACT)]
    sealed = world.agent.make_grant(
        world.subject_key, dreq, released, dreq.body.scope, StatusRef(9, STATUS_URI)
    )
    opened = world.org.open(sealed.jwe, [dreq_token])
    assert opened.message.body.fields == tuple(released)
    # a derived request from an organisation we have no grant with
    assert reason_of(world.agent.parse, dreq_token) == "unknown-key"
    other = SubjectAgent(clock=world.clock)
    assert (
        reason_of(
            other.parse, dreq_token, pairwise_did_for=lambda org: did_from_public_key(world.other_subject_key)
        )
        == "wrong-audience"
    )


def test_refusal_and_erasure_flow(world: World) -> None:
    req_token = world.request()
    parsed = world.agent.parse_request(req_token)
    refusal = world.org.parse_refusal(world.refusal(parsed), world.org.parse_request(req_token))
    assert refusal.body.request_hash == parsed.hash
    other_req = world.org.parse_request(world.request())
    assert reason_of(world.org.parse_refusal, world.refusal(parsed), other_req) == "request-mismatch"
    erasure_token = world.erasure_request()
    erasure = world.org.parse_erasure_request(erasure_token, subject=world.subject_did)
    confirmation = world.deletion_confirmation(erasure)
    known = {world.org.did: world.subject_did}
    parsed_conf = world.agent.parse(confirmation, pairwise_did_for=known.get)
    assert parsed_conf.body.erasure_id == erasure.jti
    other_erasure = world.org.parse_erasure_request(world.erasure_request("GRANTGRANTGRANT02"))
    assert (
        reason_of(
            world.agent.parse_deletion_confirmation,
            confirmation,
            audience=world.subject_did,
            organisation=world.org.did,
            erasure=other_erasure,
        )
        == "request-mismatch"
    )


def test_trust_list_through_parse(world: World) -> None:
    token = world.trust_list()
    assert world.agent.parse(token, certifiers={world.certifier.did}).body.seq == 4
    assert reason_of(world.agent.parse, token) == "unknown-key"
    cert = Certifier(seeded_ed25519(5), "Example Certification Body", clock=world.clock)
    assert cert.did == world.certifier.did
    mapped = cert.sign_trust_list(
        [{"did": world.org.did, "name": "Example Bank", "status": "non-compliant"}], seq=5
    )
    assert (
        world.agent.parse_trust_list(mapped, certifiers=[cert.did]).body.entries[0].status.value
        == "non-compliant"
    )


def test_replay_cache_shared_by_the_subject(world: World) -> None:
    agent = SubjectAgent(clock=world.clock, replay=MemoryReplayCache(world.clock))
    token = world.request()
    agent.parse(token)
    assert reason_of(agent.parse, token) == "replayed"
    assert reason_of(agent.parse, make_link(token)) == "replayed"


class _FaultySigner(Ed25519PrivateKey):
    """A subject key whose signatures come out wrong (one bit flipped), as a fault in the machine would make
    them: everything else is the real key."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key

    def public_key(self) -> Ed25519PublicKey:
        return self._key.public_key()

    def sign(self, data: bytes) -> bytes:
        sig = bytearray(self._key.sign(data))
        sig[5] ^= 0x10
        return bytes(sig)

    def private_bytes(self, *a: Any, **kw: Any) -> bytes:
        return self._key.private_bytes(*a, **kw)

    def private_bytes_raw(self) -> bytes:
        return self._key.private_bytes_raw()

    def __copy__(self) -> Ed25519PrivateKey:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Ed25519PrivateKey:
        return self


def test_an_answer_is_read_back_as_its_reader_reads_it_without_parsing_it_twice(world: World) -> None:
    req = world.parsed_request()
    body = Grant(
        req.jti, req.hash, tuple(world.released()), req.body.scope, StatusRef(3, STATUS_URI), (), None
    )
    signed = sign_message(body, world.subject_key, clock=world.clock, audience=world.org.did, lifetime=3600)
    read = verify(signed.token, Grant, clock=world.clock, audience=world.org.did)
    assert (signed.envelope, signed.body, signed.token) == (read.envelope, read.body, read.token)
    assert signed.token == sign(
        body, world.subject_key, clock=world.clock, audience=world.org.did, lifetime=3600, jti=signed.jti
    )


def test_a_faulty_signature_never_leaves(world: World) -> None:
    """Deterministic Ed25519 gives its private key away from one signature computed wrongly over a message
    also signed correctly (fault attacks): the vault verifies every answer it signs before it leaves."""
    req = world.parsed_request()
    faulty = _FaultySigner(world.subject_key)
    with pytest.raises(ValidationError) as err:
        world.agent.make_grant(faulty, req, world.released(), req.body.scope, StatusRef(1, STATUS_URI))
    assert err.value.reason == "bad-signature"
    vreq = world.agent.parse_verification_request(world.verification_request())
    with pytest.raises(ValidationError) as err:
        world.agent.make_verification_response(
            faulty,
            vreq,
            [VerificationResult("email", VerificationOutcome.MATCH)],
        )
    assert err.value.reason == "bad-signature"
