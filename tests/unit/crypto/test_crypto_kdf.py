"""Argon2id parameters: the floor, refusal of hostile parameters, JSON round trip, calibration."""

from __future__ import annotations

import base64
import os

import pytest

from vault_app.crypto import kdf
from vault_app.crypto.kdf import KdfParams, calibrate, derive_key, measure, minimum_params


def test_minimum_params_are_the_owasp_floor() -> None:
    p = minimum_params()
    assert p.memory_kib == 19 * 1024 and p.iterations == 2 and p.lanes == 1
    assert len(p.salt) == 16
    assert minimum_params().salt != p.salt  # a fresh salt every time


@pytest.mark.parametrize(
    "kw",
    [
        {"memory_kib": 19 * 1024 - 1},
        {"memory_kib": 0},
        {"memory_kib": -1},
        {"iterations": 1},
        {"iterations": 0},
        {"memory_kib": kdf.MAX_MEMORY_KIB + 1},  # hostile: a key file asking for > 1 GiB
        {"iterations": kdf.MAX_ITERATIONS + 1},  # hostile: thousands of passes
        {"lanes": 0},
        {"lanes": 17},
        {"length": 16},
        {"salt": b"short"},
    ],
)
def test_params_out_of_range_are_refused(kw: dict[str, object]) -> None:
    args: dict[str, object] = {"salt": os.urandom(16), "memory_kib": 19 * 1024, "iterations": 2, "lanes": 1}
    args.update(kw)
    with pytest.raises(ValueError):
        KdfParams(**args)  # type: ignore[arg-type]


def test_json_round_trip_and_hostile_json() -> None:
    p = minimum_params()
    assert KdfParams.from_json(p.to_json()) == p
    bad = [
        dict(p.to_json(), alg="argon2i"),
        dict(p.to_json(), alg="pbkdf2"),
        dict(p.to_json(), v=16),
        dict(p.to_json(), m=1024),  # below the floor: a downgraded key file
        dict(p.to_json(), t=1),
        dict(p.to_json(), m=2**40),
        dict(p.to_json(), salt="not base64!"),
        dict(p.to_json(), salt=base64.b64encode(b"x" * 8).decode()),
    ]
    for d in bad:
        with pytest.raises(ValueError):
            KdfParams.from_json(d)


def test_with_new_salt_keeps_the_cost() -> None:
    p = minimum_params()
    q = p.with_new_salt()
    assert q.salt != p.salt
    assert (q.memory_kib, q.iterations, q.lanes) == (p.memory_kib, p.iterations, p.lanes)


def test_derive_key_is_deterministic_and_salted() -> None:
    p = minimum_params()
    k1 = derive_key("pässword", p)
    assert len(k1) == 32
    assert derive_key("pässword", p) == k1
    assert derive_key("password", p) != k1
    assert derive_key("pässword", p.with_new_salt()) != k1


def test_calibrate_hits_roughly_the_target() -> None:
    # A small target keeps the test quick; 32 MiB / 3 passes is calibrate's starting point and may already
    # exceed it on a slow machine, so the target is set relative to what this machine does there.
    start = measure(KdfParams(os.urandom(16), 32 * 1024, 3, 4))
    target = max(0.15, start * 2.5)
    seen: list[float] = []
    p = calibrate(target=target, progress=seen.append)
    took = min(measure(p) for _ in range(2))  # the quicker of two runs: the machine is shared
    assert p.memory_kib >= kdf.MIN_MEMORY_KIB and p.iterations >= kdf.MIN_ITERATIONS
    assert p.memory_kib > 32 * 1024, "calibration should have raised the memory cost"
    assert target * 0.4 <= took <= target * 2.5, (took, target, p)
    assert seen and seen[-1] == 1.0 and all(0.0 <= x <= 1.0 for x in seen)
