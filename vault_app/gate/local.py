"""The gate on one machine: Parquet in, Parquet out, record batch by record batch (pyarrow).

Only the key column (grant id or subject DID) is read from the input: every value in the output comes from the
grants, in the form they released it, so a column the job does not read never passes, whatever the file holds.
"""

from __future__ import annotations

import os
from typing import BinaryIO

import numpy as np
import pyarrow.parquet as pq

from vault_app.domain.errors import ValidationError
from vault_app.gate.rules import N_REASONS, CompiledGate

__all__ = ["gate_parquet", "open_private"]

BATCH_ROWS = 1 << 20


def open_private(path: str | os.PathLike[str]) -> BinaryIO:
    """A new file open for writing, owner-only from the start: gated rows hold personal values."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # O_CREAT's mode is only used for a new file
    return os.fdopen(fd, "wb")


def gate_parquet(
    compiled: CompiledGate,
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    batch_rows: int = BATCH_ROWS,
) -> tuple[np.ndarray, np.ndarray]:
    """Gate the Parquet file ``src`` into ``dst``; returns (dropped-row counts per reason, used rows per
    grant)."""
    key = compiled.job.key_column
    try:
        names = pq.read_schema(os.fspath(src)).names
        # read dictionary-encoded (as Parquet stores it): each distinct key is looked up once
        reader = pq.ParquetFile(os.fspath(src), read_dictionary=[key] if key in names else None)
    except (OSError, ValueError) as exc:
        raise ValidationError(
            f"The input {src} is not a readable Parquet file ({type(exc).__name__})."
        ) from None
    if key not in names:
        raise ValidationError(
            f"The input has no column '{key}' naming each row's "
            f"{'subject' if compiled.key_is_subject else 'grant'}."
        )
    counts = np.zeros(N_REASONS, dtype=np.int64)
    usage = np.zeros(len(compiled.grant_ids), dtype=np.int64)
    tmp = f"{os.fspath(dst)}.part"
    try:
        with open_private(tmp) as fh, pq.ParquetWriter(fh, compiled.schema) as writer:
            for batch in reader.iter_batches(batch_size=batch_rows, columns=[key]):
                out, c, u = compiled.apply(batch)
                counts += c
                usage += u
                if out.num_rows:
                    writer.write_batch(out)
        os.replace(tmp, dst)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return counts, usage
