"""The key file: wrap/unwrap, wrong password, damaged or truncated headers, unknown versions, header
binding."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vault_app.crypto import keyfile as kf
from vault_app.crypto.kdf import KdfParams, minimum_params
from vault_app.domain.errors import AuthError, IntegrityError

PW = "a long test password"


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, kf.KeyFile]:
    key = os.urandom(32)
    return key, kf.wrap(key, PW, str(uuid.uuid4()), minimum_params())


def test_round_trip(sample: tuple[bytes, kf.KeyFile]) -> None:
    key, k = sample
    again = kf.KeyFile.from_bytes(k.to_bytes())
    assert again == k
    assert kf.unwrap(again, PW) == key
    assert key not in k.to_bytes() and key.hex().encode() not in k.to_bytes()


def test_wrong_password(sample: tuple[bytes, kf.KeyFile]) -> None:
    with pytest.raises(AuthError) as ei:
        kf.unwrap(sample[1], PW + "x")
    assert str(ei.value) == "The password is wrong."
    assert ei.value.reason == "wrong-password" and ei.value.exit_code == 3


def _doc(k: kf.KeyFile) -> dict:
    return json.loads(k.to_bytes())


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(vault_id=str(uuid.uuid4())),  # moving a key file to another vault
        lambda d: d["kdf"].update(t=d["kdf"]["t"] + 1),  # changing the cost
        lambda d: d["kdf"].update(salt="AAAAAAAAAAAAAAAAAAAAAA=="),
    ],
)
def test_header_is_bound_to_the_wrapped_key(sample: tuple[bytes, kf.KeyFile], mutate) -> None:
    d = _doc(sample[1])
    mutate(d)
    k = kf.KeyFile.from_bytes(json.dumps(d).encode())
    with pytest.raises(AuthError):  # the AEAD check cannot tell a changed header from a wrong password
        kf.unwrap(k, PW)


def _corrupt_variants(raw: bytes) -> list[bytes]:
    d = json.loads(raw)
    out = [
        b"",
        b"\x00" * 10,
        b"not json",
        raw[: len(raw) // 2],
        raw[:-5],
        raw[:1],
        b"[]",
        b"null",
        b"\xff\xfe",
        b"{" * 100000,  # oversized
        json.dumps(dict(d, format="something-else")).encode(),
        json.dumps({k: v for k, v in d.items() if k != "wrap"}).encode(),
        json.dumps({k: v for k, v in d.items() if k != "kdf"}).encode(),
        json.dumps(dict(d, vault_id="not-a-uuid")).encode(),
        json.dumps(dict(d, wrap=dict(d["wrap"], alg="A128GCM"))).encode(),
        json.dumps(dict(d, wrap=dict(d["wrap"], nonce="AAAA"))).encode(),
        json.dumps(dict(d, wrap=dict(d["wrap"], ct="AAAA"))).encode(),
        json.dumps(dict(d, wrap=dict(d["wrap"], ct="***"))).encode(),
        json.dumps(dict(d, wrap="x")).encode(),
        json.dumps(dict(d, kdf=dict(d["kdf"], m=1024))).encode(),  # downgraded below the floor
        json.dumps(dict(d, kdf=dict(d["kdf"], m=10**9, t=10**6))).encode(),  # hostile cost
        json.dumps(dict(d, kdf=dict(d["kdf"], alg="scrypt"))).encode(),
        json.dumps(dict(d, kdf="x")).encode(),
    ]
    return out


def test_corrupt_or_truncated_header_is_an_integrity_error(sample: tuple[bytes, kf.KeyFile]) -> None:
    for raw in _corrupt_variants(sample[1].to_bytes()):
        with pytest.raises(IntegrityError) as ei:
            kf.KeyFile.from_bytes(raw)
        assert ei.value.reason == "keyfile-corrupt", raw[:60]
        assert "vault.key" in ei.value.message


@pytest.mark.parametrize("version", [3, 0, "1", None, True])
def test_unknown_version(sample: tuple[bytes, kf.KeyFile], version: object) -> None:
    d = dict(_doc(sample[1]), version=version)
    with pytest.raises(IntegrityError) as ei:
        kf.KeyFile.from_bytes(json.dumps(d).encode())
    assert ei.value.reason == "keyfile-version"
    assert "Update the app" in ei.value.message


def test_every_single_byte_truncation_is_refused_cleanly(sample: tuple[bytes, kf.KeyFile]) -> None:
    raw = sample[1].to_bytes()
    for n in range(len(raw) - 2):  # the last two bytes are "}\n": cutting only those leaves valid JSON
        with pytest.raises(IntegrityError):
            kf.KeyFile.from_bytes(raw[:n])


def test_wrap_with_kek_matches_password_path(sample: tuple[bytes, kf.KeyFile]) -> None:
    from vault_app.crypto.kdf import derive_key

    key, k = sample
    kek = derive_key(PW, k.kdf)
    assert kf.unwrap_with_kek(k, kek) == key
    k2 = kf.wrap_with_kek(key, kek, k.vault_id, k.kdf)
    assert k2.nonce != k.nonce  # a fresh nonce for every wrap
    assert kf.unwrap(k2, PW) == key


def test_params_accepted_from_file_are_never_below_floor(sample: tuple[bytes, kf.KeyFile]) -> None:
    k = kf.KeyFile.from_bytes(sample[1].to_bytes())
    assert isinstance(k.kdf, KdfParams)
    assert k.kdf.memory_kib >= 19 * 1024 and k.kdf.iterations >= 2


# -- version 2: the identity key in its own slot (issue 14, item 3) ------------------------------------------
DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


@pytest.fixture(scope="module")
def v2() -> tuple[bytes, bytes, kf.KeyFile]:
    key, seed = os.urandom(32), os.urandom(32)
    return (
        key,
        seed,
        kf.wrap(key, PW, str(uuid.uuid4()), minimum_params(), identity_seed=seed, did=DID, generation=4),
    )


def test_v2_round_trip_opens_both_keys_with_one_password(v2: tuple[bytes, bytes, kf.KeyFile]) -> None:
    key, seed, k = v2
    again = kf.KeyFile.from_bytes(k.to_bytes())
    assert again == k and again.version == 2 and again.generation == 4 and again.did == DID
    keys = kf.open_keys(again, PW)
    assert keys.data_key == key and keys.identity_seed == seed
    assert seed not in k.to_bytes() and seed.hex().encode() not in k.to_bytes()
    with pytest.raises(AuthError):
        kf.open_keys(again, PW + "x")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(generation=d["generation"] - 1),  # an older generation claimed
        lambda d: d.update(did=DID[:-1] + "L"),  # another identity claimed
        lambda d: d.update(wrap=d["identity"], identity=d["wrap"]),  # the two slots swapped
    ],
)
def test_v2_header_and_slots_are_bound(v2: tuple[bytes, bytes, kf.KeyFile], mutate) -> None:
    d = _doc(v2[2])
    mutate(d)
    with pytest.raises(AuthError):
        kf.open_keys(kf.KeyFile.from_bytes(json.dumps(d).encode()), PW)


def test_v1_files_still_open(sample: tuple[bytes, kf.KeyFile]) -> None:
    keys = kf.open_keys(kf.KeyFile.from_bytes(sample[1].to_bytes()), PW)
    assert keys.data_key == sample[0] and keys.identity_seed is None


@given(st.uuids(), st.sampled_from(["plain", "upper", "braces", "urn", "hex"]))
def test_the_vault_id_is_read_as_the_uuid_module_reads_it(value: uuid.UUID, form: str) -> None:
    """The canonical form is recognised without the uuid module (start-up); any other form a key file
    might hold is still read, and normalised, exactly as uuid.UUID does."""
    text = {
        "plain": str(value),
        "upper": str(value).upper(),
        "braces": "{" + str(value) + "}",
        "urn": value.urn,
        "hex": value.hex,
    }[form]
    assert kf._vault_id(text) == str(uuid.UUID(text)) == str(value)


@pytest.mark.parametrize(
    "text", ["", "not-a-uuid", "0" * 31, "g" * 32, "12345678-1234-1234-1234-1234567890123"]
)
def test_a_vault_id_that_is_no_uuid_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        kf._vault_id(text)
