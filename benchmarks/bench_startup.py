"""Start-up: the command line and the desktop app's first window, against their floors (a script, not a
test).

    .venv/bin/python benchmarks/bench_startup.py             # 9 interleaved rounds
    .venv/bin/python benchmarks/bench_startup.py --no-gui    # the command line only

Command line (wall clock of the whole process, interleaved rounds): the interpreter alone (``python -c
pass``, the floor), ``pdvault-cli --version``, and ``pdvault-cli field list`` on a vault with the minimum
KDF profile, whose password hash is timed on its own so that the command's cost "plus the KDF" can be read
off.

Desktop app (needs Xvfb and xwininfo): time from starting the process to its first window being mapped on a
private Xvfb display, seen from outside with xwininfo (the same observer as packaging/smoke_bundle.py), for
a bare PySide6 window (``QApplication`` + ``QMainWindow`` + ``show()``, the floor) and for the app showing
its unlock screen; each round runs both, in alternating order, and the ratio is taken per round.

Goals (issue 15): ``--version`` < 80 ms; a typical command < 150 ms plus the KDF; first window <= 2x a bare
PySide6 window.

The app's modules are byte-compiled first (``compileall``, what ``pip install`` does for an installed
package, and what the PyInstaller bundle ships): in an editable checkout run with PYTHONDONTWRITEBYTECODE
every start would otherwise compile every module it imports again, which no installed copy does.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "benchmark password"
BARE = """
import signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setWindowTitle("Personal Data Vault (bare PySide6 window)")
w.resize(960, 640)
w.show()
signal.signal(signal.SIGINT, lambda *_: app.quit())
t = QTimer(); t.timeout.connect(lambda: None); t.start(200)
app.exec()
"""


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def smoke() -> Any:
    spec = importlib.util.spec_from_file_location("smoke_bundle", ROOT / "packaging" / "smoke_bundle.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["smoke_bundle"] = mod
    spec.loader.exec_module(mod)
    return mod


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall clock and CPU time (user + system, from the kernel's accounting) of one whole process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.stderr is not None
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}\n{err.decode()[-600:]}")
    return dt, usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--no-gui", action="store_true")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    py = sys.executable
    cli = str(Path(py).with_name("pdvault-cli"))
    subprocess.run(
        [py, "-m", "compileall", "-q", str(ROOT / "vault_app")], check=True, capture_output=True
    )  # see the docstring
    sb_mod = smoke()
    base = Path(tempfile.mkdtemp(prefix="pdv-bench-startup-"))
    sb = sb_mod.Sandbox(base)
    env = dict(sb.env, PDVAULT_PASSWORD=PASSWORD)
    subprocess.run([cli, "init", "--kdf-profile", "minimum"], env=env, capture_output=True, check=True)
    kdf_code = (
        "import time\nfrom vault_app.services.vault import VaultService\n"
        "from vault_app.crypto import keyfile\n"
        f"k = VaultService({str(base / 'vault')!r}).read_keyfile()\nkeyfile.unwrap(k, {PASSWORD!r})\n"
        f"t = time.perf_counter(); c = time.process_time(); keyfile.unwrap(k, {PASSWORD!r})\n"
        "print(time.perf_counter() - t, time.process_time() - c)"
    )
    res: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    load = [loadavg()]
    cases = {
        "interpreter alone (python -c pass)": [py, "-c", "pass"],
        "pdvault-cli --version": [cli, "--version"],
        "pdvault-cli field list (minimum KDF)": [cli, "field", "list"],
    }
    try:
        for _name, cmd in cases.items():  # warm the page cache
            wall(cmd, env)
        for r in range(args.rounds):
            order = list(cases.items()) if r % 2 == 0 else list(cases.items())[::-1]
            for name, cmd in order:
                w, c = wall(cmd, env)
                res.setdefault(name, []).append(w)
                cpu.setdefault(name, []).append(c)
            kdf_wall, kdf_cpu = map(
                float,
                subprocess.run(
                    [py, "-c", kdf_code], env=env, capture_output=True, text=True, check=True
                ).stdout.split(),
            )
            res.setdefault("the KDF of that vault (timed alone)", []).append(kdf_wall)
            cpu.setdefault("the KDF of that vault (timed alone)", []).append(kdf_cpu)
        if not args.no_gui and shutil.which("Xvfb") and shutil.which("xwininfo"):
            gui = {
                "bare PySide6 window": [py, "-c", BARE],
                "app: first window (unlock screen)": [py, "-m", "vault_app"],
            }

            def window(cmd: list[str], x: Any) -> tuple[float, float]:
                # Under load Xvfb now and then refuses a connection (packaging/smoke_bundle.py retries too)
                for attempt in range(6):
                    try:
                        times: tuple[float, float] = sb_mod.first_window_times(cmd, sb, x)
                        return times
                    except RuntimeError as exc:
                        if "could not connect to display" not in str(exc) or attempt == 5:
                            raise
                raise AssertionError("unreachable")

            with sb_mod.XServer() as x:
                for _name, cmd in gui.items():
                    window(cmd, x)  # warm-up
                for r in range(args.rounds):
                    order = list(gui.items()) if r % 2 == 0 else list(gui.items())[::-1]
                    got = {name: window(cmd, x) for name, cmd in order}
                    for name, (w, c) in got.items():
                        res.setdefault(name, []).append(w)
                        cpu.setdefault(name, []).append(c)
                    app, bare = got["app: first window (unlock screen)"], got["bare PySide6 window"]
                    res.setdefault("first window / bare window (paired)", []).append(app[0] / bare[0])
                    cpu.setdefault("first window / bare window (paired)", []).append(app[1] / bare[1])
        load.append(loadavg())
    finally:
        shutil.rmtree(base, ignore_errors=True)
    cmd_minus_kdf = [
        a - b
        for a, b in zip(
            res["pdvault-cli field list (minimum KDF)"],
            res["the KDF of that vault (timed alone)"],
            strict=True,
        )
    ]
    res["field list minus the KDF"] = cmd_minus_kdf
    cpu["field list minus the KDF"] = [
        a - b
        for a, b in zip(
            cpu["pdvault-cli field list (minimum KDF)"],
            cpu["the KDF of that vault (timed alone)"],
            strict=True,
        )
    ]

    def cell(v: list[float] | None, ratio: bool) -> str:
        if not v:
            return "-"
        if ratio:
            return f"{statistics.median(v):.2f}x ({min(v):.2f}-{max(v):.2f})"
        return f"{statistics.median(v) * 1000:.0f} ms ({min(v) * 1000:.0f}-{max(v) * 1000:.0f})"

    print("| measure | wall clock: median (min-max) | CPU time: median (min-max) |")
    print("|---|---:|---:|")
    for name, v in res.items():
        ratio = "/" in name and "paired" in name
        print(f"| {name} | {cell(v, ratio)} | {cell(cpu.get(name), ratio)} |")
    print(
        f"\n{args.rounds} interleaved rounds; load average (1 min) {load[0]} before, {load[-1]} after; "
        f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs"
    )
    if args.json:
        Path(args.json).write_text(json.dumps({"loadavg": load, "results": res, "cpu": cpu}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
