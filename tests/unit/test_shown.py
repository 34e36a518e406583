"""vault_app.domain.shown: organisation text on one line, every control or invisible character visible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vault_app.domain.shown import org_text


def test_line_breaks_and_controls_are_shown_not_obeyed() -> None:
    assert org_text("Deliver\nCompliance: compliant") == "Deliver \u23ce Compliance: compliant"
    assert org_text("a\r\nb\u2028c") == "a \u23ce b \u23ce c"
    assert org_text("x\x1b[2Jy\x00\x7f") == "x\u241b[2Jy\u2400\u2421"
    assert org_text("pay \u202eevil") == "pay \u27e8U+202E\u27e9evil"
    assert org_text("tab\there") == "tab here"
    assert org_text(None) == "" and org_text("") == ""
    assert org_text("Zustellung Ihrer Bestellung, 配送") == "Zustellung Ihrer Bestellung, 配送"


@given(st.text())
def test_the_result_is_always_one_printable_line(value: str) -> None:
    out = org_text(value)
    assert out.isprintable(), repr(out)
    assert "\n" not in out and "\r" not in out
