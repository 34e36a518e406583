"""The gate on Apache Spark (local mode, a real SparkSession): the same rows, the same counts as on one
machine."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from gate_world import GateWorld
from pyspark.sql import SparkSession

from vault_app.gate.accounting import build_report
from vault_app.gate.demo import make_demo
from vault_app.gate.rules import Reason
from vault_app.gate.spark import gate_accounting, gate_dataframe


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    # Spark's Python workers must run this interpreter (it has pyarrow and vault_app).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("pdv-gate-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.files.maxPartitionBytes", "1k")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_gives_exactly_the_one_machine_result(gw: GateWorld, spark: SparkSession) -> None:
    grants = [
        gw.grant(),
        gw.grant(status=1),
        gw.grant(fields=("birth_date",)),
        gw.grant(ttl=None),
        gw.grant(),
    ]
    keys = [g.jti for g in grants] * 30 + ["unknown-grant-00001", None]
    data = gw.data(keys, row_group_size=40)  # several row groups: several partitions, no shuffle
    run = gw.run(gw.job(), data)
    df = spark.read.parquet(str(data))
    assert df.rdd.getNumPartitions() > 1
    out = gate_dataframe(df, run.compiled, batch_rows=16)
    rows = sorted(tuple(r) for r in out.collect())
    assert rows == sorted(tuple(r.values()) for r in run.table.to_pylist())
    assert out.columns == ["grant", "email", "birth_date"]
    counts, usage = gate_accounting(df, run.compiled, batch_rows=16)
    report = build_report(
        run.compiled, run.grants, counts, usage, lists_loaded=5, lists_rejected={}, accept_stale=False
    )
    assert (
        report.dropped
        == run.report.dropped
        == {"revoked": 30, "field-not-released": 30, "status-stale": 30, "unknown-grant": 1, "no-key": 1}
    )
    assert report.rows_out == run.report.rows_out == 60
    assert report.grants["used"] == 2


def test_spark_subject_keyed_rows(gw: GateWorld, spark: SparkSession, tmp_path: Path) -> None:
    a, b = gw.grant(), gw.grant(status=2)
    data = gw.data([a.did, b.did, a.did], column="subject")
    run = gw.run(gw.job(grant_column=None, subject_column="subject"), data)
    df = spark.read.parquet(str(data))
    out = gate_dataframe(df, run.compiled)
    out.write.parquet(str(tmp_path / "spark-out"))
    got = pq.read_table(tmp_path / "spark-out").to_pylist()
    assert sorted(r["subject"] for r in got) == [a.did, a.did]
    assert gate_accounting(df, run.compiled)[0][Reason.SUPERSEDED] == 1


def test_the_readme_spark_commands_run_as_written(
    spark: SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's Spark block is skipped by the README test (it would start a second Spark); its Python code
    # runs here verbatim, in the demo folder, on this session (getOrCreate returns it).
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    block = readme.split("PYSPARK_PYTHON=$(which python) python -c '", 1)[1].split("\n'\n", 1)[0]
    make_demo(tmp_path / "demo", subjects=12)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    got = pq.read_table(tmp_path / "allowed-spark")
    assert got.schema.names == ["grant", "email", "birth_date"] and got.num_rows > 0
