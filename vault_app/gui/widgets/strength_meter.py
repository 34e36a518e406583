"""A password strength meter: a bar, a word, and plain advice (the core's hard rules plus the estimate)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from vault_app.gui.i18n import core_message
from vault_app.gui.strength import estimate
from vault_app.services.password import password_problems

# red, orange, amber, green, dark green: the bar's colour says the level before the word is read
LEVEL_COLOURS = ("#d13438", "#e8590c", "#c19c00", "#4f9a2f", "#107c10")


class StrengthMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(True)
        self.bar.setAccessibleName(self.tr("Password strength"))
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("Advice about the password"))
        lay.addWidget(self.bar)
        lay.addWidget(self.feedback)
        self.update_for("")

    def level_name(self, level: int) -> str:
        return [self.tr("Very weak"), self.tr("Weak"), self.tr("Fair"), self.tr("Good"), self.tr("Strong")][level]

    def update_for(self, password: str) -> None:
        s = estimate(password)
        self.bar.setValue(s.level)
        pal = self.bar.palette()
        pal.setColor(QPalette.ColorRole.Highlight, QColor(LEVEL_COLOURS[s.level]))
        pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        self.bar.setPalette(pal)
        self.bar.setFormat(self.level_name(s.level) if password else self.tr("No password yet"))
        advice = [core_message(p) for p in password_problems(password)] if password else []
        if password and not advice:
            if s.level <= 1:
                advice.append(self.tr("Easy to guess. Add more words or characters; a short sentence works well."))
            elif s.level == 2:
                advice.append(self.tr("Acceptable. A longer password, such as four unrelated words, is safer."))
            else:
                advice.append(self.tr("Good choice. Make sure you can remember it."))
        if password:
            advice.append(self.tr("Estimated strength: about %1 bits.").replace("%1", f"{s.bits:.0f}"))
        self.feedback.setText("\n".join(advice))
        self.bar.setAccessibleDescription(self.bar.format())
