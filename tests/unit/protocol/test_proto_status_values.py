"""What docs/protocol.md section 6 says about statuses and URIs, and the salted-hash whitespace, exactly."""

from __future__ import annotations

import base64
import zlib

import pytest
from proto_helpers import STATUS_URI, T0, World

from vault_app.domain.errors import ProtocolError
from vault_app.protocol import GrantStatus, StatusList, parse_status_list_token
from vault_app.protocol.messages import normalise_for_hash
from vault_app.protocol.schema import gateway_url
from vault_app.protocol.statuslist import ERASED, REVOKED, SUPERSEDED, VALID, status_list_uri


def test_the_documented_two_bit_example() -> None:
    sl = StatusList(8, 2)
    sl.set(1, REVOKED)
    sl.set(2, SUPERSEDED)
    sl.set(3, ERASED)
    assert sl.to_json() == {"bits": 2, "lst": "eNp7wgAAAcoA5Q"} and sl.to_bytes() == bytes([0xE4, 0x00])
    data = zlib.decompress(base64.urlsafe_b64decode("eNp7wgAAAcoA5Q=="))
    assert [(data[i * 2 // 8] >> (i * 2 % 8)) & 3 for i in range(8)] == [0, 1, 2, 3, 0, 0, 0, 0]
    assert [GrantStatus.of(sl.get(i), 2) for i in range(4)] == list(GrantStatus)[:4]
    assert GrantStatus.of(7, 4) is GrantStatus.UNKNOWN and GrantStatus.of(VALID, 1) is GrantStatus.VALID


def test_an_old_one_bit_list_is_widened_with_the_same_indexes() -> None:
    old = StatusList(16)
    old.revoke(5)
    wide = old.widened()
    assert wide.bits == 2 and len(wide) == 16
    assert [wide.get(i) for i in range(16)] == [old.get(i) for i in range(16)]
    wide.set(6, ERASED)
    assert wide.get(5) == REVOKED and wide.get(6) == ERASED
    with pytest.raises(ValueError):
        wide.widened(1)


def test_one_bit_lists_are_still_read(world: World) -> None:
    old = StatusList(64)
    old.revoke(7)
    token = world.agent.build_status_list(world.subject_key, STATUS_URI, old)
    sl = parse_status_list_token(token, expected_issuer=world.subject_did, clock=world.clock)
    assert sl.status_of(7) is GrantStatus.REVOKED and sl.status_of(8) is GrantStatus.VALID


def test_lists_without_exp_count_for_a_week_only(world: World) -> None:
    token = world.agent.build_status_list(world.subject_key, STATUS_URI, StatusList(64), lifetime=None)
    sl = parse_status_list_token(token, expected_issuer=world.subject_did, clock=world.clock)
    assert sl.expires_at is None and sl.usable_until() == T0 + 7 * 86400
    sl.check_fresh(issued_after=T0, now=T0 + 6 * 86400)
    with pytest.raises(ProtocolError) as e:
        sl.check_fresh(issued_after=T0, now=T0 + 8 * 86400)
    assert e.value.reason == "stale"


def test_status_list_uris() -> None:
    lid = "0123456789abcdef0123456789abcdef"
    assert status_list_uri(lid) == "urn:pdv:status:" + lid
    assert (
        status_list_uri(lid, gateway="https://gw.example:8443/pdv")
        == "https://gw.example:8443/pdv/status/" + lid
    )
    assert status_list_uri(lid, base="https://me.example/lists") == "https://me.example/lists/" + lid
    assert status_list_uri(lid, gateway="http://127.0.0.1:8080", base="https://me.example") == (
        "http://127.0.0.1:8080/status/" + lid
    )
    with pytest.raises(ProtocolError):
        status_list_uri("../../etc")


@pytest.mark.parametrize(
    "url",
    [
        "https://gw.example",
        "https://gw.example:443/a/b",
        "http://localhost",
        "http://127.0.0.1:8080/x",
        "https://localhost",
    ],
)
def test_gateway_urls_accepted(url: str) -> None:
    assert gateway_url(url, "gateway") == url


@pytest.mark.parametrize(
    "url",
    [
        "https://gw",
        "http://gw.example",
        "https://gw.example/",
        "https://u:p@gw.example",
        "https://gw.example:0",
        "https://gw.example/a b",
        "https://-gw.example",
        "https://gw.example/" + "a" * 200,
        "HTTPS://gw.example",
        "http://localhost.evil.example",
        "http://127.0.0.1.evil.example",
        42,
        None,
    ],
)
def test_gateway_urls_refused(url: object) -> None:
    with pytest.raises(ProtocolError) as e:
        gateway_url(url, "gateway")
    assert e.value.reason == "invalid-claim"


def test_salted_hash_whitespace_is_exactly_as_documented() -> None:
    assert normalise_for_hash("  Ada\u00a0 Lovelace\n") == "Ada Lovelace"
    documented = [
        *range(0x09, 0x0E),
        *range(0x1C, 0x20),
        0x20,
        0x85,
        0xA0,
        0x1680,
        *range(0x2000, 0x200B),
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
    ]
    for cp in documented:
        assert normalise_for_hash(f"a{chr(cp)}b") == "a b", hex(cp)
    assert [cp for cp in range(0x110000) if chr(cp).isspace()] == documented
    assert normalise_for_hash("a\u200bb") == "a\u200bb" and normalise_for_hash("a\ufeffb") == "a\ufeffb"
