"""The facade's typed words: durations rounded once for every UI, shortfalls in parts, refusal reasons
kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vault_app.domain.consent import Duration, DurationUnit, Shortfall, ShortfallKind
from vault_app.policy.request import describe_duration


@given(st.integers(min_value=0, max_value=20 * 365 * 86400))
def test_the_cli_words_and_the_parts_agree(seconds: int) -> None:
    d = Duration.of(seconds)
    assert describe_duration(seconds) == d.words()
    assert d.words().startswith("about ") == d.approximate
    assert str(d.count) in d.words() and d.unit.value in d.words()


def test_durations_round_to_the_largest_unit_that_fits() -> None:
    assert Duration.of(365 * 86400) == Duration(1, DurationUnit.YEAR, False)
    assert Duration.of(90000) == Duration(1, DurationUnit.DAY, True)
    assert Duration.of(45 * 86400) == Duration(2, DurationUnit.MONTH, True)  # 1.5 months rounds up
    assert Duration.of(59) == Duration(1, DurationUnit.MINUTE, False)


def test_shortfalls_carry_their_parts() -> None:
    s = Shortfall(ShortfallKind.SHORTER_RETENTION, asked=365 * 86400, granted=30 * 86400)
    assert s.words() == "Kept for 1 month instead of the 1 year asked."
    assert Shortfall(ShortfallKind.FIELD_WITHHELD, "income").words() == "Field income is withheld."
