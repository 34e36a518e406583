"""``pdvault-org``: the organisation's command line (keys, requests, opening grants, receipts, erasure, trust lists).

A thin shell over :mod:`vault_app.protocol.org`. Expected problems print one plain sentence on stderr and exit
with a documented code (no traceback); see docs/protocol.md, "pdvault-org".

Exit codes:
  0  success
  1  a file could not be read or written
  2  usage: bad arguments or an invalid spec file
  10 invalid: the message failed verification (signature, audience, binding, format, replay, ...)
  11 expired: the message (or grant) is past its expiry
  12 revoked: the subject has revoked the grant (status list)
  13 revocation not checked: no status list given, or it could not be read, is not the subject's, is stale
     (expired, or signed before the grant) or too short
  14 superseded: a newer grant from the subject replaced this one (status list)
  15 erased: the grant's data was erased after a confirmed deletion (status list)
  16 the gateway could not be reached or refused what was sent to it
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from vault_app import __version__
from vault_app.cli import org_gate
from vault_app.domain.clock import Clock, FixedClock, SystemClock
from vault_app.domain.errors import ProtocolError, ValidationError, VaultError
from vault_app.domain.model import Category, ComplianceStatus, Processing, ReleasedField, RequestedField
from vault_app.protocol import online
from vault_app.protocol.codec import Signed, peek
from vault_app.protocol.errors import Reason
from vault_app.protocol.messages import (
    DeletionOutcome,
    DerivedConclusion,
    DerivedSource,
    ErasureRequest,
    Grant,
    Kind,
    OnwardRecipient,
    RetainedItem,
    SaltedHash,
    TrustEntry,
    UsageAction,
    UsageEntry,
    VerificationCheck,
    VerificationResponse,
)
from vault_app.protocol.org import PROFILE_FILE, Certifier, Organisation
from vault_app.protocol.statuslist import load_status_list
from vault_app.protocol.transport import (
    EXT_MESSAGE,
    EXT_RECEIPT,
    EXT_REQUEST,
    EXT_TRUST_LIST,
    detect_kind,
    fits_qr,
    make_link,
    make_ref_link,
    qr_code,
    read_message_file,
)
from vault_app.domain.files import PUBLIC_MODE, atomic_write

EXIT_OK = 0
EXIT_IO = 1
EXIT_USAGE = 2
EXIT_INVALID = 10
EXIT_EXPIRED = 11
EXIT_REVOKED = 12
EXIT_STATUS_UNAVAILABLE = 13
EXIT_SUPERSEDED = 14
EXIT_ERASED = 15

#: what a grant opened without a known subject proves, and what not (printed by ``open``)
FIRST_CONTACT_NOTE = (
    "First contact: the grant proves that whoever holds the subject key above answered your request (it is "
    "signed with that key, encrypted to you and bound to your request by its hash). It does not prove who that "
    "person is, nor that the values are true. Keep the subject DID: later messages must come from it."
)
KNOWN_SUBJECT_NOTE = "Known subject: the grant is signed by the subject DID you named."
CONDITION_WORDS = {
    "reanonymise-before-reuse": "The data must be anonymised again before it is used again; it is revoked with "
    "the grants it was derived from.",
}
EXIT_GATEWAY = 16

DAY = 86400


class _StatusListProblem(VaultError):
    """The grant is fine but the status list given to check it is not usable."""


class _GatewayProblem(VaultError):
    """The gateway could not be reached or refused what we sent."""


def _exit_code(exc: VaultError) -> int:
    if isinstance(exc, _StatusListProblem):
        return EXIT_STATUS_UNAVAILABLE
    if isinstance(exc, _GatewayProblem):
        return EXIT_GATEWAY
    if isinstance(exc, ProtocolError):
        if exc.reason == Reason.EXPIRED:
            return EXIT_EXPIRED
        if exc.reason == Reason.REVOKED:
            return EXIT_REVOKED
        if exc.reason == Reason.SUPERSEDED:
            return EXIT_SUPERSEDED
        if exc.reason == Reason.ERASED:
            return EXIT_ERASED
        return EXIT_INVALID
    if isinstance(exc, ValidationError) or exc.exit_code == 2:
        return EXIT_USAGE
    return EXIT_IO


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("use epoch seconds or an ISO 8601 time such as 2026-12-01T12:00:00Z") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


# --- spec reading -----------------------------------------------------------------------------------------------


class Spec:
    """A JSON spec file, read with plain-words errors naming the member at fault."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise VaultError(f"Cannot read the spec file {path}: {exc.strerror}.") from None
        if len(data) > 1024 * 1024:
            raise ValidationError(f"The spec file {path} is larger than 1 MiB.")
        try:
            self.data = json.loads(data)
        except ValueError as exc:
            raise ValidationError(f"The spec file {path} is not valid JSON ({exc}).") from None
        if not isinstance(self.data, dict):
            raise ValidationError(f"The spec file {path} must contain a JSON object.")

    def bad(self, what: str) -> ValidationError:
        return ValidationError(f"In {self.path}: {what}")

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ..., src: dict[str, Any] | None = None) -> Any:
        src = self.data if src is None else src
        if name not in src:
            if default is ...:
                raise self.bad(f"'{name}' is missing.")
            return default
        value = src[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.bad(f"'{name}' has the wrong type.")
        return value

    def seconds(self, base: str, default: int | None = None) -> int | None:
        if f"{base}_seconds" in self.data:
            return int(self.get(f"{base}_seconds", int))
        if f"{base}_days" in self.data:
            days = self.get(f"{base}_days", (int, float))
            return int(days * DAY)
        if default is None:
            return None
        return default

    def category(self, value: Any, where: str) -> Category:
        try:
            return Category(value)
        except ValueError:
            raise self.bad(f"{where}: category must be one of {', '.join(c.value for c in Category)}.") from None

    def processing(self) -> tuple[Processing, ...]:
        try:
            return tuple(Processing(p) for p in self.get("processing", list, []))
        except ValueError:
            raise self.bad(f"'processing' items must be among {', '.join(p.value for p in Processing)}.") from None

    def onward(self) -> tuple[OnwardRecipient, ...]:
        out = []
        for r in self.get("onward", list, []):
            if not isinstance(r, dict):
                raise self.bad("'onward' items must be objects with 'did' and 'name'.")
            out.append(OnwardRecipient(self.get("did", str, src=r), self.get("name", str, src=r)))
        return tuple(out)

    def purposes(self) -> tuple[tuple[str, ...], str]:
        purposes = self.get("purposes", list)
        if not all(isinstance(p, str) for p in purposes):
            raise self.bad("'purposes' must be a list of DPV purpose IRIs.")
        return tuple(purposes), self.get("purpose_text", str)


def _write(path: Path, text: str, out: TextIO, what: str, *, mode: int = PUBLIC_MODE) -> None:
    """Organisations' messages hold no personal data and are meant to be handed out (domain/files.py's rule)."""
    atomic_write(path, text + "\n", mode, what=f"write the {what} to {path}")
    out.write(f"Wrote the {what} to {path}\n")


def _read_message(path: str, what: str) -> str:
    try:
        return read_message_file(path)
    except OSError as exc:
        raise VaultError(f"Cannot read the {what} {path}: {exc.strerror}.") from None


def _load_org(args: argparse.Namespace, clock: Clock) -> Organisation:
    try:
        return Organisation.load(args.keys, clock=clock, skew=args.skew)
    except OSError as exc:
        raise VaultError(f"Cannot read the keys in {args.keys}: {exc.strerror}.") from None


def _request_tokens(paths: Sequence[str]) -> list[str]:
    tokens = []
    for p in paths:
        path = Path(p)
        files = sorted(path.glob(f"*{EXT_REQUEST}")) if path.is_dir() else [path]
        for f in files:
            tokens.append(_read_message(str(f), "request"))
    if not tokens:
        raise ValidationError("No request files were found; give the request(s) the answer refers to with --request.")
    return tokens


# --- commands -------------------------------------------------------------------------------------------------


def cmd_keygen(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    try:
        org = Organisation.create(args.dir, args.name, url=args.url, overwrite=args.force, clock=clock)
    except FileExistsError as exc:
        raise ValidationError(f"Keys already exist ({exc}); use --force to replace them (the old keys are lost).") from None
    except OSError as exc:
        raise VaultError(f"Cannot write the keys to {args.dir}: {exc.strerror}.") from None
    out.write(json.dumps(org.profile(), indent=2) + "\n")
    out.write(f"Wrote signing.jwk and encryption.jwk (owner-only) and {PROFILE_FILE} to {args.dir}\n")
    return EXIT_OK


def _publish(token: str, args: argparse.Namespace, *, mailbox: bool) -> dict[str, Any]:
    """POST one of our signed messages to our gateway: a request (served by reference) or a mailbox item."""
    try:
        base = online.gateway_url(args.publish, "--publish")
    except ProtocolError as exc:
        raise ValidationError(exc.message) from None
    try:
        answer = online.http("POST", base + (online.PATH_MAILBOX if mailbox else online.PATH_REQUESTS), body=token,
                             cafile=args.cafile)
    except ProtocolError as exc:
        raise _GatewayProblem(exc.message, reason=exc.reason) from None
    if answer.status != 201:
        raise _GatewayProblem(f"The gateway refused it: {answer.problem_text()}", reason="gateway-refused")
    try:
        doc = json.loads(answer.body)
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        raise _GatewayProblem("The gateway's answer is not what a gateway answers.", reason="gateway-answer")
    return doc


def _emit_request(token: str, args: argparse.Namespace, out: TextIO, what: str, *, mailbox: bool = False) -> int:
    target = Path(args.out)
    _write(target, token, out, what)
    if args.publish and mailbox:
        _publish(token, args, mailbox=True)
        out.write(f"Put the {what} in the subject's mailbox on {args.publish}\n")
        return EXIT_OK
    if args.publish:
        doc = _publish(token, args, mailbox=False)
        url = doc.get("url")
        if not isinstance(url, str):
            raise _GatewayProblem("The gateway did not say where it published the request.", reason="gateway-answer")
        out.write(f"Published the {what} at {url}\n")
        link = make_ref_link(url)
    else:
        try:
            link = make_link(token)
        except ProtocolError:
            out.write("The request is too long for a pdv: link; send the file.\n")
            return EXIT_OK
    out.write(link + "\n")
    if args.qr:
        if not fits_qr(link):
            out.write("The link is too long for a QR code; send the file or the link.\n")
        else:
            qr_code(link).save(args.qr, scale=4)  # type: ignore[attr-defined]
            out.write(f"Wrote the QR code to {args.qr}\n")
    return EXIT_OK


def cmd_request(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    org = _load_org(args, clock)
    spec = Spec(args.spec)
    fields = []
    for i, f in enumerate(spec.get("fields", list)):
        if not isinstance(f, dict):
            raise spec.bad(f"fields[{i}] must be an object with 'name' and 'category'.")
        fields.append(
            RequestedField(spec.get("name", str, src=f), spec.category(f.get("category"), f"fields[{i}]"), spec.get("reason", str, None, src=f))
        )
    purposes, text = spec.purposes()
    retention = spec.seconds("retention")
    if retention is None:
        raise spec.bad("give 'retention_days' or 'retention_seconds'.")
    token = org.make_request(
        fields,
        purposes,
        text,
        retention,
        onward=spec.onward(),
        processing=spec.processing(),
        refines=spec.get("refines", str, None),
        audience=spec.get("audience", str, None),
        lifetime=spec.seconds("valid"),
        gateway=args.gateway or spec.get("gateway", str, None),
    )
    return _emit_request(token, args, out, "request")


def cmd_verification_request(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    org = _load_org(args, clock)
    spec = Spec(args.spec)
    checks = []
    for i, c in enumerate(spec.get("checks", list)):
        if not isinstance(c, dict):
            raise spec.bad(f"checks[{i}] must be an object.")
        name = spec.get("name", str, src=c)
        cat = spec.category(c.get("category"), f"checks[{i}]")
        if "value" in c:
            checks.append(VerificationCheck(name, cat, value=spec.get("value", str, src=c)))
        elif "hash_of" in c:
            # hashed here with a fresh salt, so the request file never holds the value in clear
            casefold = spec.get("casefold", bool, False, src=c)
            checks.append(VerificationCheck(name, cat, hashed=SaltedHash.of(spec.get("hash_of", str, src=c), casefold=casefold)))
        elif "hash" in c:
            h = spec.get("hash", dict, src=c)
            checks.append(
                VerificationCheck(
                    name, cat, hashed=SaltedHash(spec.get("salt", str, src=h), spec.get("digest", str, src=h), spec.get("casefold", bool, False, src=h))
                )
            )
        else:
            raise spec.bad(f"checks[{i}] needs 'value', 'hash_of' or 'hash'.")
    purposes, text = spec.purposes()
    token = org.make_verification_request(
        checks, purposes, text, audience=spec.get("audience", str, None), lifetime=spec.seconds("valid")
    )
    return _emit_request(token, args, out, "verification request")


def _field_json(f: ReleasedField) -> dict[str, Any]:
    d: dict[str, Any] = {"name": f.name, "category": f.category.value, "form": f.form.value, "value": f.value}
    if f.method:
        d["method"] = f.method
    if f.params:
        d["params"] = dict(f.params)
    return d


def _grant_json(grant: Signed[Grant], status: dict[str, Any]) -> dict[str, Any]:
    b = grant.body
    return {
        "valid": True,
        "kind": "grant",
        "grant_id": grant.jti,
        "subject": grant.issuer,
        "request_id": b.request_id,
        "issued_at": _iso(grant.envelope.issued_at),
        "expires_at": _iso(grant.envelope.expires_at),
        "fields": [_field_json(f) for f in b.fields],
        "withheld": list(b.withheld),
        "scope": {
            "purposes": list(b.scope.purposes),
            "purpose_text": b.scope.purpose_text,
            "retention_seconds": b.scope.retention_seconds,
            "onward_recipients": list(b.scope.onward_recipients),
            "processing": [p.value for p in b.scope.derivation],
        },
        "refines": b.refines,
        "conditions": [{"condition": c, "meaning": CONDITION_WORDS.get(c, "")} for c in b.conditions],
        "status": {"idx": b.status.idx, "uri": b.status.uri, **status},
    }


def _response_json(resp: Signed[VerificationResponse]) -> dict[str, Any]:
    return {
        "valid": True,
        "kind": "verification-response",
        "response_id": resp.jti,
        "subject": resp.issuer,
        "request_id": resp.body.request_id,
        "issued_at": _iso(resp.envelope.issued_at),
        "results": {r.name: r.outcome.value for r in resp.body.results},
    }


def _open(org: Organisation, args: argparse.Namespace) -> tuple[Any, Any]:
    jwe = _read_message(args.file, "grant file")
    opened = org.open(jwe, _request_tokens(args.request), expected_subject=args.subject)
    return opened, jwe


def _dump(data: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def cmd_open(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    if args.status_list and args.no_status_check:
        raise ValidationError("Give either --status-list or --no-status-check, not both.")
    org = _load_org(args, clock)
    opened, _ = _open(org, args)
    if isinstance(opened.message.body, VerificationResponse):
        _dump(_response_json(opened.message), out)
        return EXIT_OK
    grant: Signed[Grant] = opened.message
    first_contact = args.subject is None and opened.request.envelope.audience is None
    trust = {"first_contact": first_contact, "note": FIRST_CONTACT_NOTE if first_contact else KNOWN_SUBJECT_NOTE}
    if args.no_status_check:
        note = "Revocation was NOT checked (--no-status-check): do not rely on this grant without a current status list."
        _dump({**_grant_json(grant, {"checked": False, "skipped": True, "note": note}), "trust": trust}, out)
        return EXIT_OK
    if not args.status_list:
        _dump({**_grant_json(grant, {"checked": False, "reason": "no-status-list"}), "trust": trust}, out)
        raise _StatusListProblem(
            "The grant is valid, but its revocation was not checked: give the subject's current status list with "
            "--status-list (or --no-status-check to open it without, at your own risk).",
            reason="no-status-list",
        )
    try:
        check = org.check_status(grant, load_status_list(args.status_list))
    except ProtocolError as exc:
        _dump({**_grant_json(grant, {"checked": False, "reason": exc.reason}), "trust": trust}, out)
        raise _StatusListProblem(f"The grant is valid, but its revocation could not be checked: {exc.message}", reason=exc.reason) from None
    check.require_usable()  # revoked (12), superseded (14), erased (15): nothing printed, the grant is not usable
    status: dict[str, Any] = {
        "checked": True,
        "state": check.status.value,
        "revoked": False,
        "list_issued_at": _iso(check.list_issued_at),
        "list_expires_at": _iso(check.list_usable_until),
    }
    if check.ttl is not None:
        # the list's ttl says when a fresh copy should be fetched; past it the list still counts until it expires
        refresh_at = min(check.list_issued_at + check.ttl, check.list_usable_until)
        status["refresh_after"] = _iso(refresh_at)
        status["refresh_due"] = clock.now() > refresh_at
    _dump({**_grant_json(grant, status), "trust": trust}, out)
    return EXIT_OK


def cmd_receipt(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    org = _load_org(args, clock)
    opened, _ = _open(org, args)
    if not isinstance(opened.message.body, Grant):
        raise ValidationError("A receipt is for a grant; this file holds a verification response.")
    spec = Spec(args.spec)
    entries = []
    for i, e in enumerate(spec.get("entries", list)):
        if not isinstance(e, dict):
            raise spec.bad(f"entries[{i}] must be an object.")
        try:
            action = UsageAction(str(e.get("action")))
        except ValueError:
            raise spec.bad(f"entries[{i}].action must be one of {', '.join(a.value for a in UsageAction)}.") from None
        at = e.get("at", int(clock.now()))
        if isinstance(at, str):
            at = int(_parse_time(at))
        entries.append(
            UsageEntry(action, tuple(spec.get("fields", list, src=e)), int(at), spec.get("purpose_text", str, None, src=e), spec.get("recipient", str, None, src=e))
        )
    token = org.make_receipt(opened.message, entries, lifetime=spec.seconds("valid"))
    _write(Path(args.out), token, out, "receipt")
    if args.publish:
        _publish(token, args, mailbox=True)
        out.write(f"Put the receipt in the subject's mailbox on {args.publish}\n")
    return EXIT_OK


def cmd_derived_request(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    org = _load_org(args, clock)
    spec = Spec(args.spec)
    c = spec.get("conclusion", dict)
    conclusion = DerivedConclusion(
        spec.get("name", str, src=c),
        spec.category(c.get("category"), "conclusion"),
        spec.get("description", str, src=c),
        spec.get("value", (str, int, float, bool), None, src=c),
    )
    sources = []
    for i, s in enumerate(spec.get("sources", list)):
        if not isinstance(s, dict):
            raise spec.bad(f"sources[{i}] must be an object with 'grant' and 'fields'.")
        sources.append(DerivedSource(spec.get("grant", str, src=s), tuple(spec.get("fields", list, src=s))))
    purposes, text = spec.purposes()
    retention = spec.seconds("retention")
    if retention is None:
        raise spec.bad("give 'retention_days' or 'retention_seconds'.")
    token = org.make_derived_request(
        spec.get("subject", str),
        conclusion,
        spec.get("method", str),
        sources,
        purposes,
        text,
        retention,
        onward=spec.onward(),
        processing=spec.processing(),
        lifetime=spec.seconds("valid"),
    )
    return _emit_request(token, args, out, "derived-data request", mailbox=True)


def _own_grants(org: Organisation, paths: Sequence[str] | None) -> list[Signed[Grant]]:
    return [org.read_own_grant(_read_message(p, "grant file")) for p in paths or ()]


def _erasure(org: Organisation, args: argparse.Namespace) -> Signed[ErasureRequest]:
    if not args.grant and not args.subject:
        raise ValidationError("Say whose erasure request this is: give the grant file(s) it names with --grant "
                              "(or the subject's DID with --subject). A request signed by anyone else is refused.")
    grants = _own_grants(org, args.grant)
    return org.parse_erasure_request(_read_message(args.file, "erasure request"), subject=args.subject, grants=grants)


def _erasure_json(erasure: Signed[ErasureRequest]) -> dict[str, Any]:
    return {"kind": "erasure-request", "erasure_id": erasure.jti, "subject": erasure.issuer,
            "issued_at": _iso(erasure.envelope.issued_at), "grants": list(erasure.body.grant_ids),
            "fields": list(erasure.body.fields) or "all", "include_derived": erasure.body.include_derived}


def cmd_read(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    org = _load_org(args, clock)
    token = _read_message(args.file, "message")
    detected = detect_kind(token)
    if detected.sealed:
        raise ProtocolError("This file is encrypted: open grants and verification responses with 'open'.",
                            reason=Reason.WRONG_TYPE)
    kind = detected.kind
    if kind is Kind.REFUSAL:
        if not args.request:
            raise ValidationError("A refusal answers one of your requests: give it with --request.")
        wanted = peek(detected.token)[1].get("req")
        request = next((r for r in _own_requests(org, args.request) if r.jti == wanted), None)
        if request is None:
            raise ProtocolError("None of the given requests is the one this refusal answers.", reason=Reason.REQUEST_MISMATCH)
        refusal = org.parse_refusal(detected.token, request)
        _dump({"valid": True, "kind": "refusal", "refusal_id": refusal.jti, "subject": refusal.issuer,
               "request_id": refusal.body.request_id, "issued_at": _iso(refusal.envelope.issued_at),
               "reason": refusal.body.reason.value}, out)
        return EXIT_OK
    if kind is Kind.REVOCATION:
        grants = _own_grants(org, args.grant)
        subjects = {g.issuer for g in grants} | ({args.subject} if args.subject else set())
        if len(subjects) != 1:
            raise ValidationError("Say whose notice this is: give the grant file with --grant (or the subject's DID "
                                  "with --subject, matching the grant).")
        notice = org.parse_revocation_notice(detected.token, subject=subjects.pop())
        if grants and notice.body.grant_id not in {g.jti for g in grants}:
            raise ProtocolError("The notice revokes another grant than the one given.", reason=Reason.REQUEST_MISMATCH)
        data: dict[str, Any] = {"valid": True, "kind": "revocation-notice", "notice_id": notice.jti,
                                "subject": notice.issuer, "grant_id": notice.body.grant_id,
                                "revoked_at": _iso(notice.body.revoked_at)}
        if notice.body.status is not None:
            data["status"] = {"idx": notice.body.status.idx, "uri": notice.body.status.uri}
        _dump(data, out)
        return EXIT_OK
    if kind is Kind.ERASURE_REQUEST:
        _dump({"valid": True, **_erasure_json(_erasure(org, args))}, out)
        return EXIT_OK
    raise ProtocolError("This file is not a refusal, revocation notice or erasure request.", reason=Reason.WRONG_TYPE)


def _own_requests(org: Organisation, paths: Sequence[str]) -> list[Signed[Any]]:
    out = []
    for token in _request_tokens(paths):
        try:
            parsed = org.read_own_request(token)
        except ProtocolError:
            continue  # not one of ours
        if parsed is not None:
            out.append(parsed)
    return out


def cmd_confirm_erasure(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    org = _load_org(args, clock)
    erasure = _erasure(org, args)
    retained = []
    for item in args.retained or ():
        field_name, sep, reason = item.partition("=")
        if not sep or not reason.strip():
            raise ValidationError("--retained takes FIELD=LEGAL REASON, e.g. iban='Tax law: kept 10 years'.")
        retained.append(RetainedItem(field_name.strip(), reason.strip()))
    outcome = DeletionOutcome(args.outcome) if args.outcome else (DeletionOutcome.PARTIAL if retained else DeletionOutcome.DELETED)
    token = org.confirm_erasure(erasure, outcome, retained=retained)
    _dump({**_erasure_json(erasure), "outcome": outcome.value}, out)
    _write(Path(args.out), token, out, "deletion confirmation")
    if args.publish:
        _publish(token, args, mailbox=True)
        out.write(f"Put the deletion confirmation in the subject's mailbox on {args.publish}\n")
    return EXIT_OK


def cmd_trust_list(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    org = _load_org(args, clock)
    certifier = Certifier(org.keys.signing, org.name, clock=clock)
    spec = Spec(args.spec)
    entries = []
    for i, e in enumerate(spec.get("entries", list)):
        if not isinstance(e, dict):
            raise spec.bad(f"entries[{i}] must be an object.")
        try:
            status = ComplianceStatus(str(e.get("status")))
        except ValueError:
            raise spec.bad(f"entries[{i}].status must be one of {', '.join(s.value for s in ComplianceStatus)}.") from None
        entries.append(TrustEntry(spec.get("did", str, src=e), spec.get("name", str, src=e), status, spec.get("note", str, None, src=e)))
    token = certifier.sign_trust_list(entries, spec.get("seq", int), lifetime=spec.seconds("valid"))
    _write(Path(args.out), token, out, "trust list")
    return EXIT_OK


def _registry_url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    if args.keys:
        return str(Path(args.keys) / "registry.db")
    raise ValidationError("Give --db (a file path or postgresql://...) or --keys (the registry next to the keys).")


def cmd_serve(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    try:
        from vault_app.gateway.run import ServeConfig, serve
        from vault_app.gateway.server import Limits
    except ImportError:
        raise VaultError("The gateway needs aiohttp: pip install 'personal-data-vault[org]'.", reason="missing-dependency") from None
    if not 1 <= args.workers <= 64:
        raise ValidationError("--workers must be between 1 and 64.")
    cfg = ServeConfig(
        keys=Path(args.keys), db=_registry_url(args), host=args.host, port=args.port, public_url=args.public_url,
        tls_cert=Path(args.tls_cert) if args.tls_cert else None, tls_key=Path(args.tls_key) if args.tls_key else None,
        workers=args.workers, limits=Limits(args.rate, args.burst), skew=args.skew, access_log=not args.quiet,
        clock=clock if args.at is not None else None,
    )
    try:
        return serve(cfg, out)
    except OSError as exc:
        raise VaultError(f"Cannot start the gateway on {args.host}:{args.port}: {exc.strerror or exc}.") from None


REGISTRY_COLUMNS = ("grant_id", "kind", "state", "subject", "request_id", "issued_at", "expires_at", "fields",
                    "status_uri", "status_idx", "refines", "superseded_by", "revoked_by", "erasure", "list_issued_at",
                    "received_at")


def cmd_registry(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    try:
        from vault_app.gateway.registry import GrantState, Registry
    except ImportError:
        raise VaultError("The registry is part of the gateway: pip install 'personal-data-vault[org]'.",
                         reason="missing-dependency") from None

    try:
        wanted = {GrantState(x) for x in args.state or ()}
    except ValueError:
        raise ValidationError(f"--state must be among {', '.join(s.value for s in GrantState)}.") from None
    reg = Registry.open(_registry_url(args), clock=clock)
    try:
        statuses = reg.grant_statuses(expiring_within=int(args.expiring_days * DAY))
    finally:
        reg.close()
    rows = [st.to_json() for st in statuses if not wanted or st.state in wanted]
    counts = {s.value: 0 for s in GrantState}
    for st in statuses:
        counts[st.state.value] += 1
    if args.export:
        fmt = args.format or ("csv" if str(args.export).lower().endswith(".csv") else "json")
        if fmt == "csv":
            import csv
            import io

            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(REGISTRY_COLUMNS)
            for r in rows:
                w.writerow([" ".join(r[c]) if isinstance(r[c], list) else ("" if r[c] is None else r[c])
                            for c in REGISTRY_COLUMNS])
            text = buf.getvalue().rstrip("\n")
        else:
            text = json.dumps({"counts": counts, "grants": rows}, indent=2)
        _write(Path(args.export), text, out, f"registry ({len(rows)} grants, {fmt})", mode=0o600)
        return EXIT_OK
    if args.json:
        out.write(json.dumps({"counts": counts, "grants": rows}, indent=2) + "\n")
        return EXIT_OK
    out.write("  ".join(f"{k}: {v}" for k, v in counts.items()) + "\n")
    for r in rows:
        out.write(f"{r['state']:<11} {r['grant_id']}  {r['kind']:<21} expires {_iso(r['expires_at'])}  "
                  f"fields {','.join(r['fields'])}\n")
    return EXIT_OK


# --- parser -----------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pdvault-org",
        description="Personal Data Vault tools for organisations and certifiers: keys, requests, grants, receipts.",
        epilog="Exit codes: 0 ok, 1 file error, 2 usage, 10 invalid message, 11 expired, 12 revoked, "
        "13 revocation not checked (no list, or stale or unreadable), 14 superseded, 15 erased, 16 gateway unreachable or refused.",
    )
    p.add_argument("--version", action="version", version=f"pdvault-org {__version__}")
    p.add_argument("--at", type=_parse_time, metavar="TIME", help="act as of TIME (epoch seconds or ISO 8601), e.g. to audit")
    p.add_argument("--skew", type=int, default=120, metavar="SECONDS", help="clock skew tolerated (default 120)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_keys(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--keys", required=True, metavar="DIR", help="folder written by keygen")

    def with_publish(sp: argparse.ArgumentParser, where: str) -> None:
        sp.add_argument("--publish", metavar="URL", help=f"also put it on our gateway at URL: in its {where}")
        sp.add_argument("--cafile", metavar="FILE", help="trust this CA certificate for the gateway (default: the system's)")

    k = sub.add_parser("keygen", help="create signing and encryption keys and a public profile")
    k.add_argument("--dir", required=True, help="folder for signing.jwk, encryption.jwk (0600) and profile.json")
    k.add_argument("--name", required=True, help="the organisation's display name")
    k.add_argument("--url", help="the organisation's https web site")
    k.add_argument("--force", action="store_true", help="replace existing keys (the old ones are lost)")
    k.set_defaults(func=cmd_keygen)

    for name, func, ext, what in (
        ("request", cmd_request, EXT_REQUEST, "an authorisation request"),
        ("verification-request", cmd_verification_request, EXT_REQUEST, "a verification request"),
        ("derived-request", cmd_derived_request, EXT_REQUEST, "a derived-data request"),
    ):
        r = sub.add_parser(name, help=f"sign {what} from a JSON spec; prints its pdv: link")
        with_keys(r)
        r.add_argument("--spec", required=True, help="JSON spec (see docs/protocol.md)")
        r.add_argument("--out", required=True, help=f"file to write ({ext})")
        r.add_argument("--qr", metavar="FILE", help="also write a QR code of the link (.png or .svg)")
        if name == "request":
            r.add_argument("--gateway", metavar="URL",
                           help="your gateway's https base URL: the subject publishes its status list at URL/status/ID")
        with_publish(r, "mailbox (for the subject to fetch)" if name == "derived-request"
                     else "gateway; the link then carries its https address instead of the token")
        r.set_defaults(func=func)

    o = sub.add_parser("open", help="decrypt and verify a grant or verification response; prints it as JSON")
    with_keys(o)
    o.add_argument("file", help="the .pdvgrant file")
    o.add_argument("--request", action="append", required=True, metavar="FILE|DIR", help="the request(s) it may answer")
    o.add_argument("--status-list", metavar="FILE|URL", help="the subject's current status list, to check revocation")
    o.add_argument("--no-status-check", action="store_true",
                   help="open without checking revocation (otherwise a missing status list exits 13)")
    o.add_argument("--subject", metavar="DID", help="the subject's DID, if already known (re-authorisation)")
    o.set_defaults(func=cmd_open)

    rc = sub.add_parser("receipt", help="sign a usage receipt for a grant")
    with_keys(rc)
    rc.add_argument("file", help="the .pdvgrant file")
    rc.add_argument("--request", action="append", required=True, metavar="FILE|DIR")
    rc.add_argument("--subject", metavar="DID")
    rc.add_argument("--spec", required=True, help="JSON: {\"entries\": [{\"action\", \"fields\", \"at\"?, ...}]}")
    rc.add_argument("--out", required=True, help=f"file to write ({EXT_RECEIPT})")
    with_publish(rc, "mailbox (for the subject to fetch)")
    rc.set_defaults(func=cmd_receipt)

    ce = sub.add_parser("confirm-erasure", help="verify an erasure request and sign the deletion confirmation")
    with_keys(ce)
    ce.add_argument("file", help=f"the erasure request ({EXT_MESSAGE})")
    ce.add_argument("--grant", action="append", metavar="FILE", help="a grant file the request names (repeat for each)")
    ce.add_argument("--subject", metavar="DID", help="the subject's pairwise DID (needed when no --grant is given)")
    ce.add_argument("--outcome", choices=[o.value for o in DeletionOutcome])
    ce.add_argument("--retained", action="append", metavar="FIELD=REASON", help="an item kept, with its legal ground")
    ce.add_argument("--out", required=True, help=f"file to write ({EXT_RECEIPT})")
    with_publish(ce, "mailbox (for the subject to fetch)")
    ce.set_defaults(func=cmd_confirm_erasure)

    rd = sub.add_parser("read", help="verify and print a refusal, revocation notice or erasure request (.pdvmsg)")
    with_keys(rd)
    rd.add_argument("file", help=f"the message ({EXT_MESSAGE})")
    rd.add_argument("--request", action="append", metavar="FILE|DIR", help="your request(s) (for a refusal)")
    rd.add_argument("--grant", action="append", metavar="FILE", help="the grant file(s) concerned (for a notice or erasure)")
    rd.add_argument("--subject", metavar="DID", help="the subject's pairwise DID, if no grant file is given")
    rd.set_defaults(func=cmd_read)

    sv = sub.add_parser("serve", help="run the organisation's gateway (HTTP service and grant registry)")
    with_keys(sv)
    sv.add_argument("--db", metavar="URL", help="registry: a file path (SQLite, default KEYS/registry.db) or postgresql://...")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8443, help="port (default 8443)")
    sv.add_argument("--public-url", metavar="URL", help="the https address vaults use (behind a reverse proxy)")
    sv.add_argument("--tls-cert", metavar="FILE", help="TLS certificate chain (PEM)")
    sv.add_argument("--tls-key", metavar="FILE", help="TLS private key (PEM)")
    sv.add_argument("--workers", type=int, default=1, help="worker processes sharing the port (default 1)")
    sv.add_argument("--rate", type=float, default=50.0, help="requests per second per client (0: no limit)")
    sv.add_argument("--burst", type=int, default=100, help="requests a client may send at once (default 100)")
    sv.add_argument("--quiet", action="store_true", help="no access log")
    sv.set_defaults(func=cmd_serve)

    rg = sub.add_parser("registry", help="show the grants the gateway holds, by state, or export them")
    rg.add_argument("--keys", metavar="DIR", help="the keys folder (the registry is KEYS/registry.db)")
    rg.add_argument("--db", metavar="URL", help="the registry: a file path or postgresql://...")
    rg.add_argument("--state", action="append", metavar="STATE",
                    help="only grants in STATE: valid, expiring, list-stale, expired, superseded, revoked, erased")
    rg.add_argument("--expiring-days", type=float, default=7.0, help="'expiring' means within this many days (default 7)")
    rg.add_argument("--json", action="store_true", help="print JSON")
    rg.add_argument("--export", metavar="FILE", help="write the grants to FILE (.json or .csv)")
    rg.add_argument("--format", choices=["json", "csv"], help="export format (default: from the file name)")
    rg.set_defaults(func=cmd_registry)

    t = sub.add_parser("trust-list", help="(certifiers) sign a list of organisations and their compliance status")
    with_keys(t)
    t.add_argument("--spec", required=True, help="JSON: {\"seq\": N, \"entries\": [{\"did\", \"name\", \"status\"}]}")
    t.add_argument("--out", required=True, help=f"file to write ({EXT_TRUST_LIST})")
    t.set_defaults(func=cmd_trust_list)
    org_gate.add_commands(sub)
    return p


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on errors and 0 on --help/--version
        return int(exc.code or 0)
    clock: Clock = FixedClock(args.at) if args.at is not None else SystemClock()
    try:
        return int(args.func(args, clock, out))
    except VaultError as exc:
        reason = f" [{exc.reason}]" if isinstance(exc, ProtocolError | _StatusListProblem | _GatewayProblem) else ""
        err.write(f"pdvault-org: {exc.message}{reason}\n")
        return _exit_code(exc)
    except KeyboardInterrupt:
        err.write("pdvault-org: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
