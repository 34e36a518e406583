#!/usr/bin/env python3
"""Keep plural forms after lupdate: pyside6-lupdate does not see the count in
``QCoreApplication.translate(context, "%n day(s)", "", n)`` and files such a string as a plain message (and
leaves it out of the plural-only English file). This marks every message whose source holds ``%n`` as
plural again, keeping its translation, and gives the English file the singular and plural forms of each. It
edits the text in place, so the files keep lupdate's layout."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

DIR = Path(__file__).resolve().parent.parent / "vault_app" / "resources" / "translations"
CONTEXT = re.compile(r"<context>\s*<name>(.*?)</name>(.*?)</context>", re.S)
MESSAGE = re.compile(r"<message( numerus=\"yes\")?>(.*?)</message>", re.S)
SOURCE = re.compile(r"<source>(.*?)</source>", re.S)
PLAIN = re.compile(r"<translation( type=\"unfinished\")?>([^<]*)</translation>")


def english_forms(source: str) -> tuple[str, str]:
    one = source.replace("(s)", "")
    many = re.sub(r"(?<=[^aeiou])y\(s\)", "ies", source).replace("(s)", "s")  # entry -> entries, day -> days
    return one, many


def forms_xml(forms: tuple[str, ...], unfinished: bool = False) -> str:
    inner = "".join(f"\n            <numerusform>{f}</numerusform>" for f in forms)
    kind = ' type="unfinished"' if unfinished else ""
    return f"<translation{kind}>{inner}\n        </translation>"


def plural_of_zh(text: str) -> tuple[str, dict[str, set[str]]]:
    found: dict[str, set[str]] = {}

    def fix_context(cm: re.Match[str]) -> str:
        name = cm.group(1)

        def fix_message(mm: re.Match[str]) -> str:
            src = SOURCE.search(mm.group(2))
            if src is None or "%n" not in src.group(1):
                return mm.group(0)
            found.setdefault(name, set()).add(src.group(1))
            if mm.group(1):
                return mm.group(0)
            body = PLAIN.sub(
                lambda t: forms_xml((t.group(2),), unfinished=not t.group(2)), mm.group(2), count=1
            )
            return f'<message numerus="yes">{body}</message>'

        return cm.group(0).replace(cm.group(2), MESSAGE.sub(fix_message, cm.group(2)))

    return CONTEXT.sub(fix_context, text), found


def plural_of_en(text: str, wanted: dict[str, set[str]]) -> str:
    have: dict[str, set[str]] = {}
    for cm in CONTEXT.finditer(text):
        have[cm.group(1)] = {html.unescape(s) for s in SOURCE.findall(cm.group(2))}

    def message(src: str) -> str:
        one, many = english_forms(html.unescape(src))
        return (
            f'    <message numerus="yes">\n        <source>{src}</source>\n        '
            f"{forms_xml((html.escape(one, quote=False), html.escape(many, quote=False)))}\n    </message>\n"
        )

    for name, sources in sorted(wanted.items()):
        missing = sorted(s for s in sources if html.unescape(s) not in have.get(name, set()))
        if not missing:
            continue
        block = "".join(message(s) for s in missing)
        if name in have:
            text = re.sub(
                rf"(<context>\s*<name>{re.escape(name)}</name>.*?)(</context>)",
                lambda m, block=block: m.group(1) + block + m.group(2),
                text,
                count=1,
                flags=re.S,
            )
        else:
            text = text.replace("</TS>", f"<context>\n    <name>{name}</name>\n{block}</context>\n</TS>")
    return text


def main() -> int:
    zh = DIR / "pdvault_zh_CN.ts"
    text, found = plural_of_zh(zh.read_text(encoding="utf-8"))
    zh.write_text(text, encoding="utf-8")
    en = DIR / "pdvault_en.ts"
    en.write_text(plural_of_en(en.read_text(encoding="utf-8"), found), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
