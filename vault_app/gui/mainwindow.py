"""The main window: first-run wizard, unlock screen, or the vault itself (a sidebar of pages).

Other parts of the app extend it without editing it:

* ``register_page(key, title, widget, position=None, icon=None)`` adds a sidebar page (the consent screens:
  Inbox, Grants, Organisations). A page's ``on_unlocked()`` / ``on_locked()`` hooks are called, if present;
  ``on_locked`` must drop every personal value the page shows. ``set_page_badge(key, n)`` shows a count.
* ``set_import_handler(handler)`` enables File > Import, drag and drop, and request files or ``pdv:`` links
  given on the command line; until then they wait in ``pending_imports`` and nothing is shown.
* ``lock()`` locks by hand; idle time and quitting lock too. Locking clears every page and closes dialogs.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QByteArray, QDate, QEvent, QObject, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from vault_app import __version__
from vault_app.gui.consent_ui import ConsentUi
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.help import HelpDialog
from vault_app.gui.dialogs.import_data import ImportDataDialog, is_data_file
from vault_app.gui.dialogs.restore import RestoreDialog
from vault_app.gui.errors import inform
from vault_app.gui.idle import IdleWatcher
from vault_app.gui.pages.fields import FieldsPage
from vault_app.gui.pages.history import HistoryPage
from vault_app.gui.pages.home import HomePage
from vault_app.gui.pages.settings import SettingsPage
from vault_app.gui.setup import SetupWizard
from vault_app.gui.tasks import DbOp
from vault_app.gui.unlock import UnlockWidget
from vault_app.gui.widgets.tour import TourBar
from vault_app.gui.widgets.wheel import install_wheel_guard
from vault_app.services.vault import CheckReport, VaultService

log = logging.getLogger(__name__)

ImportHandler = Callable[[list[str]], None]


def gui_icon(name: str, fallback: QStyle.StandardPixmap) -> QIcon:
    """An in-app icon from the package's resources, or a standard one if it is missing."""
    path = resources.files("vault_app") / "resources" / "icons" / f"{name}.svg"
    icon = QIcon(str(path)) if path.is_file() else QIcon()
    if icon.isNull():
        style = QApplication.style()
        icon = style.standardIcon(fallback) if style is not None else QIcon()
    return icon


