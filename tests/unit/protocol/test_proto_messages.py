"""Every message kind: built, signed, verified and read back typed; and the claim schema refusing bad
claims."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from proto_helpers import DPV, STATUS_URI, T0, World, decode_part, resign

from vault_app.domain.errors import ProtocolError, ValidationError
from vault_app.domain.model import Category, ComplianceStatus, Processing, ReleaseMode, RequestedField, Scope
from vault_app.protocol import (
    AuthorisationRequest,
    DeletionConfirmation,
    DeletionOutcome,
    DerivedDataRequest,
    ErasureRequest,
    Grant,
    Kind,
    Refusal,
    RefusalReason,
    RevocationNotice,
    SaltedHash,
    TrustList,
    UsageAction,
    UsageReceipt,
    VerificationCheck,
    VerificationOutcome,
    VerificationRequest,
    VerificationResponse,
    did_from_public_key,
    normalise_for_hash,
    salted_hash,
    sign,
    unseal,
    verify,
)


def test_authorisation_request(world: World) -> None:
    token = world.request(refines="GRANTGRANTGRANT01", audience=world.subject_did)
    header = decode_part(token, 0)
    assert header == {
        "alg": "EdDSA",
        "typ": "pdv-request+jwt",
        "kid": world.org.did + "#" + world.org.did[8:],
    }
    claims = decode_part(token, 1)
    assert claims["pdv_ver"] == 1 and claims["iss"] == world.org.did and claims["aud"] == world.subject_did
    assert claims["iat"] == T0 and claims["exp"] == T0 + 30 * 86400 and len(claims["jti"]) == 22
    msg = world.agent.parse_request(token, audience=world.subject_did)
    body = msg.body
    assert isinstance(body, AuthorisationRequest)
    assert body.org.name == "Example Bank" and body.org.url == "https://bank.example"
    assert body.org.enc_key == world.org.keys.encryption.public_key()
    assert [f.name for f in body.fields] == ["email", "birth_date", "postcode"]
    assert body.fields[0] == RequestedField("email", Category.CONTACT, "to send statements")
    assert body.refines == "GRANTGRANTGRANT01"
    assert body.scope == Scope(
        (DPV + "ServiceProvision", DPV + "FraudPreventionAndDetection"),
        "Open and run your savings account.",
        365 * 86400,
        (world.other_org.did,),
        (Processing.ANALYSE,),
    )
    assert (
        msg.kind is Kind.REQUEST
        and msg.issuer == world.org.did
        and msg.envelope.audience == world.subject_did
    )


def test_verification_request_and_response(world: World) -> None:
    req = world.agent.parse_verification_request(world.verification_request())
    assert isinstance(req.body, VerificationRequest)
    email, postcode = req.body.checks
    assert email.value == "ada@example.org" and email.hashed is None
    assert postcode.value is None and postcode.hashed is not None
    assert "ada@" not in repr(email)  # values never in reprs
    assert email.matches("  ada@example.org ") and not email.matches("bob@example.org")
    assert postcode.matches("SW1A  1AA") and not postcode.matches("SW1A 1AB")
    sealed = world.verification_response(req)
    resp = world.org.open_verification_response(sealed.jwe, req)
    assert isinstance(resp.body, VerificationResponse)
    assert {r.name: r.outcome for r in resp.body.results} == {
        "email": VerificationOutcome.MATCH,
        "postcode": VerificationOutcome.MISMATCH,
    }
    assert resp.envelope.subject == resp.issuer == world.subject_did


def test_salted_hash_construction() -> None:
    salt = bytes(range(16))
    import base64
    import hashlib
    import unicodedata

    expected = base64.urlsafe_b64encode(hashlib.sha256(salt + b"Ada Lovelace").digest()).rstrip(b"=").decode()
    assert salted_hash("  Ada   Lovelace\n", salt) == expected
    assert salted_hash(unicodedata.normalize("NFD", "Zoë"), salt) == salted_hash("Zoë", salt)
    assert salted_hash("ADA@Example.org", salt, casefold=True) == salted_hash(
        "ada@example.org", salt, casefold=True
    )
    assert salted_hash("ADA@Example.org", salt) != salted_hash("ada@example.org", salt)
    assert normalise_for_hash(" a \t b ") == "a b"
    h = SaltedHash.of("x", casefold=True)
    assert h.to_json()["norm"] == "nfc-ws-casefold" and h.matches("X")
    with pytest.raises(ValueError):
        VerificationCheck("a", Category.OTHER)
    with pytest.raises(ValueError):
        VerificationCheck("a", Category.OTHER, value="x", hashed=h)


def test_derived_request(world: World) -> None:
    msg = world.agent.parse_derived_request(
        world.derived_request(), audience=world.subject_did, organisation=world.org.did
    )
    body = msg.body
    assert isinstance(body, DerivedDataRequest)
    assert (
        body.conclusion.name == "credit_band"
        and body.conclusion.value == "B"
        and "B'" not in repr(body.conclusion)
    )
    assert body.sources[0].grant_id == "GRANTGRANTGRANT01" and body.sources[0].fields == ("email", "postcode")
    assert body.fields == (
        RequestedField("credit_band", Category.FINANCIAL, "Credit band from account history"),
    )
    assert body.scope.retention_seconds == 180 * 86400


def test_grant(world: World) -> None:
    req_token = world.request()
    req = world.agent.parse_request(req_token)
    sealed = world.grant(req)
    assert sealed.expires_at == T0 + 365 * 86400
    inner = unseal(sealed.jwe, world.org.keys.encryption)
    assert inner == sealed.token
    claims = decode_part(inner, 1)
    assert claims["iss"] == claims["sub"] == world.subject_did and claims["aud"] == world.org.did
    assert claims["status"] == {"status_list": {"idx": 7, "uri": STATUS_URI}}
    assert claims["req_hash"] == req.hash and claims["req"] == req.jti
    assert claims["fields"][1] == {
        "name": "birth_date",
        "category": "demographic",
        "form": "anonymised",
        "value": "1990",
        "method": "date.year",
    }
    grant = world.org.open_grant(sealed.jwe, world.org.parse_request(req_token))
    assert isinstance(grant.body, Grant)
    assert grant.body.fields == tuple(world.released())
    assert grant.body.withheld == ("postcode",)
    assert grant.body.scope == req.body.scope
    assert grant.jti == sealed.jti


def test_refusal_revocation_erasure_and_confirmation(world: World) -> None:
    req_token = world.request()
    req = world.agent.parse_request(req_token)
    refusal = world.org.parse_refusal(world.refusal(req), world.org.parse_request(req_token))
    assert isinstance(refusal.body, Refusal) and refusal.body.reason is RefusalReason.DECLINED
    notice = world.org.parse_revocation_notice(world.revocation(), subject=world.subject_did)
    assert isinstance(notice.body, RevocationNotice) and notice.body.revoked_at == T0
    assert notice.body.status is not None and notice.body.status.idx == 7
    erasure = world.org.parse_erasure_request(world.erasure_request(), subject=world.subject_did)
    assert isinstance(erasure.body, ErasureRequest)
    assert erasure.body.fields == ("email",) and erasure.body.include_derived is True
    conf = world.agent.parse_deletion_confirmation(
        world.deletion_confirmation(erasure),
        audience=world.subject_did,
        organisation=world.org.did,
        erasure=erasure,
    )
    assert isinstance(conf.body, DeletionConfirmation)
    assert conf.body.outcome is DeletionOutcome.PARTIAL and conf.body.retained[0].field == "email"
    assert conf.body.erasure_hash == erasure.hash


def test_receipt_and_trust_list(world: World) -> None:
    req_token = world.request()
    grant = world.org.open_grant(
        world.grant(world.agent.parse_request(req_token)).jwe, world.org.parse_request(req_token)
    )
    receipt = world.agent.parse_receipt(
        world.receipt(grant), audience=world.subject_did, organisation=world.org.did
    )
    assert isinstance(receipt.body, UsageReceipt)
    assert receipt.body.grant_id == grant.jti and receipt.body.grant_hash == grant.hash
    assert [e.action for e in receipt.body.entries] == [UsageAction.USE, UsageAction.TRANSFER]
    trust = world.agent.parse_trust_list(world.trust_list(), certifiers={world.certifier.did})
    assert isinstance(trust.body, TrustList) and trust.body.seq == 4
    assert trust.body.status_of(world.org.did) is ComplianceStatus.COMPLIANT
    assert trust.body.status_of(world.other_org.did) is ComplianceStatus.SUSPENDED
    assert trust.body.status_of(world.subject_did) is ComplianceStatus.UNKNOWN
    with pytest.raises(ValidationError):
        world.org.make_receipt(grant, [receipt.body.entries[0].__class__(UsageAction.USE, ("postcode",), T0)])


# --- claim schema: each row re-signs a valid message with a changed claim -----------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(claims: dict[str, Any]) -> None:
        target: Any = claims
        keys = path.split("/")
        for k in keys[:-1]:
            target = target[int(k)] if isinstance(target, list) else target[k]
        last = keys[-1]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


_DELETE = object()

REQUEST_CASES: list[tuple[str, Mutation, str]] = [
    ("no fields", _set("fields", []), "invalid-claim"),
    ("field name with space", _set("fields/0/name", "e mail"), "invalid-claim"),
    ("field name with bidi override", _set("fields/0/name", "email\u202e"), "invalid-claim"),
    ("field name with NUL", _set("fields/0/name", "em\x00ail"), "invalid-claim"),
    ("field name too long", _set("fields/0/name", "a" * 65), "invalid-claim"),
    ("field name not text", _set("fields/0/name", 5), "invalid-claim"),
    ("unknown category", _set("fields/0/category", "secrets"), "invalid-claim"),
    ("duplicate field", _set("fields/1/name", "email"), "invalid-claim"),
    ("reason with bidi isolate", _set("fields/0/reason", "ok\u2067"), "invalid-claim"),
    ("extra member in field", _set("fields/0/value", "x"), "invalid-claim"),
    (
        "too many fields",
        _set("fields", [{"name": f"f{i}", "category": "other"} for i in range(65)]),
        "invalid-claim",
    ),
    ("http purpose", _set("purpose/iris/0", "http://w3id.org/dpv#ServiceProvision"), "invalid-claim"),
    ("purpose with space", _set("purpose/iris/0", "https://w3id.org/dpv# x"), "invalid-claim"),
    ("no purpose", _set("purpose/iris", []), "invalid-claim"),
    ("empty purpose text", _set("purpose/text", "   "), "invalid-claim"),
    ("huge purpose text", _set("purpose/text", "x" * 1001), "invalid-claim"),
    ("purpose missing", _set("purpose", _DELETE), "missing-claim"),
    ("zero retention", _set("retention", 0), "invalid-claim"),
    ("retention as text", _set("retention", "365"), "invalid-claim"),
    ("retention as bool", _set("retention", True), "invalid-claim"),
    ("retention as float", _set("retention", 3.5), "invalid-claim"),
    ("unknown processing", _set("processing", ["sell"]), "invalid-claim"),
    ("onward not a DID", _set("onward/0/did", "did:web:evil.example"), "invalid-claim"),
    ("refines not an id", _set("refines", "short"), "invalid-claim"),
    ("org without key", _set("org/enc", _DELETE), "missing-claim"),
    ("org with Ed25519 key", _set("org/enc/crv", "Ed25519"), "invalid-claim"),
    ("org key with private part", _set("org/enc/d", "AAAA"), "invalid-claim"),
    ("org name with newline", _set("org/name", "Bank\nof Evil"), "invalid-claim"),
    ("unknown claim", _set("callback", "https://evil.example"), "invalid-claim"),
    ("unknown claim with control char", _set("x\x01", 1), "invalid-claim"),
    ("version 2", _set("pdv_ver", 2), "unsupported-version"),
    ("version as text", _set("pdv_ver", "1"), "invalid-claim"),
    ("no version", _set("pdv_ver", _DELETE), "missing-claim"),
    ("no jti", _set("jti", _DELETE), "missing-claim"),
    ("short jti", _set("jti", "abc"), "invalid-claim"),
    ("jti with dot", _set("jti", "a" * 20 + "."), "invalid-claim"),
    ("iat as float", _set("iat", T0 + 0.5), "invalid-claim"),
    ("exp before iat", _set("exp", T0 - 1), "invalid-claim"),
    ("exp in 200 years", _set("exp", T0 + 200 * 366 * 86400), "invalid-claim"),
    ("aud as list", _set("aud", ["did:key:x"]), "invalid-claim"),
    ("aud not a DID", _set("aud", "someone"), "invalid-claim"),
    ("sub on a request", _set("sub", "did:key:x"), "invalid-claim"),
]


@pytest.mark.parametrize(("name", "mutate", "why"), REQUEST_CASES, ids=[c[0] for c in REQUEST_CASES])
def test_request_claim_schema(world: World, name: str, mutate: Mutation, why: str) -> None:
    token = world.request()
    claims = copy.deepcopy(decode_part(token, 1))
    mutate(claims)
    bad = resign(token, world.org.keys.signing, payload=claims)
    with pytest.raises(ProtocolError) as err:
        world.agent.parse_request(bad)
    assert err.value.reason == why, err.value.message
    assert "\x01" not in err.value.message and "\u202e" not in err.value.message


GRANT_CASES: list[tuple[str, Mutation, str]] = [
    ("withheld form", _set("fields/0/form", "withhold"), "invalid-claim"),
    ("anonymised without method", _set("fields/1/method", _DELETE), "missing-claim"),
    ("exact with method", _set("fields/0/method", "date.year"), "invalid-claim"),
    ("value as object", _set("fields/0/value", {"a": 1}), "invalid-claim"),
    ("value as list", _set("fields/0/value", [1]), "invalid-claim"),
    ("value with bidi", _set("fields/0/value", "a\u202eb"), "invalid-claim"),
    ("value too long", _set("fields/0/value", "a" * 4097), "invalid-claim"),
    ("value huge int", _set("fields/0/value", 2**60), "invalid-claim"),
    ("null exact value", _set("fields/0/value", None), "invalid-claim"),
    ("params not flat", _set("fields/1/params", {"a": {"b": "c"}}), "invalid-claim"),
    ("released and withheld", _set("withheld", ["email"]), "invalid-claim"),
    ("bad req_hash", _set("req_hash", "abc"), "invalid-claim"),
    ("scope missing onward", _set("scope/onward", _DELETE), "missing-claim"),
    ("scope extra member", _set("scope/sell", True), "invalid-claim"),
    ("scope onward not DID", _set("scope/onward", ["bank"]), "invalid-claim"),
    ("status without list", _set("status", {"idx": 1}), "missing-claim"),
    ("status negative idx", _set("status/status_list/idx", -1), "invalid-claim"),
    ("status http uri", _set("status/status_list/uri", "http://vault.example/s"), "invalid-claim"),
    (
        "sub differs from iss",
        _set("sub", "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"),
        "invalid-claim",
    ),
    ("no sub", _set("sub", _DELETE), "missing-claim"),
    ("no aud", _set("aud", _DELETE), "missing-claim"),
    ("outlives retention", _set("exp", T0 + 366 * 86400), "invalid-claim"),
]


@pytest.mark.parametrize(("name", "mutate", "why"), GRANT_CASES, ids=[c[0] for c in GRANT_CASES])
def test_grant_claim_schema(world: World, name: str, mutate: Mutation, why: str) -> None:
    token = world.grant().token
    claims = copy.deepcopy(decode_part(token, 1))
    mutate(claims)
    bad = resign(token, world.subject_key, payload=claims)
    with pytest.raises(ProtocolError) as err:
        verify(bad, Grant, clock=world.clock, audience=world.org.did)
    assert err.value.reason == why, err.value.message


def w_did() -> str:
    return did_from_public_key(Ed25519PrivateKey.from_private_bytes(b"\x09" * 32))


def w_org_did() -> str:
    return did_from_public_key(Ed25519PrivateKey.from_private_bytes(b"\x01" * 32))  # the world's organisation


def _grant(w: World) -> Any:
    req_token = w.request()
    return w.org.open_grant(w.grant(w.agent.parse_request(req_token)).jwe, w.org.parse_request(req_token))


def _erasure(w: World) -> Any:
    return w.org.parse_erasure_request(w.erasure_request())


OTHER_CASES: list[
    tuple[str, Callable[[World], tuple[str, Ed25519PrivateKey, type[Any], dict[str, Any]]], Mutation, str]
] = [
    (
        "receipt transfer without recipient",
        lambda w: (w.receipt(_grant(w)), w.org.keys.signing, UsageReceipt, {"audience": w.subject_did}),
        _set("entries/1/recipient", _DELETE),
        "invalid-claim",
    ),
    (
        "receipt use with recipient",
        lambda w: (w.receipt(_grant(w)), w.org.keys.signing, UsageReceipt, {"audience": w.subject_did}),
        _set("entries/0/recipient", w_did()),
        "invalid-claim",
    ),
    (
        "receipt no entries",
        lambda w: (w.receipt(_grant(w)), w.org.keys.signing, UsageReceipt, {"audience": w.subject_did}),
        _set("entries", []),
        "invalid-claim",
    ),
    (
        "receipt bad action",
        lambda w: (w.receipt(_grant(w)), w.org.keys.signing, UsageReceipt, {"audience": w.subject_did}),
        _set("entries/0/action", "sell"),
        "invalid-claim",
    ),
    (
        "erasure no grants",
        lambda w: (w.erasure_request(), w.subject_key, ErasureRequest, {"audience": w.org.did}),
        _set("grants", []),
        "invalid-claim",
    ),
    (
        "erasure derived as text",
        lambda w: (w.erasure_request(), w.subject_key, ErasureRequest, {"audience": w.org.did}),
        _set("include_derived", "yes"),
        "invalid-claim",
    ),
    (
        "confirmation partial without retained",
        lambda w: (
            w.deletion_confirmation(_erasure(w)),
            w.org.keys.signing,
            DeletionConfirmation,
            {"audience": w.subject_did},
        ),
        _set("retained", _DELETE),
        "invalid-claim",
    ),
    (
        "confirmation deleted with retained",
        lambda w: (
            w.deletion_confirmation(_erasure(w)),
            w.org.keys.signing,
            DeletionConfirmation,
            {"audience": w.subject_did},
        ),
        _set("outcome", "deleted"),
        "invalid-claim",
    ),
    (
        "trust list bad status",
        lambda w: (w.trust_list(), w.certifier.signing_key, TrustList, {}),
        _set("entries/0/status", "great"),
        "invalid-claim",
    ),
    (
        "trust list duplicate org",
        lambda w: (w.trust_list(), w.certifier.signing_key, TrustList, {}),
        _set("entries/1/did", w_org_did()),
        "invalid-claim",
    ),
    (
        "trust list with aud",
        lambda w: (w.trust_list(), w.certifier.signing_key, TrustList, {}),
        _set("aud", w_did()),
        "invalid-claim",
    ),
    (
        "refusal bad reason",
        lambda w: (w.refusal(), w.subject_key, Refusal, {"audience": w.org.did}),
        _set("reason", "because"),
        "invalid-claim",
    ),
    (
        "derived value object",
        lambda w: (w.derived_request(), w.org.keys.signing, DerivedDataRequest, {"audience": w.subject_did}),
        _set("conclusion/value", {"x": 1}),
        "invalid-claim",
    ),
    (
        "derived no sources",
        lambda w: (w.derived_request(), w.org.keys.signing, DerivedDataRequest, {"audience": w.subject_did}),
        _set("sources", []),
        "invalid-claim",
    ),
    (
        "verification both value and hash",
        lambda w: (w.verification_request(), w.org.keys.signing, VerificationRequest, {}),
        _set("checks/0/hash", {"alg": "sha-256"}),
        "invalid-claim",
    ),
    (
        "verification short salt",
        lambda w: (w.verification_request(), w.org.keys.signing, VerificationRequest, {}),
        _set("checks/1/hash/salt", "c2FsdA"),
        "invalid-claim",
    ),
    (
        "verification md5",
        lambda w: (w.verification_request(), w.org.keys.signing, VerificationRequest, {}),
        _set("checks/1/hash/alg", "md5"),
        "invalid-claim",
    ),
    (
        "revocation time as text",
        lambda w: (w.revocation(), w.subject_key, RevocationNotice, {"audience": w.org.did}),
        _set("revoked_at", "now"),
        "invalid-claim",
    ),
]


@pytest.mark.parametrize(("name", "make", "mutate", "why"), OTHER_CASES, ids=[c[0] for c in OTHER_CASES])
def test_other_claim_schemas(world: World, name: str, make: Any, mutate: Mutation, why: str) -> None:
    token, key, body_type, kw = make(world)
    claims = copy.deepcopy(decode_part(token, 1))
    mutate(claims)
    bad = resign(token, key, payload=claims)
    with pytest.raises(ProtocolError) as err:
        verify(bad, body_type, clock=world.clock, **kw)
    assert err.value.reason == why, err.value.message


def test_builders_refuse_invalid_messages(world: World) -> None:
    with pytest.raises(ValidationError):
        world.request(fields=[RequestedField("bad name", Category.CONTACT)])
    with pytest.raises(ValidationError):
        world.request(purposes=["http://insecure.example/purpose"])
    with pytest.raises(ValidationError):
        world.request(retention_seconds=0)
    with pytest.raises(ValidationError):  # grants need an audience
        sign(Refusal("GRANTGRANTGRANT01", "A" * 43, RefusalReason.DECLINED), world.subject_key)
    with pytest.raises(ValidationError):  # trust lists have none
        sign(TrustList("C", 1, ()), world.subject_key, audience=world.org.did)
    with pytest.raises(TypeError):
        sign(object(), world.subject_key)


def test_release_mode_values_cover_wire_forms() -> None:
    assert {m.value for m in ReleaseMode} >= {"exact", "anonymised"}
