"""The main window: first-run wizard, unlock screen, or the vault itself (a sidebar of pages).

Other parts of the app extend it without editing it:

* ``register_page(key, title, widget, position=None, icon=None)`` adds a sidebar page (the consent screens:
Inbox, Grants, Organisations). A page's ``on_unlocked()`` / ``on_locked()`` hooks are called, if present;
``on_locked`` must drop every personal value the page shows. ``set_page_badge(key, n)`` shows a count. *
``set_import_handler(handler)`` enables File > Import, drag and drop, and request files or ``pdv:`` links
given on the command line; until then they wait in ``pending_imports`` and nothing is shown. * ``lock()``
locks by hand; idle time and quitting lock too. Locking clears every page and closes dialogs.

Start-up (issue 15): the first window shows only the unlock screen (or the first-run wizard), so only that
one is built before it is shown. The vault's side (sidebar, pages, the consent screens and their modules)
is built a piece at a time on the event loop after the first paint, while the person types the password,
and at the latest when the vault is unlocked or a part of it is asked for (``window.fields``...).
"""

from __future__ import annotations

import base64
import importlib
import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QDate, QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QKeySequence

# Only what the first window uses is imported here: PySide makes a class (and its enums) when a module first
# asks for it, which QStyle alone makes cost some milliseconds; the vault's side imports the rest when built.
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from vault_app import __version__
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs import files
from vault_app.gui.errors import inform
from vault_app.gui.idle import IdleWatcher
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.wheel import install_wheel_guard
from vault_app.services.api import CONSENT_ENGINE_MODULES

if TYPE_CHECKING:  # imported when first needed (see the module's docstring)
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QPaintEvent, QShortcut
    from PySide6.QtWidgets import QStyle

    from vault_app.gui.consent_ui import ConsentUi
    from vault_app.gui.dialogs.help import HelpDialog
    from vault_app.gui.dialogs.import_data import ImportDataDialog
    from vault_app.gui.pages.fields import FieldsPage
    from vault_app.gui.pages.history import HistoryPage
    from vault_app.gui.pages.home import HomePage
    from vault_app.gui.pages.settings import SettingsPage
    from vault_app.gui.setup import SetupWizard
    from vault_app.gui.unlock import UnlockWidget
    from vault_app.gui.widgets.tour import TourBar
    from vault_app.services.vault import CheckReport, VaultService

log = logging.getLogger(__name__)

#: the modules the vault's side needs, imported one per pass of the event loop before the pieces that use
#: them are built (the longest, the consent screens' words and services, take some tens of milliseconds)
_FRAME_MODULES = ("vault_app.gui.consent_words", "vault_app.gui.widgets.tour")
_PAGE_MODULES = (
    "vault_app.services.vault",
    "vault_app.gui.models.fields",
    "vault_app.gui.pages.fields",
    "vault_app.gui.pages.home",
    "vault_app.gui.report",
    "vault_app.gui.widgets.chart",
    "vault_app.gui.pages.history",
    "vault_app.gui.pages.settings",
)
_CONSENT_MODULES = (
    *CONSENT_ENGINE_MODULES,
    "vault_app.gui.dialogs.review",
    "vault_app.gui.pages.grants",
    "vault_app.gui.pages.inbox",
    "vault_app.gui.pages.organisations",
    "vault_app.gui.pages.privacy_floor",
    "vault_app.gui.consent_ui",
)


def _importer(module: str) -> Callable[[MainWindow], None]:
    """A piece of the build that only imports ``module`` (the piece after it then finds it loaded)."""

    def piece(_win: MainWindow) -> None:
        importlib.import_module(module)

    piece.__name__ = f"import {module}"
    return piece


#: what the window builds on the vault's side when first needed; asking for one of them builds the rest
_VAULT_PARTS = frozenset(
    ("sidebar", "pages", "lock_button", "tour", "home", "fields", "history", "settings_page", "consent")
)

ImportHandler = Callable[[list[str]], None]


def gui_icon(name: str, fallback: str) -> QIcon:
    """An in-app icon from the package's resources, or the standard one named ``fallback`` (a
    ``QStyle.StandardPixmap``) if it is missing."""
    path = resources.files("vault_app") / "resources" / "icons" / f"{name}.svg"
    icon = QIcon(str(path)) if path.is_file() else QIcon()
    if icon.isNull():
        style = QApplication.style()
        icon = style.standardIcon(_standard_pixmap(fallback)) if style is not None else QIcon()
    return icon


