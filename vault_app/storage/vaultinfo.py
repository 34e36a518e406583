"""The vault's records about itself: meta values (vault id, key-file generation, copy marks) and the
identity row.

The SQL for them lives here, like every other statement on the vault database. ``conn`` parameters are the
connection of an open transaction (``Database.transaction()``), so these writes commit with the change and
the history entry that describes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vault_app.storage.db import Database

META_VAULT_ID = "vault_id"
#: the highest key-file generation this database has seen (see vault_app/crypto/keyfile.py)
META_KEY_GENERATION = "key_generation"
#: set when this database was restored from a backup: a random id of this copy (VaultService.restore_backup)
META_COPY_ID = "copy_id"


@dataclass(frozen=True)
class IdentityRow:
    root_secret: bytes
    #: the identity key's seed as vaults before issue 14 kept it; empty once it moved into the key file
    legacy_signing_key: bytes
    did: str


def get_meta(db: Database, key: str) -> str | None:
    row = db.query_one("SELECT value FROM meta WHERE key = ?", (key,))
    return None if row is None else str(row[0])


def set_meta(conn: Any, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def key_generation(db: Database) -> int:
    value = get_meta(db, META_KEY_GENERATION)
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def insert_identity(conn: Any, root_secret: bytes, did: str, created_ms: int) -> None:
    """The identity row of a new vault: its root secret and DID; the signing key itself is not stored here."""
    conn.execute(
        "INSERT INTO identity (id, root_secret, signing_key, did, created_ms) VALUES (1, ?, x'', ?, ?)",
        (root_secret, did, created_ms),
    )


def read_identity(db: Database) -> IdentityRow | None:
    row = db.query_one("SELECT root_secret, signing_key, did FROM identity WHERE id = 1")
    if row is None:
        return None
    return IdentityRow(bytes(row[0]), bytes(row[1] or b""), str(row[2]))


def forget_legacy_signing_key(conn: Any) -> None:
    """Overwrite the identity key a vault from before issue 14 kept in the database (``secure_delete`` is
    on, so the old bytes are zeroed in the page as well)."""
    conn.execute("UPDATE identity SET signing_key = x'' WHERE id = 1")


def status_list_renewal_due(db: Database, signed_before_ms: int) -> bool:
    """Whether a status list has no signed token (never signed, or its statuses changed since) or one
    signed at or before ``signed_before_ms``: the cheap check made at every unlock, before the consent
    services that sign lists are loaded."""
    row = db.query_one(
        "SELECT 1 FROM status_lists WHERE token IS NULL OR token_ms IS NULL OR token_ms <= ? LIMIT 1",
        (signed_before_ms,),
    )
    return row is not None


def rotate_status_lists(conn: Any, new_next_idx: Callable[[int], int], block: int) -> int:
    """Give every status list a fresh index range for this copy (see VaultService.restore_backup): its next
    index becomes ``new_next_idx(next_idx)``, and its bits grow, with zeros (valid), to hold ``block``
    indexes from there. Returns how many lists were moved."""
    rows = conn.execute("SELECT org, next_idx, bits FROM status_lists").fetchall()
    for org, next_idx, bits in rows:
        new_idx = int(new_next_idx(int(next_idx)))
        data = bytes(bits)
        need = (new_idx + block + 7) // 8
        if len(data) < need:
            data += bytes(need - len(data))
        conn.execute("UPDATE status_lists SET next_idx = ?, bits = ? WHERE org = ?", (new_idx, data, org))
    return len(rows)
