"""Fields through the service facade: add, edit, delete, search, validation per type, events, history."""

from __future__ import annotations

import pytest

from vault_app.domain.errors import AuthError, ConflictError, NotFoundError, ValidationError
from vault_app.domain.events import Event
from vault_app.domain.model import Category, FieldType, Provenance, ProvenanceKind, validate_value
from vault_app.history.kinds import EventKind
from vault_app.services.vault import VaultService
from vaulttools import reopen


def test_add_get_list_and_persist(service: VaultService) -> None:
    f = service.add_field("email", "email", "contact", "ada@example.org")
    assert f.id and f.name == "email" and f.type is FieldType.EMAIL and f.category is Category.CONTACT
    service.add_field("birthdate", FieldType.DATE, Category.DEMOGRAPHIC, "1815-12-10")
    assert [x.name for x in service.list_fields()] == ["email", "birthdate"]  # by category, then name
    assert [x.name for x in service.list_fields("contact")] == ["email"]
    assert service.field_count() == 2 and service.field_count(Category.DEMOGRAPHIC) == 1
    again = reopen(service)
    try:
        g = again.get_field("email")
        assert g.value == "ada@example.org" and g.provenance.kind is ProvenanceKind.PROVIDED
        assert g.created == g.updated == again.clock.now()
    finally:
        again.lock()


def test_names_are_case_insensitive_and_unique(service: VaultService) -> None:
    service.add_field("Email", "email", "contact", "ada@example.org")
    with pytest.raises(ConflictError) as ei:
        service.add_field("email", "text", "contact", "x")
    assert ei.value.reason == "field-exists"
    assert service.get_field("EMAIL").name == "Email"


def test_update_changes_only_what_is_given_and_records_what_changed(service: VaultService) -> None:
    service.add_field("city", "text", "location", "London")
    before = service.history_count()
    service.clock.advance(60)  # type: ignore[attr-defined]
    f = service.update_field("city", value="Paris")
    assert f.value == "Paris" and f.category is Category.LOCATION
    e = service.history_page(limit=1)[0]
    assert e.kind == EventKind.FIELD_CHANGED and e.field == "city" and e.data["changed"] == ["value"]
    assert service.history_count() == before + 1
    assert service.get_field("city").updated > service.get_field("city").created
    # no change, no history entry
    service.update_field("city", value="Paris")
    assert service.history_count() == before + 1
    service.update_field(
        "city", category="identity", provenance=Provenance(ProvenanceKind.VERIFIED, by="did:web:x")
    )
    e = service.history_page(limit=1)[0]
    assert e.data["changed"] == ["category", "provenance"]
    assert service.get_field("city").provenance.by == "did:web:x"


def test_update_revalidates_for_a_new_type(service: VaultService) -> None:
    service.add_field("n", "text", "other", "not a number")
    with pytest.raises(ValidationError):
        service.update_field("n", ftype="number")
    assert service.get_field("n").type is FieldType.TEXT


def test_set_field_adds_then_changes(service: VaultService) -> None:
    service.set_field("phone", "phone", "contact", "+44 20 7946 0000")
    service.set_field("phone", "phone", "contact", "+44 20 7946 0001")
    assert service.get_field("phone").value == "+44 20 7946 0001"
    kinds = [e.kind for e in service.history_page(limit=2)]
    assert kinds == [EventKind.FIELD_CHANGED, EventKind.FIELD_ADDED]


def test_delete(service: VaultService) -> None:
    service.add_field("email", "email", "contact", "ada@example.org")
    service.delete_field("EMAIL")
    with pytest.raises(NotFoundError):
        service.get_field("email")
    with pytest.raises(NotFoundError) as ei:
        service.delete_field("email")
    assert ei.value.reason == "no-field"
    with pytest.raises(NotFoundError):
        service.update_field("email", value="x@example.org")
    e = service.history_page(limit=1)[0]
    assert e.kind == EventKind.FIELD_DELETED and e.field == "email" and e.data == {"category": "contact"}


def test_search_names_and_values_with_like_metacharacters(service: VaultService) -> None:
    service.add_field("email", "email", "contact", "ada@example.org")
    service.add_field("home_city", "text", "location", "London")
    service.add_field("discount", "text", "financial", "50% off")
    service.add_field("note", "text", "other", "a_b")
    assert [f.name for f in service.search_fields("LONDON")] == ["home_city"]
    assert [f.name for f in service.search_fields("mail")] == ["email"]
    assert [f.name for f in service.search_fields("%")] == ["discount"]  # not a wildcard
    assert [f.name for f in service.search_fields("_")] == ["home_city", "note"]  # literal underscore
    assert service.search_fields("zzz") == []
    assert len(service.search_fields("  ")) == 4  # empty query lists everything
    assert len(service.search_fields("o", limit=2)) == 2


