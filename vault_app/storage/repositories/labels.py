"""Display labels a person gave their fields ("Tax ID", "会员卡号"), kept apart from the fields' stable keys.

They live in the encrypted database's ``meta`` table under ``field-label:<key>``, so no schema change was
needed; a label goes when its field is deleted.
"""

from __future__ import annotations

from vault_app.storage.db import Database, Tx

PREFIX = "field-label:"
MAX_LABEL = 80


class LabelRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> dict[str, str]:
        rows = self.db.query("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?", (len(PREFIX), PREFIX))
        return {str(k)[len(PREFIX) :]: str(v) for k, v in rows}

    # writes happen inside the caller's transaction
    @staticmethod
    def set(conn: Tx, key: str, label: str | None) -> None:
        if label:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                "value = excluded.value",
                (PREFIX + key.lower(), label),
            )
        else:
            conn.execute("DELETE FROM meta WHERE key = ?", (PREFIX + key.lower(),))
