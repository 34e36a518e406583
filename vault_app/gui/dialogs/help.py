"""The user guide, opened from Help > User guide: docs/user-guide.md (or its Chinese version) as shipped in
the package, shown in the user's language. Screenshots appear when the guide's images are at hand (a
checkout); an installed copy shows the text only."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextImageFormat
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

#: the screenshots' own width (scripts/screenshots.py takes them at 1280x720): never shown larger
SHOT_WIDTH = 1280

DOCS = Path(__file__).resolve().parents[3] / "docs"  # present in a checkout, not in an installed package


def guide_text(language: str) -> str:
    name = "user-guide.zh_CN.md" if language.startswith("zh") else "user-guide.md"
    text = (resources.files("vault_app") / "resources" / "help" / name).read_text(encoding="utf-8")
    if not (DOCS / "screenshots").is_dir():  # no images to show: leave their lines out rather than blanks
        text = re.sub(r"^!\[[^\]]*\]\([^)]*\)\s*$", "", text, flags=re.M)
    return text


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("User guide"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 620)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        if DOCS.is_dir():
            self.browser.setSearchPaths([str(DOCS)])
        lay.addWidget(self.browser)
        self.browser.viewport().installEventFilter(self)  # its width decides the screenshots' width
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.show_language(QLocale().name())

    def show_language(self, language: str) -> None:
        self.language = language
        self.browser.setMarkdown(guide_text(language))
        self._fit_images()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and watched is self.browser.viewport():
            self._fit_images()
        return super().eventFilter(watched, event)

    def _fit_images(self) -> None:
        """Scale every screenshot to the window's width (the height follows), so each is seen whole."""
        width = float(min(SHOT_WIDTH, max(160, self.browser.viewport().width() - 24)))
        doc = self.browser.document()
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt = frag.charFormat()
                if fmt.isImageFormat() and QTextImageFormat(fmt).width() != width:
                    image = QTextImageFormat(fmt)
                    image.setWidth(width)
                    cursor = QTextCursor(doc)
                    cursor.setPosition(frag.position())
                    cursor.setPosition(frag.position() + frag.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
                it += 1
            block = block.next()

    def _link(self, url: QUrl) -> None:
        # the guide links to its other language; anything else stays out of the app
        if url.toString().endswith("user-guide.zh_CN.md"):
            self.show_language("zh_CN")
        elif url.toString().endswith("user-guide.md"):
            self.show_language("en")
