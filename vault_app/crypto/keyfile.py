"""The vault key file: the random data key and the subject's identity key, each wrapped under the master
password.

File ``vault.key`` (JSON, 0600), version 2::

    {"format": "pdvault-keyfile", "version": 2, "vault_id": "...", "generation": 3, "did": "did:key:z6Mk...",
     "kdf": {"alg": "argon2id", ...},
     "wrap": {"alg": "A256GCM", "nonce": "<b64>", "ct": "<b64>"},        # the data key
     "identity": {"alg": "A256GCM", "nonce": "<b64>", "ct": "<b64>"}}    # the identity key's 32-byte seed

Argon2id turns the password into a key-encryption key (KEK). The 256-bit data key is encrypted with
AES-256-GCM under the KEK; the identity key (Ed25519, it signs the history's checkpoints and head) under a
second key derived from the KEK with HKDF ("pdvault/identity-wrap/v2"). The two are apart on purpose: the
data key opens the database, but whoever holds only the data key (a copy of it from memory, or an old key
file) still cannot sign a history, so a rewritten history cannot verify. The associated data of each wrap
is the canonical JSON of every other header member plus the slot's name, so changing any parameter, the
vault id, the generation or the DID, or swapping the two ciphertexts, makes the unwrap fail.

``generation`` counts the key file's replacements (password changes, re-keys); the vault records it inside
the database and in the signed head, so an older key file put back in place is recognised (see
VaultService.unlock).

Version 1 (before issue 14) had no identity slot, generation or DID: the identity key was in the database.
Such a file still opens; the vault moves the identity key into a version 2 file at the next unlock with the
password.
"""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vault_app.crypto.kdf import KdfParams, derive_key
from vault_app.crypto.keys import hkdf
from vault_app.domain.errors import AuthError, IntegrityError

FORMAT = "pdvault-keyfile"
VERSION = 2
KNOWN_VERSIONS = (1, 2)
MAX_KEYFILE_BYTES = 16 * 1024
IDENTITY_WRAP_LABEL = "pdvault/identity-wrap/v2"


#: the form str(uuid.uuid4()) writes, which every key file holds
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _vault_id(value: object) -> str:
    """The vault id in its canonical form; ValueError if it is no UUID. The canonical form is recognised
    without the uuid module, whose import (it pulls in platform) cost every command a few milliseconds."""
    text = str(value)
    if _CANONICAL_UUID.fullmatch(text):
        return text
    import uuid

    return str(uuid.UUID(text))


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    kdf: KdfParams
    nonce: bytes
    ciphertext: bytes
    version: int = 1
    generation: int = 0
    did: str | None = None
    id_nonce: bytes | None = None
    id_ciphertext: bytes | None = None

    @property
    def has_identity(self) -> bool:
        return self.id_ciphertext is not None

    def associated_data(self, slot: str = "data-key") -> bytes:
        return _aad(self.vault_id, self.kdf, self.version, self.generation, self.did, slot)

    def to_bytes(self) -> bytes:
        doc: dict[str, object] = {
            "format": FORMAT,
            "version": self.version,
            "vault_id": self.vault_id,
            "kdf": self.kdf.to_json(),
            "wrap": _slot(self.nonce, self.ciphertext),
        }
        if self.version >= 2:
            assert self.id_nonce is not None and self.id_ciphertext is not None
            doc.update(
                generation=self.generation, did=self.did, identity=_slot(self.id_nonce, self.id_ciphertext)
            )
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
            version = doc.get("version")
            if version not in KNOWN_VERSIONS or isinstance(version, bool):
                raise IntegrityError(
                    f"This vault's key file has version {version!r}, which this version of the app "
                    "does not know. Update the app.",
                    reason="keyfile-version",
                )
            nonce, ct = _read_slot(doc["wrap"])
            extra: dict[str, object] = {}
            if version >= 2:
                gen = doc["generation"]
                if not isinstance(gen, int) or isinstance(gen, bool) or not 0 <= gen < 2**53:
                    raise damaged
                did = doc["did"]
                if not isinstance(did, str) or not did.startswith("did:key:") or len(did) > 200:
                    raise damaged
                id_nonce, id_ct = _read_slot(doc["identity"])
                extra = {"generation": gen, "did": did, "id_nonce": id_nonce, "id_ciphertext": id_ct}
            kf = cls(
                vault_id=_vault_id(doc["vault_id"]),
                kdf=KdfParams.from_json(doc["kdf"]),
                nonce=nonce,
                ciphertext=ct,
                version=int(version),
                **extra,  # type: ignore[arg-type]
            )
        except IntegrityError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise damaged from None
        if len(kf.nonce) != 12 or len(kf.ciphertext) != 48:
            raise damaged
        if kf.version >= 2 and (len(kf.id_nonce or b"") != 12 or len(kf.id_ciphertext or b"") != 48):
            raise damaged
        return kf


