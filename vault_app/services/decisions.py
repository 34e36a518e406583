"""Deciding a request: the review model (which release modes each field allows and why), previews of
exactly what would leave, approving (sign and seal the grant, and onward grants), refusing, answering
verification requests, and derived data held until the subject decides.

Approval goes through :func:`vault_app.policy.decisions.build_release`, which enforces that only requested
fields leave, exactly as previewed, never to a refused organisation, and never wider than asked or than the
floor allows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from vault_app.domain.consent import DerivedState, Duration, GrantKind, GrantState, RequestKind, RequestState
from vault_app.domain.errors import ConflictError, NotFoundError, PolicyDenied, ValidationError
from vault_app.domain.model import (
    Field,
    FieldDecision,
    FieldType,
    Processing,
    Provenance,
    ProvenanceKind,
    ReleasedField,
    ReleaseMode,
    validate_field_name,
    validate_value,
)
from vault_app.history.chain import HistoryFilter
from vault_app.history.kinds import EventKind
from vault_app.policy import anonymise
from vault_app.policy import scope as pscope
from vault_app.policy.compliance import OrgCompliance, assert_may_release, gate
from vault_app.policy.decisions import (
    Outcome,
    ReleasePlan,
    SubjectDecisions,
    build_release,
    onward_scope,
    preview_field,
)
from vault_app.policy.lifecycle import GrantLifecycle, RequestLifecycle
from vault_app.policy.lineage import DerivedItem, SourceRef
from vault_app.policy.request import RequestSummary
from vault_app.policy.rules import Rule, RuleKind
from vault_app.policy.verification import Claim
from vault_app.policy.verification import verify as verify_claims
from vault_app.protocol import codec
from vault_app.protocol.jose import b64d
from vault_app.protocol.jwk import x25519_public_from_jwk
from vault_app.protocol.messages import (
    AuthorisationRequest,
    DerivedDataRequest,
    Grant,
    RefusalReason,
    VerificationOutcome,
    VerificationRequest,
    VerificationResult,
)
from vault_app.protocol.statuslist import SUPERSEDED
from vault_app.services.views import (
    CheckHold,
    FieldLimit,
    FieldReview,
    HoldKind,
    IssuedGrant,
    LimitKind,
    OnwardGrant,
    RequestView,
    Review,
)
from vault_app.storage.db import Tx
from vault_app.storage.repositories.consent import NoiseDraw, ReleasedFieldMeta, RequestRow
from vault_app.storage.repositories.fields import FieldRepository

if TYPE_CHECKING:
    from vault_app.services.consent import ConsentContext
    from vault_app.services.grants import GrantService
    from vault_app.services.organisations import OrganisationService


class WrongKindError(ValidationError):
    """A use case called on the wrong kind of request (approving a verification request, say)."""

    reason = "wrong-kind"


#: the privacy budget of one field: the sum of the epsilons of the distinct noisy values sent, to anyone
FIELD_PRIVACY_BUDGET = 2.0

#: a field answered in this many verifications within PROBE_WINDOW is not answered again (probing)
PROBE_LIMIT = 3
PROBE_WINDOW = 90 * 86400


def _probing(name: str, asked: int, days: int) -> CheckHold:
    return CheckHold(
        name,
        HoldKind.PROBING,
        f"Declined: probing. {name} was already checked {asked} times in the last {days} days; more "
        "answers could reveal its value.",
        asked=asked,
        days=days,
    )


def _holds_from_history(held: Any) -> dict[str, CheckHold]:
    """The holds an answer's history entry kept (``{"income": {"reason": "probing", "asked": 3, ...}}``)."""
    out: dict[str, CheckHold] = {}
    if not isinstance(held, dict):
        return out
    for name, d in held.items():
        if not isinstance(d, dict):
            continue
        if d.get("reason") == HoldKind.PROBING.value:
            out[name] = _probing(name, int(d.get("asked", 0)), int(d.get("days", 0)))
        elif d.get("reason") == HoldKind.RULE.value:
            rule_id = str(d.get("rule", ""))
            rule = Rule.from_id(rule_id)
            said = rule.description if rule is not None else rule_id
            out[name] = CheckHold(
                name, HoldKind.RULE, f"Declined by your rule: \u201c{said}\u201d.", rule_id=rule_id
            )
    return out


def request_view(r: RequestRow) -> RequestView:
    return RequestView(
        r.id,
        r.kind,
        r.org,
        r.org_name,
        r.state,
        r.reason,
        r.received,
        r.expires,
        r.content,
        r.refines,
        r.reason_code,
    )


