"""Organisations the subject knows, the certifiers they trust, and the trust lists imported from them."""

from __future__ import annotations

import builtins  # classes here have a method named list, which shadows the type in annotations
from dataclasses import dataclass
from typing import Any

from vault_app.storage.db import Database, Tx
from vault_app.storage.repositories._json import dumps, loads

_ORG_COLS = "did, display_name, enc_jwk, contact, dpo_contact, claims, blocked, first_seen_ms"


@dataclass(frozen=True)
class OrgRow:
    did: str
    name: str
    #: the organisation's X25519 encryption key as a JWK, once a request has brought it
    enc_jwk: dict[str, Any] | None
    contact: str | None
    dpo_contact: str | None
    #: compliance claims, JSON objects of :class:`vault_app.policy.compliance.ComplianceClaim`
    claims: tuple[dict[str, Any], ...]
    blocked: bool
    first_seen: float


@dataclass(frozen=True)
class CertifierRow:
    did: str
    name: str
    added: float


def _org(r: Any) -> OrgRow:
    return OrgRow(
        r[0], r[1], loads(r[2]) if r[2] else None, r[3], r[4], tuple(loads(r[5])), bool(r[6]), r[7] / 1000
    )


class OrganisationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- organisations ---------------------------------------------------------------------------------------
    def get(self, did: str) -> OrgRow | None:
        r = self.db.query_one(f"SELECT {_ORG_COLS} FROM organisations WHERE did = ?", (did,))
        return _org(r) if r else None

    def exists(self, did: str) -> bool:
        return self.db.query_one("SELECT 1 FROM organisations WHERE did = ?", (did,)) is not None

    def list(self) -> builtins.list[OrgRow]:
        return [
            _org(r)
            for r in self.db.query(
                f"SELECT {_ORG_COLS} FROM organisations ORDER BY display_name COLLATE NOCASE"
            )
        ]

    @staticmethod
    def get_in(tx: Tx, did: str) -> OrgRow | None:
        r = tx.execute(f"SELECT {_ORG_COLS} FROM organisations WHERE did = ?", (did,)).fetchone()
        return _org(r) if r else None

    @staticmethod
    def insert(
        tx: Tx, did: str, name: str, enc_jwk: dict[str, Any] | None, contact: str | None, now_ms: int
    ) -> None:
        tx.execute(
            "INSERT INTO organisations (did, display_name, enc_jwk, contact, first_seen_ms, updated_ms) "
            "VALUES (?,?,?,?,?,?)",
            (did, name, dumps(enc_jwk) if enc_jwk else None, contact, now_ms, now_ms),
        )

    @staticmethod
    def set_enc_key(tx: Tx, did: str, enc_jwk: dict[str, Any], now_ms: int) -> None:
        tx.execute(
            "UPDATE organisations SET enc_jwk = ?, updated_ms = ? WHERE did = ?",
            (dumps(enc_jwk), now_ms, did),
        )

    @staticmethod
    def set_name(tx: Tx, did: str, name: str) -> None:
        tx.execute("UPDATE organisations SET display_name = ? WHERE did = ?", (name, did))

    @staticmethod
    def set_dpo_contact(tx: Tx, did: str, contact: str) -> None:
        tx.execute("UPDATE organisations SET dpo_contact = ? WHERE did = ?", (contact, did))

    @staticmethod
    def set_claims(tx: Tx, did: str, claims: builtins.list[dict[str, Any]], now_ms: int) -> None:
        tx.execute(
            "UPDATE organisations SET claims = ?, updated_ms = ? WHERE did = ?", (dumps(claims), now_ms, did)
        )

    @staticmethod
    def set_blocked(tx: Tx, did: str, blocked: bool, now_ms: int) -> None:
        tx.execute(
            "UPDATE organisations SET blocked = ?, updated_ms = ? WHERE did = ?",
            (1 if blocked else 0, now_ms, did),
        )

    # -- certifiers ------------------------------------------------------------------------------------------
    def certifier_dids(self) -> builtins.list[str]:
        return [str(r[0]) for r in self.db.query("SELECT did FROM certifiers ORDER BY did")]

    def certifiers(self) -> builtins.list[CertifierRow]:
        return [
            CertifierRow(r[0], r[1], r[2] / 1000)
            for r in self.db.query("SELECT did, display_name, added_ms FROM certifiers ORDER BY display_name")
        ]

    @staticmethod
    def put_certifier(tx: Tx, did: str, name: str, now_ms: int) -> None:
        tx.execute(
            "INSERT OR REPLACE INTO certifiers (did, display_name, added_ms) VALUES (?,?,?)",
            (did, name, now_ms),
        )

    @staticmethod
    def remove_certifier(tx: Tx, did: str) -> None:
        tx.execute("DELETE FROM certifiers WHERE did = ?", (did,))

    # -- trust lists -----------------------------------------------------------------------------------------
    def latest_trust_list_token(self, certifier: str) -> str | None:
        r = self.db.query_one(
            "SELECT token FROM trust_lists WHERE certifier = ? ORDER BY issued_ms DESC LIMIT 1", (certifier,)
        )
        return str(r[0]) if r else None

    @staticmethod
    def insert_trust_list(
        tx: Tx, list_id: str, certifier: str, issued_ms: int, expires_ms: int, token: str, now_ms: int
    ) -> None:
        tx.execute(
            "INSERT INTO trust_lists (id, certifier, issued_ms, expires_ms, token, imported_ms) "
            "VALUES (?,?,?,?,?,?)",
            (list_id, certifier, issued_ms, expires_ms, token, now_ms),
        )
