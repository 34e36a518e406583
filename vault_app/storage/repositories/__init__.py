"""Repositories: every SQL statement of the vault lives in this package (and in storage/db.py for the
schema).

One module per group of tables. Reads go through :class:`~vault_app.storage.db.Database` and return frozen
rows; writes take the open :class:`~vault_app.storage.db.Tx` of the use case, so a change commits together
with the history entry that records it. :class:`Repositories` bundles them for one open database.
"""

from __future__ import annotations

from dataclasses import dataclass

from vault_app.storage.db import Database
from vault_app.storage.repositories.consent import (
    DerivedRepository,
    ErasureRepository,
    GrantRepository,
    NoiseRepository,
    ReceiptRepository,
    RequestRepository,
    RuleRepository,
    SeenMessageRepository,
    StatusListRepository,
    ViolationRepository,
)
from vault_app.storage.repositories.fields import FieldRepository
from vault_app.storage.repositories.organisations import OrganisationRepository


@dataclass(frozen=True)
class Repositories:
    fields: FieldRepository
    orgs: OrganisationRepository
    requests: RequestRepository
    grants: GrantRepository
    status_lists: StatusListRepository
    receipts: ReceiptRepository
    violations: ViolationRepository
    derived: DerivedRepository
    erasures: ErasureRepository
    rules: RuleRepository
    seen: SeenMessageRepository
    noise: NoiseRepository

    @classmethod
    def open(cls, db: Database) -> Repositories:
        return cls(
            FieldRepository(db),
            OrganisationRepository(db),
            RequestRepository(db),
            GrantRepository(db),
            StatusListRepository(db),
            ReceiptRepository(db),
            ViolationRepository(db),
            DerivedRepository(db),
            ErasureRepository(db),
            RuleRepository(db),
            SeenMessageRepository(db),
            NoiseRepository(db),
        )
