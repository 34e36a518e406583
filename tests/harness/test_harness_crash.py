"""Crash safety (issue 6, item 1): a write-heavy workload killed with SIGKILL at random points.

After every kill the vault must open, pass SQLite's and SQLCipher's integrity checks, verify its history
chain and head, and hold every change the workload had reported as committed (the one change in flight may
or may not be there, but nothing else may differ). Every backup file present must be whole. Quick: 15
kills; PDV_FULL=1: 300 kills.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from harnesslib import HERE, child_env, report, scale

from vault_app.domain.errors import AuthError, VaultError
from vault_app.services.vault import VaultService
from vault_app.storage import backup as bk
from vaulttools import TEST_PASSWORD

OTHER_PASSWORD = "another long passphrase"


def _wait_ready(
    journal: Path, start_len: int, proc: subprocess.Popen[bytes], err: Path, timeout: float = 30
) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise AssertionError(f"the workload exited on its own: {err.read_text()[-2000:]}")
        text = journal.read_text() if journal.exists() else ""
        if "ready " in text[start_len:]:
            return
        time.sleep(0.01)
    raise AssertionError("the workload did not start")


def _parse(lines: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    done: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    for i, line in enumerate(lines):
        kind, _, payload = line.partition(" ")
        if kind not in ("begin", "done", "failed"):
            continue
        try:
            op = json.loads(payload)
        except json.JSONDecodeError:
            # The kill can land half way through writing the journal's last line. A cut "begin" means the
            # operation had not started; a cut "done" leaves the operation in flight, which is what it is.
            assert i == len(lines) - 1, f"a damaged journal line that is not the last: {line[:80]}"
            break
        if kind == "begin":
            pending = op
        else:
            if kind == "done":
                done.append(op)
            pending = None
    return done, pending


def _apply(fields: dict[str, str], op: dict[str, Any]) -> dict[str, str]:
    out = dict(fields)
    if op["op"] == "set":
        existing = next((k for k in out if k.lower() == op["name"].lower()), None)
        out[existing or op["name"]] = op["value"]
    elif op["op"] == "delete":
        for k in [k for k in out if k.lower() == op["name"].lower()]:
            del out[k]
    return out


def test_sigkill_at_random_points(tmp_path: Path) -> None:
    kills = scale(15, 300)
    rng = random.Random(20261129)
    vault = tmp_path / "vault"
    journal = tmp_path / "journal.log"
    fields: dict[str, str] = {}
    head = 0
    password = TEST_PASSWORD
    losses: list[str] = []
    failures: list[str] = []
    in_flight_applied = 0
    for round_no in range(kills):
        start = journal.stat().st_size if journal.exists() else 0
        err = tmp_path / "workload.err"
        with open(err, "wb") as err_fh:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(HERE / "crash_workload.py"),
                    str(vault),
                    str(journal),
                    str(rng.randrange(2**31)),
                    password,
                ],
                env=child_env(),
                stdout=subprocess.DEVNULL,
                stderr=err_fh,
            )
        try:
            _wait_ready(journal, start, proc, err)
            time.sleep(rng.uniform(0.0, 0.6))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        lines = journal.read_text()[start:].splitlines()
        done, pending = _parse(lines)
        for op in done:
            fields = _apply(fields, op)
            head = max(head, op["head"])
            if op["op"] == "passwd":
                password = op["new"]

        svc = VaultService(vault)
        try:
            try:
                svc.unlock(password)
            except AuthError:
                if not (pending and pending["op"] == "passwd"):
                    raise
                password = pending["new"]  # the new key file was in place before the kill
                svc.unlock(password)
            problems = svc.db.integrity_check()
            report_ = svc.verify_history()
            got = {f.name: f.value for f in svc.list_fields(limit=100000)}
            got_head = svc.history.head()[0]
        except VaultError as exc:
            failures.append(f"round {round_no}: the vault did not open after the kill: {exc.reason}: {exc}")
            break
        finally:
            svc.lock()
        if problems:
            failures.append(f"round {round_no}: integrity check: {problems[:3]}")
        if not report_.ok:
            failures.append(f"round {round_no}: history: {report_.problem}")
        if got != fields:
            if pending and got == _apply(fields, pending):
                in_flight_applied += 1
                fields = got  # the change in flight had committed before the kill
            else:
                missing = sorted(set(fields) ^ set(got)) or sorted(
                    k for k in fields if fields[k] != got.get(k)
                )
                losses.append(f"round {round_no}: fields differ from the committed state: {missing[:5]}")
                fields = got
        if got_head < head:
            losses.append(f"round {round_no}: history ends at {got_head}, but {head} entries were committed")
        head = max(head, got_head)
        for b in tmp_path.glob("backup-*.pdvbackup"):
            try:
                bk.parse(b.read_bytes())
            except VaultError as exc:
                failures.append(f"round {round_no}: backup {b.name} is not whole: {exc.reason}")
        if round_no % 10 == 9:  # now and then prove a backup really restores
            backups = sorted(tmp_path.glob("backup-*.pdvbackup"))
            if backups:
                target = tmp_path / f"restore-{round_no}"
                for pw in (password, TEST_PASSWORD, OTHER_PASSWORD):
                    try:
                        VaultService.restore_backup(backups[0], target, pw).lock()
                        break
                    except AuthError:
                        continue
                else:
                    failures.append(f"round {round_no}: {backups[0].name} did not restore with any password")
    report(
        f"crash: {kills} kills, {len(losses)} losses, {len(failures)} failures "
        f"({in_flight_applied} in-flight changes had committed; final: {len(fields)} fields, "
        f"{head} history entries)"
    )
    assert failures == [], "\n".join(failures)
    assert losses == [], "\n".join(losses)
