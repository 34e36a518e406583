"""The gate's grant table: the organisation's grants, each verified once as it enters, with what the rules
need.

A grant enters through :func:`load_grants`: an encrypted ``.pdvgrant`` (JWE) is decrypted with the
organisation's key, and the grant JWS (from a ``.pdvgrant`` or a registry's stored copy) is verified by the
protocol library's own organisation API (:meth:`Organisation.verify_grant`: signature by the subject's
pairwise key, audience = this organisation, request binding, scope within the request, the exact claim
schema). Nothing else in the gate reads a grant's claims. A grant that fails is kept as *rejected* with its
reason word, so that rows naming it are dropped for that reason rather than as unknown.

Times are not decided here: validity (expiry, not yet valid) depends on the job's time and is the rules'
business (:mod:`vault_app.gate.rules`), so the same table serves audits of past jobs. Replays are not a
question either: the grant store is the organisation's own, and reading a grant again is not receiving it
again (the gateway's inbox refuses replays when grants arrive); a grant id seen twice in one load is counted
as a duplicate.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vault_app.domain.errors import ProtocolError
from vault_app.protocol.codec import Signed, peek, unseal
from vault_app.protocol.messages import AuthorisationRequest, DerivedDataRequest, Grant, Kind
from vault_app.protocol.org import Organisation
from vault_app.protocol.transport import read_message_file

__all__ = ["GrantRecord", "GrantSet", "load_grant_folder", "load_grants", "read_folder"]


class _SettableClock:
    """The verifier's clock, set to each grant's own issue time: time rules are applied per job, later."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t


class _Registry:
    """Replay protocol for re-reading the organisation's own grant store (see the module docstring)."""

    def check_and_remember(self, jti: str, exp: int) -> None:
        return None


@dataclass(frozen=True)
class GrantRecord:
    """One grant in the table: verified (``grant`` set) or rejected (``rejected`` names why)."""

    grant_id: str
    issuer: str
    issued_at: int
    expires_at: int
    grant: Signed[Grant] | None = field(default=None, repr=False)
    #: the derived-data request this grant answers, if it answers one (a held conclusion's grant)
    derived: DerivedDataRequest | None = field(default=None, repr=False)
    rejected: str | None = None
    source: str = ""

    @property
    def ok(self) -> bool:
        return self.grant is not None


@dataclass
class GrantSet:
    """Every grant loaded, by id, with counts of what could not be placed (no id to key rows on)."""

    records: dict[str, GrantRecord] = field(default_factory=dict)
    #: files whose grant has no readable id (e.g. encrypted to another key): reason word -> count
    unplaced: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0

    def add_unplaced(self, reason: str) -> None:
        self.unplaced[reason] = self.unplaced.get(reason, 0) + 1

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.records.values() if r.ok)

    def rejected_counts(self) -> dict[str, int]:
        out: dict[str, int] = dict(self.unplaced)
        for r in self.records.values():
            if r.rejected:
                out[r.rejected] = out.get(r.rejected, 0) + 1
        return out


_REQUEST_KINDS: dict[Kind, type[Any]] = {
    Kind.REQUEST: AuthorisationRequest,
    Kind.DERIVED_REQUEST: DerivedDataRequest,
}


def _parse_requests(org: Organisation, tokens: Iterable[str]) -> dict[str, Signed[Any]]:
    out: dict[str, Signed[Any]] = {}
    for token in tokens:
        token = token.strip()
        try:
            kind = peek(token)[0]
            body_type = _REQUEST_KINDS.get(kind) if kind is not None else None
            if body_type is None:
                continue
            req = org.parse_request(token, body_type)
        except ProtocolError:
            continue  # not one of ours: grants answering it will be rejected as answering an unknown request
        out[req.jti] = req
    return out


def load_grants(
    org: Organisation,
    grants: Iterable[tuple[str, str]],
    requests: Iterable[str],
    into: GrantSet | None = None,
) -> GrantSet:
    """Verify ``grants`` (pairs of source name and text: a JWE ``.pdvgrant`` or a grant JWS) against our
    ``requests`` (request tokens we signed) and return the table."""
    table = into if into is not None else GrantSet()
    reqs = _parse_requests(org, requests)
    clock = _SettableClock()
    verifier = Organisation(org.keys, org.name, url=org.url, clock=clock, skew=org.skew, replay=_Registry())
    for source, text in grants:
        text = text.strip()
        try:
            inner = unseal(text, org.keys.encryption, key_id=org.enc_key_id) if text.count(".") == 4 else text
        except ProtocolError as exc:
            # a grant encrypted to another key is one made for another organisation (or damaged)
            table.add_unplaced("other-organisation" if exc.reason == "undecryptable" else exc.reason)
            continue
        try:
            kind, claims = peek(inner)
        except ProtocolError as exc:
            table.add_unplaced(exc.reason)
            continue
        jti, iss, iat, exp = claims.get("jti"), claims.get("iss"), claims.get("iat"), claims.get("exp")
        if (
            kind is not Kind.GRANT
            or not isinstance(jti, str)
            or not isinstance(iss, str)
            or type(iat) is not int
            or type(exp) is not int
        ):
            table.add_unplaced("not-a-grant" if kind is not Kind.GRANT else "malformed")
            continue
        if jti in table.records:
            table.duplicates += 1
            continue
        req_id = claims.get("req")
        request = reqs.get(req_id) if isinstance(req_id, str) else None
        rejected: str | None = None
        grant: Signed[Grant] | None = None
        if claims.get("aud") != org.did:
            rejected = "other-organisation"
        elif request is None:
            rejected = "unknown-request"
        else:
            clock.t = float(iat)
            try:
                grant = verifier.verify_grant(inner, request)
            except ProtocolError as exc:
                rejected = "grant-" + exc.reason
        derived = (
            request.body
            if grant is not None and request is not None and isinstance(request.body, DerivedDataRequest)
            else None
        )
        table.records[jti] = GrantRecord(jti, iss, iat, exp, grant, derived, rejected, source)
    return table


def read_folder(
    folder: str | os.PathLike[str], bad: dict[str, int] | None = None
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Grant files (``*.pdvgrant``, ``*.jws``), request files (``*.pdvreq``) and status lists
    (``*.pdvstatus``) of a folder and its subfolders, each read with the protocol's size limit (files that are
    not messages are counted in ``bad`` by reason word)."""
    bad = {} if bad is None else bad
    grants: list[tuple[str, str]] = []
    requests: list[str] = []
    lists: list[str] = []
    for path in sorted(_walk(Path(folder))):
        suffix = path.suffix.lower()
        if suffix not in (".pdvgrant", ".jws", ".pdvreq", ".pdvstatus"):
            continue
        try:
            text = read_message_file(path)
        except ProtocolError as exc:
            bad[exc.reason] = bad.get(exc.reason, 0) + 1
            continue
        if suffix == ".pdvreq":
            requests.append(text)
        elif suffix == ".pdvstatus":
            lists.append(text)
        else:
            grants.append((path.name, text))
    return grants, requests, lists


def _walk(folder: Path) -> Iterator[Path]:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            yield Path(root) / name


def load_grant_folder(
    org: Organisation, folder: str | os.PathLike[str], extra_requests: Iterable[str] = ()
) -> tuple[GrantSet, list[str]]:
    """Load every grant of ``folder`` (see :func:`read_folder`); returns the table and the status-list
    texts."""
    bad: dict[str, int] = {}
    grants, requests, lists = read_folder(folder, bad)
    table = GrantSet(unplaced=bad)
    return load_grants(org, grants, [*requests, *extra_requests], into=table), lists
