"""``pdvault-org gate``, ``hold`` and ``gate-demo``: the organisation's consent gate on the command line.

A thin shell over :mod:`vault_app.gate` (imported only when one of these commands runs, so the rest of
``pdvault-org`` works without pyarrow). Exit codes (the same table as ``pdvault-org``):

  0   the job was gated; the output holds the allowed rows (the report says what was dropped and why)
  1   a file could not be read or written, or pyarrow is not installed
  2   usage: bad arguments, a malformed job (the message names the member), a data file without its key column
  13  the job was gated, but rows were dropped because their grant's status could not be checked (no status
      list, or a stale one and staleness was not accepted with --accept-stale)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from vault_app.domain.clock import Clock
from vault_app.domain.errors import ValidationError, VaultError
from vault_app.protocol.org import Organisation
from vault_app.protocol.transport import read_message_file

EXIT_OK = 0
EXIT_STATUS_UNCHECKED = 13


def _need_arrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise VaultError("The gate needs pyarrow: install personal-data-vault[gate].") from None


def _read_job(path: str) -> Any:
    from vault_app.gate.job import JobError, parse_job

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise VaultError(f"Cannot read the job file {path}: {exc.strerror}.") from None
    if len(data) > 1024 * 1024:
        raise JobError(f"The job file {path} is larger than 1 MiB.")
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise JobError(f"The job file {path} is not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    except ValueError:
        raise JobError(f"The job file {path} is not valid JSON (not UTF-8 text).") from None
    except RecursionError:
        raise JobError(f"The job file {path} is nested too deeply to be a job.") from None
    try:
        return parse_job(doc)
    except JobError as exc:
        raise JobError(f"In {path}: {exc.message}") from None


def _requests(paths: list[str] | None) -> list[str]:
    out: list[str] = []
    for p in paths or ():
        path = Path(p)
        files = sorted(path.glob("*.pdvreq")) if path.is_dir() else [path]
        out.extend(read_message_file(f) for f in files)
    return out


def cmd_gate(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    _need_arrow()
    from vault_app.gate.accounting import build_report, make_receipts, usage_lines, write_usage_log
    from vault_app.gate.grants import load_grant_folder
    from vault_app.gate.held import HeldArea
    from vault_app.gate.local import gate_parquet
    from vault_app.gate.rules import Reason, compile_gate
    from vault_app.gate.status import FolderStatusLists

    job = _read_job(args.job)
    if job.derives and not args.held:
        raise ValidationError(
            "A job that derives, infers or profiles must be gated with --held DIR: its "
            "conclusions are held there, tagged with their source grants."
        )
    if not Path(args.input).is_file():
        raise VaultError(f"The input {args.input} does not exist.")
    org = Organisation.load(args.keys, clock=clock, skew=args.skew)
    grants, lists = load_grant_folder(org, args.grants, _requests(args.request))
    lists.extend(read_message_file(p) for p in args.status_list or ())
    status = FolderStatusLists(lists)
    held = HeldArea(args.held) if args.held else None
    compiled = compile_gate(
        job,
        grants,
        status,
        accept_stale=args.accept_stale,
        held=held.pairs() if held is not None else None,
        skew=args.skew,
    )
    counts, usage = gate_parquet(compiled, args.input, args.out)
    report = build_report(
        compiled,
        grants,
        counts,
        usage,
        lists_loaded=len(status),
        lists_rejected=status.rejected,
        accept_stale=args.accept_stale,
    )
    lines = usage_lines(compiled, usage)
    if args.usage_log:
        write_usage_log(args.usage_log, job, lines)
    if args.receipts:
        report.receipts = len(make_receipts(org, grants, job, lines, args.receipts))
    if job.derives and held is not None:
        report.held = {
            "subjects_with_lineage": held.record_sources(job, grants, (ln.grant_id for ln in lines)),
            "outputs": [o.name for o in job.outputs],
        }
    text = json.dumps(report.to_json(), indent=2, sort_keys=True) + "\n"
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    err = sys.stderr
    for w in report.warnings:
        err.write(f"pdvault-org: warning: {w}\n")
    if report.rows_dropped:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(report.dropped.items()))
        err.write(f"pdvault-org: gate: {report.rows_dropped} of {report.rows_in} rows dropped ({reasons}).\n")
    unchecked = report.dropped.get(Reason.STATUS_STALE.word, 0) + report.dropped.get(
        Reason.STATUS_UNKNOWN.word, 0
    )
    return EXIT_STATUS_UNCHECKED if unchecked else EXIT_OK


def cmd_hold(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    _need_arrow()
    import pyarrow.parquet as pq

    from vault_app.gate.held import HeldArea

    job = _read_job(args.job)
    org = Organisation.load(args.keys, clock=clock, skew=args.skew)
    try:
        table = pq.read_table(args.input)
    except (OSError, ValueError) as exc:
        raise ValidationError(
            f"The conclusions {args.input} are not a readable Parquet file ({type(exc).__name__})."
        ) from None
    result = HeldArea(args.held).hold(org, job, table)
    out.write(
        json.dumps(
            {
                "held": result.held,
                "requests_drafted": result.requests,
                "refused": result.refused,
                "requests": str(Path(args.held) / "requests"),
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    return EXIT_OK


def cmd_gate_demo(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    _need_arrow()
    from vault_app.gate.demo import make_demo

    demo = make_demo(args.dir, subjects=args.subjects, at=int(clock.now()))
    out.write(
        json.dumps(
            {
                "keys": str(demo.keys),
                "grants": str(demo.grants),
                "data": str(demo.data),
                "job": str(demo.job),
                "subjects": demo.subjects,
                "rows": demo.rows,
            },
            indent=2,
        )
        + "\n"
    )
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register the gate's commands on pdvault-org's subcommand parser."""
    g = sub.add_parser(
        "gate", help="keep a processing job within consent: only rows its grants allow, as released"
    )
    g.add_argument("--keys", required=True, metavar="DIR", help="folder written by keygen")
    g.add_argument("--job", required=True, metavar="FILE", help="job description (JSON; see docs/gate.md)")
    g.add_argument(
        "--in", dest="input", required=True, metavar="FILE", help="Parquet data; rows carry their grant"
    )
    g.add_argument("--out", required=True, metavar="FILE", help="Parquet file for the allowed rows")
    g.add_argument(
        "--grants",
        required=True,
        metavar="DIR",
        help="folder of .pdvgrant grants, .pdvreq requests and .pdvstatus status lists",
    )
    g.add_argument("--request", action="append", metavar="FILE|DIR", help="more of our requests")
    g.add_argument("--status-list", action="append", metavar="FILE", help="more status lists")
    g.add_argument(
        "--accept-stale",
        action="store_true",
        help="use status lists that are stale at the job's time (a warning goes into the report)",
    )
    g.add_argument("--held", metavar="DIR", help="held area (required for jobs that derive)")
    g.add_argument("--report", metavar="FILE", help="write the report here instead of standard output")
    g.add_argument("--usage-log", metavar="FILE", help="append the per-grant usage log (JSON lines)")
    g.add_argument("--receipts", metavar="DIR", help="write a signed usage receipt per used grant")
    g.set_defaults(func=cmd_gate)

    h = sub.add_parser(
        "hold", help="hold a deriving job's conclusions with their lineage; draft derived-data requests"
    )
    h.add_argument("--keys", required=True, metavar="DIR")
    h.add_argument("--job", required=True, metavar="FILE")
    h.add_argument("--in", dest="input", required=True, metavar="FILE", help="Parquet conclusions of the job")
    h.add_argument("--held", required=True, metavar="DIR")
    h.set_defaults(func=cmd_hold)

    d = sub.add_parser(
        "gate-demo",
        help="write a demo: organisation keys, real grants from demo subjects, data, "
        "jobs (running now, or at --at)",
    )
    d.add_argument("--dir", required=True, metavar="DIR")
    d.add_argument("--subjects", type=int, default=50, metavar="N")
    d.set_defaults(func=cmd_gate_demo)
