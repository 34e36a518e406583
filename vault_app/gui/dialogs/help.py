"""The user guide, opened from Help > User guide: docs/user-guide.md (or its Chinese version) as shipped in
the package, shown in the user's language. Screenshots appear when the guide's images are at hand (a
checkout); an installed copy shows the text only."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.show_language(QLocale().name())

    def show_language(self, language: str) -> None:
        self.language = language
        self.browser.setMarkdown(guide_text(language))

    def _link(self, url: QUrl) -> None:
        # the guide links to its other language; anything else stays out of the app
        if url.toString().endswith("user-guide.zh_CN.md"):
            self.show_language("zh_CN")
        elif url.toString().endswith("user-guide.md"):
            self.show_language("en")
