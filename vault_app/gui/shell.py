"""The main window's host: builds the window and builds it again, in the new language, when the user
switches language, so the switch applies at once (no restart, demo included) without locking the vault.

The screens are built in code with their words fixed at construction; rebuilding the window is the one
place that has to know about a language change, instead of every widget re-reading its words. What the
person was doing carries over: the vault stays unlocked, the same page stays open, the window keeps its
place and size, and request files waiting to be imported still wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from vault_app.gui.context import AppContext
from vault_app.gui.i18n import install_translations, resolve_language
from vault_app.gui.mainwindow import MainWindow
from vault_app.services.settings import Settings

log = logging.getLogger(__name__)


def build_window(ctx: AppContext, *, unlocked: bool = False, page: str | None = None) -> MainWindow:
    """The main window (with the consent engine's pages and import). ``unlocked``: the vault is already
    open (the window replaces one that showed it); ``page``: show that one."""
    win = MainWindow(ctx)
    if unlocked:
        win.adopt_unlocked()
    if unlocked and page:
        win.show_page(page)
    return win


class WindowHost(QObject):
    """Owns the current main window; replaces it when the language changes."""

    window_replaced = Signal(object)  # the new MainWindow

    def __init__(
        self,
        app: QApplication,
        ctx: AppContext,
        *,
        override: str | None = None,
        build: Callable[..., MainWindow] = build_window,
    ) -> None:
        super().__init__(app)
        self.app = app
        self.ctx = ctx
        self.build = build
        self.language = resolve_language(ctx.settings.language, override)
        self._chosen = ctx.settings.language  # the language setting as last seen
        install_translations(app, self.language)
        self.window = build(ctx)
        ctx.settings_changed.connect(self._settings_changed)

    def _settings_changed(self, settings: Settings) -> None:
        # a choice made in Settings wins over --lang from then on; any other setting saved (the window's
        # geometry, saved as it closes) leaves the language alone, --lang included
        if settings.language == self._chosen:
            return
        self._chosen = settings.language
        wanted = resolve_language(settings.language)
        if wanted != self.language:
            self.switch_language(wanted)

    def switch_language(self, language: str) -> MainWindow:
        """Install ``language`` and rebuild the window in it, keeping what the person was doing."""
        self.language = language
        install_translations(self.app, language)
        old = self.window
        page = old.current_page_key()
        new = self.build(self.ctx, unlocked=old.unlocked, page=page)
        # the demo's tour goes on where it was, or stays closed
        new.tour_done = old.tour_done
        if old.tour.isVisible():
            new.tour.go(old.tour.index)
            new.tour.show()
        else:
            new.tour.hide()
        if page:
            new.show_page(page)
        waiting, old.pending_imports = list(old.pending_imports), []
        waiting += old.pending_data
        old.pending_data = []
        new.import_paths(waiting)
        new.setGeometry(old.geometry())
        if old.isVisible():
            new.setWindowState(old.windowState())
            new.show()
        old.retire()
        self.window = new
        log.info("language switched to %s", language)
        self.window_replaced.emit(new)
        return new
