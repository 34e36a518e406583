"""The organisation toolkit must never break on what it is sent (issue 11), through ``pdvault-org`` with keys
from its own ``keygen``. The other party is built with jwcrypto (an independent JOSE library) straight from
docs/protocol.md: grants, erasure requests, refusals and revocation notices signed and sealed by it, so
nothing here relies on our own builders to make the hostile inputs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwe as cjwe
from jwcrypto import jwk as cjwk
from jwcrypto import jws as cjws
from proto_helpers import T0, seeded_ed25519

from vault_app.cli.org import main
from vault_app.protocol import did_from_public_key, kid_for
from vault_app.protocol.jwk import ed25519_private_jwk

PURPOSE = "https://w3id.org/dpv#ServiceProvision"
SUBJECT_KEY = seeded_ed25519(61)
STRANGER_KEY = seeded_ed25519(62)
SUBJECT = did_from_public_key(SUBJECT_KEY)
STRANGER = did_from_public_key(STRANGER_KEY)
STATUS = {"status_list": {"idx": 3, "uri": "urn:pdv:status:0123456789abcdef"}}


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


def run(*argv: str | Path | int) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue() and "Traceback" not in out.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class World:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.keys = tmp / "org"
        assert run("keygen", "--dir", self.keys, "--name", "Example Shop").code == 0
        profile = json.loads((self.keys / "profile.json").read_text())
        self.did = profile["did"]
        self.enc = cjwk.JWK(**profile["encryption_key"])
        spec = tmp / "spec.json"
        spec.write_text(
            json.dumps(
                {
                    "fields": [
                        {"name": "email", "category": "contact"},
                        {"name": "income", "category": "financial"},
                    ],
                    "purposes": [PURPOSE],
                    "purpose_text": "Deliver your order",
                    "retention_days": 30,
                }
            )
        )
        self.req = tmp / "req.pdvreq"
        assert run("--at", T0, "request", "--keys", self.keys, "--spec", spec, "--out", self.req).code == 0
        token = self.req.read_text().strip()
        self.req_id = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))["jti"]
        self.req_hash = b64(hashlib.sha256(token.encode("ascii")).digest())
        self.n = 0

    def sign(self, claims: dict[str, Any], typ: str, key: Any = SUBJECT_KEY) -> str:
        """A compact JWS made by jwcrypto (json.dumps writes integers exactly, however large)."""
        did = did_from_public_key(key)
        s = cjws.JWS(json.dumps(claims).encode())
        s.add_signature(
            cjwk.JWK(**ed25519_private_jwk(key)),
            alg="EdDSA",
            protected={"alg": "EdDSA", "typ": typ, "kid": kid_for(did)},
        )
        return str(s.serialize(compact=True))

    def envelope(self, key: Any = SUBJECT_KEY, *, sub: bool = False) -> dict[str, Any]:
        self.n += 1
        did = did_from_public_key(key)
        env = {
            "pdv_ver": 1,
            "iss": did,
            "aud": self.did,
            "iat": T0 + 10,
            "exp": T0 + 20 * 86400,
            "jti": f"third-party-msg-{self.n:04d}",
        }
        return {**env, "sub": did} if sub else env

    def grant_file(self, key: Any = SUBJECT_KEY, **changes: Any) -> Path:
        claims = {
            **self.envelope(key, sub=True),
            "req": self.req_id,
            "req_hash": self.req_hash,
            "fields": [{"name": "email", "category": "contact", "form": "exact", "value": "ada@example.org"}],
            "scope": {
                "purposes": [PURPOSE],
                "purpose_text": "Deliver your order",
                "retention": 30 * 86400,
                "onward": [],
                "processing": [],
            },
            "status": STATUS,
        }
        claims.update(changes)
        e = cjwe.JWE(
            self.sign(claims, "pdv-grant+jwt", key).encode(),
            protected={"alg": "ECDH-ES", "enc": "A256GCM", "cty": "JWT", "kid": self.enc.thumbprint()},
        )
        e.add_recipient(self.enc)
        path = self.tmp / f"grant{self.n}.pdvgrant"
        path.write_text(e.serialize(compact=True))
        return path

    def message_file(self, claims: dict[str, Any], typ: str, key: Any = SUBJECT_KEY) -> Path:
        path = self.tmp / f"msg{self.n}.pdvmsg"
        path.write_text(self.sign(claims, typ, key))
        return path

    def open(self, grant: Path, *extra: str) -> Run:
        return run(
            "--at",
            T0 + 100,
            "open",
            "--keys",
            self.keys,
            grant,
            "--request",
            self.req,
            "--no-status-check",
            *extra,
        )


@pytest.fixture
def w(tmp_path: Path) -> World:
    return World(tmp_path)


# -- one exact integer rule ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (2**53, True),
        (-(2**53), True),
        (12345, True),
        (0.5, True),
        (2**53 + 1, False),
        (-(2**53) - 1, False),
        (2**63, False),
        (2**64, False),
        (-(2**64), False),
        (10**30, False),
        (1e300, False),
        (9007199254740994.0, False),
    ],
)
def test_one_exact_integer_rule(w: World, value: int | float, ok: bool) -> None:
    """Numbers in claims must lie within +-2^53 (written as integers or not). Before: 2^64 and beyond were
    accepted and turned into inexact floats, while independent libraries read the exact integer."""
    grant = w.grant_file(
        fields=[{"name": "income", "category": "financial", "form": "exact", "value": value}]
    )
    # the independent library reads the number exactly as written
    e = cjwe.JWE()
    e.deserialize(grant.read_text(), key=cjwk.JWK(**json.loads((w.keys / "encryption.jwk").read_text())))
    inner = cjws.JWS()
    inner.deserialize(e.plaintext.decode())
    inner.verify(
        cjwk.JWK(**{k: v for k, v in ed25519_private_jwk(SUBJECT_KEY).items() if k != "d"}), alg="EdDSA"
    )
    assert json.loads(inner.payload)["fields"][0]["value"] == value
    r = w.open(grant)
    if ok:
        assert r.code == 0, r.err
        got = r.json()["fields"][0]["value"]
        assert got == value and type(got) is type(value)  # exactly what was sent, the same JSON type
    else:
        assert r.code == 10 and "[invalid-claim]" in r.err and "2^53" in r.err


# -- no traceback on nested claims of unexpected types -------------------------------------------------------
@pytest.mark.parametrize(
    "changes",
    [
        {"conditions": [{}]},
        {"conditions": [["reanonymise-before-reuse"]]},
        {"withheld": [{"name": "income"}]},
        {
            "scope": {
                "purposes": [{}],
                "purpose_text": "x",
                "retention": 86400,
                "onward": [],
                "processing": [],
            }
        },
        {
            "scope": {
                "purposes": [PURPOSE],
                "purpose_text": "x",
                "retention": 86400,
                "onward": [[]],
                "processing": [{}],
            }
        },
        {
            "fields": [
                {
                    "name": "email",
                    "category": "contact",
                    "form": "anonymised",
                    "value": "x",
                    "method": "m",
                    "params": {"k": {}},
                }
            ]
        },
        {"fields": [{"name": ["email"], "category": {"x": 1}, "form": "exact", "value": {}}]},
        {"status": {"status_list": {"idx": [3], "uri": {}}}},
        {"refines": {"id": "x"}},
    ],
)
def test_nested_claims_of_unexpected_types_are_refused_not_crashed(w: World, changes: dict[str, Any]) -> None:
    grant = w.grant_file(**changes)
    assert w.open(grant).code == 10
    spec = w.tmp / "receipt.json"
    spec.write_text(json.dumps({"entries": [{"action": "use", "fields": ["email"]}]}))
    r = run(
        "--at",
        T0 + 100,
        "receipt",
        "--keys",
        w.keys,
        grant,
        "--request",
        w.req,
        "--spec",
        spec,
        "--out",
        w.tmp / "r.pdvreceipt",
    )
    assert r.code == 10 and r.err.startswith("pdvault-org: ")


# -- confirm-erasure checks the request against the grant's subject ------------------------------------------
def test_confirm_erasure_refuses_a_stranger_naming_a_real_grant(w: World) -> None:
    grant = w.grant_file()
    gid = w.open(grant).json()["grant_id"]
    out = w.tmp / "conf.pdvreceipt"
    stranger = w.message_file(
        {**w.envelope(STRANGER_KEY), "grants": [gid], "include_derived": True},
        "pdv-erasure-request+jwt",
        STRANGER_KEY,
    )

    def confirm(msg: Path, *extra: str | Path) -> Run:
        return run("--at", T0 + 100, "confirm-erasure", "--keys", w.keys, msg, *extra, "--out", out)

    # before: signed a confirmation for the stranger; now the grant (or the subject) must be named
    none = confirm(stranger)
    assert none.code == 2 and "--grant" in none.err and not out.exists()
    bad = confirm(stranger, "--grant", grant)
    assert bad.code == 10 and "[unknown-key]" in bad.err and not out.exists()
    assert confirm(stranger, "--subject", SUBJECT).code == 10 and not out.exists()
    other_id = w.message_file(
        {**w.envelope(), "grants": ["some-other-grant-01"], "include_derived": True},
        "pdv-erasure-request+jwt",
    )
    mismatch = confirm(other_id, "--grant", grant)
    assert mismatch.code == 10 and "[request-mismatch]" in mismatch.err and not out.exists()
    genuine = w.message_file(
        {**w.envelope(), "grants": [gid], "include_derived": True}, "pdv-erasure-request+jwt"
    )
    ok = confirm(genuine, "--grant", grant)
    assert ok.code == 0, ok.err
    assert json.loads(ok.out[: ok.out.rindex("}") + 1])["subject"] == SUBJECT and out.exists()
    # the confirmation is addressed to the subject and names the erasure request by hash (read by jwcrypto)
    s = cjws.JWS()
    s.deserialize(out.read_text().strip())
    s.verify(cjwk.JWK(**json.loads((w.keys / "profile.json").read_text())["signing_key"]), alg="EdDSA")
    claims = json.loads(s.payload)
    assert claims["aud"] == SUBJECT and claims["grants"] == [gid]
    assert claims["erasure_hash"] == b64(hashlib.sha256(genuine.read_text().strip().encode()).digest())


# -- pdvault-org read: refusals and revocation notices -------------------------------------------------------
def test_read_verifies_and_prints_refusals_and_notices(w: World) -> None:
    grant = w.grant_file()
    gid = w.open(grant).json()["grant_id"]
    refusal = w.message_file(
        {**w.envelope(), "req": w.req_id, "req_hash": w.req_hash, "reason": "policy"}, "pdv-refusal+jwt"
    )
    r = run("--at", T0 + 100, "read", "--keys", w.keys, refusal, "--request", w.req)
    assert r.code == 0, r.err
    assert r.json() | {"refusal_id": None} == {
        "valid": True,
        "kind": "refusal",
        "refusal_id": None,
        "subject": SUBJECT,
        "request_id": w.req_id,
        "issued_at": "2027-01-15T08:00:10Z",
        "reason": "policy",
    }
    assert run("--at", T0 + 100, "read", "--keys", w.keys, refusal).code == 2  # which request?

    notice = w.message_file(
        {**w.envelope(), "grant": gid, "revoked_at": T0 + 50, "status": STATUS}, "pdv-revocation+jwt"
    )
    r = run("--at", T0 + 100, "read", "--keys", w.keys, notice, "--grant", grant)
    assert r.code == 0, r.err
    d = r.json()
    assert d["kind"] == "revocation-notice" and d["grant_id"] == gid and d["subject"] == SUBJECT
    assert d["status"] == {"idx": 3, "uri": STATUS["status_list"]["uri"]}
    forged = w.message_file(
        {**w.envelope(STRANGER_KEY), "grant": gid, "revoked_at": T0 + 50}, "pdv-revocation+jwt", STRANGER_KEY
    )
    f = run("--at", T0 + 100, "read", "--keys", w.keys, forged, "--grant", grant)
    assert f.code == 10 and "[unknown-key]" in f.err
    other = w.message_file(
        {**w.envelope(), "grant": "some-other-grant-01", "revoked_at": T0 + 50}, "pdv-revocation+jwt"
    )
    assert run("--at", T0 + 100, "read", "--keys", w.keys, other, "--grant", grant).code == 10
    assert run("--at", T0 + 100, "read", "--keys", w.keys, notice).code == 2  # whose?
    enc = run("--at", T0 + 100, "read", "--keys", w.keys, grant)
    assert enc.code == 10 and "open" in enc.err


# -- open shows the grant's conditions and what a first-contact grant proves ---------------------------------
def test_open_shows_conditions_and_what_first_contact_proves(w: World) -> None:
    grant = w.grant_file(conditions=["reanonymise-before-reuse"])
    d = w.open(grant).json()
    (cond,) = d["conditions"]
    assert cond["condition"] == "reanonymise-before-reuse" and "anonymised again" in cond["meaning"]
    assert d["trust"]["first_contact"] is True
    assert "does not prove who that person is" in d["trust"]["note"]
    # with the subject named (a known relationship), the note says so
    grant2 = w.grant_file()
    known = w.open(grant2, "--subject", SUBJECT).json()
    assert known["trust"]["first_contact"] is False and known["conditions"] == []
    assert w.open(w.grant_file(), "--subject", STRANGER).code == 10
