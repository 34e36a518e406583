"""The app's settings, declared once: typed, range-checked, stored as a small JSON file beside nothing
secret.

Security settings (idle lock, clipboard clearing, KDF target) are first-class. Settings never hold a secret
or a personal value: only preferences and the window's geometry. A damaged or hand-edited file never stops
the app: each bad entry falls back to its default, and the rest is kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from vault_app.domain import paths
from vault_app.domain.errors import ValidationError
from vault_app.domain.files import atomic_write, ensure_private_dir

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 1
LANGUAGES = ("system", "en", "zh_CN")  # "system": the language the desktop is set to
_MAX_FILE = 64 * 1024  # a settings file is tiny; refuse to parse something huge


@dataclass(frozen=True)
class _Spec:
    """How one setting is checked; ``check`` returns the normalised value or raises ValueError."""

    check: Callable[[Any], Any]
    describe: str


def _int_range(lo: int, hi: int) -> Callable[[Any], int]:
    def check(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise ValueError
        return v

    return check


def _float_range(lo: float, hi: float) -> Callable[[Any], float]:
    def check(v: Any) -> float:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= float(v) <= hi:
            raise ValueError
        return float(v)

    return check


def _optional_text(max_len: int) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        if v is None or v == "":
            return None
        if not isinstance(v, str) or len(v) > max_len or any(ord(c) < 32 for c in v):
            raise ValueError
        return v

    return check


def _boolean(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError
    return v


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if v not in options:
            raise ValueError
        return str(v)

    return check


@dataclass(frozen=True)
class Settings:
    """Every setting with its default. Add a setting here and in ``SPECS``; nothing else needs to change."""

    #: lock the vault after this many minutes without keyboard or mouse input (0 = never)
    idle_lock_minutes: int = 5
    #: clear a copied value from the clipboard after this many seconds (if it is still ours)
    clipboard_clear_seconds: int = 30
    #: how long one password derivation should take on this machine when a key is (re)wrapped
    kdf_target_seconds: float = 0.5
    #: a folder watched for incoming request files (None = no folder)
    inbox_folder: str | None = None
    #: whether the app may contact organisations' gateways when you ask it to send or check for messages
    #: (off: the app never goes on the network; everything travels as files)
    online_delivery: bool = False
    #: user-interface language ("system" follows the desktop's language: LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
    language: str = "system"
    #: the main window's geometry as Qt saved it (base64), so the window reopens where it was
    window_geometry: str | None = None


SPECS: dict[str, _Spec] = {
    "idle_lock_minutes": _Spec(_int_range(0, 24 * 60), "a whole number of minutes from 0 (never) to 1440"),
    "clipboard_clear_seconds": _Spec(_int_range(5, 3600), "a whole number of seconds from 5 to 3600"),
    "kdf_target_seconds": _Spec(_float_range(0.1, 10.0), "a number of seconds from 0.1 to 10"),
    "inbox_folder": _Spec(_optional_text(4096), "a folder path"),
    "online_delivery": _Spec(_boolean, "true or false"),
    "language": _Spec(_choice(LANGUAGES), "one of " + ", ".join(LANGUAGES)),
    "window_geometry": _Spec(_optional_text(8192), "Qt's saved geometry"),
}
assert set(SPECS) == {f.name for f in fields(Settings)}, "every setting needs a spec"


def validated(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with ``changes`` applied; raises ValidationError naming the first bad
    setting."""
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        spec = SPECS.get(key)
        if spec is None:
            raise ValidationError(f"There is no setting named '{key}'.", field=key, reason="unknown-setting")
        try:
            clean[key] = spec.check(value)
        except ValueError:
            raise ValidationError(f"The setting '{key}' must be {spec.describe}.", field=key) from None
    return replace(settings, **clean)


def from_json(data: Any) -> Settings:
    """Settings from a parsed file: unknown keys are ignored, bad values fall back to their defaults."""
    s = Settings()
    if not isinstance(data, dict):
        log.warning("the settings file is not a JSON object; using defaults")
        return s
    for key in SPECS:
        if key not in data:
            continue
        try:
            s = validated(s, **{key: data[key]})
        except ValidationError:
            log.warning("setting %s has an invalid value; using its default", key)
    return s


def to_json(settings: Settings) -> dict[str, Any]:
    d: dict[str, Any] = {"version": SETTINGS_VERSION}
    for f in fields(Settings):
        d[f.name] = getattr(settings, f.name)
    return d


class SettingsStore:
    """Loads and saves :class:`Settings`. ``path=None`` keeps them in memory only; ``persist=False`` reads
    the file but never writes it (the throwaway demo vault uses the user's preferences without changing
    them)."""

    def __init__(self, path: Path | None, *, persist: bool = True) -> None:
        self.path = path
        self.persist = persist
        self._current = self._load()

    @classmethod
    def default(cls, *, persist: bool = True) -> SettingsStore:
        return cls(paths.config_dir() / SETTINGS_FILE, persist=persist)

    @property
    def current(self) -> Settings:
        return self._current

    def _load(self) -> Settings:
        if self.path is None:
            return Settings()
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read(_MAX_FILE + 1)
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            log.warning("cannot read the settings file (%s); using defaults", exc.strerror)
            return Settings()
        if len(raw) > _MAX_FILE:
            log.warning("the settings file is too large; using defaults")
            return Settings()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("the settings file is damaged; using defaults")
            return Settings()
        return from_json(data)

    def update(self, **changes: Any) -> Settings:
        """Validate, apply and save ``changes``; returns the new settings. Saving is atomic."""
        new = validated(self._current, **changes)
        if new != self._current:
            self._save(new)
            self._current = new
        return new

    def _save(self, settings: Settings) -> None:
        if self.path is None or not self.persist:
            return
        ensure_private_dir(self.path.parent)
        text = json.dumps(to_json(settings), indent=1, sort_keys=True) + "\n"
        atomic_write(self.path, text.encode("utf-8"), mode=0o600, what="save the settings")
