"""Structure-aware property tests for every parser on the organisation's side (issue 11).

The strategies are built from a description of each message's exact schema (docs/protocol.md sections 3, 4 and
6): claims of the right shape with values drawn per member, then a few mutations at random places in the
nested structure (a member replaced by arbitrary JSON of another type, removed, or an unknown member added).
Each message is signed with the subject's key (and sealed to the organisation when the kind travels
encrypted), so the parsers' claim checks are reached instead of stopping at the signature.

Properties, for every parser: (1) it raises nothing but ProtocolError (no traceback from any input); (2) what
it accepts it reads exactly: the parsed message, serialised again, is the same JSON as the claims that were
signed (no value silently changed, e.g. an integer beyond 64 bits turned into an inexact float).

Profiles: the run's Hypothesis profile (``ci`` in CI: derandomised, no speed-only failures, the same run
everywhere) with 80 examples per parser, or 3000 with PDV_FULL=1.
"""

from __future__ import annotations

import copy

import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from proto_helpers import STATUS_URI, T0, b64e, make_world

from vault_app.domain.errors import ProtocolError
from vault_app.protocol import Organisation, VerificationRequest
from vault_app.protocol.codec import seal
from vault_app.protocol.did import kid_for
from vault_app.protocol.jose import sign_jws

# The run's Hypothesis profile (tests/hypothesis_profiles.py: ``ci`` under CI and scripts/test.sh,
# derandomized and without speed-only failures) is the parent; these tests only set how many examples, and
# PDV_FULL=1 many more.
PROFILE = settings(
    max_examples=3000 if os.environ.get("PDV_FULL") == "1" else 80,
    suppress_health_check=[*settings.default.suppress_health_check, HealthCheck.data_too_large],
)


# --- a small schema language --------------------------------------------------------------------------------
class Schema:
    def valid(self) -> st.SearchStrategy[Any]:
        raise NotImplementedError


@dataclass
class Obj(Schema):
    required: dict[str, Schema]
    optional: dict[str, Schema] = field(default_factory=dict)

    def valid(self) -> st.SearchStrategy[Any]:
        return st.fixed_dictionaries(
            {k: v.valid() for k, v in self.required.items()},
            optional={k: v.valid() for k, v in self.optional.items()},
        )


@dataclass
class Arr(Schema):
    item: Schema
    min_size: int = 0
    max_size: int = 4

    def valid(self) -> st.SearchStrategy[Any]:
        return st.lists(self.item.valid(), min_size=self.min_size, max_size=self.max_size)


@dataclass
class Pick(Schema):
    values: list[Any]

    def valid(self) -> st.SearchStrategy[Any]:
        return st.sampled_from(self.values)


@dataclass
class Gen(Schema):
    strategy: st.SearchStrategy[Any]

    def valid(self) -> st.SearchStrategy[Any]:
        return self.strategy


ID = Gen(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", min_size=16, max_size=40)
)
NAME = Pick(["email", "birth_date", "postcode", "income", "x.y-z_1"])
CATEGORY = Pick(["identity", "contact", "demographic", "financial", "health", "location", "other"])
TEXT = Gen(st.text(min_size=1, max_size=40).filter(str.strip))
DATE = Gen(st.integers(T0 - 1000, T0 + 1000))
IRI = Pick(["https://w3id.org/dpv#ServiceProvision", "https://w3id.org/dpv#FraudPreventionAndDetection"])
DID = Pick(
    [
        "did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2",
        "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw",
    ]
)
NUMBER = Gen(st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False)))
VALUE = Gen(st.one_of(st.text(max_size=30), st.booleans(), NUMBER.strategy))
STATUS_REF = Obj(
    {"status_list": Obj({"idx": Gen(st.integers(0, 70)), "uri": Pick([STATUS_URI, "urn:pdv:status:x"])})}
)
PROCESSING = Arr(Pick(["analyse", "derive", "infer", "profile"]), 0, 3)


#: (name, category) pairs the request asks for
REQUESTED = [("email", "contact"), ("birth_date", "demographic"), ("postcode", "location")]


def _released(pair: tuple[str, str], anonymised: bool, value: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "name": pair[0],
        "category": pair[1],
        "form": "anonymised" if anonymised else "exact",
        "value": value,
    }
    if anonymised:
        d["method"] = "date.year"
    return d


SAFE_TEXT = st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=20)
RELEASED = Gen(
    st.builds(
        _released,
        st.sampled_from(REQUESTED),
        st.booleans(),
        st.one_of(SAFE_TEXT, st.booleans(), st.integers(-(2**60), 2**60)),
    )
)


