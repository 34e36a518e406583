"""What importing and approving a request costs the vault, counted (issue 15: import + approve >= 150/s with
100,000 active grants): the statements each runs, the request verified once, rows written only when they
change. The figures are in benchmarks/README.md ("Grants at scale")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from conftest import basic_request
from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import FieldDecision, ReleaseMode
from vault_app.policy.decisions import SubjectDecisions
from vault_app.protocol import Organisation, OrgKeys, codec, subject
from vault_app.protocol.jwk import x25519_public_jwk
from vault_app.protocol.messages import AuthorisationRequest
from vault_app.services.vault import VaultService
from vaulttools import reopen

DECISIONS = SubjectDecisions(
    (
        FieldDecision("email", ReleaseMode.EXACT),
        FieldDecision("birthdate", ReleaseMode.ANONYMISED, "date.year"),
    ),
    unknown_confirmed=True,
)


@contextmanager
def statements(svc: VaultService) -> Iterator[list[str]]:
    """The statements the vault's connection runs inside the block (its trace callback)."""
    seen: list[str] = []
    svc.db.conn.set_trace_callback(lambda sql: seen.append(" ".join(sql.split())))
    try:
        yield seen
    finally:
        svc.db.conn.set_trace_callback(None)


def test_an_import_and_an_approval_run_few_statements(vault, shop) -> None:
    first = vault.consent.inbox.import_text(basic_request(shop))  # first contact: the organisation is new
    vault.consent.decisions.approve(first.id, DECISIONS)
    with statements(vault) as imp:
        res = vault.consent.inbox.import_text(basic_request(shop))
    with statements(vault) as app:
        vault.consent.decisions.approve(res.id, DECISIONS)
    # Besides its history entries (one per event; the rules flag this request three times), 17 and 21
    # before (benchmarks/README.md): the request was filed, then updated to its state; it was read four
    # times at approval; every history entry read the chain's head; the expiry sweep took two reads.
    other_imp = [s[:80] for s in imp if not s.startswith("INSERT INTO history")]
    other_app = [s[:80] for s in app if not s.startswith("INSERT INTO history")]
    assert len(other_imp) <= 14, "\n".join(other_imp)
    assert len(other_app) <= 15, "\n".join(other_app)
    assert not [s for s in imp if s.startswith("UPDATE")], "filed once, in the state its review leads to"
    assert sum(s.startswith("SELECT r.id") for s in app) == 1, "the request is read once"
    assert sum("FROM history ORDER BY seq DESC" in s for s in app) <= 2  # one in the commit, one for the head
    assert sum("expires_ms <=" in s for s in imp + app) == 2, "one read for what is due, per use case"


