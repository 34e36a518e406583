"""Signing and strict verification of every message kind: the standard claims, typing, keys, time and
replay.

``sign(body, key, ...)`` turns a message body into a compact JWS; ``verify(token, BodyType, ...)`` is its
only inverse. ``seal``/``unseal`` wrap a signed message in (and take it out of) a JWE for one organisation.

Verification order (each step raises ProtocolError with a stable ``reason``): 1. size limit, compact form,
header (alg EdDSA/Ed25519 only, no crit/zip/embedded keys)  -> too-large, malformed,
    bad-algorithm
2. ``typ`` is exactly the expected kind                                                   -> wrong-type 3.
the signing key is the one named by ``kid`` (a did:key) and, if the caller knows whom to expect, that one
                                                                                           -> unknown-key
4. Ed25519 signature over the exact bytes                                                 -> bad-signature
5. claims present and nothing else; ``pdv_ver`` 1; ``iss`` is the signer                  -> missing-claim,
    invalid-claim, unsupported-version, unknown-key
6. time: ``exp``, ``nbf``, ``iat`` against the clock with a skew tolerance                 -> expired,
    not-yet-valid, issued-in-future
7. audience                                                                               -> wrong-audience
8. every body claim (types, lengths, allowed values, list caps)                           -> invalid-claim
9. replay (last, so a rejected message never occupies the cache)                          -> replayed
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from vault_app.domain.clock import Clock, SystemClock
from vault_app.domain.errors import ProtocolError, ValidationError
from vault_app.protocol import schema as s
from vault_app.protocol.did import did_from_kid, did_from_public_key, is_did_key, kid_for, public_key_from_did
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.fast import signer_from_kid
from vault_app.protocol.jose import (
    b64d,
    b64e,
    decrypt_jwe,
    encrypt_jwe,
    json_dumps,
    json_loads,
    sign_jws,
    split_jws,
    verify_jws,
)
from vault_app.protocol.jwk import thumbprint, x25519_public_jwk
from vault_app.protocol.messages import BODY_TYPES, KIND_BY_TYP, MAX_SECONDS, Kind
from vault_app.protocol.replay import ReplayCache, replay_key

B = TypeVar("B")

PROTOCOL_VERSION = 1
DEFAULT_SKEW = 120

_REQUIRED, _OPTIONAL, _FORBIDDEN = "required", "optional", "forbidden"
#: who a message is addressed to: organisations' requests may go to anyone; everything else names its reader
AUDIENCE_RULE: dict[Kind, str] = {
    Kind.REQUEST: _OPTIONAL,
    Kind.VERIFICATION_REQUEST: _OPTIONAL,
    Kind.DERIVED_REQUEST: _REQUIRED,
    Kind.GRANT: _REQUIRED,
    Kind.VERIFICATION_RESPONSE: _REQUIRED,
    Kind.REFUSAL: _REQUIRED,
    Kind.REVOCATION: _REQUIRED,
    Kind.RECEIPT: _REQUIRED,
    Kind.ERASURE_REQUEST: _REQUIRED,
    Kind.DELETION_CONFIRMATION: _REQUIRED,
    Kind.TRUST_LIST: _FORBIDDEN,
}
#: self-issued statements about the subject carry sub == iss (the subject's pairwise DID)
SELF_ISSUED = frozenset({Kind.GRANT, Kind.VERIFICATION_RESPONSE})

DAY = 86400
#: default validity when the caller gives none. Records (receipts, confirmations) stay importable for a year.
DEFAULT_LIFETIME: dict[Kind, int] = {
    Kind.REQUEST: 30 * DAY,
    Kind.VERIFICATION_REQUEST: 30 * DAY,
    Kind.DERIVED_REQUEST: 30 * DAY,
    Kind.GRANT: 365 * DAY,  # a grant's lifetime is normally its scope's retention
    Kind.VERIFICATION_RESPONSE: 30 * DAY,
    Kind.REFUSAL: 30 * DAY,
    Kind.REVOCATION: 365 * DAY,
    Kind.RECEIPT: 365 * DAY,
    Kind.ERASURE_REQUEST: 365 * DAY,
    Kind.DELETION_CONFIRMATION: 365 * DAY,
    Kind.TRUST_LIST: 30 * DAY,
}

_STANDARD_REQUIRED = frozenset({"pdv_ver", "iss", "iat", "exp", "jti"})


def token_hash(token: str) -> str:
    """base64url(SHA-256(ASCII bytes of the exact compact token)): how answers bind to the message they
    answer."""
    return b64e(hashlib.sha256(token.encode("ascii")).digest())


def new_jti() -> str:
    """128 random bits, base64url."""
    return b64e(secrets.token_bytes(16))


@dataclass(frozen=True)
class Envelope:
    """The standard claims of a verified message."""

    kind: Kind
    issuer: str
    jti: str
    issued_at: int
    expires_at: int
    not_before: int | None = None
    audience: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class Signed(Generic[B]):
    """A verified message: its standard claims, its typed body and the exact token it came from."""

    envelope: Envelope
    body: B
    token: str = field(repr=False)

    @property
    def kind(self) -> Kind:
        return self.envelope.kind

    @property
    def issuer(self) -> str:
        return self.envelope.issuer

    @property
    def jti(self) -> str:
        return self.envelope.jti

    @functools.cached_property
    def hash(self) -> str:
        """What an answer puts in ``req_hash`` (or ``erasure_hash``, ``grant_hash``)."""
        return token_hash(self.token)


def kind_of(body_type: type[Any]) -> Kind:
    k = getattr(body_type, "kind", None)
    if not isinstance(k, Kind) or BODY_TYPES.get(k) is not body_type:
        raise TypeError(f"{body_type!r} is not a message body type")
    return k


def sign(
    body: Any,
    key: Ed25519PrivateKey,
    *,
    clock: Clock | None = None,
    audience: str | None = None,
    lifetime: int | None = None,
    expires_at: int | None = None,
    not_before: int | None = None,
    jti: str | None = None,
) -> str:
    """Sign ``body`` as a compact JWS from the owner of ``key`` (``iss`` = its did:key).

    The claims are checked with the same strict parser the receiver uses before signing, so an invalid
    message is refused here (ValidationError) instead of being sent and rejected later.
    """
    return _sign(
        body, key, clock, audience, lifetime, expires_at, not_before, jti, check_signature=False
    ).token


def sign_message(
    body: B,
    key: Ed25519PrivateKey,
    *,
    clock: Clock | None = None,
    audience: str | None = None,
    lifetime: int | None = None,
    expires_at: int | None = None,
    not_before: int | None = None,
    jti: str | None = None,
) -> Signed[B]:
    """:func:`sign`, returning the message as its reader will read it, for the signer's last checks before
    it leaves (an answer to a request: see ``SubjectAgent``). Its claims are parsed from the exact JSON
    that was signed, by the reader's strict parser, and the signature is verified with the key its ``kid``
    names, as the reader will: a signature computed wrongly (a fault in the machine, a bug) never leaves,
    which matters because one faulty signature of deterministic Ed25519 can give the private key away.
    Nothing is parsed twice: what :func:`verify` of the token would add is splitting and decoding text
    this function has just built."""
    return _sign(body, key, clock, audience, lifetime, expires_at, not_before, jti, check_signature=True)


def _sign(
    body: B,
    key: Ed25519PrivateKey,
    clock: Clock | None,
    audience: str | None,
    lifetime: int | None,
    expires_at: int | None,
    not_before: int | None,
    jti: str | None,
    *,
    check_signature: bool,
) -> Signed[B]:
    kind = kind_of(type(body))
    issuer = did_from_public_key(key)
    now = int((clock or SystemClock()).now())
    exp = (
        expires_at
        if expires_at is not None
        else now + (lifetime if lifetime is not None else DEFAULT_LIFETIME[kind])
    )
    rule = AUDIENCE_RULE[kind]
    if rule == _REQUIRED and audience is None:
        raise ValidationError(f"A {kind.label} must name its audience (the DID it is for).")
    if rule == _FORBIDDEN and audience is not None:
        raise ValidationError(f"A {kind.label} is public and has no audience.")
    claims: dict[str, Any] = {"pdv_ver": PROTOCOL_VERSION, "iss": issuer}
    if kind in SELF_ISSUED:
        claims["sub"] = issuer
    if audience is not None:
        claims["aud"] = audience
    claims.update({"iat": now, "exp": exp, "jti": jti or new_jti()})
    if not_before is not None:
        claims["nbf"] = not_before
    claims.update(body.to_claims())  # type: ignore[attr-defined]
    payload = json_dumps(claims)
    try:
        read = json_loads(payload, "message body")  # what the reader parses: the JSON, not our dict
        iat, exp, nbf = _check_standard(read, kind, issuer)
        parsed: B = type(body).from_claims(read)  # type: ignore[attr-defined]
    except ProtocolError as exc:
        raise ValidationError(f"Cannot build this {kind.label}: {exc.message}", reason=exc.reason) from None
    kid = kid_for(issuer)
    token = sign_jws(payload, key, typ=kind.typ, kid=kid)
    if check_signature:
        signing_input, _, signature = token.rpartition(".")
        try:
            _signer(kid)[1].verify(b64d(signature, "signature"), signing_input.encode("ascii"))
        except InvalidSignature:
            raise ValidationError(
                f"The signature just made for this {kind.label} does not verify; nothing was sent.",
                reason="bad-signature",
            ) from None
    envelope = Envelope(kind, issuer, read["jti"], iat, exp, nbf, read.get("aud"), read.get("sub"))
    return Signed(envelope, parsed, token)


def _claim_sets(kind: Kind) -> tuple[frozenset[str], frozenset[str]]:
    body_type = BODY_TYPES[kind]
    required = _STANDARD_REQUIRED | body_type.CLAIMS
    allowed = required | body_type.OPTIONAL | {"nbf"}
    if kind in SELF_ISSUED:
        required, allowed = required | {"sub"}, allowed | {"sub"}
    if AUDIENCE_RULE[kind] == _REQUIRED:
        required = required | {"aud"}
    if AUDIENCE_RULE[kind] != _FORBIDDEN:
        allowed = allowed | {"aud"}
    return required, allowed


#: per kind: (claims that must be present, claims that may be present)
CLAIM_SETS = {kind: _claim_sets(kind) for kind in BODY_TYPES}


def _check_standard(claims: dict[str, Any], kind: Kind, signer: str) -> tuple[int, int, int | None]:
    """Presence, exclusivity and types of the standard claims; returns (iat, exp, nbf)."""
    required, allowed = CLAIM_SETS[kind]
    keys = claims.keys()
    if not required <= keys:
        fail(Reason.MISSING_CLAIM, f"The {kind.label} lacks the required claim '{min(required - keys)}'.")
    if not keys <= allowed:
        name = min(keys - allowed)
        shown = name if s.FIELD_NAME_RE.fullmatch(name) else "(unprintable name)"
        fail(Reason.INVALID_CLAIM, f"The {kind.label} has the unexpected claim '{shown}'.")
    ver = claims["pdv_ver"]
    if type(ver) is not int:
        fail(Reason.INVALID_CLAIM, "The claim 'pdv_ver' must be an integer.")
    if ver != PROTOCOL_VERSION:
        fail(
            Reason.UNSUPPORTED_VERSION,
            f"This message uses protocol version {ver}; this app understands version 1.",
        )
    if claims["iss"] != signer:
        fail(Reason.UNKNOWN_KEY, "The message claims a different sender than the key that signed it.")
    if kind in SELF_ISSUED and claims["sub"] != signer:
        fail(Reason.INVALID_CLAIM, f"A {kind.label} must be about its own signer ('sub' equal to 'iss').")
    jti = claims["jti"]
    if type(jti) is not str or s.JTI_RE.fullmatch(jti) is None:
        s.jti(jti, "jti")
    if "aud" in claims and not is_did_key(claims["aud"]):
        fail(Reason.INVALID_CLAIM, "The claim 'aud' must be a single did:key.")
    iat, exp = claims["iat"], claims["exp"]
    nbf = claims.get("nbf")
    for name, value in (("iat", iat), ("exp", exp), ("nbf", nbf)):
        if (type(value) is not int or not 0 <= value <= s.NUMERIC_DATE_MAX) and (
            value is not None or name != "nbf"
        ):
            s.integer(value, name, 0, s.NUMERIC_DATE_MAX)
    if exp <= iat:
        fail(Reason.INVALID_CLAIM, "The message expires before it was issued.")
    if exp - iat > MAX_SECONDS:
        fail(Reason.INVALID_CLAIM, "The message claims a validity longer than 100 years.")
    return iat, exp, nbf


def check_time(iat: int, exp: int, nbf: int | None, now: float, skew: int, label: str) -> None:
    if now > exp + skew:
        fail(Reason.EXPIRED, f"The {label} has expired.")
    if nbf is not None and now + skew < nbf:
        fail(Reason.NOT_YET_VALID, f"The {label} is not valid yet.")
    if iat > now + skew:
        fail(Reason.ISSUED_IN_FUTURE, f"The {label} claims to be issued in the future; check the clocks.")


def check_typ(header: dict[str, Any], kind: Kind) -> None:
    typ = header.get("typ")
    if typ == kind.typ:
        return
    if isinstance(typ, str):
        # RFC 7515 4.1.9: typ is compared case-insensitively and may omit the "application/" prefix.
        low = typ.lower()
        low = low.removeprefix("application/")
        if low == kind.typ:
            return
        other = KIND_BY_TYP.get(low)
        if other is not None:
            fail(Reason.WRONG_TYPE, f"This is a {other.label}, not a {kind.label}.")
    fail(Reason.WRONG_TYPE, f"This message is not a {kind.label} (its type header says otherwise).")


@functools.lru_cache(maxsize=1024)
def _signer_cached(kid: str) -> tuple[str, Ed25519PublicKey]:
    did = did_from_kid(kid)
    return did, public_key_from_did(did, reason=Reason.MALFORMED)


def _signer(kid: object) -> tuple[str, Ed25519PublicKey]:
    """The DID and key named by ``kid``: the fast path for the exact form we emit (every grant comes from a
    new subject, so a cache cannot help there), else the general path, cached (failures are not cached)."""
    found = signer_from_kid(kid)
    if found is not None:
        return found
    if not isinstance(kid, str):
        did_from_kid(kid)  # raises the right error
    return _signer_cached(kid)


def verify(
    token: str,
    body_type: type[B],
    *,
    clock: Clock | None = None,
    skew: int = DEFAULT_SKEW,
    replay: ReplayCache | None = None,
    audience: str | Collection[str] | None = None,
    expected_issuer: str | None = None,
    trusted_issuers: Collection[str] | None = None,
    check_times: bool = True,
) -> Signed[B]:
    """Verify ``token`` as a message of ``body_type`` and return it typed.

    ``audience``: our DID (or DIDs); required for kinds addressed to a reader, and checked if the message
    has one. ``expected_issuer``: the sender we expect (e.g. the organisation of a grant); without it the
    sender is the did:key that signed (self-certifying), which suits first contact only.
    ``trusted_issuers``: a set the sender must belong to (certifiers for trust lists). ``replay``: where
    ids are remembered; None skips replay checks. ``check_times`` False skips exp/nbf/iat: only for re-
    reading one's own stored messages.
    """
    kind = kind_of(body_type)
    if not isinstance(token, str):
        fail(Reason.MALFORMED, "The message is not text.")
    parts = split_jws(token)
    check_typ(parts.header, kind)
    signer, public_key = _signer(parts.header.get("kid"))
    if expected_issuer is not None and signer != expected_issuer:
        fail(Reason.UNKNOWN_KEY, f"The {kind.label} is signed by another key than the sender's we know.")
    if trusted_issuers is not None and signer not in trusted_issuers:
        fail(Reason.UNKNOWN_KEY, f"The {kind.label} is signed by a key that is not trusted for it.")
    claims = verify_jws(parts, public_key)
    iat, exp, nbf = _check_standard(claims, kind, signer)
    if check_times:
        check_time(iat, exp, nbf, (clock or SystemClock()).now(), skew, kind.label)
    aud = claims.get("aud")
    if audience is not None:
        ours = (audience,) if isinstance(audience, str) else audience
        if aud is not None and aud not in ours:
            fail(Reason.WRONG_AUDIENCE, f"The {kind.label} is addressed to someone else.")
    elif AUDIENCE_RULE[kind] == _REQUIRED:
        raise TypeError(f"verifying a {kind.label} needs the audience (our DID)")
    body = body_type.from_claims(claims)  # type: ignore[attr-defined]
    sub = claims.get("sub")
    envelope = s.fast_new(
        Envelope,
        {"kind": kind, "issuer": signer, "jti": claims["jti"], "issued_at": iat, "expires_at": exp,
         "not_before": nbf, "audience": aud, "subject": sub},
    )  # fmt: skip
    if replay is not None:
        replay.check_and_remember(replay_key(signer, claims["jti"]), exp)
    return s.fast_new(Signed, {"envelope": envelope, "body": body, "token": token})


def seal(token: str, recipient: X25519PublicKey) -> str:
    """Encrypt a signed message to an organisation's X25519 key (compact JWE, ECDH-ES + A256GCM, cty JWT).

    ``kid`` names the recipient key by its RFC 7638 thumbprint so an organisation with several keys can
    tell which one to use (it identifies the organisation's key, which the organisation published anyway).
    """
    return encrypt_jwe(token.encode("ascii"), recipient, kid=thumbprint(x25519_public_jwk(recipient)))


def unseal(jwe: str, key: X25519PrivateKey, *, key_id: str | None = None) -> str:
    """Decrypt a sealed message with our X25519 key and return the inner compact JWS (not yet verified).

    ``key_id``: our key's thumbprint, if the caller keeps it (saves recomputing it per message)."""
    if key_id is None:
        key_id = thumbprint(x25519_public_jwk(key.public_key()))
    header, plaintext = decrypt_jwe(jwe, key, key_id=key_id)
    if header.cty is not None and header.cty.lower().removeprefix("application/") != "jwt":
        fail(Reason.MALFORMED, "The encrypted message does not contain a signed message (cty is not JWT).")
    try:
        return plaintext.decode("ascii")
    except UnicodeDecodeError:
        fail(Reason.MALFORMED, "The encrypted message does not contain a compact signed message.")


def peek(token: str) -> tuple[Kind | None, dict[str, Any]]:
    """UNVERIFIED look at a signed message's kind and claims, for routing only (e.g. to find which DID we
    should be and whom to expect). Never act on what this returns before :func:`verify` succeeds."""
    parts = split_jws(token)
    typ = parts.header.get("typ")
    kind = KIND_BY_TYP.get(typ.lower().removeprefix("application/")) if isinstance(typ, str) else None
    claims = json_loads(b64d(parts.payload_b64, "message body"), "message body")
    if not isinstance(claims, dict):
        fail(Reason.MALFORMED, "The message body is not a JSON object.")
    return kind, claims
