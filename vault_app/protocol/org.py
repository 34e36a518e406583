"""The organisation toolkit: keys on disk, requests out, grants and verification answers in, receipts and erasure
confirmations back; and certifiers' trust lists. ``pdvault-org`` (vault_app/cli/org.py) is a thin shell over this.

Keys are standard JWK files (owner-only): ``signing.jwk`` (Ed25519, names the organisation as its did:key) and
``encryption.jwk`` (X25519, receives grants). ``profile.json`` is the public half: DID, name, public keys and
fingerprint, for publishing on a web site or handing to a certifier.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from vault_app.domain.files import PRIVATE_MODE, PUBLIC_MODE, atomic_write
from vault_app.domain.clock import Clock, SystemClock
from vault_app.domain.errors import ProtocolError, ValidationError
from vault_app.domain.model import ComplianceStatus, Processing, RequestedField
from vault_app.protocol import binding
from vault_app.protocol.codec import DEFAULT_SKEW, Signed, check_typ, peek, sign, unseal, verify
from vault_app.protocol.did import did_from_public_key, fingerprint
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.jose import split_jws
from vault_app.protocol.jwk import (
    ed25519_private_from_jwk,
    ed25519_private_jwk,
    ed25519_public_jwk,
    thumbprint,
    x25519_private_from_jwk,
    x25519_private_jwk,
    x25519_public_jwk,
)
from vault_app.protocol.messages import (
    AuthorisationRequest,
    DeletionConfirmation,
    DeletionOutcome,
    DerivedConclusion,
    DerivedDataRequest,
    DerivedSource,
    ErasureRequest,
    Grant,
    Kind,
    OnwardRecipient,
    OrgInfo,
    Refusal,
    RetainedItem,
    RevocationNotice,
    TrustEntry,
    TrustList,
    UsageEntry,
    UsageReceipt,
    VerificationCheck,
    VerificationRequest,
    VerificationResponse,
)
from vault_app.protocol.replay import MemoryReplayCache, ReplayCache, replay_key
from vault_app.protocol.statuslist import GrantStatus, StatusListToken, parse_status_list_token

SIGNING_KEY_FILE = "signing.jwk"
ENCRYPTION_KEY_FILE = "encryption.jwk"
PROFILE_FILE = "profile.json"


def _read_json(path: Path, what: str) -> Any:
    try:
        with open(path, "rb") as fh:
            data = fh.read(64 * 1024 + 1)
    except FileNotFoundError:
        raise ValidationError(f"The {what} file {path} does not exist.") from None
    if len(data) > 64 * 1024:
        raise ValidationError(f"The {what} file {path} is too large to be a key or profile.")
    try:
        return json.loads(data)
    except ValueError:
        raise ValidationError(f"The {what} file {path} is not valid JSON.") from None


@dataclass(frozen=True)
class OrgKeys:
    """An organisation's (or certifier's) two key pairs."""

    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @classmethod
    def generate(cls) -> OrgKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def did(self) -> str:
        return did_from_public_key(self.signing)

    def save(self, directory: str | os.PathLike[str], *, overwrite: bool = False) -> tuple[Path, Path]:
        """Write both private keys as JWK files with mode 0600 (atomically; refuses to overwrite by default)."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        paths = (d / SIGNING_KEY_FILE, d / ENCRYPTION_KEY_FILE)
        if not overwrite:
            for p in paths:
                if p.exists():
                    raise FileExistsError(str(p))
        atomic_write(paths[0], json.dumps(ed25519_private_jwk(self.signing), indent=2) + "\n", mode=PRIVATE_MODE, what="write the organisation's keys", overwrite=overwrite)
        atomic_write(paths[1], json.dumps(x25519_private_jwk(self.encryption), indent=2) + "\n", mode=PRIVATE_MODE, what="write the organisation's keys", overwrite=overwrite)
        return paths

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> OrgKeys:
        d = Path(directory)
        try:
            signing = ed25519_private_from_jwk(_read_json(d / SIGNING_KEY_FILE, "signing key"))
            encryption = x25519_private_from_jwk(_read_json(d / ENCRYPTION_KEY_FILE, "encryption key"))
        except ProtocolError as exc:
            raise ValidationError(f"The key files in {d} are not usable: {exc.message}") from None
        return cls(signing, encryption)


