"""``python -m vault_app`` starts the desktop app, like ``pdvault``."""

from vault_app.app import main

raise SystemExit(main())
