"""``pdvault-cli``: the data subject's command line, a thin layer over :class:`VaultService`.

Exit codes (stable, for scripts): 0 ok; 1 error; 2 usage or invalid value; 3 wrong password or vault
locked; 4 not found; 5 integrity problem (corrupt, tampered, rolled back); 6 environment (disk full, read-
only, in use); 7 conflict (already exists); 8 refused by policy; 9 invalid message; 70 internal error (a
bug).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_app import __version__
from vault_app.cli.common import Output, read_password, read_text_file, table
from vault_app.domain import paths
from vault_app.domain.clock import iso
from vault_app.domain.errors import UsageError, VaultError
from vault_app.domain.hardening import harden_process
from vault_app.domain.model import Category, FieldType
from vault_app.services.vault import VaultService

if TYPE_CHECKING:
    from vault_app.services.api import HistoryFilter

EXIT_INTERNAL = 70


class Ctx:
    """What a command handler gets: parsed args, output, and a lazily unlocked vault."""

    def __init__(self, args: argparse.Namespace, out: Output) -> None:
        self.args = args
        self.out = out
        self.vault_dir = paths.resolve_vault_dir(getattr(args, "vault", None))
        self._svc: VaultService | None = None

    def service(self) -> VaultService:
        if self._svc is None:
            self._svc = VaultService(self.vault_dir, kdf_factory=_kdf_factory(self.args))
        return self._svc

    def unlocked(self) -> VaultService:
        svc = self.service()
        if not svc.is_unlocked:
            svc.read_keyfile()  # says "no vault here" before asking for a password
            svc.unlock(read_password(self.args.password_file))
        return svc

    def close(self) -> None:
        if self._svc is not None:
            self._svc.lock()


def _kdf_factory(args: argparse.Namespace) -> Callable[[Any], Any]:
    profile = getattr(args, "kdf_profile", "calibrated")
    target = getattr(args, "kdf_target", 0.5)

    def factory(progress: Any) -> Any:
        # services.api names most of the core: imported when a vault is made, not at every start (issue 15)
        from vault_app.services.api import calibrate, minimum_params

        return minimum_params() if profile == "minimum" else calibrate(target=target, progress=progress)

    return factory


# -- vault ---------------------------------------------------------------------------------------------------
def cmd_init(ctx: Ctx) -> int:
    svc = ctx.service()
    pw = read_password(ctx.args.password_file, prompt="New master password: ", confirm=True)
    ctx.out.info("Creating the vault (calibrating the password hash to this machine)...")
    svc.create(pw)
    data = {
        "ok": True,
        "vault": str(ctx.vault_dir),
        "subject": svc.subject_did,
        "kdf_seconds": round(svc.last_kdf_seconds or 0, 3),
    }
    ctx.out.emit(
        data,
        f"Created a new vault in {ctx.vault_dir}\nYour identity: {svc.subject_did}\n"
        "Keep your master password safe: it cannot be recovered.",
    )
    return 0


PASSWD_PROTECTS = (
    "Password changed. The database was not rewritten: the data key that opens it is the same. This protects "
    "the vault against someone who learns your old password from now on. It does NOT protect it against "
    "someone who has your old password and a copy of the old key file (vault.key) or of a backup made "
    "before: together they still open this vault. If your password may have leaked, run 'pdvault-cli passwd "
    "--leaked' instead: it also replaces the data key."
)
LEAKED_DONE = (
    "Password changed and data key replaced: the whole vault was re-encrypted. An old key file or an old "
    "backup with the old password no longer opens this vault. Backups made before still open with the old "
    "password: delete them, or keep them where the leak cannot reach, and make a new backup now."
)


def _new_kdf(ctx: Ctx, svc: VaultService) -> Any:
    """Freshly calibrated Argon2id parameters with --retune, else None (keep the vault's cost, new salt)."""
    if not getattr(ctx.args, "retune", False):
        return None
    ctx.out.info(f"Re-tuning the password hash to about {ctx.args.kdf_target:.1f} s on this computer...")
    from vault_app.services.api import calibrate

    return calibrate(target=ctx.args.kdf_target)


def _kdf_note(ctx: Ctx, svc: VaultService) -> str:
    if getattr(ctx.args, "retune", False):
        return ""
    note = svc.kdf_advice(ctx.args.kdf_target)
    return f"\n{note}" if note else ""


def cmd_passwd(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    old = read_password(ctx.args.password_file)
    new = read_password(
        ctx.args.new_password_file, prompt="New master password: ", confirm=True, env="PDVAULT_NEW_PASSWORD"
    )
    note = _kdf_note(ctx, svc)
    kdf = _new_kdf(ctx, svc)
    if ctx.args.leaked:
        ctx.out.info("Re-encrypting the whole vault with a new data key...")
        svc.replace_keys(old, new, kdf=kdf)
        ctx.out.emit({"ok": True, "data_key_replaced": True, "retuned": kdf is not None}, LEAKED_DONE + note)
    else:
        svc.change_password(old, new, kdf=kdf)
        ctx.out.emit(
            {"ok": True, "data_key_replaced": False, "retuned": kdf is not None}, PASSWD_PROTECTS + note
        )
    return 0


def cmd_rekey(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    note = _kdf_note(ctx, svc)
    kdf = _new_kdf(ctx, svc)
    svc.rekey(read_password(ctx.args.password_file), kdf=kdf)
    ctx.out.emit(
        {"ok": True, "retuned": kdf is not None}, "The vault was re-encrypted with a new data key." + note
    )
    return 0


def cmd_check(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    report = svc.check()
    ok = "ok" if report.ok else "FAILED"
    pages = "ok" if not report.pages else report.pages[0]
    structure = "ok" if not report.structure else report.structure[0]
    h = report.history
    text = (
        f"Vault check {ok}.\n"
        f"  pages (SQLCipher page authentication): {pages}\n"
        f"  structure (SQLite integrity check):    {structure}\n"
        f"  history ({h.entries} entries, {h.checkpoints} signed checkpoints, head): "
        f"{'ok' if h.ok else h.problem}"
    )
    if not report.ok:
        text += "\nRestore the vault from your latest backup that passes this check."
    ctx.out.emit(report.to_json(), text)
    return 0 if report.ok else 5


def cmd_info(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    data = {
        "vault": str(ctx.vault_dir),
        "subject": svc.subject_did,
        "fields": svc.field_count(),
        "history_entries": svc.history_count(),
        "schema": svc.db.schema_version,
        "version": __version__,
    }
    ctx.out.emit(data, "\n".join(f"{k}: {v}" for k, v in data.items()))
    return 0


# -- fields --------------------------------------------------------------------------------------------------
def _field_json(f: Any, reveal: bool = True) -> dict[str, Any]:
    d = {
        "name": f.name,
        "type": f.type.value,
        "category": f.category.value,
        "provenance": f.provenance.to_json(),
        "updated": iso(f.updated),
    }
    if reveal:
        d["value"] = f.value
    return d


def _read_value(args: argparse.Namespace) -> str:
    """A field's value from standard input, a file or a prompt; never from the command line itself, where
    every local user can read it (``/proc/PID/cmdline``) and the shell keeps it in its history."""
    if args.value is not None and args.value != "-":
        raise UsageError(
            "A value written on the command line can be read by every user of this computer (in "
            "/proc/PID/cmdline) and is kept in your shell history, so it was not used. Give it on standard "
            "input ('--value -'), in a file ('--value-file FILE'), or leave --value out to be asked for it.",
            reason="value-on-command-line",
        )
    if args.value_file is not None:
        if args.value is not None:
            raise UsageError("Give the value either on standard input or in a file, not both.")
        return read_text_file(args.value_file, "the value file").rstrip("\r\n")
    if args.value == "-" or not sys.stdin.isatty():
        return sys.stdin.read().rstrip("\n")
    import getpass

    return getpass.getpass("Value (not echoed): ")


def cmd_field_set(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    exists = True
    try:
        cur = svc.get_field(ctx.args.name)
    except VaultError:
        exists = False
        cur = None
    ftype = ctx.args.type or (cur.type.value if cur else "text")
    category = ctx.args.category or (cur.category.value if cur else "other")
    f = svc.set_field(ctx.args.name, ftype, category, _read_value(ctx.args))
    ctx.out.emit(
        {"ok": True, "field": _field_json(f, reveal=False), "created": not exists},
        f"{'Changed' if exists else 'Added'} field '{f.name}' ({f.type.value}, {f.category.value}).",
    )
    return 0


def _parse_map(spec: str) -> tuple[str, str, FieldType | None, Category | None]:
    """``SOURCE=KEY[:TYPE[:CATEGORY]]`` (what the file calls it, the field it becomes)."""
    source, sep, target = spec.rpartition("=")
    if not sep or not source or not target:
        raise UsageError(
            f'--map {spec!r}: write SOURCE=KEY[:TYPE[:CATEGORY]], such as "Shoe size=shoe_size:number".'
        )
    key, *rest = target.split(":")
    try:
        ftype = FieldType(rest[0]) if len(rest) > 0 and rest[0] else None
        cat = Category(rest[1]) if len(rest) > 1 and rest[1] else None
    except ValueError:
        raise UsageError(f"--map {spec!r}: unknown type or category.") from None
    return source, key, ftype, cat


def cmd_field_import(ctx: Ctx) -> int:
    from vault_app.services import importer

    preview = importer.read_file(ctx.args.file)  # checked before the vault is even opened
    for spec in ctx.args.map or ():
        source, key, ftype, cat = _parse_map(spec)
        preview = importer.remap(preview, source, key=key, ftype=ftype, category=cat)
    for source in ctx.args.skip or ():
        preview = importer.remap(preview, source, include=False)
    show = ctx.args.reveal
    rows = [
        {
            "source": c.source,
            "field": c.key,
            "label": c.label,
            "type": c.type.value,
            "category": c.category.value,
            "include": c.include,
            **({"value": c.value} if show else {}),
        }
        for c in preview.candidates
    ]
    problems = [{"line": p.line, "source": p.source, "message": p.message} for p in preview.problems]

    def text(head: str) -> str:
        cells = [
            [c.source, c.key, c.type.value, c.category.value, "yes" if c.include else "no"]
            + ([c.value] if show else [])
            for c in preview.candidates
        ]
        heads = ["IN THE FILE", "FIELD", "TYPE", "CATEGORY", "IMPORT"] + (["VALUE"] if show else [])
        lines = [head, table(cells, heads)]
        lines += [f"problem (line {p['line']}): {p['message']}" for p in problems]
        return "\n".join(lines)

    if ctx.args.preview:
        ctx.out.emit(
            {"ok": True, "preview": True, "format": preview.format, "items": rows, "problems": problems},
            lambda: text(f"Preview of {ctx.args.file} ({preview.format}); nothing was imported:"),
        )
        return 0
    if preview.problems and not ctx.args.accept_partial:
        ctx.out.info(text(f"{ctx.args.file} has problems:"))
    res = importer.apply(
        ctx.unlocked(), preview, accept_partial=ctx.args.accept_partial, replace_existing=ctx.args.replace
    )
    ctx.out.emit(
        {
            "ok": True,
            "added": list(res.added),
            "replaced": list(res.replaced),
            "skipped": list(res.skipped),
            "problems": problems,
        },
        f"Imported {len(res.added)} new field(s)"
        + (f", replaced {len(res.replaced)}" if res.replaced else "")
        + (
            f"; left {len(res.skipped)} you already had as they were (--replace to overwrite): "
            + ", ".join(res.skipped)
            if res.skipped
            else ""
        )
        + ".",
    )
    return 0


def cmd_field_list(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    fields = svc.list_fields(ctx.args.category, limit=ctx.args.limit)
    show = ctx.args.reveal
    ctx.out.emit(
        [_field_json(f, reveal=show) for f in fields],
        lambda: table(
            [
                [f.name, f.type.value, f.category.value, f.provenance.describe()]
                + ([f.value] if show else [])
                for f in fields
            ],
            ["NAME", "TYPE", "CATEGORY", "PROVENANCE"] + (["VALUE"] if show else []),
        ),
    )
    return 0


def cmd_field_show(ctx: Ctx) -> int:
    f = ctx.unlocked().get_field(ctx.args.name)
    d = _field_json(f)
    ctx.out.emit(d, "\n".join(f"{k}: {v}" for k, v in d.items()))
    return 0


def cmd_field_delete(ctx: Ctx) -> int:
    ctx.unlocked().delete_field(ctx.args.name)
    ctx.out.emit({"ok": True}, f"Deleted field '{ctx.args.name}'.")
    return 0


def cmd_field_search(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    fields = svc.search_fields(ctx.args.query, limit=ctx.args.limit)
    ctx.out.emit(
        [_field_json(f, reveal=ctx.args.reveal) for f in fields],
        lambda: table(
            [[f.name, f.type.value, f.category.value] for f in fields], ["NAME", "TYPE", "CATEGORY"]
        ),
    )
    return 0


# -- history -------------------------------------------------------------------------------------------------
def _parse_date(s: str | None) -> int | None:
    if not s:
        return None
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        raise UsageError(f"Not a date: {s!r} (use YYYY-MM-DD or an ISO time).") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1000)


def _filter(args: argparse.Namespace) -> HistoryFilter:
    from vault_app.services.api import HistoryFilter

    return HistoryFilter(
        kinds=tuple(args.kind or ()),
        org=args.org,
        field=args.field,
        since_ms=_parse_date(args.since),
        until_ms=_parse_date(args.until),
    )


def cmd_history_list(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    entries = svc.history_page(_filter(ctx.args), limit=ctx.args.limit)
    ctx.out.emit(
        [dict(e.to_json(), time=iso(e.ts_ms / 1000)) for e in entries],
        lambda: table(
            [
                [str(e.seq), iso(e.ts_ms / 1000), e.kind, e.org or "", e.field or "", e.purpose or ""]
                for e in entries
            ],
            ["SEQ", "TIME", "EVENT", "ORGANISATION", "FIELD", "PURPOSE"],
        ),
    )
    return 0


def cmd_history_verify(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    report = svc.verify_history()
    ok_text = (
        f"History verified: {report.entries} entries, {report.checkpoints} signed checkpoints, "
        "head matches the record outside the database."
    )
    ctx.out.emit(
        report.to_json(),
        ok_text if report.ok else f"HISTORY BROKEN at entry {report.first_bad_seq}: {report.problem}",
    )
    return 0 if report.ok else 5


def cmd_history_accept_older(ctx: Ctx) -> int:
    """Show what accepting the database as it is would discard; with --yes, accept it and record that."""
    svc = ctx.service()
    svc.read_keyfile()
    pw = read_password(ctx.args.password_file)
    seen = svc.inspect_head(pw)
    if seen is None:
        ctx.out.emit(
            {"ok": True, "accepted": False, "discard": None},
            "The database and its head agree: there is nothing to accept.",
        )
        return 0
    lost = seen.lost_entries
    if seen.head_seq is None:
        what = (
            f"The head file is missing or unreadable ({seen.reason}), so nobody can tell how much of the "
            f"history is missing. The database ends at entry {seen.db_seq}."
        )
    else:
        when = iso(seen.head_ts_ms / 1000) if seen.head_ts_ms else "?"
        what = (
            f"The head file records entry {seen.head_seq} (written {when}); the database ends at entry "
            f"{seen.db_seq}."
            + (
                f" {lost} recorded entries would be lost for good."
                if lost
                else f" Entry {seen.head_seq} differs from the one recorded."
            )
        )
    if not ctx.args.yes:
        ctx.out.emit(
            {"ok": False, "accepted": False, "discard": seen.to_json()},
            f"{what}\nThis is what restoring an older copy looks like. Prefer restoring your latest "
            "backup. To accept this database anyway, and record in its history what was discarded, "
            "run this command again with --yes.",
        )
        return 5
    found = svc.accept_database(pw, seen)
    ctx.out.emit(
        {"ok": True, "accepted": True, "discard": found.to_json()},
        f"{what}\nAccepted; the discarded head is recorded in the history.",
    )
    return 0


def cmd_history_export(ctx: Ctx) -> int:
    svc = ctx.unlocked()
    path = Path(ctx.args.file)
    fmt = ctx.args.format or (path.suffix.lstrip(".").lower() or "json")
    sig = svc.export_history(path, fmt, _filter(ctx.args))
    ctx.out.emit(
        {"ok": True, "file": str(path), "signature": str(sig)},
        f"Exported the history to {path}\nSignature: {sig}",
    )
    return 0


def cmd_history_verify_export(ctx: Ctx) -> int:
    claims = ctx.unlocked().verify_export(ctx.args.file)
    ctx.out.emit(
        {"ok": True, **claims},
        f"The export is authentic and unaltered ({claims.get('entries')} entries, "
        f"signed by {claims.get('iss')}).",
    )
    return 0


# -- backup --------------------------------------------------------------------------------------------------
def cmd_backup_create(ctx: Ctx) -> int:
    path = ctx.unlocked().create_backup(ctx.args.file)
    ctx.out.emit({"ok": True, "file": str(path)}, f"Backup written to {path}")
    return 0


def cmd_backup_restore(ctx: Ctx) -> int:
    pw = read_password(ctx.args.password_file)
    svc = VaultService.restore_backup(ctx.args.file, ctx.vault_dir, pw, force=ctx.args.force)
    ctx._svc = svc
    ctx.out.emit(
        {"ok": True, "vault": str(ctx.vault_dir), "fields": svc.field_count()},
        f"Restored the vault into {ctx.vault_dir} ({svc.field_count()} fields); history verified.",
    )
    return 0


# -- parser --------------------------------------------------------------------------------------------------
#: the subject's own commands; the consent commands (requests, grants, organisations...) are added to the
#: parser only when another command is asked for, or for --help: importing them costs most of a start (issue
#: 15)
CORE_COMMANDS = frozenset({"init", "passwd", "rekey", "check", "info", "field", "history", "backup"})
#: the options before the command that take a value (so that value is not read as the command)
_VALUE_OPTIONS = frozenset({"--vault", "--password-file"})


def command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option or an option's value)."""
    it = iter(argv)
    for tok in it:
        if tok == "--":
            return next(it, None)
        if tok.startswith("-"):
            if tok in _VALUE_OPTIONS:
                next(it, None)
            continue
        return tok
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given ``argv`` naming one of :data:`CORE_COMMANDS`, only that command (the
    same parse for it, without importing the consent commands or building the others)."""

    def options(suppress: bool) -> argparse.ArgumentParser:
        # The same options are accepted before and after the command; after it they must not reset what was
        # given before it, hence SUPPRESS defaults on the copies used by subcommands.
        d: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
        c = argparse.ArgumentParser(add_help=False)
        c.add_argument(
            "--vault",
            metavar="DIR",
            help="vault folder (default: $PDVAULT_HOME or the platform's user data folder)",
            **d,
        )
        c.add_argument("--password-file", metavar="FILE", help="read the master password from FILE", **d)
        c.add_argument("--json", action="store_true", help="machine-readable output", **d)
        return c

    common = options(True)
    p = argparse.ArgumentParser(
        prog="pdvault-cli",
        parents=[options(False)],
        description="Personal Data Vault: the data subject's command line.",
    )
    p.add_argument("--version", action="version", version=f"pdvault-cli {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # one of the subject's own commands: only its own parser is built (a few milliseconds of every start)
    only = command_word(argv) if argv is not None else None
    only = only if only in CORE_COMMANDS else None

    def want(command: str) -> bool:
        return only is None or only == command

    if want("init"):
        sp = sub.add_parser("init", parents=[common], help="create a new vault")
        sp.add_argument(
            "--kdf-profile",
            choices=["calibrated", "minimum"],
            default="calibrated",
            help="calibrated (about --kdf-target seconds here) or minimum (19 MiB, 2 passes)",
        )
        sp.add_argument("--kdf-target", type=float, default=0.5, metavar="SECONDS")
        sp.set_defaults(fn=cmd_init)

    if want("passwd"):
        sp = sub.add_parser(
            "passwd",
            parents=[common],
            help="change the master password (--leaked: and the data key)",
            description="Change the master password. Without --leaked only the key file is rewritten: an "
            "old key file or an old backup still opens the vault with the old password. With --leaked (my "
            "password may have leaked) the data key is replaced too and the whole vault re-encrypted, so "
            "they no longer do.",
        )
        sp.add_argument("--new-password-file", metavar="FILE")
        sp.add_argument(
            "--leaked",
            action="store_true",
            help="my password may have leaked: also replace the data key (re-encrypts the vault)",
        )
        sp.add_argument(
            "--retune",
            action="store_true",
            help="re-calibrate the password hash to --kdf-target seconds on this computer",
        )
        sp.add_argument("--kdf-target", type=float, default=0.5, metavar="SECONDS")
        sp.set_defaults(fn=cmd_passwd)

    if want("rekey"):
        sp = sub.add_parser("rekey", parents=[common], help="re-encrypt the whole vault with a new data key")
        sp.add_argument(
            "--retune",
            action="store_true",
            help="re-calibrate the password hash to --kdf-target seconds on this computer",
        )
        sp.add_argument("--kdf-target", type=float, default=0.5, metavar="SECONDS")
        sp.set_defaults(fn=cmd_rekey)

    if want("check"):
        sub.add_parser(
            "check",
            parents=[common],
            help="check every page, the database structure and the history (exit 5 when anything is wrong)",
        ).set_defaults(fn=cmd_check)

    if want("info"):
        sub.add_parser("info", parents=[common], help="where the vault is and what it holds").set_defaults(
            fn=cmd_info
        )

    if want("field"):
        fld = sub.add_parser("field", parents=[common], help="personal data fields").add_subparsers(
            dest="sub", required=True, metavar="ACTION"
        )
        sp = fld.add_parser("set", parents=[common], help="add or change a field")
        sp.add_argument("name")
        sp.add_argument("--type", choices=[t.value for t in FieldType])
        sp.add_argument("--category", choices=[c.value for c in Category])
        sp.add_argument(
            "--value",
            metavar="-",
            help="'-' reads the value from standard input. A value written "
            "here instead is refused: other users could read it. Omitted: asked for without echo",
        )
        sp.add_argument("--value-file", metavar="FILE", help="read the value from FILE (UTF-8)")
        sp.set_defaults(fn=cmd_field_set)
        sp = fld.add_parser(
            "import", parents=[common], help="import your data from a vCard (.vcf) or CSV file"
        )
        sp.add_argument("file")
        sp.add_argument("--preview", action="store_true", help="show what would be imported; write nothing")
        sp.add_argument(
            "--map",
            action="append",
            metavar="SOURCE=KEY[:TYPE[:CATEGORY]]",
            help="map an item of the file to a field (repeatable)",
        )
        sp.add_argument(
            "--skip", action="append", metavar="SOURCE", help="leave an item of the file out (repeatable)"
        )
        sp.add_argument(
            "--accept-partial",
            action="store_true",
            help="the file has problems: import the good part anyway (otherwise nothing is imported)",
        )
        sp.add_argument("--replace", action="store_true", help="overwrite fields you already have")
        sp.add_argument("--reveal", action="store_true", help="show the values in the preview")
        sp.set_defaults(fn=cmd_field_import)
        sp = fld.add_parser("list", parents=[common], help="list fields (values hidden unless --reveal)")
        sp.add_argument("--category", choices=[c.value for c in Category])
        sp.add_argument("--limit", type=int, default=1000)
        sp.add_argument("--reveal", action="store_true")
        sp.set_defaults(fn=cmd_field_list)
        sp = fld.add_parser("show", parents=[common], help="show one field with its value")
        sp.add_argument("name")
        sp.set_defaults(fn=cmd_field_show)
        sp = fld.add_parser("delete", parents=[common], help="delete a field")
        sp.add_argument("name")
        sp.set_defaults(fn=cmd_field_delete)
        sp = fld.add_parser("search", parents=[common], help="search names and values")
        sp.add_argument("query")
        sp.add_argument("--limit", type=int, default=200)
        sp.add_argument("--reveal", action="store_true")
        sp.set_defaults(fn=cmd_field_search)

    if want("history"):
        hist = sub.add_parser("history", parents=[common], help="the tamper-evident history").add_subparsers(
            dest="sub", required=True, metavar="ACTION"
        )

        def add_filters(sp: argparse.ArgumentParser) -> None:
            sp.add_argument("--kind", action="append", help="event kind (repeatable), e.g. field.added")
            sp.add_argument("--org", help="organisation DID")
            sp.add_argument("--field", help="field name")
            sp.add_argument("--since", help="from this date (YYYY-MM-DD)")
            sp.add_argument("--until", help="before this date (YYYY-MM-DD)")

        sp = hist.add_parser("list", parents=[common], help="newest entries first")
        add_filters(sp)
        sp.add_argument("--limit", type=int, default=50)
        sp.set_defaults(fn=cmd_history_list)
        sp = hist.add_parser("verify", parents=[common], help="check the hash chain, checkpoints and head")
        sp.set_defaults(fn=cmd_history_verify)
        sp = hist.add_parser(
            "accept-older",
            parents=[common],
            help="show what accepting an older or head-less database would discard (--yes: do it)",
            description="When the database is older than the head recorded outside it (or the head is "
            "missing), show what accepting it as it is would discard. Restoring your latest backup is almost "
            "always the better choice. With --yes, accept it and record the discarded head in the history.",
        )
        sp.add_argument("--yes", action="store_true", help="accept it, after reading what will be lost")
        sp.set_defaults(fn=cmd_history_accept_older)
        sp = hist.add_parser("export", parents=[common], help="write CSV or JSON plus a signature file")
        sp.add_argument("file")
        sp.add_argument("--format", choices=["csv", "json"])
        add_filters(sp)
        sp.set_defaults(fn=cmd_history_export)
        sp = hist.add_parser("verify-export", parents=[common], help="check an export against its signature")
        sp.add_argument("file")
        sp.set_defaults(fn=cmd_history_verify_export)

    if want("backup"):
        bak = sub.add_parser("backup", parents=[common], help="encrypted backups").add_subparsers(
            dest="sub", required=True, metavar="ACTION"
        )
        sp = bak.add_parser("create", parents=[common], help="write an encrypted, self-checking backup")
        sp.add_argument("file")
        sp.set_defaults(fn=cmd_backup_create)
        sp = bak.add_parser("restore", parents=[common], help="restore a backup (needs the master password)")
        sp.add_argument("file")
        sp.add_argument("--force", action="store_true", help="replace an existing vault (kept aside)")
        sp.set_defaults(fn=cmd_backup_restore)

    if only is None:
        from vault_app.cli.consent import register as consent_commands

        consent_commands(sub, common)
    return p


@contextlib.contextmanager
def _hardened() -> Iterator[None]:
    harden_process()
    yield


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    out = Output(args.json)
    ctx = Ctx(args, out)
    try:
        with _hardened():
            return int(args.fn(ctx))
    except VaultError as exc:
        out.error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("cancelled\n")
        return 130
    except MemoryError:  # a large vault under a memory limit: an environment problem, not a bug
        from vault_app.services.vault import out_of_memory

        err = out_of_memory("finish this command")
        out.error(err)
        return err.exit_code
    except Exception as exc:  # a bug: say so without echoing anything that might hold a value
        sys.stderr.write(
            f"internal error ({type(exc).__name__}). This is a bug; please report it. "
            "No personal data is included in this message.\n"
        )
        return EXIT_INTERNAL
    finally:
        with contextlib.suppress(Exception):
            ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
