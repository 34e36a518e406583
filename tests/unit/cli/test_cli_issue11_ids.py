"""Issue 11, "key everything an organisation names by (organisation, id)", through ``pdvault-cli``: a message
id is unique per sender only (protocol section 3), so one sender taking another's id first must not get the
other's genuine message refused as a duplicate or a replay; a copy from the same sender still is."""

# ruff: noqa: F811  (the fixtures of test_cli_consent are imported here and named again as test arguments)
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from test_cli_consent import (  # noqa: F401  (fixtures)
    _keep_umask,
    approved_grant,
    bank,
    cli,
    shop,
    v,
    work,
)

from vault_app.protocol import Organisation, UsageAction, UsageEntry
from vaulttools import TEST_PASSWORD


def _receipt(o: Organisation, grant: Any, jti: str, folder: Path, name: str) -> Path:
    """A genuine receipt from ``o`` for its own grant, with the message id ``jti`` (the sender chooses it)."""
    from vault_app.protocol import UsageReceipt, sign

    entry = UsageEntry(UsageAction.USE, ("email",), int(time.time()) - 5, "Deliver your order")
    body = UsageReceipt(grant.jti, (entry,), grant.hash)
    p = folder / name
    p.write_text(sign(body, o.keys.signing, audience=grant.issuer, jti=jti))
    return p


def test_one_organisation_cannot_block_anothers_receipt_by_taking_its_id_first(
    v, shop, bank, tmp_path
) -> None:
    from vault_app.protocol.codec import new_jti

    _, shop_grant, shop_gid = approved_grant(v, shop, tmp_path)
    _, bank_grant, bank_gid = approved_grant(v, bank, tmp_path, name="bank.pdvreq")
    jti = new_jti()
    squat = _receipt(bank, bank_grant, jti, tmp_path, "bank.pdvreceipt")
    real = _receipt(shop, shop_grant, jti, tmp_path, "shop.pdvreceipt")
    r = v("receipt", "import", str(squat), "--json")
    assert r.code == 0, r.out + r.err
    r = v("receipt", "import", str(real), "--json")
    assert r.code == 0, r.out + r.err  # before: the shop's genuine receipt was refused (its id was taken)
    got = {(x["org"], x["grant"]) for x in v("receipt", "list", "--json").data}
    assert got == {(shop.did, shop_gid), (bank.did, bank_gid)}
    assert {x["id"] for x in v("receipt", "list", "--json").data} == {jti}
    # each organisation's receipts are still its own: listed per grant
    (one,) = v("receipt", "list", "--grant", shop_gid, "--json").data
    assert one["org"] == shop.did
    # a copy from the same organisation is still refused as a replay, and nothing more is filed
    for p in (real, squat):
        r = v("receipt", "import", str(p), "--json")
        assert r.code == 9 and r.data["results"][0]["error"] == "replayed", r.out
    assert len(v("receipt", "list", "--json").data) == 2


def test_a_watched_folder_does_not_skip_a_receipt_whose_id_another_organisation_used(
    v, shop, bank, tmp_path
) -> None:
    """The desktop app's watched inbox folder skips messages already filed; "already filed" is per sender."""
    from vault_app.protocol.codec import new_jti
    from vault_app.services.inbox import ImportItem

    _, shop_grant, _ = approved_grant(v, shop, tmp_path)
    _, bank_grant, _ = approved_grant(v, bank, tmp_path, name="bank.pdvreq")
    jti = new_jti()
    squat = _receipt(bank, bank_grant, jti, tmp_path, "bank.pdvreceipt")
    real = _receipt(shop, shop_grant, jti, tmp_path, "shop.pdvreceipt")
    assert v("receipt", "import", str(squat), "--json").code == 0
    from vault_app.services.vault import VaultService

    vault = VaultService(tmp_path / "vault")
    vault.unlock(TEST_PASSWORD)
    try:
        inbox = vault.consent.inbox
        (out,) = inbox.import_many([ImportItem(real.name, path=str(real), skip_known=True)]).outcomes
        assert not out.skipped and out.error is None, out  # before: skipped as "already filed"
        (out,) = inbox.import_many([ImportItem(real.name, path=str(real), skip_known=True)]).outcomes
        assert out.skipped  # the shop's own copy is now known
    finally:
        vault.lock()


def test_one_certifier_cannot_block_anothers_trust_list_by_taking_its_id_first(v, shop, tmp_path) -> None:
    from vault_app.protocol import OrgKeys, TrustEntry, TrustList, sign
    from vault_app.protocol.codec import new_jti
    from vault_app.protocol.messages import ComplianceStatus

    a, b = OrgKeys.generate(), OrgKeys.generate()
    from vault_app.protocol.did import did_from_public_key

    for k, name in ((a, "Seal A"), (b, "Seal B")):
        assert v("org", "trust-certifier", did_from_public_key(k.signing), name, "--json").code == 0
    jti = new_jti()
    paths = []
    for k, name, status in (
        (b, "Seal B", ComplianceStatus.SUSPENDED),
        (a, "Seal A", ComplianceStatus.COMPLIANT),
    ):
        body = TrustList(name, 1, (TrustEntry(shop.did, "Example Shop", status, None),))
        p = tmp_path / f"{name}.pdvtrust"
        p.write_text(sign(body, k.signing, jti=jti))
        paths.append(p)
    for p in paths:
        r = v("org", "import-trust-list", str(p), "--json")
        assert r.code == 0, r.out + r.err  # before: Seal A's list was refused, Seal B had taken its id
    claims = v("org", "show", shop.did, "--json").data
    assert len([c for c in claims["claims"] if c["source"].get("list_id") == jti]) == 2, claims
    r = v("org", "import-trust-list", str(paths[1]), "--json")
    assert r.code != 0  # the same list again is not taken twice


