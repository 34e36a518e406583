"""The password strength estimate behind the meter (Qt-free)."""

from __future__ import annotations

import pytest

from vault_app.gui.strength import estimate


def test_empty_password_is_level_zero():
    assert estimate("").level == 0 and estimate("").bits == 0


@pytest.mark.parametrize(
    "weak", ["password", "12345678", "aaaaaaaaaaaa", "abcdefgh", "Password1", "qwertyuiop"]
)
def test_common_or_patterned_passwords_are_weak(weak):
    assert estimate(weak).level <= 1


@pytest.mark.parametrize(
    "strong", ["correct horse battery staple", "blue-kettle-orbit-42", "Tr4vel!ng-s0uth-2031"]
)
def test_long_varied_passphrases_are_strong(strong):
    assert estimate(strong).level >= 3


def test_more_length_never_lowers_the_estimate():
    pw = "k"
    previous = 0.0
    for c in "7#Qz!m2Lp9x":
        pw += c
        bits = estimate(pw).bits
        assert bits >= previous
        previous = bits


def test_non_ascii_characters_count():
    assert estimate("密码保险库很安全吗").bits > estimate("mimabaoxian").bits * 0.8
