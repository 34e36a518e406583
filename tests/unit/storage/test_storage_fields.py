"""Field repository rows: the cached decoding of enums and provenance gives the same Field as building it."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.model import Category, Field, FieldType, Provenance, ProvenanceKind
from vault_app.storage.db import Database
from vault_app.storage.repositories import fields as repo
from vault_app.storage.repositories.fields import FieldRepository

provenances = st.builds(
    Provenance,
    kind=st.sampled_from(list(ProvenanceKind)),
    by=st.one_of(st.none(), st.sampled_from(["did:web:a.example", "did:web:b.example"])),
    sources=st.lists(st.sampled_from(["email", "name", "g-1"]), max_size=3).map(tuple),
    method=st.one_of(st.none(), st.sampled_from(["year", "prefix"])),
)


@settings(max_examples=200, deadline=None)
@given(
    ftype=st.sampled_from(list(FieldType)),
    cat=st.sampled_from(list(Category)),
    prov=provenances,
    created=st.integers(0, 2**41),
    updated=st.integers(0, 2**41),
)
def test_row_equals_the_field_built_from_its_columns(
    ftype: FieldType, cat: Category, prov: Provenance, created: int, updated: int
) -> None:
    text = repo._provenance_text(prov)
    f = repo._row((7, "email", ftype.value, cat.value, "v", text, created, updated))
    want = Field(
        "email", FieldType(ftype.value), Category(cat.value), "v", prov, 7, created / 1000.0, updated / 1000.0
    )
    assert f == want
    # built without Field's __init__: every attribute it sets, nothing else, and as frozen
    assert vars(f) == vars(want) and [x.name for x in dataclasses.fields(Field)] == list(vars(f))
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = "changed"  # type: ignore[misc]
    assert Provenance.from_json(__import__("json").loads(text)) == prov


def test_insert_get_update_round_trip(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db", os.urandom(32), create=True)
    try:
        db.migrate()
        fields = FieldRepository(db)
        derived = Provenance(ProvenanceKind.DERIVED, "did:web:a.example", ("email",), "year")
        with db.transaction() as c:
            FieldRepository.insert(c, Field("a", FieldType.TEXT, Category.OTHER, "1"), 1000)
            FieldRepository.insert(c, Field("b", FieldType.TEXT, Category.HEALTH, "2", derived), 2000)
        a, b = fields.get("a"), fields.get("B")
        assert a is not None and b is not None
        assert (a.value, a.provenance, a.created) == ("1", Provenance(), 1.0)
        assert (b.category, b.provenance) == (Category.HEALTH, derived)
        with db.transaction() as c:
            FieldRepository.update(c, Field("b", FieldType.TEXT, Category.HEALTH, "3", Provenance()), 3000)
        b2 = fields.get("b")
        assert b2 is not None and (b2.value, b2.provenance, b2.updated) == ("3", Provenance(), 3.0)
    finally:
        db.close()


def test_the_fast_insert_writes_exactly_what_the_general_path_would(tmp_path: Path) -> None:
    """FieldRepository.insert binds str() of the enums (their value as a plain str, cheaper than .value) and
    recognises the default provenance without hashing it (issue 15): both must give the stored text the
    general path gives, for every type, category and kind of provenance."""
    for m in [*FieldType, *Category]:
        assert type(str(m)) is str and str(m) == m.value, m
    provenances = [
        Provenance(),
        Provenance(ProvenanceKind.PROVIDED),
        Provenance(ProvenanceKind.VERIFIED, by="did:web:gov.example"),
        Provenance(ProvenanceKind.DERIVED, by="did:web:bank.example", sources=("iban",), method="banding"),
        Provenance(ProvenanceKind.PROVIDED, method="typed"),
    ]
    for p in provenances:
        assert repo._provenance_text(p) == json.dumps(p.to_json())  # noqa: SLF001
        assert repo._provenance(repo._provenance_text(p)) == p  # noqa: SLF001
    db = Database(tmp_path / "x.db", os.urandom(32), create=True)
    try:
        db.migrate()
        want = {}
        with db.transaction() as tx:
            for i, (t, c, p) in enumerate(
                zip(list(FieldType) * 3, list(Category) * 3, provenances * 10, strict=False)
            ):
                name = f"f{i}"
                rowid = FieldRepository.insert(tx, Field(name, t, c, "v", p), 1000)
                want[name] = (rowid, t.value, c.value, json.dumps(p.to_json()))
        got = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in db.query("SELECT name, id, type, category, provenance FROM fields")
        }
        assert got == want
        for name, (_rowid, t, c, _p) in want.items():
            f = FieldRepository(db).get(name)
            assert f is not None and (f.type.value, f.category.value) == (t, c)
    finally:
        db.close()
