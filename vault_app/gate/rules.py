"""The gate's rules, once, over Apache Arrow record batches: which rows a job may see, and in what form.

Two steps. :func:`compile_gate` decides, for one job, every grant's verdict (a reason code, 0 = allowed) and
the form of every field the job reads, from the grant table, the status source and the held area; this is work
per grant, done once on the driver. :meth:`CompiledGate.apply` then gates one record batch: it looks the rows'
grant ids (or pairwise subject DIDs) up in the compiled table (a hash lookup), keeps the rows whose grant is
allowed, and builds the output from the grants: the key column and, for every field the job reads, the value
in the form the grant released it (an anonymised value stays anonymised; a withheld field makes the row fail,
it is never filled in; a column of the input that the job does not read is absent). It also counts the dropped
rows per reason and the used rows per grant, for the report and the usage receipts. Both engines (one machine,
Spark) call :meth:`CompiledGate.apply` and nothing else.

A grant is allowed for a job when: it verified on entry (:mod:`vault_app.gate.grants`) and was made for this
organisation; at the job's time it is issued (``iat`` minus skew) and not expired (``exp``); its status list,
fresh at that time, says valid (a stale list only if the caller accepts staleness, with a warning); its scope
lists every purpose of the job and the processing every action needs (analyse, derive, infer, profile), and
the recipient of a transfer among its onward recipients; it released every field the job reads. A grant
answering a derived-data request (a held conclusion) must also find the conclusion in the held area, its
source grants must still stand, and under ``reanonymise-before-reuse`` the value is anonymised again (an
anonymised release as it is; an exact one by the job's ``reanonymise`` transform, else the rows are dropped)
and the row key is replaced by a pseudonym drawn for this run, so the job cannot link the conclusion back to
the person.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Field, Processing, ReleaseMode
from vault_app.gate.grants import GrantRecord, GrantSet
from vault_app.gate.job import Action, Job
from vault_app.gate.status import GrantState, StatusSource
from vault_app.policy import anonymise

__all__ = ["CompiledGate", "Reason", "compile_gate"]

REANONYMISE = "reanonymise-before-reuse"


class Reason(enum.IntEnum):
    """Why a row was dropped (the report names them by :attr:`word`)."""

    ALLOWED = 0
    UNKNOWN_GRANT = 1
    NO_KEY = 2
    UNKNOWN_SUBJECT = 3
    GRANT_REJECTED = 4
    OTHER_ORGANISATION = 5
    NOT_YET_VALID = 6
    EXPIRED = 7
    REVOKED = 8
    SUPERSEDED = 9
    ERASED = 10
    STATUS_INVALID = 11
    STATUS_UNKNOWN = 12
    STATUS_STALE = 13
    PURPOSE_NOT_GRANTED = 14
    PROCESSING_NOT_GRANTED = 15
    RECIPIENT_NOT_GRANTED = 16
    FIELD_NOT_RELEASED = 17
    CONCLUSION_NOT_HELD = 18
    SOURCE_GRANT_ENDED = 19
    REANONYMISATION_NEEDED = 20

    @property
    def word(self) -> str:
        return self.name.lower().replace("_", "-")


N_REASONS = len(Reason)
_STATE_REASON = {
    GrantState.REVOKED: Reason.REVOKED,
    GrantState.SUPERSEDED: Reason.SUPERSEDED,
    GrantState.ERASED: Reason.ERASED,
    GrantState.INVALID: Reason.STATUS_INVALID,
    GrantState.UNKNOWN: Reason.STATUS_UNKNOWN,
}


@dataclass
class Verdicts:
    """What compile_gate found about the grants (counts only; no values)."""

    per_reason: dict[str, int] = field(default_factory=dict)
    stale_accepted: int = 0
    status_unknown: dict[str, int] = field(default_factory=dict)


# Enum members bound once: looking a member up on its class goes through EnumType.__getattr__ in Python 3.11,
# which costs microseconds per grant in the loops below.
_ALLOWED = int(Reason.ALLOWED)
_VALID, _UNKNOWN = GrantState.VALID, GrantState.UNKNOWN
_ENDED_STATES = (GrantState.REVOKED, GrantState.ERASED, GrantState.SUPERSEDED)
_UNCHECKED = (int(Reason.STATUS_STALE), int(Reason.STATUS_UNKNOWN), int(Reason.STATUS_INVALID))
_STATE_CODE = {state: int(reason) for state, reason in _STATE_REASON.items()}
_R = {r.name: int(r) for r in Reason}


@dataclass(frozen=True)
class _JobTerms:
    """What every grant is compared with, computed once per job."""

    at: int
    not_after: int
    purposes: frozenset[str]
    processing: frozenset[Processing]
    recipient: str | None
    fields: frozenset[str]


def _terms(job: Job, skew: int) -> _JobTerms:
    procs = frozenset(p for p in (a.processing for a in job.actions) if p is not None)
    return _JobTerms(
        job.at,
        job.at + skew,
        frozenset(job.purposes),
        procs,
        job.recipient if Action.TRANSFER in job.actions else None,
        frozenset(job.fields),
    )


def _grant_verdict(
    rec: GrantRecord, t: _JobTerms, status: StatusSource, accept_stale: bool, v: Verdicts
) -> tuple[int, GrantState | None]:
    if rec.rejected is not None:
        return (
            _R["OTHER_ORGANISATION"] if rec.rejected == "other-organisation" else _R["GRANT_REJECTED"]
        ), None
    g = rec.grant
    assert g is not None
    if rec.issued_at > t.not_after:
        return _R["NOT_YET_VALID"], None
    if rec.expires_at <= t.at:
        return _R["EXPIRED"], None
    body = g.body
    answer = status.status_of(rec.issuer, body.status, rec.issued_at, t.at)
    state = answer.state
    if state is _UNKNOWN:
        detail = answer.detail or "unknown"
        v.status_unknown[detail] = v.status_unknown.get(detail, 0) + 1
        return _R["STATUS_UNKNOWN"], state
    if answer.stale:
        if not accept_stale:
            return _R["STATUS_STALE"], state
        v.stale_accepted += 1
    if state is not _VALID:
        return _STATE_CODE[state], state
    scope = body.scope
    if not t.purposes.issubset(scope.purposes):
        return _R["PURPOSE_NOT_GRANTED"], state
    if t.processing and not t.processing.issubset(scope.derivation):
        return _R["PROCESSING_NOT_GRANTED"], state
    if t.recipient is not None and t.recipient not in scope.onward_recipients:
        return _R["RECIPIENT_NOT_GRANTED"], state
    if not t.fields.issubset([f.name for f in body.fields]):
        return _R["FIELD_NOT_RELEASED"], state
    return _ALLOWED, state


def _reference_date(at: int) -> Any:
    return datetime.fromtimestamp(at, UTC).date()


def _column(values: list[Any]) -> pa.Array[Any]:
    """An Arrow column for released values: their own type when they agree, text otherwise (hostile grants may
    mix types under one field name; the value is kept, never guessed)."""
    try:
        arr: pa.Array[Any] = pa.array(values)
        return arr
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(
            [
                None if x is None else (("true" if x else "false") if isinstance(x, bool) else str(x))
                for x in values
            ],
            type=pa.string(),
        )


@dataclass
class CompiledGate:
    """One job's verdicts over one grant table, ready to gate record batches (picklable for Spark)."""

    job: Job
    key_is_subject: bool
    #: grant ids (or subject DIDs in subject mode), in lookup order
    keys: pa.Array[Any]
    #: per key (+1 trailing slot for unknown keys): index into the grant arrays (subject mode: the subject's
    #: chosen grant); the trailing slot points at the grants' own trailing "unknown" slot
    key_to_grant: np.ndarray
    #: per grant (+1 trailing slot for "unknown"): reason code
    codes: np.ndarray
    grant_ids: list[str]
    #: per job field: released value per grant (+ trailing null)
    values: dict[str, pa.Array[Any]]
    #: output key per grant (+ trailing null): the grant id / subject, or a pseudonym under re-anonymisation
    key_out: pa.Array[Any] | None
    schema: pa.Schema
    verdicts: Verdicts

    # --- per batch ------------------------------------------------------------------------------------------

    def apply(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, np.ndarray, np.ndarray]:
        """Gate one batch: (allowed rows in the released form, dropped-row counts per reason code, used-row
        counts per grant index)."""
        n_grants = len(self.grant_ids)
        col = self.job.key_column
        if col not in batch.schema.names:
            raise ValidationError(
                f"The data has no column '{col}' naming each row's "
                f"{'subject' if self.key_is_subject else 'grant'}."
            )
        keys: pa.Array[Any] = batch.column(col)
        text = (pa.string(), pa.large_string(), pa.string_view())
        if pa.types.is_dictionary(keys.type) and keys.type.value_type in text:
            # Dictionary-encoded keys (as Parquet stores them): look each distinct key up once, then map the
            # rows by their small-integer indices; no per-row string hashing.
            encoded = cast("pa.DictionaryArray[Any, Any]", keys)
            dictionary = encoded.dictionary.cast(pa.string())
            known: pa.Array[Any] = pc.index_in(dictionary, value_set=self.keys)
            dict_pos = pc.fill_null(known, pa.scalar(len(self.keys), type=known.type)).to_numpy()
            indices: pa.Array[Any] = encoded.indices
            pos = dict_pos[pc.fill_null(indices, pa.scalar(0, type=indices.type)).to_numpy()]
        elif keys.type in text:
            # unknown keys (and nulls) go to the trailing "unknown" slot of key_to_grant
            found: pa.Array[Any] = pc.index_in(keys.cast(pa.string()), value_set=self.keys)
            pos = pc.fill_null(found, pa.scalar(len(self.keys), type=found.type)).to_numpy()
        else:
            raise ValidationError(f"The column '{col}' must hold text (grant ids or subject DIDs).")
        gidx = self.key_to_grant[pos]
        codes = self.codes[gidx]
        if keys.null_count:
            codes = codes.copy()
            codes[pc.is_null(keys).to_numpy(zero_copy_only=False)] = Reason.NO_KEY
        allowed = codes == 0
        counts = np.bincount(codes, minlength=N_REASONS)
        sel = gidx[allowed]
        usage = np.bincount(sel, minlength=n_grants + 1)[:n_grants]
        take = pa.array(sel, type=pa.int64())
        # allowed rows always have a known key: the output key is the looked-up one (or its pseudonym)
        key_col = (
            self.key_out.take(take) if self.key_out is not None else self.keys.take(pa.array(pos[allowed]))
        )
        cols = [key_col] + [self.values[f].take(take) for f in self.job.fields]
        return pa.RecordBatch.from_arrays(cols, schema=self.schema), counts, usage

    def apply_table(self, table: pa.Table) -> tuple[pa.Table, np.ndarray, np.ndarray]:
        counts = np.zeros(N_REASONS, dtype=np.int64)
        usage = np.zeros(len(self.grant_ids), dtype=np.int64)
        out = []
        for batch in table.to_batches():
            b, c, u = self.apply(batch)
            counts += c
            usage += u
            out.append(b)
        return pa.Table.from_batches(out, schema=self.schema), counts, usage


