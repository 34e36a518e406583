"""Revocation by IETF OAuth Token Status List (draft-ietf-oauth-status-list): build, sign, fetch and read.

A grant carries ``"status": {"status_list": {"idx": N, "uri": U}}``. The subject publishes a Status List
Token: a JWS with ``typ`` ``statuslist+jwt`` whose ``sub`` is U and whose ``status_list`` is ``{"bits": 2,
"lst": base64url(zlib(bytes))}``; status N is the two-bit group N counted from the least significant bit of
byte 0. 0 is VALID; 1 REVOKED (the draft's INVALID), 2 SUPERSEDED (a newer grant replaced it), 3 ERASED
(the organisation confirmed deleting its data): anything but 0 means the grant must not be used. Lists
written before statuses had two bits have ``"bits": 1`` (1 = REVOKED) and are read as such.

Freshness: every list carries ``iat``, ``exp`` and ``ttl``. An organisation calls a list *stale* (not able
to say anything about a grant) when it has expired, when it was issued before the grant it is asked about,
or, for an old list without ``exp``, when it is older than :data:`DEFAULT_LIFETIME`.

Privacy: the list is signed with the same pairwise key as the grants it covers and has its own URI, so each
organisation sees a list that cannot be linked to the subject's lists for other organisations. One list per
organisation relationship is the intended use.

Decompression is capped (:data:`MAX_STATUS_BYTES`) so a small hostile list cannot expand into gigabytes.
"""

from __future__ import annotations

import enum
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.clock import Clock, SystemClock
from vault_app.protocol import schema as s
from vault_app.protocol.codec import DEFAULT_SKEW, check_time, check_typ
from vault_app.protocol.did import did_from_kid, did_from_public_key, kid_for, public_key_from_did
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.jose import MAX_MESSAGE_BYTES, b64d, b64e, sign_jws, split_jws, verify_jws
from vault_app.protocol.lifetimes import STATUS_LIST_LIFETIME, STATUS_LIST_TTL
from vault_app.protocol.messages import MAX_SECONDS, Kind, StatusRef

VALID = 0
REVOKED = 1
SUPERSEDED = 2
ERASED = 3
#: the draft's name for status 1
INVALID = REVOKED
#: bits per status in the lists this app writes
STATUS_BITS = 2
#: how long a list stays usable after it was signed (``exp - iat``), unless the subject's vault says otherwise
DEFAULT_LIFETIME = STATUS_LIST_LIFETIME
#: how long a reader may cache a list before fetching it again (``ttl``)
DEFAULT_TTL = STATUS_LIST_TTL
#: decompressed size cap: 2 MiB holds 16 million one-bit statuses
MAX_STATUS_BYTES = 2 * 1024 * 1024
FETCH_TIMEOUT = 10.0
MEDIA_TYPE = "application/statuslist+jwt"


#: the documented hand-over form: a list that travels as a file has this URN as its URI
URN_PREFIX = "urn:pdv:status:"


def status_list_uri(list_id: str, *, gateway: str | None = None, base: str | None = None) -> str:
    """Where the list ``list_id`` (an id of ``[A-Za-z0-9_-]``) can be had: ``<gateway>/status/<id>`` when
    the organisation named its gateway in its request, else ``<base>/<id>`` when the subject publishes
    lists at an https ``base``, else ``urn:pdv:status:<id>`` (handed over as a ``.pdvstatus`` file)."""
    s.jti(list_id, "status list id")
    if gateway is not None:
        return f"{s.gateway_url(gateway, 'gateway').rstrip('/')}/status/{list_id}"
    if base is not None:
        return f"{s.gateway_url(base, 'publication base').rstrip('/')}/{list_id}"
    return URN_PREFIX + list_id


