"""Full disk and failing writes (issue 6, item 2): a workload on a small filesystem that keeps running out
of space, and a fault-injecting layer under every file the vault writes. Each failure must be a specific,
known error, leave the previous state intact (fields, history, password) and the vault openable.

Quick: 20 disk-full failures and 60 injected faults; PDV_FULL=1: 200 and 1,000.
"""

from __future__ import annotations

import errno
import os
import random
from pathlib import Path
from typing import Any

import pytest
from harnesslib import report, scale

from vault_app.crypto.kdf import minimum_params
from vault_app.domain import files
from vault_app.domain.errors import AuthError, EnvironmentFault, NotFoundError, VaultError
from vault_app.services import vault as services
from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD

PASSWORDS = (TEST_PASSWORD, "another long passphrase")


def _state(svc: VaultService) -> tuple[dict[str, str], int]:
    return {f.name: f.value for f in svc.list_fields(limit=100000)}, svc.history.head()[0]


def _check_reopens(vault: Path, password: str, expected: tuple[dict[str, str], int]) -> list[str]:
    svc = VaultService(vault)
    try:
        svc.unlock(password)
    except VaultError as exc:
        return [f"does not reopen: {exc.reason}: {exc}"]
    try:
        problems = []
        got = _state(svc)
        if got[0] != expected[0]:
            problems.append("fields differ after reopening")
        if got[1] < expected[1]:
            problems.append(f"history shrank from {expected[1]} to {got[1]}")
        if svc.db.integrity_check():
            problems.append("integrity check failed")
        if not svc.verify_history().ok:
            problems.append("history does not verify")
        return problems
    finally:
        svc.lock()


def _random_op(svc: VaultService, rng: random.Random, out_dir: Path, password: str) -> tuple[str, Any]:
    names = [f.name for f in svc.list_fields(limit=100000)]
    r = rng.random()
    if r < 0.45 or not names:
        name, value = f"f{rng.randrange(300)}", os.urandom(rng.randrange(50, 1500)).hex()
        svc.set_field(name, "text", "other", value)
        return "set", (name, value)
    if r < 0.6:
        name = rng.choice(names)
        svc.delete_field(name)
        return "delete", name
    if r < 0.75:
        with svc.transaction("append test events") as c:
            svc.history.append_many(
                c, (("test.event", None, None, None, {"i": i}) for i in range(rng.randrange(1, 400)))
            )
        return "history", None
    if r < 0.85:
        svc.create_backup(out_dir / f"b{rng.randrange(2)}.pdvbackup")
        return "backup", None
    if r < 0.93:
        svc.export_history(out_dir / "h.json", "json")
        return "export", None
    if r < 0.97:
        new = PASSWORDS[1] if password == PASSWORDS[0] else PASSWORDS[0]
        svc.change_password(password, new)
        return "passwd", new
    svc.rekey(password)
    return "rekey", None


