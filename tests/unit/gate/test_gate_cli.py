"""``pdvault-org gate``, ``hold`` and ``gate-demo`` through the public command line: exit codes, report, usage
log, receipts the subject can verify, and the derived-data round (held, asked for, authorised,
re-anonymised)."""

from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from gate_world import PURPOSE, T0, GateWorld

from vault_app.cli.org import main
from vault_app.domain.files import atomic_write
from vault_app.domain.model import Category, Processing, ReleasedField, ReleaseMode
from vault_app.protocol.messages import UsageAction


def org_cli(*argv: str, at: int = T0) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["--at", str(at), *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def gate_cli(gw: GateWorld, job: Path, data: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = org_cli(
        "gate",
        "--keys",
        str(gw.keys),
        "--job",
        str(job),
        "--in",
        str(data),
        "--out",
        str(gw.root / "allowed.parquet"),
        "--grants",
        str(gw.grants),
        *extra,
    )
    assert "Traceback" not in err
    return code, (json.loads(out) if out.strip().startswith("{") else {}), err


def test_gate_cli_writes_allowed_rows_report_usage_log_and_verifiable_receipts(gw: GateWorld) -> None:
    a, b, revoked = gw.grant(), gw.grant(), gw.grant(status=1)
    data = gw.data([a.jti, b.jti, a.jti, revoked.jti, "unknown-grant-00001"])
    job = gw.job_file(actions=["use", "analyse"], purpose_text="Monthly statistics.")
    code, report, err = gate_cli(
        gw, job, data, "--usage-log", str(gw.root / "usage.jsonl"), "--receipts", str(gw.root / "receipts")
    )
    assert code == 0
    assert report["rows_in"] == 5 and report["rows_out"] == 3
    assert report["dropped"] == {"revoked": 1, "unknown-grant": 1}
    assert "2 of 5 rows dropped" in err and "revoked: 1" in err
    assert pq.read_table(gw.root / "allowed.parquet").num_rows == 3
    usage = [json.loads(line) for line in (gw.root / "usage.jsonl").read_text().splitlines()]
    assert sorted((u["grant"], u["rows"]) for u in usage) == sorted([(a.jti, 2), (b.jti, 1)])
    assert report["receipts"] == 2
    for g in (a, b):
        token = (gw.root / "receipts" / f"{g.jti}.pdvreceipt").read_text().strip()
        receipt = gw.agent.parse_receipt(token, audience=g.did, organisation=gw.org.did)
        assert receipt.body.grant_id == g.jti
        assert [e.action for e in receipt.body.entries] == [UsageAction.USE, UsageAction.ANALYSE]
        assert receipt.body.entries[0].fields == ("email", "birth_date")
        assert receipt.body.entries[0].purpose_text == "Monthly statistics."
    assert not (gw.root / "receipts" / f"{revoked.jti}.pdvreceipt").exists()
    everything = json.dumps(report) + err + (gw.root / "usage.jsonl").read_text()
    assert "example.org" not in everything and "30-39" not in everything


def test_gate_cli_exit_codes(gw: GateWorld) -> None:
    g = gw.grant(ttl=None)  # a list that cannot be known fresh
    data = gw.data([g.jti])
    code, report, err = gate_cli(gw, gw.job_file(), data)
    assert code == 13 and report["dropped"] == {"status-stale": 1} and "stale" in err
    code, report, err = gate_cli(gw, gw.job_file(), data, "--accept-stale")
    assert code == 0 and report["rows_out"] == 1 and "warning" in err and report["warnings"]
    code, _, err = gate_cli(gw, gw.job_file(actions=["transfer"]), data)
    assert code == 2 and "'recipient'" in err
    bad = gw.root / "bad.json"
    bad.write_text("{not json")
    code, _, err = gate_cli(gw, bad, data)
    assert code == 2 and "not valid JSON" in err
    code, _, err = gate_cli(gw, gw.job_file(), gw.root / "missing.parquet")
    assert code == 1 and "does not exist" in err
    code, _, err = gate_cli(gw, gw.job_file(grant_column="gid"), data)
    assert code == 2 and "no column 'gid'" in err
    code, _, err = gate_cli(
        gw,
        gw.job_file(
            actions=["derive"],
            outputs=[{"name": "segment", "category": "behavioural", "description": "d", "method": "m"}],
        ),
        data,
    )
    assert code == 2 and "--held" in err
    notparquet = gw.root / "x.parquet"
    notparquet.write_text("hello")
    code, _, err = gate_cli(gw, gw.job_file(), notparquet)
    assert code == 2 and "not a readable Parquet" in err


def test_gate_demo_then_gate_runs(tmp_path: Path) -> None:
    code, out, _ = org_cli("gate-demo", "--dir", str(tmp_path / "demo"), "--subjects", "20")
    assert code == 0
    demo = json.loads(out)
    code, out, err = org_cli(
        "gate",
        "--keys",
        demo["keys"],
        "--job",
        demo["job"],
        "--in",
        demo["data"],
        "--out",
        str(tmp_path / "allowed.parquet"),
        "--grants",
        demo["grants"],
    )
    report = json.loads(out)
    assert code == 0, err
    assert report["grants"]["verified"] == 20
    assert set(report["dropped"]) == {
        "expired",
        "revoked",
        "processing-not-granted",
        "field-not-released",
        "unknown-grant",
    }
    assert report["rows_out"] == pq.read_table(tmp_path / "allowed.parquet").num_rows > 0


def _derive_job(gw: GateWorld, **kw: Any) -> Path:
    return gw.job_file(
        "derive.json",
        name="segments",
        actions=["use", "derive"],
        fields=["birth_date", "balance"],
        outputs=[
            {
                "name": "wealth",
                "category": "financial",
                "description": "Savings level",
                "method": "sum of balances",
            }
        ],
        **kw,
    )


def test_derived_conclusions_are_held_asked_for_and_released_only_under_a_derived_grant_reanonymised(
    gw: GateWorld,
) -> None:
    fields = ("birth_date", "balance")
    a = gw.grant(processing=(Processing.ANALYSE, Processing.DERIVE), fields=fields)
    b = gw.grant(processing=(Processing.ANALYSE, Processing.DERIVE), fields=fields)
    nodrv = gw.grant(processing=(Processing.ANALYSE,), fields=fields)  # may not be derived from
    held = gw.root / "held"
    code, report, err = gate_cli(gw, _derive_job(gw), gw.data([a.jti, b.jti, nodrv.jti]), "--held", str(held))
    assert code == 0 and report["dropped"] == {"processing-not-granted": 1}
    assert report["held"]["subjects_with_lineage"] == 2
    allowed = pq.read_table(gw.root / "allowed.parquet")
    # the job computes its conclusion (here: the balance itself) and deposits it, keyed like its input
    conclusions = gw.root / "conclusions.parquet"
    pq.write_table(
        pa.table({"grant": allowed.column("grant"), "wealth": allowed.column("balance")}), conclusions
    )
    code, out, err = org_cli(
        "hold",
        "--keys",
        str(gw.keys),
        "--job",
        str(_derive_job(gw)),
        "--in",
        str(conclusions),
        "--held",
        str(held),
    )
    assert code == 0, err
    assert json.loads(out) == {
        "held": 2,
        "requests_drafted": 2,
        "refused": {},
        "requests": str(held / "requests"),
    }
    lineage = [json.loads(x) for x in (held / "lineage.jsonl").read_text().splitlines()]
    assert sorted(x["sources"][0]["grant"] for x in lineage) == sorted([a.jti, b.jti])
    assert "1201" not in (held / "lineage.jsonl").read_text()
    # an undeclared column is refused: every conclusion must be named by the job
    pq.write_table(pa.table({"grant": [a.jti], "other": [1]}), gw.root / "undeclared.parquet")
    code, _, err = org_cli(
        "hold",
        "--keys",
        str(gw.keys),
        "--job",
        str(_derive_job(gw)),
        "--in",
        str(gw.root / "undeclared.parquet"),
        "--held",
        str(held),
    )
    assert code == 2 and "did not declare" in err

    # subject a authorises the conclusion (exactly) in answer to the drafted request
    requests = sorted((held / "requests" / "wealth").glob("*.pdvreq"))
    by_subject = {}
    for path in requests:
        token = path.read_text().strip()
        for g in (a, b):
            try:
                by_subject[g.did] = (
                    gw.agent.parse_derived_request(token, audience=g.did, organisation=gw.org.did),
                    token,
                )
            except Exception:  # addressed to the other subject
                continue
    signed, token = by_subject[a.did]
    assert [s.grant_id for s in signed.body.sources] == [a.jti] and signed.body.conclusion.value is None
    atomic_write(gw.grants / "derived.pdvreq", token + "\n")
    derived = gw.grant(
        key=a.key,
        request=signed,
        processing=(),
        released=[ReleasedField("wealth", Category.FINANCIAL, 1234, ReleaseMode.EXACT)],
        name="derived-a",
    )
    assert derived.did == a.did

    later = gw.root / "held" / "conclusions" / "wealth.parquet"
    assert pq.read_table(later).num_rows == 2
    assert later.stat().st_mode & 0o777 == 0o600  # conclusions are personal data
    job2 = dict(
        name="reuse",
        actions=["use"],
        fields=["wealth"],
        grant_column=None,
        subject_column="subject",
        purposes=[PURPOSE],
    )
    # without saying how to re-anonymise an exact conclusion: dropped
    code, report, err = gate_cli(gw, gw.job_file("j2.json", **job2), later, "--held", str(held))
    assert report["dropped"] == {"reanonymisation-needed": 1, "field-not-released": 1}
    # with the policy transform: released as a range, under a pseudonym, never the subject's DID
    spec = {"wealth": {"method": "number.bucket", "type": "number", "params": {"width": "1000"}}}
    code, report, err = gate_cli(
        gw, gw.job_file("j3.json", reanonymise=spec, **job2), later, "--held", str(held)
    )
    assert code == 0 and report["rows_out"] == 1
    rows = pq.read_table(gw.root / "allowed.parquet").to_pylist()
    assert rows[0]["wealth"] == "[1000, 2000)"
    assert rows[0]["subject"].startswith("p-") and a.did not in json.dumps(rows)
    # without the held area the conclusion is not released
    code, report, err = gate_cli(
        gw, gw.job_file("j3.json", reanonymise=spec, **job2), later, "--held", str(gw.root / "empty-held")
    )
    assert report["dropped"].get("conclusion-not-held") == 1
    # a source grant whose status can no longer be shown fresh cannot be shown to stand
    gw.status_list(a.key, a.uri, 0, ttl=None)
    code, report, err = gate_cli(
        gw, gw.job_file("j3.json", reanonymise=spec, **job2), later, "--held", str(held)
    )
    assert report["rows_out"] == 0 and report["dropped"].get("source-grant-ended") == 1
    # revoking the source grant ends the derived grant too
    gw.status_list(a.key, a.uri, 1)
    code, report, err = gate_cli(
        gw, gw.job_file("j3.json", reanonymise=spec, **job2), later, "--held", str(held)
    )
    assert report["rows_out"] == 0 and report["dropped"].get("source-grant-ended") == 1


def test_hostile_files_in_the_grant_folder_and_hostile_jobs_never_break_the_gate(gw: GateWorld) -> None:
    g = gw.grant()
    rnd = random.Random(5)
    (gw.grants / "noise.pdvgrant").write_bytes(bytes(rnd.randrange(256) for _ in range(300)))
    (gw.grants / "five.pdvgrant").write_text("a.b.c.d.e\n")
    (gw.grants / "three.pdvgrant").write_text("eyJhbGciOiJFZERTQSJ9.e30.AAAA\n")
    (gw.grants / "huge.pdvgrant").write_text("A" * 400_000)
    (gw.grants / "bad.pdvstatus").write_text("x.y.z\n")
    (gw.grants / "bad.pdvreq").write_text("not a request\n")
    (gw.grants / "empty.jws").write_text("")
    data = gw.data([g.jti, "x" * 10_000])
    code, report, err = gate_cli(gw, gw.job_file(), data)
    assert code == 0, err
    assert report["rows_out"] == 1 and report["dropped"] == {"unknown-grant": 1}
    assert report["status_lists"]["rejected"] and sum(report["grants"]["rejected"].values()) == 5
    deep = gw.root / "deep.json"
    deep.write_text("[" * 200_000)
    code, _, err = gate_cli(gw, deep, data)
    assert code == 2 and "nested" in err
    numbers = gw.root / "numbers.parquet"
    pq.write_table(pa.table({"grant": [1, 2]}), numbers)
    code, _, err = gate_cli(gw, gw.job_file(), numbers)
    assert code == 2 and "must hold text" in err
