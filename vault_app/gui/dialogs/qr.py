"""Show a message (a grant, an answer) as a QR code, so a phone or the organisation's scanner can read it
off the screen. The code is drawn by segno into PNG bytes in memory; nothing is written to disk."""

from __future__ import annotations

import io

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from vault_app.domain.errors import ProtocolError
from vault_app.services.api import fits_qr, qr_code


def qr_png(text: str, scale: int = 4) -> bytes | None:
    """PNG bytes of a QR code for ``text``, or None if it does not fit one code (even at the lowest error
    correction, which holds the most)."""
    for level in ("m", "l"):
        if fits_qr(text, error=level):
            try:
                code = qr_code(text, error=level)
            except ProtocolError:
                continue
            buf = io.BytesIO()
            code.save(buf, kind="png", scale=scale, border=4)  # type: ignore[attr-defined]
            return buf.getvalue()
    return None


class QrDialog(QDialog):
    """A QR code of ``text``; when it cannot fit one code, a plain sentence says so and what to do instead."""

    def __init__(self, text: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("QR code"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel()
        self.note.setWordWrap(True)
        png = qr_png(text)
        self.fits = png is not None
        if png is not None:
            pix = QPixmap()
            pix.loadFromData(png, "PNG")
            # one module must stay several screen pixels wide for a camera to read it
            self.picture.setPixmap(pix)
            self.picture.setAccessibleName(self.tr("QR code of %1").replace("%1", what))
            self.note.setText(
                self.tr(
                    "Let the organisation scan this code to receive %1. It holds the same text as the file."
                ).replace("%1", what)
            )
        else:
            self.picture.hide()
            self.note.setText(
                self.tr("%1 is too long for a QR code. Save it as a file or copy it instead.").replace(
                    "%1", what[:1].upper() + what[1:]
                )
            )
        lay.addWidget(self.picture)
        lay.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