def test_workload_on_a_filesystem_that_keeps_filling_up(small_fs) -> None:
    """Before each operation the free space is squeezed to a random few hundred KiB (or left alone), so
    that operations fail for lack of space at every stage of their writes, and succeed again once room is
    made."""
    target_failures = scale(20, 200)
    fs = small_fs("16m")
    vault = fs / "vault"
    svc = VaultService(vault, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    password = TEST_PASSWORD
    rng = random.Random(42)
    failures: list[str] = []
    seen: dict[str, int] = {}
    ops = n_fail = reopened_full = 0
    while n_fail < target_failures and ops < 20 * target_failures + 200:
        filler = _squeeze(fs, rng.randrange(0, 400_000)) if rng.random() < 0.6 else None
        before = _state(svc)
        try:
            kind, arg = _random_op(svc, rng, fs, password)
            ops += 1
            if kind == "passwd":
                password = arg
        except EnvironmentFault as exc:
            seen[exc.reason] = seen.get(exc.reason, 0) + 1
            n_fail += 1
            if exc.reason != "disk-full":
                failures.append(f"op {ops}: unexpected reason {exc.reason}: {exc}")
            if _state(svc)[0] != before[0]:
                failures.append(f"op {ops}: a failed change altered the fields")
            if n_fail % 5 == 0:  # close and reopen while the disk is still full
                svc.lock()
                svc = VaultService(vault)
                try:
                    svc.unlock(password)
                    reopened_full += 1
                except EnvironmentFault as exc2:  # acceptable only as a clear disk-full message
                    if exc2.reason != "disk-full":
                        failures.append(f"after failure {n_fail}: reopening said {exc2.reason}: {exc2}")
                    if filler:
                        filler.unlink()
                        filler = None
                    svc.unlock(password)
                if _state(svc) != before:
                    failures.append(
                        f"after failure {n_fail}: the reopened vault differs from before the failure"
                    )
        except VaultError as exc:
            failures.append(f"op {ops}: unexpected {type(exc).__name__} {exc.reason}: {exc}")
            n_fail += 1
        if filler:
            filler.unlink()
        for p in fs.glob("*.pdvbackup"):  # keep the disk for the vault
            if rng.random() < 0.3:
                p.unlink()
    final = _state(svc)
    svc.lock()
    failures += _check_reopens(vault, password, final)
    report(
        f"full-disk: {ops + n_fail} operations on a 16 MiB filesystem squeezed to random free space, "
        f"{n_fail} failed for lack of space ({', '.join(f'{k}: {v}' for k, v in sorted(seen.items()))}), "
        f"{ops} succeeded; reopened {reopened_full} times on the full disk; {len(failures)} problems"
    )
    assert n_fail >= target_failures, "the disk did not fill up often enough"
    assert failures == [], "\n".join(failures[:20])


def _squeeze(fs: Path, leave: int) -> Path | None:
    """Fill ``fs`` so that only about ``leave`` bytes stay free; returns the filler (None if already
    fuller)."""
    st = os.statvfs(fs)
    free = st.f_bavail * st.f_frsize
    if free <= leave:
        return None
    filler = fs / "filler.bin"
    try:
        with open(filler, "wb") as fh:
            fh.truncate(0)
            fh.write(b"\0" * (free - leave))
    except OSError:
        pass
    return filler


class FaultyOs:
    """The os module, except that write/fsync/replace fail on the n-th call with a chosen errno."""

    def __init__(self, fail_at: int, err: int) -> None:
        self.calls = 0
        self.fail_at = fail_at
        self.err = err
        self.fired = False

    def _maybe_fail(self) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            self.fired = True
            raise OSError(self.err, os.strerror(self.err))

    def write(self, fd: int, data: Any) -> int:
        self._maybe_fail()
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        self._maybe_fail()
        os.fsync(fd)

    def replace(self, a: Any, b: Any) -> None:
        self._maybe_fail()
        os.replace(a, b)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def test_injected_write_faults(make_service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trials = scale(60, 1000)
    rng = random.Random(9)
    svc: VaultService = make_service(tmp_path / "vault")
    vault = svc.vault_dir
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    password = TEST_PASSWORD
    problems: list[str] = []
    fired = 0
    reasons: dict[str, int] = {}
    for t in range(trials):
        err = rng.choice([errno.ENOSPC, errno.EIO, errno.EROFS, errno.EDQUOT])
        faulty = FaultyOs(rng.randrange(1, 8), err)
        before = _state(svc)
        monkeypatch.setattr(files, "os", faulty)
        monkeypatch.setattr(services, "os", faulty)
        try:
            kind, arg = _random_op(svc, rng, out_dir, password)
            if kind == "passwd":
                password = arg
        except (EnvironmentFault, NotFoundError) as exc:
            reasons[exc.reason] = reasons.get(exc.reason, 0) + 1
            if exc.message.startswith("Could not") and err != errno.EIO:
                problems.append(f"trial {t}: vague message for errno {err}: {exc.message}")
        except VaultError as exc:
            problems.append(f"trial {t}: unexpected {type(exc).__name__} {exc.reason}: {exc}")
        finally:
            monkeypatch.undo()
        fired += faulty.fired
        after = _state(svc)
        if faulty.fired and after[0] != before[0] and after[1] == before[1]:
            problems.append(f"trial {t}: fields changed without a history entry")
        if t % 6 == 5:
            current = _state(svc)
            svc.lock()
            try_pw = [password] + [p for p in PASSWORDS if p != password]
            for pw in try_pw:  # a failed password change must leave exactly one of the two working
                issues = _check_reopens(vault, pw, current)
                if not issues:
                    password = pw
                    break
                if not any("does not reopen" in i and "wrong-password" in i for i in issues):
                    problems += [f"trial {t}: {i}" for i in issues]
                    break
            else:
                problems.append(f"trial {t}: no password opens the vault")
            svc = VaultService(vault, kdf_factory=lambda p: minimum_params())
            try:
                svc.unlock(password)
            except AuthError:
                problems.append(f"trial {t}: cannot unlock after the check")
                break
    svc.lock()
    report(
        f"fault-injection: {trials} operations with a write/fsync/rename failure injected, {fired} faults "
        "hit "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(reasons.items()))}), {len(problems)} problems"
    )
    assert problems == [], "\n".join(problems[:20])
