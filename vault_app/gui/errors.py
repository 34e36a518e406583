"""The one place that turns an error into something the user sees.

Expected errors (:class:`~vault_app.domain.errors.VaultError`) carry a safe, plain message: form problems
go inline next to the form, the rest into a message box titled by what kind of problem it is. Anything else
is a bug: it gets a dialog that says so, shows only where it happened (file, line, function — never the
exception's text or local variables, which could contain a personal value) and never sends anything
anywhere.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.errors import (
    AuthError,
    Cancelled,
    ConflictError,
    EnvironmentFault,
    IntegrityError,
    NotFoundError,
    PolicyDenied,
    ProtocolError,
    ValidationError,
    VaultError,
)
from vault_app.gui.i18n import core_message

log = logging.getLogger(__name__)


def error_title(exc: VaultError) -> str:
    if isinstance(exc, AuthError):
        return QCoreApplication.translate("Errors", "Not allowed")
    if isinstance(exc, IntegrityError):
        return QCoreApplication.translate("Errors", "The vault's integrity is in question")
    if isinstance(exc, EnvironmentFault):
        return QCoreApplication.translate("Errors", "A problem on this computer")
    if isinstance(exc, ConflictError):
        return QCoreApplication.translate("Errors", "This would overwrite something")
    if isinstance(exc, NotFoundError):
        return QCoreApplication.translate("Errors", "Not found")
    if isinstance(exc, PolicyDenied):
        return QCoreApplication.translate("Errors", "Refused by your rules")
    if isinstance(exc, ProtocolError):
        return QCoreApplication.translate("Errors", "The message is not valid")
    return QCoreApplication.translate("Errors", "Cannot do that")


def user_message(exc: VaultError) -> str:
    """The message to show for an expected error, in the user's language where we have a translation."""
    if isinstance(exc, AuthError) and exc.reason == "wrong-password":
        return QCoreApplication.translate("Errors", "The password is wrong.")
    return core_message(exc.message)


def bug_report_text(exc: BaseException) -> str:
    """Where a bug happened, without any value: exception type and the stack's file/line/function only."""
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"{type(exc).__module__}.{type(exc).__qualname__}"]
    for fr in frames:
        lines.append(f"  {fr.filename.rsplit('/vault_app/', 1)[-1]}:{fr.lineno} in {fr.name}")
    return "\n".join(lines)


class BugDialog(QDialog):
    """Tells the user the app hit a bug; offers the value-free details to copy. Never sends anything."""

    def __init__(self, parent: QWidget | None, exc: BaseException) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The app ran into a bug and could not finish what you asked. Your vault was not changed by "
                "the "
                "failed step.\n\nThe details below say only where in the program it happened; they contain "
                "none of "
                "your data. Nothing is sent anywhere: if you want to report it, copy the details yourself."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.details = QPlainTextEdit(bug_report_text(exc))
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Technical details"))
        lay.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setAccessibleName(self.tr("Copy details"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, 360)


def inform(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
) -> QMessageBox:
    """A non-blocking message box (no nested event loop: locking can close it, tests can find it)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    yes_text: str,
    on_yes: Callable[[], None],
    *,
    destructive: bool = False,
) -> QMessageBox:
    """Ask before an action, without blocking; ``on_yes`` runs only if the user chooses ``yes_text``."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(
        yes_text,
        QMessageBox.ButtonRole.AcceptRole if not destructive else QMessageBox.ButtonRole.DestructiveRole,
    )
    no = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(no)  # the safe choice is the default: Enter does not destroy
    box.setEscapeButton(no)

    def done() -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(lambda _r: done())
    box.open()
    return box


def show_error(parent: QObject | None, exc: BaseException, *, inline: QLabel | None = None) -> None:
    """Show ``exc`` the right way. ``inline`` is the form's error label, used for problems with the input."""
    widget = parent if isinstance(parent, QWidget) else QApplication.activeWindow()
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, VaultError):
        msg = user_message(exc)
        if inline is not None and isinstance(exc, (ValidationError, AuthError, ConflictError)):
            inline.setText(msg)
            inline.show()
            return
        log.info("shown to the user: %s (%s)", type(exc).__name__, exc.reason)
        icon = QMessageBox.Icon.Critical if isinstance(exc, IntegrityError) else QMessageBox.Icon.Warning
        inform(widget, error_title(exc), msg, icon)
        return
    # A bug: log where it happened (no message text, it could hold a value) and tell the user plainly.
    log.error("bug: %s", bug_report_text(exc))
    dlg = BugDialog(widget, exc)
    dlg.open()
