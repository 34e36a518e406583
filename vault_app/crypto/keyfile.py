"""The vault key file: the random data key wrapped under a key derived from the master password.

File ``vault.key`` (JSON, 0600)::

    {"format": "pdvault-keyfile", "version": 1, "vault_id": "...",
     "kdf": {"alg": "argon2id", ...},
     "wrap": {"alg": "A256GCM", "nonce": "<b64>", "ct": "<b64>"}}

The 256-bit data key is encrypted with AES-256-GCM under the Argon2id output; the associated data is the
canonical JSON of every other header member, so changing any parameter (or the vault id) makes the unwrap
fail. The data key opens the SQLCipher database as a raw key, so a password change only rewrites this small
file.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vault_app.crypto.kdf import KdfParams, derive_key
from vault_app.domain.errors import AuthError, IntegrityError

FORMAT = "pdvault-keyfile"
VERSION = 1
MAX_KEYFILE_BYTES = 16 * 1024


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    kdf: KdfParams
    nonce: bytes
    ciphertext: bytes

    def associated_data(self) -> bytes:
        return _aad(self.vault_id, self.kdf)

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "kdf": self.kdf.to_json(),
            "wrap": {
                "alg": "A256GCM",
                "nonce": base64.b64encode(self.nonce).decode(),
                "ct": base64.b64encode(self.ciphertext).decode(),
            },
        }
        return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyFile:
        damaged = IntegrityError(
            "The vault's key file (vault.key) is damaged or is not a Personal Data Vault key file. "
            "Restore it from a backup.",
            reason="keyfile-corrupt",
        )
        if len(raw) > MAX_KEYFILE_BYTES:
            raise damaged
        try:
            doc = json.loads(raw.decode("utf-8"))
            if doc.get("format") != FORMAT:
                raise damaged
            if doc.get("version") != VERSION:
                raise IntegrityError(
                    f"This vault's key file has version {doc.get('version')!r}, which this version of the "
                    "app does not know. Update the app.",
                    reason="keyfile-version",
                )
            wrap = doc["wrap"]
            if wrap.get("alg") != "A256GCM":
                raise damaged
            kf = cls(
                vault_id=str(uuid.UUID(str(doc["vault_id"]))),
                kdf=KdfParams.from_json(doc["kdf"]),
                nonce=base64.b64decode(wrap["nonce"], validate=True),
                ciphertext=base64.b64decode(wrap["ct"], validate=True),
            )
        except IntegrityError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise damaged from None
        if len(kf.nonce) != 12 or len(kf.ciphertext) != 48:
            raise damaged
        return kf


def _aad(vault_id: str, kdf: KdfParams) -> bytes:
    return json.dumps(
        {"format": FORMAT, "version": VERSION, "vault_id": vault_id, "kdf": kdf.to_json()},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def wrap_with_kek(data_key: bytes, kek: bytes, vault_id: str, kdf: KdfParams) -> KeyFile:
    nonce = os.urandom(12)
    ct = AESGCM(kek).encrypt(nonce, data_key, _aad(vault_id, kdf))
    return KeyFile(vault_id, kdf, nonce, ct)


def wrap(data_key: bytes, password: str, vault_id: str, kdf: KdfParams) -> KeyFile:
    return wrap_with_kek(data_key, derive_key(password, kdf), vault_id, kdf)


def unwrap_with_kek(kf: KeyFile, kek: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(kf.nonce, kf.ciphertext, kf.associated_data())
    except InvalidTag:
        raise AuthError("The password is wrong.") from None


def unwrap(kf: KeyFile, password: str) -> bytes:
    return unwrap_with_kek(kf, derive_key(password, kf.kdf))
