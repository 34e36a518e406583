"""Shared plumbing for the command lines: output (text or --json), password input, error-to-exit-code
mapping."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from vault_app.domain.errors import UsageError, VaultError


class Output:
    def __init__(self, as_json: bool, out: Any = None, err: Any = None) -> None:
        self.as_json = as_json
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def emit(self, data: Any, text: str | Callable[[], str] | None = None) -> None:
        if self.as_json:
            self.out.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        else:
            t = text() if callable(text) else text
            if t is None:
                t = json.dumps(data, indent=2, ensure_ascii=False, default=str)
            if t:
                self.out.write(t.rstrip("\n") + "\n")

    def info(self, text: str) -> None:
        if not self.as_json:
            self.err.write(text + "\n")

    def error(self, exc: VaultError) -> None:
        if self.as_json:
            self.out.write(json.dumps({"ok": False, "error": exc.reason, "message": exc.message}) + "\n")
        self.err.write(f"error: {exc.message}\n")


def read_password(
    password_file: str | None,
    *,
    prompt: str = "Master password: ",
    confirm: bool = False,
    env: str = "PDVAULT_PASSWORD",
) -> str:
    """From --password-file, then $PDVAULT_PASSWORD, then an interactive prompt (never echoed)."""
    if password_file:
        _warn_if_others_can_read(password_file)
        return read_text_file(password_file, "the password file").rstrip("\r\n")
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise UsageError(
            f"No password given: use a terminal, ${env} or --password-file.", reason="no-password"
        )
    import getpass  # only for a prompt (it imports termios)

    pw = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat it: ") != pw:
        raise UsageError("The two passwords differ.", reason="password-mismatch")
    return pw


def read_text_file(path: str, what: str) -> str:
    """The UTF-8 text of ``path``; UsageError (exit 2) naming the problem, never the contents."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"Cannot read {what}: {exc.strerror}.") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            f"{what[0].upper()}{what[1:]} is not UTF-8 text. Save it as UTF-8 and try again.",
            reason="not-utf8",
        ) from None


def _warn_if_others_can_read(path: str) -> None:
    """A secret in a file other users may read is no secret: say so (the command still runs; refusing would
    break scripts over a permission the user may not control, e.g. on a shared mount)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # read_text_file reports it
    if mode & 0o077:
        sys.stderr.write(
            f"warning: {path} can be read by other users of this computer (permissions "
            f"{mode & 0o777:03o}). Restrict it with: chmod 600 {path}\n"
        )


def fail(msg: str, code: int = 2) -> NoReturn:
    sys.stderr.write(f"error: {msg}\n")
    raise SystemExit(code)


def table(rows: list[list[str]], headers: list[str]) -> str:
    if not rows:
        return "(none)"
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    widths = [min(w, 60) for w in widths]

    def fmt(r: list[Any]) -> str:
        return "  ".join(str(c)[:60].ljust(widths[i]) for i, c in enumerate(r)).rstrip()

    return "\n".join([fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])
