"""No plaintext on disk: distinctive canary values written through every use case must never appear, in any
encoding we can think of, in the vault folder (WAL and journal included) or the temporary folder."""

from __future__ import annotations

import base64
import os
import secrets
import tempfile
from pathlib import Path

import pytest

from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD, canary_forms, scan_for_canaries


def test_canary_forms_cover_the_encodings() -> None:
    c = "CANARY-" + secrets.token_hex(8)
    forms = canary_forms(c)
    blob = b"xx" + base64.b64encode(b"prefix " + c.encode() + b" suffix") + b"yy"
    assert any(f in blob for f in forms)
    blob16 = ("noise " + c + " noise").encode("utf-16-le")
    assert any(f in blob16 for f in forms)
    assert not any(f in b"completely unrelated bytes" * 100 for f in forms)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "tmpdir"
    d.mkdir()
    monkeypatch.setenv("TMPDIR", str(d))
    monkeypatch.setattr(tempfile, "tempdir", None)  # recomputed from TMPDIR
    assert tempfile.gettempdir() == str(d)
    return d


def test_no_canary_on_disk(make_service, tmp_path: Path, private_tmp: Path) -> None:
    canaries = ["CANARY-" + secrets.token_hex(8) for _ in range(6)] + [
        "Zürich-Straße-" + secrets.token_hex(4)
    ]
    svc: VaultService = make_service(tmp_path / "vault")
    svc.add_field("email", "email", "contact", f"{canaries[0].lower()}@example.org")
    svc.add_field("note", "text", "other", canaries[1])
    svc.add_field("address", "address", "location", canaries[6] + "\n1 Main Street")
    svc.add_field("to_delete", "text", "health", canaries[2])
    svc.update_field("note", value=canaries[3])  # the old value must not linger either (secure_delete)
    svc.delete_field("to_delete")
    for i in range(200):  # enough writes to move pages around and trigger a WAL checkpoint
        svc.add_field(f"filler{i}", "text", "other", f"{canaries[4]} {i}")
    exports = tmp_path / "exports"
    exports.mkdir()
    svc.export_history(exports / "history.json", "json")
    svc.export_history(exports / "history.csv", "csv")
    svc.create_backup(exports / "vault.pdvbackup")
    svc.change_password(TEST_PASSWORD, canaries[5] + " passphrase")
    svc.search_fields(canaries[1][:12])
    roots = [svc.vault_dir, private_tmp, exports]
    # while open: the WAL and its index are there
    assert (svc.vault_dir / "vault.db-wal").exists()
    assert scan_for_canaries(roots, canaries) == []
    svc.lock()
    assert scan_for_canaries(roots, canaries) == []
    # the scan itself would find a canary if one were there
    (private_tmp / "leak.txt").write_bytes(canaries[3].encode("utf-16-le"))
    assert [c for _p, c in scan_for_canaries(roots, canaries)] == [canaries[3]]


def test_no_canary_in_the_wal_of_a_crashed_vault(tmp_path: Path, private_tmp: Path) -> None:
    import signal
    import subprocess
    import sys

    canary = "CANARY-" + secrets.token_hex(8)
    tests_dir = Path(__file__).resolve().parents[2]
    code = (
        "import os, signal, sys\n"
        "sys.path[:0] = sys.argv[3:5]\n"
        "from vault_app.services.vault import VaultService\n"
        "from vault_app.crypto.kdf import minimum_params\n"
        "s = VaultService(sys.argv[1], kdf_factory=lambda p: minimum_params())\n"
        "s.create(sys.argv[5])\n"
        "for i in range(50):\n"
        "    s.add_field(f'f{i}', 'text', 'other', sys.stdin.readline().strip())\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = dict(os.environ, TMPDIR=str(private_tmp))
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            str(tmp_path / "vault"),
            "",
            str(tests_dir.parent),
            str(tests_dir),
            TEST_PASSWORD,
        ],
        input="\n".join(f"{canary}-{i}" for i in range(50)),
        text=True,
        env=env,
        capture_output=True,
        check=False,
    )
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert (tmp_path / "vault" / "vault.db-wal").stat().st_size > 0
    assert scan_for_canaries([tmp_path / "vault", private_tmp], [canary]) == []
    svc = VaultService(tmp_path / "vault")
    svc.unlock(TEST_PASSWORD)
    assert svc.get_field("f49").value == f"{canary}-49"  # it was all there, encrypted
    svc.lock()
    assert os.listdir(private_tmp) == []