def make_profile(keys: OrgKeys, name: str, url: str | None = None) -> dict[str, Any]:
    """The public profile: what others need to recognise and address this organisation."""
    profile: dict[str, Any] = {
        "did": keys.did,
        "name": name,
        "fingerprint": fingerprint(keys.signing),
        "signing_key": ed25519_public_jwk(keys.signing),
        "encryption_key": x25519_public_jwk(keys.encryption),
    }
    if url:
        profile["url"] = url
    return profile


@dataclass(frozen=True)
class OpenedAnswer:
    """What :meth:`Organisation.open` found inside an encrypted answer."""

    kind: Kind
    message: Signed[Any]
    request: Signed[Any]
    #: True when a status list was given and the grant is not revoked (a revoked grant raises instead)
    status_checked: bool = False


@dataclass(frozen=True)
class StatusCheck:
    """What a current status list says about one grant (see :meth:`Organisation.check_status`)."""

    status: GrantStatus
    #: the raw status value (0 valid, 1 revoked, 2 superseded, 3 erased)
    value: int
    list_issued_at: int
    #: the list's ``exp`` (or, for an old list without one, when it stops being usable)
    list_usable_until: int
    #: how long the list may be cached before a fresh one should be fetched (seconds), if the list says
    ttl: int | None

    @property
    def usable(self) -> bool:
        return self.status is GrantStatus.VALID

    def require_usable(self) -> None:
        """Raise ProtocolError ``revoked``, ``superseded`` or ``erased`` (each with its own words) unless valid."""
        if not self.usable:
            reason, message = _STATUS_REASONS[self.status]
            fail(reason, message)


#: the reason word raised for each status that ends a grant
_STATUS_REASONS = {
    GrantStatus.REVOKED: (Reason.REVOKED, "The subject has revoked this grant: its data must no longer be used."),
    GrantStatus.SUPERSEDED: (Reason.SUPERSEDED, "A newer grant from the subject replaced this one: use the newer "
                             "grant's terms, not this one's."),
    GrantStatus.ERASED: (Reason.ERASED, "The subject's data under this grant was erased (you confirmed the "
                         "deletion): it must no longer be used."),
    GrantStatus.UNKNOWN: (Reason.REVOKED, "The status list marks this grant with a status this protocol does not "
                          "define: it must not be used."),
}


