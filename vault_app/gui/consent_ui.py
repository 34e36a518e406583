"""Puts the consent screens into the main window: the Inbox, Grants and Organisations pages, the privacy-
floor section in Settings, importing (File > Import, drag and drop, command-line files and ``pdv:`` links,
the watched inbox folder) and organisation names in the History page.

The main window makes one (``window.consent``) when it is built. Imports go through
``consent.inbox.import_file`` / ``consent.inbox.import_text`` on the database worker; a message that fails
verification is recorded in the history by the core, and the user gets one message naming each problem in
plain words. Nothing here decides anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox, QStyle

from vault_app.domain.consent import RequestKind
from vault_app.domain.errors import ConflictError, EnvironmentFault, NotFoundError, ProtocolError, VaultError
from vault_app.domain.events import Event
from vault_app.gui import consent_words as w
from vault_app.gui.errors import inform, user_message
from vault_app.gui.inbox_folder import InboxFolderWatcher
from vault_app.gui.pages.grants import GrantsPage
from vault_app.gui.pages.inbox import InboxPage
from vault_app.gui.pages.organisations import OrganisationsPage
from vault_app.gui.pages.privacy_floor import PrivacyFloorSection
from vault_app.gui.tasks import DbOp
from vault_app.services.inbox import items_from
from vault_app.services.vault import VaultService
from vault_app.services.views import BatchImport, ImportOutcome

if TYPE_CHECKING:  # the main window makes its ConsentUi; importing it back at run time would be a cycle
    from vault_app.gui.mainwindow import MainWindow

REQUEST_KINDS = tuple(k.value for k in RequestKind)


def item_label(item: str) -> str:
    if item[:4].lower() == "pdv:" or item == "pdv: link":
        return QCoreApplication.translate("ConsentUi", "The pdv: link")
    return Path(item).name or item


def import_failure_text(item: str, exc: VaultError) -> str:
    """Why ``item`` was not imported, naming the file and the reason in plain words."""
    what = item_label(item)
    if isinstance(exc, NotFoundError):
        why = QCoreApplication.translate("ConsentUi", "The file does not exist (any more).")
    elif isinstance(exc, (ProtocolError, ConflictError)):
        why = w.reject_reason_text(exc.reason, user_message(exc))
    elif isinstance(exc, EnvironmentFault) and exc.reason in ("os-error", "permission-denied", "io-error"):
        why = QCoreApplication.translate("ConsentUi", "The file could not be read.")
    else:
        why = user_message(exc)
    return (
        QCoreApplication.translate("ConsentUi", "%1 was not accepted. %2")
        .replace("%1", what)
        .replace("%2", why)
    )


class ConsentUi(QObject):
    """Owns the consent pages and the import plumbing of one main window."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        ctx = win.ctx
        self.ctx = ctx
        st = win.style()
        self.inbox = InboxPage(ctx)
        self.grants = GrantsPage(ctx)
        self.organisations = OrganisationsPage(ctx)
        win.register_page(
            "inbox",
            self.tr("Inbox"),
            self.inbox,
            position=1,
            icon=st.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
        )
        before_history = win.page_keys.index("history") if "history" in win.page_keys else None
        win.register_page(
            "grants",
            self.tr("Grants"),
            self.grants,
            position=before_history,
            icon=st.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
        )
        before_history = win.page_keys.index("history") if "history" in win.page_keys else None
        win.register_page(
            "organisations",
            self.tr("Organisations"),
            self.organisations,
            position=before_history,
            icon=st.standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon),
        )
        self.floor = PrivacyFloorSection(ctx)
        win.settings_page.add_section(self.floor)
        self.inbox.pending_changed.connect(lambda n: win.set_page_badge("inbox", n))
        self.inbox.pending_changed.connect(win.home.set_waiting)
        win.home.review_waiting_requested.connect(self.review_first_waiting)
        win.home.show_waiting_requested.connect(self.show_waiting)
        self.inbox.import_requested.connect(win.ask_import)
        self.folder = InboxFolderWatcher(ctx, self, gate=lambda: win.unlocked)
        self.folder.found.connect(lambda paths: self.import_paths(paths, from_folder=True))
        self.last_outcomes: list[ImportOutcome] = []
        self._names: dict[str, str] = {}
        win.history.set_org_namer(self.org_name)
        ctx.bridge.unlocked.connect(self._load_names)
        ctx.bridge.locked.connect(self._forget_names)
        ctx.bridge.any_event.connect(self._event)
        win.set_import_handler(
            self.import_paths,
            self.tr(
                "Personal Data Vault messages (*.pdvreq *.pdvreceipt *.pdvtrust *.pdvgrant *.pdvmsg *.jwt)"
                ";;All files (*)"
            ),
        )
        if win.unlocked:  # installed into an open vault (tests): catch up with what unlock would have done
            self.catch_up()

    def show_waiting(self) -> None:
        """The inbox's list of requests waiting for an answer (the Start page's "Show all")."""
        self.win.show_page("inbox")
        self.inbox.set_filter("waiting")
        self.inbox.select_row(0)

    def review_first_waiting(self) -> None:
        """Open the first request that waits for an answer (the Start page's button), with the inbox's
        waiting list behind it."""
        self.show_waiting()
        self.inbox.open_selected()

    def catch_up(self) -> None:
        """Do what unlocking does, for a window that shows an already unlocked vault (a language switch)."""
        self.floor.on_unlocked()
        self.folder.start()
        self._load_names()

    # -- organisation names in the history -------------------------------------------------------------------
    def org_name(self, did: str) -> str:
        return self._names.get(did, did)

    def _event(self, ev: Event) -> None:
        if ev.topic == "orgs" and self.win.unlocked:
            self._load_names()

    def _load_names(self) -> None:
        def names(svc: VaultService) -> dict[str, str]:
            c = svc.consent
            out = {x.did: x.name for x in c.orgs.certifiers()}
            out.update({o.did: o.name for o in c.orgs.list()})
            return out

        DbOp(self, names).success(self._names_loaded).run(self.ctx.tasks)

    def _names_loaded(self, names: dict[str, str]) -> None:
        if self.win.unlocked and names != self._names:
            self._names = names
            self.win.history.org_names_changed()

    def _forget_names(self) -> None:
        self._names = {}

    # -- importing -------------------------------------------------------------------------------------------
    def import_paths(self, items: list[str], *, from_folder: bool = False) -> None:
        batch = items_from(list(items), skip_known=from_folder)
        DbOp(self, lambda svc: svc.consent.inbox.import_many(batch)).success(
            lambda out: self._imported(out, from_folder)
        ).run(self.ctx.tasks)

    def _imported(self, batch: BatchImport, from_folder: bool) -> None:
        outcomes = list(batch.outcomes)
        self.last_outcomes = outcomes
        done = [o for o in outcomes if o.result is not None]
        failed = [o for o in outcomes if o.error is not None]
        lines = [self.describe(o) for o in done]
        if lines:
            self.inbox.show_import_report(lines)
        requests = [o for o in done if o.result is not None and o.result.kind in REQUEST_KINDS]
        if requests and not from_folder:
            first = requests[0].result
            assert first is not None
            self.win.show_page("inbox")
            self.inbox.reveal_request(first.id)
        elif done and not from_folder and all(o.result and o.result.kind == "trust-list" for o in done):
            self.win.show_page("organisations")
        elif done and not from_folder and all(o.result and o.result.kind == "grant" for o in done):
            last = done[-1].result
            assert last is not None
            self.win.show_page("grants")
            self.grants.reveal_grant(last.id, lines[-1])
        if failed:
            title = (
                self.tr("Not imported")
                if len(failed) == len(outcomes)
                else self.tr("Some items not imported")
            )
            text = "\n\n".join(import_failure_text(o.item, o.error) for o in failed if o.error is not None)
            if any(isinstance(o.error, ProtocolError) for o in failed):
                text += "\n\n" + self.tr("Each refusal is recorded in your history.")
            inform(self.win, title, text, QMessageBox.Icon.Warning)

    def describe(self, o: ImportOutcome) -> str:
        """One line about an imported item, in the user's words."""
        r = o.result
        assert r is not None
        if r.kind in REQUEST_KINDS:
            what = w.request_kind_label(r.kind)
            if r.auto_refused:
                why = (w.auto_refusal_text(r.reason, o.org_name) if r.reason else None) or r.reason_text or ""
                return (
                    self.tr("%1 from %2 was refused automatically: %3")
                    .replace("%1", what)
                    .replace("%2", o.org_name)
                    .replace("%3", why)
                )
            return (
                self.tr("%1 from %2 is waiting for your review.")
                .replace("%1", what)
                .replace("%2", o.org_name)
            )
        if r.kind == "receipt":
            if r.violations:
                return self.tr(
                    "Usage receipt from %1 filed: %n problem(s) found. See the grant on the Grants page.",
                    "",
                    len(r.violations),
                ).replace("%1", o.org_name)
            return self.tr("Usage receipt from %1 filed: the reported use is within your grant.").replace(
                "%1", o.org_name
            )
        if r.kind == "trust-list":
            return self.tr("Certifier's list from %1 imported.").replace("%1", o.org_name)
        if r.kind == "deletion-confirmation":
            return self.tr("%1 answered your erasure request.").replace("%1", o.org_name)
        if r.kind == "grant":
            return self.tr(
                "This is a grant you gave to %1; it is shown on the Grants page. Nothing was imported."
            ).replace("%1", o.org_name)
        return self.tr("%1 imported.").replace("%1", item_label(o.item))