class MainWindow(QMainWindow):
    SETUP, UNLOCK, VAULT = range(3)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("MainWindow")
        install_wheel_guard()  # the wheel scrolls pages; it never changes a choice the user has not clicked
        self.setMinimumSize(820, 560)
        #: request files / pdv: links waiting for an import handler (the consent engine) and an unlocked vault
        self.pending_imports: list[str] = []
        #: vCard / CSV files of the person's own data waiting for an unlocked vault
        self.pending_data: list[str] = []
        self._import_handler: ImportHandler | None = None
        self._import_filter = ""
        self._page_keys: list[str] = []
        self._page_titles: dict[str, str] = {}
        self._unlocked = False
        self._page_shortcuts: list[QShortcut] = []

        self.setup = SetupWizard(ctx)
        self.unlock_screen = UnlockWidget(ctx)
        self.vault_view = QWidget()
        self.states = QStackedWidget()
        for w in (self.setup, self.unlock_screen, self.vault_view):
            self.states.addWidget(w)
        self.setCentralWidget(self.states)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.sidebar.setFixedWidth(190)
        self.sidebar.setIconSize(self.sidebar.iconSize() * 1.25)
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        self.pages = QStackedWidget()
        self.lock_button = QPushButton(gui_icon("lock", QStyle.StandardPixmap.SP_DialogCloseButton),
                                       self.tr("Lock"))
        self.lock_button.setAccessibleName(self.tr("Lock the vault"))
        self.lock_button.setToolTip(self.tr("Lock the vault (Ctrl+L)"))
        self.lock_button.clicked.connect(self.lock)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.sidebar, 1)
        side.addWidget(self.lock_button)
        row = QHBoxLayout(self.vault_view)
        row.setContentsMargins(6, 6, 0, 0)
        row.addLayout(side)
        col = QVBoxLayout()
        col.setContentsMargins(0, 0, 0, 0)
        self.tour = TourBar(self.show_page)  # the demo's first-run tour; hidden until it starts
        self.tour.hide()
        self.tour_done = False
        self.tour.closed.connect(self._tour_closed)
        col.addWidget(self.tour)
        col.addWidget(self.pages, 1)
        row.addLayout(col, 1)

        st = self.style()
        self.home = HomePage(ctx)
        self.fields = FieldsPage(ctx)
        self.history = HistoryPage(ctx)
        self.settings_page = SettingsPage(ctx)
        self.register_page("home", self.tr("Start"), self.home, icon=st.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon))
        self.register_page("fields", self.tr("My data"), self.fields,
                           icon=st.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        self.register_page("history", self.tr("History"), self.history,
                           icon=st.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView))
        self.register_page("settings", self.tr("Settings"), self.settings_page,
                           icon=st.standardIcon(QStyle.StandardPixmap.SP_FileDialogListView))

        self._make_actions()
        self.idle = IdleWatcher(QApplication.instance(), self)  # type: ignore[arg-type]
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.idle.idle.connect(self._idle_lock)
        self._apply_settings()

        ctx.bridge.locked.connect(self._on_locked)
        ctx.bridge.unlocked.connect(self._on_unlocked)
        ctx.settings_changed.connect(self._settings_changed)
        self.setup.restore_requested.connect(self.restore_backup)
        self.unlock_screen.restore_requested.connect(self.restore_backup)
        self.home.add_field_requested.connect(self._add_field_from_home)
        self.home.import_requested.connect(self.ask_import)
        self.home.backup_requested.connect(self.backup)
        self.home.show_page_requested.connect(self.show_page)
        # the consent screens: Inbox, Grants, Organisations, the privacy floor, importing messages
        self.consent = ConsentUi(self)

        self._restore_geometry()
        if ctx.vault_exists():
            self._show_state(self.UNLOCK)
        else:
            self._show_state(self.SETUP)

    def _add_field_from_home(self) -> None:
        self.show_page("fields")
        self.fields.add_field()

    # -- extension API ---------------------------------------------------------------------------------------
    def register_page(self, key: str, title: str, widget: QWidget, position: int | None = None,
                      icon: QIcon | None = None) -> None:
        """Add a sidebar page. ``position`` is the index in the sidebar (None = before Settings, or last)."""
        if key in self._page_titles:
            raise ValueError(f"a page named {key!r} is already registered")
        if position is None:
            position = self._page_keys.index("settings") if "settings" in self._page_keys else len(self._page_keys)
        position = max(0, min(position, len(self._page_keys)))
        item = QListWidgetItem(icon or QIcon(), title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        self.sidebar.insertItem(position, item)
        self.pages.insertWidget(position, widget)
        self._page_keys.insert(position, key)
        self._page_titles[key] = title
        widget.setProperty("pageKey", key)
        self._make_page_shortcuts()
        if self._unlocked and hasattr(widget, "on_unlocked"):
            widget.on_unlocked()

    def page(self, key: str) -> QWidget:
        w = self.pages.widget(self._page_keys.index(key))
        assert w is not None
        return w

    @property
    def unlocked(self) -> bool:
        """True while the vault view is shown (between unlock and lock)."""
        return self._unlocked

    @property
    def page_keys(self) -> list[str]:
        return list(self._page_keys)

    def current_page_key(self) -> str | None:
        row = self.sidebar.currentRow()
        return self._page_keys[row] if 0 <= row < len(self._page_keys) else None

    def show_page(self, key: str) -> None:
        self.sidebar.setCurrentRow(self._page_keys.index(key))

    def set_page_badge(self, key: str, count: int | None) -> None:
        """Show a count beside a page's title (for example pending requests); None or 0 hides it."""
        item = self.sidebar.item(self._page_keys.index(key))
        title = self._page_titles[key]
        item.setText(f"{title} ({count})" if count else title)

    def set_import_handler(self, handler: ImportHandler | None, file_filter: str = "") -> None:
        """Enable importing (File > Import, drag and drop, command-line files and links) through ``handler``,
        which gets a list of file paths or ``pdv:`` links on the GUI thread, only while the vault is unlocked."""
        self._import_handler = handler
        self._import_filter = file_filter
        self.setAcceptDrops(handler is not None)
        self.home.set_import_available(handler is not None)
        self._update_actions()
        self._flush_imports()

    def import_paths(self, paths: list[str]) -> None:
        """Files or ``pdv:`` links to import (command line, drops, File > Import). They wait in
        ``pending_imports`` until there is an import handler and the vault is unlocked."""
        data = [str(p) for p in paths if is_data_file(str(p))]
        self.pending_imports.extend(str(p) for p in paths if not is_data_file(str(p)))
        self.pending_data.extend(data)
        self._flush_imports()

    def _flush_imports(self) -> None:
        if self._unlocked and self.pending_data:  # your own data (vCard, CSV): one preview per file
            files_, self.pending_data = self.pending_data, []
            for path in files_:
                self.import_data(path)
        if self._import_handler is None or not self._unlocked or not self.pending_imports:
            return
        batch, self.pending_imports = self.pending_imports, []
        self._import_handler(batch)

    def ask_import(self) -> None:
        if self._import_handler is None or not self._unlocked:
            return
        paths = files.ask_open_paths(self, self.tr("Import"), self._import_filter or self.tr("All files (*)"))
        if paths:
            self.import_paths(paths)

    def ask_import_data(self) -> None:
        if not self._unlocked:
            return
        path = files.ask_open_path(self, self.tr("Import your data"),
                                   self.tr("Contact cards and tables (*.vcf *.vcard *.csv);;All files (*)"))
        if path:
            self.import_data(path)

    def import_data(self, path: str) -> ImportDataDialog:
        """Preview ``path`` (vCard or CSV) and import what the person confirms."""
        dlg = ImportDataDialog(self.ctx, path, self)
        dlg.imported.connect(self._data_imported)
        dlg.open()
        return dlg

    def _data_imported(self, result: object) -> None:
        added = getattr(result, "added", ())
        replaced = getattr(result, "replaced", ())
        skipped = getattr(result, "skipped", ())
        text = self.tr("%n field(s) added to My data.", "", len(added) + len(replaced))
        if skipped:
            text += " " + self.tr("%n field(s) you already had were left as they were.", "", len(skipped))
        self.show_page("fields")
        inform(self, self.tr("Data imported"), text)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        md = event.mimeData()
        if self._unlocked and md.hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls: list[QUrl] = event.mimeData().urls()
        items = [u.toLocalFile() if u.isLocalFile() else u.toString() for u in urls]
        if items:
            event.acceptProposedAction()
            self.import_paths(items)

    # -- actions and menus -----------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(text: str, slot: Callable[[], object],
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            return a

        self.import_action = action(self.tr("&Import\u2026"), self.ask_import, QKeySequence.StandardKey.Open)
        self.import_data_action = action(self.tr("Import your &data (vCard, CSV)\u2026"),
                                         self.ask_import_data)
        self.backup_action = action(self.tr("&Back up the vault\u2026"), self.backup, "Ctrl+Shift+B")
        self.restore_action = action(self.tr("&Restore a backup\u2026"), self.restore_backup)
        self.check_action = action(self.tr("&Check the vault"), self.check_vault)
        self.lock_action = action(self.tr("&Lock"), self.lock, "Ctrl+L")
        self.lock_action.setIcon(self.lock_button.icon())
        # Ctrl+L also works while a dialog is open (see eventFilter): locking must never wait for a dialog.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action = action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action = action(self.tr("&About Personal Data Vault"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        m = self.menuBar().addMenu(self.tr("&File"))
        for a in (self.import_action, self.import_data_action, None, self.backup_action, self.restore_action,
                  self.check_action, None, self.lock_action, None, self.quit_action):
            if a is None:
                m.addSeparator()
            else:
                m.addAction(a)
        self.guide_action = action(self.tr("&User guide"), self.show_guide,
                                   QKeySequence.StandardKey.HelpContents)
        self.tour_action = action(self.tr("Show the &tour again"), self.replay_tour)
        h = self.menuBar().addMenu(self.tr("&Help"))
        h.addAction(self.guide_action)
        h.addAction(self.tour_action)
        h.addSeparator()
        h.addAction(self.about_action)

    def _make_page_shortcuts(self) -> None:
        for s in self._page_shortcuts:
            s.setParent(None)
            s.deleteLater()
        self._page_shortcuts = []
        for i, key in enumerate(self._page_keys[:9]):
            sc = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            sc.activated.connect(lambda k=key: self._shortcut_page(k))
            self._page_shortcuts.append(sc)

    def _shortcut_page(self, key: str) -> None:
        if self._unlocked:
            self.show_page(key)

    def _update_actions(self) -> None:
        u = self._unlocked
        self.import_action.setEnabled(u and self._import_handler is not None)
        self.import_data_action.setEnabled(u)
        self.tour_action.setEnabled(u)
        self.backup_action.setEnabled(u)
        self.check_action.setEnabled(u)
        self.lock_action.setEnabled(u)
        self.lock_button.setEnabled(u)
        self.restore_action.setEnabled(self.states.currentIndex() != self.VAULT or u)

    # -- states ----------------------------------------------------------------------------------------------
    def _show_state(self, state: int) -> None:
        self.states.setCurrentIndex(state)
        if state == self.UNLOCK:
            self.unlock_screen.reset()
        elif state == self.SETUP:
            self.setup.reset()
        self._update_actions()
        self._update_title()

    def _update_title(self) -> None:
        # Titles name the app and the page, never a value (they show in task bars and window lists).
        base = self.tr("Personal Data Vault")
        if self.ctx.is_demo:
            base = self.tr("%1 (demo)").replace("%1", base)
        state = self.states.currentIndex()
        if state == self.SETUP:
            title = self.tr("Create your vault \u2014 %1").replace("%1", base)
        elif state == self.UNLOCK:
            title = self.tr("Locked \u2014 %1").replace("%1", base)
        else:
            key = self.current_page_key()
            title = f"{self._page_titles[key]} \u2014 {base}" if key else base
        self.setWindowTitle(title)

    def _sidebar_changed(self, row: int) -> None:
        if 0 <= row < self.pages.count():
            self.pages.setCurrentIndex(row)
            page = self.pages.widget(row)
            if page is not None and hasattr(page, "on_shown"):
                page.on_shown()
        self._update_title()

    def _on_unlocked(self) -> None:
        if self._unlocked:
            return
        self._unlocked = True
        self.unlock_screen.password.clear()
        self.states.setCurrentIndex(self.VAULT)
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            if page is not None and hasattr(page, "on_unlocked"):
                page.on_unlocked()
        self.show_page("home")
        if self.ctx.is_demo and not self.tour_done:
            self.tour.start()
        self.idle.arm()
        self._update_actions()
        self._update_title()
        self._flush_imports()

    def _clear_sensitive(self) -> None:
        """Drop every personal value on screen: pages forget their rows and inputs, dialogs close."""
        for dlg in self.findChildren(QDialog):
            if dlg.isVisible():
                dlg.reject()
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            if page is not None and hasattr(page, "on_locked"):
                page.on_locked()
        self.ctx.clipboard.clear_if_ours()

    def _on_locked(self) -> None:
        was = self._unlocked
        self._unlocked = False
        self.idle.disarm()
        if was:
            self._clear_sensitive()
        self._show_state(self.UNLOCK if self.ctx.vault_exists() else self.SETUP)

    def lock(self) -> None:
        """Lock now: clear the screen at once, then close the database on the worker."""
        if not self._unlocked:
            return
        self._on_locked()
        DbOp(self, lambda svc: svc.lock()).run(self.ctx.tasks)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # A modal dialog blocks the main window's shortcuts; the lock key must still lock.
        if self._unlocked and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in self.lock_action.shortcuts()):
                self.lock()
                return True
        return False

    def _idle_lock(self) -> None:
        log.info("locking after %d ms without input", self.idle.timeout_ms)
        self.lock()

    def _tour_closed(self) -> None:
        self.tour_done = True

    def show_guide(self) -> HelpDialog:
        dlg = HelpDialog(self)
        dlg.show()
        return dlg

    def replay_tour(self) -> None:
        if self._unlocked:
            self.tour.start()

    def _settings_changed(self, _settings: object) -> None:
        self._apply_settings()

    def adopt_unlocked(self) -> None:
        """Show the vault as unlocked: it already is, and this window replaces one that showed it."""
        self._on_unlocked()
        self.consent.catch_up()

    def retire(self) -> None:
        """Go away without locking the vault or saving anything: a new window (another language) took over."""
        self.ctx.settings_changed.disconnect(self._settings_changed)
        self.ctx.bridge.locked.disconnect(self._on_locked)
        self.ctx.bridge.unlocked.disconnect(self._on_unlocked)
        self.idle.disarm()
        self.idle.close()
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        self._unlocked = False
        self.hide()
        self.deleteLater()

    def _apply_settings(self) -> None:
        self.idle.set_timeout_ms(self.ctx.settings.idle_lock_minutes * 60_000)

    # -- backup and restore ----------------------------------------------------------------------------------
    def backup(self) -> None:
        if not self._unlocked:
            return
        name = f"pdvault-backup-{QDate.currentDate().toString('yyyy-MM-dd')}.pdvbackup"
        path = files.ask_save_path(self, self.tr("Back up the vault"), name,
                                   self.tr("Personal Data Vault backup (*.pdvbackup)"))
        if not path:
            return
        DbOp(self, lambda svc: svc.create_backup(path)).success(self._backed_up).run(self.ctx.tasks)

    def _backed_up(self, path: Path) -> None:
        inform(self, self.tr("Backup saved"),
               self.tr("The backup was saved to %1. It opens with the master password you use today.")
               .replace("%1", str(path)))

    def check_vault(self) -> None:
        """File > Check the vault: every page's authentication, SQLite's integrity check, the history and its
        head (the same check as ``pdvault-cli check``), on the database thread."""
        if not self._unlocked:
            return
        DbOp(self, lambda svc: svc.check()).success(self._checked).run(self.ctx.tasks)

    def _checked(self, report: CheckReport) -> None:
        if report.ok:
            text = self.tr(
                "The vault passed every check: each page's authentication, the database structure, and the "
                "history (%1 entries, signed checkpoints and head).")
            inform(self, self.tr("Vault checked"), text.replace("%1", str(report.history.entries)))
            return
        problems = []
        if report.pages:
            problems.append(self.tr("%1 damaged or altered page(s).").replace("%1", str(len(report.pages))))
        if report.structure:
            problems.append(self.tr("The database structure is damaged."))
        if not report.history.ok:
            problems.append(self.tr("The history does not verify."))
        inform(self, self.tr("The vault failed its check"), "\n".join(problems) + "\n\n" + self.tr(
            "Restore your latest backup that passes this check. Until then, do not make a new backup over an "
            "older one (the vault refuses to)."), QMessageBox.Icon.Warning)

    def restore_backup(self) -> None:
        dlg = RestoreDialog(self.ctx, self)
        dlg.confirmed.connect(self._restore)
        dlg.open()

    def _restore(self, path: str, password: str) -> None:
        """Lock the current vault (clearing the screen), restore the checked backup, open it."""
        vault_dir, clock = self.ctx.vault_dir, self.ctx.clock

        def op(svc: VaultService) -> VaultService:
            svc.lock()  # the old service must let go of the folder's lock first
            return VaultService.restore_backup(path, vault_dir, password, force=True, clock=clock)

        if self._unlocked:
            self._on_locked()
        DbOp(self, op).success(self._restored).failure(self._restore_failed).run(self.ctx.tasks)

    def _restore_failed(self, exc: BaseException) -> None:
        from vault_app.gui.errors import show_error

        self._show_state(self.UNLOCK if self.ctx.vault_exists() else self.SETUP)
        show_error(self, exc)

    def _restored(self, svc: VaultService) -> None:
        self.ctx.adopt_service(svc)
        self._on_unlocked()
        inform(self, self.tr("Backup restored"), self.tr("The backup was restored and checked."))

    def about(self) -> None:
        inform(self, self.tr("About Personal Data Vault"), self.tr(
            "Personal Data Vault %1\n\nKeeps your personal data encrypted on your own computer and releases it "
            "only with your signed, scoped consent. Every release is recorded in a tamper-evident history.")
            .replace("%1", __version__))

    # -- window ----------------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geo = self.ctx.settings.window_geometry
        restored = False
        if geo:
            try:
                restored = self.restoreGeometry(QByteArray(base64.b64decode(geo)))
            except ValueError:
                restored = False
        if not restored:
            self.resize(1100, 720)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        try:
            self.ctx.update_settings(window_geometry=base64.b64encode(bytes(self.saveGeometry().data())).decode())
        except Exception:  # never let a settings problem keep the vault from locking
            log.warning("could not save the window geometry")
        self.idle.close()
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        if self._unlocked:
            self._on_locked()
        self.ctx.shutdown()
        event.accept()
