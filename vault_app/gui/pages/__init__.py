"""The pages of the main window's sidebar. A page is any QWidget; if it has ``on_unlocked()`` or
``on_locked()`` the main window calls them (``on_locked`` must drop every personal value the page shows)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class VaultPage(QWidget):
    """Base for pages that show vault content. Override the hooks you need."""

    def on_unlocked(self) -> None:
        """The vault was opened: load what the page shows."""

    def on_locked(self) -> None:
        """The vault is locking: forget every value shown (models reset to empty, inputs cleared)."""

    def on_shown(self) -> None:
        """The user switched to this page."""
