"""A processing job's description (job JSON): what it does, for which purposes, on which fields, at what time.

The gate keeps a job inside its grants by comparing this description with each grant's scope, so every member
is checked strictly here and a malformed job is refused as a whole (:class:`JobError`, naming the member),
never
half-read. Format (docs/gate.md)::

    {"name": "churn-2027q1",                         # [A-Za-z0-9][A-Za-z0-9_.-]{0,63}
     "purposes": ["https://w3id.org/dpv#ServiceProvision"],
     "purpose_text": "Improve the savings account.",   # optional, copied into usage receipts
     "actions": ["use", "analyse"],                  # use | analyse | derive | infer | profile | transfer
     "fields": ["email", "age_band"],                # the granted fields the job reads
     "recipient": "did:key:z6Mk...",                 # exactly when "transfer" is an action
     "at": "2027-02-01T00:00:00Z",                   # the job's time (epoch seconds or ISO 8601)
     "grant_column": "grant",                        # rows carry a grant id ...
     "subject_column": "subject",                    # ... or a pairwise subject DID (one of the two)
     "outputs": [{"name": "churn_risk", "category": "behavioural",
                  "description": "Risk of leaving", "method": "gradient boosting on 12 months"}],
     "reanonymise": {"churn_risk": {"method": "number.bucket", "type": "number", "params": {"width": "10"}}}}

``outputs`` is required exactly when the job derives (``derive``, ``infer`` or ``profile``): a job that draws
conclusions must name them so that they can be held and asked for. ``reanonymise`` says how a held conclusion
released exactly by a derived-data grant is anonymised again before this job may use it (a policy transform).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from vault_app.domain.errors import ProtocolError, ValidationError
from vault_app.domain.model import Category, FieldType, Processing
from vault_app.protocol import schema
from vault_app.protocol.did import is_did_key

__all__ = ["Action", "Job", "JobError", "OutputSpec", "Reanonymise", "parse_job", "parse_time"]

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_COLUMN_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
MAX_FIELDS = 64
MAX_PURPOSES = 16
MAX_OUTPUTS = 16


class JobError(ValidationError):
    """The job description is malformed; the message names the member at fault (exit code 2)."""


class Action(enum.StrEnum):
    """What a job does with the rows; each needs its own part of a grant's scope."""

    USE = "use"
    ANALYSE = "analyse"
    DERIVE = "derive"
    INFER = "infer"
    PROFILE = "profile"
    TRANSFER = "transfer"

    @property
    def processing(self) -> Processing | None:
        """The processing term a grant must list for this action (None: plain use or transfer)."""
        return _PROCESSING.get(self)


_PROCESSING = {
    Action.ANALYSE: Processing.ANALYSE,
    Action.DERIVE: Processing.DERIVE,
    Action.INFER: Processing.INFER,
    Action.PROFILE: Processing.PROFILE,
}
#: actions that draw conclusions from the data: the job must name its outputs
DERIVING = frozenset({Action.DERIVE, Action.INFER, Action.PROFILE})


@dataclass(frozen=True)
class OutputSpec:
    """A conclusion the job derives (held until the subject authorises it)."""

    name: str
    category: Category
    description: str
    method: str


@dataclass(frozen=True)
class Reanonymise:
    """How a held conclusion released exactly is anonymised again before reuse (a policy.anonymise
    transform)."""

    method: str
    type: FieldType
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Job:
    name: str
    purposes: tuple[str, ...]
    actions: tuple[Action, ...]
    fields: tuple[str, ...]
    at: int
    purpose_text: str | None = None
    recipient: str | None = None
    grant_column: str | None = "grant"
    subject_column: str | None = None
    outputs: tuple[OutputSpec, ...] = ()
    reanonymise: Mapping[str, Reanonymise] = field(default_factory=dict)

    @property
    def derives(self) -> bool:
        return any(a in DERIVING for a in self.actions)

    @property
    def key_column(self) -> str:
        col = self.grant_column or self.subject_column
        assert col is not None
        return col


def parse_time(value: Any, where: str = "at") -> int:
    """Epoch seconds (integer) or an ISO 8601 time (a time without a zone is UTC)."""
    if type(value) is int and 0 <= value <= schema.NUMERIC_DATE_MAX:
        return value
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            raise JobError(
                f"'{where}' must be epoch seconds or an ISO 8601 time such as 2027-02-01T00:00:00Z."
            ) from None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return int(dt.timestamp())
    raise JobError(f"'{where}' must be epoch seconds or an ISO 8601 time such as 2027-02-01T00:00:00Z.")


def _text(
    o: Mapping[str, Any], key: str, where: str, *, required: bool = True, limit: int = 1000
) -> str | None:
    if key not in o:
        if required:
            raise JobError(f"'{where}{key}' is missing.")
        return None
    v = o[key]
    try:
        return schema.text(v, f"{where}{key}", max_len=limit, multiline=True)
    except ProtocolError as exc:
        raise JobError(f"'{where}{key}': {exc.message}") from None


def _list(o: Mapping[str, Any], key: str, *, max_items: int, required: bool = True) -> list[Any]:
    if key not in o:
        if required:
            raise JobError(f"'{key}' is missing.")
        return []
    v = o[key]
    if type(v) is not list or not (1 if required else 0) <= len(v) <= max_items:
        raise JobError(f"'{key}' must be a list of {1 if required else 0} to {max_items} items.")
    if len(set(map(repr, v))) != len(v):
        raise JobError(f"'{key}' lists an item twice.")
    return v