def _pseudonym(key: bytes, value: str) -> str:
    return "p-" + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def compile_gate(
    job: Job,
    grants: GrantSet,
    status: StatusSource,
    *,
    accept_stale: bool = False,
    held: Collection[tuple[str, str]] | None = None,
    skew: int = 120,
) -> CompiledGate:
    """Decide every grant's verdict for ``job``. ``held``: the (subject DID, conclusion name) pairs in the
    held area; a grant answering a derived-data request is allowed only for a conclusion found there."""
    v = Verdicts()
    records = list(grants.records.values())
    n = len(records)
    index = {r.grant_id: i for i, r in enumerate(records)}
    codes: list[int] = [0] * (n + 1)
    codes[n] = _R["UNKNOWN_GRANT"]
    states: list[GrantState | None] = []
    terms = _terms(job, skew)
    for i, rec in enumerate(records):
        code, state = _grant_verdict(rec, terms, status, accept_stale, v)
        codes[i] = code
        states.append(state)
    # Derived-data grants: the conclusion must be held, its sources must still stand; re-anonymise.
    run_key = secrets.token_bytes(32)
    pseudonymise = False
    values: dict[str, list[Any]] = {f: [None] * (n + 1) for f in job.fields}
    key_out: list[str | None] = [None] * (n + 1)
    ref_date = _reference_date(job.at)
    for i, rec in enumerate(records):
        key_out[i] = rec.issuer if job.subject_column else rec.grant_id
        if codes[i] != _ALLOWED or rec.grant is None:
            continue
        body = rec.grant.body
        reanonymise = REANONYMISE in body.conditions
        if rec.derived is not None:
            if held is None or (rec.issuer, rec.derived.conclusion.name) not in held:
                codes[i] = _R["CONCLUSION_NOT_HELD"]
                continue
            for src in rec.derived.sources:
                j = index.get(src.grant_id)
                if (
                    j is None
                    or states[j] in _ENDED_STATES
                    # a source whose status cannot be checked cannot be shown to stand either
                    or codes[j] in _UNCHECKED
                    or (records[j].rejected is not None)
                    or records[j].expires_at <= job.at
                ):
                    codes[i] = _R["SOURCE_GRANT_ENDED"]
                    break
            if codes[i] != _ALLOWED:
                continue
        by_name = {f.name: f for f in body.fields}
        row_values: dict[str, Any] = {}
        for fname in job.fields:
            rf = by_name[fname]
            value = rf.value
            if reanonymise and rf.form is ReleaseMode.EXACT:
                spec = job.reanonymise.get(fname)
                if spec is None:
                    codes[i] = _R["REANONYMISATION_NEEDED"]
                    break
                try:
                    value = anonymise.apply(
                        spec.method,
                        Field(fname, spec.type, rf.category, str(value)),
                        spec.params,
                        anonymise.TransformContext(ref_date, org_pseudonym_key=run_key),
                    ).value
                except ValidationError:
                    codes[i] = _R["REANONYMISATION_NEEDED"]
                    break
            row_values[fname] = value
        if codes[i] != _ALLOWED:
            continue
        for fname, value in row_values.items():
            values[fname][i] = value
        if reanonymise:
            pseudonymise = True
            key_out[i] = _pseudonym(run_key, key_out[i] or "")
    for code, count in Counter(codes[:n]).items():
        v.per_reason[Reason(code).word] = count
    grant_ids = [r.grant_id for r in records]
    if job.subject_column:
        # The subject's grant: the newest allowed one. If none is allowed, the most telling one (report):
        # a grant releasing the fields the job reads before one that does not, then the newest, then by id (so
        # the reason reported never depends on file order).
        wanted = set(job.fields)

        def rank(i: int) -> tuple[bool, bool, int, str]:
            rec = records[i]
            releases = rec.grant is not None and wanted <= {f.name for f in rec.grant.body.fields}
            return (codes[i] == 0, releases, rec.issued_at, rec.grant_id)

        best: dict[str, int] = {}
        for i, rec in enumerate(records):
            j = best.get(rec.issuer)
            if j is None or rank(i) > rank(j):
                best[rec.issuer] = i
        subjects = list(best)
        keys = pa.array(subjects, type=pa.string())
        key_to_grant_arr = np.array([best[s] for s in subjects] + [n], dtype=np.int64)
        codes_subject_unknown = codes.copy()
        codes_subject_unknown[n] = _R["UNKNOWN_SUBJECT"]
        codes = codes_subject_unknown
    else:
        keys = pa.array(grant_ids, type=pa.string())
        key_to_grant_arr = np.arange(n + 1, dtype=np.int64)
    value_arrays = {f: _column(values[f]) for f in job.fields}
    key_arr = pa.array(key_out, type=pa.string()) if pseudonymise else None
    schema = pa.schema(
        [pa.field(job.key_column, pa.string())]
        + [
            pa.field(f, value_arrays[f].type if value_arrays[f].type != pa.null() else pa.string())
            for f in job.fields
        ]
    )
    value_arrays = {f: (a if a.type != pa.null() else a.cast(pa.string())) for f, a in value_arrays.items()}
    return CompiledGate(
        job,
        bool(job.subject_column),
        keys,
        key_to_grant_arr,
        np.array(codes, dtype=np.int64),
        grant_ids,
        value_arrays,
        key_arr,
        schema,
        v,
    )