def _only_anonymised(decisions: Iterable[FieldDecision]) -> None:
    """A derived conclusion is the organisation's own: the vault holds no value of it, and it is only ever
    authorised anonymised. An exact release would sign the placeholder of :meth:`_derived_fields` as a
    value."""
    for d in decisions:
        if d.mode is ReleaseMode.EXACT:
            raise PolicyDenied(
                f"The conclusion {d.name} can only be authorised anonymised (for example with "
                "'suppress'): it must be anonymised again before any reuse.",
                reason="derived-exact",
            )


class DecisionService:
    def __init__(self, ctx: ConsentContext, orgs: OrganisationService, grants: GrantService) -> None:
        self.ctx = ctx
        self.orgs = orgs
        self.grants = grants

    # -- requests --------------------------------------------------------------------------------------------
    def get_request(self, request_id: str) -> RequestView:
        r = self.ctx.repos.requests.get(request_id)
        if r is None:
            raise NotFoundError(f"There is no request {request_id}.", reason="no-request")
        return request_view(r)

    def summary(self, view: RequestView) -> RequestSummary:
        """The request as the policy reads it."""
        return RequestSummary(
            view.org, view.content.requested_fields, view.content.scope, view.id, view.refines
        )

    # -- the review model ------------------------------------------------------------------------------------
    def review(self, request_id: str) -> Review:
        view = self.get_request(request_id)
        org = self.orgs.get(view.org)
        oc = self.orgs.require_compliance(view.org)
        g = gate(oc, self.ctx.now(), trusted_certifiers=self.ctx.trusted_certifiers())
        rs = self.summary(view)
        verification = view.kind is RequestKind.VERIFICATION
        findings = tuple(self.orgs.floor().evaluate(rs, g.standing.status))
        diff = pscope.diff(self.grants.terms(view.refines), rs) if view.refines else None
        held = self.ctx.vault.fields_named([f.name for f in rs.fields])
        never: dict[str, FieldLimit] = {}
        anon_only: dict[str, FieldLimit] = {}
        for finding in findings:
            target = (
                never
                if finding.kind is RuleKind.NEVER_RELEASE_CATEGORY
                else anon_only
                if finding.kind is RuleKind.ALWAYS_ANONYMISE
                else None
            )
            if target is None:
                continue
            kind = LimitKind.NEVER_RELEASE if target is never else LimitKind.ANONYMISED_ONLY
            for name in finding.fields:
                target.setdefault(name, FieldLimit(kind, finding.message, finding.rule_id))
        reasons = {f.name: f.reason for f in view.content.fields}
        out: list[FieldReview] = []
        derived = view.kind is RequestKind.DERIVED
        for f in rs.fields:
            have = held.get(f.name.lower())
            transforms: tuple[anonymise.TransformInfo, ...] = ()
            if have is not None and view.kind is RequestKind.AUTHORISATION:
                transforms = tuple(anonymise.available_transforms(have.type))
            limits: list[FieldLimit] = []
            if derived:
                allowed: tuple[ReleaseMode, ...] = (ReleaseMode.ANONYMISED, ReleaseMode.WITHHOLD)
            elif have is None:
                allowed = (ReleaseMode.WITHHOLD,)
                limits.append(
                    FieldLimit(
                        LimitKind.NOT_HELD,
                        "You have no such field in your vault, so it can only be withheld.",
                    )
                )
            elif f.name in never:
                allowed = (ReleaseMode.WITHHOLD,)
                limits.append(never[f.name])
            else:
                modes = [ReleaseMode.EXACT, ReleaseMode.ANONYMISED]
                if f.name in anon_only:
                    modes.remove(ReleaseMode.EXACT)
                    limits.append(anon_only[f.name])
                if not transforms and not verification:
                    modes.remove(ReleaseMode.ANONYMISED)
                    limits.append(
                        FieldLimit(
                            LimitKind.NO_METHOD, "No anonymisation method exists for this kind of value."
                        )
                    )
                allowed = (*modes, ReleaseMode.WITHHOLD)
            out.append(
                FieldReview(
                    f.name,
                    f.category,
                    have is not None or derived,
                    have.type.value if have is not None else None,
                    reasons.get(f.name),
                    allowed,
                    tuple(limits),
                    transforms,
                )
            )
        return Review(
            view,
            org,
            g.outcome,
            g.message,
            findings,
            diff,
            tuple(out),
            None if verification else Duration.of(rs.scope.retention_seconds),
        )

    def _context(self, org: str) -> anonymise.TransformContext:
        today = datetime.fromtimestamp(self.ctx.now(), UTC).date()
        return anonymise.TransformContext(today, self.ctx.pseudonym_key(org))

    def _load_request(self, request_id: str) -> tuple[RequestView, codec.Signed[Any]]:
        found = self.ctx.repos.requests.get_with_token(request_id)
        if found is None:
            raise NotFoundError(f"There is no request {request_id}.", reason="no-request")
        view, token = request_view(found[0]), found[1]
        body_type: type[AuthorisationRequest] | type[VerificationRequest] | type[DerivedDataRequest] = {
            RequestKind.AUTHORISATION: AuthorisationRequest,
            RequestKind.VERIFICATION: VerificationRequest,
            RequestKind.DERIVED: DerivedDataRequest,
        }[view.kind]
        # The message this session verified on import, when the stored text is exactly the one it verified
        # (the usual case: import, then decide). Otherwise our own stored copy is verified again, without
        # time checks (they were checked on arrival). docs/security.md, "Requests are verified once".
        kept = self.ctx.verified_request(request_id, token)
        if kept is not None and isinstance(kept.body, body_type) and kept.issuer == view.org:
            return view, kept
        return view, codec.verify(
            token, body_type, check_times=False, audience=self.ctx.pairwise_did(view.org)
        )

    def _require_open(self, view: RequestView) -> RequestLifecycle:
        if self.ctx.expire_due():  # something ran out meanwhile: maybe this request
            view = self.get_request(view.id)
        lc = RequestLifecycle.from_storage(view.state.value, reason=view.reason)
        if view.state is RequestState.EXPIRED:
            raise PolicyDenied(
                "This request has expired; the organisation must send a new one.", reason="request-expired"
            )
        if not lc.is_open:
            raise ConflictError(
                f"This request was already decided ({view.state.value.replace('_', ' ')}).",
                reason="already-decided",
            )
        return lc

    def _vault_fields(self, names: Sequence[str]) -> dict[str, Field]:
        held = self.ctx.vault.fields_named(list(names))
        return {n: held[n.lower()] for n in names if n.lower() in held}

    @staticmethod
    def _derived_fields(view: RequestView) -> dict[str, Field]:
        """For a derived-data grant the 'field' released is the conclusion itself, never its value: the
        grant authorises the organisation's own conclusion, on condition that it is anonymised again before
        reuse."""
        c = view.content.conclusion
        assert c is not None
        return {c.name: Field(c.name, FieldType.TEXT, c.category, "(held by the organisation)")}

    def _onward_orgs(self, dids: Iterable[str]) -> dict[str, OrgCompliance]:
        out = {}
        for d in dids:
            oc = self.orgs.compliance(d)
            if oc is not None:
                out[d] = oc
        return out

    # -- previews --------------------------------------------------------------------------------------------
    def preview(
        self,
        request_id: str,
        decisions: SubjectDecisions,
        previews: Mapping[str, ReleasedField] | None = None,
    ) -> ReleasePlan:
        """Exactly what would be sent for these decisions, without sending anything. Raises what approve
        would."""
        return self._plan(self.get_request(request_id), decisions, previews)

    def _plan(
        self,
        view: RequestView,
        decisions: SubjectDecisions,
        previews: Mapping[str, ReleasedField] | None = None,
    ) -> ReleasePlan:
        """:meth:`preview` of a request already read."""
        if view.kind is RequestKind.VERIFICATION:
            raise WrongKindError("Verification requests are answered, not approved.")
        rs = self.summary(view)
        oc = self.orgs.require_compliance(view.org)
        derived = view.kind is RequestKind.DERIVED
        vf = self._derived_fields(view) if derived else self._vault_fields(rs.field_names)
        if derived:
            _only_anonymised(decisions.fields)
        floor, certifiers = self.orgs.floor(), self.ctx.trusted_certifiers()  # read once for both builds

        def build(seen: Mapping[str, ReleasedField] | None) -> ReleasePlan:
            return build_release(
                rs,
                decisions,
                vf,
                floor=floor,
                org=oc,
                now=self.ctx.now(),
                context=self._context(view.org),
                onward_orgs=self._onward_orgs(decisions.allow_onward),
                previews=seen,
                trusted_certifiers=certifiers,
            )

        plan = build(previews)
        # randomised values (noise): one draw per organisation, field, method and parameters, kept and sent
        # again, so that asking again and averaging learns nothing more; the first preview draws it
        kept = self._kept_draws(view.org, plan.released)
        return build({**(previews or {}), **kept}) if kept else plan

    def _kept_draws(self, org: str, released: Iterable[ReleasedField]) -> dict[str, ReleasedField]:
        """The randomised fields of ``released`` with the value kept for ``org`` (drawn and kept now if
        there is none yet)."""
        out: dict[str, ReleasedField] = {}
        new: list[NoiseDraw] = []
        for f in released:
            if f.method is None or not anonymise.get_transform(f.method).randomised:
                continue
            draw = self.ctx.repos.noise.get(org, f.name, f.method, f.params)
            if draw is None:
                eps = float(dict(f.params).get("epsilon", "0") or 0)
                draw = NoiseDraw(org, f.name.lower(), f.method, f.params, f.value, eps, False)
                new.append(draw)
            out[f.name] = ReleasedField(f.name, f.category, draw.value, f.form, f.method, f.params)
        if new:
            with self.ctx.transaction("keep the noise drawn") as tx:
                for d in new:
                    self.ctx.repos.noise.insert(tx, d, self.ctx.now_ms())
        return out

    def privacy_budget(self, field: str) -> tuple[float, float]:
        """(spent, limit): the privacy budget of ``field`` that noisy releases to any organisation used."""
        return self.ctx.repos.noise.spent(field), FIELD_PRIVACY_BUDGET

    def _noise_to_send(self, org: str, plan: ReleasePlan) -> list[NoiseDraw]:
        """The kept draws this grant sends; PolicyDenied if a new one would go beyond its field's budget."""
        out: list[NoiseDraw] = []
        for f in plan.released:
            if f.method is None or not anonymise.get_transform(f.method).randomised:
                continue
            draw = self.ctx.repos.noise.get(org, f.name, f.method, f.params)
            if draw is None:
                continue
            if not draw.sent:
                spent, limit = self.privacy_budget(f.name)
                if spent + draw.epsilon > limit + 1e-9:
                    raise PolicyDenied(
                        f"Field {f.name} has used {spent:g} of its privacy budget of {limit:g}; another "
                        f"noisy release (epsilon {draw.epsilon:g}) would exceed it. Withhold it or use "
                        "another method.",
                        reason="privacy-budget",
                    )
            out.append(draw)
        return out

    def preview_field(self, request_id: str, decision: FieldDecision) -> ReleasedField | None:
        view = self.get_request(request_id)
        rs = self.summary(view)
        derived = view.kind is RequestKind.DERIVED
        vf = self._derived_fields(view) if derived else self._vault_fields([decision.name])
        if derived:
            _only_anonymised((decision,))
        f = preview_field(rs, decision, vf.get(decision.name), self._context(view.org), self.orgs.floor())
        if f is None:
            return None
        return self._kept_draws(view.org, [f]).get(f.name, f)

    # -- approve / refuse ------------------------------------------------------------------------------------
    def approve(
        self,
        request_id: str,
        decisions: SubjectDecisions,
        previews: Mapping[str, ReleasedField] | None = None,
    ) -> IssuedGrant:
        """Sign and seal a grant with exactly what the decisions release. Nothing wider than asked ever
        leaves."""
        view, req = self._load_request(request_id)
        lc = self._require_open(view)
        if view.kind is RequestKind.VERIFICATION:
            raise WrongKindError("Verification requests are answered with `answer_verification`.")
        plan = self._plan(view, decisions, previews)
        if plan.outcome is Outcome.REFUSED or plan.scope is None:
            self.refuse(request_id, reason="You released no field.")
            return IssuedGrant("", view.org, "", "refused", (), plan.withheld, (), plan.notes)
        noise = self._noise_to_send(view.org, plan)
        now = self.ctx.now()
        now_ms = int(now * 1000)
        # onward recipients need an encryption key to receive their own grant: check before anything is signed
        onward_keys = {}
        for did in plan.scope.onward_recipients:
            jwk = self.orgs.encryption_jwk(did)
            if not jwk:
                raise PolicyDenied(
                    f"{did} has no known encryption key, so it cannot receive its own grant. "
                    "It must send you a request first.",
                    reason="recipient-no-key",
                )
            onward_keys[did] = x25519_public_from_jwk(jwk)
        key = self.ctx.pairwise_key(view.org)
        grants = self.ctx.repos.grants
        onward_out: list[OnwardGrant] = []
        kind = GrantKind.DERIVED if view.kind is RequestKind.DERIVED else GrantKind.GRANT
        fields_meta = [
            ReleasedFieldMeta(f.name, f.category.value, f.form.value, f.method) for f in plan.released
        ]
        gateway = req.body.gateway if isinstance(req.body, AuthorisationRequest) else None
        with self.ctx.transaction("issue the grant") as tx:
            status = self.grants.status_slot(tx, view.org, gateway)
            sealed = self.ctx.agent.make_grant(
                key, req, plan.released, plan.scope, status, withheld=plan.withheld
            )
            gid = sealed.jti
            grants.insert(
                tx,
                gid,
                request_id,
                view.org,
                kind,
                now_ms,
                sealed.expires_at * 1000,
                status.idx,
                plan.scope,
                fields_meta,
                sealed.token,
                sealed.jwe,
                None,
            )
            new_lc = lc.approve(at=now) if plan.outcome is Outcome.APPROVED else lc.partly_approve(at=now)
            self.ctx.repos.requests.decide(tx, request_id, new_lc.to_storage(), new_lc.reason, now_ms)
            for d in noise:
                self.ctx.repos.noise.mark_sent(tx, d, now_ms)
            ev = (
                EventKind.REQUEST_APPROVED
                if plan.outcome is Outcome.APPROVED
                else EventKind.REQUEST_PARTLY_APPROVED
            )
            self.ctx.record(
                tx,
                ev,
                org=view.org,
                purpose=plan.scope.purpose_text,
                data={"request": request_id, "grant": gid, "withheld": list(plan.withheld)},
            )
            self.ctx.record(
                tx,
                EventKind.GRANT_ISSUED,
                org=view.org,
                purpose=plan.scope.purpose_text,
                data={
                    "grant": gid,
                    "request": request_id,
                    "kind": kind.value,
                    "fields": [{"name": f.name, "form": f.form, "method": f.method} for f in fields_meta],
                    "expires": sealed.expires_at,
                    "onward": list(plan.scope.onward_recipients),
                    "derivation": [p.value for p in plan.scope.derivation],
                },
            )
            for f in plan.released:
                self.ctx.record(
                    tx,
                    EventKind.GRANT_ISSUED,
                    org=view.org,
                    field=f.name,
                    purpose=plan.scope.purpose_text,
                    data={"grant": gid, "form": f.form.value, "method": f.method, "part": True},
                )
            if view.refines and grants.state_in(tx, view.refines) is GrantState.ACTIVE:
                GrantLifecycle.from_storage(GrantState.ACTIVE.value).supersede(at=now, by=gid)
                grants.supersede(tx, view.refines, gid)
                old = grants.get(view.refines)
                if old is not None and old.org == view.org:  # its status list says superseded too
                    self.grants.set_status(tx, view.org, old.status_idx, SUPERSEDED)
                self.ctx.record(
                    tx, EventKind.GRANT_SUPERSEDED, org=view.org, data={"grant": view.refines, "by": gid}
                )
            # onward transfer: a separate grant to each recipient B, linked to A's
            for did in plan.scope.onward_recipients:
                b_scope = onward_scope(plan.scope, did)
                b_status = self.grants.status_slot(tx, did)
                body = Grant(req.jti, req.hash, plan.released, b_scope, b_status, plan.withheld, None)
                b_exp = int(now) + b_scope.retention_seconds
                token = codec.sign(
                    body,
                    self.ctx.pairwise_key(did),
                    clock=self.ctx.vault.clock,
                    audience=did,
                    expires_at=b_exp,
                )
                b_jwe = codec.seal(token, onward_keys[did])
                _, b_claims = codec.peek(token)
                bid = str(b_claims["jti"])
                grants.insert(
                    tx,
                    bid,
                    request_id,
                    did,
                    GrantKind.ONWARD,
                    now_ms,
                    b_exp * 1000,
                    b_status.idx,
                    b_scope,
                    fields_meta,
                    token,
                    b_jwe,
                    gid,
                )
                self.ctx.record(
                    tx,
                    EventKind.GRANT_ISSUED,
                    org=did,
                    purpose=b_scope.purpose_text,
                    data={
                        "grant": bid,
                        "kind": "onward",
                        "parent": gid,
                        "from": view.org,
                        "fields": [f.name for f in fields_meta],
                    },
                )
                onward_out.append(OnwardGrant(bid, did, b_jwe))
            if view.kind is RequestKind.DERIVED:
                item = self.ctx.repos.derived.authorise(tx, request_id, gid, now_ms)
                if item:
                    self.ctx.record(
                        tx,
                        EventKind.DERIVED_AUTHORISED,
                        org=item[0],
                        field=item[1],
                        data={"request": request_id, "grant": gid, "reanonymise_required": True},
                    )
        self.ctx.emit("grants", "issued", id=gid)
        self.ctx.emit("requests", "decided", id=request_id)
        return IssuedGrant(
            gid,
            view.org,
            sealed.jwe,
            plan.outcome.value,
            plan.released_names,
            plan.withheld,
            tuple(onward_out),
            plan.notes,
        )

    def refuse(self, request_id: str, *, reason: str | None = None) -> str:
        """Refuse; returns a signed refusal for the organisation (it carries no personal data)."""
        view, req = self._load_request(request_id)
        lc = self._require_open(view)
        now = self.ctx.now()
        token = self.ctx.agent.make_refusal(self.ctx.pairwise_key(view.org), req, RefusalReason.DECLINED)
        with self.ctx.transaction("refuse the request") as tx:
            new = lc.refuse(at=now, reason=reason)
            self.ctx.repos.requests.decide(tx, request_id, new.to_storage(), new.reason, int(now * 1000))
            self.ctx.record(
                tx,
                EventKind.REQUEST_REFUSED,
                org=view.org,
                purpose=view.content.purpose_text,
                data={"request": request_id, **({"reason": reason} if reason else {})},
            )
            if view.kind is RequestKind.DERIVED:
                item = self.ctx.repos.derived.refuse(tx, request_id, int(now * 1000))
                if item:
                    self.ctx.record(
                        tx,
                        EventKind.DERIVED_REFUSED,
                        org=item[0],
                        field=item[1],
                        data={"request": request_id},
                    )
        self.ctx.emit("requests", "decided", id=request_id)
        return token

    # -- verification ----------------------------------------------------------------------------------------
    def _verification(self, request_id: str) -> tuple[RequestView, codec.Signed[VerificationRequest]]:
        view, req = self._load_request(request_id)
        if view.kind is not RequestKind.VERIFICATION or not isinstance(req.body, VerificationRequest):
            raise WrongKindError("This is not a verification request.")
        return view, req

    def verification_preview(
        self, request_id: str, declined: Iterable[str] = ()
    ) -> list[tuple[str, str, str]]:
        """(field, outcome, plain words) per check: what the answer would say. Never a value."""
        _view, req = self._verification(request_id)
        held_back = self.verification_limits(request_id)
        verdicts = verify_claims(
            self._claims(req.body),
            self._vault_fields([c.name for c in req.body.checks]),
            declined=set(declined) | set(held_back),
        )
        return [(v.name, v.outcome.value, held_back.get(v.name, v.message)) for v in verdicts]

    def probe_counts(self, names: Iterable[str], *, exclude: str | None = None) -> dict[str, int]:
        """How many times each field was answered (not declined) in a verification in the last
        ``PROBE_WINDOW`` seconds, by any organisation (several organisations may probe together)."""
        wanted = set(names)
        counts = dict.fromkeys(wanted, 0)
        since = int((self.ctx.now() - PROBE_WINDOW) * 1000)
        flt = HistoryFilter(kinds=(EventKind.VERIFICATION_ANSWERED,), since_ms=since)
        for e in self.ctx.vault.history.iter_all(flt):
            if exclude is not None and e.data.get("request") == exclude:
                continue
            results = e.data.get("results")
            if not isinstance(results, dict):
                continue
            for name, outcome in results.items():
                if name in wanted and outcome != VerificationOutcome.DECLINED.value:
                    counts[name] += 1
        return counts

    def verification_limits(self, request_id: str) -> dict[str, str]:
        """The checks of a verification request the vault declines by itself, with the reason in plain
        (English) words: see :meth:`verification_holds`."""
        return {name: h.message for name, h in self.verification_holds(request_id).items()}

    def verification_holds(self, request_id: str) -> dict[str, CheckHold]:
        """The checks of a verification request the vault declines by itself, and why: fields your
        standing rules never release (the privacy floor), and fields asked about ``PROBE_LIMIT`` times
        already (repeated checks with different guesses would find the value: probing).

        For a request still open, as things stand now; for one answered, what the answer declined then
        (kept with the answer in the history; an answer recorded before that was kept names none)."""
        view, req = self._verification(request_id)
        if not view.is_open:
            recorded = self._recorded_holds(view.id)
            if recorded is not None:
                return recorded
        out: dict[str, CheckHold] = {}
        floor = self.orgs.floor()
        for ch in req.body.checks:
            try:
                floor.check_field_release(ch.name, [ch.category], ReleaseMode.EXACT)
            except PolicyDenied as exc:
                if exc.reason.startswith("rule:never-release"):
                    out[ch.name] = CheckHold(
                        ch.name,
                        HoldKind.RULE,
                        f"Declined by your rule: {exc.message}",
                        rule_id=exc.reason[5:],
                    )
        counts = self.probe_counts([c.name for c in req.body.checks], exclude=view.id)
        for name, n in counts.items():
            if n >= PROBE_LIMIT and name not in out:
                out[name] = _probing(name, n, PROBE_WINDOW // 86400)
        return out

    def declined_checks(self, request_ids: Iterable[str]) -> dict[str, dict[str, CheckHold]]:
        """:meth:`verification_holds` of many verification requests at once (the inbox's details): the
        answered ones from one pass over the answers in the history."""
        wanted = set(request_ids)
        out: dict[str, dict[str, CheckHold]] = {}
        for e in self.ctx.vault.history.iter_all(HistoryFilter(kinds=(EventKind.VERIFICATION_ANSWERED,))):
            rid = e.data.get("request")
            if rid in wanted and isinstance(rid, str):
                out[rid] = _holds_from_history(e.data.get("held"))
        for rid in wanted - set(out):
            try:
                out[rid] = self.verification_holds(rid)
            except (NotFoundError, WrongKindError):
                continue
        return out

    def _recorded_holds(self, request_id: str) -> dict[str, CheckHold] | None:
        found: dict[str, CheckHold] | None = None
        for e in self.ctx.vault.history.iter_all(HistoryFilter(kinds=(EventKind.VERIFICATION_ANSWERED,))):
            if e.data.get("request") == request_id:
                found = _holds_from_history(e.data.get("held"))
        return found

    @staticmethod
    def _claims(body: VerificationRequest) -> list[Claim]:
        out = []
        for ch in body.checks:
            if ch.hashed is not None:
                norm = "nfc-ws-casefold" if ch.hashed.casefold else "nfc-ws"
                out.append(Claim.hashed(ch.name, b64d(ch.hashed.salt, "salt"), ch.hashed.digest, norm))
            else:
                out.append(Claim.clear(ch.name, ch.value or ""))
        return out

    def answer_verification(
        self, request_id: str, *, declined: Iterable[str] = (), unknown_confirmed: bool = False
    ) -> IssuedGrant:
        """Sign the answer. The organisation's standing is checked as for a grant (an organisation nobody
        has assessed needs ``unknown_confirmed``); checks the vault declines by itself
        (:meth:`verification_limits`) are answered as declined."""
        view, req = self._verification(request_id)
        lc = self._require_open(view)
        declined = set(declined)
        unknown = declined - {c.name for c in req.body.checks}
        if unknown:
            raise ValidationError(
                "You can only decline fields the organisation asked about.", field=sorted(unknown)[0]
            )
        oc = self.orgs.require_compliance(view.org)
        assert_may_release(
            oc,
            self.ctx.now(),
            unknown_confirmed=unknown_confirmed,
            trusted_certifiers=self.ctx.trusted_certifiers(),
        )
        holds = self.verification_holds(request_id)
        declined |= set(holds)
        verdicts = verify_claims(
            self._claims(req.body), self._vault_fields([c.name for c in req.body.checks]), declined=declined
        )
        results = [VerificationResult(v.name, VerificationOutcome(v.outcome.value)) for v in verdicts]
        sealed = self.ctx.agent.make_verification_response(self.ctx.pairwise_key(view.org), req, results)
        now = self.ctx.now()
        all_declined = all(r.outcome is VerificationOutcome.DECLINED for r in results)
        with self.ctx.transaction("answer the verification request") as tx:
            new = (
                lc.refuse(at=now, reason="You declined every check.") if all_declined else lc.approve(at=now)
            )
            self.ctx.repos.requests.decide(tx, request_id, new.to_storage(), new.reason, int(now * 1000))
            self.ctx.record(
                tx,
                EventKind.VERIFICATION_ANSWERED,
                org=view.org,
                purpose=view.content.purpose_text,
                data={
                    "request": request_id,
                    "response": sealed.jti,
                    "results": {r.name: r.outcome.value for r in results},
                    # the checks the vault declined by itself, and why (shown with the answer)
                    "held": {name: h.to_json() for name, h in sorted(holds.items())},
                },
            )
        self.ctx.emit("requests", "decided", id=request_id)
        return IssuedGrant(sealed.jti, view.org, sealed.jwe, "answered", tuple(r.name for r in results), ())

    def correct_field(self, name: str, value: str) -> Field:
        """After a mismatch the subject may fix their own record (a correction to an organisation is sent
        as a normal grant, answering a request for that field)."""
        return self.ctx.vault.update_field(name, value=value)

    # -- derived data held until the subject decides ---------------------------------------------------------
    def hold_derived(
        self, msg: codec.Signed[DerivedDataRequest], lc: RequestLifecycle, request_id: str | None = None
    ) -> None:
        """Hold the data a derived-data request describes. ``request_id``: the vault's id of the request."""
        rid = request_id if request_id is not None else msg.jti
        b = msg.body
        item = DerivedItem(
            rid,
            msg.issuer,
            b.conclusion.name,
            b.conclusion.category,
            b.method,
            tuple(SourceRef(s.grant_id, tuple(s.fields)) for s in b.sources),
            b.processing[0] if b.processing else Processing.DERIVE,
        )
        refused = lc.state is RequestState.AUTO_REFUSED
        state = DerivedState.REFUSED if refused else item.state
        problems = self._source_problems(msg)
        with self.ctx.transaction("hold the derived data") as tx:
            self.ctx.repos.derived.insert(
                tx,
                rid,
                rid,
                msg.issuer,
                b.conclusion.name,
                b.conclusion.category.value,
                b.method,
                [(s.grant_id, s.fields) for s in b.sources],
                state,
                self.ctx.now_ms(),
            )
            self.ctx.record(
                tx,
                EventKind.DERIVED_HELD,
                org=msg.issuer,
                field=b.conclusion.name,
                purpose=b.purpose_text,
                data={
                    "request": rid,
                    "method": b.method,
                    "state": state.value,
                    "sources": [s.grant_id for s in b.sources],
                },
            )
            # the conclusion itself is personal data about the subject: keep it, marked as derived, held
            # (only from data this organisation was given: nothing it sends citing another organisation's
            # grant may change what the vault keeps)
            foreign = any(not own for own, _, _ in problems)
            if b.conclusion.value is not None and not refused and not foreign:
                self._store_conclusion(tx, msg, b)
        # a source that is not an active grant of this organisation is itself a violation
        for _, grant_id, problem in problems:
            self.grants.record_violation(
                msg.issuer,
                grant_id,
                "unauthorised-derivation",
                f"The organisation {problem}.",
                {"derived_request": msg.jti, "request_token": msg.token},
            )

    def _source_problems(self, msg: codec.Signed[DerivedDataRequest]) -> list[tuple[bool, str, str]]:
        """The cited sources this organisation had no right to derive from: (whether the grant is its own,
        grant id, why)."""
        out: list[tuple[bool, str, str]] = []
        for s in msg.body.sources:
            g = self.ctx.repos.grants.get(s.grant_id)
            problem = None
            if g is None or g.org != msg.issuer:
                problem = f"cites grant {s.grant_id}, which this organisation was never given"
            else:
                granted = {f.name for f in g.fields}
                extra = [f for f in s.fields if f not in granted]
                if extra:
                    problem = f"used fields {', '.join(extra)} that grant {s.grant_id} did not release"
                elif Processing.DERIVE not in g.scope.derivation:
                    problem = f"derived data from grant {s.grant_id}, which did not allow derivation"
            if problem:
                out.append((g is not None and g.org == msg.issuer, s.grant_id, problem))
        return out

    def _store_conclusion(self, tx: Tx, msg: codec.Signed[DerivedDataRequest], b: DerivedDataRequest) -> None:
        name = f"derived.{b.conclusion.name}"[:64]
        existing = self.ctx.vault.fields_named([name]).get(name.lower())
        if existing is not None and existing.provenance.by != msg.issuer:
            # another source's field of that name (another organisation's conclusion, or the subject's own
            # field) is never replaced: this organisation's conclusion is kept under a name of its own
            name = (
                f"derived.{b.conclusion.name}"[:55]
                + "."
                + hashlib.sha256(msg.issuer.encode()).hexdigest()[:8]
            )
        prov = Provenance(ProvenanceKind.DERIVED, msg.issuer, tuple(s.grant_id for s in b.sources), b.method)
        try:
            validate_field_name(name)
            value = validate_value(FieldType.TEXT, str(b.conclusion.value))
        except ValidationError:
            return
        f = Field(name, FieldType.TEXT, b.conclusion.category, value, prov)
        if self.ctx.vault.fields_named([name]):
            FieldRepository.update(tx, f, self.ctx.now_ms())
        else:
            FieldRepository.insert(tx, f, self.ctx.now_ms())
        self.ctx.record(
            tx,
            EventKind.FIELD_ADDED,
            field=name,
            data={
                "type": "text",
                "category": b.conclusion.category.value,
                "provenance": "derived",
                "by": msg.issuer,
            },
        )
