"""Full disks and read-only storage: specific messages, and nothing that was committed is lost.

A full disk is a real, small tmpfs (skipped with the reason where mounting is not permitted). A read-only
folder is a folder without write permission; because root ignores permissions, the probe then runs in a
subprocess whose capabilities to override them were dropped (``setpriv``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.errors import AuthError, EnvironmentFault, NotFoundError
from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD, remount_read_only

TESTS = Path(__file__).resolve().parents[2]


def _fill(d: Path, leave: int = 0) -> Path:
    """Fill the filesystem of ``d`` up to ``leave`` bytes free; returns the filler file (delete it to
    free)."""
    filler = d / "filler.bin"
    st = os.statvfs(d)
    free = st.f_bavail * st.f_frsize
    with open(filler, "wb") as fh:
        try:
            fh.write(b"\0" * max(0, free - leave))
            fh.flush()
        except OSError:
            pass
    return filler


def _state(svc: VaultService) -> tuple[dict[str, str], int]:
    return {f.name: f.value for f in svc.list_fields()}, svc.history_count()


def test_database_writes_on_a_full_disk(small_fs, clock) -> None:
    fs = small_fs("1m")
    svc = VaultService(fs / "vault", clock=clock, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    filler = fs / "filler.bin"
    filler.write_bytes(b"\0" * 64 * 1024)  # freed later, to show the vault carries on
    committed: dict[str, str] = {}
    err = None
    for i in range(2000):
        value = os.urandom(300).hex()
        try:
            svc.add_field(f"f{i}", "text", "other", value)
        except EnvironmentFault as exc:
            err = exc
            failed = f"f{i}"
            break
        committed[f"f{i}"] = value
    assert err is not None, "the disk never filled up"
    assert err.reason == "disk-full"
    assert "disk is full" in err.message and "Nothing was changed" in err.message
    assert {f.name: f.value for f in svc.list_fields()} == committed  # the failed one is not there
    with pytest.raises(NotFoundError):
        svc.get_field(failed)
    assert svc.verify_history().ok
    svc.lock()  # locking on a full disk still works (its checkpoint may fail quietly)

    again = VaultService(fs / "vault", clock=clock)
    again.unlock(TEST_PASSWORD)
    try:
        assert {f.name: f.value for f in again.list_fields()} == committed
        assert again.db.integrity_check() == []
        assert again.verify_history().ok
        filler.unlink()
        again.add_field(failed, "text", "other", "now it fits")
        assert again.get_field(failed).value == "now it fits"
    finally:
        again.lock()


def test_password_change_on_a_full_disk_keeps_the_old_password(small_fs, clock) -> None:
    fs = small_fs("1m")
    svc = VaultService(fs / "vault", clock=clock, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    svc.add_field("email", "email", "contact", "ada@example.org")
    before = _state(svc)
    filler = _fill(fs)
    with pytest.raises(EnvironmentFault) as ei:
        svc.change_password(TEST_PASSWORD, "a brand new passphrase")
    assert ei.value.reason == "disk-full"
    assert not [p for p in (fs / "vault").iterdir() if p.name.endswith(".tmp")]
    filler.unlink()
    assert _state(svc) == before
    svc.lock()
    again = VaultService(fs / "vault", clock=clock)
    with pytest.raises(AuthError):
        again.unlock("a brand new passphrase")
    again.unlock(TEST_PASSWORD)
    assert _state(again) == before
    again.lock()


@pytest.mark.parametrize("what", ["backup", "export"])
def test_backup_and_export_to_a_full_disk(small_fs, make_service, what: str) -> None:
    svc = make_service()
    for i in range(100):
        svc.add_field(f"f{i}", "text", "other", os.urandom(200).hex())
    fs = small_fs("256k")
    target = fs / ("b.pdvbackup" if what == "backup" else "h.json")
    filler = _fill(fs, leave=8192)
    with pytest.raises(EnvironmentFault) as ei:
        if what == "backup":
            svc.create_backup(target)
        else:
            svc.export_history(target, "json")
    assert ei.value.reason == "disk-full" and "Nothing was changed" in ei.value.message
    assert list(fs.iterdir()) == [filler]  # no partial file
    assert svc.verify_history().ok and svc.db.integrity_check() == []


def test_export_whose_signature_cannot_be_written_leaves_no_unsigned_file(
    make_service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vault_app.history import export as hexport

    svc = make_service()
    real = hexport.atomic_write

    def sig_fails(path, data, mode=0o600, what=None):  # type: ignore[no-untyped-def]
        if str(path).endswith(".sig"):
            raise EnvironmentFault(
                "The disk is full: could not write the export signature. Nothing was changed.",
                reason="disk-full",
            )
        return real(path, data, mode, what)

    monkeypatch.setattr(hexport, "atomic_write", sig_fails)
    with pytest.raises(EnvironmentFault):
        svc.export_history(tmp_path / "h.csv", "csv")
    assert not (tmp_path / "h.csv").exists() and not (tmp_path / "h.csv.sig").exists()


def test_read_only_storage(small_fs, make_service, clock) -> None:
    fs = small_fs("2m")
    svc = VaultService(fs / "vault", clock=clock, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    svc.add_field("email", "email", "contact", "ada@example.org")
    svc.lock()
    remount_read_only(fs)
    ro = VaultService(fs / "vault", clock=clock)
    ro.unlock(TEST_PASSWORD)  # a vault on read-only media opens to be read (issue 14, item 9)...
    try:
        assert ro.get_field("email").value == "ada@example.org" and ro.verify_history().ok
        with pytest.raises(EnvironmentFault) as ei:  # ...and every change says why it cannot be made
            ro.add_field("phone", "phone", "contact", "+44 20 7946 0000")
        assert ei.value.reason == "read-only" and "read-only" in ei.value.message
    finally:
        ro.lock()

    other = make_service()
    for target, call in (
        (fs / "b.pdvbackup", other.create_backup),
        (fs / "h.json", lambda p: other.export_history(p, "json")),
    ):
        with pytest.raises(EnvironmentFault) as ei:
            call(target)
        assert ei.value.reason == "read-only" and "Nothing was changed" in ei.value.message


_PROBE = r"""
import json, sys
sys.path[:0] = [sys.argv[3], sys.argv[4]]
from vault_app.domain.errors import VaultError
from vault_app.services.vault import VaultService
out = {}
try:
    s = VaultService(sys.argv[1])
    s.unlock(sys.argv[2])
    out["unlock"] = "ok"
    try:
        s.create_backup(sys.argv[1] + "/../denied.pdvbackup")
        out["backup"] = "ok"
    except VaultError as e:
        out["backup"] = e.reason
    s.lock()