def _column(o: Mapping[str, Any], key: str) -> str | None:
    v = o.get(key)
    if v is None:
        return None
    if type(v) is not str or not _COLUMN_RE.fullmatch(v):
        raise JobError(f"'{key}' must be a column name ([A-Za-z_][A-Za-z0-9_.-], at most 64 characters).")
    return v


_KNOWN = frozenset(
    {
        "name",
        "purposes",
        "purpose_text",
        "actions",
        "fields",
        "recipient",
        "at",
        "grant_column",
        "subject_column",
        "outputs",
        "reanonymise",
    }
)


def parse_job(data: Any) -> Job:
    """Check a job description (already decoded from JSON) member by member; JobError names what is wrong."""
    if not isinstance(data, dict):
        raise JobError("The job must be a JSON object.")
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise JobError(
            f"'{unknown[0]}' is not a job member (a typo would silently change what the job may do)."
        )
    name = data.get("name")
    if type(name) is not str or not _NAME_RE.fullmatch(name):
        raise JobError("'name' must be 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit.")
    purposes = _list(data, "purposes", max_items=MAX_PURPOSES)
    for i, p in enumerate(purposes):
        if type(p) is not str or not schema.IRI_RE.fullmatch(p):
            raise JobError(
                f"'purposes[{i}]' must be an https IRI such as https://w3id.org/dpv#ServiceProvision."
            )
    actions = []
    for i, a in enumerate(_list(data, "actions", max_items=len(Action))):
        try:
            actions.append(Action(a))
        except ValueError:
            raise JobError(f"'actions[{i}]' must be one of {', '.join(x.value for x in Action)}.") from None
    fields = _list(data, "fields", max_items=MAX_FIELDS)
    for i, f in enumerate(fields):
        if type(f) is not str or not schema.FIELD_NAME_RE.fullmatch(f):
            raise JobError(f"'fields[{i}]' must be a field name ([A-Za-z0-9][A-Za-z0-9_.-], at most 64).")
    if "at" not in data:
        raise JobError("'at' is missing: the gate decides validity at the job's time.")
    at = parse_time(data["at"])
    recipient = data.get("recipient")
    if (Action.TRANSFER in actions) != (recipient is not None):
        raise JobError("'recipient' must be given exactly when 'transfer' is one of the actions.")
    if recipient is not None and not is_did_key(recipient):
        raise JobError("'recipient' must be the receiving organisation's did:key.")
    grant_column, subject_column = _column(data, "grant_column"), _column(data, "subject_column")
    if grant_column is None and subject_column is None:
        grant_column = "grant"
    if grant_column is not None and subject_column is not None:
        raise JobError("Give 'grant_column' or 'subject_column', not both: rows carry one kind of key.")
    key = grant_column or subject_column
    if key in fields:
        raise JobError("The key column cannot also be a field the job reads.")
    outputs = []
    for i, o in enumerate(_list(data, "outputs", max_items=MAX_OUTPUTS, required=False)):
        where = f"outputs[{i}]."
        if not isinstance(o, dict) or set(o) - {"name", "category", "description", "method"}:
            raise JobError(f"'outputs[{i}]' must be an object with name, category, description and method.")
        oname = o.get("name")
        if type(oname) is not str or not schema.FIELD_NAME_RE.fullmatch(oname):
            raise JobError(f"'{where}name' must be a field name.")
        try:
            category = Category(str(o.get("category")))
        except ValueError:
            raise JobError(
                f"'{where}category' must be one of {', '.join(c.value for c in Category)}."
            ) from None
        outputs.append(
            OutputSpec(oname, category, _text(o, "description", where) or "", _text(o, "method", where) or "")
        )
    derives = any(a in DERIVING for a in actions)
    if derives and not outputs:
        raise JobError("A job that derives, infers or profiles must name its outputs ('outputs').")
    if outputs and not derives:
        raise JobError(
            "'outputs' are for jobs that derive, infer or profile; add the action or drop the outputs."
        )
    if len({o.name for o in outputs}) != len(outputs):
        raise JobError("'outputs' names a conclusion twice.")
    reanonymise: dict[str, Reanonymise] = {}
    raw = data.get("reanonymise", {})
    if not isinstance(raw, dict):
        raise JobError("'reanonymise' must be an object: conclusion name -> {method, type, params}.")
    for fname, spec in raw.items():
        where = f"reanonymise.{fname}."
        if fname not in fields:
            raise JobError(f"'reanonymise' names '{fname}', which is not among the fields the job reads.")
        if (
            not isinstance(spec, dict)
            or set(spec) - {"method", "type", "params"}
            or type(spec.get("method")) is not str
        ):
            raise JobError(f"'{where[:-1]}' must be an object with method, type and optional params.")
        try:
            ftype = FieldType(str(spec.get("type")))
        except ValueError:
            raise JobError(f"'{where}type' must be one of {', '.join(t.value for t in FieldType)}.") from None
        params = spec.get("params", {})
        if not isinstance(params, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in params.items()
        ):
            raise JobError(f"'{where}params' must map setting names to text.")
        reanonymise[fname] = Reanonymise(spec["method"], ftype, tuple(sorted(params.items())))
    return Job(
        name=name,
        purposes=tuple(purposes),
        actions=tuple(actions),
        fields=tuple(fields),
        at=at,
        purpose_text=_text(data, "purpose_text", "", required=False),
        recipient=recipient,
        grant_column=grant_column,
        subject_column=subject_column,
        outputs=tuple(outputs),
        reanonymise=reanonymise,
    )
