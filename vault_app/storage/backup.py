"""Encrypted, self-checking backup files (``.pdvbackup``).

Layout: ``PDVBACKUP1\\n`` + 4-byte big-endian manifest length + manifest (JSON) + database bytes.

The database bytes are a consistent SQLCipher copy, so they stay encrypted under the data key; the manifest
carries the key file (the data key wrapped under the master password) and the signed head, so a backup
restores on any machine with the master password alone. It is self-checking twice: a SHA-256 of the
database bytes catches corruption before any password is asked, and an HMAC keyed from the data key over
the manifest and that hash proves, once unlocked, that nothing in the file was swapped.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
from dataclasses import dataclass
from typing import Any

from vault_app.crypto.keys import hkdf
from vault_app.domain.errors import IntegrityError

MAGIC = b"PDVBACKUP1\n"
MAX_MANIFEST = 64 * 1024


@dataclass(frozen=True)
class BackupContents:
    manifest: dict[str, Any]
    keyfile: bytes
    head: bytes | None
    db: bytes


def _mac_key(data_key: bytes) -> bytes:
    return hkdf(data_key, "pdvault/backup-mac/v1")


def _mac_input(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def build(
    *,
    vault_id: str,
    created_ms: int,
    keyfile: bytes,
    head: bytes | None,
    db: bytes,
    schema: int,
    data_key: bytes,
) -> bytes:
    manifest: dict[str, Any] = {
        "format": "pdvault-backup",
        "version": 1,
        "vault_id": vault_id,
        "created_ms": created_ms,
        "schema": schema,
        "keyfile": keyfile.decode(),
        "head": head.decode() if head else None,
        "db_size": len(db),
        "db_sha256": hashlib.sha256(db).hexdigest(),
    }
    manifest["mac"] = hmac.new(_mac_key(data_key), _mac_input(manifest), hashlib.sha256).hexdigest()
    m = json.dumps(manifest, sort_keys=True).encode()
    return MAGIC + struct.pack(">I", len(m)) + m + db


def parse(raw: bytes) -> BackupContents:
    """Check structure and the database hash (no password needed).

    Raises IntegrityError naming the problem."""
    if not raw.startswith(MAGIC):
        raise IntegrityError("This file is not a Personal Data Vault backup.", reason="not-a-backup")
    try:
        (mlen,) = struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])
        if mlen > MAX_MANIFEST:
            raise ValueError
        start = len(MAGIC) + 4
        manifest = json.loads(raw[start : start + mlen])
        if manifest.get("format") != "pdvault-backup" or manifest.get("version") != 1:
            raise ValueError
        db = raw[start + mlen :]
        keyfile = str(manifest["keyfile"]).encode()
        head = str(manifest["head"]).encode() if manifest.get("head") else None
    except (ValueError, KeyError, TypeError, struct.error):
        raise IntegrityError(
            "The backup file is damaged (its header cannot be read).", reason="backup-corrupt"
        ) from None
    if len(db) != manifest.get("db_size"):
        raise IntegrityError("The backup file is truncated.", reason="backup-truncated")
    if not hmac.compare_digest(hashlib.sha256(db).hexdigest(), str(manifest.get("db_sha256"))):
        raise IntegrityError(
            "The backup file is damaged: its contents do not match its checksum.", reason="backup-corrupt"
        )
    return BackupContents(manifest, keyfile, head, db)


def check_mac(contents: BackupContents, data_key: bytes) -> None:
    want = hmac.new(_mac_key(data_key), _mac_input(contents.manifest), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, str(contents.manifest.get("mac", ""))):
        raise IntegrityError(
            "The backup was altered: its authentication code does not match.", reason="backup-forged"
        )