class Organisation:
    """An organisation's side of the protocol. ``replay`` defaults to an in-memory cache (one process)."""

    def __init__(
        self,
        keys: OrgKeys,
        name: str,
        *,
        url: str | None = None,
        clock: Clock | None = None,
        skew: int = DEFAULT_SKEW,
        replay: ReplayCache | None = None,
    ) -> None:
        self.keys = keys
        self.name = name
        self.url = url
        self.clock: Clock = clock or SystemClock()
        self.skew = skew
        self.replay: ReplayCache = replay if replay is not None else MemoryReplayCache(self.clock, skew=skew)
        self.did = keys.did
        # computed once: every grant is checked against them
        self.enc_key_id = thumbprint(x25519_public_jwk(keys.encryption))
        self._info = OrgInfo(name, keys.encryption.public_key(), url)

    @classmethod
    def load(
        cls,
        directory: str | os.PathLike[str],
        *,
        clock: Clock | None = None,
        skew: int = DEFAULT_SKEW,
        replay: ReplayCache | None = None,
    ) -> Organisation:
        """Load keys and the profile (for the display name) written by :meth:`create`/``pdvault-org keygen``."""
        d = Path(directory)
        keys = OrgKeys.load(d)
        profile = _read_json(d / PROFILE_FILE, "profile")
        if not isinstance(profile, dict) or not isinstance(profile.get("name"), str):
            raise ValidationError(f"The profile file in {d} has no organisation name.")
        if profile.get("did") != keys.did:
            raise ValidationError(f"The profile in {d} belongs to other keys than the key files next to it.")
        url = profile.get("url") if isinstance(profile.get("url"), str) else None
        return cls(keys, profile["name"], url=url, clock=clock, skew=skew, replay=replay)

    @classmethod
    def create(
        cls, directory: str | os.PathLike[str], name: str, *, url: str | None = None, overwrite: bool = False, **kw: Any
    ) -> Organisation:
        """Generate keys, write them (0600) and the public profile, and return the organisation."""
        keys = OrgKeys.generate()
        org = cls(keys, name, url=url, **kw)  # validates name/url through OrgInfo on first use below
        org.info_check()
        keys.save(directory, overwrite=overwrite)
        atomic_write(Path(directory) / PROFILE_FILE, json.dumps(org.profile(), indent=2) + "\n", PUBLIC_MODE,
                     what="write the organisation's profile")
        return org

    def info_check(self) -> None:
        """Refuse a name or URL a request could not carry (checked by the same schema the subject applies)."""
        try:
            OrgInfo.from_json(self._info.to_json())
        except ProtocolError as exc:
            raise ValidationError(f"The organisation details are not valid: {exc.message}") from None

    def profile(self) -> dict[str, Any]:
        return make_profile(self.keys, self.name, self.url)

    # --- outgoing ---------------------------------------------------------------------------------------------

    def _sign(self, body: Any, **kw: Any) -> str:
        return sign(body, self.keys.signing, clock=self.clock, **kw)

    def make_request(
        self,
        fields: Sequence[RequestedField],
        purposes: Sequence[str],
        purpose_text: str,
        retention_seconds: int,
        *,
        onward: Sequence[OnwardRecipient] = (),
        processing: Sequence[Processing] = (),
        refines: str | None = None,
        audience: str | None = None,
        lifetime: int | None = None,
        gateway: str | None = None,
    ) -> str:
        """Sign an authorisation request. ``refines`` (a grant id) plus ``audience`` (that subject's DID) ask an
        existing subject to widen or renew a grant. ``gateway`` (an https base URL, or http on localhost) asks the
        subject to publish the status list for this relationship at ``<gateway>/status/<list id>``."""
        body = AuthorisationRequest(
            self._info, tuple(fields), tuple(purposes), purpose_text, retention_seconds, tuple(onward), tuple(processing), refines,
            gateway,
        )
        return self._sign(body, audience=audience, lifetime=lifetime)

    def make_verification_request(
        self,
        checks: Sequence[VerificationCheck],
        purposes: Sequence[str],
        purpose_text: str,
        *,
        audience: str | None = None,
        lifetime: int | None = None,
    ) -> str:
        body = VerificationRequest(self._info, tuple(checks), tuple(purposes), purpose_text)
        return self._sign(body, audience=audience, lifetime=lifetime)

    def make_derived_request(
        self,
        subject: str,
        conclusion: DerivedConclusion,
        method: str,
        sources: Sequence[DerivedSource],
        purposes: Sequence[str],
        purpose_text: str,
        retention_seconds: int,
        *,
        onward: Sequence[OnwardRecipient] = (),
        processing: Sequence[Processing] = (),
        lifetime: int | None = None,
    ) -> str:
        """Ask ``subject`` (their pairwise DID, from the source grants) to authorise use of a conclusion."""
        body = DerivedDataRequest(
            self._info, conclusion, method, tuple(sources), tuple(purposes), purpose_text, retention_seconds, tuple(onward), tuple(processing)
        )
        return self._sign(body, audience=subject, lifetime=lifetime)

    def make_receipt(
        self, grant: Signed[Grant], entries: Sequence[UsageEntry], *, lifetime: int | None = None
    ) -> str:
        """Report what was done with a grant's data, addressed to the subject who signed the grant."""
        for e in entries:
            unknown = set(e.fields) - {f.name for f in grant.body.fields}
            if unknown:
                raise ValidationError("A receipt entry names a field the grant did not release.")
        body = UsageReceipt(grant.jti, tuple(entries), grant.hash)
        return self._sign(body, audience=grant.issuer, lifetime=lifetime)

    def confirm_erasure(
        self,
        erasure: Signed[ErasureRequest],
        outcome: DeletionOutcome = DeletionOutcome.DELETED,
        *,
        retained: Sequence[RetainedItem] = (),
        deleted_at: int | None = None,
        lifetime: int | None = None,
    ) -> str:
        body = DeletionConfirmation(
            erasure.jti,
            erasure.hash,
            erasure.body.grant_ids,
            outcome,
            int(self.clock.now()) if deleted_at is None else deleted_at,
            tuple(retained),
        )
        return self._sign(body, audience=erasure.issuer, lifetime=lifetime)

    # --- incoming ---------------------------------------------------------------------------------------------

    def parse_request(self, token: str, body_type: type[Any] = AuthorisationRequest) -> Signed[Any]:
        """Read back one of our own requests (signed by us; no replay check: it is ours to reread)."""
        # No time check: a grant may legitimately arrive (or be opened) after its request expired. Whoever we
        # addressed it to is the audience; nothing else about it is taken on trust (it must be signed by us).
        aud = peek(token)[1].get("aud")
        return verify(
            token, body_type, expected_issuer=self.did, check_times=False, audience=aud if isinstance(aud, str) else None
        )

    def _inner(self, jwe: str) -> tuple[str, Kind]:
        inner = unseal(jwe, self.keys.encryption, key_id=self.enc_key_id)
        header = split_jws(inner).header
        for kind in (Kind.GRANT, Kind.VERIFICATION_RESPONSE):
            try:
                check_typ(header, kind)
                return inner, kind
            except ProtocolError:
                continue
        fail(Reason.WRONG_TYPE, "The encrypted message is neither a grant nor a verification response.")

    def open_grant(
        self,
        jwe: str,
        request: Signed[AuthorisationRequest] | Signed[DerivedDataRequest],
        *,
        expected_subject: str | None = None,
        status_list: str | StatusListToken | None = None,
    ) -> Signed[Grant]:
        """Decrypt and verify a grant: signature (subject's pairwise key), audience (us), time, request binding,
        scope within the request, replay; and revocation if a status list is given (raises ``revoked``).

        ``expected_subject``: the subject's pairwise DID when we already know them (re-authorisation); on first
        contact the key is the grant's own did:key, trusted because the grant answers our signed request.
        """
        inner = unseal(jwe, self.keys.encryption, key_id=self.enc_key_id)
        return self.verify_grant(inner, request, expected_subject=expected_subject, status_list=status_list)

    def verify_grant(
        self,
        token: str,
        request: Signed[AuthorisationRequest] | Signed[DerivedDataRequest],
        *,
        expected_subject: str | None = None,
        status_list: str | StatusListToken | None = None,
    ) -> Signed[Grant]:
        """The checks of :meth:`open_grant` on an already decrypted grant JWS."""
        expected = expected_subject or request.envelope.audience
        grant = verify(
            token, Grant, clock=self.clock, skew=self.skew, audience=self.did, expected_issuer=expected
        )
        binding.check_grant(grant, request, self.did)
        if grant.envelope.issued_at > request.envelope.expires_at + self.skew:
            fail(Reason.REQUEST_MISMATCH, "The grant was issued after the request it answers had expired.")
        if status_list is not None:
            self.check_revocation(grant, status_list)
        self.replay.check_and_remember(replay_key(grant.issuer, grant.jti), grant.envelope.expires_at)
        return grant

    def open_verification_response(
        self, jwe: str, request: Signed[VerificationRequest], *, expected_subject: str | None = None
    ) -> Signed[VerificationResponse]:
        inner = unseal(jwe, self.keys.encryption, key_id=self.enc_key_id)
        return self.verify_verification_response(inner, request, expected_subject=expected_subject)

    def verify_verification_response(
        self, token: str, request: Signed[VerificationRequest], *, expected_subject: str | None = None
    ) -> Signed[VerificationResponse]:
        expected = expected_subject or request.envelope.audience
        response = verify(
            token, VerificationResponse, clock=self.clock, skew=self.skew, audience=self.did, expected_issuer=expected
        )
        binding.check_verification_response(response, request, self.did)
        if response.envelope.issued_at > request.envelope.expires_at + self.skew:
            fail(Reason.REQUEST_MISMATCH, "The response was issued after the request it answers had expired.")
        self.replay.check_and_remember(replay_key(response.issuer, response.jti), response.envelope.expires_at)
        return response

    def open(
        self,
        jwe: str,
        requests: Iterable[str | Signed[Any]] | Callable[[str], str | Signed[Any] | None],
        *,
        expected_subject: str | None = None,
        status_list: str | StatusListToken | None = None,
    ) -> OpenedAnswer:
        """Open a grant or verification response, finding the request it answers among ``requests`` (our own
        request tokens or parsed requests), or asking ``requests(request_id)`` when it is a lookup function (a
        registry of many requests)."""
        inner, kind = self._inner(jwe)
        _, claims = peek(inner)
        wanted = claims.get("req")
        if callable(requests):
            found = requests(wanted) if isinstance(wanted, str) else None
            requests = [found] if found is not None else []
        request = None
        skipped = 0
        for r in requests:
            try:
                parsed = r if isinstance(r, Signed) else self._parse_any_request(r)
            except ProtocolError:
                skipped += 1  # not one of our requests (another organisation's, or damaged): cannot be the one
                continue
            if parsed is not None and parsed.jti == wanted:
                request = parsed
                break
        if request is None:
            note = f" ({skipped} of them are not valid requests of this organisation)" if skipped else ""
            fail(Reason.REQUEST_MISMATCH, f"None of the given requests is the one this answer refers to{note}.")
        if kind is Kind.GRANT:
            if not isinstance(request.body, (AuthorisationRequest, DerivedDataRequest)):
                fail(Reason.REQUEST_MISMATCH, "A grant must answer an authorisation or derived-data request.")
            grant = self.verify_grant(inner, request, expected_subject=expected_subject, status_list=status_list)
            return OpenedAnswer(kind, grant, request, status_checked=status_list is not None)
        if not isinstance(request.body, VerificationRequest):
            fail(Reason.REQUEST_MISMATCH, "A verification response must answer a verification request.")
        response = self.verify_verification_response(inner, request, expected_subject=expected_subject)
        return OpenedAnswer(kind, response, request)

    def _parse_any_request(self, token: str) -> Signed[Any] | None:
        return self.read_own_request(token)

    def read_own_request(self, token: str) -> Signed[Any] | None:
        """One of our own requests of any kind, re-read (signed by us; no expiry check); None for a token of
        another kind. Raises ProtocolError for a request that is not ours or is damaged."""
        kind = peek(token)[0]
        for body_type in (AuthorisationRequest, VerificationRequest, DerivedDataRequest):
            if body_type.kind is kind:
                return self.parse_request(token, body_type)
        return None

    def check_status(self, grant: Signed[Grant], status_list: str | StatusListToken) -> StatusCheck:
        """What the subject's status list says about ``grant``. The list must be signed by the grant's own signer,
        published under the grant's status URI, and current: not expired and signed no earlier than the grant
        (``stale`` otherwise: an old list cannot say whether the grant was revoked since)."""
        if isinstance(status_list, str):
            status_list = parse_status_list_token(
                status_list, expected_issuer=grant.issuer, uri=grant.body.status.uri, clock=self.clock, skew=self.skew
            )
        elif status_list.issuer != grant.issuer:
            fail(Reason.UNKNOWN_KEY, "The status list is signed by another key than the grant's.")
        status_list.check_fresh(issued_after=grant.envelope.issued_at, now=self.clock.now(), skew=self.skew)
        value = status_list.value_of(grant.body.status)
        return StatusCheck(GrantStatus.of(value, status_list.status_list.bits), value, status_list.issued_at,
                           status_list.usable_until(), status_list.ttl)

    def check_revocation(self, grant: Signed[Grant], status_list: str | StatusListToken) -> StatusCheck:
        """Raise ProtocolError ``revoked``, ``superseded`` or ``erased`` if the subject's current status list says
        the grant must not be used (``stale``, ``unknown-key``... if the list cannot say); return the check."""
        check = self.check_status(grant, status_list)
        check.require_usable()
        return check

    def parse_refusal(self, token: str, request: Signed[Any]) -> Signed[Refusal]:
        refusal = verify(
            token, Refusal, clock=self.clock, skew=self.skew, replay=self.replay, audience=self.did,
            expected_issuer=request.envelope.audience,
        )
        binding.check_refusal(refusal, request, self.did)
        return refusal

    def parse_revocation_notice(self, token: str, *, subject: str) -> Signed[RevocationNotice]:
        """A revocation notice from ``subject`` (the pairwise DID of the grant)."""
        return verify(
            token, RevocationNotice, clock=self.clock, skew=self.skew, replay=self.replay, audience=self.did, expected_issuer=subject
        )

    def parse_erasure_request(
        self, token: str, *, subject: str | None = None, grants: Sequence[Signed[Grant]] = ()
    ) -> Signed[ErasureRequest]:
        """An erasure request. Pass ``subject`` (the pairwise DID of the grants) or the ``grants`` it names (as
        opened from our own grant files, see :meth:`read_own_grant`): it must then be signed by the subject who
        signed those grants and name only them (``unknown-key`` / ``request-mismatch`` otherwise). With neither,
        only the signature by the key in its own ``kid`` is checked: never confirm a deletion on that alone."""
        signers = {g.issuer for g in grants}
        if len(signers) > 1:
            raise ValidationError("The grants given belong to different subjects; give one subject's grants.")
        if subject is not None and signers and signers != {subject}:
            raise ValidationError("The grants given were not signed by the subject given.")
        expected = subject or (next(iter(signers)) if signers else None)
        erasure = verify(
            token, ErasureRequest, clock=self.clock, skew=self.skew, audience=self.did, expected_issuer=expected
        )
        if grants:
            known = {g.jti for g in grants}
            if not set(erasure.body.grant_ids) <= known:
                fail(Reason.REQUEST_MISMATCH, "The erasure request names a grant that is not among the grants given.")
        # replay is recorded only once every check passed, so a refused request does not occupy the cache
        self.replay.check_and_remember(replay_key(erasure.issuer, erasure.jti), erasure.envelope.expires_at)
        return erasure

    def read_own_grant(self, jwe: str) -> Signed[Grant]:
        """Decrypt one of our own stored grant files and check its signature and audience, without the time
        checks (an erasure or revocation may concern a grant that has expired). For knowing who signed a grant we
        already accepted; to accept a new grant use :meth:`open`."""
        inner = unseal(jwe, self.keys.encryption, key_id=self.enc_key_id)
        check_typ(split_jws(inner).header, Kind.GRANT)
        return verify(inner, Grant, audience=self.did, check_times=False)


class Certifier:
    """A certifier signs trust lists: which organisations (DIDs) are compliant, suspended or not."""

    def __init__(self, signing_key: Ed25519PrivateKey, name: str, *, clock: Clock | None = None) -> None:
        self.signing_key = signing_key
        self.name = name
        self.clock: Clock = clock or SystemClock()

    @property
    def did(self) -> str:
        return did_from_public_key(self.signing_key)

    @classmethod
    def load(cls, directory: str | os.PathLike[str], *, clock: Clock | None = None) -> Certifier:
        org = Organisation.load(directory, clock=clock)
        return cls(org.keys.signing, org.name, clock=clock)

    def sign_trust_list(
        self,
        entries: Iterable[TrustEntry | Mapping[str, Any]],
        seq: int,
        *,
        lifetime: int | None = None,
    ) -> str:
        """Sign a trust list. ``seq`` must grow with every list the certifier publishes."""
        items = tuple(
            e if isinstance(e, TrustEntry) else TrustEntry(str(e["did"]), str(e["name"]), ComplianceStatus(e["status"]), e.get("note"))
            for e in entries
        )
        return sign(TrustList(self.name, seq, items), self.signing_key, clock=self.clock, lifetime=lifetime)
