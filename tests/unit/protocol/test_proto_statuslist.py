"""Token Status List: bit layout (draft example), building and parsing, bomb cap, and loading from file/URL."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from proto_helpers import STATUS_URI, T0, World, b64d, b64e, decode_part, resign

from vault_app.domain.errors import ProtocolError
from vault_app.protocol import StatusList, StatusRef, load_status_list, parse_status_list_token
from vault_app.protocol.jose import MAX_MESSAGE_BYTES

# draft-ietf-oauth-status-list, section 4.1 example: 16 one-bit statuses
DRAFT_STATUSES = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
DRAFT_BYTES = bytes([0xB9, 0xA3])
DRAFT_LST = "eNrbuRgAAhcBXQ"


def reason_of(fn: object, *args: object, **kw: object) -> str:
    with pytest.raises(ProtocolError) as err:
        fn(*args, **kw)  # type: ignore[operator]
    return err.value.reason


def test_draft_example_layout() -> None:
    sl = StatusList(16)
    for i, v in enumerate(DRAFT_STATUSES):
        sl.set(i, v)
    assert sl.to_bytes() == DRAFT_BYTES  # least significant bit first
    parsed = StatusList.from_json({"bits": 1, "lst": DRAFT_LST})
    assert parsed.to_bytes() == DRAFT_BYTES
    assert [parsed.get(i) for i in range(16)] == DRAFT_STATUSES
    assert zlib.decompress(b64d(sl.to_json()["lst"])) == DRAFT_BYTES


def test_two_bit_statuses() -> None:
    sl = StatusList(12, bits=2)
    values = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]
    for i, v in enumerate(values):
        sl.set(i, v)
    assert sl.to_bytes() == bytes([0xC9, 0x44, 0xF9])  # the draft's 2-bit example
    again = StatusList.from_json(sl.to_json())
    assert [again.get(i) for i in range(12)] == values
    assert again.is_revoked(1) and again.is_revoked(0) and not again.is_revoked(2)  # suspended counts as unusable


def test_set_clear_and_bounds() -> None:
    sl = StatusList(10)
    sl.revoke(9)
    assert sl.is_revoked(9) and not sl.is_revoked(8)
    sl.clear(9)
    assert not sl.is_revoked(9)
    with pytest.raises(IndexError):
        sl.get(16)
    with pytest.raises(ValueError):
        sl.set(1, 2)
    with pytest.raises(ValueError):
        StatusList(8, bits=3)


def test_token_roundtrip(world: World) -> None:
    token = world.status_list((7, 63))
    header = decode_part(token, 0)
    claims = decode_part(token, 1)
    assert header["typ"] == "statuslist+jwt" and header["alg"] == "EdDSA"
    assert claims["sub"] == STATUS_URI and claims["iss"] == world.subject_did and claims["iat"] == T0
    # exp and ttl by default (a week, a day): an organisation can tell a current list from an old one
    assert claims["status_list"]["bits"] == 1 and claims["exp"] == T0 + 7 * 86400 and claims["ttl"] == 86400
    parsed = parse_status_list_token(token, expected_issuer=world.subject_did, uri=STATUS_URI, clock=world.clock)
    assert parsed.is_revoked(StatusRef(7, STATUS_URI)) and parsed.is_revoked(63) and not parsed.is_revoked(8)
    assert reason_of(parsed.is_revoked, StatusRef(64, STATUS_URI)) == "invalid-claim"  # beyond the list: undecidable
    assert reason_of(parsed.is_revoked, StatusRef(7, "urn:other")) == "invalid-claim"


def test_token_rejections(world: World) -> None:
    token = world.status_list()
    other = world.org.did
    assert reason_of(parse_status_list_token, token, expected_issuer=other) == "unknown-key"
    assert reason_of(parse_status_list_token, token, expected_issuer=world.subject_did, uri="urn:x") == "invalid-claim"
    wrong_typ = resign(token, world.subject_key, header={**decode_part(token, 0), "typ": "JWT"})
    assert reason_of(parse_status_list_token, wrong_typ, expected_issuer=world.subject_did) == "wrong-type"
    expired = world.agent.build_status_list(world.subject_key, STATUS_URI, StatusList(8), lifetime=60)
    world.clock.advance(200)
    # an expired list cannot say anything about a grant: stale (exit 13 in pdvault-org), not "the grant expired"
    assert reason_of(parse_status_list_token, expired, expected_issuer=world.subject_did, clock=world.clock) == "stale"
    world.clock.t = T0
    claims = decode_part(token, 1)
    for change, why in (
        ({"status_list": {"bits": 3, "lst": DRAFT_LST}}, "invalid-claim"),
        ({"status_list": {"bits": 1, "lst": "not base64!"}}, "malformed"),
        ({"status_list": {"bits": 1, "lst": b64e(b"not zlib")}}, "malformed"),
        ({"status_list": {"bits": 1, "lst": b64e(zlib.compress(b"ab")[:-3])}}, "malformed"),
        ({"status_list": {"bits": 1, "lst": b64e(zlib.compress(b"ab") + b"junk")}}, "malformed"),
        ({"pdv_ver": 2}, "unsupported-version"),
        ({"sub": "http://insecure.example/list"}, "invalid-claim"),
        ({"extra": 1}, "invalid-claim"),
        ({"iat": T0 + 10_000}, "issued-in-future"),
    ):
        bad = resign(token, world.subject_key, payload={**claims, **change})
        assert reason_of(parse_status_list_token, bad, expected_issuer=world.subject_did, clock=world.clock) == why, change


def test_decompression_bomb_is_capped(world: World) -> None:
    bomb = b64e(zlib.compress(b"\0" * (64 * 1024 * 1024), 9))  # 64 MiB of zeros in about 64 KiB
    assert len(bomb) < MAX_MESSAGE_BYTES
    claims = {**decode_part(world.status_list(), 1), "status_list": {"bits": 1, "lst": bomb}}
    token = resign(world.status_list(), world.subject_key, payload=claims)
    assert reason_of(parse_status_list_token, token, expected_issuer=world.subject_did, clock=world.clock) == "too-large"
    assert reason_of(StatusList.from_json, {"bits": 1, "lst": b64e(zlib.compress(b"\0" * 2000))}, max_bytes=1000) == "too-large"


def test_load_from_file_and_file_url(world: World, tmp_path: Path) -> None:
    token = world.status_list((7,))
    path = tmp_path / "list.pdvstatus"
    path.write_text(token + "\n")
    assert load_status_list(path) == token
    assert load_status_list(str(path)) == token
    assert load_status_list(path.as_uri()) == token


def test_load_refusals(tmp_path: Path) -> None:
    assert reason_of(load_status_list, "http://vault.example/status") == "unavailable"  # plain http refused
    assert reason_of(load_status_list, "ftp://vault.example/status") == "unavailable"
    assert reason_of(load_status_list, tmp_path / "missing") == "unavailable"
    assert reason_of(load_status_list, "https://127.0.0.1:1/status", timeout=2) == "unavailable"
    big = tmp_path / "big"
    big.write_bytes(b"a" * (MAX_MESSAGE_BYTES + 1))
    assert reason_of(load_status_list, big) == "too-large"
    binary = tmp_path / "bin"
    binary.write_bytes(b"\xff\xfe")
    assert reason_of(load_status_list, binary) == "malformed"
