"""Transport: pdv: links, QR fit, detect_kind for every kind, size-capped file reads, atomic owner-only
writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from proto_helpers import World

from vault_app.domain.errors import ConflictError, ProtocolError
from vault_app.domain.files import atomic_write
from vault_app.protocol import Kind, detect_kind, fits_qr, make_link, parse_link
from vault_app.protocol.jose import MAX_MESSAGE_BYTES
from vault_app.protocol.transport import (
    EXTENSION_BY_KIND,
    LINK_PREFIX,
    MAX_LINK_LENGTH,
    qr_code,
    read_message_file,
)


def reason_of(fn: object, *args: object) -> str:
    with pytest.raises(ProtocolError) as err:
        fn(*args)  # type: ignore[operator]
    return err.value.reason


def test_link_roundtrip_and_qr(world: World) -> None:
    token = world.request()
    link = make_link(token)
    assert link == LINK_PREFIX + token and parse_link(link) == token
    assert parse_link("  PDV:Request?t=" + token + "\n") == token
    assert fits_qr(link)  # a three-field request fits one QR code
    assert qr_code(link).version <= 40  # type: ignore[attr-defined]
    assert not fits_qr("pdv:request?t=" + "A" * 3000)
    assert len(link) > 1273 and not fits_qr(link, error="h")  # 1273 bytes: the most a version-40 H code holds


def test_link_refusals(world: World) -> None:
    assert reason_of(parse_link, "https://example.org/?t=abc") == "malformed"
    assert reason_of(parse_link, LINK_PREFIX) == "malformed"
    assert reason_of(parse_link, LINK_PREFIX + "a&t=b") == "malformed"
    assert reason_of(parse_link, LINK_PREFIX + "a" * MAX_LINK_LENGTH) == "too-large"
    assert reason_of(make_link, "a" * MAX_LINK_LENGTH) == "too-large"
    assert reason_of(qr_code, LINK_PREFIX + "A" * 4000) == "too-large"
    assert reason_of(detect_kind, make_link(world.trust_list())) == "malformed"  # links carry requests only


def test_detect_every_kind(world: World) -> None:
    req = world.request()
    grant = world.org.open_grant(
        world.grant(world.agent.parse_request(req)).jwe, world.org.parse_request(req)
    )
    erasure = world.org.parse_erasure_request(world.erasure_request())
    samples = {
        Kind.REQUEST: req,
        Kind.VERIFICATION_REQUEST: world.verification_request(),
        Kind.DERIVED_REQUEST: world.derived_request(),
        Kind.GRANT: grant.token,
        Kind.VERIFICATION_RESPONSE: world.verification_response().token,
        Kind.REFUSAL: world.refusal(),
        Kind.REVOCATION: world.revocation(),
        Kind.RECEIPT: world.receipt(grant),
        Kind.ERASURE_REQUEST: world.erasure_request(),
        Kind.DELETION_CONFIRMATION: world.deletion_confirmation(erasure),
        Kind.TRUST_LIST: world.trust_list(),
        Kind.STATUS_LIST: world.status_list(),
    }
    assert set(samples) == set(Kind)
    for kind, token in samples.items():
        d = detect_kind("\n" + token + "\n")
        assert d.kind is kind and not d.sealed and d.token == token
        assert d.extension == EXTENSION_BY_KIND[kind]
    sealed = detect_kind(world.grant().jwe)
    assert sealed.kind is None and sealed.sealed and sealed.extension == ".pdvgrant"
    assert "encrypted" in sealed.label
    assert detect_kind(make_link(req)).from_link


@pytest.mark.parametrize(
    "text",
    ["", "hello", "a.b", "a.b.c.d", "eyJ.eyJ.sig", "{}", "x" * 100, "pdv:other?t=abc", "ä.ö.ü"],
)
def test_detect_kind_refuses_noise(text: str) -> None:
    assert reason_of(detect_kind, text) in ("malformed", "unknown-kind", "too-large")


def test_read_message_file_caps_size(tmp_path: Path, world: World) -> None:
    p = tmp_path / "r.pdvreq"
    p.write_text(world.request() + "\r\n")
    assert detect_kind(read_message_file(p)).kind is Kind.REQUEST
    big = tmp_path / "big.pdvreq"
    with open(big, "wb") as fh:
        fh.write(b"a" * (2 * MAX_MESSAGE_BYTES))
    assert reason_of(read_message_file, big) == "too-large"
    utf16 = tmp_path / "u.pdvreq"
    utf16.write_bytes(world.request().encode("utf-16"))
    assert reason_of(read_message_file, utf16) == "malformed"


def test_atomic_write_modes(tmp_path: Path) -> None:
    secret = atomic_write(tmp_path / "k.jwk", "{}", mode=0o600)
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    public = atomic_write(tmp_path / "p.json", "{}", mode=0o644)
    assert stat.S_IMODE(os.stat(public).st_mode) == 0o644
    atomic_write(public, "[1]")
    assert public.read_text() == "[1]"
    with pytest.raises(ConflictError):
        atomic_write(secret, "{}", overwrite=False)
    assert secret.read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.jwk", "p.json"]  # no temporary files left
