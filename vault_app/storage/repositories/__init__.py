"""Repositories: every SQL statement of the vault lives in this package (and in storage/db.py for the
schema).

One module per group of tables. Reads go through :class:`~vault_app.storage.db.Database` and return frozen
rows; writes take the open :class:`~vault_app.storage.db.Tx` of the use case, so a change commits together
with the history entry that records it. :class:`Repositories` bundles them for one open database.

The consent engine's repositories (organisations, requests, grants, status lists...) are made when first
used: a command that only reads the person's own fields does not import their modules (issue 15).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from vault_app.storage.db import Database
from vault_app.storage.repositories.fields import FieldRepository

if TYPE_CHECKING:
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
    from vault_app.storage.repositories.organisations import OrganisationRepository


class Repositories:
    """The repositories of one open database (each made once, when first used)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.fields = FieldRepository(db)

    @classmethod
    def open(cls, db: Database) -> Repositories:
        return cls(db)

    @cached_property
    def orgs(self) -> OrganisationRepository:
        from vault_app.storage.repositories.organisations import OrganisationRepository

        return OrganisationRepository(self.db)

    @cached_property
    def requests(self) -> RequestRepository:
        from vault_app.storage.repositories.consent import RequestRepository

        return RequestRepository(self.db)

    @cached_property
    def grants(self) -> GrantRepository:
        from vault_app.storage.repositories.consent import GrantRepository

        return GrantRepository(self.db)

    @cached_property
    def status_lists(self) -> StatusListRepository:
        from vault_app.storage.repositories.consent import StatusListRepository

        return StatusListRepository(self.db)

    @cached_property
    def receipts(self) -> ReceiptRepository:
        from vault_app.storage.repositories.consent import ReceiptRepository

        return ReceiptRepository(self.db)

    @cached_property
    def violations(self) -> ViolationRepository:
        from vault_app.storage.repositories.consent import ViolationRepository

        return ViolationRepository(self.db)

    @cached_property
    def derived(self) -> DerivedRepository:
        from vault_app.storage.repositories.consent import DerivedRepository

        return DerivedRepository(self.db)

    @cached_property
    def erasures(self) -> ErasureRepository:
        from vault_app.storage.repositories.consent import ErasureRepository

        return ErasureRepository(self.db)

    @cached_property
    def rules(self) -> RuleRepository:
        from vault_app.storage.repositories.consent import RuleRepository

        return RuleRepository(self.db)

    @cached_property
    def seen(self) -> SeenMessageRepository:
        from vault_app.storage.repositories.consent import SeenMessageRepository

        return SeenMessageRepository(self.db)

    @cached_property
    def noise(self) -> NoiseRepository:
        from vault_app.storage.repositories.consent import NoiseRepository

        return NoiseRepository(self.db)
