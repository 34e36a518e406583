"""The registry over SQLite and a real PostgreSQL server: migrations, one transaction per delivery, duplicates
refused, the grant states of ``pdvault-org registry``."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.clock import FixedClock
from vault_app.gateway.registry import (
    Duplicate,
    ErasureRow,
    GrantRow,
    GrantState,
    InboxRow,
    MailboxItem,
    NoticeRow,
    Registry,
    StaleList,
    StatusListRow,
)
from vault_app.gateway.registry.migrations import LATEST
from vault_app.protocol import StatusList
from vault_app.protocol.did import did_from_public_key, kid_for
from vault_app.protocol.jose import sign_jws

T0 = 1_800_000_000
DAY = 86400


def _inbox(i: str, kind: str = "grant", sender: str = "did:key:zS") -> InboxRow:
    return InboxRow(f"{sender} {i}", kind, sender, f"hash-{i}", f"token-{i}", T0, f"ack-{i}")


def _grant(
    gid: str,
    *,
    subject: str = "did:key:zS",
    exp: int = T0 + 365 * DAY,
    uri: str | None = "https://gw/status/a",
    idx: int = 0,
    refines: str | None = None,
    kind: str = "grant",
) -> GrantRow:
    return GrantRow(gid, kind, subject, "req-1", T0, exp, uri, idx, ("email",), refines, T0)


def _list_token(
    key: Ed25519PrivateKey, uri: str, sl: StatusList, iat: int, ttl: int | None = None, exp: int | None = None
) -> str:
    did = did_from_public_key(key)
    claims: dict[str, object] = {
        "pdv_ver": 1,
        "iss": did,
        "sub": uri,
        "iat": iat,
        "status_list": sl.to_json(),
    }
    if ttl is not None:
        claims["ttl"] = ttl
    if exp is not None:
        claims["exp"] = exp
    return sign_jws(claims, key, typ="statuslist+jwt", kid=kid_for(did))


def test_migrations_are_numbered_and_applied_once(registry: Registry, db_url: str) -> None:
    assert registry.schema_version() == LATEST
    again = Registry.open(db_url)
    assert again.migrate() == LATEST  # idempotent on an existing database
    again.close()


def test_a_delivery_is_stored_once_with_its_replay_key(registry: Registry) -> None:
    registry.accept(_inbox("g1"), _grant("g1"), seen=[("did:key:zS g1", T0 + DAY)])
    assert registry.ack_for("hash-g1") == "ack-g1"
    assert registry.is_seen("did:key:zS g1")
    with pytest.raises(Duplicate):
        registry.accept(_inbox("g1"), _grant("g1"), seen=[("did:key:zS g1", T0 + DAY)])
    # a different message reusing the id: refused by the replay key, and nothing of it is kept
    other = InboxRow("did:key:zS g1b", "grant", "did:key:zS", "hash-other", "t", T0, "a")
    with pytest.raises(Duplicate):
        registry.accept(other, _grant("g1b"), seen=[("did:key:zS g1", T0 + DAY)])
    assert registry.grant("g1b") is None and registry.ack_for("hash-other") is None
    assert registry.inbox_count() == 1 and len(registry.grants()) == 1


def test_status_lists_only_move_forward(registry: Registry) -> None:
    key = Ed25519PrivateKey.generate()
    did = did_from_public_key(key)
    uri = "https://gw/status/a"
    t1 = _list_token(key, uri, StatusList(16), T0)
    registry.accept(_inbox("l1", "status-list", did), StatusListRow(uri, did, t1, T0, None, 3600, T0))
    with pytest.raises(StaleList):
        registry.accept(_inbox("l0", "status-list", did), StatusListRow(uri, did, t1, T0 - 5, None, None, T0))
    assert registry.inbox_count() == 1  # the refused list left no inbox row either
    t2 = _list_token(key, uri, StatusList(16), T0 + 10)
    registry.accept(_inbox("l2", "status-list", did), StatusListRow(uri, did, t2, T0 + 10, None, 3600, T0))
    row = registry.status_list(uri)
    assert row is not None and row.issued_at == T0 + 10 and row.token == t2


def test_grant_states(registry: Registry, gw_clock: FixedClock) -> None:
    key = Ed25519PrivateKey.generate()
    did = did_from_public_key(key)
    uri, uri_b = "https://gw/status/a", "https://gw/status/b"
    grants = {
        "valid": _grant("valid", subject=did, idx=0),
        "expiring": _grant("expiring", subject=did, idx=1, exp=T0 + 2 * DAY),
        "revoked-list": _grant("revoked-list", subject=did, idx=2),
        "revoked-notice": _grant("revoked-notice", subject=did, idx=3),
        "old": _grant("old", subject=did, idx=4),
        "new": _grant("new", subject=did, idx=5, refines="old"),
        "erased": _grant("erased", subject=did, idx=6),
        "expired": _grant("expired", subject=did, idx=7, exp=T0 - 1),
        "no-list": _grant("no-list", subject=did, uri=uri_b, idx=0),
        "answer": _grant("answer", subject=did, uri=None, kind="verification-response"),
    }
    for gid, g in grants.items():
        registry.accept(_inbox(gid), g)
    sl = StatusList(16)
    sl.revoke(2)
    registry.accept(
        _inbox("list", "status-list", did),
        StatusListRow(uri, did, _list_token(key, uri, sl, T0, ttl=3600), T0, None, 3600, T0),
    )
    registry.accept(_inbox("n1", "revocation"), NoticeRow("n1", "revocation", did, "revoked-notice", T0))
    registry.accept(_inbox("e1", "erasure-request"), ErasureRow("e1", did, ("erased",), (), True, T0))
    states = {s.grant.id: s for s in registry.grant_statuses()}
    expect = {
        "valid": GrantState.VALID,
        "expiring": GrantState.EXPIRING,
        "revoked-list": GrantState.REVOKED,
        "revoked-notice": GrantState.REVOKED,
        "old": GrantState.SUPERSEDED,
        "new": GrantState.VALID,
        "erased": GrantState.ERASED,
        "expired": GrantState.EXPIRED,
        "no-list": GrantState.LIST_STALE,
        "answer": GrantState.VALID,
    }
    assert {k: v.state for k, v in states.items()} == expect
    assert (
        states["revoked-list"].revoked_by == "status-list" and states["revoked-notice"].revoked_by == "notice"
    )
    assert states["old"].superseded_by == "new"
    # once the list's ttl has run out, the organisation can no longer rely on it
    gw_clock.advance(3601)
    later = {s.grant.id: s.state for s in registry.grant_statuses()}
    assert later["valid"] is GrantState.LIST_STALE and later["revoked-list"] is GrantState.REVOKED


def test_mailbox_items_stay_until_acknowledged(registry: Registry) -> None:
    a = MailboxItem("m1", "did:key:zA", "receipt", "g1", "tok1", T0, T0 + DAY)
    b = MailboxItem("m2", "did:key:zB", "receipt", "g2", "tok2", T0, T0 + DAY)
    registry.put_mail(a)
    registry.put_mail(b)
    with pytest.raises(Duplicate):
        registry.put_mail(a)
    assert [m.id for m in registry.take_mail("did:key:zA")] == ["m1"]
    assert [m.id for m in registry.take_mail("did:key:zA")] == ["m1"]  # not acknowledged yet
    assert registry.take_mail("did:key:zA", acked=["m1", "m2"]) == []  # m2 is B's: not touched
    assert [m.id for m in registry.take_mail("did:key:zB")] == ["m2"]


def test_single_use_ids(registry: Registry) -> None:
    assert registry.use_once("challenge x", T0 + 60)
    assert not registry.use_once("challenge x", T0 + 60)
    assert registry.prune_seen(T0 + 61) == 1
