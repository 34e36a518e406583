"""``pdvault-cli`` consent commands: requests, grants, organisations, rules, receipts, derived data,
verification, erasure and evidence. A thin layer over :class:`vault_app.services.consent.ConsentServices`
(``svc.consent``); :func:`register` adds them to the subject CLI's parser.

Every command takes ``--json``; exit codes come from the error taxonomy (see :mod:`vault_app.cli.subject`):
2 usage, 3 wrong password, 4 not found, 7 conflict (already decided / revoked), 8 refused by policy, 9
invalid message. Commands that take several files go on after a bad one and exit with the worst code.

``request approve --preview`` prints exactly what would be sent and signs and writes no file. Random noise
(``number.noise``) is drawn once per organisation, field, method and parameters and kept in the vault (the
first preview draws it), so the value a preview shows is the value every grant to that organisation sends.

Files written for organisations (grants, refusals, notices, status lists) follow the one permission rule of
:mod:`vault_app.domain.files`: owner-only, like every file the subject hands out.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_app.cli.common import table
from vault_app.domain.clock import iso
from vault_app.domain.consent import (
    OPEN_REQUEST_STATES,
    DerivedState,
    Duration,
    GrantState,
    RequestContent,
    RequestKind,
    RequestState,
    scope_to_json,
)
from vault_app.domain.dpv import dpv_term
from vault_app.domain.errors import (
    ConflictError,
    EnvironmentFault,
    NotFoundError,
    PolicyDenied,
    UsageError,
    VaultError,
)
from vault_app.domain.files import PRIVATE_MODE, atomic_write
from vault_app.domain.model import Category, ComplianceStatus, FieldDecision, Processing, ReleaseMode, Scope
from vault_app.domain.shown import org_text
from vault_app.services.api import (
    MessageKind,
    Outcome,
    ReleasePlan,
    Rule,
    RuleAction,
    SubjectDecisions,
    check_did,
    get_transform,
    message_id,
)
from vault_app.services.inbox import ImportItem
from vault_app.services.views import GrantView, RequestView, Review

if TYPE_CHECKING:  # the subject CLI imports this module; importing it back at run time would be a cycle
    from vault_app.cli.subject import Ctx
    from vault_app.services.consent import ConsentServices

Handler = Callable[["Ctx"], int]

_REQUEST_KINDS = tuple(k.value for k in RequestKind)
_CONDITION_WORDS = {"reanonymise-before-reuse": "the conclusion must be anonymised again before any reuse."}
_RANDOMISED_NOTE = "random noise, drawn once for this organisation and kept: this exact value is sent"


# -- small helpers -------------------------------------------------------------------------------------------
def _consent(ctx: Ctx) -> ConsentServices:
    return ctx.unlocked().consent


def _words(value: str) -> str:
    return value.replace("_", " ").replace("-", " ")


def _when(ts: float | None) -> str:
    return iso(ts) if ts else "-"


def _check_folder(path: Path) -> None:
    """Refuse an output path that cannot be written *before* anything is signed or changed in the vault (a
    grant issued but not saved can be saved again with ``grant file``, but that is a needless detour)."""
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(
            f"The folder {folder} does not exist, so {path.name} cannot be written there.", reason="no-folder"
        )
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name.", reason="no-folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise EnvironmentFault(
            f"Permission denied: {path.name} cannot be written in {folder}.", reason="permission-denied"
        )


def _did_arg(did: str) -> str:
    """A DID given on the command line: a usage error (not an invalid message) when it is not a did:key."""
    try:
        check_did(did)
    except VaultError:
        raise UsageError(
            f"{did!r} is not an organisation identity (an Ed25519 did:key, did:key:z6Mk...).",
            reason="invalid-did",
        ) from None
    return did


def _open_request(consent: ConsentServices, request_id: str) -> RequestView:
    """The request, refusing one the compliance gate or the subject's rules refused automatically: that is
    a refusal by policy (exit 8), which no later decision can undo."""
    view = consent.inbox.get_request(request_id)
    if view.state is RequestState.AUTO_REFUSED:
        raise PolicyDenied(
            f"This request was refused automatically ({view.reason or 'by your rules'}); "
            "nothing can be released for it. The organisation must send a new request.",
            reason="auto-refused",
        )
    return view


def _write_public(path: Path, text: str, what: str) -> Path:
    """A message for an organisation, written as every file the subject hands out (domain/files.py's rule)."""
    return atomic_write(path, (text.rstrip("\n") + "\n").encode("ascii"), PRIVATE_MODE, what=what)


def _out_path(given: str | None, default_name: str) -> Path:
    p = Path(given) if given else Path.cwd() / default_name
    _check_folder(p)
    return p


def _scope_text(scope: Scope, names: dict[str, str] | None = None) -> list[str]:
    """The scope in plain lines; ``names`` gives recipients' names where the request named them."""
    names = names or {}
    lines = [f"Purpose: {org_text(scope.purpose_text)}"]
    for iri in scope.purposes:
        term = dpv_term(iri)
        lines.append(f"  DPV purpose {term} ({iri})" if term else f"  Non-standard purpose: {org_text(iri)}")
    lines.append(f"Kept for: {Duration.of(scope.retention_seconds).words()}")
    onward = [d + (f" ({names[d]})" if names.get(d) else "") for d in scope.onward_recipients]
    lines.append("Passed on to: " + (", ".join(onward) if onward else "nobody"))
    procs = [p.value for p in scope.derivation]
    lines.append("Processing beyond plain use: " + (", ".join(procs) if procs else "none"))
    return lines


def _content_scope_text(c: RequestContent) -> list[str]:
    return _scope_text(c.scope, {r.did: r.name for r in c.onward})


# -- importing messages --------------------------------------------------------------------------------------
def _run_imports(ctx: Ctx, *, expect: frozenset[MessageKind] | None = None) -> int:
    files: list[str] = list(ctx.args.files or [])
    links: list[str] = list(getattr(ctx.args, "link", None) or [])
    if not files and not links:
        raise UsageError("Name at least one file, '-' for standard input, or --link.")
    items: list[ImportItem] = []
    for f in files:
        if f == "-":
            items.append(ImportItem("stdin", text=sys.stdin.read(), expect=expect))
        else:
            items.append(ImportItem(f, path=f, expect=expect))
    for i, link in enumerate(links, 1):
        items.append(ImportItem(f"link {i}" if len(links) > 1 else "link", text=link, expect=expect))
    batch = _consent(ctx).inbox.import_many(items)
    results: list[dict[str, Any]] = []
    worst = 0
    for o in batch.outcomes:
        if o.error is not None:  # go on with the next message; the exit code is the worst seen
            worst = max(worst, o.error.exit_code)
            results.append(
                {"source": o.item, "ok": False, "error": o.error.reason, "message": o.error.message}
            )
            ctx.out.err.write(f"error: {o.item}: rejected ({o.error.reason}): {o.error.message}\n")
        elif o.result is not None:
            results.append({"source": o.item, "ok": True, **o.result.to_json()})

    def text_out() -> str:  # what was filed; what was rejected went to stderr above
        lines = []
        for r in results:
            if r["ok"]:
                lines.append(f"{r['source']}: {r['message']}" + (f" (id {r['id']})" if r.get("id") else ""))
                lines += [f"  violation: {v}" for v in r["violations"]]
        return "\n".join(lines)

    ctx.out.emit({"ok": worst == 0, "results": results}, text_out)
    return worst


def cmd_request_import(ctx: Ctx) -> int:
    return _run_imports(ctx)


def cmd_receipt_import(ctx: Ctx) -> int:
    return _run_imports(ctx, expect=frozenset({MessageKind.RECEIPT}))


def cmd_erasure_import(ctx: Ctx) -> int:
    return _run_imports(ctx, expect=frozenset({MessageKind.DELETION_CONFIRMATION}))


def cmd_org_import_trust_list(ctx: Ctx) -> int:
    return _run_imports(ctx, expect=frozenset({MessageKind.TRUST_LIST}))


# -- requests ------------------------------------------------------------------------------------------------
def _state_filter(state: str) -> list[RequestState] | None:
    if state == "all":
        return None
    if state in ("pending", "open"):
        return list(OPEN_REQUEST_STATES)
    return [RequestState(state)]


def _ids_only(ctx: Ctx, ids: Sequence[str]) -> bool:
    """``--quiet``: only the IDs, one a line (newest first), for ``ID=$(... --quiet | head -n 1)``."""
    if not getattr(ctx.args, "quiet", False) or getattr(ctx.args, "json", False):
        return False
    ctx.out.emit(list(ids), "\n".join(ids))
    return True


def cmd_request_list(ctx: Ctx) -> int:
    reqs = _consent(ctx).inbox.list_requests(
        _state_filter(ctx.args.state), kind=ctx.args.kind, limit=ctx.args.limit
    )
    if _ids_only(ctx, [r.id for r in reqs]):
        return 0
    ctx.out.emit(
        [r.to_json() for r in reqs],
        lambda: table(
            [
                [
                    r.id,
                    r.kind.value,
                    org_text(r.org_name),
                    _words(r.state.value),
                    iso(r.received),
                    org_text(r.content.purpose_text),
                ]
                for r in reqs
            ],
            ["ID", "KIND", "ORGANISATION", "STATE", "RECEIVED", "PURPOSE"],
        ),
    )
    return 0


def _review_text(rv: Review, consent: Any) -> str:
    d = rv.to_json()
    req, org = rv.request, rv.org
    c = req.content
    lines = [
        f"{req.kind.value.capitalize()} request {req.id} from {org_text(org.name)}",
        f"State: {_words(req.state.value)}" + (f" ({req.reason})" if req.reason else ""),
        f"Received: {iso(req.received)}   Expires: {iso(req.expires)}",
        f"Organisation: {org_text(org.name)} ({org.did}), fingerprint {org.fingerprint}",
        f"Compliance: {org.status_text}" + (" [BLOCKED by you]" if org.blocked else ""),
        f"Before release: {rv.gate_message}",
    ]
    if org.contact:
        lines.append(f"Contact: {org_text(org.contact)}")
    if req.kind is RequestKind.VERIFICATION:
        lines.append(f"Purpose: {org_text(c.purpose_text)}")
        lines.append("The organisation asks whether what it holds about you is correct:")
        held = {f.name: f.held for f in rv.fields}
        probes = consent.decisions.probe_counts([ch.name for ch in c.checks], exclude=req.id)
        # open: what the vault declines now; answered: what the answer declined then (kept in the history)
        limits = consent.decisions.verification_limits(req.id)
        for ch in c.checks:
            n = probes.get(ch.name, 0)
            lines.append(
                f"  {ch.name} ({ch.category.value}), sent as {'hashed' if ch.hashed else 'value'}"
                + ("" if held.get(ch.name) else " - you hold no such field")
                + (f" - already asked about {n} time(s) in the last 90 days" if n else "")
            )
            if ch.name in limits:
                lines.append(f"    {limits[ch.name]}")
    else:
        if req.kind is RequestKind.DERIVED and c.conclusion is not None:
            lines.append(
                f"Conclusion: {c.conclusion.name} ({c.conclusion.category.value}): "
                f"{org_text(c.conclusion.description)}"
            )
            lines.append(f"Method: {org_text(c.method)}")
            lines.append(
                "Derived from: " + "; ".join(f"grant {x.grant} ({', '.join(x.fields)})" for x in c.sources)
            )
        lines += _content_scope_text(c)
        if req.kind is RequestKind.AUTHORISATION:
            lines.append("Fields asked for:")
            for f in rv.fields:
                have = f"you hold it ({f.type})" if f.held else "you do not hold it"
                why = f" - reason given: {org_text(f.reason)}" if f.reason else ""
                lines.append(f"  {f.name} ({f.category.value}): {have}{why}")
    if rv.findings:
        lines.append("Your rules:")
        lines += [f"  [{f.action.value.upper()}] {f.message}" for f in rv.findings]
    if "diff" in d:
        diff = d["diff"]
        lines.append(
            f"This request would change grant {req.refines}"
            + (
                " and WIDENS it: nothing wider is released until you approve."
                if diff["widens"]
                else " without widening it."
            )
        )
        for item in diff["items"]:
            if item["change"] == "unchanged":
                continue
            mark = "  >> WIDER: " if item["widens"] else "     "
            lines.append(mark + item["message"])
    return "\n".join(lines)


def cmd_request_show(ctx: Ctx) -> int:
    consent = _consent(ctx)
    rv = consent.decisions.review(ctx.args.id)
    ctx.out.emit(rv.to_json(), lambda: _review_text(rv, consent))
    return 0


def _parse_field(spec: str) -> FieldDecision:
    """``NAME=exact`` | ``NAME=withhold`` | ``NAME=anon:TRANSFORM[:k=v,k=v]``."""
    name, sep, how = spec.partition("=")
    name, how = name.strip(), how.strip()
    if not sep or not name or not how:
        raise UsageError(f"--field {spec!r}: write NAME=exact, NAME=withhold or NAME=anon:METHOD[:k=v,...].")
    low = how.lower()
    if low == "exact":
        return FieldDecision(name, ReleaseMode.EXACT)
    if low == "withhold":
        return FieldDecision(name, ReleaseMode.WITHHOLD)
    if low.startswith(("anon:", "anonymised:", "anonymized:")):
        rest = how.split(":", 1)[1]
        transform, _, raw = rest.partition(":")
        if not transform.strip():
            raise UsageError(f"--field {name}=anon: needs a method, such as anon:date.year.")
        params: list[tuple[str, str]] = []
        for pair in filter(None, (x.strip() for x in raw.split(","))):
            k, eq, v = pair.partition("=")
            if not eq or not k.strip():
                raise UsageError(f"--field {name}: the setting {pair!r} must be written key=value.")
            params.append((k.strip(), v.strip()))
        return FieldDecision(name, ReleaseMode.ANONYMISED, transform.strip(), tuple(params))
    raise UsageError(f"--field {name}: {how!r} is not exact, withhold or anon:METHOD.")


def _decisions(args: argparse.Namespace, fields: Sequence[FieldDecision]) -> SubjectDecisions:
    if args.retention is not None and args.retention <= 0:
        raise UsageError("--retention must be a positive number of seconds.")
    return SubjectDecisions(
        tuple(fields),
        allow_onward=tuple(args.allow_onward or ()),
        allow_derivation=tuple(Processing(p) for p in (args.allow_derivation or ())),
        retention_seconds=args.retention,
        unknown_confirmed=bool(args.confirm_unknown),
    )


def _released_json(plan: ReleasePlan, *, with_values: bool) -> list[dict[str, Any]]:
    out = []
    for f in plan.released:
        randomised = f.method is not None and get_transform(f.method).randomised
        d: dict[str, Any] = {
            "name": f.name,
            "category": f.category.value,
            "form": f.form.value,
            "method": f.method,
            "params": dict(f.params),
            "randomised": randomised,
        }
        if with_values:
            # noise is drawn once per organisation, field, method and parameters and kept (the first preview
            # draws it): the value shown here is the value a grant sends
            d["value"] = f.value
            if randomised:
                d["value_note"] = _RANDOMISED_NOTE
        out.append(d)
    return out


def _scope_json(plan: ReleasePlan) -> dict[str, Any] | None:
    return scope_to_json(plan.scope) if plan.scope is not None else None


def _plan_text(plan: ReleasePlan, header: str) -> str:
    lines = [header]
    for d in _released_json(plan, with_values=True):
        how = (
            "exactly"
            if d["form"] == "exact"
            else f"anonymised by {d['method']}"
            + (" (" + ", ".join(f"{k}={v}" for k, v in d["params"].items()) + ")" if d["params"] else "")
        )
        value = repr(d["value"]) + (f" ({d['value_note']})" if d.get("value_note") else "")
        lines.append(f"  {d['name']} ({d['category']}), {how}: {value}")
    if plan.withheld:
        lines.append("Withheld (not sent at all): " + ", ".join(plan.withheld))
    if plan.scope is not None:
        lines += _scope_text(plan.scope)
    lines += [f"Note: {n}" for n in plan.notes]
    return "\n".join(lines)


def _refuse_instead(
    ctx: Ctx, consent: ConsentServices, request_id: str, reason: str, plan: ReleasePlan | None, out: Path
) -> int:
    token = consent.decisions.refuse(request_id, reason=reason)
    _write_public(out, token, "write the refusal")
    data = {
        "ok": True,
        "outcome": Outcome.REFUSED.value,
        "request": request_id,
        "file": str(out),
        "withheld": list(plan.withheld) if plan else [],
        "notes": list(plan.notes) if plan else [],
    }
    ctx.out.emit(data, f"Nothing was released, so the request was refused.\nSigned refusal written to {out}")
    return 0


def _approve(
    ctx: Ctx, request_id: str, decisions: SubjectDecisions, *, preview_only: bool, out_arg: str | None
) -> int:
    consent = _consent(ctx)
    _open_request(consent, request_id)
    try:
        plan = consent.decisions.preview(request_id, decisions)
    except PolicyDenied as exc:
        if exc.reason == "confirmation-needed":
            raise PolicyDenied(
                exc.message + " Add --confirm-unknown to release to it anyway.", reason=exc.reason
            ) from None
        if exc.reason == "not-requested":  # a name on the command line the request does not have: a usage
            raise UsageError(  # mistake (exit 2), not a refusal by policy
                exc.message + f" See `pdvault-cli request show {request_id}` for what it asks.",
                reason=exc.reason,
            ) from None
        raise
    if preview_only:
        budgets: dict[str, dict[str, float]] = {
            f.name: dict(zip(("spent", "limit"), consent.decisions.privacy_budget(f.name), strict=True))
            for f in plan.released
            if f.method is not None and get_transform(f.method).randomised
        }
        data = {
            "ok": True,
            "preview": True,
            "request": request_id,
            "outcome": plan.outcome.value,
            "released": _released_json(plan, with_values=True),
            "privacy_budget": budgets,
            "withheld": list(plan.withheld),
            "scope": _scope_json(plan),
            "notes": list(plan.notes),
        }
        ctx.out.emit(
            data,
            lambda: (
                _plan_text(
                    plan,
                    f"Preview (nothing signed, nothing written): the organisation would receive, "
                    f"outcome {_words(plan.outcome.value)}:",
                )
                + "".join(
                    f"\nPrivacy budget of {name}: {b['spent']:g} of {b['limit']:g} used by noisy values sent"
                    for name, b in budgets.items()
                )
            ),
        )
        return 0
    if plan.outcome is Outcome.REFUSED:
        out = _out_path(out_arg, f"{request_id}.pdvmsg")
        return _refuse_instead(ctx, consent, request_id, "You released no field.", plan, out)
    out = _out_path(out_arg, f"{request_id}.pdvgrant")
    # noise is drawn once (in the plan above) and that draw is signed; deterministic fields are recomputed
    drawn = {f.name: f for f in plan.released if f.method is not None and get_transform(f.method).randomised}
    issued = consent.decisions.approve(request_id, decisions, previews=drawn)
    _write_public(out, issued.jwe, "write the grant")
    onward = []
    for k, og in enumerate(issued.onward_grants, 1):
        p = out.with_name(f"{out.stem}.onward-{k}{out.suffix or '.pdvgrant'}")
        _write_public(p, og.jwe, "write the onward grant")
        onward.append({"grant": og.grant_id, "recipient": og.recipient, "file": str(p)})
    data = {
        "ok": True,
        "outcome": issued.outcome,
        "request": request_id,
        "grant": issued.grant_id,
        "org": issued.org,
        "file": str(out),
        "released": _released_json(plan, with_values=False),
        "withheld": list(issued.withheld),
        "notes": list(issued.notes),
        "onward": onward,
    }

    def text() -> str:
        lines = [
            f"Grant {issued.grant_id} issued ({_words(issued.outcome)}): "
            + ", ".join(issued.released)
            + " released"
            + (f"; withheld: {', '.join(issued.withheld)}" if issued.withheld else "")
            + ".",
            f"Sealed grant written to {out} (only the organisation can open it).",
        ]
        lines += [f"Onward grant {o['grant']} for {o['recipient']} written to {o['file']}" for o in onward]
        lines += [f"Note: {n}" for n in issued.notes]
        return "\n".join(lines)

    ctx.out.emit(data, text)
    _send(ctx, issued.org, issued.jwe, request_id)
    return 0


def _send(ctx: Ctx, org: str, token: str, request_id: str | None) -> None:
    """``--send``: deliver to the organisation's gateway (the file is written already, so nothing is lost
    if the gateway cannot be reached: the error says so and the file can be handed over)."""
    if not getattr(ctx.args, "send", False):
        return
    from vault_app.services.delivery import DeliveryService

    svc = DeliveryService(ctx.unlocked(), cafile=ctx.args.cafile)
    d = svc.send(org, token, svc.resolve(request_id, ctx.args.gateway, org))
    ctx.out.emit(
        {
            "ok": True,
            "delivered": {
                "org": d.org,
                "gateway": d.gateway,
                "kind": d.kind,
                "message": d.message_id,
                "received_at": d.received_at,
                "already": d.already,
            },
        },
        f"Delivered to {d.gateway} at {iso(d.received_at)} (acknowledged by the organisation"
        + (", which already had it)." if d.already else ")."),
    )


def cmd_request_approve(ctx: Ctx) -> int:
    fields = [_parse_field(s) for s in ctx.args.field or ()]
    return _approve(
        ctx, ctx.args.id, _decisions(ctx.args, fields), preview_only=ctx.args.preview, out_arg=ctx.args.out
    )


def cmd_request_refuse(ctx: Ctx) -> int:
    consent = _consent(ctx)
    consent.inbox.get_request(ctx.args.id)  # "no such request" before anything else
    out = _out_path(ctx.args.out, f"{ctx.args.id}.pdvmsg")
    token = consent.decisions.refuse(ctx.args.id, reason=ctx.args.reason)
    _write_public(out, token, "write the refusal")
    ctx.out.emit(
        {"ok": True, "request": ctx.args.id, "file": str(out)},
        f"Request {ctx.args.id} refused. Signed refusal written to {out}",
    )
    return 0


# -- verification --------------------------------------------------------------------------------------------
def cmd_verification_answer(ctx: Ctx) -> int:
    consent = _consent(ctx)
    rid = ctx.args.id
    declined = list(ctx.args.decline or ())
    _open_request(consent, rid)
    rows = consent.decisions.verification_preview(rid, declined)
    results = [{"name": n, "outcome": o, "message": m} for n, o, m in rows]
    if ctx.args.preview:
        ctx.out.emit(
            {"ok": True, "preview": True, "request": rid, "results": results},
            lambda: "\n".join(
                ["Preview (nothing signed, nothing written): the answer would say"]
                + [f"  {r['name']}: {r['outcome']} - {r['message']}" for r in results]
            ),
        )
        return 0
    out = _out_path(ctx.args.out, f"{rid}.pdvgrant")
    try:
        issued = consent.decisions.answer_verification(
            rid, declined=declined, unknown_confirmed=bool(ctx.args.confirm_unknown)
        )
    except PolicyDenied as exc:
        if exc.reason == "confirmation-needed":
            raise PolicyDenied(
                exc.message + " Add --confirm-unknown to answer it anyway.", reason=exc.reason
            ) from None
        raise
    _write_public(out, issued.jwe, "write the verification response")
    ctx.out.emit(
        {"ok": True, "request": rid, "response": issued.grant_id, "file": str(out), "results": results},
        lambda: "\n".join(
            [f"Answered verification request {rid}:"]
            + [f"  {r['name']}: {r['outcome']}" for r in results]
            + [f"Sealed answer written to {out} (it holds no value of yours)."]
        ),
    )
    return 0


# -- grants --------------------------------------------------------------------------------------------------
def _grant_text(g: GrantView, conditions: Sequence[str], content: dict[str, Any] | None) -> str:
    lines = [
        f"Grant {g.id} ({g.kind.value}) to {org_text(g.org_name)} ({g.org})",
        f"State: {_words(g.state.value)}   Issued: {iso(g.issued)}   Expires: {iso(g.expires)}",
    ]
    if g.revoked:
        lines.append(f"Revoked: {iso(g.revoked)}")
    if g.request_id:
        lines.append(f"Answers request: {g.request_id}")
    if g.parent:
        lines.append(f"Passed on under grant: {g.parent}")
    if g.superseded_by:
        lines.append(f"Replaced by grant: {g.superseded_by}")
    lines += _scope_text(g.scope)
    values = {f.get("name"): f.get("value") for f in (content or {}).get("fields", []) if isinstance(f, dict)}
    lines.append("Fields released:")
    for f in g.fields:
        how = "exactly" if f.form == "exact" else f"anonymised by {f.method}"
        val = f": {values.get(f.name)!r}" if content is not None else ""
        lines.append(f"  {f.name} ({f.category}), {how}{val}")
    for c in conditions:
        lines.append("Condition: " + _CONDITION_WORDS.get(c, c))
    return "\n".join(lines)


def cmd_grant_list(ctx: Ctx) -> int:
    states = None if ctx.args.state == "all" else [GrantState(ctx.args.state)]
    grants = _consent(ctx).grants.list(states, org=_org_did(ctx, ctx.args.org) if ctx.args.org else None)
    if _ids_only(ctx, [g.id for g in grants]):
        return 0
    ctx.out.emit(
        [g.to_json() for g in grants],
        lambda: table(
            [
                [
                    g.id,
                    g.kind.value,
                    org_text(g.org_name),
                    _words(g.state.value),
                    iso(g.expires),
                    ", ".join(g.field_names),
                ]
                for g in grants
            ],
            ["ID", "KIND", "ORGANISATION", "STATE", "EXPIRES", "FIELDS"],
        ),
    )
    return 0


def cmd_grant_show(ctx: Ctx) -> int:
    consent = _consent(ctx)
    g = consent.grants.get(ctx.args.id)
    claims = consent.grants.content(g.id)  # holds the released values: shown only with --reveal
    data = g.to_json()
    data["conditions"] = list(claims.get("conditions", []))
    if ctx.args.reveal:
        data["content"] = claims
    ctx.out.emit(data, lambda: _grant_text(g, data["conditions"], claims if ctx.args.reveal else None))
    return 0


def _confirm(ctx: Ctx, question: str) -> None:
    if ctx.args.yes:
        return
    if not sys.stdin.isatty():
        raise UsageError("Add --yes to do this without being asked.", reason="confirmation-needed")
    sys.stderr.write(question + " [y/N] ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().lower() not in ("y", "yes"):
        from vault_app.domain.errors import Cancelled

        raise Cancelled("Nothing was changed.")


def cmd_grant_revoke(ctx: Ctx) -> int:
    consent = _consent(ctx)
    g = consent.grants.get(ctx.args.id)
    out = _out_path(ctx.args.out, f"{g.id}.revocation.pdvmsg")
    send = bool(getattr(ctx.args, "send", False))
    if g.state is GrantState.REVOKED:
        if not send:
            raise ConflictError("This grant is already revoked.", reason="already-revoked")
        # a delivery that failed before: the same command sends the notice (signed again) and the list
        notice = consent.grants.revocation_notice(g.id)
        _write_public(out, notice, "write the revocation notice")
        ctx.out.emit(
            {"ok": True, "grant": g.id, "already_revoked": True, "file": str(out)},
            f"Grant {g.id} was already revoked; its revocation notice is written to {out} and sent again.",
        )
    else:
        _confirm(
            ctx, f"Revoke grant {g.id} to {g.org_name} (and everything derived from or passed on under it)?"
        )
        notice, revoked = consent.grants.revoke(g.id, reason=ctx.args.reason)
        _write_public(out, notice, "write the revocation notice")
        cascade = [x for x in revoked if x != g.id]
        # said before any delivery: if the gateway cannot be reached, the person still knows the grant is
        # revoked and where the notice is
        ctx.out.emit(
            {"ok": True, "grant": g.id, "revoked": revoked, "cascade": cascade, "file": str(out)},
            lambda: "\n".join(
                [f"Grant {g.id} revoked."]
                + [f"  also revoked (derived from it or passed on under it): {x}" for x in cascade]
                + [f"Signed revocation notice written to {out}"]
                + (
                    []
                    if send
                    else ["Export the status list (`status-list export`) for the organisation's checks."]
                )
            ),
        )
    if send:
        # the notice, then the renewed status list: the organisation's registry sees the revocation both ways
        _send(ctx, g.org, notice, g.request_id)
        _send(ctx, g.org, consent.grants.status_list_token(g.org), g.request_id)
    return 0


def cmd_grant_at_risk(ctx: Ctx) -> int:
    held = _consent(ctx).grants.at_risk()
    ctx.out.emit(
        [h.to_json() for h in held],
        lambda: "\n".join(
            [
                f"{h.name} ({h.org}) is {h.status.value}: {len(h.grant_ids)} active grant(s): "
                + ", ".join(h.grant_ids)
                for h in held
            ]
            + (
                ["Revoke them all with `grant revoke-all --org DID`."]
                if held
                else ["No suspended or non-compliant organisation holds an active grant."]
            )
        ),
    )
    return 0


def cmd_grant_revoke_all(ctx: Ctx) -> int:
    consent = _consent(ctx)
    o = consent.orgs.get(ctx.args.org)
    active = consent.grants.list([GrantState.ACTIVE], org=o.did)
    if not active:
        raise ConflictError(f"{o.name} holds no active grant.", reason="nothing-to-revoke")
    folder = Path(ctx.args.out_dir) if ctx.args.out_dir else Path.cwd()
    _check_folder(folder / "x")
    _confirm(ctx, f"Revoke all {len(active)} active grant(s) held by {o.name}?")
    done = consent.grants.revoke_all_held_by(o.did, reason=ctx.args.reason)
    files = []
    for notice, revoked in done:
        path = folder / f"{revoked[0]}.revocation.pdvmsg"
        _write_public(path, notice, "write the revocation notice")
        files.append(str(path))
    ids = [x for _, revoked in done for x in revoked]
    ctx.out.emit(
        {"ok": True, "org": o.did, "revoked": ids, "files": files},
        lambda: "\n".join(
            [f"Revoked {len(ids)} grant(s) held by {o.name}: {', '.join(ids)}"]
            + [f"Signed revocation notice written to {f}" for f in files]
        ),
    )
    return 0


def cmd_status_list_base(ctx: Ctx) -> int:
    consent = _consent(ctx)
    if ctx.args.clear:
        consent.grants.set_status_publication_base(None)
    elif ctx.args.url:
        consent.grants.set_status_publication_base(ctx.args.url)
    base = consent.grants.status_publication_base()
    ctx.out.emit(
        {"ok": True, "base": base},
        f"Status lists of new relationships are published at {base}/<list id>."
        if base
        else "Status lists are handed over as files (urn:pdv:status:<list id>), unless a request names the "
        "organisation's gateway.",
    )
    return 0


def cmd_grant_file(ctx: Ctx) -> int:
    consent = _consent(ctx)
    jwe = consent.grants.sealed(ctx.args.id)
    out = _out_path(ctx.args.out, f"{ctx.args.id}.pdvgrant")
    _write_public(out, jwe, "write the grant")
    ctx.out.emit({"ok": True, "grant": ctx.args.id, "file": str(out)}, f"Sealed grant written to {out}")
    return 0


def cmd_status_list_push(ctx: Ctx) -> int:
    """Deliver status lists to organisations' gateways: one organisation's (--org, and --gateway unless its
    gateway is known), or with --due every list that lives on its organisation's gateway (renewed first when
    due)."""
    consent = _consent(ctx)
    if not ctx.args.due:
        if not ctx.args.org:
            raise UsageError("Give --org (and --gateway), or --due for every list that lives on a gateway.")
        consent.orgs.get(ctx.args.org)
        ctx.args.send = True
        _send(ctx, ctx.args.org, consent.grants.status_list_token(ctx.args.org), None)
        return 0
    from vault_app.services.delivery import Delivery, DeliveryService

    results = DeliveryService(ctx.unlocked(), cafile=ctx.args.cafile).push_status_lists()
    pushed = [
        {"org": org, "gateway": gw, "received_at": r.received_at, "already": r.already}
        for org, gw, r in results
        if isinstance(r, Delivery)
    ]
    failed = [
        {"org": org, "gateway": gw, "error": r.message}
        for org, gw, r in results
        if not isinstance(r, Delivery)
    ]
    ctx.out.emit(
        {"ok": not failed, "pushed": pushed, "failed": failed},
        lambda: "\n".join(
            [f"{len(pushed)} status list(s) delivered, {len(failed)} could not be."]
            + [
                f"  {p['org']} -> {p['gateway']}" + (" (already there)" if p["already"] else "")
                for p in pushed
            ]
            + [f"  {f['org']} -> {f['gateway']}: {f['error']}" for f in failed]
        ),
    )
    return 6 if failed else 0


def cmd_status_list_export(ctx: Ctx) -> int:
    consent = _consent(ctx)
    p = Path(ctx.args.file)
    _check_folder(p)
    did = _org_did(ctx, ctx.args.org)
    org = consent.orgs.get(did)
    path = consent.grants.export_status_list(did, p)
    ctx.out.emit(
        {"ok": True, "org": did, "file": str(path)},
        f"Signed status list for {org.name} written to {path}",
    )
    return 0


# -- organisations -------------------------------------------------------------------------------------------
def _org_did(ctx: Ctx, given: str) -> str:
    """A DID as given, or the DID of the one organisation with exactly this name (case-insensitive)."""
    if given.startswith("did:"):
        return given
    matches = [o for o in _consent(ctx).orgs.list() if o.name.casefold() == given.strip().casefold()]
    if not matches:
        raise NotFoundError(
            f"There is no organisation named {given!r} in your list.", reason="no-organisation"
        )
    if len(matches) > 1:
        raise UsageError(
            f"{len(matches)} organisations are named {given!r}: give the DID instead "
            "(`pdvault-cli org list`).",
            reason="ambiguous-name",
        )
    return matches[0].did


def _org_line(o: Any) -> list[str]:
    return [o.name, o.did, _words(o.status.value) + (" (blocked)" if o.blocked else ""), o.source or "-"]


def _org_text(o: Any) -> str:
    lines = [
        f"{o.name}",
        f"Identity: {o.did}",
        f"Fingerprint: {o.fingerprint}",
        f"Compliance: {o.status_text}",
        f"Blocked by you: {'yes' if o.blocked else 'no'}",
        f"Contact: {o.contact or '-'}",
        f"Data-protection contact: {o.dpo_contact or '-'}",
        f"Can receive grants: {'yes' if o.has_enc_key else 'no (it has sent you no request yet)'}",
        f"First seen: {_when(o.first_seen)}",
    ]
    if o.claims:
        lines.append("Claims about it:")
        lines += [f"  {c.status.value} - {c.source.describe()}" for c in o.claims]
    return "\n".join(lines)


def cmd_org_list(ctx: Ctx) -> int:
    orgs = _consent(ctx).orgs.list()
    ctx.out.emit(
        [o.to_json() for o in orgs],
        lambda: table([_org_line(o) for o in orgs], ["NAME", "IDENTITY", "STATUS", "SOURCE"]),
    )
    return 0


def cmd_org_show(ctx: Ctx) -> int:
    o = _consent(ctx).orgs.get(ctx.args.did)
    ctx.out.emit(o.to_json(), lambda: _org_text(o))
    return 0


def cmd_org_add(ctx: Ctx) -> int:
    o = _consent(ctx).orgs.add(
        _did_arg(ctx.args.did), ctx.args.name, contact=ctx.args.contact, dpo_contact=ctx.args.dpo_contact
    )
    ctx.out.emit(
        {"ok": True, "org": o.to_json()}, f"Organisation {o.name} ({o.did}) is in your list: {o.status_text}."
    )
    return 0


def cmd_org_set_status(ctx: Ctx) -> int:
    o = _consent(ctx).orgs.set_status(ctx.args.did, ctx.args.status, note=ctx.args.note)
    ctx.out.emit({"ok": True, "org": o.to_json()}, f"{o.name} is now {o.status_text}.")
    return 0


def _block(ctx: Ctx, blocked: bool) -> int:
    o = _consent(ctx).orgs.set_blocked(ctx.args.did, blocked)
    ctx.out.emit(
        {"ok": True, "org": o.to_json()},
        f"{o.name} is {'blocked: nothing will be released to it' if blocked else 'no longer blocked'}.",
    )
    return 0


def cmd_org_block(ctx: Ctx) -> int:
    return _block(ctx, True)


def cmd_org_unblock(ctx: Ctx) -> int:
    return _block(ctx, False)


def cmd_org_trust_certifier(ctx: Ctx) -> int:
    _consent(ctx).orgs.trust_certifier(_did_arg(ctx.args.did), ctx.args.name)
    ctx.out.emit(
        {"ok": True, "certifier": ctx.args.did, "name": ctx.args.name},
        f"You now trust trust lists signed by {ctx.args.name} ({ctx.args.did}).",
    )
    return 0


def cmd_org_untrust_certifier(ctx: Ctx) -> int:
    consent = _consent(ctx)
    if all(c.did != ctx.args.did for c in consent.orgs.certifiers()):
        raise NotFoundError(f"You do not trust a certifier {ctx.args.did}.", reason="no-certifier")
    consent.orgs.untrust_certifier(ctx.args.did)
    ctx.out.emit(
        {"ok": True, "certifier": ctx.args.did},
        f"You no longer trust {ctx.args.did}; its lists no longer count.",
    )
    return 0


def cmd_org_certifiers(ctx: Ctx) -> int:
    certs = _consent(ctx).orgs.certifiers()
    ctx.out.emit(
        [c.to_json() for c in certs],
        lambda: table([[c.name, c.did, iso(c.added)] for c in certs], ["NAME", "IDENTITY", "TRUSTED SINCE"]),
    )
    return 0


# -- receipts and violations ---------------------------------------------------------------------------------
def cmd_receipt_list(ctx: Ctx) -> int:
    rows = _consent(ctx).grants.receipts(ctx.args.grant)
    ctx.out.emit(
        [r.to_json() for r in rows],
        lambda: table(
            [
                [
                    r.id,
                    r.grant_id,
                    iso(r.received),
                    ", ".join(sorted({str(e["action"]) for e in r.entries})),
                    str(len(r.violations)),
                ]
                for r in rows
            ],
            ["ID", "GRANT", "RECEIVED", "ACTIONS", "VIOLATIONS"],
        ),
    )
    return 0


def cmd_violation_list(ctx: Ctx) -> int:
    rows = _consent(ctx).grants.violations(grant_id=ctx.args.grant)
    data = [{**v.to_json(), "evidence": v.evidence} for v in rows]
    ctx.out.emit(
        data,
        lambda: table(
            [[str(v.id), v.grant_id or "-", v.kind, iso(v.created), v.detail] for v in rows],
            ["ID", "GRANT", "KIND", "WHEN", "DETAIL"],
        ),
    )
    return 0


# -- derived data --------------------------------------------------------------------------------------------
def cmd_derived_list(ctx: Ctx) -> int:
    items = _consent(ctx).grants.list_derived([ctx.args.state] if ctx.args.state != "all" else None)
    ctx.out.emit(
        [d.to_json() for d in items],
        lambda: table(
            [
                [
                    d.id,
                    d.org_name or d.org,
                    d.conclusion,
                    d.category,
                    d.state.value,
                    ", ".join(g for g, _f in d.sources),
                ]
                for d in items
            ],
            ["ID", "ORGANISATION", "CONCLUSION", "CATEGORY", "STATE", "FROM GRANTS"],
        ),
    )
    return 0


def cmd_derived_decide(ctx: Ctx) -> int:
    """Approve: a grant whose only field is the conclusion, released as anonymised by ``suppress`` (the
    vault sends no value: the organisation holds its own conclusion, and the service refuses an exact
    release), with the ``conditions`` claim ``reanonymise-before-reuse``. Refuse: a signed refusal."""
    consent = _consent(ctx)
    items = [d for d in consent.grants.list_derived() if d.id == ctx.args.id]
    if not items:
        raise NotFoundError(f"There is no derived item {ctx.args.id}.", reason="no-derived")
    item = items[0]
    if item.state is not DerivedState.HELD:
        raise ConflictError(
            f"This derived item was already decided ({item.state.value}).", reason="already-decided"
        )
    # a derived item is filed under the id of the derived-data request that asked for it
    rid = consent.inbox.get_request(item.id).id
    if ctx.args.decision == "refuse":
        out = _out_path(ctx.args.out, f"{rid}.pdvmsg")
        token = consent.decisions.refuse(rid, reason=ctx.args.reason)
        _write_public(out, token, "write the refusal")
        ctx.out.emit(
            {"ok": True, "derived": item.id, "decision": "refused", "file": str(out)},
            f"The conclusion {item.conclusion} stays unauthorised. Signed refusal written to {out}",
        )
        return 0
    decision = FieldDecision(item.conclusion, ReleaseMode.ANONYMISED, "suppress")
    decisions = SubjectDecisions(
        (decision,), retention_seconds=ctx.args.retention, unknown_confirmed=bool(ctx.args.confirm_unknown)
    )
    if ctx.args.retention is not None and ctx.args.retention <= 0:
        raise UsageError("--retention must be a positive number of seconds.")
    return _approve(ctx, rid, decisions, preview_only=False, out_arg=ctx.args.out)


# -- rules ---------------------------------------------------------------------------------------------------
_RULE_KINDS = (
    "never-release",
    "always-anonymise",
    "max-retention",
    "no-onward",
    "no-derivation",
    "only-compliant",
    "revoke-on-suspension",
)


def _rule_from_args(kind: str, values: Sequence[str], action: str | None) -> Rule:
    act = RuleAction(action) if action else None

    def one(what: str) -> str:
        if len(values) != 1:
            raise UsageError(f"`rules set {kind}` takes exactly one {what}.")
        return values[0]

    def category() -> Category:
        v = one("category")
        try:
            return Category(v.lower())
        except ValueError:
            raise UsageError(
                f"{v!r} is not a category; use one of {', '.join(c.value for c in Category)}."
            ) from None

    if kind == "never-release":
        return Rule.never_release(category(), act)
    if kind == "always-anonymise":
        return Rule.always_anonymise(category(), act)
    if kind == "max-retention":
        v = one("number of days")
        try:
            days = int(v)
        except ValueError:
            raise UsageError("The longest retention is a whole number of days.") from None
        if days <= 0:
            raise UsageError("The longest retention must be at least 1 day.")
        return Rule.max_retention(days * 86400, act)
    if kind == "no-derivation":
        try:
            procs = [Processing(v.lower()) for v in values] or list(Processing)
        except ValueError:
            raise UsageError(
                "Name processing kinds among " + ", ".join(p.value for p in Processing) + "."
            ) from None
        return Rule.no_derivation(procs, act)
    if values:
        raise UsageError(f"`rules set {kind}` takes no value.")
    if kind == "no-onward":
        return Rule.no_onward_transfer(act)
    if kind == "revoke-on-suspension":
        return Rule.revoke_on_suspension(act)
    return Rule.only_compliant(act)


def _rule_json(r: Rule) -> dict[str, Any]:
    return {"id": r.id, "description": r.description, **r.to_json()}


def cmd_rules_list(ctx: Ctx) -> int:
    rules = _consent(ctx).orgs.floor().rules
    ctx.out.emit(
        [_rule_json(r) for r in rules],
        lambda: table(
            [[r.id, r.action.value, r.description] for r in rules], ["RULE", "ACTION", "WHAT IT DOES"]
        ),
    )
    return 0


def cmd_rules_set(ctx: Ctx) -> int:
    rule = _rule_from_args(ctx.args.kind, ctx.args.values, ctx.args.action)
    _consent(ctx).orgs.add_rule(rule)
    ctx.out.emit(
        {"ok": True, "rule": _rule_json(rule)},
        f"Rule {rule.id} set ({rule.action.value}): {rule.description}",
    )
    return 0


def cmd_rules_remove(ctx: Ctx) -> int:
    consent = _consent(ctx)
    if all(r.id != ctx.args.rule_id for r in consent.orgs.floor().rules):
        raise NotFoundError(
            f"There is no rule {ctx.args.rule_id}; `rules list` shows them.", reason="no-rule"
        )
    consent.orgs.remove_rule(ctx.args.rule_id)
    ctx.out.emit({"ok": True, "removed": ctx.args.rule_id}, f"Rule {ctx.args.rule_id} removed.")
    return 0


# -- erasure and evidence ------------------------------------------------------------------------------------
def cmd_erasure_request(ctx: Ctx) -> int:
    consent = _consent(ctx)
    g = consent.grants.get(ctx.args.grant_id)
    out = _out_path(ctx.args.out, f"{g.id}.erasure.pdvmsg")
    token = consent.grants.request_erasure(g.id, fields=tuple(ctx.args.field or ()))
    _write_public(out, token, "write the erasure request")
    eid = message_id(token)
    ctx.out.emit(
        {"ok": True, "erasure": eid, "grant": g.id, "org": g.org, "file": str(out)},
        f"Signed erasure request {eid} for grant {g.id} written to {out}.\n"
        f"Send it to {g.org_name}; it stays open until their deletion confirmation is imported.",
    )
    _send(ctx, g.org, token, g.request_id)
    return 0


def cmd_erasure_list(ctx: Ctx) -> int:
    rows = _consent(ctx).grants.erasures(open_only=ctx.args.open)
    ctx.out.emit(
        [r.to_json() for r in rows],
        lambda: table(
            [[r.id, r.grant, iso(r.issued), _when(r.confirmed), r.outcome or "waiting"] for r in rows],
            ["ID", "GRANT", "SENT", "CONFIRMED", "OUTCOME"],
        ),
    )
    return 0


def cmd_evidence_export(ctx: Ctx) -> int:
    p = Path(ctx.args.file)
    _check_folder(p)
    path = _consent(ctx).grants.export_evidence(p, grant_id=ctx.args.grant, violation_id=ctx.args.violation)
    sig = path.with_name(path.name + ".sig")
    ctx.out.emit(
        {"ok": True, "file": str(path), "signature": str(sig)},
        f"Evidence bundle written to {path}\nSignature: {sig}",
    )
    return 0


# -- parser --------------------------------------------------------------------------------------------------
#: what the vault's ids look like (protocol ids: 16-128 base64url characters; a request id the vault had to
#: make unique has a '.' and 8 hex digits after it)
_ID_RE = re.compile(r"[A-Za-z0-9_-]{16,128}(\.[0-9a-f]{8})?")


class _CommandParser(argparse.ArgumentParser):
    """A command's parser that takes ids starting with '-' as they are.

    Message and grant ids are base64url, so one in 64 starts with '-', which argparse would take for an
    option (``request show -Xy...`` failed with "arguments are required: id"). Before parsing, every
    argument that is not one of this command's options (or an option's value) is moved after a ``--``, in
    order, and an option value starting with '-' is attached as ``--option=value``. An argument shaped like
    an id (``_ID_RE``) that is no option of the command is an id even when it starts with ``--`` (one random
    id in 4,096); other unknown ``--long`` options stay options, so mistakes are still reported by argparse.
    Only the public parts of actions (option strings, nargs) are used.
    """

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if args is None or "--" in args:
            return super().parse_known_args(args, namespace)
        arity: dict[str, int] = {}
        for action in self._actions:
            for opt in action.option_strings:
                arity[opt] = action.nargs if isinstance(action.nargs, int) else 1

        def takes(name: str) -> int | None:
            """How many values option ``name`` takes (abbreviations resolved as argparse does); None: not
            one."""
            if name in arity:
                return arity[name]
            if _ID_RE.fullmatch(name):
                # an id that starts with two dashes (one random id in 4,096), not an option of this command
                # (a known option or an abbreviation of one matched above, or matches below)
                if not any(o.startswith(name) for o in arity):
                    return None
            if name.startswith("--") and len(name) > 2:
                matches = [o for o in arity if o.startswith(name)]
                return arity[matches[0]] if len(matches) == 1 else 0
            return None

        options: list[str] = []
        positionals: list[str] = []
        items = [str(a) for a in args]
        i = 0
        while i < len(items):
            arg = items[i]
            n = takes(arg.split("=", 1)[0])
            if n is None:
                positionals.append(arg)
            elif n == 1 and "=" not in arg and i + 1 < len(items):
                # '=' keeps a value such as '-Xy...' from being read as an option
                options.append(f"{arg}={items[i + 1]}")
                i += 1
            else:
                options.append(arg)
            i += 1
        return super().parse_known_args(options + (["--", *positionals] if positionals else []), namespace)


def _group(sub: Any, common: Any, name: str, help_text: str) -> Any:
    return sub.add_parser(name, parents=[common], help=help_text).add_subparsers(
        dest="sub", required=True, metavar="ACTION", parser_class=_CommandParser
    )


def _cmd(group: Any, common: Any, name: str, fn: Handler, help_text: str) -> argparse.ArgumentParser:
    sp: argparse.ArgumentParser = group.add_parser(name, parents=[common], help=help_text)
    sp.set_defaults(fn=fn)
    return sp


def _import_args(sp: argparse.ArgumentParser, *, links: bool = False) -> None:
    sp.add_argument("files", nargs="*", metavar="FILE", help="message files ('-' reads standard input)")
    if links:
        sp.add_argument("--link", action="append", metavar="TEXT", help="a pdv: link (repeatable)")


def _release_args(sp: argparse.ArgumentParser, *, onward: bool = True) -> None:
    if onward:
        sp.add_argument(
            "--allow-onward",
            action="append",
            metavar="DID",
            help="allow passing the data on to this recipient (must be one the request names)",
        )
        sp.add_argument(
            "--allow-derivation",
            action="append",
            choices=[p.value for p in Processing],
            help="allow this processing (must be one the request asks for)",
        )
    sp.add_argument("--retention", type=int, metavar="SECONDS", help="a shorter retention than asked")
    sp.add_argument(
        "--confirm-unknown",
        action="store_true",
        help="release even though nobody you trust has assessed the organisation",
    )


def _send_args(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--send",
        action="store_true",
        help="also deliver it to the organisation's gateway (the file is written either way)",
    )
    sp.add_argument(
        "--gateway",
        metavar="URL",
        help="the gateway's address, if the request names none and no earlier delivery was acknowledged",
    )
    sp.add_argument(
        "--cafile", metavar="FILE", help="trust this CA certificate for the gateway (default: the system's)"
    )


def cmd_request_fetch(ctx: Ctx) -> int:
    from vault_app.services.delivery import DeliveryService

    res = DeliveryService(ctx.unlocked(), cafile=ctx.args.cafile).import_by_reference(ctx.args.link)
    ctx.out.emit(
        {
            "ok": True,
            "kind": res.kind,
            "id": res.id,
            "org": res.org,
            "state": res.state,
            "message": res.message,
        },
        res.message,
    )
    return 0


def cmd_messages_fetch(ctx: Ctx) -> int:
    from vault_app.services.delivery import DeliveryService

    f = DeliveryService(ctx.unlocked(), cafile=ctx.args.cafile).fetch_messages(ctx.args.org, ctx.args.gateway)
    data = {
        "ok": True,
        "org": f.org,
        "imported": [
            {"kind": r.kind, "id": r.id, "state": r.state, "message": r.message} for r in f.imported
        ],
        "refused": [{"id": i, "reason": why} for i, why in f.refused],
    }
    ctx.out.emit(
        data,
        lambda: "\n".join(
            [f"{len(f.imported)} message(s) fetched and filed, {len(f.refused)} refused."]
            + [f"  {r.kind} {r.id}: {r.message}" for r in f.imported]
            + [f"  refused {i}: {why}" for i, why in f.refused]
        ),
    )
    return 0


def register(sub: Any, common: Any) -> None:
    """Add the consent command groups to the subject CLI (``fn(subparsers, common_parent)``)."""
    g = _group(sub, common, "request", "requests from organisations")
    _import_args(
        _cmd(
            g,
            common,
            "import",
            cmd_request_import,
            "verify and file messages: requests, receipts, deletion confirmations, trust lists",
        ),
        links=True,
    )
    sp = _cmd(g, common, "list", cmd_request_list, "list requests, newest first")
    sp.add_argument(
        "--state",
        default="all",
        choices=["all", "pending"] + [s.value for s in RequestState],
        help="pending = waiting for your decision (default: all)",
    )
    sp.add_argument("--kind", choices=_REQUEST_KINDS)
    sp.add_argument("--limit", type=int, default=500)
    sp.add_argument("-q", "--quiet", action="store_true", help="print only the IDs, newest first")
    _cmd(
        g, common, "show", cmd_request_show, "review one request: organisation, scope, fields, rules, changes"
    ).add_argument("id")
    sp = _cmd(g, common, "approve", cmd_request_approve, "decide per field and issue a sealed grant")
    sp.add_argument("id")
    sp.add_argument(
        "--field",
        action="append",
        metavar="NAME=HOW",
        help="NAME=exact, NAME=withhold or NAME=anon:METHOD[:key=value,...] (repeatable; "
        "fields not named are withheld)",
    )
    _release_args(sp)
    sp.add_argument(
        "--preview",
        action="store_true",
        help="show exactly what would be sent (noise included: it is drawn once and kept), sign nothing",
    )
    sp.add_argument(
        "--out", metavar="FILE", help="where to write the grant (default: <request-id>.pdvgrant here)"
    )
    _send_args(sp)
    sp = _cmd(g, common, "fetch", cmd_request_fetch, "fetch a request published by reference and import it")
    sp.add_argument("link", help="a pdv:request?uri= link or the request's https address")
    sp.add_argument("--cafile", metavar="FILE", help="trust this CA certificate for the gateway")
    sp = _cmd(g, common, "refuse", cmd_request_refuse, "refuse a request and write the signed refusal")
    sp.add_argument("id")
    sp.add_argument("--reason", metavar="TEXT", help="your reason (kept in your history; not sent)")
    sp.add_argument("--out", metavar="FILE", help="default: <request-id>.pdvmsg here")

    g = _group(sub, common, "verification", "verification requests (is what an organisation holds correct?)")
    sp = _cmd(
        g, common, "answer", cmd_verification_answer, "answer per field: match, mismatch, unknown, declined"
    )
    sp.add_argument("id")
    sp.add_argument(
        "--decline", action="append", metavar="NAME", help="do not answer for this field (repeatable)"
    )
    sp.add_argument("--preview", action="store_true", help="show the answer, sign and write nothing")
    sp.add_argument("--out", metavar="FILE", help="default: <request-id>.pdvgrant here")
    sp.add_argument(
        "--confirm-unknown",
        action="store_true",
        help="answer an organisation nobody you trust has assessed (otherwise refused, exit 8)",
    )

    g = _group(sub, common, "grant", "grants you issued")
    sp = _cmd(g, common, "list", cmd_grant_list, "list grants, newest first")
    sp.add_argument("--state", default="all", choices=["all"] + [s.value for s in GrantState])
    sp.add_argument("--org", metavar="DID|NAME", help="only grants to this organisation")
    sp.add_argument("-q", "--quiet", action="store_true", help="print only the IDs, newest first")
    sp = _cmd(g, common, "show", cmd_grant_show, "scope and fields of one grant")
    sp.add_argument("id")
    sp.add_argument("--reveal", action="store_true", help="also print the values the grant released")
    sp = _cmd(g, common, "revoke", cmd_grant_revoke, "revoke a grant (and what was derived from it)")
    sp.add_argument("id")
    sp.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sp.add_argument("--reason", metavar="TEXT", help="kept in your history")
    sp.add_argument(
        "--out", metavar="FILE", help="revocation notice (default: <grant-id>.revocation.pdvmsg here)"
    )
    _send_args(sp)
    _cmd(
        g,
        common,
        "at-risk",
        cmd_grant_at_risk,
        "active grants held by organisations that are suspended or non-compliant",
    )
    sp = _cmd(
        g, common, "revoke-all", cmd_grant_revoke_all, "revoke every active grant one organisation holds"
    )
    sp.add_argument("--org", metavar="DID", required=True)
    sp.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sp.add_argument("--reason", metavar="TEXT", help="kept in your history")
    sp.add_argument("--out-dir", metavar="DIR", help="where the revocation notices go (default: here)")
    sp = _cmd(g, common, "file", cmd_grant_file, "save the sealed grant again")
    sp.add_argument("id")
    sp.add_argument("--out", metavar="FILE", required=True)

    g = _group(sub, common, "status-list", "revocation status lists")
    sp = _cmd(
        g, common, "export", cmd_status_list_export, "write the signed status list for one organisation"
    )
    sp.add_argument("--org", metavar="DID|NAME", required=True, help="the organisation's DID or its name")
    sp.add_argument("file")
    sp = _cmd(
        g,
        common,
        "base",
        cmd_status_list_base,
        "show or set the https address where you publish status lists (for new relationships)",
    )
    sp.add_argument("url", nargs="?", help="https base URL; lists are then at URL/<list id>")
    sp.add_argument("--clear", action="store_true", help="hand lists over as files again")

    sp = _cmd(
        g, common, "push", cmd_status_list_push, "deliver a renewed status list to the organisation's gateway"
    )
    sp.add_argument("--org", metavar="DID")
    sp.add_argument(
        "--gateway",
        metavar="URL",
        help="its gateway's address (default: the one that acknowledged your last delivery to it)",
    )
    sp.add_argument(
        "--due",
        action="store_true",
        help="every list that lives on its organisation's gateway (renewed first when due)",
    )
    sp.add_argument("--cafile", metavar="FILE", help="trust this CA certificate for the gateway")

    g = _group(sub, common, "messages", "messages organisations left for you on their gateway")
    sp = _cmd(
        g, common, "fetch", cmd_messages_fetch, "fetch and file your mailbox at an organisation's gateway"
    )
    sp.add_argument("--org", required=True, metavar="DID", help="the organisation")
    sp.add_argument(
        "--gateway",
        metavar="URL",
        help="its gateway's address (default: the one its request named, or that acknowledged your last "
        "delivery)",
    )
    sp.add_argument("--cafile", metavar="FILE", help="trust this CA certificate for the gateway")

    g = _group(sub, common, "org", "organisations and their compliance")
    _cmd(g, common, "list", cmd_org_list, "organisations you know")
    _cmd(g, common, "show", cmd_org_show, "one organisation").add_argument("did")
    sp = _cmd(g, common, "add", cmd_org_add, "add an organisation by its did:key (or rename one)")
    sp.add_argument("did")
    sp.add_argument("name")
    sp.add_argument("--contact")
    sp.add_argument("--dpo-contact", metavar="CONTACT")
    sp = _cmd(g, common, "set-status", cmd_org_set_status, "your own judgement of an organisation")
    sp.add_argument("did")
    sp.add_argument("status", choices=[s.value for s in ComplianceStatus])
    sp.add_argument("--note", metavar="TEXT")
    _cmd(g, common, "block", cmd_org_block, "never release anything to it").add_argument("did")
    _cmd(g, common, "unblock", cmd_org_unblock, "lift a block").add_argument("did")
    sp = _cmd(
        g, common, "trust-certifier", cmd_org_trust_certifier, "accept trust lists signed by a certifier"
    )
    sp.add_argument("did")
    sp.add_argument("name")
    _cmd(
        g, common, "untrust-certifier", cmd_org_untrust_certifier, "stop accepting a certifier's lists"
    ).add_argument("did")
    _cmd(g, common, "certifiers", cmd_org_certifiers, "certifiers you trust")
    _import_args(_cmd(g, common, "import-trust-list", cmd_org_import_trust_list, "import signed trust lists"))

    g = _group(sub, common, "receipt", "usage receipts from organisations")
    _import_args(
        _cmd(g, common, "import", cmd_receipt_import, "verify receipts and check them against grants")
    )
    _cmd(g, common, "list", cmd_receipt_list, "receipts, newest first").add_argument("--grant", metavar="ID")

    g = _group(sub, common, "violation", "violations found in receipts and requests")
    _cmd(g, common, "list", cmd_violation_list, "violations, newest first").add_argument(
        "--grant", metavar="ID"
    )

    g = _group(sub, common, "derived", "conclusions organisations derived from your data")
    _cmd(g, common, "list", cmd_derived_list, "derived items and their lineage").add_argument(
        "--state", default="all", choices=["all"] + [s.value for s in DerivedState]
    )
    sp = _cmd(
        g, common, "decide", cmd_derived_decide, "authorise a held conclusion (anonymised) or refuse it"
    )
    sp.add_argument("id")
    sp.add_argument("decision", choices=["approve", "refuse"])
    _release_args(sp, onward=False)
    sp.add_argument("--reason", metavar="TEXT", help="for refuse: kept in your history")
    sp.add_argument(
        "--out", metavar="FILE", help="grant or refusal file (default: <id>.pdvgrant / .pdvmsg here)"
    )

    g = _group(sub, common, "rules", "your standing rules (the privacy floor)")
    _cmd(g, common, "list", cmd_rules_list, "your rules")
    sp = _cmd(g, common, "set", cmd_rules_set, "add or replace a rule")
    sp.add_argument("kind", choices=_RULE_KINDS)
    sp.add_argument(
        "values",
        nargs="*",
        metavar="VALUE",
        help="a category, a number of days (max-retention), or processing kinds (no-derivation)",
    )
    sp.add_argument(
        "--action",
        choices=[a.value for a in RuleAction],
        help="refuse requests that go beyond it, or flag them for your review",
    )
    _cmd(g, common, "remove", cmd_rules_remove, "remove a rule by its id").add_argument("rule_id")

    g = _group(sub, common, "erasure", "ask organisations to delete your data")
    sp = _cmd(g, common, "request", cmd_erasure_request, "write a signed erasure request for a grant")
    sp.add_argument("grant_id")
    sp.add_argument("--field", action="append", metavar="NAME", help="only these fields (default: all)")
    sp.add_argument("--out", metavar="FILE", help="default: <grant-id>.erasure.pdvmsg here")
    _send_args(sp)
    _import_args(_cmd(g, common, "import-confirmation", cmd_erasure_import, "import deletion confirmations"))
    _cmd(g, common, "list", cmd_erasure_list, "erasure requests and their answers").add_argument(
        "--open", action="store_true", help="only those not yet confirmed"
    )

    g = _group(sub, common, "evidence", "evidence for a data-protection authority")
    sp = _cmd(
        g, common, "export", cmd_evidence_export, "a signed bundle: grant, receipts, violations, history"
    )
    which = sp.add_mutually_exclusive_group(required=True)
    which.add_argument("--grant", metavar="ID")
    which.add_argument("--violation", metavar="N", type=int)
    sp.add_argument("file")
