"""Make the fixture vaults, one per schema version, that the upgrade tests open with the current code.

    .venv/bin/python tests/data/vaults/make_fixtures.py            # make the versions that are missing
    .venv/bin/python tests/data/vaults/make_fixtures.py --force 2  # remake one (only while it is unreleased)

Each ``vN/`` holds a vault written at schema N (``vault.key``, ``vault.db``, ``head.json``) with the
password in ``PASSWORD`` below and the minimum KDF, plus ``expected.json``: what the upgrade test must find
after opening it. A released schema's fixture is never remade: it stands for the vaults users have on disk.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import FixedClock
from vault_app.domain.model import Provenance, ProvenanceKind
from vault_app.services.vault import VaultService
from vault_app.storage.db import Database
from vault_app.storage.migrations import latest_version

PASSWORD = "correct horse battery staple"  # the same as tests/vaulttools.TEST_PASSWORD

FIELDS = [  # name, type, category, value (made-up values: fixtures are public test data)
    ("given_name", "text", "identity", "Fixture"),
    ("family_name", "text", "identity", "Person"),
    ("birthdate", "date", "demographic", "1990-01-31"),
    ("email", "email", "contact", "fixture.person@example.org"),
    ("phone", "phone", "contact", "+44 20 7946 0000"),
    ("home_address", "address", "location", "1 Example Street\nExampletown"),
    ("postcode", "postcode", "location", "EX1 2MP"),
    ("country", "country", "location", "GB"),
    ("iban", "identifier", "financial", "GB00TEST00000000000000"),
    ("blood_type", "text", "health", "0+"),
    ("vegetarian", "boolean", "behavioural", "yes"),
    ("income_band", "number", "financial", "3"),
]


def make(version: int, dest: Path) -> None:
    real_migrate = Database.migrate

    def migrate_to_version(self: Database, target: int | None = None) -> int:
        return real_migrate(self, version)

    clock = FixedClock(1_780_000_000.0 + version * 86400)
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(Database, "migrate", migrate_to_version):
        vdir = Path(tmp) / "vault"
        svc = VaultService(vdir, clock=clock, kdf_factory=lambda progress: minimum_params())
        svc.create(PASSWORD)
        for name, ftype, cat, value in FIELDS:
            clock.advance(60)
            svc.add_field(name, ftype, cat, value)
        clock.advance(60)
        svc.update_field("email", value="fixture.person@example.net")
        svc.update_field(
            "income_band",
            provenance=Provenance(
                ProvenanceKind.DERIVED, by="did:web:bank.example", sources=("iban",), method="banding"
            ),
        )
        svc.update_field(
            "birthdate", provenance=Provenance(ProvenanceKind.VERIFIED, by="did:web:gov.example")
        )
        svc.add_field("old_nickname", "text", "other", "Fixie")
        svc.delete_field("old_nickname")
        assert svc.db.schema_version == version
        expected = {
            "schema": version,
            "password": PASSWORD,
            "subject": svc.subject_did,
            "fields": {
                f.name: {
                    "type": f.type.value,
                    "category": f.category.value,
                    "value": f.value,
                    "provenance": f.provenance.to_json(),
                }
                for f in svc.list_fields()
            },
            "history_entries": svc.history_count(),
        }
        svc.lock()
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for name in ("vault.key", "vault.db", "head.json"):
            shutil.copy2(vdir / name, dest / name)
        assert not (vdir / "vault.db-wal").exists() or (vdir / "vault.db-wal").stat().st_size == 0
        (dest / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
    print(f"made {dest.relative_to(HERE.parents[2])} (schema {version})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--force",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="remake the fixture of schema N even if it exists",
    )
    args = ap.parse_args()
    for version in range(1, latest_version() + 1):
        dest = HERE / f"v{version}"
        if dest.exists() and version not in args.force:
            continue
        make(version, dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