def grant_schema(req_id: str, req_hash: str) -> Obj:
    # within the request (W.request(onward=[], processing=[])): most unmutated grants are accepted
    scope = Obj(
        {
            "purposes": Arr(IRI, 1, 1),
            "purpose_text": TEXT,
            "retention": Gen(st.integers(86400, 365 * 86400)),
            "onward": Arr(DID, 0, 0),
            "processing": Arr(Pick(["analyse"]), 0, 0),
        }
    )
    return Obj(
        {
            "req": Pick([req_id]),
            "req_hash": Pick([req_hash]),
            "fields": Arr(RELEASED, 1, 2),
            "scope": scope,
            "status": STATUS_REF,
        },
        {
            "withheld": Arr(Pick(["postcode"]), 1, 1),
            "conditions": Arr(Pick(["reanonymise-before-reuse"]), 1, 1),
        },
    )


def response_schema(req_id: str, req_hash: str) -> Obj:
    return Obj(
        {
            "req": Pick([req_id]),
            "req_hash": Pick([req_hash]),
            "results": Arr(
                Obj(
                    {
                        "name": Pick(["email", "postcode"]),
                        "outcome": Pick(["match", "mismatch", "unknown", "declined"]),
                    }
                ),
                1,
                3,
            ),
        }
    )


def refusal_schema(req_id: str, req_hash: str) -> Obj:
    return Obj(
        {
            "req": Pick([req_id]),
            "req_hash": Pick([req_hash]),
            "reason": Pick(["declined", "policy", "untrusted-organisation", "expired"]),
        }
    )


REVOCATION = Obj({"grant": ID, "revoked_at": DATE}, {"status": STATUS_REF})
ERASURE = Obj({"grants": Arr(ID, 1, 3), "include_derived": Gen(st.booleans())}, {"fields": Arr(NAME, 1, 3)})


def _lst(data: bytes) -> str:
    return b64e(zlib.compress(data))


STATUS_LIST = Obj(
    {
        "iss": Pick(["SUBJECT"]),
        "sub": Pick([STATUS_URI]),
        "iat": DATE,
        "status_list": Obj({"bits": Pick([1, 2, 4, 8]), "lst": Gen(st.binary(max_size=12).map(_lst))}),
    },
    {"exp": Gen(st.integers(T0, T0 + 10 * 86400)), "ttl": Gen(st.integers(1, 86400)), "pdv_ver": Pick([1])},
)

HOSTILE = st.one_of(
    # containers where the schema has scalars (and the reverse) first: they are what broke the parsers
    st.sampled_from(
        [
            {},
            [],
            [{}],
            [[]],
            {"a": []},
            [None],
            [1.5],
            None,
            True,
            2**64,
            -(2**63) - 1,
            1e300,
            "",
            "\u202e",
            "x" * 5000,
        ]
    ),
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(2**80), 2**80)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=6,
    ),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@st.composite
def mutated(draw: st.DrawFn, schema: Obj, envelope: dict[str, Any]) -> dict[str, Any]:
    """Schema-shaped claims, then 0-3 mutations anywhere in the nested structure (the envelope included)."""
    # deep copies: a drawn value can be a shared constant, and mutating it in place would change later draws
    claims = copy.deepcopy({**envelope, **draw(schema.valid())})
    for _ in range(draw(st.sampled_from([0, 1, 1, 2, 3]))):
        path = draw(st.sampled_from(_paths(claims)[1:]))
        parent: Any = claims
        for p in path[:-1]:
            parent = parent[p]
        op = draw(st.sampled_from(["replace", "replace", "drop", "extra"]))
        if op == "replace":
            parent[path[-1]] = copy.deepcopy(draw(HOSTILE))
        elif op == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = copy.deepcopy(draw(HOSTILE))
    return claims


# --- the world and the parsers ------------------------------------------------------------------------------
W = make_world()
SUBJECT = W.subject_did
REQ = W.request(onward=[], processing=[])
REQ_P = W.org.parse_request(REQ)
VREQ = W.verification_request()
VREQ_P = W.org.parse_request(VREQ, VerificationRequest)
GRANT = W.org.open_grant(W.grant(W.agent.parse_request(REQ)).jwe, REQ_P)


def envelope() -> dict[str, Any]:
    return {
        "pdv_ver": 1,
        "iss": SUBJECT,
        "sub": SUBJECT,
        "aud": W.org.did,
        "iat": T0,
        "exp": T0 + 86400,
        "jti": "prop-" + os.urandom(8).hex(),
    }


def fresh_org() -> Organisation:
    return Organisation(W.org.keys, W.org.name, clock=W.clock)


