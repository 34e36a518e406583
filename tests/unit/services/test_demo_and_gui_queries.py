"""The demo vault builder and the read-only service queries the desktop app's History view uses."""

from __future__ import annotations

import pytest

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import FixedClock
from vault_app.domain.errors import UsageError
from vault_app.domain.model import Category
from vault_app.history.chain import HistoryFilter
from vault_app.history.kinds import EventKind
from vault_app.services import demo
from vault_app.services.vault import VaultService


def test_demo_vault_has_every_category_and_unlocks_with_the_demo_password(tmp_path) -> None:
    svc = demo.create_demo_vault(tmp_path / "v")
    assert svc.is_unlocked
    assert svc.field_count() == len(demo.SAMPLE_FIELDS)
    assert {f.category for f in svc.list_fields()} == set(Category)
    svc.lock()
    svc.unlock(demo.DEMO_PASSWORD)
    assert svc.get_field("email").value == "alex@example.org"
    svc.lock()


def test_demo_extenders_run_after_the_fields(tmp_path, monkeypatch) -> None:
    seen: list[int] = []
    monkeypatch.setattr(demo, "EXTENDERS", [lambda s: seen.append(s.field_count())])
    demo.create_demo_vault(tmp_path / "v").lock()
    assert seen == [len(demo.SAMPLE_FIELDS)]


def test_demo_history_spreads_over_weeks_and_its_chain_verifies(tmp_path) -> None:
    """Issue 16: the demo's history is a believable past (entries on many days over some weeks, the newest
    today), made through the real services on a clock, so the chain, checkpoints and head still verify and
    what waits in the inbox is still open."""
    clock = FixedClock(1_800_000_000.0)
    svc = demo.create_demo_vault(tmp_path / "v", clock=clock)
    day = 86_400_000
    days = sorted({b for b, _org, _n in svc.history_activity(bucket_ms=day)})
    assert len(days) >= 8, days
    assert days[-1] - days[0] >= 4 * 7 * day  # several weeks
    assert days[-1] >= (1_800_000_000_000 // day - 1) * day  # up to yesterday or today
    entries = svc.history_page(HistoryFilter(), limit=1000)
    assert max(e.ts_ms for e in entries) <= clock.now() * 1000
    assert sorted(entries, key=lambda e: e.seq) == sorted(entries, key=lambda e: (e.ts_ms, e.seq))
    # a release weeks ago, requests waiting now (still open), organisations with their standing
    grants = svc.consent.grants.list(None)
    assert grants and all(g.issued <= clock.now() - 7 * 86_400 for g in grants)
    assert sum(r.is_open for r in svc.consent.inbox.list_requests(None)) == 4
    assert {o.name: o.status.value for o in svc.consent.orgs.list()} == {
        "Greenleaf Books": "compliant",
        "AdTrack Analytics": "non-compliant",
        "Northwind Bank": "unknown",
    }
    assert svc.clock.now() == clock.now()  # built: the vault is on the given clock's present again
    svc.lock()
    svc.unlock(demo.DEMO_PASSWORD)
    report = svc.verify_history()
    assert report.ok, report.problem
    assert report.entries == svc.history_count()
    svc.lock()


@pytest.fixture
def svc(tmp_path):
    clock = FixedClock(1_800_000_000.0)
    s = VaultService(tmp_path / "v", clock=clock, kdf_factory=lambda p: minimum_params())
    s.create("correct horse battery")
    s.add_field("email", "email", "contact", "a@example.org")
    clock.advance(86_400 * 2)
    s.add_field("city", "text", "location", "Berlin")
    with s.transaction("test") as c:
        s.record(c, EventKind.REQUEST_RECEIVED, org="did:key:zOrgA")
        s.record(c, EventKind.GRANT_ISSUED, org="did:key:zOrgA", field="email")
        s.record(c, EventKind.REQUEST_RECEIVED, org="did:key:zOrgB")
    yield s, clock
    s.lock()


def test_history_values_lists_distinct_orgs_fields_and_kinds(svc) -> None:
    s, _ = svc
    assert s.history_values("org") == ["did:key:zOrgA", "did:key:zOrgB"]
    assert s.history_values("field") == ["city", "email"]
    assert EventKind.VAULT_CREATED in s.history_values("kind")
    with pytest.raises(UsageError):
        s.history_values("data")


def test_history_activity_counts_per_day_and_organisation(svc) -> None:
    s, clock = svc
    day = 86_400_000
    act = s.history_activity(bucket_ms=day)
    start = (1_800_000_000_000 // day) * day
    later = ((1_800_000_000_000 + 2 * day) // day) * day
    assert act == [
        (start, None, 2),
        (later, None, 1),
        (later, "did:key:zOrgA", 2),
        (later, "did:key:zOrgB", 1),
    ]
    releases = s.history_activity(HistoryFilter(kinds=[EventKind.GRANT_ISSUED]), bucket_ms=day)
    assert releases == [(later, "did:key:zOrgA", 1)]
    assert sum(n for _, _, n in s.history_activity(bucket_ms=3600_000)) == s.history_count()
    with pytest.raises(UsageError):
        s.history_activity(bucket_ms=0)


def test_check_backup_proves_the_password_without_changing_anything(svc, tmp_path) -> None:
    from vault_app.domain.errors import AuthError, IntegrityError

    s, _ = svc
    path = s.create_backup(tmp_path / "b.pdvbackup")
    before = sorted(p.name for p in s.vault_dir.iterdir())
    manifest = VaultService.check_backup(path, "correct horse battery")
    assert manifest["vault_id"] == s.vault_id and "mac" not in manifest
    with pytest.raises(AuthError):
        VaultService.check_backup(path, "wrong password")
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF
    (tmp_path / "bad.pdvbackup").write_bytes(bytes(raw))
    with pytest.raises(IntegrityError):
        VaultService.check_backup(tmp_path / "bad.pdvbackup", "correct horse battery")
    assert sorted(p.name for p in s.vault_dir.iterdir()) == before
    assert s.is_unlocked