def test_events_are_emitted_after_commit_and_carry_no_values(service: VaultService) -> None:
    seen: list[Event] = []
    unsubscribe = service.events.subscribe(seen.append)
    service.add_field("email", "email", "contact", "ada@example.org")
    service.update_field("email", value="bob@example.org")
    service.delete_field("email")
    unsubscribe()
    service.add_field("x", "text", "other", "y")
    assert [(e.topic, e.action) for e in seen] == [
        ("fields", "added"),
        ("fields", "changed"),
        ("fields", "deleted"),
    ]
    assert all("example.org" not in repr(e) for e in seen)


def test_a_broken_listener_does_not_undo_the_change(service: VaultService, caplog) -> None:
    def boom(_e: Event) -> None:
        raise RuntimeError("listener bug")

    service.events.subscribe(boom)
    service.add_field("email", "email", "contact", "ada@example.org")
    assert service.get_field("email").value == "ada@example.org"
    assert "listener failed" in caplog.text


def test_locked_service_refuses_everything(make_service) -> None:
    svc = make_service()
    svc.lock()
    for call in (
        lambda: svc.list_fields(),
        lambda: svc.get_field("x"),
        lambda: svc.add_field("a", "text", "other", "b"),
        lambda: svc.history_page(),
        lambda: svc.verify_history(),
        lambda: svc.subject_did,
    ):
        with pytest.raises(AuthError) as ei:
            call()
        assert ei.value.reason == "locked"


def test_field_repr_never_shows_the_value(service: VaultService) -> None:
    f = service.add_field("secret_note", "text", "other", "canary-value-123")
    assert "canary-value-123" not in repr(f) and "canary-value-123" not in str(f)


# -- validation per type -------------------------------------------------------------------------------------
GOOD = {
    FieldType.TEXT: [("  hello  ", "hello"), ("line1\nline2", "line1\nline2")],
    FieldType.DATE: [("1815-12-10", "1815-12-10"), ("2000-02-29", "2000-02-29")],
    FieldType.NUMBER: [("42", "42"), ("-3.5", "-3.5"), ("1,000", "1000")],
    FieldType.EMAIL: [("ada@example.org", "ada@example.org")],
    FieldType.PHONE: [("+44 (20) 7946-0000", "+44 (20) 7946-0000")],
    FieldType.ADDRESS: [("1 Main St\nLondon", "1 Main St\nLondon")],
    FieldType.POSTCODE: [("SW1A 1AA", "SW1A 1AA")],
    FieldType.COUNTRY: [("de", "DE"), ("CN", "CN")],
    FieldType.IDENTIFIER: [("X-123", "X-123")],
    FieldType.BOOLEAN: [("Yes", "true"), ("no", "false"), ("TRUE", "true")],
}
BAD = {
    FieldType.TEXT: ["", "   ", "x" * 4097, "a\x00b", "evil\u202egnp", "\u2066x"],
    FieldType.DATE: ["10/12/1815", "2001-02-29", "yesterday"],
    FieldType.NUMBER: ["abc", "nan", "inf", "-inf", "1e999"],
    FieldType.EMAIL: ["qzada", "qzada@", "@qz.org", "a b@qz.org", "qzada@qz"],
    FieldType.PHONE: ["qzphone", "12", "+44 20 7946 0000 ext. 5"],
    FieldType.COUNTRY: ["GBR", "1A", "g"],
    FieldType.BOOLEAN: ["maybe", "1"],
}


@pytest.mark.parametrize("ftype", list(FieldType))
def test_validation_accepts_and_normalises(ftype: FieldType) -> None:
    for given, stored in GOOD[ftype]:
        assert validate_value(ftype, given) == stored


@pytest.mark.parametrize("ftype", list(BAD))
def test_validation_refuses_without_echoing_the_value(ftype: FieldType) -> None:
    for given in BAD[ftype]:
        with pytest.raises(ValidationError) as ei:
            validate_value(ftype, given)
        assert ei.value.field == "value" and ei.value.exit_code == 2
        if len(given.strip()) >= 3:
            assert given.strip() not in ei.value.message


@pytest.mark.parametrize("name", ["", "-x", "a b", "a/b", "ä", "x" * 65, "a\u202eb", "a\nb"])
def test_bad_field_names(service: VaultService, name: str) -> None:
    with pytest.raises(ValidationError) as ei:
        service.add_field(name, "text", "other", "v")
    assert ei.value.field == "name"


def test_unknown_type_or_category(service: VaultService) -> None:
    with pytest.raises(ValidationError) as ei:
        service.add_field("a", "colour", "other", "v")
    assert "Use one of" in ei.value.message and ei.value.field == "type"
    with pytest.raises(ValidationError):
        service.add_field("a", "text", "secrets", "v")
    assert service.field_count() == 0


def test_invalid_value_changes_nothing(service: VaultService) -> None:
    n = service.history_count()
    with pytest.raises(ValidationError):
        service.add_field("email", "email", "contact", "nope")
    assert service.field_count() == 0 and service.history_count() == n