def signed(claims: dict[str, Any], typ: str) -> str:
    return sign_jws(claims, W.subject_key, typ=typ, kid=kid_for(SUBJECT))


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _drop_empty(d: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not (k in names and v == [])}


def check(parse: Callable[[], Any], accepted: Callable[[Any], None]) -> None:
    try:
        result = parse()
    except ProtocolError:
        return
    accepted(result)


def _body_of(claims: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in claims.items() if k not in drop}


ENVELOPE_KEYS = ("pdv_ver", "iss", "sub", "aud", "iat", "exp", "jti", "nbf")


@PROFILE
@given(mutated(grant_schema(REQ_P.jti, REQ_P.hash), envelope()))
def test_grant_parser(claims: dict[str, Any]) -> None:
    jwe = seal(signed(claims, "pdv-grant+jwt"), W.org.keys.encryption.public_key())

    def accepted(opened: Any) -> None:
        sent = _drop_empty(_body_of(claims, ENVELOPE_KEYS), "withheld")
        assert canonical(opened.message.body.to_claims()) == canonical(sent)

    check(lambda: fresh_org().open(jwe, [REQ, VREQ]), accepted)


@PROFILE
@given(mutated(response_schema(VREQ_P.jti, VREQ_P.hash), envelope()))
def test_verification_response_parser(claims: dict[str, Any]) -> None:
    jwe = seal(signed(claims, "pdv-verification-response+jwt"), W.org.keys.encryption.public_key())

    def accepted(opened: Any) -> None:
        assert canonical(opened.message.body.to_claims()) == canonical(_body_of(claims, ENVELOPE_KEYS))

    check(lambda: fresh_org().open(jwe, [REQ, VREQ]), accepted)


@PROFILE
@given(mutated(refusal_schema(REQ_P.jti, REQ_P.hash), envelope()))
def test_refusal_parser(claims: dict[str, Any]) -> None:
    if claims.get("sub") == SUBJECT:
        del claims["sub"]  # only grants and verification responses carry sub (a mutation may still add one)
    token = signed(claims, "pdv-refusal+jwt")

    def accepted(msg: Any) -> None:
        assert canonical(msg.body.to_claims()) == canonical(_body_of(claims, ENVELOPE_KEYS))

    check(lambda: fresh_org().parse_refusal(token, REQ_P), accepted)


@PROFILE
@given(mutated(REVOCATION, envelope()))
def test_revocation_notice_parser(claims: dict[str, Any]) -> None:
    if claims.get("sub") == SUBJECT:
        del claims["sub"]  # only grants and verification responses carry sub (a mutation may still add one)
    token = signed(claims, "pdv-revocation+jwt")

    def accepted(msg: Any) -> None:
        assert canonical(msg.body.to_claims()) == canonical(_body_of(claims, ENVELOPE_KEYS))

    check(lambda: fresh_org().parse_revocation_notice(token, subject=SUBJECT), accepted)


@PROFILE
@given(mutated(ERASURE, envelope()), st.booleans())
def test_erasure_request_parser(claims: dict[str, Any], with_grant: bool) -> None:
    if claims.get("sub") == SUBJECT:
        del claims["sub"]  # only grants and verification responses carry sub (a mutation may still add one)
    token = signed(claims, "pdv-erasure-request+jwt")

    def accepted(msg: Any) -> None:
        assert canonical(msg.body.to_claims()) == canonical(_body_of(claims, ENVELOPE_KEYS))
        assert not with_grant or set(msg.body.grant_ids) <= {GRANT.jti}

    if with_grant:
        check(lambda: fresh_org().parse_erasure_request(token, grants=[GRANT]), accepted)
    else:
        check(lambda: fresh_org().parse_erasure_request(token, subject=SUBJECT), accepted)


@PROFILE
@given(mutated(STATUS_LIST, {}))
def test_status_list_parser(claims: dict[str, Any]) -> None:
    if claims.get("iss") == "SUBJECT":
        claims["iss"] = SUBJECT
    token = signed(claims, "statuslist+jwt")

    def accepted(check_result: Any) -> None:
        assert check_result.list_issued_at == claims["iat"] and check_result.value >= 0

    check(lambda: fresh_org().check_status(GRANT, token), accepted)


SWEEP_VALUES: list[Any] = [{}, [], [{}], [[]], {"a": [1]}, None, True, 1.5, 2**64, -(2**53) - 1, "", "\u202e"]


def _sweep(claims: dict[str, Any]) -> list[dict[str, Any]]:
    """Every member at every depth replaced by every value of SWEEP_VALUES (a deterministic complement to the
    random mutations: each place in the schema gets each wrong type at least once)."""
    out = []
    for path in _paths(claims)[1:]:
        for bad in SWEEP_VALUES:
            c = json.loads(json.dumps(claims))
            parent = c
            for p in path[:-1]:
                parent = parent[p]
            parent[path[-1]] = bad
            out.append(c)
    return out


