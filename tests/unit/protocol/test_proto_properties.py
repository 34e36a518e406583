"""Property tests: random and mutated messages fed to every parser.

Two properties for every parser: it never raises anything but ProtocolError (no crash, no hang, no stray
ValueError/KeyError/TypeError/RecursionError), and it never accepts a message that differs from a genuine
one (bit flips, truncations, insertions, header swaps between kinds, typ swaps re-signed by an attacker).
Example counts are moderate by default; PDV_FULL=1 runs many more.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from proto_helpers import STATUS_URI, b64e, decode_part, make_world, resign

from vault_app.domain.errors import ProtocolError
from vault_app.protocol import (
    DeletionConfirmation,
    ErasureRequest,
    Grant,
    Kind,
    Organisation,
    Refusal,
    RevocationNotice,
    SubjectAgent,
    UsageReceipt,
    detect_kind,
    make_link,
    parse_status_list_token,
    verify,
)

FULL = os.environ.get("PDV_FULL") == "1"
SETTINGS = settings(
    max_examples=2000 if FULL else 60,
    deadline=1000 if FULL else None,  # the full fuzzing run also proves no input takes over a second
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

W = make_world()
_REQ = W.request()
_VREQ = W.verification_request()
_REQ_PARSED = W.org.parse_request(_REQ)
_VREQ_PARSED = W.org.parse_request(
    _VREQ, __import__("vault_app.protocol", fromlist=["VerificationRequest"]).VerificationRequest
)
_GRANT = W.grant(W.agent.parse_request(_REQ))
_VRESP = W.verification_response(W.agent.parse_verification_request(_VREQ))
_GRANT_OPENED = W.org.open_grant(_GRANT.jwe, _REQ_PARSED)
_ERASURE = W.erasure_request()
_ERASURE_PARSED = W.org.parse_erasure_request(_ERASURE)


def _org() -> Organisation:
    """A fresh organisation object (fresh replay cache) with the world's keys."""
    return Organisation(W.org.keys, W.org.name, url=W.org.url, clock=W.clock)


def _agent() -> SubjectAgent:
    return SubjectAgent(clock=W.clock)


# name -> (genuine message, parser)
PARSERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "request": (_REQ, lambda t: _agent().parse_request(t)),
    "verification-request": (_VREQ, lambda t: _agent().parse_verification_request(t)),
    "derived-request": (
        W.derived_request(),
        lambda t: _agent().parse_derived_request(t, audience=W.subject_did, organisation=W.org.did),
    ),
    "grant": (_GRANT.token, lambda t: verify(t, Grant, clock=W.clock, audience=W.org.did)),
    "sealed-grant": (_GRANT.jwe, lambda t: _org().open_grant(t, _REQ_PARSED)),
    "sealed-verification-response": (
        _VRESP.jwe,
        lambda t: _org().open_verification_response(t, _VREQ_PARSED),
    ),
    "open-any": (_GRANT.jwe, lambda t: _org().open(t, [_REQ, _VREQ])),
    "refusal": (
        W.refusal(),
        lambda t: verify(t, Refusal, clock=W.clock, audience=W.org.did, expected_issuer=W.subject_did),
    ),
    "revocation": (W.revocation(), lambda t: verify(t, RevocationNotice, clock=W.clock, audience=W.org.did)),
    "receipt": (
        W.receipt(_GRANT_OPENED),
        lambda t: verify(t, UsageReceipt, clock=W.clock, audience=W.subject_did),
    ),
    "erasure": (_ERASURE, lambda t: verify(t, ErasureRequest, clock=W.clock, audience=W.org.did)),
    "deletion": (
        W.deletion_confirmation(_ERASURE_PARSED),
        lambda t: verify(t, DeletionConfirmation, clock=W.clock, audience=W.subject_did),
    ),
    "trust-list": (W.trust_list(), lambda t: _agent().parse_trust_list(t, certifiers={W.certifier.did})),
    "status-list": (
        W.status_list((7,)),
        lambda t: parse_status_list_token(t, expected_issuer=W.subject_did, uri=STATUS_URI, clock=W.clock),
    ),
    "agent-parse": (
        _REQ,
        lambda t: _agent().parse(
            t, pairwise_did_for={W.org.did: W.subject_did}.get, certifiers={W.certifier.did}
        ),
    ),
    "agent-parse-link": (make_link(_REQ), lambda t: _agent().parse(t)),
}
NAMES = sorted(PARSERS)


def _accepts(name: str, text: str) -> bool:
    try:
        PARSERS[name][1](text)
    except ProtocolError:
        return False
    return True


