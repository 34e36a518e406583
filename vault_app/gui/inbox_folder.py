"""The watched inbox folder (Settings > Inbox folder): new request, receipt and trust-list files that appear there
are imported once, while the vault is unlocked.

A file counts as new when its name is unseen or its modification time changed; what was seen is remembered in
memory only, and nothing in the folder is moved or deleted (the folder belongs to the user, or to whatever
delivers the files). The folder is watched with QFileSystemWatcher and also polled, because watchers miss
changes on network shares and a file still being written only shows up complete later.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from vault_app.gui.context import AppContext

log = logging.getLogger(__name__)

# kinds of file the inbox folder picks up (grants and other outgoing messages are the user's own)
WATCHED_EXTENSIONS = frozenset({".pdvreq", ".pdvreceipt", ".pdvtrust"})
# a file younger than this may still be being written; it is looked at again on the next pass
SETTLE_SECONDS = 1.0


class InboxFolderWatcher(QObject):
    found = Signal(list)  # file paths to import, in name order

    def __init__(self, ctx: AppContext, parent: QObject | None = None, poll_ms: int = 5000,
                 gate: Callable[[], bool] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # extra condition for looking at the folder (the window says whether it shows the vault: locking clears
        # the screen at once, the core's "locked" event follows a moment later)
        self.gate = gate or (lambda: True)
        self._seen: dict[str, int] = {}  # file name -> st_mtime_ns when it was handed over for import
        self._folder: Path | None = None
        self._active = False
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.scan)
        self._soon = QTimer(self)  # coalesces a burst of directory events into one scan
        self._soon.setSingleShot(True)
        self._soon.setInterval(200)
        self._soon.timeout.connect(self.scan)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _p: self._soon.start())
        self._settle = QTimer(self)  # looks again once a file still being written has settled
        self._settle.setSingleShot(True)
        self._settle.setInterval(int(SETTLE_SECONDS * 1000) + 200)
        self._settle.timeout.connect(self.scan)
        ctx.bridge.unlocked.connect(self.start)
        ctx.bridge.locked.connect(self.stop)
        ctx.settings_changed.connect(self._settings_changed)  # a method, not a lambda: dropped with it

    def _settings_changed(self, _settings: object) -> None:
        self._retarget()

    @property
    def folder(self) -> Path | None:
        return self._folder

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        self._active = True
        self._retarget()

    def stop(self) -> None:
        self._active = False
        self._poll.stop()
        self._soon.stop()
        self._settle.stop()
        dirs = self._watcher.directories()
        if dirs:
            self._watcher.removePaths(dirs)

    def _retarget(self) -> None:
        configured = self.ctx.settings.inbox_folder
        folder = Path(configured) if configured else None
        if folder != self._folder:
            self._folder = folder
            self._seen.clear()  # a different folder: every file there is new to us
        dirs = self._watcher.directories()
        if dirs:
            self._watcher.removePaths(dirs)
        if not self._active or folder is None:
            self._poll.stop()
            return
        if folder.is_dir():
            self._watcher.addPath(str(folder))
        self._poll.start()
        self.scan()

    def scan(self) -> list[str]:
        """Hand over the files that are new since the last look; returns them (tests call this directly)."""
        if not self._active or self._folder is None or not self.gate():
            return []
        new: list[str] = []
        settling = False
        now = time.time()
        try:
            entries = sorted(os.scandir(self._folder), key=lambda e: e.name)
        except OSError:
            return []  # the folder is gone or unreadable (an unplugged disk): try again on the next poll
        for e in entries:
            if e.name.startswith(".") or Path(e.name).suffix.lower() not in WATCHED_EXTENSIONS:
                continue
            try:
                if not e.is_file():
                    continue
                st = e.stat()
            except OSError:
                continue
            if self._seen.get(e.name) == st.st_mtime_ns:
                continue
            if st.st_size == 0 or now - st.st_mtime < SETTLE_SECONDS:
                settling = True
                continue
            self._seen[e.name] = st.st_mtime_ns
            new.append(e.path)
        if settling:
            self._settle.start()
        if new:
            log.info("inbox folder: %d new file(s)", len(new))
            self.found.emit(new)
        return new
