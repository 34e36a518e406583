"""The project's Hypothesis profiles, and which one a test run uses (imported by the root conftest).

Why a CI profile: on a fresh clone Hypothesis has no ``.hypothesis/`` folder yet, so the first test that
draws text builds its Unicode tables inside the timed data generation; on a loaded 2-core machine that
alone tripped the "input generation is slow" health check (3 runs of 3 of
``test_pseudonyms_are_stable_per_org_and_differ_between_orgs``). A health check or deadline that fails for
speed alone says nothing about the code, so the CI profile turns off exactly those two and nothing else,
and makes the run reproducible instead of random.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from hypothesis import HealthCheck, settings

#: the environment variable that names the profile (scripts/test.sh sets it to "ci" unless it is already set)
PROFILE_VAR = "PDV_HYPOTHESIS_PROFILE"

#: health checks that fail a test for speed alone; the CI profile suppresses these and no others
SPEED_HEALTH_CHECKS = (HealthCheck.too_slow,)


def register() -> None:
    """Register the ``ci`` profile (replacing Hypothesis' built-in one: it must not change with a version)."""
    settings.register_profile(
        "ci",
        # a loaded machine makes single examples slow; slowness is measured by benchmarks, not by this
        deadline=None,
        suppress_health_check=SPEED_HEALTH_CHECKS,
        # the examples are drawn from a hash of each test (no example database): the same command gives the
        # same examples on every machine, so a failure in CI is reproduced locally as it is
        derandomize=True,
        # and a failure prints the blob that replays it (@reproduce_failure)
        print_blob=True,
    )


def choose(environ: Mapping[str, str]) -> str:
    """The profile a run with this environment uses: the variable if set, else ``ci`` under CI, else the
    default (random examples, example database, deadlines: for developers hunting new failures)."""
    name = environ.get(PROFILE_VAR, "").strip()
    if name:
        return name
    return "ci" if environ.get("CI", "").strip() not in ("", "0", "false") else "default"


def load() -> str:
    """Register the profiles and load the one :func:`choose` picks; returns its name."""
    register()
    name = choose(os.environ)
    settings.load_profile(name)
    return name
