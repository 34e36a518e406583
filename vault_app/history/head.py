"""The chain head kept outside the database (``head.json``), signed with the subject's identity key.

Replacing the whole database with an older copy of itself leaves a valid chain inside it; what gives it
away is this file, which remembers a later head. On every open the vault checks that the database still
contains the entry this file names, with the same hash. The file holds no personal data: a sequence number,
a hash, a time, and (version 2) the generation of the key file in use, so that an older ``vault.key`` put
back is recognised.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vault_app.domain.errors import IntegrityError
from vault_app.domain.files import atomic_write

HEAD_FILE = "head.json"


def _message(vault_id: str, seq: int, head: bytes, ts_ms: int, generation: int | None = None) -> bytes:
    if generation is None:  # version 1 heads, written before key-file generations existed
        return f"pdvault-head-v1:{vault_id}:{seq}:{head.hex()}:{ts_ms}".encode()
    return f"pdvault-head-v2:{vault_id}:{seq}:{head.hex()}:{ts_ms}:{generation}".encode()


@dataclass(frozen=True)
class SignedHead:
    vault_id: str
    seq: int
    hash: bytes
    ts_ms: int
    signature: bytes
    #: the key file's generation when this head was written; None in a version 1 head
    generation: int | None = None

    def message(self) -> bytes:
        return _message(self.vault_id, self.seq, self.hash, self.ts_ms, self.generation)

    def to_bytes(self) -> bytes:
        doc: dict[str, object] = {
            "format": "pdvault-head",
            "version": 1 if self.generation is None else 2,
            "vault_id": self.vault_id,
            "seq": self.seq,
            "hash": self.hash.hex(),
            "ts_ms": self.ts_ms,
            "sig": base64.urlsafe_b64encode(self.signature).decode().rstrip("="),
        }
        if self.generation is not None:
            doc["key_generation"] = self.generation
        return (json.dumps(doc, indent=2) + "\n").encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> SignedHead:
        try:
            d = json.loads(raw.decode())
            if d.get("format") != "pdvault-head" or d.get("version") not in (1, 2):
                raise ValueError
            gen = int(d["key_generation"]) if d["version"] == 2 else None
            sig = str(d["sig"])
            return cls(
                str(d["vault_id"]),
                int(d["seq"]),
                bytes.fromhex(str(d["hash"])),
                int(d["ts_ms"]),
                base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)),
                gen,
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise IntegrityError(
                "The vault's head file (head.json) is damaged.", reason="head-corrupt"
            ) from None


def write_head(
    vault_dir: Path,
    vault_id: str,
    seq: int,
    head: bytes,
    ts_ms: int,
    key: Ed25519PrivateKey,
    generation: int = 0,
    *,
    refresh: bool = False,
) -> None:
    """Sign and write the head. ``refresh``: the routine rewrite after a change, over a head file that names
    an entry the database still holds; its rename is not made durable with an fsync of the folder, because
    if a power loss undoes it the previous head is left, which the next unlock accepts (it names an older
    entry of the same chain, as after a crash between a commit and this write). The first head of a vault,
    and one that replaces a head naming entries the database lost (accepting an older database), are."""
    sig = key.sign(_message(vault_id, seq, head, ts_ms, generation))
    atomic_write(
        vault_dir / HEAD_FILE,
        SignedHead(vault_id, seq, head, ts_ms, sig, generation).to_bytes(),
        what="record the history head",
        sync_dir=not refresh,
    )


def signed_by(signed: SignedHead, public_key: Ed25519PublicKey) -> bool:
    try:
        public_key.verify(signed.signature, signed.message())
    except InvalidSignature:
        return False
    return True


def read_head(vault_dir: Path) -> SignedHead | None:
    p = vault_dir / HEAD_FILE
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return None
    return SignedHead.from_bytes(raw[:8192])


def check_head(
    signed: SignedHead | None, vault_id: str, db_seq: int, hash_at: object, public_key: Ed25519PublicKey
) -> None:
    """Raise IntegrityError when the database is older than, or diverges from, the head recorded outside
    it.

    ``hash_at`` is a callable seq -> bytes | None reading the database.
    """
    if signed is None:
        raise IntegrityError(
            "The vault's head file (head.json) is missing, so the app cannot tell whether the database was "
            "replaced by an older copy. Nothing was changed. Restore the vault folder from your latest "
            "backup.",
            reason="head-missing",
        )
    if signed.vault_id != vault_id:
        raise IntegrityError("The head file belongs to a different vault.", reason="head-mismatch")
    if not signed_by(signed, public_key):
        raise IntegrityError("The head file's signature is invalid: it was edited.", reason="head-forged")
    if signed.seq > db_seq:
        raise IntegrityError(
            "The database is older than this vault's last recorded state (it ends at history entry "
            f"{db_seq}, but entry {signed.seq} was recorded). It may have been replaced by an older copy. "
            "Nothing was changed; restore the latest backup.",
            reason="rollback",
        )
    actual = hash_at(signed.seq) if signed.seq else None  # type: ignore[operator]
    if signed.seq and actual != signed.hash:
        raise IntegrityError(
            f"History entry {signed.seq} in the database differs from the one recorded outside it: the "
            "database was replaced or rewritten.",
            reason="rollback",
        )
