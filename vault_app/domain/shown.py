"""Text an organisation wrote, made safe to show among the vault's own words: the one place that does it.

An organisation's purpose, field reasons, conclusion and names are shown by the CLI, the desktop app, the
history export and the PDF report next to lines the vault writes itself ("Compliance: compliant ..."). A
line break in them could start a line that reads as the vault's verdict, and a control character could move
the cursor, hide text or break a table. :func:`org_text` renders such text on one line: a line break is
shown as ``⏎``, a tab as a space, and every other control, bidirectional or invisible character as a
visible symbol (``␛`` for ESC, ``⟨U+202E⟩`` for the others; other spaces as a space), so nothing is hidden
and nothing starts a new line.
"""

from __future__ import annotations

import re
import unicodedata

#: characters that change how text displays without being seen: bidi controls, invisible separators, BOM
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
_BREAKS = re.compile("\r\n|[\n\r\u0085\u2028\u2029\x0b\x0c]")
LINE_BREAK = " \u23ce "


def _visible(ch: str) -> str:
    code = ord(ch)
    if ch == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ .. ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    cat = unicodedata.category(ch)
    if (
        ch in _INVISIBLE or cat[0] == "C"
    ):  # other controls, format (soft hyphen, joiners), unassigned, private
        return f"\u27e8U+{code:04X}\u27e9"
    if cat[0] == "Z":
        return " "  # a no-break or other wide space: shown as a space
    return ch


def org_text(value: str | None) -> str:
    """``value`` (written by an organisation) on one line, every control or invisible character shown."""
    if not value:
        return ""
    one = _BREAKS.sub(LINE_BREAK, value)
    if one.isprintable() and not any(c in _INVISIBLE for c in one):
        return one
    return "".join(_visible(c) for c in one)