@dataclass(frozen=True)
class VaultKeys:
    """What the password opens: the data key and (from a version 2 key file) the identity key's seed.
    ``kek`` is kept only so that moving a version 1 file to version 2 needs no second Argon2id run; drop it
    after that."""

    data_key: bytes
    identity_seed: bytes | None
    kek: bytes


def _slot(nonce: bytes, ct: bytes) -> dict[str, str]:
    return {"alg": "A256GCM", "nonce": base64.b64encode(nonce).decode(), "ct": base64.b64encode(ct).decode()}


def _read_slot(slot: object) -> tuple[bytes, bytes]:
    if not isinstance(slot, dict) or slot.get("alg") != "A256GCM":
        raise ValueError("unknown wrap")
    return (base64.b64decode(slot["nonce"], validate=True), base64.b64decode(slot["ct"], validate=True))


def _aad(
    vault_id: str,
    kdf: KdfParams,
    version: int = 1,
    generation: int = 0,
    did: str | None = None,
    slot: str = "data-key",
) -> bytes:
    head: dict[str, object] = {
        "format": FORMAT,
        "version": version,
        "vault_id": vault_id,
        "kdf": kdf.to_json(),
    }
    if version >= 2:
        head.update(generation=generation, did=did, slot=slot)
    return json.dumps(head, sort_keys=True, separators=(",", ":")).encode()


def wrap_with_kek(
    data_key: bytes,
    kek: bytes,
    vault_id: str,
    kdf: KdfParams,
    *,
    identity_seed: bytes | None = None,
    did: str | None = None,
    generation: int = 0,
) -> KeyFile:
    """A version 2 key file when ``identity_seed`` (with its ``did``) is given, else a version 1 file."""
    if identity_seed is None:
        nonce = os.urandom(12)
        return KeyFile(vault_id, kdf, nonce, AESGCM(kek).encrypt(nonce, data_key, _aad(vault_id, kdf)))
    if did is None or len(identity_seed) != 32:
        raise ValueError("an identity key needs its 32-byte seed and its DID")
    nonce, id_nonce = os.urandom(12), os.urandom(12)
    ct = AESGCM(kek).encrypt(nonce, data_key, _aad(vault_id, kdf, 2, generation, did, "data-key"))
    id_ct = AESGCM(hkdf(kek, IDENTITY_WRAP_LABEL)).encrypt(
        id_nonce, identity_seed, _aad(vault_id, kdf, 2, generation, did, "identity-key")
    )
    return KeyFile(vault_id, kdf, nonce, ct, 2, generation, did, id_nonce, id_ct)


def wrap(
    data_key: bytes,
    password: str,
    vault_id: str,
    kdf: KdfParams,
    *,
    identity_seed: bytes | None = None,
    did: str | None = None,
    generation: int = 0,
) -> KeyFile:
    return wrap_with_kek(
        data_key,
        derive_key(password, kdf),
        vault_id,
        kdf,
        identity_seed=identity_seed,
        did=did,
        generation=generation,
    )


def open_with_kek(kf: KeyFile, kek: bytes) -> VaultKeys:
    try:
        data_key = AESGCM(kek).decrypt(kf.nonce, kf.ciphertext, kf.associated_data("data-key"))
        seed = None
        if kf.id_nonce is not None and kf.id_ciphertext is not None:
            seed = AESGCM(hkdf(kek, IDENTITY_WRAP_LABEL)).decrypt(
                kf.id_nonce, kf.id_ciphertext, kf.associated_data("identity-key")
            )
    except InvalidTag:
        raise AuthError("The password is wrong.") from None
    return VaultKeys(data_key, seed, kek)


def open_keys(kf: KeyFile, password: str) -> VaultKeys:
    """Both keys with one Argon2id run. AuthError when the password (or any header member) is wrong."""
    return open_with_kek(kf, derive_key(password, kf.kdf))


def unwrap_with_kek(kf: KeyFile, kek: bytes) -> bytes:
    return open_with_kek(kf, kek).data_key


def unwrap(kf: KeyFile, password: str) -> bytes:
    """The data key alone."""
    return open_keys(kf, password).data_key