def _verify_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tokens of authorisation requests :func:`codec.verify` checks from now on."""
    seen: list[str] = []
    real = codec.verify

    def spy(token: str, body_type: type[Any], **kw: Any) -> Any:
        if body_type is AuthorisationRequest:
            seen.append(token)
        return real(token, body_type, **kw)

    monkeypatch.setattr(codec, "verify", spy)
    monkeypatch.setattr(subject, "verify", spy)
    return seen


def test_the_approval_takes_the_request_this_session_verified_on_import(vault, shop, monkeypatch) -> None:
    verified = _verify_calls(monkeypatch)
    res = vault.consent.inbox.import_text(basic_request(shop))
    assert len(verified) == 1
    grant = vault.consent.decisions.approve(res.id, DECISIONS)
    assert len(verified) == 1, "verified on arrival, not again at approval"
    # the grant the organisation reads is bound to that very request
    assert shop.read_own_grant(grant.jwe).body.request_hash == codec.token_hash(verified[0])


def test_a_request_filed_in_an_earlier_session_is_verified_again(vault, shop, monkeypatch) -> None:
    res = vault.consent.inbox.import_text(basic_request(shop))
    again = reopen(vault, "correct horse battery")
    try:
        verified = _verify_calls(monkeypatch)
        again.consent.decisions.approve(res.id, DECISIONS)
        assert len(verified) == 1
    finally:
        again.lock()


def test_a_stored_request_unlike_the_one_verified_is_verified_again_and_refused(vault, shop) -> None:
    res = vault.consent.inbox.import_text(basic_request(shop))
    token = vault.db.query_one("SELECT token FROM requests WHERE id = ?", (res.id,))[0]
    head, _, sig = token.rpartition(".")
    # another signature, still canonical base64url: the first character of the signature carries six whole
    # bits (changing the last two could leave bits that must be zero set: "malformed", not "bad-signature")
    forged = head + "." + ("B" if sig[0] != "B" else "C") + sig[1:]
    with vault.db.transaction() as tx:
        tx.execute("UPDATE requests SET token = ? WHERE id = ?", (forged, res.id))
    with pytest.raises(ProtocolError) as err:
        vault.consent.decisions.approve(res.id, DECISIONS)
    assert err.value.reason == "bad-signature"
    assert vault.db.query_one("SELECT count(*) FROM grants")[0] == 0


def test_the_organisation_is_rewritten_only_when_its_key_changes(vault, shop, clock) -> None:
    vault.consent.inbox.import_text(basic_request(shop))
    with statements(vault) as same:
        vault.consent.inbox.import_text(basic_request(shop))
    assert not [s for s in same if s.startswith("UPDATE organisations")]
    new_key = OrgKeys.generate().encryption
    moved = Organisation(OrgKeys(shop.keys.signing, new_key), "Example Shop", clock=clock)
    with statements(vault) as changed:
        vault.consent.inbox.import_text(basic_request(moved))
    assert [s for s in changed if s.startswith("UPDATE organisations")]
    assert vault.consent.orgs.encryption_jwk(shop.did) == x25519_public_jwk(new_key.public_key())


def test_grant_files_of_a_vault_written_before_schema_11_are_still_recognised(tmp_path, clock) -> None:
    """Schema 11 dropped the index on the end of a grant's token: a saved signed grant is found by the id it
    claims. The grants of the schema-8 fixture (made by that version's code) are still recognised in both
    forms, and a token claiming another grant's id is not taken for it."""
    import shutil
    from pathlib import Path

    from vault_app.crypto.kdf import minimum_params
    from vaulttools import TEST_PASSWORD

    fixture = Path(__file__).resolve().parents[2] / "data" / "vaults" / "consent-v8"
    vdir = tmp_path / "vault"
    vdir.mkdir()
    for name in ("vault.key", "vault.db", "head.json"):
        shutil.copy2(fixture / name, vdir / name)
    svc = VaultService(vdir, clock=clock, kdf_factory=lambda p: minimum_params())
    svc.unlock(TEST_PASSWORD)
    try:
        rows = svc.db.query("SELECT id, token, jwe FROM grants ORDER BY id")
        assert len(rows) >= 2
        for gid, token, jwe in rows:
            for form in (token, jwe):
                found = svc.consent.grants.find_own(form)
                assert found is not None and found.id == gid
        assert svc.consent.grants.find_own(rows[0][1][:-1] + ("A" if rows[0][1][-1] != "A" else "B")) is None
    finally:
        svc.lock()


def test_keys_derived_once_per_session_are_the_ones_derived_each_time(vault, shop) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vault_app.crypto.keys import pseudonym_key
    from vault_app.protocol.did import _ED25519_MULTICODEC, DID_KEY_PREFIX, b58encode, did_from_public_key

    ctx = vault.consent.context
    for org in (shop.did, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"):
        assert ctx.pseudonym_key(org) == pseudonym_key(vault.root_secret, org)
        assert ctx.pseudonym_key(org) is ctx.pseudonym_key(org)
    assert ctx.pseudonym_key(shop.did) != ctx.pseudonym_key(
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    )
    for _ in range(300):  # more keys than the cache holds: every answer is still the key's own DID
        key = Ed25519PrivateKey.generate()
        want = DID_KEY_PREFIX + "z" + b58encode(_ED25519_MULTICODEC + key.public_key().public_bytes_raw())
        assert did_from_public_key(key) == did_from_public_key(key.public_key()) == want
