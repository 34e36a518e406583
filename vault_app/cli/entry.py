"""Entry point of ``pdvault-cli``: answers ``--version`` before importing the rest of the app, then hands over
to the subject's command line (:mod:`vault_app.cli.subject`), whose imports cost a few hundred milliseconds.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from vault_app import __version__

        sys.stdout.write(f"pdvault-cli {__version__}\n")  # what argparse's version action prints
        return 0
    from vault_app.cli.subject import main as subject_main

    return subject_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
