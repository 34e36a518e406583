"""Make the schema-2 vault with consent data (one-bit status list, a revoked grant) that the status-list
upgrade test opens with the current code (tests/unit/cli/test_cli_status_lists.py).

It must run with the code of a schema-2 release, which is what users' vaults were written by, e.g.:

    git worktree add /tmp/pdv-schema2 f229dba
    PYTHONPATH=/tmp/pdv-schema2 .venv/bin/python tests/data/vaults/consent-v2/make.py

Written here: the vault (``vault.key``, ``vault.db``, ``head.json``, password as in tests/vaulttools.py), the
organisation's key folder ``org/`` (test keys from public seeds 71 and 72: never use them elsewhere), its
three requests ``r1..r3.pdvreq``, the three grants it received ``g1..g3.pdvgrant``, the one-bit status list
exported after grant 1 was revoked (``old.pdvstatus``) and ``expected.json``.
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
from vault_app.protocol import Organisation, OrgKeys
from vault_app.protocol.org import PROFILE_FILE, make_profile
from vault_app.services.vault import VaultService
from vault_app.storage.migrations import latest_version

HERE = Path(__file__).resolve().parent
PASSWORD = "correct horse battery staple"
T = 1_790_000_000.0


def main() -> None:
    assert latest_version() == 2, "run this with the code of a schema-2 release (see the docstring)"
    clock = FixedClock(T)
    keys = OrgKeys(
        Ed25519PrivateKey.from_private_bytes(bytes([71]) * 32),
        X25519PrivateKey.from_private_bytes(bytes([72]) * 32),
    )
    org = Organisation(keys, "Fixture Shop", clock=clock)
    with tempfile.TemporaryDirectory() as tmp:
        vdir = Path(tmp) / "vault"
        svc = VaultService(vdir, clock=clock, kdf_factory=lambda progress: minimum_params())
        svc.create(PASSWORD)
        svc.add_field("email", "email", "contact", "fixture.person@example.org")
        grants = []
        for i in (1, 2, 3):
            clock.advance(60)
            token = org.make_request(
                [RequestedField("email", Category.CONTACT)],
                ["https://w3id.org/dpv#ServiceProvision"],
                "Deliver your order",
                30 * 86400,
            )
            (HERE / f"r{i}.pdvreq").write_text(token + "\n")
            res = svc.consent.import_text(token)
            svc.consent.set_org_status(org.did, "compliant")
            issued = svc.consent.approve(
                res.id, SubjectDecisions((FieldDecision("email", ReleaseMode.EXACT),))
            )
            (HERE / f"g{i}.pdvgrant").write_text(issued.jwe + "\n")
            grants.append(issued.grant_id)
        clock.advance(60)
        svc.consent.revoke(grants[0])
        clock.advance(60)
        svc.consent.export_status_list(org.did, HERE / "old.pdvstatus")
        svc.lock()
        for name in ("vault.key", "vault.db", "head.json"):
            shutil.copy2(vdir / name, HERE / name)
    if (HERE / "org").exists():
        shutil.rmtree(HERE / "org")
    keys.save(HERE / "org")
    (HERE / "org" / PROFILE_FILE).write_text(json.dumps(make_profile(keys, "Fixture Shop"), indent=2) + "\n")
    expected = {"schema": 2, "clock": T + 300, "org": org.did, "grants": grants, "revoked": [grants[0]]}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(f"made {HERE}")


if __name__ == "__main__":
    main()