class GrantStatus(enum.StrEnum):
    """What a status value says about a grant, in words (each ``pdvault-org open`` reports distinctly)."""

    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    ERASED = "erased"
    #: a value this protocol does not define (4-bit and 8-bit lists can hold them): not usable either
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: int, bits: int) -> GrantStatus:
        if value == VALID:
            return cls.VALID
        if value == REVOKED:
            return cls.REVOKED
        if bits == 1:  # cannot happen (one bit holds 0 or 1); kept so the mapping is total
            return cls.UNKNOWN
        return {SUPERSEDED: cls.SUPERSEDED, ERASED: cls.ERASED}.get(value, cls.UNKNOWN)


class StatusList:
    """A packed list of statuses, ``bits`` (1, 2, 4 or 8) per entry, least significant bits first."""

    def __init__(self, size: int, bits: int = 1, data: bytes | bytearray | None = None) -> None:
        if bits not in (1, 2, 4, 8):
            raise ValueError("bits must be 1, 2, 4 or 8")
        nbytes = (size * bits + 7) // 8
        if data is None:
            data = bytes(nbytes)
        if len(data) != nbytes:
            raise ValueError("data length does not match size and bits")
        self.bits = bits
        self.size = size
        self._data = bytearray(data)

    def __len__(self) -> int:
        return self.size

    def _locate(self, idx: int) -> tuple[int, int]:
        if not 0 <= idx < self.size:
            raise IndexError("status index outside the list")
        bit = idx * self.bits
        return bit // 8, bit % 8

    def get(self, idx: int) -> int:
        byte, shift = self._locate(idx)
        return (self._data[byte] >> shift) & ((1 << self.bits) - 1)

    def set(self, idx: int, value: int) -> None:
        if not 0 <= value < (1 << self.bits):
            raise ValueError("status value does not fit in the list's bits")
        byte, shift = self._locate(idx)
        mask = ((1 << self.bits) - 1) << shift
        self._data[byte] = (self._data[byte] & ~mask & 0xFF) | (value << shift)

    def revoke(self, idx: int) -> None:
        self.set(idx, INVALID)

    def clear(self, idx: int) -> None:
        self.set(idx, VALID)

    def is_revoked(self, idx: int) -> bool:
        """True for any status other than VALID (a suspended grant must not be used either)."""
        return self.get(idx) != VALID

    def to_bytes(self) -> bytes:
        return bytes(self._data)

    def widened(self, bits: int = STATUS_BITS) -> StatusList:
        """The same statuses in a list with ``bits`` per entry (e.g. an old one-bit list moved to two
        bits); indexes stay the same, so grants already issued keep pointing at their entry."""
        if bits < self.bits:
            raise ValueError("a status list can only be widened")
        out = StatusList(self.size, bits)
        for i in range(self.size):
            v = self.get(i)
            if v:
                out.set(i, v)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"bits": self.bits, "lst": b64e(zlib.compress(bytes(self._data), 9))}

    @classmethod
    def from_json(cls, value: Any, *, max_bytes: int = MAX_STATUS_BYTES) -> StatusList:
        o = s.obj(value, "status_list", frozenset({"bits", "lst"}), frozenset({"aggregation_uri"}))
        bits = o["bits"]
        if type(bits) is not int or bits not in (1, 2, 4, 8):
            fail(Reason.INVALID_CLAIM, "The claim 'status_list.bits' must be 1, 2, 4 or 8.")
        if not isinstance(o["lst"], str):
            fail(Reason.INVALID_CLAIM, "The claim 'status_list.lst' must be base64url text.")
        compressed = b64d(o["lst"], "status list")
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(compressed, max_bytes)
        except zlib.error:
            fail(Reason.MALFORMED, "The status list is not valid zlib data.")
        if inflater.unconsumed_tail:
            fail(Reason.TOO_LARGE, f"The status list expands beyond {max_bytes // (1024 * 1024)} MiB.")
        if not inflater.eof:
            fail(Reason.MALFORMED, "The status list's compressed data is truncated.")
        if inflater.unused_data:
            fail(Reason.MALFORMED, "The status list has data after its compressed stream.")
        return cls(len(data) * 8 // bits, bits, data)


@dataclass(frozen=True)
class StatusListToken:
    """A verified Status List Token."""

    issuer: str
    uri: str
    issued_at: int
    expires_at: int | None
    ttl: int | None
    status_list: StatusList = field(repr=False)
    token: str = field(repr=False)

    def value_of(self, ref: StatusRef | int) -> int:
        """The raw status of an entry. An index outside the list cannot be decided: it raises."""
        if isinstance(ref, StatusRef):
            if ref.uri != self.uri:
                fail(Reason.INVALID_CLAIM, "This status list is not the one the grant points to.")
            idx = ref.idx
        else:
            idx = ref
        if not 0 <= idx < len(self.status_list):
            fail(Reason.INVALID_CLAIM, "The status list is shorter than the grant's index: it cannot say.")
        return self.status_list.get(idx)

    def status_of(self, ref: StatusRef | int) -> GrantStatus:
        """The entry's status in words (valid, revoked, superseded, erased, or unknown for other values)."""
        return GrantStatus.of(self.value_of(ref), self.status_list.bits)

    def is_revoked(self, ref: StatusRef | int) -> bool:
        """Whether the entry is anything but valid. An index outside the list cannot be decided: it raises."""
        return self.value_of(ref) != VALID

    def usable_until(self) -> int:
        """When this list stops being able to say anything: its ``exp``, or for an old list without one,
        ``iat`` plus :data:`DEFAULT_LIFETIME`."""
        return self.expires_at if self.expires_at is not None else self.issued_at + DEFAULT_LIFETIME

    def check_fresh(self, *, issued_after: int, now: float, skew: int = DEFAULT_SKEW) -> None:
        """Raise ``stale`` unless this list can speak for a grant issued at ``issued_after`` at time
        ``now``: it must not have expired and must have been signed no earlier than the grant."""
        if now > self.usable_until() + skew:
            fail(Reason.STALE, "The status list has expired: get the subject's current list.")
        if self.issued_at < issued_after:
            fail(
                Reason.STALE,
                "The status list was signed before the grant, so it cannot say whether the grant "
                "was revoked since: get the subject's current list.",
            )


def build_status_list_token(
    status_list: StatusList,
    key: Ed25519PrivateKey,
    uri: str,
    *,
    clock: Clock | None = None,
    lifetime: int | None = None,
    ttl: int | None = None,
) -> str:
    """Sign ``status_list`` as a Status List Token for ``uri``. ``lifetime`` sets ``exp`` (none: the list
    does not expire, which suits lists handed over as files); ``ttl`` tells readers how long to cache it."""
    s.match(uri, s.STATUS_URI_RE, "sub", "an https or urn URI")
    issuer = did_from_public_key(key)
    now = int((clock or SystemClock()).now())
    claims: dict[str, Any] = {"pdv_ver": 1, "iss": issuer, "sub": uri, "iat": now}
    if lifetime is not None:
        claims["exp"] = now + lifetime
    if ttl is not None:
        claims["ttl"] = ttl
    claims["status_list"] = status_list.to_json()
    return sign_jws(claims, key, typ=Kind.STATUS_LIST.typ, kid=kid_for(issuer))


_SL_REQUIRED = frozenset({"iss", "sub", "iat", "status_list"})
_SL_OPTIONAL = frozenset({"pdv_ver", "exp", "ttl", "nbf"})


def parse_status_list_token(
    token: str,
    *,
    expected_issuer: str,
    uri: str | None = None,
    clock: Clock | None = None,
    skew: int = DEFAULT_SKEW,
    max_bytes: int = MAX_STATUS_BYTES,
) -> StatusListToken:
    """Verify a Status List Token signed by ``expected_issuer`` (the DID that signed the grant) and, if
    given, published under ``uri`` (the grant's status URI). No replay check: a list is re-read
    legitimately."""
    parts = split_jws(token)
    check_typ(parts.header, Kind.STATUS_LIST)
    signer = did_from_kid(parts.header.get("kid"))
    if signer != expected_issuer:
        fail(Reason.UNKNOWN_KEY, "The status list is signed by another key than the grant's.")
    claims = verify_jws(parts, public_key_from_did(signer, reason=Reason.MALFORMED))
    s.obj(claims, "status list token", _SL_REQUIRED, _SL_OPTIONAL)
    if "pdv_ver" in claims and (type(claims["pdv_ver"]) is not int or claims["pdv_ver"] != 1):
        fail(
            Reason.UNSUPPORTED_VERSION,
            "This status list uses a protocol version this app does not understand.",
        )
    if claims["iss"] != signer:
        fail(Reason.UNKNOWN_KEY, "The status list claims a different issuer than the key that signed it.")
    sub = s.match(claims["sub"], s.STATUS_URI_RE, "sub", "an https or urn URI")
    if uri is not None and sub != uri:
        fail(Reason.INVALID_CLAIM, "This status list is not the one the grant points to.")
    iat = s.integer(claims["iat"], "iat", 0, s.NUMERIC_DATE_MAX)
    exp = s.integer(claims["exp"], "exp", iat + 1, iat + MAX_SECONDS) if "exp" in claims else None
    nbf = s.integer(claims["nbf"], "nbf", 0, s.NUMERIC_DATE_MAX) if "nbf" in claims else None
    ttl = s.integer(claims["ttl"], "ttl", 1, MAX_SECONDS) if "ttl" in claims else None
    now = (clock or SystemClock()).now()
    if exp is not None and now > exp + skew:
        fail(Reason.STALE, "The status list has expired: get the subject's current list.")
    check_time(iat, exp if exp is not None else s.NUMERIC_DATE_MAX, nbf, now, skew, "status list")
    return StatusListToken(
        signer, sub, iat, exp, ttl, StatusList.from_json(claims["status_list"], max_bytes=max_bytes), token
    )


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if urllib.parse.urlsplit(newurl).scheme != "https":
            raise urllib.error.URLError("redirect to a non-https address refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def load_status_list(
    source: str | Path, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_MESSAGE_BYTES
) -> str:
    """Read a Status List Token from a file path, a ``file:`` URL or an ``https:`` URL (size-capped, with a
    timeout; plain ``http:`` only to localhost / 127.0.0.1, for a gateway on this machine).

    Raises ProtocolError ``unavailable`` if it cannot be read, ``too-large`` above ``max_bytes``.
    """
    text = str(source)
    data: bytes
    scheme = urllib.parse.urlsplit(text).scheme.lower() if not isinstance(source, Path) else ""
    try:
        local_http = scheme == "http" and urllib.parse.urlsplit(text).hostname in ("localhost", "127.0.0.1")
        if scheme == "https" or local_http:
            opener = urllib.request.build_opener(_HttpsOnlyRedirects())
            request = urllib.request.Request(
                text, headers={"Accept": MEDIA_TYPE, "User-Agent": "pdvault-org"}
            )
            with opener.open(request, timeout=timeout) as response:
                data = response.read(max_bytes + 1)
        elif scheme == "file":
            path = urllib.request.url2pathname(urllib.parse.urlsplit(text).path)
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        elif scheme in ("",) or (
            len(scheme) == 1 and text[1:2] == ":"
        ):  # plain path (or a Windows drive letter)
            with open(text, "rb") as fh:
                data = fh.read(max_bytes + 1)
        else:
            fail(
                Reason.UNAVAILABLE,
                "A status list is read from a file or an https address only (http only on this machine).",
            )
    except (OSError, urllib.error.URLError, ValueError) as exc:
        detail = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or type(exc).__name__
        fail(Reason.UNAVAILABLE, f"The status list could not be read ({detail}).")
    if len(data) > max_bytes:
        fail(Reason.TOO_LARGE, f"The status list is larger than {max_bytes // 1024} KiB.")
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError:
        fail(Reason.MALFORMED, "The status list file is not a compact signed token.")
