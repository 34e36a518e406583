"""Make the schema-8 vault with receipts and a trust list (keyed by message id alone before schema 9) that
the upgrade test opens with the current code (tests/unit/cli/test_cli_issue11_ids.py).

It must run with the code of a schema-8 release, which is what users' vaults were written by, e.g.:

    git worktree add /tmp/pdv-schema8 31a09ea
    PYTHONPATH=/tmp/pdv-schema8 .venv/bin/python tests/data/vaults/consent-v8/make.py

Written here: the vault (``vault.key``, ``vault.db``, ``head.json``, password as in tests/vaulttools.py),
the organisations' key folders ``shop/`` and ``bank/`` and the certifier's ``seal/`` (test keys from public
seeds 81 to 86: never use them elsewhere), their requests and the grants they received (``shop.pdvreq``,
``shop.pdvgrant``, ...),
and ``expected.json``: the receipt the shop sent (its id, which the bank's receipt reuses in the test) and
the trust list's id.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import FixedClock
from vault_app.domain.model import Category, ReleaseMode, RequestedField
from vault_app.policy.decisions import FieldDecision, SubjectDecisions
from vault_app.protocol import Organisation, OrgKeys, UsageAction, UsageEntry
from vault_app.protocol.codec import peek
from vault_app.protocol.org import PROFILE_FILE, Certifier, make_profile
from vault_app.services.vault import VaultService
from vault_app.storage.migrations import latest_version

HERE = Path(__file__).resolve().parent
PASSWORD = "correct horse battery staple"
T = 1_795_000_000.0
YEAR = 365 * 86400


def _keys(seed: int) -> OrgKeys:
    return OrgKeys(
        Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32),
        X25519PrivateKey.from_private_bytes(bytes([seed + 1]) * 32),
    )


def main() -> None:
    assert latest_version() == 8, "run this with the code of a schema-8 release (see the docstring)"
    clock = FixedClock(T)
    orgs = {
        "shop": Organisation(_keys(81), "Fixture Shop", clock=clock),
        "bank": Organisation(_keys(83), "Fixture Bank", clock=clock),
    }
    seal_keys = _keys(85)
    seal = Certifier(seal_keys.signing, "Fixture Seal", clock=clock)
    expected: dict[str, object] = {"schema": 8, "clock": T}
    with tempfile.TemporaryDirectory() as tmp:
        vdir = Path(tmp) / "vault"
        svc = VaultService(vdir, clock=clock, kdf_factory=lambda progress: minimum_params())
        svc.create(PASSWORD)
        svc.add_field("email", "email", "contact", "fixture.person@example.org")
        c = svc.consent
        for name, org in orgs.items():
            clock.advance(60)
            token = org.make_request(
                [RequestedField("email", Category.CONTACT)],
                ["https://w3id.org/dpv#ServiceProvision"],
                "Deliver your order",
                YEAR,
            )
            (HERE / f"{name}.pdvreq").write_text(token + "\n")
            res = c.inbox.import_text(token)
            c.orgs.set_status(org.did, "compliant")
            issued = c.decisions.approve(
                res.id, SubjectDecisions((FieldDecision("email", ReleaseMode.EXACT),))
            )
            (HERE / f"{name}.pdvgrant").write_text(issued.jwe + "\n")
            expected[f"{name}_org"] = org.did
            expected[f"{name}_grant"] = issued.grant_id
            if name == "shop":
                grant = org.open(issued.jwe, [token]).message
                clock.advance(60)
                entry = UsageEntry(UsageAction.USE, ("email",), int(clock.now()) - 10, "Deliver your order")
                receipt = org.make_receipt(grant, [entry], lifetime=YEAR)
                expected["receipt"] = str(peek(receipt)[1]["jti"])
                c.inbox.import_text(receipt)
        seal_did = seal.did
        c.orgs.trust_certifier(seal_did, "Fixture Seal")
        clock.advance(60)
        tl = seal.sign_trust_list(
            [{"did": orgs["shop"].did, "name": "Fixture Shop", "status": "compliant"}], 1, lifetime=YEAR
        )
        expected["trust_list"] = str(peek(tl)[1]["jti"])
        expected["certifier"] = seal_did
        c.inbox.import_text(tl)
        expected["clock"] = clock.now()
        svc.lock()
        for f in ("vault.key", "vault.db", "head.json"):
            shutil.copy2(vdir / f, HERE / f)
    for name, keys, display in (
        ("shop", orgs["shop"].keys, "Fixture Shop"),
        ("bank", orgs["bank"].keys, "Fixture Bank"),
        ("seal", seal_keys, "Fixture Seal"),
    ):
        if (HERE / name).exists():
            shutil.rmtree(HERE / name)
        keys.save(HERE / name)
        (HERE / name / PROFILE_FILE).write_text(json.dumps(make_profile(keys, display), indent=2) + "\n")
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(f"made {HERE}")


if __name__ == "__main__":
    main()
