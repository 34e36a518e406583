"""The master-password rule, one for the CLI and the desktop app, and the strength estimate behind both.

:func:`estimate` guesses entropy from the kinds of characters used and the length, and discounts repeats,
runs such as "abcd" or "4321", and very common passwords. It is a guide, not a guarantee.
:func:`password_problems` is the hard rule every new master password must pass (``init``, ``passwd``, the
setup wizard and the change-password dialog all call it): at least 8 characters, at least 4 different ones,
and not "very weak" by the estimate, so "password" or "12345678" is refused everywhere, not only shown in
red by the GUI's meter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# A few of the most used passwords and fragments; a password built around one is guessed first.
_COMMON = (
    "password",
    "passwort",
    "123456",
    "12345678",
    "qwerty",
    "azerty",
    "letmein",
    "welcome",
    "iloveyou",
    "admin",
    "abc123",
    "monkey",
    "dragon",
    "111111",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "master",
    "secret",
    "666666",
    "123123",
    "qwertz",
    "zaq12wsx",
)


@dataclass(frozen=True)
class Strength:
    bits: float
    #: 0 very weak, 1 weak, 2 fair, 3 good, 4 strong
    level: int


def _charset(pw: str) -> int:
    size = 0
    if any(c.islower() and c.isascii() for c in pw):
        size += 26
    if any(c.isupper() and c.isascii() for c in pw):
        size += 26
    if any(c.isdigit() and c.isascii() for c in pw):
        size += 10
    if any(c.isascii() and not c.isalnum() for c in pw):
        size += 33
    if any(not c.isascii() for c in pw):
        size += 100
    return max(size, 1)


def _effective_length(pw: str) -> float:
    """Length with repeats and steady runs ("aaaa", "abcd", "9876") counting only a little."""
    eff = 0.0
    prev: str | None = None
    prev_step: int | None = None
    for c in pw:
        if prev is None:
            eff += 1
        else:
            step = ord(c) - ord(prev)
            if step == 0 or (abs(step) == 1 and step == prev_step):
                eff += 0.25
            else:
                eff += 1
            prev_step = step
        prev = c
    return eff


def estimate(pw: str) -> Strength:
    if not pw:
        return Strength(0.0, 0)
    length = _effective_length(pw)
    low = pw.lower()
    for word in _COMMON:
        if word in low:
            length -= len(word) - 1  # the common word counts as about one character
    length = max(length, 1.0)
    bits = length * math.log2(_charset(pw))
    if bits < 28:
        level = 0
    elif bits < 40:
        level = 1
    elif bits < 60:
        level = 2
    elif bits < 80:
        level = 3
    else:
        level = 4
    return Strength(round(bits, 1), level)


MIN_PASSWORD_LEN = 8

#: refused below this estimate (the meter's "very weak")
MIN_LEVEL = 1


def password_problems(password: str) -> list[str]:
    """Plain-words reasons a master password is too weak (empty list when acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LEN:
        problems.append(f"Use at least {MIN_PASSWORD_LEN} characters.")
    if password and len(set(password)) < 4:
        problems.append("Use more different characters.")
    if not problems and estimate(password).level < MIN_LEVEL:
        problems.append(
            "This password is among the first an attacker tries (a common word, a run such as "
            "1234 or abcd, or a repeat). Add more words or characters."
        )
    return problems
