"""What every window and page shares: the vault service (reached only through the task runner), settings,
the event bridge, the secure clipboard, and the injected KDF cost (tests make it cheap).

The vault service is made when first used (by the database worker, at the first unlock or creation): its
module and the core below it are a good part of what the app would otherwise import before its first window
(issue 15), and the unlock screen only needs to know whether a vault exists, which is a look at two files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from vault_app.domain import paths
from vault_app.domain.clock import Clock
from vault_app.gui.bridge import EventBridge
from vault_app.gui.clipboard import SecureClipboard
from vault_app.gui.tasks import TaskManager
from vault_app.services.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from vault_app.services.api import KdfParams
    from vault_app.services.vault import VaultService

#: (target seconds, progress callback) -> parameters; runs on the CPU pool
KdfFactory = Callable[[float, Callable[[float], None]], "KdfParams"]


def default_kdf_factory(target: float, progress: Callable[[float], None]) -> KdfParams:
    from vault_app.services.api import calibrate

    return calibrate(target, progress)


class AppContext(QObject):
    settings_changed = Signal(object)  # Settings
    service_replaced = Signal()

    def __init__(
        self,
        vault_dir: Path,
        settings: SettingsStore,
        *,
        kdf_factory: KdfFactory | None = None,
        clock: Clock | None = None,
        demo_password: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_dir = Path(vault_dir)
        self.clock = clock
        self.kdf_factory: KdfFactory = kdf_factory or default_kdf_factory
        self.demo_password = demo_password
        self.settings_store = settings
        self._service: VaultService | None = None
        self._service_lock = threading.Lock()
        self.bridge = EventBridge(self)
        self.tasks = TaskManager(self._current_service, self)
        self.clipboard = SecureClipboard(lambda: self.settings.clipboard_clear_seconds, self)
        from vault_app.gui.field_words import LabelCache

        self.labels = LabelCache(self)  # the names people gave their fields, for every view

    def _current_service(self) -> VaultService:
        """The vault service, made on first use (on the thread that asks first, normally the database
        worker); the bridge listens to its events from then on."""
        with self._service_lock:
            if self._service is None:
                svc = self._new_service()
                self.bridge.attach(svc.events)
                self._service = svc
            return self._service

    def _new_service(self) -> VaultService:
        from vault_app.services.vault import VaultService

        factory = self.kdf_factory
        target = self.settings_store.current.kdf_target_seconds
        return VaultService(
            self.vault_dir,
            clock=self.clock,
            kdf_factory=lambda progress: factory(target, progress or (lambda _f: None)),
        )

    @property
    def is_demo(self) -> bool:
        return self.demo_password is not None

    @property
    def settings(self) -> Settings:
        return self.settings_store.current

    def update_settings(self, **changes: Any) -> Settings:
        """Validate and save; raises ValidationError (shown inline by the settings page)."""
        new = self.settings_store.update(**changes)
        self.settings_changed.emit(new)
        return new

    def vault_exists(self) -> bool:
        """A file-existence check only (no database access), so it may run on the GUI thread."""
        return paths.vault_exists(self.vault_dir)

    def adopt_service(self, svc: VaultService) -> None:
        """Use ``svc`` from now on (a restored backup returns a new service). Call on the GUI thread, after
        the old service was locked on the worker."""
        with self._service_lock:
            self.bridge.detach()
            self._service = svc
            self.bridge.attach(svc.events)
        self.service_replaced.emit()

    def shutdown(self) -> None:
        """Lock the vault (waiting for the worker), clear our clipboard value, stop the threads.
        Idempotent."""
        if self.tasks.closed:
            return
        try:
            self.tasks.run_db_now(lambda svc: svc.lock())
        finally:
            self.clipboard.clear_if_ours()
            self.bridge.detach()
            self.tasks.shutdown()
