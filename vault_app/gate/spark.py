"""The gate on Apache Spark: a DataFrame transformation running the same rules per partition (``mapInArrow``).

The compiled gate (:class:`~vault_app.gate.rules.CompiledGate`: the job's verdict for every grant and the
released values, decided once on the driver where the grants were verified) is broadcast to the executors;
each partition streams its Arrow record batches through :meth:`CompiledGate.apply`, exactly the code the
one-machine runner uses. Only the key column leaves the input DataFrame: every output value comes from the
grants.

Accounting runs as a second pass over the key column (:func:`gate_accounting`): dropped rows per reason and
used rows per grant are summed on the executors and collected (one row per reason and per used grant), so the
report and the usage receipts are made on the driver from exact counts. Nothing here depends on local mode:
the same code runs on a cluster (docs/gate.md says how to submit it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from vault_app.gate.rules import N_REASONS, CompiledGate

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["gate_accounting", "gate_dataframe", "spark_ddl"]

#: rows per batch handed to the rules (Spark's Arrow batches are regrouped up to this size: the lookup table
# is
#: hashed once per call, so bigger batches amortise it)
BATCH_ROWS = 1 << 18

_DDL = {
    pa.string(): "string",
    pa.large_string(): "string",
    pa.int64(): "bigint",
    pa.int32(): "int",
    pa.float64(): "double",
    pa.bool_(): "boolean",
}


def spark_ddl(schema: pa.Schema) -> str:
    """The Spark DDL schema of the gate's output (column names quoted)."""
    parts = []
    for f in schema:
        t = _DDL.get(f.type)
        if t is None:
            raise TypeError(f"no Spark type for {f.type}")
        parts.append(f"`{f.name}` {t}")
    return ", ".join(parts)


def _regroup(batches: Iterator[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    pending: list[pa.RecordBatch] = []
    n = 0
    for b in batches:
        pending.append(b)
        n += b.num_rows
        if n >= rows:
            yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]
            pending, n = [], 0
    if n:
        yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]


def gate_dataframe(df: DataFrame, compiled: CompiledGate, *, batch_rows: int = BATCH_ROWS) -> DataFrame:
    """The rows of ``df`` that ``compiled``'s job may see, in the released form (lazy, like any
    transformation)."""
    key = compiled.job.key_column
    shared = df.sparkSession.sparkContext.broadcast(compiled)

    def gate_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        gate: CompiledGate = shared.value
        for batch in _regroup(batches, batch_rows):
            out = gate.apply(batch)[0]
            if out.num_rows:
                yield out

    return df.select(key).mapInArrow(gate_partition, spark_ddl(compiled.schema))


def gate_accounting(
    df: DataFrame, compiled: CompiledGate, *, batch_rows: int = BATCH_ROWS
) -> tuple[np.ndarray, np.ndarray]:
    """Exact counts for the report and receipts: (rows per reason code, used rows per grant index)."""
    key = compiled.job.key_column
    shared = df.sparkSession.sparkContext.broadcast(compiled)

    def count_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        gate: CompiledGate = shared.value
        counts = np.zeros(N_REASONS, dtype=np.int64)
        usage = np.zeros(len(gate.grant_ids), dtype=np.int64)
        for batch in _regroup(batches, batch_rows):
            _, c, u = gate.apply(batch)
            counts += c
            usage += u
        used = np.nonzero(usage)[0]
        reasons = np.nonzero(counts)[0]
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(np.concatenate([np.zeros(len(reasons), np.int32), np.ones(len(used), np.int32)])),
                pa.array(np.concatenate([reasons, used]).astype(np.int64)),
                pa.array(np.concatenate([counts[reasons], usage[used]]).astype(np.int64)),
            ],
            names=["kind", "idx", "n"],
        )

    # One small table per partition, summed on the driver (no shuffle).
    parts: pa.Table = df.select(key).mapInArrow(count_partition, "kind int, idx bigint, n bigint").toArrow()
    kind = parts.column("kind").to_numpy()
    idx = parts.column("idx").to_numpy()
    n = parts.column("n").to_numpy()
    counts = np.zeros(N_REASONS, dtype=np.int64)
    usage = np.zeros(len(compiled.grant_ids), dtype=np.int64)
    np.add.at(counts, idx[kind == 0], n[kind == 0])
    np.add.at(usage, idx[kind == 1], n[kind == 1])
    return counts, usage