def test_every_nested_member_of_every_kind_with_every_wrong_type() -> None:
    genuine_grant = {
        **envelope(),
        "req": REQ_P.jti,
        "req_hash": REQ_P.hash,
        "fields": [_released(REQUESTED[0], False, "ada@example.org"), _released(REQUESTED[1], True, "1990")],
        "scope": {
            "purposes": [IRI.values[0]],
            "purpose_text": "x",
            "retention": 86400 * 30,
            "onward": [],
            "processing": [],
        },
        "status": {"status_list": {"idx": 7, "uri": STATUS_URI}},
        "withheld": ["postcode"],
        "conditions": ["reanonymise-before-reuse"],
        "refines": "GRANTGRANTGRANT01",
    }
    for c in _sweep(genuine_grant):
        c["jti"] = "sweep-" + os.urandom(8).hex()
        jwe = seal(signed(c, "pdv-grant+jwt"), W.org.keys.encryption.public_key())
        check(lambda jwe=jwe: fresh_org().open(jwe, [REQ]), lambda _: None)
    base = {k: v for k, v in envelope().items() if k != "sub"}
    for kind, body, parse in [
        (
            "pdv-refusal+jwt",
            {"req": REQ_P.jti, "req_hash": REQ_P.hash, "reason": "declined"},
            lambda tok: fresh_org().parse_refusal(tok, REQ_P),
        ),
        (
            "pdv-revocation+jwt",
            {"grant": GRANT.jti, "revoked_at": T0, "status": GRANT.body.status.to_json()},
            lambda tok: fresh_org().parse_revocation_notice(tok, subject=SUBJECT),
        ),
        (
            "pdv-erasure-request+jwt",
            {"grants": [GRANT.jti], "fields": ["email"], "include_derived": True},
            lambda tok: fresh_org().parse_erasure_request(tok, grants=[GRANT]),
        ),
    ]:
        for c in _sweep({**base, **body}):
            c["jti"] = "sweep-" + os.urandom(8).hex()
            tok = signed(c, kind)
            check(lambda parse=parse, tok=tok: parse(tok), lambda _: None)
    resp = {
        **envelope(),
        "req": VREQ_P.jti,
        "req_hash": VREQ_P.hash,
        "results": [{"name": "email", "outcome": "match"}],
    }
    for c in _sweep(resp):
        c["jti"] = "sweep-" + os.urandom(8).hex()
        jwe = seal(signed(c, "pdv-verification-response+jwt"), W.org.keys.encryption.public_key())
        check(lambda jwe=jwe: fresh_org().open(jwe, [VREQ]), lambda _: None)
    lst = {
        "pdv_ver": 1,
        "iss": SUBJECT,
        "sub": STATUS_URI,
        "iat": T0,
        "exp": T0 + 86400,
        "ttl": 60,
        "status_list": {"bits": 2, "lst": _lst(bytes(4))},
    }
    for c in _sweep(lst):
        tok = signed(c, "statuslist+jwt")
        check(lambda tok=tok: fresh_org().check_status(GRANT, tok), lambda _: None)


def test_the_strategies_reach_acceptance() -> None:
    """Guard against strategies that only ever produce rejected messages (the properties would then prove
    little): many unmutated schema-shaped grants are accepted, and so are plain refusals and status lists."""
    accepted = []

    @settings(max_examples=30, derandomize=True, database=None, deadline=None)
    @given(grant_schema(REQ_P.jti, REQ_P.hash).valid())
    def draw_grants(body: dict[str, Any]) -> None:
        jwe = seal(signed({**envelope(), **body}, "pdv-grant+jwt"), W.org.keys.encryption.public_key())
        check(lambda: fresh_org().open(jwe, [REQ]), accepted.append)

    draw_grants()
    assert len(accepted) >= 5
    refusal = {**envelope(), "req": REQ_P.jti, "req_hash": REQ_P.hash, "reason": "declined"}
    del refusal["sub"]
    assert fresh_org().parse_refusal(signed(refusal, "pdv-refusal+jwt"), REQ_P).body.request_id == REQ_P.jti
    lst = {
        "iss": SUBJECT,
        "sub": STATUS_URI,
        "iat": T0,
        "exp": T0 + 86400,
        "status_list": {"bits": 2, "lst": _lst(bytes(4))},
    }
    assert fresh_org().check_status(GRANT, signed(lst, "statuslist+jwt")).usable