except VaultError as e:
    out["unlock"] = e.reason
    out["message"] = e.message
print(json.dumps(out))
"""


def _run_without_override(args: list[str]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", _PROBE, *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.skip(
                "running as root and setpriv (util-linux) is missing: cannot drop the permission override"
            )
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(
    "dir_mode,file_mode,reason",
    [
        (0o500, 0o600, "read-only"),
        (0o500, 0o400, "permission-denied"),
        (0o700, 0o400, "permission-denied"),
    ],
)
def test_read_only_folder(make_service, tmp_path: Path, dir_mode: int, file_mode: int, reason: str) -> None:
    svc = make_service(tmp_path / "vault")
    svc.add_field("email", "email", "contact", "ada@example.org")
    svc.lock()
    d = tmp_path / "vault"
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    for p in d.iterdir():
        os.chmod(p, file_mode)
    os.chmod(d, dir_mode)
    try:
        r = _run_without_override([str(d), TEST_PASSWORD, str(TESTS.parent), str(TESTS)])
    finally:
        os.chmod(d, 0o700)
        for p in d.iterdir():
            os.chmod(p, 0o600)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["unlock"] == reason, out
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before  # nothing changed on disk
    again = VaultService(d)
    again.unlock(TEST_PASSWORD)
    assert again.get_field("email").value == "ada@example.org"
    again.lock()


def test_rekey_on_a_full_disk_keeps_the_old_key(small_fs, clock) -> None:
    """Found by the full-disk harness: PRAGMA rekey failed silently on a full disk, the new key file was then
    put in place, and the vault could no longer be opened with the password."""
    fs = small_fs("4m")
    svc = VaultService(fs / "vault", clock=clock, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    for i in range(30):
        svc.add_field(f"f{i}", "text", "other", os.urandom(100).hex())
    before = _state(svc)
    filler = _fill(fs, leave=16 * 1024)
    with pytest.raises(EnvironmentFault) as ei:
        svc.rekey(TEST_PASSWORD)
    assert ei.value.reason == "disk-full"
    assert _state(svc) == before  # the open vault still reads
    filler.unlink()
    svc.add_field("after", "text", "other", "x")
    svc.lock()
    again = VaultService(fs / "vault", clock=clock)
    again.unlock(TEST_PASSWORD)
    assert again.get_field("f29").value == before[0]["f29"] and again.verify_history().ok
    again.rekey(TEST_PASSWORD)  # with room again it works
    again.lock()
    third = VaultService(fs / "vault", clock=clock)
    third.unlock(TEST_PASSWORD)
    assert third.field_count() == 31
    third.lock()


def test_password_change_whose_history_entry_cannot_be_written_still_counts(small_fs, clock) -> None:
    """Found by the full-disk harness: the key file was replaced, then recording the event failed on the full
    disk and the change was reported as failed ("Nothing was changed") although the new password was now the
    one."""
    fs = small_fs("4m")
    svc = VaultService(fs / "vault", clock=clock, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    svc.add_field("a", "text", "other", "1")
    import vault_app.services.vault as services

    real = services.atomic_write

    def write_key_then_fill(path, data, mode=0o600, what=None):  # type: ignore[no-untyped-def]
        real(path, data, mode, what)
        if Path(path).name == "vault.key":
            _fill(fs)  # the disk fills up right after the key file was written

    services.atomic_write = write_key_then_fill  # type: ignore[assignment]
    try:
        svc.change_password(TEST_PASSWORD, "a brand new passphrase")  # no error: the password did change
    finally:
        services.atomic_write = real  # type: ignore[assignment]
    assert svc.history_page(limit=1)[0].kind != "vault.password-changed"  # not written yet
    (fs / "filler.bin").unlink()
    svc.add_field("b", "text", "other", "2")  # the next change carries the pending entry
    kinds = [e.kind for e in svc.history_page(limit=2)]
    assert kinds == ["field.added", "vault.password-changed"]
    assert "happened_ms" in svc.history_page(limit=2)[1].data
    svc.lock()
    again = VaultService(fs / "vault", clock=clock)
    with pytest.raises(AuthError):
        again.unlock(TEST_PASSWORD)
    again.unlock("a brand new passphrase")
    assert again.verify_history().ok
    again.lock()
