"""History export (CSV or JSON) with a detached signature the subject can hand to a regulator.

The signature file ``<export>.sig`` is a compact JWS (EdDSA, typ ``pdv-history-export+jwt``) by the
subject's identity key over the SHA-256 of the exported bytes, the number of entries and the chain head.
Anyone can check it with ordinary JOSE tools and ``sha256sum``; ``pdvault-cli history verify-export`` does
both.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vault_app.domain.clock import iso
from vault_app.domain.errors import IntegrityError, UsageError
from vault_app.domain.files import atomic_write
from vault_app.domain.shown import org_text
from vault_app.history.chain import HistoryEntry

EXPORT_TYP = "pdv-history-export+jwt"
CSV_COLUMNS = ["seq", "time", "kind", "organisation", "field", "purpose", "details", "hash", "prev_hash"]


def _b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def _b64u_dec(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def render(entries: Iterable[HistoryEntry], fmt: str, meta: dict[str, Any]) -> tuple[bytes, int]:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        n = 0
        for e in entries:
            w.writerow(
                [
                    e.seq,
                    iso(e.ts_ms / 1000),
                    e.kind,
                    e.org or "",
                    e.field or "",
                    org_text(e.purpose),
                    json.dumps(e.data, sort_keys=True, ensure_ascii=False),
                    e.hash.hex(),
                    e.prev_hash.hex(),
                ]
            )
            n += 1
        return buf.getvalue().encode("utf-8"), n
    if fmt == "json":
        items = [dict(e.to_json(), time=iso(e.ts_ms / 1000)) for e in entries]
        doc = dict(meta, entries=items)
        return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8"), len(items)
    raise UsageError(f"Unknown export format {fmt!r}: use csv or json.")


def sign_export(data: bytes, *, key: Ed25519PrivateKey, kid: str, claims: dict[str, Any]) -> str:
    header = {"alg": "EdDSA", "typ": EXPORT_TYP, "kid": kid}
    payload = dict(claims, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    signing_input = (
        _b64u(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64u(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    )
    return signing_input + "." + _b64u(key.sign(signing_input.encode()))


def write_export(path: Path, data: bytes, signature: str) -> Path:
    sig_path = path.with_name(path.name + ".sig")
    atomic_write(path, data, what="write the export")
    try:
        atomic_write(sig_path, (signature + "\n").encode(), what="write the export signature")
    except BaseException:
        # an export without its signature proves nothing and would be mistaken for a complete one
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return sig_path


def verify_export(path: Path, public_key: Ed25519PublicKey, sig_path: Path | None = None) -> dict[str, Any]:
    """Check an export against its signature. Returns the signed claims; raises IntegrityError if altered."""
    sig_path = sig_path or path.with_name(path.name + ".sig")
    try:
        token = sig_path.read_text().strip()
        data = path.read_bytes()
    except OSError as exc:
        raise IntegrityError(
            f"Cannot read the export or its signature: {exc.strerror}.", reason="export-missing"
        ) from None
    try:
        h, p, s = token.split(".")
        header = json.loads(_b64u_dec(h))
        payload = json.loads(_b64u_dec(p))
        if header.get("alg") not in ("EdDSA", "Ed25519") or header.get("typ") != EXPORT_TYP:
            raise ValueError
        public_key.verify(_b64u_dec(s), f"{h}.{p}".encode())
    except InvalidSignature:
        raise IntegrityError(
            "The export's signature is not valid for this vault.", reason="bad-signature"
        ) from None
    except (ValueError, TypeError, UnicodeDecodeError):
        raise IntegrityError("The signature file is malformed.", reason="malformed") from None
    if hashlib.sha256(data).hexdigest() != payload.get("sha256"):
        raise IntegrityError(
            "The export was altered after it was signed (its hash does not match).", reason="altered"
        )
    return dict(payload)
