"""Where things live: the vault folder (platform data dir, --vault DIR or PDVAULT_HOME) and the settings
file."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "pdvault"

KEY_FILE = "vault.key"
DB_FILE = "vault.db"
LOCK_FILE = "vault.lock"


def vault_exists(vault_dir: Path) -> bool:
    """Whether ``vault_dir`` holds a vault (its key file or its database): a look at two files."""
    return (vault_dir / KEY_FILE).exists() or (vault_dir / DB_FILE).exists()


def default_vault_dir() -> Path:
    env = os.environ.get("PDVAULT_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no folder was named: it imports tempfile, shutil and random (issue 15)

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def resolve_vault_dir(arg: str | os.PathLike[str] | None) -> Path:
    return Path(arg).expanduser() if arg else default_vault_dir()


def config_dir() -> Path:
    env = os.environ.get("PDVAULT_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))
