"""Bringing data in from vCard and CSV (issue 16): preview, mapping, and nothing written from a bad file
unless the good part is confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from vault_app.domain.catalogue import key_from_label
from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Category, FieldType
from vault_app.services import importer

DATA = Path(__file__).resolve().parents[2] / "data" / "import"


def test_a_vcard_becomes_standard_fields() -> None:
    p = importer.read_file(DATA / "alex.vcf")
    got = {c.key: c.value for c in p.included}
    assert got["given_name"] == "Alex" and got["family_name"] == "Example"
    assert got["full_name"] == "Alex Example"
    assert got["email"] == "alex@example.org" and got["work_email"] == "alex.example@work.example"
    assert got["mobile_phone"] == "+49 30 5550 1234" and got["date_of_birth"] == "1990-04-12"
    assert got["home_address"] == "Musterstraße 1\n10115 Berlin\nGermany" and got["postcode"] == "10115"
    assert got["employer"] == "Example Engineering GmbH" and got["job_title"] == "Software engineer"
    loyalty = next(c for c in p.included if c.source == "X-LOYALTY-NUMBER")
    assert loyalty.key == "loyalty_number" and loyalty.label == "Loyalty number"
    assert "note" not in got and p.problems == ()
    assert next(c for c in p.included if c.key == "date_of_birth").type is FieldType.DATE
    assert "alex@example.org" not in repr(p)  # values never reach a log through repr()


def test_a_bad_or_cut_off_vcard_is_explained_without_quoting_values() -> None:
    p = importer.read_file(DATA / "cut-off.vcf")
    messages = " ".join(pr.message for pr in p.problems)
    assert "incomplete" in messages and "not a valid email" in messages and "not a valid date" in messages
    assert "not an address" not in messages and "1990-13-45" not in messages
    assert {c.key for c in p.included} == {"family_name", "given_name", "phone"}


def test_csv_name_value_rows_and_header_rows() -> None:
    p = importer.read_file(DATA / "me.csv")
    got = {c.key: (c.label, c.value) for c in p.included}
    assert got["tax_id"] == (None, "DE123456789") and got["email"] == (None, "alex@example.org")
    assert got[key_from_label("会员卡号")] == ("会员卡号", "M-0042")
    wide = importer.read_file(DATA / "wide.csv")
    assert {c.key: c.value for c in wide.included} == {
        "given_name": "Alex",
        "family_name": "Example",
        "email": "alex@example.org",
        "shoe_size": "43",
    }


def test_mapping_can_be_changed_and_is_checked() -> None:
    p = importer.read_file(DATA / "wide.csv")
    p = importer.remap(p, "Shoe size", ftype=FieldType.NUMBER, category=Category.DEMOGRAPHIC)
    shoe = next(c for c in p.candidates if c.source == "Shoe size")
    assert shoe.type is FieldType.NUMBER and shoe.category is Category.DEMOGRAPHIC
    with pytest.raises(ValidationError):
        importer.remap(p, "email", ftype=FieldType.DATE)  # the value is not a date
    p = importer.remap(p, "family_name", include=False)
    assert "family_name" not in {c.key for c in p.included}


def test_nothing_is_written_from_a_bad_file_unless_the_good_part_is_confirmed(service) -> None:  # type: ignore[no-untyped-def]
    p = importer.read_file(DATA / "cut-off.vcf")
    with pytest.raises(ValidationError) as e:
        importer.apply(service, p)
    assert e.value.reason == "partial" and service.field_count() == 0
    res = importer.apply(service, p, accept_partial=True)
    assert sorted(res.added) == ["family_name", "given_name", "phone"] and service.field_count() == 3


def test_import_is_all_at_once_keeps_labels_and_leaves_existing_fields(service) -> None:  # type: ignore[no-untyped-def]
    service.add_field("email", "email", "contact", "old@example.org")
    res = importer.apply(service, importer.read_file(DATA / "me.csv"))
    assert res.skipped == ("email",) and service.get_field("email").value == "old@example.org"
    assert service.field_labels()[key_from_label("会员卡号")] == "会员卡号"
    res = importer.apply(service, importer.read_file(DATA / "me.csv"), replace_existing=True)
    assert "email" in res.replaced and service.get_field("email").value == "alex@example.org"


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"", b"BEGIN:VCARD\n" * 1])
def test_garbage_is_refused_with_a_clear_reason(tmp_path, content) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.vcf"
    f.write_bytes(content)
    try:
        p = importer.read_file(f)
    except ValidationError as exc:
        assert exc.reason in ("encoding", "not-vcard")
    else:
        assert p.problems and not p.included
