"""Field display labels apart from stable keys, and the catalogue of standard fields (issue 16)."""

from __future__ import annotations

import pytest

from vault_app.domain.catalogue import STANDARD_FIELDS, key_from_label, standard_field, standard_for_label
from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Category, validate_field_name


def test_catalogue_keys_are_valid_unique_and_carry_dpv_terms() -> None:
    keys = [f.key for f in STANDARD_FIELDS]
    assert len(keys) == len(set(keys)) >= 30
    for f in STANDARD_FIELDS:
        validate_field_name(f.key)
        assert f.dpv_iri.startswith("https://w3id.org/dpv/pd#") and f.dpv[:1].isupper()
    assert {f.category for f in STANDARD_FIELDS} == set(Category)
    for key in (
        "given_name",
        "family_name",
        "date_of_birth",
        "home_address",
        "email",
        "phone",
        "national_id",
    ):
        assert standard_field(key) is not None


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Tax ID", "tax_id"),
        ("tax id", "tax_id"),
        ("Email address", "email"),
        ("Loyalty tier", "loyalty_tier"),
        ("Größe (cm)", "grosse_cm"),
        ("  Shoe   size ", "shoe_size"),
        ("Café-Karte Nr.", "cafe_karte_nr"),
    ],
)
def test_a_typed_label_gives_a_readable_key(label: str, key: str) -> None:
    assert key_from_label(label) == key
    validate_field_name(key)


def test_a_label_in_another_script_still_gets_a_valid_stable_key() -> None:
    key = key_from_label("会员卡号")
    assert key.startswith("field_") and key == key_from_label(" 会员卡号 ")
    validate_field_name(key)
    assert standard_for_label("会员卡号") is None


def test_labels_are_kept_apart_from_keys_and_go_with_the_field(service) -> None:  # type: ignore[no-untyped-def]
    service.add_field("tax_id", "identifier", "financial", "DE123", label="Tax ID")
    service.add_field(key_from_label("会员卡号"), "identifier", "other", "M-1", label="会员卡号")
    service.add_field("email", "email", "contact", "a@example.org")
    labels = service.field_labels()
    assert labels == {"tax_id": "Tax ID", key_from_label("会员卡号"): "会员卡号"}
    service.set_field_label("email", "Private e-mail")
    assert service.field_labels()["email"] == "Private e-mail"
    service.set_field_label("email", "")
    assert "email" not in service.field_labels()
    service.delete_field("tax_id")
    assert "tax_id" not in service.field_labels()
    with pytest.raises(ValidationError):
        service.set_field_label(key_from_label("会员卡号"), "bad\u202elabel")
    # the history names the key, never the label
    kinds = [(e.kind, e.field) for e in service.history_page(_all(), before_seq=None, limit=50)]
    assert ("field.added", "tax_id") in kinds


def _all():  # type: ignore[no-untyped-def]
    from vault_app.history.chain import HistoryFilter

    return HistoryFilter()
