"""Argon2id password hashing with parameters stored beside the vault and calibrated to the machine.

The master password is stretched with Argon2id (RFC 9106) from `cryptography` into a key-encryption key.
The cost is calibrated once, at creation, to take about ``target`` seconds here, and never goes below the
OWASP minimum of 19 MiB and 2 passes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

MIN_MEMORY_KIB = 19 * 1024
MIN_ITERATIONS = 2
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB: refuse absurd parameters from a hostile key file
MAX_ITERATIONS = 64
DEFAULT_TARGET_SECONDS = 0.5


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4
    length: int = 32

    def __post_init__(self) -> None:
        if not (MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB):
            raise ValueError("Argon2id memory cost out of range")
        if not (MIN_ITERATIONS <= self.iterations <= MAX_ITERATIONS):
            raise ValueError("Argon2id iteration count out of range")
        if not (1 <= self.lanes <= 16) or len(self.salt) < 16 or self.length != 32:
            raise ValueError("Argon2id parameters out of range")

    def with_new_salt(self) -> KdfParams:
        return KdfParams(os.urandom(16), self.memory_kib, self.iterations, self.lanes, self.length)

    def to_json(self) -> dict[str, object]:
        import base64

        return {
            "alg": "argon2id",
            "v": 19,
            "salt": base64.b64encode(self.salt).decode(),
            "m": self.memory_kib,
            "t": self.iterations,
            "p": self.lanes,
            "len": self.length,
        }

    @classmethod
    def from_json(cls, d: dict[str, object]) -> KdfParams:
        import base64

        if d.get("alg") != "argon2id" or d.get("v") != 19:
            raise ValueError("unsupported KDF")
        return cls(
            salt=base64.b64decode(str(d["salt"]), validate=True),
            memory_kib=int(d["m"]),  # type: ignore[call-overload]
            iterations=int(d["t"]),  # type: ignore[call-overload]
            lanes=int(d["p"]),  # type: ignore[call-overload]
            length=int(d["len"]),  # type: ignore[call-overload]
        )


def minimum_params() -> KdfParams:
    """The cheapest parameters allowed (used by tests and fixtures, never chosen by calibration)."""
    return KdfParams(os.urandom(16), MIN_MEMORY_KIB, MIN_ITERATIONS, 1)


def derive_key(password: str, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=params.salt,
        length=params.length,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(password.encode("utf-8"))


def measure(params: KdfParams) -> float:
    """Seconds one derivation takes here with these parameters."""
    t0 = time.perf_counter()
    derive_key("calibration", params)
    return time.perf_counter() - t0


def calibrate(
    target: float = DEFAULT_TARGET_SECONDS,
    progress: Callable[[float], None] | None = None,
    lanes: int = 4,
) -> KdfParams:
    """Pick memory and passes so one derivation takes about ``target`` seconds on this machine.

    Memory is raised first (it is what makes GPU attacks expensive), up to 256 MiB, then passes.
    """
    memory = 32 * 1024
    iterations = 3
    salt = os.urandom(16)
    steps = 0
    best = KdfParams(salt, max(MIN_MEMORY_KIB, memory), iterations, lanes)
    while steps < 12:
        steps += 1
        p = KdfParams(salt, memory, iterations, lanes)
        took = measure(p)
        best = p
        if progress:
            progress(min(0.95, took / target if target else 1.0))
        if took >= target * 0.8:
            break
        scale = target / max(took, 1e-3)
        if memory < 256 * 1024:
            memory = min(256 * 1024, int(memory * min(scale, 4.0)))
        else:
            iterations = min(MAX_ITERATIONS, max(iterations + 1, int(iterations * min(scale, 4.0))))
    if progress:
        progress(1.0)
    return best
