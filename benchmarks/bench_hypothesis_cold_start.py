"""A fresh clone's first property-test run on busy cores: Hypothesis' default profile against the project's
``ci`` profile (tests/hypothesis_profiles.py).

Each round runs the property test that failed on a fresh clone
(``test_pseudonyms_are_stable_per_org_and_differ_between_orgs``) twice, once per profile, each in its own
process with its own empty Hypothesis storage folder (as on a fresh clone), while one Python busy loop per
core keeps the machine loaded. The order of the two alternates between rounds so that changes in the load
of a shared machine fall on both. Prints one Markdown table row per run, with the load average.

    .venv/bin/python benchmarks/bench_hypothesis_cold_start.py [ROUNDS]     # default 5 rounds
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = (
    "tests/unit/policy/test_policy_anonymise_properties.py"
    "::test_pseudonyms_are_stable_per_org_and_differ_between_orgs"
)


def one_run(profile: str) -> tuple[str, float, str]:
    with tempfile.TemporaryDirectory(prefix="pdv-hyp-") as storage:
        env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": storage, "PDV_HYPOTHESIS_PROFILE": profile,
               "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip
        env.pop("CI", None)
        load = Path("/proc/loadavg").read_text().split()[0]
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        wall = time.perf_counter() - t0
    out = proc.stdout + proc.stderr
    if proc.returncode == 0:
        result = "passed"
    elif "Input generation is slow" in out:
        result = "FAILED: input generation is slow"
    else:
        result = "FAILED: " + (out.strip().splitlines() or ["?"])[-1]
    return result, wall, load


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    n = os.cpu_count() or 2
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        time.sleep(3)  # let the busy loops take the cores
        print(f"busy loops: {n} (one per core)\n")
        print("| round | profile | result | wall time | load average (1 min) at start |")
        print("|---:|---|---|---:|---:|")
        for r in range(1, rounds + 1):
            order = ("default", "ci") if r % 2 else ("ci", "default")
            for profile in order:
                result, wall, load = one_run(profile)
                print(f"| {r} | {profile} | {result} | {wall:.1f} s | {load} |", flush=True)
    finally:
        for p in loops:
            p.kill()
        for p in loops:
            p.wait()


if __name__ == "__main__":
    main()
