"""Signed history exports: CSV and JSON, checked by the vault and by an independent JOSE library; any
change to the export or its signature is detected."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization as ser

from vault_app.domain.errors import IntegrityError, UsageError
from vault_app.history.chain import HistoryFilter
from vault_app.history.export import CSV_COLUMNS, verify_export
from vault_app.history.kinds import EventKind
from vault_app.services.vault import VaultService


@pytest.fixture
def vault(service: VaultService) -> VaultService:
    for i in range(5):
        service.add_field(f"f{i}", "text", "other", f"secret value {i}")
    service.update_field("f1", value="changed value")
    return service


def test_json_export_and_verify(vault: VaultService, tmp_path: Path) -> None:
    p = tmp_path / "history.json"
    sig = vault.export_history(p, "json")
    assert sig == tmp_path / "history.json.sig"
    doc = json.loads(p.read_text())
    assert doc["format"] == "pdvault-history-export" and doc["subject"] == vault.subject_did
    assert [e["seq"] for e in doc["entries"]] == list(range(1, 8))
    assert doc["head_seq"] == 7
    assert "secret value" not in p.read_text() and "changed value" not in p.read_text()
    claims = vault.verify_export(p)
    assert claims["entries"] == 7 and claims["iss"] == vault.subject_did and claims["format"] == "json"
    assert claims["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest() and claims["filtered"] is False
    # the export is itself recorded, after the exported head
    assert vault.history_page(limit=1)[0].kind == EventKind.HISTORY_EXPORTED


def test_csv_export_and_filters(vault: VaultService, tmp_path: Path) -> None:
    p = tmp_path / "h.csv"
    vault.export_history(p, "csv", HistoryFilter(field="f1"))
    rows = list(csv.reader(io.StringIO(p.read_text())))
    assert rows[0] == CSV_COLUMNS
    assert [r[2] for r in rows[1:]] == [EventKind.FIELD_ADDED, EventKind.FIELD_CHANGED]
    claims = vault.verify_export(p)
    assert claims["filtered"] is True and claims["entries"] == 2 and claims["format"] == "csv"


def test_unknown_format(vault: VaultService, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        vault.export_history(tmp_path / "h.xml", "xml")
    assert not (tmp_path / "h.xml").exists()


def test_signature_checks_with_an_independent_jose_library(vault: VaultService, tmp_path: Path) -> None:
    from jwcrypto import jwk, jws

    p = tmp_path / "h.json"
    sig = vault.export_history(p, "json")
    pem = vault.identity_key.public_key().public_bytes(
        ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo
    )
    token = jws.JWS()
    token.deserialize(sig.read_text().strip())
    token.verify(jwk.JWK.from_pem(pem), alg="EdDSA")
    payload = json.loads(token.payload)
    assert payload["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
    assert json.loads(token.objects["protected"])["typ"] == "pdv-history-export+jwt"


def _altered_variants(data: bytes, token: str) -> dict[str, tuple[bytes, str, str]]:
    import base64

    h, pl, s = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(pl + "=" * (-len(pl) % 4)))
    claims["sha256"] = hashlib.sha256(data + b"x").hexdigest()  # a payload re-signed for altered data
    forged_pl = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    other_sig = ("A" if s[0] != "A" else "B") + s[1:]
    return {
        "one byte of the export": (data.replace(b'"seq": 3', b'"seq": 9', 1), token, "altered"),
        "an appended line": (data + b"\n", token, "altered"),
        "a truncated export": (data[:-20], token, "altered"),
        "the signature": (data, f"{h}.{pl}.{other_sig}", "bad-signature"),
        "the payload": (data + b"x", f"{h}.{forged_pl}.{s}", "bad-signature"),
        "garbage signature file": (data, "not a jws", "malformed"),
        "alg none": (data, "eyJhbGciOiJub25lIn0." + pl + ".", "malformed"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "one byte of the export",
        "an appended line",
        "a truncated export",
        "the signature",
        "the payload",
        "garbage signature file",
        "alg none",
    ],
)
def test_altered_exports_are_detected(vault: VaultService, tmp_path: Path, case: str) -> None:
    p = tmp_path / "h.json"
    sig = vault.export_history(p, "json")
    data, token, reason = _altered_variants(p.read_bytes(), sig.read_text().strip())[case]
    p.write_bytes(data)
    sig.write_text(token + "\n")
    with pytest.raises(IntegrityError) as ei:
        vault.verify_export(p)
    assert ei.value.reason == reason


def test_an_export_signed_by_another_subject(make_service, tmp_path: Path) -> None:
    a = make_service(tmp_path / "a")
    b = make_service(tmp_path / "b")
    sig = a.export_history(tmp_path / "h.json", "json")
    with pytest.raises(IntegrityError) as ei:
        b.verify_export(tmp_path / "h.json")
    assert ei.value.reason == "bad-signature"
    assert verify_export(tmp_path / "h.json", a.identity_key.public_key(), sig)["iss"] == a.subject_did


def test_missing_signature_file(vault: VaultService, tmp_path: Path) -> None:
    p = tmp_path / "h.json"
    vault.export_history(p, "json").unlink()
    with pytest.raises(IntegrityError) as ei:
        vault.verify_export(p)
    assert ei.value.reason == "export-missing"