def test_receipts_and_trust_lists_of_a_schema_8_vault_are_kept_and_keyed_per_sender(cli, tmp_path) -> None:
    """The schema-8 fixture (a receipt from the shop, a trust list from a certifier) opens at the current
    schema with both kept; the bank's receipt and another certifier's list with the same ids are then
    filed."""
    import json
    import shutil

    from vault_app.protocol import OrgKeys, TrustEntry, TrustList, sign
    from vault_app.protocol.messages import ComplianceStatus

    fixture = Path(__file__).resolve().parents[2] / "data" / "vaults" / "consent-v8"
    x = json.loads((fixture / "expected.json").read_text())
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("vault.key", "vault.db", "head.json"):
        shutil.copy2(fixture / name, vault / name)
    (old,) = cli("receipt", "list", "--json").data
    assert (old["id"], old["org"], old["grant"]) == (x["receipt"], x["shop_org"], x["shop_grant"])
    bank = Organisation.load(fixture / "bank")
    grant = bank.open(
        (fixture / "bank.pdvgrant").read_text().strip(), [(fixture / "bank.pdvreq").read_text().strip()]
    )
    r = cli(
        "receipt",
        "import",
        str(_receipt(bank, grant.message, x["receipt"], tmp_path, "b.pdvreceipt")),
        "--json",
    )
    assert r.code == 0, r.out + r.err
    got = {(r["org"], r["id"]) for r in cli("receipt", "list", "--json").data}
    assert got == {(x["shop_org"], x["receipt"]), (x["bank_org"], x["receipt"])}
    # the trust list kept its id; another certifier's list with the same id is filed beside it
    other = OrgKeys.generate()
    from vault_app.protocol.did import did_from_public_key

    assert cli("org", "trust-certifier", did_from_public_key(other.signing), "Other Seal", "--json").code == 0
    body = TrustList(
        "Other Seal", 1, (TrustEntry(x["shop_org"], "Fixture Shop", ComplianceStatus.COMPLIANT, None),)
    )
    p = tmp_path / "other.pdvtrust"
    p.write_text(sign(body, other.signing, jti=x["trust_list"]))
    r = cli("org", "import-trust-list", str(p), "--json")
    assert r.code == 0, r.out + r.err
    claims = cli("org", "show", x["shop_org"], "--json").data["claims"]
    assert sorted(
        c["source"]["certifier_did"] for c in claims if c["source"].get("list_id") == x["trust_list"]
    ) == (sorted([x["certifier"], did_from_public_key(other.signing)]))


def test_a_deletion_confirmation_is_matched_to_the_erasure_request_of_its_own_sender(
    v, shop, bank, tmp_path, work
) -> None:
    """Audit of the other ids a sender names: an erasure request's id is the vault's own, but a confirmation
    names it; another organisation naming it (with the same message id as the genuine confirmation, too)
    neither closes the request nor blocks the genuine answer."""
    from vault_app.protocol import DeletionConfirmation, sign

    _, shop_grant, gid = approved_grant(v, shop, tmp_path)
    _, bank_grant, _ = approved_grant(v, bank, tmp_path, name="bank.pdvreq")
    r = v("erasure", "request", gid, "--json")
    eid = r.data["erasure"]
    erasure = shop.parse_erasure_request(Path(r.data["file"]).read_text().strip(), subject=shop_grant.issuer)
    genuine = shop.confirm_erasure(erasure)
    from vault_app.protocol.codec import peek

    jti = str(peek(genuine)[1]["jti"])
    body = DeletionConfirmation.from_claims(peek(genuine)[1])
    forged = tmp_path / "bank.pdvmsg"
    forged.write_text(sign(body, bank.keys.signing, audience=bank_grant.issuer, jti=jti))
    r = v("erasure", "import-confirmation", str(forged), "--json")
    assert r.code != 0 and r.data["results"][0]["error"] == "request-mismatch", r.out
    assert [x["id"] for x in v("erasure", "list", "--open", "--json").data] == [eid]
    p = tmp_path / "shop.pdvmsg"
    p.write_text(genuine)
    r = v("erasure", "import-confirmation", str(p), "--json")
    assert r.code == 0, r.out + r.err
    assert v("erasure", "list", "--open", "--json").data == []
    assert v("grant", "show", gid, "--json").data["state"] == "erased"
    r = v("erasure", "import-confirmation", str(p), "--json")
    assert r.code == 9 and r.data["results"][0]["error"] == "replayed"
