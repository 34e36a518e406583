"""The gateway over real HTTP (aiohttp on a loopback port): inbox, acknowledgements, requests by reference,
status lists, the mailbox and its challenge, and the refusals the issue lists (each with a problem document
and
no row left behind)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from gwhelpers import PUBLIC, ServerThread, now_clock, problem_type
from proto_helpers import World, decode_part, make_world, resign

from vault_app.domain.clock import FixedClock
from vault_app.domain.errors import ProtocolError
from vault_app.gateway.registry import GrantState
from vault_app.gateway.server import Limits
from vault_app.protocol import StatusList, StatusRef, did_from_public_key, online, seal
from vault_app.protocol.codec import peek
from vault_app.protocol.jose import MAX_MESSAGE_BYTES

LIST_URI = f"{PUBLIC}/status/list-1"


@pytest.fixture
def world() -> World:
    return make_world(now_clock())


@pytest.fixture
def server(world: World, tmp_path: Path) -> Iterator[ServerThread]:
    srv = ServerThread(world.org, str(tmp_path / "registry.db"))
    yield srv
    srv.stop()


def _published(world: World, server: ServerThread, **kw: object) -> str:
    token = world.request(**kw)
    ans = server.post(online.PATH_REQUESTS, token)
    assert ans.status == 201, ans.body
    return token


def _grant(world: World, server: ServerThread, idx: int = 7) -> tuple[str, str]:
    """A grant answering a published request, delivered; returns (grant id, sealed token)."""
    req = world.agent.parse_request(_published(world, server))
    sealed = world.grant(req, status=StatusRef(idx, LIST_URI))
    ans = server.post(online.PATH_INBOX, sealed.jwe)
    assert ans.status == 201, ans.body
    return sealed.jti, sealed.jwe


def test_health(server: ServerThread, world: World) -> None:
    ans = server.get(online.PATH_HEALTH)
    assert ans.status == 200
    doc = json.loads(ans.body)
    assert doc == {"status": "ok", "organisation": world.org.did, "database": "sqlite"}


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_a_grant_is_verified_stored_once_and_acknowledged(
    db: str, world: World, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        str(tmp_path / "r.db")
        if db == "sqlite"
        else request.getfixturevalue("pg_server").create_database(f"http{id(world)}")
    )
    server = ServerThread(world.org, url)
    try:
        req_token = _published(world, server)
        sealed = world.grant(world.agent.parse_request(req_token), status=StatusRef(7, LIST_URI))
        ans = server.post(online.PATH_INBOX, sealed.jwe)
        assert ans.status == 201 and ans.content_type == online.MEDIA_ACK
        ack = online.verify_ack(
            ans.body.decode(), organisation=world.org.did, message=sealed.jwe, clock=world.clock
        )
        assert ack.message_id == sealed.jti and ack.kind == "grant" and ack.sender == world.subject_did
        assert ack.received_at == int(world.clock.now())
        g = server.registry.grant(sealed.jti)
        assert g is not None and g.subject == world.subject_did and g.fields == ("email", "birth_date")
        # the same bytes again (a retry after a lost answer): refused, no second row, the first ack attached
        again = server.post(online.PATH_INBOX, sealed.jwe)
        assert again.status == 409 and problem_type(again) == "already-received"
        assert again.problem()["ack"] == ans.body.decode()  # type: ignore[index]
        # the same grant sealed again (other bytes, same id): a replay
        resealed = seal(sealed.token, world.org.keys.encryption.public_key())
        replay = server.post(online.PATH_INBOX, resealed)
        assert replay.status == 409 and problem_type(replay) == "replayed"
        assert server.registry.inbox_count() == 1 and len(server.registry.grants()) == 1
    finally:
        server.stop()


def test_request_by_reference(server: ServerThread, world: World) -> None:
    token = world.request()
    ans = server.post(online.PATH_REQUESTS, token)
    assert ans.status == 201
    doc = json.loads(ans.body)
    rid = peek(token)[1]["jti"]
    assert doc == {"id": rid, "url": f"{PUBLIC}/requests/{rid}"}
    got = server.get(f"{online.PATH_REQUESTS}/{rid}")
    assert got.status == 200 and got.body.decode() == token and got.content_type == online.MEDIA_JOSE
    # another organisation cannot publish on our gateway
    other = world.other_org.make_request(**{k: v for k, v in _request_args(world).items()})
    refused = server.post(online.PATH_REQUESTS, other)
    assert refused.status == 422 and problem_type(refused) == "unknown-key"
    missing = server.get(f"{online.PATH_REQUESTS}/AAAAAAAAAAAAAAAAAAAAAA")
    assert missing.status == 404 and problem_type(missing) == "not-found"


def _request_args(world: World) -> dict[str, object]:
    from vault_app.domain.model import Category, RequestedField

    return {
        "fields": [RequestedField("email", Category.CONTACT)],
        "purposes": ["https://w3id.org/dpv#ServiceProvision"],
        "purpose_text": "Deliver your order.",
        "retention_seconds": 86400,
    }


def test_every_inbox_kind(server: ServerThread, world: World) -> None:
    gid, _ = _grant(world, server)
    # verification response
    vreq_token = world.verification_request()
    assert server.post(online.PATH_REQUESTS, vreq_token).status == 201
    resp = world.agent.make_verification_response(
        world.subject_key,
        world.agent.parse_verification_request(vreq_token),
        [_vr("email")],
    )
    assert server.post(online.PATH_INBOX, resp.jwe).status == 201
    # refusal of a published request
    req2 = world.agent.parse_request(_published(world, server))
    assert server.post(online.PATH_INBOX, world.refusal(req2)).status == 201
    # revocation notice and erasure request for the grant held
    assert server.post(online.PATH_INBOX, world.revocation(gid)).status == 201
    assert server.post(online.PATH_INBOX, world.erasure_request(gid)).status == 201
    kinds = sorted(n.kind for n in server.registry.notices())
    assert kinds == ["refusal", "revocation"]
    assert [e.grants for e in server.registry.erasures()] == [(gid,)]
    state = {s.grant.id: s.state for s in server.registry.grant_statuses()}
    assert state[gid] is GrantState.ERASED
    # a notice about a grant we do not hold is refused and leaves nothing
    before = server.registry.inbox_count()
    unknown = server.post(online.PATH_INBOX, world.revocation("ZZZZZZZZZZZZZZZZZZZZZZ"))
    assert unknown.status == 422 and problem_type(unknown) == "request-mismatch"
    assert server.registry.inbox_count() == before


def _vr(name: str) -> object:
    from vault_app.protocol import VerificationOutcome, VerificationResult

    return VerificationResult(name, VerificationOutcome.MATCH)


def test_status_lists_are_served_never_fresher_than_they_are(server: ServerThread, world: World) -> None:
    gid, _ = _grant(world, server, idx=3)
    sl = StatusList(64)
    t1 = world.agent.build_status_list(world.subject_key, LIST_URI, sl, ttl=600)
    assert server.post(online.PATH_INBOX, t1).status == 201
    got = server.get("/status/list-1")
    assert got.status == 200 and got.content_type == online.MEDIA_STATUS_LIST and got.body.decode() == t1
    world.clock.advance(100)
    # (headers are read through a raw request: the client helper keeps only status, type and body)
    assert _cache_control(server, "/status/list-1") == "public, max-age=500"
    # a newer list with an expiry closer than its ttl: max-age follows the expiry
    sl.revoke(3)
    t2 = world.agent.build_status_list(world.subject_key, LIST_URI, sl, lifetime=120, ttl=3600)
    assert server.post(online.PATH_INBOX, t2).status == 201
    assert _cache_control(server, "/status/list-1") == "public, max-age=120"
    assert {s.grant.id: s.state for s in server.registry.grant_statuses()}[gid] is GrantState.REVOKED
    # an older list is refused
    stale = server.post(online.PATH_INBOX, t1)
    assert stale.status == 409
    # a list signed by someone else than the grant's subject is refused
    forged = world.agent.build_status_list(world.other_subject_key, LIST_URI, StatusList(64), ttl=600)
    bad = server.post(online.PATH_INBOX, forged)
    assert bad.status == 422 and problem_type(bad) == "unknown-key"
    # once expired, it is no longer served
    world.clock.advance(121)
    assert server.get("/status/list-1").status == 404


def _cache_control(server: ServerThread, path: str) -> str:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return str(resp.getheader("Cache-Control"))
    finally:
        conn.close()


def test_nothing_for_another_organisation_is_stored(server: ServerThread, world: World) -> None:
    _published(world, server)
    before = server.registry.inbox_count()
    # a grant sealed for another organisation
    other_req = world.agent.parse_request(world.other_org.make_request(**_request_args(world)))
    other_grant = world.agent.make_grant(
        world.subject_key, other_req, [world.released()[0]], other_req.body.scope, StatusRef(1, LIST_URI)
    )
    a = server.post(online.PATH_INBOX, other_grant.jwe)
    assert a.status == 422 and problem_type(a) == "undecryptable"
    # signed messages addressed to another organisation
    notice = world.agent.make_revocation_notice(world.subject_key, world.other_org.did, "GRANTGRANTGRANT01")
    b = server.post(online.PATH_INBOX, notice)
    assert b.status in (403, 422)
    erasure = world.agent.make_erasure_request(world.subject_key, world.other_org.did, ["GRANTGRANTGRANT01"])
    assert server.post(online.PATH_INBOX, erasure).status in (403, 422)
    # a refusal of another organisation's request
    c = server.post(online.PATH_INBOX, world.refusal(other_req))
    assert c.status == 422
    assert server.registry.inbox_count() == before and server.registry.grants() == []
    # nor served: another organisation cannot put mail for a subject on our gateway, nor publish a request
    other_receipt = world.other_org.make_receipt(
        _signed_grant_for(world, other_grant.token), [_use_entry(world)]
    )
    d = server.post(online.PATH_MAILBOX, other_receipt)
    assert d.status == 422 and problem_type(d) == "unknown-key"
    assert (
        server.post(online.PATH_REQUESTS, world.other_org.make_request(**_request_args(world))).status == 422
    )
    assert server.registry.mail_counts() == {} and server.registry.request_count() == 1


def test_hostile_posts_are_refused_with_a_problem_and_no_row(server: ServerThread, world: World) -> None:
    req = world.agent.parse_request(_published(world, server))
    good = world.grant(req, status=StatusRef(1, LIST_URI))
    before = server.registry.inbox_count()
    cases = {
        "oversized": ("A" * (MAX_MESSAGE_BYTES + 10), online.MEDIA_JOSE, 413),
        "malformed": ("not.a.token", online.MEDIA_JOSE, 400),
        "garbage": ("%%%%", online.MEDIA_JOSE, 400),
        "not ascii": ("grant-\u00e9", online.MEDIA_JOSE, 400),
        "wrong media type": (good.jwe, "application/json", 415),
        "a request is not an inbox kind": (world.request(), online.MEDIA_JOSE, 400),
    }
    for name, (body, ctype, status) in cases.items():
        data = body.encode("utf-8")
        ans = _raw_post(server, online.PATH_INBOX, data, ctype)
        assert ans[0] == status, name
        assert ans[1] == online.MEDIA_PROBLEM, name
        doc = json.loads(ans[2])
        assert doc["status"] == status and doc["type"].startswith(online.PROBLEM_BASE), name
    # forged: a refusal re-signed by another key than the one it names; a changed JWE
    forged = resign(world.refusal(req), Ed25519PrivateKey.generate())
    f = server.post(online.PATH_INBOX, forged)
    assert f.status == 422 and problem_type(f) == "bad-signature"
    parts = good.jwe.split(".")
    parts[3] = parts[3][:-2] + ("AA" if parts[3][-2:] != "AA" else "BA")
    t = server.post(online.PATH_INBOX, ".".join(parts))
    assert t.status in (400, 422)
    # expired: a refusal whose time has passed by the time it arrives
    late = world.refusal(req)
    world.clock.advance(365 * 86400 * 2)
    e = server.post(online.PATH_INBOX, late)
    assert e.status == 422 and problem_type(e) == "expired"
    world.clock.advance(-365 * 86400 * 2)
    # query strings, unknown paths and methods: problems too
    q = _raw_post(server, online.PATH_INBOX + "?x=1", good.jwe.encode(), online.MEDIA_JOSE)
    assert q[0] == 400 and q[1] == online.MEDIA_PROBLEM
    assert server.get("/nothing-here").status == 404
    m = server.get(online.PATH_INBOX)
    assert m.status == 405 and problem_type(m) == "method-not-allowed"
    assert server.registry.inbox_count() == before
    # and the genuine message still goes through
    assert server.post(online.PATH_INBOX, good.jwe).status == 201


def _raw_post(server: ServerThread, path: str, data: bytes, ctype: str) -> tuple[int, str, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("POST", path, body=data, headers={"Content-Type": ctype})
        resp = conn.getresponse()
        return resp.status, (resp.getheader("Content-Type") or "").split(";")[0], resp.read()
    finally:
        conn.close()


def test_mailbox_only_for_the_pairwise_key_and_challenges_are_single_use(
    server: ServerThread, world: World
) -> None:
    req = world.agent.parse_request(_published(world, server))
    sealed = world.grant(req, status=StatusRef(2, LIST_URI))
    assert server.post(online.PATH_INBOX, sealed.jwe).status == 201
    receipt = world.org.make_receipt(_signed_grant(world, sealed.token), [_use_entry(world)])
    put = server.post(online.PATH_MAILBOX, receipt)
    assert put.status == 201, put.body
    # a receipt signed by someone else than the organisation cannot be put in the mailbox
    assert server.post(online.PATH_MAILBOX, resign(receipt, Ed25519PrivateKey.generate())).status == 422
    did = world.subject_did
    path = f"{online.PATH_MAILBOX}/{did}"

    def challenge(for_did: str = did) -> str:
        ans = server.get(f"{online.PATH_MAILBOX}/{for_did}/challenge")
        assert ans.status == 200 and ans.content_type == online.MEDIA_CHALLENGE
        return ans.body.decode()

    # without the key: a proof signed by another key
    intruder = Ed25519PrivateKey.generate()
    ch = challenge()
    with pytest.raises(ProtocolError):  # the proof builder itself refuses a challenge made for another DID
        online.make_proof(intruder, ch, organisation=world.org.did, clock=world.clock)
    forged = resign(
        online.make_proof(world.subject_key, ch, organisation=world.org.did, clock=world.clock), intruder
    )
    no = server.post(path, forged)
    assert no.status == 422 and problem_type(no) == "bad-signature"
    # the intruder's own challenge and proof, posted to the subject's mailbox
    ich = challenge(did_from_public_key(intruder))
    own = online.make_proof(intruder, ich, organisation=world.org.did, clock=world.clock)
    no2 = server.post(path, own)
    assert no2.status == 422 and problem_type(no2) == "unknown-key"
    # the subject: gets the receipt
    proof = online.make_proof(world.subject_key, ch, organisation=world.org.did, clock=world.clock)
    ok = server.post(path, proof)
    assert ok.status == 200
    items = json.loads(ok.body)["items"]
    assert [i["token"] for i in items] == [receipt] and items[0]["kind"] == "receipt"
    # a captured proof (and its challenge) cannot be replayed
    again = server.post(path, proof)
    assert again.status == 409 and problem_type(again) == "replayed"
    # an expired challenge is refused
    old = challenge()
    world.clock.advance(online.CHALLENGE_LIFETIME + 10)
    late_proof = _proof_at(world, old)
    late = server.post(path, late_proof)
    assert late.status == 422 and problem_type(late) == "expired"
    # acknowledging the item empties the mailbox
    p2 = online.make_proof(
        world.subject_key, challenge(), organisation=world.org.did, acked=[items[0]["id"]], clock=world.clock
    )
    assert json.loads(server.post(path, p2).body)["items"] == []
    # a challenge bound to another gateway is refused
    other_gw = online.make_challenge(
        world.org.keys.signing, subject=did, gateway="https://elsewhere.example", clock=world.clock
    )
    p3 = online.make_proof(world.subject_key, other_gw, organisation=world.org.did, clock=world.clock)
    wrong = server.post(path, p3)
    assert wrong.status == 403 and problem_type(wrong) == "wrong-audience"


def test_mailbox_tolerates_a_vault_clock_off_by_a_minute_or_two(server: ServerThread, world: World) -> None:
    ch = server.get(f"{online.PATH_MAILBOX}/{world.subject_did}/challenge").body.decode()
    for off in (90, -90):
        vault_clock = FixedClock(world.clock.now() + off)
        proof = online.make_proof(world.subject_key, ch, organisation=world.org.did, clock=vault_clock)
        ans = server.post(f"{online.PATH_MAILBOX}/{world.subject_did}", proof)
        assert ans.status == 200, ans.body
        ch = server.get(f"{online.PATH_MAILBOX}/{world.subject_did}/challenge").body.decode()


def _proof_at(world: World, challenge: str) -> str:
    """A proof signed at the challenge's own time (so only the challenge's expiry can refuse it)."""
    t = decode_part(challenge, 1)["iat"]
    return online.make_proof(world.subject_key, challenge, organisation=world.org.did, clock=FixedClock(t))


def _signed_grant(world: World, token: str) -> object:
    from vault_app.protocol import Grant
    from vault_app.protocol.codec import verify

    return verify(token, Grant, clock=world.clock, audience=world.org.did)


def _signed_grant_for(world: World, token: str) -> object:
    from vault_app.protocol import Grant
    from vault_app.protocol.codec import verify

    return verify(token, Grant, clock=world.clock, audience=world.other_org.did)


def _use_entry(world: World) -> object:
    from vault_app.protocol import UsageAction, UsageEntry

    return UsageEntry(UsageAction.USE, ("email",), int(world.clock.now()), "Monthly statement")


def test_rate_limit_per_client(world: World, tmp_path: Path) -> None:
    server = ServerThread(world.org, str(tmp_path / "r.db"), limits=Limits(rate=1, burst=3))
    try:
        codes = [server.get(online.PATH_HEALTH).status for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    finally:
        server.stop()
