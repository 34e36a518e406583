"""The HTTP binding's own messages, shared by the organisation's gateway and the vault's delivery client.

Three small JWS kinds (Ed25519, the same strict compact form as every other message, explicit ``typ``):

- **delivery acknowledgement** (``pdv-delivery-ack+jwt``), signed by the organisation: it names the message
  delivered (id, hash, kind), the organisation (``iss``), the sender (``aud``) and the time it was stored;
- **mailbox challenge** (``pdv-mailbox-challenge+jwt``), signed by the organisation: short-lived (60 s),
bound to
  the gateway's base URL (``gw``) and to one subject DID (``aud``), single use (its ``jti``);
- **mailbox proof** (``pdv-mailbox-proof+jwt``), signed by the subject's pairwise key: it carries the
challenge,
  is addressed to the organisation, and may list mailbox items the subject has stored (``ack``).

Paths and media types of the binding are here too, so client and server cannot disagree. See docs/protocol.md,
"HTTP binding".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.clock import Clock, SystemClock
from vault_app.protocol import schema as s
from vault_app.protocol.codec import DEFAULT_SKEW, check_time, new_jti, token_hash
from vault_app.protocol.did import did_from_kid, did_from_public_key, kid_for, public_key_from_did
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.jose import MAX_MESSAGE_BYTES, sign_jws, split_jws, verify_jws

#: media type of every compact token posted or served (RFC 7515 section 9.2.1)
MEDIA_JOSE = "application/jose"
MEDIA_ACK = "application/pdv-delivery-ack+jwt"
MEDIA_CHALLENGE = "application/pdv-mailbox-challenge+jwt"
MEDIA_PROBLEM = "application/problem+json"
MEDIA_STATUS_LIST = "application/statuslist+jwt"

PATH_HEALTH = "/health"
PATH_INBOX = "/inbox"
PATH_REQUESTS = "/requests"
PATH_STATUS = "/status"
PATH_MAILBOX = "/mailbox"

TYP_ACK = "pdv-delivery-ack+jwt"
TYP_CHALLENGE = "pdv-mailbox-challenge+jwt"
TYP_PROOF = "pdv-mailbox-proof+jwt"

CHALLENGE_LIFETIME = 60
PROOF_LIFETIME = 60
#: an acknowledgement is evidence kept in the subject's history: it stays verifiable for ten years
ACK_LIFETIME = 10 * 365 * 86400
#: mailbox items one proof may acknowledge
MAX_ACKS = 100
#: problem type URIs (RFC 9457) are this prefix plus the reason word
PROBLEM_BASE = "https://pdvault.org/problems/"

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_LIST_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,128}")


def gateway_url(value: Any, where: str = "gateway") -> str:
    """A gateway base URL: https, or plain http only for this machine (localhost, 127.0.0.1); no query, no
    fragment, no credentials; returned without a trailing slash."""
    if not isinstance(value, str) or not 8 <= len(value) <= 500 or not value.isascii():
        fail(Reason.INVALID_CLAIM, f"{where} is not a gateway URL.")
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https":
        pass
    elif parts.scheme == "http" and host in _LOCAL_HOSTS:
        pass
    else:
        fail(Reason.INVALID_CLAIM, f"{where} must be an https URL (plain http only to localhost).")
    if (
        not host
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or any(c.isspace() or c in "<>\"'\\" for c in value)
    ):
        fail(Reason.INVALID_CLAIM, f"{where} is not a plain base URL.")
    try:
        _ = parts.port
    except ValueError:
        fail(Reason.INVALID_CLAIM, f"{where} has an invalid port.")
    return value.rstrip("/")


def is_local(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() in _LOCAL_HOSTS


def list_id(value: Any) -> str:
    """A status list id as it appears in ``/status/<id>``."""
    return s.match(value, _LIST_ID_RE, "list id", "1-128 characters of A-Z a-z 0-9 _ -")


def _claims(
    token: str,
    typ: str,
    *,
    required: frozenset[str],
    optional: frozenset[str] = frozenset(),
    signer: str | None,
) -> tuple[str, dict[str, Any]]:
    parts = split_jws(token)
    htyp = parts.header.get("typ")
    if not isinstance(htyp, str) or htyp.lower().removeprefix("application/") != typ:
        fail(Reason.WRONG_TYPE, f"This is not a {typ.split('+')[0].removeprefix('pdv-').replace('-', ' ')}.")
    did = did_from_kid(parts.header.get("kid"))
    if signer is not None and did != signer:
        fail(Reason.UNKNOWN_KEY, "The message is signed by another key than expected.")
    claims = verify_jws(parts, public_key_from_did(did, reason=Reason.MALFORMED))
    s.obj(claims, typ, required | {"pdv_ver", "iss", "iat", "exp", "jti"}, optional)
    if type(claims["pdv_ver"]) is not int or claims["pdv_ver"] != 1:
        fail(Reason.UNSUPPORTED_VERSION, "This message uses a protocol version this app does not understand.")
    if claims["iss"] != did:
        fail(Reason.UNKNOWN_KEY, "The message claims a different issuer than the key that signed it.")
    s.jti(claims["jti"], "jti")
    iat = s.integer(claims["iat"], "iat", 0, s.NUMERIC_DATE_MAX)
    s.integer(claims["exp"], "exp", iat + 1, iat + ACK_LIFETIME)
    return did, claims


def _sign(claims: dict[str, Any], key: Ed25519PrivateKey, typ: str, clock: Clock, lifetime: int) -> str:
    did = did_from_public_key(key)
    now = int(clock.now())
    full = {"pdv_ver": 1, "iss": did, "iat": now, "exp": now + lifetime, "jti": new_jti(), **claims}
    return sign_jws(full, key, typ=typ, kid=kid_for(did))


# --- delivery acknowledgement
# -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    """A verified delivery acknowledgement."""

    organisation: str
    sender: str
    message_id: str | None
    message_hash: str
    kind: str
    received_at: int
    token: str


def make_ack(
    key: Ed25519PrivateKey,
    *,
    sender: str,
    message_id: str | None,
    message_hash: str,
    kind: str,
    received_at: int,
    clock: Clock | None = None,
) -> str:
    claims: dict[str, Any] = {
        "aud": sender,
        "msg_hash": message_hash,
        "msg_kind": kind,
        "received_at": received_at,
    }
    if message_id is not None:
        claims["msg"] = message_id
    return _sign(claims, key, TYP_ACK, clock or SystemClock(), ACK_LIFETIME)


def verify_ack(
    token: str,
    *,
    organisation: str,
    message: str,
    clock: Clock | None = None,
    skew: int = DEFAULT_SKEW,
) -> Ack:
    """Check that ``token`` is ``organisation``'s acknowledgement of exactly ``message`` (the token we
    sent)."""
    if len(token) > 8192:
        fail(Reason.TOO_LARGE, "The acknowledgement is too large.")
    did, c = _claims(
        token,
        TYP_ACK,
        required=frozenset({"aud", "msg_hash", "msg_kind", "received_at"}),
        optional=frozenset({"msg"}),
        signer=organisation,
    )
    if c["msg_hash"] != token_hash(message):
        fail(Reason.REQUEST_MISMATCH, "The acknowledgement is for another message than the one sent.")
    iat = int(c["iat"])
    check_time(iat, int(c["exp"]), None, (clock or SystemClock()).now(), skew, "acknowledgement")
    received = s.integer(c["received_at"], "received_at", 0, iat + skew)
    msg_id = s.jti(c["msg"], "msg") if "msg" in c else None
    return Ack(
        did,
        s.text(c["aud"], "aud", max_len=200),
        msg_id,
        str(c["msg_hash"]),
        s.text(c["msg_kind"], "msg_kind", max_len=64),
        received,
        token,
    )


# --- mailbox challenge and proof
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Challenge:
    organisation: str
    subject: str
    gateway: str
    jti: str
    expires_at: int
    token: str


def make_challenge(key: Ed25519PrivateKey, *, subject: str, gateway: str, clock: Clock | None = None) -> str:
    return _sign(
        {"aud": subject, "gw": gateway}, key, TYP_CHALLENGE, clock or SystemClock(), CHALLENGE_LIFETIME
    )


def read_challenge(
    token: str,
    *,
    organisation: str,
    gateway: str | None = None,
    subject: str | None = None,
    clock: Clock | None = None,
    skew: int = 5,
) -> Challenge:
    """Verify a challenge: signed by ``organisation``, not expired (a short skew only), and, when given, for
    ``gateway`` and ``subject``."""
    if len(token) > 4096:
        fail(Reason.TOO_LARGE, "The challenge is too large.")
    did, c = _claims(token, TYP_CHALLENGE, required=frozenset({"aud", "gw"}), signer=organisation)
    iat, exp = int(c["iat"]), int(c["exp"])
    if exp - iat > CHALLENGE_LIFETIME:
        fail(Reason.INVALID_CLAIM, "The challenge lives longer than a challenge may.")
    check_time(iat, exp, None, (clock or SystemClock()).now(), skew, "challenge")
    gw = gateway_url(c["gw"], "gw")
    if gateway is not None and gw != gateway.rstrip("/"):
        fail(Reason.WRONG_AUDIENCE, "The challenge was made for another gateway.")
    if subject is not None and c["aud"] != subject:
        fail(Reason.WRONG_AUDIENCE, "The challenge was made for another subject.")
    return Challenge(did, str(c["aud"]), gw, str(c["jti"]), exp, token)


@dataclass(frozen=True)
class Proof:
    subject: str
    challenge: Challenge
    acked: tuple[str, ...]


def make_proof(
    key: Ed25519PrivateKey,
    challenge: str,
    *,
    organisation: str,
    acked: Sequence[str] = (),
    clock: Clock | None = None,
) -> str:
    """Answer a challenge with the pairwise key (after checking the challenge is the organisation's)."""
    subject = did_from_public_key(key)
    # our clock may differ from the gateway's: the usual tolerance here (the gateway itself is strict)
    ch = read_challenge(challenge, organisation=organisation, subject=subject, clock=clock, skew=DEFAULT_SKEW)
    claims: dict[str, Any] = {"aud": ch.organisation, "challenge": challenge}
    if acked:
        claims["ack"] = list(acked)
    return _sign(claims, key, TYP_PROOF, clock or SystemClock(), PROOF_LIFETIME)


def read_proof(
    token: str,
    *,
    subject: str,
    organisation: str,
    gateway: str,
    clock: Clock | None = None,
    skew: int = DEFAULT_SKEW,
) -> Proof:
    """Verify a mailbox proof: signed by ``subject``, addressed to ``organisation``, carrying an unexpired
    challenge of ours for this gateway and this subject. Single use is the caller's part (the challenge's
    jti)."""
    if len(token) > MAX_MESSAGE_BYTES:
        fail(Reason.TOO_LARGE, "The proof is too large.")
    did, c = _claims(
        token,
        TYP_PROOF,
        required=frozenset({"aud", "challenge"}),
        optional=frozenset({"ack"}),
        signer=subject,
    )
    if c["aud"] != organisation:
        fail(Reason.WRONG_AUDIENCE, "The proof is addressed to another organisation.")
    iat, exp = int(c["iat"]), int(c["exp"])
    if exp - iat > PROOF_LIFETIME:
        fail(Reason.INVALID_CLAIM, "The proof lives longer than a proof may.")
    now = (clock or SystemClock()).now()
    check_time(iat, exp, None, now, skew, "proof")
    if not isinstance(c["challenge"], str):
        fail(Reason.INVALID_CLAIM, "The proof does not carry a challenge.")
    ch = read_challenge(
        # the challenge is ours, checked against our own clock: only a short tolerance
        c["challenge"],
        organisation=organisation,
        gateway=gateway,
        subject=did,
        clock=clock,
        skew=5,
    )
    acked = tuple(s.jti(a, "ack") for a in s.array(c.get("ack", []), "ack", max_items=MAX_ACKS))
    return Proof(did, ch, acked)


# --- the HTTP client both sides use
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    content_type: str
    body: bytes

    def problem(self) -> dict[str, Any] | None:
        """The RFC 9457 problem document of an error answer, if it is one."""
        if self.content_type != MEDIA_PROBLEM or len(self.body) > 64 * 1024:
            return None
        import json

        try:
            doc = json.loads(self.body)
        except ValueError:
            return None
        return doc if isinstance(doc, dict) else None

    def problem_text(self) -> str:
        doc = self.problem()
        if doc is None:
            return f"HTTP {self.status}"
        reason = str(doc.get("type", "")).removeprefix(PROBLEM_BASE)
        detail = doc.get("detail")
        return f"{detail if isinstance(detail, str) else 'refused'} [{reason or self.status}]"


def http(
    method: str,
    url: str,
    *,
    body: str | None = None,
    content_type: str = MEDIA_JOSE,
    cafile: str | None = None,
    timeout: float = 15.0,
    max_bytes: int = 4 * MAX_MESSAGE_BYTES,
) -> HttpAnswer:
    """One HTTP exchange with a gateway: https with the certificate verified against the system's (or
    ``cafile``'s) authorities, plain http only to this machine; no redirects; the answer capped at
    ``max_bytes``.
    Network failures raise ProtocolError ``unavailable``."""
    import http.client
    import ssl
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    gateway_url(f"{parts.scheme}://{parts.netloc}", "the gateway address")
    path = parts.path or "/"
    try:
        if parts.scheme == "https":
            ctx = ssl.create_default_context(cafile=cafile)
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port or 443, timeout=timeout, context=ctx
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=timeout)
        try:
            headers = {"Accept": "*/*", "User-Agent": "pdvault"}
            data = None
            if body is not None:
                data = body.encode("ascii")
                headers["Content-Type"] = content_type
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            payload = resp.read(max_bytes + 1)
            if len(payload) > max_bytes:
                fail(Reason.TOO_LARGE, "The gateway's answer is too large.")
            ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
            return HttpAnswer(resp.status, ctype, payload)
        finally:
            conn.close()
    except ssl.SSLCertVerificationError as exc:
        fail(
            Reason.UNAVAILABLE,
            f"The gateway's certificate does not verify ({exc.verify_message}); nothing was sent.",
        )
    except (OSError, http.client.HTTPException) as exc:
        fail(Reason.UNAVAILABLE, f"The gateway could not be reached ({type(exc).__name__}).")