@pytest.mark.parametrize("name", NAMES)
def test_genuine_messages_are_accepted(name: str) -> None:
    assert _accepts(name, PARSERS[name][0])


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(text=st.one_of(st.text(max_size=400), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_random_text_only_raises_protocol_errors(name: str, text: str) -> None:
    assert not _accepts(name, text)


_B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    op = draw(st.sampled_from(["flip", "replace", "truncate", "insert", "delete", "dots", "segments"]))
    n = len(original)
    i = draw(st.integers(0, n - 1))
    if op == "flip":
        b = bytearray(original.encode())
        b[i] ^= 1 << draw(st.integers(0, 7))
        return b.decode("utf-8", "replace")
    if op == "replace":
        return original[:i] + draw(st.sampled_from(_B64_ALPHABET + ".=+/ \n\u202e\x00é")) + original[i + 1 :]
    if op == "truncate":
        return original[:i]
    if op == "insert":
        return original[:i] + draw(st.text(min_size=1, max_size=5)) + original[i:]
    if op == "delete":
        j = draw(st.integers(i + 1, n))
        return original[:i] + original[j:]
    if op == "dots":
        return original.replace(".", draw(st.sampled_from(["..", "", ".x.", "\n.", ". "])), 1)
    parts = original.split(".")
    k = draw(st.integers(0, len(parts) - 1))
    if draw(st.booleans()):
        parts[k] = draw(st.text(alphabet=_B64_ALPHABET, max_size=60))
    else:
        parts.insert(k, parts[k])
    return ".".join(parts)


def _normal(text: str) -> str:
    # Surrounding whitespace and the case of the link scheme ("PDV:request?t=") are not tampering: readers
    # strip whitespace on purpose, and URI schemes are case-insensitive (RFC 3986 section 3.1).
    text = text.strip()
    prefix = "pdv:request?t="
    return prefix + text[len(prefix) :] if text[: len(prefix)].lower() == prefix else text


def _tampered(original: str, candidate: str) -> bool:
    return _normal(candidate) != _normal(original)


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_mutations_are_never_accepted(name: str, data: st.DataObject) -> None:
    original = PARSERS[name][0]
    candidate = data.draw(mutated(original))
    if _tampered(original, candidate):
        assert not _accepts(name, candidate)


_SIGNED = {
    name: token
    for name, (token, _) in PARSERS.items()
    if token.count(".") == 2 and not token.startswith("pdv:")
}


@pytest.mark.parametrize("name", sorted(_SIGNED))
@SETTINGS
@given(donor=st.sampled_from(sorted(_SIGNED)), part=st.sampled_from([0, 1, 2]))
def test_part_swaps_between_kinds(name: str, donor: str, part: int) -> None:
    """A header, body or signature taken from another genuine message."""
    target = _SIGNED[name].split(".")
    other = _SIGNED[donor].split(".")
    target[part] = other[part]
    candidate = ".".join(target)
    if candidate != _SIGNED[name]:
        assert not _accepts(name, candidate)


ATTACKER = Ed25519PrivateKey.from_private_bytes(b"\x66" * 32)


@pytest.mark.parametrize("name", sorted(_SIGNED))
@SETTINGS
@given(
    typ=st.sampled_from([k.typ for k in Kind] + ["JWT", "jwt", "", "pdv-grant+JWT"]), own_kid=st.booleans()
)
def test_typ_swaps_resigned_by_an_attacker(name: str, typ: str, own_kid: bool) -> None:
    """The attacker changes the typ and re-signs: with the victim's kid the signature fails, with their own
    kid the issuer no longer matches (or, for self-certifying requests, the claims still name the victim)."""
    original = _SIGNED[name]
    header = decode_part(original, 0)
    header["typ"] = typ
    if own_kid:
        from vault_app.protocol import did_from_public_key, kid_for

        header["kid"] = kid_for(did_from_public_key(ATTACKER))
    assert not _accepts(name, resign(original, ATTACKER, header=header))


@pytest.mark.parametrize("name", sorted(_SIGNED))
@SETTINGS
@given(
    key=st.sampled_from(sorted(decode_part(_REQ, 1))),
    value=st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=20),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    ),
)
def test_claim_changes_without_the_key_are_refused(name: str, key: str, value: Any) -> None:
    """Any claim changed by someone without the signer's key, keeping the original signature."""
    original = _SIGNED[name]
    claims = decode_part(original, 1)
    claims[key] = value
    h, _, s = original.split(".")
    candidate = h + "." + b64e(json.dumps(claims).encode()) + "." + s
    if candidate != original:
        assert not _accepts(name, candidate)


@SETTINGS
@given(text=st.text(max_size=300))
def test_detect_kind_only_raises_protocol_errors(text: str) -> None:
    try:
        detect_kind(text)
    except ProtocolError:
        pass


@SETTINGS
@given(data=st.data())
def test_detect_kind_on_mutations(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(NAMES))
    candidate = data.draw(mutated(PARSERS[name][0]))
    try:
        detect_kind(candidate)
    except ProtocolError:
        pass