def _standard_pixmap(name: str) -> QStyle.StandardPixmap:
    from PySide6.QtWidgets import QStyle

    return QStyle.StandardPixmap[name]


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

        # the three states; each is built when first shown (a slot holds its place in the stack meanwhile)
        self._setup: SetupWizard | None = None
        self._unlock_screen: UnlockWidget | None = None
        self._vault_built = False
        #: the pieces of the vault's side not built yet, in order (plain functions, not bound methods: a
        #: list of bound methods would be a reference cycle that keeps a closed window alive until the
        #: garbage collector runs)
        self._pending_parts: list[Callable[[MainWindow], None]] = [
            *(_importer(m) for m in _FRAME_MODULES),
            MainWindow._build_frame,
            *(_importer(m) for m in _PAGE_MODULES),
            MainWindow._build_home_and_fields,
            MainWindow._build_history,
            MainWindow._build_settings,
            *(_importer(m) for m in _CONSENT_MODULES),
            MainWindow._build_consent,
        ]
        self._painted = False
        self._prebuild = QTimer(self)  # a zero-interval timer: one piece per pass of the event loop
        self._prebuild.setInterval(0)
        self._prebuild.timeout.connect(self._prebuild_tick)
        self._slots = [QWidget(), QWidget(), QWidget()]
        self.states = QStackedWidget()
        for slot in self._slots:
            if slot is not self._slots[self.VAULT]:  # the vault's side lays itself out when it is built
                QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
            self.states.addWidget(slot)
        self.vault_view = self._slots[self.VAULT]
        self.setCentralWidget(self.states)
        self.tour_done = False

        self._make_actions()
        self.idle = IdleWatcher(QApplication.instance(), self)  # type: ignore[arg-type]
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.idle.idle.connect(self._idle_lock)
        self._apply_settings()

        ctx.bridge.locked.connect(self._on_locked)
        ctx.bridge.unlocked.connect(self._on_unlocked)
        ctx.settings_changed.connect(self._settings_changed)

        self._restore_geometry()
        if ctx.vault_exists():
            self._show_state(self.UNLOCK)
        else:
            self._show_state(self.SETUP)

    # -- building on demand ----------------------------------------------------------------------------------
    @property
    def setup(self) -> SetupWizard:
        """The first-run wizard (built when first needed)."""
        if self._setup is None:
            from vault_app.gui.setup import SetupWizard

            self._setup = SetupWizard(self.ctx)
            self._setup.restore_requested.connect(self.restore_backup)
            self._slots[self.SETUP].layout().addWidget(self._setup)  # type: ignore[union-attr]
        return self._setup

    @property
    def unlock_screen(self) -> UnlockWidget:
        """The unlock screen (built when first needed)."""
        if self._unlock_screen is None:
            from vault_app.gui.unlock import UnlockWidget

            self._unlock_screen = UnlockWidget(self.ctx)
            self._unlock_screen.restore_requested.connect(self.restore_backup)
            self._slots[self.UNLOCK].layout().addWidget(self._unlock_screen)  # type: ignore[union-attr]
        return self._unlock_screen

    @property
    def vault_view_built(self) -> bool:
        """True once the vault's side (sidebar, pages, consent screens) has been built."""
        return self._vault_built

    def _ensure_vault_view(self) -> None:
        """Build now whatever of the vault's side the passes after the first paint have not built yet."""
        while self._pending_parts:
            self._build_next_part()

    def _build_next_part(self) -> None:
        self._pending_parts.pop(0)(self)
        if not self._pending_parts:
            self._vault_built = True
            self._prebuild.stop()

    def _prebuild_tick(self) -> None:
        if self._pending_parts:
            self._build_next_part()
        else:
            self._prebuild.stop()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            # the first window is on the screen: build the vault's side now, one piece per pass of the
            # event loop, so the unlock screen still answers typing in between
            self._painted = True
            if self._pending_parts:
                self._prebuild.start()

    def _build_frame(self) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton

        from vault_app.gui.widgets.tour import TourBar

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.sidebar.setFixedWidth(190)
        self.sidebar.setIconSize(self.sidebar.iconSize() * 1.25)
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        self.pages = QStackedWidget()
        self.lock_button = QPushButton(self.lock_action.icon(), self.tr("Lock"))
        self.lock_button.setAccessibleName(self.tr("Lock the vault"))
        self.lock_button.setToolTip(self.tr("Lock the vault (Ctrl+L)"))
        self.lock_button.clicked.connect(self.lock)
        self.lock_button.setEnabled(self._unlocked)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.sidebar, 1)
        side.addWidget(self.lock_button)
        row = QHBoxLayout(self.vault_view)
        row.setContentsMargins(6, 6, 0, 0)
        row.addLayout(side)
        col = QVBoxLayout()
        col.setContentsMargins(0, 0, 0, 0)
        self.tour: TourBar = TourBar(self.show_page)  # the demo's first-run tour; hidden until it starts
        self.tour.hide()
        self.tour.closed.connect(self._tour_closed)
        col.addWidget(self.tour)
        col.addWidget(self.pages, 1)
        row.addLayout(col, 1)

    def _build_home_and_fields(self) -> None:
        from vault_app.gui.pages.fields import FieldsPage
        from vault_app.gui.pages.home import HomePage

        st = self.style()
        self.home: HomePage = HomePage(self.ctx)
        self.fields: FieldsPage = FieldsPage(self.ctx)
        self._add_page(
            "home", self.tr("Start"), self.home, st.standardIcon(_standard_pixmap("SP_DirHomeIcon"))
        )
        self._add_page(
            "fields",
            self.tr("My data"),
            self.fields,
            st.standardIcon(_standard_pixmap("SP_FileDialogDetailedView")),
        )
        self.home.add_field_requested.connect(self._add_field_from_home)
        self.home.import_requested.connect(self.ask_import)
        self.home.backup_requested.connect(self.backup)
        self.home.show_page_requested.connect(self.show_page)

    def _build_history(self) -> None:
        from vault_app.gui.pages.history import HistoryPage

        self.history: HistoryPage = HistoryPage(self.ctx)
        self._add_page(
            "history",
            self.tr("History"),
            self.history,
            self.style().standardIcon(_standard_pixmap("SP_FileDialogContentsView")),
        )

    def _build_settings(self) -> None:
        from vault_app.gui.pages.settings import SettingsPage

        self.settings_page: SettingsPage = SettingsPage(self.ctx)
        self._add_page(
            "settings",
            self.tr("Settings"),
            self.settings_page,
            self.style().standardIcon(_standard_pixmap("SP_FileDialogListView")),
        )

    def _build_consent(self) -> None:
        from vault_app.gui.consent_ui import ConsentUi

        # the consent screens: Inbox, Grants, Organisations, the privacy floor, importing messages (they add
        # their pages through register_page, which finds nothing left to build by now)
        self.consent: ConsentUi = ConsentUi(self)

    def _add_page(self, key: str, title: str, widget: QWidget, icon: QIcon) -> None:
        """register_page for the window's own pages while it is being built (in their order)."""
        self._insert_page(key, title, widget, len(self._page_keys), icon)

    def _add_field_from_home(self) -> None:
        self.show_page("fields")
        self.fields.add_field()

    def __getattr__(self, name: str) -> Any:
        # only called for a name not set yet: a part of the vault's side asked for before it was built
        if name in _VAULT_PARTS and self.__dict__.get("_pending_parts"):
            self._ensure_vault_view()
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # -- extension API ---------------------------------------------------------------------------------------
    def register_page(
        self, key: str, title: str, widget: QWidget, position: int | None = None, icon: QIcon | None = None
    ) -> None:
        """Add a sidebar page. ``position`` is the index in the sidebar (None = before Settings, or last)."""
        self._ensure_vault_view()
        self._insert_page(key, title, widget, position, icon)

    def _insert_page(
        self, key: str, title: str, widget: QWidget, position: int | None, icon: QIcon | None
    ) -> None:
        if key in self._page_titles:
            raise ValueError(f"a page named {key!r} is already registered")
        if position is None:
            position = (
                self._page_keys.index("settings") if "settings" in self._page_keys else len(self._page_keys)
            )
        position = max(0, min(position, len(self._page_keys)))
        from PySide6.QtWidgets import QListWidgetItem

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
        self._ensure_vault_view()
        w = self.pages.widget(self._page_keys.index(key))
        assert w is not None
        return w

    @property
    def unlocked(self) -> bool:
        """True while the vault view is shown (between unlock and lock)."""
        return self._unlocked

    @property
    def page_keys(self) -> list[str]:
        self._ensure_vault_view()
        return list(self._page_keys)

    def current_page_key(self) -> str | None:
        if not self._vault_built:
            return None
        row = self.sidebar.currentRow()
        return self._page_keys[row] if 0 <= row < len(self._page_keys) else None

    def show_page(self, key: str) -> None:
        self._ensure_vault_view()
        self.sidebar.setCurrentRow(self._page_keys.index(key))

    def set_page_badge(self, key: str, count: int | None) -> None:
        """Show a count beside a page's title (for example pending requests); None or 0 hides it."""
        self._ensure_vault_view()
        item = self.sidebar.item(self._page_keys.index(key))
        title = self._page_titles[key]
        item.setText(f"{title} ({count})" if count else title)

    def set_import_handler(self, handler: ImportHandler | None, file_filter: str = "") -> None:
        """Enable importing (File > Import, drag and drop, command-line files and links) through
        ``handler``, which gets a list of file paths or ``pdv:`` links on the GUI thread, only while the
        vault is unlocked."""
        self._import_handler = handler
        self._import_filter = file_filter
        self.setAcceptDrops(handler is not None)
        self.home.set_import_available(handler is not None)
        self._update_actions()
        self._flush_imports()

    def import_paths(self, paths: list[str]) -> None:
        """Files or ``pdv:`` links to import (command line, drops, File > Import). They wait in
        ``pending_imports`` until there is an import handler and the vault is unlocked."""
        if not paths:
            return
        from vault_app.gui.dialogs.import_data import is_data_file

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
        path = files.ask_open_path(
            self,
            self.tr("Import your data"),
            self.tr("Contact cards and tables (*.vcf *.vcard *.csv);;All files (*)"),
        )
        if path:
            self.import_data(path)

    def import_data(self, path: str) -> ImportDataDialog:
        """Preview ``path`` (vCard or CSV) and import what the person confirms."""
        from vault_app.gui.dialogs.import_data import ImportDataDialog

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
        def action(
            text: str,
            slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        ) -> QAction:
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            return a

        self.import_action = action(self.tr("&Import\u2026"), self.ask_import, QKeySequence.StandardKey.Open)
        self.import_data_action = action(
            self.tr("Import your &data (vCard, CSV)\u2026"), self.ask_import_data
        )
        self.backup_action = action(self.tr("&Back up the vault\u2026"), self.backup, "Ctrl+Shift+B")
        self.restore_action = action(self.tr("&Restore a backup\u2026"), self.restore_backup)
        self.check_action = action(self.tr("&Check the vault"), self.check_vault)
        self.lock_action = action(self.tr("&Lock"), self.lock, "Ctrl+L")
        self.lock_action.setIcon(gui_icon("lock", "SP_DialogCloseButton"))
        # Ctrl+L also works while a dialog is open (see eventFilter): locking must never wait for a dialog.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action = action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action = action(self.tr("&About Personal Data Vault"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        m = self.menuBar().addMenu(self.tr("&File"))
        for a in (
            self.import_action,
            self.import_data_action,
            None,
            self.backup_action,
            self.restore_action,
            self.check_action,
            None,
            self.lock_action,
            None,
            self.quit_action,
        ):
            if a is None:
                m.addSeparator()
            else:
                m.addAction(a)
        self.guide_action = action(
            self.tr("&User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents
        )
        self.tour_action = action(self.tr("Show the &tour again"), self.replay_tour)
        h = self.menuBar().addMenu(self.tr("&Help"))
        h.addAction(self.guide_action)
        h.addAction(self.tour_action)
        h.addSeparator()
        h.addAction(self.about_action)

    def _make_page_shortcuts(self) -> None:
        from PySide6.QtGui import QShortcut

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
        if "lock_button" in self.__dict__:  # else it is made with this state
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
        # built before the window counts as unlocked, so each page hears on_unlocked once (below)
        just_built = "consent" not in self.__dict__
        self._ensure_vault_view()
        self._unlocked = True
        if self._unlock_screen is not None:
            self._unlock_screen.password.clear()
        self.states.setCurrentIndex(self.VAULT)
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            if page is not None and hasattr(page, "on_unlocked"):
                page.on_unlocked()
        if just_built:
            # its parts connected to the unlock signal while it was being delivered: they missed it
            self.consent.catch_up()
        self.show_page("home")
        if self.ctx.is_demo and not self.tour_done:
            self.tour.start()
        self.idle.arm()
        self._update_actions()
        self._update_title()
        self._flush_imports()

    def _clear_sensitive(self) -> None:
        """Drop every personal value on screen: pages forget their rows and inputs, dialogs close."""
        from PySide6.QtWidgets import QDialog

        for dlg in self.findChildren(QDialog):
            if dlg.isVisible():
                dlg.reject()
        if not self._vault_built:
            self.ctx.clipboard.clear_if_ours()
            return
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
            if any(
                pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                for k in self.lock_action.shortcuts()
            ):
                self.lock()
                return True
        return False

    def _idle_lock(self) -> None:
        log.info("locking after %d ms without input", self.idle.timeout_ms)
        self.lock()

    def _tour_closed(self) -> None:
        self.tour_done = True

    def show_guide(self) -> HelpDialog:
        from vault_app.gui.dialogs.help import HelpDialog

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
        built = "consent" in self.__dict__
        self._on_unlocked()  # catches the consent screens up itself when it had to build them
        if built:
            self.consent.catch_up()

    def retire(self) -> None:
        """Go away without locking the vault or saving anything: a new window (another language) took over."""
        self.ctx.settings_changed.disconnect(self._settings_changed)
        self.ctx.bridge.locked.disconnect(self._on_locked)
        self.ctx.bridge.unlocked.disconnect(self._on_unlocked)
        self._prebuild.stop()  # what is not built yet is not needed any more
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
        path = files.ask_save_path(
            self, self.tr("Back up the vault"), name, self.tr("Personal Data Vault backup (*.pdvbackup)")
        )
        if not path:
            return
        DbOp(self, lambda svc: svc.create_backup(path)).success(self._backed_up).run(self.ctx.tasks)

    def _backed_up(self, path: Path) -> None:
        inform(
            self,
            self.tr("Backup saved"),
            self.tr("The backup was saved to %1. It opens with the master password you use today.").replace(
                "%1", str(path)
            ),
        )

    def check_vault(self) -> None:
        """File > Check the vault: every page's authentication, SQLite's integrity check, the history and
        its head (the same check as ``pdvault-cli check``), on the database thread."""
        if not self._unlocked:
            return
        DbOp(self, lambda svc: svc.check()).success(self._checked).run(self.ctx.tasks)

    def _checked(self, report: CheckReport) -> None:
        from PySide6.QtWidgets import QMessageBox

        if report.ok:
            text = self.tr(
                "The vault passed every check: each page's authentication, the database structure, and the "
                "history (%1 entries, signed checkpoints and head)."
            )
            inform(self, self.tr("Vault checked"), text.replace("%1", str(report.history.entries)))
            return
        problems = []
        if report.pages:
            problems.append(self.tr("%1 damaged or altered page(s).").replace("%1", str(len(report.pages))))
        if report.structure:
            problems.append(self.tr("The database structure is damaged."))
        if not report.history.ok:
            problems.append(self.tr("The history does not verify."))
        inform(
            self,
            self.tr("The vault failed its check"),
            "\n".join(problems)
            + "\n\n"
            + self.tr(
                "Restore your latest backup that passes this check. Until then, do not make a new backup "
                "over an "
                "older one (the vault refuses to)."
            ),
            QMessageBox.Icon.Warning,
        )

    def restore_backup(self) -> None:
        from vault_app.gui.dialogs.restore import RestoreDialog

        dlg = RestoreDialog(self.ctx, self)
        dlg.confirmed.connect(self._restore)
        dlg.open()

    def _restore(self, path: str, password: str) -> None:
        """Lock the current vault (clearing the screen), restore the checked backup, open it."""
        vault_dir, clock = self.ctx.vault_dir, self.ctx.clock

        from vault_app.services.vault import VaultService

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
        inform(
            self,
            self.tr("About Personal Data Vault"),
            self.tr(
                "Personal Data Vault %1\n\nKeeps your personal data encrypted on your own computer and "
                "releases it "
                "only with your signed, scoped consent. Every release is recorded in a tamper-evident "
                "history."
            ).replace("%1", __version__),
        )

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
            self.ctx.update_settings(
                window_geometry=base64.b64encode(bytes(self.saveGeometry().data())).decode()
            )
        except Exception:  # never let a settings problem keep the vault from locking
            log.warning("could not save the window geometry")
        self._prebuild.stop()
        self.idle.close()
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        if self._unlocked:
            self._on_locked()
        self.ctx.shutdown()
        event.accept()
