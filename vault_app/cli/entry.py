"""Entry point of ``pdvault-cli``: answers ``--version`` before importing the rest of the app, then hands
over to the subject's command line (:mod:`vault_app.cli.subject`), whose imports cost a few hundred
milliseconds.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from vault_app import __version__

        sys.stdout.write(f"pdvault-cli {__version__}\n")  # what argparse's version action prints
        return 0
    from vault_app.cli.subject import main as subject_main

    rc = subject_main(args)
    if argv is None:  # the installed command, in a process of its own (not a caller that goes on)
        _exit_now(rc)
    return rc


def _exit_now(rc: int) -> None:
    """End the process without the interpreter's teardown, which collects the objects of every module a
    command imported: 10-20 ms of a command that takes about 150 (issue 15). By now the vault is locked and
    its database closed (subject.main's ``finally``), and nothing in the app registers exit handlers; the
    output is flushed first. Not when another thread still runs, which a normal exit would wait for, or when
    flushing fails (a closed pipe): then the normal exit reports it."""
    import threading

    if threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return
    os._exit(rc)


if __name__ == "__main__":
    raise SystemExit(main())
